/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-test-views-window"

#include "config.h"

#include <math.h>
#include <string.h>

#include <adwaita.h>

#include "khoji-application.h"
#include "khoji-compare.h"
#include "khoji-article-list.h"
#include "khoji-entity-panel.h"
#include "khoji-library-network.h"
#include "khoji-network-view.h"
#include "khoji-window.h"
#include "khoji-window-private.h"
#include "khoji-test-ui.h"
#include "khoji-test-util.h"

/* The lower pane's network view in the real window under Xvfb, on a
 * library of the sample articles: what it draws is what the library
 * computes, it follows the selection, and a click on a node selects that
 * entity everywhere. */

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
edge_read (gpointer data)
{
  return !khoji_network_view_get_reading_edge (data);
}

static gboolean
network_ready (gpointer data)
{
  KhojiNetworkView *view = data;

  return khoji_network_view_get_network (view) != NULL && !khoji_network_view_is_loading (view) &&
         khoji_network_view_is_settled (view);
}

static gboolean
network_unmapped (gpointer data)
{
  /* After the stack's cross-fade. */
  return !gtk_widget_get_mapped (data);
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
  /* Imported by the library itself: "changed" reloads the window. */
  results = khoji_library_import_files (library, &dir, 1, NULL, NULL, NULL, NULL);
  g_assert_cmpuint (results->len, ==, 5);
  khoji_test_spin (200);
  wait_loaded ();
}

static KhojiNetworkView *
show_network (void)
{
  KhojiNetworkView *view = _khoji_window_get_network_view (fixture.window);

  g_assert_nonnull (view);
  /* A lower pane of 420 pixels, as one drags it for the network. */
  gtk_paned_set_position (fixture.window->timeline_paned,
                          gtk_widget_get_height (GTK_WIDGET (fixture.window->timeline_paned)) - 420);
  _khoji_window_show_view (fixture.window, "network");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (view)));
  g_assert_true (khoji_test_spin_until (network_ready, view, 30000));
  khoji_test_spin (50);
  return view;
}

