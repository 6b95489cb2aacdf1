/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-entities"

#include "config.h"

#include <string.h>

#include "khoji-entities-private.h"

/* Passes 2 and 3 of entity extraction (khoji-entities.c): organizations
 * by their heads, initials, datelines, campuses, consonant skeletons,
 * place cues and suffixes; then the links inside the article: glosses in
 * parentheses, aliases and lone parts of full names. */

static gboolean is_deva_acronym (const char *fold);
static guint deva_letter_count (const char *fold);

/* English names in Devanagari go on after the head: "नेशनल सेंटर फॉर
 * सिस्मोलॉजी", "इंडियन इंस्टीट्यूट ऑफ साइंस". Returns the last word. */
static guint
extend_loan_name (Ctx *ctx,
                  guint index)
{
  Cand *cand = _khoji_entities_cand_at (ctx, index);
  guint h = cand->last, n;
  const char *f;

  if (h + 2 >= ctx->n_words || !_khoji_entities_joinable (ctx->words[h].gap))
    return h;
  f = ctx->words[h + 1].fold;
  if (strcmp (f, "फार") != 0 && strcmp (f, "आफ") != 0)
    return h;
  n = _khoji_entities_name_run (ctx, h + 2, 2);
  if (n == 0 || !_khoji_entities_ends_name (ctx, h + 1 + n))
    return h;
  {
    guint first = cand->first;
    _khoji_entities_kill_cand (ctx, index);
    _khoji_entities_add_rule_cand (ctx, first, h + 1 + n, KHOJI_ENTITY_ORGANIZATION);
  }
  return h + 1 + n;
}

/* Organizations by their head word: मौद्रिक नीति समिति, पटना हाई कोर्ट.
 * A head (कोर्ट, समिति, कंपनी) takes the words before it that may modify
 * it, and the place or known name that owns the body; the steps below
 * share what they found in an OrgHead. */
typedef struct {
  guint    h;           /* the head word */
  gboolean weak;        /* a head that often only describes: कंपनी, समिति */
  gboolean corporate;   /* an English company head: संस, इंडिया, एक्सप्रेस */
  guint    first;       /* the name's first word */
  guint    modifiers;   /* words taken before the head */
  guint    specific;    /* of them, words that are no stopword (and the owner) */
  int      place;       /* the candidate that owns the body, or -1 */
} OrgHead;

/* Whether word h may head an organization's name. */
static gboolean
org_head_at (Ctx     *ctx,
             OrgHead *o)
{
  guint h = o->h;
  Word *head = &ctx->words[h];

  o->weak = WORD_IN (LIST_WEAK_HEAD, head);
  o->corporate = WORD_IN (LIST_CORPORATE, head);
  /* "बंबई शेयर बाजार" is an exchange; any other बाजार is a market. */
  if (strcmp (head->fold, "बाजार") == 0 && h >= 2 && _khoji_entities_joinable (ctx->words[h - 1].gap) &&
      strcmp (ctx->words[h - 1].fold, "शेयर") == 0 && _khoji_entities_joinable (ctx->words[h - 2].gap) &&
      ctx->words[h - 2].cover >= 0 &&
      _khoji_entities_cand_at (ctx, ctx->words[h - 2].cover)->type == KHOJI_ENTITY_PLACE &&
      !_khoji_entities_cand_at (ctx, ctx->words[h - 2].cover)->adjective)
    o->corporate = TRUE;
  /* A corporate head a known name took for itself (इंडिया, Air India)
   * is still a head after other words: हॉकी इंडिया. */
  if (o->corporate && head->cover >= 0)
    {
      Cand *own = _khoji_entities_cand_at (ctx, head->cover);
      if (own->first == h && own->last == h && own->type == KHOJI_ENTITY_PLACE &&
          ctx->words[h - 1].cover < 0 && _khoji_entities_joinable (ctx->words[h - 1].gap) &&
          ctx->words[h - 1].deva && !_khoji_entities_is_stop (ctx, &ctx->words[h - 1]) &&
          !_khoji_entities_is_title (&ctx->words[h - 1]) && _khoji_entities_lookup_demonym (ctx, h - 1, h - 1) == NULL &&
          /* "टीम इंडिया" is India's side, named by its country */
          !WORD_IN (LIST_WEAK_HEAD, &ctx->words[h - 1]))
        _khoji_entities_kill_cand (ctx, head->cover);
    }
  return head->cover < 0 && (o->weak || o->corporate || WORD_IN (LIST_STRONG_HEAD, head));
}

/* "ग्राउंड हैंडलिंग कंपनी एआईएसएटीएस": a weak head right before an
 * acronym describes the company the acronym names. Whether that was so. */
static gboolean
org_acronym_after (Ctx           *ctx,
                   const OrgHead *o)
{
  guint h = o->h;

  if (!(o->weak && h + 1 < ctx->n_words && _khoji_entities_joinable (ctx->words[h].gap) &&
        ctx->words[h + 1].deva && is_deva_acronym (ctx->words[h + 1].fold)))
    return FALSE;
  if (ctx->words[h + 1].cover < 0 &&
      (_khoji_entities_ends_name (ctx, h + 1) || WORD_IN (LIST_FUNCTION, &ctx->words[h + 2])))
    _khoji_entities_add_rule_cand (ctx, h + 1, h + 1, KHOJI_ENTITY_ORGANIZATION);
  return TRUE;
}

