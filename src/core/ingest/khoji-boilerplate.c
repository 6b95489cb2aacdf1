/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-ingest"

#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "khoji-ingest-private.h"

/* Step 4 of ingest (khoji-ingest.c): the lines that are page furniture
 * (ads, promos, teasers, credits, prompts), by rules on folding keys. */

/* Boilerplate rules only ever look at short lines: a long line is prose. */
#define BOILERPLATE_MAX_CHARS 300
/* No news article has this many distinct lines; past them, a file is
 * kept as it is rather than judged line by line for minutes. */
#define BOILERPLATE_MAX_LINES 20000

/* ------------------------------------------------------------------ */
/* Boilerplate                                                        */
/* ------------------------------------------------------------------ */

/* A line made only of these (one or several) marks an ad slot, a sponsor
 * or a crumb of the page's interface. Word lists in the main languages of
 * Indian and international news sites. */
#define AD_MARKER "(?:" \
  "advertisement|advertisements|advertisment|advertising|advert|ad|ads|" \
  "sponsored|sponsored content|sponsored by|promoted|promoted content|paid content|" \
  "partner content|scroll to continue with content|" \
  "story continues below(?: this)? ad(?:vertisement)?|" \
  "article continues below(?: this)? ad(?:vertisement)?|" \
  "continue reading(?: below| the main story)?|" \
  "skip to content|skip to main content|back to top|loading|click to expand|" \
  "font size|text size|next story|previous story|next article|previous article|" \
  "print|share|share this|share on|comments|listen|listen to this article|scroll down|scroll down for next article|scroll for more|" \
  "read full story|read the full story|read full article|पुरि खबर पढें|पढें पुरि खबर|पुरि खबर|" \
  "विज्ञापन|प्रायोजित|स्पांसर्ड|स्पान्सर्ड|स्पांसरड|विज्ञापन के बाद जारि|" \
  "लोड हो रहा है|आगे पढें|अगलि खबर|पिछलि खबर|अगला लेख|पिछला लेख|next|previous|" \
  "file photo|file image|file pic|representational image|representative image|symbolic image|" \
  "फाइल फोटो|फाइल तस्विर|सांकेतिक तस्विर|सांकेतिक फोटो|प्रतिकात्मक तस्विर|प्रतिकात्मक फोटो|" \
  "anzeige|werbung|publicit[eé]\\x{0301}?|publicidad|pubblicit[aà]\\x{0300}?|reklama|реклама|" \
  "اشتہار|إعلان|广告|広告|광고|" \
  "जाहिरात|বিজ্ঞাপন|বিজ্ঞপ্তি|விளம்பரம்|ప్రకటన|ಜಾಹೀರಾತು|പരസ്യം|જાહેરાત|ਇਸ਼ਤਿਹਾਰ|ବିଜ୍ଞାପନ" \
  ")"

/* Requests to the reader, as words (not inside "target" or "already"). */
#define PROMO_VERB "(?:(?<![a-z])(?:track|follow|subscribe|download|visit|get|read|watch)(?![a-z])|" \
  "(?:पाएं|करें|पढें|देखें|जुडें)(?![\\x{0900}-\\x{097F}]))"

/* "Also read" in the other languages of Indian news: Marathi, Nepali,
 * Bengali, Gujarati, Punjabi, Urdu, Tamil, Telugu, Kannada, Malayalam. */
#define OTHER_TEASERS \
  "हेहि वाचा|हे देखिल वाचा|यो पनि पढ्नुहोस्|আরও পড়ুন|আরো পড়ুন|এটাও পড়ুন|આ પણ વાંચો|" \
  "ਇਹ ਵੀ ਪੜ੍ਹੋ|یہ بھی پڑھیں|இதையும் படிக்க|ఇది కూడా చదవండి|ಇದನ್ನೂ ಓದಿ|ഇതും വായിക്കുക"

#define SOCIAL "(?:facebook|twitter|x|whatsapp|email|e[\\s:]?mail|mail|linkedin|telegram|" \
  "instagram|youtube|koo|pinterest|reddit|copy|link|copy link|print|share|comments?|" \
  "फेसबुक|ट्विटर|व्हाट्सएप|वाट्सएप|व्हाट्सऐप|इंस्टाग्राम|युट्युब|टेलिग्राम|इमेल|शेयर|कापि|लिंक)"

/* The month and weekday names of the one calendar table
 * (khoji-calendar-words.c), as alternatives of a pattern: folded, as the
 * lines are; Latin names in full before their abbreviations, in the
 * table's order, so that a pattern without a word boundary after it
 * takes "monday" whole; each spelling once. */
