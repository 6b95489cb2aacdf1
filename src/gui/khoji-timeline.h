/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "khoji-library.h"

G_BEGIN_DECLS

#define KHOJI_TYPE_TIMELINE (khoji_timeline_get_type ())
G_DECLARE_FINAL_TYPE (KhojiTimeline, khoji_timeline, KHOJI, TIMELINE, GtkWidget)

#define KHOJI_TIMELINE_MIN_ZOOM 0.002   /* pixels per day: a century in ~70 px */
#define KHOJI_TIMELINE_MAX_ZOOM 400.0   /* a day across a wide window */

GtkWidget *khoji_timeline_new          (void);
/* events: of KhojiEventRef, as khoji_library_list_event_refs() returns
 * them. The timeline keeps a reference to the array when it is already in
 * that order (so the caller must not change it afterwards), else a sorted
 * copy. Events without a known date are skipped. */
void       khoji_timeline_set_events   (KhojiTimeline *self,
                                        GArray        *events);
/* Where the details of an event (its sentence and article, for the
 * tooltip, the keyboard and activation) are read, on the library's
 * thread; NULL for none. */
void       khoji_timeline_set_library  (KhojiTimeline *self,
                                        KhojiLibrary  *library);
/* Activates mark `index` (in the keyboard's order) as a click does:
 * "event-activated" with its first event, once its details are read. */
void       khoji_timeline_activate_mark (KhojiTimeline *self,
                                         guint          index);
/* The tooltip of mark `index` as Pango markup, or NULL while its details
 * are read (the tooltip shows when they are back). For the tests. */
char      *khoji_timeline_dup_mark_tooltip (KhojiTimeline *self,
                                            guint          index);
/* Whether the details of events are being read. */
gboolean   khoji_timeline_get_reading  (KhojiTimeline *self);
guint      khoji_timeline_get_n_events (KhojiTimeline *self);
/* What the last snapshot drew: circles (single points and clusters), bars,
 * and the events they stand for. For tests and benchmarks. */
void       khoji_timeline_get_drawn    (KhojiTimeline *self,
                                        guint         *n_circles,
                                        guint         *n_bars,
                                        guint         *n_events);
/* The label of a cluster of `count` events: the number, or thousands or
 * millions rounded down ("12k") where three digits would not fit. */
char      *khoji_timeline_format_cluster_count (guint count);
double     khoji_timeline_get_zoom     (KhojiTimeline *self);
void       khoji_timeline_set_zoom     (KhojiTimeline *self,
                                        double         zoom);
void       khoji_timeline_zoom_in      (KhojiTimeline *self);
void       khoji_timeline_zoom_out     (KhojiTimeline *self);
void       khoji_timeline_zoom_fit     (KhojiTimeline *self);
/* Keeps the zoom and scrolls so the newest events are in view. */
void       khoji_timeline_reveal_latest (KhojiTimeline *self);
/* Shows the days first..last (Julian day numbers) across the width. */
void       khoji_timeline_show_range   (KhojiTimeline *self,
                                        guint32        first_day,
                                        guint32        last_day);

G_END_DECLS
