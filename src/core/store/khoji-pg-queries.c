/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-store"

#include "config.h"

#include <string.h>

#include "khoji-pg-private.h"

/* Articles, entities and aliases read back for the library, and the
 * search: what khoji-sqlite-queries.c and -fts.c answer, the same
 * answers (the timeline's events are khoji-pg-events.c's). */

#define ARTICLE_COLUMNS "a.id, a.path, a.title, a.source, a.published, a.published_source, a.entity_count"

static KhojiArticle *
article_from_row (PGresult   *res,
                  int         row,
                  const char *snippet,
                  double      rank)
{
  return _khoji_article_new (pg_get_int (res, row, 0), pg_get_text (res, row, 1), pg_get_text (res, row, 2),
                             pg_get_text (res, row, 3), pg_get_text (res, row, 4), pg_get_text (res, row, 5),
                             (guint) pg_get_int (res, row, 6), snippet, rank);
}

static gboolean
not_found (GError     **error,
           const char  *what,
           gint64       id)
{
  g_set_error (error, KHOJI_STORE_ERROR, KHOJI_STORE_ERROR_NOT_FOUND, "No %s %" G_GINT64_FORMAT, what, id);
  return FALSE;
}

GPtrArray *
khoji_pg_store_list_articles (KhojiStore  *store,
                              GError     **error)
{
  KhojiPgStore *self = (KhojiPgStore *) store;
  g_autoptr(PGresult) res = NULL;
  GPtrArray *out;

  ASSERT_OWNER (self);
  if (!_khoji_pg_ensure (self, error))
    return NULL;
  res = _khoji_pg_run (self, "SELECT " ARTICLE_COLUMNS " FROM article a ORDER BY a.published COLLATE \"C\" DESC NULLS LAST, a.id",
                       NULL, error);
  if (res == NULL)
    return NULL;
  out = g_ptr_array_new_full (PQntuples (res), g_object_unref);
  for (int i = 0; i < PQntuples (res); i++)
    g_ptr_array_add (out, article_from_row (res, i, NULL, 0));
  return out;
}

KhojiArticle *
khoji_pg_store_get_article (KhojiStore  *store,
                            gint64       article_id,
                            GError     **error)
{
  KhojiPgStore *self = (KhojiPgStore *) store;
  g_autoptr(PGresult) res = NULL;
  PgParams p = { 0 };

  ASSERT_OWNER (self);
  if (!_khoji_pg_ensure (self, error))
    return NULL;
  pg_int (&p, article_id);
  res = _khoji_pg_run (self, "SELECT " ARTICLE_COLUMNS " FROM article a WHERE a.id = $1", &p, error);
  if (res == NULL)
    return NULL;
  if (PQntuples (res) == 0)
    {
      not_found (error, "article", article_id);
      return NULL;
    }
  return article_from_row (res, 0, NULL, 0);
}

char *
khoji_pg_store_get_article_text (KhojiStore  *store,
                                 gint64       article_id,
                                 GError     **error)
{
  KhojiPgStore *self = (KhojiPgStore *) store;
  g_autoptr(PGresult) res = NULL;
  PgParams p = { 0 };

  ASSERT_OWNER (self);
  if (!_khoji_pg_ensure (self, error))
    return NULL;
  pg_int (&p, article_id);
  res = _khoji_pg_run (self, "SELECT text FROM article WHERE id = $1", &p, error);
  if (res == NULL)
    return NULL;
  if (PQntuples (res) == 0)
    {
      not_found (error, "article", article_id);
      return NULL;
    }
  return g_strdup (PQgetvalue (res, 0, 0));
}

