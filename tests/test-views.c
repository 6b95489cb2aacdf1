/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-test-views"

#include <string.h>

#include <sqlite3.h>

#include "khoji-analysis.h"
#include "khoji-compare.h"
#include "khoji-library.h"
#include "khoji-library-network.h"
#include "khoji-test-util.h"

/* What the network, map and comparison views are drawn from: the
 * co-occurrence graph and the comparison of two articles, on a real
 * library of the sample articles and of two small articles written for
 * the comparison (tests/data/compare). */

typedef struct {
  char         *dir;
  KhojiLibrary *library;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("khoji-views-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "library.db", NULL);
  f->library = khoji_library_open (path, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->library);
  khoji_test_remove_tree (f->dir);
  g_free (f->dir);
}

/* Imports the files (relative to `dir`) and returns their article ids. */
static GArray *
import (Fixture     *f,
        const char  *dir,
        const char **names,
        const char  *date)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) results = NULL;
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; names[i]; i++)
    g_ptr_array_add (files, g_file_new_build_filename (dir, names[i], NULL));
  results = khoji_library_import_files (f->library, (GFile **) files->pdata, files->len, date, NULL, NULL, NULL);
  g_assert_cmpuint (results->len, ==, files->len);
  for (guint i = 0; i < results->len; i++)
    {
      KhojiImportResult *r = g_ptr_array_index (results, i);

      g_assert_cmpint (r->status, ==, KHOJI_IMPORT_IMPORTED);
      g_array_append_val (ids, r->article_id);
    }
  return ids;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

