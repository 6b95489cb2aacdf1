/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-library"

#include "config.h"

#include <math.h>
#include <string.h>

#include "khoji-compare.h"
#include "khoji-text.h"

/* Two reports of one event say the same things in other words and
 * another order, so sentences are paired by what they speak of — the
 * entities (already resolved across spellings: पुतिन = व्लादिमीर पुतिन) and
 * the dates (already resolved to days: बुधवार is a date) they share — not
 * by their words. Pairs are chosen greedily, the most alike first, each
 * sentence in at most one pair. Within a pair, a number or date that the
 * other sentence does not have, while it has some of its own, is a
 * difference. Numbers are compared by value, whatever digits write them. */

void
khoji_comparison_free (KhojiComparison *c)
{
  if (c == NULL)
    return;
  g_clear_pointer (&c->left_sentences, g_array_unref);
  g_clear_pointer (&c->right_sentences, g_array_unref);
  g_clear_pointer (&c->pairs, g_array_unref);
  g_clear_pointer (&c->shared, g_array_unref);
  g_clear_pointer (&c->only_left, g_array_unref);
  g_clear_pointer (&c->only_right, g_array_unref);
  g_clear_pointer (&c->differences, g_array_unref);
  g_clear_pointer (&c->names, g_hash_table_unref);
  g_free (c);
}

static void
difference_clear (gpointer data)
{
  KhojiDifference *d = data;

  g_free (d->text);
  g_free (d->value);
}

/* ---- Numbers ---- */

static gboolean
is_word_char (gunichar c)
{
  return g_unichar_isalpha (c) || g_unichar_ismark (c);
}

/* Words for a multiple after a number, as Hindi papers write them. */
static const struct {
  const char *word;
  double      factor;
} multiples[] = {
  { "हज़ार", 1e3 }, { "हजार", 1e3 }, { "लाख", 1e5 }, { "करोड़", 1e7 }, { "करोड", 1e7 },
  { "मिलियन", 1e6 }, { "अरब", 1e9 }, { "बिलियन", 1e9 },
  { "thousand", 1e3 }, { "lakh", 1e5 }, { "crore", 1e7 }, { "million", 1e6 }, { "billion", 1e9 },
};

GArray *
khoji_compare_numbers (const char  *text,
                       GArray     **values)
{
  GArray *spans = g_array_new (FALSE, FALSE, sizeof (KhojiCompareSpan));
  glong n = 0;
  g_autofree gunichar *u = g_utf8_to_ucs4_fast (text, -1, &n);

  *values = g_array_new (FALSE, FALSE, sizeof (double));
  for (glong i = 0; i < n;)
    {
      KhojiCompareSpan span;
      double value = 0, scale = 0;
      glong j = i;

      if (khoji_text_digit_value (u[i]) < 0 || (i > 0 && (is_word_char (u[i - 1]) ||
                                                          khoji_text_digit_value (u[i - 1]) >= 0)))
        {
          i++;
          continue;
        }
      for (; j < n; j++)
        {
          int d = khoji_text_digit_value (u[j]);

          if (d >= 0)
            {
              if (scale > 0)
                {
                  value += d * scale;
                  scale /= 10;
                }
              else
                value = value * 10 + d;
              continue;
            }
          /* A separator counts only between digits: "11,000", "2.5". */
          if ((u[j] == ',' || u[j] == '.') && j + 1 < n && khoji_text_digit_value (u[j + 1]) >= 0)
            {
              if (u[j] == '.')
                {
                  if (scale > 0)
                    break;
                  scale = 0.1;
                }
              continue;
            }
          break;
        }
      /* Digits glued to letters are a name or a code (G20), not a number. */
      if (j < n && is_word_char (u[j]))
        {
          i = j;
          continue;
        }
      span.start = (guint) i;
      span.end = (guint) j;
      {
        /* A multiple after one space. */
        glong w = j;

        if (w < n && u[w] == ' ')
          {
            glong k = ++w;
            g_autofree char *word = NULL;

            while (k < n && is_word_char (u[k]))
              k++;
            word = g_ucs4_to_utf8 (u + w, k - w, NULL, NULL, NULL);
            for (gsize m = 0; word && m < G_N_ELEMENTS (multiples); m++)
              if (g_ascii_strcasecmp (word, multiples[m].word) == 0 || g_str_equal (word, multiples[m].word))
                {
                  value *= multiples[m].factor;
                  span.end = (guint) k;
                  break;
                }
          }
      }
      g_array_append_val (spans, span);
      g_array_append_val (*values, value);
      i = span.end;
    }
  return spans;
}

