/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-entity-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "khoji-rename-dialog.h"

struct _KhojiRenameDialog
{
  AdwMessageDialog  parent_instance;

  KhojiEntity      *entity;
  GtkEntry         *entry;
};

G_DEFINE_FINAL_TYPE (KhojiRenameDialog, khoji_rename_dialog, ADW_TYPE_MESSAGE_DIALOG)

char *
khoji_rename_dialog_dup_name (KhojiRenameDialog *self)
{
  g_return_val_if_fail (KHOJI_IS_RENAME_DIALOG (self), NULL);

  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->entry))));
}

KhojiEntity *
khoji_rename_dialog_get_entity (KhojiRenameDialog *self)
{
  g_return_val_if_fail (KHOJI_IS_RENAME_DIALOG (self), NULL);

  return self->entity;
}

/* Rename only to a name, and to another one. */
static void
on_entry_changed (GtkEditable       *entry,
                  KhojiRenameDialog *self)
{
  g_autofree char *name = khoji_rename_dialog_dup_name (self);

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "rename",
                                           *name != '\0' &&
                                           g_strcmp0 (name, khoji_entity_get_name (self->entity)) != 0);
}

static void
on_entry_activate (GtkEntry          *entry,
                   KhojiRenameDialog *self)
{
  /* Only a click on a response button closes the dialog by itself. */
  if (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (self), "rename"))
    {
      adw_message_dialog_response (ADW_MESSAGE_DIALOG (self), "rename");
      gtk_window_destroy (GTK_WINDOW (self));
    }
}

static void
khoji_rename_dialog_dispose (GObject *object)
{
  KhojiRenameDialog *self = KHOJI_RENAME_DIALOG (object);

  g_clear_object (&self->entity);
  G_OBJECT_CLASS (khoji_rename_dialog_parent_class)->dispose (object);
}

static void
khoji_rename_dialog_class_init (KhojiRenameDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = khoji_rename_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/khoji-rename-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KhojiRenameDialog, entry);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activate);
}

static void
khoji_rename_dialog_init (KhojiRenameDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
khoji_rename_dialog_new (GtkWindow   *parent,
                         KhojiEntity *entity)
{
  KhojiRenameDialog *self;

  g_return_val_if_fail (KHOJI_IS_ENTITY (entity), NULL);

  self = g_object_new (KHOJI_TYPE_RENAME_DIALOG, "transient-for", parent, NULL);
  self->entity = g_object_ref (entity);
  gtk_editable_set_text (GTK_EDITABLE (self->entry), khoji_entity_get_name (entity));
  /* The name as it is, ready to be typed over. */
  gtk_editable_select_region (GTK_EDITABLE (self->entry), 0, -1);
  on_entry_changed (GTK_EDITABLE (self->entry), self);
  return GTK_WIDGET (self);
}
