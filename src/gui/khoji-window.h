/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "khoji-application.h"

G_BEGIN_DECLS

#define KHOJI_TYPE_WINDOW (khoji_window_get_type ())
G_DECLARE_FINAL_TYPE (KhojiWindow, khoji_window, KHOJI, WINDOW, AdwApplicationWindow)

KhojiWindow *khoji_window_new          (KhojiApplication *application);
/* Imports files and folders in the background, as a drop does. */
void         khoji_window_import_files (KhojiWindow      *self,
                                        GFile           **files,
                                        guint             n_files);
/* Opens the article in a reading column (or shows the open one). */
void         khoji_window_open_article (KhojiWindow      *self,
                                        gint64            article_id);

G_END_DECLS