static char *
calendar_alternatives (KhojiCalendarKind kind,
                       gboolean          latin)
{
  gsize n;
  const KhojiCalendarWord *words = khoji_calendar_words (&n);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GString *out = g_string_new (NULL);

  for (int abbreviations = 0; abbreviations <= 1; abbreviations++)
    for (gsize i = 0; i < n; i++)
      {
        char *fold;

        if (words[i].kind != kind || khoji_calendar_is_latin (&words[i]) != latin ||
            ((words[i].flags & KHOJI_CALENDAR_ABBREVIATION) != 0) != abbreviations)
          continue;
        fold = khoji_text_fold (words[i].word, -1);
        if (!g_hash_table_add (seen, fold))
          continue;
        if (out->len > 0)
          g_string_append_c (out, '|');
        g_string_append (out, fold);
      }
  return g_string_free (out, FALSE);
}

static GRegex *
rx (const char *pattern)
{
  g_autoptr(GError) error = NULL;
  GRegex *re = g_regex_new (pattern, G_REGEX_OPTIMIZE, 0, &error);

  if (re == NULL)
    g_error ("boilerplate rule does not compile: %s: %s", pattern, error->message);
  return re;
}

/* A rule made of pieces, some of them built at run time; NULL ends them. */
static GRegex *
rx_join (const char *first,
         ...)
{
  va_list args;
  g_autoptr(GString) pattern = g_string_new (first);
  const char *piece;

  va_start (args, first);
  while ((piece = va_arg (args, const char *)) != NULL)
    g_string_append (pattern, piece);
  va_end (args);
  return rx (pattern->str);
}

/* Page furniture: ads, read times, promos, teasers, share rows, topic
 * lists, lone links. */
