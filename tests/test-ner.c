/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-test-ner"

#include <gio/gio.h>
#include <string.h>

#include "khoji-analysis.h"
#include "khoji-ner-private.h"
#include "khoji-text.h"

enum { T = KHOJI_NER_N_TAGS };

static KhojiGazetteer *gazetteer;

static gboolean
valid_bio (const guint8 *tags,
           guint         n)
{
  for (guint i = 0; i < n; i++)
    if (tags[i] >= T || !_khoji_ner_allowed (i == 0 ? T : tags[i - 1], tags[i]))
      return FALSE;
  return TRUE;
}

/* The best valid sequence by trying every one: what Viterbi must find. */
static float
brute_force (const float *emit,
             const float *trans,
             guint        n,
             guint8      *best)
{
  guint8 seq[8] = { 0 };
  float best_score = -G_MAXFLOAT;
  guint total = 1;

  g_assert_cmpuint (n, <=, G_N_ELEMENTS (seq));
  for (guint i = 0; i < n; i++)
    total *= T;
  for (guint code = 0; code < total; code++)
    {
      guint c = code;
      float s = 0;

      for (guint i = 0; i < n; i++)
        {
          seq[i] = c % T;
          c /= T;
        }
      if (!valid_bio (seq, n))
        continue;
      for (guint i = 0; i < n; i++)
        s += emit[i * T + seq[i]] + trans[(i == 0 ? T : seq[i - 1]) * T + seq[i]];
      if (s > best_score)
        {
          best_score = s;
          memcpy (best, seq, n);
        }
    }
  return best_score;
}

/* Viterbi finds the best sequence that keeps BIO's rules, on random
 * scores that often favour breaking them. */
static void
test_viterbi_matches_brute_force (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);

  for (guint round = 0; round < 300; round++)
    {
      guint n = 1 + round % 5;
      float emit[5 * T], trans[(T + 1) * T];
      guint8 got[5], want[5];
      float got_score, want_score;

      for (guint i = 0; i < n * T; i++)
        emit[i] = (float) g_rand_double_range (rand, -5, 5);
      for (guint i = 0; i < (T + 1) * T; i++)
        trans[i] = (float) g_rand_double_range (rand, -2, 2);
      /* Tempt it: inside tags score best everywhere. */
      for (guint i = 0; i < n; i++)
        emit[i * T + KHOJI_NER_I_PLACE] += 4;
      got_score = _khoji_ner_viterbi (emit, trans, n, got);
      want_score = brute_force (emit, trans, n, want);
      g_assert_true (valid_bio (got, n));
      g_assert_cmpmem (got, n, want, n);
      g_assert_cmpfloat_with_epsilon (got_score, want_score, 1e-3);
    }
}

static void
test_viterbi_constraints (void)
{
  float emit[3 * T] = { 0 };
  guint8 tags[3];

  /* I- everywhere scores best, but a name starts with B-. */
  for (guint i = 0; i < 3; i++)
    emit[i * T + KHOJI_NER_I_PERSON] = 10;
  emit[0 * T + KHOJI_NER_B_PLACE] = 1;
  _khoji_ner_viterbi (emit, NULL, 3, tags);
  g_assert_cmpuint (tags[0], ==, KHOJI_NER_B_PERSON);
  g_assert_cmpuint (tags[1], ==, KHOJI_NER_I_PERSON);
  g_assert_cmpuint (tags[2], ==, KHOJI_NER_I_PERSON);

  /* I-PLACE may not continue a person. */
  memset (emit, 0, sizeof emit);
  emit[0 * T + KHOJI_NER_B_PERSON] = 5;
  emit[1 * T + KHOJI_NER_I_PLACE] = 3;
  emit[1 * T + KHOJI_NER_B_PLACE] = 2;
  _khoji_ner_viterbi (emit, NULL, 2, tags);
  g_assert_cmpuint (tags[0], ==, KHOJI_NER_B_PERSON);
  g_assert_cmpuint (tags[1], ==, KHOJI_NER_B_PLACE);

  g_assert_false (_khoji_ner_allowed (T, KHOJI_NER_I_PERSON));
  g_assert_false (_khoji_ner_allowed (KHOJI_NER_O, KHOJI_NER_I_ORGANIZATION));
  g_assert_false (_khoji_ner_allowed (KHOJI_NER_B_PLACE, KHOJI_NER_I_ORGANIZATION));
  g_assert_true (_khoji_ner_allowed (KHOJI_NER_B_PLACE, KHOJI_NER_I_PLACE));
  g_assert_true (_khoji_ner_allowed (KHOJI_NER_I_PLACE, KHOJI_NER_B_PLACE));
}

static const KhojiNerModel *
model (void)
{
  const KhojiNerModel *m = _khoji_ner_model_default ();

  g_assert_nonnull (m);
  return m;
}

/* The margin the long way: two decodings of the span's whole sentence,
 * free and with the span's words forced. */
