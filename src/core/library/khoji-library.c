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

#include "khoji-analysis.h"
#include "khoji-ingest.h"
#include "khoji-library.h"
#include "khoji-library-reader.h"
#include "khoji-store.h"
#include "khoji-text.h"

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

struct _KhojiLibrary
{
  GObject         parent_instance;
  char           *path;
  KhojiStore     *store;
  KhojiGazetteer *gazetteer;
  GMainContext   *context;
  guint           import_workers;  /* 0: KHOJI_IMPORT_WORKERS, else one per processor */
  KhojiLibraryReader *reader;      /* the window's reads (khoji-library-reader.c), or NULL */
};

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

/* The file types a folder walk picks up. Files named one by one are always
 * tried, and rejected with a reason when they are not articles. */
/* How far into the text (bytes) a date still reads as the dateline: the
 * title line and the opening of the first paragraph. */
#define DATELINE_REACH 400

static const char *article_suffixes[] = { ".txt", ".text", ".htm", ".html", ".xhtml", ".md", NULL };

static void
khoji_library_finalize (GObject *object)
{
  KhojiLibrary *self = KHOJI_LIBRARY (object);

  g_clear_pointer (&self->reader, _khoji_library_reader_free);
  g_clear_pointer (&self->store, khoji_store_close);
  g_clear_pointer (&self->gazetteer, khoji_gazetteer_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_free (self->path);
  G_OBJECT_CLASS (khoji_library_parent_class)->finalize (object);
}

KhojiLibraryReader **
_khoji_library_get_reader_slot (KhojiLibrary *self)
{
  return &self->reader;
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
static void
propagate_store_error (GError    **error,
                       GError     *store_error,
                       const char *path)
{
  int code;
  const char *msg;

  if (store_error == NULL)
    return;
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
      code = KHOJI_LIBRARY_ERROR_NOT_FOUND;
      msg = NULL;
      break;
    case KHOJI_STORE_ERROR_NEWER:
      code = KHOJI_LIBRARY_ERROR_OPEN;
      msg = _("The library was made by a newer version of Khoji: update Khoji to open it.");
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

  if (msg && path)
    g_set_error (error, KHOJI_LIBRARY_ERROR, code, "%s (%s: %s)", msg, path, store_error->message);
  else if (msg)
    g_set_error (error, KHOJI_LIBRARY_ERROR, code, "%s (%s)", msg, store_error->message);
  else
    g_set_error_literal (error, KHOJI_LIBRARY_ERROR, code, store_error->message);
  g_error_free (store_error);
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
 * worker of the process. */
static KhojiGazetteer *
shared_gazetteer (GError **error)
{
  static GMutex lock;
  static KhojiGazetteer *gazetteer;
  KhojiGazetteer *ret = NULL;

  g_mutex_lock (&lock);
  if (gazetteer == NULL)
    gazetteer = khoji_gazetteer_new_default (error);
  if (gazetteer)
    ret = khoji_gazetteer_ref (gazetteer);
  g_mutex_unlock (&lock);
  return ret;
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
      propagate_store_error (error, store_error, path);
      return NULL;
    }
  self->gazetteer = shared_gazetteer (error);
  if (self->gazetteer == NULL)
    return NULL;
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

  lists->entities = khoji_library_list_entities (library, lists->show_hidden, &error);
  if (lists->entities == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* A listing's entities read their aliases, all at once, on the first
   * call and through the library that listed them: this thread's, which
   * is gone once the lists are handed over. Read them here. */
  if (lists->entities->len > 0)
    g_strfreev (khoji_entity_dup_aliases (g_ptr_array_index (lists->entities, 0)));
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

  lists->worker_ms = (g_get_monotonic_time () - started) / 1000.0;
  lists->worker_cpu_ms = thread_cpu_ms () - cpu_started;
  g_task_return_boolean (task, TRUE);
}

void
khoji_library_load_lists_async (KhojiLibrary        *self,
                                gboolean             show_hidden,
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

/* ---- Import ---- */

static gboolean
has_article_suffix (const char *name)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);

  for (guint i = 0; article_suffixes[i]; i++)
    if (g_str_has_suffix (lower, article_suffixes[i]))
      return TRUE;
  return FALSE;
}

static int
compare_file_names (gconstpointer a,
                    gconstpointer b)
{
  g_autofree char *na = g_file_get_basename (*(GFile **) a);
  g_autofree char *nb = g_file_get_basename (*(GFile **) b);

  return g_strcmp0 (na, nb);
}

/* Folders are walked depth first in name order; symlinks are followed but
 * a folder is entered only once, so loops end. */
static void
collect_files (GFile        *file,
               gboolean      named,
               GPtrArray    *out,
               GHashTable   *seen,
               GCancellable *cancellable)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GFileEnumerator) en = NULL;
  g_autoptr(GPtrArray) children = NULL;
  const char *id;

  info = g_file_query_info (file,
                            G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_NAME ","
                            G_FILE_ATTRIBUTE_STANDARD_IS_HIDDEN "," G_FILE_ATTRIBUTE_ID_FILE,
                            G_FILE_QUERY_INFO_NONE, cancellable, NULL);
  if (info == NULL || g_file_info_get_file_type (info) != G_FILE_TYPE_DIRECTORY)
    {
      /* Missing files are reported by the import, with the reason. */
      if (named || (info && !g_file_info_get_is_hidden (info) &&
                    has_article_suffix (g_file_info_get_name (info))))
        g_ptr_array_add (out, g_object_ref (file));
      return;
    }

  id = g_file_info_get_attribute_string (info, G_FILE_ATTRIBUTE_ID_FILE);
  if (id)
    {
      if (g_hash_table_contains (seen, id))
        return;
      g_hash_table_add (seen, g_strdup (id));
    }

  en = g_file_enumerate_children (file,
                                  G_FILE_ATTRIBUTE_STANDARD_NAME "," G_FILE_ATTRIBUTE_STANDARD_IS_HIDDEN,
                                  G_FILE_QUERY_INFO_NONE, cancellable, NULL);
  if (en == NULL)
    return;
  children = g_ptr_array_new_with_free_func (g_object_unref);
  while (TRUE)
    {
      GFileInfo *child_info = NULL;
      GFile *child = NULL;

      if (!g_file_enumerator_iterate (en, &child_info, &child, cancellable, NULL) || child_info == NULL)
        break;
      if (g_file_info_get_is_hidden (child_info))
        continue;
      g_ptr_array_add (children, g_object_ref (child));
    }
  g_ptr_array_sort (children, compare_file_names);
  for (guint i = 0; i < children->len; i++)
    collect_files (g_ptr_array_index (children, i), FALSE, out, seen, cancellable);
}

