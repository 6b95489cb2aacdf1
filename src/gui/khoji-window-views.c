/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-window"

#include "config.h"

#include <glib/gi18n.h>

#include "khoji-map-view.h"
#include "khoji-library-network.h"
#include "khoji-network-view.h"
#include "khoji-window-private.h"

/* The lower pane's views: the timeline, as the window's template has it,
 * the network of entities and the map of places beside it, one at a time
 * behind a switcher in the pane's toolbar (remembered in the "lower-view"
 * setting). The network and the map follow the entity panel's selection
 * and the library's changes, read only while they are shown. Beside the
 * map, a list of the places the gazetteer cannot locate. */

struct _KhojiWindowViews {
  KhojiWindow      *window;        /* not a reference: the window owns this */
  GtkStack         *stack;
  KhojiNetworkView *network;
  GtkWidget        *timeline_items[4];   /* the timeline's label and zoom buttons */
  GtkWidget        *network_bar;
  GtkLabel         *network_label;
  GtkSpinButton    *size_button;
  GtkWidget        *timeline_toggle;
  GtkWidget        *network_toggle;
  gboolean          dirty;         /* the library or the selection changed while hidden */
  KhojiMapView     *map;
  GtkWidget        *map_page;
  GtkWidget        *map_bar;
  GtkLabel         *map_label;
  GtkListBox       *unlocated;
  GtkWidget        *map_toggle;
  gboolean          map_dirty;
  GSettings        *settings;      /* the window's, for the handler below */
  gulong            weight_handler;
};
typedef KhojiWindowViews Views;

static Views *
views_of (KhojiWindow *self)
{
  return self->views;
}

static gboolean
network_shown (Views *v)
{
  return g_str_equal (gtk_stack_get_visible_child_name (v->stack), "network");
}

static gboolean
map_shown (Views *v)
{
  return g_str_equal (gtk_stack_get_visible_child_name (v->stack), "map");
}

static void
update_map (Views    *v,
            gboolean  reload)
{
  g_autoptr(GArray) ids = NULL;

  if (!map_shown (v))
    {
      v->map_dirty = TRUE;
      return;
    }
  v->map_dirty = FALSE;
  ids = khoji_entity_panel_get_selected_ids (_khoji_window_get_entity_panel (v->window));
  if (!khoji_map_view_set_selection (v->map, ids) && reload)
    khoji_map_view_reload (v->map);
}

/* The network shows the panel's selection; `reload`: read it again even
 * when the selection is the same (the library changed meanwhile). */
static void
update_network (Views    *v,
                gboolean  reload)
{
  g_autoptr(GArray) ids = NULL;

  if (!network_shown (v))
    {
      v->dirty = TRUE;
      return;
    }
  v->dirty = FALSE;
  ids = khoji_entity_panel_get_selected_ids (_khoji_window_get_entity_panel (v->window));
  if (!khoji_network_view_set_selection (v->network, ids) && reload)
    khoji_network_view_reload (v->network);
}

/* What the network's edges count, from the settings (Preferences). */
static void
apply_weight (Views *v)
{
  KhojiWindow *self = v->window;
  gboolean sentences;

  if (self->library == NULL || self->settings == NULL)
    return;
  sentences = g_str_equal (g_settings_get_string (self->settings, "network-weight"), "sentences");
  khoji_library_set_network_weight (self->library, sentences ? KHOJI_NETWORK_BY_SENTENCES
                                                             : KHOJI_NETWORK_BY_ARTICLES);
}

static void
on_weight_changed (GSettings  *settings,
                   const char *key,
                   Views      *v)
{
  apply_weight (v);
  update_network (v, TRUE);
}

static void
follow_weight (Views *v)
{
  v->settings = g_object_ref (v->window->settings);
  v->weight_handler = g_signal_connect (v->settings, "changed::network-weight",
                                        G_CALLBACK (on_weight_changed), v);
}

