/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-bench"

/* The three views of the lower pane and the reading columns in the real
 * window on a given library, timed as a user meets them: from switching
 * to a view (the toggle, as a click on it does) to the first frame
 * painted with what the library computed; the same after selecting an
 * entity in the panel (the most named, then the 100th); from the Compare
 * toggle with two reading columns open to the frame with the comparison
 * marked; then frames of the timeline (for comparison), the network and
 * the map, panned or zoomed a step each, from the step to the frame
 * painted: the whole frame, the renderer's work included (the views'
 * snapshots alone: bench-network-view, bench-map-view), split by the
 * frame clock's phases, with the X server's CPU beside it (Xvfb draws
 * what the cairo renderer sends through Xlib). Each row gives wall time and the
 * main thread's CPU time over the same span (the main thread is what
 * stalls the window; the graph and the places are read on the library's
 * threads), and the worker's own time where the view reports it.
 *
 *   xvfb-run -a dbus-run-session bench-views-window LIBRARY.db
 *
 * Then frames of hovering over nodes and dots and off them, and zoom
 * gestures (three steps, then the frames until the view has drawn its
 * picture sharp again): the worst frame of each.
 *
 * Run it on a copy of the library: opening may bring an older one up to
 * date. GSETTINGS_BACKEND=memory keeps the developer's settings out;
 * KHOJI_BENCH_FRAMES_ONLY=1 skips to the frames, KHOJI_BENCH_EACH=1
 * prints every frame's split on stderr. */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <adwaita.h>

#include "khoji-application.h"
#include "khoji-compare.h"
#include "khoji-map-view.h"
#include "khoji-network-view.h"
#include "khoji-timeline.h"
#include "khoji-window.h"
#include "khoji-window-private.h"

#include "bench-util.h"
#include "khoji-test-ui.h"

#define PAN_FRAMES 40

static struct {
  KhojiWindow *window;
  guint        paints;       /* frames painted so far */
  gboolean     net_loaded;
  gboolean     map_loaded;
  /* The main thread's CPU ms at the frame clock's phases of the last
   * frame, and in the snapshots taken during it. */
  double       at_before_paint;
  double       at_layout;
  double       at_paint;
  double       layout_ms;    /* before-paint to the end of layout */
  double       paint_ms;     /* the paint phase: snapshot and render */
  double       window_snapshot_ms;
  double       view_snapshot_ms;
  double       snapshot_acc; /* accumulating during the frame */
  double       view_acc;
} bench;

/* The window's and the views' snapshot vfuncs, timed. */
static void (*window_snapshot) (GtkWidget *, GtkSnapshot *);
static void (*map_snapshot) (GtkWidget *, GtkSnapshot *);
static void (*network_snapshot) (GtkWidget *, GtkSnapshot *);
static void (*timeline_snapshot) (GtkWidget *, GtkSnapshot *);

static void
timed_window_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  double c0 = bench_thread_cpu_ms ();

  window_snapshot (widget, snapshot);
  bench.snapshot_acc += bench_thread_cpu_ms () - c0;
}

static void
timed_view_snapshot (GtkWidget   *widget,
                     GtkSnapshot *snapshot)
{
  double c0 = bench_thread_cpu_ms ();

  if (KHOJI_IS_MAP_VIEW (widget))
    map_snapshot (widget, snapshot);
  else if (KHOJI_IS_NETWORK_VIEW (widget))
    network_snapshot (widget, snapshot);
  else
    timeline_snapshot (widget, snapshot);
  bench.view_acc += bench_thread_cpu_ms () - c0;
}

static void
wrap_snapshots (void)
{
  GtkWidgetClass *klass;

  klass = g_type_class_ref (KHOJI_TYPE_WINDOW);
  window_snapshot = klass->snapshot;
  klass->snapshot = timed_window_snapshot;
  klass = g_type_class_ref (KHOJI_TYPE_MAP_VIEW);
  map_snapshot = klass->snapshot;
  klass->snapshot = timed_view_snapshot;
  klass = g_type_class_ref (KHOJI_TYPE_NETWORK_VIEW);
  network_snapshot = klass->snapshot;
  klass->snapshot = timed_view_snapshot;
  klass = g_type_class_ref (KHOJI_TYPE_TIMELINE);
  timeline_snapshot = klass->snapshot;
  klass->snapshot = timed_view_snapshot;
}

