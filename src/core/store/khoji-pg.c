/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-store"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "khoji-pg-private.h"

/* Connecting to the archive's server, errors, and the helpers every
 * statement goes through. */

/* ---- Errors ---- */

static int
error_code_of_state (const char *state)
{
  if (state == NULL)
    return KHOJI_STORE_ERROR_FAILED;
  /* 40001 serialization failure, 40P01 deadlock, 55P03 lock not
   * available, 57014 cancelled (a statement timeout). */
  if (g_str_equal (state, "40001") || g_str_equal (state, "40P01") ||
      g_str_equal (state, "55P03") || g_str_equal (state, "57014"))
    return KHOJI_STORE_ERROR_BUSY;
  /* 53100 disk full, 53200 out of memory, 53300 too many connections. */
  if (g_str_has_prefix (state, "53"))
    return g_str_equal (state, "53300") ? KHOJI_STORE_ERROR_BUSY : KHOJI_STORE_ERROR_FULL;
  /* 25006 read-only transaction, 42501 insufficient privilege. */
  if (g_str_equal (state, "25006") || g_str_equal (state, "42501"))
    return KHOJI_STORE_ERROR_READ_ONLY;
  /* XX001 data corrupted, XX002 index corrupted. */
  if (g_str_equal (state, "XX001") || g_str_equal (state, "XX002"))
    return KHOJI_STORE_ERROR_CORRUPT;
  /* 42P01 undefined table, 42703 undefined column: not a Khoji archive,
   * or one a program other than Khoji changed. */
  if (g_str_equal (state, "42P01") || g_str_equal (state, "42703"))
    return KHOJI_STORE_ERROR_CORRUPT;
  /* 42601 syntax error: a search the server cannot read as a tsquery. */
  if (g_str_equal (state, "42601"))
    return KHOJI_STORE_ERROR_QUERY;
  return KHOJI_STORE_ERROR_FAILED;
}

/* libpq's message, one line: the server's first line says what. */
static char *
one_line (const char *message)
{
  g_autofree char *copy = g_strdup (message ? message : "");
  char *nl = strchr (copy, '\n');

  if (nl)
    *nl = '\0';
  return g_strdup (g_strstrip (copy));
}

gboolean
_khoji_pg_set_error (KhojiPgStore  *self,
                     PGresult      *res,
                     GError       **error)
{
  const char *state = res ? PQresultErrorField (res, PG_DIAG_SQLSTATE) : NULL;
  g_autofree char *detail = one_line (res && PQresultErrorMessage (res)[0] ? PQresultErrorMessage (res)
                                                                            : PQerrorMessage (self->conn));

  /* No state and a broken connection, or the server shutting down
   * (57P01-57P03) or a connection failure (08…): the server went away. */
  if ((state == NULL && (PQstatus (self->conn) == CONNECTION_BAD || self->lost)) ||
      (state && (g_str_has_prefix (state, "08") || g_str_has_prefix (state, "57P"))))
    {
      g_set_error (error, KHOJI_STORE_ERROR, KHOJI_STORE_ERROR_UNREACHABLE,
                   _("The connection to the archive’s server was lost; what was being saved was not kept (%s)"),
                   detail);
      return FALSE;
    }
  g_set_error (error, KHOJI_STORE_ERROR, error_code_of_state (state), "%s", detail);
  return FALSE;
}

gboolean
_khoji_pg_error_is_retry (const GError *error)
{
  return error && error->domain == KHOJI_STORE_ERROR && error->code == KHOJI_STORE_ERROR_BUSY;
}

/* ---- Statements ---- */

static PGresult *
check_result (KhojiPgStore  *self,
              PGresult      *res,
              GError       **error)
{
  ExecStatusType status = res ? PQresultStatus (res) : PGRES_FATAL_ERROR;

  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
    return res;
  _khoji_pg_set_error (self, res, error);
  g_clear_pointer (&res, PQclear);
  return NULL;
}

static const char *prepared (KhojiPgStore  *self,
                             const char    *sql,
                             int            n,
                             GError       **error);

