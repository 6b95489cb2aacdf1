/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Where a library lives: the path of a file on this computer, or a
 * postgresql:// (or postgres://) connection URI naming a shared archive.
 * Every place that takes one takes either: khoji-cli --db, KHOJI_DB, the
 * window. */

/* Whether LOCATION is a connection URI rather than a path. */
gboolean khoji_location_is_archive      (const char *location);

/* The URI of an archive from the parts the window's Preferences keep.
 * HOST is a name, an address, or the folder of a Unix socket (an
 * absolute path); PORT 0 leaves libpq's default; USER may be empty
 * (libpq then takes the login name). Every part is escaped, so any
 * character may stand in it. A connection attempt gives up after
 * KHOJI_LOCATION_CONNECT_TIMEOUT seconds, so that a network that is gone
 * is told as soon as a server that is down. Never holds a password. */
#define KHOJI_LOCATION_CONNECT_TIMEOUT 10
char    *khoji_location_archive_uri     (const char *host,
                                         guint       port,
                                         const char *database,
                                         const char *user);

/* URI with PASSWORD added as libpq's `password` parameter, for handing
 * to khoji_library_open() in memory: the result must never be written,
 * shown or logged (khoji_location_for_display() takes it out again).
 * NULL or "" PASSWORD: a copy of URI. */
char    *khoji_location_with_password   (const char *uri,
                                         const char *password);

/* LOCATION as it may be shown or logged: a path as it is, a URI without
 * any password (in its user part or as a parameter). */
char    *khoji_location_for_display     (const char *location);

G_END_DECLS
