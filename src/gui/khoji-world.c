/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-map"

#include "config.h"

#include <cairo.h>
#include <gio/gio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "khoji-world.h"

/* data/map/README.md describes the file: "C <numeric> <name>" starts a
 * country, "<level> x0 y0 dx dy ..." is a ring in hundredths of a degree,
 * each point after the first as the difference from the one before. */

GResource *khoji_map_get_resource (void);

#define WORLD_RESOURCE RESOURCE_BASE "/map/world.txt"
#define STATES_RESOURCE RESOURCE_BASE "/map/states.txt"

/* Reads the points of one line into the world's points; FALSE (and
 * nothing kept) for fewer than `least`. */
static gboolean
read_points (KhojiWorld     *world,
             KhojiWorldRing *ring,
             const char     *line,
             guint           least)
{
  long x = 0, y = 0;
  char *end;

  while (*line)
    {
      long dx = strtol (line, &end, 10), dy;

      if (end == line)
        break;
      line = end;
      dy = strtol (line, &end, 10);
      if (end == line)
        break;
      line = end;
      x += dx;
      y += dy;
      {
        float p[2] = { x / 100.0f, y / 100.0f };

        g_array_append_vals (world->points, p, 2);
        ring->min_lon = MIN (ring->min_lon, p[0]);
        ring->max_lon = MAX (ring->max_lon, p[0]);
        ring->min_lat = MIN (ring->min_lat, p[1]);
        ring->max_lat = MAX (ring->max_lat, p[1]);
      }
      ring->n++;
    }
  if (ring->n < least)
    {
      g_array_set_size (world->points, ring->first * 2);
      return FALSE;
    }
  return TRUE;
}

static void
add_ring (KhojiWorld      *world,
          KhojiWorldLevel  level,
          const char      *line)
{
  KhojiWorldRing ring = { world->points->len / 2, 0, world->countries->len - 1,
                          G_MAXFLOAT, G_MAXFLOAT, -G_MAXFLOAT, -G_MAXFLOAT };
  KhojiWorldCountry *country = &g_array_index (world->countries, KhojiWorldCountry, world->countries->len - 1);

  if (!read_points (world, &ring, line, 3))
    return;
  if (country->n_rings[level] == 0)
    country->first_ring[level] = world->rings[level]->len;
  country->n_rings[level]++;
  g_array_append_val (world->rings[level], ring);
}

/* The states: "S <code> <name>" starts one, "fine ..." is one of its
 * rings, "B ..." a border two states share. */
static void
load_states (KhojiWorld *world)
{
  g_autoptr(GBytes) bytes = g_resource_lookup_data (khoji_map_get_resource (), STATES_RESOURCE, 0, NULL);
  g_autofree char *text = NULL;
  char *line, *next;

  if (bytes == NULL)
    {
      g_warning ("The states' outline is missing from the program");
      return;
    }
  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  for (line = text; line && *line; line = next)
    {
      KhojiWorldRing ring = { world->points->len / 2, 0, world->states->len - 1,
                              G_MAXFLOAT, G_MAXFLOAT, -G_MAXFLOAT, -G_MAXFLOAT };

      next = strchr (line, '\n');
      if (next)
        *next++ = '\0';
      if (g_str_has_prefix (line, "S "))
        {
          KhojiWorldState st = { 0 };
          char *space = strchr (line + 2, ' ');

          if (space == NULL)
            continue;
          st.code = g_strndup (line + 2, space - (line + 2));
          st.name = g_strdup (space + 1);
          st.first_ring = world->state_rings->len;
          g_array_append_val (world->states, st);
        }
      else if (world->states->len > 0 && g_str_has_prefix (line, "fine ") &&
               read_points (world, &ring, line + 5, 3))
        {
          g_array_index (world->states, KhojiWorldState, world->states->len - 1).n_rings++;
          g_array_append_val (world->state_rings, ring);
        }
      else if (g_str_has_prefix (line, "B ") && read_points (world, &ring, line + 2, 2))
        g_array_append_val (world->borders, ring);
    }
}

static KhojiWorld *
load (void)
{
  KhojiWorld *world = g_new0 (KhojiWorld, 1);
  g_autoptr(GBytes) bytes = g_resource_lookup_data (khoji_map_get_resource (), WORLD_RESOURCE, 0, NULL);
  g_autofree char *text = NULL;
  char *line, *next;

  world->countries = g_array_new (FALSE, TRUE, sizeof (KhojiWorldCountry));
  for (guint l = 0; l < KHOJI_WORLD_N_LEVELS; l++)
    world->rings[l] = g_array_new (FALSE, FALSE, sizeof (KhojiWorldRing));
  world->points = g_array_new (FALSE, FALSE, sizeof (float));
  world->states = g_array_new (FALSE, TRUE, sizeof (KhojiWorldState));
  world->state_rings = g_array_new (FALSE, FALSE, sizeof (KhojiWorldRing));
  world->borders = g_array_new (FALSE, FALSE, sizeof (KhojiWorldRing));
  load_states (world);
  if (bytes == NULL)
    {
      g_warning ("The world outline is missing from the program");
      return world;
    }
  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  for (line = text; line && *line; line = next)
    {
      next = strchr (line, '\n');
      if (next)
        *next++ = '\0';
      if (g_str_has_prefix (line, "C "))
        {
          KhojiWorldCountry c = { 0 };
          char *end;

          c.numeric = line[2] == '-' ? -1 : (int) strtol (line + 2, &end, 10);
          c.name = g_strdup (strchr (line + 2, ' ') ? strchr (line + 2, ' ') + 1 : "");
          g_array_append_val (world->countries, c);
        }
      else if (world->countries->len > 0 && g_str_has_prefix (line, "fine "))
        add_ring (world, KHOJI_WORLD_FINE, line + 5);
      else if (world->countries->len > 0 && g_str_has_prefix (line, "coarse "))
        add_ring (world, KHOJI_WORLD_COARSE, line + 7);
    }
  return world;
}

