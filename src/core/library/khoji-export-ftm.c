/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-library"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "khoji-library-private.h"

/* The library as FollowTheMoney entities (docs/cli-json.md), for Aleph
 * (alephclient write-entities) and Datashare: one JSON object a line, or
 * one CSV file a schema as `ftm export-csv` writes them.
 *
 *   Article       an article: name and title, fileName, bodyText,
 *                 publishedAt, publisher
 *   Person        name, alias, proof (the articles that mention it)
 *   Organization  the same
 *   Address       a place (FtM has no Place schema; Address is its
 *                 location entity): full and name, alias, proof
 *   Mention       document (the article), name (the words in the text),
 *                 resolved (the Person or Organization; FtM ranges it over
 *                 legal entities, so a place's mention has none),
 *                 detectedSchema
 *
 * Ids are stable: a SHA-1 of what the entity is, not of the library's row
 * numbers, so two exports of the same articles give the same ids, in
 * any library. Hidden entities and their mentions are left out.
 *
 * Written by hand like the JSON and CSV exports: a few fixed shapes. */

typedef struct {
  const char *schema;
  const char *const *props;   /* the properties this writer fills, in CSV column order */
} FtmSchema;

static const char *const article_props[] = { "name", "title", "fileName", "bodyText", "publishedAt", "publisher", NULL };
static const char *const party_props[] = { "name", "alias", "proof", NULL };
static const char *const address_props[] = { "full", "name", "alias", "proof", NULL };
static const char *const mention_props[] = { "document", "name", "resolved", "detectedSchema", NULL };

enum { FTM_ARTICLE, FTM_PERSON, FTM_ORGANIZATION, FTM_ADDRESS, FTM_MENTION, FTM_N };

static const FtmSchema schemas[FTM_N] = {
  [FTM_ARTICLE] = { "Article", article_props },
  [FTM_PERSON] = { "Person", party_props },
  [FTM_ORGANIZATION] = { "Organization", party_props },
  [FTM_ADDRESS] = { "Address", address_props },
  [FTM_MENTION] = { "Mention", mention_props },
};

/* One entity being written: values per property, in the schema's order. */
typedef struct {
  int         schema;
  char       *id;
  GPtrArray  *values[8];   /* of char*, one array per property, or NULL */
} Proxy;

static void
proxy_clear (Proxy *p)
{
  g_free (p->id);
  for (guint i = 0; i < G_N_ELEMENTS (p->values); i++)
    g_clear_pointer (&p->values[i], g_ptr_array_unref);
}

static void
proxy_add (Proxy      *p,
           const char *prop,
           const char *value)
{
  const char *const *props = schemas[p->schema].props;

  if (value == NULL || *value == '\0')
    return;
  for (guint i = 0; props[i]; i++)
    if (g_str_equal (props[i], prop))
      {
        if (p->values[i] == NULL)
          p->values[i] = g_ptr_array_new_with_free_func (g_free);
        for (guint k = 0; k < p->values[i]->len; k++)
          if (g_str_equal (g_ptr_array_index (p->values[i], k), value))
            return;
        g_ptr_array_add (p->values[i], g_strdup (value));
        return;
      }
  g_assert_not_reached ();
}

static char *
make_id (const char *kind,
         const char *a,
         const char *b)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA1);

  g_checksum_update (sum, (const guchar *) kind, -1);
  g_checksum_update (sum, (const guchar *) "\x1f", 1);
  g_checksum_update (sum, (const guchar *) a, -1);
  g_checksum_update (sum, (const guchar *) "\x1f", 1);
  g_checksum_update (sum, (const guchar *) (b ? b : ""), -1);
  return g_strconcat ("khoji-", g_checksum_get_string (sum), NULL);
}

/* ---- Writers: JSON lines or a folder of CSV files ---- */

