/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-store"

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "khoji-store-backend.h"

/* What every backend does the same way, in C: code points and sentences
 * of a text, an FTS5 query's phrases and the snippets they make, the
 * order of forms, of the entity listing and of the timeline's events. */

/* ---- Texts ---- */

/* Byte offsets to code points, in one pass over the text. */
guint *
_khoji_store_code_point_map (const char *text,
                             gsize       len)
{
  guint *map = g_new (guint, len + 1);
  guint cp = 0;
  gsize i = 0;

  while (i < len)
    {
      gsize n = g_utf8_skip[(guchar) text[i]];
      for (gsize k = 0; k < n && i + k <= len; k++)
        map[i + k] = cp;
      i += n;
      cp++;
    }
  map[MIN (i, len)] = cp;
  map[len] = cp;
  return map;
}

/* The first code point of each sentence (KhojiSpan byte spans), the
 * sentences made here when the caller has not made them. */
GArray *
_khoji_store_sentence_starts (const char  *text,
                              gsize        len,
                              const guint *cp,
                              GArray      *sentences)
{
  g_autoptr(GArray) made = sentences ? NULL : khoji_text_sentences (text, len);
  GArray *spans = sentences ? sentences : made;
  GArray *starts = g_array_sized_new (FALSE, FALSE, sizeof (guint), spans->len);

  for (guint i = 0; i < spans->len; i++)
    {
      guint at = cp[MIN (g_array_index (spans, KhojiSpan, i).start, len)];

      g_array_append_val (starts, at);
    }
  return starts;
}

/* The sentence a code point lies in: the last that starts at or before
 * it (the first when it comes before them all, as a title's words may
 * when the title is not part of the text's first sentence). */
guint
_khoji_store_sentence_of (GArray *starts,
                          guint   at)
{
  guint lo = 0, hi = starts->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (starts, guint, mid) <= at)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo > 0 ? lo - 1 : 0;
}

/* ---- Forms and the entity listing ---- */

static int
compare_forms (gconstpointer a,
               gconstpointer b)
{
  const char *x = *(const char **) a, *y = *(const char **) b;
  glong lx = g_utf8_strlen (x, -1), ly = g_utf8_strlen (y, -1);

  if (lx != ly)
    return lx > ly ? -1 : 1;
  return strcmp (x, y);
}

/* Longest first (the fullest name), then in byte order, once each: a
 * merged entity brings the forms of every row merged into it. */
GStrv
_khoji_store_forms_to_strv (GPtrArray *forms)
{
  guint n = 0;

  g_ptr_array_sort (forms, compare_forms);
  for (guint i = 0; i < forms->len; i++)
    if (n == 0 || strcmp (g_ptr_array_index (forms, n - 1), g_ptr_array_index (forms, i)) != 0)
      {
        char *keep = g_ptr_array_index (forms, i);
        forms->pdata[i] = NULL;
        g_free (g_ptr_array_index (forms, n));
        forms->pdata[n++] = keep;
      }
  g_ptr_array_set_size (forms, n);
  g_ptr_array_add (forms, NULL);
  return (GStrv) g_ptr_array_steal (forms, NULL);
}

/* The listing: most articles first, then most mentions, then the oldest
 * entity. */
typedef struct {
  guint        articles;
  guint        mentions;
  gint64       id;
  KhojiEntity *entity;
} ListingKey;

static int
compare_listing_keys (const void *a,
                      const void *b)
{
  const ListingKey *x = a, *y = b;

  if (x->articles != y->articles)
    return x->articles > y->articles ? -1 : 1;
  if (x->mentions != y->mentions)
    return x->mentions > y->mentions ? -1 : 1;
  return (x->id > y->id) - (x->id < y->id);
}

/* Sorted on a copy of the keys side by side, not through the objects:
 * comparing 100,000 entities called four getters (each checking the
 * type) on two objects scattered in memory per comparison, a third of
 * a listing's CPU time. Ids are unique, so the order is total. */
