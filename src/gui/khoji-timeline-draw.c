/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-timeline"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "khoji-timeline-private.h"

/* Drawing the timeline: the axis with its ticks, then the marks in view
 * (circles for days, clusters with counts, bars in lanes), remembering
 * where each went for hover, click and keyboard. */

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

  _khoji_timeline_get_color (self, NULL, &fg);
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

  _khoji_timeline_get_color (self, "accent_bg_color", &accent);
  _khoji_timeline_get_color (self, "accent_fg_color", &on_accent);
  _khoji_timeline_get_color (self, NULL, &fg);

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

  _khoji_timeline_get_color (self, "accent_bg_color", &accent);
  _khoji_timeline_get_color (self, NULL, &fg);
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

void
_khoji_timeline_snapshot (GtkWidget   *widget,
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

      _khoji_timeline_get_color (self, NULL, &fg);
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
