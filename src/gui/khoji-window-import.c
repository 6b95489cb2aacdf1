/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-window"

#include "config.h"

#include <glib/gi18n.h>

#include "khoji-window-private.h"

/* ---- Toasts ---- */

static void
on_toast_dismissed (AdwToast    *toast,
                    KhojiWindow *self)
{
  g_ptr_array_remove (self->toasts, toast);
}

/* Toasts are tracked so that tests can wait for them to go. */
void
_khoji_window_add_toast (KhojiWindow *self,
                         AdwToast    *toast)
{
  g_ptr_array_add (self->toasts, g_object_ref (toast));
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (on_toast_dismissed), self, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* A toast's title is markup: a name or a URI with "&" or "<" in it is
 * text (an archive's URI always has an "&"). */
AdwToast *
_khoji_toast_new_text (const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  return adw_toast_new (escaped);
}

void
_khoji_window_show_toast (KhojiWindow *self,
                          const char  *title)
{
  AdwToast *toast = _khoji_toast_new_text (title);

  _khoji_window_add_toast (self, toast);
}

/* ---- The import queue ----
 *
 * Files dropped or chosen while an import runs wait their turn; each
 * import ends with a toast of its results, the rejected files one click
 * away. */

GWeakRef *
_khoji_window_weak_ref_new (KhojiWindow *self)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, self);
  return ref;
}

void
_khoji_window_weak_ref_free (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

static void
on_import_progress (guint       done,
                    guint       total,
                    const char *current_path,
                    gpointer    user_data)
{
  g_autoptr(KhojiWindow) self = g_weak_ref_get (user_data);
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;

  /* A closed window may still be referenced until its import returns. */
  if (self == NULL || self->library == NULL)
    return;

  name = current_path ? g_path_get_basename (current_path) : g_strdup ("");
  /* Translators: import progress: “Importing 3 of 10 — file.txt” */
  text = g_strdup_printf (_("Importing %u of %u — %s"), MIN (done + 1, total), total, name);
  gtk_label_set_text (self->import_label, text);
  gtk_progress_bar_set_fraction (self->import_progress, total ? (double) done / total : 0.0);

  /* Each article is committed on its own, so a long import can show what
   * it has so far; not too often, a reload of a large library costs. */
  if (g_get_monotonic_time () - self->last_import_reload > 3 * G_USEC_PER_SEC)
    {
      self->last_import_reload = g_get_monotonic_time ();
      _khoji_window_reload_all (self);
      /* The final reload fits the timeline to everything imported. */
      self->fit_after_load = TRUE;
    }
}

static void
show_rejected (KhojiWindow *self,
               GPtrArray   *results)
{
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *body_text = NULL;
  guint n_rejected = 0, n_unreachable = 0;
  GtkWidget *dialog, *scroller, *label;

  for (guint i = 0; i < results->len; i++)
    {
      KhojiImportResult *result = g_ptr_array_index (results, i);
      g_autofree char *name = NULL;
      g_autofree char *escaped_name = NULL;
      g_autofree char *escaped_reason = NULL;

      if (result->status != KHOJI_IMPORT_REJECTED)
        continue;
      n_rejected++;
      if (result->unreachable)
        n_unreachable++;
      name = result->path ? g_path_get_basename (result->path) : g_strdup (_("Dropped text"));
      escaped_name = g_markup_escape_text (name, -1);
      escaped_reason = g_markup_escape_text (result->message ? result->message : _("Unknown reason"), -1);
      g_string_append_printf (body, "%s<b>%s</b>\n%s", body->len ? "\n\n" : "", escaped_name, escaped_reason);
    }

  label = gtk_label_new (NULL);
  gtk_label_set_markup (GTK_LABEL (label), body->str);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), label);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 360);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  /* A scrollbar that stays: with overlay scrollbars a fourth file below
   * the fold gave no sign it was there. */
  gtk_scrolled_window_set_overlay_scrolling (GTK_SCROLLED_WINDOW (scroller), FALSE);
  gtk_scrolled_window_set_has_frame (GTK_SCROLLED_WINDOW (scroller), TRUE);

  /* A file the archive did not take because it could not be reached is
   * no bad file: said apart. */
  if (n_unreachable == n_rejected)
    body_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "This file was not saved: the shared archive could not be reached. Import it again once it can be.",
                                              "These %u files were not saved: the shared archive could not be reached. Import them again once it can be.",
                                              n_rejected),
                                 n_rejected);
  else if (n_unreachable > 0)
    body_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "This file was not imported.",
                                              "These %u files were not imported.", n_rejected),
                                 n_rejected);
  else
    body_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "This file could not be read as a news article.",
                                              "These %u files could not be read as news articles.", n_rejected),
                                 n_rejected);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Files Not Imported"), body_text);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scroller);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_khoji_window_show_rejected (KhojiWindow *self)
{
  if (self->last_import_results != NULL)
    show_rejected (self, self->last_import_results);
}

