/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-analysis"

#include "config.h"

#include <gio/gio.h>
#include <stdlib.h>
#include <string.h>

#include "khoji-analysis.h"

/* Where the gazetteer's places lie: data/gazetteer/coordinates.tsv, made
 * by tools/map/generate.py from the sources the gazetteer's rows name
 * (Latin name TAB latitude TAB longitude TAB source). A file of its own,
 * keyed by the entities' Latin names, so that the name lists, and the
 * entity model's features made from them, stay as they are. */

#define PLACES_RESOURCE RESOURCE_BASE "/places/coordinates.tsv"

GResource *khoji_gazetteer_get_resource (void);

typedef struct {
  double latitude;
  double longitude;
} Point;

static GHashTable *
load_points (void)
{
  GHashTable *points = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GBytes) bytes = g_resource_lookup_data (khoji_gazetteer_get_resource (),
                                                    PLACES_RESOURCE, 0, NULL);
  g_autofree char *copy = NULL;
  char *line, *next;

  if (bytes == NULL)
    {
      g_warning ("The built-in list of places' coordinates is missing");
      return points;
    }
  copy = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  for (line = copy; line != NULL && *line != '\0'; line = next)
    {
      g_auto(GStrv) f = NULL;
      Point *p;
      char *end_lat, *end_lon;

      next = strchr (line, '\n');
      if (next)
        *next++ = '\0';
      if (*line == '#' || *line == '\0')
        continue;
      f = g_strsplit (line, "\t", 4);
      if (g_strv_length (f) < 3)
        continue;
      p = g_new (Point, 1);
      p->latitude = g_ascii_strtod (f[1], &end_lat);
      p->longitude = g_ascii_strtod (f[2], &end_lon);
      if (end_lat == f[1] || end_lon == f[2] || p->latitude < -90 || p->latitude > 90 ||
          p->longitude < -180 || p->longitude > 180)
        {
          g_free (p);
          continue;
        }
      /* The key the gazetteer gives the entity: "place:" and the Latin
       * name in lower case. */
      {
        g_autofree char *lower = g_utf8_strdown (f[0], -1);

        g_hash_table_replace (points, g_strconcat ("place:", lower, NULL), p);
      }
    }
  return points;
}

static GHashTable *
points (void)
{
  static gsize once = 0;
  static GHashTable *table;

  if (g_once_init_enter (&once))
    {
      table = load_points ();
      g_once_init_leave (&once, 1);
    }
  return table;
}

gboolean
khoji_gazetteer_locate (const char *entity_key,
                        double     *latitude,
                        double     *longitude)
{
  const Point *p;

  g_return_val_if_fail (entity_key != NULL, FALSE);

  p = g_hash_table_lookup (points (), entity_key);
  if (p == NULL)
    return FALSE;
  if (latitude)
    *latitude = p->latitude;
  if (longitude)
    *longitude = p->longitude;
  return TRUE;
}

guint
khoji_gazetteer_n_located (void)
{
  return g_hash_table_size (points ());
}
