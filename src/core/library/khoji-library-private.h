/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the library's files share. Private to library/.
 *
 *   khoji-library.c         the object: opening, the window's lists,
 *                           queries, corrections, the integrity check
 *   khoji-library-reader.c  the window's reads, on threads of their own
 *   khoji-importer.c        import: the worker pool and the storing thread
 *   khoji-query.c           a search box's text as an FTS5 query
 *   khoji-export.c          the JSON and CSV writers, and what they
 *                           share with khoji-export-ftm.c */

#include "khoji-analysis.h"
#include "khoji-ingest.h"
#include "khoji-library.h"
#include "khoji-library-reader.h"
#include "khoji-network.h"
#include "khoji-store.h"
#include "khoji-text.h"

G_BEGIN_DECLS

struct _KhojiLibrary
{
  GObject         parent_instance;
  char           *path;
  KhojiStore     *store;
  GMainContext   *context;
  guint           import_workers;  /* 0: KHOJI_IMPORT_WORKERS, else one per processor */
  KhojiLibraryReader *readers[KHOJI_READER_N];  /* the window's reads (khoji-library-reader.c), or NULL */
  KhojiNetworkWeight network_weight;  /* what the network's edges count */
};

/* The process's gazetteer, loaded by the first caller (khoji-library.c). */
KhojiGazetteer *_khoji_library_get_gazetteer (void);

/* A store error as a library error, with a sentence for the user; takes
 * store_error. `path` (may be NULL) says which library. */
void _khoji_library_propagate_store_error (GError    **error,
                                           GError     *store_error,
                                           const char *path);
/* An article as another library keeps it (khoji-library-copy.c). */
typedef struct {
  const char *path;
  const char *title;
  const char *source;
  const char *published;
  const char *published_source;
  const char *text;
} KhojiStoredArticle;

/* Adds an article read from another library, analysed here; a duplicate
 * (by the hash of its text) is not added again. */
KhojiImportStatus _khoji_library_add_stored_article (KhojiLibrary            *self,
                                                     const KhojiStoredArticle *stored,
                                                     GPtrArray               *lexicon,
                                                     gint64                  *article_id,
                                                     char                   **message);
/* The hex SHA-256 of an article's clean text (khoji-importer.c): how the
 * library knows a text it already has. */
char *_khoji_library_text_hash (const char *text,
                                gsize       len);

/* The user's learned forms, for the extractor (NULL: none). */
GPtrArray *_khoji_library_load_lexicon (KhojiLibrary *self);

/* Emits "changed" (on the calling thread). */
void _khoji_library_emit_changed          (KhojiLibrary *self);
/* Emits "changed" from an idle source on `context` (from a thread). */
void _khoji_library_emit_changed_later    (KhojiLibrary *self,
                                           GMainContext *context);
/* Calls `progress` on `context` from an idle source (never right here,
 * even when the context is free), or here when `context` is NULL. */
void _khoji_library_report_progress       (KhojiImportProgress  progress,
                                           gpointer             progress_data,
                                           GMainContext        *context,
                                           guint                done,
                                           guint                total,
                                           const char          *path);

/* The spellings each entity was found in, entity id (gint64*) → a
 * GPtrArray of char*, sorted; NULL on error (a library error set). */
GHashTable *_khoji_export_collect_aliases (KhojiLibrary *self,
                                           GError      **error);
/* Appends `s` as one CSV field (RFC 4180): quoted when it holds a comma,
 * a quote or a line break; bytes that are not UTF-8 become U+FFFD; NULL
 * is an empty field. No separator. */
void        _khoji_export_csv_field      (GString     *out,
                                          const char  *s);

G_END_DECLS
