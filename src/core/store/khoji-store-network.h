/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Co-occurrence: which entities share articles, read from the mention
 * tables and the entity_article index. */

#include "khoji-store.h"
#include "khoji-network.h"
#include "khoji-places.h"

G_BEGIN_DECLS

/* With no entity asked (n_ids 0): the `limit` entities named by the most
 * articles and the articles each pair of them shares. With entities
 * asked: those, and their neighbours (entities sharing articles with
 * them), the strongest first, up to `limit` nodes in all, and the edges
 * between all of them. Hidden entities are left out unless asked; a
 * merged entity stands for the one it was merged into. */
KhojiNetwork *khoji_store_network          (KhojiStore     *self,
                                            const gint64   *ids,
                                            guint           n_ids,
                                            guint           limit,
                                            GError        **error);
/* The graph among exactly these entities (at most KHOJI_NETWORK_MAX_NODES),
 * in this order, none asked: the window hands the top of its entity
 * list, which it has already read and sorted. */
KhojiNetwork *khoji_store_network_among    (KhojiStore     *self,
                                            const gint64   *ids,
                                            guint           n_ids,
                                            GError        **error);
/* The places that articles name (the map). With no entity asked: every
 * visible place of the library and the articles that name it. With
 * entities asked: the places that their articles name, each with how many
 * of those articles name it, the asked entities that are places among
 * them. Counts are exact: when the asked entities' articles are more than
 * KHOJI_NETWORK_SAMPLE, an even sample of them only chooses the
 * candidates (the KHOJI_PLACES_MAX_SAMPLED strongest), whose articles are
 * then counted on the bitsets. Not located here: the library does that. */
KhojiPlaces  *khoji_store_places           (KhojiStore     *self,
                                            const gint64   *ids,
                                            guint           n_ids,
                                            GError        **error);
/* khoji_store_network or _among (`among` chooses), the edges weighted by articles
 * shared or by sentences shared: the nodes are chosen by articles
 * either way; a pair that shares articles but no sentence has no edge
 * by sentences. */
KhojiNetwork *khoji_store_network_weighted (KhojiStore     *self,
                                            const gint64   *ids,
                                            guint           n_ids,
                                            guint           limit,
                                            gboolean        among,
                                            KhojiNetworkWeight weight,
                                            GError        **error);
/* The articles that name both entities, by id. */
GArray       *khoji_store_shared_articles  (KhojiStore     *self,
                                            gint64          a,
                                            gint64          b,
                                            GError        **error);

G_END_DECLS
