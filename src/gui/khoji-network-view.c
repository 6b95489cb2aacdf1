/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-network"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "khoji-library-network.h"
#include "khoji-library-reader.h"
#include "khoji-network-edge.h"
#include "khoji-network-layout.h"
#include "khoji-network-picture.h"
#include "khoji-network-view-private.h"

/* The network view. The graph comes from the library's thread
 * (khoji_library_network_async); its layout (Fruchterman–Reingold, with
 * the shared articles as spring strengths) is computed on a thread of
 * its own, from a deterministic spiral with the strongest node in the
 * middle: the first picture is that spiral, at once, and each batch of
 * iterations the thread publishes is picked up by a tick callback until
 * the layout has settled (khoji-network-layout.c). The edges and discs
 * are drawn into a picture that a pan moves and zoom steps scale (drawn
 * sharp on a worker once they stop), the hovered edge over it, and Pango
 * layouts are the labels. */

#define MIN_ZOOM 0.2
#define MAX_ZOOM 12.0
#define MARGIN 28.0
#define STRETCH 4.0
#define BAND KHOJI_NETWORK_BAND
#define ZOOM_SETTLE 150 /* ms after the last zoom step before the picture is drawn sharp */
#define PAN_AHEAD (BAND * 5 / 8) /* room left on a side a pan heads to when the next picture is asked for */


/* ---- The widget ---- */

G_DEFINE_FINAL_TYPE (KhojiNetworkView, khoji_network_view, GTK_TYPE_WIDGET)

enum {
  ENTITY_ACTIVATED,
  ARTICLE_ACTIVATED,
  LOADED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

KhojiNetworkNode *
_khoji_network_view_node_at (KhojiNetworkView *self,
                             guint             i)
{
  return &g_array_index (self->network->nodes, KhojiNetworkNode, i);
}

static guint
n_nodes (KhojiNetworkView *self)
{
  return self->network ? self->network->nodes->len : 0;
}

static void
get_color (KhojiNetworkView *self,
           const char       *name,
           GdkRGBA          *color)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));

  /* GTK 4.8 has no gtk_widget_get_color(); the style context knows the
   * theme's named colours, which follow dark mode and high contrast. */
  if (name == NULL || !gtk_style_context_lookup_color (context, name, color))
    gtk_style_context_get_color (context, color);
}

static void
type_color (KhojiNetworkView *self,
            KhojiEntityType   type,
            GdkRGBA          *color)
{
  static const char *names[] = { "khoji_person_color", "khoji_place_color", "khoji_organization_color" };

  get_color (self, names[MIN ((guint) type, 2)], color);
  /* The tints are made to lie under text; a node is a solid disc. */
  color->alpha = 0.92f;
}

static double
node_radius (KhojiNetworkView *self,
             guint             i)
{
  double share = self->max_articles ? (double) _khoji_network_view_node_at (self, i)->n_articles / self->max_articles : 0;
  /* Smaller discs in a low pane, so that they do not cover each other. */
  double room = CLAMP (gtk_widget_get_height (GTK_WIDGET (self)) / 360.0, 0.55, 1.0);

  return (4.0 + 12.0 * sqrt (share)) * room;
}

void
_khoji_network_view_to_screen (KhojiNetworkView *self,
                               guint             i,
                               double           *x,
                               double           *y)
{
  *x = self->pos[2 * i] * self->scale * self->stretch_x + self->offset_x;
  *y = self->pos[2 * i + 1] * self->scale * self->stretch_y + self->offset_y;
}

static void
fit (KhojiNetworkView *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  double min_x = G_MAXDOUBLE, min_y = G_MAXDOUBLE, max_x = -G_MAXDOUBLE, max_y = -G_MAXDOUBLE;
  guint n = n_nodes (self);

  if (n == 0 || width <= 0 || height <= 0)
    return;
  for (guint i = 0; i < n; i++)
    {
      min_x = MIN (min_x, self->pos[2 * i]);
      max_x = MAX (max_x, self->pos[2 * i]);
      min_y = MIN (min_y, self->pos[2 * i + 1]);
      max_y = MAX (max_y, self->pos[2 * i + 1]);
    }
  {
    double margin_x = MIN (MARGIN * 2, width * 0.12), margin_y = MIN (MARGIN, height * 0.15);
    double sx = MAX (width - 2 * margin_x, 10) / MAX (max_x - min_x, 1e-3);
    double sy = MAX (height - 2 * margin_y, 10) / MAX (max_y - min_y, 1e-3);

    self->fit_scale = MIN (sx, sy);
    self->stretch_x = MIN (sx / self->fit_scale, STRETCH);
    self->stretch_y = MIN (sy / self->fit_scale, STRETCH);
  }
  self->scale = self->fit_scale;
  self->offset_x = width / 2.0 - (min_x + max_x) / 2.0 * self->scale * self->stretch_x;
  self->offset_y = height / 2.0 - (min_y + max_y) / 2.0 * self->scale * self->stretch_y;
}

