/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-library"

#include "config.h"

#include "khoji-library-network.h"
#include "khoji-library-reader.h"

/* One exclusive thread of a GThreadPool: it lives as long as the pool,
 * so the connection it opens stays on it (a connection never leaves its
 * thread) and later reads skip opening the store again. The pool runs
 * one job at a time, so a read never races the next. */
struct _KhojiLibraryReader
{
  GThreadPool  *pool;
  char         *path;
  KhojiLibrary *connection;   /* the reader thread's own; only it touches this */
};

typedef KhojiReadFunc ReadFunc;

typedef struct {
  ReadFunc        func;
  gpointer        data;
  GDestroyNotify  data_destroy;
  GDestroyNotify  result_destroy;
} ReadJob;

static void
read_job_free (ReadJob *job)
{
  if (job->data_destroy != NULL)
    job->data_destroy (job->data);
  g_free (job);
}

/* The sentinel that closes the connection on its thread. */
static GTask *close_job_marker (void) { static char marker; return (GTask *) &marker; }

static void
run_job (KhojiLibraryReader *reader,
         GTask              *task)
{
  ReadJob *job;
  GError *error = NULL;
  gpointer result;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (reader->connection == NULL)
    {
      reader->connection = khoji_library_open (reader->path, &error);
      if (reader->connection == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
    }

  job = g_task_get_task_data (task);
  result = job->func (reader->connection, job->data, g_task_get_cancellable (task), &error);
  /* A shared archive's server that went away (restarted, or the network
   * gone) leaves this connection broken: the next read opens a new one,
   * and succeeds once the server is back. */
  if (g_error_matches (error, KHOJI_LIBRARY_ERROR, KHOJI_LIBRARY_ERROR_UNREACHABLE))
    g_clear_object (&reader->connection);
  if (result == NULL && error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, job->result_destroy);
}

static gboolean
release_task (gpointer task)
{
  /* The source's destroy notify lets go of the task. */
  return G_SOURCE_REMOVE;
}

static void
reader_run (gpointer item,
            gpointer user_data)
{
  KhojiLibraryReader *reader = user_data;
  GTask *task = item;
  GSource *source;

  if (item == (gpointer) close_job_marker ())
    {
      g_clear_object (&reader->connection);
      return;
    }

  run_job (reader, task);

  /* The task holds the library. Its callback runs in the requester's
   * context, where the caller may drop its last reference to the
   * library; were this thread to let go of the task after that, the
   * library would be finalized here, and its finalize waits for this
   * pool: the thread would wait for itself. The task's last reference
   * goes back to the requester's context, as its callback did, at the
   * task's priority, so that it goes in the callback's iteration. */
  source = g_idle_source_new ();
  g_source_set_priority (source, g_task_get_priority (task));
  g_source_set_static_name (source, "[khoji] release a read's task");
  g_source_set_callback (source, release_task, task, g_object_unref);
  g_source_attach (source, g_task_get_context (task));
  g_source_unref (source);
}

static KhojiLibraryReader *
reader_new (const char *path)
{
  KhojiLibraryReader *reader = g_new0 (KhojiLibraryReader, 1);

  reader->path = g_strdup (path);
  reader->pool = g_thread_pool_new (reader_run, reader, 1, TRUE, NULL);
  return reader;
}

void
_khoji_library_reader_free (KhojiLibraryReader *reader)
{
  if (reader == NULL)
    return;
  /* Queued reads run (their callers hold the library, so there are none
   * when the library goes), then the connection closes on its thread. */
  g_thread_pool_push (reader->pool, close_job_marker (), NULL);
  g_thread_pool_free (reader->pool, FALSE, TRUE);
  g_free (reader->path);
  g_free (reader);
}

void
_khoji_library_run_read (KhojiLibrary        *self,
                         KhojiReaderLane      lane,
                         gpointer             source_tag,
                         ReadFunc             func,
                         gpointer             data,
                         GDestroyNotify       data_destroy,
                         GDestroyNotify       result_destroy,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  KhojiLibraryReader **slot = _khoji_library_get_reader_slot (self, lane);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  ReadJob *job = g_new0 (ReadJob, 1);

  job->func = func;
  job->data = data;
  job->data_destroy = data_destroy;
  job->result_destroy = result_destroy;
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, job, (GDestroyNotify) read_job_free);

  if (*slot == NULL)
    *slot = reader_new (khoji_library_get_path (self));
  g_thread_pool_push ((*slot)->pool, task, NULL);
}

