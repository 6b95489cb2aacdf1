/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-test-fault-tour"

#include <errno.h>
#include <string.h>
#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "khoji-library.h"
#include "khoji-test-util.h"


/* The fault tour of the library and the CLI, kept: what a demanding
 * reviewer tried by hand and found broken, driven through the real
 * khoji-cli on a real library file. Each test is one promise. */

typedef struct {
  char *dir;
  char *db;
  char *cli;
} Fixture;

typedef struct {
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *r)
{
  g_clear_pointer (&r->out, g_free);
  g_clear_pointer (&r->err, g_free);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("khoji-tour-XXXXXX", &error);
  g_assert_no_error (error);
  f->db = g_build_filename (f->dir, "library.db", NULL);
  f->cli = g_strdup (g_getenv ("KHOJI_CLI"));
  g_assert_nonnull (f->cli);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_chmod (f->dir, 0700);
  khoji_test_remove_tree (f->dir);
  g_free (f->db);
  g_free (f->dir);
  g_free (f->cli);
}

/* Root ignores file modes: an unprivileged command runs as root without
 * the capabilities that override them (as test-hostile's read-only
 * case does), so it still reaches khoji-cli wherever the build is. */
static gboolean
drop_dac_override (void)
{
  return prctl (PR_CAPBSET_DROP, CAP_DAC_OVERRIDE, 0, 0, 0) == 0 &&
         prctl (PR_CAPBSET_DROP, CAP_DAC_READ_SEARCH, 0, 0, 0) == 0 &&
         prctl (PR_CAPBSET_DROP, CAP_FOWNER, 0, 0, 0) == 0;
}

static void
drop_privileges (gpointer data)
{
  if (geteuid () == 0 && !drop_dac_override ())
    _exit (120);
}

/* Whether file modes can be made to apply to a command run here. */
static gboolean
can_run_unprivileged (void)
{
  int status = 0;
  pid_t pid;

  if (geteuid () != 0)
    return TRUE;
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    _exit (drop_dac_override () ? 0 : 1);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  return WIFEXITED (status) && WEXITSTATUS (status) == 0;
}

/* Runs khoji-cli with ARGV (NULL-terminated) on the fixture's library;
 * DB NULL gives no --db. */
static void
run_argv (Fixture     *f,
          const char  *db,
          gboolean     unprivileged,
          const char **args,
          Run         *r)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_ptr_array_add (argv, f->cli);
  if (db)
    {
      g_ptr_array_add (argv, (char *) "--db");
      g_ptr_array_add (argv, (char *) db);
    }
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  run_clear (r);
  g_spawn_sync (f->dir, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT,
                unprivileged ? drop_privileges : NULL, NULL, &r->out, &r->err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  r->status = WEXITSTATUS (status);
}

#define RUN(f, r, ...) run_argv ((f), (f)->db, FALSE, (const char *[]) { __VA_ARGS__, NULL }, (r))
#define RUN_AS_NOBODY(f, r, ...) run_argv ((f), (f)->db, TRUE, (const char *[]) { __VA_ARGS__, NULL }, (r))

static const char article_text[] =
  "रूस और उत्तर कोरिया पर नई रिपोर्ट\n"
  "अमेरिका और उसके 10 सहयोगियों ने कहा है कि रूस और उत्तर कोरिया के बीच सैन्य सहयोग "
  "संयुक्त राष्ट्र प्रतिबंधों का स्पष्ट उल्लंघन है। व्लादिमीर पुतिन ने मॉस्को में किम जोंग उन "
  "से 2 जून 2025 को मुलाकात की। यूक्रेन ने कहा कि रूस ने यूक्रेनी शहरों पर हमले बढ़ाए।\n";

static char *
write_file (const char *dir,
            const char *name,
            const char *text)
{
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return path;
}