/* ---- One side ---- */

typedef struct {
  GArray    *sentences;    /* of KhojiCompareSpan */
  GPtrArray *entities;     /* per sentence: GArray of gint64, no repeats */
  GPtrArray *dates;        /* per sentence: GPtrArray of KhojiArticleSpan (borrowed) */
  GArray    *numbers;      /* of KhojiCompareSpan, not inside dates */
  GArray    *number_values;
  GArray    *number_sentence;  /* of guint */
  GArray    *entity_order; /* of gint64, first mention first */
  GPtrArray *items;        /* per sentence: GHashTable of item keys ("e:ID", "d:VALUE", "w:FOLD") */
  const char *text;
  gunichar  *u;
  glong      n_chars;
} Side;

static guint
sentence_of (GArray *sentences,
             guint   at)
{
  guint lo = 0, hi = sentences->len;

  /* The last sentence starting at or before `at`. */
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (g_array_index (sentences, KhojiCompareSpan, mid).start <= at)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo > 0 ? lo - 1 : 0;
}

static gboolean
array_has (GArray *a,
           gint64  id)
{
  for (guint i = 0; i < a->len; i++)
    if (g_array_index (a, gint64, i) == id)
      return TRUE;
  return FALSE;
}

static void
side_init (Side       *side,
           const char *text,
           GPtrArray  *spans)
{
  g_autoptr(GArray) bytes = khoji_text_sentences (text, strlen (text));
  g_autoptr(GArray) numbers = NULL;
  g_autoptr(GArray) values = NULL;
  const char *p = text;
  glong offset = 0;

  memset (side, 0, sizeof *side);
  side->text = text;
  side->u = g_utf8_to_ucs4_fast (text, -1, &side->n_chars);
  side->sentences = g_array_new (FALSE, FALSE, sizeof (KhojiCompareSpan));
  /* Byte offsets to code points, walking forward once. */
  for (guint i = 0; i < bytes->len; i++)
    {
      KhojiSpan *b = &g_array_index (bytes, KhojiSpan, i);
      KhojiCompareSpan s;

      offset += g_utf8_pointer_to_offset (p, text + b->start);
      p = text + b->start;
      s.start = (guint) offset;
      offset += g_utf8_pointer_to_offset (p, text + b->end);
      p = text + b->end;
      s.end = (guint) offset;
      g_array_append_val (side->sentences, s);
    }
  if (side->sentences->len == 0)
    {
      KhojiCompareSpan s = { 0, (guint) side->n_chars };
      g_array_append_val (side->sentences, s);
    }

  side->entities = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  side->dates = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < side->sentences->len; i++)
    {
      g_ptr_array_add (side->entities, g_array_new (FALSE, FALSE, sizeof (gint64)));
      g_ptr_array_add (side->dates, g_ptr_array_new ());
    }
  side->entity_order = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; spans && i < spans->len; i++)
    {
      KhojiArticleSpan *s = g_ptr_array_index (spans, i);
      guint k = sentence_of (side->sentences, s->start);

      if (s->kind == KHOJI_SPAN_MENTION)
        {
          GArray *ids = g_ptr_array_index (side->entities, k);

          if (!array_has (ids, s->entity_id))
            g_array_append_val (ids, s->entity_id);
          if (!array_has (side->entity_order, s->entity_id))
            g_array_append_val (side->entity_order, s->entity_id);
        }
      else
        g_ptr_array_add (g_ptr_array_index (side->dates, k), s);
    }

  /* What each sentence speaks of, for pairing: its entities, its dates
   * and its words (folded, so that spellings meet). */
  side->items = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
  for (guint i = 0; i < side->sentences->len; i++)
    {
      GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      GArray *ids = g_ptr_array_index (side->entities, i);
      GPtrArray *dates = g_ptr_array_index (side->dates, i);

      for (guint k = 0; k < ids->len; k++)
        g_hash_table_add (set, g_strdup_printf ("e:%" G_GINT64_FORMAT, g_array_index (ids, gint64, k)));
      for (guint k = 0; k < dates->len; k++)
        {
          KhojiArticleSpan *d = g_ptr_array_index (dates, k);

          if (d->value)
            g_hash_table_add (set, g_strconcat ("d:", d->value, NULL));
        }
      g_ptr_array_add (side->items, set);
    }
  {
    g_autoptr(KhojiTokens) tokens = khoji_text_tokens (text, strlen (text));
    const char *tp = text;
    glong toff = 0;

    for (guint t = 0; tokens && t < tokens->tokens->len; t++)
      {
        KhojiToken *tok = &g_array_index (tokens->tokens, KhojiToken, t);
        const char *key = tokens->keys->str + tok->key;

        toff += g_utf8_pointer_to_offset (tp, text + tok->span.start);
        tp = text + tok->span.start;
        /* Short words are grammar (का, की, ने, है), not content. */
        if (tok->key_len == 0 || g_utf8_strlen (key, -1) < 3 || khoji_text_digit_value (g_utf8_get_char (key)) >= 0)
          continue;
        g_hash_table_add (g_ptr_array_index (side->items, sentence_of (side->sentences, (guint) toff)),
                          g_strconcat ("w:", key, NULL));
      }
  }

  numbers = khoji_compare_numbers (text, &values);
  side->numbers = g_array_new (FALSE, FALSE, sizeof (KhojiCompareSpan));
  side->number_values = g_array_new (FALSE, FALSE, sizeof (double));
  side->number_sentence = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < numbers->len; i++)
    {
      KhojiCompareSpan *ns = &g_array_index (numbers, KhojiCompareSpan, i);
      gboolean in_date = FALSE;
      guint k = sentence_of (side->sentences, ns->start);

      for (guint d = 0; spans && d < spans->len && !in_date; d++)
        {
          KhojiArticleSpan *s = g_ptr_array_index (spans, d);

          in_date = s->kind == KHOJI_SPAN_DATE && ns->start < s->end && s->start < ns->end;
        }
      if (in_date)
        continue;
      g_array_append_val (side->numbers, *ns);
      g_array_append_val (side->number_values, g_array_index (values, double, i));
      g_array_append_val (side->number_sentence, k);
    }
}

