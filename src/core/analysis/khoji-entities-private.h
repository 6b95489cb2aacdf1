/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What entity extraction's files share. Private to analysis/.
 *
 *   khoji-entities.c         words, word lists, candidates, the passes
 *   khoji-entities-known.c   pass 1: the gazetteer, lexicon, demonyms, bodies
 *   khoji-entities-people.c  pass 2: people, by the evidence around them
 *   khoji-entities-rules.c   pass 2: organizations, places, initials…;
 *                            pass 3: links inside the article
 *   khoji-entities-model.c   pass 2b: the statistical labeller's spans
 *   khoji-entities-latin.c   pass 2: names in Latin letters no list knows */

#include "khoji-gazetteer-private.h"
#include "khoji-ner-private.h"
#include "khoji-text.h"

G_BEGIN_DECLS

/* How two neighbouring words are separated: only names whose words are
 * joined by a space, a hyphen (किम जोंग-उन) or an initial's full stop
 * (डी. वाई. चंद्रचूड़) are one name. */
typedef enum {
  GAP_SPACE,
  GAP_HYPHEN,
  GAP_INITIAL,
  GAP_OTHER,
} GapKind;

typedef struct {
  gsize     start;
  gsize     end;
  const char *fold;      /* owned by the context's cache or the tokens */
  gsize     fold_len;
  guint     n_chars;
  gboolean  latin;       /* Latin letters */
  gboolean  deva;        /* Devanagari */
  gboolean  upper;       /* Latin, starts upper-case */
  gboolean  all_caps;    /* Latin, every letter upper-case */
  gboolean  digit;
  GapKind   gap;         /* separation from the next word */
  int       cover;       /* index of the candidate that holds it, or -1 */
  GPtrArray *stems;      /* folded demonym stems, computed on first use (cached) */
  guint32   lists;       /* the word lists its fold is in, one bit per ListId */
  const KhojiGzWord *gz; /* what the gazetteer knows of its fold, looked up once */
  int       nameish;     /* could be part of a name, whoever covers it: -1 unknown */
  gboolean  possessive;  /* Latin, its "'s" cut off */
} Word;

typedef enum {
  ORIGIN_GAZETTEER,
  ORIGIN_RULE,
  ORIGIN_ALIAS,
} Origin;

typedef struct {
  guint            first;
  guint            last;      /* inclusive */
  KhojiEntityType  type;
  char            *key;
  char            *name;
  char            *latin;
  Origin           origin;
  gboolean         adjective; /* matched through a demonym (रूसी) */
  gboolean         country;   /* a country or region: its demonym is known */
  gboolean         dead;
  gboolean         model;     /* proposed by the labeller */
  gboolean         lexicon;   /* the user's correction: nothing overrides it */
  const char      *rule;      /* the pass that found it */
} Cand;

typedef struct {
  KhojiGazetteer *gz;
  const char     *text;
  Word           *words;
  guint           n_words;
  GArray         *cands;      /* Cand */
  GHashTable     *lexicon;    /* form key -> KhojiLexiconEntry */
  GHashTable     *lexicon_first; /* first words of the lexicon's forms */
  GHashTable     *lexicon_prefixes; /* the first words of its longer forms */
  GHashTable     *aliases;    /* form key -> cand index, learned in this text */
  GHashTable     *fold_cache; /* word -> folding key */
  GString        *scratch;    /* join_folds_scratch */
  GHashTable     *stem_cache; /* word -> GPtrArray of folded stems */
  GPtrArray      *no_stems;   /* the stems of every word no suffix fits */
  GArray         *bare_bodies; /* BareBody: bodies with no owner in sight */
  guint8         *tags;       /* the labeller's KhojiNerTag per word, or NULL */
  KhojiNerWord   *ner;        /* the words as the labeller sees them */
  float          *emit;       /* its scores, n_words × KHOJI_NER_N_TAGS */
  float          *alpha;      /* its decoding's best scores per tag, the same size */
  const KhojiNerModel *model;
  GHashTable     *latin_alone; /* folds of capitalised Latin words standing alone */
  const char     *pass;       /* the pass running */
} Ctx;

typedef struct {
  guint                first;
  guint                last;
  const KhojiGzEntity *body;
} BareBody;

/* The lists above are written as people spell; they are compared by
 * folding key, built once and shared by all threads. */
typedef enum {
  LIST_FUNCTION,
  LIST_POSTPOSITION,
  LIST_TITLE,
  LIST_STRONG_HEAD,
  LIST_WEAK_HEAD,
  LIST_PLACE_CUE,
  LIST_SPEECH,
  LIST_LETTER,
  LIST_CORPORATE,
  LIST_NATIONALITY,
  LIST_MONTH,
  LIST_SHARED_PART,
  LIST_CAPTION,
  LIST_HOMOGRAPH_DEMONYM,
  LIST_CREDIT,
  LIST_MIDDLE,
  LIST_PARTICLE,
  LIST_EN_FUNCTION,
  LIST_EN_TITLE,
  LIST_EN_ORG_HEAD,
  LIST_EN_PLACE_CUE,
  LIST_EN_SPEECH,
  LIST_EN_CONNECTOR,
  LIST_EN_NOT_ACRONYM,
  N_LISTS,
} ListId;

