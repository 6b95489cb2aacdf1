/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-main"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "khoji-application.h"
#include "khoji-paths.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(KhojiApplication) app = NULL;
  g_autofree char *localedir = khoji_relocate_path (LOCALEDIR);

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* KHOJI_DB lets tests and screenshots run on a throw-away library
   * without touching the user's own. */
  app = khoji_application_new (g_getenv ("KHOJI_DB"));

  return g_application_run (G_APPLICATION (app), argc, argv);
}
