/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-ingest"

#include "config.h"

#include <math.h>
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

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

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

/* A page's text is rebuilt from where poppler says each character is,
 * not taken as poppler's reading of it, which breaks Devanagari in three
 * ways: a vowel sign drawn a little off the baseline ("संयुक्त", whose
 * "ु" sits lower) makes the rest of the line a line of its own; a zero-
 * width sign at either end of such a piece is left out of the text
 * altogether (the selection poppler-glib reads the text through skips a
 * word with no width at a line's edge); and a space is put where a vowel
 * sign's cluster ends ("पुति न"). So: the characters of each of
 * poppler's lines, a space only where glyphs are a good part of a letter
 * apart; poppler's lines on one baseline band joined in the order of x;
 * the vowel signs poppler's search finds on the page but its text lacks
 * put back after the character they are drawn on. Lines keep their box,
 * so that paragraphs can be told by the gaps between them. */

typedef struct {
  gunichar c;
  double   x1, y1, x2, y2;
} PdfGlyph;

typedef struct {
  GArray *glyphs;            /* PdfGlyph, spaces as U+0020 */
  double  top, bottom, left, right;
} PdfLine;

static void
pdf_line_free (PdfLine *line)
{
  g_array_unref (line->glyphs);
  g_free (line);
}

static PdfLine *
pdf_line_new (void)
{
  PdfLine *line = g_new0 (PdfLine, 1);

  line->glyphs = g_array_new (FALSE, FALSE, sizeof (PdfGlyph));
  line->top = line->left = G_MAXDOUBLE;
  line->bottom = line->right = -G_MAXDOUBLE;
  return line;
}

static double
line_height (const PdfLine *line)
{
  return line->bottom - line->top;
}

static void
line_add (PdfLine        *line,
          const PdfGlyph *g)
{
  g_array_append_val (line->glyphs, *g);
  if (g->c == ' ')
    return;
  line->top = MIN (line->top, g->y1);
  line->bottom = MAX (line->bottom, g->y2);
  line->left = MIN (line->left, g->x1);
  line->right = MAX (line->right, g->x2);
}

/* Whether two pieces of text sit on one baseline band: their middles
 * closer than a third of a line. */
static gboolean
same_band (const PdfLine *a,
           const PdfLine *b)
{
  double h = MAX (line_height (a), line_height (b));

  return fabs ((a->top + a->bottom) / 2 - (b->top + b->bottom) / 2) < h / 3;
}

/* Appends @b's glyphs to @a's, @b lying to the right of @a. */
static void
line_join (PdfLine *a,
           PdfLine *b)
{
  PdfGlyph space = { ' ', a->right, a->top, b->left, a->bottom };

  if (a->glyphs->len > 0 && b->glyphs->len > 0)
    g_array_append_val (a->glyphs, space);
  for (guint i = 0; i < b->glyphs->len; i++)
    line_add (a, &g_array_index (b->glyphs, PdfGlyph, i));
}

/* The dependent signs of Devanagari (vowel signs, virama, nukta,
 * anusvara, candrabindu, visarga): zero-width or nearly, drawn on a
 * consonant. */
static gboolean
is_devanagari_sign (gunichar c)
{
  return (c >= 0x0900 && c <= 0x0903) || (c >= 0x093A && c <= 0x094F && c != 0x093D) ||
         (c >= 0x0951 && c <= 0x0957) || c == 0x0962 || c == 0x0963;
}

/* Where a sign of poppler's text is: the sign and its box's ends, to
 * half a point. */
static gpointer
sign_key (gunichar c,
          double   x1,
          double   x2)
{
  return GSIZE_TO_POINTER (((gsize) c << 40) ^ ((gsize) (lround (x1 * 2) & 0xFFFFF) << 20) ^
                           (gsize) (lround (x2 * 2) & 0xFFFFF));
}

#define PDF_MAX_RESTORED 2000

/* Puts back the signs poppler's search finds on @page but its text
 * lacks: each after the last character of the line on its band that
 * starts before it. The signs the text has are counted by place, so
 * that a page of many signs costs no more than a look-up each. */
