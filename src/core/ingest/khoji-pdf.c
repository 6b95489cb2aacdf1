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
 * not taken as poppler's reading of it, which breaks Devanagari: a sign
 * drawn as a glyph of its own, a little off the baseline (the "ु" of
 * "संयुक्त" sits lower), is a word of its own to poppler's layout, which
 * puts it at a line's end, on a line of its own, after the next letter
 * ("दसू" for "दूसरे"), or, at a line's edge, nowhere (the selection
 * poppler-glib reads the text through skips a word with no width there);
 * and a space is put where such a sign's cluster ends ("पुति न").
 *
 * So: the letters of poppler's lines, its lines on one baseline band
 * joined in the order of x; every Devanagari sign (vowel signs, virama,
 * nukta, anusvara, candrabindu, visarga), those poppler's search finds on
 * the page but its text lacks too, taken out of the stream and put after
 * the letter it is drawn on, found by where its box is; and a space only
 * where two letters' clusters are a good part of a letter apart. Lines
 * keep their box, so that paragraphs can be told by the gaps between
 * them. */

typedef struct {
  gunichar c;
  double   x1, y1, x2, y2;
  double   reach;            /* a letter's right edge with its wide signs' */
  double   end;              /* where a letter's advance ends, as far as known */
  guint    index;            /* where in poppler's text */
  gboolean virama;           /* a letter with a virama: a conjunct goes on */
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

/* Puts @b's glyphs among @a's where they lie in x, @b lying clear of
 * the pieces @a is made of (to the right of all, to the left, or between
 * two: poppler may give a band's pieces in any order); %FALSE, leaving
 * both as they were, when it does not. */
static gboolean
line_join (PdfLine *a,
           PdfLine *b)
{
  guint at = a->glyphs->len;

  for (guint k = 0; k < a->glyphs->len; k++)
    {
      PdfGlyph *g = &g_array_index (a->glyphs, PdfGlyph, k);

      if (g->x1 >= b->right - 1)
        {
          at = MIN (at, k);
          continue;
        }
      if (g->x2 > b->left + 1 || at < k)
        return FALSE;
    }
  g_array_insert_vals (a->glyphs, at, b->glyphs->data, b->glyphs->len);
  a->top = MIN (a->top, b->top);
  a->bottom = MAX (a->bottom, b->bottom);
  a->left = MIN (a->left, b->left);
  a->right = MAX (a->right, b->right);
  return TRUE;
}

/* The dependent signs of Devanagari (vowel signs, virama, nukta,
 * anusvara, candrabindu, visarga): drawn on a consonant or a vowel. */
static gboolean
is_devanagari_sign (gunichar c)
{
  return (c >= 0x0900 && c <= 0x0903) || (c >= 0x093A && c <= 0x094F && c != 0x093D) ||
         (c >= 0x0951 && c <= 0x0957) || c == 0x0962 || c == 0x0963;
}

/* Where a sign goes among the signs of one letter, as Unicode spells an
 * akshara: the nukta first, then a vowel sign or the virama, then the
 * marks of nasality and the visarga. */
static int
sign_rank (gunichar c)
{
  if (c == 0x093C)
    return 0;
  if (c <= 0x0903)
    return 2;
  return 1;
}

typedef struct {
  PdfGlyph glyph;
  guint    order;            /* in poppler's text; after it, those its search found */
  guint    line;             /* the line it is drawn on, G_MAXUINT for none */
  guint    base;             /* the letter it is drawn on, G_MAXUINT for before the first */
  guint    after;            /* the index of the letter before it in poppler's line, or G_MAXUINT */
} PdfSign;

static int
compare_signs (gconstpointer a,
               gconstpointer b)
{
  const PdfSign *x = a, *y = b;

  if (x->line != y->line)
    return x->line < y->line ? -1 : 1;
  if (x->base != y->base)
    /* G_MAXUINT, before the first letter, sorts first. */
    return x->base + 1 < y->base + 1 ? -1 : 1;
  if (sign_rank (x->glyph.c) != sign_rank (y->glyph.c))
    return sign_rank (x->glyph.c) - sign_rank (y->glyph.c);
  return x->order < y->order ? -1 : x->order > y->order;
}

#define PDF_MAX_FOUND_SIGNS 20000

/* Whether poppler's search found, for a sign @c at @r, a sign that its
 * text has (the same character starting at the same place on the same
 * line: the search may give a sign at a word's end the width the text
 * gives the next space), which it then counts as taken. */
static gboolean
take_known_sign (GArray                 *signs,
                 GHashTable             *by_place,
                 gunichar                c,
                 const PdfGlyph         *r)
{
  /* Boxes to a point: the search's may differ from the text's by a
   * rounding, so the neighbouring points are looked at too. */
  for (int dx = -1; dx <= 1; dx++)
    {
      gsize key = ((gsize) c << 32) ^ (gsize) (guint32) (lround (r->x1) + dx);
      GArray *at = g_hash_table_lookup (by_place, GSIZE_TO_POINTER (key));

      for (guint i = 0; at && i < at->len; i++)
        {
          PdfSign *s = &g_array_index (signs, PdfSign, g_array_index (at, guint, i));
          double mid = (r->y1 + r->y2) / 2;

          if (fabs (s->glyph.x1 - r->x1) < 0.25 &&
              mid >= s->glyph.y1 && mid <= s->glyph.y2)
            {
              g_array_remove_index_fast (at, i);
              return TRUE;
            }
        }
    }
  return FALSE;
}

/* Adds to @signs the Devanagari signs poppler's search finds on @page but
 * its text lacks. A sign only when the search finds more of it than the
 * text has, so that a page whose text lacks none costs one search per
 * sign and no more. */
static void
add_found_signs (PopplerPage *page,
                 GArray      *signs)
{
  g_autoptr(GHashTable) counted = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) by_place = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_array_unref);
  guint known = signs->len, added = 0;
  double page_w, page_h;

  poppler_page_get_size (page, &page_w, &page_h);
  for (guint i = 0; i < known; i++)
    {
      PdfSign *s = &g_array_index (signs, PdfSign, i);
      gsize key = ((gsize) s->glyph.c << 32) ^ (gsize) (guint32) lround (s->glyph.x1);
      GArray *at = g_hash_table_lookup (by_place, GSIZE_TO_POINTER (key));

      if (at == NULL)
        {
          at = g_array_new (FALSE, FALSE, sizeof (guint));
          g_hash_table_insert (by_place, GSIZE_TO_POINTER (key), at);
        }
      g_array_append_val (at, i);
      g_hash_table_insert (counted, GUINT_TO_POINTER (s->glyph.c),
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counted, GUINT_TO_POINTER (s->glyph.c))) + 1));
    }

  for (gunichar c = 0x0900; c <= 0x0963 && added < PDF_MAX_FOUND_SIGNS; c++)
    {
      char needle[8] = { 0 };
      GList *found;

      if (!is_devanagari_sign (c))
        continue;
      g_unichar_to_utf8 (c, needle);
      found = poppler_page_find_text_with_options (page, needle, POPPLER_FIND_CASE_SENSITIVE);
      if (g_list_length (found) > GPOINTER_TO_UINT (g_hash_table_lookup (counted, GUINT_TO_POINTER (c))))
        for (GList *l = found; l && added < PDF_MAX_FOUND_SIGNS; l = l->next)
          {
            PopplerRectangle *r = l->data;
            /* The search counts y from the page's foot. */
            PdfSign sign = { { c, r->x1, page_h - r->y2, r->x2, page_h - r->y1, r->x2, r->x2, G_MAXUINT, FALSE },
                             known + added, G_MAXUINT, G_MAXUINT, G_MAXUINT };

            if (take_known_sign (signs, by_place, c, &sign.glyph))
              continue;
            g_array_append_val (signs, sign);
            added++;
          }
      g_list_free_full (found, (GDestroyNotify) poppler_rectangle_free);
    }
}

