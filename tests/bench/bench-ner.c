/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-ner: the entity labeller alone, per sentence.
 *
 *   bench-ner FILE [ROUNDS]
 *
 * FILE is a CoNLL file (data/ner/corpora/il-ner-hindi/dev.txt): its
 * sentences are joined as score-ner joins them. Prints, per sentence, the
 * thread CPU microseconds of (a) the labeller given the extractor's words
 * (features, weights, Viterbi): over all ROUNDS, and in the first round
 * alone, when the thread's cache of words' sums starts empty (later
 * rounds find every word there); (b) the words themselves (word breaks,
 * folding, lists, gazetteer), and the peak RSS the model adds (VmHWM
 * before and after its first use), its cache included. */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "bench-util.h"
#include "khoji-ner-private.h"

static long
vm_hwm_kb (void)
{
  g_autofree char *status = NULL;
  const char *p;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (p = strstr (status, "VmHWM:")) == NULL)
    return -1;
  return strtol (p + 6, NULL, 10);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KhojiGazetteer) gz = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) cur = g_string_new (NULL);
  GPtrArray *prepared;
  const KhojiNerModel *model;
  guint rounds = argc > 2 ? (guint) atoi (argv[2]) : 5;
  long before, after;
  double t0, words_ms = 0, label_ms = 0, first_ms = 0;
  guint n_words = 0;

  if (argc < 2 || !g_file_get_contents (argv[1], &contents, NULL, &error))
    {
      g_printerr ("usage: bench-ner FILE [ROUNDS]%s%s\n", error ? ": " : "",
                  error ? error->message : "");
      return 2;
    }
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      char *tab = strchr (lines[i], '\t');
      if (tab == NULL || tab == lines[i])
        {
          if (cur->len > 0)
            g_ptr_array_add (texts, g_strdup (cur->str));
          g_string_truncate (cur, 0);
          continue;
        }
      if (cur->len > 0)
        g_string_append_c (cur, ' ');
      g_string_append_len (cur, lines[i], tab - lines[i]);
    }
  if (cur->len > 0)
    g_ptr_array_add (texts, g_strdup (cur->str));

  gz = khoji_gazetteer_new_default (&error);
  g_assert_no_error (error);

  prepared = g_ptr_array_new_with_free_func ((GDestroyNotify) _khoji_ner_text_free);
  t0 = bench_thread_cpu_ms ();
  for (guint i = 0; i < texts->len; i++)
    {
      KhojiNerText *t = _khoji_ner_text_new (gz, texts->pdata[i]);
      n_words += t->n;
      g_ptr_array_add (prepared, t);
    }
  words_ms = bench_thread_cpu_ms () - t0;

  before = vm_hwm_kb ();
  model = _khoji_ner_model_default ();
  g_assert_nonnull (model);
  for (guint r = 0; r < rounds; r++)
    {
      t0 = bench_thread_cpu_ms ();
      for (guint i = 0; i < prepared->len; i++)
        {
          KhojiNerText *t = prepared->pdata[i];
          g_autofree guint8 *tags = g_new (guint8, MAX (t->n, 1));
          _khoji_ner_label (model, t->words, t->n, tags);
        }
      label_ms += bench_thread_cpu_ms () - t0;
      if (r == 0)
        first_ms = label_ms;
    }
  after = vm_hwm_kb ();

  printf ("| sentences | words | labeller µs/sentence | first round µs/sentence | labeller µs/word | words µs/sentence | model features | peak RSS added (MB) |\n");
  printf ("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  printf ("| %u | %u | %.1f | %.1f | %.2f | %.1f | %u | %.1f |\n", texts->len, n_words,
          label_ms * 1000.0 / rounds / texts->len, first_ms * 1000.0 / texts->len,
          label_ms * 1000.0 / rounds / n_words,
          words_ms * 1000.0 / texts->len, _khoji_ner_model_n_features (model),
          (after - before) / 1024.0);
  g_ptr_array_unref (prepared);
  return 0;
}