static void
restore_signs (PopplerPage *page,
               GPtrArray   *lines)
{
  g_autoptr(GHashTable) counted = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) placed = g_hash_table_new (NULL, NULL);
  double page_w, page_h;
  guint restored = 0;

  poppler_page_get_size (page, &page_w, &page_h);
  for (guint i = 0; i < lines->len; i++)
    {
      PdfLine *line = g_ptr_array_index (lines, i);

      for (guint k = 0; k < line->glyphs->len; k++)
        {
          PdfGlyph *g = &g_array_index (line->glyphs, PdfGlyph, k);
          gpointer key = sign_key (g->c, g->x1, g->x2);

          if (!is_devanagari_sign (g->c))
            continue;
          g_hash_table_insert (counted, GUINT_TO_POINTER (g->c),
                               GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counted, GUINT_TO_POINTER (g->c))) + 1));
          g_hash_table_insert (placed, key, GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (placed, key)) + 1));
        }
    }
  if (g_hash_table_size (counted) == 0)
    return;   /* no Devanagari here */

  for (gunichar c = 0x0900; c <= 0x0963 && restored < PDF_MAX_RESTORED; c++)
    {
      char needle[8] = { 0 };
      GList *found;

      if (!is_devanagari_sign (c))
        continue;
      g_unichar_to_utf8 (c, needle);
      found = poppler_page_find_text_with_options (page, needle, POPPLER_FIND_CASE_SENSITIVE);
      if (g_list_length (found) > GPOINTER_TO_UINT (g_hash_table_lookup (counted, GUINT_TO_POINTER (c))))
        for (GList *l = found; l && restored < PDF_MAX_RESTORED; l = l->next)
          {
            PopplerRectangle *r = l->data;
            /* The search counts y from the page's foot. */
            PdfGlyph sign = { c, r->x1, page_h - r->y2, r->x2, page_h - r->y1 };
            double mid = (sign.y1 + sign.y2) / 2;
            gpointer key = sign_key (c, sign.x1, sign.x2);
            guint n = GPOINTER_TO_UINT (g_hash_table_lookup (placed, key));
            PdfLine *best = NULL;
            guint at = 0;

            if (n > 0)
              {
                g_hash_table_insert (placed, key, GUINT_TO_POINTER (n - 1));
                continue;
              }
            for (guint i = 0; i < lines->len; i++)
              {
                PdfLine *line = g_ptr_array_index (lines, i);

                if (mid >= line->top && mid <= line->bottom &&
                    (best == NULL || fabs ((line->top + line->bottom) / 2 - mid) <
                                     fabs ((best->top + best->bottom) / 2 - mid)))
                  best = line;
              }
            if (best == NULL)
              continue;
            for (guint k = 0; k < best->glyphs->len; k++)
              {
                PdfGlyph *g = &g_array_index (best->glyphs, PdfGlyph, k);

                if (g->c != ' ' && g->x1 < sign.x1 - 0.01)
                  at = k + 1;
              }
            g_array_insert_val (best->glyphs, at, sign);
            restored++;
          }
      g_list_free_full (found, (GDestroyNotify) poppler_rectangle_free);
    }
}

/* The page's lines, in reading order, each with its box; %NULL when
 * poppler gives no text. */
