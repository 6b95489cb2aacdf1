/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-dates"

#include "config.h"

#include <stdio.h>

#include "khoji-dates-private.h"

/* The date tagger.
 *
 * Hindi dates are short, regular phrases built from a handful of closed word
 * classes (month and weekday names, number words, "पिछले/इस/अगले", "साल",
 * postpositions). A regex over raw text would have to spell out every
 * spelling variant; instead the text is cut into tokens, each word is
 * folded with khoji_text_fold() (so सितम्बर = सितंबर, फ़रवरी = फरवरी) and
 * looked up once in a keyword table, and the phrases are recognised by
 * small hand-written matchers over the token stream. Anything relative is
 * resolved against the anchor (the publication date); the tense of the
 * clause decides between the past and the coming day or month. */

/* The files of the tagger are listed in khoji-dates-private.h. This one
 * holds the patterns that stand on their own (years, day ranges, written
 * dates and month spans), the mentions they make and the public calls. */

/* Is the 4-digit number at i a year? Only when something says so: a
 * postposition (2006 में, 2019 से, 2024 का), an era, the end of the
 * sentence, or a list of years that ends so (2013, 2014 और 2015 में).
 * "2000 लोग", "2000 से ज्यादा", "करीब 2000" are counts. */
static gboolean year_context_ok (Ctx *c, guint i, int depth);

static guint
year_range_end (Ctx *c, guint i, int *y2)
{
  int sentence = c->toks[i].sentence;
  Tok *dash = tok_in (c, i + 1, sentence);
  Tok *b = tok_in (c, i + 2, sentence);
  int y1 = (int) c->toks[i].num;

  *y2 = 0;
  if (dash == NULL || b == NULL || !dash->glued || !b->glued ||
      dash->kind != TOK_PUNCT || !is_dash_char (dash->ch) ||
      b->kind != TOK_NUM || b->grouped)
    return i;
  /* 2023-24: a financial year or season */
  if (b->ndigits == 2 && b->num == (y1 + 1) % 100)
    {
      *y2 = y1 + 1;
      return i + 2;
    }
  if (b->ndigits == 4 && b->num > y1 && b->num <= y1 + 50)
    {
      *y2 = (int) b->num;
      return i + 2;
    }
  return i;
}

static gboolean
bare_year_allowed_before (Ctx *c, guint i)
{
  int sentence = c->toks[i].sentence;
  Tok *p = i > 0 ? tok_in (c, i - 1, sentence) : NULL;

  if (p == NULL)
    return TRUE;
  if (p->kind == TOK_WORD)
    return !(p->flags & F_COUNT_BEFORE) && !(c->toks[i].glued);
  if (p->kind == TOK_NUM)
    return FALSE;
  /* ₹2000, $2000, #2000, C-2000, 3:2000 */
  if (p->ch == 0x20B9 || p->ch == '$' || p->ch == 0x00A3 || p->ch == 0x20AC ||
      p->ch == '#' || p->ch == '+')
    return FALSE;
  if (c->toks[i].glued && (is_dash_char (p->ch) || p->ch == '/' || p->ch == '.' || p->ch == ':'))
    return FALSE;
  return TRUE;
}

