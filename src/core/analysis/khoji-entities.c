/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-entities"

#include "config.h"

#include <string.h>

#include "khoji-calendar-words.h"
#include "khoji-entities-private.h"

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

G_STATIC_ASSERT (G_N_ELEMENTS (letter_names) == N_LETTER_NAMES);

gpointer
_khoji_entities_fold_letters (gpointer data)
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

/* English, for names in Latin letters (in English articles, and inside
 * Hindi ones): words that start a sentence with a capital and are no
 * name, titles and roles before a name, heads of organization names,
 * words after a place, verbs of saying after a person, joining words
 * inside a name, and capitalised abbreviations that name nothing. */
static const char * const en_function_words[] = {
  "the", "a", "an", "this", "that", "these", "those", "he", "she", "it", "they", "we", "i",
  "you", "his", "her", "its", "their", "our", "my", "your", "in", "on", "at", "of", "for",
  "to", "from", "by", "with", "as", "and", "or", "but", "if", "when", "while", "after",
  "before", "since", "during", "under", "over", "about", "against", "between", "into",
  "through", "there", "here", "what", "which", "who", "whom", "whose", "why", "how", "all",
  "some", "any", "no", "not", "also", "however", "meanwhile", "last", "next", "today",
  "yesterday", "tomorrow", "earlier", "later", "then", "now", "both", "each", "every",
  "many", "more", "most", "such", "other", "another", "one", "two", "three", "according",
  "although", "despite", "because", "following", "amid", "among", "so", "yet", "still",
  "even", "only", "just", "than", "up", "down", "out", "off", "per", "via", "do", "does",
  "did", "is", "are", "was", "were", "be", "been", "has", "have", "had", "will", "would",
  "can", "could", "should", "may", "might", "must",
  /* and the English names of months and weekdays (calendar_set) */
  "read", "photo", "image", "video", "file", "updated", "published", "breaking",
  "live", "watch", "click", "share", "follow", "subscribe", "advertisement",
  "opinion", "analysis", "exclusive", "says", "said",
};
static const char * const en_titles[] = {
  "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "dame", "lord", "lady",
  "president", "vice", "prime", "minister", "ministers", "secretary", "senator", "sen",
  "rep", "representative", "congressman", "congresswoman", "governor", "gov", "mayor",
  "general", "gen", "lt", "lieutenant", "colonel", "col", "major", "maj", "captain", "capt",
  "admiral", "adm", "commander", "marshal", "chancellor", "premier", "king", "queen",
  "prince", "princess", "crown", "sheikh", "emir", "pope", "cardinal", "bishop", "rabbi",
  "imam", "ayatollah", "justice", "judge", "chief", "deputy", "acting", "ambassador",
  "envoy", "spokesman", "spokeswoman", "spokesperson", "leader", "chairman", "chairwoman",
  "chairperson", "director", "ceo", "founder", "coach", "defence", "defense", "foreign",
  "interior", "finance", "state", "supreme", "attorney", "officer", "inspector", "sergeant",
  "sgt", "former", "late", "actor", "actress", "singer", "author", "writer", "dictator",
  "counterpart", "opposition", "mp", "mla", "commissioner", "economist", "analyst",
  "diplomat", "official", "officials", "correspondent", "reporter", "editor", "head",
  "st", "saint", "shri", "smt",
};
static const char * const en_org_heads[] = {
  "council", "committee", "commission", "agency", "institute", "institution", "ministry",
  "department", "university", "college", "school", "academy", "bank", "company",
  "corporation", "corp", "inc", "ltd", "limited", "llc", "plc", "group", "association",
  "organization", "organisation", "federation", "foundation", "fund", "union", "party",
  "court", "army", "navy", "forces", "police", "guard", "service", "services", "office",
  "bureau", "board", "authority", "center", "centre", "league", "club", "society", "trust",
  "network", "times", "post", "press", "parliament", "assembly", "congress", "senate",
  "cabinet", "government", "administration", "embassy", "hospital", "airlines", "airways",
  "media", "television", "radio", "exchange", "laboratory", "laboratories", "labs",
  "industries", "technologies", "systems", "motors", "holdings", "partners", "secretariat",
  "alliance", "coalition", "movement", "front", "brigade", "command", "directorate",
  "tribunal", "studies", "observatory", "programme", "reserve", "treasury", "pentagon",
};
static const char * const en_place_cues[] = {
  "region", "province", "oblast", "county", "district", "city", "town", "village",
  "island", "islands", "peninsula", "river", "valley", "mountains", "territory",
  "prefecture", "governorate", "municipality", "krai", "republic", "state's",
};
static const char * const en_speech_verbs[] = {
  "said", "says", "told", "added", "asked", "wrote", "announced", "warned", "stated",
  "claimed", "insisted", "noted", "argued", "replied", "explained", "tweeted", "posted",
  "confirmed", "denied", "urged", "spoke", "visited", "met", "who", "ने",
};
static const char * const en_connectors[] = {
  "of", "for", "and", "de", "del", "della", "di", "da", "du", "des", "la", "le", "van",
  "von", "der", "den", "al", "el", "bin", "ibn", "on", "the",
};
static const char * const en_not_acronyms[] = {
  "tv", "ceo", "cfo", "gdp", "am", "pm", "bc", "ad", "ok", "dna", "hiv", "aids", "covid",
  "pdf", "url", "usb", "ii", "iii", "iv", "vi", "vii", "viii", "ix", "xi", "xii", "ai",
  "it", "id", "faq", "sms", "gps", "atm", "vip", "ev", "lpg", "cng", "mw", "gw", "km",
  "kg", "usd", "inr", "eur", "gst", "vat", "q", "pc", "ui", "ap", "rip", "sos",
};

