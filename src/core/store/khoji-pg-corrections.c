/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-store"

#include "config.h"

#include "khoji-pg-private.h"

/* The user's corrections, as khoji-sqlite-corrections.c makes them:
 * stored apart, keyed by resolution key, replayed. Each records who made
 * it (the OS user) and when.
 *
 * SQLite makes a correction in an IMMEDIATE transaction: nothing else
 * writes meanwhile. Here a correction takes the corrections lock whole,
 * which imports share (each article's transaction): it waits for the
 * articles being saved, the next ones wait for it, and two corrections
 * are made one after the other — the second sees what the first did. */

static gboolean
lock_corrections (KhojiPgStore  *self,
                  GError       **error)
{
  return _khoji_pg_exec (self, "SELECT pg_advisory_xact_lock(" PG_LOCK_CORRECTIONS ")", error);
}

/* The key of an entity that corrections may name: one that exists and
 * is not merged into another. */
static char *
key_of (KhojiPgStore  *self,
        gint64         entity_id,
        GError       **error)
{
  g_autoptr(PGresult) res = NULL;
  PgParams p = { 0 };

  pg_int (&p, entity_id);
  res = _khoji_pg_run (self, "SELECT key, merged_into FROM entity WHERE id = $1", &p, error);
  if (res == NULL)
    return NULL;
  if (PQntuples (res) == 0)
    {
      g_set_error (error, KHOJI_STORE_ERROR, KHOJI_STORE_ERROR_NOT_FOUND, "No entity %" G_GINT64_FORMAT, entity_id);
      return NULL;
    }
  if (!PQgetisnull (res, 0, 1))
    {
      g_set_error (error, KHOJI_STORE_ERROR, KHOJI_STORE_ERROR_MERGED,
                   "%" G_GINT64_FORMAT " %" G_GINT64_FORMAT, entity_id, pg_get_int (res, 0, 1));
      return NULL;
    }
  return g_strdup (PQgetvalue (res, 0, 0));
}

/* Recompute merged_into from the merge corrections, in order, then move
 * the mentions of the touched entities to where their base now points,
 * and count again what moved. */
