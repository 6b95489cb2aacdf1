/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the date tagger's files share. Private to analysis/.
 *
 *   khoji-dates.c           the patterns over the tokens, the mentions,
 *                           the dateline near the top; the public calls
 *   khoji-dates-words.c     the word classes (month, weekday and number
 *                           names, tense words…) and the tokenizer
 *   khoji-dates-tense.c     the tense of the clause that holds a date
 *   khoji-dates-written.c   one written date: day, month, year as given
 *   khoji-dates-relative.c  पिछले/इस/अगले phrases and weekdays
 *   khoji-dates-resolve.c   day arithmetic; the year, month or day a
 *                           phrase means, against the anchor */

#include <string.h>

#include "khoji-analysis.h"
#include "khoji-text.h"

G_BEGIN_DECLS

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

/* Tense */

typedef enum {
  TENSE_UNKNOWN,
  TENSE_PAST,
  TENSE_FUTURE,
} Tense;

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

/* Which occurrence of a day or month a phrase means: the one before the
 * anchor (पिछले), the anchor's own (इस), the one after (अगले), or the one
 * the clause's tense points to. */
typedef enum {
  DIR_LAST = -1,
  DIR_THIS = 0,
  DIR_NEXT = 1,
  DIR_BY_TENSE = 2,
} Dir;

static inline gboolean
valid_date (int y, int m, int d)
{
  /* GDateDay is eight bits: a day of 265 would pass as the 9th. */
  return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= 31 &&
         g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y);
}

/* Access to tokens: patterns never reach across a sentence boundary. */

static inline Tok *
tok_in (Ctx *c, guint i, int sentence)
{
  if (i >= c->n || c->toks[i].sentence != sentence)
    return NULL;
  return &c->toks[i];
}

static inline gboolean
is_punct (const Tok *t, gunichar ch)
{
  return t != NULL && t->kind == TOK_PUNCT && t->ch == ch;
}

static inline gboolean
is_dash_char (gunichar ch)
{
  return ch == '-' || ch == 0x2010 || ch == 0x2011 || ch == 0x2012 ||
         ch == 0x2013 || ch == 0x2014;
}

static inline gboolean
has (const Tok *t, guint64 flags)
{
  return t != NULL && t->kind == TOK_WORD && (t->flags & flags) != 0;
}

/* A connector between the items of a list or the ends of a range. */
static inline gboolean
is_connector (const Tok *t)
{
  if (t == NULL)
    return FALSE;
  if (t->kind == TOK_PUNCT)
    return t->ch == ',' || is_dash_char (t->ch);
  return has (t, F_CONNECT);
}

static inline gboolean
year_num (const Tok *t, int lo, int hi)
{
  return t != NULL && t->kind == TOK_NUM && !t->grouped && t->ndigits == 4 &&
         t->num >= lo && t->num <= hi;
}

static inline gboolean
has_suffix (const char *s, gsize len, const char *suffix)
{
  gsize sl = strlen (suffix);

  return len >= sl && memcmp (s + len - sl, suffix, sl) == 0;
}

GArray  *_khoji_dates_tokenize              (const char *text,
                                             gsize       len);
Tense    _khoji_dates_tense_of              (Ctx        *c,
                                             guint       first,
                                             guint       last);
gboolean _khoji_dates_day_at                (Ctx        *c,
                                             guint       i,
                                             int         sentence,
                                             int        *day,
                                             gboolean   *is_word,
                                             guint      *next);
gboolean _khoji_dates_core_at               (Ctx        *c,
                                             guint       i,
                                             int         sentence,
                                             Core       *core);
gint64   _khoji_dates_days_from_civil       (int         y,
                                             int         m,
                                             int         d);
int      _khoji_dates_weekday_of            (gint64      days);
void     _khoji_dates_resolve_month_by_tense (Ctx        *c,
                                              Hit        *h,
                                              Tense       tense);
void     _khoji_dates_resolve_day_month     (Ctx        *c,
                                             Hit        *h,
                                             Tense       tense,
                                             Dir         dir);
void     _khoji_dates_resolve_weekday       (Ctx        *c,
                                             Hit        *h,
                                             int         wd,
                                             Dir         dir,
                                             Tense       tense);
void     _khoji_dates_resolve_by_weekday    (Ctx        *c,
                                             Hit        *h,
                                             int         wd);
gboolean _khoji_dates_year_from_sentence    (Ctx        *c,
                                             int         sentence,
                                             Tense       tense,
                                             int        *year,
                                             Hit        *h);
gboolean _khoji_dates_try_relative          (Ctx        *c,
                                             guint       i,
                                             Hit        *h);
gboolean _khoji_dates_try_weekday           (Ctx        *c,
                                             guint       i,
                                             Hit        *h);

G_END_DECLS
