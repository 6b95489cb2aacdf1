/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "khoji-network-layout.h"
#include "khoji-network-view.h"

G_BEGIN_DECLS

/* What the network view's files share: the widget's fields, and the
 * few helpers the articles of an edge (khoji-network-view-edges.c)
 * need from the view. */

struct _KhojiNetworkView
{
  GtkWidget      parent_instance;

  KhojiLibrary  *library;
  GArray        *selection;      /* of gint64 */
  GArray        *ranked;         /* of gint64: the strongest entities first, as the window listed them */
  guint          limit;
  GCancellable  *cancellable;
  gboolean       loading;
  KhojiNetwork  *network;
  guint          max_articles;
  guint          max_weight;

  KhojiNetworkLayout *layout;
  guint          seen_generation;
  gboolean       settled;
  guint          tick_id;
  float         *pos;            /* 2n, layout units */

  /* screen = pos * scale * stretch + offset; zoom = scale / fit scale.
   * The lower pane is wide and low: the layout's square is stretched
   * to it, at most STRETCH times more one way than the other. */
  double         scale;
  double         stretch_x;
  double         stretch_y;
  double         offset_x;
  double         offset_y;
  double         fit_scale;
  gboolean       user_moved;     /* no more fitting as the layout settles */
  double         drag_x;
  double         drag_y;
  double         pointer_x;      /* where the pointer last was, or -1 */
  double         pointer_y;

  int            hover_node;
  int            hover_edge;
  int            focus_node;
  GArray        *drawn;          /* of guint: edge indexes drawn */

  /* The edges and nodes, rasterized once into an image over the pane and
   * a band around it: a pan within the band moves that picture (one
   * image for the renderer to copy, where 400 strokes and 100 discs
   * replayed every frame cost it 6-14 ms of software rendering); any
   * other change draws it again. `serial` counts the changes of the
   * positions and of the edges drawn. */
  guint          serial;
  cairo_surface_t *picture;
  cairo_surface_t *retired;      /* the picture before, until a worker destroys it */
  struct {
    guint        serial;
    double       scale, stretch_x, stretch_y, offset_x, offset_y;
    int          width, height, factor;
    int          focus_node;
    GdkRGBA      fg, selected;
  } picture_key;
  GCancellable  *picture_cancellable;
  gboolean       drawing;        /* a picture being drawn on a worker */
  guint          generation;     /* of the pictures asked for, to drop stale ones */
  guint          installed;      /* the generation on screen */
  guint          n_pictures;     /* times the picture was drawn */
  gint64         zoomed_at;      /* monotonic µs of the last zoom step */
  double         last_x;         /* the offset at the last snapshot */
  double         last_y;
  double         heading_x;      /* the offset's last move, scaled so that the larger is 1 or -1 */
  double         heading_y;
  guint          settle_id;      /* draws the picture sharp after a zoom */
  GPtrArray     *labels;         /* of PangoLayout, per node, or NULL */

  GtkWidget     *popover;
  GCancellable  *edge_cancellable;  /* the read of an edge's articles */
};

KhojiNetworkNode *_khoji_network_view_node_at       (KhojiNetworkView *self,
                                                     guint             i);
void              _khoji_network_view_to_screen     (KhojiNetworkView *self,
                                                     guint             i,
                                                     double           *x,
                                                     double           *y);
void              _khoji_network_view_emit_article  (KhojiNetworkView *self,
                                                     gint64            article_id);

G_END_DECLS
