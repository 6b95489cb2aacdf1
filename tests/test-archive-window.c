/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-test-archive-window"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <adwaita.h>

#include "khoji-application.h"
#include "khoji-archive.h"
#include "khoji-location.h"
#include "khoji-preferences-window.h"
#include "khoji-window.h"
#include "khoji-article-list.h"
#include "khoji-entity-panel.h"
#include "khoji-window-private.h"
#include "khoji-test-pg.h"
#include "khoji-test-ui.h"
#include "khoji-test-util.h"

/* A shared archive in the window: the Preferences that name it, its
 * password in a real Secret Service (gnome-keyring, started here on the
 * test's own session bus with a keyring in a temporary folder). */

static struct {
  char        *dir;
  GSubprocess *keyring;
  GSettings   *settings;
  KhojiApplication *app;
} fixture;

static gboolean
secret_service_running (gpointer data)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) reply = NULL;

  if (bus == NULL)
    return FALSE;
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", "org.freedesktop.secrets"),
                                       G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  if (reply == NULL)
    return FALSE;
  {
    gboolean owned = FALSE;

    g_variant_get (reply, "(b)", &owned);
    return owned;
  }
}

/* gnome-keyring in the foreground, its login keyring made and unlocked
 * with the password written to its standard input. NULL when it is not
 * installed. */
