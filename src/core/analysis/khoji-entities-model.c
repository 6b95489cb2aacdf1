/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-entities"

#include "config.h"

#include <string.h>

#include "khoji-entities-private.h"

/* Pass 2b of entity extraction (khoji-entities.c): the statistical
 * labeller's view of the words, and the spans it proposes. */

/* ---- The labeller's view of the words ---------------------------------- */

/* Whether the text between two words ends a sentence. */
static gboolean
sentence_break (Ctx   *ctx,
                guint  i)
{
  const Word *w = &ctx->words[i];
  const char *end = ctx->text + ctx->words[i + 1].start;

  if (w->gap != GAP_OTHER)
    return FALSE;
  for (const char *p = ctx->text + w->end; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (c == '\n' || c == '\r' || c == 0x0964 || c == 0x0965 || c == '?' || c == '!' ||
          c == '.' || c == '|')
        return TRUE;
    }
  return FALSE;
}

/* The words as the labeller sees them: what the rules know of each (its
 * lists, the gazetteer's longest form over it, name lists, stopwords). */
static KhojiNerWord *
ner_words (Ctx *ctx)
{
  KhojiNerWord *out = g_new0 (KhojiNerWord, MAX (ctx->n_words, 1));
  guint max = _khoji_gazetteer_max_words (ctx->gz);

  for (guint i = 0; i < ctx->n_words; i++)
    {
      const Word *w = &ctx->words[i];
      KhojiNerWord *o = &out[i];

      o->fold = w->fold;
      o->fold_len = w->fold_len;
      o->fold_hash = _khoji_ner_hash (w->fold, w->fold_len);
      o->n_chars = w->n_chars;
      o->lists = w->lists;
      o->latin = w->latin;
      o->deva = w->deva;
      o->upper = w->upper;
      o->all_caps = w->all_caps;
      o->digit = w->digit;
      o->gap = (guint8) w->gap;
      o->name_class = (guint8) w->gz->name_class;
      /* Words of published people's names (पंडित, पाल) are as often
       * titles and common words: the committed model does without. */
      o->gz_lists = (guint16) (w->gz->lists & ~KHOJI_GZ_LIST_NAME_WORD);
      o->stop = _khoji_entities_is_stop (ctx, w);
      o->sentence_start = i == 0 || sentence_break (ctx, i - 1);
    }
  for (guint i = 0; i < ctx->n_words;)
    {
      guint best = 0;
      guint8 mark = 0;
      guint reach = 1;

      if (ctx->words[i].gz->first_word)
        {
          while (reach < max && i + reach < ctx->n_words &&
                 _khoji_entities_joinable (ctx->words[i + reach - 1].gap))
            reach++;
          for (guint len = 1; len <= reach; len++)
            {
              /* One word's key is its fold, whose record the word has. */
              const KhojiGzWord *one = len == 1 ? ctx->words[i].gz : NULL;
              const char *key = one ? ctx->words[i].fold : _khoji_entities_join_folds_scratch (ctx, i, i + len - 1);
              const KhojiGzEntity *e = one ? one->form : _khoji_gazetteer_lookup (ctx->gz, key);
              gboolean body = FALSE;

              if (e == NULL)
                {
                  e = one ? one->body : _khoji_gazetteer_lookup_body (ctx->gz, key);
                  body = e != NULL;
                }
              if (e != NULL)
                {
                  best = len;
                  mark = (guint8) ((e->type + 1) | (body ? KHOJI_NER_GZ_BODY : 0));
                }
              if (len < reach && !(one ? one->prefix : _khoji_gazetteer_is_prefix (ctx->gz, key)))
                break;
            }
        }
      if (best == 0)
        {
          i++;
          continue;
        }
      for (guint j = 0; j < best; j++)
        out[i + j].gz = mark | (j > 0 ? KHOJI_NER_GZ_INSIDE : 0) |
                        (j + 1 == best ? KHOJI_NER_GZ_LAST : 0);
      i += best;
    }
  return out;
}

