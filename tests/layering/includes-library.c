/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A probe for tests/layering: what the window and the CLI may include,
 * compiled with their flags, must compile. Never built into anything. */
#include "config.h"

#include "khoji-items.h"
#include "khoji-library.h"

int khoji_layering_probe (KhojiLibrary *library);

int
khoji_layering_probe (KhojiLibrary *library)
{
  return (int) khoji_library_count_articles (library) + KHOJI_ENTITY_PLACE;
}
