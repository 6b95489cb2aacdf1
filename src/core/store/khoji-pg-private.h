/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The PostgreSQL backend: a shared archive named by a postgresql:// URI.
 * What its files share: the connection and the helpers every statement
 * goes through. Private to store/.
 *
 *   khoji-pg.c              connecting, errors, the statements' helpers
 *   khoji-pg-schema.c       the tables, and the migrations
 *   khoji-pg-import.c       an article's inserts, counts, lexicon
 *   khoji-pg-queries.c      articles, entities, aliases read back; the
 *                           search (tsvector of Khoji's folding keys)
 *   khoji-pg-events.c       the timeline's events and their kept list
 *   khoji-pg-corrections.c  merge, rename, retype, hide, undo, replay
 *   khoji-pg-check.c        the integrity check and the export rows
 *   khoji-pg-network.c      who appears with whom
 *
 * The tables are SQLite's, with the same meaning (khoji-sqlite-schema.c
 * says why each is there); what differs is said in khoji-pg-schema.c.
 * Many computers write at once: an article is one transaction, as in
 * SQLite, but two transactions run side by side, so that what SQLite got
 * from its single writer comes here from constraints (a content hash is
 * unique), INSERT … ON CONFLICT, and advisory locks where a correction
 * must see a still library. */

#include <string.h>

#include <libpq-fe.h>

#include "khoji-store-backend.h"

G_BEGIN_DECLS

typedef struct _KhojiPgStore KhojiPgStore;

struct _KhojiPgStore
{
  KhojiStore  parent;
  PGconn     *conn;
  char       *who;            /* the OS user, recorded with each correction */
  GHashTable *statements;     /* SQL literal's address -> its prepared name */
  guint       n_statements;
  /* "base_id:form" of the aliases this connection has seen committed,
   * as in SQLite: an import need not send the spellings each article
   * repeats; pending_aliases are the open transaction's. */
  GHashTable *known_aliases;
  GPtrArray  *pending_aliases;
  /* The server went away in the middle of a pipeline: libpq could not
   * leave pipeline mode, and every later call fails with "busy" rather
   * than a lost connection. Such failures are the server's going. */
  gboolean    lost;
  /* The timeline's kept list as last read (its bytes) and the version of
   * its row then (xmin): the next load reads the bytes again only when
   * the list was written since (khoji-pg-events.c). */
  GBytes     *event_list;
  gint64      event_list_xmin;
  /* The archive has article_search_pairs_newest, a GIN index of the
   * vectors, their pairs of words and the ids together (btree_gin): a
   * search looks among the newest articles first (khoji-pg-queries.c). */
  gboolean    search_window;
};

/* Advisory lock keys (pg_advisory_xact_lock): the library's whole
 * schema is one key space of its database. */
#define PG_LOCK_MIGRATE     "7046540001"   /* creating or upgrading the tables */
#define PG_LOCK_CORRECTIONS "7046540002"   /* shared by imports, taken whole by corrections */
#define PG_LOCK_FOLD        "7046540003"   /* folding the counts log */
#define PG_LOCK_EVENTS      "7046540004"   /* writing the kept event list */

/* Parameters of one statement, as text (PostgreSQL parses them by the
 * types the statement gives them). */
#define PG_MAX_PARAMS 16
typedef struct {
  const char *values[PG_MAX_PARAMS];
  char        numbers[PG_MAX_PARAMS][24];
  int         n;
} PgParams;

static inline void
pg_text (PgParams   *p,
         const char *s)
{
  g_assert (p->n < PG_MAX_PARAMS);
  p->values[p->n++] = s;
}

static inline void
pg_int (PgParams *p,
        gint64    v)
{
  g_assert (p->n < PG_MAX_PARAMS);
  g_snprintf (p->numbers[p->n], sizeof p->numbers[p->n], "%" G_GINT64_FORMAT, v);
  p->values[p->n] = p->numbers[p->n];
  p->n++;
}

/* khoji-pg.c */

/* Runs SQL (prepared once per connection, kept by its literal's
 * address) with PARAMS (may be NULL); the result on success, else NULL
 * with ERROR set. */
PGresult *_khoji_pg_run           (KhojiPgStore  *self,
                                   const char    *sql,
                                   PgParams      *params,
                                   GError       **error);
/* The same with the result in binary: numbers as big-endian integers,
 * read with pg_get_binary_int(). For results of many rows, where
 * printing and parsing every number as text is most of the time. */
PGresult *_khoji_pg_run_binary    (KhojiPgStore  *self,
                                   const char    *sql,
                                   PgParams      *params,
                                   GError       **error);
/* For SQL made at run time, not kept. */
PGresult *_khoji_pg_run_once      (KhojiPgStore  *self,
                                   const char    *sql,
                                   PgParams      *params,
                                   GError       **error);
gboolean  _khoji_pg_exec          (KhojiPgStore  *self,
                                   const char    *sql,
                                   GError       **error);
/* A result's error (or the connection's), as a KhojiStoreError. */
gboolean  _khoji_pg_set_error     (KhojiPgStore  *self,
                                   PGresult      *res,
                                   GError       **error);