/* Whether a sign has a box of its own: a vowel sign that takes room
 * (ा, ी, ो), or a part of a cluster's box that poppler splits among its
 * characters ("क्र" as three equal parts). A sign drawn as a mark has no
 * width: it is drawn from the pen's place after its letter, its ink
 * hanging back over the letter. */
static gboolean
sign_is_wide (const PdfSign *sign)
{
  return sign->glyph.x2 - sign->glyph.x1 >= 0.5;
}

/* The line a sign is drawn on (its middle within the line's band, the
 * nearest such) and the letter under it. A letter reaches to its box's
 * right edge or to that of the last wide sign put on it. Of the letters
 * that start before the sign's middle, one that reaches its middle, or
 * just misses it by less than a space would, and of those, or if none
 * does of all, the one whose reach ends nearest the middle; the later of
 * two that end there (the last letter of a conjunct, whose box poppler
 * may make empty, is the one a sign follows). The wide signs are placed
 * first, so that a mark after one ("यां") goes to its letter. */
static void
place_sign (PdfSign   *sign,
            GPtrArray *lines)
{
  double mid_y = (sign->glyph.y1 + sign->glyph.y2) / 2;
  double mid_x = (sign->glyph.x1 + sign->glyph.x2) / 2;
  PdfLine *line = NULL;
  gboolean held = FALSE;
  double best = G_MAXDOUBLE;

  for (guint i = 0; i < lines->len; i++)
    {
      PdfLine *l = g_ptr_array_index (lines, i);

      if (mid_y >= l->top && mid_y <= l->bottom &&
          (line == NULL || fabs ((l->top + l->bottom) / 2 - mid_y) < fabs ((line->top + line->bottom) / 2 - mid_y)))
        {
          line = l;
          sign->line = i;
        }
    }
  if (line == NULL)
    return;
  for (guint k = 0; k < line->glyphs->len; k++)
    {
      PdfGlyph *g = &g_array_index (line->glyphs, PdfGlyph, k);
      gboolean holds = mid_x <= g->reach + (g->y2 - g->y1) / 12;
      double d = fabs (mid_x - g->reach);

      /* (A tenth of a point for poppler's rounding: a letter split out
       * of a cluster's box may start a hair after where it ends.) */
      if (g->x1 >= mid_x + 0.1)
        continue;
      if ((holds && !held) || (holds == held && d <= best + 0.05))
        {
          sign->base = k;
          best = MIN (best, d);
          held = holds;
        }
    }
  /* Where the letter poppler's text puts it after is as near, that
   * letter: "ट्र", whose virama and ra poppler gives empty boxes at the
   * ṭa's edge. */
  for (guint k = 0; held && sign->after != G_MAXUINT && k < line->glyphs->len; k++)
    {
      PdfGlyph *g = &g_array_index (line->glyphs, PdfGlyph, k);

      if (g->index == sign->after && g->x1 < mid_x + 0.1 && mid_x <= g->reach + (g->y2 - g->y1) / 12 &&
          fabs (mid_x - g->reach) <= best + 0.05)
        sign->base = k;
    }
  if (sign_is_wide (sign) && sign->base != G_MAXUINT)
    {
      PdfGlyph *g = &g_array_index (line->glyphs, PdfGlyph, sign->base);

      g->reach = MAX (g->reach, sign->glyph.x2);
    }
}

