/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "khoji-items.h"

G_BEGIN_DECLS

KhojiArticle *_khoji_article_new (gint64      id,
                                  const char *path,
                                  const char *title,
                                  const char *source,
                                  const char *published,
                                  const char *published_source,
                                  guint       entity_count,
                                  const char *snippet,
                                  double      rank);

/* The aliases of the entities of one listing: read in one pass the first
 * time one of them is asked for, so that a listing does not pay for them.
 * The loader returns entity id (gint64 *) -> GStrv, or NULL; it runs on
 * the thread that asks, which must own the connection it reads from. */
typedef struct _KhojiAliasTable KhojiAliasTable;
typedef GHashTable *(*KhojiAliasLoader) (gpointer user_data);

KhojiAliasTable *_khoji_alias_table_new   (KhojiAliasLoader  loader,
                                           gpointer          user_data,
                                           GDestroyNotify    destroy);
KhojiAliasTable *_khoji_alias_table_ref   (KhojiAliasTable  *table);
void             _khoji_alias_table_unref (KhojiAliasTable  *table);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhojiAliasTable, _khoji_alias_table_unref)

/* `aliases` (taken) when the caller has them, else `table` (may be NULL). */
KhojiEntity  *_khoji_entity_new  (gint64           id,
                                  const char      *name,
                                  const char      *latin,
                                  KhojiEntityType  type,
                                  guint            article_count,
                                  guint            mention_count,
                                  gboolean         hidden,
                                  GStrv            aliases,
                                  KhojiAliasTable *table);

KhojiEvent   *_khoji_event_new   (gint64          id,
                                  gint64          article_id,
                                  const char     *article_title,
                                  const char     *text,
                                  const char     *value,
                                  const char     *sentence,
                                  gboolean        relative,
                                  guint           start,
                                  guint           end,
                                  guint           sentence_start);

/* The timeline's shape of an event, from its days, the precision its
 * text gave and whether the value is an explicit START/END range. */
KhojiEventKind _khoji_event_kind (guint32        first_day,
                                  guint32        last_day,
                                  KhojiPrecision precision,
                                  gboolean       interval);

/* Days covered by an ISO value (YYYY, YYYY-MM, YYYY-MM-DD or START/END), as
 * GDate Julian days. FALSE when the value is not one of those. */
gboolean      _khoji_value_to_days (const char     *value,
                                    guint32        *first,
                                    guint32        *last,
                                    KhojiPrecision *precision);

G_END_DECLS
