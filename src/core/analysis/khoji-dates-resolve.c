/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-dates"

#include "config.h"

#include "khoji-dates-private.h"

/* Resolution against the anchor (khoji-dates.c): which occurrence of a
 * day, weekday or month a phrase means, on day numbers (days since
 * 1970-01-01). */

/* Calendar arithmetic on day numbers (days since 1970-01-01). */

gint64
_khoji_dates_days_from_civil (int y, int m, int d)
{
  gint64 era, yoe, doy, doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = y - era * 400;
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static void
civil_from_days (gint64 z, int *y, int *m, int *d)
{
  gint64 era, doe, yoe, doy, mp;

  z += 719468;
  era = (z >= 0 ? z : z - 146096) / 146097;
  doe = z - era * 146097;
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp = (5 * doy + 2) / 153;
  *d = (int) (doy - (153 * mp + 2) / 5 + 1);
  *m = (int) (mp < 10 ? mp + 3 : mp - 9);
  *y = (int) (yoe + era * 400 + (*m <= 2));
}

int
_khoji_dates_weekday_of (gint64 days)
{
  /* 1970-01-01 was a Thursday. */
  return (int) (((days % 7) + 7 + 4) % 7);
}

void
_khoji_dates_resolve_month_by_tense (Ctx *c, Hit *h, Tense tense)
{
  h->relative = TRUE;
  if (!c->has_anchor)
    {
      h->unresolved = TRUE;
      return;
    }
  if (tense == TENSE_FUTURE)
    h->y = h->m >= c->am ? c->ay : c->ay + 1;
  else
    h->y = h->m <= c->am ? c->ay : c->ay - 1;
}

/* A day and month without a year: the anchor's year, or the year next to
 * it when the tense says so (a past "28 दिसंबर" read on 5 January). */
void
_khoji_dates_resolve_day_month (Ctx *c, Hit *h, Tense tense, Dir dir)
{
  gint64 lo = G_MININT64, hi = G_MAXINT64;
  gint64 best = 0;
  int best_y = 0;

  h->relative = TRUE;
  if (!c->has_anchor)
    {
      h->unresolved = TRUE;
      return;
    }
  if (dir == DIR_THIS)
    {
      h->y = valid_date (c->ay, h->m, h->d) ? c->ay : c->ay - 1;
      return;
    }
  /* Reporters round: a "past" date a few days after the anchor is still
   * this year's, hence the week of slack when only the tense speaks. */
  if (dir == DIR_LAST)
    hi = c->ajd;
  else if (dir == DIR_NEXT)
    lo = c->ajd;
  else if (tense == TENSE_PAST)
    hi = c->ajd + 7;
  else if (tense == TENSE_FUTURE)
    lo = c->ajd - 7;

  for (int y = c->ay - 1; y <= c->ay + 1; y++)
    {
      gint64 jd, dist;

      if (!valid_date (y, h->m, h->d))
        continue;
      jd = _khoji_dates_days_from_civil (y, h->m, h->d);
      if (jd < lo || jd > hi)
        continue;
      dist = ABS (jd - c->ajd);
      if (best_y == 0 || dist < best)
        best = dist, best_y = y;
    }
  h->y = best_y != 0 ? best_y : c->ay;
}

void
_khoji_dates_resolve_weekday (Ctx *c, Hit *h, int wd, Dir dir, Tense tense)
{
  gint64 jd;
  int delta;

  h->relative = TRUE;
  if (!c->has_anchor)
    {
      h->unresolved = TRUE;
      return;
    }
  if (dir == DIR_LAST)
    {
      delta = (c->awd - wd + 7) % 7;
      jd = c->ajd - (delta == 0 ? 7 : delta);
    }
  else if (dir == DIR_NEXT)
    {
      delta = (wd - c->awd + 7) % 7;
      jd = c->ajd + (delta == 0 ? 7 : delta);
    }
  else if (wd == c->awd)
    jd = c->ajd;
  else if (tense == TENSE_FUTURE)
    jd = c->ajd + (wd - c->awd + 7) % 7;
  else
    jd = c->ajd - (c->awd - wd + 7) % 7;
  civil_from_days (jd, &h->y, &h->m, &h->d);
}

/* A weekday next to a day and month names the year: the one nearest the
 * anchor in which that day falls on that weekday. */
void
_khoji_dates_resolve_by_weekday (Ctx *c, Hit *h, int wd)
{
  int best_y = 0;
  gint64 best = 0;

  h->relative = TRUE;
  if (!c->has_anchor)
    {
      h->unresolved = TRUE;
      return;
    }
  for (int y = c->ay - 11; y <= c->ay + 11; y++)
    {
      gint64 jd, dist;

      if (!valid_date (y, h->m, h->d))
        continue;
      jd = _khoji_dates_days_from_civil (y, h->m, h->d);
      if (_khoji_dates_weekday_of (jd) != wd)
        continue;
      dist = ABS (jd - c->ajd);
      if (best_y == 0 || dist < best)
        best = dist, best_y = y;
    }
  /* A weekday that fits no year nearby is a typo; the anchor's year it is. */
  h->y = best_y != 0 ? best_y : c->ay;
}

/* "साल 2016 में … 8 नवंबर को", "आईपीएल 2024 का फाइनल 26 मई को खेला
 * जाएगा": a month or day without a year belongs to the year the same
 * sentence has just named, unless that would put a coming event in the
 * past ("2019 के समझौते पर अप्रैल में बातचीत होगी"). */
gboolean
_khoji_dates_year_from_sentence (Ctx *c, int sentence, Tense tense, int *year, Hit *h)
{
  if (c->year == 0 || c->year_sentence != sentence)
    return FALSE;
  if (tense == TENSE_FUTURE && c->has_anchor && c->year < c->ay)
    return FALSE;
  *year = c->year;
  h->relative |= c->year_relative;
  return TRUE;
}
