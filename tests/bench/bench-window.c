/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-bench-window"

/* The real window on a given library, timed: process start to the first
 * frame, to the lists filled, to the timeline filled; then the article and
 * the entity lists scrolled from top to bottom in equal adjustment steps,
 * one step per frame, with the time each frame took.
 *
 *   bench-window LIBRARY.db [--steps N] [--step-px PX]
 *
 * Without --step-px the steps are equal parts of the whole list (a jump
 * that binds every visible row anew, as dragging the scroll bar does);
 * with it, each step moves PX pixels from the top, as a mouse wheel or
 * touchpad does.
 *
 * Run under an X server (tests/bench/bench-window.sh does it with
 * xvfb-run and dbus-run-session, on a copy of the library). Times count
 * from the process's start as the kernel has it (/proc/self/stat, in
 * clock ticks of 10 ms), so loading the program and its libraries is in.
 * Last, one correction as the entity panel makes it (a rename of the
 * most mentioned person): how long the call blocks, when the entity list
 * shows the new name, and the main loop's longest stall in the 20 s
 * after it. Prints one JSON object. */

#include "config.h"

#include <sys/resource.h>
#include <time.h>
#include <unistd.h>
#include <adwaita.h>

#include "khoji-application.h"
#include "khoji-window.h"
#include "khoji-window-private.h"

#include "bench-util.h"

typedef struct {
  const char    *name;
  GtkAdjustment *adjustment;
  guint          n_steps;
  guint          step;
  double         step_size;
  gint64         tick_at;       /* when this frame's step was made */
  double         tick_cpu;      /* main thread CPU then, s */
  gint64         last_paint;
  GArray        *work_ms;       /* step to its frame painted, wall-clock */
  GArray        *interval_ms;   /* painted frame to painted frame */
  GArray        *cpu_ms;        /* main thread CPU from step to painted frame */
} Scroll;

static struct {
  gint64         t0;
  KhojiWindow   *window;
  GdkFrameClock *clock;
  double         gtk_init_ms;
  double         registered_ms;   /* GTK, libadwaita and the app's D-Bus name */
  double         window_new_ms;   /* khoji_window_new() returned */
  double         realized_ms;
  double         mapped_ms;
  gint64         first_frame;
  double         first_frame_cpu;
  double         first_frame_main_cpu;
  gint64         lists_filled;
  double         lists_filled_cpu;
  gint64         loaded;
  double         loaded_cpu;
  guint          n_frames_while_loading;
  double         step_px;
  gint64         last_poll;
  double         longest_stall_ms;
  gint64         entity_id;           /* renamed */
  char          *new_name;
  gint64         corrected_at;
  double         correction_call_ms;
  double         correction_shown_ms;
  double         correction_stall_ms;
  gint64         last_watch;
  double         max_interval_loading_ms;
  gint64         last_paint_loading;
  Scroll        *scroll;
  GMainLoop     *loop;
} bench;

static double
cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 +
         usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

/* The process's start on the monotonic clock, in µs. */
static gint64
process_start (void)
{
  g_autofree char *stat = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after_name;
  struct timespec boot;
  double started_s, now_s;

  if (!g_file_get_contents ("/proc/self/stat", &stat, NULL, NULL) ||
      (after_name = strrchr (stat, ')')) == NULL)
    return g_get_monotonic_time ();
  /* Field 22, starttime; field 3 is the first after the name. */
  fields = g_strsplit (after_name + 2, " ", -1);
  if (g_strv_length (fields) < 20)
    return g_get_monotonic_time ();
  started_s = g_ascii_strtoull (fields[19], NULL, 10) / (double) sysconf (_SC_CLK_TCK);
  clock_gettime (CLOCK_BOOTTIME, &boot);
  now_s = boot.tv_sec + boot.tv_nsec / 1e9;
  return g_get_monotonic_time () - (gint64) ((now_s - started_s) * G_USEC_PER_SEC);
}

/* The main thread's own, without the loading worker's. */
static double
main_thread_cpu_seconds (void)
{
  return bench_thread_cpu_ms () / 1000.0;
}

static double
ms_since_t0 (gint64 t)
{
  return (t - bench.t0) / 1000.0;
}

