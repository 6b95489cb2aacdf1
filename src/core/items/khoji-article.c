/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-library"

#include "config.h"

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


void
khoji_article_span_free (KhojiArticleSpan *span)
{
  if (span == NULL)
    return;
  g_free (span->value);
  g_free (span);
}
