/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "khoji-network.h"

G_BEGIN_DECLS

/* The network view's layout (Fruchterman–Reingold, the shared articles
 * as spring strengths), computed on a thread of its own: the view fills
 * `edges`, `strength`, `work` and `published`, starts
 * khoji_network_layout_run () on a thread with a reference, and picks up
 * each batch of iterations the thread publishes under `lock`. */
typedef struct {
  gatomicrefcount ref;
  GMutex   lock;
  guint    n;
  guint    n_edges;
  guint   *edges;           /* pairs */
  float   *strength;        /* per edge, 0..1 */
  float   *work;            /* 2n */
  float   *published;       /* 2n, under lock */
  guint    generation;      /* under lock */
  gboolean done;            /* under lock */
  gint     cancelled;       /* atomic */
} KhojiNetworkLayout;

/* A layout of `network` from the positions `pos` (2n), the edges'
 * strengths from their weights (the heaviest `max_weight`); not started. */
KhojiNetworkLayout *khoji_network_layout_new    (const KhojiNetwork *network,
                                                 guint               max_weight,
                                                 const float        *pos);
KhojiNetworkLayout *khoji_network_layout_ref    (KhojiNetworkLayout *l);
void                khoji_network_layout_unref  (KhojiNetworkLayout *l);
/* A golden-angle spiral, node 0 in the middle: where every layout starts. */
void                khoji_network_layout_spiral (float              *pos,
                                                 guint               n);
/* The thread's function; it owns the reference it is given. */
gpointer            khoji_network_layout_run    (gpointer            data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhojiNetworkLayout, khoji_network_layout_unref)

G_END_DECLS
