/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-store"

#include "config.h"

#include <string.h>

#include "khoji-store-backend.h"

/* Who appears with whom, from what a backend reads (KhojiGraphSource):
 * the same graph on every backend.
 *
 * Two entities co-occur when one article names both. Each entity's
 * articles are a bitset over article ids: the articles a pair shares are
 * then the AND of two bitsets, 1,600 words at 100,000 articles, and the
 * ~5,000 pairs of a 100-node graph cost a few milliseconds. Reading every
 * mention of the library (three million rows at 100,000 articles) would
 * take seconds.
 *
 * The neighbours of an entity are found from the entities its articles
 * name: all of its articles, or an even sample of KHOJI_NETWORK_SAMPLE of
 * them for an entity that hundreds of thousands of articles name. The
 * sample only chooses candidates, half as many again as are kept; their
 * weights are then counted exactly on the bitsets, so that every number
 * the graph shows is exact.
 *
 * Weighed by sentences, the nodes are chosen by articles all the same;
 * then each pair's count of shared sentences is read where the store
 * keeps them (a library file: one row per pair), or else the mentions of
 * the nodes in the articles that name two of them or more are read with
 * the sentence each lies in, and the pairs each sentence names counted
 * (an archive). */

typedef KhojiGraphCount IdCount;

typedef struct {
  guint64 *bits;
  guint    n_words;
} Bits;

static void
set_bit (gint64   article,
         gpointer data)
{
  Bits *b = data;
  guint64 word = (guint64) article / 64;

  /* An article committed after max(id) was read: outside this snapshot. */
  if (article >= 0 && word < b->n_words)
    b->bits[word] |= G_GUINT64_CONSTANT (1) << (article % 64);
}

static void
append_id (gint64   article,
           gpointer data)
{
  g_array_append_val ((GArray *) data, article);
}

/* At most this many bytes of bitsets are kept between reads: 2,600
 * entities at 100,000 articles. */
#define BITS_CACHE_BYTES (32 * 1024 * 1024)

static guint64 *
net_bitset (KhojiGraphSource *net,
            gint64            id)
{
  gsize size = net->n_words * sizeof (guint64);
  Bits b = { NULL, net->n_words };
  const guint64 *kept;

  if (net->bits_cache && (kept = g_hash_table_lookup (net->bits_cache, &id)))
    return g_memdup2 (kept, size);
  b.bits = g_new0 (guint64, net->n_words);
  if (!net->articles (net, id, set_bit, &b))
    g_clear_pointer (&b.bits, g_free);
  else if (net->bits_cache && (g_hash_table_size (net->bits_cache) + 1) * size <= BITS_CACHE_BYTES)
    g_hash_table_insert (net->bits_cache, g_memdup2 (&id, sizeof id), g_memdup2 (b.bits, size));
  return b.bits;
}

/* Bits set in a word, without the processor's instruction: the build
 * targets x86-64 as a whole, where __builtin_popcountll is a call into
 * libgcc, a twentieth of the whole graph's time. */
static inline guint
popcount64 (guint64 x)
{
  x = x - ((x >> 1) & G_GUINT64_CONSTANT (0x5555555555555555));
  x = (x & G_GUINT64_CONSTANT (0x3333333333333333)) + ((x >> 2) & G_GUINT64_CONSTANT (0x3333333333333333));
  x = (x + (x >> 4)) & G_GUINT64_CONSTANT (0x0f0f0f0f0f0f0f0f);
  return (guint) ((x * G_GUINT64_CONSTANT (0x0101010101010101)) >> 56);
}

static guint
count_bits (const guint64 *a,
            guint          n_words)
{
  guint n = 0;

  for (guint i = 0; i < n_words; i++)
    n += popcount64 (a[i]);
  return n;
}

static guint
count_shared (const guint64 *a,
              const guint64 *b,
              guint          n_words)
{
  guint n = 0;

  for (guint i = 0; i < n_words; i++)
    n += popcount64 (a[i] & b[i]);
  return n;
}

