/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-test-library"

#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "khoji-library.h"
#include "khoji-library-private.h"
#include "khoji-library-network.h"
#include "khoji-library-reader.h"
#include "khoji-test-pg.h"
#include "khoji-test-util.h"

/* The library facade end to end: real files, the real gazetteer and
 * extractors, and a real SQLite file or (the same tests under
 * /postgresql/) a fresh database of a throwaway PostgreSQL cluster. */

typedef enum {
  BACKEND_SQLITE,
  BACKEND_POSTGRESQL,
} Backend;

static const Backend sqlite_backend = BACKEND_SQLITE;
static const Backend postgresql_backend = BACKEND_POSTGRESQL;

typedef struct {
  char         *dir;
  char         *path;    /* the library's name: a file, or a postgresql:// URI */
  gboolean      pg;
  KhojiLibrary *library;
} Fixture;

/* Another library beside the fixture's, on the same backend. */
static char *
library_name (Fixture    *f,
              const char *stem)
{
  g_autofree char *file = g_strconcat (stem, ".db", NULL);

  if (f->pg)
    return khoji_test_pg_new_database (khoji_test_pg_shared (), stem);
  return g_build_filename (f->dir, file, NULL);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->pg = data != NULL && *(const Backend *) data == BACKEND_POSTGRESQL;
  f->dir = g_dir_make_tmp ("khoji-library-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = library_name (f, "library");
  f->library = khoji_library_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->library);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  khoji_test_assert_finalize_soon (g_steal_pointer (&f->library));
  khoji_test_remove_tree (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static GPtrArray *
import_paths (Fixture     *f,
              const char **paths,
              const char  *date)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; paths[i]; i++)
    g_ptr_array_add (files, g_file_new_for_path (paths[i]));
  return khoji_library_import_files (f->library, (GFile **) files->pdata, files->len, date, NULL, NULL, NULL);
}

static guint
count_status (GPtrArray         *results,
              KhojiImportStatus  status)
{
  guint n = 0;

  for (guint i = 0; i < results->len; i++)
    if (((KhojiImportResult *) g_ptr_array_index (results, i))->status == status)
      n++;
  return n;
}

static KhojiEntity *
find_entity (Fixture    *f,
             const char *alias)
{
  g_autoptr(GPtrArray) list = khoji_library_list_entities (f->library, TRUE, NULL);

  for (guint i = 0; i < list->len; i++)
    {
      KhojiEntity *e = g_ptr_array_index (list, i);
      g_auto(GStrv) aliases = khoji_entity_dup_aliases (e);
      if (g_str_equal (khoji_entity_get_name (e), alias) || g_strv_contains ((const char * const *) aliases, alias))
        return g_object_ref (e);
    }
  return NULL;
}

static void
test_batch_with_bad_files (Fixture *f, gconstpointer data)
{
  g_autofree char *seeds = khoji_test_seeds_dir ();
  g_autofree char *empty = g_build_filename (f->dir, "empty.txt", NULL);
  g_autofree char *binary = g_build_filename (f->dir, "binary.txt", NULL);
  g_autofree char *missing = g_build_filename (f->dir, "missing.txt", NULL);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GString) report = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  const char *paths[] = { empty, NULL, binary, missing, NULL };
  static const char bin[] = { 'P', 'K', 3, 4, 0, 0, 0, 1, (char) 0xff, 0, 2, 3 };

  if (seeds == NULL)
    {
      g_test_skip ("no seed articles found");
      return;
    }
  paths[1] = seeds;
  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  g_assert_true (g_file_set_contents (binary, bin, sizeof bin, NULL));

  results = import_paths (f, paths, NULL);
  g_assert_cmpuint (results->len, ==, 8);
  g_assert_cmpuint (count_status (results, KHOJI_IMPORT_IMPORTED), ==, 5);
  g_assert_cmpuint (count_status (results, KHOJI_IMPORT_REJECTED), ==, 3);
  for (guint i = 0; i < results->len; i++)
    {
      KhojiImportResult *r = g_ptr_array_index (results, i);
      if (r->status == KHOJI_IMPORT_REJECTED)
        {
          g_assert_nonnull (r->message);
          g_assert_cmpuint (strlen (r->message), >, 10);
          g_assert_cmpint (r->article_id, ==, 0);
        }
      else
        g_assert_cmpint (r->article_id, >, 0);
    }
  g_assert_cmpuint (khoji_library_count_articles (f->library), ==, 5);

  /* The same folder again: every article is an unchanged duplicate. */
  {
    const char *only_seeds[] = { seeds, NULL };
    again = import_paths (f, only_seeds, NULL);
  }
  g_assert_cmpuint (again->len, ==, 5);
  g_assert_cmpuint (count_status (again, KHOJI_IMPORT_DUPLICATE), ==, 5);
  g_assert_cmpuint (khoji_library_count_articles (f->library), ==, 5);

  g_assert_true (khoji_library_check (f->library, report, &error));
  g_assert_no_error (error);
}

static void
import_seeds (Fixture *f)
{
  g_autofree char *seeds = khoji_test_seeds_dir ();
  const char *paths[] = { seeds, NULL };
  g_autoptr(GPtrArray) results = NULL;

  results = import_paths (f, paths, NULL);
  g_assert_cmpuint (count_status (results, KHOJI_IMPORT_IMPORTED), ==, 5);
}

static void
test_search_folds (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) folded = NULL;
  g_autoptr(GPtrArray) exact = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GPtrArray) bad = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *seeds = khoji_test_seeds_dir ();

  if (seeds == NULL)
    {
      g_test_skip ("no seed articles found");
      return;
    }
  import_seeds (f);

  /* Every seed spells it मॉस्को; one also has मास्को. */
  folded = khoji_library_search (f->library, "मास्को", 10, &error);
  g_assert_no_error (error);
  exact = khoji_library_search (f->library, "मॉस्को", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (folded->len, ==, 5);
  g_assert_cmpuint (exact->len, ==, folded->len);
  g_assert_nonnull (strchr (khoji_article_get_snippet (g_ptr_array_index (folded, 0)), '\x01'));

  none = khoji_library_search (f->library, "पनीर", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 0);

  bad = khoji_library_search (f->library, "\"किम जोंग", 10, &error);
  g_assert_null (bad);
  g_assert_error (error, KHOJI_LIBRARY_ERROR, KHOJI_LIBRARY_ERROR_QUERY);
}

