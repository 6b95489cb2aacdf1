/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-test-gazetteer"

#include <glib/gstdio.h>
#include <string.h>

#include "khoji-analysis.h"
#include "khoji-gazetteer-private.h"
#include "khoji-text.h"

static char *
make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("khoji-gz-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
write_file (const char *dir,
            const char *name,
            const char *contents)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_remove (path);
    }
  g_rmdir (dir);
}

static const char *
key_at (GPtrArray  *mentions,
        const char *text,
        const char *form)
{
  gsize len = strlen (form);

  for (guint i = 0; i < mentions->len; i++)
    {
      KhojiMention *m = mentions->pdata[i];
      if (m->end - m->start == len && memcmp (text + m->start, form, len) == 0)
        return m->key;
    }
  return NULL;
}

static void
test_default_loads (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KhojiGazetteer) gz = khoji_gazetteer_new_default (&error);

  g_assert_no_error (error);
  g_assert_nonnull (gz);
  /* Countries, regions, Indian states and districts, GeoNames towns and
   * the hand-made rows. */
  g_assert_cmpuint (khoji_gazetteer_get_size (gz), >, 2500);
  g_assert_nonnull (khoji_gazetteer_get_dir (gz));
}

static void
test_default_sources (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KhojiGazetteer) gz = khoji_gazetteer_new_default (&error);
  /* ICU (जर्मनी), iso-codes, an Indian district (नवादा), a GeoNames town
   * (काबुल), a state (छत्तीसगढ़) and a hand-made row (एएफपी). */
  const char *t = "जर्मनी, नवादा, काबुल, छत्तीसगढ़ और एएफपी।";
  g_autoptr(GPtrArray) m = khoji_extract_entities (gz, t, NULL);

  g_assert_no_error (error);
  g_assert_cmpstr (key_at (m, t, "जर्मनी"), ==, "place:germany");
  g_assert_cmpstr (key_at (m, t, "नवादा"), ==, "place:nawada");
  g_assert_cmpstr (key_at (m, t, "काबुल"), ==, "place:kabul");
  g_assert_cmpstr (key_at (m, t, "छत्तीसगढ़"), ==, "place:chhattisgarh");
  g_assert_cmpstr (key_at (m, t, "एएफपी"), ==, "organization:agence france-presse");
}

/* The places found in a text are located through their entity keys, from
 * the source of each row: GeoNames towns, a country's outline, a region
 * database; a world region is not. */
static void
test_places_located (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KhojiGazetteer) gz = khoji_gazetteer_new_default (&error);
  const char *t = "मॉस्को, प्योंगयांग, सियोल, कुर्स्क, जर्मनी, नवादा और यूरोप।";
  g_autoptr(GPtrArray) m = khoji_extract_entities (gz, t, NULL);
  const struct { const char *form, *key; double lat, lon; } want[] = {
    { "मॉस्को", "place:moscow", 55.75, 37.62 },          /* GeoNames 524901 */
    { "प्योंगयांग", "place:pyongyang", 39.03, 125.75 },   /* GeoNames 1871859 */
    { "सियोल", "place:seoul", 37.57, 126.98 },           /* GeoNames 1835848 */
    { "कुर्स्क", "place:kursk", 51.76, 35.38 },           /* Kursk Oblast, RU-KRS */
    { "नवादा", "place:nawada", 24.75, 85.50 },           /* Bihar: its place of that name */
  };
  double lat = 0, lon = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (khoji_gazetteer_n_located (), >, 4000);
  for (guint i = 0; i < G_N_ELEMENTS (want); i++)
    {
      const char *key = key_at (m, t, want[i].form);

      g_assert_cmpstr (key, ==, want[i].key);
      g_assert_true (khoji_gazetteer_locate (key, &lat, &lon));
      g_assert_cmpfloat_with_epsilon (lat, want[i].lat, 0.1);
      g_assert_cmpfloat_with_epsilon (lon, want[i].lon, 0.1);
    }
  /* Germany: a point inside its outline, wherever the centroid fell. */
  g_assert_cmpstr (key_at (m, t, "जर्मनी"), ==, "place:germany");
  g_assert_true (khoji_gazetteer_locate ("place:germany", &lat, &lon));
  g_assert_cmpfloat (lat, >, 47.3);
  g_assert_cmpfloat (lat, <, 55.0);
  g_assert_cmpfloat (lon, >, 5.9);
  g_assert_cmpfloat (lon, <, 15.0);
  /* A continent has no point of its own. */
  g_assert_cmpstr (key_at (m, t, "यूरोप"), ==, "place:europe");
  g_assert_false (khoji_gazetteer_locate ("place:europe", &lat, &lon));
  g_assert_false (khoji_gazetteer_locate ("person:moscow", &lat, &lon));
}

