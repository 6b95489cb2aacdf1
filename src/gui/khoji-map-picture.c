/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-map"

#include "config.h"

#include <math.h>

#include "khoji-map-picture.h"
#include "khoji-world.h"

#define CELL       KHOJI_MAP_CELL
#define FINE_SCALE KHOJI_MAP_FINE_SCALE
#define BAND       KHOJI_MAP_BAND

typedef KhojiMapDot Dot;
typedef KhojiMapPicture Picture;

double
khoji_map_dot_radius (guint              max_articles,
                      const KhojiMapDot *dot)
{
  double share = max_articles ? MIN ((double) dot->n_articles / max_articles, 1.0) : 0;

  return 3.5 + 9.5 * sqrt (share);
}

/* ---- Gathering ---- */

#define PLACE(i) (&g_array_index (places->places, KhojiPlace, (i)))

static int
compare_by_articles (gconstpointer a,
                     gconstpointer b,
                     gpointer      data)
{
  const KhojiPlaces *places = data;
  const KhojiPlace *x = &g_array_index (places->places, KhojiPlace, *(const guint *) a);
  const KhojiPlace *y = &g_array_index (places->places, KhojiPlace, *(const guint *) b);

  /* A selected place names the dot it is in. */
  if (x->asked != y->asked)
    return x->asked ? -1 : 1;
  if (x->n_articles != y->n_articles)
    return x->n_articles > y->n_articles ? -1 : 1;
  return (x->id > y->id) - (x->id < y->id);
}

GArray *
khoji_map_places_order (const KhojiPlaces *places)
{
  guint n = places->places->len;
  GArray *order = g_array_sized_new (FALSE, FALSE, sizeof (guint), n);

  for (guint i = 0; i < n; i++)
    if (g_array_index (places->places, KhojiPlace, i).located)
      g_array_append_val (order, i);
  g_array_sort_with_data (order, compare_by_articles, (gpointer) places);
  return order;
}

void
khoji_map_group_dots (const KhojiPlaces *places,
                      GArray            *order,
                      double             scale,
                      GArray           **dots_out,
                      GArray           **members_out)
{
  g_autoptr(GHashTable) cells = NULL;
  g_autoptr(GArray) cell_of = NULL;
  g_autoptr(GArray) counts = NULL;
  GArray *dots, *members;
  guint n;

  dots = *dots_out = g_array_new (FALSE, FALSE, sizeof (Dot));
  members = *members_out = g_array_new (FALSE, FALSE, sizeof (guint));
  if (places == NULL)
    return;
  n = places->places->len;
  cells = g_hash_table_new (g_int64_hash, g_int64_equal);
  cell_of = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n);
  g_array_set_size (cell_of, n);
  counts = g_array_new (FALSE, TRUE, sizeof (guint));
  for (guint k = 0; k < order->len; k++)
    {
      guint i = g_array_index (order, guint, k);
      KhojiPlace *p = PLACE (i);
      gint64 cx = (gint64) floor (p->longitude * scale / CELL);
      gint64 cy = (gint64) floor (-p->latitude * scale / CELL);
      gint64 *key = &g_array_index (cell_of, gint64, i);
      gpointer found;
      Dot *dot;

      *key = cx * 1000003 + cy;
      found = g_hash_table_lookup (cells, key);
      if (found == NULL)
        {
          Dot d = { 0, 0, 0, 0, 0, (int) i, (int) i, FALSE };

          g_array_append_val (dots, d);
          g_hash_table_insert (cells, key, GUINT_TO_POINTER (dots->len));
          found = GUINT_TO_POINTER (dots->len);
        }
      dot = &g_array_index (dots, Dot, GPOINTER_TO_UINT (found) - 1);
      dot->n++;
      dot->n_articles += p->n_articles;
      dot->lon += p->longitude * MAX (p->n_articles, 1);
      dot->lat += p->latitude * MAX (p->n_articles, 1);
      dot->asked |= p->asked;
    }
  /* Members, dot by dot. */
  g_array_set_size (counts, dots->len);
  for (guint d = 0, at = 0; d < dots->len; d++)
    {
      g_array_index (dots, Dot, d).first = at;
      at += g_array_index (dots, Dot, d).n;
    }
  g_array_set_size (members, order->len);
  for (guint k = 0; k < order->len; k++)
    {
      guint i = g_array_index (order, guint, k);
      guint d = GPOINTER_TO_UINT (g_hash_table_lookup (cells, &g_array_index (cell_of, gint64, i))) - 1;
      Dot *dot = &g_array_index (dots, Dot, d);

      g_array_index (members, guint, dot->first + g_array_index (counts, guint, d)) = i;
      g_array_index (counts, guint, d)++;
    }
  for (guint d = 0; d < dots->len; d++)
    {
      Dot *dot = &g_array_index (dots, Dot, d);
      double weight = 0;

      for (guint m = 0; m < dot->n; m++)
        weight += MAX (PLACE (g_array_index (members, guint, dot->first + m))->n_articles, 1);
      dot->lon /= weight;
      dot->lat /= weight;
      if (dot->n > 1)
        dot->place = -1;
    }
}

