/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "khoji-library.h"

G_BEGIN_DECLS

#define KHOJI_TYPE_RENAME_DIALOG (khoji_rename_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KhojiRenameDialog, khoji_rename_dialog, KHOJI, RENAME_DIALOG, AdwMessageDialog)

/* Asks for an entity's new name; "rename" is its response. */
GtkWidget   *khoji_rename_dialog_new      (GtkWindow         *parent,
                                           KhojiEntity       *entity);
KhojiEntity *khoji_rename_dialog_get_entity (KhojiRenameDialog *self);
/* The name typed, stripped; "" when none. */
char        *khoji_rename_dialog_dup_name (KhojiRenameDialog *self);

G_END_DECLS
