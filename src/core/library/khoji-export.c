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

typedef struct {
  GOutputStream *out;
  GString       *buf;
  guint          n;
  GHashTable    *aliases;   /* entity id -> GPtrArray of forms */
  gboolean       csv;
  const char    *kind;
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
  Writer *w = data;
  GPtrArray *forms = g_hash_table_lookup (w->aliases, &v[0]);

  if (forms == NULL)
    {
      forms = g_ptr_array_new_with_free_func (g_free);
      g_hash_table_insert (w->aliases, g_memdup2 (&v[0], sizeof (gint64)), forms);
    }
  g_ptr_array_add (forms, g_strdup (c[1]));
  return TRUE;
}

static gboolean
json_entity (const char * const *c, const gint64 *v, guint n, gpointer data, GError **error)
{
  Writer *w = data;
  GPtrArray *forms = g_hash_table_lookup (w->aliases, &v[0]);

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
                          ", \"hidden\": %s}", v[4], v[5], v[6] ? "true" : "false");
  return writer_flush (w, FALSE, error);
}

static gboolean
json_mention (const char * const *c, const gint64 *v, guint n, gpointer data, GError **error)
{
  Writer *w = data;

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

gboolean
khoji_library_export_json (KhojiLibrary   *self,
                           const char     *what,
                           GOutputStream  *out,
                           GError        **error)
{
  g_autoptr(GString) buf = g_string_new ("{");
  g_autoptr(GHashTable) aliases = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                         (GDestroyNotify) g_ptr_array_unref);
  Writer w = { out, buf, 0, aliases, FALSE, what };
  gboolean all, entities, timeline;
  gboolean first = TRUE;

  g_return_val_if_fail (KHOJI_IS_LIBRARY (self), FALSE);

  if (what == NULL)
    what = w.kind = "all";
  all = g_str_equal (what, "all");
  entities = g_str_equal (what, "entities");
  timeline = g_str_equal (what, "timeline");
  if (!all && !entities && !timeline)
    {
      g_set_error (error, KHOJI_LIBRARY_ERROR, KHOJI_LIBRARY_ERROR_FAILED,
                   _("Unknown export “%s”: use all, entities or timeline."), what);
      return FALSE;
    }

  if (all || timeline)
    {
      if (!write_section (self, &w, "articles", KHOJI_STORE_ROWS_ARTICLES, json_article, first, error))
        return FALSE;
      first = FALSE;
    }
  if (all || entities)
    {
      GError *store_error = NULL;
      if (!khoji_store_foreach_row (self->store, KHOJI_STORE_ROWS_ALIASES, collect_alias, &w, &store_error))
        {
          _khoji_library_propagate_store_error (error, store_error, NULL);
          return FALSE;
        }
      if (!write_section (self, &w, "entities", KHOJI_STORE_ROWS_ENTITIES, json_entity, first, error))
        return FALSE;
      first = FALSE;
    }
  if (all)
    {
      if (!write_section (self, &w, "mentions", KHOJI_STORE_ROWS_MENTIONS, json_mention, first, error))
        return FALSE;
    }
  if (all || timeline)
    {
      if (!write_section (self, &w, "dates", KHOJI_STORE_ROWS_DATES, json_date, first, error))
        return FALSE;
    }
  g_string_append (buf, "\n}\n");
  return writer_flush (&w, TRUE, error);
}

static void
csv_field (GString    *out,
           const char *s,
           gboolean    last)
{
  g_autofree char *valid = NULL;

  if (s && !g_utf8_validate (s, -1, NULL))
    s = valid = g_utf8_make_valid (s, -1);
  if (s && strpbrk (s, ",\"\n\r"))
    {
      g_string_append_c (out, '"');
      for (const char *p = s; *p; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  else if (s)
    g_string_append (out, s);
  g_string_append (out, last ? "\r\n" : ",");
}

static gboolean
csv_entity (const char * const *c, const gint64 *v, guint n, gpointer data, GError **error)
{
  Writer *w = data;
  GPtrArray *forms = g_hash_table_lookup (w->aliases, &v[0]);
  g_autoptr(GString) joined = g_string_new (NULL);

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
  csv_field (w->buf, c[4], FALSE);
  csv_field (w->buf, c[5], TRUE);
  return writer_flush (w, FALSE, error);
}

static gboolean
csv_date (const char * const *c, const gint64 *v, guint n, gpointer data, GError **error)
{
  Writer *w = data;

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

gboolean
khoji_library_export_csv (KhojiLibrary   *self,
                          const char     *what,
                          GOutputStream  *out,
                          GError        **error)
{
  g_autoptr(GString) buf = g_string_new (NULL);
  g_autoptr(GHashTable) aliases = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                         (GDestroyNotify) g_ptr_array_unref);
  Writer w = { out, buf, 0, aliases, TRUE, what ? what : "all" };
  GError *store_error = NULL;
  gboolean all;

  g_return_val_if_fail (KHOJI_IS_LIBRARY (self), FALSE);

  all = g_str_equal (w.kind, "all");
  if (!all && !g_str_equal (w.kind, "entities") && !g_str_equal (w.kind, "timeline"))
    {
      g_set_error (error, KHOJI_LIBRARY_ERROR, KHOJI_LIBRARY_ERROR_FAILED,
                   _("Unknown export “%s”: use all, entities or timeline."), w.kind);
      return FALSE;
    }

  /* One table: with `all`, a first column says what each row is. */
  if (all || g_str_equal (w.kind, "entities"))
    {
      if (!khoji_store_foreach_row (self->store, KHOJI_STORE_ROWS_ALIASES, collect_alias, &w, &store_error))
        goto fail;
      g_string_append (buf, all ? "kind,id,name,latin,type,aliases,articles,mentions\r\n"
                                : "id,name,latin,type,aliases,articles,mentions\r\n");
      if (!khoji_store_foreach_row (self->store, KHOJI_STORE_ROWS_ENTITIES, csv_entity, &w, &store_error))
        goto fail;
    }
  if (all || g_str_equal (w.kind, "timeline"))
    {
      g_string_append (buf, all ? "kind,article,text,start,end,value,relative,sentence\r\n"
                                : "article,text,start,end,value,relative,sentence\r\n");
      if (!khoji_store_foreach_row (self->store, KHOJI_STORE_ROWS_DATES, csv_date, &w, &store_error))
        goto fail;
    }
  return writer_flush (&w, TRUE, error);

fail:
  if (store_error)
    _khoji_library_propagate_store_error (error, store_error, NULL);
  return FALSE;
}
