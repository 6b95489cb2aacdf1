/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-library"

#include "config.h"

#include "khoji-library-private.h"
#include "khoji-library-network.h"
#include "khoji-store-network.h"
#include "khoji-analysis.h"

void
khoji_library_set_network_weight (KhojiLibrary       *self,
                                  KhojiNetworkWeight  weight)
{
  g_return_if_fail (KHOJI_IS_LIBRARY (self));
  g_return_if_fail (weight == KHOJI_NETWORK_BY_ARTICLES || weight == KHOJI_NETWORK_BY_SENTENCES);
  self->network_weight = weight;
}

KhojiNetworkWeight
khoji_library_get_network_weight (KhojiLibrary *self)
{
  g_return_val_if_fail (KHOJI_IS_LIBRARY (self), KHOJI_NETWORK_BY_ARTICLES);
  return self->network_weight;
}

KhojiNetwork *
khoji_library_network (KhojiLibrary  *self,
                       const gint64  *ids,
                       guint          n_ids,
                       guint          limit,
                       GError       **error)
{
  GError *store_error = NULL;
  KhojiNetwork *network;

  g_return_val_if_fail (KHOJI_IS_LIBRARY (self), NULL);
  g_return_val_if_fail (n_ids == 0 || ids != NULL, NULL);

  network = khoji_store_network_weighted (self->store, ids, n_ids, limit, FALSE,
                                          self->network_weight, &store_error);
  if (store_error)
    _khoji_library_propagate_store_error (error, store_error, NULL);
  return network;
}

typedef struct {
  char    *path;
  GArray  *ids;
  guint    limit;
  gboolean among;
  KhojiNetworkWeight weight;
} NetworkJob;

static void
network_job_free (NetworkJob *job)
{
  g_free (job->path);
  g_array_unref (job->ids);
  g_free (job);
}

static void
network_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  NetworkJob *job = task_data;
  g_autoptr(KhojiLibrary) library = NULL;
  KhojiNetwork *network;
  GError *error = NULL;

  /* Opened, used and closed on this thread: SQLite handles never cross
   * threads, and the window's connection stays free. */
  library = khoji_library_open (job->path, &error);
  if (library == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;
  {
    GError *store_error = NULL;

    network = khoji_store_network_weighted (library->store, (const gint64 *) job->ids->data,
                                            job->ids->len, job->limit, job->among, job->weight,
                                            &store_error);
    if (store_error)
      _khoji_library_propagate_store_error (&error, store_error, NULL);
  }
  if (network == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, network, (GDestroyNotify) khoji_network_free);
}

static void
network_async (KhojiLibrary        *self,
               const gint64        *ids,
               guint                n_ids,
               guint                limit,
               gboolean             among,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  NetworkJob *job;

  g_return_if_fail (KHOJI_IS_LIBRARY (self));
  g_return_if_fail (n_ids == 0 || ids != NULL);

  job = g_new0 (NetworkJob, 1);
  job->path = g_strdup (khoji_library_get_path (self));
  job->ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_ids);
  if (n_ids)
    g_array_append_vals (job->ids, ids, n_ids);
  job->limit = limit;
  job->among = among;
  job->weight = self->network_weight;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, khoji_library_network_async);
  g_task_set_task_data (task, job, (GDestroyNotify) network_job_free);
  g_task_run_in_thread (task, network_thread);
}

void
khoji_library_network_async (KhojiLibrary        *self,
                             const gint64        *ids,
                             guint                n_ids,
                             guint                limit,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  network_async (self, ids, n_ids, limit, FALSE, cancellable, callback, user_data);
}

void
khoji_library_network_among_async (KhojiLibrary        *self,
                                   const gint64        *ids,
                                   guint                n_ids,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  network_async (self, ids, n_ids, 0, TRUE, cancellable, callback, user_data);
}

KhojiNetwork *
khoji_library_network_finish (KhojiLibrary  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == khoji_library_network_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

GArray *
khoji_library_shared_articles (KhojiLibrary  *self,
                               gint64         a,
                               gint64         b,
                               GError       **error)
{
  GError *store_error = NULL;
  GArray *out;

  g_return_val_if_fail (KHOJI_IS_LIBRARY (self), NULL);
  out = khoji_store_shared_articles (self->store, a, b, &store_error);
  if (store_error)
    _khoji_library_propagate_store_error (error, store_error, NULL);
  return out;
}

KhojiPlaces *
khoji_library_places (KhojiLibrary  *self,
                      const gint64  *ids,
                      guint          n_ids,
                      GError       **error)
{
  GError *store_error = NULL;
  KhojiPlaces *places;

  g_return_val_if_fail (KHOJI_IS_LIBRARY (self), NULL);
  g_return_val_if_fail (n_ids == 0 || ids != NULL, NULL);

  places = khoji_store_places (self->store, ids, n_ids, &store_error);
  if (store_error)
    {
      _khoji_library_propagate_store_error (error, store_error, NULL);
      return NULL;
    }
  /* Located by the entity's key, which a rename leaves as it was: a place
   * the user renamed is still where it was. */
  for (guint i = 0; i < places->places->len; i++)
    {
      KhojiPlace *place = &g_array_index (places->places, KhojiPlace, i);

      place->located = place->key != NULL &&
                       khoji_gazetteer_locate (place->key, &place->latitude, &place->longitude);
      if (place->located)
        places->n_located++;
    }
  return places;
}

static void
places_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  NetworkJob *job = task_data;
  g_autoptr(KhojiLibrary) library = NULL;
  KhojiPlaces *places;
  GError *error = NULL;

  library = khoji_library_open (job->path, &error);
  if (library == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;
  places = khoji_library_places (library, (const gint64 *) job->ids->data, job->ids->len, &error);
  if (places == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, places, (GDestroyNotify) khoji_places_free);
}

void
khoji_library_places_async (KhojiLibrary        *self,
                            const gint64        *ids,
                            guint                n_ids,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  NetworkJob *job;

  g_return_if_fail (KHOJI_IS_LIBRARY (self));
  g_return_if_fail (n_ids == 0 || ids != NULL);

  job = g_new0 (NetworkJob, 1);
  job->path = g_strdup (khoji_library_get_path (self));
  job->ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_ids);
  if (n_ids)
    g_array_append_vals (job->ids, ids, n_ids);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, khoji_library_places_async);
  g_task_set_task_data (task, job, (GDestroyNotify) network_job_free);
  g_task_run_in_thread (task, places_thread);
}

KhojiPlaces *
khoji_library_places_finish (KhojiLibrary  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == khoji_library_places_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
