/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-window"

#include "config.h"

#include <glib/gi18n.h>

#include "khoji-window-private.h"

/* The window's actions (win.*). Their keyboard shortcuts are set in
 * khoji-application.c and listed in ui/help-overlay.ui. */

static void
on_file_chooser_response (GtkNativeDialog *dialog,
                          int              response,
                          KhojiWindow     *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));
      g_autoptr(GPtrArray) array = g_ptr_array_new_with_free_func (g_object_unref);
      guint n = g_list_model_get_n_items (files);

      for (guint i = 0; i < n; i++)
        g_ptr_array_add (array, g_list_model_get_item (files, i));
      khoji_window_import_files (self, (GFile **) array->pdata, array->len);
    }

  if (self->chooser == dialog)
    self->chooser = NULL;
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KhojiWindow *self = KHOJI_WINDOW (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) articles = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  /* GtkFileDialog is GTK 4.10; the native chooser goes through the
   * portal inside a Flatpak on 4.8 too. */
  chooser = gtk_file_chooser_native_new (_("Import News Articles"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);

  gtk_file_filter_set_name (articles, _("News Articles"));
  gtk_file_filter_add_mime_type (articles, "text/plain");
  gtk_file_filter_add_mime_type (articles, "text/html");
  gtk_file_filter_add_suffix (articles, "txt");
  gtk_file_filter_add_suffix (articles, "html");
  gtk_file_filter_add_suffix (articles, "htm");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), articles);
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);

  g_signal_connect (chooser, "response", G_CALLBACK (on_file_chooser_response), self);
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* A folder: every article file in it and its subfolders is imported
 * (.txt, .html, .md, .pdf …, as khoji-cli import walks it). */
static void
import_folder_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  KhojiWindow *self = KHOJI_WINDOW (widget);
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Import a Folder of Articles"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Import"), _("_Cancel"));
  g_signal_connect (chooser, "response", G_CALLBACK (on_file_chooser_response), self);
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
import_samples_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  KhojiWindow *self = KHOJI_WINDOW (widget);
  g_autofree char *dir = khoji_application_dup_samples_dir ();
  g_autoptr(GFile) folder = g_file_new_for_path (dir);

  if (!g_file_query_exists (folder, NULL))
    {
      _khoji_window_show_toast (self, _("The sample articles are not installed"));
      return;
    }

  khoji_window_import_files (self, &folder, 1);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KhojiWindow *self = KHOJI_WINDOW (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
close_column_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  KhojiWindow *self = KHOJI_WINDOW (widget);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  GtkWidget *column = focus ? gtk_widget_get_ancestor (focus, KHOJI_TYPE_READING_COLUMN) : NULL;

  /* Without a focused column, Ctrl+W closes the newest one, as tabs do. */
  if (column == NULL)
    column = gtk_widget_get_last_child (GTK_WIDGET (self->columns_box));
  if (column != NULL)
    _khoji_window_close_column (self, KHOJI_READING_COLUMN (column));
}

void
_khoji_undo_entry_free (KhojiUndoEntry *entry)
{
  g_free (entry->message);
  g_free (entry);
}

void
_khoji_window_push_undo (KhojiWindow *self,
                         const char  *message,
                         guint        n_corrections,
                         guint       *out_id)
{
  KhojiUndoEntry *entry = g_new0 (KhojiUndoEntry, 1);

  entry->id = ++self->next_undo_id;
  entry->n_corrections = n_corrections;
  entry->message = g_strdup (message);
  g_ptr_array_add (self->undo_stack, entry);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo-correction", TRUE);
  *out_id = entry->id;
}

/* Undo takes back this window's newest correction, the one its toast
 * named, and only corrections made in this session: a correction from an
 * earlier one has no toast to say what it was, and undoing it unseen
 * (Ctrl+Z did) changes what the reader no longer remembers making. The
 * parameter is the toast's entry, or 0 for the newest (Ctrl+Z). */
static void
undo_correction_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  KhojiWindow *self = KHOJI_WINDOW (widget);
  guint id = parameter ? g_variant_get_uint32 (parameter) : 0;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  KhojiUndoEntry *entry;

  if (self->library == NULL)
    return;
  if (self->undo_stack->len == 0)
    {
      _khoji_window_show_toast (self, _("Nothing to undo"));
      return;
    }

  entry = g_ptr_array_index (self->undo_stack, self->undo_stack->len - 1);
  if (id != 0 && id != entry->id)
    {
      /* Translators: %s names the newer correction, e.g. “Renamed to “X”” */
      text = g_strdup_printf (_("Undo the newer correction first: %s"), entry->message);
      _khoji_window_show_toast (self, text);
      return;
    }

  for (guint i = 0; i < entry->n_corrections; i++)
    if (!khoji_library_undo_correction (self->library, &error))
      {
        text = g_strdup_printf (_("Could not undo: %s"), error->message);
        _khoji_window_show_toast (self, text);
        return;
      }

  /* Translators: %s is what was undone, e.g. “Renamed to “X”” */
  text = g_strdup_printf (_("Undone: %s"), entry->message);
  g_ptr_array_remove_index (self->undo_stack, self->undo_stack->len - 1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo-correction", self->undo_stack->len > 0);
  _khoji_window_show_toast (self, text);
}

static void
unhide_entity_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  KhojiWindow *self = KHOJI_WINDOW (widget);
  gint64 entity_id = g_variant_get_int64 (parameter);
  g_autoptr(GError) error = NULL;

  if (self->library == NULL)
    return;

  if (!khoji_library_set_entity_hidden (self->library, entity_id, FALSE, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Could not show the entity: %s"), error->message);

      _khoji_window_show_toast (self, text);
      return;
    }
  khoji_entity_panel_select_entity (self->entity_panel, entity_id);
}

static void
clear_filters_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  KhojiWindow *self = KHOJI_WINDOW (widget);

  khoji_entity_panel_unselect_all (self->entity_panel);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KhojiWindow *self = KHOJI_WINDOW (widget);

  if (g_str_equal (action_name, "win.zoom-in"))
    khoji_timeline_zoom_in (self->timeline);
  else if (g_str_equal (action_name, "win.zoom-out"))
    khoji_timeline_zoom_out (self->timeline);
  else
    khoji_timeline_zoom_fit (self->timeline);
}


static void
show_rejected_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  _khoji_window_show_rejected (KHOJI_WINDOW (widget));
}

static void
cancel_import_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  _khoji_window_cancel_import (KHOJI_WINDOW (widget));
}

void
_khoji_window_class_init_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.import-folder", NULL, import_folder_action);
  gtk_widget_class_install_action (widget_class, "win.import-samples", NULL, import_samples_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-import", NULL, cancel_import_action);
  gtk_widget_class_install_action (widget_class, "win.show-rejected", NULL, show_rejected_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.close-column", NULL, close_column_action);
  gtk_widget_class_install_action (widget_class, "win.undo-correction", "u", undo_correction_action);
  gtk_widget_class_install_action (widget_class, "win.clear-filters", NULL, clear_filters_action);
  gtk_widget_class_install_action (widget_class, "win.unhide-entity", "x", unhide_entity_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-fit", NULL, zoom_action);
}