GPtrArray *
khoji_pg_store_get_article_spans (KhojiStore  *store,
                                  gint64       article_id,
                                  GError     **error)
{
  KhojiPgStore *self = (KhojiPgStore *) store;
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) khoji_article_span_free);
  g_autoptr(PGresult) qm = NULL;
  g_autoptr(PGresult) qd = NULL;
  PgParams p = { 0 };

  ASSERT_OWNER (self);
  if (!_khoji_pg_ensure (self, error))
    return NULL;
  pg_int (&p, article_id);
  qm = _khoji_pg_run (self,
    "SELECT m.start, m.\"end\", m.entity_id, e.type FROM mention m JOIN entity e ON e.id = m.entity_id"
    " WHERE m.article_id = $1 AND e.hidden = 0 ORDER BY m.start, m.id", &p, error);
  if (qm == NULL)
    return NULL;
  for (int i = 0; i < PQntuples (qm); i++)
    {
      KhojiArticleSpan *s = g_new0 (KhojiArticleSpan, 1);

      s->kind = KHOJI_SPAN_MENTION;
      s->start = (guint) pg_get_int (qm, i, 0);
      s->end = (guint) pg_get_int (qm, i, 1);
      s->entity_id = pg_get_int (qm, i, 2);
      khoji_entity_type_from_string (PQgetvalue (qm, i, 3), &s->entity_type);
      g_ptr_array_add (out, s);
    }
  qd = _khoji_pg_run (self, "SELECT start, \"end\", value FROM date_mention WHERE article_id = $1 ORDER BY start, id",
                      &p, error);
  if (qd == NULL)
    return NULL;
  for (int i = 0; i < PQntuples (qd); i++)
    {
      KhojiArticleSpan *s = g_new0 (KhojiArticleSpan, 1);

      s->kind = KHOJI_SPAN_DATE;
      s->start = (guint) pg_get_int (qd, i, 0);
      s->end = (guint) pg_get_int (qd, i, 1);
      s->value = g_strdup (pg_get_text (qd, i, 2));
      g_ptr_array_add (out, s);
    }
  return g_steal_pointer (&out);
}

/* ---- Entities ---- */

GHashTable *
khoji_pg_store_load_aliases (KhojiStore  *store,
                             GError     **error)
{
  KhojiPgStore *self = (KhojiPgStore *) store;
  g_autoptr(GHashTable) forms = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                       (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(PGresult) res = NULL;
  GHashTable *out;
  GHashTableIter iter;
  gpointer key, value;

  ASSERT_OWNER (self);
  if (!_khoji_pg_ensure (self, error))
    return NULL;
  /* A merged row's forms are its target's. */
  res = _khoji_pg_run (self,
    "SELECT COALESCE(e.merged_into, e.id), a.form FROM alias a JOIN entity e ON e.id = a.base_id", NULL, error);
  if (res == NULL)
    return NULL;
  for (int i = 0; i < PQntuples (res); i++)
    {
      gint64 id = pg_get_int (res, i, 0);
      GPtrArray *list = g_hash_table_lookup (forms, &id);

      if (list == NULL)
        {
          list = g_ptr_array_new_with_free_func (g_free);
          g_hash_table_insert (forms, g_memdup2 (&id, sizeof id), list);
        }
      g_ptr_array_add (list, g_strdup (PQgetvalue (res, i, 1)));
    }
  out = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) g_strfreev);
  g_hash_table_iter_init (&iter, forms);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (out, g_memdup2 (key, sizeof (gint64)), _khoji_store_forms_to_strv (value));
  return out;
}

static GStrv
aliases_of (KhojiPgStore  *self,
            gint64         id,
            GError       **error)
{
  g_autoptr(GPtrArray) forms = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(PGresult) res = NULL;
  PgParams p = { 0 };

  pg_int (&p, id);
  res = _khoji_pg_run (self,
    "SELECT a.form FROM entity e JOIN alias a ON a.base_id = e.id WHERE e.id = $1 OR e.merged_into = $1", &p, error);
  if (res == NULL)
    return NULL;
  for (int i = 0; i < PQntuples (res); i++)
    g_ptr_array_add (forms, g_strdup (PQgetvalue (res, i, 0)));
  return _khoji_store_forms_to_strv (forms);
}

/* The listing's columns, counts with what the log still holds: one
 * statement, so one snapshot of both. */
#define ENTITY_ROWS \
  "SELECT e.id, e.name, e.latin, e.type, e.n_articles + COALESCE(l.a, 0), e.n_mentions + COALESCE(l.m, 0), e.hidden" \
  " FROM entity e LEFT JOIN (SELECT entity_id, sum(n_articles) AS a, sum(n_mentions) AS m FROM entity_count_log" \
  "  GROUP BY entity_id) l ON l.entity_id = e.id"

