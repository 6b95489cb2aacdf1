/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-text"

#include "config.h"

#include "khoji-calendar-words.h"

/* Months and weekdays as Hindi papers print them: Hindi spellings
 * (folding covers nukta, anusvara and vowel length, so सितम्बर =
 * सितंबर), English names in Latin letters, which Hindi papers also
 * print, and the spellings of Marathi and of hurried typing that
 * datelines carry. Each reader folds the words as it needs. */

#define M(w, v, f) { w, KHOJI_CALENDAR_MONTH, v, f }
#define W(w, v, f) { w, KHOJI_CALENDAR_WEEKDAY, v, f }
#define ABBR    KHOJI_CALENDAR_ABBREVIATION
#define VARIANT KHOJI_CALENDAR_VARIANT
#define DATELINE_ONLY KHOJI_CALENDAR_DATELINE_ONLY

static const KhojiCalendarWord calendar_words[] = {
  M ("जनवरी", 1, 0), M ("जनवरि", 1, 0),
  M ("फरवरी", 2, 0), M ("फ़रवरी", 2, 0), M ("फेब्रुअरी", 2, VARIANT),
  M ("मार्च", 3, 0),
  M ("अप्रैल", 4, 0), M ("अप्रेल", 4, VARIANT), M ("एप्रिल", 4, VARIANT),
  M ("मई", 5, 0),
  M ("जून", 6, 0),
  M ("जुलाई", 7, 0),
  M ("अगस्त", 8, 0), M ("ऑगस्ट", 8, VARIANT),
  M ("सितंबर", 9, 0), M ("सितम्बर", 9, 0), M ("सेप्टेंबर", 9, VARIANT),
  M ("अक्टूबर", 10, 0), M ("अक्तूबर", 10, 0), M ("ऑक्टोबर", 10, VARIANT),
  M ("अक्टोबर", 10, VARIANT),
  M ("नवंबर", 11, 0), M ("नवम्बर", 11, 0),
  M ("दिसंबर", 12, 0), M ("दिसम्बर", 12, 0), M ("डिसेंबर", 12, VARIANT),
  /* Marathi, and letters dropped in haste */
  M ("जानेवारी", 1, DATELINE_ONLY), M ("फेब्रुवारी", 2, DATELINE_ONLY),
  M ("मे", 5, DATELINE_ONLY), M ("जुलै", 7, DATELINE_ONLY),
  M ("सप्टेंबर", 9, DATELINE_ONLY), M ("सितबर", 9, DATELINE_ONLY),
  M ("अकटुबर", 10, DATELINE_ONLY), M ("नोव्हेंबर", 11, DATELINE_ONLY),

  M ("january", 1, 0), M ("february", 2, 0), M ("march", 3, 0),
  M ("april", 4, 0), M ("june", 6, 0), M ("july", 7, 0),
  M ("august", 8, 0), M ("september", 9, 0), M ("october", 10, 0),
  M ("november", 11, 0), M ("december", 12, 0),
  M ("jan", 1, ABBR), M ("feb", 2, ABBR), M ("mar", 3, ABBR), M ("apr", 4, ABBR),
  M ("may", 5, ABBR), M ("jun", 6, ABBR), M ("jul", 7, ABBR), M ("aug", 8, ABBR),
  M ("sep", 9, ABBR), M ("sept", 9, ABBR), M ("oct", 10, ABBR), M ("nov", 11, ABBR),
  M ("dec", 12, ABBR),

  W ("रविवार", 0, 0), W ("इतवार", 0, 0),
  W ("सोमवार", 1, 0),
  W ("मंगलवार", 2, 0),
  W ("बुधवार", 3, 0), W ("बुद्धवार", 3, 0),
  W ("गुरुवार", 4, 0), W ("बृहस्पतिवार", 4, 0), W ("वीरवार", 4, 0),
  W ("ब्रहस्पतिवार", 4, DATELINE_ONLY),
  W ("शुक्रवार", 5, 0),
  W ("शनिवार", 6, 0),
  W ("sunday", 0, 0), W ("monday", 1, 0), W ("tuesday", 2, 0), W ("wednesday", 3, 0),
  W ("thursday", 4, 0), W ("friday", 5, 0), W ("saturday", 6, 0),
  W ("sun", 0, ABBR), W ("mon", 1, ABBR), W ("tue", 2, ABBR), W ("wed", 3, ABBR),
  W ("thu", 4, ABBR), W ("fri", 5, ABBR), W ("sat", 6, ABBR),
  W ("tues", 2, ABBR | DATELINE_ONLY), W ("thur", 4, ABBR | DATELINE_ONLY),
  W ("thurs", 4, ABBR | DATELINE_ONLY),
};

/**
 * khoji_calendar_words:
 * @n_words: (out): the number of entries
 *
 * Returns: (transfer none): every spelling of a month or weekday name
 */
const KhojiCalendarWord *
khoji_calendar_words (gsize *n_words)
{
  g_return_val_if_fail (n_words != NULL, NULL);

  *n_words = G_N_ELEMENTS (calendar_words);
  return calendar_words;
}

/* Whether the word is in Latin letters (an English name). */
gboolean
khoji_calendar_is_latin (const KhojiCalendarWord *word)
{
  g_return_val_if_fail (word != NULL, FALSE);

  return g_ascii_isalpha (word->word[0]);
}
