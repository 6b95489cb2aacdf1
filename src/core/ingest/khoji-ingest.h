/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define KHOJI_INGEST_ERROR (khoji_ingest_error_quark ())
GQuark khoji_ingest_error_quark (void);

typedef enum {
  KHOJI_INGEST_ERROR_EMPTY,        /* no text at all, or only whitespace/boilerplate */
  KHOJI_INGEST_ERROR_BINARY,       /* NUL bytes or control data: not a text file */
  KHOJI_INGEST_ERROR_ENCODING,     /* bytes that no supported encoding decodes */
  KHOJI_INGEST_ERROR_TOO_LARGE,    /* over KHOJI_INGEST_MAX_BYTES */
  KHOJI_INGEST_ERROR_HTML,         /* HTML the parser could not read */
  KHOJI_INGEST_ERROR_IO,           /* the file could not be read */
  KHOJI_INGEST_ERROR_PDF,          /* a PDF with no text, in a legacy font, locked or broken */
} KhojiIngestError;

/* Articles are news pages: 16 MiB is far above any real one, and keeps one
 * hostile file from taking the machine's memory. */
#define KHOJI_INGEST_MAX_BYTES (16 * 1024 * 1024)

typedef struct {
  char *text;        /* clean UTF-8 NFC article text, boilerplate removed; never NULL */
  char *title;       /* first heading or first line; never NULL */
  char *source;      /* outlet or site name when the page says it, else NULL */
  char *published;   /* YYYY-MM-DD from a dateline in the text, else NULL */
} KhojiDocument;

void           khoji_document_free        (KhojiDocument *doc);
KhojiDocument *khoji_ingest_bytes         (GBytes        *bytes,
                                           const char    *name_hint,
                                           GError       **error);
KhojiDocument *khoji_ingest_text          (const char    *utf8,
                                           GError       **error);
KhojiDocument *khoji_ingest_file          (GFile         *file,
                                           GCancellable  *cancellable,
                                           GError       **error);

gsize          khoji_ingest_front_matter  (const char    *text,
                                           const char    *title,
                                           char         **dateline);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhojiDocument, khoji_document_free)

G_END_DECLS
