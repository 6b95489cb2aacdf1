/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-map"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "khoji-library-network.h"
#include "khoji-library-reader.h"
#include "khoji-map-picture.h"
#include "khoji-map-view-private.h"
#include "khoji-world.h"

/* The map is drawn in an equirectangular projection (x = longitude,
 * y = -latitude, both times one scale): the world is twice as wide as it
 * is high, as the wide, low pane is, and a point of the screen is a point
 * of the world by one multiplication. The outline comes at two levels of
 * detail, and from the fine level on the borders between the states of
 * India are drawn too; only the rings whose box is on screen (or in the
 * band kept around it for panning) are drawn. Dots closer
 * than a cell of the screen are gathered into one, computed again only
 * when the scale changes and no zoom steps are under way (panning moves
 * them, it does not gather them anew). */

#define BAND        KHOJI_MAP_BAND
#define PAN_AHEAD   (BAND * 5 / 8) /* room left on a side a pan heads to when the next picture is asked for */
#define ZOOM_SETTLE 150     /* ms after the last zoom step before the outline is drawn sharp */

typedef KhojiMapPicture Picture;

G_DEFINE_FINAL_TYPE (KhojiMapView, khoji_map_view, GTK_TYPE_WIDGET)

enum {
  ENTITY_ACTIVATED,
  LOADED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static KhojiPlace *
place_at (KhojiMapView *self,
          guint         i)
{
  return &g_array_index (self->places->places, KhojiPlace, i);
}

static Dot *
dot_at (KhojiMapView *self,
        guint         i)
{
  return &g_array_index (self->dots, Dot, i);
}

static void
get_color (KhojiMapView *self,
           const char   *name,
           GdkRGBA      *color)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));

  /* The theme's named colours follow dark mode and high contrast. */
  if (name == NULL || !gtk_style_context_lookup_color (context, name, color))
    gtk_style_context_get_color (context, color);
}

static void
to_screen (KhojiMapView *self,
           double        lat,
           double        lon,
           double       *x,
           double       *y)
{
  *x = lon * self->scale + self->offset_x;
  *y = -lat * self->scale + self->offset_y;
}

static double
dot_radius (KhojiMapView *self,
            const Dot    *dot)
{
  return khoji_map_dot_radius (self->max_articles, dot);
}

static void
update_accessible (KhojiMapView *self);

/* ---- Gathering dots ---- */

/* The dots for the present scale: new arrays. */
static void
group_dots (KhojiMapView *self,
            GArray      **dots,
            GArray      **members)
{
  if (self->places != NULL && self->order == NULL)
    self->order = khoji_map_places_order (self->places);
  khoji_map_group_dots (self->places, self->order, self->scale, dots, members);
}

static void
set_dots (KhojiMapView *self,
          double        scale,
          GArray       *dots,
          GArray       *members)
{
  g_array_unref (self->dots);
  g_array_unref (self->members);
  self->dots = dots;
  self->members = members;
  self->dots_scale = scale;
  /* Found again at the pointer's next move. */
  self->hover_dot = -1;
}

/* The dots stay as they were gathered while zoom steps scale the picture
 * and while it is drawn anew on a worker (they are what it shows);
 * otherwise they are gathered again when the scale changed. */
static gboolean
gathering_deferred (KhojiMapView *self)
{
  return self->dots_scale != 0 && self->picture != NULL && (self->drawing || self->zoomed_at != 0);
}

static void
ensure_dots (KhojiMapView *self)
{
  GArray *dots, *members;

  if (self->dots_scale == self->scale || gathering_deferred (self))
    return;
  group_dots (self, &dots, &members);
  set_dots (self, self->scale, dots, members);
}

static int
focus_dot (KhojiMapView *self)
{
  ensure_dots (self);
  for (guint d = 0; d < self->dots->len; d++)
    for (guint m = 0; m < dot_at (self, d)->n; m++)
      if (place_at (self, g_array_index (self->members, guint, dot_at (self, d)->first + m))->id == self->focus_id)
        return (int) d;
  return -1;
}

/* ---- Loading ---- */