static void
side_clear (Side *side)
{
  g_clear_pointer (&side->entities, g_ptr_array_unref);
  g_clear_pointer (&side->dates, g_ptr_array_unref);
  g_clear_pointer (&side->numbers, g_array_unref);
  g_clear_pointer (&side->number_values, g_array_unref);
  g_clear_pointer (&side->number_sentence, g_array_unref);
  g_clear_pointer (&side->entity_order, g_array_unref);
  g_clear_pointer (&side->items, g_ptr_array_unref);
  g_clear_pointer (&side->u, g_free);
  /* sentences moved to the comparison */
}

/* What a date is compared by: its resolved value, or its words when it
 * could not be resolved. */
static char *
date_key (Side             *side,
          KhojiArticleSpan *s)
{
  if (s->value)
    return g_strdup (s->value);
  if (s->end <= (guint) side->n_chars)
    {
      g_autofree char *text = g_ucs4_to_utf8 (side->u + s->start, s->end - s->start, NULL, NULL, NULL);

      return text ? khoji_text_fold (text, -1) : g_strdup ("");
    }
  return g_strdup ("");
}

/* Equal, or one the other at a coarser precision (2024 and 2024-03-06). */
static gboolean
dates_agree (const char *a,
             const char *b)
{
  gsize la = strlen (a), lb = strlen (b);

  if (la == lb)
    return g_str_equal (a, b);
  if (la < lb)
    return strncmp (a, b, la) == 0 && b[la] == '-';
  return strncmp (a, b, lb) == 0 && a[lb] == '-';
}

