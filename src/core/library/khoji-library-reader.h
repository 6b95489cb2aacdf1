/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "khoji-library.h"

G_BEGIN_DECLS

/* Reads for the window, off its main thread: on one thread of the
 * library's with a connection of its own, one read at a time, in the
 * order asked, each finished on the caller's main context. A read
 * cancelled before it starts is not run. */

/* What the window shows for a selection of entities. */
typedef struct {
  GArray *article_ids;  /* of gint64, ascending: the articles that mention
                         * every entity (where they meet); NULL when none
                         * is selected, which is every article */
  GArray *events;       /* of KhojiEventRef, in the order of
                         * khoji_library_list_event_refs(): those articles'
                         * events, or every event */
} KhojiSelection;

void          khoji_selection_free                    (KhojiSelection      *selection);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhojiSelection, khoji_selection_free)

/* entity_ids: an array of gint64, possibly empty. */
void          khoji_library_read_selection_async      (KhojiLibrary        *self,
                                                       GArray              *entity_ids,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
KhojiSelection *khoji_library_read_selection_finish   (KhojiLibrary        *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);

/* khoji_library_search() on the library's thread. */
void          khoji_library_search_async              (KhojiLibrary        *self,
                                                       const char          *query,
                                                       guint                limit,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
GPtrArray    *khoji_library_search_finish             (KhojiLibrary        *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);

/* khoji_library_list_articles() on the library's thread: the article
 * list's whole list when no load has handed one over. */
void          khoji_library_list_articles_async       (KhojiLibrary        *self,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
GPtrArray    *khoji_library_list_articles_finish      (KhojiLibrary        *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);

/* khoji_library_get_entity() on the library's thread: one entity's row
 * after a correction changed it, its aliases read with it. */
void          khoji_library_read_entity_async         (KhojiLibrary        *self,
                                                       gint64               entity_id,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
KhojiEntity  *khoji_library_read_entity_finish        (KhojiLibrary        *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);

/* What a reading column shows of an article. */
typedef struct {
  KhojiArticle *article;
  char         *text;
  GPtrArray    *spans;    /* of KhojiArticleSpan, by start; NULL if unreadable */
} KhojiArticleContent;

void          khoji_article_content_free              (KhojiArticleContent *content);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhojiArticleContent, khoji_article_content_free)

void          khoji_library_read_article_async        (KhojiLibrary        *self,
                                                       gint64               article_id,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
KhojiArticleContent *khoji_library_read_article_finish (KhojiLibrary        *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);

/* One mention of an entity: where, in which article, in what sentence. */
typedef struct {
  gint64  article_id;
  char   *title;        /* the article's */
  char   *published;    /* YYYY-MM-DD, or NULL */
  guint   start;        /* code points into the article text */
  guint   end;
  char   *sentence;     /* the sentence around it, trimmed */
  guint   sentence_start;  /* where the mention starts in it, in code points */
} KhojiEntityMention;

void          khoji_entity_mention_free                      (KhojiEntityMention        *mention);

/* Every mention of an entity, newest article first, in text order
 * within one; an array of KhojiEntityMention. */
void          khoji_library_list_mentions_async       (KhojiLibrary        *self,
                                                       gint64               entity_id,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
GPtrArray    *khoji_library_list_mentions_finish      (KhojiLibrary        *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);

/* The details of these events (event_ids: of gint64), for the timeline's
 * tooltips and activation: an array of KhojiEvent, those the library
 * has, in the order asked. */
void          khoji_library_read_events_async         (KhojiLibrary        *self,
                                                       GArray              *event_ids,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
GPtrArray    *khoji_library_read_events_finish        (KhojiLibrary        *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);

/* The articles two entities share (an edge of the network view). */
typedef struct {
  guint      n_total;    /* how many share them */
  GPtrArray *articles;   /* of KhojiArticle: up to `max` of them, newest import first */
} KhojiSharedArticles;

void          khoji_shared_articles_free              (KhojiSharedArticles *shared);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhojiSharedArticles, khoji_shared_articles_free)

void          khoji_library_read_shared_articles_async (KhojiLibrary        *self,
                                                        gint64               a,
                                                        gint64               b,
                                                        guint                max,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
KhojiSharedArticles *khoji_library_read_shared_articles_finish (KhojiLibrary        *self,
                                                                GAsyncResult        *result,
                                                                GError             **error);

/* Called on the library's thread with a list it read, before the list
 * is handed over (to sort it as it will be shown); must not touch GTK. */
typedef void (*KhojiEntitiesPrepare) (GPtrArray *entities,
                                      gpointer   user_data);

/* khoji_library_list_entities() on the library's thread (the entity
 * panel's Show Hidden Entities), the aliases read there too. */
void          khoji_library_list_entities_async       (KhojiLibrary        *self,
                                                       gboolean             include_hidden,
                                                       KhojiEntitiesPrepare prepare,
                                                       gpointer             prepare_data,
                                                       GDestroyNotify       prepare_destroy,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
GPtrArray    *khoji_library_list_entities_finish      (KhojiLibrary        *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);

/* khoji_library_list_corrections() on the library's thread: an array of
 * KhojiCorrectionRecord (the history of an entity, or all with 0). */
void          khoji_library_list_corrections_async    (KhojiLibrary        *self,
                                                       gint64               entity_id,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
GPtrArray    *khoji_library_list_corrections_finish   (KhojiLibrary        *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);

/* khoji_library_get_change_stamp() on the library's thread: the window
 * asks every few seconds whether someone else changed the library. */
void          khoji_library_read_change_stamp_async   (KhojiLibrary        *self,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
char         *khoji_library_read_change_stamp_finish  (KhojiLibrary        *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);

/* The first mention of an entity in the first article that names it
 * (the map's tooltip): one article read, however many name it. */
void          khoji_library_first_mention_async       (KhojiLibrary        *self,
                                                       gint64               entity_id,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
KhojiEntityMention *khoji_library_first_mention_finish (KhojiLibrary        *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);

/* For library/: a reader's thread and connection, made on the first
 * read and closed (on that thread) with the library. Two readers, so
 * that the views' graph and places (a few hundred milliseconds at
 * 100,000 articles) do not hold up the article list, nor it them. */
typedef struct _KhojiLibraryReader KhojiLibraryReader;

typedef enum {
  KHOJI_READER_LISTS,   /* everything else: selection, search, an article, mentions, an edge's articles, the stamp */
  KHOJI_READER_VIEWS,   /* the network and the map */
  KHOJI_READER_N
} KhojiReaderLane;

/* What a read does, on the reader's thread with its connection. */
typedef gpointer (*KhojiReadFunc) (KhojiLibrary  *connection,
                                   gpointer       data,
                                   GCancellable  *cancellable,
                                   GError       **error);

void          _khoji_library_reader_free              (KhojiLibraryReader  *reader);
KhojiLibraryReader **_khoji_library_get_reader_slot   (KhojiLibrary        *self,
                                                       KhojiReaderLane      lane);
/* Queues `func` on the lane's reader; its result (freed with
 * result_destroy if nobody takes it) comes back through `callback` on
 * the caller's main context, tagged with source_tag. */
void          _khoji_library_run_read                 (KhojiLibrary        *self,
                                                       KhojiReaderLane      lane,
                                                       gpointer             source_tag,
                                                       KhojiReadFunc        func,
                                                       gpointer             data,
                                                       GDestroyNotify       data_destroy,
                                                       GDestroyNotify       result_destroy,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
gpointer      _khoji_library_finish_read              (KhojiLibrary        *self,
                                                       GAsyncResult        *result,
                                                       gpointer             source_tag,
                                                       GError             **error);

G_END_DECLS
