/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-test-pg"

#include <errno.h>
#include <pwd.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <glib-unix.h>
#include <libpq-fe.h>

#include "khoji-test-pg.h"

/* The cluster's superuser, whatever the OS user running it. */
#define SUPERUSER "khoji"
#define PORT "5432"

struct _KhojiTestPg
{
  char  *bindir;
  char  *dir;          /* /tmp/khoji-pg-XXXXXX: the socket, server.log */
  char  *data;         /* dir/data */
  uid_t  uid;          /* who runs the server: nobody as root, else the caller */
  gid_t  gid;
  int    guard_fd;     /* the write end of the guard's pipe */
  guint  n_databases;
};

static char *
find_bindir (void)
{
  const char *env = g_getenv ("KHOJI_PG_BINDIR");
  g_autofree char *out = NULL;
  g_autoptr(GDir) lib = NULL;
  g_autofree char *best = NULL;
  int best_version = 0;
  const char *name;

  if (env && *env)
    return g_strdup (env);
  if (g_spawn_sync (NULL, (char *[]) { "pg_config", "--bindir", NULL }, NULL, G_SPAWN_SEARCH_PATH |
                    G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL, NULL, NULL) && out)
    {
      g_autofree char *initdb = NULL;

      g_strstrip (out);
      initdb = g_build_filename (out, "initdb", NULL);
      if (g_file_test (initdb, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&out);
    }
  /* pg_config comes with the client's headers; the server may be there
   * without them. The newest installed version. */
  lib = g_dir_open ("/usr/lib/postgresql", 0, NULL);
  while (lib && (name = g_dir_read_name (lib)))
    {
      g_autofree char *initdb = g_build_filename ("/usr/lib/postgresql", name, "bin", "initdb", NULL);
      int version = atoi (name);

      if (version > best_version && g_file_test (initdb, G_FILE_TEST_IS_EXECUTABLE))
        {
          best_version = version;
          g_free (best);
          best = g_build_filename ("/usr/lib/postgresql", name, "bin", NULL);
        }
    }
  return g_steal_pointer (&best);
}

/* Runs one of the server's programs as the cluster's user, in its folder
 * (the caller's folder may be one nobody cannot enter). */
static gboolean
run (KhojiTestPg  *pg,
     const char   *program,
     const char  **args,
     GError      **error)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  if (getuid () == 0)
    {
      g_ptr_array_add (argv, g_strdup ("setpriv"));
      g_ptr_array_add (argv, g_strdup_printf ("--reuid=%u", (guint) pg->uid));
      g_ptr_array_add (argv, g_strdup_printf ("--regid=%u", (guint) pg->gid));
      g_ptr_array_add (argv, g_strdup ("--clear-groups"));
      g_ptr_array_add (argv, g_strdup ("--"));
    }
  g_ptr_array_add (argv, g_build_filename (pg->bindir, program, NULL));
  for (; *args; args++)
    g_ptr_array_add (argv, g_strdup (*args));
  g_ptr_array_add (argv, NULL);

  if (!g_spawn_sync (pg->dir, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                     &out, &err, &status, error))
    return FALSE;
  if (!g_spawn_check_wait_status (status, NULL))
    {
      g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED, "%s failed: %s%s", program, out, err);
      return FALSE;
    }
  return TRUE;
}

gboolean
khoji_test_pg_start_server (KhojiTestPg  *pg,
                            GError      **error)
{
  g_autofree char *log = g_build_filename (pg->dir, "server.log", NULL);
  /* pg_ctl hands -o to a shell: '' is an empty value. No TCP at all;
   * durability is not what the tests look at. */
  g_autofree char *options = g_strdup_printf ("-c listen_addresses='' -c unix_socket_directories='%s'"
                                              " -c port=" PORT " -c fsync=off -c full_page_writes=off"
                                              " -c max_connections=60", pg->dir);

  return run (pg, "pg_ctl", (const char *[]) { "-D", pg->data, "-l", log, "-w", "-t", "120",
                                               "-o", options, "start", NULL }, error);
}

gboolean
khoji_test_pg_stop_server (KhojiTestPg  *pg,
                           GError      **error)
{
  return run (pg, "pg_ctl", (const char *[]) { "-D", pg->data, "-m", "fast", "-w", "stop", NULL }, error);
}

static void
guard_setup (gpointer data)
{
  /* Out of the test's process group: a signal to the group (a timeout)
   * reaches the test, whose pipe then closes, and not the guard. */
  setsid ();
  signal (SIGINT, SIG_IGN);
  signal (SIGTERM, SIG_IGN);
  signal (SIGHUP, SIG_IGN);
}

