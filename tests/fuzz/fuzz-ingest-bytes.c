/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-fuzz"

#include <stdint.h>

#include "khoji-ingest.h"

#include "fuzz-common.h"

/* Any bytes a user can drop on the window, read as a plain-text file:
 * charset detection, UTF-16 guessing, control data, datelines. */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(KhojiDocument) doc = NULL;
  g_autoptr(GError) error = NULL;

  khoji_fuzz_init ();
  doc = khoji_ingest_bytes (bytes, "article.txt", &error);
  khoji_fuzz_check_document (doc, error);
  return 0;
}