static KhojiEntity *
entity_from_row (PGresult        *res,
                 int              row,
                 GStrv            aliases,
                 KhojiAliasTable *table)
{
  KhojiEntityType type = KHOJI_ENTITY_PLACE;
  guint n_mentions = (guint) pg_get_int (res, row, 5);

  if (n_mentions == 0)
    {
      g_strfreev (aliases);
      return NULL;
    }
  khoji_entity_type_from_string (PQgetvalue (res, row, 3), &type);
  return _khoji_entity_new (pg_get_int (res, row, 0), PQgetvalue (res, row, 1), PQgetvalue (res, row, 2), type,
                            (guint) pg_get_int (res, row, 4), n_mentions, pg_get_int (res, row, 6) != 0,
                            aliases, table);
}

GPtrArray *
khoji_pg_store_list_entities (KhojiStore       *store,
                              gboolean          include_hidden,
                              gint64            only_id,
                              KhojiAliasTable  *aliases,
                              GError          **error)
{
  KhojiPgStore *self = (KhojiPgStore *) store;
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(PGresult) res = NULL;
  PgParams p = { 0 };

  ASSERT_OWNER (self);
  if (!_khoji_pg_ensure (self, error))
    return NULL;
  if (only_id != 0)
    {
      GStrv forms;

      pg_int (&p, only_id);
      res = _khoji_pg_run (self, ENTITY_ROWS " WHERE e.id = $1 AND e.merged_into IS NULL", &p, error);
      if (res == NULL)
        return NULL;
      if (PQntuples (res) > 0)
        {
          KhojiEntity *e;

          forms = aliases_of (self, only_id, error);
          if (forms == NULL)
            return NULL;
          e = entity_from_row (res, 0, forms, NULL);
          if (e)
            g_ptr_array_add (out, e);
        }
      return g_steal_pointer (&out);
    }

  /* Sorted here as SQLite's listing is, by the same function. */
  pg_int (&p, include_hidden ? 1 : 0);
  res = _khoji_pg_run (self, ENTITY_ROWS " WHERE e.merged_into IS NULL AND ($1::integer = 1 OR e.hidden = 0)",
                       &p, error);
  if (res == NULL)
    return NULL;
  for (int i = 0; i < PQntuples (res); i++)
    {
      KhojiEntity *e = entity_from_row (res, i, NULL, aliases);

      if (e)
        g_ptr_array_add (out, e);
    }
  _khoji_store_sort_listing (out);
  return g_steal_pointer (&out);
}

/* The server picks the first `limit` of the listing (a top-N sort over
 * one scan of entity) and sends only those: making 100,000 entities in
 * the client and sending their rows was most of listing them all. The
 * count of the whole listing comes with each row. */
GPtrArray *
khoji_pg_store_list_top_entities (KhojiStore  *store,
                                  gboolean     include_hidden,
                                  guint        limit,
                                  guint       *n_listed,
                                  GError     **error)
{
  KhojiPgStore *self = (KhojiPgStore *) store;
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(PGresult) res = NULL;
  PgParams p = { 0 };

  ASSERT_OWNER (self);
  *n_listed = 0;
  if (!_khoji_pg_ensure (self, error))
    return NULL;
  pg_int (&p, include_hidden ? 1 : 0);
  pg_int (&p, limit);
  /* The count apart (a second scan, an init plan run once): with a
   * window function over the rows the server sorted them all, on disk. */
  res = _khoji_pg_run (self,
    "SELECT id, name, latin, type, a, m, hidden,"
    " (SELECT count(*) FROM entity e LEFT JOIN (SELECT entity_id, sum(n_mentions) AS m FROM entity_count_log"
    "   GROUP BY entity_id) l ON l.entity_id = e.id"
    "  WHERE e.merged_into IS NULL AND ($1::integer = 1 OR e.hidden = 0) AND e.n_mentions + COALESCE(l.m, 0) > 0)"
    " FROM (SELECT e.id, e.name, e.latin, e.type, e.n_articles + COALESCE(l.a, 0) AS a,"
    "   e.n_mentions + COALESCE(l.m, 0) AS m, e.hidden"
    "  FROM entity e LEFT JOIN (SELECT entity_id, sum(n_articles) AS a, sum(n_mentions) AS m"
    "   FROM entity_count_log GROUP BY entity_id) l ON l.entity_id = e.id"
    "  WHERE e.merged_into IS NULL AND ($1::integer = 1 OR e.hidden = 0)) s"
    " WHERE m > 0 ORDER BY a DESC, m DESC, id LIMIT $2::bigint", &p, error);
  if (res == NULL)
    return NULL;
  for (int i = 0; i < PQntuples (res); i++)
    {
      KhojiEntity *e = entity_from_row (res, i, NULL, NULL);

      if (e)
        g_ptr_array_add (out, e);
    }
  if (PQntuples (res) > 0)
    *n_listed = (guint) pg_get_int (res, 0, 7);
  _khoji_store_sort_listing (out);
  return g_steal_pointer (&out);
}