/* Connected after GDK's own handlers of each phase: the time at the end
 * of layout and of paint (where the window snapshots and renders). */
static void
on_before_paint (GdkFrameClock *clock,
                 gpointer       data)
{
  bench.at_before_paint = bench_thread_cpu_ms ();
  bench.snapshot_acc = bench.view_acc = 0;
}

static void
on_layout (GdkFrameClock *clock,
           gpointer       data)
{
  bench.at_layout = bench_thread_cpu_ms ();
}

static void
on_paint (GdkFrameClock *clock,
          gpointer       data)
{
  bench.at_paint = bench_thread_cpu_ms ();
}

static double
wall_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static void
on_after_paint (GdkFrameClock *clock,
                gpointer       data)
{
  bench.layout_ms = bench.at_layout - bench.at_before_paint;
  bench.paint_ms = bench.at_paint - bench.at_layout;
  bench.window_snapshot_ms = bench.snapshot_acc;
  bench.view_snapshot_ms = bench.view_acc;
  bench.paints++;
}

static void
on_net_loaded (GtkWidget *view,
               gpointer   data)
{
  bench.net_loaded = TRUE;
}

static void
on_map_loaded (GtkWidget *view,
               gpointer   data)
{
  bench.map_loaded = TRUE;
}

static gboolean
window_idle (void)
{
  return !_khoji_window_is_loading (bench.window) && !_khoji_window_is_reading (bench.window) &&
         !_khoji_window_is_importing (bench.window);
}

static gboolean
wait_for (gboolean *flag,
          guint     timeout_ms)
{
  gint64 until = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!*flag && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
  return *flag;
}

/* The next frame painted after now (what the user then sees). */
static void
wait_painted (void)
{
  guint before = bench.paints;
  gint64 until = g_get_monotonic_time () + 2000 * 1000;

  gtk_widget_queue_draw (GTK_WIDGET (bench.window));
  while (bench.paints == before && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
}

static void
wait_window_idle (void)
{
  while (!window_idle ())
    g_main_context_iteration (NULL, TRUE);
}

typedef struct {
  double wall0, cpu0;
} Span;

static void
span_start (Span *s)
{
  s->wall0 = wall_ms ();
  s->cpu0 = bench_thread_cpu_ms ();
}

static void
span_print (Span       *s,
            const char *what,
            double      worker_ms,
            const char *extra)
{
  double wall = wall_ms () - s->wall0, cpu = bench_thread_cpu_ms () - s->cpu0;

  if (worker_ms >= 0)
    g_print ("| %s | %.0f | %.0f | %.0f | %s |\n", what, wall, cpu, worker_ms, extra);
  else
    g_print ("| %s | %.0f | %.0f | — | %s |\n", what, wall, cpu, extra);
}

/* The X server's process (Xvfb): with the cairo renderer on X11 the
 * window's pixels are drawn through Xlib into a server-side pixmap, so
 * part of the drawing is the server's work, not the main thread's. */
static int xserver_pid = -1;

static void
find_xserver (void)
{
  const char *display = g_getenv ("DISPLAY");
  g_autoptr(GDir) dir = g_dir_open ("/proc", 0, NULL);
  const char *name;

  if (display == NULL || dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename ("/proc", name, "cmdline", NULL);
      g_autofree char *cmdline = NULL;
      gsize len;
      gboolean xvfb = FALSE, ours = FALSE;

      if (!g_ascii_isdigit (name[0]) || !g_file_get_contents (path, &cmdline, &len, NULL))
        continue;
      for (const char *arg = cmdline; arg < cmdline + len; arg += strlen (arg) + 1)
        {
          xvfb |= g_str_has_suffix (arg, "Xvfb") && arg == cmdline;
          ours |= g_str_equal (arg, display);
        }
      if (xvfb && ours)
        xserver_pid = atoi (name);
    }
}

/* The X server's CPU time so far (user + system), in ms, or -1. */
static double
xserver_cpu_ms (void)
{
  g_autofree char *path = NULL, *stat = NULL;
  g_auto(GStrv) fields = NULL;
  const char *close_paren;

  if (xserver_pid < 0)
    return -1;
  path = g_strdup_printf ("/proc/%d/stat", xserver_pid);
  if (!g_file_get_contents (path, &stat, NULL, NULL) || (close_paren = strrchr (stat, ')')) == NULL)
    return -1;
  /* After "pid (comm) ": state is field 3; utime and stime are 14 and 15. */
  fields = g_strsplit (close_paren + 2, " ", 0);
  if (g_strv_length (fields) < 13)
    return -1;
  return (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL)) * 1000.0 / sysconf (_SC_CLK_TCK);
}

