/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The store: the only unit that knows the database engine. Private to
 * khoji-core; the GUI and the CLI go through KhojiLibrary. A KhojiStore
 * is one connection and belongs to the thread that opened it; its
 * backend (khoji-store-backend.h) is chosen by the name it is opened
 * with. */

#include <gio/gio.h>

#include "khoji-analysis.h"
#include "khoji-items-private.h"
#include "khoji-text.h"

G_BEGIN_DECLS

#define KHOJI_STORE_ERROR (khoji_store_error_quark ())
GQuark khoji_store_error_quark (void);

typedef enum {
  KHOJI_STORE_ERROR_OPEN,
  KHOJI_STORE_ERROR_BUSY,
  KHOJI_STORE_ERROR_CORRUPT,
  KHOJI_STORE_ERROR_READ_ONLY,
  KHOJI_STORE_ERROR_FULL,
  KHOJI_STORE_ERROR_QUERY,
  KHOJI_STORE_ERROR_NOT_FOUND,
  KHOJI_STORE_ERROR_NEWER,       /* made by a newer Khoji */
  KHOJI_STORE_ERROR_MERGED,      /* the entity is merged into another: "ID INTO_ID" */
  KHOJI_STORE_ERROR_FAILED,
  KHOJI_STORE_ERROR_UNREACHABLE, /* a server that does not answer: down, or no network */
  KHOJI_STORE_ERROR_AUTH,        /* a server that refused the user or the password */
} KhojiStoreError;

#define KHOJI_STORE_SCHEMA_VERSION 14

typedef struct _KhojiStore KhojiStore;

/* What the library hands the store for one article. Byte offsets. */
typedef struct {
  const char *path;
  const char *hash;
  const char *title;
  const char *source;
  const char *published;
  const char *published_source;
  const char *text;
  GPtrArray  *mentions;   /* of KhojiMention */
  GPtrArray  *dates;      /* of KhojiDateMention */
  /* khoji_text_tokens (text, strlen (text)), made off the writing
   * thread, or NULL to have the store make them. */
  const KhojiTokens *tokens;
  /* khoji_text_sentences (text, strlen (text)), of KhojiSpan, made off
   * the writing thread, or NULL to have the store make them: each
   * mention records the sentence it starts in. */
  GArray            *sentences;
} KhojiStoreArticle;

/* Whether NAME is a postgresql:// or postgres:// connection URI rather
 * than the path of a library file. */
gboolean    khoji_store_name_is_uri        (const char        *name);
/* NAME is a path (SQLite) or a connection URI (PostgreSQL). */
KhojiStore *khoji_store_open               (const char        *name,
                                            GError           **error);
void        khoji_store_close              (KhojiStore        *self);
const char *khoji_store_get_path           (KhojiStore        *self);
int         khoji_store_get_schema_version (KhojiStore        *self);
/* The schema version of the library at PATH as it is on disk, without
 * upgrading it: 0 for a new library, -1 when it cannot be read. */
int         khoji_store_peek_schema_version (const char       *path);

/* Adds the entity counts that imports logged to the entity rows, in one
 * transaction: an import calls it every so many articles and at its end.
 * Readers add what is still logged, so this changes no result. */
/* For a long import: with BULK, this connection checkpoints the WAL
 * itself only when it has grown large, leaving the regular checkpoints
 * (and their waits on the disk) to another connection that calls
 * khoji_store_checkpoint() from another thread. */
void        khoji_store_set_bulk_writing   (KhojiStore        *self,
                                            gboolean           bulk);
/* Copies what it can of the WAL into the library without waiting for
 * the writer (SQLite's passive checkpoint). */
gboolean    khoji_store_checkpoint         (KhojiStore        *self,
                                            GError           **error);
gboolean    khoji_store_fold_counts        (KhojiStore        *self,
                                            GError           **error);

/* The content hashes of every article, as a set of strings. */
GHashTable *khoji_store_list_hashes        (KhojiStore        *self,
                                            GError           **error);
gint64      khoji_store_find_article_by_hash (KhojiStore      *self,
                                              const char        *hash,
                                              GError           **error);
/* One transaction: the article, its FTS row, entities, mentions, dates,
 * and the replay of corrections. Returns the new article id or 0. */
gint64      khoji_store_add_article        (KhojiStore        *self,
                                            const KhojiStoreArticle *article,
                                            GError           **error);
/* A new publication date for an article, and its dates resolved again
 * against it: one transaction. */
gboolean    khoji_store_set_published      (KhojiStore        *self,
                                            gint64             article_id,
                                            const char        *text,
                                            const char        *published,
                                            const char        *published_source,
                                            GPtrArray         *dates,
                                            GError           **error);
/* The user's learned forms, for the extractor. */
GPtrArray  *khoji_store_load_lexicon       (KhojiStore        *self,
                                            GError           **error);

GPtrArray    *khoji_store_list_articles    (KhojiStore        *self,
                                            GError           **error);
GPtrArray    *khoji_store_search           (KhojiStore        *self,
                                            const char        *fts_query,
                                            guint              limit,
                                            GError           **error);
/* All entities (only_id 0), their aliases left to `aliases` (may be
 * NULL: none), or the one entity only_id with its aliases. */