static GArray *
import_seeds (Fixture *f)
{
  g_autofree char *seeds = khoji_test_seeds_dir ();
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (seeds);
  dir = g_dir_open (seeds, 0, NULL);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)))
    if (g_str_has_suffix (name, ".txt"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return import (f, seeds, (const char **) names->pdata, NULL);
}

static gint64
entity_id (Fixture    *f,
           const char *name)
{
  g_autoptr(GPtrArray) list = khoji_library_list_entities (f->library, TRUE, NULL);

  for (guint i = 0; i < list->len; i++)
    if (g_str_equal (khoji_entity_get_name (g_ptr_array_index (list, i)), name))
      return khoji_entity_get_id (g_ptr_array_index (list, i));
  g_error ("no entity named %s", name);
}

/* The articles two entities share, the long way: both article lists. */
static guint
shared_the_long_way (Fixture *f,
                     gint64   a,
                     gint64   b)
{
  g_autoptr(GArray) x = khoji_library_articles_for_entity (f->library, a, NULL);
  g_autoptr(GArray) y = khoji_library_articles_for_entity (f->library, b, NULL);
  guint n = 0;

  for (guint i = 0; i < x->len; i++)
    for (guint j = 0; j < y->len; j++)
      n += g_array_index (x, gint64, i) == g_array_index (y, gint64, j);
  return n;
}

static KhojiNetworkNode *
node (KhojiNetwork *net,
      guint         i)
{
  return &g_array_index (net->nodes, KhojiNetworkNode, i);
}

static void
check_edges (Fixture      *f,
             KhojiNetwork *net)
{
  guint pairs_sharing = 0;

  for (guint i = 0; i < net->edges->len; i++)
    {
      KhojiNetworkEdge *e = &g_array_index (net->edges, KhojiNetworkEdge, i);
      gint64 a = node (net, e->source)->id, b = node (net, e->target)->id;
      g_autoptr(GArray) shared = khoji_library_shared_articles (f->library, a, b, NULL);

      g_assert_cmpuint (e->source, <, e->target);
      g_assert_cmpuint (e->weight, ==, shared_the_long_way (f, a, b));
      g_assert_cmpuint (e->weight, ==, shared->len);
      if (i > 0)
        g_assert_cmpuint (e->weight, <=, g_array_index (net->edges, KhojiNetworkEdge, i - 1).weight);
    }
  /* Every pair of nodes that shares an article has its edge. */
  for (guint i = 0; i < net->nodes->len; i++)
    for (guint j = i + 1; j < net->nodes->len; j++)
      pairs_sharing += shared_the_long_way (f, node (net, i)->id, node (net, j)->id) > 0;
  g_assert_cmpuint (net->edges->len, ==, pairs_sharing);
}

static void
test_network_top (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GArray) ids = import_seeds (f);
  g_autoptr(GPtrArray) entities = khoji_library_list_entities (f->library, FALSE, NULL);
  g_autoptr(KhojiNetwork) net = NULL;
  g_autoptr(KhojiNetwork) all = NULL;
  g_autoptr(GError) error = NULL;
  gint64 russia = entity_id (f, "रूस"), korea = entity_id (f, "उत्तर कोरिया");
  gboolean seen_russia = FALSE;

  net = khoji_library_network (f->library, NULL, 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (net->nodes->len, ==, 10);
  g_assert_cmpuint (net->n_sampled, ==, 0);
  /* The strongest first, as the entity panel counts them. */
  for (guint i = 0; i < net->nodes->len; i++)
    {
      KhojiEntity *e = g_ptr_array_index (entities, i);

      g_assert_cmpuint (node (net, i)->n_articles, ==, khoji_entity_get_article_count (e));
      g_assert_false (node (net, i)->asked);
      seen_russia |= node (net, i)->id == russia;
    }
  g_assert_true (seen_russia);
  check_edges (f, net);
  /* रूस and उत्तर कोरिया: every sample article names both. */
  for (guint i = 0; i < net->edges->len; i++)
    {
      KhojiNetworkEdge *e = &g_array_index (net->edges, KhojiNetworkEdge, i);

      if ((node (net, e->source)->id == russia && node (net, e->target)->id == korea) ||
          (node (net, e->source)->id == korea && node (net, e->target)->id == russia))
        g_assert_cmpuint (e->weight, ==, ids->len);
    }

  /* A limit past the library's entities gives them all. */
  all = khoji_library_network (f->library, NULL, 0, KHOJI_NETWORK_MAX_NODES, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->nodes->len, ==, entities->len);
}

static void
test_network_neighbourhood (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GArray) ids = import_seeds (f);
  g_autoptr(KhojiNetwork) net = NULL;
  g_autoptr(KhojiNetwork) small = NULL;
  g_autoptr(GError) error = NULL;
  gint64 kim = entity_id (f, "किम जोंग उन");
  g_autoptr(GArray) kim_articles = khoji_library_articles_for_entity (f->library, kim, NULL);
  g_autoptr(GPtrArray) entities = khoji_library_list_entities (f->library, FALSE, NULL);
  guint neighbours = 0;

  net = khoji_library_network (f->library, &kim, 1, 500, &error);
  g_assert_no_error (error);
  g_assert_cmpint (node (net, 0)->id, ==, kim);
  g_assert_true (node (net, 0)->asked);
  g_assert_cmpuint (node (net, 0)->n_articles, ==, kim_articles->len);
  g_assert_cmpuint (net->n_sampled, ==, kim_articles->len);
  /* Every entity that shares an article with him, and no other. */
  for (guint i = 0; i < entities->len; i++)
    {
      gint64 id = khoji_entity_get_id (g_ptr_array_index (entities, i));

      neighbours += id != kim && shared_the_long_way (f, kim, id) > 0;
    }
  g_assert_cmpuint (net->nodes->len, ==, neighbours + 1);
  for (guint i = 1; i < net->nodes->len; i++)
    g_assert_false (node (net, i)->asked);
  check_edges (f, net);

  /* Bounded: the strongest neighbours first. */
  small = khoji_library_network (f->library, &kim, 1, 4, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (small->nodes->len, ==, 4);
  for (guint i = 1; i < small->nodes->len; i++)
    g_assert_cmpuint (shared_the_long_way (f, kim, node (small, i)->id), ==, kim_articles->len);
  check_edges (f, small);
}

static void
test_network_hidden_merged (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GArray) ids = import_seeds (f);
  g_autoptr(KhojiNetwork) net = NULL;
  g_autoptr(KhojiNetwork) merged = NULL;
  g_autoptr(GError) error = NULL;
  gint64 russia = entity_id (f, "रूस"), moscow = entity_id (f, "मॉस्को");
  gint64 kim = entity_id (f, "किम जोंग उन"), nothing = 999999;

  g_assert_true (khoji_library_set_entity_hidden (f->library, russia, TRUE, &error));
  net = khoji_library_network (f->library, NULL, 0, 500, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < net->nodes->len; i++)
    g_assert_cmpint (node (net, i)->id, !=, russia);
  g_clear_pointer (&net, khoji_network_free);

  /* Asked for, a hidden entity is there all the same. */
  net = khoji_library_network (f->library, &russia, 1, 5, &error);
  g_assert_no_error (error);
  g_assert_cmpint (node (net, 0)->id, ==, russia);

  /* A merged entity stands for the one it was merged into. */
  g_assert_true (khoji_library_merge_entities (f->library, moscow, kim, &error));
  merged = khoji_library_network (f->library, &moscow, 1, 5, &error);
  g_assert_no_error (error);
  g_assert_cmpint (node (merged, 0)->id, ==, kim);
  g_assert_cmpuint (node (merged, 0)->n_articles, ==, ids->len);

  g_clear_pointer (&net, khoji_network_free);
  net = khoji_library_network (f->library, &nothing, 1, 5, &error);
  g_assert_error (error, KHOJI_LIBRARY_ERROR, KHOJI_LIBRARY_ERROR_NOT_FOUND);
  g_assert_null (net);
}

static void
network_done (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  KhojiNetwork **out = data;
  g_autoptr(GError) error = NULL;

  *out = khoji_library_network_finish (KHOJI_LIBRARY (source), result, &error);
  g_assert_no_error (error);
}

