/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-library"

#include "config.h"

#include <string.h>

#include "khoji-location.h"

/* libpq reads its URIs itself (PQconnectdb): this unit only writes them
 * and takes the password back out for display. GUri would do neither
 * for a socket folder given as the host parameter, nor know which query
 * parameter is a secret; what is written here is read back by libpq's
 * own parser in the tests. */

gboolean
khoji_location_is_archive (const char *location)
{
  return location != NULL &&
         (g_ascii_strncasecmp (location, "postgresql://", 13) == 0 ||
          g_ascii_strncasecmp (location, "postgres://", 11) == 0);
}

static void
append_escaped (GString    *s,
                const char *part)
{
  g_autofree char *escaped = g_uri_escape_string (part, NULL, FALSE);

  g_string_append (s, escaped);
}

char *
khoji_location_archive_uri (const char *host,
                            guint       port,
                            const char *database,
                            const char *user)
{
  GString *s = g_string_new ("postgresql://");
  gboolean socket_folder = host != NULL && host[0] == '/';

  if (user != NULL && *user != '\0')
    {
      append_escaped (s, user);
      g_string_append_c (s, '@');
    }
  if (host != NULL && *host != '\0' && !socket_folder)
    {
      /* An IPv6 address goes in brackets, as it is. */
      if (strchr (host, ':') != NULL && host[0] != '[')
        g_string_append_printf (s, "[%s]", host);
      else if (host[0] == '[')
        g_string_append (s, host);
      else
        append_escaped (s, host);
      if (port != 0)
        g_string_append_printf (s, ":%u", port);
    }
  g_string_append_c (s, '/');
  if (database != NULL && *database != '\0')
    append_escaped (s, database);
  g_string_append_printf (s, "?connect_timeout=%d", KHOJI_LOCATION_CONNECT_TIMEOUT);
  if (socket_folder)
    {
      g_string_append (s, "&host=");
      append_escaped (s, host);
      if (port != 0)
        g_string_append_printf (s, "&port=%u", port);
    }
  return g_string_free (s, FALSE);
}

char *
khoji_location_with_password (const char *uri,
                              const char *password)
{
  GString *s;

  g_return_val_if_fail (uri != NULL, NULL);

  if (password == NULL || *password == '\0')
    return g_strdup (uri);
  s = g_string_new (uri);
  g_string_append (s, strchr (uri, '?') ? "&password=" : "?password=");
  append_escaped (s, password);
  return g_string_free (s, FALSE);
}

char *
khoji_location_for_display (const char *location)
{
  const char *authority, *authority_end, *at, *query;
  GString *s;

  if (location == NULL)
    return NULL;
  if (!khoji_location_is_archive (location))
    return g_strdup (location);

  authority = strstr (location, "://") + 3;
  authority_end = authority + strcspn (authority, "/?#");
  s = g_string_new_len (location, authority - location);

  /* user:password@host → user@host (the last @: the password may hold
   * none escaped, but a careless hand may have written one). */
  at = g_strrstr_len (authority, authority_end - authority, "@");
  if (at != NULL)
    {
      const char *colon = memchr (authority, ':', at - authority);

      g_string_append_len (s, authority, (colon ? colon : at) - authority);
      g_string_append_len (s, at, authority_end - at);
    }
  else
    g_string_append_len (s, authority, authority_end - authority);

  query = strchr (authority_end, '?');
  if (query == NULL)
    {
      g_string_append (s, authority_end);
      return g_string_free (s, FALSE);
    }
  g_string_append_len (s, authority_end, query - authority_end);

  {
    g_auto(GStrv) params = g_strsplit (query + 1, "&", -1);
    gboolean first = TRUE;

    for (guint i = 0; params[i]; i++)
      {
        if (g_ascii_strncasecmp (params[i], "password=", 9) == 0 ||
            g_ascii_strcasecmp (params[i], "password") == 0 || params[i][0] == '\0')
          continue;
        g_string_append_c (s, first ? '?' : '&');
        g_string_append (s, params[i]);
        first = FALSE;
      }
  }
  return g_string_free (s, FALSE);
}