typedef struct {
  GOutputStream *out;              /* JSON lines, or NULL */
  char          *dir;              /* CSV folder, or NULL */
  GOutputStream *csv[FTM_N];
  GString       *buf;
  GHashTable    *only;             /* article ids to export (gint64*), or NULL: all */
  GHashTable    *articles;         /* article id -> FtM id */
  GHashTable    *entities;         /* entity id -> Entity */
  GHashTable    *aliases;          /* entity id -> GPtrArray of forms */
} Ftm;

typedef struct {
  int        schema;
  char      *id;
  char      *name;
  char      *latin;
  GPtrArray *proof;                /* FtM article ids */
} Entity;

static void
entity_free (Entity *e)
{
  g_free (e->id);
  g_free (e->name);
  g_free (e->latin);
  g_ptr_array_unref (e->proof);
  g_free (e);
}

static gboolean
flush (GOutputStream *out,
       GString       *buf,
       gboolean       force,
       GError       **error)
{
  if (buf->len < 65536 && !force)
    return TRUE;
  if (!g_output_stream_write_all (out, buf->str, buf->len, NULL, NULL, error))
    return FALSE;
  g_string_truncate (buf, 0);
  return TRUE;
}

static gboolean
emit (Ftm     *f,
      Proxy   *p,
      GError **error)
{
  const FtmSchema *s = &schemas[p->schema];

  if (f->out != NULL)
    {
      gboolean first = TRUE;

      g_string_append (f->buf, "{\"id\": ");
      khoji_json_append_string (f->buf, p->id);
      g_string_append (f->buf, ", \"schema\": ");
      khoji_json_append_string (f->buf, s->schema);
      g_string_append (f->buf, ", \"properties\": {");
      for (guint i = 0; s->props[i]; i++)
        {
          if (p->values[i] == NULL)
            continue;
          g_string_append (f->buf, first ? "" : ", ");
          first = FALSE;
          khoji_json_append_string (f->buf, s->props[i]);
          g_string_append (f->buf, ": [");
          for (guint k = 0; k < p->values[i]->len; k++)
            {
              if (k)
                g_string_append (f->buf, ", ");
              khoji_json_append_string (f->buf, g_ptr_array_index (p->values[i], k));
            }
          g_string_append_c (f->buf, ']');
        }
      g_string_append (f->buf, "}}\n");
      return flush (f->out, f->buf, FALSE, error);
    }

  if (f->csv[p->schema] == NULL)
    {
      g_autofree char *name = g_strconcat (s->schema, ".csv", NULL);
      g_autoptr(GFile) file = g_file_new_build_filename (f->dir, name, NULL);
      g_autoptr(GString) header = g_string_new ("id");

      f->csv[p->schema] = G_OUTPUT_STREAM (g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, error));
      if (f->csv[p->schema] == NULL)
        return FALSE;
      for (guint i = 0; s->props[i]; i++)
        g_string_append_printf (header, ",%s", s->props[i]);
      g_string_append (header, "\n");
      if (!g_output_stream_write_all (f->csv[p->schema], header->str, header->len, NULL, NULL, error))
        return FALSE;
    }
  g_string_truncate (f->buf, 0);
  _khoji_export_csv_field (f->buf, p->id);
  for (guint i = 0; s->props[i]; i++)
    {
      g_autoptr(GString) joined = g_string_new (NULL);

      g_string_append_c (f->buf, ',');
      /* As FtM joins the values of one property in a cell. */
      for (guint k = 0; p->values[i] && k < p->values[i]->len; k++)
        g_string_append_printf (joined, "%s%s", k ? "; " : "", (char *) g_ptr_array_index (p->values[i], k));
      _khoji_export_csv_field (f->buf, joined->str);
    }
  g_string_append_c (f->buf, '\n');
  return g_output_stream_write_all (f->csv[p->schema], f->buf->str, f->buf->len, NULL, NULL, error);
}

/* ---- The library's rows ---- */