static void
compile_furniture (Rules *r)
{
  /* A whole line that only marks an ad slot. Word lists in the main
   * languages of Indian and international news sites. */
  r->ad_marker = rx (
    "^[\\s\\p{P}\\p{S}]*" AD_MARKER "(?:[\\s\\p{P}\\p{S}]+" AD_MARKER ")*[\\s\\p{P}\\p{S}]*$|"
    /* Font size buttons, "A+ A-" or "A A A"; one "A" may be a table cell. */
    "^\\s*a\\s*[+:−]?(?:\\s+a\\s*[+:−]?)+\\s*$|"
    /* Offers to remove the ads, with a price after them. */
    "^[\\s\\p{P}]*(?:विज्ञापन हटाएं|विज्ञापन मुक्त|remove ads|go ad free|ad free)(?:\\s.{0,60})?$");

  /* "Read Time: 3 mins", "5 min read", "पढ़ने का समय: 2 मिनट". */
  r->read_time = rx (
    "^[\\s\\p{P}]*(?:"
    "(?:estimated\\s+)?(?:read|reading)\\s+time\\s*:?\\s*(?:about\\s+|approx\\.?\\s+)?(?:\\d+|less than a|<\\s*1)\\s*(?:mins?|minutes?|m)\\.?(?:\\s+read)?|"
    "(?:\\d+|less than a|<\\s*1)\\s*:?\\s*(?:mins?|minutes?)\\.?\\s+(?:read|reading)(?:\\s+time)?|"
    "(?:पढने का समय|पढने में लगने वाला समय|रिडिंग टाइम|रीडिंग टाइम)\\s*:?\\s*\\d+\\s*(?:मिनट|min|mins|minutes?)|"
    "\\d+\\s*मिनट\\s*(?:में\\s*)?(?:पढें|पढने का समय|रिड|read)"
    ")[\\s\\p{P}]*$");

  /* Promos for video and photo galleries that stand alone on a line:
   * the headline of the promoted item usually follows. */
  r->promo_alone = rx (
    "^[\\s\\p{P}\\p{S}]*(?:"
    "featured video of the day|video of the day|featured video|featured videos|"
    "watch video|watch the video|watch now|watch live|watch live tv|live tv|watch|also watch|must watch|"
    "trending videos?|latest videos?|top videos?|videos?|photo gallery|photos|"
    "in pics|in pictures|web stories|web story|listen to this article|"
    "वीडियो|विडियो|वीडियो देखें|विडियो देखें|देखें वीडियो|देखें विडियो|यह भि देखें|ये भि देखें|"
    "फोटो गैलरि|फोटो गैलेरि|तस्वीरें|वेब स्टोरिज|वेब स्टोरि|लाइव टिवि|लाइव"
    ")[\\s\\p{P}\\p{S}]*$");

  /* The same markers with the promoted headline on the same line. */
  r->promo_inline = rx (
    "^[\\s\\p{P}\\p{S}]*(?:"
    "featured video of the day|watch video|watch|also watch|must watch|video|photos|"
    "वीडियो|विडियो|वीडियो देखें|देखें वीडियो|यह भि देखें|ये भि देखें|फोटो गैलरि"
    ")\\s*(?:[:|>»›]+|\\s[|>»›]+)\\s*\\S");

  /* Related-article teasers: a marker, a separator, then a headline. */
  r->teaser_inline = rx (
    "^[\\s\\p{P}\\p{S}]*(?:"
    "also read|read also|read more|more read|must read|don'?t miss|related|related news|"
    "related story|related stories|related article|recommended|see also|also see|"
    "ये भि पढें|यह भि पढें|इसे भि पढें|इन्हें भि पढें|और पढें|जरुर पढें|"
    "पढें|पढिए|यह भि पढिए|ये भि पढिए|इसे भि पढिए|संबंधित खबर|संबंधित खबरें|"
    "संबंधित समाचार|यह भि देखें|ये भि देखें|इसे भि देखें|देखें|और खबरें|ताजा खबर|"
    "ये खबर भि पढें|यह खबर भि पढें|" OTHER_TEASERS
    ")\\s*(?:[:|>»›]+|\\s[|>»›]+)\\s*\\S");

  /* Markers of several words are teasers even with no separator:
   * "ये भी पढ़ें- …" loses its dash in folding. */
  r->teaser_words = rx (
    "^[\\s\\p{P}\\p{S}]*(?:"
    "also read|read also|must read|ये भि पढें|यह भि पढें|इसे भि पढें|इन्हें भि पढें|"
    "यह भि पढिए|ये भि पढिए|इसे भि पढिए|ये खबर भि पढें|यह खबर भि पढें|ये भि देखें|यह भि देखें|"
    OTHER_TEASERS
    ")\\s+\\S");

  /* The outlet advertising itself: its web address and a request. */
  r->outlet_promo = rx (
    "^(?=.*(?:[a-z0-9-]+\\.)+(?:com|in|net|org|tv|news|co\\.in)\\b)"
    "(?=.*(?:news|updates?|(?<![a-z])app(?![a-z])|खबर|अपडेट|ऐप|न्युज|ट्रैक|track|follow|फालो|subscribe|सब्सक्राइब))"
    "(?=.*" PROMO_VERB ")");

  /* "(बीबीसी हिन्दी के ऐप के लिए आप यहां क्लिक कर सकते हैं. आप हमें फ़ेसबुक
   * और ट्विटर पर फ़ॉलो भी कर सकते हैं.)": a bracketed note to readers. */
  r->bracket_prompt = rx (
    "^\\s*[(\\[].*(?:फालो|follow|क्लिक|click|सब्सक्राइब|subscribe|डाउनलोड|download|शेयर करें|"
    "share this).*[)\\]][\\s.।]*$");

  /* A teaser marker alone; the teaser headlines come on the next lines. */
  r->teaser_alone = rx (
    "^[\\s\\p{P}\\p{S}]*(?:"
    "also read|read also|read more|must read|don'?t miss|related|related news|"
    "related stories|related articles|recommended|recommended stories|more stories|"
    "more from this section|you may also like|you might also like|latest news|top stories|"
    "ये भि पढें|यह भि पढें|इसे भि पढें|इन्हें भि पढें|और पढें|जरुर पढें|"
    "संबंधित खबरें|संबंधित खबर|संबंधित समाचार|ताजा खबरें|ताजा खबर|ये खबरें भि पढें|"
    OTHER_TEASERS "|आपके लिए|टाप स्टोरिज|खबरें और भि हैं|और भि खबरें|trending|trending now|ट्रेंडिंग|ट्रेंडिंग न्युज"
    ")[\\s\\p{P}\\p{S}]*$");

  /* Share and follow prompts: short lines that ask the reader to act. */
  r->share = rx (
    "(?:^|\\s)(?:"
    "follow us|share this|share on|share via|share article|share story|"
    "subscribe to|subscribe now|sign up for|sign up to|download (?:the |our )?(?:\\S+ )?app|"
    "click here|tap here|get the app|join our|join us on|"
    "हमें फालो|फालो करें|फालो करे|शेयर करें|शेयर करे|सब्सक्राइब करें|सब्सक्राइब करे|"
    "ऐप डाउनलोड करें|यहां क्लिक करें|यहाँ क्लिक करें|क्लिक कर सकते|फालो कर सकते|फालो भि कर सकते|"
    "(?:whatsapp|telegram|youtube|व्हाट्सएप|वाट्सएप|टेलिग्राम|युट्युब) (?:चैनल|ग्रुप|channel|group)"
    ")(?:\\s|$|\\p{P})");

  /* A row of share buttons: two or more network names and the like,
   * or one that can only be a button. "X" or "Link" alone may be text. */
  r->social_only = rx (
    "^[\\s\\p{P}\\p{S}]*" SOCIAL "(?:[\\s\\p{P}\\p{S}]+" SOCIAL ")+[\\s\\p{P}\\p{S}]*$|"
    "^[\\s\\p{P}\\p{S}]*(?:facebook|twitter|whatsapp|linkedin|telegram|instagram|youtube|"
    "pinterest|reddit|email|फेसबुक|ट्विटर|व्हाट्सएप|वाट्सएप|इंस्टाग्राम|युट्युब|टेलिग्राम)[\\s\\p{P}\\p{S}]*$");

  r->topics_alone = rx (
    "^[\\s\\p{P}\\p{S}]*(?:"
    "topics mentioned in this article|topics|tags|tagged|related topics|related tags|"
    "more on this|trending topics|keywords|"
    "टैग्स|टैग|टाग्स|टाग|संबंधित विषय|इस लेख में उल्लिखित विषय|विषय|कीवर्ड्स"
    ")[\\s\\p{P}\\p{S}]*$");

  r->topics_inline = rx (
    "^[\\s\\p{P}\\p{S}]*(?:"
    "topics mentioned in this article|topics|tags|tagged|tagged in|related topics|keywords|"
    "टैग्स|टैग|टाग्स|टाग|संबंधित विषय|कीवर्ड्स"
    ")\\s*[:|]\\s*\\S");

  /* A line that is only a link. */
  r->url_only = rx (
    "^[\\s\\p{P}]*(?:https?://|www\\.|pic\\.twitter\\.com/)\\S*[\\s\\p{P}]*$");
}