static gboolean
year_follow_ok (Ctx *c, guint after, int depth)
{
  int sentence = c->toks[after - 1].sentence;
  Tok *n = tok_in (c, after, sentence);
  Tok *nn = tok_in (c, after + 1, sentence);

  if (n == NULL)
    return FALSE;
  if (n->kind == TOK_PUNCT)
    {
      if (n->ch == 0x0964 || n->ch == 0x0965)
        return TRUE;
      if (n->ch == '.' && !(nn != NULL && nn->glued && nn->kind == TOK_NUM))
        return TRUE;
      if (n->ch == ')' && after >= 2 && is_punct (tok_in (c, after - 2, sentence), '('))
        return TRUE;
      /* headlines: "IPL 2024: …", "चुनाव 2024 | …"; but not 20:30 */
      if ((n->ch == ':' || n->ch == '|') && !(nn != NULL && nn->glued && nn->kind == TOK_NUM))
        return TRUE;
      if (n->ch == ',' || is_dash_char (n->ch))
        return depth < 8 && year_num (nn, 1900, 2099) && year_context_ok (c, after + 1, depth + 1);
      return FALSE;
    }
  if (n->kind != TOK_WORD)
    return FALSE;
  if (n->glued && !(n->flags & (F_YEAR_CTX | F_ERA_AFTER)))
    return FALSE;
  if (n->flags & F_ERA_AFTER)
    return TRUE;
  if (n->flags & F_YEAR_NOUN)
    return TRUE;
  if (n->flags & F_YEAR_CTX)
    {
      /* "1990 के दशक" is a decade, which no ISO value here can say */
      if ((n->flags & F_GEN) && has (nn, F_DECADE))
        return FALSE;
      if ((n->flags & (F_SE | F_GEN)) && has (nn, F_COUNT_AFTER))
        return FALSE;
      /* "2000 में से" (out of 2000) */
      if ((n->flags & F_MEN) && has (nn, F_SE))
        return FALSE;
      return TRUE;
    }
  if ((n->flags & F_CONNECT) && depth < 8 && year_num (nn, 1900, 2099))
    return year_context_ok (c, after + 1, depth + 1);
  return FALSE;
}

static gboolean
year_context_ok (Ctx *c, guint i, int depth)
{
  int y2;
  guint last;

  if (!year_num (&c->toks[i], 1900, 2099))
    return FALSE;
  if (depth == 0 && !bare_year_allowed_before (c, i))
    return FALSE;
  last = year_range_end (c, i, &y2);
  return year_follow_ok (c, last + 1, depth);
}

/* Is a bare month name used as a date ("अप्रैल में", "मार्च के अंत")
 * rather than as a word (मार्च = a protest march)? */
static gboolean
month_context_ok (Ctx *c, guint i, int depth)
{
  int sentence = c->toks[i].sentence;
  Tok *n = tok_in (c, i + 1, sentence);
  Tok *nn = tok_in (c, i + 2, sentence);

  if (n == NULL)
    return FALSE;
  if (has (n, F_MONTH_CTX))
    return TRUE;
  if (has (n, F_GEN) && has (nn, F_PART))
    return TRUE;
  if (is_connector (n) && has (nn, F_MONTH) && !(nn->flags & F_LATIN_ABBR) && depth < 12)
    return month_context_ok (c, i + 2, depth + 1);
  return FALSE;
}

static void
hit_from_core (Hit *h, const Core *core)
{
  memset (h, 0, sizeof *h);
  h->first = core->first;
  h->last = core->last;
  h->y = core->y;
  h->m = core->m;
  h->d = core->d;
}

/* "जनवरी और फरवरी 2024", "5 मई से 9 जून 2024": an earlier date without a
 * year takes the year of the next one. */
static gboolean
borrow_year (Ctx *c, const Core *core, int *year)
{
  int sentence = c->toks[core->first].sentence;
  guint k = core->last + 1;

  for (int items = 0; items < 6; items++)
    {
      Tok *t = tok_in (c, k, sentence);
      Core next;

      if (!is_connector (t))
        return FALSE;
      if (!_khoji_dates_core_at (c, k + 1, sentence, &next))
        return FALSE;
      if (next.y != 0)
        {
          *year = next.y;
          return TRUE;
        }
      /* a day-month cannot take its year over a bare month */
      if ((core->d != 0) != (next.d != 0))
        return FALSE;
      k = next.last + 1;
    }
  return FALSE;
}

/* "वर्ष 2006", "सन् 1947", "साल 2023": the word says the number is a year,
 * whatever follows it. */
