/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-bench"

#include <locale.h>
#include <stdlib.h>

#include <adwaita.h>

#include "khoji-library-network.h"
#include "khoji-map-view.h"
#include "bench-util.h"
#include "khoji-test-ui.h"

/* The map view on a real library, in a real window sized like the lower
 * pane: the first picture after it is asked for (the places read on the
 * library's thread, then the first frame), with nothing selected and with
 * the most named entity selected; then 50 frames panned a little each and
 * 50 zoomed a little each, at the world's scale and at a state's. A frame
 * is the snapshot vfunc (whose cairo node draws the outline and the dots
 * as it is built) and, in the last columns, GSK's rendering of it to a
 * texture too. Median and p95 wall time. Needs a display:
 *
 *   xvfb-run -a bench-map-view DB */

#define WIDTH  1200
#define HEIGHT 400
#define FRAMES 50

static double
wall_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static void
on_loaded (KhojiMapView *view,
           gboolean     *loaded)
{
  *loaded = TRUE;
}

static void
frames (KhojiMapView *view,
        const char   *what,
        gboolean      zoom)
{
  g_autoptr(GArray) cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) snap = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) full = g_array_new (FALSE, FALSE, sizeof (double));
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (GTK_WIDGET (view)));

  for (guint f = 0; f < FRAMES + 5; f++)
    {
      g_autoptr(GtkSnapshot) snapshot = NULL;
      g_autoptr(GskRenderNode) node = NULL;
      g_autoptr(GdkTexture) texture = NULL;
      double c0, w0, c, s, r;

      if (zoom)
        f % 20 < 10 ? khoji_map_view_zoom_in (view) : khoji_map_view_zoom_out (view);
      else
        khoji_map_view_pan (view, 7, 3);
      c0 = bench_thread_cpu_ms ();
      w0 = wall_ms ();
      snapshot = gtk_snapshot_new ();
      GTK_WIDGET_GET_CLASS (view)->snapshot (GTK_WIDGET (view), snapshot);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
      c = bench_thread_cpu_ms () - c0;
      s = wall_ms () - w0;
      if (node)
        texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, WIDTH, HEIGHT));
      r = wall_ms () - w0;
      if (f >= 5)
        {
          g_array_append_val (cpu, c);
          g_array_append_val (snap, s);
          g_array_append_val (full, r);
        }
    }
  g_print ("| %s | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |\n", what,
           bench_percentile (cpu, 0.5), bench_percentile (cpu, 0.95),
           bench_percentile (snap, 0.5), bench_percentile (snap, 0.95),
           bench_percentile (full, 0.5), bench_percentile (full, 0.95));
}

