/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-entities"

#include "config.h"

#include <string.h>

#include "khoji-entities-private.h"

/* Names in Latin letters that no list knows, in English articles and
 * inside Hindi ones: a run of capitalised words (with joining words such
 * as "of" inside, and initials), less the function words and titles that
 * start it, is
 *  - an organization when a head ends it ("… Institute", "… Council") or
 *    starts it before "of"/"for" ("Ministry of …"), or when it is one
 *    acronym in capitals (IISS) in a line that is not all capitals;
 *  - a place when a place word follows ("Kursk region") or precedes with
 *    "of" ("the city of Kharkiv");
 *  - a person after a title (Dr, Minister), before a verb of saying
 *    ("… said", "… ने"), after initials (J. K. Rowling), or when two or
 *    three words are followed later by its last word alone (a surname).
 * Anything else stays unnamed: a capital alone starts every sentence. */
static gboolean
latin_cap (Ctx   *ctx,
           guint  i)
{
  Word *w = &ctx->words[i];

  return w->latin && !w->deva && w->upper && !w->digit && w->cover < 0;
}

static gboolean
latin_word_is (Ctx    *ctx,
               guint   i,
               ListId  list)
{
  return i < ctx->n_words && ctx->words[i].latin && WORD_IN (list, &ctx->words[i]);
}

/* Whether word i is the start of a sentence (the text's, a line's, or
 * after . ! ? :). */
static gboolean
sentence_start (Ctx   *ctx,
                guint  i)
{
  const char *p;

  if (i == 0)
    return TRUE;
  for (p = ctx->text + ctx->words[i].start; p > ctx->text + ctx->words[i - 1].end; p--)
    {
      char c = p[-1];
      if (c == '.' || c == '!' || c == '?' || c == '\n' || c == ':' || c == '"')
        return ctx->words[i - 1].gap != GAP_INITIAL;
    }
  return FALSE;
}

/* Whether the capitalised word at i also stands alone (not beside
 * another capitalised word, a title aside) somewhere in the text: the
 * folds of such words are gathered once per text. */
static gboolean
recurs_alone (Ctx   *ctx,
              guint  i)
{
  if (ctx->latin_alone == NULL)
    {
      ctx->latin_alone = g_hash_table_new (khoji_text_hash, g_str_equal);
      for (guint k = 0; k < ctx->n_words; k++)
        {
          if (!ctx->words[k].latin || !ctx->words[k].upper)
            continue;
          if (k > 0 && _khoji_entities_joinable (ctx->words[k - 1].gap) && ctx->words[k - 1].latin &&
              ctx->words[k - 1].upper && !latin_word_is (ctx, k - 1, LIST_EN_TITLE) &&
              !sentence_start (ctx, k))
            continue;
          if (k + 1 < ctx->n_words && _khoji_entities_joinable (ctx->words[k].gap) && ctx->words[k + 1].latin &&
              ctx->words[k + 1].upper)
            continue;
          g_hash_table_add (ctx->latin_alone, (gpointer) ctx->words[k].fold);
        }
    }
  return g_hash_table_contains (ctx->latin_alone, ctx->words[i].fold);
}

static void
add_latin_cand (Ctx             *ctx,
                guint            first,
                guint            last,
                KhojiEntityType  type)
{
  g_autofree char *fold = _khoji_entities_join_folds (ctx, first, last, NULL);
  g_autofree char *key = g_strconcat (khoji_entity_type_to_string (type), ":", fold, NULL);
  g_autofree char *name = _khoji_entities_span_text (ctx, first, last);

  _khoji_entities_add_cand (ctx, first, last, type, key, name, name, ORIGIN_RULE);
}

/* The end of a run of capitalised words from word i: initials, and
 * joining words between two capitalised words, included. */
static guint
latin_run_end (Ctx      *ctx,
               guint     i,
               gboolean *has_connector)
{
  guint last = i;

  while (last + 1 < ctx->n_words && _khoji_entities_joinable (ctx->words[last].gap))
    {
      guint next = last + 1;

      if (latin_cap (ctx, next))
        last = next;
      else if (latin_word_is (ctx, next, LIST_EN_CONNECTOR) && !ctx->words[next].upper &&
               ctx->words[next].cover < 0 && next + 1 < ctx->n_words &&
               _khoji_entities_joinable (ctx->words[next].gap) && latin_cap (ctx, next + 1))
        {
          last = next + 1;
          *has_connector = TRUE;
        }
      else
        break;
    }
  return last;
}

/* An organization: its head ends it ("State Disaster Management
 * Authority", "Foreign Ministry"), or starts it before "of". */
static gboolean
latin_org (Ctx      *ctx,
           guint     first,
           guint     last,
           gboolean  has_connector)
{
  if ((latin_word_is (ctx, last, LIST_EN_ORG_HEAD) && last > first) ||
      (latin_word_is (ctx, first, LIST_EN_ORG_HEAD) && has_connector &&
       first + 1 <= last && latin_word_is (ctx, first + 1, LIST_EN_CONNECTOR)))
    {
      add_latin_cand (ctx, first, last, KHOJI_ENTITY_ORGANIZATION);
      return TRUE;
    }
  return FALSE;
}

/* Titles before the name are a cue and no part of it; titles inside the
 * run ("Russian Defence Minister") cut it: the name is after the last
 * one, and a role alone names nobody. FALSE when no name is left. */
