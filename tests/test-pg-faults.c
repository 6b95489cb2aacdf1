/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-test-pg-faults"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gio/gio.h>
#include <gio/gunixsocketaddress.h>
#include <libpq-fe.h>
#include <glib/gstdio.h>

#include "khoji-test-pg.h"

/* A shared archive on a real PostgreSQL server (a throwaway cluster),
 * driven by the real khoji-cli, through what a newsroom's archive meets:
 * two people importing overlapping folders at once, an importer killed
 * again and again, the server stopped in the middle of an import. After
 * each, `khoji-cli check` passes, and every article in the archive is
 * whole (its text, mentions, dates and search keys equal to a clean
 * import of the same file) or absent. The test reads the archive's rows
 * directly: a test may look under the store to check what it claims. */

#define N_FILES 240

static const char *
cli (void)
{
  const char *path = g_getenv ("KHOJI_CLI");

  if (path == NULL)
    g_error ("KHOJI_CLI is not set: run this test with meson test");
  return path;
}

/* Short, distinct articles recombined from the shipped samples' lines,
 * N_FILES of them, numbered, in folders of 40. */
static void
write_corpus (const char *dir)
{
  const char *root = g_getenv ("KHOJI_SOURCE_ROOT");
  g_autofree char *samples = g_build_filename (root ? root : ".", "data", "samples", NULL);
  g_autoptr(GDir) d = g_dir_open (samples, 0, NULL);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GRand) rand = g_rand_new_with_seed (18);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *p = g_build_filename (samples, name, NULL);
      g_autofree char *contents = NULL;
      g_auto(GStrv) split = NULL;

      if (!g_str_has_suffix (name, ".txt") || !g_file_get_contents (p, &contents, NULL, NULL))
        continue;
      split = g_strsplit (contents, "\n", -1);
      for (guint i = 0; split[i]; i++)
        if (strlen (split[i]) > 40)
          g_ptr_array_add (lines, g_strdup (split[i]));
    }
  g_assert_cmpuint (lines->len, >, 10);

  for (guint i = 0; i < N_FILES; i++)
    {
      g_autofree char *sub = g_strdup_printf ("%s/%02u", dir, i / 40);
      g_autofree char *path = g_strdup_printf ("%s/%04u.txt", sub, i);
      g_autoptr(GString) text = g_string_new (NULL);
      guint n = g_rand_int_range (rand, 2, 6);

      g_mkdir_with_parents (sub, 0755);
      g_string_append_printf (text, "खबर %u\n", i);
      for (guint j = 0; j < n; j++)
        g_string_append_printf (text, "%s\n", (char *) g_ptr_array_index (lines, g_rand_int_range (rand, 0, lines->len)));
      g_string_append_printf (text, "लेख संख्या %u, 12 मार्च 2024।\n", i);
      g_assert_true (g_file_set_contents (path, text->str, text->len, NULL));
    }
}

static GSubprocess *
start_cli (char **err_out, ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  GSubprocess *proc;
  va_list args;
  const char *a;

  g_ptr_array_add (argv, (char *) cli ());
  va_start (args, err_out);
  while ((a = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) a);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  proc = g_subprocess_newv ((const char * const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  return proc;
}

/* Waits for PROC; its exit status, its output and error (may be NULL). */
static int
finish (GSubprocess  *proc,
        char        **out,
        char        **err)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *o = NULL;
  g_autofree char *e = NULL;

  int status;

  g_subprocess_communicate_utf8 (proc, NULL, NULL, &o, &e, &error);
  g_assert_no_error (error);
  if (out)
    *out = g_steal_pointer (&o);
  if (err)
    *err = g_steal_pointer (&e);
  status = g_subprocess_get_if_exited (proc) ? g_subprocess_get_exit_status (proc) : -1;
  g_object_unref (proc);
  return status;
}

static int
run_cli (char **out, char **err, const char *db, const char *command, const char *arg)
{
  return finish (start_cli (NULL, "--db", db, command, arg, NULL), out, err);
}

/* An article by its content hash: text, mention and date counts, and
 * whether it has search keys. */
static GHashTable *
read_archive (const char *uri)
{
  g_autofree char *rows = khoji_test_pg_rows (uri,
    "SELECT a.hash, md5 (a.text), (SELECT count(*) FROM mention m WHERE m.article_id = a.id),"
    " (SELECT count(*) FROM date_mention d WHERE d.article_id = a.id), a.search != ''::tsvector,"
    " (SELECT count(*) FROM article_hash h WHERE h.hash = a.hash AND h.article_id = a.id)"
    " FROM article a");
  g_auto(GStrv) lines = g_strsplit (rows, "\n", -1);
  GHashTable *out = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; lines[i] && *lines[i]; i++)
    {
      const char *bar = strchr (lines[i], '|');

      g_assert_nonnull (bar);
      /* Each article once. */
      g_assert_false (g_hash_table_contains (out, bar));
      g_hash_table_insert (out, g_strndup (lines[i], bar - lines[i]), g_strdup (bar + 1));
    }
  return out;
}

