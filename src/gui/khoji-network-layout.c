/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-network"

#include "config.h"

#include <math.h>
#include <string.h>

#include "khoji-network-layout.h"

#define LAYOUT_ITERATIONS 300
#define LAYOUT_PUBLISH_EVERY 6

KhojiNetworkLayout *
khoji_network_layout_ref (KhojiNetworkLayout *l)
{
  g_atomic_ref_count_inc (&l->ref);
  return l;
}

void
khoji_network_layout_unref (KhojiNetworkLayout *l)
{
  if (!g_atomic_ref_count_dec (&l->ref))
    return;
  g_mutex_clear (&l->lock);
  g_free (l->edges);
  g_free (l->strength);
  g_free (l->work);
  g_free (l->published);
  g_free (l);
}

/* A golden-angle spiral, node 0 (the strongest, or the asked) in the
 * middle: the same graph always starts, and so settles, the same. */
void
khoji_network_layout_spiral (float *pos,
                             guint  n)
{
  for (guint i = 0; i < n; i++)
    {
      double r = sqrt ((double) i / MAX (n, 1)) * 0.5;
      double a = i * 2.399963229728653;

      pos[2 * i] = (float) (r * cos (a));
      pos[2 * i + 1] = (float) (r * sin (a));
    }
}

gpointer
khoji_network_layout_run (gpointer data)
{
  g_autoptr(KhojiNetworkLayout) l = data;
  guint n = l->n;
  g_autofree float *disp = g_new0 (float, 2 * MAX (n, 1));
  double k = sqrt (1.0 / MAX (n, 1)) * 1.2;

  for (guint it = 0; it < LAYOUT_ITERATIONS && !g_atomic_int_get (&l->cancelled); it++)
    {
      double t = 0.08 * (1.0 - (double) it / LAYOUT_ITERATIONS) + 0.002;

      memset (disp, 0, sizeof (float) * 2 * n);
      for (guint i = 0; i < n; i++)
        for (guint j = i + 1; j < n; j++)
          {
            double dx = l->work[2 * i] - l->work[2 * j];
            double dy = l->work[2 * i + 1] - l->work[2 * j + 1];
            double d2 = dx * dx + dy * dy + 1e-6;
            double f = k * k / d2;

            disp[2 * i] += dx * f;
            disp[2 * i + 1] += dy * f;
            disp[2 * j] -= dx * f;
            disp[2 * j + 1] -= dy * f;
          }
      for (guint e = 0; e < l->n_edges; e++)
        {
          guint a = l->edges[2 * e], b = l->edges[2 * e + 1];
          double dx = l->work[2 * a] - l->work[2 * b];
          double dy = l->work[2 * a + 1] - l->work[2 * b + 1];
          double d = sqrt (dx * dx + dy * dy) + 1e-6;
          double f = d / k * l->strength[e];

          disp[2 * a] -= dx * f;
          disp[2 * a + 1] -= dy * f;
          disp[2 * b] += dx * f;
          disp[2 * b + 1] += dy * f;
        }
      for (guint i = 0; i < n; i++)
        {
          /* A little gravity keeps loose nodes near the rest. */
          double dx = disp[2 * i] - l->work[2 * i] * 0.6;
          double dy = disp[2 * i + 1] - l->work[2 * i + 1] * 0.6;
          double d = sqrt (dx * dx + dy * dy) + 1e-9;
          double step = MIN (d, t);

          l->work[2 * i] += (float) (dx / d * step);
          l->work[2 * i + 1] += (float) (dy / d * step);
        }
      if (it % LAYOUT_PUBLISH_EVERY == 0 || it + 1 == LAYOUT_ITERATIONS)
        {
          g_mutex_lock (&l->lock);
          memcpy (l->published, l->work, sizeof (float) * 2 * n);
          l->generation++;
          g_mutex_unlock (&l->lock);
        }
    }
  g_mutex_lock (&l->lock);
  l->done = TRUE;
  l->generation++;
  g_mutex_unlock (&l->lock);
  return NULL;
}

KhojiNetworkLayout *
khoji_network_layout_new (const KhojiNetwork *network,
                          guint               max_weight,
                          const float        *pos)
{
  guint n = network->nodes->len;
  KhojiNetworkLayout *l = g_new0 (KhojiNetworkLayout, 1);

  g_atomic_ref_count_init (&l->ref);
  g_mutex_init (&l->lock);
  l->n = n;
  l->n_edges = network->edges->len;
  l->edges = g_new (guint, 2 * MAX (l->n_edges, 1));
  l->strength = g_new (float, MAX (l->n_edges, 1));
  for (guint e = 0; e < l->n_edges; e++)
    {
      KhojiNetworkEdge *edge = &g_array_index (network->edges, KhojiNetworkEdge, e);
      double w = max_weight ? (double) edge->weight / max_weight : 0;

      l->edges[2 * e] = edge->source;
      l->edges[2 * e + 1] = edge->target;
      /* Strong ties pull hard, the many weak ones of a dense graph
       * barely: otherwise every node falls into one ball. */
      l->strength[e] = (float) (0.35 * w * w);
    }
  l->work = g_memdup2 (pos, sizeof (float) * 2 * MAX (n, 1));
  l->published = g_memdup2 (pos, sizeof (float) * 2 * MAX (n, 1));
  return l;
}
