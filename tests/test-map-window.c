/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-test-map-window"

#include "config.h"

#include <math.h>
#include <string.h>

#include <adwaita.h>

#include "khoji-analysis.h"
#include "khoji-application.h"
#include "khoji-article-list.h"
#include "khoji-entity-panel.h"
#include "khoji-library-network.h"
#include "khoji-map-view.h"
#include "khoji-window.h"
#include "khoji-window-private.h"
#include "khoji-world.h"
#include "khoji-test-ui.h"
#include "khoji-test-util.h"

/* The lower pane's map in the real window under Xvfb, on a library of the
 * sample articles: the places it draws are the library's, each inside its
 * country's outline as shipped, the places it cannot locate are listed
 * beside it, and a click on a dot selects that place everywhere. */

static struct {
  char             *dir;
  char             *db_path;
  char             *shot_dir;
  KhojiApplication *app;
  KhojiWindow      *window;
} fixture;

static gboolean
load_done (gpointer data)
{
  return !_khoji_window_is_loading (data) && !_khoji_window_is_reading (data) &&
         !_khoji_window_is_importing (data);
}

static gboolean
map_ready (gpointer data)
{
  return khoji_map_view_get_places (data) != NULL && !khoji_map_view_is_loading (data);
}

static void
wait_loaded (void)
{
  g_assert_true (khoji_test_spin_until (load_done, fixture.window, 60000));
  khoji_test_spin (20);
}

static void
save_png (GtkWidget  *widget,
          const char *name)
{
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;

  if (fixture.shot_dir == NULL)
    return;
  khoji_test_spin (500);
  texture = khoji_test_render_widget (widget);
  if (texture == NULL)
    return;
  path = g_build_filename (fixture.shot_dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

static void
open_window (void)
{
  g_autoptr(GError) error = NULL;

  fixture.app = khoji_application_new (fixture.db_path);
  g_application_set_flags (G_APPLICATION (fixture.app),
                           g_application_get_flags (G_APPLICATION (fixture.app)) | G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (fixture.app), NULL, &error);
  g_assert_no_error (error);
  fixture.window = g_object_ref (khoji_window_new (fixture.app));
  gtk_window_set_default_size (GTK_WINDOW (fixture.window), 1600, 1000);
  gtk_window_present (GTK_WINDOW (fixture.window));
  g_assert_true (khoji_test_spin_until (khoji_test_widget_mapped, fixture.window, 10000));
  wait_loaded ();
}

static void
import_seeds (void)
{
  g_autofree char *seeds = khoji_test_seeds_dir ();
  g_autoptr(GFile) dir = g_file_new_for_path (seeds);
  g_autoptr(GPtrArray) results = NULL;
  KhojiLibrary *library = _khoji_window_get_library (fixture.window);

  g_assert_nonnull (seeds);
  results = khoji_library_import_files (library, &dir, 1, NULL, NULL, NULL, NULL);
  g_assert_cmpuint (results->len, ==, 5);
  khoji_test_spin (200);
  wait_loaded ();
}

static KhojiMapView *
show_map (void)
{
  KhojiMapView *view = _khoji_window_get_map_view (fixture.window);

  g_assert_nonnull (view);
  gtk_paned_set_position (fixture.window->timeline_paned,
                          gtk_widget_get_height (GTK_WIDGET (fixture.window->timeline_paned)) - 420);
  _khoji_window_show_view (fixture.window, "map");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (view)));
  g_assert_true (khoji_test_spin_until (map_ready, view, 30000));
  /* After the stack's cross-fade. */
  khoji_test_spin (600);
  return view;
}

static int
place_named (const KhojiPlaces *places,
             const char        *name)
{
  for (guint i = 0; i < places->places->len; i++)
    if (g_str_equal (g_array_index (places->places, KhojiPlace, i).name, name))
      return (int) i;
  return -1;
}

/* The dot that holds place i alone, with where it is drawn. */
static gboolean
dot_of (KhojiMapView *view,
        int           place,
        double       *x,
        double       *y)
{
  for (guint d = 0; d < khoji_map_view_get_n_dots (view); d++)
    {
      guint n;
      int p;

      g_assert_true (khoji_map_view_get_dot (view, d, x, y, &n, &p));
      if (n == 1 && p == place)
        return TRUE;
    }
  return FALSE;
}

