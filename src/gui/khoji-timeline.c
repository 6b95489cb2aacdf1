/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-timeline"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "khoji-timeline.h"

/* Geometry, in pixels. The axis sits on top so that labels stay put while
 * the rows of marks grow downwards. */
#define AXIS_HEIGHT      30.0
#define POINT_ROW_Y      (AXIS_HEIGHT + 20.0)
#define SPAN_ROW_TOP     (AXIS_HEIGHT + 40.0)
#define SPAN_ROW_HEIGHT  16.0
#define POINT_RADIUS     6.0
#define CLUSTER_RADIUS   10.0
#define CLUSTER_DISTANCE 24.0   /* points closer than this share a circle: two cluster circles never overlap */
#define MIN_TICK_SPACING 80.0   /* room for one axis label */
#define FIT_MARGIN       24.0
#define ZOOM_STEP        1.5
#define MAX_DRAWN_LANES  64     /* rows of bars; more would not fit any window */

/* Events with the same days and kind are drawn as one mark with a count:
 * ten articles saying “June 2025” are one bar, not ten. The events of a
 * mark are neighbours in self->events, so a mark is a range of them. */
typedef struct {
  guint32 first;
  guint32 last;
  guint8  kind;       /* KhojiEventKind */
  guint   lane;       /* bars only */
  guint   pos;        /* index in self->points or self->spans */
  guint   start;      /* first event in self->events */
  guint   n_events;
} Mark;

/* What the last snapshot drew where, for hover, click and keyboard. */
typedef struct {
  graphene_rect_t rect;
  const guint    *marks;        /* into points->data or spans->data: indices of self->marks */
  guint           n_marks;
} HitRegion;

struct _KhojiTimeline
{
  GtkWidget   parent_instance;

  /* A million events are a million of these 32-byte records and a few
   * thousand marks: a frame looks only at the marks in view, found by
   * binary search, and sums cluster counts from prefix sums. */
  GArray     *events;       /* of KhojiEventRef, by first day, last day, kind */
  GArray     *marks;        /* of Mark, in the same order: the keyboard's order */
  GArray     *points;       /* of guint: the KHOJI_EVENT_DAY marks, by day */
  GArray     *point_sums;   /* of guint: events in points[0 .. i), one more than points */
  GArray     *spans;        /* of guint: the other marks, by first day */
  GArray     *span_reach;   /* of guint32: the latest last day of spans[0 .. i] */
  guint       n_events;
  guint       n_lanes;
  guint32     min_day;
  guint32     max_day;

  KhojiTimelineDetailsFunc details_func;
  gpointer                 details_data;
  GDestroyNotify           details_destroy;

  int         width;        /* from the last size_allocate */
  double      rows_offset;  /* marks sit lower when there is room to spare */
  double      origin;       /* Julian day at x = 0 */
  double      zoom;         /* pixels per day */
  gboolean    range_pending;   /* show_range() before the first allocation */
  guint32     pending_first;
  guint32     pending_last;
  gboolean    latest_pending;

  int         focus_mark;   /* index into marks, -1 for none */
  GArray     *regions;      /* of HitRegion */
  guint       drawn_circles;
  guint       drawn_bars;
  guint       drawn_events;

  double      pointer_x;
  double      drag_origin;
  double      gesture_zoom;
};

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

static inline Mark *
mark_at (KhojiTimeline *self,
         guint          index)
{
  return &g_array_index (self->marks, Mark, index);
}

static inline gboolean
same_mark (const KhojiEventRef *a,
           const KhojiEventRef *b)
{
  return a->first_day == b->first_day && a->last_day == b->last_day && a->kind == b->kind;
}

static inline gboolean
event_ref_usable (const KhojiEventRef *ref)
{
  return ref->first_day != 0 && g_date_valid_julian (ref->first_day) &&
         ref->last_day >= ref->first_day && ref->kind <= KHOJI_EVENT_INTERVAL;
}

/* The width of the last allocation: inside size_allocate the widget's
 * own width is not updated yet. */
static int
timeline_width (KhojiTimeline *self)
{
  return self->width > 0 ? self->width : gtk_widget_get_width (GTK_WIDGET (self));
}

static inline double
day_to_x (KhojiTimeline *self,
          double         day)
{
  return (day - self->origin) * self->zoom;
}

static inline double
x_to_day (KhojiTimeline *self,
          double         x)
{
  return self->origin + x / self->zoom;
}