static void
import_article (Fixture *f)
{
  g_autofree char *path = write_file (f->dir, "article.txt", article_text);
  g_auto(Run) r = { 0 };

  RUN (f, &r, "import", "--quiet", path);
  g_assert_cmpint (r.status, ==, 0);
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (g_utf8_validate (text, -1, NULL));
  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

/* The ids of the first N entities `entities --json` lists. */
static void
first_entities (Fixture *f,
                gint64  *ids,
                guint    n)
{
  g_auto(Run) r = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonArray *list;

  RUN (f, &r, "entities", "--json");
  g_assert_cmpint (r.status, ==, 0);
  root = parse_json (r.out);
  list = json_object_get_array_member (json_node_get_object (root), "entities");
  g_assert_cmpuint (json_array_get_length (list), >=, n);
  for (guint i = 0; i < n; i++)
    ids[i] = json_object_get_int_member (json_array_get_object_element (list, i), "id");
}

static gint64
sql_int (const char *db_path,
         const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *q = NULL;
  gint64 v = -1;

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &q, NULL), ==, SQLITE_OK);
  if (sqlite3_step (q) == SQLITE_ROW)
    v = sqlite3_column_type (q, 0) == SQLITE_NULL ? 0 : sqlite3_column_int64 (q, 0);
  sqlite3_finalize (q);
  sqlite3_close (db);
  return v;
}

static void
sql_exec (const char *db_path,
          const char *sql)
{
  sqlite3 *db = NULL;
  char *err = NULL;

  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &err) != SQLITE_OK)
    g_error ("%s: %s", sql, err);
  sqlite3_close (db);
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autofree char *bytes = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (from, &bytes, &len, NULL));
  g_assert_true (g_file_set_contents (to, bytes, (gssize) len, NULL));
}

static void
remove_library (const char *db)
{
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);
  g_autofree char *shm = g_strconcat (db, "-shm", NULL);

  g_unlink (db);
  g_unlink (wal);
  g_unlink (shm);
}

