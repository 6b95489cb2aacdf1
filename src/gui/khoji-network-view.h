/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "khoji-library.h"

G_BEGIN_DECLS

#define KHOJI_TYPE_NETWORK_VIEW (khoji_network_view_get_type ())
G_DECLARE_FINAL_TYPE (KhojiNetworkView, khoji_network_view, KHOJI, NETWORK_VIEW, GtkWidget)

#define KHOJI_NETWORK_VIEW_DEFAULT_LIMIT 100

/* Who appears with whom: entities as nodes (coloured by type, sized by
 * the articles that name them), the articles they share as edges, laid
 * out by a force-directed layout that settles on a thread of its own.
 * With no selection, the strongest `limit` entities; with a selection,
 * their neighbourhood. Signals: "entity-activated" (gint64 id) when a
 * node is clicked or activated, "article-activated" (gint64 id) when an
 * article of an edge's list is, "loaded" when a graph arrived. */
GtkWidget          *khoji_network_view_new           (void);
void                khoji_network_view_set_library   (KhojiNetworkView *self,
                                                      KhojiLibrary     *library);
/* The selected entities (of gint64; NULL or empty: none). Whether that
 * changed anything (and the graph is read again). */
gboolean            khoji_network_view_set_selection (KhojiNetworkView *self,
                                                      GArray           *entity_ids);
/* The library's entities, strongest first (of gint64: articles, then
 * mentions, then id, hidden ones left out), as the window has listed
 * them: with nothing selected, the graph is the one among the first
 * `limit` of them, read without a walk over every entity. NULL or
 * empty: the library finds the strongest itself. Whether the graph
 * shown is now out of date (the caller reloads it). */
gboolean            khoji_network_view_set_ranked    (KhojiNetworkView *self,
                                                      GArray           *entity_ids);
void                khoji_network_view_set_limit     (KhojiNetworkView *self,
                                                      guint             limit);
guint               khoji_network_view_get_limit     (KhojiNetworkView *self);
/* Reads the graph again (the library changed; a new library is read only
 * then). */
void                khoji_network_view_reload        (KhojiNetworkView *self);
void                khoji_network_view_zoom_in       (KhojiNetworkView *self);
void                khoji_network_view_zoom_out      (KhojiNetworkView *self);
void                khoji_network_view_zoom_fit      (KhojiNetworkView *self);
double              khoji_network_view_get_zoom      (KhojiNetworkView *self);
void                khoji_network_view_pan           (KhojiNetworkView *self,
                                                      double            dx,
                                                      double            dy);

/* For tests and benchmarks. */
const KhojiNetwork *khoji_network_view_get_network   (KhojiNetworkView *self);
gboolean            khoji_network_view_is_loading    (KhojiNetworkView *self);
gboolean            khoji_network_view_is_settled    (KhojiNetworkView *self);
/* Where node i is drawn, in widget coordinates. */
gboolean            khoji_network_view_get_node_position (KhojiNetworkView *self,
                                                          guint             i,
                                                          double           *x,
                                                          double           *y);
/* The edges the last snapshot drew (the strongest, at most four per node). */
/* Times the picture of edges and nodes was drawn (a pan within its band
 * moves it). For tests and benchmarks. */
guint              khoji_network_view_get_n_pictures     (KhojiNetworkView *self);
guint               khoji_network_view_get_n_drawn_edges (KhojiNetworkView *self);
/* The tooltip of node `node` or, when that is -1, of edge `edge`; NULL
 * for neither. */
char               *khoji_network_view_dup_tooltip   (KhojiNetworkView *self,
                                                      int               node,
                                                      int               edge);
/* Shows the articles edge i shares, as a click on it does: read on the
 * library's thread, then shown in a popover. */
void                khoji_network_view_activate_edge (KhojiNetworkView *self,
                                                      guint             i);
/* Whether the articles of an edge are being read. */
gboolean            khoji_network_view_get_reading_edge (KhojiNetworkView *self);

G_END_DECLS
