/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-test-store"

#include <string.h>

#include <glib/gstdio.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include "khoji-store.h"
#include "khoji-test-pg.h"
#include "khoji-test-util.h"

/* The store against a real SQLite file in a temporary folder, and the
 * same tests (those under /sqlite/ and /postgresql/ both) against a
 * fresh database of a throwaway PostgreSQL cluster (khoji-test-pg). The
 * test opens the same library directly only to look at rows or to break
 * things on purpose. */

typedef enum {
  BACKEND_SQLITE,
  BACKEND_POSTGRESQL,
} Backend;

static const Backend sqlite_backend = BACKEND_SQLITE;
static const Backend postgresql_backend = BACKEND_POSTGRESQL;

typedef struct {
  char       *dir;
  char       *path;    /* the library's name: a file, or a postgresql:// URI */
  gboolean    pg;
  KhojiStore *store;
} Fixture;

/* The SQL for the backend of F: most statements read the same on both. */
#define PICK(f, sqlite_sql, pg_sql) ((f)->pg ? (pg_sql) : (sqlite_sql))

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->pg = data != NULL && *(const Backend *) data == BACKEND_POSTGRESQL;
  f->dir = g_dir_make_tmp ("khoji-store-XXXXXX", &error);
  g_assert_no_error (error);
  if (f->pg)
    f->path = khoji_test_pg_new_database (khoji_test_pg_shared (), "store");
  else
    f->path = g_build_filename (f->dir, "sub", "library.db", NULL);
  f->store = khoji_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->store);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->store, khoji_store_close);
  khoji_test_remove_tree (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static gint64
count_rows (const char *path,
            const char *sql)
{
  sqlite3 *db = NULL;

  if (khoji_store_name_is_uri (path))
    {
      g_autofree char *v = khoji_test_pg_query (path, sql);
      return v ? g_ascii_strtoll (v, NULL, 10) : -1;
    }
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

/* Every row of SQL, its columns as text: "a|b|c\n" a row. */
static char *
text_rows (const char *path,
           const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  GString *out = g_string_new (NULL);

  if (khoji_store_name_is_uri (path))
    {
      g_string_free (out, TRUE);
      return khoji_test_pg_rows (path, sql);
    }

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      for (int i = 0; i < sqlite3_column_count (stmt); i++)
        g_string_append_printf (out, "%s%s", i ? "|" : "", (const char *) sqlite3_column_text (stmt, i));
      g_string_append_c (out, '\n');
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return g_string_free (out, FALSE);
}

static void
raw_exec (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;
  char *err = NULL;

  if (khoji_store_name_is_uri (path))
    {
      g_free (khoji_test_pg_query (path, sql));
      return;
    }
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_exec (db, sql, NULL, NULL, &err);
  g_assert_null (err);
  sqlite3_close (db);
}

static KhojiMention *
mention (const char *text, const char *form, const char *key, KhojiEntityType type)
{
  KhojiMention *m = g_new0 (KhojiMention, 1);
  const char *at = strstr (text, form);

  g_assert_nonnull (at);
  m->start = at - text;
  m->end = m->start + strlen (form);
  m->key = g_strdup (key);
  m->name = g_strdup (form);
  m->latin = g_strdup ("Moscow");
  m->type = type;
  return m;
}

static gint64
add_with_tokens (Fixture *f, const char *text, const char *hash, const KhojiTokens *tokens, GError **error)
{
  g_autoptr(GPtrArray) mentions = g_ptr_array_new_with_free_func ((GDestroyNotify) khoji_mention_free);
  g_autoptr(GPtrArray) dates = g_ptr_array_new_with_free_func ((GDestroyNotify) khoji_date_mention_free);
  KhojiStoreArticle a = { 0 };
  KhojiDateMention *d = g_new0 (KhojiDateMention, 1);
  const char *at = strstr (text, "2024");

  if (strstr (text, "मॉस्को"))
    g_ptr_array_add (mentions, mention (text, "मॉस्को", "place:moscow", KHOJI_ENTITY_PLACE));
  if (at)
    {
      d->start = at - text;
      d->end = d->start + 4;
      d->value = g_strdup ("2024");
      d->sentence_start = 0;
      d->sentence_end = strlen (text);
      g_ptr_array_add (dates, d);
    }
  else
    g_free (d);

  a.path = "/tmp/x.txt";
  a.hash = hash;
  a.title = "शीर्षक";
  a.text = text;
  a.mentions = mentions;
  a.dates = dates;
  a.tokens = tokens;
  return khoji_store_add_article (f->store, &a, error);
}

static gint64
add (Fixture *f, const char *text, const char *hash, GError **error)
{
  return add_with_tokens (f, text, hash, NULL, error);
}

static void
test_fresh_schema (Fixture *f, gconstpointer data)
{
  g_assert_cmpint (khoji_store_get_schema_version (f->store), ==, KHOJI_STORE_SCHEMA_VERSION);
  if (f->pg)
    {
      g_assert_cmpint (count_rows (f->path, "SELECT version FROM khoji_version"), ==, KHOJI_STORE_SCHEMA_VERSION);
      g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM pg_tables WHERE tablename IN "
                                   "('article','article_hash','entity','alias','mention','date_mention','date_ref',"
                                   "'correction','entity_count_log')"), ==, 9);
      /* Ranking reads each candidate's whole vector: kept uncompressed. */
      g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM pg_attribute WHERE attrelid = 'article'::regclass"
                                   " AND attname = 'search' AND attstorage = 'e'"), ==, 1);
      g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM pg_indexes WHERE indexname = 'article_search_pairs_newest'"
                                   " AND indexdef LIKE '%USING gin (search, khoji_search_pairs(search), ((id + 0)))%'"), ==, 1);
      g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM pg_indexes WHERE tablename = 'article'"
                                   " AND indexdef LIKE '%USING gin%'"), ==, 1);
      return;
    }
  g_assert_cmpint (count_rows (f->path, "PRAGMA user_version"), ==, KHOJI_STORE_SCHEMA_VERSION);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM sqlite_master WHERE name IN "
                               "('article','entity','alias','mention','date_mention','correction','article_fts')"), ==, 7);
  /* WAL is a property of the file: a second connection sees it. */
  {
    sqlite3 *db = NULL;
    sqlite3_stmt *stmt = NULL;
    g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA journal_mode", -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "wal");
    sqlite3_finalize (stmt);
    sqlite3_close (db);
  }
}

/* An archive has the library file's tables, column for column, at the
 * same schema version: a library copied from one to the other is the
 * same library. What differs is what khoji-pg-schema.c says: the
 * archive keeps its version in a table and its content hashes in
 * article_hash, its search keys in article.search, its timeline's kept
 * list in event_list with date_ref.kept and date_ref_removed; the file
 * has FTS5 tables, the entity index and the timeline's event cache. */
static void
test_same_tables (Fixture *f, gconstpointer data)
{
  static const char *const shared[] = {
    "alias", "article", "correction", "date_mention", "date_ref", "entity", "entity_count_log", "mention",
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *file = g_build_filename (f->dir, "file.db", NULL);
  KhojiStore *lite = khoji_store_open (file, &error);
  g_autofree char *lite_tables = NULL;
  g_autofree char *pg_tables = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (khoji_store_get_schema_version (lite), ==, khoji_store_get_schema_version (f->store));
  khoji_store_close (lite);

  lite_tables = text_rows (file, "SELECT name FROM sqlite_master WHERE type = 'table'"
                                 " AND name NOT LIKE 'article_fts%' AND name NOT LIKE 'entity_article%'"
                                 " ORDER BY name");
  pg_tables = text_rows (f->path, "SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema()"
                                  " ORDER BY tablename::text COLLATE \"C\"");
  g_assert_cmpstr (lite_tables, ==, "alias\narticle\ncorrection\ndate_mention\ndate_ref\nentity\n"
                                    "entity_count_log\nevent_cache\nevent_cache_removed\nmention\nsentence_pair\n");
  g_assert_cmpstr (pg_tables, ==, "alias\narticle\narticle_hash\ncorrection\ndate_mention\ndate_ref\ndate_ref_removed\n"
                                  "entity\nentity_count_log\nevent_list\nkhoji_version\nmention\n");

  for (guint i = 0; i < G_N_ELEMENTS (shared); i++)
    {
      g_autofree char *lite_sql = g_strdup_printf ("SELECT name FROM pragma_table_info('%s') ORDER BY name", shared[i]);
      g_autofree char *pg_sql = g_strdup_printf (
        "SELECT column_name::text FROM information_schema.columns"
        " WHERE table_schema = current_schema() AND table_name = '%s'"
        " AND (table_name, column_name) NOT IN (('article', 'search'), ('date_ref', 'kept'))"
        " ORDER BY column_name::text COLLATE \"C\"", shared[i]);
      g_autofree char *lite_columns = text_rows (file, lite_sql);
      g_autofree char *pg_columns = text_rows (f->path, pg_sql);

      g_test_message ("%s: %s", shared[i], lite_columns);
      g_assert_cmpstr (pg_columns, !=, "");
      g_assert_cmpstr (pg_columns, ==, lite_columns);
    }
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM information_schema.columns"
                                        " WHERE table_name = 'article' AND column_name = 'search'"
                                        " AND udt_name = 'tsvector'"), ==, 1);
}