static GtkScrolledWindow *
find_scroller (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkScrolledWindow *found;

      if (GTK_IS_SCROLLED_WINDOW (child) && gtk_widget_get_mapped (child))
        return GTK_SCROLLED_WINDOW (child);
      found = find_scroller (child);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static void start_scroll (const char *name,
                          GtkWidget  *pane);
static void start_correction (void);

static void
print_results (void)
{
  KhojiLibrary *library = _khoji_window_get_library (bench.window);
  GListModel *articles = khoji_article_list_get_model (_khoji_window_get_article_list (bench.window));
  Scroll *scrolls = g_object_get_data (G_OBJECT (bench.window), "bench-scrolls");

  g_print ("{\n");
  g_print ("  \"articles\": %u,\n", khoji_library_count_articles (library));
  g_print ("  \"step_px\": %.0f,\n", bench.step_px);
  g_print ("  \"articles_listed\": %u,\n", g_list_model_get_n_items (articles));
  g_print ("  \"timeline_events\": %u,\n", khoji_timeline_get_n_events (_khoji_window_get_timeline (bench.window)));
  g_print ("  \"gtk_init_ms\": %.1f,\n", bench.gtk_init_ms);
  g_print ("  \"app_registered_ms\": %.1f,\n", bench.registered_ms);
  g_print ("  \"window_new_returned_ms\": %.1f,\n", bench.window_new_ms);
  g_print ("  \"realized_ms\": %.1f,\n", bench.realized_ms);
  g_print ("  \"mapped_ms\": %.1f,\n", bench.mapped_ms);
  g_print ("  \"first_frame_ms\": %.1f,\n", ms_since_t0 (bench.first_frame));
  g_print ("  \"first_frame_cpu_s\": %.3f,\n", bench.first_frame_cpu);
  g_print ("  \"first_frame_main_thread_cpu_s\": %.3f,\n", bench.first_frame_main_cpu);
  g_print ("  \"lists_filled_ms\": %.1f,\n", ms_since_t0 (bench.lists_filled));
  g_print ("  \"lists_filled_cpu_s\": %.3f,\n", bench.lists_filled_cpu);
  g_print ("  \"loaded_ms\": %.1f,\n", ms_since_t0 (bench.loaded));
  g_print ("  \"loaded_cpu_s\": %.3f,\n", bench.loaded_cpu);
  g_print ("  \"frames_while_loading\": %u,\n", bench.n_frames_while_loading);
  g_print ("  \"longest_frame_gap_while_loading_ms\": %.1f,\n", bench.max_interval_loading_ms);
  g_print ("  \"longest_main_loop_stall_while_loading_ms\": %.1f", bench.longest_stall_ms);
  for (guint i = 0; scrolls != NULL && i < 2; i++)
    {
      Scroll *s = &scrolls[i];

      g_print (",\n  \"%s_scroll\": {\"steps\": %u, \"work_p50_ms\": %.1f, \"work_p95_ms\": %.1f, "
               "\"work_max_ms\": %.1f, \"interval_p50_ms\": %.1f, \"interval_p95_ms\": %.1f, "
               "\"interval_max_ms\": %.1f, \"main_cpu_p50_ms\": %.1f, \"main_cpu_p95_ms\": %.1f}",
               s->name, s->work_ms->len,
               bench_percentile (s->work_ms, 0.5), bench_percentile (s->work_ms, 0.95), bench_percentile (s->work_ms, 1.0),
               bench_percentile (s->interval_ms, 0.5), bench_percentile (s->interval_ms, 0.95), bench_percentile (s->interval_ms, 1.0),
               bench_percentile (s->cpu_ms, 0.5), bench_percentile (s->cpu_ms, 0.95));
    }
  g_print (",\n  \"correction\": {\"call_ms\": %.1f, \"new_name_shown_ms\": %.1f, "
           "\"longest_main_loop_stall_ms\": %.1f}",
           bench.correction_call_ms, bench.correction_shown_ms, bench.correction_stall_ms);
  g_print (",\n  \"cpu_s_total\": %.3f\n}\n", cpu_seconds ());
}

static void
on_after_paint (GdkFrameClock *clock,
                gpointer       user_data)
{
  gint64 now = g_get_monotonic_time ();
  Scroll *s = bench.scroll;

  if (bench.first_frame == 0)
    {
      bench.first_frame = now;
      bench.first_frame_cpu = cpu_seconds ();
      bench.first_frame_main_cpu = main_thread_cpu_seconds ();
    }

  if (bench.loaded == 0)
    {
      bench.n_frames_while_loading++;
      if (bench.last_paint_loading != 0)
        bench.max_interval_loading_ms = MAX (bench.max_interval_loading_ms,
                                             (now - bench.last_paint_loading) / 1000.0);
      bench.last_paint_loading = now;
    }

  if (s != NULL && s->tick_at != 0)
    {
      double work = (now - s->tick_at) / 1000.0;

      double cpu = (main_thread_cpu_seconds () - s->tick_cpu) * 1000.0;

      g_array_append_val (s->work_ms, work);
      g_array_append_val (s->cpu_ms, cpu);
      if (s->last_paint != 0)
        {
          double interval = (now - s->last_paint) / 1000.0;

          g_array_append_val (s->interval_ms, interval);
        }
      s->last_paint = now;
      s->tick_at = 0;
    }
}

static gboolean
scroll_tick (GtkWidget     *widget,
             GdkFrameClock *clock,
             gpointer       user_data)
{
  Scroll *s = user_data;
  Scroll *scrolls = g_object_get_data (G_OBJECT (bench.window), "bench-scrolls");

  if (s->step >= s->n_steps)
    {
      bench.scroll = NULL;
      if (s == &scrolls[0])
        start_scroll ("entities", GTK_WIDGET (_khoji_window_get_entity_panel (bench.window)));
      else
        start_correction ();
      return G_SOURCE_REMOVE;
    }

  s->step++;
  s->tick_at = g_get_monotonic_time ();
  s->tick_cpu = main_thread_cpu_seconds ();
  gtk_adjustment_set_value (s->adjustment, gtk_adjustment_get_lower (s->adjustment) + s->step * s->step_size);
  return G_SOURCE_CONTINUE;
}

static void
start_scroll (const char *name,
              GtkWidget  *pane)
{
  Scroll *scrolls = g_object_get_data (G_OBJECT (bench.window), "bench-scrolls");
  Scroll *s = g_str_equal (name, "articles") ? &scrolls[0] : &scrolls[1];
  GtkScrolledWindow *scroller = find_scroller (pane);
  double range;

  g_assert_nonnull (scroller);
  s->name = name;
  s->adjustment = gtk_scrolled_window_get_vadjustment (scroller);
  range = gtk_adjustment_get_upper (s->adjustment) - gtk_adjustment_get_page_size (s->adjustment) -
          gtk_adjustment_get_lower (s->adjustment);
  s->step_size = bench.step_px > 0 ? MIN (bench.step_px, range / MAX (s->n_steps, 1) * s->n_steps)
                                    : range / MAX (s->n_steps, 1);
  s->work_ms = g_array_new (FALSE, FALSE, sizeof (double));
  s->interval_ms = g_array_new (FALSE, FALSE, sizeof (double));
  s->cpu_ms = g_array_new (FALSE, FALSE, sizeof (double));
  bench.scroll = s;
  gtk_widget_add_tick_callback (GTK_WIDGET (scroller), scroll_tick, s, NULL);
}

static gboolean
name_shown (void)
{
  GListModel *people = khoji_entity_panel_get_group_model (_khoji_window_get_entity_panel (bench.window),
                                                           KHOJI_ENTITY_PERSON);
  guint n = g_list_model_get_n_items (people);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KhojiEntity) entity = g_list_model_get_item (people, i);

      if (khoji_entity_get_id (entity) == bench.entity_id)
        return g_strcmp0 (khoji_entity_get_name (entity), bench.new_name) == 0;
    }
  return FALSE;
}