static void
get_color (KhojiTimeline *self,
           const char    *name,
           GdkRGBA       *color)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));

  /* GTK 4.8 has no gtk_widget_get_color(); the style context still knows
   * the theme's named colours, which follow dark mode and high contrast. */
  if (name == NULL || !gtk_style_context_lookup_color (context, name, color))
    gtk_style_context_get_color (context, color);
}

/* The first event of a mark, with its sentence: NULL without a details
 * function or when the library no longer has it. */
static KhojiEvent *
dup_mark_event (KhojiTimeline *self,
                const Mark    *mark,
                guint          k)
{
  if (self->details_func == NULL || k >= mark->n_events)
    return NULL;
  return self->details_func (g_array_index (self->events, KhojiEventRef, mark->start + k).id,
                             self->details_data);
}

static void
update_accessible_description (KhojiTimeline *self)
{
  g_autofree char *description = NULL;
  g_autoptr(KhojiEvent) event = NULL;

  if (self->focus_mark >= 0 && (guint) self->focus_mark < self->marks->len)
    event = dup_mark_event (self, mark_at (self, self->focus_mark), 0);

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
khoji_timeline_set_details_func (KhojiTimeline            *self,
                                 KhojiTimelineDetailsFunc  func,
                                 gpointer                  user_data,
                                 GDestroyNotify            destroy)
{
  g_return_if_fail (KHOJI_IS_TIMELINE (self));

  if (self->details_destroy)
    self->details_destroy (self->details_data);
  self->details_func = func;
  self->details_data = user_data;
  self->details_destroy = destroy;
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

/* ---- Axis ---- */

typedef enum {
  UNIT_DAY,
  UNIT_MONTH,
  UNIT_YEAR,
} TickUnit;

static void
choose_ticks (double    zoom,
              TickUnit *unit,
              guint    *step)
{
  static const guint day_steps[] = { 1, 2, 7, 14 };
  static const guint month_steps[] = { 1, 3, 6 };
  static const guint year_steps[] = { 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000 };

  for (guint i = 0; i < G_N_ELEMENTS (day_steps); i++)
    if (day_steps[i] * zoom >= MIN_TICK_SPACING)
      {
        *unit = UNIT_DAY;
        *step = day_steps[i];
        return;
      }
  for (guint i = 0; i < G_N_ELEMENTS (month_steps); i++)
    if (month_steps[i] * 30.44 * zoom >= MIN_TICK_SPACING)
      {
        *unit = UNIT_MONTH;
        *step = month_steps[i];
        return;
      }
  for (guint i = 0; i < G_N_ELEMENTS (year_steps); i++)
    if (year_steps[i] * 365.25 * zoom >= MIN_TICK_SPACING || i + 1 == G_N_ELEMENTS (year_steps))
      {
        *unit = UNIT_YEAR;
        *step = year_steps[i];
        return;
      }
}

/* The locale of the axis labels: that of the translation the UI shows,
 * not of LC_TIME, so a Hindi UI gets Hindi months even where no hi_IN
 * libc locale is installed, and an untranslated UI stays English. */
static const char *
axis_locale (void)
{
  static char *locale;

  if (locale == NULL)
    {
      /* Translators: the ICU locale of this translation, e.g. "hi": the timeline axis's month names */
      const char *translated = C_("ICU locale", "en");
      const char * const *names = g_get_language_names ();

      locale = g_strdup (translated);
      /* English has no catalogue; the person's own English (en_GB, en_IN)
       * still decides “2 Jun” or “Jun 2”. */
      for (guint i = 0; g_str_equal (translated, "en") && names[i] != NULL; i++)
        if (g_str_has_prefix (names[i], "en_") && strpbrk (names[i], ".@") == NULL)
          {
            g_free (locale);
            locale = g_strdup (names[i]);
            break;
          }
    }
  return locale;
}

static char *
format_tick (TickUnit  unit,
             GDate    *date,
             gboolean  first_tick)
{
  const char *skeleton;
  char *label;

  /* The first label and those where the year turns carry the year, the
   * others only what changes. */
  switch (unit)
    {
    case UNIT_DAY:
      skeleton = (first_tick || g_date_get_day (date) <= 1) ? "dMMMy" : "dMMM";
      break;
    case UNIT_MONTH:
      skeleton = (first_tick || g_date_get_month (date) == G_DATE_JANUARY) ? "MMMMy" : "MMMM";
      break;
    case UNIT_YEAR:
    default:
      skeleton = "y";
      break;
    }

  label = khoji_format_date (g_date_get_year (date), g_date_get_month (date),
                             g_date_get_day (date), skeleton, axis_locale ());
  return label != NULL ? label : g_strdup ("");
}

static void
advance_date (GDate    *date,
              TickUnit  unit,
              guint     step)
{
  switch (unit)
    {
    case UNIT_DAY:
      g_date_add_days (date, step);
      break;
    case UNIT_MONTH:
      g_date_add_months (date, step);
      break;
    case UNIT_YEAR:
    default:
      g_date_add_years (date, step);
      break;
    }
}

static void
align_date (GDate    *date,
            TickUnit  unit,
            guint     step)
{
  switch (unit)
    {
    case UNIT_DAY:
      if (step == 7 || step == 14)
        {
          /* Weeks start on Monday, so the grid matches a calendar. */
          while (g_date_get_weekday (date) != G_DATE_MONDAY)
            g_date_subtract_days (date, 1);
        }
      break;
    case UNIT_MONTH:
      g_date_set_day (date, 1);
      while ((g_date_get_month (date) - 1) % step != 0)
        g_date_subtract_months (date, 1);
      break;
    case UNIT_YEAR:
    default:
      g_date_set_day (date, 1);
      g_date_set_month (date, G_DATE_JANUARY);
      if (g_date_get_year (date) > step)
        g_date_set_year (date, g_date_get_year (date) - g_date_get_year (date) % step);
      break;
    }
}

static void
snapshot_axis (KhojiTimeline *self,
               GtkSnapshot   *snapshot,
               double         width,
               double         height)
{
  GdkRGBA fg, grid;
  TickUnit unit;
  guint step;
  double first_day, last_day;
  GDate date;
  gboolean first_tick = TRUE;

  get_color (self, NULL, &fg);
  /* The theme's border colour is faint normally and firm in high
   * contrast, as the grid should be. */
  if (!gtk_style_context_lookup_color (gtk_widget_get_style_context (GTK_WIDGET (self)), "borders", &grid))
    {
      grid = fg;
      grid.alpha *= 0.15;
    }

  gtk_snapshot_append_color (snapshot, &grid,
                             &GRAPHENE_RECT_INIT (0, AXIS_HEIGHT - 1, width, 1));

  choose_ticks (self->zoom, &unit, &step);
  first_day = MAX (1.0, x_to_day (self, 0));
  last_day = x_to_day (self, width);
  if (!g_date_valid_julian ((guint32) first_day))
    return;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, (guint32) first_day);
  align_date (&date, unit, step);

  for (guint guard = 0; guard < 400; guard++)
    {
      double x = day_to_x (self, g_date_get_julian (&date));
      double label_x = MAX (x, 0) + 4;
      double next_x;
      GDate next = date;
      g_autofree char *label = NULL;
      PangoLayout *layout;
      int label_width;

      if (g_date_get_julian (&date) > last_day)
        break;

      advance_date (&next, unit, step);
      next_x = g_date_valid (&next) ? day_to_x (self, g_date_get_julian (&next)) : width;

      gtk_snapshot_append_color (snapshot, &grid,
                                 &GRAPHENE_RECT_INIT (floor (x), 4, 1, height - 4));

      /* The tick cut by the left edge keeps its label pinned there, as
       * context (“which year am I in?”), unless the next label needs
       * the room. */
      label = format_tick (unit, &date, first_tick);
      layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), label);
      pango_layout_get_pixel_size (layout, &label_width, NULL);
      if (label_x + label_width + 6 <= next_x || x >= 0)
        {
          gtk_snapshot_save (snapshot);
          gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (label_x, 6));
          gtk_snapshot_append_layout (snapshot, layout, &fg);
          gtk_snapshot_restore (snapshot);
          first_tick = FALSE;
        }
      g_object_unref (layout);

      if (!g_date_valid (&next))
        break;
      date = next;
    }
}

