/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-dates"

#include "config.h"

#include "khoji-dates-private.h"

/* One written date (khoji-dates.c): the day, month and year a text gives,
 * as far as it gives them: "१ जनवरी, २०२४", "2 जून", "04-Jun-2025",
 * "June 4, 2025", 04/06/2025, or a month name alone. Whether it is a date
 * at all and which year it means is decided by the callers. */

gboolean
_khoji_dates_day_at (Ctx *c, guint i, int sentence, int *day, gboolean *is_word, guint *next)
{
  Tok *t = tok_in (c, i, sentence);
  Tok *n;

  if (t == NULL)
    return FALSE;
  if (t->kind == TOK_NUM && !t->grouped && t->ndigits <= 2 && t->num >= 1 && t->num <= 31)
    {
      *day = (int) t->num;
      *is_word = FALSE;
      *next = i + 1;
      n = tok_in (c, i + 1, sentence);
      /* "1st June"; but "12वें" is an ordinal, never a day */
      if (n != NULL && n->glued && n->kind == TOK_WORD && !(n->flags & F_MONTH))
        {
          if (n->latin && (n->flags & F_ORDINAL))
            *next = i + 2;
          else
            return FALSE;
        }
      return TRUE;
    }
  if (t->kind == TOK_WORD && (t->flags & F_NUMWORD))
    {
      *day = t->val;
      *is_word = TRUE;
      *next = i + 1;
      return TRUE;
    }
  return FALSE;
}


/* A year written after a day or month: 4 digits, not the start of a
 * decimal, a time or a longer number. */
static gboolean
year_at (Ctx *c, guint i, int sentence, int *year)
{
  Tok *t = tok_in (c, i, sentence);
  Tok *n = tok_in (c, i + 1, sentence);

  if (!year_num (t, 1000, 2199))
    return FALSE;
  if (n != NULL && n->glued && n->kind == TOK_PUNCT &&
      (n->ch == '.' || n->ch == ':' || n->ch == '%'))
    {
      Tok *nn = tok_in (c, i + 2, sentence);
      if (n->ch == '%' || (nn != NULL && nn->glued && nn->kind == TOK_NUM))
        return FALSE;
    }
  *year = (int) t->num;
  return TRUE;
}

static gboolean
month_at (Ctx *c, guint i, int sentence, int *month, gboolean *abbr)
{
  Tok *t = tok_in (c, i, sentence);

  if (!has (t, F_MONTH))
    return FALSE;
  *month = t->val;
  *abbr = (t->flags & F_LATIN_ABBR) != 0;
  return TRUE;
}

/* Numeric dates: 04/06/2025, 04.06.2025, 04-06-2025 (day first, as Indian
 * papers write them) and 2025-06-04. */
static gboolean
numeric_core_at (Ctx *c, guint i, int sentence, Core *core)
{
  Tok *a = tok_in (c, i, sentence);
  Tok *s1 = tok_in (c, i + 1, sentence);
  Tok *b = tok_in (c, i + 2, sentence);
  Tok *s2 = tok_in (c, i + 3, sentence);
  Tok *y = tok_in (c, i + 4, sentence);
  Tok *after = tok_in (c, i + 5, sentence);
  gunichar sep;

  if (a == NULL || s1 == NULL || b == NULL || s2 == NULL || y == NULL)
    return FALSE;
  if (a->kind != TOK_NUM || b->kind != TOK_NUM || y->kind != TOK_NUM ||
      s1->kind != TOK_PUNCT || s2->kind != TOK_PUNCT)
    return FALSE;
  if (!s1->glued || !b->glued || !s2->glued || !y->glued)
    return FALSE;
  sep = s1->ch;
  if (s2->ch != sep || (sep != '/' && sep != '.' && sep != '-'))
    return FALSE;
  if (after != NULL && after->glued && (after->kind == TOK_NUM ||
                                        (after->kind == TOK_PUNCT && after->ch == sep)))
    return FALSE;
  if (a->grouped || b->grouped || y->grouped)
    return FALSE;

  if (a->ndigits <= 2 && b->ndigits <= 2 && y->ndigits == 4)
    {
      core->d = (int) a->num;
      core->m = (int) b->num;
      core->y = (int) y->num;
    }
  else if (a->ndigits == 4 && b->ndigits <= 2 && y->ndigits <= 2 && sep == '-')
    {
      core->y = (int) a->num;
      core->m = (int) b->num;
      core->d = (int) y->num;
    }
  else
    return FALSE;

  if (core->y < 1000 || core->y > 2199 || !valid_date (core->y, core->m, core->d))
    return FALSE;
  core->first = i;
  core->last = i + 4;
  core->day_is_word = FALSE;
  core->latin_abbr = FALSE;
  return TRUE;
}