static gboolean
replay_merges (KhojiPgStore  *self,
               GError       **error)
{
  static const char *const before[] = {
    "CREATE TEMP TABLE IF NOT EXISTS touched (id bigint PRIMARY KEY) ON COMMIT DELETE ROWS",
    "CREATE TEMP TABLE IF NOT EXISTS touched_article (id bigint PRIMARY KEY) ON COMMIT DELETE ROWS",
    "INSERT INTO touched SELECT id FROM entity WHERE merged_into IS NOT NULL ON CONFLICT DO NOTHING",
    "INSERT INTO touched SELECT merged_into FROM entity WHERE merged_into IS NOT NULL ON CONFLICT DO NOTHING",
    "UPDATE entity SET merged_into = NULL WHERE merged_into IS NOT NULL",
  };
  static const char *const after[] = {
    "INSERT INTO touched_article SELECT DISTINCT article_id FROM mention"
    " WHERE base_id IN (SELECT id FROM touched) ON CONFLICT DO NOTHING",
    "UPDATE mention SET entity_id = (SELECT COALESCE(merged_into, id) FROM entity WHERE id = mention.base_id)"
    " WHERE article_id IN (SELECT id FROM touched_article)"
    " AND (base_id IN (SELECT id FROM touched) OR entity_id IN (SELECT id FROM touched))",
    "UPDATE entity SET n_mentions = COALESCE(c.m, 0), n_articles = COALESCE(c.a, 0)"
    " FROM touched t LEFT JOIN (SELECT entity_id, count(*) AS m, count(DISTINCT article_id) AS a FROM mention"
    "  WHERE article_id IN (SELECT id FROM touched_article) GROUP BY entity_id) c ON c.entity_id = t.id"
    " WHERE entity.id = t.id",
    "UPDATE article SET entity_count = (SELECT count(DISTINCT entity_id) FROM mention WHERE article_id = article.id)"
    " WHERE id IN (SELECT id FROM touched_article)",
  };
  g_autoptr(PGresult) merges = NULL;

  /* The recount counts mentions: the log's counts go in first. */
  if (!_khoji_pg_fold_counts (self, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (before); i++)
    if (!_khoji_pg_exec (self, before[i], error))
      return FALSE;

  merges = _khoji_pg_run (self,
    "SELECT s.id, t.id FROM correction c JOIN entity s ON s.key = c.entity_key"
    " JOIN entity t ON t.key = c.target_key WHERE c.kind = 'merge' ORDER BY c.id", NULL, error);
  if (merges == NULL)
    return FALSE;
  for (int i = 0; i < PQntuples (merges); i++)
    {
      PgParams p = { 0 };
      g_autoptr(PGresult) u = NULL;
      g_autoptr(PGresult) t = NULL;

      pg_int (&p, pg_get_int (merges, i, 0));
      pg_int (&p, pg_get_int (merges, i, 1));
      u = _khoji_pg_run (self,
        "UPDATE entity SET merged_into = (SELECT COALESCE(merged_into, id) FROM entity WHERE id = $2)"
        " WHERE (id = $1 OR merged_into = $1) AND $1 != (SELECT COALESCE(merged_into, id) FROM entity WHERE id = $2)",
        &p, error);
      if (u == NULL)
        return FALSE;
      t = _khoji_pg_run (self, "INSERT INTO touched VALUES ($1), ($2) ON CONFLICT DO NOTHING", &p, error);
      if (t == NULL)
        return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (after); i++)
    if (!_khoji_pg_exec (self, after[i], error))
      return FALSE;
  return TRUE;
}

static gboolean
add_in_transaction (KhojiPgStore         *self,
                    KhojiCorrectionKind   kind,
                    gint64                entity_id,
                    gint64                target_id,
                    const char           *value,
                    GError              **error)
{
  static const char *const kinds[] = { "merge", "rename", "type", "hide" };
  g_autofree char *key = NULL;
  g_autofree char *target_key = NULL;
  g_autofree char *old_value = NULL;
  g_autoptr(PGresult) ins = NULL;
  PgParams p = { 0 };

  if (!lock_corrections (self, error))
    return FALSE;
  key = key_of (self, entity_id, error);
  if (key == NULL)
    return FALSE;
  if (kind == KHOJI_CORRECTION_MERGE)
    {
      if (entity_id == target_id)
        {
          g_set_error (error, KHOJI_STORE_ERROR, KHOJI_STORE_ERROR_FAILED, "An entity cannot be merged into itself");
          return FALSE;
        }
      target_key = key_of (self, target_id, error);
      if (target_key == NULL)
        return FALSE;
    }
  else
    {
      static const char *const cols[] = { NULL, "name", "type", "hidden::text" };
      g_autofree char *sql = g_strdup_printf ("SELECT %s FROM entity WHERE id = $1", cols[kind]);
      PgParams q = { 0 };
      g_autoptr(PGresult) res = NULL;

      pg_int (&q, entity_id);
      res = _khoji_pg_run_once (self, sql, &q, error);
      if (res == NULL)
        return FALSE;
      if (PQntuples (res) > 0)
        old_value = g_strdup (pg_get_text (res, 0, 0));
    }

  pg_text (&p, kinds[kind]);
  pg_text (&p, key);
  pg_text (&p, target_key);
  pg_text (&p, value);
  pg_text (&p, old_value);
  pg_text (&p, self->who);
  ins = _khoji_pg_run (self,
    "INSERT INTO correction (kind, entity_key, target_key, value, old_value, who, created)"
    " VALUES ($1, $2, $3, $4, $5, $6, floor (extract (epoch FROM now ()))::bigint)", &p, error);
  if (ins == NULL)
    return FALSE;
  if (kind == KHOJI_CORRECTION_MERGE)
    return replay_merges (self, error);
  return _khoji_pg_replay_attribute_corrections (self, entity_id, key, error);
}

gboolean
khoji_pg_store_add_correction (KhojiStore           *store,
                               KhojiCorrectionKind   kind,
                               gint64                entity_id,
                               gint64                target_id,
                               const char           *value,
                               GError              **error)
{
  KhojiPgStore *self = (KhojiPgStore *) store;

  ASSERT_OWNER (self);
  if (!_khoji_pg_begin (self, error))
    return FALSE;
  return _khoji_pg_end (self, add_in_transaction (self, kind, entity_id, target_id, value, error), error);
}

static gboolean
undo_in_transaction (KhojiPgStore  *self,
                     gint64        *created,
                     GError       **error)
{
  g_autoptr(PGresult) last = NULL;
  g_autoptr(PGresult) del = NULL;
  const char *kind, *key, *old_value;
  PgParams p = { 0 };

  if (!lock_corrections (self, error))
    return FALSE;
  last = _khoji_pg_run (self,
    "SELECT id, kind, entity_key, old_value, created FROM correction ORDER BY id DESC LIMIT 1", NULL, error);
  if (last == NULL)
    return FALSE;
  if (PQntuples (last) == 0)
    {
      g_set_error (error, KHOJI_STORE_ERROR, KHOJI_STORE_ERROR_NOT_FOUND, "There is no correction to undo");
      return FALSE;
    }
  kind = PQgetvalue (last, 0, 1);
  key = PQgetvalue (last, 0, 2);
  old_value = pg_get_text (last, 0, 3);
  if (created)
    *created = pg_get_int (last, 0, 4);
  pg_int (&p, pg_get_int (last, 0, 0));
  del = _khoji_pg_run (self, "DELETE FROM correction WHERE id = $1", &p, error);
  if (del == NULL)
    return FALSE;

  if (g_str_equal (kind, "merge"))
    return replay_merges (self, error);
  {
    PgParams s = { 0 }, u = { 0 };
    g_autoptr(PGresult) still = NULL;
    g_autoptr(PGresult) done = NULL;
    const char *sql;

    pg_text (&s, key);
    pg_text (&s, kind);
    still = _khoji_pg_run (self, "SELECT count(*) FROM correction WHERE entity_key = $1 AND kind = $2", &s, error);
    if (still == NULL)
      return FALSE;
    if (g_str_equal (kind, "rename"))
      sql = "UPDATE entity SET name = COALESCE($1, name), locked_name = $3 WHERE key = $2";
    else if (g_str_equal (kind, "type"))
      sql = "UPDATE entity SET type = COALESCE($1, type), locked_type = $3 WHERE key = $2";
    else
      sql = "UPDATE entity SET hidden = COALESCE(CAST($1 AS integer), 0) WHERE key = $2 AND $3::integer >= 0";
    pg_text (&u, old_value);
    pg_text (&u, key);
    pg_int (&u, pg_get_int (still, 0, 0) > 0 ? 1 : 0);
    done = _khoji_pg_run (self, sql, &u, error);
    return done != NULL;
  }
}

gboolean
khoji_pg_store_undo_correction (KhojiStore  *store,
                                gint64      *created,
                                GError     **error)
{
  KhojiPgStore *self = (KhojiPgStore *) store;

  ASSERT_OWNER (self);
  if (!_khoji_pg_begin (self, error))
    return FALSE;
  return _khoji_pg_end (self, undo_in_transaction (self, created, error), error);
}
