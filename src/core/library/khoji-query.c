/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-library"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "khoji-library-private.h"

/* A search box's text as an FTS5 query. */

static void
append_fts_term (GString    *out,
                 const char *term,
                 gsize       len,
                 gboolean    prefix)
{
  g_string_append_c (out, '"');
  for (gsize i = 0; i < len; i++)
    {
      if (term[i] == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, term[i]);
    }
  g_string_append_c (out, '"');
  if (prefix)
    g_string_append_c (out, '*');
}

static gboolean
has_word (const char *s,
          gsize       len)
{
  g_autoptr(GArray) words = khoji_text_words (s, len);
  return words->len > 0;
}

char *
khoji_library_parse_query (const char  *query,
                           GError     **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *p;
  g_autoptr(GPtrArray) leading_excluded = g_ptr_array_new_with_free_func (g_free);
  gboolean pending_or = FALSE, pending_not = FALSE;
  guint n_terms = 0, n_words = 0;

  g_return_val_if_fail (query != NULL, NULL);

  if (!g_utf8_validate (query, -1, NULL))
    {
      g_set_error_literal (error, KHOJI_LIBRARY_ERROR, KHOJI_LIBRARY_ERROR_QUERY,
                           _("The search contains characters that are not text."));
      return NULL;
    }

  p = query;
  while (*p)
    {
      const char *start;
      gsize len;
      gboolean prefix = FALSE, negate = FALSE, phrase = FALSE;

      while (*p && g_ascii_isspace (*p))
        p++;
      if (*p == '\0')
        break;

      if (*p == '-' && p[1] != '\0' && !g_ascii_isspace (p[1]))
        {
          negate = TRUE;
          p++;
        }

      if (*p == '"')
        {
          const char *close = strchr (p + 1, '"');
          if (close == NULL)
            {
              g_set_error_literal (error, KHOJI_LIBRARY_ERROR, KHOJI_LIBRARY_ERROR_QUERY,
                                   _("The search has an opening quotation mark without a closing one."));
              return NULL;
            }
          start = p + 1;
          len = close - start;
          p = close + 1;
          phrase = TRUE;
        }
      else
        {
          start = p;
          while (*p && !g_ascii_isspace (*p) && *p != '"')
            p++;
          len = p - start;
        }
      if (*p == '*')
        {
          prefix = TRUE;
          p++;
        }
      while (len > 0 && start[len - 1] == '*')
        {
          prefix = TRUE;
          len--;
        }

      if (!phrase && !negate && ((len == 2 && strncmp (start, "OR", 2) == 0) ||
                                 (len == strlen ("या") && strncmp (start, "या", len) == 0)))
        {
          if (n_terms > 0)
            pending_or = TRUE;
          continue;
        }
      if (!has_word (start, len))
        continue;
      if (++n_words > KHOJI_LIBRARY_QUERY_MAX_WORDS)
        {
          g_set_error (error, KHOJI_LIBRARY_ERROR, KHOJI_LIBRARY_ERROR_QUERY,
                       g_dngettext (GETTEXT_PACKAGE,
                                    "This search has more than %u word: search for at most %u.",
                                    "This search has more than %u words: search for at most %u.",
                                    KHOJI_LIBRARY_QUERY_MAX_WORDS),
                       (guint) KHOJI_LIBRARY_QUERY_MAX_WORDS, (guint) KHOJI_LIBRARY_QUERY_MAX_WORDS);
          return NULL;
        }
      /* An excluded word before any word to find excludes from what the
       * words after it find: FTS5 has no NOT without a left side. */
      if (negate && n_terms == 0)
        {
          GString *term = g_string_new (NULL);
          append_fts_term (term, start, len, prefix);
          g_ptr_array_add (leading_excluded, g_string_free (term, FALSE));
          continue;
        }

      if (n_terms > 0)
        {
          if (negate || pending_not)
            g_string_append (out, " NOT ");
          else if (pending_or)
            g_string_append (out, " OR ");
          else
            g_string_append (out, " AND ");
        }
      append_fts_term (out, start, len, prefix);
      pending_or = pending_not = FALSE;
      n_terms++;
      for (guint i = 0; n_terms == 1 && i < leading_excluded->len; i++)
        g_string_append_printf (out, " NOT %s", (char *) g_ptr_array_index (leading_excluded, i));
    }

  if (n_terms == 0 && leading_excluded->len > 0)
    {
      g_set_error_literal (error, KHOJI_LIBRARY_ERROR, KHOJI_LIBRARY_ERROR_QUERY,
                           _("A search of only excluded words (“-word”) would find every other article: add a word to search for."));
      return NULL;
    }
  if (n_terms == 0)
    {
      g_set_error_literal (error, KHOJI_LIBRARY_ERROR, KHOJI_LIBRARY_ERROR_QUERY,
                           _("Type a word to search for."));
      return NULL;
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}
