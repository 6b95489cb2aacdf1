/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "khoji-items.h"

G_BEGIN_DECLS

#define KHOJI_LIBRARY_ERROR (khoji_library_error_quark ())
GQuark khoji_library_error_quark (void);

typedef enum {
  KHOJI_LIBRARY_ERROR_OPEN,        /* the library file cannot be opened or created */
  KHOJI_LIBRARY_ERROR_BUSY,        /* another program holds the library too long */
  KHOJI_LIBRARY_ERROR_CORRUPT,     /* the file is not a Khoji library, or is damaged */
  KHOJI_LIBRARY_ERROR_READ_ONLY,   /* the file or its folder cannot be written */
  KHOJI_LIBRARY_ERROR_FULL,        /* the disk is full */
  KHOJI_LIBRARY_ERROR_QUERY,       /* a search query Khoji cannot read */
  KHOJI_LIBRARY_ERROR_NOT_FOUND,   /* no such article or entity */
  KHOJI_LIBRARY_ERROR_FAILED,      /* anything else; the message says what */
  /* A shared archive's faults: worth another try later (Retry). */
  KHOJI_LIBRARY_ERROR_UNREACHABLE, /* the server is down, or the network is gone */
  KHOJI_LIBRARY_ERROR_AUTH,        /* the server refused the user name or password */
  KHOJI_LIBRARY_ERROR_NEWER,       /* made by a newer Khoji: nothing was written to it */
} KhojiLibraryError;

/* ---- Import ---- */

typedef enum {
  KHOJI_IMPORT_IMPORTED,
  KHOJI_IMPORT_DUPLICATE,
  KHOJI_IMPORT_REJECTED,
} KhojiImportStatus;

typedef struct {
  char              *path;        /* file path, or NULL for dropped text */
  KhojiImportStatus  status;
  gint64             article_id;  /* 0 when rejected */
  char              *message;     /* why it was rejected, translated; NULL otherwise */
  gboolean           unreachable; /* rejected because the shared archive could not be
                                   * reached: the file is fine, importing it again later
                                   * saves it */
} KhojiImportResult;

void khoji_import_result_free (KhojiImportResult *result);

/* Called on the caller's main context while an import runs. */
typedef void (*KhojiImportProgress) (guint       done,
                                     guint       total,
                                     const char *current_path,
                                     gpointer    user_data);

#define KHOJI_TYPE_LIBRARY (khoji_library_get_type ())
G_DECLARE_FINAL_TYPE (KhojiLibrary, khoji_library, KHOJI, LIBRARY, GObject)

char         *khoji_library_default_path   (void);
KhojiLibrary *khoji_library_open           (const char          *path,
                                            GError             **error);
const char   *khoji_library_get_path       (KhojiLibrary        *self);
/* Whether the library at PATH (NULL: the default one) was made by an
 * older Khoji and opening it will first bring it up to date — seconds
 * for a large library. khoji_library_upgrade_async() does that on a
 * thread of its own; khoji_library_open() is then quick. */