static void
test_network_counts (void)
{
  KhojiLibrary *library;
  KhojiNetworkView *view;
  const KhojiNetwork *shown;
  g_autoptr(KhojiNetwork) expected = NULL;
  g_autoptr(GError) error = NULL;
  int width, height;

  open_window ();
  import_seeds ();
  library = _khoji_window_get_library (fixture.window);
  view = show_network ();

  /* Nothing selected: the strongest 100 (fewer in the samples). */
  shown = khoji_network_view_get_network (view);
  expected = khoji_library_network (library, NULL, 0, khoji_network_view_get_limit (view), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (shown->nodes->len, >, 20);
  g_assert_cmpuint (shown->nodes->len, ==, expected->nodes->len);
  g_assert_cmpuint (shown->edges->len, ==, expected->edges->len);
  for (guint i = 0; i < expected->nodes->len; i++)
    g_assert_cmpint (g_array_index (shown->nodes, KhojiNetworkNode, i).id, ==,
                     g_array_index (expected->nodes, KhojiNetworkNode, i).id);
  /* Drawn: every node inside the view once settled, at most four
   * strongest ties per node. */
  g_assert_cmpuint (khoji_network_view_get_n_drawn_edges (view), >, 0);
  g_assert_cmpuint (khoji_network_view_get_n_drawn_edges (view), <=, 4 * shown->nodes->len);
  width = gtk_widget_get_width (GTK_WIDGET (view));
  height = gtk_widget_get_height (GTK_WIDGET (view));
  for (guint i = 0; i < shown->nodes->len; i++)
    {
      double x, y;

      g_assert_true (khoji_network_view_get_node_position (view, i, &x, &y));
      g_assert_cmpfloat (x, >=, 0);
      g_assert_cmpfloat (x, <=, width);
      g_assert_cmpfloat (y, >=, 0);
      g_assert_cmpfloat (y, <=, height);
    }
  save_png (GTK_WIDGET (fixture.window), "network.png");
  if (fixture.shot_dir)
    {
      adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
      khoji_test_spin (300);
      save_png (GTK_WIDGET (fixture.window), "network-dark.png");
      adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
    }

  /* A smaller size is a smaller graph. */
  khoji_network_view_set_limit (view, 10);
  g_assert_true (khoji_test_spin_until (network_ready, view, 30000));
  g_assert_cmpuint (khoji_network_view_get_network (view)->nodes->len, ==, 10);
  khoji_network_view_set_limit (view, KHOJI_NETWORK_VIEW_DEFAULT_LIMIT);
  g_assert_true (khoji_test_spin_until (network_ready, view, 30000));
}

static gboolean
network_by_sentences (gpointer data)
{
  KhojiNetworkView *view = data;

  return network_ready (view) && khoji_network_view_get_network (view)->weight == KHOJI_NETWORK_BY_SENTENCES;
}

static gboolean
network_by_articles (gpointer data)
{
  KhojiNetworkView *view = data;

  return network_ready (view) && khoji_network_view_get_network (view)->weight == KHOJI_NETWORK_BY_ARTICLES;
}

/* Preferences' switch: the edges count shared sentences, as the library
 * counts them, and fewer pairs share a sentence than an article. */
static void
test_network_weight (void)
{
  KhojiLibrary *library = _khoji_window_get_library (fixture.window);
  KhojiNetworkView *view = _khoji_window_get_network_view (fixture.window);
  GSettings *settings = fixture.window->settings;
  g_autoptr(KhojiNetwork) by_articles = NULL;
  g_autoptr(KhojiNetwork) expected = NULL;
  g_autoptr(GError) error = NULL;
  const KhojiNetwork *shown;
  guint heavier = 0;

  g_assert_nonnull (settings);
  g_assert_true (khoji_test_spin_until (network_by_articles, view, 30000));
  by_articles = khoji_library_network (library, NULL, 0, khoji_network_view_get_limit (view), &error);
  g_assert_no_error (error);

  g_settings_set_string (settings, "network-weight", "sentences");
  g_assert_true (khoji_test_spin_until (network_by_sentences, view, 30000));
  g_assert_cmpint (khoji_library_get_network_weight (library), ==, KHOJI_NETWORK_BY_SENTENCES);
  shown = khoji_network_view_get_network (view);
  expected = khoji_library_network (library, NULL, 0, khoji_network_view_get_limit (view), &error);
  g_assert_no_error (error);
  g_assert_cmpint (expected->weight, ==, KHOJI_NETWORK_BY_SENTENCES);
  /* The same nodes; the edges as the library weighs them. */
  g_assert_cmpuint (shown->nodes->len, ==, by_articles->nodes->len);
  g_assert_cmpuint (shown->edges->len, ==, expected->edges->len);
  g_assert_cmpuint (shown->edges->len, >, 0);
  g_assert_cmpuint (shown->edges->len, <, by_articles->edges->len);
  for (guint i = 0; i < expected->edges->len; i++)
    {
      KhojiNetworkEdge *a = &g_array_index (shown->edges, KhojiNetworkEdge, i);
      KhojiNetworkEdge *b = &g_array_index (expected->edges, KhojiNetworkEdge, i);

      g_assert_cmpuint (a->source, ==, b->source);
      g_assert_cmpuint (a->target, ==, b->target);
      g_assert_cmpuint (a->weight, ==, b->weight);
    }
  /* Some pair shares more sentences than articles: one article names
   * them together more than once. */
  for (guint i = 0; i < shown->edges->len; i++)
    {
      KhojiNetworkEdge *e = &g_array_index (shown->edges, KhojiNetworkEdge, i);

      for (guint k = 0; k < by_articles->edges->len; k++)
        {
          KhojiNetworkEdge *f = &g_array_index (by_articles->edges, KhojiNetworkEdge, k);

          if (f->source == e->source && f->target == e->target && e->weight > f->weight)
            heavier++;
        }
    }
  g_assert_cmpuint (heavier, >, 0);
  /* An edge's tooltip counts what its weight counts. */
  {
    KhojiNetworkEdge *e = &g_array_index (shown->edges, KhojiNetworkEdge, 0);
    g_autofree char *tip = khoji_network_view_dup_tooltip (view, -1, 0);
    g_autofree char *want = g_strdup_printf ("%s — %s: %u shared sentences",
                                             g_array_index (shown->nodes, KhojiNetworkNode, e->source).name,
                                             g_array_index (shown->nodes, KhojiNetworkNode, e->target).name,
                                             e->weight);

    g_assert_cmpuint (e->weight, >, 1);
    g_assert_cmpstr (tip, ==, want);
  }

  g_settings_set_string (settings, "network-weight", "articles");
  g_assert_true (khoji_test_spin_until (network_by_articles, view, 30000));
  g_assert_cmpuint (khoji_network_view_get_network (view)->edges->len, ==, by_articles->edges->len);
  {
    const KhojiNetwork *net = khoji_network_view_get_network (view);
    KhojiNetworkEdge *e = &g_array_index (net->edges, KhojiNetworkEdge, 0);
    g_autofree char *tip = khoji_network_view_dup_tooltip (view, -1, 0);
    g_autofree char *want = g_strdup_printf ("%s — %s: %u shared articles",
                                             g_array_index (net->nodes, KhojiNetworkNode, e->source).name,
                                             g_array_index (net->nodes, KhojiNetworkNode, e->target).name,
                                             e->weight);

    g_assert_cmpstr (tip, ==, want);
  }
}

static void close_columns (void);

static void
count_changed (guint *n)
{
  (*n)++;
}

static GtkWidget *
find_widget (GtkWidget *widget,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_widget (c, type);

      if (found)
        return found;
    }
  return NULL;
}

