/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-timeline"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "khoji-library-reader.h"
#include "khoji-timeline-private.h"

G_DEFINE_FINAL_TYPE (KhojiTimeline, khoji_timeline, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ZOOM,
  PROP_N_EVENTS,
  PROP_START_DAY,
  PROP_END_DAY,
  N_PROPS
};

enum {
  EVENT_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

void
_khoji_timeline_get_color (KhojiTimeline *self,
                           const char    *name,
                           GdkRGBA       *color)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));

  /* GTK 4.8 has no gtk_widget_get_color(); the style context still knows
   * the theme's named colours, which follow dark mode and high contrast. */
  if (name == NULL || !gtk_style_context_lookup_color (context, name, color))
    gtk_style_context_get_color (context, color);
}

/* The details' values: an event, or NULL for one the library lacks. */
static void
unref_event (gpointer event)
{
  if (event != NULL)
    g_object_unref (event);
}

static gint64
mark_event_id (KhojiTimeline *self,
               const Mark    *mark,
               guint          k)
{
  return g_array_index (self->events, KhojiEventRef, mark->start + k).id;
}

/* Event k of a mark, with its sentence, as read so far: NULL while it is
 * not read (*missing then says so), without a library, or when the
 * library does not have it. */
static KhojiEvent *
dup_mark_event (KhojiTimeline *self,
                const Mark    *mark,
                guint          k,
                gboolean      *missing)
{
  gint64 id;
  gpointer value = NULL;

  if (missing)
    *missing = FALSE;
  if (self->library == NULL || k >= mark->n_events)
    return NULL;
  id = mark_event_id (self, mark, k);
  if (!g_hash_table_lookup_extended (self->details, &id, NULL, &value))
    {
      if (missing)
        *missing = TRUE;
      return NULL;
    }
  return value ? g_object_ref (value) : NULL;
}

static void read_details (KhojiTimeline *self,
                          GArray        *ids);
static void update_accessible_description (KhojiTimeline *self);

static void
on_details_read (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GWeakRef *ref = user_data;
  g_autoptr(KhojiTimeline) self = g_weak_ref_get (ref);
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  GArray *asked;

  g_weak_ref_clear (ref);
  g_free (ref);
  events = khoji_library_read_events_finish (KHOJI_LIBRARY (source), result, &error);
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->details_cancellable);
  asked = self->details_asked;
  if (events == NULL)
    {
      /* A tooltip is no place for the archive's faults: the window's bar
       * says them. Nothing is kept, so the next look tries again. */
      g_debug ("Could not read the details of events: %s", error->message);
      self->tooltip_wanted = FALSE;
      self->activate_wanted = 0;
      return;
    }
  /* What was asked and is not there is not asked again. */
  for (guint i = 0; asked != NULL && i < asked->len; i++)
    if (!g_hash_table_contains (self->details, &g_array_index (asked, gint64, i)))
      g_hash_table_insert (self->details, g_memdup2 (&g_array_index (asked, gint64, i), sizeof (gint64)), NULL);
  for (guint i = 0; i < events->len; i++)
    {
      KhojiEvent *event = g_ptr_array_index (events, i);
      gint64 id = khoji_event_get_id (event);

      g_hash_table_replace (self->details, g_memdup2 (&id, sizeof id), g_object_ref (event));
    }

  update_accessible_description (self);
  if (self->tooltip_wanted)
    {
      self->tooltip_wanted = FALSE;
      gtk_widget_trigger_tooltip_query (GTK_WIDGET (self));
    }
  if (self->activate_wanted != 0)
    {
      gint64 id = self->activate_wanted;
      KhojiEvent *event = g_hash_table_lookup (self->details, &id);

      self->activate_wanted = 0;
      if (event != NULL)
        g_signal_emit (self, signals[EVENT_ACTIVATED], 0, event);
    }
}

/* Reads these events' details on the library's thread; a newer read
 * replaces one under way (what it was wanted for stays wanted). */
