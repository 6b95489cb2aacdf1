/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "khoji-library.h"

G_BEGIN_DECLS

#define KHOJI_TYPE_MENTIONS_DIALOG (khoji_mentions_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KhojiMentionsDialog, khoji_mentions_dialog, KHOJI, MENTIONS_DIALOG, AdwWindow)

/* Every mention of an entity — its sentence, article and date — read on
 * the library's thread; activating one emits "mention-activated"
 * (article id, start, end in code points). */
GtkWidget *khoji_mentions_dialog_new          (GtkWindow           *parent,
                                               KhojiLibrary        *library,
                                               KhojiEntity         *entity);
/* For the tests: the mentions listed (0 while they are read), and
 * whether they are still being read. */
guint      khoji_mentions_dialog_get_n_mentions (KhojiMentionsDialog *self);
gboolean   khoji_mentions_dialog_get_busy     (KhojiMentionsDialog *self);
void       khoji_mentions_dialog_activate     (KhojiMentionsDialog *self,
                                               guint                position);

G_END_DECLS