char *
_khoji_pg_entity_rows (KhojiPgStore  *self,
                       gint64         entity_id,
                       GError       **error)
{
  g_autoptr(PGresult) res = NULL;
  PgParams p = { 0 };
  GString *rows = g_string_new ("{");

  pg_int (&p, entity_id);
  res = _khoji_pg_run (self,
    "SELECT id FROM entity WHERE id = $1 AND merged_into IS NULL"
    " UNION ALL SELECT id FROM entity WHERE merged_into = $1", &p, error);
  if (res == NULL)
    {
      g_string_free (rows, TRUE);
      return NULL;
    }
  for (int i = 0; i < PQntuples (res); i++)
    g_string_append_printf (rows, "%s%s", i ? "," : "", PQgetvalue (res, i, 0));
  g_string_append_c (rows, '}');
  return g_string_free (rows, FALSE);
}

GArray *
khoji_pg_store_articles_for_entity (KhojiStore  *store,
                                    gint64       entity_id,
                                    GError     **error)
{
  KhojiPgStore *self = (KhojiPgStore *) store;
  g_autofree char *rows = NULL;
  g_autoptr(PGresult) res = NULL;
  PgParams p = { 0 };
  GArray *out;

  ASSERT_OWNER (self);
  if (!_khoji_pg_ensure (self, error))
    return NULL;
  rows = _khoji_pg_entity_rows (self, entity_id, error);
  if (rows == NULL)
    return NULL;
  pg_text (&p, rows);
  res = _khoji_pg_run (self,
    "SELECT DISTINCT article_id FROM mention WHERE base_id = ANY ($1::bigint[]) ORDER BY article_id", &p, error);
  if (res == NULL)
    return NULL;
  out = g_array_sized_new (FALSE, FALSE, sizeof (gint64), PQntuples (res));
  for (int i = 0; i < PQntuples (res); i++)
    {
      gint64 id = pg_get_int (res, i, 0);
      g_array_append_val (out, id);
    }
  return out;
}

/* ---- Search ---- */

static void
append_lexeme (GString    *out,
               const char *key,
               gboolean    prefix)
{
  g_string_append_c (out, '\'');
  for (const char *c = key; *c; c++)
    {
      if (*c == '\'' || *c == '\\')
        g_string_append_c (out, *c);
      g_string_append_c (out, *c);
    }
  g_string_append_c (out, '\'');
  if (prefix)
    g_string_append (out, ":*");
}

/* The longest lexeme a tsvector holds, in bytes: a longer pair is
 * neither kept nor asked for (khoji_search_pairs, khoji-pg-schema.c). */
#define MAX_PAIR 2046

/* The pairs of words next to each other that ITEM's phrase needs,
 * & between them, added to GROUP. */
static void
append_pairs (GString            *group,
              const KhojiFtsItem *item)
{
  for (guint k = 1; k < item->keys->len; k++)
    {
      g_autofree char *pair = g_strconcat (g_ptr_array_index (item->keys, k - 1), " ",
                                           g_ptr_array_index (item->keys, k), NULL);

      if (strlen (pair) > MAX_PAIR)
        continue;
      if (group->len > 0)
        g_string_append (group, " & ");
      append_lexeme (group, pair, item->prefix && k == item->keys->len - 1);
    }
}

/* The end of a group between ORs: its pairs join NEED with |; a group
 * that needs none makes the whole query need none. */
static void
close_pair_group (GString  *need,
                  GString  *group,
                  gboolean *need_all)
{
  if (group->len == 0)
    *need_all = TRUE;
  else
    g_string_append_printf (need, "%s(%s)", need->len > 0 ? " | " : "", group->str);
  g_string_truncate (group, 0);
}

