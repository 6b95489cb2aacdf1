/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-store"

#include "config.h"

#include <string.h>

#include "khoji-sqlite-private.h"

/* Articles, entities and their aliases, read back for the library. */

/* ---- Queries ---- */

KhojiArticle *
_khoji_sqlite_article_from_row (sqlite3_stmt *q,
                                const char   *snippet,
                                double        rank)
{
  return _khoji_article_new (sqlite3_column_int64 (q, 0), col_text (q, 1), col_text (q, 2),
                             col_text (q, 3), col_text (q, 4), col_text (q, 5),
                             sqlite3_column_int (q, 6), snippet, rank);
}

GPtrArray *
khoji_sqlite_store_list_articles (KhojiStore  *store,
                                  GError     **error)
{
  KhojiSqliteStore *self = (KhojiSqliteStore *) store;
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(KhojiCachedStmt) q = NULL;

  ASSERT_OWNER (self);
  q = cached (self, "SELECT " ARTICLE_COLUMNS " FROM article a ORDER BY a.published DESC NULLS LAST, a.id", error);
  if (!q)
    return NULL;
  while (sqlite3_step (q) == SQLITE_ROW)
    g_ptr_array_add (out, _khoji_sqlite_article_from_row (q, NULL, 0));
  return g_steal_pointer (&out);
}

GHashTable *
khoji_sqlite_store_load_aliases (KhojiStore  *store,
                                 GError     **error)
{
  KhojiSqliteStore *self = (KhojiSqliteStore *) store;
  g_autoptr(GHashTable) forms = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                       (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GHashTable) out = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                     (GDestroyNotify) g_strfreev);
  g_autoptr(GHashTable) merged = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(KhojiCachedStmt) m = NULL;
  g_autoptr(KhojiCachedStmt) q = NULL;
  GHashTableIter iter;
  gpointer key, value;
  int rc;

  ASSERT_OWNER (self);
  /* The few merged rows first, then the alias table alone in its own
   * order: joining each form to its entity read the whole entity table,
   * which the listing no longer keeps in the cache. */
  m = cached (self, "SELECT id, merged_into FROM entity WHERE merged_into IS NOT NULL", error);
  if (!m)
    return NULL;
  while ((rc = sqlite3_step (m)) == SQLITE_ROW)
    {
      gint64 from = sqlite3_column_int64 (m, 0), to = sqlite3_column_int64 (m, 1);
      g_hash_table_insert (merged, g_memdup2 (&from, sizeof from), g_memdup2 (&to, sizeof to));
    }
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, self->db, rc, "aliases");
      return NULL;
    }
  q = cached (self, "SELECT base_id, form FROM alias", error);
  if (!q)
    return NULL;
  while ((rc = sqlite3_step (q)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (q, 0);
      gint64 *target = g_hash_table_lookup (merged, &id);
      GPtrArray *list;

      if (target)
        id = *target;
      list = g_hash_table_lookup (forms, &id);

      if (list == NULL)
        {
          list = g_ptr_array_new_with_free_func (g_free);
          g_hash_table_insert (forms, g_memdup2 (&id, sizeof id), list);
        }
      g_ptr_array_add (list, g_strdup (col_text (q, 1)));
    }
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, self->db, rc, "aliases");
      return NULL;
    }
  g_hash_table_iter_init (&iter, forms);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (out, g_memdup2 (key, sizeof (gint64)), _khoji_store_forms_to_strv (value));
  return g_steal_pointer (&out);
}

static GStrv
aliases_of (KhojiSqliteStore *self,
            gint64            id)
{
  g_autoptr(GPtrArray) forms = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(KhojiCachedStmt) q = cached (self,
    "SELECT a.form FROM entity e JOIN alias a ON a.base_id = e.id WHERE e.id = ?1"
    " UNION ALL SELECT a.form FROM entity e JOIN alias a ON a.base_id = e.id WHERE e.merged_into = ?1", NULL);

  if (q)
    {
      sqlite3_bind_int64 (q, 1, id);
      while (sqlite3_step (q) == SQLITE_ROW)
        g_ptr_array_add (forms, g_strdup (col_text (q, 0)));
    }
  return _khoji_store_forms_to_strv (forms);
}

/* A listing row, its counts with what the log still holds; NULL when the
 * entity, so counted, is named nowhere. */
