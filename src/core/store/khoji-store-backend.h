/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The store's interface to its backends. Private to store/: the rest of
 * Khoji calls khoji-store.h, whose functions (khoji-store.c) hand each
 * call to the backend that opened the library:
 *
 *   khoji-sqlite*.c     a library in one SQLite file (the default)
 *   khoji-pg*.c         a shared archive on a PostgreSQL server, named by
 *                       a postgresql:// or postgres:// URI
 *
 * A backend's connection starts with a KhojiStore, the part every backend
 * shares, and its class: one function per call of khoji-store.h. */

#include "khoji-items-private.h"
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
  CALL (GPtrArray *, list_top_entities, (KhojiStore *self, gboolean include_hidden, guint limit, guint *n_listed, \
                                         GError **error), \
        (self, include_hidden, limit, n_listed, error)) \
  CALL (GHashTable *, load_aliases, (KhojiStore *self, GError **error), (self, error)) \
  CALL (GPtrArray *, list_events, (KhojiStore *self, gint64 entity_id, GError **error), (self, entity_id, error)) \
  CALL (gboolean, keep_events, (KhojiStore *self, GError **error), (self, error)) \
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
void        khoji_sqlite_store_set_bulk_writing (KhojiStore  *self,
                                                 gboolean     bulk);
KhojiStore *khoji_sqlite_store_open         (const char  *path,
                                             GError     **error);
int         khoji_sqlite_store_peek_version (const char  *path);
extern const KhojiStoreClass khoji_sqlite_store_class;

#define KHOJI_PG_DECLARE(type, name, params, args) KHOJI_STORE_DECLARE_CALL (khoji_pg_store, type, name, params)
KHOJI_STORE_CALLS (KHOJI_PG_DECLARE)
#undef KHOJI_PG_DECLARE
void        khoji_pg_store_close            (KhojiStore  *self);
void        khoji_pg_store_set_bulk_writing (KhojiStore  *self,
                                             gboolean     bulk);
KhojiStore *khoji_pg_store_open             (const char  *uri,
                                             GError     **error);
int         khoji_pg_store_peek_version     (const char  *uri);
extern const KhojiStoreClass khoji_pg_store_class;

/* Shared by the backends. */
void        _khoji_store_init               (KhojiStore            *self,
                                             const KhojiStoreClass *klass,
                                             const char            *name);
/* Frees what _khoji_store_init set; a backend's close calls it last. */
void        _khoji_store_clear              (KhojiStore            *self);
void        _khoji_store_set_newer_error    (GError               **error,
                                             int                    version);

/* ---- khoji-store-common.c: what every backend computes the same way ---- */

/* A search ranks at most this many of the newest matches (ids grow with
 * imports): a word in most articles would otherwise score them all. The
 * same bound on both backends, so that they rank the same articles;
 * ranking reads each candidate's vector in an archive, the most of a
 * search's time there (docs/ARCHITECTURE.md, "Ranking"). */
#define SEARCH_CANDIDATES 1000

/* Byte offsets to code points, in one pass over the text (len + 1). */
guint      *_khoji_store_code_point_map     (const char  *text,
                                             gsize        len);
/* The first code point of each sentence (KhojiSpan byte spans), the
 * sentences made here when the caller has not made them. */
GArray     *_khoji_store_sentence_starts    (const char  *text,
                                             gsize        len,
                                             const guint *cp,
                                             GArray      *sentences);
guint       _khoji_store_sentence_of        (GArray      *starts,
                                             guint        at);

/* FORMS (of char *, taken) longest first, then in byte order, once each. */
GStrv       _khoji_store_forms_to_strv      (GPtrArray   *forms);
/* ENTITIES (of KhojiEntity) into the listing's order: the most articles
 * first, then the most mentions, then by id. */
void        _khoji_store_sort_listing       (GPtrArray   *entities);

/* The timeline's walk order: by day, then what the timeline groups by,
 * then article and id. */
int         _khoji_store_compare_walk_order (const KhojiEventRef *a,
                                             const KhojiEventRef *b);
/* Sorts REFS (of KhojiEventRef) into walk order; gives back the sorted
 * array, REFS or another. */
GArray     *_khoji_store_sort_walk_order    (GArray      *refs);
/* The events of REFS (walk order, taken) in one of ARTICLES (ids), in
 * the same order; gives back REFS or a smaller copy. */
GArray     *_khoji_store_filter_event_refs  (GArray      *refs,
                                             GArray      *articles);
void        _khoji_store_advise_huge_pages  (gpointer     data,
                                             gsize        len);

/* A kept list of events (walk order) as bytes: this header, then one
 * record per event in list order, as LEB128 varints: the first day's
 * step from the event before, (last day - first day) << 5 | relative << 4
 * | precision << 2 | kind, the article id, the event id. About 8 bytes an
 * event instead of 32: reading the list is reading its bytes, a quarter
 * as many. Bytes that do not decode to exactly n_records events are not
 * a list (and are made again). SQLite's event_cache and the archive's
 * event_list hold the same. */
typedef struct {
  guint32 magic;
  guint32 n_records;
  guint32 n_bytes;      /* after the header */
  guint32 reserved;
  gint64  max_id;       /* SQLite: the largest date_mention id when it was made; the archive: 0 */
} KhojiEventListHeader;

#define KHOJI_EVENT_LIST_MAGIC 0x4b455633u   /* "KEV3" */

/* REFS (walk order) encoded; NULL when they are not in walk order by day. */
GByteArray *_khoji_store_encode_event_list   (GArray        *refs,
                                              gint64         max_id);
/* Decodes records from [*P, END) into OUT from *I on (OUT sized to the
 * header's count), stopping before a record that may be cut off at the
 * end of the chunk unless LAST; FALSE on bytes that are not records. */
