/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-ingest"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "khoji-ingest.h"
#include "khoji-text.h"

/* Ingest turns untrusted bytes into clean article text. Every input is
 * assumed hostile: files may be binary, huge, deeply nested or lie about
 * their encoding. Nothing here fetches or runs anything a file refers to.
 *
 * The steps, in order:
 *  1. decode: size checked before reading; UTF-8 (BOM or not), UTF-16 with
 *     a BOM or recognised by the shape of its bytes; known binary formats,
 *     NULs, control data and invalid UTF-8 refused with the reason. The
 *     only legacy encoding accepted is one an HTML page declares.
 *  2. HTML (by name or by its opening markup): libxml2's parser, no network,
 *     the article container or densest block of paragraphs, page furniture
 *     left out by tag, role, hidden state and class/id words; title, site
 *     and publication date from the page's metadata.
 *  3. clean: line ends, invisible characters and stray controls, NFC,
 *     trailing blanks, runs of blank lines.
 *  4. boilerplate: line rules on folding keys (ad markers, read times,
 *     promos and what they promote, teasers, credits, prompts, notices).
 *     The rules describe shapes, not any one site's lines, and only look at
 *     short lines, so prose is never judged.
 *  5. title (first heading-sized line) and dateline (a line near the top
 *     that is a date and nothing else of substance); both stay in the text,
 *     where the date tagger finds them. */

G_DEFINE_QUARK (khoji-ingest-error-quark, khoji_ingest_error)

/* A heading longer than this is a paragraph that happens to come first. */
#define TITLE_MAX_CHARS 200
/* Boilerplate rules only ever look at short lines: a long line is prose. */
#define BOILERPLATE_MAX_CHARS 300
/* No news article has this many distinct lines; past them, a file is
 * kept as it is rather than judged line by line for minutes. */
#define BOILERPLATE_MAX_LINES 20000
/* Datelines sit at the top of an article. */
#define DATELINE_SCAN_LINES 10
/* Candidate article containers examined in an HTML page; bounds the work a
 * page full of nested <article> elements can cause. */
#define HTML_MAX_CANDIDATES 32

void
khoji_document_free (KhojiDocument *doc)
{
  if (doc == NULL)
    return;
  g_free (doc->text);
  g_free (doc->title);
  g_free (doc->source);
  g_free (doc->published);
  g_free (doc);
}

/* ------------------------------------------------------------------ */
/* Decoding                                                           */
/* ------------------------------------------------------------------ */

static void
set_too_large (GError **error)
{
  g_set_error (error, KHOJI_INGEST_ERROR, KHOJI_INGEST_ERROR_TOO_LARGE,
               _("This file is larger than %d MB; Khoji imports articles up to %d MB."),
               KHOJI_INGEST_MAX_BYTES / (1024 * 1024),
               KHOJI_INGEST_MAX_BYTES / (1024 * 1024));
}

static void
set_empty (GError **error)
{
  g_set_error_literal (error, KHOJI_INGEST_ERROR, KHOJI_INGEST_ERROR_EMPTY,
                       _("This file is empty."));
}

static void
set_blank (GError **error)
{
  g_set_error_literal (error, KHOJI_INGEST_ERROR, KHOJI_INGEST_ERROR_EMPTY,
                       _("This file contains only blank space, no text."));
}

static void
set_nul (GError **error)
{
  g_set_error_literal (error, KHOJI_INGEST_ERROR, KHOJI_INGEST_ERROR_BINARY,
                       _("This looks like a binary file, not an article (it contains NUL bytes)."));
}

static void
set_bad_utf8 (GError **error,
              gsize    offset)
{
  /* The offset goes in as a string: a G_GSIZE_FORMAT inside the message
   * would hide it from xgettext. */
  g_autofree char *where = g_strdup_printf ("%" G_GSIZE_FORMAT, offset);

  g_set_error (error, KHOJI_INGEST_ERROR, KHOJI_INGEST_ERROR_ENCODING,
               _("This file is not valid UTF-8 or UTF-16 text (first bad byte at offset %s). "
                 "Save it as UTF-8 and import it again."),
               where);
}

typedef struct {
  const char *magic;
  gsize       len;
  const char *message;
} Magic;

/* Formats people are likely to drop by mistake, named so that the message
 * says what the file is rather than only what it is not. Whole sentences,
 * so that translations need not glue phrases together. */
#define MAGIC_IMAGE N_("This is an image, not a text article. Khoji reads plain text and HTML files.")
#define MAGIC_ARCHIVE N_("This is an archive or an office document, not a text article. Save the article as plain text or HTML and import that.")
static const Magic magics[] = {
  { "%PDF-", 5, N_("This is a PDF document, not a text article. Save the article as plain text or HTML and import that.") },
  { "\x89PNG\r\n\x1a\n", 8, MAGIC_IMAGE },
  { "\xff\xd8\xff", 3, MAGIC_IMAGE },
  { "GIF87a", 6, MAGIC_IMAGE },
  { "GIF89a", 6, MAGIC_IMAGE },
  { "PK\x03\x04", 4, MAGIC_ARCHIVE },
  { "\x1f\x8b", 2, MAGIC_ARCHIVE },
  { "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8, MAGIC_ARCHIVE },
  { "{\\rtf", 5, MAGIC_ARCHIVE },
  { "\x7f" "ELF", 4, N_("This is a program, not a text article.") },
  { "SQLite format 3", 15, N_("This is a database file, not a text article.") },
};

static gboolean
check_magic (const guint8 *data,
             gsize         len,
             GError      **error)
{
  for (gsize i = 0; i < G_N_ELEMENTS (magics); i++)
    if (len >= magics[i].len && memcmp (data, magics[i].magic, magics[i].len) == 0)
      {
        g_set_error_literal (error, KHOJI_INGEST_ERROR, KHOJI_INGEST_ERROR_BINARY,
                             _(magics[i].message));
        return FALSE;
      }
  return TRUE;
}

static gboolean
plausible_text_char (gunichar c)
{
  if (c == '\n' || c == '\r' || c == '\t')
    return TRUE;
  if (c < 0x20 || (c >= 0x7F && c < 0xA0))
    return FALSE;
  if (c >= 0xE000 && c <= 0xF8FF)
    return FALSE;
  return g_unichar_isdefined (c);
}

static char *
utf16_to_utf8 (const guint8 *data,
               gsize         len,
               gboolean      big_endian,
               gsize        *bad_offset)
{
  gsize n = len / 2;
  g_autofree gunichar2 *units = g_new (gunichar2, n + 1);
  glong items_read = 0;
  g_autoptr(GError) local_error = NULL;
  char *utf8;

  for (gsize i = 0; i < n; i++)
    units[i] = big_endian
      ? (gunichar2) ((data[2 * i] << 8) | data[2 * i + 1])
      : (gunichar2) ((data[2 * i + 1] << 8) | data[2 * i]);
  units[n] = 0;

  if (len % 2 != 0)
    {
      *bad_offset = len - 1;
      return NULL;
    }

  utf8 = g_utf16_to_utf8 (units, (glong) n, &items_read, NULL, &local_error);
  if (utf8 == NULL)
    {
      *bad_offset = (gsize) items_read * 2;
      return NULL;
    }
  return utf8;
}

static gboolean
utf16_has_nul_unit (const guint8 *data,
                    gsize         len)
{
  for (gsize i = 0; i + 1 < len; i += 2)
    if (data[i] == 0 && data[i + 1] == 0)
      return TRUE;
  return FALSE;
}

/* Text files without a byte order mark can still be UTF-16. The high
 * byte of each code unit then keeps to very few values: 0x00 for the ASCII
 * part of the text (spaces, digits, punctuation, newlines), 0x09 for
 * Devanagari, 0x20 for typographic punctuation. Binary data has no such
 * pattern, and a real decode must look like text as well. */
/* Returns 0 when the bytes do not look like UTF-16, 1 for little endian,
 * 2 for big endian. */
static int
sniff_utf16 (const guint8 *data,
             gsize         len)
{
  gsize even_script = 0, odd_script = 0, pairs = len / 2;

  if (len < 4 || len % 2 != 0)
    return 0;

  for (gsize i = 0; i + 1 < len; i += 2)
    {
      even_script += data[i] == 0 || data[i] == 0x09 || data[i] == 0x20;
      odd_script += data[i + 1] == 0 || data[i + 1] == 0x09 || data[i + 1] == 0x20;
    }

  for (int order = 1; order <= 2; order++)
    {
      gsize high = order == 1 ? odd_script : even_script;
      gsize low = order == 1 ? even_script : odd_script;
      g_autofree char *utf8 = NULL;
      gsize bad = 0, total = 0, good = 0;

      if (high * 10 < pairs * 9 || low * 2 > pairs)
        continue;
      if (utf16_has_nul_unit (data, len))
        continue;
      utf8 = utf16_to_utf8 (data, len, order == 2, &bad);
      if (utf8 == NULL)
        continue;
      for (const char *p = utf8; *p; p = g_utf8_next_char (p))
        {
          total++;
          good += plausible_text_char (g_utf8_get_char (p));
        }
      if (total > 0 && good * 100 >= total * 98)
        return order;
    }
  return 0;
}

static gboolean
is_blank_utf8 (const char *s)
{
  for (const char *p = s; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (!g_unichar_isspace (c) && c != 0xFEFF && c != 0x200B && c != 0x200C && c != 0x200D)
        return FALSE;
    }
  return TRUE;
}

/* Control characters other than layout ones. A few stray ones are dropped
 * in cleaning; many mean the file is data, not text. */
static gboolean
check_controls (const char *utf8,
                gsize       len,
                GError    **error)
{
  gsize controls, chars;
  gsize continuation = 0, low = 0, text_low = 0, del = 0;

  /* Byte by byte, so that it is safe on bytes not yet known to be UTF-8;
   * continuation bytes are not counted as characters. This runs over
   * every byte of every file: four plain counts, which the compiler
   * turns into vector code, say the same as testing each byte. */
  for (gsize i = 0; i < len; i++)
    {
      guchar c = (guchar) utf8[i];

      continuation += (c & 0xC0) == 0x80;
      low += c < 0x20;
      text_low += (guchar) (c - '\t') <= '\r' - '\t';  /* \t \n \v \f \r */
      del += c == 0x7F;
    }
  chars = len - continuation;
  controls = low - text_low + del;

  if (controls > 64 || (controls >= 4 && controls * 20 > chars))
    {
      g_set_error_literal (error, KHOJI_INGEST_ERROR, KHOJI_INGEST_ERROR_BINARY,
                           _("This looks like a binary file, not an article (it contains control characters)."));
      return FALSE;
    }
  return TRUE;
}

/* Turns the bytes of a file into UTF-8, or says why it cannot. The result
 * is valid UTF-8 with no NUL, not yet normalized. */
static char *
decode_bytes (const guint8 *data,
              gsize         len,
              GError      **error)
{
  char *utf8 = NULL;
  gsize bad = 0;
  const char *end = NULL;
  gboolean controls_ok;

  if (len > KHOJI_INGEST_MAX_BYTES)
    {
      set_too_large (error);
      return NULL;
    }
  if (len == 0)
    {
      set_empty (error);
      return NULL;
    }

  if (len >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF)
    {
      data += 3;
      len -= 3;
    }
  else if (len >= 2 && ((data[0] == 0xFF && data[1] == 0xFE) ||
                        (data[0] == 0xFE && data[1] == 0xFF)))
    {
      gboolean big_endian = data[0] == 0xFE;

      if (len >= 4 && !big_endian && data[2] == 0 && data[3] == 0)
        {
          /* FF FE 00 00 is UTF-32; too rare in news to support. */
          g_set_error_literal (error, KHOJI_INGEST_ERROR, KHOJI_INGEST_ERROR_ENCODING,
                               _("This file is in UTF-32, which Khoji does not read. Save it as UTF-8 and import it again."));
          return NULL;
        }
      if (len == 2)
        {
          set_empty (error);
          return NULL;
        }
      if (utf16_has_nul_unit (data + 2, len - 2))
        {
          set_nul (error);
          return NULL;
        }
      utf8 = utf16_to_utf8 (data + 2, len - 2, big_endian, &bad);
      if (utf8 == NULL)
        {
          set_bad_utf8 (error, bad + 2);
          return NULL;
        }
      if (!check_controls (utf8, strlen (utf8), error))
        {
          g_free (utf8);
          return NULL;
        }
      return utf8;
    }

  if (len == 0)
    {
      set_empty (error);
      return NULL;
    }

  if (!check_magic (data, len, error))
    return NULL;

  /* NUL bytes, or Devanagari UTF-16 whose bytes all happen to be ASCII
   * control characters and letters. */
  controls_ok = memchr (data, 0, len) == NULL && check_controls ((const char *) data, len, NULL);
  if (!controls_ok)
    {
      int order = sniff_utf16 (data, len);

      if (order == 0 && memchr (data, 0, len) != NULL)
        {
          set_nul (error);
          return NULL;
        }
      if (order == 0)
        goto not_utf16;
      utf8 = utf16_to_utf8 (data, len, order == 2, &bad);
      if (utf8 == NULL)
        {
          set_bad_utf8 (error, bad);
          return NULL;
        }
      if (!check_controls (utf8, strlen (utf8), error))
        {
          g_free (utf8);
          return NULL;
        }
      return utf8;
    }

not_utf16:
  if (!khoji_text_validate ((const char *) data, len))
    {
      /* Legacy 8-bit encodings cannot be told apart reliably from the
       * bytes alone; guessing would show the user mojibake. Where the
       * bytes go wrong is asked of GLib. */
      g_utf8_validate_len ((const char *) data, len, &end);
      set_bad_utf8 (error, (gsize) ((const guint8 *) end - data));
      return NULL;
    }
  /* Bytes counted above need no second count; the others fail here,
   * with the message. */
  if (!controls_ok && !check_controls ((const char *) data, len, error))
    return NULL;

  return g_strndup ((const char *) data, len);
}

/* ------------------------------------------------------------------ */
/* Cleaning                                                           */
/* ------------------------------------------------------------------ */

/* Line ends to LF, invisible junk and stray controls out, NFC. ZWJ/ZWNJ
 * stay: they change how Devanagari is shown. Returns lines, right-trimmed. */
static GPtrArray *
clean_lines (const char *utf8,
             GError    **error)
{
  g_autoptr(GString) raw = g_string_sized_new (strlen (utf8));
  g_autofree char *nfc = NULL;
  g_autoptr(GError) local_error = NULL;
  GPtrArray *lines;
  char **split;
  const char *run, *next;

  /* Letters, marks and spaces, nearly all of a text, are copied as runs
   * of bytes: only the characters tested below end a run. `utf8` is
   * valid UTF-8 (decoded and checked, or from libxml2). */
  run = utf8;
  for (const char *p = utf8; *p; p = next)
    {
      guchar b = (guchar) *p;
      gunichar c;

      next = g_utf8_next_char (p);
      if (b >= 0x20 && b < 0x7F)
        continue;
      /* Characters of three or four bytes are all kept but U+2028,
       * U+2029, U+200B (lead byte E2) and U+FEFF (EF). */
      if (b >= 0xE0 && b != 0xE2 && b != 0xEF)
        continue;
      c = b < 0x80 ? b : g_utf8_get_char (p);
      if (c >= 0xA0 && c != 0x2028 && c != 0x2029 && c != 0xFEFF && c != 0x200B)
        continue;
      g_string_append_len (raw, run, p - run);
      run = next;

      if (c == '\r')
        {
          if (p[1] != '\n')
            g_string_append_c (raw, '\n');
          continue;
        }
      if (c == '\f' || c == '\v' || c == 0x2028 || c == 0x2029 || c == 0x85)
        {
          g_string_append_c (raw, '\n');
          continue;
        }
      if (c == 0xFEFF || c == 0x200B)
        continue;
      if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F || (c >= 0x80 && c < 0xA0))
        continue;
      g_string_append_unichar (raw, c);
    }
  g_string_append (raw, run);

  nfc = khoji_text_normalize (raw->str, raw->len, &local_error);
  if (nfc == NULL)
    {
      g_set_error (error, KHOJI_INGEST_ERROR, KHOJI_INGEST_ERROR_ENCODING,
                   _("The text could not be normalized: %s"), local_error->message);
      return NULL;
    }

  lines = g_ptr_array_new_with_free_func (g_free);
  split = g_strsplit (nfc, "\n", -1);
  for (char **l = split; *l; l++)
    {
      char *line = *l;
      char *e = line + strlen (line);

      while (e > line)
        {
          const char *prev = g_utf8_prev_char (e);
          gunichar c = g_utf8_get_char (prev);
          if (!g_unichar_isspace (c) && c != 0x00A0 && c != 0x3000)
            break;
          e = (char *) prev;
        }
      *e = '\0';
      g_ptr_array_add (lines, line);
    }
  g_free (split);  /* the strings now belong to the array */
  return lines;
}

