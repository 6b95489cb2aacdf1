/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-window"

#include "config.h"

#include <glib/gi18n.h>

#include "khoji-archive.h"
#include "khoji-location.h"
#include "khoji-window-private.h"

/* A shared archive in the window: connecting to it (its password from
 * the keyring, the connection made on a thread so that a network that is
 * gone does not freeze the window), and its faults — the server down,
 * the network gone, a refused password, an archive of a newer Khoji — as
 * a bar over the panes with Retry, or the error page with Retry when it
 * could not be opened at all. */

gboolean
_khoji_window_error_is_fault (const GError *error)
{
  return g_error_matches (error, KHOJI_LIBRARY_ERROR, KHOJI_LIBRARY_ERROR_UNREACHABLE) ||
         g_error_matches (error, KHOJI_LIBRARY_ERROR, KHOJI_LIBRARY_ERROR_AUTH) ||
         g_error_matches (error, KHOJI_LIBRARY_ERROR, KHOJI_LIBRARY_ERROR_NEWER);
}

/* The error page's title for an error that kept the library closed. */
const char *
_khoji_window_error_title (const GError *error)
{
  if (g_error_matches (error, KHOJI_LIBRARY_ERROR, KHOJI_LIBRARY_ERROR_UNREACHABLE))
    return _("Cannot Reach the Shared Archive");
  if (g_error_matches (error, KHOJI_LIBRARY_ERROR, KHOJI_LIBRARY_ERROR_AUTH))
    return _("The Shared Archive Refused the Password");
  if (g_error_matches (error, KHOJI_LIBRARY_ERROR, KHOJI_LIBRARY_ERROR_NEWER))
    return _("Made by a Newer Khoji");
  return _("Cannot Open the Library");
}

void
_khoji_window_show_fault (KhojiWindow  *self,
                          const GError *error)
{
  gtk_label_set_text (self->fault_label, error->message);
  gtk_image_set_from_icon_name (self->fault_icon,
                                g_error_matches (error, KHOJI_LIBRARY_ERROR, KHOJI_LIBRARY_ERROR_AUTH)
                                ? "dialog-password-symbolic" : "network-error-symbolic");
  gtk_revealer_set_reveal_child (self->fault_revealer, TRUE);
}

void
_khoji_window_hide_fault (KhojiWindow *self)
{
  gtk_revealer_set_reveal_child (self->fault_revealer, FALSE);
}

gboolean
_khoji_window_fault_shown (KhojiWindow *self)
{
  return gtk_revealer_get_reveal_child (self->fault_revealer);
}

static void
on_password (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(KhojiWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  char *password = khoji_archive_lookup_password_finish (result, &error);
  KhojiApplication *app;
  g_autofree char *uri = NULL;
  g_autofree char *location = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      gtk_widget_in_destruction (GTK_WIDGET (self)))
    {
      khoji_archive_password_free (password);
      return;
    }
  /* No keyring (a desktop without a Secret Service): the server may
   * still let the user in without one (peer or .pgpass); if not, its
   * refusal says what to do. */
  if (error)
    g_debug ("No password from the keyring: %s", error->message);

  app = KHOJI_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  uri = khoji_archive_dup_uri (self->settings);
  location = khoji_location_with_password (uri, password);
  khoji_archive_password_free (password);
  khoji_application_set_location (app, location);
  _khoji_window_open_on_thread (self, location);
}

void
_khoji_window_connect_archive (KhojiWindow      *self,
                               KhojiApplication *app)
{
  g_autofree char *uri = khoji_archive_dup_uri (self->settings);
  g_autofree char *shown = khoji_location_for_display (uri);

  adw_status_page_set_description (self->connecting_page, shown);
  gtk_stack_set_visible_child_name (self->main_stack, "connecting");
  gtk_spinner_start (self->connecting_spinner);
  g_clear_object (&self->upgrade_cancellable);
  self->upgrade_cancellable = g_cancellable_new ();
  khoji_archive_lookup_password (self->settings, self->upgrade_cancellable, on_password, g_object_ref (self));
}

static void
retry_library (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KhojiWindow *self = KHOJI_WINDOW (widget);

  /* Open: the lists are read again, on a new connection. */
  if (self->library != NULL)
    {
      _khoji_window_hide_fault (self);
      _khoji_window_reload_all (self);
      return;
    }
  /* Never opened: connect again from the start, with the password the
   * Preferences may have changed meanwhile. */
  if (self->upgrade_cancellable == NULL)
    _khoji_window_begin_open (self);
}

void
_khoji_window_class_init_archive (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.retry-library", NULL, retry_library);
}
