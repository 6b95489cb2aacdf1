/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-map"

#include "config.h"

#include "khoji-map-view-private.h"

/* The map view's box: the scale and offset that show a box of latitudes
 * and longitudes in the pane (a jump, drawn at once), and the box of the
 * located places that Fit shows. */

void
_khoji_map_view_show_box (KhojiMapView *self,
                          double        min_lat,
                          double        min_lon,
                          double        max_lat,
                          double        max_lon)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  double sx, sy;

  if (width <= 0 || height <= 0)
    return;
  self->world_scale = MIN (MAX (width - 2 * MARGIN, 10) / 360.0, MAX (height - 2 * MARGIN, 10) / 150.0);
  sx = MAX (width - 2 * MARGIN, 10) / MAX (max_lon - min_lon, 1e-3);
  sy = MAX (height - 2 * MARGIN, 10) / MAX (max_lat - min_lat, 1e-3);
  self->scale = CLAMP (MIN (sx, sy), self->world_scale * MIN_ZOOM, self->world_scale * MAX_ZOOM);
  self->offset_x = width / 2.0 - (min_lon + max_lon) / 2.0 * self->scale;
  self->offset_y = height / 2.0 + (min_lat + max_lat) / 2.0 * self->scale;
  /* A jump, not a zoom step: drawn at once. */
  self->zoomed_at = 0;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Every located place in view, with room around; the world (less the
 * poles, where nothing is) when there is none. */
void
_khoji_map_view_fit (KhojiMapView *self)
{
  double min_lat = G_MAXDOUBLE, min_lon = G_MAXDOUBLE, max_lat = -G_MAXDOUBLE, max_lon = -G_MAXDOUBLE;
  gboolean any = FALSE;

  for (guint i = 0; self->places && i < self->places->places->len; i++)
    {
      KhojiPlace *p = &g_array_index (self->places->places, KhojiPlace, i);

      if (!p->located)
        continue;
      any = TRUE;
      min_lat = MIN (min_lat, p->latitude);
      max_lat = MAX (max_lat, p->latitude);
      min_lon = MIN (min_lon, p->longitude);
      max_lon = MAX (max_lon, p->longitude);
    }
  if (!any)
    {
      min_lat = -58, max_lat = 84, min_lon = -180, max_lon = 180;
    }
  else
    {
      /* Room around the outermost dots, and a country's worth at least. */
      double pad_lon = MAX ((max_lon - min_lon) * 0.12, MAX (0, 14 - (max_lon - min_lon)) / 2);
      double pad_lat = MAX ((max_lat - min_lat) * 0.12, MAX (0, 8 - (max_lat - min_lat)) / 2);

      min_lon = MAX (min_lon - pad_lon, -180);
      max_lon = MIN (max_lon + pad_lon, 180);
      min_lat = MAX (min_lat - pad_lat, -60);
      max_lat = MIN (max_lat + pad_lat, 85);
    }
  _khoji_map_view_show_box (self, min_lat, min_lon, max_lat, max_lon);
}
