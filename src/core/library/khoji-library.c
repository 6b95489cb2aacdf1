/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-library"

#include "config.h"

/* PRId64, which xgettext and gettext understand inside translatable
 * strings (G_GINT64_FORMAT would cut the msgid short). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <glib/gi18n-lib.h>

#include "khoji-ingest.h"
#include "khoji-library-private.h"
#include "khoji-location.h"

/* The facade the window and the CLI use. It owns one store connection for
 * the thread that opened it (queries and corrections) and opens another on
 * each import worker: a connection never leaves its thread. */

G_DEFINE_QUARK (khoji-library-error-quark, khoji_library_error)

void
khoji_import_result_free (KhojiImportResult *result)
{
  if (result == NULL)
    return;
  g_free (result->path);
  g_free (result->message);
  g_free (result);
}

char *
khoji_format_date (int         year,
                   int         month,
                   int         day,
                   const char *skeleton,
                   const char *locale)
{
  return khoji_text_format_date (year, month, day, skeleton, locale);
}

G_DEFINE_FINAL_TYPE (KhojiLibrary, khoji_library, G_TYPE_OBJECT)

enum {
  CHANGED,
  ENTITY_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  PROP_0,
  PROP_IMPORT_WORKERS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
khoji_library_finalize (GObject *object)
{
  KhojiLibrary *self = KHOJI_LIBRARY (object);

  for (guint i = 0; i < KHOJI_READER_N; i++)
    g_clear_pointer (&self->readers[i], _khoji_library_reader_free);
  g_clear_pointer (&self->store, khoji_store_close);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_free (self->path);
  G_OBJECT_CLASS (khoji_library_parent_class)->finalize (object);
}

KhojiLibraryReader **
_khoji_library_get_reader_slot (KhojiLibrary    *self,
                                KhojiReaderLane  lane)
{
  g_assert (lane < KHOJI_READER_N);
  return &self->readers[lane];
}

static void
khoji_library_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  KhojiLibrary *self = KHOJI_LIBRARY (object);

