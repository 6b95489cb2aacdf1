/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-library"

#include "config.h"

#include <stdlib.h>

#include "khoji-items-private.h"

/* Plain value objects, so that list models can hold what the library
 * returns. They are immutable once made. */

struct _KhojiArticle
{
  GObject parent_instance;
  gint64  id;
  char   *path;
  char   *title;
  char   *source;
  char   *published;
  char   *published_source;
  guint   entity_count;
  char   *snippet;
  double  rank;
};

G_DEFINE_FINAL_TYPE (KhojiArticle, khoji_article, G_TYPE_OBJECT)

static void
khoji_article_finalize (GObject *object)
{
  KhojiArticle *self = KHOJI_ARTICLE (object);

  g_free (self->path);
  g_free (self->title);
  g_free (self->source);
  g_free (self->published);
  g_free (self->published_source);
  g_free (self->snippet);
  G_OBJECT_CLASS (khoji_article_parent_class)->finalize (object);
}

static void
khoji_article_class_init (KhojiArticleClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = khoji_article_finalize;
}

static void
khoji_article_init (KhojiArticle *self)
{
}

KhojiArticle *
_khoji_article_new (gint64      id,
                    const char *path,
                    const char *title,
                    const char *source,
                    const char *published,
                    const char *published_source,
                    guint       entity_count,
                    const char *snippet,
                    double      rank)
{
  KhojiArticle *self = g_object_new (KHOJI_TYPE_ARTICLE, NULL);

  self->id = id;
  self->path = g_strdup (path);
  self->title = g_strdup (title ? title : "");
  self->source = g_strdup (source);
  self->published = g_strdup (published);
  self->published_source = g_strdup (published_source);
  self->entity_count = entity_count;
  self->snippet = g_strdup (snippet);
  self->rank = rank;
  return self;
}

gint64 khoji_article_get_id (KhojiArticle *self) { g_return_val_if_fail (KHOJI_IS_ARTICLE (self), 0); return self->id; }
const char *khoji_article_get_path (KhojiArticle *self) { g_return_val_if_fail (KHOJI_IS_ARTICLE (self), NULL); return self->path; }
const char *khoji_article_get_title (KhojiArticle *self) { g_return_val_if_fail (KHOJI_IS_ARTICLE (self), NULL); return self->title; }
const char *khoji_article_get_source (KhojiArticle *self) { g_return_val_if_fail (KHOJI_IS_ARTICLE (self), NULL); return self->source; }
const char *khoji_article_get_published (KhojiArticle *self) { g_return_val_if_fail (KHOJI_IS_ARTICLE (self), NULL); return self->published; }
const char *khoji_article_get_published_source (KhojiArticle *self) { g_return_val_if_fail (KHOJI_IS_ARTICLE (self), NULL); return self->published_source; }
guint khoji_article_get_entity_count (KhojiArticle *self) { g_return_val_if_fail (KHOJI_IS_ARTICLE (self), 0); return self->entity_count; }
const char *khoji_article_get_snippet (KhojiArticle *self) { g_return_val_if_fail (KHOJI_IS_ARTICLE (self), NULL); return self->snippet; }
double khoji_article_get_rank (KhojiArticle *self) { g_return_val_if_fail (KHOJI_IS_ARTICLE (self), 0); return self->rank; }

struct _KhojiAliasTable
{
  gatomicrefcount  ref_count;
  KhojiAliasLoader loader;
  gpointer         user_data;
  GDestroyNotify   destroy;
  GHashTable      *by_id;     /* NULL until first asked */
};

KhojiAliasTable *
_khoji_alias_table_new (KhojiAliasLoader loader,
                        gpointer         user_data,
                        GDestroyNotify   destroy)
{
  KhojiAliasTable *table = g_new0 (KhojiAliasTable, 1);

  g_atomic_ref_count_init (&table->ref_count);
  table->loader = loader;
  table->user_data = user_data;
  table->destroy = destroy;
  return table;
}

KhojiAliasTable *
_khoji_alias_table_ref (KhojiAliasTable *table)
{
  g_atomic_ref_count_inc (&table->ref_count);
  return table;
}

void
_khoji_alias_table_unref (KhojiAliasTable *table)
{
  if (table == NULL || !g_atomic_ref_count_dec (&table->ref_count))
    return;
  if (table->destroy)
    table->destroy (table->user_data);
  g_clear_pointer (&table->by_id, g_hash_table_unref);
  g_free (table);
}