typedef enum { NETWORK, MAP, TIMELINE } Which;
typedef enum { PAN, ZOOM, HOVER } Step;

/* One pan or zoom step of the view. */
static void
step_once (GtkWidget *view,
           Which      which,
           gboolean   zoom,
           gboolean   in)
{
  switch (which)
    {
    case NETWORK:
      if (!zoom)
        khoji_network_view_pan (KHOJI_NETWORK_VIEW (view), 7, 3);
      else if (in)
        khoji_network_view_zoom_in (KHOJI_NETWORK_VIEW (view));
      else
        khoji_network_view_zoom_out (KHOJI_NETWORK_VIEW (view));
      break;
    case MAP:
      if (!zoom)
        khoji_map_view_pan (KHOJI_MAP_VIEW (view), 7, 3);
      else if (in)
        khoji_map_view_zoom_in (KHOJI_MAP_VIEW (view));
      else
        khoji_map_view_zoom_out (KHOJI_MAP_VIEW (view));
      break;
    case TIMELINE:
      if (in)
        khoji_timeline_zoom_in (KHOJI_TIMELINE (view));
      else
        khoji_timeline_zoom_out (KHOJI_TIMELINE (view));
      break;
    }
}

/* Where to hover: over two nodes or dots in turn, then off them. */
static void
hover_points (GtkWidget *view,
              Which      which,
              double     xs[3],
              double     ys[3])
{
  xs[2] = 2;
  ys[2] = 2;
  for (guint k = 0; k < 2; k++)
    {
      xs[k] = ys[k] = 2;
      if (which == NETWORK)
        khoji_network_view_get_node_position (KHOJI_NETWORK_VIEW (view), k * 7, &xs[k], &ys[k]);
      else
        {
          KhojiMapView *map = KHOJI_MAP_VIEW (view);

          /* The two dots nearest the middle of the pane. */
          for (guint d = 0, found = 0; d < khoji_map_view_get_n_dots (map) && found <= k; d++)
            {
              double x, y;
              guint n;
              int place;

              khoji_map_view_get_dot (map, d, &x, &y, &n, &place);
              if (x > 100 && y > 40 && x < gtk_widget_get_width (view) - 100 &&
                  y < gtk_widget_get_height (view) - 40 && found++ == k)
                {
                  xs[k] = x;
                  ys[k] = y;
                }
            }
        }
    }
}

/* Frames panned 7×3 px each (the timeline has no pan: scrolled instead),
 * zoomed in and out by the view's steps, or hovered over nodes or dots
 * and off them. */