KhojiNerText *
_khoji_ner_text_new (KhojiGazetteer *gazetteer,
                     const char     *text)
{
  KhojiNerText *t = g_new0 (KhojiNerText, 1);
  Ctx ctx = { 0 };

  ctx.gz = gazetteer;
  ctx.text = text;
  ctx.fold_cache = g_hash_table_new_full (khoji_text_hash, g_str_equal, g_free, g_free);
  ctx.scratch = g_string_sized_new (128);
  _khoji_entities_fill_words (&ctx, text, NULL);
  t->n = ctx.n_words;
  t->words = ner_words (&ctx);
  t->starts = g_new (gsize, MAX (t->n, 1));
  t->ends = g_new (gsize, MAX (t->n, 1));
  t->folds = g_string_chunk_new (1024);
  for (guint i = 0; i < t->n; i++)
    {
      t->starts[i] = ctx.words[i].start;
      t->ends[i] = ctx.words[i].end;
      t->words[i].fold = g_string_chunk_insert_len (t->folds, t->words[i].fold,
                                                    (gssize) t->words[i].fold_len);
    }
  g_free (ctx.words);
  g_hash_table_unref (ctx.fold_cache);
  g_string_free (ctx.scratch, TRUE);
  return t;
}

void
_khoji_ner_text_free (KhojiNerText *t)
{
  if (t == NULL)
    return;
  g_free (t->words);
  g_free (t->starts);
  g_free (t->ends);
  g_string_chunk_free (t->folds);
  g_free (t);
}

gboolean
_khoji_entities_is_plain_key (const char *key)
{
  gboolean space = TRUE;

  for (const char *p = key; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == ' ')
        {
          if (space)
            return FALSE;  /* leading or double space */
          space = TRUE;
          continue;
        }
      space = FALSE;
      if (!g_unichar_isalnum (c) && !g_unichar_ismark (c))
        return FALSE;
    }
  return !space;
}

/* The labeller's spans, one per B- tag and the I- tags after it. */
static guint
model_span_end (Ctx   *ctx,
                guint  i)
{
  guint j = i;

  while (j + 1 < ctx->n_words && ctx->tags[j + 1] == ctx->tags[i] + 1)
    j++;
  return j;
}

void
_khoji_entities_label_words (Ctx *ctx)
{
  ctx->model = _khoji_ner_model_default ();
  if (ctx->model == NULL || ctx->n_words == 0)
    return;
  ctx->ner = ner_words (ctx);
  ctx->emit = g_new (float, (gsize) ctx->n_words * KHOJI_NER_N_TAGS);
  ctx->alpha = g_new (float, (gsize) ctx->n_words * KHOJI_NER_N_TAGS);
  ctx->tags = g_new0 (guint8, ctx->n_words);
  _khoji_ner_emissions (ctx->model, ctx->ner, ctx->n_words, ctx->emit);
  _khoji_ner_decode (ctx->model, ctx->ner, ctx->n_words, ctx->emit, ctx->tags, ctx->alpha);
}

/* How much better, at least, the model's best labelling must score than
 * its best labelling without the span, for a span to be taken: the model
 * proposes a name on evidence, not on a coin toss. Chosen on the IL-NER
 * dev split with a model trained without it, checked on HiNER with one
 * trained without HiNER (data/ner/README.md). */
#define MODEL_MIN_MARGIN 20.0f

/* Whether the labeller tags any of these words as part of a name. */
gboolean
_khoji_entities_model_says_name (Ctx   *ctx,
                                 guint  first,
                                 guint  last)
{
  if (ctx->tags == NULL)
    return TRUE;  /* no model: the rules alone, as they were */
  for (guint j = first; j <= last; j++)
    if (ctx->tags[j] != KHOJI_NER_O)
      return TRUE;
  return FALSE;
}

/* Whether a span the labeller proposes may be a name here: it was trained
 * on Devanagari text; a caption is no name (फाइल फोटो); a lone title or
 * common word names nobody (एंकर); a generic body the rules left without
 * an owner (रक्षा मंत्रालय with two countries in sight, विधानसभा) is
 * left so. */