gpointer
_khoji_library_finish_read (KhojiLibrary  *self,
                            GAsyncResult  *result,
                            gpointer       source_tag,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The lists' reads, on the lists' reader. */
static void
run_read (KhojiLibrary        *self,
          gpointer             source_tag,
          ReadFunc             func,
          gpointer             data,
          GDestroyNotify       data_destroy,
          GDestroyNotify       result_destroy,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  _khoji_library_run_read (self, KHOJI_READER_LISTS, source_tag, func, data, data_destroy,
                           result_destroy, cancellable, callback, user_data);
}

#define finish_read _khoji_library_finish_read

/* ---- Where entities meet, and their events ---- */

/* The articles that mention every one of entity_ids, ascending. */
static GArray *
intersect_read (KhojiLibrary  *connection,
                GArray        *entity_ids,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autoptr(GHashTable) counts = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GArray) first = NULL;
  GArray *result;

  if (entity_ids->len == 0)
    return g_array_new (FALSE, FALSE, sizeof (gint64));

  /* An article of the first entity's list stays while every other
   * entity's list has it too: counted once per entity. */
  first = khoji_library_articles_for_entity (connection, g_array_index (entity_ids, gint64, 0), error);
  if (first == NULL)
    return NULL;
  for (guint k = 0; k < first->len; k++)
    g_hash_table_insert (counts, &g_array_index (first, gint64, k), GUINT_TO_POINTER (1));

  for (guint i = 1; i < entity_ids->len && g_hash_table_size (counts) > 0; i++)
    {
      g_autoptr(GArray) ids = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      ids = khoji_library_articles_for_entity (connection, g_array_index (entity_ids, gint64, i), error);
      if (ids == NULL)
        return NULL;
      for (guint k = 0; k < ids->len; k++)
        {
          gpointer key, value;

          if (g_hash_table_lookup_extended (counts, &g_array_index (ids, gint64, k), &key, &value) &&
              GPOINTER_TO_UINT (value) == i)
            g_hash_table_insert (counts, key, GUINT_TO_POINTER (i + 1));
        }
    }

  result = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint k = 0; k < first->len; k++)
    {
      gint64 id = g_array_index (first, gint64, k);

      if (GPOINTER_TO_UINT (g_hash_table_lookup (counts, &id)) == entity_ids->len)
        {
          g_array_append_val (result, id);
          /* Listed twice in the first list: kept once. */
          g_hash_table_remove (counts, &id);
        }
    }
  return result;
}

/* The events of the selection, in the timeline's order. article_ids are
 * the articles that mention every selected entity, so each of them
 * mentions the first one: that entity's events, kept when their article
 * is selected, are all the selection's events, each once. */
static GArray *
selection_events (KhojiLibrary *connection,
                  GArray       *entity_ids,
                  GArray       *article_ids)
{
  g_autoptr(GHashTable) allowed = NULL;
  g_autoptr(GArray) some = NULL;
  GArray *events;

  if (entity_ids->len == 0)
    {
      events = khoji_library_list_event_refs (connection, 0, NULL);
      return events != NULL ? events : g_array_new (FALSE, FALSE, sizeof (KhojiEventRef));
    }

  allowed = g_hash_table_new (g_int64_hash, g_int64_equal);
  for (guint i = 0; i < article_ids->len; i++)
    g_hash_table_add (allowed, &g_array_index (article_ids, gint64, i));
  some = khoji_library_list_event_refs (connection, g_array_index (entity_ids, gint64, 0), NULL);
  events = g_array_new (FALSE, FALSE, sizeof (KhojiEventRef));
  for (guint k = 0; some != NULL && k < some->len; k++)
    {
      const KhojiEventRef *ref = &g_array_index (some, KhojiEventRef, k);

      if (g_hash_table_contains (allowed, &ref->article_id))
        g_array_append_vals (events, ref, 1);
    }
  return events;
}