static void
test_places_in_countries (void)
{
  static const struct { const char *place, *country; } want[] = {
    { "मॉस्को", "Russia" },
    { "प्योंगयांग", "North Korea" },
    { "सियोल", "South Korea" },
    { "कुर्स्क", "Russia" },
  };
  const KhojiWorld *world = khoji_world_get ();
  KhojiLibrary *library;
  KhojiMapView *view;
  const KhojiPlaces *shown;
  g_autoptr(KhojiPlaces) expected = NULL;
  g_autoptr(GError) error = NULL;
  guint on_dots = 0, rows = 0;
  GtkWidget *row;

  open_window ();
  import_seeds ();
  library = _khoji_window_get_library (fixture.window);
  view = show_map ();

  /* Nothing selected: every place of the library, as it computes them. */
  shown = khoji_map_view_get_places (view);
  expected = khoji_library_places (library, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (shown->places->len, ==, expected->places->len);
  g_assert_cmpuint (shown->n_located, ==, expected->n_located);
  g_assert_cmpuint (shown->n_located, >=, 4);
  for (guint i = 0; i < expected->places->len; i++)
    {
      g_assert_cmpint (g_array_index (shown->places, KhojiPlace, i).id, ==,
                       g_array_index (expected->places, KhojiPlace, i).id);
      g_assert_cmpuint (g_array_index (shown->places, KhojiPlace, i).n_articles, ==,
                        g_array_index (expected->places, KhojiPlace, i).n_articles);
    }
  /* The dots hold every located place once; the rest are listed beside. */
  for (guint d = 0; d < khoji_map_view_get_n_dots (view); d++)
    {
      double x, y;
      guint n;
      int p;

      g_assert_true (khoji_map_view_get_dot (view, d, &x, &y, &n, &p));
      on_dots += n;
    }
  g_assert_cmpuint (on_dots, ==, expected->n_located);
  for (row = gtk_widget_get_first_child (GTK_WIDGET (_khoji_window_get_unlocated_list (fixture.window)));
       row; row = gtk_widget_get_next_sibling (row))
    rows++;
  g_assert_cmpuint (rows, ==, MIN (expected->places->len - expected->n_located, 300));
  save_png (GTK_WIDGET (fixture.window), "map.png");
  if (fixture.shot_dir)
    {
      adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
      khoji_test_spin (300);
      save_png (GTK_WIDGET (fixture.window), "map-dark.png");
      adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
    }

  /* Each inside its country's outline, as shipped: its coordinates, and
   * the dot where the view draws it, seen close enough to stand alone. */
  for (guint k = 0; k < G_N_ELEMENTS (want); k++)
    {
      int i = place_named (shown, want[k].place), country;
      const KhojiPlace *p;
      double x, y, lat, lon;

      g_assert_cmpint (i, >=, 0);
      p = &g_array_index (shown->places, KhojiPlace, i);
      g_assert_true (p->located);
      country = khoji_world_country_at (world, p->latitude, p->longitude);
      g_assert_cmpint (country, >=, 0);
      g_assert_cmpstr (g_array_index (world->countries, KhojiWorldCountry, country).name, ==, want[k].country);

      khoji_map_view_show_area (view, p->latitude - 1.5, p->longitude - 3, p->latitude + 1.5, p->longitude + 3);
      khoji_test_spin (30);
      g_assert_true (dot_of (view, i, &x, &y));
      g_assert_cmpfloat (x, >, 0);
      g_assert_cmpfloat (x, <, gtk_widget_get_width (GTK_WIDGET (view)));
      g_assert_cmpfloat (y, >, 0);
      g_assert_cmpfloat (y, <, gtk_widget_get_height (GTK_WIDGET (view)));
      khoji_map_view_to_world (view, x, y, &lat, &lon);
      country = khoji_world_country_at (world, lat, lon);
      g_assert_cmpint (country, >=, 0);
      g_assert_cmpstr (g_array_index (world->countries, KhojiWorldCountry, country).name, ==, want[k].country);
    }
  khoji_map_view_zoom_fit (view);
}

/* A click on a dot selects the place everywhere; the map follows the
 * selection: the places of that place's articles. */
static void
test_click_selects (void)
{
  KhojiMapView *view = _khoji_window_get_map_view (fixture.window);
  KhojiLibrary *library = _khoji_window_get_library (fixture.window);
  KhojiEntityPanel *panel = _khoji_window_get_entity_panel (fixture.window);
  GListModel *articles = khoji_article_list_get_model (_khoji_window_get_article_list (fixture.window));
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (view));
  g_autoptr(GArray) selected = NULL;
  g_autoptr(GArray) seoul_articles = NULL;
  g_autoptr(KhojiPlaces) expected = NULL;
  const KhojiPlaces *shown = khoji_map_view_get_places (view);
  int i = place_named (shown, "सियोल");
  const KhojiPlace *p;
  GtkGesture *click = NULL;
  gint64 seoul;
  double x, y;

  g_assert_cmpint (i, >=, 0);
  p = &g_array_index (shown->places, KhojiPlace, i);
  seoul = p->id;
  khoji_map_view_show_area (view, p->latitude - 2, p->longitude - 4, p->latitude + 2, p->longitude + 4);
  khoji_test_spin (30);
  g_assert_true (dot_of (view, i, &x, &y));
  for (guint k = 0; k < g_list_model_get_n_items (controllers); k++)
    {
      g_autoptr(GObject) c = g_list_model_get_item (controllers, k);

      if (GTK_IS_GESTURE_CLICK (c))
        click = GTK_GESTURE (c);
    }
  g_assert_nonnull (click);
  g_signal_emit_by_name (click, "released", 1, x, y);
  wait_loaded ();
  khoji_test_spin (200);
  wait_loaded ();

  selected = khoji_entity_panel_get_selected_ids (panel);
  g_assert_cmpuint (selected->len, ==, 1);
  g_assert_cmpint (g_array_index (selected, gint64, 0), ==, seoul);
  seoul_articles = khoji_library_articles_for_entity (library, seoul, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (articles), ==, seoul_articles->len);
  g_assert_cmpuint (seoul_articles->len, <, 5);

  g_assert_true (khoji_test_spin_until (map_ready, view, 30000));
  shown = khoji_map_view_get_places (view);
  expected = khoji_library_places (library, &seoul, 1, NULL);
  g_assert_cmpuint (shown->places->len, ==, expected->places->len);
  g_assert_cmpuint (shown->n_located, ==, expected->n_located);
  g_assert_cmpuint (shown->n_scope, ==, seoul_articles->len);
  i = place_named (shown, "सियोल");
  g_assert_cmpint (i, >=, 0);
  g_assert_true (g_array_index (shown->places, KhojiPlace, i).asked);
  save_png (GTK_WIDGET (fixture.window), "map-selected.png");

  khoji_entity_panel_unselect_all (panel);
  wait_loaded ();
  g_assert_true (khoji_test_spin_until (map_ready, view, 30000));
  g_assert_cmpuint (khoji_map_view_get_places (view)->n_scope, ==, 5);
}

