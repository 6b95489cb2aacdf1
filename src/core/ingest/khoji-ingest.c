/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-ingest"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "khoji-ingest-private.h"

/* Ingest turns untrusted bytes into clean article text. Every input is
 * assumed hostile: files may be binary, huge, deeply nested or lie about
 * their encoding. Nothing here fetches or runs anything a file refers to.
 *
 * The steps, in order:
 *  1. decode: size checked before reading; UTF-8 (BOM or not), UTF-16 with
 *     a BOM or recognised by the shape of its bytes; known binary formats,
 *     NULs, control data and invalid UTF-8 refused with the reason. The
 *     only legacy encoding accepted is one an HTML page declares.
 *  2. HTML (by name or by its opening markup): libxml2's parser, no network,
 *     the article container or densest block of paragraphs, page furniture
 *     left out by tag, role, hidden state and class/id words; title, site
 *     and publication date from the page's metadata.
 *  3. clean: line ends, invisible characters and stray controls, NFC,
 *     trailing blanks, runs of blank lines.
 *  4. boilerplate: line rules on folding keys (ad markers, read times,
 *     promos and what they promote, teasers, credits, prompts, notices).
 *     The rules describe shapes, not any one site's lines, and only look at
 *     short lines, so prose is never judged.
 *  5. title (first heading-sized line) and dateline (a line near the top
 *     that is a date and nothing else of substance); both stay in the text,
 *     where the date tagger finds them. */

G_DEFINE_QUARK (khoji-ingest-error-quark, khoji_ingest_error)

void
khoji_document_free (KhojiDocument *doc)
{
  if (doc == NULL)
    return;
  g_free (doc->text);
  g_free (doc->title);
  g_free (doc->source);
  g_free (doc->published);
  g_free (doc);
}

/* ------------------------------------------------------------------ */
/* Titles                                                             */
/* ------------------------------------------------------------------ */

/* The first `max_chars` characters of `s`, cut back to a word, with an
 * ellipsis. */
static char *
cut_at_word (const char *s,
             glong       max_chars)
{
  g_autofree char *cut = g_utf8_substring (s, 0, max_chars);
  char *space = strrchr (cut, ' ');

  if (space != NULL && g_utf8_strlen (cut, space - cut) > max_chars / 2)
    *space = '\0';
  return g_strconcat (g_strstrip (cut), "…", NULL);
}

static char *
title_from_lines (GPtrArray *lines)
{
  const char *fallback = NULL;

  for (guint i = 0; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);
      g_autoptr(GArray) sentences = NULL;
      glong n;

      if (_khoji_ingest_line_is_blank (line))
        continue;
      /* A dateline or a bare number (a view count) above the headline is
       * not the headline. */
      if (fallback == NULL)
        fallback = line;
      if (!_khoji_ingest_has_letters (line) || _khoji_ingest_is_pure_dateline (line))
        continue;
      /* A place dateline opening a paragraph ("नगर (4 जून 2025)-",
       * "नगर :") is not part of the sentence the title is taken from. A
       * heading, which does not end like a sentence, keeps its words. */
      if (_khoji_ingest_ends_like_sentence (line) || _khoji_ingest_char_count (line) > TITLE_MAX_CHARS)
        {
          g_autoptr(GMatchInfo) mi = NULL;

          if (g_regex_match (_khoji_ingest_rules_get ()->place_prefix, line, 0, &mi))
            {
              int end = 0;

              g_match_info_fetch_pos (mi, 0, NULL, &end);
              line += end;
            }
        }
      n = _khoji_ingest_char_count (line);
      if (n <= TITLE_MAX_CHARS)
        {
          /* A Markdown heading's marks are not part of its words. */
          const char *start = line;
          while (*start == '#')
            start++;
          if (start != line && *start == ' ')
            return g_strstrip (g_strdup (start));
          return g_strstrip (g_strdup (line));
        }

      /* A paragraph comes first: its first sentence stands in for the
       * title, cut at a word if it is long. */
      sentences = khoji_text_sentences (line, strlen (line));
      if (sentences != NULL && sentences->len > 0)
        {
          /* "पटना।" is a dateline place, not a title: take sentences up
           * to a heading's length. */
          gsize start = g_array_index (sentences, KhojiSpan, 0).start;
          for (guint k = 0; k < sentences->len; k++)
            {
              KhojiSpan *span = &g_array_index (sentences, KhojiSpan, k);
              g_autofree char *first = g_strndup (line + start, span->end - start);
              glong fn = _khoji_ingest_char_count (first);
              if (fn > TITLE_MAX_CHARS)
                break;
              if (fn >= 30)
                return g_strstrip (g_steal_pointer (&first));
            }
        }
      return cut_at_word (line, 100);
    }
  return g_strstrip (g_strdup (fallback != NULL ? fallback : ""));
}

/* ------------------------------------------------------------------ */
/* Pipeline                                                           */
/* ------------------------------------------------------------------ */

