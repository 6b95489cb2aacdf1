/* SPDX-License-Identifier: GPL-3.0-or-later */
/* khoji-ner-train: trains Khoji's entity labeller from CoNLL files.
 *
 *   khoji-ner-train [--epochs N] [--cost N] [--min-count N] [--seed N]
 *                   [--dev FILE [--predict OUT]]
 *                   [--output MODEL | --compare MODEL] FILE...
 *
 * Each FILE holds one `TOKEN<TAB>TAG` a line and a blank line between
 * sentences, BIO tags of IL-NER (NEP, NEL, NEO) or HiNER (PERSON,
 * LOCATION, ORGANIZATION); other tags are outside. The learner is an
 * averaged structured perceptron (Collins 2002) over the features the
 * extractor computes (khoji-ner.c), with integer updates and a fixed
 * shuffle seed, so the same data gives the same model byte for byte.
 * --cost adds that score to every wrong tag while training (the
 * margin a sentence must be right by not to be learned from).
 * --seed changes the shuffle (the default is the committed model's), to
 * tell a change's effect from the noise of one shuffle's order.
 * --dev prints span precision, recall and F1 per type on another file
 * after each epoch, through the saved model exactly as Khoji loads it;
 * --predict writes the final model's names in it, one a line: the
 * sentence's number (from 0), the type and the text.
 * --compare exits 1 when the model it trains differs from MODEL. */

#include "config.h"

#include <gio/gio.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "khoji-ner-private.h"

enum { T = KHOJI_NER_N_TAGS };

typedef struct {
  guint   n;
  guint8 *gold;
  guint  *feat_off;   /* n + 1 offsets into the corpus' feature ids */
  guint   sentence;   /* the file's sentence it is (part of), from 0 */
  gsize  *bounds;     /* dev only: each word's start and end in the sentence */
} Seq;

typedef struct {
  GArray    *seqs;      /* Seq */
  GArray    *feats;     /* guint32: feature ids (training) or hashes (dev) */
  GPtrArray *texts;     /* dev only: each sentence's text */
} Corpus;

typedef struct {
  GHashTable *ids;     /* hash -> id + 1 */
  GArray     *hashes;  /* id -> hash */
  GArray     *counts;  /* id -> occurrences */
} FeatureMap;

static int
type_of_label (const char *label)
{
  if (strcmp (label, "NEP") == 0 || strcmp (label, "PERSON") == 0)
    return KHOJI_ENTITY_PERSON;
  if (strcmp (label, "NEL") == 0 || strcmp (label, "LOCATION") == 0)
    return KHOJI_ENTITY_PLACE;
  if (strcmp (label, "NEO") == 0 || strcmp (label, "ORGANIZATION") == 0)
    return KHOJI_ENTITY_ORGANIZATION;
  return -1;
}

typedef struct {
  gsize start, end;
  int type;
} Span;

/* One sentence: its tokens joined by spaces, as score-ner and an article
 * would show them, with the gold spans in bytes. */
static void
sentence_text (GPtrArray *tokens,
               GPtrArray *tags,
               GString   *text,
               GArray    *spans)
{
  Span cur = { 0, 0, -1 };

  g_string_truncate (text, 0);
  g_array_set_size (spans, 0);
  for (guint i = 0; i < tokens->len; i++)
    {
      const char *tag = tags->pdata[i];
      const char *dash = strchr (tag, '-');
      int type = dash ? type_of_label (dash + 1) : -1;
      gsize start;

      if (text->len > 0)
        g_string_append_c (text, ' ');
      start = text->len;
      g_string_append (text, tokens->pdata[i]);
      if (type >= 0 && tag[0] == 'I' && cur.type == type)
        {
          cur.end = text->len;
          continue;
        }
      if (cur.type >= 0)
        g_array_append_val (spans, cur);
      cur.type = -1;
      if (type >= 0 && (tag[0] == 'B' || tag[0] == 'I' || tag[0] == '-'))
        {
          cur.start = start;
          cur.end = text->len;
          cur.type = type;
        }
    }
  if (cur.type >= 0)
    g_array_append_val (spans, cur);
}

