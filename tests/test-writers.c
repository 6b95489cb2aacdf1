/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-test-writers"

#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "khoji-library.h"

/* Two writers on one library: the window's async import (here, in this
 * process) and `khoji-cli import` (another process) at the same time,
 * into the same file. Both must succeed (WAL, busy timeout, retries), and
 * nothing may be lost: every file ends up imported by one of them, and a
 * file both were given is imported once and a duplicate for the other. */

#define N_EACH   150
#define N_SHARED 30

typedef struct {
  GMainLoop *loop;
  GPtrArray *results;
  GError    *error;
  guint      progress_calls;
} AsyncState;

static const char *
cli (void)
{
  const char *path = g_getenv ("KHOJI_CLI");

  if (path == NULL)
    g_error ("KHOJI_CLI is not set: run this test with meson test");
  return path;
}

static void
write_article (const char *dir, const char *prefix, guint i)
{
  g_autofree char *path = g_strdup_printf ("%s/%s-%04u.txt", dir, prefix, i);
  g_autofree char *text = g_strdup_printf (
    "%s खबर %u\n"
    "प्रधानमंत्री नरेंद्र मोदी ने सोमवार, 2 जून 2025 को नई दिल्ली में व्लादिमीर पुतिन से मुलाकात की।\n"
    "संयुक्त राष्ट्र सुरक्षा परिषद ने %u मार्च 2024 को उत्तर कोरिया पर एक प्रस्ताव पारित किया।\n"
    "मुंबई और कोलकाता में %u लोगों ने प्रदर्शन किया। लेख %s-%u।\n",
    prefix, i, 1 + i % 28, 100 + i, prefix, i);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
}

static void
on_progress (guint done, guint total, const char *path, gpointer data)
{
  AsyncState *state = data;

  state->progress_calls++;
}

static void
on_import_done (GObject *source, GAsyncResult *result, gpointer data)
{
  AsyncState *state = data;

  state->results = khoji_library_import_finish (KHOJI_LIBRARY (source), result, &state->error);
  g_main_loop_quit (state->loop);
}

static void
count_statuses (GPtrArray *results, guint *imported, guint *duplicates, guint *rejected)
{
  *imported = *duplicates = *rejected = 0;
  for (guint i = 0; i < results->len; i++)
    {
      KhojiImportResult *r = g_ptr_array_index (results, i);

      if (r->status == KHOJI_IMPORT_REJECTED)
        g_test_message ("rejected %s: %s", r->path, r->message);
      *(r->status == KHOJI_IMPORT_IMPORTED ? imported :
        r->status == KHOJI_IMPORT_DUPLICATE ? duplicates : rejected) += 1;
    }
}

static void
test_window_and_cli_at_once (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("khoji-writers-XXXXXX", &error);
  g_autofree char *db = g_build_filename (dir, "library.db", NULL);
  g_autofree char *mine = g_build_filename (dir, "window", NULL);
  g_autofree char *theirs = g_build_filename (dir, "cli", NULL);
  g_autofree char *cli_out = NULL;
  g_autoptr(KhojiLibrary) library = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GString) report = g_string_new (NULL);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  AsyncState state = { loop, NULL, NULL, 0 };
  guint imported, duplicates, rejected, cli_imported = 0, cli_duplicates = 0;
  gboolean ok;

  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir (mine, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (theirs, 0755), ==, 0);
  for (guint i = 0; i < N_EACH; i++)
    {
      write_article (mine, "a", i);
      write_article (theirs, "c", i);
    }
  /* The same articles handed to both writers, last in both folders, so
   * that the two reach them at about the same time. */
  for (guint i = 0; i < N_SHARED; i++)
    {
      write_article (mine, "s", i);
      write_article (theirs, "s", i);
    }

  /* The library exists before either starts, as the window's would. */
  library = khoji_library_open (db, &error);
  g_assert_no_error (error);

  {
    const char *args[] = { cli (), "--db", db, "import", theirs, NULL };
    proc = g_subprocess_newv (args, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE, &error);
    g_assert_no_error (error);
  }
  {
    /* The window starts once khoji-cli is writing, so that the two
     * imports overlap for most of their length whatever the machine's
     * speed (the CLI's start-up would otherwise let the window finish
     * first). */
    gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

    while (khoji_library_count_articles (library) == 0 && g_get_monotonic_time () < deadline)
      g_usleep (5000);
  }
  g_ptr_array_add (files, g_file_new_for_path (mine));
  khoji_library_import_async (library, (GFile **) files->pdata, files->len, "2025-06-04",
                              on_progress, &state, NULL, NULL, on_import_done, &state);
  g_main_loop_run (loop);

  g_subprocess_communicate_utf8 (proc, NULL, NULL, &cli_out, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("khoji-cli: %s", cli_out);
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);
  {
    const char *summary = strrchr (g_strchomp (cli_out), '\n');

    summary = summary ? summary + 1 : cli_out;
    g_assert_cmpint (sscanf (summary, "%u imported, %u unchanged", &cli_imported, &cli_duplicates), ==, 2);
  }

  g_assert_no_error (state.error);
  g_assert_nonnull (state.results);
  g_assert_cmpuint (state.results->len, ==, N_EACH + N_SHARED);
  g_assert_cmpuint (state.progress_calls, >, 0);
  count_statuses (state.results, &imported, &duplicates, &rejected);
  {
    /* Interleaved article ids show the two really wrote at once. */
    gint64 lo = G_MAXINT64, hi = 0;

    for (guint i = 0; i < state.results->len; i++)
      {
        KhojiImportResult *r = g_ptr_array_index (state.results, i);

        if (r->status == KHOJI_IMPORT_IMPORTED)
          {
            lo = MIN (lo, r->article_id);
            hi = MAX (hi, r->article_id);
          }
      }
    g_test_message ("the window's articles span ids %" G_GINT64_FORMAT "..%" G_GINT64_FORMAT
                    " (%u of them): %s", lo, hi, imported,
                    hi - lo + 1 > imported ? "interleaved with khoji-cli's" : "not interleaved");
  }
  g_assert_cmpuint (rejected, ==, 0);
  g_assert_cmpuint (cli_imported + cli_duplicates, ==, N_EACH + N_SHARED);

  /* Each shared article was imported by exactly one of the two. */
  g_assert_cmpuint (imported + cli_imported, ==, 2 * N_EACH + N_SHARED);
  g_assert_cmpuint (duplicates + cli_duplicates, ==, N_SHARED);
  g_assert_cmpuint (khoji_library_count_articles (library), ==, 2 * N_EACH + N_SHARED);

  ok = khoji_library_check (library, report, &error);
  g_assert_no_error (error);
  g_assert_true (ok);

  g_ptr_array_unref (state.results);
  /* The import's worker lets go of its task (and so of the library) a
   * moment after the result arrived on this thread: wait for that, up to
   * ten seconds, before asking that the library is freed. */
  for (guint i = 0; i < 1000 && G_OBJECT (library)->ref_count > 1; i++)
    {
      while (g_main_context_iteration (NULL, FALSE));
      g_usleep (10000);
    }
  g_assert_finalize_object (g_steal_pointer (&library));
  {
    const char *rm[] = { "rm", "-rf", dir, NULL };
    g_autoptr(GSubprocess) p = g_subprocess_newv (rm, G_SUBPROCESS_FLAGS_NONE, &error);
    g_subprocess_wait (p, NULL, NULL);
  }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/khoji/writers/window-and-cli-at-once", test_window_and_cli_at_once);
  return g_test_run ();
}
