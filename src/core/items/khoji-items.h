/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The items: plain, immutable GObjects (and two plain structs) that the
 * library hands to the window and the CLI, for list models. The store
 * makes them (khoji-items-private.h); nothing below the store sees them
 * but the two enums analysis shares, KhojiEntityType and KhojiPrecision. */

#include "khoji-article.h"
#include "khoji-entity.h"
#include "khoji-event.h"
#include "khoji-network.h"
#include "khoji-places.h"