static guint32
feature_id (FeatureMap *map,
            guint32     hash,
            gboolean    add)
{
  gpointer v = g_hash_table_lookup (map->ids, GUINT_TO_POINTER (hash));
  guint32 id;

  if (v != NULL)
    {
      id = GPOINTER_TO_UINT (v) - 1;
      g_array_index (map->counts, guint32, id)++;
      return id;
    }
  if (!add)
    return G_MAXUINT32;
  id = map->hashes->len;
  g_array_append_val (map->hashes, hash);
  {
    guint32 one = 1;
    g_array_append_val (map->counts, one);
  }
  g_hash_table_insert (map->ids, GUINT_TO_POINTER (hash), GUINT_TO_POINTER (id + 1));
  return id;
}

/* Reads a file into sequences: the extractor's words of each sentence,
 * split where the extractor splits sentences, with gold tags and
 * feature ids (map != NULL) or raw hashes (map == NULL). */
static gboolean
read_corpus (KhojiGazetteer *gz,
             const char     *path,
             Corpus         *corpus,
             FeatureMap     *map,
             GError        **error)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GPtrArray) tokens = g_ptr_array_new ();
  g_autoptr(GPtrArray) tags = g_ptr_array_new ();
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (Span));
  guint n_sentences = corpus->texts ? corpus->texts->len : 0;

  if (!g_file_get_contents (path, &contents, NULL, error))
    return FALSE;
  lines = g_strsplit (contents, "\n", -1);
  for (guint l = 0; ; l++)
    {
      char *line = lines[l];
      KhojiNerText *t;
      guint8 *gold;

      if (line != NULL)
        {
          char *tab;
          g_strchomp (line);
          if (*line != '\0')
            {
              tab = strrchr (line, '\t');
              if (tab == NULL)
                tab = strrchr (line, ' ');
              if (tab != NULL && tab != line)
                {
                  char *tok_end = tab;
                  *tab = '\0';
                  while (tok_end > line && (tok_end[-1] == ' ' || tok_end[-1] == '\t'))
                    *--tok_end = '\0';
                  {
                    char *sp = strchr (line, '\t');
                    if (sp != NULL)
                      *sp = '\0';
                  }
                  if (*line != '\0')
                    {
                      g_ptr_array_add (tokens, line);
                      g_ptr_array_add (tags, g_strstrip (tab + 1));
                    }
                }
              continue;
            }
        }
      if (tokens->len > 0)
        {
          sentence_text (tokens, tags, text, spans);
          t = _khoji_ner_text_new (gz, text->str);
          gold = g_new0 (guint8, MAX (t->n, 1));
          for (guint i = 0; i < t->n; i++)
            for (guint s = 0; s < spans->len; s++)
              {
                const Span *sp = &g_array_index (spans, Span, s);
                if (t->starts[i] >= sp->start && t->starts[i] < sp->end)
                  gold[i] = KHOJI_NER_BEGIN_OF (sp->type) + (t->starts[i] > sp->start ? 1 : 0);
              }
          for (guint first = 0; first < t->n;)
            {
              guint end = first + 1;
              Seq seq = { 0 };

              while (end < t->n && !t->words[end].sentence_start)
                end++;
              seq.n = end - first;
              seq.gold = g_memdup2 (gold + first, seq.n);
              /* A span the sentence split cuts begins again. */
              if (KHOJI_NER_TAG_IS_INSIDE (seq.gold[0]))
                seq.gold[0]--;
              seq.feat_off = g_new (guint, seq.n + 1);
              for (guint i = 0; i < seq.n; i++)
                {
                  guint32 f[KHOJI_NER_MAX_FEATURES];
                  guint k = _khoji_ner_features (t->words + first, seq.n, i, f);

                  seq.feat_off[i] = corpus->feats->len;
                  for (guint j = 0; j < k; j++)
                    {
                      guint32 v = map ? feature_id (map, f[j], TRUE) : f[j];
                      g_array_append_val (corpus->feats, v);
                    }
                }
              seq.feat_off[seq.n] = corpus->feats->len;
              seq.sentence = n_sentences;
              if (corpus->texts != NULL)
                {
                  seq.bounds = g_new (gsize, 2 * seq.n);
                  for (guint i = 0; i < seq.n; i++)
                    {
                      seq.bounds[2 * i] = t->starts[first + i];
                      seq.bounds[2 * i + 1] = t->ends[first + i];
                    }
                }
              g_array_append_val (corpus->seqs, seq);
              first = end;
            }
          if (corpus->texts != NULL)
            g_ptr_array_add (corpus->texts, g_strdup (text->str));
          n_sentences++;
          g_free (gold);
          _khoji_ner_text_free (t);
          g_ptr_array_set_size (tokens, 0);
          g_ptr_array_set_size (tags, 0);
        }
      if (line == NULL)
        break;
    }
  return TRUE;
}