static gboolean
node_of (KhojiNetworkView *view,
         const char       *name,
         guint            *index)
{
  const KhojiNetwork *net = khoji_network_view_get_network (view);

  for (guint i = 0; i < net->nodes->len; i++)
    if (g_str_equal (g_array_index (net->nodes, KhojiNetworkNode, i).name, name))
      {
        *index = i;
        return TRUE;
      }
  return FALSE;
}

/* A click on a node selects the entity everywhere: the entity panel,
 * the article list, and the network shows its neighbourhood. */
static void
test_click_selects (void)
{
  KhojiNetworkView *view = _khoji_window_get_network_view (fixture.window);
  KhojiLibrary *library = _khoji_window_get_library (fixture.window);
  KhojiEntityPanel *panel = _khoji_window_get_entity_panel (fixture.window);
  GListModel *articles = khoji_article_list_get_model (_khoji_window_get_article_list (fixture.window));
  g_autoptr(GArray) selected = NULL;
  g_autoptr(GArray) kim_articles = NULL;
  g_autoptr(KhojiNetwork) expected = NULL;
  const KhojiNetwork *shown;
  gint64 kim;
  guint index = 0;
  double x, y;
  GtkGesture *click = NULL;
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (view));

  g_assert_true (node_of (view, "किम जोंग उन", &index));
  kim = g_array_index (khoji_network_view_get_network (view)->nodes, KhojiNetworkNode, index).id;
  g_assert_true (khoji_network_view_get_node_position (view, index, &x, &y));

  /* The click as the gesture reports it, at the node's place. */
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) c = g_list_model_get_item (controllers, i);

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
  g_assert_cmpint (g_array_index (selected, gint64, 0), ==, kim);
  kim_articles = khoji_library_articles_for_entity (library, kim, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (articles), ==, kim_articles->len);
  g_assert_cmpuint (kim_articles->len, <, 5);

  /* The network follows: his neighbourhood, as the library has it. */
  g_assert_true (khoji_test_spin_until (network_ready, view, 30000));
  shown = khoji_network_view_get_network (view);
  expected = khoji_library_network (library, &kim, 1, khoji_network_view_get_limit (view), NULL);
  g_assert_cmpint (g_array_index (shown->nodes, KhojiNetworkNode, 0).id, ==, kim);
  g_assert_true (g_array_index (shown->nodes, KhojiNetworkNode, 0).asked);
  g_assert_cmpuint (shown->nodes->len, ==, expected->nodes->len);
  g_assert_cmpuint (shown->edges->len, ==, expected->edges->len);
  save_png (GTK_WIDGET (fixture.window), "network-selected.png");

  /* A click on another node while one is selected: that entity alone,
   * the selection changed once (not emptied first, which showed the whole
   * library in between). */
  {
    guint other = 1, n_changed = 0;
    gint64 other_id;
    gulong handler;
    g_autoptr(GArray) now = NULL;

    g_assert_cmpuint (shown->nodes->len, >, 1);
    other_id = g_array_index (shown->nodes, KhojiNetworkNode, other).id;
    g_assert_true (khoji_network_view_get_node_position (view, other, &x, &y));
    handler = g_signal_connect_swapped (panel, "selection-changed", G_CALLBACK (count_changed), &n_changed);
    g_signal_emit_by_name (click, "released", 1, x, y);
    g_signal_handler_disconnect (panel, handler);
    g_assert_cmpuint (n_changed, ==, 1);
    wait_loaded ();
    now = khoji_entity_panel_get_selected_ids (panel);
    g_assert_cmpuint (now->len, ==, 1);
    g_assert_cmpint (g_array_index (now, gint64, 0), ==, other_id);
    g_assert_true (khoji_test_spin_until (network_ready, view, 30000));
    g_assert_cmpint (g_array_index (khoji_network_view_get_network (view)->nodes, KhojiNetworkNode, 0).id, ==, other_id);
    /* Back to Kim's neighbourhood for what follows. */
    khoji_entity_panel_select_entity (panel, kim);
    wait_loaded ();
    g_assert_true (khoji_test_spin_until (network_ready, view, 30000));
    shown = khoji_network_view_get_network (view);
    g_assert_cmpint (g_array_index (shown->nodes, KhojiNetworkNode, 0).id, ==, kim);
  }

  /* An edge's list names the articles the two share, newest import
   * first; choosing one opens it. */
  {
    const KhojiNetworkEdge *e = &g_array_index (shown->edges, KhojiNetworkEdge, 0);
    gint64 a = g_array_index (shown->nodes, KhojiNetworkNode, e->source).id;
    gint64 b = g_array_index (shown->nodes, KhojiNetworkNode, e->target).id;
    g_autoptr(GArray) of_a = khoji_library_articles_for_entity (library, a, NULL);
    g_autoptr(GArray) of_b = khoji_library_articles_for_entity (library, b, NULL);
    g_autoptr(GArray) both = g_array_new (FALSE, FALSE, sizeof (gint64));
    GtkWidget *popover = NULL, *list = NULL, *row;
    guint n_rows = 0;
    gint64 first = 0;

    for (guint i = 0; i < of_a->len; i++)
      for (guint k = 0; k < of_b->len; k++)
        if (g_array_index (of_a, gint64, i) == g_array_index (of_b, gint64, k))
          g_array_append_val (both, g_array_index (of_a, gint64, i));
    g_assert_cmpuint (both->len, ==, e->weight);
    g_assert_cmpuint (both->len, >, 0);

    /* Read on the library's thread, then shown. */
    khoji_network_view_activate_edge (view, 0);
    g_assert_true (khoji_network_view_get_reading_edge (view));
    g_assert_true (khoji_test_spin_until (edge_read, view, 30000));
    khoji_test_spin (100);
    for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (view)); c; c = gtk_widget_get_next_sibling (c))
      if (GTK_IS_POPOVER (c))
        popover = c;
    g_assert_nonnull (popover);
    g_assert_true (gtk_widget_get_visible (popover));
    list = find_widget (popover, GTK_TYPE_LIST_BOX);
    g_assert_nonnull (list);
    for (row = gtk_widget_get_first_child (list); row; row = gtk_widget_get_next_sibling (row))
      {
        gint64 *id = g_object_get_data (G_OBJECT (row), "article-id");
        gboolean found = FALSE;

        g_assert_nonnull (id);
        for (guint i = 0; i < both->len; i++)
          found |= g_array_index (both, gint64, i) == *id;
        g_assert_true (found);
        if (n_rows++ == 0)
          first = *id;
      }
    g_assert_cmpuint (n_rows, ==, both->len);
    g_signal_emit_by_name (list, "row-activated", gtk_widget_get_first_child (list));
    wait_loaded ();
    g_assert_nonnull (_khoji_window_get_column (fixture.window, first));
    g_assert_false (gtk_widget_get_visible (popover));
    close_columns ();
  }

  khoji_entity_panel_unselect_all (panel);
  wait_loaded ();
  g_assert_true (khoji_test_spin_until (network_ready, view, 30000));
  g_assert_false (g_array_index (khoji_network_view_get_network (view)->nodes, KhojiNetworkNode, 0).asked);
}