/* Metadata strings get the same clean-up as the text, on one line. */
static char *
clean_field (const char *value)
{
  g_autoptr(GPtrArray) lines = NULL;
  g_autofree char *joined = NULL;

  if (value == NULL)
    return NULL;
  lines = _khoji_ingest_clean_lines (value, NULL);
  if (lines == NULL)
    return NULL;
  joined = _khoji_ingest_join_lines (lines);
  g_strdelimit (joined, "\n", ' ');
  if (*g_strstrip (joined) == '\0')
    return NULL;
  return _khoji_ingest_squash_spaces (joined);
}

/* `blocks`: each block of the source became a paragraph (an HTML page,
 * a PDF's text), so a line's neighbour in the source may sit after a
 * blank line. */
static KhojiDocument *
build_document (const char *utf8,
                gboolean    is_html,
                gboolean    blocks,
                GError    **error)
{
  g_auto(Extracted) ex = { NULL, NULL, NULL, NULL, NULL };
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(KhojiDocument) doc = NULL;
  g_autofree char *text = NULL;
  g_autofree char *title = NULL;

  if (_khoji_ingest_is_blank_utf8 (utf8))
    {
      _khoji_ingest_set_blank (error);
      return NULL;
    }

  if (is_html && !_khoji_ingest_extract_html (utf8, &ex, error))
    return NULL;

  lines = _khoji_ingest_clean_lines (is_html ? ex.text : utf8, error);
  if (lines == NULL)
    return NULL;

  _khoji_ingest_remove_boilerplate (lines, is_html || blocks);
  _khoji_ingest_clean_front (lines);
  text = _khoji_ingest_join_lines (lines);
  if (*text == '\0')
    {
      g_set_error_literal (error, KHOJI_INGEST_ERROR, KHOJI_INGEST_ERROR_EMPTY,
                           is_html ? _("This HTML page has no article text.")
                                   : _("This file has no article text, only page furniture such as ad markers."));
      return NULL;
    }

  title = clean_field (ex.title);
  if (title != NULL && _khoji_ingest_char_count (title) > TITLE_MAX_CHARS)
    {
      /* A page can claim a megabyte-long title; the window shows a line. */
      g_autofree char *cut = cut_at_word (title, 100);
      g_free (title);
      title = g_steal_pointer (&cut);
    }
  if (title != NULL && strstr (text, title) == NULL)
    {
      /* Keep the headline in the text, as a plain-text article has it. */
      char *with_title = g_strconcat (title, "\n\n", text, NULL);
      g_free (text);
      text = with_title;
    }

  doc = g_new0 (KhojiDocument, 1);
  doc->title = title != NULL ? g_steal_pointer (&title) : title_from_lines (lines);
  doc->source = clean_field (ex.source);
  doc->published = ex.published ? g_strdup (ex.published) : _khoji_ingest_find_dateline (lines);
  if (doc->published == NULL && ex.page_text != NULL)
    {
      /* The dateline may sit outside the block the article text came from. */
      g_autoptr(GPtrArray) page_lines = _khoji_ingest_clean_lines (ex.page_text, NULL);
      if (page_lines != NULL)
        doc->published = _khoji_ingest_find_dateline (page_lines);
    }
  doc->text = g_steal_pointer (&text);
  return g_steal_pointer (&doc);
}

/* An HTML page that is not UTF-8 but says what it is: the one case where
 * a legacy encoding is known rather than guessed. */
static char *
decode_declared_html (const guint8 *data,
                      gsize         len,
                      const char   *name_hint)
{
  gsize window = MIN (len, 4096);
  g_autofree char *head = NULL;
  g_autofree char *charset = NULL;
  g_autofree char *utf8 = NULL;
  gsize written = 0;
  const char *p;

  head = g_ascii_strdown ((const char *) data, window);
  /* g_ascii_strdown stops at a NUL, which is fine: NULs were rejected. */
  if (!_khoji_ingest_name_says_html (name_hint) &&
      strstr (head, "<html") == NULL && strstr (head, "<!doctype html") == NULL &&
      strstr (head, "<body") == NULL && strstr (head, "<meta") == NULL)
    return NULL;

  p = strstr (head, "charset=");
  if (p == NULL)
    return NULL;
  p += strlen ("charset=");
  while (*p == '"' || *p == '\'' || *p == ' ')
    p++;
  {
    const char *e = p;
    while (g_ascii_isalnum (*e) || *e == '-' || *e == '_' || *e == ':' || *e == '.')
      e++;
    if (e == p || e - p > 40)
      return NULL;
    charset = g_strndup (p, e - p);
  }
  if (g_str_equal (charset, "utf-8") || g_str_equal (charset, "utf8") ||
      g_str_has_prefix (charset, "utf-16"))
    return NULL;

  utf8 = g_convert ((const char *) data, len, "UTF-8", charset, NULL, &written, NULL);
  if (utf8 == NULL || !g_utf8_validate_len (utf8, written, NULL) ||
      memchr (utf8, 0, written) != NULL || !_khoji_ingest_check_controls (utf8, written, NULL))
    return NULL;
  return g_steal_pointer (&utf8);
}