static gboolean
watch_correction (gpointer user_data)
{
  gint64 now = g_get_monotonic_time ();

  bench.correction_stall_ms = MAX (bench.correction_stall_ms, (now - bench.last_watch) / 1000.0);
  bench.last_watch = now;
  if (bench.correction_shown_ms == 0 && name_shown ())
    bench.correction_shown_ms = (now - bench.corrected_at) / 1000.0;
  if (now - bench.corrected_at < 20 * G_USEC_PER_SEC)
    return G_SOURCE_CONTINUE;
  g_main_loop_quit (bench.loop);
  return G_SOURCE_REMOVE;
}

static void
start_correction (void)
{
  GListModel *people = khoji_entity_panel_get_group_model (_khoji_window_get_entity_panel (bench.window),
                                                           KHOJI_ENTITY_PERSON);
  g_autoptr(KhojiEntity) first = g_list_model_get_item (people, 0);
  g_autoptr(GError) error = NULL;
  gint64 returned;

  bench.entity_id = khoji_entity_get_id (first);
  bench.new_name = g_strconcat (khoji_entity_get_name (first), " (2)", NULL);
  bench.corrected_at = g_get_monotonic_time ();
  if (!khoji_library_rename_entity (_khoji_window_get_library (bench.window), bench.entity_id,
                                    bench.new_name, &error))
    g_error ("bench-window: %s", error->message);
  returned = g_get_monotonic_time ();
  bench.correction_call_ms = (returned - bench.corrected_at) / 1000.0;
  bench.correction_stall_ms = bench.correction_call_ms;
  bench.last_watch = returned;
  g_timeout_add (5, watch_correction, NULL);
}

