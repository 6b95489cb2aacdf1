/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "khoji-entity.h"
#include "khoji-event.h"
#include "khoji-text.h"

G_BEGIN_DECLS

#define KHOJI_ANALYSIS_ERROR (khoji_analysis_error_quark ())
GQuark khoji_analysis_error_quark (void);

typedef enum {
  KHOJI_ANALYSIS_ERROR_GAZETTEER,   /* a gazetteer file is missing or malformed */
} KhojiAnalysisError;

/* One mention of an entity in a text. Offsets are bytes into the text
 * handed to the extractor. */
typedef struct {
  gsize            start;
  gsize            end;
  KhojiEntityType  type;
  char            *key;       /* resolution key: equal keys are one entity */
  char            *name;      /* display name (the fullest form, Devanagari) */
  char            *latin;     /* Latin name: the gazetteer's, else transliterated */
} KhojiMention;

/* One temporal expression. value is ISO 8601 at the text's precision
 * (YYYY, YYYY-MM, YYYY-MM-DD, or START/END), NULL when it is relative and
 * no anchor date is known. */
typedef struct {
  gsize           start;
  gsize           end;
  char           *value;
  gboolean        relative;
  KhojiPrecision  precision;
  gsize           sentence_start;
  gsize           sentence_end;
} KhojiDateMention;

void khoji_mention_free      (KhojiMention     *mention);
void khoji_date_mention_free (KhojiDateMention *date);

typedef struct _KhojiGazetteer KhojiGazetteer;

/* A learned form from a user correction: text whose folding key is
 * `form_key` is the entity `entity_key` of `type`. */
typedef struct {
  char            *form_key;
  char            *entity_key;
  char            *name;
  char            *latin;
  KhojiEntityType  type;
} KhojiLexiconEntry;

KhojiGazetteer *khoji_gazetteer_new_default  (GError          **error);
KhojiGazetteer *khoji_gazetteer_new_from_dir (const char       *dir,
                                              GError          **error);
KhojiGazetteer *khoji_gazetteer_ref          (KhojiGazetteer   *self);
void            khoji_gazetteer_unref        (KhojiGazetteer   *self);
guint           khoji_gazetteer_get_size     (KhojiGazetteer   *self);
const char     *khoji_gazetteer_get_dir      (KhojiGazetteer   *self);

/* List membership, for a recognizer that weighs evidence: which of the
 * gazetteer's lists hold a form. A hit is evidence, not a verdict: many
 * towns are named after people, many given names are common words.
 *
 * `key` is the folding key of a word sequence: each word's
 * khoji_text_fold () (the `keys` of khoji_text_tokens ()) joined by one
 * space, e.g. "नय दिलल" for नई दिल्ली, "south korea" for South Korea.
 * Returns the KhojiGazetteerList bits of every row, in every file, that
 * has a form with that key; 0 when none has. Latin forms and the Latin
 * names of entities count, so "kursk" is as much a region as कुर्स्क.
 * khoji_gazetteer_lists_of_text () folds the words of `text` itself.
 * Both are cheap (one hash lookup) and safe from any thread. */
typedef enum {
  KHOJI_GZ_LIST_PERSON       = 1 << 0,  /* a row of type person */
  KHOJI_GZ_LIST_PLACE        = 1 << 1,  /* a row of type place */
  KHOJI_GZ_LIST_ORGANIZATION = 1 << 2,  /* a row of type organization */
  KHOJI_GZ_LIST_COUNTRY      = 1 << 3,  /* a country (ICU, iso-codes) */
  KHOJI_GZ_LIST_WORLD_REGION = 1 << 4,  /* a continent or UN M.49 region */
  KHOJI_GZ_LIST_REGION       = 1 << 5,  /* a state, province or other first-level region */
  KHOJI_GZ_LIST_TOWN         = 1 << 6,  /* a town, city or district */
  KHOJI_GZ_LIST_BODY         = 1 << 7,  /* a generic body: needs an owner ("Security Council") */
  KHOJI_GZ_LIST_GIVEN_NAME   = 1 << 8,  /* a common given name (one word) */
  KHOJI_GZ_LIST_SURNAME      = 1 << 9,  /* a common surname (one word) */
  KHOJI_GZ_LIST_STOPWORD     = 1 << 10, /* a common word, never a name alone */
  KHOJI_GZ_LIST_HAND_MADE    = 1 << 11, /* a row of manual.tsv or of the user's files */
  KHOJI_GZ_LIST_LATIN        = 1 << 12, /* the key is of a Latin-script form */
  KHOJI_GZ_LIST_NAME_WORD    = 1 << 13, /* a word of published people's names (spellings.txt) */
  KHOJI_GZ_LIST_DEMONYM      = 1 << 14, /* an English demonym of a country ("Russian") */
} KhojiGazetteerList;

/* The Latin name of a name written in Devanagari: each word that the
 * name lists spell (spellings.txt: the published spelling of a name
 * word, फारूक -> Farooq) as they spell it, the rest transliterated
 * (khoji_text_to_latin_with ()). Remembered per gazetteer; any thread. */
char           *khoji_gazetteer_to_latin     (KhojiGazetteer   *self,
                                              const char       *name);

/* Where a place of the built-in gazetteer lies (data/gazetteer/
 * coordinates.tsv, from the source each row names: GeoNames for towns,
 * the Natural Earth outline for countries, a regions database for
 * states), by its entity key ("place:moscow"). FALSE for a key the list
 * does not hold: a world region, a district without a seat of its name,
 * a place the user or a rule named; such a place is not guessed. The list
 * is read once; any thread. */
gboolean        khoji_gazetteer_locate       (const char       *entity_key,
                                              double           *latitude,
                                              double           *longitude);
/* How many places the list holds. */
guint           khoji_gazetteer_n_located    (void);

guint           khoji_gazetteer_lists        (KhojiGazetteer   *self,
                                              const char       *key);
guint           khoji_gazetteer_lists_of_text (KhojiGazetteer  *self,
                                               const char      *text,
                                               gssize           len);

/* Entities: mentions in text order, no two overlapping. `lexicon` (of
 * KhojiLexiconEntry, may be NULL) holds the user's learned forms. */
GPtrArray *khoji_extract_entities (KhojiGazetteer *gazetteer,
                                   const char     *text,
                                   GPtrArray      *lexicon);
/* The same, given khoji_text_tokens (text, strlen (text)) made already
 * (the import shares them with the search index); NULL makes them. */
GPtrArray *khoji_extract_entities_with_tokens (KhojiGazetteer    *gazetteer,
                                               const char        *text,
                                               GPtrArray         *lexicon,
                                               const KhojiTokens *tokens);

/* Dates: `anchor` is the publication date ("YYYY-MM-DD") or NULL. */
GPtrArray *khoji_extract_dates    (const char     *text,
                                   const char     *anchor);
/* The same, given khoji_text_sentences (text, strlen (text)) made already
 * (the import keeps them for the mentions); NULL makes them. */
GPtrArray *khoji_extract_dates_with_sentences (const char *text,
                                               const char *anchor,
                                               GArray     *sentences);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhojiGazetteer, khoji_gazetteer_unref)

G_END_DECLS
