/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-window"

#include "config.h"

#include <time.h>
#include <glib/gi18n.h>

#include "khoji-article-list.h"
#include "khoji-entity-panel.h"
#include "khoji-reading-column.h"
#include "khoji-timeline.h"
#include "khoji-window.h"
#include "khoji-library-reader.h"
#include "khoji-location.h"
#include "khoji-window-private.h"

G_DEFINE_FINAL_TYPE (KhojiWindow, khoji_window, ADW_TYPE_APPLICATION_WINDOW)

/* ---- What the window shows ---- */

static void
update_timeline_label (KhojiWindow *self)
{
  guint n = khoji_timeline_get_n_events (self->timeline);
  g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u dated event", "%u dated events", n), n);

  gtk_label_set_text (self->timeline_label, text);
}

static void
update_timeline (KhojiWindow *self,
                 GArray      *events)
{
  /* The timeline holds only days and ids; it reads a sentence on the
   * library's thread when someone hovers, focuses or opens an event. */
  khoji_timeline_set_library (self->timeline, self->library);
  khoji_timeline_set_events (self->timeline, events);
  update_timeline_label (self);
}

/* A spinner in place of the timeline: its own “No dated events” would be
 * wrong until the events are read. */
static void
set_timeline_loading (KhojiWindow *self,
                      gboolean     loading)
{
  gtk_stack_set_visible_child_name (self->timeline_stack, loading ? "loading" : "timeline");
  if (loading)
    gtk_spinner_start (self->timeline_spinner);
  else
    gtk_spinner_stop (self->timeline_spinner);
}

/* The banner over the panes: how many articles mention the selected
 * entities, by the names the panel shows (a rename shows at once). */
static void
update_selection_banner (KhojiWindow *self)
{
  g_autoptr(GPtrArray) entities = khoji_entity_panel_dup_selected (self->entity_panel);
  g_autoptr(GString) names = g_string_new (NULL);
  g_autofree char *text = NULL;

  /* The bar keeps its place when nothing is selected, with a hint: a
   * bar that came and went moved every pane under the pointer, and a
   * second click landed on another row. */
  if (entities->len == 0 || self->selection_articles == NULL)
    {
      gtk_label_set_text (self->filter_label, _("Select entities to see the articles that mention them all"));
      gtk_widget_add_css_class (GTK_WIDGET (self->filter_label), "dim-label");
      gtk_widget_set_sensitive (self->show_all_button, FALSE);
      gtk_widget_set_opacity (self->show_all_button, 0.0);
      self->banner_shown = FALSE;
      return;
    }

  for (guint i = 0; i < entities->len && i < 3; i++)
    {
      if (names->len > 0)
        g_string_append (names, ", ");
      g_string_append (names, khoji_entity_get_name (g_ptr_array_index (entities, i)));
    }
  if (entities->len > 3)
    g_string_append (names, ", …");

  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u article mentions %s",
                                       "%u articles mention %s", self->selection_articles->len),
                          self->selection_articles->len, names->str);
  gtk_label_set_text (self->filter_label, text);
  gtk_widget_remove_css_class (GTK_WIDGET (self->filter_label), "dim-label");
  gtk_widget_set_sensitive (self->show_all_button, TRUE);
  gtk_widget_set_opacity (self->show_all_button, 1.0);
  self->banner_shown = TRUE;
}

/* The selection's articles are known: the list, the banner, the timeline
 * and the open columns follow; after a load that asked for it, the
 * timeline is fitted to every event. */
static void
show_selection (KhojiWindow *self,
                GArray      *entity_ids,
                GArray      *article_ids,
                GArray      *events)
{
  g_clear_pointer (&self->selection_articles, g_array_unref);
  if (article_ids != NULL)
    self->selection_articles = g_array_ref (article_ids);

  khoji_article_list_set_filter (self->article_list, article_ids);
  update_selection_banner (self);
  update_timeline (self, events);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->columns_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    khoji_reading_column_set_selected_entities (KHOJI_READING_COLUMN (child),
                                                entity_ids->len ? entity_ids : NULL);

  if (!self->timeline_after_load)
    return;
  self->timeline_after_load = FALSE;
  if (self->fit_after_load)
    {
      self->fit_after_load = FALSE;
      khoji_timeline_zoom_fit (self->timeline);
    }
  set_timeline_loading (self, FALSE);
}

static void
on_selection_read (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GWeakRef *ref = user_data;
  g_autoptr(KhojiWindow) self = g_weak_ref_get (ref);
  g_autoptr(KhojiSelection) selection = NULL;
  g_autoptr(GArray) entity_ids = NULL;
  g_autoptr(GError) error = NULL;

  g_weak_ref_clear (ref);
  g_free (ref);
  selection = khoji_library_read_selection_finish (KHOJI_LIBRARY (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      self == NULL || gtk_widget_in_destruction (GTK_WIDGET (self)))
    return;
  g_clear_object (&self->selection_cancellable);

  entity_ids = khoji_entity_panel_get_selected_ids (self->entity_panel);
  if (selection == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Could not read the library: %s"),
                                               error ? error->message : "");

      _khoji_window_show_toast (self, text);
      selection = g_new0 (KhojiSelection, 1);
      if (entity_ids->len > 0)
        selection->article_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
    }
  show_selection (self, entity_ids, selection->article_ids, selection->events);
}

/* Several selected entities narrow the list to the articles that mention
 * all of them: that is the question “where do these meet?”. The library
 * answers on its own thread, with the events of those articles (or of
 * every article, when nothing is selected) for the timeline; a newer
 * selection cancels an older read. */
static void
apply_entity_selection (KhojiWindow *self)
{
  g_autoptr(GArray) entity_ids = NULL;
  GWeakRef *ref;

  if (self->library == NULL)
    return;

  if (self->selection_cancellable != NULL)
    g_cancellable_cancel (self->selection_cancellable);
  g_clear_object (&self->selection_cancellable);

  entity_ids = khoji_entity_panel_get_selected_ids (self->entity_panel);
  self->selection_cancellable = g_cancellable_new ();
  ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (ref, self);
  khoji_library_read_selection_async (self->library, entity_ids, self->selection_cancellable,
                                      on_selection_read, ref);
}

