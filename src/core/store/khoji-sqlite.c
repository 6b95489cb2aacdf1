/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-store"

#include "config.h"

#include <errno.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

#include "khoji-sqlite-private.h"

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static gsize memstatus_off;

/* Whether a connection can read the file: user_version is the first
 * read, and what fails on a WAL library that cannot be written. */
static gboolean
connection_reads (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok = sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
                sqlite3_step (stmt) == SQLITE_ROW;

  sqlite3_finalize (stmt);
  return ok;
}

static char *
file_uri (const char *path,
          const char *query)
{
  g_autofree char *escaped = g_uri_escape_string (path, "/", FALSE);

  return g_strconcat ("file:", escaped, "?", query, NULL);
}

/* Opens the library for writing, or else for reading: a library whose
 * file or folder cannot be written is still read. SQLite opens a file it
 * cannot write read-only by itself, but a WAL library read-only needs its
 * -shm file, which a read-only folder cannot hold: then the file is read
 * as immutable, which is exact as long as no WAL holds changes not yet in
 * it (a WAL that does is read with mode=ro, or the library is refused). */
static gboolean
open_connection (KhojiSqliteStore  *self,
                 const char        *path,
                 GError           **error)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  struct stat st;
  int rc;

  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc == SQLITE_OK && !sqlite3_db_readonly (self->db, "main"))
    {
      int read_rc;

      if (connection_reads (self->db))
        return TRUE;
      /* Writable yet unreadable: damaged, busy, or not a database, which
       * the first read says again; or a WAL library in a folder that
       * cannot be written, read below. */
      read_rc = sqlite3_extended_errcode (self->db) & 0xff;
      if (read_rc != SQLITE_CANTOPEN && read_rc != SQLITE_READONLY)
        return TRUE;
    }
  else if (rc != SQLITE_OK && !g_file_test (path, G_FILE_TEST_EXISTS))
    return set_sqlite_error (error, self->db, rc, "Cannot open the library");

  for (guint attempt = 0; attempt < 2; attempt++)
    {
      g_autofree char *uri = NULL;

      if (attempt == 1 && g_stat (wal, &st) == 0 && st.st_size > 0)
        break;
      uri = file_uri (path, attempt == 0 ? "mode=ro" : "immutable=1");
      sqlite3_close_v2 (self->db);
      self->db = NULL;
      rc = sqlite3_open_v2 (uri, &self->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
      if (rc == SQLITE_OK && connection_reads (self->db))
        {
          self->read_only = TRUE;
          return TRUE;
        }
    }
  if (self->db && sqlite3_errcode (self->db) != SQLITE_OK)
    rc = sqlite3_errcode (self->db);
  if ((rc & 0xff) == SQLITE_NOTADB || (rc & 0xff) == SQLITE_CORRUPT)
    return set_sqlite_error (error, self->db, rc, "Cannot read the library");
  g_set_error (error, KHOJI_STORE_ERROR, KHOJI_STORE_ERROR_READ_ONLY,
               "Cannot read the library without writing to it or to its folder");
  return FALSE;
}