/* The words before the head that modify it, at most five. */
static void
org_gather_modifiers (Ctx     *ctx,
                      OrgHead *o)
{
  const char *p = ctx->text + ctx->words[o->h].end;
  gboolean paren_after;

  while (*p == ' ')
    p++;
  paren_after = *p == '(';
  while (o->first > 0 && o->modifiers < 5)
    {
      Word *w = &ctx->words[o->first - 1];

      /* "निवेश और सार्वजनिक परिसंपत्ति प्रबंधन विभाग (दीपम)": a name
       * its acronym follows may hold a conjunction. */
      if (paren_after && o->modifiers > 0 && o->first >= 2 && _khoji_entities_joinable (w->gap) &&
          (strcmp (w->fold, "और") == 0 || strcmp (w->fold, "एवं") == 0 ||
           strcmp (w->fold, "तथा") == 0) &&
          _khoji_entities_joinable (ctx->words[o->first - 2].gap) && ctx->words[o->first - 2].cover < 0 &&
          ctx->words[o->first - 2].deva && !WORD_IN (LIST_FUNCTION, &ctx->words[o->first - 2]))
        {
          o->first--;
          o->modifiers++;
          continue;
        }
      if (!_khoji_entities_joinable (w->gap) || w->cover >= 0 || (!w->deva && !w->upper) || w->digit ||
          WORD_IN (LIST_FUNCTION, w) || _khoji_entities_is_title (w))
        break;
      if (_khoji_entities_lookup_demonym (ctx, o->first - 1, o->first - 1) != NULL)
        break;
      o->first--;
      o->modifiers++;
      if (!w->gz->stopword)
        o->specific++;
    }
}

/* The place or known name right before the modifiers that owns the body. */
static void
org_find_owner (Ctx     *ctx,
                OrgHead *o)
{
  /* A place right before the modifiers names the body: पटना हाई कोर्ट;
   * before a strong head alone too: बिहार पुलिस, पटना विश्वविद्यालय. */
  if (o->first > 0 && (o->modifiers > 0 || !o->weak) && _khoji_entities_joinable (ctx->words[o->first - 1].gap))
    {
      int c = ctx->words[o->first - 1].cover;
      if (c >= 0 && !_khoji_entities_cand_at (ctx, c)->adjective &&
          _khoji_entities_cand_at (ctx, c)->type == KHOJI_ENTITY_PLACE &&
          _khoji_entities_cand_at (ctx, c)->last == o->first - 1)
        {
          o->place = c;
          o->specific++;
        }
    }
  /* "कंपनी दाहरा ग्लोबल … सर्विसेज": the word that introduces a
   * company's name is no part of it. */
  while (o->modifiers > 1 && WORD_IN (LIST_WEAK_HEAD, &ctx->words[o->first]))
    {
      o->first++;
      o->modifiers--;
      if (!ctx->words[o->first - 1].gz->stopword && o->specific > 0)
        o->specific--;
    }
  /* A known name right before an English company head is the
   * company's first word: टाटा संस, एयर इंडिया एक्सप्रेस. */
  if (o->corporate && o->place < 0 && o->first > 0 && _khoji_entities_joinable (ctx->words[o->first - 1].gap) &&
      ctx->words[o->first - 1].cover >= 0)
    {
      int c = ctx->words[o->first - 1].cover;
      Cand *known = _khoji_entities_cand_at (ctx, c);
      if (known->last == o->first - 1 && !known->adjective &&
          (known->type != KHOJI_ENTITY_PERSON || known->first == known->last))
        {
          o->place = c;
          o->specific++;
        }
    }
}

/* Whether the head and its modifiers describe rather than name. */
static gboolean
org_names_nothing (Ctx           *ctx,
                   const OrgHead *o)
{
  if ((o->modifiers == 0 && o->place < 0) || (o->weak && o->specific < 2) ||
      (!o->weak && o->specific < 1 && o->modifiers < 2))
    return TRUE;
  /* "एयरपोर्ट की ग्राउंड हैंडलिंग कंपनी", "एक निजी कंपनी": after a
   * genitive or a determiner a weak head describes, it names nothing. */
  if (o->weak && o->place < 0 && o->first > 0 && _khoji_entities_joinable (ctx->words[o->first - 1].gap))
    {
      const char *f = ctx->words[o->first - 1].fold;
      if (strcmp (f, "कि") == 0 || strcmp (f, "का") == 0 || strcmp (f, "के") == 0 ||
          strcmp (f, "एक") == 0 || strcmp (f, "इस") == 0 || strcmp (f, "उस") == 0 ||
          strcmp (f, "किसि") == 0 || strcmp (f, "यह") == 0 || strcmp (f, "वह") == 0)
        return TRUE;
    }
  /* "बिहार पुलिस" is a force; "हसनगंज कोतवाली पुलिस" is a police
   * station's men, named after their town. */
  return o->modifiers > 0 && strcmp (ctx->words[o->h].fold, "पुलिस") == 0;
}

/* A body the gazetteer knows (विदेश मंत्रालय): alone it is the
 * gazetteer's to find; after a place it is that place's. Whether the
 * words were such a body. */
static gboolean
org_owned_body (Ctx           *ctx,
                const OrgHead *o)
{
  g_autofree char *key = _khoji_entities_join_folds (ctx, o->first, o->h, NULL);
  const KhojiGzEntity *body = _khoji_gazetteer_lookup_body (ctx->gz, key);

  if (body == NULL)
    return FALSE;
  if (o->place >= 0)
    {
      /* "पाकिस्तान विदेश मंत्रालय" is the owned body, keyed as
       * "पाकिस्तान के विदेश मंत्रालय" is. */
      Cand *owner = _khoji_entities_cand_at (ctx, o->place);
      g_autofree char *latin = g_strdup_printf ("%s of %s", body->latin, owner->latin);
      g_autofree char *lower = g_utf8_strdown (latin, -1);
      g_autofree char *ekey = g_strconcat ("organization:", lower, NULL);
      guint start = owner->first;
      g_autofree char *name = _khoji_entities_span_text (ctx, start, o->h);

      _khoji_entities_kill_cand (ctx, o->place);
      _khoji_entities_add_cand (ctx, start, o->h, KHOJI_ENTITY_ORGANIZATION, ekey, name, latin, ORIGIN_RULE);
    }
  return TRUE;
}

