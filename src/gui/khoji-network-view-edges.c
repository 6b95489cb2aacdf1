/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-network"

#include "config.h"

#include "khoji-library-network.h"
#include "khoji-network-edge.h"
#include "khoji-network-view-private.h"

/* The network view's articles of an edge: clicked (or Enter on a lit
 * edge), the articles the two entities share, read on the library's
 * thread, listed in a popover pointing at the edge's middle. */

#define MAX_LISTED_ARTICLES 100

static void
on_article_row_activated (GtkListBox    *box,
                          GtkListBoxRow *row,
                          gpointer       user_data)
{
  KhojiNetworkView *self = user_data;
  gint64 id = *(gint64 *) g_object_get_data (G_OBJECT (row), "article-id");

  gtk_popover_popdown (GTK_POPOVER (self->popover));
  _khoji_network_view_emit_article (self, id);
}

/* The edge between these two entities now, or -1: the network may have
 * been read again while its articles were. */
static int
find_edge_of (KhojiNetworkView *self,
              gint64            a,
              gint64            b)
{
  if (self->network == NULL)
    return -1;
  for (guint e = 0; e < self->network->edges->len; e++)
    {
      KhojiNetworkEdge *edge = &g_array_index (self->network->edges, KhojiNetworkEdge, e);

      if (_khoji_network_view_node_at (self, edge->source)->id == a && _khoji_network_view_node_at (self, edge->target)->id == b)
        return (int) e;
    }
  return -1;
}

static void
show_edge_articles (KhojiNetworkView    *self,
                    guint                e,
                    KhojiSharedArticles *shared)
{
  KhojiNetworkEdge *edge = &g_array_index (self->network->edges, KhojiNetworkEdge, e);
  GtkWidget *box, *list;
  double x0, y0, x1, y1;

  if (self->popover)
    gtk_widget_unparent (self->popover);
  self->popover = gtk_popover_new ();
  gtk_widget_set_parent (self->popover, GTK_WIDGET (self));
  box = khoji_network_articles_box_new (shared, _khoji_network_view_node_at (self, edge->source)->name,
                                        _khoji_network_view_node_at (self, edge->target)->name, &list);
  g_signal_connect (list, "row-activated", G_CALLBACK (on_article_row_activated), self);
  gtk_popover_set_child (GTK_POPOVER (self->popover), box);

  _khoji_network_view_to_screen (self, edge->source, &x0, &y0);
  _khoji_network_view_to_screen (self, edge->target, &x1, &y1);
  gtk_popover_set_pointing_to (GTK_POPOVER (self->popover),
                               &(GdkRectangle) { (int) ((x0 + x1) / 2), (int) ((y0 + y1) / 2), 1, 1 });
  gtk_popover_popup (GTK_POPOVER (self->popover));
}

typedef struct {
  GWeakRef self;
  gint64   a;
  gint64   b;
} EdgeRead;

static void
on_edge_articles_read (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  EdgeRead *read = user_data;
  g_autoptr(KhojiNetworkView) self = g_weak_ref_get (&read->self);
  g_autoptr(KhojiSharedArticles) shared = NULL;
  g_autoptr(GError) error = NULL;
  int e;

  shared = khoji_library_read_shared_articles_finish (KHOJI_LIBRARY (source), result, &error);
  if (self != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_clear_object (&self->edge_cancellable);
      if (shared == NULL)
        g_warning ("shared articles: %s", error->message);
      else if ((e = find_edge_of (self, read->a, read->b)) >= 0)
        show_edge_articles (self, (guint) e, shared);
    }
  g_weak_ref_clear (&read->self);
  g_free (read);
}

/* The articles of an edge in a popover, read on the library's thread: a
 * few hundred ids and up to MAX_LISTED_ARTICLES titles. */
void
khoji_network_view_activate_edge (KhojiNetworkView *self,
                                  guint             e)
{
  KhojiNetworkEdge *edge;
  EdgeRead *read;

  g_return_if_fail (KHOJI_IS_NETWORK_VIEW (self));
  if (self->network == NULL || e >= self->network->edges->len || self->library == NULL)
    return;
  edge = &g_array_index (self->network->edges, KhojiNetworkEdge, e);

  if (self->edge_cancellable != NULL)
    g_cancellable_cancel (self->edge_cancellable);
  g_clear_object (&self->edge_cancellable);
  self->edge_cancellable = g_cancellable_new ();
  read = g_new0 (EdgeRead, 1);
  g_weak_ref_init (&read->self, self);
  read->a = _khoji_network_view_node_at (self, edge->source)->id;
  read->b = _khoji_network_view_node_at (self, edge->target)->id;
  khoji_library_read_shared_articles_async (self->library, read->a, read->b, MAX_LISTED_ARTICLES,
                                            self->edge_cancellable, on_edge_articles_read, read);
}

gboolean
khoji_network_view_get_reading_edge (KhojiNetworkView *self)
{
  g_return_val_if_fail (KHOJI_IS_NETWORK_VIEW (self), FALSE);

  return self->edge_cancellable != NULL;
}