static GSubprocess *
start_keyring (void)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *program = g_find_program_in_path ("gnome-keyring-daemon");
  g_autofree char *runtime = g_build_filename (fixture.dir, "run", NULL);
  GOutputStream *in;

  if (program == NULL)
    return NULL;
  g_assert_cmpint (g_mkdir_with_parents (runtime, 0700), ==, 0);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", runtime, TRUE);
  /* Its own harmless warnings ("already registered") must not abort it. */
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  proc = g_subprocess_launcher_spawn (launcher, &error, program, "--foreground", "--unlock",
                                      "--components=secrets", NULL);
  g_assert_no_error (error);
  in = g_subprocess_get_stdin_pipe (proc);
  g_assert_true (g_output_stream_write_all (in, "test-login", 10, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (in, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (khoji_test_spin_until (secret_service_running, NULL, 20000));
  return g_steal_pointer (&proc);
}

typedef struct {
  gboolean  done;
  gboolean  ok;
  char     *password;
  GError   *error;
} Wait;

static void
on_stored (GObject *source, GAsyncResult *result, gpointer data)
{
  Wait *w = data;

  w->ok = khoji_archive_store_password_finish (result, &w->error);
  w->done = TRUE;
}

static void
on_looked_up (GObject *source, GAsyncResult *result, gpointer data)
{
  Wait *w = data;

  w->password = khoji_archive_lookup_password_finish (result, &w->error);
  w->done = TRUE;
}

static gboolean
wait_done (gpointer data)
{
  return ((Wait *) data)->done;
}

static void
store (const char *password)
{
  Wait w = { 0 };

  khoji_archive_store_password (fixture.settings, password, NULL, on_stored, &w);
  g_assert_true (khoji_test_spin_until (wait_done, &w, 20000));
  g_assert_no_error (w.error);
  g_assert_true (w.ok);
}

static char *
lookup (void)
{
  Wait w = { 0 };

  khoji_archive_lookup_password (fixture.settings, NULL, on_looked_up, &w);
  g_assert_true (khoji_test_spin_until (wait_done, &w, 20000));
  g_assert_no_error (w.error);
  return w.password;
}

static void
set_archive (const char *host, int port, const char *database, const char *user)
{
  g_settings_set_string (fixture.settings, "archive-host", host);
  g_settings_set_int (fixture.settings, "archive-port", port);
  g_settings_set_string (fixture.settings, "archive-database", database);
  g_settings_set_string (fixture.settings, "archive-user", user);
}

static void
test_keyring_round_trip (void)
{
  const char *password = "पासवर्ड p@ss&word=%20";
  char *found;

  if (fixture.keyring == NULL)
    {
      g_test_skip ("gnome-keyring-daemon is not installed");
      return;
    }

  set_archive ("archive.example.org", 5433, "khoji", "meera");
  found = lookup ();
  g_assert_null (found);

  store (password);
  found = lookup ();
  g_assert_cmpstr (found, ==, password);
  khoji_archive_password_free (found);

  /* Another user of the same archive, another archive: not hers. */
  g_settings_set_string (fixture.settings, "archive-user", "arjun");
  found = lookup ();
  g_assert_null (found);
  g_settings_set_string (fixture.settings, "archive-user", "meera");
  g_settings_set_int (fixture.settings, "archive-port", 5432);
  found = lookup ();
  g_assert_null (found);
  g_settings_set_int (fixture.settings, "archive-port", 5433);

  /* A new password replaces the old one, an empty one forgets it. */
  store ("second");
  found = lookup ();
  g_assert_cmpstr (found, ==, "second");
  khoji_archive_password_free (found);
  store ("");
  found = lookup ();
  g_assert_null (found);

  /* Never in the settings. */
  {
    g_autoptr(GSettingsSchema) schema = NULL;
    g_auto(GStrv) keys = NULL;

    g_object_get (fixture.settings, "settings-schema", &schema, NULL);
    keys = g_settings_schema_list_keys (schema);
    for (guint i = 0; keys[i]; i++)
      {
        g_autoptr(GVariant) v = g_settings_get_value (fixture.settings, keys[i]);
        g_autofree char *text = g_variant_print (v, FALSE);

        g_assert_null (strstr (text, "second"));
        g_assert_null (strstr (text, "p@ss"));
      }
  }
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Renders the window to a PNG when KHOJI_SCREENSHOT_DIR is set. */
static void
save_png (GtkWidget  *widget,
          const char *name)
{
  const char *dir = g_getenv ("KHOJI_SCREENSHOT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  int width, height;

  if (dir == NULL)
    return;
  /* Past the revealer's and the stack's transitions, and allocated (a
   * page shown at once is shown before the window's first size). */
  khoji_test_spin (1500);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    return;
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

static void
screenshot_window (KhojiWindow *window,
                   const char  *location)
{
  g_autofree char *name = g_strdup_printf ("other-writer-%s.png",
                                           khoji_location_is_archive (location) ? "archive" : "file");

  save_png (GTK_WIDGET (window), name);
}

/* The first widget of TYPE whose "title" is TITLE, under WIDGET. */
static GtkWidget *
find_row (GtkWidget  *widget,
          GType       type,
          const char *title)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    {
      g_autofree char *t = NULL;

      g_object_get (widget, "title", &t, NULL);
      if (g_strcmp0 (t, title) == 0)
        return widget;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_row (child, type, title);

      if (found)
        return found;
    }
  return NULL;
}

static void
type_into (GtkWidget  *prefs,
           GType       type,
           const char *title,
           const char *text)
{
  GtkWidget *row = find_row (prefs, type, title);

  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static gboolean
settings_say_archive (gpointer data)
{
  return khoji_archive_is_chosen (fixture.settings);
}

static void
test_preferences_keep_password (void)
{
  g_autoptr(KhojiPreferencesWindow) prefs = NULL;
  char *found;

  if (fixture.keyring == NULL)
    {
      g_test_skip ("gnome-keyring-daemon is not installed");
      return;
    }

  g_settings_set_enum (fixture.settings, "library-location", 0);
  set_archive ("", 5432, "khoji", "");
  prefs = g_object_ref_sink (khoji_preferences_window_new (fixture.settings));
  gtk_window_present (GTK_WINDOW (prefs));
  khoji_test_spin (200);

  /* A port that is no number is refused, nothing is kept. */
  type_into (GTK_WIDGET (prefs), ADW_TYPE_ENTRY_ROW, "Server", "archive.example.org");
  type_into (GTK_WIDGET (prefs), ADW_TYPE_ENTRY_ROW, "Port", "54x");
  type_into (GTK_WIDGET (prefs), ADW_TYPE_ENTRY_ROW, "Database", "newsroom");
  type_into (GTK_WIDGET (prefs), ADW_TYPE_ENTRY_ROW, "User Name", "meera");
  type_into (GTK_WIDGET (prefs), ADW_TYPE_PASSWORD_ENTRY_ROW, "Password", "s3cret");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (prefs), "archive.connect", NULL));
  khoji_test_spin (100);
  g_assert_true (gtk_widget_has_css_class (find_row (GTK_WIDGET (prefs), ADW_TYPE_ENTRY_ROW, "Port"), "error"));
  g_assert_false (khoji_archive_is_chosen (fixture.settings));
  g_assert_cmpstr (g_settings_get_string (fixture.settings, "archive-host"), ==, "");

  type_into (GTK_WIDGET (prefs), ADW_TYPE_ENTRY_ROW, "Port", "5433");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (prefs), "archive.connect", NULL));
  g_assert_true (khoji_test_spin_until (settings_say_archive, NULL, 20000));

  {
    g_autofree char *host = g_settings_get_string (fixture.settings, "archive-host");
    g_autofree char *db = g_settings_get_string (fixture.settings, "archive-database");
    g_autofree char *user = g_settings_get_string (fixture.settings, "archive-user");
    g_autofree char *uri = khoji_archive_dup_uri (fixture.settings);

    g_assert_cmpstr (host, ==, "archive.example.org");
    g_assert_cmpint (g_settings_get_int (fixture.settings, "archive-port"), ==, 5433);
    g_assert_cmpstr (db, ==, "newsroom");
    g_assert_cmpstr (user, ==, "meera");
    g_assert_cmpstr (uri, ==, "postgresql://meera@archive.example.org:5433/newsroom?connect_timeout=10");
  }
  found = lookup ();
  g_assert_cmpstr (found, ==, "s3cret");
  khoji_archive_password_free (found);
  /* The field is emptied once the keyring has it. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_row (GTK_WIDGET (prefs), ADW_TYPE_PASSWORD_ENTRY_ROW, "Password"))), ==, "");

  gtk_window_destroy (GTK_WINDOW (prefs));
  g_settings_set_enum (fixture.settings, "library-location", 0);
  store ("");
}

/* ---- Another program writing to the library the window shows ---- */

static int
cli (const char *db,
     const char *first,
     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *cli_path = g_getenv ("KHOJI_CLI");
  int status = 0;
  va_list args;

  g_assert_nonnull (cli_path);
  g_ptr_array_add (argv, (char *) cli_path);
  g_ptr_array_add (argv, (char *) "--db");
  g_ptr_array_add (argv, (char *) db);
  va_start (args, first);
  for (const char *a = first; a; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) a);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

static gboolean
window_idle (gpointer data)
{
  return !_khoji_window_is_loading (data) && !_khoji_window_is_reading (data);
}

typedef struct {
  KhojiWindow *window;
  guint        n;
} Count;

static gboolean
shows_n_articles (gpointer data)
{
  Count *c = data;
  GListModel *model = khoji_article_list_get_model (_khoji_window_get_article_list (c->window));

  return g_list_model_get_n_items (model) == c->n && window_idle (c->window);
}

typedef struct {
  KhojiWindow *window;
  const char  *name;
} Named;

static gboolean
shows_person (gpointer data)
{
  Named *n = data;
  GListModel *people = khoji_entity_panel_get_group_model (_khoji_window_get_entity_panel (n->window),
                                                           KHOJI_ENTITY_PERSON);

  for (guint i = 0; i < g_list_model_get_n_items (people); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (people, i);

      if (KHOJI_IS_ENTITY (item) && g_strcmp0 (khoji_entity_get_name (KHOJI_ENTITY (item)), n->name) == 0)
        return TRUE;
    }
  return FALSE;
}

/* The seed files, sorted. */
static GPtrArray *
seed_files (void)
{
  g_autofree char *seeds = khoji_test_seeds_dir ();
  GPtrArray *files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (seeds == NULL)
    return files;
  dir = g_dir_open (seeds, 0, NULL);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)))
    if (g_str_has_suffix (name, ".txt"))
      g_ptr_array_add (files, g_build_filename (seeds, name, NULL));
  g_ptr_array_sort (files, (GCompareFunc) compare_paths);
  return files;
}

