/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-fuzz"

#include <stdint.h>
#include <string.h>

#include "khoji-analysis.h"

#include "fuzz-common.h"

/* The date tagger sees clean text, so the input is made valid UTF-8
 * first. The first byte picks an anchor (none, an ordinary day, a leap
 * day, a year edge) so that relative resolution is fuzzed too. */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const char *anchors[] = { NULL, "2025-06-04", "2024-02-29", "2000-12-31", "1970-01-01" };
  g_autoptr(GPtrArray) dates = NULL;
  g_autofree char *text = NULL;
  const char *anchor = NULL;
  gsize len;

  khoji_fuzz_init ();
  if (size > 0)
    {
      anchor = anchors[data[0] % G_N_ELEMENTS (anchors)];
      data++;
      size--;
    }
  text = khoji_fuzz_clean_text (data, size);
  len = strlen (text);
  dates = khoji_extract_dates (text, anchor);
  g_assert_nonnull (dates);
  for (guint i = 0; i < dates->len; i++)
    {
      KhojiDateMention *d = g_ptr_array_index (dates, i);

      g_assert_cmpuint (d->start, <, d->end);
      g_assert_cmpuint (d->end, <=, len);
      g_assert_cmpuint (d->sentence_start, <=, d->start);
      g_assert_cmpuint (d->sentence_end, >=, d->end);
      g_assert_cmpuint (d->sentence_end, <=, len);
      g_assert_true (g_utf8_validate (text + d->start, d->end - d->start, NULL));
      if (d->value != NULL)
        g_assert_true (g_utf8_validate (d->value, -1, NULL));
    }

  return 0;
}