static void
on_selection_changed (KhojiEntityPanel *panel,
                      Views            *v)
{
  update_network (v, FALSE);
  update_map (v, FALSE);
}

static void
on_library_changed (KhojiLibrary *library,
                    KhojiWindow  *window)
{
  Views *v = views_of (window);

  if (v == NULL)
    return;
  if (network_shown (v))
    khoji_network_view_reload (v->network);
  else
    v->dirty = TRUE;
  if (map_shown (v))
    khoji_map_view_reload (v->map);
  else
    v->map_dirty = TRUE;
}

static void
on_unlocated_activated (GtkListBox    *box,
                        GtkListBoxRow *row,
                        Views         *v)
{
  gint64 *id = g_object_get_data (G_OBJECT (row), "entity-id");
  KhojiEntityPanel *panel = _khoji_window_get_entity_panel (v->window);

  if (id == NULL)
    return;
  khoji_entity_panel_select_entity (panel, *id);
}

/* The places the map cannot draw, the most articles first: listed, not
 * guessed. A few hundred at most; the label counts them all. */
static void
update_unlocated (Views *v)
{
  const KhojiPlaces *places = khoji_map_view_get_places (v->map);
  GtkWidget *child;
  guint shown = 0, n_unlocated;
  g_autofree char *text = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (v->unlocated))))
    gtk_list_box_remove (v->unlocated, child);
  if (places == NULL)
    return;
  n_unlocated = places->places->len - places->n_located;
  for (guint i = 0; i < places->places->len && shown < 300; i++)
    {
      const KhojiPlace *p = &g_array_index (places->places, KhojiPlace, i);
      g_autofree char *line = NULL;
      GtkWidget *label, *row;

      if (p->located)
        continue;
      line = g_strdup_printf ("%s · %u", p->name, p->n_articles);
      label = gtk_label_new (line);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_widget_set_tooltip_text (label, p->latin);
      row = gtk_list_box_row_new ();
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
      g_object_set_data_full (G_OBJECT (row), "entity-id", g_memdup2 (&p->id, sizeof p->id), g_free);
      gtk_list_box_append (v->unlocated, row);
      shown++;
    }
  /* Translators: the map view's toolbar: places drawn, and those listed beside it that the gazetteer cannot locate */
  text = g_strdup_printf (_("%u places on the map, %u not located"), places->n_located, n_unlocated);
  gtk_label_set_text (v->map_label, text);
}

static void
on_map_loaded (KhojiMapView *view,
               Views        *v)
{
  update_unlocated (v);
}

static void
update_network_label (Views *v)
{
  const KhojiNetwork *net = khoji_network_view_get_network (v->network);
  g_autofree char *text = NULL;

  if (net == NULL)
    return;
  /* Translators: the network view's toolbar: entities (nodes), then the pairs of them that share articles */
  text = g_strdup_printf (_("%u entities, %u connections"), net->nodes->len, net->edges->len);
  gtk_label_set_text (v->network_label, text);
}

static void
on_network_loaded (KhojiNetworkView *view,
                   Views            *v)
{
  update_network_label (v);
}

static void
on_entity_activated (KhojiNetworkView *view,
                     gint64            entity_id,
                     Views            *v)
{
  KhojiEntityPanel *panel = _khoji_window_get_entity_panel (v->window);

  /* The entity alone, in one change of the selection: emptying it first
   * showed the whole library in between (the article list, the timeline
   * and this view read again, then at once read again). */
  khoji_entity_panel_select_entity (panel, entity_id);
}

static void
on_article_activated (KhojiNetworkView *view,
                      gint64            article_id,
                      Views            *v)
{
  khoji_window_open_article (v->window, article_id);
}

