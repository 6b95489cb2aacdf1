/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-bench"

#include <locale.h>
#include <stdlib.h>

#include <adwaita.h>

#include "khoji-network-view.h"

#include "bench-util.h"
#include "khoji-test-ui.h"

/* The network view on a real library, in a real window sized like the
 * lower pane: the first picture after it is asked for (the graph read on
 * the library's thread, then the first frame), then 50 frames panned a
 * little each, then 50 zoomed a little each, snapshot only (the class's
 * snapshot vfunc on a fresh GtkSnapshot; GSK's rendering not counted),
 * median and p95 in thread CPU and wall time. Needs a display:
 *
 *   xvfb-run -a bench-network-view DB [N ...]   (default N: 100 500) */

#define WIDTH  1200
#define HEIGHT 400
#define FRAMES 50

static double
wall_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static void
on_loaded (KhojiNetworkView *view,
           gboolean         *loaded)
{
  *loaded = TRUE;
}

/* The library's order of strength: articles, mentions, id. */
static int
compare_ranked (gconstpointer a,
                gconstpointer b)
{
  KhojiEntity *x = *(KhojiEntity **) a, *y = *(KhojiEntity **) b;
  guint xa = khoji_entity_get_article_count (x), ya = khoji_entity_get_article_count (y);
  guint xm = khoji_entity_get_mention_count (x), ym = khoji_entity_get_mention_count (y);
  gint64 xi = khoji_entity_get_id (x), yi = khoji_entity_get_id (y);

  if (xa != ya)
    return xa > ya ? -1 : 1;
  if (xm != ym)
    return xm > ym ? -1 : 1;
  return (xi > yi) - (xi < yi);
}

static void
frames (KhojiNetworkView *view,
        const char       *what,
        gboolean          zoom)
{
  g_autoptr(GArray) cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) wall = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint f = 0; f < FRAMES + 5; f++)
    {
      g_autoptr(GtkSnapshot) snapshot = NULL;
      g_autoptr(GskRenderNode) node = NULL;
      double c0, w0, c, w;

      if (zoom)
        f % 20 < 10 ? khoji_network_view_zoom_in (view) : khoji_network_view_zoom_out (view);
      else
        khoji_network_view_pan (view, 7, 3);
      c0 = bench_thread_cpu_ms ();
      w0 = wall_ms ();
      snapshot = gtk_snapshot_new ();
      GTK_WIDGET_GET_CLASS (view)->snapshot (GTK_WIDGET (view), snapshot);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
      c = bench_thread_cpu_ms () - c0;
      w = wall_ms () - w0;
      if (f >= 5)
        {
          g_array_append_val (cpu, c);
          g_array_append_val (wall, w);
        }
    }
  g_print ("| %s | %.2f | %.2f | %.2f | %.2f |\n", what,
           bench_percentile (cpu, 0.5), bench_percentile (cpu, 0.95),
           bench_percentile (wall, 0.5), bench_percentile (wall, 0.95));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(KhojiLibrary) library = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ranked = NULL;
  GtkWidget *window, *view;
  guint sizes[8] = { 100, 500 };
  guint n_sizes = 2;

  setlocale (LC_ALL, "");
  gtk_init ();
  adw_init ();
  if (argc < 2)
    {
      g_printerr ("usage: bench-network-view DB [N ...]\n");
      return 2;
    }
  if (argc > 2)
    {
      n_sizes = 0;
      for (int i = 2; i < argc && n_sizes < G_N_ELEMENTS (sizes); i++)
        sizes[n_sizes++] = (guint) atoi (argv[i]);
    }
  library = khoji_library_open (argv[1], &error);
  if (library == NULL)
    g_error ("%s", error->message);

  /* As the window has it when the network is asked for: its entity
   * list, loaded and ranked (not timed), unless KHOJI_BENCH_TOP_N=1 asks
   * for the library's own top-N walk. */
  if (g_strcmp0 (g_getenv ("KHOJI_BENCH_TOP_N"), "1") != 0)
    {
      g_autoptr(GPtrArray) entities = khoji_library_list_entities (library, FALSE, &error);

      if (entities == NULL)
        g_error ("%s", error->message);
      g_ptr_array_sort (entities, compare_ranked);
      ranked = g_array_new (FALSE, FALSE, sizeof (gint64));
      for (guint i = 0; i < entities->len && ranked->len < KHOJI_NETWORK_MAX_NODES; i++)
        {
          gint64 id = khoji_entity_get_id (g_ptr_array_index (entities, i));

          if (!khoji_entity_get_hidden (g_ptr_array_index (entities, i)))
            g_array_append_val (ranked, id);
        }
    }
  g_print ("graph read: %s\n", ranked ? "among the listed top entities (network_among_async)"
                                      : "the library's top-N walk (network_async)");

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), WIDTH, HEIGHT);
  view = khoji_network_view_new ();
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));
  khoji_test_spin (500);

  g_print ("%u articles; network view %d×%d px, %d frames after 5 warm-up frames; snapshot only\n\n",
           khoji_library_count_articles (library), WIDTH, HEIGHT, FRAMES);
  g_print ("| nodes | first picture ms (graph read + first frame) | edges | drawn edges | settled ms |\n|---:|---:|---:|---:|---:|\n");
  for (guint s = 0; s < n_sizes; s++)
    {
      gboolean loaded = FALSE;
      gulong id = g_signal_connect (view, "loaded", G_CALLBACK (on_loaded), &loaded);
      double start = wall_ms (), first, settled;
      const KhojiNetwork *net;

      if (s == 0)
        {
          khoji_network_view_set_limit (KHOJI_NETWORK_VIEW (view), sizes[s]);
          khoji_network_view_set_library (KHOJI_NETWORK_VIEW (view), library);
          khoji_network_view_set_ranked (KHOJI_NETWORK_VIEW (view), ranked);
          khoji_network_view_reload (KHOJI_NETWORK_VIEW (view));
        }
      else
        khoji_network_view_set_limit (KHOJI_NETWORK_VIEW (view), sizes[s]);
      while (!loaded)
        g_main_context_iteration (NULL, TRUE);
      {
        g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
        g_autoptr(GskRenderNode) node = NULL;

        GTK_WIDGET_GET_CLASS (view)->snapshot (view, snapshot);
        node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
      }
      first = wall_ms () - start;
      while (!khoji_network_view_is_settled (KHOJI_NETWORK_VIEW (view)))
        g_main_context_iteration (NULL, TRUE);
      settled = wall_ms () - start;
      g_signal_handler_disconnect (view, id);
      net = khoji_network_view_get_network (KHOJI_NETWORK_VIEW (view));
      g_print ("| %u | %.0f | %u | %u | %.0f |\n", net->nodes->len, first, net->edges->len,
               khoji_network_view_get_n_drawn_edges (KHOJI_NETWORK_VIEW (view)), settled);
      g_print ("\n| frames at %u nodes | CPU p50 ms | CPU p95 ms | wall p50 ms | wall p95 ms |\n|---|---:|---:|---:|---:|\n",
               net->nodes->len);
      frames (KHOJI_NETWORK_VIEW (view), "pan", FALSE);
      frames (KHOJI_NETWORK_VIEW (view), "zoom", TRUE);
      khoji_network_view_zoom_fit (KHOJI_NETWORK_VIEW (view));
      g_print ("\n");
    }
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
