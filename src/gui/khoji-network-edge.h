/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "khoji-library-reader.h"

G_BEGIN_DECLS

/* What the network view's popover shows for an edge: a heading naming
 * the two entities and how many articles name both, and the titles of
 * the articles read (rows whose "article-id" data is the article's id),
 * scrolled. The list box is returned in `list_out` for its
 * row-activated signal. */
GtkWidget *khoji_network_articles_box_new (KhojiSharedArticles *shared,
                                           const char          *source,
                                           const char          *target,
                                           GtkWidget          **list_out);

G_END_DECLS