/* ---- Marks ---- */

static void
append_circle (GtkSnapshot   *snapshot,
               double         cx,
               double         cy,
               double         radius,
               const GdkRGBA *color)
{
  GskRoundedRect rounded;

  gsk_rounded_rect_init_from_rect (&rounded,
                                   &GRAPHENE_RECT_INIT (cx - radius, cy - radius, 2 * radius, 2 * radius),
                                   radius);
  gtk_snapshot_push_rounded_clip (snapshot, &rounded);
  gtk_snapshot_append_color (snapshot, color, &rounded.bounds);
  gtk_snapshot_pop (snapshot);
}

static void
append_ring (GtkSnapshot   *snapshot,
             double         cx,
             double         cy,
             double         radius,
             const GdkRGBA *color)
{
  GskRoundedRect rounded;
  const GdkRGBA colors[4] = { *color, *color, *color, *color };
  const float widths[4] = { 2, 2, 2, 2 };

  gsk_rounded_rect_init_from_rect (&rounded,
                                   &GRAPHENE_RECT_INIT (cx - radius, cy - radius, 2 * radius, 2 * radius),
                                   radius);
  gtk_snapshot_append_border (snapshot, &rounded, widths, colors);
}

/* A cluster's circle holds three digits; a large library's clusters
 * reach millions, shown short ("12k", "1M": floor, so never more than
 * there are). The tooltip and the accessible description give the exact
 * number. */
