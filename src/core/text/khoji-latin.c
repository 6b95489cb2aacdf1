/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-text"

#include "config.h"

#include <string.h>

#include <unicode/utrans.h>

#include "khoji-text-private.h"

/* Latin names.
 *
 * ICU's Devanagari-Latin keeps every inherent vowel (पुतिन -> "putina"). Hindi
 * drops the schwa at the end of a word and between a vowel-consonant and a
 * consonant-vowel (Ohala's rule), and pronounces anusvara as the nasal of
 * the next consonant's class. Those rules are applied to the Devanagari,
 * by writing the virama or the nasal consonant, before transliterating. */

static gboolean
has_inherent_vowel (const gunichar *w,
                    glong           n,
                    glong           i)
{
  if (!_khoji_text_is_consonant (w[i]))
    return FALSE;
  if (i + 1 < n && w[i + 1] == NUKTA)
    i++;
  if (i + 1 >= n)
    return TRUE;
  /* A dependent vowel sign or a virama takes the place of the schwa. */
  return !((w[i + 1] >= 0x093A && w[i + 1] <= 0x094F && w[i + 1] != NUKTA) ||
           w[i + 1] == 0x0962 || w[i + 1] == 0x0963);
}

static gunichar
nasal_for (gunichar next)
{
  if (next >= 0x0915 && next <= 0x0918) return 0x0919;  /* still read as "n" */
  if (next >= 0x092A && next <= 0x092D) return 0x092E;  /* labials: m */
  return 0x0928;
}

/* Private-use marks in the prepared text: literals (English spellings)
 * from U+E000, and one mark before a व that is said "w". */
#define LITERAL_MAX 0x800
#define W_MARK      0xE800

static gboolean
is_vowel_sign (gunichar c)
{
  return (c >= 0x093E && c <= 0x094C) || c == 0x0962 || c == 0x0963;
}

/* Which inherent vowels are dropped, decided from the end of the word to
 * its start as Hindi speakers do (Ohala): a schwa goes between a vowel and
 * a consonant that carries a vowel (V C _ C V), the vowels to the right
 * being already settled: हरमनप्रीत -> Harmanprit, सिमरनजीत -> Simranjit,
 * सरकार -> Sarkar. */
