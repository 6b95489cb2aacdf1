/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-store"

#include "config.h"

#include "khoji-sqlite-private.h"

/* The user's corrections: stored apart, keyed by resolution key, replayed. */

/* ---- Corrections ---- */

/* The key of an entity that corrections may name: one that exists and
 * is not merged into another. Read inside the correction's transaction,
 * so that what was checked is what is written. */
static char *
key_of (KhojiSqliteStore  *self,
        gint64             entity_id,
        GError           **error)
{
  g_autoptr(KhojiCachedStmt) q = cached (self, "SELECT key, merged_into FROM entity WHERE id = ?", error);

  if (!q)
    return NULL;
  sqlite3_bind_int64 (q, 1, entity_id);
  if (sqlite3_step (q) != SQLITE_ROW)
    {
      g_set_error (error, KHOJI_STORE_ERROR, KHOJI_STORE_ERROR_NOT_FOUND,
                   "No entity %" G_GINT64_FORMAT, entity_id);
      return NULL;
    }
  if (sqlite3_column_type (q, 1) != SQLITE_NULL)
    {
      g_set_error (error, KHOJI_STORE_ERROR, KHOJI_STORE_ERROR_MERGED,
                   "%" G_GINT64_FORMAT " %" G_GINT64_FORMAT, entity_id, (gint64) sqlite3_column_int64 (q, 1));
      return NULL;
    }
  return g_strdup (col_text (q, 0));
}

/* The articles that name any touched entity row, into
 * temp.touched_article: every mention whose entity a replay can change
 * has a touched base (a row merged before the replay, or one merged by
 * it, or a target), so these articles hold all of them. */
static gboolean
find_touched_articles (KhojiSqliteStore  *self,
                       GError           **error)
{
  return exec (self, "CREATE TEMP TABLE IF NOT EXISTS touched_article (id INTEGER PRIMARY KEY)", error) &&
         exec (self, "DELETE FROM temp.touched_article", error) &&
         exec (self,
           "INSERT INTO temp.touched_article SELECT rowid FROM entity_article WHERE entity_article MATCH"
           " (SELECT group_concat(id, ' OR ') FROM temp.touched)"
           " AND EXISTS (SELECT 1 FROM temp.touched)", error);
}

static gboolean
recount (KhojiSqliteStore  *self,
         GError           **error)
{
  /* Only entities whose mentions moved: those the pointers name, counted
   * in one pass over the mentions of the articles that name them. */
  return exec (self, "CREATE TEMP TABLE IF NOT EXISTS touched_count"
                     " (id INTEGER PRIMARY KEY, n_mentions INTEGER, n_articles INTEGER)", error) &&
         exec (self, "DELETE FROM temp.touched_count", error) &&
         exec (self,
           "INSERT INTO temp.touched_count SELECT entity_id, count(*), count(DISTINCT article_id) FROM mention"
           " WHERE article_id IN (SELECT id FROM temp.touched_article) AND entity_id IN (SELECT id FROM temp.touched)"
           " GROUP BY entity_id", error) &&
         exec (self,
           "UPDATE entity SET"
           " n_mentions = COALESCE((SELECT n_mentions FROM temp.touched_count c WHERE c.id = entity.id), 0),"
           " n_articles = COALESCE((SELECT n_articles FROM temp.touched_count c WHERE c.id = entity.id), 0)"
           " WHERE id IN (SELECT id FROM temp.touched)", error) &&
         exec (self,
           "UPDATE article SET entity_count = (SELECT count(DISTINCT entity_id) FROM mention WHERE article_id = article.id)"
           " WHERE id IN (SELECT id FROM temp.touched_article)", error);
}

#define TOUCHED_ARTICLES "x.article_id IN (SELECT id FROM temp.touched_article)"
#define TOUCHED_PAIRS "AND (lo IN (SELECT id FROM temp.touched) OR hi IN (SELECT id FROM temp.touched))"

/* Recompute merged_into from the merge corrections, in order, then move the
 * mentions of the touched entities to where their base now points. */