KhojiDocument *
khoji_ingest_bytes (GBytes      *bytes,
                    const char  *name_hint,
                    GError     **error)
{
  g_autofree char *utf8 = NULL;
  g_autoptr(GError) local_error = NULL;
  const guint8 *data;
  gsize len = 0;
  gboolean is_html;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (bytes, &len);
  if (len >= 5 && memcmp (data, "%PDF-", 5) == 0)
    {
      g_autofree char *text = _khoji_ingest_pdf_text (bytes, error);

      return text != NULL ? build_document (text, FALSE, TRUE, error) : NULL;
    }
  utf8 = _khoji_ingest_decode_bytes (data, len, &local_error);
  if (utf8 == NULL &&
      g_error_matches (local_error, KHOJI_INGEST_ERROR, KHOJI_INGEST_ERROR_ENCODING))
    utf8 = decode_declared_html (data, len, name_hint);
  if (utf8 == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  is_html = _khoji_ingest_name_says_html (name_hint) || _khoji_ingest_content_says_html (utf8);
  return build_document (utf8, is_html, is_html, error);
}

KhojiDocument *
khoji_ingest_text (const char  *utf8,
                   GError     **error)
{
  const char *end = NULL;
  gsize len;

  g_return_val_if_fail (utf8 != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  len = strlen (utf8);
  if (len > KHOJI_INGEST_MAX_BYTES)
    {
      _khoji_ingest_set_too_large (error);
      return NULL;
    }
  if (len == 0)
    {
      g_set_error_literal (error, KHOJI_INGEST_ERROR, KHOJI_INGEST_ERROR_EMPTY,
                           _("There is no text to import."));
      return NULL;
    }
  if (!g_utf8_validate_len (utf8, len, &end))
    {
      _khoji_ingest_set_bad_utf8 (error, (gsize) (end - utf8));
      return NULL;
    }
  if (!_khoji_ingest_check_controls (utf8, len, error))
    return NULL;
  if (len >= 3 && (guchar) utf8[0] == 0xEF && (guchar) utf8[1] == 0xBB && (guchar) utf8[2] == 0xBF)
    utf8 += 3;

  return build_document (utf8, FALSE, FALSE, error);
}

KhojiDocument *
khoji_ingest_file (GFile         *file,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GByteArray) buffer = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *display = NULL;
  goffset size;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display = g_file_get_parse_name (file);
  info = g_file_query_info (file,
                            G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                            G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                            G_FILE_ATTRIBUTE_STANDARD_NAME,
                            G_FILE_QUERY_INFO_NONE, cancellable, &local_error);
  if (info == NULL)
    {
      g_set_error (error, KHOJI_INGEST_ERROR, KHOJI_INGEST_ERROR_IO,
                   _("Could not read “%s”: %s"), display, local_error->message);
      return NULL;
    }
  if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
    {
      g_set_error (error, KHOJI_INGEST_ERROR, KHOJI_INGEST_ERROR_IO,
                   _("“%s” is a folder, not a file."), display);
      return NULL;
    }
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR &&
      g_file_info_get_file_type (info) != G_FILE_TYPE_SYMBOLIC_LINK)
    {
      g_set_error (error, KHOJI_INGEST_ERROR, KHOJI_INGEST_ERROR_IO,
                   _("“%s” is not a regular file."), display);
      return NULL;
    }

  /* Decided before reading: a huge file is never loaded into memory. */
  size = g_file_info_get_size (info);
  if (size > KHOJI_INGEST_MAX_BYTES)
    {
      _khoji_ingest_set_too_large (error);
      return NULL;
    }

  stream = g_file_read (file, cancellable, &local_error);
  if (stream == NULL)
    {
      g_set_error (error, KHOJI_INGEST_ERROR, KHOJI_INGEST_ERROR_IO,
                   _("Could not read “%s”: %s"), display, local_error->message);
      return NULL;
    }

  /* The file may grow between the size check and the read; the read is
   * capped all the same. */
  buffer = g_byte_array_sized_new ((guint) size + 1);
  for (;;)
    {
      guint8 chunk[64 * 1024];
      gssize n = g_input_stream_read (G_INPUT_STREAM (stream), chunk, sizeof chunk,
                                      cancellable, &local_error);
      if (n < 0)
        {
          g_set_error (error, KHOJI_INGEST_ERROR, KHOJI_INGEST_ERROR_IO,
                       _("Could not read “%s”: %s"), display, local_error->message);
          return NULL;
        }
      if (n == 0)
        break;
      if (buffer->len + (gsize) n > KHOJI_INGEST_MAX_BYTES)
        {
          _khoji_ingest_set_too_large (error);
          return NULL;
        }
      g_byte_array_append (buffer, chunk, (guint) n);
    }

  name = g_file_get_basename (file);
  bytes = g_byte_array_free_to_bytes (g_steal_pointer (&buffer));
  return khoji_ingest_bytes (bytes, name, error);
}
