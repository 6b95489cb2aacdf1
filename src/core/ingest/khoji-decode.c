/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-ingest"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "khoji-ingest-private.h"

/* Steps 1 and 3 of ingest (khoji-ingest.c): bytes to UTF-8, refusing
 * what is not text; then clean lines. */

/* ------------------------------------------------------------------ */
/* Decoding                                                           */
/* ------------------------------------------------------------------ */

void
_khoji_ingest_set_too_large (GError **error)
{
  g_set_error (error, KHOJI_INGEST_ERROR, KHOJI_INGEST_ERROR_TOO_LARGE,
               _("This file is larger than %d MB; Khoji imports articles up to %d MB."),
               KHOJI_INGEST_MAX_BYTES / (1024 * 1024),
               KHOJI_INGEST_MAX_BYTES / (1024 * 1024));
}

static void
set_empty (GError **error)
{
  g_set_error_literal (error, KHOJI_INGEST_ERROR, KHOJI_INGEST_ERROR_EMPTY,
                       _("This file is empty."));
}

void
_khoji_ingest_set_blank (GError **error)
{
  g_set_error_literal (error, KHOJI_INGEST_ERROR, KHOJI_INGEST_ERROR_EMPTY,
                       _("This file contains only blank space, no text."));
}

static void
set_nul (GError **error)
{
  g_set_error_literal (error, KHOJI_INGEST_ERROR, KHOJI_INGEST_ERROR_BINARY,
                       _("This looks like a binary file, not an article (it contains NUL bytes)."));
}

void
_khoji_ingest_set_bad_utf8 (GError **error,
                            gsize    offset)
{
  /* The offset goes in as a string: a G_GSIZE_FORMAT inside the message
   * would hide it from xgettext. */
  g_autofree char *where = g_strdup_printf ("%" G_GSIZE_FORMAT, offset);

  g_set_error (error, KHOJI_INGEST_ERROR, KHOJI_INGEST_ERROR_ENCODING,
               _("This file is not valid UTF-8 or UTF-16 text (first bad byte at offset %s). "
                 "Save it as UTF-8 and import it again."),
               where);
}

typedef struct {
  const char *magic;
  gsize       len;
  const char *message;
} Magic;

/* Formats people are likely to drop by mistake, named so that the message
 * says what the file is rather than only what it is not. Whole sentences,
 * so that translations need not glue phrases together. */
