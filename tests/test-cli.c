/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-test-cli"

#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "khoji-test-pg.h"
#include "khoji-test-util.h"

/* The real khoji-cli binary on a temporary library: exit codes, the lines
 * it prints and the JSON of cli-json.md. The contract's cases run on a
 * library file (/sqlite/) and on a fresh database of a throwaway
 * PostgreSQL cluster (/postgresql/), the same assertions. */

typedef enum {
  BACKEND_SQLITE,
  BACKEND_POSTGRESQL,
} Backend;

static const Backend sqlite_backend = BACKEND_SQLITE;
static const Backend postgresql_backend = BACKEND_POSTGRESQL;

typedef struct {
  char     *dir;
  char     *db;     /* --db: a file, or a postgresql:// URI */
  gboolean  pg;
} Fixture;

static const char *
cli_path (void)
{
  const char *p = g_getenv ("KHOJI_CLI");
  g_assert_nonnull (p);
  return p;
}

static int
run (Fixture     *f,
     char       **out,
     char       **err,
     const char  *first,
     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status = 0;
  va_list args;

  g_ptr_array_add (argv, (char *) cli_path ());
  if (f)
    {
      g_ptr_array_add (argv, (char *) "--db");
      g_ptr_array_add (argv, f->db);
    }
  va_start (args, first);
  for (const char *a = first; a; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) a);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  /* A caller that does not read the output must not have it land in the
   * TAP stream this test writes on the same standard output. */
  g_spawn_sync (NULL, (char **) argv->pdata, NULL,
                (out ? 0 : G_SPAWN_STDOUT_TO_DEV_NULL) | (err ? 0 : G_SPAWN_STDERR_TO_DEV_NULL),
                NULL, NULL, out, err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->pg = data != NULL && *(const Backend *) data == BACKEND_POSTGRESQL;
  f->dir = g_dir_make_tmp ("khoji-cli-XXXXXX", &error);
  g_assert_no_error (error);
  if (f->pg)
    f->db = khoji_test_pg_new_database (khoji_test_pg_shared (), "cli");
  else
    f->db = g_build_filename (f->dir, "library.db", NULL);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  khoji_test_remove_tree (f->dir);
  g_free (f->db);
  g_free (f->dir);
}

static JsonObject *
parse_object (JsonParser *parser,
              const char *text)
{
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (JSON_NODE_TYPE (json_parser_get_root (parser)), ==, JSON_NODE_OBJECT);
  return json_node_get_object (json_parser_get_root (parser));
}

/* export --article: only those articles, their mentions and dates and the
 * entities they mention, in each format; an id that is no article is
 * said. */