typedef struct {
  gint32 *w;      /* n_features × T */
  gint64 *u;      /* c-weighted sums of updates, for the average */
  gint32  tw[(T + 1) * T];
  gint64  tu[(T + 1) * T];
  gint64  c;
} Weights;

static void
update (Weights *wt,
        Corpus  *corpus,
        Seq     *seq,
        guint    i,
        guint    tag,
        int      d)
{
  const guint32 *f = &g_array_index (corpus->feats, guint32, seq->feat_off[i]);
  guint k = seq->feat_off[i + 1] - seq->feat_off[i];

  for (guint j = 0; j < k; j++)
    {
      gsize at = (gsize) f[j] * T + tag;
      wt->w[at] += d;
      wt->u[at] += wt->c * d;
    }
}

/* One pass in a shuffled order. Each sentence is decoded with `cost`
 * added to every wrong tag's score (cost-augmented decoding, as in a
 * structured SVM): a sentence the weights get right by less than that
 * margin is still learned from, which makes the weights separate the
 * gold from near misses by more than a hair. */
static void
train_epoch (Weights *wt,
             Corpus  *corpus,
             guint   *order,
             GRand   *rand,
             int      cost)
{
  guint n_seqs = corpus->seqs->len;
  g_autofree float *emit = NULL;
  g_autofree guint8 *pred = NULL;
  guint cap = 0;
  float trans[(T + 1) * T];

  for (guint i = n_seqs; i > 1; i--)
    {
      guint j = (guint) g_rand_int_range (rand, 0, (gint32) i);
      guint tmp = order[i - 1];
      order[i - 1] = order[j];
      order[j] = tmp;
    }
  for (guint s = 0; s < n_seqs; s++)
    {
      Seq *seq = &g_array_index (corpus->seqs, Seq, order[s]);
      gboolean wrong = FALSE;

      wt->c++;
      if (seq->n > cap)
        {
          cap = seq->n * 2;
          emit = g_renew (float, emit, (gsize) cap * T);
          pred = g_renew (guint8, pred, cap);
        }
      for (guint i = 0; i < (T + 1) * T; i++)
        trans[i] = (float) wt->tw[i];
      for (guint i = 0; i < seq->n; i++)
        {
          const guint32 *f = &g_array_index (corpus->feats, guint32, seq->feat_off[i]);
          guint k = seq->feat_off[i + 1] - seq->feat_off[i];
          gint32 sum[T] = { 0 };

          for (guint j = 0; j < k; j++)
            for (guint t = 0; t < T; t++)
              sum[t] += wt->w[(gsize) f[j] * T + t];
          for (guint t = 0; t < T; t++)
            emit[i * T + t] = (float) sum[t] + (t != seq->gold[i] ? (float) cost : 0.0f);
        }
      _khoji_ner_viterbi (emit, trans, seq->n, pred);
      for (guint i = 0; i < seq->n; i++)
        if (pred[i] != seq->gold[i])
          {
            wrong = TRUE;
            update (wt, corpus, seq, i, seq->gold[i], 1);
            update (wt, corpus, seq, i, pred[i], -1);
          }
      if (!wrong)
        continue;
      for (guint i = 0; i < seq->n; i++)
        {
          guint gp = i == 0 ? T : seq->gold[i - 1];
          guint pp = i == 0 ? T : pred[i - 1];

          if (gp == pp && seq->gold[i] == pred[i])
            continue;
          wt->tw[gp * T + seq->gold[i]]++;
          wt->tu[gp * T + seq->gold[i]] += wt->c;
          wt->tw[pp * T + pred[i]]--;
          wt->tu[pp * T + pred[i]] -= wt->c;
        }
    }
}

