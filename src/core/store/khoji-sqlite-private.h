/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The SQLite backend: what its files share, the connection and the
 * helpers every statement goes through. Private to store/; the rest of
 * Khoji sees khoji-store.h.
 *
 *   khoji-sqlite.c              opening and closing a connection
 *   khoji-sqlite-schema.c       the tables, and the migrations
 *   khoji-sqlite-fts.c          full-text search: tokenizer, ranking, the search
 *   khoji-sqlite-import.c       an article's inserts, and the counts log
 *   khoji-sqlite-queries.c      articles, entities and aliases read back
 *   khoji-sqlite-events.c       the timeline's events and their cache
 *   khoji-sqlite-corrections.c  merge, rename, retype, hide, undo, replay
 *   khoji-sqlite-check.c        the integrity check and the export rows
 *   khoji-sqlite-network.c      who appears with whom, and where (places) */

#include <sqlite3.h>

#include "khoji-items-private.h"
#include "khoji-store-backend.h"
#include "khoji-text.h"

G_BEGIN_DECLS

/* One SQLite connection, owned by the thread that opened it.
 *
 * Entities: one row per resolution key the extractor produced. A merge
 * correction does not delete anything: it points the merged rows at their
 * target (merged_into) and re-points the mentions, so that undo and replay
 * only have to recompute pointers. Mentions keep both the row of their own
 * key (base_id) and the entity they count for (entity_id). */
typedef struct _KhojiSqliteStore KhojiSqliteStore;

struct _KhojiSqliteStore
{
  KhojiStore parent;
  sqlite3 *db;
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
  /* The graph's bitsets of entities' articles (khoji-sqlite-network.c),
   * for the library as it was at graph_state: PRAGMA data_version (what
   * other connections committed), this connection's own changes and the
   * bitsets' length. */
  GHashTable *graph_bits;
  gint64      graph_state[3];
};

/* The WAL's size at which a connection checkpoints it itself: 64 MB
 * normally (every 1,000 pages made imports wait on the disk), 256 MB
 * during a bulk import, where another thread checkpoints as it goes and
 * this one only bounds the file: a checkpointer beside a busy writer never
 * catches up with it, and only a checkpoint by the writer lets the WAL
 * start over. */
#define WAL_AUTOCHECKPOINT_PAGES 16384
#define WAL_AUTOCHECKPOINT_BULK_PAGES 65536

/* The sentences each pair of entities shares, among the mentions of the
 * articles that ARTICLES (an SQL condition on x.article_id) picks: rows
 * (lo, hi, count) with lo < hi, the entities the mentions count for; a
 * sentence counts once for a pair however often it names either.
 * FILTER ("" or "AND ..." on lo and hi) keeps some pairs only. The
 * mention_sentence index holds all it reads. */
#define KHOJI_SQLITE_SENTENCE_PAIRS(ARTICLES, FILTER) \
  "SELECT lo, hi, count(*) " KHOJI_SQLITE_SENTENCE_PAIRS_FROM (ARTICLES, FILTER)
#define KHOJI_SQLITE_SENTENCE_PAIRS_FROM(ARTICLES, FILTER) \
  "FROM (SELECT DISTINCT x.article_id, x.sentence, x.entity_id AS lo, y.entity_id AS hi" \
  " FROM mention x JOIN mention y ON y.article_id = x.article_id AND y.sentence = x.sentence" \
  " AND y.entity_id > x.entity_id WHERE " ARTICLES ") WHERE true " FILTER " GROUP BY lo, hi"

/* Adds (SIGN "1") or takes away (SIGN "-1") those counts in
 * sentence_pair, in the transaction that changes the mentions: taken
 * away before, added after. A pair that no sentence names any more keeps
 * a row of 0. */