static void
first_picture (KhojiMapView *view,
               KhojiLibrary *library,
               GArray       *selection,
               const char   *what)
{
  gboolean loaded = FALSE;
  gulong id = g_signal_connect (view, "loaded", G_CALLBACK (on_loaded), &loaded);
  double start = wall_ms (), first;
  const KhojiPlaces *places;

  if (selection == NULL)
    {
      khoji_map_view_set_library (view, library);
      khoji_map_view_reload (view);
    }
  else
    khoji_map_view_set_selection (view, selection);
  while (!loaded)
    g_main_context_iteration (NULL, TRUE);
  {
    g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
    g_autoptr(GskRenderNode) node = NULL;

    GTK_WIDGET_GET_CLASS (view)->snapshot (GTK_WIDGET (view), snapshot);
    node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  }
  first = wall_ms () - start;
  g_signal_handler_disconnect (view, id);
  places = khoji_map_view_get_places (view);
  g_print ("| %s | %u | %u | %u | %u | %.1f | %.0f |\n", what, places->n_scope, places->places->len,
           places->n_located, khoji_map_view_get_n_dots (view), places->worker_ms, first);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(KhojiLibrary) library = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entities = NULL;
  g_autoptr(GArray) selection = g_array_new (FALSE, FALSE, sizeof (gint64));
  GtkWidget *window, *view;
  gint64 top;

  setlocale (LC_ALL, "");
  gtk_init ();
  adw_init ();
  if (argc < 2)
    {
      g_printerr ("usage: bench-map-view DB\n");
      return 2;
    }
  library = khoji_library_open (argv[1], &error);
  if (library == NULL)
    g_error ("%s", error->message);
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), WIDTH, HEIGHT);
  view = khoji_map_view_new ();
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));
  khoji_test_spin (500);

  g_print ("%u articles; map view %d×%d px, %d frames after 5 warm-up frames\n\n",
           khoji_library_count_articles (library), WIDTH, HEIGHT, FRAMES);
  g_print ("| places of | articles in scope | places | located | dots | query ms (its thread) | first picture ms |\n"
           "|---|---:|---:|---:|---:|---:|---:|\n");
  first_picture (KHOJI_MAP_VIEW (view), library, NULL, "the whole library");
  entities = khoji_library_list_entities (library, FALSE, &error);
  top = khoji_entity_get_id (g_ptr_array_index (entities, 0));
  g_array_append_val (selection, top);
  first_picture (KHOJI_MAP_VIEW (view), library, selection,
                 khoji_entity_get_name (g_ptr_array_index (entities, 0)));
  g_array_set_size (selection, 0);
  first_picture (KHOJI_MAP_VIEW (view), library, selection, "the whole library again");

  /* The query alone, on this thread and its connection: CPU and wall. */
  g_print ("\n| query (khoji_library_places) | articles in scope | places | CPU ms (median of 3) | wall ms |\n"
           "|---|---:|---:|---:|---:|\n");
  {
    guint picks[] = { 0, 0, MIN (200, entities->len - 1), entities->len / 2 };
    const char *names[] = { "the whole library", "the most named entity", "the 201st entity", "a median entity" };

    for (guint k = 0; k < G_N_ELEMENTS (picks); k++)
      {
        g_autoptr(GArray) cpu = g_array_new (FALSE, FALSE, sizeof (double));
        g_autoptr(GArray) wall = g_array_new (FALSE, FALSE, sizeof (double));
        gint64 id = khoji_entity_get_id (g_ptr_array_index (entities, picks[k]));
        guint scope = 0, n = 0;

        for (guint run = 0; run < 3; run++)
          {
            double c0 = bench_thread_cpu_ms (), w0 = wall_ms (), c, w;
            g_autoptr(KhojiPlaces) places = khoji_library_places (library, k == 0 ? NULL : &id, k == 0 ? 0 : 1, NULL);

            c = bench_thread_cpu_ms () - c0;
            w = wall_ms () - w0;
            g_array_append_val (cpu, c);
            g_array_append_val (wall, w);
            scope = places->n_scope;
            n = places->places->len;
          }
        g_print ("| %s | %u | %u | %.1f | %.1f |\n", names[k], scope, n,
                 bench_percentile (cpu, 0.5), bench_percentile (wall, 0.5));
      }
  }

  g_print ("\n| frames | snapshot CPU p50 ms | CPU p95 | snapshot wall p50 ms | wall p95 | snapshot + render wall p50 ms | wall p95 |\n"
           "|---|---:|---:|---:|---:|---:|---:|\n");
  khoji_map_view_show_area (KHOJI_MAP_VIEW (view), -58, -180, 84, 180);
  frames (KHOJI_MAP_VIEW (view), "pan, the world", FALSE);
  frames (KHOJI_MAP_VIEW (view), "zoom, the world", TRUE);
  khoji_map_view_show_area (KHOJI_MAP_VIEW (view), 24.3, 83.3, 27.5, 88.3);
  frames (KHOJI_MAP_VIEW (view), "pan, a state of India (Bihar)", FALSE);
  frames (KHOJI_MAP_VIEW (view), "zoom, a state of India (Bihar)", TRUE);
  khoji_map_view_show_area (KHOJI_MAP_VIEW (view), 5, 60, 38, 100);
  frames (KHOJI_MAP_VIEW (view), "pan, South Asia", FALSE);

  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