static void
read_details (KhojiTimeline *self,
              GArray        *ids)
{
  GWeakRef *ref;

  if (self->library == NULL || ids->len == 0)
    return;
  if (self->details_cancellable != NULL)
    g_cancellable_cancel (self->details_cancellable);
  g_clear_object (&self->details_cancellable);
  self->details_cancellable = g_cancellable_new ();
  g_array_set_size (self->details_asked, 0);
  g_array_append_vals (self->details_asked, ids->data, ids->len);
  ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (ref, self);
  khoji_library_read_events_async (self->library, ids, self->details_cancellable, on_details_read, ref);
}

static void
update_accessible_description (KhojiTimeline *self)
{
  g_autofree char *description = NULL;
  g_autoptr(KhojiEvent) event = NULL;

  if (self->focus_mark >= 0 && (guint) self->focus_mark < self->marks->len)
    {
      gboolean missing = FALSE;

      event = dup_mark_event (self, mark_at (self, self->focus_mark), 0, &missing);
      if (missing)
        {
          g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
          gint64 id = mark_event_id (self, mark_at (self, self->focus_mark), 0);

          g_array_append_val (ids, id);
          read_details (self, ids);
        }
    }

  if (event != NULL)
    description = g_strdup_printf ("%s — %s", khoji_event_get_text (event),
                                   khoji_event_get_sentence (event));
  else
    description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u dated event", "%u dated events",
                                                self->n_events),
                                   self->n_events);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

static void
assign_lanes (KhojiTimeline *self)
{
  g_autoptr(GArray) lane_ends = g_array_new (FALSE, FALSE, sizeof (guint32));

  /* Greedy packing in day space: stable whatever the zoom, so bars do not
   * jump between rows as one zooms. */
  for (guint i = 0; i < self->spans->len; i++)
    {
      Mark *mark = mark_at (self, g_array_index (self->spans, guint, i));
      guint lane;

      for (lane = 0; lane < lane_ends->len; lane++)
        if (g_array_index (lane_ends, guint32, lane) < mark->first)
          break;
      if (lane == lane_ends->len)
        g_array_append_val (lane_ends, mark->last);
      else
        g_array_index (lane_ends, guint32, lane) = mark->last;
      mark->lane = lane;
    }

  self->n_lanes = lane_ends->len;
}

/* The library hands the events in mark order already; anything else
 * (events of several queries put together) is sorted here. */
static GArray *
usable_events (GArray *events)
{
  GArray *copy;
  gboolean in_order = TRUE;

  for (guint i = 0; i < events->len && in_order; i++)
    {
      const KhojiEventRef *ref = &g_array_index (events, KhojiEventRef, i);

      if (!event_ref_usable (ref) ||
          (i > 0 && khoji_event_ref_compare (ref - 1, ref) > 0 && !same_mark (ref - 1, ref)))
        in_order = FALSE;
    }
  if (in_order)
    return g_array_ref (events);

  copy = g_array_sized_new (FALSE, FALSE, sizeof (KhojiEventRef), events->len);
  for (guint i = 0; i < events->len; i++)
    {
      const KhojiEventRef *ref = &g_array_index (events, KhojiEventRef, i);

      if (event_ref_usable (ref))
        g_array_append_vals (copy, ref, 1);
    }
  g_array_sort (copy, khoji_event_ref_compare);
  return copy;
}

