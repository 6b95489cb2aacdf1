/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-store"

#include "config.h"

#include "khoji-sqlite-private.h"

/* The tables of a library and the migrations from each older schema. */

static const char *schema_v1[] = {
  "CREATE TABLE article ("
  "  id INTEGER PRIMARY KEY,"
  "  path TEXT,"
  "  hash TEXT NOT NULL UNIQUE,"
  "  title TEXT NOT NULL,"
  "  source TEXT,"
  "  published TEXT,"
  "  published_source TEXT CHECK (published_source IN ('text','option','user','inferred')),"
  "  text TEXT NOT NULL,"
  "  entity_count INTEGER NOT NULL DEFAULT 0,"
  "  imported INTEGER NOT NULL)",
  "CREATE TABLE entity ("
  "  id INTEGER PRIMARY KEY,"
  "  key TEXT NOT NULL UNIQUE,"
  "  name TEXT NOT NULL,"
  "  latin TEXT NOT NULL DEFAULT '',"
  "  type TEXT NOT NULL CHECK (type IN ('person','place','organization')),"
  "  hidden INTEGER NOT NULL DEFAULT 0,"
  "  locked_name INTEGER NOT NULL DEFAULT 0,"
  "  locked_type INTEGER NOT NULL DEFAULT 0,"
  "  merged_into INTEGER REFERENCES entity(id),"
  "  n_articles INTEGER NOT NULL DEFAULT 0,"
  "  n_mentions INTEGER NOT NULL DEFAULT 0)",
  "CREATE INDEX entity_merged ON entity(merged_into)",
  "CREATE TABLE alias ("
  "  base_id INTEGER NOT NULL REFERENCES entity(id),"
  "  form TEXT NOT NULL,"
  "  fold TEXT NOT NULL,"
  "  last_word TEXT NOT NULL,"
  "  n_words INTEGER NOT NULL,"
  "  PRIMARY KEY (base_id, form)) WITHOUT ROWID",
  "CREATE INDEX alias_fold ON alias(fold)",
  "CREATE INDEX alias_last_word ON alias(last_word)",
  "CREATE TABLE mention ("
  "  id INTEGER PRIMARY KEY,"
  "  article_id INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,"
  "  entity_id INTEGER NOT NULL REFERENCES entity(id),"
  "  base_id INTEGER NOT NULL REFERENCES entity(id),"
  "  start INTEGER NOT NULL,"
  "  end INTEGER NOT NULL,"
  "  text TEXT NOT NULL)",
  "CREATE INDEX mention_article ON mention(article_id)",
  "CREATE INDEX mention_entity ON mention(entity_id, article_id)",
  "CREATE TABLE date_mention ("
  "  id INTEGER PRIMARY KEY,"
  "  article_id INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,"
  "  start INTEGER NOT NULL,"
  "  end INTEGER NOT NULL,"
  "  text TEXT NOT NULL,"
  "  value TEXT,"
  "  precision INTEGER NOT NULL,"
  "  relative INTEGER NOT NULL,"
  "  sentence TEXT NOT NULL,"
  "  sentence_start INTEGER NOT NULL)",
  "CREATE INDEX date_article ON date_mention(article_id)",
  "CREATE TABLE correction ("
  "  id INTEGER PRIMARY KEY,"
  "  kind TEXT NOT NULL CHECK (kind IN ('merge','rename','type','hide')),"
  "  entity_key TEXT NOT NULL,"
  "  target_key TEXT,"
  "  value TEXT,"
  "  old_value TEXT,"
  "  created INTEGER NOT NULL)",
  "CREATE VIRTUAL TABLE article_fts USING fts5("
  "  title, text, content='article', content_rowid='id', tokenize='khoji')",
  NULL
};

static gboolean
migrate_create_schema (KhojiSqliteStore  *self,
                       GError           **error)
{
  for (const char **sql = schema_v1; *sql; sql++)
    if (!exec (self, *sql, error))
      return FALSE;
  return TRUE;
}

