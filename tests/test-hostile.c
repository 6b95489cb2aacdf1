/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-test-hostile"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <linux/capability.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "khoji-library.h"

/* Hostile input through khoji_library_import_files, the path every drop
 * and every `khoji-cli import` takes: each bad file gets its own result
 * with a sentence for the user, the good files beside it are imported, and
 * the library stays consistent. */

static const char article[] =
  "नई दिल्ली में बैठक\n"
  "प्रधानमंत्री नरेंद्र मोदी ने सोमवार, 2 जून 2025 को नई दिल्ली में व्लादिमीर पुतिन से मुलाकात की।\n"
  "संयुक्त राष्ट्र ने इस बैठक का स्वागत किया।\n";

typedef struct {
  char         *dir;
  char         *db;
  KhojiLibrary *library;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("khoji-hostile-XXXXXX", &error);
  g_assert_no_error (error);
  f->db = g_build_filename (f->dir, "library.db", NULL);
  f->library = khoji_library_open (f->db, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->library);
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d && (name = g_dir_read_name (d)))
    {
      g_autofree char *p = g_build_filename (dir, name, NULL);

      if (g_file_test (p, G_FILE_TEST_IS_DIR) && !g_file_test (p, G_FILE_TEST_IS_SYMLINK))
        remove_tree (p);
      else
        g_unlink (p);
    }
  g_rmdir (dir);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  if (f->library)
    g_assert_finalize_object (f->library);
  remove_tree (f->dir);
  g_free (f->db);
  g_free (f->dir);
}

static char *
write_file (const char *dir, const char *name, const void *data, gssize len)
{
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, len < 0 ? (gssize) strlen (data) : len, &error);
  g_assert_no_error (error);
  return path;
}

static GPtrArray *
import (Fixture *f, const char * const *paths)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; paths[i] != NULL; i++)
    g_ptr_array_add (files, g_file_new_for_path (paths[i]));
  return khoji_library_import_files (f->library, (GFile **) files->pdata, files->len,
                                     "2025-06-04", NULL, NULL, NULL);
}

static KhojiImportResult *
result_for (GPtrArray *results, const char *path)
{
  for (guint i = 0; i < results->len; i++)
    {
      KhojiImportResult *r = g_ptr_array_index (results, i);

      if (g_strcmp0 (r->path, path) == 0)
        return r;
    }
  g_assert_not_reached ();
  return NULL;
}

/* A rejection must say why in a sentence, not be silent or a raw code. */
static void
assert_rejected_with_sentence (KhojiImportResult *r)
{
  g_assert_cmpint (r->status, ==, KHOJI_IMPORT_REJECTED);
  g_assert_cmpint (r->article_id, ==, 0);
  g_assert_nonnull (r->message);
  g_assert_cmpuint (g_utf8_strlen (r->message, -1), >=, 10);
  g_assert_true (g_utf8_validate (r->message, -1, NULL));
}

static void
assert_consistent (KhojiLibrary *library)
{
  g_autoptr(GString) report = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  gboolean ok = khoji_library_check (library, report, &error);

  if (!ok)
    g_test_message ("check: %s", report->str);
  g_assert_no_error (error);
  g_assert_true (ok);
}

/* The process's peak resident memory so far, in KiB. */
static glong
peak_rss_kib (void)
{
  struct rusage usage;

  g_assert_cmpint (getrusage (RUSAGE_SELF, &usage), ==, 0);
  return usage.ru_maxrss;
}

static void
test_huge_sparse_file (Fixture *f, gconstpointer data)
{
  g_autofree char *huge = g_build_filename (f->dir, "huge.txt", NULL);
  g_autofree char *good = write_file (f->dir, "good.txt", article, -1);
  const char *paths[] = { huge, good, NULL };
  g_autoptr(GPtrArray) results = NULL;
  glong rss_before;
  int fd;

  /* 1 GiB that takes no disk: the reader must look at the size before
   * reading, or it would read a gigabyte of NULs into memory. */
  fd = g_open (huge, O_CREAT | O_WRONLY, 0644);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, (off_t) 1 << 30), ==, 0);
  g_assert_cmpint (pwrite (fd, "खबर", strlen ("खबर"), 0), ==, (ssize_t) strlen ("खबर"));
  close (fd);

  /* Peak memory, not time (these machines are shared): reading the
   * gigabyte would raise it by a gigabyte. */
  rss_before = peak_rss_kib ();
  results = import (f, paths);
  g_assert_cmpint (peak_rss_kib () - rss_before, <, 256 * 1024);
  g_assert_cmpuint (results->len, ==, 2);
  assert_rejected_with_sentence (result_for (results, huge));
  g_assert_cmpint (result_for (results, good)->status, ==, KHOJI_IMPORT_IMPORTED);
  g_assert_cmpuint (khoji_library_count_articles (f->library), ==, 1);
  assert_consistent (f->library);
}