static void
test_export_articles (Fixture *f, gconstpointer data)
{
  g_autofree char *seeds = khoji_test_seeds_dir ();
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *a = NULL, *b = NULL;
  g_autoptr(JsonParser) all_parser = json_parser_new ();
  g_autoptr(JsonParser) sel_parser = json_parser_new ();
  g_autoptr(GHashTable) entities = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GHashTable) titles = g_hash_table_new (g_str_hash, g_str_equal);
  JsonObject *all, *sel;
  JsonArray *articles, *mentions, *dates, *sel_entities;
  gint64 ids[2];
  guint n_mentions = 0, n_dates = 0, csv_entities = 0, csv_dates = 0, ftm_articles = 0;
  g_auto(GStrv) rows = NULL;
  g_auto(GStrv) lines = NULL;

  if (seeds == NULL)
    {
      g_test_skip ("no seed articles found");
      return;
    }
  g_assert_cmpint (run (f, NULL, NULL, "import", seeds, NULL), ==, 0);
  g_assert_cmpint (run (f, &out, NULL, "export", "--format", "json", NULL), ==, 0);
  all = parse_object (all_parser, out);
  articles = json_object_get_array_member (all, "articles");
  g_assert_cmpuint (json_array_get_length (articles), ==, 5);
  ids[0] = json_object_get_int_member (json_array_get_object_element (articles, 1), "id");
  ids[1] = json_object_get_int_member (json_array_get_object_element (articles, 4), "id");
  g_hash_table_add (titles, (gpointer) json_object_get_string_member (json_array_get_object_element (articles, 1), "title"));
  g_hash_table_add (titles, (gpointer) json_object_get_string_member (json_array_get_object_element (articles, 4), "title"));
  mentions = json_object_get_array_member (all, "mentions");
  for (guint i = 0; i < json_array_get_length (mentions); i++)
    {
      JsonObject *m = json_array_get_object_element (mentions, i);
      gint64 article = json_object_get_int_member (m, "article");
      gint64 entity = json_object_get_int_member (m, "entity");

      if (article == ids[0] || article == ids[1])
        {
          n_mentions++;
          g_hash_table_add (entities, g_memdup2 (&entity, sizeof entity));
        }
    }
  dates = json_object_get_array_member (all, "dates");
  for (guint i = 0; i < json_array_get_length (dates); i++)
    {
      gint64 article = json_object_get_int_member (json_array_get_object_element (dates, i), "article");

      n_dates += article == ids[0] || article == ids[1];
    }
  g_assert_cmpuint (n_mentions, >, 10);
  g_assert_cmpuint (n_dates, >, 0);
  g_assert_cmpuint (g_hash_table_size (entities), <, json_array_get_length (json_object_get_array_member (all, "entities")));

  a = g_strdup_printf ("%" G_GINT64_FORMAT, ids[0]);
  b = g_strdup_printf ("%" G_GINT64_FORMAT, ids[1]);

  /* JSON. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run (f, &out, NULL, "export", "--format", "json", "--article", a, "--article", b, NULL), ==, 0);
  sel = parse_object (sel_parser, out);
  articles = json_object_get_array_member (sel, "articles");
  g_assert_cmpuint (json_array_get_length (articles), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (articles, 0), "id"), ==, ids[0]);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (articles, 1), "id"), ==, ids[1]);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (sel, "mentions")), ==, n_mentions);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (sel, "dates")), ==, n_dates);
  sel_entities = json_object_get_array_member (sel, "entities");
  g_assert_cmpuint (json_array_get_length (sel_entities), ==, g_hash_table_size (entities));
  for (guint i = 0; i < json_array_get_length (sel_entities); i++)
    {
      gint64 id = json_object_get_int_member (json_array_get_object_element (sel_entities, i), "id");

      g_assert_true (g_hash_table_contains (entities, &id));
    }

  /* CSV: the same entities and dates. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run (f, &out, NULL, "export", "--format", "csv", "--article", a, "--article", b, NULL), ==, 0);
  rows = g_strsplit (out, "\r\n", -1);
  for (char **r = rows; *r; r++)
    if (g_str_has_prefix (*r, "entity,"))
      {
        gint64 id = g_ascii_strtoll (*r + strlen ("entity,"), NULL, 10);

        g_assert_true (g_hash_table_contains (entities, &id));
        csv_entities++;
      }
    else if (g_str_has_prefix (*r, "date,"))
      {
        gint64 article = g_ascii_strtoll (*r + strlen ("date,"), NULL, 10);

        g_assert_true (article == ids[0] || article == ids[1]);
        csv_dates++;
      }
  g_assert_cmpuint (csv_entities, ==, g_hash_table_size (entities));
  g_assert_cmpuint (csv_dates, ==, n_dates);

  /* FollowTheMoney: the two articles, by their titles. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run (f, &out, NULL, "export", "--format", "ftm", "--article", a, "--article", b, NULL), ==, 0);
  lines = g_strsplit (out, "\n", -1);
  for (char **l = lines; *l; l++)
    {
      g_autoptr(JsonParser) parser = NULL;
      JsonObject *o, *props;

      if (**l == '\0')
        continue;
      parser = json_parser_new ();
      o = parse_object (parser, *l);
      if (!g_str_equal (json_object_get_string_member (o, "schema"), "Article"))
        continue;
      props = json_object_get_object_member (o, "properties");
      g_assert_true (g_hash_table_contains (titles, json_array_get_string_element (
                       json_object_get_array_member (props, "title"), 0)));
      ftm_articles++;
    }
  g_assert_cmpuint (ftm_articles, ==, 2);

  /* An id that is no article, and one that is no id. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run (f, &out, &err, "export", "--format", "json", "--article", "999", NULL), ==, 1);
  g_assert_cmpstr (out, ==, "");
  g_assert_nonnull (strstr (err, "There is no article with the id 999."));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (f, NULL, &err, "export", "--format", "json", "--article", "x", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "“x” is not an article id."));
}

static void
test_usage_errors (Fixture *f, gconstpointer data)
{
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (run (f, NULL, &err, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "No command"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (f, NULL, &err, "frobnicate", NULL), ==, 2);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (f, NULL, &err, "import", NULL), ==, 2);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (f, NULL, &err, "import", "--date", "2025-02-30", "x.txt", NULL), ==, 2);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (f, NULL, &err, "export", "--format", "xml", NULL), ==, 2);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (f, NULL, &err, "merge", "1", NULL), ==, 2);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (f, NULL, &err, "search", "\"unclosed", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "quotation"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, &out, NULL, "--help", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "import"));
}

static void
test_import_export (Fixture *f, gconstpointer data)
{
  g_autofree char *seeds = khoji_test_seeds_dir ();
  g_autofree char *bad = g_build_filename (f->dir, "bad.txt", NULL);
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  JsonArray *articles, *entities, *mentions, *dates;
  gboolean putin_found = FALSE;

  if (seeds == NULL)
    {
      g_test_skip ("no seed articles found");
      return;
    }
  g_assert_true (g_file_set_contents (bad, "\0\0\0\x01\x02binary", 11, NULL));

  /* One bad file in the batch: exit 1, the good files still imported. */
  g_assert_cmpint (run (f, &out, &err, "import", seeds, bad, NULL), ==, 1);
  g_assert_nonnull (strstr (out, "rejected: "));
  g_assert_nonnull (strstr (out, "5 imported, 0 unchanged duplicates, 1 rejected"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run (f, &out, &err, "import", seeds, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "0 imported, 5 unchanged duplicates, 0 rejected"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run (f, &out, &err, "export", "--format", "json", NULL), ==, 0);
  root = parse_object (parser, out);
  articles = json_object_get_array_member (root, "articles");
  entities = json_object_get_array_member (root, "entities");
  mentions = json_object_get_array_member (root, "mentions");
  dates = json_object_get_array_member (root, "dates");
  g_assert_cmpuint (json_array_get_length (articles), ==, 5);
  g_assert_cmpuint (json_array_get_length (entities), >, 20);
  g_assert_cmpuint (json_array_get_length (mentions), >, 100);
  g_assert_cmpuint (json_array_get_length (dates), >, 10);

  /* Offsets are code points into the article text. */
  for (guint i = 0; i < json_array_get_length (mentions); i++)
    {
      JsonObject *m = json_array_get_object_element (mentions, i);
      gint64 art = json_object_get_int_member (m, "article");
      gint64 start = json_object_get_int_member (m, "start");
      gint64 end = json_object_get_int_member (m, "end");
      const char *text = NULL;

      for (guint k = 0; k < json_array_get_length (articles); k++)
        {
          JsonObject *a = json_array_get_object_element (articles, k);
          if (json_object_get_int_member (a, "id") == art)
            text = json_object_get_string_member (a, "text");
        }
      g_assert_nonnull (text);
      {
        const char *s = g_utf8_offset_to_pointer (text, start);
        const char *e = g_utf8_offset_to_pointer (text, end);
        g_autofree char *sub = g_strndup (s, e - s);
        g_assert_cmpstr (sub, ==, json_object_get_string_member (m, "text"));
      }
    }

  for (guint i = 0; i < json_array_get_length (entities); i++)
    {
      JsonObject *e = json_array_get_object_element (entities, i);
      if (g_str_equal (json_object_get_string_member (e, "latin"), "Vladimir Putin"))
        {
          putin_found = TRUE;
          g_assert_cmpstr (json_object_get_string_member (e, "type"), ==, "person");
          g_assert_cmpint (json_object_get_int_member (e, "articles"), ==, 4);
        }
    }
  g_assert_true (putin_found);

  /* The dateline of seed 003 is its publication date, from the text. */
  for (guint i = 0; i < json_array_get_length (articles); i++)
    {
      JsonObject *a = json_array_get_object_element (articles, i);
      if (g_str_has_suffix (json_object_get_string_member (a, "path"), "003_40fe8e6d14760659.txt"))
        {
          g_assert_cmpstr (json_object_get_string_member (a, "published"), ==, "2025-06-04");
          g_assert_cmpstr (json_object_get_string_member (a, "published_source"), ==, "text");
        }
    }
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run (f, &out, &err, "export", "--format", "csv", "--what", "entities", NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, "id,name,latin,type,aliases,articles,mentions\r\n"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run (f, &out, &err, "check", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "consistent"));
}

static void
test_search_entities_timeline_corrections (Fixture *f, gconstpointer data)
{
  g_autofree char *seeds = khoji_test_seeds_dir ();
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  JsonArray *list;
  gint64 putin = 0, russia = 0;
  char id_a[32], id_b[32];

  if (seeds == NULL)
    {
      g_test_skip ("no seed articles found");
      return;
    }
  g_assert_cmpint (run (f, &out, &err, "import", "--quiet", seeds, NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run (f, &out, &err, "search", "--json", "मास्को", NULL), ==, 0);
  root = parse_object (parser, out);
  list = json_object_get_array_member (root, "results");
  g_assert_cmpuint (json_array_get_length (list), ==, 5);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run (f, &out, &err, "entities", "--type", "person", "--json", NULL), ==, 0);
  root = parse_object (parser, out);
  list = json_object_get_array_member (root, "entities");
  g_assert_cmpuint (json_array_get_length (list), >=, 4);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *e = json_array_get_object_element (list, i);
      g_assert_cmpstr (json_object_get_string_member (e, "type"), ==, "person");
      if (g_str_equal (json_object_get_string_member (e, "latin"), "Vladimir Putin"))
        putin = json_object_get_int_member (e, "id");
    }
  g_assert_cmpint (putin, >, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run (f, &out, &err, "entities", "--type", "place", "--json", NULL), ==, 0);
  root = parse_object (parser, out);
  list = json_object_get_array_member (root, "entities");
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *e = json_array_get_object_element (list, i);
      if (g_str_equal (json_object_get_string_member (e, "latin"), "Russia"))
        russia = json_object_get_int_member (e, "id");
    }
  g_assert_cmpint (russia, >, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_snprintf (id_a, sizeof id_a, "%" G_GINT64_FORMAT, putin);
  g_assert_cmpint (run (f, &out, &err, "timeline", "--json", "--entity", id_a, NULL), ==, 0);
  root = parse_object (parser, out);
  list = json_object_get_array_member (root, "events");
  g_assert_cmpuint (json_array_get_length (list), >, 5);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run (f, &out, &err, "rename", id_a, "राष्ट्रपति पुतिन", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_snprintf (id_b, sizeof id_b, "%" G_GINT64_FORMAT, russia);
  g_assert_cmpint (run (f, &out, &err, "merge", id_a, "999999", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "999999"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Re-importing changes nothing and keeps the rename. */
  g_assert_cmpint (run (f, &out, &err, "import", "--quiet", seeds, NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (f, &out, &err, "entities", "--json", NULL), ==, 0);
  root = parse_object (parser, out);
  list = json_object_get_array_member (root, "entities");
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *e = json_array_get_object_element (list, i);
      if (json_object_get_int_member (e, "id") == putin)
        g_assert_cmpstr (json_object_get_string_member (e, "name"), ==, "राष्ट्रपति पुतिन");
    }
}

/* The id of the entity whose Latin name is LATIN in `entities --json`. */
static gint64
entity_by_latin (Fixture    *f,
                 const char *latin)
{
  g_autofree char *out = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *list;

  g_assert_cmpint (run (f, &out, NULL, "entities", "--hidden", "--json", NULL), ==, 0);
  list = json_object_get_array_member (parse_object (parser, out), "entities");
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *e = json_array_get_object_element (list, i);

      if (g_strcmp0 (json_object_get_string_member (e, "latin"), latin) == 0)
        return json_object_get_int_member (e, "id");
    }
  g_assert_not_reached ();
}

/* `corrections`: each correction with its kind, what it changed, who
 * made it and when, in the order made; --entity keeps one entity's. */
static void
test_corrections_listed (Fixture *f, gconstpointer data)
{
  g_autofree char *seeds = khoji_test_seeds_dir ();
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) fields = NULL;
  g_autofree char *old_name = NULL;
  JsonArray *list;
  JsonObject *c;
  gint64 putin, russia, moscow, ukraine, before, after;
  char id_putin[32], id_russia[32], id_moscow[32], id_ukraine[32];

  if (seeds == NULL)
    {
      g_test_skip ("no seed articles found");
      return;
    }
  g_assert_cmpint (run (f, NULL, NULL, "import", "--quiet", seeds, NULL), ==, 0);

  /* None yet: an empty list, and nothing printed without --json. */
  g_assert_cmpint (run (f, &out, &err, "corrections", "--json", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "{\"corrections\": []}\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (f, &out, NULL, "corrections", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "");
  g_clear_pointer (&out, g_free);

  putin = entity_by_latin (f, "Vladimir Putin");
  russia = entity_by_latin (f, "Russia");
  moscow = entity_by_latin (f, "Moscow");
  ukraine = entity_by_latin (f, "Ukraine");
  g_snprintf (id_putin, sizeof id_putin, "%" G_GINT64_FORMAT, putin);
  g_snprintf (id_russia, sizeof id_russia, "%" G_GINT64_FORMAT, russia);
  g_snprintf (id_moscow, sizeof id_moscow, "%" G_GINT64_FORMAT, moscow);
  g_snprintf (id_ukraine, sizeof id_ukraine, "%" G_GINT64_FORMAT, ukraine);
  g_assert_cmpint (run (f, &out, NULL, "entities", "--type", "person", "--json", NULL), ==, 0);
  list = json_object_get_array_member (parse_object (parser, out), "entities");
  for (guint i = 0; i < json_array_get_length (list); i++)
    if (json_object_get_int_member (json_array_get_object_element (list, i), "id") == putin)
      old_name = g_strdup (json_object_get_string_member (json_array_get_object_element (list, i), "name"));
  g_assert_nonnull (old_name);
  g_clear_pointer (&out, g_free);

  before = g_get_real_time () / G_USEC_PER_SEC;
  g_assert_cmpint (run (f, NULL, NULL, "rename", id_putin, "राष्ट्रपति पुतिन", NULL), ==, 0);
  g_assert_cmpint (run (f, NULL, NULL, "merge", id_moscow, id_russia, NULL), ==, 0);
  g_assert_cmpint (run (f, NULL, NULL, "retype", id_ukraine, "organization", NULL), ==, 0);
  g_assert_cmpint (run (f, NULL, NULL, "hide", id_ukraine, NULL), ==, 0);
  after = g_get_real_time () / G_USEC_PER_SEC;

  g_assert_cmpint (run (f, &out, &err, "corrections", "--json", NULL), ==, 0);
  list = json_object_get_array_member (parse_object (parser, out), "corrections");
  g_assert_cmpuint (json_array_get_length (list), ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      const char *when;
      g_autoptr(GDateTime) t = NULL;

      c = json_array_get_object_element (list, i);
      g_assert_cmpstr (json_object_get_string_member (c, "who"), ==, g_get_user_name ());
      when = json_object_get_string_member (c, "when");
      g_assert_true (g_str_has_suffix (when, "Z"));
      t = g_date_time_new_from_iso8601 (when, NULL);
      g_assert_nonnull (t);
      g_assert_cmpint (g_date_time_to_unix (t), >=, before);
      g_assert_cmpint (g_date_time_to_unix (t), <=, after);
      if (i > 0)
        g_assert_cmpint (json_object_get_int_member (c, "id"), >,
                         json_object_get_int_member (json_array_get_object_element (list, i - 1), "id"));
    }
  c = json_array_get_object_element (list, 0);
  g_assert_cmpstr (json_object_get_string_member (c, "kind"), ==, "rename");
  g_assert_cmpint (json_object_get_int_member (c, "entity"), ==, putin);
  g_assert_cmpstr (json_object_get_string_member (c, "name"), ==, "राष्ट्रपति पुतिन");
  g_assert_cmpstr (json_object_get_string_member (c, "value"), ==, "राष्ट्रपति पुतिन");
  g_assert_cmpstr (json_object_get_string_member (c, "old_value"), ==, old_name);
  g_assert_true (json_object_get_null_member (c, "target"));
  c = json_array_get_object_element (list, 1);
  g_assert_cmpstr (json_object_get_string_member (c, "kind"), ==, "merge");
  g_assert_cmpint (json_object_get_int_member (c, "entity"), ==, moscow);
  g_assert_cmpint (json_object_get_int_member (c, "target"), ==, russia);
  g_assert_cmpstr (json_object_get_string_member (c, "target_name"), ==, "रूस");
  g_assert_true (json_object_get_null_member (c, "value"));
  c = json_array_get_object_element (list, 2);
  g_assert_cmpstr (json_object_get_string_member (c, "kind"), ==, "type");
  g_assert_cmpstr (json_object_get_string_member (c, "value"), ==, "organization");
  g_assert_cmpstr (json_object_get_string_member (c, "old_value"), ==, "place");
  c = json_array_get_object_element (list, 3);
  g_assert_cmpstr (json_object_get_string_member (c, "kind"), ==, "hide");
  g_assert_cmpint (json_object_get_int_member (c, "entity"), ==, ukraine);
  g_assert_cmpstr (json_object_get_string_member (c, "value"), ==, "1");
  g_assert_cmpstr (json_object_get_string_member (c, "old_value"), ==, "0");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* One entity's: Russia's is the merge into it. */
  g_assert_cmpint (run (f, &out, &err, "corrections", "--entity", id_russia, "--json", NULL), ==, 0);
  list = json_object_get_array_member (parse_object (parser, out), "corrections");
  g_assert_cmpuint (json_array_get_length (list), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 0), "kind"), ==, "merge");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Plain: one tab-separated line each. */
  g_assert_cmpint (run (f, &out, &err, "corrections", "--entity", id_ukraine, NULL), ==, 0);
  lines = g_strsplit (out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  g_assert_cmpstr (lines[2], ==, "");
  fields = g_strsplit (lines[1], "\t", -1);
  g_assert_cmpuint (g_strv_length (fields), ==, 9);
  g_assert_cmpstr (fields[2], ==, g_get_user_name ());
  g_assert_cmpstr (fields[3], ==, "hide");
  g_assert_cmpstr (fields[4], ==, id_ukraine);
  g_assert_cmpstr (fields[6], ==, "-");
  g_assert_cmpstr (fields[7], ==, "1");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Undo takes the newest away from the list. */
  g_assert_cmpint (run (f, NULL, NULL, "undo", NULL), ==, 0);
  g_assert_cmpint (run (f, &out, NULL, "corrections", "--json", NULL), ==, 0);
  list = json_object_get_array_member (parse_object (parser, out), "corrections");
  g_assert_cmpuint (json_array_get_length (list), ==, 3);
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run (f, NULL, &err, "corrections", "--entity", "999999", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "999999"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (f, NULL, &err, "corrections", "extra", NULL), ==, 2);
}

static void
test_library_unwritable (Fixture *f, gconstpointer data)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *blocker = g_build_filename (f->dir, "file", NULL);
  g_autofree char *db = g_build_filename (blocker, "library.db", NULL);
  const char *argv_db = db;

  /* The library's folder cannot be made: a file stands where it should. */
  g_assert_true (g_file_set_contents (blocker, "x", 1, NULL));
  g_free (f->db);
  f->db = g_strdup (argv_db);
  g_assert_cmpint (run (f, &out, &err, "entities", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "khoji-cli: "));
  g_unlink (blocker);
}

/* A library an older Khoji made is brought up to date by the first
 * command, which says so on standard error and nowhere else: the JSON on
 * standard output is the same as on an up-to-date library. */
static void
test_upgrade_said (Fixture *f, gconstpointer data)
{
  g_autofree char *seeds = khoji_test_seeds_dir ();
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *before = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  sqlite3 *db = NULL;

  if (seeds == NULL)
    {
      g_test_skip ("no sample articles");
      return;
    }
  g_assert_cmpint (run (f, NULL, NULL, "import", "--quiet", seeds, NULL), ==, 0);
  g_assert_cmpint (run (f, &before, &err, "entities", "--json", NULL), ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (sqlite3_open (f->db, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, KHOJI_TEST_UNDO_V8_SQL, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  g_assert_cmpint (run (f, &out, &err, "entities", "--json", NULL), ==, 0);
  g_assert_nonnull (strstr (err, "Updating the library"));
  g_assert_cmpstr (out, ==, before);
  parse_object (parser, out);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Once. */
  g_assert_cmpint (run (f, &out, &err, "entities", "--json", NULL), ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_assert_cmpstr (out, ==, before);
}

/* One entity for both scripts: a Hindi article names him in Devanagari,
 * an English one in Latin letters; the library has one entity with both
 * spellings and both articles, in `entities` and in `export`. */
static void
test_one_entity_across_scripts (Fixture *f, gconstpointer data)
{
  g_autofree char *hi = g_build_filename (f->dir, "hi.txt", NULL);
  g_autofree char *en = g_build_filename (f->dir, "en.txt", NULL);
  g_autofree char *out = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonArray *list;
  guint found = 0;

  g_file_set_contents (hi, "बर्लिन में बैठक\n\nजर्मनी के चांसलर ओलाफ शोल्ज ने मंगलवार को कहा कि "
                           "टेक्सास के किसान चिंतित हैं।\n", -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (en, "Talks in Berlin\n\nGerman Chancellor Olaf Scholz said on Tuesday "
                           "that farmers in Texas were worried.\n", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (run (f, NULL, NULL, "import", "--quiet", "--date", "2024-03-05", hi, en, NULL), ==, 0);

  g_assert_cmpint (run (f, &out, NULL, "entities", "--type", "person", "--json", NULL), ==, 0);
  root = parse_object (parser, out);
  list = json_object_get_array_member (root, "entities");
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *e = json_array_get_object_element (list, i);
      JsonArray *aliases = json_object_get_array_member (e, "aliases");
      gboolean deva = FALSE, latin = FALSE;

      if (!g_str_equal (json_object_get_string_member (e, "latin"), "Olaf Scholz"))
        continue;
      found++;
      g_assert_cmpint (json_object_get_int_member (e, "articles"), ==, 2);
      for (guint k = 0; k < json_array_get_length (aliases); k++)
        {
          deva |= g_str_equal (json_array_get_string_element (aliases, k), "ओलाफ शोल्ज");
          latin |= g_str_equal (json_array_get_string_element (aliases, k), "Olaf Scholz");
        }
      g_assert_true (deva && latin);
    }
  g_assert_cmpuint (found, ==, 1);
  g_clear_pointer (&out, g_free);

  /* The export names it once, with both articles. */
  g_assert_cmpint (run (f, &out, NULL, "export", "--format", "json", "--what", "entities", NULL), ==, 0);
  root = parse_object (parser, out);
  list = json_object_get_array_member (root, "entities");
  found = 0;
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *e = json_array_get_object_element (list, i);
      if (g_str_equal (json_object_get_string_member (e, "latin"), "Olaf Scholz"))
        {
          found++;
          g_assert_cmpint (json_object_get_int_member (e, "articles"), ==, 2);
        }
    }
  g_assert_cmpuint (found, ==, 1);
}

static gint64
imported_id (const char *out,
             const char *name)
{
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);

  for (guint i = 0; lines[i]; i++)
    if (strstr (lines[i], name) && strstr (lines[i], "(article "))
      return g_ascii_strtoll (strstr (lines[i], "(article ") + 9, NULL, 10);
  g_error ("%s not imported: %s", name, out);
}

static void
test_network_compare (Fixture *f, gconstpointer data)
{
  g_autofree char *seeds = khoji_test_seeds_dir ();
  g_autofree char *pair = g_test_build_filename (G_TEST_DIST, "data", "compare", NULL);
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) parser2 = json_parser_new ();
  g_autoptr(GHashTable) node_ids = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_auto(GStrv) lines = NULL;
  JsonObject *root, *top;
  JsonArray *nodes, *edges, *entities, *pairs;
  char id[32], left[32], right[32];
  guint n_number = 0, n_date = 0;

  g_assert_nonnull (seeds);
  g_assert_cmpint (run (f, NULL, NULL, "import", "--quiet", seeds, NULL), ==, 0);

  /* The five entities named by the most articles, as `entities` lists
   * them, and the articles each pair shares. */
  g_assert_cmpint (run (f, &out, &err, "network", "--limit", "5", "--json", NULL), ==, 0);
  root = parse_object (parser, out);
  nodes = json_object_get_array_member (root, "nodes");
  edges = json_object_get_array_member (root, "edges");
  g_assert_cmpuint (json_array_get_length (nodes), ==, 5);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (f, &out, &err, "entities", "--json", NULL), ==, 0);
  entities = json_object_get_array_member (parse_object (parser2, out), "entities");
  for (guint i = 0; i < 5; i++)
    {
      JsonObject *n = json_array_get_object_element (nodes, i);
      JsonObject *e = json_array_get_object_element (entities, i);

      g_assert_cmpint (json_object_get_int_member (n, "id"), ==, json_object_get_int_member (e, "id"));
      g_assert_cmpint (json_object_get_int_member (n, "articles"), ==, json_object_get_int_member (e, "articles"));
      g_assert_cmpstr (json_object_get_string_member (n, "name"), ==, json_object_get_string_member (e, "name"));
      g_assert_false (json_object_get_boolean_member (n, "asked"));
      g_hash_table_add (node_ids, (gpointer) json_object_get_member (n, "id"));
    }
  /* Every sample names the five: ten edges of five articles each. */
  g_assert_cmpuint (json_array_get_length (edges), ==, 10);
  for (guint i = 0; i < json_array_get_length (edges); i++)
    {
      JsonObject *e = json_array_get_object_element (edges, i);

      g_assert_cmpint (json_object_get_int_member (e, "articles"), ==, 5);
      g_assert_cmpint (json_object_get_int_member (e, "source"), !=, json_object_get_int_member (e, "target"));
    }
  top = json_array_get_object_element (nodes, 0);
  g_snprintf (id, sizeof id, "%" G_GINT64_FORMAT, json_object_get_int_member (top, "id"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* One entity's neighbourhood: it first, asked; three nodes. */
  g_assert_cmpint (run (f, &out, &err, "network", "--entity", id, "--limit", "3", "--json", NULL), ==, 0);
  root = parse_object (parser, out);
  nodes = json_object_get_array_member (root, "nodes");
  g_assert_cmpuint (json_array_get_length (nodes), ==, 3);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (nodes, 0), "id"), ==,
                   g_ascii_strtoll (id, NULL, 10));
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (nodes, 0), "asked"));
  g_assert_cmpint (json_object_get_int_member (root, "sampled"), ==, 5);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Plain text: the nodes, a blank line, the edges. */
  g_assert_cmpint (run (f, &out, &err, "network", "--limit", "5", NULL), ==, 0);
  lines = g_strsplit (out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 5 + 1 + 10 + 1);
  g_assert_cmpstr (lines[5], ==, "");
  g_assert_true (g_str_has_prefix (lines[0], id));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run (f, NULL, &err, "network", "--limit", "0", NULL), ==, 2);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (f, NULL, &err, "network", "--entity", "Russia", NULL), ==, 2);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (f, NULL, &err, "network", "--entity", "999999", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "999999"));
  g_clear_pointer (&err, g_free);

  /* Two reports that differ in a figure and a weekday. */
  g_assert_cmpint (run (f, &out, &err, "import", "--date", "2025-03-14", pair, NULL), ==, 0);
  g_snprintf (left, sizeof left, "%" G_GINT64_FORMAT, imported_id (out, "left.txt"));
  g_snprintf (right, sizeof right, "%" G_GINT64_FORMAT, imported_id (out, "right.txt"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (f, &out, &err, "compare", left, right, "--json", NULL), ==, 0);
  root = parse_object (parser, out);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "shared")), ==, 4);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "only_left")), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "only_right")), ==, 0);
  pairs = json_object_get_array_member (root, "pairs");
  g_assert_cmpuint (json_array_get_length (pairs), ==, 4);
  for (guint i = 0; i < json_array_get_length (pairs); i++)
    {
      JsonArray *diffs = json_object_get_array_member (json_array_get_object_element (pairs, i), "differences");

      for (guint k = 0; k < json_array_get_length (diffs); k++)
        {
          JsonObject *d = json_array_get_object_element (diffs, k);
          const char *side = json_object_get_string_member (d, "side");
          const char *value = json_object_get_string_member (d, "value");

          if (g_str_equal (json_object_get_string_member (d, "kind"), "number"))
            {
              g_assert_cmpstr (value, ==, g_str_equal (side, "left") ? "11000" : "12000");
              n_number++;
            }
          else
            {
              g_assert_cmpstr (value, ==, g_str_equal (side, "left") ? "2025-03-12" : "2025-03-13");
              n_date++;
            }
        }
    }
  g_assert_cmpuint (n_number, ==, 2);
  g_assert_cmpuint (n_date, ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run (f, &out, &err, "compare", left, right, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "११,००० (11000)"));
  g_assert_nonnull (strstr (out, "गुरुवार (2025-03-13)"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run (f, NULL, &err, "compare", left, NULL), ==, 2);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (f, NULL, &err, "compare", left, "x", NULL), ==, 2);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (f, NULL, &err, "compare", left, "999999", NULL), ==, 1);
}