static void
test_from_dir_merges (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(KhojiGazetteer) gz = NULL;
  g_autoptr(GPtrArray) m = NULL;
  const char *t = "ज़ोरावरपुर और जोरावर नगर, Zorawarpur में।";

  write_file (dir, "a.tsv",
              "# a comment\n"
              "place\tZorawarpur\tज़ोरावरपुर\ttest\n"
              "\n");
  write_file (dir, "b.tsv",
              "place\tZorawarpur\tजोरावर नगर|Zorawarpur\ttest\r\n"
              "person\tTest Person\tपरीक्षा व्यक्ति\ttest\n");
  gz = khoji_gazetteer_new_from_dir (dir, &error);
  g_assert_no_error (error);
  g_assert_nonnull (gz);
  /* Same type and Latin name in two files: one entity. */
  g_assert_cmpuint (khoji_gazetteer_get_size (gz), ==, 2);
  g_assert_cmpstr (khoji_gazetteer_get_dir (gz), ==, dir);

  m = khoji_extract_entities (gz, t, NULL);
  g_assert_cmpuint (m->len, ==, 3);
  g_assert_cmpstr (key_at (m, t, "ज़ोरावरपुर"), ==, "place:zorawarpur");
  g_assert_cmpstr (key_at (m, t, "जोरावर नगर"), ==, "place:zorawarpur");
  g_assert_cmpstr (key_at (m, t, "Zorawarpur"), ==, "place:zorawarpur");
  g_assert_cmpstr (((KhojiMention *) m->pdata[2])->name, ==, "ज़ोरावरपुर");
  remove_dir (dir);
}

static void
test_first_file_wins (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(KhojiGazetteer) gz = NULL;
  g_autoptr(GPtrArray) m = NULL;
  const char *t = "जॉर्जिया में";

  /* The hand-made list is read first whatever the names sort as. */
  write_file (dir, "cities.tsv", "place\tGeorgia (US)\tजॉर्जिया\tgeonames:1\n");
  write_file (dir, "manual.tsv", "place\tGeorgia\tजॉर्जिया\tmanual\n");
  gz = khoji_gazetteer_new_from_dir (dir, &error);
  g_assert_no_error (error);
  m = khoji_extract_entities (gz, t, NULL);
  g_assert_cmpstr (key_at (m, t, "जॉर्जिया"), ==, "place:georgia");
  remove_dir (dir);
}

/* The longest form wins, and a shorter one is found where the longer
 * does not go on: the extractor tries only the lengths whose first words
 * start some longer form. */
static void
test_longest_form (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(KhojiGazetteer) gz = NULL;
  g_autoptr(GPtrArray) m = NULL;
  const char *t = "भारतीय अंतरिक्ष अनुसंधान संगठन ने कहा कि अंतरिक्ष अनुसंधान पर खर्च बढ़ा और "
                  "भारतीय अंतरिक्ष अनुसंधान की बात हुई।";

  write_file (dir, "manual.tsv",
              "organization\tIndian Space Research Organisation\tभारतीय अंतरिक्ष अनुसंधान संगठन\tmanual\n"
              "organization\tSpace Research\tअंतरिक्ष अनुसंधान\tmanual\n");
  gz = khoji_gazetteer_new_from_dir (dir, &error);
  g_assert_no_error (error);
  m = khoji_extract_entities (gz, t, NULL);
  g_assert_cmpstr (key_at (m, t, "भारतीय अंतरिक्ष अनुसंधान संगठन"), ==,
                   "organization:indian space research organisation");
  g_assert_cmpstr (key_at (m, t, "अंतरिक्ष अनुसंधान"), ==, "organization:space research");
  /* No form starts with the longer one's first words and stops short; the
   * labeller may read a name there (this gazetteer has no demonyms), but
   * not the longer form's. */
  g_assert_cmpstr (key_at (m, t, "भारतीय अंतरिक्ष अनुसंधान"), !=,
                   "organization:indian space research organisation");
  remove_dir (dir);
}