/* Who made the piece and what labels it: bylines, credits, notices,
 * captions, counters, desk and place labels before the first sentence. */
static void
compile_credits (Rules *r)
{
  /* Bylines: who wrote or edited the piece is not what it is about,
   * and a name there would be taken for someone in the news. */
  r->byline = rx (
    "^[\\s\\p{P}]*(?:written by|edited by|reported by|posted by|compiled by|"
    "authored by|curated by|लेखक|लेखिका|पदनाम|रिपोर्टर|संवाददाता|"
    "एडिटेड बाइ|एडिटर|संपादक)\\s*[:,|]\\s*\\S[^\\d]{0,50}$|"
    "^[\\s\\p{P}]*(?:written by|edited by|reported by|posted by|compiled by|authored by)"
    "\\s+\\S[^\\d]{0,50}$");

  /* "By Ravi Kumar": checked on the unfolded line, where a name's
   * capitals tell it from "By then, …". */
  r->byline_en = rx ("^\\s*By:?\\s+(?:\\p{Lu}[\\p{L}.'’]*\\s*){1,4}$");

  /* Image and photo credits: a credit marker and a short source. */
  r->credit = rx (
    "^[\\s\\p{P}\\p{S}]*(?:"
    "image source|image credit|image credits|image courtesy|images?|photo|photos|"
    "photo credit|photo credits|photo courtesy|photograph|picture|pic|pic credit|"
    "file photo|file image|representational image|representative image|credit|credits|"
    "इमेज स्रोत|इमेज सोर्स|इमेज क्रेडिट|इमेज|फोटो|फोटो स्रोत|फोटो क्रेडिट|फोटो साभार|"
    "फाइल फोटो|तस्विर|तस्विर स्रोत|चित्र|चित्र स्रोत|चित्र साभार|साभार|सांकेतिक तस्विर|सांकेतिक फोटो"
    ")\\s*[:|/]\\s*[^\\s].{0,60}$|"
    /* BBC style, with a comma: only the explicit source markers, since
     * "Photos, videos and accounts show …" is a sentence. */
    "^[\\s\\p{P}\\p{S}]*(?:image source|image credit|photo credit|photo courtesy|"
    "इमेज स्रोत|इमेज सोर्स|इमेज क्रेडिट|फोटो स्रोत|फोटो क्रेडिट|फोटो साभार|तस्विर स्रोत|चित्र स्रोत"
    ")\\s*,\\s*[^\\s].{0,60}$");

  /* Syndication notices and agency input credits. */
  r->notice = rx (
    "^[\\s(\\[]*(?:disclaimer|डिस्क्लेमर|अस्विकरण)\\s*[:|]|"
    "^[\\s(\\[]*(?:with inputs? from|inputs? from)\\s*[:|]?\\s*\\S.{0,40}$|"
    "^[\\s(\\[]*(?:इनपुट|input|inputs)\\s*[:|]\\s*\\S.{0,40}$|"
    "^\\s*[(\\[][^()\\[\\]]{0,40}(?:(?<![a-z])(?:input|inputs|pti|ani|ians|ap|afp|reuters)(?![a-z])|"
    "इनपुट|एजेंसि|भाषा|पिटिआइ|एएनआइ|आइएएनएस|syndicat|सिंडिकेट|feed|फिड)[^()\\[\\]]{0,40}[)\\]][\\s.।]*$|"
    "^[\\s(]*(?:यह|ये|this) (?:खबर|स्टोरि|आर्टिकल|लेख|story|article) .{0,80}(?:सिंडिकेट|syndicat|फिड से|from a feed|agency feed)");

  /* The attribution line of an embedded post:
   * "— Agency (@handle) June 4, 2025". Its date is the post's, and
   * would be taken for an event of the article. */
  r->embed_credit = rx (
    "^[\\s\\p{P}]*[^\\n]{0,80}\\(@\\w{1,30}\\)\\s*[^\\n]{0,40}\\d{4}[\\s\\p{P}]*$");

  /* A photo caption: a line that ends by saying it describes a file
   * or representative picture, "… की फाइल फोटो", "… (file photo)".
   * On folded text, where dashes are colons. */
  r->caption = rx (
    "(?:^|[\\s(\\[])(?:(?:की|का|के|of)\\s+)?(?:फाइल|सांकेतिक|प्रतिकात्मक|file|representational|representative|symbolic)"
    "\\s+(?:फोटो|तस्विर|तस्विरें|चित्र|इमेज|photo|photos|image|picture|pic)[\\s\\p{P}\\p{S}]*$");

  /* A number alone on a line near the top: a view, share or comment
   * count. Four digits from 19 or 20 may be a year, and stay. */
  r->bare_number = rx (
    "^[\\s\\p{P}\\p{S}]*(?!(?:19|20)\\d\\d[\\s\\p{P}\\p{S}]*$)"
    "\\d{1,3}(?:[,.]\\d{2,3})*(?:\\.\\d+)?\\s*[kKmM]?[\\s\\p{P}\\p{S}]*$");

  /* A desk or agency label in capitals before the first sentence,
   * "CITY DESK- …", "AGENCY – …": it says who filed the piece, in Latin
   * capitals and a dash, and the article's own text follows in another
   * script. On the unfolded line. */
  r->desk_prefix = rx (
    "^\\s*(?:[A-Z][A-Z&.']+\\s+){0,3}[A-Z][A-Z&.']+\\s*[-\\x{2013}\\x{2014}]+\\s*(?=[\\x{0900}-\\x{097F}])");

  /* A place dateline opening the first sentence: one to three words of
   * Devanagari or Latin capitals, an optional date in parentheses, then
   * a colon, a danda, a bar or a dash: "नगर :", "नगर (4 जून 2025)-",
   * "CITY:". It is not part of the sentence a title is taken from. */
  r->place_prefix = rx (
    "^\\s*(?:[\\x{0900}-\\x{0963}\\x{0970}-\\x{097F}]+|[A-Z][A-Z.]+)"
    "(?:\\s+(?:[\\x{0900}-\\x{0963}\\x{0970}-\\x{097F}]+|[A-Z][A-Z.]+)){0,2}"
    "\\s*(?:\\([^()]{1,40}\\))?\\s*(?:[:\\x{0964}|]+|[-\\x{2013}\\x{2014}]+(?=\\s))\\s*(?=\\S)");
}

