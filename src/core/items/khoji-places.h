/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Where things happen: the places that articles name, with where they lie
 * and how many articles name them, as the library computes them for the
 * map view. Plain structs, read-only once handed out. */

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  gint64    id;
  char     *name;        /* Devanagari display name */
  char     *latin;
  char     *key;         /* the entity's key ("place:moscow"), by which it is located */
  guint     n_articles;  /* articles in the scope that name it */
  guint     n_total;     /* articles of the whole library that name it */
  gboolean  asked;       /* one of the entities the places were asked around */
  gboolean  located;     /* the gazetteer knows where it lies */
  double    latitude;    /* degrees, when located */
  double    longitude;
} KhojiPlace;

typedef struct {
  GArray *places;        /* of KhojiPlace: located or not, the most articles
                          * first (then the most in the library, then id) */
  guint   n_located;
  /* The scope: every article (no entity asked), or the articles that name
   * any asked entity. */
  guint   n_scope;
  /* Articles whose places were read to find those of the asked entities:
   * all of the scope, or an even sample of KHOJI_NETWORK_SAMPLE of them,
   * when only the KHOJI_PLACES_MAX_SAMPLED strongest places of the sample
   * are kept; every count is exact all the same. 0 with no entity asked. */
  guint   n_sampled;
  double  worker_ms;
} KhojiPlaces;

/* Most places counted for asked entities whose articles had to be
 * sampled: the strongest in the sample, each counted exactly (a bitset of
 * its articles apiece, the bulk of the time). */
#define KHOJI_PLACES_MAX_SAMPLED 200

KhojiPlaces *khoji_places_new  (void);
void         khoji_places_free (KhojiPlaces *places);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhojiPlaces, khoji_places_free)

G_END_DECLS