static void
test_parse_query (void)
{
  struct { const char *in; const char *out; } ok[] = {
    { "पुतिन", "\"पुतिन\"" },
    { "पुतिन  किम", "\"पुतिन\" AND \"किम\"" },
    { "\"किम जोंग\" रूस", "\"किम जोंग\" AND \"रूस\"" },
    { "कोरिया*", "\"कोरिया\"*" },
    { "रूस OR यूक्रेन", "\"रूस\" OR \"यूक्रेन\"" },
    { "रूस -यूक्रेन", "\"रूस\" NOT \"यूक्रेन\"" },
    { "a\"\"b", "\"a\" AND \"b\"" },
    { "NEAR( col:x ^y", "\"NEAR(\" AND \"col:x\" AND \"^y\"" },
  };
  const char *bad[] = { "", "   ", "\"open", "!!! ...", "OR" };

  for (guint i = 0; i < G_N_ELEMENTS (ok); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *q = khoji_library_parse_query (ok[i].in, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (q, ==, ok[i].out);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *q = khoji_library_parse_query (bad[i], &error);
      g_assert_null (q);
      g_assert_error (error, KHOJI_LIBRARY_ERROR, KHOJI_LIBRARY_ERROR_QUERY);
    }
}

static char *
write_article (Fixture    *f,
               const char *name,
               const char *text)
{
  char *path = g_build_filename (f->dir, name, NULL);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return path;
}

static void
test_corrections_survive_reimport (Fixture *f, gconstpointer data)
{
  g_autofree char *a1 = write_article (f, "a1.txt",
    "रूस और यूक्रेन\nरूसी राष्ट्रपति व्लादिमीर पुतिन ने मॉस्को में कहा कि रूस बातचीत के लिए तैयार है।\n");
  g_autofree char *a2 = write_article (f, "a2.txt",
    "क्रेमलिन का बयान\nपुतिन ने मास्को में सोमवार को बैठक की। रूस के अधिकारी मौजूद थे।\n");
  const char *first[] = { a1, NULL };
  const char *second[] = { a2, NULL };
  g_autoptr(GPtrArray) r1 = NULL;
  g_autoptr(GPtrArray) r2 = NULL;
  g_autoptr(KhojiEntity) putin = NULL;
  g_autoptr(KhojiEntity) moscow = NULL;
  g_autoptr(KhojiEntity) russia = NULL;
  g_autoptr(KhojiEntity) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) arts = NULL;
  gint64 putin_id, moscow_id, russia_id;

  r1 = import_paths (f, first, "2025-06-02");
  g_assert_cmpuint (count_status (r1, KHOJI_IMPORT_IMPORTED), ==, 1);

  putin = find_entity (f, "व्लादिमीर पुतिन");
  moscow = find_entity (f, "मॉस्को");
  russia = find_entity (f, "रूस");
  g_assert_nonnull (putin);
  g_assert_nonnull (moscow);
  g_assert_nonnull (russia);
  putin_id = khoji_entity_get_id (putin);
  moscow_id = khoji_entity_get_id (moscow);
  russia_id = khoji_entity_get_id (russia);

  /* The user renames Putin, says Moscow is an organization (the
   * government, say), and merges Moscow into Russia. */
  g_assert_true (khoji_library_rename_entity (f->library, putin_id, "पुतिन (राष्ट्रपति)", &error));
  g_assert_no_error (error);
  g_assert_true (khoji_library_set_entity_type (f->library, moscow_id, KHOJI_ENTITY_ORGANIZATION, &error));
  g_assert_no_error (error);
  g_assert_true (khoji_library_merge_entities (f->library, moscow_id, russia_id, &error));
  g_assert_no_error (error);

  /* A later article uses the same names: the corrections hold for it. */
  r2 = import_paths (f, second, "2025-06-03");
  g_assert_cmpuint (count_status (r2, KHOJI_IMPORT_IMPORTED), ==, 1);

  after = khoji_library_get_entity (f->library, putin_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (khoji_entity_get_name (after), ==, "पुतिन (राष्ट्रपति)");
  g_assert_cmpuint (khoji_entity_get_article_count (after), ==, 2);
  g_clear_object (&after);

  /* मास्को in the new article counts for Russia, not for a new Moscow. */
  after = khoji_library_get_entity (f->library, russia_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (khoji_entity_get_article_count (after), ==, 2);
  {
    g_auto(GStrv) aliases = khoji_entity_dup_aliases (after);
    g_assert_true (g_strv_contains ((const char * const *) aliases, "मास्को"));
    g_assert_true (g_strv_contains ((const char * const *) aliases, "मॉस्को"));
  }
  g_clear_object (&after);
  after = khoji_library_get_entity (f->library, moscow_id, &error);
  g_assert_null (after);
  g_assert_error (error, KHOJI_LIBRARY_ERROR, KHOJI_LIBRARY_ERROR_NOT_FOUND);
  g_clear_error (&error);

  arts = khoji_library_articles_for_entity (f->library, russia_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (arts->len, ==, 2);
  g_clear_pointer (&arts, g_array_unref);
  /* A merged-away entity names no article of its own. */
  arts = khoji_library_articles_for_entity (f->library, moscow_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (arts->len, ==, 0);
  g_clear_pointer (&arts, g_array_unref);

  /* Undo takes back the merge: Moscow is its own entity again, with the
   * type the user gave it. */
  g_assert_true (khoji_library_undo_correction (f->library, &error));
  g_assert_no_error (error);
  after = khoji_library_get_entity (f->library, moscow_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (khoji_entity_get_entity_type (after), ==, KHOJI_ENTITY_ORGANIZATION);
  g_assert_cmpuint (khoji_entity_get_article_count (after), ==, 2);
  g_clear_object (&after);
  arts = khoji_library_articles_for_entity (f->library, moscow_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (arts->len, ==, 2);
  g_assert_cmpint (g_array_index (arts, gint64, 0), <, g_array_index (arts, gint64, 1));

  /* Close and reopen: the rename is still there. */
  g_assert_finalize_object (f->library);
  f->library = khoji_library_open (f->path, &error);
  g_assert_no_error (error);
  after = khoji_library_get_entity (f->library, putin_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (khoji_entity_get_name (after), ==, "पुतिन (राष्ट्रपति)");

  {
    g_autoptr(GString) report = g_string_new (NULL);
    g_assert_true (khoji_library_check (f->library, report, &error));
    g_assert_no_error (error);
  }
}

/* One article naming Russia and Japan; gives Japan. */
static KhojiEntity *
import_russia_japan (Fixture *f)
{
  g_autofree char *a1 = write_article (f, "a1.txt", "समाचार\nरूस और जापान के नेता मिले।\n");
  const char *first[] = { a1, NULL };
  g_autoptr(GPtrArray) r1 = import_paths (f, first, NULL);

  return find_entity (f, "जापान");
}

static void
on_corrections_read (GObject *source, GAsyncResult *result, gpointer data)
{
  GPtrArray **out = data;
  g_autoptr(GError) error = NULL;

  *out = khoji_library_list_corrections_finish (KHOJI_LIBRARY (source), result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (*out);
}

/* Each correction says what it changed, who made it (the user name) and
 * when; an entity's history holds its own and the merges into it, read
 * the same on the library's thread. */
static void
test_corrections_history (Fixture *f, gconstpointer data)
{
  g_autofree char *a1 = write_article (f, "a1.txt",
    "रूस और यूक्रेन\nरूसी राष्ट्रपति व्लादिमीर पुतिन ने मॉस्को में कहा कि रूस बातचीत के लिए तैयार है।\n");
  const char *paths[] = { a1, NULL };
  g_autoptr(GPtrArray) results = import_paths (f, paths, "2025-06-02");
  g_autoptr(KhojiEntity) putin = find_entity (f, "व्लादिमीर पुतिन");
  g_autoptr(KhojiEntity) moscow = find_entity (f, "मॉस्को");
  g_autoptr(KhojiEntity) russia = find_entity (f, "रूस");
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) of_russia = NULL;
  g_autoptr(GPtrArray) read = NULL;
  g_autoptr(GError) error = NULL;
  KhojiCorrectionRecord *c;
  gint64 before, after;

  g_assert_nonnull (putin);
  g_assert_nonnull (moscow);
  g_assert_nonnull (russia);
  all = khoji_library_list_corrections (f->library, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 0);
  g_clear_pointer (&all, g_ptr_array_unref);

  before = g_get_real_time () / G_USEC_PER_SEC;
  g_assert_true (khoji_library_rename_entity (f->library, khoji_entity_get_id (putin), "पुतिन (राष्ट्रपति)", &error));
  g_assert_true (khoji_library_set_entity_hidden (f->library, khoji_entity_get_id (moscow), TRUE, &error));
  g_assert_true (khoji_library_merge_entities (f->library, khoji_entity_get_id (moscow),
                                              khoji_entity_get_id (russia), &error));
  g_assert_no_error (error);
  after = g_get_real_time () / G_USEC_PER_SEC;

  all = khoji_library_list_corrections (f->library, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 3);
  for (guint i = 0; i < all->len; i++)
    {
      c = g_ptr_array_index (all, i);
      g_assert_cmpstr (c->who, ==, g_get_user_name ());
      g_assert_cmpint (c->created, >=, before);
      g_assert_cmpint (c->created, <=, after);
    }
  c = g_ptr_array_index (all, 0);
  g_assert_cmpstr (c->kind, ==, "rename");
  g_assert_cmpint (c->entity_id, ==, khoji_entity_get_id (putin));
  g_assert_cmpstr (c->entity_name, ==, "पुतिन (राष्ट्रपति)");
  g_assert_cmpstr (c->value, ==, "पुतिन (राष्ट्रपति)");
  g_assert_cmpstr (c->old_value, ==, khoji_entity_get_name (putin));
  g_assert_cmpint (c->target_id, ==, 0);
  c = g_ptr_array_index (all, 1);
  g_assert_cmpstr (c->kind, ==, "hide");
  g_assert_cmpstr (c->value, ==, "1");
  g_assert_cmpstr (c->old_value, ==, "0");
  c = g_ptr_array_index (all, 2);
  g_assert_cmpstr (c->kind, ==, "merge");
  g_assert_cmpint (c->entity_id, ==, khoji_entity_get_id (moscow));
  g_assert_cmpstr (c->entity_name, ==, khoji_entity_get_name (moscow));
  g_assert_cmpint (c->target_id, ==, khoji_entity_get_id (russia));
  g_assert_cmpstr (c->target_name, ==, khoji_entity_get_name (russia));

  /* Russia's history: Moscow, hidden and then merged into it. Putin's:
   * the rename alone. */
  of_russia = khoji_library_list_corrections (f->library, khoji_entity_get_id (russia), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (of_russia->len, ==, 2);
  g_assert_cmpstr (((KhojiCorrectionRecord *) g_ptr_array_index (of_russia, 0))->kind, ==, "hide");
  g_assert_cmpstr (((KhojiCorrectionRecord *) g_ptr_array_index (of_russia, 1))->kind, ==, "merge");

  khoji_library_list_corrections_async (f->library, khoji_entity_get_id (putin), NULL, on_corrections_read, &read);
  while (read == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (read->len, ==, 1);
  c = g_ptr_array_index (read, 0);
  g_assert_cmpstr (c->kind, ==, "rename");
  g_assert_cmpstr (c->who, ==, g_get_user_name ());
  g_clear_pointer (&read, g_ptr_array_unref);

  /* An undo takes the newest away. */
  g_assert_true (khoji_library_undo_correction (f->library, &error));
  g_assert_no_error (error);
  khoji_library_list_corrections_async (f->library, khoji_entity_get_id (russia), NULL, on_corrections_read, &read);
  while (read == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (read->len, ==, 0);
}

static void
test_hide_and_unknown_ids (Fixture *f, gconstpointer data)
{
  g_autoptr(KhojiEntity) japan = import_russia_japan (f);
  g_autoptr(GPtrArray) visible = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (japan);
  g_assert_true (khoji_library_set_entity_hidden (f->library, khoji_entity_get_id (japan), TRUE, &error));
  g_assert_no_error (error);
  visible = khoji_library_list_entities (f->library, FALSE, &error);
  all = khoji_library_list_entities (f->library, TRUE, &error);
  g_assert_cmpuint (visible->len + 1, ==, all->len);

  g_assert_false (khoji_library_merge_entities (f->library, 99999, khoji_entity_get_id (japan), &error));
  g_assert_error (error, KHOJI_LIBRARY_ERROR, KHOJI_LIBRARY_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "99999"));
  g_clear_error (&error);
  g_assert_false (khoji_library_rename_entity (f->library, khoji_entity_get_id (japan), "  ", &error));
  g_assert_error (error, KHOJI_LIBRARY_ERROR, KHOJI_LIBRARY_ERROR_FAILED);
}

/* What the store did not find is said in the user's language: the
 * store's own words ("No event 12") are for the logs. */
static void
test_unknown_ids_said (Fixture *f, gconstpointer data)
{
  g_autoptr(KhojiEntity) japan = import_russia_japan (f);
  g_autofree char *po = g_test_build_filename (G_TEST_BUILT, "..", "po", NULL);
  g_autofree char *mo = g_build_filename (po, "hi", "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
  g_autofree char *saved = g_strdup (g_getenv ("LANGUAGE"));
  g_autofree char *old_locale = NULL;
  g_autoptr(KhojiEvent) event = NULL;
  g_autoptr(KhojiArticle) article = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (japan);
  event = khoji_library_get_event (f->library, 999999, &error);
  g_assert_null (event);
  g_assert_error (error, KHOJI_LIBRARY_ERROR, KHOJI_LIBRARY_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "There is no dated event with the id 999999.");
  g_clear_error (&error);
  g_assert_false (khoji_library_set_entity_hidden (f->library, 999999, TRUE, &error));
  g_assert_error (error, KHOJI_LIBRARY_ERROR, KHOJI_LIBRARY_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "There is no entity with the id 999999.");
  g_clear_error (&error);

  /* The Hindi catalogue of this build. */
  if (!g_file_test (mo, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("the Hindi catalogue is not built");
      return;
    }
  old_locale = g_strdup (setlocale (LC_ALL, NULL));
  g_setenv ("LANGUAGE", "hi", TRUE);
  /* LANGUAGE counts only in a locale other than "C"; the suite runs in C.UTF-8. */
  setlocale (LC_ALL, "C.UTF-8");
  bindtextdomain (GETTEXT_PACKAGE, po);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  event = khoji_library_get_event (f->library, 999999, &error);
  g_assert_error (error, KHOJI_LIBRARY_ERROR, KHOJI_LIBRARY_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "क्रमांक 999999 की कोई तारीख वाली घटना नहीं है।");
  g_clear_error (&error);
  g_assert_false (khoji_library_rename_entity (f->library, 999999, "नाम", &error));
  g_assert_cmpstr (error->message, ==, "क्रमांक 999999 का कोई नाम नहीं है।");
  g_clear_error (&error);
  article = khoji_library_get_article (f->library, 999999, &error);
  g_assert_null (article);
  g_assert_cmpstr (error->message, ==, "क्रमांक 999999 का कोई लेख नहीं है।");
  g_clear_error (&error);

  if (saved != NULL)
    g_setenv ("LANGUAGE", saved, TRUE);
  else
    g_unsetenv ("LANGUAGE");
  setlocale (LC_ALL, old_locale);
}

typedef struct {
  guint  changed;
  guint  entity_changed;
  gint64 entity_id;
} SignalCount;

static void
count_changed (KhojiLibrary *library, gpointer data)
{
  ((SignalCount *) data)->changed++;
}

static void
count_entity_changed (KhojiLibrary *library, gint64 id, gpointer data)
{
  SignalCount *c = data;

  c->entity_changed++;
  c->entity_id = id;
}

/* A rename, a type, hiding: "entity-changed" with the entity, and not
 * "changed" (nothing else moved); a merge and an undo: "changed". A
 * correction that fails says nothing. */
static void
test_correction_signals (Fixture *f, gconstpointer data)
{
  g_autoptr(KhojiEntity) japan = import_russia_japan (f);
  g_autoptr(KhojiEntity) russia = find_entity (f, "रूस");
  g_autoptr(GError) error = NULL;
  SignalCount c = { 0 };
  gint64 id;

  g_assert_nonnull (japan);
  g_assert_nonnull (russia);
  id = khoji_entity_get_id (japan);
  g_signal_connect (f->library, "changed", G_CALLBACK (count_changed), &c);
  g_signal_connect (f->library, "entity-changed", G_CALLBACK (count_entity_changed), &c);

  g_assert_true (khoji_library_rename_entity (f->library, id, "जापान देश", &error));
  g_assert_true (khoji_library_set_entity_type (f->library, id, KHOJI_ENTITY_ORGANIZATION, &error));
  g_assert_true (khoji_library_set_entity_hidden (f->library, id, TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (c.entity_changed, ==, 3);
  g_assert_cmpint (c.entity_id, ==, id);
  g_assert_cmpuint (c.changed, ==, 0);

  g_assert_false (khoji_library_rename_entity (f->library, 99999, "कोई", &error));
  g_clear_error (&error);
  g_assert_cmpuint (c.entity_changed, ==, 3);

  g_assert_true (khoji_library_merge_entities (f->library, id, khoji_entity_get_id (russia), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (c.changed, ==, 1);
  g_assert_true (khoji_library_undo_correction (f->library, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (c.changed, ==, 2);
  g_assert_cmpuint (c.entity_changed, ==, 3);
  g_signal_handlers_disconnect_by_data (f->library, &c);
}

typedef struct {
  GMainLoop *loop;
  GPtrArray *results;
  guint      progress_calls;
  guint      changed;
  gboolean   on_main_thread;
  GThread   *main_thread;
} AsyncState;

static void
on_progress (guint done, guint total, const char *path, gpointer data)
{
  AsyncState *s = data;

  s->progress_calls++;
  s->on_main_thread = s->on_main_thread && g_thread_self () == s->main_thread;
}

static void
on_changed (KhojiLibrary *library, gpointer data)
{
  ((AsyncState *) data)->changed++;
}

static void
on_imported (GObject *source, GAsyncResult *result, gpointer data)
{
  AsyncState *s = data;
  g_autoptr(GError) error = NULL;

  s->results = khoji_library_import_finish (KHOJI_LIBRARY (source), result, &error);
  g_assert_no_error (error);
  g_main_loop_quit (s->loop);
}

static void
test_async_import (Fixture *f, gconstpointer data)
{
  g_autofree char *seeds = khoji_test_seeds_dir ();
  g_autoptr(GFile) folder = NULL;
  AsyncState s = { 0 };

  if (seeds == NULL)
    {
      g_test_skip ("no seed articles found");
      return;
    }
  folder = g_file_new_for_path (seeds);
  s.loop = g_main_loop_new (NULL, FALSE);
  s.main_thread = g_thread_self ();
  s.on_main_thread = TRUE;
  g_signal_connect (f->library, "changed", G_CALLBACK (on_changed), &s);

  khoji_library_import_async (f->library, &folder, 1, NULL, on_progress, &s, NULL, NULL, on_imported, &s);
  g_main_loop_run (s.loop);
  /* "changed" is queued on the same context just before the result. */
  while (g_main_context_iteration (NULL, FALSE));

  g_assert_nonnull (s.results);
  g_assert_cmpuint (count_status (s.results, KHOJI_IMPORT_IMPORTED), ==, 5);
  g_assert_cmpuint (s.progress_calls, ==, 5);
  g_assert_true (s.on_main_thread);
  g_assert_cmpuint (s.changed, ==, 1);
  /* The main connection sees what the worker's connection wrote. */
  g_assert_cmpuint (khoji_library_count_articles (f->library), ==, 5);

  g_signal_handlers_disconnect_by_data (f->library, &s);
  g_ptr_array_unref (s.results);

  /* The worker thread lets go of its task (and so of the library) a
   * moment after the result arrived. */
  for (guint i = 0; i < 500 && G_OBJECT (f->library)->ref_count > 1; i++)
    {
      while (g_main_context_iteration (NULL, FALSE));
      g_usleep (10000);
    }
  g_main_loop_unref (s.loop);
}

static void
test_import_text (Fixture *f, gconstpointer data)
{
  KhojiImportResult *r = khoji_library_import_text (f->library, "शीर्षक\nरूस और जापान के नेता सोमवार को मिले।", "2025-06-04");
  KhojiImportResult *empty = khoji_library_import_text (f->library, "   \n ", NULL);
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (r->status, ==, KHOJI_IMPORT_IMPORTED);
  g_assert_cmpint (empty->status, ==, KHOJI_IMPORT_REJECTED);
  g_assert_nonnull (empty->message);

  events = khoji_library_list_events (f->library, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 1);
  g_assert_cmpstr (khoji_event_get_value (g_ptr_array_index (events, 0)), ==, "2025-06-02");
  g_assert_cmpstr (khoji_event_get_sentence (g_ptr_array_index (events, 0)), ==, "रूस और जापान के नेता सोमवार को मिले।");
  khoji_import_result_free (r);
  khoji_import_result_free (empty);
}

static void
test_set_published (Fixture *f, gconstpointer data)
{
  KhojiImportResult *r = khoji_library_import_text (f->library, "शीर्षक\nनेता गुरुवार को मिले और पिछले अक्टूबर की बात की।", NULL);
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(KhojiArticle) article = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (r->status, ==, KHOJI_IMPORT_IMPORTED);
  before = khoji_library_list_events (f->library, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (before->len, ==, 0);   /* relative, nothing to resolve against */

  g_assert_true (khoji_library_set_published (f->library, r->article_id, "2025-06-02", &error));
  g_assert_no_error (error);
  after = khoji_library_list_events (f->library, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->len, ==, 2);
  g_assert_cmpstr (khoji_event_get_value (g_ptr_array_index (after, 0)), ==, "2024-10");
  g_assert_cmpstr (khoji_event_get_value (g_ptr_array_index (after, 1)), ==, "2025-05-29");

  article = khoji_library_get_article (f->library, r->article_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (khoji_article_get_published (article), ==, "2025-06-02");
  g_assert_cmpstr (khoji_article_get_published_source (article), ==, "user");

  g_assert_false (khoji_library_set_published (f->library, r->article_id, "2025-02-30", &error));
  g_assert_error (error, KHOJI_LIBRARY_ERROR, KHOJI_LIBRARY_ERROR_FAILED);
  khoji_import_result_free (r);
}

static void
test_dateline_in_first_paragraph (Fixture *f, gconstpointer data)
{
  KhojiImportResult *r = khoji_library_import_text (f->library,
    "प्रधानमंत्री ने परियोजनाओं का उद्घाटन किया\n"
    "नई दिल्ली, 14 मार्च 2023। प्रधानमंत्री ने मंगलवार को वाराणसी में परियोजनाओं का उद्घाटन किया। "
    "पिछले साल 5 नवंबर को भी वे वहां गए थे। जनवरी 2020 में योजना बनी थी।", NULL);
  g_autoptr(KhojiArticle) article = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  gboolean tuesday = FALSE;

  g_assert_cmpint (r->status, ==, KHOJI_IMPORT_IMPORTED);
  article = khoji_library_get_article (f->library, r->article_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (khoji_article_get_published (article), ==, "2023-03-14");
  g_assert_cmpstr (khoji_article_get_published_source (article), ==, "text");

  events = khoji_library_list_events (f->library, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < events->len; i++)
    {
      KhojiEvent *e = g_ptr_array_index (events, i);
      if (g_str_equal (khoji_event_get_text (e), "मंगलवार"))
        {
          g_assert_cmpstr (khoji_event_get_value (e), ==, "2023-03-14");
          tuesday = TRUE;
        }
      /* Every relative date found its anchor. */
      g_assert_cmpstr (khoji_event_get_value (e), !=, NULL);
    }
  g_assert_true (tuesday);
  khoji_import_result_free (r);
}

/* ---- Imports with several workers ---- */

/* A batch with what an import meets: articles, exact copies of them
 * (duplicates inside the batch), variants that open with a dateline, an
 * empty and a binary file, and a missing file named on its own. More
 * files than the workers may read ahead, so the window slides. */
static GPtrArray *
make_batch (const char *dir)
{
  g_autofree char *seeds = khoji_test_seeds_dir ();
  g_autofree char *batch = g_build_filename (dir, "batch", NULL);
  g_autoptr(GDir) d = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *files = g_ptr_array_new_with_free_func (g_object_unref);
  static const char bin[] = { 'P', 'K', 3, 4, 0, 0, 0, 1, (char) 0xff, 0, 2, 3 };
  const char *name;

  g_assert_nonnull (seeds);
  g_assert_cmpint (g_mkdir (batch, 0700), ==, 0);
  d = g_dir_open (seeds, 0, NULL);
  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)))
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  g_assert_cmpuint (names->len, >=, 5);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *src = g_build_filename (seeds, names->pdata[i], NULL);
      g_autofree char *text = NULL;
      g_autofree char *dated = NULL;
      g_autofree char *told = NULL;
      gsize len;

      g_assert_true (g_file_get_contents (src, &text, &len, NULL));
      for (guint k = 0; k < 4; k++)
        {
          g_autofree char *base = g_strdup_printf ("%02u-%c.txt", i, 'a' + k);
          g_autofree char *path = g_build_filename (batch, base, NULL);
          const char *body = text;

          if (k == 2)
            {
              const char *nl = strchr (text, '\n');
              g_assert_nonnull (nl);
              body = dated = g_strdup_printf ("%.*s\nनई दिल्ली, %u मार्च 2023 — %s",
                                              (int) (nl - text), text, i + 1, nl + 1);
            }
          else if (k == 3)
            body = told = g_strdup_printf ("%s\nरूस के राष्ट्रपति ने %u जून को कहा कि बातचीत कल होगी।\n", text, i + 1);
          g_assert_true (g_file_set_contents (path, body, -1, NULL));
        }
    }
  {
    g_autofree char *empty = g_build_filename (batch, "02-empty.txt", NULL);
    g_autofree char *binary = g_build_filename (batch, "03-binary.txt", NULL);
    g_autofree char *missing = g_build_filename (dir, "missing.txt", NULL);

    g_assert_true (g_file_set_contents (empty, "", 0, NULL));
    g_assert_true (g_file_set_contents (binary, bin, sizeof bin, NULL));
    g_ptr_array_add (files, g_file_new_for_path (batch));
    g_ptr_array_add (files, g_file_new_for_path (missing));
  }
  return files;
}

static char *
export_all (KhojiLibrary *library)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GString) report = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  GMemoryOutputStream *mem = G_MEMORY_OUTPUT_STREAM (out);

  g_assert_true (khoji_library_check (library, report, &error));
  g_assert_no_error (error);
  g_assert_true (khoji_library_export_json (library, "all", NULL, 0, out, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (out, NULL, &error));
  return g_strndup (g_memory_output_stream_get_data (mem), g_memory_output_stream_get_data_size (mem));
}

typedef struct {
  GCancellable *cancellable;
  guint         cancel_at;
  guint         calls;
  guint         last_done;
  gboolean      in_order;
} CancelState;

static void
on_batch_progress (guint done, guint total, const char *path, gpointer data)
{
  CancelState *s = data;

  s->in_order = s->in_order && done == s->calls;
  s->calls++;
  s->last_done = done;
  if (s->cancellable && done == s->cancel_at)
    g_cancellable_cancel (s->cancellable);
}

/* Imports `files` into a new library at `db` with `n_workers`; returns
 * its export, and the results in `out_results`. */
static char *
import_batch (const char  *db,
              GPtrArray   *files,
              guint        n_workers,
              CancelState *state,
              GPtrArray  **out_results)
{
  g_autoptr(GError) error = NULL;
  KhojiLibrary *library = khoji_library_open (db, &error);
  guint workers = 99;
  char *json;

  g_assert_no_error (error);
  khoji_library_set_import_workers (library, n_workers);
  g_object_get (library, "import-workers", &workers, NULL);
  g_assert_cmpuint (workers, ==, n_workers);
  *out_results = khoji_library_import_files (library, (GFile **) files->pdata, files->len, NULL,
                                             state ? on_batch_progress : NULL, state,
                                             state ? state->cancellable : NULL);
  json = export_all (library);
  g_assert_finalize_object (library);
  return json;
}

static void
assert_same_results (GPtrArray *a,
                     GPtrArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      KhojiImportResult *x = g_ptr_array_index (a, i);
      KhojiImportResult *y = g_ptr_array_index (b, i);

      g_assert_cmpstr (x->path, ==, y->path);
      g_assert_cmpint (x->status, ==, y->status);
      g_assert_cmpint (x->article_id, ==, y->article_id);
      g_assert_cmpstr (x->message, ==, y->message);
    }
}

static void
test_workers_same_library (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GPtrArray) one = NULL;
  g_autoptr(GPtrArray) four = NULL;
  g_autoptr(GPtrArray) two = NULL;
  g_autofree char *db1 = library_name (f, "one");
  g_autofree char *db4 = library_name (f, "four");
  g_autofree char *db2 = library_name (f, "two");
  g_autofree char *json1 = NULL;
  g_autofree char *json4 = NULL;
  g_autofree char *json2 = NULL;
  CancelState s1 = { NULL, 0, 0, 0, TRUE };
  CancelState s4 = { NULL, 0, 0, 0, TRUE };
  guint n_files;
  g_autofree char *seeds = khoji_test_seeds_dir ();

  if (seeds == NULL)
    {
      g_test_skip ("no seed articles found");
      return;
    }
  files = make_batch (f->dir);
  json1 = import_batch (db1, files, 1, &s1, &one);
  json4 = import_batch (db4, files, 4, &s4, &four);
  json2 = import_batch (db2, files, 2, NULL, &two);

  /* Four files per seed, the empty and binary files, the missing one. */
  n_files = one->len;
  g_assert_cmpuint (n_files, >=, 4 * 5 + 3);
  g_assert_cmpuint (count_status (one, KHOJI_IMPORT_REJECTED), ==, 3);
  g_assert_cmpuint (count_status (one, KHOJI_IMPORT_DUPLICATE), ==, (n_files - 3) / 4);
  g_assert_cmpuint (count_status (one, KHOJI_IMPORT_IMPORTED), ==, (n_files - 3) / 4 * 3);
  g_assert_cmpuint (s1.calls, ==, n_files);
  g_assert_true (s1.in_order);
  g_assert_cmpuint (s4.calls, ==, n_files);
  g_assert_true (s4.in_order);
  g_assert_cmpuint (s4.last_done, ==, n_files - 1);

  assert_same_results (one, four);
  assert_same_results (one, two);
  g_assert_cmpuint (strlen (json1), >, 10000);
  g_assert_nonnull (strstr (json1, "\"mentions\""));
  g_assert_cmpstr (json4, ==, json1);
  g_assert_cmpstr (json2, ==, json1);
}

/* A folder dropped again with new files in it: what the library has is
 * reported as duplicates of the same articles, the new files are analysed
 * as in a fresh import (a batch this large takes the library's hashes up
 * front so that workers skip known files). */
static void
test_workers_reimport (Fixture *f, gconstpointer data)
{
  g_autofree char *seeds = khoji_test_seeds_dir ();
  g_autofree char *more = g_build_filename (f->dir, "more", NULL);
  g_autofree char *dbx = library_name (f, "again");
  g_autofree char *dby = library_name (f, "once");
  g_autofree char *jsonx = NULL;
  g_autofree char *jsony = NULL;
  g_autofree char *first_json = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GPtrArray) once = NULL;
  guint n_first;

  if (seeds == NULL)
    {
      g_test_skip ("no seed articles found");
      return;
    }
  files = make_batch (f->dir);
  g_assert_cmpint (g_mkdir (more, 0700), ==, 0);
  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *name = g_strdup_printf ("new-%02u.txt", i);
      g_autofree char *path = g_build_filename (more, name, NULL);
      g_autofree char *body = g_strdup_printf ("बैठक %u\nव्लादिमीर पुतिन %u मई को मॉस्को में मिले।\n", i, i % 28 + 1);

      g_assert_true (g_file_set_contents (path, body, -1, NULL));
    }
  all = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < files->len; i++)
    g_ptr_array_add (all, g_object_ref (files->pdata[i]));
  g_ptr_array_add (all, g_file_new_for_path (more));

  first_json = import_batch (dbx, files, 2, NULL, &first);
  jsonx = import_batch (dbx, all, 2, NULL, &again);
  jsony = import_batch (dby, all, 1, NULL, &once);

  n_first = first->len;
  g_assert_cmpuint (again->len, ==, n_first + 40);
  g_assert_cmpuint (again->len, >=, 50);   /* the size that takes the hashes */
  for (guint i = 0; i < n_first; i++)
    {
      KhojiImportResult *was = g_ptr_array_index (first, i);
      KhojiImportResult *now = g_ptr_array_index (again, i);

      g_assert_cmpstr (now->path, ==, was->path);
      if (was->status == KHOJI_IMPORT_REJECTED)
        g_assert_cmpint (now->status, ==, KHOJI_IMPORT_REJECTED);
      else
        {
          g_assert_cmpint (now->status, ==, KHOJI_IMPORT_DUPLICATE);
          g_assert_cmpint (now->article_id, ==, was->article_id);
        }
    }
  g_assert_cmpuint (count_status (again, KHOJI_IMPORT_IMPORTED), ==, 40);
  /* The new files' mentions and dates, as one import of everything has. */
  g_assert_cmpstr (jsonx, ==, jsony);
  g_assert_cmpstr (jsonx, !=, first_json);
}

static void
test_workers_cancel (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GPtrArray) reference = NULL;
  g_autoptr(GPtrArray) cut = NULL;
  g_autoptr(GPtrArray) rest = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *db1 = library_name (f, "one");
  g_autofree char *db4 = library_name (f, "four");
  g_autofree char *json1 = NULL;
  g_autofree char *json_cut = NULL;
  g_autofree char *json_rest = NULL;
  g_autoptr(GError) error = NULL;
  CancelState s = { cancellable, 9, 0, 0, TRUE };
  KhojiLibrary *library;
  g_autofree char *seeds = khoji_test_seeds_dir ();

  if (seeds == NULL)
    {
      g_test_skip ("no seed articles found");
      return;
    }
  files = make_batch (f->dir);
  json1 = import_batch (db1, files, 1, NULL, &reference);

  /* Cancelled while file 9 is announced: nothing from 9 on is stored,
   * though the workers had read ahead, and what is there is whole. */
  json_cut = import_batch (db4, files, 4, &s, &cut);
  g_assert_cmpuint (cut->len, ==, 9);
  g_assert_cmpuint (s.calls, ==, 10);
  for (guint i = 0; i < cut->len; i++)
    {
      KhojiImportResult *x = g_ptr_array_index (reference, i);
      KhojiImportResult *y = g_ptr_array_index (cut, i);

      g_assert_cmpstr (x->path, ==, y->path);
      g_assert_cmpint (x->status, ==, y->status);
      g_assert_cmpint (x->article_id, ==, y->article_id);
    }
  g_assert_cmpuint (strlen (json_cut), <, strlen (json1));

  /* The whole batch again completes the library as one import would. */
  library = khoji_library_open (db4, &error);
  g_assert_no_error (error);
  khoji_library_set_import_workers (library, 4);
  rest = khoji_library_import_files (library, (GFile **) files->pdata, files->len, NULL, NULL, NULL, NULL);
  g_assert_cmpuint (rest->len, ==, reference->len);
  g_assert_cmpuint (count_status (rest, KHOJI_IMPORT_IMPORTED), ==,
                    count_status (reference, KHOJI_IMPORT_IMPORTED) - count_status (cut, KHOJI_IMPORT_IMPORTED));
  json_rest = export_all (library);
  g_assert_finalize_object (library);
  g_assert_cmpstr (json_rest, ==, json1);
}

static int
compare_ids (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

/* The compact list the timeline loads is the same events as the full one
 * the CLI prints, in day order, and each one's details come back by id. */
static void
test_event_refs_match_events (Fixture *f, gconstpointer data)
{
  g_autofree char *seeds = khoji_test_seeds_dir ();
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GArray) refs = NULL;
  g_autoptr(GArray) event_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) ref_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) entities = NULL;
  g_autoptr(GError) error = NULL;
  guint n_checked = 0, n_narrower = 0;

  if (seeds == NULL)
    {
      g_test_skip ("no seed articles found");
      return;
    }
  import_seeds (f);

  events = khoji_library_list_events (f->library, 0, &error);
  g_assert_no_error (error);
  refs = khoji_library_list_event_refs (f->library, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, >=, 10);
  g_assert_cmpuint (refs->len, ==, events->len);

  for (guint i = 0; i < events->len; i++)
    {
      gint64 id = khoji_event_get_id (g_ptr_array_index (events, i));
      g_array_append_val (event_ids, id);
    }
  for (guint i = 0; i < refs->len; i++)
    {
      const KhojiEventRef *ref = &g_array_index (refs, KhojiEventRef, i);
      g_autoptr(KhojiEvent) event = khoji_library_get_event (f->library, ref->id, &error);

      g_assert_no_error (error);
      g_array_append_val (ref_ids, ref->id);
      if (i > 0)
        g_assert_cmpuint (ref[-1].first_day, <=, ref->first_day);
      g_assert_cmpint (khoji_event_get_id (event), ==, ref->id);
      g_assert_cmpint (khoji_event_get_article_id (event), ==, ref->article_id);
      g_assert_cmpuint (khoji_event_get_first_day (event), ==, ref->first_day);
      g_assert_cmpuint (khoji_event_get_last_day (event), ==, ref->last_day);
      g_assert_cmpint (khoji_event_get_relative (event), ==, ref->relative);
      g_assert_cmpint (ref->kind, ==, strchr (khoji_event_get_value (event), '/') ? KHOJI_EVENT_INTERVAL
                                      : ref->first_day == ref->last_day ? KHOJI_EVENT_DAY : KHOJI_EVENT_PERIOD);
      g_assert_cmpuint (strlen (khoji_event_get_sentence (event)), >, 0);
      n_checked++;
    }
  g_assert_cmpuint (n_checked, ==, events->len);
  g_array_sort (event_ids, compare_ids);
  g_array_sort (ref_ids, compare_ids);
  g_assert_cmpmem (event_ids->data, event_ids->len * sizeof (gint64), ref_ids->data, ref_ids->len * sizeof (gint64));

  /* One entity's articles: the same count as the full list gives. */
  entities = khoji_library_list_entities (f->library, FALSE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < MIN (entities->len, 20); i++)
    {
      gint64 id = khoji_entity_get_id (g_ptr_array_index (entities, i));
      g_autoptr(GPtrArray) some = khoji_library_list_events (f->library, id, &error);
      g_autoptr(GArray) some_refs = khoji_library_list_event_refs (f->library, id, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (some_refs->len, ==, some->len);
      g_assert_cmpuint (some_refs->len, <=, refs->len);
      n_narrower += some_refs->len < refs->len;
    }
  g_assert_cmpuint (n_narrower, >, 0);

  g_assert_null (khoji_library_get_event (f->library, 999999, &error));
  g_assert_error (error, KHOJI_LIBRARY_ERROR, KHOJI_LIBRARY_ERROR_NOT_FOUND);
}

/* Two articles naming Putin (in full, then by surname), Moscow (in two
 * spellings) and Russia, imported with a publication date. */
static void
import_putin_articles (Fixture *f)
{
  g_autofree char *a1 = write_article (f, "a1.txt",
    "रूस और यूक्रेन\nरूसी राष्ट्रपति व्लादिमीर पुतिन ने मॉस्को में कहा कि रूस बातचीत के लिए तैयार है।\n");
  g_autofree char *a2 = write_article (f, "a2.txt",
    "क्रेमलिन का बयान\nपुतिन ने मास्को में सोमवार को बैठक की। रूस के अधिकारी मौजूद थे।\n");
  const char *both[] = { a1, a2, NULL };
  g_autoptr(GPtrArray) results = import_paths (f, both, "2025-06-02");

  g_assert_cmpuint (count_status (results, KHOJI_IMPORT_IMPORTED), ==, 2);
}

static void
test_entity_aliases_on_demand (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) kept = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KhojiEntity) moscow = NULL;
  g_autoptr(KhojiEntity) russia = NULL;
  KhojiEntity *putin = NULL;

  import_putin_articles (f);
  moscow = find_entity (f, "मॉस्को");
  russia = find_entity (f, "रूस");
  g_assert_true (khoji_library_merge_entities (f->library, khoji_entity_get_id (moscow),
                                               khoji_entity_get_id (russia), &error));
  g_assert_no_error (error);

  list = khoji_library_list_entities (f->library, TRUE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < list->len; i++)
    {
      KhojiEntity *e = g_ptr_array_index (list, i);
      g_auto(GStrv) aliases = khoji_entity_dup_aliases (e);

      /* Longest first; each form once. */
      for (guint k = 1; aliases[k] != NULL; k++)
        {
          g_assert_cmpint (g_utf8_strlen (aliases[k - 1], -1), >=, g_utf8_strlen (aliases[k], -1));
          g_assert_cmpstr (aliases[k - 1], !=, aliases[k]);
        }
      if (g_str_equal (khoji_entity_get_name (e), "व्लादिमीर पुतिन"))
        {
          putin = e;
          g_assert_cmpstr (aliases[0], ==, "व्लादिमीर पुतिन");
          g_assert_true (g_strv_contains ((const char * const *) aliases, "पुतिन"));
        }
      if (khoji_entity_get_id (e) == khoji_entity_get_id (russia))
        {
          /* The merged row's forms come with its target. */
          g_assert_true (g_strv_contains ((const char * const *) aliases, "रूस"));
          g_assert_true (g_strv_contains ((const char * const *) aliases, "मॉस्को"));
          g_assert_true (g_strv_contains ((const char * const *) aliases, "मास्को"));
        }
    }
  g_assert_nonnull (putin);

  /* A listing kept after its library is gone has no aliases to read. */
  kept = khoji_library_list_entities (f->library, TRUE, &error);
  g_assert_no_error (error);
  g_clear_object (&moscow);
  g_clear_object (&russia);
  g_clear_pointer (&list, g_ptr_array_unref);
  g_assert_finalize_object (f->library);
  f->library = khoji_library_open (f->path, &error);
  g_assert_no_error (error);
  {
    g_auto(GStrv) none = khoji_entity_dup_aliases (g_ptr_array_index (kept, 0));
    g_assert_cmpuint (g_strv_length (none), ==, 0);
  }
}

typedef struct {
  GMainLoop         *loop;
  GThread           *main_thread;
  GThread           *prepared_on;
  KhojiLibraryLists *lists;
  GError            *error;
} ListsState;

/* Reverses the articles, so that the test sees its order kept. */
static void
prepare_reversed (KhojiLibraryLists *lists,
                  gpointer           data)
{
  ListsState *s = data;

  s->prepared_on = g_thread_self ();
  for (guint i = 0, j = lists->articles->len; i + 1 < j; i++, j--)
    {
      gpointer t = lists->articles->pdata[i];
      lists->articles->pdata[i] = lists->articles->pdata[j - 1];
      lists->articles->pdata[j - 1] = t;
    }
}

static void
on_lists_loaded (GObject *source, GAsyncResult *result, gpointer data)
{
  ListsState *s = data;

  g_assert_true (g_thread_self () == s->main_thread);
  s->lists = khoji_library_load_lists_finish (KHOJI_LIBRARY (source), result, &s->error);
  g_main_loop_quit (s->loop);
}

/* The window's lists are read on a thread of the library's, with its
 * own connection, put in order there, and handed back on the caller's
 * main context; the entities come with their aliases, readable after the
 * loading thread's library is gone. The lists a reload replaces are
 * freed on another thread. */
static void
test_load_lists (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) direct = NULL;
  g_autoptr(GError) error = NULL;
  ListsState s = { 0 };
  gboolean found_putin = FALSE;

  import_putin_articles (f);
  direct = khoji_library_list_articles (f->library, &error);
  g_assert_no_error (error);

  s.loop = g_main_loop_new (NULL, FALSE);
  s.main_thread = g_thread_self ();
  khoji_library_load_lists_async (f->library, FALSE, 0, prepare_reversed, &s, NULL, NULL, on_lists_loaded, &s);
  g_main_loop_run (s.loop);
  g_assert_no_error (s.error);
  g_assert_nonnull (s.lists);
  g_assert_nonnull (s.prepared_on);
  g_assert_true (s.prepared_on != s.main_thread);
  g_assert_false (s.lists->show_hidden);
  g_assert_cmpuint (s.lists->articles->len, ==, 2);
  g_assert_cmpint (khoji_article_get_id (g_ptr_array_index (s.lists->articles, 0)), ==,
                   khoji_article_get_id (g_ptr_array_index (direct, 1)));
  g_assert_cmpuint (s.lists->entities->len, >=, 3);
  for (guint i = 0; i < s.lists->entities->len; i++)
    {
      KhojiEntity *e = g_ptr_array_index (s.lists->entities, i);
      g_auto(GStrv) aliases = khoji_entity_dup_aliases (e);

      if (g_str_equal (khoji_entity_get_name (e), "व्लादिमीर पुतिन"))
        {
          found_putin = TRUE;
          g_assert_true (g_strv_contains ((const char * const *) aliases, "पुतिन"));
        }
    }
  g_assert_true (found_putin);

  /* Released elsewhere: the objects go once no one holds them. */
  {
    GPtrArray *entities = g_steal_pointer (&s.lists->entities);
    GPtrArray *articles = g_steal_pointer (&s.lists->articles);
    GObject *article = g_ptr_array_index (articles, 0);
    GObject *entity = g_ptr_array_index (entities, 0);
    gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    g_object_add_weak_pointer (article, (gpointer *) &article);
    g_object_add_weak_pointer (entity, (gpointer *) &entity);
    khoji_library_unref_in_background (entities, articles);
    while ((article != NULL || entity != NULL) && g_get_monotonic_time () < deadline)
      g_usleep (1000);
    g_assert_null (article);
    g_assert_null (entity);
  }
  khoji_library_unref_in_background (NULL, NULL);

  khoji_library_lists_free (s.lists);
  g_main_loop_unref (s.loop);
}

static KhojiLibraryLists *
load_lists_limited (Fixture *f,
                    guint    limit)
{
  ListsState s = { 0 };

  s.loop = g_main_loop_new (NULL, FALSE);
  s.main_thread = g_thread_self ();
  khoji_library_load_lists_async (f->library, FALSE, limit, NULL, NULL, NULL, NULL, on_lists_loaded, &s);
  g_main_loop_run (s.loop);
  g_main_loop_unref (s.loop);
  g_assert_no_error (s.error);
  g_assert_nonnull (s.lists);
  return s.lists;
}

/* A window's load of a big library lists the first entities only, and
 * how many the whole listing holds; when the limit holds them all, they
 * are the whole listing, aliases and all. */
static void
test_load_lists_first_entities (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;
  KhojiLibraryLists *lists;
  gboolean found_putin = FALSE;

  import_putin_articles (f);
  all = khoji_library_list_entities (f->library, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, >=, 3);

  lists = load_lists_limited (f, 2);
  g_assert_cmpuint (lists->entity_limit, ==, 2);
  g_assert_cmpuint (lists->entities->len, ==, 2);
  g_assert_cmpuint (lists->n_entities, ==, all->len);
  for (guint i = 0; i < 2; i++)
    g_assert_cmpint (khoji_entity_get_id (g_ptr_array_index (lists->entities, i)), ==,
                     khoji_entity_get_id (g_ptr_array_index (all, i)));
  g_assert_cmpuint (lists->articles->len, ==, 2);
  khoji_library_lists_free (lists);

  lists = load_lists_limited (f, all->len);
  g_assert_cmpuint (lists->entities->len, ==, all->len);
  g_assert_cmpuint (lists->n_entities, ==, all->len);
  for (guint i = 0; i < lists->entities->len; i++)
    {
      KhojiEntity *e = g_ptr_array_index (lists->entities, i);
      g_auto(GStrv) aliases = khoji_entity_dup_aliases (e);

      if (g_str_equal (khoji_entity_get_name (e), "व्लादिमीर पुतिन"))
        {
          found_putin = TRUE;
          g_assert_true (g_strv_contains ((const char * const *) aliases, "पुतिन"));
        }
    }
  g_assert_true (found_putin);
  khoji_library_lists_free (lists);
}

/* An import folds what it added into the timeline's kept list at its end:
 * on an archive no date row is left to mark kept by the first load. */
static void
test_import_keeps_timeline (Fixture *f, gconstpointer data)
{
  g_autoptr(GArray) refs = NULL;
  g_autoptr(GError) error = NULL;

  import_putin_articles (f);
  g_assert_cmpint (khoji_test_pg_query_int (f->path, "SELECT count(*) FROM date_ref"), >, 0);
  g_assert_cmpint (khoji_test_pg_query_int (f->path, "SELECT count(*) FROM date_ref WHERE NOT kept"), ==, 0);
  g_assert_cmpint (khoji_test_pg_query_int (f->path, "SELECT count(*) FROM event_list"), ==, 1);
  refs = khoji_library_list_event_refs (f->library, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (refs->len, ==, khoji_test_pg_query_int (f->path, "SELECT count(*) FROM date_ref"));
}

static void
test_search_order (Fixture *f, gconstpointer data)
{
  KhojiImportResult *dense, *once, *other;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) error = NULL;

  once = khoji_library_import_text (f->library,
    "बाज़ार की खबर\nआज बाज़ार खुले। व्यापारी आए और गए। शाम को बारिश हुई और लोग घर लौटे।"
    " अगले दिन फिर बाज़ार लगा और सब्ज़ियाँ सस्ती रहीं। मॉस्को का ज़िक्र एक बार हुआ।\n", NULL);
  other = khoji_library_import_text (f->library, "सियोल की खबर\nसियोल में बैठक हुई।\n", NULL);
  dense = khoji_library_import_text (f->library,
    "मॉस्को में मॉस्को की बात\nमॉस्को में ठंड है। मॉस्को के लोग मॉस्को से बाहर गए।\n", NULL);
  g_assert_cmpint (once->status, ==, KHOJI_IMPORT_IMPORTED);
  g_assert_cmpint (other->status, ==, KHOJI_IMPORT_IMPORTED);
  g_assert_cmpint (dense->status, ==, KHOJI_IMPORT_IMPORTED);

  /* The folded spelling finds both; the article about Moscow comes first. */
  hits = khoji_library_search (f->library, "मास्को", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 2);
  g_assert_cmpint (khoji_article_get_id (g_ptr_array_index (hits, 0)), ==, dense->article_id);
  g_assert_cmpint (khoji_article_get_id (g_ptr_array_index (hits, 1)), ==, once->article_id);
  g_assert_cmpfloat (khoji_article_get_rank (g_ptr_array_index (hits, 0)), <,
                     khoji_article_get_rank (g_ptr_array_index (hits, 1)));
  g_assert_nonnull (strstr (khoji_article_get_snippet (g_ptr_array_index (hits, 1)),
                            "\x01मॉस्को\x02 का ज़िक्र"));
  khoji_import_result_free (dense);
  khoji_import_result_free (once);
  khoji_import_result_free (other);
}

/* One JSON escaper serves the exports and khoji-cli's --json: quotes,
 * backslashes and every control character come out escaped, \n \r \t
 * in their short form, and the result reads back as the same string. */
static char *
export_to_string (KhojiLibrary *library,
                  gboolean      csv,
                  const gint64 *ids,
                  guint         n_ids)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  GMemoryOutputStream *mem = G_MEMORY_OUTPUT_STREAM (out);

  if (csv)
    g_assert_true (khoji_library_export_csv (library, "all", ids, n_ids, out, &error));
  else
    g_assert_true (khoji_library_export_json (library, "all", ids, n_ids, out, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (out, NULL, &error));
  return g_strndup (g_memory_output_stream_get_data (mem), g_memory_output_stream_get_data_size (mem));
}

static JsonObject *
parse_export (JsonParser *parser,
              const char *json)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (parser));
}

/* The selected articles exported as JSON and CSV: those articles, their
 * mentions and dates, and the entities they mention with their counts
 * among them, as the whole library's export has them. */
static void
test_export_selection (Fixture *f, gconstpointer data)
{
  g_autofree char *seeds = khoji_test_seeds_dir ();
  g_autoptr(JsonParser) all_parser = json_parser_new ();
  g_autoptr(JsonParser) sel_parser = json_parser_new ();
  g_autofree char *all_json = NULL, *sel_json = NULL, *sel_csv = NULL, *all_csv = NULL;
  g_autoptr(GHashTable) expected_mentions = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GHashTable) expected_articles = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GHashTable) pairs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonObject *all, *sel;
  JsonArray *articles, *mentions, *entities, *dates;
  gint64 ids[2];
  guint n_mentions = 0, n_dates = 0, csv_entities = 0, csv_dates = 0;
  g_auto(GStrv) rows = NULL;

  if (seeds == NULL)
    {
      g_test_skip ("no seed articles found");
      return;
    }
  import_seeds (f);
  all_json = export_to_string (f->library, FALSE, NULL, 0);
  all = parse_export (all_parser, all_json);
  articles = json_object_get_array_member (all, "articles");
  g_assert_cmpuint (json_array_get_length (articles), ==, 5);
  /* The second and the fourth article. */
  ids[0] = json_object_get_int_member (json_array_get_object_element (articles, 1), "id");
  ids[1] = json_object_get_int_member (json_array_get_object_element (articles, 3), "id");

  /* What the whole export says of those two. */
  mentions = json_object_get_array_member (all, "mentions");
  for (guint i = 0; i < json_array_get_length (mentions); i++)
    {
      JsonObject *m = json_array_get_object_element (mentions, i);
      gint64 article = json_object_get_int_member (m, "article");
      gint64 entity = json_object_get_int_member (m, "entity");
      g_autofree char *pair = g_strdup_printf ("%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT, entity, article);

      if (article != ids[0] && article != ids[1])
        continue;
      n_mentions++;
      g_hash_table_replace (expected_mentions, g_memdup2 (&entity, sizeof entity),
                            GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (expected_mentions, &entity)) + 1));
      if (g_hash_table_add (pairs, g_steal_pointer (&pair)))
        g_hash_table_replace (expected_articles, g_memdup2 (&entity, sizeof entity),
                              GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (expected_articles, &entity)) + 1));
    }
  dates = json_object_get_array_member (all, "dates");
  for (guint i = 0; i < json_array_get_length (dates); i++)
    {
      gint64 article = json_object_get_int_member (json_array_get_object_element (dates, i), "article");

      if (article == ids[0] || article == ids[1])
        n_dates++;
    }
  g_assert_cmpuint (n_mentions, >, 10);
  g_assert_cmpuint (n_dates, >, 0);
  /* Some of the library's entities are in neither article. */
  g_assert_cmpuint (g_hash_table_size (expected_mentions), <,
                    json_array_get_length (json_object_get_array_member (all, "entities")));

  /* The selection's JSON. */
  sel_json = export_to_string (f->library, FALSE, ids, 2);
  sel = parse_export (sel_parser, sel_json);
  articles = json_object_get_array_member (sel, "articles");
  g_assert_cmpuint (json_array_get_length (articles), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (articles, 0), "id"), ==, ids[0]);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (articles, 1), "id"), ==, ids[1]);
  g_assert_cmpuint (strlen (json_object_get_string_member (json_array_get_object_element (articles, 0), "text")), >, 100);
  mentions = json_object_get_array_member (sel, "mentions");
  g_assert_cmpuint (json_array_get_length (mentions), ==, n_mentions);
  for (guint i = 0; i < json_array_get_length (mentions); i++)
    {
      gint64 article = json_object_get_int_member (json_array_get_object_element (mentions, i), "article");

      g_assert_true (article == ids[0] || article == ids[1]);
    }
  dates = json_object_get_array_member (sel, "dates");
  g_assert_cmpuint (json_array_get_length (dates), ==, n_dates);
  entities = json_object_get_array_member (sel, "entities");
  g_assert_cmpuint (json_array_get_length (entities), ==, g_hash_table_size (expected_mentions));
  for (guint i = 0; i < json_array_get_length (entities); i++)
    {
      JsonObject *e = json_array_get_object_element (entities, i);
      gint64 id = json_object_get_int_member (e, "id");
      JsonArray *aliases = json_object_get_array_member (e, "aliases");

      g_assert_true (g_hash_table_contains (expected_mentions, &id));
      g_assert_cmpint (json_object_get_int_member (e, "mentions"), ==,
                       GPOINTER_TO_UINT (g_hash_table_lookup (expected_mentions, &id)));
      g_assert_cmpint (json_object_get_int_member (e, "articles"), ==,
                       GPOINTER_TO_UINT (g_hash_table_lookup (expected_articles, &id)));
      /* Its spellings are those of its mentions in the two articles. */
      g_assert_cmpuint (json_array_get_length (aliases), >, 0);
      for (guint k = 0; k < json_array_get_length (aliases); k++)
        {
          const char *form = json_array_get_string_element (aliases, k);
          gboolean seen = FALSE;

          for (guint m = 0; m < json_array_get_length (mentions) && !seen; m++)
            {
              JsonObject *mo = json_array_get_object_element (mentions, m);

              seen = json_object_get_int_member (mo, "entity") == id &&
                     g_str_equal (json_object_get_string_member (mo, "text"), form);
            }
          g_assert_true (seen);
        }
    }

  /* The selection's CSV: the same entities and dates, the same counts. */
  sel_csv = export_to_string (f->library, TRUE, ids, 2);
  all_csv = export_to_string (f->library, TRUE, NULL, 0);
  g_assert_cmpuint (strlen (sel_csv), <, strlen (all_csv));
  rows = g_strsplit (sel_csv, "\r\n", -1);
  g_assert_cmpstr (rows[0], ==, "kind,id,name,latin,type,aliases,articles,mentions");
  for (char **r = rows + 1; *r; r++)
    if (g_str_has_prefix (*r, "entity,"))
      {
        gint64 id = g_ascii_strtoll (*r + strlen ("entity,"), NULL, 10);
        g_autofree char *tail = g_strdup_printf (",%u,%u", GPOINTER_TO_UINT (g_hash_table_lookup (expected_articles, &id)),
                                                 GPOINTER_TO_UINT (g_hash_table_lookup (expected_mentions, &id)));

        g_assert_true (g_hash_table_contains (expected_mentions, &id));
        g_assert_true (g_str_has_suffix (*r, tail));
        csv_entities++;
      }
    else if (g_str_has_prefix (*r, "date,"))
      {
        gint64 article = g_ascii_strtoll (*r + strlen ("date,"), NULL, 10);

        g_assert_true (article == ids[0] || article == ids[1]);
        csv_dates++;
      }
  g_assert_cmpuint (csv_entities, ==, g_hash_table_size (expected_mentions));
  g_assert_cmpuint (csv_dates, ==, n_dates);
}