static void
assert_whole_or_absent (GHashTable *got,
                        GHashTable *reference)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, got);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_assert_cmpstr (value, ==, g_hash_table_lookup (reference, key));
}

static void
assert_check_passes (const char *uri)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  if (run_cli (&out, &err, uri, "check", NULL) != 0)
    g_error ("check failed:\n%s%s", out, err);
}

/* "N imported, N unchanged duplicates, N rejected" of an import's end. */
static void
summary (const char *out,
         guint      *imported,
         guint      *duplicates,
         guint      *rejected)
{
  const char *line = g_strrstr (out, " imported, ");
  const char *start;

  g_assert_nonnull (line);
  for (start = line; start > out && start[-1] != '\n'; start--)
    ;
  g_assert_cmpint (sscanf (start, "%u imported, %u unchanged duplicates, %u rejected", imported, duplicates, rejected),
                   ==, 3);
}

typedef struct {
  char       *dir;
  char       *corpus;
  char       *reference_uri;
  GHashTable *reference;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  f->dir = g_dir_make_tmp ("khoji-pg-faults-XXXXXX", &error);
  g_assert_no_error (error);
  f->corpus = g_build_filename (f->dir, "corpus", NULL);
  write_corpus (f->corpus);
  /* The same files imported without interruption. */
  f->reference_uri = khoji_test_pg_new_database (khoji_test_pg_shared (), "reference");
  g_assert_cmpint (finish (start_cli (NULL, "--db", f->reference_uri, "import", "--quiet", f->corpus, NULL), &out, NULL),
                   ==, 0);
  f->reference = read_archive (f->reference_uri);
  g_assert_cmpuint (g_hash_table_size (f->reference), ==, N_FILES);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  const char *rm[] = { "rm", "-rf", f->dir, NULL };

  g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  g_hash_table_unref (f->reference);
  g_free (f->reference_uri);
  g_free (f->corpus);
  g_free (f->dir);
}

/* Two importers at once, on folders that overlap by a third: every file
 * once, the overlap counted once as imported and once as a duplicate. */
static void
test_two_importers_overlapping (Fixture *f, gconstpointer data)
{
  g_autofree char *uri = khoji_test_pg_new_database (khoji_test_pg_shared (), "two");
  g_autofree char *a = g_build_filename (f->dir, "a", NULL);
  g_autofree char *b = g_build_filename (f->dir, "b", NULL);
  g_autofree char *out_a = NULL, *out_b = NULL, *err_a = NULL, *err_b = NULL;
  g_autoptr(GHashTable) got = NULL;
  GSubprocess *pa, *pb;
  guint ia, da, ra, ib, db, rb;

  /* a: folders 0-3, b: folders 2-5, of 40 files each: two people with
   * copies of the same files. */
  for (guint i = 0; i < N_FILES / 40; i++)
    {
      g_autofree char *name = g_strdup_printf ("%02u", i);
      g_autofree char *from = g_build_filename (f->corpus, name, NULL);

      for (guint side = 0; side < 2; side++)
        {
          g_autofree char *to = g_build_filename (side == 0 ? a : b, name, NULL);
          const char *cp[] = { "cp", "-r", from, to, NULL };
          int status = 0;

          if ((side == 0 && i >= 4) || (side == 1 && i < 2))
            continue;
          g_mkdir_with_parents (side == 0 ? a : b, 0755);
          g_assert_true (g_spawn_sync (NULL, (char **) cp, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                                       &status, NULL));
          g_assert_cmpint (status, ==, 0);
        }
    }

  pa = start_cli (NULL, "--db", uri, "import", "--quiet", a, NULL);
  pb = start_cli (NULL, "--db", uri, "import", "--quiet", b, NULL);
  if (finish (pa, &out_a, &err_a) != 0 || finish (pb, &out_b, &err_b) != 0)
    g_error ("an importer failed:\n%s%s\n%s%s", out_a, err_a, out_b ? out_b : "", err_b ? err_b : "");
  summary (out_a, &ia, &da, &ra);
  summary (out_b, &ib, &db, &rb);
  g_test_message ("first: %u imported, %u duplicates; second: %u imported, %u duplicates", ia, da, ib, db);
  g_assert_cmpuint (ra + rb, ==, 0);
  g_assert_cmpuint (ia + ib, ==, N_FILES);
  g_assert_cmpuint (da + db, ==, 80);

  got = read_archive (uri);
  g_assert_cmpuint (g_hash_table_size (got), ==, N_FILES);
  assert_whole_or_absent (got, f->reference);
  assert_check_passes (uri);
}