static float
margin_long_way (const float        *trans,
                 const KhojiNerWord *words,
                 guint               n,
                 const float        *emit,
                 guint               span_first,
                 guint               span_last,
                 int                 type)
{
  guint first = span_first, end;
  g_autofree float *e = NULL;
  g_autofree guint8 *tags = NULL;
  float free_score;

  while (first > 0 && !words[first].sentence_start)
    first--;
  end = _khoji_ner_sentence_end (words, n, first);
  if (span_last >= end)
    return G_MAXFLOAT;
  e = g_memdup2 (emit + first * T, (end - first) * T * sizeof (float));
  tags = g_new (guint8, end - first);
  free_score = _khoji_ner_viterbi (e, trans, end - first, tags);
  for (guint i = span_first; i <= span_last; i++)
    for (guint t = 0; t < T; t++)
      {
        guint want = type < 0 ? KHOJI_NER_O : KHOJI_NER_BEGIN_OF (type) + (i > span_first ? 1 : 0);
        if (t != want)
          e[(i - first) * T + t] = -1e30f;
      }
  if (span_last + 1 < end && type >= 0)
    e[(span_last + 1 - first) * T + KHOJI_NER_BEGIN_OF (type) + 1] = -1e30f;
  return free_score - _khoji_ner_viterbi (e, trans, end - first, tags);
}

/* The scores of every word the plain way: its features, then their
 * weights. */
static void
assert_emissions_plain_of (const KhojiNerModel *m,
                           const KhojiNerWord  *words,
                           guint                n)
{
  g_autofree float *got = g_new (float, MAX (n, 1) * T);

  _khoji_ner_emissions (m, words, n, got);
  for (guint first = 0; first < n;)
    {
      guint end = _khoji_ner_sentence_end (words, n, first);

      for (guint i = first; i < end; i++)
        {
          guint32 feats[KHOJI_NER_MAX_FEATURES];
          float want[T];
          guint k = _khoji_ner_features (words + first, end - first, i - first, feats);

          _khoji_ner_emit (m, feats, k, want);
          g_assert_cmpmem (got + i * T, sizeof want, want, sizeof want);
        }
      first = end;
    }
}

static void
assert_emissions_plain (const KhojiNerWord *words,
                        guint               n)
{
  assert_emissions_plain_of (model (), words, n);
}

/* The emission scores summed a word at a time are those of each word's
 * features to the bit: on the sample articles (words said again and
 * again, Latin, digits, names the gazetteer knows), and on words whose
 * lists would overflow the features' cap. */
static void
test_emissions_by_word (void)
{
  g_autofree char *dir = g_build_filename (g_getenv ("KHOJI_SOURCE_ROOT"), "data", "samples", NULL);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint files = 0;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *text = NULL;
      KhojiNerText *t;

      g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
      t = _khoji_ner_text_new (gazetteer, text);
      g_assert_cmpuint (t->n, >, 100);
      assert_emissions_plain (t->words, t->n);
      _khoji_ner_text_free (t);
      files++;
    }
  g_assert_cmpuint (files, >, 0);

  {
    KhojiNerText *t = _khoji_ner_text_new (gazetteer, "Reuters के अनुसार राहुल गांधी ने "
                                           "London में कहा। श्री के. आर. नारायणन, 15-20 लोग।");
    g_autofree KhojiNerWord *words = g_memdup2 (t->words, t->n * sizeof (KhojiNerWord));

    assert_emissions_plain (words, t->n);
    /* Every list of the extractor and of the gazetteer, on a word and on
     * its neighbours: the plain features stop at their cap. */
    for (guint i = 2; i < 6; i++)
      {
        words[i].lists = 0xffffffffu;
        words[i].gz_lists = 0xffff;
      }
    assert_emissions_plain (words, t->n);
    _khoji_ner_text_free (t);
  }
}

/* The compiled-in model's file with every weight negated: another model,
 * whose sums a cache of the first must not give. */
static KhojiNerModel *
negated_model (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("KHOJI_SOURCE_ROOT"), "data", "ner",
                                            "khoji-ner.model", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  char *contents = NULL;
  gsize len, n, weights;
  KhojiNerModel *m;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  n = GUINT32_FROM_LE (*(guint32 *) (contents + 12));
  weights = len - n * T * 2;
  for (gsize i = weights; i + 1 < len; i += 2)
    {
      gint16 w = (gint16) GUINT16_FROM_LE (*(guint16 *) (contents + i));
      *(guint16 *) (contents + i) = GUINT16_TO_LE ((guint16) (w == G_MININT16 ? G_MAXINT16 : -w));
    }
  bytes = g_bytes_new_take (contents, len);
  m = _khoji_ner_model_new (bytes, &error);
  g_assert_no_error (error);
  return m;
}

/* A thread keeps its words' and neighbours' sums from one text to the
 * next: a text scored again takes every word and pair from the cache,
 * and gets the plain scores; another model (one made at a freed model's
 * address too) gets its own; past the bound the cache starts again, and
 * a text longer than the bound is scored all the same. */