static char *
ingest_error_message (const GError *error)
{
  if (error->domain == KHOJI_INGEST_ERROR || error->domain == KHOJI_LIBRARY_ERROR)
    return g_strdup (error->message);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    return g_strdup (_("The file does not exist."));
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED))
    return g_strdup (_("The file cannot be read: permission denied."));
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY))
    return g_strdup (_("This is a folder, not a file."));
  return g_strdup_printf (_("The file cannot be read: %s"), error->message);
}

typedef struct {
  KhojiStore     *store;
  KhojiGazetteer *gazetteer;
  GPtrArray      *lexicon;
  const char     *published;  /* the date given for the whole batch, or NULL */
  GHashTable     *known;      /* hashes already in the library, or NULL; read-only while workers run */
} Importer;

static void
lexicon_entry_free (KhojiLexiconEntry *e)
{
  g_free (e->form_key);
  g_free (e->entity_key);
  g_free (e->name);
  g_free (e->latin);
  g_free (e);
}

/* One article on its way in. Reading, hashing and extraction are pure
 * given the gazetteer and the lexicon, so a worker may do them; the
 * duplicate check and the insert belong to the thread that owns the
 * store, in the order of the files. */
typedef struct {
  GFile            *file;              /* NULL for dropped text */
  char             *path;
  KhojiDocument    *doc;               /* NULL when rejected */
  char             *message;           /* why it was rejected */
  char             *hash;
  gboolean          extracted;
  GPtrArray        *mentions;
  GPtrArray        *dates;
  KhojiTokens      *tokens;            /* for the search index */
  const char       *published;         /* the batch's date, doc's, or dateline */
  const char       *published_source;
  char             *dateline;
  gboolean          ready;             /* a worker is done with it; under the pipeline's lock */
} Prepared;

static Prepared *
prepared_new (GFile *file)
{
  Prepared *prep = g_new0 (Prepared, 1);

  prep->file = file ? g_object_ref (file) : NULL;
  return prep;
}

static void
prepared_free (Prepared *prep)
{
  g_clear_object (&prep->file);
  g_free (prep->path);
  g_clear_pointer (&prep->doc, khoji_document_free);
  g_free (prep->message);
  g_free (prep->hash);
  g_clear_pointer (&prep->mentions, g_ptr_array_unref);
  g_clear_pointer (&prep->dates, g_ptr_array_unref);
  g_clear_pointer (&prep->tokens, khoji_tokens_free);
  g_free (prep->dateline);
  g_free (prep);
}

static void
prepare_document (Prepared      *prep,
                  KhojiDocument *doc)
{
  prep->doc = doc;
  prep->hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, doc->text, -1);
}

static void
prepare_read (Prepared     *prep,
              GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;
  KhojiDocument *doc;

  prep->path = g_file_get_path (prep->file);
  if (prep->path == NULL)
    prep->path = g_file_get_uri (prep->file);

  doc = khoji_ingest_file (prep->file, cancellable, &error);
  if (doc == NULL)
    prep->message = ingest_error_message (error);
  else
    prepare_document (prep, doc);
}

static void
prepare_extract (Importer *imp,
                 Prepared *prep)
{
  const char *text = prep->doc->text;

  prep->extracted = TRUE;
  if (imp->published)
    {
      prep->published = imp->published;
      prep->published_source = "option";
    }
  else if (prep->doc->published)
    {
      prep->published = prep->doc->published;
      prep->published_source = "text";
    }

  prep->tokens = khoji_text_tokens (text, strlen (text));
  prep->mentions = khoji_extract_entities_with_tokens (imp->gazetteer, text, imp->lexicon, prep->tokens);
  /* Ingest knows datelines that stand on their own line. Agencies also
   * open the first paragraph with one ("नई दिल्ली, 14 मार्च 2023 —"): a
   * full date near the very top is the publication date, and the
   * relative dates are resolved against it. */
  prep->dates = khoji_extract_dates_from_top (text, prep->published, DATELINE_REACH, &prep->dateline);
  if (prep->dateline)
    {
      prep->published = prep->dateline;
      prep->published_source = "text";
    }
}

/* On the store's thread. A duplicate is found before extraction when no
 * worker has extracted yet, so a sequential import skips that work. */