/* A library of the seeds with अमेरिका made a person, then `n` more
 * articles imported under that correction (the seeds, each with a line
 * of its own). */
static KhojiLibrary *
library_with_correction (const char *db,
                         const char *dir,
                         guint       n)
{
  g_autofree char *seeds = khoji_test_seeds_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GPtrArray) places = NULL;
  g_autoptr(GFile) folder = g_file_new_for_path (seeds);
  g_autoptr(GDir) listing = NULL;
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  KhojiLibrary *library = khoji_library_open (db, &error);
  gint64 america = 0;
  const char *name;

  g_assert_no_error (error);
  khoji_library_set_import_workers (library, 1);
  results = khoji_library_import_files (library, &folder, 1, NULL, NULL, NULL, NULL);
  g_assert_cmpuint (count_status (results, KHOJI_IMPORT_IMPORTED), ==, 5);
  g_clear_pointer (&results, g_ptr_array_unref);
  /* Times are kept to the second, and an undo analyses again what was
   * imported from the correction's second on: the seeds, imported in an
   * earlier second, are not, in either library, whatever the clock. (Had
   * one library analysed them again, its entity rows would be made
   * anew, and an archive gives new rows new ids.) */
  {
    gint64 second = g_get_real_time () / G_USEC_PER_SEC;

    while (g_get_real_time () / G_USEC_PER_SEC == second)
      g_usleep (10000);
  }

  places = khoji_library_list_entities (library, TRUE, NULL);
  for (guint i = 0; i < places->len; i++)
    if (g_str_equal (khoji_entity_get_name (g_ptr_array_index (places, i)), "अमेरिका"))
      america = khoji_entity_get_id (g_ptr_array_index (places, i));
  g_assert_cmpint (america, >, 0);
  g_assert_true (khoji_library_set_entity_type (library, america, KHOJI_ENTITY_PERSON, &error));
  g_assert_no_error (error);

  listing = g_dir_open (seeds, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (listing)) != NULL)
    if (g_str_has_suffix (name, ".txt"))
      {
        g_autofree char *path = g_build_filename (seeds, name, NULL);
        char *text = NULL;

        g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
        g_ptr_array_add (texts, text);
      }
  g_assert_cmpuint (texts->len, ==, 5);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/more-%03u.txt", dir, i);
      g_autofree char *body = g_strdup_printf ("%s\nसंस्करण %u।\n", (char *) g_ptr_array_index (texts, i % 5), i);

      g_assert_true (g_file_set_contents (path, body, -1, NULL));
      g_ptr_array_add (files, g_file_new_for_path (path));
    }
  results = khoji_library_import_files (library, (GFile **) files->pdata, files->len, NULL, NULL, NULL, NULL);
  g_assert_cmpuint (count_status (results, KHOJI_IMPORT_IMPORTED), ==, n);
  return library;
}