/* Arrows move the focus between nodes; zoom and pan keep it usable. */
static void
test_keyboard_zoom (void)
{
  KhojiNetworkView *view = _khoji_window_get_network_view (fixture.window);
  double x0, y0, x1, y1;

  gtk_widget_grab_focus (GTK_WIDGET (view));
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (view)));
  g_assert_true (khoji_network_view_get_node_position (view, 0, &x0, &y0));
  khoji_network_view_zoom_in (view);
  g_assert_cmpfloat (khoji_network_view_get_zoom (view), >, 1.2);
  khoji_network_view_pan (view, 40, 10);
  g_assert_true (khoji_network_view_get_node_position (view, 0, &x1, &y1));
  g_assert_cmpfloat (fabs (x1 - x0), >, 1);
  khoji_network_view_zoom_fit (view);
  g_assert_cmpfloat (khoji_network_view_get_zoom (view), ==, 1.0);
}

static guint pictures_wanted;

static gboolean
pictures_drawn (gpointer data)
{
  return khoji_network_view_get_n_pictures (data) >= pictures_wanted;
}

/* The edges and nodes are drawn once into a picture: a pan within its
 * band moves it, and what it shows is what drawing them anew at the same
 * place shows; a pan beyond the band or a zoom once it stops draws it
 * again, and so does a pan past half the band, on a worker; a hovered
 * node or edge does not: the lit edge is drawn over it. */