static KhojiImportResult *
commit_prepared (Importer *imp,
                 Prepared *prep)
{
  KhojiImportResult *result = g_new0 (KhojiImportResult, 1);
  KhojiStoreArticle article = { 0 };
  GError *store_error = NULL;
  g_autoptr(GError) error = NULL;
  gint64 existing;

  result->path = g_strdup (prep->path);
  if (prep->doc == NULL)
    {
      result->status = KHOJI_IMPORT_REJECTED;
      result->message = g_strdup (prep->message);
      return result;
    }

  existing = khoji_store_find_article_by_hash (imp->store, prep->hash, &store_error);
  if (existing != 0)
    {
      if (existing < 0)
        {
          propagate_store_error (&error, store_error, NULL);
          result->status = KHOJI_IMPORT_REJECTED;
          result->message = g_strdup (error->message);
          return result;
        }
      result->status = KHOJI_IMPORT_DUPLICATE;
      result->article_id = existing;
      return result;
    }

  if (!prep->extracted)
    prepare_extract (imp, prep);

  article.path = prep->path;
  article.hash = prep->hash;
  article.title = prep->doc->title;
  article.source = prep->doc->source;
  article.text = prep->doc->text;
  article.published = prep->published;
  article.published_source = prep->published_source;
  article.mentions = prep->mentions;
  article.dates = prep->dates;
  article.tokens = prep->tokens;

  result->article_id = khoji_store_add_article (imp->store, &article, &store_error);
  if (result->article_id == 0)
    {
      /* Another writer (the window and khoji-cli at once) may have saved
       * the same text between the check above and this insert: that is
       * a duplicate, not a failure. */
      existing = khoji_store_find_article_by_hash (imp->store, prep->hash, NULL);
      if (existing > 0)
        {
          g_clear_error (&store_error);
          result->status = KHOJI_IMPORT_DUPLICATE;
          result->article_id = existing;
          return result;
        }
      propagate_store_error (&error, store_error, NULL);
      result->status = KHOJI_IMPORT_REJECTED;
      result->message = g_strdup_printf (_("The article could not be saved: %s"), error->message);
      return result;
    }
  result->status = KHOJI_IMPORT_IMPORTED;
  return result;
}

typedef struct {
  KhojiImportProgress  func;
  gpointer             data;
  guint                done;
  guint                total;
  char                *path;
} ProgressCall;

static gboolean
progress_dispatch (gpointer user_data)
{
  ProgressCall *call = user_data;

  call->func (call->done, call->total, call->path, call->data);
  return G_SOURCE_REMOVE;
}

static void
progress_call_free (gpointer user_data)
{
  ProgressCall *call = user_data;

  g_free (call->path);
  g_free (call);
}

/* Always through an idle source, never g_main_context_invoke(): that
 * runs the function right here, on the worker, whenever the main
 * context happens to be free, and the GUI must only be touched on the
 * main thread. */
static void
invoke_later (GMainContext   *context,
              GSourceFunc     func,
              gpointer        data,
              GDestroyNotify  notify)
{
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, func, data, notify);
  g_source_attach (source, context);
  g_source_unref (source);
}

/* The workers of one import and the store's thread meet here. */
typedef struct {
  Importer     *imp;
  GCancellable *cancellable;
  GMutex        lock;
  GCond         ready;
  gint          stop;   /* atomic: the store's thread has stopped taking articles */
} Pipeline;

static void
prepare_in_worker (gpointer data,
                   gpointer user_data)
{
  Prepared *prep = data;
  Pipeline *pl = user_data;

  /* Work that nobody will take is skipped, so cancelling is prompt. */
  if (!g_atomic_int_get (&pl->stop) && !g_cancellable_is_cancelled (pl->cancellable))
    {
      prepare_read (prep, pl->cancellable);
      /* A file the library has is not analysed again (the store thread
       * still decides, and extracts itself if it has to). */
      if (prep->doc && !(pl->imp->known && g_hash_table_contains (pl->imp->known, prep->hash)))
        prepare_extract (pl->imp, prep);
    }
  g_mutex_lock (&pl->lock);
  prep->ready = TRUE;
  g_cond_broadcast (&pl->ready);
  g_mutex_unlock (&pl->lock);
}

/* How many articles each worker may have read ahead of the store's
 * thread: enough to keep them busy while inserts run long (an FTS5
 * merge, a checkpoint at 256 MB), few enough that memory does not grow
 * with the batch (~100 KB an article). With one worker beside the store,
 * 16 rather than 4 took 10,000 articles in 14.4-14.7 s rather than
 * 15.2 s. */
#define READ_AHEAD_PER_WORKER 16

/* Imported articles between two folds of the entity counts into their
 * rows (khoji_store_fold_counts): the more, the fewer times each entity
 * row is written; the fewer, the less a listing during the import has to
 * add from the log. */
#define FOLD_COUNTS_EVERY 1000

#define KNOWN_HASHES_MIN_FILES 50

/* A long import's WAL checkpoints run on a thread of their own, with its
 * own connection: each one waits for the disk to sync, and on the storing
 * thread those waits were a third of a 10,000-article import on disk. */
#define BULK_MIN_FILES 50
#define CHECKPOINT_EVERY_US (250 * G_TIME_SPAN_MILLISECOND)

typedef struct {
  char     *path;
  GThread  *thread;
  GMutex    lock;
  GCond     wake;
  gboolean  stop;
} Checkpointer;

static gpointer
checkpoint_thread (gpointer data)
{
  Checkpointer *c = data;
  g_autoptr(GError) error = NULL;
  KhojiStore *store = khoji_store_open (c->path, &error);

  /* Without it the storing thread checkpoints as it always did. */
  if (store == NULL)
    {
      g_debug ("No checkpoints beside the import: %s", error->message);
      return NULL;
    }
  g_mutex_lock (&c->lock);
  while (!c->stop)
    {
      gint64 until = g_get_monotonic_time () + CHECKPOINT_EVERY_US;

      while (!c->stop && g_cond_wait_until (&c->wake, &c->lock, until))
        ;
      if (c->stop)
        break;
      g_mutex_unlock (&c->lock);
      if (!khoji_store_checkpoint (store, &error))
        {
          g_debug ("Checkpoint beside the import failed: %s", error->message);
          g_clear_error (&error);
        }
      g_mutex_lock (&c->lock);
    }
  g_mutex_unlock (&c->lock);
  khoji_store_close (store);
  return NULL;
}

static Checkpointer *
checkpointer_start (KhojiStore *store)
{
  Checkpointer *c = g_new0 (Checkpointer, 1);

  c->path = g_strdup (khoji_store_get_path (store));
  g_mutex_init (&c->lock);
  g_cond_init (&c->wake);
  c->thread = g_thread_new ("khoji-checkpoint", checkpoint_thread, c);
  khoji_store_set_bulk_writing (store, TRUE);
  return c;
}

