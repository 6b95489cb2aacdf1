/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The shared archive the window's Preferences name: host, port, database
 * and user in GSettings, the password in the desktop keyring (the Secret
 * Service, through libsecret), never in GSettings or a file. */

/* Whether the settings ask for the shared archive rather than the file. */
gboolean khoji_archive_is_chosen        (GSettings           *settings);
/* The archive's URI from the settings, without a password. */
char    *khoji_archive_dup_uri          (GSettings           *settings);

/* The password kept for the archive the settings name; NULL (and no
 * error) when none is kept. The result is freed with
 * khoji_archive_password_free(), which clears it first. */
void     khoji_archive_lookup_password  (GSettings           *settings,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
char    *khoji_archive_lookup_password_finish (GAsyncResult        *result,
                                               GError             **error);
/* Keeps PASSWORD for the archive the settings name (an empty one
 * forgets it). */
void     khoji_archive_store_password   (GSettings           *settings,
                                         const char          *password,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
gboolean khoji_archive_store_password_finish (GAsyncResult        *result,
                                              GError             **error);
void     khoji_archive_password_free    (char                *password);

G_END_DECLS
