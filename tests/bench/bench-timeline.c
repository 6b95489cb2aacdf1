/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-bench"

#include <locale.h>
#include <stdlib.h>
#include <time.h>

#include <adwaita.h>

#include "khoji-timeline.h"

#include "bench-util.h"
#include "khoji-test-ui.h"

/* How long one frame of the timeline takes to snapshot with many events,
 * the way GTK asks for it: a real KhojiTimeline in a real window sized
 * like the window's timeline pane, the class's snapshot vfunc called on a
 * fresh GtkSnapshot, the node made and freed. Rendering the node is GSK's
 * work and is not counted. Needs a display: run it under `xvfb-run -a`.
 *
 *   bench-timeline [N ...]   (default: 100000 1000000)
 *
 * Events are generated, deterministic, spread over 20 years: 80 % days
 * (most on busy news days), 12 % months, 5 % years, 3 % from–to ranges.
 * For each N it prints the time set_events takes and, at "fit all", at a
 * year and at a month (panned a little every frame), the median and p95
 * of 50 frames in thread CPU time and wall time, and what was drawn. */

#define WIDTH   1200
#define HEIGHT  240
#define FRAMES  50
#define YEARS   20

static double
wall_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static guint32
julian (int year, int month, int day)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day, month, year);
  return g_date_get_julian (&date);
}

/* In the order khoji_library_list_event_refs() gives, as the window
 * hands them over. */
static GArray *
make_events (guint n)
{
  GArray *events = g_array_sized_new (FALSE, FALSE, sizeof (KhojiEventRef), n);
  g_autoptr(GRand) rand = g_rand_new_with_seed (6);
  guint32 start = julian (2006, 1, 1), end = julian (2025, 12, 31);
  guint n_busy = 600;
  g_autofree guint32 *busy = g_new (guint32, n_busy);

  /* News clusters on some days: half the day events fall on 600 of them. */
  for (guint i = 0; i < n_busy; i++)
    busy[i] = g_rand_int_range (rand, start, end + 1);

  for (guint i = 0; i < n; i++)
    {
      KhojiEventRef ref = { 0 };
      double kind = g_rand_double (rand);
      guint32 day = g_rand_boolean (rand) ? busy[g_rand_int_range (rand, 0, n_busy)]
                                          : (guint32) g_rand_int_range (rand, start, end + 1);
      GDate date;

      g_date_clear (&date, 1);
      g_date_set_julian (&date, day);
      ref.id = i + 1;
      ref.article_id = i / 10 + 1;
      if (kind < 0.80)
        {
          ref.first_day = ref.last_day = day;
          ref.kind = KHOJI_EVENT_DAY;
          ref.precision = KHOJI_PRECISION_DAY;
        }
      else if (kind < 0.92)
        {
          g_date_set_day (&date, 1);
          ref.first_day = g_date_get_julian (&date);
          ref.last_day = ref.first_day + g_date_get_days_in_month (g_date_get_month (&date), g_date_get_year (&date)) - 1;
          ref.kind = KHOJI_EVENT_PERIOD;
          ref.precision = KHOJI_PRECISION_MONTH;
        }
      else if (kind < 0.97)
        {
          ref.first_day = julian (g_date_get_year (&date), 1, 1);
          ref.last_day = julian (g_date_get_year (&date), 12, 31);
          ref.kind = KHOJI_EVENT_PERIOD;
          ref.precision = KHOJI_PRECISION_YEAR;
        }
      else
        {
          ref.first_day = day;
          ref.last_day = day + g_rand_int_range (rand, 1, 31);
          ref.kind = KHOJI_EVENT_INTERVAL;
          ref.precision = KHOJI_PRECISION_DAY;
        }
      g_array_append_val (events, ref);
    }
  g_array_sort (events, khoji_event_ref_compare);
  return events;
}

typedef struct {
  const char *name;
  guint32     first;
  guint32     last;
  guint32     pan;      /* days moved per frame */
} View;

/* KHOJI_BENCH_SHOTS=DIR saves the window after each view, to look at. */
static void
save_shot (GtkWidget  *window,
           guint       n_events,
           const char *view)
{
  const char *dir = g_getenv ("KHOJI_BENCH_SHOTS");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  int width = gtk_widget_get_width (window), height = gtk_widget_get_height (window);

  if (dir == NULL)
    return;
  /* The picture is of the last frame GTK drew: let it draw one. */
  gtk_widget_queue_draw (window);
  khoji_test_spin (300);
  paintable = gtk_widget_paintable_new (window);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    {
      g_printerr ("no picture of the window (%d×%d)\n", width, height);
      return;
    }
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  name = g_strdup_printf ("timeline-%u-%s.png", n_events, view);
  g_strdelimit (name, " ", '-');
  path = g_build_filename (dir, name, NULL);
  if (!gdk_texture_save_to_png (texture, path))
    g_printerr ("cannot save %s\n", path);
}

