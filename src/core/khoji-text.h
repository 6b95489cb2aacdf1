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
int      khoji_text_digit_value   (gunichar     c);
gboolean khoji_text_parse_int     (const char  *utf8,
                                   gssize       len,
                                   gint64      *out_value);
GArray  *khoji_text_words         (const char  *utf8,
                                   gsize        len);
GArray  *khoji_text_sentences     (const char  *utf8,
                                   gsize        len);
gboolean khoji_text_is_devanagari (gunichar     c);
int      khoji_text_compare       (const char  *a,
                                   const char  *b);

G_END_DECLS