static gint64
person_id (const char *db,
           const char *latin);

/* The window shows a library another program imports into and corrects:
 * what it adds and changes appears without a restart, and the window
 * never read its lists again for its own reasons. */
static void
run_other_writer (const char *location)
{
  g_autoptr(GPtrArray) files = seed_files ();
  KhojiApplication *app;
  KhojiWindow *window;
  Count count = { 0 };
  Named named = { 0 };
  char id_text[32];
  gint64 putin;

  if (files->len < 5)
    {
      g_test_skip ("no seed articles found");
      return;
    }
  app = fixture.app;
  g_settings_set_enum (fixture.settings, "library-location", 0);
  khoji_application_set_location (app, location);
  /* One article before the window opens. */
  g_assert_cmpint (cli (location, "import", "--quiet", g_ptr_array_index (files, 0), NULL), ==, 0);

  window = g_object_ref (khoji_window_new (app));
  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 900);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (khoji_test_spin_until (khoji_test_widget_mapped, window, 10000));
  count = (Count) { window, 1 };
  g_assert_true (khoji_test_spin_until (shows_n_articles, &count, 60000));

  /* Another program imports: the window shows the new articles. */
  g_assert_cmpint (cli (location, "import", "--quiet", g_ptr_array_index (files, 1),
                        g_ptr_array_index (files, 2), NULL), ==, 0);
  count.n = 3;
  g_assert_true (khoji_test_spin_until (shows_n_articles, &count, (KHOJI_WINDOW_POLL_SECONDS * 3 + 30) * 1000));
  g_assert_cmpstr (_khoji_window_get_page (window), ==, "library");

  g_assert_cmpint (cli (location, "import", "--quiet", g_ptr_array_index (files, 3),
                        g_ptr_array_index (files, 4), NULL), ==, 0);
  count.n = 5;
  g_assert_true (khoji_test_spin_until (shows_n_articles, &count, (KHOJI_WINDOW_POLL_SECONDS * 3 + 30) * 1000));

  /* And its corrections. */
  putin = person_id (location, "Vladimir Putin");
  g_assert_cmpint (putin, >, 0);
  g_snprintf (id_text, sizeof id_text, "%" G_GINT64_FORMAT, putin);
  g_assert_cmpint (cli (location, "rename", id_text, "राष्ट्रपति पुतिन", NULL), ==, 0);
  named = (Named) { window, "राष्ट्रपति पुतिन" };
  g_assert_true (khoji_test_spin_until (shows_person, &named, (KHOJI_WINDOW_POLL_SECONDS * 3 + 30) * 1000));
  g_assert_false (_khoji_window_fault_shown (window));
  screenshot_window (window, location);

  gtk_window_destroy (GTK_WINDOW (window));
  khoji_test_spin (200);
  g_object_unref (window);
  khoji_application_close_library (app);
  khoji_application_set_location (app, NULL);
}