static GHashTable *
fold_set (const char * const *list,
          gsize               n)
{
  GHashTable *set = g_hash_table_new_full (khoji_text_hash, g_str_equal, g_free, NULL);

  for (gsize i = 0; i < n; i++)
    g_hash_table_add (set, khoji_text_fold (list[i], -1));
  return set;
}

/* From the one calendar table (khoji-calendar-words.c): Hindi month
 * names, for datelines ("ब्रिजटाउन, 30 जून"), or the English names of
 * months and weekdays, which start a sentence with a capital and name
 * nobody. Spelled as Hindi papers mostly print them: the labeller's
 * features include these lists, and it learned them so (a change here
 * means retraining it, data/ner/README.md). */
static void
add_calendar_words (GHashTable *set,
                    gboolean    english)
{
  gsize n;
  const KhojiCalendarWord *words = khoji_calendar_words (&n);

  for (gsize i = 0; i < n; i++)
    {
      gboolean latin = khoji_calendar_is_latin (&words[i]);

      if (words[i].flags & (KHOJI_CALENDAR_ABBREVIATION | KHOJI_CALENDAR_VARIANT |
                            KHOJI_CALENDAR_DATELINE_ONLY))
        continue;
      if (english ? latin : (!latin && words[i].kind == KHOJI_CALENDAR_MONTH))
        g_hash_table_add (set, khoji_text_fold (words[i].word, -1));
    }
}

