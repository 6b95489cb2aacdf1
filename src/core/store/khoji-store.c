/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-store"

#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "khoji-items-private.h"
#include "khoji-store.h"
#include "khoji-text.h"

/* One SQLite connection, owned by the thread that opened it.
 *
 * Entities: one row per resolution key the extractor produced. A merge
 * correction does not delete anything: it points the merged rows at their
 * target (merged_into) and re-points the mentions, so that undo and replay
 * only have to recompute pointers. Mentions keep both the row of their own
 * key (base_id) and the entity they count for (entity_id). */

G_DEFINE_QUARK (khoji-store-error-quark, khoji_store_error)

struct _KhojiStore
{
  sqlite3 *db;
  char    *path;
  GThread *owner;
  int      schema_version;
  gboolean read_only;       /* opened read-only: the file or its folder cannot be written */
  GHashTable *statements;   /* SQL literal's address -> sqlite3_stmt */
  /* The tokens of the text being inserted, made by an import worker:
   * the tokenizer replays them instead of breaking the text again on
   * the writing thread. */
  const char        *pending_text;
  gsize              pending_len;
  const KhojiTokens *pending_tokens;
  /* "base_id:form" of the aliases this connection has seen committed:
   * alias rows are never deleted, so an import need not ask SQLite again
   * for the spellings each article repeats. pending_aliases holds the
   * ones the open transaction added until it commits. */
  GHashTable *known_aliases;
  GPtrArray  *pending_aliases;
};

#define ASSERT_OWNER(self) g_assert (g_thread_self () == (self)->owner)

/* The WAL's size at which a connection checkpoints it itself: 64 MB
 * normally (every 1,000 pages made imports wait on the disk), 256 MB
 * during a bulk import, where another thread checkpoints as it goes and
 * this one only bounds the file: a checkpointer beside a busy writer never
 * catches up with it, and only a checkpoint by the writer lets the WAL
 * start over. */
#define WAL_AUTOCHECKPOINT_PAGES 16384
#define WAL_AUTOCHECKPOINT_BULK_PAGES 65536

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

static gboolean exec (KhojiStore *self, const char *sql, GError **error);

static gboolean
migrate_create_schema (KhojiStore  *self,
                       GError     **error)
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
migrate_entity_listing_index (KhojiStore  *self,
                              GError     **error)
{
  return exec (self,
    "CREATE INDEX entity_listing_order ON entity"
    "(merged_into, n_articles DESC, n_mentions DESC, id, name, latin, type, hidden)", error);
}


static int
store_error_code (int rc)
{
  switch (rc & 0xff)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return KHOJI_STORE_ERROR_BUSY;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return KHOJI_STORE_ERROR_CORRUPT;
    case SQLITE_READONLY:
    case SQLITE_PERM:
      return KHOJI_STORE_ERROR_READ_ONLY;
    case SQLITE_FULL:
      return KHOJI_STORE_ERROR_FULL;
    case SQLITE_CANTOPEN:
      return KHOJI_STORE_ERROR_OPEN;
    default:
      return KHOJI_STORE_ERROR_FAILED;
    }
}

static gboolean
set_sqlite_error (GError    **error,
                  sqlite3    *db,
                  int         rc,
                  const char *what)
{
  int code = store_error_code (rc);
  const char *msg = db ? sqlite3_errmsg (db) : sqlite3_errstr (rc);

  g_set_error (error, KHOJI_STORE_ERROR, code, "%s: %s", what, msg);
  return FALSE;
}

static gboolean
exec (KhojiStore  *self,
      const char  *sql,
      GError     **error)
{
  char *err = NULL;
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, &err);

  if (rc != SQLITE_OK)
    {
      g_set_error (error, KHOJI_STORE_ERROR, store_error_code (rc), "%s", err ? err : sqlite3_errstr (rc));
      sqlite3_free (err);
      return FALSE;
    }
  return TRUE;
}

/* Every write is one IMMEDIATE transaction: the write lock is taken up
 * front, so a second writer waits on the busy timeout instead of failing
 * halfway. end_write commits what `ok` says succeeded, else rolls back. */
static gboolean
begin_write (KhojiStore  *self,
             GError     **error)
{
  return exec (self, "BEGIN IMMEDIATE", error);
}

static gboolean
end_write (KhojiStore  *self,
           gboolean     ok,
           GError     **error)
{
  if (ok && exec (self, "COMMIT", error))
    return TRUE;
  exec (self, "ROLLBACK", NULL);
  return FALSE;
}

static sqlite3_stmt *
prepare (KhojiStore  *self,
         const char  *sql,
         GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, self->db, rc, "prepare");
      return NULL;
    }
  return stmt;
}

/* Statements are prepared once per connection and kept: import runs the
 * same dozen statements for every mention. A cached statement is reset
 * when its user is done with it, so that no read transaction stays open
 * and the connection sees what other connections commit. */
typedef sqlite3_stmt KhojiCachedStmt;
typedef sqlite3_stmt OwnedStmt;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhojiCachedStmt, sqlite3_reset)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OwnedStmt, sqlite3_finalize)

static sqlite3_stmt *
cached (KhojiStore  *self,
        const char  *sql,
        GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);

  if (stmt)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }
  stmt = prepare (self, sql, error);
  if (stmt)
    g_hash_table_insert (self->statements, (gpointer) sql, stmt);
  return stmt;
}

static void
bind_text (sqlite3_stmt *stmt,
           int           i,
           const char   *s)
{
  if (s)
    sqlite3_bind_text (stmt, i, s, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, i);
}

static gboolean
step_done (KhojiStore   *self,
           sqlite3_stmt *stmt,
           GError      **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return set_sqlite_error (error, self->db, rc, "step");
  return TRUE;
}

static const char *
col_text (sqlite3_stmt *stmt,
          int           i)
{
  return (const char *) sqlite3_column_text (stmt, i);
}

/* ---- The FTS5 tokenizer: ICU word breaks, then folding keys ---- */

typedef struct {
  KhojiStore *store;
} KhojiTokenizer;

static int
tok_create (void        *ctx,
            const char **argv,
            int          argc,
            Fts5Tokenizer **out)
{
  KhojiTokenizer *tok = g_new0 (KhojiTokenizer, 1);

  tok->store = ctx;
  *out = (Fts5Tokenizer *) tok;
  return SQLITE_OK;
}

static void
tok_delete (Fts5Tokenizer *tok)
{
  g_free (tok);
}

static int
tok_tokenize (Fts5Tokenizer *tok,
              void          *ctx,
              int            flags,
              const char    *text,
              int            n_text,
              int          (*token) (void *, int, const char *, int, int, int))
{
  KhojiStore *store = ((KhojiTokenizer *) tok)->store;
  g_autoptr(KhojiTokens) made = NULL;
  const KhojiTokens *tokens;

  if (n_text <= 0)
    return SQLITE_OK;
  if (store && store->pending_tokens && (gsize) n_text == store->pending_len &&
      store->pending_tokens->text_len == store->pending_len &&
      (text == store->pending_text || memcmp (text, store->pending_text, n_text) == 0))
    tokens = store->pending_tokens;
  else
    tokens = made = khoji_text_tokens (text, n_text);

  for (guint i = 0; i < tokens->tokens->len; i++)
    {
      const KhojiToken *t = &g_array_index (tokens->tokens, KhojiToken, i);
      int rc;

      if (t->key_len == 0)
        continue;
      rc = token (ctx, 0, tokens->keys->str + t->key, (int) t->key_len,
                  (int) t->span.start, (int) t->span.end);
      if (rc != SQLITE_OK)
        return rc;
    }
  return SQLITE_OK;
}

/* ---- Ranking ----
 *
 * khoji_rank(article_fts, weight...) is bm25 as FTS5 computes it (k1 1.2,
 * b 0.75, frequencies weighted per column, document length over all
 * columns), except for the phrases' weights (idf). FTS5's bm25 counts each
 * phrase's documents over its whole doclist before the first row is
 * scored, which for a common phrase ("के एक": every article has के) means
 * checking the phrase in most of the library, and for a prefix expanding
 * it over all its terms once more. Here a lone phrase gets weight 1 (a
 * weight common to all rows orders nothing: the order is bm25's, the
 * scores are not), and with several phrases the count stops after
 * RANK_IDF_SAMPLE documents, the rest estimated from how far into the ids
 * those reached (ids grow with imports, words spread evenly enough): the
 * phrases weigh nearly as in bm25. */

#define RANK_K1 1.2
#define RANK_B 0.75
#define RANK_IDF_SAMPLE 1000

typedef struct {
  guint  n_phrases;
  double avgdl;
  double idf[];
} RankData;

typedef struct {
  const Fts5ExtensionApi *api;
  gint64 hits;
  gint64 last_rowid;
} RankCount;

static int
rank_count_hit (const Fts5ExtensionApi *api,
                Fts5Context            *fts,
                void                   *data)
{
  RankCount *count = data;

  count->hits++;
  count->last_rowid = api->xRowid (fts);
  return count->hits >= RANK_IDF_SAMPLE ? SQLITE_DONE : SQLITE_OK;
}

static RankData *
rank_data_new (const Fts5ExtensionApi *api,
               Fts5Context            *fts,
               int                    *rc)
{
  guint n = (guint) MAX (api->xPhraseCount (fts), 0);
  RankData *d = g_malloc0 (sizeof (RankData) + n * sizeof (double));
  sqlite3_int64 rows = 0, tokens = 0;

  d->n_phrases = n;
  if ((*rc = api->xRowCount (fts, &rows)) != SQLITE_OK ||
      (*rc = api->xColumnTotalSize (fts, -1, &tokens)) != SQLITE_OK)
    return d;
  d->avgdl = rows > 0 ? (double) tokens / rows : 1;
  /* One phrase: its weight orders nothing, and counting its documents is
   * what costs (a prefix expands over all its terms again). */
  if (n == 1)
    {
      d->idf[0] = 1.0;
      return d;
    }
  for (guint i = 0; i < n; i++)
    {
      RankCount count = { api, 0, 0 };
      double hits, idf;

      if ((*rc = api->xQueryPhrase (fts, (int) i, &count, rank_count_hit)) != SQLITE_OK)
        return d;
      hits = count.hits;
      if (count.hits >= RANK_IDF_SAMPLE && count.last_rowid > 0)
        hits = MIN ((double) rows, (double) count.hits * rows / count.last_rowid);
      idf = log ((rows - hits + 0.5) / (hits + 0.5));
      d->idf[i] = idf > 0 ? idf : 1e-6;
    }
  return d;
}

static void
rank_function (const Fts5ExtensionApi *api,
               Fts5Context            *fts,
               sqlite3_context        *ctx,
               int                     n_val,
               sqlite3_value         **val)
{
  RankData *d = api->xGetAuxdata (fts, 0);
  g_autofree double *freq_heap = NULL;
  double freq_stack[8], *freq, score = 0, dl;
  int rc = SQLITE_OK, n_inst = 0, n_tokens = 0;

  if (d == NULL)
    {
      d = rank_data_new (api, fts, &rc);
      if (rc == SQLITE_OK)
        rc = api->xSetAuxdata (fts, d, g_free);
      else
        g_free (d);
      if (rc != SQLITE_OK)
        {
          sqlite3_result_error_code (ctx, rc);
          return;
        }
    }
  /* Called for each of up to SEARCH_CANDIDATES rows: no allocation for
   * a query of a few phrases. */
  if (d->n_phrases <= G_N_ELEMENTS (freq_stack))
    freq = memset (freq_stack, 0, sizeof freq_stack);
  else
    freq = freq_heap = g_new0 (double, d->n_phrases);
  rc = api->xInstCount (fts, &n_inst);
  for (int i = 0; rc == SQLITE_OK && i < n_inst; i++)
    {
      int phrase, column, offset;

      rc = api->xInst (fts, i, &phrase, &column, &offset);
      if (rc == SQLITE_OK && phrase >= 0 && (guint) phrase < d->n_phrases)
        freq[phrase] += column < n_val ? sqlite3_value_double (val[column]) : 1.0;
    }
  if (rc == SQLITE_OK)
    rc = api->xColumnSize (fts, -1, &n_tokens);
  if (rc != SQLITE_OK)
    {
      sqlite3_result_error_code (ctx, rc);
      return;
    }
  dl = n_tokens;
  for (guint i = 0; i < d->n_phrases; i++)
    score += d->idf[i] * (freq[i] * (RANK_K1 + 1.0)) /
             (freq[i] + RANK_K1 * (1 - RANK_B + RANK_B * dl / d->avgdl));
  sqlite3_result_double (ctx, -score);
}