static void
test_reopen_keeps_data (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 id = add (f, "रूस की राजधानी मॉस्को है। 2024 में।", "h1", &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  khoji_store_close (f->store);
  f->store = khoji_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (khoji_store_count_articles (f->store), ==, 1);
  g_assert_cmpint (khoji_store_find_article_by_hash (f->store, "h1", &error), ==, id);
}

static void
test_newer_schema_refused (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  KhojiStore *other;

  khoji_store_close (f->store);
  f->store = NULL;
  raw_exec (f->path, PICK (f, "PRAGMA user_version = 99", "UPDATE khoji_version SET version = 99"));
  other = khoji_store_open (f->path, &error);
  g_assert_null (other);
  g_assert_error (error, KHOJI_STORE_ERROR, KHOJI_STORE_ERROR_NEWER);
}

static void
test_not_a_database (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *junk = g_build_filename (f->dir, "junk.db", NULL);
  KhojiStore *other;

  g_assert_true (g_file_set_contents (junk, "this is not SQLite, just text that is long enough to look like a header....", -1, NULL));
  other = khoji_store_open (junk, &error);
  g_assert_null (other);
  g_assert_error (error, KHOJI_STORE_ERROR, KHOJI_STORE_ERROR_CORRUPT);
}

static void
test_article_is_one_transaction (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 id;

  /* A failure after the article, its search row and its mentions were
   * written (here: at the first date) must leave nothing behind. */
  raw_exec (f->path, PICK (f, "CREATE TRIGGER fail_dates BEFORE INSERT ON date_mention BEGIN SELECT RAISE(ABORT, 'boom'); END",
                           "CREATE FUNCTION boom () RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RAISE 'boom'; END$$;"
                           "CREATE TRIGGER fail_dates BEFORE INSERT ON date_mention FOR EACH ROW EXECUTE FUNCTION boom ()"));
  id = add (f, "रूस की राजधानी मॉस्को है। 2024 में।", "h2", &error);
  g_assert_cmpint (id, ==, 0);
  g_assert_nonnull (error);
  g_clear_error (&error);

  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM article"), ==, 0);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM mention"), ==, 0);
  g_assert_cmpint (count_rows (f->path, PICK (f, "SELECT count(*) FROM article_fts_docsize",
                                             "SELECT count(*) FROM article_hash")), ==, 0);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM entity WHERE n_mentions > 0"), ==, 0);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM entity_count_log"), ==, 0);

  raw_exec (f->path, PICK (f, "DROP TRIGGER fail_dates", "DROP TRIGGER fail_dates ON date_mention"));
  id = add (f, "रूस की राजधानी मॉस्को है। 2024 में।", "h2", &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM date_mention"), ==, 1);
  /* The article's counts wait in the log until a fold moves them. */
  g_assert_cmpint (count_rows (f->path, "SELECT n_mentions FROM entity WHERE key = 'place:moscow'"), ==, 0);
  g_assert_cmpint (count_rows (f->path, "SELECT sum(l.n_mentions) FROM entity_count_log l JOIN entity e ON e.id = l.entity_id"
                                        " WHERE e.key = 'place:moscow'"), ==, 1);
  g_assert_true (khoji_store_fold_counts (f->store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (f->path, "SELECT n_mentions FROM entity WHERE key = 'place:moscow'"), ==, 1);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM entity_count_log"), ==, 0);
}

static void
test_given_tokens (Fixture *f, gconstpointer data)
{
  const char *a = "पुतिन मॉस्को लौटे।";
  const char *c = "सियोल में बैठक हुई।";
  g_autoptr(KhojiTokens) a_tokens = khoji_text_tokens (a, strlen (a));
  g_autoptr(KhojiTokens) stale = khoji_text_tokens (a, strlen (a));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GString) report = g_string_new (NULL);
  gint64 ida, idc;

  /* The tokens an import worker made are what the index stores. */
  ida = add_with_tokens (f, a, "a", a_tokens, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ida, >, 0);
  /* Tokens made for another text (of another length) are not used. */
  idc = add_with_tokens (f, c, "c", stale, &error);
  g_assert_no_error (error);
  g_assert_cmpint (idc, >, ida);

  hits = khoji_store_search (f->store, "\"मास्को\"", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpint (khoji_article_get_id (g_ptr_array_index (hits, 0)), ==, ida);
  g_assert_nonnull (strstr (khoji_article_get_snippet (g_ptr_array_index (hits, 0)), "\x01मॉस्को\x02"));
  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = khoji_store_search (f->store, "\"बैठक\"", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpint (khoji_article_get_id (g_ptr_array_index (hits, 0)), ==, idc);
  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = khoji_store_search (f->store, "\"लौटे\"", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_true (khoji_store_check (f->store, report, &error));
  g_assert_no_error (error);
}

static void
test_duplicate_hash_refused (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (add (f, "मॉस्को में।", "same", &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (add (f, "मॉस्को में।", "same", &error), ==, 0);
  g_assert_nonnull (error);
  g_assert_cmpuint (khoji_store_count_articles (f->store), ==, 1);
}

static void
test_fts_folding (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = NULL;

  add (f, "पुतिन मॉस्को लौटे।", "a", &error);
  add (f, "सियोल में बैठक हुई।", "b", &error);
  g_assert_no_error (error);

  hits = khoji_store_search (f->store, "\"मास्को\"", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_nonnull (strstr (khoji_article_get_snippet (g_ptr_array_index (hits, 0)), "\x01मॉस्को\x02"));
  g_clear_pointer (&hits, g_ptr_array_unref);

  hits = khoji_store_search (f->store, "\"बैठक\"", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* A raw malformed FTS5 query is reported, not crashed on. */
  hits = khoji_store_search (f->store, "\"unbalanced", 10, &error);
  g_assert_null (hits);
  g_assert_error (error, KHOJI_STORE_ERROR, KHOJI_STORE_ERROR_QUERY);
}

static char *
snippet_of (Fixture *f, const char *fts_query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = khoji_store_search (f->store, fts_query, 10, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  return g_strdup (khoji_article_get_snippet (g_ptr_array_index (hits, 0)));
}

static void
test_snippet_window (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *folded = NULL;
  g_autofree char *phrase = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *not = NULL;
  g_autofree char *title_only = NULL;

  add (f, "एक दो तीन चार पाँच छह सात आठ नौ दस ग्यारह बारह तेरह चौदह पंद्रह सोलह सत्रह अठारह"
          " उन्नीस बीस पुतिन मॉस्को लौटे और फिर मॉस्को में रहे। इक्कीस बाईस तेईस चौबीस"
          " पच्चीस छब्बीस सत्ताईस अट्ठाईस।", "long", &error);
  g_assert_no_error (error);

  /* The folded spelling finds मॉस्को; the window starts three words
   * before the first match, holds sixteen words, and marks both. */
  folded = snippet_of (f, "\"मास्को\"");
  g_assert_cmpstr (folded, ==, "…उन्नीस बीस पुतिन \x01मॉस्को\x02 लौटे और फिर \x01मॉस्को\x02 में रहे।"
                               " इक्कीस बाईस तेईस चौबीस पच्चीस छब्बीस…");

  /* A phrase is marked as a whole, and only where it occurs; near the
   * end the window moves back to hold sixteen words, with no … after. */
  phrase = snippet_of (f, "\"फिर मास्को\"");
  g_assert_cmpstr (phrase, ==, "…पुतिन मॉस्को लौटे और \x01फिर मॉस्को\x02 में रहे। इक्कीस बाईस तेईस चौबीस"
                               " पच्चीस छब्बीस सत्ताईस अट्ठाईस");

  prefix = snippet_of (f, "\"मास\"*");
  g_assert_nonnull (strstr (prefix, "पुतिन \x01मॉस्को\x02 लौटे"));

  /* An excluded word is never marked. */
  not = snippet_of (f, "\"पुतिन\" NOT \"ओबामा\"");
  g_assert_cmpstr (not, ==, "…अठारह उन्नीस बीस \x01पुतिन\x02 मॉस्को लौटे और फिर मॉस्को में रहे।"
                            " इक्कीस बाईस तेईस चौबीस पच्चीस…");

  /* A match in the title only: the text's first words, nothing marked. */
  title_only = snippet_of (f, "\"शीर्षक\"");
  g_assert_cmpstr (title_only, ==, "एक दो तीन चार पाँच छह सात आठ नौ दस ग्यारह बारह तेरह चौदह पंद्रह सोलह…");
}

/* A word in more articles than the search ranks: the newest 1,000
 * matches are ranked, the best of them first. */
static void
test_search_ranks_newest_matches (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  gint64 first = 0, last = 0;

  for (guint i = 0; i < 1100; i++)
    {
      g_autofree char *hash = g_strdup_printf ("n%u", i);
      /* The oldest and the newest article say it four times. */
      const char *text = i == 0 || i == 1099 ? "खबर खबर खबर खबर।" : "आज की खबर यह है कि बारिश हुई।";
      KhojiStoreArticle a = { .path = "/tmp/n.txt", .hash = hash, .title = "", .text = text };
      gint64 id = khoji_store_add_article (f->store, &a, &error);

      g_assert_no_error (error);
      if (i == 0)
        first = id;
      last = id;
    }

  hits = khoji_store_search (f->store, "\"खबर\"", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 10);
  g_assert_cmpint (khoji_article_get_id (g_ptr_array_index (hits, 0)), ==, last);
  for (guint i = 0; i < hits->len; i++)
    {
      KhojiArticle *a = g_ptr_array_index (hits, i);

      g_assert_cmpint (khoji_article_get_id (a), !=, first);
      g_assert_cmpint (khoji_article_get_id (a), >, last - 1000);
      g_assert_nonnull (strstr (khoji_article_get_snippet (a), "\x01खबर\x02"));
      if (i > 0)
        g_assert_cmpfloat (khoji_article_get_rank (g_ptr_array_index (hits, i - 1)), <=, khoji_article_get_rank (a));
    }
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* No limit: every match, the oldest among the best. */
  hits = khoji_store_search (f->store, "\"खबर\"", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1100);
  g_assert_cmpint (khoji_article_get_id (g_ptr_array_index (hits, 0)), ==, first);
  g_assert_cmpint (khoji_article_get_id (g_ptr_array_index (hits, 1)), ==, last);
}

/* The order of the hits, the same on both backends: a word once in a
 * short article ranks above the same word three times in an article 13
 * times as long (BM25 in the library file; ts_rank_cd divided by the
 * length in an archive, where dividing by 1 + the log of the length put
 * the long one first), and a word in the title above the same word in
 * the text of an article as long. */
static void
test_search_rank_order (Fixture *f, gconstpointer data)
{
  static const struct { const char *title, *text; } articles[] = {
    /* 1: three times in 38 words */
    { "", "सुबह शहर में बारिश हुई और लोग घरों में रहे। दफ्तर देर से खुले और बाजार में भीड़ कम रही। "
      "नदी का पानी बढ़ा। शाम को बारिश फिर हुई और रात तक बारिश होती रही। स्कूल बंद रहे।" },
    /* 2: once in 3 words */
    { "", "कल बारिश हुई।" },
    /* 3: not there */
    { "", "आज धूप निकली।" },
    /* 4: once in the title, 3 words as 2 */
    { "बारिश", "कल हुई।" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GString) order = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (articles); i++)
    {
      g_autofree char *hash = g_strdup_printf ("order%u", i);
      KhojiStoreArticle a = { .path = "/tmp/o.txt", .hash = hash, .title = articles[i].title,
                              .text = articles[i].text };

      g_assert_cmpint (khoji_store_add_article (f->store, &a, &error), ==, i + 1);
      g_assert_no_error (error);
    }
  hits = khoji_store_search (f->store, "\"बारिश\"", 10, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < hits->len; i++)
    g_string_append_printf (order, "%s%" G_GINT64_FORMAT, i ? " " : "",
                            khoji_article_get_id (g_ptr_array_index (hits, i)));
  g_assert_cmpstr (order->str, ==, "4 2 1");
}

/* The blocks of the archive's vectors read out of line (TOAST) so far,
 * once the server has counted those of every connection closed. */
static gint64
toast_blocks_read (const char *uri)
{
  static const char sql[] = "SELECT toast_blks_hit + toast_blks_read FROM pg_statio_user_tables"
                            " WHERE relname = 'article'";
  gint64 last = count_rows (uri, sql);

  /* A closed connection's counts arrive as its server process ends. */
  for (guint i = 0; i < 50; i++)
    {
      gint64 now;

      g_usleep (50000);
      now = count_rows (uri, sql);
      if (now == last && i >= 4)
        break;
      last = now;
    }
  return last;
}

/* A word in every article of an archive: the search reads the vectors of
 * the 1,000 it ranks, not those of the newest ids it looks among first
 * (4,000; here all 1,100). Given the plain id, the planner took those ids from the
 * primary key and checked the word on each of their vectors, out of
 * line: two reads of a ranked vector, one of every other. */
static void
test_search_reads_ranked_vectors (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  KhojiStore *reader;
  gint64 before, ranked, searched;

  for (guint i = 0; i < 1100; i++)
    {
      g_autofree char *hash = g_strdup_printf ("v%u", i);
      g_autoptr(GString) text = g_string_new ("खबर");
      KhojiStoreArticle a = { .path = "/tmp/v.txt", .hash = hash, .title = "" };
      gint64 id;

      /* Words of their own, so that each vector is kept out of line. */
      for (guint k = 0; k < 200; k++)
        g_string_append_printf (text, " w%ux%u", i, k);
      g_string_append_c (text, '.');
      a.text = text->str;
      id = khoji_store_add_article (f->store, &a, &error);
      g_assert_no_error (error);
      g_assert_cmpint (id, >, 0);
    }
  /* No count of the server's own reads (autovacuum's ANALYZE reads
   * vectors) between those compared here. */
  g_free (khoji_test_pg_query (f->path, "ALTER TABLE article SET (autovacuum_enabled = false)"));
  g_free (khoji_test_pg_query (f->path, "ANALYZE article"));
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM article WHERE pg_column_size (search) > 2000"), ==, 1100);

  /* What reading the newest 1,000 vectors once costs. */
  before = toast_blocks_read (f->path);
  g_assert_cmpint (count_rows (f->path, "SELECT sum(length(search)) FROM"
                                        " (SELECT search FROM article ORDER BY id DESC LIMIT 1000) v"), ==, 1000 * 201);
  ranked = toast_blocks_read (f->path) - before;
  g_assert_cmpint (ranked, >=, 1000);

  reader = khoji_store_open (f->path, &error);
  g_assert_no_error (error);
  before = toast_blocks_read (f->path);
  hits = khoji_store_search (reader, "\"खबर\"", 10, &error);
  g_assert_no_error (error);
  khoji_store_close (reader);
  searched = toast_blocks_read (f->path) - before;
  g_assert_cmpuint (hits->len, ==, 10);
  g_test_message ("ranking 1,000 vectors: %" G_GINT64_FORMAT " blocks; the search: %" G_GINT64_FORMAT,
                  ranked, searched);
  g_assert_cmpint (searched, <=, ranked + ranked / 10);
}

static int
compare_ids (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

/* The ids SEARCH finds in STORE, sorted, as "1 3 4"; LIMIT as the call's. */
static char *
found_ids (KhojiStore *store, const char *fts_query, guint limit)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = khoji_store_search (store, fts_query, limit, &error);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GString *out = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < hits->len; i++)
    g_array_append_val (ids, ((gint64) { khoji_article_get_id (g_ptr_array_index (hits, i)) }));
  g_array_sort (ids, compare_ids);
  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (out, "%s%" G_GINT64_FORMAT, i ? " " : "", g_array_index (ids, gint64, i));
  return g_string_free (out, FALSE);
}

/* The ids SEARCH finds in STORE (at most 20) are EXPECTED. */
static void
assert_found (KhojiStore *store, const char *fts_query, const char *expected)
{
  g_autofree char *ids = found_ids (store, fts_query, 20);

  g_assert_cmpstr (ids, ==, expected);
}

/* The query language means the same on both backends: the same articles
 * for a word in another spelling (मास्को = मॉस्को), a prefix, a phrase (its
 * words in a row, in that order, not only present), a prefix at a
 * phrase's end, OR, NOT a word, NOT a phrase, AND; with no limit and
 * with one. The archive finds a phrase's matches among the articles
 * that have its words; these articles have the words without the
 * phrase too. And the article with the word in its title comes first
 * on both. */
static void
search_same_on_both (KhojiStore *store, const char *dir)
{
  static const struct { const char *title, *text; } articles[] = {
    { "सियोल की खबर", "सियोल में बैठक हुई। मॉस्को का नाम नहीं आया।" },
    { "शीर्षक", "मॉस्को में बैठक हुई और पुतिन लौटे।" },
    { "शीर्षक", "बैठक में मॉस्को की बात हुई।" },
    { "मास्को", "पुतिन ने कहा कि बैठक होगी।" },
    { "शीर्षक", "मास्टर और मालिक।" },
    { "पुरानी खबर", "दिल्ली में बारिश हुई। बारिश में दिल्ली डूबी।" },
    { "बारिश में", "दिल्ली बंद रहा।" },
  };
  static const struct { const char *query, *ids; } queries[] = {
    { "\"मास्को\"", "1 2 3 4" },
    { "\"मास\"*", "1 2 3 4 5" },
    { "\"मॉस्को में बैठक\"", "2" },
    { "\"बैठक में\"", "3" },
    { "\"में बै\"*", "1 2" },
    { "\"पुतिन\" OR \"सियोल\"", "1 2 4" },
    { "\"मास्को\" NOT \"पुतिन\"", "1 3" },
    { "\"मास्को\" NOT \"मॉस्को में बैठक\"", "1 3 4" },
    { "\"मॉस्को में बैठक\" OR \"सियोल\"", "1 2" },
    { "\"बैठक\" \"मास्को\"", "1 2 3 4" },
    { "\"बैठक\" \"मॉस्को में\"", "2" },
    { "\"पनीर\"", "" },
    /* Both pairs of a phrase in an article, not in a row: only the
     * phrase itself counts. */
    { "\"दिल्ली में बारिश\"", "6" },
    { "\"बारिश में दिल्ली\"", "6" },
    { "\"में बारिश में\"", "" },
    /* Not from the title into the text. */
    { "\"में दिल्ली\"", "6" },
    { "\"दिल्ली डू\"*", "6" },
    { "\"दिल्ली में\" OR \"बैठक हुई\"", "1 2 6" },
    { "\"मॉस्को में\" OR \"दिल्ली\"", "2 6 7" },
    { "\"बारिश\" NOT \"दिल्ली डूबी\"", "7" },
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *file = g_build_filename (dir, "file.db", NULL);
  KhojiStore *lite = khoji_store_open (file, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (articles); i++)
    {
      g_autofree char *hash = g_strdup_printf ("same%u", i);
      KhojiStoreArticle a = { .path = "/tmp/s.txt", .hash = hash, .title = articles[i].title,
                              .text = articles[i].text };

      g_assert_cmpint (khoji_store_add_article (store, &a, &error), ==, i + 1);
      g_assert_no_error (error);
      g_assert_cmpint (khoji_store_add_article (lite, &a, &error), ==, i + 1);
      g_assert_no_error (error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autofree char *archive = found_ids (store, queries[i].query, 0);
      g_autofree char *library = found_ids (lite, queries[i].query, 0);
      g_autofree char *archive_2 = found_ids (store, queries[i].query, 2);
      g_autofree char *library_2 = found_ids (lite, queries[i].query, 2);
      g_auto(GStrv) all = g_strsplit (queries[i].ids, " ", -1);
      g_auto(GStrv) two = g_strsplit (archive_2, " ", -1);
      g_auto(GStrv) two_lite = g_strsplit (library_2, " ", -1);
      guint n = *queries[i].ids ? g_strv_length (all) : 0;

      g_test_message ("%s: %s", queries[i].query, archive);
      g_assert_cmpstr (archive, ==, queries[i].ids);
      g_assert_cmpstr (library, ==, queries[i].ids);
      /* With a limit: as many, each one of the matches. */
      g_assert_cmpuint (*archive_2 ? g_strv_length (two) : 0, ==, MIN (2, n));
      g_assert_cmpuint (*library_2 ? g_strv_length (two_lite) : 0, ==, MIN (2, n));
      for (guint k = 0; *archive_2 && two[k]; k++)
        g_assert_true (g_strv_contains ((const char *const *) all, two[k]));
    }
  {
    g_autoptr(GPtrArray) archive = khoji_store_search (store, "\"मास्को\"", 10, &error);
    g_autoptr(GPtrArray) library = khoji_store_search (lite, "\"मास्को\"", 10, &error);

    g_assert_no_error (error);
    g_assert_cmpint (khoji_article_get_id (g_ptr_array_index (archive, 0)), ==, 4);
    g_assert_cmpint (khoji_article_get_id (g_ptr_array_index (library, 0)), ==, 4);
  }
  khoji_store_close (lite);
}

static void
test_search_same_on_both (Fixture *f, gconstpointer data)
{
  search_same_on_both (f->store, f->dir);
}

/* The same on an archive whose role may not add btree_gin (no CREATE on
 * the database): it keeps the plain index of the vectors and searches
 * without the window of the newest ids, with the same results. */
static void
test_search_without_btree_gin (Fixture *f, gconstpointer data)
{
  static gboolean made;
  KhojiTestPg *pg = khoji_test_pg_shared ();
  g_autoptr(GError) error = NULL;
  g_autofree char *admin = khoji_test_pg_uri (pg, "postgres");
  g_autofree char *uri = khoji_test_pg_new_database (pg, "plain");
  g_autofree char *plain = NULL;
  KhojiStore *archive;

  if (!made)
    {
      g_free (khoji_test_pg_query (admin, "CREATE ROLE khoji_plain LOGIN"));
      made = TRUE;
    }
  g_free (khoji_test_pg_query (uri, "GRANT CREATE ON SCHEMA public TO khoji_plain"));
  g_assert_nonnull (strchr (uri, '@'));
  plain = g_strconcat ("postgresql://khoji_plain", strchr (uri, '@'), NULL);
  archive = khoji_store_open (plain, &error);
  g_assert_no_error (error);
  g_assert_cmpint (khoji_test_pg_query_int (uri, "SELECT count(*) FROM pg_indexes WHERE indexname = 'article_search_pairs'"
                                                 " AND indexdef LIKE '%USING gin (search, khoji_search_pairs(search))'"),
                   ==, 1);
  g_assert_cmpint (khoji_test_pg_query_int (uri, "SELECT count(*) FROM pg_indexes WHERE tablename = 'article'"
                                                 " AND indexdef LIKE '%USING gin%'"), ==, 1);
  search_same_on_both (archive, f->dir);
  khoji_store_close (archive);
}

/* A phrase in an article with more pairs of words than the archive's
 * index of pairs keeps for one article (over a megabyte of them): found
 * all the same, on both backends, and only where its words are in a
 * row. Long distinct words, 16,500 of them (the archive keeps positions
 * up to 16,383). */
static void
test_search_phrase_in_long_article (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *in_a_row = NULL, *reversed = NULL;
  KhojiStoreArticle a = { .path = "/tmp/long.txt", .hash = "long", .title = "लंबा" };
  KhojiStoreArticle b = { .path = "/tmp/short.txt", .hash = "short", .title = "छोटा", .text = "कुछ नहीं।" };

  for (guint i = 0; i < 16500; i++)
    {
      g_string_append (text, i ? " w" : "w");
      for (guint n = i, k = 0; k < 29; k++, n /= 26)
        g_string_append_c (text, 'a' + n % 26);
    }
  g_string_append_c (text, '.');
  a.text = text->str;
  g_assert_cmpint (khoji_store_add_article (f->store, &a, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_cmpint (khoji_store_add_article (f->store, &b, &error), ==, 2);
  g_assert_no_error (error);
  if (f->pg)
    g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM article WHERE khoji_search_pairs (search) = ''' '''"), ==, 1);

  /* Words 5 and 6, then 6 and 5. */
  in_a_row = g_strdup_printf ("\"%.30s %.30s\"", text->str + 5 * 31, text->str + 6 * 31);
  reversed = g_strdup_printf ("\"%.30s %.30s\"", text->str + 6 * 31, text->str + 5 * 31);
  assert_found (f->store, in_a_row, "1");
  assert_found (f->store, reversed, "");
}

/* The archive's pairs of words next to each other: from the positions
 * of the vector, not across the gap between the title and the text,
 * each once. */
static void
test_search_pairs (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pairs = NULL;
  KhojiStoreArticle a = { .path = "/tmp/p.txt", .hash = "pairs", .title = "Red Fort",
                          .text = "Delhi in Delhi, in Delhi." };

  g_assert_cmpint (khoji_store_add_article (f->store, &a, &error), ==, 1);
  g_assert_no_error (error);
  pairs = text_rows (f->path, "SELECT khoji_search_pairs (search) FROM article");
  g_assert_cmpstr (pairs, ==, "'delhi in' 'in delhi' 'red fort'\n");
}

/* An imported article's row is written once, with its entity count:
 * a second version of it would put its vector in the search index
 * again whenever it did not fit beside the first. */
static void
test_article_row_written_once (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (add (f, "रूस की राजधानी मॉस्को है। 2024 में।", "once", &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (f->path, "SELECT entity_count FROM article"), ==, 1);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM article WHERE ctid = '(0,1)'"), ==, 1);
}

/* An article's text is compressed with LZ4 (the server here has it). */
static void
test_text_compression (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *method = NULL;

  for (guint i = 0; i < 400; i++)
    g_string_append_printf (text, "रूस की राजधानी मॉस्को है, पंक्ति %u। ", i);
  g_assert_cmpint (add (f, text->str, "lz4", &error), >, 0);
  g_assert_no_error (error);
  method = khoji_test_pg_query (f->path, "SELECT pg_column_compression (text) FROM article");
  g_assert_cmpstr (method, ==, "lz4");
}

/* ANALYZE, which the server's autovacuum runs as an archive grows,
 * gathers no statistics of the search index's expressions: gathering
 * those of any of them (the pairs, id + 0) computes all of them, and so
 * calls khoji_search_pairs, on every article of its sample. Also on an
 * archive whose index was made with them. */
static void
test_pairs_without_statistics (Fixture *f, gconstpointer data)
{
  const char *stats = "SELECT count(*) FROM pg_stats WHERE tablename LIKE 'article_search_pairs%'";
  const char *index = "SELECT indexname FROM pg_indexes WHERE indexname LIKE 'article_search_pairs%'";
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *keep = NULL;

  g_assert_cmpint (add (f, "रूस की राजधानी मॉस्को है। 2024 में।", "p1", &error), >, 0);
  g_assert_no_error (error);
  raw_exec (f->path, "ANALYZE article");
  g_assert_cmpint (count_rows (f->path, stats), ==, 0);

  name = khoji_test_pg_query (f->path, index);
  keep = g_strdup_printf ("ALTER INDEX %s ALTER COLUMN 3 SET STATISTICS -1", name);
  raw_exec (f->path, keep);
  raw_exec (f->path, "ANALYZE article");
  g_assert_cmpint (count_rows (f->path, stats), >, 0);
  khoji_store_close (f->store);
  f->store = khoji_store_open (f->path, &error);
  g_assert_no_error (error);
  raw_exec (f->path, "DELETE FROM pg_statistic s USING pg_class c WHERE c.oid = s.starelid"
                     " AND c.relname LIKE 'article_search_pairs%'");
  raw_exec (f->path, "ANALYZE article");
  g_assert_cmpint (count_rows (f->path, stats), ==, 0);
}

static KhojiStoreArticle
article_with (const char *text, const char *hash, GPtrArray *mentions)
{
  return (KhojiStoreArticle) { .path = "/tmp/y.txt", .hash = hash, .title = "शीर्षक", .text = text,
                               .mentions = mentions };
}

/* Three places: रूस in three articles, मॉस्को in two (three mentions),
 * सियोल in two (two mentions), पेरिस hidden in one. */
static void
add_counted_entities (Fixture *f)
{
  struct { const char *text; const char *hash; } rows[] = {
    { "रूस और मॉस्को, फिर मॉस्को।", "e1" },
    { "रूस, मॉस्को और सियोल।", "e2" },
    { "रूस और सियोल।", "e3" },
    { "पेरिस।", "e4" },
  };
  const char *forms[][2] = { { "रूस", "place:russia" }, { "मॉस्को", "place:moscow" },
                             { "सियोल", "place:seoul" }, { "पेरिस", "place:paris" } };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(GPtrArray) mentions = g_ptr_array_new_with_free_func ((GDestroyNotify) khoji_mention_free);
      g_autoptr(GError) error = NULL;
      KhojiStoreArticle a = article_with (rows[i].text, rows[i].hash, mentions);

      for (guint k = 0; k < G_N_ELEMENTS (forms); k++)
        {
          const char *at = rows[i].text;
          while ((at = strstr (at, forms[k][0])) != NULL)
            {
              KhojiMention *m = g_new0 (KhojiMention, 1);
              m->start = at - rows[i].text;
              m->end = m->start + strlen (forms[k][0]);
              m->key = g_strdup (forms[k][1]);
              m->name = g_strdup (forms[k][0]);
              m->type = KHOJI_ENTITY_PLACE;
              g_ptr_array_add (mentions, m);
              at += strlen (forms[k][0]);
            }
        }
      g_assert_cmpint (khoji_store_add_article (f->store, &a, &error), >, 0);
      g_assert_no_error (error);
    }
  raw_exec (f->path, "UPDATE entity SET hidden = 1 WHERE key = 'place:paris'");
}

static void
test_entity_listing_order (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) visible = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) one = NULL;
  const char *names[] = { "रूस", "मॉस्को", "सियोल", "पेरिस" };
  guint articles[] = { 3, 2, 2, 1 }, mentions[] = { 3, 3, 2, 1 };
  g_auto(GStrv) aliases = NULL;

  add_counted_entities (f);
  visible = khoji_store_list_entities (f->store, FALSE, 0, NULL, &error);
  g_assert_no_error (error);
  all = khoji_store_list_entities (f->store, TRUE, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (visible->len, ==, 3);
  g_assert_cmpuint (all->len, ==, 4);
  /* Articles first, then mentions: मॉस्को (2, 3) before सियोल (2, 2). */
  for (guint i = 0; i < all->len; i++)
    {
      KhojiEntity *e = g_ptr_array_index (all, i);
      g_assert_cmpstr (khoji_entity_get_name (e), ==, names[i]);
      g_assert_cmpuint (khoji_entity_get_article_count (e), ==, articles[i]);
      g_assert_cmpuint (khoji_entity_get_mention_count (e), ==, mentions[i]);
      if (i < visible->len)
        g_assert_cmpint (khoji_entity_get_id (g_ptr_array_index (visible, i)), ==, khoji_entity_get_id (e));
    }
  /* Without a table a listing has no aliases; one entity brings its own. */
  aliases = khoji_entity_dup_aliases (g_ptr_array_index (all, 1));
  g_assert_cmpuint (g_strv_length (aliases), ==, 0);
  g_clear_pointer (&aliases, g_strfreev);
  one = khoji_store_list_entities (f->store, TRUE, khoji_entity_get_id (g_ptr_array_index (all, 1)), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (one->len, ==, 1);
  aliases = khoji_entity_dup_aliases (g_ptr_array_index (one, 0));
  g_assert_cmpuint (g_strv_length (aliases), ==, 1);
  g_assert_cmpstr (aliases[0], ==, "मॉस्को");
}

/* The first entities of the listing, as the window lists them at first:
 * the same entities, counts and order as the whole listing's first ones,
 * and the whole listing counted; the same with the counts still in the
 * import's log and folded into the rows. */
static void
assert_top_is_listing_head (Fixture  *f,
                            gboolean  include_hidden)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = khoji_store_list_entities (f->store, include_hidden, 0, NULL, &error);

  g_assert_no_error (error);
  for (guint limit = 1; limit <= all->len + 1; limit++)
    {
      guint n_listed = 0;
      g_autoptr(GPtrArray) top = khoji_store_list_top_entities (f->store, include_hidden, limit, &n_listed, &error);
      g_auto(GStrv) aliases = NULL;

      g_assert_no_error (error);
      g_assert_cmpuint (n_listed, ==, all->len);
      g_assert_cmpuint (top->len, ==, MIN (limit, all->len));
      for (guint i = 0; i < top->len; i++)
        {
          KhojiEntity *x = g_ptr_array_index (all, i), *y = g_ptr_array_index (top, i);

          g_assert_cmpint (khoji_entity_get_id (x), ==, khoji_entity_get_id (y));
          g_assert_cmpstr (khoji_entity_get_name (x), ==, khoji_entity_get_name (y));
          g_assert_cmpint (khoji_entity_get_entity_type (x), ==, khoji_entity_get_entity_type (y));
          g_assert_cmpuint (khoji_entity_get_article_count (x), ==, khoji_entity_get_article_count (y));
          g_assert_cmpuint (khoji_entity_get_mention_count (x), ==, khoji_entity_get_mention_count (y));
          g_assert_cmpint (khoji_entity_get_hidden (x), ==, khoji_entity_get_hidden (y));
        }
      aliases = top->len ? khoji_entity_dup_aliases (g_ptr_array_index (top, 0)) : NULL;
      g_assert_cmpuint (aliases ? g_strv_length (aliases) : 0, ==, 0);
    }
}

static void
test_top_entities (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) top = NULL;
  guint n_listed = 0;

  add_counted_entities (f);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM entity_count_log"), >, 0);
  assert_top_is_listing_head (f, TRUE);
  assert_top_is_listing_head (f, FALSE);
  /* मॉस्को (2 articles, 3 mentions) is in the first two, सियोल (2, 2) not. */
  top = khoji_store_list_top_entities (f->store, TRUE, 2, &n_listed, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_listed, ==, 4);
  g_assert_cmpuint (top->len, ==, 2);
  g_assert_cmpstr (khoji_entity_get_name (g_ptr_array_index (top, 0)), ==, "रूस");
  g_assert_cmpuint (khoji_entity_get_article_count (g_ptr_array_index (top, 0)), ==, 3);
  g_assert_cmpstr (khoji_entity_get_name (g_ptr_array_index (top, 1)), ==, "मॉस्को");
  g_assert_true (khoji_store_fold_counts (f->store, &error));
  g_assert_no_error (error);
  assert_top_is_listing_head (f, TRUE);
  assert_top_is_listing_head (f, FALSE);
}

/* What version 8 changed, put back. */
static void
downgrade_to_v7 (const char *path)
{
  raw_exec (path, KHOJI_TEST_UNDO_V8_SQL);
}

/* Puts back the trigger that emptied the event cache on every new date. */
static void
downgrade_to_v6 (const char *path)
{
  downgrade_to_v7 (path);
  raw_exec (path, "CREATE TRIGGER event_cache_insert AFTER INSERT ON date_mention"
                  " WHEN EXISTS (SELECT 1 FROM event_cache) BEGIN DELETE FROM event_cache; END;"
                  "PRAGMA user_version = 6;");
}

/* Folds the count log into the entity rows and drops it: what version 5
 * kept. */
static void
downgrade_to_v5 (const char *path)
{
  downgrade_to_v6 (path);
  raw_exec (path, "UPDATE entity SET n_articles = entity.n_articles + c.a, n_mentions = entity.n_mentions + c.m"
                  " FROM (SELECT entity_id, sum(n_articles) AS a, sum(n_mentions) AS m FROM entity_count_log"
                  " GROUP BY entity_id) AS c WHERE entity.id = c.entity_id;"
                  "DROP TABLE entity_count_log;"
                  "PRAGMA user_version = 5;");
}

/* Puts back the index version 5 replaced. The entity index is an FTS5
 * table: its shadow tables go with it, which needs no tokenizer. */
static void
downgrade_to_v4 (const char *path)
{
  downgrade_to_v5 (path);
  raw_exec (path, "DROP TABLE entity_article;"
                  "CREATE INDEX mention_entity ON mention(entity_id, article_id);"
                  "PRAGMA user_version = 4;");
}

/* Puts back what version 4 took away: the library a version 3 program
 * wrote, with the same rows. */
static void
downgrade_to_v3 (const char *path)
{
  downgrade_to_v4 (path);
  raw_exec (path, "CREATE INDEX alias_fold ON alias(fold);"
                  "DROP INDEX alias_last_word;"
                  "CREATE INDEX alias_last_word ON alias(last_word);"
                  "DROP INDEX entity_merged;"
                  "CREATE INDEX entity_merged ON entity(merged_into);"
                  "CREATE INDEX entity_listing_order ON entity"
                  "(merged_into, n_articles DESC, n_mentions DESC, id, name, latin, type, hidden);"
                  "DROP TRIGGER event_cache_insert;"
                  "DROP TRIGGER event_cache_delete;"
                  "DROP TRIGGER event_cache_update;"
                  "CREATE TRIGGER event_cache_insert AFTER INSERT ON date_mention BEGIN DELETE FROM event_cache; END;"
                  "CREATE TRIGGER event_cache_delete AFTER DELETE ON date_mention BEGIN DELETE FROM event_cache; END;"
                  "CREATE TRIGGER event_cache_update AFTER UPDATE ON date_mention BEGIN DELETE FROM event_cache; END;"
                  "PRAGMA user_version = 3;");
}

/* Takes what versions 2 and 3 added away again: the library a version 1
 * program wrote, with the same rows. */
static void
downgrade_to_v1 (const char *path)
{
  downgrade_to_v3 (path);
  raw_exec (path, "DROP INDEX entity_listing_order;"
                  "DROP TRIGGER event_cache_insert;"
                  "DROP TRIGGER event_cache_delete;"
                  "DROP TRIGGER event_cache_update;"
                  "DROP TABLE event_cache;"
                  "DROP INDEX date_day;"
                  "ALTER TABLE date_mention DROP COLUMN first_day;"
                  "ALTER TABLE date_mention DROP COLUMN last_day;"
                  "ALTER TABLE date_mention DROP COLUMN is_interval;"
                  "PRAGMA user_version = 1;");
}

/* The indexes version 4 keeps: none in listing order, none on the fold,
 * the surname and merge indexes partial. */
static void
assert_v4_indexes (const char *path)
{
  g_assert_cmpint (count_rows (path, "SELECT count(*) FROM sqlite_master WHERE name IN ('entity_listing_order', 'alias_fold')"), ==, 0);
  g_assert_cmpint (count_rows (path, "SELECT count(*) FROM sqlite_master WHERE name = 'alias_last_word'"
                                     " AND sql LIKE '%WHERE n_words > 1'"), ==, 1);
  g_assert_cmpint (count_rows (path, "SELECT count(*) FROM sqlite_master WHERE name = 'entity_merged'"
                                     " AND sql LIKE '%WHERE merged_into IS NOT NULL'"), ==, 1);
  /* Version 7 dropped the one on insert. */
  g_assert_cmpint (count_rows (path, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"
                                     " AND sql LIKE '%WHEN EXISTS (SELECT 1 FROM event_cache)%'"), ==, 2);
}

static void
test_migration_from_v1 (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL;

  /* A version 1 library is this schema without the listing index. */
  add_counted_entities (f);
  khoji_store_close (f->store);
  f->store = NULL;
  downgrade_to_v1 (f->path);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM sqlite_master WHERE name = 'entity_listing_order'"), ==, 0);

  f->store = khoji_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (khoji_store_get_schema_version (f->store), ==, KHOJI_STORE_SCHEMA_VERSION);
  g_assert_cmpint (count_rows (f->path, "PRAGMA user_version"), ==, KHOJI_STORE_SCHEMA_VERSION);
  assert_v4_indexes (f->path);
  g_assert_cmpuint (khoji_store_count_articles (f->store), ==, 4);
  all = khoji_store_list_entities (f->store, TRUE, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 4);
  g_assert_cmpstr (khoji_entity_get_name (g_ptr_array_index (all, 0)), ==, "रूस");
}

static void
test_check_finds_damage (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) report = g_string_new (NULL);

  add (f, "मॉस्को में।", "x", &error);
  g_assert_true (khoji_store_check (f->store, report, &error));
  g_assert_no_error (error);
  g_assert_true (khoji_store_fold_counts (f->store, &error));
  g_assert_no_error (error);

  raw_exec (f->path, "UPDATE entity SET n_mentions = 7");
  g_string_truncate (report, 0);
  g_assert_false (khoji_store_check (f->store, report, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (report->str, "wrong mention counts: 1 problem\n"));
  g_assert_nonnull (strstr (report->str, "entity index: ok"));

  /* The article's row in the entity index goes missing. */
  raw_exec (f->path, "UPDATE entity SET n_mentions = 1;"
                     "INSERT INTO entity_article (entity_article, rowid, bases) VALUES ('delete', 1, '1')");
  g_string_truncate (report, 0);
  g_assert_false (khoji_store_check (f->store, report, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (report->str, "wrong mention counts: ok"));
  g_assert_nonnull (strstr (report->str, "entity index: 1 problem\n"));
}

/* An article whose dates are the given values (NULL: relative, not
 * resolved; "~" before a value: relative, resolved to it), each
 * mentioned at its own place in the text. */
static gint64
add_dated (Fixture *f, const char *hash, const char * const *values, const char *place)
{
  g_autoptr(GPtrArray) mentions = g_ptr_array_new_with_free_func ((GDestroyNotify) khoji_mention_free);
  g_autoptr(GPtrArray) dates = g_ptr_array_new_with_free_func ((GDestroyNotify) khoji_date_mention_free);
  g_autoptr(GString) text = g_string_new (place ? place : "कहीं");
  g_autoptr(GError) error = NULL;
  KhojiStoreArticle a = { 0 };
  gint64 id;

  for (guint i = 0; values[i] != (const char *) -1; i++)
    {
      KhojiDateMention *d = g_new0 (KhojiDateMention, 1);
      const char *value = values[i] && values[i][0] == '~' ? values[i] + 1 : values[i];

      g_string_append (text, " बैठक ");
      d->start = text->len;
      g_string_append (text, "तारीख");
      d->end = text->len;
      g_string_append (text, " को हुई।");
      d->value = g_strdup (value);
      d->relative = value == NULL || value != values[i];
      d->precision = value == NULL || strlen (value) >= 10 ? KHOJI_PRECISION_DAY
                   : strlen (value) == 7 ? KHOJI_PRECISION_MONTH : KHOJI_PRECISION_YEAR;
      d->sentence_start = d->start;
      d->sentence_end = text->len;
      g_ptr_array_add (dates, d);
    }
  if (place != NULL)
    g_ptr_array_add (mentions, mention (text->str, place, "place:moscow", KHOJI_ENTITY_PLACE));

  a.path = "/tmp/x.txt";
  a.hash = hash;
  a.title = "शीर्षक";
  a.text = text->str;
  a.mentions = mentions;
  a.dates = dates;
  id = khoji_store_add_article (f->store, &a, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static guint32
julian (int year, int month, int day)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day, month, year);
  return g_date_get_julian (&date);
}

#define END ((const char *) -1)

static void
add_dated_articles (Fixture *f)
{
  const char *first[] = { "2024-06-17", "2024", NULL, "2023-01-01/2023-03-31", END };
  const char *second[] = { "2024-06", "2024-06-17", "2022-12-31", END };
  const char *third[] = { "2025-01-02", END };

  add_dated (f, "d1", first, "मॉस्को");
  add_dated (f, "d2", second, NULL);
  add_dated (f, "d3", third, "मॉस्को");
}

/* Checks the compact events of add_dated_articles(): the same as the full
 * list, by day, with their kinds, and per entity. */
static void
assert_event_refs (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) refs = khoji_store_list_event_refs (f->store, 0, &error);
  g_autoptr(GPtrArray) events = khoji_store_list_events (f->store, 0, &error);
  g_autoptr(GArray) moscow = NULL;
  g_autoptr(GPtrArray) moscow_events = NULL;
  gint64 moscow_id = 0;
  const struct { guint32 first, last; KhojiEventKind kind; } expected[] = {
    { julian (2022, 12, 31), julian (2022, 12, 31), KHOJI_EVENT_DAY },
    { julian (2023, 1, 1), julian (2023, 3, 31), KHOJI_EVENT_INTERVAL },
    { julian (2024, 1, 1), julian (2024, 12, 31), KHOJI_EVENT_PERIOD },
    { julian (2024, 6, 1), julian (2024, 6, 30), KHOJI_EVENT_PERIOD },
    { julian (2024, 6, 17), julian (2024, 6, 17), KHOJI_EVENT_DAY },
    { julian (2024, 6, 17), julian (2024, 6, 17), KHOJI_EVENT_DAY },
    { julian (2025, 1, 2), julian (2025, 1, 2), KHOJI_EVENT_DAY },
  };

  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, G_N_ELEMENTS (expected));   /* the relative one has no day */
  g_assert_cmpuint (refs->len, ==, events->len);
  for (guint i = 0; i < refs->len; i++)
    {
      const KhojiEventRef *ref = &g_array_index (refs, KhojiEventRef, i);
      g_autoptr(KhojiEvent) event = khoji_store_get_event (f->store, ref->id, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (ref->first_day, ==, expected[i].first);
      g_assert_cmpuint (ref->last_day, ==, expected[i].last);
      g_assert_cmpint (ref->kind, ==, expected[i].kind);
      g_assert_cmpuint (khoji_event_get_first_day (event), ==, ref->first_day);
      g_assert_cmpint (khoji_event_get_article_id (event), ==, ref->article_id);
      g_assert_cmpstr (khoji_event_get_text (event), ==, "तारीख");
    }
  /* Two articles on one day come in article order. */
  g_assert_cmpint (g_array_index (refs, KhojiEventRef, 4).article_id, <, g_array_index (refs, KhojiEventRef, 5).article_id);

  moscow_id = count_rows (f->path, "SELECT id FROM entity WHERE key = 'place:moscow'");
  moscow = khoji_store_list_event_refs (f->store, moscow_id, &error);
  g_assert_no_error (error);
  moscow_events = khoji_store_list_events (f->store, moscow_id, &error);
  g_assert_cmpuint (moscow->len, ==, 4);
  g_assert_cmpuint (moscow->len, ==, moscow_events->len);
  g_assert_cmpuint (g_array_index (moscow, KhojiEventRef, 0).first_day, ==, julian (2023, 1, 1));
  g_assert_cmpuint (g_array_index (moscow, KhojiEventRef, 3).first_day, ==, julian (2025, 1, 2));

  g_assert_null (khoji_store_get_event (f->store, 4242, &error));
  g_assert_error (error, KHOJI_STORE_ERROR, KHOJI_STORE_ERROR_NOT_FOUND);
}

static void
test_event_refs (Fixture *f, gconstpointer data)
{
  add_dated_articles (f);
  assert_event_refs (f);
  if (f->pg)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GString) report = g_string_new (NULL);
      g_autoptr(GArray) refs = NULL;

      /* The archive's narrow table of dates with a day follows them:
       * written with them, gone with them when an article's dates are
       * replaced. */
      g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM date_ref"), ==, 7);
      g_assert_true (khoji_store_set_published (f->store, 2, "कहीं बैठक तारीख को हुई।", "2025-01-01", "user", NULL,
                                                &error));
      g_assert_no_error (error);
      g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM date_ref"), ==, 4);
      g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM date_ref WHERE article_id = 2"), ==, 0);
      refs = khoji_store_list_event_refs (f->store, 0, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (refs->len, ==, 4);
      g_assert_true (khoji_store_check (f->store, report, &error));
      g_assert_no_error (error);
      /* A date_ref row the dates do not have is found by check. */
      raw_exec (f->path, "DELETE FROM date_ref WHERE article_id = 3");
      g_string_truncate (report, 0);
      g_assert_false (khoji_store_check (f->store, report, &error));
      g_assert_nonnull (strstr (report->str, "timeline index"));
      return;
    }
  /* Read from the narrow table of date refs by id, then sorted: no index
   * by day to update on every import. */
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'date_day'"), ==, 0);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM date_ref"), ==, 7);
}

static guint
count_refs (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) refs = khoji_store_list_event_refs (f->store, 0, &error);

  g_assert_no_error (error);
  return refs->len;
}

/* The list of all events, from the kept list and what changed since,
 * is exactly what a walk of the table gives (the kept list emptied
 * first, by hand); N events. On both backends: the file's event_cache,
 * the archive's event_list. */
static void
assert_refs_as_walked (Fixture *f, guint n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) merged = khoji_store_list_event_refs (f->store, 0, &error);
  g_autoptr(GArray) walked = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (count_rows (f->path, PICK (f, "SELECT count(*) FROM event_cache", "SELECT count(*) FROM event_list")),
                   ==, 1);
  g_assert_cmpuint (merged->len, ==, n);
  raw_exec (f->path, PICK (f, "DELETE FROM event_cache", "DELETE FROM event_list"));
  walked = khoji_store_list_event_refs (f->store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (walked->len, ==, n);
  g_assert_cmpmem (merged->data, merged->len * sizeof (KhojiEventRef), walked->data, walked->len * sizeof (KhojiEventRef));
  for (guint i = 1; i < walked->len; i++)
    {
      const KhojiEventRef *a = &g_array_index (walked, KhojiEventRef, i - 1);
      const KhojiEventRef *b = &g_array_index (walked, KhojiEventRef, i);
      gint64 ka[] = { a->first_day, a->last_day, a->kind == KHOJI_EVENT_INTERVAL, a->precision, a->relative, a->article_id, a->id };
      gint64 kb[] = { b->first_day, b->last_day, b->kind == KHOJI_EVENT_INTERVAL, b->precision, b->relative, b->article_id, b->id };
      guint k = 0;

      while (k < G_N_ELEMENTS (ka) - 1 && ka[k] == kb[k])
        k++;
      g_assert_cmpint (ka[k], <, kb[k]);
    }
}

/* The kept event list on both backends: made by the first load, new
 * dates and removed ones merged into it at the next, exactly as a walk
 * of every date gives them; check agrees with it. */
static void
test_kept_events_follow_changes (Fixture *f, gconstpointer data)
{
  const char *more[] = { "2021-05", END };
  const char *first[] = { "2024-06-17", "2024", NULL, "2023-01-01/2023-03-31", END };
  const char *count_kept = PICK (f, "SELECT count(*) FROM event_cache", "SELECT count(*) FROM event_list");
  g_autoptr(GString) report = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  add_dated_articles (f);
  g_assert_cmpint (count_rows (f->path, count_kept), ==, 0);
  g_assert_cmpuint (count_refs (f), ==, 7);
  g_assert_cmpint (count_rows (f->path, count_kept), ==, 1);
  assert_event_refs (f);   /* now from the kept list */

  add_dated (f, "d4", more, NULL);
  add_dated (f, "d5", first, "मॉस्को");
  assert_refs_as_walked (f, 7 + 1 + 3);
  g_assert_true (khoji_store_check (f->store, report, &error));
  g_assert_no_error (error);

  /* A new publication date drops article 1's three dates with a day. */
  g_assert_true (khoji_store_set_published (f->store, 1, "कहीं बैठक तारीख को हुई।", "2025-01-01", "user", NULL, &error));
  g_assert_no_error (error);
  if (f->pg)
    g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM date_ref_removed"), ==, 3);
  assert_refs_as_walked (f, 8);
  g_string_truncate (report, 0);
  g_assert_true (khoji_store_check (f->store, report, &error));
  g_assert_no_error (error);
  if (f->pg)
    g_assert_nonnull (strstr (report->str, "kept timeline: ok"));
}

/* An importer's fold (khoji_store_keep_events): with no list it makes
 * one (on the archive marking every row kept), with nothing or little
 * changed it writes nothing, with a sixteenth changed it keeps the list
 * again; a load then gives what a walk gives. On both backends. */
static void
test_keep_events (Fixture *f, gconstpointer data)
{
  const char *more[] = { "2021-05", END };
  const char *list_bytes = PICK (f, "SELECT length(refs) FROM event_cache", "SELECT octet_length(refs) FROM event_list");
  g_autoptr(GError) error = NULL;
  gint64 bytes, xmin;

  add_dated_articles (f);
  if (f->pg)
    g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM date_ref WHERE NOT kept"), ==, 7);
  g_assert_cmpint (count_rows (f->path, PICK (f, "SELECT count(*) FROM event_cache",
                                                 "SELECT count(*) FROM event_list")), ==, 0);
  g_assert_true (khoji_store_keep_events (f->store, &error));
  g_assert_no_error (error);
  bytes = count_rows (f->path, list_bytes);
  g_assert_cmpint (bytes, >, 0);
  if (f->pg)
    {
      g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM date_ref WHERE NOT kept"), ==, 0);
      /* Nothing changed: the list's row is not written again. */
      xmin = count_rows (f->path, "SELECT xmin::text::bigint FROM event_list");

      g_assert_true (khoji_store_keep_events (f->store, &error));
      g_assert_no_error (error);
      g_assert_cmpint (count_rows (f->path, "SELECT xmin::text::bigint FROM event_list"), ==, xmin);
    }

  /* One more event among seven is more than a sixteenth: kept. */
  add_dated (f, "d4", more, NULL);
  g_assert_cmpint (count_rows (f->path, list_bytes), ==, bytes);
  g_assert_true (khoji_store_keep_events (f->store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (f->path, list_bytes), >, bytes);
  if (f->pg)
    g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM date_ref WHERE NOT kept"), ==, 0);
  assert_refs_as_walked (f, 8);
}

/* One date row written straight into an archive, as an import writes it
 * (not kept), for article ARTICLE with id ID on DAY. */
static void
add_raw_date (Fixture *f, gint64 article, gint64 id, guint32 day)
{
  g_autofree char *sql = g_strdup_printf (
    "INSERT INTO date_mention (article_id, id, start, \"end\", text, value, precision, relative, sentence,"
    " sentence_start, first_day, last_day, is_interval)"
    " VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", 0, 2, 'x', '2020-01-01', %d, 0, 'x', 0, %u, %u, 0);"
    "INSERT INTO date_ref (article_id, id, first_day, last_day, is_interval, precision, relative)"
    " VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %u, %u, 0, %d, 0)",
    article, id, KHOJI_PRECISION_DAY, day, day, article, id, day, day, KHOJI_PRECISION_DAY);

  raw_exec (f->path, sql);
}

/* Many writers commit ids out of order: a date whose id is below those
 * the kept list already holds, committed after the list was written,
 * is still in the next load (a list that knew what it holds by the
 * largest id would miss it). A fold that would mark a row another
 * transaction is deleting gives up at once instead of waiting for it,
 * and still answers; the row's deletion then shows. check agrees all
 * along. */
static void
test_event_list_commit_order (Fixture *f, gconstpointer data)
{
  g_autoptr(GString) report = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  PGconn *other;
  PGresult *res;

  add_dated_articles (f);
  g_assert_cmpuint (count_refs (f), ==, 7);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM date_ref WHERE NOT kept"), ==, 0);

  add_raw_date (f, 3, 1000, julian (2020, 1, 1));
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM date_ref WHERE NOT kept"), ==, 1);
  g_assert_cmpuint (count_refs (f), ==, 8);
  /* One change of seven: kept again, row 1000 with it. */
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM date_ref WHERE NOT kept"), ==, 0);
  raw_exec (f->path, "CREATE TABLE saved AS SELECT refs FROM event_list");

  /* Committed after: a lower id. */
  add_raw_date (f, 3, 500, julian (2019, 1, 1));
  {
    g_autoptr(GArray) refs = khoji_store_list_event_refs (f->store, 0, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (refs->len, ==, 9);
    g_assert_cmpint (g_array_index (refs, KhojiEventRef, 0).id, ==, 500);
  }
  g_assert_true (khoji_store_check (f->store, report, &error));
  g_assert_no_error (error);

  /* A row not kept yet, deleted by a transaction still open while the
   * list is loaded: the load answers from its snapshot without waiting,
   * keeps nothing, and the deletion shows once committed. */
  add_raw_date (f, 3, 600, julian (2018, 1, 1));
  other = PQconnectdb (f->path);
  g_assert_cmpint (PQstatus (other), ==, CONNECTION_OK);
  res = PQexec (other, "BEGIN; DELETE FROM date_mention WHERE id = 600");
  g_assert_cmpint (PQresultStatus (res), ==, PGRES_COMMAND_OK);
  PQclear (res);
  g_assert_cmpuint (count_refs (f), ==, 10);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM date_ref WHERE NOT kept"), ==, 1);
  res = PQexec (other, "COMMIT");
  g_assert_cmpint (PQresultStatus (res), ==, PGRES_COMMAND_OK);
  PQclear (res);
  PQfinish (other);
  g_assert_cmpuint (count_refs (f), ==, 9);
  assert_refs_as_walked (f, 9);
  g_string_truncate (report, 0);
  g_assert_true (khoji_store_check (f->store, report, &error));
  g_assert_no_error (error);

  /* The connection keeps the bytes of the list it read; a list written
   * since is read again. Here an older one, put back by hand: it lacks
   * row 500, which says it is kept. The load reads what the archive
   * holds (not the connection's copy), and check finds the difference. */
  raw_exec (f->path, "UPDATE event_list SET refs = (SELECT refs FROM saved)");
  g_assert_cmpuint (count_refs (f), ==, 8);
  g_string_truncate (report, 0);
  g_assert_false (khoji_store_check (f->store, report, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (report->str, "kept timeline: 1 problem"));
}

typedef struct {
  Fixture *f;
  guint    side;
  gint     done;   /* atomic */
} DatedWriter;

/* Another computer's importer: 60 articles of three dates each on a
 * connection of its own, and a new publication date (which drops the
 * dates) on every fourth right after it is in. */
static gpointer
write_dated (gpointer data)
{
  DatedWriter *w = data;
  const char *values[] = { "2024-06-17", "2023-05", "2022-01-01/2022-02-01", END };
  g_autoptr(GError) error = NULL;
  Fixture g = *w->f;

  g.store = khoji_store_open (w->f->path, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 60; i++)
    {
      g_autofree char *hash = g_strdup_printf ("writer%u-%u", w->side, i);
      gint64 id = add_dated (&g, hash, values, NULL);

      if (i % 4 == 0)
        {
          g_assert_true (khoji_store_set_published (g.store, id, "कहीं", "2025-01-01", "user", NULL, &error));
          g_assert_no_error (error);
        }
    }
  khoji_store_close (g.store);
  g_atomic_int_set (&w->done, TRUE);
  return NULL;
}

/* Two writers and a reader at once on an archive: the reader's loads
 * fold the list (a sixteenth changed at nearly every load) while the
 * writers add dates and drop others. Afterwards the list is what a walk
 * of every date gives, and check agrees. */
static void
test_event_list_with_writers (Fixture *f, gconstpointer data)
{
  DatedWriter w[2] = { { f, 0, FALSE }, { f, 1, FALSE } };
  GThread *threads[2];
  g_autoptr(GString) report = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  guint loads = 0, last = 0;

  add_dated_articles (f);
  for (guint i = 0; i < 2; i++)
    threads[i] = g_thread_new ("writer", write_dated, &w[i]);
  while (!g_atomic_int_get (&w[0].done) || !g_atomic_int_get (&w[1].done))
    {
      guint n = count_refs (f);

      g_assert_cmpuint (n, <=, 7 + 2 * 60 * 3);
      last = n;
      loads++;
    }
  for (guint i = 0; i < 2; i++)
    g_thread_join (threads[i]);
  g_test_message ("%u loads while writing, the last %u events", loads, last);
  /* Each writer's 45 articles with dates left, three events each. */
  assert_refs_as_walked (f, 7 + 2 * 45 * 3);
  g_assert_true (khoji_store_check (f->store, report, &error));
  g_assert_no_error (error);
}

/* The kept event list is made by the first load; new dates and removed
 * ones are merged into it at the next, and a cache that is not what this
 * build wrote is ignored. */
static void
test_event_cache (Fixture *f, gconstpointer data)
{
  const char *more[] = { "2021-05", END };
  const char *first[] = { "2024-06-17", "2024", NULL, "2023-01-01/2023-03-31", END };
  g_autoptr(GError) error = NULL;

  add_dated_articles (f);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM event_cache"), ==, 0);
  g_assert_cmpuint (count_refs (f), ==, 7);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM event_cache"), ==, 1);
  /* A 16-byte header, then from 4 to 16 bytes an event. */
  g_assert_cmpint (count_rows (f->path, "SELECT length(refs) FROM event_cache"), >=, 16 + 7 * 4);
  g_assert_cmpint (count_rows (f->path, "SELECT length(refs) FROM event_cache"), <=, 16 + 7 * 16);
  assert_event_refs (f);   /* now from the cache */

  /* An import only adds: the kept list stays, the next load merges the
   * new events into it, exactly as a walk of the index orders them, and
   * keeps the result. */
  {
    gint64 before = count_rows (f->path, "SELECT length(refs) FROM event_cache");
    g_autoptr(GArray) merged = NULL;
    g_autoptr(GArray) walked = NULL;

    add_dated (f, "d4", more, NULL);
    add_dated (f, "d5", first, "मॉस्को");
    g_assert_cmpint (count_rows (f->path, "SELECT length(refs) FROM event_cache"), ==, before);
    merged = khoji_store_list_event_refs (f->store, 0, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (merged->len, ==, 7 + 1 + 3);
    g_assert_cmpint (count_rows (f->path, "SELECT length(refs) FROM event_cache"), >, before);
    raw_exec (f->path, "DELETE FROM event_cache");
    walked = khoji_store_list_event_refs (f->store, 0, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (walked->len, ==, merged->len);
    g_assert_cmpmem (merged->data, merged->len * sizeof (KhojiEventRef), walked->data, walked->len * sizeof (KhojiEventRef));
  }

  /* A new publication date rewrites an article's dates: here, drops
   * the three with a day. The kept list stays; the next load leaves them
   * out, as a walk would. */
  g_assert_true (khoji_store_set_published (f->store, 1, "कहीं बैठक तारीख को हुई।", "2025-01-01", "user", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM event_cache"), ==, 1);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM event_cache_removed"), ==, 4);
  assert_refs_as_walked (f, 8);
  /* Kept again (four changes of eleven): the removed ids are forgotten. */
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM event_cache_removed"), ==, 0);
  g_assert_cmpuint (count_refs (f), ==, 8);
  /* A changed date row (no code does that) still empties it. */
  raw_exec (f->path, "UPDATE date_mention SET precision = precision WHERE id = (SELECT max(id) FROM date_mention)");
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM event_cache"), ==, 0);
  g_assert_cmpuint (count_refs (f), ==, 8);

  /* Damaged, or from another build: made again. */
  raw_exec (f->path, "CREATE TABLE saved AS SELECT refs FROM event_cache");
  raw_exec (f->path, "UPDATE event_cache SET refs = x'00112233'");
  g_assert_cmpuint (count_refs (f), ==, 8);
  g_assert_cmpint (count_rows (f->path, "SELECT length(refs) FROM event_cache"), >=, 24 + 8 * 4);
  raw_exec (f->path, "UPDATE event_cache SET refs = substr(refs, 1, length(refs) - 3)");
  g_assert_cmpuint (count_refs (f), ==, 8);
  /* The header right, an event cut short: still not trusted. */
  raw_exec (f->path, "UPDATE event_cache SET refs = substr(refs, 1, 24) || x'00' || substr(refs, 26)");
  g_assert_cmpuint (count_refs (f), ==, 8);
  g_assert_cmpint (count_rows (f->path, "SELECT (SELECT refs FROM event_cache) = (SELECT refs FROM saved)"), ==, 1);

  /* While another program holds the write lock the list is still read,
   * just not kept. */
  raw_exec (f->path, "DELETE FROM event_cache");
  {
    sqlite3 *db = NULL;

    g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);
    g_assert_cmpuint (count_refs (f), ==, 8);
    g_assert_cmpint (sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);
  }
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM event_cache"), ==, 0);

  /* The same for a merge: the new events are read, the kept list stays
   * as it was until the lock is free. */
  g_assert_cmpuint (count_refs (f), ==, 8);
  add_dated (f, "d6", more, NULL);
  {
    sqlite3 *db = NULL;
    gint64 before = count_rows (f->path, "SELECT length(refs) FROM event_cache");

    g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);
    g_assert_cmpuint (count_refs (f), ==, 9);
    g_assert_cmpint (sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);
    g_assert_cmpint (count_rows (f->path, "SELECT length(refs) FROM event_cache"), ==, before);
  }
  g_assert_cmpuint (count_refs (f), ==, 9);
}

/* Removing the newest article's dates frees the largest ids, and its new
 * dates take them again: the next load must still see them (they are
 * not above the id the kept list was made at), and not the old ones. */
static void
test_event_cache_reused_ids (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) dates = g_ptr_array_new_with_free_func ((GDestroyNotify) khoji_date_mention_free);
  const char *text = "कहीं बैठक तारीख को हुई।";
  gint64 max_before;
  KhojiDateMention *d;

  add_dated_articles (f);
  g_assert_cmpuint (count_refs (f), ==, 7);
  max_before = count_rows (f->path, "SELECT max(id) FROM date_mention");

  d = g_new0 (KhojiDateMention, 1);
  d->start = strstr (text, "तारीख") - text;
  d->end = d->start + strlen ("तारीख");
  d->value = g_strdup ("1999-09-09");
  d->precision = KHOJI_PRECISION_DAY;
  d->sentence_start = 0;
  d->sentence_end = strlen (text);
  g_ptr_array_add (dates, d);
  g_assert_true (khoji_store_set_published (f->store, 3, text, "2025-02-02", "user", dates, &error));
  g_assert_no_error (error);
  /* The id taken again: */
  g_assert_cmpint (count_rows (f->path, "SELECT max(id) FROM date_mention"), ==, max_before);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM event_cache_removed"), ==, 1);
  {
    g_autoptr(GArray) refs = khoji_store_list_event_refs (f->store, 0, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (refs->len, ==, 7);
    g_assert_cmpuint (g_array_index (refs, KhojiEventRef, 0).first_day, ==, julian (1999, 9, 9));
    g_assert_cmpint (g_array_index (refs, KhojiEventRef, 0).article_id, ==, 3);
    for (guint i = 0; i < refs->len; i++)
      g_assert_cmpuint (g_array_index (refs, KhojiEventRef, i).first_day, !=, julian (2025, 1, 2));
  }
  assert_refs_as_walked (f, 7);
}

/* A cache of more than one chunk (about 5 bytes an event, read 64 KB at a time)
 * gives back exactly what the walk of the index gave. */
static void
test_event_cache_large (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) walked = NULL;
  g_autoptr(GArray) cached = NULL;
  g_autoptr(GError) error = NULL;
  guint n_undated = 0;
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 1, G_DATE_JANUARY, 1990);
  for (guint i = 0; i < 20000; i++)
    {
      GDate day = date;

      /* Days, months and years, out of order, many on one day. */
      g_date_add_days (&day, (i * 7919) % 12000);
      if (i % 10 == 3)
        g_ptr_array_add (values, g_strdup_printf ("%04d-%02d", g_date_get_year (&day), g_date_get_month (&day)));
      else if (i % 10 == 7)
        g_ptr_array_add (values, g_strdup_printf ("%04d", g_date_get_year (&day)));
      else
        g_ptr_array_add (values, g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&day),
                                                  g_date_get_month (&day), g_date_get_day (&day)));
    }
  g_ptr_array_add (values, (gpointer) END);
  add_dated (f, "many", (const char * const *) values->pdata, "मॉस्को");
  g_ptr_array_index (values, values->len - 1) = NULL;

  walked = khoji_store_list_event_refs (f->store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (f->path, "SELECT length(refs) FROM event_cache"), >, 65536);   /* more than one chunk */
  cached = khoji_store_list_event_refs (f->store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (walked->len, ==, 20000);
  g_assert_cmpmem (cached->data, cached->len * sizeof (KhojiEventRef), walked->data, walked->len * sizeof (KhojiEventRef));

  /* Two more articles on the same days, with intervals and dates whose
   * resolution is relative: merged into the kept list, the result is
   * what a walk gives, and both are in walk order. */
  for (guint k = 0; k < 2; k++)
    {
      g_autoptr(GPtrArray) more = g_ptr_array_new_with_free_func (g_free);

      for (guint i = 0; i < 5000; i++)
        {
          const char *v = g_ptr_array_index (values, (i * 104729 + k * 17) % 20000);

          if (i % 7 == 2)
            g_ptr_array_add (more, g_strdup_printf ("%.4s-01-01/%.4s-12-31", v, v));
          else if (i % 13 == 4)   /* the same days as the year alone */
            g_ptr_array_add (more, g_strdup_printf ("%.4s/%.4s", v, v));
          else if (i % 11 == 5)
            g_ptr_array_add (more, NULL), n_undated++;
          else if (i % 3 == 1)
            g_ptr_array_add (more, g_strconcat ("~", v, NULL));
          else
            g_ptr_array_add (more, g_strdup (v));
        }
      g_ptr_array_add (more, (gpointer) END);
      add_dated (f, k == 0 ? "more1" : "more2", (const char * const *) more->pdata, NULL);
      g_ptr_array_index (more, more->len - 1) = NULL;
    }
  g_assert_cmpuint (n_undated, ==, 2 * 360);
  assert_refs_as_walked (f, 20000 + 2 * 5000 - n_undated);
}

/* Adds an article naming one person, FORM its whole text before "।";
 * returns the entity the mention went to. */
static gint64
add_person (Fixture *f, const char *hash, const char *form, const char *key)
{
  g_autoptr(GPtrArray) mentions = g_ptr_array_new_with_free_func ((GDestroyNotify) khoji_mention_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strconcat (form, "।", NULL);
  KhojiStoreArticle a = article_with (text, hash, mentions);
  KhojiMention *m = g_new0 (KhojiMention, 1);
  gint64 id;

  m->start = 0;
  m->end = strlen (form);
  m->key = g_strdup (key);
  m->name = g_strdup (form);
  m->type = KHOJI_ENTITY_PERSON;
  g_ptr_array_add (mentions, m);
  id = khoji_store_add_article (f->store, &a, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return count_rows (f->path, "SELECT entity_id FROM mention ORDER BY id DESC LIMIT 1");
}

/* A surname alone in a later article is the one person of the library
 * whose longer name ends with it, and nobody when two people share it. */
static void
assert_surnames_link (Fixture *f)
{
  gint64 sergei = add_person (f, "s1", "सर्गेई शोइगु", "person:sergei shoigu");
  gint64 alexander;

  g_assert_cmpint (add_person (f, "s2", "शोइगु", "person:shoigu"), ==, sergei);
  alexander = add_person (f, "s3", "अलेक्सांद्र शोइगु", "person:alexander shoigu");
  g_assert_cmpint (alexander, !=, sergei);
  {
    gint64 lone = add_person (f, "s4", "शोइगु", "person:shoigu");
    g_assert_cmpint (lone, !=, sergei);
    g_assert_cmpint (lone, !=, alexander);
  }
}

static char *
entity_name (Fixture *f, gint64 id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) one = khoji_store_list_entities (f->store, TRUE, id, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (one->len, ==, 1);
  return g_strdup (khoji_entity_get_name (g_ptr_array_index (one, 0)));
}

/* A key with corrections but no row (its row went with the articles
 * that named it; a library copied with its corrections): the row made
 * for it when an article names it again takes them, while a new key
 * beside it in the same article takes none. */
static void
test_new_row_takes_corrections (Fixture *f, gconstpointer data)
{
  gint64 putin, other;
  char *name;

  raw_exec (f->path, "INSERT INTO correction (kind, entity_key, value, created)"
                     " VALUES ('rename', 'person:putin', 'पुतिन जी', 1), ('hide', 'person:putin', '1', 2)");
  other = add_person (f, "c1", "व्लादिमीर", "person:vladimir");
  putin = add_person (f, "c2", "पुतिन", "person:putin");
  g_assert_cmpint (putin, !=, other);
  name = entity_name (f, putin);
  g_assert_cmpstr (name, ==, "पुतिन जी");
  g_free (name);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM entity WHERE key = 'person:putin'"
                                        " AND hidden = 1 AND locked_name = 1"), ==, 1);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM entity WHERE key = 'person:vladimir'"
                                        " AND hidden = 0 AND locked_name = 0"), ==, 1);
}

/* A key's display name grows to a fuller name that contains it, never
 * shrinks, never takes an unrelated longer one, and never replaces a
 * name the user chose. */
static void
test_fuller_name (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 id = add_person (f, "n1", "पुतिन", "person:putin");
  char *name;

  g_assert_cmpint (add_person (f, "n2", "व्लादिमीर पुतिन", "person:putin"), ==, id);
  name = entity_name (f, id);
  g_assert_cmpstr (name, ==, "व्लादिमीर पुतिन");
  g_free (name);
  add_person (f, "n3", "पुतिन", "person:putin");
  add_person (f, "n4", "व्लादिमीर व्लादिमीरोविच", "person:putin");
  name = entity_name (f, id);
  g_assert_cmpstr (name, ==, "व्लादिमीर पुतिन");
  g_free (name);

  g_assert_true (khoji_store_add_correction (f->store, KHOJI_CORRECTION_RENAME, id, 0, "पुतिन जी", &error));
  g_assert_no_error (error);
  add_person (f, "n5", "राष्ट्रपति पुतिन जी", "person:putin");
  name = entity_name (f, id);
  g_assert_cmpstr (name, ==, "पुतिन जी");
  g_free (name);
}

/* An import remembers the spellings it has written; one whose article
 * was rolled back was not written, and the next article writes it. */
static void
test_alias_after_rollback (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) mentions = g_ptr_array_new_with_free_func ((GDestroyNotify) khoji_mention_free);
  g_autoptr(GError) error = NULL;
  KhojiStoreArticle a = article_with ("पुतिन।", "r1", mentions);
  KhojiMention *m = g_new0 (KhojiMention, 1);

  m->start = 0;
  m->end = strlen ("पुतिन");
  m->key = g_strdup ("person:putin");
  m->name = g_strdup ("पुतिन");
  m->type = KHOJI_ENTITY_PERSON;
  g_ptr_array_add (mentions, m);

  /* The mention's row fails after its spelling was written. */
  raw_exec (f->path, PICK (f, "CREATE TRIGGER no_mentions BEFORE INSERT ON mention BEGIN SELECT RAISE(ABORT, 'refused'); END",
                           "CREATE FUNCTION refuse () RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RAISE 'refused'; END$$;"
                           "CREATE TRIGGER no_mentions BEFORE INSERT ON mention FOR EACH ROW EXECUTE FUNCTION refuse ()"));
  g_assert_cmpint (khoji_store_add_article (f->store, &a, &error), ==, 0);
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM alias"), ==, 0);

  raw_exec (f->path, PICK (f, "DROP TRIGGER no_mentions", "DROP TRIGGER no_mentions ON mention"));
  a.hash = "r2";
  g_assert_cmpint (khoji_store_add_article (f->store, &a, &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM alias WHERE form = 'पुतिन'"), ==, 1);

  /* Known now: a third article adds no second row and still links. */
  a.hash = "r3";
  g_assert_cmpint (khoji_store_add_article (f->store, &a, &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM alias"), ==, 1);
  g_assert_cmpint (count_rows (f->path, "SELECT count(DISTINCT entity_id) FROM mention"), ==, 1);
}

static void
test_surname_links (Fixture *f, gconstpointer data)
{
  assert_surnames_link (f);
}

/* Version 3 to 4 drops and narrows indexes; the rows, the listing, the
 * events and the surname links stay what they were. */
static void
test_migration_lighter_indexes (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;

  add_counted_entities (f);
  add_dated_articles (f);
  before = khoji_store_list_entities (f->store, TRUE, 0, NULL, &error);
  g_assert_no_error (error);
  khoji_store_close (f->store);
  f->store = NULL;
  downgrade_to_v3 (f->path);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM sqlite_master WHERE name IN ('entity_listing_order', 'alias_fold')"), ==, 2);

  f->store = khoji_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (khoji_store_get_schema_version (f->store), ==, KHOJI_STORE_SCHEMA_VERSION);
  g_assert_cmpint (count_rows (f->path, "PRAGMA user_version"), ==, KHOJI_STORE_SCHEMA_VERSION);
  assert_v4_indexes (f->path);
  after = khoji_store_list_entities (f->store, TRUE, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->len, ==, before->len);
  for (guint i = 0; i < after->len; i++)
    g_assert_cmpint (khoji_entity_get_id (g_ptr_array_index (after, i)), ==,
                     khoji_entity_get_id (g_ptr_array_index (before, i)));
  assert_event_refs (f);
  assert_surnames_link (f);
}

/* Version 4 to 5 replaces the mention_entity index by the entity_article
 * FTS5 table, filled from the mentions: each entity's articles stay. */
static void
test_migration_entity_index (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) before = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autoptr(GString) report = g_string_new (NULL);

  add_counted_entities (f);
  all = khoji_store_list_entities (f->store, TRUE, 0, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < all->len; i++)
    g_ptr_array_add (before, khoji_store_articles_for_entity (f->store, khoji_entity_get_id (g_ptr_array_index (all, i)), &error));
  khoji_store_close (f->store);
  f->store = NULL;
  downgrade_to_v4 (f->path);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM sqlite_master WHERE name = 'entity_article'"), ==, 0);

  f->store = khoji_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (f->path, "PRAGMA user_version"), ==, KHOJI_STORE_SCHEMA_VERSION);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM sqlite_master WHERE name = 'entity_article'"), ==, 1);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM sqlite_master WHERE name = 'mention_entity'"), ==, 0);
  for (guint i = 0; i < all->len; i++)
    {
      g_autoptr(GArray) now = khoji_store_articles_for_entity (f->store, khoji_entity_get_id (g_ptr_array_index (all, i)), &error);
      GArray *was = g_ptr_array_index (before, i);

      g_assert_no_error (error);
      g_assert_cmpuint (now->len, >, 0);
      g_assert_cmpmem (now->data, now->len * sizeof (gint64), was->data, was->len * sizeof (gint64));
    }
  /* रूस is named in articles 1 to 3. */
  {
    g_autoptr(GArray) russia = khoji_store_articles_for_entity (f->store, khoji_entity_get_id (g_ptr_array_index (all, 0)), &error);
    g_assert_cmpuint (russia->len, ==, 3);
    g_assert_cmpint (g_array_index (russia, gint64, 2), ==, 3);
  }
  g_assert_true (khoji_store_check (f->store, report, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (report->str, "entity index: ok"));
}

static void
assert_same_listing (GPtrArray *a, GPtrArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      KhojiEntity *x = g_ptr_array_index (a, i), *y = g_ptr_array_index (b, i);

      g_assert_cmpint (khoji_entity_get_id (x), ==, khoji_entity_get_id (y));
      g_assert_cmpuint (khoji_entity_get_article_count (x), ==, khoji_entity_get_article_count (y));
      g_assert_cmpuint (khoji_entity_get_mention_count (x), ==, khoji_entity_get_mention_count (y));
    }
}

/* Counts an import logs are the same to a reader before and after they
 * are folded into the entity rows, and check agrees either way. */
static void
test_count_log (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) logged = NULL;
  g_autoptr(GPtrArray) folded = NULL;
  g_autoptr(GPtrArray) one = NULL;
  g_autoptr(GString) report = g_string_new (NULL);

  add_counted_entities (f);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM entity WHERE n_mentions > 0"), ==, 0);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM entity_count_log"), >, 0);
  logged = khoji_store_list_entities (f->store, TRUE, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (logged->len, ==, 4);
  g_assert_cmpuint (khoji_entity_get_article_count (g_ptr_array_index (logged, 0)), ==, 3);
  one = khoji_store_list_entities (f->store, TRUE, khoji_entity_get_id (g_ptr_array_index (logged, 1)), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (one->len, ==, 1);
  g_assert_cmpuint (khoji_entity_get_mention_count (g_ptr_array_index (one, 0)), ==, 3);
  g_assert_true (khoji_store_check (f->store, report, &error));
  g_assert_no_error (error);

  g_assert_true (khoji_store_fold_counts (f->store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM entity_count_log"), ==, 0);
  g_assert_cmpint (count_rows (f->path, "SELECT n_articles FROM entity WHERE key = 'place:russia'"), ==, 3);
  folded = khoji_store_list_entities (f->store, TRUE, 0, NULL, &error);
  g_assert_no_error (error);
  assert_same_listing (logged, folded);
  g_string_truncate (report, 0);
  g_assert_true (khoji_store_check (f->store, report, &error));
  g_assert_no_error (error);

  /* Folding an empty log changes nothing. */
  g_assert_true (khoji_store_fold_counts (f->store, &error));
  g_assert_cmpint (count_rows (f->path, "SELECT n_articles FROM entity WHERE key = 'place:russia'"), ==, 3);
}

/* Version 5 to 6 adds the count log; the counts stay. */
static void
test_migration_count_log (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;

  add_counted_entities (f);
  before = khoji_store_list_entities (f->store, TRUE, 0, NULL, &error);
  g_assert_no_error (error);
  khoji_store_close (f->store);
  f->store = NULL;
  downgrade_to_v5 (f->path);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM sqlite_master WHERE name = 'entity_count_log'"), ==, 0);

  f->store = khoji_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (f->path, "PRAGMA user_version"), ==, KHOJI_STORE_SCHEMA_VERSION);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM entity_count_log"), ==, 0);
  after = khoji_store_list_entities (f->store, TRUE, 0, NULL, &error);
  g_assert_no_error (error);
  assert_same_listing (before, after);
}

/* Version 6 to 7: a new date no longer empties the kept event list; the
 * list kept by version 6 (which records no last id) is made again. */
static void
test_migration_event_cache_delta (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  const char *more[] = { "2021-05", END };

  add_dated_articles (f);
  g_assert_cmpuint (count_refs (f), ==, 7);
  khoji_store_close (f->store);
  f->store = NULL;
  downgrade_to_v6 (f->path);

  f->store = khoji_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (f->path, "PRAGMA user_version"), ==, KHOJI_STORE_SCHEMA_VERSION);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM sqlite_master WHERE name = 'event_cache_insert'"), ==, 0);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM event_cache"), ==, 0);
  assert_event_refs (f);
  add_dated (f, "d4", more, NULL);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM event_cache"), ==, 1);
  g_assert_cmpuint (count_refs (f), ==, 8);
}