char *
khoji_timeline_format_cluster_count (guint count)
{
  if (count < 1000)
    return g_strdup_printf ("%u", count);
  if (count < 1000000)
    /* Translators: a count of thousands on a timeline cluster, e.g. "12k" */
    return g_strdup_printf (C_("timeline count", "%uk"), count / 1000);
  /* Translators: a count of millions on a timeline cluster, e.g. "1M" */
  return g_strdup_printf (C_("timeline count", "%uM"), count / 1000000);
}

static void
append_count (KhojiTimeline *self,
              GtkSnapshot   *snapshot,
              guint          count,
              double         cx,
              double         cy,
              gboolean       in_circle,
              const GdkRGBA *color)
{
  g_autofree char *text = in_circle ? khoji_timeline_format_cluster_count (count) : g_strdup_printf ("%u", count);
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  PangoAttrList *attrs = pango_attr_list_new ();
  int w, h;

  pango_attr_list_insert (attrs, pango_attr_scale_new (0.75));
  pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  pango_layout_get_pixel_size (layout, &w, &h);

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (cx - w / 2.0, cy - h / 2.0));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
  g_object_unref (layout);
}

static void
add_region (KhojiTimeline *self,
            double x, double y, double w, double h,
            const guint *marks, guint n_marks)
{
  HitRegion region = { GRAPHENE_RECT_INIT (x, y, w, h), marks, n_marks };

  g_array_append_val (self->regions, region);
}

static inline double
point_x (KhojiTimeline *self,
         guint          pos)
{
  return day_to_x (self, mark_at (self, g_array_index (self->points, guint, pos))->first + 0.5);
}