static void
test_emissions_cached (void)
{
  KhojiNerText *t = _khoji_ner_text_new (gazetteer, "Reuters के अनुसार राहुल गांधी ने London में "
                                         "कहा कि राहुल गांधी के. आर. नारायणन से मिले।");
  guint held;

  assert_emissions_plain (t->words, t->n);
  held = _khoji_ner_cache_n_words ();
  g_assert_cmpuint (held, >, 0);
  assert_emissions_plain (t->words, t->n);
  g_assert_cmpuint (_khoji_ner_cache_n_words (), ==, held);

  for (guint round = 0; round < 2; round++)
    {
      KhojiNerModel *other = negated_model ();

      assert_emissions_plain_of (other, t->words, t->n);
      assert_emissions_plain (t->words, t->n);
      assert_emissions_plain_of (other, t->words, t->n);
      _khoji_ner_model_free (other);
    }

  /* More distinct words than the cache keeps between texts. */
  {
    enum { N = 40000 };
    g_autofree KhojiNerWord *words = g_new0 (KhojiNerWord, N);
    GStringChunk *folds = g_string_chunk_new (4096);

    for (guint i = 0; i < N; i++)
      {
        g_autofree char *fold = g_strdup_printf ("शब्द%u", i);

        words[i].fold = g_string_chunk_insert (folds, fold);
        words[i].fold_len = strlen (fold);
        words[i].fold_hash = _khoji_ner_hash (words[i].fold, words[i].fold_len);
        words[i].n_chars = (guint) g_utf8_strlen (fold, -1);
        words[i].deva = 1;
        words[i].digit = 1;
        words[i].sentence_start = i % 20 == 0;
      }
    assert_emissions_plain (words, N);
    g_assert_cmpuint (_khoji_ner_cache_n_words (), >=, N);
    assert_emissions_plain (t->words, t->n);
    g_assert_cmpuint (_khoji_ner_cache_n_words (), >, 0);
    g_assert_cmpuint (_khoji_ner_cache_n_words (), <, t->n);
    g_string_chunk_free (folds);
  }
  _khoji_ner_text_free (t);
}

/* The decoder reads BIO's rule from a table: the two agree on every pair,
 * the start and tags out of range included. */
static void
test_transition_table (void)
{
  for (guint prev = 0; prev <= T + 1; prev++)
    for (guint next = 0; next <= T + 1; next++)
      g_assert_cmpint (_khoji_ner_table_allows (prev, next), ==, _khoji_ner_allowed (prev, next));
}

/* The margin starts from the free decoding's scores at the span instead
 * of decoding the sentence twice: it is the same number to the bit, for
 * spans at a sentence's start, end and middle, every type and none. */
static void
test_margin_from_decoding (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  const float *trans = _khoji_ner_model_trans (model ());

  for (guint round = 0; round < 200; round++)
    {
      guint n = 1 + g_rand_int_range (rand, 0, 90);
      g_autofree KhojiNerWord *words = g_new0 (KhojiNerWord, n);
      g_autofree float *emit = g_new (float, n * T);
      g_autofree float *alpha = g_new (float, n * T);
      g_autofree guint8 *tags = g_new (guint8, n);
      g_autofree guint8 *plain = g_new (guint8, n);

      for (guint i = 0; i < n; i++)
        words[i].sentence_start = i == 0 || g_rand_int_range (rand, 0, 12) == 0;
      for (guint i = 0; i < n * T; i++)
        emit[i] = (float) g_rand_double_range (rand, -40, 40);
      _khoji_ner_decode (model (), words, n, emit, tags, alpha);
      /* The tags are those of the plain decoding, sentence by sentence. */
      for (guint first = 0; first < n;)
        {
          guint end = _khoji_ner_sentence_end (words, n, first);
          _khoji_ner_viterbi (emit + first * T, trans, end - first, plain + first);
          first = end;
        }
      g_assert_cmpmem (tags, n, plain, n);
      for (guint k = 0; k < 20; k++)
        {
          guint a = g_rand_int_range (rand, 0, n);
          guint b = MIN (n - 1, a + g_rand_int_range (rand, 0, 4));
          int type = g_rand_int_range (rand, -1, 3);
          float got = _khoji_ner_margin (model (), words, n, emit, alpha, a, b, type);
          float want = margin_long_way (trans, words, n, emit, a, b, type);

          g_assert_cmpmem (&got, sizeof got, &want, sizeof want);
          g_assert_cmpfloat (got, >=, 0.0f);
        }
    }
}

/* Tags of the words of `text`, through the extractor's words. */
static guint8 *
label (const char    *text,
       KhojiNerText **out_t)
{
  KhojiNerText *t = _khoji_ner_text_new (gazetteer, text);
  guint8 *tags = g_new0 (guint8, MAX (t->n, 1));

  _khoji_ner_label (model (), t->words, t->n, tags);
  g_assert_true (valid_bio (tags, t->n));
  *out_t = t;
  return tags;
}