/* Version 7 to 8: the table of date refs instead of an index of dates by
 * day; the kept event list stays as it was, and a new publication date
 * now keeps it too. */
static void
test_migration_date_refs (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) report = g_string_new (NULL);
  g_autofree char *cache_before = NULL;
  g_autofree char *cache_after = NULL;

  add_dated_articles (f);
  g_assert_cmpuint (count_refs (f), ==, 7);
  khoji_store_close (f->store);
  f->store = NULL;
  downgrade_to_v7 (f->path);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM sqlite_master WHERE name = 'date_day'"), ==, 1);
  cache_before = text_rows (f->path, "SELECT hex(refs) FROM event_cache");

  f->store = khoji_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (f->path, "PRAGMA user_version"), ==, KHOJI_STORE_SCHEMA_VERSION);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM sqlite_master WHERE name = 'date_day'"), ==, 0);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM date_ref"), ==, 7);
  cache_after = text_rows (f->path, "SELECT hex(refs) FROM event_cache");
  g_assert_cmpstr (cache_after, ==, cache_before);
  g_assert_cmpuint (strlen (cache_after), >, 48);
  assert_event_refs (f);

  g_assert_true (khoji_store_set_published (f->store, 2, "कहीं बैठक तारीख को हुई।", "2025-01-01", "user", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM event_cache_removed"), ==, 3);
  assert_refs_as_walked (f, 4);
  g_assert_true (khoji_store_check (f->store, report, &error));
  g_assert_no_error (error);
}

/* An article whose place is named in its first, second and fourth
 * sentences (the third names none), in Devanagari with a Latin name
 * between, so that bytes and code points differ. */
static const char sentences_text[] =
  "मॉस्को से खबर आई।\nरूस ने कहा कि Moscow और मॉस्को एक हैं। कुछ नहीं हुआ! फिर मॉस्को में बैठक हुई।";

static void
add_sentence_article (Fixture *f)
{
  g_autoptr(GPtrArray) mentions = g_ptr_array_new_with_free_func ((GDestroyNotify) khoji_mention_free);
  g_autoptr(GError) error = NULL;
  KhojiStoreArticle a = { 0 };
  const char *at = sentences_text;

  while ((at = strstr (at, "मॉस्को")))
    {
      KhojiMention *m = mention (at, "मॉस्को", "place:moscow", KHOJI_ENTITY_PLACE);

      m->start += at - sentences_text;
      m->end += at - sentences_text;
      g_ptr_array_add (mentions, m);
      at += strlen ("मॉस्को");
    }
  g_ptr_array_add (mentions, mention (sentences_text, "रूस", "place:russia", KHOJI_ENTITY_PLACE));
  g_assert_cmpuint (mentions->len, ==, 4);
  a.hash = "sentences";
  a.title = "शीर्षक";
  a.text = sentences_text;
  a.mentions = mentions;
  g_assert_cmpint (khoji_store_add_article (f->store, &a, &error), >, 0);
  g_assert_no_error (error);
}

/* Closes the store, takes its file or archive back to an older version
 * with undo_sql, checks it says that version, and opens it again: the
 * migration runs, and the store must say the current version. */
static void
reopen_from_version (Fixture    *f,
                     const char *undo_sql,
                     int         version)
{
  const char *version_sql = PICK (f, "PRAGMA user_version", "SELECT version FROM khoji_version");
  g_autoptr(GError) error = NULL;

  khoji_store_close (f->store);
  f->store = NULL;
  raw_exec (f->path, undo_sql);
  g_assert_cmpint (count_rows (f->path, version_sql), ==, version);

  f->store = khoji_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (khoji_store_get_schema_version (f->store), ==, KHOJI_STORE_SCHEMA_VERSION);
  g_assert_cmpint (count_rows (f->path, version_sql), ==, KHOJI_STORE_SCHEMA_VERSION);
}

/* Version 9 to 10: corrections say who made them. Those made before
 * say nobody; those made after, the OS user. On both backends: this is
 * the migration of an archive from the previous version. */
static void
test_migration_correction_who (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) report = g_string_new (NULL);
  g_autoptr(GPtrArray) entities = NULL;
  g_autofree char *rows = NULL;
  g_autofree char *expected = NULL;
  gint64 id;

  add_counted_entities (f);
  entities = khoji_store_list_entities (f->store, TRUE, 0, NULL, &error);
  g_assert_no_error (error);
  id = khoji_entity_get_id (g_ptr_array_index (entities, 0));
  g_assert_true (khoji_store_add_correction (f->store, KHOJI_CORRECTION_RENAME, id, 0, "पहले", &error));
  g_assert_no_error (error);
  reopen_from_version (f, PICK (f, KHOJI_TEST_UNDO_V10_SQL, KHOJI_TEST_PG_UNDO_V10_SQL), 9);
  g_assert_true (khoji_store_add_correction (f->store, KHOJI_CORRECTION_RENAME, id, 0, "बाद में", &error));
  g_assert_no_error (error);
  rows = text_rows (f->path, "SELECT value, who, created > 0 FROM correction ORDER BY id");
  expected = g_strdup_printf ("पहले||%s\nबाद में|%s|%s\n", PICK (f, "1", "t"), g_get_user_name (), PICK (f, "1", "t"));
  g_assert_cmpstr (rows, ==, expected);
  g_assert_true (khoji_store_check (f->store, report, &error));
  g_assert_no_error (error);
}

