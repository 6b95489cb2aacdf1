/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-dates"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "khoji-analysis.h"
#include "khoji-text.h"

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

/* Word classes, as bits: one word may play several roles (से is both a
 * postposition and the "to" of a range). */
#define FLAG(n) (G_GUINT64_CONSTANT (1) << (n))

#define F_MONTH        FLAG ( 0)  /* val: 1..12 */
#define F_WEEKDAY      FLAG ( 1)  /* val: 0 (Sunday) .. 6 */
#define F_NUMWORD      FLAG ( 2)  /* val: 1..31 */
#define F_REL          FLAG ( 3)  /* val: -1 last, 0 this, +1 next */
#define F_YEARWORD     FLAG ( 4)  /* साल, वर्ष: "this/last year" */
#define F_YEARMARK     FLAG ( 5)  /* a word that may stand before a year number */
#define F_ERA_AFTER    FLAG ( 6)  /* ई., ईस्वी, AD after a year */
#define F_MONTHWORD    FLAG ( 7)  /* महीने, माह */
#define F_ORDINAL      FLAG ( 8)  /* वें, वीं, th */
#define F_YEAR_CTX     FLAG ( 9)  /* a postposition that makes a number a year */
#define F_MONTH_CTX    FLAG (10)  /* words after a bare month name */
#define F_GEN          FLAG (11)  /* के, की, का */
#define F_PART         FLAG (12)  /* अंत, शुरुआत: "the end of March" */
#define F_CONNECT      FLAG (13)  /* और, या, से: lists and ranges */
#define F_COUNT_AFTER  FLAG (14)  /* से ज्यादा, के करीब: the number is a count */
#define F_COUNT_BEFORE FLAG (15)  /* करीब, कुल, रुपये, अनुच्छेद before a number */
#define F_CLAUSE       FLAG (16)  /* कि, लेकिन: a clause ends */
#define F_PAST         FLAG (17)  /* था, गया, ने: the clause is in the past */
#define F_FUTURE       FLAG (18)  /* होगा, आगामी */
#define F_MODAL        FLAG (19)  /* सकता (है): may happen */
#define F_VALA         FLAG (20)  /* वाला (है): about to happen */
#define F_HAI          FLAG (21)  /* है, हैं */
#define F_BEFORE       FLAG (22)  /* पहले, पूर्व */
#define F_SE           FLAG (23)  /* से */
#define F_COMING       FLAG (24)  /* आने (वाले) */
#define F_MEN          FLAG (25)  /* में */
#define F_LATIN_ABBR   FLAG (26)  /* a Latin month or weekday name that needs a number beside it */
#define F_EXACT        FLAG (27)  /* matched as written: folding makes की (of) = कि (that) */
#define F_PROGRESSIVE  FLAG (28)  /* रहा, रही, रहे */
#define F_DECADE       FLAG (29)  /* दशक */
#define F_YEAR_NOUN    FLAG (30)  /* चुनाव, सीजन: "2024 लोकसभा चुनाव" */
#define F_EVERY        FLAG (31)  /* हर, प्रत्येक: a recurring day, not a date */
#define F_MARCH_NOUN   FLAG (32)  /* कैंडल, पैदल: "कैंडल मार्च" is a march */

typedef struct {
  const char *word;
  guint64     flags;
  int         val;
} Keyword;