static void
test_malformed (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(KhojiGazetteer) gz = NULL;

  write_file (dir, "bad.tsv", "place\tOnly two fields\n");
  gz = khoji_gazetteer_new_from_dir (dir, &error);
  g_assert_null (gz);
  g_assert_error (error, KHOJI_ANALYSIS_ERROR, KHOJI_ANALYSIS_ERROR_GAZETTEER);
  g_clear_error (&error);

  write_file (dir, "bad.tsv", "planet\tMars\tमंगल\tmanual\n");
  gz = khoji_gazetteer_new_from_dir (dir, &error);
  g_assert_null (gz);
  g_assert_error (error, KHOJI_ANALYSIS_ERROR, KHOJI_ANALYSIS_ERROR_GAZETTEER);
  remove_dir (dir);
}

static void
test_missing_dir (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KhojiGazetteer) gz = khoji_gazetteer_new_from_dir ("/nonexistent/khoji-gazetteer", &error);

  g_assert_null (gz);
  g_assert_error (error, KHOJI_ANALYSIS_ERROR, KHOJI_ANALYSIS_ERROR_GAZETTEER);
}

static void
test_user_rows (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "khoji", "gazetteer", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(KhojiGazetteer) gz = NULL;
  g_autoptr(GPtrArray) m = NULL;
  const char *t = "खोजीपुर में मेला और अमेरिका में चुनाव।";

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  write_file (dir, "mine.tsv", "place\tKhojipur\tखोजीपुर\tuser\n");
  gz = khoji_gazetteer_new_default (&error);
  g_assert_no_error (error);
  g_assert_cmpstr (khoji_gazetteer_get_dir (gz), ==, dir);
  m = khoji_extract_entities (gz, t, NULL);
  g_assert_cmpstr (key_at (m, t, "खोजीपुर"), ==, "place:khojipur");
  g_assert_cmpstr (key_at (m, t, "अमेरिका"), ==, "place:united states");
}

/* A place spelt with other vowels is found by its consonants when they
 * name one entity only; a skeleton two entities share finds neither, and
 * short names are never matched so. */
static void
test_skeleton_unique (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(KhojiGazetteer) gz = NULL;
  g_autoptr(GPtrArray) m = NULL;
  const char *t = "सैन फ्रैंसिस्को और बिलमंटाना में। बरेली नहीं बरेल।";

  write_file (dir, "a.tsv",
              "place\tSan Francisco\tसैन फ्रांसिस्को\ttest\n"
              "place\tBelmontana\tबेलमोंटाना\ttest\n"
              "place\tBalmuntna\tबालमुंटना\ttest\n"
              "place\tBareilly\tबरेली\ttest\n");
  gz = khoji_gazetteer_new_from_dir (dir, &error);
  g_assert_no_error (error);
  m = khoji_extract_entities (gz, t, NULL);
  g_assert_cmpstr (key_at (m, t, "सैन फ्रैंसिस्को"), ==, "place:san francisco");
  g_assert_null (key_at (m, t, "बिलमंटाना"));
  g_assert_cmpstr (key_at (m, t, "बरेली"), ==, "place:bareilly");
  g_assert_null (key_at (m, t, "बरेल"));
  remove_dir (dir);
}

/* List membership as a recognizer's feature: the lists with their types,
 * whatever entity keeps the form, and the word lists. */