void
_khoji_store_sort_listing (GPtrArray *entities)
{
  guint n = entities->len;
  g_autofree ListingKey *keys = NULL;

  if (n < 2)
    return;
  keys = g_new (ListingKey, n);
  for (guint i = 0; i < n; i++)
    {
      KhojiEntity *e = g_ptr_array_index (entities, i);

      keys[i] = (ListingKey) { khoji_entity_get_article_count (e), khoji_entity_get_mention_count (e),
                               khoji_entity_get_id (e), e };
    }
  qsort (keys, n, sizeof *keys, compare_listing_keys);
  for (guint i = 0; i < n; i++)
    entities->pdata[i] = keys[i].entity;
}

/* ---- The timeline's order ---- */

/* A million events are 34 MB that the kernel hands out a 4 KB page at a
 * time on first touch: a hundred milliseconds of page faults on a VM, most
 * of loading the timeline of a big library. Asking for 2 MB pages where
 * the kernel grants them on request (transparent huge pages in "madvise"
 * mode, the default of many distributions) makes that a few dozen faults.
 * Only whole 2 MB pages inside the block can be backed so. */
void
_khoji_store_advise_huge_pages (gpointer data,
                                gsize    len)
{
#if defined(MADV_HUGEPAGE)
  const guintptr huge = 2 * 1024 * 1024;
  guintptr start = ((guintptr) data + huge - 1) & ~(huge - 1);
  guintptr end = ((guintptr) data + len) & ~(huge - 1);

  if (end > start)
    madvise ((void *) start, end - start, MADV_HUGEPAGE);
#endif
}

/* The order of the kept list: by day, then what the timeline groups by;
 * is_interval is the interval kind. */
int
_khoji_store_compare_walk_order (const KhojiEventRef *a,
                                 const KhojiEventRef *b)
{
  gboolean ai = a->kind == KHOJI_EVENT_INTERVAL, bi = b->kind == KHOJI_EVENT_INTERVAL;

  if (a->first_day != b->first_day)
    return a->first_day < b->first_day ? -1 : 1;
  if (a->last_day != b->last_day)
    return a->last_day < b->last_day ? -1 : 1;
  if (ai != bi)
    return ai ? 1 : -1;
  if (a->precision != b->precision)
    return a->precision < b->precision ? -1 : 1;
  if (a->relative != b->relative)
    return a->relative ? 1 : -1;
  if (a->article_id != b->article_id)
    return a->article_id < b->article_id ? -1 : 1;
  return (a->id > b->id) - (a->id < b->id);
}

static int
compare_walk_order_cb (gconstpointer a,
                       gconstpointer b)
{
  return _khoji_store_compare_walk_order (a, b);
}

static int
compare_article_order_cb (gconstpointer a,
                          gconstpointer b)
{
  const KhojiEventRef *x = a, *y = b;

  if (x->article_id != y->article_id)
    return x->article_id < y->article_id ? -1 : 1;
  return (x->id > y->id) - (x->id < y->id);
}

/* ARTICLES as a bitmap over article ids (dense: they are given in
 * import order), and the day-ordered list filtered through it, in place
 * (a second array of a million events costs more than the filter). */
GArray *
_khoji_store_filter_event_refs (GArray *refs,
                                GArray *articles)
{
  g_autoptr(GArray) all = refs;
  g_autofree guint8 *wanted = NULL;
  gint64 max_id = 0;
  guint n_kept = 0;

  for (guint i = 0; i < articles->len; i++)
    max_id = MAX (max_id, g_array_index (articles, gint64, i));
  if (max_id > G_MAXINT32)
    {
      g_autoptr(GHashTable) set = g_hash_table_new (g_int64_hash, g_int64_equal);

      for (guint i = 0; i < articles->len; i++)
        g_hash_table_add (set, &g_array_index (articles, gint64, i));
      for (guint i = 0; i < all->len; i++)
        if (g_hash_table_contains (set, &g_array_index (all, KhojiEventRef, i).article_id))
          g_array_index (all, KhojiEventRef, n_kept++) = g_array_index (all, KhojiEventRef, i);
    }
  else
    {
      wanted = g_malloc0 (max_id / 8 + 1);
      for (guint i = 0; i < articles->len; i++)
        {
          gint64 id = g_array_index (articles, gint64, i);
          if (id > 0)
            wanted[id / 8] |= 1u << (id % 8);
        }
      for (guint i = 0; i < all->len; i++)
        {
          const KhojiEventRef *ref = &g_array_index (all, KhojiEventRef, i);

          if (ref->article_id > 0 && ref->article_id <= max_id &&
              (wanted[ref->article_id / 8] & (1u << (ref->article_id % 8))))
            g_array_index (all, KhojiEventRef, n_kept++) = *ref;
        }
    }
  /* A few events should not keep the whole list's memory: GArray never
   * gives memory back. */
  if (n_kept < all->len / 2)
    {
      GArray *small = g_array_sized_new (FALSE, FALSE, sizeof (KhojiEventRef), n_kept);

      g_array_append_vals (small, all->data, n_kept);
      return small;
    }
  g_array_set_size (all, n_kept);
  return g_steal_pointer (&all);
}