static void
test_nul_bytes (Fixture *f, gconstpointer data)
{
  g_autofree char *zeros = g_malloc0 (65536);
  g_autofree char *nul = write_file (f->dir, "nul.txt", zeros, 65536);
  g_autofree char *one = write_file (f->dir, "one-nul.txt", "\0", 1);
  g_autofree char *good = write_file (f->dir, "good.txt", article, -1);
  const char *paths[] = { nul, one, good, NULL };
  g_autoptr(GPtrArray) results = import (f, paths);

  assert_rejected_with_sentence (result_for (results, nul));
  assert_rejected_with_sentence (result_for (results, one));
  g_assert_cmpint (result_for (results, good)->status, ==, KHOJI_IMPORT_IMPORTED);
  g_assert_cmpuint (khoji_library_count_articles (f->library), ==, 1);
}

/* Invalid bytes in the middle of a Hindi article: a real archive has
 * them (a truncated download, a bad copy). Either the article is read
 * around them or refused with a reason; what is stored is valid UTF-8. */
static void
test_invalid_utf8_middle (Fixture *f, gconstpointer data)
{
  g_autoptr(GString) bytes = g_string_new (NULL);
  g_autofree char *bad = NULL;
  g_autofree char *good = write_file (f->dir, "good.txt", "दूसरी खबर\nमुंबई में बारिश हुई।\n", -1);
  g_autoptr(GPtrArray) results = NULL;
  KhojiImportResult *r;
  const char *paths[] = { NULL, good, NULL };

  g_string_append (bytes, article);
  g_string_append_len (bytes, "\xff\xfe\xc3\x28\xa0\xa1\xe2\x82\xf0\x90\x80", 11);
  g_string_append (bytes, "यह वाक्य गड़बड़ी के बाद भी पढ़ा जाना चाहिए।\n");
  bad = write_file (f->dir, "bad.txt", bytes->str, bytes->len);
  paths[0] = bad;

  results = import (f, paths);
  r = result_for (results, bad);
  if (r->status == KHOJI_IMPORT_IMPORTED)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = khoji_library_get_article_text (f->library, r->article_id, &error);

      g_assert_no_error (error);
      g_assert_true (g_utf8_validate (text, -1, NULL));
      g_assert_nonnull (strstr (text, "व्लादिमीर पुतिन"));
    }
  else
    assert_rejected_with_sentence (r);
  g_assert_cmpint (result_for (results, good)->status, ==, KHOJI_IMPORT_IMPORTED);
  assert_consistent (f->library);
}

static void
test_utf16_without_bom (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gsize len = 0;
  g_autofree char *le = g_convert (article, -1, "UTF-16LE", "UTF-8", NULL, &len, &error);
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) results = NULL;
  const char *paths[] = { NULL, NULL };
  KhojiImportResult *r;

  g_assert_no_error (error);
  path = write_file (f->dir, "utf16.txt", le, len);
  paths[0] = path;
  results = import (f, paths);
  r = result_for (results, path);
  g_assert_cmpint (r->status, ==, KHOJI_IMPORT_IMPORTED);
  text = khoji_library_get_article_text (f->library, r->article_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (text, "व्लादिमीर पुतिन"));
}