/* The organization from its first word (or its owner's) to the head. */
static void
org_add (Ctx     *ctx,
         OrgHead *o)
{
  guint first = o->first, h = o->h;

  /* A demonym before a named body is part of its name: यूरोपीय
   * अंतरिक्ष एजेंसी (but not रूसी समाचार एजेंसी, which names nothing). */
  if (o->place < 0 && o->specific > 0 && first > 0 && _khoji_entities_joinable (ctx->words[first - 1].gap))
    {
      int c = ctx->words[first - 1].cover;
      if (c >= 0 && _khoji_entities_cand_at (ctx, c)->adjective && _khoji_entities_cand_at (ctx, c)->first == first - 1 &&
          _khoji_entities_cand_at (ctx, c)->last == first - 1)
        o->place = c;
    }
  if (o->place >= 0)
    {
      Cand *known = _khoji_entities_cand_at (ctx, o->place);
      g_autofree char *rest = _khoji_entities_span_text (ctx, known->last + 1, h);
      g_autofree char *rest_latin = khoji_gazetteer_to_latin (ctx->gz, rest);
      /* "चीन स्टील": a known place keeps its Latin spelling (China
       * Steel, not Chin Steel); a demonym is spelt as written, and a
       * company's short name ("Jio") may not start its full one. */
      g_autofree char *latin = known->latin != NULL && !known->adjective &&
                               known->type == KHOJI_ENTITY_PLACE
                               ? g_strdup_printf ("%s %s", known->latin, rest_latin) : NULL;
      int c;

      first = known->first;
      _khoji_entities_kill_cand (ctx, o->place);
      _khoji_entities_add_rule_cand (ctx, first, h, KHOJI_ENTITY_ORGANIZATION);
      c = (int) ctx->cands->len - 1;
      if (latin != NULL && _khoji_entities_cand_at (ctx, c)->first == first && _khoji_entities_cand_at (ctx, c)->latin == NULL)
        _khoji_entities_cand_at (ctx, c)->latin = g_steal_pointer (&latin);
    }
  else
    _khoji_entities_add_rule_cand (ctx, first, h, KHOJI_ENTITY_ORGANIZATION);
}

void
_khoji_entities_rule_org_heads (Ctx *ctx)
{
  for (guint h = 1; h < ctx->n_words; h++)
    {
      OrgHead o = { .h = h, .first = h, .place = -1 };

      if (!org_head_at (ctx, &o) || org_acronym_after (ctx, &o))
        continue;
      org_gather_modifiers (ctx, &o);
      org_find_owner (ctx, &o);
      if (org_names_nothing (ctx, &o) || org_owned_body (ctx, &o))
        continue;
      org_add (ctx, &o);
      h = extend_loan_name (ctx, ctx->cands->len - 1);
    }
}

/* Whether word i starts a clause: the text's start, after punctuation or
 * a line break, or after a conjunction. */
static gboolean
clause_start (Ctx   *ctx,
              guint  i)
{
  const char *f;

  if (i == 0 || !_khoji_entities_joinable (ctx->words[i - 1].gap))
    return TRUE;
  f = ctx->words[i - 1].fold;
  return strcmp (f, "और") == 0 || strcmp (f, "व") == 0 || strcmp (f, "तथा") == 0 ||
         strcmp (f, "एवं") == 0;
}

/* Indian names with initials: "एचडी देवेगौड़ा", "जेआरडी टाटा", "के
 * कविता". Initials run together are an acronym of letter names before one
 * or two name words and a postposition. A lone letter name is often a
 * postposition itself (के): it is an initial only at a clause's start, or
 * after a title when the name is the doer ("अध्यक्ष के राधाकृष्णन ने"),
 * never in "राष्ट्रपति के भाषण में". */