/* ---- Loading the library ----
 *
 * A large library has as many entities as articles and lists them in
 * hundreds of milliseconds: the window shows first and a worker reads the
 * lists on its own connection (a connection never leaves its thread), then
 * each list gets them in one splice. The selection and the timeline's
 * events follow, read on the library's thread once the lists have been
 * drawn. */

/* CPU time of the calling thread, in ms: wall-clock times on a shared
 * machine say little. */
static double
thread_cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* On the loading thread: the lists in the order they are shown, the
 * entities in the panel's (with their collation keys made there too). */
static void
prepare_lists (KhojiLibraryLists *lists,
               gpointer           user_data)
{
  const char *entity_sort = user_data;

  khoji_entity_panel_sort_entities (lists->entities, entity_sort);
  khoji_article_list_sort_articles (lists->articles);
}

static gboolean
apply_selection_idle (gpointer user_data)
{
  KhojiWindow *self = user_data;
  gint64 started = g_get_monotonic_time ();
  double cpu_started = thread_cpu_ms ();

  self->selection_idle_id = 0;
  self->timeline_after_load = TRUE;
  apply_entity_selection (self);

  /* For the window benchmark: G_MESSAGES_DEBUG=khoji-window. */
  g_debug ("Timeline updated with %u events in %.1f ms (%.1f ms CPU)",
           khoji_timeline_get_n_events (self->timeline),
           (g_get_monotonic_time () - started) / 1000.0, thread_cpu_ms () - cpu_started);
  return G_SOURCE_REMOVE;
}

static void
clear_paint_wait (KhojiWindow *self)
{
  if (self->paint_clock != NULL)
    {
      /* A window destroyed while it waited has seen its frame clock
       * disposed, and the handler with it. */
      if (self->after_paint_id != 0 &&
          g_signal_handler_is_connected (self->paint_clock, self->after_paint_id))
        g_signal_handler_disconnect (self->paint_clock, self->after_paint_id);
      self->after_paint_id = 0;
      g_clear_object (&self->paint_clock);
    }
  g_clear_handle_id (&self->paint_timeout_id, g_source_remove);
}

static void
on_frame_clock_after_paint (GdkFrameClock *clock,
                            KhojiWindow   *self)
{
  clear_paint_wait (self);
  if (self->selection_idle_id == 0)
    self->selection_idle_id = g_idle_add_full (G_PRIORITY_DEFAULT, apply_selection_idle, self, NULL);
}

/* A mapped window that paints no frame (hidden behind others on some
 * systems) must still get its timeline. */
static gboolean
on_paint_timeout (gpointer user_data)
{
  KhojiWindow *self = user_data;

  self->paint_timeout_id = 0;
  on_frame_clock_after_paint (NULL, self);
  return G_SOURCE_REMOVE;
}

/* The timeline takes its events (up to a million) on the main thread:
 * let the lists be drawn first. Not an idle below the redraw priority: a
 * spinner's animation would starve it. */
