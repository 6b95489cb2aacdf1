/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-analysis"

#include "config.h"

#include <string.h>

#include "khoji-analysis.h"

G_DEFINE_QUARK (khoji-analysis-error-quark, khoji_analysis_error)

void
khoji_mention_free (KhojiMention *mention)
{
  if (mention == NULL)
    return;
  g_free (mention->key);
  g_free (mention->name);
  g_free (mention->latin);
  g_free (mention);
}

void
khoji_date_mention_free (KhojiDateMention *date)
{
  if (date == NULL)
    return;
  g_free (date->value);
  g_free (date);
}
