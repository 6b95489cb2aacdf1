/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-entities"

#include "config.h"

#include <string.h>

#include "khoji-entities-private.h"

/* Pass 2 of entity extraction (khoji-entities.c), people: names in no
 * list, by a title, a list of names, speech, family and age, जी, an
 * owner, or a common given name or surname. */

gboolean
_khoji_entities_is_title (const Word *w)
{
  return WORD_IN (LIST_TITLE, w);
}

gboolean
_khoji_entities_name_like (Ctx   *ctx,
                           guint  i)
{
  Word *w = &ctx->words[i];

  if (w->cover >= 0)
    return FALSE;
  if (w->nameish < 0)
    w->nameish = w->deva && !w->digit && w->n_chars >= 2 &&
                 !_khoji_entities_is_stop (ctx, w) && !_khoji_entities_is_title (w) &&
                 w->gz->form == NULL && w->gz->body == NULL;
  return w->nameish;
}

/* The run of name-like words from i, joined by spaces or hyphens; at most
 * `max` words, 0 when the run is longer (no name is that long). */
guint
_khoji_entities_name_run (Ctx   *ctx,
                          guint  i,
                          guint  max)
{
  guint n = 0;

  while (i + n < ctx->n_words && _khoji_entities_name_like (ctx, i + n))
    {
      n++;
      if (!_khoji_entities_joinable (ctx->words[i + n - 1].gap))
        break;
    }
  if (n > max)
    return 0;
  return n;
}

/* What follows a name: punctuation, the end, a postposition. */
gboolean
_khoji_entities_ends_name (Ctx   *ctx,
                           guint  last)
{
  if (last + 1 >= ctx->n_words || !_khoji_entities_joinable (ctx->words[last].gap))
    return TRUE;
  return WORD_IN (LIST_POSTPOSITION, &ctx->words[last + 1]);
}

void
_khoji_entities_add_rule_cand (Ctx             *ctx,
                               guint            first,
                               guint            last,
                               KhojiEntityType  type)
{
  g_autofree char *fold = _khoji_entities_join_folds (ctx, first, last, NULL);
  g_autofree char *key = NULL;
  g_autofree char *name = _khoji_entities_span_text (ctx, first, last);

  /* "भारत मौसम विज्ञान विभाग" and "भारतीय मौसम विज्ञान विभाग" are one body. */
  if (type == KHOJI_ENTITY_ORGANIZATION && g_str_has_prefix (fold, "भारतिय "))
    {
      char *plain = g_strconcat ("भारत ", fold + strlen ("भारतिय "), NULL);
      g_free (fold);
      fold = plain;
    }
  key = g_strconcat (khoji_entity_type_to_string (type), ":", fold, NULL);
  _khoji_entities_add_cand (ctx, first, last, type, key, name, NULL, ORIGIN_RULE);
}

/* Verb forms that end a lone word after a title ("डॉक्टर बनने का"). */
gboolean
_khoji_entities_looks_inflected (const char *fold)
{
  static const char * const endings[] = { "ने", "ना", "ते", "कर", "एगा", "एगि", "ेंगे" };

  for (guint i = 0; i < G_N_ELEMENTS (endings); i++)
    if (g_str_has_suffix (fold, endings[i]))
      return TRUE;
  return FALSE;
}

/* People after a title or honorific: राष्ट्रपति X Y, मंत्री री चांग-डे. */
void
_khoji_entities_rule_titles (Ctx *ctx)
{
  for (guint i = 0; i + 1 < ctx->n_words; i++)
    {
      guint n, hyphens = 0;

      gboolean head_of_org = FALSE;

      /* "इसरो प्रमुख एस सोमनाथ": प्रमुख is a title after an organization
       * (elsewhere it is the adjective "main"). */
      if (i > 0 && _khoji_entities_joinable (ctx->words[i - 1].gap) && ctx->words[i - 1].cover >= 0 &&
          _khoji_entities_cand_at (ctx, ctx->words[i - 1].cover)->type == KHOJI_ENTITY_ORGANIZATION)
        head_of_org = strcmp (ctx->words[i].fold, "प्रमुख") == 0 ||
                      strcmp (ctx->words[i].fold, "चिफ") == 0;
      if ((!head_of_org && !_khoji_entities_is_title (&ctx->words[i])) || !_khoji_entities_joinable (ctx->words[i].gap))
        continue;
      n = _khoji_entities_name_run (ctx, i + 1, 6);
      if (n == 0)
        continue;
      for (guint k = i + 1; k < i + n; k++)
        if (ctx->words[k].gap == GAP_HYPHEN)
          hyphens++;
      /* Arabic names hold particles that do not make them longer:
       * "तमीम बिन हमद अल थानी". */
      for (guint k = i + 2; k < i + n; k++)
        if (WORD_IN (LIST_PARTICLE, &ctx->words[k]))
          hyphens++;
      if (n - hyphens > 3)
        continue;
      /* A lone word after a title is often a noun (प्रधानमंत्री आवास):
       * only a postposition or punctuation right after makes it a name. */
      if (n == 1 && (!_khoji_entities_ends_name (ctx, i + 1) || _khoji_entities_looks_inflected (ctx->words[i + 1].fold)))
        continue;
      _khoji_entities_add_rule_cand (ctx, i + 1, i + n, KHOJI_ENTITY_PERSON);
      i += n;
    }
}