/* The articles in the archive so far: 0 before the importer has made
 * the tables. */
static guint
count_articles (const char *uri)
{
  g_autofree char *made = khoji_test_pg_query (uri, "SELECT count(*) FROM pg_tables WHERE tablename = 'article'");
  g_autofree char *n = NULL;

  if (!g_str_equal (made, "1"))
    return 0;
  n = khoji_test_pg_query (uri, "SELECT count(*) FROM article");
  return (guint) atoi (n);
}

/* An importer killed with SIGKILL ten times, each run taking up where
 * the last one died: check passes after each kill, every article is
 * whole or absent, and a last run completes the archive.
 *
 * Each kill comes once the run has added a few articles (one to eight,
 * at random), so that it lands in the middle of the import whatever
 * the machine's speed, at whatever point of an article's transaction the
 * import is then; a fixed delay killed some runs after they had ended
 * on a quiet machine. */
static void
test_sigkill_importer (Fixture *f, gconstpointer data)
{
  g_autofree char *uri = khoji_test_pg_new_database (khoji_test_pg_shared (), "killed");
  g_autoptr(GHashTable) final = NULL;
  g_autofree char *out = NULL;
  guint last = 0, killed_mid = 0, imported, duplicates, rejected;

  for (guint k = 0; k < 10; k++)
    {
      GSubprocess *proc = start_cli (NULL, "--db", uri, "import", "--quiet", f->corpus, NULL);
      g_autoptr(GHashTable) got = NULL;
      guint more = (guint) g_test_rand_int_range (1, 9);
      gint64 started = g_get_monotonic_time ();
      gint64 deadline = started + 120 * G_USEC_PER_SEC;
      guint seen = last;

      while ((seen = count_articles (uri)) < last + more && g_get_monotonic_time () < deadline)
        g_usleep (2000);
      g_subprocess_send_signal (proc, SIGKILL);
      g_subprocess_wait (proc, NULL, NULL);
      if (g_subprocess_get_if_signaled (proc))
        killed_mid++;
      g_object_unref (proc);

      assert_check_passes (uri);
      got = read_archive (uri);
      assert_whole_or_absent (got, f->reference);
      g_assert_cmpuint (g_hash_table_size (got), >=, seen);
      last = g_hash_table_size (got);
      g_test_message ("kill %u after %u more articles (%.2f s): %u articles whole", k + 1, more,
                      (g_get_monotonic_time () - started) / 1e6, last);
    }
  /* Every run was killed before it ended, the archive not yet whole. */
  g_assert_cmpuint (killed_mid, ==, 10);
  g_assert_cmpuint (last, <, N_FILES);

  /* Resumable: what is there is a duplicate, the rest comes in. */
  g_assert_cmpint (run_cli (&out, NULL, uri, "import", f->corpus), ==, 0);
  summary (out, &imported, &duplicates, &rejected);
  g_assert_cmpuint (duplicates, ==, last);
  g_assert_cmpuint (imported, ==, N_FILES - last);
  g_assert_cmpuint (rejected, ==, 0);
  final = read_archive (uri);
  g_assert_cmpuint (g_hash_table_size (final), ==, N_FILES);
  assert_whole_or_absent (final, f->reference);
  assert_check_passes (uri);
}

/* The server stopped in the middle of an import: the import ends with
 * exit status 3 (docs/cli-json.md: try again later) and says the server
 * went away; nothing is half there; once the server is back, check
 * passes and the import resumes. */
