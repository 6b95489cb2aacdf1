/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "khoji-gazetteer-private.h"

G_BEGIN_DECLS

/* The statistical entity labeller: a linear model over features of a word
 * and its neighbours (an averaged structured perceptron, trained by
 * tools/ner from public annotated corpora), decoded by Viterbi under BIO
 * constraints. The extractor and the trainer share everything here, so a
 * model sees at run time exactly the features it was trained on. */

typedef enum {
  KHOJI_NER_O,
  KHOJI_NER_B_PERSON,
  KHOJI_NER_I_PERSON,
  KHOJI_NER_B_PLACE,
  KHOJI_NER_I_PLACE,
  KHOJI_NER_B_ORGANIZATION,
  KHOJI_NER_I_ORGANIZATION,
  KHOJI_NER_N_TAGS,
} KhojiNerTag;

#define KHOJI_NER_TAG_IS_BEGIN(t)  ((t) != KHOJI_NER_O && ((t) & 1) == 1)
#define KHOJI_NER_TAG_IS_INSIDE(t) ((t) != KHOJI_NER_O && ((t) & 1) == 0)
#define KHOJI_NER_TAG_TYPE(t)      ((KhojiEntityType) (((t) - 1) / 2))
#define KHOJI_NER_BEGIN_OF(type)   ((KhojiNerTag) (1 + 2 * (type)))

/* Gazetteer evidence on a word: the longest known form over it. */
enum {
  KHOJI_NER_GZ_TYPE_MASK = 0x03,  /* entity type + 1; 0 when none */
  KHOJI_NER_GZ_INSIDE    = 0x04,  /* not the form's first word */
  KHOJI_NER_GZ_LAST      = 0x08,  /* the form's last word */
  KHOJI_NER_GZ_BODY      = 0x10,  /* a generic body (सरकार, संसद) */
};

/* One word as the labeller sees it. `fold` is borrowed. */
typedef struct {
  const char *fold;
  gsize       fold_len;
  guint32     fold_hash;    /* _khoji_ner_hash (fold, fold_len) */
  guint       n_chars;
  guint32     lists;        /* the extractor's word lists (titles, heads, …) */
  guint8      latin;
  guint8      deva;
  guint8      upper;
  guint8      all_caps;
  guint8      digit;
  guint8      gap;          /* 0 space, 1 hyphen, 2 initial, 3 other */
  guint8      gz;           /* KHOJI_NER_GZ_* */
  guint16     gz_lists;     /* khoji_gazetteer_lists () of the word alone */
  guint8      name_class;   /* KHOJI_GZ_GIVEN | KHOJI_GZ_SURNAME */
  guint8      stop;
  guint8      sentence_start; /* a sentence begins at this word */
} KhojiNerWord;

#define KHOJI_NER_MAX_FEATURES 64

/* The hash of a word's folding key the features are built from. */
guint32 _khoji_ner_hash (const char *s,
                         gsize       len);

/* The hashed features of word `i` of a sentence of `n` words; returns how
 * many were written to `out` (at most KHOJI_NER_MAX_FEATURES). */
guint _khoji_ner_features (const KhojiNerWord *words,
                           guint               n,
                           guint               i,
                           guint32            *out);

/* Best tag sequence under BIO constraints (no I- after O or after another
 * type, none at the start). `emit` is n × KHOJI_NER_N_TAGS scores, `trans`
 * (KHOJI_NER_N_TAGS + 1) × KHOJI_NER_N_TAGS: row KHOJI_NER_N_TAGS is the
 * start. NULL `trans` means all zero. Returns the best path's score. */
float _khoji_ner_viterbi (const float *emit,
                          const float *trans,
                          guint        n,
                          guint8      *tags);

/* Whether `next` may follow `prev` (KHOJI_NER_N_TAGS: the start): the
 * rule, and the table the decoder reads it from. */
gboolean _khoji_ner_allowed      (guint prev,
                                  guint next);
gboolean _khoji_ner_table_allows (guint prev,
                                  guint next);

typedef struct _KhojiNerModel KhojiNerModel;

/* The model compiled in (data/ner); NULL, with a warning, when it is
 * missing or malformed. Shared by all threads, never freed. */
const KhojiNerModel *_khoji_ner_model_default   (void);
KhojiNerModel       *_khoji_ner_model_new       (GBytes        *bytes,
                                                 GError       **error);
void                 _khoji_ner_model_free      (KhojiNerModel *model);
guint                _khoji_ner_model_n_features (const KhojiNerModel *model);

/* Emission scores of one word's features, and the transition scores. */
void                 _khoji_ner_emit            (const KhojiNerModel *model,
                                                 const guint32       *feats,
                                                 guint                k,
                                                 float               *row);
const float         *_khoji_ner_model_trans     (const KhojiNerModel *model);

/* Tags for `n` words, decoded sentence by sentence (a word with
 * sentence_start begins a new one). */
void _khoji_ner_label (const KhojiNerModel *model,
                       const KhojiNerWord  *words,
                       guint                n,
                       guint8              *tags);

/* The same in steps: the emission scores of every word (n × N_TAGS), and
 * the decoding of them; `alpha` (n × N_TAGS, or NULL) gets the best
 * score ending in each tag at each word, which _khoji_ner_margin reads. */
void  _khoji_ner_emissions (const KhojiNerModel *model,
                            const KhojiNerWord  *words,
                            guint                n,
                            float               *emit);
void  _khoji_ner_decode    (const KhojiNerModel *model,
                            const KhojiNerWord  *words,
                            guint                n,
                            const float         *emit,
                            guint8              *tags,
                            float               *alpha);
/* How many distinct words' sums this thread keeps for _khoji_ner_emissions
 * (they carry over from one text to the next, for one model, up to a
 * bound). */
guint _khoji_ner_cache_n_words (void);
/* The end (exclusive) of the sentence that starts at word `first`. */
guint _khoji_ner_sentence_end (const KhojiNerWord *words,
                               guint               n,
                               guint               first);
/* How much better the model's best labelling of the sentence scores than
 * the best one in which words span_first..span_last are one name of
 * `type` (or, for a negative type, no name at all): 0 when the model's
 * best labelling has it, large when the model is sure it is wrong.
 * `emit` and `alpha` are those of _khoji_ner_decode. */
float _khoji_ner_margin    (const KhojiNerModel *model,
                            const KhojiNerWord  *words,
                            guint                n,
                            const float         *emit,
                            const float         *alpha,
                            guint                span_first,
                            guint                span_last,
                            int                  type);

/* The model file: "KHOJINER" magic, guint32 version, guint32 n_features,
 * float scale, float trans[(N_TAGS + 1) * N_TAGS], then n_features sorted
 * guint32 hashes, then n_features × N_TAGS gint16 weights (× scale);
 * little-endian. */
#define KHOJI_NER_MAGIC   "KHOJINER"
#define KHOJI_NER_VERSION 1

/* The words of `text` as the extractor splits and knows them (its word
 * breaks, lists and gazetteer), for the trainer. `starts`/`ends` get
 * each word's byte offsets. Free with _khoji_ner_text_free. */
typedef struct {
  KhojiNerWord *words;
  guint         n;
  gsize        *starts;
  gsize        *ends;
  GStringChunk *folds;
} KhojiNerText;

KhojiNerText *_khoji_ner_text_new  (KhojiGazetteer *gazetteer,
                                    const char     *text);
void          _khoji_ner_text_free (KhojiNerText   *t);

G_END_DECLS