gboolean
_khoji_entities_comma_gap (Ctx   *ctx,
                           guint  i)
{
  gboolean comma = FALSE;

  if (i + 1 >= ctx->n_words)
    return FALSE;
  for (gsize p = ctx->words[i].end; p < ctx->words[i + 1].start; p++)
    {
      char c = ctx->text[p];
      if (c == ',' && !comma)
        comma = TRUE;
      else if (c != ' ')
        return FALSE;
    }
  return comma;
}

/* Names listed after a person are people: "फवाद चौधरी, सैफुल्ला नियाजी
 * और नईम हैदर". Each must be two or three name words closed by a comma,
 * a conjunction or a postposition. */
void
_khoji_entities_rule_person_lists (Ctx *ctx)
{
  for (guint c = 0; c < ctx->cands->len; c++)
    {
      Cand *cand = _khoji_entities_cand_at (ctx, c);
      guint j, n;

      if (cand->dead || cand->type != KHOJI_ENTITY_PERSON)
        continue;
      j = cand->last;
      if (_khoji_entities_comma_gap (ctx, j))
        j = j + 1;
      else if (j + 2 < ctx->n_words && _khoji_entities_joinable (ctx->words[j].gap) &&
               (strcmp (ctx->words[j + 1].fold, "और") == 0 ||
                strcmp (ctx->words[j + 1].fold, "व") == 0 ||
                strcmp (ctx->words[j + 1].fold, "तथा") == 0))
        j = j + 2;
      else
        continue;
      n = _khoji_entities_name_run (ctx, j, 3);
      if (n < 2 || !(_khoji_entities_comma_gap (ctx, j + n - 1) || _khoji_entities_ends_name (ctx, j + n - 1)))
        continue;
      if (_khoji_entities_looks_inflected (ctx->words[j + n - 1].fold))
        continue;
      /* The new candidate goes to the end of the array: the loop reaches
       * it too, and so follows the whole list. */
      _khoji_entities_add_rule_cand (ctx, j, j + n - 1, KHOJI_ENTITY_PERSON);
    }
}

/* Whether the last word of the name words[first..last] comes back alone
 * elsewhere in the text, as people are named again by surname
 * ("हेनरिक क्लासेन ने …, क्लासेन का"); a noun phrase doing a deed
 * ("डिजिटल भुगतान ने") seldom does. */
gboolean
_khoji_entities_surname_recurs (Ctx   *ctx,
                                guint  first,
                                guint  last)
{
  const char *fold = ctx->words[last].fold;

  for (guint k = 0; k < ctx->n_words; k++)
    {
      if (k >= first && k <= last)
        continue;
      if (strcmp (ctx->words[k].fold, fold) != 0)
        continue;
      if (k > 0 && _khoji_entities_joinable (ctx->words[k - 1].gap) &&
          strcmp (ctx->words[k - 1].fold, ctx->words[first].fold) == 0)
        continue;
      if (_khoji_entities_ends_name (ctx, k))
        return TRUE;
    }
  return FALSE;
}