/* The first point at or after day, in [lo, points->len]. */
static guint
lower_bound_points (KhojiTimeline *self,
                    guint          lo,
                    double         day)
{
  guint hi = self->points->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (mark_at (self, g_array_index (self->points, guint, mid))->first < day)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* The end of the cluster that starts at point i: the first point at least
 * CLUSTER_DISTANCE to the right of it. A binary search, so a cluster of
 * thousands of days costs as little as a single point. */
static guint
cluster_end (KhojiTimeline *self,
             guint          i,
             double         x0)
{
  guint lo = i + 1, hi = self->points->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (point_x (self, mid) - x0 < CLUSTER_DISTANCE)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static void
snapshot_points (KhojiTimeline *self,
                 GtkSnapshot   *snapshot,
                 double         width,
                 const Mark    *focused)
{
  GdkRGBA accent, on_accent, fg;
  double margin_days = CLUSTER_DISTANCE / self->zoom + 1;
  guint start = lower_bound_points (self, 0, x_to_day (self, 0) - margin_days);
  gboolean ring = focused != NULL && focused->kind == KHOJI_EVENT_DAY &&
                  gtk_widget_has_focus (GTK_WIDGET (self));

  get_color (self, "accent_bg_color", &accent);
  get_color (self, "accent_fg_color", &on_accent);
  get_color (self, NULL, &fg);

  /* Only the visible slice of the sorted points is looked at, and a
   * cluster is counted from prefix sums: a frame costs the same with a
   * hundred events as with a million. */
  for (guint i = start; i < self->points->len;)
    {
      double x0 = point_x (self, i);
      guint j, count;
      double x1, cx, radius;

      if (x0 > width + CLUSTER_DISTANCE)
        break;

      j = cluster_end (self, i, x0);
      count = g_array_index (self->point_sums, guint, j) - g_array_index (self->point_sums, guint, i);
      x1 = point_x (self, j - 1);
      cx = (x0 + x1) / 2.0;
      radius = count > 1 ? CLUSTER_RADIUS : POINT_RADIUS;

      append_circle (snapshot, cx, POINT_ROW_Y, radius, &accent);
      if (count > 1)
        append_count (self, snapshot, count, cx, POINT_ROW_Y, TRUE, &on_accent);
      if (ring && focused->pos >= i && focused->pos < j)
        append_ring (snapshot, cx, POINT_ROW_Y, radius + 3, &fg);

      add_region (self, MIN (x0, cx - radius) - 2, POINT_ROW_Y - radius - 2,
                  MAX (x1 - x0, 0) + 2 * radius + 4, 2 * radius + 4,
                  &g_array_index (self->points, guint, i), j - i);
      self->drawn_circles++;
      self->drawn_events += count;

      i = j;
    }
}

/* The first span that reaches day or later: spans are sorted by their
 * first day, and span_reach says how far any span up to i reaches. */
static guint
first_span_reaching (KhojiTimeline *self,
                     double         day)
{
  guint lo = 0, hi = self->span_reach->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (self->span_reach, guint32, mid) + 1.0 < day)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static void
snapshot_spans (KhojiTimeline *self,
                GtkSnapshot   *snapshot,
                double         width,
                double         height,
                const Mark    *focused)
{
  GdkRGBA accent, span_color, interval_color, fg;
  GdkRGBA edge_colors[4];
  const float edge_widths[4] = { 1, 1, 1, 1 };
  guint max_lanes = (guint) CLAMP ((height - SPAN_ROW_TOP) / SPAN_ROW_HEIGHT, 1.0, MAX_DRAWN_LANES);
  double lane_end[MAX_DRAWN_LANES];
  double last_day = x_to_day (self, width);

  get_color (self, "accent_bg_color", &accent);
  get_color (self, NULL, &fg);
  /* Imprecise dates are drawn faint and precise intervals solid, so the
   * eye reads “somewhere in June” differently from “from 2 to 9 June”. */
  span_color = accent;
  span_color.alpha *= 0.35;
  interval_color = accent;
  interval_color.alpha *= 0.8;
  edge_colors[0] = edge_colors[1] = edge_colors[2] = edge_colors[3] = accent;

  for (guint lane = 0; lane < max_lanes; lane++)
    lane_end[lane] = -G_MAXDOUBLE;

  for (guint i = first_span_reaching (self, x_to_day (self, 0)); i < self->spans->len; i++)
    {
      const Mark *mark = mark_at (self, g_array_index (self->spans, guint, i));
      double x0, x1, y, w;
      guint lane;
      GskRoundedRect rounded;

      if (mark->first > last_day)
        break;
      x0 = day_to_x (self, mark->first);
      x1 = day_to_x (self, mark->last + 1.0);
      if (x1 < 0)
        continue;

      lane = MIN (mark->lane, max_lanes - 1);
      x0 = MAX (x0, -4);
      x1 = MIN (x1, width + 4);
      /* A pixel of air between neighbours: 2023 and 2024 are two bars. */
      w = MAX (x1 - x0 - 2, 4.0);
      y = SPAN_ROW_TOP + lane * SPAN_ROW_HEIGHT;

      /* Zoomed far out, the last row holds every bar that found no row of
       * its own; a bar that falls wholly inside the one drawn before it
       * there would add nothing to see or to point at. */
      if (x0 + w <= lane_end[lane] && mark != focused)
        continue;
      lane_end[lane] = MAX (lane_end[lane], x0 + w);

      gsk_rounded_rect_init_from_rect (&rounded, &GRAPHENE_RECT_INIT (x0, y, w, SPAN_ROW_HEIGHT - 3), 3);
      gtk_snapshot_push_rounded_clip (snapshot, &rounded);
      gtk_snapshot_append_color (snapshot, mark->kind == KHOJI_EVENT_INTERVAL ? &interval_color : &span_color,
                                 &rounded.bounds);
      gtk_snapshot_pop (snapshot);
      /* The faint fill alone is barely there on white and on dark grey
       * (and no firmer in high contrast); the accent edge is, at 3:1 or
       * more against the view's background in either scheme. */
      gtk_snapshot_append_border (snapshot, &rounded, edge_widths, edge_colors);

      if (mark->n_events > 1 && w > 24)
        append_count (self, snapshot, mark->n_events, x0 + MIN (w, 60) / 2.0,
                      y + (SPAN_ROW_HEIGHT - 3) / 2.0, FALSE, &fg);

      if (mark == focused && gtk_widget_has_focus (GTK_WIDGET (self)))
        {
          const GdkRGBA colors[4] = { fg, fg, fg, fg };
          const float widths[4] = { 2, 2, 2, 2 };
          GskRoundedRect ring;

          gsk_rounded_rect_init_from_rect (&ring, &GRAPHENE_RECT_INIT (x0 - 2, y - 2, w + 4, SPAN_ROW_HEIGHT + 1), 4);
          gtk_snapshot_append_border (snapshot, &ring, widths, colors);
        }

      add_region (self, x0, y, w, SPAN_ROW_HEIGHT, &g_array_index (self->spans, guint, i), 1);
      self->drawn_bars++;
      self->drawn_events += mark->n_events;
    }
}

static void
khoji_timeline_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  KhojiTimeline *self = KHOJI_TIMELINE (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  const Mark *focused = NULL;

  g_array_set_size (self->regions, 0);
  self->drawn_circles = self->drawn_bars = self->drawn_events = 0;

  if (self->focus_mark >= 0 && (guint) self->focus_mark < self->marks->len)
    focused = mark_at (self, self->focus_mark);

  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  snapshot_axis (self, snapshot, width, height);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (0, self->rows_offset));
  snapshot_spans (self, snapshot, width, height - self->rows_offset, focused);
  snapshot_points (self, snapshot, width, focused);
  gtk_snapshot_restore (snapshot);

  if (self->n_events == 0)
    {
      GdkRGBA fg;
      PangoLayout *layout;
      int w, h;

      get_color (self, NULL, &fg);
      fg.alpha *= 0.55;
      layout = gtk_widget_create_pango_layout (widget, _("No dated events to show"));
      pango_layout_get_pixel_size (layout, &w, &h);
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT ((width - w) / 2, AXIS_HEIGHT + (height - AXIS_HEIGHT - h) / 2));
      gtk_snapshot_append_layout (snapshot, layout, &fg);
      gtk_snapshot_restore (snapshot);
      g_object_unref (layout);
    }

  gtk_snapshot_pop (snapshot);
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

static gboolean
khoji_timeline_query_tooltip (GtkWidget  *widget,
                              int         x,
                              int         y,
                              gboolean    keyboard_tooltip,
                              GtkTooltip *tooltip)
{
  KhojiTimeline *self = KHOJI_TIMELINE (widget);
  g_autoptr(GString) markup = g_string_new (NULL);
  const guint *marks;
  guint focus_index;
  guint n, total = 0, shown = 0;

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

  for (guint i = 0; i < n; i++)
    total += mark_at (self, marks[i])->n_events;

  if (total > 1)
    {
      g_autofree char *head = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u event", "%u events", total),
                                               total);

      g_string_append_printf (markup, "<b>%s</b>\n\n", head);
    }

  /* Only the few events shown are read from the library. */
  for (guint i = 0; i < n && shown < 4; i++)
    {
      const Mark *mark = mark_at (self, marks[i]);

      for (guint k = 0; k < mark->n_events && shown < 4; k++, shown++)
        {
          g_autoptr(KhojiEvent) event = dup_mark_event (self, mark, k);
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

  {
    /* A wrapping label: sentences are long and the tooltip should not
     * span the screen. */
    GtkWidget *label = gtk_label_new (NULL);

    gtk_label_set_markup (GTK_LABEL (label), markup->str);
    gtk_label_set_wrap (GTK_LABEL (label), TRUE);
    gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
    gtk_label_set_max_width_chars (GTK_LABEL (label), 60);
    gtk_label_set_xalign (GTK_LABEL (label), 0);
    gtk_tooltip_set_custom (tooltip, label);
  }
  return TRUE;
}

static void
activate_mark (KhojiTimeline *self,
               guint          index)
{
  g_autoptr(KhojiEvent) event = NULL;

  if (index >= self->marks->len)
    return;

  event = dup_mark_event (self, mark_at (self, index), 0);
  if (event != NULL)
    g_signal_emit (self, signals[EVENT_ACTIVATED], 0, event);
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
  activate_mark (self, region->marks[0]);
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
        activate_mark (self, self->focus_mark);
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

  if (self->details_destroy)
    self->details_destroy (self->details_data);
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
  widget_class->snapshot = khoji_timeline_snapshot;
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
