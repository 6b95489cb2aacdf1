/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-library"

#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "khoji-library-private.h"

/* The whole library as JSON or CSV (docs/cli-json.md). */

/* JSON and CSV are written by hand: the shapes are small and fixed
 * (cli-json.md), and this keeps a JSON library out of the core. */

void
khoji_json_append_string (GString    *out,
                          const char *s)
{
  g_autofree char *valid = NULL;

  if (s == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  /* JSON is UTF-8: bytes that are not (a file name in another encoding)
   * become U+FFFD; the path's own bytes go in path_bytes. */
  if (!g_utf8_validate (s, -1, NULL))
    s = valid = g_utf8_make_valid (s, -1);
  g_string_append_c (out, '"');
  for (const char *p = s; *p; p++)
    {
      guchar c = *p;
      switch (c)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, c);
        }
    }
  g_string_append_c (out, '"');
}

/* An entity's share of the exported articles. */
typedef struct {
  gint64      articles, mentions;
  gint64      last_article;
  GHashTable *forms;        /* the spellings in them (a set) */
} Share;

static void
share_free (Share *share)
{
  g_hash_table_unref (share->forms);
  g_free (share);
}

typedef struct {
  GOutputStream *out;
  GString       *buf;
  guint          n;
  GHashTable    *aliases;   /* entity id -> GPtrArray of forms */
  gboolean       csv;
  const char    *kind;
  GHashTable    *only;      /* article ids (gint64*) to export, or NULL: all */
  GHashTable    *shares;    /* with `only`: entity id -> Share */
} Writer;

static gboolean
writer_flush (Writer   *w,
              gboolean  force,
              GError  **error)
{
  if (w->buf->len < 65536 && !force)
    return TRUE;
  if (!g_output_stream_write_all (w->out, w->buf->str, w->buf->len, NULL, NULL, error))
    return FALSE;
  g_string_truncate (w->buf, 0);
  return TRUE;
}

static void
json_sep (Writer *w)
{
  g_string_append (w->buf, w->n++ ? ",\n    " : "\n    ");
}

static gboolean
json_article (const char * const *c, const gint64 *v, guint n, gpointer data, GError **error)
{
  Writer *w = data;

  if (w->only != NULL && !g_hash_table_contains (w->only, &v[0]))
    return TRUE;
  json_sep (w);
  g_string_append_printf (w->buf, "{\"id\": %" G_GINT64_FORMAT ", \"path\": ", v[0]);
  khoji_json_append_string (w->buf, c[1]);
  if (c[1] && !g_utf8_validate (c[1], -1, NULL))
    {
      /* A file name that is not UTF-8: its bytes, percent-encoded as in a
       * file URI, so that a script can still open the file. */
      g_autofree char *bytes = g_uri_escape_string (c[1], "/", FALSE);
      g_string_append (w->buf, ", \"path_bytes\": ");
      khoji_json_append_string (w->buf, bytes);
    }
  g_string_append (w->buf, ", \"title\": ");
  khoji_json_append_string (w->buf, c[2]);
  g_string_append (w->buf, ", \"source\": ");
  khoji_json_append_string (w->buf, c[6]);
  g_string_append (w->buf, ", \"published\": ");
  khoji_json_append_string (w->buf, c[3]);
  g_string_append (w->buf, ", \"published_source\": ");
  khoji_json_append_string (w->buf, c[4]);
  if (g_strcmp0 (w->kind, "timeline") != 0)
    {
      g_string_append (w->buf, ", \"text\": ");
      khoji_json_append_string (w->buf, c[5]);
    }
  g_string_append_c (w->buf, '}');
  return writer_flush (w, FALSE, error);
}

static gboolean
collect_alias (const char * const *c, const gint64 *v, guint n, gpointer data, GError **error)
{
  GHashTable *aliases = data;
  GPtrArray *forms = g_hash_table_lookup (aliases, &v[0]);

  if (forms == NULL)
    {
      forms = g_ptr_array_new_with_free_func (g_free);
      g_hash_table_insert (aliases, g_memdup2 (&v[0], sizeof (gint64)), forms);
    }
  g_ptr_array_add (forms, g_strdup (c[1]));
  return TRUE;
}