static GPtrArray *
page_layout_lines (PopplerPage *page)
{
  g_autofree char *text = poppler_page_get_text (page);
  g_autofree PopplerRectangle *rects = NULL;
  GPtrArray *pieces;
  GPtrArray *lines;
  PdfLine *piece;
  guint n_rects = 0, i = 0;

  if (text == NULL)
    return NULL;
  lines = g_ptr_array_new_with_free_func ((GDestroyNotify) pdf_line_free);
  if (!poppler_page_get_text_layout (page, &rects, &n_rects) ||
      (glong) n_rects != g_utf8_strlen (text, -1))
    {
      /* No boxes: poppler's lines as they are, without geometry. */
      g_auto(GStrv) raw = g_strsplit (text, "\n", -1);

      for (char **l = raw; *l; l++)
        {
          PdfLine *line = pdf_line_new ();

          for (const char *p = *l; *p; p = g_utf8_next_char (p))
            {
              PdfGlyph g = { g_utf8_get_char (p), 0, 0, 0, 0 };

              g_array_append_val (line->glyphs, g);
            }
          line->top = line->bottom = line->left = line->right = -1;
          g_ptr_array_add (lines, line);
        }
      return lines;
    }

  /* Poppler's lines, their spaces left out: a space is where two glyphs
   * are more than a twelfth of a line apart. */
  pieces = g_ptr_array_new ();
  piece = pdf_line_new ();
  for (const char *p = text; *p; p = g_utf8_next_char (p), i++)
    {
      PdfGlyph g = { g_utf8_get_char (p), rects[i].x1, rects[i].y1, rects[i].x2, rects[i].y2 };

      if (g.c == '\n')
        {
          g_ptr_array_add (pieces, piece);
          piece = pdf_line_new ();
          continue;
        }
      if (g_unichar_isspace (g.c))
        continue;
      if (piece->glyphs->len > 0)
        {
          PdfGlyph *last = &g_array_index (piece->glyphs, PdfGlyph, piece->glyphs->len - 1);
          double h = MAX (g.y2 - g.y1, last->y2 - last->y1);

          if (g.x1 - last->x2 > h / 12)
            {
              PdfGlyph space = { ' ', last->x2, last->y1, g.x1, last->y2 };

              g_array_append_val (piece->glyphs, space);
            }
        }
      line_add (piece, &g);
    }
  g_ptr_array_add (pieces, piece);

  /* Pieces on one band, side by side, are one line: joined in the order
   * of x, whichever poppler gave first. */
  for (guint k = 0; k < pieces->len; k++)
    {
      PdfLine *p = g_ptr_array_index (pieces, k);
      PdfLine *last = lines->len > 0 ? g_ptr_array_index (lines, lines->len - 1) : NULL;

      if (p->glyphs->len == 0)
        pdf_line_free (p);
      else if (last != NULL && same_band (last, p) && p->left >= last->right - 1)
        {
          line_join (last, p);
          pdf_line_free (p);
        }
      else if (last != NULL && same_band (last, p) && p->right <= last->left + 1)
        {
          line_join (p, last);
          pdf_line_free (last);
          g_ptr_array_index (lines, lines->len - 1) = p;
        }
      else
        g_ptr_array_add (lines, p);
    }
  g_ptr_array_unref (pieces);
  restore_signs (page, lines);
  return lines;
}

/* A line's characters; a space before a combining mark (a vowel sign
 * drawn apart, which made a piece of its own, joined with a space) is
 * none: no text puts a space between a letter and its sign. */
static char *
line_text (const PdfLine *line)
{
  GString *s = g_string_new (NULL);

  for (guint k = 0; k < line->glyphs->len; k++)
    {
      gunichar c = g_array_index (line->glyphs, PdfGlyph, k).c;

      if (c == ' ' && k + 1 < line->glyphs->len &&
          g_unichar_ismark (g_array_index (line->glyphs, PdfGlyph, k + 1).c))
        continue;
      g_string_append_unichar (s, c);
    }
  return g_strstrip (g_string_free (s, FALSE));
}

/* A page's lines: text with its box, the blank ones dropped. */
typedef struct {
  char   *text;
  double  top, bottom;       /* -1 when poppler gave no boxes */
} TextLine;

static void
text_line_free (TextLine *line)
{
  g_free (line->text);
  g_free (line);
}

static GPtrArray *
page_lines (PopplerPage *page)
{
  g_autoptr(GPtrArray) layout = page ? page_layout_lines (page) : NULL;
  GPtrArray *lines = g_ptr_array_new_with_free_func ((GDestroyNotify) text_line_free);

  for (guint i = 0; layout && i < layout->len; i++)
    {
      PdfLine *l = g_ptr_array_index (layout, i);
      TextLine *t = g_new0 (TextLine, 1);

      t->text = line_text (l);
      if (*t->text == '\0')
        {
          text_line_free (t);
          continue;
        }
      t->top = l->top;
      t->bottom = l->bottom;
      g_ptr_array_add (lines, t);
    }
  return lines;
}

