/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The sample articles (data/samples, else ../shared/seeds beside the
 * tree), or NULL when neither is there. */
char *khoji_test_seeds_dir  (void);

/* Removes a temporary folder and everything in it (symlinks are removed,
 * not followed). */
void  khoji_test_remove_tree (const char *dir);

G_END_DECLS