static void
schedule_apply_selection (KhojiWindow *self)
{
  GdkFrameClock *clock = gtk_widget_get_mapped (GTK_WIDGET (self)) ?
                         gtk_widget_get_frame_clock (GTK_WIDGET (self)) : NULL;

  if (self->selection_idle_id != 0 || self->paint_clock != NULL)
    return;

  if (clock == NULL)
    {
      self->selection_idle_id = g_idle_add_full (G_PRIORITY_DEFAULT, apply_selection_idle, self, NULL);
      return;
    }
  self->paint_clock = g_object_ref (clock);
  self->after_paint_id = g_signal_connect (clock, "after-paint",
                                           G_CALLBACK (on_frame_clock_after_paint), self);
  self->paint_timeout_id = g_timeout_add (500, on_paint_timeout, self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void start_load (KhojiWindow *self);

static void
on_load_finished (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GWeakRef *ref = user_data;
  g_autoptr(KhojiWindow) self = g_weak_ref_get (ref);
  g_autoptr(KhojiLibraryLists) lists = NULL;
  g_autoptr(GError) error = NULL;
  gint64 started = g_get_monotonic_time ();
  double cpu_started = thread_cpu_ms ();
  gboolean show_hidden = FALSE;
  gboolean first_load;
  GPtrArray *dropped_entities = NULL;
  GPtrArray *dropped_articles = NULL;

  g_weak_ref_clear (ref);
  g_free (ref);
  lists = khoji_library_load_lists_finish (KHOJI_LIBRARY (source), result, &error);

  /* A window closed while its library loaded has no one to show it to. */
  if (self == NULL || gtk_widget_in_destruction (GTK_WIDGET (self)) || self->library == NULL)
    return;

  g_clear_object (&self->load_cancellable);

  if (lists == NULL)
    {
      g_autofree char *text = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* The panes stay as they were; the next change tries again. An
       * archive's server that went away is a bar with Retry, which
       * stays until a load succeeds. */
      if (_khoji_window_error_is_fault (error))
        _khoji_window_show_fault (self, error);
      else
        {
          text = g_strdup_printf (_("Could not read the library: %s"), error->message);
          _khoji_window_show_toast (self, text);
        }
      khoji_entity_panel_set_loading (self->entity_panel, FALSE);
      khoji_article_list_set_loading (self->article_list, FALSE);
      set_timeline_loading (self, FALSE);
      if (self->reload_pending)
        start_load (self);
      return;
    }

  _khoji_window_hide_fault (self);
  _khoji_window_lists_shown (self, lists->stamp);
  first_load = !self->loaded_once;
  self->loaded_once = TRUE;
  /* The first load of an empty library goes straight to its page: a
   * crossfade drew the panes as they emptied ("No Articles Mention All
   * of These") on the way. */
  gtk_stack_set_visible_child_full (self->main_stack, lists->articles->len > 0 ? "library" : "empty",
                                    first_load ? GTK_STACK_TRANSITION_TYPE_NONE : GTK_STACK_TRANSITION_TYPE_CROSSFADE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->search_entry), lists->articles->len > 0);

  /* The panel keeps its selection and reports if it changed; the
   * timeline follows from apply_entity_selection. */
  g_object_get (self->entity_panel, "show-hidden", &show_hidden, NULL);
  if (show_hidden == lists->show_hidden)
    {
      _khoji_window_views_entities_listed (self, lists->entities);
      dropped_entities = khoji_entity_panel_set_entities (self->entity_panel, lists->entities, lists->n_entities);
    }
  else
    self->reload_pending = TRUE;
  dropped_articles = khoji_article_list_set_articles (self->article_list, lists->articles);
  /* What the lists still show holds its own references: only items no
   * one uses any more are freed, off the main thread. */
  khoji_library_unref_in_background (g_steal_pointer (&dropped_entities), g_steal_pointer (&dropped_articles));

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->columns_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    khoji_reading_column_reload (KHOJI_READING_COLUMN (child));

  schedule_apply_selection (self);

  /* For the window benchmark: G_MESSAGES_DEBUG=khoji-window (the
   * loader's own time is khoji-library's line). */
  g_debug ("Loaded %u articles and %u entities: "
           "%.1f ms to hand over (%.1f ms CPU), %.1f ms since the request",
           lists->articles->len, lists->entities->len,
           (g_get_monotonic_time () - started) / 1000.0, thread_cpu_ms () - cpu_started,
           (g_get_monotonic_time () - self->load_started) / 1000.0);

  /* What changed while this load ran is not in it yet. */
  if (self->reload_pending)
    start_load (self);
}

/* The entity rows read after corrections: a load reads them all. */
static void
cancel_entity_reads (KhojiWindow *self)
{
  if (self->entity_cancellable != NULL)
    g_cancellable_cancel (self->entity_cancellable);
  g_clear_object (&self->entity_cancellable);
}

static void
start_load (KhojiWindow *self)
{
  gboolean show_hidden = FALSE;
  char *entity_sort = NULL;
  GWeakRef *ref;

  self->reload_pending = FALSE;
  cancel_entity_reads (self);
  self->load_cancellable = g_cancellable_new ();
  self->load_started = g_get_monotonic_time ();
  g_object_get (self->entity_panel,
                "show-hidden", &show_hidden,
                "sort", &entity_sort,
                NULL);

  /* A weak reference: closing the window must not wait for the loader. */
  ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (ref, self);
  khoji_library_load_lists_async (self->library, show_hidden,
                                  khoji_entity_panel_get_wanted_limit (self->entity_panel), prepare_lists, entity_sort, g_free,
                                  self->load_cancellable, on_load_finished, ref);
}

/* Every change of the library comes here; a change during a load is
 * loaded once that load is done, so at most one worker runs. */
void
_khoji_window_reload_all (KhojiWindow *self)
{
  if (self->library == NULL)
    return;

  if (self->load_cancellable != NULL)
    {
      self->reload_pending = TRUE;
      return;
    }

  if (!self->loaded_once)
    {
      khoji_entity_panel_set_loading (self->entity_panel, TRUE);
      khoji_article_list_set_loading (self->article_list, TRUE);
      gtk_label_set_text (self->timeline_label, _("Loading dated events…"));
      set_timeline_loading (self, TRUE);
    }
  start_load (self);
}

static void
on_library_changed (KhojiLibrary *library,
                    KhojiWindow  *self)
{
  _khoji_window_reload_all (self);
}

static void
on_entity_read (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GWeakRef *ref = user_data;
  g_autoptr(KhojiWindow) self = g_weak_ref_get (ref);
  g_autoptr(KhojiEntity) entity = NULL;
  g_autoptr(GError) error = NULL;

  g_weak_ref_clear (ref);
  g_free (ref);
  entity = khoji_library_read_entity_finish (KHOJI_LIBRARY (source), result, &error);
  if (self == NULL)
    return;
  if (--self->n_entity_reads == 0)
    g_clear_object (&self->entity_cancellable);
  /* Cancelled: a load began, which reads this row with the others. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      gtk_widget_in_destruction (GTK_WIDGET (self)) || self->library == NULL)
    return;
  if (entity == NULL)
    {
      _khoji_window_reload_all (self);
      return;
    }
  khoji_entity_panel_update_entity (self->entity_panel, entity);
  update_selection_banner (self);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->columns_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    khoji_reading_column_reload (KHOJI_READING_COLUMN (child));
}

/* A rename, a new type, hiding or showing: one entity row changed, no
 * article, no count. The panel takes the new row, read on the library's
 * thread, the open columns their highlights again (a type has its
 * colour, a hidden entity none); the article list and the timeline
 * stay. A load under way read the old row, so it is followed by
 * another, as for any change; a load that starts while rows are read
 * reads them too, and those reads are dropped. Reads come back in the
 * order asked: two corrections in a row leave the second's row. */
static void
on_library_entity_changed (KhojiLibrary *library,
                           gint64        entity_id,
                           KhojiWindow  *self)
{
  GWeakRef *ref;

  if (self->load_cancellable != NULL || !self->loaded_once)
    {
      _khoji_window_reload_all (self);
      return;
    }
  /* This window's own change: the poll does not take it for another's. */
  _khoji_window_changed_in_place (self);
  if (self->entity_cancellable == NULL)
    self->entity_cancellable = g_cancellable_new ();
  /* A weak reference: a window closed meanwhile is not kept for it. */
  ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (ref, self);
  self->n_entity_reads++;
  khoji_library_read_entity_async (library, entity_id, self->entity_cancellable, on_entity_read, ref);
}

static void
on_entity_panel_selection_changed (KhojiEntityPanel *panel,
                                   KhojiWindow      *self)
{
  apply_entity_selection (self);
}

static void
on_entity_panel_corrected (KhojiEntityPanel *panel,
                           const char       *message,
                           guint             n_done,
                           KhojiWindow      *self)
{
  AdwToast *toast = _khoji_toast_new_text (message);

  if (n_done > 0)
    {
      guint id;

      _khoji_window_push_undo (self, message, n_done, &id);
      adw_toast_set_button_label (toast, _("_Undo"));
      adw_toast_set_action_name (toast, "win.undo-correction");
      adw_toast_set_action_target_value (toast, g_variant_new_uint32 (id));
    }
  _khoji_window_add_toast (self, toast);
}

/* ---- Reading columns ---- */

static KhojiReadingColumn *
find_column (KhojiWindow *self,
             gint64       article_id)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->columns_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (khoji_reading_column_get_article_id (KHOJI_READING_COLUMN (child)) == article_id)
      return KHOJI_READING_COLUMN (child);
  return NULL;
}

void
_khoji_window_close_column (KhojiWindow        *self,
                            KhojiReadingColumn *column)
{
  GtkWidget *next = gtk_widget_get_prev_sibling (GTK_WIDGET (column));

  if (next == NULL)
    next = gtk_widget_get_next_sibling (GTK_WIDGET (column));

  if (self->current_column == GTK_WIDGET (column))
    self->current_column = NULL;
  gtk_box_remove (self->columns_box, GTK_WIDGET (column));

  if (next != NULL)
    {
      _khoji_window_column_shown (self, next);
      khoji_reading_column_focus (KHOJI_READING_COLUMN (next));
    }
  else
    gtk_stack_set_visible_child_name (self->reading_stack, "hint");
}

static void
on_column_close_requested (KhojiReadingColumn *column,
                           KhojiWindow        *self)
{
  _khoji_window_close_column (self, column);
}

/* An entity picked in a reading column that the panel does not list. */
static void
offer_hidden_entity (KhojiWindow *self,
                     gint64       entity_id)
{
  AdwToast *toast = adw_toast_new (_("This entity is hidden"));

  adw_toast_set_button_label (toast, _("_Show It"));
  adw_toast_set_action_name (toast, "win.unhide-entity");
  adw_toast_set_action_target_value (toast, g_variant_new_int64 (entity_id));
  _khoji_window_add_toast (self, toast);
}

static void
on_column_entity_activated (KhojiReadingColumn *column,
                            gint64              entity_id,
                            KhojiWindow        *self)
{
  if (!khoji_entity_panel_select_entity (self->entity_panel, entity_id))
    offer_hidden_entity (self, entity_id);
}

/* The same, found only once the panel listed every entity. */
static void
on_entity_panel_unlisted (KhojiEntityPanel *panel,
                          gint64            entity_id,
                          KhojiWindow      *self)
{
  offer_hidden_entity (self, entity_id);
}

static gboolean
scroll_to_column_tick (GtkWidget     *scroller,
                       GdkFrameClock *clock,
                       gpointer       user_data)
{
  KhojiWindow *self = user_data;
  GtkWidget *column = self->scroll_target;
  GtkAdjustment *adjustment = gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (scroller));
  graphene_point_t point;
  double page, value;

  if (column == NULL || gtk_widget_get_parent (column) == NULL ||
      !gtk_widget_compute_point (column, gtk_widget_get_parent (column), &GRAPHENE_POINT_INIT (0, 0), &point))
    {
      g_clear_object (&self->scroll_target);
      return G_SOURCE_REMOVE;
    }

  /* Tick callbacks run before the frame's layout: wait until the column
   * has been placed and the adjustment knows the new width. */
  if ((gtk_widget_get_width (column) == 0 ||
       gtk_adjustment_get_upper (adjustment) < point.x + gtk_widget_get_width (column)) &&
      self->scroll_tries < 10)
    {
      self->scroll_tries++;
      return G_SOURCE_CONTINUE;
    }

  page = gtk_adjustment_get_page_size (adjustment);
  value = gtk_adjustment_get_value (adjustment);
  /* Just enough to show the whole column, as a text editor reveals a
   * cursor. */
  if (point.x < value)
    value = point.x;
  else if (point.x + gtk_widget_get_width (column) > value + page)
    value = point.x + gtk_widget_get_width (column) - page;
  gtk_adjustment_set_value (adjustment, value);

  g_clear_object (&self->scroll_target);
  return G_SOURCE_REMOVE;
}