static void
show_view (Views      *v,
           const char *name)
{
  gboolean network = g_str_equal (name, "network"), map = g_str_equal (name, "map");

  gtk_stack_set_visible_child_name (v->stack, network || map ? name : "timeline");
  for (guint i = 0; i < G_N_ELEMENTS (v->timeline_items); i++)
    if (v->timeline_items[i])
      gtk_widget_set_visible (v->timeline_items[i], !network && !map);
  gtk_widget_set_visible (v->network_bar, network);
  gtk_widget_set_visible (v->map_bar, map);
  if (network && (v->dirty || (khoji_network_view_get_network (v->network) == NULL &&
                               !khoji_network_view_is_loading (v->network))))
    update_network (v, TRUE);
  if (map && (v->map_dirty || (khoji_map_view_get_places (v->map) == NULL &&
                               !khoji_map_view_is_loading (v->map))))
    update_map (v, TRUE);
}

static void
on_toggle (GtkToggleButton *button,
           Views           *v)
{
  const char *name = GTK_WIDGET (button) == v->network_toggle ? "network"
                     : GTK_WIDGET (button) == v->map_toggle ? "map" : "timeline";
  GSettings *settings = v->window->settings;

  if (!gtk_toggle_button_get_active (button))
    return;
  show_view (v, name);
  if (settings)
    {
      g_autofree char *shown = g_settings_get_string (settings, "lower-view");

      if (!g_str_equal (shown, name))
        g_settings_set_string (settings, "lower-view", name);
    }
}

static void
on_size_changed (GtkSpinButton *button,
                 Views         *v)
{
  khoji_network_view_set_limit (v->network, (guint) gtk_spin_button_get_value_as_int (button));
}

/* Folding the lower pane folds whichever view it shows. */
static void
on_timeline_visible (GtkWidget  *timeline_stack,
                     GParamSpec *pspec,
                     Views      *v)
{
  gtk_widget_set_visible (GTK_WIDGET (v->stack), gtk_widget_get_visible (timeline_stack));
}

static GtkWidget *
flat_button (const char *icon,
             const char *tooltip)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_add_css_class (button, "flat");
  return button;
}

static void
on_map_entity_activated (KhojiMapView *view,
                         gint64        entity_id,
                         Views        *v)
{
  KhojiEntityPanel *panel = _khoji_window_get_entity_panel (v->window);

  /* The entity alone, in one change of the selection: emptying it first
   * showed the whole library in between (the article list, the timeline
   * and this view read again, then at once read again). */
  khoji_entity_panel_select_entity (panel, entity_id);
}

/* The map, and beside it the places it cannot draw. */
static void
build_map_page (Views *v)
{
  GtkWidget *side, *heading, *scrolled;

  v->map_page = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  v->map = KHOJI_MAP_VIEW (khoji_map_view_new ());
  gtk_widget_set_hexpand (GTK_WIDGET (v->map), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (v->map), TRUE);
  gtk_box_append (GTK_BOX (v->map_page), GTK_WIDGET (v->map));
  gtk_box_append (GTK_BOX (v->map_page), gtk_separator_new (GTK_ORIENTATION_VERTICAL));

  side = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_size_request (side, 150, -1);
  heading = gtk_label_new (_("Not on the Map"));
  gtk_widget_set_tooltip_text (heading, _("Places the gazetteer cannot locate: listed, not guessed"));
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "heading");
  gtk_widget_set_margin_start (heading, 8);
  gtk_widget_set_margin_top (heading, 4);
  gtk_widget_set_margin_bottom (heading, 4);
  gtk_box_append (GTK_BOX (side), heading);
  v->unlocated = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_widget_add_css_class (GTK_WIDGET (v->unlocated), "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (v->unlocated), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Not on the Map"), -1);
  g_signal_connect (v->unlocated, "row-activated", G_CALLBACK (on_unlocated_activated), v);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (v->unlocated));
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (side), scrolled);
  gtk_box_append (GTK_BOX (v->map_page), side);
}

