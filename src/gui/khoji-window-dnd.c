/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-window"

#include "config.h"

#include <glib/gi18n.h>

#include "khoji-window-private.h"

/* Drag and drop: files and folders from a file manager, text from a
 * browser. The drop target sits on the main stack, so the empty page
 * takes drops as the library does. */

static gboolean
on_drop (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         KhojiWindow   *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->main_stack), "drop-highlight");

  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      GSList *list = gdk_file_list_get_files (g_value_get_boxed (value));
      g_autoptr(GPtrArray) files = g_ptr_array_new ();

      for (GSList *l = list; l != NULL; l = l->next)
        g_ptr_array_add (files, l->data);
      khoji_window_import_files (self, (GFile **) files->pdata, files->len);
      g_slist_free (list);
      return files->len > 0;
    }

  if (G_VALUE_HOLDS_STRING (value))
    {
      _khoji_window_import_text (self, g_value_get_string (value));
      return TRUE;
    }

  return FALSE;
}

static GdkDragAction
on_drop_enter (GtkDropTarget *target,
               double         x,
               double         y,
               KhojiWindow   *self)
{
  gtk_widget_add_css_class (GTK_WIDGET (self->main_stack), "drop-highlight");
  return GDK_ACTION_COPY;
}

static void
on_drop_leave (GtkDropTarget *target,
               KhojiWindow   *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->main_stack), "drop-highlight");
}

void
_khoji_window_init_dnd (KhojiWindow *self)
{
  static GType drop_types[2];

  /* Files first: a file manager offers both a file list and its URIs as
   * text, and the files are what the person meant. */
  drop_types[0] = GDK_TYPE_FILE_LIST;
  drop_types[1] = G_TYPE_STRING;
  self->drop_target = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (self->drop_target, drop_types, G_N_ELEMENTS (drop_types));
  g_signal_connect (self->drop_target, "drop", G_CALLBACK (on_drop), self);
  g_signal_connect (self->drop_target, "enter", G_CALLBACK (on_drop_enter), self);
  g_signal_connect (self->drop_target, "leave", G_CALLBACK (on_drop_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self->main_stack), GTK_EVENT_CONTROLLER (self->drop_target));
}
