/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-fuzz"

#include <stdint.h>
#include <string.h>

#include "khoji-library.h"

#include "fuzz-common.h"

/* The search box: whatever is typed (and whatever khoji-cli gets in argv,
 * which need not be UTF-8) becomes an FTS5 query or a clear error. */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *query = g_strndup ((const char *) data, size);
  g_autofree char *fts = NULL;
  g_autoptr(GError) error = NULL;

  khoji_fuzz_init ();
  fts = khoji_library_parse_query (query, &error);
  if (fts == NULL)
    {
      g_assert_error (error, KHOJI_LIBRARY_ERROR, KHOJI_LIBRARY_ERROR_QUERY);
      g_assert_nonnull (error->message);
    }
  else
    {
      g_assert_no_error (error);
      g_assert_true (g_utf8_validate (fts, -1, NULL));
    }
  return 0;
}