void
_khoji_entities_rule_initials (Ctx *ctx)
{
  for (guint i = 0; i + 1 < ctx->n_words; i++)
    {
      Word *w = &ctx->words[i];
      gboolean single, ok;
      guint n, last;
      int alias = -1;

      if (w->cover >= 0 || !w->deva || !_khoji_entities_joinable (w->gap))
        continue;
      single = WORD_IN (LIST_LETTER, w);
      /* A common word is no acronym, though its letters may spell one
       * (इसी reads as the letters ई सी). */
      if (!single && (w->n_chars > 9 || !is_deva_acronym (w->fold) || _khoji_entities_is_stop (ctx, w)))
        continue;
      /* A letter a hyphen joins to a word is a prefix: ई-पंचायत, सी-प्लेन. */
      if (single && w->gap == GAP_HYPHEN)
        continue;
      /* The surname may have been taken as a lone part of another
       * person's name (टाटा after रतन टाटा): a different person. */
      if (ctx->words[i + 1].cover >= 0)
        {
          Cand *c = _khoji_entities_cand_at (ctx, ctx->words[i + 1].cover);
          if (c->origin != ORIGIN_ALIAS || c->type != KHOJI_ENTITY_PERSON || c->first != c->last)
            continue;
          alias = ctx->words[i + 1].cover;
          _khoji_entities_kill_cand (ctx, alias);
        }
      n = _khoji_entities_name_run (ctx, i + 1, 2);
      last = i + n;
      ok = n >= 1 && ctx->words[last].n_chars >= 3 && _khoji_entities_ends_name (ctx, last) &&
           !_khoji_entities_looks_inflected (ctx->words[last].fold);
      /* "जी हां" is a reply: a name after a lone letter is a long word. */
      if (ok && single)
        ok = ctx->words[i + 1].n_chars >= 4;
      /* Run-together letters are as often an acronym before a noun
       * ("एफआईआर दर्ज", "ओबीसी आरक्षण"): initials only after a title,
       * before a known given name or surname, or as two letters whose
       * surname comes back alone in the text (एसएस राजामौली … राजामौली). */
      if (ok && !single)
        {
          guint letters = deva_letter_count (w->fold);
          gboolean titled = i > 0 && _khoji_entities_joinable (ctx->words[i - 1].gap) &&
                            (_khoji_entities_is_title (&ctx->words[i - 1]) ||
                             (i >= 2 && strcmp (ctx->words[i - 1].fold, "प्रमुख") == 0 &&
                              ctx->words[i - 2].cover >= 0 &&
                              _khoji_entities_cand_at (ctx, ctx->words[i - 2].cover)->type == KHOJI_ENTITY_ORGANIZATION));
          ok = titled || ctx->words[i + 1].gz->name_class != 0 ||
               (letters == 2 && _khoji_entities_surname_recurs (ctx, i + 1, last));
        }
      if (ok && single)
        {
          const char *next = last + 1 < ctx->n_words && _khoji_entities_joinable (ctx->words[last].gap)
                             ? ctx->words[last + 1].fold : NULL;
          gboolean after_title = i > 0 &&
                                 (_khoji_entities_is_title (&ctx->words[i - 1]) ||
                                  /* "इसरो प्रमुख के राधाकृष्णन" */
                                  (i >= 2 && strcmp (ctx->words[i - 1].fold, "प्रमुख") == 0 &&
                                   ctx->words[i - 2].cover >= 0 &&
                                   _khoji_entities_cand_at (ctx, ctx->words[i - 2].cover)->type == KHOJI_ENTITY_ORGANIZATION));
          /* के is a postposition far more often than an initial: at a
           * clause's start too ("… , के प्रकाशन"), and after a title
           * ("राष्ट्रपति के विपरीत"), unless the labeller sees a name
           * there or a listed given name or surname follows ("नेता के
           * कविता"). */
          gboolean homograph = WORD_IN (LIST_FUNCTION, w) &&
                               !_khoji_entities_model_says_name (ctx, i, last) &&
                               ctx->words[i + 1].gz->name_class == 0;
          ok = !homograph &&
               (clause_start (ctx, i) ||
                (after_title && ctx->words[last].n_chars >= 5 &&
                 (next == NULL || strcmp (next, "ने") == 0 || strcmp (next, "कि") == 0 ||
                  strcmp (next, "का") == 0 || strcmp (next, "को") == 0)));
        }
      if (!ok)
        {
          if (alias >= 0)
            {
              Cand *c = _khoji_entities_cand_at (ctx, alias);
              c->dead = FALSE;
              ctx->words[c->first].cover = alias;
            }
          continue;
        }
      _khoji_entities_add_rule_cand (ctx, i, last, KHOJI_ENTITY_PERSON);
      i = last;
    }
}

/* A dateline names the place the report was filed from: "ब्रिजटाउन, 30
 * जून" at the start of a line is a place whatever list knows it. */
void
_khoji_entities_rule_dateline (Ctx *ctx)
{
  for (guint i = 0; i + 3 < ctx->n_words; i++)
    {
      guint n, last;
      gboolean line_start = i == 0;

      if (i > 0)
        for (gsize p = ctx->words[i - 1].end; p < ctx->words[i].start; p++)
          if (ctx->text[p] == '\n')
            line_start = TRUE;
      if (!line_start)
        continue;
      n = _khoji_entities_name_run (ctx, i, 2);
      if (n == 0)
        continue;
      last = i + n - 1;
      if (last + 2 >= ctx->n_words || !_khoji_entities_comma_gap (ctx, last) || !ctx->words[last + 1].digit ||
          !WORD_IN (LIST_MONTH, &ctx->words[last + 2]))
        continue;
      _khoji_entities_add_rule_cand (ctx, i, last, KHOJI_ENTITY_PLACE);
    }
}

/* Institutions with campuses in many towns are named by town: "आईआईटी
 * दिल्ली", "एम्स भोपाल" are one institute each, and the town is no place
 * of the story. */
static const char * const campus_systems[][2] = {
  { "Indian Institute of Technology", "IIT" }, { "Indian Institute of Management", "IIM" },
  { "All India Institute of Medical Sciences", "AIIMS" },
  { "National Institute of Technology", "NIT" },
  { "Indian Institute of Science Education and Research", "IISER" },
  { "Indian Institute of Information Technology", "IIIT" },
};

void
_khoji_entities_rule_campuses (Ctx *ctx)
{
  for (guint i = 0; i + 1 < ctx->n_words; i++)
    {
      int oc = ctx->words[i].cover, pc = ctx->words[i + 1].cover;
      Cand *org, *town;
      const char *system = NULL;

      if (oc < 0 || pc < 0 || oc == pc || !_khoji_entities_joinable (ctx->words[i].gap))
        continue;
      org = _khoji_entities_cand_at (ctx, oc);
      town = _khoji_entities_cand_at (ctx, pc);
      if (org->type != KHOJI_ENTITY_ORGANIZATION || org->latin == NULL || org->last != i ||
          town->type != KHOJI_ENTITY_PLACE || town->adjective || town->first != i + 1)
        continue;
      for (guint k = 0; k < G_N_ELEMENTS (campus_systems); k++)
        if (strcmp (org->latin, campus_systems[k][0]) == 0)
          system = campus_systems[k][1];
      if (system == NULL)
        continue;
      {
        guint first = org->first, last = town->last;
        g_autofree char *town_latin = town->latin ? g_strdup (town->latin)
                                                  : khoji_gazetteer_to_latin (ctx->gz, town->name);
        g_autofree char *latin = g_strdup_printf ("%s %s", system, town_latin);
        g_autofree char *lower = g_utf8_strdown (latin, -1);
        g_autofree char *key = g_strconcat ("organization:", lower, NULL);
        g_autofree char *name = _khoji_entities_span_text (ctx, first, last);
        _khoji_entities_kill_cand (ctx, oc);
        _khoji_entities_kill_cand (ctx, pc);
        _khoji_entities_add_cand (ctx, first, last, KHOJI_ENTITY_ORGANIZATION, key, name, latin, ORIGIN_RULE);
        i = last;
      }
    }
}

