/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-archive"

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "khoji-archive.h"
#include "khoji-location.h"

/* One keyring item per archive: the attributes name the server, the
 * database and the user, so that two archives (or two users of one)
 * keep two passwords, and a changed server name finds none rather than
 * another server's. */
static const SecretSchema archive_schema = {
  "io.github.khoji.Khoji.Archive", SECRET_SCHEMA_NONE,
  {
    { "host", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "port", SECRET_SCHEMA_ATTRIBUTE_INTEGER },
    { "database", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  }
};

typedef struct {
  char *host;
  int   port;
  char *database;
  char *user;
} Parts;

static void
parts_clear (Parts *p)
{
  g_free (p->host);
  g_free (p->database);
  g_free (p->user);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Parts, parts_clear)

static void
read_parts (GSettings *settings,
            Parts     *p)
{
  p->host = g_strstrip (g_settings_get_string (settings, "archive-host"));
  p->port = g_settings_get_int (settings, "archive-port");
  p->database = g_strstrip (g_settings_get_string (settings, "archive-database"));
  p->user = g_strstrip (g_settings_get_string (settings, "archive-user"));
}

gboolean
khoji_archive_is_chosen (GSettings *settings)
{
  return g_settings_get_enum (settings, "library-location") == 1;
}

char *
khoji_archive_dup_uri (GSettings *settings)
{
  g_auto(Parts) p = { 0 };

  read_parts (settings, &p);
  return khoji_location_archive_uri (p.host, p.port, p.database, p.user);
}

static void
on_lookup (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *password = secret_password_lookup_finish (result, &error);

  if (error)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, password, (GDestroyNotify) secret_password_free);
}

void
khoji_archive_lookup_password (GSettings           *settings,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  g_auto(Parts) p = { 0 };

  g_task_set_source_tag (task, khoji_archive_lookup_password);
  read_parts (settings, &p);
  secret_password_lookup (&archive_schema, cancellable, on_lookup, task,
                          "host", p.host, "port", p.port, "database", p.database, "user", p.user,
                          NULL);
}

char *
khoji_archive_lookup_password_finish (GAsyncResult  *result,
                                      GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_stored (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  gboolean ok;

  if (g_task_get_task_data (task) != NULL)
    ok = secret_password_store_finish (result, &error);
  else
    {
      /* Clearing what was not kept is no failure. */
      secret_password_clear_finish (result, &error);
      ok = error == NULL;
    }
  if (!ok)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
khoji_archive_store_password (GSettings           *settings,
                              const char          *password,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  g_auto(Parts) p = { 0 };

  g_task_set_source_tag (task, khoji_archive_store_password);
  read_parts (settings, &p);
  if (password == NULL || *password == '\0')
    {
      secret_password_clear (&archive_schema, cancellable, on_stored, task,
                             "host", p.host, "port", p.port, "database", p.database, "user", p.user,
                             NULL);
      return;
    }
  {
    /* The keyring's own window lists it by this name. */
    g_autofree char *label = g_strdup_printf (_("Khoji shared archive %s on %s"),
                                              p.database, *p.host ? p.host : "localhost");

    g_task_set_task_data (task, GINT_TO_POINTER (1), NULL);
    secret_password_store (&archive_schema, SECRET_COLLECTION_DEFAULT, label, password,
                           cancellable, on_stored, task,
                           "host", p.host, "port", p.port, "database", p.database, "user", p.user,
                           NULL);
  }
}

gboolean
khoji_archive_store_password_finish (GAsyncResult  *result,
                                     GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
khoji_archive_password_free (char *password)
{
  if (password)
    secret_password_free (password);
}