static const Keyword keywords[] = {
  /* Months: Hindi spellings (folding covers nukta, anusvara, vowel length)
   * and English names, which Hindi papers also print in Latin letters. */
  { "जनवरी", F_MONTH, 1 }, { "जनवरि", F_MONTH, 1 },
  { "फरवरी", F_MONTH, 2 }, { "फ़रवरी", F_MONTH, 2 },
  { "मार्च", F_MONTH, 3 },
  { "अप्रैल", F_MONTH, 4 }, { "अप्रेल", F_MONTH, 4 }, { "एप्रिल", F_MONTH, 4 },
  { "मई", F_MONTH, 5 },
  { "जून", F_MONTH, 6 },
  { "जुलाई", F_MONTH, 7 },
  { "अगस्त", F_MONTH, 8 },
  { "सितंबर", F_MONTH, 9 }, { "सितम्बर", F_MONTH, 9 }, { "सेप्टेंबर", F_MONTH, 9 },
  { "अक्टूबर", F_MONTH, 10 }, { "अक्तूबर", F_MONTH, 10 }, { "ऑक्टोबर", F_MONTH, 10 },
  { "अक्टोबर", F_MONTH, 10 }, { "ऑगस्ट", F_MONTH, 8 }, { "डिसेंबर", F_MONTH, 12 },
  { "फेब्रुअरी", F_MONTH, 2 },
  { "नवंबर", F_MONTH, 11 }, { "नवम्बर", F_MONTH, 11 },
  { "दिसंबर", F_MONTH, 12 }, { "दिसम्बर", F_MONTH, 12 },
  { "january", F_MONTH, 1 }, { "february", F_MONTH, 2 }, { "march", F_MONTH, 3 },
  { "april", F_MONTH, 4 }, { "june", F_MONTH, 6 }, { "july", F_MONTH, 7 },
  { "august", F_MONTH, 8 }, { "september", F_MONTH, 9 }, { "october", F_MONTH, 10 },
  { "november", F_MONTH, 11 }, { "december", F_MONTH, 12 },
  { "jan", F_MONTH | F_LATIN_ABBR, 1 }, { "feb", F_MONTH | F_LATIN_ABBR, 2 },
  { "mar", F_MONTH | F_LATIN_ABBR, 3 }, { "apr", F_MONTH | F_LATIN_ABBR, 4 },
  { "may", F_MONTH | F_LATIN_ABBR, 5 }, { "jun", F_MONTH | F_LATIN_ABBR, 6 },
  { "jul", F_MONTH | F_LATIN_ABBR, 7 }, { "aug", F_MONTH | F_LATIN_ABBR, 8 },
  { "sep", F_MONTH | F_LATIN_ABBR, 9 }, { "sept", F_MONTH | F_LATIN_ABBR, 9 },
  { "oct", F_MONTH | F_LATIN_ABBR, 10 }, { "nov", F_MONTH | F_LATIN_ABBR, 11 },
  { "dec", F_MONTH | F_LATIN_ABBR, 12 },

  { "रविवार", F_WEEKDAY, 0 }, { "इतवार", F_WEEKDAY, 0 },
  { "सोमवार", F_WEEKDAY, 1 },
  { "मंगलवार", F_WEEKDAY, 2 },
  { "बुधवार", F_WEEKDAY, 3 }, { "बुद्धवार", F_WEEKDAY, 3 },
  { "गुरुवार", F_WEEKDAY, 4 }, { "बृहस्पतिवार", F_WEEKDAY, 4 }, { "वीरवार", F_WEEKDAY, 4 },
  { "शुक्रवार", F_WEEKDAY, 5 },
  { "शनिवार", F_WEEKDAY, 6 },
  { "sunday", F_WEEKDAY, 0 }, { "monday", F_WEEKDAY, 1 }, { "tuesday", F_WEEKDAY, 2 },
  { "wednesday", F_WEEKDAY, 3 }, { "thursday", F_WEEKDAY, 4 }, { "friday", F_WEEKDAY, 5 },
  { "saturday", F_WEEKDAY, 6 },
  { "sun", F_WEEKDAY | F_LATIN_ABBR, 0 }, { "mon", F_WEEKDAY | F_LATIN_ABBR, 1 },
  { "tue", F_WEEKDAY | F_LATIN_ABBR, 2 }, { "wed", F_WEEKDAY | F_LATIN_ABBR, 3 },
  { "thu", F_WEEKDAY | F_LATIN_ABBR, 4 }, { "fri", F_WEEKDAY | F_LATIN_ABBR, 5 },
  { "sat", F_WEEKDAY | F_LATIN_ABBR, 6 },

  /* Day numbers written as words (पांच अगस्त). */
  { "एक", F_NUMWORD, 1 }, { "पहली", F_NUMWORD, 1 }, { "दो", F_NUMWORD, 2 },
  { "तीन", F_NUMWORD, 3 }, { "चार", F_NUMWORD, 4 }, { "पांच", F_NUMWORD, 5 },
  { "छह", F_NUMWORD, 6 }, { "छः", F_NUMWORD, 6 }, { "छै", F_NUMWORD, 6 },
  { "सात", F_NUMWORD, 7 }, { "आठ", F_NUMWORD, 8 }, { "नौ", F_NUMWORD, 9 },
  { "दस", F_NUMWORD, 10 }, { "ग्यारह", F_NUMWORD, 11 }, { "बारह", F_NUMWORD, 12 },
  { "तेरह", F_NUMWORD, 13 }, { "चौदह", F_NUMWORD, 14 }, { "पंद्रह", F_NUMWORD, 15 },
  { "सोलह", F_NUMWORD, 16 }, { "सत्रह", F_NUMWORD, 17 }, { "अठारह", F_NUMWORD, 18 },
  { "उन्नीस", F_NUMWORD, 19 }, { "बीस", F_NUMWORD, 20 }, { "इक्कीस", F_NUMWORD, 21 },
  { "बाईस", F_NUMWORD, 22 }, { "तेईस", F_NUMWORD, 23 }, { "चौबीस", F_NUMWORD, 24 },
  { "पच्चीस", F_NUMWORD, 25 }, { "छब्बीस", F_NUMWORD, 26 }, { "सत्ताईस", F_NUMWORD, 27 },
  { "अट्ठाईस", F_NUMWORD, 28 }, { "अठ्ठाईस", F_NUMWORD, 28 }, { "अठाईस", F_NUMWORD, 28 },
  { "उनतीस", F_NUMWORD, 29 }, { "उन्तीस", F_NUMWORD, 29 }, { "तीस", F_NUMWORD, 30 },
  { "इकतीस", F_NUMWORD, 31 }, { "इकत्तीस", F_NUMWORD, 31 },

  { "पिछले", F_REL, -1 }, { "पिछला", F_REL, -1 }, { "पिछली", F_REL, -1 },
  { "बीते", F_REL, -1 }, { "बीता", F_REL, -1 }, { "बीती", F_REL, -1 },
  { "गत", F_REL, -1 }, { "विगत", F_REL, -1 }, { "last", F_REL, -1 },
  { "इस", F_REL, 0 }, { "इसी", F_REL, 0 }, { "मौजूदा", F_REL, 0 },
  { "चालू", F_REL, 0 }, { "वर्तमान", F_REL, 0 }, { "this", F_REL, 0 },
  { "अगले", F_REL, 1 }, { "अगला", F_REL, 1 }, { "अगली", F_REL, 1 },
  { "आगामी", F_REL | F_FUTURE, 1 }, { "next", F_REL, 1 },
  { "आने", F_COMING, 1 },

  { "साल", F_YEARWORD | F_YEARMARK, 0 }, { "वर्ष", F_YEARWORD | F_YEARMARK, 0 },
  { "बरस", F_YEARWORD, 0 }, { "year", F_YEARWORD | F_YEARMARK, 0 },
  { "सन", F_YEARMARK, 0 }, { "सन्", F_YEARMARK, 0 }, { "in", F_YEARMARK, 0 },
  { "ई", F_ERA_AFTER, 0 }, { "ईस्वी", F_ERA_AFTER, 0 }, { "ad", F_ERA_AFTER, 0 },
  { "महीने", F_MONTHWORD | F_MONTH_CTX, 0 }, { "महीना", F_MONTHWORD, 0 },
  { "माह", F_MONTHWORD | F_MONTH_CTX, 0 }, { "तिमाही", F_MONTH_CTX, 0 }, { "month", F_MONTHWORD, 0 },
  { "वें", F_ORDINAL, 0 }, { "वीं", F_ORDINAL, 0 }, { "वां", F_ORDINAL, 0 },
  { "वा", F_ORDINAL, 0 }, { "th", F_ORDINAL, 0 }, { "st", F_ORDINAL, 0 },
  { "nd", F_ORDINAL, 0 }, { "rd", F_ORDINAL, 0 },

  { "में", F_YEAR_CTX | F_MONTH_CTX | F_MEN, 0 },
  { "से", F_YEAR_CTX | F_MONTH_CTX | F_CONNECT | F_SE, 0 },
  { "तक", F_YEAR_CTX | F_MONTH_CTX, 0 },
  { "के", F_YEAR_CTX | F_GEN, 0 }, { "की", F_YEAR_CTX | F_GEN | F_EXACT, 0 },
  { "का", F_YEAR_CTX | F_GEN, 0 }, { "को", F_YEAR_CTX, 0 },
  { "अंत", F_PART, 0 }, { "अंतिम", F_PART, 0 }, { "आखिर", F_PART, 0 },
  { "आखिरी", F_PART, 0 }, { "शुरू", F_PART, 0 }, { "शुरुआत", F_PART, 0 },
  { "शुरुआती", F_PART, 0 }, { "मध्य", F_PART, 0 }, { "दौरान", F_PART, 0 },
  { "बाद", F_PART, 0 }, { "पहले", F_PART | F_BEFORE, 0 }, { "पूर्व", F_BEFORE, 0 },
  { "महीने", F_PART, 0 }, { "बीच", F_PART, 0 }, { "आसपास", F_PART, 0 },
  { "पहले", F_PART, 0 }, { "बाद", F_PART, 0 },

  { "और", F_CONNECT, 0 }, { "या", F_CONNECT, 0 }, { "व", F_CONNECT, 0 },
  { "तथा", F_CONNECT, 0 }, { "एवं", F_CONNECT, 0 }, { "and", F_CONNECT, 0 },
  { "or", F_CONNECT, 0 }, { "to", F_CONNECT, 0 },

  { "ज्यादा", F_COUNT_AFTER, 0 }, { "अधिक", F_COUNT_AFTER, 0 }, { "कम", F_COUNT_AFTER, 0 },
  { "करीब", F_COUNT_AFTER | F_COUNT_BEFORE, 0 }, { "आसपास", F_COUNT_AFTER, 0 },
  { "ऊपर", F_COUNT_AFTER, 0 }, { "पार", F_COUNT_AFTER, 0 }, { "बराबर", F_COUNT_AFTER, 0 },
  { "गुना", F_COUNT_AFTER, 0 }, { "संख्या", F_COUNT_AFTER, 0 }, { "तादाद", F_COUNT_AFTER, 0 },
  { "स्तर", F_COUNT_AFTER, 0 }, { "नोट", F_COUNT_AFTER, 0 }, { "नोटों", F_COUNT_AFTER, 0 }, { "अंक", F_COUNT_AFTER, 0 }, { "अंकों", F_COUNT_AFTER, 0 }, { "लगभग", F_COUNT_AFTER | F_COUNT_BEFORE, 0 },
  { "तकरीबन", F_COUNT_BEFORE, 0 }, { "कुल", F_COUNT_BEFORE, 0 },
  { "सिर्फ", F_COUNT_BEFORE, 0 }, { "केवल", F_COUNT_BEFORE, 0 },
  { "मात्र", F_COUNT_BEFORE, 0 }, { "महज", F_COUNT_BEFORE, 0 },
  { "रुपये", F_COUNT_BEFORE, 0 }, { "रुपए", F_COUNT_BEFORE, 0 }, { "रु", F_COUNT_BEFORE, 0 },
  { "rs", F_COUNT_BEFORE, 0 }, { "inr", F_COUNT_BEFORE, 0 }, { "usd", F_COUNT_BEFORE, 0 },
  { "नंबर", F_COUNT_BEFORE, 0 }, { "संख्या", F_COUNT_BEFORE, 0 },
  { "हर", F_EVERY, 0 }, { "प्रत्येक", F_EVERY, 0 }, { "हरेक", F_EVERY, 0 },
  { "every", F_EVERY, 0 },
  { "कैंडल", F_MARCH_NOUN, 0 }, { "फ्लैग", F_MARCH_NOUN, 0 }, { "पैदल", F_MARCH_NOUN, 0 },
  { "लॉन्ग", F_MARCH_NOUN, 0 }, { "शांति", F_MARCH_NOUN, 0 }, { "मौन", F_MARCH_NOUN, 0 },
  { "विरोध", F_MARCH_NOUN, 0 }, { "प्रोटेस्ट", F_MARCH_NOUN, 0 }, { "रोड", F_MARCH_NOUN, 0 },
  { "मशाल", F_MARCH_NOUN, 0 }, { "पथ", F_MARCH_NOUN, 0 },
  { "क्रमांक", F_COUNT_BEFORE, 0 }, { "अनुच्छेद", F_COUNT_BEFORE, 0 },
  { "धारा", F_COUNT_BEFORE, 0 }, { "article", F_COUNT_BEFORE, 0 },
  { "section", F_COUNT_BEFORE, 0 }, { "no", F_COUNT_BEFORE, 0 },
  { "पृष्ठ", F_COUNT_BEFORE, 0 }, { "पेज", F_COUNT_BEFORE, 0 },

  { "कि", F_CLAUSE | F_EXACT, 0 }, { "जबकि", F_CLAUSE, 0 }, { "क्योंकि", F_CLAUSE, 0 },
  { "लेकिन", F_CLAUSE, 0 }, { "मगर", F_CLAUSE, 0 }, { "परंतु", F_CLAUSE, 0 },
  { "किंतु", F_CLAUSE, 0 }, { "बल्कि", F_CLAUSE, 0 },

  /* Perfective forms and the ergative ने occur only in past clauses. */
  { "था", F_PAST, 0 }, { "थी", F_PAST, 0 }, { "थे", F_PAST, 0 }, { "थीं", F_PAST, 0 },
  { "गया", F_PAST, 0 }, { "गई", F_PAST, 0 }, { "गए", F_PAST, 0 }, { "गयी", F_PAST, 0 },
  { "गये", F_PAST, 0 }, { "गईं", F_PAST, 0 },
  { "हुआ", F_PAST, 0 }, { "हुई", F_PAST, 0 }, { "हुए", F_PAST, 0 }, { "हुईं", F_PAST, 0 },
  { "किया", F_PAST, 0 }, { "किए", F_PAST, 0 }, { "किये", F_PAST, 0 },
  { "दिया", F_PAST, 0 }, { "लिया", F_PAST, 0 }, { "कहा", F_PAST, 0 },
  { "बताया", F_PAST, 0 },
  { "ने", F_PAST, 0 }, { "उन्होंने", F_PAST, 0 }, { "इन्होंने", F_PAST, 0 },
  { "जिन्होंने", F_PAST, 0 }, { "उसने", F_PAST, 0 }, { "इसने", F_PAST, 0 },
  { "जिसने", F_PAST, 0 }, { "मैंने", F_PAST, 0 }, { "हमने", F_PAST, 0 },
  { "आपने", F_PAST, 0 }, { "सबने", F_PAST, 0 }, { "किसने", F_PAST, 0 },

  { "होगा", F_FUTURE, 0 }, { "होगी", F_FUTURE, 0 }, { "होंगे", F_FUTURE, 0 },
  { "होंगी", F_FUTURE, 0 }, { "will", F_FUTURE, 0 },
  /* "बारिश की संभावना है": a forecast */
  { "संभावना", F_FUTURE, 0 }, { "संभावित", F_FUTURE, 0 }, { "आसार", F_FUTURE, 0 },
  { "प्रस्तावित", F_FUTURE, 0 },
  { "सकता", F_MODAL, 0 }, { "सकती", F_MODAL, 0 }, { "सकते", F_MODAL, 0 },
  { "वाला", F_VALA, 0 }, { "वाली", F_VALA, 0 }, { "वाले", F_VALA, 0 },
  { "है", F_HAI, 0 }, { "हैं", F_HAI, 0 },
  { "रहा", F_PROGRESSIVE, 0 }, { "रही", F_PROGRESSIVE, 0 }, { "रहे", F_PROGRESSIVE, 0 },
  { "दशक", F_DECADE, 0 }, { "दशकों", F_DECADE, 0 },

  /* Events named by their year ("2024 लोकसभा चुनाव", "2023 विश्व कप"). */
  { "चुनाव", F_YEAR_NOUN, 0 }, { "चुनावों", F_YEAR_NOUN, 0 }, { "लोकसभा", F_YEAR_NOUN, 0 },
  { "विधानसभा", F_YEAR_NOUN, 0 }, { "विश्व", F_YEAR_NOUN, 0 }, { "वर्ल्ड", F_YEAR_NOUN, 0 },
  { "ओलंपिक", F_YEAR_NOUN, 0 }, { "ओलंपिक्स", F_YEAR_NOUN, 0 }, { "बजट", F_YEAR_NOUN, 0 },
  { "सीजन", F_YEAR_NOUN, 0 }, { "सत्र", F_YEAR_NOUN, 0 }, { "संस्करण", F_YEAR_NOUN, 0 },
  { "एडिशन", F_YEAR_NOUN, 0 }, { "जनगणना", F_YEAR_NOUN, 0 }, { "आम", F_YEAR_NOUN, 0 },
  { "एशियाई", F_YEAR_NOUN, 0 }, { "राष्ट्रमंडल", F_YEAR_NOUN, 0 }, { "कॉमनवेल्थ", F_YEAR_NOUN, 0 },
  { "आईपीएल", F_YEAR_NOUN, 0 }, { "टूर्नामेंट", F_YEAR_NOUN, 0 },
};