static gboolean
latin_strip_titles (Ctx      *ctx,
                    guint    *first,
                    guint     last,
                    gboolean  has_connector,
                    gboolean *titled,
                    guint    *n_initials)
{
  while (*first <= last && latin_word_is (ctx, *first, LIST_EN_TITLE))
    {
      *titled = TRUE;
      (*first)++;
    }
  if (*first > last)
    return FALSE;
  if (*first > 0 && latin_word_is (ctx, *first - 1, LIST_EN_TITLE) &&
      _khoji_entities_joinable (ctx->words[*first - 1].gap))
    *titled = TRUE;
  for (guint k = *first; k <= last; k++)
    if (ctx->words[k].latin && ctx->words[k].n_chars == 1 && ctx->words[k].gap == GAP_INITIAL)
      (*n_initials)++;

  if (latin_word_is (ctx, last, LIST_EN_TITLE))
    return FALSE;
  for (guint k = last; k > *first; k--)
    if (latin_word_is (ctx, k - 1, LIST_EN_TITLE) || latin_word_is (ctx, k - 1, LIST_EN_CONNECTOR))
      {
        if (latin_word_is (ctx, k - 1, LIST_EN_TITLE))
          *titled = TRUE;
        *first = k;
        break;
      }
  if (has_connector && last > *first)
    for (guint k = *first; k <= last; k++)
      if (latin_word_is (ctx, k, LIST_EN_CONNECTOR))
        return FALSE;
  return TRUE;
}

/* A place: a place word after it, or "the city of" before it. Whether
 * the words stand so (a place is taken only when short and not in
 * capitals). */
static gboolean
latin_place (Ctx   *ctx,
             guint  first,
             guint  last)
{
  if (!((last + 1 < ctx->n_words && _khoji_entities_joinable (ctx->words[last].gap) &&
         latin_word_is (ctx, last + 1, LIST_EN_PLACE_CUE) && !ctx->words[last + 1].upper) ||
        (first >= 2 && strcmp (ctx->words[first - 1].fold, "of") == 0 &&
         latin_word_is (ctx, first - 2, LIST_EN_PLACE_CUE) && _khoji_entities_joinable (ctx->words[first - 2].gap))))
    return FALSE;
  if (last - first + 1 <= 3 && !ctx->words[first].all_caps)
    add_latin_cand (ctx, first, last, KHOJI_ENTITY_PLACE);
  return TRUE;
}

/* One acronym in capitals, in a line that is not all capitals. */
static void
latin_acronym (Ctx      *ctx,
               guint     first,
               gboolean  titled)
{
  gboolean caps_line = (first > 0 && ctx->words[first - 1].all_caps &&
                        ctx->words[first - 1].latin) ||
                       (first + 1 < ctx->n_words && ctx->words[first + 1].all_caps &&
                        ctx->words[first + 1].latin);
  /* Between Hindi words a Latin acronym is as often a term (IHL)
   * as a body: there only the gazetteer or a gloss names one. */
  gboolean english = (first > 0 && ctx->words[first - 1].latin) ||
                     (first + 1 < ctx->n_words && ctx->words[first + 1].latin);

  if (ctx->words[first].n_chars >= 2 && ctx->words[first].n_chars <= 6 && english &&
      !caps_line && !latin_word_is (ctx, first, LIST_EN_NOT_ACRONYM) && !titled)
    add_latin_cand (ctx, first, first, KHOJI_ENTITY_ORGANIZATION);
}

/* A person: a title before, a verb of saying after, initials, or a
 * surname that comes back alone. */
static void
latin_person (Ctx      *ctx,
              guint     first,
              guint     last,
              gboolean  titled,
              guint     n_initials)
{
  guint n_words = last - first + 1;
  gboolean says = last + 1 < ctx->n_words &&
                  (ctx->words[last].gap == GAP_SPACE || ctx->words[last].possessive ||
                   ctx->text[ctx->words[last].end] == ',') &&
                  WORD_IN (LIST_EN_SPEECH, &ctx->words[last + 1]);
  gboolean person = FALSE;

  for (guint k = first; k <= last; k++)
    if (ctx->words[k].all_caps && ctx->words[k].n_chars > 1)
      return;
  /* Capitals inside a word (MoJS, iPhone) make no person's name. */
  for (guint k = first; k <= last; k++)
    for (const char *p = ctx->text + ctx->words[k].start + 1;
         p < ctx->text + ctx->words[k].end; p++)
      if (g_ascii_isupper (*p))
        return;
  if (titled || (says && n_words >= 2))
    person = TRUE;
  else if (n_words >= 2 && n_initials > 0 && n_initials < n_words)
    person = TRUE;
  else if (n_words >= 2 && n_words <= 3 && recurs_alone (ctx, last))
    person = TRUE;
  if (person && !(n_words == 1 && sentence_start (ctx, first) && !titled))
    add_latin_cand (ctx, first, last, KHOJI_ENTITY_PERSON);
}

void
_khoji_entities_rule_latin_names (Ctx *ctx)
{
  for (guint i = 0; i < ctx->n_words; i++)
    {
      guint first = i, last, n_initials = 0;
      gboolean titled = FALSE, has_connector = FALSE;

      if (!latin_cap (ctx, i))
        continue;
      last = latin_run_end (ctx, i, &has_connector);
      i = last;
      /* Sentence starters before the name, joining words after it. */
      while (first <= last &&
             (latin_word_is (ctx, first, LIST_EN_FUNCTION) ||
              latin_word_is (ctx, first, LIST_EN_CONNECTOR)))
        first++;
      if (first > last)
        continue;
      while (last > first && latin_word_is (ctx, last, LIST_EN_CONNECTOR))
        last--;
      if (last - first + 1 > 8 || latin_org (ctx, first, last, has_connector))
        continue;
      if (!latin_strip_titles (ctx, &first, last, has_connector, &titled, &n_initials) ||
          latin_place (ctx, first, last))
        continue;
      if (first == last && ctx->words[first].all_caps)
        latin_acronym (ctx, first, titled);
      else if (last - first + 1 <= 4)
        latin_person (ctx, first, last, titled, n_initials);
    }
}