static gboolean
model_span_ok (Ctx   *ctx,
               guint  first,
               guint  last)
{
  gboolean all_body = TRUE;

  for (guint j = first; j <= last; j++)
    {
      if (ctx->words[j].latin || WORD_IN (LIST_CAPTION, &ctx->words[j]))
        return FALSE;
      if (!(ctx->ner[j].gz & KHOJI_NER_GZ_BODY))
        all_body = FALSE;
    }
  if (all_body)
    return FALSE;
  if (first == last)
    {
      const Word *w = &ctx->words[first];
      if (WORD_IN (LIST_STRONG_HEAD, w) || WORD_IN (LIST_WEAK_HEAD, w) ||
          WORD_IN (LIST_PLACE_CUE, w) || w->n_chars < 2)
        return FALSE;
    }
  /* A weak head (टीम, दल, समूह) needs two modifiers that are not common
   * words, as the head rule asks ("महिला क्रिकेट टीम" is no name). */
  if (WORD_IN (LIST_WEAK_HEAD, &ctx->words[last]))
    {
      guint modifiers = 0;
      for (guint j = first; j < last; j++)
        if (!_khoji_entities_is_stop (ctx, &ctx->words[j]))
          modifiers++;
      if (modifiers < 2)
        return FALSE;
    }
  /* Common words, titles, letters and heads alone ("पंडित जी") are no
   * name. */
  for (guint j = first; j <= last; j++)
    {
      const Word *w = &ctx->words[j];
      if (!_khoji_entities_is_stop (ctx, w) && !_khoji_entities_is_title (w) &&
          !WORD_IN (LIST_LETTER, w) && !WORD_IN (LIST_POSTPOSITION, w) &&
          !WORD_IN (LIST_STRONG_HEAD, w) && !WORD_IN (LIST_WEAK_HEAD, w))
        return TRUE;
    }
  return FALSE;
}

/* Names the labeller finds where no list or rule has: its span and type. */
void
_khoji_entities_add_model_spans (Ctx *ctx)
{
  if (ctx->tags == NULL)
    return;
  for (guint i = 0; i < ctx->n_words; i++)
    {
      guint last;
      gboolean free_words = TRUE;
      int c;

      if (!KHOJI_NER_TAG_IS_BEGIN (ctx->tags[i]))
        continue;
      last = model_span_end (ctx, i);
      for (guint j = i; j <= last; j++)
        if (ctx->words[j].cover >= 0)
          free_words = FALSE;
      if (free_words && model_span_ok (ctx, i, last) &&
          _khoji_ner_margin (ctx->model, ctx->ner, ctx->n_words, ctx->emit, ctx->alpha, i, last,
                             -1) > MODEL_MIN_MARGIN)
        {
          _khoji_entities_add_rule_cand (ctx, i, last, KHOJI_NER_TAG_TYPE (ctx->tags[i]));
          c = ctx->words[i].cover;
          if (c >= 0)
            _khoji_entities_cand_at (ctx, c)->model = TRUE;
        }
      i = last;
    }
}

/* An organization a rule found by its head (… फाउंडेशन, … बैंक) takes
 * the words before the head while they are not common words; the
 * labeller knows better where such a name starts ("आज आईडीबीआई बैंक",
 * "सिफारिश संथानम समिति"): when it sees an organization ending at the
 * same head and starting later, the name starts there, unless the words
 * it would drop are a name the gazetteer knows. */