/* Known places and people spelt with other vowels (जोहानिसबर्ग for
 * जोहान्सबर्ग, लॉस एंजिल्स for लॉस एंजेलिस): the gazetteer's consonant
 * skeletons, tried on words no exact form took. */
void
_khoji_entities_rule_skeletons (Ctx *ctx)
{
  for (guint i = 0; i < ctx->n_words; i++)
    {
      g_autofree char *first = NULL;

      if (ctx->words[i].cover >= 0 || !ctx->words[i].deva || _khoji_entities_is_stop (ctx, &ctx->words[i]) ||
          _khoji_entities_is_title (&ctx->words[i]))
        continue;
      first = _khoji_gazetteer_skeleton (ctx->words[i].fold, NULL);
      if (first == NULL || !_khoji_gazetteer_is_skeleton_first (ctx->gz, first))
        continue;
      for (guint n = 3; n >= 1; n--)
        {
          guint last = i + n - 1;
          gboolean ok = last < ctx->n_words;
          g_autofree char *key = NULL;
          g_autofree char *skel = NULL;
          const KhojiGzEntity *e;

          for (guint k = i; ok && k <= last; k++)
            ok = ctx->words[k].cover < 0 && ctx->words[k].deva &&
                 !WORD_IN (LIST_FUNCTION, &ctx->words[k]) && (k == last || _khoji_entities_joinable (ctx->words[k].gap));
          if (!ok)
            continue;
          key = _khoji_entities_join_folds (ctx, i, last, NULL);
          skel = _khoji_gazetteer_skeleton (key, NULL);
          e = skel ? _khoji_gazetteer_lookup_skeleton (ctx->gz, skel) : NULL;
          if (e == NULL)
            continue;
          g_debug ("“%s” found by its consonants as %s", key, e->key);
          _khoji_entities_add_cand (ctx, i, last, e->type, e->key, e->name, e->latin, ORIGIN_GAZETTEER);
          i = last;
          break;
        }
    }
}

/* Places by a cue after them: दिपायल शहर, गया जिले. */
void
_khoji_entities_rule_place_cues (Ctx *ctx)
{
  for (guint i = 0; i + 1 < ctx->n_words; i++)
    {
      if (!_khoji_entities_name_like (ctx, i) || !_khoji_entities_joinable (ctx->words[i].gap) ||
          !WORD_IN (LIST_PLACE_CUE, &ctx->words[i + 1]))
        continue;
      if (i > 0 && _khoji_entities_joinable (ctx->words[i - 1].gap) && _khoji_entities_name_like (ctx, i - 1))
        continue;
      _khoji_entities_add_rule_cand (ctx, i, i, KHOJI_ENTITY_PLACE);
    }
}

static gboolean
is_latin_title (const char *folded)
{
  static const char * const latin_titles[] = {
    "president", "prime", "minister", "pm", "cm", "chief", "governor", "justice",
    "dr", "mr", "mrs", "ms", "shri", "smt", "general", "secretary", "judge",
    "captain", "deputy", "former", "leader", "spokesperson", "ambassador",
  };
  for (guint i = 0; i < G_N_ELEMENTS (latin_titles); i++)
    if (strcmp (folded, latin_titles[i]) == 0)
      return TRUE;
  return FALSE;
}

/* How many letter names spell a folded word (एनएमसी: 3), 0 when it is
 * not spelt of letter names. */
static guint
deva_letter_count (const char *fold)
{
  static GOnce once = G_ONCE_INIT;
  const LetterName *letters = g_once (&once, (GThreadFunc) _khoji_entities_fold_letters, NULL);
  const char *p = fold;
  guint n = 0;

  while (*p)
    {
      /* Most words stop at their first letter: a name whose first
       * character differs is rejected without comparing strings. */
      gunichar c = g_utf8_get_char (p);
      gsize best = 0;

      for (guint i = 0; i < N_LETTER_NAMES; i++)
        if (letters[i].first == c && letters[i].len > best &&
            strncmp (p, letters[i].fold, letters[i].len) == 0)
          best = letters[i].len;
      if (best == 0)
        return 0;
      p += best;
      n++;
    }
  return n;
}

/* Whether a folded word is spelt out of letter names: एनएमसी, आईएएनएस. */
static gboolean
is_deva_acronym (const char *fold)
{
  return deva_letter_count (fold) >= 2;
}

/* A Latin gloss names the same thing when it is an acronym in capitals,
 * spells the entity's Latin name (पाकिस्तान (pakistan)), or has as many
 * words with the same initials as the name it follows
 * (सम्राट चौधरी (Samrat Choudhary)); "(File Photo)" does none. */
static gboolean
latin_gloss_fits (Ctx   *ctx,
                  Cand  *cand,
                  guint  first,
                  guint  last)
{
  g_autofree char *gloss = _khoji_entities_join_folds (ctx, first, last, NULL);
  g_autofree char *latin = NULL;
  g_autofree char *latin_fold = NULL;
  g_auto(GStrv) gloss_words = NULL;
  g_auto(GStrv) latin_words = NULL;
  guint n_gloss, n_latin, misses = 0;

  if (first == last && ctx->words[first].upper && ctx->words[first].n_chars >= 2)
    {
      /* An acronym: two capitals or more (KCNA, MoJS), not a word (File). */
      guint capitals = 0;
      for (gsize p = ctx->words[first].start; p < ctx->words[first].end; p++)
        if (g_ascii_isupper (ctx->text[p]))
          capitals++;
      if (capitals >= 2)
        return TRUE;
    }
  latin = cand->latin ? g_strdup (cand->latin) : khoji_gazetteer_to_latin (ctx->gz, cand->name);
  latin_fold = g_utf8_casefold (latin, -1);
  if (strcmp (latin_fold, gloss) == 0)
    return TRUE;
  if (!ctx->words[first].upper)
    return FALSE;
  gloss_words = g_strsplit (gloss, " ", -1);
  latin_words = g_strsplit_set (latin_fold, " -", -1);
  n_gloss = g_strv_length (gloss_words);
  n_latin = g_strv_length (latin_words);
  /* (Netanyahu) after बेंजामिन नेतन्याहू: the surname alone. */
  if (n_gloss < n_latin)
    {
      g_autofree char *tail = g_strjoinv (" ", latin_words + (n_latin - n_gloss));
      return strcmp (tail, gloss) == 0;
    }
  if (n_gloss != n_latin || n_gloss != cand->last - cand->first + 1)
    return FALSE;
  /* Transliteration spells by sound (Kort for Court): the first initial
   * must agree and at most one other may differ. */
  if (gloss_words[0][0] != latin_words[0][0])
    return FALSE;
  for (guint i = 1; i < n_gloss; i++)
    if (gloss_words[i][0] != latin_words[i][0])
      misses++;
  return misses <= 1 && (n_gloss > 1 || misses == 0);
}