static gint64
person_id (const char *db,
           const char *latin)
{
  g_autofree char *out = NULL;
  const char *cli_path = g_getenv ("KHOJI_CLI");
  const char *argv[] = { cli_path, "--db", db, "entities", "--type", "person", NULL };
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (out, "\n", -1);
  /* id, type, name, latin, … */
  for (guint i = 0; lines[i]; i++)
    {
      g_auto(GStrv) f = g_strsplit (lines[i], "\t", -1);

      if (g_strv_length (f) >= 4 && g_strcmp0 (f[3], latin) == 0)
        return g_ascii_strtoll (f[0], NULL, 10);
    }
  return 0;
}

static void
test_other_writer_file (void)
{
  g_autofree char *db = g_build_filename (fixture.dir, "shared library.db", NULL);

  run_other_writer (db);
}

/* A library that cannot be opened, at a path with "&" and "<" in it:
 * the error page says so with the path as text (a status page's
 * description is markup, and the "&" of an archive's URI broke it). */
static void
test_error_page_text (void)
{
  g_autofree char *blocker = g_build_filename (fixture.dir, "a & b <c>", NULL);
  g_autofree char *path = g_build_filename (blocker, "library.db", NULL);
  KhojiWindow *window;
  GtkWidget *page;

  /* A file where the library's folder should be: it cannot be made. */
  g_assert_true (g_file_set_contents (blocker, "", 0, NULL));
  g_settings_set_enum (fixture.settings, "library-location", 0);
  khoji_application_set_location (fixture.app, path);
  window = g_object_ref (khoji_window_new (fixture.app));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (khoji_test_spin_until (khoji_test_widget_mapped, window, 10000));
  khoji_test_spin (200);
  g_assert_cmpstr (_khoji_window_get_page (window), ==, "error");
  page = gtk_stack_get_visible_child (GTK_STACK (_khoji_window_get_main_stack (window)));
  g_assert_nonnull (strstr (adw_status_page_get_description (ADW_STATUS_PAGE (page)), "a &amp; b &lt;c&gt;"));
  g_assert_cmpstr (adw_status_page_get_icon_name (ADW_STATUS_PAGE (page)), ==, "dialog-error-symbolic");

  gtk_window_destroy (GTK_WINDOW (window));
  khoji_test_spin (200);
  g_object_unref (window);
  khoji_application_close_library (fixture.app);
  khoji_application_set_location (fixture.app, NULL);
}

