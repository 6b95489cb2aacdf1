/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "khoji-places.h"

static void
place_clear (gpointer data)
{
  KhojiPlace *place = data;

  g_clear_pointer (&place->name, g_free);
  g_clear_pointer (&place->latin, g_free);
  g_clear_pointer (&place->key, g_free);
}

KhojiPlaces *
khoji_places_new (void)
{
  KhojiPlaces *places = g_new0 (KhojiPlaces, 1);

  places->places = g_array_new (FALSE, TRUE, sizeof (KhojiPlace));
  g_array_set_clear_func (places->places, place_clear);
  return places;
}

void
khoji_places_free (KhojiPlaces *places)
{
  if (places == NULL)
    return;
  g_clear_pointer (&places->places, g_array_unref);
  g_free (places);
}