/* Zoom from the world to a state of India, pan, fit; the keyboard moves
 * between dots. */
static void
test_zoom_pan (void)
{
  KhojiMapView *view = _khoji_window_get_map_view (fixture.window);
  double x0, y0, x1, y1, lat, lon;
  int width = gtk_widget_get_width (GTK_WIDGET (view));

  khoji_map_view_zoom_fit (view);
  khoji_map_view_show_area (view, -58, -180, 84, 180);
  g_assert_cmpfloat (khoji_map_view_get_zoom (view), <=, 1.1);
  /* Bihar, some 5 degrees across, fills most of the view's width. */
  khoji_map_view_show_area (view, 24.3, 83.3, 27.5, 88.3);
  g_assert_cmpfloat (khoji_map_view_get_zoom (view), >, 30);
  khoji_map_view_to_world (view, width / 2.0, gtk_widget_get_height (GTK_WIDGET (view)) / 2.0, &lat, &lon);
  g_assert_cmpstr (g_array_index (khoji_world_get ()->countries, KhojiWorldCountry,
                                  khoji_world_country_at (khoji_world_get (), lat, lon)).name, ==, "India");
  save_png (GTK_WIDGET (fixture.window), "map-bihar.png");
  khoji_map_view_to_screen (view, 25.6, 85.1, &x0, &y0);
  khoji_map_view_pan (view, 40, 10);
  khoji_map_view_to_screen (view, 25.6, 85.1, &x1, &y1);
  g_assert_cmpfloat_with_epsilon (x1 - x0, 40, 1e-6);
  g_assert_cmpfloat_with_epsilon (y1 - y0, 10, 1e-6);
  khoji_map_view_zoom_in (view);
  khoji_map_view_zoom_fit (view);
  g_assert_cmpfloat (khoji_map_view_get_zoom (view), <, 30);

  gtk_widget_grab_focus (GTK_WIDGET (view));
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (view)));
  g_assert_cmpuint (khoji_map_view_get_n_dots (view), >, 1);
}