static void
test_network_async (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GArray) ids = import_seeds (f);
  g_autoptr(KhojiNetwork) sync = khoji_library_network (f->library, NULL, 0, 20, NULL);
  g_autoptr(KhojiNetwork) async = NULL;

  khoji_library_network_async (f->library, NULL, 0, 20, NULL, network_done, &async);
  while (async == NULL)
    g_main_context_iteration (NULL, TRUE);
  /* The task, and with it its thread, lets go of the library a moment
   * after the callback. */
  for (guint i = 0; i < 5000 && G_OBJECT (f->library)->ref_count > 1; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_cmpuint (async->nodes->len, ==, sync->nodes->len);
  g_assert_cmpuint (async->edges->len, ==, sync->edges->len);
  for (guint i = 0; i < sync->nodes->len; i++)
    g_assert_cmpint (node (async, i)->id, ==, node (sync, i)->id);
  for (guint i = 0; i < 5000 && G_OBJECT (f->library)->ref_count > 1; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }

  /* Among the first twenty of the entity list: the same graph. */
  {
    g_autoptr(GPtrArray) entities = khoji_library_list_entities (f->library, FALSE, NULL);
    g_autoptr(GArray) top = g_array_new (FALSE, FALSE, sizeof (gint64));
    g_autoptr(KhojiNetwork) among = NULL;

    for (guint i = 0; i < 20; i++)
      {
        gint64 id = khoji_entity_get_id (g_ptr_array_index (entities, i));
        g_array_append_val (top, id);
      }
    khoji_library_network_among_async (f->library, (gint64 *) top->data, top->len, NULL, network_done, &among);
    while (among == NULL)
      g_main_context_iteration (NULL, TRUE);
    g_assert_cmpuint (among->nodes->len, ==, sync->nodes->len);
    g_assert_cmpuint (among->edges->len, ==, sync->edges->len);
    for (guint i = 0; i < sync->nodes->len; i++)
      {
        g_assert_cmpint (node (among, i)->id, ==, node (sync, i)->id);
        g_assert_false (node (among, i)->asked);
      }
    for (guint i = 0; i < sync->edges->len; i++)
      g_assert_cmpuint (g_array_index (among->edges, KhojiNetworkEdge, i).weight, ==,
                        g_array_index (sync->edges, KhojiNetworkEdge, i).weight);
  }
  for (guint i = 0; i < 5000 && G_OBJECT (f->library)->ref_count > 1; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

/* ---- Compare ---- */

static char *
sentence_text (KhojiLibrary     *library,
               gint64            article,
               GArray           *sentences,
               guint             i)
{
  g_autofree char *text = khoji_library_get_article_text (library, article, NULL);
  KhojiCompareSpan *s = &g_array_index (sentences, KhojiCompareSpan, i);
  const char *start = g_utf8_offset_to_pointer (text, s->start);
  const char *end = g_utf8_offset_to_pointer (text, s->end);

  return g_strndup (start, end - start);
}

/* Whether some pair has a left sentence containing `left` and a right
 * one containing `right`. */
static gboolean
paired (Fixture         *f,
        KhojiComparison *c,
        gint64           l,
        gint64           r,
        const char      *left,
        const char      *right)
{
  for (guint i = 0; i < c->pairs->len; i++)
    {
      KhojiComparePair *p = &g_array_index (c->pairs, KhojiComparePair, i);
      g_autofree char *lt = sentence_text (f->library, l, c->left_sentences, p->left);
      g_autofree char *rt = sentence_text (f->library, r, c->right_sentences, p->right);

      if (strstr (lt, left) && strstr (rt, right))
        return TRUE;
    }
  return FALSE;
}

static gboolean
has_id (GArray *ids,
        gint64  id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      return TRUE;
  return FALSE;
}

static void
test_compare_seeds (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GArray) ids = import_seeds (f);
  g_autoptr(KhojiComparison) c = NULL;
  g_autoptr(GError) error = NULL;
  gint64 l = g_array_index (ids, gint64, 0), r = g_array_index (ids, gint64, 1);

  /* The first two samples: one report of the sanctions monitoring team,
   * told twice. */
  c = khoji_library_compare (f->library, l, r, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (c->left_sentences->len, >, 10);
  g_assert_cmpuint (c->right_sentences->len, >, 10);
  /* Russia's veto of the panel's mandate, in both. */
  g_assert_true (paired (f, c, l, r, "वीटो कर दिया", "रूस के वीटो के बाद"));
  /* Who the monitoring team is. */
  g_assert_true (paired (f, c, l, r, "बहुपक्षीय प्रतिबंध निगरानी दल में अमेरिका",
                         "अमेरिका, जापान और आठ अन्य देशों"));
  /* The report came out on Thursday in one, on Friday in the other. */
  g_assert_true (paired (f, c, l, r, "गुरुवार को जारी", "शुक्रवार को"));

  g_assert_true (has_id (c->shared, entity_id (f, "रूस")));
  g_assert_true (has_id (c->shared, entity_id (f, "उत्तर कोरिया")));
  g_assert_true (has_id (c->shared, entity_id (f, "बहुपक्षीय प्रतिबंध निगरानी दल")));
  /* Only the second names Kim and Putin; only the first the members. */
  g_assert_true (has_id (c->only_right, entity_id (f, "किम जोंग उन")));
  g_assert_true (has_id (c->only_right, entity_id (f, "व्लादिमीर पुतिन")));
  g_assert_true (has_id (c->only_left, entity_id (f, "ऑस्ट्रेलिया")));
  g_assert_false (has_id (c->only_left, entity_id (f, "रूस")));
  for (guint i = 0; i < c->only_left->len; i++)
    g_assert_false (has_id (c->only_right, g_array_index (c->only_left, gint64, i)));

  /* Each sentence in at most one pair. */
  for (guint i = 0; i < c->pairs->len; i++)
    for (guint j = i + 1; j < c->pairs->len; j++)
      {
        g_assert_cmpuint (g_array_index (c->pairs, KhojiComparePair, i).left, !=,
                          g_array_index (c->pairs, KhojiComparePair, j).left);
        g_assert_cmpuint (g_array_index (c->pairs, KhojiComparePair, i).right, !=,
                          g_array_index (c->pairs, KhojiComparePair, j).right);
      }
}

static KhojiDifference *
find_difference (KhojiComparison     *c,
                 gboolean             left,
                 KhojiDifferenceKind  kind,
                 const char          *text)
{
  for (guint i = 0; i < c->differences->len; i++)
    {
      KhojiDifference *d = &g_array_index (c->differences, KhojiDifference, i);

      if (d->left == left && d->kind == kind && g_str_equal (d->text, text))
        return d;
    }
  return NULL;
}

static void
test_compare_differences (Fixture       *f,
                          gconstpointer  data)
{
  const char *names[] = { "left.txt", "right.txt", NULL };
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "data", "compare", NULL);
  g_autoptr(GArray) ids = import (f, dir, names, "2025-03-14");
  g_autoptr(KhojiComparison) c = NULL;
  g_autoptr(GError) error = NULL;
  gint64 l = g_array_index (ids, gint64, 0), r = g_array_index (ids, gint64, 1);
  KhojiDifference *d;

  c = khoji_library_compare (f->library, l, r, &error);
  g_assert_no_error (error);

  /* Every sentence of the right finds its partner on the left. */
  g_assert_cmpuint (c->pairs->len, ==, c->right_sentences->len);
  g_assert_true (paired (f, c, l, r, "बुधवार को भारत", "गुरुवार को भारत"));
  g_assert_true (paired (f, c, l, r, "११,००० लोग", "12,000 लोग"));
  g_assert_true (paired (f, c, l, r, "२५ दल", "25 दल"));

  /* The figure differs: 11,000 against 12,000, whatever the digits. */
  d = find_difference (c, TRUE, KHOJI_DIFFERENCE_NUMBER, "११,०००");
  g_assert_nonnull (d);
  g_assert_cmpstr (d->value, ==, "11000");
  d = find_difference (c, FALSE, KHOJI_DIFFERENCE_NUMBER, "12,000");
  g_assert_nonnull (d);
  g_assert_cmpstr (d->value, ==, "12000");
  /* २५ and 25 are one value: no difference. */
  g_assert_null (find_difference (c, TRUE, KHOJI_DIFFERENCE_NUMBER, "२५"));
  g_assert_null (find_difference (c, FALSE, KHOJI_DIFFERENCE_NUMBER, "25"));
  /* The weekday differs: the Wednesday and the Thursday before the 14th. */
  d = find_difference (c, TRUE, KHOJI_DIFFERENCE_DATE, "बुधवार");
  g_assert_nonnull (d);
  g_assert_cmpstr (d->value, ==, "2025-03-12");
  d = find_difference (c, FALSE, KHOJI_DIFFERENCE_DATE, "गुरुवार");
  g_assert_nonnull (d);
  g_assert_cmpstr (d->value, ==, "2025-03-13");
  g_assert_cmpuint (c->differences->len, ==, 4);

  /* Only the left names the World Bank. */
  g_assert_cmpuint (c->only_left->len, ==, 1);
  g_assert_cmpint (g_array_index (c->only_left, gint64, 0), ==, entity_id (f, "विश्व बैंक"));
  g_assert_cmpuint (c->only_right->len, ==, 0);

  /* An article compared with itself: every sentence with itself, no
   * difference, nothing missing. */
  g_clear_pointer (&c, khoji_comparison_free);
  c = khoji_library_compare (f->library, l, l, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < c->pairs->len; i++)
    g_assert_cmpuint (g_array_index (c->pairs, KhojiComparePair, i).left, ==,
                      g_array_index (c->pairs, KhojiComparePair, i).right);
  g_assert_cmpuint (c->differences->len, ==, 0);
  g_assert_cmpuint (c->only_left->len + c->only_right->len, ==, 0);

  g_clear_pointer (&c, khoji_comparison_free);
  c = khoji_library_compare (f->library, l, 424242, &error);
  g_assert_error (error, KHOJI_LIBRARY_ERROR, KHOJI_LIBRARY_ERROR_NOT_FOUND);
  g_assert_null (c);
}

static void
test_compare_numbers (void)
{
  static const struct {
    const char *text;
    double      values[4];
    guint       n;
  } cases[] = {
    { "११,००० और 12,000", { 11000, 12000 }, 2 },
    { "11 हज़ार सैनिक और २.५ लाख लोग", { 11000, 250000 }, 2 },
    { "G20 की बैठक में 3 देश", { 3 }, 1 },
    { "संख्या 1,2 नहीं", { 12 }, 1 },
    { "कोई संख्या नहीं", { 0 }, 0 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GArray) values = NULL;
      g_autoptr(GArray) spans = khoji_compare_numbers (cases[i].text, &values);

      g_assert_cmpuint (spans->len, ==, cases[i].n);
      for (guint k = 0; k < cases[i].n; k++)
        g_assert_cmpfloat_with_epsilon (g_array_index (values, double, k), cases[i].values[k], 1e-9);
    }
}

/* ---- Places (the map) ---- */

static KhojiPlace *
place (KhojiPlaces *places,
       guint        i)
{
  return &g_array_index (places->places, KhojiPlace, i);
}

static KhojiPlace *
find_place (KhojiPlaces *places,
            gint64       id)
{
  for (guint i = 0; i < places->places->len; i++)
    if (place (places, i)->id == id)
      return place (places, i);
  return NULL;
}

/* Located exactly when the gazetteer knows where, and ordered. */
static void
check_places (KhojiPlaces *places)
{
  guint located = 0;

  for (guint i = 0; i < places->places->len; i++)
    {
      KhojiPlace *p = place (places, i);
      double lat = 0, lon = 0;

      g_assert_cmpint (p->located, ==, khoji_gazetteer_locate (p->key, &lat, &lon));
      if (p->located)
        {
          g_assert_cmpfloat (p->latitude, ==, lat);
          g_assert_cmpfloat (p->longitude, ==, lon);
          located++;
        }
      g_assert_cmpuint (p->n_articles, >, 0);
      g_assert_cmpuint (p->n_articles, <=, p->n_total);
      if (i > 0)
        g_assert_cmpuint (p->n_articles, <=, place (places, i - 1)->n_articles);
    }
  g_assert_cmpuint (places->n_located, ==, located);
}

static void
test_places_all (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GArray) ids = import_seeds (f);
  g_autoptr(GPtrArray) entities = khoji_library_list_entities (f->library, FALSE, NULL);
  g_autoptr(KhojiPlaces) places = NULL;
  g_autoptr(GError) error = NULL;
  guint n_places = 0;
  KhojiPlace *moscow;

  places = khoji_library_places (f->library, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (places->n_scope, ==, ids->len);
  g_assert_cmpuint (places->n_sampled, ==, 0);
  /* Every visible place of the entity list, counted as the list counts. */
  for (guint i = 0; i < entities->len; i++)
    {
      KhojiEntity *e = g_ptr_array_index (entities, i);
      KhojiPlace *p;

      if (khoji_entity_get_entity_type (e) != KHOJI_ENTITY_PLACE)
        continue;
      n_places++;
      p = find_place (places, khoji_entity_get_id (e));
      g_assert_nonnull (p);
      g_assert_cmpstr (p->name, ==, khoji_entity_get_name (e));
      g_assert_cmpuint (p->n_articles, ==, khoji_entity_get_article_count (e));
      g_assert_cmpuint (p->n_total, ==, khoji_entity_get_article_count (e));
      g_assert_false (p->asked);
    }
  g_assert_cmpuint (places->places->len, ==, n_places);
  check_places (places);
  g_assert_cmpuint (places->n_located, >, 3);

  moscow = find_place (places, entity_id (f, "मॉस्को"));
  g_assert_true (moscow->located);
  g_assert_cmpfloat_with_epsilon (moscow->latitude, 55.75, 0.01);
  g_assert_cmpfloat_with_epsilon (moscow->longitude, 37.62, 0.01);
  g_assert_true (find_place (places, entity_id (f, "प्योंगयांग"))->located);
  g_assert_true (find_place (places, entity_id (f, "सियोल"))->located);
  g_assert_true (find_place (places, entity_id (f, "कुर्स्क"))->located);
}

static void
test_places_around (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GArray) ids = import_seeds (f);
  g_autoptr(GPtrArray) entities = khoji_library_list_entities (f->library, FALSE, NULL);
  g_autoptr(KhojiPlaces) places = NULL;
  g_autoptr(KhojiPlaces) pair = NULL;
  g_autoptr(GError) error = NULL;
  gint64 kim = entity_id (f, "किम जोंग उन"), seoul = entity_id (f, "सियोल");
  g_autoptr(GArray) kim_articles = khoji_library_articles_for_entity (f->library, kim, NULL);
  g_autoptr(GArray) seoul_articles = khoji_library_articles_for_entity (f->library, seoul, NULL);
  guint n_places = 0;

  g_assert_cmpuint (kim_articles->len, <, ids->len);
  places = khoji_library_places (f->library, &kim, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (places->n_scope, ==, kim_articles->len);
  g_assert_cmpuint (places->n_sampled, ==, kim_articles->len);
  /* Exactly the places his articles name, each with how many of them. */
  for (guint i = 0; i < entities->len; i++)
    {
      KhojiEntity *e = g_ptr_array_index (entities, i);
      gint64 id = khoji_entity_get_id (e);
      guint shared;
      KhojiPlace *p;

      if (khoji_entity_get_entity_type (e) != KHOJI_ENTITY_PLACE)
        continue;
      shared = shared_the_long_way (f, kim, id);
      p = find_place (places, id);
      if (shared == 0)
        {
          g_assert_null (p);
          continue;
        }
      n_places++;
      g_assert_nonnull (p);
      g_assert_cmpuint (p->n_articles, ==, shared);
      g_assert_cmpuint (p->n_total, ==, khoji_entity_get_article_count (e));
    }
  g_assert_cmpuint (places->places->len, ==, n_places);
  check_places (places);

  /* A place asked is among them, with all its articles; a second
   * entity widens the scope to the articles of either. */
  {
    gint64 two[] = { kim, seoul };
    KhojiPlace *p;
    guint either = kim_articles->len + seoul_articles->len - shared_the_long_way (f, kim, seoul);

    pair = khoji_library_places (f->library, two, 2, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (pair->n_scope, ==, either);
    p = find_place (pair, seoul);
    g_assert_nonnull (p);
    g_assert_true (p->asked);
    g_assert_cmpuint (p->n_articles, ==, seoul_articles->len);
    check_places (pair);
  }
}

static void
test_places_hidden_renamed (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GArray) ids = import_seeds (f);
  g_autoptr(KhojiPlaces) places = NULL;
  g_autoptr(GError) error = NULL;
  gint64 moscow = entity_id (f, "मॉस्को"), kursk = entity_id (f, "कुर्स्क");
  gint64 kim = entity_id (f, "किम जोंग उन"), nothing = 999999;
  guint kursk_before;

  places = khoji_library_places (f->library, NULL, 0, &error);
  kursk_before = find_place (places, kursk)->n_articles;
  g_clear_pointer (&places, khoji_places_free);

  g_assert_true (khoji_library_set_entity_hidden (f->library, moscow, TRUE, &error));
  places = khoji_library_places (f->library, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_null (find_place (places, moscow));
  g_clear_pointer (&places, khoji_places_free);
  places = khoji_library_places (f->library, &kim, 1, &error);
  g_assert_null (find_place (places, moscow));
  g_clear_pointer (&places, khoji_places_free);

  /* Renamed, a place is still where the gazetteer puts it. */
  g_assert_true (khoji_library_rename_entity (f->library, kursk, "कुर्स्क क्षेत्र", &error));
  places = khoji_library_places (f->library, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (find_place (places, kursk)->name, ==, "कुर्स्क क्षेत्र");
  g_assert_true (find_place (places, kursk)->located);
  g_assert_cmpuint (find_place (places, kursk)->n_articles, ==, kursk_before);
  g_clear_pointer (&places, khoji_places_free);

  places = khoji_library_places (f->library, &nothing, 1, &error);
  g_assert_error (error, KHOJI_LIBRARY_ERROR, KHOJI_LIBRARY_ERROR_NOT_FOUND);
  g_assert_null (places);
}

static void
places_done (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  KhojiPlaces **out = data;
  g_autoptr(GError) error = NULL;

  *out = khoji_library_places_finish (KHOJI_LIBRARY (source), result, &error);
  g_assert_no_error (error);
}

static void
test_places_async (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GArray) ids = import_seeds (f);
  gint64 kim = entity_id (f, "किम जोंग उन");
  g_autoptr(KhojiPlaces) sync = khoji_library_places (f->library, &kim, 1, NULL);
  g_autoptr(KhojiPlaces) async = NULL;

  khoji_library_places_async (f->library, &kim, 1, NULL, places_done, &async);
  while (async == NULL)
    g_main_context_iteration (NULL, TRUE);
  for (guint i = 0; i < 5000 && G_OBJECT (f->library)->ref_count > 1; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_cmpuint (async->places->len, ==, sync->places->len);
  g_assert_cmpuint (async->n_located, ==, sync->n_located);
  for (guint i = 0; i < sync->places->len; i++)
    {
      g_assert_cmpint (place (async, i)->id, ==, place (sync, i)->id);
      g_assert_cmpuint (place (async, i)->n_articles, ==, place (sync, i)->n_articles);
    }
}

/* The sentences each pair of entities shares, the long way: every
 * mention row of the file (article, sentence, the entity it counts for)
 * read with SQLite directly, grouped by sentence in C. Keys "lo:hi". */
static GHashTable *
sentence_pairs_the_long_way (const char *path)
{
  g_autoptr(GHashTable) sentences = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                           (GDestroyNotify) g_hash_table_unref);
  GHashTable *pairs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer value;
  sqlite3 *db = NULL;
  sqlite3_stmt *q = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT article_id, sentence, entity_id FROM mention", -1, &q, NULL), ==, SQLITE_OK);
  while (sqlite3_step (q) == SQLITE_ROW)
    {
      g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT ":%d", (gint64) sqlite3_column_int64 (q, 0),
                                              sqlite3_column_int (q, 1));
      GHashTable *entities = g_hash_table_lookup (sentences, key);
      gint64 entity = sqlite3_column_int64 (q, 2);

      if (entities == NULL)
        {
          entities = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
          g_hash_table_insert (sentences, g_steal_pointer (&key), entities);
        }
      g_hash_table_add (entities, g_memdup2 (&entity, sizeof entity));
    }
  sqlite3_finalize (q);
  sqlite3_close (db);

  g_hash_table_iter_init (&iter, sentences);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      g_autoptr(GList) ids = g_hash_table_get_keys (value);

      for (GList *a = ids; a; a = a->next)
        for (GList *b = ids; b; b = b->next)
          if (*(gint64 *) a->data < *(gint64 *) b->data)
            {
              char *key = g_strdup_printf ("%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT,
                                           *(gint64 *) a->data, *(gint64 *) b->data);
              guint n = GPOINTER_TO_UINT (g_hash_table_lookup (pairs, key));

              g_hash_table_insert (pairs, key, GUINT_TO_POINTER (n + 1));
            }
    }
  return pairs;
}

