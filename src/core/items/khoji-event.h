/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* A dated event as the library hands it out, and the 32-byte reference
 * the timeline draws from. */

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum {
  KHOJI_PRECISION_YEAR,
  KHOJI_PRECISION_MONTH,
  KHOJI_PRECISION_DAY,
} KhojiPrecision;

/* A dated event: one date mention with its sentence, for the timeline. */
#define KHOJI_TYPE_EVENT (khoji_event_get_type ())
G_DECLARE_FINAL_TYPE (KhojiEvent, khoji_event, KHOJI, EVENT, GObject)

gint64          khoji_event_get_id            (KhojiEvent *self);   /* the date mention, as KhojiEventRef.id */
gint64          khoji_event_get_article_id    (KhojiEvent *self);
const char     *khoji_event_get_article_title (KhojiEvent *self);
const char     *khoji_event_get_text          (KhojiEvent *self);   /* the date as written */
const char     *khoji_event_get_value         (KhojiEvent *self);   /* ISO value */
const char     *khoji_event_get_sentence      (KhojiEvent *self);
KhojiPrecision  khoji_event_get_precision     (KhojiEvent *self);
gboolean        khoji_event_get_relative      (KhojiEvent *self);
/* First and last day covered, as Julian day numbers (GDate), for drawing. */
guint32         khoji_event_get_first_day     (KhojiEvent *self);
guint32         khoji_event_get_last_day      (KhojiEvent *self);
guint           khoji_event_get_start         (KhojiEvent *self);   /* code points into the article text */
guint           khoji_event_get_end           (KhojiEvent *self);
guint           khoji_event_get_sentence_start (KhojiEvent *self);

/* How the timeline draws an event. */
typedef enum {
  KHOJI_EVENT_DAY,        /* one day: a point */
  KHOJI_EVENT_PERIOD,     /* a month or a year: the date is only that precise */
  KHOJI_EVENT_INTERVAL,   /* an explicit from–to range */
} KhojiEventKind;

/* One dated event in 32 bytes: what the timeline needs to place it, for
 * libraries with a million of them. The sentence, title and offsets come
 * from khoji_library_get_event() when someone looks at one. */
typedef struct {
  gint64   id;            /* the date mention */
  gint64   article_id;
  guint32  first_day;     /* Julian day numbers (GDate), as khoji_event_get_first_day() */
  guint32  last_day;
  guint8   kind;          /* KhojiEventKind */
  guint8   precision;     /* KhojiPrecision */
  guint8   relative;
} KhojiEventRef;

/* For g_array_sort(): first day, last day, kind, then article and id —
 * the timeline's order; khoji_library_list_event_refs() gives the same
 * first three keys, so events drawn as one mark are neighbours in both. */
int khoji_event_ref_compare (gconstpointer a,
                             gconstpointer b);

G_END_DECLS
