/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-test"

#include "khoji-test-ui.h"

#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#include <X11/Xlib.h>
#endif

void
khoji_test_spin (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
}

gboolean
khoji_test_spin_until (GSourceFunc done,
                       gpointer    data,
                       guint       timeout_ms)
{
  gint64 until = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!done (data))
    {
      if (g_get_monotonic_time () > until)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return TRUE;
}

gboolean
khoji_test_widget_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

void
khoji_test_motion (GtkWidget *widget,
                   double     x,
                   double     y)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_MOTION (controller))
        g_signal_emit_by_name (controller, "motion", x, y);
    }
}

void
khoji_test_park_pointer (void)
{
#ifdef GDK_WINDOWING_X11
  GdkDisplay *display = gdk_display_get_default ();
  Display *x;
  int screen;

  if (display == NULL || !GDK_IS_X11_DISPLAY (display))
    return;
  /* Xvfb starts the pointer in the middle of its screen, inside every
   * window a test opens at the top left: the last pixel of the screen is
   * inside none of them. */
  x = gdk_x11_display_get_xdisplay (display);
  screen = DefaultScreen (x);
  XWarpPointer (x, None, RootWindow (x, screen), 0, 0, 0, 0,
                DisplayWidth (x, screen) - 1, DisplayHeight (x, screen) - 1);
  XSync (x, False);
#endif
}

GdkTexture *
khoji_test_render_widget (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    return NULL;
  return gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                      &GRAPHENE_RECT_INIT (0, 0, width, height));
}

GBytes *
khoji_test_render_pixels (GtkWidget *widget,
                          int       *width,
                          int       *height)
{
  g_autoptr(GdkTexture) texture = khoji_test_render_widget (widget);
  guchar *data;

  g_assert_nonnull (texture);
  *width = gdk_texture_get_width (texture);
  *height = gdk_texture_get_height (texture);
  data = g_malloc ((gsize) *width * *height * 4);
  gdk_texture_download (texture, data, (gsize) *width * 4);
  return g_bytes_new_take (data, (gsize) *width * *height * 4);
}

/* Of two renderings of WIDTH x HEIGHT RGBA pixels, how many differ by
 * more than 2 in any channel; INKED, how many of A's are not clear. */
guint
khoji_test_count_differing (const guint8 *a,
                            const guint8 *b,
                            int           width,
                            int           height,
                            guint        *inked)
{
  guint differ = 0;

  *inked = 0;
  for (gsize i = 0; i < (gsize) width * height * 4; i += 4)
    {
      guint d = 0;

      for (guint c = 0; c < 4; c++)
        d = MAX (d, (guint) ABS ((int) a[i + c] - (int) b[i + c]));
      differ += d > 2;
      *inked += a[i + 3] != 0;
    }
  return differ;
}
