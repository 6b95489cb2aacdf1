/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "khoji-library.h"

G_BEGIN_DECLS

#define KHOJI_TYPE_MERGE_DIALOG (khoji_merge_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KhojiMergeDialog, khoji_merge_dialog, KHOJI, MERGE_DIALOG, AdwMessageDialog)

/* Asks which entity the sources (of KhojiEntity) are the same as, among
 * candidates (of KhojiEntity, in the order to list them); "merge" is its
 * response, enabled once a target is chosen. */
GtkWidget   *khoji_merge_dialog_new          (GtkWindow        *parent,
                                              GPtrArray        *sources,
                                              GListModel       *candidates);
GPtrArray   *khoji_merge_dialog_get_sources  (KhojiMergeDialog *self);
/* The chosen target, or NULL. */
KhojiEntity *khoji_merge_dialog_get_target   (KhojiMergeDialog *self);
/* The entry that narrows the candidates (for the tests). */
GtkWidget   *khoji_merge_dialog_get_search_entry (KhojiMergeDialog *self);

/* A target the dialog proposes: a candidate of the sources' type whose
 * name is each source's spelled another way, or for people its full form
 * (“पुतिन”, “व्लादिमीर पुतिन”); the most mentioned such, or NULL. A wrong
 * merge is hard to see, so nothing less is proposed. */
KhojiEntity *khoji_merge_dialog_propose_target (GPtrArray  *sources,
                                                GListModel *candidates);

G_END_DECLS