/* The least likeness (a cosine of weighted items) of a pair. */
#define KHOJI_COMPARE_MIN_SCORE 0.15

typedef struct {
  guint  left, right, shared;
  double score, distance;
} Candidate;

static int
compare_candidates (gconstpointer a,
                    gconstpointer b)
{
  const Candidate *x = a, *y = b;

  if (x->score != y->score)
    return x->score > y->score ? -1 : 1;
  if (x->shared != y->shared)
    return x->shared > y->shared ? -1 : 1;
  if (x->distance != y->distance)
    return x->distance < y->distance ? -1 : 1;
  if (x->left != y->left)
    return x->left < y->left ? -1 : 1;
  return (x->right > y->right) - (x->right < y->right);
}

static int
compare_pairs (gconstpointer a,
               gconstpointer b)
{
  const KhojiComparePair *x = a, *y = b;

  return (x->left > y->left) - (x->left < y->left);
}

/* How much an item says about a sentence: rare items much, items in
 * every sentence (रूस in a report on Russia) little; words count half
 * as much as entities and dates. */
static double
item_weight (GHashTable *df,
             const char *key,
             guint       n_sentences)
{
  double w = log ((n_sentences + 1.0) / GPOINTER_TO_UINT (g_hash_table_lookup (df, key)));

  return key[0] == 'w' ? w / 2 : w;
}

static double
sentence_norm (GHashTable *items,
               GHashTable *df,
               guint       n_sentences)
{
  GHashTableIter iter;
  gpointer key;
  double sum = 0;

  g_hash_table_iter_init (&iter, items);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      double w = item_weight (df, key, n_sentences);
      sum += w * w;
    }
  return sqrt (sum);
}