/* Starts khoji-cli with ARGS on DB, without waiting. */
static GSubprocess *
spawn_cli (Fixture     *f,
           const char **args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  GSubprocess *p;

  g_ptr_array_add (argv, f->cli);
  g_ptr_array_add (argv, (char *) "--db");
  g_ptr_array_add (argv, f->db);
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  p = g_subprocess_newv ((const char * const *) argv->pdata,
                         G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  return p;
}

static void
finish_cli (GSubprocess *p,
            Run         *r)
{
  g_autoptr(GError) error = NULL;

  run_clear (r);
  g_subprocess_communicate_utf8 (p, NULL, NULL, &r->out, &r->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (p));
  r->status = g_subprocess_get_exit_status (p);
}

static int
strcmp_ptr (gconstpointer a,
            gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static gboolean
has_control_bytes (const char *s)
{
  for (const guchar *p = (const guchar *) s; *p; p++)
    if ((*p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7f)
      return TRUE;
  return FALSE;
}

static guint
count_lines (const char *s)
{
  guint n = 0;

  for (; *s; s++)
    n += *s == '\n';
  return n;
}

/* 1. Two corrections at once: the user is never told of one that did
 * not happen. merge A B ∥ merge B A: one is made, the other refused with
 * a reason, and no circle of merges is kept. merge A B ∥ merge A C: A
 * ends in the entity the successful one named. */
static void
race_round (Fixture    *f,
            const char *pristine,
            gint64      a,
            gint64      b,
            gint64      c)
{
  g_autofree char *sa = g_strdup_printf ("%" G_GINT64_FORMAT, a);
  g_autofree char *sb = g_strdup_printf ("%" G_GINT64_FORMAT, b);
  g_autofree char *sc = g_strdup_printf ("%" G_GINT64_FORMAT, c);
  const char *first[] = { "merge", sa, sb, NULL };
  const char *second[] = { "merge", c ? sa : sb, c ? sc : sa, NULL };
  g_autoptr(GSubprocess) p1 = NULL, p2 = NULL;
  g_auto(Run) r1 = { 0 };
  g_auto(Run) r2 = { 0 };
  Run *won, *lost;
  g_autofree char *sql = NULL;
  gint64 into;

  remove_library (f->db);
  copy_file (pristine, f->db);
  p1 = spawn_cli (f, first);
  p2 = spawn_cli (f, second);
  finish_cli (p1, &r1);
  finish_cli (p2, &r2);

  /* Exactly one said it merged; the other said why not. */
  g_assert_true ((r1.status == 0) != (r2.status == 0));
  won = r1.status == 0 ? &r1 : &r2;
  lost = r1.status == 0 ? &r2 : &r1;
  g_assert_cmpint (lost->status, ==, 1);
  g_assert_nonnull (strstr (won->out, "Merged entity"));
  g_assert_cmpstr (lost->out, ==, "");
  g_assert_cmpuint (strlen (lost->err), >, strlen ("khoji-cli: ") + 10);
  g_assert_null (strstr (lost->err, "SQL"));

  g_assert_cmpint (sql_int (f->db, "SELECT count(*) FROM correction"), ==, 1);
  g_assert_cmpint (sql_int (f->db, "SELECT count(*) FROM entity WHERE merged_into IS NOT NULL"
                                   " AND merged_into IN (SELECT id FROM entity WHERE merged_into IS NOT NULL)"), ==, 0);
  /* Where the entity went is what the winner said. */
  {
    gint64 from, to;
    g_assert_cmpint (sscanf (won->out, "Merged entity %" G_GINT64_FORMAT " into %" G_GINT64_FORMAT, &from, &to), ==, 2);
    sql = g_strdup_printf ("SELECT merged_into FROM entity WHERE id = %" G_GINT64_FORMAT, from);
    into = sql_int (f->db, sql);
    g_assert_cmpint (into, ==, to);
  }
}

static void
test_concurrent_merges (Fixture *f, gconstpointer data)
{
  g_autofree char *pristine = g_build_filename (f->dir, "pristine.db", NULL);
  g_autofree char *wal = g_strconcat (f->db, "-wal", NULL);
  gint64 ids[3];

  import_article (f);
  first_entities (f, ids, 3);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  copy_file (f->db, pristine);

  for (guint i = 0; i < 20; i++)
    race_round (f, pristine, ids[0], ids[1], 0);
  for (guint i = 0; i < 10; i++)
    race_round (f, pristine, ids[0], ids[1], ids[2]);
}

/* 2. Text after an <embed> (which libxml2 leaves open, holding the rest
 * of the page) is kept, with its entities. */
static void
test_embed_page (Fixture *f, gconstpointer data)
{
  g_autofree char *page = write_file (f->dir, "embed.html",
    "<html><head><title>परीक्षण लेख</title></head><body>\n"
    "<p>पहला अनुच्छेद: व्लादिमीर पुतिन ने मॉस्को में एक बैठक की। यह पहला अनुच्छेद काफी लंबा है।</p>\n"
    "<embed src=x>\n"
    "<p>दूसरा अनुच्छेद: नरेंद्र मोदी ने नई दिल्ली में भाषण दिया। यह दूसरा अनुच्छेद भी लंबा है।</p>\n"
    "<p>तीसरा अनुच्छेद: संयुक्त राष्ट्र ने जिनेवा में बैठक बुलाई। यह तीसरा अनुच्छेद भी लंबा है।</p>\n"
    "</body></html>\n");
  g_auto(Run) r = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonObject *art;
  const char *text;

  RUN (f, &r, "import", page);
  g_assert_cmpint (r.status, ==, 0);
  RUN (f, &r, "export", "--format", "json");
  g_assert_cmpint (r.status, ==, 0);
  root = parse_json (r.out);
  art = json_array_get_object_element (json_object_get_array_member (json_node_get_object (root), "articles"), 0);
  text = json_object_get_string_member (art, "text");
  g_assert_nonnull (strstr (text, "पहला अनुच्छेद"));
  g_assert_nonnull (strstr (text, "दूसरा अनुच्छेद"));
  g_assert_nonnull (strstr (text, "तीसरा अनुच्छेद"));
  g_assert_true (strstr (text, "दूसरा") < strstr (text, "तीसरा"));
  RUN (f, &r, "search", "मोदी");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "1 article found"));
}

/* 3. Empty arguments are usage errors, and nothing is written. */
static void
test_empty_arguments (Fixture *f, gconstpointer data)
{
  g_autofree char *path = write_file (f->dir, "article.txt", article_text);
  g_auto(Run) r = { 0 };

  run_argv (f, "", FALSE, (const char *[]) { "import", path, NULL }, &r);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "--db"));
  run_argv (f, "", FALSE, (const char *[]) { "entities", NULL }, &r);
  g_assert_cmpint (r.status, ==, 2);
  RUN (f, &r, "import", "");
  g_assert_cmpint (r.status, ==, 2);
  g_assert_cmpstr (r.out, ==, "");
  RUN (f, &r, "import", path, "");
  g_assert_cmpint (r.status, ==, 2);
  g_assert_false (g_file_test (f->db, G_FILE_TEST_EXISTS));
}

