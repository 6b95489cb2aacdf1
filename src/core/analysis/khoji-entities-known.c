/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-entities"

#include "config.h"

#include <string.h>

#include "khoji-entities-private.h"

/* Pass 1 of entity extraction (khoji-entities.c): the names the lists
 * know, by the gazetteer and the user's lexicon, through demonyms, and
 * generic bodies with or without their owner. */

/* Stems a demonym or adjective may come from: रूसी → रूस, अमेरिकी →
 * अमेरिका, भारतीय → भारत, कोरियाई → कोरिया, इंडियन → इंडिया,
 * फ्रांसीसी → फ्रांस, फलस्तीनियों → फलस्तीन. Works on the original
 * spelling, then folds. */
#define DEMONYM_RULE(suffix, add) { suffix, sizeof (suffix) - 1, add }
static const struct { const char *suffix; gsize suffix_len; const char *add; } demonym_rules[] = {
  DEMONYM_RULE ("ियों", ""), DEMONYM_RULE ("ियों", "ा"), DEMONYM_RULE ("ियों", "ी"),
  DEMONYM_RULE ("ीसी", ""),
  DEMONYM_RULE ("ीय", ""),
  DEMONYM_RULE ("ाई", "ा"),
  DEMONYM_RULE ("ियन", "िया"), DEMONYM_RULE ("ियन", ""),
  DEMONYM_RULE ("ी", ""), DEMONYM_RULE ("ी", "ा"),
  DEMONYM_RULE ("न", ""),
};
#undef DEMONYM_RULE

static gboolean
demonym_rule_applies (const char *word,
                      gsize       len,
                      guint       rule)
{
  const char *suffix = demonym_rules[rule].suffix;
  gsize sl = demonym_rules[rule].suffix_len;

  return len > sl + 3 && word[len - 1] == suffix[sl - 1] &&
         memcmp (word + len - sl, suffix, sl) == 0;
}

/* Most words end in none of the suffixes: they need no copy, no cache
 * entry and no stem list. */
static gboolean
may_be_demonym (const char *word,
                gsize       len)
{
  for (guint i = 0; i < G_N_ELEMENTS (demonym_rules); i++)
    if (demonym_rule_applies (word, len, i))
      return TRUE;
  return FALSE;
}

static GPtrArray *
demonym_stems (const char *word,
               gsize       len)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *w = g_strndup (word, len);

  for (guint i = 0; i < G_N_ELEMENTS (demonym_rules); i++)
    {
      gsize sl = demonym_rules[i].suffix_len;
      g_autofree char *stem = NULL;

      if (!demonym_rule_applies (w, len, i))
        continue;
      /* "न" → "ा" only after a bare consonant: अमेरिकन → अमेरिका. */
      if (strcmp (demonym_rules[i].suffix, "न") == 0)
        {
          gunichar prev = g_utf8_get_char (g_utf8_prev_char (w + len - sl));
          if (!(prev >= 0x0915 && prev <= 0x0939))
            continue;
          stem = g_strdup_printf ("%.*sा", (int) (len - sl), w);
        }
      else
        stem = g_strdup_printf ("%.*s%s", (int) (len - sl), w, demonym_rules[i].add);
      g_ptr_array_add (out, khoji_text_fold (stem, -1));
    }
  return out;
}

/* A place named by its demonym as the last word of words[first..last]. */
const KhojiGzEntity *
_khoji_entities_lookup_demonym (Ctx   *ctx,
                                guint  first,
                                guint  last)
{
  Word *w = &ctx->words[last];
  GPtrArray *stems;

  if (!w->deva)
    return NULL;
  if (w->stems == NULL && !may_be_demonym (ctx->text + w->start, w->end - w->start))
    w->stems = ctx->no_stems;
  if (w->stems == NULL)
    {
      g_autofree char *raw = g_strndup (ctx->text + w->start, w->end - w->start);

      w->stems = g_hash_table_lookup (ctx->stem_cache, raw);
      if (w->stems == NULL)
        {
          w->stems = demonym_stems (raw, strlen (raw));
          g_hash_table_insert (ctx->stem_cache, g_steal_pointer (&raw), w->stems);
        }
    }
  stems = w->stems;
  for (guint i = 0; i < stems->len; i++)
    {
      g_autofree char *joined = first == last ? NULL : _khoji_entities_join_folds (ctx, first, last, stems->pdata[i]);
      const KhojiGzEntity *e = _khoji_gazetteer_lookup (ctx->gz, joined ? joined : stems->pdata[i]);

      if (e != NULL && e->type == KHOJI_ENTITY_PLACE && e->adjective)
        return e;
    }
  return NULL;
}