/* Indian place names end in a few words for town and fort: शाहजहांपुर,
 * फतेहाबाद, हसनगंज, रामगढ़. An unknown word so built is a place, unless
 * it is a known surname (कपूर, भटनागर). */
void
_khoji_entities_rule_place_suffixes (Ctx *ctx)
{
  static const char * const suffixes[] = {
    "पुर", "पुरा", "बाद", "गढ", "नगर", "गंज", "गांव", "कोट", "घाट", "सराय", "पट्टनम",
  };

  for (guint i = 0; i < ctx->n_words; i++)
    {
      Word *w = &ctx->words[i];
      gboolean place = FALSE;

      if (w->n_chars < 5 || !_khoji_entities_name_like (ctx, i) ||
          w->gz->name_class != 0)
        continue;
      for (guint k = 0; k < G_N_ELEMENTS (suffixes) && !place; k++)
        place = g_str_has_suffix (w->fold, suffixes[k]) &&
                strlen (w->fold) >= strlen (suffixes[k]) + 6;
      /* Part of a longer unknown name (रामपुर तिराहा) is left alone. */
      if (!place || (i > 0 && _khoji_entities_joinable (ctx->words[i - 1].gap) && _khoji_entities_name_like (ctx, i - 1)) ||
          (i + 1 < ctx->n_words && _khoji_entities_joinable (w->gap) && _khoji_entities_name_like (ctx, i + 1) &&
           !WORD_IN (LIST_PLACE_CUE, &ctx->words[i + 1])))
        continue;
      _khoji_entities_add_rule_cand (ctx, i, i, KHOJI_ENTITY_PLACE);
    }
}

