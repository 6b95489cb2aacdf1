/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "khoji-network.h"

static void
node_clear (gpointer data)
{
  KhojiNetworkNode *node = data;

  g_clear_pointer (&node->name, g_free);
  g_clear_pointer (&node->latin, g_free);
}

KhojiNetwork *
khoji_network_new (void)
{
  KhojiNetwork *network = g_new0 (KhojiNetwork, 1);

  network->nodes = g_array_new (FALSE, TRUE, sizeof (KhojiNetworkNode));
  g_array_set_clear_func (network->nodes, node_clear);
  network->edges = g_array_new (FALSE, TRUE, sizeof (KhojiNetworkEdge));
  return network;
}

void
khoji_network_free (KhojiNetwork *network)
{
  if (network == NULL)
    return;
  g_clear_pointer (&network->nodes, g_array_unref);
  g_clear_pointer (&network->edges, g_array_unref);
  g_free (network);
}