static void
frames (const char *what,
        GtkWidget  *view,
        Which       which,
        Step        step)
{
  gboolean zoom = step == ZOOM;
  double hx[3], hy[3];
  g_autoptr(GArray) cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) wall = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) layout = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) snap = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) own = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) render = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) other = g_array_new (FALSE, FALSE, sizeof (double));
  double x0 = 0;

  for (guint f = 0; f < PAN_FRAMES + 5; f++)
    {
      guint before = bench.paints;
      gint64 until = g_get_monotonic_time () + 2000 * 1000;
      double c0 = bench_thread_cpu_ms (), w0 = wall_ms (), c, w;
      gboolean in = f % 10 < 5;

      if (f == 5)
        x0 = xserver_cpu_ms ();

      if (step == HOVER)
        {
          if (f == 0)
            hover_points (view, which, hx, hy);
          khoji_test_motion (view, hx[f % 3], hy[f % 3]);
          gtk_widget_queue_draw (view);
        }
      else
        step_once (view, which, zoom, in);
      while (bench.paints == before && g_get_monotonic_time () < until)
        g_main_context_iteration (NULL, TRUE);
      c = bench_thread_cpu_ms () - c0;
      w = wall_ms () - w0;
      if (f >= 5)
        {
          double r = bench.paint_ms - bench.window_snapshot_ms, o = c - bench.layout_ms - bench.paint_ms;

          g_array_append_val (cpu, c);
          g_array_append_val (wall, w);
          g_array_append_val (layout, bench.layout_ms);
          g_array_append_val (snap, bench.window_snapshot_ms);
          g_array_append_val (own, bench.view_snapshot_ms);
          g_array_append_val (render, r);
          g_array_append_val (other, o);
          if (g_getenv ("KHOJI_BENCH_EACH"))
            g_printerr ("%s %u: cpu %.2f layout %.2f snap %.2f own %.2f render %.2f\n", what, f, c,
                        bench.layout_ms, bench.window_snapshot_ms, bench.view_snapshot_ms, r);
        }
    }
  g_print ("| %s | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.1f |\n", what,
           bench_percentile (cpu, 0.5), bench_percentile (cpu, 0.95),
           bench_percentile (wall, 0.5), bench_percentile (wall, 0.95),
           bench_percentile (layout, 0.5), bench_percentile (snap, 0.5), bench_percentile (own, 0.5),
           bench_percentile (render, 0.5), bench_percentile (other, 0.5),
           x0 >= 0 ? (xserver_cpu_ms () - x0) / PAN_FRAMES : -1.0);
}

/* Zoom steps, then none until the view has drawn its picture sharp
 * again (on a worker for the map): every frame from the step to the one
 * after the new picture, its main-thread CPU. Prints the worst frame of
 * each such gesture (p50, p95 over them) and the gesture's CPU. */
static void
settle_frames (const char *what,
               GtkWidget  *view,
               Which       which)
{
  g_autoptr(GArray) worst = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) total = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) count = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint g = 0; g < 12; g++)
    {
      guint pictures = which == MAP ? khoji_map_view_get_n_outlines (KHOJI_MAP_VIEW (view))
                                    : khoji_network_view_get_n_pictures (KHOJI_NETWORK_VIEW (view));
      double max = 0, sum = 0, n = 0;
      gint64 until = g_get_monotonic_time () + 3000 * 1000;
      gboolean sharp = FALSE, in = g % 4 < 2;

      for (guint z = 0; z < 3; z++)
        {
          guint before = bench.paints;
          double c0 = bench_thread_cpu_ms (), c;

          if (which == MAP)
            in ? khoji_map_view_zoom_in (KHOJI_MAP_VIEW (view)) : khoji_map_view_zoom_out (KHOJI_MAP_VIEW (view));
          else
            in ? khoji_network_view_zoom_in (KHOJI_NETWORK_VIEW (view))
               : khoji_network_view_zoom_out (KHOJI_NETWORK_VIEW (view));
          while (bench.paints == before && g_get_monotonic_time () < until)
            g_main_context_iteration (NULL, TRUE);
          c = bench_thread_cpu_ms () - c0;
          max = MAX (max, c);
          sum += c;
          n++;
          if (g_getenv ("KHOJI_BENCH_EACH"))
            g_printerr ("%s step %u: cpu %.2f layout %.2f snap %.2f own %.2f render %.2f\n", what, g, c,
                        bench.layout_ms, bench.window_snapshot_ms, bench.view_snapshot_ms,
                        bench.paint_ms - bench.window_snapshot_ms);
        }
      /* Frames until one after the picture is drawn again. */
      while (g_get_monotonic_time () < until)
        {
          guint before = bench.paints;
          double c0 = bench_thread_cpu_ms (), c;
          guint now;

          while (bench.paints == before && g_get_monotonic_time () < until)
            g_main_context_iteration (NULL, TRUE);
          c = bench_thread_cpu_ms () - c0;
          max = MAX (max, c);
          sum += c;
          n++;
          if (g_getenv ("KHOJI_BENCH_EACH"))
            g_printerr ("%s settle %u: cpu %.2f layout %.2f snap %.2f own %.2f render %.2f\n", what, g, c,
                        bench.layout_ms, bench.window_snapshot_ms, bench.view_snapshot_ms,
                        bench.paint_ms - bench.window_snapshot_ms);
          if (sharp)
            break;
          now = which == MAP ? khoji_map_view_get_n_outlines (KHOJI_MAP_VIEW (view))
                             : khoji_network_view_get_n_pictures (KHOJI_NETWORK_VIEW (view));
          sharp = now > pictures;
        }
      g_array_append_val (worst, max);
      g_array_append_val (total, sum);
      g_array_append_val (count, n);
    }
  g_print ("| %s | %.0f | %.2f | %.2f | %.1f |\n", what, bench_percentile (count, 0.5),
           bench_percentile (worst, 0.5), bench_percentile (worst, 0.95), bench_percentile (total, 0.5));
}