/* ---- The picture ---- */

void
khoji_map_picture_free (KhojiMapPicture *job)
{
  g_clear_pointer (&job->dots, g_array_unref);
  g_clear_pointer (&job->members, g_array_unref);
  g_clear_pointer (&job->outline, cairo_surface_destroy);
  g_clear_pointer (&job->picture, cairo_surface_destroy);
  g_clear_pointer (&job->retired, cairo_surface_destroy);
  g_free (job);
}

/* The countries' rings on screen, as one path (filled even-odd); or,
 * with `borders`, the lines between states (open). Returns how many. */
static guint
outline_path (const Picture *job,
              cairo_t       *cr,
              int            band,
              gboolean       borders)
{
  const KhojiWorld *world = khoji_world_get ();
  KhojiWorldLevel level = job->scale >= FINE_SCALE ? KHOJI_WORLD_FINE : KHOJI_WORLD_COARSE;

  return khoji_world_path (world, cr, borders ? world->borders : world->rings[level], !borders,
                           job->scale, job->offset_x, job->offset_y,
                           (-band - job->offset_x) / job->scale, (job->width + band - job->offset_x) / job->scale,
                           (job->offset_y - job->height - band) / job->scale, (job->offset_y + band) / job->scale);
}

/* Fills and strokes the outline into an image for the job's scale and
 * offset, the band around the pane included. */
static void
rasterize_outline (Picture *job)
{
  const GdkRGBA *fg = &job->fg;
  gboolean high_contrast = job->high_contrast;
  int factor = job->factor;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (job->width + 2 * BAND) * factor,
                                                         (job->height + 2 * BAND) * factor);
  cairo_t *cr = cairo_create (surface);

  cairo_scale (cr, factor, factor);
  cairo_translate (cr, BAND, BAND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  outline_path (job, cr, BAND, FALSE);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
  cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, fg->alpha * (high_contrast ? 0.16 : 0.08));
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, fg->alpha * (high_contrast ? 0.6 : 0.28));
  cairo_set_line_width (cr, high_contrast ? 1.2 : 0.7);
  cairo_stroke (cr);
  job->n_borders = 0;
  if (job->scale >= FINE_SCALE)
    {
      /* The states' borders: fainter and dashed. */
      static const double dash[] = { 4.0, 2.5 };

      job->n_borders = outline_path (job, cr, BAND, TRUE);
      cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, fg->alpha * (high_contrast ? 0.5 : 0.3));
      cairo_set_line_width (cr, high_contrast ? 1.0 : 0.7);
      cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
      cairo_stroke (cr);
    }
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  cairo_surface_set_device_scale (surface, factor, factor);
  job->outline = surface;
}

/* The dots within `band` pixels of the pane, in screen coordinates. */
static void
draw_dots (const Picture *job,
           cairo_t       *cr,
           double         band)
{
  for (guint d = job->dots->len; d-- > 0;)
    {
      const Dot *dot = &g_array_index (job->dots, Dot, d);
      double x = dot->lon * job->scale + job->offset_x, y = -dot->lat * job->scale + job->offset_y;
      double r = khoji_map_dot_radius (job->max_articles, dot);

      if (x < -band - r || y < -band - r || x > job->width + band + r || y > job->height + band + r)
        continue;
      cairo_new_path (cr);
      cairo_arc (cr, x, y, r, 0, 2 * G_PI);
      gdk_cairo_set_source_rgba (cr, &job->place);
      cairo_fill_preserve (cr);
      cairo_set_source_rgba (cr, job->fg.red, job->fg.green, job->fg.blue, job->fg.alpha * (dot->n > 1 ? 0.8 : 0.5));
      cairo_set_line_width (cr, dot->n > 1 ? 1.6 : 1.0);
      cairo_stroke (cr);
      if (dot->asked)
        {
          cairo_arc (cr, x, y, r + 3, 0, 2 * G_PI);
          gdk_cairo_set_source_rgba (cr, &job->selected);
          cairo_set_line_width (cr, 3.0);
          cairo_stroke (cr);
        }
    }
}

/* The outline (drawn first when the job has none) with the dots over
 * it, as one image over the pane and the band. */
void
khoji_map_picture_draw (KhojiMapPicture *job)
{
  cairo_surface_t *surface;
  cairo_t *cr;

  if (job->outline == NULL)
    rasterize_outline (job);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (job->width + 2 * BAND) * job->factor,
                                        (job->height + 2 * BAND) * job->factor);
  cairo_surface_set_device_scale (surface, job->factor, job->factor);
  cr = cairo_create (surface);
  cairo_set_source_surface (cr, job->outline, 0, 0);
  cairo_paint (cr);
  cairo_translate (cr, BAND, BAND);
  draw_dots (job, cr, BAND + 20);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  job->picture = surface;
}

void
khoji_map_picture_thread (GTask        *task,
                          gpointer      source,
                          gpointer      data,
                          GCancellable *cancellable)
{
  KhojiMapPicture *job = data;

  g_clear_pointer (&job->retired, cairo_surface_destroy);
  khoji_map_picture_draw (job);
  g_task_return_boolean (task, TRUE);
}
