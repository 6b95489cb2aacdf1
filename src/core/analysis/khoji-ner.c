/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-ner"

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "khoji-ner-private.h"

#define NER_RESOURCE "/io/github/khoji/Khoji/ner/khoji-ner.model"

/* From the resource compiled out of data/ner. */
GResource *khoji_ner_get_resource (void);

/* ---- Features ---------------------------------------------------------
 *
 * Each feature is a template number and a value, hashed to 32 bits
 * (FNV-1a): the model keeps weights for the hashes it saw in training. */

enum {
  F_BIAS = 1,
  F_W0, F_WM1, F_WP1, F_WM2, F_WP2, F_WM1_W0, F_W0_WP1, F_WP1_WP2,
  F_PREFIX, F_SUFFIX = F_PREFIX + 4,
  F_SHAPE0 = F_SUFFIX + 5, F_SHAPEM1, F_SHAPEP1,
  F_LIST0, F_LISTM1, F_LISTP1, F_LISTM2,
  F_GZ0, F_GZM1, F_GZP1,
  F_NAME0, F_NAMEM1, F_NAMEP1,
  F_STOP0, F_STOPM1, F_STOPP1,
  F_FIRST, F_LAST, F_GAP,
  F_SUFFIX2_WP1, F_GZ0_WP1,
  F_GZL0, F_GZLM1, F_GZLP1,
  F_RUN_END,
};

#define FNV_BASIS 2166136261u
#define FNV_PRIME 16777619u

static inline guint32
fnv_byte (guint32 h,
          guint8  b)
{
  return (h ^ b) * FNV_PRIME;
}

static inline guint32
fnv_bytes (guint32     h,
           const char *s,
           gsize       len)
{
  for (gsize i = 0; i < len; i++)
    h = fnv_byte (h, (guint8) s[i]);
  return h;
}

static inline guint32
feat_value (guint tmpl,
            guint value)
{
  guint32 h = fnv_byte (FNV_BASIS, (guint8) tmpl);

  h = fnv_byte (h, 0xfe);
  h = fnv_byte (h, value & 0xff);
  h = fnv_byte (h, (value >> 8) & 0xff);
  return fnv_byte (h, (value >> 16) & 0xff);
}

guint32
_khoji_ner_hash (const char *s,
                 gsize       len)
{
  return fnv_bytes (FNV_BASIS, s, len);
}

/* A template and one or two word hashes, mixed (murmur3's finalizer). */
static inline guint32
feat_mix (guint   tmpl,
          guint32 a,
          guint32 b)
{
  guint32 h = (a * 0xcc9e2d51u) ^ ((b << 15 | b >> 17) * 0x1b873593u) ^ (tmpl * 0x9e3779b1u);

  h ^= h >> 16;
  h *= 0x85ebca6bu;
  h ^= h >> 13;
  h *= 0xc2b2ae35u;
  h ^= h >> 16;
  return h;
}

static inline guint32
feat_str (guint       tmpl,
          const char *s,
          gsize       len)
{
  return fnv_bytes (fnv_byte (FNV_BASIS, (guint8) tmpl), s, len);
}

/* Placeholders past either end of the sentence. */
static const KhojiNerWord edge_before = { .fold = "<s>", .fold_len = 3, .fold_hash = 0x6c62272eu };
static const KhojiNerWord edge_after = { .fold = "</s>", .fold_len = 4, .fold_hash = 0x2c3f3a1du };

static const KhojiNerWord *
word_at (const KhojiNerWord *words,
         guint               n,
         int                 i)
{
  if (i < 0)
    return &edge_before;
  if ((guint) i >= n)
    return &edge_after;
  return &words[i];
}

static guint
shape (const KhojiNerWord *w)
{
  guint len = w->n_chars >= 8 ? 3 : w->n_chars >= 4 ? 2 : w->n_chars >= 2 ? 1 : 0;

  if (w == &edge_before || w == &edge_after)
    return 0xff;
  return (w->latin ? 1 : 0) | (w->deva ? 2 : 0) | (w->upper ? 4 : 0) |
         (w->all_caps ? 8 : 0) | (w->digit ? 16 : 0) | (len << 5);
}

/* Byte lengths of a word's first 1..3 and last 1..4 characters, 0 where
 * it has fewer: `pre[c]`, `suf[c]`. The folds are valid UTF-8, so a
 * character starts at every byte that is not 10xxxxxx. */
static inline void
affix_bytes (const KhojiNerWord *w,
             gsize               pre[4],
             gsize               suf[5])
{
  const guint8 *s = (const guint8 *) w->fold;
  gsize len = w->fold_len, at = 0;

  pre[0] = suf[0] = 0;
  for (guint c = 1; c <= 3; c++)
    {
      if (at < len)
        {
          at++;
          while (at < len && (s[at] & 0xc0) == 0x80)
            at++;
          pre[c] = at;
        }
      else
        pre[c] = 0;
    }
  at = len;
  for (guint c = 1; c <= 4; c++)
    {
      if (at > 0)
        {
          at--;
          while (at > 0 && (s[at] & 0xc0) == 0x80)
            at--;
          suf[c] = len - at;
        }
      else
        suf[c] = 0;
    }
}

/* The last word of the run of words that starts at `i` and goes on
 * through words that are no stopwords, with no punctuation between, up
 * to five words on (`n` ends the sentence), and how far on it is (at
 * most 3): an organization's or a place's head ends such a run
 * ("सूचना प्रौद्योगिकी मंत्रालय"), which a word's neighbours alone do
 * not reach. A stopword starts no run. */
static inline guint32
run_end (const KhojiNerWord *words,
         guint               n,
         guint               i)
{
  guint j = i;

  if (words[i].stop)
    return feat_mix (F_RUN_END, 0, 0);
  while (j + 1 < n && j - i < 5 && words[j].gap < 3 && !words[j + 1].stop)
    j++;
  return feat_mix (F_RUN_END, j > i ? words[j].fold_hash : 0, MIN (j - i, 3));
}