const KhojiWorld *
khoji_world_get (void)
{
  static gsize once = 0;
  static KhojiWorld *world;

  if (g_once_init_enter (&once))
    {
      world = load ();
      g_once_init_leave (&once, 1);
    }
  return world;
}

static gboolean
ring_holds (const KhojiWorld     *world,
            const KhojiWorldRing *ring,
            double                lat,
            double                lon)
{
  const float *p = &g_array_index (world->points, float, ring->first * 2);
  gboolean inside = FALSE;

  if (lon < ring->min_lon || lon > ring->max_lon || lat < ring->min_lat || lat > ring->max_lat)
    return FALSE;
  for (guint i = 0, j = ring->n - 1; i < ring->n; j = i++)
    {
      double xi = p[2 * i], yi = p[2 * i + 1], xj = p[2 * j], yj = p[2 * j + 1];

      if ((yi > lat) != (yj > lat) && lon < (xj - xi) * (lat - yi) / (yj - yi) + xi)
        inside = !inside;
    }
  return inside;
}

int
khoji_world_country_at (const KhojiWorld *world,
                        double            latitude,
                        double            longitude)
{
  for (guint c = 0; c < world->countries->len; c++)
    {
      const KhojiWorldCountry *country = &g_array_index (world->countries, KhojiWorldCountry, c);
      gboolean inside = FALSE;

      for (guint r = 0; r < country->n_rings[KHOJI_WORLD_FINE]; r++)
        if (ring_holds (world, &g_array_index (world->rings[KHOJI_WORLD_FINE], KhojiWorldRing,
                                               country->first_ring[KHOJI_WORLD_FINE] + r),
                        latitude, longitude))
          inside = !inside;
      if (inside)
        return (int) c;
    }
  return -1;
}

int
khoji_world_state_at (const KhojiWorld *world,
                      double            latitude,
                      double            longitude)
{
  for (guint s = 0; s < world->states->len; s++)
    {
      const KhojiWorldState *state = &g_array_index (world->states, KhojiWorldState, s);
      gboolean inside = FALSE;

      for (guint r = 0; r < state->n_rings; r++)
        if (ring_holds (world, &g_array_index (world->state_rings, KhojiWorldRing, state->first_ring + r),
                        latitude, longitude))
          inside = !inside;
      if (inside)
        return (int) s;
    }
  return -1;
}

int
khoji_world_find (const KhojiWorld *world,
                  const char       *name)
{
  for (guint c = 0; c < world->countries->len; c++)
    if (g_str_equal (g_array_index (world->countries, KhojiWorldCountry, c).name, name))
      return (int) c;
  return -1;
}

guint
khoji_world_path (const KhojiWorld *world,
                  cairo_t          *cr,
                  GArray           *rings,
                  gboolean          closed,
                  double            scale,
                  double            offset_x,
                  double            offset_y,
                  double            min_lon,
                  double            max_lon,
                  double            min_lat,
                  double            max_lat)
{
  const float *pts = (const float *) world->points->data;
  double s = scale, ox = offset_x, oy = offset_y;
  guint n = 0;

  cairo_new_path (cr);
  for (guint r = 0; r < rings->len; r++)
    {
      const KhojiWorldRing *ring = &g_array_index (rings, KhojiWorldRing, r);
      const float *p = pts + 2 * ring->first;
      double last_x, last_y;

      if (ring->max_lon < min_lon || ring->min_lon > max_lon ||
          ring->max_lat < min_lat || ring->min_lat > max_lat)
        continue;
      /* Smaller than a pixel or two: a dot of land is no help. */
      if (closed && (ring->max_lon - ring->min_lon) * s < 1.5 && (ring->max_lat - ring->min_lat) * s < 1.5)
        continue;
      last_x = p[0] * s + ox;
      last_y = -p[1] * s + oy;
      cairo_move_to (cr, last_x, last_y);
      for (guint i = 1; i < ring->n; i++)
        {
          double x = p[2 * i] * s + ox, y = -p[2 * i + 1] * s + oy;

          /* Points closer than half a pixel to the last one drawn add
           * nothing: the whole world at once has 12,000 of them. */
          if (fabs (x - last_x) + fabs (y - last_y) < 0.7 && i + 1 < ring->n)
            continue;
          cairo_line_to (cr, x, y);
          last_x = x;
          last_y = y;
        }
      if (closed)
        cairo_close_path (cr);
      n++;
    }
  return n;
}