static void
pair_sentences (Side            *l,
                Side            *r,
                KhojiComparison *out)
{
  g_autoptr(GArray) candidates = g_array_new (FALSE, FALSE, sizeof (Candidate));
  g_autoptr(GHashTable) df = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree gboolean *used_l = g_new0 (gboolean, l->sentences->len);
  g_autofree gboolean *used_r = g_new0 (gboolean, r->sentences->len);
  g_autofree double *norm_l = g_new0 (double, l->sentences->len);
  g_autofree double *norm_r = g_new0 (double, r->sentences->len);
  guint n = l->sentences->len + r->sentences->len;
  Side *sides[2] = { l, r };

  /* In how many sentences (of both texts) each item is. */
  for (guint s = 0; s < 2; s++)
    for (guint i = 0; i < sides[s]->items->len; i++)
      {
        GHashTableIter iter;
        gpointer key;

        g_hash_table_iter_init (&iter, g_ptr_array_index (sides[s]->items, i));
        while (g_hash_table_iter_next (&iter, &key, NULL))
          g_hash_table_insert (df, key, GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (df, key)) + 1));
      }
  for (guint i = 0; i < l->sentences->len; i++)
    norm_l[i] = sentence_norm (g_ptr_array_index (l->items, i), df, n);
  for (guint j = 0; j < r->sentences->len; j++)
    norm_r[j] = sentence_norm (g_ptr_array_index (r->items, j), df, n);

  for (guint i = 0; i < l->sentences->len; i++)
    for (guint j = 0; j < r->sentences->len; j++)
      {
        GHashTable *li = g_ptr_array_index (l->items, i), *ri = g_ptr_array_index (r->items, j);
        GHashTableIter iter;
        gpointer key;
        guint shared = 0;
        double dot = 0;
        Candidate c;

        g_hash_table_iter_init (&iter, li);
        while (g_hash_table_iter_next (&iter, &key, NULL))
          if (g_hash_table_contains (ri, key))
            {
              double w = item_weight (df, key, n);

              dot += w * w;
              if (((const char *) key)[0] != 'w')
                shared++;
            }
        /* A pair speaks of the same entities or dates, not only in the
         * same words. */
        if (shared == 0 || norm_l[i] == 0 || norm_r[j] == 0)
          continue;
        c.left = i;
        c.right = j;
        c.shared = shared;
        c.score = dot / (norm_l[i] * norm_r[j]);
        c.distance = fabs ((double) i / l->sentences->len - (double) j / r->sentences->len);
        if (c.score >= KHOJI_COMPARE_MIN_SCORE)
          g_array_append_val (candidates, c);
      }
  g_array_sort (candidates, compare_candidates);
  {
    guint nl = l->sentences->len, nr = r->sentences->len;
    g_autofree double *score = g_new0 (double, (gsize) nl * nr);
    g_autofree guint *shared = g_new0 (guint, (gsize) nl * nr);
    g_autofree int *partner_l = g_new (int, nl);
    g_autofree int *partner_r = g_new (int, nr);
    gboolean better = TRUE;

#define SCORE(i, j) ((i) < 0 || (j) < 0 ? 0.0 : score[(gsize) (i) * nr + (j)])
    for (guint i = 0; i < nl; i++)
      partner_l[i] = -1;
    for (guint j = 0; j < nr; j++)
      partner_r[j] = -1;
    for (guint k = 0; k < candidates->len; k++)
      {
        Candidate *c = &g_array_index (candidates, Candidate, k);

        score[(gsize) c->left * nr + c->right] = c->score;
        shared[(gsize) c->left * nr + c->right] = c->shared;
        /* The most alike first... */
        if (used_l[c->left] || used_r[c->right])
          continue;
        used_l[c->left] = used_r[c->right] = TRUE;
        partner_l[c->left] = (int) c->right;
        partner_r[c->right] = (int) c->left;
      }
    /* ...then exchanges while they raise the sum of the pairs' likeness:
     * a title that names what a later sentence names took that
     * sentence's partner from it. A bounded number of rounds. */
    for (guint round = 0; better && round < 8; round++)
      {
        better = FALSE;
        for (guint k = 0; k < candidates->len; k++)
          {
            Candidate *c = &g_array_index (candidates, Candidate, k);
            int i = (int) c->left, j = (int) c->right;
            int j0 = partner_l[i], i0 = partner_r[j];
            double before, after;

            if (j0 == j)
              continue;
            int alt = j0;
            /* i takes j; i0 (j's partner, if any) takes i's old partner
             * j0 or the best right sentence that has none, or stays
             * alone. */
            if (i0 >= 0)
              for (guint jj = 0; jj < nr; jj++)
                if (partner_r[jj] < 0 && (int) jj != j && SCORE (i0, (int) jj) > SCORE (i0, alt))
                  alt = (int) jj;
            before = SCORE (i, j0) + SCORE (i0, j);
            after = c->score + SCORE (i0, alt);
            if (after <= before + 1e-9)
              continue;
            if (j0 >= 0)
              partner_r[j0] = -1;
            if (i0 >= 0)
              partner_l[i0] = -1;
            partner_l[i] = j;
            partner_r[j] = i;
            if (i0 >= 0 && alt >= 0 && SCORE (i0, alt) > 0)
              {
                partner_l[i0] = alt;
                partner_r[alt] = i0;
              }
            better = TRUE;
          }
      }
    for (guint i = 0; i < nl; i++)
      if (partner_l[i] >= 0)
        {
          KhojiComparePair p = { i, (guint) partner_l[i], shared[(gsize) i * nr + partner_l[i]] };
          g_array_append_val (out->pairs, p);
        }
#undef SCORE
  }
  g_array_sort (out->pairs, compare_pairs);
}