void
khoji_selection_free (KhojiSelection *selection)
{
  if (selection == NULL)
    return;
  g_clear_pointer (&selection->article_ids, g_array_unref);
  g_clear_pointer (&selection->events, g_array_unref);
  g_free (selection);
}

static gpointer
selection_read (KhojiLibrary  *connection,
                gpointer       data,
                GCancellable  *cancellable,
                GError       **error)
{
  GArray *entity_ids = data;
  g_autoptr(KhojiSelection) selection = g_new0 (KhojiSelection, 1);

  if (entity_ids->len > 0)
    {
      selection->article_ids = intersect_read (connection, entity_ids, cancellable, error);
      if (selection->article_ids == NULL)
        return NULL;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  selection->events = selection_events (connection, entity_ids, selection->article_ids);
  return g_steal_pointer (&selection);
}

/* The caller's ids, copied for the reader thread to own. */
static GArray *
copy_ids (GArray *ids)
{
  GArray *copy = g_array_sized_new (FALSE, FALSE, sizeof (gint64), ids->len);

  g_array_append_vals (copy, ids->data, ids->len);
  return copy;
}

void
khoji_library_read_selection_async (KhojiLibrary        *self,
                                    GArray              *entity_ids,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (KHOJI_IS_LIBRARY (self));
  g_return_if_fail (entity_ids != NULL);

  run_read (self, khoji_library_read_selection_async, selection_read,
            copy_ids (entity_ids), (GDestroyNotify) g_array_unref, (GDestroyNotify) khoji_selection_free,
            cancellable, callback, user_data);
}

KhojiSelection *
khoji_library_read_selection_finish (KhojiLibrary  *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return finish_read (self, result, khoji_library_read_selection_async, error);
}

/* ---- Search ---- */

typedef struct {
  char  *query;
  guint  limit;
} SearchData;

static void
search_data_free (SearchData *data)
{
  g_free (data->query);
  g_free (data);
}

static gpointer
search_read (KhojiLibrary  *connection,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  SearchData *search = data;

  return khoji_library_search (connection, search->query, search->limit, error);
}

void
khoji_library_search_async (KhojiLibrary        *self,
                            const char          *query,
                            guint                limit,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  SearchData *data;

  g_return_if_fail (KHOJI_IS_LIBRARY (self));
  g_return_if_fail (query != NULL);

  data = g_new0 (SearchData, 1);
  data->query = g_strdup (query);
  data->limit = limit;
  run_read (self, khoji_library_search_async, search_read,
            data, (GDestroyNotify) search_data_free, (GDestroyNotify) g_ptr_array_unref,
            cancellable, callback, user_data);
}

GPtrArray *
khoji_library_search_finish (KhojiLibrary  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return finish_read (self, result, khoji_library_search_async, error);
}

/* ---- The whole article list ---- */

static gpointer
articles_read (KhojiLibrary  *connection,
               gpointer       data,
               GCancellable  *cancellable,
               GError       **error)
{
  return khoji_library_list_articles (connection, error);
}

void
khoji_library_list_articles_async (KhojiLibrary        *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (KHOJI_IS_LIBRARY (self));

  run_read (self, khoji_library_list_articles_async, articles_read,
            NULL, NULL, (GDestroyNotify) g_ptr_array_unref,
            cancellable, callback, user_data);
}

GPtrArray *
khoji_library_list_articles_finish (KhojiLibrary  *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return finish_read (self, result, khoji_library_list_articles_async, error);
}

/* ---- One entity ---- */

static gpointer
entity_read (KhojiLibrary  *connection,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  KhojiEntity *entity = khoji_library_get_entity (connection, *(gint64 *) data, error);

  /* One entity's aliases come with its row; read here all the same if
   * they did not, as the connection is this thread's only. */
  if (entity != NULL)
    g_strfreev (khoji_entity_dup_aliases (entity));
  return entity;
}

void
khoji_library_read_entity_async (KhojiLibrary        *self,
                                 gint64               entity_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (KHOJI_IS_LIBRARY (self));

  run_read (self, khoji_library_read_entity_async, entity_read,
            g_memdup2 (&entity_id, sizeof entity_id), g_free, g_object_unref,
            cancellable, callback, user_data);
}

KhojiEntity *
khoji_library_read_entity_finish (KhojiLibrary  *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return finish_read (self, result, khoji_library_read_entity_async, error);
}

/* ---- An article's text ---- */

void
khoji_article_content_free (KhojiArticleContent *content)
{
  if (content == NULL)
    return;
  g_clear_object (&content->article);
  g_free (content->text);
  g_clear_pointer (&content->spans, g_ptr_array_unref);
  g_free (content);
}

static gpointer
article_read (KhojiLibrary  *connection,
              gpointer       data,
              GCancellable  *cancellable,
              GError       **error)
{
  gint64 article_id = *(gint64 *) data;
  g_autoptr(KhojiArticleContent) content = g_new0 (KhojiArticleContent, 1);

  content->article = khoji_library_get_article (connection, article_id, error);
  if (content->article == NULL)
    return NULL;
  content->text = khoji_library_get_article_text (connection, article_id, error);
  if (content->text == NULL)
    return NULL;
  content->spans = khoji_library_get_article_spans (connection, article_id, NULL);
  return g_steal_pointer (&content);
}

void
khoji_library_read_article_async (KhojiLibrary        *self,
                                  gint64               article_id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (KHOJI_IS_LIBRARY (self));

  run_read (self, khoji_library_read_article_async, article_read,
            g_memdup2 (&article_id, sizeof article_id), g_free,
            (GDestroyNotify) khoji_article_content_free,
            cancellable, callback, user_data);
}

KhojiArticleContent *
khoji_library_read_article_finish (KhojiLibrary  *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return finish_read (self, result, khoji_library_read_article_async, error);
}

/* ---- An entity's mentions ---- */

void
khoji_entity_mention_free (KhojiEntityMention *mention)
{
  if (mention == NULL)
    return;
  g_free (mention->title);
  g_free (mention->published);
  g_free (mention->sentence);
  g_free (mention);
}

static gboolean
ends_sentence (gunichar c)
{
  /* The danda and the Latin stops; a line break ends a paragraph. */
  return c == 0x0964 || c == 0x0965 || c == '.' || c == '?' || c == '!' || c == '\n';
}

/* The sentence around [start, end) of text (code points): from after the
 * previous stop to the next one, at most 60 characters either side. */
static char *
sentence_around (const gunichar *text,
                 glong           length,
                 guint           start,
                 guint           end,
                 guint          *mention_start)
{
  glong from = MIN ((glong) start, length), to = MIN ((glong) end, length);
  g_autofree char *utf8 = NULL;
  g_autoptr(GString) out = g_string_new (NULL);

  while (from > 0 && (glong) start - from < 60 && !ends_sentence (text[from - 1]))
    from--;
  while (to < length && to - (glong) end < 60 && !ends_sentence (text[to]))
    to++;
  if (to < length && text[to] != '\n')
    to++;
  /* Cut short, a sentence is cut between words, never inside one (a
   * vowel sign without its consonant). */
  if (from > 0 && !ends_sentence (text[from - 1]))
    {
      glong space = from;

      while (space < (glong) start && !g_unichar_isspace (text[space]))
        space++;
      if (space < (glong) start)
        from = space;
    }
  if (to < length && !ends_sentence (text[to - 1]))
    {
      glong space = to;

      while (space > (glong) end && !g_unichar_isspace (text[space - 1]))
        space--;
      if (space > (glong) end)
        to = space;
    }
  while (from < (glong) start && g_unichar_isspace (text[from]))
    from++;
  while (to > (glong) end && g_unichar_isspace (text[to - 1]))
    to--;

  if (from > 0 && !ends_sentence (text[from - 1]))
    g_string_append (out, "…");
  utf8 = g_ucs4_to_utf8 (text + from, to - from, NULL, NULL, NULL);
  g_string_append (out, utf8 ? utf8 : "");
  if (to < length && !ends_sentence (text[to - 1]))
    g_string_append (out, "…");
  *mention_start = (guint) (start - from) + (from > 0 && !ends_sentence (text[from - 1]) ? 1 : 0);
  return g_strstrip (g_string_free (g_steal_pointer (&out), FALSE));
}

static int
compare_mentions (gconstpointer a,
                  gconstpointer b)
{
  const KhojiEntityMention *ma = *(KhojiEntityMention **) a, *mb = *(KhojiEntityMention **) b;
  int cmp;

  /* Newest article first, undated last; in text order within one. */
  if (ma->article_id != mb->article_id)
    {
      if (ma->published == NULL || mb->published == NULL)
        return ma->published == NULL ? (mb->published == NULL ? (ma->article_id < mb->article_id ? -1 : 1) : 1) : -1;
      cmp = g_strcmp0 (mb->published, ma->published);
      if (cmp != 0)
        return cmp;
      return ma->article_id < mb->article_id ? -1 : 1;
    }
  return ma->start < mb->start ? -1 : ma->start > mb->start ? 1 : 0;
}

/* The mentions of an entity in its first `max_articles` articles (by id;
 * G_MAXUINT: all of them), newest first. */
static GPtrArray *
read_mentions (KhojiLibrary  *connection,
               gint64         entity_id,
               guint          max_articles,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autoptr(GArray) ids = khoji_library_articles_for_entity (connection, entity_id, error);
  g_autoptr(GPtrArray) mentions = NULL;

  if (ids == NULL)
    return NULL;
  mentions = g_ptr_array_new_with_free_func ((GDestroyNotify) khoji_entity_mention_free);
  for (guint i = 0; i < ids->len && i < max_articles; i++)
    {
      gint64 article_id = g_array_index (ids, gint64, i);
      g_autoptr(KhojiArticle) article = NULL;
      g_autoptr(GPtrArray) spans = NULL;
      g_autofree char *text = NULL;
      g_autofree gunichar *chars = NULL;
      glong length = 0;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      article = khoji_library_get_article (connection, article_id, NULL);
      text = khoji_library_get_article_text (connection, article_id, NULL);
      spans = khoji_library_get_article_spans (connection, article_id, NULL);
      if (article == NULL || text == NULL || spans == NULL)
        continue;
      chars = g_utf8_to_ucs4_fast (text, -1, &length);
      for (guint k = 0; k < spans->len; k++)
        {
          KhojiArticleSpan *span = g_ptr_array_index (spans, k);
          KhojiEntityMention *mention;

          if (span->kind != KHOJI_SPAN_MENTION || span->entity_id != entity_id)
            continue;
          mention = g_new0 (KhojiEntityMention, 1);
          mention->article_id = article_id;
          mention->title = g_strdup (khoji_article_get_title (article));
          mention->published = g_strdup (khoji_article_get_published (article));
          mention->start = span->start;
          mention->end = span->end;
          mention->sentence = sentence_around (chars, length, span->start, span->end, &mention->sentence_start);
          g_ptr_array_add (mentions, mention);
        }
    }
  g_ptr_array_sort (mentions, compare_mentions);
  return g_steal_pointer (&mentions);
}

static gpointer
mentions_read (KhojiLibrary  *connection,
               gpointer       data,
               GCancellable  *cancellable,
               GError       **error)
{
  return read_mentions (connection, *(gint64 *) data, G_MAXUINT, cancellable, error);
}

/* The first mention of the first article: one article read, however many
 * name the entity. */
static gpointer
first_mention_read (KhojiLibrary  *connection,
                    gpointer       data,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(GPtrArray) mentions = read_mentions (connection, *(gint64 *) data, 1, cancellable, error);
  KhojiEntityMention *first = NULL;

  if (mentions == NULL)
    return NULL;
  for (guint i = 0; i < mentions->len; i++)
    {
      KhojiEntityMention *m = g_ptr_array_index (mentions, i);

      if (first == NULL || m->start < first->start)
        first = m;
    }
  if (first == NULL)
    {
      g_set_error (error, KHOJI_LIBRARY_ERROR, KHOJI_LIBRARY_ERROR_NOT_FOUND,
                   "No article mentions the entity %" G_GINT64_FORMAT, *(gint64 *) data);
      return NULL;
    }
  {
    guint at = 0;

    g_ptr_array_find (mentions, first, &at);
    return g_ptr_array_steal_index (mentions, at);
  }
}

void
khoji_library_first_mention_async (KhojiLibrary        *self,
                                   gint64               entity_id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (KHOJI_IS_LIBRARY (self));

  run_read (self, khoji_library_first_mention_async, first_mention_read,
            g_memdup2 (&entity_id, sizeof entity_id), g_free,
            (GDestroyNotify) khoji_entity_mention_free,
            cancellable, callback, user_data);
}

KhojiEntityMention *
khoji_library_first_mention_finish (KhojiLibrary  *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return finish_read (self, result, khoji_library_first_mention_async, error);
}

void
khoji_library_list_mentions_async (KhojiLibrary        *self,
                                   gint64               entity_id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (KHOJI_IS_LIBRARY (self));

  run_read (self, khoji_library_list_mentions_async, mentions_read,
            g_memdup2 (&entity_id, sizeof entity_id), g_free,
            (GDestroyNotify) g_ptr_array_unref,
            cancellable, callback, user_data);
}

GPtrArray *
khoji_library_list_mentions_finish (KhojiLibrary  *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return finish_read (self, result, khoji_library_list_mentions_async, error);
}

/* ---- The details of events (the timeline's tooltips) ---- */

static gpointer
events_read (KhojiLibrary  *connection,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  GArray *ids = data;
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(GError) local = NULL;
      KhojiEvent *event;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      event = khoji_library_get_event (connection, g_array_index (ids, gint64, i), &local);
      if (event != NULL)
        g_ptr_array_add (events, event);
      else if (!g_error_matches (local, KHOJI_LIBRARY_ERROR, KHOJI_LIBRARY_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return NULL;
        }
    }
  return g_steal_pointer (&events);
}

void
khoji_library_read_events_async (KhojiLibrary        *self,
                                 GArray              *event_ids,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (KHOJI_IS_LIBRARY (self));
  g_return_if_fail (event_ids != NULL);

  run_read (self, khoji_library_read_events_async, events_read,
            copy_ids (event_ids), (GDestroyNotify) g_array_unref, (GDestroyNotify) g_ptr_array_unref,
            cancellable, callback, user_data);
}

GPtrArray *
khoji_library_read_events_finish (KhojiLibrary  *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return finish_read (self, result, khoji_library_read_events_async, error);
}

/* ---- The entity list ---- */

typedef struct {
  gboolean              include_hidden;
  KhojiEntitiesPrepare  prepare;
  gpointer              prepare_data;
  GDestroyNotify        prepare_destroy;
} EntitiesJob;

static void
entities_job_free (EntitiesJob *job)
{
  if (job->prepare_destroy)
    job->prepare_destroy (job->prepare_data);
  g_free (job);
}

static gpointer
entities_read (KhojiLibrary  *connection,
               gpointer       data,
               GCancellable  *cancellable,
               GError       **error)
{
  EntitiesJob *job = data;
  g_autoptr(GPtrArray) entities = khoji_library_list_entities (connection, job->include_hidden, error);

  if (entities == NULL)
    return NULL;
  /* A listing's entities read their aliases through the connection that
   * listed them, which only this thread may use: all of them now, as
   * the loader does. */
  if (entities->len > 0)
    g_strfreev (khoji_entity_dup_aliases (g_ptr_array_index (entities, 0)));
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (job->prepare)
    job->prepare (entities, job->prepare_data);
  return g_steal_pointer (&entities);
}

void
khoji_library_list_entities_async (KhojiLibrary         *self,
                                   gboolean              include_hidden,
                                   KhojiEntitiesPrepare  prepare,
                                   gpointer              prepare_data,
                                   GDestroyNotify        prepare_destroy,
                                   GCancellable         *cancellable,
                                   GAsyncReadyCallback   callback,
                                   gpointer              user_data)
{
  EntitiesJob *job;

  g_return_if_fail (KHOJI_IS_LIBRARY (self));

  job = g_new0 (EntitiesJob, 1);
  job->include_hidden = !!include_hidden;
  job->prepare = prepare;
  job->prepare_data = prepare_data;
  job->prepare_destroy = prepare_destroy;
  run_read (self, khoji_library_list_entities_async, entities_read,
            job, (GDestroyNotify) entities_job_free, (GDestroyNotify) g_ptr_array_unref,
            cancellable, callback, user_data);
}

GPtrArray *
khoji_library_list_entities_finish (KhojiLibrary  *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return finish_read (self, result, khoji_library_list_entities_async, error);
}

/* ---- The articles two entities share ---- */

typedef struct {
  gint64 a;
  gint64 b;
  guint  max;
} SharedJob;

void
khoji_shared_articles_free (KhojiSharedArticles *shared)
{
  if (shared == NULL)
    return;
  g_clear_pointer (&shared->articles, g_ptr_array_unref);
  g_free (shared);
}

static gpointer
shared_read (KhojiLibrary  *connection,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  SharedJob *job = data;
  g_autoptr(GArray) ids = khoji_library_shared_articles (connection, job->a, job->b, error);
  g_autoptr(KhojiSharedArticles) shared = NULL;

  if (ids == NULL)
    return NULL;
  shared = g_new0 (KhojiSharedArticles, 1);
  shared->n_total = ids->len;
  shared->articles = g_ptr_array_new_with_free_func (g_object_unref);
  /* Newest import first. */
  for (guint i = 0; i < ids->len && shared->articles->len < job->max; i++)
    {
      KhojiArticle *article;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      article = khoji_library_get_article (connection, g_array_index (ids, gint64, ids->len - 1 - i), NULL);
      if (article != NULL)
        g_ptr_array_add (shared->articles, article);
    }
  return g_steal_pointer (&shared);
}

void
khoji_library_read_shared_articles_async (KhojiLibrary        *self,
                                          gint64               a,
                                          gint64               b,
                                          guint                max,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  SharedJob *job;

  g_return_if_fail (KHOJI_IS_LIBRARY (self));

  job = g_new0 (SharedJob, 1);
  job->a = a;
  job->b = b;
  job->max = max;
  run_read (self, khoji_library_read_shared_articles_async, shared_read,
            job, g_free, (GDestroyNotify) khoji_shared_articles_free,
            cancellable, callback, user_data);
}

KhojiSharedArticles *
khoji_library_read_shared_articles_finish (KhojiLibrary  *self,
                                           GAsyncResult  *result,
                                           GError       **error)
{
  return finish_read (self, result, khoji_library_read_shared_articles_async, error);
}

/* ---- An entity's corrections ---- */

static gpointer
corrections_read (KhojiLibrary  *connection,
                  gpointer       data,
                  GCancellable  *cancellable,
                  GError       **error)
{
  return khoji_library_list_corrections (connection, *(gint64 *) data, error);
}

void
khoji_library_list_corrections_async (KhojiLibrary        *self,
                                      gint64               entity_id,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (KHOJI_IS_LIBRARY (self));

  run_read (self, khoji_library_list_corrections_async, corrections_read,
            g_memdup2 (&entity_id, sizeof entity_id), g_free,
            (GDestroyNotify) g_ptr_array_unref,
            cancellable, callback, user_data);
}

GPtrArray *
khoji_library_list_corrections_finish (KhojiLibrary  *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  return finish_read (self, result, khoji_library_list_corrections_async, error);
}

/* ---- Other writers ---- */

static gpointer
stamp_read (KhojiLibrary  *connection,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  return khoji_library_get_change_stamp (connection, error);
}

void
khoji_library_read_change_stamp_async (KhojiLibrary        *self,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_return_if_fail (KHOJI_IS_LIBRARY (self));

  run_read (self, khoji_library_read_change_stamp_async, stamp_read, NULL, NULL, g_free,
            cancellable, callback, user_data);
}

char *
khoji_library_read_change_stamp_finish (KhojiLibrary  *self,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  return finish_read (self, result, khoji_library_read_change_stamp_async, error);
}