static guint outlines_wanted;

static gboolean
outlines_drawn (gpointer data)
{
  return khoji_map_view_get_n_outlines (data) >= outlines_wanted;
}

/* Zoomed to a state of India, the borders between its states are drawn
 * (not at the world's scale); a town lies, where the map places it,
 * inside its own state's outline as shipped. */
static void
test_states (void)
{
  static const struct { const char *key, *state; } want[] = {
    { "place:patna", "IN-BR" },
    { "place:hyderabad", "IN-TG" },   /* in Telangana, not Andhra Pradesh */
    { "place:lucknow", "IN-UP" },
    { "place:bhopal", "IN-MP" },
    { "place:guwahati", "IN-AS" },
    { "place:kohima", "IN-NL" },
    { "place:panaji", "IN-GA" },
    { "place:leh", "IN-LA" },         /* Ladakh, a union territory since 2019 */
  };
  const KhojiWorld *world = khoji_world_get ();
  KhojiMapView *view = _khoji_window_get_map_view (fixture.window);
  double lat, lon, x, y, lat2, lon2;
  guint n;
  int s;

  g_assert_cmpuint (world->states->len, ==, 36);
  g_assert_cmpuint (world->borders->len, >, 36);
  for (guint k = 0; k < G_N_ELEMENTS (want); k++)
    {
      g_autofree char *msg = NULL;

      g_assert_true (khoji_gazetteer_locate (want[k].key, &lat, &lon));
      s = khoji_world_state_at (world, lat, lon);
      msg = g_strdup_printf ("%s at %.4f, %.4f: %s", want[k].key, lat, lon,
                             s >= 0 ? g_array_index (world->states, KhojiWorldState, s).code : "no state");
      g_test_message ("%s", msg);
      g_assert_cmpint (s, >=, 0);
      g_assert_cmpstr (g_array_index (world->states, KhojiWorldState, s).code, ==, want[k].state);
      /* And where the view puts it on screen, seen close. */
      khoji_map_view_show_area (view, lat - 1, lon - 2, lat + 1, lon + 2);
      khoji_map_view_to_screen (view, lat, lon, &x, &y);
      khoji_map_view_to_world (view, x, y, &lat2, &lon2);
      s = khoji_world_state_at (world, lat2, lon2);
      g_assert_cmpint (s, >=, 0);
      g_assert_cmpstr (g_array_index (world->states, KhojiWorldState, s).code, ==, want[k].state);
    }
  /* Off India: no state. */
  g_assert_cmpint (khoji_world_state_at (world, 55.75, 37.62), ==, -1);
  g_assert_cmpint (khoji_world_state_at (world, 15.0, 88.0), ==, -1);

  /* The whole world: no state borders. */
  khoji_map_view_zoom_fit (view);
  khoji_map_view_show_area (view, -58, -180, 84, 180);
  n = khoji_map_view_get_n_outlines (view);
  outlines_wanted = n + 1;
  gtk_widget_queue_draw (GTK_WIDGET (view));
  g_assert_true (khoji_test_spin_until (outlines_drawn, view, 10000));
  g_assert_cmpuint (khoji_map_view_get_n_borders (view), ==, 0);
  /* Bihar: its borders with Uttar Pradesh, Jharkhand and West Bengal. */
  khoji_map_view_show_area (view, 24.3, 83.3, 27.5, 88.3);
  outlines_wanted = khoji_map_view_get_n_outlines (view) + 1;
  gtk_widget_queue_draw (GTK_WIDGET (view));
  g_assert_true (khoji_test_spin_until (outlines_drawn, view, 10000));
  g_assert_cmpuint (khoji_map_view_get_n_borders (view), >=, 3);
  save_png (GTK_WIDGET (fixture.window), "map-bihar-states.png");
  /* India whole: every state's borders. */
  khoji_map_view_show_area (view, 7, 68, 36, 98);
  outlines_wanted = khoji_map_view_get_n_outlines (view) + 1;
  gtk_widget_queue_draw (GTK_WIDGET (view));
  g_assert_true (khoji_test_spin_until (outlines_drawn, view, 10000));
  g_assert_cmpuint (khoji_map_view_get_n_borders (view), >, 36);
  save_png (GTK_WIDGET (fixture.window), "map-india.png");
  if (fixture.shot_dir)
    {
      adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
      khoji_test_spin (300);
      save_png (GTK_WIDGET (fixture.window), "map-india-dark.png");
      adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
      khoji_test_spin (100);
    }
  khoji_map_view_zoom_fit (view);
}

