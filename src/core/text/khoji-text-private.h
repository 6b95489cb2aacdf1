/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the text layer's files share. Private to text/.
 *
 *   khoji-text.c   validation, digits, normalization, folding keys, word
 *                  and sentence breaks, tokens, collation, dates in words
 *   khoji-latin.c  Latin names: Hindi's schwa deletion, then ICU */

#include <unicode/ustring.h>

#include "khoji-text.h"

G_BEGIN_DECLS

#define VIRAMA     0x094D
#define NUKTA      0x093C
#define ANUSVARA   0x0902
#define CANDRABINDU 0x0901

/* khoji-text.c */
UChar *_khoji_text_to_uchars (const char *utf8,
                              gssize      len,
                              int32_t    *out_len,
                              GError    **error);
char *_khoji_text_from_uchars (const UChar *s,
                               int32_t      len);
gboolean _khoji_text_is_consonant (gunichar c);

G_END_DECLS
