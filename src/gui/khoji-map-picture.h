/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <gdk/gdk.h>

#include "khoji-places.h"

G_BEGIN_DECLS

/* What the map view draws apart from GTK, so that a worker can draw it:
 * the places gathered into dots for a scale, and the picture of the
 * world's outline with the dots over it, as one image over the pane and
 * a band around it (khoji-map-view.c). */

#define KHOJI_MAP_CELL       26.0  /* pixels: dots within one cell are one dot */
#define KHOJI_MAP_FINE_SCALE 9.0   /* pixels per degree from which the fine outline is drawn */
#define KHOJI_MAP_BAND       192   /* pixels drawn beyond each side of the pane, for panning */

typedef struct {
  double   lon, lat;        /* the dot's centre: the places' mean, by articles */
  guint    n_articles;      /* of its places, added */
  guint    first, n;        /* into members */
  int      place;           /* index into the places when it holds one, or -1 */
  int      top;             /* its place with the most articles */
  gboolean asked;           /* holds a selected place */
} KhojiMapDot;

double  khoji_map_dot_radius  (guint              max_articles,
                               const KhojiMapDot *dot);
/* The located places (indexes), the selected first, then by articles:
 * the first of a cell names its dot. */
GArray *khoji_map_places_order (const KhojiPlaces *places);
/* Places in one cell of the screen at `scale` (wherever the view is
 * panned) make one dot: new arrays of KhojiMapDot and of the places'
 * indexes, dot by dot. */
void    khoji_map_group_dots  (const KhojiPlaces *places,
                               GArray            *order,
                               double             scale,
                               GArray           **dots,
                               GArray           **members);

/* A picture to draw: the scale and offset (screen = (longitude,
 * -latitude) * scale + offset), the pane, the colours, the dots. */
typedef struct {
  int              width, height, factor;
  double           scale, offset_x, offset_y;
  GdkRGBA          fg, place, selected;
  gboolean         high_contrast;
  guint            max_articles;
  GArray          *dots;          /* of KhojiMapDot (a ref) */
  GArray          *members;       /* of guint (a ref), handed over with the dots */
  cairo_surface_t *outline;       /* at this scale and offset, or NULL: drawn */
  cairo_surface_t *picture;       /* what is drawn */
  cairo_surface_t *retired;       /* a picture the view no longer shows, destroyed by the worker */
  guint            n_borders;     /* the states' borders in the outline drawn */
  guint            generation;
  guint            places_serial;
} KhojiMapPicture;

void    khoji_map_picture_free   (KhojiMapPicture *job);
/* The outline (rasterized first when the job has none) with the dots
 * over it into job->picture. Touches no GTK: any thread. */
void    khoji_map_picture_draw   (KhojiMapPicture *job);
/* khoji_map_picture_draw () as a GTask's thread function, the job its
 * task data; returns TRUE. */
void    khoji_map_picture_thread (GTask           *task,
                                  gpointer         source,
                                  gpointer         data,
                                  GCancellable    *cancellable);

G_END_DECLS