static void
test_server_stopped (Fixture *f, gconstpointer data)
{
  KhojiTestPg *pg = khoji_test_pg_shared ();
  g_autofree char *uri = khoji_test_pg_new_database (pg, "stopped");
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GHashTable) got = NULL;
  g_autoptr(GHashTable) final = NULL;
  g_autoptr(GError) error = NULL;
  GSubprocess *proc;
  guint imported, duplicates, rejected, there;

  proc = start_cli (NULL, "--db", uri, "import", f->corpus, NULL);
  /* Until some articles are in. */
  for (guint i = 0; i < 600; i++)
    {
      g_autofree char *n = khoji_test_pg_query (uri, "SELECT count(*) FROM pg_tables WHERE tablename = 'article'");

      if (g_str_equal (n, "1"))
        {
          g_autofree char *articles = khoji_test_pg_query (uri, "SELECT count(*) FROM article");

          if (atoi (articles) >= 20)
            break;
        }
      g_usleep (50000);
    }
  g_assert_true (khoji_test_pg_stop_server (pg, &error));
  g_assert_no_error (error);
  g_assert_cmpint (finish (proc, &out, &err), ==, 3);
  /* Each file not saved is rejected, and says why in words, not in
   * libpq's alone. */
  {
    const char *first = strstr (out, "rejected: ");
    g_autofree char *line = first ? g_strndup (first, strcspn (first, "\n")) : NULL;

    g_assert_nonnull (line);
    g_test_message ("%s", line);
    g_assert_nonnull (strstr (line, "The shared archive cannot be reached"));
    g_assert_nonnull (strstr (line, "Nothing was lost"));
  }
  summary (out, &imported, &duplicates, &rejected);
  g_assert_cmpuint (rejected, >, 0);
  g_assert_cmpuint (imported + duplicates + rejected, ==, N_FILES);

  /* The CLI says so at once, with its own exit status (docs/cli-json.md),
   * when the server is gone before it starts. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (&out, &err, uri, "entities", NULL), ==, 3);
  g_assert_nonnull (strstr (err, "The shared archive cannot be reached"));

  g_assert_true (khoji_test_pg_start_server (pg, &error));
  g_assert_no_error (error);
  assert_check_passes (uri);
  got = read_archive (uri);
  there = g_hash_table_size (got);
  /* An article whose commit reached the server as it stopped may be in
   * although its importer heard no answer: at most that one. */
  g_assert_cmpuint (there, >=, imported);
  g_assert_cmpuint (there, <=, imported + 1);
  assert_whole_or_absent (got, f->reference);

  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (&out, NULL, uri, "import", f->corpus), ==, 0);
  summary (out, &imported, &duplicates, &rejected);
  g_assert_cmpuint (duplicates, ==, there);
  g_assert_cmpuint (imported, ==, N_FILES - there);
  final = read_archive (uri);
  g_assert_cmpuint (g_hash_table_size (final), ==, N_FILES);
  assert_whole_or_absent (final, f->reference);
  assert_check_passes (uri);
}

/* A stand-in for the network between an importer and the server: TCP on
 * the loopback, each connection relayed to the server's Unix socket in
 * a thread of its own. Once lost, the connections open are cut and new
 * ones are accepted (as a host whose packets are dropped lets a connect
 * wait) but answered by nothing: libpq waits out connect_timeout. It
 * counts those. */
typedef struct {
  GSocket *listener;
  char    *target;        /* the server's Unix socket */
  guint16  port;
  gint     lost;          /* atomic */
  gint     stop;          /* atomic */
  gint     attempts_lost; /* atomic: connections made while lost */
  gint     relays;        /* atomic: relay threads still running */
  GThread *acceptor;
} Proxy;

typedef struct {
  Proxy   *proxy;
  GSocket *client;
} Relay;

static gboolean
pump (GSocket *from,
      GSocket *to)
{
  char buf[16384];
  gssize n = g_socket_receive (from, buf, sizeof buf, NULL, NULL);

  if (n <= 0)
    return FALSE;
  for (gssize done = 0; done < n;)
    {
      gssize m = g_socket_send (to, buf + done, n - done, NULL, NULL);

      if (m <= 0)
        return FALSE;
      done += m;
    }
  return TRUE;
}