static int
compare_id_count (gconstpointer a,
                  gconstpointer b)
{
  const IdCount *x = a, *y = b;

  if (x->count != y->count)
    return x->count > y->count ? -1 : 1;
  if (x->mentions != y->mentions)
    return x->mentions > y->mentions ? -1 : 1;
  return (x->id > y->id) - (x->id < y->id);
}


typedef struct {
  GHashTable *asked;
  GHashTable *counts;
} CandidateCount;

static void
count_candidate (gint64   id,
                 gpointer data)
{
  CandidateCount *c = data;
  gpointer old;

  if (g_hash_table_contains (c->asked, &id))
    return;
  old = g_hash_table_lookup (c->counts, &id);
  g_hash_table_insert (c->counts, g_memdup2 (&id, sizeof id), GUINT_TO_POINTER (GPOINTER_TO_UINT (old) + 1));
}

/* Candidates for the neighbours of the asked entities: the entities that
 * their articles (or an even sample of them) name, by how many of those
 * articles name them, the asked ones left out. */
static GArray *
net_candidates (KhojiGraphSource *net,
                GArray           *articles,    /* sorted, no repeats */
                GHashTable       *asked,
                guint            *n_sampled)
{
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (IdCount));
  guint n = MIN (articles->len, KHOJI_NETWORK_SAMPLE);
  CandidateCount c = { asked, counts };
  GHashTableIter iter;
  gpointer key, value;

  for (guint i = 0; i < n; i++)
    {
      /* An even spread over the whole range, the first and last included. */
      guint at = n == articles->len ? i : (guint) ((guint64) i * (articles->len - 1) / (n - 1));

      if (!net->article_entities (net, g_array_index (articles, gint64, at), count_candidate, &c))
        return NULL;
    }
  *n_sampled = n;
  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      IdCount ic = { *(gint64 *) key, GPOINTER_TO_UINT (value), 0 };
      g_array_append_val (out, ic);
    }
  g_array_sort (out, compare_id_count);
  return g_steal_pointer (&out);
}

/* The `limit` visible entities named by the most articles, in the entity
 * panel's order (articles, then mentions, then id). */