static void
set_places (KhojiMapView *self,
            KhojiPlaces  *places)
{
  g_clear_pointer (&self->places, khoji_places_free);
  self->places = places;
  self->max_articles = 0;
  for (guint i = 0; i < places->places->len; i++)
    if (place_at (self, i)->located)
      self->max_articles = MAX (self->max_articles, place_at (self, i)->n_articles);
  g_clear_pointer (&self->order, g_array_unref);
  self->places_serial++;
  self->dots_scale = 0;
  self->hover_dot = -1;
  self->focus_id = 0;
  for (guint i = 0; i < places->places->len; i++)
    if (place_at (self, i)->located)
      {
        self->focus_id = place_at (self, i)->id;
        break;
      }
  self->user_moved = FALSE;
  _khoji_map_view_fit (self);
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_places_read (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(KhojiMapView) self = user_data;
  g_autoptr(GError) error = NULL;
  KhojiPlaces *places = khoji_library_places_finish (KHOJI_LIBRARY (source), result, &error);

  if (places == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("map: %s", error->message);
      return;
    }
  self->loading = FALSE;
  set_places (self, places);
  g_signal_emit (self, signals[LOADED], 0);
}

void
khoji_map_view_reload (KhojiMapView *self)
{
  g_return_if_fail (KHOJI_IS_MAP_VIEW (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->library == NULL)
    return;
  self->cancellable = g_cancellable_new ();
  self->loading = TRUE;
  /* Counts change with the library: the sentences stay. */
  khoji_library_places_async (self->library, (const gint64 *) self->selection->data, self->selection->len,
                              self->cancellable, on_places_read, g_object_ref (self));
}

/* ---- Drawing ---- */

/* The colours of a dot: the theme's, the tints made solid (they are
 * made to lie under text; a dot is a solid disc). */
static void
dot_colors (KhojiMapView *self,
            GdkRGBA      *fg,
            GdkRGBA      *place,
            GdkRGBA      *selected)
{
  get_color (self, NULL, fg);
  get_color (self, "khoji_place_color", place);
  get_color (self, "khoji_selected_color", selected);
  place->alpha = 0.9f;
  selected->alpha = 1.0f;
}

/* A job for the present scale, offset, pane and colours, with the dots
 * given. */
static void
picture_pane (KhojiMapView *self,
              Picture      *job)
{
  job->width = gtk_widget_get_width (GTK_WIDGET (self));
  job->height = gtk_widget_get_height (GTK_WIDGET (self));
  job->factor = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  job->scale = self->scale;
  job->offset_x = self->offset_x;
  job->offset_y = self->offset_y;
  dot_colors (self, &job->fg, &job->place, &job->selected);
  job->high_contrast = adw_style_manager_get_high_contrast (adw_style_manager_get_default ());
  job->max_articles = self->max_articles;
}

static Picture *
picture_new (KhojiMapView *self,
             GArray       *dots,
             GArray       *members)
{
  Picture *job = g_new0 (Picture, 1);

  picture_pane (self, job);
  job->dots = g_array_ref (dots);
  job->members = g_array_ref (members);
  job->generation = ++self->generation;
  job->places_serial = self->places_serial;
  return job;
}

/* Whether the picture on screen was drawn for this pane and these
 * colours (whatever its scale and offset). */
static gboolean
picture_matches (KhojiMapView  *self,
                 const Picture *now)
{
  return self->picture != NULL && now->width == self->picture_width && now->height == self->picture_height &&
         now->factor == self->picture_factor && now->high_contrast == self->picture_contrast &&
         gdk_rgba_equal (&now->fg, &self->picture_fg) && gdk_rgba_equal (&now->place, &self->picture_place) &&
         gdk_rgba_equal (&now->selected, &self->picture_selected);
}

/* The job's picture, its outline and its dots become the view's. */
static void
install_picture (KhojiMapView *self,
                 Picture      *job)
{
  if (job->outline != self->outline)
    {
      g_clear_pointer (&self->outline, cairo_surface_destroy);
      self->outline = cairo_surface_reference (job->outline);
      self->n_outlines++;
      self->n_borders = job->n_borders;
    }
  /* The picture replaced is not destroyed here: the last frame's render
   * node holds a snapshot of it, and cairo would copy it whole for that
   * snapshot. It waits for the next job, whose worker destroys it once
   * frames have let go of it. */
  g_clear_pointer (&self->retired, cairo_surface_destroy);
  self->retired = g_steal_pointer (&self->picture);
  self->picture = g_steal_pointer (&job->picture);
  self->n_pictures++;
  self->picture_scale = job->scale;
  self->picture_ox = job->offset_x;
  self->picture_oy = job->offset_y;
  self->picture_width = job->width;
  self->picture_height = job->height;
  self->picture_factor = job->factor;
  self->picture_fg = job->fg;
  self->picture_place = job->place;
  self->picture_selected = job->selected;
  self->picture_contrast = job->high_contrast;
  if (job->dots != self->dots)
    set_dots (self, job->scale, g_array_ref (job->dots), g_array_ref (job->members));
  g_clear_pointer (&self->picture_dots, g_array_unref);
  self->picture_dots = g_array_ref (job->dots);
  self->installed = job->generation;
  if (job->scale == self->scale)
    self->zoomed_at = 0;
}

static void
on_picture_drawn (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Picture *job = g_task_get_task_data (G_TASK (result));
  KhojiMapView *self = KHOJI_MAP_VIEW (source);

  if (!g_task_propagate_boolean (G_TASK (result), NULL))
    return;
  self->drawing = FALSE;
  /* Kept unless the places changed, or a picture was drawn at once since,
   * or the pane or the colours are no longer those it was drawn for. */
  if (job->places_serial == self->places_serial && job->generation > self->installed)
    {
      Picture now = { 0 };

      picture_pane (self, &now);
      if (now.width == job->width && now.height == job->height && now.factor == job->factor &&
          now.high_contrast == job->high_contrast && gdk_rgba_equal (&now.fg, &job->fg) &&
          gdk_rgba_equal (&now.place, &job->place) && gdk_rgba_equal (&now.selected, &job->selected))
        {
          install_picture (self, job);
          update_accessible (self);
        }
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* JOB drawn on a worker, which destroys the picture retired before. */
static void
run_on_worker (KhojiMapView *self,
               Picture      *job)
{
  g_autoptr(GTask) task = NULL;

  self->drawing = TRUE;
  job->retired = g_steal_pointer (&self->retired);
  task = g_task_new (self, self->picture_cancellable, on_picture_drawn, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) khoji_map_picture_free);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, khoji_map_picture_thread);
}

/* The dots gathered anew for the present scale and the picture drawn on
 * a worker; the scaled picture stays meanwhile. */
static void
draw_on_worker (KhojiMapView *self)
{
  GArray *dots, *members;
  Picture *job;

  group_dots (self, &dots, &members);
  job = picture_new (self, dots, members);
  g_array_unref (dots);
  g_array_unref (members);
  run_on_worker (self, job);
}

/* The picture of the dots on screen drawn on a worker as if the pan had
 * gone (shift_x, shift_y) pixels further, so that it reaches further the
 * way the map comes in from; the one on screen goes on moving. */
static void
draw_ahead (KhojiMapView *self,
            double        shift_x,
            double        shift_y)
{
  Picture *job = picture_new (self, self->dots, self->members);

  job->offset_x += shift_x;
  job->offset_y += shift_y;
  run_on_worker (self, job);
}

/* Zoom steps stopped ZOOM_SETTLE ms ago: while the scaled picture on
 * screen is the one for this pane and these colours, the sharp one is
 * asked for here, not from a frame drawn again for the purpose; else
 * (or if a worker is drawing) the next frame sees to it. */
static gboolean
on_settled (gpointer data)
{
  KhojiMapView *self = data;
  gint64 since = g_get_monotonic_time () - self->zoomed_at;
  Picture now = { 0 };
  double k;

  self->settle_id = 0;
  if (self->zoomed_at == 0)
    return G_SOURCE_REMOVE;
  if (since < ZOOM_SETTLE * 1000)
    {
      self->settle_id = g_timeout_add (ZOOM_SETTLE + 10 - since / 1000, on_settled, self);
      return G_SOURCE_REMOVE;
    }
  picture_pane (self, &now);
  k = self->picture_scale != 0 ? self->scale / self->picture_scale : 1;
  if (picture_matches (self, &now) && self->picture_dots == self->dots && k != 1 && k > 0.5 && k < 4)
    {
      if (!self->drawing)
        draw_on_worker (self);
    }
  else
    gtk_widget_queue_draw (GTK_WIDGET (self));
  return G_SOURCE_REMOVE;
}

/* The picture: moved (and while zooming, scaled) to where the present
 * scale and offset put it; drawn on a worker once zoom steps stop; drawn
 * at once when there is none for this pane and these colours, when it no
 * longer covers the pane after a pan, or after a jump. Once a pan has
 * left less than PAN_AHEAD of the band on a side it heads to, drawn
 * again on a worker, half a band further that way, as the network view
 * does: a steady pan never waits for a picture on the main thread. */
static void
draw_map (KhojiMapView *self,
          cairo_t      *cr,
          int           width,
          int           height)
{
  Picture *now = picture_new (self, self->dots, self->members);
  gboolean matches = picture_matches (self, now) && self->picture_dots == self->dots;
  double k = matches ? self->scale / self->picture_scale : 1;
  int factor = now->factor;
  /* Where the picture's corners land on screen now. */
  double x0 = (-BAND - self->picture_ox) * k + self->offset_x, y0 = (-BAND - self->picture_oy) * k + self->offset_y;
  double x1 = x0 + (width + 2 * BAND) * k, y1 = y0 + (height + 2 * BAND) * k;
  gboolean covers = x0 <= 0 && y0 <= 0 && x1 >= width && y1 >= height;

  if (self->offset_x != self->last_x || self->offset_y != self->last_y)
    {
      double dx = self->offset_x - self->last_x, dy = self->offset_y - self->last_y;
      double most = MAX (fabs (dx), fabs (dy));

      self->heading_x = dx / most;
      self->heading_y = dy / most;
      self->last_x = self->offset_x;
      self->last_y = self->offset_y;
    }
  if (matches && k != 1 && self->zoomed_at != 0 && k > 0.5 && k < 4)
    {
      gint64 since = g_get_monotonic_time () - self->zoomed_at;

      /* Scaled while the zooming goes on (even short of the pane's
       * edges when zoomed out); drawn anew on a worker once it stops. */
      if (since < ZOOM_SETTLE * 1000)
        {
          if (self->settle_id == 0)
            self->settle_id = g_timeout_add (ZOOM_SETTLE + 10, on_settled, self);
        }
      else if (!self->drawing)
        draw_on_worker (self);
    }
  else if (!matches || !covers || k != 1)
    {
      /* At once: the dots gathered for this scale, the outline kept when
       * it is at this scale and covers the pane. */
      if (self->dots_scale != self->scale)
        {
          GArray *dots, *members;

          group_dots (self, &dots, &members);
          set_dots (self, self->scale, dots, members);
          g_array_unref (now->dots);
          g_array_unref (now->members);
          now->dots = g_array_ref (dots);
          now->members = g_array_ref (members);
        }
      if (self->outline != NULL && picture_matches (self, now) && k == 1 && covers)
        {
          now->outline = cairo_surface_reference (self->outline);
          now->offset_x = self->picture_ox;
          now->offset_y = self->picture_oy;
        }
      khoji_map_picture_draw (now);
      install_picture (self, now);
      self->zoomed_at = 0;
      x0 = (-BAND - self->picture_ox) + self->offset_x;
      y0 = (-BAND - self->picture_oy) + self->offset_y;
      x1 = x0 + width + 2 * BAND;
      k = 1;
    }
  else if (!self->drawing && self->dots_scale == self->scale)
    {
      /* The room left on the sides the pane heads to. */
      double room_x = self->heading_x > 0 ? -x0 : self->heading_x < 0 ? x0 + 2 * BAND : BAND;
      double room_y = self->heading_y > 0 ? -y0 : self->heading_y < 0 ? y0 + 2 * BAND : BAND;

      if (MIN (room_x, room_y) < PAN_AHEAD)
        /* By whole pixels, as a pan moves it. */
        draw_ahead (self, round (self->heading_x * BAND / 2), round (self->heading_y * BAND / 2));
    }
  khoji_map_picture_free (now);
  /* An image painted in the cairo node: the cairo renderer composites
   * only the pane's part of it, where a texture would be converted whole
   * every frame. Moved by whole device pixels when it is not scaled: a
   * fractional move would make the renderer filter every pixel. */
  cairo_save (cr);
  if (k == 1)
    cairo_translate (cr, round (x0 * factor) / factor, round (y0 * factor) / factor);
  else
    {
      cairo_translate (cr, x0, y0);
      cairo_scale (cr, k, k);
    }
  cairo_set_source_surface (cr, self->picture, 0, 0);
  /* Scaled down, cairo's default filter averages boxes of pixels: 12 ms
   * a frame in software; bilinear does for the moment a zoom lasts. */
  if (k != 1)
    cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_BILINEAR);
  cairo_paint (cr);
  cairo_restore (cr);
}

/* The focused dot's ring, over the picture. */
static void
draw_focus (KhojiMapView *self,
            GtkSnapshot  *snapshot)
{
  int focus = focus_dot (self);
  GskRoundedRect ring;
  GdkRGBA fg, colors[4];
  float widths[4] = { 2, 2, 2, 2 };
  double x, y, r;

  if (focus < 0 || !gtk_widget_has_visible_focus (GTK_WIDGET (self)))
    return;
  get_color (self, NULL, &fg);
  for (guint i = 0; i < 4; i++)
    colors[i] = fg;
  to_screen (self, dot_at (self, focus)->lat, dot_at (self, focus)->lon, &x, &y);
  r = dot_radius (self, dot_at (self, focus)) + 7;
  gsk_rounded_rect_init_from_rect (&ring, &GRAPHENE_RECT_INIT (x - r, y - r, 2 * r, 2 * r), r);
  gtk_snapshot_append_border (snapshot, &ring, widths, colors);
}

/* Names: the selected, focused and hovered dots first, then the strongest,
 * each where it covers no name already placed; "+N" for a gathered dot. */
static void
draw_labels (KhojiMapView *self,
             GtkSnapshot  *snapshot,
             int           width,
             int           height)
{
  GtkWidget *widget = GTK_WIDGET (self);
  g_autoptr(GArray) placed = g_array_new (FALSE, FALSE, sizeof (graphene_rect_t));
  g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (guint));
  int focus = focus_dot (self);
  GdkRGBA fg;

  get_color (self, NULL, &fg);
  if (self->layouts_serial != pango_context_get_serial (gtk_widget_get_pango_context (widget)))
    {
      g_hash_table_remove_all (self->layouts);
      self->layouts_serial = pango_context_get_serial (gtk_widget_get_pango_context (widget));
    }
  for (guint pass = 0; pass < 2; pass++)
    for (guint d = 0; d < self->dots->len; d++)
      {
        gboolean first = dot_at (self, d)->asked || (int) d == focus || (int) d == self->hover_dot;

        if (first == (pass == 0))
          g_array_append_val (order, d);
      }
  for (guint k = 0; k < order->len && placed->len < 60; k++)
    {
      guint d = g_array_index (order, guint, k);
      Dot *dot = dot_at (self, d);
      KhojiPlace *top = place_at (self, dot->top);
      gboolean must = dot->asked || (int) d == self->hover_dot || ((int) d == focus && gtk_widget_has_focus (widget));
      PangoLayout *layout;
      graphene_rect_t rect;
      gboolean free = TRUE;
      double x, y, r = dot_radius (self, dot);
      int w, h;

      to_screen (self, dot->lat, dot->lon, &x, &y);
      if (x < -100 || y < -30 || x > width + 100 || y > height + 30)
        continue;
      {
        /* Translators: a dot of the map that holds several places: the strongest one's name and how many more */
        char *text = dot->n > 1 ? g_strdup_printf (_("%s +%u"), top->name, dot->n - 1) : g_strdup (top->name);

        layout = g_hash_table_lookup (self->layouts, text);
        if (layout == NULL)
          {
            /* Names of several zoom levels kept; a bound for a long
             * session's worth of selections. */
            if (g_hash_table_size (self->layouts) >= 4096)
              g_hash_table_remove_all (self->layouts);
            layout = gtk_widget_create_pango_layout (widget, text);
            g_hash_table_insert (self->layouts, text, layout);
          }
        else
          g_free (text);
      }
      pango_layout_get_pixel_size (layout, &w, &h);
      graphene_rect_init (&rect, x + r + 2, y - h / 2.0, w, h);
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

static void
draw_message (KhojiMapView *self,
              GtkSnapshot  *snapshot,
              const char   *message,
              int           width,
              int           height)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), message);
  GdkRGBA fg;
  int w, h;

  get_color (self, NULL, &fg);
  fg.alpha *= 0.7f;
  pango_layout_get_pixel_size (layout, &w, &h);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT ((width - w) / 2.0, height - h - 8));
  gtk_snapshot_append_layout (snapshot, layout, &fg);
  gtk_snapshot_restore (snapshot);
}

