/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-window"

#include "config.h"

#include <glib/gi18n.h>

#include "khoji-archive.h"
#include "khoji-library-reader.h"
#include "khoji-location.h"
#include "khoji-window-private.h"

/* A shared archive in the window: connecting to it (its password from
 * the keyring, the connection made on a thread so that a network that is
 * gone does not freeze the window), and its faults — the server down,
 * the network gone, a refused password, an archive of a newer Khoji — as
 * a bar over the panes with Retry, or the error page with Retry when it
 * could not be opened at all. */

/* A status page's description is markup: a URI's "&" or a "<" in a
 * message is text. */
void
_khoji_window_set_page_text (AdwStatusPage *page,
                             const char    *text)
{
  g_autofree char *escaped = text ? g_markup_escape_text (text, -1) : NULL;

  adw_status_page_set_description (page, escaped);
}

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

/* The icon of the error page and of the bar: which fault at a glance. */
const char *
_khoji_window_error_icon (const GError *error)
{
  if (g_error_matches (error, KHOJI_LIBRARY_ERROR, KHOJI_LIBRARY_ERROR_UNREACHABLE))
    return "network-error-symbolic";
  if (g_error_matches (error, KHOJI_LIBRARY_ERROR, KHOJI_LIBRARY_ERROR_AUTH))
    return "dialog-password-symbolic";
  if (g_error_matches (error, KHOJI_LIBRARY_ERROR, KHOJI_LIBRARY_ERROR_NEWER))
    return "software-update-available-symbolic";
  return "dialog-error-symbolic";
}

void
_khoji_window_show_fault (KhojiWindow  *self,
                          const GError *error)
{
  gtk_label_set_text (self->fault_label, error->message);
  gtk_image_set_from_icon_name (self->fault_icon, _khoji_window_error_icon (error));
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

  _khoji_window_set_page_text (self->connecting_page, shown);
  gtk_stack_set_visible_child_name (self->main_stack, "connecting");
  gtk_spinner_start (self->connecting_spinner);
  g_clear_object (&self->upgrade_cancellable);
  self->upgrade_cancellable = g_cancellable_new ();
  khoji_archive_lookup_password (self->settings, self->upgrade_cancellable, on_password, g_object_ref (self));
}

static void
on_reachable (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(KhojiWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = khoji_library_upgrade_finish (result, &error);
  gboolean closed = g_cancellable_is_cancelled (self->upgrade_cancellable) ||
                    gtk_widget_in_destruction (GTK_WIDGET (self));

  g_clear_object (&self->upgrade_cancellable);
  if (closed || self->library == NULL)
    return;
  if (ok)
    ok = khoji_library_reconnect (self->library, &error);
  if (!ok)
    {
      _khoji_window_show_fault (self, error);
      return;
    }
  _khoji_window_hide_fault (self);
  self->poll_fault = FALSE;
  _khoji_window_reload_all (self);
}

static void
retry_library (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KhojiWindow *self = KHOJI_WINDOW (widget);

  /* Open: connect again, once a connection made on a thread shows the
   * server answers, then read the lists again. */
  if (self->library != NULL)
    {
      if (self->upgrade_cancellable == NULL)
        {
          g_autofree char *location = g_strdup (khoji_library_get_path (self->library));

          self->upgrade_cancellable = g_cancellable_new ();
          khoji_library_upgrade_async (location, self->upgrade_cancellable, on_reachable, g_object_ref (self));
        }
      return;
    }
  /* Never opened: connect again from the start, with the password the
   * Preferences may have changed meanwhile. */
  if (self->upgrade_cancellable == NULL)
    _khoji_window_begin_open (self);
}

/* ---- Other writers ---- */

static void
on_stamp (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  GWeakRef *ref = user_data;
  g_autoptr(KhojiWindow) self = g_weak_ref_get (ref);
  g_autoptr(GError) error = NULL;
  g_autofree char *stamp = khoji_library_read_change_stamp_finish (KHOJI_LIBRARY (source), result, &error);

  g_weak_ref_clear (ref);
  g_free (ref);
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      gtk_widget_in_destruction (GTK_WIDGET (self)))
    return;
  g_clear_object (&self->poll_cancellable);

  if (stamp == NULL)
    {
      /* The server went away while the window only showed: say so now,
       * not at the next click. */
      if (_khoji_window_error_is_fault (error) && !_khoji_window_fault_shown (self))
        {
          _khoji_window_show_fault (self, error);
          self->poll_fault = TRUE;
        }
      return;
    }
  /* Back: the bar the poll raised goes, and what changed meanwhile is
   * read. */
  if (self->poll_fault && _khoji_window_fault_shown (self))
    {
      self->poll_fault = FALSE;
      _khoji_window_hide_fault (self);
      _khoji_window_reload_all (self);
      return;
    }
  if (self->poll_rebaseline)
    {
      self->poll_rebaseline = FALSE;
      g_free (self->shown_stamp);
      self->shown_stamp = g_steal_pointer (&stamp);
      return;
    }
  if (self->shown_stamp != NULL && g_strcmp0 (stamp, self->shown_stamp) != 0)
    {
      g_debug ("The library changed elsewhere (%s, shown %s): reloading", stamp, self->shown_stamp);
      _khoji_window_reload_all (self);
    }
}

static gboolean
poll_tick (gpointer user_data)
{
  KhojiWindow *self = user_data;
  GWeakRef *ref;

  /* One question at a time, and none while the lists are being read
   * (that read brings its own stamp). */
  if (self->library == NULL || !self->loaded_once || self->poll_cancellable != NULL ||
      self->load_cancellable != NULL)
    return G_SOURCE_CONTINUE;
  self->poll_cancellable = g_cancellable_new ();
  ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (ref, self);
  khoji_library_read_change_stamp_async (self->library, self->poll_cancellable, on_stamp, ref);
  return G_SOURCE_CONTINUE;
}

void
_khoji_window_start_polling (KhojiWindow *self)
{
  if (self->poll_id == 0)
    self->poll_id = g_timeout_add_seconds (KHOJI_WINDOW_POLL_SECONDS, poll_tick, self);
}

void
_khoji_window_stop_polling (KhojiWindow *self)
{
  g_clear_handle_id (&self->poll_id, g_source_remove);
  if (self->poll_cancellable)
    g_cancellable_cancel (self->poll_cancellable);
  g_clear_object (&self->poll_cancellable);
  g_clear_pointer (&self->shown_stamp, g_free);
}

void
_khoji_window_lists_shown (KhojiWindow *self,
                           const char  *stamp)
{
  g_free (self->shown_stamp);
  self->shown_stamp = g_strdup (stamp);
  self->poll_fault = FALSE;
}

/* A correction made here and shown without reading the lists again (a
 * rename, a type, hiding): the stamp moved, and the next answer is the
 * new one to compare with. An answer already on its way may predate the
 * correction: it is dropped. */
void
_khoji_window_changed_in_place (KhojiWindow *self)
{
  if (self->poll_cancellable)
    {
      g_cancellable_cancel (self->poll_cancellable);
      g_clear_object (&self->poll_cancellable);
    }
  self->poll_rebaseline = TRUE;
}

void
_khoji_window_class_init_archive (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.retry-library", NULL, retry_library);
}
