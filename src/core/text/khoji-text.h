/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KHOJI_TEXT_ERROR (khoji_text_error_quark ())
GQuark khoji_text_error_quark (void);

typedef enum {
  KHOJI_TEXT_ERROR_INVALID,   /* not valid UTF-8 / UTF-16 */
  KHOJI_TEXT_ERROR_ICU,       /* an ICU service failed; the message says which */
} KhojiTextError;

/* A half-open byte range [start, end) into a UTF-8 string. */
typedef struct {
  gsize start;
  gsize end;
} KhojiSpan;

char    *khoji_text_normalize     (const char  *utf8,
                                   gssize       len,
                                   GError     **error);
char    *khoji_text_fold          (const char  *utf8,
                                   gssize       len);
char    *khoji_text_to_latin      (const char  *utf8);
/* The same, where a word found in `spellings` (NFC Devanagari word ->
 * its published Latin spelling; may be NULL) is written as the table
 * says rather than transliterated. Not cached: the caller keeps what
 * it needs. */
char    *khoji_text_to_latin_with (const char  *utf8,
                                   GHashTable  *spellings);
int      khoji_text_digit_value   (gunichar     c);
gboolean khoji_text_parse_int     (const char  *utf8,
                                   gssize       len,
                                   gint64      *out_value);
GArray  *khoji_text_words         (const char  *utf8,
                                   gsize        len);
GArray  *khoji_text_sentences     (const char  *utf8,
                                   gsize        len);
gboolean khoji_text_is_devanagari (gunichar     c);

/* g_utf8_validate_len (utf8, len, NULL), eight ASCII bytes at a time:
 * every text is validated at each step of an import. */
gboolean khoji_text_validate      (const char  *utf8,
                                   gsize        len);

/* A GHashFunc for strings, used with g_str_equal by the tables the
 * analysis asks about every word: g_str_hash takes the bytes one at a
 * time, and Devanagari spends three on each letter. */
guint    khoji_text_hash          (gconstpointer key);

/* The words of a text (khoji_text_words) with their folding keys
 * (khoji_text_fold), in text order: what the entity extractor and the
 * search index work on, made once. Keys live in `keys`, each
 * NUL-terminated, at `key`; a word may have an empty key. */
typedef struct {
  KhojiSpan span;
  guint     key;
  guint     key_len;
} KhojiToken;

typedef struct {
  GArray  *tokens;   /* of KhojiToken */
  GString *keys;
  gsize    text_len; /* of the text they were made from; G_MAXSIZE when
                      * that was not valid UTF-8 (then there are none) */
} KhojiTokens;

KhojiTokens *khoji_text_tokens    (const char  *utf8,
                                   gsize        len);
void         khoji_tokens_free    (KhojiTokens *tokens);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhojiTokens, khoji_tokens_free)
int      khoji_text_compare       (const char  *a,
                                   const char  *b);

/* A proleptic Gregorian date written the way `locale` writes it, from an
 * ICU skeleton ("MMMMy", "MMMM", "dMMMy", "dMMM", "y"): ICU carries the
 * month names of every language, whatever libc locales are installed.
 * Returns NULL for an invalid date or when ICU fails. */
char    *khoji_text_format_date   (int          year,
                                   int          month,
                                   int          day,
                                   const char  *skeleton,
                                   const char  *locale);

G_END_DECLS