static void
khoji_map_view_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  KhojiMapView *self = KHOJI_MAP_VIEW (widget);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;
  if (self->world_scale <= 0)
    _khoji_map_view_fit (self);
  ensure_dots (self);

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  draw_map (self, cr, width, height);
  cairo_destroy (cr);
  draw_focus (self, snapshot);
  draw_labels (self, snapshot, width, height);

  if (self->places && self->places->n_located == 0 && !self->loading)
    draw_message (self, snapshot, _("No places to show on the map"), width, height);
}

static void
khoji_map_view_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 200 : 120;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 600 : 300;
}

static void
khoji_map_view_size_allocate (GtkWidget *widget,
                              int        width,
                              int        height,
                              int        baseline)
{
  KhojiMapView *self = KHOJI_MAP_VIEW (widget);

  if (!self->user_moved)
    _khoji_map_view_fit (self);
  else
    self->world_scale = MIN (MAX (width - 2 * MARGIN, 10) / 360.0, MAX (height - 2 * MARGIN, 10) / 150.0);
}

/* ---- Hit testing, accessibility ---- */

static int
find_dot (KhojiMapView *self,
          double        x,
          double        y)
{
  int best = -1;
  double best_d = G_MAXDOUBLE;

  ensure_dots (self);
  for (guint d = 0; d < self->dots->len; d++)
    {
      double dx, dy, r = dot_radius (self, dot_at (self, d)) + 3, dist;

      to_screen (self, dot_at (self, d)->lat, dot_at (self, d)->lon, &dx, &dy);
      dist = hypot (dx - x, dy - y);
      if (dist <= r && dist < best_d)
        {
          best_d = dist;
          best = (int) d;
        }
    }
  return best;
}