static gboolean
replay_merges (KhojiSqliteStore  *self,
               GError           **error)
{
  g_autoptr(KhojiCachedStmt) q = NULL;

  /* The recount below counts mentions: the log's counts go in first. */
  if (!_khoji_sqlite_fold_counts (self, error) ||
      !exec (self, "CREATE TEMP TABLE IF NOT EXISTS touched (id INTEGER PRIMARY KEY)", error) ||
      !exec (self, "DELETE FROM temp.touched", error) ||
      !exec (self, "INSERT OR IGNORE INTO temp.touched SELECT id FROM entity WHERE merged_into IS NOT NULL", error) ||
      !exec (self, "INSERT OR IGNORE INTO temp.touched SELECT merged_into FROM entity WHERE merged_into IS NOT NULL", error) ||
      !exec (self, "UPDATE entity SET merged_into = NULL WHERE merged_into IS NOT NULL", error))
    return FALSE;

  q = cached (self,
    "SELECT s.id, t.id FROM correction c JOIN entity s ON s.key = c.entity_key"
    " JOIN entity t ON t.key = c.target_key WHERE c.kind = 'merge' ORDER BY c.id", error);
  if (!q)
    return FALSE;
  while (sqlite3_step (q) == SQLITE_ROW)
    {
      gint64 src = sqlite3_column_int64 (q, 0), dst = sqlite3_column_int64 (q, 1);
      g_autoptr(KhojiCachedStmt) u = cached (self,
        "UPDATE entity SET merged_into = (SELECT COALESCE(merged_into, id) FROM entity WHERE id = ?2)"
        " WHERE (id = ?1 OR merged_into = ?1) AND ?1 != (SELECT COALESCE(merged_into, id) FROM entity WHERE id = ?2)", error);
      g_autoptr(KhojiCachedStmt) t = cached (self, "INSERT OR IGNORE INTO temp.touched VALUES (?)", error);
      if (!u || !t)
        return FALSE;
      sqlite3_bind_int64 (u, 1, src);
      sqlite3_bind_int64 (u, 2, dst);
      if (!step_done (self, u, error))
        return FALSE;
      sqlite3_bind_int64 (t, 1, src);
      if (!step_done (self, t, error))
        return FALSE;
      sqlite3_reset (t);
      sqlite3_bind_int64 (t, 1, dst);
      if (!step_done (self, t, error))
        return FALSE;
    }

  /* The pairs of sentences that name a touched entity are counted again
   * around the move: taken away as they were, added as they are. */
  return find_touched_articles (self, error) &&
         exec (self, KHOJI_SQLITE_ADD_SENTENCE_PAIRS ("-1", TOUCHED_ARTICLES, TOUCHED_PAIRS), error) &&
         exec (self,
           "UPDATE mention SET entity_id = (SELECT COALESCE(merged_into, id) FROM entity WHERE id = mention.base_id)"
           " WHERE article_id IN (SELECT id FROM temp.touched_article)"
           " AND (base_id IN (SELECT id FROM temp.touched) OR entity_id IN (SELECT id FROM temp.touched))", error) &&
         exec (self, KHOJI_SQLITE_ADD_SENTENCE_PAIRS ("1", TOUCHED_ARTICLES, TOUCHED_PAIRS), error) &&
         recount (self, error);
}

