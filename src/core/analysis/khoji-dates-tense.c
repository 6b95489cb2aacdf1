/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-dates"

#include "config.h"

#include "khoji-dates-private.h"

/* The tense of the clause that holds a date (khoji-dates.c): whether
 * "शुक्रवार" is the Friday past or the one to come. Hindi puts the verb at
 * the end of its clause; perfectives and ने mark the past, -एगा endings,
 * "सकता है" and "होने वाली" the future. */

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
Tense
_khoji_dates_tense_of (Ctx *c, guint first, guint last)
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