/* "X Y ने कहा": two name words, the agent of a verb of saying. */
void
_khoji_entities_rule_speakers (Ctx *ctx)
{

  for (guint i = 0; i + 2 < ctx->n_words; i++)
    {
      guint n, after;
      gboolean said = FALSE;

      if (i > 0 && _khoji_entities_joinable (ctx->words[i - 1].gap) && _khoji_entities_name_like (ctx, i - 1))
        continue;
      n = _khoji_entities_name_run (ctx, i, 2);
      if (n != 2 || i + n + 1 >= ctx->n_words || !_khoji_entities_joinable (ctx->words[i + 1].gap))
        continue;
      /* "X Y का कहना है" says as much as "X Y ने कहा". */
      if (strcmp (ctx->words[i + n].fold, "का") == 0 &&
          strcmp (ctx->words[i + n + 1].fold, "कहना") == 0)
        said = TRUE;
      /* Film and book credits: "X Y की निर्देशित फिल्म", "X Y द्वारा
       * लिखित". */
      else if ((strcmp (ctx->words[i + n].fold, "कि") == 0 ||
                strcmp (ctx->words[i + n].fold, "के") == 0 ||
                strcmp (ctx->words[i + n].fold, "द्वारा") == 0) &&
               _khoji_entities_joinable (ctx->words[i + n].gap) &&
               WORD_IN (LIST_CREDIT, &ctx->words[i + n + 1]))
        said = TRUE;
      else if (strcmp (ctx->words[i + n].fold, "ने") != 0)
        continue;
      if (_khoji_entities_looks_inflected (ctx->words[i + 1].fold) ||
          g_str_has_suffix (ctx->words[i + 1].fold, "ों") ||
          g_str_has_suffix (ctx->words[i + 1].fold, "ओं") ||
          g_str_has_suffix (ctx->words[i].fold, "िय"))
        continue;
      after = i + n + 1;
      for (guint k = after; k < after + 4 && k < ctx->n_words && !said; k++)
        {
          said = WORD_IN (LIST_SPEECH, &ctx->words[k]);
          if (!_khoji_entities_joinable (ctx->words[k].gap))
            break;
        }
      /* Any deed done by two name words no list knows is a person's
       * ("हेनरिक क्लासेन ने 27 रन बनाए") when both read as names:
       * long enough, not verbs, not plurals. */
      if (!said && strcmp (ctx->words[i + n].fold, "ने") == 0 &&
          ctx->words[i].n_chars >= 3 && ctx->words[i + 1].n_chars >= 3 &&
          !_khoji_entities_looks_inflected (ctx->words[i].fold) &&
          !g_str_has_suffix (ctx->words[i].fold, "ों") &&
          !g_str_has_suffix (ctx->words[i].fold, "ओं") &&
          !g_str_has_suffix (ctx->words[i + 1].fold, "ता") &&
          !WORD_IN (LIST_TITLE, &ctx->words[i]) && _khoji_entities_surname_recurs (ctx, i, i + 1))
        said = TRUE;
      if (said)
        _khoji_entities_add_rule_cand (ctx, i, i + 1, KHOJI_ENTITY_PERSON);
    }
}

static gboolean
age_follows (Ctx   *ctx,
             guint  last)
{
  const char *p = ctx->text + ctx->words[last].end;
  guint digits = 0;

  while (*p == ' ')
    p++;
  if (*p != '(')
    return FALSE;
  for (p++; *p != ')'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (khoji_text_digit_value (c) >= 0)
        digits++;
      else if (c != ' ')
        return FALSE;
    }
  /* An age has one or two digits; a score or a year has more. */
  return digits >= 1 && digits <= 2;
}

/* Local news names people by family and age: "रामू (35) पुत्र श्यामलाल",
 * "सुनीता देवी पत्नी रमेश". Names before an age in parentheses, and
 * around पुत्र/पुत्री/पत्नी, are people. */