static void
add_difference (KhojiComparison     *out,
                Side                *side,
                guint                pair,
                gboolean             left,
                KhojiDifferenceKind  kind,
                guint                start,
                guint                end,
                char                *value)
{
  KhojiDifference d = { pair, left, kind, { start, end }, NULL, value };

  if (end <= (guint) side->n_chars && start <= end)
    d.text = g_ucs4_to_utf8 (side->u + start, end - start, NULL, NULL, NULL);
  if (d.text == NULL)
    d.text = g_strdup ("");
  g_array_append_val (out->differences, d);
}

static char *
number_string (double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (v == floor (v) && fabs (v) < 1e15)
    return g_strdup_printf ("%.0f", v);
  return g_strdup (g_ascii_dtostr (buf, sizeof buf, v));
}

/* The numbers of sentence `k` of `a` that sentence `m` of `b` lacks. */
static void
differing_numbers (KhojiComparison *out,
                   guint            pair,
                   gboolean         left,
                   Side            *a,
                   guint            k,
                   Side            *b,
                   guint            m)
{
  gboolean b_has = FALSE;

  for (guint y = 0; y < b->numbers->len && !b_has; y++)
    b_has = g_array_index (b->number_sentence, guint, y) == m;
  if (!b_has)
    return;
  for (guint x = 0; x < a->numbers->len; x++)
    {
      double v = g_array_index (a->number_values, double, x);
      gboolean found = FALSE;

      if (g_array_index (a->number_sentence, guint, x) != k)
        continue;
      for (guint y = 0; y < b->numbers->len && !found; y++)
        found = g_array_index (b->number_sentence, guint, y) == m &&
                fabs (g_array_index (b->number_values, double, y) - v) < 1e-9 * MAX (1.0, fabs (v));
      if (!found)
        {
          KhojiCompareSpan *s = &g_array_index (a->numbers, KhojiCompareSpan, x);

          add_difference (out, a, pair, left, KHOJI_DIFFERENCE_NUMBER, s->start, s->end, number_string (v));
        }
    }
}

static void
differing_dates (KhojiComparison *out,
                 guint            pair,
                 gboolean         left,
                 Side            *a,
                 guint            k,
                 Side            *b,
                 guint            m)
{
  GPtrArray *ad = g_ptr_array_index (a->dates, k), *bd = g_ptr_array_index (b->dates, m);

  if (bd->len == 0)
    return;
  for (guint x = 0; x < ad->len; x++)
    {
      KhojiArticleSpan *s = g_ptr_array_index (ad, x);
      g_autofree char *key = date_key (a, s);
      gboolean found = FALSE;

      for (guint y = 0; y < bd->len && !found; y++)
        {
          g_autofree char *other = date_key (b, g_ptr_array_index (bd, y));

          found = dates_agree (key, other);
        }
      if (!found)
        add_difference (out, a, pair, left, KHOJI_DIFFERENCE_DATE, s->start, s->end, g_steal_pointer (&key));
    }
}

KhojiComparison *
khoji_compare_texts (const char *left_text,
                     GPtrArray  *left_spans,
                     const char *right_text,
                     GPtrArray  *right_spans)
{
  KhojiComparison *out = g_new0 (KhojiComparison, 1);
  Side l, r;

  g_return_val_if_fail (left_text != NULL && right_text != NULL, out);

  side_init (&l, left_text, left_spans);
  side_init (&r, right_text, right_spans);
  out->left_sentences = g_array_ref (l.sentences);
  out->right_sentences = g_array_ref (r.sentences);
  out->pairs = g_array_new (FALSE, FALSE, sizeof (KhojiComparePair));
  out->shared = g_array_new (FALSE, FALSE, sizeof (gint64));
  out->only_left = g_array_new (FALSE, FALSE, sizeof (gint64));
  out->only_right = g_array_new (FALSE, FALSE, sizeof (gint64));
  out->differences = g_array_new (FALSE, TRUE, sizeof (KhojiDifference));
  g_array_set_clear_func (out->differences, difference_clear);

  for (guint i = 0; i < l.entity_order->len; i++)
    {
      gint64 id = g_array_index (l.entity_order, gint64, i);

      g_array_append_val (array_has (r.entity_order, id) ? out->shared : out->only_left, id);
    }
  for (guint i = 0; i < r.entity_order->len; i++)
    {
      gint64 id = g_array_index (r.entity_order, gint64, i);

      if (!array_has (l.entity_order, id))
        g_array_append_val (out->only_right, id);
    }

  pair_sentences (&l, &r, out);
  for (guint p = 0; p < out->pairs->len; p++)
    {
      KhojiComparePair *pair = &g_array_index (out->pairs, KhojiComparePair, p);

      differing_numbers (out, p, TRUE, &l, pair->left, &r, pair->right);
      differing_numbers (out, p, FALSE, &r, pair->right, &l, pair->left);
      differing_dates (out, p, TRUE, &l, pair->left, &r, pair->right);
      differing_dates (out, p, FALSE, &r, pair->right, &l, pair->left);
    }

  g_array_unref (l.sentences);
  g_array_unref (r.sentences);
  side_clear (&l);
  side_clear (&r);
  return out;
}

