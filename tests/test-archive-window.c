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
#include "khoji-window-private.h"
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

static void
spin (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
}

static gboolean
spin_until (gboolean (*done) (gpointer), gpointer data, guint timeout_ms)
{
  gint64 until = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!done (data))
    {
      if (g_get_monotonic_time () > until)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return TRUE;
}

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
  g_assert_true (spin_until (secret_service_running, NULL, 20000));
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
  g_assert_true (spin_until (wait_done, &w, 20000));
  g_assert_no_error (w.error);
  g_assert_true (w.ok);
}

static char *
lookup (void)
{
  Wait w = { 0 };

  khoji_archive_lookup_password (fixture.settings, NULL, on_looked_up, &w);
  g_assert_true (spin_until (wait_done, &w, 20000));
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
  spin (200);

  /* A port that is no number is refused, nothing is kept. */
  type_into (GTK_WIDGET (prefs), ADW_TYPE_ENTRY_ROW, "Server", "archive.example.org");
  type_into (GTK_WIDGET (prefs), ADW_TYPE_ENTRY_ROW, "Port", "54x");
  type_into (GTK_WIDGET (prefs), ADW_TYPE_ENTRY_ROW, "Database", "newsroom");
  type_into (GTK_WIDGET (prefs), ADW_TYPE_ENTRY_ROW, "User Name", "meera");
  type_into (GTK_WIDGET (prefs), ADW_TYPE_PASSWORD_ENTRY_ROW, "Password", "s3cret");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (prefs), "archive.connect", NULL));
  spin (100);
  g_assert_true (gtk_widget_has_css_class (find_row (GTK_WIDGET (prefs), ADW_TYPE_ENTRY_ROW, "Port"), "error"));
  g_assert_false (khoji_archive_is_chosen (fixture.settings));
  g_assert_cmpstr (g_settings_get_string (fixture.settings, "archive-host"), ==, "");

  type_into (GTK_WIDGET (prefs), ADW_TYPE_ENTRY_ROW, "Port", "5433");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (prefs), "archive.connect", NULL));
  g_assert_true (spin_until (settings_say_archive, NULL, 20000));

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
