/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-test"

#include <glib/gstdio.h>
#include <glib-object.h>

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

void
khoji_test_assert_finalize_soon (gpointer object)
{
  gpointer weak = object;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  g_assert_true (G_IS_OBJECT (object));
  g_object_add_weak_pointer (G_OBJECT (object), &weak);
  g_object_unref (object);
  while (weak != NULL && g_get_monotonic_time () < deadline)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      if (weak != NULL)
        g_usleep (1000);
    }
  if (weak != NULL)
    g_object_remove_weak_pointer (G_OBJECT (weak), &weak);
  g_assert_null (weak);
}
