/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-library"

#include "config.h"

#include <string.h>
#include <time.h>

#include <glib/gi18n-lib.h>
#include <gnutls/crypto.h>

#include "khoji-library-private.h"

/* Import: files are walked and read, cleaned and analysed by a pool of
 * workers (reading ahead of the store), then stored one by one, in the
 * order of the files, by the thread that owns the store connection. */

/* The file types a folder walk picks up. Files named one by one are always
 * tried, and rejected with a reason when they are not articles. */
static const char *article_suffixes[] = { ".txt", ".text", ".htm", ".html", ".xhtml", ".md", ".pdf", NULL };

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
    {
      /* A folder that cannot be read is reported like a file that cannot
       * be: it goes in the list, and reading it says why. */
      g_ptr_array_add (out, g_object_ref (file));
      return;
    }
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
  /* Articles in a row the archive could not be reached for, and the
   * last one's message: see commit_prepared(). */
  guint           n_unreachable;
  char           *unreachable_message;
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
  GArray           *sentences;         /* of KhojiSpan: each mention's sentence */
  const char       *published;         /* the batch's date, or the doc's */
  const char       *published_source;
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
  g_clear_pointer (&prep->sentences, g_array_unref);
  g_free (prep);
}

/* GnuTLS's SHA-256 (with the processor's SHA instructions where it has
 * them) rather than GLib's GChecksum, whose portable code cost 4 % of an
 * import's analysis thread: about 4.5 times faster on an article. The
 * same digest, which test-library checks against GChecksum's. */
char *
_khoji_library_text_hash (const char *text,
                          gsize       len)
{
  static const char hex[] = "0123456789abcdef";
  guint8 digest[32];
  char *out;

  if (gnutls_hash_fast (GNUTLS_DIG_SHA256, text, len, digest) < 0)
    return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) text, len);
  out = g_malloc (2 * sizeof digest + 1);
  for (gsize i = 0; i < sizeof digest; i++)
    {
      out[2 * i] = hex[digest[i] >> 4];
      out[2 * i + 1] = hex[digest[i] & 0xf];
    }
  out[2 * sizeof digest] = '\0';
  return out;
}

static void
prepare_document (Prepared      *prep,
                  KhojiDocument *doc)
{
  prep->doc = doc;
  prep->hash = _khoji_library_text_hash (doc->text, strlen (doc->text));
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
  if (doc == NULL &&
      g_file_query_file_type (prep->file, G_FILE_QUERY_INFO_NONE, NULL) == G_FILE_TYPE_DIRECTORY)
    {
      /* Only a folder whose list of files could not be read gets here. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED))
        prep->message = g_strdup (_("The folder cannot be read: permission denied."));
      else
        prep->message = g_strdup (_("The folder cannot be read."));
    }
  else if (doc == NULL)
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
  prep->sentences = khoji_text_sentences (text, strlen (text));
  prep->mentions = khoji_extract_entities_with_tokens (imp->gazetteer, text, imp->lexicon, prep->tokens);
  /* The relative dates are resolved against the publication date:
   * ingest's, from the page's metadata or the dateline. */
  prep->dates = khoji_extract_dates_with_sentences (text, prep->published, prep->sentences);
}

/* On the store's thread. A duplicate is found before extraction when no
 * worker has extracted yet, so a sequential import skips that work. */
static KhojiImportResult *
commit_prepared_once (Importer *imp,
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
          _khoji_library_propagate_store_error (&error, store_error, NULL);
          result->status = KHOJI_IMPORT_REJECTED;
          result->message = g_strdup (error->message);
          result->unreachable = g_error_matches (error, KHOJI_LIBRARY_ERROR, KHOJI_LIBRARY_ERROR_UNREACHABLE);
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
  article.sentences = prep->sentences;

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
      _khoji_library_propagate_store_error (&error, store_error, NULL);
      result->status = KHOJI_IMPORT_REJECTED;
      result->message = g_strdup_printf (_("The article could not be saved: %s"), error->message);
      result->unreachable = g_error_matches (error, KHOJI_LIBRARY_ERROR, KHOJI_LIBRARY_ERROR_UNREACHABLE);
      return result;
    }
  result->status = KHOJI_IMPORT_IMPORTED;
  return result;
}

/* As commit_prepared_once(), but once the archive could not be reached
 * for two articles in a row the rest of the batch is not tried: each is
 * rejected at once with the same message. The first failure is the
 * statement that found the connection gone; the second, the connection
 * made again at the next article (a server restarted in between is
 * found again there). Past that, every article would wait out the
 * connection's timeout (ten seconds from the window) only to fail: on a
 * network gone mid-import, hours for a large folder. The import run
 * again later finds the saved articles as duplicates. */