/* The tag of the word that starts with `word` in `text`. */
static guint
tag_of (const char         *text,
        const KhojiNerText *t,
        const guint8       *tags,
        const char         *word)
{
  const char *at = strstr (text, word);

  g_assert_nonnull (at);
  for (guint i = 0; i < t->n; i++)
    if (t->starts[i] == (gsize) (at - text))
      return tags[i];
  g_assert_not_reached ();
}

static void
test_label_empty_and_one_word (void)
{
  KhojiNerText *t;
  g_autofree guint8 *tags = NULL;
  g_autofree guint8 *one = NULL;
  guint8 none[1] = { 0xff };

  /* No words: nothing to label, nothing written. */
  _khoji_ner_label (model (), NULL, 0, none);
  g_assert_cmpuint (none[0], ==, 0xff);
  g_assert_cmpfloat (_khoji_ner_viterbi (NULL, NULL, 0, none), ==, 0.0f);
  t = _khoji_ner_text_new (gazetteer, "");
  g_assert_cmpuint (t->n, ==, 0);
  _khoji_ner_text_free (t);
  t = _khoji_ner_text_new (gazetteer, " ।, ");
  g_assert_cmpuint (t->n, ==, 0);
  _khoji_ner_text_free (t);

  /* One word: a name or not, but never an inside tag. */
  one = label ("दिल्ली", &t);
  g_assert_cmpuint (t->n, ==, 1);
  g_assert_cmpuint (one[0], ==, KHOJI_NER_B_PLACE);
  _khoji_ner_text_free (t);
  tags = label ("और", &t);
  g_assert_cmpuint (t->n, ==, 1);
  g_assert_cmpuint (tags[0], ==, KHOJI_NER_O);
  _khoji_ner_text_free (t);
}

static void
test_label_sentence (void)
{
  const char *text = "प्रधानमंत्री नरेंद्र मोदी ने मंगलवार को पटना में एक सभा को संबोधित किया।";
  KhojiNerText *t;
  g_autofree guint8 *tags = label (text, &t);

  g_assert_cmpuint (tag_of (text, t, tags, "नरेंद्र"), ==, KHOJI_NER_B_PERSON);
  g_assert_cmpuint (tag_of (text, t, tags, "मोदी"), ==, KHOJI_NER_I_PERSON);
  g_assert_cmpuint (tag_of (text, t, tags, "पटना"), ==, KHOJI_NER_B_PLACE);
  g_assert_cmpuint (tag_of (text, t, tags, "मंगलवार"), ==, KHOJI_NER_O);
  g_assert_cmpuint (tag_of (text, t, tags, "सभा"), ==, KHOJI_NER_O);
  _khoji_ner_text_free (t);
}

/* Latin words among Devanagari ones, and two sentences in one text:
 * each is labelled on its own, every tag sequence valid. */
static void
test_label_mixed_scripts (void)
{
  const char *text = "Reuters के अनुसार राहुल गांधी ने London में कहा। Apple ने iPhone 15 बेचा।";
  KhojiNerText *t;
  g_autofree guint8 *tags = label (text, &t);
  guint sentences = 0;

  for (guint i = 0; i < t->n; i++)
    sentences += t->words[i].sentence_start;
  g_assert_cmpuint (sentences, ==, 2);
  g_assert_true (t->words[0].latin);
  g_assert_true (t->words[0].upper);
  g_assert_cmpuint (tag_of (text, t, tags, "राहुल"), ==, KHOJI_NER_B_PERSON);
  g_assert_cmpuint (tag_of (text, t, tags, "गांधी"), ==, KHOJI_NER_I_PERSON);
  g_assert_cmpuint (tag_of (text, t, tags, "कहा"), ==, KHOJI_NER_O);
  /* A sentence starts with a B- or O, never an inside tag. */
  for (guint i = 0; i < t->n; i++)
    if (t->words[i].sentence_start)
      g_assert_false (KHOJI_NER_TAG_IS_INSIDE (tags[i]));
  _khoji_ner_text_free (t);
}

static void
test_features (void)
{
  const char *text = "हरिकृष्ण देवसरे की किताब";
  KhojiNerText *t = _khoji_ner_text_new (gazetteer, text);
  guint32 a[KHOJI_NER_MAX_FEATURES], b[KHOJI_NER_MAX_FEATURES];
  guint ka, kb;

  g_assert_cmpuint (t->n, ==, 4);
  ka = _khoji_ner_features (t->words, t->n, 1, a);
  kb = _khoji_ner_features (t->words, t->n, 1, b);
  g_assert_cmpuint (ka, >, 20);
  g_assert_cmpuint (ka, <=, KHOJI_NER_MAX_FEATURES);
  g_assert_cmpmem (a, ka * 4, b, kb * 4);
  /* The same word in another place has other neighbours. */
  kb = _khoji_ner_features (t->words, t->n, 0, b);
  g_assert_true (ka != kb || memcmp (a, b, ka * 4) != 0);
  /* The postposition after it knows it is one. */
  g_assert_cmpuint (t->words[2].stop, ==, 1);
  _khoji_ner_text_free (t);
}