/* The network by sentences of every entity, against the long way: each
 * pair of nodes has an edge of the sentences it shares, or none when it
 * shares none. Returns the heaviest edge's weight. */
static guint
check_sentence_edges (KhojiLibrary *library)
{
  g_autoptr(GHashTable) expected = sentence_pairs_the_long_way (khoji_library_get_path (library));
  g_autoptr(KhojiNetwork) net = NULL;
  g_autoptr(GError) error = NULL;
  guint n_pairs = 0, heaviest = 0;

  khoji_library_set_network_weight (library, KHOJI_NETWORK_BY_SENTENCES);
  net = khoji_library_network (library, NULL, 0, KHOJI_NETWORK_MAX_NODES, &error);
  khoji_library_set_network_weight (library, KHOJI_NETWORK_BY_ARTICLES);
  g_assert_no_error (error);
  g_assert_cmpint (net->weight, ==, KHOJI_NETWORK_BY_SENTENCES);
  g_assert_cmpuint (net->nodes->len, <, KHOJI_NETWORK_MAX_NODES);
  for (guint e = 0; e < net->edges->len; e++)
    {
      KhojiNetworkEdge *edge = &g_array_index (net->edges, KhojiNetworkEdge, e);
      gint64 a = node (net, edge->source)->id, b = node (net, edge->target)->id;
      g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT, MIN (a, b), MAX (a, b));

      g_assert_cmpuint (edge->weight, ==, GPOINTER_TO_UINT (g_hash_table_lookup (expected, key)));
      heaviest = MAX (heaviest, edge->weight);
    }
  for (guint i = 0; i < net->nodes->len; i++)
    for (guint j = i + 1; j < net->nodes->len; j++)
      {
        gint64 a = node (net, i)->id, b = node (net, j)->id;
        g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT, MIN (a, b), MAX (a, b));

        n_pairs += g_hash_table_lookup (expected, key) != NULL;
      }
  g_assert_cmpuint (net->edges->len, ==, n_pairs);
  g_assert_cmpuint (n_pairs, >, 0);
  return heaviest;
}