static gboolean
collect_entity (const char * const *c, const gint64 *v, guint n, gpointer data, GError **error)
{
  Ftm *f = data;
  Entity *e;
  int schema;

  if (v[6])   /* hidden */
    return TRUE;
  if (g_strcmp0 (c[3], "person") == 0)
    schema = FTM_PERSON;
  else if (g_strcmp0 (c[3], "organization") == 0)
    schema = FTM_ORGANIZATION;
  else if (g_strcmp0 (c[3], "place") == 0)
    schema = FTM_ADDRESS;
  else
    return TRUE;
  e = g_new0 (Entity, 1);
  e->schema = schema;
  e->name = g_strdup (c[1]);
  e->latin = g_strdup (c[2]);
  {
    /* Not the display name, which depends on which spelling came first:
     * the smallest of the spellings in the text, the same whatever the
     * order the articles were imported in. */
    GPtrArray *forms = g_hash_table_lookup (f->aliases, &v[0]);

    e->id = make_id (schemas[schema].schema, forms && forms->len ? g_ptr_array_index (forms, 0) : c[1], NULL);
  }
  e->proof = g_ptr_array_new ();
  g_hash_table_insert (f->entities, g_memdup2 (&v[0], sizeof (gint64)), e);
  return TRUE;
}

static gboolean
write_article (const char * const *c, const gint64 *v, guint n, gpointer data, GError **error)
{
  Ftm *f = data;
  Proxy p = { FTM_ARTICLE, NULL, { NULL } };
  g_autofree char *file_name = NULL;
  gboolean ok;

  if (f->only != NULL && !g_hash_table_contains (f->only, &v[0]))
    return TRUE;
  /* The text is what the article is: the same text is one Article. */
  p.id = make_id ("Article", c[5] ? c[5] : "", NULL);
  file_name = c[1] ? g_path_get_basename (c[1]) : g_strdup_printf ("article-%" G_GINT64_FORMAT, v[0]);
  /* Thing requires a name; an article's is its title. */
  proxy_add (&p, "name", c[2] && *c[2] ? c[2] : file_name);
  proxy_add (&p, "title", c[2]);
  proxy_add (&p, "fileName", file_name);
  proxy_add (&p, "bodyText", c[5]);
  proxy_add (&p, "publishedAt", c[3]);
  proxy_add (&p, "publisher", c[6]);
  g_hash_table_insert (f->articles, g_memdup2 (&v[0], sizeof (gint64)), g_strdup (p.id));
  ok = emit (f, &p, error);
  proxy_clear (&p);
  return ok;
}

