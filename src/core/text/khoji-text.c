/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-text"

#include "config.h"

#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/ucal.h>
#include <unicode/ucol.h>
#include <unicode/udat.h>
#include <unicode/udatpg.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utext.h>
#include <unicode/utrans.h>

#include "khoji-text-private.h"

/* Everything that calls ICU lives here, so that the rest of the code deals
 * in UTF-8 and byte offsets only. */

G_DEFINE_QUARK (khoji-text-error-quark, khoji_text_error)


gboolean
khoji_text_is_devanagari (gunichar c)
{
  return (c >= 0x0900 && c <= 0x097F) || (c >= 0xA8E0 && c <= 0xA8FF);
}

gboolean
khoji_text_validate (const char *utf8,
                     gsize       len)
{
  const guchar *p = (const guchar *) utf8;
  const guchar *end = p + len;

  g_return_val_if_fail (utf8 != NULL || len == 0, FALSE);

  while (p < end)
    {
      guchar c = *p;

      if (c < 0x80)
        {
          if (c == 0)
            return FALSE;
          p++;
          /* A run of ASCII goes eight bytes at a time while no byte has
           * its high bit set and none is zero. */
          while (end - p >= 8 && *p < 0x80)
            {
              guint64 w;

              memcpy (&w, p, 8);
              if ((w & 0x8080808080808080ull) != 0 ||
                  ((w - 0x0101010101010101ull) & ~w & 0x8080808080808080ull) != 0)
                break;
              p += 8;
            }
        }
      else if (c >= 0xE1 && c <= 0xEF && c != 0xED)
        {
          /* Three bytes that can be neither overlong nor a surrogate. */
          if (end - p < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80)
            return FALSE;
          p += 3;
        }
      else if (c == 0xE0 || c == 0xED)
        {
          /* Devanagari, among others; no overlong forms (E0 80..9F), no
           * surrogates (ED A0..BF). */
          if (end - p < 3 ||
              (c == 0xE0 ? (p[1] & 0xE0) != 0xA0 : (p[1] & 0xE0) != 0x80) ||
              (p[2] & 0xC0) != 0x80)
            return FALSE;
          p += 3;
        }
      else if (c >= 0xC2 && c < 0xE0)
        {
          if (end - p < 2 || (p[1] & 0xC0) != 0x80)
            return FALSE;
          p += 2;
        }
      else if (c >= 0xF0 && c < 0xF5)
        {
          /* No overlong forms (F0 80..8F), nothing past U+10FFFF (F4 90..). */
          if (end - p < 4 ||
              (c == 0xF0 ? (p[1] < 0x90 || p[1] > 0xBF) :
               c == 0xF4 ? (p[1] & 0xF0) != 0x80 : (p[1] & 0xC0) != 0x80) ||
              (p[2] & 0xC0) != 0x80 || (p[3] & 0xC0) != 0x80)
            return FALSE;
          p += 4;
        }
      else
        return FALSE;
    }
  return TRUE;
}

guint
khoji_text_hash (gconstpointer key)
{
  const guchar *s = key;
  gsize len = strlen (key);
  gsize n = len;
  guint64 h = 0x9E3779B97F4A7C15ull ^ len;

  /* Eight bytes at a time, each step mixed by a multiply and a shift. */
  for (; n >= 8; s += 8, n -= 8)
    {
      guint64 w;

      memcpy (&w, s, 8);
      h = (h ^ w) * 0xFF51AFD7ED558CCDull;
      h ^= h >> 29;
    }
  /* The rest without a loop: the last eight bytes of a longer string,
   * two overlapping words of four, or three bytes that cover a short
   * one. */
  if (n > 0)
    {
      guint64 w;

      if (len >= 8)
        memcpy (&w, s + n - 8, 8);
      else if (n >= 4)
        {
          guint32 a, b;

          memcpy (&a, s, 4);
          memcpy (&b, s + n - 4, 4);
          w = ((guint64) a << 32) | b;
        }
      else
        w = (guint64) s[0] | ((guint64) s[n / 2] << 8) | ((guint64) s[n - 1] << 16);
      h = (h ^ w) * 0xFF51AFD7ED558CCDull;
      h ^= h >> 29;
    }
  h *= 0xC4CEB9FE1A85EC53ull;
  return (guint) (h ^ (h >> 32));
}

gboolean
_khoji_text_is_consonant (gunichar c)
{
  return (c >= 0x0915 && c <= 0x0939) || (c >= 0x0958 && c <= 0x095F);
}

