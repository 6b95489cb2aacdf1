/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-network"

#include "config.h"

#include <glib/gi18n.h>

#include "khoji-network-edge.h"

GtkWidget *
khoji_network_articles_box_new (KhojiSharedArticles *shared,
                                const char          *source,
                                const char          *target,
                                GtkWidget          **list_out)
{
  g_autofree char *heading = NULL;
  GtkWidget *box, *list, *label, *scroller;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  /* Translators: the heading of the list of articles two entities share */
  heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u article names %s and %s",
                                          "%u articles name %s and %s", shared->n_total),
                             shared->n_total, source, target);
  label = gtk_label_new (heading);
  gtk_widget_add_css_class (label, "heading");
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
  gtk_box_append (GTK_BOX (box), label);
  list = gtk_list_box_new ();
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_set_activate_on_single_click (GTK_LIST_BOX (list), TRUE);
  for (guint i = 0; i < shared->articles->len; i++)
    {
      KhojiArticle *article = g_ptr_array_index (shared->articles, i);
      gint64 id = khoji_article_get_id (article);
      GtkWidget *row, *title;

      title = gtk_label_new (khoji_article_get_title (article));
      gtk_label_set_xalign (GTK_LABEL (title), 0);
      gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (GTK_LABEL (title), 50);
      gtk_widget_set_margin_start (title, 8);
      gtk_widget_set_margin_end (title, 8);
      gtk_widget_set_margin_top (title, 6);
      gtk_widget_set_margin_bottom (title, 6);
      row = gtk_list_box_row_new ();
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), title);
      g_object_set_data_full (G_OBJECT (row), "article-id", g_memdup2 (&id, sizeof id), g_free);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 320);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), list);
  gtk_box_append (GTK_BOX (box), scroller);
  *list_out = list;
  return box;
}