/* ---- The kept event list (khoji-store-backend.h says its bytes) ---- */

static inline void
put_varint (GByteArray *out,
            guint64     v)
{
  guint8 buf[10];
  guint n = 0;

  do
    {
      buf[n++] = (v & 0x7f) | (v > 0x7f ? 0x80 : 0);
      v >>= 7;
    }
  while (v != 0);
  g_byte_array_append (out, buf, n);
}

static inline gboolean
get_varint (const guint8 **p,
            const guint8  *end,
            guint64       *v)
{
  guint64 value = 0;

  for (guint shift = 0; shift < 64 && *p < end; shift += 7)
    {
      guint8 byte = *(*p)++;

      value |= (guint64) (byte & 0x7f) << shift;
      if (!(byte & 0x80))
        {
          *v = value;
          return TRUE;
        }
    }
  return FALSE;
}

gboolean
_khoji_store_decode_event_records (const guint8 **p,
                                   const guint8  *end,
                                   gboolean       last,
                                   GArray        *out,
                                   guint         *i,
                                   guint64       *day)
{
  while (*i < out->len && (last || end - *p >= 40))   /* four varints of at most 10 bytes */
    {
      KhojiEventRef *ref = &g_array_index (out, KhojiEventRef, *i);
      guint64 step, shape, article, id;

      if (!get_varint (p, end, &step) || !get_varint (p, end, &shape) ||
          !get_varint (p, end, &article) || !get_varint (p, end, &id))
        return FALSE;
      *day += step;
      if (*day > G_MAXUINT32 || *day + (shape >> 5) > G_MAXUINT32 || (shape & 3) > KHOJI_EVENT_INTERVAL ||
          ((shape >> 2) & 3) > KHOJI_PRECISION_DAY || article > G_MAXINT64 || id > G_MAXINT64)
        return FALSE;
      ref->first_day = (guint32) *day;
      ref->last_day = (guint32) (*day + (shape >> 5));
      ref->kind = shape & 3;
      ref->precision = (shape >> 2) & 3;
      ref->relative = (shape >> 4) & 1;
      ref->article_id = (gint64) article;
      ref->id = (gint64) id;
      (*i)++;
    }
  return TRUE;
}

GByteArray *
_khoji_store_encode_event_list (GArray *refs,
                                gint64  max_id)
{
  GByteArray *out = g_byte_array_sized_new (sizeof (KhojiEventListHeader) + refs->len * 8);
  KhojiEventListHeader header = { KHOJI_EVENT_LIST_MAGIC, refs->len, 0, 0, max_id };
  guint32 day = 0;

  g_byte_array_append (out, (const guint8 *) &header, sizeof header);
  for (guint i = 0; i < refs->len; i++)
    {
      const KhojiEventRef *ref = &g_array_index (refs, KhojiEventRef, i);

      /* The list is by first day; anything else is not cached. */
      if (ref->first_day < day || ref->article_id < 0 || ref->id < 0)
        {
          g_byte_array_unref (out);
          return NULL;
        }
      put_varint (out, ref->first_day - day);
      put_varint (out, ((guint64) (ref->last_day - ref->first_day) << 5) | (ref->relative ? 1 << 4 : 0) |
                  ((ref->precision & 3) << 2) | (ref->kind & 3));
      put_varint (out, ref->article_id);
      put_varint (out, ref->id);
      day = ref->first_day;
    }
  header.n_bytes = out->len - sizeof header;
  memcpy (out->data, &header, sizeof header);
  return out;
}