void
_khoji_entities_trim_rule_orgs (Ctx *ctx)
{
  if (ctx->tags == NULL)
    return;
  for (guint c = 0; c < ctx->cands->len; c++)
    {
      Cand *cand = _khoji_entities_cand_at (ctx, c);
      guint start, last;

      /* Not a known body its owner names (पाकिस्तान विदेश मंत्रालय). */
      if (cand->dead || cand->model || cand->origin != ORIGIN_RULE || cand->latin != NULL ||
          cand->type != KHOJI_ENTITY_ORGANIZATION || cand->first == cand->last)
        continue;
      last = cand->last;
      if (ctx->tags[last] == KHOJI_NER_O ||
          KHOJI_NER_TAG_TYPE (ctx->tags[last]) != KHOJI_ENTITY_ORGANIZATION ||
          (last + 1 < ctx->n_words && ctx->tags[last + 1] == KHOJI_NER_I_ORGANIZATION))
        continue;
      start = last;
      while (start > cand->first && ctx->tags[start] == KHOJI_NER_I_ORGANIZATION)
        start--;
      if (start <= cand->first || ctx->tags[start] != KHOJI_NER_B_ORGANIZATION)
        continue;
      /* A known name the rule took in front of the head stays (एयर इंडिया
       * एक्सप्रेस). */
      {
        gboolean known = FALSE;
        for (guint j = cand->first; j < start; j++)
          if (ctx->ner[j].gz != 0)
            known = TRUE;
        if (known)
          continue;
      }
      _khoji_entities_kill_cand (ctx, c);
      _khoji_entities_add_rule_cand (ctx, start, last, KHOJI_ENTITY_ORGANIZATION);
    }
}

/* A lone word the labeller took for a person, that is part of a full
 * name in the same text (गिलमोर after क्रिस्टी गिलमोर), is that person;
 * part of two people's names (चौधरी), or a part many share (सिंह), it
 * points at nobody and is dropped. */
void
_khoji_entities_relink_model_parts (Ctx *ctx)
{
  g_autoptr(GHashTable) parts = g_hash_table_new (khoji_text_hash, g_str_equal);
  static const int ambiguous = -1;

  for (guint c = 0; c < ctx->cands->len; c++)
    {
      Cand *cand = _khoji_entities_cand_at (ctx, c);

      if (cand->dead || cand->type != KHOJI_ENTITY_PERSON || cand->first == cand->last)
        continue;
      for (guint i = cand->first; i <= cand->last; i++)
        {
          Word *w = &ctx->words[i];
          gpointer old;

          if (w->n_chars < 2 || _khoji_entities_is_stop (ctx, w) || WORD_IN (LIST_SHARED_PART, w))
            continue;
          if (g_hash_table_lookup_extended (parts, w->fold, NULL, &old))
            {
              int o = GPOINTER_TO_INT (old) - 1;
              if (o < 0 || strcmp (_khoji_entities_cand_at (ctx, o)->key, cand->key) != 0)
                g_hash_table_insert (parts, (gpointer) w->fold, GINT_TO_POINTER (ambiguous + 1));
            }
          else
            g_hash_table_insert (parts, (gpointer) w->fold, GINT_TO_POINTER ((int) c + 1));
        }
    }
  for (guint c = 0; c < ctx->cands->len; c++)
    {
      Cand *cand = _khoji_entities_cand_at (ctx, c);
      gpointer v;
      int f;

      if (cand->dead || !cand->model || cand->type != KHOJI_ENTITY_PERSON || cand->first != cand->last)
        continue;
      if (WORD_IN (LIST_SHARED_PART, &ctx->words[cand->first]))
        {
          _khoji_entities_kill_cand (ctx, c);
          continue;
        }
      if (!g_hash_table_lookup_extended (parts, ctx->words[cand->first].fold, NULL, &v))
        continue;
      f = GPOINTER_TO_INT (v) - 1;
      if (f < 0)
        {
          _khoji_entities_kill_cand (ctx, c);
          continue;
        }
      {
        Cand *full = _khoji_entities_cand_at (ctx, f);
        g_free (cand->key);
        g_free (cand->name);
        g_free (cand->latin);
        cand->key = g_strdup (full->key);
        cand->name = g_strdup (full->name);
        cand->latin = g_strdup (full->latin);
        cand->origin = ORIGIN_ALIAS;
      }
    }
}

/* How sure the labeller must be that a rule's name is no name before it
 * goes, and that its own bounds for a rule's name are right before they
 * replace the rule's (the margins of _khoji_ner_margin, as for its own
 * spans). Chosen on the IL-NER dev split with a model trained without it,
 * checked on the shared and in-tree gold sets (data/ner/README.md). */