static void
put_u32 (GByteArray *out,
         guint32     v)
{
  guint8 b[4] = { v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, (v >> 24) & 0xff };
  g_byte_array_append (out, b, 4);
}

static void
put_f32 (GByteArray *out,
         float       f)
{
  guint32 u;
  memcpy (&u, &f, sizeof u);
  put_u32 (out, u);
}

typedef struct {
  guint32 hash;
  guint32 id;
} Entry;

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const Entry *x = a, *y = b;
  return x->hash < y->hash ? -1 : x->hash > y->hash;
}

/* The averaged weights, quantised to 16 bits, features seen fewer than
 * `min_count` times or left with no weight pruned. */
static GBytes *
save_model (Weights    *wt,
            FeatureMap *map,
            guint       min_count)
{
  guint nf = map->hashes->len;
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GArray) keep = g_array_new (FALSE, FALSE, sizeof (Entry));
  double c = (double) wt->c, max = 0;
  double scale;

  for (gsize i = 0; i < (gsize) nf * T; i++)
    {
      double avg = fabs ((double) wt->w[i] - (double) wt->u[i] / c);
      if (avg > max)
        max = avg;
    }
  scale = max > 0 ? max / 32767.0 : 1.0;
  for (guint f = 0; f < nf; f++)
    {
      gboolean any = FALSE;

      if (g_array_index (map->counts, guint32, f) < min_count)
        continue;
      for (guint t = 0; t < T; t++)
        {
          gsize i = (gsize) f * T + t;
          if (lrint (((double) wt->w[i] - (double) wt->u[i] / c) / scale) != 0)
            any = TRUE;
        }
      if (any)
        {
          Entry e = { g_array_index (map->hashes, guint32, f), f };
          g_array_append_val (keep, e);
        }
    }
  g_array_sort (keep, compare_entries);

  g_byte_array_append (out, (const guint8 *) KHOJI_NER_MAGIC, 8);
  put_u32 (out, KHOJI_NER_VERSION);
  put_u32 (out, keep->len);
  put_f32 (out, (float) scale);
  for (guint i = 0; i < (T + 1) * T; i++)
    put_f32 (out, (float) ((double) wt->tw[i] - (double) wt->tu[i] / c));
  for (guint k = 0; k < keep->len; k++)
    put_u32 (out, g_array_index (keep, Entry, k).hash);
  for (guint k = 0; k < keep->len; k++)
    {
      guint32 f = g_array_index (keep, Entry, k).id;
      for (guint t = 0; t < T; t++)
        {
          gsize i = (gsize) f * T + t;
          long q = lrint (((double) wt->w[i] - (double) wt->u[i] / c) / scale);
          guint16 v = (guint16) (gint16) CLAMP (q, -32767, 32767);
          guint8 b[2] = { v & 0xff, v >> 8 };
          g_byte_array_append (out, b, 2);
        }
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/* Spans (first, last, type) of a tag sequence, for scoring. */
static void
spans_of (const guint8 *tags,
          guint         n,
          GArray       *out)
{
  for (guint i = 0; i < n; i++)
    if (KHOJI_NER_TAG_IS_BEGIN (tags[i]))
      {
        guint j = i;
        guint v[3];
        while (j + 1 < n && tags[j + 1] == tags[i] + 1)
          j++;
        v[0] = i;
        v[1] = j;
        v[2] = KHOJI_NER_TAG_TYPE (tags[i]);
        g_array_append_vals (out, v, 3);
      }
}

/* Scores the saved model on a corpus of raw hashes, as Khoji labels. */
static double
evaluate (GBytes *bytes,
          Corpus *dev,
          gboolean print,
          FILE    *predictions)
{
  g_autoptr(GError) error = NULL;
  KhojiNerModel *model = _khoji_ner_model_new (bytes, &error);
  guint right[3] = { 0 }, found[3] = { 0 }, gold[3] = { 0 };
  g_autoptr(GArray) gs = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) ps = g_array_new (FALSE, FALSE, sizeof (guint));
  static const char * const names[] = { "person", "place", "organization" };
  double f1_all;

  if (model == NULL)
    g_error ("%s", error->message);
  for (guint s = 0; s < dev->seqs->len; s++)
    {
      Seq *seq = &g_array_index (dev->seqs, Seq, s);
      g_autofree guint8 *pred = g_new0 (guint8, MAX (seq->n, 1));
      g_autofree float *emit = g_new (float, (gsize) MAX (seq->n, 1) * T);

      /* The runtime's scoring path, on the stored hashes. */
      for (guint i = 0; i < seq->n; i++)
        _khoji_ner_emit (model, &g_array_index (dev->feats, guint32, seq->feat_off[i]),
                         seq->feat_off[i + 1] - seq->feat_off[i], emit + i * T);
      _khoji_ner_viterbi (emit, _khoji_ner_model_trans (model), seq->n, pred);
      g_array_set_size (gs, 0);
      g_array_set_size (ps, 0);
      spans_of (seq->gold, seq->n, gs);
      spans_of (pred, seq->n, ps);
      if (predictions != NULL)
        for (guint b = 0; b < ps->len; b += 3)
          {
            const char *text = dev->texts->pdata[seq->sentence];
            gsize from = seq->bounds[2 * g_array_index (ps, guint, b)];
            gsize to = seq->bounds[2 * g_array_index (ps, guint, b + 1) + 1];
            fprintf (predictions, "%u\t%s\t%.*s\n", seq->sentence,
                     names[g_array_index (ps, guint, b + 2)], (int) (to - from), text + from);
          }
      for (guint a = 0; a < gs->len; a += 3)
        gold[g_array_index (gs, guint, a + 2)]++;
      for (guint b = 0; b < ps->len; b += 3)
        {
          found[g_array_index (ps, guint, b + 2)]++;
          for (guint a = 0; a < gs->len; a += 3)
            if (memcmp (&g_array_index (gs, guint, a), &g_array_index (ps, guint, b), 3 * sizeof (guint)) == 0)
              right[g_array_index (ps, guint, b + 2)]++;
        }
    }
  {
    guint r = right[0] + right[1] + right[2], f = found[0] + found[1] + found[2];
    guint g = gold[0] + gold[1] + gold[2];
    double p = f ? (double) r / f : 0, rc = g ? (double) r / g : 0;
    f1_all = p + rc > 0 ? 2 * p * rc / (p + rc) : 0;
    if (print)
      {
        printf ("  all          P %.3f R %.3f F1 %.3f\n", p, rc, f1_all);
        for (guint t = 0; t < 3; t++)
          {
            p = found[t] ? (double) right[t] / found[t] : 0;
            rc = gold[t] ? (double) right[t] / gold[t] : 0;
            printf ("  %-12s P %.3f R %.3f F1 %.3f (gold %u)\n", names[t], p, rc,
                    p + rc > 0 ? 2 * p * rc / (p + rc) : 0, gold[t]);
          }
      }
  }
  _khoji_ner_model_free (model);
  return f1_all;
}

