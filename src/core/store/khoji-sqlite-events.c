/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-store"

#include "config.h"

#include <string.h>
#include <sys/mman.h>

#include "khoji-sqlite-private.h"

/* The timeline's events, and the cache of their references. */

static KhojiEvent *
event_from_row (sqlite3_stmt *q)
{
  return _khoji_event_new (sqlite3_column_int64 (q, 0), sqlite3_column_int64 (q, 1), col_text (q, 2),
                           col_text (q, 3), col_text (q, 4), col_text (q, 5), sqlite3_column_int (q, 6),
                           sqlite3_column_int (q, 7), sqlite3_column_int (q, 8), sqlite3_column_int (q, 9));
}

GPtrArray *
khoji_sqlite_store_list_events (KhojiStore  *store,
                                gint64       entity_id,
                                GError     **error)
{
  KhojiSqliteStore *self = (KhojiSqliteStore *) store;
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(KhojiCachedStmt) q = NULL;
  g_autofree char *match = NULL;

  ASSERT_OWNER (self);
  q = cached (self,
    "SELECT d.id, d.article_id, a.title, d.text, d.value, d.sentence, d.relative, d.start, d.end, d.sentence_start"
    " FROM date_mention d JOIN article a ON a.id = d.article_id"
    " WHERE d.value IS NOT NULL AND (?1 = 0 OR d.article_id IN (SELECT rowid FROM entity_article WHERE entity_article MATCH ?2))"
    " ORDER BY d.value, d.article_id, d.start", error);
  if (!q)
    return NULL;
  match = _khoji_sqlite_entity_match (self, entity_id);
  sqlite3_bind_int64 (q, 1, entity_id);
  sqlite3_bind_text (q, 2, match, -1, SQLITE_STATIC);
  while (sqlite3_step (q) == SQLITE_ROW)
    g_ptr_array_add (out, event_from_row (q));
  return g_steal_pointer (&out);
}

/* event_cache.refs holds the kept list as khoji-store-backend.h encodes
 * it (KhojiEventListHeader), max_id the largest date_mention id then. */
#define EVENT_CACHE_CHUNK 65536

/* The cached events; NULL when there is no cache or it is not one this
 * build wrote. Read and decoded a chunk at a time: a million events are
 * 8 MB of cache that need not be in memory at once. */
static GArray *
read_event_cache (KhojiSqliteStore *self,
                  gint64           *max_id)
{
  sqlite3_blob *blob = NULL;
  KhojiEventListHeader header;
  g_autoptr(GArray) out = NULL;
  g_autofree guint8 *chunk = NULL;
  gsize kept = 0, offset = sizeof header;
  guint64 day = 0;
  guint n_decoded = 0;
  gboolean ok = FALSE;
  int size;

  if (sqlite3_blob_open (self->db, "main", "event_cache", "refs", 1, 0, &blob) != SQLITE_OK)
    {
      sqlite3_blob_close (blob);
      return NULL;
    }
  size = sqlite3_blob_bytes (blob);
  if (size < (int) sizeof header ||
      sqlite3_blob_read (blob, &header, sizeof header, 0) != SQLITE_OK ||
      header.magic != KHOJI_EVENT_LIST_MAGIC ||
      (gsize) size != sizeof header + header.n_bytes ||
      header.n_bytes / 4 < header.n_records)   /* at least four bytes an event */
    {
      sqlite3_blob_close (blob);
      return NULL;
    }

  out = g_array_sized_new (FALSE, TRUE, sizeof (KhojiEventRef), header.n_records);
  _khoji_store_advise_huge_pages (out->data, (gsize) header.n_records * sizeof (KhojiEventRef));
  g_array_set_size (out, header.n_records);
  chunk = g_malloc (EVENT_CACHE_CHUNK);
  for (;;)
    {
      gsize n = MIN (EVENT_CACHE_CHUNK - kept, (gsize) size - offset);
      const guint8 *p = chunk;
      const guint8 *end = chunk + kept + n;
      gboolean last;

      if (n > 0 && sqlite3_blob_read (blob, chunk + kept, (int) n, (int) offset) != SQLITE_OK)
        break;
      offset += n;
      last = offset == (gsize) size;
      if (!_khoji_store_decode_event_records (&p, end, last, out, &n_decoded, &day))
        break;
      if (last)
        {
          ok = p == end && n_decoded == header.n_records;
          break;
        }
      /* Every event decoded and bytes left over: not a cache we wrote. */
      if (n_decoded == header.n_records)
        break;
      /* A record cut off at the end of the chunk goes first in the next. */
      kept = end - p;
      memmove (chunk, p, kept);
    }
  sqlite3_blob_close (blob);
  *max_id = header.max_id;
  return ok && header.max_id >= 0 ? g_steal_pointer (&out) : NULL;
}

static gint64
max_date_id (KhojiSqliteStore *self)
{
  g_autoptr(KhojiCachedStmt) q = cached (self, "SELECT COALESCE(max(id), 0) FROM date_mention", NULL);

  if (q && sqlite3_step (q) == SQLITE_ROW)
    return sqlite3_column_int64 (q, 0);
  return -1;
}

