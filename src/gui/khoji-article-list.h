/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "khoji-library.h"

G_BEGIN_DECLS

#define KHOJI_TYPE_ARTICLE_LIST (khoji_article_list_get_type ())
G_DECLARE_FINAL_TYPE (KhojiArticleList, khoji_article_list, KHOJI, ARTICLE_LIST, GtkWidget)

void        khoji_article_list_set_library (KhojiArticleList *self,
                                            KhojiLibrary     *library);
/* Re-reads the articles (or re-runs the search). */
void        khoji_article_list_reload      (KhojiArticleList *self);
/* NULL or "" lists every article; otherwise the FTS results, best first. */
void        khoji_article_list_set_query   (KhojiArticleList *self,
                                            const char       *query);
/* Only articles whose id is in ids (of gint64); NULL shows all. */
void        khoji_article_list_set_filter  (KhojiArticleList *self,
                                            GArray           *ids);
/* What the list shows, after search, filter and sort. */
GListModel *khoji_article_list_get_model   (KhojiArticleList *self);

G_END_DECLS