static void
update_accessible (KhojiNetworkView *self)
{
  g_autofree char *description = NULL;

  if (self->focus_node >= 0 && (guint) self->focus_node < n_nodes (self))
    {
      KhojiNetworkNode *n = _khoji_network_view_node_at (self, self->focus_node);
      guint degree = 0;

      for (guint e = 0; e < self->network->edges->len; e++)
        {
          KhojiNetworkEdge *edge = &g_array_index (self->network->edges, KhojiNetworkEdge, e);
          degree += edge->source == (guint) self->focus_node || edge->target == (guint) self->focus_node;
        }
      /* Translators: a node of the network view: name, Latin name, counts */
      description = g_strdup_printf (_("%s (%s): %u articles, shares articles with %u others"),
                                     n->name, n->latin, n->n_articles, degree);
    }
  else
    description = g_strdup_printf (_("%u entities, %u connections"), n_nodes (self),
                                   self->network ? self->network->edges->len : 0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
}

/* ---- Loading ---- */

static void
stop_layout (KhojiNetworkView *self)
{
  if (self->layout)
    {
      g_atomic_int_set (&self->layout->cancelled, 1);
      g_clear_pointer (&self->layout, khoji_network_layout_unref);
    }
  if (self->tick_id)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
}

static gboolean
on_tick (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       data)
{
  KhojiNetworkView *self = KHOJI_NETWORK_VIEW (widget);
  gboolean done;

  if (self->layout == NULL)
    {
      self->tick_id = 0;
      return G_SOURCE_REMOVE;
    }
  g_mutex_lock (&self->layout->lock);
  if (self->layout->generation != self->seen_generation)
    {
      memcpy (self->pos, self->layout->published, sizeof (float) * 2 * self->layout->n);
      self->seen_generation = self->layout->generation;
      self->serial++;
      if (!self->user_moved)
        fit (self);
      gtk_widget_queue_draw (widget);
    }
  done = self->layout->done && self->layout->generation == self->seen_generation;
  g_mutex_unlock (&self->layout->lock);
  if (done)
    {
      self->settled = TRUE;
      g_clear_pointer (&self->layout, khoji_network_layout_unref);
      self->tick_id = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
start_layout (KhojiNetworkView *self)
{
  guint n = n_nodes (self);
  KhojiNetworkLayout *l;

  stop_layout (self);
  g_free (self->pos);
  self->pos = g_new0 (float, 2 * MAX (n, 1));
  khoji_network_layout_spiral (self->pos, n);
  self->serial++;
  self->settled = FALSE;
  self->seen_generation = 0;

  l = khoji_network_layout_new (self->network, self->max_weight, self->pos);
  self->layout = l;
  g_thread_unref (g_thread_new ("khoji-network-layout", khoji_network_layout_run, khoji_network_layout_ref (l)));
  self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), on_tick, NULL, NULL);
}

static void
set_network (KhojiNetworkView *self,
             KhojiNetwork     *network)
{
  g_clear_pointer (&self->network, khoji_network_free);
  self->network = network;
  self->max_articles = 0;
  self->max_weight = 0;
  for (guint i = 0; i < n_nodes (self); i++)
    self->max_articles = MAX (self->max_articles, _khoji_network_view_node_at (self, i)->n_articles);
  for (guint e = 0; e < network->edges->len; e++)
    self->max_weight = MAX (self->max_weight, g_array_index (network->edges, KhojiNetworkEdge, e).weight);
  self->hover_node = self->hover_edge = -1;
  self->focus_node = n_nodes (self) > 0 ? 0 : -1;
  self->user_moved = FALSE;
  g_ptr_array_set_size (self->labels, 0);
  g_ptr_array_set_size (self->labels, n_nodes (self));
  self->serial++;
  khoji_network_drawn_edges (self->network, self->drawn);
  start_layout (self);
  fit (self);
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_network_read (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(KhojiNetworkView) self = user_data;
  g_autoptr(GError) error = NULL;
  KhojiNetwork *network = khoji_library_network_finish (KHOJI_LIBRARY (source), result, &error);

  if (network == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("network: %s", error->message);
      return;
    }
  self->loading = FALSE;
  set_network (self, network);
  g_signal_emit (self, signals[LOADED], 0);
}

void
khoji_network_view_reload (KhojiNetworkView *self)
{
  g_return_if_fail (KHOJI_IS_NETWORK_VIEW (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->library == NULL)
    return;
  self->cancellable = g_cancellable_new ();
  self->loading = TRUE;
  /* Nothing selected and the window's list known: the graph among its
   * top entities, which spares the library a walk over every entity
   * (the first picture at 100,000 articles). */
  if (self->selection->len == 0 && self->ranked->len > 0)
    khoji_library_network_among_async (self->library, (const gint64 *) self->ranked->data,
                                       MIN (self->limit, self->ranked->len), self->cancellable,
                                       on_network_read, g_object_ref (self));
  else
    khoji_library_network_async (self->library, (const gint64 *) self->selection->data, self->selection->len,
                                 self->limit, self->cancellable, on_network_read, g_object_ref (self));
}

gboolean
khoji_network_view_set_ranked (KhojiNetworkView *self,
                               GArray           *ids)
{
  guint before, after;

  g_return_val_if_fail (KHOJI_IS_NETWORK_VIEW (self), FALSE);

  before = MIN (self->limit, self->ranked->len);
  after = ids ? MIN (self->limit, ids->len) : 0;
  if (before == after &&
      (after == 0 || memcmp (self->ranked->data, ids->data, sizeof (gint64) * after) == 0))
    {
      /* The same top: keep the rest for a larger limit. */
      g_array_set_size (self->ranked, 0);
      if (ids && ids->len)
        g_array_append_vals (self->ranked, ids->data, ids->len);
      return FALSE;
    }
  g_array_set_size (self->ranked, 0);
  if (ids && ids->len)
    g_array_append_vals (self->ranked, ids->data, ids->len);
  return self->selection->len == 0;
}

/* ---- Drawing ---- */

static PangoLayout *
label_of (KhojiNetworkView *self,
          guint             i)
{
  PangoLayout *layout = g_ptr_array_index (self->labels, i);

  if (layout == NULL)
    {
      layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), _khoji_network_view_node_at (self, i)->name);
      g_ptr_array_index (self->labels, i) = layout;
    }
  return layout;
}

static gboolean
is_selected (KhojiNetworkView *self,
             guint             i)
{
  return _khoji_network_view_node_at (self, i)->asked;
}

static KhojiNetworkLine
edge_line (KhojiNetworkView *self,
           guint             e,
           gboolean          hot)
{
  KhojiNetworkEdge *edge = &g_array_index (self->network->edges, KhojiNetworkEdge, e);
  double w = self->max_weight ? (double) edge->weight / self->max_weight : 0;
  KhojiNetworkLine line;

  _khoji_network_view_to_screen (self, edge->source, &line.x0, &line.y0);
  _khoji_network_view_to_screen (self, edge->target, &line.x1, &line.y1);
  line.alpha = hot ? 0.75 : 0.12 + 0.4 * w;
  line.width = 0.8 + 3.2 * w + (hot ? 1.0 : 0.0);
  return line;
}

static KhojiNetworkDisc
node_disc (KhojiNetworkView *self,
           guint             i)
{
  KhojiNetworkDisc disc;

  _khoji_network_view_to_screen (self, i, &disc.x, &disc.y);
  disc.r = node_radius (self, i);
  type_color (self, _khoji_network_view_node_at (self, i)->type, &disc.color);
  disc.selected = is_selected (self, i);
  return disc;
}

/* A job for the present scale, offset, pane, colours and positions: the
 * drawn edges, the focused node's lit, and the nodes within the band;
 * the picture moved by (shift_x, shift_y) pixels, so that it reaches
 * further the other way (where a pan brings the graph in from). */
static KhojiNetworkPicture *
picture_new (KhojiNetworkView *self,
             const GdkRGBA    *fg,
             const GdkRGBA    *selected,
             double            shift_x,
             double            shift_y)
{
  KhojiNetworkPicture *job = g_new0 (KhojiNetworkPicture, 1);
  guint n = n_nodes (self);

  job->width = gtk_widget_get_width (GTK_WIDGET (self));
  job->height = gtk_widget_get_height (GTK_WIDGET (self));
  job->factor = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  job->scale = self->scale;
  job->stretch_x = self->stretch_x;
  job->stretch_y = self->stretch_y;
  job->offset_x = self->offset_x + shift_x;
  job->offset_y = self->offset_y + shift_y;
  job->serial = self->serial;
  job->focus_node = self->focus_node;
  job->fg = *fg;
  job->selected = *selected;
  job->lines = g_array_sized_new (FALSE, FALSE, sizeof (KhojiNetworkLine), self->drawn->len);
  job->discs = g_array_sized_new (FALSE, FALSE, sizeof (KhojiNetworkDisc), n);
  for (guint k = 0; k < self->drawn->len; k++)
    {
      guint e = g_array_index (self->drawn, guint, k);
      KhojiNetworkEdge *edge = &g_array_index (self->network->edges, KhojiNetworkEdge, e);
      KhojiNetworkLine line = edge_line (self, e, (int) edge->source == self->focus_node || (int) edge->target == self->focus_node);

      line.x0 += shift_x;
      line.x1 += shift_x;
      line.y0 += shift_y;
      line.y1 += shift_y;
      g_array_append_val (job->lines, line);
    }
  for (guint i = 0; i < n; i++)
    {
      KhojiNetworkDisc disc = node_disc (self, i);

      disc.x += shift_x;
      disc.y += shift_y;
      if (disc.x < -BAND - disc.r || disc.y < -BAND - disc.r || disc.x > job->width + BAND + disc.r ||
          disc.y > job->height + BAND + disc.r)
        continue;
      g_array_append_val (job->discs, disc);
    }
  job->generation = ++self->generation;
  return job;
}

static void
install_picture (KhojiNetworkView    *self,
                 KhojiNetworkPicture *job)
{
  /* The picture replaced is not destroyed here: the last frame's render
   * node holds a snapshot of it, and cairo would copy it whole for that
   * snapshot (2-3 ms on the main thread). It waits for the next job,
   * whose worker destroys it once frames have let go of it. */
  g_clear_pointer (&self->retired, cairo_surface_destroy);
  self->retired = g_steal_pointer (&self->picture);
  self->picture = g_steal_pointer (&job->picture);
  self->picture_key.serial = job->serial;
  self->picture_key.focus_node = job->focus_node;
  self->picture_key.scale = job->scale;
  self->picture_key.stretch_x = job->stretch_x;
  self->picture_key.stretch_y = job->stretch_y;
  self->picture_key.offset_x = job->offset_x;
  self->picture_key.offset_y = job->offset_y;
  self->picture_key.width = job->width;
  self->picture_key.height = job->height;
  self->picture_key.factor = job->factor;
  self->picture_key.fg = job->fg;
  self->picture_key.selected = job->selected;
  self->installed = job->generation;
  self->n_pictures++;
  if (job->scale == self->scale)
    self->zoomed_at = 0;
}

static void
on_picture_drawn (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  KhojiNetworkPicture *job = g_task_get_task_data (G_TASK (result));
  KhojiNetworkView *self = KHOJI_NETWORK_VIEW (source);

  if (!g_task_propagate_boolean (G_TASK (result), NULL))
    return;
  self->drawing = FALSE;
  /* Kept unless what it shows changed, or a picture was drawn at once
   * since, or the pane or the colours changed. */
  if (job->generation > self->installed && job->serial == self->serial && job->focus_node == self->focus_node &&
      job->stretch_x == self->stretch_x && job->stretch_y == self->stretch_y &&
      job->width == gtk_widget_get_width (GTK_WIDGET (self)) &&
      job->height == gtk_widget_get_height (GTK_WIDGET (self)) &&
      job->factor == gtk_widget_get_scale_factor (GTK_WIDGET (self)) &&
      self->picture != NULL && gdk_rgba_equal (&job->fg, &self->picture_key.fg) &&
      gdk_rgba_equal (&job->selected, &self->picture_key.selected))
    install_picture (self, job);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The picture for the present scale, offset and positions, drawn on a
 * worker; the one on screen stays meanwhile. */
static void
draw_on_worker (KhojiNetworkView *self,
                const GdkRGBA    *fg,
                const GdkRGBA    *selected,
                double            shift_x,
                double            shift_y)
{
  g_autoptr(GTask) task = g_task_new (self, self->picture_cancellable, on_picture_drawn, NULL);
  KhojiNetworkPicture *job = picture_new (self, fg, selected, shift_x, shift_y);

  self->drawing = TRUE;
  job->retired = g_steal_pointer (&self->retired);
  g_task_set_task_data (task, job, (GDestroyNotify) khoji_network_picture_free);
  g_task_run_in_thread (task, khoji_network_picture_thread);
}

/* The colours the picture is drawn in. */
static void
picture_colors (KhojiNetworkView *self,
                GdkRGBA          *fg,
                GdkRGBA          *selected)
{
  get_color (self, NULL, fg);
  get_color (self, "khoji_selected_color", selected);
  selected->alpha = 1.0f;
}

/* Zoom steps stopped ZOOM_SETTLE ms ago: the sharp picture asked for
 * here, not from a frame drawn again for the purpose (its scaled one is
 * on screen already); if a worker is drawing, the frame that installs
 * its picture asks. */
static gboolean
on_settled (gpointer data)
{
  KhojiNetworkView *self = data;
  gint64 since = g_get_monotonic_time () - self->zoomed_at;
  GdkRGBA fg, selected;

  self->settle_id = 0;
  if (self->zoomed_at == 0 || self->picture == NULL || self->network == NULL)
    return G_SOURCE_REMOVE;
  if (since < ZOOM_SETTLE * 1000)
    self->settle_id = g_timeout_add (ZOOM_SETTLE + 10 - since / 1000, on_settled, self);
  else if (!self->drawing)
    {
      picture_colors (self, &fg, &selected);
      draw_on_worker (self, &fg, &selected, 0, 0);
    }
  return G_SOURCE_REMOVE;
}

/* The picture of the edges and nodes: drawn again at once when what it
 * shows changed or a pan went past its band, else moved by whole pixels;
 * once a pan has left less than PAN_AHEAD of the band on a side it heads
 * to, drawn again on a worker, half a band further that way, while the
 * one on screen goes on moving: a steady pan never waits for a picture,
 * and gets a new one every 140 pixels or so (the frame that first paints
 * a picture costs the renderer a few ms more than the next ones). While
 * zoom steps follow each other, scaled, and once they stop drawn sharp
 * on a worker while the scaled one stays on screen. */
static void
draw_graph (KhojiNetworkView *self,
            GtkSnapshot      *snapshot,
            int               width,
            int               height,
            const GdkRGBA    *fg,
            const GdkRGBA    *selected)
{
  GtkWidget *widget = GTK_WIDGET (self);
  int factor = gtk_widget_get_scale_factor (widget);
  gboolean same = self->picture != NULL &&
                  self->picture_key.serial == self->serial &&
                  self->picture_key.focus_node == self->focus_node &&
                  self->picture_key.stretch_x == self->stretch_x &&
                  self->picture_key.stretch_y == self->stretch_y &&
                  self->picture_key.width == width && self->picture_key.height == height &&
                  self->picture_key.factor == factor &&
                  gdk_rgba_equal (&self->picture_key.fg, fg) && gdk_rgba_equal (&self->picture_key.selected, selected);
  double k = same ? self->scale / self->picture_key.scale : 1;
  /* Where the picture's corner lands now, and how wide it is. */
  double x0 = (-BAND - self->picture_key.offset_x) * k + self->offset_x;
  double y0 = (-BAND - self->picture_key.offset_y) * k + self->offset_y;
  gboolean covers = x0 <= 0 && y0 <= 0 && x0 + (width + 2 * BAND) * k >= width &&
                    y0 + (height + 2 * BAND) * k >= height;
  cairo_t *cr;

  if (self->offset_x != self->last_x || self->offset_y != self->last_y)
    {
      double dx = self->offset_x - self->last_x, dy = self->offset_y - self->last_y;
      double most = MAX (fabs (dx), fabs (dy));

      self->heading_x = dx / most;
      self->heading_y = dy / most;
      self->last_x = self->offset_x;
      self->last_y = self->offset_y;
    }
  if (same && k != 1 && self->zoomed_at != 0 && k > 0.5 && k < 4)
    {
      /* Scaled while the zooming goes on (short of the pane's edges when
       * zoomed out); drawn anew on a worker once it stops. */
      if (g_get_monotonic_time () - self->zoomed_at < ZOOM_SETTLE * 1000)
        {
          if (self->settle_id == 0)
            self->settle_id = g_timeout_add (ZOOM_SETTLE + 10, on_settled, self);
        }
      else if (!self->drawing)
        draw_on_worker (self, fg, selected, 0, 0);
    }
  else if (!same || !covers || k != 1)
    {
      KhojiNetworkPicture *job = picture_new (self, fg, selected, 0, 0);

      khoji_network_picture_draw (job);
      install_picture (self, job);
      khoji_network_picture_free (job);
      self->zoomed_at = 0;
      k = 1;
      x0 = y0 = -BAND;
    }
  else if (!self->drawing)
    {
      /* The room left on the sides the pane heads to. */
      double room_x = self->heading_x > 0 ? -x0 : self->heading_x < 0 ? x0 + 2 * BAND : BAND;
      double room_y = self->heading_y > 0 ? -y0 : self->heading_y < 0 ? y0 + 2 * BAND : BAND;

      if (MIN (room_x, room_y) < PAN_AHEAD)
        /* By whole pixels, as a pan moves it. */
        draw_on_worker (self, fg, selected, round (self->heading_x * BAND / 2), round (self->heading_y * BAND / 2));
    }
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (k == 1)
    /* Moved by whole device pixels: a fractional move would make the
     * renderer filter every pixel of the image. */
    cairo_set_source_surface (cr, self->picture, round (x0 * factor) / factor, round (y0 * factor) / factor);
  else
    {
      cairo_translate (cr, x0, y0);
      cairo_scale (cr, k, k);
      cairo_set_source_surface (cr, self->picture, 0, 0);
      /* Scaled down, cairo's default filter averages boxes of pixels:
       * slow in software; bilinear does while a zoom lasts. */
      cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_BILINEAR);
    }
  cairo_paint (cr);
  cairo_destroy (cr);
}

/* Over the picture: the hovered edge lit, with the nodes at its ends
 * drawn again over it, and the focus ring; a few strokes, so that a
 * hover does not draw the picture again (the focused node's edges are
 * lit in the picture: replayed every frame, the strongest node's dozens
 * of them cost the renderer some 5 ms). */
static void
draw_lit (KhojiNetworkView *self,
          GtkSnapshot      *snapshot,
          int               width,
          int               height,
          const GdkRGBA    *fg,
          const GdkRGBA    *selected)
{
  gboolean ring = self->focus_node >= 0 && (guint) self->focus_node < n_nodes (self) &&
                  gtk_widget_has_visible_focus (GTK_WIDGET (self));
  g_autofree gboolean *ends = g_new0 (gboolean, MAX (n_nodes (self), 1));
  cairo_t *cr = NULL;

  for (guint k = 0; k < self->drawn->len; k++)
    {
      guint e = g_array_index (self->drawn, guint, k);
      KhojiNetworkEdge *edge = &g_array_index (self->network->edges, KhojiNetworkEdge, e);
      KhojiNetworkLine line;

      if ((int) e != self->hover_edge)
        continue;
      if (cr == NULL)
        {
          cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
          cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
        }
      line = edge_line (self, e, TRUE);
      khoji_network_stroke_line (cr, &line, fg);
      ends[edge->source] = ends[edge->target] = TRUE;
    }
  if (cr == NULL && !ring)
    return;
  if (cr == NULL)
    cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  /* The ends, the strongest last as in the picture. */
  for (guint i = n_nodes (self); i-- > 0;)
    if (ends[i])
      {
        KhojiNetworkDisc disc = node_disc (self, i);

        khoji_network_fill_disc (cr, &disc, fg, selected);
      }
  if (ring)
    {
      double x, y;

      _khoji_network_view_to_screen (self, self->focus_node, &x, &y);
      cairo_new_path (cr);
      cairo_arc (cr, x, y, node_radius (self, self->focus_node) + 6, 0, 2 * G_PI);
      gdk_cairo_set_source_rgba (cr, fg);
      cairo_set_line_width (cr, 2.0);
      cairo_stroke (cr);
    }
  cairo_destroy (cr);
}

static void
khoji_network_view_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  KhojiNetworkView *self = KHOJI_NETWORK_VIEW (widget);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  guint n = n_nodes (self);
  GdkRGBA fg, selected;

  if (n == 0 || width <= 0 || height <= 0)
    {
      if (!self->loading && self->network)
        {
          g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, _("No entities to show"));
          int w, h;

          get_color (self, NULL, &fg);
          fg.alpha *= 0.6f;
          pango_layout_get_pixel_size (layout, &w, &h);
          gtk_snapshot_save (snapshot);
          gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT ((width - w) / 2.0, (height - h) / 2.0));
          gtk_snapshot_append_layout (snapshot, layout, &fg);
          gtk_snapshot_restore (snapshot);
        }
      return;
    }
  picture_colors (self, &fg, &selected);
  draw_graph (self, snapshot, width, height, &fg, &selected);
  draw_lit (self, snapshot, width, height, &fg, &selected);

  /* Names: the selected, the focused and the hovered, then the
   * strongest first, each where it overlaps no name already placed. */
  {
    g_autoptr(GArray) placed = g_array_new (FALSE, FALSE, sizeof (graphene_rect_t));
    g_autofree guint *order = g_new (guint, n);
    guint m = 0;

    for (guint i = 0; i < n; i++)
      if (is_selected (self, i) || (int) i == self->focus_node || (int) i == self->hover_node)
        order[m++] = i;
    for (guint i = 0; i < n; i++)
      if (!(is_selected (self, i) || (int) i == self->focus_node || (int) i == self->hover_node))
        order[m++] = i;
    for (guint k = 0; k < m; k++)
      {
        guint i = order[k];
        double x, y, r = node_radius (self, i);
        gboolean must = is_selected (self, i) || (int) i == self->hover_node ||
                        ((int) i == self->focus_node && gtk_widget_has_focus (widget));
        gboolean free = TRUE;
        graphene_rect_t rect;
        PangoLayout *layout;
        int w, h;

        _khoji_network_view_to_screen (self, i, &x, &y);
        if (x < -200 || y < -50 || x > width + 200 || y > height + 50)
          continue;
        layout = label_of (self, i);
        pango_layout_get_pixel_size (layout, &w, &h);
        graphene_rect_init (&rect, x - w / 2.0, y + r + 1, w, h);
        for (guint p = 0; p < placed->len && free; p++)
          free = !graphene_rect_intersection (&rect, &g_array_index (placed, graphene_rect_t, p), NULL);
        if (!free && !must)
          continue;
        g_array_append_val (placed, rect);
        gtk_snapshot_save (snapshot);
        gtk_snapshot_translate (snapshot, &rect.origin);
        gtk_snapshot_append_layout (snapshot, layout, &fg);
        gtk_snapshot_restore (snapshot);
      }
  }
}

