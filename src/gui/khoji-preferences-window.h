/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define KHOJI_TYPE_PREFERENCES_WINDOW (khoji_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (KhojiPreferencesWindow, khoji_preferences_window, KHOJI, PREFERENCES_WINDOW, AdwPreferencesWindow)

KhojiPreferencesWindow *khoji_preferences_window_new (GSettings *settings);

G_END_DECLS
