/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-test-names"

/* Latin names of names written in Devanagari, measured on real pairs:
 * election candidates', cricketers' and Wikidata's names with their
 * published Latin spelling (tests/data/names/heldout.tsv, held out of the
 * gazetteer's spellings.txt by tools/gazetteer/generate.py).
 *
 *   test-names --report     prints exact-match and character error rate
 *                           per source, for the transliterator alone and
 *                           with the name lists' spellings.
 *   test-names --errors     prints the pairs the transliterator alone
 *                           gets wrong: hindi, its output, the spelling. */

#include <stdio.h>
#include <string.h>

#include "khoji-analysis.h"
#include "khoji-text.h"

typedef struct {
  char *source;
  char *hindi;
  char *english;
} Pair;

typedef struct {
  guint  n;
  guint  exact;
  guint  edits;
  guint  chars;
} Score;

static void
pair_free (gpointer data)
{
  Pair *p = data;

  g_free (p->source);
  g_free (p->hindi);
  g_free (p->english);
  g_free (p);
}

static GPtrArray *
load_pairs (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "names", "heldout.tsv", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *pairs = g_ptr_array_new_with_free_func (pair_free);

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) f = NULL;
      Pair *p;

      if (*lines[i] == '#' || *lines[i] == '\0')
        continue;
      f = g_strsplit (lines[i], "\t", -1);
      g_assert_cmpuint (g_strv_length (f), ==, 3);
      p = g_new0 (Pair, 1);
      p->source = g_strdup (f[0]);
      p->hindi = g_strdup (f[1]);
      p->english = g_strdup (f[2]);
      g_ptr_array_add (pairs, p);
    }
  return pairs;
}

/* Lower case, letters and single spaces only: "Coulter-Nile" is
 * "coulter nile", as a reader compares names. */
static gunichar *
comparable (const char *s,
            glong      *n)
{
  g_autofree char *down = g_utf8_strdown (s, -1);
  g_autofree gunichar *cps = g_utf8_to_ucs4_fast (down, -1, NULL);
  gunichar *out = g_new0 (gunichar, strlen (s) + 1);
  glong k = 0;

  for (glong i = 0; cps[i]; i++)
    {
      gunichar c = cps[i];
      if (g_unichar_isalpha (c))
        out[k++] = c;
      else if ((c == ' ' || c == '-') && k > 0 && out[k - 1] != ' ')
        out[k++] = ' ';
    }
  while (k > 0 && out[k - 1] == ' ')
    k--;
  out[k] = 0;
  *n = k;
  return out;
}

static guint
levenshtein (const gunichar *a,
             glong           na,
             const gunichar *b,
             glong           nb)
{
  g_autofree guint *row = g_new (guint, nb + 1);

  for (glong j = 0; j <= nb; j++)
    row[j] = j;
  for (glong i = 1; i <= na; i++)
    {
      guint diag = row[0];
      row[0] = i;
      for (glong j = 1; j <= nb; j++)
        {
          guint up = row[j];
          guint best = MIN (row[j] + 1, row[j - 1] + 1);
          best = MIN (best, diag + (a[i - 1] == b[j - 1] ? 0 : 1));
          row[j] = best;
          diag = up;
        }
    }
  return row[nb];
}

static void
score_add (Score      *s,
           const char *got,
           const char *want)
{
  glong ng, nw;
  g_autofree gunichar *g = comparable (got, &ng);
  g_autofree gunichar *w = comparable (want, &nw);
  guint d = levenshtein (g, ng, w, nw);

  s->n++;
  s->exact += d == 0;
  s->edits += d;
  s->chars += nw;
}

static double
exact_rate (const Score *s)
{
  return s->n ? (double) s->exact / s->n : 0;
}

static double
cer (const Score *s)
{
  return s->chars ? (double) s->edits / s->chars : 0;
}

static const char * const sources[] = { "candidates", "cricketers", "wikidata", NULL };

/* Scores per source (the last entry: all of them), transliteration alone
 * (plain) and with the name lists (listed). */