/* Version 10 to 11: the archive's timeline from its own narrow table of
 * dated rows, filled from the dates already there, and its search keys
 * kept uncompressed from then on; the file changes only its number. */
static void
test_migration_archive_reads (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) report = g_string_new (NULL);

  add_dated_articles (f);
  reopen_from_version (f, PICK (f, KHOJI_TEST_UNDO_V11_SQL, KHOJI_TEST_PG_UNDO_V11_SQL), 10);
  if (f->pg)
    {
      g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM date_ref"), ==, 7);
      g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM pg_attribute WHERE attrelid = 'article'::regclass"
                                   " AND attname = 'search' AND attstorage = 'e'"), ==, 1);
    }
  assert_event_refs (f);
  g_assert_true (khoji_store_check (f->store, report, &error));
  g_assert_no_error (error);
}

/* Version 12 to 13: the archive keeps its timeline's list of events.
 * The dates already there are read at the first load and kept then;
 * the file changes only its number. */
static void
test_migration_archive_event_list (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) report = g_string_new (NULL);
  const char *more[] = { "2021-05", END };

  add_dated_articles (f);
  reopen_from_version (f, PICK (f, KHOJI_TEST_UNDO_V13_SQL, KHOJI_TEST_PG_UNDO_V13_SQL), 12);
  if (f->pg)
    {
      g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM date_ref WHERE kept"), ==, 7);
      g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM event_list"), ==, 0);
    }
  g_assert_true (khoji_store_check (f->store, report, &error));
  g_assert_no_error (error);
  assert_event_refs (f);
  if (f->pg)
    g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM event_list"), ==, 1);
  add_dated (f, "d4", more, NULL);
  assert_refs_as_walked (f, 8);
  g_string_truncate (report, 0);
  g_assert_true (khoji_store_check (f->store, report, &error));
  g_assert_no_error (error);
}