/* The entity panel lists every entity by article count, then mention
 * count: without an index SQLite sorted ~100k rows on every listing. The
 * index starts with merged_into so that the listing's merged_into IS NULL
 * picks it over entity_merged, then id, the order's last key. It
 * carries every column the listing shows: the listing then reads the
 * index alone, which stays in the page cache where the whole table (keys
 * and all) did not. */
static gboolean
migrate_entity_listing_index (KhojiSqliteStore  *self,
                              GError           **error)
{
  return exec (self,
    "CREATE INDEX entity_listing_order ON entity"
    "(merged_into, n_articles DESC, n_mentions DESC, id, name, latin, type, hidden)", error);
}

/* ---- Opening and migrations ---- */

/* khoji_event_day(value, 0|1): the first or last Julian day of an ISO
 * value, as the library computes it, so that the migration fills the
 * columns exactly as an import would. */
static void
sql_event_day (sqlite3_context  *context,
               int               argc,
               sqlite3_value   **argv)
{
  guint32 first, last;
  KhojiPrecision precision;
  const char *value = (const char *) sqlite3_value_text (argv[0]);

  if (!_khoji_value_to_days (value, &first, &last, &precision))
    {
      sqlite3_result_null (context);
      return;
    }
  sqlite3_result_int64 (context, sqlite3_value_int (argv[1]) ? last : first);
}

/* Version 3: events as integers. The timeline loads every dated mention;
 * sorting a million ISO strings that share rows with their sentences was
 * a temporary B-tree of the whole table. The day numbers, the interval
 * flag and a covering index in day order make it a walk of one index.
 * Even that decodes seven columns of a million index rows (a third of a
 * second at 100,000 articles), so the walk's result is also kept, packed,
 * in event_cache, which any change to date_mention empties (triggers, so
 * that no writer can forget). The columns are filled and the rest made here. */