static void
report_import (KhojiWindow *self,
               GPtrArray   *results,
               gboolean     cancelled)
{
  guint imported = 0, duplicates = 0, rejected = 0;
  g_autofree char *a = NULL, *b = NULL, *c = NULL, *title = NULL;
  AdwToast *toast;
  gboolean unreachable = FALSE;

  for (guint i = 0; results != NULL && i < results->len; i++)
    {
      KhojiImportResult *result = g_ptr_array_index (results, i);

      switch (result->status)
        {
        case KHOJI_IMPORT_IMPORTED:
          imported++;
          break;
        case KHOJI_IMPORT_DUPLICATE:
          duplicates++;
          break;
        case KHOJI_IMPORT_REJECTED:
        default:
          rejected++;
          unreachable |= result->unreachable;
          break;
        }
    }
  /* The archive went away during the import: the bar says so, as when
   * a poll finds it gone, and is lowered by the poll that finds it back. */
  if (unreachable && !_khoji_window_fault_shown (self))
    {
      g_autoptr(GError) gone = g_error_new_literal (KHOJI_LIBRARY_ERROR, KHOJI_LIBRARY_ERROR_UNREACHABLE,
                                                    _("The shared archive cannot be reached: its server is not running, or this computer is not connected to its network. Nothing was lost."));

      _khoji_window_show_fault (self, gone);
      self->poll_fault = TRUE;
    }

  a = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u imported", "%u imported", imported), imported);
  b = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u duplicate", "%u duplicates", duplicates), duplicates);
  c = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u rejected", "%u rejected", rejected), rejected);
  /* Translators: the three parts are “N imported”, “M duplicates”, “K rejected” */
  title = g_strdup_printf (cancelled ? _("Import cancelled: %s, %s, %s") : _("%s, %s, %s"), a, b, c);

  toast = _khoji_toast_new_text (title);
  adw_toast_set_timeout (toast, rejected > 0 ? 10 : 5);
  if (rejected > 0)
    {
      g_clear_pointer (&self->last_import_results, g_ptr_array_unref);
      self->last_import_results = g_ptr_array_ref (results);
      adw_toast_set_button_label (toast, _("_Details"));
      adw_toast_set_action_name (toast, "win.show-rejected");
    }
  _khoji_window_add_toast (self, toast);
}

static void finish_import_bar (KhojiWindow *self,
                               guint        n_files);

static void
on_import_finished (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(KhojiWindow) self = user_data;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  gboolean cancelled;

  results = khoji_library_import_finish (KHOJI_LIBRARY (source), result, &error);
  cancelled = g_cancellable_is_cancelled (self->import_cancellable);
  g_clear_object (&self->import_cancellable);
  self->importing = FALSE;

  /* The window may be closing; then there is no one to tell. */
  if (gtk_widget_in_destruction (GTK_WIDGET (self)) || self->library == NULL)
    return;

  if (results == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* What was imported before Cancel stays, and is already shown. */
      _khoji_window_show_toast (self, _("Import cancelled"));
    }
  else if (results == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Could not import: %s"), error->message);

      _khoji_window_show_toast (self, text);
      /* The archive is gone: the bar says so until a poll finds it back. */
      if (_khoji_window_error_is_fault (error) && !_khoji_window_fault_shown (self))
        {
          _khoji_window_show_fault (self, error);
          self->poll_fault = TRUE;
        }
    }
  else
    {
      report_import (self, results, cancelled);
    }

  if (cancelled)
    g_ptr_array_set_size (self->pending_imports, 0);

  if (self->pending_imports->len > 0)
    _khoji_window_start_next_import (self);
  else
    {
      finish_import_bar (self, results != NULL && !cancelled ? results->len : 0);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-import", FALSE);
    }
}

/* The import bar stays up at least this long, so that an import that
 * is over in a moment is still seen to have happened and how it went. */
#define IMPORT_BAR_MIN_USEC (2 * G_USEC_PER_SEC)

static gboolean
hide_import_bar (gpointer data)
{
  KhojiWindow *self = data;

  self->import_bar_hide_id = 0;
  gtk_revealer_set_reveal_child (self->import_revealer, FALSE);
  return G_SOURCE_REMOVE;
}