static int
compare_lines (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* What a library holds, whatever its ids: every article (by path) with
 * its title, text and dates of publication, every entity with its
 * aliases, counts and hidden state, every mention and date by the
 * article's path and the entity's name. Two libraries with the same
 * digest hold the same things. */
static char *
library_digest (const char *db)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GHashTable) paths = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) digest = g_string_new (NULL);
  const char *argv[] = { cli_path (), "--db", db, "export", "--format", "json", NULL };
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonArray *list;
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, 0, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  root = parse_object (parser, out);

  list = json_object_get_array_member (root, "articles");
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *a = json_array_get_object_element (list, i);
      gint64 *id = g_new (gint64, 1);

      *id = json_object_get_int_member (a, "id");
      g_hash_table_insert (paths, id, g_strdup (json_object_get_string_member (a, "path")));
      g_ptr_array_add (lines, g_strdup_printf ("article %s|%s|%s|%s|%s",
                                               json_object_get_string_member (a, "path"),
                                               json_object_get_string_member (a, "title"),
                                               json_object_get_string_member (a, "published"),
                                               json_object_get_string_member (a, "published_source"),
                                               json_object_get_string_member (a, "text")));
    }
  list = json_object_get_array_member (root, "entities");
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *e = json_array_get_object_element (list, i);
      JsonArray *aliases = json_object_get_array_member (e, "aliases");
      g_autoptr(GString) line = g_string_new (NULL);
      gint64 *id = g_new (gint64, 1);

      *id = json_object_get_int_member (e, "id");
      g_hash_table_insert (names, id, g_strdup_printf ("%s/%s", json_object_get_string_member (e, "name"),
                                                       json_object_get_string_member (e, "type")));
      g_string_printf (line, "entity %s|%s|%s|%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT "|%d|",
                       json_object_get_string_member (e, "name"), json_object_get_string_member (e, "latin"),
                       json_object_get_string_member (e, "type"), json_object_get_int_member (e, "articles"),
                       json_object_get_int_member (e, "mentions"), json_object_get_boolean_member (e, "hidden"));
      for (guint j = 0; j < json_array_get_length (aliases); j++)
        g_string_append_printf (line, "%s,", json_array_get_string_element (aliases, j));
      g_ptr_array_add (lines, g_string_free (g_steal_pointer (&line), FALSE));
    }
  list = json_object_get_array_member (root, "mentions");
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *m = json_array_get_object_element (list, i);
      gint64 article = json_object_get_int_member (m, "article"), entity = json_object_get_int_member (m, "entity");

      g_ptr_array_add (lines, g_strdup_printf ("mention %s|%s|%s|%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT,
                                               (char *) g_hash_table_lookup (paths, &article),
                                               (char *) g_hash_table_lookup (names, &entity),
                                               json_object_get_string_member (m, "text"),
                                               json_object_get_int_member (m, "start"),
                                               json_object_get_int_member (m, "end")));
    }
  list = json_object_get_array_member (root, "dates");
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *d = json_array_get_object_element (list, i);
      gint64 article = json_object_get_int_member (d, "article");

      g_ptr_array_add (lines, g_strdup_printf ("date %s|%s|%" G_GINT64_FORMAT "|%s",
                                               (char *) g_hash_table_lookup (paths, &article),
                                               json_object_get_string_member (d, "text"),
                                               json_object_get_int_member (d, "start"),
                                               json_object_get_string_member (d, "value")));
    }
  g_ptr_array_sort (lines, compare_lines);
  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf (digest, "%s\n", (char *) g_ptr_array_index (lines, i));
  return g_string_free (g_steal_pointer (&digest), FALSE);
}