void
_khoji_entities_rule_family_and_age (Ctx *ctx)
{
  for (guint i = 0; i < ctx->n_words; i++)
    {
      guint n, last;
      const char *f;

      if (i > 0 && _khoji_entities_joinable (ctx->words[i - 1].gap) && _khoji_entities_name_like (ctx, i - 1))
        continue;
      n = _khoji_entities_name_run (ctx, i, 3);
      if (n == 0)
        continue;
      last = i + n - 1;
      if (age_follows (ctx, last))
        {
          if (n >= 2 || _khoji_entities_ends_name (ctx, last) || !_khoji_entities_joinable (ctx->words[last].gap))
            _khoji_entities_add_rule_cand (ctx, i, last, KHOJI_ENTITY_PERSON);
          i = last;
          continue;
        }
      if (last + 2 >= ctx->n_words || !_khoji_entities_joinable (ctx->words[last].gap))
        continue;
      f = ctx->words[last + 1].fold;
      if (strcmp (f, "पुत्र") != 0 && strcmp (f, "पुत्रि") != 0 && strcmp (f, "पत्नि") != 0)
        continue;
      _khoji_entities_add_rule_cand (ctx, i, last, KHOJI_ENTITY_PERSON);
      i = last;
    }

  /* …and the parent or husband named after पुत्र/पत्नी, once a person
   * (with or without an age) comes before. */
  for (guint k = 1; k + 1 < ctx->n_words; k++)
    {
      const char *f = ctx->words[k].fold;
      guint before = k - 1, m;

      if (strcmp (f, "पुत्र") != 0 && strcmp (f, "पुत्रि") != 0 && strcmp (f, "पत्नि") != 0)
        continue;
      if (ctx->words[before].digit && before > 0)
        before--;
      if (ctx->words[before].cover < 0 ||
          _khoji_entities_cand_at (ctx, ctx->words[before].cover)->type != KHOJI_ENTITY_PERSON ||
          !_khoji_entities_joinable (ctx->words[k].gap))
        continue;
      m = _khoji_entities_name_run (ctx, k + 1, 3);
      if (m > 0)
        _khoji_entities_add_rule_cand (ctx, k + 1, k + m, KHOJI_ENTITY_PERSON);
    }
}

/* "अटल जी ने", "नीतीश जी का": a name before the honorific जी. */
void
_khoji_entities_rule_honorific_ji (Ctx *ctx)
{
  for (guint i = 0; i + 2 < ctx->n_words; i++)
    {
      guint n, last;

      if (i > 0 && _khoji_entities_joinable (ctx->words[i - 1].gap) && _khoji_entities_name_like (ctx, i - 1))
        continue;
      n = _khoji_entities_name_run (ctx, i, 2);
      if (n == 0)
        continue;
      last = i + n - 1;
      if (!_khoji_entities_joinable (ctx->words[last].gap) || strcmp (ctx->words[last + 1].fold, "जि") != 0 ||
          !_khoji_entities_ends_name (ctx, last + 1) || last + 2 >= ctx->n_words ||
          strcmp (ctx->words[last + 2].fold, "जि") == 0)
        {
          i = last;
          continue;
        }
      _khoji_entities_add_rule_cand (ctx, i, last, KHOJI_ENTITY_PERSON);
      i = last;
    }
}

/* "<country> की/के <two name words>" before a postposition is one of its
 * people, in sport and politics alike: "स्कॉटलैंड की क्रिस्टी गिलमोर को". */
void
_khoji_entities_rule_owned_person (Ctx *ctx)
{
  for (guint i = 0; i + 3 < ctx->n_words; i++)
    {
      int c = ctx->words[i].cover;
      const char *f = ctx->words[i + 1].fold;
      Cand *place;

      if (c < 0 || !_khoji_entities_joinable (ctx->words[i].gap) || !_khoji_entities_joinable (ctx->words[i + 1].gap))
        continue;
      place = _khoji_entities_cand_at (ctx, c);
      if (place->type != KHOJI_ENTITY_PLACE || place->adjective || place->last != i)
        continue;
      if (strcmp (f, "कि") != 0 && strcmp (f, "के") != 0 && strcmp (f, "का") != 0)
        continue;
      if (_khoji_entities_name_run (ctx, i + 2, 2) != 2 || i + 4 >= ctx->n_words || !_khoji_entities_joinable (ctx->words[i + 3].gap))
        continue;
      /* Only the doer or the receiver of an act, or one of a list of
       * such people ("पोलैंड के X Y और हंगरी के …"): "गाजा की पूर्ण
       * घेराबंदी के बाद" and "रूस की संसदीय प्रक्रिया में" are things. */
      f = ctx->words[i + 4].fold;
      /* "… X Y और हंगरी के टिबोर कापू भी": the last of such a list. */
      if (!(i >= 2 && strcmp (ctx->words[i - 1].fold, "और") == 0 &&
            ctx->words[i - 2].cover >= 0 &&
            _khoji_entities_cand_at (ctx, ctx->words[i - 2].cover)->type == KHOJI_ENTITY_PERSON) &&
          strcmp (f, "ने") != 0 && strcmp (f, "को") != 0 &&
          !(strcmp (f, "और") == 0 && i + 6 < ctx->n_words && ctx->words[i + 5].cover >= 0 &&
            _khoji_entities_cand_at (ctx, ctx->words[i + 5].cover)->type == KHOJI_ENTITY_PLACE &&
            (strcmp (ctx->words[i + 6].fold, "के") == 0 || strcmp (ctx->words[i + 6].fold, "कि") == 0)))
        continue;
      if (g_str_has_suffix (ctx->words[i + 2].fold, "िय") ||
          g_str_has_suffix (ctx->words[i + 3].fold, "ने") ||
          g_str_has_suffix (ctx->words[i + 3].fold, "ना"))
        continue;
      _khoji_entities_add_rule_cand (ctx, i + 2, i + 3, KHOJI_ENTITY_PERSON);
    }
}