static void
test_deeply_nested_html (Fixture *f, gconstpointer data)
{
  g_autoptr(GString) html = g_string_new ("<html><body>");
  g_autofree char *path = NULL;
  g_autofree char *good = write_file (f->dir, "good.txt", article, -1);
  g_autoptr(GPtrArray) results = NULL;
  const char *paths[] = { NULL, good, NULL };
  KhojiImportResult *r;

  /* 100,000 levels: a recursive walk would overflow the stack. */
  for (guint i = 0; i < 100000; i++)
    g_string_append (html, i % 2 ? "<span>" : "<div>");
  g_string_append (html, "<p>गहराई में छिपी खबर: मुंबई में बारिश।</p>");
  for (guint i = 100000; i > 0; i--)
    g_string_append (html, (i - 1) % 2 ? "</span>" : "</div>");
  g_string_append (html, "</body></html>");
  path = write_file (f->dir, "nested.html", html->str, html->len);
  paths[0] = path;

  /* A walk that never ends, or a stack overflow, fails the test by the
   * suite's timeout or a crash: no wall-clock bound here. */
  results = import (f, paths);
  r = result_for (results, path);
  if (r->status != KHOJI_IMPORT_IMPORTED)
    assert_rejected_with_sentence (r);
  g_assert_cmpint (result_for (results, good)->status, ==, KHOJI_IMPORT_IMPORTED);
  assert_consistent (f->library);
}

/* Scripts and remote images are neither run nor fetched: a listening
 * socket on this machine, named by the page, must see no connection, and
 * the script's text must not become article text. */
static void
test_html_scripts_and_remote_images (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) listener = NULL;
  g_autoptr(GSocketAddress) any = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocket) client = NULL;
  g_autoptr(GString) html = g_string_new (NULL);
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) results = NULL;
  const char *paths[] = { NULL, NULL };
  KhojiImportResult *r;
  guint16 port;

  listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  any = g_inet_socket_address_new (loopback, 0);
  g_assert_true (g_socket_bind (listener, any, TRUE, &error));
  g_assert_true (g_socket_listen (listener, &error));
  g_socket_set_blocking (listener, FALSE);
  bound = g_socket_get_local_address (listener, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));

  g_string_append_printf (html,
    "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>मुंबई में बारिश</title>"
    "<script src=\"http://127.0.0.1:%u/tracker.js\"></script>"
    "<script>document.write('SCRIPTTEXT'); fetch('http://127.0.0.1:%u/beacon');</script>"
    "<link rel=\"stylesheet\" href=\"http://127.0.0.1:%u/style.css\">"
    "<style>body { background: url(http://127.0.0.1:%u/bg.png) } .x::after { content: 'STYLETEXT' }</style>"
    "</head><body onload=\"alert('ONLOADTEXT')\">"
    "<img src=\"http://127.0.0.1:%u/photo.jpg\" srcset=\"http://127.0.0.1:%u/big.jpg 2x\">"
    "<iframe src=\"http://127.0.0.1:%u/frame\"></iframe>"
    "<object data=\"http://127.0.0.1:%u/obj\"></object>"
    "<p>मुंबई में मंगलवार को भारी बारिश हुई और कई इलाकों में पानी भर गया।</p>"
    "<noscript><img src=\"http://127.0.0.1:%u/pixel.gif\"></noscript>"
    "<svg><script>alert('SVGSCRIPT')</script></svg>"
    "</body></html>",
    port, port, port, port, port, port, port, port, port);
  path = write_file (f->dir, "page.html", html->str, html->len);
  paths[0] = path;
  results = import (f, paths);
  r = result_for (results, path);
  g_assert_cmpint (r->status, ==, KHOJI_IMPORT_IMPORTED);

  client = g_socket_accept (listener, NULL, &error);
  g_assert_null (client);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK);

  text = khoji_library_get_article_text (f->library, r->article_id, NULL);
  g_assert_nonnull (text);
  g_assert_nonnull (strstr (text, "भारी बारिश"));
  g_assert_null (strstr (text, "SCRIPTTEXT"));
  g_assert_null (strstr (text, "STYLETEXT"));
  g_assert_null (strstr (text, "ONLOADTEXT"));
  g_assert_null (strstr (text, "SVGSCRIPT"));
  g_assert_null (strstr (text, "127.0.0.1"));
}

/* File names are bytes: newlines, tabs, invalid UTF-8, a leading dash,
 * quotes. Each is imported under its own name, and the path stored and
 * reported is the file's real path. */
