/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-test-crash"

#include <signal.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

/* Crash safety: `khoji-cli import` of 1,000 files is killed with SIGKILL
 * at random moments, 20 times over, each run taking up where the last one
 * died. After every kill `khoji-cli check` must pass and every article
 * must be wholly there (text, mentions, dates, FTS row, all equal to a
 * clean import of the same file) or wholly absent. The library promises
 * one transaction per article; this holds it to that.
 *
 * The test reads the SQLite file directly (read-only): a test may look
 * under the store to check what the store claims. */

#define N_FILES 1000
#define N_KILLS 20

typedef struct {
  char *text;
  int   mentions;
  int   dates;
  int   fts;
} Row;

static void
row_free (Row *row)
{
  g_free (row->text);
  g_free (row);
}

static const char *
cli (void)
{
  const char *path = g_getenv ("KHOJI_CLI");

  if (path == NULL)
    g_error ("KHOJI_CLI is not set: run this test with meson test");
  return path;
}

/* Short, distinct articles recombined from the shipped samples' lines. */
static void
write_corpus (const char *dir)
{
  const char *root = g_getenv ("KHOJI_SOURCE_ROOT");
  g_autofree char *samples = g_build_filename (root ? root : ".", "data", "samples", NULL);
  g_autoptr(GDir) d = g_dir_open (samples, 0, NULL);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GRand) rand = g_rand_new_with_seed (6);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *p = g_build_filename (samples, name, NULL);
      g_autofree char *contents = NULL;
      g_auto(GStrv) split = NULL;

      if (!g_str_has_suffix (name, ".txt") || !g_file_get_contents (p, &contents, NULL, NULL))
        continue;
      split = g_strsplit (contents, "\n", -1);
      for (guint i = 0; split[i]; i++)
        if (strlen (split[i]) > 40)
          g_ptr_array_add (lines, g_strdup (split[i]));
    }
  g_assert_cmpuint (lines->len, >, 10);

  for (guint i = 0; i < N_FILES; i++)
    {
      g_autofree char *sub = g_strdup_printf ("%s/%02u", dir, i / 100);
      g_autofree char *path = g_strdup_printf ("%s/%04u.txt", sub, i);
      g_autoptr(GString) text = g_string_new (NULL);
      guint n = g_rand_int_range (rand, 2, 6);

      g_mkdir_with_parents (sub, 0755);
      g_string_append_printf (text, "खबर %u\n", i);
      for (guint j = 0; j < n; j++)
        g_string_append_printf (text, "%s\n", (char *) g_ptr_array_index (lines, g_rand_int_range (rand, 0, lines->len)));
      g_string_append_printf (text, "लेख संख्या %u।\n", i);
      g_assert_true (g_file_set_contents (path, text->str, text->len, NULL));
    }
}

static GHashTable *
read_library (const char *db_path)
{
  GHashTable *rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) row_free);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL);
  g_assert_cmpint (rc, ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  rc = sqlite3_prepare_v2 (db,
                           "SELECT a.path, a.text,"
                           " (SELECT count(*) FROM mention m WHERE m.article_id = a.id),"
                           " (SELECT count(*) FROM date_mention d WHERE d.article_id = a.id),"
                           " (SELECT count(*) FROM article_fts_docsize f WHERE f.id = a.id)"
                           " FROM article a", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    g_error ("%s", sqlite3_errmsg (db));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Row *row = g_new0 (Row, 1);

      row->text = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      row->mentions = sqlite3_column_int (stmt, 2);
      row->dates = sqlite3_column_int (stmt, 3);
      row->fts = sqlite3_column_int (stmt, 4);
      g_hash_table_insert (rows, g_strdup ((const char *) sqlite3_column_text (stmt, 0)), row);
    }
  g_assert_cmpint (rc, ==, SQLITE_DONE);
  sqlite3_finalize (stmt);

  /* Nothing of a rolled-back article may be left behind. */
  {
    static const char *orphans[] = {
      "SELECT count(*) FROM mention WHERE article_id NOT IN (SELECT id FROM article)",
      "SELECT count(*) FROM date_mention WHERE article_id NOT IN (SELECT id FROM article)",
      "SELECT count(*) FROM article_fts_docsize WHERE id NOT IN (SELECT id FROM article)",
    };
    for (guint i = 0; i < G_N_ELEMENTS (orphans); i++)
      {
        g_assert_cmpint (sqlite3_prepare_v2 (db, orphans[i], -1, &stmt, NULL), ==, SQLITE_OK);
        g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
        if (sqlite3_column_int (stmt, 0) != 0)
          g_test_message ("orphans: %s", orphans[i]);
        g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 0);
        sqlite3_finalize (stmt);
      }
  }
  sqlite3_close (db);
  return rows;
}