PGresult *
_khoji_pg_run (KhojiPgStore  *self,
               const char    *sql,
               PgParams      *params,
               GError       **error)
{
  int n = params ? params->n : 0;
  const char *const *values = params ? params->values : NULL;
  const char *name;

  ASSERT_OWNER (self);
  name = prepared (self, sql, n, error);
  if (name == NULL)
    return NULL;
  return check_result (self, PQexecPrepared (self->conn, name, n, values, NULL, NULL, 0), error);
}

PGresult *
_khoji_pg_run_binary (KhojiPgStore  *self,
                      const char    *sql,
                      PgParams      *params,
                      GError       **error)
{
  int n = params ? params->n : 0;
  const char *name;

  ASSERT_OWNER (self);
  name = prepared (self, sql, n, error);
  if (name == NULL)
    return NULL;
  return check_result (self, PQexecPrepared (self->conn, name, n, params ? params->values : NULL, NULL, NULL, 1),
                       error);
}

PGresult *
_khoji_pg_run_once (KhojiPgStore  *self,
                    const char    *sql,
                    PgParams      *params,
                    GError       **error)
{
  ASSERT_OWNER (self);
  return check_result (self, PQexecParams (self->conn, sql, params ? params->n : 0, NULL,
                                           params ? params->values : NULL, NULL, NULL, 0), error);
}

/* The prepared name of SQL, prepared now if it was not. */
static const char *
prepared (KhojiPgStore  *self,
          const char    *sql,
          int            n,
          GError       **error)
{
  const char *name = g_hash_table_lookup (self->statements, sql);

  if (name == NULL)
    {
      g_autofree char *made = g_strdup_printf ("k%u", ++self->n_statements);
      PGresult *res = check_result (self, PQprepare (self->conn, made, sql, n, NULL), error);

      if (res == NULL)
        return NULL;
      PQclear (res);
      name = made;
      g_hash_table_insert (self->statements, (gpointer) sql, g_steal_pointer (&made));
    }
  return name;
}

void
_khoji_pg_batch_init (PgBatch *batch)
{
  batch->sqls = g_ptr_array_new ();
  batch->values = g_ptr_array_new_with_free_func (g_free);
  batch->owned = g_ptr_array_new_with_free_func (g_free);
  batch->counts = g_array_new (FALSE, FALSE, sizeof (int));
  batch->once = g_array_new (FALSE, FALSE, sizeof (gboolean));
}

void
_khoji_pg_batch_clear (PgBatch *batch)
{
  g_clear_pointer (&batch->sqls, g_ptr_array_unref);
  g_clear_pointer (&batch->values, g_ptr_array_unref);
  g_clear_pointer (&batch->owned, g_ptr_array_unref);
  g_clear_pointer (&batch->counts, g_array_unref);
  g_clear_pointer (&batch->once, g_array_unref);
}

static void
batch_add (PgBatch        *batch,
           const char     *sql,
           const PgParams *params,
           gboolean        once)
{
  int n = params ? params->n : 0;
  char **values = g_new0 (char *, n + 1);

  for (int i = 0; i < n; i++)
    if (params->values[i])
      g_ptr_array_add (batch->owned, values[i] = g_strdup (params->values[i]));
  g_ptr_array_add (batch->sqls, (gpointer) sql);
  g_ptr_array_add (batch->values, values);
  g_array_append_val (batch->counts, n);
  g_array_append_val (batch->once, once);
}

void
_khoji_pg_batch_add (PgBatch        *batch,
                     const char     *sql,
                     const PgParams *params)
{
  batch_add (batch, sql, params, FALSE);
}

void
_khoji_pg_batch_add_once (PgBatch        *batch,
                          const char     *sql,
                          const PgParams *params)
{
  batch_add (batch, sql, params, TRUE);
}

static void
batch_empty (PgBatch *batch)
{
  g_ptr_array_set_size (batch->sqls, 0);
  g_ptr_array_set_size (batch->values, 0);
  g_ptr_array_set_size (batch->owned, 0);
  g_array_set_size (batch->counts, 0);
  g_array_set_size (batch->once, 0);
}