static guint pictures_wanted;

static gboolean
pictures_drawn (gpointer data)
{
  return khoji_map_view_get_n_pictures (data) >= pictures_wanted;
}

/* The outline is rasterized once for a scale: a pan within the band
 * around the pane moves that picture, and what it shows is what drawing
 * the outline anew at the same place shows; a pan beyond the band, or
 * zooming once it stops, draws it again, and so does a pan past 3/8 of
 * the band, on a worker. */
static void
test_outline_reused (void)
{
  KhojiMapView *view = _khoji_window_get_map_view (fixture.window);
  g_autoptr(GBytes) moved = NULL, fresh = NULL;
  const guchar *a, *b;
  int width, height, w2, h2;
  guint n, differ = 0, inked = 0;

  khoji_map_view_show_area (view, 24.3, 83.3, 27.5, 88.3);
  khoji_test_spin (100);
  n = khoji_map_view_get_n_outlines (view);
  g_assert_cmpuint (n, >, 0);

  khoji_map_view_pan (view, 40, 10);
  khoji_test_spin (100);
  g_assert_cmpuint (khoji_map_view_get_n_outlines (view), ==, n);
  moved = khoji_test_render_pixels (GTK_WIDGET (view), &width, &height);
  g_assert_cmpuint (khoji_map_view_get_n_outlines (view), ==, n);

  /* Away past the band and back: drawn anew, at the same place. */
  khoji_map_view_pan (view, 600, 0);
  khoji_test_spin (100);
  g_assert_cmpuint (khoji_map_view_get_n_outlines (view), ==, n + 1);
  khoji_map_view_pan (view, -600, 0);
  khoji_test_spin (100);
  g_assert_cmpuint (khoji_map_view_get_n_outlines (view), ==, n + 2);
  fresh = khoji_test_render_pixels (GTK_WIDGET (view), &w2, &h2);
  g_assert_cmpint (w2, ==, width);
  g_assert_cmpint (h2, ==, height);
  a = g_bytes_get_data (moved, NULL);
  b = g_bytes_get_data (fresh, NULL);
  differ = khoji_test_count_differing (a, b, width, height, &inked);
  /* The borders of India, Nepal and Bangladesh are in the picture. */
  g_assert_cmpuint (inked, >, (guint) (width * height) / 4);
  g_assert_cmpuint (differ, ==, 0);

  /* Zoom steps: drawn sharp again once they stop. */
  khoji_map_view_zoom_in (view);
  khoji_map_view_zoom_in (view);
  outlines_wanted = n + 3;
  g_assert_true (khoji_test_spin_until (outlines_drawn, view, 10000));
  khoji_test_spin (100);
  n = khoji_map_view_get_n_outlines (view);
  khoji_test_spin (300);
  g_assert_cmpuint (khoji_map_view_get_n_outlines (view), ==, n);

  /* A pan that leaves less than 5/8 of the band on a side it heads to:
   * drawn again on a worker, further that way (the picture on screen
   * moved meanwhile), the same as one drawn at once where the pane is. */
  khoji_map_view_show_area (view, 24.3, 83.3, 27.5, 88.3);
  khoji_test_spin (100);
  n = khoji_map_view_get_n_pictures (view);
  khoji_map_view_pan (view, 100, 30);
  pictures_wanted = n + 1;
  g_assert_true (khoji_test_spin_until (pictures_drawn, view, 10000));
  khoji_test_spin (100);
  g_assert_cmpuint (khoji_map_view_get_n_pictures (view), ==, n + 1);
  g_clear_pointer (&moved, g_bytes_unref);
  g_clear_pointer (&fresh, g_bytes_unref);
  moved = khoji_test_render_pixels (GTK_WIDGET (view), &width, &height);
  khoji_map_view_pan (view, 600, 0);
  khoji_test_spin (100);
  khoji_map_view_pan (view, -600, 0);
  khoji_test_spin (100);
  fresh = khoji_test_render_pixels (GTK_WIDGET (view), &w2, &h2);
  g_assert_cmpint (w2, ==, width);
  g_assert_cmpint (h2, ==, height);
  differ = khoji_test_count_differing (g_bytes_get_data (moved, NULL), g_bytes_get_data (fresh, NULL),
                                       width, height, &inked);
  g_assert_cmpuint (inked, >, (guint) (width * height) / 4);
  g_assert_cmpuint (differ, ==, 0);
  khoji_map_view_zoom_fit (view);
}

