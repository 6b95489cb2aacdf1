/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* An article as the library hands it out, and the spans (mentions and
 * dates) the reading column highlights in its text. */

#include <glib-object.h>

#include "khoji-entity.h"

G_BEGIN_DECLS

#define KHOJI_TYPE_ARTICLE (khoji_article_get_type ())
G_DECLARE_FINAL_TYPE (KhojiArticle, khoji_article, KHOJI, ARTICLE, GObject)

gint64      khoji_article_get_id               (KhojiArticle *self);
const char *khoji_article_get_path             (KhojiArticle *self);
const char *khoji_article_get_title            (KhojiArticle *self);
const char *khoji_article_get_source           (KhojiArticle *self);
const char *khoji_article_get_published        (KhojiArticle *self);  /* YYYY-MM-DD or NULL */
const char *khoji_article_get_published_source (KhojiArticle *self);  /* text|option|user|inferred or NULL */
guint       khoji_article_get_entity_count     (KhojiArticle *self);
const char *khoji_article_get_snippet          (KhojiArticle *self);  /* search hits only: text with \x01…\x02 around matches */
double      khoji_article_get_rank             (KhojiArticle *self);  /* search hits only, lower is better */

/* ---- Spans of one article, for highlighting ---- */

typedef enum {
  KHOJI_SPAN_MENTION,
  KHOJI_SPAN_DATE,
} KhojiSpanKind;

typedef struct {
  KhojiSpanKind   kind;
  guint           start;        /* code points into the article text */
  guint           end;
  gint64          entity_id;    /* mentions only */
  KhojiEntityType entity_type;  /* mentions only */
  char           *value;        /* dates only */
} KhojiArticleSpan;

void khoji_article_span_free (KhojiArticleSpan *span);

G_END_DECLS