/* Switches the lower pane to `name` and waits for its first picture
 * (the graph or the places read again only when they are out of date);
 * prints a row when `what` is not NULL. */
static void
show (const char *name,
      const char *what)
{
  KhojiNetworkView *net = _khoji_window_get_network_view (bench.window);
  KhojiMapView *map = _khoji_window_get_map_view (bench.window);
  gboolean network = g_str_equal (name, "network"), is_map = g_str_equal (name, "map");
  g_autofree char *extra = NULL;
  double worker = -1;
  Span s;

  bench.net_loaded = bench.map_loaded = FALSE;
  span_start (&s);
  _khoji_window_show_view (bench.window, name);
  if ((network && khoji_network_view_is_loading (net)) || (is_map && khoji_map_view_is_loading (map)))
    {
      if (!wait_for (network ? &bench.net_loaded : &bench.map_loaded, 60000))
        g_error ("%s: no picture in 60 s", name);
      worker = network ? khoji_network_view_get_network (net)->worker_ms
                       : khoji_map_view_get_places (map)->worker_ms;
    }
  wait_painted ();
  if (what == NULL)
    return;
  if (network)
    {
      const KhojiNetwork *n = khoji_network_view_get_network (net);

      extra = g_strdup_printf ("%u nodes, %u edges", n->nodes->len, n->edges->len);
    }
  else if (is_map)
    {
      const KhojiPlaces *p = khoji_map_view_get_places (map);

      extra = g_strdup_printf ("%u places, %u located", p->places->len, p->n_located);
    }
  else
    extra = g_strdup ("the timeline");
  span_print (&s, what, worker, extra);
}

/* Selects entity `id` alone in the panel; the view shown follows. */
static void
select_entity (gint64      id,
               gboolean    network,
               const char *what)
{
  KhojiEntityPanel *panel = _khoji_window_get_entity_panel (bench.window);
  double select_ms;
  Span s;

  bench.net_loaded = bench.map_loaded = FALSE;
  span_start (&s);
  /* As a click on a node or a dot does. */
  khoji_entity_panel_select_entity (panel, id);
  /* The panel's own part: finding the entity's row, selecting it, and
   * what its selection-changed runs at once. */
  select_ms = bench_thread_cpu_ms () - s.cpu0;
  if (!wait_for (network ? &bench.net_loaded : &bench.map_loaded, 60000))
    g_error ("%s: no picture in 60 s", what);
  wait_painted ();
  if (network)
    {
      const KhojiNetwork *n = khoji_network_view_get_network (_khoji_window_get_network_view (bench.window));
      g_autofree char *extra = g_strdup_printf ("%u nodes, %u edges, %u articles sampled; the panel's call %.0f ms",
                                                n->nodes->len, n->edges->len, n->n_sampled, select_ms);

      span_print (&s, what, n->worker_ms, extra);
    }
  else
    {
      const KhojiPlaces *p = khoji_map_view_get_places (_khoji_window_get_map_view (bench.window));
      g_autofree char *extra = g_strdup_printf ("%u places, %u located, %u articles in scope; the panel's call %.0f ms",
                                                p->places->len, p->n_located, p->n_scope, select_ms);

      span_print (&s, what, p->worker_ms, extra);
    }
}