static gboolean
write_mention (const char * const *c, const gint64 *v, guint n, gpointer data, GError **error)
{
  Ftm *f = data;
  const char *article = g_hash_table_lookup (f->articles, &v[0]);
  Entity *e = g_hash_table_lookup (f->entities, &v[1]);
  Proxy p = { FTM_MENTION, NULL, { NULL } };
  g_autofree char *where = NULL;
  gboolean ok;

  if (article == NULL || e == NULL)
    return TRUE;
  where = g_strdup_printf ("%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT, v[3], v[4]);
  p.id = make_id ("Mention", article, where);
  proxy_add (&p, "document", article);
  proxy_add (&p, "name", c[2]);
  if (e->schema != FTM_ADDRESS)
    proxy_add (&p, "resolved", e->id);
  proxy_add (&p, "detectedSchema", schemas[e->schema].schema);
  if (e->proof->len == 0 || g_strcmp0 (g_ptr_array_index (e->proof, e->proof->len - 1), article) != 0)
    g_ptr_array_add (e->proof, (gpointer) article);
  ok = emit (f, &p, error);
  proxy_clear (&p);
  return ok;
}

static int
compare_entity_ids (gconstpointer a,
                    gconstpointer b)
{
  gint64 x = **(gint64 **) a, y = **(gint64 **) b;

  return x < y ? -1 : x > y;
}

static gboolean
write_entities (Ftm     *f,
                GError **error)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, f->entities);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (keys, key);
  g_ptr_array_sort (keys, compare_entity_ids);
  for (guint i = 0; i < keys->len; i++)
    {
      gint64 *id = g_ptr_array_index (keys, i);
      Entity *e = g_hash_table_lookup (f->entities, id);
      GPtrArray *forms = g_hash_table_lookup (f->aliases, id);
      Proxy p = { e->schema, g_strdup (e->id), { NULL } };
      gboolean ok;

      /* Only what the exported articles mention. */
      if (e->proof->len == 0)
        {
          proxy_clear (&p);
          continue;
        }
      if (e->schema == FTM_ADDRESS)
        proxy_add (&p, "full", e->name);
      proxy_add (&p, "name", e->name);
      for (guint k = 0; forms && k < forms->len; k++)
        if (g_strcmp0 (g_ptr_array_index (forms, k), e->name) != 0)
          proxy_add (&p, "alias", g_ptr_array_index (forms, k));
      if (e->latin != NULL && g_strcmp0 (e->latin, e->name) != 0)
        proxy_add (&p, "alias", e->latin);
      for (guint k = 0; k < e->proof->len; k++)
        proxy_add (&p, "proof", g_ptr_array_index (e->proof, k));
      ok = emit (f, &p, error);
      proxy_clear (&p);
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

static gboolean
export_ftm (KhojiLibrary  *self,
            Ftm           *f,
            const gint64  *article_ids,
            guint          n_article_ids,
            GError       **error)
{
  GError *store_error = NULL;
  gboolean ok;

  f->aliases = _khoji_export_collect_aliases (self, error);
  if (f->aliases == NULL)
    return FALSE;
  f->buf = g_string_new (NULL);
  f->articles = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  f->entities = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) entity_free);
  if (article_ids != NULL)
    {
      f->only = g_hash_table_new (g_int64_hash, g_int64_equal);
      for (guint i = 0; i < n_article_ids; i++)
        g_hash_table_add (f->only, (gpointer) &article_ids[i]);
    }

  /* Entities first, written last: their proof is the articles whose
   * mentions are written on the way. */
  ok = khoji_store_foreach_row (self->store, KHOJI_STORE_ROWS_ENTITIES, collect_entity, f, &store_error) &&
       khoji_store_foreach_row (self->store, KHOJI_STORE_ROWS_ARTICLES, write_article, f, &store_error) &&
       khoji_store_foreach_row (self->store, KHOJI_STORE_ROWS_MENTIONS, write_mention, f, &store_error) &&
       write_entities (f, &store_error);
  if (ok && f->out != NULL)
    ok = flush (f->out, f->buf, TRUE, &store_error);
  for (guint i = 0; i < FTM_N; i++)
    if (f->csv[i] != NULL)
      {
        if (ok && !g_output_stream_close (f->csv[i], NULL, &store_error))
          ok = FALSE;
        g_clear_object (&f->csv[i]);
      }
  if (!ok && store_error != NULL)
    {
      if (store_error->domain == KHOJI_STORE_ERROR)
        _khoji_library_propagate_store_error (error, store_error, NULL);
      else
        g_propagate_error (error, store_error);
    }

  g_string_free (f->buf, TRUE);
  g_hash_table_unref (f->articles);
  g_hash_table_unref (f->entities);
  g_hash_table_unref (f->aliases);
  g_clear_pointer (&f->only, g_hash_table_unref);
  return ok;
}

/**
 * khoji_library_export_ftm:
 * @self: a library
 * @article_ids: (nullable) (array length=n_article_ids): the articles to
 *   export, or %NULL for all of them
 * @n_article_ids: their number
 * @out: where the lines go
 * @error: return location for a #GError
 *
 * Writes FollowTheMoney entities, one JSON object a line: the articles,
 * the people, organizations and places they mention, and the mentions.
 */
gboolean
khoji_library_export_ftm (KhojiLibrary   *self,
                          const gint64   *article_ids,
                          guint           n_article_ids,
                          GOutputStream  *out,
                          GError        **error)
{
  Ftm f = { 0 };

  g_return_val_if_fail (KHOJI_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);

  f.out = out;
  return export_ftm (self, &f, article_ids, n_article_ids, error);
}