static KhojiReadingColumn *
open_column (KhojiWindow *self,
             gint64       article_id)
{
  KhojiReadingColumn *column = find_column (self, article_id);

  if (column == NULL)
    {
      g_autoptr(GArray) selected = khoji_entity_panel_get_selected_ids (self->entity_panel);

      column = KHOJI_READING_COLUMN (khoji_reading_column_new (self->library, article_id));
      g_signal_connect_object (column, "close-requested", G_CALLBACK (on_column_close_requested), self, 0);
      g_signal_connect_object (column, "entity-activated", G_CALLBACK (on_column_entity_activated), self, 0);
      khoji_reading_column_set_selected_entities (column, selected->len ? selected : NULL);
      khoji_reading_column_set_search (column, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
      gtk_box_append (self->columns_box, GTK_WIDGET (column));
      /* Opened from a filtered list: show where the entity comes up. */
      khoji_reading_column_reveal_selected (column);
    }

  gtk_stack_set_visible_child_name (self->reading_stack, "columns");
  _khoji_window_column_shown (self, GTK_WIDGET (column));
  khoji_reading_column_focus (column);
  /* A new column has no position until the next layout, so scroll to it
   * on the next frame. */
  if (self->scroll_target == NULL)
    gtk_widget_add_tick_callback (GTK_WIDGET (self->columns_scroller), scroll_to_column_tick, self, NULL);
  g_set_object (&self->scroll_target, GTK_WIDGET (column));
  self->scroll_tries = 0;
  return column;
}

void
khoji_window_open_article (KhojiWindow *self,
                           gint64       article_id)
{
  g_return_if_fail (KHOJI_IS_WINDOW (self));

  if (self->library != NULL)
    open_column (self, article_id);
}

static void
on_article_list_article_activated (KhojiArticleList *list,
                                   gint64            article_id,
                                   KhojiWindow      *self)
{
  khoji_window_open_article (self, article_id);
}

/* A mention picked in an entity's list: its article, the mention shown. */
static void
on_entity_panel_mention_activated (KhojiEntityPanel *panel,
                                   gint64            article_id,
                                   guint             start,
                                   guint             end,
                                   KhojiWindow      *self)
{
  KhojiReadingColumn *column;

  if (self->library == NULL)
    return;
  column = open_column (self, article_id);
  khoji_reading_column_reveal_range (column, start, end);
}

static void
on_timeline_event_activated (KhojiTimeline *timeline,
                             KhojiEvent    *event,
                             KhojiWindow   *self)
{
  KhojiReadingColumn *column = open_column (self, khoji_event_get_article_id (event));
  const char *sentence = khoji_event_get_sentence (event);
  guint start = khoji_event_get_sentence_start (event);
  guint end = start + (sentence ? g_utf8_strlen (sentence, -1) : 0);

  khoji_reading_column_reveal_range (column, start, MAX (end, khoji_event_get_end (event)));
}

/* ---- Keyboard: Tab between panes ----
 *
 * A list's rows are each focusable, so Tab walked a list of forty
 * entities row by row (GTK 4.12's GtkListView:tab-behavior is not in
 * 4.8). In a list, Tab and Shift+Tab go to the next or previous pane and
 * the arrows stay for moving within it; elsewhere Tab is GTK's own. */

enum { PANE_ENTITIES, PANE_ARTICLES, PANE_READING, PANE_TIMELINE, N_PANES };

static int
pane_of (KhojiWindow *self,
         GtkWidget   *widget)
{
  if (widget == NULL)
    return -1;
  if (gtk_widget_is_ancestor (widget, GTK_WIDGET (self->entity_panel)))
    return PANE_ENTITIES;
  if (gtk_widget_is_ancestor (widget, GTK_WIDGET (self->article_list)))
    return PANE_ARTICLES;
  if (gtk_widget_is_ancestor (widget, GTK_WIDGET (self->columns_box)))
    return PANE_READING;
  if (widget == GTK_WIDGET (self->timeline) || gtk_widget_is_ancestor (widget, GTK_WIDGET (self->timeline)))
    return PANE_TIMELINE;
  return -1;
}

static gboolean
focus_pane (KhojiWindow *self,
            int          pane,
            GtkWidget   *from)
{
  switch (pane)
    {
    case PANE_ENTITIES:
      if (!gtk_widget_get_mapped (GTK_WIDGET (self->entity_panel)))
        return FALSE;
      khoji_entity_panel_focus_list (self->entity_panel);
      return TRUE;
    case PANE_ARTICLES:
      return gtk_widget_get_mapped (GTK_WIDGET (self->article_list)) &&
             khoji_article_list_focus (self->article_list);
    case PANE_READING:
      {
        GtkWidget *column = from ? gtk_widget_get_ancestor (from, KHOJI_TYPE_READING_COLUMN) : NULL;

        if (column == NULL)
          column = gtk_widget_get_first_child (GTK_WIDGET (self->columns_box));
        if (column == NULL || !gtk_widget_get_mapped (column))
          return FALSE;
        khoji_reading_column_focus (KHOJI_READING_COLUMN (column));
        return TRUE;
      }
    case PANE_TIMELINE:
      return gtk_widget_get_mapped (GTK_WIDGET (self->timeline)) &&
             gtk_widget_grab_focus (GTK_WIDGET (self->timeline));
    default:
      return FALSE;
    }
}

static gboolean
on_pane_key_pressed (GtkEventControllerKey *controller,
                     guint                  keyval,
                     guint                  keycode,
                     GdkModifierType        state,
                     KhojiWindow           *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  gboolean back = keyval == GDK_KEY_ISO_Left_Tab || (state & GDK_SHIFT_MASK) != 0;
  int pane;

  if ((keyval != GDK_KEY_Tab && keyval != GDK_KEY_ISO_Left_Tab && keyval != GDK_KEY_KP_Tab) ||
      (state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0 ||
      focus == NULL || gtk_widget_get_ancestor (focus, GTK_TYPE_LIST_VIEW) == NULL)
    return FALSE;
  pane = pane_of (self, focus);
  if (pane < 0)
    return FALSE;

  /* Back from a list goes to what comes before it in its pane (the
   * entity filter, the article pane's header) only through GTK's own
   * order; forward skips the rest of the list. */
  for (int next = pane + (back ? -1 : 1); next >= 0 && next < N_PANES; next += back ? -1 : 1)
    if (focus_pane (self, next, NULL))
      return TRUE;
  return FALSE;
}

/* ---- The search entry ---- */

static void
on_search_entry_search_changed (GtkSearchEntry *entry,
                                KhojiWindow    *self)
{
  const char *query = gtk_editable_get_text (GTK_EDITABLE (entry));

  khoji_article_list_set_query (self->article_list, query);
  /* The open articles mark the words searched for. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->columns_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    khoji_reading_column_set_search (KHOJI_READING_COLUMN (child), query);
}

static void
on_search_entry_stop_search (GtkSearchEntry *entry,
                             KhojiWindow    *self)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

/* ---- Settings ---- */

static void
update_font_size (KhojiWindow *self)
{
  int size = g_settings_get_int (self->settings, "reading-font-size");
  g_autofree char *css = g_strdup_printf ("textview.reading-text { font-size: %dpt; }", size);

  gtk_css_provider_load_from_data (self->font_provider, css, -1);
}

static void
on_settings_font_size_changed (GSettings   *settings,
                               const char  *key,
                               KhojiWindow *self)
{
  update_font_size (self);
}

/* The timeline's height is what a person sizes, but GtkPaned keeps the
 * top part's size; convert both ways so that a taller window grows the
 * reading area and the timeline keeps the height it was given. */
static void
on_timeline_paned_position (GtkPaned    *paned,
                            GParamSpec  *pspec,
                            KhojiWindow *self)
{
  int max = 0;

  g_object_get (paned, "max-position", &max, NULL);
  /* While the window resizes, position and max-position change one after
   * the other; only a move of the handle itself is a new height. A folded
   * timeline keeps the height it had. */
  if (max <= 0 || max != self->timeline_paned_max || self->timeline_folded)
    return;

  g_settings_set_int (self->settings, "timeline-height",
                      CLAMP (gtk_widget_get_height (GTK_WIDGET (paned)) - gtk_paned_get_position (paned), 60, 4000));
}

static void
on_timeline_paned_max_position (GtkPaned    *paned,
                                GParamSpec  *pspec,
                                KhojiWindow *self)
{
  int max = 0;
  int wanted;

  g_object_get (paned, "max-position", &max, NULL);
  if (max <= 0)
    return;

  self->timeline_paned_max = max;
  if (self->timeline_folded)
    {
      gtk_paned_set_position (paned, max);
      return;
    }
  wanted = g_settings_get_int (self->settings, "timeline-height");
  /* max-position already leaves the timeline its minimum; the height is
   * measured from the paned's bottom edge. */
  gtk_paned_set_position (paned, CLAMP (gtk_widget_get_height (GTK_WIDGET (paned)) - wanted, max / 3, max));
}

/* ---- Private accessors for the tests ---- */

GtkDropTarget *
_khoji_window_get_drop_target (KhojiWindow *self)
{
  return self->drop_target;
}

GtkWidget *
_khoji_window_get_search_entry (KhojiWindow *self)
{
  return GTK_WIDGET (self->search_entry);
}

const char *
_khoji_window_get_banner_text (KhojiWindow *self)
{
  return self->banner_shown ? gtk_label_get_text (self->filter_label) : "";
}

KhojiEntityPanel *
_khoji_window_get_entity_panel (KhojiWindow *self)
{
  return self->entity_panel;
}

KhojiArticleList *
_khoji_window_get_article_list (KhojiWindow *self)
{
  return self->article_list;
}

KhojiTimeline *
_khoji_window_get_timeline (KhojiWindow *self)
{
  return self->timeline;
}

KhojiLibrary *
_khoji_window_get_library (KhojiWindow *self)
{
  return self->library;
}

gboolean
_khoji_window_is_importing (KhojiWindow *self)
{
  return self->importing || self->pending_imports->len > 0;
}

guint
_khoji_window_get_n_columns (KhojiWindow *self)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->columns_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}

GtkWidget *
_khoji_window_get_column (KhojiWindow *self,
                          gint64       article_id)
{
  return GTK_WIDGET (find_column (self, article_id));
}

gboolean
_khoji_window_is_reading (KhojiWindow *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->columns_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (khoji_reading_column_get_busy (KHOJI_READING_COLUMN (child)))
      return TRUE;
  return self->n_entity_reads > 0 ||
         khoji_article_list_get_busy (self->article_list) || khoji_entity_panel_get_busy (self->entity_panel);
}

gboolean
_khoji_window_is_loading (KhojiWindow *self)
{
  return self->load_cancellable != NULL || self->upgrade_cancellable != NULL || self->reload_pending ||
         self->selection_cancellable != NULL ||
         self->selection_idle_id != 0 || self->paint_clock != NULL || self->paint_timeout_id != 0;
}

GtkNativeDialog *
_khoji_window_get_chooser (KhojiWindow *self)
{
  return self->chooser;
}

guint
_khoji_window_get_n_toasts (KhojiWindow *self)
{
  return self->toasts->len;
}

GtkWidget *
_khoji_window_get_main_stack (KhojiWindow *self)
{
  return GTK_WIDGET (self->main_stack);
}

const char *
_khoji_window_get_page (KhojiWindow *self)
{
  return gtk_stack_get_visible_child_name (self->main_stack);
}

/* ---- Construction ---- */

/* Not in constructed(): GtkWindow:application is not a construct
 * property, so it is only set after constructed() has run. */
static void open_library (KhojiWindow *self, KhojiApplication *app);
static void on_library_upgraded (GObject *source, GAsyncResult *result, gpointer user_data);

/* Importing and searching need an open library. */
static void
set_library_actions_enabled (KhojiWindow *self,
                             gboolean     enabled)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import", enabled);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import-samples", enabled);
  gtk_widget_set_sensitive (GTK_WIDGET (self->search_entry), enabled);
}

