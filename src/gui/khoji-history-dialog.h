/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "khoji-library.h"

G_BEGIN_DECLS

#define KHOJI_TYPE_HISTORY_DIALOG (khoji_history_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KhojiHistoryDialog, khoji_history_dialog, KHOJI, HISTORY_DIALOG, AdwWindow)

/* An entity's corrections — what each changed, who made it and when —
 * newest first, read on the library's thread. */
GtkWidget  *khoji_history_dialog_new          (GtkWindow          *parent,
                                               KhojiLibrary       *library,
                                               KhojiEntity        *entity);
/* For the tests: whether they are still being read, and the text of
 * row N (its title and subtitle, a line apart), NULL past the end. */
gboolean    khoji_history_dialog_get_busy     (KhojiHistoryDialog *self);
char       *khoji_history_dialog_dup_row_text (KhojiHistoryDialog *self,
                                               guint               n);

G_END_DECLS