#define MODEL_VETO_MARGIN    25.0f
#define MODEL_REBOUND_MARGIN 25.0f

/* How sure the labeller must be that a rule's name is no name for it to
 * go. The rules whose cue is a word that also runs in ordinary text (a
 * title or role before, a generic head after: "हेल्प लाइन", "तत्कालीन
 * … निगम") go at the ordinary margin, and so does a name made only of
 * words in the lists of given names and surnames, many of which are also
 * common words (मण्डल: "कृषि मण्डल", "राजस्व मण्डल"; at the strong
 * margin such names were wrong 616 times and right 5 where the labeller
 * read no name, on HiNER with a labeller trained without it). A
 * company's head (… बैंक, … प्राइवेट लिमिटेड), a deed, a list of
 * people, a speaker or a place cue (दिपायल शहर) say more than a labeller trained on other text knows
 * (overruling them at that margin lost foreign people, companies and
 * small towns in the in-tree real articles): they go only where the
 * labeller is all but certain ("विलय कर चार बैंक", "पहला निजी बैंक",
 * "अलावा अपराधीकरण" as a speaker). Initials are never overruled (a "के
 * कविता" looks like no name to a labeller that rarely saw one), nor a
 * name the text glosses with its short form (… विभाग (दीपम)). 300 for
 * the labeller trained with a cost on wrong tags (tools/ner), whose
 * readings stand further apart: at the 150 chosen for the one trained
 * without, it overruled a recurring foreign name ("री चांग-डे") and two
 * more in the shared and in-tree gold sets. */
#define MODEL_STRONG_VETO_MARGIN 300.0f

/* What else in the text holds a rule's name (veto_margin ()). */
enum { HELD_BY_NOTHING, GLOSSED, PART_RECURS };

static float
veto_margin (Ctx        *ctx,
             const Cand *cand,
             GHashTable *glossed)
{
  static const char * const weak[] = { "titles", "org heads", "person names" };

  int held = GPOINTER_TO_INT (g_hash_table_lookup (glossed, cand->key));

  if (held == GLOSSED || g_strcmp0 (cand->rule, "initials") == 0)
    return G_MAXFLOAT;
  if (held == PART_RECURS)
    return MODEL_STRONG_VETO_MARGIN;
  if (WORD_IN (LIST_CORPORATE, &ctx->words[cand->last]))
    return MODEL_STRONG_VETO_MARGIN;
  for (guint i = 0; i < G_N_ELEMENTS (weak); i++)
    if (g_strcmp0 (cand->rule, weak[i]) == 0)
      return MODEL_VETO_MARGIN;
  return MODEL_STRONG_VETO_MARGIN;
}

/* A rule's name over which the labeller reads one name with other bounds
 * takes the labeller's bounds (titles and an honorific जी it puts inside
 * stay out, Khoji's convention). TRUE when the labeller's reading is
 * settled: its bounds taken, the rule's own, or two names of its own
 * there (the rule's name stays); FALSE when its name cannot take the
 * rule's place (other names hold its words, or it is not sure of its
 * bounds), and the veto decides on the rule's name as where it reads
 * none ("कृषि मण्डल", where it reads a name that runs into the next
 * words). */