/* One written date: "१ जनवरी, २०२४", "2 जून", "04-Jun-2025",
 * "28 सितंबर2015", "जून 2024", "June 4, 2025", or a month name alone. */
gboolean
_khoji_dates_core_at (Ctx *c, guint i, int sentence, Core *core)
{
  int day, month, year;
  gboolean word, abbr;
  guint j;

  memset (core, 0, sizeof *core);

  if (numeric_core_at (c, i, sentence, core))
    return TRUE;

  if (_khoji_dates_day_at (c, i, sentence, &day, &word, &j))
    {
      Tok *sep = tok_in (c, j, sentence);
      gboolean dashed = FALSE;

      /* 04-Jun-2025 */
      if (!word && sep != NULL && sep->glued && sep->kind == TOK_PUNCT &&
          (is_dash_char (sep->ch) || sep->ch == '/' || sep->ch == '.'))
        {
          Tok *mt = tok_in (c, j + 1, sentence);

          if (mt == NULL || !mt->glued)
            return FALSE;
          dashed = TRUE;
          j++;
        }
      if (!month_at (c, j, sentence, &month, &abbr))
        return FALSE;
      if (!valid_date (2000, month, day))
        return FALSE;
      core->first = i;
      core->last = j;
      core->d = day;
      core->m = month;
      core->day_is_word = word;
      core->latin_abbr = abbr;
      j++;
      /* "12 Jun. 2024" */
      if (abbr && !dashed && is_punct (tok_in (c, j, sentence), '.') && c->toks[j].glued)
        j++;
      if (dashed)
        {
          Tok *s2 = tok_in (c, j, sentence);

          if (s2 != NULL && s2->glued && s2->kind == TOK_PUNCT &&
              year_at (c, j + 1, sentence, &year) && c->toks[j + 1].glued)
            {
              core->y = year;
              core->last = j + 1;
            }
        }
      else
        {
          Tok *comma = tok_in (c, j, sentence);

          if (is_punct (comma, ',') && year_at (c, j + 1, sentence, &year))
            {
              core->y = year;
              core->last = j + 1;
            }
          else if (year_at (c, j, sentence, &year))
            {
              core->y = year;
              core->last = j;
            }
        }
      if (core->y != 0 && !valid_date (core->y, core->m, core->d))
        return FALSE;
      return TRUE;
    }

  if (month_at (c, i, sentence, &month, &abbr))
    {
      Tok *n = tok_in (c, i + 1, sentence);
      guint after = i + 1;
      guint k;

      core->first = core->last = i;
      core->m = month;
      core->latin_abbr = abbr;
      /* "Jun. 12, 2024" */
      if (abbr && is_punct (n, '.') && n->glued)
        n = tok_in (c, ++after, sentence);
      k = after;
      if (is_punct (n, ','))
        k++;
      if (year_at (c, k, sentence, &year))
        {
          core->y = year;
          core->last = k;
          return TRUE;
        }
      /* "June 4, 2025"; Hindi keeps the day first, so a number after a
       * Hindi month name is only a day when a year follows. */
      if (_khoji_dates_day_at (c, after, sentence, &day, &word, &j) && !word)
        {
          Tok *comma = tok_in (c, j, sentence);
          guint yk = is_punct (comma, ',') ? j + 1 : j;

          if (year_at (c, yk, sentence, &year) && valid_date (year, month, day))
            {
              core->y = year;
              core->d = day;
              core->last = yk;
              return TRUE;
            }
          if (c->toks[i].latin && !abbr && valid_date (2000, month, day))
            {
              core->d = day;
              core->last = j - 1;
              return TRUE;
            }
        }
      return TRUE;
    }

  return FALSE;
}