KhojiComparison *
khoji_library_compare (KhojiLibrary  *self,
                       gint64         left_id,
                       gint64         right_id,
                       GError       **error)
{
  g_autofree char *left_text = NULL, *right_text = NULL;
  g_autoptr(GPtrArray) left_spans = NULL, right_spans = NULL;

  g_return_val_if_fail (KHOJI_IS_LIBRARY (self), NULL);

  if (!(left_text = khoji_library_get_article_text (self, left_id, error)) ||
      !(right_text = khoji_library_get_article_text (self, right_id, error)) ||
      !(left_spans = khoji_library_get_article_spans (self, left_id, error)) ||
      !(right_spans = khoji_library_get_article_spans (self, right_id, error)))
    return NULL;
  return khoji_compare_texts (left_text, left_spans, right_text, right_spans);
}

typedef struct {
  char   *path;
  gint64  left;
  gint64  right;
} CompareJob;

static void
compare_job_free (CompareJob *job)
{
  g_free (job->path);
  g_free (job);
}

/* The names of the entities of `ids` into `names`, one row each. */
static void
read_names (KhojiLibrary *library,
            GArray       *ids,
            GHashTable   *names)
{
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      g_autoptr(KhojiEntity) entity = NULL;

      if (g_hash_table_contains (names, &id))
        continue;
      entity = khoji_library_get_entity (library, id, NULL);
      if (entity != NULL)
        g_hash_table_insert (names, g_memdup2 (&id, sizeof id), g_strdup (khoji_entity_get_name (entity)));
    }
}

static void
compare_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  CompareJob *job = task_data;
  g_autoptr(KhojiLibrary) library = NULL;
  KhojiComparison *comparison;
  GError *error = NULL;

  /* Opened, used and closed on this thread: SQLite handles never cross
   * threads, and the window's connection stays free. */
  library = khoji_library_open (job->path, &error);
  if (library == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;
  comparison = khoji_library_compare (library, job->left, job->right, &error);
  if (comparison == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* The window names them in its summary: read here, not on its thread. */
  comparison->names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  read_names (library, comparison->only_left, comparison->names);
  read_names (library, comparison->only_right, comparison->names);
  g_task_return_pointer (task, comparison, (GDestroyNotify) khoji_comparison_free);
}

void
khoji_library_compare_async (KhojiLibrary        *self,
                             gint64               left_id,
                             gint64               right_id,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  CompareJob *job;

  g_return_if_fail (KHOJI_IS_LIBRARY (self));

  job = g_new0 (CompareJob, 1);
  job->path = g_strdup (khoji_library_get_path (self));
  job->left = left_id;
  job->right = right_id;
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, khoji_library_compare_async);
  g_task_set_task_data (task, job, (GDestroyNotify) compare_job_free);
  g_task_run_in_thread (task, compare_thread);
}

KhojiComparison *
khoji_library_compare_finish (KhojiLibrary  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == khoji_library_compare_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