/* Before a call: a connection the server cut (a restart, the network)
 * is made again, so that an import resumes once the server is back. */
gboolean  _khoji_pg_ensure        (KhojiPgStore  *self,
                                   GError       **error);
gboolean  _khoji_pg_begin         (KhojiPgStore  *self,
                                   GError       **error);
/* Commits when OK, else rolls back; FALSE when anything failed. */
gboolean  _khoji_pg_end           (KhojiPgStore  *self,
                                   gboolean       ok,
                                   GError       **error);
/* Whether ERROR says that the transaction lost a race (a deadlock, a
 * serialization failure) and may be run again. */
gboolean  _khoji_pg_error_is_retry (const GError *error);

static inline gint64
pg_get_int (PGresult *res,
            int       row,
            int       col)
{
  return PQgetisnull (res, row, col) ? 0 : g_ascii_strtoll (PQgetvalue (res, row, col), NULL, 10);
}

/* An integer column (smallint, integer, bigint) of a binary result. */
static inline gint64
pg_get_binary_int (PGresult *res,
                   int       row,
                   int       col)
{
  const char *v = PQgetvalue (res, row, col);
  gint64 n64;
  gint32 n32;
  gint16 n16;

  switch (PQgetisnull (res, row, col) ? 0 : PQgetlength (res, row, col))
    {
    case 8:
      memcpy (&n64, v, 8);
      return GINT64_FROM_BE (n64);
    case 4:
      memcpy (&n32, v, 4);
      return GINT32_FROM_BE (n32);
    case 2:
      memcpy (&n16, v, 2);
      return GINT16_FROM_BE (n16);
    default:
      return 0;
    }
}

static inline const char *
pg_get_text (PGresult *res,
             int       row,
             int       col)
{
  return PQgetisnull (res, row, col) ? NULL : PQgetvalue (res, row, col);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)

/* Statements sent together: a pipeline, one round trip to the server
 * for all of them, each still a prepared statement with its parameters.
 * An article's writes go so: on a busy server, or a busy computer under
 * it, each round trip waits its turn to be scheduled, and an article
 * made a dozen. */
typedef struct {
  GPtrArray *sqls;      /* literals */
  GPtrArray *values;    /* of char **, each statement's parameters */
  GPtrArray *owned;     /* the strings they point to */
  GArray    *counts;    /* of int */
  GArray    *once;      /* of gboolean: planned for its parameters, not kept */
} PgBatch;

void       _khoji_pg_batch_init   (PgBatch       *batch);
void       _khoji_pg_batch_clear  (PgBatch       *batch);
/* Queues SQL with a copy of PARAMS (may be NULL). */
void       _khoji_pg_batch_add    (PgBatch       *batch,
                                   const char    *sql,
                                   const PgParams *params);
/* The same for a statement planned for its parameters each time it
 * runs (as _khoji_pg_run_once), where a plan kept for any parameters
 * would be poor: one made when the table was small. */
void       _khoji_pg_batch_add_once (PgBatch       *batch,
                                     const char    *sql,
                                     const PgParams *params);
/* Moves what FROM has queued to the end of TO. */
void       _khoji_pg_batch_append (PgBatch       *to,
                                   PgBatch       *from);
/* Sends what is queued, at once, and empties the batch; the results in
 * order (of PGresult *), or NULL with the first failure's error. */
GPtrArray *_khoji_pg_batch_run    (KhojiPgStore  *self,
                                   PgBatch       *batch,
                                   GError       **error);

/* khoji-pg-events.c: for check, how many events the kept list and the
 * rows marked kept do not share (0 without a list); -1 on error. */
gint64    _khoji_pg_event_list_problems (KhojiPgStore  *self,
                                         GError       **error);

/* Appends S to an array literal being built ("{…}"), quoted. */
void      _khoji_pg_array_append  (GString       *array,
                                   const char    *s,
                                   gssize         len);

/* khoji-pg-schema.c */
gboolean  _khoji_pg_migrate       (KhojiPgStore  *self,
                                   GError       **error);
/* The schema version of the connected database: 0 for an empty one,
 * -1 when it cannot be read. */
int       _khoji_pg_read_version  (KhojiPgStore  *self,
                                   GError       **error);

/* khoji-pg-import.c */
gboolean  _khoji_pg_fold_counts   (KhojiPgStore  *self,
                                   GError       **error);
gboolean  _khoji_pg_replay_attribute_corrections (KhojiPgStore  *self,
                                                  gint64         entity_id,
                                                  const char    *key,
                                                  GError       **error);
/* The tsvector literal of an article: the title's folding keys (weight
 * A) then the text's, with positions. */
char     *_khoji_pg_search_vector (const char        *title,
                                   const char        *text,
                                   const KhojiTokens *tokens);

/* khoji-pg-queries.c */
/* The ids of the entity rows that count for ENTITY_ID: its own, if not
 * merged away, and those merged into it, as an array literal. */
char     *_khoji_pg_entity_rows   (KhojiPgStore  *self,
                                   gint64         entity_id,
                                   GError       **error);

G_END_DECLS