static void
khoji_window_setup (KhojiWindow      *self,
                    KhojiApplication *app)
{

  self->settings = g_object_ref (khoji_application_get_settings (app));

  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "entity-pane-width", self->entity_paned, "position", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "article-pane-width", self->article_paned, "position", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "timeline-zoom", self->timeline, "zoom", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "entity-sort", self->entity_panel, "sort", G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (self->settings, "changed::reading-font-size",
                           G_CALLBACK (on_settings_font_size_changed), self, 0);
  update_font_size (self);

  g_signal_connect_object (self->timeline_paned, "notify::max-position",
                           G_CALLBACK (on_timeline_paned_max_position), self, 0);
  g_signal_connect_object (self->timeline_paned, "notify::position",
                           G_CALLBACK (on_timeline_paned_position), self, 0);

  _khoji_window_begin_open (self);
}

void
_khoji_window_open_on_thread (KhojiWindow *self,
                              const char  *location)
{
  set_library_actions_enabled (self, FALSE);
  g_clear_object (&self->upgrade_cancellable);
  self->upgrade_cancellable = g_cancellable_new ();
  khoji_library_upgrade_async (location, self->upgrade_cancellable, on_library_upgraded, g_object_ref (self));
}

/* Opens the library, or the shared archive once its password is read
 * (khoji-window-archive.c). Again on Retry. */