void
khoji_timeline_set_events (KhojiTimeline *self,
                           GArray        *events)
{
  guint sum = 0;
  guint32 reach = 0;

  g_return_if_fail (KHOJI_IS_TIMELINE (self));
  g_return_if_fail (events == NULL || g_array_get_element_size (events) == sizeof (KhojiEventRef));

  g_array_set_size (self->marks, 0);
  g_array_set_size (self->points, 0);
  g_array_set_size (self->point_sums, 0);
  g_array_set_size (self->spans, 0);
  g_array_set_size (self->span_reach, 0);
  g_array_set_size (self->regions, 0);
  self->n_lanes = 0;
  self->min_day = G_MAXUINT32;
  self->max_day = 0;
  self->focus_mark = -1;
  /* New events (after a correction, an import): read their details anew. */
  if (self->details_cancellable != NULL)
    g_cancellable_cancel (self->details_cancellable);
  g_clear_object (&self->details_cancellable);
  g_hash_table_remove_all (self->details);
  self->tooltip_wanted = FALSE;
  self->activate_wanted = 0;

  {
    /* The new events first: they may be the very array held now. */
    GArray *old = g_steal_pointer (&self->events);

    self->events = events ? usable_events (events) : g_array_new (FALSE, FALSE, sizeof (KhojiEventRef));
    g_clear_pointer (&old, g_array_unref);
  }
  self->n_events = self->events->len;

  for (guint i = 0; i < self->events->len; i++)
    {
      const KhojiEventRef *ref = &g_array_index (self->events, KhojiEventRef, i);
      Mark mark = { 0 };

      if (i > 0 && same_mark (ref - 1, ref))
        {
          mark_at (self, self->marks->len - 1)->n_events++;
          continue;
        }
      mark.first = ref->first_day;
      mark.last = ref->last_day;
      mark.kind = ref->kind;
      mark.start = i;
      mark.n_events = 1;
      g_array_append_val (self->marks, mark);
    }

  g_array_append_val (self->point_sums, sum);
  for (guint i = 0; i < self->marks->len; i++)
    {
      Mark *mark = mark_at (self, i);

      self->min_day = MIN (self->min_day, mark->first);
      self->max_day = MAX (self->max_day, mark->last);
      if (mark->kind == KHOJI_EVENT_DAY)
        {
          mark->pos = self->points->len;
          g_array_append_val (self->points, i);
          sum += mark->n_events;
          g_array_append_val (self->point_sums, sum);
        }
      else
        {
          mark->pos = self->spans->len;
          g_array_append_val (self->spans, i);
          reach = MAX (reach, mark->last);
          g_array_append_val (self->span_reach, reach);
        }
    }
  assign_lanes (self);

  update_accessible_description (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_EVENTS]);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
khoji_timeline_set_library (KhojiTimeline *self,
                            KhojiLibrary  *library)
{
  g_return_if_fail (KHOJI_IS_TIMELINE (self));

  if (self->library == library)
    return;
  if (self->details_cancellable != NULL)
    g_cancellable_cancel (self->details_cancellable);
  g_clear_object (&self->details_cancellable);
  g_hash_table_remove_all (self->details);
  g_set_object (&self->library, library);
  update_accessible_description (self);
}

void
khoji_timeline_get_drawn (KhojiTimeline *self,
                          guint         *n_circles,
                          guint         *n_bars,
                          guint         *n_events)
{
  g_return_if_fail (KHOJI_IS_TIMELINE (self));

  if (n_circles)
    *n_circles = self->drawn_circles;
  if (n_bars)
    *n_bars = self->drawn_bars;
  if (n_events)
    *n_events = self->drawn_events;
}

guint
khoji_timeline_get_n_events (KhojiTimeline *self)
{
  g_return_val_if_fail (KHOJI_IS_TIMELINE (self), 0);

  return self->n_events;
}

double
khoji_timeline_get_zoom (KhojiTimeline *self)
{
  g_return_val_if_fail (KHOJI_IS_TIMELINE (self), 1.0);

  return self->zoom;
}