static gpointer
relay_run (gpointer data)
{
  Relay *r = data;
  Proxy *proxy = r->proxy;
  g_autoptr(GSocket) server = NULL;
  g_autoptr(GSocketAddress) address = NULL;

  if (g_atomic_int_get (&proxy->lost))
    {
      /* Nothing answers: held until the client gives up. */
      char c;

      g_atomic_int_inc (&proxy->attempts_lost);
      g_socket_set_timeout (r->client, 1);
      while (!g_atomic_int_get (&proxy->stop))
        {
          g_autoptr(GError) error = NULL;

          if (g_socket_receive (r->client, &c, 1, NULL, &error) == 0 ||
              (error && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT)))
            break;
        }
      goto out;
    }
  server = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT, NULL);
  address = g_unix_socket_address_new (proxy->target);
  if (server == NULL || !g_socket_connect (server, address, NULL, NULL))
    goto out;
  while (!g_atomic_int_get (&proxy->lost) && !g_atomic_int_get (&proxy->stop))
    {
      GPollFD fds[2] = { { g_socket_get_fd (r->client), G_IO_IN, 0 }, { g_socket_get_fd (server), G_IO_IN, 0 } };

      if (g_poll (fds, 2, 100) < 0)
        break;
      if ((fds[0].revents & (G_IO_IN | G_IO_HUP | G_IO_ERR)) && !pump (r->client, server))
        break;
      if ((fds[1].revents & (G_IO_IN | G_IO_HUP | G_IO_ERR)) && !pump (server, r->client))
        break;
    }
out:
  g_socket_close (r->client, NULL);
  g_object_unref (r->client);
  g_free (r);
  g_clear_object (&server);
  /* The last use of the proxy: proxy_stop() waits for it. */
  (void) g_atomic_int_dec_and_test (&proxy->relays);
  return NULL;
}

static gpointer
proxy_accept (gpointer data)
{
  Proxy *proxy = data;

  while (!g_atomic_int_get (&proxy->stop))
    {
      GSocket *client = g_socket_accept (proxy->listener, NULL, NULL);
      Relay *r;

      if (client == NULL)
        continue;
      if (g_atomic_int_get (&proxy->stop))
        {
          g_object_unref (client);
          break;
        }
      r = g_new0 (Relay, 1);
      r->proxy = proxy;
      r->client = client;
      g_atomic_int_inc (&proxy->relays);
      g_thread_unref (g_thread_new ("relay", relay_run, r));
    }
  return NULL;
}