/* Version 13 to 14: the archive's index of the pairs of words next to
 * each other, made for the articles already there, and the phrases
 * found through it as before; the file changes only its number. */
static void
test_migration_search_pairs (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) report = g_string_new (NULL);
  KhojiStoreArticle a = { .path = "/tmp/m.txt", .hash = "m1", .title = "शीर्षक",
                          .text = "मॉस्को में बैठक हुई। बैठक में पुतिन नहीं आए।" };

  g_assert_cmpint (khoji_store_add_article (f->store, &a, &error), ==, 1);
  g_assert_no_error (error);
  reopen_from_version (f, PICK (f, KHOJI_TEST_UNDO_V14_SQL, KHOJI_TEST_PG_UNDO_V14_SQL), 13);
  if (f->pg)
    g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM pg_indexes WHERE indexname = 'article_search_pairs_newest'"),
                     ==, 1);
  assert_found (f->store, "\"में बैठक\"", "1");
  assert_found (f->store, "\"बैठक में पुतिन\"", "1");
  assert_found (f->store, "\"में बैठक में\"", "");
  g_assert_true (khoji_store_check (f->store, report, &error));
  g_assert_no_error (error);
}

/* An archive whose index holds the plain ids (as made before the
 * search asked for id + 0): opened, it has the index made again, the
 * old one gone, and finds what it found. */