static void
test_model_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) junk = g_bytes_new_static ("KHOJINER\1\0\0\0", 12);
  g_autoptr(GBytes) other = g_bytes_new_static ("not a model at all, but long enough to look", 43);
  g_autofree char *path = g_build_filename (g_getenv ("KHOJI_SOURCE_ROOT"), "data", "ner",
                                            "khoji-ner.model", NULL);
  g_autofree char *contents = NULL;
  gsize len;
  KhojiNerModel *m;

  g_assert_null (_khoji_ner_model_new (junk, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);
  g_assert_null (_khoji_ner_model_new (other, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);

  /* The file in the tree is the one compiled in; cut short, it is refused. */
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  {
    g_autoptr(GBytes) whole = g_bytes_new (contents, len);
    g_autoptr(GBytes) cut = g_bytes_new (contents, len - 3);

    m = _khoji_ner_model_new (whole, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (_khoji_ner_model_n_features (m), ==, _khoji_ner_model_n_features (model ()));
    g_assert_cmpuint (_khoji_ner_model_n_features (m), >, 10000);
    _khoji_ner_model_free (m);
    g_assert_null (_khoji_ner_model_new (cut, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  }
}

/* ---- The labeller inside extraction ----------------------------------- */

static KhojiMention *
find (GPtrArray  *mentions,
      const char *text,
      const char *form)
{
  gsize len = strlen (form);

  for (guint i = 0; i < mentions->len; i++)
    {
      KhojiMention *m = mentions->pdata[i];
      if (m->end - m->start == len && memcmp (text + m->start, form, len) == 0)
        return m;
    }
  return NULL;
}

/* People no list knows and no cue announces are found by the model (not
 * each of them: it is right about two in three people on held-out text);
 * a lone word of a found name later in the text is the same person. */
static void
test_model_finds_uncued_people (void)
{
  static const struct { const char *text, *name, *part; } cases[] = {
    { "समारोह में फणीश्वरनाथ रेणु की कहानी पढ़ी गई। रेणु की भाषा सरल थी।",
      "फणीश्वरनाथ रेणु", "रेणु" },
    { "बैठक में कृष्णा सोबती और मन्नू भंडारी की रचनाओं पर चर्चा हुई।", "कृष्णा सोबती", NULL },
    { "हरिकृष्ण देवसरे की नई किताब आई। देवसरे की किताबें बच्चों में लोकप्रिय हैं।",
      "हरिकृष्ण देवसरे", "देवसरे" },
    { "इस साल का पुरस्कार विनोद कुमार शुक्ल की कहानियों को मिला।", "विनोद कुमार शुक्ल", NULL },
  };
  guint found = 0;

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(GPtrArray) m = khoji_extract_entities (gazetteer, cases[c].text, NULL);
      KhojiMention *full = find (m, cases[c].text, cases[c].name);
      const char *later;

      if (full == NULL)
        continue;
      found++;
      g_assert_cmpint (full->type, ==, KHOJI_ENTITY_PERSON);
      if (cases[c].part == NULL)
        continue;
      later = strstr (cases[c].text, "। ");
      g_assert_nonnull (later);
      for (guint i = 0; i < m->len; i++)
        {
          KhojiMention *x = m->pdata[i];
          if (x->start > (gsize) (later - cases[c].text))
            {
              g_assert_cmpmem (cases[c].text + x->start, x->end - x->start,
                               cases[c].part, strlen (cases[c].part));
              g_assert_cmpstr (x->key, ==, full->key);
            }
        }
    }
  g_assert_cmpuint (found, >=, 2);
}

/* A user's correction wins over the model's guess. */
static void
test_correction_beats_model (void)
{
  const char *text = "समारोह में फणीश्वरनाथ रेणु की कहानी पढ़ी गई।";
  g_autoptr(GPtrArray) lexicon = g_ptr_array_new ();
  KhojiLexiconEntry entry = {
    .form_key = khoji_text_fold ("फणीश्वरनाथ रेणु", -1),
    .entity_key = (char *) "organization:renu trust",
    .name = (char *) "फणीश्वरनाथ रेणु",
    .latin = (char *) "Renu Trust",
    .type = KHOJI_ENTITY_ORGANIZATION,
  };
  g_autoptr(GPtrArray) plain = khoji_extract_entities (gazetteer, text, NULL);
  g_autoptr(GPtrArray) m = NULL;
  KhojiMention *hit;

  /* The model alone says person. */
  hit = find (plain, text, "फणीश्वरनाथ रेणु");
  g_assert_nonnull (hit);
  g_assert_cmpint (hit->type, ==, KHOJI_ENTITY_PERSON);

  g_ptr_array_add (lexicon, &entry);
  m = khoji_extract_entities (gazetteer, text, lexicon);
  hit = find (m, text, "फणीश्वरनाथ रेणु");
  g_assert_nonnull (hit);
  g_assert_cmpint (hit->type, ==, KHOJI_ENTITY_ORGANIZATION);
  g_assert_cmpstr (hit->key, ==, "organization:renu trust");
  g_assert_cmpstr (hit->latin, ==, "Renu Trust");
  g_free (entry.form_key);
}

/* The gazetteer's traps hold with the model on. */
static void
test_traps_stay_traps (void)
{
  const char *text = "दक्षिण कोरिया और उत्तर कोरिया के बीच बातचीत हुई। संयुक्त राष्ट्र ने "
                     "संयुक्त राज्य से कहा। रूस की सुरक्षा परिषद ने बैठक की। रूसी सेना पीछे हटी।";
  g_autoptr(GPtrArray) m = khoji_extract_entities (gazetteer, text, NULL);
  KhojiMention *south = find (m, text, "दक्षिण कोरिया");
  KhojiMention *north = find (m, text, "उत्तर कोरिया");
  KhojiMention *un = find (m, text, "संयुक्त राष्ट्र");
  KhojiMention *us = find (m, text, "संयुक्त राज्य");
  KhojiMention *council = find (m, text, "रूस की सुरक्षा परिषद");
  KhojiMention *russian = find (m, text, "रूसी");

  g_assert_nonnull (south);
  g_assert_nonnull (north);
  g_assert_cmpstr (south->key, !=, north->key);
  g_assert_nonnull (un);
  g_assert_nonnull (us);
  g_assert_cmpstr (un->key, !=, us->key);
  g_assert_cmpint (un->type, ==, KHOJI_ENTITY_ORGANIZATION);
  g_assert_cmpint (us->type, ==, KHOJI_ENTITY_PLACE);
  g_assert_nonnull (council);
  g_assert_cmpint (council->type, ==, KHOJI_ENTITY_ORGANIZATION);
  g_assert_null (strstr (council->key, "united nations"));
  /* A demonym is its country. */
  g_assert_nonnull (russian);
  g_assert_cmpint (russian->type, ==, KHOJI_ENTITY_PLACE);
  g_assert_cmpstr (russian->key, ==, "place:russia");
}

/* The model's guesses that no list backs are held to its filters: no
 * lone title, no Latin words (it learned Devanagari text). */
static void
test_model_filters (void)
{
  const char *text = "एंकर ने बताया कि Election Results आज आएंगे।";
  g_autoptr(GPtrArray) m = khoji_extract_entities (gazetteer, text, NULL);

  g_assert_null (find (m, text, "एंकर"));
  g_assert_null (find (m, text, "Election Results"));
  g_assert_null (find (m, text, "Election"));
}

/* के opening a clause is a postposition unless the labeller sees a name
 * (के चंद्रशेखर राव); an organization a head rule found starts where the
 * labeller says, not at the adverb before it. */
static void
test_model_corrects_rules (void)
{
  const char *text = "सरकार ने कहा, के प्रकाशन की योजना बनी। रिपोर्ट में आज आईडीबीआई बैंक "
                     "का नाम आया। तेलंगाना में के चंद्रशेखर राव ने रैली की।";
  g_autoptr(GPtrArray) m = khoji_extract_entities (gazetteer, text, NULL);
  KhojiMention *kcr = find (m, text, "के चंद्रशेखर राव");

  g_assert_null (find (m, text, "के प्रकाशन"));
  g_assert_null (find (m, text, "आज आईडीबीआई बैंक"));
  g_assert_nonnull (find (m, text, "आईडीबीआई बैंक"));
  g_assert_cmpint (find (m, text, "आईडीबीआई बैंक")->type, ==, KHOJI_ENTITY_ORGANIZATION);
  g_assert_nonnull (kcr);
  g_assert_cmpint (kcr->type, ==, KHOJI_ENTITY_PERSON);
}

/* After a title too, के is a postposition ("राष्ट्रपति के विपरीत")
 * unless the labeller sees a name or a listed given name follows (के
 * कविता, though कविता is also a common word). */
static void
test_title_then_ke (void)
{
  const char *text = "इस बार राष्ट्रपति के विपरीत, सरकार चुप रही। बीआरएस नेता के कविता, "
                     "जो विधान परिषद की सदस्य हैं, अदालत पहुंचीं।";
  g_autoptr(GPtrArray) m = khoji_extract_entities (gazetteer, text, NULL);
  KhojiMention *kavitha = find (m, text, "के कविता");

  g_assert_null (find (m, text, "के विपरीत"));
  g_assert_nonnull (kavitha);
  g_assert_cmpint (kavitha->type, ==, KHOJI_ENTITY_PERSON);
}

/* The labeller overrules the cues it knows better than: a word after a
 * title that it is sure names nobody is no person, a title a rule took
 * into a name is left out where the labeller ends the name; a company's
 * legal head is evidence it does not overrule, nor is a user's
 * correction. */
static void
test_model_vetoes_rules (void)
{
  const char *text = "प्रवक्ता अकादमियों के बारे में बोले। मंत्री जनशिकायतों पर बोले। "
                     "संपादक शुचिता चतुर्वेदी ने लेख लिखा। कंपनी की इकाई बरुआ प्राइवेट लिमिटेड "
                     "ने बोली लगाई।";
  g_autoptr(GPtrArray) m = khoji_extract_entities (gazetteer, text, NULL);
  g_autoptr(GPtrArray) corrected = NULL;
  g_autoptr(GPtrArray) lexicon = g_ptr_array_new ();
  KhojiLexiconEntry entry = {
    .form_key = khoji_text_fold ("अकादमियों", -1),
    .entity_key = (char *) "organization:akademi",
    .name = (char *) "अकादमियों",
    .type = KHOJI_ENTITY_ORGANIZATION,
  };
  KhojiMention *hit;

  g_assert_null (find (m, text, "अकादमियों"));
  g_assert_null (find (m, text, "जनशिकायतों"));
  g_assert_null (find (m, text, "संपादक शुचिता चतुर्वेदी"));
  hit = find (m, text, "शुचिता चतुर्वेदी");
  g_assert_nonnull (hit);
  g_assert_cmpint (hit->type, ==, KHOJI_ENTITY_PERSON);
  hit = find (m, text, "बरुआ प्राइवेट लिमिटेड");
  g_assert_nonnull (hit);
  g_assert_cmpint (hit->type, ==, KHOJI_ENTITY_ORGANIZATION);

  g_ptr_array_add (lexicon, &entry);
  corrected = khoji_extract_entities (gazetteer, text, lexicon);
  hit = find (corrected, text, "अकादमियों");
  g_assert_nonnull (hit);
  g_assert_cmpstr (hit->key, ==, "organization:akademi");
  g_free (entry.form_key);
}

/* Common given names and surnames make no person where the labeller reads
 * no name there: मण्डल is a surname and a word for a division ("कृषि
 * मण्डल", "राजस्व मण्डल"), and a name such words make goes at the
 * ordinary margin, as a title's does; a real name of them stays. A lone
 * part of a name that went goes with it: no person "मण्डल" is linked to
 * a name that is no longer in the text, nor does a part said again make
 * the name safe from a labeller all but certain it is none. */
static void
test_model_vetoes_name_list_people (void)
{
  const char *text = "यह क्षेत्र कृषि मण्डल के अंतर्गत आता है। गांव तहसील के राजस्व मण्डल "
                     "में दर्ज है। सुनील कुमार मण्डल ने बयान दिया।";
  const char *parts = "यह गांव पौड़ी जिले के अन्तर्गत गढ़वाल मण्डल में आता है। मण्डल का "
                      "मुख्यालय पौड़ी है।";
  g_autoptr(GPtrArray) m = khoji_extract_entities (gazetteer, text, NULL);
  /* Its part said again alone holds the name only against a labeller
   * that is not all but certain. */
  const char *again = "गांव तहसील के राजस्व मण्डल में दर्ज है। मण्डल के अधिकारी आए।";
  g_autoptr(GPtrArray) p = khoji_extract_entities (gazetteer, parts, NULL);
  g_autoptr(GPtrArray) a = khoji_extract_entities (gazetteer, again, NULL);
  KhojiMention *hit;

  g_assert_null (find (m, text, "कृषि मण्डल"));
  g_assert_null (find (m, text, "राजस्व मण्डल"));
  hit = find (m, text, "सुनील कुमार मण्डल");
  g_assert_nonnull (hit);
  g_assert_cmpint (hit->type, ==, KHOJI_ENTITY_PERSON);

  for (guint i = 0; i < p->len; i++)
    g_assert_cmpint (((KhojiMention *) p->pdata[i])->type, !=, KHOJI_ENTITY_PERSON);
  hit = find (p, parts, "पौड़ी");
  g_assert_nonnull (hit);
  g_assert_cmpint (hit->type, ==, KHOJI_ENTITY_PLACE);

  for (guint i = 0; i < a->len; i++)
    g_assert_cmpint (((KhojiMention *) a->pdata[i])->type, !=, KHOJI_ENTITY_PERSON);
}

/* A company's head is strong evidence, but not against a labeller all but
 * certain that the words are no name ("चार बैंक" made by a merger, "पहला
 * निजी बैंक"); a company's legal name stays. */
static void
test_model_vetoes_strong_rules (void)
{
  const char *text = "सरकार ने दस बैंकों का विलय कर चार बैंक बनाए। यह देश का पहला निजी "
                     "बैंक था। कंपनी की इकाई बरुआ प्राइवेट लिमिटेड ने बोली लगाई।";
  g_autoptr(GPtrArray) m = khoji_extract_entities (gazetteer, text, NULL);
  KhojiMention *hit;

  for (guint i = 0; i < m->len; i++)
    {
      KhojiMention *x = m->pdata[i];
      g_assert_null (g_strstr_len (text + x->start, (gssize) (x->end - x->start), "बैंक"));
    }
  hit = find (m, text, "बरुआ प्राइवेट लिमिटेड");
  g_assert_nonnull (hit);
  g_assert_cmpint (hit->type, ==, KHOJI_ENTITY_ORGANIZATION);
}

/* A known name that is a word of a longer one the lists lack gives way
 * to the longer name the labeller reads (नेल्सन, a town, in "नेल्सन
 * मंडेला"; भारत in "भारत चैंबर ऑफ कॉमर्स"); a state before its सरकार
 * stays the state, a demonym stays its country, and a user's correction
 * stays. */
static void
test_model_extends_known (void)
{
  const char *text = "नेल्सन मंडेला ने रंगभेद के खिलाफ लंबा संघर्ष किया। कोलकाता में भारत "
                     "चैंबर ऑफ कॉमर्स ने बैठक बुलाई। ओडिशा सरकार ने राहत की घोषणा की। "
                     "रूसी एजेंसियों ने जांच शुरू की।";
  g_autoptr(GPtrArray) m = khoji_extract_entities (gazetteer, text, NULL);
  g_autoptr(GPtrArray) corrected = NULL;
  g_autoptr(GPtrArray) lexicon = g_ptr_array_new ();
  KhojiLexiconEntry entry = {
    .form_key = khoji_text_fold ("नेल्सन", -1),
    .entity_key = (char *) "place:nelson",
    .name = (char *) "नेल्सन",
    .type = KHOJI_ENTITY_PLACE,
  };
  KhojiMention *hit;

  hit = find (m, text, "नेल्सन मंडेला");
  g_assert_nonnull (hit);
  g_assert_cmpint (hit->type, ==, KHOJI_ENTITY_PERSON);
  g_assert_null (find (m, text, "नेल्सन"));
  hit = find (m, text, "भारत चैंबर ऑफ कॉमर्स");
  g_assert_nonnull (hit);
  g_assert_cmpint (hit->type, ==, KHOJI_ENTITY_ORGANIZATION);
  g_assert_null (find (m, text, "भारत"));
  hit = find (m, text, "ओडिशा");
  g_assert_nonnull (hit);
  g_assert_cmpint (hit->type, ==, KHOJI_ENTITY_PLACE);
  g_assert_null (find (m, text, "ओडिशा सरकार"));
  hit = find (m, text, "रूसी");
  g_assert_nonnull (hit);
  g_assert_cmpstr (hit->key, ==, "place:russia");

  g_ptr_array_add (lexicon, &entry);
  corrected = khoji_extract_entities (gazetteer, text, lexicon);
  hit = find (corrected, text, "नेल्सन");
  g_assert_nonnull (hit);
  g_assert_cmpstr (hit->key, ==, "place:nelson");
  g_free (entry.form_key);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  gazetteer = khoji_gazetteer_new_default (&error);
  g_assert_no_error (error);

  g_test_add_func ("/khoji/ner/viterbi/brute-force", test_viterbi_matches_brute_force);
  g_test_add_func ("/khoji/ner/viterbi/constraints", test_viterbi_constraints);
  g_test_add_func ("/khoji/ner/viterbi/transition-table", test_transition_table);
  g_test_add_func ("/khoji/ner/viterbi/margin-from-decoding", test_margin_from_decoding);
  g_test_add_func ("/khoji/ner/label/empty-and-one-word", test_label_empty_and_one_word);
  g_test_add_func ("/khoji/ner/label/sentence", test_label_sentence);
  g_test_add_func ("/khoji/ner/label/mixed-scripts", test_label_mixed_scripts);
  g_test_add_func ("/khoji/ner/features", test_features);
  g_test_add_func ("/khoji/ner/emissions-by-word", test_emissions_by_word);
  g_test_add_func ("/khoji/ner/emissions-cached", test_emissions_cached);
  g_test_add_func ("/khoji/ner/model-file", test_model_file);
  g_test_add_func ("/khoji/ner/extract/uncued-people", test_model_finds_uncued_people);
  g_test_add_func ("/khoji/ner/extract/correction-wins", test_correction_beats_model);
  g_test_add_func ("/khoji/ner/extract/traps", test_traps_stay_traps);
  g_test_add_func ("/khoji/ner/extract/filters", test_model_filters);
  g_test_add_func ("/khoji/ner/extract/corrects-rules", test_model_corrects_rules);
  g_test_add_func ("/khoji/ner/extract/title-then-ke", test_title_then_ke);
  g_test_add_func ("/khoji/ner/extract/vetoes-rules", test_model_vetoes_rules);
  g_test_add_func ("/khoji/ner/extract/vetoes-strong-rules", test_model_vetoes_strong_rules);
  g_test_add_func ("/khoji/ner/extract/vetoes-name-list-people", test_model_vetoes_name_list_people);
  g_test_add_func ("/khoji/ner/extract/extends-known", test_model_extends_known);
  ret = g_test_run ();
  khoji_gazetteer_unref (gazetteer);
  return ret;
}
