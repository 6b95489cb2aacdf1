/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A throwaway PostgreSQL cluster for the tests of the PostgreSQL backend:
 * initdb into a fresh folder under /tmp, a server listening only on a
 * Unix socket in that folder (no TCP), stopped and removed at the end.
 * As root, the server runs as the unprivileged user nobody (PostgreSQL
 * refuses to run as root), its folder chowned to it; the folder is under
 * /tmp so that nobody can reach it even when the checkout is under a
 * 0700 /root path. A guard process stops the server and removes the
 * folder if the test process dies without doing so (an assertion's
 * abort).
 *
 * The server's programs are found through $KHOJI_PG_BINDIR, then
 * `pg_config --bindir`, then /usr/lib/postgresql/NN/bin. When they are
 * missing, khoji_test_pg_start() fails with a message that says what to
 * install: the PostgreSQL variants of the tests fail, never skip. */

typedef struct _KhojiTestPg KhojiTestPg;

KhojiTestPg *khoji_test_pg_start           (GError     **error);
/* The cluster of this process, started at the first call and stopped
 * when the process exits normally; a failure to start fails the calling
 * test with the reason. */
KhojiTestPg *khoji_test_pg_shared          (void);
/* Stops the server and removes its folder. */
void         khoji_test_pg_free            (KhojiTestPg *pg);

/* A new empty database (named PREFIX and a serial number), as a
 * postgresql:// URI that reaches it through the socket. */
char        *khoji_test_pg_new_database    (KhojiTestPg *pg,
                                            const char  *prefix);
/* The URI of the database NAME. */
char        *khoji_test_pg_uri             (KhojiTestPg *pg,
                                            const char  *name);
const char  *khoji_test_pg_dir             (KhojiTestPg *pg);

/* Stops the server (fast shutdown: connections are cut) and starts it
 * again, for the tests of a server gone mid-work. */
gboolean     khoji_test_pg_stop_server     (KhojiTestPg *pg,
                                            GError     **error);
gboolean     khoji_test_pg_start_server    (KhojiTestPg *pg,
                                            GError     **error);

/* A role that must give PASSWORD (SCRAM) to log in over the socket. */
gboolean     khoji_test_pg_add_password_role (KhojiTestPg  *pg,
                                              const char   *role,
                                              const char   *password,
                                              GError      **error);

/* Runs SQL on the database of URI as the cluster's superuser; the first
 * column of the first row as text (NULL for no row), or fails the test. */
char        *khoji_test_pg_query           (const char  *uri,
                                            const char  *sql);
gint64       khoji_test_pg_query_int       (const char  *uri,
                                            const char  *sql);
/* Every row of SQL, its columns as text: "a|b|c\n" a row, as the SQLite
 * tests write them. */
char        *khoji_test_pg_rows            (const char  *uri,
                                            const char  *sql);

G_END_DECLS