/* One feature per set bit, lowest first, while there is room. */
static inline guint
add_bits (guint32 *out,
          guint    k,
          guint    tmpl,
          guint32  bits)
{
  while (bits != 0 && k < KHOJI_NER_MAX_FEATURES - 1)
    {
      out[k++] = feat_value (tmpl, (guint) __builtin_ctz (bits));
      bits &= bits - 1;
    }
  return k;
}

guint
_khoji_ner_features (const KhojiNerWord *words,
                     guint               n,
                     guint               i,
                     guint32            *out)
{
  const KhojiNerWord *w0 = word_at (words, n, (int) i);
  const KhojiNerWord *m1 = word_at (words, n, (int) i - 1);
  const KhojiNerWord *p1 = word_at (words, n, (int) i + 1);
  const KhojiNerWord *m2 = word_at (words, n, (int) i - 2);
  const KhojiNerWord *p2 = word_at (words, n, (int) i + 2);
  gsize pre[4], suf[5];
  guint k = 0;

  out[k++] = feat_value (F_BIAS, 0);
  out[k++] = feat_mix (F_W0, w0->fold_hash, 0);
  out[k++] = feat_mix (F_WM1, m1->fold_hash, 0);
  out[k++] = feat_mix (F_WP1, p1->fold_hash, 0);
  out[k++] = feat_mix (F_WM2, m2->fold_hash, 0);
  out[k++] = feat_mix (F_WP2, p2->fold_hash, 0);
  out[k++] = feat_mix (F_WM1_W0, m1->fold_hash, w0->fold_hash);
  out[k++] = feat_mix (F_W0_WP1, w0->fold_hash, p1->fold_hash);
  out[k++] = feat_mix (F_WP1_WP2, p1->fold_hash, p2->fold_hash);
  affix_bytes (w0, pre, suf);
  for (guint c = 1; c <= 3; c++)
    if (pre[c] > 0 && pre[c] < w0->fold_len)
      out[k++] = feat_str (F_PREFIX + c, w0->fold, pre[c]);
  for (guint c = 1; c <= 4; c++)
    if (suf[c] > 0 && suf[c] < w0->fold_len)
      out[k++] = feat_str (F_SUFFIX + c, w0->fold + w0->fold_len - suf[c], suf[c]);
  out[k++] = feat_value (F_SHAPE0, shape (w0));
  out[k++] = feat_value (F_SHAPEM1, shape (m1));
  out[k++] = feat_value (F_SHAPEP1, shape (p1));
  out[k++] = feat_value (F_GZ0, w0->gz);
  out[k++] = feat_value (F_GZM1, m1->gz);
  out[k++] = feat_value (F_GZP1, p1->gz);
  out[k++] = feat_value (F_NAME0, w0->name_class);
  out[k++] = feat_value (F_NAMEM1, m1->name_class);
  out[k++] = feat_value (F_NAMEP1, p1->name_class);
  out[k++] = feat_value (F_STOP0, w0->stop);
  out[k++] = feat_value (F_STOPM1, m1->stop);
  out[k++] = feat_value (F_STOPP1, p1->stop);
  out[k++] = feat_value (F_FIRST, i == 0);
  out[k++] = feat_value (F_LAST, i + 1 == n);
  out[k++] = feat_value (F_GAP, m1->gap | (w0->gap << 4));
  out[k++] = feat_mix (F_SUFFIX2_WP1,
                       _khoji_ner_hash (w0->fold + w0->fold_len - suf[2], suf[2]),
                       p1->fold_hash);
  out[k++] = feat_mix (F_GZ0_WP1, w0->gz, p1->fold_hash);
  out[k++] = run_end (words, n, i);
  k = add_bits (out, k, F_LIST0, w0->lists);
  k = add_bits (out, k, F_LISTM1, m1->lists);
  k = add_bits (out, k, F_LISTP1, p1->lists);
  k = add_bits (out, k, F_LISTM2, m2->lists);
  k = add_bits (out, k, F_GZL0, w0->gz_lists);
  k = add_bits (out, k, F_GZLM1, m1->gz_lists);
  k = add_bits (out, k, F_GZLP1, p1->gz_lists);
  g_assert (k <= KHOJI_NER_MAX_FEATURES);
  return k;
}

/* ---- Decoding --------------------------------------------------------- */

gboolean
_khoji_ner_allowed (guint prev,
                    guint next)
{
  if (next >= KHOJI_NER_N_TAGS)
    return FALSE;
  if (!KHOJI_NER_TAG_IS_INSIDE (next))
    return TRUE;
  /* I-X continues B-X or I-X of the same type only. */
  return prev < KHOJI_NER_N_TAGS && prev != KHOJI_NER_O &&
         KHOJI_NER_TAG_TYPE (prev) == KHOJI_NER_TAG_TYPE (next);
}

/* The tags each tag may follow, in increasing order (Viterbi's ties go to
 * the first): _khoji_ner_allowed () as a table, so that the decoder's
 * inner loop neither calls nor tests. test-ner holds the two equal. */
static const guint8 preds[KHOJI_NER_N_TAGS][KHOJI_NER_N_TAGS + 1] = {
  /* count, then the tags */
  [KHOJI_NER_O]              = { 7, 0, 1, 2, 3, 4, 5, 6 },
  [KHOJI_NER_B_PERSON]       = { 7, 0, 1, 2, 3, 4, 5, 6 },
  [KHOJI_NER_I_PERSON]       = { 2, KHOJI_NER_B_PERSON, KHOJI_NER_I_PERSON },
  [KHOJI_NER_B_PLACE]        = { 7, 0, 1, 2, 3, 4, 5, 6 },
  [KHOJI_NER_I_PLACE]        = { 2, KHOJI_NER_B_PLACE, KHOJI_NER_I_PLACE },
  [KHOJI_NER_B_ORGANIZATION] = { 7, 0, 1, 2, 3, 4, 5, 6 },
  [KHOJI_NER_I_ORGANIZATION] = { 2, KHOJI_NER_B_ORGANIZATION, KHOJI_NER_I_ORGANIZATION },
};