static void
apply_schwa_deletion (GString        *out,
                      const gunichar *w,
                      glong           n)
{
  glong last_consonant = -1;
  glong n_syllables = 0;
  g_autofree gboolean *drop = g_new0 (gboolean, n + 1);

  for (glong i = 0; i < n; i++)
    if (_khoji_text_is_consonant (w[i]) || (w[i] >= 0x0904 && w[i] <= 0x0914))
      n_syllables++;

  for (glong i = 0; i < n; i++)
    if (_khoji_text_is_consonant (w[i]))
      last_consonant = i;

  for (glong i = n - 1; i >= 0; i--)
    {
      glong next, after;
      gboolean next_voiced, prev_voiced;

      if (!_khoji_text_is_consonant (w[i]) || !has_inherent_vowel (w, n, i))
        continue;
      /* Final schwa: gone, except in one-syllable words (न, व) and after
       * a cluster (शब्द), but रवींद्र, नरेंद्र keep it. Clusters that end
       * in स, ट, ड, ग, ज are said without it (एडवर्ड्स Edwards, वत्स
       * Vats, उत्तराखण्ड Uttarakhand): all but one of 90 such name words
       * in the name lists; a cluster after र keeps it when it ends in य
       * (आचार्य Acharya). */
      if (i == last_consonant)
        {
          gboolean open_cluster = w[i] == 0x0938 || w[i] == 0x091F || w[i] == 0x0921 ||
                                  w[i] == 0x0917 || w[i] == 0x091C;
          drop[i] = n_syllables > 1 &&
                    !(i >= 1 && w[i - 1] == VIRAMA && !open_cluster &&
                      (!(i >= 2 && w[i - 2] == 0x0930) || w[i] == 0x092F)) &&
                    (i + 1 >= n || !(w[i + 1] == ANUSVARA || w[i + 1] == CANDRABINDU));
          continue;
        }
      if (i == 0)
        continue;
      next = i + 1;
      if (next < n && w[next] == NUKTA)
        next++;
      if (next >= n || !_khoji_text_is_consonant (w[next]))
        continue;
      /* The next syllable: a consonant with its vowel, or a consonant and
       * a glide (प्री, क्या); a heavier cluster (संपत्ति) keeps the schwa. */
      after = next;
      if (after + 2 < n && w[after + 1] == VIRAMA &&
          (w[after + 2] == 0x0930 || w[after + 2] == 0x092F || w[after + 2] == 0x0935))
        after += 2;
      if (after + 1 < n && w[after + 1] == NUKTA)
        after++;
      if (after + 1 < n && w[after + 1] == VIRAMA)
        continue;
      next_voiced = (after + 1 < n && is_vowel_sign (w[after + 1])) ||
                    (has_inherent_vowel (w, n, after) && !drop[after]);
      prev_voiced = is_vowel_sign (w[i - 1]) || w[i - 1] == ANUSVARA ||
                    w[i - 1] == CANDRABINDU || (w[i - 1] >= 0x0904 && w[i - 1] <= 0x0914) ||
                    (w[i - 1] == NUKTA && i >= 2 && has_inherent_vowel (w, n, i - 2)) ||
                    has_inherent_vowel (w, n, i - 1);
      if (next_voiced && prev_voiced)
        drop[i] = TRUE;
    }

  for (glong i = 0; i < n; i++)
    {
      gunichar c = w[i];

      if (c == ANUSVARA || c == CANDRABINDU)
        {
          gunichar nx = i + 1 < n ? w[i + 1] : 0;
          /* Word-final ंह is said and written "ngh" (सिंह -> Singh). */
          if (nx == 0x0939 && i + 2 == n)
            {
              g_string_append_unichar (out, 0x0928);
              g_string_append_unichar (out, VIRAMA);
              g_string_append_unichar (out, 0x0917);
              g_string_append_unichar (out, VIRAMA);
              g_string_append_unichar (out, 0x0939);
              g_string_append_unichar (out, VIRAMA);
              i++;
              continue;
            }
          if (_khoji_text_is_consonant (nx))
            {
              g_string_append_unichar (out, nasal_for (nx));
              g_string_append_unichar (out, VIRAMA);
            }
          else
            {
              /* Word-final or before a vowel: a nasalised vowel, "n". */
              g_string_append_unichar (out, 0x0928);
              g_string_append_unichar (out, VIRAMA);
            }
          continue;
        }

      /* व in a cluster after a stop or a sibilant is "w" (स्वामी Swami,
       * द्विवेदी Dwivedi, विश्वास Vishwas); after र, ल, न, म it stays "v"
       * (सर्वेश Sarvesh, सेल्वम Selvam). */
      if (c == 0x0935 && i >= 2 && w[i - 1] == VIRAMA &&
          w[i - 2] != 0x0930 && w[i - 2] != 0x0932 && w[i - 2] != 0x0928 &&
          w[i - 2] != 0x092E && w[i - 2] != 0x092F && w[i - 2] != 0x0935)
        g_string_append_unichar (out, W_MARK);
      g_string_append_unichar (out, c);
      if (i + 1 < n && w[i + 1] == NUKTA)
        {
          g_string_append_unichar (out, NUKTA);
          if (drop[i])
            drop[i + 1] = TRUE;
          i++;
        }
      if (drop[i])
        g_string_append_unichar (out, VIRAMA);
    }
}

/* English words written in Devanagari are spelt back in English inside
 * names (नेशनल टेस्टिंग एजेंसी -> "National Testing Agency"), since a
 * phonetic spelling ("Neshanal") is no name anyone writes. The table holds
 * common words of institution and company names only, never a name of
 * one thing; forms are compared by folding key, so नॉर्थ/नार्थ and nukta
 * variants need no row of their own. */