KhojiStore *
khoji_sqlite_store_open (const char  *path,
                         GError     **error)
{
  g_autofree char *dir = NULL;
  KhojiSqliteStore *self;

  g_return_val_if_fail (path != NULL, NULL);

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, KHOJI_STORE_ERROR,
                   saved == EACCES || saved == EROFS ? KHOJI_STORE_ERROR_READ_ONLY : KHOJI_STORE_ERROR_OPEN,
                   "Cannot create the folder %s: %s", dir, g_strerror (saved));
      return NULL;
    }

  /* SQLite counts every allocation under a global mutex unless told not
   * to, which must be said before its first use; nothing here reads the
   * counts. If another part of the process used SQLite first, the call
   * fails and the counting stays. */
  if (g_once_init_enter (&memstatus_off))
    g_once_init_leave (&memstatus_off, sqlite3_config (SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK ? 1 : 2);

  self = g_new0 (KhojiSqliteStore, 1);
  _khoji_store_init (&self->parent, &khoji_sqlite_store_class, path);
  /* Keyed by the address of the SQL: every cached statement's text is a
   * string literal, and hashing the text cost more than running many of
   * the statements. */
  self->statements = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, finalize_statement);
  self->known_aliases = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->pending_aliases = g_ptr_array_new_with_free_func (g_free);

  /* A library from a newer Khoji is refused before anything touches it:
   * even switching its journal to WAL rewrites its header. */
  if (g_file_test (path, G_FILE_TEST_EXISTS) &&
      khoji_sqlite_store_peek_version (path) > KHOJI_STORE_SCHEMA_VERSION)
    {
      _khoji_store_set_newer_error (error, khoji_sqlite_store_peek_version (path));
      khoji_sqlite_store_close (&self->parent);
      return NULL;
    }

  if (!open_connection (self, path, error))
    {
      khoji_sqlite_store_close (&self->parent);
      return NULL;
    }

  sqlite3_extended_result_codes (self->db, 1);
  /* Another writer (the window and the CLI at once) waits instead of
   * failing. */
  sqlite3_busy_timeout (self->db, 15000);

  if (!_khoji_sqlite_register_tokenizer (self, error) ||
      !exec (self, "PRAGMA foreign_keys = ON", error))
    {
      khoji_sqlite_store_close (&self->parent);
      return NULL;
    }

  /* The first statement that reads the file tells whether it is a
   * database at all, and which version made it: a newer one is refused
   * here too (it may have been replaced since the peek), before the
   * journal mode is set. */
  {
    int version = _khoji_sqlite_get_user_version (self);

    if (version > KHOJI_STORE_SCHEMA_VERSION)
      {
        _khoji_store_set_newer_error (error, version);
        khoji_sqlite_store_close (&self->parent);
        return NULL;
      }
  }
  if (!self->read_only)
    {
      g_autoptr(GError) wal_error = NULL;
      if (!exec (self, "PRAGMA journal_mode = WAL", &wal_error) &&
          !g_error_matches (wal_error, KHOJI_STORE_ERROR, KHOJI_STORE_ERROR_READ_ONLY))
        {
          g_propagate_error (error, g_steal_pointer (&wal_error));
          khoji_sqlite_store_close (&self->parent);
          return NULL;
        }
    }
  exec (self, "PRAGMA synchronous = NORMAL", NULL);
  /* Each article is its own transaction; checkpointing the WAL (and
   * syncing the file) every 1000 pages made imports wait on the disk.
   * A larger WAL costs a little disk space while a batch runs. */
  sqlite3_wal_autocheckpoint (self->db, WAL_AUTOCHECKPOINT_PAGES);
  /* A bulk import lets the WAL grow to 256 MB; when it starts over, the
   * file goes back to 64 MB instead of keeping that size while the
   * window has the library open. */
  exec (self, "PRAGMA journal_size_limit = 67108864", NULL);
  /* 16 MB of page cache (the default is 2 MB): listing a large library
   * reads the same index pages again and again. */
  exec (self, "PRAGMA cache_size = -16384", NULL);

  if (!_khoji_sqlite_migrate (self, error))
    {
      khoji_sqlite_store_close (&self->parent);
      return NULL;
    }
  return &self->parent;
}

int
khoji_sqlite_store_peek_version (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int version = -1;

  g_return_val_if_fail (path != NULL, -1);

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return 0;
  /* Read-only first, so that nothing is written to a file this Khoji may
   * not know; then read-write without CREATE, for a library in WAL mode
   * whose -shm file is gone (reading makes it, and writes nothing to the
   * library itself). */
  for (guint attempt = 0; attempt < 2 && version < 0; attempt++)
    {
      g_autofree char *uri = attempt == 0 ? file_uri (path, "mode=ro") : NULL;

      if (sqlite3_open_v2 (attempt == 0 ? uri : path, &db,
                           (attempt == 0 ? SQLITE_OPEN_READONLY | SQLITE_OPEN_URI : SQLITE_OPEN_READWRITE) |
                           SQLITE_OPEN_NOMUTEX, NULL) == SQLITE_OK &&
          sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
          sqlite3_step (stmt) == SQLITE_ROW)
        version = sqlite3_column_int (stmt, 0);
      sqlite3_finalize (stmt);
      stmt = NULL;
      sqlite3_close (db);
      db = NULL;
    }
  return version;
}

void
khoji_sqlite_store_close (KhojiStore       *store)
{
  KhojiSqliteStore *self = (KhojiSqliteStore *) store;

  if (self == NULL)
    return;
  /* Statements are finalized where they are made; FTS5 owns its own, so
   * they are not swept here. close_v2 waits for any left over. */
  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->known_aliases, g_hash_table_unref);
  g_clear_pointer (&self->pending_aliases, g_ptr_array_unref);
  g_clear_pointer (&self->graph_bits, g_hash_table_unref);
  if (self->db)
    sqlite3_close_v2 (self->db);
  _khoji_store_clear (&self->parent);
  g_free (self);
}

const KhojiStoreClass khoji_sqlite_store_class = {
  .name = "sqlite",
  KHOJI_STORE_CLASS_INIT_ALL (khoji_sqlite_store)
#define KHOJI_SQLITE_INIT(type, name, params, args) KHOJI_STORE_CLASS_INIT (khoji_sqlite_store, name)
  KHOJI_STORE_CALLS (KHOJI_SQLITE_INIT)
#undef KHOJI_SQLITE_INIT
};
