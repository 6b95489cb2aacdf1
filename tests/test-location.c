/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-test-location"

#include <string.h>

#include <libpq-fe.h>

#include "khoji-location.h"

/* The URI of a shared archive, as the window's Preferences assemble it,
 * read back by libpq's own parser: what libpq would connect to is what
 * was asked, whatever characters the parts hold. */

typedef struct {
  char *host, *port, *dbname, *user, *password, *connect_timeout;
} Conninfo;

static void
conninfo_clear (Conninfo *c)
{
  g_free (c->host);
  g_free (c->port);
  g_free (c->dbname);
  g_free (c->user);
  g_free (c->password);
  g_free (c->connect_timeout);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Conninfo, conninfo_clear)

static void
parse (const char *uri,
       Conninfo   *out)
{
  char *errmsg = NULL;
  PQconninfoOption *options = PQconninfoParse (uri, &errmsg);

  if (options == NULL)
    g_error ("libpq cannot read %s: %s", uri, errmsg ? errmsg : "out of memory");
  for (PQconninfoOption *o = options; o->keyword; o++)
    {
      char **slot = NULL;

      if (g_str_equal (o->keyword, "host"))
        slot = &out->host;
      else if (g_str_equal (o->keyword, "port"))
        slot = &out->port;
      else if (g_str_equal (o->keyword, "dbname"))
        slot = &out->dbname;
      else if (g_str_equal (o->keyword, "user"))
        slot = &out->user;
      else if (g_str_equal (o->keyword, "password"))
        slot = &out->password;
      else if (g_str_equal (o->keyword, "connect_timeout"))
        slot = &out->connect_timeout;
      if (slot)
        *slot = g_strdup (o->val);
    }
  PQconninfoFree (options);
}

static void
test_is_archive (void)
{
  g_assert_true (khoji_location_is_archive ("postgresql://host/db"));
  g_assert_true (khoji_location_is_archive ("postgres://host/db"));
  g_assert_true (khoji_location_is_archive ("PostgreSQL://host/db"));
  g_assert_false (khoji_location_is_archive ("/home/a/library.db"));
  g_assert_false (khoji_location_is_archive ("postgresql.db"));
  g_assert_false (khoji_location_is_archive ("./postgresql://x"));
  g_assert_false (khoji_location_is_archive (""));
  g_assert_false (khoji_location_is_archive (NULL));
}

static void
test_plain (void)
{
  g_autofree char *uri = khoji_location_archive_uri ("archive.example.org", 5433, "khoji", "meera");
  g_auto(Conninfo) c = { 0 };

  g_assert_cmpstr (uri, ==, "postgresql://meera@archive.example.org:5433/khoji?connect_timeout=10");
  parse (uri, &c);
  g_assert_cmpstr (c.host, ==, "archive.example.org");
  g_assert_cmpstr (c.port, ==, "5433");
  g_assert_cmpstr (c.dbname, ==, "khoji");
  g_assert_cmpstr (c.user, ==, "meera");
  g_assert_null (c.password);
  g_assert_cmpstr (c.connect_timeout, ==, "10");
}

static void
test_defaults (void)
{
  /* No user, no port: libpq's own defaults (the login name, 5432). */
  g_autofree char *uri = khoji_location_archive_uri ("db", 0, "khoji", "");
  g_auto(Conninfo) c = { 0 };

  g_assert_cmpstr (uri, ==, "postgresql://db/khoji?connect_timeout=10");
  parse (uri, &c);
  g_assert_cmpstr (c.host, ==, "db");
  g_assert_null (c.port);
  g_assert_null (c.user);
}