static GArray *
net_top_entities (KhojiGraphSource *net,
                  guint             limit)
{
  GArray *all = net->entity_counts (net);

  if (all == NULL)
    return NULL;
  g_array_sort (all, compare_id_count);
  if (all->len > limit)
    g_array_set_size (all, limit);
  return all;
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static int
compare_edges (gconstpointer a,
               gconstpointer b)
{
  const KhojiNetworkEdge *x = a, *y = b;

  if (x->weight != y->weight)
    return x->weight > y->weight ? -1 : 1;
  if (x->source != y->source)
    return x->source < y->source ? -1 : 1;
  return (x->target > y->target) - (x->target < y->target);
}

typedef struct {
  KhojiNetworkNode node;
  guint64         *bits;
  guint            strength;   /* articles shared with the asked entities */
} Member;

static void
member_clear (gpointer data)
{
  Member *m = data;

  g_free (m->node.name);
  g_free (m->node.latin);
  g_free (m->bits);
}

static int
compare_members (gconstpointer a,
                 gconstpointer b)
{
  const Member *x = a, *y = b;

  if (x->node.asked != y->node.asked)
    return x->node.asked ? -1 : 1;
  if (x->strength != y->strength)
    return x->strength > y->strength ? -1 : 1;
  if (x->node.n_articles != y->node.n_articles)
    return x->node.n_articles > y->node.n_articles ? -1 : 1;
  return (x->node.id > y->node.id) - (x->node.id < y->node.id);
}

/* Adds the entity as a member (its row, its bitset); FALSE on an error.
 * A hidden entity that was not asked for is skipped. */
static gboolean
add_member (KhojiGraphSource *net,
            GArray           *members,
            gint64            id,
            gboolean          asked)
{
  Member m = { { 0 }, NULL, 0 };
  gboolean visible = TRUE;

  if (!net->node (net, &id, &m.node, &visible))
    return FALSE;
  for (guint i = 0; i < members->len; i++)
    if (g_array_index (members, Member, i).node.id == id)
      {
        /* Asked twice, or a merged row asked beside its entity. */
        g_free (m.node.name);
        g_free (m.node.latin);
        return TRUE;
      }
  if (!visible && !asked)
    {
      g_free (m.node.name);
      g_free (m.node.latin);
      return TRUE;
    }
  m.node.asked = asked;
  if (!(m.bits = net_bitset (net, id)))
    {
      g_free (m.node.name);
      g_free (m.node.latin);
      return FALSE;
    }
  m.node.n_articles = count_bits (m.bits, net->n_words);
  g_array_append_val (members, m);
  return TRUE;
}

/* One mention of a member in an article: which sentence. */
typedef struct {
  gint64 article;
  gint64 sentence;
  guint  member;
} SentenceMember;

static int
compare_sentence_members (gconstpointer a,
                          gconstpointer b)
{
  const SentenceMember *x = a, *y = b;

  if (x->article != y->article)
    return x->article < y->article ? -1 : 1;
  if (x->sentence != y->sentence)
    return x->sentence < y->sentence ? -1 : 1;
  return (x->member > y->member) - (x->member < y->member);
}

typedef struct {
  GHashTable *index;     /* entity id -> member + 1 */
  GArray     *rows;      /* SentenceMember */
  guint64    *twice;     /* the articles asked for */
  guint       n_words;
} SentenceRows;

static void
add_sentence_row (gint64   article,
                  gint64   sentence,
                  gint64   entity,
                  gpointer data)
{
  SentenceRows *sr = data;
  guint64 word = (guint64) article / 64;
  guint at;

  if (article < 0 || word >= sr->n_words ||
      !(sr->twice[word] & (G_GUINT64_CONSTANT (1) << (article % 64))))
    return;
  if ((at = GPOINTER_TO_UINT (g_hash_table_lookup (sr->index, &entity))) != 0)
    {
      SentenceMember sm = { article, sentence, at - 1 };

      g_array_append_val (sr->rows, sm);
    }
}

/* The sentences each pair of members shares: the mentions of the members
 * in the articles that name two members or more (from their bitsets),
 * grouped by sentence, each sentence's pairs counted once. `shared` is
 * members->len squared, [i * n + j] for i < j. */
static gboolean
count_shared_sentences (KhojiGraphSource *net,
                        GArray           *members,
                        guint            *shared)
{
  guint n = members->len;
  g_autofree guint64 *once = g_new0 (guint64, net->n_words);
  g_autofree guint64 *twice = g_new0 (guint64, net->n_words);
  g_autofree gint64 *ids = g_new (gint64, MAX (n, 1));
  g_autoptr(GHashTable) index = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (SentenceMember));
  SentenceRows sr = { index, rows, twice, net->n_words };
  SentenceMember *r;
  guint n_articles;

  if (net->sentence_pairs)
    {
      for (guint i = 0; i < n; i++)
        ids[i] = g_array_index (members, Member, i).node.id;
      return net->sentence_pairs (net, ids, n, shared);
    }

  for (guint i = 0; i < n; i++)
    {
      Member *m = &g_array_index (members, Member, i);

      ids[i] = m->node.id;
      g_hash_table_insert (index, &m->node.id, GUINT_TO_POINTER (i + 1));
      for (guint w = 0; w < net->n_words; w++)
        {
          twice[w] |= once[w] & m->bits[w];
          once[w] |= m->bits[w];
        }
    }
  n_articles = count_bits (twice, net->n_words);
  if (n_articles == 0)
    return TRUE;
  if (!net->sentence_mentions (net, ids, n, twice, n_articles, add_sentence_row, &sr))
    return FALSE;

  g_array_sort (rows, compare_sentence_members);
  r = (SentenceMember *) rows->data;
  for (guint a = 0; a < rows->len; a++)
    {
      /* A member named twice in a sentence counts once. */
      if (a > 0 && r[a - 1].article == r[a].article && r[a - 1].sentence == r[a].sentence &&
          r[a - 1].member == r[a].member)
        continue;
      for (guint b = a + 1; b < rows->len && r[b].article == r[a].article && r[b].sentence == r[a].sentence; b++)
        if (r[b].member != r[a].member && (b == a + 1 || r[b].member != r[b - 1].member))
          shared[MIN (r[a].member, r[b].member) * n + MAX (r[a].member, r[b].member)]++;
    }
  return TRUE;
}