/* Zoom steps scale the picture and leave the dots as they were gathered
 * (what the scaled picture shows); once they stop, the dots are gathered
 * for the new scale and the picture drawn again, once. Hovering over a
 * dot names it without drawing the picture again. */
static void
test_zoom_gathers_once (void)
{
  KhojiMapView *view = _khoji_window_get_map_view (fixture.window);
  guint n_world, pictures, n;
  double x, y;
  int place;

  khoji_map_view_show_area (view, -58, -180, 84, 180);
  khoji_test_spin (200);
  n_world = khoji_map_view_get_n_dots (view);
  pictures = khoji_map_view_get_n_pictures (view);
  g_assert_cmpuint (pictures, >, 0);
  /* Steps under way: the world's dots stay. */
  for (guint k = 0; k < 6; k++)
    {
      khoji_map_view_zoom_in (view);
      g_assert_cmpuint (khoji_map_view_get_n_dots (view), ==, n_world);
    }
  g_assert_cmpuint (khoji_map_view_get_n_pictures (view), ==, pictures);
  /* Stopped: drawn again once, with the places spread into more dots. */
  pictures_wanted = pictures + 1;
  g_assert_true (khoji_test_spin_until (pictures_drawn, view, 10000));
  khoji_test_spin (400);
  g_assert_cmpuint (khoji_map_view_get_n_pictures (view), ==, pictures + 1);
  g_assert_cmpuint (khoji_map_view_get_n_dots (view), >, n_world);

  /* Over a dot and off it: the picture stays. */
  pictures = khoji_map_view_get_n_pictures (view);
  for (guint d = 0; d < khoji_map_view_get_n_dots (view); d++)
    {
      g_assert_true (khoji_map_view_get_dot (view, d, &x, &y, &n, &place));
      if (x > 0 && y > 0 && x < gtk_widget_get_width (GTK_WIDGET (view)) &&
          y < gtk_widget_get_height (GTK_WIDGET (view)))
        break;
    }
  khoji_test_motion (GTK_WIDGET (view), x, y);
  g_assert_nonnull (gtk_widget_get_cursor (GTK_WIDGET (view)));
  g_assert_cmpstr (gdk_cursor_get_name (gtk_widget_get_cursor (GTK_WIDGET (view))), ==, "pointer");
  khoji_test_spin (100);
  khoji_test_motion (GTK_WIDGET (view), 1, 1);
  khoji_test_spin (100);
  g_assert_cmpuint (khoji_map_view_get_n_pictures (view), ==, pictures);
  khoji_map_view_zoom_fit (view);
}

/* The map is remembered: the setting says so. */
static void
test_remembered (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *view = g_settings_get_string (settings, "lower-view");

  g_assert_cmpstr (view, ==, "map");
  _khoji_window_show_view (fixture.window, "timeline");
  g_free (view);
  view = g_settings_get_string (settings, "lower-view");
  g_assert_cmpstr (view, ==, "timeline");
  gtk_window_destroy (GTK_WINDOW (fixture.window));
  g_clear_object (&fixture.window);
  khoji_test_spin (200);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  fixture.dir = g_dir_make_tmp ("khoji-map-window-XXXXXX", NULL);
  g_assert_nonnull (fixture.dir);
  fixture.db_path = g_build_filename (fixture.dir, "library.db", NULL);
  fixture.shot_dir = g_strdup (g_getenv ("KHOJI_SCREENSHOT_DIR"));

  g_test_add_func ("/khoji/map/places-in-countries", test_places_in_countries);
  g_test_add_func ("/khoji/map/click-selects", test_click_selects);
  g_test_add_func ("/khoji/map/zoom-pan", test_zoom_pan);
  g_test_add_func ("/khoji/map/zoom-gathers-once", test_zoom_gathers_once);
  g_test_add_func ("/khoji/map/outline-reused", test_outline_reused);
  g_test_add_func ("/khoji/map/states", test_states);
  g_test_add_func ("/khoji/map/remembered", test_remembered);
  ret = g_test_run ();

  g_clear_object (&fixture.app);
  khoji_test_remove_tree (fixture.dir);
  g_free (fixture.dir);
  g_free (fixture.db_path);
  g_free (fixture.shot_dir);
  return ret;
}