static gboolean
line_is_blank (const char *line)
{
  return is_blank_utf8 (line);
}

/* Joins lines with one blank line at most between paragraphs. */
static char *
join_lines (GPtrArray *lines)
{
  GString *out = g_string_new (NULL);
  gboolean pending_blank = FALSE;

  for (guint i = 0; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);

      if (line_is_blank (line))
        {
          pending_blank = out->len > 0;
          continue;
        }
      if (out->len > 0)
        g_string_append (out, pending_blank ? "\n\n" : "\n");
      pending_blank = FALSE;
      g_string_append (out, line);
    }
  return g_string_free (out, FALSE);
}

/* ------------------------------------------------------------------ */
/* Boilerplate                                                        */
/* ------------------------------------------------------------------ */

/* The rules match folded lines (khoji_text_fold: Latin lower case, no
 * nukta, short i/u, hyphens as spaces, ASCII digits), so one pattern
 * covers the spellings outlets use. Devanagari in the patterns below is
 * therefore written in folded form (पढें, not पढ़ें; भि, not भी). */

typedef struct {
  GRegex *ad_marker;
  GRegex *read_time;
  GRegex *promo_alone;
  GRegex *promo_inline;
  GRegex *teaser_inline;
  GRegex *teaser_alone;
  GRegex *teaser_words;
  GRegex *outlet_promo;
  GRegex *byline;
  GRegex *byline_en;
  GRegex *bracket_prompt;
  GRegex *credit;
  GRegex *share;
  GRegex *social_only;
  GRegex *topics_alone;
  GRegex *topics_inline;
  GRegex *notice;
  GRegex *url_only;
  GRegex *embed_credit;
  GRegex *caption;
  GRegex *bare_number;
  GRegex *desk_prefix;
  GRegex *place_prefix;
  /* dates */
  GRegex *date_dmy;
  GRegex *date_mdy;
  GRegex *date_iso;
  GRegex *date_num;
  GRegex *dateline_noise;
  GRegex *dateline_prefix;
  GRegex *dateline_keyword;
} Rules;

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

#define EN_MONTHS "january|february|march|april|june|july|august|september|october|november|december|" \
                  "jan|feb|mar|apr|may|jun|jul|aug|sept|sep|oct|nov|dec"
#define HI_MONTHS "जनवरि|फरवरि|मार्च|अप्रैल|अप्रेल|मइ|मई|जुलाइ|जुलई|जुन|अगस्त|सितंबर|सितबर|" \
                  "अक्टुबर|अक्तुबर|अकटुबर|नवंबर|दिसंबर|" \
                  /* Marathi */ \
                  "जानेवारि|फेब्रुवारि|एप्रिल|मे|जुलै|आगस्ट|सप्टेंबर|आक्टोबर|नोव्हेंबर|डिसेंबर"
#define MONTHS "(?:(" EN_MONTHS ")(?![a-z])\\.?|(" HI_MONTHS ")(?![\\x{0900}-\\x{097F}]))"
#define WEEKDAYS "monday|tuesday|wednesday|thursday|friday|saturday|sunday|" \
                 "mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|" \
                 "सोमवार|मंगलवार|बुधवार|गुरुवार|ब्रहस्पतिवार|बृहस्पतिवार|शुक्रवार|शनिवार|रविवार|इतवार"

static GRegex *
rx (const char *pattern)
{
  g_autoptr(GError) error = NULL;
  GRegex *re = g_regex_new (pattern, G_REGEX_OPTIMIZE, 0, &error);

  if (re == NULL)
    g_error ("boilerplate rule does not compile: %s: %s", pattern, error->message);
  return re;
}