static void
checkpointer_stop (Checkpointer *c,
                   KhojiStore   *store)
{
  g_mutex_lock (&c->lock);
  c->stop = TRUE;
  g_cond_signal (&c->wake);
  g_mutex_unlock (&c->lock);
  g_thread_join (c->thread);
  khoji_store_set_bulk_writing (store, FALSE);
  g_mutex_clear (&c->lock);
  g_cond_clear (&c->wake);
  g_free (c->path);
  g_free (c);
}

static void
fold_counts (KhojiStore *store)
{
  g_autoptr(GError) error = NULL;

  /* A fold that fails changes nothing a reader sees (readers add what is
   * logged) and the next one takes the same rows. */
  if (!khoji_store_fold_counts (store, &error))
    g_debug ("Entity counts not folded yet: %s", error->message);
}

static guint
default_import_workers (void)
{
  const char *env = g_getenv ("KHOJI_IMPORT_WORKERS");
  guint64 n;

  if (env && g_ascii_string_to_unsigned (env, 10, 1, 256, &n, NULL))
    return (guint) n;
  return MAX (g_get_num_processors (), 1);
}

static void
report_progress (KhojiImportProgress  progress,
                 gpointer             progress_data,
                 GMainContext        *context,
                 guint                done,
                 guint                total,
                 GFile               *file)
{
  g_autofree char *path = g_file_get_path (file);

  if (context)
    {
      ProgressCall *call = g_new0 (ProgressCall, 1);
      call->func = progress;
      call->data = progress_data;
      call->done = done;
      call->total = total;
      call->path = g_steal_pointer (&path);
      invoke_later (context, progress_dispatch, call, progress_call_free);
    }
  else
    progress (done, total, path, progress_data);
}

/* Runs on whichever thread opened `store`. When `context` is given,
 * progress is delivered there; else it is called directly. With more
 * than one worker, files are read and analysed on a thread pool while
 * this thread inserts them: ids, results and progress come exactly as
 * with one. */
static GPtrArray *
import_files_with_store (KhojiStore          *store,
                         KhojiGazetteer      *gazetteer,
                         GFile              **files,
                         guint                n_files,
                         const char          *published,
                         guint                n_workers,
                         KhojiImportProgress  progress,
                         gpointer             progress_data,
                         GMainContext        *context,
                         GCancellable        *cancellable)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *results = g_ptr_array_new_with_free_func ((GDestroyNotify) khoji_import_result_free);
  Importer imp = { store, gazetteer, NULL, published };
  Pipeline pl = { &imp, cancellable };
  g_autofree Prepared **slots = NULL;
  GThreadPool *pool = NULL;
  Checkpointer *checkpointer = NULL;
  g_autoptr(GError) error = NULL;
  guint next = 0, window = 0, since_fold = 0;

  for (guint i = 0; i < n_files; i++)
    collect_files (files[i], TRUE, all, seen, cancellable);

  imp.lexicon = khoji_store_load_lexicon (store, &error);
  if (imp.lexicon)
    g_ptr_array_set_free_func (imp.lexicon, (GDestroyNotify) lexicon_entry_free);

  if (n_workers == 0)
    n_workers = default_import_workers ();
  if (n_workers > 1 && all->len > 1)
    {
      /* Folders dropped again are mostly files the library has; their
       * analysis is most of an import's work. Reading the hashes costs
       * ~40 ms at 100,000 articles: not for a few files. */
      if (all->len >= KNOWN_HASHES_MIN_FILES)
        imp.known = khoji_store_list_hashes (store, NULL);
      g_mutex_init (&pl.lock);
      g_cond_init (&pl.ready);
      /* Exclusive threads end with the pool, and with them their caches.
       * The storing thread is one of the n: it sets the pace (its SQLite
       * commits cost more than an article's analysis), and with a thread
       * per processor beside it, it shared a processor with a worker.
       * 10,000 articles on 2 processors: 12.3-12.4 s with one worker
       * beside it, 14.1-14.5 s with two. */
      pool = g_thread_pool_new (prepare_in_worker, &pl, (int) n_workers - 1, TRUE, NULL);
      if (pool == NULL)
        {
          g_mutex_clear (&pl.lock);
          g_cond_clear (&pl.ready);
        }
      slots = g_new0 (Prepared *, all->len);
      window = (n_workers - 1) * READ_AHEAD_PER_WORKER;
      if (pool != NULL && all->len >= BULK_MIN_FILES)
        checkpointer = checkpointer_start (store);
    }

  for (guint i = 0; i < all->len; i++)
    {
      GFile *file = g_ptr_array_index (all, i);
      Prepared *prep;

      if (g_cancellable_is_cancelled (cancellable))
        break;

      if (progress)
        report_progress (progress, progress_data, context, i, all->len, file);

      if (pool)
        {
          for (; next < all->len && next < i + window; next++)
            {
              slots[next] = prepared_new (g_ptr_array_index (all, next));
              g_thread_pool_push (pool, slots[next], NULL);
            }
          g_mutex_lock (&pl.lock);
          while (!slots[i]->ready)
            g_cond_wait (&pl.ready, &pl.lock);
          g_mutex_unlock (&pl.lock);
          prep = g_steal_pointer (&slots[i]);
        }
      else
        {
          prep = prepared_new (file);
          prepare_read (prep, cancellable);
        }

      /* A read cut short by cancelling is no rejection: stop here. */
      if (g_cancellable_is_cancelled (cancellable))
        {
          prepared_free (prep);
          break;
        }
      g_ptr_array_add (results, commit_prepared (&imp, prep));
      prepared_free (prep);
      if (((KhojiImportResult *) g_ptr_array_index (results, results->len - 1))->status == KHOJI_IMPORT_IMPORTED &&
          ++since_fold == FOLD_COUNTS_EVERY)
        {
          fold_counts (store);
          since_fold = 0;
        }
    }

  if (pool)
    {
      g_atomic_int_set (&pl.stop, TRUE);
      /* Queued articles are dropped; running ones finish first. */
      g_thread_pool_free (pool, TRUE, TRUE);
      for (guint i = 0; i < next; i++)
        g_clear_pointer (&slots[i], prepared_free);
      g_mutex_clear (&pl.lock);
      g_cond_clear (&pl.ready);
    }

  if (checkpointer)
    checkpointer_stop (checkpointer, store);
  if (since_fold > 0)
    fold_counts (store);
  g_clear_pointer (&imp.lexicon, g_ptr_array_unref);
  g_clear_pointer (&imp.known, g_hash_table_unref);
  return results;
}