int
khoji_text_digit_value (gunichar c)
{
  if (c < 0x80)
    return (c >= '0' && c <= '9') ? (int) (c - '0') : -1;
  /* The Devanagari block's only decimal digits, without asking ICU. */
  if (c >= 0x0900 && c <= 0x097F)
    return (c >= 0x0966 && c <= 0x096F) ? (int) (c - 0x0966) : -1;
  return u_charDigitValue ((UChar32) c);
}

gboolean
khoji_text_parse_int (const char *utf8,
                      gssize      len,
                      gint64     *out_value)
{
  const char *p, *end;
  gint64 value = 0;
  gboolean any = FALSE;
  gboolean last_was_sep = FALSE;

  g_return_val_if_fail (utf8 != NULL, FALSE);

  if (len < 0)
    len = strlen (utf8);
  end = utf8 + len;

  for (p = utf8; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      int d = khoji_text_digit_value (c);

      if (d >= 0)
        {
          if (value > (G_MAXINT64 - 9) / 10)
            return FALSE;
          value = value * 10 + d;
          any = TRUE;
          last_was_sep = FALSE;
        }
      else if (c == ',' && any && !last_was_sep)
        last_was_sep = TRUE;
      else
        return FALSE;
    }

  if (!any || last_was_sep)
    return FALSE;
  if (out_value)
    *out_value = value;
  return TRUE;
}

/* UTF-8 <-> UTF-16 for ICU's UChar APIs. */
UChar *
_khoji_text_to_uchars (const char *utf8,
                       gssize      len,
                       int32_t    *out_len,
                       GError    **error)
{
  UErrorCode status = U_ZERO_ERROR;
  int32_t n = 0;
  UChar *buf;

  if (len < 0)
    len = strlen (utf8);
  if (len > G_MAXINT32 / 2)
    {
      g_set_error (error, KHOJI_TEXT_ERROR, KHOJI_TEXT_ERROR_INVALID, "Text too long");
      return NULL;
    }

  /* No UTF-8 byte makes more than one UTF-16 unit: one pass, no
   * measuring pass before it. */
  buf = g_new (UChar, len + 1);
  u_strFromUTF8 (buf, (int32_t) len + 1, &n, utf8, (int32_t) len, &status);
  if (U_FAILURE (status))
    {
      g_free (buf);
      g_set_error (error, KHOJI_TEXT_ERROR, KHOJI_TEXT_ERROR_INVALID,
                   "Invalid UTF-8 text");
      return NULL;
    }
  *out_len = n;
  return buf;
}

char *
_khoji_text_from_uchars (const UChar *s,
                         int32_t      len)
{
  UErrorCode status = U_ZERO_ERROR;
  int32_t n = 0;
  char *buf;

  /* No UTF-16 unit makes more than three UTF-8 bytes: one pass when the
   * room for that can be counted in an int32_t. */
  if (len <= (G_MAXINT32 - 1) / 3)
    {
      buf = g_malloc ((gsize) len * 3 + 1);
      u_strToUTF8 (buf, len * 3 + 1, &n, s, len, &status);
      if (U_FAILURE (status))
        {
          g_free (buf);
          return g_strdup ("");
        }
      buf[n] = '\0';
      return g_realloc (buf, (gsize) n + 1);
    }

  u_strToUTF8 (NULL, 0, &n, s, len, &status);
  status = U_ZERO_ERROR;
  buf = g_malloc (n + 1);
  u_strToUTF8 (buf, n + 1, NULL, s, len, &status);
  if (U_FAILURE (status))
    {
      g_free (buf);
      return g_strdup ("");
    }
  buf[n] = '\0';
  return buf;
}

static UChar *
normalize_uchars (const UNormalizer2 *norm,
                  const UChar        *src,
                  int32_t             src_len,
                  int32_t            *out_len,
                  GError            **error)
{
  UErrorCode status = U_ZERO_ERROR;
  int32_t cap = src_len + src_len / 2 + 16;
  UChar *dest = g_new (UChar, cap);
  int32_t n;

  n = unorm2_normalize (norm, src, src_len, dest, cap, &status);
  if (status == U_BUFFER_OVERFLOW_ERROR)
    {
      status = U_ZERO_ERROR;
      g_free (dest);
      cap = n + 1;
      dest = g_new (UChar, cap);
      n = unorm2_normalize (norm, src, src_len, dest, cap, &status);
    }
  if (U_FAILURE (status))
    {
      g_free (dest);
      g_set_error (error, KHOJI_TEXT_ERROR, KHOJI_TEXT_ERROR_ICU,
                   "Unicode normalization failed: %s", u_errorName (status));
      return NULL;
    }
  *out_len = n;
  return dest;
}