static gboolean
try_year_marker (Ctx *c, guint i, Hit *h)
{
  Tok *t = &c->toks[i];
  int sentence = t->sentence;
  Tok *y = tok_in (c, i + 1, sentence);
  int y2;

  if (!has (t, F_YEARMARK) || !year_num (y, 1000, 2199))
    return FALSE;
  memset (h, 0, sizeof *h);
  /* Latin "in 2019": the word is not part of the date */
  h->first = t->latin && !(t->flags & F_YEARWORD) ? i + 1 : i;
  h->y = (int) y->num;
  h->last = year_range_end (c, i + 1, &y2);
  h->y2 = y2;
  /* "in 2000 cases" counts; "in 2019," and "in 2019 में" are years */
  if (t->latin && !(t->flags & F_YEARWORD))
    {
      Tok *n = tok_in (c, h->last + 1, sentence);

      if (n != NULL && n->kind == TOK_WORD && n->latin)
        return FALSE;
      if (n != NULL && n->kind == TOK_PUNCT && n->glued)
        {
          Tok *nn = tok_in (c, h->last + 2, sentence);

          if (n->ch == '%' ||
              ((n->ch == '.' || n->ch == ':') && nn != NULL && nn->glued && nn->kind == TOK_NUM))
            return FALSE;
        }
    }
  return TRUE;
}

/* "5 से 9 मार्च", "10 या 11 सितंबर", "1-3 जून 2024": one interval. */
static gboolean
try_day_range (Ctx *c, guint i, Hit *h)
{
  int sentence = c->toks[i].sentence;
  Tok *t = &c->toks[i];
  int d1;
  gboolean is_word;
  guint j;
  Core core;
  Tok *conn;

  if (t->kind != TOK_NUM)
    return FALSE;
  if (!_khoji_dates_day_at (c, i, sentence, &d1, &is_word, &j))
    return FALSE;
  conn = tok_in (c, j, sentence);
  if (!is_connector (conn) || is_punct (conn, ','))
    return FALSE;
  if (!_khoji_dates_core_at (c, j + 1, sentence, &core) || core.d == 0 || core.day_is_word)
    return FALSE;
  if (c->toks[j + 1].kind != TOK_NUM || core.d <= d1)
    return FALSE;
  if (!valid_date (2000, core.m, d1))
    return FALSE;

  memset (h, 0, sizeof *h);
  h->first = i;
  h->last = core.last;
  h->m = h->m2 = core.m;
  h->d = d1;
  h->d2 = core.d;
  if (core.y != 0)
    h->y = h->y2 = core.y;
  else
    {
      Hit end = *h;

      end.d = core.d;
      _khoji_dates_resolve_day_month (c, &end, _khoji_dates_tense_of (c, i, core.last), DIR_BY_TENSE);
      h->relative = TRUE;
      h->unresolved = end.unresolved;
      h->y = h->y2 = end.y;
    }
  return TRUE;
}

/* A month name alone may be something else: "किसानों के मार्च में" (in the
 * farmers' march), "कैंडल मार्च", "हर जून". */
static gboolean
month_name_is_date (Ctx *c, guint i)
{
  int sentence = c->toks[i].sentence;
  Tok *p = i > 0 ? tok_in (c, i - 1, sentence) : NULL;
  Tok *pp = i > 1 ? tok_in (c, i - 2, sentence) : NULL;

  if (p == NULL)
    return TRUE;
  if (has (p, F_EVERY | F_MARCH_NOUN))
    return FALSE;
  /* a month owned by something, unless by a year ("साल के मार्च में") */
  if (has (p, F_GEN) && !has (pp, F_YEARWORD) && !year_num (pp, 1000, 2199))
    return FALSE;
  return TRUE;
}

/* "अप्रैल-जून तिमाही", "अक्टूबर-नवंबर 2024": two months joined by a dash
 * are one stretch of time, given as an interval. */
