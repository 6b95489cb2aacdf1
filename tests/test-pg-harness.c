/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-test-pg-harness"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "khoji-test-pg.h"

/* The throwaway cluster the PostgreSQL tests run on: it serves on its
 * socket and nowhere else, gives each test a database of its own, runs
 * as nobody when the tests run as root, and leaves nothing behind. */

static void
test_cluster (void)
{
  g_autoptr(GError) error = NULL;
  KhojiTestPg *pg = khoji_test_pg_start (&error);
  g_autofree char *dir = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *pid_file = NULL;
  struct stat st;

  g_assert_no_error (error);
  g_assert_nonnull (pg);
  dir = g_strdup (khoji_test_pg_dir (pg));
  g_assert_true (g_str_has_prefix (dir, "/tmp/"));
  g_assert_cmpint (stat (dir, &st), ==, 0);
  if (getuid () == 0)
    g_assert_cmpuint (st.st_uid, !=, 0);

  a = khoji_test_pg_new_database (pg, "harness");
  b = khoji_test_pg_new_database (pg, "harness");
  g_assert_cmpstr (a, !=, b);
  g_assert_cmpint (khoji_test_pg_query_int (a, "SELECT 41 + 1"), ==, 42);
  khoji_test_pg_query (a, "CREATE TABLE t (x int)");
  g_assert_cmpint (khoji_test_pg_query_int (b, "SELECT count(*) FROM pg_tables WHERE tablename = 't'"), ==, 0);
  listen = khoji_test_pg_query (a, "SHOW listen_addresses");
  g_assert_cmpstr (listen, ==, "");
  /* The server is never root's: its files are its user's. */
  pid_file = g_build_filename (dir, "data", "postmaster.pid", NULL);
  g_assert_cmpint (stat (pid_file, &st), ==, 0);
  g_assert_cmpuint (st.st_uid, ==, getuid () == 0 ? 65534 : getuid ());

  g_assert_true (khoji_test_pg_stop_server (pg, &error));
  g_assert_no_error (error);
  g_assert_true (khoji_test_pg_start_server (pg, &error));
  g_assert_no_error (error);
  g_assert_cmpint (khoji_test_pg_query_int (a, "SELECT count(*) FROM t"), ==, 0);

  khoji_test_pg_free (pg);
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
}

/* A test process that dies without stopping its cluster (an assertion's
 * abort) still leaves nothing: its guard stops the server and removes
 * the folder. */
static void
test_guard (void)
{
  g_autofree char *note = NULL;
  g_autofree char *dir = NULL;

  if (g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;
      KhojiTestPg *pg = khoji_test_pg_start (&error);

      g_assert_no_error (error);
      g_assert_true (g_file_set_contents (g_getenv ("KHOJI_TEST_GUARD_NOTE"), khoji_test_pg_dir (pg), -1, NULL));
      abort ();
    }
  note = g_build_filename (g_get_tmp_dir (), "khoji-pg-guard-note", NULL);
  g_unlink (note);
  g_setenv ("KHOJI_TEST_GUARD_NOTE", note, TRUE);
  g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_assert_true (g_file_get_contents (note, &dir, NULL, NULL));
  g_unlink (note);
  g_assert_true (g_str_has_prefix (dir, "/tmp/khoji-pg-"));
  for (guint i = 0; i < 300 && g_file_test (dir, G_FILE_TEST_EXISTS); i++)
    g_usleep (100 * 1000);
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/pg-harness/cluster", test_cluster);
  g_test_add_func ("/pg-harness/guard", test_guard);
  return g_test_run ();
}
