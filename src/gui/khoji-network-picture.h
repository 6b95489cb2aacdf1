/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <gdk/gdk.h>

#include "khoji-network.h"

G_BEGIN_DECLS

/* What the network view draws apart from GTK, so that a worker can draw
 * it: the edges it draws, and the picture of edges and nodes as plain
 * lines and discs in screen coordinates, drawn into one image over the
 * pane and a band around it (khoji-network-view.c). */

#define KHOJI_NETWORK_BAND           160  /* pixels drawn beyond each side of the pane, for panning */
#define KHOJI_NETWORK_EDGES_PER_NODE 4

typedef struct {
  double x0, y0, x1, y1, alpha, width;
} KhojiNetworkLine;

typedef struct {
  double   x, y, r;
  GdkRGBA  color;
  gboolean selected;
} KhojiNetworkDisc;

typedef struct {
  int              width, height, factor;
  double           scale, stretch_x, stretch_y, offset_x, offset_y;
  guint            serial;
  int              focus_node;
  GdkRGBA          fg, selected;
  GArray          *lines;      /* of KhojiNetworkLine */
  GArray          *discs;      /* of KhojiNetworkDisc, drawn last to first */
  cairo_surface_t *picture;
  cairo_surface_t *retired;    /* a picture the view no longer shows, destroyed by the worker */
  guint            generation;
} KhojiNetworkPicture;

/* The edges drawn (indexes into network->edges), heaviest first: each
 * node keeps its strongest few ties; a tie is drawn when it is among the
 * strongest of either end. */
void khoji_network_drawn_edges     (const KhojiNetwork     *network,
                                    GArray                 *drawn);

void khoji_network_picture_free    (KhojiNetworkPicture    *job);
void khoji_network_stroke_line     (cairo_t                *cr,
                                    const KhojiNetworkLine *line,
                                    const GdkRGBA          *fg);
void khoji_network_fill_disc       (cairo_t                *cr,
                                    const KhojiNetworkDisc *disc,
                                    const GdkRGBA          *fg,
                                    const GdkRGBA          *selected);
/* The edges, then the nodes (the strongest last, on top), into
 * job->picture. Touches no GTK: any thread. */
void khoji_network_picture_draw    (KhojiNetworkPicture    *job);
/* khoji_network_picture_draw () as a GTask's thread function, the job
 * its task data; returns TRUE. */
void khoji_network_picture_thread  (GTask                  *task,
                                    gpointer                source,
                                    gpointer                data,
                                    GCancellable           *cancellable);

G_END_DECLS