/* The integrity check finds sentence_pair equal to the counts of the
 * statement that counts them from every mention row. */
static void
assert_pairs_as_counted (KhojiLibrary *library)
{
  g_autoptr(GString) report = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (khoji_library_check (library, report, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (report->str, "shared sentences: ok"));
}

/* The library file keeps each pair's count of shared sentences as the
 * mentions change: imports, a merge (two entities of one sentence become
 * one), articles imported after it (their forms learned), the undo that
 * analyses those again, and the upgrade that counts them from the
 * mentions of an older file. Each time the graph equals the long way. */
static void
test_network_sentence_pairs (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *seeds = khoji_test_seeds_dir ();
  const char *first[] = { "000_1a230ba5fd4b830d.txt", "001_0a62431ba6109c54.txt", "002_9fb6eb0e4babde48.txt", NULL };
  const char *rest[] = { "003_40fe8e6d14760659.txt", "004_d750fd648b92bea0.txt", NULL };
  g_autoptr(GArray) a = import (f, seeds, first, NULL);
  g_autoptr(GArray) b = NULL;
  g_autofree char *path = g_strdup (khoji_library_get_path (f->library));
  g_autoptr(GError) error = NULL;
  gint64 russia = entity_id (f, "रूस"), moscow = entity_id (f, "मॉस्को");
  sqlite3 *db = NULL;

  /* An import counts them in C from its own mentions (a sentence that
   * names an entity twice counts once): the same as the statement. */
  g_assert_cmpuint (check_sentence_edges (f->library), >, 1);
  assert_pairs_as_counted (f->library);
  g_assert_true (khoji_library_merge_entities (f->library, moscow, russia, &error));
  g_assert_no_error (error);
  check_sentence_edges (f->library);
  b = import (f, seeds, rest, NULL);
  check_sentence_edges (f->library);
  assert_pairs_as_counted (f->library);
  g_assert_true (khoji_library_undo_correction (f->library, &error));
  g_assert_no_error (error);
  check_sentence_edges (f->library);

  /* A file of version 11: no counts, the index without the sentence. */
  g_assert_finalize_object (f->library);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, KHOJI_TEST_UNDO_V12_SQL, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  f->library = khoji_library_open (path, &error);
  g_assert_no_error (error);
  check_sentence_edges (f->library);

  /* The integrity check counts them again: a count one off is found. */
  {
    g_autoptr(GString) report = g_string_new (NULL);

    g_assert_true (khoji_library_check (f->library, report, &error));
    g_assert_no_error (error);
    g_assert_nonnull (strstr (report->str, "shared sentences: ok"));
    g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "UPDATE sentence_pair SET n = n + 1 WHERE (a, b) IN"
                                       " (SELECT a, b FROM sentence_pair WHERE n > 0 LIMIT 1)",
                                   NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);
    g_string_truncate (report, 0);
    g_assert_false (khoji_library_check (f->library, report, &error));
    g_assert_nonnull (strstr (report->str, "shared sentences: 2 problems"));
  }
}

