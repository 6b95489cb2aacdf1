/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-ingest"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <poppler.h>

#include "khoji-ingest-private.h"

/* Text PDFs, through poppler-glib: each page's text, its lines joined
 * into paragraphs (a word broken by a hyphen at a line's end made whole),
 * the running headers and footers that repeat on every page left out.
 * A PDF with no text (a scan) and a Hindi PDF set in a legacy font,
 * whose "text" is Latin letters and symbols standing for Devanagari
 * glyphs (Kruti Dev and its kin), are refused with the reason: the first
 * has nothing to read, the second would fill the library with nonsense.
 *
 * The paragraph rules are hand-written: poppler gives lines, and no
 * library in the stack rebuilds paragraphs from them. */

#define PDF_MAX_PAGES 2000

/* A line that is a header or footer: the same (digits aside) at the top
 * or bottom of most pages. */
static char *
furniture_key (const char *line)
{
  GString *key = g_string_new (NULL);

  for (const char *p = line; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isdigit (c))
        {
          if (key->len == 0 || key->str[key->len - 1] != '#')
            g_string_append_c (key, '#');
        }
      else if (!g_unichar_isspace (c))
        g_string_append_unichar (key, c);
    }
  return g_string_free (key, FALSE);
}

static int
compare_glong (gconstpointer a,
               gconstpointer b)
{
  glong x = *(const glong *) a, y = *(const glong *) b;

  return x < y ? -1 : x > y;
}

static gboolean
is_blank (const char *s)
{
  for (; *s; s++)
    if (!g_ascii_isspace (*s))
      return FALSE;
  return TRUE;
}

/* A page's text with its layout read back: a blank line where the gap
 * between two lines is more than a third of a line (a new paragraph),
 * and no space where poppler put one between glyphs that touch (it does
 * inside a Devanagari cluster whose vowel sign is drawn before its
 * consonant: "पुति न"). A real space is a good part of a letter wide. */
static char *
page_text (PopplerPage *page)
{
  g_autofree char *text = poppler_page_get_text (page);
  PopplerRectangle *rects = NULL;
  guint n_rects = 0;
  GString *out;
  double line_top = -1, line_bottom = -1, prev_bottom = -1, prev_height = 0;
  gsize line_start;
  guint i = 0;

  if (text == NULL)
    return NULL;
  if (!poppler_page_get_text_layout (page, &rects, &n_rects) ||
      (glong) n_rects != g_utf8_strlen (text, -1))
    {
      g_free (rects);
      return g_steal_pointer (&text);
    }

  out = g_string_sized_new (strlen (text) + 64);
  line_start = 0;
  for (const char *p = text; *p; p = g_utf8_next_char (p), i++)
    {
      gunichar c = g_utf8_get_char (p);
      PopplerRectangle *r = &rects[i];

      if (c == '\n')
        {
          double height = line_bottom - line_top;

          /* A gap above this line wider than a third of a line: the line
           * starts a paragraph. */
          if (prev_bottom >= 0 && line_top >= 0 && height > 0 &&
              line_top - prev_bottom > MAX (height, prev_height) / 3)
            g_string_insert (out, line_start, "\n");
          g_string_append_c (out, '\n');
          if (line_top >= 0)
            {
              prev_bottom = line_bottom;
              prev_height = height;
            }
          line_start = out->len;
          line_top = line_bottom = -1;
          continue;
        }
      if (c == ' ' && r->x2 - r->x1 < 0.08 * (r->y2 - r->y1))
        continue;
      if (line_top < 0 || r->y1 < line_top)
        line_top = r->y1;
      if (r->y2 > line_bottom)
        line_bottom = r->y2;
      g_string_append_unichar (out, c);
    }
  g_free (rects);
  return g_string_free (out, FALSE);
}

/* The lines of a page, stripped, blank ones kept as "". */
static GPtrArray *
page_lines (const char *text)
{
  g_auto(GStrv) raw = g_strsplit (text != NULL ? text : "", "\n", -1);
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);

  for (char **l = raw; *l; l++)
    g_ptr_array_add (lines, g_strstrip (g_strdup (*l)));
  while (lines->len > 0 && *(char *) g_ptr_array_index (lines, lines->len - 1) == '\0')
    g_ptr_array_remove_index (lines, lines->len - 1);
  while (lines->len > 0 && *(char *) g_ptr_array_index (lines, 0) == '\0')
    g_ptr_array_remove_index (lines, 0);
  return lines;
}

static gboolean
ends_paragraph (const char *line,
                glong       width)
{
  /* A line that ends a sentence well short of the column's width ends
   * its paragraph; a full line goes on. */
  return _khoji_ingest_ends_like_sentence (line) && g_utf8_strlen (line, -1) < width * 8 / 10;
}