/**
 * khoji_library_export_ftm_csv:
 * @self: a library
 * @article_ids: (nullable) (array length=n_article_ids): as for
 *   khoji_library_export_ftm()
 * @n_article_ids: their number
 * @dir: a folder, made if missing
 * @error: return location for a #GError
 *
 * The same entities as one CSV file a schema (Article.csv, Person.csv, …)
 * in @dir, as `ftm export-csv` lays them out: an id column, then one
 * column a property, several values joined by "; ".
 */
gboolean
khoji_library_export_ftm_csv (KhojiLibrary   *self,
                              const gint64   *article_ids,
                              guint           n_article_ids,
                              const char     *dir,
                              GError        **error)
{
  Ftm f = { 0 };

  g_return_val_if_fail (KHOJI_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (dir != NULL, FALSE);

  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int e = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (e),
                   _("Cannot make the folder “%s”: %s"), dir, g_strerror (e));
      return FALSE;
    }
  f.dir = (char *) dir;
  return export_ftm (self, &f, article_ids, n_article_ids, error);
}

/* ---- Export to a file, off the caller's thread (the window) ---- */

typedef struct {
  char              *path;
  KhojiExportFormat  format;
  GArray            *ids;     /* of gint64, or NULL: all */
  GFile             *dest;
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  g_free (job->path);
  g_clear_pointer (&job->ids, g_array_unref);
  g_clear_object (&job->dest);
  g_free (job);
}

static void
export_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  ExportJob *job = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KhojiLibrary) library = NULL;
  g_autoptr(GFileOutputStream) out = NULL;
  gboolean ok;

  /* A connection of its own, on this thread: the window's stays free. */
  library = khoji_library_open (job->path, &error);
  if (library == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  out = g_file_replace (job->dest, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, cancellable, &error);
  if (out == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  switch (job->format)
    {
    case KHOJI_EXPORT_JSON:
      ok = khoji_library_export_json (library, "all", job->ids ? (const gint64 *) job->ids->data : NULL,
                                      job->ids ? job->ids->len : 0, G_OUTPUT_STREAM (out), &error);
      break;
    case KHOJI_EXPORT_CSV:
      ok = khoji_library_export_csv (library, "all", job->ids ? (const gint64 *) job->ids->data : NULL,
                                     job->ids ? job->ids->len : 0, G_OUTPUT_STREAM (out), &error);
      break;
    case KHOJI_EXPORT_FTM:
    default:
      ok = khoji_library_export_ftm (library, job->ids ? (const gint64 *) job->ids->data : NULL,
                                     job->ids ? job->ids->len : 0, G_OUTPUT_STREAM (out), &error);
      break;
    }
  if (ok)
    ok = g_output_stream_close (G_OUTPUT_STREAM (out), cancellable, &error);
  if (!ok)
    {
      /* Nothing half-written replaces what was there. */
      g_output_stream_clear_pending (G_OUTPUT_STREAM (out));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

/**
 * khoji_library_export_file_async:
 * @self: a library
 * @format: JSON, CSV or FollowTheMoney lines
 * @article_ids: (nullable): the articles to export (of gint64); %NULL
 *   for all
 * @dest: the file to write
 *
 * Writes the export on a thread of its own with a connection of its own.
 */
void
khoji_library_export_file_async (KhojiLibrary        *self,
                                 KhojiExportFormat    format,
                                 GArray              *article_ids,
                                 GFile               *dest,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ExportJob *job;

  g_return_if_fail (KHOJI_IS_LIBRARY (self));
  g_return_if_fail (G_IS_FILE (dest));

  job = g_new0 (ExportJob, 1);
  job->path = g_strdup (khoji_library_get_path (self));
  job->format = format;
  job->ids = article_ids ? g_array_ref (article_ids) : NULL;
  job->dest = g_object_ref (dest);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, khoji_library_export_file_async);
  g_task_set_task_data (task, job, (GDestroyNotify) export_job_free);
  g_task_run_in_thread (task, export_thread);
}

gboolean
khoji_library_export_file_finish (KhojiLibrary  *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