static const char * const latin_loans[][2] = {
  { "नेशनल", "National" }, { "इंटरनेशनल", "International" }, { "एजेंसी", "Agency" },
  { "सेंटर", "Center" }, { "सेंटर्स", "Centers" }, { "इंडिया", "India" },
  { "फाउंडेशन", "Foundation" }, { "टेस्टिंग", "Testing" }, { "लिमिटेड", "Limited" },
  { "प्राइवेट", "Private" }, { "पब्लिक", "Public" }, { "सर्विसेज", "Services" },
  { "सर्विस", "Service" }, { "टेक्नोलॉजीज", "Technologies" }, { "टेक्नोलॉजी", "Technology" },
  { "इंडस्ट्रीज", "Industries" }, { "कॉर्पोरेशन", "Corporation" }, { "एयरलाइंस", "Airlines" },
  { "एयरलाइन", "Airline" }, { "एयरवेज", "Airways" }, { "ग्रुप", "Group" }, { "बैंक", "Bank" },
  { "कंपनी", "Company" }, { "इंस्टीट्यूट", "Institute" }, { "इंस्टिट्यूट", "Institute" },
  { "यूनिवर्सिटी", "University" }, { "एसोसिएशन", "Association" }, { "फेडरेशन", "Federation" },
  { "काउंसिल", "Council" }, { "कमीशन", "Commission" }, { "ऑर्गनाइजेशन", "Organization" },
  { "अथॉरिटी", "Authority" }, { "बोर्ड", "Board" }, { "सोसाइटी", "Society" },
  { "ट्रस्ट", "Trust" }, { "एयर", "Air" }, { "एक्सप्रेस", "Express" }, { "स्पेस", "Space" },
  { "रिसर्च", "Research" }, { "साइंस", "Science" }, { "साइंसेज", "Sciences" },
  { "ग्लोबल", "Global" }, { "कंसल्टेंसी", "Consultancy" }, { "होल्डिंग्स", "Holdings" },
  { "मोटर्स", "Motors" }, { "पावर", "Power" }, { "एनर्जी", "Energy" }, { "हॉस्पिटल", "Hospital" },
  { "कॉलेज", "College" }, { "स्कूल", "School" }, { "क्लब", "Club" }, { "लीग", "League" },
  { "यूनाइटेड", "United" }, { "सिटी", "City" }, { "स्टेट", "State" }, { "सेंट्रल", "Central" },
  { "डेवलपमेंट", "Development" }, { "मैनेजमेंट", "Management" }, { "फाइनेंस", "Finance" },
  { "फाइनेंशियल", "Financial" }, { "इंश्योरेंस", "Insurance" }, { "फोरम", "Forum" },
  { "फंड", "Fund" }, { "एकेडमी", "Academy" }, { "मेडिकल", "Medical" }, { "मिशन", "Mission" },
  { "स्टेडियम", "Stadium" }, { "एयरपोर्ट", "Airport" }, { "पोर्ट", "Port" },
  { "नेटवर्क", "Network" }, { "न्यूज", "News" },
  { "टाइम्स", "Times" }, { "पोस्ट", "Post" }, { "मीडिया", "Media" }, { "सिस्टम्स", "Systems" },
  { "सॉफ्टवेयर", "Software" }, { "सॉल्यूशंस", "Solutions" }, { "ऑयल", "Oil" }, { "गैस", "Gas" },
  { "स्टील", "Steel" }, { "सीमेंट", "Cement" }, { "टेलीकॉम", "Telecom" }, { "कैपिटल", "Capital" },
  { "वेंचर्स", "Ventures" }, { "इंजीनियरिंग", "Engineering" }, { "हेल्थ", "Health" },
  { "हॉकी", "Hockey" }, { "क्रिकेट", "Cricket" }, { "फुटबॉल", "Football" },
  { "ओलंपिक", "Olympic" }, { "सुपर", "Super" }, { "किंग्स", "Kings" }, { "रॉयल", "Royal" },
  { "नॉर्थ", "North" }, { "साउथ", "South" }, { "ईस्ट", "East" }, { "वेस्ट", "West" },
  { "न्यू", "New" }, { "एंड", "and" }, { "ऑफ", "of" }, { "फॉर", "for" },
  { "जूनियर", "Jr." }, { "सीनियर", "Sr." }, { "टेनिस", "Tennis" }, { "बैडमिंटन", "Badminton" },
  { "हाई", "High" }, { "कोर्ट", "Court" }, { "सुप्रीम", "Supreme" }, { "स्टॉक", "Stock" },
  { "एक्सचेंज", "Exchange" }, { "ब्रॉडकास्टिंग", "Broadcasting" }, { "सर्विसेस", "Services" },
  { "संस", "Sons" }, { "लैब्स", "Labs" }, { "एंटरप्राइजेज", "Enterprises" },
};

static gpointer
build_latin_loans (gpointer data)
{
  GHashTable *t = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (latin_loans); i++)
    g_hash_table_insert (t, khoji_text_fold (latin_loans[i][0], -1), (gpointer) latin_loans[i][1]);
  return t;
}

static gboolean
is_loan (GHashTable *loans,
         const char *word)
{
  g_autofree char *fold = khoji_text_fold (word, -1);

  return g_hash_table_contains (loans, fold);
}