static gboolean
is_devanagari_consonant (gunichar c)
{
  return (c >= 0x0915 && c <= 0x0939) || (c >= 0x0958 && c <= 0x095F) || (c >= 0x0978 && c <= 0x097F);
}

/* A vowel sign, an anusvara, a candrabindu or a visarga drawn over a
 * conjunct is written after its last consonant, whichever of its letters
 * poppler's boxes put it over ("क्रे", not "क्ेर"): a letter with a virama
 * and a consonant right after it (no space's width apart) go on. */
static void
follow_conjunct (PdfSign   *sign,
                 GPtrArray *lines)
{
  PdfLine *line;

  if (sign->line == G_MAXUINT || sign->base == G_MAXUINT || sign->glyph.c == 0x094D || sign->glyph.c == 0x093C)
    return;
  line = g_ptr_array_index (lines, sign->line);
  while (sign->base + 1 < line->glyphs->len)
    {
      PdfGlyph *g = &g_array_index (line->glyphs, PdfGlyph, sign->base);
      PdfGlyph *next = g + 1;

      if (!g->virama || !is_devanagari_consonant (next->c) || next->x1 - g->reach > (g->y2 - g->y1) / 12)
        break;
      sign->base++;
    }
}

/* Puts @line's signs (sorted, from @signs[*at]) after their letters, and
 * a space between letters (with their signs) further apart than a
 * twelfth of a line. */