char *
khoji_text_normalize (const char  *utf8,
                      gssize       len,
                      GError     **error)
{
  UErrorCode status = U_ZERO_ERROR;
  const UNormalizer2 *nfc;
  g_autofree UChar *src = NULL;
  g_autofree UChar *dest = NULL;
  int32_t src_len = 0, dest_len = 0, w = 0;

  g_return_val_if_fail (utf8 != NULL, NULL);

  if (len < 0)
    len = strlen (utf8);
  if (!khoji_text_validate (utf8, len))
    {
      g_set_error (error, KHOJI_TEXT_ERROR, KHOJI_TEXT_ERROR_INVALID,
                   "Invalid UTF-8 text");
      return NULL;
    }

  nfc = unorm2_getNFCInstance (&status);
  if (U_FAILURE (status))
    {
      g_set_error (error, KHOJI_TEXT_ERROR, KHOJI_TEXT_ERROR_ICU,
                   "ICU has no NFC data: %s", u_errorName (status));
      return NULL;
    }

  src = _khoji_text_to_uchars (utf8, len, &src_len, error);
  if (src == NULL)
    return NULL;

  /* A byte order mark inside text is noise from concatenated files. */
  for (int32_t r = 0; r < src_len; r++)
    if (src[r] != 0xFEFF)
      src[w++] = src[r];
  src_len = w;

  dest = normalize_uchars (nfc, src, src_len, &dest_len, error);
  if (dest == NULL)
    return NULL;
  return _khoji_text_from_uchars (dest, dest_len);
}

/* Folding key.
 *
 * NFC leaves many spellings of one Hindi name apart: the nukta letters
 * U+0958..U+095F are composition exclusions, writers choose freely between
 * candrabindu and anusvara, between a nasal half-letter and anusvara, between
 * ॉ and ा in English loans, between long and short i/u in foreign names, and
 * put ZWJ/ZWNJ or hyphens where others put nothing or a space. The key maps
 * all of these to one form; it is for matching only, never shown. */

static gunichar
fold_vowel (gunichar c)
{
  switch (c)
    {
    case CANDRABINDU: return ANUSVARA;
    case 0x0949: return 0x093E;   /* ॉ -> ा */
    case 0x0911: return 0x0906;   /* ऑ -> आ */
    case 0x0945: return 0x0947;   /* ॅ -> े */
    case 0x090D: return 0x090F;   /* ऍ -> ए */
    case 0x0940: return 0x093F;   /* ी -> ि */
    case 0x0908: return 0x0907;   /* ई -> इ */
    case 0x0942: return 0x0941;   /* ू -> ु */
    case 0x090A: return 0x0909;   /* ऊ -> उ */
    default: return c;
    }
}

static gboolean
is_dash (gunichar c)
{
  return c == '-' || (c >= 0x2010 && c <= 0x2015) || c == 0x2212 || c == 0x00AD;
}

/* A nasal consonant with virama before a consonant of its own class is
 * written as anusvara just as often (सम्बन्ध / संबंध). */
static gboolean
homorganic_nasal (gunichar nasal,
                  gunichar next)
{
  switch (nasal)
    {
    case 0x0919: return next >= 0x0915 && next <= 0x0918;  /* ङ + क..घ */
    case 0x091E: return next >= 0x091A && next <= 0x091D;  /* ञ + च..झ */
    case 0x0923: return next >= 0x091F && next <= 0x0922;  /* ण + ट..ढ */
    case 0x0928: return next >= 0x0924 && next <= 0x0927;  /* न + त..ध */
    case 0x092E: return next >= 0x092A && next <= 0x092D;  /* म + प..भ */
    default: return FALSE;
    }
}

/* Devanagari's only canonical decompositions: the nukta letters. */
static gunichar
nukta_base (gunichar c)
{
  static const gunichar bases[] = {
    0x0915, 0x0916, 0x0917, 0x091C, 0x0921, 0x0922, 0x092B, 0x092F,  /* U+0958..U+095F */
  };

  if (c >= 0x0958 && c <= 0x095F)
    return bases[c - 0x0958];
  switch (c)
    {
    case 0x0929: return 0x0928;
    case 0x0931: return 0x0930;
    case 0x0934: return 0x0933;
    default: return 0;
    }
}

/* Folding runs over every word and line of an article: its loops decode
 * and encode inline, on text already known to be valid UTF-8. */