gboolean
_khoji_ner_table_allows (guint prev,
                         guint next)
{
  if (next >= KHOJI_NER_N_TAGS)
    return FALSE;
  if (prev >= KHOJI_NER_N_TAGS)
    return !KHOJI_NER_TAG_IS_INSIDE (next);  /* the start: what follows O */
  for (guint j = 1; j <= preds[next][0]; j++)
    if (preds[next][j] == prev)
      return TRUE;
  return FALSE;
}

static const float zero_trans[(KHOJI_NER_N_TAGS + 1) * KHOJI_NER_N_TAGS];

/* The scores of the best paths that end in each tag at the first word. */
static inline void
viterbi_start (const float *emit,
               const float *trans,
               float       *score)
{
  enum { T = KHOJI_NER_N_TAGS };

  for (guint t = 0; t < T; t++)
    score[t] = !KHOJI_NER_TAG_IS_INSIDE (t) ? emit[t] + trans[T * T + t] : -G_MAXFLOAT;
}

/* One step: `cur` from `prev` and the next word's `emit`; `back` (may be
 * NULL) gets each tag's best predecessor. The arithmetic, its order and
 * the ties are those of the plain loop over every pair. */
static inline void
viterbi_step (const float *prev,
              const float *emit,
              const float *trans,
              float       *cur,
              guint8      *back)
{
  enum { T = KHOJI_NER_N_TAGS };

  for (guint t = 0; t < T; t++)
    {
      float best = -G_MAXFLOAT;
      guint arg = KHOJI_NER_O;

      for (guint j = 1; j <= preds[t][0]; j++)
        {
          guint p = preds[t][j];
          float s;

          if (prev[p] == -G_MAXFLOAT)
            continue;
          s = prev[p] + trans[p * T + t];
          if (s > best)
            {
              best = s;
              arg = p;
            }
        }
      if (back != NULL)
        back[t] = (guint8) arg;
      cur[t] = best == -G_MAXFLOAT ? -G_MAXFLOAT : best + emit[t];
    }
}

static inline float
viterbi_best (const float *score,
              guint       *arg_out)
{
  float best = -G_MAXFLOAT;
  guint arg = KHOJI_NER_O;

  for (guint t = 0; t < KHOJI_NER_N_TAGS; t++)
    if (score[t] > best)
      {
        best = score[t];
        arg = t;
      }
  if (arg_out != NULL)
    *arg_out = arg;
  return best;
}

/* Viterbi over one sentence; `alpha` (n × N_TAGS, may be NULL) keeps the
 * best score ending in each tag at each word, for _khoji_ner_margin. */
static float
viterbi (const float *emit,
         const float *trans,
         guint        n,
         guint8      *tags,
         float       *alpha)
{
  enum { T = KHOJI_NER_N_TAGS };
  float rows[2][T];
  guint8 back_small[64 * T];
  guint8 *back;
  float *prev = rows[0], *cur = rows[1];
  float best;
  guint arg;

  if (n == 0)
    return 0.0f;
  if (trans == NULL)
    trans = zero_trans;
  back = n <= 64 ? back_small : g_new (guint8, (gsize) n * T);
  if (alpha != NULL)
    prev = alpha;
  viterbi_start (emit, trans, prev);
  for (guint i = 1; i < n; i++)
    {
      if (alpha != NULL)
        cur = alpha + (gsize) i * T;
      viterbi_step (prev, emit + (gsize) i * T, trans, cur, back + (gsize) i * T);
      if (alpha == NULL)
        {
          float *swap = prev;
          prev = cur;
          cur = swap;
        }
      else
        prev = cur;
    }
  best = viterbi_best (prev, &arg);
  tags[n - 1] = (guint8) arg;
  for (guint i = n - 1; i > 0; i--)
    tags[i - 1] = back[i * T + tags[i]];
  if (back != back_small)
    g_free (back);
  return best;
}

float
_khoji_ner_viterbi (const float *emit,
                    const float *trans,
                    guint        n,
                    guint8      *tags)
{
  return viterbi (emit, trans, n, tags, NULL);
}

/* ---- The model -------------------------------------------------------- */

struct _KhojiNerModel {
  guint          serial;    /* tells the models apart in the threads' caches */
  GBytes        *bytes;
  gpointer       copy;      /* aligned copy of the data, when needed */
  guint          n_features;
  float          scale;
  float          trans[(KHOJI_NER_N_TAGS + 1) * KHOJI_NER_N_TAGS];
  const guint32 *hashes;
  const gint16  *weights;
  guint32       *slots;     /* open addressing: pairs of hash, feature index + 1 (0: empty) */
  guint32        mask;
  /* Sums of weights that no word decides (model_constants ()): the
   * placeholders past a sentence's ends as the words before and after,
   * the bias with FIRST and LAST, and GAP by its two gaps. */
  gint32         before_m1[KHOJI_NER_N_TAGS];
  gint32         before_m2[KHOJI_NER_N_TAGS];
  gint32         after_p1[KHOJI_NER_N_TAGS];
  gint32         after_p2[KHOJI_NER_N_TAGS];
  gint32         after_after[KHOJI_NER_N_TAGS];  /* WP1_WP2 past the end */
  gint32         ends[2][2][KHOJI_NER_N_TAGS];
  gint32         gaps[16][KHOJI_NER_N_TAGS];
};

static void model_constants (KhojiNerModel *model);

/* A number per model made, never reused (a model freed and another made
 * at its address are still two models to the caches). */
static gint model_serials = 1;

#define HEADER_SIZE (8 + 4 + 4 + 4 + 4 * (KHOJI_NER_N_TAGS + 1) * KHOJI_NER_N_TAGS)

static guint32
read_u32 (const guint8 *p)
{
  return (guint32) p[0] | ((guint32) p[1] << 8) | ((guint32) p[2] << 16) | ((guint32) p[3] << 24);
}

static float
read_f32 (const guint8 *p)
{
  guint32 u = read_u32 (p);
  float f;

  memcpy (&f, &u, sizeof f);
  return f;
}