static void
build_map_bar (Views *v)
{
  GtkWidget *button;

  v->map_bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_hexpand (v->map_bar, TRUE);
  v->map_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (v->map_label, 0);
  gtk_label_set_ellipsize (v->map_label, PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (GTK_WIDGET (v->map_label), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (v->map_label), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (v->map_label), "caption");
  gtk_box_append (GTK_BOX (v->map_bar), GTK_WIDGET (v->map_label));
  button = flat_button ("zoom-out-symbolic", _("Zoom Out (−)"));
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (khoji_map_view_zoom_out), v->map);
  gtk_box_append (GTK_BOX (v->map_bar), button);
  button = flat_button ("zoom-in-symbolic", _("Zoom In (+)"));
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (khoji_map_view_zoom_in), v->map);
  gtk_box_append (GTK_BOX (v->map_bar), button);
  button = flat_button ("zoom-fit-best-symbolic", _("Show Every Place (0)"));
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (khoji_map_view_zoom_fit), v->map);
  gtk_box_append (GTK_BOX (v->map_bar), button);
}

void
_khoji_window_views_free (KhojiWindowViews *v)
{
  if (v == NULL)
    return;
  if (v->settings)
    g_clear_signal_handler (&v->weight_handler, v->settings);
  g_clear_object (&v->settings);
  g_free (v);
}

