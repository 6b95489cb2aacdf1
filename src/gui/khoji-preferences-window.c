/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-preferences"

#include "config.h"

#include <glib/gi18n.h>

#include "khoji-application.h"
#include "khoji-archive.h"
#include "khoji-preferences-window.h"

struct _KhojiPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;

  AdwComboRow          *style_row;
  GtkSpinButton        *font_size_spin;
  AdwComboRow          *sort_row;
  GtkCheckButton       *local_check;
  GtkCheckButton       *archive_check;
  GtkWidget            *archive_group;
  AdwEntryRow          *host_row;
  AdwEntryRow          *port_row;
  AdwEntryRow          *database_row;
  AdwEntryRow          *user_row;
  AdwEntryRow          *password_row;
  GCancellable         *cancellable;     /* keeping the password */
  GtkSwitch            *sentences_switch;
};

G_DEFINE_FINAL_TYPE (KhojiPreferencesWindow, khoji_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* The combo rows list their choices in the order of the schema's enum and
 * choices, so a row index maps straight to a settings value. */
static const char *sort_choices[] = { "count", "name" };

static gboolean
style_get_mapping (GValue   *value,
                   GVariant *variant,
                   gpointer  user_data)
{
  const char *nick = g_variant_get_string (variant, NULL);
  guint index = 0;

  if (g_strcmp0 (nick, "light") == 0)
    index = 1;
  else if (g_strcmp0 (nick, "dark") == 0)
    index = 2;
  g_value_set_uint (value, index);
  return TRUE;
}

static GVariant *
style_set_mapping (const GValue       *value,
                   const GVariantType *expected_type,
                   gpointer            user_data)
{
  static const char *nicks[] = { "follow", "light", "dark" };
  guint index = g_value_get_uint (value);

  return g_variant_new_string (nicks[MIN (index, 2)]);
}

static gboolean
sort_get_mapping (GValue   *value,
                  GVariant *variant,
                  gpointer  user_data)
{
  g_value_set_uint (value, g_strcmp0 (g_variant_get_string (variant, NULL), "name") == 0 ? 1 : 0);
  return TRUE;
}

static GVariant *
sort_set_mapping (const GValue       *value,
                  const GVariantType *expected_type,
                  gpointer            user_data)
{
  return g_variant_new_string (sort_choices[MIN (g_value_get_uint (value), 1)]);
}

/* ---- The library: this computer or a shared archive ---- */

static void
update_archive_sensitivity (KhojiPreferencesWindow *self)
{
  gtk_widget_set_sensitive (self->archive_group, gtk_check_button_get_active (self->archive_check));
}

/* Choosing "This Computer" takes effect at once (there is nothing to
 * fill in); "Shared Archive" only unlocks its fields, until Connect. */
static void
on_location_toggled (KhojiPreferencesWindow *self)
{
  GtkApplication *app;

  if (self->settings == NULL)
    return;
  update_archive_sensitivity (self);
  if (!gtk_check_button_get_active (self->local_check) || !khoji_archive_is_chosen (self->settings))
    return;
  g_settings_set_enum (self->settings, "library-location", 0);
  app = gtk_window_get_application (GTK_WINDOW (self));
  if (KHOJI_IS_APPLICATION (app))
    khoji_application_reopen_library (KHOJI_APPLICATION (app));
}

static void
set_row_error (AdwEntryRow *row,
               gboolean     error)
{
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
}

static void
reopen (KhojiPreferencesWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  g_settings_set_enum (self->settings, "library-location", 1);
  /* Closes this window too: the main window shows the connection. */
  if (KHOJI_IS_APPLICATION (app))
    khoji_application_reopen_library (KHOJI_APPLICATION (app));
}

static void
on_password_stored (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(KhojiPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!khoji_archive_store_password_finish (result, &error))
    {
      g_autofree char *text = NULL;
      g_autofree char *escaped = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      gtk_widget_set_sensitive (GTK_WIDGET (self->password_row), TRUE);
      text = g_strdup_printf (_("The password could not be kept in the keyring: %s"), error->message);
      /* A toast's title is markup; the keyring's message is text. */
      escaped = g_markup_escape_text (text, -1);
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (escaped));
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  reopen (self);
}

static void
connect_archive (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  KhojiPreferencesWindow *self = KHOJI_PREFERENCES_WINDOW (widget);
  g_autofree char *host = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->host_row))));
  g_autofree char *port_text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->port_row))));
  g_autofree char *database = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->database_row))));
  g_autofree char *user = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->user_row))));
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  guint64 port = 5432;
  gboolean port_ok = *port_text == '\0' ||
                     (g_ascii_string_to_unsigned (port_text, 10, 1, 65535, &port, NULL));

  set_row_error (self->port_row, !port_ok);
  set_row_error (self->database_row, *database == '\0');
  if (!port_ok || *database == '\0')
    return;

  g_settings_delay (self->settings);
  g_settings_set_string (self->settings, "archive-host", host);
  g_settings_set_int (self->settings, "archive-port", (int) port);
  g_settings_set_string (self->settings, "archive-database", database);
  g_settings_set_string (self->settings, "archive-user", user);
  g_settings_apply (self->settings);

  /* A password typed here goes to the keyring, under the archive just
   * named, before the connection looks it up there; an empty field keeps
   * the one kept before. */
  if (*password != '\0')
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self->password_row), FALSE);
      khoji_archive_store_password (self->settings, password, self->cancellable,
                                    on_password_stored, g_object_ref (self));
      return;
    }
  reopen (self);
}