static void
test_picture_reused (void)
{
  KhojiNetworkView *view = _khoji_window_get_network_view (fixture.window);
  g_autoptr(GBytes) moved = NULL, fresh = NULL;
  const guchar *a, *b;
  int width, height, w2, h2;
  guint n, differ = 0, inked = 0;

  khoji_network_view_zoom_fit (view);
  g_assert_true (khoji_test_spin_until (network_ready, view, 30000));
  khoji_test_spin (100);
  n = khoji_network_view_get_n_pictures (view);
  g_assert_cmpuint (n, >, 0);

  khoji_network_view_pan (view, 40, 10);
  khoji_test_spin (100);
  g_assert_cmpuint (khoji_network_view_get_n_pictures (view), ==, n);
  moved = khoji_test_render_pixels (GTK_WIDGET (view), &width, &height);
  g_assert_cmpuint (khoji_network_view_get_n_pictures (view), ==, n);

  /* Away past the band and back: drawn anew, at the same place. */
  khoji_network_view_pan (view, 600, 0);
  khoji_test_spin (100);
  g_assert_cmpuint (khoji_network_view_get_n_pictures (view), ==, n + 1);
  khoji_network_view_pan (view, -600, 0);
  khoji_test_spin (100);
  g_assert_cmpuint (khoji_network_view_get_n_pictures (view), ==, n + 2);
  fresh = khoji_test_render_pixels (GTK_WIDGET (view), &w2, &h2);
  g_assert_cmpint (w2, ==, width);
  g_assert_cmpint (h2, ==, height);
  a = g_bytes_get_data (moved, NULL);
  b = g_bytes_get_data (fresh, NULL);
  differ = khoji_test_count_differing (a, b, width, height, &inked);
  /* Edges and nodes are in the picture, and the same. */
  g_assert_cmpuint (inked, >, (guint) (width * height) / 50);
  g_assert_cmpuint (differ, ==, 0);

  /* A pan past half the band on a side: drawn again on a worker around
   * where the pane is now (the picture on screen moved meanwhile), the
   * same as one drawn at once there. */
  n = khoji_network_view_get_n_pictures (view);
  khoji_network_view_pan (view, 100, 30);
  pictures_wanted = n + 1;
  g_assert_true (khoji_test_spin_until (pictures_drawn, view, 10000));
  khoji_test_spin (100);
  g_assert_cmpuint (khoji_network_view_get_n_pictures (view), ==, n + 1);
  g_clear_pointer (&moved, g_bytes_unref);
  g_clear_pointer (&fresh, g_bytes_unref);
  moved = khoji_test_render_pixels (GTK_WIDGET (view), &width, &height);
  khoji_network_view_pan (view, 600, 0);
  khoji_test_spin (100);
  khoji_network_view_pan (view, -600, 0);
  khoji_test_spin (100);
  fresh = khoji_test_render_pixels (GTK_WIDGET (view), &w2, &h2);
  g_assert_cmpint (w2, ==, width);
  g_assert_cmpint (h2, ==, height);
  differ = khoji_test_count_differing (g_bytes_get_data (moved, NULL), g_bytes_get_data (fresh, NULL),
                                       width, height, &inked);
  g_assert_cmpuint (inked, >, (guint) (width * height) / 50);
  g_assert_cmpuint (differ, ==, 0);

  /* Zoom steps: the picture scaled while they go on, drawn sharp once
   * they stop. */
  n = khoji_network_view_get_n_pictures (view);
  khoji_network_view_zoom_in (view);
  khoji_network_view_zoom_in (view);
  pictures_wanted = n + 1;
  g_assert_true (khoji_test_spin_until (pictures_drawn, view, 10000));
  khoji_test_spin (300);
  n = khoji_network_view_get_n_pictures (view);
  khoji_test_spin (300);
  g_assert_cmpuint (khoji_network_view_get_n_pictures (view), ==, n);
  khoji_network_view_zoom_fit (view);

  /* Over a node, over the middle of an edge, and off them: the picture
   * stays; the hovered edge is lit over it. */
  khoji_test_spin (300);
  n = khoji_network_view_get_n_pictures (view);
  {
    const KhojiNetwork *net = khoji_network_view_get_network (view);
    g_autoptr(GBytes) unlit = NULL, lit = NULL;
    double x0, y0, x1, y1, x, y;
    guint darker = 0;

    g_assert_true (khoji_network_view_get_node_position (view, 3, &x, &y));
    khoji_test_motion (GTK_WIDGET (view), x, y);
    khoji_test_spin (100);
    g_assert_nonnull (gtk_widget_get_cursor (GTK_WIDGET (view)));
    khoji_test_motion (GTK_WIDGET (view), 1, 1);
    khoji_test_spin (100);
    unlit = khoji_test_render_pixels (GTK_WIDGET (view), &width, &height);
    /* The strongest long edge away from the focused node (the first,
     * whose edges are lit already), hovered at its middle. */
    for (guint e = 0; e < net->edges->len; e++)
      {
        const KhojiNetworkEdge *edge = &g_array_index (net->edges, KhojiNetworkEdge, e);

        khoji_network_view_get_node_position (view, edge->source, &x0, &y0);
        khoji_network_view_get_node_position (view, edge->target, &x1, &y1);
        if (edge->source != 0 && edge->target != 0 && hypot (x1 - x0, y1 - y0) > 80)
          break;
      }
    x = (x0 + x1) / 2;
    y = (y0 + y1) / 2;
    khoji_test_motion (GTK_WIDGET (view), x, y);
    khoji_test_spin (100);
    g_assert_nonnull (gtk_widget_get_cursor (GTK_WIDGET (view)));
    lit = khoji_test_render_pixels (GTK_WIDGET (view), &w2, &h2);
    a = g_bytes_get_data (unlit, NULL);
    b = g_bytes_get_data (lit, NULL);
    /* Around the middle of the edge, more ink. */
    for (int py = MAX ((int) y - 3, 0); py <= MIN ((int) y + 3, height - 1); py++)
      for (int px = MAX ((int) x - 3, 0); px <= MIN ((int) x + 3, width - 1); px++)
        darker += b[(py * width + px) * 4 + 3] > a[(py * width + px) * 4 + 3] + 8;
    g_assert_cmpuint (darker, >, 0);
    khoji_test_motion (GTK_WIDGET (view), 1, 1);
    khoji_test_spin (100);
  }
  g_assert_cmpuint (khoji_network_view_get_n_pictures (view), ==, n);
}