KhojiNerModel *
_khoji_ner_model_new (GBytes  *bytes,
                      GError **error)
{
  KhojiNerModel *model;
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  guint32 n;
  const guint8 *body;

  if (size < HEADER_SIZE || memcmp (data, KHOJI_NER_MAGIC, 8) != 0 ||
      read_u32 (data + 8) != KHOJI_NER_VERSION)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "not a Khoji entity model");
      return NULL;
    }
  n = read_u32 (data + 12);
  if (n > (size - HEADER_SIZE) / (4 + 2 * KHOJI_NER_N_TAGS) ||
      size != HEADER_SIZE + (gsize) n * (4 + 2 * KHOJI_NER_N_TAGS))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "truncated entity model");
      return NULL;
    }

  model = g_new0 (KhojiNerModel, 1);
  model->serial = (guint) g_atomic_int_add (&model_serials, 1);
  model->bytes = g_bytes_ref (bytes);
  model->n_features = n;
  model->scale = read_f32 (data + 16);
  for (guint i = 0; i < G_N_ELEMENTS (model->trans); i++)
    model->trans[i] = read_f32 (data + 20 + 4 * i);
  body = data + HEADER_SIZE;
  if (G_BYTE_ORDER != G_LITTLE_ENDIAN || ((guintptr) body & 3) != 0)
    {
      /* Misaligned or big-endian: one decoded copy. */
      guint32 *h = g_new (guint32, MAX (n, 1));
      gint16 *w = g_new (gint16, MAX ((gsize) n * KHOJI_NER_N_TAGS, 1));
      const guint8 *wp = body + (gsize) n * 4;

      for (guint i = 0; i < n; i++)
        h[i] = read_u32 (body + 4 * i);
      for (gsize i = 0; i < (gsize) n * KHOJI_NER_N_TAGS; i++)
        w[i] = (gint16) ((guint16) wp[2 * i] | ((guint16) wp[2 * i + 1] << 8));
      model->copy = h;
      model->hashes = h;
      model->weights = w;
      body = NULL;
    }
  if (body != NULL)
    {
      model->hashes = (const guint32 *) body;
      model->weights = (const gint16 *) (body + (gsize) n * 4);
    }
  for (guint i = 1; i < n; i++)
    if (model->hashes[i - 1] >= model->hashes[i])
      {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "entity model not sorted");
        _khoji_ner_model_free (model);
        return NULL;
      }
  /* A word has some forty features, most of them unknown: a hash table
   * of hashes and places (half the model's size) answers each in a probe
   * or two where a binary search over the sorted hashes took seventeen. */
  {
    guint32 n_slots = 16;

    while (n_slots < 2 * (guint64) n + 1)
      n_slots *= 2;
    model->mask = n_slots - 1;
    model->slots = g_new0 (guint32, 2 * (gsize) n_slots);
    for (guint i = 0; i < n; i++)
      {
        guint32 s = model->hashes[i] & model->mask;

        while (model->slots[2 * s + 1] != 0)
          s = (s + 1) & model->mask;
        model->slots[2 * s] = model->hashes[i];
        model->slots[2 * s + 1] = i + 1;
      }
  }
  model_constants (model);
  return model;
}

void
_khoji_ner_model_free (KhojiNerModel *model)
{
  if (model == NULL)
    return;
  if (model->copy != NULL)
    {
      g_free (model->copy);
      g_free ((gpointer) model->weights);
    }
  g_bytes_unref (model->bytes);
  g_free (model->slots);
  g_free (model);
}

guint
_khoji_ner_model_n_features (const KhojiNerModel *model)
{
  return model->n_features;
}

static gpointer
load_default (gpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  const char *path = g_getenv ("KHOJI_NER_MODEL");
  KhojiNerModel *model;

  /* A retrained model may be tried without rebuilding (data/ner/README.md). */
  if (path != NULL && *path != '\0')
    {
      g_autoptr(GMappedFile) file = g_mapped_file_new (path, FALSE, &error);
      if (file != NULL)
        bytes = g_mapped_file_get_bytes (file);
    }
  else
    bytes = g_resource_lookup_data (khoji_ner_get_resource (), NER_RESOURCE, 0, &error);
  if (bytes == NULL)
    {
      g_warning ("No entity model: %s", error->message);
      return NULL;
    }
  model = _khoji_ner_model_new (bytes, &error);
  if (model == NULL)
    g_warning ("Entity model unusable: %s", error->message);
  return model;
}

const KhojiNerModel *
_khoji_ner_model_default (void)
{
  static GOnce once = G_ONCE_INIT;

  return g_once (&once, load_default, NULL);
}

static const gint16 *
lookup (const KhojiNerModel *model,
        guint32              hash)
{
  for (guint32 s = hash & model->mask; model->slots[2 * s + 1] != 0; s = (s + 1) & model->mask)
    if (model->slots[2 * s] == hash)
      return model->weights + (gsize) (model->slots[2 * s + 1] - 1) * KHOJI_NER_N_TAGS;
  return NULL;
}

void
_khoji_ner_emit (const KhojiNerModel *model,
                 const guint32       *feats,
                 guint                k,
                 float               *row)
{
  gint32 sum[KHOJI_NER_N_TAGS] = { 0 };

  /* Some forty probes into a table of megabytes: ask for all of their
   * lines before reading any. */
  for (guint f = 0; f < k; f++)
    __builtin_prefetch (&model->slots[2 * (feats[f] & model->mask)]);
  for (guint f = 0; f < k; f++)
    {
      const gint16 *w = lookup (model, feats[f]);
      if (w != NULL)
        for (guint t = 0; t < KHOJI_NER_N_TAGS; t++)
          sum[t] += w[t];
    }
  for (guint t = 0; t < KHOJI_NER_N_TAGS; t++)
    row[t] = (float) sum[t] * model->scale;
}

const float *
_khoji_ner_model_trans (const KhojiNerModel *model)
{
  return model->trans;
}