static void
zoom_at (KhojiTimeline *self,
         double         zoom,
         double         x)
{
  double day;

  zoom = CLAMP (zoom, KHOJI_TIMELINE_MIN_ZOOM, KHOJI_TIMELINE_MAX_ZOOM);
  if (zoom == self->zoom)
    return;

  /* Keep the day under x where it is, so zooming feels anchored. */
  day = x_to_day (self, x);
  self->zoom = zoom;
  self->origin = day - x / zoom;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
khoji_timeline_set_zoom (KhojiTimeline *self,
                         double         zoom)
{
  g_return_if_fail (KHOJI_IS_TIMELINE (self));

  zoom_at (self, zoom, timeline_width (self) / 2.0);
}

void
khoji_timeline_zoom_in (KhojiTimeline *self)
{
  g_return_if_fail (KHOJI_IS_TIMELINE (self));

  khoji_timeline_set_zoom (self, self->zoom * ZOOM_STEP);
}

void
khoji_timeline_zoom_out (KhojiTimeline *self)
{
  g_return_if_fail (KHOJI_IS_TIMELINE (self));

  khoji_timeline_set_zoom (self, self->zoom / ZOOM_STEP);
}

void
khoji_timeline_show_range (KhojiTimeline *self,
                           guint32        first_day,
                           guint32        last_day)
{
  int width;
  double zoom;

  g_return_if_fail (KHOJI_IS_TIMELINE (self));

  width = timeline_width (self);
  if (width <= 2 * FIT_MARGIN)
    {
      self->range_pending = TRUE;
      self->pending_first = first_day;
      self->pending_last = last_day;
      self->latest_pending = FALSE;
      return;
    }
  self->range_pending = FALSE;
  self->latest_pending = FALSE;

  if (last_day < first_day)
    last_day = first_day;

  zoom = (width - 2 * FIT_MARGIN) / (double) (last_day - first_day + 1);
  zoom = CLAMP (zoom, KHOJI_TIMELINE_MIN_ZOOM, KHOJI_TIMELINE_MAX_ZOOM);
  self->origin = (first_day + last_day + 1) / 2.0 - (width / 2.0) / zoom;
  if (zoom != self->zoom)
    {
      self->zoom = zoom;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
khoji_timeline_zoom_fit (KhojiTimeline *self)
{
  g_return_if_fail (KHOJI_IS_TIMELINE (self));

  if (self->marks->len == 0)
    return;

  self->range_pending = FALSE;
  self->latest_pending = FALSE;
  khoji_timeline_show_range (self, self->min_day, self->max_day);
}

void
khoji_timeline_reveal_latest (KhojiTimeline *self)
{
  int width;

  g_return_if_fail (KHOJI_IS_TIMELINE (self));

  width = timeline_width (self);
  if (width <= 2 * FIT_MARGIN)
    {
      self->latest_pending = TRUE;
      self->range_pending = FALSE;
      return;
    }
  self->latest_pending = FALSE;

  if (self->marks->len == 0)
    return;

  /* The newest dates near the right edge, at the zoom the person chose
   * last time: news is read from the recent end. */
  self->origin = self->max_day + 1 - (width - 2 * FIT_MARGIN) / self->zoom;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
khoji_timeline_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  KhojiTimeline *self = KHOJI_TIMELINE (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 160;
      *natural = 640;
    }
  else
    {
      *minimum = (int) (SPAN_ROW_TOP + SPAN_ROW_HEIGHT);
      *natural = (int) (SPAN_ROW_TOP + MAX (self->n_lanes, 3) * SPAN_ROW_HEIGHT + 8);
    }
}

static void
khoji_timeline_size_allocate (GtkWidget *widget,
                              int        width,
                              int        height,
                              int        baseline)
{
  KhojiTimeline *self = KHOJI_TIMELINE (widget);

  self->width = width;
  /* A few rows of marks in a tall timeline would hug the axis and leave
   * the rest empty: move them down a third of the spare room. */
  self->rows_offset = MAX (0.0, (height - (SPAN_ROW_TOP + MAX (self->n_lanes, 1) * SPAN_ROW_HEIGHT) - 8) / 3.0);

  /* A range asked for before the first allocation needs the real width. */
  if (self->range_pending && width > 2 * FIT_MARGIN)
    khoji_timeline_show_range (self, self->pending_first, self->pending_last);
  else if (self->latest_pending && width > 2 * FIT_MARGIN)
    khoji_timeline_reveal_latest (self);
}

/* ---- Interaction ---- */

static const HitRegion *
hit_test (KhojiTimeline *self,
          double         x,
          double         y)
{
  /* Regions are recorded in the rows' own, shifted coordinates. */
  y -= self->rows_offset;

  /* Points are drawn last, on top, so look at them first. */
  for (guint i = self->regions->len; i > 0; i--)
    {
      const HitRegion *region = &g_array_index (self->regions, HitRegion, i - 1);

      if (graphene_rect_contains_point (&region->rect, &GRAPHENE_POINT_INIT (x, y)))
        return region;
    }
  return NULL;
}

static char *
describe_date (KhojiEvent *event)
{
  const char *value = khoji_event_get_value (event);

  if (value == NULL || g_strcmp0 (value, khoji_event_get_text (event)) == 0)
    return g_strdup (khoji_event_get_text (event));
  return g_strdup_printf ("%s (%s)", khoji_event_get_text (event), value);
}

/* The tooltip of these marks: up to four events with their sentences.
 * NULL while their details are read: the read asks for the tooltip
 * again when it is back. */
static char *
tooltip_markup (KhojiTimeline *self,
                const guint   *marks,
                guint          n)
{
  g_autoptr(GString) markup = g_string_new (NULL);
  g_autoptr(GArray) missing = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint total = 0, shown = 0;

  for (guint i = 0; i < n; i++)
    total += mark_at (self, marks[i])->n_events;

  /* Only the few events shown are read from the library. */
  for (guint i = 0; i < n && shown < 4; i++)
    {
      const Mark *mark = mark_at (self, marks[i]);

      for (guint k = 0; k < mark->n_events && shown < 4; k++, shown++)
        {
          gboolean unread = FALSE;
          g_autoptr(KhojiEvent) event = dup_mark_event (self, mark, k, &unread);

          if (unread)
            {
              gint64 id = mark_event_id (self, mark, k);

              g_array_append_val (missing, id);
            }
        }
    }
  if (missing->len > 0)
    {
      self->tooltip_wanted = TRUE;
      read_details (self, missing);
      return NULL;
    }

  if (total > 1)
    {
      g_autofree char *head = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u event", "%u events", total),
                                               total);

      g_string_append_printf (markup, "<b>%s</b>\n\n", head);
    }

  shown = 0;
  for (guint i = 0; i < n && shown < 4; i++)
    {
      const Mark *mark = mark_at (self, marks[i]);

      for (guint k = 0; k < mark->n_events && shown < 4; k++, shown++)
        {
          g_autoptr(KhojiEvent) event = dup_mark_event (self, mark, k, NULL);
          g_autofree char *date = NULL;
          g_autofree char *sentence = NULL;
          g_autofree char *escaped_title = NULL;
          g_autofree char *escaped_date = NULL;
          const char *text;

          if (event == NULL)
            continue;
          date = describe_date (event);
          text = khoji_event_get_sentence (event);

          /* Long sentences would make a tooltip as wide as the screen. */
          if (text != NULL && g_utf8_strlen (text, -1) > 240)
            {
              g_autofree char *cut = g_utf8_substring (text, 0, 237);
              sentence = g_markup_printf_escaped ("%s…", cut);
            }
          else
            sentence = g_markup_escape_text (text ? text : "", -1);
          escaped_title = g_markup_escape_text (khoji_event_get_article_title (event) ?: "", -1);
          escaped_date = g_markup_escape_text (date, -1);

          if (shown > 0)
            g_string_append (markup, "\n\n");
          g_string_append_printf (markup, "<b>%s</b>\n%s\n<small>%s</small>",
                                  escaped_date, sentence, escaped_title);
        }
    }

  if (total > shown)
    {
      g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "and %u more — click to zoom in",
                                                            "and %u more — click to zoom in", total - shown),
                                               total - shown);
      g_string_append_printf (markup, "\n\n<i>%s</i>", more);
    }
  return g_string_free (g_steal_pointer (&markup), FALSE);
}