static gboolean
register_tokenizer (KhojiStore  *self,
                    GError     **error)
{
  g_autoptr(OwnedStmt) stmt = NULL;
  fts5_api *api = NULL;
  static fts5_tokenizer tokenizer = { tok_create, tok_delete, tok_tokenize };
  int rc;

  rc = sqlite3_prepare_v2 (self->db, "SELECT fts5(?1)", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return set_sqlite_error (error, self->db, rc, "This SQLite has no FTS5");
  sqlite3_bind_pointer (stmt, 1, (void *) &api, "fts5_api_ptr", NULL);
  sqlite3_step (stmt);
  if (api == NULL)
    {
      g_set_error (error, KHOJI_STORE_ERROR, KHOJI_STORE_ERROR_FAILED, "This SQLite has no FTS5");
      return FALSE;
    }
  rc = api->xCreateTokenizer (api, "khoji", self, &tokenizer, NULL);
  if (rc != SQLITE_OK)
    return set_sqlite_error (error, self->db, rc, "Cannot register the search tokenizer");
  rc = api->xCreateFunction (api, "khoji_rank", NULL, rank_function, NULL);
  if (rc != SQLITE_OK)
    return set_sqlite_error (error, self->db, rc, "Cannot register the search ranking");
  return TRUE;
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
migrate_event_days (KhojiStore  *self,
                    GError     **error)
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
migrate_lighter_indexes (KhojiStore  *self,
                         GError     **error)
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
migrate_entity_article (KhojiStore  *self,
                        GError     **error)
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
migrate_count_log (KhojiStore  *self,
                   GError     **error)
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
migrate_event_cache_delta (KhojiStore  *self,
                           GError     **error)
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
migrate_date_refs (KhojiStore  *self,
                   GError     **error)
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

/* Each entry migrates from version i to i + 1. */
typedef gboolean (*MigrationFunc) (KhojiStore *self, GError **error);
static const MigrationFunc migrations[] = {
  migrate_create_schema,
  migrate_entity_listing_index,
  migrate_event_days,
  migrate_lighter_indexes,
  migrate_entity_article,
  migrate_count_log,
  migrate_event_cache_delta,
  migrate_date_refs,
};
G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == KHOJI_STORE_SCHEMA_VERSION);

static int
get_user_version (KhojiStore *self)
{
  sqlite3_stmt *stmt = NULL;
  int v = -1;

  if (sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    v = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return v;
}

static void
set_newer_error (GError **error,
                 int      version)
{
  g_set_error (error, KHOJI_STORE_ERROR, KHOJI_STORE_ERROR_NEWER,
               "The library was written by a newer Khoji (schema %d, this one knows %d)",
               version, KHOJI_STORE_SCHEMA_VERSION);
}

static gboolean
migrate (KhojiStore  *self,
         GError     **error)
{
  int version = get_user_version (self);

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
      set_newer_error (error, version);
      return FALSE;
    }
  if (version == KHOJI_STORE_SCHEMA_VERSION)
    {
      self->schema_version = version;
      return TRUE;
    }

  /* IMMEDIATE: two programs opening a new library at once must not both
   * create the tables. */
  if (!exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  version = get_user_version (self);
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
  self->schema_version = KHOJI_STORE_SCHEMA_VERSION;
  return TRUE;
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static gsize memstatus_off;

/* Whether a connection can read the file: user_version is the first
 * read, and what fails on a WAL library that cannot be written. */
static gboolean
connection_reads (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok = sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
                sqlite3_step (stmt) == SQLITE_ROW;

  sqlite3_finalize (stmt);
  return ok;
}

static char *
file_uri (const char *path,
          const char *query)
{
  g_autofree char *escaped = g_uri_escape_string (path, "/", FALSE);

  return g_strconcat ("file:", escaped, "?", query, NULL);
}

/* Opens the library for writing, or else for reading: a library whose
 * file or folder cannot be written is still read. SQLite opens a file it
 * cannot write read-only by itself, but a WAL library read-only needs its
 * -shm file, which a read-only folder cannot hold: then the file is read
 * as immutable, which is exact as long as no WAL holds changes not yet in
 * it (a WAL that does is read with mode=ro, or the library is refused). */
static gboolean
open_connection (KhojiStore  *self,
                 const char  *path,
                 GError     **error)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  struct stat st;
  int rc;

  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc == SQLITE_OK && !sqlite3_db_readonly (self->db, "main"))
    {
      int read_rc;

      if (connection_reads (self->db))
        return TRUE;
      /* Writable yet unreadable: damaged, busy, or not a database, which
       * the first read says again; or a WAL library in a folder that
       * cannot be written, read below. */
      read_rc = sqlite3_extended_errcode (self->db) & 0xff;
      if (read_rc != SQLITE_CANTOPEN && read_rc != SQLITE_READONLY)
        return TRUE;
    }
  else if (rc != SQLITE_OK && !g_file_test (path, G_FILE_TEST_EXISTS))
    return set_sqlite_error (error, self->db, rc, "Cannot open the library");

  for (guint attempt = 0; attempt < 2; attempt++)
    {
      g_autofree char *uri = NULL;

      if (attempt == 1 && g_stat (wal, &st) == 0 && st.st_size > 0)
        break;
      uri = file_uri (path, attempt == 0 ? "mode=ro" : "immutable=1");
      sqlite3_close_v2 (self->db);
      self->db = NULL;
      rc = sqlite3_open_v2 (uri, &self->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
      if (rc == SQLITE_OK && connection_reads (self->db))
        {
          self->read_only = TRUE;
          return TRUE;
        }
    }
  if (self->db && sqlite3_errcode (self->db) != SQLITE_OK)
    rc = sqlite3_errcode (self->db);
  if ((rc & 0xff) == SQLITE_NOTADB || (rc & 0xff) == SQLITE_CORRUPT)
    return set_sqlite_error (error, self->db, rc, "Cannot read the library");
  g_set_error (error, KHOJI_STORE_ERROR, KHOJI_STORE_ERROR_READ_ONLY,
               "Cannot read the library without writing to it or to its folder");
  return FALSE;
}


KhojiStore *
khoji_store_open (const char  *path,
                  GError     **error)
{
  g_autofree char *dir = NULL;
  KhojiStore *self;

  g_return_val_if_fail (path != NULL, NULL);

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, KHOJI_STORE_ERROR,
                   saved == EACCES || saved == EROFS ? KHOJI_STORE_ERROR_READ_ONLY : KHOJI_STORE_ERROR_OPEN,
                   "Cannot create the folder %s: %s", dir, g_strerror (saved));
      return NULL;
    }

  /* SQLite counts every allocation under a global mutex unless told not
   * to, which must be said before its first use; nothing here reads the
   * counts. If another part of the process used SQLite first, the call
   * fails and the counting stays. */
  if (g_once_init_enter (&memstatus_off))
    g_once_init_leave (&memstatus_off, sqlite3_config (SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK ? 1 : 2);

  self = g_new0 (KhojiStore, 1);
  self->path = g_strdup (path);
  /* Keyed by the address of the SQL: every cached statement's text is a
   * string literal, and hashing the text cost more than running many of
   * the statements. */
  self->statements = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, finalize_statement);
  self->owner = g_thread_self ();
  self->known_aliases = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->pending_aliases = g_ptr_array_new_with_free_func (g_free);

  /* A library from a newer Khoji is refused before anything touches it:
   * even switching its journal to WAL rewrites its header. */
  if (g_file_test (path, G_FILE_TEST_EXISTS) &&
      khoji_store_peek_schema_version (path) > KHOJI_STORE_SCHEMA_VERSION)
    {
      set_newer_error (error, khoji_store_peek_schema_version (path));
      khoji_store_close (self);
      return NULL;
    }

  if (!open_connection (self, path, error))
    {
      khoji_store_close (self);
      return NULL;
    }

  sqlite3_extended_result_codes (self->db, 1);
  /* Another writer (the window and the CLI at once) waits instead of
   * failing. */
  sqlite3_busy_timeout (self->db, 15000);

  if (!register_tokenizer (self, error) ||
      !exec (self, "PRAGMA foreign_keys = ON", error))
    {
      khoji_store_close (self);
      return NULL;
    }

  /* The first statement that reads the file tells whether it is a
   * database at all, and which version made it: a newer one is refused
   * here too (it may have been replaced since the peek), before the
   * journal mode is set. */
  {
    int version = get_user_version (self);

    if (version > KHOJI_STORE_SCHEMA_VERSION)
      {
        set_newer_error (error, version);
        khoji_store_close (self);
        return NULL;
      }
  }
  if (!self->read_only)
    {
      g_autoptr(GError) wal_error = NULL;
      if (!exec (self, "PRAGMA journal_mode = WAL", &wal_error) &&
          !g_error_matches (wal_error, KHOJI_STORE_ERROR, KHOJI_STORE_ERROR_READ_ONLY))
        {
          g_propagate_error (error, g_steal_pointer (&wal_error));
          khoji_store_close (self);
          return NULL;
        }
    }
  exec (self, "PRAGMA synchronous = NORMAL", NULL);
  /* Each article is its own transaction; checkpointing the WAL (and
   * syncing the file) every 1000 pages made imports wait on the disk.
   * A larger WAL costs a little disk space while a batch runs. */
  sqlite3_wal_autocheckpoint (self->db, WAL_AUTOCHECKPOINT_PAGES);
  /* A bulk import lets the WAL grow to 256 MB; when it starts over, the
   * file goes back to 64 MB instead of keeping that size while the
   * window has the library open. */
  exec (self, "PRAGMA journal_size_limit = 67108864", NULL);
  /* 16 MB of page cache (the default is 2 MB): listing a large library
   * reads the same index pages again and again. */
  exec (self, "PRAGMA cache_size = -16384", NULL);

  if (!migrate (self, error))
    {
      khoji_store_close (self);
      return NULL;
    }
  return self;
}

int
khoji_store_peek_schema_version (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int version = -1;

  g_return_val_if_fail (path != NULL, -1);

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return 0;
  /* Read-only first, so that nothing is written to a file this Khoji may
   * not know; then read-write without CREATE, for a library in WAL mode
   * whose -shm file is gone (reading makes it, and writes nothing to the
   * library itself). */
  for (guint attempt = 0; attempt < 2 && version < 0; attempt++)
    {
      g_autofree char *uri = attempt == 0 ? file_uri (path, "mode=ro") : NULL;

      if (sqlite3_open_v2 (attempt == 0 ? uri : path, &db,
                           (attempt == 0 ? SQLITE_OPEN_READONLY | SQLITE_OPEN_URI : SQLITE_OPEN_READWRITE) |
                           SQLITE_OPEN_NOMUTEX, NULL) == SQLITE_OK &&
          sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
          sqlite3_step (stmt) == SQLITE_ROW)
        version = sqlite3_column_int (stmt, 0);
      sqlite3_finalize (stmt);
      stmt = NULL;
      sqlite3_close (db);
      db = NULL;
    }
  return version;
}