GHashTable *
_khoji_export_collect_aliases (KhojiLibrary  *self,
                               GError       **error)
{
  g_autoptr(GHashTable) aliases = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                         (GDestroyNotify) g_ptr_array_unref);
  GError *store_error = NULL;

  if (!khoji_store_foreach_row (self->store, KHOJI_STORE_ROWS_ALIASES, collect_alias, aliases, &store_error))
    {
      _khoji_library_propagate_store_error (error, store_error, NULL);
      return NULL;
    }
  return g_steal_pointer (&aliases);
}

void
_khoji_export_csv_field (GString    *out,
                         const char *s)
{
  g_autofree char *valid = NULL;

  if (s == NULL)
    return;
  if (!g_utf8_validate (s, -1, NULL))
    s = valid = g_utf8_make_valid (s, -1);
  if (strpbrk (s, ",\"\n\r") == NULL)
    {
      g_string_append (out, s);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = s; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/* With articles chosen: what each entity has in them (its mentions, its
 * articles, its spellings), from their mentions, which come in the order
 * of their articles. */
static gboolean
share_mention (const char * const *c, const gint64 *v, guint n, gpointer data, GError **error)
{
  Writer *w = data;
  Share *share;

  if (!g_hash_table_contains (w->only, &v[0]))
    return TRUE;
  share = g_hash_table_lookup (w->shares, &v[1]);
  if (share == NULL)
    {
      share = g_new0 (Share, 1);
      share->last_article = -1;
      share->forms = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_hash_table_insert (w->shares, g_memdup2 (&v[1], sizeof (gint64)), share);
    }
  share->mentions++;
  if (share->last_article != v[0])
    share->articles++;
  share->last_article = v[0];
  if (c[2] != NULL)
    g_hash_table_add (share->forms, g_strdup (c[2]));
  return TRUE;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The writer's aliases, and with articles chosen, each entity's share of
 * them. */
static gboolean
writer_prepare (KhojiLibrary  *self,
                Writer        *w,
                GError       **error)
{
  GError *store_error = NULL;
  GHashTableIter iter;
  gpointer key, value;

  if (w->only == NULL)
    {
      w->aliases = _khoji_export_collect_aliases (self, error);
      return w->aliases != NULL;
    }
  w->shares = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) share_free);
  w->aliases = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  if (!khoji_store_foreach_row (self->store, KHOJI_STORE_ROWS_MENTIONS, share_mention, w, &store_error))
    {
      _khoji_library_propagate_store_error (error, store_error, NULL);
      return FALSE;
    }
  g_hash_table_iter_init (&iter, w->shares);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Share *share = value;
      GPtrArray *forms = g_ptr_array_new_with_free_func (g_free);
      GHashTableIter f;
      gpointer form;

      g_hash_table_iter_init (&f, share->forms);
      while (g_hash_table_iter_next (&f, &form, NULL))
        g_ptr_array_add (forms, g_strdup (form));
      g_ptr_array_sort (forms, compare_strings);
      g_hash_table_insert (w->aliases, g_memdup2 (key, sizeof (gint64)), forms);
    }
  return TRUE;
}

static void
writer_clear (Writer *w)
{
  g_clear_pointer (&w->aliases, g_hash_table_unref);
  g_clear_pointer (&w->shares, g_hash_table_unref);
  g_clear_pointer (&w->only, g_hash_table_unref);
}

/* The articles chosen, as a set; NULL (all) when `article_ids` is. */
static GHashTable *
article_set (const gint64 *article_ids,
             guint         n_article_ids)
{
  GHashTable *set;

  if (article_ids == NULL)
    return NULL;
  set = g_hash_table_new (g_int64_hash, g_int64_equal);
  for (guint i = 0; i < n_article_ids; i++)
    g_hash_table_add (set, (gpointer) &article_ids[i]);
  return set;
}