/* The FTS5 query as a tsquery of the same folding keys: a phrase's keys
 * in a row (<->), the last a prefix when it ends with *; AND is &, OR is
 * |, a NOT b is a & !b. FTS5 binds NOT tighter than AND and AND than OR,
 * as tsquery binds ! & |: the same sets of articles. A phrase with no
 * word to look for matches nothing in FTS5; here it is left out with the
 * operator before it (the library never writes one). NULL, with ERROR,
 * for what FTS5 would refuse: a string not closed, an operator without
 * a phrase on each side.
 *
 * *LOOSE is a tsquery the GIN index answers alone, without reading an
 * article's vector, that matches every article the query does and maybe
 * more: its phrases' words with & instead of <->, and a phrase after NOT
 * left out with its NOT (a & !"b c" is within a). Equal to the query
 * when it has no phrase of two words or more.
 *
 * *PAIRS is a tsquery of the words next to each other that the query's
 * phrases need, for the index of khoji_search_pairs (khoji-pg-schema.c):
 * "a b c" needs the pairs 'a b' and 'b c' ('b c':* when c is a prefix),
 * kept as & and | are between the phrases; a NOT, and a group between
 * ORs with no phrase of two words, need none. NULL when the query needs
 * no pair at all. It too matches every article the query does: a pair
 * is in khoji_search_pairs exactly when its words have positions one
 * after the other in the article's vector, which is what <-> asks; and
 * it ends with | ' ', the mark of an article with too many pairs to
 * keep. */
static char *
fts_to_tsquery (const char  *fts_query,
                char       **loose,
                char       **pairs,
                GError     **error)
{
  g_autoptr(GPtrArray) items = _khoji_store_fts_items (fts_query);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) wide = g_string_new (NULL);
  g_autoptr(GString) need = g_string_new (NULL);
  g_autoptr(GString) group = g_string_new (NULL);
  KhojiFtsItemKind op = KHOJI_FTS_AND;
  gboolean want_phrase = TRUE, need_all = FALSE;

  for (guint i = 0; items && i < items->len; i++)
    {
      KhojiFtsItem *item = g_ptr_array_index (items, i);
      const char *sep = op == KHOJI_FTS_OR ? " | " : op == KHOJI_FTS_NOT ? " & !" : " & ";
      gboolean in_wide = op != KHOJI_FTS_NOT || item->keys->len < 2;

      if (item->kind != KHOJI_FTS_PHRASE)
        {
          if (want_phrase)
            break;
          op = item->kind;
          want_phrase = TRUE;
          continue;
        }
      want_phrase = FALSE;
      if (item->keys->len == 0)
        {
          op = KHOJI_FTS_AND;
          continue;
        }
      if (out->len > 0)
        g_string_append (out, sep);
      if (out->len > 0 && op == KHOJI_FTS_OR)
        close_pair_group (need, group, &need_all);
      if (op != KHOJI_FTS_NOT)
        append_pairs (group, item);
      if (in_wide && wide->len > 0)
        g_string_append (wide, sep);
      g_string_append_c (out, '(');
      if (in_wide)
        g_string_append_c (wide, '(');
      for (guint k = 0; k < item->keys->len; k++)
        {
          gboolean prefix = item->prefix && k == item->keys->len - 1;

          if (k > 0)
            g_string_append (out, " <-> ");
          append_lexeme (out, g_ptr_array_index (item->keys, k), prefix);
          if (in_wide)
            {
              if (k > 0)
                g_string_append (wide, " & ");
              append_lexeme (wide, g_ptr_array_index (item->keys, k), prefix);
            }
        }
      g_string_append_c (out, ')');
      if (in_wide)
        g_string_append_c (wide, ')');
      op = KHOJI_FTS_AND;
    }
  if (items == NULL || want_phrase)
    {
      g_set_error (error, KHOJI_STORE_ERROR, KHOJI_STORE_ERROR_QUERY, "fts5: syntax error in %s", fts_query);
      return NULL;
    }
  /* Nothing left to match loosely (only a NOT of a phrase after phrases
   * with no word): the query itself, which the index answers too, its
   * phrases checked on every candidate. */
  close_pair_group (need, group, &need_all);
  if (need_all || need->len == 0)
    *pairs = NULL;
  else
    {
      g_string_append (need, " | ' '");
      *pairs = g_string_free (g_steal_pointer (&need), FALSE);
    }
  *loose = g_string_free (g_steal_pointer (&wide), FALSE);
  if (**loose == '\0')
    {
      g_free (*loose);
      *loose = g_strdup (out->str);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The search, in four steps, so that the server reads as few vectors as
 * it can (each a few kilobytes out of line, the cost of a search):
 * - cand: the articles the loose query matches, by id, newest first,
 *   from the GIN index and the rows' ids alone (no vector read); only
 *   the newest $4 when the loose query is the query ($3);
 * - hits: the newest $4 of them the query matches: a phrase is checked
 *   against the vector of one candidate after another, newest first,
 *   only until $4 are found;
 * - kept: those ranked, the best $5; the text read for those only.
 * As in SQLite: the newest SEARCH_CANDIDATES matches are ranked, the
 * best first, equal scores in id order. Title words weigh twice text
 * words (weights D, C, B, A: text is D, the title A); the score is
 * divided by the number of words (normalisation 2), which orders as the
 * library file's BM25 does more often than 1 + its log (normalisation
 * 1), which put long articles first (docs/ARCHITECTURE.md, "Ranking").
 * The score is negated so that lower is better, as FTS5's. */
