/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* For the UI tests: the parts of the window they drive and inspect. */

#include "khoji-article-list.h"
#include "khoji-entity-panel.h"
#include "khoji-timeline.h"
#include "khoji-window.h"

G_BEGIN_DECLS

GtkDropTarget    *_khoji_window_get_drop_target (KhojiWindow *self);
KhojiEntityPanel *_khoji_window_get_entity_panel (KhojiWindow *self);
KhojiArticleList *_khoji_window_get_article_list (KhojiWindow *self);
KhojiTimeline    *_khoji_window_get_timeline     (KhojiWindow *self);
KhojiLibrary     *_khoji_window_get_library      (KhojiWindow *self);
gboolean          _khoji_window_is_importing     (KhojiWindow *self);
guint             _khoji_window_get_n_columns    (KhojiWindow *self);
/* The reading column of an open article, or NULL. */
GtkWidget        *_khoji_window_get_column       (KhojiWindow *self,
                                                  gint64       article_id);
/* The library is being read, or the timeline has yet to follow it. */
gboolean          _khoji_window_is_loading       (KhojiWindow *self);
/* Toasts shown or waiting to be shown. */
guint             _khoji_window_get_n_toasts     (KhojiWindow *self);
/* The visible page of the main stack: "empty", "library" or "error". */
const char       *_khoji_window_get_page         (KhojiWindow *self);

G_END_DECLS