/* How far apart lines are inside a paragraph, as a share of a line's
 * height: the median over the document of the step from one line's top
 * to the next's, most lines being inside paragraphs. The tops are taken,
 * as a line's foot moves with the boxes of its signs. 0 when there are
 * too few lines to tell. */
static double
line_spacing (GPtrArray *pages)
{
  g_autoptr(GArray) steps = g_array_new (FALSE, FALSE, sizeof (double));
  double median;

  for (guint i = 0; i < pages->len; i++)
    {
      GPtrArray *lines = g_ptr_array_index (pages, i);

      for (guint k = 1; k < lines->len; k++)
        {
          TextLine *a = g_ptr_array_index (lines, k - 1), *b = g_ptr_array_index (lines, k);
          double step = (b->top - a->top) / (a->bottom - a->top);

          if (a->top >= 0 && b->top > a->top && a->bottom > a->top)
            g_array_append_val (steps, step);
        }
    }
  if (steps->len < 3)
    return 0;
  g_array_sort (steps, compare_double);
  median = g_array_index (steps, double, steps->len / 2);
  return median;
}

/* Whether @line, below @prev on a page, starts a paragraph: a step a
 * quarter more than lines inside a paragraph take or, with too few lines
 * to know that, a gap of a third of a line. */
static gboolean
starts_paragraph (const TextLine *prev,
                  const TextLine *line,
                  double          spacing)
{
  double height = prev->bottom - prev->top;

  if (prev->top < 0 || line->top < 0 || height <= 0)
    return FALSE;
  if (spacing > 0)
    return (line->top - prev->top) / height > spacing * 1.25;
  return line->top - prev->bottom > MAX (height, line->bottom - line->top) / 3;
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
  /* A vowel sign drawn off its line, which poppler read as a line of its
   * own, is the last letter's: no space between them. */
  if (!g_unichar_ismark (g_utf8_get_char (line)))
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
  double spacing;
  g_autoptr(GArray) widths = NULL;

  n_pages = MIN ((guint) poppler_document_get_n_pages (doc), PDF_MAX_PAGES);
  pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  widths = g_array_new (FALSE, FALSE, sizeof (glong));
  for (guint i = 0; i < n_pages; i++)
    {
      PopplerPage *page = poppler_document_get_page (doc, i);
      GPtrArray *lines = page_lines (page);

      g_clear_object (&page);
      if (lines->len > 0)
        with_text++;
      for (guint k = 0; k < lines->len; k++)
        {
          glong n = g_utf8_strlen (((TextLine *) g_ptr_array_index (lines, k))->text, -1);
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

  spacing = line_spacing (pages);

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
              key = furniture_key (((TextLine *) g_ptr_array_index (lines, k))->text);
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
      TextLine *prev = NULL;   /* the last line of the body on this page */

      for (guint k = 0; k < lines->len; k++)
        {
          TextLine *line = g_ptr_array_index (lines, k);

          if ((k < 2 || k + 2 >= lines->len) && pages->len >= 2)
            {
              g_autofree char *key = furniture_key (line->text);
              guint n = GPOINTER_TO_UINT (g_hash_table_lookup (top, key));

              /* On more than half the pages, or a page number alone. */
              if (*key != '\0' && (n * 2 > pages->len || g_str_equal (key, "#")))
                continue;
            }
          /* A line further below the one above than lines inside a
           * paragraph are: it starts a paragraph. The first line of a page
           * has no line above it to tell by: a paragraph may go on over the
           * break, unless it ended. */
          if (prev != NULL && para->len > 0 && starts_paragraph (prev, line, spacing))
            {
              g_string_append_printf (out, "%s\n\n", para->str);
              g_string_truncate (para, 0);
            }
          prev = line;
          append_line (para, line->text);
          if (ends_paragraph (line->text, width))
            {
              g_string_append_printf (out, "%s\n\n", para->str);
              g_string_truncate (para, 0);
            }
        }
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