GPtrArray    *khoji_store_list_entities    (KhojiStore        *self,
                                            gboolean           include_hidden,
                                            gint64             only_id,
                                            KhojiAliasTable   *aliases,
                                            GError           **error);
/* The first `limit` entities of khoji_store_list_entities(), in its
 * order (most articles, most mentions, oldest), without aliases; the
 * rest of the listing is not read into entities. *n_listed: how many
 * the whole listing holds. */
GPtrArray    *khoji_store_list_top_entities (KhojiStore        *self,
                                             gboolean           include_hidden,
                                             guint              limit,
                                             guint             *n_listed,
                                             GError           **error);
/* Entity id (gint64 *) -> GStrv of its forms, longest first, for every
 * entity with a form. */
GHashTable   *khoji_store_load_aliases     (KhojiStore        *self,
                                            GError           **error);
/* Folds the events added or removed since the timeline's list was kept
 * into it when the next load would (a sixteenth of it changed, or there
 * is none yet), so that the first load after a bulk import reads the
 * list instead of writing it. For an importer, at its end. A fold that
 * another writer is in the way of is left to the next load; FALSE only
 * on error. */
gboolean      khoji_store_keep_events      (KhojiStore        *self,
                                            GError           **error);
GPtrArray    *khoji_store_list_events      (KhojiStore        *self,
                                            gint64             entity_id,
                                            GError           **error);
GArray       *khoji_store_list_event_refs  (KhojiStore        *self,
                                            gint64             entity_id,
                                            GError           **error);
KhojiEvent   *khoji_store_get_event        (KhojiStore        *self,
                                            gint64             event_id,
                                            GError           **error);
GArray       *khoji_store_articles_for_entity (KhojiStore        *self,
                                               gint64             entity_id,
                                               GError           **error);
KhojiArticle *khoji_store_get_article      (KhojiStore        *self,
                                            gint64             article_id,
                                            GError           **error);
char         *khoji_store_get_article_text (KhojiStore        *self,
                                            gint64             article_id,
                                            GError           **error);
GPtrArray    *khoji_store_get_article_spans (KhojiStore        *self,
                                             gint64             article_id,
                                             GError           **error);
guint         khoji_store_count_articles   (KhojiStore        *self);

typedef enum {
  KHOJI_CORRECTION_MERGE,
  KHOJI_CORRECTION_RENAME,
  KHOJI_CORRECTION_TYPE,
  KHOJI_CORRECTION_HIDE,
} KhojiCorrectionKind;

gboolean    khoji_store_add_correction     (KhojiStore        *self,
                                            KhojiCorrectionKind kind,
                                            gint64             entity_id,
                                            gint64             target_id,
                                            const char        *value,
                                            GError           **error);
/* Takes back the newest correction; *created (may be NULL) is when it
 * was made, seconds since 1970: the articles imported since then were
 * analysed with it. */
gboolean    khoji_store_undo_correction    (KhojiStore        *self,
                                            gint64            *created,
                                            GError           **error);
GArray     *khoji_store_articles_imported_since (KhojiStore        *self,
                                                 gint64             since,
                                                 GError           **error);
/* Replaces the mentions of articles (MENTIONS holds one GPtrArray of
 * KhojiMention, byte offsets into its text, per id) and all that follows
 * from them, in one transaction. */
gboolean    khoji_store_replace_mentions   (KhojiStore        *self,
                                            GArray            *article_ids,
                                            GPtrArray         *mentions,
                                            GError           **error);

gboolean    khoji_store_check              (KhojiStore        *self,
                                            GString           *report,
                                            GError           **error);

/* Export: rows in id order, for the CLI's JSON and CSV. */
typedef gboolean (*KhojiStoreRowFunc) (const char * const *columns,
                                       const gint64       *ints,
                                       guint               n_columns,
                                       gpointer            user_data,
                                       GError            **error);
typedef enum {
  KHOJI_STORE_ROWS_ARTICLES,   /* id, path, title, published, published_source, text, source */
  KHOJI_STORE_ROWS_ENTITIES,   /* id, name, latin, type, articles, mentions, hidden */
  KHOJI_STORE_ROWS_ALIASES,    /* entity, form */
  KHOJI_STORE_ROWS_MENTIONS,   /* article, entity, text, start, end */
  KHOJI_STORE_ROWS_DATES,      /* article, text, start, end, value, relative, sentence, precision */
  /* For copying a library into another (khoji-library-copy.c): */
  KHOJI_STORE_ROWS_CORRECTIONS, /* kind, entity_key, target_key, value: in the order made */
  KHOJI_STORE_ROWS_ENTITY_KEYS, /* id, key: every entity row, merged or not */
  /* The corrections as a person reads them, in the order made: id, kind,
   * value, old_value, who, created (seconds since 1970), then the entity
   * corrected and the merge's target, each as id, name and the id it
   * counts for now (merged_into or its own); NULLs when no row has the
   * key. */
  KHOJI_STORE_ROWS_CORRECTION_LIST,
} KhojiStoreRows;

gboolean    khoji_store_foreach_row        (KhojiStore        *self,
                                            KhojiStoreRows     rows,
                                            KhojiStoreRowFunc  func,
                                            gpointer           user_data,
                                            GError           **error);

G_END_DECLS