void
_khoji_window_begin_open (KhojiWindow *self)
{
  KhojiApplication *app = KHOJI_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  g_autofree char *path = NULL;

  set_library_actions_enabled (self, FALSE);
  if (khoji_application_wants_archive (app))
    {
      _khoji_window_connect_archive (self, app);
      return;
    }

  /* A library made by an older Khoji is brought up to date on a thread
   * first, with its own page, instead of before the window shows. An
   * archive named by a URI is opened on a thread too: a server that does
   * not answer must not freeze the window. */
  path = khoji_application_dup_location (app);
  if (khoji_location_is_archive (path))
    {
      g_autofree char *shown = khoji_location_for_display (path);

      _khoji_window_set_page_text (self->connecting_page, shown);
      gtk_stack_set_visible_child_name (self->main_stack, "connecting");
      gtk_spinner_start (self->connecting_spinner);
      _khoji_window_open_on_thread (self, path);
      return;
    }
  if (khoji_library_needs_upgrade (path))
    {
      gtk_stack_set_visible_child_name (self->main_stack, "upgrading");
      gtk_spinner_start (self->upgrading_spinner);
      _khoji_window_open_on_thread (self, path);
      return;
    }
  open_library (self, app);
}

static void
show_library_error (KhojiWindow  *self,
                    const GError *error)
{
  adw_status_page_set_title (self->error_page, _khoji_window_error_title (error));
  adw_status_page_set_icon_name (self->error_page, _khoji_window_error_icon (error));
  _khoji_window_set_page_text (self->error_page, error ? error->message : NULL);
  gtk_stack_set_visible_child_name (self->main_stack, "error");
  set_library_actions_enabled (self, FALSE);
}