/* Latin forms match only when written like names: short ones (US, UN,
 * AP) in capitals, longer ones with a capital initial. */
static gboolean
latin_case_ok (Ctx   *ctx,
               guint  first,
               guint  last)
{
  Word *w = &ctx->words[first];

  if (!w->latin)
    return TRUE;
  if (first == last && w->n_chars <= 4)
    return w->all_caps;
  return w->upper;
}

/* "<place> की/के/का <body>" or "<demonym> <body>": that country's body. */
static gboolean
try_owned_body (Ctx                 *ctx,
                guint                first,
                guint                next,
                const KhojiGzEntity *owner,
                gboolean             adjective)
{
  guint start = next;

  if (owner->type != KHOJI_ENTITY_PLACE || next >= ctx->n_words ||
      !_khoji_entities_joinable (ctx->words[next - 1].gap))
    return FALSE;
  if (!adjective)
    {
      const char *f = ctx->words[next].fold;
      if (strcmp (f, "कि") != 0 && strcmp (f, "के") != 0 && strcmp (f, "का") != 0)
        return FALSE;
      start = next + 1;
      if (start >= ctx->n_words || !_khoji_entities_joinable (ctx->words[next].gap))
        return FALSE;
    }
  for (guint n = 3; n >= 1; n--)
    {
      guint last = start + n - 1;
      g_autofree char *key = NULL;
      const KhojiGzEntity *body;
      gboolean ok = last < ctx->n_words;

      for (guint i = start; ok && i < last; i++)
        ok = _khoji_entities_joinable (ctx->words[i].gap);
      if (!ok)
        continue;
      key = _khoji_entities_join_folds (ctx, start, last, NULL);
      body = _khoji_gazetteer_lookup_body (ctx->gz, key);
      if (body != NULL)
        {
          g_autofree char *latin = g_strdup_printf ("%s of %s", body->latin, owner->latin);
          g_autofree char *lower = g_utf8_strdown (latin, -1);
          g_autofree char *ekey = g_strconcat ("organization:", lower, NULL);
          g_autofree char *name = _khoji_entities_span_text (ctx, first, last);

          _khoji_entities_add_cand (ctx, first, last, KHOJI_ENTITY_ORGANIZATION, ekey, name, latin,
                    ORIGIN_GAZETTEER);
          return TRUE;
        }
    }
  return FALSE;
}

/* A bare body (सुरक्षा परिषद) is the body last named in full before it. */
static gboolean
try_bare_body (Ctx   *ctx,
               guint  first)
{
  for (guint n = 3; n >= 1; n--)
    {
      guint last = first + n - 1;
      g_autofree char *key = NULL;
      const KhojiGzEntity *body;
      gboolean ok = last < ctx->n_words;
      g_autofree char *body_lower = NULL;

      for (guint i = first; ok && i < last; i++)
        ok = _khoji_entities_joinable (ctx->words[i].gap);
      if (!ok)
        continue;
      key = _khoji_entities_join_folds (ctx, first, last, NULL);
      body = _khoji_gazetteer_lookup_body (ctx->gz, key);
      if (body == NULL)
        continue;
      body_lower = g_utf8_strdown (body->latin, -1);
      for (int c = (int) ctx->cands->len - 1; c >= 0; c--)
        {
          Cand *prev = _khoji_entities_cand_at (ctx, c);
          g_autofree char *prev_lower = NULL;

          if (prev->dead || prev->type != KHOJI_ENTITY_ORGANIZATION || prev->latin == NULL)
            continue;
          prev_lower = g_utf8_strdown (prev->latin, -1);
          if (strstr (prev_lower, body_lower) != NULL)
            {
              g_autofree char *k = g_strdup (prev->key);
              g_autofree char *nm = g_strdup (prev->name);
              g_autofree char *lt = g_strdup (prev->latin);

              _khoji_entities_add_cand (ctx, first, last, KHOJI_ENTITY_ORGANIZATION, k, nm, lt, ORIGIN_ALIAS);
              return TRUE;
            }
        }
      {
        BareBody b = { first, last, body };
        g_array_append_val (ctx->bare_bodies, b);
      }
      return FALSE;
    }
  return FALSE;
}

/* A bare body no earlier name explains (विदेश मंत्रालय, गृह मंत्रालय) is
 * India's when the article is about India: India (or one of its bodies)
 * is named and no other country dominates. It takes India's own name for the body where
 * the gazetteer has one ("भारतीय विदेश मंत्रालय": Ministry of External
 * Affairs), else the body's generic name. Elsewhere it stays unnamed. */