static void
append_line (GString    *para,
             const char *line)
{
  gsize n = para->len;

  if (n == 0)
    {
      g_string_append (para, line);
      return;
    }
  /* "infor-" + "mation": a word broken at the line's end, in a script
   * with cases (a Hindi line does not hyphenate words). */
  if (n >= 2 && para->str[n - 1] == '-' && g_ascii_isalpha (para->str[n - 2]) && g_ascii_islower (line[0]))
    {
      g_string_truncate (para, n - 1);
      g_string_append (para, line);
      return;
    }
  g_string_append_c (para, ' ');
  g_string_append (para, line);
}

/* Whether the text is what a legacy Devanagari font yields: Latin letters
 * and symbols standing for glyphs. Such words mix cases inside a word
 * ("Hkkjr", "dgk", "iz/kkuea=h") and carry symbols between letters, which
 * English words seldom do; and no Devanagari at all is there. */
static gboolean
looks_like_legacy_font (const char *text)
{
  guint words = 0, odd = 0, devanagari = 0, latin = 0;
  g_auto(GStrv) tokens = g_strsplit_set (text, " \n\t", -1);

  for (char **t = tokens; *t; t++)
    {
      const char *w = *t;
      gboolean lower_seen = FALSE, odd_word = FALSE;
      guint letters = 0;
      gsize len = strlen (w);

      if (len < 2)
        continue;
      for (const char *p = w; *p; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);

          if (c >= 0x0900 && c <= 0x097F)
            devanagari++;
          if (c < 0x80 && g_ascii_isalpha (c))
            {
              latin++;
              letters++;
              if (g_ascii_isupper (c) && lower_seen)
                odd_word = TRUE;
              if (g_ascii_islower (c))
                lower_seen = TRUE;
            }
          else if (letters > 0 && p[1] != '\0' && strchr (";=/*&^%$#@~`|+<>{}[]", (int) c) != NULL &&
                   g_ascii_isalpha (p[1]))
            odd_word = TRUE;       /* a symbol between letters */
          else if (c >= 0x80 && c < 0x100 && g_unichar_isalpha (c))
            odd_word = TRUE;       /* ¼, ½, ¡ and kin as letters */
        }
      if (letters == 0)
        continue;
      words++;
      if (odd_word)
        odd++;
    }
  if (words < 10 || devanagari > latin / 10)
    return FALSE;
  return odd * 5 >= words;   /* a fifth of the words or more */
}

/* Font names of the common legacy (non-Unicode) Devanagari families. */
static gboolean
has_legacy_font (PopplerDocument *doc)
{
  static const char *const families[] = {
    "krutidev", "kruti dev", "devlys", "chanakya", "shusha", "agra", "aps-dv", "walkman",
    "shivaji", "sanskrit 99", "akruti", NULL
  };
  PopplerFontInfo *info = poppler_font_info_new (doc);
  PopplerFontsIter *iter = NULL;
  gboolean found = FALSE;

  while (!found && poppler_font_info_scan (info, 20, &iter))
    {
      if (iter == NULL)
        continue;
      do
        {
          const char *name = poppler_fonts_iter_get_full_name (iter);
          g_autofree char *lower = name ? g_ascii_strdown (name, -1) : NULL;

          for (guint i = 0; lower && families[i]; i++)
            if (strstr (lower, families[i]) != NULL)
              found = TRUE;
        }
      while (!found && poppler_fonts_iter_next (iter));
      g_clear_pointer (&iter, poppler_fonts_iter_free);
    }
  g_clear_pointer (&iter, poppler_fonts_iter_free);
  g_object_unref (info);
  return found;
}

static char *pdf_text (PopplerDocument *doc,
                       GError         **error);

/**
 * _khoji_ingest_pdf_text:
 * @bytes: a PDF
 * @error: a KHOJI_INGEST_ERROR with a sentence for the user
 *
 * Returns: the PDF's text, one paragraph a line with blank lines between,
 * or %NULL.
 */