static void
open_library (KhojiWindow      *self,
              KhojiApplication *app)
{
  g_autoptr(GError) error = NULL;

  self->library = khoji_application_get_library (app, &error);
  if (self->library == NULL)
    {
      show_library_error (self, error);
      return;
    }
  g_object_ref (self->library);
  set_library_actions_enabled (self, TRUE);

  g_signal_connect_object (self->library, "changed", G_CALLBACK (on_library_changed), self, 0);
  g_signal_connect_object (self->library, "entity-changed", G_CALLBACK (on_library_entity_changed), self, 0);
  khoji_entity_panel_set_library (self->entity_panel, self->library);
  khoji_article_list_set_library (self->article_list, self->library);
  _khoji_window_init_views (self);
  _khoji_window_init_compare (self);
  /* The panes show at once, each with its loading state, until the
   * worker has read the lists. */
  gtk_stack_set_visible_child_name (self->main_stack, "library");
  /* A new session shows every dated event: with the remembered zoom at
   * the recent end, a library's older years were off-screen with no sign
   * they were there. */
  self->fit_after_load = TRUE;
  _khoji_window_reload_all (self);
  _khoji_window_start_next_import (self);
  _khoji_window_start_polling (self);
}

static void
on_library_upgraded (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(KhojiWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = khoji_library_upgrade_finish (result, &error);

  gboolean closed = g_cancellable_is_cancelled (self->upgrade_cancellable) ||
                    gtk_widget_in_destruction (GTK_WIDGET (self));

  g_clear_object (&self->upgrade_cancellable);
  /* Closed meanwhile: the upgrade is done or rolled back either way. */
  if (closed)
    return;
  gtk_spinner_stop (self->upgrading_spinner);
  gtk_spinner_stop (self->connecting_spinner);
  if (!ok)
    {
      show_library_error (self, error);
      return;
    }
  open_library (self, KHOJI_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))));
}

KhojiWindow *
khoji_window_new (KhojiApplication *application)
{
  KhojiWindow *self;

  g_return_val_if_fail (KHOJI_IS_APPLICATION (application), NULL);

  self = g_object_new (KHOJI_TYPE_WINDOW, "application", application, NULL);
  khoji_window_setup (self, application);
  return self;
}

static void
khoji_window_dispose (GObject *object)
{
  KhojiWindow *self = KHOJI_WINDOW (object);

  /* The import keeps running on its thread otherwise; cancelling lets it
   * stop after the current file. */
  if (self->import_cancellable != NULL)
    g_cancellable_cancel (self->import_cancellable);
  g_clear_object (&self->import_cancellable);
  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  if (self->upgrade_cancellable != NULL)
    g_cancellable_cancel (self->upgrade_cancellable);
  if (self->selection_cancellable != NULL)
    g_cancellable_cancel (self->selection_cancellable);
  g_clear_object (&self->selection_cancellable);
  cancel_entity_reads (self);
  g_clear_pointer (&self->selection_articles, g_array_unref);
  g_clear_handle_id (&self->selection_idle_id, g_source_remove);
  g_clear_handle_id (&self->import_bar_hide_id, g_source_remove);
  _khoji_window_stop_polling (self);
  if (self->chooser != NULL)
    {
      /* Its response would reach a window that is gone. */
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (self->chooser);
      g_clear_object (&self->chooser);
    }
  _khoji_window_dispose_layout (self);
  clear_paint_wait (self);

  if (self->font_provider != NULL)
    {
      gtk_style_context_remove_provider_for_display (gtk_widget_get_display (GTK_WIDGET (self)),
                                                     GTK_STYLE_PROVIDER (self->font_provider));
      g_clear_object (&self->font_provider);
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), KHOJI_TYPE_WINDOW);

  g_clear_object (&self->library);
  g_clear_object (&self->settings);
  g_clear_object (&self->last_export);
  g_clear_pointer (&self->pending_imports, g_ptr_array_unref);
  g_clear_pointer (&self->undo_stack, g_ptr_array_unref);
  if (self->toasts != NULL)
    {
      for (guint i = 0; i < self->toasts->len; i++)
        g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->toasts, i), self);
      g_clear_pointer (&self->toasts, g_ptr_array_unref);
    }
  g_clear_pointer (&self->last_import_results, g_ptr_array_unref);
  g_clear_object (&self->scroll_target);

  G_OBJECT_CLASS (khoji_window_parent_class)->dispose (object);
}

