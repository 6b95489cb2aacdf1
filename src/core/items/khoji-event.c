/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-library"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "khoji-items-private.h"

struct _KhojiEvent
{
  GObject         parent_instance;
  gint64          id;
  gint64          article_id;
  char           *article_title;
  char           *text;
  char           *value;
  char           *sentence;
  KhojiPrecision  precision;
  gboolean        relative;
  guint32         first_day;
  guint32         last_day;
  guint           start;
  guint           end;
  guint           sentence_start;
};

G_DEFINE_FINAL_TYPE (KhojiEvent, khoji_event, G_TYPE_OBJECT)

static void
khoji_event_finalize (GObject *object)
{
  KhojiEvent *self = KHOJI_EVENT (object);

  g_free (self->article_title);
  g_free (self->text);
  g_free (self->value);
  g_free (self->sentence);
  G_OBJECT_CLASS (khoji_event_parent_class)->finalize (object);
}

static void
khoji_event_class_init (KhojiEventClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = khoji_event_finalize;
}

static void
khoji_event_init (KhojiEvent *self)
{
}

static gboolean
parse_point (const char     *s,
             GDate          *first,
             GDate          *last,
             KhojiPrecision *precision)
{
  int y = 0, m = 0, d = 0;
  char *end = NULL;

  y = (int) strtol (s, &end, 10);
  if (end == s || y < 1 || y > 9999)
    return FALSE;
  if (*end == '\0')
    {
      g_date_set_dmy (first, 1, 1, y);
      g_date_set_dmy (last, 31, 12, y);
      *precision = KHOJI_PRECISION_YEAR;
      return TRUE;
    }
  if (*end != '-')
    return FALSE;
  s = end + 1;
  m = (int) strtol (s, &end, 10);
  if (end == s || m < 1 || m > 12)
    return FALSE;
  if (*end == '\0')
    {
      g_date_set_dmy (first, 1, m, y);
      g_date_set_dmy (last, g_date_get_days_in_month (m, y), m, y);
      *precision = KHOJI_PRECISION_MONTH;
      return TRUE;
    }
  if (*end != '-')
    return FALSE;
  s = end + 1;
  d = (int) strtol (s, &end, 10);
  if (end == s || *end != '\0' || d < 1 || d > 31 || !g_date_valid_dmy (d, m, y))
    return FALSE;
  g_date_set_dmy (first, d, m, y);
  *last = *first;
  *precision = KHOJI_PRECISION_DAY;
  return TRUE;
}

gboolean
_khoji_value_to_days (const char     *value,
                      guint32        *first,
                      guint32        *last,
                      KhojiPrecision *precision)
{
  GDate a1, a2, b1, b2;
  KhojiPrecision pa, pb;
  const char *slash;

  if (value == NULL)
    return FALSE;
  g_date_clear (&a1, 1);
  g_date_clear (&a2, 1);
  g_date_clear (&b1, 1);
  g_date_clear (&b2, 1);

  slash = strchr (value, '/');
  if (slash == NULL)
    {
      if (!parse_point (value, &a1, &a2, &pa))
        return FALSE;
      *first = g_date_get_julian (&a1);
      *last = g_date_get_julian (&a2);
      *precision = pa;
      return TRUE;
    }
  else
    {
      g_autofree char *left = g_strndup (value, slash - value);
      if (!parse_point (left, &a1, &a2, &pa) || !parse_point (slash + 1, &b1, &b2, &pb))
        return FALSE;
      *first = g_date_get_julian (&a1);
      *last = MAX (g_date_get_julian (&b2), *first);
      *precision = MAX (pa, pb);
      return TRUE;
    }
}

KhojiEventKind
_khoji_event_kind (guint32        first_day,
                   guint32        last_day,
                   KhojiPrecision precision,
                   gboolean       interval)
{
  if (interval)
    return KHOJI_EVENT_INTERVAL;
  if (precision == KHOJI_PRECISION_DAY && first_day == last_day)
    return KHOJI_EVENT_DAY;
  return KHOJI_EVENT_PERIOD;
}

KhojiEvent *
_khoji_event_new (gint64      id,
                  gint64      article_id,
                  const char *article_title,
                  const char *text,
                  const char *value,
                  const char *sentence,
                  gboolean    relative,
                  guint       start,
                  guint       end,
                  guint       sentence_start)
{
  KhojiEvent *self = g_object_new (KHOJI_TYPE_EVENT, NULL);

  self->id = id;
  self->article_id = article_id;
  self->article_title = g_strdup (article_title ? article_title : "");
  self->text = g_strdup (text ? text : "");
  self->value = g_strdup (value);
  self->sentence = g_strdup (sentence ? sentence : "");
  self->relative = relative;
  self->start = start;
  self->end = end;
  self->sentence_start = sentence_start;
  if (!_khoji_value_to_days (value, &self->first_day, &self->last_day, &self->precision))
    {
      self->first_day = self->last_day = 0;
      self->precision = KHOJI_PRECISION_DAY;
    }
  return self;
}

gint64 khoji_event_get_id (KhojiEvent *self) { g_return_val_if_fail (KHOJI_IS_EVENT (self), 0); return self->id; }
gint64 khoji_event_get_article_id (KhojiEvent *self) { g_return_val_if_fail (KHOJI_IS_EVENT (self), 0); return self->article_id; }
const char *khoji_event_get_article_title (KhojiEvent *self) { g_return_val_if_fail (KHOJI_IS_EVENT (self), NULL); return self->article_title; }
const char *khoji_event_get_text (KhojiEvent *self) { g_return_val_if_fail (KHOJI_IS_EVENT (self), NULL); return self->text; }
const char *khoji_event_get_value (KhojiEvent *self) { g_return_val_if_fail (KHOJI_IS_EVENT (self), NULL); return self->value; }
const char *khoji_event_get_sentence (KhojiEvent *self) { g_return_val_if_fail (KHOJI_IS_EVENT (self), NULL); return self->sentence; }
KhojiPrecision khoji_event_get_precision (KhojiEvent *self) { g_return_val_if_fail (KHOJI_IS_EVENT (self), 0); return self->precision; }
gboolean khoji_event_get_relative (KhojiEvent *self) { g_return_val_if_fail (KHOJI_IS_EVENT (self), FALSE); return self->relative; }
guint32 khoji_event_get_first_day (KhojiEvent *self) { g_return_val_if_fail (KHOJI_IS_EVENT (self), 0); return self->first_day; }
guint32 khoji_event_get_last_day (KhojiEvent *self) { g_return_val_if_fail (KHOJI_IS_EVENT (self), 0); return self->last_day; }
guint khoji_event_get_start (KhojiEvent *self) { g_return_val_if_fail (KHOJI_IS_EVENT (self), 0); return self->start; }
guint khoji_event_get_end (KhojiEvent *self) { g_return_val_if_fail (KHOJI_IS_EVENT (self), 0); return self->end; }
guint khoji_event_get_sentence_start (KhojiEvent *self) { g_return_val_if_fail (KHOJI_IS_EVENT (self), 0); return self->sentence_start; }

int
khoji_event_ref_compare (gconstpointer a,
                         gconstpointer b)
{
  const KhojiEventRef *x = a, *y = b;

  if (x->first_day != y->first_day)
    return x->first_day < y->first_day ? -1 : 1;
  if (x->last_day != y->last_day)
    return x->last_day < y->last_day ? -1 : 1;
  if (x->kind != y->kind)
    return x->kind < y->kind ? -1 : 1;
  if (x->article_id != y->article_id)
    return x->article_id < y->article_id ? -1 : 1;
  return (x->id > y->id) - (x->id < y->id);
}
