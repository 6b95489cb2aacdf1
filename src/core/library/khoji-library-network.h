/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Who appears with whom (the network view, `khoji-cli network`). */

#include "khoji-library.h"

G_BEGIN_DECLS

/* What the edges of the graphs below count: articles the two entities
 * share (the default) or sentences they share. */
void               khoji_library_set_network_weight (KhojiLibrary       *self,
                                                     KhojiNetworkWeight  weight);
KhojiNetworkWeight khoji_library_get_network_weight (KhojiLibrary       *self);

/* With no entities (n_ids 0): the `limit` entities named by the most
 * articles, and the articles each pair of them shares. With entities:
 * those and their neighbours — the entities that share the most
 * articles with them — up to `limit` nodes, with the edges between all
 * of them. On the calling thread (the CLI). */
KhojiNetwork *khoji_library_network        (KhojiLibrary        *self,
                                            const gint64        *ids,
                                            guint                n_ids,
                                            guint                limit,
                                            GError             **error);
/* The same on a thread of the library's, with a connection of its own
 * (the window). */
void          khoji_library_network_async  (KhojiLibrary        *self,
                                            const gint64        *ids,
                                            guint                n_ids,
                                            guint                limit,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
KhojiNetwork *khoji_library_network_finish (KhojiLibrary        *self,
                                            GAsyncResult        *result,
                                            GError             **error);
/* The graph among exactly these entities (up to KHOJI_NETWORK_MAX_NODES),
 * in this order: the window hands the top of the entity list it has
 * already read and sorted, which spares a walk over every entity. On a
 * thread of the library's. */
void          khoji_library_network_among_async (KhojiLibrary   *self,
                                                 const gint64        *ids,
                                                 guint                n_ids,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
/* Where things happen (the map view): with no entities, every place the
 * library's articles name; with entities, the places named by the
 * articles that name any of them, each with how many of those articles
 * name it. Each place is located through the gazetteer
 * (khoji_gazetteer_locate ()) or marked unlocated, never guessed. On the
 * calling thread (the CLI, the tests). */
KhojiPlaces  *khoji_library_places         (KhojiLibrary        *self,
                                            const gint64        *ids,
                                            guint                n_ids,
                                            GError             **error);
/* The same on a thread of the library's, with a connection of its own. */
void          khoji_library_places_async   (KhojiLibrary        *self,
                                            const gint64        *ids,
                                            guint                n_ids,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
KhojiPlaces  *khoji_library_places_finish  (KhojiLibrary        *self,
                                            GAsyncResult        *result,
                                            GError             **error);
/* The articles that name both entities, by id, oldest first. */
GArray       *khoji_library_shared_articles (KhojiLibrary        *self,
                                             gint64               a,
                                             gint64               b,
                                             GError             **error);

G_END_DECLS