/* Endings of the Hindi future (करेगा, जाएंगी, करूंगा). Nouns that end
 * the same way (मेगा) are few and listed. */
static const char *future_endings[] = {
  "ेगा", "ेगी", "ेगे", "ेंगे", "ेँगे", "ेंगी", "ेँगी",
  "एगा", "एगी", "एंगे", "एँगे", "एंगी", "एँगी",
  "ूंगा", "ूँगा", "ूंगी", "ूँगी", "ऊंगा", "ऊँगा", "ऊंगी",
};
static const char *not_future[] = { "मेगा", "ओमेगा" };

typedef struct {
  guint64 flags;
  int     val;
} KeywordInfo;

/* Keys are folding keys, except for F_EXACT words, which are keyed as
 * written with a leading '=' so that they never meet a folded key. */
static GHashTable *keyword_table;

static gpointer
build_keyword_table (gpointer data)
{
  GHashTable *table = g_hash_table_new_full (khoji_text_hash, g_str_equal, g_free, g_free);

  for (gsize i = 0; i < G_N_ELEMENTS (keywords); i++)
    {
      char *key = (keywords[i].flags & F_EXACT)
                  ? g_strconcat ("=", keywords[i].word, NULL)
                  : khoji_text_fold (keywords[i].word, -1);
      KeywordInfo *info = g_hash_table_lookup (table, key);

      if (info == NULL)
        {
          info = g_new0 (KeywordInfo, 1);
          g_hash_table_insert (table, key, info);
        }
      else
        g_free (key);

      info->flags |= keywords[i].flags;
      if (keywords[i].val != 0)
        info->val = keywords[i].val;
    }

  return table;
}

