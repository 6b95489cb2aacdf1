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

/* ---- Export ---- */

static void
on_export_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(KhojiWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (!khoji_library_export_file_finish (KHOJI_LIBRARY (source), result, &error))
    text = g_strdup_printf (_("Could not export: %s"), error->message);
  else
    {
      g_autofree char *name = self->last_export ? g_file_get_basename (self->last_export) : g_strdup ("");

      /* Translators: %s is the file the export was written to */
      text = g_strdup_printf (_("Exported to “%s”"), name);
    }
  g_debug ("export: %s", text);
  if (gtk_widget_in_destruction (GTK_WIDGET (self)))
    return;
  _khoji_window_show_toast (self, text);
}

static KhojiExportFormat
format_for (GtkFileChooser *chooser,
            GFile          *file)
{
  GtkFileFilter *filter = gtk_file_chooser_get_filter (chooser);
  g_autofree char *name = g_file_get_basename (file);

  if (filter != NULL && g_object_get_data (G_OBJECT (filter), "khoji-format") != NULL)
    return GPOINTER_TO_INT (g_object_get_data (G_OBJECT (filter), "khoji-format")) - 1;
  if (g_str_has_suffix (name, ".csv"))
    return KHOJI_EXPORT_CSV;
  if (g_str_has_suffix (name, ".ftm") || g_str_has_suffix (name, ".jsonl"))
    return KHOJI_EXPORT_FTM;
  return KHOJI_EXPORT_JSON;
}

static void
on_export_chooser_response (GtkNativeDialog *dialog,
                            int              response,
                            KhojiWindow     *self)
{
  if (response == GTK_RESPONSE_ACCEPT && self->library != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      GArray *ids = g_object_get_data (G_OBJECT (dialog), "khoji-articles");
      KhojiExportFormat format = format_for (GTK_FILE_CHOOSER (dialog), file);

      if (file != NULL)
        {
          khoji_library_export_file_async (self->library, format, ids, file, NULL, on_export_done,
                                           g_object_ref (self));
          g_set_object (&self->last_export, file);
        }
    }
  if (self->chooser == dialog)
    self->chooser = NULL;
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
add_export_filter (GtkFileChooser    *chooser,
                   const char        *name,
                   const char        *pattern,
                   KhojiExportFormat  format)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  gtk_file_filter_add_pattern (filter, pattern);
  g_object_set_data (G_OBJECT (filter), "khoji-format", GINT_TO_POINTER (format + 1));
  gtk_file_chooser_add_filter (chooser, filter);
}

static void
open_export_chooser (KhojiWindow *self,
                     GArray      *article_ids)
{
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (article_ids ? _("Export the Selected Articles") : _("Export the Library"),
                                         GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), _("_Cancel"));
  add_export_filter (GTK_FILE_CHOOSER (chooser),
                     article_ids ? _("JSON (the selected articles)") : _("JSON (the whole library)"), "*.json",
                     KHOJI_EXPORT_JSON);
  add_export_filter (GTK_FILE_CHOOSER (chooser), _("CSV (entities and dates)"), "*.csv", KHOJI_EXPORT_CSV);
  add_export_filter (GTK_FILE_CHOOSER (chooser), _("FollowTheMoney entities, for Aleph"), "*.ftm", KHOJI_EXPORT_FTM);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), article_ids ? "khoji-selection.json" : "khoji-library.json");
  if (article_ids != NULL)
    g_object_set_data_full (G_OBJECT (chooser), "khoji-articles", g_array_ref (article_ids),
                            (GDestroyNotify) g_array_unref);
  g_signal_connect (chooser, "response", G_CALLBACK (on_export_chooser_response), self);
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
export_library_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  open_export_chooser (KHOJI_WINDOW (widget), NULL);
}

/* The articles the selected entities narrow the list to, with their
 * entities, mentions and dates: JSON, CSV or FollowTheMoney. */
static void
export_selection_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  KhojiWindow *self = KHOJI_WINDOW (widget);

  if (self->selection_articles == NULL || self->selection_articles->len == 0)
    {
      _khoji_window_show_toast (self, _("Select entities first: their articles are exported"));
      return;
    }
  open_export_chooser (self, self->selection_articles);
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

guint
_khoji_window_get_n_undo (KhojiWindow *self)
{
  return self->undo_stack->len;
}

static void
on_undo_progress (guint       done,
                  guint       total,
                  const char *current_path,
                  gpointer    user_data)
{
  g_autoptr(KhojiWindow) self = g_weak_ref_get (user_data);
  g_autofree char *text = NULL;

  if (self == NULL || self->undoing_id == 0 || gtk_widget_in_destruction (GTK_WIDGET (self)))
    return;
  /* Translators: while an undo analyses again the articles imported under
   * the correction: “Undoing — article 3 of 10 analysed again” */
  text = g_strdup_printf (_("Undoing — article %u of %u analysed again"), done, total);
  _khoji_window_show_task_progress (self, text, total ? (double) done / total : 0.0);
}

static void
on_undo_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(KhojiWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gboolean ok = khoji_library_undo_correction_finish (KHOJI_LIBRARY (source), result, &error);
  guint id = self->undoing_id;

  self->undoing_id = 0;
  if (gtk_widget_in_destruction (GTK_WIDGET (self)))
    return;
  _khoji_window_end_task_progress (self);
  if (!ok)
    text = g_strdup_printf (_("Could not undo: %s"), error->message);
  else
    for (guint i = self->undo_stack->len; i-- > 0;)
      {
        KhojiUndoEntry *entry = g_ptr_array_index (self->undo_stack, i);

        if (entry->id != id)
          continue;
        /* Translators: %s is what was undone, e.g. “Renamed to “X”” */
        text = g_strdup_printf (_("Undone: %s"), entry->message);
        g_ptr_array_remove_index (self->undo_stack, i);
        break;
      }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo-correction", self->undo_stack->len > 0);
  if (text != NULL)
    _khoji_window_show_toast (self, text);
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
  g_autofree char *text = NULL;
  KhojiUndoEntry *entry;

  if (self->library == NULL || self->undoing_id != 0)
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

  /* The articles imported under the correction are analysed again on
   * the library's thread, its progress in the import bar: a large
   * library takes as long as their import did. */
  self->undoing_id = entry->id;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo-correction", FALSE);
  khoji_library_undo_correction_async (self->library, entry->n_corrections,
                                       on_undo_progress, _khoji_window_weak_ref_new (self), _khoji_window_weak_ref_free,
                                       NULL, on_undo_done, g_object_ref (self));
}

gboolean
_khoji_window_is_undoing (KhojiWindow *self)
{
  return self->undoing_id != 0;
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
  gtk_widget_class_install_action (widget_class, "win.export-library", NULL, export_library_action);
  gtk_widget_class_install_action (widget_class, "win.export-selection", NULL, export_selection_action);
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
