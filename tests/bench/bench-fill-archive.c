/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The articles of a library file added to an archive, text only:
 *
 *   bench-fill-archive LIBRARY ARCHIVE_URI [AFTER_ID]
 *
 * each article of LIBRARY whose id is above AFTER_ID (0 when left out),
 * in id order, through khoji_store_add_article with its path, title,
 * dates and text and no mentions: the store makes the search vector as
 * an import does, without the analysis that `khoji-cli copy` runs again
 * on every article (hours at 100,000 on a shared machine). An archive
 * made so searches as one imported; its entities and timeline miss the
 * articles added here, so only the search is to be timed on it. */
#include "config.h"

#include <stdlib.h>

#include "khoji-store.h"

typedef struct {
  KhojiStore *archive;
  gint64      after;
  guint       added, skipped;
} Fill;

static gboolean
add_row (const char * const *cols,
         const gint64       *ints,
         guint               n_cols,
         gpointer            user_data,
         GError            **error)
{
  Fill *f = user_data;
  g_autofree char *hash = NULL;
  KhojiStoreArticle a = { 0 };

  /* id, path, title, published, published_source, text, source */
  if (ints[0] <= f->after || cols[5] == NULL)
    {
      f->skipped++;
      return TRUE;
    }
  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, cols[5], -1);
  a.path = cols[1];
  a.hash = hash;
  a.title = cols[2] ? cols[2] : "";
  a.published = cols[3];
  a.published_source = cols[4];
  a.text = cols[5];
  a.source = n_cols > 6 ? cols[6] : NULL;
  if (khoji_store_add_article (f->archive, &a, error) == 0 && *error != NULL)
    return FALSE;
  if (++f->added % 5000 == 0)
    g_printerr ("%u added\n", f->added);
  return TRUE;
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  KhojiStore *library, *archive;
  Fill f = { 0 };

  if (argc < 3)
    {
      g_printerr ("usage: bench-fill-archive LIBRARY ARCHIVE_URI [AFTER_ID]\n");
      return 2;
    }
  library = khoji_store_open (argv[1], &error);
  if (library == NULL)
    g_error ("%s", error->message);
  archive = khoji_store_open (argv[2], &error);
  if (archive == NULL)
    g_error ("%s", error->message);
  f.archive = archive;
  f.after = argc > 3 ? g_ascii_strtoll (argv[3], NULL, 10) : 0;
  if (!khoji_store_foreach_row (library, KHOJI_STORE_ROWS_ARTICLES, add_row, &f, &error))
    g_error ("%s", error->message);
  g_print ("%u added, %u skipped\n", f.added, f.skipped);
  khoji_store_close (archive);
  khoji_store_close (library);
  return EXIT_SUCCESS;
}