char *
khoji_timeline_dup_mark_tooltip (KhojiTimeline *self,
                                 guint          index)
{
  g_return_val_if_fail (KHOJI_IS_TIMELINE (self), NULL);

  if (index >= self->marks->len)
    return NULL;
  return tooltip_markup (self, &index, 1);
}

gboolean
khoji_timeline_get_reading (KhojiTimeline *self)
{
  g_return_val_if_fail (KHOJI_IS_TIMELINE (self), FALSE);

  return self->details_cancellable != NULL;
}

static gboolean
khoji_timeline_query_tooltip (GtkWidget  *widget,
                              int         x,
                              int         y,
                              gboolean    keyboard_tooltip,
                              GtkTooltip *tooltip)
{
  KhojiTimeline *self = KHOJI_TIMELINE (widget);
  g_autofree char *markup = NULL;
  const guint *marks;
  guint focus_index;
  guint n;

  if (keyboard_tooltip)
    {
      if (self->focus_mark < 0 || (guint) self->focus_mark >= self->marks->len)
        return FALSE;
      focus_index = self->focus_mark;
      marks = &focus_index;
      n = 1;
    }
  else
    {
      const HitRegion *region = hit_test (self, x, y);

      if (region == NULL)
        return FALSE;
      marks = region->marks;
      n = region->n_marks;
    }

  markup = tooltip_markup (self, marks, n);
  if (markup == NULL)
    return FALSE;

  {
    /* A wrapping label: sentences are long and the tooltip should not
     * span the screen. */
    GtkWidget *label = gtk_label_new (NULL);

    gtk_label_set_markup (GTK_LABEL (label), markup);
    gtk_label_set_wrap (GTK_LABEL (label), TRUE);
    gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
    gtk_label_set_max_width_chars (GTK_LABEL (label), 60);
    gtk_label_set_xalign (GTK_LABEL (label), 0);
    gtk_tooltip_set_custom (tooltip, label);
  }
  return TRUE;
}