#define SEARCH_RANK_SQL \
  " kept AS (SELECT id, -ts_rank_cd ('{0.5, 0, 0, 1}', search, $1::tsquery, 2) AS score FROM hits" \
  "  ORDER BY score, id LIMIT $5::integer)" \
  " SELECT " ARTICLE_COLUMNS ", a.text, kept.score FROM kept JOIN article a ON a.id = kept.id" \
  " ORDER BY kept.score, kept.id"

#define SEARCH_SQL(PAIRS) \
  "WITH cand AS MATERIALIZED (SELECT a.id, a.search FROM article a WHERE a.search @@ $2::tsquery" PAIRS \
  "  ORDER BY a.id DESC LIMIT CASE WHEN $3::boolean THEN $4::integer END)," \
  " hits AS MATERIALIZED (SELECT id, search FROM cand WHERE $3::boolean OR search @@ $1::tsquery LIMIT $4::integer)," \
  SEARCH_RANK_SQL

/* The candidates of a query whose phrases need pairs of words ($6, or
 * $7 after the window's size): those whose pairs, from the index of
 * khoji_search_pairs, hold them. Without it a phrase of two common
 * words, rare as a phrase, had its check read the vector of every
 * article with both words (46,343 at 100,000 articles, 3 s, to find
 * none). The pairs are known from the vector, so the server derives
 * them and no writer has to. */
#define PAIRS_MATCH(N) " AND khoji_search_pairs (a.search) @@ $" N "::tsquery"

static const char search_sql[] = SEARCH_SQL ("");
static const char search_pairs_sql[] = SEARCH_SQL (PAIRS_MATCH ("6"));

/* The same with article_search_pairs_newest (the vectors' GIN index with the
 * ids as id + 0, khoji-pg-schema.c), which answers "the loose query,
 * among the articles after id N" from the index alone; id + 0, so that
 * the primary key cannot answer it and leave the query to be checked on
 * every vector of the window. A word in most articles
 * has tens of thousands of matches at 100,000 articles, and the plain
 * index makes the server visit every matching row to learn its id
 * before it can keep the newest: most of such a search's time, growing
 * with the archive. So the newest $6 ids are looked at first (win,
 * win_hits); only when they hold fewer than $4 matches is the whole
 * archive searched as above (cand, whose condition on win_hits the
 * server evaluates once, before reading anything). Either way the hits
 * are the newest $4 matches: every article in the window is newer than
 * every one outside it. The window is counted back from the id the
 * identity sequence last gave (no index read; in a subquery, so that
 * the index can use it), and a window too wide or too narrow changes
 * the time only, not the result. */
#define SEARCH_WINDOW_SQL(PAIRS) \
  "WITH win AS MATERIALIZED (SELECT a.id, a.search FROM article a WHERE a.search @@ $2::tsquery" PAIRS \
  "  AND a.id + 0 > (SELECT coalesce (pg_sequence_last_value ('article_id_seq'), 0)) - $6::bigint" \
  "  ORDER BY a.id DESC LIMIT CASE WHEN $3::boolean THEN $4::integer END)," \
  " win_hits AS MATERIALIZED (SELECT id, search FROM win WHERE $3::boolean OR search @@ $1::tsquery LIMIT $4::integer)," \
  " cand AS MATERIALIZED (SELECT a.id, a.search FROM article a" \
  "  WHERE (SELECT count(*) FROM win_hits) < $4::integer AND a.search @@ $2::tsquery" PAIRS \
  "  ORDER BY a.id DESC LIMIT CASE WHEN $3::boolean THEN $4::integer END)," \
  " hits AS (SELECT id, search FROM win_hits WHERE (SELECT count(*) FROM win_hits) >= $4::integer" \
  "  UNION ALL (SELECT id, search FROM cand WHERE $3::boolean OR search @@ $1::tsquery LIMIT $4::integer))," \
  SEARCH_RANK_SQL