/* ---- Emission scores, a word at a time -------------------------------
 *
 * Most of a word's features are of one word alone, at one place around
 * the word scored (W0, WM1, SHAPEP1, LISTM2, …), and news says the same
 * words again and again (के, में, सरकार, the names of the day). Those
 * features' weights are summed once per distinct word and place, and
 * kept by the thread from one text to the next (an import's worker
 * labels one article after another). The features of two neighbours
 * (WM1_W0, W0_WP1, WP1_WP2, SUFFIX2_WP1, GZ0_WP1) are summed once per
 * distinct pair and kept the same way (के लिए, ने कहा). Each word then
 * adds its own sums, its neighbours', its pairs' and those of the
 * sentence (FIRST, LAST, GAP). The sums are of integers, so the scores
 * are those of _khoji_ner_emit over _khoji_ner_features to the bit,
 * whatever the caches hold (test-ner holds them equal). */

enum { AT_0, AT_M1, AT_P1, AT_M2, AT_P2, N_AT };

typedef struct {
  guint32 suffix2;  /* hash of its last two characters */
  guint8  n_lists;  /* bits set in its lists */
  guint8  n_gz_lists;
  gint32  sum[N_AT][KHOJI_NER_N_TAGS];
} WordSums;

static inline void
add_weights (const KhojiNerModel *model,
             guint32              hash,
             gint32              *sum)
{
  const gint16 *w = lookup (model, hash);

  if (w != NULL)
    for (guint t = 0; t < KHOJI_NER_N_TAGS; t++)
      sum[t] += w[t];
}

static inline void
add_bit_weights (const KhojiNerModel *model,
                 guint                tmpl,
                 guint32              bits,
                 gint32              *sum)
{
  for (; bits != 0; bits &= bits - 1)
    add_weights (model, feat_value (tmpl, (guint) __builtin_ctz (bits)), sum);
}

/* Whether two words have the same features of their own. */
static gboolean
same_word (const KhojiNerWord *a,
           const KhojiNerWord *b)
{
  return a->fold_hash == b->fold_hash && a->fold_len == b->fold_len &&
         a->n_chars == b->n_chars && a->lists == b->lists && a->latin == b->latin &&
         a->deva == b->deva && a->upper == b->upper && a->all_caps == b->all_caps &&
         a->digit == b->digit && a->gz == b->gz && a->gz_lists == b->gz_lists &&
         a->name_class == b->name_class && a->stop == b->stop &&
         memcmp (a->fold, b->fold, a->fold_len) == 0;
}

static guint32
word_key (const KhojiNerWord *w)
{
  return feat_mix (w->gz | (w->stop << 8) | (w->name_class << 9), w->fold_hash,
                   w->lists ^ ((guint32) w->gz_lists << 16));
}

/* The sums of the features of `w` alone at each place; the order of the
 * templates is _khoji_ner_features ()'s. */
static void
word_sums (const KhojiNerModel *model,
           const KhojiNerWord  *w,
           WordSums            *ws)
{
  gsize pre[4], suf[5];
  gint32 *s;

  memset (ws, 0, sizeof *ws);
  for (guint32 b = w->lists; b != 0; b &= b - 1)
    ws->n_lists++;
  for (guint32 b = w->gz_lists; b != 0; b &= b - 1)
    ws->n_gz_lists++;
  affix_bytes (w, pre, suf);
  ws->suffix2 = _khoji_ner_hash (w->fold + w->fold_len - suf[2], suf[2]);

  s = ws->sum[AT_0];
  add_weights (model, feat_mix (F_W0, w->fold_hash, 0), s);
  for (guint c = 1; c <= 3; c++)
    if (pre[c] > 0 && pre[c] < w->fold_len)
      add_weights (model, feat_str (F_PREFIX + c, w->fold, pre[c]), s);
  for (guint c = 1; c <= 4; c++)
    if (suf[c] > 0 && suf[c] < w->fold_len)
      add_weights (model, feat_str (F_SUFFIX + c, w->fold + w->fold_len - suf[c], suf[c]), s);
  add_weights (model, feat_value (F_SHAPE0, shape (w)), s);
  add_weights (model, feat_value (F_GZ0, w->gz), s);
  add_weights (model, feat_value (F_NAME0, w->name_class), s);
  add_weights (model, feat_value (F_STOP0, w->stop), s);
  add_bit_weights (model, F_LIST0, w->lists, s);
  add_bit_weights (model, F_GZL0, w->gz_lists, s);

  s = ws->sum[AT_M1];
  add_weights (model, feat_mix (F_WM1, w->fold_hash, 0), s);
  add_weights (model, feat_value (F_SHAPEM1, shape (w)), s);
  add_weights (model, feat_value (F_GZM1, w->gz), s);
  add_weights (model, feat_value (F_NAMEM1, w->name_class), s);
  add_weights (model, feat_value (F_STOPM1, w->stop), s);
  add_bit_weights (model, F_LISTM1, w->lists, s);
  add_bit_weights (model, F_GZLM1, w->gz_lists, s);

  s = ws->sum[AT_P1];
  add_weights (model, feat_mix (F_WP1, w->fold_hash, 0), s);
  add_weights (model, feat_value (F_SHAPEP1, shape (w)), s);
  add_weights (model, feat_value (F_GZP1, w->gz), s);
  add_weights (model, feat_value (F_NAMEP1, w->name_class), s);
  add_weights (model, feat_value (F_STOPP1, w->stop), s);
  add_bit_weights (model, F_LISTP1, w->lists, s);
  add_bit_weights (model, F_GZLP1, w->gz_lists, s);

  s = ws->sum[AT_M2];
  add_weights (model, feat_mix (F_WM2, w->fold_hash, 0), s);
  add_bit_weights (model, F_LISTM2, w->lists, s);

  add_weights (model, feat_mix (F_WP2, w->fold_hash, 0), ws->sum[AT_P2]);
}

/* Whether the list features around a word could reach the cap of
 * KHOJI_NER_MAX_FEATURES, where _khoji_ner_features drops the last ones
 * (it has at most 34 others): such a word is scored the plain way. The
 * placeholders past the ends have no lists (NULL). */