int
main (int    argc,
      char **argv)
{
  int epochs = 15, min_count = 2, cost = 64;
  gint64 seed = 20240101;
  g_autofree char *dev_path = NULL, *output = NULL, *compare = NULL, *predict = NULL;
  g_auto(GStrv) inputs = NULL;
  GOptionEntry entries[] = {
    { "epochs", 0, 0, G_OPTION_ARG_INT, &epochs, "Passes over the data", "N" },
    { "min-count", 0, 0, G_OPTION_ARG_INT, &min_count, "Drop features seen fewer times", "N" },
    { "cost", 0, 0, G_OPTION_ARG_INT, &cost, "Score added to each wrong tag while training", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Shuffle with this seed (default: the committed model's)", "N" },
    { "dev", 0, 0, G_OPTION_ARG_FILENAME, &dev_path, "Score on this file after each epoch", "FILE" },
    { "predict", 0, 0, G_OPTION_ARG_FILENAME, &predict, "Write the final model's names in the --dev file here", "FILE" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Write the model here", "MODEL" },
    { "compare", 0, 0, G_OPTION_ARG_FILENAME, &compare, "Fail unless the model equals this file", "MODEL" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &inputs, NULL, "FILE…" },
    { NULL }
  };
  g_autoptr(GOptionContext) octx = g_option_context_new ("— train Khoji's entity labeller");
  g_autoptr(GError) error = NULL;
  g_autoptr(KhojiGazetteer) gz = NULL;
  FeatureMap map;
  Corpus train = { 0 }, dev = { 0 };
  Weights wt = { 0 };
  g_autofree guint *order = NULL;
  g_autoptr(GRand) rand = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_option_context_add_main_entries (octx, entries, NULL);
  if (!g_option_context_parse (octx, &argc, &argv, &error) || inputs == NULL || epochs < 1 || cost < 0 ||
      seed < 0 || seed > G_MAXUINT32)
    {
      g_printerr ("%s\n", error ? error->message : "usage: khoji-ner-train [OPTION…] FILE…");
      return 2;
    }
  rand = g_rand_new_with_seed ((guint32) seed);
  gz = khoji_gazetteer_new_default (&error);
  if (gz == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  map.ids = g_hash_table_new (g_direct_hash, g_direct_equal);
  map.hashes = g_array_new (FALSE, FALSE, sizeof (guint32));
  map.counts = g_array_new (FALSE, FALSE, sizeof (guint32));
  train.seqs = g_array_new (FALSE, FALSE, sizeof (Seq));
  train.feats = g_array_new (FALSE, FALSE, sizeof (guint32));
  for (guint i = 0; inputs[i]; i++)
    if (!read_corpus (gz, inputs[i], &train, &map, &error))
      {
        g_printerr ("%s\n", error->message);
        return 1;
      }
  if (dev_path != NULL)
    {
      dev.seqs = g_array_new (FALSE, FALSE, sizeof (Seq));
      dev.feats = g_array_new (FALSE, FALSE, sizeof (guint32));
      dev.texts = g_ptr_array_new_with_free_func (g_free);
      if (!read_corpus (gz, dev_path, &dev, NULL, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
    }
  g_printerr ("%u sequences, %u features\n", train.seqs->len, map.hashes->len);

  wt.w = g_new0 (gint32, (gsize) map.hashes->len * T);
  wt.u = g_new0 (gint64, (gsize) map.hashes->len * T);
  order = g_new (guint, MAX (train.seqs->len, 1));
  for (guint i = 0; i < train.seqs->len; i++)
    order[i] = i;
  for (int e = 1; e <= epochs; e++)
    {
      train_epoch (&wt, &train, order, rand, cost);
      if (dev_path != NULL)
        {
          g_autoptr(GBytes) b = save_model (&wt, &map, (guint) min_count);
          double f1;
          printf ("epoch %d (%zu bytes)\n", e, g_bytes_get_size (b));
          f1 = evaluate (b, &dev, TRUE, NULL);
          (void) f1;
          fflush (stdout);
        }
    }
  bytes = save_model (&wt, &map, (guint) min_count);
  if (predict != NULL && dev_path != NULL)
    {
      FILE *f = fopen (predict, "w");
      if (f == NULL)
        {
          g_printerr ("%s: %s\n", predict, g_strerror (errno));
          return 1;
        }
      evaluate (bytes, &dev, FALSE, f);
      fclose (f);
    }
  if (output != NULL &&
      !g_file_set_contents (output, g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes), &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  if (compare != NULL)
    {
      g_autofree char *committed = NULL;
      gsize len;

      if (!g_file_get_contents (compare, &committed, &len, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      if (len != g_bytes_get_size (bytes) || memcmp (committed, g_bytes_get_data (bytes, NULL), len) != 0)
        {
          g_printerr ("%s is not the model these files train (%zu bytes, trained %zu): "
                      "retrain it with tools/ner (see data/ner/README.md)\n",
                      compare, len, g_bytes_get_size (bytes));
          return 1;
        }
      g_print ("%s is the model these files train (%zu bytes)\n", compare, len);
    }
  return 0;
}