void
khoji_timeline_activate_mark (KhojiTimeline *self,
                              guint          index)
{
  g_autoptr(KhojiEvent) event = NULL;
  gboolean unread = FALSE;

  g_return_if_fail (KHOJI_IS_TIMELINE (self));

  if (index >= self->marks->len)
    return;

  event = dup_mark_event (self, mark_at (self, index), 0, &unread);
  if (event != NULL)
    g_signal_emit (self, signals[EVENT_ACTIVATED], 0, event);
  else if (unread)
    {
      g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      gint64 id = mark_event_id (self, mark_at (self, index), 0);

      /* Emitted when the read is back. */
      self->activate_wanted = id;
      g_array_append_val (ids, id);
      read_details (self, ids);
    }
}

static void
on_click_released (GtkGestureClick *gesture,
                   int              n_press,
                   double           x,
                   double           y,
                   KhojiTimeline   *self)
{
  const HitRegion *region;

  gtk_widget_grab_focus (GTK_WIDGET (self));

  region = hit_test (self, x, y);
  if (region == NULL)
    return;

  if (region->n_marks > 1)
    {
      /* A cluster opens up rather than picking one event at random. */
      const Mark *first = mark_at (self, region->marks[0]);
      const Mark *last = mark_at (self, region->marks[region->n_marks - 1]);
      guint32 a = MIN (first->first, last->first), b = MAX (first->last, last->last);

      khoji_timeline_show_range (self, a > 2 ? a - 2 : a, b + 2);
      return;
    }

  self->focus_mark = region->marks[0];
  update_accessible_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  khoji_timeline_activate_mark (self, region->marks[0]);
}


static void
on_drag_begin (GtkGestureDrag *gesture,
               double          x,
               double          y,
               KhojiTimeline  *self)
{
  self->drag_origin = self->origin;
}

static void
on_drag_update (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                KhojiTimeline  *self)
{
  /* Small jitters belong to a click, not a pan. */
  if (fabs (dx) < 3 && self->origin == self->drag_origin)
    return;

  self->origin = self->drag_origin - dx / self->zoom;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
on_scroll (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           KhojiTimeline            *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));

  if (state & GDK_CONTROL_MASK)
    {
      zoom_at (self, self->zoom * pow (1.2, -dy), self->pointer_x);
      return TRUE;
    }

  /* Both wheels pan: a timeline has only one axis to move along. */
  self->origin += (dx + dy) * 40.0 / self->zoom;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return TRUE;
}

static void
on_motion (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           KhojiTimeline            *self)
{
  self->pointer_x = x;
}

