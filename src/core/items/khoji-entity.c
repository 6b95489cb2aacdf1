/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-library"

#include "config.h"

#include "khoji-items-private.h"

static const char * const type_names[] = {
  [KHOJI_ENTITY_PERSON] = "person",
  [KHOJI_ENTITY_PLACE] = "place",
  [KHOJI_ENTITY_ORGANIZATION] = "organization",
};

const char *
khoji_entity_type_to_string (KhojiEntityType type)
{
  g_return_val_if_fail ((guint) type < G_N_ELEMENTS (type_names), "organization");
  return type_names[type];
}

gboolean
khoji_entity_type_from_string (const char      *str,
                               KhojiEntityType *out_type)
{
  g_return_val_if_fail (str != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (type_names); i++)
    if (g_ascii_strcasecmp (str, type_names[i]) == 0)
      {
        if (out_type != NULL)
          *out_type = (KhojiEntityType) i;
        return TRUE;
      }
  return FALSE;
}

struct _KhojiAliasTable
{
  gatomicrefcount  ref_count;
  KhojiAliasLoader loader;
  gpointer         user_data;
  GDestroyNotify   destroy;
  GHashTable      *by_id;     /* NULL until first asked */
};

KhojiAliasTable *
_khoji_alias_table_new (KhojiAliasLoader loader,
                        gpointer         user_data,
                        GDestroyNotify   destroy)
{
  KhojiAliasTable *table = g_new0 (KhojiAliasTable, 1);

  g_atomic_ref_count_init (&table->ref_count);
  table->loader = loader;
  table->user_data = user_data;
  table->destroy = destroy;
  return table;
}

KhojiAliasTable *
_khoji_alias_table_ref (KhojiAliasTable *table)
{
  g_atomic_ref_count_inc (&table->ref_count);
  return table;
}

void
_khoji_alias_table_unref (KhojiAliasTable *table)
{
  if (table == NULL || !g_atomic_ref_count_dec (&table->ref_count))
    return;
  if (table->destroy)
    table->destroy (table->user_data);
  g_clear_pointer (&table->by_id, g_hash_table_unref);
  g_free (table);
}

static const char * const *
alias_table_lookup (KhojiAliasTable *table,
                    gint64           id)
{
  if (table->by_id == NULL)
    {
      table->by_id = table->loader ? table->loader (table->user_data) : NULL;
      /* A loader that failed (the library is gone) is not asked again. */
      if (table->by_id == NULL)
        table->by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
    }
  return g_hash_table_lookup (table->by_id, &id);
}

struct _KhojiEntity
{
  GObject          parent_instance;
  gint64           id;
  char            *name;
  char            *latin;
  KhojiEntityType  type;
  guint            article_count;
  guint            mention_count;
  gboolean         hidden;
  GStrv            aliases;   /* NULL: look them up in `table` */
  KhojiAliasTable *table;
};

G_DEFINE_FINAL_TYPE (KhojiEntity, khoji_entity, G_TYPE_OBJECT)

static void
khoji_entity_finalize (GObject *object)
{
  KhojiEntity *self = KHOJI_ENTITY (object);

  g_free (self->name);
  g_free (self->latin);
  g_strfreev (self->aliases);
  g_clear_pointer (&self->table, _khoji_alias_table_unref);
  G_OBJECT_CLASS (khoji_entity_parent_class)->finalize (object);
}

static void
khoji_entity_class_init (KhojiEntityClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = khoji_entity_finalize;
}

static void
khoji_entity_init (KhojiEntity *self)
{
}

KhojiEntity *
_khoji_entity_new (gint64           id,
                   const char      *name,
                   const char      *latin,
                   KhojiEntityType  type,
                   guint            article_count,
                   guint            mention_count,
                   gboolean         hidden,
                   GStrv            aliases,
                   KhojiAliasTable *table)
{
  KhojiEntity *self = g_object_new (KHOJI_TYPE_ENTITY, NULL);

  self->id = id;
  self->name = g_strdup (name ? name : "");
  self->latin = g_strdup (latin ? latin : "");
  self->type = type;
  self->article_count = article_count;
  self->mention_count = mention_count;
  self->hidden = hidden;
  self->aliases = aliases;
  if (aliases == NULL && table != NULL)
    self->table = _khoji_alias_table_ref (table);
  else if (aliases == NULL)
    self->aliases = g_new0 (char *, 1);
  return self;
}

gint64 khoji_entity_get_id (KhojiEntity *self) { g_return_val_if_fail (KHOJI_IS_ENTITY (self), 0); return self->id; }
const char *khoji_entity_get_name (KhojiEntity *self) { g_return_val_if_fail (KHOJI_IS_ENTITY (self), NULL); return self->name; }
const char *khoji_entity_get_latin (KhojiEntity *self) { g_return_val_if_fail (KHOJI_IS_ENTITY (self), NULL); return self->latin; }
KhojiEntityType khoji_entity_get_entity_type (KhojiEntity *self) { g_return_val_if_fail (KHOJI_IS_ENTITY (self), 0); return self->type; }
guint khoji_entity_get_article_count (KhojiEntity *self) { g_return_val_if_fail (KHOJI_IS_ENTITY (self), 0); return self->article_count; }
guint khoji_entity_get_mention_count (KhojiEntity *self) { g_return_val_if_fail (KHOJI_IS_ENTITY (self), 0); return self->mention_count; }
gboolean khoji_entity_get_hidden (KhojiEntity *self) { g_return_val_if_fail (KHOJI_IS_ENTITY (self), FALSE); return self->hidden; }

/* A listing's entities read their aliases on the first call, all at once,
 * on the calling thread: the thread that listed them. */
GStrv
khoji_entity_dup_aliases (KhojiEntity *self)
{
  const char * const *found;

  g_return_val_if_fail (KHOJI_IS_ENTITY (self), NULL);
  if (self->aliases)
    return g_strdupv (self->aliases);
  found = alias_table_lookup (self->table, self->id);
  return found ? g_strdupv ((GStrv) found) : g_new0 (char *, 1);
}