static void
test_odd_file_names (Fixture *f, gconstpointer data)
{
  static const char *names[] = {
    "two\nlines.txt", "tab\there.txt", "bad-\xff\xfe-bytes.txt", "-starts-with-dash.txt",
    "quote\"and'apostrophe.txt", "  spaces  .txt", "खबर हिन्दी नाम.txt", "back\\slash.txt",
    "semi;colon$(echo no).txt", "\x01control.txt",
  };
  g_autofree char *folder = g_build_filename (f->dir, "articles", NULL);
  g_autoptr(GPtrArray) results = NULL;
  const char *paths[] = { folder, NULL };

  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      /* Distinct texts: equal ones would be kept once. */
      g_autofree char *text = g_strdup_printf ("%sलेख संख्या %u।\n", article, i + 1);
      g_autofree char *p = write_file (folder, names[i], text, -1);
    }

  results = import (f, paths);
  g_assert_cmpuint (results->len, ==, G_N_ELEMENTS (names));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *p = g_build_filename (folder, names[i], NULL);
      KhojiImportResult *r = result_for (results, p);

      g_assert_cmpint (r->status, ==, KHOJI_IMPORT_IMPORTED);
    }
  g_assert_cmpuint (khoji_library_count_articles (f->library), ==, G_N_ELEMENTS (names));
  assert_consistent (f->library);
}

static void
test_symlink_loops (Fixture *f, gconstpointer data)
{
  g_autofree char *top = g_build_filename (f->dir, "drop", NULL);
  g_autofree char *sub = g_build_filename (top, "sub", NULL);
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *up = g_build_filename (sub, "up", NULL);
  g_autofree char *self = g_build_filename (top, "self.txt", NULL);
  g_autofree char *ping = g_build_filename (top, "ping", NULL);
  g_autofree char *pong = g_build_filename (top, "pong", NULL);
  g_autoptr(GPtrArray) results = NULL;
  const char *paths[] = { top, NULL };

  g_assert_cmpint (g_mkdir_with_parents (sub, 0755), ==, 0);
  a = write_file (top, "a.txt", article, -1);
  b = write_file (sub, "b.txt", "दूसरी खबर\nमुंबई में बारिश हुई।\n", -1);
  /* A folder loop (sub/up -> ..), a link to itself, and a pair pointing
   * at each other: a walk that follows links blindly never ends. */
  g_assert_cmpint (symlink ("..", up), ==, 0);
  g_assert_cmpint (symlink ("self.txt", self), ==, 0);
  g_assert_cmpint (symlink ("pong", ping), ==, 0);
  g_assert_cmpint (symlink ("ping", pong), ==, 0);

  /* A walk that never ends, or a stack overflow, fails the test by the
   * suite's timeout or a crash: no wall-clock bound here. */
  results = import (f, paths);
  g_assert_cmpint (result_for (results, a)->status, ==, KHOJI_IMPORT_IMPORTED);
  g_assert_cmpint (result_for (results, b)->status, ==, KHOJI_IMPORT_IMPORTED);
  for (guint i = 0; i < results->len; i++)
    {
      KhojiImportResult *r = g_ptr_array_index (results, i);

      if (r->status == KHOJI_IMPORT_REJECTED)
        assert_rejected_with_sentence (r);
    }
  g_assert_cmpuint (khoji_library_count_articles (f->library), ==, 2);
}

/* Things that are not regular files, with article names: reading a FIFO
 * waits for a writer forever, /dev/zero never ends. */
static void
test_special_files (Fixture *f, gconstpointer data)
{
  g_autofree char *fifo = g_build_filename (f->dir, "fifo.txt", NULL);
  g_autofree char *good = write_file (f->dir, "good.txt", article, -1);
  const char *paths[] = { fifo, "/dev/zero", "/dev/null", f->dir, good, NULL };
  g_autoptr(GPtrArray) results = NULL;

  g_assert_cmpint (mkfifo (fifo, 0644), ==, 0);
  /* A walk that never ends, or a stack overflow, fails the test by the
   * suite's timeout or a crash: no wall-clock bound here. */
  results = import (f, paths);
  assert_rejected_with_sentence (result_for (results, fifo));
  assert_rejected_with_sentence (result_for (results, "/dev/zero"));
  assert_rejected_with_sentence (result_for (results, "/dev/null"));
  g_assert_cmpint (result_for (results, good)->status, ==, KHOJI_IMPORT_IMPORTED);
}

