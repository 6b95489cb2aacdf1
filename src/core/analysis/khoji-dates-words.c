/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-dates"

#include "config.h"

#include "khoji-calendar-words.h"
#include "khoji-dates-private.h"

/* The date tagger's words (khoji-dates.c): each word of a text is folded
 * with khoji_text_fold() (so सितम्बर = सितंबर, फ़रवरी = फरवरी) and looked
 * up once in the keyword table, which gives its classes (the F_ bits of
 * khoji-dates-private.h) and value; the tokenizer cuts the text into
 * words, numbers and punctuation. */

typedef struct {
  const char *word;
  guint64     flags;
  int         val;
} Keyword;

static const Keyword keywords[] = {
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

static void
add_keyword (GHashTable *table,
             const char *word,
             guint64     flags,
             int         val)
{
  char *key = (flags & F_EXACT) ? g_strconcat ("=", word, NULL) : khoji_text_fold (word, -1);
  KeywordInfo *info = g_hash_table_lookup (table, key);

  if (info == NULL)
    {
      info = g_new0 (KeywordInfo, 1);
      g_hash_table_insert (table, key, info);
    }
  else
    g_free (key);

  info->flags |= flags;
  if (val != 0)
    info->val = val;
}

static gpointer
build_keyword_table (gpointer data)
{
  GHashTable *table = g_hash_table_new_full (khoji_text_hash, g_str_equal, g_free, g_free);
  gsize n_calendar;
  const KhojiCalendarWord *calendar = khoji_calendar_words (&n_calendar);

  /* Month and weekday names come from the one table the dateline rules
   * and the entity rules also read; the spellings only a dateline
   * carries (मे for मई) would be misread in running text. */
  for (gsize i = 0; i < n_calendar; i++)
    if (!(calendar[i].flags & KHOJI_CALENDAR_DATELINE_ONLY))
      add_keyword (table, calendar[i].word,
                   (calendar[i].kind == KHOJI_CALENDAR_MONTH ? F_MONTH : F_WEEKDAY) |
                   ((calendar[i].flags & KHOJI_CALENDAR_ABBREVIATION) ? F_LATIN_ABBR : 0),
                   calendar[i].value);
  for (gsize i = 0; i < G_N_ELEMENTS (keywords); i++)
    add_keyword (table, keywords[i].word, keywords[i].flags, keywords[i].val);

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

GArray *
_khoji_dates_tokenize (const char *text, gsize len)
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