static void
finish_import_bar (KhojiWindow *self,
                   guint        n_files)
{
  gint64 shown = g_get_monotonic_time () - self->import_bar_shown;

  if (n_files > 0)
    {
      g_autofree char *text = NULL;

      /* Translators: the import bar when an import is over: “Done: 5 of 5 files” */
      text = g_strdup_printf (_("Done: %u of %u files"), n_files, n_files);
      gtk_label_set_text (self->import_label, text);
      gtk_progress_bar_set_fraction (self->import_progress, 1.0);
    }
  g_clear_handle_id (&self->import_bar_hide_id, g_source_remove);
  if (shown >= IMPORT_BAR_MIN_USEC)
    hide_import_bar (self);
  else
    self->import_bar_hide_id = g_timeout_add ((IMPORT_BAR_MIN_USEC - shown) / 1000, hide_import_bar, self);
}

void
_khoji_window_show_task_progress (KhojiWindow *self,
                                  const char  *text,
                                  double       fraction)
{
  if (self->importing)
    return;
  gtk_label_set_text (self->import_label, text);
  gtk_progress_bar_set_fraction (self->import_progress, fraction);
  if (self->import_bar_hide_id == 0 && !gtk_revealer_get_reveal_child (self->import_revealer))
    self->import_bar_shown = g_get_monotonic_time ();
  g_clear_handle_id (&self->import_bar_hide_id, g_source_remove);
  gtk_revealer_set_reveal_child (self->import_revealer, TRUE);
}

void
_khoji_window_end_task_progress (KhojiWindow *self)
{
  if (self->importing || !gtk_revealer_get_reveal_child (self->import_revealer))
    return;
  gtk_progress_bar_set_fraction (self->import_progress, 1.0);
  finish_import_bar (self, 0);
}

gboolean
_khoji_window_import_bar_shown (KhojiWindow *self)
{
  /* Shown until its folding has ended: it takes room until then. */
  return gtk_revealer_get_reveal_child (self->import_revealer) ||
         gtk_revealer_get_child_revealed (self->import_revealer);
}

const char *
_khoji_window_get_import_text (KhojiWindow *self)
{
  return gtk_label_get_text (self->import_label);
}

GtkLabel *
_khoji_window_get_import_label (KhojiWindow *self)
{
  return self->import_label;
}

void
_khoji_window_start_next_import (KhojiWindow *self)
{
  g_autoptr(GPtrArray) files = NULL;

  if (self->importing || self->pending_imports->len == 0 || self->library == NULL)
    return;

  files = g_steal_pointer (&self->pending_imports);
  self->pending_imports = g_ptr_array_new_with_free_func (g_object_unref);

  self->importing = TRUE;
  self->fit_after_load = TRUE;
  self->last_import_reload = g_get_monotonic_time ();
  self->import_cancellable = g_cancellable_new ();
  gtk_label_set_text (self->import_label, _("Preparing import…"));
  gtk_progress_bar_set_fraction (self->import_progress, 0.0);
  if (self->import_bar_hide_id == 0 && !gtk_revealer_get_reveal_child (self->import_revealer))
    self->import_bar_shown = g_get_monotonic_time ();
  g_clear_handle_id (&self->import_bar_hide_id, g_source_remove);
  gtk_revealer_set_reveal_child (self->import_revealer, TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-import", TRUE);

  khoji_library_import_async (self->library,
                              (GFile **) files->pdata, files->len,
                              NULL,
                              on_import_progress, _khoji_window_weak_ref_new (self), _khoji_window_weak_ref_free,
                              self->import_cancellable,
                              on_import_finished, g_object_ref (self));
}

void
khoji_window_import_files (KhojiWindow  *self,
                           GFile       **files,
                           guint         n_files)
{
  g_return_if_fail (KHOJI_IS_WINDOW (self));

  /* Dropped while the library is brought up to date: imported once it is. */
  if (n_files == 0 || (self->library == NULL && self->upgrade_cancellable == NULL))
    return;

  /* A drop during an import waits its turn rather than racing it. */
  for (guint i = 0; i < n_files; i++)
    g_ptr_array_add (self->pending_imports, g_object_ref (files[i]));

  _khoji_window_start_next_import (self);
}

void
_khoji_window_import_text (KhojiWindow *self,
                           const char  *text)
{
  KhojiImportResult *result;
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) khoji_import_result_free);

  if (self->library == NULL || text == NULL || *text == '\0')
    return;

  self->fit_after_load = TRUE;
  result = khoji_library_import_text (self->library, text, NULL);
  if (result == NULL)
    return;
  g_ptr_array_add (results, result);
  report_import (self, results, FALSE);

  if (result->status == KHOJI_IMPORT_IMPORTED && result->article_id > 0)
    khoji_window_open_article (self, result->article_id);
}

void
_khoji_window_cancel_import (KhojiWindow *self)
{
  if (self->import_cancellable != NULL)
    {
      g_cancellable_cancel (self->import_cancellable);
      gtk_label_set_text (self->import_label, _("Cancelling…"));
    }
}