void
_khoji_pg_batch_append (PgBatch *to,
                        PgBatch *from)
{
  for (guint i = 0; i < from->sqls->len; i++)
    {
      g_ptr_array_add (to->sqls, from->sqls->pdata[i]);
      g_ptr_array_add (to->values, g_steal_pointer (&from->values->pdata[i]));
    }
  for (guint i = 0; i < from->owned->len; i++)
    g_ptr_array_add (to->owned, g_steal_pointer (&from->owned->pdata[i]));
  g_array_append_vals (to->counts, from->counts->data, from->counts->len);
  g_array_append_vals (to->once, from->once->data, from->once->len);
  batch_empty (from);
}

GPtrArray *
_khoji_pg_batch_run (KhojiPgStore  *self,
                     PgBatch       *batch,
                     GError       **error)
{
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) PQclear);
  g_autoptr(GError) first = NULL;
  guint n = batch->sqls->len;

  ASSERT_OWNER (self);
  for (guint i = 0; i < n; i++)
    if (!g_array_index (batch->once, gboolean, i) &&
        !prepared (self, g_ptr_array_index (batch->sqls, i), g_array_index (batch->counts, int, i), error))
      goto fail;
  if (!PQenterPipelineMode (self->conn))
    {
      _khoji_pg_set_error (self, NULL, error);
      goto fail;
    }
  for (guint i = 0; i < n; i++)
    {
      const char *sql = g_ptr_array_index (batch->sqls, i);
      const char *const *values = g_ptr_array_index (batch->values, i);
      int n_values = g_array_index (batch->counts, int, i);
      gboolean sent;

      if (g_array_index (batch->once, gboolean, i))
        sent = PQsendQueryParams (self->conn, sql, n_values, NULL, values, NULL, NULL, 0);
      else
        sent = PQsendQueryPrepared (self->conn, g_hash_table_lookup (self->statements, sql), n_values, values,
                                    NULL, NULL, 0);
      if (!sent)
        {
          _khoji_pg_set_error (self, NULL, &first);
          n = i;
          break;
        }
    }
  if (!PQpipelineSync (self->conn) && first == NULL)
    _khoji_pg_set_error (self, NULL, &first);
  for (guint i = 0; i < n; i++)
    {
      PGresult *res = PQgetResult (self->conn);
      ExecStatusType status = res ? PQresultStatus (res) : PGRES_FATAL_ERROR;

      if (res == NULL)
        {
          /* The connection went in the middle. */
          if (first == NULL)
            _khoji_pg_set_error (self, NULL, &first);
          break;
        }
      if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && first == NULL)
        _khoji_pg_set_error (self, res, &first);
      g_ptr_array_add (results, res);
      /* Each statement's results end with a NULL. */
      while ((res = PQgetResult (self->conn)) != NULL)
        PQclear (res);
    }
  /* The sync's own result, then out of the pipeline. */
  if (PQstatus (self->conn) == CONNECTION_OK)
    {
      PGresult *res;

      while ((res = PQgetResult (self->conn)) != NULL)
        {
          gboolean sync = PQresultStatus (res) == PGRES_PIPELINE_SYNC;

          PQclear (res);
          if (sync)
            break;
        }
    }
  if (!PQexitPipelineMode (self->conn))
    {
      /* Results still owed by a server that is gone: the connection
       * stays in pipeline mode for good. Say so as a lost connection,
       * now and for every call after, not as whatever came first. */
      self->lost = TRUE;
      if (first == NULL || first->code != KHOJI_STORE_ERROR_UNREACHABLE)
        {
          g_clear_error (&first);
          _khoji_pg_set_error (self, NULL, &first);
        }
    }
  batch_empty (batch);
  if (first)
    {
      g_propagate_error (error, g_steal_pointer (&first));
      return NULL;
    }
  return g_steal_pointer (&results);

fail:
  batch_empty (batch);
  return NULL;
}

gboolean
_khoji_pg_exec (KhojiPgStore  *self,
                const char    *sql,
                GError       **error)
{
  PGresult *res = check_result (self, PQexec (self->conn, sql), error);

  if (res == NULL)
    return FALSE;
  PQclear (res);
  return TRUE;
}

/* What each session sets: text as UTF-8, commits not waiting for the
 * disk (khoji_pg_store_set_bulk_writing says why), and an article's
 * text compressed with LZ4 where the server has it: pglz took 1.1-1.5 s
 * of the server's time to compress 1,000 articles' texts, LZ4 0.25 s
 * (0.2-0.25 s stored uncompressed), for 7.0 MB instead of 4.7 (of 14.8).
 * A server built without LZ4 keeps pglz. */
