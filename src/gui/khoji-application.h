/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "khoji-library.h"

G_BEGIN_DECLS

#define KHOJI_TYPE_APPLICATION (khoji_application_get_type ())
G_DECLARE_FINAL_TYPE (KhojiApplication, khoji_application, KHOJI, APPLICATION, AdwApplication)

/* library_path: NULL for the user's library in the XDG data folder. */
KhojiApplication *khoji_application_new              (const char       *library_path);
const char       *khoji_application_get_library_path (KhojiApplication *self);
/* Opens the library on first use; NULL (and error set) when it cannot. */
KhojiLibrary     *khoji_application_get_library      (KhojiApplication *self,
                                                      GError          **error);
/* Drops the application's reference to the library; the next
 * get_library() opens the file again. */
void              khoji_application_close_library    (KhojiApplication *self);
GSettings        *khoji_application_get_settings     (KhojiApplication *self);
/* Where “Try the Sample Articles” reads from. */
char             *khoji_application_dup_samples_dir  (void);

G_END_DECLS