static inline gboolean
may_reach_cap (const WordSums *w0,
               const WordSums *m1,
               const WordSums *p1,
               const WordSums *m2)
{
  guint bits = w0->n_lists + w0->n_gz_lists;

  if (m1 != NULL)
    bits += m1->n_lists + m1->n_gz_lists;
  if (p1 != NULL)
    bits += p1->n_lists + p1->n_gz_lists;
  if (m2 != NULL)
    bits += m2->n_lists;
  return 34 + bits > KHOJI_NER_MAX_FEATURES - 1;
}

static void
model_constants (KhojiNerModel *model)
{
  WordSums before, after;

  word_sums (model, &edge_before, &before);
  word_sums (model, &edge_after, &after);
  memcpy (model->before_m1, before.sum[AT_M1], sizeof model->before_m1);
  memcpy (model->before_m2, before.sum[AT_M2], sizeof model->before_m2);
  memcpy (model->after_p1, after.sum[AT_P1], sizeof model->after_p1);
  memcpy (model->after_p2, after.sum[AT_P2], sizeof model->after_p2);
  memset (model->after_after, 0, sizeof model->after_after);
  add_weights (model, feat_mix (F_WP1_WP2, edge_after.fold_hash, edge_after.fold_hash),
               model->after_after);
  memset (model->ends, 0, sizeof model->ends);
  for (guint f = 0; f < 2; f++)
    for (guint l = 0; l < 2; l++)
      {
        add_weights (model, feat_value (F_BIAS, 0), model->ends[f][l]);
        add_weights (model, feat_value (F_FIRST, f), model->ends[f][l]);
        add_weights (model, feat_value (F_LAST, l), model->ends[f][l]);
      }
  memset (model->gaps, 0, sizeof model->gaps);
  for (guint m1 = 0; m1 < 4; m1++)
    for (guint w0 = 0; w0 < 4; w0++)
      add_weights (model, feat_value (F_GAP, m1 | (w0 << 4)), model->gaps[m1 | (w0 << 2)]);
}

/* ---- A thread's sums, kept across texts ---- */

/* Words whose sums a thread keeps: some 220 bytes each with their slot
 * and fold, about 7 MB. Before a text, a cache that its words could take
 * past this is emptied (a text with more distinct words than this grows
 * it for that text alone). The words said most come back at once, since
 * each text fills the cache again with its own. */
#define SUMS_CACHE_MAX_WORDS 32768

typedef struct {
  KhojiNerWord key;   /* the word's own values; `fold` in the cache's chunk */
  WordSums     sums;
} CachedWord;

/* Two neighbours, by their indices in the cache's words (or the
 * placeholders past a sentence's ends), and the weights of the features
 * of both: WM1_W0 for the second, W0_WP1, SUFFIX2_WP1 and GZ0_WP1 for
 * the first, WP1_WP2 for the word before the first. */
typedef struct {
  guint  a, b;
  gint32 right[KHOJI_NER_N_TAGS];
  gint32 left[KHOJI_NER_N_TAGS];
  gint32 before[KHOJI_NER_N_TAGS];
} CachedPair;

#define PAIR_BEFORE G_MAXUINT        /* a: the placeholder before a sentence */
#define PAIR_AFTER  (G_MAXUINT - 1)  /* b: the placeholder after it */

/* Pairs kept: ~100 bytes each with their slot, about 3.3 MB. */
#define SUMS_CACHE_MAX_PAIRS 32768

typedef struct {
  guint         serial;  /* the model the sums are of; 0: none */
  CachedWord   *words;
  guint         n_words;
  guint         cap;
  guint32      *slots;   /* open addressing: index in `words` + 1, 0 empty */
  guint32       mask;
  GStringChunk *folds;
  CachedPair   *pairs;
  guint         n_pairs;
  guint         pair_cap;
  guint32      *pair_slots;
  guint32       pair_mask;
} SumsCache;

static void
sums_cache_free (gpointer data)
{
  SumsCache *c = data;

  g_free (c->words);
  g_free (c->slots);
  g_string_chunk_free (c->folds);
  g_free (c->pairs);
  g_free (c->pair_slots);
  g_free (c);
}

static GPrivate sums_cache = G_PRIVATE_INIT (sums_cache_free);

/* This thread's cache, ready for a text of `n` words scored by `model`. */
static SumsCache *
sums_cache_for (const KhojiNerModel *model,
                guint                n)
{
  SumsCache *c = g_private_get (&sums_cache);

  if (c == NULL)
    {
      c = g_new0 (SumsCache, 1);
      c->folds = g_string_chunk_new (16384);
      g_private_set (&sums_cache, c);
    }
  if (c->serial != model->serial || (gsize) c->n_words + n > SUMS_CACHE_MAX_WORDS)
    {
      c->serial = model->serial;
      c->n_words = 0;
      g_string_chunk_clear (c->folds);
      /* What a long text grew goes back. */
      if (c->cap > SUMS_CACHE_MAX_WORDS)
        {
          g_clear_pointer (&c->words, g_free);
          g_clear_pointer (&c->slots, g_free);
          c->cap = 0;
          c->mask = 0;
        }
      if (c->slots != NULL)
        memset (c->slots, 0, ((gsize) c->mask + 1) * sizeof *c->slots);
      c->n_pairs = 0;  /* their words' indices are gone */
    }
  /* A text of n words has fewer than 2n pairs (one more per sentence). */
  if (c->n_pairs == 0 || (gsize) c->n_pairs + 2 * (gsize) n > SUMS_CACHE_MAX_PAIRS)
    {
      c->n_pairs = 0;
      if (c->pair_cap > SUMS_CACHE_MAX_PAIRS)
        {
          g_clear_pointer (&c->pairs, g_free);
          g_clear_pointer (&c->pair_slots, g_free);
          c->pair_cap = 0;
          c->pair_mask = 0;
        }
      if (c->pair_slots != NULL)
        memset (c->pair_slots, 0, ((gsize) c->pair_mask + 1) * sizeof *c->pair_slots);
    }
  return c;
}