static int
run_cli (const char * const *args, char **out)
{
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;

  proc = g_subprocess_newv (args, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, out, NULL, &error);
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (proc);
}

static void
assert_whole_or_absent (GHashTable *got, GHashTable *reference)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, got);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Row *row = value;
      Row *ref = g_hash_table_lookup (reference, key);

      g_assert_nonnull (ref);
      g_assert_cmpstr (row->text, ==, ref->text);
      g_assert_cmpint (row->mentions, ==, ref->mentions);
      g_assert_cmpint (row->dates, ==, ref->dates);
      g_assert_cmpint (row->fts, ==, 1);
    }
}

static void
test_sigkill_during_import (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("khoji-crash-XXXXXX", &error);
  g_autofree char *corpus = g_build_filename (dir, "corpus", NULL);
  g_autofree char *ref_db = g_build_filename (dir, "reference.db", NULL);
  g_autofree char *db = g_build_filename (dir, "library.db", NULL);
  g_autoptr(GHashTable) reference = NULL;
  g_autoptr(GHashTable) final = NULL;
  g_autofree char *out = NULL;
  static const char *suffixes[] = { "", "-wal", "-shm" };
  guint last_count = 0, killed_mid = 0;
  gint64 start, full_us;

  g_assert_no_error (error);
  write_corpus (corpus);

  /* The reference: the same files imported without interruption. Its
   * duration sets the range the kills are drawn from. */
  start = g_get_monotonic_time ();
  {
    const char *args[] = { cli (), "--db", ref_db, "import", "--quiet", corpus, NULL };
    g_assert_cmpint (run_cli (args, &out), ==, 0);
    g_clear_pointer (&out, g_free);
  }
  full_us = g_get_monotonic_time () - start;
  reference = read_library (ref_db);
  g_assert_cmpuint (g_hash_table_size (reference), ==, N_FILES);
  g_test_message ("a whole import of %u files takes %.1f s", N_FILES, full_us / 1e6);

  for (guint k = 0; k < N_KILLS; k++)
    {
      const char *args[] = { cli (), "--db", db, "import", "--quiet", corpus, NULL };
      const char *check[] = { cli (), "--db", db, "check", NULL };
      g_autoptr(GSubprocess) proc = NULL;
      g_autoptr(GHashTable) got = NULL;
      /* A run spends its first moments starting up and skipping what
       * the runs before it imported, so the k-th run may live up to k/10
       * of a whole import (k counted again after 10): the kills land all along the 1,000 files,
       * in start-up, in duplicate checks and in the middle of writes. */
      gint64 delay_us = g_test_rand_int_range (100000, MAX (200000, (gint32) (full_us * (k % 10 + 1) / 10)));

      proc = g_subprocess_newv (args, G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
      g_assert_no_error (error);
      g_usleep (delay_us);
      g_subprocess_send_signal (proc, SIGKILL);
      g_subprocess_wait (proc, NULL, &error);
      g_assert_no_error (error);
      if (g_subprocess_get_if_signaled (proc))
        killed_mid++;

      g_assert_cmpint (run_cli (check, &out), ==, 0);
      g_clear_pointer (&out, g_free);
      if (!g_file_test (db, G_FILE_TEST_EXISTS))
        continue;
      got = read_library (db);
      assert_whole_or_absent (got, reference);
      g_assert_cmpuint (g_hash_table_size (got), >=, last_count);
      last_count = g_hash_table_size (got);
      g_test_message ("kill %u after %.2f s: %u articles whole", k + 1, delay_us / 1e6, last_count);
      if (last_count == N_FILES)
        {
          /* Complete: the next kills would only hit duplicate checks, so
           * start over on a new library to keep killing real writes. */
          for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
            {
              g_autofree char *p = g_strconcat (db, suffixes[i], NULL);
              g_unlink (p);
            }
          last_count = 0;
          g_test_message ("complete; starting over on an empty library");
        }
    }
  g_assert_cmpuint (killed_mid, >=, N_KILLS / 2);

  /* A last run to the end completes the library: nothing was lost. */
  {
    const char *args[] = { cli (), "--db", db, "import", "--quiet", corpus, NULL };
    g_assert_cmpint (run_cli (args, &out), ==, 0);
    g_clear_pointer (&out, g_free);
  }
  final = read_library (db);
  g_assert_cmpuint (g_hash_table_size (final), ==, N_FILES);
  assert_whole_or_absent (final, reference);

  {
    const char *rm[] = { "rm", "-rf", dir, NULL };
    run_cli (rm, &out);
  }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/khoji/crash/sigkill-during-import", test_sigkill_during_import);
  return g_test_run ();
}