/* The events with a day and an id above AFTER (all of them for 0), and
 * those whose ids were removed and given again: a row id freed by a
 * deletion may be reused by the next insert. Read by id, the table's own
 * order, then sorted. */
static const char event_refs_sql[] =
  "SELECT id, article_id, first_day, last_day, is_interval, precision, relative FROM date_ref"
  " WHERE id > ?1"
  " UNION ALL "
  "SELECT id, article_id, first_day, last_day, is_interval, precision, relative FROM date_ref"
  " WHERE id IN (SELECT id FROM event_cache_removed) AND id <= ?1";

static GArray *
scan_event_refs (KhojiSqliteStore  *self,
                 gint64             after,
                 GError           **error)
{
  /* Cleared, so that the padding written to the cache is zeros. */
  g_autoptr(GArray) out = g_array_new (FALSE, TRUE, sizeof (KhojiEventRef));
  g_autoptr(KhojiCachedStmt) q = NULL;
  int rc;

  q = cached (self, event_refs_sql, error);
  if (!q)
    return NULL;
  sqlite3_bind_int64 (q, 1, after);
  while ((rc = sqlite3_step (q)) == SQLITE_ROW)
    {
      KhojiEventRef *ref;
      KhojiPrecision precision = CLAMP (sqlite3_column_int (q, 5), KHOJI_PRECISION_YEAR, KHOJI_PRECISION_DAY);

      g_array_set_size (out, out->len + 1);
      ref = &g_array_index (out, KhojiEventRef, out->len - 1);
      ref->id = sqlite3_column_int64 (q, 0);
      ref->article_id = sqlite3_column_int64 (q, 1);
      ref->first_day = (guint32) sqlite3_column_int64 (q, 2);
      ref->last_day = MAX ((guint32) sqlite3_column_int64 (q, 3), ref->first_day);
      ref->precision = precision;
      ref->kind = _khoji_event_kind (ref->first_day, ref->last_day, precision, sqlite3_column_int (q, 4));
      ref->relative = sqlite3_column_int (q, 6) != 0;
    }
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, self->db, rc, "Cannot read the timeline");
      return NULL;
    }
  return _khoji_store_sort_walk_order (g_steal_pointer (&out));
}

/* Leaves out of the kept list, in place, the events whose dates were
 * removed since it was made (event_cache_removed); how many it left out. */
static guint
drop_removed_event_refs (KhojiSqliteStore *self,
                         GArray           *kept)
{
  g_autoptr(KhojiCachedStmt) q = cached (self, "SELECT id FROM event_cache_removed", NULL);
  g_autoptr(GHashTable) removed = NULL;
  guint n = 0;

  if (!q)
    return 0;
  while (sqlite3_step (q) == SQLITE_ROW)
    {
      if (removed == NULL)
        removed = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
      g_hash_table_add (removed, g_memdup2 (&(gint64) { sqlite3_column_int64 (q, 0) }, sizeof (gint64)));
    }
  if (removed == NULL)
    return 0;
  for (guint i = 0; i < kept->len; i++)
    {
      const KhojiEventRef *ref = &g_array_index (kept, KhojiEventRef, i);

      if (!g_hash_table_contains (removed, &ref->id))
        g_array_index (kept, KhojiEventRef, n++) = *ref;
    }
  n = kept->len - n;
  g_array_set_size (kept, kept->len - n);
  return n;
}

static void
write_event_cache (KhojiSqliteStore *self,
                   GArray           *refs,
                   gint64            max_id)
{
  g_autoptr(KhojiCachedStmt) ins = NULL;
  g_autoptr(GByteArray) bytes = _khoji_store_encode_event_list (refs, max_id);

  if (bytes == NULL || bytes->len > G_MAXINT / 2)
    return;
  ins = cached (self, "INSERT OR REPLACE INTO event_cache (id, refs) VALUES (1, ?)", NULL);
  if (ins)
    {
      sqlite3_bind_blob (ins, 1, bytes->data, (int) bytes->len, SQLITE_STATIC);
      if (sqlite3_step (ins) == SQLITE_DONE)
        exec (self, "DELETE FROM event_cache_removed", NULL);
      sqlite3_clear_bindings (ins);
    }
}

/* Every event with a day, by day: from the cache, less the events whose
 * dates were removed since, with those added since; else from a walk of
 * the table; kept in the cache when the library can be written right
 * now. Imports only add events, so after one the kept list is merged with
 * what it added (a few thousand rows) instead of walking a million again;
 * a new publication date removes an article's dates and adds others, the
 * same merge. Only a changed date row (no code does that) empties it.
 *
 * What is read and what is kept come from one transaction, so that no
 * other writer slips a change in between. A read that keeps nothing takes
 * no write lock; one that should keep takes it without waiting: while an
 * import holds it, the list is read but not kept (read-only libraries
 * too). With WALK false, no walk is made: NULL and *should_keep say one
 * is needed. */