gboolean    _khoji_store_decode_event_records (const guint8 **p,
                                               const guint8  *end,
                                               gboolean       last,
                                               GArray        *out,
                                               guint         *i,
                                               guint64       *day);
/* A whole encoded list (header and records) decoded; NULL when it is not one. */
GArray     *_khoji_store_decode_event_list   (const guint8  *data,
                                              gsize          len,
                                              gint64        *max_id);
/* KEPT and ADDED (both walk order) merged as one walk would give them. */
GArray     *_khoji_store_merge_event_refs    (GArray        *kept,
                                              GArray        *added);

/* ---- khoji-store-graph.c: who appears with whom, from what a backend reads ---- */

typedef struct {
  gint64 id;
  guint  count;       /* articles */
  guint  mentions;    /* the second key of the entity panel's order */
} KhojiGraphCount;

typedef struct _KhojiGraphSource KhojiGraphSource;

/* What a source calls for each id it reads, and for each mention. */
typedef void (*KhojiGraphEachId)      (gint64   id,
                                       gpointer data);
typedef void (*KhojiGraphEachMention) (gint64   article,
                                       gint64   sentence,
                                       gint64   entity,
                                       gpointer data);

/* What the graph reads, all of it in one state of the library (a backend
 * reads it in one transaction). Each call returns FALSE, or NULL, with
 * *error set. */
struct _KhojiGraphSource
{
  GError **error;
  guint    n_words;   /* of each entity's bitset of articles: max article id / 64 + 1 */
  /* Entity id -> its bitset (n_words words), kept by the backend for as
   * long as the library is in this state (a later read of the same
   * state finds them), or NULL. */
  GHashTable *bits_cache;
  /* Every article that names the entity (its row and the rows merged into it). */
  gboolean (*articles)         (KhojiGraphSource  *net,
                                gint64             id,
                                KhojiGraphEachId   each,
                                gpointer           data);
  /* The entity's row; `id` becomes the entity it is merged into, if it
   * is; FALSE with KHOJI_STORE_ERROR_NOT_FOUND when there is none. */
  gboolean (*node)             (KhojiGraphSource  *net,
                                gint64            *id,
                                KhojiNetworkNode  *node,
                                gboolean          *visible);
  /* The visible, unmerged entities with articles, and their counts. */
  GArray  *(*entity_counts)    (KhojiGraphSource  *net);
  /* Each entity an article names (the entity its mentions count for), once. */
  gboolean (*article_entities) (KhojiGraphSource  *net,
                                gint64             article,
                                KhojiGraphEachId   each,
                                gpointer           data);
  /* The article, sentence (its index in the article) and entity (the
   * one it counts for) of the mentions of these entities in the articles
   * set in `articles` (n_words words, n_set bits set), in any order; a
   * source may call `each` for other entities' mentions too. */
  gboolean (*sentence_mentions) (KhojiGraphSource      *net,
                                 const gint64          *entities,
                                 guint                  n_entities,
                                 const guint64         *articles,
                                 guint                  n_set,
                                 KhojiGraphEachMention  each,
                                 gpointer               data);
  /* The sentences each pair of these entities shares, from counts the
   * store keeps as mentions change: shared[i * n + j] for i < j, zeros
   * on entry. NULL when the store keeps none: sentence_mentions is read
   * and the sentences counted from it. */
  gboolean (*sentence_pairs)   (KhojiGraphSource  *net,
                                const gint64      *entities,
                                guint              n,
                                guint             *shared);
  /* Every visible, unmerged place (id, names, key, n_total: its articles
   * with what the log holds), and the number of articles. */
  GArray  *(*all_places)       (KhojiGraphSource  *net,
                                guint             *n_articles);
  /* The entity's row as a place, its type and whether it is hidden;
   * *found FALSE when there is no such row. */
  gboolean (*entity_place)     (KhojiGraphSource  *net,
                                gint64             id,
                                KhojiPlace        *place,
                                KhojiEntityType   *type,
                                gboolean          *hidden,
                                gboolean          *found);
};

gboolean    _khoji_store_graph_compute      (KhojiGraphSource *net,
                                             const gint64     *ids,
                                             guint             n_ids,
                                             guint             limit,
                                             gboolean          among,
                                             KhojiNetworkWeight weight,
                                             KhojiNetwork     *network);
GArray     *_khoji_store_graph_shared_articles (KhojiGraphSource *net,
                                                gint64            a,
                                                gint64            b);
/* The places of the map (khoji-store-network.h says which), sorted. */
gboolean    _khoji_store_graph_places       (KhojiGraphSource *net,
                                             const gint64     *ids,
                                             guint             n_ids,
                                             KhojiPlaces      *places);

/* An FTS5 query, as khoji_library_parse_query() writes it, item by item. */
typedef enum {
  KHOJI_FTS_PHRASE,
  KHOJI_FTS_AND,
  KHOJI_FTS_OR,
  KHOJI_FTS_NOT,
} KhojiFtsItemKind;

typedef struct {
  KhojiFtsItemKind kind;
  GPtrArray *keys;      /* a phrase's folding keys, the tokenizer's */
  gboolean   prefix;    /* the last key is a prefix */
} KhojiFtsItem;

/* NULL for a quoted string that is not closed. */
GPtrArray  *_khoji_store_fts_items          (const char  *fts_query);
/* The phrases a hit can contain (none after NOT), for snippets. */
GPtrArray  *_khoji_store_snippet_phrases    (const char  *fts_query);
/* The piece of TEXT around the first phrase it holds, with \x01 and \x02
 * around the words that match. */
char       *_khoji_store_make_snippet       (GPtrArray   *phrases,
                                             const char  *text);

G_END_DECLS