static void
bench_view (KhojiTimeline *timeline,
            const View    *view,
            guint          n_events)
{
  g_autoptr(GArray) cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) wall = g_array_new (FALSE, FALSE, sizeof (double));
  guint circles = 0, bars = 0, drawn = 0;

  for (int frame = -5; frame < FRAMES; frame++)
    {
      g_autoptr(GtkSnapshot) snapshot = NULL;
      g_autoptr(GskRenderNode) node = NULL;
      guint32 shift = (frame < 0 ? 0 : frame) * view->pan;
      double c0, w0, c, w;

      if (view->first == 0)
        khoji_timeline_zoom_fit (timeline);
      else
        khoji_timeline_show_range (timeline, view->first + shift, view->last + shift);

      c0 = bench_thread_cpu_ms ();
      w0 = wall_ms ();
      snapshot = gtk_snapshot_new ();
      GTK_WIDGET_GET_CLASS (timeline)->snapshot (GTK_WIDGET (timeline), snapshot);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
      g_clear_pointer (&node, gsk_render_node_unref);
      c = bench_thread_cpu_ms () - c0;
      w = wall_ms () - w0;

      if (frame < 0)
        continue;   /* warm-up: fonts, glyph caches */
      g_array_append_val (cpu, c);
      g_array_append_val (wall, w);
      khoji_timeline_get_drawn (timeline, &circles, &bars, &drawn);
    }

  save_shot (GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (timeline))), n_events, view->name);
  g_print ("| %'u | %s | %.2f | %.2f | %.2f | %.2f | %u circles, %u bars, %'u events |\n",
           n_events, view->name, bench_percentile (cpu, 0.5), bench_percentile (cpu, 0.95),
           bench_percentile (wall, 0.5), bench_percentile (wall, 0.95), circles, bars, drawn);
}

int
main (int argc, char *argv[])
{
  g_autoptr(GArray) sizes = g_array_new (FALSE, FALSE, sizeof (guint));
  GtkWidget *window;
  GtkWidget *timeline;
  const View views[] = {
    { "fit all", 0, 0, 0 },
    { "a year", julian (2015, 1, 1), julian (2015, 12, 31), 7 },
    { "a month", julian (2015, 6, 1), julian (2015, 6, 30), 1 },
  };

  setlocale (LC_ALL, "");
  /* libadwaita's stylesheet, as in the application: the accent colours
   * the timeline looks up. */
  adw_init ();

  for (int i = 1; i < argc; i++)
    {
      guint n = (guint) strtoul (argv[i], NULL, 10);
      g_array_append_val (sizes, n);
    }
  if (sizes->len == 0)
    {
      guint defaults[] = { 100000, 1000000 };
      g_array_append_vals (sizes, defaults, G_N_ELEMENTS (defaults));
    }

  window = gtk_window_new ();
  timeline = khoji_timeline_new ();
  gtk_window_set_child (GTK_WINDOW (window), timeline);
  gtk_window_set_default_size (GTK_WINDOW (window), WIDTH, HEIGHT);
  gtk_window_present (GTK_WINDOW (window));
  for (guint i = 0; i < 200 && gtk_widget_get_width (timeline) < WIDTH / 2; i++)
    khoji_test_spin (10);
  khoji_test_spin (100);
  g_print ("timeline %d×%d px, %d frames per view after 5 warm-up frames; snapshot only (no rendering)\n\n",
           gtk_widget_get_width (timeline), gtk_widget_get_height (timeline), FRAMES);

  g_print ("| events | set_events CPU ms | set_events wall ms |\n|---:|---:|---:|\n");
  for (guint s = 0; s < sizes->len; s++)
    {
      g_autoptr(GArray) events = make_events (g_array_index (sizes, guint, s));
      double c0 = bench_thread_cpu_ms (), w0 = wall_ms ();

      khoji_timeline_set_events (KHOJI_TIMELINE (timeline), events);
      g_print ("| %'u | %.1f | %.1f |\n", events->len, bench_thread_cpu_ms () - c0, wall_ms () - w0);
    }

  g_print ("\n| events | view | CPU p50 ms | CPU p95 ms | wall p50 ms | wall p95 ms | drawn (last frame) |\n"
           "|---:|---|---:|---:|---:|---:|---|\n");
  for (guint s = 0; s < sizes->len; s++)
    {
      g_autoptr(GArray) events = make_events (g_array_index (sizes, guint, s));

      khoji_timeline_set_events (KHOJI_TIMELINE (timeline), events);
      khoji_test_spin (50);
      for (guint v = 0; v < G_N_ELEMENTS (views); v++)
        bench_view (KHOJI_TIMELINE (timeline), &views[v], events->len);
    }

  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