/* A proxy listening on ADDRESS (an IPv4 address, NULL for the loopback). */
static Proxy *
proxy_start_on (const char *unix_socket,
                const char *address)
{
  Proxy *proxy = g_new0 (Proxy, 1);
  g_autoptr(GInetAddress) host = address ? g_inet_address_new_from_string (address)
                                         : g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (host, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  proxy->target = g_strdup (unix_socket);
  proxy->listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_assert_true (g_socket_bind (proxy->listener, any, TRUE, &error));
  g_assert_true (g_socket_listen (proxy->listener, &error));
  g_assert_no_error (error);
  bound = g_socket_get_local_address (proxy->listener, &error);
  g_assert_no_error (error);
  proxy->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_set_timeout (proxy->listener, 1);
  proxy->acceptor = g_thread_new ("proxy", proxy_accept, proxy);
  return proxy;
}

static Proxy *
proxy_start (const char *unix_socket)
{
  return proxy_start_on (unix_socket, NULL);
}

static void
proxy_stop (Proxy *proxy)
{
  g_atomic_int_set (&proxy->stop, TRUE);
  g_thread_join (proxy->acceptor);
  /* Each relay sees stop within its poll's or its receive's timeout. */
  while (g_atomic_int_get (&proxy->relays) > 0)
    g_usleep (10000);
  g_socket_close (proxy->listener, NULL);
  g_object_unref (proxy->listener);
  g_free (proxy->target);
  g_free (proxy);
}

/* The user, the database and the server's Unix socket of URI, an
 * archive of the test's cluster PG. */
static void
archive_parts (KhojiTestPg  *pg,
               const char   *uri,
               char        **user,
               char        **dbname,
               char        **socket_path)
{
  PQconninfoOption *options = PQconninfoParse (uri, NULL);
  const char *port = "5432";

  g_assert_nonnull (options);
  for (PQconninfoOption *o = options; o->keyword; o++)
    if (o->val && g_str_equal (o->keyword, "user"))
      *user = g_strdup (o->val);
    else if (o->val && g_str_equal (o->keyword, "dbname"))
      *dbname = g_strdup (o->val);
    else if (o->val && g_str_equal (o->keyword, "port"))
      port = o->val;
  g_assert_nonnull (*user);
  g_assert_nonnull (*dbname);
  *socket_path = g_strdup_printf ("%s/.s.PGSQL.%s", khoji_test_pg_dir (pg), port);
  PQconninfoFree (options);
}

/* Until the archive at URI holds at least N articles (or 12 seconds). */
static void
wait_for_articles (const char *uri,
                   guint       n)
{
  for (guint i = 0; i < 600; i++)
    {
      g_autofree char *t = khoji_test_pg_query (uri, "SELECT count(*) FROM pg_tables WHERE tablename = 'article'");

      if (g_str_equal (t, "1"))
        {
          g_autofree char *articles = khoji_test_pg_query (uri, "SELECT count(*) FROM article");

          if ((guint) atoi (articles) >= n)
            break;
        }
      g_usleep (20000);
    }
}

/* Every file an import cut off from the archive did not save (REJECTED
 * of them, in OUT) says why. */
static void
assert_rejected_unreachable (const char *out,
                             guint       rejected)
{
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  guint n = 0;

  for (guint i = 0; lines[i]; i++)
    if (g_str_has_prefix (lines[i], "rejected: "))
      {
        g_assert_nonnull (strstr (lines[i], "The shared archive cannot be reached"));
        n++;
      }
  g_assert_cmpuint (n, ==, rejected);
}

/* After an import the archive at URI was cut off from, with IMPORTED
 * files said saved: check passes, those articles (and at most the one
 * in flight, committed as the connection went) are whole, and the
 * import run again saves the rest. */
static void
assert_saved_whole_then_rest (Fixture    *f,
                              const char *uri,
                              guint       imported)
{
  g_autoptr(GHashTable) got = NULL;
  g_autofree char *out = NULL;
  guint duplicates, rejected;

  assert_check_passes (uri);
  got = read_archive (uri);
  g_assert_cmpuint (g_hash_table_size (got), >=, imported);
  g_assert_cmpuint (g_hash_table_size (got), <=, imported + 1);
  assert_whole_or_absent (got, f->reference);
  g_assert_cmpint (run_cli (&out, NULL, uri, "import", f->corpus), ==, 0);
  summary (out, &imported, &duplicates, &rejected);
  g_assert_cmpuint (imported + duplicates, ==, N_FILES);
  g_assert_cmpuint (rejected, ==, 0);
  assert_check_passes (uri);
}

/* The network to the archive gone in the middle of an import: the files
 * left are not each tried (each would wait out connect_timeout: hours
 * for a large folder) but rejected at once, each saying the archive
 * cannot be reached, after one attempt to connect again. Exit status 3;
 * what was saved is whole; the import run again once the network is
 * back finds it and saves the rest. */
static void
test_network_lost (Fixture *f, gconstpointer data)
{
  KhojiTestPg *pg = khoji_test_pg_shared ();
  g_autofree char *uri = khoji_test_pg_new_database (pg, "lost");
  g_autofree char *socket_path = NULL;
  g_autofree char *via = NULL;
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *user = NULL, *dbname = NULL;
  guint imported, duplicates, rejected;
  GSubprocess *proc;
  Proxy *proxy;

  archive_parts (pg, uri, &user, &dbname, &socket_path);
  proxy = proxy_start (socket_path);
  via = g_strdup_printf ("postgresql://%s@127.0.0.1:%u/%s?connect_timeout=2&sslmode=disable&gssencmode=disable",
                         user, proxy->port, dbname);

  proc = start_cli (NULL, "--db", via, "import", f->corpus, NULL);
  wait_for_articles (uri, 20);
  g_atomic_int_set (&proxy->lost, TRUE);
  g_assert_cmpint (finish (proc, &out, &err), ==, 3);
  summary (out, &imported, &duplicates, &rejected);
  g_test_message ("%u imported, %u rejected, %d connections tried while lost", imported, rejected,
                  g_atomic_int_get (&proxy->attempts_lost));
  g_assert_cmpuint (imported, >=, 20);
  g_assert_cmpuint (rejected, >, 1);
  g_assert_cmpuint (imported + duplicates + rejected, ==, N_FILES);
  /* Not one attempt to connect again a file: the failing article's
   * own look for a duplicate saved by another writer makes one, the
   * next article one more, and the rest none. */
  g_assert_cmpint (g_atomic_int_get (&proxy->attempts_lost), <=, 2);
  assert_rejected_unreachable (out, rejected);
  proxy_stop (proxy);

  assert_saved_whole_then_rest (f, uri, imported);
}

/* A host of its own for the importer: a network namespace joined to
 * this one by a virtual cable (veth), so that the packets between the
 * importer and the archive can be made to vanish on the way, as on a
 * network gone without a word (a cable pulled, a Wi-Fi out of reach,
 * a VPN dropped): no socket is closed, nothing answers, and TCP alone
 * would wait a quarter of an hour before it gave up. Making one needs
 * root and ip(8). The neighbours are written in (no ARP), so that the
 * cable works from its first packet. */
typedef struct {
  char *ip;      /* ip(8) */
  char *name;    /* the namespace */
  char *cable;   /* this side's end of the veth */
  char *host;    /* this side's address: the relay listens here */
  char *guest;   /* the importer's address */
  gboolean silent;
} Netns;

static gboolean
ip_run (const Netns  *ns,
        char        **err,
        const char   *first,
        ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  va_list args;
  int status = -1;

  g_ptr_array_add (argv, ns->ip);
  va_start (args, first);
  for (const char *a = first; a; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) a);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, err, &status,
                     NULL))
    return FALSE;
  return g_spawn_check_wait_status (status, NULL);
}

