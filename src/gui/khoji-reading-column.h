/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "khoji-compare.h"
#include "khoji-library.h"

G_BEGIN_DECLS

#define KHOJI_TYPE_READING_COLUMN (khoji_reading_column_get_type ())
G_DECLARE_FINAL_TYPE (KhojiReadingColumn, khoji_reading_column, KHOJI, READING_COLUMN, GtkWidget)

GtkWidget *khoji_reading_column_new                   (KhojiLibrary       *library,
                                                       gint64              article_id);
gint64     khoji_reading_column_get_article_id        (KhojiReadingColumn *self);
const char *khoji_reading_column_get_title            (KhojiReadingColumn *self);
/* Reloads text and highlights, e.g. after a correction; keeps the scroll. */
void       khoji_reading_column_reload                (KhojiReadingColumn *self);
/* entity_ids: of gint64, or NULL: their mentions are emphasised. */
void       khoji_reading_column_set_selected_entities (KhojiReadingColumn *self,
                                                       GArray             *entity_ids);
/* Scrolls to and briefly marks the text from start to end (code points). */
void       khoji_reading_column_reveal_range          (KhojiReadingColumn *self,
                                                       guint               start,
                                                       guint               end);
/* Scrolls to the first mention of a selected entity, if any. */
gboolean   khoji_reading_column_reveal_selected       (KhojiReadingColumn *self);
/* Moves the keyboard focus into the text, for Ctrl+W and arrow keys. */
void       khoji_reading_column_focus                 (KhojiReadingColumn *self);
guint      khoji_reading_column_get_n_mentions        (KhojiReadingColumn *self);
/* As wide as its parent gives (a narrow window), or as dragged. */
void       khoji_reading_column_set_fill              (KhojiReadingColumn *self,
                                                       gboolean            fill);
/* The article is being read on the library's thread. */
gboolean   khoji_reading_column_get_busy              (KhojiReadingColumn *self);
/* Marks the words of a search in the text (NULL: none). */
void       khoji_reading_column_set_search            (KhojiReadingColumn *self,
                                                       const char         *query);
guint      khoji_reading_column_count_search_matches  (KhojiReadingColumn *self);
/* The text selected in the article, or NULL (a found match or a mention
 * stepped to is selected). */
char      *khoji_reading_column_dup_selection         (KhojiReadingColumn *self);
/* Opens the find bar with text and returns how many matches it marks. */
guint      khoji_reading_column_find                  (KhojiReadingColumn *self,
                                                       const char         *text);
/* The text as the reader sees it (without the header lines) and the meta
 * line under the title. */
char      *khoji_reading_column_dup_shown_text        (KhojiReadingColumn *self);
const char *khoji_reading_column_get_meta             (KhojiReadingColumn *self);

/* The marks of a comparison with another column (NULL: none), this
 * column being the comparison's left or right side: its paired
 * sentences tinted, the entities both name underlined once, those only
 * it names twice, the numbers and dates that differ with a wavy line;
 * `description` tells the same in words to assistive technologies. */
void       khoji_reading_column_set_comparison        (KhojiReadingColumn    *self,
                                                       const KhojiComparison *comparison,
                                                       gboolean               left,
                                                       const char            *description);
/* The pair being read, tinted more strongly (code points; end 0: none). */
void       khoji_reading_column_set_current_range     (KhojiReadingColumn *self,
                                                       guint               start,
                                                       guint               end);
GtkAdjustment *khoji_reading_column_get_vadjustment   (KhojiReadingColumn *self);
/* Where a code point is, and which is at a height, in the text's
 * coordinates (those of the vertical adjustment). */
int        khoji_reading_column_get_offset_y          (KhojiReadingColumn *self,
                                                       guint               offset);
guint      khoji_reading_column_get_offset_at_y       (KhojiReadingColumn *self,
                                                       int                 y);
/* The texts a comparison mark covers ("pair", "current", "shared",
 * "only", "differs"), in text order. */
char     **khoji_reading_column_dup_marked            (KhojiReadingColumn *self,
                                                       const char         *mark);

G_END_DECLS