/* Called when the window has its library (again, after an upgrade). */
void
_khoji_window_init_views (KhojiWindow *self)
{
  Views *v = views_of (self);
  GtkWidget *box = self->timeline_box;
  GtkWidget *toolbar = gtk_widget_get_first_child (box);
  GtkWidget *heading = gtk_widget_get_first_child (toolbar);
  GtkWidget *switcher, *child, *button, *page;
  guint k = 0;

  if (v != NULL)
    {
      if (self->library)
        {
          apply_weight (v);
          khoji_network_view_set_library (v->network, self->library);
          khoji_map_view_set_library (v->map, self->library);
          g_signal_connect_object (self->library, "changed", G_CALLBACK (on_library_changed), self, 0);
        }
      return;
    }
  v = g_new0 (Views, 1);
  v->window = self;
  self->views = v;

  /* The timeline's stack moves into a stack of views. */
  v->stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_set_transition_type (v->stack, GTK_STACK_TRANSITION_TYPE_CROSSFADE);
  gtk_widget_set_vexpand (GTK_WIDGET (v->stack), TRUE);
  /* In a box of its own: folding the pane hides the timeline's stack,
   * and a stack whose page is hidden would show the next one. */
  page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  g_object_ref (self->timeline_stack);
  gtk_box_remove (GTK_BOX (box), GTK_WIDGET (self->timeline_stack));
  gtk_box_append (GTK_BOX (page), GTK_WIDGET (self->timeline_stack));
  g_object_unref (self->timeline_stack);
  gtk_stack_add_named (v->stack, page, "timeline");
  g_signal_connect (self->timeline_stack, "notify::visible", G_CALLBACK (on_timeline_visible), v);
  v->network = KHOJI_NETWORK_VIEW (khoji_network_view_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (v->network), TRUE);
  gtk_stack_add_named (v->stack, GTK_WIDGET (v->network), "network");
  build_map_page (v);
  gtk_stack_add_named (v->stack, v->map_page, "map");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (v->stack));

  /* The switcher takes the heading's place. */
  switcher = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_add_css_class (switcher, "linked");
  /* Icons, named in their tooltips and to assistive technologies: the
   * toolbar must fit a window of 360 pixels. */
  v->timeline_toggle = gtk_toggle_button_new ();
  gtk_button_set_icon_name (GTK_BUTTON (v->timeline_toggle), "x-office-calendar-symbolic");
  gtk_widget_set_tooltip_text (v->timeline_toggle, _("Timeline"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (v->timeline_toggle), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Timeline"), -1);
  v->network_toggle = gtk_toggle_button_new ();
  gtk_button_set_icon_name (GTK_BUTTON (v->network_toggle), "network-workgroup-symbolic");
  gtk_widget_set_tooltip_text (v->network_toggle, _("Network: who appears with whom"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (v->network_toggle), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Network"), -1);
  gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (v->network_toggle), GTK_TOGGLE_BUTTON (v->timeline_toggle));
  v->map_toggle = gtk_toggle_button_new ();
  gtk_button_set_icon_name (GTK_BUTTON (v->map_toggle), "mark-location-symbolic");
  gtk_widget_set_tooltip_text (v->map_toggle, _("Map: where things happen"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (v->map_toggle), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Map"), -1);
  gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (v->map_toggle), GTK_TOGGLE_BUTTON (v->timeline_toggle));
  gtk_box_append (GTK_BOX (switcher), v->timeline_toggle);
  gtk_box_append (GTK_BOX (switcher), v->network_toggle);
  gtk_box_append (GTK_BOX (switcher), v->map_toggle);
  gtk_box_insert_child_after (GTK_BOX (toolbar), switcher, NULL);
  if (GTK_IS_LABEL (heading))
    gtk_widget_set_visible (heading, FALSE);

  /* The timeline's own label and zoom buttons give way to the network's. */
  for (child = gtk_widget_get_first_child (toolbar); child; child = gtk_widget_get_next_sibling (child))
    if ((child == GTK_WIDGET (self->timeline_label) || GTK_IS_BUTTON (child)) &&
        child != self->timeline_fold_button && !GTK_IS_TOGGLE_BUTTON (child) &&
        k < G_N_ELEMENTS (v->timeline_items))
      v->timeline_items[k++] = child;

  v->network_bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_hexpand (v->network_bar, TRUE);
  v->network_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (v->network_label, 0);
  gtk_label_set_ellipsize (v->network_label, PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (GTK_WIDGET (v->network_label), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (v->network_label), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (v->network_label), "caption");
  gtk_box_append (GTK_BOX (v->network_bar), GTK_WIDGET (v->network_label));
  v->size_button = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (10, KHOJI_NETWORK_MAX_NODES, 10));
  gtk_widget_set_tooltip_text (GTK_WIDGET (v->size_button), _("How many entities the network shows"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (v->size_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Entities shown"), -1);
  gtk_widget_set_valign (GTK_WIDGET (v->size_button), GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (v->network_bar), GTK_WIDGET (v->size_button));
  button = flat_button ("zoom-out-symbolic", _("Zoom Out (−)"));
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (khoji_network_view_zoom_out), v->network);
  gtk_box_append (GTK_BOX (v->network_bar), button);
  button = flat_button ("zoom-in-symbolic", _("Zoom In (+)"));
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (khoji_network_view_zoom_in), v->network);
  gtk_box_append (GTK_BOX (v->network_bar), button);
  button = flat_button ("zoom-fit-best-symbolic", _("Show the Whole Network (0)"));
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (khoji_network_view_zoom_fit), v->network);
  gtk_box_append (GTK_BOX (v->network_bar), button);
  gtk_box_insert_child_after (GTK_BOX (toolbar), v->network_bar, GTK_WIDGET (self->timeline_label));
  gtk_widget_set_visible (v->network_bar, FALSE);
  build_map_bar (v);
  gtk_box_insert_child_after (GTK_BOX (toolbar), v->map_bar, v->network_bar);
  gtk_widget_set_visible (v->map_bar, FALSE);

  g_signal_connect (v->network, "loaded", G_CALLBACK (on_network_loaded), v);
  g_signal_connect (v->network, "entity-activated", G_CALLBACK (on_entity_activated), v);
  g_signal_connect (v->network, "article-activated", G_CALLBACK (on_article_activated), v);
  g_signal_connect (self->entity_panel, "selection-changed", G_CALLBACK (on_selection_changed), v);
  g_signal_connect (v->timeline_toggle, "toggled", G_CALLBACK (on_toggle), v);
  g_signal_connect (v->network_toggle, "toggled", G_CALLBACK (on_toggle), v);
  g_signal_connect (v->map_toggle, "toggled", G_CALLBACK (on_toggle), v);
  g_signal_connect (v->map, "loaded", G_CALLBACK (on_map_loaded), v);
  g_signal_connect (v->map, "entity-activated", G_CALLBACK (on_map_entity_activated), v);

  if (self->settings)
    {
      g_settings_bind (self->settings, "network-size", v->size_button, "value", G_SETTINGS_BIND_DEFAULT);
      khoji_network_view_set_limit (v->network, (guint) g_settings_get_int (self->settings, "network-size"));
      follow_weight (v);
    }
  g_signal_connect (v->size_button, "value-changed", G_CALLBACK (on_size_changed), v);
  if (self->library)
    {
      apply_weight (v);
      khoji_network_view_set_library (v->network, self->library);
      khoji_map_view_set_library (v->map, self->library);
      g_signal_connect_object (self->library, "changed", G_CALLBACK (on_library_changed), self, 0);
    }
  v->dirty = TRUE;
  v->map_dirty = TRUE;

  {
    g_autofree char *view = self->settings ? g_settings_get_string (self->settings, "lower-view") : NULL;

    if (g_strcmp0 (view, "network") == 0)
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (v->network_toggle), TRUE);
    else if (g_strcmp0 (view, "map") == 0)
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (v->map_toggle), TRUE);
    else
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (v->timeline_toggle), TRUE);
  }
}