static void
line_rebuild (PdfLine *line,
              guint    index,
              GArray  *signs,
              guint   *at)
{
  g_autoptr(GArray) letters = g_steal_pointer (&line->glyphs);
  double right = -G_MAXDOUBLE;
  guint k = 0;

  line->glyphs = g_array_new (FALSE, FALSE, sizeof (PdfGlyph));
  /* Signs before the first letter, which has none under them. */
  for (; *at < signs->len; (*at)++)
    {
      PdfSign *s = &g_array_index (signs, PdfSign, *at);

      if (s->line != index || s->base != G_MAXUINT)
        break;
      line_add (line, &s->glyph);
      right = MAX (right, s->glyph.x2);
    }
  for (k = 0; k < letters->len; k++)
    {
      PdfGlyph *g = &g_array_index (letters, PdfGlyph, k);

      if (line->glyphs->len > 0 && g->x1 - right > (g->y2 - g->y1) / 12)
        {
          PdfGlyph space = { ' ', right, g->y1, g->x1, g->y2, g->x1, g->x1, G_MAXUINT, FALSE };

          g_array_append_val (line->glyphs, space);
        }
      line_add (line, g);
      right = MAX (g->x2, g->end);
      for (; *at < signs->len; (*at)++)
        {
          PdfSign *s = &g_array_index (signs, PdfSign, *at);

          if (s->line != index || s->base != k)
            break;
          line_add (line, &s->glyph);
          right = MAX (right, s->glyph.x2);
        }
    }
}

/* Poppler ends a letter's box where the next glyph starts: a letter
 * followed by a sign drawn from inside it ("कु") has its box cut short,
 * which would read as a space after it ("कु छ"). Its width is taken as the
 * letter's own elsewhere on the page: the median, over the letters alone
 * (no sign after them, no virama before them: poppler gives the letters
 * of a conjunct shares of its glyph's box), of width to height (the
 * height goes with the size of the type). */
static GHashTable *
letter_widths (const char             *text,
               const PopplerRectangle *rects,
               guint                   n_rects)
{
  GHashTable *widths = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_array_unref);
  GHashTableIter iter;
  gpointer key, value;
  gunichar prev = 0;
  guint i = 0;

  for (const char *p = text; *p && i < n_rects; p = g_utf8_next_char (p), i++)
    {
      gunichar c = g_utf8_get_char (p), after_virama = prev == 0x094D;
      const char *next = g_utf8_next_char (p);
      double h = rects[i].y2 - rects[i].y1, ratio = (rects[i].x2 - rects[i].x1) / h;
      GArray *a;

      prev = c;
      if (g_unichar_isspace (c) || is_devanagari_sign (c) || h <= 0 || after_virama ||
          (*next != '\0' && is_devanagari_sign (g_utf8_get_char (next))))
        continue;
      a = g_hash_table_lookup (widths, GUINT_TO_POINTER (c));
      if (a == NULL)
        {
          a = g_array_new (FALSE, FALSE, sizeof (double));
          g_hash_table_insert (widths, GUINT_TO_POINTER (c), a);
        }
      g_array_append_val (a, ratio);
    }
  g_hash_table_iter_init (&iter, widths);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_array_sort (value, compare_double);
  return widths;
}

/* A letter's usual width at a height, 0 when it is not known. */
static double
usual_width (GHashTable *widths,
             gunichar    c,
             double      height)
{
  GArray *a = g_hash_table_lookup (widths, GUINT_TO_POINTER (c));

  return a ? g_array_index (a, double, a->len / 2) * height : 0;
}

/* The page's lines, in reading order, each with its box; %NULL when
 * poppler gives no text. */