#define KHOJI_SQLITE_ADD_SENTENCE_PAIRS(SIGN, ARTICLES, FILTER) \
  "INSERT INTO sentence_pair (a, b, n) SELECT lo, hi, " SIGN " * count(*) " \
  KHOJI_SQLITE_SENTENCE_PAIRS_FROM (ARTICLES, FILTER) \
  " ON CONFLICT (a, b) DO UPDATE SET n = n + excluded.n"

/* ---- The helpers every statement goes through ----
 *
 * Small, and called from every file: static inline, so that each file
 * has them without exporting names as common as exec() or prepare(). */

static inline int
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

static inline gboolean
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

static inline gboolean
exec (KhojiSqliteStore  *self,
      const char        *sql,
      GError           **error)
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
static inline gboolean
begin_write (KhojiSqliteStore  *self,
             GError           **error)
{
  return exec (self, "BEGIN IMMEDIATE", error);
}

static inline gboolean
end_write (KhojiSqliteStore  *self,
           gboolean           ok,
           GError           **error)
{
  if (ok && exec (self, "COMMIT", error))
    return TRUE;
  exec (self, "ROLLBACK", NULL);
  return FALSE;
}

static inline sqlite3_stmt *
prepare (KhojiSqliteStore  *self,
         const char        *sql,
         GError           **error)
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

static inline sqlite3_stmt *
cached (KhojiSqliteStore  *self,
        const char        *sql,
        GError           **error)
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

static inline void
bind_text (sqlite3_stmt *stmt,
           int           i,
           const char   *s)
{
  if (s)
    sqlite3_bind_text (stmt, i, s, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, i);
}

static inline gboolean
step_done (KhojiSqliteStore  *self,
           sqlite3_stmt      *stmt,
           GError           **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return set_sqlite_error (error, self->db, rc, "step");
  return TRUE;
}

static inline const char *
col_text (sqlite3_stmt *stmt,
          int           i)
{
  return (const char *) sqlite3_column_text (stmt, i);
}

/* ---- Shared between the store's files ---- */

/* The columns _khoji_sqlite_article_from_row() reads, from `article a`. */
#define ARTICLE_COLUMNS "a.id, a.path, a.title, a.source, a.published, a.published_source, a.entity_count"

/* An entity's counts still in entity_count_log. */
typedef struct {
  guint n_articles;
  guint n_mentions;
} PendingCount;

/* khoji-sqlite-fts.c */
gboolean _khoji_sqlite_register_tokenizer (KhojiSqliteStore  *self,
                                           GError           **error);

/* khoji-sqlite-import.c */
GHashTable *_khoji_sqlite_pending_counts (KhojiSqliteStore  *self,
                                          gint64             only_id,
                                          GError           **error,
                                          gboolean          *ok);
gboolean _khoji_sqlite_fold_counts (KhojiSqliteStore  *self,
                                    GError           **error);
gboolean _khoji_sqlite_replay_attribute_corrections (KhojiSqliteStore  *self,
                                                     gint64             entity_id,
                                                     const char        *key,
                                                     GError           **error);
/* Sets what a rename, type or hide correction holds (`kind`) to `value`
 * (NULL: the name and type as extraction found them, not hidden) on the
 * entity row `id`, or with `key` the rows of that key; `locked` whether a
 * correction of that kind still holds it. */
gboolean _khoji_sqlite_set_corrected (KhojiSqliteStore  *self,
                                      const char        *kind,
                                      const char        *value,
                                      gint64             id,
                                      const char        *key,
                                      gboolean           locked,
                                      GError           **error);

/* khoji-sqlite-queries.c */
KhojiArticle *_khoji_sqlite_article_from_row (sqlite3_stmt *q,
                                              const char   *snippet,
                                              double        rank);
char *_khoji_sqlite_entity_match (KhojiSqliteStore *self,
                                  gint64            entity_id);

/* khoji-sqlite-schema.c */
gboolean _khoji_sqlite_migrate (KhojiSqliteStore  *self,
                                GError           **error);
int _khoji_sqlite_get_user_version (KhojiSqliteStore *self);

G_END_DECLS
