/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *khoji_relocate_path (const char *configured);

G_END_DECLS