/* ---- A real PostgreSQL server (a throwaway cluster) ---- */

static void
test_other_writer_archive (void)
{
  g_autofree char *uri = khoji_test_pg_new_database (khoji_test_pg_shared (), "window");

  run_other_writer (uri);
}

static gboolean
fault_shown (gpointer data)
{
  return _khoji_window_fault_shown (data);
}

static gboolean
fault_hidden (gpointer data)
{
  return !_khoji_window_fault_shown (data) && window_idle (data);
}

typedef struct {
  KhojiWindow *window;
  const char  *page;
} OnPage;

static gboolean
shows_page (gpointer data)
{
  OnPage *p = data;

  return g_strcmp0 (_khoji_window_get_page (p->window), p->page) == 0;
}

static gboolean
import_over (gpointer data)
{
  return !_khoji_window_is_importing (data);
}

static KhojiWindow *
open_window (void)
{
  KhojiWindow *window = g_object_ref (khoji_window_new (fixture.app));

  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (khoji_test_spin_until (khoji_test_widget_mapped, window, 10000));
  return window;
}

static void
close_window (KhojiWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  khoji_test_spin (200);
  g_object_unref (window);
  khoji_application_close_library (fixture.app);
  khoji_application_set_location (fixture.app, NULL);
  g_settings_set_enum (fixture.settings, "library-location", 0);
}

static const char *
error_page_title (KhojiWindow *window)
{
  return adw_status_page_get_title (window->error_page);
}

/* The server stops while the window shows the archive: a bar over the
 * panes says it cannot be reached, what was shown stays; the server
 * back, Retry lowers the bar and what others imported meanwhile shows. */