/* ---- Two reading columns compared ---- */

static gint64
article_named (const char *prefix)
{
  KhojiLibrary *library = _khoji_window_get_library (fixture.window);
  g_autoptr(GPtrArray) articles = khoji_library_list_articles (library, NULL);

  for (guint i = 0; articles && i < articles->len; i++)
    {
      KhojiArticle *a = g_ptr_array_index (articles, i);
      g_autofree char *base = g_path_get_basename (khoji_article_get_path (a));

      if (g_str_has_prefix (base, prefix))
        return khoji_article_get_id (a);
    }
  g_error ("no article %s", prefix);
}

static gboolean
comparing (gpointer data)
{
  return _khoji_window_is_comparing (data) && !_khoji_window_is_reading (data);
}

static KhojiReadingColumn *
open_two (gint64 left,
          gint64 right)
{
  khoji_window_open_article (fixture.window, left);
  khoji_window_open_article (fixture.window, right);
  wait_loaded ();
  g_assert_cmpuint (_khoji_window_get_n_columns (fixture.window), ==, 2);
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (fixture.window), "compare"));
  g_assert_false (_khoji_window_is_comparing (fixture.window));
  /* Shift+Ctrl+C */
  g_action_group_activate_action (G_ACTION_GROUP (fixture.window), "compare", NULL);
  g_assert_true (khoji_test_spin_until (comparing, fixture.window, 30000));
  khoji_test_spin (100);
  return KHOJI_READING_COLUMN (_khoji_window_get_column (fixture.window, left));
}

static void
close_columns (void)
{
  GtkWidget *column;

  while ((column = gtk_widget_get_first_child (GTK_WIDGET (fixture.window->columns_box))) != NULL)
    _khoji_window_close_column (fixture.window, KHOJI_READING_COLUMN (column));
  khoji_test_spin (50);
  g_assert_false (_khoji_window_is_comparing (fixture.window));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (fixture.window), "compare"));
}

static gboolean
strv_has (char       **strv,
          const char  *text)
{
  for (guint i = 0; strv && strv[i]; i++)
    if (g_str_equal (strv[i], text))
      return TRUE;
  return FALSE;
}

/* The first two seeds, two reports of the sanctions monitoring team's
 * report: the sentences on Russia's veto are paired, the team's eleven
 * members are named only on the left and Putin and Pyongyang only on
 * the right, and scrolling one column brings the other to the partner. */
