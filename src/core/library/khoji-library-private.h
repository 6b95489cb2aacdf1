/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the library's files share. Private to library/.
 *
 *   khoji-library.c         the object: opening, the window's lists,
 *                           queries, corrections, the integrity check
 *   khoji-library-reader.c  the window's reads, on a thread of their own
 *   khoji-importer.c        import: the worker pool and the storing thread
 *   khoji-query.c           a search box's text as an FTS5 query
 *   khoji-export.c          the JSON and CSV writers */

#include "khoji-analysis.h"
#include "khoji-ingest.h"
#include "khoji-library.h"
#include "khoji-library-reader.h"
#include "khoji-store.h"
#include "khoji-text.h"

G_BEGIN_DECLS

struct _KhojiLibrary
{
  GObject         parent_instance;
  char           *path;
  KhojiStore     *store;
  KhojiGazetteer *gazetteer;
  GMainContext   *context;
  guint           import_workers;  /* 0: KHOJI_IMPORT_WORKERS, else one per processor */
  KhojiLibraryReader *reader;      /* the window's reads (khoji-library-reader.c), or NULL */
};

/* A store error as a library error, with a sentence for the user; takes
 * store_error. `path` (may be NULL) says which library. */
void _khoji_library_propagate_store_error (GError    **error,
                                           GError     *store_error,
                                           const char *path);
/* Emits "changed" (on the calling thread). */
void _khoji_library_emit_changed          (KhojiLibrary *self);

G_END_DECLS
