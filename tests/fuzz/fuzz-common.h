/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <string.h>

#include <glib.h>

#include "khoji-ingest.h"

/* Shared by the fuzz targets: each is one translation unit, so these are
 * static inline rather than a helper library. */

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static inline void
khoji_fuzz_init (void)
{
  static gboolean done;

  if (done)
    return;
  done = TRUE;
  /* A g_warning is a finding: make it abort so libFuzzer saves the input. */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
}

/* The analysers take clean text: valid UTF-8 without NUL. */
static inline char *
khoji_fuzz_clean_text (const guint8 *data,
                       gsize         size)
{
  g_autofree char *valid = g_utf8_make_valid ((const char *) data, size);
  char *out = g_malloc (strlen (valid) + 1);
  gsize j = 0;

  /* g_utf8_make_valid keeps embedded NULs; the extractors take C strings. */
  for (const char *p = valid; *p != '\0'; p++)
    out[j++] = *p;
  out[j] = '\0';
  return out;
}

static inline void
khoji_fuzz_check_document (KhojiDocument *doc,
                           GError        *error)
{
  if (doc == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == KHOJI_INGEST_ERROR);
      g_assert_nonnull (error->message);
      return;
    }
  g_assert_null (error);
  g_assert_nonnull (doc->text);
  g_assert_nonnull (doc->title);
  g_assert_true (g_utf8_validate (doc->text, -1, NULL));
  g_assert_true (g_utf8_validate (doc->title, -1, NULL));
  if (doc->source != NULL)
    g_assert_true (g_utf8_validate (doc->source, -1, NULL));
  if (doc->published != NULL)
    g_assert_cmpuint (strlen (doc->published), ==, 10);
}
