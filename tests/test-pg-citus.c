/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-test-pg-citus"

#include "config.h"

#include <string.h>

#include "khoji-library.h"
#include "khoji-test-pg.h"

/* The archive's schema keeps the shape that Citus needs to spread it over
 * servers without a rewrite (docs/ARCHITECTURE.md, "Scaling out on
 * Citus"). Citus is not packaged for Debian, so it is not run here: this
 * reads the catalogue of an archive Khoji made on plain PostgreSQL and
 * checks the rules that create_distributed_table and
 * create_reference_table enforce on it:
 *
 * - every table Khoji makes has its place in the plan (a new table must
 *   be placed, and the design page with it);
 * - a unique index or primary key of a distributed table includes its
 *   distribution column;
 * - a foreign key between distributed tables joins them on their
 *   distribution columns; none leads from a reference table to a
 *   distributed one;
 * - an identity column of a distributed table is a bigint. */

typedef struct {
  const char *table;
  const char *column;   /* the distribution column; NULL: a reference table */
} Placement;

static const Placement plan[] = {
  /* Co-located by article. */
  { "article",      "id" },
  { "mention",      "article_id" },
  { "date_mention", "article_id" },
  { "date_ref",     "article_id" },
  /* The kept dates' ids deleted since the event list was written. */
  { "date_ref_removed", "article_id" },
  /* By content hash, apart from the article: an import is then a
   * two-shard transaction. */
  { "article_hash", "hash" },
  /* Copied to every server. */
  { "entity",           NULL },
  { "alias",            NULL },
  { "correction",       NULL },
  { "entity_count_log", NULL },
  { "khoji_version",    NULL },
  /* One row, the timeline's kept list, written rarely. */
  { "event_list",       NULL },
};

static char *uri;

static const Placement *
placement_of (const char *table)
{
  for (guint i = 0; i < G_N_ELEMENTS (plan); i++)
    if (g_str_equal (plan[i].table, table))
      return &plan[i];
  return NULL;
}

static GPtrArray *
rows (const char *sql)
{
  g_autofree char *text = khoji_test_pg_rows (uri, sql);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; lines[i]; i++)
    if (*lines[i])
      g_ptr_array_add (out, g_strdup (lines[i]));
  return out;
}

static void
test_every_table_placed (void)
{
  g_autoptr(GPtrArray) tables = rows ("SELECT tablename FROM pg_tables"
                                      " WHERE schemaname = current_schema() ORDER BY 1");

  g_assert_cmpuint (tables->len, ==, G_N_ELEMENTS (plan));
  for (guint i = 0; i < tables->len; i++)
    {
      const char *table = g_ptr_array_index (tables, i);

      if (placement_of (table) == NULL)
        g_error ("The table %s has no place in the Citus plan: add it to docs/ARCHITECTURE.md and here", table);
    }
}

static void
test_unique_keys_hold_the_shard_key (void)
{
  guint checked = 0;

  for (guint i = 0; i < G_N_ELEMENTS (plan); i++)
    {
      g_autofree char *sql = NULL;
      g_autoptr(GPtrArray) found = NULL;

      if (plan[i].column == NULL)
        continue;
      /* Each unique index of the table, and whether it holds the column. */
      sql = g_strdup_printf ("SELECT i.indexrelid::regclass, EXISTS (SELECT 1 FROM pg_attribute a"
                             "   WHERE a.attrelid = i.indrelid AND a.attname = '%s' AND a.attnum = ANY (i.indkey))"
                             " FROM pg_index i WHERE i.indrelid = '%s'::regclass AND i.indisunique",
                             plan[i].column, plan[i].table);
      found = rows (sql);
      /* Each of them has one (its primary key). */
      g_assert_cmpuint (found->len, >=, 1);
      for (guint j = 0; j < found->len; j++)
        {
          const char *row = g_ptr_array_index (found, j);

          if (!g_str_has_suffix (row, "|t"))
            g_error ("%s: the unique index %.*s lacks the distribution column %s", plan[i].table,
                     (int) strcspn (row, "|"), row, plan[i].column);
          checked++;
        }
    }
  g_assert_cmpuint (checked, >=, 4);
}