static inline gunichar
next_valid_char (const char **pp)
{
  const guchar *p = (const guchar *) *pp;
  gunichar c = p[0];

  if (c < 0x80)
    {
      *pp += 1;
      return c;
    }
  if (c < 0xE0)
    {
      *pp += 2;
      return ((c & 0x1F) << 6) | (p[1] & 0x3F);
    }
  if (c < 0xF0)
    {
      *pp += 3;
      return ((c & 0x0F) << 12) | ((p[1] & 0x3F) << 6) | (p[2] & 0x3F);
    }
  *pp += 4;
  return ((c & 0x07) << 18) | ((p[1] & 0x3F) << 12) | ((p[2] & 0x3F) << 6) | (p[3] & 0x3F);
}

/* g_unichar_isspace(), answered without a table for ASCII and Devanagari
 * (which has no spaces). */
static inline gboolean
fold_is_space (gunichar c)
{
  if (c < 0x80)
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
  if (c >= 0x0900 && c <= 0x097F)
    return FALSE;
  return g_unichar_isspace (c);
}

static gboolean
fold_fast_path_applies (const char *utf8,
                        gsize       len)
{
  for (const char *p = utf8; p < utf8 + len;)
    {
      gunichar c = next_valid_char (&p);
      if (!(c < 0x80 || (c >= 0x0900 && c <= 0x097F) || c == 0x200C || c == 0x200D ||
            (c >= 0x2010 && c <= 0x2015)))
        return FALSE;
    }
  return TRUE;
}

static void fold_code_points (GString        *out,
                              const gunichar *cps,
                              glong           n_cps);

/* Most words in a Hindi article are Devanagari or ASCII: their key is
 * made without the round trips through UTF-16 and ICU's normalizer, which
 * cost more than the rest of an import. */