static gboolean
comparing (void)
{
  return _khoji_window_is_comparing (bench.window) && !_khoji_window_is_reading (bench.window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(KhojiApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  KhojiNetworkView *net;
  KhojiMapView *map;
  KhojiLibrary *library;
  gint64 top, hundredth, left = 0, right = 0;
  glong left_len = 0, right_len = 0;
  guint n_articles;
  Span s;

  if (argc < 2)
    {
      g_printerr ("usage: bench-views-window LIBRARY.db\n");
      return 2;
    }
  gtk_init ();
  adw_init ();
  app = khoji_application_new (argv[1]);
  g_application_set_flags (G_APPLICATION (app),
                           g_application_get_flags (G_APPLICATION (app)) | G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("%s", error->message);
  bench.window = khoji_window_new (app);
  wrap_snapshots ();
  find_xserver ();
  gtk_window_set_default_size (GTK_WINDOW (bench.window), 1600, 1000);
  gtk_window_present (GTK_WINDOW (bench.window));
  while (!gtk_widget_get_mapped (GTK_WIDGET (bench.window)))
    g_main_context_iteration (NULL, TRUE);
  {
    GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (bench.window));

    g_signal_connect (clock, "before-paint", G_CALLBACK (on_before_paint), NULL);
    g_signal_connect (clock, "layout", G_CALLBACK (on_layout), NULL);
    g_signal_connect (clock, "paint", G_CALLBACK (on_paint), NULL);
    g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), NULL);
  }
  _khoji_window_show_view (bench.window, "timeline");
  /* The window loaded, its entity list too, and quiet. */
  khoji_test_spin (300);
  wait_window_idle ();
  khoji_test_spin (2000);
  wait_window_idle ();
  library = _khoji_window_get_library (bench.window);
  n_articles = khoji_library_count_articles (library);
  net = _khoji_window_get_network_view (bench.window);
  map = _khoji_window_get_map_view (bench.window);
  g_signal_connect (net, "loaded", G_CALLBACK (on_net_loaded), NULL);
  g_signal_connect (map, "loaded", G_CALLBACK (on_map_loaded), NULL);
  /* A lower pane of 420 pixels. */
  gtk_paned_set_position (bench.window->timeline_paned,
                          gtk_widget_get_height (GTK_WIDGET (bench.window->timeline_paned)) - 420);
  khoji_test_spin (200);

  g_print ("%u articles; window 1600×1000, lower pane 420 px; GSK renderer %s\n\n", n_articles,
           G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (bench.window))));
  g_print ("| from … to the first frame painted | wall ms | main thread CPU ms | worker ms | what it shows |\n"
           "|---|---:|---:|---:|---|\n");
  if (g_getenv ("KHOJI_BENCH_FRAMES_ONLY"))
    goto frames;
  show ("network", "switch to the network, nothing selected");
  {
    const KhojiNetwork *n = khoji_network_view_get_network (net);

    top = g_array_index (n->nodes, KhojiNetworkNode, 0).id;
    hundredth = g_array_index (n->nodes, KhojiNetworkNode, n->nodes->len - 1).id;
  }
  while (!khoji_network_view_is_settled (net))
    g_main_context_iteration (NULL, TRUE);
  show ("map", "switch to the map, nothing selected");
  show ("timeline", "switch back to the timeline");
  show ("network", "switch to the network again");
  select_entity (top, TRUE, "select the most named entity (network shown)");
  select_entity (hundredth, TRUE, "select the 100th entity (network shown)");
  while (!khoji_network_view_is_settled (net))
    g_main_context_iteration (NULL, TRUE);
  show ("map", "switch to the map, the 100th selected");
  select_entity (top, FALSE, "select the most named entity (map shown)");
  khoji_entity_panel_unselect_all (_khoji_window_get_entity_panel (bench.window));
  bench.map_loaded = FALSE;
  wait_for (&bench.map_loaded, 60000);
  wait_window_idle ();

  /* Compare: the two longest of the first 100 articles. */
  for (gint64 id = 1; id <= 100; id++)
    {
      g_autofree char *text = khoji_library_get_article_text (library, id, NULL);
      glong len = text ? g_utf8_strlen (text, -1) : 0;

      if (len > left_len)
        {
          right = left;
          right_len = left_len;
          left = id;
          left_len = len;
        }
      else if (len > right_len)
        {
          right = id;
          right_len = len;
        }
    }
  khoji_window_open_article (bench.window, left);
  khoji_window_open_article (bench.window, right);
  wait_window_idle ();
  khoji_test_spin (500);
  span_start (&s);
  g_action_group_activate_action (G_ACTION_GROUP (bench.window), "compare", NULL);
  while (!comparing ())
    g_main_context_iteration (NULL, TRUE);
  wait_painted ();
  {
    const KhojiComparison *cmp = _khoji_window_get_comparison (bench.window);
    g_autofree char *what = g_strdup_printf ("Compare on, articles %" G_GINT64_FORMAT " and %" G_GINT64_FORMAT
                                             " (%ld and %ld characters)", left, right, left_len, right_len);
    g_autofree char *extra = g_strdup_printf ("%u pairs", cmp ? cmp->pairs->len : 0);

    span_print (&s, what, -1, extra);
  }