static Rules *
rules_get (void)
{
  static gsize once = 0;
  static Rules rules;

  if (g_once_init_enter (&once))
    {
      /* A whole line that only marks an ad slot. Word lists in the main
       * languages of Indian and international news sites. */
      rules.ad_marker = rx (
        "^[\\s\\p{P}\\p{S}]*" AD_MARKER "(?:[\\s\\p{P}\\p{S}]+" AD_MARKER ")*[\\s\\p{P}\\p{S}]*$|"
        /* Font size buttons, "A+ A-" or "A A A"; one "A" may be a table cell. */
        "^\\s*a\\s*[+:−]?(?:\\s+a\\s*[+:−]?)+\\s*$|"
        /* Offers to remove the ads, with a price after them. */
        "^[\\s\\p{P}]*(?:विज्ञापन हटाएं|विज्ञापन मुक्त|remove ads|go ad free|ad free)(?:\\s.{0,60})?$");

      /* "Read Time: 3 mins", "5 min read", "पढ़ने का समय: 2 मिनट". */
      rules.read_time = rx (
        "^[\\s\\p{P}]*(?:"
        "(?:estimated\\s+)?(?:read|reading)\\s+time\\s*:?\\s*(?:about\\s+|approx\\.?\\s+)?(?:\\d+|less than a|<\\s*1)\\s*(?:mins?|minutes?|m)\\.?(?:\\s+read)?|"
        "(?:\\d+|less than a|<\\s*1)\\s*:?\\s*(?:mins?|minutes?)\\.?\\s+(?:read|reading)(?:\\s+time)?|"
        "(?:पढने का समय|पढने में लगने वाला समय|रिडिंग टाइम|रीडिंग टाइम)\\s*:?\\s*\\d+\\s*(?:मिनट|min|mins|minutes?)|"
        "\\d+\\s*मिनट\\s*(?:में\\s*)?(?:पढें|पढने का समय|रिड|read)"
        ")[\\s\\p{P}]*$");

      /* Promos for video and photo galleries that stand alone on a line:
       * the headline of the promoted item usually follows. */
      rules.promo_alone = rx (
        "^[\\s\\p{P}\\p{S}]*(?:"
        "featured video of the day|video of the day|featured video|featured videos|"
        "watch video|watch the video|watch now|watch live|watch live tv|live tv|watch|also watch|must watch|"
        "trending videos?|latest videos?|top videos?|videos?|photo gallery|photos|"
        "in pics|in pictures|web stories|web story|listen to this article|"
        "वीडियो|विडियो|वीडियो देखें|विडियो देखें|देखें वीडियो|देखें विडियो|यह भि देखें|ये भि देखें|"
        "फोटो गैलरि|फोटो गैलेरि|तस्वीरें|वेब स्टोरिज|वेब स्टोरि|लाइव टिवि|लाइव"
        ")[\\s\\p{P}\\p{S}]*$");

      /* The same markers with the promoted headline on the same line. */
      rules.promo_inline = rx (
        "^[\\s\\p{P}\\p{S}]*(?:"
        "featured video of the day|watch video|watch|also watch|must watch|video|photos|"
        "वीडियो|विडियो|वीडियो देखें|देखें वीडियो|यह भि देखें|ये भि देखें|फोटो गैलरि"
        ")\\s*(?:[:|>»›]+|\\s[|>»›]+)\\s*\\S");

      /* Related-article teasers: a marker, a separator, then a headline. */
      rules.teaser_inline = rx (
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
      rules.teaser_words = rx (
        "^[\\s\\p{P}\\p{S}]*(?:"
        "also read|read also|must read|ये भि पढें|यह भि पढें|इसे भि पढें|इन्हें भि पढें|"
        "यह भि पढिए|ये भि पढिए|इसे भि पढिए|ये खबर भि पढें|यह खबर भि पढें|ये भि देखें|यह भि देखें|"
        OTHER_TEASERS
        ")\\s+\\S");

      /* Bylines: who wrote or edited the piece is not what it is about,
       * and a name there would be taken for someone in the news. */
      rules.byline = rx (
        "^[\\s\\p{P}]*(?:written by|edited by|reported by|posted by|compiled by|"
        "authored by|curated by|लेखक|लेखिका|पदनाम|रिपोर्टर|संवाददाता|"
        "एडिटेड बाइ|एडिटर|संपादक)\\s*[:,|]\\s*\\S[^\\d]{0,50}$|"
        "^[\\s\\p{P}]*(?:written by|edited by|reported by|posted by|compiled by|authored by)"
        "\\s+\\S[^\\d]{0,50}$");
      /* "By Ravi Kumar": checked on the unfolded line, where a name's
       * capitals tell it from "By then, …". */
      rules.byline_en = rx ("^\\s*By:?\\s+(?:\\p{Lu}[\\p{L}.'’]*\\s*){1,4}$");

      /* The outlet advertising itself: its web address and a request. */
      rules.outlet_promo = rx (
        "^(?=.*(?:[a-z0-9-]+\\.)+(?:com|in|net|org|tv|news|co\\.in)\\b)"
        "(?=.*(?:news|updates?|(?<![a-z])app(?![a-z])|खबर|अपडेट|ऐप|न्युज|ट्रैक|track|follow|फालो|subscribe|सब्सक्राइब))"
        "(?=.*" PROMO_VERB ")");

      /* "(बीबीसी हिन्दी के ऐप के लिए आप यहां क्लिक कर सकते हैं. आप हमें फ़ेसबुक
       * और ट्विटर पर फ़ॉलो भी कर सकते हैं.)": a bracketed note to readers. */
      rules.bracket_prompt = rx (
        "^\\s*[(\\[].*(?:फालो|follow|क्लिक|click|सब्सक्राइब|subscribe|डाउनलोड|download|शेयर करें|"
        "share this).*[)\\]][\\s.।]*$");

      /* A teaser marker alone; the teaser headlines come on the next lines. */
      rules.teaser_alone = rx (
        "^[\\s\\p{P}\\p{S}]*(?:"
        "also read|read also|read more|must read|don'?t miss|related|related news|"
        "related stories|related articles|recommended|recommended stories|more stories|"
        "more from this section|you may also like|you might also like|latest news|top stories|"
        "ये भि पढें|यह भि पढें|इसे भि पढें|इन्हें भि पढें|और पढें|जरुर पढें|"
        "संबंधित खबरें|संबंधित खबर|संबंधित समाचार|ताजा खबरें|ताजा खबर|ये खबरें भि पढें|"
        OTHER_TEASERS "|आपके लिए|टाप स्टोरिज|खबरें और भि हैं|और भि खबरें|trending|trending now|ट्रेंडिंग|ट्रेंडिंग न्युज"
        ")[\\s\\p{P}\\p{S}]*$");

      /* Image and photo credits: a credit marker and a short source. */
      rules.credit = rx (
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

      /* Share and follow prompts: short lines that ask the reader to act. */
      rules.share = rx (
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
      rules.social_only = rx (
        "^[\\s\\p{P}\\p{S}]*" SOCIAL "(?:[\\s\\p{P}\\p{S}]+" SOCIAL ")+[\\s\\p{P}\\p{S}]*$|"
        "^[\\s\\p{P}\\p{S}]*(?:facebook|twitter|whatsapp|linkedin|telegram|instagram|youtube|"
        "pinterest|reddit|email|फेसबुक|ट्विटर|व्हाट्सएप|वाट्सएप|इंस्टाग्राम|युट्युब|टेलिग्राम)[\\s\\p{P}\\p{S}]*$");

      rules.topics_alone = rx (
        "^[\\s\\p{P}\\p{S}]*(?:"
        "topics mentioned in this article|topics|tags|tagged|related topics|related tags|"
        "more on this|trending topics|keywords|"
        "टैग्स|टैग|टाग्स|टाग|संबंधित विषय|इस लेख में उल्लिखित विषय|विषय|कीवर्ड्स"
        ")[\\s\\p{P}\\p{S}]*$");

      rules.topics_inline = rx (
        "^[\\s\\p{P}\\p{S}]*(?:"
        "topics mentioned in this article|topics|tags|tagged|tagged in|related topics|keywords|"
        "टैग्स|टैग|टाग्स|टाग|संबंधित विषय|कीवर्ड्स"
        ")\\s*[:|]\\s*\\S");

      /* Syndication notices and agency input credits. */
      rules.notice = rx (
        "^[\\s(\\[]*(?:disclaimer|डिस्क्लेमर|अस्विकरण)\\s*[:|]|"
        "^[\\s(\\[]*(?:with inputs? from|inputs? from)\\s*[:|]?\\s*\\S.{0,40}$|"
        "^[\\s(\\[]*(?:इनपुट|input|inputs)\\s*[:|]\\s*\\S.{0,40}$|"
        "^\\s*[(\\[][^()\\[\\]]{0,40}(?:(?<![a-z])(?:input|inputs|pti|ani|ians|ap|afp|reuters)(?![a-z])|"
        "इनपुट|एजेंसि|भाषा|पिटिआइ|एएनआइ|आइएएनएस|syndicat|सिंडिकेट|feed|फिड)[^()\\[\\]]{0,40}[)\\]][\\s.।]*$|"
        "^[\\s(]*(?:यह|ये|this) (?:खबर|स्टोरि|आर्टिकल|लेख|story|article) .{0,80}(?:सिंडिकेट|syndicat|फिड से|from a feed|agency feed)");

      /* A line that is only a link. */
      rules.url_only = rx (
        "^[\\s\\p{P}]*(?:https?://|www\\.|pic\\.twitter\\.com/)\\S*[\\s\\p{P}]*$");

      /* The attribution line of an embedded post:
       * "— Agency (@handle) June 4, 2025". Its date is the post's, and
       * would be taken for an event of the article. */
      rules.embed_credit = rx (
        "^[\\s\\p{P}]*[^\\n]{0,80}\\(@\\w{1,30}\\)\\s*[^\\n]{0,40}\\d{4}[\\s\\p{P}]*$");

      /* A photo caption: a line that ends by saying it describes a file
       * or representative picture, "… की फाइल फोटो", "… (file photo)".
       * On folded text, where dashes are colons. */
      rules.caption = rx (
        "(?:^|[\\s(\\[])(?:(?:की|का|के|of)\\s+)?(?:फाइल|सांकेतिक|प्रतिकात्मक|file|representational|representative|symbolic)"
        "\\s+(?:फोटो|तस्विर|तस्विरें|चित्र|इमेज|photo|photos|image|picture|pic)[\\s\\p{P}\\p{S}]*$");

      /* A number alone on a line near the top: a view, share or comment
       * count. Four digits from 19 or 20 may be a year, and stay. */
      rules.bare_number = rx (
        "^[\\s\\p{P}\\p{S}]*(?!(?:19|20)\\d\\d[\\s\\p{P}\\p{S}]*$)"
        "\\d{1,3}(?:[,.]\\d{2,3})*(?:\\.\\d+)?\\s*[kKmM]?[\\s\\p{P}\\p{S}]*$");

      /* A desk or agency label in capitals before the first sentence,
       * "CITY DESK- …", "AGENCY – …": it says who filed the piece, in Latin
       * capitals and a dash, and the article's own text follows in another
       * script. On the unfolded line. */
      rules.desk_prefix = rx (
        "^\\s*(?:[A-Z][A-Z&.']+\\s+){0,3}[A-Z][A-Z&.']+\\s*[-\\x{2013}\\x{2014}]+\\s*(?=[\\x{0900}-\\x{097F}])");

      /* A place dateline opening the first sentence: one to three words of
       * Devanagari or Latin capitals, an optional date in parentheses, then
       * a colon, a danda, a bar or a dash: "नगर :", "नगर (4 जून 2025)-",
       * "CITY:". It is not part of the sentence a title is taken from. */
      rules.place_prefix = rx (
        "^\\s*(?:[\\x{0900}-\\x{0963}\\x{0970}-\\x{097F}]+|[A-Z][A-Z.]+)"
        "(?:\\s+(?:[\\x{0900}-\\x{0963}\\x{0970}-\\x{097F}]+|[A-Z][A-Z.]+)){0,2}"
        "\\s*(?:\\([^()]{1,40}\\))?\\s*(?:[:\\x{0964}|]+|[-\\x{2013}\\x{2014}]+(?=\\s))\\s*(?=\\S)");

      /* Dates, on folded text: digits are ASCII, hyphens are spaces. */
      rules.date_dmy = rx (
        "(?<![\\d.])(\\d{1,2})(?:st|nd|rd|th)?\\s*[ ./]?\\s*" MONTHS "\\s*[,.]?\\s*((?:19|20)\\d\\d)(?!\\d)");
      rules.date_mdy = rx (
        MONTHS "\\s*(\\d{1,2})(?:st|nd|rd|th)?\\s*,?\\s*((?:19|20)\\d\\d)(?!\\d)");
      rules.date_iso = rx (
        "(?<![\\d.])((?:19|20)\\d\\d)[ /.](\\d{1,2})[ /.](\\d{1,2})(?!\\d)");
      rules.date_num = rx (
        "(?<![\\d.])(\\d{1,2})[ /.](\\d{1,2})[ /.]((?:19|20)\\d\\d)(?!\\d)");

      /* What may sit beside the date on a dateline: times, weekdays,
       * time zones, "Updated:" and the like. */
      rules.dateline_noise = rx (
        "(?:t?\\d{1,2}:\\d{2}(?::\\d{2})?(?:\\.\\d+)?(?:\\s*(?:am|pm|a\\.m\\.|p\\.m\\.))?"
        "(?:z|\\s*[+]\\d{2}:?\\d{2})?|"
        "\\b(?:am|pm|ist|gmt|utc|hrs|hours|updated|update|published|posted|last|modified|"
        "first|on|at|date|dated|created|" WEEKDAYS ")\\b|"
        "(?:प्रकाशित|प्रकाशन|अपडेटेड|अपडेट|तारिख|दिनांक|समय|बजे|पर|को|तक|किया गया|" WEEKDAYS ")"
        "(?![\\x{0900}-\\x{097F}]))");

      /* A byline with a date: "Edited By: Name | Updated: Jun 04, 2025". */
      rules.dateline_keyword = rx (
        "(?:^|[\\s|(])(?:updated|last updated|published|posted|first published|"
        "प्रकाशित|अपडेटेड|अपडेट|पब्लिश्ड|प्रकाशन तिथि|प्रकाशन)(?:\\s*(?:on|at|:|पर|को)|\\s|:|$)");

      /* "नई दिल्ली (28 सितंबर 2015)-" or "मुंबई, 4 जून 2025:": a short place
       * name before the date, then the article's first sentence. */
      rules.dateline_prefix = rx ("^[^\\d()]{1,40}[,(:|]\\s*$");

      g_once_init_leave (&once, 1);
    }
  return &rules;
}

static gboolean
rx_match (GRegex     *re,
          const char *s)
{
  return g_regex_match (re, s, 0, NULL);
}

static glong
char_count (const char *s)
{
  return g_utf8_strlen (s, -1);
}

static gboolean
ends_like_sentence (const char *line)
{
  const char *e = line + strlen (line);
  gunichar c;

  if (e == line)
    return FALSE;
  c = g_utf8_get_char (g_utf8_prev_char (e));
  return c == '.' || c == 0x0964 || c == 0x0965 || c == '?' || c == '!' || c == '"' ||
         c == 0x201D || c == 0x2019 || c == '\'' || c == ')';
}

static gboolean
has_letters (const char *s)
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
  glong n = char_count (line);
  return n > 0 && n <= 160 && !ends_like_sentence (line) && has_letters (line);
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
  glong n = char_count (line);
  int words = 1;

  if (n == 0 || n > 40 || ends_like_sentence (line))
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
  Rules *r = rules_get ();
  g_autofree char *dashless = NULL;
  g_autofree char *key = NULL;
  GString *copy;
  const char *run, *next;

  if (char_count (line) > BOILERPLATE_MAX_CHARS)
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

  if (rx_match (r->ad_marker, key) || rx_match (r->read_time, key))
    return LINE_DROP;
  if (rx_match (r->promo_alone, key))
    return LINE_DROP_AND_PROMO;
  if (rx_match (r->teaser_alone, key))
    return LINE_DROP_AND_HEADLINES;
  if (rx_match (r->topics_alone, key))
    return LINE_DROP_AND_TAGS;
  if (rx_match (r->topics_inline, key))
    return LINE_DROP;
  if (rx_match (r->promo_inline, key) || rx_match (r->teaser_inline, key) ||
      rx_match (r->teaser_words, key))
    return LINE_DROP;
  if (rx_match (r->credit, key) || rx_match (r->url_only, key) ||
      rx_match (r->embed_credit, key))
    return LINE_DROP;
  /* A caption is a label, not a sentence: short, and it does not end in
   * a full stop or a danda. */
  if (char_count (line) <= 200 && rx_match (r->caption, key))
    {
      const char *e = line + strlen (line);
      gunichar last = g_utf8_get_char (g_utf8_prev_char (e));

      if (last != '.' && last != 0x0964 && last != '?' && last != '!')
        return LINE_DROP;
    }
  if (rx_match (r->notice, key))
    return LINE_DROP;
  /* A byline that carries the date stays: it is the dateline. */
  if (char_count (line) <= 60 && !ends_like_sentence (line) &&
      (rx_match (r->byline, key) || rx_match (r->byline_en, line)))
    return LINE_DROP;
  if (rx_match (r->social_only, key))
    return LINE_DROP;
  /* A prompt to share or follow is short; a sentence that merely reports
   * someone asking people to share something is longer. */
  if (char_count (line) <= 100 && rx_match (r->share, key))
    return LINE_DROP;
  if (rx_match (r->bracket_prompt, key))
    return LINE_DROP;
  if (char_count (line) <= 250 && rx_match (r->outlet_promo, key))
    return LINE_DROP;
  return LINE_KEEP;
}

/* Drops boilerplate lines in place. Never drops a line of more than
 * BOILERPLATE_MAX_CHARS characters. `from_html`: every block of the page
 * became a paragraph, so a promoted headline sits after a blank line. */
static void
remove_boilerplate (GPtrArray *lines,
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

      if (line_is_blank (line))
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

          if (from_html && j < lines->len && line_is_blank (g_ptr_array_index (lines, j)))
            j++;
          while (j < lines->len && dropped < max_items)
            {
              const char *next = g_ptr_array_index (lines, j);
              gboolean fits;

              /* A line that is boilerplate in its own right ends the run
               * and gets its own rule ("Topics mentioned…" after a video). */
              if (line_is_blank (next) || classify_line (next) != LINE_KEEP)
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

/* How many non-blank lines at the top are the article's front: its
 * headline, dateline, byline and counters, before the body settles. */
#define FRONT_LINES 6

static gboolean is_bare_number (const char *line);

/* The front of an article, after the boilerplate went: a number alone
 * (a view count) is dropped, and a desk label in capitals before the
 * first sentence ("CITY DESK- …") is cut off that sentence. General
 * shapes in a fixed place, never the words of one outlet. */
static void
clean_front (GPtrArray *lines)
{
  Rules *r = rules_get ();
  guint seen = 0;

  for (guint i = 0; i < lines->len && seen < FRONT_LINES; i++)
    {
      char *line = g_ptr_array_index (lines, i);
      g_autoptr(GMatchInfo) mi = NULL;

      if (line_is_blank (line))
        continue;
      seen++;
      if (is_bare_number (line))
        {
          g_ptr_array_remove_index (lines, i);
          /* A blank line the number stood between stays single. */
          if (i < lines->len && i > 0 && line_is_blank (g_ptr_array_index (lines, i)) &&
              line_is_blank (g_ptr_array_index (lines, i - 1)))
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

/* ------------------------------------------------------------------ */
/* Dates and datelines                                                */
/* ------------------------------------------------------------------ */

static int
month_from_name (const char *en,
                 const char *hi)
{
  static const char *const en_names[] = {
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
  };
  static const struct { const char *name; int month; } hi_names[] = {
    { "जनवरि", 1 }, { "फरवरि", 2 }, { "मार्च", 3 }, { "अप्रैल", 4 }, { "अप्रेल", 4 },
    { "मइ", 5 }, { "मई", 5 }, { "जुन", 6 }, { "जुलाइ", 7 }, { "जुलई", 7 }, { "अगस्त", 8 },
    { "सितंबर", 9 }, { "सितबर", 9 }, { "अक्टुबर", 10 }, { "अक्तुबर", 10 }, { "अकटुबर", 10 },
    { "नवंबर", 11 }, { "दिसंबर", 12 },
    { "जानेवारि", 1 }, { "फेब्रुवारि", 2 }, { "एप्रिल", 4 }, { "मे", 5 }, { "जुलै", 7 },
    { "आगस्ट", 8 }, { "सप्टेंबर", 9 }, { "आक्टोबर", 10 }, { "नोव्हेंबर", 11 }, { "डिसेंबर", 12 },
  };

  if (en != NULL && *en != '\0')
    {
      for (int i = 0; i < 12; i++)
        if (g_str_has_prefix (en, en_names[i]))
          return i + 1;
      return 0;
    }
  if (hi != NULL && *hi != '\0')
    for (gsize i = 0; i < G_N_ELEMENTS (hi_names); i++)
      if (g_str_equal (hi, hi_names[i].name))
        return hi_names[i].month;
  return 0;
}

static gboolean
valid_date (int y,
            int m,
            int d)
{
  /* GDateDay is eight bits: "2024-07-9993" would pass as the 9th. */
  return y >= 1900 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 && d <= 31 &&
         g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y);
}

static int
group_int (GMatchInfo *mi,
           int         group)
{
  g_autofree char *s = g_match_info_fetch (mi, group);
  return s != NULL && *s != '\0' ? atoi (s) : 0;
}

static char *
group_str (GMatchInfo *mi,
           int         group)
{
  return g_match_info_fetch (mi, group);
}

/* Finds the first full date (day, month and year) in folded text. On
 * success, *start and *end are byte offsets of the match in `key`. */
static gboolean
find_date (const char *key,
           int        *out_y,
           int        *out_m,
           int        *out_d,
           int        *out_start,
           int        *out_end)
{
  Rules *r = rules_get ();
  int best_start = G_MAXINT, best_end = 0, by = 0, bm = 0, bd = 0;

  for (int form = 0; form < 4; form++)
    {
      g_autoptr(GMatchInfo) mi = NULL;
      GRegex *re = form == 0 ? r->date_dmy : form == 1 ? r->date_mdy
                 : form == 2 ? r->date_iso : r->date_num;

      g_regex_match (re, key, 0, &mi);
      while (g_match_info_matches (mi))
        {
          int y = 0, m = 0, d = 0, s = 0, e = 0;

          g_match_info_fetch_pos (mi, 0, &s, &e);
          if (form == 0)
            {
              g_autofree char *en = group_str (mi, 2);
              g_autofree char *hi = group_str (mi, 3);
              d = group_int (mi, 1);
              m = month_from_name (en, hi);
              y = group_int (mi, 4);
            }
          else if (form == 1)
            {
              g_autofree char *en = group_str (mi, 1);
              g_autofree char *hi = group_str (mi, 2);
              m = month_from_name (en, hi);
              d = group_int (mi, 3);
              y = group_int (mi, 4);
            }
          else if (form == 2)
            {
              y = group_int (mi, 1);
              m = group_int (mi, 2);
              d = group_int (mi, 3);
            }
          else
            {
              /* South Asian and British order first; a month over 12
               * means the writer used the American one. */
              d = group_int (mi, 1);
              m = group_int (mi, 2);
              y = group_int (mi, 3);
              if (m > 12 && d <= 12)
                {
                  int t = d;
                  d = m;
                  m = t;
                }
            }

          if (valid_date (y, m, d) && s < best_start)
            {
              best_start = s;
              best_end = e;
              by = y;
              bm = m;
              bd = d;
              break;
            }
          g_match_info_next (mi, NULL);
        }
    }

  if (best_start == G_MAXINT)
    return FALSE;
  *out_y = by;
  *out_m = bm;
  *out_d = bd;
  if (out_start)
    *out_start = best_start;
  if (out_end)
    *out_end = best_end;
  return TRUE;
}

static char *
format_date (int y,
             int m,
             int d)
{
  return g_strdup_printf ("%04d-%02d-%02d", y, m, d);
}

static gboolean
only_punctuation (const char *s)
{
  for (const char *p = s; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (!g_unichar_isspace (c) && !g_unichar_ispunct (c) &&
          g_unichar_type (c) != G_UNICODE_MATH_SYMBOL && c != '|')
        return FALSE;
    }
  return TRUE;
}

/* A dateline is a line that holds a date and nothing else but a time,
 * a weekday, a time zone or a word like "Updated". Also accepted: a short
 * place name, then the date in parentheses or after a comma, as the
 * opening of the first paragraph. Returns YYYY-MM-DD or NULL. */
/* Whether `line` may hold a year as every date form writes it,
 * (?:19|20)\d\d(?!\d) in the folding key: a run of digits (of any
 * script: GRegex's \d is Unicode's) whose last four begin 19 or 20.
 * What folding drops (nukta, ZWJ, ZWNJ, ZWSP, BOM) does not end a run. */
static gboolean
may_hold_year (const char *line)
{
  int last[4] = { -1, -1, -1, -1 };
  guint run = 0;

  for (const char *p = line;; p = g_utf8_next_char (p))
    {
      gunichar c = *p ? g_utf8_get_char (p) : 0;
      int v = c == 0 ? -1 : c < 0x80 ? (g_ascii_isdigit (c) ? (int) (c - '0') : -1) : g_unichar_digit_value (c);

      if (v >= 0)
        {
          memmove (last, last + 1, 3 * sizeof (int));
          last[3] = v;
          run++;
          continue;
        }
      if (c == 0x093C || c == 0x200B || c == 0x200C || c == 0x200D || c == 0xFEFF)
        continue;
      if (run >= 4 && ((last[0] == 1 && last[1] == 9) || (last[0] == 2 && last[1] == 0)))
        return TRUE;
      run = 0;
      if (c == 0)
        return FALSE;
    }
}

static char *
dateline_value (const char *line,
                gboolean    allow_place_prefix)
{
  Rules *r = rules_get ();
  g_autofree char *key = NULL;
  g_autofree char *before = NULL;
  g_autofree char *rest = NULL;
  g_autofree char *leftover = NULL;
  int y, m, d, s, e;

  /* The many lines without a year need no folding and no regex. */
  if (!may_hold_year (line))
    return NULL;
  key = khoji_text_fold (line, -1);
  if (!find_date (key, &y, &m, &d, &s, &e))
    return NULL;

  before = g_strndup (key, s);
  rest = g_strconcat (before, " ", key + e, NULL);
  leftover = g_regex_replace_literal (r->dateline_noise, rest, -1, 0, "", 0, NULL);
  if (leftover != NULL && only_punctuation (leftover))
    return format_date (y, m, d);

  if (char_count (line) <= 150 && rx_match (r->dateline_keyword, key))
    return format_date (y, m, d);

  /* A line of metadata fields, "By Ravi Kumar | Jun 04, 2025 | 03:58 PM":
   * one of its fields is a date and nothing else. */
  if (char_count (line) <= 120 && strchr (line, '|') != NULL)
    {
      g_auto(GStrv) fields = g_strsplit (line, "|", 8);
      /* At most 8 fields; the last keeps any further bars and is skipped. */
      for (char **f = fields; *f; f++)
        {
          g_autofree char *value = NULL;

          if (strchr (*f, '|') != NULL || *g_strstrip (*f) == '\0')
            continue;
          value = dateline_value (*f, FALSE);
          if (value != NULL)
            return g_steal_pointer (&value);
        }
    }

  /* "नई दिल्ली (28 सितंबर 2015)": the parenthesis closes right after the
   * date. "मुंबई, 4 जून 2025:" or "वाशिंगटन, 4 जून 2025 (एपी) –": a colon,
   * bar, dash or agency follows. Anything else is a sentence that happens to
   * open with a date. */
  if (allow_place_prefix && rx_match (r->dateline_prefix, before))
    {
      g_autofree char *dashless = NULL;
      const char *after;
      const char *open = strrchr (before, '(');
      GString *copy = g_string_new (NULL);

      /* Folding made dashes spaces; look again with them as colons. The
       * date itself has no dashes in this form. */
      for (const char *p = line; *p; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);
          if (c == '-' || (c >= 0x2010 && c <= 0x2015))
            g_string_append_c (copy, ':');
          else
            g_string_append_unichar (copy, c);
        }
      dashless = khoji_text_fold (copy->str, -1);
      g_string_free (copy, TRUE);
      if (find_date (dashless, &y, &m, &d, &s, &e))
        {
          after = dashless + e;
          while (*after == ' ')
            after++;
          if (open != NULL ? *after == ')'
                           : (*after == ':' || *after == '|' || *after == '(' || *after == '\0'))
            return format_date (y, m, d);
        }
    }

  return NULL;
}

static gboolean
is_pure_dateline (const char *line)
{
  g_autofree char *value = NULL;

  if (char_count (line) > 80)
    return FALSE;
  value = dateline_value (line, FALSE);
  return value != NULL;
}

static gboolean
is_bare_number (const char *line)
{
  return char_count (line) <= 16 && rx_match (rules_get ()->bare_number, line);
}

/* Whether `line` says the same as the title: the headline repeated as
 * the first paragraph, as a plain-text article and an HTML page whose
 * headline was put before its text both have it. */
static gboolean
line_is_title (const char *line,
               const char *title)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  if (title == NULL || *title == '\0')
    return FALSE;
  while (*line == '#')
    line++;
  a = khoji_text_fold (line, -1);
  b = khoji_text_fold (title, -1);
  g_strstrip (a);
  g_strstrip (b);
  if (*b == '\0')
    return FALSE;
  /* Only the whole line: a title taken from a paragraph's first sentence
   * leaves the paragraph a body paragraph. */
  return g_str_equal (a, b);
}

/**
 * khoji_ingest_front_matter:
 * @text: an article's text, as import stored it
 * @title: (nullable): its title
 * @dateline: (out) (optional) (transfer full): the dateline as the
 *   article wrote it, or %NULL
 *
 * The top of an article that is not its body: the headline repeated as
 * the first line, a dateline such as "04-Jun-2025 3:58:20 pm", a number
 * alone (a view count). They stay in the text (the dateline's date is one
 * of the article's dates) but a reader shows them as the article's
 * header, not as paragraphs.
 *
 * Returns: the byte offset in @text where the body starts; 0 when the
 * article has no such lines, and never the end of a text that has a body
 * of nothing else.
 */
gsize
khoji_ingest_front_matter (const char  *text,
                           const char  *title,
                           char       **dateline)
{
  const char *p = text;
  gsize body = 0;
  guint seen = 0;
  g_autofree char *found = NULL;

  while (p != NULL && *p != '\0' && seen < FRONT_LINES)
    {
      const char *nl = strchr (p, '\n');
      gsize len = nl ? (gsize) (nl - p) : strlen (p);
      g_autofree char *line = g_strndup (p, len);
      const char *next = nl ? nl + 1 : p + len;

      g_strstrip (line);
      if (*line == '\0')
        {
          p = next;
          continue;
        }
      seen++;
      if (line_is_title (line, title) || is_bare_number (line))
        ;
      else if (is_pure_dateline (line))
        {
          if (found == NULL)
            found = g_strdup (line);
        }
      else
        break;
      p = next;
      body = p - text;
    }
  /* Skip the blank lines between the header and the body. */
  while (text[body] == '\n' || text[body] == '\r' || text[body] == ' ')
    body++;
  if (text[body] == '\0')
    {
      body = 0;
      g_clear_pointer (&found, g_free);
    }
  if (dateline != NULL)
    *dateline = body > 0 ? g_steal_pointer (&found) : NULL;
  return body;
}

static char *
find_dateline (GPtrArray *lines)
{
  guint seen = 0;

  for (guint i = 0; i < lines->len && seen < DATELINE_SCAN_LINES; i++)
    {
      const char *line = g_ptr_array_index (lines, i);
      char *value;

      if (line_is_blank (line))
        continue;
      seen++;
      if (char_count (line) > 400)
        {
          /* Only the opening of a long paragraph can hold a place dateline. */
          g_autofree char *head = g_utf8_substring (line, 0, 80);
          value = dateline_value (head, seen <= 3);
        }
      else
        value = dateline_value (line, seen <= 3);
      if (value != NULL)
        return value;
    }
  return NULL;
}

/* Dates from HTML metadata: ISO 8601 usually, anything else the text
 * rules understand. The date is kept as the page wrote it, in its own
 * time zone: that is the date its readers saw. */
static char *
parse_meta_date (const char *value)
{
  g_autofree char *key = NULL;
  int y, m, d;

  if (value == NULL)
    return NULL;
  while (g_ascii_isspace (*value))
    value++;
  if (strlen (value) >= 10 && g_ascii_isdigit (value[0]) && value[4] == '-' && value[7] == '-')
    {
      y = atoi (value);
      m = atoi (value + 5);
      d = atoi (value + 8);
      if (valid_date (y, m, d))
        return format_date (y, m, d);
    }
  key = khoji_text_fold (value, -1);
  if (find_date (key, &y, &m, &d, NULL, NULL))
    return format_date (y, m, d);
  return NULL;
}

/* ------------------------------------------------------------------ */
/* Titles                                                             */
/* ------------------------------------------------------------------ */

/* The first `max_chars` characters of `s`, cut back to a word, with an
 * ellipsis. */
static char *
cut_at_word (const char *s,
             glong       max_chars)
{
  g_autofree char *cut = g_utf8_substring (s, 0, max_chars);
  char *space = strrchr (cut, ' ');

  if (space != NULL && g_utf8_strlen (cut, space - cut) > max_chars / 2)
    *space = '\0';
  return g_strconcat (g_strstrip (cut), "…", NULL);
}

static char *
title_from_lines (GPtrArray *lines)
{
  const char *fallback = NULL;

  for (guint i = 0; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);
      g_autoptr(GArray) sentences = NULL;
      glong n;

      if (line_is_blank (line))
        continue;
      /* A dateline or a bare number (a view count) above the headline is
       * not the headline. */
      if (fallback == NULL)
        fallback = line;
      if (!has_letters (line) || is_pure_dateline (line))
        continue;
      /* A place dateline opening a paragraph ("नगर (4 जून 2025)-",
       * "नगर :") is not part of the sentence the title is taken from. A
       * heading, which does not end like a sentence, keeps its words. */
      if (ends_like_sentence (line) || char_count (line) > TITLE_MAX_CHARS)
        {
          g_autoptr(GMatchInfo) mi = NULL;

          if (g_regex_match (rules_get ()->place_prefix, line, 0, &mi))
            {
              int end = 0;

              g_match_info_fetch_pos (mi, 0, NULL, &end);
              line += end;
            }
        }
      n = char_count (line);
      if (n <= TITLE_MAX_CHARS)
        {
          /* A Markdown heading's marks are not part of its words. */
          const char *start = line;
          while (*start == '#')
            start++;
          if (start != line && *start == ' ')
            return g_strstrip (g_strdup (start));
          return g_strstrip (g_strdup (line));
        }

      /* A paragraph comes first: its first sentence stands in for the
       * title, cut at a word if it is long. */
      sentences = khoji_text_sentences (line, strlen (line));
      if (sentences != NULL && sentences->len > 0)
        {
          /* "पटना।" is a dateline place, not a title: take sentences up
           * to a heading's length. */
          gsize start = g_array_index (sentences, KhojiSpan, 0).start;
          for (guint k = 0; k < sentences->len; k++)
            {
              KhojiSpan *span = &g_array_index (sentences, KhojiSpan, k);
              g_autofree char *first = g_strndup (line + start, span->end - start);
              glong fn = char_count (first);
              if (fn > TITLE_MAX_CHARS)
                break;
              if (fn >= 30)
                return g_strstrip (g_steal_pointer (&first));
            }
        }
      return cut_at_word (line, 100);
    }
  return g_strstrip (g_strdup (fallback != NULL ? fallback : ""));
}

/* ------------------------------------------------------------------ */
/* HTML                                                               */
/* ------------------------------------------------------------------ */

static gboolean
ascii_has_prefix_ci (const char *s,
                     gsize       len,
                     const char *prefix)
{
  gsize n = strlen (prefix);
  return len >= n && g_ascii_strncasecmp (s, prefix, n) == 0;
}

static gboolean
name_says_html (const char *name)
{
  static const char *const exts[] = { ".html", ".htm", ".xhtml", ".shtml" };

  if (name == NULL)
    return FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS (exts); i++)
    {
      gsize ln = strlen (name), le = strlen (exts[i]);
      if (ln >= le && g_ascii_strcasecmp (name + ln - le, exts[i]) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Sniffs the opening of decoded text for HTML. Only markup at the very
 * start counts, so that an article quoting "<html>" stays plain text. */
static gboolean
content_says_html (const char *utf8)
{
  const char *p = utf8;
  gsize window;

  while (*p && (g_ascii_isspace (*p)))
    p++;
  if (*p != '<')
    return FALSE;
  window = strnlen (p, 4096);
  for (gsize i = 0; i + 5 <= window; i++)
    {
      if (p[i] != '<')
        continue;
      if (ascii_has_prefix_ci (p + i, window - i, "<!doctype html") ||
          ascii_has_prefix_ci (p + i, window - i, "<html") ||
          ascii_has_prefix_ci (p + i, window - i, "<head") ||
          ascii_has_prefix_ci (p + i, window - i, "<body") ||
          ascii_has_prefix_ci (p + i, window - i, "<meta ") ||
          ascii_has_prefix_ci (p + i, window - i, "<title") ||
          ascii_has_prefix_ci (p + i, window - i, "<p>") ||
          ascii_has_prefix_ci (p + i, window - i, "</p>") ||
          ascii_has_prefix_ci (p + i, window - i, "<br") ||
          ascii_has_prefix_ci (p + i, window - i, "<div") ||
          ascii_has_prefix_ci (p + i, window - i, "<article"))
        return TRUE;
    }
  return FALSE;
}

static gboolean
name_is (xmlNode    *node,
         const char *name)
{
  return node->name != NULL && g_ascii_strcasecmp ((const char *) node->name, name) == 0;
}

static char *
get_attr (xmlNode    *node,
          const char *name)
{
  xmlChar *v = xmlGetProp (node, (const xmlChar *) name);
  char *copy;

  if (v == NULL)
    return NULL;
  copy = g_strdup ((const char *) v);
  xmlFree (v);
  return copy;
}

static gboolean
str_in (const char         *s,
        const char * const *list)
{
  for (gsize i = 0; list[i] != NULL; i++)
    if (g_str_equal (s, list[i]))
      return TRUE;
  return FALSE;
}

/* class and id words that mark page furniture, not article text. Words,
 * not substrings: "header", "heading", "loaded", "shadow" contain "ad". */
static gboolean
attr_says_boilerplate (const char *value)
{
  static const char *const exact[] = {
    "ad", "ads", "adv", "advt", "adbox", "adslot", "adunit", "adsense", "dfp", "gpt",
    "banner", "sponsor", "sponsored", "promo", "promoted", "related", "share", "sharing",
    "sharer", "social", "comment", "comments", "newsletter", "subscribe", "subscription",
    "taboola", "outbrain", "breadcrumb", "breadcrumbs", "cookie", "cookies", "popup",
    "modal", "recommended", "recommendation", "recommendations", "trending", "tags",
    "sidebar", "also", "readmore", "alsoread", "teaser", "teasers", "nav",
    "menu", "footer", "masthead", "byline-share", "toolbar", "disqus", "paywall", NULL,
  };
  static const char *const prefixes[] = {
    "advert", "sponsor", "related", "social", "comment", "newsletter", "taboola",
    "outbrain", "recommend", "subscribe", NULL,
  };
  g_autofree char *lower = NULL;
  g_auto(GStrv) words = NULL;

  if (value == NULL || *value == '\0')
    return FALSE;
  lower = g_ascii_strdown (value, -1);
  for (char *p = lower; *p; p++)
    if (!g_ascii_isalnum (*p))
      *p = ' ';
  words = g_strsplit (lower, " ", -1);
  for (char **w = words; *w; w++)
    {
      if (**w == '\0')
        continue;
      if (str_in (*w, exact))
        {
          /* "also" is furniture only as in also-read; "tags" alone too. */
          if (g_str_equal (*w, "also") && (w[1] == NULL || !g_str_equal (w[1], "read")))
            continue;
          return TRUE;
        }
      for (gsize i = 0; prefixes[i] != NULL; i++)
        if (g_str_has_prefix (*w, prefixes[i]))
          return TRUE;
    }
  return FALSE;
}

/* Looks a bounded way up: real pages are shallow, and an unbounded walk
 * would make a page of thousands of nested headers quadratic. */
static gboolean
has_ancestor (xmlNode    *node,
              const char *name)
{
  int steps = 0;

  for (xmlNode *p = node->parent;
       p != NULL && p->type == XML_ELEMENT_NODE && steps < 64;
       p = p->parent, steps++)
    if (name_is (p, name))
      return TRUE;
  return FALSE;
}

static gboolean
in_paragraph (xmlNode *node)
{
  int steps = 0;

  for (xmlNode *p = node->parent; p != NULL && steps < 4; p = p->parent, steps++)
    if (p->type == XML_ELEMENT_NODE && name_is (p, "p"))
      return TRUE;
  return FALSE;
}

/* Whether an element holds paragraphs of prose: an ad, share bar or list
 * of related links does not, a wrapper of the article does. Looks at a
 * bounded number of nodes, so hostile nesting stays linear. */
static gboolean
holds_prose (xmlNode *root)
{
  gsize prose = 0;
  int visited = 0;

  for (xmlNode *node = root->children; node != NULL && visited < 500; visited++)
    {
      if (node->type == XML_TEXT_NODE && node->content != NULL && in_paragraph (node))
        {
          prose += strlen ((const char *) node->content);
          if (prose >= 300)
            return TRUE;
        }
      if (node->children != NULL)
        node = node->children;
      else
        {
          while (node != root && node->next == NULL)
            node = node->parent;
          node = node == root ? NULL : node->next;
        }
    }
  return FALSE;
}

/* Elements whose whole subtree is not article text. libxml2's HTML
 * parser gives element names in lower case already. */
static gboolean
compute_is_skipped (xmlNode *node)
{
  static const char *const skipped[] = {
    "script", "style", "noscript", "nav", "footer", "aside", "form", "iframe",
    "svg", "math", "template", "button", "select", "option", "textarea", "input",
    "object", "embed", "canvas", "audio", "video", "head", "title", "meta", "link",
    "map", "dialog", "menu", NULL,
  };
  g_autofree char *cls = NULL;
  g_autofree char *id = NULL;
  g_autofree char *role = NULL;
  g_autofree char *hidden = NULL;
  g_autofree char *style = NULL;
  const char *lower_name = (const char *) node->name;

  if (node->name == NULL)
    return TRUE;
  if (str_in (lower_name, skipped))
    return TRUE;
  /* A page's header holds its logo and menu; an article's header holds
   * its headline and dateline. */
  if (g_str_equal (lower_name, "header") &&
      !has_ancestor (node, "article") && !has_ancestor (node, "main"))
    return TRUE;

  if (node->properties == NULL)
    return FALSE;
  if (xmlHasProp (node, (const xmlChar *) "hidden"))
    return TRUE;
  hidden = get_attr (node, "aria-hidden");
  if (hidden != NULL && g_ascii_strcasecmp (hidden, "true") == 0)
    return TRUE;
  style = get_attr (node, "style");
  if (style != NULL)
    {
      g_autofree char *squeezed = g_ascii_strdown (style, -1);
      char *w = squeezed;
      for (char *p = squeezed; *p; p++)
        if (!g_ascii_isspace (*p))
          *w++ = *p;
      *w = '\0';
      if (strstr (squeezed, "display:none") || strstr (squeezed, "visibility:hidden"))
        return TRUE;
    }
  role = get_attr (node, "role");
  if (role != NULL)
    {
      static const char *const roles[] = {
        "navigation", "banner", "complementary", "contentinfo", "search", "menu",
        "menubar", "dialog", "alert", NULL,
      };
      g_autofree char *lr = g_ascii_strdown (role, -1);
      if (str_in (lr, roles))
        return TRUE;
    }

  cls = get_attr (node, "class");
  id = get_attr (node, "id");
  /* The element that holds the article must never be thrown out for a
   * class like "article-share-enabled" or "content has-sidebar". */
  if (g_str_equal (lower_name, "article") || g_str_equal (lower_name, "main") ||
      g_str_equal (lower_name, "body"))
    return FALSE;
  if (!attr_says_boilerplate (cls) && !attr_says_boilerplate (id))
    return FALSE;
  return !holds_prose (node);
}

/* The verdict is asked for by several walks over the same tree; it is
 * kept in the node's application pointer, which nothing else here uses. */
#define SKIP_YES GINT_TO_POINTER (1)
#define SKIP_NO GINT_TO_POINTER (2)

static gboolean
element_is_skipped (xmlNode *node)
{
  if (node->_private == NULL)
    node->_private = compute_is_skipped (node) ? SKIP_YES : SKIP_NO;
  return node->_private == SKIP_YES;
}

typedef enum {
  BREAK_NONE,
  BREAK_LINE,
  BREAK_PARAGRAPH,
} BreakKind;

static BreakKind
element_break (xmlNode *node)
{
  static const char *const paragraph[] = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "ul", "ol",
    "dl", "table", "figure", "figcaption", "article", "section", "header", "main",
    "address", "hr", "details", "summary", NULL,
  };
  static const char *const line[] = {
    "div", "br", "tr", "dt", "dd", "center", "caption", NULL,
  };
  const char *lower = (const char *) node->name;

  if (lower == NULL)
    return BREAK_NONE;
  if (str_in (lower, paragraph))
    return BREAK_PARAGRAPH;
  if (str_in (lower, line))
    return BREAK_LINE;
  return BREAK_NONE;
}

typedef struct {
  GString *s;
  int      pending_breaks;
  gboolean pending_space;
  int      pre_depth;
} TextOut;

static void
out_break (TextOut *o,
           int      n)
{
  if (o->s->len == 0)
    return;
  o->pending_breaks = MAX (o->pending_breaks, n);
  o->pending_space = FALSE;
}

static void
out_text (TextOut    *o,
          const char *text)
{
  for (const char *p = text; *p; p++)
    {
      char c = *p;

      if (o->pre_depth > 0 && c == '\n')
        {
          out_break (o, 1);
          continue;
        }
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f')
        {
          if (o->s->len > 0 && o->pending_breaks == 0)
            o->pending_space = TRUE;
          continue;
        }
      if (o->pending_breaks > 0)
        {
          for (int i = 0; i < o->pending_breaks; i++)
            g_string_append_c (o->s, '\n');
          o->pending_breaks = 0;
          o->pending_space = FALSE;
        }
      else if (o->pending_space)
        {
          g_string_append_c (o->s, ' ');
          o->pending_space = FALSE;
        }
      g_string_append_c (o->s, c);
    }
}

static void
leave_element (TextOut *o,
               xmlNode *node)
{
  BreakKind kind = element_break (node);

  if (name_is (node, "pre") && o->pre_depth > 0)
    o->pre_depth--;
  if (name_is (node, "td") || name_is (node, "th"))
    {
      o->pending_space = o->s->len > 0;
      return;
    }
  if (kind != BREAK_NONE)
    out_break (o, kind == BREAK_PARAGRAPH ? 2 : 1);
}

/* Walks a subtree without recursion: hostile pages nest elements tens of
 * thousands deep. */
static void
extract_text (xmlNode *root,
              TextOut *o)
{
  xmlNode *node;

  if (root == NULL || root->children == NULL)
    return;

  node = root->children;
  while (node != NULL)
    {
      gboolean descend = FALSE;

      if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE)
        {
          if (node->content != NULL)
            out_text (o, (const char *) node->content);
        }
      else if (node->type == XML_ELEMENT_NODE && !element_is_skipped (node))
        {
          BreakKind kind = element_break (node);

          if (name_is (node, "br"))
            {
              /* Not through out_break: two <br> make a paragraph break. */
              if (o->s->len > 0)
                o->pending_breaks = MIN (o->pending_breaks + 1, 2);
              o->pending_space = FALSE;
            }
          else if (kind != BREAK_NONE)
            out_break (o, kind == BREAK_PARAGRAPH ? 2 : 1);
          if (name_is (node, "pre"))
            o->pre_depth++;
          if (node->children != NULL)
            descend = TRUE;
          else
            leave_element (o, node);
        }

      if (descend)
        {
          node = node->children;
          continue;
        }
      while (node != NULL && node->next == NULL)
        {
          node = node->parent;
          if (node == NULL || node == root)
            return;
          leave_element (o, node);
        }
      if (node != NULL)
        node = node->next;
    }
}

/* Next node in document order, without recursion. */
static xmlNode *
next_in_doc (xmlNode *node,
             xmlNode *root,
             gboolean descend)
{
  if (descend && node->children != NULL)
    return node->children;
  while (node != NULL && node != root && node->next == NULL)
    node = node->parent;
  if (node == NULL || node == root)
    return NULL;
  return node->next;
}

static char *
node_text (xmlNode *node)
{
  TextOut o = { g_string_new (NULL), 0, FALSE, 0 };
  extract_text (node, &o);
  return g_strstrip (g_string_free (o.s, FALSE));
}

/* Bytes of text under a node, a rough measure to pick the article among
 * candidates. Cheap on purpose (no attribute checks), and capped. */
static gsize
text_weight (xmlNode *root)
{
  gsize weight = 0, visited = 0;

  for (xmlNode *node = root; node != NULL && visited < 200000; visited++)
    {
      gboolean descend = TRUE;

      if (node->type == XML_TEXT_NODE && node->content != NULL)
        weight += strlen ((const char *) node->content);
      else if (node->type == XML_ELEMENT_NODE &&
               (name_is (node, "script") || name_is (node, "style")))
        descend = FALSE;
      node = next_in_doc (node, root, descend);
    }
  return weight;
}

typedef struct {
  char    *og_title;
  char    *title;
  char    *h1;
  char    *site;
  char    *published;
  xmlNode *body;
  xmlNode *main;
  GPtrArray *candidates;   /* article, [itemprop=articleBody] */
} PageInfo;

static void
page_info_clear (PageInfo *info)
{
  g_free (info->og_title);
  g_free (info->title);
  g_free (info->h1);
  g_free (info->site);
  g_free (info->published);
  g_clear_pointer (&info->candidates, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PageInfo, page_info_clear)

static void
take_published (PageInfo   *info,
                const char *value)
{
  if (info->published == NULL)
    info->published = parse_meta_date (value);
}

/* The first "datePublished" value in a JSON-LD block. JSON is not parsed
 * in full: only this one string is wanted. */
static void
scan_json_ld (PageInfo   *info,
              const char *json)
{
  const char *p = strstr (json, "\"datePublished\"");
  if (p == NULL)
    return;
  p += strlen ("\"datePublished\"");
  while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
    p++;
  if (*p != ':')
    return;
  p++;
  while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
    p++;
  if (*p != '"')
    return;
  p++;
  {
    const char *q = strchr (p, '"');
    g_autofree char *value = NULL;
    if (q == NULL || q - p > 64)
      return;
    value = g_strndup (p, q - p);
    take_published (info, value);
  }
}

static void
scan_meta (PageInfo *info,
           xmlNode  *node)
{
  g_autofree char *property = get_attr (node, "property");
  g_autofree char *name = get_attr (node, "name");
  g_autofree char *itemprop = get_attr (node, "itemprop");
  g_autofree char *content = get_attr (node, "content");
  const char *key = property ? property : name ? name : itemprop;
  g_autofree char *lower = NULL;

  if (key == NULL || content == NULL)
    return;
  lower = g_ascii_strdown (key, -1);

  if (g_str_equal (lower, "og:title") || g_str_equal (lower, "twitter:title"))
    {
      if (info->og_title == NULL && *g_strstrip (content) != '\0')
        info->og_title = g_strdup (content);
    }
  else if (g_str_equal (lower, "og:site_name") || g_str_equal (lower, "application-name") ||
           g_str_equal (lower, "publisher"))
    {
      if (info->site == NULL && *g_strstrip (content) != '\0')
        info->site = g_strdup (content);
    }
  else if (g_str_equal (lower, "article:published_time") ||
           g_str_equal (lower, "datepublished") ||
           g_str_equal (lower, "pubdate") ||
           g_str_equal (lower, "publishdate") ||
           g_str_equal (lower, "publish-date") ||
           g_str_equal (lower, "date") ||
           g_str_equal (lower, "dc.date") ||
           g_str_equal (lower, "dc.date.issued") ||
           g_str_equal (lower, "dcterms.created") ||
           g_str_equal (lower, "og:published_time") ||
           g_str_equal (lower, "sailthru.date") ||
           g_str_equal (lower, "parsely-pub-date"))
    take_published (info, content);
}

static void
scan_page (PageInfo *info,
           xmlNode  *root)
{
  for (xmlNode *node = root; node != NULL; )
    {
      gboolean descend = TRUE;

      if (node->type == XML_ELEMENT_NODE && node->name != NULL)
        {
          if (name_is (node, "meta"))
            scan_meta (info, node);
          else if (name_is (node, "title") && info->title == NULL)
            {
              xmlChar *c = xmlNodeGetContent (node);
              info->title = g_strdup (c ? (const char *) c : "");
              xmlFree (c);
              descend = FALSE;
            }
          else if (name_is (node, "body") && info->body == NULL)
            info->body = node;
          else if (name_is (node, "main") && info->main == NULL)
            info->main = node;
          else if (name_is (node, "script"))
            {
              g_autofree char *type = get_attr (node, "type");
              if (type != NULL && g_ascii_strcasecmp (type, "application/ld+json") == 0)
                {
                  xmlChar *c = xmlNodeGetContent (node);
                  if (c != NULL)
                    {
                      scan_json_ld (info, (const char *) c);
                      xmlFree (c);
                    }
                }
              descend = FALSE;
            }
          else if (name_is (node, "style"))
            descend = FALSE;
          else if (name_is (node, "time"))
            {
              g_autofree char *dt = get_attr (node, "datetime");
              g_autofree char *itemprop = get_attr (node, "itemprop");
              /* A <time> marked as the publication date wins over others;
               * otherwise the first one in the page is taken later. */
              if (dt != NULL && itemprop != NULL &&
                  g_ascii_strcasecmp (itemprop, "datePublished") == 0)
                take_published (info, dt);
            }
          else if (name_is (node, "article") && info->candidates->len < HTML_MAX_CANDIDATES)
            g_ptr_array_add (info->candidates, node);

          if (!name_is (node, "meta") && !name_is (node, "time"))
            {
              g_autofree char *itemprop = get_attr (node, "itemprop");
              if (itemprop != NULL)
                {
                  if (g_ascii_strcasecmp (itemprop, "articleBody") == 0 &&
                      info->candidates->len < HTML_MAX_CANDIDATES)
                    g_ptr_array_add (info->candidates, node);
                  else if (g_ascii_strcasecmp (itemprop, "datePublished") == 0)
                    {
                      g_autofree char *c = get_attr (node, "content");
                      g_autofree char *t = c ? NULL : node_text (node);
                      take_published (info, c ? c : t);
                    }
                }
            }
        }
      node = next_in_doc (node, root, descend);
    }
}

static void
scan_content (PageInfo *info,
              xmlNode  *root)
{
  char *first_time = NULL;

  for (xmlNode *node = root; node != NULL; )
    {
      gboolean descend = TRUE;

      if (node->type == XML_ELEMENT_NODE)
        {
          if (node != root && element_is_skipped (node))
            descend = FALSE;
          else if (name_is (node, "h1") && info->h1 == NULL)
            {
              info->h1 = node_text (node);
              if (*info->h1 == '\0')
                g_clear_pointer (&info->h1, g_free);
            }
          else if (name_is (node, "time") && first_time == NULL)
            first_time = get_attr (node, "datetime");
        }
      node = next_in_doc (node, root, descend);
    }
  if (first_time != NULL)
    take_published (info, first_time);
  g_free (first_time);
}

/* A page without <article> markup: the article is the tightest element
 * that holds most of the page's paragraph text, which leaves out sidebars,
 * teaser lists and footers that no class or tag gave away. */
static xmlNode *
densest_block (xmlNode *outer)
{
  g_autoptr(GHashTable) scores = g_hash_table_new (NULL, NULL);
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  gsize total = 0, best_score = G_MAXSIZE;
  xmlNode *best = outer;

  for (xmlNode *node = outer; node != NULL; )
    {
      gboolean descend = TRUE;

      if (node->type == XML_ELEMENT_NODE && node != outer)
        {
          if (element_is_skipped (node))
            descend = FALSE;
          else if (name_is (node, "p"))
            {
              gsize w = text_weight (node);
              int steps = 0;

              total += w;
              for (xmlNode *a = node->parent; a != NULL && steps < 64; a = a->parent, steps++)
                {
                  gpointer old = g_hash_table_lookup (scores, a);
                  if (old == NULL)
                    g_ptr_array_add (order, a);
                  g_hash_table_insert (scores, a, GSIZE_TO_POINTER (GPOINTER_TO_SIZE (old) + w));
                  if (a == outer)
                    break;
                }
              descend = FALSE;
            }
        }
      node = next_in_doc (node, outer, descend);
    }

  if (total < 200)
    return outer;
  /* Children come before their ancestors in `order`, so on equal scores
   * the tighter element wins. */
  for (guint i = 0; i < order->len; i++)
    {
      xmlNode *n = g_ptr_array_index (order, i);
      gsize score = GPOINTER_TO_SIZE (g_hash_table_lookup (scores, n));
      if (score * 5 >= total * 4 && score < best_score)
        {
          best_score = score;
          best = n;
        }
    }
  return best;
}

static void
ensure_xml_init (void)
{
  static gsize once = 0;

  /* libxml2 sets up its globals once; doing it here keeps that off the
   * import worker's first parse. */
  if (g_once_init_enter (&once))
    {
      xmlInitParser ();
      g_once_init_leave (&once, 1);
    }
}

/* Strips " | Site" or " - Site" from a <title> when the site is known. */
static char *
strip_site_suffix (const char *title,
                   const char *site)
{
  static const char *const seps[] = { " | ", " - ", " – ", " — ", " : ", " :: ", NULL };
  gsize tl, sl;

  if (site == NULL)
    return g_strdup (title);
  tl = strlen (title);
  sl = strlen (site);
  for (gsize i = 0; seps[i] != NULL; i++)
    {
      gsize pl = strlen (seps[i]);
      if (tl > sl + pl && g_ascii_strcasecmp (title + tl - sl, site) == 0 &&
          strncmp (title + tl - sl - pl, seps[i], pl) == 0)
        return g_strndup (title, tl - sl - pl);
    }
  return g_strdup (title);
}

static char *
squash_spaces (const char *s)
{
  TextOut o = { g_string_new (NULL), 0, FALSE, 0 };
  out_text (&o, s);
  return g_string_free (o.s, FALSE);
}

typedef struct {
  char *text;
  char *title;
  char *source;
  char *published;
  char *page_text;   /* the whole page's text, when the article is a part of it */
} Extracted;

static void
extracted_clear (Extracted *ex)
{
  g_clear_pointer (&ex->text, g_free);
  g_clear_pointer (&ex->title, g_free);
  g_clear_pointer (&ex->source, g_free);
  g_clear_pointer (&ex->published, g_free);
  g_clear_pointer (&ex->page_text, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Extracted, extracted_clear)

/* Elements that never hold content in HTML. libxml2's HTML parser (as of
 * 2.9) does not know some of them as empty: "<embed src=x><p>…" makes
 * every following element a child of <embed>, and embed is skipped with
 * its children, so the rest of the page was lost. The children of such
 * an element are moved after it, where a browser puts them, before any
 * walk of the tree: one pass, every element visited once. */
static gboolean
is_void_element (const xmlNode *node)
{
  static const char *const void_elements[] = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link",
    "meta", "param", "source", "track", "wbr", NULL,
  };

  return node->type == XML_ELEMENT_NODE && node->name != NULL &&
         str_in ((const char *) node->name, void_elements);
}

static void
hoist_void_children (xmlNode *root)
{
  xmlNode *node = root;

  while (node != NULL)
    {
      if (node->children != NULL && is_void_element (node) && node->parent != NULL)
        {
          xmlNode *first = node->children, *last = node->last;

          for (xmlNode *c = first; c != NULL; c = c->next)
            c->parent = node->parent;
          last->next = node->next;
          if (node->next != NULL)
            node->next->prev = last;
          else
            node->parent->last = last;
          node->next = first;
          first->prev = node;
          node->children = node->last = NULL;
        }
      /* Depth first, without recursion: a page may nest deeply. */
      if (node->children != NULL)
        node = node->children;
      else
        {
          while (node != root && node->next == NULL)
            node = node->parent;
          node = node == root ? NULL : node->next;
        }
    }
}

static gboolean
extract_html (const char *utf8,
              Extracted  *ex,
              GError    **error)
{
  g_auto(PageInfo) info = { 0 };
  htmlDocPtr doc;
  xmlNode *root, *content = NULL, *outer = NULL;
  gsize best = 0;
  TextOut o = { NULL, 0, FALSE, 0 };
  gsize len = strlen (utf8);

  ensure_xml_init ();
  if (len > G_MAXINT)
    {
      set_too_large (error);
      return FALSE;
    }

  /* No network, no error chatter, recover from tag soup. The encoding is
   * given so that a <meta charset> cannot make the parser re-decode text
   * that is UTF-8 already. */
  doc = htmlReadMemory (utf8, (int) len, NULL, "UTF-8",
                        HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                        HTML_PARSE_RECOVER | HTML_PARSE_COMPACT | HTML_PARSE_IGNORE_ENC | XML_PARSE_HUGE);
  if (doc == NULL)
    {
      g_set_error_literal (error, KHOJI_INGEST_ERROR, KHOJI_INGEST_ERROR_HTML,
                           _("This HTML page could not be read. Save the article as plain text and import that."));
      return FALSE;
    }

  root = xmlDocGetRootElement (doc);
  if (root != NULL)
    hoist_void_children (root);
  if (root == NULL)
    {
      xmlFreeDoc (doc);
      g_set_error_literal (error, KHOJI_INGEST_ERROR, KHOJI_INGEST_ERROR_EMPTY,
                           _("This HTML page has no article text."));
      return FALSE;
    }

  info.candidates = g_ptr_array_new ();
  scan_page (&info, root);

  /* The article is the candidate container with the most text; pages
   * with teaser cards have many small <article> elements. */
  for (guint i = 0; i < info.candidates->len; i++)
    {
      xmlNode *c = g_ptr_array_index (info.candidates, i);
      gsize w = text_weight (c);
      if (w > best)
        {
          best = w;
          content = c;
        }
    }
  if (content == NULL || best < 200)
    outer = info.main ? info.main : info.body ? info.body : root;
  if (outer != NULL)
    content = densest_block (outer);

  scan_content (&info, content);
  if (outer != NULL && content != outer)
    {
      /* The headline and dateline often sit just outside the text block. */
      ex->page_text = node_text (outer);
      if (info.h1 == NULL)
        scan_content (&info, outer);
    }

  o.s = g_string_new (NULL);
  extract_text (content, &o);
  ex->text = g_string_free (o.s, FALSE);

  {
    const char *raw = info.og_title ? info.og_title : info.h1 ? info.h1 : info.title;
    if (raw != NULL)
      {
        g_autofree char *t = squash_spaces (raw);
        g_autofree char *site = info.site ? squash_spaces (info.site) : NULL;
        ex->title = strip_site_suffix (t, site);
      }
  }
  if (ex->title != NULL && *g_strstrip (ex->title) == '\0')
    g_clear_pointer (&ex->title, g_free);

  ex->source = info.site ? squash_spaces (info.site) : NULL;
  ex->published = g_steal_pointer (&info.published);

  xmlFreeDoc (doc);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Pipeline                                                           */
/* ------------------------------------------------------------------ */

/* Metadata strings get the same clean-up as the text, on one line. */
static char *
clean_field (const char *value)
{
  g_autoptr(GPtrArray) lines = NULL;
  g_autofree char *joined = NULL;

  if (value == NULL)
    return NULL;
  lines = clean_lines (value, NULL);
  if (lines == NULL)
    return NULL;
  joined = join_lines (lines);
  g_strdelimit (joined, "\n", ' ');
  if (*g_strstrip (joined) == '\0')
    return NULL;
  return squash_spaces (joined);
}

static KhojiDocument *
build_document (const char *utf8,
                gboolean    is_html,
                GError    **error)
{
  g_auto(Extracted) ex = { NULL, NULL, NULL, NULL, NULL };
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(KhojiDocument) doc = NULL;
  g_autofree char *text = NULL;
  g_autofree char *title = NULL;

  if (is_blank_utf8 (utf8))
    {
      set_blank (error);
      return NULL;
    }

  if (is_html && !extract_html (utf8, &ex, error))
    return NULL;

  lines = clean_lines (is_html ? ex.text : utf8, error);
  if (lines == NULL)
    return NULL;

  remove_boilerplate (lines, is_html);
  clean_front (lines);
  text = join_lines (lines);
  if (*text == '\0')
    {
      g_set_error_literal (error, KHOJI_INGEST_ERROR, KHOJI_INGEST_ERROR_EMPTY,
                           is_html ? _("This HTML page has no article text.")
                                   : _("This file has no article text, only page furniture such as ad markers."));
      return NULL;
    }

  title = clean_field (ex.title);
  if (title != NULL && char_count (title) > TITLE_MAX_CHARS)
    {
      /* A page can claim a megabyte-long title; the window shows a line. */
      g_autofree char *cut = cut_at_word (title, 100);
      g_free (title);
      title = g_steal_pointer (&cut);
    }
  if (title != NULL && strstr (text, title) == NULL)
    {
      /* Keep the headline in the text, as a plain-text article has it. */
      char *with_title = g_strconcat (title, "\n\n", text, NULL);
      g_free (text);
      text = with_title;
    }

  doc = g_new0 (KhojiDocument, 1);
  doc->title = title != NULL ? g_steal_pointer (&title) : title_from_lines (lines);
  doc->source = clean_field (ex.source);
  doc->published = ex.published ? g_strdup (ex.published) : find_dateline (lines);
  if (doc->published == NULL && ex.page_text != NULL)
    {
      /* The dateline may sit outside the block the article text came from. */
      g_autoptr(GPtrArray) page_lines = clean_lines (ex.page_text, NULL);
      if (page_lines != NULL)
        doc->published = find_dateline (page_lines);
    }
  doc->text = g_steal_pointer (&text);
  return g_steal_pointer (&doc);
}

/* An HTML page that is not UTF-8 but says what it is: the one case where
 * a legacy encoding is known rather than guessed. */
static char *
decode_declared_html (const guint8 *data,
                      gsize         len,
                      const char   *name_hint)
{
  gsize window = MIN (len, 4096);
  g_autofree char *head = NULL;
  g_autofree char *charset = NULL;
  g_autofree char *utf8 = NULL;
  gsize written = 0;
  const char *p;

  head = g_ascii_strdown ((const char *) data, window);
  /* g_ascii_strdown stops at a NUL, which is fine: NULs were rejected. */
  if (!name_says_html (name_hint) &&
      strstr (head, "<html") == NULL && strstr (head, "<!doctype html") == NULL &&
      strstr (head, "<body") == NULL && strstr (head, "<meta") == NULL)
    return NULL;

  p = strstr (head, "charset=");
  if (p == NULL)
    return NULL;
  p += strlen ("charset=");
  while (*p == '"' || *p == '\'' || *p == ' ')
    p++;
  {
    const char *e = p;
    while (g_ascii_isalnum (*e) || *e == '-' || *e == '_' || *e == ':' || *e == '.')
      e++;
    if (e == p || e - p > 40)
      return NULL;
    charset = g_strndup (p, e - p);
  }
  if (g_str_equal (charset, "utf-8") || g_str_equal (charset, "utf8") ||
      g_str_has_prefix (charset, "utf-16"))
    return NULL;

  utf8 = g_convert ((const char *) data, len, "UTF-8", charset, NULL, &written, NULL);
  if (utf8 == NULL || !g_utf8_validate_len (utf8, written, NULL) ||
      memchr (utf8, 0, written) != NULL || !check_controls (utf8, written, NULL))
    return NULL;
  return g_steal_pointer (&utf8);
}

KhojiDocument *
khoji_ingest_bytes (GBytes      *bytes,
                    const char  *name_hint,
                    GError     **error)
{
  g_autofree char *utf8 = NULL;
  g_autoptr(GError) local_error = NULL;
  const guint8 *data;
  gsize len = 0;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (bytes, &len);
  utf8 = decode_bytes (data, len, &local_error);
  if (utf8 == NULL &&
      g_error_matches (local_error, KHOJI_INGEST_ERROR, KHOJI_INGEST_ERROR_ENCODING))
    utf8 = decode_declared_html (data, len, name_hint);
  if (utf8 == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return build_document (utf8, name_says_html (name_hint) || content_says_html (utf8), error);
}

KhojiDocument *
khoji_ingest_text (const char  *utf8,
                   GError     **error)
{
  const char *end = NULL;
  gsize len;

  g_return_val_if_fail (utf8 != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  len = strlen (utf8);
  if (len > KHOJI_INGEST_MAX_BYTES)
    {
      set_too_large (error);
      return NULL;
    }
  if (len == 0)
    {
      g_set_error_literal (error, KHOJI_INGEST_ERROR, KHOJI_INGEST_ERROR_EMPTY,
                           _("There is no text to import."));
      return NULL;
    }
  if (!g_utf8_validate_len (utf8, len, &end))
    {
      set_bad_utf8 (error, (gsize) (end - utf8));
      return NULL;
    }
  if (!check_controls (utf8, len, error))
    return NULL;
  if (len >= 3 && (guchar) utf8[0] == 0xEF && (guchar) utf8[1] == 0xBB && (guchar) utf8[2] == 0xBF)
    utf8 += 3;

  return build_document (utf8, FALSE, error);
}

KhojiDocument *
khoji_ingest_file (GFile         *file,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GByteArray) buffer = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *display = NULL;
  goffset size;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display = g_file_get_parse_name (file);
  info = g_file_query_info (file,
                            G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                            G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                            G_FILE_ATTRIBUTE_STANDARD_NAME,
                            G_FILE_QUERY_INFO_NONE, cancellable, &local_error);
  if (info == NULL)
    {
      g_set_error (error, KHOJI_INGEST_ERROR, KHOJI_INGEST_ERROR_IO,
                   _("Could not read “%s”: %s"), display, local_error->message);
      return NULL;
    }
  if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
    {
      g_set_error (error, KHOJI_INGEST_ERROR, KHOJI_INGEST_ERROR_IO,
                   _("“%s” is a folder, not a file."), display);
      return NULL;
    }
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR &&
      g_file_info_get_file_type (info) != G_FILE_TYPE_SYMBOLIC_LINK)
    {
      g_set_error (error, KHOJI_INGEST_ERROR, KHOJI_INGEST_ERROR_IO,
                   _("“%s” is not a regular file."), display);
      return NULL;
    }

  /* Decided before reading: a huge file is never loaded into memory. */
  size = g_file_info_get_size (info);
  if (size > KHOJI_INGEST_MAX_BYTES)
    {
      set_too_large (error);
      return NULL;
    }

  stream = g_file_read (file, cancellable, &local_error);
  if (stream == NULL)
    {
      g_set_error (error, KHOJI_INGEST_ERROR, KHOJI_INGEST_ERROR_IO,
                   _("Could not read “%s”: %s"), display, local_error->message);
      return NULL;
    }

  /* The file may grow between the size check and the read; the read is
   * capped all the same. */
  buffer = g_byte_array_sized_new ((guint) size + 1);
  for (;;)
    {
      guint8 chunk[64 * 1024];
      gssize n = g_input_stream_read (G_INPUT_STREAM (stream), chunk, sizeof chunk,
                                      cancellable, &local_error);
      if (n < 0)
        {
          g_set_error (error, KHOJI_INGEST_ERROR, KHOJI_INGEST_ERROR_IO,
                       _("Could not read “%s”: %s"), display, local_error->message);
          return NULL;
        }
      if (n == 0)
        break;
      if (buffer->len + (gsize) n > KHOJI_INGEST_MAX_BYTES)
        {
          set_too_large (error);
          return NULL;
        }
      g_byte_array_append (buffer, chunk, (guint) n);
    }

  name = g_file_get_basename (file);
  bytes = g_byte_array_free_to_bytes (g_steal_pointer (&buffer));
  return khoji_ingest_bytes (bytes, name, error);
}