void
_khoji_entities_resolve_bare_bodies (Ctx *ctx)
{
  g_autoptr(GHashTable) counts = NULL;
  guint india = 0, other = 0;
  g_autofree char *india_fold = NULL;

  if (ctx->bare_bodies->len == 0)
    return;
  counts = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint c = 0; c < ctx->cands->len; c++)
    {
      Cand *cand = _khoji_entities_cand_at (ctx, c);
      guint n;

      if (cand->dead)
        continue;
      /* India's own bodies (भारत सरकार, भारतीय रिजर्व बैंक) speak for it too. */
      if (!cand->country)
        {
          if (cand->latin != NULL && strstr (cand->latin, "India") != NULL)
            india++;
          continue;
        }
      n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, cand->key)) + 1;
      g_hash_table_insert (counts, cand->key, GUINT_TO_POINTER (n));
      if (strcmp (cand->key, "place:india") == 0)
        india++;
      else
        other = MAX (other, n);
    }
  /* Hindi news names a foreign ministry with its country ("कतर के
   * विदेश मंत्रालय"), so a bare one is India's unless the article is
   * plainly about another country: named more than twice as often. */
  if (india == 0 || other > 2 * india)
    return;
  india_fold = khoji_text_fold ("भारतीय", -1);
  for (guint b = 0; b < ctx->bare_bodies->len; b++)
    {
      BareBody *bb = &g_array_index (ctx->bare_bodies, BareBody, b);
      g_autofree char *body_key = _khoji_entities_join_folds (ctx, bb->first, bb->last, NULL);
      g_autofree char *own_key = g_strconcat (india_fold, " ", body_key, NULL);
      const KhojiGzEntity *own = _khoji_gazetteer_lookup (ctx->gz, own_key);
      g_autofree char *name = _khoji_entities_span_text (ctx, bb->first, bb->last);

      if (own != NULL && own->type == KHOJI_ENTITY_ORGANIZATION)
        _khoji_entities_add_cand (ctx, bb->first, bb->last, own->type, own->key, own->name, own->latin,
                  ORIGIN_ALIAS);
      else
        _khoji_entities_add_cand (ctx, bb->first, bb->last, KHOJI_ENTITY_ORGANIZATION, bb->body->key,
                  bb->body->name, bb->body->latin, ORIGIN_RULE);
    }
}

/* Whether words[first..last] are all that stands between two parentheses:
 * the credit line "(भाषा)" names an agency, the word भाषा alone does not. */
static gboolean
in_parentheses (Ctx   *ctx,
                guint  first,
                guint  last)
{
  const char *before = ctx->text + ctx->words[first].start;
  const char *after = ctx->text + ctx->words[last].end;

  while (before > ctx->text && before[-1] == ' ')
    before--;
  while (*after == ' ')
    after++;
  return before > ctx->text && before[-1] == '(' && *after == ')';
}

/* Whether the words just before `first` (and its opening parenthesis)
 * were found as `e`: "Pakistan Tehreek-e-Insaf (PTI)" spells out what
 * the parentheses shorten. */
static gboolean
spelt_out_before (Ctx                 *ctx,
                  guint                first,
                  const KhojiGzEntity *e)
{
  const Cand *c;

  if (e == NULL || ctx->cands->len == 0)
    return FALSE;
  c = _khoji_entities_cand_at (ctx, ctx->cands->len - 1);
  return c->last + 1 == first && g_strcmp0 (c->key, e->key) == 0;
}

/* A demonym that is also a common word (चीनी: sugar) names its country
 * only before a people, a state or its things: चीनी सेना, चीनी नागरिक. */
static gboolean
demonym_in_use (Ctx   *ctx,
                guint  first,
                guint  last)
{
  if (first != last || !WORD_IN (LIST_HOMOGRAPH_DEMONYM, &ctx->words[last]))
    return TRUE;
  return last + 1 < ctx->n_words && _khoji_entities_joinable (ctx->words[last].gap) &&
         WORD_IN (LIST_NATIONALITY, &ctx->words[last + 1]);
}

/* Longest match at word `i` over the lexicon and the gazetteer; returns the
 * number of words taken. */