static KhojiImportResult *
commit_prepared (Importer *imp,
                 Prepared *prep)
{
  KhojiImportResult *result;

  if (imp->n_unreachable >= 2 && prep->doc != NULL)
    {
      result = g_new0 (KhojiImportResult, 1);
      result->path = g_strdup (prep->path);
      result->status = KHOJI_IMPORT_REJECTED;
      result->message = g_strdup (imp->unreachable_message);
      result->unreachable = TRUE;
      return result;
    }
  result = commit_prepared_once (imp, prep);
  if (result->unreachable)
    {
      imp->n_unreachable++;
      g_free (imp->unreachable_message);
      imp->unreachable_message = g_strdup (result->message);
    }
  else if (result->status != KHOJI_IMPORT_REJECTED || prep->doc != NULL)
    imp->n_unreachable = 0;
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

/* The timeline's kept list takes in what the import added, here rather
 * than in the first load after it: on an archive that load would mark
 * every new date kept in one UPDATE (2.4 s after 10,000 articles). A
 * fold that fails (another writer in the way) leaves it to that load. */
static void
keep_events (KhojiStore *store)
{
  g_autoptr(GError) error = NULL;

  if (!khoji_store_keep_events (store, &error))
    g_debug ("Timeline list not kept yet: %s", error ? error->message : "another writer");
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

void
_khoji_library_report_progress (KhojiImportProgress  progress,
                                gpointer             progress_data,
                                GMainContext        *context,
                                guint                done,
                                guint                total,
                                const char          *path)
{
  if (context)
    {
      ProgressCall *call = g_new0 (ProgressCall, 1);
      call->func = progress;
      call->data = progress_data;
      call->done = done;
      call->total = total;
      call->path = g_strdup (path);
      invoke_later (context, progress_dispatch, call, progress_call_free);
    }
  else
    progress (done, total, path, progress_data);
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

  _khoji_library_report_progress (progress, progress_data, context, done, total, path);
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
  guint next = 0, window = 0, since_fold = 0, imported = 0;

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
          (imported++, ++since_fold == FOLD_COUNTS_EVERY))
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
  /* Not when the archive is gone: the counts stay in the log, folded
   * by the next import. */
  if (since_fold > 0 && imp.n_unreachable < 2)
    fold_counts (store);
  if (imported > 0 && imp.n_unreachable < 2)
    keep_events (store);
  g_clear_pointer (&imp.lexicon, g_ptr_array_unref);
  g_clear_pointer (&imp.known, g_hash_table_unref);
  g_clear_pointer (&imp.unreachable_message, g_free);
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

  results = import_files_with_store (self->store, _khoji_library_get_gazetteer (), files, n_files, published,
                                     self->import_workers, progress, progress_data, NULL, cancellable);
  _khoji_library_emit_changed (self);
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
  imp = (Importer) { self->store, _khoji_library_get_gazetteer (), lexicon, published };
  prep = prepared_new (NULL);
  prepare_document (prep, g_steal_pointer (&doc));
  result = commit_prepared_once (&imp, prep);
  prepared_free (prep);
  if (result->status == KHOJI_IMPORT_IMPORTED)
    _khoji_library_emit_changed (self);
  return result;
}

typedef struct {
  char                *path;
  GPtrArray           *files;
  char                *published;
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
  if (job->progress_destroy)
    job->progress_destroy (job->progress_data);
  g_main_context_unref (job->context);
  g_free (job);
}

static gboolean
emit_changed_idle (gpointer user_data)
{
  _khoji_library_emit_changed (user_data);
  return G_SOURCE_REMOVE;
}

void
_khoji_library_emit_changed_later (KhojiLibrary *self,
                                   GMainContext *context)
{
  invoke_later (context, emit_changed_idle, g_object_ref (self), g_object_unref);
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
      _khoji_library_propagate_store_error (&error, store_error, job->path);
      g_task_return_error (task, error);
      return;
    }
  results = import_files_with_store (store, _khoji_library_get_gazetteer (), (GFile **) job->files->pdata, job->files->len,
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

/* ---- Copying from another library (khoji-library-copy.c) ---- */

KhojiImportStatus
_khoji_library_add_stored_article (KhojiLibrary            *self,
                                   const KhojiStoredArticle *stored,
                                   GPtrArray               *lexicon,
                                   gint64                  *article_id,
                                   char                   **message)
{
  KhojiDocument *doc = g_new0 (KhojiDocument, 1);
  Importer imp = { self->store, _khoji_library_get_gazetteer (), lexicon, NULL, NULL };
  Prepared *prep = prepared_new (NULL);
  KhojiImportResult *result;
  KhojiImportStatus status;

  /* The text as the other library keeps it, after its import's clean-up:
   * its hash is the one that library computed, so a copy made twice, or
   * the same file imported later, is a duplicate. */
  doc->text = g_strdup (stored->text);
  doc->title = g_strdup (stored->title ? stored->title : "");
  doc->source = g_strdup (stored->source);
  prep->path = g_strdup (stored->path);
  prepare_document (prep, doc);

  /* Analysed here, with this library's gazetteer and the user's learned
   * forms; the publication date and where it came from are kept as they
   * were (a date the user set stays the user's). */
  prep->extracted = TRUE;
  prep->published = stored->published;
  prep->published_source = stored->published_source;
  prep->tokens = khoji_text_tokens (doc->text, strlen (doc->text));
  prep->mentions = khoji_extract_entities_with_tokens (imp.gazetteer, doc->text, lexicon, prep->tokens);
  prep->dates = khoji_extract_dates (doc->text, prep->published);

  result = commit_prepared_once (&imp, prep);
  status = result->status;
  if (article_id)
    *article_id = result->article_id;
  if (message)
    *message = g_steal_pointer (&result->message);
  khoji_import_result_free (result);
  prepared_free (prep);
  return status;
}

GPtrArray *
_khoji_library_load_lexicon (KhojiLibrary *self)
{
  GPtrArray *lexicon = khoji_store_load_lexicon (self->store, NULL);

  if (lexicon)
    g_ptr_array_set_free_func (lexicon, (GDestroyNotify) lexicon_entry_free);
  return lexicon;
}