static gboolean
migrate_event_days (KhojiSqliteStore  *self,
                    GError           **error)
{
  gboolean ok;
  int rc;

  rc = sqlite3_create_function_v2 (self->db, "khoji_event_day", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                                   NULL, sql_event_day, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    return set_sqlite_error (error, self->db, rc, "Cannot upgrade the library");

  /* The index is made after the rows are filled: one sort instead of a
   * million index updates. */
  ok = exec (self, "ALTER TABLE date_mention ADD COLUMN first_day INTEGER", error) &&
       exec (self, "ALTER TABLE date_mention ADD COLUMN last_day INTEGER", error) &&
       exec (self, "ALTER TABLE date_mention ADD COLUMN is_interval INTEGER NOT NULL DEFAULT 0", error) &&
       exec (self, "UPDATE date_mention SET first_day = khoji_event_day(value, 0),"
                   " last_day = khoji_event_day(value, 1), is_interval = instr(value, '/') > 0"
                   " WHERE value IS NOT NULL", error) &&
       exec (self, "CREATE INDEX date_day ON date_mention"
                   "(first_day, last_day, is_interval, precision, relative, article_id)"
                   " WHERE first_day IS NOT NULL", error) &&
       exec (self, "CREATE TABLE event_cache (id INTEGER PRIMARY KEY CHECK (id = 1), refs BLOB NOT NULL)", error) &&
       exec (self, "CREATE TRIGGER event_cache_insert AFTER INSERT ON date_mention"
                   " BEGIN DELETE FROM event_cache; END", error) &&
       exec (self, "CREATE TRIGGER event_cache_delete AFTER DELETE ON date_mention"
                   " BEGIN DELETE FROM event_cache; END", error) &&
       exec (self, "CREATE TRIGGER event_cache_update AFTER UPDATE ON date_mention"
                   " BEGIN DELETE FROM event_cache; END", error);

  /* The function is not part of the schema: no other program needs it. */
  sqlite3_create_function_v2 (self->db, "khoji_event_day", 2, SQLITE_UTF8, NULL, NULL, NULL, NULL, NULL);
  return ok;
}

/* Every page an article's transaction dirties is written to the WAL at
 * its commit, and that write was most of the import's store thread (110
 * pages per article on the benchmark corpus, 13 for a bare text + FTS5
 * insert). Version 4 drops what no query needs:
 * - alias_fold: no query looks a form up by its fold any more;
 * - alias_last_word and entity_merged: the one query of each asks only
 *   for names of two words or more, only for merged rows, so both become
 *   partial indexes over those;
 * - entity_listing_order: every count update moved the entity's entry in
 *   it (about ten pages per article); a listing now reads the table and
 *   sorts in C, see khoji_store_list_entities;
 * - the event cache's triggers emptied the (already empty) table, a page
 *   write, for each date an import added: now only when there is a cache. */
static gboolean
migrate_lighter_indexes (KhojiSqliteStore  *self,
                         GError           **error)
{
  static const char *const steps[] = {
    "DROP INDEX alias_fold",
    "DROP INDEX alias_last_word",
    "CREATE INDEX alias_last_word ON alias(last_word) WHERE n_words > 1",
    "DROP INDEX entity_merged",
    "CREATE INDEX entity_merged ON entity(merged_into) WHERE merged_into IS NOT NULL",
    "DROP INDEX entity_listing_order",
    "DROP TRIGGER event_cache_insert",
    "DROP TRIGGER event_cache_delete",
    "DROP TRIGGER event_cache_update",
    "CREATE TRIGGER event_cache_insert AFTER INSERT ON date_mention"
    " WHEN EXISTS (SELECT 1 FROM event_cache) BEGIN DELETE FROM event_cache; END",
    "CREATE TRIGGER event_cache_delete AFTER DELETE ON date_mention"
    " WHEN EXISTS (SELECT 1 FROM event_cache) BEGIN DELETE FROM event_cache; END",
    "CREATE TRIGGER event_cache_update AFTER UPDATE ON date_mention"
    " WHEN EXISTS (SELECT 1 FROM event_cache) BEGIN DELETE FROM event_cache; END",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (steps); i++)
    if (!exec (self, steps[i], error))
      return FALSE;
  return TRUE;
}

/* Which articles name an entity was an index on mention(entity_id,
 * article_id): an article names some thirty entities, each entry went to
 * a different page, and those pages were a third of what each import
 * transaction wrote. An FTS5 table is an index that batches: each
 * transaction writes one small segment, merged into bigger ones later, a
 * few pages in all. One row per article, its rowid the article's, its
 * text the ids of the entity rows its mentions resolved to (base_id:
 * merges never change it; a merged entity's articles are those of its
 * rows, see entity_match). No content, no positions, no sizes: only
 * "which rows have this term" is ever asked. */
static gboolean
migrate_entity_article (KhojiSqliteStore  *self,
                        GError           **error)
{
  return exec (self,
               "CREATE VIRTUAL TABLE entity_article USING fts5("
               " bases, content='', detail='none', columnsize=0, tokenize='unicode61')", error) &&
         exec (self,
               "INSERT INTO entity_article (rowid, bases)"
               " SELECT article_id, group_concat(base_id, ' ') FROM"
               " (SELECT DISTINCT article_id, base_id FROM mention ORDER BY article_id, base_id)"
               " GROUP BY article_id ORDER BY article_id", error) &&
         exec (self, "DROP INDEX mention_entity", error);
}

/* An import added one to the article count of every entity an article
 * names, and those rows lay on as many pages as the entities (13 of the
 * 65 pages each article's transaction wrote, more in a larger library).
 * The counts an article adds are now appended to a log, a page or two,
 * and folded into the entity rows in one pass every so many articles
 * (khoji_store_fold_counts): each entity row is then written once per
 * fold instead of once per article. Whoever reads the counts adds what
 * is still in the log. */
static gboolean
migrate_count_log (KhojiSqliteStore  *self,
                   GError           **error)
{
  return exec (self,
               "CREATE TABLE entity_count_log ("
               " entity_id INTEGER NOT NULL,"
               " n_articles INTEGER NOT NULL,"
               " n_mentions INTEGER NOT NULL)", error);
}

/* Imports only add dates, and the kept event list now records the last
 * date id it covers: the next load merges what came after it instead of
 * walking the whole index again (all_event_refs). Adding a date no longer
 * empties the cache; changing or deleting one still does. */
static gboolean
migrate_event_cache_delta (KhojiSqliteStore  *self,
                           GError           **error)
{
  return exec (self, "DROP TRIGGER event_cache_insert", error) &&
         exec (self, "DELETE FROM event_cache", error);
}

/* The index of dates by day wrote eleven of the fifty pages each import
 * transaction wrote at 100,000 articles: an article's dozen dates fall on
 * as many pages of it. What a walk of the timeline reads is now a narrow
 * table of its own, date_ref, in date id order: an import appends to its
 * end, a page or two, and a walk reads 25 MB by id and sorts in C (see
 * scan_event_refs) instead of reading the 440 MB of date_mention. Triggers
 * keep it equal to date_mention's rows with a day.
 *
 * The kept event list (event_cache) also survives a change of dates now:
 * the ids of removed dates are noted in event_cache_removed and left out
 * at the next load, the new ones merged in like an import's. */
static gboolean
migrate_date_refs (KhojiSqliteStore  *self,
                   GError           **error)
{
  static const char *const steps[] = {
    "CREATE TABLE date_ref ("
    "  id INTEGER PRIMARY KEY,"
    "  article_id INTEGER NOT NULL,"
    "  first_day INTEGER NOT NULL,"
    "  last_day INTEGER NOT NULL,"
    "  is_interval INTEGER NOT NULL,"
    "  precision INTEGER NOT NULL,"
    "  relative INTEGER NOT NULL)",
    "INSERT INTO date_ref SELECT id, article_id, first_day, last_day, is_interval, precision, relative"
    " FROM date_mention NOT INDEXED WHERE first_day IS NOT NULL ORDER BY id",
    "DROP INDEX date_day",
    "CREATE TRIGGER date_ref_insert AFTER INSERT ON date_mention WHEN new.first_day IS NOT NULL"
    " BEGIN INSERT INTO date_ref VALUES (new.id, new.article_id, new.first_day, new.last_day,"
    " new.is_interval, new.precision, new.relative); END",
    "CREATE TRIGGER date_ref_delete AFTER DELETE ON date_mention"
    " BEGIN DELETE FROM date_ref WHERE id = old.id; END",
    "CREATE TRIGGER date_ref_update AFTER UPDATE ON date_mention"
    " BEGIN DELETE FROM date_ref WHERE id = old.id;"
    " INSERT INTO date_ref SELECT new.id, new.article_id, new.first_day, new.last_day,"
    " new.is_interval, new.precision, new.relative WHERE new.first_day IS NOT NULL; END",
    "CREATE TABLE event_cache_removed (id INTEGER PRIMARY KEY)",
    "DROP TRIGGER event_cache_delete",
    "CREATE TRIGGER event_cache_delete AFTER DELETE ON date_mention"
    " WHEN EXISTS (SELECT 1 FROM event_cache)"
    " BEGIN INSERT OR IGNORE INTO event_cache_removed VALUES (old.id); END",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (steps); i++)
    if (!exec (self, steps[i], error))
      return FALSE;
  return TRUE;
}

/* Version 9: the sentence each mention starts in (its index in
 * khoji_text_sentences of the article's text), so that co-occurrence
 * can count the sentences two entities share, not only the articles.
 * The column is filled here, article by article, as an import fills it. */
static gboolean
migrate_mention_sentence (KhojiSqliteStore  *self,
                          GError           **error)
{
  sqlite3_stmt *articles = NULL, *mentions = NULL, *update = NULL;
  gboolean ok = FALSE;
  int rc;

  if (!exec (self, "ALTER TABLE mention ADD COLUMN sentence INTEGER NOT NULL DEFAULT 0", error))
    return FALSE;
  if ((rc = sqlite3_prepare_v2 (self->db,
         "SELECT id, text FROM article WHERE id IN (SELECT DISTINCT article_id FROM mention) ORDER BY id",
         -1, &articles, NULL)) != SQLITE_OK ||
      (rc = sqlite3_prepare_v2 (self->db, "SELECT id, start FROM mention WHERE article_id = ?",
                                -1, &mentions, NULL)) != SQLITE_OK ||
      (rc = sqlite3_prepare_v2 (self->db, "UPDATE mention SET sentence = ? WHERE id = ?",
                                -1, &update, NULL)) != SQLITE_OK)
    goto out;
  while ((rc = sqlite3_step (articles)) == SQLITE_ROW)
    {
      const char *text = (const char *) sqlite3_column_text (articles, 1);
      gsize len = (gsize) sqlite3_column_bytes (articles, 1);
      g_autofree guint *cp = _khoji_store_code_point_map (text ? text : "", text ? len : 0);
      g_autoptr(GArray) starts = _khoji_store_sentence_starts (text ? text : "", text ? len : 0, cp, NULL);

      sqlite3_bind_int64 (mentions, 1, sqlite3_column_int64 (articles, 0));
      while ((rc = sqlite3_step (mentions)) == SQLITE_ROW)
        {
          guint sentence = _khoji_store_sentence_of (starts, (guint) sqlite3_column_int (mentions, 1));

          if (sentence == 0)
            continue;   /* the column's default */
          sqlite3_bind_int (update, 1, (int) sentence);
          sqlite3_bind_int64 (update, 2, sqlite3_column_int64 (mentions, 0));
          rc = sqlite3_step (update);
          sqlite3_reset (update);
          if (rc != SQLITE_DONE)
            goto out;
        }
      sqlite3_reset (mentions);
      if (rc != SQLITE_DONE)
        goto out;
    }
  ok = rc == SQLITE_DONE;

out:
  if (!ok)
    set_sqlite_error (error, self->db, rc, "Cannot upgrade the library");
  sqlite3_finalize (articles);
  sqlite3_finalize (mentions);
  sqlite3_finalize (update);
  return ok;
}

/* Version 10: who made each correction, the OS user's name, beside
 * when. Several people correct one archive (a shared one on PostgreSQL,
 * a file on a shared folder): the history says whose each change is.
 * Corrections made before say nobody (''). */
static gboolean
migrate_correction_who (KhojiSqliteStore  *self,
                        GError           **error)
{
  return exec (self, "ALTER TABLE correction ADD COLUMN who TEXT NOT NULL DEFAULT ''", error);
}

/* Version 11 changed the archive on PostgreSQL only (its date_ref, as
 * the file has had since version 8, and uncompressed search keys; see
 * khoji-pg-schema.c): one version number names one library on both. */
static gboolean
migrate_archive_reads (KhojiSqliteStore  *self,
                       GError           **error)
{
  return TRUE;
}

/* Version 12: the sentences each pair of entities shares, kept as the
 * mentions change (khoji-sqlite-import.c, -corrections.c), so that the
 * network by sentences reads one row per pair of its nodes instead of
 * every mention of them: 1.5-2 CPU seconds at 100,000 articles, six
 * million mentions. mention_article becomes (article_id, sentence,
 * entity_id): the pairs of a sentence are found in it, and the
 * entities of an article (the neighbours' candidates) without the
 * table's rows. */
static gboolean
migrate_sentence_pairs (KhojiSqliteStore  *self,
                        GError           **error)
{
  return exec (self, "CREATE INDEX mention_sentence ON mention(article_id, sentence, entity_id)", error) &&
         exec (self, "DROP INDEX mention_article", error) &&
         exec (self, "CREATE TABLE sentence_pair ("
                     "  a INTEGER NOT NULL,"
                     "  b INTEGER NOT NULL,"
                     "  n INTEGER NOT NULL,"
                     "  PRIMARY KEY (a, b)) WITHOUT ROWID", error) &&
         exec (self, "INSERT INTO sentence_pair " KHOJI_SQLITE_SENTENCE_PAIRS ("1", ""), error);
}

/* Version 13 changed the archive on PostgreSQL only (its kept event
 * list, as the file has had since version 3; see khoji-pg-schema.c). */
static gboolean
migrate_archive_event_list (KhojiSqliteStore  *self,
                            GError           **error)
{
  return TRUE;
}

/* Version 14 changed the archive on PostgreSQL only (an index of the
 * pairs of words next to each other, for phrases; see
 * khoji-pg-schema.c): FTS5 checks a phrase from its own index. */
static gboolean
migrate_archive_search_pairs (KhojiSqliteStore  *self,
                              GError           **error)
{
  return TRUE;
}

/* Each entry migrates from version i to i + 1. */
typedef gboolean (*MigrationFunc) (KhojiSqliteStore *self, GError **error);
static const MigrationFunc migrations[] = {
  migrate_create_schema,
  migrate_entity_listing_index,
  migrate_event_days,
  migrate_lighter_indexes,
  migrate_entity_article,
  migrate_count_log,
  migrate_event_cache_delta,
  migrate_date_refs,
  migrate_mention_sentence,
  migrate_correction_who,
  migrate_archive_reads,
  migrate_sentence_pairs,
  migrate_archive_event_list,
  migrate_archive_search_pairs,
};
G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == KHOJI_STORE_SCHEMA_VERSION);