static GArray *
read_all_event_refs (KhojiSqliteStore  *self,
                     gboolean           walk,
                     gboolean           writing,
                     gboolean          *should_keep,
                     GError           **error)
{
  g_autoptr(GArray) kept = NULL;
  g_autoptr(GArray) added = NULL;
  g_autoptr(GArray) refs = NULL;
  gint64 kept_max = 0, now_max;
  gboolean keep = TRUE;

  kept = read_event_cache (self, &kept_max);
  now_max = max_date_id (self);
  if (kept != NULL)
    {
      guint n_removed = drop_removed_event_refs (self, kept);

      if (n_removed == 0 && now_max == kept_max)
        {
          refs = g_steal_pointer (&kept);
          keep = FALSE;
        }
      else
        {
          /* Writing the merged list back costs more than merging (a
           * million events are 8 MB to encode and commit): it is kept
           * again only once the events changed since are a sixteenth of
           * it. */
          added = scan_event_refs (self, kept_max, error);
          if (added != NULL)
            {
              keep = ((gsize) added->len + n_removed) * 16 > kept->len;
              refs = added->len > 0 ? _khoji_store_merge_event_refs (kept, added) : g_steal_pointer (&kept);
            }
        }
    }
  else if (walk)
    refs = scan_event_refs (self, 0, error);

  *should_keep = keep && now_max >= 0;
  if (writing && *should_keep && refs != NULL)
    write_event_cache (self, refs, now_max);
  return g_steal_pointer (&refs);
}

static GArray *
all_event_refs (KhojiSqliteStore  *self,
                GError           **error)
{
  g_autoptr(GArray) refs = NULL;
  gboolean keep = FALSE, writing;
  GError *read_error = NULL;

  if (!exec (self, "BEGIN", error))
    return NULL;
  refs = read_all_event_refs (self, FALSE, FALSE, &keep, &read_error);
  exec (self, "COMMIT", NULL);
  if (read_error != NULL)
    {
      g_propagate_error (error, read_error);
      return NULL;
    }
  if (refs != NULL && !keep)
    return g_steal_pointer (&refs);

  /* To be kept, or to be walked: again, under the write lock if free. */
  g_clear_pointer (&refs, g_array_unref);
  sqlite3_busy_timeout (self->db, 0);
  writing = exec (self, "BEGIN IMMEDIATE", NULL);
  sqlite3_busy_timeout (self->db, 15000);
  if (!writing && !exec (self, "BEGIN", error))
    return NULL;
  refs = read_all_event_refs (self, TRUE, writing, &keep, error);
  if (!exec (self, "COMMIT", NULL))
    exec (self, "ROLLBACK", NULL);
  return g_steal_pointer (&refs);
}

/* The file's list is merged with the rows above its largest id, and kept
 * again once a sixteenth changed, by a load as by this. */
gboolean
khoji_sqlite_store_keep_events (KhojiStore  *store,
                                GError     **error)
{
  KhojiSqliteStore *self = (KhojiSqliteStore *) store;
  g_autoptr(GArray) refs = NULL;

  ASSERT_OWNER (self);
  refs = all_event_refs (self, error);
  return refs != NULL;
}

GArray *
khoji_sqlite_store_list_event_refs (KhojiStore  *store,
                                    gint64       entity_id,
                                    GError     **error)
{
  KhojiSqliteStore *self = (KhojiSqliteStore *) store;
  g_autoptr(GArray) all = NULL;
  g_autoptr(GArray) articles = NULL;

  ASSERT_OWNER (self);
  all = all_event_refs (self, error);
  if (all == NULL || entity_id == 0)
    return g_steal_pointer (&all);
  /* Asking SQLite for the entity's events instead read each one's table
   * row: seconds for an entity named in most articles. */
  articles = khoji_sqlite_store_articles_for_entity (&self->parent, entity_id, error);
  if (articles == NULL)
    return NULL;
  return _khoji_store_filter_event_refs (g_steal_pointer (&all), articles);
}

KhojiEvent *
khoji_sqlite_store_get_event (KhojiStore  *store,
                              gint64       event_id,
                              GError     **error)
{
  KhojiSqliteStore *self = (KhojiSqliteStore *) store;
  g_autoptr(KhojiCachedStmt) q = NULL;

  ASSERT_OWNER (self);
  q = cached (self,
    "SELECT d.id, d.article_id, a.title, d.text, d.value, d.sentence, d.relative, d.start, d.end, d.sentence_start"
    " FROM date_mention d JOIN article a ON a.id = d.article_id WHERE d.id = ?", error);
  if (!q)
    return NULL;
  sqlite3_bind_int64 (q, 1, event_id);
  if (sqlite3_step (q) != SQLITE_ROW)
    {
      g_set_error (error, KHOJI_STORE_ERROR, KHOJI_STORE_ERROR_NOT_FOUND, "No event %" G_GINT64_FORMAT, event_id);
      return NULL;
    }
  return event_from_row (q);
}