static void
khoji_network_view_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 200 : 120;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 600 : 260;
}

static void
khoji_network_view_size_allocate (GtkWidget *widget,
                                  int        width,
                                  int        height,
                                  int        baseline)
{
  KhojiNetworkView *self = KHOJI_NETWORK_VIEW (widget);

  if (!self->user_moved)
    fit (self);
  if (self->popover)
    gtk_popover_present (GTK_POPOVER (self->popover));
}

/* ---- Hit testing ---- */

static int
find_node (KhojiNetworkView *self,
           double            px,
           double            py)
{
  int best = -1;
  double best_d = G_MAXDOUBLE;

  for (guint i = 0; i < n_nodes (self); i++)
    {
      double x, y, d, r = node_radius (self, i) + 3;

      _khoji_network_view_to_screen (self, i, &x, &y);
      d = (x - px) * (x - px) + (y - py) * (y - py);
      if (d <= r * r && d < best_d)
        {
          best = (int) i;
          best_d = d;
        }
    }
  return best;
}

static int
find_edge (KhojiNetworkView *self,
           double            px,
           double            py)
{
  int best = -1;
  double best_d = 5.0;

  for (guint k = 0; k < self->drawn->len; k++)
    {
      guint e = g_array_index (self->drawn, guint, k);
      KhojiNetworkEdge *edge = &g_array_index (self->network->edges, KhojiNetworkEdge, e);
      double x0, y0, x1, y1, dx, dy, t, d;

      _khoji_network_view_to_screen (self, edge->source, &x0, &y0);
      _khoji_network_view_to_screen (self, edge->target, &x1, &y1);
      dx = x1 - x0;
      dy = y1 - y0;
      t = ((px - x0) * dx + (py - y0) * dy) / MAX (dx * dx + dy * dy, 1e-9);
      t = CLAMP (t, 0, 1);
      d = hypot (x0 + t * dx - px, y0 + t * dy - py);
      if (d < best_d)
        {
          best = (int) e;
          best_d = d;
        }
    }
  return best;
}