static GHashTable *
calendar_set (gboolean english)
{
  GHashTable *set = g_hash_table_new_full (khoji_text_hash, g_str_equal, g_free, NULL);

  add_calendar_words (set, english);
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
  sets[LIST_MONTH] = calendar_set (FALSE);
  sets[LIST_SHARED_PART] = fold_set (shared_name_parts, G_N_ELEMENTS (shared_name_parts));
  sets[LIST_CAPTION] = fold_set (caption_words, G_N_ELEMENTS (caption_words));
  sets[LIST_HOMOGRAPH_DEMONYM] = fold_set (homograph_demonyms, G_N_ELEMENTS (homograph_demonyms));
  sets[LIST_CREDIT] = fold_set (credit_words, G_N_ELEMENTS (credit_words));
  sets[LIST_MIDDLE] = fold_set (middle_names, G_N_ELEMENTS (middle_names));
  sets[LIST_PARTICLE] = fold_set (name_particles, G_N_ELEMENTS (name_particles));
  sets[LIST_EN_FUNCTION] = fold_set (en_function_words, G_N_ELEMENTS (en_function_words));
  add_calendar_words (sets[LIST_EN_FUNCTION], TRUE);
  sets[LIST_EN_TITLE] = fold_set (en_titles, G_N_ELEMENTS (en_titles));
  sets[LIST_EN_ORG_HEAD] = fold_set (en_org_heads, G_N_ELEMENTS (en_org_heads));
  sets[LIST_EN_PLACE_CUE] = fold_set (en_place_cues, G_N_ELEMENTS (en_place_cues));
  sets[LIST_EN_SPEECH] = fold_set (en_speech_verbs, G_N_ELEMENTS (en_speech_verbs));
  sets[LIST_EN_CONNECTOR] = fold_set (en_connectors, G_N_ELEMENTS (en_connectors));
  sets[LIST_EN_NOT_ACRONYM] = fold_set (en_not_acronyms, G_N_ELEMENTS (en_not_acronyms));
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

gboolean
_khoji_entities_joinable (GapKind gap)
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
  /* "डॉ. सिन्हा", "प्रो. यादव", "Dr. Rao": an abbreviated title joins
   * its name. */
  if (dot && (strcmp (w->fold, "डा") == 0 || strcmp (w->fold, "प्रो") == 0 ||
              (w->latin && WORD_IN (LIST_EN_TITLE, w))))
    return GAP_INITIAL;
  if (dot)
    return (w->latin ? w->n_chars == 1 : WORD_IN (LIST_LETTER, w)) ? GAP_INITIAL : GAP_OTHER;
  return hyphen ? GAP_HYPHEN : GAP_SPACE;
}