gboolean
khoji_sqlite_store_add_correction (KhojiStore           *store,
                                   KhojiCorrectionKind   kind,
                                   gint64                entity_id,
                                   gint64                target_id,
                                   const char           *value,
                                   GError              **error)
{
  KhojiSqliteStore *self = (KhojiSqliteStore *) store;
  static const char *kinds[] = { "merge", "rename", "type", "hide" };
  g_autofree char *key = NULL;
  g_autofree char *target_key = NULL;
  g_autofree char *old_value = NULL;
  g_autoptr(KhojiCachedStmt) ins = NULL;

  ASSERT_OWNER (self);

  /* The checks and the write are one IMMEDIATE transaction: two
   * corrections at once (the window and khoji-cli, two khoji-cli) are
   * made one after the other, and the second sees what the first did —
   * merge A B and merge B A cannot both be made. */
  if (!begin_write (self, error))
    return FALSE;

  key = key_of (self, entity_id, error);
  if (key == NULL)
    goto fail;
  if (kind == KHOJI_CORRECTION_MERGE)
    {
      if (entity_id == target_id)
        {
          g_set_error (error, KHOJI_STORE_ERROR, KHOJI_STORE_ERROR_FAILED,
                       "An entity cannot be merged into itself");
          goto fail;
        }
      target_key = key_of (self, target_id, error);
      if (target_key == NULL)
        goto fail;
    }
  else
    {
      static const char *cols[] = { NULL, "name", "type", "hidden" };
      g_autofree char *sql = g_strdup_printf ("SELECT %s FROM entity WHERE id = ?", cols[kind]);
      g_autoptr(OwnedStmt) q = prepare (self, sql, error);
      if (!q)
        goto fail;
      sqlite3_bind_int64 (q, 1, entity_id);
      if (sqlite3_step (q) == SQLITE_ROW)
        old_value = g_strdup (col_text (q, 0));
    }

  ins = cached (self,
    "INSERT INTO correction (kind, entity_key, target_key, value, old_value, who, created)"
    " VALUES (?, ?, ?, ?, ?, ?, strftime('%s','now'))", error);
  if (!ins)
    goto fail;
  bind_text (ins, 1, kinds[kind]);
  bind_text (ins, 2, key);
  bind_text (ins, 3, target_key);
  bind_text (ins, 4, value);
  bind_text (ins, 5, old_value);
  bind_text (ins, 6, g_get_user_name ());
  if (!step_done (self, ins, error))
    goto fail;

  if (kind == KHOJI_CORRECTION_MERGE)
    {
      if (!replay_merges (self, error))
        goto fail;
    }
  else if (!_khoji_sqlite_replay_attribute_corrections (self, entity_id, key, error))
    goto fail;

  return end_write (self, TRUE, error);

fail:
  return end_write (self, FALSE, NULL);
}

gboolean
khoji_sqlite_store_undo_correction (KhojiStore  *store,
                                    gint64      *created,
                                    GError     **error)
{
  KhojiSqliteStore *self = (KhojiSqliteStore *) store;
  g_autoptr(KhojiCachedStmt) q = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *key = NULL;
  g_autofree char *old_value = NULL;
  gboolean had_old = FALSE;
  gint64 id;

  ASSERT_OWNER (self);
  /* Read inside the transaction: two undos at once take back two
   * corrections, not the same one twice. */
  if (!begin_write (self, error))
    return FALSE;
  q = cached (self, "SELECT id, kind, entity_key, old_value, created FROM correction ORDER BY id DESC LIMIT 1", error);
  if (!q)
    goto fail;
  if (sqlite3_step (q) != SQLITE_ROW)
    {
      g_set_error (error, KHOJI_STORE_ERROR, KHOJI_STORE_ERROR_NOT_FOUND, "There is no correction to undo");
      goto fail;
    }
  id = sqlite3_column_int64 (q, 0);
  kind = g_strdup (col_text (q, 1));
  key = g_strdup (col_text (q, 2));
  had_old = sqlite3_column_type (q, 3) != SQLITE_NULL;
  old_value = g_strdup (col_text (q, 3));
  if (created)
    *created = sqlite3_column_int64 (q, 4);
  sqlite3_reset (q);

  {
    g_autoptr(KhojiCachedStmt) del = cached (self, "DELETE FROM correction WHERE id = ?", error);
    if (!del)
      goto fail;
    sqlite3_bind_int64 (del, 1, id);
    if (!step_done (self, del, error))
      goto fail;
  }

  if (g_str_equal (kind, "merge"))
    {
      if (!replay_merges (self, error))
        goto fail;
    }
  else
    {
      g_autoptr(KhojiCachedStmt) still = cached (self,
        "SELECT count(*) FROM correction WHERE entity_key = ?1 AND kind = ?2", error);
      gboolean locked;

      if (!still)
        goto fail;
      bind_text (still, 1, key);
      bind_text (still, 2, kind);
      sqlite3_step (still);
      locked = sqlite3_column_int (still, 0) > 0;

      if (!_khoji_sqlite_set_corrected (self, kind, had_old ? old_value : NULL, 0, key, locked, error))
        goto fail;
    }

  return end_write (self, TRUE, error);

fail:
  return end_write (self, FALSE, NULL);
}