GArray *
_khoji_store_merge_event_refs (GArray *kept,
                               GArray *added)
{
  gsize n = (gsize) kept->len + added->len;
  GArray *out = g_array_sized_new (FALSE, TRUE, sizeof (KhojiEventRef), n);
  guint i = 0, j = 0, k = 0;

  _khoji_store_advise_huge_pages (out->data, n * sizeof (KhojiEventRef));
  g_array_set_size (out, n);
  while (i < kept->len || j < added->len)
    {
      const KhojiEventRef *a = i < kept->len ? &g_array_index (kept, KhojiEventRef, i) : NULL;
      const KhojiEventRef *b = j < added->len ? &g_array_index (added, KhojiEventRef, j) : NULL;

      if (b == NULL || (a != NULL && _khoji_store_compare_walk_order (a, b) <= 0))
        g_array_index (out, KhojiEventRef, k++) = *a, i++;
      else
        g_array_index (out, KhojiEventRef, k++) = *b, j++;
    }
  return out;
}


GArray *
_khoji_store_decode_event_list (const guint8 *data,
                                gsize         len,
                                gint64       *max_id)
{
  KhojiEventListHeader header;
  g_autoptr(GArray) out = NULL;
  const guint8 *p, *end = data + len;
  guint64 day = 0;
  guint n = 0;

  if (len < sizeof header)
    return NULL;
  memcpy (&header, data, sizeof header);
  if (header.magic != KHOJI_EVENT_LIST_MAGIC || len != sizeof header + header.n_bytes ||
      header.n_bytes / 4 < header.n_records || header.max_id < 0)
    return NULL;
  out = g_array_sized_new (FALSE, TRUE, sizeof (KhojiEventRef), header.n_records);
  _khoji_store_advise_huge_pages (out->data, (gsize) header.n_records * sizeof (KhojiEventRef));
  g_array_set_size (out, header.n_records);
  p = data + sizeof header;
  if (!_khoji_store_decode_event_records (&p, end, TRUE, out, &n, &day) || p != end || n != header.n_records)
    return NULL;
  if (max_id)
    *max_id = header.max_id;
  return g_steal_pointer (&out);
}

/* The first keys of the walk order as one number: the first day, then
 * the length in days (the same order as the last day), then interval,
 * precision and relative. */
static inline guint64
walk_key (const KhojiEventRef *r)
{
  return (guint64) r->first_day << 32 | (guint64) (r->last_day - r->first_day) << 4 |
         (guint64) (r->kind == KHOJI_EVENT_INTERVAL) << 3 | (guint64) r->precision << 1 |
         (r->relative ? 1 : 0);
}

/* Sorts REFS into walk order (_khoji_store_compare_walk_order); gives back the sorted
 * array, REFS or another. A million events took 300 ms through a
 * comparison callback. The order's last keys, article and id, are the
 * order the rows come in (by id, and ids grow with articles unless an
 * article's dates were replaced: then they are sorted so first); the
 * first keys are one 64-bit number (walk_key), sorted stably sixteen bits
 * at a time, least significant first, skipping the digits every event
 * shares (most events last less than 4,096 days, and Julian days of our
 * era differ only in their low 22 bits). */