static void
test_search_index_of_plain_ids (Fixture *f, gconstpointer data)
{
  KhojiStoreArticle a = { .path = "/tmp/p.txt", .hash = "p1", .title = "शीर्षक",
                          .text = "मॉस्को में बैठक हुई। बैठक में पुतिन नहीं आए।" };
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (khoji_store_add_article (f->store, &a, &error), ==, 1);
  g_assert_no_error (error);
  reopen_from_version (f, "DROP INDEX article_search_pairs_newest;"
                          "CREATE INDEX article_search_pairs_recent ON article"
                          " USING gin (search, khoji_search_pairs (search), id);", KHOJI_STORE_SCHEMA_VERSION);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM pg_indexes WHERE indexname = 'article_search_pairs_newest'"), ==, 1);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM pg_indexes WHERE tablename = 'article'"
                                        " AND indexdef LIKE '%USING gin%'"), ==, 1);
  assert_found (f->store, "\"बैठक\"", "1");
  assert_found (f->store, "\"में बैठक\"", "1");
  assert_found (f->store, "\"पनीर\"", "");
}

/* A wrong password, none, and the right one, on an archive whose role
 * must give one, and a server that is not there: each said apart, and
 * no password in the words. */
static void
test_wrong_password (Fixture *f, gconstpointer data)
{
  static gboolean made;
  g_autoptr(GError) error = NULL;
  g_autofree char *wrong = NULL, *none = NULL, *right = NULL;
  const char *rest = strchr (f->path, '@');
  KhojiStore *other;

  g_assert_nonnull (rest);
  if (!made)
    {
      g_assert_true (khoji_test_pg_add_password_role (khoji_test_pg_shared (), "reporter", "right-one", &error));
      g_assert_no_error (error);
      made = TRUE;
    }
  /* No password file of the user's own may answer for the test. */
  g_setenv ("PGPASSFILE", "/dev/null", TRUE);
  wrong = g_strconcat ("postgresql://reporter:wrong-one", rest, NULL);
  none = g_strconcat ("postgresql://reporter", rest, NULL);
  right = g_strconcat ("postgres://reporter:right-one", rest, NULL);

  other = khoji_store_open (wrong, &error);
  g_assert_null (other);
  g_assert_error (error, KHOJI_STORE_ERROR, KHOJI_STORE_ERROR_AUTH);
  g_assert_nonnull (strstr (error->message, "refused the user name or the password"));
  g_assert_null (strstr (error->message, "wrong-one"));
  g_clear_error (&error);

  other = khoji_store_open (none, &error);
  g_assert_null (other);
  g_assert_error (error, KHOJI_STORE_ERROR, KHOJI_STORE_ERROR_AUTH);
  g_assert_nonnull (strstr (error->message, "asks for a password"));
  g_clear_error (&error);

  other = khoji_store_open (right, &error);
  g_assert_no_error (error);
  g_assert_nonnull (other);
  g_assert_cmpint (khoji_store_get_schema_version (other), ==, KHOJI_STORE_SCHEMA_VERSION);
  khoji_store_close (other);

  /* A server that is not there is another error. */
  other = khoji_store_open ("postgresql://reporter:right-one@/nothing?host=/nonexistent-khoji-folder", &error);
  g_assert_null (other);
  g_assert_error (error, KHOJI_STORE_ERROR, KHOJI_STORE_ERROR_UNREACHABLE);
}

