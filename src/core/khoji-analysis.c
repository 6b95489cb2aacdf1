/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-analysis"

#include "config.h"

#include <string.h>

#include "khoji-analysis.h"

G_DEFINE_QUARK (khoji-analysis-error-quark, khoji_analysis_error)

static const char * const type_names[] = {
  [KHOJI_ENTITY_PERSON] = "person",
  [KHOJI_ENTITY_PLACE] = "place",
  [KHOJI_ENTITY_ORGANIZATION] = "organization",
};

const char *
khoji_entity_type_to_string (KhojiEntityType type)
{
  g_return_val_if_fail ((guint) type < G_N_ELEMENTS (type_names), "organization");
  return type_names[type];
}

gboolean
khoji_entity_type_from_string (const char      *str,
                               KhojiEntityType *out_type)
{
  g_return_val_if_fail (str != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (type_names); i++)
    if (g_ascii_strcasecmp (str, type_names[i]) == 0)
      {
        if (out_type != NULL)
          *out_type = (KhojiEntityType) i;
        return TRUE;
      }
  return FALSE;
}

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
