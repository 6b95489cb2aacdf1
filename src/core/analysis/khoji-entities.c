/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-entities"

#include "config.h"

#include <string.h>

#include "khoji-gazetteer-private.h"
#include "khoji-ner-private.h"
#include "khoji-text.h"

/* Entity extraction works on words (ICU word breaks) and their folding keys,
 * in passes over one article:
 *
 *  1. the longest known name at each word: the user's lexicon, then the
 *     gazetteer, then a country's demonym (रूसी → रूस); a place followed by
 *     की/के/का and a generic body is that country's body; a bare body is
 *     the one named before, or India's in an article about India; then
 *     known names spelt with other vowels, by their consonants;
 *  2. names in no list, by rules that need evidence around them: a title
 *     before (मंत्री री चांग-डे), initials (के कविता, जेआरडी टाटा), an
 *     organization head after (… समिति, … लिमिटेड, which may take a known
 *     name before it: टाटा संस), a common given name or surname, a deed
 *     (… ने), a credit (… की निर्देशित), a list of people, a place cue
 *     (… शहर), a dateline (X, 30 जून);
 *  2b. names that no list and no cue finds, from the statistical labeller
 *     (khoji-ner.c, trained on public annotated Hindi): a span it proposes
 *     with a clear margin, on words nothing else took, in Devanagari, and
 *     not a lone title, common word or generic body; a lone word of a
 *     full name found elsewhere in the text is that person;
 *  3. links inside the article: "NAME (ALIAS)" glosses, then lone parts of
 *     full names (शोइगु → सर्गेई शोइगु).
 *
 * A false entity costs as much as a missed one, so every rule prefers to
 * stay silent: common words (stopwords.txt) are never names, and a lone
 * word needs a postposition or punctuation after it. */

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
  int       nameish;     /* could be part of a name, whoever covers it: -1 unknown */
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
  const KhojiNerModel *model;
} Ctx;

typedef struct {
  guint                first;
  guint                last;
  const KhojiGzEntity *body;
} BareBody;

/* Words that end a name or an organization's modifiers: postpositions,
 * conjunctions, pronouns, determiners and auxiliaries. */
static const char * const function_words[] = {
  "का", "की", "के", "को", "से", "में", "मे", "पर", "ने", "तक", "और", "या", "व",
  "एवं", "तथा", "कि", "जो", "इस", "उस", "इन", "उन", "यह", "वह", "ये", "वे", "एक",
  "है", "हैं", "था", "थी", "थे", "हो", "द्वारा", "लिए", "साथ", "बाद", "पहले", "बीच",
  "ओर", "अपने", "अपनी", "अपना", "उनके", "उनकी", "इसके", "भी", "ही", "तो", "नहीं",
  "सभी", "कई", "कुछ", "किसी", "हर", "अब", "जब", "तब", "लेकिन", "मगर", "ऐसे",
  "जैसे", "यहां", "वहां", "उनका", "इसका", "उसके", "उसकी", "जिस", "जिसे", "जिन",
  "वहीं", "वही", "यहीं", "हालांकि", "फिर", "उधर", "इधर", "दरअसल", "बल्कि",
  "क्योंकि", "इसलिए", "जबकि", "वैसे", "खासकर", "यानी", "ताकि", "इसी", "उसी",
  "कहा", "बताया", "मगर", "परंतु", "किंतु", "अगर", "यदि", "तभी", "जहां", "कहीं",
  "वाली", "वाला", "वाले", "इकाई",
};

/* Postpositions after a name: a single word after a title is a name only
 * when one of these (or punctuation) follows it. */
static const char * const postpositions[] = {
  "ने", "की", "के", "का", "को", "से", "में", "पर", "और", "द्वारा", "तथा", "एवं",
  "जी", "सहित", "समेत",
};

/* Titles and roles before a person's name (folded). */
static const char * const titles[] = {
  "राष्ट्रपति", "प्रधानमंत्री", "मंत्री", "सचिव", "नेता", "प्रवक्ता", "राजदूत",
  "मुख्यमंत्री", "न्यायाधीश", "जज", "कप्तान", "अभिनेता", "अभिनेत्री", "महासचिव",
  "उपराष्ट्रपति", "उपमुख्यमंत्री", "राज्यपाल", "गवर्नर", "सांसद", "विधायक",
  "अध्यक्ष", "चेयरमैन", "सीईओ", "निदेशक", "कमांडर", "जनरल", "कोच", "बल्लेबाज",
  "गेंदबाज", "शटलर", "खिलाड़ी", "गायक", "गायिका", "निर्देशक", "लेखक",
  "प्रोफेसर", "वैज्ञानिक", "चांसलर", "प्रीमियर", "सुल्तान", "प्रिंस",
  "सेनाध्यक्ष", "आयुक्त", "कमिश्नर", "अधीक्षक", "महानिरीक्षक", "मेयर", "महापौर",
  "सरपंच", "अधिवक्ता", "वकील", "उपाध्यक्ष", "संस्थापक", "एंकर", "पत्रकार",
  "क्रिकेटर", "फिल्मकार", "कलाकार", "पहलवान", "धावक", "मुक्केबाज",
  "उपकप्तान", "विकेटकीपर", "ओपनर", "स्पिनर", "सलाहकार", "राजनयिक",
  "श्री", "श्रीमती", "सुश्री", "डॉ", "मिस्टर", "मिसेज", "जनाब",
  "प्रो", "स्वर्गीय", "दिवंगत", "साध्वी", "स्वामी", "महंत", "मौलाना",
  "न्यायमूर्ति", "जस्टिस", "पीएम", "सीएम", "डीएम", "एसपी", "डीजीपी", "एसएचओ",
  "थानाध्यक्ष", "प्रभारी", "अभियुक्त", "आरोपी", "मृतक", "पीड़ित", "छात्रा",
  "उद्योगपति", "अरबपति", "कारोबारी", "गेंदबाज़", "बल्लेबाज़", "एथलीट",
  "महाराज", "राजा", "रानी", "बादशाह", "फील्ड मार्शल", "एडमिरल", "ब्रिगेडियर",
  "कर्नल", "मेजर", "लेफ्टिनेंट", "कैप्टन", "इंस्पेक्टर", "सब-इंस्पेक्टर", "दरोगा",
  "अधिकारी", "प्रतिनिधि", "दूत", "विशेषज्ञ", "अर्थशास्त्री", "विश्लेषक",
  "कांस्टेबल", "सिपाही", "हवलदार", "एसएसपी", "एसडीएम", "तहसीलदार", "विधायक",
  "स्वर्गवासी", "उपायुक्त", "उपनिरीक्षक", "निरीक्षक", "महानिदेशक", "उपमहानिरीक्षक",
  "प्रधानाचार्य", "कुलपति", "प्राचार्य", "चेयरपर्सन", "एमडी", "सीएमडी", "सीएफओ",
  "अध्यक्षा", "प्रमुख सचिव", "मुख्य सचिव", "कैबिनेट मंत्री", "राज्यमंत्री", "सह-संस्थापक",
  "फुटबॉलर", "टेनिस खिलाड़ी", "निशानेबाज", "तैराक", "गोल्फर", "ग्रैंडमास्टर",
  "संगीतकार", "गीतकार", "गोलकीपर", "यात्री", "अंतरिक्षयात्री", "एस्ट्रोनॉट", "अमीर",
  "शेख", "निर्माता", "प्रोड्यूसर", "डायरेक्टर", "कोरियोग्राफर", "ऑलराउंडर", "डिफेंडर",
  "मिडफील्डर", "फॉरवर्ड", "ड्रैगफ्लिकर", "बॉक्सर", "नेत्री", "उद्यमी", "प्रेसिडेंट",
  "सेक्रेटरी", "चेयरपर्सन", "कमांडेंट",
};

/* Heads of organization names; a weak head needs two modifiers that are
 * not common words (निगरानी समूह is no name, बहुपक्षीय प्रतिबंध निगरानी दल is). */
static const char * const strong_heads[] = {
  "मंत्रालय", "विश्वविद्यालय", "यूनिवर्सिटी", "आयोग", "प्राधिकरण", "निगम", "संस्थान",
  "बोर्ड", "न्यायालय", "कोर्ट", "विभाग", "परिषद", "समिति", "पार्टी", "बैंक",
  "संगठन", "एजेंसी", "निदेशालय", "अकादमी", "फाउंडेशन", "ट्रस्ट", "कॉर्पोरेशन",
  "लिमिटेड", "इंस्टीट्यूट", "कॉलेज", "महाविद्यालय", "अस्पताल", "मोर्चा", "कमीशन",
  "एसोसिएशन", "महासंघ", "फेडरेशन", "ब्यूरो", "कांग्रेस", "लीग", "कमेटी", "कमिटी",
  "हाईकोर्ट", "यूनियन", "इंडस्ट्रीज", "सोसाइटी", "परिसंघ", "सेंटर", "काउंसिल",
  "अथॉरिटी", "ऑर्गनाइजेशन", "फोरम", "फंड", "एकेडमी", "इंस्टिट्यूट", "कॉर्पोरेशन",
  "पुलिस", "एक्सचेंज",
};
static const char * const weak_heads[] = {
  "दल", "टीम", "समूह", "संघ", "सेना", "बल", "क्लब", "कंपनी", "ग्रुप",
};

/* English heads of company names: a known name before them is part of the
 * company's name (टाटा संस, एयर इंडिया एक्सप्रेस), not an entity of its own. */
static const char * const corporate_heads[] = {
  "लिमिटेड", "सर्विसेज", "टेक्नोलॉजीज", "इंडस्ट्रीज", "कॉर्पोरेशन", "एयरलाइंस",
  "एयरलाइन", "एयरवेज", "बैंक", "संस", "मोटर्स", "होल्डिंग्स", "एक्सप्रेस",
  "वेंचर्स", "सिस्टम्स", "सॉल्यूशंस", "लैब्स", "इंटरनेशनल", "एंटरप्राइजेज", "स्टील",
  "पावर", "फाउंडेशन", "एक्सचेंज", "इंडिया",
};

/* Words after a demonym that is also a common word (चीनी: sugar, Chinese)
 * which show it names a people or a state: चीनी सेना, चीनी नागरिक. */
static const char * const nationality_nouns[] = {
  "सेना", "सरकार", "कंपनी", "कंपनियों", "कंपनियां", "नागरिक", "नागरिकों", "राष्ट्रपति",
  "प्रधानमंत्री", "विदेश", "रक्षा", "सैनिक", "सैनिकों", "अधिकारी", "अधिकारियों", "दूतावास",
  "राजदूत", "मीडिया", "नेता", "नेताओं", "सीमा", "जहाज", "जहाजों", "विमान", "सामान",
  "उत्पाद", "उत्पादों", "निवेश", "ऐप", "ऐप्स", "हैकर", "हैकरों", "छात्र", "छात्रों",
  "वैज्ञानिक", "वैज्ञानिकों", "नौसेना", "वायुसेना", "घुसपैठ", "राज्य", "पक्ष", "समकक्ष",
  "प्रवक्ता", "मंत्री", "दल", "प्रतिनिधिमंडल", "कम्युनिस्ट", "यात्री", "पर्यटक", "लोग",
  "लोगों", "भाषा", "मूल", "समाचार", "सरकारी", "सेनाओं", "संसद", "अर्थव्यवस्था",
};