static gboolean
session_settings (KhojiPgStore  *self,
                  GError       **error)
{
  PQsetClientEncoding (self->conn, "UTF8");
  if (!_khoji_pg_exec (self, "SET synchronous_commit = off", error))
    return FALSE;
  if (!_khoji_pg_exec (self, "SET default_toast_compression = lz4", NULL))
    g_debug ("The archive's server compresses with pglz: %s", PQerrorMessage (self->conn));
  return TRUE;
}

gboolean
_khoji_pg_ensure (KhojiPgStore  *self,
                  GError       **error)
{
  if (PQstatus (self->conn) == CONNECTION_OK)
    return TRUE;
  /* A new session: what the old one had prepared is gone. */
  PQreset (self->conn);
  g_hash_table_remove_all (self->statements);
  if (PQstatus (self->conn) == CONNECTION_OK)
    return session_settings (self, error);
  return _khoji_pg_set_error (self, NULL, error);
}

gboolean
_khoji_pg_begin (KhojiPgStore  *self,
                 GError       **error)
{
  return _khoji_pg_ensure (self, error) && _khoji_pg_exec (self, "BEGIN", error);
}

gboolean
_khoji_pg_end (KhojiPgStore  *self,
               gboolean       ok,
               GError       **error)
{
  if (ok && _khoji_pg_exec (self, "COMMIT", error))
    return TRUE;
  /* A broken connection rolls back by itself: the server drops what the
   * session had not committed. */
  if (PQstatus (self->conn) == CONNECTION_OK)
    _khoji_pg_exec (self, "ROLLBACK", NULL);
  return FALSE;
}

void
_khoji_pg_array_append (GString    *array,
                        const char *s,
                        gssize      len)
{
  if (array->len > 1)
    g_string_append_c (array, ',');
  if (s == NULL)
    {
      g_string_append (array, "NULL");
      return;
    }
  if (len < 0)
    len = strlen (s);
  g_string_append_c (array, '"');
  for (gssize i = 0; i < len; i++)
    {
      if (s[i] == '"' || s[i] == '\\')
        g_string_append_c (array, '\\');
      g_string_append_c (array, s[i]);
    }
  g_string_append_c (array, '"');
}

/* ---- Connecting ---- */

/* The server's notices (a table already there) are for a developer. */
static void
log_notice (void       *data,
            const char *message)
{
  g_debug ("%s", message);
}

static PGconn *
connect_to (const char *uri)
{
  /* Keys are read in order, the last value of one winning; the URI is
   * expanded where "dbname" stands (expand_dbname). Before it, what the
   * URI may change: over TCP, a network gone without a word (a cable
   * pulled, a VPN dropped) is noticed within about 20 seconds, by
   * keepalives while Khoji waits for an answer (10 s idle, then 2
   * probes 5 s apart) and by a user timeout while what it sent goes
   * unacknowledged (20 s); TCP alone would wait out its retransmissions,
   * about a quarter of an hour, with an article's transaction open. A
   * statement that takes long on a server that is there is not cut:
   * its host answers the probes. Unix sockets ignore both. After it,
   * what the URI may not change: text as UTF-8, and a name in
   * pg_stat_activity. */
  const char *const keys[] = {
    "keepalives", "keepalives_idle", "keepalives_interval", "keepalives_count", "tcp_user_timeout",
    "dbname", "client_encoding", "application_name", NULL
  };
  const char *const values[] = { "1", "10", "5", "2", "20000", uri, "UTF8", "khoji", NULL };
  PGconn *conn = PQconnectdbParams (keys, values, 1);

  if (conn)
    PQsetNoticeProcessor (conn, log_notice, NULL);
  return conn;
}