static void
measure (KhojiGazetteer *gz,
         GPtrArray      *pairs,
         Score          *plain,
         Score          *listed)
{
  for (guint i = 0; i < pairs->len; i++)
    {
      Pair *p = pairs->pdata[i];
      g_autofree char *a = khoji_text_to_latin (p->hindi);
      g_autofree char *b = khoji_gazetteer_to_latin (gz, p->hindi);
      guint k = 0;

      while (sources[k] && strcmp (sources[k], p->source) != 0)
        k++;
      g_assert_nonnull (sources[k]);
      score_add (&plain[k], a, p->english);
      score_add (&listed[k], b, p->english);
      score_add (&plain[G_N_ELEMENTS (sources) - 1], a, p->english);
      score_add (&listed[G_N_ELEMENTS (sources) - 1], b, p->english);
    }
}

/* The pairs held out of the spellings: the transliterator alone and with
 * the lists stay above what they reach today, and the lists help. */
static void
test_heldout (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KhojiGazetteer) gz = khoji_gazetteer_new_default (&error);
  g_autoptr(GPtrArray) pairs = load_pairs ();
  Score plain[G_N_ELEMENTS (sources)] = { { 0 } };
  Score listed[G_N_ELEMENTS (sources)] = { { 0 } };
  guint all = G_N_ELEMENTS (sources) - 1;

  g_assert_no_error (error);
  g_assert_cmpuint (pairs->len, >, 2000);
  measure (gz, pairs, plain, listed);
  for (guint k = 0; k <= all; k++)
    g_test_message ("%-11s %5u pairs  transliteration: exact %.3f, CER %.3f  "
                    "with name lists: exact %.3f, CER %.3f",
                    sources[k] ? sources[k] : "all", plain[k].n, exact_rate (&plain[k]),
                    cer (&plain[k]), exact_rate (&listed[k]), cer (&listed[k]));
  /* Before the Hindi conventions and the lists: exact 0.343, CER 0.135. */
  g_assert_cmpfloat (exact_rate (&plain[all]), >=, 0.350);
  g_assert_cmpfloat (cer (&plain[all]), <=, 0.132);
  g_assert_cmpfloat (exact_rate (&listed[all]), >=, 0.450);
  g_assert_cmpfloat (cer (&listed[all]), <=, 0.110);
  /* People's names, where the lists help most. */
  g_assert_cmpfloat (exact_rate (&listed[0]), >, exact_rate (&plain[0]) + 0.08);
}

static int
errors (void)
{
  g_autoptr(GPtrArray) pairs = load_pairs ();

  for (guint i = 0; i < pairs->len; i++)
    {
      Pair *p = pairs->pdata[i];
      g_autofree char *a = khoji_text_to_latin (p->hindi);
      Score s = { 0 };

      score_add (&s, a, p->english);
      if (!s.exact)
        printf ("%s\t%s\t%s\t%s\n", p->source, p->hindi, a, p->english);
    }
  return 0;
}

static int
report (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KhojiGazetteer) gz = khoji_gazetteer_new_default (&error);
  g_autoptr(GPtrArray) pairs = NULL;
  Score plain[G_N_ELEMENTS (sources)] = { { 0 } };
  Score listed[G_N_ELEMENTS (sources)] = { { 0 } };

  if (gz == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  pairs = load_pairs ();
  measure (gz, pairs, plain, listed);
  printf ("| source | pairs | exact (transliteration) | CER | exact (with name lists) | CER |\n"
           "|---|---:|---:|---:|---:|---:|\n");
  for (guint k = 0; k < G_N_ELEMENTS (sources); k++)
    printf ("| %s | %u | %.3f | %.3f | %.3f | %.3f |\n", sources[k] ? sources[k] : "all",
             plain[k].n, exact_rate (&plain[k]), cer (&plain[k]),
             exact_rate (&listed[k]), cer (&listed[k]));
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  for (int i = 1; i < argc; i++)
    if (strcmp (argv[i], "--report") == 0)
      {
        g_test_init (&argc, &argv, NULL);
        return report ();
      }
    else if (strcmp (argv[i], "--errors") == 0)
      {
        g_test_init (&argc, &argv, NULL);
        return errors ();
      }

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/khoji/names/heldout", test_heldout);
  return g_test_run ();
}