GArray *
_khoji_store_sort_walk_order (GArray *refs)
{
  const guint n = refs->len;
  g_autofree guint *count = NULL;
  GArray *other;
  KhojiEventRef *src = (KhojiEventRef *) refs->data, *dst;

  if (n < 2)
    return refs;
  for (guint i = 1; i < n; i++)
    if (compare_article_order_cb (&src[i - 1], &src[i]) > 0)
      {
        g_array_sort (refs, compare_article_order_cb);
        break;
      }
  /* A library edited by hand may have events longer than 2^28 days. */
  for (guint i = 0; i < n; i++)
    if (src[i].last_day - src[i].first_day >= (1u << 28))
      {
        g_array_sort (refs, compare_walk_order_cb);
        return refs;
      }

  count = g_new0 (guint, 4 * 65536);
  for (guint i = 0; i < n; i++)
    {
      guint64 key = walk_key (&src[i]);

      for (guint d = 0; d < 4; d++)
        count[d * 65536 + ((key >> (16 * d)) & 0xffff)]++;
    }

  other = g_array_sized_new (FALSE, TRUE, sizeof (KhojiEventRef), n);
  _khoji_store_advise_huge_pages (other->data, (gsize) n * sizeof (KhojiEventRef));
  g_array_set_size (other, n);
  dst = (KhojiEventRef *) other->data;
  for (guint d = 0; d < 4; d++)
    {
      guint *c = count + d * 65536;
      guint total = 0;
      GArray *swap;

      if (c[(walk_key (&src[0]) >> (16 * d)) & 0xffff] == n)
        continue;   /* every event has this digit: nothing moves */
      for (guint v = 0; v < 65536; v++)
        {
          guint k = c[v];
          c[v] = total;
          total += k;
        }
      for (guint i = 0; i < n; i++)
        dst[c[(walk_key (&src[i]) >> (16 * d)) & 0xffff]++] = src[i];
      swap = refs, refs = other, other = swap;
      src = (KhojiEventRef *) refs->data;
      dst = (KhojiEventRef *) other->data;
    }
  g_array_unref (other);
  return refs;
}

/* ---- Snippets ----
 *
 * FTS5's snippet() tokenizes an article's whole text again with Khoji's
 * tokenizer (ICU word breaks and a folding key per word) and, for a row
 * looked up by id, runs the query again: a prefix query expands over
 * every term that starts with it, for each row kept. Here the text is
 * walked from its start in growing pieces, and only up to the first word
 * a query phrase matches and the window after it. */

#define SNIPPET_WORDS 16
#define SNIPPET_LEAD 3      /* words shown before the first match */
#define SNIPPET_FIRST_PIECE 1024

typedef struct {
  gsize       start;
  gsize       end;
  const char *key;      /* in one of make_snippet's KhojiTokens */
} SnippetWord;

/* The tokens of a piece of text, as the tokenizer makes them: words whose
 * folding key is not empty. */
static void
append_keys (GPtrArray  *keys,
             const char *text,
             gsize       len)
{
  g_autoptr(KhojiTokens) tokens = khoji_text_tokens (text, len);

  for (guint i = 0; i < tokens->tokens->len; i++)
    {
      KhojiToken *t = &g_array_index (tokens->tokens, KhojiToken, i);

      if (t->key_len > 0)
        g_ptr_array_add (keys, g_strndup (tokens->keys->str + t->key, t->key_len));
    }
}

static void
fts_item_free (KhojiFtsItem *item)
{
  if (item == NULL)
    return;
  g_clear_pointer (&item->keys, g_ptr_array_unref);
  g_free (item);
}

/* An FTS5 query as khoji_library_parse_query() writes it, and as FTS5
 * reads it: quoted strings ("" inside is a quote) and bare words, each
 * with a trailing * for a prefix, made into the folding keys the
 * tokenizer gives their words; and the operators between them. NULL for
 * a string that is not closed. */
