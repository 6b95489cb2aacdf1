/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "khoji-analysis.h"

G_BEGIN_DECLS

/* One gazetteer entity: rows of the same type and Latin name pooled. */
typedef struct {
  KhojiEntityType  type;
  char            *latin;
  char            *name;      /* display name: the first Devanagari form */
  char            *key;       /* "<type>:<latin lowercased>" */
  gboolean         body;      /* a generic body that needs an owner */
  gboolean         adjective; /* its demonym (रूसी, भारतीय) may name it */
  gboolean         paren;     /* only in parentheses: the credit "(भाषा)" */
} KhojiGzEntity;

/* Word classes of person-name lists. */
enum {
  KHOJI_GZ_GIVEN   = 1 << 0,
  KHOJI_GZ_SURNAME = 1 << 1,
};

/* What the gazetteer knows of one folding key, found by one lookup
 * instead of one per table: each field is what the lookup of the same
 * key in that table gives. The extractor takes it once per word. */
typedef struct {
  const KhojiGzEntity *form;       /* _khoji_gazetteer_lookup () */
  const KhojiGzEntity *body;       /* _khoji_gazetteer_lookup_body () */
  guint32              lists;      /* khoji_gazetteer_lists () */
  guint32              name_class; /* _khoji_gazetteer_name_class () */
  guint                stopword   : 1; /* _khoji_gazetteer_is_stopword () */
  guint                first_word : 1; /* _khoji_gazetteer_is_first_word () */
  guint                prefix     : 1; /* _khoji_gazetteer_is_prefix () */
} KhojiGzWord;

/* Never NULL: a key no table has gets a record of nothing. */
const KhojiGzWord   *_khoji_gazetteer_word        (KhojiGazetteer *self,
                                                   const char     *key);

/* Lookups by the folding key of a form (its words folded one by one and
 * joined by one space). NULL when unknown. */
const KhojiGzEntity *_khoji_gazetteer_lookup      (KhojiGazetteer *self,
                                                   const char     *key);
const KhojiGzEntity *_khoji_gazetteer_lookup_credit (KhojiGazetteer *self,
                                                     const char     *key);
const KhojiGzEntity *_khoji_gazetteer_lookup_body (KhojiGazetteer *self,
                                                   const char     *key);
/* A place named by its English demonym ("Russian", "North Korean"). */
const KhojiGzEntity *_khoji_gazetteer_lookup_demonym (KhojiGazetteer *self,
                                                      const char     *key);
gboolean             _khoji_gazetteer_is_stopword (KhojiGazetteer *self,
                                                   const char     *folded_word);
guint                _khoji_gazetteer_name_class  (KhojiGazetteer *self,
                                                   const char     *folded_word);
guint                _khoji_gazetteer_max_words   (KhojiGazetteer *self);
/* Whether some form or body starts with this word: most words start none,
 * and the extractor skips them before building any n-gram. */
gboolean             _khoji_gazetteer_is_first_word (KhojiGazetteer *self,
                                                     const char     *folded_word);
/* Whether a longer form or body starts with these words (a folding key
 * of whole words): a key of n words can only be found when its first
 * n - 1 words are such a start. */
gboolean             _khoji_gazetteer_is_prefix   (KhojiGazetteer *self,
                                                   const char     *words);

/* Consonant skeletons of place and person forms: the consonants of a
 * folding key, words kept apart by one space; NULL for non-Devanagari.
 * A skeleton two entities share finds neither. */
char                *_khoji_gazetteer_skeleton    (const char     *key,
                                                   guint          *n_consonants);
const KhojiGzEntity *_khoji_gazetteer_lookup_skeleton (KhojiGazetteer *self,
                                                       const char     *skeleton);
gboolean             _khoji_gazetteer_is_skeleton_first (KhojiGazetteer *self,
                                                         const char     *skeleton_word);

/* The folding key of a whole form, as the extractor builds it from words. */
char                *_khoji_gazetteer_form_key    (const char     *form,
                                                   gssize          len);

G_END_DECLS