static KhojiEntity *
entity_from_row (sqlite3_stmt    *q,
                 GHashTable      *pending,
                 GStrv            aliases,
                 KhojiAliasTable *table)
{
  KhojiEntityType type = KHOJI_ENTITY_PLACE;
  gint64 id = sqlite3_column_int64 (q, 0);
  guint n_articles = sqlite3_column_int (q, 4), n_mentions = sqlite3_column_int (q, 5);
  PendingCount *more = pending ? g_hash_table_lookup (pending, &id) : NULL;

  if (more)
    {
      n_articles += more->n_articles;
      n_mentions += more->n_mentions;
    }
  if (n_mentions == 0)
    {
      g_strfreev (aliases);
      return NULL;
    }
  khoji_entity_type_from_string (col_text (q, 3), &type);
  return _khoji_entity_new (id, col_text (q, 1), col_text (q, 2), type,
                            n_articles, n_mentions, sqlite3_column_int (q, 6), aliases, table);
}

GPtrArray *
khoji_sqlite_store_list_entities (KhojiStore       *store,
                                  gboolean          include_hidden,
                                  gint64            only_id,
                                  KhojiAliasTable  *aliases,
                                  GError          **error)
{
  KhojiSqliteStore *self = (KhojiSqliteStore *) store;
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(KhojiCachedStmt) q = NULL;
  g_autoptr(GHashTable) pending = NULL;
  gboolean ok, snapshot, listed = FALSE;
  int rc = SQLITE_OK;

  ASSERT_OWNER (self);
  /* The log and the rows are read in one snapshot: a fold committed by
   * another connection in between would otherwise be counted twice. */
  snapshot = sqlite3_get_autocommit (self->db) && exec (self, "BEGIN", NULL);
  pending = _khoji_sqlite_pending_counts (self, only_id, error, &ok);
  if (!ok)
    goto out;
  if (only_id != 0)
    {
      q = cached (self,
        "SELECT id, name, latin, type, n_articles, n_mentions, hidden FROM entity"
        " WHERE id = ? AND merged_into IS NULL", error);
      if (!q)
        goto out;
      sqlite3_bind_int64 (q, 1, only_id);
      if ((rc = sqlite3_step (q)) == SQLITE_ROW)
        {
          KhojiEntity *e = entity_from_row (q, pending, aliases_of (self, only_id), NULL);
          if (e)
            g_ptr_array_add (out, e);
        }
    }
  else
    {
      /* Sorted here, not by SQLite: an index in the listing's order cost
       * every import a page per count update, and SQLite's sort of ~100k
       * rows is several times slower than this one. */
      q = cached (self,
        "SELECT id, name, latin, type, n_articles, n_mentions, hidden FROM entity"
        " WHERE merged_into IS NULL AND (?1 OR hidden = 0)", error);
      if (!q)
        goto out;
      sqlite3_bind_int (q, 1, include_hidden);
      while ((rc = sqlite3_step (q)) == SQLITE_ROW)
        {
          KhojiEntity *e = entity_from_row (q, pending, NULL, aliases);
          if (e)
            g_ptr_array_add (out, e);
        }
      _khoji_store_sort_listing (out);
    }
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    set_sqlite_error (error, self->db, rc, "entities");
  else
    listed = TRUE;

out:
  g_clear_pointer (&q, sqlite3_reset);
  if (snapshot)
    exec (self, "COMMIT", NULL);
  return listed ? g_steal_pointer (&out) : NULL;
}

typedef struct {
  guint  articles;
  guint  mentions;
  gint64 id;
} TopKey;

/* The listing's order (khoji-store-common.c): most articles, most
 * mentions, oldest. */
static int
compare_top_keys (const void *a,
                  const void *b)
{
  const TopKey *x = a, *y = b;

  if (x->articles != y->articles)
    return x->articles > y->articles ? -1 : 1;
  if (x->mentions != y->mentions)
    return x->mentions > y->mentions ? -1 : 1;
  return (x->id > y->id) - (x->id < y->id);
}

/* The listing's counts are read for every row, and only the first
 * `limit` rows are read whole into entities: making 100,000 entities
 * (their names, their objects) was most of listing them all. No index
 * in the listing's order (see above), so every row's counts are read
 * and sorted here. */