void
khoji_store_close (KhojiStore *self)
{
  if (self == NULL)
    return;
  /* Statements are finalized where they are made; FTS5 owns its own, so
   * they are not swept here. close_v2 waits for any left over. */
  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->known_aliases, g_hash_table_unref);
  g_clear_pointer (&self->pending_aliases, g_ptr_array_unref);
  if (self->db)
    sqlite3_close_v2 (self->db);
  g_free (self->path);
  g_free (self);
}

const char *
khoji_store_get_path (KhojiStore *self)
{
  return self->path;
}

int
khoji_store_get_schema_version (KhojiStore *self)
{
  return self->schema_version;
}

/* ---- Import ---- */

gint64
khoji_store_find_article_by_hash (KhojiStore  *self,
                                  const char  *hash,
                                  GError     **error)
{
  g_autoptr(KhojiCachedStmt) stmt = NULL;
  gint64 id = 0;

  ASSERT_OWNER (self);
  stmt = cached (self, "SELECT id FROM article WHERE hash = ?", error);
  if (!stmt)
    return -1;
  bind_text (stmt, 1, hash);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  return id;
}

GHashTable *
khoji_store_list_hashes (KhojiStore  *self,
                         GError     **error)
{
  g_autoptr(GHashTable) out = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(KhojiCachedStmt) q = NULL;
  int rc;

  ASSERT_OWNER (self);
  /* Read from the unique index on hash alone, not the article rows. */
  q = cached (self, "SELECT hash FROM article", error);
  if (!q)
    return NULL;
  while ((rc = sqlite3_step (q)) == SQLITE_ROW)
    g_hash_table_add (out, g_strdup (col_text (q, 0)));
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, self->db, rc, "Cannot read the library");
      return NULL;
    }
  return g_steal_pointer (&out);
}

typedef struct {
  gint64 base_id;
  gint64 entity_id;
  gboolean rename;
} Resolved;

/* The row of a key; with NAME, whether NAME should replace the row's
 * display name: a fuller one (पुतिन -> व्लादिमीर पुतिन) does, unless the
 * user chose the name. Decided here, from the row just read, so that the
 * import writes the name only when it changes. */
static gboolean
entity_from_key_named (KhojiStore *self,
                       const char *key,
                       const char *name,
                       Resolved   *out)
{
  g_autoptr(KhojiCachedStmt) stmt = cached (self,
    "SELECT id, COALESCE(merged_into, id), name, locked_name FROM entity WHERE key = ?", NULL);

  if (!stmt)
    return FALSE;
  bind_text (stmt, 1, key);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return FALSE;
  out->base_id = sqlite3_column_int64 (stmt, 0);
  out->entity_id = sqlite3_column_int64 (stmt, 1);
  out->rename = FALSE;
  if (name != NULL && sqlite3_column_int (stmt, 3) == 0)
    {
      const char *current = col_text (stmt, 2);
      out->rename = strlen (name) > strlen (current) && strstr (name, current) != NULL;
    }
  return TRUE;
}

static gboolean
entity_from_key (KhojiStore *self,
                 const char *key,
                 Resolved   *out)
{
  return entity_from_key_named (self, key, NULL, out);
}

static char *
last_word_key (const char *fold)
{
  const char *sp = strrchr (fold, ' ');
  return g_strdup (sp ? sp + 1 : fold);
}

/* A one-word person name that the extractor could not tie to a full name in
 * its own article ("शोइगु") is the person already in the library whose full
 * name ends with that word, when there is exactly one. */
static gboolean
entity_from_surname (KhojiStore *self,
                     const char *fold,
                     Resolved   *out)
{
  g_autoptr(KhojiCachedStmt) stmt = NULL;
  gint64 found_base = 0, found_entity = 0;

  if (strchr (fold, ' ') != NULL)
    return FALSE;
  stmt = cached (self,
                  "SELECT DISTINCT e.id, COALESCE(e.merged_into, e.id) FROM alias a"
                  " JOIN entity e ON e.id = a.base_id"
                  " WHERE a.last_word = ? AND a.n_words > 1 AND e.type = 'person'", NULL);
  if (!stmt)
    return FALSE;
  bind_text (stmt, 1, fold);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 ent = sqlite3_column_int64 (stmt, 1);
      if (found_entity != 0 && found_entity != ent)
        return FALSE;
      found_entity = ent;
      found_base = sqlite3_column_int64 (stmt, 0);
    }
  if (found_entity == 0)
    return FALSE;
  out->base_id = found_base;
  out->entity_id = found_entity;
  return TRUE;
}

/* The latest rename/type/hide corrections recorded for a key, applied to a
 * row that is new: corrections outlive the rows they were made on. */