static gboolean
try_month_span (Ctx *c, const Core *first, Hit *h)
{
  guint i = first->first;
  int sentence = c->toks[i].sentence;
  Tok *dash = tok_in (c, i + 1, sentence);
  Core second;
  Tense tense;
  int year;

  if (dash == NULL || dash->kind != TOK_PUNCT || !is_dash_char (dash->ch))
    return FALSE;
  if (!_khoji_dates_core_at (c, i + 2, sentence, &second) || second.d != 0 || second.latin_abbr ||
      c->toks[i + 2].latin)
    return FALSE;

  h->last = second.last;
  h->m2 = second.m;
  if (second.y != 0)
    {
      h->y2 = second.y;
      h->y = first->m <= second.m ? second.y : second.y - 1;
      return TRUE;
    }
  if (!month_context_ok (c, i + 2, 0))
    return FALSE;
  tense = _khoji_dates_tense_of (c, i, second.last);
  if (_khoji_dates_year_from_sentence (c, sentence, tense, &year, h))
    h->y2 = year;
  else
    {
      Hit end = *h;

      end.m = second.m;
      _khoji_dates_resolve_month_by_tense (c, &end, tense);
      h->relative = TRUE;
      h->unresolved = end.unresolved;
      h->y2 = end.y;
    }
  h->y = first->m <= second.m ? h->y2 : h->y2 - 1;
  if (h->unresolved)
    h->y2 = 0;
  return TRUE;
}

static gboolean
try_core (Ctx *c, guint i, Hit *h)
{
  int sentence = c->toks[i].sentence;
  Core core;
  Tense tense;
  int year;

  if (!_khoji_dates_core_at (c, i, sentence, &core))
    return FALSE;

  hit_from_core (h, &core);
  if (core.y != 0)
    return TRUE;

  if (core.d == 0)
    {
      /* A month name alone */
      if (core.latin_abbr || c->toks[i].latin)
        return FALSE;
      if (try_month_span (c, &core, h))
        return TRUE;
      if (borrow_year (c, &core, &year))
        {
          h->y = year;
          return TRUE;
        }
      if (!month_context_ok (c, i, 0))
        return FALSE;
      if (i > 0 && !month_name_is_date (c, i))
        return FALSE;
      tense = _khoji_dates_tense_of (c, core.first, core.last);
      if (_khoji_dates_year_from_sentence (c, sentence, tense, &year, h))
        h->y = year;
      else
        _khoji_dates_resolve_month_by_tense (c, h, tense);
      return TRUE;
    }

  /* "एक मार्च निकाला" is a march, "दो जून की रोटी" a daily meal: a
   * day in words needs a postposition that dates it. */
  if (core.day_is_word)
    {
      Tok *n = tok_in (c, core.last + 1, sentence);

      if (!is_punct (n, ',') && !(has (n, F_YEAR_CTX) && !has (n, F_GEN)))
        return FALSE;
    }
  if (borrow_year (c, &core, &year))
    {
      h->y = year;
      return TRUE;
    }
  /* "2 जून, सोमवार को": the weekday after the date fixes its year */
  {
    Tok *sep = tok_in (c, core.last + 1, sentence);
    guint k = core.last + 1;
    Tok *wd;

    if (is_punct (sep, ',') || is_punct (sep, '('))
      k++;
    wd = tok_in (c, k, sentence);
    if (has (wd, F_WEEKDAY) && !(wd->flags & F_LATIN_ABBR))
      {
        h->last = k;
        _khoji_dates_resolve_by_weekday (c, h, wd->val);
        return TRUE;
      }
  }
  tense = _khoji_dates_tense_of (c, core.first, core.last);
  if (_khoji_dates_year_from_sentence (c, sentence, tense, &year, h))
    h->y = year;
  else
    _khoji_dates_resolve_day_month (c, h, tense, DIR_BY_TENSE);
  return TRUE;
}

/* Years of the nineteenth century ("1857 की क्रांति", "1885 में") need
 * a plain "in" or "of" after them: a number that size is more often a
 * count or a price than a year. */