gboolean
_khoji_store_graph_compute (KhojiGraphSource *net,
                            const gint64     *ids,
                            guint             n_ids,
                            guint             limit,
                            gboolean          among,
                            KhojiNetworkWeight weight,
                            KhojiNetwork     *network)
{
  g_autoptr(GArray) members = g_array_new (FALSE, TRUE, sizeof (Member));
  guint n_asked;

  g_array_set_clear_func (members, member_clear);
  limit = CLAMP (limit, 1, KHOJI_NETWORK_MAX_NODES);

  if (among)
    {
      /* Exactly these, in this order (the window's top of its list). */
      for (guint i = 0; i < n_ids && members->len < limit; i++)
        if (!add_member (net, members, ids[i], FALSE))
          return FALSE;
    }
  else if (n_ids == 0)
    {
      g_autoptr(GArray) top = net_top_entities (net, limit);

      if (!top)
        return FALSE;
      for (guint i = 0; i < top->len; i++)
        if (!add_member (net, members, g_array_index (top, IdCount, i).id, FALSE))
          return FALSE;
    }
  else
    {
      g_autoptr(GHashTable) asked = g_hash_table_new (g_int64_hash, g_int64_equal);
      g_autoptr(GArray) articles = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autoptr(GArray) candidates = NULL;
      guint want, n_tried;

      for (guint i = 0; i < n_ids; i++)
        if (!add_member (net, members, ids[i], TRUE))
          return FALSE;
      n_asked = members->len;
      for (guint i = 0; i < n_asked; i++)
        {
          Member *m = &g_array_index (members, Member, i);

          g_hash_table_add (asked, &m->node.id);
          if (!net->articles (net, m->node.id, append_id, articles))
            return FALSE;
        }
      /* Ids of merged rows count for the entity they were merged into:
       * the mention table already says so (entity_id). */
      g_array_sort (articles, compare_gint64);
      {
        guint kept = 0;

        for (guint i = 0; i < articles->len; i++)
          if (kept == 0 || g_array_index (articles, gint64, kept - 1) != g_array_index (articles, gint64, i))
            g_array_index (articles, gint64, kept++) = g_array_index (articles, gint64, i);
        g_array_set_size (articles, kept);
      }
      if (!(candidates = net_candidates (net, articles, asked, &network->n_sampled)))
        return FALSE;

      /* Half as many candidates again as places, counted exactly. */
      want = limit > n_asked ? limit - n_asked : 0;
      n_tried = 0;
      for (guint i = 0; i < candidates->len && n_tried < want + want / 2; i++)
        {
          guint before = members->len;

          if (!add_member (net, members, g_array_index (candidates, IdCount, i).id, FALSE))
            return FALSE;
          if (members->len > before)
            n_tried++;
        }
      /* Strength: articles shared with any asked entity. */
      {
        g_autofree guint64 *any = g_new0 (guint64, net->n_words);

        for (guint k = 0; k < n_asked; k++)
          {
            const guint64 *b = g_array_index (members, Member, k).bits;

            for (guint w = 0; w < net->n_words; w++)
              any[w] |= b[w];
          }
        for (guint i = n_asked; i < members->len; i++)
          {
            Member *m = &g_array_index (members, Member, i);

            m->strength = count_shared (m->bits, any, net->n_words);
          }
      }
      g_array_sort (members, compare_members);
      {
        guint kept = n_asked;

        while (kept < members->len && kept < n_asked + want &&
               g_array_index (members, Member, kept).strength > 0)
          kept++;
        g_array_set_size (members, kept);
      }
    }

  for (guint i = 0; i < members->len; i++)
    {
      Member *m = &g_array_index (members, Member, i);
      KhojiNetworkNode node = m->node;

      /* The strings move to the network. */
      m->node.name = NULL;
      m->node.latin = NULL;
      g_array_append_val (network->nodes, node);
    }
  network->weight = weight;
  if (weight == KHOJI_NETWORK_BY_SENTENCES)
    {
      guint n = members->len;
      g_autofree guint *shared = g_new0 (guint, MAX ((gsize) n * n, 1));

      if (!count_shared_sentences (net, members, shared))
        return FALSE;
      for (guint i = 0; i < n; i++)
        for (guint j = i + 1; j < n; j++)
          {
            KhojiNetworkEdge e = { i, j, shared[i * n + j] };

            if (e.weight > 0)
              g_array_append_val (network->edges, e);
          }
    }
  else
    for (guint i = 0; i < members->len; i++)
      for (guint j = i + 1; j < members->len; j++)
        {
          KhojiNetworkEdge e = { i, j, count_shared (g_array_index (members, Member, i).bits,
                                                     g_array_index (members, Member, j).bits,
                                                     net->n_words) };

          if (e.weight > 0)
            g_array_append_val (network->edges, e);
        }
  g_array_sort (network->edges, compare_edges);
  return TRUE;
}