static char *
fold_fast (const char *utf8,
           gsize       len)
{
  g_autofree gunichar *cps = g_new (gunichar, 2 * len + 1);
  GString *out = g_string_sized_new (len);
  glong n = 0;

  for (const char *p = utf8; p < utf8 + len;)
    {
      gunichar c = next_valid_char (&p);
      gunichar base = nukta_base (c);

      if (base)
        {
          cps[n++] = base;
          cps[n++] = NUKTA;
        }
      else
        cps[n++] = (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
    }
  fold_code_points (out, cps, n);
  return g_string_free (out, FALSE);
}

static char *fold_uncached (const char *utf8,
                            gsize       len);

/* A news article says के, में, रूस and सरकार again and again, and the
 * entity, date and search passes each fold every word: each thread keeps
 * the keys of short strings it has folded. */
#define FOLD_CACHE_MAX_BYTES   48
#define FOLD_CACHE_MAX_ENTRIES 65536

static void
free_thread_cache (gpointer table)
{
  g_hash_table_unref (table);
}

static GPrivate fold_cache = G_PRIVATE_INIT (free_thread_cache);

/* This thread's string -> string table in `slot`, made on first use. */
static GHashTable *
thread_cache (GPrivate *slot)
{
  GHashTable *cache = g_private_get (slot);

  if (cache == NULL)
    {
      cache = g_hash_table_new_full (khoji_text_hash, g_str_equal, g_free, g_free);
      g_private_set (slot, cache);
    }
  return cache;
}

/* The key of valid UTF-8, borrowed from this thread's cache (valid until
 * the next fold on this thread), or made into `*owned` when too long to
 * cache. */
static const char *
fold_borrowed (const char  *utf8,
               gsize        len,
               char       **owned)
{
  GHashTable *cache;
  char key[FOLD_CACHE_MAX_BYTES + 1];
  const char *hit;
  char *folded;

  *owned = NULL;
  if (len > FOLD_CACHE_MAX_BYTES)
    return *owned = fold_uncached (utf8, len);

  cache = thread_cache (&fold_cache);
  memcpy (key, utf8, len);
  key[len] = '\0';
  hit = g_hash_table_lookup (cache, key);
  if (hit)
    return hit;

  folded = fold_uncached (utf8, len);
  if (g_hash_table_size (cache) >= FOLD_CACHE_MAX_ENTRIES)
    g_hash_table_remove_all (cache);
  g_hash_table_insert (cache, g_strdup (key), folded);
  return folded;
}

char *
khoji_text_fold (const char *utf8,
                 gssize      len)
{
  char *owned;
  const char *key;

  g_return_val_if_fail (utf8 != NULL, NULL);

  if (len < 0)
    len = strlen (utf8);
  if (!khoji_text_validate (utf8, len))
    return g_strdup ("");
  key = fold_borrowed (utf8, len, &owned);
  return owned ? owned : g_strdup (key);
}

/* `utf8` is valid UTF-8 of `len` bytes. */
static char *
fold_uncached (const char *utf8,
               gsize       len)
{
  UErrorCode status = U_ZERO_ERROR;
  const UNormalizer2 *nfd;
  g_autofree UChar *src = NULL;
  g_autofree UChar *dec = NULL;
  g_autofree gunichar *cps = NULL;
  g_autofree char *decomposed = NULL;
  g_autofree char *cased = NULL;
  int32_t src_len = 0, dec_len = 0;
  glong n_cps = 0;
  GString *out;

  if (fold_fast_path_applies (utf8, len))
    return fold_fast (utf8, len);

  nfd = unorm2_getNFDInstance (&status);
  src = _khoji_text_to_uchars (utf8, len, &src_len, NULL);
  if (src == NULL || U_FAILURE (status))
    return g_strdup ("");
  dec = normalize_uchars (nfd, src, src_len, &dec_len, NULL);
  if (dec == NULL)
    return g_strdup ("");
  decomposed = _khoji_text_from_uchars (dec, dec_len);
  cased = g_utf8_casefold (decomposed, -1);
  cps = g_utf8_to_ucs4_fast (cased, -1, &n_cps);

  out = g_string_sized_new (len);
  fold_code_points (out, cps, n_cps);
  return g_string_free (out, FALSE);
}

/* A character (at most U+10FFFF) as UTF-8 at `buf`, which has room for
 * four bytes; returns the bytes written. */
static inline gsize
put_char (char     *buf,
          gunichar  c)
{
  if (c < 0x80)
    {
      buf[0] = (char) c;
      return 1;
    }
  if (c >= 0x800 && c < 0x10000)
    {
      buf[0] = (char) (0xE0 | (c >> 12));
      buf[1] = (char) (0x80 | ((c >> 6) & 0x3F));
      buf[2] = (char) (0x80 | (c & 0x3F));
      return 3;
    }
  return g_unichar_to_utf8 (c, buf);
}

/* Appends the key of `cps` to the empty string `out`. */
static void
fold_code_points (GString        *out,
                  const gunichar *cps,
                  glong           n_cps)
{
  gboolean pending_space = FALSE;
  gsize w = 0;
  char *buf;

  /* Written in place: at most one space and one character for each code
   * point, and the code points come from valid UTF-8 (at most U+10FFFF,
   * four bytes). */
  g_string_set_size (out, (gsize) n_cps * 5 + 1);
  buf = out->str;
  for (glong i = 0; i < n_cps; i++)
    {
      gunichar c = cps[i];
      int d;

      if (c == NUKTA || c == 0x200C || c == 0x200D || c == 0xFEFF || c == 0x200B)
        continue;
      if (fold_is_space (c) || is_dash (c))
        {
          pending_space = w > 0;
          continue;
        }
      if (pending_space)
        {
          buf[w++] = ' ';
          pending_space = FALSE;
        }

      if (c >= 0x0919 && c <= 0x092E && i + 2 < n_cps && cps[i + 1] == VIRAMA)
        {
          /* Skip a nukta between virama and the next consonant. */
          glong j = i + 2;
          while (j < n_cps && (cps[j] == 0x200C || cps[j] == 0x200D))
            j++;
          if (j < n_cps && homorganic_nasal (c, cps[j]))
            {
              w += put_char (buf + w, ANUSVARA);
              i++;  /* the virama */
              continue;
            }
        }

      d = (c >= 0x0966 && c <= 0x096F) ? (int) (c - 0x0966) : -1;
      if (d >= 0)
        {
          buf[w++] = (char) ('0' + d);
          continue;
        }
      w += put_char (buf + w, fold_vowel (c));
    }
  g_string_truncate (out, w);
}

/* Word and sentence breaks, as byte offsets into the UTF-8 text. */

/* Opening a break iterator loads its rules, which cost more than breaking
 * an article: each thread keeps one of each kind. */
static void
close_breaker (gpointer bi)
{
  ubrk_close (bi);
}

static GPrivate word_breaker = G_PRIVATE_INIT (close_breaker);
static GPrivate sentence_breaker = G_PRIVATE_INIT (close_breaker);

/* The text of a break iterator. ICU walks UTF-16 in place, but reaches
 * UTF-8 through UText one small chunk at a time, which cost more than the
 * breaking itself: valid UTF-8 is given as UTF-16, with the byte offset
 * of each unit to map the boundaries back. */
typedef struct {
  UText   *ut;       /* for text that is not valid UTF-8, else NULL */
  UChar   *units;
  int32_t *offsets;  /* units + 1 entries: unit index -> byte offset */
} BreakText;

static void
break_text_clear (BreakText *bt)
{
  if (bt->ut)
    utext_close (bt->ut);
  g_free (bt->units);
  g_free (bt->offsets);
}

/* Strict UTF-8 (no overlong forms, surrogates or values past U+10FFFF)
 * to UTF-16 with offsets; FALSE when `utf8` is not valid. */
static gboolean
to_units_with_offsets (const char *utf8,
                       gsize       len,
                       BreakText  *bt,
                       int32_t    *out_n)
{
  const guchar *s = (const guchar *) utf8;
  int32_t n = 0;
  gsize i = 0;

  bt->units = g_new (UChar, len + 1);
  bt->offsets = g_new (int32_t, len + 1);
  while (i < len)
    {
      guint32 c = s[i];
      gsize k;

      /* ASCII and the three-byte characters of Devanagari first. */
      if (c < 0x80)
        {
          bt->offsets[n] = (int32_t) i++;
          bt->units[n++] = (UChar) c;
          continue;
        }
      if (c >= 0xE0 && c <= 0xEF && i + 2 < len &&
          (s[i + 1] & 0xC0) == 0x80 && (s[i + 2] & 0xC0) == 0x80)
        {
          guint32 v = ((c & 0x0F) << 12) | ((s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F);

          if (v >= 0x800 && (v < 0xD800 || v > 0xDFFF))
            {
              bt->offsets[n] = (int32_t) i;
              bt->units[n++] = (UChar) v;
              i += 3;
              continue;
            }
        }
      if (c < 0x80)
        k = 1;
      else if (c >= 0xC2 && c <= 0xDF)
        k = 2, c &= 0x1F;
      else if (c >= 0xE0 && c <= 0xEF)
        k = 3, c &= 0x0F;
      else if (c >= 0xF0 && c <= 0xF4)
        k = 4, c &= 0x07;
      else
        return FALSE;
      if (i + k > len)
        return FALSE;
      for (gsize m = 1; m < k; m++)
        {
          if ((s[i + m] & 0xC0) != 0x80)
            return FALSE;
          c = (c << 6) | (s[i + m] & 0x3F);
        }
      if ((k == 3 && (c < 0x800 || (c >= 0xD800 && c <= 0xDFFF))) ||
          (k == 4 && (c < 0x10000 || c > 0x10FFFF)))
        return FALSE;
      if (c >= 0x10000)
        {
          bt->offsets[n] = (int32_t) i;
          bt->units[n++] = (UChar) (0xD7C0 + (c >> 10));
          bt->offsets[n] = (int32_t) i;
          bt->units[n++] = (UChar) (0xDC00 | (c & 0x3FF));
        }
      else
        {
          bt->offsets[n] = (int32_t) i;
          bt->units[n++] = (UChar) c;
        }
      i += k;
    }
  bt->offsets[n] = (int32_t) len;
  *out_n = n;
  return TRUE;
}

/* Boundaries from the iterator, as byte offsets. */
static int32_t
break_offset (const BreakText *bt,
              int32_t          boundary)
{
  if (bt->ut != NULL || boundary == UBRK_DONE)
    return boundary;
  return bt->offsets[boundary];
}

static UBreakIterator *
open_breaker (UBreakIteratorType  type,
              const char         *utf8,
              gsize               len,
              BreakText          *bt)
{
  GPrivate *slot = type == UBRK_WORD ? &word_breaker : &sentence_breaker;
  UErrorCode status = U_ZERO_ERROR;
  UBreakIterator *bi;
  int32_t n = 0;

  bi = g_private_get (slot);
  if (bi == NULL)
    {
      bi = ubrk_open (type, "hi", NULL, 0, &status);
      if (U_FAILURE (status))
        return NULL;
      g_private_set (slot, bi);
    }
  if (len < G_MAXINT32 && to_units_with_offsets (utf8, len, bt, &n))
    ubrk_setText (bi, bt->units, n, &status);
  else
    {
      g_clear_pointer (&bt->units, g_free);
      g_clear_pointer (&bt->offsets, g_free);
      bt->ut = utext_openUTF8 (NULL, utf8, (int64_t) len, &status);
      if (U_FAILURE (status))
        return NULL;
      ubrk_setUText (bi, bt->ut, &status);
    }
  if (U_FAILURE (status))
    return NULL;
  return bi;
}

GArray *
khoji_text_words (const char *utf8,
                  gsize       len)
{
  GArray *spans = g_array_new (FALSE, FALSE, sizeof (KhojiSpan));
  UBreakIterator *bi;
  BreakText bt = { NULL, NULL, NULL };
  int32_t start, end;

  g_return_val_if_fail (utf8 != NULL, spans);

  bi = open_breaker (UBRK_WORD, utf8, len, &bt);
  if (bi == NULL)
    {
      break_text_clear (&bt);
      return spans;
    }

  start = ubrk_first (bi);
  for (end = ubrk_next (bi); end != UBRK_DONE; start = end, end = ubrk_next (bi))
    {
      int32_t status = ubrk_getRuleStatus (bi);

      /* UBRK_WORD_NONE covers spaces and punctuation. */
      if (status >= UBRK_WORD_NONE && status < UBRK_WORD_NONE_LIMIT)
        continue;
      g_array_append_val (spans, ((KhojiSpan) { break_offset (&bt, start), break_offset (&bt, end) }));
    }

  break_text_clear (&bt);
  return spans;
}

void
khoji_tokens_free (KhojiTokens *tokens)
{
  if (tokens == NULL)
    return;
  g_array_unref (tokens->tokens);
  g_string_free (tokens->keys, TRUE);
  g_free (tokens);
}

KhojiTokens *
khoji_text_tokens (const char *utf8,
                   gsize       len)
{
  KhojiTokens *out = g_new0 (KhojiTokens, 1);
  g_autoptr(GArray) words = NULL;

  out->keys = g_string_sized_new (len / 2 + 16);
  out->text_len = len;
  if (utf8 == NULL || !khoji_text_validate (utf8, len))
    {
      out->text_len = G_MAXSIZE;
      out->tokens = g_array_new (FALSE, FALSE, sizeof (KhojiToken));
      return out;
    }

  words = khoji_text_words (utf8, len);
  out->tokens = g_array_sized_new (FALSE, FALSE, sizeof (KhojiToken), words->len);
  for (guint i = 0; i < words->len; i++)
    {
      KhojiSpan *w = &g_array_index (words, KhojiSpan, i);
      g_autofree char *owned = NULL;
      const char *key = fold_borrowed (utf8 + w->start, w->end - w->start, &owned);
      KhojiToken t;

      t.span = *w;
      t.key = out->keys->len;
      t.key_len = strlen (key);
      /* Keys are NUL-separated, so each can be used as a string. */
      g_string_append_len (out->keys, key, t.key_len + 1);
      g_array_append_val (out->tokens, t);
    }
  return out;
}

static void
append_trimmed (GArray     *spans,
                const char *utf8,
                gsize       start,
                gsize       end)
{
  while (start < end && g_ascii_isspace (utf8[start]))
    start++;
  while (end > start && g_ascii_isspace (utf8[end - 1]))
    end--;
  if (end > start)
    g_array_append_val (spans, ((KhojiSpan) { start, end }));
}

GArray *
khoji_text_sentences (const char *utf8,
                      gsize       len)
{
  GArray *spans = g_array_new (FALSE, FALSE, sizeof (KhojiSpan));
  UBreakIterator *bi;
  BreakText bt = { NULL, NULL, NULL };
  int32_t first, next, start, end;

  g_return_val_if_fail (utf8 != NULL, spans);

  bi = open_breaker (UBRK_SENTENCE, utf8, len, &bt);
  if (bi == NULL)
    {
      break_text_clear (&bt);
      append_trimmed (spans, utf8, 0, len);
      return spans;
    }

  first = ubrk_first (bi);
  for (next = ubrk_next (bi); next != UBRK_DONE; first = next, next = ubrk_next (bi))
    {
      /* ICU keeps a line without final punctuation together with the next
       * line; in articles a line end always ends a sentence (titles,
       * datelines, captions). */
      gsize s;

      start = break_offset (&bt, first);
      end = break_offset (&bt, next);
      s = start;
      for (gsize i = start; i < (gsize) end; i++)
        if (utf8[i] == '\n')
          {
            append_trimmed (spans, utf8, s, i);
            s = i + 1;
          }
      append_trimmed (spans, utf8, s, end);
    }

  break_text_clear (&bt);
  return spans;
}

/* Collation: one collator for Hindi, opened once. ucol_strcollUTF8 takes a
 * const collator and may be called from any thread. */
int
khoji_text_compare (const char *a,
                    const char *b)
{
  static UCollator *collator;
  UErrorCode status = U_ZERO_ERROR;

  if (g_once_init_enter (&collator))
    {
      UErrorCode s = U_ZERO_ERROR;
      UCollator *c = ucol_open ("hi", &s);
      if (U_FAILURE (s))
        c = NULL;
      g_once_init_leave (&collator, c ? c : (UCollator *) GINT_TO_POINTER (1));
    }

  if (collator == (UCollator *) GINT_TO_POINTER (1))
    return g_strcmp0 (a, b);
  if (a == NULL || b == NULL)
    return g_strcmp0 (a, b);
  return ucol_strcollUTF8 (collator, a, -1, b, -1, &status);
}

/* ---- Dates ---- */

typedef struct {
  UDateFormat *format;
} DateFormatEntry;

static void
date_format_entry_free (gpointer data)
{
  DateFormatEntry *entry = data;

  udat_close (entry->format);
  g_free (entry);
}

/* Opens a formatter for locale and skeleton, in UTC and proleptic
 * Gregorian (as GDate counts), or NULL. */
static UDateFormat *
open_date_format (const char *skeleton,
                  const char *locale)
{
  UErrorCode status = U_ZERO_ERROR;
  UDateTimePatternGenerator *generator;
  UChar uskeleton[32];
  UChar pattern[128];
  int32_t pattern_len;
  UDateFormat *format;
  UCalendar *calendar;
  static const UChar utc[] = { 'U', 'T', 'C', 0 };

  if (strlen (skeleton) >= G_N_ELEMENTS (uskeleton))
    return NULL;
  u_uastrcpy (uskeleton, skeleton);

  generator = udatpg_open (locale, &status);
  if (U_FAILURE (status))
    return NULL;
  pattern_len = udatpg_getBestPattern (generator, uskeleton, -1,
                                       pattern, G_N_ELEMENTS (pattern), &status);
  udatpg_close (generator);
  if (U_FAILURE (status) || pattern_len >= (int32_t) G_N_ELEMENTS (pattern))
    return NULL;

  format = udat_open (UDAT_PATTERN, UDAT_PATTERN, locale, utc, -1,
                      pattern, pattern_len, &status);
  if (U_FAILURE (status))
    return NULL;

  /* ICU switches to the Julian calendar before 1582; GDate does not, and
   * the axis of a timeline must not skip ten days there. */
  calendar = ucal_open (utc, -1, locale, UCAL_GREGORIAN, &status);
  if (U_FAILURE (status))
    {
      udat_close (format);
      return NULL;
    }
  ucal_setGregorianChange (calendar, -1.8e15, &status);
  udat_setCalendar (format, calendar);
  ucal_close (calendar);
  if (U_FAILURE (status))
    {
      udat_close (format);
      return NULL;
    }
  return format;
}

char *
khoji_text_format_date (int         year,
                        int         month,
                        int         day,
                        const char *skeleton,
                        const char *locale)
{
  static GMutex lock;
  static GHashTable *formats;  /* "locale\nskeleton" -> DateFormatEntry */
  g_autofree char *key = NULL;
  DateFormatEntry *entry;
  UErrorCode status = U_ZERO_ERROR;
  UChar buffer[128];
  int32_t len;
  GDate date, epoch;
  UDate when;
  char *result;

  g_return_val_if_fail (skeleton != NULL, NULL);

  if (year < 1 || year > G_MAXUINT16 || month < 1 || month > 12 ||
      day < 1 || day > 31 || !g_date_valid_dmy (day, month, year))
    return NULL;
  if (locale == NULL || *locale == '\0')
    locale = "en";

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day, month, year);
  g_date_clear (&epoch, 1);
  g_date_set_dmy (&epoch, 1, G_DATE_JANUARY, 1970);
  when = ((double) g_date_get_julian (&date) - (double) g_date_get_julian (&epoch)) * U_MILLIS_PER_DAY;

  /* A frame of the timeline writes a score of labels; the pattern
   * generator behind one formatter costs far more than the labels. */
  key = g_strconcat (locale, "\n", skeleton, NULL);
  g_mutex_lock (&lock);
  if (formats == NULL)
    formats = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, date_format_entry_free);
  entry = g_hash_table_lookup (formats, key);
  if (entry == NULL)
    {
      UDateFormat *format = open_date_format (skeleton, locale);

      if (format == NULL)
        {
          g_mutex_unlock (&lock);
          return NULL;
        }
      entry = g_new0 (DateFormatEntry, 1);
      entry->format = format;
      g_hash_table_insert (formats, g_steal_pointer (&key), entry);
    }
  len = udat_format (entry->format, when, buffer, G_N_ELEMENTS (buffer), NULL, &status);
  g_mutex_unlock (&lock);

  if (U_FAILURE (status) || len >= (int32_t) G_N_ELEMENTS (buffer))
    return NULL;
  result = g_utf16_to_utf8 (buffer, len, NULL, NULL, NULL);
  return result;
}