GPtrArray *
khoji_library_import_files (KhojiLibrary         *self,
                            GFile               **files,
                            guint                 n_files,
                            const char           *published,
                            KhojiImportProgress   progress,
                            gpointer              progress_data,
                            GCancellable         *cancellable)
{
  GPtrArray *results;

  g_return_val_if_fail (KHOJI_IS_LIBRARY (self), NULL);

  results = import_files_with_store (self->store, self->gazetteer, files, n_files, published,
                                     self->import_workers, progress, progress_data, NULL, cancellable);
  g_signal_emit (self, signals[CHANGED], 0);
  return results;
}

KhojiImportResult *
khoji_library_import_text (KhojiLibrary *self,
                           const char   *text,
                           const char   *published)
{
  g_autoptr(KhojiDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) lexicon = NULL;
  KhojiImportResult *result;
  Prepared *prep;
  Importer imp;

  g_return_val_if_fail (KHOJI_IS_LIBRARY (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  doc = khoji_ingest_text (text, &error);
  if (doc == NULL)
    {
      result = g_new0 (KhojiImportResult, 1);
      result->status = KHOJI_IMPORT_REJECTED;
      result->message = ingest_error_message (error);
      return result;
    }
  lexicon = khoji_store_load_lexicon (self->store, NULL);
  if (lexicon)
    g_ptr_array_set_free_func (lexicon, (GDestroyNotify) lexicon_entry_free);
  imp = (Importer) { self->store, self->gazetteer, lexicon, published };
  prep = prepared_new (NULL);
  prepare_document (prep, g_steal_pointer (&doc));
  result = commit_prepared (&imp, prep);
  prepared_free (prep);
  if (result->status == KHOJI_IMPORT_IMPORTED)
    g_signal_emit (self, signals[CHANGED], 0);
  return result;
}

typedef struct {
  char                *path;
  GPtrArray           *files;
  char                *published;
  KhojiGazetteer      *gazetteer;
  KhojiImportProgress  progress;
  gpointer             progress_data;
  GDestroyNotify       progress_destroy;
  GMainContext        *context;
  guint                n_workers;
} ImportJob;

static void
import_job_free (ImportJob *job)
{
  g_free (job->path);
  g_ptr_array_unref (job->files);
  g_free (job->published);
  khoji_gazetteer_unref (job->gazetteer);
  if (job->progress_destroy)
    job->progress_destroy (job->progress_data);
  g_main_context_unref (job->context);
  g_free (job);
}

static gboolean
emit_changed_idle (gpointer user_data)
{
  g_signal_emit (user_data, signals[CHANGED], 0);
  return G_SOURCE_REMOVE;
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ImportJob *job = task_data;
  GError *store_error = NULL;
  GError *error = NULL;
  KhojiStore *store;
  GPtrArray *results;

  /* This thread's own connection, closed before the thread ends. */
  store = khoji_store_open (job->path, &store_error);
  if (store == NULL)
    {
      propagate_store_error (&error, store_error, job->path);
      g_task_return_error (task, error);
      return;
    }
  results = import_files_with_store (store, job->gazetteer, (GFile **) job->files->pdata, job->files->len,
                                     job->published, job->n_workers, job->progress, job->progress_data, job->context,
                                     cancellable);
  khoji_store_close (store);

  invoke_later (job->context, emit_changed_idle,
                g_object_ref (source_object), g_object_unref);
  g_task_return_pointer (task, results, (GDestroyNotify) g_ptr_array_unref);
}

void
khoji_library_import_async (KhojiLibrary         *self,
                            GFile               **files,
                            guint                 n_files,
                            const char           *published,
                            KhojiImportProgress   progress,
                            gpointer              progress_data,
                            GDestroyNotify        progress_destroy,
                            GCancellable         *cancellable,
                            GAsyncReadyCallback   callback,
                            gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  ImportJob *job;

  g_return_if_fail (KHOJI_IS_LIBRARY (self));

  job = g_new0 (ImportJob, 1);
  job->path = g_strdup (self->path);
  job->files = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < n_files; i++)
    g_ptr_array_add (job->files, g_file_dup (files[i]));
  job->published = g_strdup (published);
  job->gazetteer = khoji_gazetteer_ref (self->gazetteer);
  job->progress = progress;
  job->progress_data = progress_data;
  job->progress_destroy = progress_destroy;
  job->context = g_main_context_ref_thread_default ();
  job->n_workers = self->import_workers;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, khoji_library_import_async);
  g_task_set_task_data (task, job, (GDestroyNotify) import_job_free);
  g_task_run_in_thread (task, import_thread);
}

