/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "khoji-library.h"

G_BEGIN_DECLS

#define KHOJI_TYPE_ENTITY_ROW (khoji_entity_row_get_type ())
G_DECLARE_FINAL_TYPE (KhojiEntityRow, khoji_entity_row, KHOJI, ENTITY_ROW, GtkWidget)

GtkWidget *khoji_entity_row_new        (void);
/* A row shows either one entity or a group header (“People · 14”). */
void       khoji_entity_row_set_entity (KhojiEntityRow *self,
                                        KhojiEntity    *entity);
void       khoji_entity_row_set_group  (KhojiEntityRow *self,
                                        const char     *title,
                                        guint           count);

G_END_DECLS