static void
test_server_gone (void)
{
  KhojiTestPg *pg = khoji_test_pg_shared ();
  g_autofree char *uri = khoji_test_pg_new_database (pg, "gone");
  g_autoptr(GPtrArray) files = seed_files ();
  g_autoptr(GError) error = NULL;
  KhojiWindow *window;
  Count count;

  if (files->len < 3)
    {
      g_test_skip ("no seed articles found");
      return;
    }
  g_assert_cmpint (cli (uri, "import", "--quiet", g_ptr_array_index (files, 0),
                        g_ptr_array_index (files, 1), NULL), ==, 0);
  khoji_application_set_location (fixture.app, uri);
  window = open_window ();
  count = (Count) { window, 2 };
  g_assert_true (khoji_test_spin_until (shows_n_articles, &count, 60000));
  g_assert_false (_khoji_window_fault_shown (window));

  g_assert_true (khoji_test_pg_stop_server (pg, &error));
  g_assert_no_error (error);
  /* Said by the next poll, not at the next click. */
  g_assert_true (khoji_test_spin_until (fault_shown, window, (KHOJI_WINDOW_POLL_SECONDS * 3 + 30) * 1000));
  g_assert_nonnull (strstr (gtk_label_get_text (window->fault_label), "cannot be reached"));
  g_assert_null (strstr (gtk_label_get_text (window->fault_label), "PQ"));
  g_assert_cmpstr (gtk_image_get_icon_name (window->fault_icon), ==, "network-error-symbolic");
  g_assert_cmpstr (_khoji_window_get_page (window), ==, "library");
  g_assert_true (shows_n_articles (&count));
  save_png (GTK_WIDGET (window), "archive-server-gone.png");

  /* An import while it is down: nothing saved, the bar stays up. */
  {
    g_autoptr(GFile) file = g_file_new_for_path (g_ptr_array_index (files, 2));
    GFile *list[] = { file };

    khoji_window_import_files (window, list, 1);
    g_assert_true (khoji_test_spin_until (import_over, window, 60000));
    g_assert_true (_khoji_window_fault_shown (window));
    g_assert_true (shows_n_articles (&count));
  }

  /* Retry while it is still down: the bar stays. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.retry-library", NULL));
  khoji_test_spin (3000);
  g_assert_true (_khoji_window_fault_shown (window));

  g_assert_true (khoji_test_pg_start_server (pg, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cli (uri, "import", "--quiet", g_ptr_array_index (files, 2), NULL), ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.retry-library", NULL));
  g_assert_true (khoji_test_spin_until (fault_hidden, window, 60000));
  count.n = 3;
  g_assert_true (khoji_test_spin_until (shows_n_articles, &count, 60000));
  g_assert_cmpstr (_khoji_window_get_page (window), ==, "library");

  close_window (window);
}

typedef struct {
  const char *uri;
  gint64      n;
} AtLeast;

static gboolean
archive_has (gpointer data)
{
  AtLeast *a = data;

  return khoji_test_pg_query_int (a->uri, "SELECT count(*) FROM article") >= a->n;
}

/* The server stopped in the middle of an import from the window: the bar
 * says the archive cannot be reached, and the files not saved are said to
 * be that, not files that are no news articles. */
static void
test_server_gone_mid_import (void)
{
  KhojiTestPg *pg = khoji_test_pg_shared ();
  g_autofree char *uri = khoji_test_pg_new_database (pg, "midway");
  g_autofree char *folder = g_build_filename (fixture.dir, "midway", NULL);
  g_autoptr(GPtrArray) seeds = seed_files ();
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  KhojiWindow *window;
  AtLeast some = { uri, 3 };
  GList *toplevels;
  guint dialogs = 0;

  if (seeds->len < 1)
    {
      g_test_skip ("no seed articles found");
      return;
    }
  /* Short distinct articles, each a line of a seed and its number: enough
   * of them that the import is still going when the server has stopped,
   * however fast the machine (120 were all in before pg_ctl was done on
   * a quiet one). */
  {
    g_autofree char *contents = NULL;
    g_auto(GStrv) lines = NULL;

    g_assert_true (g_file_get_contents (g_ptr_array_index (seeds, 0), &contents, NULL, NULL));
    lines = g_strsplit (contents, "\n", -1);
    g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
    for (guint i = 0; i < 600; i++)
      {
        g_autofree char *path = g_strdup_printf ("%s/%03u.txt", folder, i);
        g_autofree char *text = g_strdup_printf ("खबर %u\n\n%s\n\nलेख संख्या %u।\n", i,
                                                 lines[1 + i % (g_strv_length (lines) - 1)], i);

        g_assert_true (g_file_set_contents (path, text, -1, NULL));
        g_ptr_array_add (files, g_file_new_for_path (path));
      }
  }

  g_assert_cmpint (cli (uri, "entities", NULL), ==, 0);
  khoji_application_set_location (fixture.app, uri);
  window = open_window ();
  g_assert_true (khoji_test_spin_until (window_idle, window, 60000));
  khoji_window_import_files (window, (GFile **) files->pdata, files->len);
  g_assert_true (khoji_test_spin_until (archive_has, &some, 120000));
  g_assert_true (khoji_test_pg_stop_server (pg, &error));
  g_assert_no_error (error);
  g_assert_true (khoji_test_spin_until (import_over, window, 120000));
  g_assert_true (_khoji_window_fault_shown (window));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-rejected", NULL));
  khoji_test_spin (200);
  toplevels = gtk_window_list_toplevels ();
  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data))
      {
        const char *body = adw_message_dialog_get_body (l->data);

        g_test_message ("%s", body);
        g_assert_true (g_str_has_prefix (body, "These ") || g_str_has_prefix (body, "This file"));
        g_assert_nonnull (strstr (body, "not saved: the shared archive could not be reached"));
        save_png (GTK_WIDGET (l->data), "archive-import-not-saved.png");
        gtk_window_destroy (l->data);
        dialogs++;
      }
  g_list_free (toplevels);
  g_assert_cmpuint (dialogs, ==, 1);

  g_assert_true (khoji_test_pg_start_server (pg, &error));
  g_assert_no_error (error);
  close_window (window);
}