static gint64
entity_id_by_latin (Fixture    *f,
                    const char *db,
                    const char *latin)
{
  g_autofree char *out = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *argv[] = { cli_path (), "--db", db, "entities", "--hidden", "--json", NULL };
  g_autoptr(GError) error = NULL;
  JsonArray *list;
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  list = json_object_get_array_member (parse_object (parser, out), "entities");
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *e = json_array_get_object_element (list, i);

      if (g_strcmp0 (json_object_get_string_member (e, "latin"), latin) == 0)
        return json_object_get_int_member (e, "id");
    }
  return 0;
}

static int
run_on (const char  *db,
        char       **out,
        char       **err,
        const char  *first,
        ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status = 0;
  va_list args;

  g_ptr_array_add (argv, (char *) cli_path ());
  g_ptr_array_add (argv, (char *) "--db");
  g_ptr_array_add (argv, (char *) db);
  va_start (args, first);
  for (const char *a = first; a; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) a);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL,
                (out ? 0 : G_SPAWN_STDOUT_TO_DEV_NULL) | (err ? 0 : G_SPAWN_STDERR_TO_DEV_NULL),
                NULL, NULL, out, err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

static void
correct_on (const char *db,
            const char *command,
            gint64      id,
            const char *arg)
{
  char id_text[32];

  g_assert_cmpint (id, >, 0);
  g_snprintf (id_text, sizeof id_text, "%" G_GINT64_FORMAT, id);
  g_assert_cmpint (run_on (db, NULL, NULL, command, id_text, arg, NULL), ==, 0);
}