static void
khoji_window_finalize (GObject *object)
{
  KhojiWindow *self = KHOJI_WINDOW (object);

  g_clear_pointer (&self->views, _khoji_window_views_free);
  g_clear_pointer (&self->compare, _khoji_window_compare_free);

  G_OBJECT_CLASS (khoji_window_parent_class)->finalize (object);
}

static void
khoji_window_size_allocate (GtkWidget *widget,
                            int        width,
                            int        height,
                            int        baseline)
{
  GTK_WIDGET_CLASS (khoji_window_parent_class)->size_allocate (widget, width, height, baseline);
  _khoji_window_width_changed (KHOJI_WINDOW (widget), width);
}

static void
khoji_window_class_init (KhojiWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = khoji_window_dispose;
  object_class->finalize = khoji_window_finalize;
  widget_class->size_allocate = khoji_window_size_allocate;

  /* Templates of the custom children must be known before ours loads. */
  g_type_ensure (KHOJI_TYPE_ENTITY_PANEL);
  g_type_ensure (KHOJI_TYPE_ARTICLE_LIST);
  g_type_ensure (KHOJI_TYPE_TIMELINE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/khoji-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KhojiWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, KhojiWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, KhojiWindow, import_revealer);
  gtk_widget_class_bind_template_child (widget_class, KhojiWindow, import_label);
  gtk_widget_class_bind_template_child (widget_class, KhojiWindow, import_progress);
  gtk_widget_class_bind_template_child (widget_class, KhojiWindow, filter_bar);
  gtk_widget_class_bind_template_child (widget_class, KhojiWindow, show_all_button);
  gtk_widget_class_bind_template_child (widget_class, KhojiWindow, filter_label);
  gtk_widget_class_bind_template_child (widget_class, KhojiWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, KhojiWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, KhojiWindow, upgrading_spinner);
  gtk_widget_class_bind_template_child (widget_class, KhojiWindow, connecting_page);
  gtk_widget_class_bind_template_child (widget_class, KhojiWindow, connecting_spinner);
  gtk_widget_class_bind_template_child (widget_class, KhojiWindow, fault_revealer);
  gtk_widget_class_bind_template_child (widget_class, KhojiWindow, fault_label);
  gtk_widget_class_bind_template_child (widget_class, KhojiWindow, fault_icon);
  gtk_widget_class_bind_template_child (widget_class, KhojiWindow, timeline_paned);
  gtk_widget_class_bind_template_child (widget_class, KhojiWindow, entity_paned);
  gtk_widget_class_bind_template_child (widget_class, KhojiWindow, article_paned);
  gtk_widget_class_bind_template_child (widget_class, KhojiWindow, entity_panel);
  gtk_widget_class_bind_template_child (widget_class, KhojiWindow, article_list);
  gtk_widget_class_bind_template_child (widget_class, KhojiWindow, reading_stack);
  gtk_widget_class_bind_template_child (widget_class, KhojiWindow, columns_scroller);
  gtk_widget_class_bind_template_child (widget_class, KhojiWindow, columns_box);
  gtk_widget_class_bind_template_child (widget_class, KhojiWindow, timeline);
  gtk_widget_class_bind_template_child (widget_class, KhojiWindow, timeline_label);
  gtk_widget_class_bind_template_child (widget_class, KhojiWindow, timeline_stack);
  gtk_widget_class_bind_template_child (widget_class, KhojiWindow, timeline_spinner);
  gtk_widget_class_bind_template_child (widget_class, KhojiWindow, timeline_box);
  gtk_widget_class_bind_template_child (widget_class, KhojiWindow, timeline_fold_button);
  gtk_widget_class_bind_template_child (widget_class, KhojiWindow, pane_switcher);
  gtk_widget_class_bind_template_child (widget_class, KhojiWindow, entities_toggle);
  gtk_widget_class_bind_template_child (widget_class, KhojiWindow, articles_toggle);
  gtk_widget_class_bind_template_child (widget_class, KhojiWindow, reading_toggle);
  gtk_widget_class_bind_template_child (widget_class, KhojiWindow, import_button_content);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_stop_search);
  gtk_widget_class_bind_template_callback (widget_class, on_entity_panel_selection_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_entity_panel_corrected);
  gtk_widget_class_bind_template_callback (widget_class, on_article_list_article_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_timeline_event_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_entity_panel_mention_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_entity_panel_unlisted);

  _khoji_window_class_init_actions (widget_class);
  _khoji_window_class_init_layout (widget_class);
  _khoji_window_class_init_archive (widget_class);
}

static void
khoji_window_init (KhojiWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_selection_banner (self);

  if (g_strcmp0 (PROFILE, "development") == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  self->pending_imports = g_ptr_array_new_with_free_func (g_object_unref);
  self->toasts = g_ptr_array_new_with_free_func (g_object_unref);
  self->undo_stack = g_ptr_array_new_with_free_func ((GDestroyNotify) _khoji_undo_entry_free);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo-correction", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-import", FALSE);

  self->font_provider = gtk_css_provider_new ();
  gtk_style_context_add_provider_for_display (gtk_widget_get_display (GTK_WIDGET (self)),
                                              GTK_STYLE_PROVIDER (self->font_provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION + 1);

  _khoji_window_init_dnd (self);

  /* Before the lists see Tab. */
  {
    GtkEventController *keys = gtk_event_controller_key_new ();

    gtk_event_controller_set_name (keys, "khoji-pane-keys");
    gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
    g_signal_connect (keys, "key-pressed", G_CALLBACK (on_pane_key_pressed), self);
    gtk_widget_add_controller (GTK_WIDGET (self), keys);
  }
}