static GHashTable *
get_keyword_table (void)
{
  static GOnce once = G_ONCE_INIT;

  g_once (&once, build_keyword_table, NULL);
  keyword_table = once.retval;
  return keyword_table;
}

/* Tokens */

typedef enum {
  TOK_WORD,
  TOK_NUM,
  TOK_PUNCT,
} TokKind;

typedef struct {
  gsize     start;
  gsize     end;
  TokKind   kind;
  gboolean  glued;      /* no space between it and the previous token */
  gunichar  ch;         /* TOK_PUNCT: the character */
  gint64    num;        /* TOK_NUM: the value */
  guint     ndigits;
  gboolean  grouped;    /* TOK_NUM: written with group separators (11,000) */
  gboolean  latin;      /* TOK_WORD: ASCII letters */
  gboolean  future;     /* TOK_WORD: a future verb form */
  guint64   flags;
  int       val;
  int       sentence;
} Tok;

typedef struct {
  const char *text;
  Tok        *toks;
  guint       n;
  GArray     *sentences;
  gboolean    has_anchor;
  int         ay, am, ad;
  gint64      ajd;      /* anchor as a day number */
  int         awd;      /* anchor weekday, 0 = Sunday */
  int         year_sentence;  /* the sentence of the last written year */
  int         year;           /* that year, 0 when none */
  gboolean    year_relative;  /* it came from "पिछले साल" and the like */
} Ctx;

