/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "khoji-library.h"

G_BEGIN_DECLS

#define KHOJI_TYPE_MAP_VIEW (khoji_map_view_get_type ())
G_DECLARE_FINAL_TYPE (KhojiMapView, khoji_map_view, KHOJI, MAP_VIEW, GtkWidget)

/* Where things happen: the places the articles name, as dots on the
 * world's outline (sized by the articles that name them, gathered into
 * one dot where they would cover each other), read from the library on
 * its thread. With no selection, every place of the library; with a
 * selection, the places of the selected entities' articles. Places the
 * gazetteer cannot locate are not drawn (the window lists them).
 * Signals: "entity-activated" (gint64 id) when a place's dot is clicked
 * or activated, "loaded" when places arrived. */
GtkWidget         *khoji_map_view_new           (void);
void               khoji_map_view_set_library   (KhojiMapView *self,
                                                 KhojiLibrary *library);
/* The selected entities (of gint64; NULL or empty: none). Whether that
 * changed anything (and the places are read again). */
gboolean           khoji_map_view_set_selection (KhojiMapView *self,
                                                 GArray       *entity_ids);
void               khoji_map_view_reload        (KhojiMapView *self);
void               khoji_map_view_zoom_in       (KhojiMapView *self);
void               khoji_map_view_zoom_out      (KhojiMapView *self);
/* Shows every dot (the whole world when there is none). */
void               khoji_map_view_zoom_fit      (KhojiMapView *self);
/* Shows this box of the world (degrees), as large as the view allows. */
void               khoji_map_view_show_area     (KhojiMapView *self,
                                                 double        min_lat,
                                                 double        min_lon,
                                                 double        max_lat,
                                                 double        max_lon);
/* The scale against the whole world fitted to the view. */
double             khoji_map_view_get_zoom      (KhojiMapView *self);
void               khoji_map_view_pan           (KhojiMapView *self,
                                                 double        dx,
                                                 double        dy);

/* For the window, tests and benchmarks. */
const KhojiPlaces *khoji_map_view_get_places    (KhojiMapView *self);
gboolean           khoji_map_view_is_loading    (KhojiMapView *self);
/* Widget coordinates of a point of the world, and back. */
void               khoji_map_view_to_screen     (KhojiMapView *self,
                                                 double        latitude,
                                                 double        longitude,
                                                 double       *x,
                                                 double       *y);
void               khoji_map_view_to_world      (KhojiMapView *self,
                                                 double        x,
                                                 double        y,
                                                 double       *latitude,
                                                 double       *longitude);
/* The dots as last drawn: a dot is one place or several close ones. */
guint              khoji_map_view_get_n_dots    (KhojiMapView *self);
/* Dot i: where (widget coordinates), how many places it holds, and the
 * index into the places of the one it holds (-1 for several). */
gboolean           khoji_map_view_get_dot       (KhojiMapView *self,
                                                 guint         i,
                                                 double       *x,
                                                 double       *y,
                                                 guint        *n_places,
                                                 int          *place);

/* Times the outline was rasterized (a pan within its band and zoom steps
 * under way reuse it). For tests and benchmarks. */
guint              khoji_map_view_get_n_outlines (KhojiMapView *self);
/* Times the picture (the outline with the dots over it) was drawn: not
 * for a pan within its band, a zoom step under way, a hover or the
 * focus moving. */
guint              khoji_map_view_get_n_pictures (KhojiMapView *self);
/* The borders between states in the outline last drawn (none until the
 * map is seen close). */
guint              khoji_map_view_get_n_borders  (KhojiMapView *self);

G_END_DECLS