char *
_khoji_ingest_pdf_text (GBytes  *bytes,
                        GError **error)
{
  g_autoptr(GError) pdf_error = NULL;
  PopplerDocument *doc = poppler_document_new_from_bytes (bytes, NULL, &pdf_error);
  char *text;

  if (doc == NULL)
    {
      if (g_error_matches (pdf_error, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
        g_set_error_literal (error, KHOJI_INGEST_ERROR, KHOJI_INGEST_ERROR_PDF,
                             _("This PDF is locked with a password. Open it, save an unlocked copy and import that."));
      else
        g_set_error (error, KHOJI_INGEST_ERROR, KHOJI_INGEST_ERROR_PDF,
                     _("This PDF cannot be read: %s"), pdf_error ? pdf_error->message : "");
      return NULL;
    }
  text = pdf_text (doc, error);
  g_object_unref (doc);
  return text;
}

static char *
pdf_text (PopplerDocument *doc,
          GError         **error)
{
  g_autoptr(GPtrArray) pages = NULL;
  g_autoptr(GHashTable) top = NULL;
  g_autoptr(GString) out = NULL;
  g_autoptr(GString) para = NULL;
  guint n_pages, with_text = 0;
  glong width = 0;
  g_autoptr(GArray) widths = NULL;

  n_pages = MIN ((guint) poppler_document_get_n_pages (doc), PDF_MAX_PAGES);
  pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  widths = g_array_new (FALSE, FALSE, sizeof (glong));
  for (guint i = 0; i < n_pages; i++)
    {
      PopplerPage *page = poppler_document_get_page (doc, i);
      g_autofree char *text = page ? page_text (page) : NULL;
      GPtrArray *lines = page_lines (text);

      g_clear_object (&page);
      if (lines->len > 0)
        with_text++;
      for (guint k = 0; k < lines->len; k++)
        {
          glong n = g_utf8_strlen (g_ptr_array_index (lines, k), -1);
          if (n > 0)
            g_array_append_val (widths, n);
        }
      g_ptr_array_add (pages, lines);
    }

  if (with_text == 0)
    {
      g_set_error_literal (error, KHOJI_INGEST_ERROR, KHOJI_INGEST_ERROR_PDF,
                           _("This PDF has no text, only images of pages (a scan?). Khoji reads PDFs that have their text in them; run the scan through text recognition (OCR) first."));
      return NULL;
    }

  /* The column's width: the length most full lines reach. */
  if (widths->len > 0)
    {
      g_array_sort (widths, compare_glong);
      width = g_array_index (widths, glong, widths->len * 9 / 10);
    }

  /* Headers and footers: the first and last two lines of a page that
   * recur (digits aside, so page numbers match) on most pages. */
  top = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (pages->len >= 2)
    {
      for (guint i = 0; i < pages->len; i++)
        {
          GPtrArray *lines = g_ptr_array_index (pages, i);
          g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

          for (guint k = 0; k < lines->len; k++)
            {
              char *key;

              if (k >= 2 && k + 2 < lines->len)
                continue;
              key = furniture_key (g_ptr_array_index (lines, k));
              if (*key == '\0' || g_hash_table_contains (seen, key))
                {
                  g_free (key);
                  continue;
                }
              g_hash_table_add (seen, key);
              g_hash_table_replace (top, g_strdup (key),
                                    GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (top, key)) + 1));
            }
        }
    }

  out = g_string_new (NULL);
  para = g_string_new (NULL);
  for (guint i = 0; i < pages->len; i++)
    {
      GPtrArray *lines = g_ptr_array_index (pages, i);

      for (guint k = 0; k < lines->len; k++)
        {
          const char *line = g_ptr_array_index (lines, k);

          if ((k < 2 || k + 2 >= lines->len) && pages->len >= 2)
            {
              g_autofree char *key = furniture_key (line);
              guint n = GPOINTER_TO_UINT (g_hash_table_lookup (top, key));

              /* On more than half the pages, or a page number alone. */
              if (*key != '\0' && (n * 2 > pages->len || g_str_equal (key, "#")))
                continue;
            }
          if (is_blank (line))
            {
              if (para->len > 0)
                {
                  g_string_append_printf (out, "%s\n\n", para->str);
                  g_string_truncate (para, 0);
                }
              continue;
            }
          append_line (para, line);
          if (ends_paragraph (line, width))
            {
              g_string_append_printf (out, "%s\n\n", para->str);
              g_string_truncate (para, 0);
            }
        }
      /* A paragraph may go on over the page break, unless it ended. */
    }
  if (para->len > 0)
    g_string_append_printf (out, "%s\n", para->str);

  if (is_blank (out->str))
    {
      g_set_error_literal (error, KHOJI_INGEST_ERROR, KHOJI_INGEST_ERROR_PDF,
                           _("This PDF has no text, only images of pages (a scan?). Khoji reads PDFs that have their text in them; run the scan through text recognition (OCR) first."));
      return NULL;
    }
  if (has_legacy_font (doc) || looks_like_legacy_font (out->str))
    {
      g_set_error_literal (error, KHOJI_INGEST_ERROR, KHOJI_INGEST_ERROR_PDF,
                           _("This PDF's Hindi is set in an old non-Unicode font (such as Kruti Dev): its text reads as Latin letters and symbols, not Devanagari. Convert it to Unicode (or save the article as text from its web page) and import that."));
      return NULL;
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}
