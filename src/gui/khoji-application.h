/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "khoji-library.h"

G_BEGIN_DECLS

#define KHOJI_TYPE_APPLICATION (khoji_application_get_type ())
G_DECLARE_FINAL_TYPE (KhojiApplication, khoji_application, KHOJI, APPLICATION, AdwApplication)

/* library_path: a file's path or an archive's postgresql:// URI; NULL
 * for what the Preferences choose (the user's library in the XDG data
 * folder, or the shared archive they name). */
KhojiApplication *khoji_application_new              (const char       *library_path);
const char       *khoji_application_get_library_path (KhojiApplication *self);
/* Opens the library on first use; NULL (and error set) when it cannot. */
KhojiLibrary     *khoji_application_get_library      (KhojiApplication *self,
                                                      GError          **error);
/* Drops the application's reference to the library; the next
 * get_library() opens the file again. */
void              khoji_application_close_library    (KhojiApplication *self);
GSettings        *khoji_application_get_settings     (KhojiApplication *self);
/* Whether the library is the shared archive the Preferences name (no
 * library path given, "Shared Archive" chosen): its password is looked
 * up in the keyring before it is opened. */
gboolean          khoji_application_wants_archive    (KhojiApplication *self);
/* The location get_library() opens from now on, in memory only: the
 * archive's URI with its password. */
void              khoji_application_set_location     (KhojiApplication *self,
                                                      const char       *location);
/* What get_library() opens: the location set, the library path, or the
 * default library file. May hold a password: never show it as it is
 * (khoji_location_for_display()). */
char             *khoji_application_dup_location     (KhojiApplication *self);
/* Closes every window and the library, and opens a new window on what
 * the Preferences now choose. */
void              khoji_application_reopen_library   (KhojiApplication *self);
/* Where “Try the Sample Articles” reads from. */
char             *khoji_application_dup_samples_dir  (void);

G_END_DECLS