static GBytes *
file_bytes (const char *path)
{
  char *bytes = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &bytes, &len, NULL));
  return g_bytes_new_take (bytes, len);
}

/* 4. A library from a newer Khoji, in rollback-journal mode, is refused
 * before anything is written: the file stays byte for byte the same. */
static void
test_newer_library_untouched (Fixture *f, gconstpointer data)
{
  g_autofree char *wal = g_strconcat (f->db, "-wal", NULL);
  g_autofree char *path = write_file (f->dir, "second.txt", "दूसरी खबर\nमुंबई में बारिश हुई।\n");
  g_autoptr(GBytes) before = NULL;
  g_auto(Run) r = { 0 };
  const char *commands[][4] = {
    { "entities", NULL }, { "search", "रूस", NULL }, { "import", path, NULL }, { "check", NULL },
    { "undo", NULL },
  };

  import_article (f);
  sql_exec (f->db, "PRAGMA journal_mode = DELETE; PRAGMA user_version = 999;");
  g_assert_cmpint (sql_int (f->db, "PRAGMA journal_mode = DELETE"), ==, 0);
  before = file_bytes (f->db);

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autoptr(GBytes) after = NULL;

      run_argv (f, f->db, FALSE, commands[i], &r);
      g_assert_cmpint (r.status, ==, 1);
      g_assert_nonnull (strstr (r.err, "newer version of Khoji"));
      after = file_bytes (f->db);
      g_assert_true (g_bytes_equal (before, after));
      g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
    }
}

/* 5. check reads each article's length once (its time stays linear in
 * an article's size: tests/bench/bench-check.sh), and still finds a
 * mention or a date that runs past its article's end. */
static void
test_check_bounds (Fixture *f, gconstpointer data)
{
  g_auto(Run) r = { 0 };

  import_article (f);
  RUN (f, &r, "check");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "mentions outside their article: ok"));
  sql_exec (f->db, "UPDATE mention SET end = (SELECT length(text) + 1 FROM article)"
                   " WHERE id = (SELECT min(id) FROM mention);"
                   "UPDATE date_mention SET start = end WHERE id = (SELECT max(id) FROM date_mention);");
  RUN (f, &r, "check");
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.out, "mentions outside their article: 1 problem\n"));
  g_assert_nonnull (strstr (r.out, "dates outside their article: 1 problem\n"));
}

/* 6. A damaged library is said to be damaged, not the search, and
 * SQLite's own words are not shown. */
static void
test_damaged_library_blamed (Fixture *f, gconstpointer data)
{
  g_auto(Run) r = { 0 };

  import_article (f);
  /* The search index's pages, overwritten: what a flipped disk block
   * does to them. The first four bytes of each are set so that the
   * leaf's size (bytes 2-3) is over its length: random bytes there
   * were, a few times in a hundred, a size FTS5 accepts, and the
   * search then found nothing instead of failing. */
  sql_exec (f->db, "UPDATE article_fts_data SET block = x'ffffffff' || substr(randomblob(length(block)), 5)"
                   " WHERE id > 10 AND length(block) > 4");
  RUN (f, &r, "search", "रूस");
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "damaged"));
  g_assert_null (strstr (r.err, "search"));
  g_assert_null (strstr (r.err, "malformed"));
  g_assert_null (strstr (r.err, "SQL"));
}

/* 7. A search of very many words is refused with a reason, at once,
 * instead of ranking for minutes; one at the bound still runs. */
static void
test_many_terms (Fixture *f, gconstpointer data)
{
  g_autoptr(GString) many = g_string_new ("रूस");
  g_autoptr(GString) bound = g_string_new ("रूस");
  g_auto(Run) r = { 0 };

  import_article (f);
  for (guint i = 1; i < 1000; i++)
    g_string_append_printf (many, " OR शब्द%u", i);
  for (guint i = 1; i < KHOJI_LIBRARY_QUERY_MAX_WORDS; i++)
    g_string_append_printf (bound, " OR शब्द%u", i);

  RUN (f, &r, "search", many->str);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "words"));
  RUN (f, &r, "search", bound->str);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "1 article found"));
}