/* The archive chosen in the Preferences, with a password in the keyring
 * that the server refuses: the error page says so; the right password
 * kept, Retry opens it. */
static void
test_refused_password (void)
{
  KhojiTestPg *pg = khoji_test_pg_shared ();
  g_autofree char *uri = khoji_test_pg_new_database (pg, "refused");
  /* The database's name, between the URI's "/" and its parameters. */
  const char *slash = strchr (uri + strlen ("postgresql://"), '/');
  g_autofree char *name = g_strndup (slash + 1, strcspn (slash + 1, "?"));
  g_autoptr(GError) error = NULL;
  KhojiWindow *window;
  OnPage on_page;

  if (fixture.keyring == NULL)
    {
      g_test_skip ("gnome-keyring-daemon is not installed");
      return;
    }
  g_assert_true (khoji_test_pg_add_password_role (pg, "meera", "right-पासवर्ड", &error));
  g_assert_no_error (error);

  set_archive (khoji_test_pg_dir (pg), 5432, name, "meera");
  g_settings_set_enum (fixture.settings, "library-location", 1);
  store ("wrong");
  khoji_application_set_location (fixture.app, NULL);
  window = open_window ();
  on_page = (OnPage) { window, "error" };
  g_assert_true (khoji_test_spin_until (shows_page, &on_page, 60000));
  g_assert_cmpstr (error_page_title (window), ==, "The Shared Archive Refused the Password");
  g_assert_cmpstr (adw_status_page_get_icon_name (window->error_page), ==, "dialog-password-symbolic");
  /* Never the password, not even the wrong one. */
  g_assert_null (strstr (adw_status_page_get_description (window->error_page), "wrong"));
  save_png (GTK_WIDGET (window), "archive-refused-password.png");

  store ("right-पासवर्ड");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.retry-library", NULL));
  on_page.page = "library";
  g_assert_true (khoji_test_spin_until (shows_page, &on_page, 60000));
  g_assert_true (khoji_test_spin_until (window_idle, window, 60000));
  g_assert_false (_khoji_window_fault_shown (window));

  close_window (window);
  store ("");
}

/* An archive a newer Khoji has brought up to a schema this one does not
 * know: the error page says so, and the archive is left as it was. */
