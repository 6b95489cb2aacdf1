/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-store"

#include "config.h"

#include <string.h>

#include "khoji-pg-private.h"

/* The timeline's events, and the kept list of their references: what
 * khoji-sqlite-events.c answers, the same answers.
 *
 * The list every timeline starts from is kept as SQLite keeps it (one
 * encoded list, khoji-store-backend.h), in event_list, so that a million
 * events load as 8 MB read at once rather than a million rows. What is
 * not in it yet is known without the order of ids, which many writers
 * commit out of order: a date_ref row is written with kept false, and
 * whoever folds it into the list sets kept true in the same transaction
 * as the list is written; a kept row deleted (an article's dates made
 * again: set-date, undo) leaves its id in date_ref_removed (a trigger,
 * whatever deletes it). So in any one snapshot the events are: the list,
 * less date_ref_removed, with the rows not kept; the list less the
 * removed ids is exactly the rows kept (`check` compares them). */

#define EVENT_COLUMNS \
  "d.id, d.article_id, a.title, d.text, d.value, d.sentence, d.relative, d.start, d.\"end\", d.sentence_start"

static KhojiEvent *
event_from_row (PGresult *res,
                int       row)
{
  return _khoji_event_new (pg_get_int (res, row, 0), pg_get_int (res, row, 1), pg_get_text (res, row, 2),
                           pg_get_text (res, row, 3), pg_get_text (res, row, 4), pg_get_text (res, row, 5),
                           pg_get_int (res, row, 6) != 0, (guint) pg_get_int (res, row, 7),
                           (guint) pg_get_int (res, row, 8), (guint) pg_get_int (res, row, 9));
}

GPtrArray *
khoji_pg_store_list_events (KhojiStore  *store,
                            gint64       entity_id,
                            GError     **error)
{
  KhojiPgStore *self = (KhojiPgStore *) store;
  g_autofree char *rows = NULL;
  g_autoptr(PGresult) res = NULL;
  PgParams p = { 0 };
  GPtrArray *out;

  ASSERT_OWNER (self);
  if (!_khoji_pg_ensure (self, error))
    return NULL;
  rows = entity_id ? _khoji_pg_entity_rows (self, entity_id, error) : g_strdup ("{}");
  if (rows == NULL)
    return NULL;
  pg_int (&p, entity_id);
  pg_text (&p, rows);
  /* COLLATE "C": values compare byte by byte, as SQLite's do. */
  res = _khoji_pg_run (self,
    "SELECT " EVENT_COLUMNS " FROM date_mention d JOIN article a ON a.id = d.article_id"
    " WHERE d.value IS NOT NULL AND ($1::bigint = 0 OR d.article_id IN"
    "  (SELECT article_id FROM mention WHERE base_id = ANY ($2::bigint[])))"
    " ORDER BY d.value COLLATE \"C\", d.article_id, d.start", &p, error);
  if (res == NULL)
    return NULL;
  out = g_ptr_array_new_full (PQntuples (res), g_object_unref);
  for (int i = 0; i < PQntuples (res); i++)
    g_ptr_array_add (out, event_from_row (res, i));
  return out;
}

KhojiEvent *
khoji_pg_store_get_event (KhojiStore  *store,
                          gint64       event_id,
                          GError     **error)
{
  KhojiPgStore *self = (KhojiPgStore *) store;
  g_autoptr(PGresult) res = NULL;
  PgParams p = { 0 };

  ASSERT_OWNER (self);
  if (!_khoji_pg_ensure (self, error))
    return NULL;
  pg_int (&p, event_id);
  res = _khoji_pg_run (self,
    "SELECT " EVENT_COLUMNS " FROM date_mention d JOIN article a ON a.id = d.article_id WHERE d.id = $1", &p, error);
  if (res == NULL)
    return NULL;
  if (PQntuples (res) == 0)
    {
      g_set_error (error, KHOJI_STORE_ERROR, KHOJI_STORE_ERROR_NOT_FOUND, "No event %" G_GINT64_FORMAT, event_id);
      return NULL;
    }
  return event_from_row (res, 0);
}


#define REF_COLUMNS "id, article_id, first_day, last_day, is_interval, precision, relative"