GPtrArray *
khoji_sqlite_store_list_top_entities (KhojiStore  *store,
                                      gboolean     include_hidden,
                                      guint        limit,
                                      guint       *n_listed,
                                      GError     **error)
{
  KhojiSqliteStore *self = (KhojiSqliteStore *) store;
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) keys = g_array_new (FALSE, FALSE, sizeof (TopKey));
  g_autoptr(KhojiCachedStmt) q = NULL;
  g_autoptr(GHashTable) pending = NULL;
  gboolean ok, snapshot, listed = FALSE;
  int rc = SQLITE_OK;

  ASSERT_OWNER (self);
  *n_listed = 0;
  /* One snapshot for the log, the counts and the rows. */
  snapshot = sqlite3_get_autocommit (self->db) && exec (self, "BEGIN", NULL);
  pending = _khoji_sqlite_pending_counts (self, 0, error, &ok);
  if (!ok)
    goto out;
  q = cached (self,
    "SELECT id, n_articles, n_mentions FROM entity WHERE merged_into IS NULL AND (?1 OR hidden = 0)", error);
  if (!q)
    goto out;
  sqlite3_bind_int (q, 1, include_hidden);
  while ((rc = sqlite3_step (q)) == SQLITE_ROW)
    {
      TopKey key = { (guint) sqlite3_column_int (q, 1), (guint) sqlite3_column_int (q, 2), sqlite3_column_int64 (q, 0) };
      PendingCount *more = pending ? g_hash_table_lookup (pending, &key.id) : NULL;

      if (more)
        {
          key.articles += more->n_articles;
          key.mentions += more->n_mentions;
        }
      if (key.mentions > 0)
        g_array_append_val (keys, key);
    }
  g_clear_pointer (&q, sqlite3_reset);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, self->db, rc, "entities");
      goto out;
    }
  qsort (keys->data, keys->len, sizeof (TopKey), compare_top_keys);
  q = cached (self,
    "SELECT id, name, latin, type, n_articles, n_mentions, hidden FROM entity WHERE id = ?", error);
  if (!q)
    goto out;
  for (guint i = 0; i < keys->len && i < limit; i++)
    {
      sqlite3_reset (q);
      sqlite3_bind_int64 (q, 1, g_array_index (keys, TopKey, i).id);
      if ((rc = sqlite3_step (q)) == SQLITE_ROW)
        {
          KhojiEntity *e = entity_from_row (q, pending, NULL, NULL);
          if (e)
            g_ptr_array_add (out, e);
        }
      else if (rc != SQLITE_DONE)
        {
          set_sqlite_error (error, self->db, rc, "entities");
          goto out;
        }
    }
  *n_listed = keys->len;
  listed = TRUE;

out:
  g_clear_pointer (&q, sqlite3_reset);
  if (snapshot)
    exec (self, "COMMIT", NULL);
  return listed ? g_steal_pointer (&out) : NULL;
}

/* The entity_article query for an entity: its own row's id, if it is
 * not merged away, or'ed with those of the rows merged into it. "0"
 * (no row has id 0) when there is none, so that the query still runs. */
char *
_khoji_sqlite_entity_match (KhojiSqliteStore *self,
                            gint64            entity_id)
{
  g_autoptr(KhojiCachedStmt) q = cached (self,
    "SELECT id FROM entity WHERE id = ?1 AND merged_into IS NULL"
    " UNION ALL SELECT id FROM entity WHERE merged_into = ?1", NULL);
  GString *match = g_string_new (NULL);

  if (q)
    {
      sqlite3_bind_int64 (q, 1, entity_id);
      while (sqlite3_step (q) == SQLITE_ROW)
        g_string_append_printf (match, "%s%" G_GINT64_FORMAT, match->len ? " OR " : "",
                                (gint64) sqlite3_column_int64 (q, 0));
    }
  if (match->len == 0)
    g_string_append_c (match, '0');
  return g_string_free (match, FALSE);
}

GArray *
khoji_sqlite_store_articles_for_entity (KhojiStore  *store,
                                        gint64       entity_id,
                                        GError     **error)
{
  KhojiSqliteStore *self = (KhojiSqliteStore *) store;
  g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(KhojiCachedStmt) q = NULL;
  g_autofree char *match = NULL;
  int rc;

  ASSERT_OWNER (self);
  q = cached (self, "SELECT rowid FROM entity_article WHERE entity_article MATCH ? ORDER BY rowid", error);
  if (!q)
    return NULL;
  match = _khoji_sqlite_entity_match (self, entity_id);
  sqlite3_bind_text (q, 1, match, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (q)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (q, 0);
      g_array_append_val (out, id);
    }
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, self->db, rc, "articles of an entity");
      return NULL;
    }
  return g_steal_pointer (&out);
}