/* The articles that name both A and B, by id; NULL with the source's
 * error when either is not an entity. */
GArray *
_khoji_store_graph_shared_articles (KhojiGraphSource *net,
                                    gint64            a,
                                    gint64            b)
{
  g_autoptr(GArray) left = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) right = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (gint64));
  KhojiNetworkNode node;
  gboolean visible;

  for (guint k = 0; k < 2; k++)
    {
      if (!net->node (net, k == 0 ? &a : &b, &node, &visible))
        return NULL;
      g_free (node.name);
      g_free (node.latin);
    }
  if (!net->articles (net, a, append_id, left) || !net->articles (net, b, append_id, right))
    return NULL;
  g_array_sort (left, compare_gint64);
  g_array_sort (right, compare_gint64);
  for (guint i = 0, j = 0; i < left->len && j < right->len;)
    {
      gint64 x = g_array_index (left, gint64, i), y = g_array_index (right, gint64, j);

      if (x == y)
        {
          if (out->len == 0 || g_array_index (out, gint64, out->len - 1) != x)
            g_array_append_val (out, x);
          i++, j++;
        }
      else if (x < y)
        i++;
      else
        j++;
    }
  return g_steal_pointer (&out);
}

/* ---- Places (the map) ---- */

static void
place_free_strings (KhojiPlace *place)
{
  g_free (place->name);
  g_free (place->latin);
  g_free (place->key);
}

static int
compare_places (gconstpointer a,
                gconstpointer b)
{
  const KhojiPlace *x = a, *y = b;

  if (x->n_articles != y->n_articles)
    return x->n_articles > y->n_articles ? -1 : 1;
  if (x->n_total != y->n_total)
    return x->n_total > y->n_total ? -1 : 1;
  return (x->id > y->id) - (x->id < y->id);
}

static gboolean
all_places (KhojiGraphSource *net,
            KhojiPlaces      *places)
{
  g_autoptr(GArray) all = NULL;

  if (!(all = net->all_places (net, &places->n_scope)))
    return FALSE;
  for (guint i = 0; i < all->len; i++)
    {
      KhojiPlace *place = &g_array_index (all, KhojiPlace, i);

      place->n_articles = place->n_total;
      if (place->n_total > 0)
        g_array_append_val (places->places, *place);
      else
        place_free_strings (place);
    }
  return TRUE;
}