static gboolean
old_year_ok (Ctx *c, guint i)
{
  int sentence = c->toks[i].sentence;
  Tok *n = tok_in (c, i + 1, sentence);
  Tok *nn = tok_in (c, i + 2, sentence);

  if (!year_num (&c->toks[i], 1800, 1899) || !bare_year_allowed_before (c, i))
    return FALSE;
  if (has (n, F_ERA_AFTER))
    return TRUE;
  if (!has (n, F_MEN | F_GEN) || n->glued)
    return FALSE;
  return !has (nn, F_COUNT_AFTER | F_SE | F_DECADE);
}

static gboolean
try_bare_year (Ctx *c, guint i, Hit *h)
{
  int y2;

  if (c->toks[i].kind != TOK_NUM || !(year_context_ok (c, i, 0) || old_year_ok (c, i)))
    return FALSE;
  memset (h, 0, sizeof *h);
  h->first = i;
  h->y = (int) c->toks[i].num;
  h->last = year_range_end (c, i, &y2);
  h->y2 = y2;
  /* "2022 के फरवरी महीने में" */
  if (y2 == 0)
    {
      int sentence = c->toks[i].sentence;
      Tok *gen = tok_in (c, i + 1, sentence);
      Tok *month = tok_in (c, i + 2, sentence);

      if (has (gen, F_GEN) && has (month, F_MONTH) && !month->latin)
        {
          h->m = month->val;
          h->last = i + 2;
        }
    }
  return TRUE;
}

static char *
format_point (int y, int m, int d)
{
  if (m == 0)
    return g_strdup_printf ("%04d", y);
  if (d == 0)
    return g_strdup_printf ("%04d-%02d", y, m);
  return g_strdup_printf ("%04d-%02d-%02d", y, m, d);
}

/* The sentence that holds a date: the timeline shows it as the event. */
static void
find_sentence (Ctx *c, const Hit *h, gsize *s_start, gsize *s_end)
{
  int first = c->toks[h->first].sentence;
  gsize end = c->toks[h->last].end;

  *s_start = c->toks[h->first].start;
  *s_end = end;
  if (first < 0)
    return;
  *s_start = g_array_index (c->sentences, KhojiSpan, first).start;
  /* a date may run over a false break ("Jun. 13"): end with the sentence
   * that holds its last token */
  for (guint k = (guint) first; k < c->sentences->len; k++)
    {
      KhojiSpan *span = &g_array_index (c->sentences, KhojiSpan, k);

      *s_end = MAX (span->end, end);
      if (span->end >= end)
        break;
    }
}

static KhojiDateMention *
mention_from_hit (Ctx *c, const Hit *h)
{
  KhojiDateMention *m = g_new0 (KhojiDateMention, 1);

  m->start = c->toks[h->first].start;
  m->end = c->toks[h->last].end;
  m->relative = h->relative;
  m->precision = h->d != 0 ? KHOJI_PRECISION_DAY
               : h->m != 0 ? KHOJI_PRECISION_MONTH
               : KHOJI_PRECISION_YEAR;
  if (!h->unresolved)
    {
      g_autofree char *a = format_point (h->y, h->m, h->d);

      if (h->y2 != 0)
        {
          g_autofree char *b = format_point (h->y2, h->m2 != 0 ? h->m2 : (h->m != 0 ? h->m : 0),
                                             h->d2 != 0 ? h->d2 : 0);
          m->value = g_strconcat (a, "/", b, NULL);
        }
      else
        m->value = g_steal_pointer (&a);
    }
  find_sentence (c, h, &m->sentence_start, &m->sentence_end);
  return m;
}

static gboolean
parse_anchor (const char *anchor, int *y, int *m, int *d)
{
  int yy, mm, dd;
  char tail;

  if (anchor == NULL)
    return FALSE;
  /* a timestamp ("2025-06-04T15:58:20") is as good as its date */
  switch (sscanf (anchor, "%4d-%2d-%2d%c", &yy, &mm, &dd, &tail))
    {
    case 3:
      break;
    case 4:
      if (tail != 'T' && tail != ' ')
        return FALSE;
      break;
    default:
      return FALSE;
    }
  if (!valid_date (yy, mm, dd))
    return FALSE;
  *y = yy;
  *m = mm;
  *d = dd;
  return TRUE;
}