static void
test_newer_archive (void)
{
  KhojiTestPg *pg = khoji_test_pg_shared ();
  g_autofree char *uri = khoji_test_pg_new_database (pg, "newer");
  g_autofree char *version = NULL;
  KhojiWindow *window;
  OnPage on_page;

  g_assert_cmpint (cli (uri, "entities", NULL), ==, 0);
  g_free (khoji_test_pg_query (uri, "UPDATE khoji_version SET version = 999"));

  khoji_application_set_location (fixture.app, uri);
  window = open_window ();
  on_page = (OnPage) { window, "error" };
  g_assert_true (khoji_test_spin_until (shows_page, &on_page, 60000));
  g_assert_cmpstr (error_page_title (window), ==, "Made by a Newer Khoji");
  g_assert_cmpstr (adw_status_page_get_icon_name (window->error_page), ==, "software-update-available-symbolic");
  /* The sentence and where, not the store's English for the logs. */
  g_assert_true (g_str_has_prefix (adw_status_page_get_description (window->error_page),
                                   "The library was made by a newer version of Khoji: update Khoji to open it. ("));
  g_assert_null (strstr (adw_status_page_get_description (window->error_page), "schema"));
  save_png (GTK_WIDGET (window), "archive-newer.png");
  close_window (window);

  version = khoji_test_pg_query (uri, "SELECT version FROM khoji_version");
  g_assert_cmpstr (version, ==, "999");
}

/* No server at the address at all: the error page says it cannot be
 * reached (not a refused password, not a damaged library). */
static void
test_no_server (void)
{
  g_autofree char *folder = g_build_filename (fixture.dir, "no server", NULL);
  g_autofree char *uri = khoji_location_archive_uri (folder, 5432, "khoji", "meera");
  KhojiWindow *window;
  OnPage on_page;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  khoji_application_set_location (fixture.app, uri);
  window = open_window ();
  on_page = (OnPage) { window, "error" };
  g_assert_true (khoji_test_spin_until (shows_page, &on_page, 60000));
  g_assert_cmpstr (error_page_title (window), ==, "Cannot Reach the Shared Archive");
  g_assert_cmpstr (adw_status_page_get_icon_name (window->error_page), ==, "network-error-symbolic");
  save_png (GTK_WIDGET (window), "archive-no-server.png");
  close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  fixture.dir = g_dir_make_tmp ("khoji-archive-window-XXXXXX", NULL);
  g_assert_nonnull (fixture.dir);
  /* The keyring's files and the default library go here, never into the
   * home folder of whoever runs the tests. */
  {
    g_autofree char *data = g_build_filename (fixture.dir, "data", NULL);

    g_setenv ("XDG_DATA_HOME", data, TRUE);
  }

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* Registered, the application has started up: its resources (the
   * windows' templates) and actions are there. No library path: the
   * window opens what the Preferences choose. */
  {
    g_autoptr(GError) error = NULL;

    fixture.app = khoji_application_new (NULL);
    g_application_set_flags (G_APPLICATION (fixture.app),
                             g_application_get_flags (G_APPLICATION (fixture.app)) | G_APPLICATION_NON_UNIQUE);
    g_application_register (G_APPLICATION (fixture.app), NULL, &error);
    g_assert_no_error (error);
  }
  fixture.settings = g_object_ref (khoji_application_get_settings (fixture.app));
  fixture.keyring = start_keyring ();

  g_test_add_func ("/khoji/archive-window/keyring-round-trip", test_keyring_round_trip);
  g_test_add_func ("/khoji/archive-window/preferences-keep-password", test_preferences_keep_password);
  g_test_add_func ("/khoji/archive-window/other-writer-file", test_other_writer_file);
  g_test_add_func ("/khoji/archive-window/error-page-text", test_error_page_text);
  g_test_add_func ("/khoji/archive-window/other-writer-archive", test_other_writer_archive);
  g_test_add_func ("/khoji/archive-window/server-gone", test_server_gone);
  g_test_add_func ("/khoji/archive-window/server-gone-mid-import", test_server_gone_mid_import);
  g_test_add_func ("/khoji/archive-window/refused-password", test_refused_password);
  g_test_add_func ("/khoji/archive-window/newer-archive", test_newer_archive);
  g_test_add_func ("/khoji/archive-window/no-server", test_no_server);

  ret = g_test_run ();

  if (fixture.keyring)
    {
      g_subprocess_force_exit (fixture.keyring);
      g_subprocess_wait (fixture.keyring, NULL, NULL);
      g_clear_object (&fixture.keyring);
    }
  g_clear_object (&fixture.settings);
  g_clear_object (&fixture.app);
  khoji_test_remove_tree (fixture.dir);
  g_free (fixture.dir);
  return ret;
}