/* Dates and datelines, with the month and weekday names of the calendar
 * table. */
static void
compile_dates (Rules *r)
{
  gsize n_words;
  const KhojiCalendarWord *words = khoji_calendar_words (&n_words);
  g_autofree char *en_months = calendar_alternatives (KHOJI_CALENDAR_MONTH, TRUE);
  g_autofree char *hi_months = calendar_alternatives (KHOJI_CALENDAR_MONTH, FALSE);
  g_autofree char *en_weekdays = calendar_alternatives (KHOJI_CALENDAR_WEEKDAY, TRUE);
  g_autofree char *hi_weekdays = calendar_alternatives (KHOJI_CALENDAR_WEEKDAY, FALSE);
  g_autofree char *months = g_strdup_printf ("(?:(%s)(?![a-z])\\.?|(%s)(?![\\x{0900}-\\x{097F}]))",
                                             en_months, hi_months);
  g_autofree char *weekdays = g_strconcat (en_weekdays, "|", hi_weekdays, NULL);

  /* Dates, on folded text: digits are ASCII, hyphens are spaces. */
  r->date_dmy = rx_join (
    "(?<![\\d.])(\\d{1,2})(?:st|nd|rd|th)?\\s*[ ./]?\\s*", months,
    "\\s*[,.]?\\s*((?:19|20)\\d\\d)(?!\\d)", NULL);
  r->date_mdy = rx_join (
    months, "\\s*(\\d{1,2})(?:st|nd|rd|th)?\\s*,?\\s*((?:19|20)\\d\\d)(?!\\d)", NULL);
  r->date_iso = rx (
    "(?<![\\d.])((?:19|20)\\d\\d)[ /.](\\d{1,2})[ /.](\\d{1,2})(?!\\d)");
  r->date_num = rx (
    "(?<![\\d.])(\\d{1,2})[ /.](\\d{1,2})[ /.]((?:19|20)\\d\\d)(?!\\d)");

  /* What may sit beside the date on a dateline: times, weekdays,
   * time zones, "Updated:" and the like. */
  r->dateline_noise = rx_join (
    "(?:t?\\d{1,2}:\\d{2}(?::\\d{2})?(?:\\.\\d+)?(?:\\s*(?:am|pm|a\\.m\\.|p\\.m\\.))?"
    "(?:z|\\s*[+]\\d{2}:?\\d{2})?|"
    "\\b(?:am|pm|ist|gmt|utc|hrs|hours|updated|update|published|posted|last|modified|"
    "first|on|at|date|dated|created|", weekdays, ")\\b|"
    "(?:प्रकाशित|प्रकाशन|अपडेटेड|अपडेट|तारिख|दिनांक|समय|बजे|पर|को|तक|किया गया|", weekdays, ")"
    "(?![\\x{0900}-\\x{097F}]))", NULL);

  /* A byline with a date: "Edited By: Name | Updated: Jun 04, 2025". */
  r->dateline_keyword = rx (
    "(?:^|[\\s|(])(?:updated|last updated|published|posted|first published|"
    "प्रकाशित|अपडेटेड|अपडेट|पब्लिश्ड|प्रकाशन तिथि|प्रकाशन)(?:\\s*(?:on|at|:|पर|को)|\\s|:|$)");

  /* "नई दिल्ली (28 सितंबर 2015)-" or "मुंबई, 4 जून 2025:": a short place
   * name before the date, then the article's first sentence. */
  r->dateline_prefix = rx ("^[^\\d()]{1,40}[,(:|]\\s*$");

  /* Folded month name -> 1..12, for the names the date rules match. */
  r->month_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (gsize i = 0; i < n_words; i++)
    if (words[i].kind == KHOJI_CALENDAR_MONTH)
      g_hash_table_insert (r->month_names, khoji_text_fold (words[i].word, -1),
                           GINT_TO_POINTER (words[i].value));
}