/* g_utf8_get_char() inline, for text known to be valid UTF-8: the
 * tokenizer reads every character of the article. */
static inline gunichar
valid_char (const char *s)
{
  const guchar *p = (const guchar *) s;

  if (p[0] < 0x80)
    return p[0];
  if (p[0] < 0xE0)
    return ((p[0] & 0x1F) << 6) | (p[1] & 0x3F);
  if (p[0] < 0xF0)
    return ((p[0] & 0x0F) << 12) | ((p[1] & 0x3F) << 6) | (p[2] & 0x3F);
  return ((p[0] & 0x07) << 18) | ((p[1] & 0x3F) << 12) | ((p[2] & 0x3F) << 6) | (p[3] & 0x3F);
}

static gboolean
is_word_char_uncached (gunichar c)
{
  return g_unichar_isalpha (c) || g_unichar_ismark (c) || c == 0x200C || c == 0x200D;
}

static gboolean
is_space_uncached (gunichar c)
{
  return g_unichar_isspace (c) || c == 0xFEFF || c == 0x200B;
}

/* The tokenizer asks both questions of every character, and nearly all
 * of a Hindi text lies below U+0980 (ASCII and Devanagari): there the
 * answers come from a table made once from GLib's own. */
#define CHAR_TABLE_END 0x0980
enum { CHAR_WORD = 1 << 0, CHAR_SPACE = 1 << 1 };
static guint8 char_table[CHAR_TABLE_END];

static gpointer
build_char_table (gpointer data)
{
  for (gunichar c = 0; c < CHAR_TABLE_END; c++)
    char_table[c] = (is_word_char_uncached (c) ? CHAR_WORD : 0) |
                    (is_space_uncached (c) ? CHAR_SPACE : 0);
  return NULL;
}

static inline guint8
char_class (gunichar c)
{
  static GOnce once = G_ONCE_INIT;

  g_once (&once, build_char_table, NULL);
  return char_table[c];
}

static gboolean
is_word_char (gunichar c)
{
  if (c < CHAR_TABLE_END)
    return (char_class (c) & CHAR_WORD) != 0;
  return is_word_char_uncached (c);
}

static gboolean
is_space (gunichar c)
{
  if (c < CHAR_TABLE_END)
    return (char_class (c) & CHAR_SPACE) != 0;
  return is_space_uncached (c);
}

static gboolean
has_suffix (const char *s, gsize len, const char *suffix)
{
  gsize sl = strlen (suffix);

  return len >= sl && memcmp (s + len - sl, suffix, sl) == 0;
}

/* What a word is to the patterns: it depends on its spelling only. */
typedef struct {
  guint64  flags;
  int      val;
  gboolean future;
} WordClass;

static void
classify_spelling (WordClass  *wc,
                   const char *s,
                   gsize       len,
                   gboolean    latin,
                   GHashTable *table)
{
  g_autofree char *key = NULL;
  KeywordInfo *info;

  if (len < 16)
    {
      char exact[17] = "=";

      memcpy (exact + 1, s, len);
      exact[len + 1] = '\0';
      info = g_hash_table_lookup (table, exact);
      if (info != NULL)
        {
          wc->flags = info->flags;
          wc->val = info->val;
          return;
        }
    }
  key = khoji_text_fold (s, len);
  info = g_hash_table_lookup (table, key);
  if (info != NULL && !(info->flags & F_EXACT))
    {
      wc->flags = info->flags;
      wc->val = info->val;
    }

  if (!latin)
    {
      for (gsize i = 0; i < G_N_ELEMENTS (future_endings); i++)
        if (has_suffix (s, len, future_endings[i]))
          {
            wc->future = TRUE;
            break;
          }
      for (gsize i = 0; wc->future && i < G_N_ELEMENTS (not_future); i++)
        if (len == strlen (not_future[i]) && memcmp (s, not_future[i], len) == 0)
          wc->future = FALSE;
    }
}

/* An article repeats its words (के, में, साल), and so do the articles of
 * one import: each thread remembers how it classified a spelling. */
#define WORD_CLASS_CACHE_MAX_ENTRIES 16384
#define WORD_CLASS_CACHE_MAX_BYTES 64

static GPrivate word_class_cache = G_PRIVATE_INIT ((GDestroyNotify) g_hash_table_unref);

static void
classify_word (Tok *t, const char *text, GHashTable *table)
{
  const char *s = text + t->start;
  gsize len = t->end - t->start;
  GHashTable *cache;
  WordClass *wc;
  WordClass fresh = { 0 };
  char key[WORD_CLASS_CACHE_MAX_BYTES + 1];

  t->latin = TRUE;
  for (gsize i = 0; i < len; i++)
    if ((guchar) s[i] >= 0x80)
      {
        t->latin = FALSE;
        break;
      }

  if (len > WORD_CLASS_CACHE_MAX_BYTES)
    {
      classify_spelling (&fresh, s, len, t->latin, table);
      wc = &fresh;
    }
  else
    {
      /* Keyed by the spelling alone: whether a word is Latin follows from it. */
      memcpy (key, s, len);
      key[len] = '\0';
      cache = g_private_get (&word_class_cache);
      if (cache == NULL)
        {
          cache = g_hash_table_new_full (khoji_text_hash, g_str_equal, g_free, g_free);
          g_private_set (&word_class_cache, cache);
        }
      wc = g_hash_table_lookup (cache, key);
      if (wc == NULL)
        {
          if (g_hash_table_size (cache) >= WORD_CLASS_CACHE_MAX_ENTRIES)
            g_hash_table_remove_all (cache);
          wc = g_new0 (WordClass, 1);
          classify_spelling (wc, s, len, t->latin, table);
          g_hash_table_insert (cache, g_strdup (key), wc);
        }
    }
  t->flags = wc->flags;
  t->val = wc->val;
  t->future = wc->future;
}