GPtrArray *
_khoji_store_fts_items (const char *fts_query)
{
  GPtrArray *items = g_ptr_array_new_with_free_func ((GDestroyNotify) fts_item_free);
  const char *p = fts_query;

  while (*p)
    {
      g_autoptr(GString) body = g_string_new (NULL);
      KhojiFtsItem *item;

      if (g_ascii_isspace (*p) || *p == '(' || *p == ')' || *p == '+' || *p == '^')
        {
          p++;
          continue;
        }
      if (*p == '"')
        {
          gboolean closed = FALSE;

          for (p++; *p; p++)
            {
              if (*p == '"' && p[1] == '"')
                p++;
              else if (*p == '"')
                {
                  p++;
                  closed = TRUE;
                  break;
                }
              g_string_append_c (body, *p);
            }
          /* FTS5 refuses a string that does not end. */
          if (!closed)
            {
              g_ptr_array_unref (items);
              return NULL;
            }
        }
      else
        {
          const char *start = p;
          KhojiFtsItemKind op = KHOJI_FTS_PHRASE;

          while (*p && !g_ascii_isspace (*p) && *p != '"' && *p != '*' && *p != '(' && *p != ')')
            p++;
          g_string_append_len (body, start, p - start);
          if (g_str_equal (body->str, "NOT"))
            op = KHOJI_FTS_NOT;
          else if (g_str_equal (body->str, "AND"))
            op = KHOJI_FTS_AND;
          else if (g_str_equal (body->str, "OR"))
            op = KHOJI_FTS_OR;
          if (op != KHOJI_FTS_PHRASE)
            {
              item = g_new0 (KhojiFtsItem, 1);
              item->kind = op;
              g_ptr_array_add (items, item);
              continue;
            }
          if (body->len == 0)
            {
              p++;
              continue;
            }
        }
      item = g_new0 (KhojiFtsItem, 1);
      item->kind = KHOJI_FTS_PHRASE;
      item->keys = g_ptr_array_new_with_free_func (g_free);
      if (*p == '*')
        {
          item->prefix = TRUE;
          p++;
        }
      if (g_utf8_validate_len (body->str, body->len, NULL))
        append_keys (item->keys, body->str, body->len);
      g_ptr_array_add (items, item);
    }
  return items;
}

/* The phrases of an FTS5 query that a hit can contain: a phrase after
 * NOT is left out, it is never in a hit. */
GPtrArray *
_khoji_store_snippet_phrases (const char *fts_query)
{
  g_autoptr(GPtrArray) items = _khoji_store_fts_items (fts_query);
  GPtrArray *phrases = g_ptr_array_new_with_free_func ((GDestroyNotify) fts_item_free);
  gboolean negated = FALSE;

  for (guint i = 0; items && i < items->len; i++)
    {
      KhojiFtsItem *item = g_ptr_array_index (items, i);

      if (item->kind == KHOJI_FTS_NOT)
        negated = TRUE;
      else if (item->kind == KHOJI_FTS_PHRASE)
        {
          if (!negated && item->keys->len > 0)
            g_ptr_array_add (phrases, g_steal_pointer (&items->pdata[i]));
          negated = FALSE;
        }
    }
  return phrases;
}

/* How many words a phrase covers at word i, or 0. */
static guint
phrase_at (const KhojiFtsItem *phrase,
           GArray              *words,
           guint                i)
{
  guint n = phrase->keys->len;

  if (i + n > words->len)
    return 0;
  for (guint k = 0; k < n; k++)
    {
      const char *want = g_ptr_array_index (phrase->keys, k);
      const char *key = g_array_index (words, SnippetWord, i + k).key;

      if (phrase->prefix && k == n - 1 ? !g_str_has_prefix (key, want) : strcmp (key, want) != 0)
        return 0;
    }
  return n;
}

/* Words of text[from, to) appended to `words`, offsets into the text;
 * their keys stay in the tokens kept in `pieces`. */
static void
append_words (GArray     *words,
              GPtrArray  *pieces,
              const char *text,
              gsize       from,
              gsize       to)
{
  KhojiTokens *tokens = khoji_text_tokens (text + from, to - from);

  g_ptr_array_add (pieces, tokens);
  for (guint i = 0; i < tokens->tokens->len; i++)
    {
      KhojiToken *t = &g_array_index (tokens->tokens, KhojiToken, i);
      SnippetWord w = { from + t->span.start, from + t->span.end, tokens->keys->str + t->key };

      if (t->key_len > 0)
        g_array_append_val (words, w);
    }
}

/* The end of the next piece to break into words: at least `size` bytes on,
 * then to the next space or line end, which a word never crosses. */
static gsize
piece_end (const char *text,
           gsize       len,
           gsize       from,
           gsize       size)
{
  gsize end = from + size;

  if (end >= len)
    return len;
  while (end < len && text[end] != ' ' && text[end] != '\n')
    end++;
  return end;
}

