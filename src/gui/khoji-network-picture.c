/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-network"

#include "config.h"

#include <math.h>

#include "khoji-network-picture.h"

#define BAND KHOJI_NETWORK_BAND

typedef KhojiNetworkLine Line;
typedef KhojiNetworkDisc Disc;
typedef KhojiNetworkPicture Picture;

void
khoji_network_drawn_edges (const KhojiNetwork *network,
                           GArray             *drawn)
{
  g_autofree guint *count = g_new0 (guint, MAX (network ? network->nodes->len : 0, 1));

  g_array_set_size (drawn, 0);
  for (guint e = 0; network && e < network->edges->len; e++)
    {
      KhojiNetworkEdge *edge = &g_array_index (network->edges, KhojiNetworkEdge, e);

      if (count[edge->source] < KHOJI_NETWORK_EDGES_PER_NODE || count[edge->target] < KHOJI_NETWORK_EDGES_PER_NODE)
        {
          count[edge->source]++;
          count[edge->target]++;
          g_array_append_val (drawn, e);
        }
    }
}

void
khoji_network_picture_free (KhojiNetworkPicture *job)
{
  g_clear_pointer (&job->lines, g_array_unref);
  g_clear_pointer (&job->discs, g_array_unref);
  g_clear_pointer (&job->picture, cairo_surface_destroy);
  g_clear_pointer (&job->retired, cairo_surface_destroy);
  g_free (job);
}

void
khoji_network_stroke_line (cairo_t                *cr,
                           const KhojiNetworkLine *line,
                           const GdkRGBA          *fg)
{
  cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, fg->alpha * line->alpha);
  cairo_set_line_width (cr, line->width);
  cairo_move_to (cr, line->x0, line->y0);
  cairo_line_to (cr, line->x1, line->y1);
  cairo_stroke (cr);
}

void
khoji_network_fill_disc (cairo_t                *cr,
                         const KhojiNetworkDisc *disc,
                         const GdkRGBA          *fg,
                         const GdkRGBA          *selected)
{
  cairo_new_path (cr);
  cairo_arc (cr, disc->x, disc->y, disc->r, 0, 2 * G_PI);
  gdk_cairo_set_source_rgba (cr, &disc->color);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, fg->alpha * 0.45);
  cairo_set_line_width (cr, 1.0);
  cairo_stroke (cr);
  if (disc->selected)
    {
      cairo_arc (cr, disc->x, disc->y, disc->r + 3, 0, 2 * G_PI);
      gdk_cairo_set_source_rgba (cr, selected);
      cairo_set_line_width (cr, 3.0);
      cairo_stroke (cr);
    }
}

void
khoji_network_picture_draw (KhojiNetworkPicture *job)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (job->width + 2 * BAND) * job->factor,
                                                         (job->height + 2 * BAND) * job->factor);
  cairo_t *cr = cairo_create (surface);

  cairo_scale (cr, job->factor, job->factor);
  cairo_translate (cr, BAND, BAND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  for (guint k = 0; k < job->lines->len; k++)
    khoji_network_stroke_line (cr, &g_array_index (job->lines, Line, k), &job->fg);
  for (guint i = job->discs->len; i-- > 0;)
    khoji_network_fill_disc (cr, &g_array_index (job->discs, Disc, i), &job->fg, &job->selected);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  cairo_surface_set_device_scale (surface, job->factor, job->factor);
  job->picture = surface;
}

void
khoji_network_picture_thread (GTask        *task,
                              gpointer      source,
                              gpointer      data,
                              GCancellable *cancellable)
{
  KhojiNetworkPicture *job = data;

  g_clear_pointer (&job->retired, cairo_surface_destroy);
  khoji_network_picture_draw (job);
  g_task_return_boolean (task, TRUE);
}
