/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-paths"

#include "config.h"

#include "khoji-paths.h"

#include <string.h>

/* Where a program installed with `meson install --destdir`, copied into
 * another prefix, or run from build-aux/run-khoji.sh's own prefix finds its
 * data: the prefix it was configured with is replaced by the one its
 * binary sits in (<prefix>/bin/khoji), when the data is there. A program
 * run from the build tree, or from the prefix it was configured for, gets
 * the configured paths unchanged. */

static char *
running_prefix (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *bindir = NULL;
  g_autofree char *base = NULL;

  if (exe == NULL)
    return NULL;
  bindir = g_path_get_dirname (exe);
  base = g_path_get_basename (bindir);
  if (!g_str_equal (base, BINDIR_NAME))
    return NULL;
  return g_path_get_dirname (bindir);
}

/**
 * khoji_relocate_path:
 * @configured: a path under the configured prefix (LOCALEDIR, PKGDATADIR)
 *
 * Returns: (transfer full): the same path under the prefix the running
 * program is installed in, if that exists there, else @configured.
 */
char *
khoji_relocate_path (const char *configured)
{
  static gsize once = 0;
  static char *prefix = NULL;
  const char *configured_prefix = PREFIX;
  size_t n = strlen (configured_prefix);
  g_autofree char *candidate = NULL;

  if (g_once_init_enter (&once))
    {
      prefix = running_prefix ();
      g_once_init_leave (&once, 1);
    }
  if (prefix == NULL || g_str_equal (prefix, configured_prefix) ||
      strncmp (configured, configured_prefix, n) != 0 ||
      (configured[n] != '/' && configured[n] != '\0'))
    return g_strdup (configured);
  candidate = g_strconcat (prefix, configured + n, NULL);
  if (!g_file_test (candidate, G_FILE_TEST_IS_DIR))
    return g_strdup (configured);
  return g_steal_pointer (&candidate);
}