GPtrArray *
khoji_library_import_finish (KhojiLibrary  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_async_result_is_tagged (result, khoji_library_import_async), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- Queries ---- */

#define WRAP(expr) \
  G_STMT_START { \
    GError *store_error = NULL; \
    __typeof__ (expr) ret_ = (expr); \
    if (store_error) \
      propagate_store_error (error, store_error, NULL); \
    return ret_; \
  } G_STMT_END

GPtrArray *
khoji_library_list_articles (KhojiLibrary  *self,
                             GError       **error)
{
  g_return_val_if_fail (KHOJI_IS_LIBRARY (self), NULL);
  WRAP (khoji_store_list_articles (self->store, &store_error));
}

static void
append_fts_term (GString    *out,
                 const char *term,
                 gsize       len,
                 gboolean    prefix)
{
  g_string_append_c (out, '"');
  for (gsize i = 0; i < len; i++)
    {
      if (term[i] == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, term[i]);
    }
  g_string_append_c (out, '"');
  if (prefix)
    g_string_append_c (out, '*');
}

static gboolean
has_word (const char *s,
          gsize       len)
{
  g_autoptr(GArray) words = khoji_text_words (s, len);
  return words->len > 0;
}

char *
khoji_library_parse_query (const char  *query,
                           GError     **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *p;
  gboolean pending_or = FALSE, pending_not = FALSE;
  guint n_terms = 0;

  g_return_val_if_fail (query != NULL, NULL);

  if (!g_utf8_validate (query, -1, NULL))
    {
      g_set_error_literal (error, KHOJI_LIBRARY_ERROR, KHOJI_LIBRARY_ERROR_QUERY,
                           _("The search contains characters that are not text."));
      return NULL;
    }

  p = query;
  while (*p)
    {
      const char *start;
      gsize len;
      gboolean prefix = FALSE, negate = FALSE, phrase = FALSE;

      while (*p && g_ascii_isspace (*p))
        p++;
      if (*p == '\0')
        break;

      if (*p == '-' && n_terms > 0)
        {
          negate = TRUE;
          p++;
        }

      if (*p == '"')
        {
          const char *close = strchr (p + 1, '"');
          if (close == NULL)
            {
              g_set_error_literal (error, KHOJI_LIBRARY_ERROR, KHOJI_LIBRARY_ERROR_QUERY,
                                   _("The search has an opening quotation mark without a closing one."));
              return NULL;
            }
          start = p + 1;
          len = close - start;
          p = close + 1;
          phrase = TRUE;
        }
      else
        {
          start = p;
          while (*p && !g_ascii_isspace (*p) && *p != '"')
            p++;
          len = p - start;
        }
      if (*p == '*')
        {
          prefix = TRUE;
          p++;
        }
      while (len > 0 && start[len - 1] == '*')
        {
          prefix = TRUE;
          len--;
        }

      if (!phrase && !negate && ((len == 2 && strncmp (start, "OR", 2) == 0) ||
                                  (len == strlen ("या") && strncmp (start, "या", len) == 0)))
        {
          if (n_terms > 0)
            pending_or = TRUE;
          continue;
        }
      if (!has_word (start, len))
        continue;

      if (n_terms > 0)
        {
          if (negate || pending_not)
            g_string_append (out, " NOT ");
          else if (pending_or)
            g_string_append (out, " OR ");
          else
            g_string_append (out, " AND ");
        }
      append_fts_term (out, start, len, prefix);
      pending_or = pending_not = FALSE;
      n_terms++;
    }

  if (n_terms == 0)
    {
      g_set_error_literal (error, KHOJI_LIBRARY_ERROR, KHOJI_LIBRARY_ERROR_QUERY,
                           _("Type a word to search for."));
      return NULL;
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
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
  WRAP (khoji_store_search (self->store, fts, limit, &store_error));
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

KhojiArticle *
khoji_library_get_article (KhojiLibrary  *self,
                           gint64         article_id,
                           GError       **error)
{
  g_return_val_if_fail (KHOJI_IS_LIBRARY (self), NULL);
  WRAP (khoji_store_get_article (self->store, article_id, &store_error));
}

char *
khoji_library_get_article_text (KhojiLibrary  *self,
                                gint64         article_id,
                                GError       **error)
{
  g_return_val_if_fail (KHOJI_IS_LIBRARY (self), NULL);
  WRAP (khoji_store_get_article_text (self->store, article_id, &store_error));
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
      propagate_store_error (error, store_error, NULL);
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
      if (store_error->code == KHOJI_STORE_ERROR_NOT_FOUND &&
          g_str_has_prefix (store_error->message, "No entity "))
        {
          /* The store names the id it did not find. */
          g_set_error (error, KHOJI_LIBRARY_ERROR, KHOJI_LIBRARY_ERROR_NOT_FOUND,
                       _("There is no entity with the id %s."),
                       store_error->message + strlen ("No entity "));
          g_error_free (store_error);
        }
      else if (store_error->code == KHOJI_STORE_ERROR_MERGED)
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
        propagate_store_error (error, store_error, NULL);
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
      propagate_store_error (error, store_error, NULL);
      return FALSE;
    }
  dates = khoji_extract_dates (text, published);
  if (!khoji_store_set_published (self->store, article_id, text, published, "user", dates, &store_error))
    {
      propagate_store_error (error, store_error, NULL);
      return FALSE;
    }
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

gboolean
khoji_library_undo_correction (KhojiLibrary  *self,
                               GError       **error)
{
  GError *store_error = NULL;

  g_return_val_if_fail (KHOJI_IS_LIBRARY (self), FALSE);
  if (!khoji_store_undo_correction (self->store, &store_error))
    {
      if (store_error->code == KHOJI_STORE_ERROR_NOT_FOUND)
        {
          g_set_error_literal (error, KHOJI_LIBRARY_ERROR, KHOJI_LIBRARY_ERROR_NOT_FOUND,
                               _("There is no correction to undo."));
          g_error_free (store_error);
        }
      else
        propagate_store_error (error, store_error, NULL);
      return FALSE;
    }
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
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
      propagate_store_error (error, store_error, NULL);
      return FALSE;
    }
  if (!ok)
    g_set_error_literal (error, KHOJI_LIBRARY_ERROR, KHOJI_LIBRARY_ERROR_CORRUPT,
                         _("The library has problems: see the report above."));
  return ok;
}

/* JSON and CSV are written by hand: the shapes are small and fixed
 * (cli-json.md), and this keeps a JSON library out of the core. */

static void
json_string (GString    *out,
             const char *s)
{
  if (s == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = s; *p; p++)
    {
      guchar c = *p;
      switch (c)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, c);
        }
    }
  g_string_append_c (out, '"');
}

