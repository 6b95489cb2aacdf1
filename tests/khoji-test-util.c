/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-test"

#include <glib/gstdio.h>

#include "khoji-test-util.h"

char *
khoji_test_seeds_dir (void)
{
  const char *root = g_getenv ("KHOJI_SOURCE_ROOT");
  g_autofree char *samples = g_build_filename (root ? root : ".", "data", "samples", NULL);
  g_autofree char *shared = g_build_filename (root ? root : ".", "..", "shared", "seeds", NULL);

  if (g_file_test (samples, G_FILE_TEST_IS_DIR))
    return g_steal_pointer (&samples);
  if (g_file_test (shared, G_FILE_TEST_IS_DIR))
    return g_steal_pointer (&shared);
  return NULL;
}

void
khoji_test_remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d && (name = g_dir_read_name (d)))
    {
      g_autofree char *p = g_build_filename (dir, name, NULL);
      if (g_file_test (p, G_FILE_TEST_IS_DIR) && !g_file_test (p, G_FILE_TEST_IS_SYMLINK))
        khoji_test_remove_tree (p);
      else
        g_unlink (p);
    }
  g_rmdir (dir);
}