/* Participles of authorship after "X Y की/द्वारा": the doer is a person. */
static const char * const credit_words[] = {
  "निर्मित", "निर्देशित", "लिखित", "रचित", "संगीतबद्ध", "अभिनीत", "प्रोड्यूस",
};

/* Demonyms that are also everyday nouns: चीनी is sugar. */
static const char * const homograph_demonyms[] = {
  "चीनी",
};

/* Names of months, for datelines ("ब्रिजटाउन, 30 जून"). */
static const char * const month_names[] = {
  "जनवरी", "फरवरी", "मार्च", "अप्रैल", "मई", "जून", "जुलाई", "अगस्त", "सितंबर",
  "सितम्बर", "अक्टूबर", "अक्तूबर", "नवंबर", "नवम्बर", "दिसंबर", "दिसम्बर",
};

/* Surnames and name parts so many people share that alone they point at
 * nobody: a lone सिंह is not the Singh named before. */
static const char * const shared_name_parts[] = {
  "सिंह", "कुमार", "कुमारी", "देवी", "कौर", "प्रसाद", "लाल", "चंद", "चंद्र", "राम",
  "बहादुर", "मोहम्मद", "मोहम्मद", "अली", "बिन", "अल", "भाई", "बेन", "बाई",
};

/* Middle names of North Indian names: "रुपिंदर पाल सिंह", "राम नाथ
 * कोविंद" are whole names, not a word and a name. */
static const char * const middle_names[] = {
  "पाल", "नाथ", "देव", "राज", "कांत", "प्रताप", "भूषण", "सिंह", "कुमार", "प्रसाद",
  "लाल", "चंद", "चंद्र", "मोहन", "प्रकाश", "दत्त", "जीत", "प्रीत",
};

/* Particles inside Arabic names. */
static const char * const name_particles[] = {
  "बिन", "अल", "इब्न", "बिंत", "अबू", "उद", "उल",
};

/* Captions in parentheses, never an alias: "(फाइल फोटो)". */
static const char * const caption_words[] = {
  "फोटो", "फाइल", "प्रतीकात्मक", "सांकेतिक", "वीडियो", "तस्वीर", "चित्र", "इमेज",
};

/* Names of Latin letters, the initials of Indian names (डी. वाई. चंद्रचूड़). */
static const char * const letter_names[] = {
  "ए", "बी", "सी", "डी", "ई", "एफ", "जी", "एच", "आई", "जे", "के", "एल", "एम",
  "एन", "ओ", "पी", "क्यू", "आर", "एस", "टी", "यू", "वी", "डब्ल्यू", "एक्स",
  "वाई", "जेड", "ज़ेड",
};

/* A letter name's folding key, with its length and first character. */
typedef struct {
  const char *fold;
  gsize       len;
  gunichar    first;
} LetterName;

static gpointer
fold_letters (gpointer data)
{
  LetterName *out = g_new0 (LetterName, G_N_ELEMENTS (letter_names));

  for (guint i = 0; i < G_N_ELEMENTS (letter_names); i++)
    {
      char *fold = khoji_text_fold (letter_names[i], -1);

      out[i].fold = fold;
      out[i].len = strlen (fold);
      out[i].first = g_utf8_get_char (fold);
    }
  return out;
}

/* Verbs of saying after "X Y ने". */
static const char * const speech_verbs[] = {
  "कहा", "बताया", "कहना", "दावा", "आरोप", "पूछा", "लिखा", "ट्वीट", "घोषणा",
  "बयान", "जवाब", "जताई", "जताया", "स्पष्ट",
};

/* Words after a place name that say it is a place (पटना शहर, गया जिले). */
static const char * const place_cues[] = {
  "शहर", "जिले", "जिला", "प्रांत", "कस्बे", "गांव", "इलाके", "कस्बा", "तहसील",
  "कोतवाली", "थाना", "थाने", "चौकी", "ब्लॉक", "प्रखंड", "मोहल्ले", "मोहल्ला", "कॉलोनी",
  "चौराहे", "चौराहा",
};

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
  N_LISTS,
} ListId;

static GHashTable *
fold_set (const char * const *list,
          gsize               n)
{
  GHashTable *set = g_hash_table_new_full (khoji_text_hash, g_str_equal, g_free, NULL);

  for (gsize i = 0; i < n; i++)
    g_hash_table_add (set, khoji_text_fold (list[i], -1));
  return set;
}

static gpointer
build_lists (gpointer data)
{
  /* One more, last: every listed fold -> the bits of its lists. */
  GHashTable **sets = g_new0 (GHashTable *, N_LISTS + 1);
  GHashTable *masks = g_hash_table_new (khoji_text_hash, g_str_equal);

  sets[LIST_FUNCTION] = fold_set (function_words, G_N_ELEMENTS (function_words));
  sets[LIST_POSTPOSITION] = fold_set (postpositions, G_N_ELEMENTS (postpositions));
  sets[LIST_TITLE] = fold_set (titles, G_N_ELEMENTS (titles));
  sets[LIST_STRONG_HEAD] = fold_set (strong_heads, G_N_ELEMENTS (strong_heads));
  sets[LIST_WEAK_HEAD] = fold_set (weak_heads, G_N_ELEMENTS (weak_heads));
  sets[LIST_PLACE_CUE] = fold_set (place_cues, G_N_ELEMENTS (place_cues));
  sets[LIST_SPEECH] = fold_set (speech_verbs, G_N_ELEMENTS (speech_verbs));
  sets[LIST_LETTER] = fold_set (letter_names, G_N_ELEMENTS (letter_names));
  sets[LIST_CORPORATE] = fold_set (corporate_heads, G_N_ELEMENTS (corporate_heads));
  sets[LIST_NATIONALITY] = fold_set (nationality_nouns, G_N_ELEMENTS (nationality_nouns));
  sets[LIST_MONTH] = fold_set (month_names, G_N_ELEMENTS (month_names));
  sets[LIST_SHARED_PART] = fold_set (shared_name_parts, G_N_ELEMENTS (shared_name_parts));
  sets[LIST_CAPTION] = fold_set (caption_words, G_N_ELEMENTS (caption_words));
  sets[LIST_HOMOGRAPH_DEMONYM] = fold_set (homograph_demonyms, G_N_ELEMENTS (homograph_demonyms));
  sets[LIST_CREDIT] = fold_set (credit_words, G_N_ELEMENTS (credit_words));
  sets[LIST_MIDDLE] = fold_set (middle_names, G_N_ELEMENTS (middle_names));
  sets[LIST_PARTICLE] = fold_set (name_particles, G_N_ELEMENTS (name_particles));
  for (guint id = 0; id < N_LISTS; id++)
    {
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, sets[id]);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        g_hash_table_insert (masks, key,
                             GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (masks, key)) | (1u << id)));
    }
  sets[N_LISTS] = masks;
  return sets;
}

static GHashTable **
lists (void)
{
  static GOnce once = G_ONCE_INIT;

  return g_once (&once, build_lists, NULL);
}

G_STATIC_ASSERT (N_LISTS <= 32);

/* The rules ask many lists about the same words: each word looks its
 * lists up once, in fill_words. */
static guint32
list_bits (const char *folded)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (lists ()[N_LISTS], folded));
}

#define WORD_IN(list, w) (((w)->lists & (1u << (list))) != 0)

static gboolean
joinable (GapKind gap)
{
  return gap == GAP_SPACE || gap == GAP_HYPHEN || gap == GAP_INITIAL;
}

static GapKind
classify_gap (const char *text,
              const Word *w,
              gsize       next_start)
{
  gboolean hyphen = FALSE, dot = FALSE;

  if (next_start == w->end)
    return GAP_HYPHEN;  /* a word break inside one token: keep it together */
  for (const char *p = text + w->end; p < text + next_start; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\n' || c == '\r')
        return GAP_OTHER;
      if (c == ' ' || c == '\t' || c == 0xA0 || c == 0x200C || c == 0x200D)
        continue;
      if ((c == '-' || c == 0x2010 || c == 0x2011 || c == 0x2013) && !hyphen && !dot)
        hyphen = TRUE;
      else if (c == '.' && !dot && !hyphen)
        dot = TRUE;
      else
        return GAP_OTHER;
    }
  /* "डॉ. सिन्हा", "प्रो. यादव": an abbreviated title joins its name. */
  if (dot && (strcmp (w->fold, "डा") == 0 || strcmp (w->fold, "प्रो") == 0))
    return GAP_INITIAL;
  if (dot)
    return (w->latin ? w->n_chars == 1 : WORD_IN (LIST_LETTER, w)) ? GAP_INITIAL : GAP_OTHER;
  return hyphen ? GAP_HYPHEN : GAP_SPACE;
}

static void
fill_words (Ctx               *ctx,
            const char        *text,
            const KhojiTokens *tokens)
{
  gsize len = strlen (text);
  g_autoptr(GArray) spans = NULL;
  guint n;

  /* Folds made once for the article are borrowed: `tokens` outlives
   * the extraction. */
  if (tokens != NULL && tokens->text_len != len)
    tokens = NULL;
  if (tokens == NULL)
    spans = khoji_text_words (text, len);
  n = tokens ? tokens->tokens->len : spans->len;

  ctx->n_words = n;
  ctx->words = g_new0 (Word, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      const KhojiToken *t = tokens ? &g_array_index (tokens->tokens, KhojiToken, i) : NULL;
      const KhojiSpan *s = t ? &t->span : &g_array_index (spans, KhojiSpan, i);
      Word *w = &ctx->words[i];
      gboolean any_lower = FALSE;

      w->start = s->start;
      w->end = s->end;
      if (t)
        {
          w->fold = tokens->keys->str + t->key;
          w->fold_len = t->key_len;
        }
      else
      {
        /* Articles repeat their words (के, में, रूस): fold each once. */
        g_autofree char *raw = g_strndup (text + s->start, s->end - s->start);
        char *fold = g_hash_table_lookup (ctx->fold_cache, raw);

        if (fold == NULL)
          {
            fold = khoji_text_fold (raw, -1);
            g_hash_table_insert (ctx->fold_cache, g_steal_pointer (&raw), fold);
          }
        w->fold = fold;
        w->fold_len = strlen (fold);
      }
      w->lists = list_bits (w->fold);
      w->cover = -1;
      w->nameish = -1;
      for (const char *p = text + s->start; p < text + s->end; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);

          w->n_chars++;
          if (khoji_text_is_devanagari (c))
            w->deva = TRUE;
          else if (c < 0x250 && g_unichar_isalpha (c))
            {
              if (!w->latin)
                w->upper = g_unichar_isupper (c);
              w->latin = TRUE;
              if (g_unichar_islower (c))
                any_lower = TRUE;
            }
          if (p == text + s->start && khoji_text_digit_value (c) >= 0)
            w->digit = TRUE;
        }
      w->all_caps = w->latin && !any_lower;
    }
  for (guint i = 0; i < ctx->n_words; i++)
    ctx->words[i].gap = i + 1 < ctx->n_words
      ? classify_gap (text, &ctx->words[i], ctx->words[i + 1].start) : GAP_OTHER;
}