void
_khoji_network_view_emit_article (KhojiNetworkView *self,
                                  gint64            article_id)
{
  g_signal_emit (self, signals[ARTICLE_ACTIVATED], 0, article_id);
}

/* ---- Input ---- */

static void
activate_node (KhojiNetworkView *self,
               int               i)
{
  if (i < 0 || (guint) i >= n_nodes (self))
    return;
  self->focus_node = i;
  update_accessible (self);
  g_signal_emit (self, signals[ENTITY_ACTIVATED], 0, _khoji_network_view_node_at (self, i)->id);
}

static void
on_click_released (GtkGestureClick *gesture,
                   int              n_press,
                   double           x,
                   double           y,
                   gpointer         user_data)
{
  KhojiNetworkView *self = user_data;
  int node, edge;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  if ((node = find_node (self, x, y)) >= 0)
    activate_node (self, node);
  else if ((edge = find_edge (self, x, y)) >= 0)
    khoji_network_view_activate_edge (self, (guint) edge);
}

static void
on_drag_begin (GtkGestureDrag *gesture,
               double          x,
               double          y,
               gpointer        user_data)
{
  KhojiNetworkView *self = user_data;

  self->drag_x = self->offset_x;
  self->drag_y = self->offset_y;
}

static void
on_drag_update (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                gpointer        user_data)
{
  KhojiNetworkView *self = user_data;

  if (fabs (dx) + fabs (dy) < 3 && !self->user_moved)
    return;
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  self->user_moved = TRUE;
  self->offset_x = self->drag_x + dx;
  self->offset_y = self->drag_y + dy;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
zoom_at (KhojiNetworkView *self,
         double            factor,
         double            cx,
         double            cy)
{
  double fit_scale = MAX (self->fit_scale, 1e-9);
  double scale = CLAMP (self->scale * factor, fit_scale * MIN_ZOOM, fit_scale * MAX_ZOOM);

  factor = scale / self->scale;
  self->offset_x = cx - (cx - self->offset_x) * factor;
  self->offset_y = cy - (cy - self->offset_y) * factor;
  self->scale = scale;
  self->user_moved = TRUE;
  self->zoomed_at = g_get_monotonic_time ();
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
on_scroll (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           gpointer                  user_data)
{
  KhojiNetworkView *self = user_data;
  double x = self->pointer_x, y = self->pointer_y;

  if (x < 0)
    {
      x = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
      y = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;
    }
  zoom_at (self, pow (1.15, -dy), x, y);
  return TRUE;
}

static void
on_motion (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           gpointer                  user_data)
{
  KhojiNetworkView *self = user_data;
  int node = find_node (self, x, y);
  int edge = node < 0 ? find_edge (self, x, y) : -1;

  self->pointer_x = x;
  self->pointer_y = y;
  if (node != self->hover_node || edge != self->hover_edge)
    {
      self->hover_node = node;
      self->hover_edge = edge;
      gtk_widget_set_cursor_from_name (GTK_WIDGET (self), node >= 0 || edge >= 0 ? "pointer" : NULL);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static void
on_leave (GtkEventControllerMotion *controller,
          gpointer                  user_data)
{
  KhojiNetworkView *self = user_data;

  self->hover_node = self->hover_edge = -1;
  self->pointer_x = self->pointer_y = -1;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

char *
khoji_network_view_dup_tooltip (KhojiNetworkView *self,
                                int               node,
                                int               edge)
{
  g_return_val_if_fail (KHOJI_IS_NETWORK_VIEW (self), NULL);

  if (node >= 0 && (guint) node < n_nodes (self))
    {
      KhojiNetworkNode *n = _khoji_network_view_node_at (self, node);

      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s\n%s · %u article", "%s\n%s · %u articles",
                                           n->n_articles),
                              n->name, n->latin, n->n_articles);
    }
  if (node < 0 && edge >= 0 && self->network && (guint) edge < self->network->edges->len)
    {
      KhojiNetworkEdge *e = &g_array_index (self->network->edges, KhojiNetworkEdge, edge);

      /* The weight counts sentences when Preferences say so. */
      if (self->network->weight == KHOJI_NETWORK_BY_SENTENCES)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s — %s: %u shared sentence",
                                             "%s — %s: %u shared sentences", e->weight),
                                _khoji_network_view_node_at (self, e->source)->name, _khoji_network_view_node_at (self, e->target)->name, e->weight);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s — %s: %u shared article",
                                           "%s — %s: %u shared articles", e->weight),
                              _khoji_network_view_node_at (self, e->source)->name, _khoji_network_view_node_at (self, e->target)->name, e->weight);
    }
  return NULL;
}

