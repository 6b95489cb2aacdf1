/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-bench"

#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gio/gio.h>

#include "khoji-library.h"
#include "khoji-library-network.h"
#include "khoji-library-reader.h"
#include "khoji-compare.h"

/* The network view's and the comparison's queries through the library
 * API, the way the window calls them (on a thread with a connection of
 * its own, so here on a fresh connection): the top-N graph, and the
 * neighbourhood of one entity — the most named entity (its articles are
 * sampled), one of middling count and a rare one — each run five times,
 * and the window's top-N (among the first N of its entity list, on the
 * library's thread: wall time only),
 * the first run (cold statements, cold page cache, no bitsets kept
 * from an earlier read) and the median of the rest reported; the top-N graph and the top entity's neighbourhood
 * also with edges weighed by shared sentences; then what a click on an
 * entity starts in the window, each the window's way (asynchronously,
 * on the library's threads, one library kept open as the window keeps
 * it): the selection's articles and events, the neighbourhood and the
 * places, wall and process CPU; then the comparison of two articles.
 *
 *   bench-network DB [N]  ->  one JSON object on stdout */

static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

typedef struct {
  double first_ms, first_cpu_ms, median_ms, median_cpu_ms;
  guint  nodes, edges, sampled;
} Timing;

static void
among_done (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  g_autoptr(GError) error = NULL;

  *(KhojiNetwork **) data = khoji_library_network_finish (KHOJI_LIBRARY (source), result, &error);
  if (error)
    g_error ("%s", error->message);
}

static Timing
time_network (const char         *path,
              const gint64       *ids,
              guint               n_ids,
              guint               limit,
              KhojiNetworkWeight  weight)
{
  g_autoptr(GArray) wall = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(KhojiLibrary) library = NULL;
  g_autoptr(GError) error = NULL;
  Timing t = { 0 };

  library = khoji_library_open (path, &error);
  if (library == NULL)
    g_error ("%s", error->message);
  khoji_library_set_network_weight (library, weight);
  for (guint run = 0; run < 5; run++)
    {
      gint64 start = g_get_monotonic_time ();
      double c = cpu_ms (), ms;
      g_autoptr(KhojiNetwork) net = khoji_library_network (library, ids, n_ids, limit, &error);

      if (net == NULL)
        g_error ("%s", error->message);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      c = cpu_ms () - c;
      if (run == 0)
        {
          t.first_ms = ms;
          t.first_cpu_ms = c;
          t.nodes = net->nodes->len;
          t.edges = net->edges->len;
          t.sampled = net->n_sampled;
          continue;
        }
      g_array_append_val (wall, ms);
      g_array_append_val (cpu, c);
    }
  g_array_sort (wall, compare_double);
  g_array_sort (cpu, compare_double);
  t.median_ms = (g_array_index (wall, double, 1) + g_array_index (wall, double, 2)) / 2;
  t.median_cpu_ms = (g_array_index (cpu, double, 1) + g_array_index (cpu, double, 2)) / 2;
  return t;
}

static Timing
time_among (const char *path,
            GPtrArray  *entities,
            guint       limit)
{
  g_autoptr(GArray) wall = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(KhojiLibrary) library = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  Timing t = { 0 };

  for (guint i = 0; i < MIN (limit, entities->len); i++)
    {
      gint64 id = khoji_entity_get_id (g_ptr_array_index (entities, i));
      g_array_append_val (ids, id);
    }
  library = khoji_library_open (path, NULL);
  for (guint run = 0; run < 5; run++)
    {
      g_autoptr(KhojiNetwork) net = NULL;
      gint64 start = g_get_monotonic_time ();
      double ms;

      /* As the window does: on the library's thread, with a connection
       * of its own. */
      khoji_library_network_among_async (library, (gint64 *) ids->data, ids->len, NULL, among_done, &net);
      while (net == NULL)
        g_main_context_iteration (NULL, TRUE);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      if (run == 0)
        {
          t.first_ms = ms;
          t.nodes = net->nodes->len;
          t.edges = net->edges->len;
          continue;
        }
      g_array_append_val (wall, ms);
    }
  g_array_sort (wall, compare_double);
  t.median_ms = (g_array_index (wall, double, 1) + g_array_index (wall, double, 2)) / 2;
  return t;
}

static void
selection_done (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(GError) error = NULL;

  *(KhojiSelection **) data = khoji_library_read_selection_finish (KHOJI_LIBRARY (source), result, &error);
  if (error)
    g_error ("%s", error->message);
}