static void
test_hostile_parts (void)
{
  /* Every character that means something in a URI, in each part, and a
   * database named in Devanagari. */
  const char *user = "a@b:c/d?e&f=g%h i";
  const char *db = "समाचार/संग्रह?x=1&y";
  const char *password = "p@ss:w/o?r&d=%20 #\"'\\";
  g_autofree char *uri = khoji_location_archive_uri ("archive.example.org", 5432, db, user);
  g_autofree char *full = khoji_location_with_password (uri, password);
  g_autofree char *shown = khoji_location_for_display (full);
  g_auto(Conninfo) c = { 0 };

  parse (full, &c);
  g_assert_cmpstr (c.host, ==, "archive.example.org");
  g_assert_cmpstr (c.user, ==, user);
  g_assert_cmpstr (c.dbname, ==, db);
  g_assert_cmpstr (c.password, ==, password);

  /* Shown, it is the URI without the password, whole otherwise. */
  g_assert_cmpstr (shown, ==, uri);
  g_assert_null (strstr (full + strlen (uri), "p@ss"));
}

static void
test_socket_folder (void)
{
  /* A folder with a space, as under a checkout's temporary folder. */
  g_autofree char *uri = khoji_location_archive_uri ("/tmp/khoji pg/run", 5499, "khoji", "tester");
  g_autofree char *full = khoji_location_with_password (uri, "secret");
  g_auto(Conninfo) c = { 0 };

  parse (full, &c);
  g_assert_cmpstr (c.host, ==, "/tmp/khoji pg/run");
  g_assert_cmpstr (c.port, ==, "5499");
  g_assert_cmpstr (c.dbname, ==, "khoji");
  g_assert_cmpstr (c.user, ==, "tester");
  g_assert_cmpstr (c.password, ==, "secret");
}

static void
test_ipv6 (void)
{
  g_autofree char *uri = khoji_location_archive_uri ("::1", 5432, "khoji", NULL);
  g_auto(Conninfo) c = { 0 };

  g_assert_cmpstr (uri, ==, "postgresql://[::1]:5432/khoji?connect_timeout=10");
  parse (uri, &c);
  g_assert_cmpstr (c.host, ==, "::1");
}

static void
test_display (void)
{
  const struct { const char *in, *out; } cases[] = {
    { "/home/a/library.db", "/home/a/library.db" },
    { "postgresql://u:secret@h/db", "postgresql://u@h/db" },
    { "postgresql://u:sec@ret@h:5432/db?sslmode=require", "postgresql://u@h:5432/db?sslmode=require" },
    { "postgres://h/db?password=x&sslmode=require", "postgres://h/db?sslmode=require" },
    { "postgresql://h/db?sslmode=require&PASSWORD=x", "postgresql://h/db?sslmode=require" },
    { "postgresql://h/db?password=x", "postgresql://h/db" },
    { "postgresql:///db?host=%2Ftmp&password=x&port=5", "postgresql:///db?host=%2Ftmp&port=5" },
    { "postgresql://h", "postgresql://h" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *shown = khoji_location_for_display (cases[i].in);

      g_assert_cmpstr (shown, ==, cases[i].out);
    }
  g_assert_null (khoji_location_for_display (NULL));
}

static void
test_no_password (void)
{
  g_autofree char *a = khoji_location_with_password ("postgresql://h/db", NULL);
  g_autofree char *b = khoji_location_with_password ("postgresql://h/db", "");
  g_autofree char *c = khoji_location_with_password ("postgresql://h/db", "x y");

  g_assert_cmpstr (a, ==, "postgresql://h/db");
  g_assert_cmpstr (b, ==, "postgresql://h/db");
  g_assert_cmpstr (c, ==, "postgresql://h/db?password=x%20y");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/location/is-archive", test_is_archive);
  g_test_add_func ("/location/plain", test_plain);
  g_test_add_func ("/location/defaults", test_defaults);
  g_test_add_func ("/location/hostile-parts", test_hostile_parts);
  g_test_add_func ("/location/socket-folder", test_socket_folder);
  g_test_add_func ("/location/ipv6", test_ipv6);
  g_test_add_func ("/location/display", test_display);
  g_test_add_func ("/location/no-password", test_no_password);
  return g_test_run ();
}