guint
_khoji_entities_match_at (Ctx   *ctx,
                          guint  i)
{
  guint max = _khoji_gazetteer_max_words (ctx->gz);
  guint reach = 1;
  guint limit;

  while (reach < max && i + reach < ctx->n_words && _khoji_entities_joinable (ctx->words[i + reach - 1].gap))
    reach++;
  /* No form starts with this word: only its demonym may still match. */
  if (!ctx->words[i].gz->first_word &&
      (ctx->lexicon_first == NULL ||
       !g_hash_table_contains (ctx->lexicon_first, ctx->words[i].fold)))
    reach = 0;

  if (reach == 0)
    {
      const KhojiGzEntity *e = _khoji_entities_lookup_demonym (ctx, i, i);
      int c;

      if (e == NULL || !demonym_in_use (ctx, i, i))
        return 0;
      if (try_owned_body (ctx, i, i + 1, e, TRUE))
        return _khoji_entities_cand_at (ctx, ctx->cands->len - 1)->last - i + 1;
      c = _khoji_entities_add_cand (ctx, i, i, e->type, e->key, e->name, e->latin, ORIGIN_GAZETTEER);
      if (c >= 0)
        _khoji_entities_cand_at (ctx, c)->adjective = _khoji_entities_cand_at (ctx, c)->country = TRUE;
      return 1;
    }

  /* A key of n words, found in the lexicon, the gazetteer or through a
   * demonym as its last word, begins with n - 1 words that start a longer
   * form: the lengths past the longest such start are not tried. */
  for (limit = 1; limit < reach; limit++)
    {
      const char *start = limit == 1 ? ctx->words[i].fold : _khoji_entities_join_folds_scratch (ctx, i, i + limit - 1);

      if (!(limit == 1 ? ctx->words[i].gz->prefix : _khoji_gazetteer_is_prefix (ctx->gz, start)) &&
          (ctx->lexicon_prefixes == NULL || !g_hash_table_contains (ctx->lexicon_prefixes, start)))
        break;
    }

  for (guint n = limit; n >= 1; n--)
    {
      guint last = i + n - 1;
      const char *key = _khoji_entities_join_folds_scratch (ctx, i, last);
      const KhojiGzEntity *e;

      if (ctx->lexicon != NULL)
        {
          KhojiLexiconEntry *lx = g_hash_table_lookup (ctx->lexicon, key);
          if (lx != NULL)
            {
              g_autofree char *name = lx->name ? NULL : _khoji_entities_span_text (ctx, i, last);
              int c = _khoji_entities_add_cand (ctx, i, last, lx->type, lx->entity_key,
                                                lx->name ? lx->name : name, lx->latin, ORIGIN_GAZETTEER);
              if (c >= 0)
                _khoji_entities_cand_at (ctx, c)->lexicon = TRUE;
              return n;
            }
        }

      e = _khoji_gazetteer_lookup (ctx->gz, key);
      if (in_parentheses (ctx, i, last) && !spelt_out_before (ctx, i, e))
        {
          /* Alone in parentheses, a news agency's form is its credit
           * ("नई दिल्ली, 12 मार्च (भाषा)", "NEW DELHI, June 3 (PTI)"),
           * unless the name it shortens stands just before it
           * ("Pakistan Tehreek-e-Insaf (PTI)"). */
          const KhojiGzEntity *credit = _khoji_gazetteer_lookup_credit (ctx->gz, key);

          if (credit != NULL)
            e = credit;
        }
      if (e != NULL && e->paren && !in_parentheses (ctx, i, last))
        e = NULL;
      if (e != NULL && latin_case_ok (ctx, i, last))
        {
          int c;
          if (try_owned_body (ctx, i, last + 1, e, FALSE))
            return _khoji_entities_cand_at (ctx, ctx->cands->len - 1)->last - i + 1;
          c = _khoji_entities_add_cand (ctx, i, last, e->type, e->key, e->name, e->latin, ORIGIN_GAZETTEER);
          if (c >= 0)
            _khoji_entities_cand_at (ctx, c)->country = e->adjective && e->type == KHOJI_ENTITY_PLACE;
          return n;
        }

      e = _khoji_entities_lookup_demonym (ctx, i, last);
      if (e != NULL && !demonym_in_use (ctx, i, last))
        e = NULL;
      if (e == NULL && ctx->words[last].latin && ctx->words[i].upper)
        e = _khoji_gazetteer_lookup_demonym (ctx->gz, key);
      if (e != NULL)
        {
          int c;
          if (try_owned_body (ctx, i, last + 1, e, TRUE))
            return _khoji_entities_cand_at (ctx, ctx->cands->len - 1)->last - i + 1;
          c = _khoji_entities_add_cand (ctx, i, last, e->type, e->key, e->name, e->latin, ORIGIN_GAZETTEER);
          if (c >= 0)
            _khoji_entities_cand_at (ctx, c)->adjective = _khoji_entities_cand_at (ctx, c)->country = TRUE;
          return n;
        }
    }

  if (try_bare_body (ctx, i))
    return _khoji_entities_cand_at (ctx, ctx->cands->len - 1)->last - i + 1;
  return 0;
}