static void
on_password_activated (KhojiPreferencesWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "archive.connect", NULL);
}

static void
load_archive_rows (KhojiPreferencesWindow *self)
{
  g_autofree char *host = g_settings_get_string (self->settings, "archive-host");
  g_autofree char *database = g_settings_get_string (self->settings, "archive-database");
  g_autofree char *user = g_settings_get_string (self->settings, "archive-user");
  g_autofree char *port = g_strdup_printf ("%d", g_settings_get_int (self->settings, "archive-port"));

  gtk_editable_set_text (GTK_EDITABLE (self->host_row), host);
  gtk_editable_set_text (GTK_EDITABLE (self->port_row), port);
  gtk_editable_set_text (GTK_EDITABLE (self->database_row), database);
  gtk_editable_set_text (GTK_EDITABLE (self->user_row), user);
  /* Before the handlers see it: showing the choice is no choice. */
  g_signal_handlers_block_by_func (self->local_check, on_location_toggled, self);
  g_signal_handlers_block_by_func (self->archive_check, on_location_toggled, self);
  gtk_check_button_set_active (khoji_archive_is_chosen (self->settings) ? self->archive_check : self->local_check, TRUE);
  g_signal_handlers_unblock_by_func (self->local_check, on_location_toggled, self);
  g_signal_handlers_unblock_by_func (self->archive_check, on_location_toggled, self);
  update_archive_sensitivity (self);
}

static gboolean
weight_get_mapping (GValue   *value,
                    GVariant *variant,
                    gpointer  user_data)
{
  g_value_set_boolean (value, g_strcmp0 (g_variant_get_string (variant, NULL), "sentences") == 0);
  return TRUE;
}

static GVariant *
weight_set_mapping (const GValue       *value,
                    const GVariantType *expected_type,
                    gpointer            user_data)
{
  return g_variant_new_string (g_value_get_boolean (value) ? "sentences" : "articles");
}

KhojiPreferencesWindow *
khoji_preferences_window_new (GSettings *settings)
{
  KhojiPreferencesWindow *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (KHOJI_TYPE_PREFERENCES_WINDOW, NULL);
  self->settings = g_object_ref (settings);

  g_settings_bind_with_mapping (settings, "color-scheme", self->style_row, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                style_get_mapping, style_set_mapping, NULL, NULL);
  g_settings_bind_with_mapping (settings, "entity-sort", self->sort_row, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                sort_get_mapping, sort_set_mapping, NULL, NULL);
  g_settings_bind (settings, "reading-font-size", self->font_size_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  load_archive_rows (self);
  g_settings_bind_with_mapping (settings, "network-weight", self->sentences_switch, "active",
                                G_SETTINGS_BIND_DEFAULT,
                                weight_get_mapping, weight_set_mapping, NULL, NULL);

  return self;
}

static void
khoji_preferences_window_dispose (GObject *object)
{
  KhojiPreferencesWindow *self = KHOJI_PREFERENCES_WINDOW (object);

  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), KHOJI_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (khoji_preferences_window_parent_class)->dispose (object);
}

static void
khoji_preferences_window_class_init (KhojiPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = khoji_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/khoji-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KhojiPreferencesWindow, style_row);
  gtk_widget_class_bind_template_child (widget_class, KhojiPreferencesWindow, font_size_spin);
  gtk_widget_class_bind_template_child (widget_class, KhojiPreferencesWindow, sort_row);
  gtk_widget_class_bind_template_child (widget_class, KhojiPreferencesWindow, local_check);
  gtk_widget_class_bind_template_child (widget_class, KhojiPreferencesWindow, archive_check);
  gtk_widget_class_bind_template_child (widget_class, KhojiPreferencesWindow, archive_group);
  gtk_widget_class_bind_template_child (widget_class, KhojiPreferencesWindow, host_row);
  gtk_widget_class_bind_template_child (widget_class, KhojiPreferencesWindow, port_row);
  gtk_widget_class_bind_template_child (widget_class, KhojiPreferencesWindow, database_row);
  gtk_widget_class_bind_template_child (widget_class, KhojiPreferencesWindow, user_row);
  gtk_widget_class_bind_template_child (widget_class, KhojiPreferencesWindow, password_row);
  gtk_widget_class_bind_template_callback (widget_class, on_location_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_password_activated);
  gtk_widget_class_install_action (widget_class, "archive.connect", NULL, connect_archive);
  gtk_widget_class_bind_template_child (widget_class, KhojiPreferencesWindow, sentences_switch);
}

static void
khoji_preferences_window_init (KhojiPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}