static void
sums_cache_grow_slots (SumsCache *c)
{
  guint32 mask = c->mask == 0 ? 1023 : 2 * c->mask + 1;

  g_free (c->slots);
  c->slots = g_new0 (guint32, (gsize) mask + 1);
  c->mask = mask;
  for (guint i = 0; i < c->n_words; i++)
    {
      guint32 s = word_key (&c->words[i].key) & mask;

      while (c->slots[s] != 0)
        s = (s + 1) & mask;
      c->slots[s] = i + 1;
    }
}

/* The index in `c->words` of the sums of `w`, made if new. */
static guint
sums_cache_find (SumsCache           *c,
                 const KhojiNerModel *model,
                 const KhojiNerWord  *w)
{
  CachedWord *e;
  guint32 s;

  if (2 * ((gsize) c->n_words + 1) > (gsize) c->mask + 1)
    sums_cache_grow_slots (c);
  for (s = word_key (w) & c->mask; c->slots[s] != 0; s = (s + 1) & c->mask)
    if (same_word (&c->words[c->slots[s] - 1].key, w))
      return c->slots[s] - 1;
  if (c->n_words == c->cap)
    {
      c->cap = c->cap == 0 ? 1024 : 2 * c->cap;
      if (c->cap > SUMS_CACHE_MAX_WORDS && c->n_words < SUMS_CACHE_MAX_WORDS)
        c->cap = SUMS_CACHE_MAX_WORDS;
      c->words = g_renew (CachedWord, c->words, c->cap);
    }
  e = &c->words[c->n_words];
  e->key = *w;
  e->key.fold = g_string_chunk_insert_len (c->folds, w->fold, (gssize) w->fold_len);
  e->key.gap = 0;
  e->key.sentence_start = 0;
  word_sums (model, w, &e->sums);
  c->slots[s] = ++c->n_words;
  return c->n_words - 1;
}

static inline guint32
pair_key (guint a,
          guint b)
{
  return feat_mix (0, a, b);
}

static void
pairs_grow_slots (SumsCache *c)
{
  guint32 mask = c->pair_mask == 0 ? 2047 : 2 * c->pair_mask + 1;

  g_free (c->pair_slots);
  c->pair_slots = g_new0 (guint32, (gsize) mask + 1);
  c->pair_mask = mask;
  for (guint i = 0; i < c->n_pairs; i++)
    {
      guint32 s = pair_key (c->pairs[i].a, c->pairs[i].b) & mask;

      while (c->pair_slots[s] != 0)
        s = (s + 1) & mask;
      c->pair_slots[s] = i + 1;
    }
}

/* The index in `c->pairs` of the words of indices `a` and `b` (or the
 * placeholders), made if new. */
static guint
pairs_find (SumsCache           *c,
            const KhojiNerModel *model,
            guint                a,
            guint                b)
{
  const KhojiNerWord *wa = a == PAIR_BEFORE ? &edge_before : &c->words[a].key;
  const KhojiNerWord *wb = b == PAIR_AFTER ? &edge_after : &c->words[b].key;
  CachedPair *p;
  guint32 s;

  if (2 * ((gsize) c->n_pairs + 1) > (gsize) c->pair_mask + 1)
    pairs_grow_slots (c);
  for (s = pair_key (a, b) & c->pair_mask; c->pair_slots[s] != 0; s = (s + 1) & c->pair_mask)
    {
      p = &c->pairs[c->pair_slots[s] - 1];
      if (p->a == a && p->b == b)
        return c->pair_slots[s] - 1;
    }
  if (c->n_pairs == c->pair_cap)
    {
      c->pair_cap = c->pair_cap == 0 ? 2048 : 2 * c->pair_cap;
      if (c->pair_cap > SUMS_CACHE_MAX_PAIRS && c->n_pairs < SUMS_CACHE_MAX_PAIRS)
        c->pair_cap = SUMS_CACHE_MAX_PAIRS;
      c->pairs = g_renew (CachedPair, c->pairs, c->pair_cap);
    }
  p = &c->pairs[c->n_pairs];
  memset (p, 0, sizeof *p);
  p->a = a;
  p->b = b;
  add_weights (model, feat_mix (F_WM1_W0, wa->fold_hash, wb->fold_hash), p->right);
  if (a != PAIR_BEFORE)
    {
      add_weights (model, feat_mix (F_W0_WP1, wa->fold_hash, wb->fold_hash), p->left);
      add_weights (model, feat_mix (F_SUFFIX2_WP1, c->words[a].sums.suffix2, wb->fold_hash), p->left);
      add_weights (model, feat_mix (F_GZ0_WP1, wa->gz, wb->fold_hash), p->left);
      add_weights (model, feat_mix (F_WP1_WP2, wa->fold_hash, wb->fold_hash), p->before);
    }
  c->pair_slots[s] = ++c->n_pairs;
  return c->n_pairs - 1;
}

guint
_khoji_ner_cache_n_words (void)
{
  SumsCache *c = g_private_get (&sums_cache);

  return c != NULL ? c->n_words : 0;
}