static gboolean
on_query_tooltip (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard,
                  GtkTooltip *tooltip,
                  gpointer    user_data)
{
  KhojiNetworkView *self = KHOJI_NETWORK_VIEW (widget);
  g_autofree char *text = NULL;
  int node = keyboard ? self->focus_node : find_node (self, x, y);
  int edge = node < 0 && !keyboard ? find_edge (self, x, y) : -1;

  text = khoji_network_view_dup_tooltip (self, node, edge);
  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* The nearest node in the arrow's direction (within 60° of it). */
static int
node_towards (KhojiNetworkView *self,
              int               from,
              double            dx,
              double            dy)
{
  int best = -1;
  double best_score = G_MAXDOUBLE, x0, y0;

  _khoji_network_view_to_screen (self, from, &x0, &y0);
  for (guint i = 0; i < n_nodes (self); i++)
    {
      double x, y, vx, vy, along, across;

      if ((int) i == from)
        continue;
      _khoji_network_view_to_screen (self, i, &x, &y);
      vx = x - x0;
      vy = y - y0;
      along = vx * dx + vy * dy;
      across = fabs (vx * dy - vy * dx);
      if (along <= 0 || across > along * 1.8)
        continue;
      if (along + 2 * across < best_score)
        {
          best_score = along + 2 * across;
          best = (int) i;
        }
    }
  return best;
}

static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                gpointer               user_data)
{
  KhojiNetworkView *self = user_data;
  double cx = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0, cy = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;
  int next = -2;

  if (n_nodes (self) == 0)
    return FALSE;
  switch (keyval)
    {
    case GDK_KEY_Left: case GDK_KEY_KP_Left:
      next = node_towards (self, MAX (self->focus_node, 0), -1, 0);
      break;
    case GDK_KEY_Right: case GDK_KEY_KP_Right:
      next = node_towards (self, MAX (self->focus_node, 0), 1, 0);
      break;
    case GDK_KEY_Up: case GDK_KEY_KP_Up:
      next = node_towards (self, MAX (self->focus_node, 0), 0, -1);
      break;
    case GDK_KEY_Down: case GDK_KEY_KP_Down:
      next = node_towards (self, MAX (self->focus_node, 0), 0, 1);
      break;
    case GDK_KEY_Home:
      next = 0;
      break;
    case GDK_KEY_Return: case GDK_KEY_KP_Enter: case GDK_KEY_space:
      activate_node (self, self->focus_node);
      return TRUE;
    case GDK_KEY_plus: case GDK_KEY_KP_Add: case GDK_KEY_equal:
      zoom_at (self, 1.25, cx, cy);
      return TRUE;
    case GDK_KEY_minus: case GDK_KEY_KP_Subtract:
      zoom_at (self, 0.8, cx, cy);
      return TRUE;
    case GDK_KEY_0: case GDK_KEY_KP_0:
      khoji_network_view_zoom_fit (self);
      return TRUE;
    default:
      return FALSE;
    }
  if (next >= 0)
    {
      self->focus_node = next;
      update_accessible (self);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
  /* An arrow with nothing that way is still ours: focus stays put. */
  return TRUE;
}

static void
on_focus_changed (KhojiNetworkView *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* ---- Public ---- */

GtkWidget *
khoji_network_view_new (void)
{
  return g_object_new (KHOJI_TYPE_NETWORK_VIEW, NULL);
}

void
khoji_network_view_set_library (KhojiNetworkView *self,
                                KhojiLibrary     *library)
{
  g_return_if_fail (KHOJI_IS_NETWORK_VIEW (self));

  if (!g_set_object (&self->library, library))
    return;
  g_array_set_size (self->selection, 0);
  /* Read when shown. */
  g_clear_pointer (&self->network, khoji_network_free);
}

gboolean
khoji_network_view_set_selection (KhojiNetworkView *self,
                                  GArray           *ids)
{
  g_return_val_if_fail (KHOJI_IS_NETWORK_VIEW (self), FALSE);

  if (ids && ids->len == self->selection->len &&
      memcmp (ids->data, self->selection->data, sizeof (gint64) * ids->len) == 0)
    return FALSE;
  if ((ids == NULL || ids->len == 0) && self->selection->len == 0)
    return FALSE;
  g_array_set_size (self->selection, 0);
  if (ids && ids->len)
    g_array_append_vals (self->selection, ids->data, ids->len);
  khoji_network_view_reload (self);
  return TRUE;
}

void
khoji_network_view_set_limit (KhojiNetworkView *self,
                              guint             limit)
{
  g_return_if_fail (KHOJI_IS_NETWORK_VIEW (self));

  limit = CLAMP (limit, 2, KHOJI_NETWORK_MAX_NODES);
  if (limit == self->limit)
    return;
  self->limit = limit;
  khoji_network_view_reload (self);
}

guint
khoji_network_view_get_limit (KhojiNetworkView *self)
{
  return self->limit;
}

void
khoji_network_view_zoom_in (KhojiNetworkView *self)
{
  zoom_at (self, 1.25, gtk_widget_get_width (GTK_WIDGET (self)) / 2.0, gtk_widget_get_height (GTK_WIDGET (self)) / 2.0);
}

void
khoji_network_view_zoom_out (KhojiNetworkView *self)
{
  zoom_at (self, 0.8, gtk_widget_get_width (GTK_WIDGET (self)) / 2.0, gtk_widget_get_height (GTK_WIDGET (self)) / 2.0);
}

void
khoji_network_view_zoom_fit (KhojiNetworkView *self)
{
  self->user_moved = FALSE;
  fit (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

double
khoji_network_view_get_zoom (KhojiNetworkView *self)
{
  return self->scale / MAX (self->fit_scale, 1e-9);
}

void
khoji_network_view_pan (KhojiNetworkView *self,
                        double            dx,
                        double            dy)
{
  self->user_moved = TRUE;
  self->offset_x += dx;
  self->offset_y += dy;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const KhojiNetwork *
khoji_network_view_get_network (KhojiNetworkView *self)
{
  return self->network;
}

gboolean
khoji_network_view_is_loading (KhojiNetworkView *self)
{
  return self->loading;
}

gboolean
khoji_network_view_is_settled (KhojiNetworkView *self)
{
  return self->network != NULL && self->settled;
}

gboolean
khoji_network_view_get_node_position (KhojiNetworkView *self,
                                      guint             i,
                                      double           *x,
                                      double           *y)
{
  if (i >= n_nodes (self))
    return FALSE;
  _khoji_network_view_to_screen (self, i, x, y);
  return TRUE;
}

guint
khoji_network_view_get_n_pictures (KhojiNetworkView *self)
{
  g_return_val_if_fail (KHOJI_IS_NETWORK_VIEW (self), 0);
  return self->n_pictures;
}

guint
khoji_network_view_get_n_drawn_edges (KhojiNetworkView *self)
{
  return self->drawn->len;
}

static void
khoji_network_view_dispose (GObject *object)
{
  KhojiNetworkView *self = KHOJI_NETWORK_VIEW (object);

  stop_layout (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->edge_cancellable != NULL)
    g_cancellable_cancel (self->edge_cancellable);
  g_clear_object (&self->edge_cancellable);
  g_clear_pointer (&self->popover, gtk_widget_unparent);
  g_cancellable_cancel (self->picture_cancellable);
  g_clear_object (&self->library);
  G_OBJECT_CLASS (khoji_network_view_parent_class)->dispose (object);
}

static void
khoji_network_view_finalize (GObject *object)
{
  KhojiNetworkView *self = KHOJI_NETWORK_VIEW (object);

  g_clear_pointer (&self->network, khoji_network_free);
  g_clear_pointer (&self->selection, g_array_unref);
  g_clear_pointer (&self->picture, cairo_surface_destroy);
  g_clear_pointer (&self->retired, cairo_surface_destroy);
  g_clear_handle_id (&self->settle_id, g_source_remove);
  g_clear_pointer (&self->ranked, g_array_unref);
  g_clear_pointer (&self->drawn, g_array_unref);
  g_clear_pointer (&self->labels, g_ptr_array_unref);
  g_clear_object (&self->picture_cancellable);
  g_free (self->pos);
  G_OBJECT_CLASS (khoji_network_view_parent_class)->finalize (object);
}

static void
unref_layout (gpointer layout)
{
  /* Labels are made when first drawn: most slots stay empty. */
  if (layout)
    g_object_unref (layout);
}

static void
khoji_network_view_class_init (KhojiNetworkViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = khoji_network_view_dispose;
  object_class->finalize = khoji_network_view_finalize;
  widget_class->snapshot = khoji_network_view_snapshot;
  widget_class->measure = khoji_network_view_measure;
  widget_class->size_allocate = khoji_network_view_size_allocate;

  signals[ENTITY_ACTIVATED] = g_signal_new ("entity-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                            0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  signals[ARTICLE_ACTIVATED] = g_signal_new ("article-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                             0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  signals[LOADED] = g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_css_name (widget_class, "networkview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
khoji_network_view_init (KhojiNetworkView *self)
{
  GtkGesture *click, *drag;
  GtkEventController *controller;

  self->limit = KHOJI_NETWORK_VIEW_DEFAULT_LIMIT;
  self->selection = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->ranked = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->drawn = g_array_new (FALSE, FALSE, sizeof (guint));
  self->picture_cancellable = g_cancellable_new ();
  self->labels = g_ptr_array_new_with_free_func (unref_layout);
  self->pos = g_new0 (float, 2);
  self->scale = self->fit_scale = 1;
  self->stretch_x = self->stretch_y = 1;
  self->hover_node = self->hover_edge = self->focus_node = -1;
  self->pointer_x = self->pointer_y = -1;

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (on_query_tooltip), NULL);
  g_signal_connect (self, "notify::has-focus", G_CALLBACK (on_focus_changed), NULL);

  click = gtk_gesture_click_new ();
  g_signal_connect (click, "released", G_CALLBACK (on_click_released), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  drag = gtk_gesture_drag_new ();
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect (controller, "scroll", G_CALLBACK (on_scroll), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (controller, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_key_new ();
  g_signal_connect (controller, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Network of entities"), -1);
}