/* People by common given names and surnames: विजय कुमार सिन्हा,
 * फवाद चौधरी. */
void
_khoji_entities_rule_person_names (Ctx *ctx)
{
  for (guint i = 0; i + 1 < ctx->n_words; i++)
    {
      guint n, first_cls, last_cls;

      /* Start at the first word of a run, or at a given name inside one
       * ("नेतृत्व व्लादिमीर मेदिंस्की ने"). */
      if (i > 0 && _khoji_entities_name_like (ctx, i - 1) && _khoji_entities_joinable (ctx->words[i - 1].gap) &&
          !(ctx->words[i].gz->name_class & KHOJI_GZ_GIVEN))
        continue;
      n = _khoji_entities_name_run (ctx, i, 3);
      if (n == 0)
        {
          /* A run too long for one name that ends in a surname ends with a
           * name: "चोटिल प्रतिका रावल की" after words no list knows. */
          guint long_n = _khoji_entities_name_run (ctx, i, G_MAXUINT), last;

          if (long_n <= 3)
            continue;
          last = i + long_n - 1;
          if ((ctx->words[last].gz->name_class & KHOJI_GZ_SURNAME) &&
              _khoji_entities_ends_name (ctx, last) && !_khoji_entities_looks_inflected (ctx->words[last - 1].fold))
            _khoji_entities_add_rule_cand (ctx, last - 1, last, KHOJI_ENTITY_PERSON);
          i = last;
          continue;
        }
      if (n < 2)
        continue;
      first_cls = ctx->words[i].gz->name_class;
      last_cls = ctx->words[i + n - 1].gz->name_class;
      /* Three words need a given name first: in "शब्द शेफाली वर्मा" the
       * name starts at the second. */
      if (n == 3 && !(first_cls & KHOJI_GZ_GIVEN) &&
          (ctx->words[i + 1].gz->name_class & KHOJI_GZ_GIVEN) &&
          !WORD_IN (LIST_MIDDLE, &ctx->words[i + 1]))
        continue;
      if (((first_cls & KHOJI_GZ_GIVEN) && (last_cls & KHOJI_GZ_SURNAME)) ||
          ((last_cls & KHOJI_GZ_SURNAME) && _khoji_entities_ends_name (ctx, i + n - 1)) ||
          ((first_cls & KHOJI_GZ_GIVEN) && i + n < ctx->n_words &&
           strcmp (ctx->words[i + n].fold, "ने") == 0))
        {
          _khoji_entities_add_rule_cand (ctx, i, i + n - 1, KHOJI_ENTITY_PERSON);
          i += n - 1;
        }
    }
}

/* A three-word run whose last two words name a person found elsewhere in
 * the text starts one word late: "यह शब्द शेफाली वर्मा के" after
 * "शेफाली वर्मा और". */
void
_khoji_entities_trim_person_runs (Ctx *ctx)
{
  g_autoptr(GHashTable) pairs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint c = 0; c < ctx->cands->len; c++)
    {
      Cand *cand = _khoji_entities_cand_at (ctx, c);
      if (!cand->dead && cand->type == KHOJI_ENTITY_PERSON && cand->last == cand->first + 1)
        g_hash_table_add (pairs, _khoji_entities_join_folds (ctx, cand->first, cand->last, NULL));
    }
  for (guint c = 0; c < ctx->cands->len; c++)
    {
      Cand *cand = _khoji_entities_cand_at (ctx, c);
      g_autofree char *tail = NULL;
      guint first, last;

      if (cand->dead || cand->origin != ORIGIN_RULE || cand->type != KHOJI_ENTITY_PERSON ||
          cand->last != cand->first + 2)
        continue;
      tail = _khoji_entities_join_folds (ctx, cand->first + 1, cand->last, NULL);
      if (!g_hash_table_contains (pairs, tail))
        continue;
      first = cand->first + 1;
      last = cand->last;
      _khoji_entities_kill_cand (ctx, c);
      _khoji_entities_add_rule_cand (ctx, first, last, KHOJI_ENTITY_PERSON);
    }
}