/* copy: a file into the library under test (a file, or an archive when
 * the suite runs on PostgreSQL) and back into a new file; both copies
 * hold what the first file held, corrections and hidden entities
 * included, and a second copy changes nothing. */
static void
test_copy (Fixture *f, gconstpointer data)
{
  g_autofree char *seeds = khoji_test_seeds_dir ();
  g_autofree char *first = g_build_filename (f->dir, "first library.db", NULL);
  g_autofree char *back = g_build_filename (f->dir, "back.db", NULL);
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *digest_first = NULL, *digest_copy = NULL, *digest_again = NULL, *digest_back = NULL;
  gint64 putin, russia, moscow, kremlin;
  char russia_text[32];

  if (seeds == NULL)
    {
      g_test_skip ("no seed articles found");
      return;
    }

  /* Usage: both ends, and two different libraries. */
  g_assert_cmpint (run (NULL, NULL, &err, "copy", "--from", first, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--to"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, NULL, &err, "copy", "--from", first, "--to", first, NULL), ==, 2);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_on (first, NULL, NULL, "import", "--quiet", seeds, NULL), ==, 0);
  putin = entity_id_by_latin (f, first, "Vladimir Putin");
  russia = entity_id_by_latin (f, first, "Russia");
  moscow = entity_id_by_latin (f, first, "Moscow");
  kremlin = entity_id_by_latin (f, first, "Kremlin");
  g_snprintf (russia_text, sizeof russia_text, "%" G_GINT64_FORMAT, russia);
  correct_on (first, "rename", putin, "राष्ट्रपति पुतिन");
  correct_on (first, "merge", moscow, russia_text);
  correct_on (first, "retype", kremlin, "place");
  /* Hidden, shown, hidden again: the state is the last one. */
  correct_on (first, "hide", kremlin, NULL);
  correct_on (first, "unhide", kremlin, NULL);
  correct_on (first, "hide", kremlin, NULL);
  digest_first = library_digest (first);
  g_assert_nonnull (strstr (digest_first, "entity राष्ट्रपति पुतिन|Vladimir Putin|person|"));

  g_assert_cmpint (run (NULL, &out, &err, "copy", "--from", first, "--to", f->db, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "5 articles copied, 0 already there, 0 rejected."));
  g_assert_nonnull (strstr (out, "6 corrections copied, 0 already there, 0 whose entity"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  digest_copy = library_digest (f->db);
  g_assert_cmpstr (digest_copy, ==, digest_first);

  /* Again: nothing new. */
  g_assert_cmpint (run (NULL, &out, &err, "copy", "--from", first, "--to", f->db, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "0 articles copied, 5 already there, 0 rejected."));
  g_assert_nonnull (strstr (out, "0 corrections copied, 6 already there, 0 whose entity"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  digest_again = library_digest (f->db);
  g_assert_cmpstr (digest_again, ==, digest_first);
  g_assert_cmpint (run (f, NULL, NULL, "check", NULL), ==, 0);

  /* And back into a new file. */
  g_assert_cmpint (run (NULL, &out, &err, "copy", "--from", f->db, "--to", back, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "5 articles copied"));
  digest_back = library_digest (back);
  g_assert_cmpstr (digest_back, ==, digest_first);
  g_assert_cmpint (run_on (back, NULL, NULL, "check", NULL), ==, 0);
}

/* The weight of an edge between the entities named NAME_A and NAME_B in
 * the JSON of `network`, under KEY; 0 when there is no such edge. */
static gint64
edge_weight (JsonObject *root,
             const char *key,
             const char *name_a,
             const char *name_b)
{
  JsonArray *nodes = json_object_get_array_member (root, "nodes");
  JsonArray *edges = json_object_get_array_member (root, "edges");
  gint64 a = 0, b = 0;

  for (guint i = 0; i < json_array_get_length (nodes); i++)
    {
      JsonObject *n = json_array_get_object_element (nodes, i);

      if (g_str_equal (json_object_get_string_member (n, "name"), name_a))
        a = json_object_get_int_member (n, "id");
      if (g_str_equal (json_object_get_string_member (n, "name"), name_b))
        b = json_object_get_int_member (n, "id");
    }
  g_assert_cmpint (a, !=, 0);
  g_assert_cmpint (b, !=, 0);
  for (guint i = 0; i < json_array_get_length (edges); i++)
    {
      JsonObject *e = json_array_get_object_element (edges, i);
      gint64 s = json_object_get_int_member (e, "source"), t = json_object_get_int_member (e, "target");

      g_assert_false (json_object_has_member (e, g_str_equal (key, "articles") ? "sentences" : "articles"));
      if ((s == a && t == b) || (s == b && t == a))
        return json_object_get_int_member (e, key);
    }
  return 0;
}

/* Co-occurrence by articles or by sentences. In the first article रूस
 * and भारत share two sentences and चीन stands alone; in the second चीन
 * and रूस share one: by articles रूस–चीन is the heaviest edge (2) and
 * भारत–चीन has one, by sentences रूस–भारत is (2) and भारत–चीन has none. */
static void
test_network_by_sentences (Fixture *f, gconstpointer data)
{
  g_autofree char *folder = g_build_filename (f->dir, "in", NULL);
  g_autofree char *one = g_build_filename (folder, "one.txt", NULL);
  g_autofree char *two = g_build_filename (folder, "two.txt", NULL);
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  g_file_set_contents (one, "रूस और भारत ने व्यापार समझौता किया।\n"
                            "चीन ने इस पर कुछ नहीं कहा।\n"
                            "बाद में रूस और भारत के मंत्री फिर मिले।\n", -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (two, "चीन और रूस के नेता आज मिले।\n", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (run (f, NULL, NULL, "import", "--quiet", folder, NULL), ==, 0);

  g_assert_cmpint (run (f, &out, &err, "network", "--json", NULL), ==, 0);
  root = parse_object (parser, out);
  g_assert_cmpstr (json_object_get_string_member (root, "weight"), ==, "articles");
  g_assert_cmpint (edge_weight (root, "articles", "रूस", "चीन"), ==, 2);
  g_assert_cmpint (edge_weight (root, "articles", "रूस", "भारत"), ==, 1);
  g_assert_cmpint (edge_weight (root, "articles", "भारत", "चीन"), ==, 1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run (f, &out, &err, "network", "--weight", "sentences", "--json", NULL), ==, 0);
  root = parse_object (parser, out);
  g_assert_cmpstr (json_object_get_string_member (root, "weight"), ==, "sentences");
  g_assert_cmpint (edge_weight (root, "sentences", "रूस", "भारत"), ==, 2);
  g_assert_cmpint (edge_weight (root, "sentences", "रूस", "चीन"), ==, 1);
  g_assert_cmpint (edge_weight (root, "sentences", "भारत", "चीन"), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* The same neighbourhood by sentences: the heaviest edge first. */
  g_assert_cmpint (run (f, &out, &err, "network", "--weight", "sentences", NULL), ==, 0);
  {
    g_auto(GStrv) parts = g_strsplit (out, "\n\n", 2);
    g_auto(GStrv) edges = NULL;

    g_assert_nonnull (parts[1]);
    edges = g_strsplit (parts[1], "\n", -1);
    /* Two edges and the empty string after the last line end. */
    g_assert_cmpuint (g_strv_length (edges), ==, 3);
    g_assert_true (g_str_has_suffix (edges[0], "\t2"));
    g_assert_true (g_str_has_suffix (edges[1], "\t1"));
  }
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run (f, NULL, &err, "network", "--weight", "words", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "words"));
  g_clear_pointer (&err, g_free);

  /* Three more articles that name रूस and भारत in one sentence, twice
   * each: most of the library now names two of the three, and the
   * mentions are read in one walk instead of article by article. */
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("more%u.txt", i);
      g_autofree char *path = g_build_filename (folder, name, NULL);
      g_autofree char *text = g_strdup_printf ("बैठक %u: रूस और भारत ने रूस में भारत के साथ बात की।\n", i + 1);

      g_file_set_contents (path, text, -1, &error);
      g_assert_no_error (error);
    }
  g_assert_cmpint (run (f, NULL, NULL, "import", "--quiet", folder, NULL), ==, 0);
  g_assert_cmpint (run (f, &out, &err, "network", "--weight", "sentences", "--json", NULL), ==, 0);
  root = parse_object (parser, out);
  g_assert_cmpint (edge_weight (root, "sentences", "रूस", "भारत"), ==, 5);
  g_assert_cmpint (edge_weight (root, "sentences", "रूस", "चीन"), ==, 1);
  g_assert_cmpint (edge_weight (root, "sentences", "भारत", "चीन"), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);


#define ADD(path, fn) \
  g_test_add ("/khoji/cli/sqlite/" path, Fixture, &sqlite_backend, fixture_set_up, fn, fixture_tear_down)
#define ADD_BOTH(path, fn) \
  ADD (path, fn); \
  g_test_add ("/khoji/cli/postgresql/" path, Fixture, &postgresql_backend, fixture_set_up, fn, fixture_tear_down)
  ADD_BOTH ("usage-errors", test_usage_errors);
  ADD_BOTH ("import-export", test_import_export);
  ADD_BOTH ("export-articles", test_export_articles);
  ADD_BOTH ("search-entities-timeline-corrections", test_search_entities_timeline_corrections);
  ADD_BOTH ("corrections-listed", test_corrections_listed);
  /* The permissions of a file and its folder. */
  ADD ("library-unwritable", test_library_unwritable);
  ADD ("upgrade-said", test_upgrade_said);
  ADD_BOTH ("one-entity-across-scripts", test_one_entity_across_scripts);
  ADD_BOTH ("network-compare", test_network_compare);
  /* A library file copied into the fixture's library, a file or an archive. */
  ADD_BOTH ("copy", test_copy);
  ADD_BOTH ("network-by-sentences", test_network_by_sentences);

  return g_test_run ();
}