/* Names of the Latin letters, as initials and acronyms are written
 * (आरएफ नरीमन -> "R. F. Nariman", जेआरडी -> "J. R. D."). */
static const char * const latin_letters[][2] = {
  { "ए", "A" }, { "बी", "B" }, { "सी", "C" }, { "डी", "D" }, { "ई", "E" }, { "एफ", "F" },
  { "जी", "G" }, { "एच", "H" }, { "आई", "I" }, { "जे", "J" }, { "के", "K" }, { "एल", "L" },
  { "एम", "M" }, { "एन", "N" }, { "ओ", "O" }, { "पी", "P" }, { "क्यू", "Q" }, { "आर", "R" },
  { "एस", "S" }, { "टी", "T" }, { "यू", "U" }, { "वी", "V" }, { "डब्ल्यू", "W" },
  { "एक्स", "X" }, { "वाई", "Y" }, { "जेड", "Z" }, { "ज़ेड", "Z" },
};

/* Spells a word made only of letter names, longest name first ("एमएम"
 * is M M, not E M E M); NULL when some part is no letter name. */
static char *
spell_letters (const char *nfc)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *p = nfc;

  while (*p)
    {
      gsize best = 0;
      const char *letter = NULL;

      for (guint i = 0; i < G_N_ELEMENTS (latin_letters); i++)
        {
          gsize l = strlen (latin_letters[i][0]);
          if (l > best && strncmp (p, latin_letters[i][0], l) == 0)
            {
              best = l;
              letter = latin_letters[i][1];
            }
        }
      if (letter == NULL)
        return NULL;
      g_string_append (out, letter);
      p += best;
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* ICU's Devanagari-Latin is ISO 15919 with diacritics; names in Latin script
 * follow English habits instead (श sh, च ch, छ chh, ऋ ri), and ICU's
 * apostrophes that keep syllables apart (नेतन्याहू -> "netan'yāhū") have no
 * place in a name. Hindi says फ "f" more often than "ph", and names are
 * spelt so (फारूक Farooq, फवाद Fawad, फिरोज Firoz: three in four name
 * words of the name lists); ज्ञ is "gy" (ज्ञान Gyan), ग़ "gh" (ग़ालिब
 * Ghalib). An English word ending in -लॉजी ends in -logy. */
static const char latin_rules[] =
  "::Devanagari-Latin;"
  "ph > f; jñ > gy; ġ > gh;"
  "\\uE800 v > w; \\uE800 > ;"
  "ŏjī } [^[:L:][:M:]] > ogy; ŏjī $ > ogy;"
  "c > ch; ś > sh; ṣ > sh; r̥ > ri; ṛh > rh; ṛ > r; ṅ > n; ñ > n; ṁ > n; m̐ > n; ḥ > h;"
  "'' > ;"
  "::Latin-ASCII;";

/* A transliterator keeps state while it works: one instance, one user at
 * a time. */
G_LOCK_DEFINE_STATIC (latin);
static UTransliterator *latin_trans;

static UTransliterator *
open_latin_transliterator (void)
{
  UErrorCode status = U_ZERO_ERROR;
  UParseError perr;
  UChar id[] = { 'k', 'h', 'o', 'j', 'i', '-', 'l', 'a', 't', 'i', 'n', 0 };
  g_autofree UChar *rules = NULL;
  int32_t rules_len = 0;
  UTransliterator *trans;

  rules = _khoji_text_to_uchars (latin_rules, -1, &rules_len, NULL);
  trans = utrans_openU (id, -1, UTRANS_FORWARD, rules, rules_len, &perr, &status);
  if (U_FAILURE (status))
    {
      g_warning ("Cannot open the Latin transliterator: %s (rule line %d, offset %d)",
                 u_errorName (status), perr.line, perr.offset);
      return NULL;
    }
  return trans;
}

static char *to_latin_uncached (const char *utf8,
                                GHashTable *spellings);

/* Names come back in every article; transliterating one costs as much as
 * folding a whole article. The import's workers meet the same names, and
 * their threads end with each import: the process remembers the names it
 * has done, for every thread. */
#define LATIN_CACHE_MAX_ENTRIES 16384

G_LOCK_DEFINE_STATIC (latin_cache);
static GHashTable *latin_cache;

char *
khoji_text_to_latin (const char *utf8)
{
  const char *hit;
  char *latin = NULL;

  g_return_val_if_fail (utf8 != NULL, NULL);

  G_LOCK (latin_cache);
  if (latin_cache == NULL)
    latin_cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  hit = g_hash_table_lookup (latin_cache, utf8);
  if (hit)
    latin = g_strdup (hit);
  G_UNLOCK (latin_cache);
  if (latin)
    return latin;

  /* Outside the cache's lock: other threads' names need not wait. */
  latin = to_latin_uncached (utf8, NULL);
  G_LOCK (latin_cache);
  if (g_hash_table_size (latin_cache) >= LATIN_CACHE_MAX_ENTRIES)
    g_hash_table_remove_all (latin_cache);
  g_hash_table_insert (latin_cache, g_strdup (utf8), g_strdup (latin));
  G_UNLOCK (latin_cache);
  return latin;
}

char *
khoji_text_to_latin_with (const char *utf8,
                          GHashTable *spellings)
{
  g_return_val_if_fail (utf8 != NULL, NULL);

  if (spellings == NULL)
    return khoji_text_to_latin (utf8);
  return to_latin_uncached (utf8, spellings);
}

typedef void (*WordFunc) (const gunichar *chars,
                          glong           n_chars,
                          const char     *word,
                          gpointer        data);

/* Calls func on each Devanagari word of cps (its code points and its NFC
 * form, NULL when it does not convert), in order; what lies between the
 * words goes into between, when given, after the word before it. */
static void
for_each_word (const gunichar *cps,
               glong           n,
               GString        *between,
               WordFunc        func,
               gpointer        data)
{
  glong word_start = -1;

  for (glong i = 0; i <= n; i++)
    {
      gboolean in_word = i < n && khoji_text_is_devanagari (cps[i]) &&
                         cps[i] != 0x0964 && cps[i] != 0x0965;
      if (in_word && word_start < 0)
        word_start = i;
      else if (!in_word && word_start >= 0)
        {
          g_autofree char *raw = g_ucs4_to_utf8 (cps + word_start, i - word_start, NULL, NULL, NULL);
          g_autofree char *word = raw ? g_utf8_normalize (raw, -1, G_NORMALIZE_NFC) : NULL;

          func (cps + word_start, i - word_start, word, data);
          word_start = -1;
        }
      if (between != NULL && !in_word && i < n)
        g_string_append_unichar (between, cps[i]);
    }
}

typedef struct {
  GHashTable *loans;
  GHashTable *spellings;
  gboolean    has_plain;   /* a word that is no letter name */
  GString    *prepared;
  GPtrArray  *literals;
} Prepare;

static void
find_plain_word (const gunichar *chars,
                 glong           n_chars,
                 const char     *word,
                 gpointer        data)
{
  Prepare *prep = data;
  g_autofree char *letters = word ? spell_letters (word) : NULL;

  if (letters == NULL && (word == NULL || !is_loan (prep->loans, word) ||
                          (prep->spellings && g_hash_table_contains (prep->spellings, word))))
    prep->has_plain = TRUE;
}

/* A word as the transliterator is to see it: with its schwas deleted,
 * or, for a word with an English spelling (a loan, a published spelling,
 * letter names), a private-use mark that stands for the spelling kept in
 * literals. Letter names are a person's initials ("J. R. D. Tata") when
 * the text has a plain word too, else an acronym. */
static void
prepare_word (const gunichar *chars,
              glong           n_chars,
              const char     *word,
              gpointer        data)
{
  Prepare *prep = data;
  g_autofree char *fold = word ? khoji_text_fold (word, -1) : NULL;
  const char *loan = (prep->spellings && word) ? g_hash_table_lookup (prep->spellings, word) : NULL;
  g_autofree char *letters = NULL;

  if (loan == NULL && fold)
    loan = g_hash_table_lookup (prep->loans, fold);
  letters = (loan == NULL && word) ? spell_letters (word) : NULL;

  /* English spellings must not pass through the transliterator's
   * rules (c > ch): a private-use mark stands in for each. */
  if ((loan != NULL || letters != NULL) && prep->literals->len < LITERAL_MAX)
    {
      GString *lit = g_string_new (NULL);
      if (loan != NULL)
        g_string_append (lit, loan);
      else if (prep->has_plain)
        for (const char *l = letters; *l; l++)
          g_string_append_printf (lit, "%s%c.", l == letters ? "" : " ", *l);
      else
        g_string_append (lit, letters);
      g_string_append_unichar (prep->prepared, 0xE000 + prep->literals->len);
      g_ptr_array_add (prep->literals, g_string_free (lit, FALSE));
    }
  else
    apply_schwa_deletion (prep->prepared, chars, n_chars);
}

/* ICU's Devanagari-Latin rules over the prepared text. Returns FALSE when
 * no transliterator opens or it fails (*out_ascii stays NULL), TRUE with
 * *out_ascii NULL when the text does not convert to UTF-16. */
static gboolean
transliterate (const GString  *prepared,
               char          **out_ascii)
{
  UErrorCode status = U_ZERO_ERROR;
  UTransliterator *trans;
  g_autofree UChar *buf = NULL;
  int32_t len = 0, limit, cap;

  *out_ascii = NULL;
  G_LOCK (latin);
  if (latin_trans == NULL)
    latin_trans = open_latin_transliterator ();
  trans = latin_trans;
  if (trans == NULL)
    {
      G_UNLOCK (latin);
      return FALSE;
    }

  buf = _khoji_text_to_uchars (prepared->str, prepared->len, &len, NULL);
  if (buf == NULL)
    {
      G_UNLOCK (latin);
      return TRUE;
    }
  cap = len * 4 + 16;
  buf = g_renew (UChar, buf, cap);
  limit = len;
  utrans_transUChars (trans, buf, &len, cap, 0, &limit, &status);
  G_UNLOCK (latin);
  if (U_FAILURE (status))
    return FALSE;

  *out_ascii = _khoji_text_from_uchars (buf, len);
  return TRUE;
}

/* Title case each word, as names are written in Latin script, with the
 * English spellings put back in place of their marks. */
static char *
title_case (const char *ascii,
            GPtrArray  *literals)
{
  GString *out = g_string_sized_new (strlen (ascii));
  gboolean start = TRUE;

  for (const char *p = ascii; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (c >= 0xE000 && c < 0xE000 + literals->len)
        {
          const char *lit = literals->pdata[c - 0xE000];
          /* Joining words (and, of) stay lower-case inside a name. */
          if (g_ascii_islower (lit[0]) && out->len > 0)
            g_string_append (out, lit);
          else
            {
              g_string_append_c (out, g_ascii_toupper (lit[0]));
              g_string_append (out, lit + 1);
            }
          start = FALSE;
          continue;
        }
      if (start && g_unichar_isalpha (c))
        {
          g_string_append_unichar (out, g_unichar_toupper (c));
          start = FALSE;
        }
      else
        {
          g_string_append_unichar (out, c);
          if (g_unichar_isspace (c) || c == '-')
            start = TRUE;
        }
    }
  return g_string_free (out, FALSE);
}

static char *
to_latin_uncached (const char *utf8,
                   GHashTable *spellings)
{
  g_autofree gunichar *cps = NULL;
  g_autoptr(GString) prepared = g_string_new (NULL);
  g_autofree char *ascii = NULL;
  g_autofree char *nfc = NULL;
  glong n = 0;
  gboolean has_deva = FALSE;
  g_autoptr(GPtrArray) literals = g_ptr_array_new_with_free_func (g_free);
  static GOnce loans_once = G_ONCE_INIT;
  Prepare prep = { 0 };

  g_return_val_if_fail (utf8 != NULL, NULL);

  nfc = khoji_text_normalize (utf8, -1, NULL);
  if (nfc == NULL)
    return g_strdup ("");
  cps = g_utf8_to_ucs4_fast (nfc, -1, &n);
  for (glong i = 0; i < n; i++)
    if (khoji_text_is_devanagari (cps[i]))
      has_deva = TRUE;
  if (!has_deva)
    return g_steal_pointer (&nfc);

  /* Decompose the nukta letters so that the rules above see base + nukta. */
  {
    g_autofree char *nfd = g_utf8_normalize (nfc, -1, G_NORMALIZE_NFD);
    g_free (cps);
    cps = g_utf8_to_ucs4_fast (nfd, -1, &n);
  }

  prep.loans = g_once (&loans_once, build_latin_loans, NULL);
  prep.spellings = spellings;
  prep.prepared = prepared;
  prep.literals = literals;
  for_each_word (cps, n, NULL, find_plain_word, &prep);
  for_each_word (cps, n, prepared, prepare_word, &prep);
  if (!transliterate (prepared, &ascii))
    return g_strdup (utf8);
  if (ascii == NULL)
    return g_strdup ("");
  return title_case (ascii, literals);
}
