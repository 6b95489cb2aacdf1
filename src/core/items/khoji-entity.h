/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* An entity as the library hands it out: a person, place or organization
 * with its counts and the forms it was found under. */

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum {
  KHOJI_ENTITY_PERSON,
  KHOJI_ENTITY_PLACE,
  KHOJI_ENTITY_ORGANIZATION,
} KhojiEntityType;

const char     *khoji_entity_type_to_string   (KhojiEntityType type);
gboolean        khoji_entity_type_from_string (const char      *str,
                                               KhojiEntityType *out_type);

#define KHOJI_TYPE_ENTITY (khoji_entity_get_type ())
G_DECLARE_FINAL_TYPE (KhojiEntity, khoji_entity, KHOJI, ENTITY, GObject)

gint64           khoji_entity_get_id            (KhojiEntity *self);
const char      *khoji_entity_get_name          (KhojiEntity *self);
const char      *khoji_entity_get_latin         (KhojiEntity *self);
KhojiEntityType  khoji_entity_get_entity_type   (KhojiEntity *self);
guint            khoji_entity_get_article_count (KhojiEntity *self);
guint            khoji_entity_get_mention_count (KhojiEntity *self);
gboolean         khoji_entity_get_hidden        (KhojiEntity *self);
GStrv            khoji_entity_dup_aliases       (KhojiEntity *self);

G_END_DECLS