static void
on_zoom_begin (GtkGesture       *gesture,
               GdkEventSequence *sequence,
               KhojiTimeline    *self)
{
  self->gesture_zoom = self->zoom;
}

static void
on_zoom_scale_changed (GtkGestureZoom *gesture,
                       double          scale,
                       KhojiTimeline  *self)
{
  double cx, cy;

  /* A touchpad pinch has its centre where the pointer is. A gesture with
   * no event of its own (GTK 4.8 would dereference it) anchors at the
   * pointer too. */
  if (!gtk_gesture_is_active (GTK_GESTURE (gesture)) ||
      !gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &cx, &cy))
    cx = self->pointer_x;
  zoom_at (self, self->gesture_zoom * scale, cx);
}

static void
ensure_mark_visible (KhojiTimeline *self,
                     const Mark    *mark)
{
  double width = timeline_width (self);
  double x0 = day_to_x (self, mark->first);
  double x1 = day_to_x (self, mark->last + 1);

  if (x0 < FIT_MARGIN || x1 > width - FIT_MARGIN)
    self->origin = (mark->first + mark->last + 1) / 2.0 - (width / 2.0) / self->zoom;
}

static void
move_focus_mark (KhojiTimeline *self,
                 int            delta)
{
  int index;

  if (self->marks->len == 0)
    return;

  if (self->focus_mark < 0)
    index = delta > 0 ? 0 : (int) self->marks->len - 1;
  else
    index = CLAMP (self->focus_mark + delta, 0, (int) self->marks->len - 1);

  self->focus_mark = index;
  ensure_mark_visible (self, mark_at (self, index));
  update_accessible_description (self);
  gtk_widget_trigger_tooltip_query (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}


static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                KhojiTimeline         *self)
{
  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      move_focus_mark (self, -1);
      return TRUE;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      move_focus_mark (self, 1);
      return TRUE;
    case GDK_KEY_Home:
      self->focus_mark = -1;
      move_focus_mark (self, 1);
      return TRUE;
    case GDK_KEY_End:
      self->focus_mark = -1;
      move_focus_mark (self, -1);
      return TRUE;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_space:
      if (self->focus_mark >= 0)
        khoji_timeline_activate_mark (self, self->focus_mark);
      return TRUE;
    case GDK_KEY_plus:
    case GDK_KEY_equal:
    case GDK_KEY_KP_Add:
      khoji_timeline_zoom_in (self);
      return TRUE;
    case GDK_KEY_minus:
    case GDK_KEY_KP_Subtract:
      khoji_timeline_zoom_out (self);
      return TRUE;
    default:
      return FALSE;
    }
}