static gboolean
json_entity (const char * const *c, const gint64 *v, guint n, gpointer data, GError **error)
{
  Writer *w = data;
  GPtrArray *forms = g_hash_table_lookup (w->aliases, &v[0]);
  Share *share = w->shares ? g_hash_table_lookup (w->shares, &v[0]) : NULL;

  if (w->shares != NULL && share == NULL)
    return TRUE;   /* not in the articles chosen */
  json_sep (w);
  g_string_append_printf (w->buf, "{\"id\": %" G_GINT64_FORMAT ", \"name\": ", v[0]);
  khoji_json_append_string (w->buf, c[1]);
  g_string_append (w->buf, ", \"latin\": ");
  khoji_json_append_string (w->buf, c[2]);
  g_string_append (w->buf, ", \"type\": ");
  khoji_json_append_string (w->buf, c[3]);
  g_string_append (w->buf, ", \"aliases\": [");
  for (guint i = 0; forms && i < forms->len; i++)
    {
      if (i)
        g_string_append (w->buf, ", ");
      khoji_json_append_string (w->buf, g_ptr_array_index (forms, i));
    }
  g_string_append_printf (w->buf, "], \"articles\": %" G_GINT64_FORMAT ", \"mentions\": %" G_GINT64_FORMAT
                          ", \"hidden\": %s}", share ? share->articles : v[4], share ? share->mentions : v[5],
                          v[6] ? "true" : "false");
  return writer_flush (w, FALSE, error);
}

static gboolean
json_mention (const char * const *c, const gint64 *v, guint n, gpointer data, GError **error)
{
  Writer *w = data;

  if (w->only != NULL && !g_hash_table_contains (w->only, &v[0]))
    return TRUE;
  json_sep (w);
  g_string_append_printf (w->buf, "{\"article\": %" G_GINT64_FORMAT ", \"entity\": %" G_GINT64_FORMAT ", \"text\": ",
                          v[0], v[1]);
  khoji_json_append_string (w->buf, c[2]);
  g_string_append_printf (w->buf, ", \"start\": %" G_GINT64_FORMAT ", \"end\": %" G_GINT64_FORMAT "}", v[3], v[4]);
  return writer_flush (w, FALSE, error);
}

static gboolean
json_date (const char * const *c, const gint64 *v, guint n, gpointer data, GError **error)
{
  Writer *w = data;

  if (w->only != NULL && !g_hash_table_contains (w->only, &v[0]))
    return TRUE;
  json_sep (w);
  g_string_append_printf (w->buf, "{\"article\": %" G_GINT64_FORMAT ", \"text\": ", v[0]);
  khoji_json_append_string (w->buf, c[1]);
  g_string_append_printf (w->buf, ", \"start\": %" G_GINT64_FORMAT ", \"end\": %" G_GINT64_FORMAT ", \"value\": ",
                          v[2], v[3]);
  khoji_json_append_string (w->buf, c[4]);
  g_string_append_printf (w->buf, ", \"relative\": %s, \"sentence\": ", v[5] ? "true" : "false");
  khoji_json_append_string (w->buf, c[6]);
  g_string_append_c (w->buf, '}');
  return writer_flush (w, FALSE, error);
}

static gboolean
write_section (KhojiLibrary      *self,
               Writer            *w,
               const char        *name,
               KhojiStoreRows     rows,
               KhojiStoreRowFunc  func,
               gboolean           first,
               GError           **error)
{
  GError *store_error = NULL;

  g_string_append_printf (w->buf, "%s\n  \"%s\": [", first ? "" : ",", name);
  w->n = 0;
  if (!khoji_store_foreach_row (self->store, rows, func, w, &store_error))
    {
      if (store_error)
        _khoji_library_propagate_store_error (error, store_error, NULL);
      return FALSE;
    }
  g_string_append (w->buf, w->n ? "\n  ]" : "]");
  return TRUE;
}

