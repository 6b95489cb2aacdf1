/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-store"

#include "config.h"

#include "khoji-store-backend.h"
#include "khoji-store-network.h"

/* The store's calls, handed to the backend that opened the library. */

G_DEFINE_QUARK (khoji-store-error-quark, khoji_store_error)

gboolean
khoji_store_name_is_uri (const char *name)
{
  return name != NULL &&
         (g_str_has_prefix (name, "postgresql://") || g_str_has_prefix (name, "postgres://"));
}

KhojiStore *
khoji_store_open (const char  *name,
                  GError     **error)
{
  g_return_val_if_fail (name != NULL, NULL);

  if (khoji_store_name_is_uri (name))
    return khoji_pg_store_open (name, error);
  return khoji_sqlite_store_open (name, error);
}

int
khoji_store_peek_schema_version (const char *name)
{
  g_return_val_if_fail (name != NULL, -1);

  if (khoji_store_name_is_uri (name))
    return khoji_pg_store_peek_version (name);
  return khoji_sqlite_store_peek_version (name);
}

const char *
khoji_store_get_path (KhojiStore *self)
{
  return self->name;
}

int
khoji_store_get_schema_version (KhojiStore *self)
{
  return self->schema_version;
}

void
khoji_store_close (KhojiStore *self)
{
  if (self != NULL)
    self->klass->close (self);
}

void
khoji_store_set_bulk_writing (KhojiStore *self,
                              gboolean    bulk)
{
  self->klass->set_bulk_writing (self, bulk);
}

/* The rest are handed on as they are. */
#define KHOJI_STORE_FORWARD(type, name, params, args) \
  type khoji_store_##name params { return self->klass->name args; }
KHOJI_STORE_CALLS (KHOJI_STORE_FORWARD)
#undef KHOJI_STORE_FORWARD

/* ---- Shared by the backends ---- */

void
_khoji_store_init (KhojiStore            *self,
                   const KhojiStoreClass *klass,
                   const char            *name)
{
  self->klass = klass;
  self->name = g_strdup (name);
  self->owner = g_thread_self ();
}

void
_khoji_store_clear (KhojiStore *self)
{
  g_clear_pointer (&self->name, g_free);
}

void
_khoji_store_set_newer_error (GError **error,
                              int      version)
{
  g_set_error (error, KHOJI_STORE_ERROR, KHOJI_STORE_ERROR_NEWER,
               "The library was written by a newer Khoji (schema %d, this one knows %d)",
               version, KHOJI_STORE_SCHEMA_VERSION);
}