static GArray *
tokenize (const char *text, gsize len)
{
  GHashTable *table = get_keyword_table ();
  GArray *toks = g_array_sized_new (FALSE, TRUE, sizeof (Tok), len / 4 + 8);
  const char *p = text;
  const char *end = text + len;
  gboolean space = TRUE;

  while (p < end)
    {
      gunichar c = valid_char (p);
      const char *next = g_utf8_next_char (p);
      Tok t = { 0 };

      if (is_space (c))
        {
          space = TRUE;
          p = next;
          continue;
        }

      t.start = p - text;
      t.glued = !space;
      space = FALSE;

      if (khoji_text_digit_value (c) >= 0)
        {
          const char *q = p;
          gint64 value = 0;

          t.kind = TOK_NUM;
          for (;;)
            {
              int d;

              if (q >= end)
                break;
              d = khoji_text_digit_value (valid_char (q));
              if (d >= 0)
                {
                  if (t.ndigits < 18)
                    value = value * 10 + d;
                  t.ndigits++;
                  q = g_utf8_next_char (q);
                  continue;
                }
              /* A comma followed by a group of two or three digits is a
               * group separator (11,000; 1,00,000), not a list. */
              if (*q == ',' && q + 1 < end)
                {
                  const char *r = q + 1;
                  guint group = 0;

                  while (r < end && khoji_text_digit_value (valid_char (r)) >= 0)
                    {
                      group++;
                      r = g_utf8_next_char (r);
                    }
                  if (group == 2 || group == 3)
                    {
                      t.grouped = TRUE;
                      q++;
                      continue;
                    }
                }
              break;
            }
          t.num = value;
          next = q;
        }
      else if (is_word_char (c))
        {
          const char *q = next;

          t.kind = TOK_WORD;
          while (q < end)
            {
              gunichar d = valid_char (q);

              if (!is_word_char (d) || khoji_text_digit_value (d) >= 0)
                break;
              q = g_utf8_next_char (q);
            }
          next = q;
          t.end = next - text;
          classify_word (&t, text, table);
        }
      else
        {
          t.kind = TOK_PUNCT;
          t.ch = c;
        }

      t.end = next - text;
      g_array_append_val (toks, t);
      p = next;
    }

  return toks;
}

/* Calendar arithmetic on day numbers (days since 1970-01-01). */

static gint64
days_from_civil (int y, int m, int d)
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

static int
weekday_of (gint64 days)
{
  /* 1970-01-01 was a Thursday. */
  return (int) (((days % 7) + 7 + 4) % 7);
}

static gboolean
valid_date (int y, int m, int d)
{
  /* GDateDay is eight bits: a day of 265 would pass as the 9th. */
  return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= 31 &&
         g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y);
}

/* Access to tokens: patterns never reach across a sentence boundary. */

static Tok *
tok_in (Ctx *c, guint i, int sentence)
{
  if (i >= c->n || c->toks[i].sentence != sentence)
    return NULL;
  return &c->toks[i];
}

static gboolean
is_punct (const Tok *t, gunichar ch)
{
  return t != NULL && t->kind == TOK_PUNCT && t->ch == ch;
}

static gboolean
is_dash_char (gunichar ch)
{
  return ch == '-' || ch == 0x2010 || ch == 0x2011 || ch == 0x2012 ||
         ch == 0x2013 || ch == 0x2014;
}

static gboolean
has (const Tok *t, guint64 flags)
{
  return t != NULL && t->kind == TOK_WORD && (t->flags & flags) != 0;
}

/* A connector between the items of a list or the ends of a range. */
static gboolean
is_connector (const Tok *t)
{
  if (t == NULL)
    return FALSE;
  if (t->kind == TOK_PUNCT)
    return t->ch == ',' || is_dash_char (t->ch);
  return has (t, F_CONNECT);
}

/* Tense */

typedef enum {
  TENSE_UNKNOWN,
  TENSE_PAST,
  TENSE_FUTURE,
} Tense;

static gboolean
tok_word_is (Ctx *c, const Tok *t, const char *word)
{
  gsize len = strlen (word);

  return t->end - t->start == len && memcmp (c->text + t->start, word, len) == 0;
}

static gboolean
tok_is_future (Ctx *c, guint k)
{
  Tok *t = &c->toks[k];
  Tok *n = tok_in (c, k + 1, t->sentence);
  Tok *p = k > 0 ? tok_in (c, k - 1, t->sentence) : NULL;

  if (t->kind != TOK_WORD)
    return FALSE;
  if (t->future || (t->flags & F_FUTURE))
    return TRUE;
  /* "कर सकता है" (may do), "करने वाले हैं" (are about to do) */
  if ((t->flags & (F_MODAL | F_VALA)) && has (n, F_HAI))
    return TRUE;
  /* "पूरा होने की उम्मीद है", "लागू करने की अपेक्षा": an outcome
   * expected, still to come, even inside "X ने कहा कि …". */
  if (!t->latin && p != NULL && p->kind == TOK_WORD && k >= 2 &&
      (tok_word_is (c, t, "उम्मीद") || tok_word_is (c, t, "अपेक्षा")) &&
      tok_word_is (c, p, "की"))
    {
      Tok *v = tok_in (c, k - 2, t->sentence);
      if (v != NULL && v->kind == TOK_WORD && !v->latin &&
          has_suffix (c->text + v->start, v->end - v->start, "ने"))
        return TRUE;
    }
  /* "होने वाली बैठक", "शुरू होने वाले सत्र": an event still to come */
  if ((t->flags & F_VALA) && p != NULL && p->kind == TOK_WORD && !p->latin &&
      has_suffix (c->text + p->start, p->end - p->start, "ने"))
    return TRUE;
  return FALSE;
}