/* ~SNIPPET_WORDS words of `text` around the first match of a phrase, every
 * phrase match in them between \x01 and \x02, and … where text was left
 * out: the format FTS5's snippet() gave. */
char *
_khoji_store_make_snippet (GPtrArray  *phrases,
                           const char *text)
{
  gsize len = strlen (text);
  g_autoptr(GArray) words = g_array_new (FALSE, FALSE, sizeof (SnippetWord));
  g_autoptr(GPtrArray) pieces = g_ptr_array_new_with_free_func ((GDestroyNotify) khoji_tokens_free);
  g_autofree guint *opens = NULL;
  g_autofree guint *closes = NULL;
  GString *out;
  gsize scanned = 0, piece = SNIPPET_FIRST_PIECE;
  guint longest = 1, checked = 0, ws, we, depth = 0;
  int first = -1;
  gboolean at_end;

  for (guint k = 0; k < phrases->len; k++)
    longest = MAX (longest, ((KhojiFtsItem *) g_ptr_array_index (phrases, k))->keys->len);

  for (;;)
    {
      at_end = scanned >= len;
      /* A phrase is tried at a word only once all the words it could
       * cover have been read. */
      while (first < 0 && checked < words->len && (at_end || checked + longest <= words->len))
        {
          for (guint k = 0; k < phrases->len && first < 0; k++)
            if (phrase_at (g_ptr_array_index (phrases, k), words, checked) > 0)
              first = checked;
          if (first < 0)
            checked++;
        }
      if (at_end || (first >= 0 && words->len >= (guint) first + SNIPPET_WORDS + longest))
        break;
      {
        gsize end = piece_end (text, len, scanned, piece);
        append_words (words, pieces, text, scanned, end);
        scanned = end;
        piece *= 2;
      }
    }

  if (words->len == 0)
    return g_strdup ("");
  ws = first > SNIPPET_LEAD ? (guint) first - SNIPPET_LEAD : 0;
  we = MIN (ws + SNIPPET_WORDS, words->len);
  if (we - ws < SNIPPET_WORDS && at_end)
    ws = we > SNIPPET_WORDS ? we - SNIPPET_WORDS : 0;

  /* Every match that reaches into the window; a phrase that started
   * before it is marked from the window's first word. */
  opens = g_new0 (guint, we - ws + 1);
  closes = g_new0 (guint, we - ws + 1);
  for (guint i = ws >= longest ? ws - longest + 1 : 0; i < we; i++)
    for (guint k = 0; k < phrases->len; k++)
      {
        guint n = phrase_at (g_ptr_array_index (phrases, k), words, i);
        guint last = i + n - 1;

        if (n == 0 || last < ws)
          continue;
        opens[MAX (i, ws) - ws]++;
        closes[MIN (last, we - 1) - ws]++;
      }

  out = g_string_sized_new (256);
  if (ws > 0)
    g_string_append (out, "…");
  for (guint i = ws; i < we; i++)
    {
      SnippetWord *w = &g_array_index (words, SnippetWord, i);

      if (i > ws)
        g_string_append_len (out, text + g_array_index (words, SnippetWord, i - 1).end,
                             w->start - g_array_index (words, SnippetWord, i - 1).end);
      if (depth == 0 && opens[i - ws] > 0)
        g_string_append_c (out, '\x01');
      depth += opens[i - ws];
      g_string_append_len (out, text + w->start, w->end - w->start);
      if (depth > 0)
        {
          depth -= MIN (depth, closes[i - ws]);
          if (depth == 0)
            g_string_append_c (out, '\x02');
        }
    }
  {
    const char *rest = text + g_array_index (words, SnippetWord, we - 1).end;
    gboolean more = we < words->len;

    /* Only spaces and punctuation after the window: nothing was left out. */
    for (const char *c = rest; !more && *c; c = g_utf8_next_char (c))
      more = g_unichar_isalnum (g_utf8_get_char (c));
    if (more)
      g_string_append (out, "…");
  }
  return g_string_free (out, FALSE);
}
