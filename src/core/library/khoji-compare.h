/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* How two reports of one event differ: their sentences paired by the
 * entities and dates they share, the entities only one of them names, and
 * within paired sentences the numbers and dates that differ, compared by
 * value (११ equals 11, बुधवार is the date it resolves to). */

#include "khoji-library.h"

G_BEGIN_DECLS

typedef struct {
  guint start;                  /* code points into the article text */
  guint end;
} KhojiCompareSpan;

typedef struct {
  guint left;                   /* indexes into the sentences of each side */
  guint right;
  guint n_shared;               /* entities and dates the two share */
} KhojiComparePair;

typedef enum {
  KHOJI_DIFFERENCE_NUMBER,
  KHOJI_DIFFERENCE_DATE,
} KhojiDifferenceKind;

/* A number or date of one sentence of a pair that the other sentence of
 * the pair does not have, though it has numbers (dates) of its own. */
typedef struct {
  guint               pair;     /* index into pairs */
  gboolean            left;     /* on the left side (else the right) */
  KhojiDifferenceKind kind;
  KhojiCompareSpan    span;
  char               *text;     /* as written */
  char               *value;    /* the value compared: "11000", "2024-03-06" */
} KhojiDifference;

typedef struct {
  GArray    *left_sentences;    /* of KhojiCompareSpan */
  GArray    *right_sentences;
  GArray    *pairs;             /* of KhojiComparePair, in the left's order */
  GArray    *shared;            /* of gint64 entity ids, as the left names them first */
  GArray    *only_left;
  GArray    *only_right;
  GArray    *differences;       /* of KhojiDifference, by pair */
  GHashTable *names;            /* khoji_library_compare_async() only (else NULL):
                                 * entity id (gint64 *) -> name, for the
                                 * entities of only_left and only_right the
                                 * library has, read on its thread */
} KhojiComparison;

void khoji_comparison_free (KhojiComparison *comparison);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhojiComparison, khoji_comparison_free)

/* The comparison of two texts, given their spans (of KhojiArticleSpan,
 * as khoji_library_get_article_spans gives them). Pure: no library. */
KhojiComparison *khoji_compare_texts    (const char    *left_text,
                                         GPtrArray     *left_spans,
                                         const char    *right_text,
                                         GPtrArray     *right_spans);

/* The comparison of two articles of the library. */
KhojiComparison *khoji_library_compare  (KhojiLibrary  *self,
                                         gint64         left_id,
                                         gint64         right_id,
                                         GError       **error);

/* The same on a thread of the library's, with a connection of its own
 * (the window), with the names of the entities only one side names. */
void             khoji_library_compare_async  (KhojiLibrary        *self,
                                               gint64               left_id,
                                               gint64               right_id,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
KhojiComparison *khoji_library_compare_finish (KhojiLibrary        *self,
                                               GAsyncResult        *result,
                                               GError             **error);

/* The numbers of a text, by value: runs of Latin or Devanagari digits
 * with their separators ("११,०००", "12.5"), a word for a multiple after
 * them ("11 हज़ार" = 11000). For the tests and for the comparison. An
 * array of KhojiCompareSpan (code points), values in `values` (of
 * double). */
GArray          *khoji_compare_numbers  (const char    *text,
                                         GArray       **values);

G_END_DECLS