KhojiArticle *
khoji_sqlite_store_get_article (KhojiStore  *store,
                                gint64       article_id,
                                GError     **error)
{
  KhojiSqliteStore *self = (KhojiSqliteStore *) store;
  g_autoptr(KhojiCachedStmt) q = NULL;

  ASSERT_OWNER (self);
  q = cached (self, "SELECT " ARTICLE_COLUMNS " FROM article a WHERE a.id = ?", error);
  if (!q)
    return NULL;
  sqlite3_bind_int64 (q, 1, article_id);
  if (sqlite3_step (q) != SQLITE_ROW)
    {
      g_set_error (error, KHOJI_STORE_ERROR, KHOJI_STORE_ERROR_NOT_FOUND, "No article %" G_GINT64_FORMAT, article_id);
      return NULL;
    }
  return _khoji_sqlite_article_from_row (q, NULL, 0);
}

char *
khoji_sqlite_store_get_article_text (KhojiStore  *store,
                                     gint64       article_id,
                                     GError     **error)
{
  KhojiSqliteStore *self = (KhojiSqliteStore *) store;
  g_autoptr(KhojiCachedStmt) q = NULL;

  ASSERT_OWNER (self);
  q = cached (self, "SELECT text FROM article WHERE id = ?", error);
  if (!q)
    return NULL;
  sqlite3_bind_int64 (q, 1, article_id);
  if (sqlite3_step (q) != SQLITE_ROW)
    {
      g_set_error (error, KHOJI_STORE_ERROR, KHOJI_STORE_ERROR_NOT_FOUND, "No article %" G_GINT64_FORMAT, article_id);
      return NULL;
    }
  return g_strdup (col_text (q, 0));
}

GPtrArray *
khoji_sqlite_store_get_article_spans (KhojiStore  *store,
                                      gint64       article_id,
                                      GError     **error)
{
  KhojiSqliteStore *self = (KhojiSqliteStore *) store;
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) khoji_article_span_free);
  g_autoptr(KhojiCachedStmt) qm = NULL;
  g_autoptr(KhojiCachedStmt) qd = NULL;

  ASSERT_OWNER (self);
  qm = cached (self,
    "SELECT m.start, m.end, m.entity_id, e.type FROM mention m JOIN entity e ON e.id = m.entity_id"
    " WHERE m.article_id = ? AND e.hidden = 0 ORDER BY m.start", error);
  if (!qm)
    return NULL;
  sqlite3_bind_int64 (qm, 1, article_id);
  while (sqlite3_step (qm) == SQLITE_ROW)
    {
      KhojiArticleSpan *s = g_new0 (KhojiArticleSpan, 1);
      s->kind = KHOJI_SPAN_MENTION;
      s->start = sqlite3_column_int (qm, 0);
      s->end = sqlite3_column_int (qm, 1);
      s->entity_id = sqlite3_column_int64 (qm, 2);
      khoji_entity_type_from_string (col_text (qm, 3), &s->entity_type);
      g_ptr_array_add (out, s);
    }
  qd = cached (self, "SELECT start, end, value FROM date_mention WHERE article_id = ? ORDER BY start", error);
  if (!qd)
    return NULL;
  sqlite3_bind_int64 (qd, 1, article_id);
  while (sqlite3_step (qd) == SQLITE_ROW)
    {
      KhojiArticleSpan *s = g_new0 (KhojiArticleSpan, 1);
      s->kind = KHOJI_SPAN_DATE;
      s->start = sqlite3_column_int (qd, 0);
      s->end = sqlite3_column_int (qd, 1);
      s->value = g_strdup (col_text (qd, 2));
      g_ptr_array_add (out, s);
    }
  return g_steal_pointer (&out);
}

guint
khoji_sqlite_store_count_articles (KhojiStore       *store)
{
  KhojiSqliteStore *self = (KhojiSqliteStore *) store;
  g_autoptr(KhojiCachedStmt) q = NULL;

  ASSERT_OWNER (self);
  q = cached (self, "SELECT count(*) FROM article", NULL);
  if (q && sqlite3_step (q) == SQLITE_ROW)
    return sqlite3_column_int (q, 0);
  return 0;
}