typedef struct {
  GOutputStream *out;
  GString       *buf;
  guint          n;
  GHashTable    *aliases;   /* entity id -> GPtrArray of forms */
  gboolean       csv;
  const char    *kind;
} Writer;

static gboolean
writer_flush (Writer   *w,
              gboolean  force,
              GError  **error)
{
  if (w->buf->len < 65536 && !force)
    return TRUE;
  if (!g_output_stream_write_all (w->out, w->buf->str, w->buf->len, NULL, NULL, error))
    return FALSE;
  g_string_truncate (w->buf, 0);
  return TRUE;
}

static void
json_sep (Writer *w)
{
  g_string_append (w->buf, w->n++ ? ",\n    " : "\n    ");
}

static gboolean
json_article (const char * const *c, const gint64 *v, guint n, gpointer data, GError **error)
{
  Writer *w = data;

  json_sep (w);
  g_string_append_printf (w->buf, "{\"id\": %" G_GINT64_FORMAT ", \"path\": ", v[0]);
  json_string (w->buf, c[1]);
  g_string_append (w->buf, ", \"title\": ");
  json_string (w->buf, c[2]);
  g_string_append (w->buf, ", \"source\": ");
  json_string (w->buf, c[6]);
  g_string_append (w->buf, ", \"published\": ");
  json_string (w->buf, c[3]);
  g_string_append (w->buf, ", \"published_source\": ");
  json_string (w->buf, c[4]);
  if (g_strcmp0 (w->kind, "timeline") != 0)
    {
      g_string_append (w->buf, ", \"text\": ");
      json_string (w->buf, c[5]);
    }
  g_string_append_c (w->buf, '}');
  return writer_flush (w, FALSE, error);
}

static gboolean
collect_alias (const char * const *c, const gint64 *v, guint n, gpointer data, GError **error)
{
  Writer *w = data;
  GPtrArray *forms = g_hash_table_lookup (w->aliases, &v[0]);

  if (forms == NULL)
    {
      forms = g_ptr_array_new_with_free_func (g_free);
      g_hash_table_insert (w->aliases, g_memdup2 (&v[0], sizeof (gint64)), forms);
    }
  g_ptr_array_add (forms, g_strdup (c[1]));
  return TRUE;
}

static gboolean
json_entity (const char * const *c, const gint64 *v, guint n, gpointer data, GError **error)
{
  Writer *w = data;
  GPtrArray *forms = g_hash_table_lookup (w->aliases, &v[0]);

  json_sep (w);
  g_string_append_printf (w->buf, "{\"id\": %" G_GINT64_FORMAT ", \"name\": ", v[0]);
  json_string (w->buf, c[1]);
  g_string_append (w->buf, ", \"latin\": ");
  json_string (w->buf, c[2]);
  g_string_append (w->buf, ", \"type\": ");
  json_string (w->buf, c[3]);
  g_string_append (w->buf, ", \"aliases\": [");
  for (guint i = 0; forms && i < forms->len; i++)
    {
      if (i)
        g_string_append (w->buf, ", ");
      json_string (w->buf, g_ptr_array_index (forms, i));
    }
  g_string_append_printf (w->buf, "], \"articles\": %" G_GINT64_FORMAT ", \"mentions\": %" G_GINT64_FORMAT
                          ", \"hidden\": %s}", v[4], v[5], v[6] ? "true" : "false");
  return writer_flush (w, FALSE, error);
}

static gboolean
json_mention (const char * const *c, const gint64 *v, guint n, gpointer data, GError **error)
{
  Writer *w = data;

  json_sep (w);
  g_string_append_printf (w->buf, "{\"article\": %" G_GINT64_FORMAT ", \"entity\": %" G_GINT64_FORMAT ", \"text\": ",
                          v[0], v[1]);
  json_string (w->buf, c[2]);
  g_string_append_printf (w->buf, ", \"start\": %" G_GINT64_FORMAT ", \"end\": %" G_GINT64_FORMAT "}", v[3], v[4]);
  return writer_flush (w, FALSE, error);
}

static gboolean
json_date (const char * const *c, const gint64 *v, guint n, gpointer data, GError **error)
{
  Writer *w = data;

  json_sep (w);
  g_string_append_printf (w->buf, "{\"article\": %" G_GINT64_FORMAT ", \"text\": ", v[0]);
  json_string (w->buf, c[1]);
  g_string_append_printf (w->buf, ", \"start\": %" G_GINT64_FORMAT ", \"end\": %" G_GINT64_FORMAT ", \"value\": ",
                          v[2], v[3]);
  json_string (w->buf, c[4]);
  g_string_append_printf (w->buf, ", \"relative\": %s, \"sentence\": ", v[5] ? "true" : "false");
  json_string (w->buf, c[6]);
  g_string_append_c (w->buf, '}');
  return writer_flush (w, FALSE, error);
}

static gboolean
write_section (KhojiLibrary      *self,
               Writer            *w,
               const char        *name,
               KhojiStoreRows     rows,
               KhojiStoreRowFunc  func,
               gboolean           first,
               GError           **error)
{
  GError *store_error = NULL;

  g_string_append_printf (w->buf, "%s\n  \"%s\": [", first ? "" : ",", name);
  w->n = 0;
  if (!khoji_store_foreach_row (self->store, rows, func, w, &store_error))
    {
      if (store_error)
        propagate_store_error (error, store_error, NULL);
      return FALSE;
    }
  g_string_append (w->buf, w->n ? "\n  ]" : "]");
  return TRUE;
}