typedef struct {
  guint    ticks;
  guint    progress_calls;
  guint    last_done, last_total;
  gboolean in_order;
  guint    changed;
  guint    changed_at_finish;
  gboolean finished;
  gboolean ok;
  GError  *error;
} UndoWatch;

static gboolean
on_tick (gpointer data)
{
  ((UndoWatch *) data)->ticks++;
  return G_SOURCE_CONTINUE;
}

static void
on_undo_progress (guint done, guint total, const char *path, gpointer data)
{
  UndoWatch *w = data;

  w->in_order = w->in_order && path == NULL && done == w->last_done + 1 && done <= total;
  w->progress_calls++;
  w->last_done = done;
  w->last_total = total;
}

static void
on_undo_changed (KhojiLibrary *library, gpointer data)
{
  ((UndoWatch *) data)->changed++;
}

static void
on_undo_finished (GObject *source, GAsyncResult *result, gpointer data)
{
  UndoWatch *w = data;

  w->ok = khoji_library_undo_correction_finish (KHOJI_LIBRARY (source), result, &w->error);
  w->changed_at_finish = w->changed;
  w->finished = TRUE;
}

/* Undo re-analyses the articles imported under the correction on the
 * library's thread: the caller's main loop keeps turning (a 5 ms timer
 * fires throughout), progress comes article by article, "changed" comes
 * before the callback, and the library ends as the same undo made in
 * place leaves it. */