static gboolean
asked_places (KhojiGraphSource *net,
              const gint64     *ids,
              guint             n_ids,
              KhojiPlaces      *places)
{
  g_autoptr(GHashTable) asked = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GArray) articles = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) candidates = NULL;
  g_autofree guint64 *any = g_new0 (guint64, net->n_words);
  gboolean sampled;
  guint n_exact = 0;

  /* The scope: the articles of any asked entity (merged rows count for
   * the entity they were merged into). */
  for (guint i = 0; i < n_ids; i++)
    {
      KhojiNetworkNode node;
      gboolean visible;
      gint64 id = ids[i];
      g_autofree guint64 *bits = NULL;

      if (!net->node (net, &id, &node, &visible))
        return FALSE;
      g_free (node.name);
      g_free (node.latin);
      if (g_hash_table_contains (asked, &id))
        continue;
      g_hash_table_add (asked, g_memdup2 (&id, sizeof id));
      if (!(bits = net_bitset (net, id)))
        return FALSE;
      for (guint w = 0; w < net->n_words; w++)
        any[w] |= bits[w];
      if (node.type == KHOJI_ENTITY_PLACE)
        {
          KhojiPlace place;
          KhojiEntityType type;
          gboolean hidden, found;

          if (!net->entity_place (net, id, &place, &type, &hidden, &found))
            return FALSE;
          if (!found)
            {
              g_set_error (net->error, KHOJI_STORE_ERROR, KHOJI_STORE_ERROR_NOT_FOUND,
                           "No place %" G_GINT64_FORMAT, id);
              return FALSE;
            }
          place.asked = TRUE;
          place.n_articles = count_bits (bits, net->n_words);
          g_array_append_val (places->places, place);
        }
    }
  for (guint w = 0; w < net->n_words; w++)
    for (guint64 x = any[w]; x != 0; x &= x - 1)
      {
        gint64 article = (gint64) w * 64 + __builtin_ctzll (x);

        g_array_append_val (articles, article);
      }
  places->n_scope = articles->len;
  if (!(candidates = net_candidates (net, articles, asked, &places->n_sampled)))
    return FALSE;
  sampled = places->n_sampled < articles->len;

  /* The candidates that are visible places. A sample's counts only rank
   * them: the strongest are counted exactly on their bitsets. */
  for (guint i = 0; i < candidates->len; i++)
    {
      const IdCount *c = &g_array_index (candidates, IdCount, i);
      KhojiPlace place;
      KhojiEntityType type;
      gboolean hidden, found;

      if (!net->entity_place (net, c->id, &place, &type, &hidden, &found))
        return FALSE;
      if (!found)
        continue;
      if (type != KHOJI_ENTITY_PLACE || hidden || (sampled && n_exact >= KHOJI_PLACES_MAX_SAMPLED))
        {
          place_free_strings (&place);
          if (type != KHOJI_ENTITY_PLACE || hidden)
            continue;
          break;
        }
      if (sampled)
        {
          g_autofree guint64 *bits = net_bitset (net, c->id);

          if (bits == NULL)
            {
              place_free_strings (&place);
              return FALSE;
            }
          place.n_articles = count_shared (bits, any, net->n_words);
          n_exact++;
        }
      else
        place.n_articles = c->count;
      g_array_append_val (places->places, place);
    }
  return TRUE;
}

gboolean
_khoji_store_graph_places (KhojiGraphSource *net,
                           const gint64     *ids,
                           guint             n_ids,
                           KhojiPlaces      *places)
{
  if (!(n_ids == 0 ? all_places (net, places) : asked_places (net, ids, n_ids, places)))
    return FALSE;
  g_array_sort (places->places, compare_places);
  return TRUE;
}