static void
on_focus_changed (KhojiTimeline *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
khoji_timeline_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  KhojiTimeline *self = KHOJI_TIMELINE (object);

  switch (prop_id)
    {
    case PROP_ZOOM:
      g_value_set_double (value, self->zoom);
      break;
    case PROP_N_EVENTS:
      g_value_set_uint (value, self->n_events);
      break;
    case PROP_START_DAY:
      g_value_set_double (value, x_to_day (self, 0));
      break;
    case PROP_END_DAY:
      g_value_set_double (value, x_to_day (self, timeline_width (self)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
khoji_timeline_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  KhojiTimeline *self = KHOJI_TIMELINE (object);

  switch (prop_id)
    {
    case PROP_ZOOM:
      khoji_timeline_set_zoom (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}


static void
khoji_timeline_finalize (GObject *object)
{
  KhojiTimeline *self = KHOJI_TIMELINE (object);

  if (self->details_cancellable != NULL)
    g_cancellable_cancel (self->details_cancellable);
  g_clear_object (&self->details_cancellable);
  g_clear_pointer (&self->details, g_hash_table_unref);
  g_clear_pointer (&self->details_asked, g_array_unref);
  g_clear_object (&self->library);
  g_clear_pointer (&self->events, g_array_unref);
  g_clear_pointer (&self->marks, g_array_unref);
  g_clear_pointer (&self->points, g_array_unref);
  g_clear_pointer (&self->point_sums, g_array_unref);
  g_clear_pointer (&self->spans, g_array_unref);
  g_clear_pointer (&self->span_reach, g_array_unref);
  g_clear_pointer (&self->regions, g_array_unref);

  G_OBJECT_CLASS (khoji_timeline_parent_class)->finalize (object);
}

static void
khoji_timeline_class_init (KhojiTimelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = khoji_timeline_get_property;
  object_class->set_property = khoji_timeline_set_property;
  object_class->finalize = khoji_timeline_finalize;

  widget_class->measure = khoji_timeline_measure;
  widget_class->size_allocate = khoji_timeline_size_allocate;
  widget_class->snapshot = _khoji_timeline_snapshot;
  widget_class->query_tooltip = khoji_timeline_query_tooltip;

  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL,
                         KHOJI_TIMELINE_MIN_ZOOM, KHOJI_TIMELINE_MAX_ZOOM, 0.5,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_EVENTS] =
    g_param_spec_uint ("n-events", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* The Julian days at the left and right edges, for tests and tools
   * that ask what is in view; not notified, they change on every pan. */
  properties[PROP_START_DAY] =
    g_param_spec_double ("start-day", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_END_DAY] =
    g_param_spec_double ("end-day", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[EVENT_ACTIVATED] =
    g_signal_new ("event-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, KHOJI_TYPE_EVENT);

  gtk_widget_class_set_css_name (widget_class, "timeline");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}


static void
khoji_timeline_init (KhojiTimeline *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkEventController *controller;
  GtkGesture *gesture;

  self->events = g_array_new (FALSE, FALSE, sizeof (KhojiEventRef));
  self->marks = g_array_new (FALSE, FALSE, sizeof (Mark));
  self->points = g_array_new (FALSE, FALSE, sizeof (guint));
  self->point_sums = g_array_new (FALSE, FALSE, sizeof (guint));
  self->spans = g_array_new (FALSE, FALSE, sizeof (guint));
  self->span_reach = g_array_new (FALSE, FALSE, sizeof (guint32));
  self->regions = g_array_new (FALSE, FALSE, sizeof (HitRegion));
  self->details = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, unref_event);
  self->details_asked = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->zoom = 0.5;
  self->focus_mark = -1;
  self->range_pending = FALSE;

  /* Start near today rather than at year 1 before anything is loaded. */
  {
    GDate today;

    g_date_clear (&today, 1);
    g_date_set_time_t (&today, time (NULL));
    self->origin = g_date_get_julian (&today) - 365;
  }

  gtk_widget_set_focusable (widget, TRUE);
  gtk_widget_set_has_tooltip (widget, TRUE);
  gtk_widget_set_overflow (widget, GTK_OVERFLOW_HIDDEN);

  gesture = gtk_gesture_click_new ();
  g_signal_connect (gesture, "released", G_CALLBACK (on_click_released), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_drag_new ();
  g_signal_connect (gesture, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (gesture, "drag-update", G_CALLBACK (on_drag_update), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_zoom_new ();
  g_signal_connect (gesture, "begin", G_CALLBACK (on_zoom_begin), self);
  g_signal_connect (gesture, "scale-changed", G_CALLBACK (on_zoom_scale_changed), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (gesture));

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  g_signal_connect (controller, "scroll", G_CALLBACK (on_scroll), self);
  gtk_widget_add_controller (widget, controller);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "motion", G_CALLBACK (on_motion), self);
  gtk_widget_add_controller (widget, controller);

  controller = gtk_event_controller_key_new ();
  g_signal_connect (controller, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (widget, controller);

  controller = gtk_event_controller_focus_new ();
  g_signal_connect_swapped (controller, "enter", G_CALLBACK (on_focus_changed), self);
  g_signal_connect_swapped (controller, "leave", G_CALLBACK (on_focus_changed), self);
  gtk_widget_add_controller (widget, controller);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Timeline"),
                                  -1);
  update_accessible_description (self);
}

GtkWidget *
khoji_timeline_new (void)
{
  return g_object_new (KHOJI_TYPE_TIMELINE, NULL);
}
