/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-fuzz"

#include <stdint.h>
#include <string.h>

#include "khoji-analysis.h"

#include "fuzz-common.h"

/* The entity extractor on any valid UTF-8, with the shipped gazetteer
 * loaded once: the extractor must keep its promise of ordered,
 * non-overlapping spans whatever the text. */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static KhojiGazetteer *gazetteer;
  g_autoptr(GPtrArray) mentions = NULL;
  g_autofree char *text = NULL;
  gsize len, last_end = 0;

  khoji_fuzz_init ();
  if (gazetteer == NULL)
    {
      g_autoptr(GError) error = NULL;

      gazetteer = khoji_gazetteer_new_default (&error);
      g_assert_no_error (error);
    }
  text = khoji_fuzz_clean_text (data, size);
  len = strlen (text);
  mentions = khoji_extract_entities (gazetteer, text, NULL);
  g_assert_nonnull (mentions);
  for (guint i = 0; i < mentions->len; i++)
    {
      KhojiMention *m = g_ptr_array_index (mentions, i);

      g_assert_cmpuint (m->start, <, m->end);
      g_assert_cmpuint (m->start, >=, last_end);
      g_assert_cmpuint (m->end, <=, len);
      g_assert_nonnull (m->key);
      g_assert_nonnull (m->name);
      g_assert_true (g_utf8_validate (text + m->start, m->end - m->start, NULL));
      last_end = m->end;
    }

  /* The import hands the extractor the words it made for the search
   * index: that path must find exactly the same mentions. */
  {
    g_autoptr(KhojiTokens) tokens = khoji_text_tokens (text, len);
    g_autoptr(GPtrArray) shared = khoji_extract_entities_with_tokens (gazetteer, text, NULL, tokens);

    g_assert_cmpuint (shared->len, ==, mentions->len);
    for (guint i = 0; i < shared->len; i++)
      {
        KhojiMention *a = g_ptr_array_index (mentions, i), *b = g_ptr_array_index (shared, i);

        g_assert_cmpuint (a->start, ==, b->start);
        g_assert_cmpuint (a->end, ==, b->end);
        g_assert_cmpstr (a->key, ==, b->key);
      }
  }
  return 0;
}