static void
test_undo_async (Fixture *f, gconstpointer data)
{
  g_autofree char *seeds = khoji_test_seeds_dir ();
  g_autofree char *more = g_build_filename (f->dir, "more", NULL);
  g_autofree char *db_a = library_name (f, "undo_a");
  g_autofree char *db_b = library_name (f, "undo_b");
  g_autofree char *json_a = NULL, *json_b = NULL, *before = NULL;
  g_autoptr(GError) error = NULL;
  KhojiLibrary *a, *b;
  UndoWatch w = { 0, 0, 0, 0, TRUE, 0, 0, FALSE, FALSE, NULL };
  guint tick, n = 60;
  gint64 started;

  if (seeds == NULL)
    {
      g_test_skip ("no seed articles found");
      return;
    }
  g_assert_cmpint (g_mkdir (more, 0700), ==, 0);

  a = library_with_correction (db_a, more, n);
  g_assert_true (khoji_library_undo_correction (a, &error));
  g_assert_no_error (error);
  json_a = export_all (a);
  g_assert_finalize_object (a);

  b = library_with_correction (db_b, more, n);
  before = export_all (b);
  g_signal_connect (b, "changed", G_CALLBACK (on_undo_changed), &w);
  tick = g_timeout_add (5, on_tick, &w);
  started = g_get_monotonic_time ();
  khoji_library_undo_correction_async (b, 1, on_undo_progress, &w, NULL, NULL, on_undo_finished, &w);
  while (!w.finished)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (tick);
  g_test_message ("undo of %u articles: %.2f s, the timer fired %u times, %u progress calls",
                  n, (g_get_monotonic_time () - started) / 1e6, w.ticks, w.progress_calls);
  g_assert_no_error (w.error);
  g_assert_true (w.ok);
  g_assert_cmpuint (w.changed, ==, 1);
  g_assert_cmpuint (w.changed_at_finish, ==, 1);
  g_assert_true (w.in_order);
  /* Every article imported under the correction, one call each. */
  g_assert_cmpuint (w.last_total, ==, n);
  g_assert_cmpuint (w.progress_calls, ==, w.last_total);
  g_assert_cmpuint (w.last_done, ==, w.last_total);
  /* The main loop turned while the articles were analysed again. */
  g_assert_cmpuint (w.ticks, >=, 5);

  json_b = export_all (b);
  g_assert_cmpstr (json_b, !=, before);
  g_assert_cmpstr (json_b, ==, json_a);
  g_signal_handlers_disconnect_by_data (b, &w);
  g_assert_finalize_object (b);
}