int
_khoji_sqlite_get_user_version (KhojiSqliteStore *self)
{
  sqlite3_stmt *stmt = NULL;
  int v = -1;

  if (sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    v = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return v;
}

gboolean
_khoji_sqlite_migrate (KhojiSqliteStore  *self,
                       GError           **error)
{
  int version = _khoji_sqlite_get_user_version (self);

  if (version < 0)
    {
      /* A library in WAL mode whose folder cannot be written fails here
       * too (no -shm can be made): that is a read-only library, not a
       * damaged one, and the user must be told which. */
      int rc = sqlite3_errcode (self->db);

      if (rc != SQLITE_NOTADB && rc != SQLITE_CORRUPT && rc != SQLITE_OK)
        return set_sqlite_error (error, self->db, rc, "Cannot read the library");
      g_set_error (error, KHOJI_STORE_ERROR, KHOJI_STORE_ERROR_CORRUPT,
                   "The file is not an SQLite database");
      return FALSE;
    }
  if (version > KHOJI_STORE_SCHEMA_VERSION)
    {
      _khoji_store_set_newer_error (error, version);
      return FALSE;
    }
  if (version == KHOJI_STORE_SCHEMA_VERSION)
    {
      self->parent.schema_version = version;
      return TRUE;
    }

  /* IMMEDIATE: two programs opening a new library at once must not both
   * create the tables. */
  if (!exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  version = _khoji_sqlite_get_user_version (self);
  for (int v = version; v < KHOJI_STORE_SCHEMA_VERSION; v++)
    if (!migrations[v] (self, error))
      {
        exec (self, "ROLLBACK", NULL);
        return FALSE;
      }
  {
    g_autofree char *set = g_strdup_printf ("PRAGMA user_version = %d", KHOJI_STORE_SCHEMA_VERSION);
    if (!exec (self, set, error) || !exec (self, "COMMIT", error))
      {
        exec (self, "ROLLBACK", NULL);
        return FALSE;
      }
  }
  self->parent.schema_version = KHOJI_STORE_SCHEMA_VERSION;
  return TRUE;
}
