/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What ingest's files share. Private to ingest/.
 *
 *   khoji-ingest.c       the pipeline, and titles
 *   khoji-decode.c       bytes to UTF-8, and clean lines
 *   khoji-html.c         an HTML page's article, title, site and date
 *   khoji-boilerplate.c  the lines that are page furniture
 *   khoji-dateline.c     the publication date in a dateline or metadata */

#include "khoji-ingest.h"
#include "khoji-calendar-words.h"
#include "khoji-text.h"

G_BEGIN_DECLS

/* A heading longer than this is a paragraph that happens to come first. */
#define TITLE_MAX_CHARS 200

/* How many non-blank lines at the top are the article's front: its
 * headline, dateline, byline and counters, before the body settles. */
#define FRONT_LINES 6

/* The rules match folded lines (khoji_text_fold: Latin lower case, no
 * nukta, short i/u, hyphens as spaces, ASCII digits), so one pattern
 * covers the spellings outlets use. Devanagari in the patterns below is
 * therefore written in folded form (पढें, not पढ़ें; भि, not भी). */

typedef struct {
  GRegex *ad_marker;
  GRegex *read_time;
  GRegex *promo_alone;
  GRegex *promo_inline;
  GRegex *teaser_inline;
  GRegex *teaser_alone;
  GRegex *teaser_words;
  GRegex *outlet_promo;
  GRegex *byline;
  GRegex *byline_en;
  GRegex *bracket_prompt;
  GRegex *credit;
  GRegex *share;
  GRegex *social_only;
  GRegex *topics_alone;
  GRegex *topics_inline;
  GRegex *notice;
  GRegex *url_only;
  GRegex *embed_credit;
  GRegex *caption;
  GRegex *bare_number;
  GRegex *desk_prefix;
  GRegex *place_prefix;
  /* dates */
  GRegex *date_dmy;
  GRegex *date_mdy;
  GRegex *date_iso;
  GRegex *date_num;
  GRegex *dateline_noise;
  GRegex *dateline_prefix;
  GRegex *dateline_keyword;
  /* folded month name (khoji-calendar-words.c) -> 1..12 */
  GHashTable *month_names;
} Rules;

typedef struct {
  char *text;
  char *title;
  char *source;
  char *published;
  char *page_text;   /* the whole page's text, when the article is a part of it */
} Extracted;

static inline void
extracted_clear (Extracted *ex)
{
  g_clear_pointer (&ex->text, g_free);
  g_clear_pointer (&ex->title, g_free);
  g_clear_pointer (&ex->source, g_free);
  g_clear_pointer (&ex->published, g_free);
  g_clear_pointer (&ex->page_text, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Extracted, extracted_clear)

/* khoji-boilerplate.c */
void _khoji_ingest_clean_front (GPtrArray *lines);
gboolean _khoji_ingest_ends_like_sentence (const char *line);
gboolean _khoji_ingest_rx_match (GRegex     *re,
                                 const char *s);
glong _khoji_ingest_char_count (const char *s);
Rules *_khoji_ingest_rules_get (void);
void _khoji_ingest_remove_boilerplate (GPtrArray *lines,
                                       gboolean   from_html);
gboolean _khoji_ingest_has_letters (const char *s);

/* khoji-dateline.c */
gboolean _khoji_ingest_is_bare_number (const char *line);
gboolean _khoji_ingest_is_pure_dateline (const char *line);
char *_khoji_ingest_find_dateline (GPtrArray *lines);
char *_khoji_ingest_parse_meta_date (const char *value);

/* khoji-decode.c */
gboolean _khoji_ingest_line_is_blank (const char *line);
void _khoji_ingest_set_too_large (GError **error);
GPtrArray *_khoji_ingest_clean_lines (const char *utf8,
                                      GError    **error);
char *_khoji_ingest_join_lines (GPtrArray *lines);
gboolean _khoji_ingest_is_blank_utf8 (const char *s);
void _khoji_ingest_set_blank (GError **error);
gboolean _khoji_ingest_check_controls (const char *utf8,
                                       gsize       len,
                                       GError    **error);
char *_khoji_ingest_decode_bytes (const guint8 *data,
                                  gsize         len,
                                  GError      **error);
void _khoji_ingest_set_bad_utf8 (GError **error,
                                 gsize    offset);

/* khoji-html.c */
char *_khoji_ingest_squash_spaces (const char *s);
gboolean _khoji_ingest_extract_html (const char *utf8,
                                     Extracted  *ex,
                                     GError    **error);
gboolean _khoji_ingest_name_says_html (const char *name);
/* khoji-pdf.c */
char *_khoji_ingest_pdf_text (GBytes  *bytes,
                              GError **error);
gboolean _khoji_ingest_content_says_html (const char *utf8);

G_END_DECLS