static void
test_json_escape (void)
{
  static const char text[] = "a\"b\\c\nd\re\tf\x01g\x1fh \xe0\xa4\xaa\xe0\xa5\x81\xe0\xa4\xa4\xe0\xa4\xbf\xe0\xa4\xa8 /";
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  khoji_json_append_string (out, NULL);
  g_assert_cmpstr (out->str, ==, "null");

  /* Bytes that are not UTF-8 (a file name in another encoding). */
  g_string_truncate (out, 0);
  khoji_json_append_string (out, "a\xff\xfe" "b");
  g_assert_cmpstr (out->str, ==, "\"a\xef\xbf\xbd\xef\xbf\xbd" "b\"");

  g_string_truncate (out, 0);
  khoji_json_append_string (out, text);
  g_assert_cmpstr (out->str, ==, "\"a\\\"b\\\\c\\nd\\re\\tf\\u0001g\\u001fh पुतिन /\"");

  /* Every control character, and the result is valid JSON that reads back. */
  {
    char all[32];

    for (int i = 1; i < 32; i++)
      all[i - 1] = (char) i;
    all[31] = '\0';
    g_string_truncate (out, 0);
    g_string_append (out, "[");
    khoji_json_append_string (out, all);
    g_string_append (out, ", ");
    khoji_json_append_string (out, text);
    g_string_append (out, "]");
    g_assert_true (json_parser_load_from_data (parser, out->str, -1, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (json_array_get_string_element (json_node_get_array (json_parser_get_root (parser)), 0), ==, all);
    g_assert_cmpstr (json_array_get_string_element (json_node_get_array (json_parser_get_root (parser)), 1), ==, text);
  }
}

/* A read's task holds the library as its source object. The reader
 * thread that ran it lets go of the task just after returning it; when
 * the read's callback on this thread has already dropped the caller's
 * last reference, that thread's unref finalizes the library, whose
 * finalize waits for the reader's pool: the thread would wait for itself.
 * This thread sleeps in the main loop until the reader wakes it, and is
 * often scheduled at once, before the reader lets go (in the first ten
 * rounds, most runs, before the fix); every round the library must be
 * finalized, to its end, within ten seconds. */
typedef struct {
  KhojiLibrary *library;
  gboolean      called;
  gint          finalized;   /* atomic */
} LastReferenceRound;

static void
on_last_reference_search (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  LastReferenceRound *round = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = khoji_library_search_finish (KHOJI_LIBRARY (source), result, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 0);
  g_clear_object (&round->library);
  round->called = TRUE;
}

static void
mark_finalized (gpointer data)
{
  /* Object data is freed by GObject's own finalize, after the library's. */
  g_atomic_int_set ((gint *) data, 1);
}

static void
test_reader_drops_last_reference (Fixture       *f,
                                  gconstpointer  data)
{
  /* On an archive each round opens a server connection, a server
   * process forked for it (0.1 s on a loaded machine): fewer rounds,
   * still through the store's close on the reader's thread. */
  guint rounds = f->pg ? 20 : 200;

  for (guint i = 0; i < rounds; i++)
    {
      LastReferenceRound round = { 0 };
      g_autoptr(GError) error = NULL;
      gint64 deadline;

      round.library = khoji_library_open (f->path, &error);
      g_assert_no_error (error);
      g_object_set_data_full (G_OBJECT (round.library), "finalized", &round.finalized, mark_finalized);
      khoji_library_search_async (round.library, "भारत", 10, NULL, on_last_reference_search, &round);
      while (!round.called)
        g_main_context_iteration (NULL, TRUE);
      deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
      while (!g_atomic_int_get (&round.finalized) && g_get_monotonic_time () < deadline)
        {
          g_main_context_iteration (NULL, FALSE);
          g_usleep (100);
        }
      if (!g_atomic_int_get (&round.finalized))
        g_test_message ("round %u: the library was not finalized", i);
      g_assert_cmpint (g_atomic_int_get (&round.finalized), ==, 1);
    }
}

static void
on_selection_read (GObject *source, GAsyncResult *result, gpointer data)
{
  KhojiSelection **out = data;
  g_autoptr(GError) error = NULL;

  *out = khoji_library_read_selection_finish (KHOJI_LIBRARY (source), result, &error);
  g_assert_no_error (error);
}

static KhojiSelection *
read_selection (KhojiLibrary *library,
                GArray       *entity_ids)
{
  KhojiSelection *selection = NULL;

  khoji_library_read_selection_async (library, entity_ids, NULL, on_selection_read, &selection);
  while (selection == NULL)
    g_main_context_iteration (NULL, TRUE);
  return selection;
}

/* What the window shows for a selection, read on the library's thread:
 * the articles where the entities meet, ascending, and those articles'
 * events in the timeline's order; with nothing selected, every event. */
static void
on_pointer_read (GObject *source, GAsyncResult *result, gpointer data)
{
  GTask **out = data;

  *out = g_object_ref (G_TASK (result));
}

static GAsyncResult *
wait_read (GTask **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return G_ASYNC_RESULT (*slot);
}

static void
reverse_entities (GPtrArray *entities,
                  gpointer   user_data)
{
  g_assert_false (g_main_context_is_owner (g_main_context_default ()));
  *(guint *) user_data += 1;
  for (guint i = 0, k = entities->len; i + 1 < k; i++, k--)
    {
      gpointer tmp = entities->pdata[i];

      entities->pdata[i] = entities->pdata[k - 1];
      entities->pdata[k - 1] = tmp;
    }
}

/* The window's other reads on the library's thread give what the same
 * calls give on the caller's: the entity list (hidden ones too, prepared
 * there, with their aliases), and the articles two entities share. */
static void
test_reader_lists (Fixture *f, gconstpointer data)
{
  g_autofree char *seeds = khoji_test_seeds_dir ();
  g_autoptr(GPtrArray) sync = NULL;
  g_autoptr(GPtrArray) async = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(KhojiSharedArticles) shared = NULL;
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  gint64 a, b;
  guint prepared = 0;

  if (seeds == NULL)
    {
      g_test_skip ("no seed articles found");
      return;
    }
  import_seeds (f);
  sync = khoji_library_list_entities (f->library, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sync->len, >=, 3);
  g_assert_true (khoji_library_set_entity_hidden (f->library, khoji_entity_get_id (g_ptr_array_index (sync, 2)),
                                                  TRUE, &error));
  g_clear_pointer (&sync, g_ptr_array_unref);
  sync = khoji_library_list_entities (f->library, TRUE, &error);

  khoji_library_list_entities_async (f->library, TRUE, reverse_entities, &prepared, NULL, NULL,
                                     on_pointer_read, &task);
  async = khoji_library_list_entities_finish (f->library, wait_read (&task), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (prepared, ==, 1);
  g_assert_cmpuint (async->len, ==, sync->len);
  for (guint i = 0; i < sync->len; i++)
    {
      KhojiEntity *x = g_ptr_array_index (sync, i);
      KhojiEntity *y = g_ptr_array_index (async, sync->len - 1 - i);
      g_auto(GStrv) xa = khoji_entity_dup_aliases (x);
      g_auto(GStrv) ya = khoji_entity_dup_aliases (y);

      g_assert_cmpint (khoji_entity_get_id (x), ==, khoji_entity_get_id (y));
      g_assert_cmpint (khoji_entity_get_hidden (x), ==, khoji_entity_get_hidden (y));
      g_assert_true (g_strv_equal ((const char * const *) xa, (const char * const *) ya));
    }
  g_clear_object (&task);

  /* The two strongest entities share articles; the newest first. */
  a = khoji_entity_get_id (g_ptr_array_index (sync, 0));
  b = khoji_entity_get_id (g_ptr_array_index (sync, 1));
  ids = khoji_library_shared_articles (f->library, a, b, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, >=, 2);
  khoji_library_read_shared_articles_async (f->library, a, b, 1, NULL, on_pointer_read, &task);
  shared = khoji_library_read_shared_articles_finish (f->library, wait_read (&task), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (shared->n_total, ==, ids->len);
  g_assert_cmpuint (shared->articles->len, ==, 1);
  g_assert_cmpint (khoji_article_get_id (g_ptr_array_index (shared->articles, 0)), ==,
                   g_array_index (ids, gint64, ids->len - 1));
}

static void
test_read_selection (Fixture *f, gconstpointer data)
{
  g_autofree char *seeds = khoji_test_seeds_dir ();
  g_autoptr(GPtrArray) entities = NULL;
  g_autoptr(GArray) all_refs = NULL;
  g_autoptr(KhojiSelection) none = NULL;
  g_autoptr(GArray) empty = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  guint n_pairs = 0;

  if (seeds == NULL)
    {
      g_test_skip ("no seed articles found");
      return;
    }
  import_seeds (f);

  /* Nothing selected: every article, every event. */
  all_refs = khoji_library_list_event_refs (f->library, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all_refs->len, >=, 10);
  none = read_selection (f->library, empty);
  g_assert_null (none->article_ids);
  g_assert_cmpuint (none->events->len, ==, all_refs->len);
  for (guint i = 0; i < all_refs->len; i++)
    g_assert_cmpint (g_array_index (none->events, KhojiEventRef, i).id, ==,
                     g_array_index (all_refs, KhojiEventRef, i).id);

  /* Pairs of entities: the articles both name, and their events among
   * the first one's. */
  entities = khoji_library_list_entities (f->library, FALSE, &error);
  g_assert_no_error (error);
  for (guint a = 0; a < MIN (entities->len, 6); a++)
    for (guint b = a + 1; b < MIN (entities->len, 6); b++)
      {
        gint64 ids[2] = { khoji_entity_get_id (g_ptr_array_index (entities, a)),
                          khoji_entity_get_id (g_ptr_array_index (entities, b)) };
        g_autoptr(GArray) pair = g_array_new (FALSE, FALSE, sizeof (gint64));
        g_autoptr(GArray) first = khoji_library_articles_for_entity (f->library, ids[0], NULL);
        g_autoptr(GArray) second = khoji_library_articles_for_entity (f->library, ids[1], NULL);
        g_autoptr(GArray) first_refs = khoji_library_list_event_refs (f->library, ids[0], NULL);
        g_autoptr(GArray) meet = g_array_new (FALSE, FALSE, sizeof (gint64));
        g_autoptr(KhojiSelection) selection = NULL;
        guint k = 0;

        g_array_append_vals (pair, ids, 2);
        for (guint i = 0; i < first->len; i++)
          for (guint j = 0; j < second->len; j++)
            if (g_array_index (first, gint64, i) == g_array_index (second, gint64, j))
              {
                g_array_append_val (meet, g_array_index (first, gint64, i));
                break;
              }
        selection = read_selection (f->library, pair);
        g_assert_nonnull (selection->article_ids);
        g_assert_cmpuint (selection->article_ids->len, ==, meet->len);
        for (guint i = 0; i < meet->len; i++)
          g_assert_cmpint (g_array_index (selection->article_ids, gint64, i), ==, g_array_index (meet, gint64, i));

        for (guint i = 0; i < first_refs->len; i++)
          {
            const KhojiEventRef *ref = &g_array_index (first_refs, KhojiEventRef, i);
            gboolean kept = FALSE;

            for (guint m = 0; m < meet->len; m++)
              kept |= g_array_index (meet, gint64, m) == ref->article_id;
            if (!kept)
              continue;
            g_assert_cmpuint (k, <, selection->events->len);
            g_assert_cmpint (g_array_index (selection->events, KhojiEventRef, k).id, ==, ref->id);
            k++;
          }
        g_assert_cmpuint (k, ==, selection->events->len);
        if (meet->len > 0 && k > 0)
          n_pairs++;
      }
  /* The seeds' strongest entities meet in dated articles. */
  g_assert_cmpuint (n_pairs, >, 0);
}

/* The importer's SHA-256 of a text is GChecksum's, to the character: on
 * the empty text, around SHA-256's block of 64 bytes and its padding (55,
 * 56), on Devanagari and on a long text. */
static void
test_text_hash (void)
{
  const gsize lengths[] = { 0, 1, 3, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 1000, 70001 };
  g_autoptr(GString) text = g_string_new (NULL);

  while (text->len < 70001)
    g_string_append (text, "रूस और जापान के नेता सोमवार को मिले। Kim Jong Un, 2025. ");
  for (gsize i = 0; i < G_N_ELEMENTS (lengths); i++)
    {
      g_autofree char *want = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) text->str, lengths[i]);
      g_autofree char *got = _khoji_library_text_hash (text->str, lengths[i]);

      g_assert_cmpstr (got, ==, want);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) \
  g_test_add ("/khoji/library/sqlite/" path, Fixture, &sqlite_backend, fixture_set_up, fn, fixture_tear_down); \
  g_test_add ("/khoji/library/postgresql/" path, Fixture, &postgresql_backend, fixture_set_up, fn, fixture_tear_down)
  ADD ("batch-with-bad-files", test_batch_with_bad_files);
  ADD ("search-folds", test_search_folds);
  ADD ("search-order", test_search_order);
  ADD ("entity-aliases-on-demand", test_entity_aliases_on_demand);
  ADD ("load-lists", test_load_lists);
  ADD ("load-lists-first-entities", test_load_lists_first_entities);
  g_test_add ("/khoji/library/postgresql/import-keeps-timeline", Fixture, &postgresql_backend, fixture_set_up,
              test_import_keeps_timeline, fixture_tear_down);
  ADD ("reader-drops-last-reference", test_reader_drops_last_reference);
  ADD ("read-selection", test_read_selection);
  ADD ("reader-lists", test_reader_lists);
  g_test_add_func ("/khoji/library/parse-query", test_parse_query);
  g_test_add_func ("/khoji/library/json-escape", test_json_escape);
  g_test_add_func ("/khoji/library/text-hash", test_text_hash);
  ADD ("export-selection", test_export_selection);
  ADD ("undo-async", test_undo_async);
  ADD ("corrections-survive-reimport", test_corrections_survive_reimport);
  ADD ("hide-and-unknown-ids", test_hide_and_unknown_ids);
  ADD ("unknown-ids-said", test_unknown_ids_said);
  ADD ("corrections-history", test_corrections_history);
  ADD ("correction-signals", test_correction_signals);
  ADD ("async-import", test_async_import);
  ADD ("import-text", test_import_text);
  ADD ("set-published", test_set_published);
  ADD ("event-refs-match-events", test_event_refs_match_events);
  ADD ("dateline-in-first-paragraph", test_dateline_in_first_paragraph);
  ADD ("workers-same-library", test_workers_same_library);
  ADD ("workers-cancel", test_workers_cancel);
  ADD ("workers-reimport", test_workers_reimport);

  return g_test_run ();
}
