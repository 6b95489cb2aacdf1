/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-store"

#include "config.h"

#include <math.h>
#include <string.h>

#include "khoji-sqlite-private.h"

/* Full-text search: the FTS5 tokenizer, ranking, snippets and the search. */

/* ---- The FTS5 tokenizer: ICU word breaks, then folding keys ---- */

typedef struct {
  KhojiSqliteStore *store;
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

/* What FTS5 calls for each token: its context, flags, the token and
 * its length, and its start and end in the text. */
typedef int (*TokenCallback) (void *, int, const char *, int, int, int);

static int
tok_tokenize (Fts5Tokenizer *tok,
              void          *ctx,
              int            flags,
              const char    *text,
              int            n_text,
              TokenCallback  token)
{
  KhojiSqliteStore *store = ((KhojiTokenizer *) tok)->store;
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

gboolean
_khoji_sqlite_register_tokenizer (KhojiSqliteStore  *self,
                                  GError           **error)
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


GPtrArray *
khoji_sqlite_store_search (KhojiStore  *store,
                           const char  *fts_query,
                           guint        limit,
                           GError     **error)
{
  KhojiSqliteStore *self = (KhojiSqliteStore *) store;
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
      /* A query FTS5 cannot run fails with SQLITE_ERROR; a damaged
       * index mostly with SQLITE_CORRUPT, which is the file's fault. */
      const char *msg = sqlite3_errmsg (self->db);
      int code = (rc & 0xff) == SQLITE_ERROR ? KHOJI_STORE_ERROR_QUERY : store_error_code (rc);

      g_set_error (error, KHOJI_STORE_ERROR, code, "%s", msg);
      return NULL;
    }

  phrases = _khoji_store_snippet_phrases (fts_query);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(KhojiCachedStmt) row = cached (self,
        "SELECT " ARTICLE_COLUMNS ", a.text FROM article a WHERE a.id = ?", error);
      if (!row)
        return NULL;
      sqlite3_bind_int64 (row, 1, g_array_index (ids, gint64, i));
      if (sqlite3_step (row) == SQLITE_ROW)
        {
          g_autofree char *snippet = _khoji_store_make_snippet (phrases, col_text (row, 7));
          g_ptr_array_add (out, _khoji_sqlite_article_from_row (row, snippet, g_array_index (ranks, double, i)));
        }
    }
  return g_steal_pointer (&out);
}
