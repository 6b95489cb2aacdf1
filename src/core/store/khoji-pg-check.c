/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-store"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "khoji-pg-private.h"

/* The integrity check, and the rows the export writes. */

gboolean
khoji_pg_store_check (KhojiStore  *store,
                      GString     *report,
                      GError     **error)
{
  KhojiPgStore *self = (KhojiPgStore *) store;
  /* What SQLite's check looks at that is Khoji's, not the engine's: the
   * server keeps its own pages and indexes whole (its checksums and WAL),
   * and says so itself when it cannot. */
  static const struct { const char *what; const char *sql; } checks[] = {
    { N_("content hashes"),
      "SELECT (SELECT count(*) FROM article a LEFT JOIN article_hash h ON h.hash = a.hash AND h.article_id = a.id"
      "  WHERE h.hash IS NULL)"
      " + (SELECT count(*) FROM article_hash h LEFT JOIN article a ON a.id = h.article_id WHERE a.id IS NULL)" },
    { N_("mentions outside their article"),
      "SELECT count(*) FROM (SELECT id, length(text) AS n FROM article) a JOIN mention m ON m.article_id = a.id"
      " WHERE m.\"end\" > a.n OR m.start >= m.\"end\"" },
    { N_("dates outside their article"),
      "SELECT count(*) FROM (SELECT id, length(text) AS n FROM article) a JOIN date_mention d ON d.article_id = a.id"
      " WHERE d.\"end\" > a.n OR d.start >= d.\"end\"" },
    /* What the timeline walks against the dates it comes from. */
    { N_("timeline index"),
      "SELECT (SELECT count(*) FROM (SELECT id, article_id, first_day, last_day, is_interval, precision, relative"
      "  FROM date_mention WHERE first_day IS NOT NULL EXCEPT SELECT id, article_id, first_day, last_day,"
      "  is_interval, precision, relative FROM date_ref) x)"
      " + (SELECT count(*) FROM (SELECT id, article_id, first_day, last_day, is_interval, precision, relative"
      "  FROM date_ref EXCEPT SELECT id, article_id, first_day, last_day, is_interval, precision, relative"
      "  FROM date_mention WHERE first_day IS NOT NULL) y)" },
    { N_("mentions of merged entities"),
      "SELECT count(*) FROM mention m JOIN entity e ON e.id = m.entity_id WHERE e.merged_into IS NOT NULL" },
    { N_("wrong mention counts"),
      "SELECT count(*) FROM entity e LEFT JOIN (SELECT entity_id, count(*) AS n FROM mention GROUP BY entity_id) m"
      " ON m.entity_id = e.id LEFT JOIN (SELECT entity_id, sum(n_mentions) AS n FROM entity_count_log GROUP BY entity_id) l"
      " ON l.entity_id = e.id WHERE e.n_mentions + COALESCE(l.n, 0) != COALESCE(m.n, 0)" },
    { N_("wrong entity counts of articles"),
      "SELECT count(*) FROM article a WHERE a.entity_count !="
      " (SELECT count(DISTINCT entity_id) FROM mention m WHERE m.article_id = a.id)" },
  };
  gboolean ok = TRUE;
  g_autoptr(PGresult) counts = NULL;

  ASSERT_OWNER (self);
  if (!_khoji_pg_ensure (self, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (checks); i++)
    {
      g_autoptr(PGresult) res = _khoji_pg_run (self, checks[i].sql, NULL, error);
      gint64 n;

      if (res == NULL)
        return FALSE;
      n = pg_get_int (res, 0, 0);
      if (n == 0)
        /* Translators: %s is what was checked, e.g. "foreign keys" */
        g_string_append_printf (report, _("%s: ok\n"), _(checks[i].what));
      else
        {
          /* Translators: %s is what was checked, then how many problems it found */
          g_string_append_printf (report, ngettext ("%s: %" PRId64 " problem\n", "%s: %" PRId64 " problems\n",
                                                    (gulong) MIN (n, G_MAXLONG)),
                                  _(checks[i].what), (int64_t) n);
          ok = FALSE;
        }
    }
  /* The timeline's kept list against the rows it says it holds. */
  {
    gint64 n = _khoji_pg_event_list_problems (self, error);
    const char *what = N_("kept timeline");

    if (n < 0)
      return FALSE;
    if (n == 0)
      g_string_append_printf (report, _("%s: ok\n"), _(what));
    else
      {
        g_string_append_printf (report, ngettext ("%s: %" PRId64 " problem\n", "%s: %" PRId64 " problems\n",
                                                  (gulong) MIN (n, G_MAXLONG)),
                                _(what), (int64_t) n);
        ok = FALSE;
      }
  }
  /* Every article with words has search keys. */
  counts = _khoji_pg_run (self,
    "SELECT count(*), count(*) FILTER (WHERE search != ''::tsvector OR text !~ '[[:alnum:]]') FROM article",
    NULL, error);
  if (counts == NULL)
    return FALSE;
  {
    gint64 a = pg_get_int (counts, 0, 0), f = pg_get_int (counts, 0, 1);

    if (a == f)
      g_string_append_printf (report, _("articles with a search row: %" PRId64 "/%" PRId64 "\n"), (int64_t) f, (int64_t) a);
    else
      g_string_append_printf (report, _("articles with a search row: %" PRId64 "/%" PRId64 " (mismatch)\n"),
                              (int64_t) f, (int64_t) a);
    ok = ok && a == f;
  }
  return ok;
}

gboolean
khoji_pg_store_foreach_row (KhojiStore         *store,
                            KhojiStoreRows      rows,
                            KhojiStoreRowFunc   func,
                            gpointer            user_data,
                            GError            **error)
{
  KhojiPgStore *self = (KhojiPgStore *) store;
  static const char *const sql[] = {
    [KHOJI_STORE_ROWS_ARTICLES] =
      "SELECT id, path, title, published, published_source, text, source FROM article ORDER BY id",
    [KHOJI_STORE_ROWS_ENTITIES] =
      "SELECT e.id, e.name, e.latin, e.type, e.n_articles + COALESCE(l.a, 0), e.n_mentions + COALESCE(l.m, 0), e.hidden"
      " FROM entity e LEFT JOIN (SELECT entity_id, sum(n_articles) AS a, sum(n_mentions) AS m FROM entity_count_log"
      " GROUP BY entity_id) l ON l.entity_id = e.id"
      " WHERE e.merged_into IS NULL AND e.n_mentions + COALESCE(l.m, 0) > 0 ORDER BY e.id",
    [KHOJI_STORE_ROWS_ALIASES] =
      "SELECT DISTINCT m.entity_id, m.text COLLATE \"C\" FROM mention m ORDER BY 1, 2",
    [KHOJI_STORE_ROWS_MENTIONS] =
      "SELECT article_id, entity_id, text, start, \"end\" FROM mention ORDER BY article_id, start, id",
    [KHOJI_STORE_ROWS_DATES] =
      "SELECT article_id, text, start, \"end\", value, relative, sentence, precision FROM date_mention"
      " ORDER BY article_id, start, id",
    [KHOJI_STORE_ROWS_CORRECTIONS] =
      "SELECT kind, entity_key, target_key, value FROM correction ORDER BY id",
    [KHOJI_STORE_ROWS_ENTITY_KEYS] =
      "SELECT id, key FROM entity ORDER BY id",
    [KHOJI_STORE_ROWS_CORRECTION_LIST] =
      "SELECT c.id, c.kind, c.value, c.old_value, c.who, c.created,"
      " s.id, s.name, COALESCE(s.merged_into, s.id), t.id, t.name, COALESCE(t.merged_into, t.id)"
      " FROM correction c LEFT JOIN entity s ON s.key = c.entity_key"
      " LEFT JOIN entity t ON t.key = c.target_key ORDER BY c.id",
  };
  g_autoptr(PGresult) res = NULL;
  int n_cols;

  ASSERT_OWNER (self);
  if ((guint) rows >= G_N_ELEMENTS (sql) || sql[rows] == NULL)
    {
      g_set_error (error, KHOJI_STORE_ERROR, KHOJI_STORE_ERROR_FAILED, "No rows of kind %d in an archive", rows);
      return FALSE;
    }
  if (!_khoji_pg_ensure (self, error))
    return FALSE;
  /* One result in memory: the export of a large archive would rather
   * read it in pieces (a cursor); the CLI's export is the one caller. */
  res = _khoji_pg_run (self, sql[rows], NULL, error);
  if (res == NULL)
    return FALSE;
  n_cols = MIN (PQnfields (res), 16);
  for (int r = 0; r < PQntuples (res); r++)
    {
      const char *cols[16];
      gint64 ints[16];

      for (int i = 0; i < n_cols; i++)
        {
          cols[i] = pg_get_text (res, r, i);
          ints[i] = cols[i] ? g_ascii_strtoll (cols[i], NULL, 10) : 0;
        }
      if (!func (cols, ints, n_cols, user_data, error))
        return FALSE;
    }
  return TRUE;
}