static gboolean
rebound (Ctx   *ctx,
         guint  c)
{
  Cand *cand = _khoji_entities_cand_at (ctx, c);
  guint first = cand->first, last;
  KhojiEntityType type;

  while (first > 0 && KHOJI_NER_TAG_IS_INSIDE (ctx->tags[first]))
    first--;
  while (first <= cand->last && ctx->tags[first] == KHOJI_NER_O)
    first++;
  if (first > cand->last || !KHOJI_NER_TAG_IS_BEGIN (ctx->tags[first]))
    return FALSE;
  last = model_span_end (ctx, first);
  type = KHOJI_NER_TAG_TYPE (ctx->tags[first]);
  for (guint j = last + 1; j <= cand->last; j++)
    if (ctx->tags[j] != KHOJI_NER_O)
      return TRUE;  /* two spans of the labeller: the rule's stays */
  while (first < last && first < cand->first && WORD_IN (LIST_TITLE, &ctx->words[first]))
    first++;
  while (last > first && last > cand->last &&
         (WORD_IN (LIST_TITLE, &ctx->words[last]) || WORD_IN (LIST_POSTPOSITION, &ctx->words[last])))
    last--;
  if (first == cand->first && last == cand->last && type == cand->type)
    return TRUE;
  for (guint j = first; j <= last; j++)
    if (ctx->words[j].cover >= 0 && ctx->words[j].cover != (int) c)
      return FALSE;
  if (!model_span_ok (ctx, first, last) ||
      _khoji_ner_margin (ctx->model, ctx->ner, ctx->n_words, ctx->emit, ctx->alpha, first, last,
                         -1) <= MODEL_REBOUND_MARGIN)
    return FALSE;
  _khoji_entities_kill_cand (ctx, (int) c);
  _khoji_entities_add_rule_cand (ctx, first, last, type);
  if (ctx->words[first].cover >= 0)
    _khoji_entities_cand_at (ctx, ctx->words[first].cover)->model = TRUE;
  return TRUE;
}

/* How sure the labeller must be that a known name alone is the wrong
 * reading where it reads a longer name over it (the margin of
 * _khoji_ner_margin against the known name's bounds and type). Chosen on
 * the IL-NER dev split with a model trained without it, checked on the
 * shared and in-tree gold sets (data/ner/README.md). */
#define MODEL_EXTEND_MARGIN 50.0f

/* A known name is often a word of a longer name the lists do not hold:
 * अरब in "अरब सागर", नेल्सन (a town) in "नेल्सन मंडेला", भारत in "भारत
 * चैंबर ऑफ कॉमर्स", a spelling the gazetteer lacks (दिल्ली in "नयी
 * दिल्ली"). Where the labeller reads one name made of known names and
 * words no list or rule took, and is sure that the known names alone are
 * the wrong reading, the longer name is the mention. Not when the words
 * added are only common words (a state's सरकार or पुलिस: Khoji's mention
 * there is the state), nor over a demonym ("रूसी एजेंसियों" are Russia's,
 * not a name), nor over the user's corrections. */
void
_khoji_entities_model_extends_known (Ctx *ctx)
{
  if (ctx->tags == NULL)
    return;
  for (guint i = 0; i < ctx->n_words; i++)
    {
      guint first = i, last;
      gboolean added = FALSE, known = FALSE, ok = TRUE;
      KhojiEntityType type;

      if (!KHOJI_NER_TAG_IS_BEGIN (ctx->tags[i]))
        continue;
      last = model_span_end (ctx, i);
      type = KHOJI_NER_TAG_TYPE (ctx->tags[i]);
      i = last;
      /* A title stays out of the name (Khoji's convention). */
      while (first < last && WORD_IN (LIST_TITLE, &ctx->words[first]))
        first++;
      for (guint j = first; j <= last && ok; j++)
        {
          int c = ctx->words[j].cover;
          const Cand *cand;

          if (c < 0)
            {
              if (!_khoji_entities_is_stop (ctx, &ctx->words[j]))
                added = TRUE;
              continue;
            }
          cand = _khoji_entities_cand_at (ctx, c);
          if (cand->origin != ORIGIN_GAZETTEER || cand->lexicon || cand->adjective ||
              cand->first < first || cand->last > last)
            ok = FALSE;
          known = TRUE;
          j = cand->last;
        }
      if (!ok || !known || !added || !model_span_ok (ctx, first, last))
        continue;
      /* The margins last: most spans of the labeller are a known name
       * and nothing more, and each margin decodes the rest of a
       * sentence. */
      for (guint j = first; j <= last && ok; j++)
        {
          int c = ctx->words[j].cover;
          const Cand *cand;

          if (c < 0)
            continue;
          cand = _khoji_entities_cand_at (ctx, c);
          if (_khoji_ner_margin (ctx->model, ctx->ner, ctx->n_words, ctx->emit, ctx->alpha,
                                 cand->first, cand->last, (int) cand->type) <= MODEL_EXTEND_MARGIN)
            ok = FALSE;
          j = cand->last;
        }
      if (!ok)
        continue;
      for (guint j = first; j <= last; j++)
        if (ctx->words[j].cover >= 0)
          _khoji_entities_kill_cand (ctx, ctx->words[j].cover);
      _khoji_entities_add_rule_cand (ctx, first, last, type);
      if (ctx->words[first].cover >= 0)
        _khoji_entities_cand_at (ctx, ctx->words[first].cover)->model = TRUE;
    }
}

