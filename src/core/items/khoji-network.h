/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Who appears with whom: a graph of entities (nodes) and the articles
 * they share (edges), as the library computes it for the network view
 * and `khoji-cli network`. Plain structs, read-only once handed out. */

#include <glib.h>

#include "khoji-entity.h"

G_BEGIN_DECLS

/* What an edge's weight counts. */
typedef enum {
  KHOJI_NETWORK_BY_ARTICLES,    /* articles that name both */
  KHOJI_NETWORK_BY_SENTENCES,   /* sentences that name both */
} KhojiNetworkWeight;

typedef struct {
  gint64           id;
  char            *name;        /* Devanagari display name */
  char            *latin;
  KhojiEntityType  type;
  guint            n_articles;  /* articles that name it */
  gboolean         asked;       /* one of the entities the graph was asked around */
} KhojiNetworkNode;

typedef struct {
  guint  source;                /* indexes into nodes, source < target */
  guint  target;
  guint  weight;                /* articles (or sentences, see the
                                 * network's `weight`) the two share */
} KhojiNetworkEdge;

typedef struct {
  GArray *nodes;                /* of KhojiNetworkNode: the asked ones first,
                                 * then the strongest first */
  GArray *edges;                /* of KhojiNetworkEdge, heaviest first */
  /* Articles whose entities were read to find the neighbours of the
   * asked entities: all of theirs, or an even sample of them when they
   * are more than KHOJI_NETWORK_SAMPLE. 0 for the top-N graph. */
  guint   n_sampled;
  KhojiNetworkWeight weight;    /* what the edges' weights count */
  double  worker_ms;            /* time the computation took */
} KhojiNetwork;

/* Most articles read to find the neighbours of an entity. */
#define KHOJI_NETWORK_SAMPLE 1000
/* Most nodes a graph may have, whatever is asked. */
#define KHOJI_NETWORK_MAX_NODES 500

KhojiNetwork *khoji_network_new  (void);
void          khoji_network_free (KhojiNetwork *network);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhojiNetwork, khoji_network_free)

G_END_DECLS