static void
places_done (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr(GError) error = NULL;

  *(KhojiPlaces **) data = khoji_library_places_finish (KHOJI_LIBRARY (source), result, &error);
  if (error)
    g_error ("%s", error->message);
}

typedef enum { READ_SELECTION, READ_NETWORK, READ_PLACES } ReadKind;

/* One of a selection's reads, the window's way, on one library: the
 * first run and the median of four more, wall and process CPU (the
 * main thread only waits). nodes = articles (selection), nodes (network)
 * or places; edges = events or edges. */
static Timing
time_window_read (KhojiLibrary *library,
                  ReadKind      kind,
                  gint64        id)
{
  g_autoptr(GArray) wall = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  Timing t = { 0 };

  g_array_append_val (ids, id);
  for (guint run = 0; run < 5; run++)
    {
      gint64 start = g_get_monotonic_time ();
      double c = cpu_ms (), ms;
      guint nodes = 0, edges = 0;

      if (kind == READ_SELECTION)
        {
          g_autoptr(KhojiSelection) sel = NULL;

          khoji_library_read_selection_async (library, ids, NULL, selection_done, &sel);
          while (sel == NULL)
            g_main_context_iteration (NULL, TRUE);
          nodes = sel->article_ids->len;
          edges = sel->events->len;
        }
      else if (kind == READ_NETWORK)
        {
          g_autoptr(KhojiNetwork) net = NULL;

          khoji_library_network_async (library, &id, 1, 100, NULL, among_done, &net);
          while (net == NULL)
            g_main_context_iteration (NULL, TRUE);
          nodes = net->nodes->len;
          edges = net->edges->len;
        }
      else
        {
          g_autoptr(KhojiPlaces) places = NULL;

          khoji_library_places_async (library, &id, 1, NULL, places_done, &places);
          while (places == NULL)
            g_main_context_iteration (NULL, TRUE);
          nodes = places->places->len;
        }
      ms = (g_get_monotonic_time () - start) / 1000.0;
      c = cpu_ms () - c;
      if (run == 0)
        {
          t.first_ms = ms;
          t.first_cpu_ms = c;
          t.nodes = nodes;
          t.edges = edges;
          continue;
        }
      g_array_append_val (wall, ms);
      g_array_append_val (cpu, c);
    }
  g_array_sort (wall, compare_double);
  g_array_sort (cpu, compare_double);
  t.median_ms = (g_array_index (wall, double, 1) + g_array_index (wall, double, 2)) / 2;
  t.median_cpu_ms = (g_array_index (cpu, double, 1) + g_array_index (cpu, double, 2)) / 2;
  return t;
}

static void
print_timing (const char *name,
              gint64      entity,
              guint       articles,
              Timing     *t,
              gboolean    last)
{
  g_print ("  \"%s\": {\"entity\": %" G_GINT64_FORMAT ", \"entity_articles\": %u, \"first_ms\": %.1f,"
           " \"first_cpu_ms\": %.1f, \"median_ms\": %.1f, \"median_cpu_ms\": %.1f, \"nodes\": %u, \"edges\": %u,"
           " \"sampled\": %u}%s\n",
           name, entity, articles, t->first_ms, t->first_cpu_ms, t->median_ms, t->median_cpu_ms, t->nodes, t->edges,
           t->sampled, last ? "" : ",");
}