/* The patterns over the tokens, resolved against the context's anchor. */
static void
find_dates (Ctx       *c,
            GPtrArray *out)
{
  c->year = 0;
  c->year_relative = FALSE;
  c->year_sentence = 0;
  for (guint i = 0; i < c->n;)
    {
      Hit h;

      if (_khoji_dates_try_relative (c, i, &h) ||
          _khoji_dates_try_weekday (c, i, &h) ||
          try_year_marker (c, i, &h) ||
          try_day_range (c, i, &h) ||
          try_core (c, i, &h) ||
          try_bare_year (c, i, &h))
        {
          g_ptr_array_add (out, mention_from_hit (c, &h));
          /* "पिछले साल … 5 नवंबर को" names a year as well as "2016 में" */
          if (!h.unresolved && h.y != 0 && h.y2 == 0 && (!h.relative || h.m == 0))
            {
              c->year = h.y;
              c->year_relative = h.relative;
              c->year_sentence = c->toks[h.first].sentence;
            }
          i = h.last + 1;
        }
      else
        i++;
    }
}

static void
set_anchor (Ctx        *c,
            const char *anchor)
{
  c->has_anchor = parse_anchor (anchor, &c->ay, &c->am, &c->ad);
  if (c->has_anchor)
    {
      c->ajd = _khoji_dates_days_from_civil (c->ay, c->am, c->ad);
      c->awd = _khoji_dates_weekday_of (c->ajd);
    }
}

GPtrArray *
khoji_extract_dates (const char *text,
                     const char *anchor)
{
  return khoji_extract_dates_with_sentences (text, anchor, NULL);
}

GPtrArray *
khoji_extract_dates_with_sentences (const char *text,
                                    const char *anchor,
                                    GArray     *given)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) khoji_date_mention_free);
  g_autoptr(GArray) toks = NULL;
  g_autoptr(GArray) made = NULL;
  GArray *sentences;
  Ctx c = { 0 };
  gsize len;
  guint s = 0;
  int joined_from = G_MININT, joined_to = 0;

  g_return_val_if_fail (text != NULL, out);

  len = strlen (text);
  if (!khoji_text_validate (text, len))
    return out;
  toks = _khoji_dates_tokenize (text, len);
  sentences = given != NULL ? given : (made = khoji_text_sentences (text, len));

  c.text = text;
  c.toks = (Tok *) toks->data;
  c.n = toks->len;
  c.sentences = sentences;
  set_anchor (&c, anchor);

  /* Give each token its sentence; tokens between sentences (stray
   * punctuation) get a sentence of their own so that no pattern spans it. */
  for (guint i = 0; i < c.n; i++)
    {
      Tok *t = &c.toks[i];

      while (s < sentences->len && g_array_index (sentences, KhojiSpan, s).end <= t->start)
        s++;
      if (s < sentences->len && g_array_index (sentences, KhojiSpan, s).start <= t->start)
        t->sentence = (int) s;
      else
        t->sentence = -1 - (int) i;
      /* The sentence breaker takes the dot of "Jun. 12" for a full stop. */
      if (i >= 2 && t->sentence >= 0 && t->sentence != c.toks[i - 1].sentence &&
          is_punct (&c.toks[i - 1], '.') && has (&c.toks[i - 2], F_LATIN_ABBR) &&
          (c.toks[i - 2].flags & F_MONTH))
        {
          joined_from = t->sentence;
          joined_to = c.toks[i - 1].sentence;
        }
      if (t->sentence == joined_from)
        t->sentence = joined_to;
    }

  find_dates (&c, out);
  return out;
}
