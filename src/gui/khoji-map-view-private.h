/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "khoji-map-picture.h"
#include "khoji-map-view.h"

G_BEGIN_DECLS

/* What the map view's files share: the widget's fields and its box
 * (khoji-map-view-box.c). */

#define MAX_ZOOM    160.0   /* a state of India fills the pane */
#define MIN_ZOOM    0.8
#define MARGIN      24.0

typedef KhojiMapDot Dot;

struct _KhojiMapView
{
  GtkWidget      parent_instance;

  KhojiLibrary  *library;
  GArray        *selection;      /* of gint64 */
  GCancellable  *cancellable;
  gboolean       loading;
  KhojiPlaces   *places;
  guint          max_articles;

  /* screen = (longitude, -latitude) * scale + offset */
  double         scale;
  double         offset_x;
  double         offset_y;
  double         world_scale;    /* the whole world fitted: zoom 1 */
  gboolean       user_moved;     /* no more fitting on a new size */
  double         drag_x;
  double         drag_y;
  double         pointer_x;
  double         pointer_y;

  GArray        *dots;           /* of Dot */
  GArray        *members;        /* of guint: place indexes, per dot */
  GArray        *order;          /* of guint: the located places, strongest first; or NULL */
  double         dots_scale;     /* the scale the dots were gathered at; 0: stale */
  int            hover_dot;
  gint64         focus_id;       /* the focused dot's top place, or 0 */

  /* The outline, rasterized for one scale over the pane and a band
   * around it, with the dots drawn over it, as one image (`picture`): a
   * pan within the band moves it, so that the renderer copies one image
   * where replaying 200 discs every frame cost it some 4 ms of software
   * rendering. Zoom steps scale it and leave the dots as they were
   * gathered; once they stop, the dots are gathered anew and the picture
   * drawn again on a worker thread while the scaled one stays on screen,
   * so that no frame of a zoom waits for the 12,000 points of the
   * outline or the discs. A jump (fit, a place shown) or a pan beyond
   * the band draws it at once. The hovered and the focused dot are not
   * in it: a hover changes only the names, the focus ring is drawn over
   * it. */
  cairo_surface_t *outline;
  cairo_surface_t *picture;
  cairo_surface_t *retired;      /* the picture before, until a worker destroys it */
  double         picture_scale;  /* the scale and offset both were drawn at */
  double         picture_ox;
  double         picture_oy;
  int            picture_width;
  int            picture_height;
  int            picture_factor;
  GdkRGBA        picture_fg, picture_place, picture_selected;
  gboolean       picture_contrast;
  GArray        *picture_dots;   /* the dots it shows (a ref), or NULL */
  gint64         zoomed_at;      /* monotonic µs of the last zoom step; 0: drawn since */
  double         last_x;         /* the offset at the last frame */
  double         last_y;
  double         heading_x;      /* the offset's last move, scaled so that the larger is 1 or -1 */
  double         heading_y;
  guint          settle_id;      /* draws the picture sharp after a zoom */
  guint          n_outlines;     /* times the outline was rasterized */
  guint          n_pictures;     /* times the picture was drawn */
  guint          n_borders;      /* state borders in the last one */
  GCancellable  *picture_cancellable;
  gboolean       drawing;        /* a picture being drawn on a worker */
  guint          generation;     /* of the pictures asked for, to drop stale ones */
  guint          installed;      /* the generation on screen */
  guint          places_serial;  /* set_places calls, to drop a worker's stale dots */
  /* Names laid out, by their text: kept across gatherings. */
  GHashTable    *layouts;
  guint          layouts_serial; /* the Pango context's they were made with */

  /* The tooltip's first sentence, read once per place. */
  GHashTable    *sentences;      /* entity id (gint64 *) -> char * */
  GCancellable  *sentence_cancellable;
  gint64         sentence_pending;
};

void _khoji_map_view_show_box (KhojiMapView *self,
                               double        min_lat,
                               double        min_lon,
                               double        max_lat,
                               double        max_lon);
void _khoji_map_view_fit      (KhojiMapView *self);

G_END_DECLS