static char *
dot_description (KhojiMapView *self,
                 const Dot    *dot)
{
  KhojiPlace *p = place_at (self, dot->top);

  if (dot->n == 1)
    {
      if (self->selection->len > 0)
        /* Translators: a place of the map: its name, Latin name, the selected entities' articles that name it, and all that do */
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s (%s): %u article of the selection, %u in all",
                                             "%s (%s): %u articles of the selection, %u in all", p->n_articles),
                                p->name, p->latin, p->n_articles, p->n_total);
      /* Translators: a place of the map: its name, Latin name and the articles that name it */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s (%s): %u article", "%s (%s): %u articles",
                                           p->n_articles),
                              p->name, p->latin, p->n_articles);
    }
  /* Translators: a dot of the map that holds several places close together */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u places around %s: %u article",
                                       "%u places around %s: %u articles", dot->n_articles),
                          dot->n, p->name, dot->n_articles);
}

static void
update_accessible (KhojiMapView *self)
{
  g_autofree char *description = NULL;
  int focus = self->places ? focus_dot (self) : -1;

  if (focus >= 0)
    description = dot_description (self, dot_at (self, focus));
  else if (self->places)
    /* Translators: the map view: places drawn, places the gazetteer cannot locate */
    description = g_strdup_printf (_("%u places on the map, %u not located"), self->places->n_located,
                                   self->places->places->len - self->places->n_located);
  else
    description = g_strdup (_("Map of the places the articles name"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
}

/* ---- Input ---- */

static void
zoom_at (KhojiMapView *self,
         double        factor,
         double        cx,
         double        cy)
{
  double world = MAX (self->world_scale, 1e-9);
  double scale = CLAMP (self->scale * factor, world * MIN_ZOOM, world * MAX_ZOOM);

  factor = scale / self->scale;
  self->offset_x = cx - (cx - self->offset_x) * factor;
  self->offset_y = cy - (cy - self->offset_y) * factor;
  self->scale = scale;
  self->user_moved = TRUE;
  self->zoomed_at = g_get_monotonic_time ();
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* A gathered dot opens into the box of its places. */
static void
open_dot (KhojiMapView *self,
          const Dot    *dot)
{
  double min_lat = G_MAXDOUBLE, min_lon = G_MAXDOUBLE, max_lat = -G_MAXDOUBLE, max_lon = -G_MAXDOUBLE;

  for (guint m = 0; m < dot->n; m++)
    {
      KhojiPlace *p = place_at (self, g_array_index (self->members, guint, dot->first + m));

      min_lat = MIN (min_lat, p->latitude);
      max_lat = MAX (max_lat, p->latitude);
      min_lon = MIN (min_lon, p->longitude);
      max_lon = MAX (max_lon, p->longitude);
    }
  {
    double pad = MAX (MAX (max_lon - min_lon, max_lat - min_lat) * 0.25, 0.5);

    _khoji_map_view_show_box (self, min_lat - pad, min_lon - pad, max_lat + pad, max_lon + pad);
  }
  self->user_moved = TRUE;
}

static void
activate_dot (KhojiMapView *self,
              int           d)
{
  Dot *dot;

  if (d < 0 || (guint) d >= self->dots->len)
    return;
  dot = dot_at (self, d);
  self->focus_id = place_at (self, dot->top)->id;
  if (dot->n > 1)
    {
      open_dot (self, dot);
      update_accessible (self);
      return;
    }
  update_accessible (self);
  g_signal_emit (self, signals[ENTITY_ACTIVATED], 0, place_at (self, dot->top)->id);
}

static void
on_click_released (GtkGestureClick *gesture,
                   int              n_press,
                   double           x,
                   double           y,
                   gpointer         user_data)
{
  KhojiMapView *self = user_data;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  activate_dot (self, find_dot (self, x, y));
}

static void
on_drag_begin (GtkGestureDrag *gesture,
               double          x,
               double          y,
               gpointer        user_data)
{
  KhojiMapView *self = user_data;

  self->drag_x = self->offset_x;
  self->drag_y = self->offset_y;
}

static void
on_drag_update (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                gpointer        user_data)
{
  KhojiMapView *self = user_data;

  if (fabs (dx) + fabs (dy) < 3 && !self->user_moved)
    return;
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  self->user_moved = TRUE;
  self->offset_x = self->drag_x + dx;
  self->offset_y = self->drag_y + dy;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
on_scroll (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           gpointer                  user_data)
{
  KhojiMapView *self = user_data;
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
  KhojiMapView *self = user_data;
  int dot = find_dot (self, x, y);

  self->pointer_x = x;
  self->pointer_y = y;
  if (dot != self->hover_dot)
    {
      self->hover_dot = dot;
      gtk_widget_set_cursor_from_name (GTK_WIDGET (self), dot >= 0 ? "pointer" : NULL);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static void
on_leave (GtkEventControllerMotion *controller,
          gpointer                  user_data)
{
  KhojiMapView *self = user_data;

  self->hover_dot = -1;
  self->pointer_x = self->pointer_y = -1;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_sentence_read (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(KhojiMapView) self = user_data;
  g_autoptr(GError) error = NULL;
  KhojiEntityMention *mention = khoji_library_first_mention_finish (KHOJI_LIBRARY (source), result, &error);
  gint64 id = self->sentence_pending;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->sentence_pending = 0;
  g_hash_table_insert (self->sentences, g_memdup2 (&id, sizeof id),
                       g_strdup (mention ? mention->sentence : ""));
  khoji_entity_mention_free (mention);
  gtk_widget_trigger_tooltip_query (GTK_WIDGET (self));
}

/* The first sentence that names the place, read once and kept; NULL
 * while it is being read. */
static const char *
sentence_of (KhojiMapView *self,
             gint64        id)
{
  const char *sentence = g_hash_table_lookup (self->sentences, &id);

  if (sentence || self->library == NULL)
    return sentence;
  if (self->sentence_pending != id)
    {
      g_cancellable_cancel (self->sentence_cancellable);
      g_clear_object (&self->sentence_cancellable);
      self->sentence_cancellable = g_cancellable_new ();
      self->sentence_pending = id;
      khoji_library_first_mention_async (self->library, id, self->sentence_cancellable,
                                         on_sentence_read, g_object_ref (self));
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
  KhojiMapView *self = KHOJI_MAP_VIEW (widget);
  int d = keyboard ? focus_dot (self) : find_dot (self, x, y);
  g_autoptr(GString) text = NULL;
  Dot *dot;

  if (d < 0 || self->places == NULL)
    return FALSE;
  dot = dot_at (self, d);
  text = g_string_new (NULL);
  if (dot->n == 1)
    {
      KhojiPlace *p = place_at (self, dot->top);
      const char *sentence = sentence_of (self, p->id);
      g_autofree char *line = dot_description (self, dot);

      g_string_append (text, line);
      if (sentence == NULL)
        g_string_append (text, "\n…");
      else if (*sentence)
        g_string_append_printf (text, "\n“%s”", sentence);
    }
  else
    {
      g_autofree char *line = dot_description (self, dot);

      g_string_append (text, line);
      for (guint m = 0; m < dot->n && m < 8; m++)
        {
          KhojiPlace *p = place_at (self, g_array_index (self->members, guint, dot->first + m));

          g_string_append_printf (text, "\n%s · %u", p->name, p->n_articles);
        }
      if (dot->n > 8)
        g_string_append (text, "\n…");
    }
  gtk_tooltip_set_text (tooltip, text->str);
  return TRUE;
}

/* The nearest dot in the arrow's direction (within 60° of it). */
static int
dot_towards (KhojiMapView *self,
             int           from,
             double        dx,
             double        dy)
{
  int best = -1;
  double best_score = G_MAXDOUBLE, x0, y0;

  to_screen (self, dot_at (self, from)->lat, dot_at (self, from)->lon, &x0, &y0);
  for (guint i = 0; i < self->dots->len; i++)
    {
      double x, y, vx, vy, along, across;

      if ((int) i == from)
        continue;
      to_screen (self, dot_at (self, i)->lat, dot_at (self, i)->lon, &x, &y);
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
  KhojiMapView *self = user_data;
  double cx = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0, cy = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;
  gboolean shift = (state & GDK_SHIFT_MASK) != 0;
  int focus = focus_dot (self), next = -2;
  double ax = 0, ay = 0;

  switch (keyval)
    {
    case GDK_KEY_Left: case GDK_KEY_KP_Left:
      ax = -1;
      break;
    case GDK_KEY_Right: case GDK_KEY_KP_Right:
      ax = 1;
      break;
    case GDK_KEY_Up: case GDK_KEY_KP_Up:
      ay = -1;
      break;
    case GDK_KEY_Down: case GDK_KEY_KP_Down:
      ay = 1;
      break;
    case GDK_KEY_Return: case GDK_KEY_KP_Enter: case GDK_KEY_space:
      activate_dot (self, focus);
      return TRUE;
    case GDK_KEY_plus: case GDK_KEY_KP_Add: case GDK_KEY_equal:
      zoom_at (self, 1.25, cx, cy);
      return TRUE;
    case GDK_KEY_minus: case GDK_KEY_KP_Subtract:
      zoom_at (self, 0.8, cx, cy);
      return TRUE;
    case GDK_KEY_0: case GDK_KEY_KP_0:
      khoji_map_view_zoom_fit (self);
      return TRUE;
    default:
      return FALSE;
    }
  /* Shift and an arrow move the map; an arrow moves between dots. */
  if (shift || focus < 0)
    {
      khoji_map_view_pan (self, -ax * 80, -ay * 60);
      return TRUE;
    }
  next = dot_towards (self, focus, ax, ay);
  if (next >= 0)
    {
      self->focus_id = place_at (self, dot_at (self, next)->top)->id;
      update_accessible (self);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
  return TRUE;
}

static void
on_focus_changed (KhojiMapView *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* ---- Public ---- */

GtkWidget *
khoji_map_view_new (void)
{
  return g_object_new (KHOJI_TYPE_MAP_VIEW, NULL);
}

void
khoji_map_view_set_library (KhojiMapView *self,
                            KhojiLibrary *library)
{
  g_return_if_fail (KHOJI_IS_MAP_VIEW (self));

  if (!g_set_object (&self->library, library))
    return;
  g_array_set_size (self->selection, 0);
  g_hash_table_remove_all (self->sentences);
  /* Read when shown. */
  g_clear_pointer (&self->places, khoji_places_free);
  g_clear_pointer (&self->order, g_array_unref);
  self->places_serial++;
  self->dots_scale = 0;
}

gboolean
khoji_map_view_set_selection (KhojiMapView *self,
                              GArray       *ids)
{
  g_return_val_if_fail (KHOJI_IS_MAP_VIEW (self), FALSE);

  if (ids && ids->len == self->selection->len &&
      memcmp (ids->data, self->selection->data, sizeof (gint64) * ids->len) == 0)
    return FALSE;
  if ((ids == NULL || ids->len == 0) && self->selection->len == 0)
    return FALSE;
  g_array_set_size (self->selection, 0);
  if (ids && ids->len)
    g_array_append_vals (self->selection, ids->data, ids->len);
  khoji_map_view_reload (self);
  return TRUE;
}

void
khoji_map_view_zoom_in (KhojiMapView *self)
{
  zoom_at (self, 1.25, gtk_widget_get_width (GTK_WIDGET (self)) / 2.0, gtk_widget_get_height (GTK_WIDGET (self)) / 2.0);
}

void
khoji_map_view_zoom_out (KhojiMapView *self)
{
  zoom_at (self, 0.8, gtk_widget_get_width (GTK_WIDGET (self)) / 2.0, gtk_widget_get_height (GTK_WIDGET (self)) / 2.0);
}

void
khoji_map_view_zoom_fit (KhojiMapView *self)
{
  g_return_if_fail (KHOJI_IS_MAP_VIEW (self));

  self->user_moved = FALSE;
  _khoji_map_view_fit (self);
}

void
khoji_map_view_show_area (KhojiMapView *self,
                          double        min_lat,
                          double        min_lon,
                          double        max_lat,
                          double        max_lon)
{
  g_return_if_fail (KHOJI_IS_MAP_VIEW (self));

  _khoji_map_view_show_box (self, min_lat, min_lon, max_lat, max_lon);
  self->user_moved = TRUE;
}

double
khoji_map_view_get_zoom (KhojiMapView *self)
{
  return self->scale / MAX (self->world_scale, 1e-9);
}

void
khoji_map_view_pan (KhojiMapView *self,
                    double        dx,
                    double        dy)
{
  g_return_if_fail (KHOJI_IS_MAP_VIEW (self));

  self->offset_x += dx;
  self->offset_y += dy;
  self->user_moved = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const KhojiPlaces *
khoji_map_view_get_places (KhojiMapView *self)
{
  return self->places;
}

gboolean
khoji_map_view_is_loading (KhojiMapView *self)
{
  return self->loading;
}

void
khoji_map_view_to_screen (KhojiMapView *self,
                          double        latitude,
                          double        longitude,
                          double       *x,
                          double       *y)
{
  to_screen (self, latitude, longitude, x, y);
}

void
khoji_map_view_to_world (KhojiMapView *self,
                         double        x,
                         double        y,
                         double       *latitude,
                         double       *longitude)
{
  *longitude = (x - self->offset_x) / self->scale;
  *latitude = (self->offset_y - y) / self->scale;
}

guint
khoji_map_view_get_n_dots (KhojiMapView *self)
{
  ensure_dots (self);
  return self->dots->len;
}

gboolean
khoji_map_view_get_dot (KhojiMapView *self,
                        guint         i,
                        double       *x,
                        double       *y,
                        guint        *n_places,
                        int          *place)
{
  Dot *dot;

  ensure_dots (self);
  if (i >= self->dots->len)
    return FALSE;
  dot = dot_at (self, i);
  to_screen (self, dot->lat, dot->lon, x, y);
  *n_places = dot->n;
  *place = dot->place;
  return TRUE;
}

guint
khoji_map_view_get_n_outlines (KhojiMapView *self)
{
  g_return_val_if_fail (KHOJI_IS_MAP_VIEW (self), 0);
  return self->n_outlines;
}

guint
khoji_map_view_get_n_pictures (KhojiMapView *self)
{
  g_return_val_if_fail (KHOJI_IS_MAP_VIEW (self), 0);
  return self->n_pictures;
}

guint
khoji_map_view_get_n_borders (KhojiMapView *self)
{
  g_return_val_if_fail (KHOJI_IS_MAP_VIEW (self), 0);
  return self->n_borders;
}

static void
khoji_map_view_dispose (GObject *object)
{
  KhojiMapView *self = KHOJI_MAP_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->sentence_cancellable);
  g_clear_object (&self->sentence_cancellable);
  g_clear_object (&self->library);
  g_cancellable_cancel (self->picture_cancellable);
  g_clear_handle_id (&self->settle_id, g_source_remove);
  g_clear_pointer (&self->outline, cairo_surface_destroy);
  g_clear_pointer (&self->picture, cairo_surface_destroy);
  g_clear_pointer (&self->retired, cairo_surface_destroy);
  g_clear_pointer (&self->picture_dots, g_array_unref);
  G_OBJECT_CLASS (khoji_map_view_parent_class)->dispose (object);
}

static void
khoji_map_view_finalize (GObject *object)
{
  KhojiMapView *self = KHOJI_MAP_VIEW (object);

  g_clear_pointer (&self->places, khoji_places_free);
  g_array_unref (self->selection);
  g_array_unref (self->dots);
  g_hash_table_unref (self->layouts);
  g_array_unref (self->members);
  g_clear_pointer (&self->order, g_array_unref);
  g_clear_object (&self->picture_cancellable);
  g_hash_table_unref (self->sentences);
  G_OBJECT_CLASS (khoji_map_view_parent_class)->finalize (object);
}

static void
khoji_map_view_class_init (KhojiMapViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = khoji_map_view_dispose;
  object_class->finalize = khoji_map_view_finalize;
  widget_class->snapshot = khoji_map_view_snapshot;
  widget_class->measure = khoji_map_view_measure;
  widget_class->size_allocate = khoji_map_view_size_allocate;

  signals[ENTITY_ACTIVATED] = g_signal_new ("entity-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                            0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  signals[LOADED] = g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  gtk_widget_class_set_css_name (widget_class, "khoji-map");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
khoji_map_view_init (KhojiMapView *self)
{
  GtkGesture *click, *drag;
  GtkEventController *controller;

  self->selection = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->dots = g_array_new (FALSE, FALSE, sizeof (Dot));
  self->layouts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->picture_cancellable = g_cancellable_new ();
  self->members = g_array_new (FALSE, FALSE, sizeof (guint));
  self->sentences = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  self->hover_dot = -1;
  self->pointer_x = self->pointer_y = -1;
  self->scale = 1;

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
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
  update_accessible (self);
}