/* Each mention records the sentence it starts in, counted as
 * khoji_text_sentences counts (a line end ends one). */
static void
test_mention_sentence (Fixture *f, gconstpointer data)
{
  g_autofree char *rows = NULL;

  add_sentence_article (f);
  rows = text_rows (f->path, "SELECT e.key, m.sentence FROM mention m JOIN entity e ON e.id = m.entity_id"
                             " ORDER BY m.start");
  g_assert_cmpstr (rows, ==, "place:moscow|0\nplace:russia|1\nplace:moscow|1\nplace:moscow|3\n");
}

/* Version 8 to 9: the sentence of each mention, filled for the mentions
 * already there as an import fills it. */
static void
test_migration_mention_sentence (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) report = g_string_new (NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  add_sentence_article (f);
  add_counted_entities (f);
  before = text_rows (f->path, "SELECT id, sentence FROM mention ORDER BY id");
  khoji_store_close (f->store);
  f->store = NULL;
  raw_exec (f->path, KHOJI_TEST_UNDO_V9_SQL);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM pragma_table_info('mention') WHERE name = 'sentence'"), ==, 0);

  f->store = khoji_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (f->path, "PRAGMA user_version"), ==, KHOJI_STORE_SCHEMA_VERSION);
  after = text_rows (f->path, "SELECT id, sentence FROM mention ORDER BY id");
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (count_rows (f->path, "SELECT count(DISTINCT sentence) FROM mention"), ==, 3);
  g_assert_true (khoji_store_check (f->store, report, &error));
  g_assert_no_error (error);
}