static gboolean
export_json (KhojiLibrary  *self,
             Writer        *w,
             GError       **error)
{
  gboolean all, entities, timeline;
  gboolean first = TRUE;

  all = g_str_equal (w->kind, "all");
  entities = g_str_equal (w->kind, "entities");
  timeline = g_str_equal (w->kind, "timeline");
  if (!all && !entities && !timeline)
    {
      g_set_error (error, KHOJI_LIBRARY_ERROR, KHOJI_LIBRARY_ERROR_FAILED,
                   _("Unknown export “%s”: use all, entities or timeline."), w->kind);
      return FALSE;
    }

  g_string_append_c (w->buf, '{');
  if (all || timeline)
    {
      if (!write_section (self, w, "articles", KHOJI_STORE_ROWS_ARTICLES, json_article, first, error))
        return FALSE;
      first = FALSE;
    }
  if (all || entities)
    {
      if (!writer_prepare (self, w, error) ||
          !write_section (self, w, "entities", KHOJI_STORE_ROWS_ENTITIES, json_entity, first, error))
        return FALSE;
      first = FALSE;
    }
  if (all)
    {
      if (!write_section (self, w, "mentions", KHOJI_STORE_ROWS_MENTIONS, json_mention, first, error))
        return FALSE;
    }
  if (all || timeline)
    {
      if (!write_section (self, w, "dates", KHOJI_STORE_ROWS_DATES, json_date, first, error))
        return FALSE;
    }
  g_string_append (w->buf, "\n}\n");
  return writer_flush (w, TRUE, error);
}

static void
csv_field (GString    *out,
           const char *s,
           gboolean    last)
{
  _khoji_export_csv_field (out, s);
  g_string_append (out, last ? "\r\n" : ",");
}

static gboolean
csv_entity (const char * const *c, const gint64 *v, guint n, gpointer data, GError **error)
{
  Writer *w = data;
  GPtrArray *forms = g_hash_table_lookup (w->aliases, &v[0]);
  Share *share = w->shares ? g_hash_table_lookup (w->shares, &v[0]) : NULL;
  g_autoptr(GString) joined = g_string_new (NULL);
  char articles[24], mentions[24];

  if (w->shares != NULL && share == NULL)
    return TRUE;   /* not in the articles chosen */

  for (guint i = 0; forms && i < forms->len; i++)
    {
      if (i)
        g_string_append (joined, "|");
      g_string_append (joined, g_ptr_array_index (forms, i));
    }
  if (g_strcmp0 (w->kind, "all") == 0)
    g_string_append (w->buf, "entity,");
  for (guint i = 0; i < 4; i++)
    csv_field (w->buf, c[i], FALSE);
  csv_field (w->buf, joined->str, FALSE);
  g_snprintf (articles, sizeof articles, "%" G_GINT64_FORMAT, share ? share->articles : v[4]);
  g_snprintf (mentions, sizeof mentions, "%" G_GINT64_FORMAT, share ? share->mentions : v[5]);
  csv_field (w->buf, articles, FALSE);
  csv_field (w->buf, mentions, TRUE);
  return writer_flush (w, FALSE, error);
}

static gboolean
csv_date (const char * const *c, const gint64 *v, guint n, gpointer data, GError **error)
{
  Writer *w = data;

  if (w->only != NULL && !g_hash_table_contains (w->only, &v[0]))
    return TRUE;
  if (g_strcmp0 (w->kind, "all") == 0)
    g_string_append (w->buf, "date,");
  csv_field (w->buf, c[0], FALSE);
  csv_field (w->buf, c[1], FALSE);
  csv_field (w->buf, c[2], FALSE);
  csv_field (w->buf, c[3], FALSE);
  csv_field (w->buf, c[4], FALSE);
  csv_field (w->buf, v[5] ? "true" : "false", FALSE);
  csv_field (w->buf, c[6], TRUE);
  return writer_flush (w, FALSE, error);
}