static void
append_folds (Ctx        *ctx,
              GString    *s,
              guint       first,
              guint       last,
              const char *last_override)
{
  for (guint i = first; i <= last; i++)
    {
      if (i > first)
        g_string_append_c (s, ' ');
      if (i == last && last_override)
        g_string_append (s, last_override);
      else
        g_string_append_len (s, ctx->words[i].fold, ctx->words[i].fold_len);
    }
}

static char *
join_folds (Ctx        *ctx,
            guint       first,
            guint       last,
            const char *last_override)
{
  GString *s = g_string_new (NULL);

  append_folds (ctx, s, first, last, last_override);
  return g_string_free (s, FALSE);
}

/* The same in the context's scratch buffer, valid until the next call:
 * the longest-match loop tries several lengths at nearly every word. */
static const char *
join_folds_scratch (Ctx   *ctx,
                    guint  first,
                    guint  last)
{
  g_string_truncate (ctx->scratch, 0);
  append_folds (ctx, ctx->scratch, first, last, NULL);
  return ctx->scratch->str;
}

static char *
span_text (Ctx   *ctx,
           guint  first,
           guint  last)
{
  return g_strndup (ctx->text + ctx->words[first].start,
                    ctx->words[last].end - ctx->words[first].start);
}

static gboolean
is_stop (Ctx        *ctx,
         const Word *w)
{
  return _khoji_gazetteer_is_stopword (ctx->gz, w->fold) || WORD_IN (LIST_FUNCTION, w);
}

static int
add_cand (Ctx             *ctx,
          guint            first,
          guint            last,
          KhojiEntityType  type,
          const char      *key,
          const char      *name,
          const char      *latin,
          Origin           origin)
{
  Cand c = { 0 };

  for (guint i = first; i <= last; i++)
    if (ctx->words[i].cover >= 0)
      return -1;
  c.first = first;
  c.last = last;
  c.type = type;
  c.key = g_strdup (key);
  c.name = g_strdup (name);
  c.latin = latin ? g_strdup (latin) : NULL;
  c.origin = origin;
  g_array_append_val (ctx->cands, c);
  for (guint i = first; i <= last; i++)
    ctx->words[i].cover = (int) ctx->cands->len - 1;
  return (int) ctx->cands->len - 1;
}

static Cand *
cand_at (Ctx *ctx,
         int  index)
{
  return &g_array_index (ctx->cands, Cand, index);
}