/* 8. Only excluded words: a clear message, never the articles that hold
 * the word. A leading excluded word with others is excluded. */
static void
test_only_excluded_words (Fixture *f, gconstpointer data)
{
  g_auto(Run) r = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *q = NULL;

  import_article (f);
  RUN (f, &r, "search", "--", "-पुतिन");
  g_assert_cmpint (r.status, ==, 2);
  g_assert_cmpstr (r.out, ==, "");
  g_assert_nonnull (strstr (r.err, "excluded"));
  RUN (f, &r, "search", "--", "-पुतिन", "-रूस");
  g_assert_cmpint (r.status, ==, 2);
  RUN (f, &r, "search", "--", "-पुतिन", "रूस");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "0 articles found"));

  q = khoji_library_parse_query ("-पुतिन रूस", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (q, ==, "\"रूस\" NOT \"पुतिन\"");
}

/* 9. A library that cannot be written is still read: its file read-only,
 * then its folder too. check does not call it damaged, and a correction
 * is refused for what it is. */
static void
test_read_only_library (Fixture *f, gconstpointer data)
{
  g_autofree char *dir_mode = NULL;
  g_auto(Run) r = { 0 };

  import_article (f);
  if (!can_run_unprivileged ())
    {
      g_test_skip ("root here cannot drop CAP_DAC_OVERRIDE from its bounding set");
      return;
    }
  g_assert_cmpint (g_chmod (f->db, 0444), ==, 0);

  for (guint round = 0; round < 2; round++)
    {
      if (round == 1)
        g_assert_cmpint (g_chmod (f->dir, 0555), ==, 0);

      RUN_AS_NOBODY (f, &r, "search", "रूस");
      g_assert_cmpint (r.status, ==, 0);
      g_assert_nonnull (strstr (r.out, "1 article found"));
      RUN_AS_NOBODY (f, &r, "entities");
      g_assert_cmpint (r.status, ==, 0);
      g_assert_nonnull (strstr (r.out, "रूस"));
      RUN_AS_NOBODY (f, &r, "export", "--format", "json");
      g_assert_cmpint (r.status, ==, 0);
      RUN_AS_NOBODY (f, &r, "check");
      g_assert_cmpint (r.status, ==, 0);
      g_assert_null (strstr (r.out, "damaged"));
      g_assert_nonnull (strstr (r.out, "read-only"));
      RUN_AS_NOBODY (f, &r, "hide", "1");
      g_assert_cmpint (r.status, ==, 1);
      g_assert_nonnull (strstr (r.err, "cannot be written"));
    }
  g_assert_cmpint (g_chmod (f->dir, 0755), ==, 0);
  g_assert_cmpint (g_chmod (f->db, 0644), ==, 0);
  RUN (f, &r, "check");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpint (sql_int (f->db, "SELECT count(*) FROM correction"), ==, 0);
}

/* 10. A file name that is not UTF-8 still gives valid JSON; names with
 * newlines or escape sequences cannot break a TSV line or reach the
 * terminal; a rename to such a name, or to a huge one, is refused. */