static gboolean
replay_attribute_corrections (KhojiStore  *self,
                              gint64       entity_id,
                              const char  *key,
                              GError     **error)
{
  g_autoptr(KhojiCachedStmt) q = cached (self,
    "SELECT kind, value FROM correction WHERE entity_key = ? AND kind IN ('rename','type','hide') ORDER BY id", error);

  if (!q)
    return FALSE;
  bind_text (q, 1, key);
  while (sqlite3_step (q) == SQLITE_ROW)
    {
      const char *kind = col_text (q, 0);
      const char *value = col_text (q, 1);
      const char *sql = NULL;
      g_autoptr(KhojiCachedStmt) u = NULL;

      if (g_str_equal (kind, "rename"))
        sql = "UPDATE entity SET name = ?, locked_name = 1 WHERE id = ?";
      else if (g_str_equal (kind, "type"))
        sql = "UPDATE entity SET type = ?, locked_type = 1 WHERE id = ?";
      else
        sql = "UPDATE entity SET hidden = CAST(? AS INTEGER) WHERE id = ?";
      u = cached (self, sql, error);
      if (!u)
        return FALSE;
      bind_text (u, 1, value);
      sqlite3_bind_int64 (u, 2, entity_id);
      if (!step_done (self, u, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
resolve_mention (KhojiStore         *self,
                 const KhojiMention *m,
                 const char         *surface,
                 Resolved           *out,
                 GError            **error)
{
  g_autofree char *fold = khoji_text_fold (surface, -1);
  const char *type = khoji_entity_type_to_string (m->type);

  if (entity_from_key_named (self, m->key, m->name, out))
    {
      g_autoptr(KhojiCachedStmt) u = NULL;

      if (!out->rename)
        return TRUE;
      u = cached (self, "UPDATE entity SET name = ?1 WHERE id = ?2", error);
      if (!u)
        return FALSE;
      bind_text (u, 1, m->name);
      sqlite3_bind_int64 (u, 2, out->base_id);
      return step_done (self, u, error);
    }

  if (m->type == KHOJI_ENTITY_PERSON && entity_from_surname (self, fold, out))
    return TRUE;

  {
    g_autoptr(KhojiCachedStmt) ins = cached (self,
      "INSERT INTO entity (key, name, latin, type) VALUES (?, ?, ?, ?)", error);
    if (!ins)
      return FALSE;
    bind_text (ins, 1, m->key);
    bind_text (ins, 2, m->name ? m->name : surface);
    bind_text (ins, 3, m->latin ? m->latin : "");
    bind_text (ins, 4, type);
    if (!step_done (self, ins, error))
      return FALSE;
    out->base_id = out->entity_id = sqlite3_last_insert_rowid (self->db);
  }

  /* A key merged away before its first row existed (a correction made on
   * an older library, replayed) still points at its target. */
  {
    g_autoptr(KhojiCachedStmt) q = cached (self,
      "SELECT t.id FROM correction c JOIN entity t ON t.key = c.target_key"
      " WHERE c.kind = 'merge' AND c.entity_key = ? ORDER BY c.id DESC LIMIT 1", error);
    if (!q)
      return FALSE;
    bind_text (q, 1, m->key);
    if (sqlite3_step (q) == SQLITE_ROW)
      {
        gint64 target = sqlite3_column_int64 (q, 0);
        g_autoptr(KhojiCachedStmt) u = cached (self,
          "UPDATE entity SET merged_into = (SELECT COALESCE(merged_into, id) FROM entity WHERE id = ?1) WHERE id = ?2", error);
        if (!u)
          return FALSE;
        sqlite3_bind_int64 (u, 1, target);
        sqlite3_bind_int64 (u, 2, out->base_id);
        if (!step_done (self, u, error))
          return FALSE;
        if (!entity_from_key (self, m->key, out))
          return FALSE;
      }
  }

  return replay_attribute_corrections (self, out->base_id, m->key, error);
}

static gboolean
add_alias (KhojiStore  *self,
           gint64       base_id,
           const char  *form,
           GError     **error)
{
  g_autoptr(KhojiCachedStmt) ins = cached (self,
    "INSERT OR IGNORE INTO alias (base_id, form, fold, last_word, n_words) VALUES (?, ?, ?, ?, ?)", error);
  g_autofree char *fold = khoji_text_fold (form, -1);
  g_autofree char *last = last_word_key (fold);
  int n_words = 1;

  if (!ins)
    return FALSE;
  for (const char *p = fold; *p; p++)
    if (*p == ' ')
      n_words++;
  sqlite3_bind_int64 (ins, 1, base_id);
  bind_text (ins, 2, form);
  bind_text (ins, 3, fold);
  bind_text (ins, 4, last);
  sqlite3_bind_int (ins, 5, n_words);
  return step_done (self, ins, error);
}

/* Byte offsets to code points, in one pass over the text. */
static guint *
code_point_map (const char *text,
                gsize       len)
{
  guint *map = g_new (guint, len + 1);
  guint cp = 0;
  gsize i = 0;

  while (i < len)
    {
      gsize n = g_utf8_skip[(guchar) text[i]];
      for (gsize k = 0; k < n && i + k <= len; k++)
        map[i + k] = cp;
      i += n;
      cp++;
    }
  map[MIN (i, len)] = cp;
  map[len] = cp;
  return map;
}

static gboolean
insert_dates (KhojiStore   *self,
              gint64        article_id,
              const char   *text,
              gsize         len,
              const guint  *cp,
              GPtrArray    *dates,
              GError      **error)
{
  g_autoptr(KhojiCachedStmt) ins = NULL;

  if (dates == NULL || dates->len == 0)
    return TRUE;
  ins = cached (self,
    "INSERT INTO date_mention (article_id, start, end, text, value, precision, relative, sentence, sentence_start,"
    " first_day, last_day, is_interval)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (!ins)
    return FALSE;
  for (guint i = 0; i < dates->len; i++)
    {
      KhojiDateMention *d = g_ptr_array_index (dates, i);
      gsize ss = MIN (d->sentence_start, len), se = MIN (MAX (d->sentence_end, ss), len);

      if (d->end > len || d->start >= d->end)
        continue;
      sqlite3_reset (ins);
      sqlite3_bind_int64 (ins, 1, article_id);
      sqlite3_bind_int (ins, 2, cp[d->start]);
      sqlite3_bind_int (ins, 3, cp[d->end]);
      sqlite3_bind_text (ins, 4, text + d->start, (int) (d->end - d->start), SQLITE_STATIC);
      bind_text (ins, 5, d->value);
      sqlite3_bind_int (ins, 6, d->precision);
      sqlite3_bind_int (ins, 7, d->relative);
      sqlite3_bind_text (ins, 8, text + ss, (int) (se - ss), SQLITE_STATIC);
      sqlite3_bind_int (ins, 9, cp[ss]);
      {
        guint32 first, last;
        KhojiPrecision value_precision;

        if (_khoji_value_to_days (d->value, &first, &last, &value_precision))
          {
            sqlite3_bind_int64 (ins, 10, first);
            sqlite3_bind_int64 (ins, 11, last);
          }
        else
          {
            sqlite3_bind_null (ins, 10);
            sqlite3_bind_null (ins, 11);
          }
        sqlite3_bind_int (ins, 12, d->value != NULL && strchr (d->value, '/') != NULL);
      }
      if (!step_done (self, ins, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
add_article_in_transaction (KhojiStore              *self,
                            const KhojiStoreArticle *a,
                            gint64                  *out_id,
                            GError                 **error)
{
  gsize len = strlen (a->text);
  g_autofree guint *cp = code_point_map (a->text, len);
  g_autoptr(GHashTable) per_entity = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GArray) entity_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) counts = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GHashTable) bases = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GString) base_terms = g_string_new (NULL);
  gint64 article_id;

  {
    g_autoptr(KhojiCachedStmt) ins = cached (self,
      "INSERT INTO article (path, hash, title, source, published, published_source, text, imported)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, strftime('%s','now'))", error);
    if (!ins)
      return FALSE;
    bind_text (ins, 1, a->path);
    bind_text (ins, 2, a->hash);
    bind_text (ins, 3, a->title ? a->title : "");
    bind_text (ins, 4, a->source);
    bind_text (ins, 5, a->published);
    bind_text (ins, 6, a->published ? a->published_source : NULL);
    sqlite3_bind_text (ins, 7, a->text, (int) len, SQLITE_STATIC);
    if (!step_done (self, ins, error))
      return FALSE;
    article_id = sqlite3_last_insert_rowid (self->db);
  }

  {
    g_autoptr(KhojiCachedStmt) fts = cached (self,
      "INSERT INTO article_fts (rowid, title, text) VALUES (?, ?, ?)", error);
    gboolean ok;

    if (!fts)
      return FALSE;
    sqlite3_bind_int64 (fts, 1, article_id);
    bind_text (fts, 2, a->title ? a->title : "");
    sqlite3_bind_text (fts, 3, a->text, (int) len, SQLITE_STATIC);
    self->pending_text = a->text;
    self->pending_len = len;
    self->pending_tokens = a->tokens;
    ok = step_done (self, fts, error);
    self->pending_tokens = NULL;
    self->pending_text = NULL;
    if (!ok)
      return FALSE;
  }

  if (a->mentions && a->mentions->len > 0)
    {
      g_autoptr(KhojiCachedStmt) ins = cached (self,
        "INSERT INTO mention (article_id, entity_id, base_id, start, end, text) VALUES (?, ?, ?, ?, ?, ?)", error);
      if (!ins)
        return FALSE;
      /* An article names the same entity many times: each key is resolved
       * once, each of its spellings recorded once. */
      g_autoptr(GHashTable) resolved = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
      g_autoptr(GHashTable) forms = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

      for (guint i = 0; i < a->mentions->len; i++)
        {
          KhojiMention *m = g_ptr_array_index (a->mentions, i);
          g_autofree char *surface = NULL;
          g_autofree char *form_key = NULL;
          Resolved r, *known;
          gpointer idx;

          if (m->end > len || m->start >= m->end || m->key == NULL)
            continue;
          surface = g_strndup (a->text + m->start, m->end - m->start);
          known = g_hash_table_lookup (resolved, m->key);
          if (known)
            r = *known;
          else
            {
              if (!resolve_mention (self, m, surface, &r, error))
                return FALSE;
              g_hash_table_insert (resolved, m->key, g_memdup2 (&r, sizeof r));
            }
          form_key = g_strdup_printf ("%" G_GINT64_FORMAT ":%s", r.base_id, surface);
          if (!g_hash_table_contains (forms, form_key))
            {
              if (!g_hash_table_contains (self->known_aliases, form_key))
                {
                  if (!add_alias (self, r.base_id, surface, error))
                    return FALSE;
                  g_ptr_array_add (self->pending_aliases, g_strdup (form_key));
                }
              g_hash_table_add (forms, g_steal_pointer (&form_key));
            }

          sqlite3_reset (ins);
          sqlite3_bind_int64 (ins, 1, article_id);
          sqlite3_bind_int64 (ins, 2, r.entity_id);
          sqlite3_bind_int64 (ins, 3, r.base_id);
          sqlite3_bind_int (ins, 4, cp[m->start]);
          sqlite3_bind_int (ins, 5, cp[m->end]);
          bind_text (ins, 6, surface);
          if (!step_done (self, ins, error))
            return FALSE;

          if (!g_hash_table_contains (bases, &r.base_id))
            {
              g_hash_table_add (bases, g_memdup2 (&r.base_id, sizeof r.base_id));
              g_string_append_printf (base_terms, "%s%" G_GINT64_FORMAT, base_terms->len ? " " : "", r.base_id);
            }
          if (g_hash_table_lookup_extended (per_entity, &r.entity_id, NULL, &idx))
            g_array_index (counts, guint, GPOINTER_TO_UINT (idx))++;
          else
            {
              guint one = 1;
              g_array_append_val (entity_ids, r.entity_id);
              g_array_append_val (counts, one);
              g_hash_table_insert (per_entity, g_memdup2 (&r.entity_id, sizeof r.entity_id),
                                   GUINT_TO_POINTER (entity_ids->len - 1));
            }
        }
    }

  {
    g_autoptr(KhojiCachedStmt) upd = cached (self,
      "INSERT INTO entity_count_log (n_mentions, entity_id, n_articles) VALUES (?, ?, 1)", error);
    if (!upd)
      return FALSE;
    for (guint i = 0; i < entity_ids->len; i++)
      {
        sqlite3_reset (upd);
        sqlite3_bind_int (upd, 1, g_array_index (counts, guint, i));
        sqlite3_bind_int64 (upd, 2, g_array_index (entity_ids, gint64, i));
        if (!step_done (self, upd, error))
          return FALSE;
      }
  }
  if (base_terms->len > 0)
    {
      g_autoptr(KhojiCachedStmt) ins = cached (self, "INSERT INTO entity_article (rowid, bases) VALUES (?, ?)", error);
      if (!ins)
        return FALSE;
      sqlite3_bind_int64 (ins, 1, article_id);
      sqlite3_bind_text (ins, 2, base_terms->str, (int) base_terms->len, SQLITE_STATIC);
      if (!step_done (self, ins, error))
        return FALSE;
    }
  {
    g_autoptr(KhojiCachedStmt) upd = cached (self, "UPDATE article SET entity_count = ? WHERE id = ?", error);
    if (!upd)
      return FALSE;
    sqlite3_bind_int (upd, 1, entity_ids->len);
    sqlite3_bind_int64 (upd, 2, article_id);
    if (!step_done (self, upd, error))
      return FALSE;
  }

  if (!insert_dates (self, article_id, a->text, len, cp, a->dates, error))
    return FALSE;

  *out_id = article_id;
  return TRUE;
}

/* Inside a write transaction: adds the logged counts to the entity rows
 * and empties the log. */
static gboolean
fold_counts (KhojiStore  *self,
             GError     **error)
{
  g_autoptr(KhojiCachedStmt) any = cached (self, "SELECT EXISTS (SELECT 1 FROM entity_count_log)", error);

  if (!any)
    return FALSE;
  if (sqlite3_step (any) != SQLITE_ROW)
    return set_sqlite_error (error, self->db, sqlite3_errcode (self->db), "Cannot update entity counts");
  if (sqlite3_column_int (any, 0) == 0)
    return TRUE;
  return exec (self,
    "UPDATE entity SET n_articles = entity.n_articles + c.a, n_mentions = entity.n_mentions + c.m"
    " FROM (SELECT entity_id, sum(n_articles) AS a, sum(n_mentions) AS m FROM entity_count_log GROUP BY entity_id) AS c"
    " WHERE entity.id = c.entity_id", error) &&
    exec (self, "DELETE FROM entity_count_log", error);
}

void
khoji_store_set_bulk_writing (KhojiStore *self,
                              gboolean    bulk)
{
  ASSERT_OWNER (self);
  sqlite3_wal_autocheckpoint (self->db, bulk ? WAL_AUTOCHECKPOINT_BULK_PAGES : WAL_AUTOCHECKPOINT_PAGES);
}

gboolean
khoji_store_checkpoint (KhojiStore  *self,
                        GError     **error)
{
  int rc;

  ASSERT_OWNER (self);
  rc = sqlite3_wal_checkpoint_v2 (self->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
  if (rc != SQLITE_OK && rc != SQLITE_BUSY)
    return set_sqlite_error (error, self->db, rc, "Cannot write the library");
  return TRUE;
}

gboolean
khoji_store_fold_counts (KhojiStore  *self,
                         GError     **error)
{
  ASSERT_OWNER (self);

  if (!begin_write (self, error))
    return FALSE;
  return end_write (self, fold_counts (self, error), error);
}

/* The counts still in the log, by entity id: NULL when there are none
 * (the log is empty outside an import). */
typedef struct {
  guint n_articles;
  guint n_mentions;
} PendingCount;

static GHashTable *
pending_counts (KhojiStore  *self,
                gint64       only_id,
                GError     **error,
                gboolean    *ok)
{
  g_autoptr(GHashTable) out = NULL;
  g_autoptr(KhojiCachedStmt) q = cached (self,
    "SELECT entity_id, sum(n_articles), sum(n_mentions) FROM entity_count_log"
    " WHERE ?1 = 0 OR entity_id = ?1 GROUP BY entity_id", error);
  int rc;

  *ok = FALSE;
  if (!q)
    return NULL;
  sqlite3_bind_int64 (q, 1, only_id);
  while ((rc = sqlite3_step (q)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (q, 0);
      PendingCount *c = g_new (PendingCount, 1);

      if (out == NULL)
        out = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
      c->n_articles = sqlite3_column_int (q, 1);
      c->n_mentions = sqlite3_column_int (q, 2);
      g_hash_table_insert (out, g_memdup2 (&id, sizeof id), c);
    }
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, self->db, rc, "entities");
      return NULL;
    }
  *ok = TRUE;
  return g_steal_pointer (&out);
}

gint64
khoji_store_add_article (KhojiStore              *self,
                         const KhojiStoreArticle *article,
                         GError                 **error)
{
  gint64 id = 0;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (article != NULL && article->text != NULL && article->hash != NULL, 0);
  ASSERT_OWNER (self);

  if (!begin_write (self, error))
    return 0;
  g_ptr_array_set_size (self->pending_aliases, 0);
  if (!end_write (self, add_article_in_transaction (self, article, &id, error), error))
    {
      g_ptr_array_set_size (self->pending_aliases, 0);
      return 0;
    }
  for (guint i = 0; i < self->pending_aliases->len; i++)
    g_hash_table_add (self->known_aliases, g_steal_pointer (&self->pending_aliases->pdata[i]));
  g_ptr_array_set_size (self->pending_aliases, 0);
  return id;
}

static gboolean
set_published_in_transaction (KhojiStore  *self,
                              gint64       article_id,
                              const char  *text,
                              const char  *published,
                              const char  *published_source,
                              GPtrArray   *dates,
                              GError     **error)
{
  g_autoptr(KhojiCachedStmt) u = cached (self,
    "UPDATE article SET published = ?, published_source = ? WHERE id = ?", error);
  g_autoptr(KhojiCachedStmt) del = cached (self, "DELETE FROM date_mention WHERE article_id = ?", error);
  gsize len = strlen (text);
  g_autofree guint *cp = code_point_map (text, len);

  if (!u || !del)
    return FALSE;
  bind_text (u, 1, published);
  bind_text (u, 2, published ? published_source : NULL);
  sqlite3_bind_int64 (u, 3, article_id);
  sqlite3_bind_int64 (del, 1, article_id);
  return step_done (self, u, error) && step_done (self, del, error) &&
         insert_dates (self, article_id, text, len, cp, dates, error);
}

gboolean
khoji_store_set_published (KhojiStore  *self,
                           gint64       article_id,
                           const char  *text,
                           const char  *published,
                           const char  *published_source,
                           GPtrArray   *dates,
                           GError     **error)
{
  g_return_val_if_fail (text != NULL, FALSE);
  ASSERT_OWNER (self);

  if (!begin_write (self, error))
    return FALSE;
  return end_write (self, set_published_in_transaction (self, article_id, text, published,
                                                        published_source, dates, error), error);
}

GPtrArray *
khoji_store_load_lexicon (KhojiStore  *self,
                          GError     **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (NULL);
  g_autoptr(KhojiCachedStmt) q = NULL;

  ASSERT_OWNER (self);
  /* Every form of an entity the user touched, with the name and type the
   * user gave. The key stays the form's own row: the merge pointers then
   * send it to the target, and an undo can send it back. */
  q = cached (self,
    "SELECT DISTINCT a.fold, b.key, t.name, t.latin, t.type FROM alias a"
    " JOIN entity b ON b.id = a.base_id"
    " JOIN entity t ON t.id = COALESCE(b.merged_into, b.id)"
    " WHERE b.merged_into IS NOT NULL OR t.locked_type = 1 OR t.locked_name = 1", error);
  if (!q)
    return NULL;
  while (sqlite3_step (q) == SQLITE_ROW)
    {
      KhojiLexiconEntry *e = g_new0 (KhojiLexiconEntry, 1);
      e->form_key = g_strdup (col_text (q, 0));
      e->entity_key = g_strdup (col_text (q, 1));
      e->name = g_strdup (col_text (q, 2));
      e->latin = g_strdup (col_text (q, 3));
      khoji_entity_type_from_string (col_text (q, 4), &e->type);
      g_ptr_array_add (out, e);
    }
  return g_steal_pointer (&out);
}

/* ---- Queries ---- */

static KhojiArticle *
article_from_row (sqlite3_stmt *q,
                  const char   *snippet,
                  double        rank)
{
  return _khoji_article_new (sqlite3_column_int64 (q, 0), col_text (q, 1), col_text (q, 2),
                             col_text (q, 3), col_text (q, 4), col_text (q, 5),
                             sqlite3_column_int (q, 6), snippet, rank);
}

#define ARTICLE_COLUMNS "a.id, a.path, a.title, a.source, a.published, a.published_source, a.entity_count"

GPtrArray *
khoji_store_list_articles (KhojiStore  *self,
                           GError     **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(KhojiCachedStmt) q = NULL;

  ASSERT_OWNER (self);
  q = cached (self, "SELECT " ARTICLE_COLUMNS " FROM article a ORDER BY a.published DESC NULLS LAST, a.id", error);
  if (!q)
    return NULL;
  while (sqlite3_step (q) == SQLITE_ROW)
    g_ptr_array_add (out, article_from_row (q, NULL, 0));
  return g_steal_pointer (&out);
}

/* ---- Snippets ----
 *
 * FTS5's snippet() tokenizes an article's whole text again with Khoji's
 * tokenizer (ICU word breaks and a folding key per word) and, for a row
 * looked up by id, runs the query again: a prefix query expands over
 * every term that starts with it, for each row kept. Here the text is
 * walked from its start in growing pieces, and only up to the first word
 * a query phrase matches and the window after it. */

#define SEARCH_CANDIDATES 2000

#define SNIPPET_WORDS 16
#define SNIPPET_LEAD 3      /* words shown before the first match */
#define SNIPPET_FIRST_PIECE 1024

typedef struct {
  GPtrArray *keys;      /* folding keys, the tokenizer's */
  gboolean   prefix;    /* the last key is a prefix */
} SnippetPhrase;

typedef struct {
  gsize       start;
  gsize       end;
  const char *key;      /* in one of make_snippet's KhojiTokens */
} SnippetWord;

static void
snippet_phrase_free (SnippetPhrase *p)
{
  g_ptr_array_unref (p->keys);
  g_free (p);
}

/* The tokens of a piece of text, as the tokenizer makes them: words whose
 * folding key is not empty. */
static void
append_keys (GPtrArray  *keys,
             const char *text,
             gsize       len)
{
  g_autoptr(KhojiTokens) tokens = khoji_text_tokens (text, len);

  for (guint i = 0; i < tokens->tokens->len; i++)
    {
      KhojiToken *t = &g_array_index (tokens->tokens, KhojiToken, i);

      if (t->key_len > 0)
        g_ptr_array_add (keys, g_strndup (tokens->keys->str + t->key, t->key_len));
    }
}

/* The phrases of an FTS5 query that a hit can contain: quoted strings
 * ("" inside is a quote) and bare words, with a trailing * for a prefix;
 * a phrase after NOT is left out, it is never in a hit. */
static GPtrArray *
snippet_phrases (const char *fts_query)
{
  GPtrArray *phrases = g_ptr_array_new_with_free_func ((GDestroyNotify) snippet_phrase_free);
  const char *p = fts_query;
  gboolean negated = FALSE;

  while (*p)
    {
      g_autoptr(GString) body = g_string_new (NULL);
      SnippetPhrase *phrase;

      if (g_ascii_isspace (*p) || *p == '(' || *p == ')' || *p == '+' || *p == '^')
        {
          p++;
          continue;
        }
      if (*p == '"')
        {
          for (p++; *p; p++)
            {
              if (*p == '"' && p[1] == '"')
                p++;
              else if (*p == '"')
                {
                  p++;
                  break;
                }
              g_string_append_c (body, *p);
            }
        }
      else
        {
          const char *start = p;
          while (*p && !g_ascii_isspace (*p) && *p != '"' && *p != '*' && *p != '(' && *p != ')')
            p++;
          g_string_append_len (body, start, p - start);
          if (g_str_equal (body->str, "NOT"))
            {
              negated = TRUE;
              continue;
            }
          if (g_str_equal (body->str, "AND") || g_str_equal (body->str, "OR"))
            continue;
          if (body->len == 0)
            {
              p++;
              continue;
            }
        }
      phrase = g_new0 (SnippetPhrase, 1);
      phrase->keys = g_ptr_array_new_with_free_func (g_free);
      if (*p == '*')
        {
          phrase->prefix = TRUE;
          p++;
        }
      if (g_utf8_validate_len (body->str, body->len, NULL))
        append_keys (phrase->keys, body->str, body->len);
      if (negated || phrase->keys->len == 0)
        snippet_phrase_free (phrase);
      else
        g_ptr_array_add (phrases, phrase);
      negated = FALSE;
    }
  return phrases;
}

/* How many words a phrase covers at word i, or 0. */
static guint
phrase_at (const SnippetPhrase *phrase,
           GArray              *words,
           guint                i)
{
  guint n = phrase->keys->len;

  if (i + n > words->len)
    return 0;
  for (guint k = 0; k < n; k++)
    {
      const char *want = g_ptr_array_index (phrase->keys, k);
      const char *key = g_array_index (words, SnippetWord, i + k).key;

      if (phrase->prefix && k == n - 1 ? !g_str_has_prefix (key, want) : strcmp (key, want) != 0)
        return 0;
    }
  return n;
}

/* Words of text[from, to) appended to `words`, offsets into the text;
 * their keys stay in the tokens kept in `pieces`. */
static void
append_words (GArray     *words,
              GPtrArray  *pieces,
              const char *text,
              gsize       from,
              gsize       to)
{
  KhojiTokens *tokens = khoji_text_tokens (text + from, to - from);

  g_ptr_array_add (pieces, tokens);
  for (guint i = 0; i < tokens->tokens->len; i++)
    {
      KhojiToken *t = &g_array_index (tokens->tokens, KhojiToken, i);
      SnippetWord w = { from + t->span.start, from + t->span.end, tokens->keys->str + t->key };

      if (t->key_len > 0)
        g_array_append_val (words, w);
    }
}

/* The end of the next piece to break into words: at least `size` bytes on,
 * then to the next space or line end, which a word never crosses. */
static gsize
piece_end (const char *text,
           gsize       len,
           gsize       from,
           gsize       size)
{
  gsize end = from + size;

  if (end >= len)
    return len;
  while (end < len && text[end] != ' ' && text[end] != '\n')
    end++;
  return end;
}

/* ~SNIPPET_WORDS words of `text` around the first match of a phrase, every
 * phrase match in them between \x01 and \x02, and … where text was left
 * out: the format FTS5's snippet() gave. */
static char *
make_snippet (GPtrArray  *phrases,
              const char *text)
{
  gsize len = strlen (text);
  g_autoptr(GArray) words = g_array_new (FALSE, FALSE, sizeof (SnippetWord));
  g_autoptr(GPtrArray) pieces = g_ptr_array_new_with_free_func ((GDestroyNotify) khoji_tokens_free);
  g_autofree guint *opens = NULL;
  g_autofree guint *closes = NULL;
  GString *out;
  gsize scanned = 0, piece = SNIPPET_FIRST_PIECE;
  guint longest = 1, checked = 0, ws, we, depth = 0;
  int first = -1;
  gboolean at_end;

  for (guint k = 0; k < phrases->len; k++)
    longest = MAX (longest, ((SnippetPhrase *) g_ptr_array_index (phrases, k))->keys->len);

  for (;;)
    {
      at_end = scanned >= len;
      /* A phrase is tried at a word only once all the words it could
       * cover have been read. */
      while (first < 0 && checked < words->len && (at_end || checked + longest <= words->len))
        {
          for (guint k = 0; k < phrases->len && first < 0; k++)
            if (phrase_at (g_ptr_array_index (phrases, k), words, checked) > 0)
              first = checked;
          if (first < 0)
            checked++;
        }
      if (at_end || (first >= 0 && words->len >= (guint) first + SNIPPET_WORDS + longest))
        break;
      {
        gsize end = piece_end (text, len, scanned, piece);
        append_words (words, pieces, text, scanned, end);
        scanned = end;
        piece *= 2;
      }
    }

  if (words->len == 0)
    return g_strdup ("");
  ws = first > SNIPPET_LEAD ? (guint) first - SNIPPET_LEAD : 0;
  we = MIN (ws + SNIPPET_WORDS, words->len);
  if (we - ws < SNIPPET_WORDS && at_end)
    ws = we > SNIPPET_WORDS ? we - SNIPPET_WORDS : 0;

  /* Every match that reaches into the window; a phrase that started
   * before it is marked from the window's first word. */
  opens = g_new0 (guint, we - ws + 1);
  closes = g_new0 (guint, we - ws + 1);
  for (guint i = ws >= longest ? ws - longest + 1 : 0; i < we; i++)
    for (guint k = 0; k < phrases->len; k++)
      {
        guint n = phrase_at (g_ptr_array_index (phrases, k), words, i);
        guint last = i + n - 1;

        if (n == 0 || last < ws)
          continue;
        opens[MAX (i, ws) - ws]++;
        closes[MIN (last, we - 1) - ws]++;
      }

  out = g_string_sized_new (256);
  if (ws > 0)
    g_string_append (out, "…");
  for (guint i = ws; i < we; i++)
    {
      SnippetWord *w = &g_array_index (words, SnippetWord, i);

      if (i > ws)
        g_string_append_len (out, text + g_array_index (words, SnippetWord, i - 1).end,
                             w->start - g_array_index (words, SnippetWord, i - 1).end);
      if (depth == 0 && opens[i - ws] > 0)
        g_string_append_c (out, '\x01');
      depth += opens[i - ws];
      g_string_append_len (out, text + w->start, w->end - w->start);
      if (depth > 0)
        {
          depth -= MIN (depth, closes[i - ws]);
          if (depth == 0)
            g_string_append_c (out, '\x02');
        }
    }
  {
    const char *rest = text + g_array_index (words, SnippetWord, we - 1).end;
    gboolean more = we < words->len;

    /* Only spaces and punctuation after the window: nothing was left out. */
    for (const char *c = rest; !more && *c; c = g_utf8_next_char (c))
      more = g_unichar_isalnum (g_utf8_get_char (c));
    if (more)
      g_string_append (out, "…");
  }
  return g_string_free (out, FALSE);
}

GPtrArray *
khoji_store_search (KhojiStore  *self,
                    const char  *fts_query,
                    guint        limit,
                    GError     **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) ranks = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GPtrArray) phrases = NULL;
  g_autoptr(KhojiCachedStmt) q = NULL;
  int rc;

  ASSERT_OWNER (self);

  /* A word in most articles (साथ, का*) matches tens of thousands of
   * rows, and scoring each costs more than the whole search may. So the
   * newest SEARCH_CANDIDATES matches (ids grow with imports) are ranked:
   * the inner query walks the index from the newest row down and stops
   * there; a search with fewer matches ranks them all. One walk: a prefix
   * query expands its terms once.
   *
   * Ranking first, snippets after: in one query SQLite would compute a
   * result column for every row it sorts, not only for the rows the
   * limit keeps. Equal scores in id order, as FTS5's bm25 gave them. */
  q = cached (self,
    "SELECT rowid, score FROM ("
    "  SELECT rowid, khoji_rank(article_fts, 2.0, 1.0) AS score FROM article_fts"
    "  WHERE article_fts MATCH ?1 ORDER BY rowid DESC LIMIT ?2)"
    " ORDER BY score, rowid LIMIT ?3", error);
  if (!q)
    return NULL;
  bind_text (q, 1, fts_query);
  sqlite3_bind_int (q, 2, limit ? MAX (SEARCH_CANDIDATES, (int) limit) : -1);
  sqlite3_bind_int (q, 3, limit ? (int) limit : -1);
  while ((rc = sqlite3_step (q)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (q, 0);
      g_array_append_val (ids, id);
      g_array_append_val (ranks, ((double) { sqlite3_column_double (q, 1) }));
    }
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, KHOJI_STORE_ERROR, KHOJI_STORE_ERROR_QUERY, "%s", sqlite3_errmsg (self->db));
      return NULL;
    }

  phrases = snippet_phrases (fts_query);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(KhojiCachedStmt) row = cached (self,
        "SELECT " ARTICLE_COLUMNS ", a.text FROM article a WHERE a.id = ?", error);
      if (!row)
        return NULL;
      sqlite3_bind_int64 (row, 1, g_array_index (ids, gint64, i));
      if (sqlite3_step (row) == SQLITE_ROW)
        {
          g_autofree char *snippet = make_snippet (phrases, col_text (row, 7));
          g_ptr_array_add (out, article_from_row (row, snippet, g_array_index (ranks, double, i)));
        }
    }
  return g_steal_pointer (&out);
}

static int
compare_forms (gconstpointer a,
               gconstpointer b)
{
  const char *x = *(const char **) a, *y = *(const char **) b;
  glong lx = g_utf8_strlen (x, -1), ly = g_utf8_strlen (y, -1);

  if (lx != ly)
    return lx > ly ? -1 : 1;
  return strcmp (x, y);
}

/* Longest first (the fullest name), then in byte order, once each: a
 * merged entity brings the forms of every row merged into it. */
static GStrv
forms_to_strv (GPtrArray *forms)
{
  guint n = 0;

  g_ptr_array_sort (forms, compare_forms);
  for (guint i = 0; i < forms->len; i++)
    if (n == 0 || strcmp (g_ptr_array_index (forms, n - 1), g_ptr_array_index (forms, i)) != 0)
      {
        char *keep = g_ptr_array_index (forms, i);
        forms->pdata[i] = NULL;
        g_free (g_ptr_array_index (forms, n));
        forms->pdata[n++] = keep;
      }
  g_ptr_array_set_size (forms, n);
  g_ptr_array_add (forms, NULL);
  return (GStrv) g_ptr_array_steal (forms, NULL);
}

GHashTable *
khoji_store_load_aliases (KhojiStore  *self,
                          GError     **error)
{
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
    g_hash_table_insert (out, g_memdup2 (key, sizeof (gint64)), forms_to_strv (value));
  return g_steal_pointer (&out);
}

static GStrv
aliases_of (KhojiStore *self,
            gint64      id)
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
  return forms_to_strv (forms);
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

/* Most articles first, then most mentions, then the oldest entity. */
static int
compare_listing_order (gconstpointer a,
                       gconstpointer b)
{
  KhojiEntity *x = *(KhojiEntity **) a, *y = *(KhojiEntity **) b;
  guint xa = khoji_entity_get_article_count (x), ya = khoji_entity_get_article_count (y);
  guint xm = khoji_entity_get_mention_count (x), ym = khoji_entity_get_mention_count (y);
  gint64 xi = khoji_entity_get_id (x), yi = khoji_entity_get_id (y);

  if (xa != ya)
    return xa > ya ? -1 : 1;
  if (xm != ym)
    return xm > ym ? -1 : 1;
  return (xi > yi) - (xi < yi);
}

GPtrArray *
khoji_store_list_entities (KhojiStore       *self,
                           gboolean          include_hidden,
                           gint64            only_id,
                           KhojiAliasTable  *aliases,
                           GError          **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(KhojiCachedStmt) q = NULL;
  g_autoptr(GHashTable) pending = NULL;
  gboolean ok, snapshot, listed = FALSE;
  int rc = SQLITE_OK;

  ASSERT_OWNER (self);
  /* The log and the rows are read in one snapshot: a fold committed by
   * another connection in between would otherwise be counted twice. */
  snapshot = sqlite3_get_autocommit (self->db) && exec (self, "BEGIN", NULL);
  pending = pending_counts (self, only_id, error, &ok);
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
      g_ptr_array_sort (out, compare_listing_order);
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

/* The entity_article query for an entity: its own row's id, if it is
 * not merged away, or'ed with those of the rows merged into it. "0"
 * (no row has id 0) when there is none, so that the query still runs. */
static char *
entity_match (KhojiStore *self,
              gint64      entity_id)
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

static KhojiEvent *
event_from_row (sqlite3_stmt *q)
{
  return _khoji_event_new (sqlite3_column_int64 (q, 0), sqlite3_column_int64 (q, 1), col_text (q, 2),
                           col_text (q, 3), col_text (q, 4), col_text (q, 5), sqlite3_column_int (q, 6),
                           sqlite3_column_int (q, 7), sqlite3_column_int (q, 8), sqlite3_column_int (q, 9));
}

GPtrArray *
khoji_store_list_events (KhojiStore  *self,
                         gint64       entity_id,
                         GError     **error)
{
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
  match = entity_match (self, entity_id);
  sqlite3_bind_int64 (q, 1, entity_id);
  sqlite3_bind_text (q, 2, match, -1, SQLITE_STATIC);
  while (sqlite3_step (q) == SQLITE_ROW)
    g_ptr_array_add (out, event_from_row (q));
  return g_steal_pointer (&out);
}

/* event_cache.refs: this header, then one record per event in list
 * order, as LEB128 varints: the first day's step from the event before,
 * (last day - first day) << 5 | relative << 4 | precision << 2 | kind,
 * the article id, the event id. About 8 bytes an event instead of 32:
 * reading the cache is reading its pages, a quarter as many. A cache that
 * does not decode to exactly n_records events is ignored and made again. */
typedef struct {
  guint32 magic;
  guint32 n_records;
  guint32 n_bytes;      /* after the header */
  guint32 reserved;
  gint64  max_id;       /* the largest date_mention id when it was made */
} EventCacheHeader;

#define EVENT_CACHE_MAGIC 0x4b455633u   /* "KEV3" */

static inline void
put_varint (GByteArray *out,
            guint64     v)
{
  guint8 buf[10];
  guint n = 0;

  do
    {
      buf[n++] = (v & 0x7f) | (v > 0x7f ? 0x80 : 0);
      v >>= 7;
    }
  while (v != 0);
  g_byte_array_append (out, buf, n);
}

static inline gboolean
get_varint (const guint8 **p,
            const guint8  *end,
            guint64       *v)
{
  guint64 value = 0;

  for (guint shift = 0; shift < 64 && *p < end; shift += 7)
    {
      guint8 byte = *(*p)++;

      value |= (guint64) (byte & 0x7f) << shift;
      if (!(byte & 0x80))
        {
          *v = value;
          return TRUE;
        }
    }
  return FALSE;
}

/* Decodes records from [*p, end) into out from *i on, stopping before a
 * record that may be cut off at the end of the chunk unless last. */
static gboolean
decode_event_records (const guint8 **p,
                      const guint8  *end,
                      gboolean       last,
                      GArray        *out,
                      guint         *i,
                      guint64       *day)
{
  while (*i < out->len && (last || end - *p >= 40))   /* four varints of at most 10 bytes */
    {
      KhojiEventRef *ref = &g_array_index (out, KhojiEventRef, *i);
      guint64 step, shape, article, id;

      if (!get_varint (p, end, &step) || !get_varint (p, end, &shape) ||
          !get_varint (p, end, &article) || !get_varint (p, end, &id))
        return FALSE;
      *day += step;
      if (*day > G_MAXUINT32 || *day + (shape >> 5) > G_MAXUINT32 || (shape & 3) > KHOJI_EVENT_INTERVAL ||
          ((shape >> 2) & 3) > KHOJI_PRECISION_DAY || article > G_MAXINT64 || id > G_MAXINT64)
        return FALSE;
      ref->first_day = (guint32) *day;
      ref->last_day = (guint32) (*day + (shape >> 5));
      ref->kind = shape & 3;
      ref->precision = (shape >> 2) & 3;
      ref->relative = (shape >> 4) & 1;
      ref->article_id = (gint64) article;
      ref->id = (gint64) id;
      (*i)++;
    }
  return TRUE;
}

static GByteArray *
encode_event_cache (GArray *refs,
                    gint64  max_id)
{
  GByteArray *out = g_byte_array_sized_new (sizeof (EventCacheHeader) + refs->len * 8);
  EventCacheHeader header = { EVENT_CACHE_MAGIC, refs->len, 0, 0, max_id };
  guint32 day = 0;

  g_byte_array_append (out, (const guint8 *) &header, sizeof header);
  for (guint i = 0; i < refs->len; i++)
    {
      const KhojiEventRef *ref = &g_array_index (refs, KhojiEventRef, i);

      /* The list is by first day; anything else is not cached. */
      if (ref->first_day < day || ref->article_id < 0 || ref->id < 0)
        {
          g_byte_array_unref (out);
          return NULL;
        }
      put_varint (out, ref->first_day - day);
      put_varint (out, ((guint64) (ref->last_day - ref->first_day) << 5) | (ref->relative ? 1 << 4 : 0) |
                       ((ref->precision & 3) << 2) | (ref->kind & 3));
      put_varint (out, ref->article_id);
      put_varint (out, ref->id);
      day = ref->first_day;
    }
  header.n_bytes = out->len - sizeof header;
  memcpy (out->data, &header, sizeof header);
  return out;
}

#define EVENT_CACHE_CHUNK 65536

/* A million events are 34 MB that the kernel hands out a 4 KB page at a
 * time on first touch: a hundred milliseconds of page faults on a VM, most
 * of loading the timeline of a big library. Asking for 2 MB pages where
 * the kernel grants them on request (transparent huge pages in "madvise"
 * mode, the default of many distributions) makes that a few dozen faults.
 * Only whole 2 MB pages inside the block can be backed so. */
static void
advise_huge_pages (gpointer data,
                   gsize    len)
{
#if defined(MADV_HUGEPAGE)
  const guintptr huge = 2 * 1024 * 1024;
  guintptr start = ((guintptr) data + huge - 1) & ~(huge - 1);
  guintptr end = ((guintptr) data + len) & ~(huge - 1);

  if (end > start)
    madvise ((void *) start, end - start, MADV_HUGEPAGE);
#endif
}

/* The cached events; NULL when there is no cache or it is not one this
 * build wrote. Read and decoded a chunk at a time: a million events are
 * 8 MB of cache that need not be in memory at once. */
static GArray *
read_event_cache (KhojiStore *self,
                  gint64     *max_id)
{
  sqlite3_blob *blob = NULL;
  EventCacheHeader header;
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
      header.magic != EVENT_CACHE_MAGIC ||
      (gsize) size != sizeof header + header.n_bytes ||
      header.n_bytes / 4 < header.n_records)   /* at least four bytes an event */
    {
      sqlite3_blob_close (blob);
      return NULL;
    }

  out = g_array_sized_new (FALSE, TRUE, sizeof (KhojiEventRef), header.n_records);
  advise_huge_pages (out->data, (gsize) header.n_records * sizeof (KhojiEventRef));
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
      if (!decode_event_records (&p, end, last, out, &n_decoded, &day))
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
max_date_id (KhojiStore *self)
{
  g_autoptr(KhojiCachedStmt) q = cached (self, "SELECT COALESCE(max(id), 0) FROM date_mention", NULL);

  if (q && sqlite3_step (q) == SQLITE_ROW)
    return sqlite3_column_int64 (q, 0);
  return -1;
}

/* The order of the kept list: by day, then what the timeline groups by;
 * is_interval is the interval kind. */
static int
compare_walk_order (const KhojiEventRef *a,
                    const KhojiEventRef *b)
{
  gboolean ai = a->kind == KHOJI_EVENT_INTERVAL, bi = b->kind == KHOJI_EVENT_INTERVAL;

  if (a->first_day != b->first_day)
    return a->first_day < b->first_day ? -1 : 1;
  if (a->last_day != b->last_day)
    return a->last_day < b->last_day ? -1 : 1;
  if (ai != bi)
    return ai ? 1 : -1;
  if (a->precision != b->precision)
    return a->precision < b->precision ? -1 : 1;
  if (a->relative != b->relative)
    return a->relative ? 1 : -1;
  if (a->article_id != b->article_id)
    return a->article_id < b->article_id ? -1 : 1;
  return (a->id > b->id) - (a->id < b->id);
}

/* The kept list with the events added since, as one walk would give. */
static GArray *
merge_event_refs (GArray *kept,
                  GArray *added)
{
  gsize n = (gsize) kept->len + added->len;
  GArray *out = g_array_sized_new (FALSE, TRUE, sizeof (KhojiEventRef), n);
  guint i = 0, j = 0, k = 0;

  advise_huge_pages (out->data, n * sizeof (KhojiEventRef));
  g_array_set_size (out, n);
  while (i < kept->len || j < added->len)
    {
      const KhojiEventRef *a = i < kept->len ? &g_array_index (kept, KhojiEventRef, i) : NULL;
      const KhojiEventRef *b = j < added->len ? &g_array_index (added, KhojiEventRef, j) : NULL;

      if (b == NULL || (a != NULL && compare_walk_order (a, b) <= 0))
        g_array_index (out, KhojiEventRef, k++) = *a, i++;
      else
        g_array_index (out, KhojiEventRef, k++) = *b, j++;
    }
  return out;
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

static int
compare_walk_order_cb (gconstpointer a,
                       gconstpointer b)
{
  return compare_walk_order (a, b);
}

static int
compare_article_order_cb (gconstpointer a,
                          gconstpointer b)
{
  const KhojiEventRef *x = a, *y = b;

  if (x->article_id != y->article_id)
    return x->article_id < y->article_id ? -1 : 1;
  return (x->id > y->id) - (x->id < y->id);
}

/* The first keys of the walk order as one number: the first day, then
 * the length in days (the same order as the last day), then interval,
 * precision and relative. */
static inline guint64
walk_key (const KhojiEventRef *r)
{
  return (guint64) r->first_day << 32 | (guint64) (r->last_day - r->first_day) << 4 |
         (guint64) (r->kind == KHOJI_EVENT_INTERVAL) << 3 | (guint64) r->precision << 1 |
         (r->relative ? 1 : 0);
}

/* Sorts REFS into walk order (compare_walk_order); gives back the sorted
 * array, REFS or another. A million events took 300 ms through a
 * comparison callback. The order's last keys, article and id, are the
 * order the rows come in (by id, and ids grow with articles unless an
 * article's dates were replaced: then they are sorted so first); the
 * first keys are one 64-bit number (walk_key), sorted stably sixteen bits
 * at a time, least significant first, skipping the digits every event
 * shares (most events last less than 4,096 days, and Julian days of our
 * era differ only in their low 22 bits). */
static GArray *
sort_walk_order (GArray *refs)
{
  const guint n = refs->len;
  g_autofree guint *count = NULL;
  GArray *other;
  KhojiEventRef *src = (KhojiEventRef *) refs->data, *dst;

  if (n < 2)
    return refs;
  for (guint i = 1; i < n; i++)
    if (compare_article_order_cb (&src[i - 1], &src[i]) > 0)
      {
        g_array_sort (refs, compare_article_order_cb);
        break;
      }
  /* A library edited by hand may have events longer than 2^28 days. */
  for (guint i = 0; i < n; i++)
    if (src[i].last_day - src[i].first_day >= (1u << 28))
      {
        g_array_sort (refs, compare_walk_order_cb);
        return refs;
      }

  count = g_new0 (guint, 4 * 65536);
  for (guint i = 0; i < n; i++)
    {
      guint64 key = walk_key (&src[i]);

      for (guint d = 0; d < 4; d++)
        count[d * 65536 + ((key >> (16 * d)) & 0xffff)]++;
    }

  other = g_array_sized_new (FALSE, TRUE, sizeof (KhojiEventRef), n);
  advise_huge_pages (other->data, (gsize) n * sizeof (KhojiEventRef));
  g_array_set_size (other, n);
  dst = (KhojiEventRef *) other->data;
  for (guint d = 0; d < 4; d++)
    {
      guint *c = count + d * 65536;
      guint total = 0;
      GArray *swap;

      if (c[(walk_key (&src[0]) >> (16 * d)) & 0xffff] == n)
        continue;   /* every event has this digit: nothing moves */
      for (guint v = 0; v < 65536; v++)
        {
          guint k = c[v];
          c[v] = total;
          total += k;
        }
      for (guint i = 0; i < n; i++)
        dst[c[(walk_key (&src[i]) >> (16 * d)) & 0xffff]++] = src[i];
      swap = refs, refs = other, other = swap;
      src = (KhojiEventRef *) refs->data;
      dst = (KhojiEventRef *) other->data;
    }
  g_array_unref (other);
  return refs;
}

static GArray *
scan_event_refs (KhojiStore  *self,
                 gint64       after,
                 GError     **error)
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
  return sort_walk_order (g_steal_pointer (&out));
}

/* Leaves out of the kept list, in place, the events whose dates were
 * removed since it was made (event_cache_removed); how many it left out. */
static guint
drop_removed_event_refs (KhojiStore *self,
                         GArray     *kept)
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
write_event_cache (KhojiStore *self,
                   GArray     *refs,
                   gint64      max_id)
{
  g_autoptr(KhojiCachedStmt) ins = NULL;
  g_autoptr(GByteArray) bytes = encode_event_cache (refs, max_id);

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
read_all_event_refs (KhojiStore  *self,
                     gboolean     walk,
                     gboolean     writing,
                     gboolean    *should_keep,
                     GError     **error)
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
              refs = added->len > 0 ? merge_event_refs (kept, added) : g_steal_pointer (&kept);
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
all_event_refs (KhojiStore  *self,
                GError     **error)
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

GArray *
khoji_store_list_event_refs (KhojiStore  *self,
                             gint64       entity_id,
                             GError     **error)
{
  g_autoptr(GArray) all = NULL;
  g_autoptr(GArray) articles = NULL;
  g_autofree guint8 *wanted = NULL;
  gint64 max_id = 0;
  guint n_kept = 0;

  ASSERT_OWNER (self);
  all = all_event_refs (self, error);
  if (all == NULL || entity_id == 0)
    return g_steal_pointer (&all);

  /* One entity: its articles as a bitmap over article ids (rowids, so
   * dense), and the day-ordered list filtered through it, in place (a
   * second array of a million events costs more than the filter).
   * Asking SQLite for the entity's events instead read each one's table
   * row: seconds for an entity named in most articles. */
  articles = khoji_store_articles_for_entity (self, entity_id, error);
  if (articles == NULL)
    return NULL;
  for (guint i = 0; i < articles->len; i++)
    max_id = MAX (max_id, g_array_index (articles, gint64, i));
  if (max_id > G_MAXINT32)
    {
      g_autoptr(GHashTable) set = g_hash_table_new (g_int64_hash, g_int64_equal);

      for (guint i = 0; i < articles->len; i++)
        g_hash_table_add (set, &g_array_index (articles, gint64, i));
      for (guint i = 0; i < all->len; i++)
        if (g_hash_table_contains (set, &g_array_index (all, KhojiEventRef, i).article_id))
          g_array_index (all, KhojiEventRef, n_kept++) = g_array_index (all, KhojiEventRef, i);
    }
  else
    {
      wanted = g_malloc0 (max_id / 8 + 1);
      for (guint i = 0; i < articles->len; i++)
        {
          gint64 id = g_array_index (articles, gint64, i);
          if (id > 0)
            wanted[id / 8] |= 1u << (id % 8);
        }
      for (guint i = 0; i < all->len; i++)
        {
          const KhojiEventRef *ref = &g_array_index (all, KhojiEventRef, i);

          if (ref->article_id > 0 && ref->article_id <= max_id &&
              (wanted[ref->article_id / 8] & (1u << (ref->article_id % 8))))
            g_array_index (all, KhojiEventRef, n_kept++) = *ref;
        }
    }
  /* A few events should not keep the whole list's memory: GArray never
   * gives memory back. */
  if (n_kept < all->len / 2)
    {
      GArray *small = g_array_sized_new (FALSE, FALSE, sizeof (KhojiEventRef), n_kept);

      g_array_append_vals (small, all->data, n_kept);
      return small;
    }
  g_array_set_size (all, n_kept);
  return g_steal_pointer (&all);
}

KhojiEvent *
khoji_store_get_event (KhojiStore  *self,
                       gint64       event_id,
                       GError     **error)
{
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

GArray *
khoji_store_articles_for_entity (KhojiStore  *self,
                                 gint64       entity_id,
                                 GError     **error)
{
  g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(KhojiCachedStmt) q = NULL;
  g_autofree char *match = NULL;
  int rc;

  ASSERT_OWNER (self);
  q = cached (self, "SELECT rowid FROM entity_article WHERE entity_article MATCH ? ORDER BY rowid", error);
  if (!q)
    return NULL;
  match = entity_match (self, entity_id);
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
khoji_store_get_article (KhojiStore  *self,
                         gint64       article_id,
                         GError     **error)
{
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
  return article_from_row (q, NULL, 0);
}

char *
khoji_store_get_article_text (KhojiStore  *self,
                              gint64       article_id,
                              GError     **error)
{
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
khoji_store_get_article_spans (KhojiStore  *self,
                               gint64       article_id,
                               GError     **error)
{
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
khoji_store_count_articles (KhojiStore *self)
{
  g_autoptr(KhojiCachedStmt) q = NULL;

  ASSERT_OWNER (self);
  q = cached (self, "SELECT count(*) FROM article", NULL);
  if (q && sqlite3_step (q) == SQLITE_ROW)
    return sqlite3_column_int (q, 0);
  return 0;
}

/* ---- Corrections ---- */

/* The key of an entity that corrections may name: one that exists and
 * is not merged into another. Read inside the correction's transaction,
 * so that what was checked is what is written. */
static char *
key_of (KhojiStore  *self,
        gint64       entity_id,
        GError     **error)
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
find_touched_articles (KhojiStore  *self,
                       GError     **error)
{
  return exec (self, "CREATE TEMP TABLE IF NOT EXISTS touched_article (id INTEGER PRIMARY KEY)", error) &&
         exec (self, "DELETE FROM temp.touched_article", error) &&
         exec (self,
           "INSERT INTO temp.touched_article SELECT rowid FROM entity_article WHERE entity_article MATCH"
           " (SELECT group_concat(id, ' OR ') FROM temp.touched)"
           " AND EXISTS (SELECT 1 FROM temp.touched)", error);
}

static gboolean
recount (KhojiStore  *self,
         GError     **error)
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

/* Recompute merged_into from the merge corrections, in order, then move the
 * mentions of the touched entities to where their base now points. */
static gboolean
replay_merges (KhojiStore  *self,
               GError     **error)
{
  g_autoptr(KhojiCachedStmt) q = NULL;

  /* The recount below counts mentions: the log's counts go in first. */
  if (!fold_counts (self, error) ||
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

  return find_touched_articles (self, error) &&
    exec (self,
    "UPDATE mention SET entity_id = (SELECT COALESCE(merged_into, id) FROM entity WHERE id = mention.base_id)"
    " WHERE article_id IN (SELECT id FROM temp.touched_article)"
    " AND (base_id IN (SELECT id FROM temp.touched) OR entity_id IN (SELECT id FROM temp.touched))", error) &&
    recount (self, error);
}

gboolean
khoji_store_add_correction (KhojiStore          *self,
                            KhojiCorrectionKind  kind,
                            gint64               entity_id,
                            gint64               target_id,
                            const char          *value,
                            GError             **error)
{
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
    "INSERT INTO correction (kind, entity_key, target_key, value, old_value, created)"
    " VALUES (?, ?, ?, ?, ?, strftime('%s','now'))", error);
  if (!ins)
    goto fail;
  bind_text (ins, 1, kinds[kind]);
  bind_text (ins, 2, key);
  bind_text (ins, 3, target_key);
  bind_text (ins, 4, value);
  bind_text (ins, 5, old_value);
  if (!step_done (self, ins, error))
    goto fail;

  if (kind == KHOJI_CORRECTION_MERGE)
    {
      if (!replay_merges (self, error))
        goto fail;
    }
  else if (!replay_attribute_corrections (self, entity_id, key, error))
    goto fail;

  return end_write (self, TRUE, error);

fail:
  return end_write (self, FALSE, NULL);
}

gboolean
khoji_store_undo_correction (KhojiStore  *self,
                             GError     **error)
{
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
  q = cached (self, "SELECT id, kind, entity_key, old_value FROM correction ORDER BY id DESC LIMIT 1", error);
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
      const char *sql;
      g_autoptr(KhojiCachedStmt) u = NULL;
      g_autoptr(KhojiCachedStmt) still = cached (self,
        "SELECT count(*) FROM correction WHERE entity_key = ?1 AND kind = ?2", error);
      gboolean locked;

      if (!still)
        goto fail;
      bind_text (still, 1, key);
      bind_text (still, 2, kind);
      sqlite3_step (still);
      locked = sqlite3_column_int (still, 0) > 0;

      if (g_str_equal (kind, "rename"))
        sql = "UPDATE entity SET name = COALESCE(?1, name), locked_name = ?3 WHERE key = ?2";
      else if (g_str_equal (kind, "type"))
        sql = "UPDATE entity SET type = COALESCE(?1, type), locked_type = ?3 WHERE key = ?2";
      else
        sql = "UPDATE entity SET hidden = COALESCE(CAST(?1 AS INTEGER), 0) WHERE key = ?2 AND ?3 >= 0";
      u = cached (self, sql, error);
      if (!u)
        goto fail;
      if (had_old)
        bind_text (u, 1, old_value);
      else
        sqlite3_bind_null (u, 1);
      bind_text (u, 2, key);
      sqlite3_bind_int (u, 3, locked);
      if (!step_done (self, u, error))
        goto fail;
    }

  return end_write (self, TRUE, error);

fail:
  return end_write (self, FALSE, NULL);
}

/* ---- Integrity ---- */

gboolean
khoji_store_check (KhojiStore  *self,
                   GString     *report,
                   GError     **error)
{
  struct { const char *what; const char *sql; } checks[] = {
    { "SQLite integrity", "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check != 'ok'" },
    { "foreign keys", "SELECT count(*) FROM pragma_foreign_key_check" },
    { "mentions outside their article",
      "SELECT count(*) FROM mention m JOIN article a ON a.id = m.article_id WHERE m.end > length(a.text) OR m.start >= m.end" },
    { "dates outside their article",
      "SELECT count(*) FROM date_mention d JOIN article a ON a.id = d.article_id WHERE d.end > length(a.text) OR d.start >= d.end" },
    { "mentions of merged entities",
      "SELECT count(*) FROM mention m JOIN entity e ON e.id = m.entity_id WHERE e.merged_into IS NOT NULL" },
    { "wrong mention counts",
      "SELECT count(*) FROM entity e LEFT JOIN (SELECT entity_id, count(*) AS n FROM mention GROUP BY entity_id) m"
      " ON m.entity_id = e.id LEFT JOIN (SELECT entity_id, sum(n_mentions) AS n FROM entity_count_log GROUP BY entity_id) l"
      " ON l.entity_id = e.id WHERE e.n_mentions + COALESCE(l.n, 0) != COALESCE(m.n, 0)" },
    /* The entity index against the mentions: each row id's number of
     * articles, both ways round. */
    { "entity index",
      "SELECT (SELECT count(*) FROM (SELECT CAST(base_id AS TEXT), count(DISTINCT article_id) FROM mention GROUP BY base_id"
      "  EXCEPT SELECT term, doc FROM temp.entity_article_terms))"
      " + (SELECT count(*) FROM (SELECT term, doc FROM temp.entity_article_terms"
      "  EXCEPT SELECT CAST(base_id AS TEXT), count(DISTINCT article_id) FROM mention GROUP BY base_id))" },
    /* What the timeline walks against the dates it comes from. */
    { "timeline index",
      "SELECT (SELECT count(*) FROM (SELECT id, article_id, first_day, last_day, is_interval, precision, relative"
      "  FROM date_mention WHERE first_day IS NOT NULL EXCEPT SELECT * FROM date_ref))"
      " + (SELECT count(*) FROM (SELECT * FROM date_ref EXCEPT SELECT id, article_id, first_day, last_day,"
      "  is_interval, precision, relative FROM date_mention WHERE first_day IS NOT NULL))" },
  };
  gboolean ok = TRUE;

  ASSERT_OWNER (self);

  if (!exec (self, "CREATE VIRTUAL TABLE IF NOT EXISTS temp.entity_article_terms"
                   " USING fts5vocab(main, entity_article, 'row')", error))
    return FALSE;
  /* FTS5 checks its structures through an INSERT, which a library opened
   * read-only refuses: that says nothing of the index, and is said so.
   * The checks below read the same rows and still run. */
  if (self->read_only)
    g_string_append (report, "entity index structure: not checked (the library is read-only)\n"
                             "search index: not checked (the library is read-only)\n");
  else
    {
      if (!exec (self, "INSERT INTO entity_article(entity_article) VALUES ('integrity-check')", NULL))
        {
          g_string_append (report, "entity index structure: damaged\n");
          ok = FALSE;
        }

      /* An FTS row per article: the index's own check covers its
       * structure, and the row count must match (external content tables
       * do not tell). */
      if (!exec (self, "INSERT INTO article_fts(article_fts, rank) VALUES ('integrity-check', 1)", NULL))
        {
          g_string_append (report, "search index: damaged\n");
          ok = FALSE;
        }
      else
        g_string_append (report, "search index: ok\n");
    }

  for (guint i = 0; i < G_N_ELEMENTS (checks); i++)
    {
      g_autoptr(KhojiCachedStmt) q = NULL;
      gint64 n;

      q = cached (self, checks[i].sql, error);
      if (!q)
        return FALSE;
      if (sqlite3_step (q) != SQLITE_ROW)
        return set_sqlite_error (error, self->db, sqlite3_errcode (self->db), checks[i].what);
      n = sqlite3_column_int64 (q, 0);
      if (n == 0)
        g_string_append_printf (report, "%s: ok\n", checks[i].what);
      else
        {
          g_string_append_printf (report, "%s: %" G_GINT64_FORMAT " problems\n", checks[i].what, n);
          ok = FALSE;
        }
    }
  {
    g_autoptr(KhojiCachedStmt) q = cached (self,
      "SELECT (SELECT count(*) FROM article), (SELECT count(*) FROM article_fts_docsize)", error);
    if (!q)
      return FALSE;
    if (sqlite3_step (q) == SQLITE_ROW)
      {
        gint64 a = sqlite3_column_int64 (q, 0), f = sqlite3_column_int64 (q, 1);
        if (a == f)
          g_string_append_printf (report, "articles with a search row: %" G_GINT64_FORMAT "/%" G_GINT64_FORMAT "\n", f, a);
        else
          {
            g_string_append_printf (report, "articles with a search row: %" G_GINT64_FORMAT "/%" G_GINT64_FORMAT " (mismatch)\n", f, a);
            ok = FALSE;
          }
      }
  }
  return ok;
}

/* ---- Export ---- */

gboolean
khoji_store_foreach_row (KhojiStore         *self,
                         KhojiStoreRows      rows,
                         KhojiStoreRowFunc   func,
                         gpointer            user_data,
                         GError            **error)
{
  static const char *sql[] = {
    [KHOJI_STORE_ROWS_ARTICLES] =
      "SELECT id, path, title, published, published_source, text, source FROM article ORDER BY id",
    [KHOJI_STORE_ROWS_ENTITIES] =
      "SELECT e.id, e.name, e.latin, e.type, e.n_articles + COALESCE(l.a, 0), e.n_mentions + COALESCE(l.m, 0), e.hidden"
      " FROM entity e LEFT JOIN (SELECT entity_id, sum(n_articles) AS a, sum(n_mentions) AS m FROM entity_count_log"
      " GROUP BY entity_id) l ON l.entity_id = e.id"
      " WHERE e.merged_into IS NULL AND e.n_mentions + COALESCE(l.m, 0) > 0 ORDER BY e.id",
    [KHOJI_STORE_ROWS_ALIASES] =
      "SELECT DISTINCT m.entity_id, m.text FROM mention m ORDER BY m.entity_id, m.text",
    [KHOJI_STORE_ROWS_MENTIONS] =
      "SELECT article_id, entity_id, text, start, end FROM mention ORDER BY article_id, start",
    [KHOJI_STORE_ROWS_DATES] =
      "SELECT article_id, text, start, end, value, relative, sentence, precision FROM date_mention ORDER BY article_id, start",
  };
  g_autoptr(KhojiCachedStmt) q = NULL;
  int rc;

  ASSERT_OWNER (self);
  q = cached (self, sql[rows], error);
  if (!q)
    return FALSE;
  while ((rc = sqlite3_step (q)) == SQLITE_ROW)
    {
      int n = sqlite3_column_count (q);
      const char *cols[16];
      gint64 ints[16];

      for (int i = 0; i < n && i < 16; i++)
        {
          cols[i] = sqlite3_column_type (q, i) == SQLITE_NULL ? NULL : col_text (q, i);
          ints[i] = sqlite3_column_int64 (q, i);
        }
      if (!func (cols, ints, n, user_data, error))
        return FALSE;
    }
  if (rc != SQLITE_DONE)
    return set_sqlite_error (error, self->db, rc, "export");
  return TRUE;
}