void
_khoji_entities_fill_words (Ctx               *ctx,
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
      w->gz = _khoji_gazetteer_word (ctx->gz, w->fold);
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
      /* "Russia's", "Blinken’s": the name without its possessive. */
      if (w->latin && w->n_chars > 3)
        {
          const char *end = text + w->end;
          gsize cut = 0;

          if (end[-1] == 's' && end[-2] == '\'')
            cut = 2;
          else if (end[-1] == 's' && w->end - w->start >= 4 && memcmp (end - 4, "\xe2\x80\x99", 3) == 0)
            cut = 4;
          if (cut > 0)
            {
              g_autofree char *raw = g_strndup (text + w->start, w->end - w->start - cut);
              char *fold = g_hash_table_lookup (ctx->fold_cache, raw);

              if (fold == NULL)
                {
                  fold = khoji_text_fold (raw, -1);
                  g_hash_table_insert (ctx->fold_cache, g_steal_pointer (&raw), fold);
                }
              w->end -= cut;
              w->n_chars -= 2;
              w->fold = fold;
              w->fold_len = strlen (fold);
              w->lists = list_bits (w->fold);
              w->gz = _khoji_gazetteer_word (ctx->gz, w->fold);
              w->possessive = TRUE;
            }
        }
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

char *
_khoji_entities_join_folds (Ctx        *ctx,
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
const char *
_khoji_entities_join_folds_scratch (Ctx   *ctx,
                                    guint  first,
                                    guint  last)
{
  g_string_truncate (ctx->scratch, 0);
  append_folds (ctx, ctx->scratch, first, last, NULL);
  return ctx->scratch->str;
}

char *
_khoji_entities_span_text (Ctx   *ctx,
                           guint  first,
                           guint  last)
{
  return g_strndup (ctx->text + ctx->words[first].start,
                    ctx->words[last].end - ctx->words[first].start);
}

gboolean
_khoji_entities_is_stop (Ctx        *ctx,
                         const Word *w)
{
  return w->gz->stopword || WORD_IN (LIST_FUNCTION, w);
}

int
_khoji_entities_add_cand (Ctx             *ctx,
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
  c.rule = ctx->pass;
  g_array_append_val (ctx->cands, c);
  for (guint i = first; i <= last; i++)
    ctx->words[i].cover = (int) ctx->cands->len - 1;
  return (int) ctx->cands->len - 1;
}

Cand *
_khoji_entities_cand_at (Ctx *ctx,
                         int  index)
{
  return &g_array_index (ctx->cands, Cand, index);
}

void
_khoji_entities_kill_cand (Ctx *ctx,
                           int  index)
{
  Cand *c = _khoji_entities_cand_at (ctx, index);

  c->dead = TRUE;
  for (guint i = c->first; i <= c->last; i++)
    if (ctx->words[i].cover == index)
      ctx->words[i].cover = -1;
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
      if (_khoji_entities_is_plain_key (lx->form_key))
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

/* The passes after the known names (pass 1), in order; each candidate
 * remembers the pass that found it. */
static const struct {
  const char *name;
  void      (*run) (Ctx *ctx);
} passes[] = {
  { "resolve bare bodies", _khoji_entities_resolve_bare_bodies },
  { "skeletons", _khoji_entities_rule_skeletons },
  { "campuses", _khoji_entities_rule_campuses },
  { "dateline", _khoji_entities_rule_dateline },
  /* Lone parts of gazetteer names first, so that "गृह मंत्री शाह" after
   * "अमित शाह" is Amit Shah, not a new person after a title. */
  { "partial names", _khoji_entities_rule_partial_names },
  { "latin names", _khoji_entities_rule_latin_names },
  { "titles", _khoji_entities_rule_titles },
  { "initials", _khoji_entities_rule_initials },
  { "org heads", _khoji_entities_rule_org_heads },
  { "person names", _khoji_entities_rule_person_names },
  { "owned person", _khoji_entities_rule_owned_person },
  { "speakers", _khoji_entities_rule_speakers },
  { "family and age", _khoji_entities_rule_family_and_age },
  { "honorific ji", _khoji_entities_rule_honorific_ji },
  { "person lists", _khoji_entities_rule_person_lists },
  { "trim person runs", _khoji_entities_trim_person_runs },
  { "trim orgs", _khoji_entities_trim_rule_orgs },
  /* The labeller's names, where no list and no rule found one. */
  { "model spans", _khoji_entities_add_model_spans },
  { "place cues", _khoji_entities_rule_place_cues },
  { "place suffixes", _khoji_entities_rule_place_suffixes },
  { "parentheses", _khoji_entities_rule_parentheses },
  { "alias occurrences", _khoji_entities_rule_alias_occurrences },
  { "unlink company surnames", _khoji_entities_unlink_company_surnames },
  { "partial names", _khoji_entities_rule_partial_names },
  /* The labeller overrules the cues it knows better than, reads longer
   * names over known ones, and its names fill the words that frees. */
  { "model vetoes", _khoji_entities_model_vetoes_rules },
  { "model extends", _khoji_entities_model_extends_known },
  { "model spans", _khoji_entities_add_model_spans },
  { "relink model parts", _khoji_entities_relink_model_parts },
  { "orphan aliases", _khoji_entities_drop_orphan_aliases },
};

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
  _khoji_entities_fill_words (&ctx, text, tokens);
  _khoji_entities_label_words (&ctx);

  for (guint i = 0; i < ctx.n_words;)
    {
      guint n = _khoji_entities_match_at (&ctx, i);
      i += n > 0 ? n : 1;
    }
  for (guint p = 0; p < G_N_ELEMENTS (passes); p++)
    {
      ctx.pass = passes[p].name;
      passes[p].run (&ctx);
    }

  latin_cache = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  for (guint c = 0; c < ctx.cands->len; c++)
    {
      Cand *cand = _khoji_entities_cand_at (&ctx, c);
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
      Cand *cand = _khoji_entities_cand_at (&ctx, c);
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
  g_clear_pointer (&ctx.latin_alone, g_hash_table_unref);
  g_string_free (ctx.scratch, TRUE);
  g_free (ctx.tags);
  g_free (ctx.ner);
  g_free (ctx.emit);
  g_free (ctx.alpha);
  return out;
}