/* A shell that waits for the end of its standard input, the read end of
 * a pipe whose only writer is this process: when this process ends, by
 * any means, it stops the server (if still running) and removes the
 * folder. */
static gboolean
start_guard (KhojiTestPg  *pg,
             GError      **error)
{
  g_autofree char *pg_ctl = g_build_filename (pg->bindir, "pg_ctl", NULL);
  g_autofree char *uid = g_strdup_printf ("--reuid=%u", (guint) pg->uid);
  g_autofree char *gid = g_strdup_printf ("--regid=%u", (guint) pg->gid);
  const char *script =
    "cat >/dev/null; "
    "if [ \"$(id -u)\" = 0 ]; then setpriv \"$3\" \"$4\" --clear-groups -- \"$2\" -D \"$1/data\" -m immediate -w stop;"
    " else \"$2\" -D \"$1/data\" -m immediate -w stop; fi >/dev/null 2>&1; rm -rf \"$1\"";
  int fds[2];
  gboolean ok;

  if (!g_unix_open_pipe (fds, FD_CLOEXEC, error))
    return FALSE;
  ok = g_spawn_async_with_fds ("/", (char *[]) { "/bin/sh", "-c", (char *) script, "khoji-test-pg-guard",
                                                 pg->dir, pg_ctl, uid, gid, NULL },
                               NULL, G_SPAWN_DO_NOT_REAP_CHILD, guard_setup, NULL, NULL,
                               fds[0], -1, -1, error);
  close (fds[0]);
  if (!ok)
    {
      close (fds[1]);
      return FALSE;
    }
  pg->guard_fd = fds[1];
  return TRUE;
}

KhojiTestPg *
khoji_test_pg_start (GError **error)
{
  KhojiTestPg *pg = g_new0 (KhojiTestPg, 1);
  char template[] = "/tmp/khoji-pg-XXXXXX";

  pg->guard_fd = -1;
  pg->bindir = find_bindir ();
  if (pg->bindir == NULL)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                   "PostgreSQL's server programs (initdb, pg_ctl) were not found: install the Debian "
                   "package postgresql (build-aux/debian-packages.txt) or set KHOJI_PG_BINDIR");
      khoji_test_pg_free (pg);
      return NULL;
    }
  if (getuid () == 0)
    {
      struct passwd *nobody = getpwnam ("nobody");

      if (nobody == NULL)
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_PERM,
                       "PostgreSQL does not run as root, and there is no user nobody to run it");
          khoji_test_pg_free (pg);
          return NULL;
        }
      pg->uid = nobody->pw_uid;
      pg->gid = nobody->pw_gid;
    }
  else
    {
      pg->uid = getuid ();
      pg->gid = getgid ();
    }

  /* Under /tmp whatever TMPDIR says: the server's user must reach it,
   * and a socket's path must be short. */
  if (mkdtemp (template) == NULL)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), "mkdtemp: %s", g_strerror (errno));
      khoji_test_pg_free (pg);
      return NULL;
    }
  pg->dir = g_strdup (template);
  pg->data = g_build_filename (pg->dir, "data", NULL);
  if (getuid () == 0 && chown (pg->dir, pg->uid, pg->gid) != 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), "chown %s: %s", pg->dir, g_strerror (errno));
      khoji_test_pg_free (pg);
      return NULL;
    }
  if (!start_guard (pg, error) ||
      !run (pg, "initdb", (const char *[]) { "-D", pg->data, "-U", SUPERUSER, "--auth=trust", "--no-locale",
                                             "-E", "UTF8", "--no-sync", NULL }, error) ||
      !khoji_test_pg_start_server (pg, error))
    {
      khoji_test_pg_free (pg);
      return NULL;
    }
  return pg;
}

void
khoji_test_pg_free (KhojiTestPg *pg)
{
  if (pg == NULL)
    return;
  if (pg->data && g_file_test (pg->data, G_FILE_TEST_IS_DIR))
    run (pg, "pg_ctl", (const char *[]) { "-D", pg->data, "-m", "immediate", "-w", "stop", NULL }, NULL);
  if (pg->dir)
    {
      g_autoptr(GError) error = NULL;
      /* The server's files belong to its user: rm as that user is not
       * needed, root may remove them, and the caller owns them otherwise. */
      if (!g_spawn_sync (NULL, (char *[]) { "rm", "-rf", pg->dir, NULL }, NULL, G_SPAWN_SEARCH_PATH,
                         NULL, NULL, NULL, NULL, NULL, &error))
        g_printerr ("Cannot remove %s: %s\n", pg->dir, error->message);
    }
  if (pg->guard_fd >= 0)
    close (pg->guard_fd);
  g_free (pg->bindir);
  g_free (pg->dir);
  g_free (pg->data);
  g_free (pg);
}

