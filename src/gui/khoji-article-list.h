/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "khoji-library.h"

G_BEGIN_DECLS

#define KHOJI_TYPE_ARTICLE_LIST (khoji_article_list_get_type ())
G_DECLARE_FINAL_TYPE (KhojiArticleList, khoji_article_list, KHOJI, ARTICLE_LIST, GtkWidget)

void        khoji_article_list_set_library (KhojiArticleList *self,
                                            KhojiLibrary     *library);
/* The whole library's articles (of KhojiArticle), loaded by the caller;
 * kept to show again when a search is cleared. Ends the loading state.
 * Returns the array set before (or NULL), for the caller to let go where
 * it likes: freeing 100,000 articles takes a while. */
GPtrArray  *khoji_article_list_set_articles (KhojiArticleList *self,
                                             GPtrArray        *articles);
/* Sorts articles (of KhojiArticle) as the list shows them without a
 * search; no GTK, so a worker can do it before set_articles(). */
void        khoji_article_list_sort_articles (GPtrArray        *articles);
/* Before the first set_articles(): a spinner instead of an empty list. */
void        khoji_article_list_set_loading (KhojiArticleList *self,
                                            gboolean          loading);
gboolean    khoji_article_list_get_loading (KhojiArticleList *self);
/* A search is under way on the library's thread. */
gboolean    khoji_article_list_get_busy    (KhojiArticleList *self);
/* The pane's heading (“Articles · 5”, “3 Results”) and, when the list is
 * empty, the title of the page in its place. */
const char *khoji_article_list_get_heading (KhojiArticleList *self);
/* Focuses the list (its focused row, else the first), for Tab between panes. */
gboolean    khoji_article_list_focus       (KhojiArticleList *self);
const char *khoji_article_list_get_empty_title (KhojiArticleList *self);
/* Re-runs the search, or shows the articles last set again. */
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