gboolean      khoji_library_needs_upgrade  (const char          *path);
void          khoji_library_upgrade_async  (const char          *path,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean      khoji_library_upgrade_finish (GAsyncResult        *result,
                                            GError             **error);
/* Threads that work on an import, the importing thread (which stores)
 * included (the "import-workers" property): 0 = KHOJI_IMPORT_WORKERS or
 * one per processor, 1 = all on the importing thread. */
guint         khoji_library_get_import_workers (KhojiLibrary      *self);
void          khoji_library_set_import_workers (KhojiLibrary        *self,
                                                guint                n_workers);

/* Synchronous import on the calling thread (the CLI). Folders are walked;
 * results come in the order the files were met. `published` (YYYY-MM-DD or
 * NULL) is the publication date for every file. Never fails as a whole:
 * each file gets its own result. */
GPtrArray    *khoji_library_import_files   (KhojiLibrary        *self,
                                            GFile              **files,
                                            guint                n_files,
                                            const char          *published,
                                            KhojiImportProgress  progress,
                                            gpointer             progress_data,
                                            GCancellable        *cancellable);

/* The same on a worker thread (the window): progress comes on the main
 * context; the result is a GPtrArray of KhojiImportResult. "changed" is
 * emitted when it ends. */
void          khoji_library_import_async   (KhojiLibrary        *self,
                                            GFile              **files,
                                            guint                n_files,
                                            const char          *published,
                                            KhojiImportProgress  progress,
                                            gpointer             progress_data,
                                            GDestroyNotify       progress_destroy,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
GPtrArray    *khoji_library_import_finish  (KhojiLibrary        *self,
                                            GAsyncResult        *result,
                                            GError             **error);
KhojiImportResult *khoji_library_import_text (KhojiLibrary      *self,
                                              const char          *text,
                                              const char          *published);

/* ---- The window's lists, read off the main thread ---- */

/* What a window shows of a library, its entities and articles: read
 * together, on a thread of the library's with a connection of its own,
 * so that a library of 100,000 articles opens without freezing the
 * window. */
typedef struct {
  gboolean   show_hidden;     /* as asked */
  guint      entity_limit;    /* as asked: 0 for all */
  GPtrArray *entities;        /* of KhojiEntity: all, their aliases already read;
                               * or, when there are more, the first
                               * entity_limit, without aliases */
  guint      n_entities;      /* how many the whole listing holds */
  GPtrArray *articles;        /* of KhojiArticle */
  char      *stamp;           /* khoji_library_get_change_stamp() as the lists were read */
} KhojiLibraryLists;

/* Called on the loading thread once the lists are read, to put them in
 * the order they are shown (sorting 100,000 items is work for that
 * thread too). It must not touch GTK. */
typedef void (*KhojiListsPrepare) (KhojiLibraryLists *lists,
                                   gpointer           user_data);

void          khoji_library_load_lists_async (KhojiLibrary        *self,
                                              gboolean             show_hidden,
                                              guint                entity_limit,   /* 0: all */
                                              KhojiListsPrepare    prepare,
                                              gpointer             prepare_data,
                                              GDestroyNotify       prepare_destroy,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
KhojiLibraryLists *khoji_library_load_lists_finish (KhojiLibrary        *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);
void          khoji_library_lists_free     (KhojiLibraryLists   *lists);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhojiLibraryLists, khoji_library_lists_free)

/* Drops a reference to each array on a thread of the library's: the
 * lists a reload replaces hold 200,000 objects at 100,000 articles, and
 * finalizing them was a third of the hand-over on the main thread. Only
 * items no one else holds are freed there; NULLs are skipped. */
void          khoji_library_unref_in_background (GPtrArray           *first,
                                                 GPtrArray           *second);

/* ---- Other writers ---- */

/* What changes when anyone — another program, another computer on a
 * shared archive — adds an article or makes or takes back a correction:
 * the number of articles and of corrections and the newest correction.
 * The same on either backend (SQLite's data_version is not: it counts
 * per connection, and the window reads through connections of the
 * moment). NULL on error: a shared archive's server gone away says so
 * here. */
char         *khoji_library_get_change_stamp (KhojiLibrary        *self,
                                              GError             **error);

/* Opens the library's connections again (the main thread's now, the
 * reader's on its next read): after a shared archive's server came back.
 * On failure the old connection stays. Blocks while it connects: check
 * first on a thread (khoji_library_upgrade_async() opens and closes). */
gboolean      khoji_library_reconnect      (KhojiLibrary        *self,
                                            GError             **error);

/* ---- Queries (main thread, read connection; all return new references) ---- */

GPtrArray    *khoji_library_list_articles  (KhojiLibrary        *self,
                                            GError             **error);
GPtrArray    *khoji_library_search         (KhojiLibrary        *self,
                                            const char          *query,
                                            guint                limit,
                                            GError             **error);
GPtrArray    *khoji_library_list_entities  (KhojiLibrary        *self,
                                            gboolean             include_hidden,
                                            GError             **error);
/* The first `limit` entities of khoji_library_list_entities(), in its
 * order, without aliases (their filter needs the whole listing anyway);
 * the others are not read into entities, so that a window lists the
 * entities named most of a library of 100,000 articles at once.
 * *n_listed: how many the whole listing holds. */
#define KHOJI_LIBRARY_TOP_ENTITIES 1000   /* what a window lists at first */
GPtrArray    *khoji_library_list_top_entities (KhojiLibrary        *self,
                                               gboolean             include_hidden,
                                               guint                limit,
                                               guint               *n_listed,
                                               GError             **error);
GPtrArray    *khoji_library_list_events    (KhojiLibrary        *self,
                                            gint64               entity_id,   /* 0: all */
                                            GError             **error);
/* Every event with a known date (or those of the articles that mention
 * entity_id), sorted by first day, then last day and kind, so that events
 * drawn as one mark are neighbours. An array of KhojiEventRef. */
GArray       *khoji_library_list_event_refs (KhojiLibrary        *self,
                                             gint64               entity_id,  /* 0: all */
                                             GError             **error);
/* The details of one event of khoji_library_list_event_refs(). */
KhojiEvent   *khoji_library_get_event      (KhojiLibrary        *self,
                                            gint64               event_id,
                                            GError             **error);
GArray       *khoji_library_articles_for_entity (KhojiLibrary        *self,
                                                 gint64               entity_id,
                                                 GError             **error);  /* of gint64 */
KhojiArticle *khoji_library_get_article    (KhojiLibrary        *self,
                                            gint64               article_id,
                                            GError             **error);
char         *khoji_library_get_article_text (KhojiLibrary        *self,
                                              gint64               article_id,
                                              GError             **error);
/* Where an article's body starts after its header lines (the headline
 * repeated, a dateline, a view count), in bytes; the dateline as written. */
gsize         khoji_library_text_front_matter (const char       *text,
                                               const char          *title,
                                               char               **dateline);
GPtrArray    *khoji_library_get_article_spans (KhojiLibrary        *self,
                                               gint64               article_id,
                                               GError             **error);  /* of KhojiArticleSpan */
KhojiEntity  *khoji_library_get_entity     (KhojiLibrary        *self,
                                            gint64               entity_id,
                                            GError             **error);
guint         khoji_library_count_articles (KhojiLibrary        *self);

/* ---- Corrections: stored apart, replayed after every import ---- */

gboolean      khoji_library_merge_entities (KhojiLibrary        *self,
                                            gint64               entity_id,
                                            gint64               into_id,
                                            GError             **error);
gboolean      khoji_library_rename_entity  (KhojiLibrary        *self,
                                            gint64               entity_id,
                                            const char          *new_name,
                                            GError             **error);
gboolean      khoji_library_set_entity_type (KhojiLibrary        *self,
                                             gint64               entity_id,
                                             KhojiEntityType      type,
                                             GError             **error);
gboolean      khoji_library_set_entity_hidden (KhojiLibrary        *self,
                                               gint64               entity_id,
                                               gboolean             hidden,
                                               GError             **error);
/* The user gives an article its publication date (YYYY-MM-DD, or NULL to
 * forget it); its relative dates are resolved again against it. */
gboolean      khoji_library_set_published  (KhojiLibrary       *self,
                                            gint64              article_id,
                                            const char         *published,
                                            GError            **error);
/* Takes back the newest correction (for an Undo toast). The articles
 * imported while it held are analysed again: the async form does that on
 * a thread of its own, reporting progress (for the window). */
gboolean      khoji_library_undo_correction (KhojiLibrary        *self,
                                             GError             **error);
void          khoji_library_undo_correction_async  (KhojiLibrary        *self,
                                                    guint                n_corrections,
                                                    KhojiImportProgress  progress,
                                                    gpointer             progress_data,
                                                    GDestroyNotify       progress_destroy,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean      khoji_library_undo_correction_finish (KhojiLibrary        *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);

/* One correction as a person reads it: what was changed, by whom, when. */
typedef struct {
  gint64  id;            /* ascending in the order made */
  char   *kind;          /* "merge", "rename", "type" or "hide" */
  gint64  entity_id;     /* the entity corrected (0 when no entity has its key) */
  char   *entity_name;   /* its name now (a rename's new name) */
  gint64  target_id;     /* a merge's target; 0 for the others */
  char   *target_name;
  char   *value;         /* rename: the name given; type: person, place or
                          * organization; hide: "1" hidden, "0" shown again */
  char   *old_value;     /* what it was before, when known (a rename's old
                          * name, the old type), else NULL */
  char   *who;           /* the user name of who made it; "" when the
                          * library did not record it (before schema 10) */
  gint64  created;       /* when, seconds since 1970 (UTC) */
} KhojiCorrectionRecord;

void          khoji_correction_record_free (KhojiCorrectionRecord *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhojiCorrectionRecord, khoji_correction_record_free)

/* The corrections in the order made (an array of KhojiCorrectionRecord);
 * with entity_id, those of that entity as the panel lists it: made to it,
 * to an entity merged into it, or merging one into it. */
GPtrArray    *khoji_library_list_corrections (KhojiLibrary      *self,
                                            gint64               entity_id,   /* 0: all */
                                            GError             **error);

/* The longest name a rename gives an entity, in characters: the longest
 * official names of organizations are under 150. */
#define KHOJI_LIBRARY_NAME_MAX_CHARS 200

/* The most words (or "quoted phrases") one search may hold: ranking
 * costs grow faster than the number of words, and 1,000 OR'd words took
 * seconds. */
#define KHOJI_LIBRARY_QUERY_MAX_WORDS 100

/* A search box's text as an FTS5 query: words are ANDed, "quoted words"
 * are a phrase, a trailing * makes a prefix, OR between words, -word
 * excludes (wherever it stands; a search of only excluded words is
 * refused, as it would find everything else). Everything is quoted, so
 * no input reaches FTS5 unescaped. Fails with KHOJI_LIBRARY_ERROR_QUERY
 * and a sentence for the user. */
char         *khoji_library_parse_query    (const char          *query,
                                            GError             **error);

/* ---- Copying a whole library into another ---- */

typedef struct {
  guint articles_added;        /* new in the target */
  guint articles_present;      /* the target had them already (the same text) */
  guint articles_rejected;     /* could not be saved: the callback says why */
  guint corrections_added;
  guint corrections_present;   /* the target had them already */
  guint corrections_skipped;   /* their entity is not in the target, or was merged there meanwhile */
} KhojiCopyCounts;

/* An article of the source that the target did not take, and why
 * (translated). */
typedef void (*KhojiCopyRejected) (gint64      article_id,
                                   const char *path,
                                   const char *message,
                                   gpointer    user_data);

/* Copies every article of SOURCE into TARGET (one transaction each,
 * analysed in TARGET, their publication dates kept), then the user's
 * corrections — merges, renames, types, hidden entities — in the order
 * they were made. Either library may be a file or a shared archive.
 * Idempotent: a second copy adds nothing. Progress is called on the
 * calling thread, before each article. Fails (and stops) only when a
 * library cannot be read or written at all; what was copied until then
 * stays, and a copy run again goes on from there. */
gboolean      khoji_library_copy           (KhojiLibrary        *source,
                                            KhojiLibrary        *target,
                                            KhojiImportProgress  progress,
                                            gpointer             progress_data,
                                            KhojiCopyRejected    rejected,
                                            gpointer             rejected_data,
                                            GCancellable        *cancellable,
                                            KhojiCopyCounts     *counts,
                                            GError             **error);

/* ---- Whole-library ---- */

gboolean      khoji_library_check          (KhojiLibrary        *self,
                                            GString             *report,
                                            GError             **error);
/* The library, or the articles given (NULL: all) and what follows from
 * them, as JSON or CSV (khoji-export.c). */
gboolean      khoji_library_export_json    (KhojiLibrary        *self,
                                            const char          *what,   /* all|entities|timeline */
                                            const gint64        *article_ids,
                                            guint                n_article_ids,
                                            GOutputStream       *out,
                                            GError             **error);
gboolean      khoji_library_export_csv     (KhojiLibrary        *self,
                                            const char          *what,
                                            const gint64        *article_ids,
                                            guint                n_article_ids,
                                            GOutputStream       *out,
                                            GError             **error);
/* Appends `s` to `out` as a JSON string: bytes that are not UTF-8 become
 * U+FFFD, `"` and `\` are escaped, \n \r \t written as such, other
 * controls as \u00XX; NULL writes null. The one escaper of the exports
 * and of khoji-cli's --json. */
void          khoji_json_append_string     (GString             *out,
                                            const char          *s);
/* FollowTheMoney entities of the articles (NULL: all): JSON lines, or one
 * CSV a schema in a folder (khoji-export-ftm.c). */
gboolean      khoji_library_export_ftm     (KhojiLibrary        *self,
                                            const gint64        *article_ids,
                                            guint                n_article_ids,
                                            GOutputStream       *out,
                                            GError             **error);
typedef enum {
  KHOJI_EXPORT_JSON,
  KHOJI_EXPORT_CSV,
  KHOJI_EXPORT_FTM,
} KhojiExportFormat;

/* An export written to a file on a thread of its own (for the window);
 * article_ids (of gint64) limit it to those articles, NULL: all. */
void          khoji_library_export_file_async  (KhojiLibrary        *self,
                                                KhojiExportFormat    format,
                                                GArray              *article_ids,
                                                GFile               *dest,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean      khoji_library_export_file_finish (KhojiLibrary        *self,
                                                GAsyncResult        *result,
                                                GError             **error);
gboolean      khoji_library_export_ftm_csv (KhojiLibrary        *self,
                                            const gint64        *article_ids,
                                            guint                n_article_ids,
                                            const char          *dir,
                                            GError             **error);

/* ---- Display ---- */

/* A proleptic Gregorian date written the way `locale` writes it, from an
 * ICU skeleton ("MMMMy", "MMMM", "dMMMy", "dMMM", "y"), for the window's
 * labels (the text layer's khoji_text_format_date, which the window does
 * not see). NULL for an invalid date. */
char         *khoji_format_date            (int                  year,
                                            int                  month,
                                            int                  day,
                                            const char          *skeleton,
                                            const char          *locale);

G_END_DECLS