void
_khoji_ner_emissions (const KhojiNerModel *model,
                      const KhojiNerWord  *words,
                      guint                n,
                      float               *emit)
{
  enum { T = KHOJI_NER_N_TAGS };
  SumsCache *c;
  const CachedWord *cw;
  const CachedPair *cp;
  guint *of, *lefts, *rights;

  if (n == 0)
    return;
  c = sums_cache_for (model, n);
  of = g_new (guint, 3 * (gsize) n);
  lefts = of + n;   /* the pair of each word and the one before it */
  rights = lefts + n;  /* of each word and the one after it */
  for (guint i = 0; i < n; i++)
    of[i] = sums_cache_find (c, model, &words[i]);
  for (guint first = 0; first < n;)
    {
      guint end = _khoji_ner_sentence_end (words, n, first);

      lefts[first] = pairs_find (c, model, PAIR_BEFORE, of[first]);
      for (guint i = first; i < end; i++)
        {
          rights[i] = pairs_find (c, model, of[i], i + 1 < end ? of[i + 1] : PAIR_AFTER);
          if (i + 1 < end)
            lefts[i + 1] = rights[i];
        }
      first = end;
    }
  cw = c->words;  /* no more words or pairs are added below */
  cp = c->pairs;

  for (guint first = 0; first < n;)
    {
      guint end = _khoji_ner_sentence_end (words, n, first);

      for (guint i = first; i < end; i++)
        {
          const KhojiNerWord *w0 = &words[i];
          const KhojiNerWord *m1 = i > first ? &words[i - 1] : &edge_before;
          const WordSums *s0 = &cw[of[i]].sums;
          const gint32 *sm1 = i > first ? cw[of[i - 1]].sums.sum[AT_M1] : model->before_m1;
          const gint32 *sp1 = i + 1 < end ? cw[of[i + 1]].sums.sum[AT_P1] : model->after_p1;
          const gint32 *sm2 = i > first + 1 ? cw[of[i - 2]].sums.sum[AT_M2] : model->before_m2;
          const gint32 *sp2 = i + 2 < end ? cw[of[i + 2]].sums.sum[AT_P2] : model->after_p2;
          const gint32 *e = model->ends[i == first][i + 1 == end];
          const gint32 *g = model->gaps[(m1->gap & 3) | ((w0->gap & 3) << 2)];
          const gint32 *pr = cp[lefts[i]].right;
          const gint32 *pl = cp[rights[i]].left;
          const gint32 *pb = i + 1 < end ? cp[rights[i + 1]].before : model->after_after;
          float *row = emit + (gsize) i * T;
          gint32 sum[T];

          if (may_reach_cap (s0, i > first ? &cw[of[i - 1]].sums : NULL,
                             i + 1 < end ? &cw[of[i + 1]].sums : NULL,
                             i > first + 1 ? &cw[of[i - 2]].sums : NULL) ||
              ((m1->gap | w0->gap) & ~3) != 0)
            {
              guint32 feats[KHOJI_NER_MAX_FEATURES];
              guint k = _khoji_ner_features (words + first, end - first, i - first, feats);

              _khoji_ner_emit (model, feats, k, row);
              continue;
            }
          for (guint t = 0; t < T; t++)
            sum[t] = e[t] + s0->sum[AT_0][t] + sm1[t] + sp1[t] + sm2[t] + sp2[t] + g[t] +
                     pr[t] + pl[t] + pb[t];
          /* The run's last word reaches past the pairs: looked up here. */
          add_weights (model, run_end (words, end, i), sum);
          for (guint t = 0; t < T; t++)
            row[t] = (float) sum[t] * model->scale;
        }
      first = end;
    }
  g_free (of);
}

guint
_khoji_ner_sentence_end (const KhojiNerWord *words,
                         guint               n,
                         guint               first)
{
  guint end = first + 1;

  while (end < n && !words[end].sentence_start)
    end++;
  return end;
}

void
_khoji_ner_label (const KhojiNerModel *model,
                  const KhojiNerWord  *words,
                  guint                n,
                  guint8              *tags)
{
  float *emit;

  if (n == 0)
    return;
  if (model == NULL)
    {
      memset (tags, KHOJI_NER_O, n);
      return;
    }
  emit = g_new (float, (gsize) n * KHOJI_NER_N_TAGS);
  _khoji_ner_emissions (model, words, n, emit);
  _khoji_ner_decode (model, words, n, emit, tags, NULL);
  g_free (emit);
}

void
_khoji_ner_decode (const KhojiNerModel *model,
                   const KhojiNerWord  *words,
                   guint                n,
                   const float         *emit,
                   guint8              *tags,
                   float               *alpha)
{
  for (guint first = 0; first < n;)
    {
      guint end = _khoji_ner_sentence_end (words, n, first);

      viterbi (emit + (gsize) first * KHOJI_NER_N_TAGS, model->trans, end - first, tags + first,
               alpha != NULL ? alpha + (gsize) first * KHOJI_NER_N_TAGS : NULL);
      first = end;
    }
}

/* The margin is the difference of two Viterbi scores over the span's
 * sentence: the free one, and one where the span's words are forced. The
 * words before the span are scored as in the free decoding, whose
 * `alpha` kept them: the forced pass starts at the span, with the very
 * numbers a pass from the sentence's start would have reached (the same
 * additions in the same order), and needs no way back. */
float
_khoji_ner_margin (const KhojiNerModel *model,
                   const KhojiNerWord  *words,
                   guint                n,
                   const float         *emit,
                   const float         *alpha,
                   guint                span_first,
                   guint                span_last,
                   int                  type)
{
  enum { T = KHOJI_NER_N_TAGS };
  guint first = span_first, end;
  float free_score, forced, rows[2][T], row[T];
  float *prev = rows[0], *cur = rows[1];

  while (first > 0 && !words[first].sentence_start)
    first--;
  end = _khoji_ner_sentence_end (words, n, first);
  if (span_last >= end)
    return G_MAXFLOAT;  /* across sentences: no path holds it */
  free_score = viterbi_best (alpha + (gsize) (end - 1) * T, NULL);
  for (guint i = span_first; i < end; i++)
    {
      const float *e = emit + (gsize) i * T;

      if (i <= span_last || (i == span_last + 1 && type >= 0))
        {
          memcpy (row, e, sizeof row);
          if (i <= span_last)
            {
              guint want = type < 0 ? KHOJI_NER_O
                                    : KHOJI_NER_BEGIN_OF (type) + (i > span_first ? 1 : 0);
              for (guint t = 0; t < T; t++)
                if (t != want)
                  row[t] = -1e30f;
            }
          else
            row[KHOJI_NER_BEGIN_OF (type) + 1] = -1e30f;  /* the span ends where it ends */
          e = row;
        }
      if (i == first)
        viterbi_start (e, model->trans, cur);
      else
        viterbi_step (i == span_first ? alpha + (gsize) (i - 1) * T : prev, e, model->trans, cur,
                      NULL);
      {
        float *swap = prev;
        prev = cur;
        cur = swap;
      }
    }
  forced = viterbi_best (prev, NULL);
  return free_score - forced;
}