static void
test_raw_names (Fixture *f, gconstpointer data)
{
  g_autofree char *odd = write_file (f->dir, "\xff\xfe-खबर.txt", article_text);
  g_autofree char *huge = g_strnfill (131000, 'x');
  g_autoptr(JsonNode) root = NULL;
  g_auto(Run) r = { 0 };
  gint64 ids[2];
  g_autofree char *id = NULL;
  g_autofree char *sql = NULL;
  JsonObject *art;

  RUN (f, &r, "import", odd);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_utf8_validate (r.out, -1, NULL));

  RUN (f, &r, "export", "--format", "json");
  g_assert_cmpint (r.status, ==, 0);
  root = parse_json (r.out);
  art = json_array_get_object_element (json_object_get_array_member (json_node_get_object (root), "articles"), 0);
  g_assert_true (g_str_has_suffix (json_object_get_string_member (art, "path"), "\xef\xbf\xbd\xef\xbf\xbd-खबर.txt"));
  g_assert_true (g_str_has_suffix (json_object_get_string_member (art, "path_bytes"), "/%FF%FE-%E0%A4%96%E0%A4%AC%E0%A4%B0.txt"));
  g_clear_pointer (&root, json_node_unref);
  RUN (f, &r, "export", "--format", "csv");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_utf8_validate (r.out, -1, NULL));
  RUN (f, &r, "search", "--json", "रूस");
  g_assert_cmpint (r.status, ==, 0);
  root = parse_json (r.out);
  RUN (f, &r, "search", "रूस");
  g_assert_true (g_utf8_validate (r.out, -1, NULL));

  first_entities (f, ids, 2);
  id = g_strdup_printf ("%" G_GINT64_FORMAT, ids[0]);
  RUN (f, &r, "rename", id, "नया\nनाम");
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "control"));
  RUN (f, &r, "rename", id, "नया\033[31mनाम");
  g_assert_cmpint (r.status, ==, 1);
  RUN (f, &r, "rename", id, "\xff\xfe");
  g_assert_cmpint (r.status, ==, 1);
  RUN (f, &r, "rename", id, huge);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "long"));
  g_assert_cmpint (sql_int (f->db, "SELECT count(*) FROM correction"), ==, 0);

  /* Such names in a library (an older Khoji took them; a title may hold
   * them): every line of the TSV outputs stays one line, with no escape
   * sequence. */
  sql = g_strdup_printf ("UPDATE entity SET name = 'दो' || char(10) || 'पंक्ति' || char(27) || '[31m' WHERE id = %"
                         G_GINT64_FORMAT "; UPDATE article SET title = 'शीर्षक' || char(27) || ']0;x' || char(7)"
                         " || char(13) || char(9) || 'अंत'", ids[0]);
  sql_exec (f->db, sql);
  {
    g_auto(Run) before = { 0 };
    RUN (f, &r, "entities");
    g_assert_cmpint (r.status, ==, 0);
    g_assert_false (has_control_bytes (r.out));
    g_assert_nonnull (strstr (r.out, "दो\\nपंक्ति\\x1b[31m"));
    g_assert_cmpuint (count_lines (r.out), ==, sql_int (f->db,
      "SELECT count(*) FROM entity WHERE merged_into IS NULL AND n_mentions > 0"));
    RUN (f, &r, "search", "रूस");
    g_assert_cmpint (r.status, ==, 0);
    g_assert_false (has_control_bytes (r.out));
    g_assert_cmpuint (count_lines (r.out), ==, 3);
    RUN (f, &r, "timeline");
    g_assert_false (has_control_bytes (r.out));
    RUN (f, &r, "entities", "--json");
    g_clear_pointer (&root, json_node_unref);
    root = parse_json (r.out);
    (void) before;
  }
}

/* 11. A folder that cannot be read is reported like a file that cannot
 * be read, inside a batch and alone. */
static void
test_unreadable_folder (Fixture *f, gconstpointer data)
{
  g_autofree char *batch = g_build_filename (f->dir, "batch", NULL);
  g_autofree char *locked = g_build_filename (batch, "locked", NULL);
  g_autofree char *inside = NULL;
  g_autofree char *readable = NULL;
  g_auto(Run) r = { 0 };

  if (!can_run_unprivileged ())
    {
      g_test_skip ("root here cannot drop CAP_DAC_OVERRIDE from its bounding set");
      return;
    }
  g_assert_cmpint (g_mkdir (batch, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (locked, 0755), ==, 0);
  readable = write_file (batch, "a.txt", article_text);
  inside = write_file (locked, "b.txt", "दूसरी खबर\nमुंबई में बारिश हुई।\n");
  g_assert_cmpint (g_chmod (locked, 0), ==, 0);

  RUN_AS_NOBODY (f, &r, "import", batch);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.out, "imported: "));
  g_assert_nonnull (strstr (r.out, "rejected: "));
  g_assert_nonnull (strstr (r.out, "locked: The folder cannot be read"));
  g_assert_nonnull (strstr (r.out, "1 imported, 0 unchanged duplicates, 1 rejected"));

  RUN_AS_NOBODY (f, &r, "import", locked);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_null (strstr (r.out, "No articles found"));
  g_assert_nonnull (strstr (r.out, "The folder cannot be read"));
  g_assert_cmpint (g_chmod (locked, 0755), ==, 0);
}

/* The entity list without its ids (the first column): what a person
 * sees of the entities, whatever ids the rows got. */