static void
kill_cand (Ctx *ctx,
           int  index)
{
  Cand *c = cand_at (ctx, index);

  c->dead = TRUE;
  for (guint i = c->first; i <= c->last; i++)
    if (ctx->words[i].cover == index)
      ctx->words[i].cover = -1;
}

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
static const KhojiGzEntity *
lookup_demonym (Ctx   *ctx,
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
      g_autofree char *joined = first == last ? NULL : join_folds (ctx, first, last, stems->pdata[i]);
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
      !joinable (ctx->words[next - 1].gap))
    return FALSE;
  if (!adjective)
    {
      const char *f = ctx->words[next].fold;
      if (strcmp (f, "कि") != 0 && strcmp (f, "के") != 0 && strcmp (f, "का") != 0)
        return FALSE;
      start = next + 1;
      if (start >= ctx->n_words || !joinable (ctx->words[next].gap))
        return FALSE;
    }
  for (guint n = 3; n >= 1; n--)
    {
      guint last = start + n - 1;
      g_autofree char *key = NULL;
      const KhojiGzEntity *body;
      gboolean ok = last < ctx->n_words;

      for (guint i = start; ok && i < last; i++)
        ok = joinable (ctx->words[i].gap);
      if (!ok)
        continue;
      key = join_folds (ctx, start, last, NULL);
      body = _khoji_gazetteer_lookup_body (ctx->gz, key);
      if (body != NULL)
        {
          g_autofree char *latin = g_strdup_printf ("%s of %s", body->latin, owner->latin);
          g_autofree char *lower = g_utf8_strdown (latin, -1);
          g_autofree char *ekey = g_strconcat ("organization:", lower, NULL);
          g_autofree char *name = span_text (ctx, first, last);

          add_cand (ctx, first, last, KHOJI_ENTITY_ORGANIZATION, ekey, name, latin,
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
        ok = joinable (ctx->words[i].gap);
      if (!ok)
        continue;
      key = join_folds (ctx, first, last, NULL);
      body = _khoji_gazetteer_lookup_body (ctx->gz, key);
      if (body == NULL)
        continue;
      body_lower = g_utf8_strdown (body->latin, -1);
      for (int c = (int) ctx->cands->len - 1; c >= 0; c--)
        {
          Cand *prev = cand_at (ctx, c);
          g_autofree char *prev_lower = NULL;

          if (prev->dead || prev->type != KHOJI_ENTITY_ORGANIZATION || prev->latin == NULL)
            continue;
          prev_lower = g_utf8_strdown (prev->latin, -1);
          if (strstr (prev_lower, body_lower) != NULL)
            {
              g_autofree char *k = g_strdup (prev->key);
              g_autofree char *nm = g_strdup (prev->name);
              g_autofree char *lt = g_strdup (prev->latin);

              add_cand (ctx, first, last, KHOJI_ENTITY_ORGANIZATION, k, nm, lt, ORIGIN_ALIAS);
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
static void
resolve_bare_bodies (Ctx *ctx)
{
  g_autoptr(GHashTable) counts = NULL;
  guint india = 0, other = 0;
  g_autofree char *india_fold = NULL;

  if (ctx->bare_bodies->len == 0)
    return;
  counts = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint c = 0; c < ctx->cands->len; c++)
    {
      Cand *cand = cand_at (ctx, c);
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
      g_autofree char *body_key = join_folds (ctx, bb->first, bb->last, NULL);
      g_autofree char *own_key = g_strconcat (india_fold, " ", body_key, NULL);
      const KhojiGzEntity *own = _khoji_gazetteer_lookup (ctx->gz, own_key);
      g_autofree char *name = span_text (ctx, bb->first, bb->last);

      if (own != NULL && own->type == KHOJI_ENTITY_ORGANIZATION)
        add_cand (ctx, bb->first, bb->last, own->type, own->key, own->name, own->latin,
                  ORIGIN_ALIAS);
      else
        add_cand (ctx, bb->first, bb->last, KHOJI_ENTITY_ORGANIZATION, bb->body->key,
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

/* A demonym that is also a common word (चीनी: sugar) names its country
 * only before a people, a state or its things: चीनी सेना, चीनी नागरिक. */
static gboolean
demonym_in_use (Ctx   *ctx,
                guint  first,
                guint  last)
{
  if (first != last || !WORD_IN (LIST_HOMOGRAPH_DEMONYM, &ctx->words[last]))
    return TRUE;
  return last + 1 < ctx->n_words && joinable (ctx->words[last].gap) &&
         WORD_IN (LIST_NATIONALITY, &ctx->words[last + 1]);
}

/* Longest match at word `i` over the lexicon and the gazetteer; returns the
 * number of words taken. */
static guint
match_at (Ctx   *ctx,
          guint  i)
{
  guint max = _khoji_gazetteer_max_words (ctx->gz);
  guint reach = 1;
  guint limit;

  while (reach < max && i + reach < ctx->n_words && joinable (ctx->words[i + reach - 1].gap))
    reach++;
  /* No form starts with this word: only its demonym may still match. */
  if (!_khoji_gazetteer_is_first_word (ctx->gz, ctx->words[i].fold) &&
      (ctx->lexicon_first == NULL ||
       !g_hash_table_contains (ctx->lexicon_first, ctx->words[i].fold)))
    reach = 0;

  if (reach == 0)
    {
      const KhojiGzEntity *e = lookup_demonym (ctx, i, i);
      int c;

      if (e == NULL || !demonym_in_use (ctx, i, i))
        return 0;
      if (try_owned_body (ctx, i, i + 1, e, TRUE))
        return cand_at (ctx, ctx->cands->len - 1)->last - i + 1;
      c = add_cand (ctx, i, i, e->type, e->key, e->name, e->latin, ORIGIN_GAZETTEER);
      if (c >= 0)
        cand_at (ctx, c)->adjective = cand_at (ctx, c)->country = TRUE;
      return 1;
    }

  /* A key of n words, found in the lexicon, the gazetteer or through a
   * demonym as its last word, begins with n - 1 words that start a longer
   * form: the lengths past the longest such start are not tried. */
  for (limit = 1; limit < reach; limit++)
    {
      const char *start = join_folds_scratch (ctx, i, i + limit - 1);

      if (!_khoji_gazetteer_is_prefix (ctx->gz, start) &&
          (ctx->lexicon_prefixes == NULL || !g_hash_table_contains (ctx->lexicon_prefixes, start)))
        break;
    }

  for (guint n = limit; n >= 1; n--)
    {
      guint last = i + n - 1;
      const char *key = join_folds_scratch (ctx, i, last);
      const KhojiGzEntity *e;

      if (ctx->lexicon != NULL)
        {
          KhojiLexiconEntry *lx = g_hash_table_lookup (ctx->lexicon, key);
          if (lx != NULL)
            {
              g_autofree char *name = lx->name ? NULL : span_text (ctx, i, last);
              add_cand (ctx, i, last, lx->type, lx->entity_key, lx->name ? lx->name : name,
                        lx->latin, ORIGIN_GAZETTEER);
              return n;
            }
        }

      e = _khoji_gazetteer_lookup (ctx->gz, key);
      if (e != NULL && e->paren && !in_parentheses (ctx, i, last))
        e = NULL;
      if (e != NULL && latin_case_ok (ctx, i, last))
        {
          int c;
          if (try_owned_body (ctx, i, last + 1, e, FALSE))
            return cand_at (ctx, ctx->cands->len - 1)->last - i + 1;
          c = add_cand (ctx, i, last, e->type, e->key, e->name, e->latin, ORIGIN_GAZETTEER);
          if (c >= 0)
            cand_at (ctx, c)->country = e->adjective && e->type == KHOJI_ENTITY_PLACE;
          return n;
        }

      e = lookup_demonym (ctx, i, last);
      if (e != NULL && !demonym_in_use (ctx, i, last))
        e = NULL;
      if (e != NULL)
        {
          int c;
          if (try_owned_body (ctx, i, last + 1, e, TRUE))
            return cand_at (ctx, ctx->cands->len - 1)->last - i + 1;
          c = add_cand (ctx, i, last, e->type, e->key, e->name, e->latin, ORIGIN_GAZETTEER);
          if (c >= 0)
            cand_at (ctx, c)->adjective = cand_at (ctx, c)->country = TRUE;
          return n;
        }
    }

  if (try_bare_body (ctx, i))
    return cand_at (ctx, ctx->cands->len - 1)->last - i + 1;
  return 0;
}

static gboolean
is_title (const Word *w)
{
  return WORD_IN (LIST_TITLE, w);
}

static gboolean
name_like (Ctx   *ctx,
           guint  i)
{
  Word *w = &ctx->words[i];

  if (w->cover >= 0)
    return FALSE;
  if (w->nameish < 0)
    w->nameish = w->deva && !w->digit && w->n_chars >= 2 &&
                 !is_stop (ctx, w) && !is_title (w) &&
                 _khoji_gazetteer_lookup (ctx->gz, w->fold) == NULL &&
                 _khoji_gazetteer_lookup_body (ctx->gz, w->fold) == NULL;
  return w->nameish;
}

/* The run of name-like words from i, joined by spaces or hyphens; at most
 * `max` words, 0 when the run is longer (no name is that long). */
static guint
name_run (Ctx   *ctx,
          guint  i,
          guint  max)
{
  guint n = 0;

  while (i + n < ctx->n_words && name_like (ctx, i + n))
    {
      n++;
      if (!joinable (ctx->words[i + n - 1].gap))
        break;
    }
  if (n > max)
    return 0;
  return n;
}

/* What follows a name: punctuation, the end, a postposition. */
static gboolean
ends_name (Ctx   *ctx,
           guint  last)
{
  if (last + 1 >= ctx->n_words || !joinable (ctx->words[last].gap))
    return TRUE;
  return WORD_IN (LIST_POSTPOSITION, &ctx->words[last + 1]);
}

static void
add_rule_cand (Ctx             *ctx,
               guint            first,
               guint            last,
               KhojiEntityType  type)
{
  g_autofree char *fold = join_folds (ctx, first, last, NULL);
  g_autofree char *key = NULL;
  g_autofree char *name = span_text (ctx, first, last);

  /* "भारत मौसम विज्ञान विभाग" and "भारतीय मौसम विज्ञान विभाग" are one body. */
  if (type == KHOJI_ENTITY_ORGANIZATION && g_str_has_prefix (fold, "भारतिय "))
    {
      char *plain = g_strconcat ("भारत ", fold + strlen ("भारतिय "), NULL);
      g_free (fold);
      fold = plain;
    }
  key = g_strconcat (khoji_entity_type_to_string (type), ":", fold, NULL);
  add_cand (ctx, first, last, type, key, name, NULL, ORIGIN_RULE);
}

/* Verb forms that end a lone word after a title ("डॉक्टर बनने का"). */
static gboolean
looks_inflected (const char *fold)
{
  static const char * const endings[] = { "ने", "ना", "ते", "कर", "एगा", "एगि", "ेंगे" };

  for (guint i = 0; i < G_N_ELEMENTS (endings); i++)
    if (g_str_has_suffix (fold, endings[i]))
      return TRUE;
  return FALSE;
}

/* People after a title or honorific: राष्ट्रपति X Y, मंत्री री चांग-डे. */
static void
rule_titles (Ctx *ctx)
{
  for (guint i = 0; i + 1 < ctx->n_words; i++)
    {
      guint n, hyphens = 0;

      gboolean head_of_org = FALSE;

      /* "इसरो प्रमुख एस सोमनाथ": प्रमुख is a title after an organization
       * (elsewhere it is the adjective "main"). */
      if (i > 0 && joinable (ctx->words[i - 1].gap) && ctx->words[i - 1].cover >= 0 &&
          cand_at (ctx, ctx->words[i - 1].cover)->type == KHOJI_ENTITY_ORGANIZATION)
        head_of_org = strcmp (ctx->words[i].fold, "प्रमुख") == 0 ||
                      strcmp (ctx->words[i].fold, "चिफ") == 0;
      if ((!head_of_org && !is_title (&ctx->words[i])) || !joinable (ctx->words[i].gap))
        continue;
      n = name_run (ctx, i + 1, 6);
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
      if (n == 1 && (!ends_name (ctx, i + 1) || looks_inflected (ctx->words[i + 1].fold)))
        continue;
      add_rule_cand (ctx, i + 1, i + n, KHOJI_ENTITY_PERSON);
      i += n;
    }
}

static gboolean
comma_gap (Ctx   *ctx,
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
static void
rule_person_lists (Ctx *ctx)
{
  for (guint c = 0; c < ctx->cands->len; c++)
    {
      Cand *cand = cand_at (ctx, c);
      guint j, n;

      if (cand->dead || cand->type != KHOJI_ENTITY_PERSON)
        continue;
      j = cand->last;
      if (comma_gap (ctx, j))
        j = j + 1;
      else if (j + 2 < ctx->n_words && joinable (ctx->words[j].gap) &&
               (strcmp (ctx->words[j + 1].fold, "और") == 0 ||
                strcmp (ctx->words[j + 1].fold, "व") == 0 ||
                strcmp (ctx->words[j + 1].fold, "तथा") == 0))
        j = j + 2;
      else
        continue;
      n = name_run (ctx, j, 3);
      if (n < 2 || !(comma_gap (ctx, j + n - 1) || ends_name (ctx, j + n - 1)))
        continue;
      if (looks_inflected (ctx->words[j + n - 1].fold))
        continue;
      /* The new candidate goes to the end of the array: the loop reaches
       * it too, and so follows the whole list. */
      add_rule_cand (ctx, j, j + n - 1, KHOJI_ENTITY_PERSON);
    }
}

/* Whether the last word of the name words[first..last] comes back alone
 * elsewhere in the text, as people are named again by surname
 * ("हेनरिक क्लासेन ने …, क्लासेन का"); a noun phrase doing a deed
 * ("डिजिटल भुगतान ने") seldom does. */
static gboolean
surname_recurs (Ctx   *ctx,
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
      if (k > 0 && joinable (ctx->words[k - 1].gap) &&
          strcmp (ctx->words[k - 1].fold, ctx->words[first].fold) == 0)
        continue;
      if (ends_name (ctx, k))
        return TRUE;
    }
  return FALSE;
}

/* "X Y ने कहा": two name words, the agent of a verb of saying. */
static void
rule_speakers (Ctx *ctx)
{

  for (guint i = 0; i + 2 < ctx->n_words; i++)
    {
      guint n, after;
      gboolean said = FALSE;

      if (i > 0 && joinable (ctx->words[i - 1].gap) && name_like (ctx, i - 1))
        continue;
      n = name_run (ctx, i, 2);
      if (n != 2 || i + n + 1 >= ctx->n_words || !joinable (ctx->words[i + 1].gap))
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
               joinable (ctx->words[i + n].gap) &&
               WORD_IN (LIST_CREDIT, &ctx->words[i + n + 1]))
        said = TRUE;
      else if (strcmp (ctx->words[i + n].fold, "ने") != 0)
        continue;
      if (looks_inflected (ctx->words[i + 1].fold) ||
          g_str_has_suffix (ctx->words[i + 1].fold, "ों") ||
          g_str_has_suffix (ctx->words[i + 1].fold, "ओं") ||
          g_str_has_suffix (ctx->words[i].fold, "िय"))
        continue;
      after = i + n + 1;
      for (guint k = after; k < after + 4 && k < ctx->n_words && !said; k++)
        {
          said = WORD_IN (LIST_SPEECH, &ctx->words[k]);
          if (!joinable (ctx->words[k].gap))
            break;
        }
      /* Any deed done by two name words no list knows is a person's
       * ("हेनरिक क्लासेन ने 27 रन बनाए") when both read as names:
       * long enough, not verbs, not plurals. */
      if (!said && strcmp (ctx->words[i + n].fold, "ने") == 0 &&
          ctx->words[i].n_chars >= 3 && ctx->words[i + 1].n_chars >= 3 &&
          !looks_inflected (ctx->words[i].fold) &&
          !g_str_has_suffix (ctx->words[i].fold, "ों") &&
          !g_str_has_suffix (ctx->words[i].fold, "ओं") &&
          !g_str_has_suffix (ctx->words[i + 1].fold, "ता") &&
          !WORD_IN (LIST_TITLE, &ctx->words[i]) && surname_recurs (ctx, i, i + 1))
        said = TRUE;
      if (said)
        add_rule_cand (ctx, i, i + 1, KHOJI_ENTITY_PERSON);
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
static void
rule_family_and_age (Ctx *ctx)
{
  for (guint i = 0; i < ctx->n_words; i++)
    {
      guint n, last;
      const char *f;

      if (i > 0 && joinable (ctx->words[i - 1].gap) && name_like (ctx, i - 1))
        continue;
      n = name_run (ctx, i, 3);
      if (n == 0)
        continue;
      last = i + n - 1;
      if (age_follows (ctx, last))
        {
          if (n >= 2 || ends_name (ctx, last) || !joinable (ctx->words[last].gap))
            add_rule_cand (ctx, i, last, KHOJI_ENTITY_PERSON);
          i = last;
          continue;
        }
      if (last + 2 >= ctx->n_words || !joinable (ctx->words[last].gap))
        continue;
      f = ctx->words[last + 1].fold;
      if (strcmp (f, "पुत्र") != 0 && strcmp (f, "पुत्रि") != 0 && strcmp (f, "पत्नि") != 0)
        continue;
      add_rule_cand (ctx, i, last, KHOJI_ENTITY_PERSON);
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
          cand_at (ctx, ctx->words[before].cover)->type != KHOJI_ENTITY_PERSON ||
          !joinable (ctx->words[k].gap))
        continue;
      m = name_run (ctx, k + 1, 3);
      if (m > 0)
        add_rule_cand (ctx, k + 1, k + m, KHOJI_ENTITY_PERSON);
    }
}

/* "अटल जी ने", "नीतीश जी का": a name before the honorific जी. */
static void
rule_honorific_ji (Ctx *ctx)
{
  for (guint i = 0; i + 2 < ctx->n_words; i++)
    {
      guint n, last;

      if (i > 0 && joinable (ctx->words[i - 1].gap) && name_like (ctx, i - 1))
        continue;
      n = name_run (ctx, i, 2);
      if (n == 0)
        continue;
      last = i + n - 1;
      if (!joinable (ctx->words[last].gap) || strcmp (ctx->words[last + 1].fold, "जि") != 0 ||
          !ends_name (ctx, last + 1) || last + 2 >= ctx->n_words ||
          strcmp (ctx->words[last + 2].fold, "जि") == 0)
        {
          i = last;
          continue;
        }
      add_rule_cand (ctx, i, last, KHOJI_ENTITY_PERSON);
      i = last;
    }
}

/* "<country> की/के <two name words>" before a postposition is one of its
 * people, in sport and politics alike: "स्कॉटलैंड की क्रिस्टी गिलमोर को". */
static void
rule_owned_person (Ctx *ctx)
{
  for (guint i = 0; i + 3 < ctx->n_words; i++)
    {
      int c = ctx->words[i].cover;
      const char *f = ctx->words[i + 1].fold;
      Cand *place;

      if (c < 0 || !joinable (ctx->words[i].gap) || !joinable (ctx->words[i + 1].gap))
        continue;
      place = cand_at (ctx, c);
      if (place->type != KHOJI_ENTITY_PLACE || place->adjective || place->last != i)
        continue;
      if (strcmp (f, "कि") != 0 && strcmp (f, "के") != 0 && strcmp (f, "का") != 0)
        continue;
      if (name_run (ctx, i + 2, 2) != 2 || i + 4 >= ctx->n_words || !joinable (ctx->words[i + 3].gap))
        continue;
      /* Only the doer or the receiver of an act, or one of a list of
       * such people ("पोलैंड के X Y और हंगरी के …"): "गाजा की पूर्ण
       * घेराबंदी के बाद" and "रूस की संसदीय प्रक्रिया में" are things. */
      f = ctx->words[i + 4].fold;
      /* "… X Y और हंगरी के टिबोर कापू भी": the last of such a list. */
      if (!(i >= 2 && strcmp (ctx->words[i - 1].fold, "और") == 0 &&
            ctx->words[i - 2].cover >= 0 &&
            cand_at (ctx, ctx->words[i - 2].cover)->type == KHOJI_ENTITY_PERSON) &&
          strcmp (f, "ने") != 0 && strcmp (f, "को") != 0 &&
          !(strcmp (f, "और") == 0 && i + 6 < ctx->n_words && ctx->words[i + 5].cover >= 0 &&
            cand_at (ctx, ctx->words[i + 5].cover)->type == KHOJI_ENTITY_PLACE &&
            (strcmp (ctx->words[i + 6].fold, "के") == 0 || strcmp (ctx->words[i + 6].fold, "कि") == 0)))
        continue;
      if (g_str_has_suffix (ctx->words[i + 2].fold, "िय") ||
          g_str_has_suffix (ctx->words[i + 3].fold, "ने") ||
          g_str_has_suffix (ctx->words[i + 3].fold, "ना"))
        continue;
      add_rule_cand (ctx, i + 2, i + 3, KHOJI_ENTITY_PERSON);
    }
}

/* People by common given names and surnames: विजय कुमार सिन्हा,
 * फवाद चौधरी. */
static void
rule_person_names (Ctx *ctx)
{
  for (guint i = 0; i + 1 < ctx->n_words; i++)
    {
      guint n, first_cls, last_cls;

      /* Start at the first word of a run, or at a given name inside one
       * ("नेतृत्व व्लादिमीर मेदिंस्की ने"). */
      if (i > 0 && name_like (ctx, i - 1) && joinable (ctx->words[i - 1].gap) &&
          !(_khoji_gazetteer_name_class (ctx->gz, ctx->words[i].fold) & KHOJI_GZ_GIVEN))
        continue;
      n = name_run (ctx, i, 3);
      if (n == 0)
        {
          /* A run too long for one name that ends in a surname ends with a
           * name: "चोटिल प्रतिका रावल की" after words no list knows. */
          guint long_n = name_run (ctx, i, G_MAXUINT), last;

          if (long_n <= 3)
            continue;
          last = i + long_n - 1;
          if ((_khoji_gazetteer_name_class (ctx->gz, ctx->words[last].fold) & KHOJI_GZ_SURNAME) &&
              ends_name (ctx, last) && !looks_inflected (ctx->words[last - 1].fold))
            add_rule_cand (ctx, last - 1, last, KHOJI_ENTITY_PERSON);
          i = last;
          continue;
        }
      if (n < 2)
        continue;
      first_cls = _khoji_gazetteer_name_class (ctx->gz, ctx->words[i].fold);
      last_cls = _khoji_gazetteer_name_class (ctx->gz, ctx->words[i + n - 1].fold);
      /* Three words need a given name first: in "शब्द शेफाली वर्मा" the
       * name starts at the second. */
      if (n == 3 && !(first_cls & KHOJI_GZ_GIVEN) &&
          (_khoji_gazetteer_name_class (ctx->gz, ctx->words[i + 1].fold) & KHOJI_GZ_GIVEN) &&
          !WORD_IN (LIST_MIDDLE, &ctx->words[i + 1]))
        continue;
      if (((first_cls & KHOJI_GZ_GIVEN) && (last_cls & KHOJI_GZ_SURNAME)) ||
          ((last_cls & KHOJI_GZ_SURNAME) && ends_name (ctx, i + n - 1)) ||
          ((first_cls & KHOJI_GZ_GIVEN) && i + n < ctx->n_words &&
           strcmp (ctx->words[i + n].fold, "ने") == 0))
        {
          add_rule_cand (ctx, i, i + n - 1, KHOJI_ENTITY_PERSON);
          i += n - 1;
        }
    }
}

/* A three-word run whose last two words name a person found elsewhere in
 * the text starts one word late: "यह शब्द शेफाली वर्मा के" after
 * "शेफाली वर्मा और". */
static void
trim_person_runs (Ctx *ctx)
{
  g_autoptr(GHashTable) pairs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint c = 0; c < ctx->cands->len; c++)
    {
      Cand *cand = cand_at (ctx, c);
      if (!cand->dead && cand->type == KHOJI_ENTITY_PERSON && cand->last == cand->first + 1)
        g_hash_table_add (pairs, join_folds (ctx, cand->first, cand->last, NULL));
    }
  for (guint c = 0; c < ctx->cands->len; c++)
    {
      Cand *cand = cand_at (ctx, c);
      g_autofree char *tail = NULL;
      guint first, last;

      if (cand->dead || cand->origin != ORIGIN_RULE || cand->type != KHOJI_ENTITY_PERSON ||
          cand->last != cand->first + 2)
        continue;
      tail = join_folds (ctx, cand->first + 1, cand->last, NULL);
      if (!g_hash_table_contains (pairs, tail))
        continue;
      first = cand->first + 1;
      last = cand->last;
      kill_cand (ctx, c);
      add_rule_cand (ctx, first, last, KHOJI_ENTITY_PERSON);
    }
}

static gboolean is_deva_acronym (const char *fold);
static guint deva_letter_count (const char *fold);

/* English names in Devanagari go on after the head: "नेशनल सेंटर फॉर
 * सिस्मोलॉजी", "इंडियन इंस्टीट्यूट ऑफ साइंस". Returns the last word. */
static guint
extend_loan_name (Ctx *ctx,
                  guint index)
{
  Cand *cand = cand_at (ctx, index);
  guint h = cand->last, n;
  const char *f;

  if (h + 2 >= ctx->n_words || !joinable (ctx->words[h].gap))
    return h;
  f = ctx->words[h + 1].fold;
  if (strcmp (f, "फार") != 0 && strcmp (f, "आफ") != 0)
    return h;
  n = name_run (ctx, h + 2, 2);
  if (n == 0 || !ends_name (ctx, h + 1 + n))
    return h;
  {
    guint first = cand->first;
    kill_cand (ctx, index);
    add_rule_cand (ctx, first, h + 1 + n, KHOJI_ENTITY_ORGANIZATION);
  }
  return h + 1 + n;
}

/* Organizations by their head word: मौद्रिक नीति समिति, पटना हाई कोर्ट. */
static void
rule_org_heads (Ctx *ctx)
{
  for (guint h = 1; h < ctx->n_words; h++)
    {
      Word *head = &ctx->words[h];
      gboolean weak = WORD_IN (LIST_WEAK_HEAD, head);
      gboolean corporate = WORD_IN (LIST_CORPORATE, head);
      gboolean paren_after;
      guint first = h, specific = 0, modifiers = 0;
      int place = -1;

      /* "बंबई शेयर बाजार" is an exchange; any other बाजार is a market. */
      if (strcmp (head->fold, "बाजार") == 0 && h >= 2 && joinable (ctx->words[h - 1].gap) &&
          strcmp (ctx->words[h - 1].fold, "शेयर") == 0 && joinable (ctx->words[h - 2].gap) &&
          ctx->words[h - 2].cover >= 0 &&
          cand_at (ctx, ctx->words[h - 2].cover)->type == KHOJI_ENTITY_PLACE &&
          !cand_at (ctx, ctx->words[h - 2].cover)->adjective)
        corporate = TRUE;
      /* A corporate head a known name took for itself (इंडिया, Air India)
       * is still a head after other words: हॉकी इंडिया. */
      if (corporate && head->cover >= 0)
        {
          Cand *own = cand_at (ctx, head->cover);
          if (own->first == h && own->last == h && own->type == KHOJI_ENTITY_PLACE &&
              ctx->words[h - 1].cover < 0 && joinable (ctx->words[h - 1].gap) &&
              ctx->words[h - 1].deva && !is_stop (ctx, &ctx->words[h - 1]) &&
              !is_title (&ctx->words[h - 1]) && lookup_demonym (ctx, h - 1, h - 1) == NULL &&
              /* "टीम इंडिया" is India's side, named by its country */
              !WORD_IN (LIST_WEAK_HEAD, &ctx->words[h - 1]))
            kill_cand (ctx, head->cover);
        }
      if (head->cover >= 0 || !(weak || corporate || WORD_IN (LIST_STRONG_HEAD, head)))
        continue;
      /* "ग्राउंड हैंडलिंग कंपनी एआईएसएटीएस": a weak head right before an
       * acronym describes the company the acronym names. */
      if (weak && h + 1 < ctx->n_words && joinable (head->gap) && ctx->words[h + 1].deva &&
          is_deva_acronym (ctx->words[h + 1].fold))
        {
          if (ctx->words[h + 1].cover < 0 &&
              (ends_name (ctx, h + 1) || WORD_IN (LIST_FUNCTION, &ctx->words[h + 2])))
            add_rule_cand (ctx, h + 1, h + 1, KHOJI_ENTITY_ORGANIZATION);
          continue;
        }
      {
        const char *p = ctx->text + head->end;
        while (*p == ' ')
          p++;
        paren_after = *p == '(';
      }
      while (first > 0 && modifiers < 5)
        {
          Word *w = &ctx->words[first - 1];

          /* "निवेश और सार्वजनिक परिसंपत्ति प्रबंधन विभाग (दीपम)": a name
           * its acronym follows may hold a conjunction. */
          if (paren_after && modifiers > 0 && first >= 2 && joinable (w->gap) &&
              (strcmp (w->fold, "और") == 0 || strcmp (w->fold, "एवं") == 0 ||
               strcmp (w->fold, "तथा") == 0) &&
              joinable (ctx->words[first - 2].gap) && ctx->words[first - 2].cover < 0 &&
              ctx->words[first - 2].deva && !WORD_IN (LIST_FUNCTION, &ctx->words[first - 2]))
            {
              first--;
              modifiers++;
              continue;
            }
          if (!joinable (w->gap) || w->cover >= 0 || (!w->deva && !w->upper) || w->digit ||
              WORD_IN (LIST_FUNCTION, w) || is_title (w))
            break;
          if (lookup_demonym (ctx, first - 1, first - 1) != NULL)
            break;
          first--;
          modifiers++;
          if (!_khoji_gazetteer_is_stopword (ctx->gz, w->fold))
            specific++;
        }
      /* A place right before the modifiers names the body: पटना हाई कोर्ट;
       * before a strong head alone too: बिहार पुलिस, पटना विश्वविद्यालय. */
      if (first > 0 && (modifiers > 0 || !weak) && joinable (ctx->words[first - 1].gap))
        {
          int c = ctx->words[first - 1].cover;
          if (c >= 0 && !cand_at (ctx, c)->adjective &&
              cand_at (ctx, c)->type == KHOJI_ENTITY_PLACE &&
              cand_at (ctx, c)->last == first - 1)
            {
              place = c;
              specific++;
            }
        }
      /* "कंपनी दाहरा ग्लोबल … सर्विसेज": the word that introduces a
       * company's name is no part of it. */
      while (modifiers > 1 && WORD_IN (LIST_WEAK_HEAD, &ctx->words[first]))
        {
          first++;
          modifiers--;
          if (!_khoji_gazetteer_is_stopword (ctx->gz, ctx->words[first - 1].fold) && specific > 0)
            specific--;
        }
      /* A known name right before an English company head is the
       * company's first word: टाटा संस, एयर इंडिया एक्सप्रेस. */
      if (corporate && place < 0 && first > 0 && joinable (ctx->words[first - 1].gap) &&
          ctx->words[first - 1].cover >= 0)
        {
          int c = ctx->words[first - 1].cover;
          Cand *known = cand_at (ctx, c);
          if (known->last == first - 1 && !known->adjective &&
              (known->type != KHOJI_ENTITY_PERSON || known->first == known->last))
            {
              place = c;
              specific++;
            }
        }
      if ((modifiers == 0 && place < 0) || (weak && specific < 2) ||
          (!weak && specific < 1 && modifiers < 2))
        continue;
      /* "एयरपोर्ट की ग्राउंड हैंडलिंग कंपनी", "एक निजी कंपनी": after a
       * genitive or a determiner a weak head describes, it names nothing. */
      if (weak && place < 0 && first > 0 && joinable (ctx->words[first - 1].gap))
        {
          const char *f = ctx->words[first - 1].fold;
          if (strcmp (f, "कि") == 0 || strcmp (f, "का") == 0 || strcmp (f, "के") == 0 ||
              strcmp (f, "एक") == 0 || strcmp (f, "इस") == 0 || strcmp (f, "उस") == 0 ||
              strcmp (f, "किसि") == 0 || strcmp (f, "यह") == 0 || strcmp (f, "वह") == 0)
            continue;
        }
      /* "बिहार पुलिस" is a force; "हसनगंज कोतवाली पुलिस" is a police
       * station's men, named after their town. */
      if (modifiers > 0 && strcmp (head->fold, "पुलिस") == 0)
        continue;
      {
        g_autofree char *key = join_folds (ctx, first, h, NULL);
        const KhojiGzEntity *body = _khoji_gazetteer_lookup_body (ctx->gz, key);

        if (body != NULL && place < 0)
          continue;
        if (body != NULL)
          {
            /* "पाकिस्तान विदेश मंत्रालय" is the owned body, keyed as
             * "पाकिस्तान के विदेश मंत्रालय" is. */
            Cand *owner = cand_at (ctx, place);
            g_autofree char *latin = g_strdup_printf ("%s of %s", body->latin, owner->latin);
            g_autofree char *lower = g_utf8_strdown (latin, -1);
            g_autofree char *ekey = g_strconcat ("organization:", lower, NULL);
            guint start = owner->first;
            g_autofree char *name = span_text (ctx, start, h);

            kill_cand (ctx, place);
            add_cand (ctx, start, h, KHOJI_ENTITY_ORGANIZATION, ekey, name, latin, ORIGIN_RULE);
            continue;
          }
      }
      /* A demonym before a named body is part of its name: यूरोपीय
       * अंतरिक्ष एजेंसी (but not रूसी समाचार एजेंसी, which names nothing). */
      if (place < 0 && specific > 0 && first > 0 && joinable (ctx->words[first - 1].gap))
        {
          int c = ctx->words[first - 1].cover;
          if (c >= 0 && cand_at (ctx, c)->adjective && cand_at (ctx, c)->first == first - 1 &&
              cand_at (ctx, c)->last == first - 1)
            place = c;
        }
      if (place >= 0)
        {
          Cand *known = cand_at (ctx, place);
          g_autofree char *rest = span_text (ctx, known->last + 1, h);
          g_autofree char *rest_latin = khoji_gazetteer_to_latin (ctx->gz, rest);
          /* "चीन स्टील": a known place keeps its Latin spelling (China
           * Steel, not Chin Steel); a demonym is spelt as written, and a
           * company's short name ("Jio") may not start its full one. */
          g_autofree char *latin = known->latin != NULL && !known->adjective &&
                                   known->type == KHOJI_ENTITY_PLACE
                                   ? g_strdup_printf ("%s %s", known->latin, rest_latin) : NULL;
          int c;

          first = known->first;
          kill_cand (ctx, place);
          add_rule_cand (ctx, first, h, KHOJI_ENTITY_ORGANIZATION);
          c = (int) ctx->cands->len - 1;
          if (latin != NULL && cand_at (ctx, c)->first == first && cand_at (ctx, c)->latin == NULL)
            cand_at (ctx, c)->latin = g_steal_pointer (&latin);
        }
      else
        add_rule_cand (ctx, first, h, KHOJI_ENTITY_ORGANIZATION);
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

  if (i == 0 || !joinable (ctx->words[i - 1].gap))
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
static void
rule_initials (Ctx *ctx)
{
  for (guint i = 0; i + 1 < ctx->n_words; i++)
    {
      Word *w = &ctx->words[i];
      gboolean single, ok;
      guint n, last;
      int alias = -1;

      if (w->cover >= 0 || !w->deva || !joinable (w->gap))
        continue;
      single = WORD_IN (LIST_LETTER, w);
      if (!single && (w->n_chars > 9 || !is_deva_acronym (w->fold)))
        continue;
      /* The surname may have been taken as a lone part of another
       * person's name (टाटा after रतन टाटा): a different person. */
      if (ctx->words[i + 1].cover >= 0)
        {
          Cand *c = cand_at (ctx, ctx->words[i + 1].cover);
          if (c->origin != ORIGIN_ALIAS || c->type != KHOJI_ENTITY_PERSON || c->first != c->last)
            continue;
          alias = ctx->words[i + 1].cover;
          kill_cand (ctx, alias);
        }
      n = name_run (ctx, i + 1, 2);
      last = i + n;
      ok = n >= 1 && ctx->words[last].n_chars >= 3 && ends_name (ctx, last) &&
           !looks_inflected (ctx->words[last].fold);
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
          gboolean titled = i > 0 && joinable (ctx->words[i - 1].gap) &&
                            (is_title (&ctx->words[i - 1]) ||
                             (i >= 2 && strcmp (ctx->words[i - 1].fold, "प्रमुख") == 0 &&
                              ctx->words[i - 2].cover >= 0 &&
                              cand_at (ctx, ctx->words[i - 2].cover)->type == KHOJI_ENTITY_ORGANIZATION));
          ok = titled || _khoji_gazetteer_name_class (ctx->gz, ctx->words[i + 1].fold) != 0 ||
               (letters == 2 && surname_recurs (ctx, i + 1, last));
        }
      if (ok && single)
        {
          const char *next = last + 1 < ctx->n_words && joinable (ctx->words[last].gap)
                             ? ctx->words[last + 1].fold : NULL;
          gboolean after_title = i > 0 && (is_title (&ctx->words[i - 1]) ||
            /* "इसरो प्रमुख के राधाकृष्णन" */
            (i >= 2 && strcmp (ctx->words[i - 1].fold, "प्रमुख") == 0 &&
             ctx->words[i - 2].cover >= 0 &&
             cand_at (ctx, ctx->words[i - 2].cover)->type == KHOJI_ENTITY_ORGANIZATION));
          ok = clause_start (ctx, i) ||
               (after_title && ctx->words[last].n_chars >= 5 &&
                (next == NULL || strcmp (next, "ने") == 0 || strcmp (next, "कि") == 0 ||
                 strcmp (next, "का") == 0 || strcmp (next, "को") == 0));
        }
      if (!ok)
        {
          if (alias >= 0)
            {
              Cand *c = cand_at (ctx, alias);
              c->dead = FALSE;
              ctx->words[c->first].cover = alias;
            }
          continue;
        }
      add_rule_cand (ctx, i, last, KHOJI_ENTITY_PERSON);
      i = last;
    }
}

/* A dateline names the place the report was filed from: "ब्रिजटाउन, 30
 * जून" at the start of a line is a place whatever list knows it. */
static void
rule_dateline (Ctx *ctx)
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
      n = name_run (ctx, i, 2);
      if (n == 0)
        continue;
      last = i + n - 1;
      if (last + 2 >= ctx->n_words || !comma_gap (ctx, last) || !ctx->words[last + 1].digit ||
          !WORD_IN (LIST_MONTH, &ctx->words[last + 2]))
        continue;
      add_rule_cand (ctx, i, last, KHOJI_ENTITY_PLACE);
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

static void
rule_campuses (Ctx *ctx)
{
  for (guint i = 0; i + 1 < ctx->n_words; i++)
    {
      int oc = ctx->words[i].cover, pc = ctx->words[i + 1].cover;
      Cand *org, *town;
      const char *system = NULL;

      if (oc < 0 || pc < 0 || oc == pc || !joinable (ctx->words[i].gap))
        continue;
      org = cand_at (ctx, oc);
      town = cand_at (ctx, pc);
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
        g_autofree char *name = span_text (ctx, first, last);
        kill_cand (ctx, oc);
        kill_cand (ctx, pc);
        add_cand (ctx, first, last, KHOJI_ENTITY_ORGANIZATION, key, name, latin, ORIGIN_RULE);
        i = last;
      }
    }
}

/* Known places and people spelt with other vowels (जोहानिसबर्ग for
 * जोहान्सबर्ग, लॉस एंजिल्स for लॉस एंजेलिस): the gazetteer's consonant
 * skeletons, tried on words no exact form took. */
static void
rule_skeletons (Ctx *ctx)
{
  for (guint i = 0; i < ctx->n_words; i++)
    {
      g_autofree char *first = NULL;

      if (ctx->words[i].cover >= 0 || !ctx->words[i].deva || is_stop (ctx, &ctx->words[i]) ||
          is_title (&ctx->words[i]))
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
                 !WORD_IN (LIST_FUNCTION, &ctx->words[k]) && (k == last || joinable (ctx->words[k].gap));
          if (!ok)
            continue;
          key = join_folds (ctx, i, last, NULL);
          skel = _khoji_gazetteer_skeleton (key, NULL);
          e = skel ? _khoji_gazetteer_lookup_skeleton (ctx->gz, skel) : NULL;
          if (e == NULL)
            continue;
          g_debug ("“%s” found by its consonants as %s", key, e->key);
          add_cand (ctx, i, last, e->type, e->key, e->name, e->latin, ORIGIN_GAZETTEER);
          i = last;
          break;
        }
    }
}

/* Places by a cue after them: दिपायल शहर, गया जिले. */
static void
rule_place_cues (Ctx *ctx)
{
  for (guint i = 0; i + 1 < ctx->n_words; i++)
    {
      if (!name_like (ctx, i) || !joinable (ctx->words[i].gap) ||
          !WORD_IN (LIST_PLACE_CUE, &ctx->words[i + 1]))
        continue;
      if (i > 0 && joinable (ctx->words[i - 1].gap) && name_like (ctx, i - 1))
        continue;
      add_rule_cand (ctx, i, i, KHOJI_ENTITY_PLACE);
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
  const LetterName *letters = g_once (&once, (GThreadFunc) fold_letters, NULL);
  const char *p = fold;
  guint n = 0;

  while (*p)
    {
      /* Most words stop at their first letter: a name whose first
       * character differs is rejected without comparing strings. */
      gunichar c = g_utf8_get_char (p);
      gsize best = 0;

      for (guint i = 0; i < G_N_ELEMENTS (letter_names); i++)
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
  g_autofree char *gloss = join_folds (ctx, first, last, NULL);
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
static void
rule_place_suffixes (Ctx *ctx)
{
  static const char * const suffixes[] = {
    "पुर", "पुरा", "बाद", "गढ", "नगर", "गंज", "गांव", "कोट", "घाट", "सराय", "पट्टनम",
  };

  for (guint i = 0; i < ctx->n_words; i++)
    {
      Word *w = &ctx->words[i];
      gboolean place = FALSE;

      if (w->n_chars < 5 || !name_like (ctx, i) ||
          _khoji_gazetteer_name_class (ctx->gz, w->fold) != 0)
        continue;
      for (guint k = 0; k < G_N_ELEMENTS (suffixes) && !place; k++)
        place = g_str_has_suffix (w->fold, suffixes[k]) &&
                strlen (w->fold) >= strlen (suffixes[k]) + 6;
      /* Part of a longer unknown name (रामपुर तिराहा) is left alone. */
      if (!place || (i > 0 && joinable (ctx->words[i - 1].gap) && name_like (ctx, i - 1)) ||
          (i + 1 < ctx->n_words && joinable (w->gap) && name_like (ctx, i + 1) &&
           !WORD_IN (LIST_PLACE_CUE, &ctx->words[i + 1])))
        continue;
      add_rule_cand (ctx, i, i, KHOJI_ENTITY_PLACE);
    }
}

/* "NAME (ALIAS)": the alias is the same entity, here and later. */
static void
rule_parentheses (Ctx *ctx)
{
  guint n_cands = ctx->cands->len;

  for (guint c = 0; c < n_cands; c++)
    {
      Cand *cand = cand_at (ctx, c);
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
                    cand_at (ctx, ctx->words[j].cover)->type == KHOJI_ENTITY_PLACE))
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
              if (inner >= 0 && inner != (int) c && cand_at (ctx, inner)->first >= first &&
                  cand_at (ctx, inner)->last <= last)
                kill_cand (ctx, inner);
            }
        }
      /* "नेशनल टेस्टिंग एजेंसी (एनटीए)": a name found by rule whose
       * acronym the gazetteer knows is that entity. */
      if (cand->origin == ORIGIN_RULE && ctx->words[first].cover >= 0)
        {
          Cand *gloss = cand_at (ctx, ctx->words[first].cover);
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
                  Cand *other = cand_at (ctx, k);
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
          !WORD_IN (LIST_FUNCTION, &ctx->words[first]) && !is_title (&ctx->words[first]))
        {
          g_autofree char *key = g_strdup (cand->key);
          g_autofree char *name = g_strdup (cand->name);
          g_autofree char *latin = g_strdup (cand->latin);
          g_autofree char *form = join_folds (ctx, first, last, NULL);
          gboolean common = is_stop (ctx, &ctx->words[first]);

          if (add_cand (ctx, first, last, cand->type, key, name, latin, ORIGIN_ALIAS) >= 0 && !common)
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
        g_autofree char *form = join_folds (ctx, first, last, NULL);
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
                Cand *other = cand_at (ctx, k);
                if (other->latin == NULL && strcmp (other->key, key) == 0)
                  other->latin = g_strdup (latin);
              }
          }
        if (add_cand (ctx, first, last, type, key, name, latin, ORIGIN_ALIAS) >= 0)
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

static void
rule_alias_occurrences (Ctx *ctx)
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
            ok = ctx->words[k].cover < 0 && (k == last || joinable (ctx->words[k].gap));
          if (!ok)
            continue;
          key = join_folds_scratch (ctx, i, last);
          if (g_hash_table_lookup_extended (ctx->aliases, key, NULL, &c))
            {
              Cand *src = cand_at (ctx, GPOINTER_TO_UINT (c));
              g_autofree char *k = g_strdup (src->key);
              g_autofree char *nm = g_strdup (src->name);
              g_autofree char *lt = g_strdup (src->latin);

              add_cand (ctx, i, last, src->type, k, nm, lt, ORIGIN_ALIAS);
              i = last;
              break;
            }
        }
    }
}

/* A lone part of a person's full name in the same text is that person
 * (शोइगु → सर्गेई शोइगु, किम → किम जोंग-उन); parts two people share
 * are left alone. */
static void
rule_partial_names (Ctx *ctx)
{
  g_autoptr(GHashTable) parts = g_hash_table_new (khoji_text_hash, g_str_equal);
  static const int ambiguous = -2;
  guint64 part_lengths = 0;  /* bit n: some part's key has n bytes (n < 64) */

  for (guint c = 0; c < ctx->cands->len; c++)
    {
      Cand *cand = cand_at (ctx, c);

      if (cand->dead || cand->type != KHOJI_ENTITY_PERSON || cand->first == cand->last)
        continue;
      for (guint i = cand->first; i <= cand->last; i++)
        {
          Word *w = &ctx->words[i];
          gpointer old;

          if (w->n_chars < 2 || is_stop (ctx, w) || w->gap == GAP_INITIAL ||
              WORD_IN (LIST_SHARED_PART, w))
            continue;
          if (w->fold_len < 64)
            part_lengths |= G_GUINT64_CONSTANT (1) << w->fold_len;
          if (g_hash_table_lookup_extended (parts, w->fold, NULL, &old))
            {
              Cand *o = GPOINTER_TO_INT (old) >= 0 ? cand_at (ctx, GPOINTER_TO_INT (old)) : NULL;
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
      if ((i > 0 && joinable (ctx->words[i - 1].gap) && name_like (ctx, i - 1)) ||
          (i + 1 < ctx->n_words && joinable (w->gap) && name_like (ctx, i + 1)))
        continue;
      {
        Cand *full = cand_at (ctx, c);
        g_autofree char *k = g_strdup (full->key);
        g_autofree char *nm = g_strdup (full->name);
        g_autofree char *lt = g_strdup (full->latin);

        add_cand (ctx, i, i, KHOJI_ENTITY_PERSON, k, nm, lt, ORIGIN_ALIAS);
      }
    }
}

/* A lone surname that also starts a company's name in the same text
 * (टाटा beside टाटा संस) may be the company as well as the person: it is
 * left unlinked rather than guessed. */
static void
unlink_company_surnames (Ctx *ctx)
{
  g_autoptr(GHashTable) starts = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint c = 0; c < ctx->cands->len; c++)
    {
      Cand *cand = cand_at (ctx, c);
      if (!cand->dead && cand->type == KHOJI_ENTITY_ORGANIZATION && cand->last > cand->first)
        g_hash_table_add (starts, (gpointer) ctx->words[cand->first].fold);
    }
  if (g_hash_table_size (starts) == 0)
    return;
  for (guint c = 0; c < ctx->cands->len; c++)
    {
      Cand *cand = cand_at (ctx, c);
      if (!cand->dead && cand->origin == ORIGIN_ALIAS && cand->type == KHOJI_ENTITY_PERSON &&
          cand->first == cand->last && g_hash_table_contains (starts, ctx->words[cand->first].fold))
        kill_cand (ctx, c);
    }
}

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
      o->n_chars = w->n_chars;
      o->lists = w->lists;
      o->latin = w->latin;
      o->deva = w->deva;
      o->upper = w->upper;
      o->all_caps = w->all_caps;
      o->digit = w->digit;
      o->gap = (guint8) w->gap;
      o->name_class = (guint8) _khoji_gazetteer_name_class (ctx->gz, w->fold);
      o->gz_lists = (guint16) khoji_gazetteer_lists (ctx->gz, w->fold);
      o->stop = is_stop (ctx, w);
      o->sentence_start = i == 0 || sentence_break (ctx, i - 1);
    }
  for (guint i = 0; i < ctx->n_words;)
    {
      guint best = 0;
      guint8 mark = 0;
      guint reach = 1;

      if (_khoji_gazetteer_is_first_word (ctx->gz, ctx->words[i].fold))
        {
          while (reach < max && i + reach < ctx->n_words &&
                 joinable (ctx->words[i + reach - 1].gap))
            reach++;
          for (guint len = 1; len <= reach; len++)
            {
              const char *key = join_folds_scratch (ctx, i, i + len - 1);
              const KhojiGzEntity *e = _khoji_gazetteer_lookup (ctx->gz, key);
              gboolean body = FALSE;

              if (e == NULL)
                {
                  e = _khoji_gazetteer_lookup_body (ctx->gz, key);
                  body = e != NULL;
                }
              if (e != NULL)
                {
                  best = len;
                  mark = (guint8) ((e->type + 1) | (body ? KHOJI_NER_GZ_BODY : 0));
                }
              if (len < reach && !_khoji_gazetteer_is_prefix (ctx->gz, key))
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
  fill_words (&ctx, text, NULL);
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

static gboolean
is_plain_key (const char *key)
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

static void
label_words (Ctx *ctx)
{
  ctx->model = _khoji_ner_model_default ();
  if (ctx->model == NULL || ctx->n_words == 0)
    return;
  ctx->ner = ner_words (ctx);
  ctx->emit = g_new (float, (gsize) ctx->n_words * KHOJI_NER_N_TAGS);
  ctx->tags = g_new0 (guint8, ctx->n_words);
  _khoji_ner_emissions (ctx->model, ctx->ner, ctx->n_words, ctx->emit);
  _khoji_ner_decode (ctx->model, ctx->ner, ctx->n_words, ctx->emit, ctx->tags);
}

/* How much better, at least, the model's best labelling must score than
 * its best labelling without the span, for a span to be taken: the model
 * proposes a name on evidence, not on a coin toss. Chosen on the IL-NER
 * dev split with a model trained without it (data/ner/README.md). */
#define MODEL_MIN_MARGIN 25.0f

/* Whether a span the labeller proposes may be a name here: it was trained
 * on Devanagari text; a lone title or common word names nobody (एंकर);
 * a generic body the rules left without an owner (रक्षा मंत्रालय with
 * two countries in sight, विधानसभा) is left so. */
static gboolean
model_span_ok (Ctx   *ctx,
               guint  first,
               guint  last)
{
  gboolean all_body = TRUE;

  for (guint j = first; j <= last; j++)
    {
      if (ctx->words[j].latin)
        return FALSE;
      if (!(ctx->ner[j].gz & KHOJI_NER_GZ_BODY))
        all_body = FALSE;
    }
  if (all_body)
    return FALSE;
  if (first == last)
    {
      const Word *w = &ctx->words[first];
      if (is_stop (ctx, w) || is_title (w) || WORD_IN (LIST_STRONG_HEAD, w) ||
          WORD_IN (LIST_WEAK_HEAD, w) || WORD_IN (LIST_PLACE_CUE, w) || w->n_chars < 2)
        return FALSE;
    }
  return TRUE;
}

/* Names the labeller finds where no list or rule has: its span and type. */
static void
add_model_spans (Ctx *ctx)
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
          _khoji_ner_margin (ctx->model, ctx->ner, ctx->n_words, ctx->emit, i, last, -1) >
          MODEL_MIN_MARGIN)
        {
          add_rule_cand (ctx, i, last, KHOJI_NER_TAG_TYPE (ctx->tags[i]));
          c = ctx->words[i].cover;
          if (c >= 0)
            cand_at (ctx, c)->model = TRUE;
        }
      i = last;
    }
}

/* A lone word the labeller took for a person, that is part of a full
 * name in the same text (गिलमोर after क्रिस्टी गिलमोर), is that person;
 * part of two people's names (चौधरी), or a part many share (सिंह), it
 * points at nobody and is dropped. */
static void
relink_model_parts (Ctx *ctx)
{
  g_autoptr(GHashTable) parts = g_hash_table_new (khoji_text_hash, g_str_equal);
  static const int ambiguous = -1;

  for (guint c = 0; c < ctx->cands->len; c++)
    {
      Cand *cand = cand_at (ctx, c);

      if (cand->dead || cand->type != KHOJI_ENTITY_PERSON || cand->first == cand->last)
        continue;
      for (guint i = cand->first; i <= cand->last; i++)
        {
          Word *w = &ctx->words[i];
          gpointer old;

          if (w->n_chars < 2 || is_stop (ctx, w) || WORD_IN (LIST_SHARED_PART, w))
            continue;
          if (g_hash_table_lookup_extended (parts, w->fold, NULL, &old))
            {
              int o = GPOINTER_TO_INT (old) - 1;
              if (o < 0 || strcmp (cand_at (ctx, o)->key, cand->key) != 0)
                g_hash_table_insert (parts, (gpointer) w->fold, GINT_TO_POINTER (ambiguous + 1));
            }
          else
            g_hash_table_insert (parts, (gpointer) w->fold, GINT_TO_POINTER ((int) c + 1));
        }
    }
  for (guint c = 0; c < ctx->cands->len; c++)
    {
      Cand *cand = cand_at (ctx, c);
      gpointer v;
      int f;

      if (cand->dead || !cand->model || cand->type != KHOJI_ENTITY_PERSON || cand->first != cand->last)
        continue;
      if (WORD_IN (LIST_SHARED_PART, &ctx->words[cand->first]))
        {
          kill_cand (ctx, c);
          continue;
        }
      if (!g_hash_table_lookup_extended (parts, ctx->words[cand->first].fold, NULL, &v))
        continue;
      f = GPOINTER_TO_INT (v) - 1;
      if (f < 0)
        {
          kill_cand (ctx, c);
          continue;
        }
      {
        Cand *full = cand_at (ctx, f);
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

static GHashTable *
lexicon_table (GPtrArray *lexicon)
{
  GHashTable *table;

  if (lexicon == NULL || lexicon->len == 0)
    return NULL;
  table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < lexicon->len; i++)
    {
      KhojiLexiconEntry *lx = lexicon->pdata[i];
      char *key;

      if (lx == NULL || lx->form_key == NULL || lx->entity_key == NULL)
        continue;
      /* The library folds whole forms; re-key by words as matching does.
       * A key of letters and single spaces is that already, and skips a
       * word breaker per entry (a library may have many corrections). */
      if (is_plain_key (lx->form_key))
        key = g_strdup (lx->form_key);
      else
        key = _khoji_gazetteer_form_key (lx->form_key, -1);
      if (*key == '\0')
        g_free (key);
      else
        g_hash_table_replace (table, key, lx);
    }
  return table;
}

static int
compare_mentions (gconstpointer a,
                  gconstpointer b)
{
  const KhojiMention *x = *(KhojiMention * const *) a;
  const KhojiMention *y = *(KhojiMention * const *) b;

  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  return 0;
}

GPtrArray *
khoji_extract_entities (KhojiGazetteer *gazetteer,
                        const char     *text,
                        GPtrArray      *lexicon)
{
  return khoji_extract_entities_with_tokens (gazetteer, text, lexicon, NULL);
}

GPtrArray *
khoji_extract_entities_with_tokens (KhojiGazetteer    *gazetteer,
                                    const char        *text,
                                    GPtrArray         *lexicon,
                                    const KhojiTokens *tokens)
{
  GPtrArray *out;
  GHashTable *latin_cache;
  Ctx ctx = { 0 };

  g_return_val_if_fail (gazetteer != NULL, NULL);
  g_return_val_if_fail (text != NULL, NULL);

  out = g_ptr_array_new_with_free_func ((GDestroyNotify) khoji_mention_free);
  ctx.gz = gazetteer;
  ctx.text = text;
  ctx.cands = g_array_new (FALSE, TRUE, sizeof (Cand));
  ctx.lexicon = lexicon_table (lexicon);
  if (ctx.lexicon != NULL)
    {
      GHashTableIter iter;
      gpointer key;

      ctx.lexicon_first = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      ctx.lexicon_prefixes = g_hash_table_new_full (khoji_text_hash, g_str_equal, g_free, NULL);
      g_hash_table_iter_init (&iter, ctx.lexicon);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        {
          const char *space = strchr (key, ' ');
          g_hash_table_add (ctx.lexicon_first,
                            space ? g_strndup (key, space - (const char *) key) : g_strdup (key));
          for (; space; space = strchr (space + 1, ' '))
            g_hash_table_add (ctx.lexicon_prefixes, g_strndup (key, space - (const char *) key));
        }
    }
  ctx.aliases = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  ctx.fold_cache = g_hash_table_new_full (khoji_text_hash, g_str_equal, g_free, g_free);
  ctx.stem_cache = g_hash_table_new_full (khoji_text_hash, g_str_equal, g_free,
                                          (GDestroyNotify) g_ptr_array_unref);
  ctx.no_stems = g_ptr_array_new ();
  ctx.bare_bodies = g_array_new (FALSE, FALSE, sizeof (BareBody));
  ctx.scratch = g_string_sized_new (128);
  fill_words (&ctx, text, tokens);
  label_words (&ctx);

  for (guint i = 0; i < ctx.n_words;)
    {
      guint n = match_at (&ctx, i);
      i += n > 0 ? n : 1;
    }
  resolve_bare_bodies (&ctx);
  rule_skeletons (&ctx);
  rule_campuses (&ctx);
  rule_dateline (&ctx);
  /* Lone parts of gazetteer names first, so that "गृह मंत्री शाह" after
   * "अमित शाह" is Amit Shah, not a new person after a title. */
  rule_partial_names (&ctx);
  rule_titles (&ctx);
  rule_initials (&ctx);
  rule_org_heads (&ctx);
  rule_person_names (&ctx);
  rule_owned_person (&ctx);
  rule_speakers (&ctx);
  rule_family_and_age (&ctx);
  rule_honorific_ji (&ctx);
  rule_person_lists (&ctx);
  trim_person_runs (&ctx);
  /* The labeller's names, where no list and no rule found one. */
  add_model_spans (&ctx);
  rule_place_cues (&ctx);
  rule_place_suffixes (&ctx);
  rule_parentheses (&ctx);
  rule_alias_occurrences (&ctx);
  unlink_company_surnames (&ctx);
  rule_partial_names (&ctx);
  relink_model_parts (&ctx);

  latin_cache = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  for (guint c = 0; c < ctx.cands->len; c++)
    {
      Cand *cand = cand_at (&ctx, c);
      KhojiMention *m;
      const char *latin = cand->latin;

      if (cand->dead)
        continue;
      m = g_new0 (KhojiMention, 1);
      m->start = ctx.words[cand->first].start;
      m->end = ctx.words[cand->last].end;
      m->type = cand->type;
      m->key = g_strdup (cand->key);
      m->name = g_strdup (cand->name);
      if (latin == NULL)
        {
          /* Transliteration is the slow part of a name: once per name. */
          latin = g_hash_table_lookup (latin_cache, cand->name);
          if (latin == NULL)
            {
              char *l = khoji_gazetteer_to_latin (ctx.gz, cand->name);
              g_hash_table_insert (latin_cache, cand->name, l);
              latin = l;
            }
        }
      m->latin = g_strdup (latin);
      g_ptr_array_add (out, m);
    }
  g_ptr_array_sort (out, compare_mentions);
  g_hash_table_unref (latin_cache);

  for (guint c = 0; c < ctx.cands->len; c++)
    {
      Cand *cand = cand_at (&ctx, c);
      g_free (cand->key);
      g_free (cand->name);
      g_free (cand->latin);
    }
  g_array_unref (ctx.cands);
  g_free (ctx.words);
  g_hash_table_unref (ctx.fold_cache);
  g_hash_table_unref (ctx.stem_cache);
  g_ptr_array_unref (ctx.no_stems);
  g_clear_pointer (&ctx.lexicon, g_hash_table_unref);
  g_clear_pointer (&ctx.lexicon_first, g_hash_table_unref);
  g_clear_pointer (&ctx.lexicon_prefixes, g_hash_table_unref);
  g_hash_table_unref (ctx.aliases);
  g_array_unref (ctx.bare_bodies);
  g_string_free (ctx.scratch, TRUE);
  g_free (ctx.tags);
  g_free (ctx.ner);
  g_free (ctx.emit);
  return out;
}