/* Root ignores file modes, so the read-only case runs in a child that
 * has given up the capabilities that let it: with CAP_DAC_OVERRIDE and
 * CAP_DAC_READ_SEARCH out of its bounding set, root after exec'ing is an
 * owner like any other and a 0444 file stays unwritable. The child keeps
 * uid 0, so it can still reach its own binary wherever the checkout sits
 * (a 0700 home, a temporary folder only root may enter), which a switch
 * to "nobody" could not. The child reports through its exit status. */
static int
read_only_child (const char *db, const char *good)
{
  g_autoptr(KhojiLibrary) library = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (good);
  KhojiImportResult *r;

  library = khoji_library_open (db, &error);
  if (library == NULL)
    {
      /* Refusing is fine if it says why, and does not call a library
       * that is merely read-only damaged. */
      if (error->domain != KHOJI_LIBRARY_ERROR || error->code == KHOJI_LIBRARY_ERROR_CORRUPT ||
          strlen (error->message) < 10)
        {
          g_printerr ("read-only open, wrong error: %s\n", error->message);
          return 10;
        }
      g_printerr ("read-only open: %s\n", error->message);
      return 0;
    }
  if (khoji_library_count_articles (library) != 1)
    return 11;
  results = khoji_library_import_files (library, &file, 1, NULL, NULL, NULL, NULL);
  if (results->len != 1)
    return 12;
  r = g_ptr_array_index (results, 0);
  if (r->status != KHOJI_IMPORT_REJECTED || r->message == NULL || strlen (r->message) < 10)
    return 13;
  g_printerr ("read-only import: %s\n", r->message);
  return 0;
}

static void
test_read_only_library (Fixture *f, gconstpointer data)
{
  g_autofree char *first = write_file (f->dir, "first.txt", article, -1);
  g_autofree char *second = write_file (f->dir, "second.txt", "दूसरी खबर\nमुंबई में बारिश हुई।\n", -1);
  const char *paths[] = { first, NULL };
  g_autoptr(GPtrArray) results = import (f, paths);
  g_autoptr(GError) error = NULL;
  g_autofree char *self_exe = NULL;
  int status = 0;
  pid_t pid;

  g_assert_cmpint (result_for (results, first)->status, ==, KHOJI_IMPORT_IMPORTED);
  g_clear_object (&f->library);

  g_assert_cmpint (g_chmod (f->dir, 0555), ==, 0);
  g_assert_cmpint (g_chmod (f->db, 0444), ==, 0);
  /* Resolved here: under valgrind, exec'ing /proc/self/exe itself would
   * start valgrind, while reading the link gives this program. */
  self_exe = g_file_read_link ("/proc/self/exe", &error);
  g_assert_no_error (error);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      /* A fresh image, not the forked one: a forked copy of a program
       * with threads holds memory no thread owns any more, and valgrind
       * and LeakSanitizer would rightly call it lost. */
      char *args[] = { "test-hostile", "--read-only-child", f->db, second, NULL };

      if (geteuid () == 0 &&
          (prctl (PR_CAPBSET_DROP, CAP_DAC_OVERRIDE, 0, 0, 0) != 0 ||
           prctl (PR_CAPBSET_DROP, CAP_DAC_READ_SEARCH, 0, 0, 0) != 0 ||
           prctl (PR_CAPBSET_DROP, CAP_FOWNER, 0, 0, 0) != 0))
        _exit (20);
      execv (self_exe, args);
      _exit (21);
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_cmpint (g_chmod (f->dir, 0755), ==, 0);
  g_assert_cmpint (g_chmod (f->db, 0644), ==, 0);
  g_assert_true (WIFEXITED (status));
  if (WEXITSTATUS (status) == 20)
    {
      /* Root without CAP_SETPCAP (a locked-down container) cannot give
       * the override up, and would write through any file mode. */
      g_test_skip ("root here cannot drop CAP_DAC_OVERRIDE from its bounding set");
      return;
    }
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);

  /* Nothing was lost by the attempt. */
  f->library = khoji_library_open (f->db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (khoji_library_count_articles (f->library), ==, 1);
  assert_consistent (f->library);
}