frames:
  g_print ("\n| frames, from the step to the frame painted | main thread CPU p50 ms | p95 | wall p50 ms | p95 "
           "| of the CPU, p50: layout | window snapshot | the view's own | render | outside the frame "
           "| X server CPU per frame, mean |\n"
           "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  show ("timeline", NULL);
  frames ("timeline, zoomed in and out (for comparison)", GTK_WIDGET (_khoji_window_get_timeline (bench.window)),
          TIMELINE, ZOOM);
  show ("network", NULL);
  while (!khoji_network_view_is_settled (net))
    g_main_context_iteration (NULL, TRUE);
  frames ("network, 100 nodes, panned 7×3 px", GTK_WIDGET (net), NETWORK, PAN);
  frames ("network, 100 nodes, zoomed in and out", GTK_WIDGET (net), NETWORK, ZOOM);
  khoji_network_view_zoom_fit (net);
  frames ("network, hovered over nodes and off them", GTK_WIDGET (net), NETWORK, HOVER);
  show ("map", NULL);
  khoji_map_view_zoom_fit (map);
  frames ("map, the places of the library, panned", GTK_WIDGET (map), MAP, PAN);
  frames ("map, the places of the library, zoomed in and out", GTK_WIDGET (map), MAP, ZOOM);
  khoji_map_view_zoom_fit (map);
  khoji_test_spin (300);
  frames ("map, the places of the library, hovered over dots and off them", GTK_WIDGET (map), MAP, HOVER);
  khoji_map_view_show_area (map, 24.3, 83.3, 27.5, 88.3);
  frames ("map, Bihar, panned", GTK_WIDGET (map), MAP, PAN);
  frames ("map, Bihar, zoomed in and out", GTK_WIDGET (map), MAP, ZOOM);

  g_print ("\n| three zoom steps, then the frames until the picture is drawn sharp again | frames, p50 "
           "| worst frame's main thread CPU p50 ms | p95 | the gesture's main thread CPU p50 ms |\n"
           "|---|---:|---:|---:|---:|\n");
  show ("network", NULL);
  khoji_network_view_zoom_fit (net);
  khoji_test_spin (300);
  settle_frames ("network, 100 nodes", GTK_WIDGET (net), NETWORK);
  show ("map", NULL);
  khoji_map_view_zoom_fit (map);
  khoji_test_spin (300);
  settle_frames ("map, the places of the library", GTK_WIDGET (map), MAP);
  khoji_map_view_show_area (map, 24.3, 83.3, 27.5, 88.3);
  khoji_test_spin (300);
  settle_frames ("map, Bihar", GTK_WIDGET (map), MAP);

  gtk_window_destroy (GTK_WINDOW (bench.window));
  khoji_test_spin (200);
  return 0;
}