/* "किया जाएगा", "दिया जा सकता है": जा- after a perfective makes a passive */
static gboolean
is_passive_aux (Ctx *c, guint k)
{
  Tok *t = k < c->n ? &c->toks[k] : NULL;
  const char *s;
  gsize len;

  if (t == NULL || t->kind != TOK_WORD || t->sentence != c->toks[k - 1].sentence)
    return FALSE;
  s = c->text + t->start;
  len = t->end - t->start;
  return len >= strlen ("जा") && memcmp (s, "जा", strlen ("जा")) == 0 &&
         !(len == strlen ("जारी") && memcmp (s, "जारी", len) == 0);
}

static gboolean
is_clause_end (const Tok *t)
{
  if (t->kind == TOK_PUNCT)
    return t->ch == ',' || t->ch == ';' || t->ch == ':' || t->ch == 0x0964 || t->ch == 0x0965;
  return (t->flags & F_CLAUSE) != 0;
}

/* How far the tense is looked for: a clause is rarely longer, and a text
 * without punctuation must not make the tagger quadratic. */
#define TENSE_REACH 40

/* Hindi puts the verb at the end of its clause: the clause holding the
 * date decides first, then the rest of the sentence. With nothing to go
 * by, news speaks of the past. */
static Tense
tense_of (Ctx *c, guint first, guint last)
{
  int sentence = c->toks[first].sentence;
  gboolean past = FALSE, before = FALSE, progressive = FALSE;
  guint k;

  for (k = first; k-- > 0 && first - k <= TENSE_REACH;)
    {
      Tok *t = &c->toks[k];

      if (t->sentence != sentence || is_clause_end (t))
        break;
      if (t->kind == TOK_WORD && (t->flags & F_PAST))
        past = TRUE;
    }

  for (k = last + 1; k < c->n && k - last <= TENSE_REACH; k++)
    {
      Tok *t = &c->toks[k];

      if (t->sentence != sentence || is_clause_end (t))
        break;
      if (tok_is_future (c, k))
        return TENSE_FUTURE;
      /* The verb nearest the date tells of the date's event: "शनिवार को
       * अभ्यास किया और रविवार को मैच खेलेगी", "शुक्रवार को हुए हमले के बाद
       * … करेगी". A perfective before जाएगा is a passive future. */
      if (t->kind == TOK_WORD && (t->flags & F_PAST) && !is_passive_aux (c, k + 1))
        return TENSE_PAST;
      /* "सोमवार को दिल्ली आ रहे हैं": a progressive with a day named is a
       * plan, unless the day is when it began ("सोमवार से जारी") */
      if ((t->flags & F_PROGRESSIVE) && has (tok_in (c, k + 1, sentence), F_HAI) &&
          !has (tok_in (c, last + 1, sentence), F_SE))
        progressive = TRUE;
      /* "मंगलवार को … यात्रा से पहले": the dated event comes after the
       * one that is reported. */
      if ((t->flags & F_BEFORE) && k > 0 && has (&c->toks[k - 1], F_SE))
        before = TRUE;
    }
  if (past)
    return TENSE_PAST;
  if (before || progressive)
    return TENSE_FUTURE;

  for (; k < c->n && k - last <= 2 * TENSE_REACH && c->toks[k].sentence == sentence; k++)
    {
      Tok *t = &c->toks[k];

      if (tok_is_future (c, k))
        return TENSE_FUTURE;
      if (t->kind == TOK_WORD && (t->flags & F_PAST) && !is_passive_aux (c, k + 1))
        return TENSE_PAST;
    }
  return past ? TENSE_PAST : TENSE_UNKNOWN;
}

/* A date being built. */

typedef struct {
  guint    first, last;         /* token range, inclusive */
  int      y, m, d;             /* 0 when the text does not give it */
  int      y2, m2, d2;          /* interval end, y2 == 0 when none */
  gboolean relative;
  gboolean unresolved;
} Hit;

/* The pieces of one written date: day, month, year, as far as given. */
typedef struct {
  guint    first, last;
  int      y, m, d;
  gboolean day_is_word;
  gboolean latin_abbr;
} Core;

static gboolean
day_at (Ctx *c, guint i, int sentence, int *day, gboolean *is_word, guint *next)
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

static gboolean
year_num (const Tok *t, int lo, int hi)
{
  return t != NULL && t->kind == TOK_NUM && !t->grouped && t->ndigits == 4 &&
         t->num >= lo && t->num <= hi;
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
static gboolean
core_at (Ctx *c, guint i, int sentence, Core *core)
{
  int day, month, year;
  gboolean word, abbr;
  guint j;

  memset (core, 0, sizeof *core);

  if (numeric_core_at (c, i, sentence, core))
    return TRUE;

  if (day_at (c, i, sentence, &day, &word, &j))
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
      if (day_at (c, after, sentence, &day, &word, &j) && !word)
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

/* Resolution against the anchor.
 *
 * Which occurrence of a day or month a phrase means: the one before the
 * anchor (पिछले), the anchor's own (इस), the one after (अगले), or the one
 * the clause's tense points to. */
typedef enum {
  DIR_LAST = -1,
  DIR_THIS = 0,
  DIR_NEXT = 1,
  DIR_BY_TENSE = 2,
} Dir;

static void
resolve_month_by_tense (Ctx *c, Hit *h, Tense tense)
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
static void
resolve_day_month (Ctx *c, Hit *h, Tense tense, Dir dir)
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
      jd = days_from_civil (y, h->m, h->d);
      if (jd < lo || jd > hi)
        continue;
      dist = ABS (jd - c->ajd);
      if (best_y == 0 || dist < best)
        best = dist, best_y = y;
    }
  h->y = best_y != 0 ? best_y : c->ay;
}

static void
resolve_weekday (Ctx *c, Hit *h, int wd, Dir dir, Tense tense)
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
static void
resolve_by_weekday (Ctx *c, Hit *h, int wd)
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
      jd = days_from_civil (y, h->m, h->d);
      if (weekday_of (jd) != wd)
        continue;
      dist = ABS (jd - c->ajd);
      if (best_y == 0 || dist < best)
        best = dist, best_y = y;
    }
  /* A weekday that fits no year nearby is a typo; the anchor's year it is. */
  h->y = best_y != 0 ? best_y : c->ay;
}

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
      if (!core_at (c, k + 1, sentence, &next))
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

