/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-bench"

#include <locale.h>
#include <time.h>

#include <gio/gio.h>
#include <sqlite3.h>

#include "khoji-ingest.h"

/* The floor an import is measured against: the same files, cleaned by
 * Khoji's ingest outside the clock, then only inserted into SQLite with
 * an FTS5 index (the stock unicode61 tokenizer), one transaction per
 * article, WAL, synchronous=NORMAL as the library has it. No extraction,
 * no entities, no dates: what any import must pay at the least.
 *
 *   bench-floor DB FOLDER  ->  one JSON line on stdout */

static gint64 insert_us, clean_us, insert_cpu_us;
static guint n_articles;
static guint64 n_bytes;

/* CPU time of this thread: the wall clock counts whatever else the
 * machine runs, the CPU clock only this program's work. */
static gint64
cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static void
check (int rc, sqlite3 *db)
{
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
    g_error ("sqlite: %s", sqlite3_errmsg (db));
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static void
walk (const char *path, sqlite3 *db, sqlite3_stmt *ins, sqlite3_stmt *fts,
      sqlite3_stmt *begin, sqlite3_stmt *commit)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      const char *name;

      while (dir && (name = g_dir_read_name (dir)) != NULL)
        g_ptr_array_add (names, g_build_filename (path, name, NULL));
      g_ptr_array_sort (names, compare_names);
      for (guint i = 0; i < names->len; i++)
        walk (g_ptr_array_index (names, i), db, ins, fts, begin, commit);
      return;
    }
  if (!g_str_has_suffix (path, ".txt") && !g_str_has_suffix (path, ".html"))
    return;

  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(KhojiDocument) doc = NULL;
  gint64 t0 = g_get_monotonic_time (), t1, c1;

  doc = khoji_ingest_file (file, NULL, &error);
  t1 = g_get_monotonic_time ();
  clean_us += t1 - t0;
  if (doc == NULL)
    return;

  c1 = cpu_us ();
  check (sqlite3_step (begin), db);
  sqlite3_reset (begin);
  sqlite3_bind_text (ins, 1, path, -1, SQLITE_STATIC);
  sqlite3_bind_text (ins, 2, doc->title, -1, SQLITE_STATIC);
  sqlite3_bind_text (ins, 3, doc->text, -1, SQLITE_STATIC);
  check (sqlite3_step (ins), db);
  sqlite3_reset (ins);
  sqlite3_bind_int64 (fts, 1, sqlite3_last_insert_rowid (db));
  sqlite3_bind_text (fts, 2, doc->text, -1, SQLITE_STATIC);
  check (sqlite3_step (fts), db);
  sqlite3_reset (fts);
  check (sqlite3_step (commit), db);
  sqlite3_reset (commit);
  insert_us += g_get_monotonic_time () - t1;
  insert_cpu_us += cpu_us () - c1;
  n_articles++;
  n_bytes += strlen (doc->text);
}

int
main (int argc, char *argv[])
{
  sqlite3 *db = NULL;
  sqlite3_stmt *ins, *fts, *begin, *commit;

  setlocale (LC_ALL, "");
  if (argc != 3)
    {
      g_printerr ("usage: bench-floor DB FOLDER\n");
      return 2;
    }
  check (sqlite3_open (argv[1], &db), db);
  check (sqlite3_exec (db,
                       "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                       "CREATE TABLE article (id INTEGER PRIMARY KEY, path TEXT, title TEXT, text TEXT);"
                       "CREATE VIRTUAL TABLE article_fts USING fts5 (text, content='article', content_rowid='id');",
                       NULL, NULL, NULL), db);
  check (sqlite3_prepare_v2 (db, "INSERT INTO article (path, title, text) VALUES (?, ?, ?)", -1, &ins, NULL), db);
  check (sqlite3_prepare_v2 (db, "INSERT INTO article_fts (rowid, text) VALUES (?, ?)", -1, &fts, NULL), db);
  check (sqlite3_prepare_v2 (db, "BEGIN", -1, &begin, NULL), db);
  check (sqlite3_prepare_v2 (db, "COMMIT", -1, &commit, NULL), db);

  walk (argv[2], db, ins, fts, begin, commit);

  sqlite3_finalize (ins);
  sqlite3_finalize (fts);
  sqlite3_finalize (begin);
  sqlite3_finalize (commit);
  sqlite3_close (db);
  g_print ("{\"articles\": %u, \"text_bytes\": %" G_GUINT64_FORMAT ", \"insert_s\": %.3f, \"clean_s\": %.3f, "
           "\"insert_cpu_s\": %.3f}\n",
           n_articles, n_bytes, insert_us / 1e6, clean_us / 1e6, insert_cpu_us / 1e6);
  return 0;
}
