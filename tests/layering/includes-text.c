/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A probe for tests/layering: compiled with another layer's flags, it must
 * not find this header. Never built into anything. */
#include "khoji-text.h"