/* date_ref rows of a binary result as KhojiEventRef, in walk order. */
static GArray *
refs_from_rows (PGresult *res)
{
  int n = PQntuples (res);
  /* Cleared, so that the padding encoded into the list is zeros. */
  g_autoptr(GArray) out = g_array_sized_new (FALSE, TRUE, sizeof (KhojiEventRef), n);

  _khoji_store_advise_huge_pages (out->data, (gsize) n * sizeof (KhojiEventRef));
  g_array_set_size (out, n);
  for (int i = 0; i < n; i++)
    {
      KhojiEventRef *ref = &g_array_index (out, KhojiEventRef, i);
      KhojiPrecision precision = CLAMP ((int) pg_get_binary_int (res, i, 5), KHOJI_PRECISION_YEAR, KHOJI_PRECISION_DAY);

      ref->id = pg_get_binary_int (res, i, 0);
      ref->article_id = pg_get_binary_int (res, i, 1);
      ref->first_day = (guint32) pg_get_binary_int (res, i, 2);
      ref->last_day = MAX ((guint32) pg_get_binary_int (res, i, 3), ref->first_day);
      ref->precision = precision;
      ref->kind = _khoji_event_kind (ref->first_day, ref->last_day, precision, pg_get_binary_int (res, i, 4) != 0);
      ref->relative = pg_get_binary_int (res, i, 6) != 0;
    }
  return _khoji_store_sort_walk_order (g_steal_pointer (&out));
}

/* The kept list as stored, or NULL (none yet, or bytes that are not one).
 * Its bytes are kept on the connection with the version of the row they
 * were read at: a million events are 8 MB that the server reads from
 * TOAST and sends, most of a load's time, while the list is written
 * again only once a sixteenth of it changed. A new version of the row
 * has a new xmin (the transaction that wrote it); its length is
 * compared too. */
static GArray *
read_event_list (KhojiPgStore  *self,
                 gboolean      *failed,
                 GError       **error)
{
  g_autoptr(PGresult) res = NULL;
  gint64 xmin, len;

  res = _khoji_pg_run_binary (self, "SELECT xmin::text::bigint, octet_length(refs)::bigint FROM event_list WHERE id = 1",
                              NULL, error);
  *failed = res == NULL;
  if (res == NULL || PQntuples (res) == 0)
    {
      g_clear_pointer (&self->event_list, g_bytes_unref);
      return NULL;
    }
  xmin = pg_get_binary_int (res, 0, 0);
  len = pg_get_binary_int (res, 0, 1);
  g_clear_pointer (&res, PQclear);
  if (self->event_list == NULL || self->event_list_xmin != xmin || (gint64) g_bytes_get_size (self->event_list) != len)
    {
      g_clear_pointer (&self->event_list, g_bytes_unref);
      res = _khoji_pg_run_binary (self, "SELECT refs FROM event_list WHERE id = 1", NULL, error);
      *failed = res == NULL;
      if (res == NULL || PQntuples (res) == 0)
        return NULL;
      self->event_list = g_bytes_new (PQgetvalue (res, 0, 0), (gsize) PQgetlength (res, 0, 0));
      self->event_list_xmin = xmin;
    }
  return _khoji_store_decode_event_list (g_bytes_get_data (self->event_list, NULL),
                                         g_bytes_get_size (self->event_list), NULL);
}

/* The ids of date_ref_removed, as a set. */
static GHashTable *
read_removed (KhojiPgStore  *self,
              GError       **error)
{
  g_autoptr(PGresult) res = _khoji_pg_run_binary (self, "SELECT id FROM date_ref_removed", NULL, error);
  GHashTable *out;

  if (res == NULL)
    return NULL;
  out = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  for (int i = 0; i < PQntuples (res); i++)
    g_hash_table_add (out, g_memdup2 (&(gint64) { pg_get_binary_int (res, i, 0) }, sizeof (gint64)));
  return out;
}

/* Leaves out of LIST, in place, the events whose ids are in REMOVED;
 * how many it left out. */
static guint
drop_removed (GArray     *list,
              GHashTable *removed)
{
  guint n = 0;

  if (g_hash_table_size (removed) == 0)
    return 0;
  for (guint i = 0; i < list->len; i++)
    {
      const KhojiEventRef *ref = &g_array_index (list, KhojiEventRef, i);

      if (!g_hash_table_contains (removed, &ref->id))
        g_array_index (list, KhojiEventRef, n++) = *ref;
    }
  n = list->len - n;
  g_array_set_size (list, list->len - n);
  return n;
}