static gboolean
set_connect_error (PGconn  *conn,
                   GError **error)
{
  g_autofree char *detail = one_line (conn ? PQerrorMessage (conn) : NULL);

  if (conn && PQconnectionNeedsPassword (conn))
    g_set_error (error, KHOJI_STORE_ERROR, KHOJI_STORE_ERROR_AUTH,
                 _("The archive’s server asks for a password (%s)"), detail);
  else if (conn && PQconnectionUsedPassword (conn))
    g_set_error (error, KHOJI_STORE_ERROR, KHOJI_STORE_ERROR_AUTH,
                 _("The archive’s server refused the user name or the password (%s)"), detail);
  else
    g_set_error (error, KHOJI_STORE_ERROR, KHOJI_STORE_ERROR_UNREACHABLE,
                 _("Cannot reach the archive’s server, or it refused the connection (%s)"), detail);
  return FALSE;
}

KhojiStore *
khoji_pg_store_open (const char  *uri,
                     GError     **error)
{
  KhojiPgStore *self = g_new0 (KhojiPgStore, 1);

  _khoji_store_init (&self->parent, &khoji_pg_store_class, uri);
  self->statements = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  self->known_aliases = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->pending_aliases = g_ptr_array_new_with_free_func (g_free);
  self->who = g_strdup (g_get_user_name ());

  self->conn = connect_to (uri);
  if (self->conn == NULL || PQstatus (self->conn) != CONNECTION_OK)
    {
      set_connect_error (self->conn, error);
      khoji_pg_store_close (&self->parent);
      return NULL;
    }
  if (!session_settings (self, error))
    {
      khoji_pg_store_close (&self->parent);
      return NULL;
    }

  /* A database from a newer Khoji is refused before anything is written
   * to it; an older one is brought up to date (both under the lock that
   * makes two programs opening a new archive at once take turns). */
  if (!_khoji_pg_migrate (self, error))
    {
      khoji_pg_store_close (&self->parent);
      return NULL;
    }
  return &self->parent;
}

int
khoji_pg_store_peek_version (const char *uri)
{
  KhojiPgStore self = { 0 };
  int version;

  _khoji_store_init (&self.parent, &khoji_pg_store_class, uri);
  self.statements = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  self.conn = connect_to (uri);
  version = self.conn && PQstatus (self.conn) == CONNECTION_OK ? _khoji_pg_read_version (&self, NULL) : -1;
  PQfinish (self.conn);
  g_hash_table_unref (self.statements);
  _khoji_store_clear (&self.parent);
  return version;
}

void
khoji_pg_store_close (KhojiStore *store)
{
  KhojiPgStore *self = (KhojiPgStore *) store;

  if (self == NULL)
    return;
  if (self->conn)
    PQfinish (self->conn);
  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->known_aliases, g_hash_table_unref);
  g_clear_pointer (&self->event_list, g_bytes_unref);
  g_clear_pointer (&self->pending_aliases, g_ptr_array_unref);
  g_free (self->who);
  _khoji_store_clear (&self->parent);
  g_free (self);
}

/* Every session commits without waiting for the commit to reach the
 * server's disk (synchronous_commit off, set at connecting), as SQLite's
 * synchronous=NORMAL does: a crash of the server's computer may lose the
 * last few articles, never leave half of one. Waiting for each commit's
 * flush was most of an import's time; there is nothing more to do for a
 * long one. */
void
khoji_pg_store_set_bulk_writing (KhojiStore *store,
                                 gboolean    bulk)
{
}

/* The server checkpoints by itself: there is nothing a client should do. */
gboolean
khoji_pg_store_checkpoint (KhojiStore  *store,
                           GError     **error)
{
  return TRUE;
}

guint
khoji_pg_store_count_articles (KhojiStore *store)
{
  KhojiPgStore *self = (KhojiPgStore *) store;
  g_autoptr(PGresult) res = NULL;

  if (!_khoji_pg_ensure (self, NULL))
    return 0;
  res = _khoji_pg_run (self, "SELECT count(*) FROM article", NULL, NULL);
  return res && PQntuples (res) == 1 ? (guint) pg_get_int (res, 0, 0) : 0;
}

const KhojiStoreClass khoji_pg_store_class = {
  .name = "postgresql",
  KHOJI_STORE_CLASS_INIT_ALL (khoji_pg_store)
#define KHOJI_PG_INIT(type, name, params, args) KHOJI_STORE_CLASS_INIT (khoji_pg_store, name)
  KHOJI_STORE_CALLS (KHOJI_PG_INIT)
#undef KHOJI_PG_INIT
};