KhojiMapView *
_khoji_window_get_map_view (KhojiWindow *self)
{
  Views *v = views_of (self);

  return v ? v->map : NULL;
}

GtkListBox *
_khoji_window_get_unlocated_list (KhojiWindow *self)
{
  Views *v = views_of (self);

  return v ? v->unlocated : NULL;
}

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

/* The window's entity list arrived (of KhojiEntity): its strongest
 * entities, in the order the library ranks them (articles, mentions,
 * id; hidden ones and those no article names left out), are what the
 * network shows with nothing selected. Only the first
 * KHOJI_NETWORK_MAX_NODES are kept, found in one pass. */
void
_khoji_window_views_entities_listed (KhojiWindow *self,
                                     GPtrArray   *entities)
{
  Views *v = views_of (self);
  g_autoptr(GPtrArray) top = g_ptr_array_new ();
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (v == NULL || entities == NULL)
    return;
  for (guint i = 0; i < entities->len; i++)
    {
      KhojiEntity *e = g_ptr_array_index (entities, i);
      guint at;

      if (khoji_entity_get_hidden (e) || khoji_entity_get_article_count (e) == 0)
        continue;
      if (top->len == KHOJI_NETWORK_MAX_NODES &&
          compare_ranked (&e, &g_ptr_array_index (top, top->len - 1)) >= 0)
        continue;
      /* Into its place in the kept top, the weakest dropping out. */
      for (at = top->len; at > 0 && compare_ranked (&e, &g_ptr_array_index (top, at - 1)) < 0; at--)
        ;
      g_ptr_array_insert (top, (int) at, e);
      if (top->len > KHOJI_NETWORK_MAX_NODES)
        g_ptr_array_set_size (top, KHOJI_NETWORK_MAX_NODES);
    }
  for (guint i = 0; i < top->len; i++)
    {
      gint64 id = khoji_entity_get_id (g_ptr_array_index (top, i));
      g_array_append_val (ids, id);
    }
  if (khoji_network_view_set_ranked (v->network, ids))
    update_network (v, TRUE);
}

KhojiNetworkView *
_khoji_window_get_network_view (KhojiWindow *self)
{
  Views *v = views_of (self);

  return v ? v->network : NULL;
}

void
_khoji_window_show_view (KhojiWindow *self,
                         const char  *name)
{
  Views *v = views_of (self);

  if (v)
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (g_str_equal (name, "network") ? v->network_toggle
                                                     : g_str_equal (name, "map") ? v->map_toggle
                                                     : v->timeline_toggle), TRUE);
}