static GPtrArray *
page_layout_lines (PopplerPage *page)
{
  g_autofree char *text = poppler_page_get_text (page);
  g_autofree PopplerRectangle *rects = NULL;
  g_autoptr(GArray) signs = NULL;
  g_autoptr(GHashTable) widths = NULL;
  GPtrArray *pieces;
  GPtrArray *lines;
  PdfLine *piece;
  gboolean devanagari = FALSE;
  gunichar prev = 0;
  guint n_rects = 0, i = 0, at = 0;

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
              PdfGlyph g = { g_utf8_get_char (p), 0, 0, 0, 0, 0, 0, G_MAXUINT, FALSE };

              g_array_append_val (line->glyphs, g);
            }
          line->top = line->bottom = line->left = line->right = -1;
          g_ptr_array_add (lines, line);
        }
      return lines;
    }

  /* Poppler's lines, their letters without spaces and signs. */
  widths = letter_widths (text, rects, n_rects);
  signs = g_array_new (FALSE, FALSE, sizeof (PdfSign));
  pieces = g_ptr_array_new ();
  piece = pdf_line_new ();
  for (const char *p = text; *p; p = g_utf8_next_char (p), i++)
    {
      PdfGlyph g = { g_utf8_get_char (p), rects[i].x1, rects[i].y1, rects[i].x2, rects[i].y2,
                     rects[i].x2, rects[i].x2, i, FALSE };
      gunichar before = prev;

      prev = g.c;

      if (g.c >= 0x0900 && g.c <= 0x097F)
        devanagari = TRUE;
      if (g.c == '\n')
        {
          g_ptr_array_add (pieces, piece);
          piece = pdf_line_new ();
        }
      else if (is_devanagari_sign (g.c))
        {
          PdfSign sign = { g, i, G_MAXUINT, G_MAXUINT, G_MAXUINT };

          if (piece->glyphs->len > 0)
            sign.after = g_array_index (piece->glyphs, PdfGlyph, piece->glyphs->len - 1).index;

          g_array_append_val (signs, sign);
        }
      else if (!g_unichar_isspace (g.c))
        {
          if (i + 1 < n_rects && is_devanagari_sign (g_utf8_get_char (g_utf8_next_char (p))) &&
              rects[i + 1].x2 - rects[i + 1].x1 < 0.5)
            {
              /* A letter cut short by the mark after it. The last letter
               * of a conjunct drawn as one glyph has a share of its box,
               * the same as the letter and the virama before it have:
               * that share is its width, not the letter's own. */
              double share = i >= 2 && before == 0x094D ? rects[i - 1].x2 - rects[i - 1].x1 : 0;

              if (share > 0 && fabs (share - (rects[i - 2].x2 - rects[i - 2].x1)) < 0.1)
                g.end = MAX (g.x2, g.x1 + share);
              else
                g.end = MAX (g.x2, g.x1 + usual_width (widths, g.c, g.y2 - g.y1));
            }
          line_add (piece, &g);
        }
    }
  g_ptr_array_add (pieces, piece);

  /* Pieces on one band, side by side, are one line: joined in the order
   * of x, whichever poppler gave first. A piece of signs alone is none. */
  for (guint k = 0; k < pieces->len; k++)
    {
      PdfLine *p = g_ptr_array_index (pieces, k);
      PdfLine *last = lines->len > 0 ? g_ptr_array_index (lines, lines->len - 1) : NULL;

      if (p->glyphs->len == 0)
        pdf_line_free (p);
      else if (last != NULL && same_band (last, p) && line_join (last, p))
        pdf_line_free (p);
      else
        g_ptr_array_add (lines, p);
    }
  g_ptr_array_unref (pieces);

  /* Every sign after the letter it is drawn on. */
  if (devanagari)
    add_found_signs (page, signs);
  for (guint k = 0; k < signs->len; k++)
    if (sign_is_wide (&g_array_index (signs, PdfSign, k)))
      place_sign (&g_array_index (signs, PdfSign, k), lines);
  for (guint k = 0; k < signs->len; k++)
    if (!sign_is_wide (&g_array_index (signs, PdfSign, k)))
      place_sign (&g_array_index (signs, PdfSign, k), lines);
  for (guint k = 0; k < signs->len; k++)
    {
      PdfSign *s = &g_array_index (signs, PdfSign, k);

      if (s->glyph.c == 0x094D && s->base != G_MAXUINT)
        g_array_index (((PdfLine *) g_ptr_array_index (lines, s->line))->glyphs, PdfGlyph, s->base).virama = TRUE;
    }
  for (guint k = 0; k < signs->len; k++)
    follow_conjunct (&g_array_index (signs, PdfSign, k), lines);
  g_array_sort (signs, compare_signs);
  for (guint k = 0; k < lines->len; k++)
    {
      /* Signs on no line are left out. */
      while (at < signs->len && g_array_index (signs, PdfSign, at).line < k)
        at++;
      line_rebuild (g_ptr_array_index (lines, k), k, signs, &at);
    }
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
  /* "साथ-" + "साथ": a Hindi line does not hyphenate words, so a hyphen at
   * its end joins a compound, which goes on without a space. */
  if (n >= 2 && para->str[n - 1] == '-')
    {
      const char *before = g_utf8_prev_char (para->str + n - 1);
      gunichar a = g_utf8_get_char (before), b = g_utf8_get_char (line);

      if (a >= 0x0900 && a <= 0x097F && b >= 0x0900 && b <= 0x097F)
        {
          g_string_append (para, line);
          return;
        }
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