/* A phrase led by पिछले/इस/अगले/मौजूदा/आने वाले: "पिछले अक्टूबर", "बीते
 * शुक्रवार", "पिछले साल जून", "मौजूदा साल की 25 जनवरी", "अगले महीने".
 * The word belongs to the date's text, so the span starts with it. */
static gboolean
try_relative (Ctx *c, guint i, Hit *h)
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
      resolve_weekday (c, h, u->val, dir == DIR_THIS ? DIR_BY_TENSE : (Dir) dir,
                       tense_of (c, i, j));
      return TRUE;
    }

  /* "गत 5 जून", "इस 15 अगस्त" */
  if (core_at (c, j, sentence, &core) && core.m != 0 && !core.latin_abbr)
    {
      if (core.y != 0)
        return FALSE;   /* the core stands on its own; the word is not part of it */
      h->last = core.last;
      h->m = core.m;
      h->d = core.d;
      if (core.d != 0)
        {
          resolve_day_month (c, h, TENSE_UNKNOWN, (Dir) dir);
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
      if (core_at (c, k, sentence, &core) && core.y == 0 && !core.latin_abbr)
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

          if (core_at (c, k + 1, sentence, &core) && core.y == 0 && !core.latin_abbr)
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
static gboolean
try_weekday (Ctx *c, guint i, Hit *h)
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
  if (core_at (c, j, sentence, &core) && core.d != 0)
    {
      h->last = core.last;
      h->m = core.m;
      h->d = core.d;
      if (core.y != 0)
        h->y = core.y;
      else
        resolve_by_weekday (c, h, t->val);
      return TRUE;
    }

  /* "Sun" alone is more often a name than a day */
  if (t->flags & F_LATIN_ABBR)
    return FALSE;
  resolve_weekday (c, h, t->val, DIR_BY_TENSE, tense_of (c, i, i));
  return TRUE;
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
  if (!day_at (c, i, sentence, &d1, &is_word, &j))
    return FALSE;
  conn = tok_in (c, j, sentence);
  if (!is_connector (conn) || is_punct (conn, ','))
    return FALSE;
  if (!core_at (c, j + 1, sentence, &core) || core.d == 0 || core.day_is_word)
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
      resolve_day_month (c, &end, tense_of (c, i, core.last), DIR_BY_TENSE);
      h->relative = TRUE;
      h->unresolved = end.unresolved;
      h->y = h->y2 = end.y;
    }
  return TRUE;
}

/* "साल 2016 में … 8 नवंबर को", "आईपीएल 2024 का फाइनल 26 मई को खेला
 * जाएगा": a month or day without a year belongs to the year the same
 * sentence has just named, unless that would put a coming event in the
 * past ("2019 के समझौते पर अप्रैल में बातचीत होगी"). */
static gboolean
year_from_sentence (Ctx *c, int sentence, Tense tense, int *year, Hit *h)
{
  if (c->year == 0 || c->year_sentence != sentence)
    return FALSE;
  if (tense == TENSE_FUTURE && c->has_anchor && c->year < c->ay)
    return FALSE;
  *year = c->year;
  h->relative |= c->year_relative;
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
  if (!core_at (c, i + 2, sentence, &second) || second.d != 0 || second.latin_abbr ||
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
  tense = tense_of (c, i, second.last);
  if (year_from_sentence (c, sentence, tense, &year, h))
    h->y2 = year;
  else
    {
      Hit end = *h;

      end.m = second.m;
      resolve_month_by_tense (c, &end, tense);
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

  if (!core_at (c, i, sentence, &core))
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
      tense = tense_of (c, core.first, core.last);
      if (year_from_sentence (c, sentence, tense, &year, h))
        h->y = year;
      else
        resolve_month_by_tense (c, h, tense);
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
        resolve_by_weekday (c, h, wd->val);
        return TRUE;
      }
  }
  tense = tense_of (c, core.first, core.last);
  if (year_from_sentence (c, sentence, tense, &year, h))
    h->y = year;
  else
    resolve_day_month (c, h, tense, DIR_BY_TENSE);
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

      if (try_relative (c, i, &h) ||
          try_weekday (c, i, &h) ||
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
      c->ajd = days_from_civil (c->ay, c->am, c->ad);
      c->awd = weekday_of (c->ajd);
    }
}

GPtrArray *
khoji_extract_dates (const char *text,
                     const char *anchor)
{
  return khoji_extract_dates_from_top (text, anchor, 0, NULL);
}

GPtrArray *
khoji_extract_dates_from_top (const char  *text,
                              const char  *anchor,
                              gsize        reach,
                              char       **out_anchor)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) khoji_date_mention_free);
  g_autoptr(GArray) toks = NULL;
  g_autoptr(GArray) sentences = NULL;
  Ctx c = { 0 };
  gsize len;
  guint s = 0;
  int joined_from = G_MININT, joined_to = 0;

  if (out_anchor)
    *out_anchor = NULL;
  g_return_val_if_fail (text != NULL, out);

  len = strlen (text);
  if (!khoji_text_validate (text, len))
    return out;
  toks = tokenize (text, len);
  sentences = khoji_text_sentences (text, len);

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
  if (anchor != NULL || out_anchor == NULL)
    return out;

  /* The tokens and sentences do not depend on the anchor: only the
   * patterns run again. */
  for (guint i = 0; i < out->len; i++)
    {
      KhojiDateMention *d = g_ptr_array_index (out, i);

      if (d->start > reach)
        break;
      if (!d->relative && d->value && d->precision == KHOJI_PRECISION_DAY && strlen (d->value) == 10)
        {
          *out_anchor = g_strdup (d->value);
          g_ptr_array_set_size (out, 0);
          set_anchor (&c, *out_anchor);
          find_dates (&c, out);
          break;
        }
    }
  return out;
}