static void
test_lists (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KhojiGazetteer) gz = khoji_gazetteer_new_default (&error);
  g_autofree char *dir = make_dir ();
  g_autoptr(KhojiGazetteer) user = NULL;
  guint l;

  g_assert_no_error (error);
  l = khoji_gazetteer_lists_of_text (gz, "रूस", -1);
  g_assert_cmpuint (l & KHOJI_GZ_LIST_COUNTRY, !=, 0);
  g_assert_cmpuint (l & KHOJI_GZ_LIST_PLACE, !=, 0);
  g_assert_cmpuint (l & (KHOJI_GZ_LIST_PERSON | KHOJI_GZ_LIST_TOWN), ==, 0);
  /* A Latin form, by its folding key, and a Latin name. */
  g_assert_cmpuint (khoji_gazetteer_lists (gz, "russia"), ==,
                    khoji_gazetteer_lists (gz, "russia") | KHOJI_GZ_LIST_COUNTRY | KHOJI_GZ_LIST_LATIN);
  g_assert_cmpuint (khoji_gazetteer_lists_of_text (gz, "RUSSIA", -1) & KHOJI_GZ_LIST_COUNTRY, !=, 0);
  /* A state is a region; a district and a GeoNames town are towns. */
  g_assert_cmpuint (khoji_gazetteer_lists_of_text (gz, "महाराष्ट्र", -1) & KHOJI_GZ_LIST_REGION, !=, 0);
  g_assert_cmpuint (khoji_gazetteer_lists_of_text (gz, "लखनऊ", -1) & KHOJI_GZ_LIST_TOWN, !=, 0);
  /* Several words, however spaced and spelt (nukta, vowel length). */
  g_assert_cmpuint (khoji_gazetteer_lists_of_text (gz, "नई  दिल्लि", -1) & KHOJI_GZ_LIST_PLACE, !=, 0);
  /* A hand-made person, a generic body, the word lists. */
  l = khoji_gazetteer_lists_of_text (gz, "व्लादिमीर पुतिन", -1);
  g_assert_cmpuint (l, ==, KHOJI_GZ_LIST_PERSON | KHOJI_GZ_LIST_HAND_MADE);
  g_assert_cmpuint (khoji_gazetteer_lists_of_text (gz, "सुरक्षा परिषद", -1) & KHOJI_GZ_LIST_BODY, !=, 0);
  g_assert_cmpuint (khoji_gazetteer_lists_of_text (gz, "राहुल", -1) & KHOJI_GZ_LIST_GIVEN_NAME, !=, 0);
  g_assert_cmpuint (khoji_gazetteer_lists_of_text (gz, "राहुल", -1) & KHOJI_GZ_LIST_SURNAME, ==, 0);
  g_assert_cmpuint (khoji_gazetteer_lists_of_text (gz, "के", -1), ==, KHOJI_GZ_LIST_STOPWORD);
  g_assert_cmpuint (khoji_gazetteer_lists_of_text (gz, "बिलमंटाना", -1), ==, 0);
  /* A first-level region abroad, an English demonym, a word of published
   * people's names. */
  g_assert_cmpuint (khoji_gazetteer_lists_of_text (gz, "Texas", -1), ==,
                    KHOJI_GZ_LIST_PLACE | KHOJI_GZ_LIST_REGION | KHOJI_GZ_LIST_LATIN);
  g_assert_cmpuint (khoji_gazetteer_lists_of_text (gz, "North Korean", -1), ==,
                    KHOJI_GZ_LIST_PLACE | KHOJI_GZ_LIST_DEMONYM | KHOJI_GZ_LIST_LATIN);
  g_assert_cmpuint (khoji_gazetteer_lists_of_text (gz, "कुमार", -1) & KHOJI_GZ_LIST_NAME_WORD, !=, 0);
  g_assert_cmpuint (khoji_gazetteer_lists_of_text (gz, "", -1), ==, 0);

  /* A form two files claim has the lists of both; the user's rows are
   * hand-made. */
  write_file (dir, "manual.tsv", "place\tKarnal\tकरनाल\tmanual\n");
  write_file (dir, "zz-user.tsv", "person\tKarnal Singh\tकरनाल\tuser\n");
  user = khoji_gazetteer_new_from_dir (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (khoji_gazetteer_lists_of_text (user, "करनाल", -1), ==,
                    KHOJI_GZ_LIST_PLACE | KHOJI_GZ_LIST_PERSON | KHOJI_GZ_LIST_HAND_MADE);
  remove_dir (dir);
}

static void
test_types (void)
{
  KhojiEntityType type = KHOJI_ENTITY_PERSON;

  g_assert_cmpstr (khoji_entity_type_to_string (KHOJI_ENTITY_PLACE), ==, "place");
  g_assert_cmpstr (khoji_entity_type_to_string (KHOJI_ENTITY_ORGANIZATION), ==, "organization");
  g_assert_true (khoji_entity_type_from_string ("organization", &type));
  g_assert_cmpint (type, ==, KHOJI_ENTITY_ORGANIZATION);
  g_assert_true (khoji_entity_type_from_string ("person", &type));
  g_assert_cmpint (type, ==, KHOJI_ENTITY_PERSON);
  g_assert_false (khoji_entity_type_from_string ("planet", &type));
}

static gpointer
extract_in_thread (gpointer data)
{
  KhojiGazetteer *gz = data;
  const char *t = "व्लादिमीर पुतिन मॉस्को में।";

  for (int i = 0; i < 50; i++)
    {
      g_autoptr(GPtrArray) m = khoji_extract_entities (gz, t, NULL);
      if (m->len != 2)
        return GINT_TO_POINTER (FALSE);
    }
  khoji_gazetteer_unref (gz);
  return GINT_TO_POINTER (TRUE);
}

static void
test_shared_across_threads (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KhojiGazetteer) gz = khoji_gazetteer_new_default (&error);
  GThread *threads[4];

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("extract", extract_in_thread, khoji_gazetteer_ref (gz));
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_assert_cmpint (GPOINTER_TO_INT (g_thread_join (threads[i])), ==, TRUE);
}