static void
netns_down (Netns *ns)
{
  if (ns->silent)
    ip_run (ns, NULL, "route", "del", "blackhole", ns->guest, NULL);
  /* The cable goes with the namespace. */
  ip_run (ns, NULL, "netns", "del", ns->name, NULL);
  g_free (ns->ip);
  g_free (ns->name);
  g_free (ns->cable);
  g_free (ns->host);
  g_free (ns->guest);
}

/* FALSE, the test skipped and saying why, where this machine cannot. */
static gboolean
netns_up (Netns *ns)
{
  guint n = (guint) getpid ();
  g_autofree char *end = g_strdup_printf ("khgu%u", n % 100000);
  g_autofree char *err = NULL;
  g_autofree char *host_cidr = NULL, *guest_cidr = NULL;
  const char *host_mac = "02:6b:68:6f:00:01", *guest_mac = "02:6b:68:6f:00:02";

  memset (ns, 0, sizeof *ns);
  if (getuid () != 0)
    {
      g_test_skip ("A network namespace needs root");
      return FALSE;
    }
  ns->ip = g_find_program_in_path ("ip");
  if (ns->ip == NULL && g_file_test ("/usr/sbin/ip", G_FILE_TEST_IS_EXECUTABLE))
    ns->ip = g_strdup ("/usr/sbin/ip");
  if (ns->ip == NULL)
    {
      g_test_skip ("No ip(8) here (Debian's iproute2)");
      return FALSE;
    }
  ns->name = g_strdup_printf ("khoji-test-%u", n);
  ns->cable = g_strdup_printf ("khho%u", n % 100000);
  ns->host = g_strdup_printf ("10.213.%u.1", n % 250 + 1);
  ns->guest = g_strdup_printf ("10.213.%u.2", n % 250 + 1);
  host_cidr = g_strdup_printf ("%s/24", ns->host);
  guest_cidr = g_strdup_printf ("%s/24", ns->guest);
  if (!ip_run (ns, &err, "netns", "add", ns->name, NULL))
    {
      g_autofree char *why = g_strdup_printf ("No network namespace here: %s", err ? err : "");
      g_test_skip (why);
      g_clear_pointer (&ns->name, g_free);
      return FALSE;
    }
  g_assert_true (ip_run (ns, NULL, "link", "add", ns->cable, "address", host_mac, "type", "veth",
                         "peer", "name", end, "address", guest_mac, NULL));
  g_assert_true (ip_run (ns, NULL, "link", "set", end, "netns", ns->name, NULL));
  g_assert_true (ip_run (ns, NULL, "addr", "add", host_cidr, "dev", ns->cable, NULL));
  g_assert_true (ip_run (ns, NULL, "link", "set", ns->cable, "up", NULL));
  g_assert_true (ip_run (ns, NULL, "neigh", "replace", ns->guest, "lladdr", guest_mac, "dev", ns->cable,
                         "nud", "permanent", NULL));
  g_assert_true (ip_run (ns, NULL, "-n", ns->name, "addr", "add", guest_cidr, "dev", end, NULL));
  g_assert_true (ip_run (ns, NULL, "-n", ns->name, "link", "set", end, "up", NULL));
  g_assert_true (ip_run (ns, NULL, "-n", ns->name, "link", "set", "lo", "up", NULL));
  g_assert_true (ip_run (ns, NULL, "-n", ns->name, "neigh", "replace", ns->host, "lladdr", host_mac, "dev", end,
                         "nud", "permanent", NULL));
  return TRUE;
}

