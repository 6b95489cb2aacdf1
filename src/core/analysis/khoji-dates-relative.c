/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-dates"

#include "config.h"

#include "khoji-dates-private.h"

/* Phrases that name a day by where it stands from the anchor
 * (khoji-dates.c): "पिछले अक्टूबर", "इस सोमवार", "अगले महीने", "आने वाले
 * शुक्रवार", and weekdays alone or beside the day they name. */

/* A phrase led by पिछले/इस/अगले/मौजूदा/आने वाले: "पिछले अक्टूबर", "बीते
 * शुक्रवार", "पिछले साल जून", "मौजूदा साल की 25 जनवरी", "अगले महीने".
 * The word belongs to the date's text, so the span starts with it. */
gboolean
_khoji_dates_try_relative (Ctx *c, guint i, Hit *h)
{
  Tok *t = &c->toks[i];
  int sentence = t->sentence;
  int dir;
  guint j = i + 1;
  Tok *u;
  Core core;

  if (has (t, F_REL))
    dir = t->val;
  else if (has (t, F_COMING) && has (tok_in (c, i + 1, sentence), F_VALA))
    {
      dir = 1;
      j = i + 2;
    }
  else
    return FALSE;

  u = tok_in (c, j, sentence);
  if (u == NULL || u->kind == TOK_PUNCT)
    return FALSE;

  memset (h, 0, sizeof *h);
  h->first = i;

  if (has (u, F_WEEKDAY))
    {
      h->last = j;
      /* "इस सोमवार" is this week's: the tense says which side */
      _khoji_dates_resolve_weekday (c, h, u->val, dir == DIR_THIS ? DIR_BY_TENSE : (Dir) dir,
                       _khoji_dates_tense_of (c, i, j));
      return TRUE;
    }

  /* "गत 5 जून", "इस 15 अगस्त" */
  if (_khoji_dates_core_at (c, j, sentence, &core) && core.m != 0 && !core.latin_abbr)
    {
      if (core.y != 0)
        return FALSE;   /* the core stands on its own; the word is not part of it */
      h->last = core.last;
      h->m = core.m;
      h->d = core.d;
      if (core.d != 0)
        {
          _khoji_dates_resolve_day_month (c, h, TENSE_UNKNOWN, (Dir) dir);
          return TRUE;
        }
      h->relative = TRUE;
      if (!c->has_anchor)
        h->unresolved = TRUE;
      else if (dir < 0)
        h->y = core.m < c->am ? c->ay : c->ay - 1;
      else if (dir > 0)
        h->y = core.m > c->am ? c->ay : c->ay + 1;
      else
        h->y = c->ay;
      return TRUE;
    }

  if (has (u, F_YEARWORD))
    {
      guint k = j + 1;
      Tok *v = tok_in (c, k, sentence);
      int year = c->ay + dir;

      h->relative = TRUE;
      h->unresolved = !c->has_anchor;
      h->y = year;
      h->last = j;

      /* "पिछले साल जून", "पिछले साल 12 जून" */
      if (_khoji_dates_core_at (c, k, sentence, &core) && core.y == 0 && !core.latin_abbr)
        {
          h->last = core.last;
          h->m = core.m;
          h->d = core.d;
          return TRUE;
        }
      /* "मौजूदा साल की 25 जनवरी", "इस साल के जून", "मौजूदा साल के 9वें महीने" */
      if (has (v, F_GEN))
        {
          Tok *num = tok_in (c, k + 1, sentence);
          Tok *ord = tok_in (c, k + 2, sentence);
          Tok *mw = tok_in (c, k + 3, sentence);

          if (_khoji_dates_core_at (c, k + 1, sentence, &core) && core.y == 0 && !core.latin_abbr)
            {
              h->last = core.last;
              h->m = core.m;
              h->d = core.d;
              return TRUE;
            }
          if (num != NULL && num->kind == TOK_NUM && num->num >= 1 && num->num <= 12 &&
              ord != NULL && ord->glued && has (ord, F_ORDINAL) && has (mw, F_MONTHWORD))
            {
              h->last = k + 3;
              h->m = (int) num->num;
              return TRUE;
            }
        }
      return TRUE;
    }

  if (has (u, F_MONTHWORD))
    {
      int m;

      h->last = j;
      h->relative = TRUE;
      if (!c->has_anchor)
        {
          h->unresolved = TRUE;
          h->m = 1;
          return TRUE;
        }
      m = c->am + dir;
      h->y = c->ay;
      if (m < 1)
        m += 12, h->y--;
      else if (m > 12)
        m -= 12, h->y++;
      h->m = m;
      return TRUE;
    }

  return FALSE;
}

/* A weekday, alone ("गुरुवार को") or with the day it names ("सोमवार, 2
 * जून"), in which case the two together are the date's text. */
gboolean
_khoji_dates_try_weekday (Ctx *c, guint i, Hit *h)
{
  Tok *t = &c->toks[i];
  int sentence = t->sentence;
  guint j = i + 1;
  Tok *n;
  Core core;

  if (!has (t, F_WEEKDAY))
    return FALSE;
  /* "हर सोमवार" is every Monday */
  if (i > 0 && has (tok_in (c, i - 1, sentence), F_EVERY))
    return FALSE;

  memset (h, 0, sizeof *h);
  h->first = h->last = i;

  /* "सोमवार, 2 जून", "सोमवार (2 जून)", "Monday, June 2" */
  n = tok_in (c, j, sentence);
  if (is_punct (n, ',') || is_punct (n, '('))
    j++;
  if (_khoji_dates_core_at (c, j, sentence, &core) && core.d != 0)
    {
      h->last = core.last;
      h->m = core.m;
      h->d = core.d;
      if (core.y != 0)
        h->y = core.y;
      else
        _khoji_dates_resolve_by_weekday (c, h, t->val);
      return TRUE;
    }

  /* "Sun" alone is more often a name than a day */
  if (t->flags & F_LATIN_ABBR)
    return FALSE;
  _khoji_dates_resolve_weekday (c, h, t->val, DIR_BY_TENSE, _khoji_dates_tense_of (c, i, i));
  return TRUE;
}