/* A key's record says what each table's own lookup says, for the folds
 * of every word of the sample articles and the keys of two and three
 * words they make (forms, bodies, prefixes among them), and for keys no
 * table has. Counts the records' hits in `hits`. */
static void
check_word_record (KhojiGazetteer *gz,
                   const char     *key,
                   guint          *hits)
{
  const KhojiGzWord *r = _khoji_gazetteer_word (gz, key);

  g_assert_nonnull (r);
  g_assert_true (r->form == _khoji_gazetteer_lookup (gz, key));
  g_assert_true (r->body == _khoji_gazetteer_lookup_body (gz, key));
  g_assert_cmpuint (r->lists, ==, khoji_gazetteer_lists (gz, key));
  g_assert_cmpuint (r->name_class, ==, _khoji_gazetteer_name_class (gz, key));
  g_assert_cmpint (r->stopword, ==, _khoji_gazetteer_is_stopword (gz, key));
  g_assert_cmpint (r->first_word, ==, _khoji_gazetteer_is_first_word (gz, key));
  g_assert_cmpint (r->prefix, ==, _khoji_gazetteer_is_prefix (gz, key));
  hits[0] += r->form != NULL;
  hits[1] += r->body != NULL;
  hits[2] += r->lists != 0;
  hits[3] += r->name_class != 0;
  hits[4] += r->stopword;
  hits[5] += r->first_word;
  hits[6] += r->prefix;
}

static void
test_word_records (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KhojiGazetteer) gz = khoji_gazetteer_new_default (&error);
  g_autofree char *samples = g_build_filename (g_getenv ("KHOJI_SOURCE_ROOT"), "data", "samples", NULL);
  g_autoptr(GDir) dir = g_dir_open (samples, 0, &error);
  const char *name;
  const char *absent[] = { "", "zzqx", "क़ख़ग़", "रूस भारत अमेरिका चीन", NULL };
  guint hits[7] = { 0 };
  guint n_keys = 0;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (samples, name, NULL);
      g_autofree char *text = NULL;
      g_autoptr(GArray) words = NULL;
      g_autoptr(GPtrArray) folds = g_ptr_array_new_with_free_func (g_free);
      gsize len;

      g_assert_true (g_file_get_contents (path, &text, &len, &error));
      words = khoji_text_words (text, len);
      for (guint i = 0; i < words->len; i++)
        {
          KhojiSpan *w = &g_array_index (words, KhojiSpan, i);

          g_ptr_array_add (folds, khoji_text_fold (text + w->start, (gssize) (w->end - w->start)));
        }
      for (guint i = 0; i < folds->len; i++)
        for (guint n = 1; n <= 3 && i + n <= folds->len; n++)
          {
            g_autoptr(GString) key = g_string_new (folds->pdata[i]);

            for (guint j = 1; j < n; j++)
              g_string_append_printf (key, " %s", (char *) folds->pdata[i + j]);
            check_word_record (gz, key->str, hits);
            n_keys++;
          }
    }
  for (guint i = 0; absent[i]; i++)
    check_word_record (gz, absent[i], hits);
  g_assert_cmpuint (n_keys, >, 1000);
  for (guint i = 0; i < G_N_ELEMENTS (hits); i++)
    g_assert_cmpuint (hits[i], >, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/khoji/gazetteer/default-loads", test_default_loads);
  g_test_add_func ("/khoji/gazetteer/default-sources", test_default_sources);
  g_test_add_func ("/khoji/gazetteer/places-located", test_places_located);
  g_test_add_func ("/khoji/gazetteer/from-dir-merges", test_from_dir_merges);
  g_test_add_func ("/khoji/gazetteer/first-file-wins", test_first_file_wins);
  g_test_add_func ("/khoji/gazetteer/longest-form", test_longest_form);
  g_test_add_func ("/khoji/gazetteer/malformed", test_malformed);
  g_test_add_func ("/khoji/gazetteer/missing-dir", test_missing_dir);
  g_test_add_func ("/khoji/gazetteer/user-rows", test_user_rows);
  g_test_add_func ("/khoji/gazetteer/types", test_types);
  g_test_add_func ("/khoji/gazetteer/lists", test_lists);
  g_test_add_func ("/khoji/gazetteer/skeleton-unique", test_skeleton_unique);
  g_test_add_func ("/khoji/gazetteer/shared-across-threads", test_shared_across_threads);
  g_test_add_func ("/khoji/gazetteer/word-records", test_word_records);

  return g_test_run ();
}