static gboolean
export_csv (KhojiLibrary  *self,
            Writer        *w,
            GError       **error)
{
  GError *store_error = NULL;
  gboolean all;

  all = g_str_equal (w->kind, "all");
  if (!all && !g_str_equal (w->kind, "entities") && !g_str_equal (w->kind, "timeline"))
    {
      g_set_error (error, KHOJI_LIBRARY_ERROR, KHOJI_LIBRARY_ERROR_FAILED,
                   _("Unknown export “%s”: use all, entities or timeline."), w->kind);
      return FALSE;
    }

  /* One table: with `all`, a first column says what each row is. */
  if (all || g_str_equal (w->kind, "entities"))
    {
      if (!writer_prepare (self, w, error))
        return FALSE;
      g_string_append (w->buf, all ? "kind,id,name,latin,type,aliases,articles,mentions\r\n"
                                   : "id,name,latin,type,aliases,articles,mentions\r\n");
      if (!khoji_store_foreach_row (self->store, KHOJI_STORE_ROWS_ENTITIES, csv_entity, w, &store_error))
        goto fail;
    }
  if (all || g_str_equal (w->kind, "timeline"))
    {
      g_string_append (w->buf, all ? "kind,article,text,start,end,value,relative,sentence\r\n"
                                   : "article,text,start,end,value,relative,sentence\r\n");
      if (!khoji_store_foreach_row (self->store, KHOJI_STORE_ROWS_DATES, csv_date, w, &store_error))
        goto fail;
    }
  return writer_flush (w, TRUE, error);

fail:
  if (store_error)
    _khoji_library_propagate_store_error (error, store_error, NULL);
  return FALSE;
}

/* The writer of either format, for the articles given (NULL: all). */
static gboolean
export_with (KhojiLibrary   *self,
             gboolean        csv,
             const char     *what,
             const gint64   *article_ids,
             guint           n_article_ids,
             GOutputStream  *out,
             GError        **error)
{
  g_autoptr(GString) buf = g_string_new (NULL);
  Writer w = { out, buf, 0, NULL, csv, what ? what : "all", NULL, NULL };
  gboolean ok;

  w.only = article_set (article_ids, n_article_ids);
  ok = csv ? export_csv (self, &w, error) : export_json (self, &w, error);
  writer_clear (&w);
  return ok;
}

/**
 * khoji_library_export_json:
 * @self: a library
 * @what: (nullable): "all" (%NULL), "entities" or "timeline"
 * @article_ids: (nullable) (array length=n_article_ids): the articles to
 *   export, or %NULL for all of them
 * @n_article_ids: their number
 * @out: where the JSON goes
 * @error: return location for a #GError
 *
 * Writes the library as JSON (docs/cli-json.md). With @article_ids, only
 * those articles, their mentions and dates, and the entities they
 * mention, each with its articles, mentions and spellings among them.
 */
gboolean
khoji_library_export_json (KhojiLibrary   *self,
                           const char     *what,
                           const gint64   *article_ids,
                           guint           n_article_ids,
                           GOutputStream  *out,
                           GError        **error)
{
  g_return_val_if_fail (KHOJI_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);

  return export_with (self, FALSE, what, article_ids, n_article_ids, out, error);
}

/**
 * khoji_library_export_csv:
 * @self: a library
 * @what: (nullable): "all" (%NULL), "entities" or "timeline"
 * @article_ids: (nullable) (array length=n_article_ids): as for
 *   khoji_library_export_json()
 * @n_article_ids: their number
 * @out: where the CSV goes
 * @error: return location for a #GError
 *
 * Writes the entities and dates as one CSV table (docs/cli-json.md),
 * with @article_ids those of the articles chosen only.
 */
gboolean
khoji_library_export_csv (KhojiLibrary   *self,
                          const char     *what,
                          const gint64   *article_ids,
                          guint           n_article_ids,
                          GOutputStream  *out,
                          GError        **error)
{
  g_return_val_if_fail (KHOJI_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);

  return export_with (self, TRUE, what, article_ids, n_article_ids, out, error);
}