/* A full disk, on a 512 KiB tmpfs when this process may mount one (root,
 * outside a locked-down container); skipped otherwise. Imports go on
 * until the disk is full: the article that does not fit is refused with
 * a sentence, and those before it are still there, whole. */
static void
test_full_disk (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *mnt = g_dir_make_tmp ("khoji-full-XXXXXX", &error);
  g_autofree char *src = g_dir_make_tmp ("khoji-full-src-XXXXXX", &error);
  g_autofree char *db = NULL;
  g_autoptr(KhojiLibrary) library = NULL;
  g_autoptr(GString) filler = g_string_new (NULL);
  guint imported = 0, rejected = 0, before;
  g_autofree char *last_message = NULL;

  g_assert_no_error (error);
  if (mount ("tmpfs", mnt, "tmpfs", MS_NOSUID | MS_NODEV, "size=512k") != 0)
    {
      g_autofree char *msg = g_strdup_printf ("cannot mount a small tmpfs here: %s", g_strerror (errno));

      remove_tree (mnt);
      remove_tree (src);
      g_test_skip (msg);
      return;
    }
  db = g_build_filename (mnt, "library.db", NULL);
  library = khoji_library_open (db, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < 200 && rejected == 0; i++)
    {
      g_autofree char *name = g_strdup_printf ("a%03u.txt", i);
      g_autofree char *text = NULL;
      g_autofree char *path = NULL;
      g_autoptr(GFile) file = NULL;
      g_autoptr(GPtrArray) results = NULL;
      KhojiImportResult *r;

      g_string_truncate (filler, 0);
      g_string_append_printf (filler, "खबर संख्या %u\n", i);
      for (guint j = 0; j < 40; j++)
        g_string_append_printf (filler, "%sवाक्य %u-%u।\n", article, i, j);
      path = write_file (src, name, filler->str, filler->len);
      file = g_file_new_for_path (path);
      results = khoji_library_import_files (library, &file, 1, NULL, NULL, NULL, NULL);
      r = g_ptr_array_index (results, 0);
      if (r->status == KHOJI_IMPORT_IMPORTED)
        imported++;
      else
        {
          assert_rejected_with_sentence (r);
          last_message = g_strdup (r->message);
          rejected++;
        }
    }
  g_test_message ("full disk after %u articles: %s", imported, last_message);
  g_assert_cmpuint (imported, >, 0);
  g_assert_cmpuint (rejected, ==, 1);
  before = khoji_library_count_articles (library);
  g_assert_cmpuint (before, ==, imported);
  g_clear_object (&library);

  /* Reopened (the WAL replayed), every article that was accepted is
   * there and the library is consistent. */
  library = khoji_library_open (db, &error);
  if (library == NULL)
    {
      /* Opening a library on a full disk may be refused; it must say so. */
      g_assert_error (error, KHOJI_LIBRARY_ERROR, KHOJI_LIBRARY_ERROR_FULL);
    }
  else
    {
      g_assert_cmpuint (khoji_library_count_articles (library), ==, imported);
      assert_consistent (library);
      g_clear_object (&library);
    }
  g_assert_cmpint (umount2 (mnt, MNT_DETACH), ==, 0);
  remove_tree (mnt);
  remove_tree (src);
}

int
main (int argc, char *argv[])
{
  if (argc == 4 && g_str_equal (argv[1], "--read-only-child"))
    return read_only_child (argv[2], argv[3]);

  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add ("/khoji/hostile/" path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("huge-sparse-file", test_huge_sparse_file);
  ADD ("nul-bytes", test_nul_bytes);
  ADD ("invalid-utf8-middle", test_invalid_utf8_middle);
  ADD ("utf16-without-bom", test_utf16_without_bom);
  ADD ("deeply-nested-html", test_deeply_nested_html);
  ADD ("html-scripts-and-remote-images", test_html_scripts_and_remote_images);
  ADD ("odd-file-names", test_odd_file_names);
  ADD ("symlink-loops", test_symlink_loops);
  ADD ("special-files", test_special_files);
  ADD ("read-only-library", test_read_only_library);
#undef ADD
  g_test_add_func ("/khoji/hostile/full-disk", test_full_disk);
  return g_test_run ();
}