static KhojiTestPg *shared_pg;

static void
free_shared (void)
{
  g_clear_pointer (&shared_pg, khoji_test_pg_free);
}

KhojiTestPg *
khoji_test_pg_shared (void)
{
  if (shared_pg == NULL)
    {
      g_autoptr(GError) error = NULL;

      shared_pg = khoji_test_pg_start (&error);
      if (shared_pg == NULL)
        g_error ("Cannot start a PostgreSQL server for the tests: %s", error->message);
      atexit (free_shared);
    }
  return shared_pg;
}

const char *
khoji_test_pg_dir (KhojiTestPg *pg)
{
  return pg->dir;
}

char *
khoji_test_pg_uri (KhojiTestPg *pg,
                   const char  *name)
{
  return g_strdup_printf ("postgresql://" SUPERUSER "@/%s?host=%s&port=" PORT, name, pg->dir);
}

static PGconn *
connect_or_fail (const char *uri)
{
  PGconn *conn = PQconnectdb (uri);

  if (PQstatus (conn) != CONNECTION_OK)
    g_error ("Cannot connect to %s: %s", uri, PQerrorMessage (conn));
  return conn;
}

char *
khoji_test_pg_query (const char *uri,
                     const char *sql)
{
  PGconn *conn = connect_or_fail (uri);
  PGresult *res = PQexec (conn, sql);
  char *out = NULL;

  if (PQresultStatus (res) != PGRES_TUPLES_OK && PQresultStatus (res) != PGRES_COMMAND_OK)
    g_error ("%s: %s", sql, PQerrorMessage (conn));
  if (PQresultStatus (res) == PGRES_TUPLES_OK && PQntuples (res) > 0 && !PQgetisnull (res, 0, 0))
    out = g_strdup (PQgetvalue (res, 0, 0));
  PQclear (res);
  PQfinish (conn);
  return out;
}

gint64
khoji_test_pg_query_int (const char *uri,
                         const char *sql)
{
  g_autofree char *s = khoji_test_pg_query (uri, sql);

  g_assert_nonnull (s);
  return g_ascii_strtoll (s, NULL, 10);
}

char *
khoji_test_pg_new_database (KhojiTestPg *pg,
                            const char  *prefix)
{
  g_autofree char *admin = khoji_test_pg_uri (pg, "postgres");
  g_autofree char *name = g_strdup_printf ("%s_%u", prefix, ++pg->n_databases);
  g_autofree char *sql = g_strdup_printf ("CREATE DATABASE \"%s\"", name);

  g_free (khoji_test_pg_query (admin, sql));
  return khoji_test_pg_uri (pg, name);
}

char *
khoji_test_pg_rows (const char *uri,
                    const char *sql)
{
  PGconn *conn = connect_or_fail (uri);
  PGresult *res = PQexec (conn, sql);
  GString *out = g_string_new (NULL);

  if (PQresultStatus (res) != PGRES_TUPLES_OK)
    g_error ("%s: %s", sql, PQerrorMessage (conn));
  for (int r = 0; r < PQntuples (res); r++)
    {
      for (int c = 0; c < PQnfields (res); c++)
        g_string_append_printf (out, "%s%s", c ? "|" : "", PQgetisnull (res, r, c) ? "(null)" : PQgetvalue (res, r, c));
      g_string_append_c (out, '\n');
    }
  PQclear (res);
  PQfinish (conn);
  return g_string_free (out, FALSE);
}

gboolean
khoji_test_pg_add_password_role (KhojiTestPg  *pg,
                                 const char   *role,
                                 const char   *password,
                                 GError      **error)
{
  g_autofree char *admin = khoji_test_pg_uri (pg, "postgres");
  g_autofree char *sql = g_strdup_printf ("CREATE ROLE \"%s\" LOGIN SUPERUSER PASSWORD '%s'", role, password);
  g_autofree char *hba = g_build_filename (pg->data, "pg_hba.conf", NULL);
  g_autofree char *rules = NULL;
  g_autofree char *with = NULL;

  g_free (khoji_test_pg_query (admin, sql));
  if (!g_file_get_contents (hba, &rules, NULL, error))
    return FALSE;
  /* Before the rules that trust everyone: the first match wins. */
  with = g_strdup_printf ("local all %s scram-sha-256\n%s", role, rules);
  return g_file_set_contents (hba, with, -1, error) &&
         run (pg, "pg_ctl", (const char *[]) { "-D", pg->data, "reload", NULL }, error);
}