Rules *
_khoji_ingest_rules_get (void)
{
  static gsize once = 0;
  static Rules rules;

  if (g_once_init_enter (&once))
    {
      compile_furniture (&rules);
      compile_credits (&rules);
      compile_dates (&rules);
      g_once_init_leave (&once, 1);
    }
  return &rules;
}

gboolean
_khoji_ingest_rx_match (GRegex     *re,
                        const char *s)
{
  return g_regex_match (re, s, 0, NULL);
}

glong
_khoji_ingest_char_count (const char *s)
{
  return g_utf8_strlen (s, -1);
}

gboolean
_khoji_ingest_ends_like_sentence (const char *line)
{
  const char *e = line + strlen (line);
  gunichar c;

  if (e == line)
    return FALSE;
  c = g_utf8_get_char (g_utf8_prev_char (e));
  return c == '.' || c == 0x0964 || c == 0x0965 || c == '?' || c == '!' || c == '"' ||
         c == 0x201D || c == 0x2019 || c == '\'' || c == ')';
}

gboolean
_khoji_ingest_has_letters (const char *s)
{
  for (const char *p = s; *p; p = g_utf8_next_char (p))
    if (g_unichar_isalpha (g_utf8_get_char (p)) || khoji_text_is_devanagari (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

/* A promoted headline: short, and not a finished sentence. */
static gboolean
looks_like_headline (const char *line)
{
  glong n = _khoji_ingest_char_count (line);
  return n > 0 && n <= 160 && !_khoji_ingest_ends_like_sentence (line) && _khoji_ingest_has_letters (line);
}

static gboolean
starts_latin (const char *line)
{
  for (const char *p = line; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (g_unichar_isalpha (c))
        return g_unichar_get_script (c) == G_UNICODE_SCRIPT_LATIN;
    }
  return FALSE;
}

/* A tag in a topic list: a name of a few words. */
static gboolean
looks_like_tag (const char *line)
{
  glong n = _khoji_ingest_char_count (line);
  int words = 1;

  if (n == 0 || n > 40 || _khoji_ingest_ends_like_sentence (line))
    return FALSE;
  for (const char *p = line; *p; p++)
    if (*p == ' ')
      words++;
  return words <= 5;
}

typedef enum {
  LINE_KEEP,
  LINE_DROP,
  LINE_DROP_AND_PROMO,       /* a video/gallery promo: its title follows */
  LINE_DROP_AND_HEADLINES,   /* a teaser marker: teaser headlines follow */
  LINE_DROP_AND_TAGS,        /* a topic list heading: drop the tags after it */
} LineVerdict;

static LineVerdict
classify_line (const char *line)
{
  Rules *r = _khoji_ingest_rules_get ();
  g_autofree char *dashless = NULL;
  g_autofree char *key = NULL;
  GString *copy;
  const char *run, *next;

  if (_khoji_ingest_char_count (line) > BOILERPLATE_MAX_CHARS)
    return LINE_KEEP;

  /* Folding turns dashes into spaces; here they are separators, as in
   * "ये भी पढ़ें- …" or "Photo - PTI", so they become colons first. */
  copy = g_string_sized_new (strlen (line));
  run = line;
  for (const char *p = line; *p; p = next)
    {
      gunichar c;

      next = g_utf8_next_char (p);
      /* Only '-' and characters of three bytes from E2 may be dashes. */
      if (*p != '-' && (guchar) *p != 0xE2)
        continue;
      c = g_utf8_get_char (p);
      if (c == '-' || (c >= 0x2010 && c <= 0x2015) || c == 0x2212)
        {
          g_string_append_len (copy, run, p - run);
          g_string_append_c (copy, ':');
          run = next;
        }
    }
  g_string_append (copy, run);
  dashless = g_string_free (copy, FALSE);

  key = khoji_text_fold (dashless, -1);
  if (*key == '\0')
    return LINE_KEEP;

  if (_khoji_ingest_rx_match (r->ad_marker, key) || _khoji_ingest_rx_match (r->read_time, key))
    return LINE_DROP;
  if (_khoji_ingest_rx_match (r->promo_alone, key))
    return LINE_DROP_AND_PROMO;
  if (_khoji_ingest_rx_match (r->teaser_alone, key))
    return LINE_DROP_AND_HEADLINES;
  if (_khoji_ingest_rx_match (r->topics_alone, key))
    return LINE_DROP_AND_TAGS;
  if (_khoji_ingest_rx_match (r->topics_inline, key))
    return LINE_DROP;
  if (_khoji_ingest_rx_match (r->promo_inline, key) || _khoji_ingest_rx_match (r->teaser_inline, key) ||
      _khoji_ingest_rx_match (r->teaser_words, key))
    return LINE_DROP;
  if (_khoji_ingest_rx_match (r->credit, key) || _khoji_ingest_rx_match (r->url_only, key) ||
      _khoji_ingest_rx_match (r->embed_credit, key))
    return LINE_DROP;
  /* A caption is a label, not a sentence: short, and it does not end in
   * a full stop or a danda. */
  if (_khoji_ingest_char_count (line) <= 200 && _khoji_ingest_rx_match (r->caption, key))
    {
      const char *e = line + strlen (line);
      gunichar last = g_utf8_get_char (g_utf8_prev_char (e));

      if (last != '.' && last != 0x0964 && last != '?' && last != '!')
        return LINE_DROP;
    }
  if (_khoji_ingest_rx_match (r->notice, key))
    return LINE_DROP;
  /* A byline that carries the date stays: it is the dateline. */
  if (_khoji_ingest_char_count (line) <= 60 && !_khoji_ingest_ends_like_sentence (line) &&
      (_khoji_ingest_rx_match (r->byline, key) || _khoji_ingest_rx_match (r->byline_en, line)))
    return LINE_DROP;
  if (_khoji_ingest_rx_match (r->social_only, key))
    return LINE_DROP;
  /* A prompt to share or follow is short; a sentence that merely reports
   * someone asking people to share something is longer. */
  if (_khoji_ingest_char_count (line) <= 100 && _khoji_ingest_rx_match (r->share, key))
    return LINE_DROP;
  if (_khoji_ingest_rx_match (r->bracket_prompt, key))
    return LINE_DROP;
  if (_khoji_ingest_char_count (line) <= 250 && _khoji_ingest_rx_match (r->outlet_promo, key))
    return LINE_DROP;
  return LINE_KEEP;
}

/* Drops boilerplate lines in place. Never drops a line of more than
 * BOILERPLATE_MAX_CHARS characters. `from_html`: every block of the page
 * became a paragraph, so a promoted headline sits after a blank line. */
void
_khoji_ingest_remove_boilerplate (GPtrArray *lines,
                                  gboolean   from_html)
{
  g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func (g_free);
  /* Pages repeat their furniture, and hostile files repeat lines by the
   * million: each distinct line is judged once. */
  g_autoptr(GHashTable) verdicts = g_hash_table_new (khoji_text_hash, g_str_equal);
  guint judged = 0;

  for (guint i = 0; i < lines->len; i++)
    {
      char *line = g_ptr_array_index (lines, i);
      LineVerdict verdict;
      gpointer cached;

      if (_khoji_ingest_line_is_blank (line))
        {
          g_ptr_array_add (kept, g_steal_pointer (&lines->pdata[i]));
          continue;
        }

      if (g_hash_table_lookup_extended (verdicts, line, NULL, &cached))
        verdict = GPOINTER_TO_INT (cached);
      else if (judged >= BOILERPLATE_MAX_LINES)
        verdict = LINE_KEEP;
      else
        {
          verdict = classify_line (line);
          judged++;
          /* The key points into `lines`, which outlives the table. */
          g_hash_table_insert (verdicts, line, GINT_TO_POINTER (verdict));
        }
      if (verdict == LINE_KEEP)
        {
          g_ptr_array_add (kept, g_steal_pointer (&lines->pdata[i]));
          continue;
        }

      if (verdict != LINE_DROP)
        {
          /* The promoted items follow, in plain text on the next line, in
           * a page after one blank line; a blank line after them, or a real
           * sentence, ends the run. A
           * video promo names one video; more lines are taken only when
           * they are in Latin script like the English-keyword headlines
           * of such promos, since an article's own subheading may follow. */
          int max_items = verdict == LINE_DROP_AND_TAGS ? 12 : 3;
          int dropped = 0;
          guint j = i + 1;

          if (from_html && j < lines->len && _khoji_ingest_line_is_blank (g_ptr_array_index (lines, j)))
            j++;
          while (j < lines->len && dropped < max_items)
            {
              const char *next = g_ptr_array_index (lines, j);
              gboolean fits;

              /* A line that is boilerplate in its own right ends the run
               * and gets its own rule ("Topics mentioned…" after a video). */
              if (_khoji_ingest_line_is_blank (next) || classify_line (next) != LINE_KEEP)
                break;
              if (verdict == LINE_DROP_AND_TAGS)
                fits = looks_like_tag (next);
              else if (verdict == LINE_DROP_AND_PROMO && dropped > 0)
                fits = looks_like_headline (next) && starts_latin (next);
              else
                fits = looks_like_headline (next);
              if (!fits)
                break;
              dropped++;
              j++;
            }
          if (dropped > 0)
            i = j - 1;
        }
    }

  g_ptr_array_set_size (lines, 0);
  for (guint i = 0; i < kept->len; i++)
    g_ptr_array_add (lines, g_steal_pointer (&kept->pdata[i]));
  g_ptr_array_set_free_func (kept, NULL);
}

/* The front of an article, after the boilerplate went: a number alone
 * (a view count) is dropped, and a desk label in capitals before the
 * first sentence ("CITY DESK- …") is cut off that sentence. General
 * shapes in a fixed place, never the words of one outlet. */
void
_khoji_ingest_clean_front (GPtrArray *lines)
{
  Rules *r = _khoji_ingest_rules_get ();
  guint seen = 0;

  for (guint i = 0; i < lines->len && seen < FRONT_LINES; i++)
    {
      char *line = g_ptr_array_index (lines, i);
      g_autoptr(GMatchInfo) mi = NULL;

      if (_khoji_ingest_line_is_blank (line))
        continue;
      seen++;
      if (_khoji_ingest_is_bare_number (line))
        {
          g_ptr_array_remove_index (lines, i);
          /* A blank line the number stood between stays single. */
          if (i < lines->len && i > 0 && _khoji_ingest_line_is_blank (g_ptr_array_index (lines, i)) &&
              _khoji_ingest_line_is_blank (g_ptr_array_index (lines, i - 1)))
            g_ptr_array_remove_index (lines, i);
          i--;
          continue;
        }
      if (g_regex_match (r->desk_prefix, line, 0, &mi))
        {
          int end = 0;

          g_match_info_fetch_pos (mi, 0, NULL, &end);
          memmove (line, line + end, strlen (line + end) + 1);
        }
    }
}