#define MAGIC_IMAGE N_("This is an image, not a text article. Khoji reads plain text and HTML files.")
#define MAGIC_ARCHIVE N_("This is an archive or an office document, not a text article. Save the article as plain text or HTML and import that.")
static const Magic magics[] = {
  { "\x89PNG\r\n\x1a\n", 8, MAGIC_IMAGE },
  { "\xff\xd8\xff", 3, MAGIC_IMAGE },
  { "GIF87a", 6, MAGIC_IMAGE },
  { "GIF89a", 6, MAGIC_IMAGE },
  { "PK\x03\x04", 4, MAGIC_ARCHIVE },
  { "\x1f\x8b", 2, MAGIC_ARCHIVE },
  { "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8, MAGIC_ARCHIVE },
  { "{\\rtf", 5, MAGIC_ARCHIVE },
  { "\x7f" "ELF", 4, N_("This is a program, not a text article.") },
  { "SQLite format 3", 15, N_("This is a database file, not a text article.") },
};

static gboolean
check_magic (const guint8 *data,
             gsize         len,
             GError      **error)
{
  for (gsize i = 0; i < G_N_ELEMENTS (magics); i++)
    if (len >= magics[i].len && memcmp (data, magics[i].magic, magics[i].len) == 0)
      {
        g_set_error_literal (error, KHOJI_INGEST_ERROR, KHOJI_INGEST_ERROR_BINARY,
                             _(magics[i].message));
        return FALSE;
      }
  return TRUE;
}

static gboolean
plausible_text_char (gunichar c)
{
  if (c == '\n' || c == '\r' || c == '\t')
    return TRUE;
  if (c < 0x20 || (c >= 0x7F && c < 0xA0))
    return FALSE;
  if (c >= 0xE000 && c <= 0xF8FF)
    return FALSE;
  return g_unichar_isdefined (c);
}

static char *
utf16_to_utf8 (const guint8 *data,
               gsize         len,
               gboolean      big_endian,
               gsize        *bad_offset)
{
  gsize n = len / 2;
  g_autofree gunichar2 *units = g_new (gunichar2, n + 1);
  glong items_read = 0;
  g_autoptr(GError) local_error = NULL;
  char *utf8;

  for (gsize i = 0; i < n; i++)
    units[i] = big_endian
      ? (gunichar2) ((data[2 * i] << 8) | data[2 * i + 1])
      : (gunichar2) ((data[2 * i + 1] << 8) | data[2 * i]);
  units[n] = 0;

  if (len % 2 != 0)
    {
      *bad_offset = len - 1;
      return NULL;
    }

  utf8 = g_utf16_to_utf8 (units, (glong) n, &items_read, NULL, &local_error);
  if (utf8 == NULL)
    {
      *bad_offset = (gsize) items_read * 2;
      return NULL;
    }
  return utf8;
}

static gboolean
utf16_has_nul_unit (const guint8 *data,
                    gsize         len)
{
  for (gsize i = 0; i + 1 < len; i += 2)
    if (data[i] == 0 && data[i + 1] == 0)
      return TRUE;
  return FALSE;
}

/* Text files without a byte order mark can still be UTF-16. The high
 * byte of each code unit then keeps to very few values: 0x00 for the ASCII
 * part of the text (spaces, digits, punctuation, newlines), 0x09 for
 * Devanagari, 0x20 for typographic punctuation. Binary data has no such
 * pattern, and a real decode must look like text as well. */
/* Returns 0 when the bytes do not look like UTF-16, 1 for little endian,
 * 2 for big endian. */
static int
sniff_utf16 (const guint8 *data,
             gsize         len)
{
  gsize even_script = 0, odd_script = 0, pairs = len / 2;

  if (len < 4 || len % 2 != 0)
    return 0;

  for (gsize i = 0; i + 1 < len; i += 2)
    {
      even_script += data[i] == 0 || data[i] == 0x09 || data[i] == 0x20;
      odd_script += data[i + 1] == 0 || data[i + 1] == 0x09 || data[i + 1] == 0x20;
    }

  for (int order = 1; order <= 2; order++)
    {
      gsize high = order == 1 ? odd_script : even_script;
      gsize low = order == 1 ? even_script : odd_script;
      g_autofree char *utf8 = NULL;
      gsize bad = 0, total = 0, good = 0;

      if (high * 10 < pairs * 9 || low * 2 > pairs)
        continue;
      if (utf16_has_nul_unit (data, len))
        continue;
      utf8 = utf16_to_utf8 (data, len, order == 2, &bad);
      if (utf8 == NULL)
        continue;
      for (const char *p = utf8; *p; p = g_utf8_next_char (p))
        {
          total++;
          good += plausible_text_char (g_utf8_get_char (p));
        }
      if (total > 0 && good * 100 >= total * 98)
        return order;
    }
  return 0;
}

gboolean
_khoji_ingest_is_blank_utf8 (const char *s)
{
  for (const char *p = s; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (!g_unichar_isspace (c) && c != 0xFEFF && c != 0x200B && c != 0x200C && c != 0x200D)
        return FALSE;
    }
  return TRUE;
}

/* Control characters other than layout ones. A few stray ones are dropped
 * in cleaning; many mean the file is data, not text. */
gboolean
_khoji_ingest_check_controls (const char *utf8,
                              gsize       len,
                              GError    **error)
{
  gsize controls, chars;
  gsize continuation = 0, low = 0, text_low = 0, del = 0;

  /* Byte by byte, so that it is safe on bytes not yet known to be UTF-8;
   * continuation bytes are not counted as characters. This runs over
   * every byte of every file: four plain counts, which the compiler
   * turns into vector code, say the same as testing each byte. */
  for (gsize i = 0; i < len; i++)
    {
      guchar c = (guchar) utf8[i];

      continuation += (c & 0xC0) == 0x80;
      low += c < 0x20;
      text_low += (guchar) (c - '\t') <= '\r' - '\t';  /* \t \n \v \f \r */
      del += c == 0x7F;
    }
  chars = len - continuation;
  controls = low - text_low + del;

  if (controls > 64 || (controls >= 4 && controls * 20 > chars))
    {
      g_set_error_literal (error, KHOJI_INGEST_ERROR, KHOJI_INGEST_ERROR_BINARY,
                           _("This looks like a binary file, not an article (it contains control characters)."));
      return FALSE;
    }
  return TRUE;
}

/* Turns the bytes of a file into UTF-8, or says why it cannot. The result
 * is valid UTF-8 with no NUL, not yet normalized. */
char *
_khoji_ingest_decode_bytes (const guint8 *data,
                            gsize         len,
                            GError      **error)
{
  char *utf8 = NULL;
  gsize bad = 0;
  const char *end = NULL;
  gboolean controls_ok;

  if (len > KHOJI_INGEST_MAX_BYTES)
    {
      _khoji_ingest_set_too_large (error);
      return NULL;
    }
  if (len == 0)
    {
      set_empty (error);
      return NULL;
    }

  if (len >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF)
    {
      data += 3;
      len -= 3;
    }
  else if (len >= 2 && ((data[0] == 0xFF && data[1] == 0xFE) ||
                        (data[0] == 0xFE && data[1] == 0xFF)))
    {
      gboolean big_endian = data[0] == 0xFE;

      if (len >= 4 && !big_endian && data[2] == 0 && data[3] == 0)
        {
          /* FF FE 00 00 is UTF-32; too rare in news to support. */
          g_set_error_literal (error, KHOJI_INGEST_ERROR, KHOJI_INGEST_ERROR_ENCODING,
                               _("This file is in UTF-32, which Khoji does not read. Save it as UTF-8 and import it again."));
          return NULL;
        }
      if (len == 2)
        {
          set_empty (error);
          return NULL;
        }
      if (utf16_has_nul_unit (data + 2, len - 2))
        {
          set_nul (error);
          return NULL;
        }
      utf8 = utf16_to_utf8 (data + 2, len - 2, big_endian, &bad);
      if (utf8 == NULL)
        {
          _khoji_ingest_set_bad_utf8 (error, bad + 2);
          return NULL;
        }
      if (!_khoji_ingest_check_controls (utf8, strlen (utf8), error))
        {
          g_free (utf8);
          return NULL;
        }
      return utf8;
    }

  if (len == 0)
    {
      set_empty (error);
      return NULL;
    }

  if (!check_magic (data, len, error))
    return NULL;

  /* NUL bytes, or Devanagari UTF-16 whose bytes all happen to be ASCII
   * control characters and letters. */
  controls_ok = memchr (data, 0, len) == NULL && _khoji_ingest_check_controls ((const char *) data, len, NULL);
  if (!controls_ok)
    {
      int order = sniff_utf16 (data, len);

      if (order == 0 && memchr (data, 0, len) != NULL)
        {
          set_nul (error);
          return NULL;
        }
      if (order == 0)
        goto not_utf16;
      utf8 = utf16_to_utf8 (data, len, order == 2, &bad);
      if (utf8 == NULL)
        {
          _khoji_ingest_set_bad_utf8 (error, bad);
          return NULL;
        }
      if (!_khoji_ingest_check_controls (utf8, strlen (utf8), error))
        {
          g_free (utf8);
          return NULL;
        }
      return utf8;
    }

not_utf16:
  if (!khoji_text_validate ((const char *) data, len))
    {
      /* Legacy 8-bit encodings cannot be told apart reliably from the
       * bytes alone; guessing would show the user mojibake. Where the
       * bytes go wrong is asked of GLib. */
      g_utf8_validate_len ((const char *) data, len, &end);
      _khoji_ingest_set_bad_utf8 (error, (gsize) ((const guint8 *) end - data));
      return NULL;
    }
  /* Bytes counted above need no second count; the others fail here,
   * with the message. */
  if (!controls_ok && !_khoji_ingest_check_controls ((const char *) data, len, error))
    return NULL;

  return g_strndup ((const char *) data, len);
}

/* ------------------------------------------------------------------ */
/* Cleaning                                                           */
/* ------------------------------------------------------------------ */

/* Line ends to LF, invisible junk and stray controls out, NFC. ZWJ/ZWNJ
 * stay: they change how Devanagari is shown. Returns lines, right-trimmed. */
GPtrArray *
_khoji_ingest_clean_lines (const char *utf8,
                           GError    **error)
{
  g_autoptr(GString) raw = g_string_sized_new (strlen (utf8));
  g_autofree char *nfc = NULL;
  g_autoptr(GError) local_error = NULL;
  GPtrArray *lines;
  char **split;
  const char *run, *next;

  /* Letters, marks and spaces, nearly all of a text, are copied as runs
   * of bytes: only the characters tested below end a run. `utf8` is
   * valid UTF-8 (decoded and checked, or from libxml2). */
  run = utf8;
  for (const char *p = utf8; *p; p = next)
    {
      guchar b = (guchar) *p;
      gunichar c;

      next = g_utf8_next_char (p);
      if (b >= 0x20 && b < 0x7F)
        continue;
      /* Characters of three or four bytes are all kept but U+2028,
       * U+2029, U+200B (lead byte E2) and U+FEFF (EF). */
      if (b >= 0xE0 && b != 0xE2 && b != 0xEF)
        continue;
      c = b < 0x80 ? b : g_utf8_get_char (p);
      if (c >= 0xA0 && c != 0x2028 && c != 0x2029 && c != 0xFEFF && c != 0x200B)
        continue;
      g_string_append_len (raw, run, p - run);
      run = next;

      if (c == '\r')
        {
          if (p[1] != '\n')
            g_string_append_c (raw, '\n');
          continue;
        }
      if (c == '\f' || c == '\v' || c == 0x2028 || c == 0x2029 || c == 0x85)
        {
          g_string_append_c (raw, '\n');
          continue;
        }
      if (c == 0xFEFF || c == 0x200B)
        continue;
      if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F || (c >= 0x80 && c < 0xA0))
        continue;
      g_string_append_unichar (raw, c);
    }
  g_string_append (raw, run);

  nfc = khoji_text_normalize (raw->str, raw->len, &local_error);
  if (nfc == NULL)
    {
      g_set_error (error, KHOJI_INGEST_ERROR, KHOJI_INGEST_ERROR_ENCODING,
                   _("The text could not be normalized: %s"), local_error->message);
      return NULL;
    }

  lines = g_ptr_array_new_with_free_func (g_free);
  split = g_strsplit (nfc, "\n", -1);
  for (char **l = split; *l; l++)
    {
      char *line = *l;
      char *e = line + strlen (line);

      while (e > line)
        {
          const char *prev = g_utf8_prev_char (e);
          gunichar c = g_utf8_get_char (prev);
          if (!g_unichar_isspace (c) && c != 0x00A0 && c != 0x3000)
            break;
          e = (char *) prev;
        }
      *e = '\0';
      g_ptr_array_add (lines, line);
    }
  g_free (split);  /* the strings now belong to the array */
  return lines;
}

gboolean
_khoji_ingest_line_is_blank (const char *line)
{
  return _khoji_ingest_is_blank_utf8 (line);
}

/* Joins lines with one blank line at most between paragraphs. */
char *
_khoji_ingest_join_lines (GPtrArray *lines)
{
  GString *out = g_string_new (NULL);
  gboolean pending_blank = FALSE;

  for (guint i = 0; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);

      if (_khoji_ingest_line_is_blank (line))
        {
          pending_blank = out->len > 0;
          continue;
        }
      if (out->len > 0)
        g_string_append (out, pending_blank ? "\n\n" : "\n");
      pending_blank = FALSE;
      g_string_append (out, line);
    }
  return g_string_free (out, FALSE);
}
