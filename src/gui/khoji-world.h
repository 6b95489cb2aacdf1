/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

/* The world outline the map draws (data/map/world.txt, compiled in):
 * Natural Earth's countries as rings of points in degrees, at two levels
 * of detail; and the states of India (data/map/states.txt, geoBoundaries):
 * their rings, and the borders two states share, which the map draws when
 * it is seen close. Read once, on first use, and kept for the process. */

typedef enum {
  KHOJI_WORLD_COARSE,   /* the whole world */
  KHOJI_WORLD_FINE,     /* a country or a state seen close */
  KHOJI_WORLD_N_LEVELS
} KhojiWorldLevel;

typedef struct {
  guint  first;         /* into points, as (longitude, latitude) pairs */
  guint  n;
  guint  country;
  float  min_lon, min_lat, max_lon, max_lat;
} KhojiWorldRing;

typedef struct {
  char  *name;          /* Natural Earth's English name */
  int    numeric;       /* ISO 3166-1 numeric, or -1 */
  guint  first_ring[KHOJI_WORLD_N_LEVELS];
  guint  n_rings[KHOJI_WORLD_N_LEVELS];
} KhojiWorldCountry;

typedef struct {
  char  *code;          /* ISO 3166-2, "IN-BR" */
  char  *name;          /* geoBoundaries' name */
  guint  first_ring;    /* into state_rings */
  guint  n_rings;
} KhojiWorldState;

typedef struct {
  GArray *countries;                        /* of KhojiWorldCountry */
  GArray *rings[KHOJI_WORLD_N_LEVELS];      /* of KhojiWorldRing */
  GArray *points;                           /* of float */
  GArray *states;                           /* of KhojiWorldState */
  GArray *state_rings;                      /* of KhojiWorldRing (country: the state) */
  GArray *borders;                          /* of KhojiWorldRing: lines, not closed */
} KhojiWorld;

const KhojiWorld *khoji_world_get        (void);
/* The country whose fine outline holds the point (even-odd over its
 * rings), or -1 (the sea). */
int               khoji_world_country_at (const KhojiWorld *world,
                                          double            latitude,
                                          double            longitude);
/* The state whose rings hold the point (even-odd), or -1. */
int               khoji_world_state_at   (const KhojiWorld *world,
                                          double            latitude,
                                          double            longitude);
/* The country of that name, or -1. */
int               khoji_world_find       (const KhojiWorld *world,
                                          const char       *name);

/* Appends to `cr`'s new path the rings (closed) or lines of `rings`
 * whose box meets the given one, at screen = (longitude, -latitude) *
 * scale + offset; rings of a pixel or two left out, and points closer
 * than a pixel to the last one drawn. Returns how many were drawn. */
guint             khoji_world_path       (const KhojiWorld *world,
                                          cairo_t          *cr,
                                          GArray           *rings,
                                          gboolean          closed,
                                          double            scale,
                                          double            offset_x,
                                          double            offset_y,
                                          double            min_lon,
                                          double            max_lon,
                                          double            min_lat,
                                          double            max_lat);

G_END_DECLS
