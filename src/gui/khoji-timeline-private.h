/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The timeline's state, shared by khoji-timeline.c (the events, zoom,
 * layout in lanes, interaction) and khoji-timeline-draw.c (the axis and
 * the marks, and where they were drawn for hit tests). */

#include "khoji-timeline.h"

G_BEGIN_DECLS

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

  /* An event's sentence and title are read when someone looks at it, on
   * the library's thread; what was read is kept until the events change. */
  KhojiLibrary *library;
  GHashTable   *details;             /* gint64 id → KhojiEvent, or NULL: not in the library */
  GCancellable *details_cancellable; /* the read under way */
  GArray       *details_asked;       /* of gint64: what it reads */
  gboolean      tooltip_wanted;      /* a tooltip waits for it */
  gint64        activate_wanted;     /* an event to activate once read, or 0 */

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
static inline int
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

/* khoji-timeline.c */
void _khoji_timeline_get_color (KhojiTimeline *self,
                                const char    *name,
                                GdkRGBA       *color);

/* khoji-timeline-draw.c: GtkWidget::snapshot */
void _khoji_timeline_snapshot  (GtkWidget     *widget,
                                GtkSnapshot   *snapshot);

G_END_DECLS