static char *
entities_without_ids (Fixture    *f,
                      const char *db)
{
  g_auto(Run) r = { 0 };
  g_auto(GStrv) lines = NULL;
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();

  run_argv (f, db, FALSE, (const char *[]) { "entities", NULL }, &r);
  g_assert_cmpint (r.status, ==, 0);
  lines = g_strsplit (r.out, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    if (*lines[i])
      g_ptr_array_add (kept, strchr (lines[i], '\t') ? strchr (lines[i], '\t') + 1 : lines[i]);
  g_ptr_array_sort (kept, (GCompareFunc) strcmp_ptr);
  g_ptr_array_add (kept, NULL);
  return g_strjoinv ("\n", (char **) kept->pdata);
}

/* 12. retype, import, undo: the library is what a clean import of the
 * same articles makes. The import learned from the correction (its form
 * and type), so the articles it brought are analysed again. */
static void
test_undo_after_import (Fixture *f, gconstpointer data)
{
  g_autofree char *seeds = khoji_test_seeds_dir ();
  g_autofree char *root = g_strdup (g_getenv ("KHOJI_SOURCE_ROOT"));
  g_autofree char *eval = g_build_filename (root ? root : ".", "tests", "data", "eval", NULL);
  g_autofree char *fresh_db = g_build_filename (f->dir, "fresh.db", NULL);
  g_autofree char *fresh = NULL;
  g_autofree char *after = NULL;
  g_autoptr(JsonNode) root_node = NULL;
  g_autofree char *id = NULL;
  g_auto(Run) r = { 0 };
  JsonArray *list;

  if (seeds == NULL || !g_file_test (eval, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("no sample articles");
      return;
    }
  run_argv (f, fresh_db, FALSE, (const char *[]) { "import", "--quiet", seeds, eval, NULL }, &r);
  g_assert_cmpint (r.status, ==, 0);
  fresh = entities_without_ids (f, fresh_db);

  RUN (f, &r, "import", "--quiet", seeds);
  g_assert_cmpint (r.status, ==, 0);
  /* अमेरिका made a person: its forms, learned with that type, change
   * what the next import finds around them ("अमेरिकी अंतरिक्ष एजेंसी"). */
  RUN (f, &r, "entities", "--json", "--type", "place");
  root_node = parse_json (r.out);
  list = json_object_get_array_member (json_node_get_object (root_node), "entities");
  for (guint i = 0; id == NULL && i < json_array_get_length (list); i++)
    {
      JsonObject *e = json_array_get_object_element (list, i);
      if (g_str_equal (json_object_get_string_member (e, "name"), "अमेरिका"))
        id = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (e, "id"));
    }
  g_assert_nonnull (id);
  RUN (f, &r, "retype", id, "person");
  g_assert_cmpint (r.status, ==, 0);
  RUN (f, &r, "import", "--quiet", eval);
  g_assert_cmpint (r.status, ==, 0);
  RUN (f, &r, "undo");
  g_assert_cmpint (r.status, ==, 0);

  after = entities_without_ids (f, f->db);
  g_assert_cmpstr (after, ==, fresh);
  RUN (f, &r, "check");
  g_assert_cmpint (r.status, ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/khoji/fault-tour/concurrent-merges", test_concurrent_merges);
  ADD ("/khoji/fault-tour/embed-page", test_embed_page);
  ADD ("/khoji/fault-tour/empty-arguments", test_empty_arguments);
  ADD ("/khoji/fault-tour/newer-library-untouched", test_newer_library_untouched);
  ADD ("/khoji/fault-tour/check-bounds", test_check_bounds);
  ADD ("/khoji/fault-tour/damaged-library-blamed", test_damaged_library_blamed);
  ADD ("/khoji/fault-tour/many-terms", test_many_terms);
  ADD ("/khoji/fault-tour/only-excluded-words", test_only_excluded_words);
  ADD ("/khoji/fault-tour/read-only-library", test_read_only_library);
  ADD ("/khoji/fault-tour/raw-names", test_raw_names);
  ADD ("/khoji/fault-tour/unreadable-folder", test_unreadable_folder);
  ADD ("/khoji/fault-tour/undo-after-import", test_undo_after_import);

  return g_test_run ();
}
