/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The store's interface to its backends. Private to store/: the rest of
 * Khoji calls khoji-store.h, whose functions (khoji-store.c) hand each
 * call to the backend that opened the library:
 *
 *   khoji-sqlite*.c     a library in one SQLite file (the default)
 *
 * A backend's connection starts with a KhojiStore, the part every backend
 * shares, and its class: one function per call of khoji-store.h. */

#include "khoji-network.h"
#include "khoji-places.h"
#include "khoji-store.h"

G_BEGIN_DECLS

typedef struct _KhojiStoreClass KhojiStoreClass;

struct _KhojiStore
{
  const KhojiStoreClass *klass;
  char    *name;            /* the path or the connection URI it was opened with */
  GThread *owner;
  int      schema_version;
};

#define ASSERT_OWNER(self) g_assert (g_thread_self () == ((KhojiStore *) (self))->owner)

/* Every call a backend answers, as (return type, name, parameters,
 * arguments): the class's fields, the forwarding functions and each
 * backend's declarations are made from this one list, so that they
 * cannot disagree. The two calls that return nothing are written out. */
#define KHOJI_STORE_CALLS(CALL) \
  CALL (gboolean, checkpoint, (KhojiStore *self, GError **error), (self, error)) \
  CALL (gboolean, fold_counts, (KhojiStore *self, GError **error), (self, error)) \
  CALL (GHashTable *, list_hashes, (KhojiStore *self, GError **error), (self, error)) \
  CALL (gint64, find_article_by_hash, (KhojiStore *self, const char *hash, GError **error), (self, hash, error)) \
  CALL (gint64, add_article, (KhojiStore *self, const KhojiStoreArticle *article, GError **error), (self, article, error)) \
  CALL (gboolean, set_published, (KhojiStore *self, gint64 article_id, const char *text, const char *published, \
                                  const char *published_source, GPtrArray *dates, GError **error), \
        (self, article_id, text, published, published_source, dates, error)) \
  CALL (GPtrArray *, load_lexicon, (KhojiStore *self, GError **error), (self, error)) \
  CALL (GPtrArray *, list_articles, (KhojiStore *self, GError **error), (self, error)) \
  CALL (GPtrArray *, search, (KhojiStore *self, const char *fts_query, guint limit, GError **error), \
        (self, fts_query, limit, error)) \
  CALL (GPtrArray *, list_entities, (KhojiStore *self, gboolean include_hidden, gint64 only_id, \
                                     KhojiAliasTable *aliases, GError **error), \
        (self, include_hidden, only_id, aliases, error)) \
  CALL (GHashTable *, load_aliases, (KhojiStore *self, GError **error), (self, error)) \
  CALL (GPtrArray *, list_events, (KhojiStore *self, gint64 entity_id, GError **error), (self, entity_id, error)) \
  CALL (GArray *, list_event_refs, (KhojiStore *self, gint64 entity_id, GError **error), (self, entity_id, error)) \
  CALL (KhojiEvent *, get_event, (KhojiStore *self, gint64 event_id, GError **error), (self, event_id, error)) \
  CALL (GArray *, articles_for_entity, (KhojiStore *self, gint64 entity_id, GError **error), (self, entity_id, error)) \
  CALL (KhojiArticle *, get_article, (KhojiStore *self, gint64 article_id, GError **error), (self, article_id, error)) \
  CALL (char *, get_article_text, (KhojiStore *self, gint64 article_id, GError **error), (self, article_id, error)) \
  CALL (GPtrArray *, get_article_spans, (KhojiStore *self, gint64 article_id, GError **error), (self, article_id, error)) \
  CALL (guint, count_articles, (KhojiStore *self), (self)) \
  CALL (gboolean, add_correction, (KhojiStore *self, KhojiCorrectionKind kind, gint64 entity_id, gint64 target_id, \
                                   const char *value, GError **error), \
        (self, kind, entity_id, target_id, value, error)) \
  CALL (gboolean, undo_correction, (KhojiStore *self, gint64 *created, GError **error), (self, created, error)) \
  CALL (GArray *, articles_imported_since, (KhojiStore *self, gint64 since, GError **error), (self, since, error)) \
  CALL (gboolean, replace_mentions, (KhojiStore *self, GArray *article_ids, GPtrArray *mentions, GError **error), \
        (self, article_ids, mentions, error)) \
  CALL (gboolean, check, (KhojiStore *self, GString *report, GError **error), (self, report, error)) \
  CALL (gboolean, foreach_row, (KhojiStore *self, KhojiStoreRows rows, KhojiStoreRowFunc func, gpointer user_data, \
                                GError **error), \
        (self, rows, func, user_data, error)) \
  CALL (KhojiNetwork *, network, (KhojiStore *self, const gint64 *ids, guint n_ids, guint limit, GError **error), \
        (self, ids, n_ids, limit, error)) \
  CALL (KhojiNetwork *, network_among, (KhojiStore *self, const gint64 *ids, guint n_ids, GError **error), \
        (self, ids, n_ids, error)) \
  CALL (KhojiNetwork *, network_weighted, (KhojiStore *self, const gint64 *ids, guint n_ids, guint limit, \
                                           gboolean among, KhojiNetworkWeight weight, GError **error), \
        (self, ids, n_ids, limit, among, weight, error)) \
  CALL (GArray *, shared_articles, (KhojiStore *self, gint64 a, gint64 b, GError **error), (self, a, b, error)) \
  CALL (KhojiPlaces *, places, (KhojiStore *self, const gint64 *ids, guint n_ids, GError **error), \
        (self, ids, n_ids, error))

#define KHOJI_STORE_CLASS_FIELD(type, name, params, args) type (*name) params;
struct _KhojiStoreClass
{
  const char *name;
  void (*close)            (KhojiStore *self);
  void (*set_bulk_writing) (KhojiStore *self,
                            gboolean    bulk);
  KHOJI_STORE_CALLS (KHOJI_STORE_CLASS_FIELD)
};
#undef KHOJI_STORE_CLASS_FIELD

/* Declares PREFIX_NAME for every call, and fills a class with them. */
#define KHOJI_STORE_DECLARE_CALL(prefix, type, name, params) type prefix##_##name params;
#define KHOJI_STORE_CLASS_INIT(prefix, name) .name = prefix##_##name,
#define KHOJI_STORE_CLASS_INIT_ALL(prefix) \
  .close = prefix##_close, \
  .set_bulk_writing = prefix##_set_bulk_writing,

/* The backends. */
#define KHOJI_SQLITE_DECLARE(type, name, params, args) KHOJI_STORE_DECLARE_CALL (khoji_sqlite_store, type, name, params)
KHOJI_STORE_CALLS (KHOJI_SQLITE_DECLARE)
#undef KHOJI_SQLITE_DECLARE
void        khoji_sqlite_store_close        (KhojiStore  *self);
void        khoji_sqlite_store_set_bulk_writing (KhojiStore *self,
                                             gboolean     bulk);
KhojiStore *khoji_sqlite_store_open         (const char  *path,
                                             GError     **error);
int         khoji_sqlite_store_peek_version (const char  *path);
extern const KhojiStoreClass khoji_sqlite_store_class;

/* Shared by the backends. */
void        _khoji_store_init               (KhojiStore            *self,
                                             const KhojiStoreClass *klass,
                                             const char            *name);
/* Frees what _khoji_store_init set; a backend's close calls it last. */
void        _khoji_store_clear              (KhojiStore            *self);
void        _khoji_store_set_newer_error    (GError               **error,
                                             int                    version);

G_END_DECLS
