/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* What the tests of the window under Xvfb share: the main loop is run
 * by hand, never slept in, so that the window draws while a test waits. */

/* Runs the main context for ms milliseconds. */
void     khoji_test_spin          (guint      ms);

/* Runs the main context until done (data) or timeout_ms have passed;
 * FALSE on the timeout. */
gboolean khoji_test_spin_until    (GSourceFunc done,
                                   gpointer    data,
                                   guint       timeout_ms);

/* For khoji_test_spin_until (): whether the widget data is mapped. */
gboolean khoji_test_widget_mapped (gpointer   data);

/* The pointer moved to (x, y) over the widget, as the window's motion
 * events reach the widget's motion controllers. */
void     khoji_test_motion        (GtkWidget *widget,
                                   double     x,
                                   double     y);

/* Moves the X pointer to the far corner of the screen, outside every
 * window the tests open, as a person's hand would be off the mouse: no
 * window is hovered, and no tooltip times out over a window that has
 * since been closed. Nothing on another display. */
void     khoji_test_park_pointer  (void);

/* The widget's pixels as its window's renderer draws them, at its
 * size; NULL when it draws nothing. */
GdkTexture *khoji_test_render_widget (GtkWidget *widget);

/* The same pixels as bytes, 4 a pixel, rows of width * 4. */
GBytes     *khoji_test_render_pixels (GtkWidget *widget,
                                      int       *width,
                                      int       *height);
guint       khoji_test_count_differing (const guint8 *a,
                                        const guint8 *b,
                                        int           width,
                                        int           height,
                                        guint        *inked);

G_END_DECLS