/* Writes REFS as the kept list and marks what it holds kept, in the
 * transaction that read them (its snapshot is what REFS are): the rows
 * not kept that it saw become kept, the removed ids it saw are
 * forgotten. Rows others added or removed since are not seen by it and
 * stay as they are. A row it would mark that another transaction is
 * deleting, or a list another is writing, fails the transaction
 * (serialization failure, or a lock not got at once): nothing is kept
 * then, and the next read tries again. FALSE when nothing was kept. */
static gboolean
write_event_list (KhojiPgStore *self,
                  GArray       *refs)
{
  g_autoptr(GByteArray) bytes = _khoji_store_encode_event_list (refs, 0);
  g_autoptr(PGresult) locked = NULL;
  g_autoptr(PGresult) res = NULL;
  const char *values[1];
  int lengths[1], formats[1] = { 1 };

  if (bytes == NULL || bytes->len > G_MAXINT / 2)
    return FALSE;
  /* Another folding: this one need not. */
  locked = _khoji_pg_run (self, "SELECT pg_try_advisory_xact_lock(" PG_LOCK_EVENTS ")", NULL, NULL);
  if (locked == NULL || !g_str_equal (PQgetvalue (locked, 0, 0), "t"))
    return FALSE;
  if (!_khoji_pg_exec (self, "SET LOCAL lock_timeout = '200ms'", NULL))
    return FALSE;
  values[0] = (const char *) bytes->data;
  lengths[0] = (int) bytes->len;
  res = PQexecParams (self->conn,
                      "INSERT INTO event_list (id, refs) VALUES (1, $1::bytea)"
                      " ON CONFLICT (id) DO UPDATE SET refs = excluded.refs",
                      1, NULL, values, lengths, formats, 0);
  if (PQresultStatus (res) != PGRES_COMMAND_OK)
    return FALSE;
  return _khoji_pg_exec (self, "UPDATE date_ref SET kept = true WHERE NOT kept", NULL) &&
         _khoji_pg_exec (self, "DELETE FROM date_ref_removed", NULL);
}

/* Every event with a day, in walk order, from one snapshot: the kept
 * list less what was removed since, merged with the rows not kept yet;
 * without a list, every row. The list is written again (kept) when
 * there was none, or when what changed since is a sixteenth of it:
 * writing 8 MB costs more than merging a few thousand events. */
static GArray *
all_event_refs (KhojiPgStore  *self,
                GError       **error)
{
  g_autoptr(GArray) list = NULL;
  g_autoptr(GArray) added = NULL;
  g_autoptr(GArray) refs = NULL;
  g_autoptr(GHashTable) removed = NULL;
  g_autoptr(PGresult) res = NULL;
  gboolean failed = FALSE, keep;

  if (!_khoji_pg_ensure (self, error) || !_khoji_pg_exec (self, "BEGIN ISOLATION LEVEL REPEATABLE READ", error))
    return NULL;
  list = read_event_list (self, &failed, error);
  if (failed)
    goto fail;
  if (list != NULL)
    {
      guint n_removed;

      removed = read_removed (self, error);
      res = removed ? _khoji_pg_run_binary (self, "SELECT " REF_COLUMNS " FROM date_ref WHERE NOT kept", NULL, error)
                    : NULL;
      if (res == NULL)
        goto fail;
      added = refs_from_rows (res);
      n_removed = drop_removed (list, removed);
      keep = ((gsize) added->len + n_removed) * 16 > list->len;
      refs = added->len > 0 ? _khoji_store_merge_event_refs (list, added) : g_steal_pointer (&list);
    }
  else
    {
      /* A date_ref read whole, in its own order, and sorted here (a sort
       * on the server spilled to disk, and the one here is needed anyway). */
      res = _khoji_pg_run_binary (self, "SELECT " REF_COLUMNS " FROM date_ref", NULL, error);
      if (res == NULL)
        goto fail;
      refs = refs_from_rows (res);
      keep = TRUE;
    }
  g_clear_pointer (&res, PQclear);
  if (keep && write_event_list (self, refs))
    {
      if (!_khoji_pg_exec (self, "COMMIT", NULL))
        _khoji_pg_exec (self, "ROLLBACK", NULL);
    }
  else if (PQstatus (self->conn) == CONNECTION_OK)
    _khoji_pg_exec (self, "ROLLBACK", NULL);
  return g_steal_pointer (&refs);

fail:
  if (PQstatus (self->conn) == CONNECTION_OK)
    _khoji_pg_exec (self, "ROLLBACK", NULL);
  return NULL;
}