  switch (prop_id)
    {
    case PROP_IMPORT_WORKERS:
      g_value_set_uint (value, self->import_workers);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
khoji_library_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  KhojiLibrary *self = KHOJI_LIBRARY (object);

  switch (prop_id)
    {
    case PROP_IMPORT_WORKERS:
      khoji_library_set_import_workers (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
khoji_library_class_init (KhojiLibraryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = khoji_library_finalize;
  object_class->get_property = khoji_library_get_property;
  object_class->set_property = khoji_library_set_property;

  /**
   * KhojiLibrary:import-workers:
   *
   * How many threads work on an import, the calling thread included:
   * it stores the articles while the others read and analyse files.
   * 0 (the default) takes `KHOJI_IMPORT_WORKERS` from the environment,
   * else one per processor; 1 imports on the calling thread alone.
   */
  properties[PROP_IMPORT_WORKERS] =
    g_param_spec_uint ("import-workers", NULL, NULL, 0, 256, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KhojiLibrary::changed:
   *
   * Emitted on the library's main context after an import or a correction
   * changed what queries return.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * KhojiLibrary::entity-changed:
   * @entity_id: the entity
   *
   * Emitted instead of ::changed after a correction that changed one
   * entity's name, type or visibility and nothing else: no article, no
   * count, no other entity. Reloading every list for it took two seconds
   * at 100,000 articles; the entity alone is khoji_library_get_entity().
   */
  signals[ENTITY_CHANGED] = g_signal_new ("entity-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
}

static void
khoji_library_init (KhojiLibrary *self)
{
}

/* Store errors become sentences a person can act on. */

/* What the store did not find, which it says in English for the logs
 * ("No event 12"), said again in the user's language; NULL for a message
 * the store already translated ("No entity has the id 12."). */
static char *
not_found_message (const char *store_message)
{
  char what[16];
  gint64 id = 0;

  if (g_str_has_prefix (store_message, "There is no correction to undo"))
    return g_strdup (_("There is no correction to undo."));
  if (sscanf (store_message, "No %15s %" G_GINT64_FORMAT, what, &id) != 2)
    return NULL;
  if (g_str_equal (what, "article"))
    return g_strdup_printf (_("There is no article with the id %" PRId64 "."), id);
  if (g_str_equal (what, "entity"))
    return g_strdup_printf (_("There is no entity with the id %" PRId64 "."), id);
  if (g_str_equal (what, "event"))
    return g_strdup_printf (_("There is no dated event with the id %" PRId64 "."), id);
  if (g_str_equal (what, "place"))
    return g_strdup_printf (_("There is no place with the id %" PRId64 "."), id);
  return g_strdup (_("Khoji could not find what was asked for in the library."));
}

void
_khoji_library_propagate_store_error (GError    **error,
                                      GError     *store_error,
                                      const char *path)
{
  int code;
  const char *msg;
  g_autofree char *shown = NULL;

  if (store_error == NULL)
    return;
  /* An archive's URI may hold its password (the window hands it over in
   * memory): never in a message. */
  path = shown = khoji_location_for_display (path);
  switch (store_error->code)
    {
    case KHOJI_STORE_ERROR_BUSY:
      code = KHOJI_LIBRARY_ERROR_BUSY;
      msg = _("The library is busy: another program is writing to it. Try again in a moment.");
      break;
    case KHOJI_STORE_ERROR_CORRUPT:
      code = KHOJI_LIBRARY_ERROR_CORRUPT;
      msg = _("The library file is damaged or is not a Khoji library.");
      break;
    case KHOJI_STORE_ERROR_READ_ONLY:
      code = KHOJI_LIBRARY_ERROR_READ_ONLY;
      msg = _("The library cannot be written: check the permissions of the file and its folder.");
      break;
    case KHOJI_STORE_ERROR_FULL:
      code = KHOJI_LIBRARY_ERROR_FULL;
      msg = _("The disk is full: free some space and try again. Nothing was lost.");
      break;
    case KHOJI_STORE_ERROR_QUERY:
      code = KHOJI_LIBRARY_ERROR_QUERY;
      msg = _("Khoji cannot read this search.");
      break;
    case KHOJI_STORE_ERROR_NOT_FOUND:
      {
        g_autofree char *said = not_found_message (store_error->message);

        if (said != NULL)
          {
            g_debug ("%s", store_error->message);
            g_set_error_literal (error, KHOJI_LIBRARY_ERROR, KHOJI_LIBRARY_ERROR_NOT_FOUND, said);
            g_error_free (store_error);
            return;
          }
        code = KHOJI_LIBRARY_ERROR_NOT_FOUND;
        msg = NULL;
      }
      break;
    case KHOJI_STORE_ERROR_NEWER:
      code = KHOJI_LIBRARY_ERROR_NEWER;
      msg = _("The library was made by a newer version of Khoji: update Khoji to open it.");
      break;
    case KHOJI_STORE_ERROR_UNREACHABLE:
      code = KHOJI_LIBRARY_ERROR_UNREACHABLE;
      msg = _("The shared archive cannot be reached: its server is not running, or this computer is not connected to its network. Nothing was lost.");
      break;
    case KHOJI_STORE_ERROR_AUTH:
      code = KHOJI_LIBRARY_ERROR_AUTH;
      msg = _("The shared archive refused the user name or password: check them in Preferences.");
      break;
    case KHOJI_STORE_ERROR_OPEN:
      code = KHOJI_LIBRARY_ERROR_OPEN;
      msg = _("The library cannot be opened.");
      break;
    default:
      code = KHOJI_LIBRARY_ERROR_FAILED;
      msg = _("The library could not do this.");
      break;
    }

  /* SQLite's words ("database disk image is malformed", "attempt to
   * write a readonly database") and the store's own English (a newer
   * schema's numbers) say nothing more to a person than the sentence:
   * only the path is added. */
  if (msg && (code == KHOJI_LIBRARY_ERROR_CORRUPT || code == KHOJI_LIBRARY_ERROR_READ_ONLY ||
              code == KHOJI_LIBRARY_ERROR_BUSY || code == KHOJI_LIBRARY_ERROR_FULL ||
              code == KHOJI_LIBRARY_ERROR_UNREACHABLE || code == KHOJI_LIBRARY_ERROR_AUTH ||
              code == KHOJI_LIBRARY_ERROR_NEWER))
    {
      g_debug ("%s", store_error->message);
      if (path)
        g_set_error (error, KHOJI_LIBRARY_ERROR, code, "%s (%s)", msg, path);
      else
        g_set_error_literal (error, KHOJI_LIBRARY_ERROR, code, msg);
    }
  else if (msg && path)
    g_set_error (error, KHOJI_LIBRARY_ERROR, code, "%s (%s: %s)", msg, path, store_error->message);
  else if (msg)
    g_set_error (error, KHOJI_LIBRARY_ERROR, code, "%s (%s)", msg, store_error->message);
  else
    g_set_error_literal (error, KHOJI_LIBRARY_ERROR, code, store_error->message);
  g_error_free (store_error);
}

void
_khoji_library_emit_changed (KhojiLibrary *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

char *
khoji_library_default_path (void)
{
  const char *env = g_getenv ("KHOJI_DB");

  if (env && *env)
    return g_strdup (env);
  return g_build_filename (g_get_user_data_dir (), "khoji", "library.db", NULL);
}

/* The gazetteer is immutable once loaded and shared by every library and
 * worker of the process, for as long as it runs. It is loaded on first
 * use, by the first thread that analyses a text (an import's, an
 * undo's), not when a library is opened: the window opens its library
 * before its first frame, which does not need the gazetteer, and
 * building its tables from the 750 KB of built-in rows took a fifth of
 * that frame's main-thread time. Its rows are compiled in, so failing
 * to read them is a broken build, not a condition to report. */
KhojiGazetteer *
_khoji_library_get_gazetteer (void)
{
  static GMutex lock;
  static KhojiGazetteer *gazetteer;
  g_autoptr(GError) error = NULL;

  g_mutex_lock (&lock);
  if (gazetteer == NULL)
    gazetteer = khoji_gazetteer_new_default (&error);
  g_mutex_unlock (&lock);
  if (gazetteer == NULL)
    g_error ("%s", error->message);
  return gazetteer;
}

KhojiLibrary *
khoji_library_open (const char  *path,
                    GError     **error)
{
  g_autoptr(KhojiLibrary) self = NULL;
  g_autofree char *default_path = NULL;
  GError *store_error = NULL;

  if (path == NULL)
    path = default_path = khoji_library_default_path ();

  self = g_object_new (KHOJI_TYPE_LIBRARY, NULL);
  self->path = g_strdup (path);
  self->context = g_main_context_ref_thread_default ();
  self->store = khoji_store_open (path, &store_error);
  if (self->store == NULL)
    {
      _khoji_library_propagate_store_error (error, store_error, path);
      return NULL;
    }
  return g_steal_pointer (&self);
}

gboolean
khoji_library_needs_upgrade (const char *path)
{
  g_autofree char *default_path = NULL;
  int version;

  if (path == NULL)
    path = default_path = khoji_library_default_path ();
  version = khoji_store_peek_schema_version (path);
  return version > 0 && version < KHOJI_STORE_SCHEMA_VERSION;
}

static void
upgrade_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  g_autoptr(KhojiLibrary) library = NULL;
  GError *error = NULL;

  /* Opening upgrades; the library is closed again on this thread, which
   * owns its connection. */
  library = khoji_library_open (task_data, &error);
  if (library == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
khoji_library_upgrade_async (const char          *path,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, khoji_library_upgrade_async);
  g_task_set_task_data (task, path ? g_strdup (path) : khoji_library_default_path (), g_free);
  g_task_run_in_thread (task, upgrade_thread);
}

gboolean
khoji_library_upgrade_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- Other writers ---- */

typedef struct {
  guint    n;
  GString *last;
} StampCount;

static gboolean
count_correction (const char * const *cols,
                  const gint64       *ints,
                  guint               n_cols,
                  gpointer            user_data,
                  GError            **error)
{
  StampCount *c = user_data;

  c->n++;
  g_string_truncate (c->last, 0);
  for (guint i = 0; i < n_cols; i++)
    g_string_append_printf (c->last, "%s\x1f", cols[i] ? cols[i] : "");
  return TRUE;
}

char *
khoji_library_get_change_stamp (KhojiLibrary  *self,
                                GError       **error)
{
  g_autoptr(GString) last = g_string_new (NULL);
  StampCount c = { 0, last };
  GError *store_error = NULL;
  g_autofree char *digest = NULL;

  g_return_val_if_fail (KHOJI_IS_LIBRARY (self), NULL);

  /* The corrections are few (people make them by hand); reading them
   * also tells whether the library can be read at all, which the count
   * below does not. */
  if (!khoji_store_foreach_row (self->store, KHOJI_STORE_ROWS_CORRECTIONS, count_correction, &c, &store_error))
    {
      _khoji_library_propagate_store_error (error, store_error, self->path);
      return NULL;
    }
  digest = g_compute_checksum_for_string (G_CHECKSUM_MD5, last->str, last->len);
  return g_strdup_printf ("%u/%u/%s", khoji_store_count_articles (self->store), c.n, digest);
}

gboolean
khoji_library_reconnect (KhojiLibrary  *self,
                         GError       **error)
{
  KhojiStore *store;
  GError *store_error = NULL;

  g_return_val_if_fail (KHOJI_IS_LIBRARY (self), FALSE);

  store = khoji_store_open (self->path, &store_error);
  if (store == NULL)
    {
      _khoji_library_propagate_store_error (error, store_error, self->path);
      return FALSE;
    }
  khoji_store_close (self->store);
  self->store = store;
  for (guint i = 0; i < KHOJI_READER_N; i++)
    g_clear_pointer (&self->readers[i], _khoji_library_reader_free);
  return TRUE;
}

/* ---- The window's lists ---- */

typedef struct {
  char             *path;
  KhojiLibraryLists *lists;
  KhojiListsPrepare prepare;
  gpointer          prepare_data;
  GDestroyNotify    prepare_destroy;
} ListsJob;

static void
lists_job_free (ListsJob *job)
{
  g_free (job->path);
  g_clear_pointer (&job->lists, khoji_library_lists_free);
  if (job->prepare_destroy)
    job->prepare_destroy (job->prepare_data);
  g_free (job);
}

void
khoji_library_lists_free (KhojiLibraryLists *lists)
{
  if (lists == NULL)
    return;
  g_clear_pointer (&lists->entities, g_ptr_array_unref);
  g_clear_pointer (&lists->articles, g_ptr_array_unref);
  g_free (lists->stamp);
  g_free (lists);
}

static double
thread_cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void
load_lists_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  ListsJob *job = task_data;
  KhojiLibraryLists *lists = job->lists;
  g_autoptr(KhojiLibrary) library = NULL;
  GError *error = NULL;
  gint64 started = g_get_monotonic_time ();
  double cpu_started = thread_cpu_ms ();

  /* Opened, used and closed on this thread only: SQLite handles never
   * cross threads. */
  library = khoji_library_open (job->path, &error);
  if (library == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* First: a change while the lists are read is in them or comes
   * after the stamp, and is read again — never missed. */
  lists->stamp = khoji_library_get_change_stamp (library, &error);
  if (lists->stamp == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* The first entities alone when there are more; when that was all of
   * them (a library of a few thousand articles), read again with their
   * aliases as a whole listing is: the filter finds entities by them. */
  if (lists->entity_limit > 0)
    {
      lists->entities = khoji_library_list_top_entities (library, lists->show_hidden, lists->entity_limit,
                                                         &lists->n_entities, &error);
      if (lists->entities != NULL && lists->entities->len >= lists->n_entities)
        g_clear_pointer (&lists->entities, g_ptr_array_unref);
      else if (lists->entities == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
    }
  if (lists->entities == NULL)
    {
      lists->entities = khoji_library_list_entities (library, lists->show_hidden, &error);
      if (lists->entities == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      lists->n_entities = lists->entities->len;
      /* A listing's entities read their aliases, all at once, on the first
       * call and through the library that listed them: this thread's, which
       * is gone once the lists are handed over. Read them here. */
      if (lists->entities->len > 0)
        g_strfreev (khoji_entity_dup_aliases (g_ptr_array_index (lists->entities, 0)));
    }
  if (g_task_return_error_if_cancelled (task))
    return;
  lists->articles = khoji_library_list_articles (library, &error);
  if (lists->articles == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (job->prepare)
    job->prepare (lists, job->prepare_data);

  /* For the window benchmark (G_MESSAGES_DEBUG=khoji-library): the
   * loader's share of a load, which the window's own line does not see. */
  g_debug ("Read %u articles and %u entities on the loader: %.1f ms (%.1f ms CPU)",
           lists->articles->len, lists->entities->len,
           (g_get_monotonic_time () - started) / 1000.0, thread_cpu_ms () - cpu_started);
  g_task_return_boolean (task, TRUE);
}

void
khoji_library_load_lists_async (KhojiLibrary        *self,
                                gboolean             show_hidden,
                                guint                entity_limit,
                                KhojiListsPrepare    prepare,
                                gpointer             prepare_data,
                                GDestroyNotify       prepare_destroy,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ListsJob *job;

  g_return_if_fail (KHOJI_IS_LIBRARY (self));

  job = g_new0 (ListsJob, 1);
  job->path = g_strdup (self->path);
  job->lists = g_new0 (KhojiLibraryLists, 1);
  job->lists->show_hidden = !!show_hidden;
  job->lists->entity_limit = entity_limit;
  job->prepare = prepare;
  job->prepare_data = prepare_data;
  job->prepare_destroy = prepare_destroy;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, khoji_library_load_lists_async);
  g_task_set_task_data (task, job, (GDestroyNotify) lists_job_free);
  g_task_run_in_thread (task, load_lists_thread);
}

KhojiLibraryLists *
khoji_library_load_lists_finish (KhojiLibrary  *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  ListsJob *job;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == khoji_library_load_lists_async, NULL);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;
  job = g_task_get_task_data (G_TASK (result));
  return g_steal_pointer (&job->lists);
}

static gpointer
unref_thread (gpointer data)
{
  GPtrArray **arrays = data;

  g_clear_pointer (&arrays[0], g_ptr_array_unref);
  g_clear_pointer (&arrays[1], g_ptr_array_unref);
  g_free (arrays);
  return NULL;
}

void
khoji_library_unref_in_background (GPtrArray *first,
                                   GPtrArray *second)
{
  GPtrArray **arrays;

  if (first == NULL && second == NULL)
    return;
  arrays = g_new0 (GPtrArray *, 2);
  arrays[0] = first;
  arrays[1] = second;
  g_thread_unref (g_thread_new ("khoji-unref", unref_thread, arrays));
}

const char *
khoji_library_get_path (KhojiLibrary *self)
{
  g_return_val_if_fail (KHOJI_IS_LIBRARY (self), NULL);
  return self->path;
}

guint
khoji_library_get_import_workers (KhojiLibrary *self)
{
  g_return_val_if_fail (KHOJI_IS_LIBRARY (self), 0);
  return self->import_workers;
}

void
khoji_library_set_import_workers (KhojiLibrary *self,
                                  guint         n_workers)
{
  g_return_if_fail (KHOJI_IS_LIBRARY (self));
  n_workers = MIN (n_workers, 256);
  if (self->import_workers == n_workers)
    return;
  self->import_workers = n_workers;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IMPORT_WORKERS]);
}

/* ---- Queries ---- */

#define WRAP(expr) \
  G_STMT_START { \
    GError *store_error = NULL; \
    __typeof__ (expr) ret_ = (expr); \
    if (store_error) \
      _khoji_library_propagate_store_error (error, store_error, NULL); \
    return ret_; \
  } G_STMT_END

GPtrArray *
khoji_library_list_articles (KhojiLibrary  *self,
                             GError       **error)
{
  g_return_val_if_fail (KHOJI_IS_LIBRARY (self), NULL);
  WRAP (khoji_store_list_articles (self->store, &store_error));
}

GPtrArray *
khoji_library_search (KhojiLibrary  *self,
                      const char    *query,
                      guint          limit,
                      GError       **error)
{
  g_autofree char *fts = NULL;

  g_return_val_if_fail (KHOJI_IS_LIBRARY (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  fts = khoji_library_parse_query (query, error);
  if (fts == NULL)
    return NULL;
  {
    GError *store_error = NULL;
    GPtrArray *hits = khoji_store_search (self->store, fts, limit, &store_error);

    /* The query is one khoji_library_parse_query wrote, which FTS5 always
     * reads: when it cannot run it, its index is damaged ("SQL logic
     * error" on a damaged file), and the user is told so, not that the
     * search was wrong. */
    if (store_error && store_error->code == KHOJI_STORE_ERROR_QUERY)
      store_error->code = KHOJI_STORE_ERROR_CORRUPT;
    if (store_error)
      _khoji_library_propagate_store_error (error, store_error, NULL);
    return hits;
  }
}

static GHashTable *
load_aliases (gpointer data)
{
  g_autoptr(KhojiLibrary) self = g_weak_ref_get (data);

  if (self == NULL)
    return NULL;
  return khoji_store_load_aliases (self->store, NULL);
}

static void
free_weak_ref (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

GPtrArray *
khoji_library_list_entities (KhojiLibrary  *self,
                             gboolean       include_hidden,
                             GError       **error)
{
  g_autoptr(KhojiAliasTable) aliases = NULL;
  GWeakRef *ref;

  g_return_val_if_fail (KHOJI_IS_LIBRARY (self), NULL);

  /* Aliases are read when first asked for (the panel's filter, the CLI),
   * all in one pass; a listing alone does not read them. A weak
   * reference: entities kept after the library is gone have none. */
  ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (ref, self);
  aliases = _khoji_alias_table_new (load_aliases, ref, free_weak_ref);
  WRAP (khoji_store_list_entities (self->store, include_hidden, 0, aliases, &store_error));
}

GPtrArray *
khoji_library_list_top_entities (KhojiLibrary  *self,
                                 gboolean       include_hidden,
                                 guint          limit,
                                 guint         *n_listed,
                                 GError       **error)
{
  guint n = 0;

  g_return_val_if_fail (KHOJI_IS_LIBRARY (self), NULL);
  g_return_val_if_fail (limit > 0, NULL);
  if (n_listed == NULL)
    n_listed = &n;
  WRAP (khoji_store_list_top_entities (self->store, include_hidden, limit, n_listed, &store_error));
}

GPtrArray *
khoji_library_list_events (KhojiLibrary  *self,
                           gint64         entity_id,
                           GError       **error)
{
  g_return_val_if_fail (KHOJI_IS_LIBRARY (self), NULL);
  WRAP (khoji_store_list_events (self->store, entity_id, &store_error));
}

GArray *
khoji_library_list_event_refs (KhojiLibrary  *self,
                               gint64         entity_id,
                               GError       **error)
{
  g_return_val_if_fail (KHOJI_IS_LIBRARY (self), NULL);
  WRAP (khoji_store_list_event_refs (self->store, entity_id, &store_error));
}

KhojiEvent *
khoji_library_get_event (KhojiLibrary  *self,
                         gint64         event_id,
                         GError       **error)
{
  g_return_val_if_fail (KHOJI_IS_LIBRARY (self), NULL);
  WRAP (khoji_store_get_event (self->store, event_id, &store_error));
}

GArray *
khoji_library_articles_for_entity (KhojiLibrary  *self,
                                   gint64         entity_id,
                                   GError       **error)
{
  g_return_val_if_fail (KHOJI_IS_LIBRARY (self), NULL);
  WRAP (khoji_store_articles_for_entity (self->store, entity_id, &store_error));
}

/* The store's "not found" for an article, said in the user's language. */
static void
propagate_article_error (GError    **error,
                         GError     *store_error,
                         gint64      article_id)
{
  if (store_error == NULL)
    return;
  if (store_error->code == KHOJI_STORE_ERROR_NOT_FOUND)
    {
      g_set_error (error, KHOJI_LIBRARY_ERROR, KHOJI_LIBRARY_ERROR_NOT_FOUND,
                   _("There is no article with the id %" PRId64 "."), article_id);
      g_error_free (store_error);
      return;
    }
  _khoji_library_propagate_store_error (error, store_error, NULL);
}

KhojiArticle *
khoji_library_get_article (KhojiLibrary  *self,
                           gint64         article_id,
                           GError       **error)
{
  GError *store_error = NULL;
  KhojiArticle *article;

  g_return_val_if_fail (KHOJI_IS_LIBRARY (self), NULL);
  article = khoji_store_get_article (self->store, article_id, &store_error);
  propagate_article_error (error, store_error, article_id);
  return article;
}

char *
khoji_library_get_article_text (KhojiLibrary  *self,
                                gint64         article_id,
                                GError       **error)
{
  GError *store_error = NULL;
  char *text;

  g_return_val_if_fail (KHOJI_IS_LIBRARY (self), NULL);
  text = khoji_store_get_article_text (self->store, article_id, &store_error);
  propagate_article_error (error, store_error, article_id);
  return text;
}

GPtrArray *
khoji_library_get_article_spans (KhojiLibrary  *self,
                                 gint64         article_id,
                                 GError       **error)
{
  g_return_val_if_fail (KHOJI_IS_LIBRARY (self), NULL);
  WRAP (khoji_store_get_article_spans (self->store, article_id, &store_error));
}

KhojiEntity *
khoji_library_get_entity (KhojiLibrary  *self,
                          gint64         entity_id,
                          GError       **error)
{
  g_autoptr(GPtrArray) list = NULL;
  GError *store_error = NULL;

  g_return_val_if_fail (KHOJI_IS_LIBRARY (self), NULL);

  list = khoji_store_list_entities (self->store, TRUE, entity_id, NULL, &store_error);
  if (list == NULL)
    {
      _khoji_library_propagate_store_error (error, store_error, NULL);
      return NULL;
    }
  if (list->len == 0)
    {
      g_set_error (error, KHOJI_LIBRARY_ERROR, KHOJI_LIBRARY_ERROR_NOT_FOUND,
                   _("There is no entity with the id %" PRId64 "."), entity_id);
      return NULL;
    }
  return g_object_ref (g_ptr_array_index (list, 0));
}

guint
khoji_library_count_articles (KhojiLibrary *self)
{
  g_return_val_if_fail (KHOJI_IS_LIBRARY (self), 0);
  return khoji_store_count_articles (self->store);
}

/* ---- Corrections ---- */

static gboolean
correct (KhojiLibrary         *self,
         KhojiCorrectionKind   kind,
         gint64                entity_id,
         gint64                target_id,
         const char           *value,
         GError              **error)
{
  GError *store_error = NULL;

  if (!khoji_store_add_correction (self->store, kind, entity_id, target_id, value, &store_error))
    {
      if (store_error->code == KHOJI_STORE_ERROR_MERGED)
        {
          /* The store names the entity and where it went ("ID INTO"):
           * a correction made meanwhile, by another program or window. */
          gint64 merged = 0, into = 0;

          sscanf (store_error->message, "%" G_GINT64_FORMAT " %" G_GINT64_FORMAT, &merged, &into);
          g_set_error (error, KHOJI_LIBRARY_ERROR, KHOJI_LIBRARY_ERROR_NOT_FOUND,
                       _("Entity %" PRId64 " is merged into entity %" PRId64
                         " now: nothing was changed. Correct entity %" PRId64 " instead."),
                       merged, into, into);
          g_error_free (store_error);
        }
      else
        _khoji_library_propagate_store_error (error, store_error, NULL);
      return FALSE;
    }
  /* A merge moves mentions and counts; the others change one row. */
  if (kind == KHOJI_CORRECTION_MERGE)
    g_signal_emit (self, signals[CHANGED], 0);
  else
    g_signal_emit (self, signals[ENTITY_CHANGED], 0, entity_id);
  return TRUE;
}

gboolean
khoji_library_merge_entities (KhojiLibrary  *self,
                              gint64         entity_id,
                              gint64         into_id,
                              GError       **error)
{
  g_return_val_if_fail (KHOJI_IS_LIBRARY (self), FALSE);
  if (entity_id == into_id)
    {
      g_set_error_literal (error, KHOJI_LIBRARY_ERROR, KHOJI_LIBRARY_ERROR_FAILED,
                           _("An entity cannot be merged into itself."));
      return FALSE;
    }
  return correct (self, KHOJI_CORRECTION_MERGE, entity_id, into_id, NULL, error);
}

gboolean
khoji_library_rename_entity (KhojiLibrary  *self,
                             gint64         entity_id,
                             const char    *new_name,
                             GError       **error)
{
  g_autofree char *clean = NULL;

  g_return_val_if_fail (KHOJI_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (new_name != NULL, FALSE);

  /* A name is one line of text: it is shown in lists, written to TSV and
   * JSON, and printed to terminals. */
  if (!g_utf8_validate (new_name, -1, NULL))
    {
      g_set_error_literal (error, KHOJI_LIBRARY_ERROR, KHOJI_LIBRARY_ERROR_FAILED,
                           _("A name must be text: this one has bytes that are not UTF-8."));
      return FALSE;
    }
  for (const char *p = new_name; *p; p = g_utf8_next_char (p))
    if (g_unichar_type (g_utf8_get_char (p)) == G_UNICODE_CONTROL)
      {
        g_set_error_literal (error, KHOJI_LIBRARY_ERROR, KHOJI_LIBRARY_ERROR_FAILED,
                             _("A name cannot hold control characters, such as a line break, a tab or an escape."));
        return FALSE;
      }
  if (g_utf8_strlen (new_name, -1) > KHOJI_LIBRARY_NAME_MAX_CHARS)
    {
      g_set_error (error, KHOJI_LIBRARY_ERROR, KHOJI_LIBRARY_ERROR_FAILED,
                   g_dngettext (GETTEXT_PACKAGE,
                                "A name is at most %u character long.",
                                "A name is at most %u characters long.",
                                KHOJI_LIBRARY_NAME_MAX_CHARS),
                   (guint) KHOJI_LIBRARY_NAME_MAX_CHARS);
      return FALSE;
    }

  clean = khoji_text_normalize (new_name, -1, NULL);
  if (clean)
    g_strstrip (clean);
  if (clean == NULL || *clean == '\0')
    {
      g_set_error_literal (error, KHOJI_LIBRARY_ERROR, KHOJI_LIBRARY_ERROR_FAILED,
                           _("A name cannot be empty."));
      return FALSE;
    }
  return correct (self, KHOJI_CORRECTION_RENAME, entity_id, 0, clean, error);
}

gboolean
khoji_library_set_entity_type (KhojiLibrary     *self,
                               gint64            entity_id,
                               KhojiEntityType   type,
                               GError          **error)
{
  g_return_val_if_fail (KHOJI_IS_LIBRARY (self), FALSE);
  return correct (self, KHOJI_CORRECTION_TYPE, entity_id, 0, khoji_entity_type_to_string (type), error);
}

gboolean
khoji_library_set_entity_hidden (KhojiLibrary  *self,
                                 gint64         entity_id,
                                 gboolean       hidden,
                                 GError       **error)
{
  g_return_val_if_fail (KHOJI_IS_LIBRARY (self), FALSE);
  return correct (self, KHOJI_CORRECTION_HIDE, entity_id, 0, hidden ? "1" : "0", error);
}

void
khoji_correction_record_free (KhojiCorrectionRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->kind);
  g_free (record->entity_name);
  g_free (record->target_name);
  g_free (record->value);
  g_free (record->old_value);
  g_free (record->who);
  g_free (record);
}

typedef struct {
  GPtrArray *records;
  gint64     entity_id;
} CorrectionList;

/* One row of KHOJI_STORE_ROWS_CORRECTION_LIST. */
static gboolean
add_correction_record (const char * const *cols,
                       const gint64       *ints,
                       guint               n_cols,
                       gpointer            user_data,
                       GError            **error)
{
  CorrectionList *list = user_data;
  KhojiCorrectionRecord *record;

  g_return_val_if_fail (n_cols >= 12, FALSE);
  /* Of one entity: corrections of an entity row that counts for it now,
   * or of a merge into it. */
  if (list->entity_id != 0 && ints[8] != list->entity_id && ints[11] != list->entity_id)
    return TRUE;
  record = g_new0 (KhojiCorrectionRecord, 1);
  record->id = ints[0];
  record->kind = g_strdup (cols[1]);
  record->value = g_strdup (cols[2]);
  /* A hidden flag reads "0"/"1" from a file, "false"/"true" from an archive. */
  if (cols[3] != NULL && g_str_equal (cols[1], "hide"))
    record->old_value = g_strdup (g_str_equal (cols[3], "1") || g_str_equal (cols[3], "true") ? "1" : "0");
  else
    record->old_value = g_strdup (cols[3]);
  record->who = g_strdup (cols[4] ? cols[4] : "");
  record->created = ints[5];
  record->entity_id = cols[6] ? ints[6] : 0;
  record->entity_name = g_strdup (cols[7]);
  record->target_id = cols[9] ? ints[9] : 0;
  record->target_name = g_strdup (cols[10]);
  g_ptr_array_add (list->records, record);
  return TRUE;
}

GPtrArray *
khoji_library_list_corrections (KhojiLibrary  *self,
                                gint64         entity_id,
                                GError       **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) khoji_correction_record_free);
  CorrectionList list = { records, entity_id };
  GError *store_error = NULL;

  g_return_val_if_fail (KHOJI_IS_LIBRARY (self), NULL);
  if (!khoji_store_foreach_row (self->store, KHOJI_STORE_ROWS_CORRECTION_LIST,
                                add_correction_record, &list, &store_error))
    {
      _khoji_library_propagate_store_error (error, store_error, NULL);
      return NULL;
    }
  return g_steal_pointer (&records);
}

gboolean
khoji_library_set_published (KhojiLibrary  *self,
                             gint64         article_id,
                             const char    *published,
                             GError       **error)
{
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) dates = NULL;
  GError *store_error = NULL;
  int y, m, d;

  g_return_val_if_fail (KHOJI_IS_LIBRARY (self), FALSE);

  if (published)
    {
      if (strlen (published) != 10 || sscanf (published, "%4d-%2d-%2d", &y, &m, &d) != 3 ||
          !g_date_valid_dmy (d, m, y))
        {
          g_set_error (error, KHOJI_LIBRARY_ERROR, KHOJI_LIBRARY_ERROR_FAILED,
                       _("“%s” is not a date of the form YYYY-MM-DD."), published);
          return FALSE;
        }
    }

  text = khoji_store_get_article_text (self->store, article_id, &store_error);
  if (text == NULL)
    {
      propagate_article_error (error, store_error, article_id);
      return FALSE;
    }
  dates = khoji_extract_dates (text, published);
  if (!khoji_store_set_published (self->store, article_id, text, published, "user", dates, &store_error))
    {
      _khoji_library_propagate_store_error (error, store_error, NULL);
      return FALSE;
    }
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

static void
lexicon_entry_free (KhojiLexiconEntry *e)
{
  g_free (e->form_key);
  g_free (e->entity_key);
  g_free (e->name);
  g_free (e->latin);
  g_free (e);
}

static GPtrArray *
load_lexicon (KhojiStore *store)
{
  GPtrArray *lexicon = khoji_store_load_lexicon (store, NULL);

  if (lexicon)
    g_ptr_array_set_free_func (lexicon, (GDestroyNotify) lexicon_entry_free);
  return lexicon;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* What the lexicon teaches an import, as one string to compare. */
static char *
lexicon_signature (KhojiStore *store)
{
  g_autoptr(GPtrArray) lexicon = load_lexicon (store);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; lexicon && i < lexicon->len; i++)
    {
      KhojiLexiconEntry *e = g_ptr_array_index (lexicon, i);
      g_ptr_array_add (lines, g_strdup_printf ("%s\x1f%s\x1f%s\x1f%s\x1f%d", e->form_key, e->entity_key,
                                               e->name, e->latin, (int) e->type));
    }
  g_ptr_array_sort (lines, compare_strings);
  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf (out, "%s\n", (char *) g_ptr_array_index (lines, i));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Where the progress of a re-analysis goes: NULL func, nowhere. */
typedef struct {
  KhojiImportProgress  func;
  gpointer             data;
  GMainContext        *context;
} Progress;

static gboolean
reanalyse_since (KhojiStore      *store,
                 KhojiGazetteer  *gazetteer,
                 gint64           since,
                 const Progress  *progress,
                 GError         **error)
{
  GError *store_error = NULL;
  g_autoptr(GArray) ids = khoji_store_articles_imported_since (store, since, &store_error);
  g_autoptr(GPtrArray) lexicon = NULL;
  g_autoptr(GPtrArray) mentions = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);

  if (ids == NULL)
    {
      _khoji_library_propagate_store_error (error, store_error, NULL);
      return FALSE;
    }
  if (ids->len == 0)
    return TRUE;
  lexicon = load_lexicon (store);
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      g_autofree char *text = khoji_store_get_article_text (store, id, &store_error);
      g_autoptr(KhojiTokens) tokens = NULL;

      if (text == NULL)
        {
          _khoji_library_propagate_store_error (error, store_error, NULL);
          return FALSE;
        }
      tokens = khoji_text_tokens (text, strlen (text));
      g_ptr_array_add (mentions, khoji_extract_entities_with_tokens (gazetteer, text, lexicon, tokens));
      if (progress != NULL && progress->func != NULL)
        _khoji_library_report_progress (progress->func, progress->data, progress->context, i + 1, ids->len, NULL);
    }
  if (!khoji_store_replace_mentions (store, ids, mentions, &store_error))
    {
      _khoji_library_propagate_store_error (error, store_error, NULL);
      return FALSE;
    }
  return TRUE;
}

/* Takes back the newest correction through `store`, on the thread that
 * opened it. *changed: whether the library changed (even on failure, the
 * correction itself may be gone). */
static gboolean
undo_with_store (KhojiStore      *store,
                 KhojiGazetteer  *gazetteer,
                 const Progress  *progress,
                 gboolean        *changed,
                 GError         **error)
{
  GError *store_error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 created = 0;

  *changed = FALSE;
  before = lexicon_signature (store);
  if (!khoji_store_undo_correction (store, &created, &store_error))
    {
      if (store_error->code == KHOJI_STORE_ERROR_NOT_FOUND)
        {
          g_set_error_literal (error, KHOJI_LIBRARY_ERROR, KHOJI_LIBRARY_ERROR_NOT_FOUND,
                               _("There is no correction to undo."));
          g_error_free (store_error);
        }
      else
        _khoji_library_propagate_store_error (error, store_error, NULL);
      return FALSE;
    }
  *changed = TRUE;
  /* The articles imported while the correction held were analysed with
   * what it taught (its forms, name and type, in the lexicon): analysed
   * again without it, the library is what a clean import makes. A
   * correction that taught nothing (hide) leaves them be. */
  after = lexicon_signature (store);
  return g_strcmp0 (before, after) == 0 || reanalyse_since (store, gazetteer, created, progress, error);
}

gboolean
khoji_library_undo_correction (KhojiLibrary  *self,
                               GError       **error)
{
  gboolean changed, ok;

  g_return_val_if_fail (KHOJI_IS_LIBRARY (self), FALSE);
  ok = undo_with_store (self->store, _khoji_library_get_gazetteer (), NULL, &changed, error);
  if (changed)
    g_signal_emit (self, signals[CHANGED], 0);
  return ok;
}

typedef struct {
  char                *path;
  guint                n_corrections;
  KhojiImportProgress  progress;
  gpointer             progress_data;
  GDestroyNotify       progress_destroy;
  GMainContext        *context;
} UndoJob;

static void
undo_job_free (UndoJob *job)
{
  g_free (job->path);
  if (job->progress_destroy)
    job->progress_destroy (job->progress_data);
  g_main_context_unref (job->context);
  g_free (job);
}

static void
undo_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  UndoJob *job = task_data;
  Progress progress = { job->progress, job->progress_data, job->context };
  GError *store_error = NULL;
  GError *error = NULL;
  KhojiStore *store;
  gboolean changed = FALSE, ok = TRUE;

  /* This thread's own connection, closed before the thread ends. */
  store = khoji_store_open (job->path, &store_error);
  if (store == NULL)
    {
      _khoji_library_propagate_store_error (&error, store_error, job->path);
      g_task_return_error (task, error);
      return;
    }
  for (guint i = 0; ok && i < job->n_corrections; i++)
    {
      gboolean one = FALSE;

      ok = undo_with_store (store, _khoji_library_get_gazetteer (), &progress, &one, &error);
      changed = changed || one;
    }
  khoji_store_close (store);
  if (changed)
    _khoji_library_emit_changed_later (source_object, job->context);
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * khoji_library_undo_correction_async:
 * @self: a library
 * @n_corrections: how many of the newest corrections to take back (one
 *   action of the window may have made several)
 * @progress: (nullable): called on the caller's main context as the
 *   articles imported under the correction are analysed again (done,
 *   total, and a %NULL path)
 * @progress_data: its data
 * @progress_destroy: (nullable): frees @progress_data when the undo is over
 *
 * khoji_library_undo_correction(), @n_corrections times, on a thread of its own with a
 * connection of its own: re-analysing the articles imported while the
 * correction held takes as long as importing them. "changed" is emitted
 * on the caller's main context before @callback runs.
 */
void
khoji_library_undo_correction_async (KhojiLibrary        *self,
                                     guint                n_corrections,
                                     KhojiImportProgress  progress,
                                     gpointer             progress_data,
                                     GDestroyNotify       progress_destroy,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  UndoJob *job;

  g_return_if_fail (KHOJI_IS_LIBRARY (self));

  job = g_new0 (UndoJob, 1);
  job->path = g_strdup (self->path);
  job->n_corrections = n_corrections;
  job->progress = progress;
  job->progress_data = progress_data;
  job->progress_destroy = progress_destroy;
  job->context = g_main_context_ref_thread_default ();
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, khoji_library_undo_correction_async);
  g_task_set_task_data (task, job, (GDestroyNotify) undo_job_free);
  g_task_run_in_thread (task, undo_thread);
}

gboolean
khoji_library_undo_correction_finish (KhojiLibrary  *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- Whole library ---- */

gboolean
khoji_library_check (KhojiLibrary  *self,
                     GString       *report,
                     GError       **error)
{
  GError *store_error = NULL;
  gboolean ok;

  g_return_val_if_fail (KHOJI_IS_LIBRARY (self), FALSE);
  ok = khoji_store_check (self->store, report, &store_error);
  if (store_error)
    {
      _khoji_library_propagate_store_error (error, store_error, NULL);
      return FALSE;
    }
  if (!ok)
    g_set_error_literal (error, KHOJI_LIBRARY_ERROR, KHOJI_LIBRARY_ERROR_CORRUPT,
                         _("The library has problems: see the report above."));
  return ok;
}

/**
 * khoji_library_text_front_matter:
 * @text: an article's text
 * @title: (nullable): its title
 * @dateline: (out) (optional) (transfer full): its dateline as written
 *
 * See khoji_ingest_front_matter(): the lines a reader shows as the
 * article's header rather than as paragraphs.
 *
 * Returns: the byte offset of the body in @text, 0 when there is no header.
 */
gsize
khoji_library_text_front_matter (const char  *text,
                                 const char  *title,
                                 char       **dateline)
{
  g_return_val_if_fail (text != NULL, 0);

  return khoji_ingest_front_matter (text, title, dateline);
}
