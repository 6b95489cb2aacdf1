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
  GArray  *ids;
  guint    limit;
  gboolean among;
  KhojiNetworkWeight weight;
} NetworkJob;

static void
network_job_free (NetworkJob *job)
{
  g_array_unref (job->ids);
  g_free (job);
}

static NetworkJob *
network_job_new (const gint64 *ids,
                 guint         n_ids)
{
  NetworkJob *job = g_new0 (NetworkJob, 1);

  job->ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_ids);
  if (n_ids)
    g_array_append_vals (job->ids, ids, n_ids);
  return job;
}

/* On the views' reader (khoji-library-reader.c): a connection kept open
 * from one read to the next, its page cache warm, instead of a library
 * opened for each. SQLite sees what others commit at the read's own
 * transaction (the graph is read in one); a shared archive's server
 * answers each query afresh. */
static gpointer
network_read (KhojiLibrary  *connection,
              gpointer       data,
              GCancellable  *cancellable,
              GError       **error)
{
  NetworkJob *job = data;
  GError *store_error = NULL;
  KhojiNetwork *network;

  network = khoji_store_network_weighted (connection->store, (const gint64 *) job->ids->data,
                                          job->ids->len, job->limit, job->among, job->weight,
                                          &store_error);
  if (store_error)
    _khoji_library_propagate_store_error (error, store_error, NULL);
  return network;
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
  NetworkJob *job;

  g_return_if_fail (KHOJI_IS_LIBRARY (self));
  g_return_if_fail (n_ids == 0 || ids != NULL);

  job = network_job_new (ids, n_ids);
  job->limit = limit;
  job->among = among;
  job->weight = self->network_weight;
  _khoji_library_run_read (self, KHOJI_READER_VIEWS, khoji_library_network_async, network_read,
                           job, (GDestroyNotify) network_job_free, (GDestroyNotify) khoji_network_free,
                           cancellable, callback, user_data);
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
  return _khoji_library_finish_read (self, result, khoji_library_network_async, error);
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

static gpointer
places_read (KhojiLibrary  *connection,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  NetworkJob *job = data;

  return khoji_library_places (connection, (const gint64 *) job->ids->data, job->ids->len, error);
}

void
khoji_library_places_async (KhojiLibrary        *self,
                            const gint64        *ids,
                            guint                n_ids,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (KHOJI_IS_LIBRARY (self));
  g_return_if_fail (n_ids == 0 || ids != NULL);

  _khoji_library_run_read (self, KHOJI_READER_VIEWS, khoji_library_places_async, places_read,
                           network_job_new (ids, n_ids), (GDestroyNotify) network_job_free,
                           (GDestroyNotify) khoji_places_free, cancellable, callback, user_data);
}

KhojiPlaces *
khoji_library_places_finish (KhojiLibrary  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return _khoji_library_finish_read (self, result, khoji_library_places_async, error);
}