/* Only what the window showed before it loaded in the background too
 * (model counts), so that the same program times both. */
static gboolean
poll_loaded (gpointer user_data)
{
  gint64 now = g_get_monotonic_time ();

  /* Called every 5 ms when the main loop is free: a longer gap is a
   * stall of the main thread (a hand-over, the timeline's events). */
  if (bench.last_poll != 0)
    bench.longest_stall_ms = MAX (bench.longest_stall_ms, (now - bench.last_poll) / 1000.0);
  bench.last_poll = now;

  GListModel *articles = khoji_article_list_get_model (_khoji_window_get_article_list (bench.window));
  KhojiEntityPanel *panel = _khoji_window_get_entity_panel (bench.window);

  if (bench.lists_filled == 0 && g_list_model_get_n_items (articles) > 0 &&
      g_list_model_get_n_items (khoji_entity_panel_get_group_model (panel, KHOJI_ENTITY_PLACE)) > 0)
    {
      bench.lists_filled = g_get_monotonic_time ();
      bench.lists_filled_cpu = cpu_seconds ();
    }

  if (bench.first_frame == 0 || bench.lists_filled == 0 ||
      khoji_timeline_get_n_events (_khoji_window_get_timeline (bench.window)) == 0)
    return G_SOURCE_CONTINUE;

  bench.loaded = g_get_monotonic_time ();
  bench.loaded_cpu = cpu_seconds ();
  start_scroll ("articles", GTK_WIDGET (_khoji_window_get_article_list (bench.window)));
  return G_SOURCE_REMOVE;
}

static void
on_map (GtkWidget *widget,
        gpointer   user_data)
{
  bench.mapped_ms = ms_since_t0 (g_get_monotonic_time ());
}

static void
on_realize (GtkWidget *widget,
            gpointer   user_data)
{
  bench.realized_ms = ms_since_t0 (g_get_monotonic_time ());
  bench.clock = gtk_widget_get_frame_clock (widget);
  g_signal_connect (bench.clock, "after-paint", G_CALLBACK (on_after_paint), NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(KhojiApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  guint steps = 300;
  Scroll *scrolls;

  bench.t0 = process_start ();

  if (argc < 2)
    {
      g_printerr ("usage: bench-window LIBRARY.db [--steps N]\n");
      return 2;
    }
  for (int i = 2; i + 1 < argc; i += 2)
    {
      if (g_str_equal (argv[i], "--steps"))
        steps = (guint) g_ascii_strtoull (argv[i + 1], NULL, 10);
      else if (g_str_equal (argv[i], "--step-px"))
        bench.step_px = g_ascii_strtod (argv[i + 1], NULL);
    }

  gtk_init ();
  bench.gtk_init_ms = ms_since_t0 (g_get_monotonic_time ());
  adw_init ();

  app = khoji_application_new (argv[1]);
  g_application_set_flags (G_APPLICATION (app),
                           g_application_get_flags (G_APPLICATION (app)) | G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    {
      g_printerr ("bench-window: %s\n", error->message);
      return 1;
    }

  bench.registered_ms = ms_since_t0 (g_get_monotonic_time ());
  bench.window = khoji_window_new (app);
  bench.window_new_ms = ms_since_t0 (g_get_monotonic_time ());
  scrolls = g_new0 (Scroll, 2);
  scrolls[0].n_steps = scrolls[1].n_steps = steps;
  g_object_set_data_full (G_OBJECT (bench.window), "bench-scrolls", scrolls, g_free);
  g_signal_connect (bench.window, "realize", G_CALLBACK (on_realize), NULL);
  g_signal_connect (bench.window, "map", G_CALLBACK (on_map), NULL);
  gtk_window_set_default_size (GTK_WINDOW (bench.window), 1600, 1000);
  gtk_window_present (GTK_WINDOW (bench.window));

  g_timeout_add (5, poll_loaded, NULL);
  bench.loop = g_main_loop_new (NULL, FALSE);
  g_main_loop_run (bench.loop);

  print_results ();
  gtk_window_destroy (GTK_WINDOW (bench.window));
  g_main_loop_unref (bench.loop);
  return 0;
}