static void
test_compare_seeds (void)
{
  gint64 left_id = article_named ("000_"), right_id = article_named ("001_");
  KhojiReadingColumn *left = open_two (left_id, right_id);
  KhojiReadingColumn *right = KHOJI_READING_COLUMN (_khoji_window_get_column (fixture.window, right_id));
  const KhojiComparison *cmp = _khoji_window_get_comparison (fixture.window);
  g_auto(GStrv) left_pairs = khoji_reading_column_dup_marked (left, "pair");
  g_auto(GStrv) right_pairs = khoji_reading_column_dup_marked (right, "pair");
  g_auto(GStrv) left_only = khoji_reading_column_dup_marked (left, "only");
  g_auto(GStrv) right_only = khoji_reading_column_dup_marked (right, "only");
  g_auto(GStrv) left_shared = khoji_reading_column_dup_marked (left, "shared");
  g_auto(GStrv) left_differs = khoji_reading_column_dup_marked (left, "differs");
  g_auto(GStrv) right_differs = khoji_reading_column_dup_marked (right, "differs");
  const char *summary = _khoji_window_get_compare_summary (fixture.window);
  GtkAdjustment *ladj, *radj;
  int veto = -1;

  g_assert_nonnull (cmp);
  g_assert_cmpuint (cmp->pairs->len, ==, 8);
  g_assert_cmpuint (g_strv_length (left_pairs), ==, 8);
  g_assert_cmpuint (g_strv_length (right_pairs), ==, 8);
  /* The pair on the veto: each side's sentence speaks of it. */
  for (guint i = 0; i < cmp->pairs->len; i++)
    {
      KhojiComparePair *p = &g_array_index (cmp->pairs, KhojiComparePair, i);
      KhojiCompareSpan *l = &g_array_index (cmp->left_sentences, KhojiCompareSpan, p->left);
      KhojiCompareSpan *r = &g_array_index (cmp->right_sentences, KhojiCompareSpan, p->right);
      g_autofree char *ltext = khoji_library_get_article_text (_khoji_window_get_library (fixture.window), left_id, NULL);
      g_autofree char *rtext = khoji_library_get_article_text (_khoji_window_get_library (fixture.window), right_id, NULL);
      g_autofree char *ls = g_utf8_substring (ltext, l->start, l->end);
      g_autofree char *rs = g_utf8_substring (rtext, r->start, r->end);

      if (strstr (ls, "वीटो") && strstr (rs, "वीटो"))
        {
          veto = (int) i;
          g_assert_true (strv_has (left_pairs, ls));
          g_assert_true (strv_has (right_pairs, rs));
        }
    }
  g_assert_cmpint (veto, >=, 0);

  /* Named only on the left: the monitoring team's members; only on the
   * right: Putin, Pyongyang. Both: Russia, the UN. */
  g_assert_true (strv_has (left_only, "ऑस्ट्रेलिया"));
  g_assert_true (strv_has (left_only, "न्यूजीलैंड"));
  g_assert_false (strv_has (left_only, "रूस"));
  g_assert_true (strv_has (right_only, "पुतिन") || strv_has (right_only, "व्लादिमीर पुतिन"));
  g_assert_true (strv_has (right_only, "प्योंगयांग"));
  g_assert_true (strv_has (left_shared, "रूस"));
  g_assert_true (strv_has (left_shared, "संयुक्त राष्ट्र"));
  g_assert_nonnull (strstr (summary, "ऑस्ट्रेलिया"));
  g_assert_nonnull (strstr (summary, "प्योंगयांग"));
  /* The report came out on a Thursday says one, on a Friday the other. */
  g_assert_true (strv_has (left_differs, "गुरुवार"));
  g_assert_true (strv_has (right_differs, "शुक्रवार"));

  /* Scrolling the left column to a later pair brings the right one to
   * its partner. */
  ladj = khoji_reading_column_get_vadjustment (left);
  radj = khoji_reading_column_get_vadjustment (right);
  g_assert_cmpfloat (gtk_adjustment_get_upper (ladj), >, gtk_adjustment_get_page_size (ladj));
  {
    double lmax = gtk_adjustment_get_upper (ladj) - gtk_adjustment_get_page_size (ladj);
    double max = gtk_adjustment_get_upper (radj) - gtk_adjustment_get_page_size (radj);
    guint k = cmp->pairs->len - 1, ls, rs;
    double ly;

    /* The last pair the left column can scroll to the top. */
    while (k > 0 && khoji_reading_column_get_offset_y (left, g_array_index (cmp->left_sentences, KhojiCompareSpan,
                                                        g_array_index (cmp->pairs, KhojiComparePair, k).left).start) > lmax)
      k--;
    g_assert_cmpuint (k, >, 0);
    ls = g_array_index (cmp->left_sentences, KhojiCompareSpan, g_array_index (cmp->pairs, KhojiComparePair, k).left).start;
    rs = g_array_index (cmp->right_sentences, KhojiCompareSpan, g_array_index (cmp->pairs, KhojiComparePair, k).right).start;
    ly = khoji_reading_column_get_offset_y (left, ls);
    gtk_adjustment_set_value (ladj, ly);
    khoji_test_spin (50);
    g_assert_cmpint (_khoji_window_get_compare_pair (fixture.window), ==, (int) k);
    g_assert_cmpfloat (fabs (gtk_adjustment_get_value (radj) -
                             MIN (khoji_reading_column_get_offset_y (right, rs), max)), <, 2);
    {
      g_auto(GStrv) current = khoji_reading_column_dup_marked (right, "current");

      g_assert_cmpuint (g_strv_length (current), ==, 1);
    }
  }
  gtk_adjustment_set_value (ladj, 0);
  khoji_test_spin (50);

  save_png (GTK_WIDGET (fixture.window), "compare.png");
  if (fixture.shot_dir)
    {
      adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
      khoji_test_spin (300);
      save_png (GTK_WIDGET (fixture.window), "compare-dark.png");
      adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
    }

  /* Off again: no marks left. */
  g_action_group_activate_action (G_ACTION_GROUP (fixture.window), "compare", NULL);
  khoji_test_spin (50);
  {
    g_auto(GStrv) none = khoji_reading_column_dup_marked (left, "pair");

    g_assert_cmpuint (g_strv_length (none), ==, 0);
  }
  close_columns ();
}

/* Two short reports written for this: a figure (११,००० and 12,000) and
 * a weekday (बुधवार and गुरुवार, a day apart in the week of 14 March
 * 2025) differ and are marked; २५ and 25 are one number and are not. */
