/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-window"

#include "config.h"

#include <glib/gi18n.h>

#include "khoji-window-private.h"

/* The window's layout at every width, down to a phone's 360 px (GNOME
 * HIG, adaptive apps). Wide, the three panes stand side by side in
 * GtkPaneds the reader sizes. Narrow, one pane at a time — entities,
 * articles or the reading column — chosen with a switcher under them,
 * one reading column shown at a time, and the timeline folded to its
 * toolbar until unfolded. libadwaita 1.2 has no breakpoints
 * (AdwBreakpoint is 1.4), and AdwLeaflet would take the resizable
 * paneds away; the panes keep their paneds and the narrow layout hides
 * all but one of them. */

/* Below this, the three panes (200 + 220 + 380 px at least) do not fit. */
#define NARROW_WIDTH 900

static const char *pane_names[] = { "entities", "articles", "reading" };

static void
update_columns (KhojiWindow *self)
{
  GtkWidget *current = self->current_column;

  if (current != NULL && gtk_widget_get_parent (current) != GTK_WIDGET (self->columns_box))
    current = NULL;
  if (current == NULL)
    current = gtk_widget_get_last_child (GTK_WIDGET (self->columns_box));

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->columns_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      /* One column, as wide as the screen, when narrow. */
      gtk_widget_set_visible (child, !self->narrow || child == current);
      khoji_reading_column_set_fill (KHOJI_READING_COLUMN (child), self->narrow);
    }
}

static void
apply_pane (KhojiWindow *self)
{
  gboolean narrow = self->narrow;

  gtk_widget_set_visible (GTK_WIDGET (self->entity_panel), !narrow || self->pane == KHOJI_PANE_ENTITIES);
  gtk_widget_set_visible (GTK_WIDGET (self->article_list), !narrow || self->pane == KHOJI_PANE_ARTICLES);
  /* A paned whose children are both hidden would still take its share. */
  gtk_widget_set_visible (GTK_WIDGET (self->article_paned), !narrow || self->pane != KHOJI_PANE_ENTITIES);
  gtk_widget_set_visible (GTK_WIDGET (self->reading_stack), !narrow || self->pane == KHOJI_PANE_READING);
  gtk_widget_set_visible (self->pane_switcher, narrow);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-pane", narrow);

  for (guint i = 0; i < G_N_ELEMENTS (pane_names); i++)
    {
      GtkWidget *toggle = i == 0 ? self->entities_toggle : i == 1 ? self->articles_toggle : self->reading_toggle;

      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggle), narrow && i == (guint) self->pane);
    }
  update_columns (self);
}

void
_khoji_window_show_pane (KhojiWindow  *self,
                         KhojiPane     pane)
{
  self->pane = pane;
  apply_pane (self);
}

void
_khoji_window_column_shown (KhojiWindow *self,
                            GtkWidget   *column)
{
  self->current_column = column;
  if (self->narrow)
    self->pane = KHOJI_PANE_READING;
  apply_pane (self);
}

static void
set_timeline_folded (KhojiWindow *self,
                     gboolean     folded)
{
  self->timeline_folded = folded;
  gtk_widget_set_visible (GTK_WIDGET (self->timeline_stack), !folded);
  gtk_widget_set_size_request (self->timeline_box, -1, folded ? -1 : 90);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->timeline_fold_button), folded);
  gtk_button_set_icon_name (GTK_BUTTON (self->timeline_fold_button), folded ? "pan-up-symbolic" : "pan-down-symbolic");
  gtk_widget_set_tooltip_text (self->timeline_fold_button, folded ? _("Unfold the Timeline") : _("Fold the Timeline"));
  /* The paned's max-position handler puts the handle where the timeline
   * is folded, or at its remembered height. */
  g_object_notify (G_OBJECT (self->timeline_paned), "max-position");
}

static void
set_narrow (KhojiWindow *self,
            gboolean     narrow)
{
  if (self->narrow == narrow)
    return;
  self->narrow = narrow;

  /* The header: the search entry gives way, Import keeps its icon. */
  gtk_editable_set_width_chars (GTK_EDITABLE (self->search_entry), narrow ? 6 : 36);
  adw_button_content_set_label (self->import_button_content, narrow ? "" : _("_Import"));
  if (narrow)
    {
      GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

      /* Where the reader was, or the articles. */
      self->pane = focus && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->entity_panel)) ? KHOJI_PANE_ENTITIES :
                   focus && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->columns_box)) ? KHOJI_PANE_READING :
                   KHOJI_PANE_ARTICLES;
    }
  apply_pane (self);
  set_timeline_folded (self, narrow);
}

static gboolean
apply_width_idle (gpointer user_data)
{
  KhojiWindow *self = user_data;

  self->layout_idle_id = 0;
  set_narrow (self, self->allocated_width < NARROW_WIDTH);
  return G_SOURCE_REMOVE;
}

/* Called from size_allocate: the change waits for an idle, as changing
 * what is visible inside an allocation would. */
void
_khoji_window_width_changed (KhojiWindow *self,
                             int          width)
{
  self->allocated_width = width;
  if ((width < NARROW_WIDTH) != self->narrow && self->layout_idle_id == 0)
    self->layout_idle_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, apply_width_idle, self, NULL);
}

gboolean
_khoji_window_is_narrow (KhojiWindow *self)
{
  return self->narrow;
}

int
_khoji_window_get_pane (KhojiWindow *self)
{
  return self->narrow ? (int) self->pane : -1;
}

static void
show_pane_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  KhojiWindow *self = KHOJI_WINDOW (widget);
  const char *name = g_variant_get_string (parameter, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (pane_names); i++)
    if (g_str_equal (name, pane_names[i]))
      _khoji_window_show_pane (self, i);
}

static void
fold_timeline_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  KhojiWindow *self = KHOJI_WINDOW (widget);

  set_timeline_folded (self, !self->timeline_folded);
}

void
_khoji_window_class_init_layout (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.show-pane", "s", show_pane_action);
  gtk_widget_class_install_action (widget_class, "win.fold-timeline", NULL, fold_timeline_action);
}

void
_khoji_window_dispose_layout (KhojiWindow *self)
{
  g_clear_handle_id (&self->layout_idle_id, g_source_remove);
  self->current_column = NULL;
}