/* "NAME (ALIAS)": the alias is the same entity, here and later. */
void
_khoji_entities_rule_parentheses (Ctx *ctx)
{
  guint n_cands = ctx->cands->len;

  for (guint c = 0; c < n_cands; c++)
    {
      Cand *cand = _khoji_entities_cand_at (ctx, c);
      const char *p, *open, *close;
      guint first, last;
      gboolean acronym_like = TRUE;

      if (cand->dead)
        continue;
      p = ctx->text + ctx->words[cand->last].end;
      while (*p == ' ')
        p++;
      if (*p != '(')
        continue;
      open = p;
      close = strchr (open, ')');
      if (close == NULL || close - open > 120)
        continue;
      first = cand->last + 1;
      if (first >= ctx->n_words || ctx->words[first].start > (gsize) (close - ctx->text))
        continue;
      last = first;
      while (last + 1 < ctx->n_words && ctx->words[last + 1].end <= (gsize) (close - ctx->text))
        last++;
      if (last - first >= 6)
        continue;
      /* Titles, and the country before them, are not part of the name:
       * (Governor Rajendra Arlekar), (Israel PM Netanyahu). */
      for (guint k = first; k < last; k++)
        if (ctx->words[k].latin && is_latin_title (ctx->words[k].fold))
          {
            gboolean only_titles_before = TRUE;
            for (guint j = first; j < k; j++)
              if (!is_latin_title (ctx->words[j].fold) &&
                  !(ctx->words[j].cover >= 0 &&
                    _khoji_entities_cand_at (ctx, ctx->words[j].cover)->type == KHOJI_ENTITY_PLACE))
                only_titles_before = FALSE;
            if (only_titles_before)
              first = k + 1;
          }
      if (ctx->words[cand->first].deva && ctx->words[first].latin &&
          !latin_gloss_fits (ctx, cand, first, last))
        continue;
      /* A Latin gloss of a Devanagari name (इस्लामाबाद हाई कोर्ट
       * (Islamabad High Court)) is that name, whatever its words matched. */
      if (ctx->words[cand->first].deva)
        {
          gboolean all_latin = TRUE;
          for (guint i = first; i <= last; i++)
            if (!ctx->words[i].latin)
              all_latin = FALSE;
          for (guint i = first; all_latin && i <= last; i++)
            {
              int inner = ctx->words[i].cover;
              if (inner >= 0 && inner != (int) c && _khoji_entities_cand_at (ctx, inner)->first >= first &&
                  _khoji_entities_cand_at (ctx, inner)->last <= last)
                _khoji_entities_kill_cand (ctx, inner);
            }
        }
      /* "नेशनल टेस्टिंग एजेंसी (एनटीए)": a name found by rule whose
       * acronym the gazetteer knows is that entity. */
      if (cand->origin == ORIGIN_RULE && ctx->words[first].cover >= 0)
        {
          Cand *gloss = _khoji_entities_cand_at (ctx, ctx->words[first].cover);
          if (gloss->first == first && gloss->last == last && gloss->type == cand->type &&
              gloss->origin == ORIGIN_GAZETTEER && ctx->words[first].deva &&
              is_deva_acronym (ctx->words[first].fold))
            {
              g_autofree char *old_key = g_strdup (cand->key);
              /* Copies: the gloss itself may carry old_key, and its
               * strings are freed in the loop (found by fuzz-entities). */
              g_autofree char *new_key = g_strdup (gloss->key);
              g_autofree char *new_latin = g_strdup (gloss->latin);
              for (guint k = 0; k < ctx->cands->len; k++)
                {
                  Cand *other = _khoji_entities_cand_at (ctx, k);
                  if (other->dead || strcmp (other->key, old_key) != 0)
                    continue;
                  g_free (other->key);
                  other->key = g_strdup (new_key);
                  g_free (other->latin);
                  other->latin = g_strdup (new_latin);
                }
              continue;
            }
        }
      for (guint i = first; i <= last; i++)
        {
          Word *w = &ctx->words[i];
          if (w->cover >= 0 || w->digit || (!w->latin && !w->deva))
            acronym_like = FALSE;
        }
      if (!acronym_like)
        continue;
      /* A Hindi short name of a party or body may be a common word:
       * "आम आदमी पार्टी (आप)". It names the body here, in parentheses
       * right after it, and nowhere else (आप is also "you"). */
      /* So may a short name said as a word: "(दीपम)" for DIPAM. */
      if (cand->type == KHOJI_ENTITY_ORGANIZATION && first == last && ctx->words[first].deva &&
          !is_deva_acronym (ctx->words[first].fold) && ctx->words[first].n_chars <= 8 &&
          !WORD_IN (LIST_CAPTION, &ctx->words[first]) &&
          !WORD_IN (LIST_FUNCTION, &ctx->words[first]) && !_khoji_entities_is_title (&ctx->words[first]))
        {
          g_autofree char *key = g_strdup (cand->key);
          g_autofree char *name = g_strdup (cand->name);
          g_autofree char *latin = g_strdup (cand->latin);
          g_autofree char *form = _khoji_entities_join_folds (ctx, first, last, NULL);
          gboolean common = _khoji_entities_is_stop (ctx, &ctx->words[first]);

          if (_khoji_entities_add_cand (ctx, first, last, cand->type, key, name, latin, ORIGIN_ALIAS) >= 0 && !common)
            g_hash_table_insert (ctx->aliases, g_steal_pointer (&form), GUINT_TO_POINTER (c));
          continue;
        }
      /* A Devanagari gloss must be one acronym (एमपीसी); other words are
       * captions and explanations ("(फाइल फोटो)"). */
      if (ctx->words[first].deva && (last != first || !is_deva_acronym (ctx->words[first].fold)))
        continue;
      {
        g_autofree char *key = g_strdup (cand->key);
        g_autofree char *name = g_strdup (cand->name);
        g_autofree char *latin = g_strdup (cand->latin);
        g_autofree char *form = _khoji_entities_join_folds (ctx, first, last, NULL);
        KhojiEntityType type = cand->type;

        /* A name no list knows takes its Latin spelling from a full gloss
         * (सम्राट चौधरी (Samrat Choudhary)) rather than from
         * transliteration. */
        if (latin == NULL && ctx->words[first].latin && ctx->words[first].upper &&
            last > first && type == KHOJI_ENTITY_PERSON)
          {
            latin = g_strndup (ctx->text + ctx->words[first].start,
                               ctx->words[last].end - ctx->words[first].start);
            for (guint k = 0; k < ctx->cands->len; k++)
              {
                Cand *other = _khoji_entities_cand_at (ctx, k);
                if (other->latin == NULL && strcmp (other->key, key) == 0)
                  other->latin = g_strdup (latin);
              }
          }
        if (_khoji_entities_add_cand (ctx, first, last, type, key, name, latin, ORIGIN_ALIAS) >= 0)
          g_hash_table_insert (ctx->aliases, g_steal_pointer (&form), GUINT_TO_POINTER (c));
      }
    }
}

/* Aliases learned from parentheses, wherever else they occur. */
/* The first word of a key: up to its first space. */
static char *
first_word (const char *key)
{
  const char *space = strchr (key, ' ');

  return space ? g_strndup (key, space - key) : g_strdup (key);
}

void
_khoji_entities_rule_alias_occurrences (Ctx *ctx)
{
  g_autoptr(GHashTable) firsts = NULL;
  GHashTableIter iter;
  gpointer alias;

  if (g_hash_table_size (ctx->aliases) == 0)
    return;
  /* Most words start no alias: they are skipped before any key is
   * built. */
  firsts = g_hash_table_new_full (khoji_text_hash, g_str_equal, g_free, NULL);
  g_hash_table_iter_init (&iter, ctx->aliases);
  while (g_hash_table_iter_next (&iter, &alias, NULL))
    g_hash_table_add (firsts, first_word (alias));

  /* The text's own gloss says what a form names, over the labeller's
   * guess: a span it proposed that is a gloss's exact form gives way
   * ("नीति निगरानी आयोग (एनएमसी) … एनएमसी ने"). */
  for (guint c = 0; c < ctx->cands->len; c++)
    {
      Cand *cand = _khoji_entities_cand_at (ctx, c);

      if (!cand->dead && cand->model && cand->origin == ORIGIN_RULE &&
          g_hash_table_contains (ctx->aliases,
                                 _khoji_entities_join_folds_scratch (ctx, cand->first, cand->last)))
        _khoji_entities_kill_cand (ctx, (int) c);
    }
  for (guint i = 0; i < ctx->n_words; i++)
    {
      g_autofree char *owned = NULL;
      const char *first = ctx->words[i].fold;

      if (ctx->words[i].cover >= 0)
        continue;
      /* A word's key is nearly always one word: no copy is made then. */
      if (strchr (first, ' ') != NULL)
        first = owned = first_word (first);
      if (!g_hash_table_contains (firsts, first))
        continue;
      for (guint n = 6; n >= 1; n--)
        {
          guint last = i + n - 1;
          gboolean ok = last < ctx->n_words;
          const char *key;
          gpointer c;

          for (guint k = i; ok && k <= last; k++)
            ok = ctx->words[k].cover < 0 && (k == last || _khoji_entities_joinable (ctx->words[k].gap));
          if (!ok)
            continue;
          key = _khoji_entities_join_folds_scratch (ctx, i, last);
          if (g_hash_table_lookup_extended (ctx->aliases, key, NULL, &c))
            {
              Cand *src = _khoji_entities_cand_at (ctx, GPOINTER_TO_UINT (c));
              g_autofree char *k = g_strdup (src->key);
              g_autofree char *nm = g_strdup (src->name);
              g_autofree char *lt = g_strdup (src->latin);

              _khoji_entities_add_cand (ctx, i, last, src->type, k, nm, lt, ORIGIN_ALIAS);
              i = last;
              break;
            }
        }
    }
}