#define WORD_IN(list, w) (((w)->lists & (1u << (list))) != 0)

/* The names of Latin letters (khoji-entities.c), the initials of Indian
 * names. */
#define N_LETTER_NAMES 27

/* A letter name's folding key, with its length and first character. */
typedef struct {
  const char *fold;
  gsize       len;
  gunichar    first;
} LetterName;

/* khoji-entities-known.c */
void _khoji_entities_resolve_bare_bodies (Ctx *ctx);
guint _khoji_entities_match_at (Ctx   *ctx,
                                guint  i);
const KhojiGzEntity *_khoji_entities_lookup_demonym (Ctx   *ctx,
                                                     guint  first,
                                                     guint  last);

/* khoji-entities-model.c */
void _khoji_entities_relink_model_parts (Ctx *ctx);
void _khoji_entities_label_words (Ctx *ctx);
gboolean _khoji_entities_is_plain_key (const char *key);
void _khoji_entities_add_model_spans (Ctx *ctx);
void _khoji_entities_trim_rule_orgs (Ctx *ctx);
void _khoji_entities_model_vetoes_rules (Ctx *ctx);
void _khoji_entities_model_extends_known (Ctx *ctx);
void _khoji_entities_drop_orphan_aliases (Ctx *ctx);
gboolean _khoji_entities_model_says_name (Ctx   *ctx,
                                          guint  first,
                                          guint  last);

/* khoji-entities-people.c */
void _khoji_entities_add_rule_cand (Ctx             *ctx,
                                    guint            first,
                                    guint            last,
                                    KhojiEntityType  type);
void _khoji_entities_trim_person_runs (Ctx *ctx);
void _khoji_entities_rule_titles (Ctx *ctx);
void _khoji_entities_rule_speakers (Ctx *ctx);
void _khoji_entities_rule_person_names (Ctx *ctx);
void _khoji_entities_rule_person_lists (Ctx *ctx);
void _khoji_entities_rule_owned_person (Ctx *ctx);
void _khoji_entities_rule_honorific_ji (Ctx *ctx);
void _khoji_entities_rule_family_and_age (Ctx *ctx);
gboolean _khoji_entities_is_title (const Word *w);
gboolean _khoji_entities_surname_recurs (Ctx   *ctx,
                                         guint  first,
                                         guint  last);
guint _khoji_entities_name_run (Ctx   *ctx,
                                guint  i,
                                guint  max);
gboolean _khoji_entities_name_like (Ctx   *ctx,
                                    guint  i);
gboolean _khoji_entities_looks_inflected (const char *fold);
gboolean _khoji_entities_ends_name (Ctx   *ctx,
                                    guint  last);
gboolean _khoji_entities_comma_gap (Ctx   *ctx,
                                    guint  i);

/* khoji-entities-rules.c */
void _khoji_entities_unlink_company_surnames (Ctx *ctx);
void _khoji_entities_rule_skeletons (Ctx *ctx);
void _khoji_entities_rule_place_suffixes (Ctx *ctx);
void _khoji_entities_rule_place_cues (Ctx *ctx);
void _khoji_entities_rule_partial_names (Ctx *ctx);
void _khoji_entities_rule_parentheses (Ctx *ctx);
void _khoji_entities_rule_org_heads (Ctx *ctx);
void _khoji_entities_rule_initials (Ctx *ctx);
void _khoji_entities_rule_dateline (Ctx *ctx);
void _khoji_entities_rule_campuses (Ctx *ctx);
void _khoji_entities_rule_alias_occurrences (Ctx *ctx);

/* khoji-entities-latin.c */
void _khoji_entities_rule_latin_names (Ctx *ctx);

/* khoji-entities.c */
gboolean _khoji_entities_joinable (GapKind gap);
char *_khoji_entities_span_text (Ctx   *ctx,
                                 guint  first,
                                 guint  last);
void _khoji_entities_kill_cand (Ctx *ctx,
                                int  index);
char *_khoji_entities_join_folds (Ctx        *ctx,
                                  guint       first,
                                  guint       last,
                                  const char *last_override);
const char *_khoji_entities_join_folds_scratch (Ctx   *ctx,
                                                guint  first,
                                                guint  last);
gboolean _khoji_entities_is_stop (Ctx        *ctx,
                                  const Word *w);
Cand *_khoji_entities_cand_at (Ctx *ctx,
                               int  index);
int _khoji_entities_add_cand (Ctx             *ctx,
                              guint            first,
                              guint            last,
                              KhojiEntityType  type,
                              const char      *key,
                              const char      *name,
                              const char      *latin,
                              Origin           origin);
gpointer _khoji_entities_fold_letters (gpointer data);
void _khoji_entities_fill_words (Ctx               *ctx,
                                 const char        *text,
                                 const KhojiTokens *tokens);

G_END_DECLS