/* The rules find names by cues; the labeller, trained on annotated text,
 * knows better where a cue misleads. A rule's name the labeller is sure
 * is no name goes (veto_margin () says how sure, for which rules); a
 * rule's name the labeller bounds otherwise takes its bounds. The user's
 * corrections and the gazetteer's names are not touched. */
void
_khoji_entities_model_vetoes_rules (Ctx *ctx)
{
  g_autoptr(GHashTable) glossed = NULL;

  if (ctx->tags == NULL)
    return;
  glossed = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint c = 0; c < ctx->cands->len; c++)
    {
      Cand *cand = _khoji_entities_cand_at (ctx, c);
      /* A gloss in parentheses and its other occurrences hold the name
       * whatever the labeller says; a lone part of it said again later
       * ("री" after "मंत्री री चांग-डे") is evidence too, but not
       * against a labeller all but certain. */
      if (cand->dead || cand->origin != ORIGIN_ALIAS)
        continue;
      if (g_strcmp0 (cand->rule, "parentheses") == 0 ||
          g_strcmp0 (cand->rule, "alias occurrences") == 0)
        g_hash_table_insert (glossed, cand->key, GINT_TO_POINTER (GLOSSED));
      else if (!g_hash_table_contains (glossed, cand->key))
        g_hash_table_insert (glossed, cand->key, GINT_TO_POINTER (PART_RECURS));
    }
  for (guint c = 0; c < ctx->cands->len; c++)
    {
      Cand *cand = _khoji_entities_cand_at (ctx, c);
      gboolean any = FALSE;

      if (cand->dead || cand->model || cand->lexicon || cand->latin != NULL ||
          cand->origin != ORIGIN_RULE)
        continue;
      for (guint j = cand->first; j <= cand->last; j++)
        if (ctx->tags[j] != KHOJI_NER_O)
          any = TRUE;
      /* Where the labeller sees a name, at most its bounds. */
      if (any && rebound (ctx, c))
        continue;
      if (_khoji_ner_margin (ctx->model, ctx->ner, ctx->n_words, ctx->emit, ctx->alpha, cand->first,
                             cand->last, (int) cand->type) > veto_margin (ctx, cand, glossed))
        _khoji_entities_kill_cand (ctx, (int) c);
    }
}

/* A lone part of a name or its gloss is linked to the name found in the
 * text; where that name went after all (the labeller overruled the rule
 * that found it, or bounded it otherwise), the part goes too, unless a
 * mention of that name still stands in its own right. */
void
_khoji_entities_drop_orphan_aliases (Ctx *ctx)
{
  g_autoptr(GHashTable) gone = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint c = 0; c < ctx->cands->len; c++)
    {
      Cand *cand = _khoji_entities_cand_at (ctx, c);
      if (cand->dead && cand->origin != ORIGIN_ALIAS)
        g_hash_table_add (gone, cand->key);
    }
  if (g_hash_table_size (gone) == 0)
    return;
  for (guint c = 0; c < ctx->cands->len; c++)
    {
      Cand *cand = _khoji_entities_cand_at (ctx, c);
      if (!cand->dead && cand->origin != ORIGIN_ALIAS)
        g_hash_table_remove (gone, cand->key);
    }
  for (guint c = 0; c < ctx->cands->len; c++)
    {
      Cand *cand = _khoji_entities_cand_at (ctx, c);
      if (!cand->dead && cand->origin == ORIGIN_ALIAS && !cand->lexicon &&
          g_hash_table_contains (gone, cand->key))
        _khoji_entities_kill_cand (ctx, (int) c);
    }
}