static void
test_compare_figures (void)
{
  g_autofree char *dir = g_build_filename (g_getenv ("KHOJI_SOURCE_ROOT"), "tests", "data", "compare", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autoptr(GPtrArray) results = NULL;
  KhojiLibrary *library = _khoji_window_get_library (fixture.window);
  KhojiReadingColumn *left, *right;
  gint64 left_id, right_id;
  g_auto(GStrv) left_differs = NULL, right_differs = NULL, left_only = NULL;
  int pair;

  results = khoji_library_import_files (library, &folder, 1, "2025-03-14", NULL, NULL, NULL);
  g_assert_cmpuint (results->len, ==, 2);
  khoji_test_spin (200);
  wait_loaded ();
  left_id = article_named ("left");
  right_id = article_named ("right");
  left = open_two (left_id, right_id);
  right = KHOJI_READING_COLUMN (_khoji_window_get_column (fixture.window, right_id));

  left_differs = khoji_reading_column_dup_marked (left, "differs");
  right_differs = khoji_reading_column_dup_marked (right, "differs");
  g_assert_cmpuint (g_strv_length (left_differs), ==, 2);
  g_assert_cmpstr (left_differs[0], ==, "बुधवार");
  g_assert_cmpstr (left_differs[1], ==, "११,०००");
  g_assert_cmpuint (g_strv_length (right_differs), ==, 2);
  g_assert_cmpstr (right_differs[0], ==, "गुरुवार");
  g_assert_cmpstr (right_differs[1], ==, "12,000");
  left_only = khoji_reading_column_dup_marked (left, "only");
  g_assert_true (strv_has (left_only, "विश्व बैंक"));

  /* F8: to the first pair with a difference, both columns at it. */
  g_action_group_activate_action (G_ACTION_GROUP (fixture.window), "compare-next", NULL);
  khoji_test_spin (50);
  pair = _khoji_window_get_compare_pair (fixture.window);
  g_assert_cmpint (pair, >=, 0);
  {
    g_auto(GStrv) lc = khoji_reading_column_dup_marked (left, "current");
    g_auto(GStrv) rc = khoji_reading_column_dup_marked (right, "current");

    g_assert_cmpuint (g_strv_length (lc), ==, 1);
    g_assert_nonnull (strstr (lc[0], "बुधवार"));
    g_assert_nonnull (strstr (rc[0], "गुरुवार"));
  }
  g_action_group_activate_action (G_ACTION_GROUP (fixture.window), "compare-next", NULL);
  khoji_test_spin (50);
  {
    g_auto(GStrv) lc = khoji_reading_column_dup_marked (left, "current");

    g_assert_nonnull (strstr (lc[0], "११,०००"));
  }
  save_png (GTK_WIDGET (fixture.window), "compare-figures.png");
  close_columns ();
}

/* The view is remembered: a new window opens on it. */
static void
test_remembered (void)
{
  KhojiWindow *window = g_steal_pointer (&fixture.window);
  KhojiLibrary *library = _khoji_window_get_library (window);

  /* GTK 4.8 keeps a closed window's tooltip timer, whose requery then
   * runs on the destroyed surface once the next window is open
   * ("assertion 'GDK_IS_SURFACE (surface)' failed"): the pointer, parked
   * outside every window (main), arms no such timer, and criticals stay
   * fatal here too. */
  g_object_ref (library);
  gtk_window_destroy (GTK_WINDOW (window));
  for (guint i = 0; i < 2000 && G_OBJECT (window)->ref_count > 1; i++)
    khoji_test_spin (10);
  g_assert_finalize_object (window);
  khoji_application_close_library (fixture.app);
  for (guint i = 0; i < 3000 && G_OBJECT (library)->ref_count > 1; i++)
    khoji_test_spin (10);
  g_assert_finalize_object (library);

  fixture.window = g_object_ref (khoji_window_new (fixture.app));
  gtk_window_set_default_size (GTK_WINDOW (fixture.window), 1600, 1000);
  gtk_window_present (GTK_WINDOW (fixture.window));
  g_assert_true (khoji_test_spin_until (khoji_test_widget_mapped, fixture.window, 10000));
  wait_loaded ();
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (_khoji_window_get_network_view (fixture.window))));
  g_assert_true (khoji_test_spin_until (network_ready, _khoji_window_get_network_view (fixture.window), 30000));
  _khoji_window_show_view (fixture.window, "timeline");
  g_assert_true (khoji_test_spin_until (network_unmapped, _khoji_window_get_network_view (fixture.window), 5000));

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
  khoji_test_park_pointer ();

  fixture.dir = g_dir_make_tmp ("khoji-views-window-XXXXXX", NULL);
  g_assert_nonnull (fixture.dir);
  fixture.db_path = g_build_filename (fixture.dir, "library.db", NULL);
  fixture.shot_dir = g_strdup (g_getenv ("KHOJI_SCREENSHOT_DIR"));

  g_test_add_func ("/khoji/views/network-counts", test_network_counts);
  g_test_add_func ("/khoji/views/network-weight", test_network_weight);
  g_test_add_func ("/khoji/views/click-selects", test_click_selects);
  g_test_add_func ("/khoji/views/keyboard-zoom", test_keyboard_zoom);
  g_test_add_func ("/khoji/views/picture-reused", test_picture_reused);
  g_test_add_func ("/khoji/views/compare-seeds", test_compare_seeds);
  g_test_add_func ("/khoji/views/compare-figures", test_compare_figures);
  g_test_add_func ("/khoji/views/remembered", test_remembered);
  ret = g_test_run ();

  g_clear_object (&fixture.app);
  khoji_test_remove_tree (fixture.dir);
  g_free (fixture.dir);
  g_free (fixture.db_path);
  g_free (fixture.shot_dir);
  return ret;
}