/* A lone part of a person's full name in the same text is that person
 * (शोइगु → सर्गेई शोइगु, किम → किम जोंग-उन); parts two people share
 * are left alone. */
void
_khoji_entities_rule_partial_names (Ctx *ctx)
{
  g_autoptr(GHashTable) parts = g_hash_table_new (khoji_text_hash, g_str_equal);
  static const int ambiguous = -2;
  guint64 part_lengths = 0;  /* bit n: some part's key has n bytes (n < 64) */

  for (guint c = 0; c < ctx->cands->len; c++)
    {
      Cand *cand = _khoji_entities_cand_at (ctx, c);

      if (cand->dead || cand->type != KHOJI_ENTITY_PERSON || cand->first == cand->last)
        continue;
      for (guint i = cand->first; i <= cand->last; i++)
        {
          Word *w = &ctx->words[i];
          gpointer old;

          if (w->n_chars < 2 || _khoji_entities_is_stop (ctx, w) || w->gap == GAP_INITIAL ||
              WORD_IN (LIST_SHARED_PART, w))
            continue;
          if (w->fold_len < 64)
            part_lengths |= G_GUINT64_CONSTANT (1) << w->fold_len;
          if (g_hash_table_lookup_extended (parts, w->fold, NULL, &old))
            {
              Cand *o = GPOINTER_TO_INT (old) >= 0 ? _khoji_entities_cand_at (ctx, GPOINTER_TO_INT (old)) : NULL;
              if (o == NULL || strcmp (o->key, cand->key) != 0)
                g_hash_table_insert (parts, (gpointer) w->fold, GINT_TO_POINTER (ambiguous));
            }
          else
            g_hash_table_insert (parts, (gpointer) w->fold, GINT_TO_POINTER ((int) c));
        }
    }
  if (g_hash_table_size (parts) == 0)
    return;

  for (guint i = 0; i < ctx->n_words; i++)
    {
      Word *w = &ctx->words[i];
      gpointer v;
      int c;

      /* Most words are not as long as any part: no lookup for them. */
      if (w->cover >= 0 ||
          (w->fold_len < 64 && !(part_lengths & (G_GUINT64_CONSTANT (1) << w->fold_len))) ||
          !g_hash_table_lookup_extended (parts, w->fold, NULL, &v))
        continue;
      c = GPOINTER_TO_INT (v);
      if (c < 0)
        continue;
      /* Part of a longer unknown name (किम यो जोंग) is someone else. */
      if ((i > 0 && _khoji_entities_joinable (ctx->words[i - 1].gap) && _khoji_entities_name_like (ctx, i - 1)) ||
          (i + 1 < ctx->n_words && _khoji_entities_joinable (w->gap) && _khoji_entities_name_like (ctx, i + 1)))
        continue;
      /* In Latin letters a name part is capitalised ("will" is no Will),
       * and a capitalised neighbour makes another name. */
      if (w->latin && (!w->upper ||
                       (i > 0 && _khoji_entities_joinable (ctx->words[i - 1].gap) &&
                        ctx->words[i - 1].latin && ctx->words[i - 1].upper &&
                        ctx->words[i - 1].cover < 0 &&
                        !WORD_IN (LIST_EN_TITLE, &ctx->words[i - 1])) ||
                       (i + 1 < ctx->n_words && _khoji_entities_joinable (w->gap) &&
                        ctx->words[i + 1].latin && ctx->words[i + 1].upper &&
                        ctx->words[i + 1].cover < 0)))
        continue;
      {
        Cand *full = _khoji_entities_cand_at (ctx, c);
        g_autofree char *k = g_strdup (full->key);
        g_autofree char *nm = g_strdup (full->name);
        g_autofree char *lt = g_strdup (full->latin);

        _khoji_entities_add_cand (ctx, i, i, KHOJI_ENTITY_PERSON, k, nm, lt, ORIGIN_ALIAS);
      }
    }
}

/* A lone surname that also starts a company's name in the same text
 * (टाटा beside टाटा संस) may be the company as well as the person: it is
 * left unlinked rather than guessed. */
void
_khoji_entities_unlink_company_surnames (Ctx *ctx)
{
  g_autoptr(GHashTable) starts = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint c = 0; c < ctx->cands->len; c++)
    {
      Cand *cand = _khoji_entities_cand_at (ctx, c);
      if (!cand->dead && cand->type == KHOJI_ENTITY_ORGANIZATION && cand->last > cand->first)
        g_hash_table_add (starts, (gpointer) ctx->words[cand->first].fold);
    }
  if (g_hash_table_size (starts) == 0)
    return;
  for (guint c = 0; c < ctx->cands->len; c++)
    {
      Cand *cand = _khoji_entities_cand_at (ctx, c);
      if (!cand->dead && cand->origin == ORIGIN_ALIAS && cand->type == KHOJI_ENTITY_PERSON &&
          cand->first == cand->last && g_hash_table_contains (starts, ctx->words[cand->first].fold))
        _khoji_entities_kill_cand (ctx, c);
    }
}
