/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The names of the months and weekdays, in every spelling Khoji reads:
 * one table for the date tagger (analysis/khoji-dates-words.c), the
 * dateline and byline rules of ingest (khoji-dateline.c,
 * khoji-boilerplate.c) and the entity rules (khoji-entities.c). */

typedef enum {
  KHOJI_CALENDAR_MONTH,
  KHOJI_CALENDAR_WEEKDAY,
} KhojiCalendarKind;

typedef enum {
  /* A Latin abbreviation (jan, mon): only a date beside a number */
  KHOJI_CALENDAR_ABBREVIATION  = 1 << 0,
  /* A spelling Hindi papers print less often, after the English or
   * Marathi sound (एप्रिल, डिसेंबर) */
  KHOJI_CALENDAR_VARIANT       = 1 << 1,
  /* Read only in a dateline or byline, beside a day and a year: Marathi
   * names, misspellings, longer English abbreviations. In running text
   * मे is में misspelt; the tagger does not take these. */
  KHOJI_CALENDAR_DATELINE_ONLY = 1 << 2,
} KhojiCalendarFlags;

typedef struct {
  const char         *word;     /* as written: NFC, Latin in lower case */
  KhojiCalendarKind   kind;
  int                 value;    /* month 1..12, weekday 0 (Sunday)..6 */
  KhojiCalendarFlags  flags;
} KhojiCalendarWord;

const KhojiCalendarWord *khoji_calendar_words    (gsize                   *n_words);
gboolean                 khoji_calendar_is_latin (const KhojiCalendarWord *word);

G_END_DECLS