int
main (int argc, char *argv[])
{
  g_autoptr(KhojiLibrary) library = NULL;
  g_autoptr(GPtrArray) entities = NULL;
  g_autoptr(GError) error = NULL;
  guint limit = 100, n_articles;
  KhojiEntity *top, *middle, *rare;
  gint64 id;
  Timing t;

  setlocale (LC_ALL, "");
  if (argc < 2)
    {
      g_printerr ("usage: bench-network DB [N]\n");
      return 2;
    }
  if (argc > 2)
    limit = (guint) atoi (argv[2]);

  library = khoji_library_open (argv[1], &error);
  if (library == NULL)
    g_error ("%s", error->message);
  n_articles = khoji_library_count_articles (library);
  entities = khoji_library_list_entities (library, FALSE, &error);
  if (entities == NULL || entities->len == 0)
    g_error ("no entities");
  top = g_ptr_array_index (entities, 0);
  middle = g_ptr_array_index (entities, MIN (entities->len - 1, 200));
  rare = g_ptr_array_index (entities, entities->len / 2);

  g_print ("{\n  \"articles\": %u, \"entities\": %u, \"limit\": %u,\n", n_articles, entities->len, limit);
  t = time_network (argv[1], NULL, 0, limit, KHOJI_NETWORK_BY_ARTICLES);
  print_timing ("top", 0, 0, &t, FALSE);
  t = time_network (argv[1], NULL, 0, limit, KHOJI_NETWORK_BY_SENTENCES);
  print_timing ("top_by_sentences", 0, 0, &t, FALSE);
  t = time_among (argv[1], entities, limit);
  print_timing ("top_among_async", 0, 0, &t, FALSE);
  id = khoji_entity_get_id (top);
  t = time_network (argv[1], &id, 1, limit, KHOJI_NETWORK_BY_ARTICLES);
  print_timing ("neighbourhood_top", id, khoji_entity_get_article_count (top), &t, FALSE);
  t = time_network (argv[1], &id, 1, limit, KHOJI_NETWORK_BY_SENTENCES);
  print_timing ("neighbourhood_top_by_sentences", id, khoji_entity_get_article_count (top), &t, FALSE);
  id = khoji_entity_get_id (middle);
  t = time_network (argv[1], &id, 1, limit, KHOJI_NETWORK_BY_ARTICLES);
  print_timing ("neighbourhood_201st", id, khoji_entity_get_article_count (middle), &t, FALSE);
  id = khoji_entity_get_id (rare);
  t = time_network (argv[1], &id, 1, limit, KHOJI_NETWORK_BY_ARTICLES);
  print_timing ("neighbourhood_median", id, khoji_entity_get_article_count (rare), &t, FALSE);

  {
    /* A click on the most named entity and on the 201st, as the window
     * reads it: on a library of its own, opened as the window's is. */
    g_autoptr(KhojiLibrary) window = khoji_library_open (argv[1], &error);
    KhojiEntity *clicked[] = { top, middle };
    const char *names[] = { "top", "201st" };

    if (window == NULL)
      g_error ("%s", error->message);
    for (guint i = 0; i < G_N_ELEMENTS (clicked); i++)
      {
        g_autofree char *sel = g_strdup_printf ("window_selection_%s", names[i]);
        g_autofree char *net = g_strdup_printf ("window_neighbourhood_%s", names[i]);
        g_autofree char *map = g_strdup_printf ("window_places_%s", names[i]);

        id = khoji_entity_get_id (clicked[i]);
        t = time_window_read (window, READ_SELECTION, id);
        print_timing (sel, id, khoji_entity_get_article_count (clicked[i]), &t, FALSE);
        t = time_window_read (window, READ_NETWORK, id);
        print_timing (net, id, khoji_entity_get_article_count (clicked[i]), &t, FALSE);
        t = time_window_read (window, READ_PLACES, id);
        print_timing (map, id, khoji_entity_get_article_count (clicked[i]), &t, FALSE);
      }
  }

  {
    /* The two longest of the first 100 articles, compared. */
    g_autoptr(GPtrArray) articles = khoji_library_list_articles (library, &error);
    gint64 a = 0, b = 0;
    gsize la = 0, lb = 0;
    double ms;
    gint64 start;
    g_autoptr(KhojiComparison) cmp = NULL;

    for (guint i = 0; articles && i < MIN (articles->len, 100); i++)
      {
        gint64 aid = khoji_article_get_id (g_ptr_array_index (articles, i));
        g_autofree char *text = khoji_library_get_article_text (library, aid, NULL);
        gsize len = text ? strlen (text) : 0;

        if (len > la)
          {
            b = a, lb = la;
            a = aid, la = len;
          }
        else if (len > lb)
          b = aid, lb = len;
      }
    start = g_get_monotonic_time ();
    cmp = khoji_library_compare (library, a, b, &error);
    ms = (g_get_monotonic_time () - start) / 1000.0;
    if (cmp == NULL)
      g_error ("%s", error->message);
    g_print ("  \"compare\": {\"left\": %" G_GINT64_FORMAT ", \"right\": %" G_GINT64_FORMAT
             ", \"left_bytes\": %zu, \"right_bytes\": %zu, \"ms\": %.1f, \"pairs\": %u}\n}\n",
             a, b, la, lb, ms, cmp->pairs->len);
  }
  return 0;
}