gboolean
khoji_library_export_json (KhojiLibrary   *self,
                           const char     *what,
                           GOutputStream  *out,
                           GError        **error)
{
  g_autoptr(GString) buf = g_string_new ("{");
  g_autoptr(GHashTable) aliases = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                         (GDestroyNotify) g_ptr_array_unref);
  Writer w = { out, buf, 0, aliases, FALSE, what };
  gboolean all, entities, timeline;
  gboolean first = TRUE;

  g_return_val_if_fail (KHOJI_IS_LIBRARY (self), FALSE);

  if (what == NULL)
    what = w.kind = "all";
  all = g_str_equal (what, "all");
  entities = g_str_equal (what, "entities");
  timeline = g_str_equal (what, "timeline");
  if (!all && !entities && !timeline)
    {
      g_set_error (error, KHOJI_LIBRARY_ERROR, KHOJI_LIBRARY_ERROR_FAILED,
                   _("Unknown export “%s”: use all, entities or timeline."), what);
      return FALSE;
    }

  if (all || timeline)
    {
      if (!write_section (self, &w, "articles", KHOJI_STORE_ROWS_ARTICLES, json_article, first, error))
        return FALSE;
      first = FALSE;
    }
  if (all || entities)
    {
      GError *store_error = NULL;
      if (!khoji_store_foreach_row (self->store, KHOJI_STORE_ROWS_ALIASES, collect_alias, &w, &store_error))
        {
          propagate_store_error (error, store_error, NULL);
          return FALSE;
        }
      if (!write_section (self, &w, "entities", KHOJI_STORE_ROWS_ENTITIES, json_entity, first, error))
        return FALSE;
      first = FALSE;
    }
  if (all)
    {
      if (!write_section (self, &w, "mentions", KHOJI_STORE_ROWS_MENTIONS, json_mention, first, error))
        return FALSE;
    }
  if (all || timeline)
    {
      if (!write_section (self, &w, "dates", KHOJI_STORE_ROWS_DATES, json_date, first, error))
        return FALSE;
    }
  g_string_append (buf, "\n}\n");
  return writer_flush (&w, TRUE, error);
}

static void
csv_field (GString    *out,
           const char *s,
           gboolean    last)
{
  if (s && strpbrk (s, ",\"\n\r"))
    {
      g_string_append_c (out, '"');
      for (const char *p = s; *p; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  else if (s)
    g_string_append (out, s);
  g_string_append (out, last ? "\r\n" : ",");
}

static gboolean
csv_entity (const char * const *c, const gint64 *v, guint n, gpointer data, GError **error)
{
  Writer *w = data;
  GPtrArray *forms = g_hash_table_lookup (w->aliases, &v[0]);
  g_autoptr(GString) joined = g_string_new (NULL);

  for (guint i = 0; forms && i < forms->len; i++)
    {
      if (i)
        g_string_append (joined, "|");
      g_string_append (joined, g_ptr_array_index (forms, i));
    }
  if (g_strcmp0 (w->kind, "all") == 0)
    g_string_append (w->buf, "entity,");
  for (guint i = 0; i < 4; i++)
    csv_field (w->buf, c[i], FALSE);
  csv_field (w->buf, joined->str, FALSE);
  csv_field (w->buf, c[4], FALSE);
  csv_field (w->buf, c[5], TRUE);
  return writer_flush (w, FALSE, error);
}

static gboolean
csv_date (const char * const *c, const gint64 *v, guint n, gpointer data, GError **error)
{
  Writer *w = data;

  if (g_strcmp0 (w->kind, "all") == 0)
    g_string_append (w->buf, "date,");
  csv_field (w->buf, c[0], FALSE);
  csv_field (w->buf, c[1], FALSE);
  csv_field (w->buf, c[2], FALSE);
  csv_field (w->buf, c[3], FALSE);
  csv_field (w->buf, c[4], FALSE);
  csv_field (w->buf, v[5] ? "true" : "false", FALSE);
  csv_field (w->buf, c[6], TRUE);
  return writer_flush (w, FALSE, error);
}

gboolean
khoji_library_export_csv (KhojiLibrary   *self,
                          const char     *what,
                          GOutputStream  *out,
                          GError        **error)
{
  g_autoptr(GString) buf = g_string_new (NULL);
  g_autoptr(GHashTable) aliases = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                         (GDestroyNotify) g_ptr_array_unref);
  Writer w = { out, buf, 0, aliases, TRUE, what ? what : "all" };
  GError *store_error = NULL;
  gboolean all;

  g_return_val_if_fail (KHOJI_IS_LIBRARY (self), FALSE);

  all = g_str_equal (w.kind, "all");
  if (!all && !g_str_equal (w.kind, "entities") && !g_str_equal (w.kind, "timeline"))
    {
      g_set_error (error, KHOJI_LIBRARY_ERROR, KHOJI_LIBRARY_ERROR_FAILED,
                   _("Unknown export “%s”: use all, entities or timeline."), w.kind);
      return FALSE;
    }

  /* One table: with `all`, a first column says what each row is. */
  if (all || g_str_equal (w.kind, "entities"))
    {
      if (!khoji_store_foreach_row (self->store, KHOJI_STORE_ROWS_ALIASES, collect_alias, &w, &store_error))
        goto fail;
      g_string_append (buf, all ? "kind,id,name,latin,type,aliases,articles,mentions\r\n"
                                : "id,name,latin,type,aliases,articles,mentions\r\n");
      if (!khoji_store_foreach_row (self->store, KHOJI_STORE_ROWS_ENTITIES, csv_entity, &w, &store_error))
        goto fail;
    }
  if (all || g_str_equal (w.kind, "timeline"))
    {
      g_string_append (buf, all ? "kind,article,text,start,end,value,relative,sentence\r\n"
                                : "article,text,start,end,value,relative,sentence\r\n");
      if (!khoji_store_foreach_row (self->store, KHOJI_STORE_ROWS_DATES, csv_date, &w, &store_error))
        goto fail;
    }
  return writer_flush (&w, TRUE, error);

fail:
  if (store_error)
    propagate_store_error (error, store_error, NULL);
  return FALSE;
}