static const char * const *
alias_table_lookup (KhojiAliasTable *table,
                    gint64           id)
{
  if (table->by_id == NULL)
    {
      table->by_id = table->loader ? table->loader (table->user_data) : NULL;
      /* A loader that failed (the library is gone) is not asked again. */
      if (table->by_id == NULL)
        table->by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
    }
  return g_hash_table_lookup (table->by_id, &id);
}

struct _KhojiEntity
{
  GObject          parent_instance;
  gint64           id;
  char            *name;
  char            *latin;
  KhojiEntityType  type;
  guint            article_count;
  guint            mention_count;
  gboolean         hidden;
  GStrv            aliases;   /* NULL: look them up in `table` */
  KhojiAliasTable *table;
};

G_DEFINE_FINAL_TYPE (KhojiEntity, khoji_entity, G_TYPE_OBJECT)

static void
khoji_entity_finalize (GObject *object)
{
  KhojiEntity *self = KHOJI_ENTITY (object);

  g_free (self->name);
  g_free (self->latin);
  g_strfreev (self->aliases);
  g_clear_pointer (&self->table, _khoji_alias_table_unref);
  G_OBJECT_CLASS (khoji_entity_parent_class)->finalize (object);
}

static void
khoji_entity_class_init (KhojiEntityClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = khoji_entity_finalize;
}

static void
khoji_entity_init (KhojiEntity *self)
{
}

KhojiEntity *
_khoji_entity_new (gint64           id,
                   const char      *name,
                   const char      *latin,
                   KhojiEntityType  type,
                   guint            article_count,
                   guint            mention_count,
                   gboolean         hidden,
                   GStrv            aliases,
                   KhojiAliasTable *table)
{
  KhojiEntity *self = g_object_new (KHOJI_TYPE_ENTITY, NULL);

  self->id = id;
  self->name = g_strdup (name ? name : "");
  self->latin = g_strdup (latin ? latin : "");
  self->type = type;
  self->article_count = article_count;
  self->mention_count = mention_count;
  self->hidden = hidden;
  self->aliases = aliases;
  if (aliases == NULL && table != NULL)
    self->table = _khoji_alias_table_ref (table);
  else if (aliases == NULL)
    self->aliases = g_new0 (char *, 1);
  return self;
}

gint64 khoji_entity_get_id (KhojiEntity *self) { g_return_val_if_fail (KHOJI_IS_ENTITY (self), 0); return self->id; }
const char *khoji_entity_get_name (KhojiEntity *self) { g_return_val_if_fail (KHOJI_IS_ENTITY (self), NULL); return self->name; }
const char *khoji_entity_get_latin (KhojiEntity *self) { g_return_val_if_fail (KHOJI_IS_ENTITY (self), NULL); return self->latin; }
KhojiEntityType khoji_entity_get_entity_type (KhojiEntity *self) { g_return_val_if_fail (KHOJI_IS_ENTITY (self), 0); return self->type; }
guint khoji_entity_get_article_count (KhojiEntity *self) { g_return_val_if_fail (KHOJI_IS_ENTITY (self), 0); return self->article_count; }
guint khoji_entity_get_mention_count (KhojiEntity *self) { g_return_val_if_fail (KHOJI_IS_ENTITY (self), 0); return self->mention_count; }
gboolean khoji_entity_get_hidden (KhojiEntity *self) { g_return_val_if_fail (KHOJI_IS_ENTITY (self), FALSE); return self->hidden; }

/* A listing's entities read their aliases on the first call, all at once,
 * on the calling thread: the thread that listed them. */
GStrv
khoji_entity_dup_aliases (KhojiEntity *self)
{
  const char * const *found;

  g_return_val_if_fail (KHOJI_IS_ENTITY (self), NULL);
  if (self->aliases)
    return g_strdupv (self->aliases);
  found = alias_table_lookup (self->table, self->id);
  return found ? g_strdupv ((GStrv) found) : g_new0 (char *, 1);
}

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

void
khoji_article_span_free (KhojiArticleSpan *span)
{
  if (span == NULL)
    return;
  g_free (span->value);
  g_free (span);
}

void
khoji_import_result_free (KhojiImportResult *result)
{
  if (result == NULL)
    return;
  g_free (result->path);
  g_free (result->message);
  g_free (result);
}
