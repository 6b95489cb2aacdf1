/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-store"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "khoji-sqlite-private.h"

/* The integrity check, and the rows the export writes. */

/* ---- Integrity ---- */

gboolean
khoji_sqlite_store_check (KhojiStore  *store,
                          GString     *report,
                          GError     **error)
{
  KhojiSqliteStore *self = (KhojiSqliteStore *) store;
  struct { const char *what; const char *sql; } checks[] = {
    { N_("SQLite integrity"), "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check != 'ok'" },
    { N_("foreign keys"), "SELECT count(*) FROM pragma_foreign_key_check" },
    /* length() counts the characters of a whole article: once per
     * article (a materialized list of lengths), not once per mention,
     * which made check grow with the square of an article's size (a
     * 1 MB article took 30 s). */
    { N_("mentions outside their article"),
      "WITH a AS MATERIALIZED (SELECT id, length(text) AS n FROM article)"
      " SELECT count(*) FROM a JOIN mention m ON m.article_id = a.id WHERE m.end > a.n OR m.start >= m.end" },
    { N_("dates outside their article"),
      "WITH a AS MATERIALIZED (SELECT id, length(text) AS n FROM article)"
      " SELECT count(*) FROM a JOIN date_mention d ON d.article_id = a.id WHERE d.end > a.n OR d.start >= d.end" },
    { N_("mentions of merged entities"),
      "SELECT count(*) FROM mention m JOIN entity e ON e.id = m.entity_id WHERE e.merged_into IS NOT NULL" },
    { N_("wrong mention counts"),
      "SELECT count(*) FROM entity e LEFT JOIN (SELECT entity_id, count(*) AS n FROM mention GROUP BY entity_id) m"
      " ON m.entity_id = e.id LEFT JOIN (SELECT entity_id, sum(n_mentions) AS n FROM entity_count_log GROUP BY entity_id) l"
      " ON l.entity_id = e.id WHERE e.n_mentions + COALESCE(l.n, 0) != COALESCE(m.n, 0)" },
    /* The entity index against the mentions: each row id's number of
     * articles, both ways round. */
    { N_("entity index"),
      "SELECT (SELECT count(*) FROM (SELECT CAST(base_id AS TEXT), count(DISTINCT article_id) FROM mention GROUP BY base_id"
      "  EXCEPT SELECT term, doc FROM temp.entity_article_terms))"
      " + (SELECT count(*) FROM (SELECT term, doc FROM temp.entity_article_terms"
      "  EXCEPT SELECT CAST(base_id AS TEXT), count(DISTINCT article_id) FROM mention GROUP BY base_id))" },
    /* What the timeline walks against the dates it comes from. */
    { N_("timeline index"),
      "SELECT (SELECT count(*) FROM (SELECT id, article_id, first_day, last_day, is_interval, precision, relative"
      "  FROM date_mention WHERE first_day IS NOT NULL EXCEPT SELECT * FROM date_ref))"
      " + (SELECT count(*) FROM (SELECT * FROM date_ref EXCEPT SELECT id, article_id, first_day, last_day,"
      "  is_interval, precision, relative FROM date_mention WHERE first_day IS NOT NULL))" },
    /* The sentences each pair shares against the mentions, both ways
     * round (a pair no sentence names any more may keep a row of 0). */
    { N_("shared sentences"),
      "SELECT (SELECT count(*) FROM (" KHOJI_SQLITE_SENTENCE_PAIRS ("1", "")
      "  EXCEPT SELECT a, b, n FROM sentence_pair WHERE n != 0))"
      " + (SELECT count(*) FROM (SELECT a, b, n FROM sentence_pair WHERE n != 0"
      "  EXCEPT " KHOJI_SQLITE_SENTENCE_PAIRS ("1", "") "))" },
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
    g_string_append_printf (report, "%s\n%s\n", _("entity index structure: not checked (the library is read-only)"),
                            _("search index: not checked (the library is read-only)"));
  else
    {
      if (!exec (self, "INSERT INTO entity_article(entity_article) VALUES ('integrity-check')", NULL))
        {
          g_string_append_printf (report, "%s\n", _("entity index structure: damaged"));
          ok = FALSE;
        }

      /* An FTS row per article: the index's own check covers its
       * structure, and the row count must match (external content tables
       * do not tell). */
      if (!exec (self, "INSERT INTO article_fts(article_fts, rank) VALUES ('integrity-check', 1)", NULL))
        {
          g_string_append_printf (report, "%s\n", _("search index: damaged"));
          ok = FALSE;
        }
      else
        g_string_append_printf (report, "%s\n", _("search index: ok"));
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
  {
    g_autoptr(KhojiCachedStmt) q = cached (self,
      "SELECT (SELECT count(*) FROM article), (SELECT count(*) FROM article_fts_docsize)", error);
    if (!q)
      return FALSE;
    if (sqlite3_step (q) == SQLITE_ROW)
      {
        gint64 a = sqlite3_column_int64 (q, 0), f = sqlite3_column_int64 (q, 1);
        if (a == f)
          g_string_append_printf (report, _("articles with a search row: %" PRId64 "/%" PRId64 "\n"), (int64_t) f, (int64_t) a);
        else
          {
            g_string_append_printf (report, _("articles with a search row: %" PRId64 "/%" PRId64 " (mismatch)\n"),
                                    (int64_t) f, (int64_t) a);
            ok = FALSE;
          }
      }
  }
  return ok;
}

/* ---- Export ---- */

gboolean
khoji_sqlite_store_foreach_row (KhojiStore         *store,
                                KhojiStoreRows      rows,
                                KhojiStoreRowFunc   func,
                                gpointer            user_data,
                                GError            **error)
{
  KhojiSqliteStore *self = (KhojiSqliteStore *) store;
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