typedef struct {
  gboolean  done;
  char     *out;
  char     *err;
  GError   *error;
} Finished;

static void
on_communicated (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  Finished *fin = data;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &fin->out, &fin->err, &fin->error);
  fin->done = TRUE;
}

static gboolean
wake (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* The network to the archive gone silently in the middle of an import:
 * the importer notices within seconds (TCP keepalives and a user
 * timeout on the connection), not after the quarter of an hour TCP's
 * retransmissions would take, and ends as when the network is cut
 * (exit status 3, each file not saved says the archive cannot be
 * reached); what was saved is whole and the import run again saves
 * the rest. */
static void
test_network_silent (Fixture *f, gconstpointer data)
{
  KhojiTestPg *pg = khoji_test_pg_shared ();
  g_autofree char *uri = khoji_test_pg_new_database (pg, "silent");
  g_autofree char *socket_path = NULL;
  g_autofree char *via = NULL;
  g_autofree char *user = NULL, *dbname = NULL;
  g_autoptr(GError) error = NULL;
  Finished fin = { 0 };
  guint imported, duplicates, rejected, waker;
  gint64 lost_at, deadline;
  GSubprocess *proc;
  Proxy *proxy;
  Netns ns;

  if (!netns_up (&ns))
    return;
  archive_parts (pg, uri, &user, &dbname, &socket_path);
  proxy = proxy_start_on (socket_path, ns.host);
  via = g_strdup_printf ("postgresql://%s@%s:%u/%s?connect_timeout=2&sslmode=disable&gssencmode=disable",
                         user, ns.host, proxy->port, dbname);
  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                           ns.ip, "netns", "exec", ns.name, cli (), "--db", via, "import", f->corpus, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (proc, NULL, NULL, on_communicated, &fin);
  wait_for_articles (uri, 20);

  /* What the archive's side sends to the importer is dropped from now. */
  g_assert_true (ip_run (&ns, NULL, "route", "add", "blackhole", ns.guest, NULL));
  ns.silent = TRUE;
  lost_at = g_get_monotonic_time ();
  deadline = lost_at + 120 * G_USEC_PER_SEC;
  waker = g_timeout_add (200, wake, NULL);
  while (!fin.done && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (waker);
  if (!fin.done)
    {
      g_subprocess_force_exit (proc);
      while (!fin.done)
        g_main_context_iteration (NULL, TRUE);
    }
  g_test_message ("the importer ended %.1f s after the network went silent",
                  (g_get_monotonic_time () - lost_at) / (double) G_USEC_PER_SEC);
  g_assert_no_error (fin.error);
  if (!g_subprocess_get_if_exited (proc))
    {
      netns_down (&ns);
      g_error ("the importer still waited on a silent network after two minutes:\n%s", fin.err);
    }
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 3);
  g_object_unref (proc);
  summary (fin.out, &imported, &duplicates, &rejected);
  g_assert_cmpuint (imported, >=, 20);
  g_assert_cmpuint (rejected, >, 1);
  g_assert_cmpuint (imported + duplicates + rejected, ==, N_FILES);
  assert_rejected_unreachable (fin.out, rejected);
  g_free (fin.out);
  g_free (fin.err);
  proxy_stop (proxy);
  netns_down (&ns);

  assert_saved_whole_then_rest (f, uri, imported);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/khoji/pg-faults/two-importers-overlapping", Fixture, NULL, fixture_set_up,
              test_two_importers_overlapping, fixture_tear_down);
  g_test_add ("/khoji/pg-faults/sigkill-importer", Fixture, NULL, fixture_set_up,
              test_sigkill_importer, fixture_tear_down);
  g_test_add ("/khoji/pg-faults/server-stopped", Fixture, NULL, fixture_set_up,
              test_server_stopped, fixture_tear_down);
  g_test_add ("/khoji/pg-faults/network-lost", Fixture, NULL, fixture_set_up,
              test_network_lost, fixture_tear_down);
  g_test_add ("/khoji/pg-faults/network-silent", Fixture, NULL, fixture_set_up,
              test_network_silent, fixture_tear_down);
  return g_test_run ();
}