static const char search_window_sql[] = SEARCH_WINDOW_SQL ("");
static const char search_window_pairs_sql[] = SEARCH_WINDOW_SQL (PAIRS_MATCH ("7"));

/* How many of the newest ids a search looks among first: four times
 * the candidates, so that a word in a quarter of the articles or more
 * is found there. */
#define SEARCH_WINDOW (4 * SEARCH_CANDIDATES)

GPtrArray *
khoji_pg_store_search (KhojiStore  *store,
                       const char  *fts_query,
                       guint        limit,
                       GError     **error)
{
  KhojiPgStore *self = (KhojiPgStore *) store;
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) phrases = NULL;
  g_autoptr(GPtrArray) done = NULL;
  g_autofree char *tsquery = NULL;
  g_autofree char *loose = NULL;
  g_autofree char *pairs = NULL;
  const char *sql;
  PGresult *res;
  PgBatch batch;
  PgParams p = { 0 };

  ASSERT_OWNER (self);
  tsquery = fts_to_tsquery (fts_query, &loose, &pairs, error);
  if (tsquery == NULL)
    return NULL;
  /* Only phrases with no word to look for: FTS5 finds nothing. */
  if (tsquery[0] == '\0')
    return g_steal_pointer (&out);
  if (!_khoji_pg_ensure (self, error))
    return NULL;
  pg_text (&p, tsquery);
  pg_text (&p, loose);
  pg_text (&p, g_str_equal (tsquery, loose) ? "true" : "false");
  pg_int (&p, limit ? MAX (SEARCH_CANDIDATES, (int) limit) : G_MAXINT32);
  pg_int (&p, limit ? (int) limit : G_MAXINT32);
  if (self->search_window)
    pg_int (&p, SEARCH_WINDOW);
  if (pairs != NULL)
    pg_text (&p, pairs);
  if (self->search_window)
    sql = pairs != NULL ? search_window_pairs_sql : search_window_sql;
  else
    sql = pairs != NULL ? search_pairs_sql : search_sql;
  /* The planner does not count what reading a vector out of line costs:
   * for a word in many articles it chose to read every row's vector
   * (a sequential scan, or the id index backwards with the match as a
   * filter) over the GIN index and a sort of ids. For this statement
   * only, it is told not to. One round trip. */
  _khoji_pg_batch_init (&batch);
  _khoji_pg_batch_add (&batch, "BEGIN", NULL);
  _khoji_pg_batch_add (&batch, "SET LOCAL enable_seqscan = off", NULL);
  _khoji_pg_batch_add (&batch, "SET LOCAL enable_indexscan = off", NULL);
  /* Nor to compile the statement (the costs of the scans it may not
   * choose pass the threshold: seconds of compiling for milliseconds
   * of work) or to start workers for it (a few milliseconds each, and
   * a window's reads are small). */
  _khoji_pg_batch_add (&batch, "SET LOCAL jit = off", NULL);
  _khoji_pg_batch_add (&batch, "SET LOCAL max_parallel_workers_per_gather = 0", NULL);
  _khoji_pg_batch_add (&batch, sql, &p);
  _khoji_pg_batch_add (&batch, "COMMIT", NULL);
  done = _khoji_pg_batch_run (self, &batch, error);
  _khoji_pg_batch_clear (&batch);
  if (done == NULL)
    {
      if (PQstatus (self->conn) == CONNECTION_OK)
        _khoji_pg_exec (self, "ROLLBACK", NULL);
      return NULL;
    }
  res = g_ptr_array_index (done, 5);
  phrases = _khoji_store_snippet_phrases (fts_query);
  for (int i = 0; i < PQntuples (res); i++)
    {
      g_autofree char *snippet = _khoji_store_make_snippet (phrases, PQgetvalue (res, i, 7));

      g_ptr_array_add (out, article_from_row (res, i, snippet, g_ascii_strtod (PQgetvalue (res, i, 8), NULL)));
    }
  return g_steal_pointer (&out);
}
