/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-fuzz"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "khoji-library.h"

#include "fuzz-common.h"

/* One small library for the whole run, in a temporary folder: the
 * parsed query is searched in it, so that FTS5 and the ranking function
 * see every query the parser lets through. */
static KhojiLibrary *library;
static char *library_dir;

static void
remove_library (void)
{
  const char *suffixes[] = { "", "-wal", "-shm" };

  g_clear_object (&library);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *f = g_strconcat (library_dir, "/library.db", suffixes[i], NULL);
      g_unlink (f);
    }
  g_rmdir (library_dir);
}

static KhojiLibrary *
fuzz_library (void)
{
  static const char *const texts[] = {
    "रूस और उत्तर कोरिया\nव्लादिमीर पुतिन ने मॉस्को में किम जोंग उन से 2 जून 2025 को मुलाकात की। रूस ने कहा।\n",
    "मोदी का भाषण\nप्रधानमंत्री नरेंद्र मोदी ने नई दिल्ली में भाषण दिया। संयुक्त राष्ट्र ने स्वागत किया।\n",
    "यूक्रेन में युद्ध\nयूक्रेन ने कहा कि रूस के हमले बढ़े। पुतिन और ज़ेलेंस्की की बातचीत नहीं हुई। रूस रूस रूस।\n",
  };

  if (library == NULL)
    {
      g_autofree char *path = NULL;
      GError *error = NULL;

      library_dir = g_dir_make_tmp ("khoji-fuzz-query-XXXXXX", &error);
      g_assert_no_error (error);
      path = g_build_filename (library_dir, "library.db", NULL);
      atexit (remove_library);

      library = khoji_library_open (path, &error);
      g_assert_no_error (error);
      for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
        khoji_import_result_free (khoji_library_import_text (library, texts[i], NULL));
    }
  return library;
}

/* The search box: whatever is typed (and whatever khoji-cli gets in argv,
 * which need not be UTF-8) becomes an FTS5 query or a clear error, and
 * a query that parses is searched and ranked without an error. */
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
      g_autoptr(GPtrArray) hits = NULL;

      g_assert_no_error (error);
      g_assert_true (g_utf8_validate (fts, -1, NULL));
      hits = khoji_library_search (fuzz_library (), query, 20, &error);
      g_assert_no_error (error);
      g_assert_nonnull (hits);
    }
  return 0;
}