/* The views' reads keep their connection from one read to the next:
 * what another program commits meanwhile (here a library of its own on
 * the same file hides one entity and merges another) shows in the next
 * read, graph and places alike. */
static void
test_views_see_changes (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GArray) ids = import_seeds (f);
  g_autoptr(KhojiLibrary) other = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KhojiNetwork) before = NULL;
  g_autoptr(KhojiNetwork) after = NULL;
  g_autoptr(KhojiNetwork) sync = NULL;
  g_autoptr(KhojiPlaces) places_before = NULL;
  g_autoptr(KhojiPlaces) places_after = NULL;
  gint64 russia = entity_id (f, "रूस"), moscow = entity_id (f, "मॉस्को");
  gint64 kim = entity_id (f, "किम जोंग उन");
  gboolean russia_seen = FALSE, moscow_seen = FALSE;

  khoji_library_network_async (f->library, NULL, 0, 500, NULL, network_done, &before);
  while (before == NULL)
    g_main_context_iteration (NULL, TRUE);
  khoji_library_places_async (f->library, NULL, 0, NULL, places_done, &places_before);
  while (places_before == NULL)
    g_main_context_iteration (NULL, TRUE);
  for (guint i = 0; i < before->nodes->len; i++)
    russia_seen |= node (before, i)->id == russia;
  for (guint i = 0; i < places_before->places->len; i++)
    moscow_seen |= place (places_before, i)->id == moscow;
  g_assert_true (russia_seen);
  g_assert_true (moscow_seen);

  other = khoji_library_open (khoji_library_get_path (f->library), &error);
  g_assert_no_error (error);
  g_assert_true (khoji_library_set_entity_hidden (other, russia, TRUE, &error));
  g_assert_true (khoji_library_merge_entities (other, moscow, kim, &error));
  g_assert_no_error (error);

  khoji_library_network_async (f->library, NULL, 0, 500, NULL, network_done, &after);
  while (after == NULL)
    g_main_context_iteration (NULL, TRUE);
  khoji_library_places_async (f->library, NULL, 0, NULL, places_done, &places_after);
  while (places_after == NULL)
    g_main_context_iteration (NULL, TRUE);
  sync = khoji_library_network (f->library, NULL, 0, 500, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->nodes->len, ==, before->nodes->len - 2);
  g_assert_cmpuint (after->nodes->len, ==, sync->nodes->len);
  g_assert_cmpuint (after->edges->len, ==, sync->edges->len);
  for (guint i = 0; i < after->nodes->len; i++)
    {
      g_assert_cmpint (node (after, i)->id, ==, node (sync, i)->id);
      g_assert_cmpuint (node (after, i)->n_articles, ==, node (sync, i)->n_articles);
      g_assert_cmpint (node (after, i)->id, !=, russia);
      g_assert_cmpint (node (after, i)->id, !=, moscow);
      if (node (after, i)->id == kim)
        g_assert_cmpuint (node (after, i)->n_articles, ==, ids->len);
    }
  for (guint i = 0; i < after->edges->len; i++)
    g_assert_cmpuint (g_array_index (after->edges, KhojiNetworkEdge, i).weight, ==,
                      g_array_index (sync->edges, KhojiNetworkEdge, i).weight);
  /* Both were places: one hidden, one now a person's. */
  g_assert_cmpuint (places_after->places->len, ==, places_before->places->len - 2);
  for (guint i = 0; i < places_after->places->len; i++)
    {
      g_assert_cmpint (place (places_after, i)->id, !=, moscow);
      g_assert_cmpint (place (places_after, i)->id, !=, russia);
    }

  for (guint i = 0; i < 5000 && G_OBJECT (f->library)->ref_count > 1; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/network/top", Fixture, NULL, fixture_set_up, test_network_top, fixture_tear_down);
  g_test_add ("/network/neighbourhood", Fixture, NULL, fixture_set_up, test_network_neighbourhood, fixture_tear_down);
  g_test_add ("/network/hidden-merged", Fixture, NULL, fixture_set_up, test_network_hidden_merged, fixture_tear_down);
  g_test_add ("/network/sentence-pairs", Fixture, NULL, fixture_set_up, test_network_sentence_pairs, fixture_tear_down);
  g_test_add ("/network/async", Fixture, NULL, fixture_set_up, test_network_async, fixture_tear_down);
  g_test_add ("/places/all", Fixture, NULL, fixture_set_up, test_places_all, fixture_tear_down);
  g_test_add ("/places/around", Fixture, NULL, fixture_set_up, test_places_around, fixture_tear_down);
  g_test_add ("/places/hidden-renamed", Fixture, NULL, fixture_set_up, test_places_hidden_renamed, fixture_tear_down);
  g_test_add ("/places/async", Fixture, NULL, fixture_set_up, test_places_async, fixture_tear_down);
  g_test_add ("/views/see-changes", Fixture, NULL, fixture_set_up, test_views_see_changes, fixture_tear_down);
  g_test_add ("/compare/seeds", Fixture, NULL, fixture_set_up, test_compare_seeds, fixture_tear_down);
  g_test_add ("/compare/differences", Fixture, NULL, fixture_set_up, test_compare_differences, fixture_tear_down);
  g_test_add_func ("/compare/numbers", test_compare_numbers);
  return g_test_run ();
}