static void
test_foreign_keys_follow_the_plan (void)
{
  g_autoptr(GPtrArray) keys = rows (
    "SELECT c.conrelid::regclass, c.confrelid::regclass,"
    "  (SELECT string_agg (a.attname, ',' ORDER BY a.attname) FROM pg_attribute a"
    "    WHERE a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)),"
    "  (SELECT string_agg (a.attname, ',' ORDER BY a.attname) FROM pg_attribute a"
    "    WHERE a.attrelid = c.confrelid AND a.attnum = ANY (c.confkey))"
    " FROM pg_constraint c WHERE c.contype = 'f' ORDER BY 1, 2, 3");
  guint between_distributed = 0;

  g_assert_cmpuint (keys->len, >, 0);
  for (guint i = 0; i < keys->len; i++)
    {
      g_auto(GStrv) f = g_strsplit (g_ptr_array_index (keys, i), "|", -1);
      const Placement *from, *to;
      g_auto(GStrv) from_cols = NULL;
      g_auto(GStrv) to_cols = NULL;

      g_assert_cmpuint (g_strv_length (f), ==, 4);
      from = placement_of (f[0]);
      to = placement_of (f[1]);
      g_assert_nonnull (from);
      g_assert_nonnull (to);
      if (from->column == NULL && to->column != NULL)
        g_error ("%s (copied everywhere) refers to %s (spread by %s): Citus refuses that",
                 f[0], f[1], to->column);
      if (from->column == NULL || to->column == NULL)
        continue;
      from_cols = g_strsplit (f[2], ",", -1);
      to_cols = g_strsplit (f[3], ",", -1);
      if (!g_strv_contains ((const char * const *) from_cols, from->column) ||
          !g_strv_contains ((const char * const *) to_cols, to->column))
        g_error ("%s refers to %s by (%s) → (%s), not by their distribution columns", f[0], f[1], f[2], f[3]);
      between_distributed++;
    }
  /* mention and date_mention → article, date_ref → date_mention. */
  g_assert_cmpuint (between_distributed, ==, 3);
}

static void
test_identities_are_bigint (void)
{
  g_autoptr(GPtrArray) identities = rows (
    "SELECT c.relname, a.attname, a.atttypid::regtype FROM pg_attribute a"
    " JOIN pg_class c ON c.oid = a.attrelid"
    " WHERE a.attidentity <> '' AND c.relnamespace = current_schema()::regnamespace ORDER BY 1");
  guint distributed = 0;

  g_assert_cmpuint (identities->len, >, 0);
  for (guint i = 0; i < identities->len; i++)
    {
      g_auto(GStrv) f = g_strsplit (g_ptr_array_index (identities, i), "|", -1);
      const Placement *p = placement_of (f[0]);

      g_assert_nonnull (p);
      if (p->column == NULL)
        continue;
      if (!g_str_equal (f[2], "bigint"))
        g_error ("%s.%s is an identity of type %s: on a distributed table Citus takes bigint only",
                 f[0], f[1], f[2]);
      distributed++;
    }
  g_assert_cmpuint (distributed, ==, 3);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(KhojiLibrary) library = NULL;
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  /* An archive as Khoji makes it, with an article in it. */
  uri = khoji_test_pg_new_database (khoji_test_pg_shared (), "citus");
  library = khoji_library_open (uri, &error);
  g_assert_no_error (error);
  {
    KhojiImportResult *r = khoji_library_import_text (library,
      "Modi met Putin in Moscow on 12 March 2024.\n\nThe two leaders spoke of trade.", NULL);

    g_assert_cmpint (r->status, ==, KHOJI_IMPORT_IMPORTED);
    khoji_import_result_free (r);
  }
  g_clear_object (&library);

  g_test_add_func ("/khoji/pg-citus/every-table-placed", test_every_table_placed);
  g_test_add_func ("/khoji/pg-citus/unique-keys-hold-the-shard-key", test_unique_keys_hold_the_shard_key);
  g_test_add_func ("/khoji/pg-citus/foreign-keys-follow-the-plan", test_foreign_keys_follow_the_plan);
  g_test_add_func ("/khoji/pg-citus/identities-are-bigint", test_identities_are_bigint);

  ret = g_test_run ();
  g_free (uri);
  return ret;
}