/* An importer's fold. First what is cheap: the rows not kept (a partial
 * index) and the removed ids, against the list's count of events in its
 * header (a slice of an uncompressed value: the 8 MB are not read). */
gboolean
khoji_pg_store_keep_events (KhojiStore  *store,
                            GError     **error)
{
  KhojiPgStore *self = (KhojiPgStore *) store;
  g_autoptr(PGresult) res = NULL;
  g_autoptr(GArray) refs = NULL;
  gint64 changed;

  ASSERT_OWNER (self);
  if (!_khoji_pg_ensure (self, error))
    return FALSE;
  res = _khoji_pg_run_binary (self,
    "SELECT (SELECT count(*) FROM date_ref WHERE NOT kept) + (SELECT count(*) FROM date_ref_removed),"
    " (SELECT substring(refs FROM 1 FOR 8) FROM event_list WHERE id = 1)", NULL, error);
  if (res == NULL)
    return FALSE;
  changed = pg_get_binary_int (res, 0, 0);
  if (changed == 0)
    return TRUE;
  if (!PQgetisnull (res, 0, 1) && PQgetlength (res, 0, 1) == 8)
    {
      guint32 n_records;

      memcpy (&n_records, PQgetvalue (res, 0, 1) + G_STRUCT_OFFSET (KhojiEventListHeader, n_records),
              sizeof n_records);
      if (changed * 16 <= (gint64) n_records)
        return TRUE;
    }
  g_clear_pointer (&res, PQclear);
  refs = all_event_refs (self, error);
  return refs != NULL;
}

/* Every event with a day, or those of one entity's articles, in the
 * timeline's order (sorted by the same function as SQLite's); one
 * entity's filtered here through its articles, as SQLite's are, rather
 * than the server joining mentions to dates. */
GArray *
khoji_pg_store_list_event_refs (KhojiStore  *store,
                                gint64       entity_id,
                                GError     **error)
{
  KhojiPgStore *self = (KhojiPgStore *) store;
  g_autoptr(GArray) all = NULL;
  g_autoptr(GArray) articles = NULL;

  ASSERT_OWNER (self);
  if (!_khoji_pg_ensure (self, error))
    return NULL;
  if (entity_id != 0)
    {
      articles = khoji_pg_store_articles_for_entity (store, entity_id, error);
      if (articles == NULL)
        return NULL;
    }
  all = all_event_refs (self, error);
  if (all == NULL || articles == NULL)
    return g_steal_pointer (&all);
  return _khoji_store_filter_event_refs (g_steal_pointer (&all), articles);
}

/* For check: how many events the kept list (less the removed ids) and
 * the rows marked kept do not share, from one snapshot; 0 without a
 * list; -1 on error. */
gint64
_khoji_pg_event_list_problems (KhojiPgStore  *self,
                               GError       **error)
{
  g_autoptr(GArray) list = NULL;
  g_autoptr(GArray) kept = NULL;
  g_autoptr(GHashTable) removed = NULL;
  g_autoptr(PGresult) res = NULL;
  gboolean failed = FALSE;
  gint64 n = 0;
  guint i = 0, j = 0;

  if (!_khoji_pg_exec (self, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", error))
    return -1;
  list = read_event_list (self, &failed, error);
  if (!failed && list != NULL)
    {
      removed = read_removed (self, error);
      res = removed ? _khoji_pg_run_binary (self, "SELECT " REF_COLUMNS " FROM date_ref WHERE kept", NULL, error) : NULL;
      failed = res == NULL;
    }
  _khoji_pg_end (self, !failed, failed ? NULL : error);
  if (failed)
    return -1;
  if (list == NULL)
    return 0;
  drop_removed (list, removed);
  kept = refs_from_rows (res);
  while (i < list->len || j < kept->len)
    {
      const KhojiEventRef *a = i < list->len ? &g_array_index (list, KhojiEventRef, i) : NULL;
      const KhojiEventRef *b = j < kept->len ? &g_array_index (kept, KhojiEventRef, j) : NULL;
      int c = a == NULL ? 1 : b == NULL ? -1 : _khoji_store_compare_walk_order (a, b);

      if (c == 0 && a->kind == b->kind)
        i++, j++;
      else
        {
          n++;
          if (c <= 0)
            i++;
          else
            j++;
        }
    }
  return n;
}