static void
test_migration_event_days (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  add_dated_articles (f);
  khoji_store_close (f->store);
  f->store = NULL;

  /* Back to a version 1 library: the table as it was, no day columns. */
  downgrade_to_v1 (f->path);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM pragma_table_info('date_mention') WHERE name = 'first_day'"), ==, 0);

  f->store = khoji_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (khoji_store_get_schema_version (f->store), ==, KHOJI_STORE_SCHEMA_VERSION);
  g_assert_cmpint (count_rows (f->path, "PRAGMA user_version"), ==, KHOJI_STORE_SCHEMA_VERSION);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM date_mention WHERE value IS NOT NULL AND first_day IS NULL"), ==, 0);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM date_mention WHERE value IS NULL AND first_day IS NULL"), ==, 1);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM date_mention WHERE is_interval"), ==, 1);
  assert_event_refs (f);

  /* And the upgraded library takes new articles like a new one. */
  {
    const char *more[] = { "2021-05", END };
    g_autoptr(GArray) refs = NULL;

    add_dated (f, "d4", more, NULL);
    refs = khoji_store_list_event_refs (f->store, 0, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (refs->len, ==, 8);
    g_assert_cmpuint (g_array_index (refs, KhojiEventRef, 0).first_day, ==, julian (2021, 5, 1));
    g_assert_cmpuint (g_array_index (refs, KhojiEventRef, 0).last_day, ==, julian (2021, 5, 31));
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add ("/khoji/store/sqlite/" path, Fixture, &sqlite_backend, fixture_set_up, fn, fixture_tear_down)
  /* Every test of what the store does, not of how SQLite keeps it, runs
   * against both backends. */
#define ADD_BOTH(path, fn) \
  ADD (path, fn); \
  g_test_add ("/khoji/store/postgresql/" path, Fixture, &postgresql_backend, fixture_set_up, fn, fixture_tear_down)
  ADD_BOTH ("fresh-schema", test_fresh_schema);
  ADD_BOTH ("reopen-keeps-data", test_reopen_keeps_data);
  g_test_add ("/khoji/store/postgresql/same-tables", Fixture, &postgresql_backend, fixture_set_up,
              test_same_tables, fixture_tear_down);
  ADD_BOTH ("migrations/newer-refused", test_newer_schema_refused);
  ADD ("not-a-database", test_not_a_database);
  ADD_BOTH ("article-is-one-transaction", test_article_is_one_transaction);
  ADD_BOTH ("given-tokens", test_given_tokens);
  ADD_BOTH ("duplicate-hash-refused", test_duplicate_hash_refused);
  ADD_BOTH ("fts-folding", test_fts_folding);
  ADD_BOTH ("snippet-window", test_snippet_window);
  ADD_BOTH ("search-ranks-newest-matches", test_search_ranks_newest_matches);
  ADD_BOTH ("search-rank-order", test_search_rank_order);
  g_test_add ("/khoji/store/postgresql/search-same-on-both", Fixture, &postgresql_backend, fixture_set_up,
              test_search_same_on_both, fixture_tear_down);
  g_test_add ("/khoji/store/postgresql/search-reads-ranked-vectors", Fixture, &postgresql_backend, fixture_set_up,
              test_search_reads_ranked_vectors, fixture_tear_down);
  g_test_add ("/khoji/store/postgresql/search-index-of-plain-ids", Fixture, &postgresql_backend, fixture_set_up,
              test_search_index_of_plain_ids, fixture_tear_down);
  g_test_add ("/khoji/store/postgresql/search-without-btree-gin", Fixture, &postgresql_backend, fixture_set_up,
              test_search_without_btree_gin, fixture_tear_down);
  ADD_BOTH ("entity-listing-order", test_entity_listing_order);
  ADD_BOTH ("top-entities", test_top_entities);
  ADD ("migrations/v1-listing-index", test_migration_from_v1);
  ADD ("check-finds-damage", test_check_finds_damage);
  ADD_BOTH ("event-refs", test_event_refs);
  ADD_BOTH ("kept-events-follow-changes", test_kept_events_follow_changes);
  g_test_add ("/khoji/store/postgresql/event-list-commit-order", Fixture, &postgresql_backend, fixture_set_up,
              test_event_list_commit_order, fixture_tear_down);
  ADD_BOTH ("event-list-with-writers", test_event_list_with_writers);
  ADD_BOTH ("keep-events", test_keep_events);
  ADD ("event-cache", test_event_cache);
  ADD ("event-cache-reused-ids", test_event_cache_reused_ids);
  ADD ("event-cache-large", test_event_cache_large);
  ADD ("migrations/v1-event-days", test_migration_event_days);
  ADD ("migrations/v3-lighter-indexes", test_migration_lighter_indexes);
  ADD ("migrations/v4-entity-index", test_migration_entity_index);
  ADD ("migrations/v5-count-log", test_migration_count_log);
  ADD_BOTH ("count-log", test_count_log);
  ADD ("migrations/v6-event-cache-delta", test_migration_event_cache_delta);
  ADD ("migrations/v7-date-refs", test_migration_date_refs);
  ADD ("migrations/v8-mention-sentence", test_migration_mention_sentence);
  ADD_BOTH ("mention-sentence", test_mention_sentence);
  ADD_BOTH ("migrations/v9-correction-who", test_migration_correction_who);
  ADD_BOTH ("migrations/v10-archive-reads", test_migration_archive_reads);
  ADD_BOTH ("migrations/v12-archive-event-list", test_migration_archive_event_list);
  ADD_BOTH ("migrations/v13-search-pairs", test_migration_search_pairs);
  ADD_BOTH ("search-phrase-in-long-article", test_search_phrase_in_long_article);
  g_test_add ("/khoji/store/postgresql/search-pairs", Fixture, &postgresql_backend, fixture_set_up,
              test_search_pairs, fixture_tear_down);
  g_test_add ("/khoji/store/postgresql/wrong-password", Fixture, &postgresql_backend, fixture_set_up,
              test_wrong_password, fixture_tear_down);
  g_test_add ("/khoji/store/postgresql/article-row-written-once", Fixture, &postgresql_backend, fixture_set_up,
              test_article_row_written_once, fixture_tear_down);
  g_test_add ("/khoji/store/postgresql/pairs-without-statistics", Fixture, &postgresql_backend, fixture_set_up,
              test_pairs_without_statistics, fixture_tear_down);
  g_test_add ("/khoji/store/postgresql/text-compression", Fixture, &postgresql_backend, fixture_set_up,
              test_text_compression, fixture_tear_down);
  ADD_BOTH ("surname-links", test_surname_links);
  ADD_BOTH ("fuller-name", test_fuller_name);
  ADD_BOTH ("new-row-takes-corrections", test_new_row_takes_corrections);
  ADD_BOTH ("alias-after-rollback", test_alias_after_rollback);

  return g_test_run ();
}
