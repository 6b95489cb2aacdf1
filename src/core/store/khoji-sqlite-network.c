/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-store"

#include "config.h"

#include <inttypes.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "khoji-store-network.h"
#include "khoji-sqlite-private.h"

/* Two entities co-occur when one article names both. The articles of an
 * entity come from the entity_article index (one FTS5 row per article,
 * its terms the entity rows its mentions resolved to), each entity's as a
 * bitset over article ids: the articles a pair shares are then the AND of
 * two bitsets, 1,600 words at 100,000 articles, and the ~5,000 pairs of a
 * 100-node graph cost a few milliseconds. Reading every mention of the
 * library (three million rows at 100,000 articles) would take seconds.
 *
 * The neighbours of an entity are found from the entities its articles
 * name (the mention table, by article): all of its articles, or an even
 * sample of KHOJI_NETWORK_SAMPLE of them for an entity that hundreds of
 * thousands of articles name. The sample only chooses candidates, half
 * as many again as are kept; their weights are then counted exactly on the
 * bitsets, so that every number the graph shows is exact. */

typedef struct {
  gint64   id;
  guint    count;
  guint    mentions;   /* the second key of the entity panel's order */
} IdCount;

typedef struct {
  sqlite3  *db;
  GError  **error;
  guint     n_words;     /* of each bitset */
  sqlite3_stmt *match_rows;   /* entity rows counting for an entity */
  sqlite3_stmt *articles;     /* entity_article MATCH */
  sqlite3_stmt *entity;       /* an entity's row */
  sqlite3_stmt *mentions;     /* entities an article names */
} Net;

static gboolean
net_fail (Net        *net,
          int         rc,
          const char *what)
{
  if (net->error && *net->error == NULL)
    g_set_error (net->error, KHOJI_STORE_ERROR,
                 (rc & 0xff) == SQLITE_BUSY ? KHOJI_STORE_ERROR_BUSY : KHOJI_STORE_ERROR_FAILED,
                 "%s: %s", what, sqlite3_errmsg (net->db));
  return FALSE;
}

static sqlite3_stmt *
net_prepare (Net        *net,
             const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (net->db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      net_fail (net, rc, "prepare");
      sqlite3_finalize (stmt);
      return NULL;
    }
  return stmt;
}

static void
net_clear (Net *net)
{
  g_clear_pointer (&net->match_rows, sqlite3_finalize);
  g_clear_pointer (&net->articles, sqlite3_finalize);
  g_clear_pointer (&net->entity, sqlite3_finalize);
  g_clear_pointer (&net->mentions, sqlite3_finalize);
}

static gboolean
net_init (Net         *net,
          KhojiSqliteStore  *store,
          GError     **error)
{
  sqlite3_stmt *q;
  gint64 max_id = 0;

  ASSERT_OWNER (store);
  memset (net, 0, sizeof *net);
  net->db = store->db;
  net->error = error;
  if (!(q = net_prepare (net, "SELECT max(id) FROM article")))
    return FALSE;
  if (sqlite3_step (q) == SQLITE_ROW)
    max_id = sqlite3_column_int64 (q, 0);
  sqlite3_finalize (q);
  net->n_words = (guint) (MAX (max_id, 0) / 64 + 1);
  net->match_rows = net_prepare (net,
    "SELECT id FROM entity WHERE id = ?1 AND merged_into IS NULL"
    " UNION ALL SELECT id FROM entity WHERE merged_into = ?1");
  net->articles = net_prepare (net, "SELECT rowid FROM entity_article WHERE entity_article MATCH ?");
  net->entity = net_prepare (net,
    "SELECT COALESCE(merged_into, id), name, latin, type, hidden FROM entity WHERE id = ?");
  net->mentions = net_prepare (net, "SELECT DISTINCT entity_id FROM mention WHERE article_id = ?");
  return net->match_rows && net->articles && net->entity && net->mentions;
}

/* The entity_article query of an entity: its row and the rows merged
 * into it ("0", which no row has, when there are none). */
static char *
net_match (Net    *net,
           gint64  id)
{
  GString *match = g_string_new (NULL);

  sqlite3_reset (net->match_rows);
  sqlite3_bind_int64 (net->match_rows, 1, id);
  while (sqlite3_step (net->match_rows) == SQLITE_ROW)
    g_string_append_printf (match, "%s%" G_GINT64_FORMAT, match->len ? " OR " : "",
                            (gint64) sqlite3_column_int64 (net->match_rows, 0));
  sqlite3_reset (net->match_rows);
  if (match->len == 0)
    g_string_append_c (match, '0');
  return g_string_free (match, FALSE);
}

/* Calls `each` for every article that names the entity, in id order. */
static gboolean
net_articles (Net     *net,
              gint64   id,
              void   (*each) (gint64 article, gpointer data),
              gpointer data)
{
  g_autofree char *match = net_match (net, id);
  int rc;

  sqlite3_reset (net->articles);
  sqlite3_bind_text (net->articles, 1, match, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (net->articles)) == SQLITE_ROW)
    each (sqlite3_column_int64 (net->articles, 0), data);
  sqlite3_reset (net->articles);
  if (rc != SQLITE_DONE)
    return net_fail (net, rc, "articles of an entity");
  return TRUE;
}

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

static guint64 *
net_bitset (Net    *net,
            gint64  id)
{
  Bits b = { g_new0 (guint64, net->n_words), net->n_words };

  if (!net_articles (net, id, set_bit, &b))
    g_clear_pointer (&b.bits, g_free);
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

/* The entity's row: FALSE with an error when there is none; *visible is
 * FALSE for a hidden entity. `id` becomes the entity it counts for. */
static gboolean
net_node (Net              *net,
          gint64           *id,
          KhojiNetworkNode *node,
          gboolean         *visible)
{
  int rc;

  sqlite3_reset (net->entity);
  sqlite3_bind_int64 (net->entity, 1, *id);
  rc = sqlite3_step (net->entity);
  if (rc == SQLITE_ROW && sqlite3_column_int64 (net->entity, 0) != *id)
    {
      /* Merged: the entity it was merged into. */
      *id = sqlite3_column_int64 (net->entity, 0);
      sqlite3_reset (net->entity);
      sqlite3_bind_int64 (net->entity, 1, *id);
      rc = sqlite3_step (net->entity);
    }
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (net->entity);
      if (rc == SQLITE_DONE)
        {
          if (net->error && *net->error == NULL)
            g_set_error (net->error, KHOJI_STORE_ERROR, KHOJI_STORE_ERROR_NOT_FOUND,
                         _("No entity has the id %" PRId64 "."), *id);
          return FALSE;
        }
      return net_fail (net, rc, "entity");
    }
  memset (node, 0, sizeof *node);
  node->id = *id;
  node->name = g_strdup ((const char *) sqlite3_column_text (net->entity, 1));
  node->latin = g_strdup ((const char *) sqlite3_column_text (net->entity, 2));
  khoji_entity_type_from_string ((const char *) sqlite3_column_text (net->entity, 3), &node->type);
  *visible = sqlite3_column_int (net->entity, 4) == 0;
  sqlite3_reset (net->entity);
  return TRUE;
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

/* The `limit` visible entities named by the most articles, in the entity
 * panel's order (articles, then mentions, then id): the counts of the
 * entity rows plus what imports logged and have not folded yet. */
static GArray *
net_top_entities (Net   *net,
                  guint  limit)
{
  g_autoptr(GHashTable) logged = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (IdCount));
  sqlite3_stmt *q;
  int rc;

  if (!(q = net_prepare (net, "SELECT entity_id, sum(n_articles), sum(n_mentions) FROM entity_count_log GROUP BY entity_id")))
    return NULL;
  while ((rc = sqlite3_step (q)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (q, 0);
      IdCount *c = g_new (IdCount, 1);

      c->id = id;
      c->count = (guint) sqlite3_column_int (q, 1);
      c->mentions = (guint) sqlite3_column_int (q, 2);
      g_hash_table_insert (logged, g_memdup2 (&id, sizeof id), c);
    }
  sqlite3_finalize (q);
  if (rc != SQLITE_DONE)
    return net_fail (net, rc, "entity counts"), NULL;

  if (!(q = net_prepare (net, "SELECT id, n_articles, n_mentions FROM entity WHERE merged_into IS NULL AND hidden = 0")))
    return NULL;
  while ((rc = sqlite3_step (q)) == SQLITE_ROW)
    {
      IdCount c = { sqlite3_column_int64 (q, 0), (guint) sqlite3_column_int (q, 1), (guint) sqlite3_column_int (q, 2) };
      IdCount *log = g_hash_table_lookup (logged, &c.id);

      if (log)
        {
          c.count += log->count;
          c.mentions += log->mentions;
        }
      if (c.count > 0)
        g_array_append_val (all, c);
    }
  sqlite3_finalize (q);
  if (rc != SQLITE_DONE)
    return net_fail (net, rc, "entities"), NULL;
  g_array_sort (all, compare_id_count);
  if (all->len > limit)
    g_array_set_size (all, limit);
  return g_steal_pointer (&all);
}

/* Candidates for the neighbours of the asked entities: the entities that
 * their articles (or an even sample of them) name, by how many of those
 * articles name them, the asked ones left out. */
static GArray *
net_candidates (Net          *net,
                GArray       *articles,    /* sorted, no repeats */
                GHashTable   *asked,
                guint        *n_sampled)
{
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (IdCount));
  guint n = MIN (articles->len, KHOJI_NETWORK_SAMPLE);
  GHashTableIter iter;
  gpointer key, value;

  for (guint i = 0; i < n; i++)
    {
      /* An even spread over the whole range, the first and last included. */
      guint at = n == articles->len ? i : (guint) ((guint64) i * (articles->len - 1) / (n - 1));
      int rc;

      sqlite3_reset (net->mentions);
      sqlite3_bind_int64 (net->mentions, 1, g_array_index (articles, gint64, at));
      while ((rc = sqlite3_step (net->mentions)) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (net->mentions, 0);
          gpointer old;

          if (g_hash_table_contains (asked, &id))
            continue;
          old = g_hash_table_lookup (counts, &id);
          if (old)
            g_hash_table_insert (counts, g_memdup2 (&id, sizeof id), GUINT_TO_POINTER (GPOINTER_TO_UINT (old) + 1));
          else
            g_hash_table_insert (counts, g_memdup2 (&id, sizeof id), GUINT_TO_POINTER (1));
        }
      sqlite3_reset (net->mentions);
      if (rc != SQLITE_DONE)
        return net_fail (net, rc, "mentions of an article"), NULL;
    }
  *n_sampled = n;
  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      IdCount c = { *(gint64 *) key, GPOINTER_TO_UINT (value), 0 };
      g_array_append_val (out, c);
    }
  g_array_sort (out, compare_id_count);
  return g_steal_pointer (&out);
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
add_member (Net      *net,
            GArray   *members,
            gint64    id,
            gboolean  asked)
{
  Member m = { { 0 }, NULL, 0 };
  gboolean visible = TRUE;

  if (!net_node (net, &id, &m.node, &visible))
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

/* One mention of a member in an article being read: which sentence. */
typedef struct {
  gint64 sentence;
  guint  member;
} SentenceMember;

static int
compare_sentence_members (gconstpointer a,
                          gconstpointer b)
{
  const SentenceMember *x = a, *y = b;

  if (x->sentence != y->sentence)
    return x->sentence < y->sentence ? -1 : 1;
  return (x->member > y->member) - (x->member < y->member);
}

/* Counts the pairs of members in each sentence of one article's rows
 * (each pair once a sentence), and empties the rows. */
static void
count_article (GArray *rows,
               guint  *shared,
               guint   n)
{
  SentenceMember *r = (SentenceMember *) rows->data;

  g_array_sort (rows, compare_sentence_members);
  for (guint a = 0; a < rows->len; a++)
    {
      /* A member named twice in a sentence counts once. */
      if (a > 0 && r[a - 1].sentence == r[a].sentence && r[a - 1].member == r[a].member)
        continue;
      for (guint b = a + 1; b < rows->len && r[b].sentence == r[a].sentence; b++)
        if (r[b].member != r[a].member && (b == a + 1 || r[b].member != r[b - 1].member))
          shared[MIN (r[a].member, r[b].member) * n + MAX (r[a].member, r[b].member)]++;
    }
  g_array_set_size (rows, 0);
}

/* The sentences each pair of members shares: the articles that name two
 * members or more (from their bitsets) are read mention by mention, and
 * the members each sentence names counted in pairs. `shared` is
 * members->len squared, [i * n + j] for i < j.
 *
 * When those articles are a large part of the library (the top-N graph,
 * or the neighbourhood of an entity most articles name), the mention
 * table is read once in row order: an article's mentions are inserted
 * together, in one transaction, so they lie in one run of rows, and the
 * walk reads pages in order instead of seeking once per article through
 * mention_article (2.4 CPU seconds against ~0.6 at 100,000 articles). */
static gboolean
count_shared_sentences (Net    *net,
                        GArray *members,
                        guint  *shared)
{
  guint n = members->len;
  g_autofree guint64 *once = g_new0 (guint64, net->n_words);
  g_autofree guint64 *twice = g_new0 (guint64, net->n_words);
  g_autoptr(GHashTable) index = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (SentenceMember));
  guint n_articles = 0;
  sqlite3_stmt *q;
  gboolean ok = TRUE;
  int rc;

  for (guint i = 0; i < n; i++)
    {
      Member *m = &g_array_index (members, Member, i);

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

  /* A merge sets entity_id to the entity merged into: a member's id. */
  if (n_articles > net->n_words * 64 / 16)
    {
      gint64 current = -1;

      if (!(q = net_prepare (net, "SELECT article_id, sentence, entity_id FROM mention")))
        return FALSE;
      while ((rc = sqlite3_step (q)) == SQLITE_ROW)
        {
          gint64 article = sqlite3_column_int64 (q, 0);
          guint64 word = (guint64) article / 64;
          gint64 entity;
          guint at;

          if (article != current)
            {
              count_article (rows, shared, n);
              current = article;
            }
          if (article < 0 || word >= net->n_words ||
              !(twice[word] & (G_GUINT64_CONSTANT (1) << (article % 64))))
            continue;
          entity = sqlite3_column_int64 (q, 2);
          if ((at = GPOINTER_TO_UINT (g_hash_table_lookup (index, &entity))) != 0)
            {
              SentenceMember sm = { sqlite3_column_int64 (q, 1), at - 1 };
              g_array_append_val (rows, sm);
            }
        }
      count_article (rows, shared, n);
      if (rc != SQLITE_DONE)
        ok = net_fail (net, rc, "mentions");
      sqlite3_finalize (q);
      return ok;
    }

  if (!(q = net_prepare (net, "SELECT sentence, entity_id FROM mention WHERE article_id = ?")))
    return FALSE;
  for (guint w = 0; ok && w < net->n_words; w++)
    for (guint64 bits = twice[w]; ok && bits; bits &= bits - 1)
      {
        sqlite3_bind_int64 (q, 1, (gint64) w * 64 + __builtin_ctzll (bits));
        while ((rc = sqlite3_step (q)) == SQLITE_ROW)
          {
            gint64 entity = sqlite3_column_int64 (q, 1);
            guint at = GPOINTER_TO_UINT (g_hash_table_lookup (index, &entity));

            if (at != 0)
              {
                SentenceMember sm = { sqlite3_column_int64 (q, 0), at - 1 };
                g_array_append_val (rows, sm);
              }
          }
        sqlite3_reset (q);
        count_article (rows, shared, n);
        if (rc != SQLITE_DONE)
          ok = net_fail (net, rc, "mentions of an article");
      }
  sqlite3_finalize (q);
  return ok;
}

static gboolean
compute (Net          *net,
         const gint64 *ids,
         guint         n_ids,
         guint         limit,
         gboolean      among,
         KhojiNetworkWeight weight,
         KhojiNetwork *network)
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
          if (!net_articles (net, m->node.id, append_id, articles))
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
      g_autofree guint *shared = g_new0 (guint, (gsize) n * n);

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

static KhojiNetwork *
store_network (KhojiSqliteStore  *self,
               const gint64      *ids,
               guint              n_ids,
               guint              limit,
               gboolean           among,
               KhojiNetworkWeight weight,
               GError           **error)
{
  g_autoptr(KhojiNetwork) network = khoji_network_new ();
  gint64 started = g_get_monotonic_time ();
  gboolean ok, snapshot;
  Net net;

  /* One read transaction: the counts, the index and the mentions are of
   * one state of the library, whatever an import commits meanwhile. */
  snapshot = sqlite3_get_autocommit (self->db) &&
             sqlite3_exec (self->db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;
  ok = net_init (&net, self, error) && compute (&net, ids, n_ids, limit, among, weight, network);
  net_clear (&net);
  if (snapshot)
    sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL);
  if (!ok)
    return NULL;
  network->worker_ms = (g_get_monotonic_time () - started) / 1000.0;
  return g_steal_pointer (&network);
}

KhojiNetwork *
khoji_sqlite_store_network (KhojiStore    *store,
                            const gint64  *ids,
                            guint          n_ids,
                            guint          limit,
                            GError       **error)
{
  KhojiSqliteStore *self = (KhojiSqliteStore *) store;

  return store_network (self, ids, n_ids, limit, FALSE, KHOJI_NETWORK_BY_ARTICLES, error);
}

KhojiNetwork *
khoji_sqlite_store_network_among (KhojiStore    *store,
                                  const gint64  *ids,
                                  guint          n_ids,
                                  GError       **error)
{
  KhojiSqliteStore *self = (KhojiSqliteStore *) store;

  return store_network (self, ids, n_ids, KHOJI_NETWORK_MAX_NODES, TRUE, KHOJI_NETWORK_BY_ARTICLES, error);
}

KhojiNetwork *
khoji_sqlite_store_network_weighted (KhojiStore         *store,
                                     const gint64       *ids,
                                     guint               n_ids,
                                     guint               limit,
                                     gboolean            among,
                                     KhojiNetworkWeight  weight,
                                     GError            **error)
{
  KhojiSqliteStore *self = (KhojiSqliteStore *) store;

  return store_network (self, ids, n_ids, among ? KHOJI_NETWORK_MAX_NODES : limit, among, weight, error);
}

GArray *
khoji_sqlite_store_shared_articles (KhojiStore  *store,
                                    gint64       a,
                                    gint64       b,
                                    GError     **error)
{
  KhojiSqliteStore *self = (KhojiSqliteStore *) store;
  g_autoptr(GArray) left = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) right = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (gint64));
  KhojiNetworkNode node;
  gboolean ok, visible, snapshot;
  Net net;

  snapshot = sqlite3_get_autocommit (self->db) &&
             sqlite3_exec (self->db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;
  ok = net_init (&net, self, error);
  if (ok && (ok = net_node (&net, &a, &node, &visible)))
    {
      g_free (node.name);
      g_free (node.latin);
    }
  if (ok && (ok = net_node (&net, &b, &node, &visible)))
    {
      g_free (node.name);
      g_free (node.latin);
    }
  ok = ok && net_articles (&net, a, append_id, left) && net_articles (&net, b, append_id, right);
  net_clear (&net);
  if (snapshot)
    sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL);
  if (!ok)
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

/* What imports logged and have not folded into the entity rows yet, by
 * entity id: IdCount (count = articles, mentions). */
static GHashTable *
net_logged_counts (Net *net)
{
  g_autoptr(GHashTable) logged = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
  sqlite3_stmt *q;
  int rc;

  if (!(q = net_prepare (net, "SELECT entity_id, sum(n_articles), sum(n_mentions) FROM entity_count_log GROUP BY entity_id")))
    return NULL;
  while ((rc = sqlite3_step (q)) == SQLITE_ROW)
    {
      IdCount *c = g_new (IdCount, 1);

      c->id = sqlite3_column_int64 (q, 0);
      c->count = (guint) sqlite3_column_int (q, 1);
      c->mentions = (guint) sqlite3_column_int (q, 2);
      g_hash_table_insert (logged, &c->id, c);
    }
  sqlite3_finalize (q);
  if (rc != SQLITE_DONE)
    return net_fail (net, rc, "entity counts"), NULL;
  return g_steal_pointer (&logged);
}

static guint
logged_articles (GHashTable *logged,
                 gint64      id)
{
  IdCount *c = g_hash_table_lookup (logged, &id);

  return c ? c->count : 0;
}

/* A place from its entity row (id, name, latin, key, n_articles). */
static void
place_from_row (KhojiPlace   *place,
                sqlite3_stmt *q,
                GHashTable   *logged)
{
  memset (place, 0, sizeof *place);
  place->id = sqlite3_column_int64 (q, 0);
  place->name = g_strdup ((const char *) sqlite3_column_text (q, 1));
  place->latin = g_strdup ((const char *) sqlite3_column_text (q, 2));
  place->key = g_strdup ((const char *) sqlite3_column_text (q, 3));
  place->n_total = (guint) sqlite3_column_int (q, 4) + logged_articles (logged, place->id);
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
all_places (Net         *net,
            GHashTable  *logged,
            KhojiPlaces *places)
{
  sqlite3_stmt *q;
  int rc;

  if (!(q = net_prepare (net, "SELECT id, name, latin, key, n_articles FROM entity"
                              " WHERE type = 'place' AND merged_into IS NULL AND hidden = 0")))
    return FALSE;
  while ((rc = sqlite3_step (q)) == SQLITE_ROW)
    {
      KhojiPlace place;

      place_from_row (&place, q, logged);
      place.n_articles = place.n_total;
      if (place.n_total > 0)
        g_array_append_val (places->places, place);
      else
        {
          g_free (place.name);
          g_free (place.latin);
          g_free (place.key);
        }
    }
  sqlite3_finalize (q);
  if (rc != SQLITE_DONE)
    return net_fail (net, rc, "places");
  {
    sqlite3_stmt *n = net_prepare (net, "SELECT count(*) FROM article");

    if (!n)
      return FALSE;
    if (sqlite3_step (n) == SQLITE_ROW)
      places->n_scope = (guint) sqlite3_column_int (n, 0);
    sqlite3_finalize (n);
  }
  return TRUE;
}

static gboolean
asked_places (Net          *net,
              GHashTable   *logged,
              const gint64 *ids,
              guint         n_ids,
              KhojiPlaces  *places)
{
  g_autoptr(GHashTable) asked = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GArray) articles = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) candidates = NULL;
  g_autofree guint64 *any = g_new0 (guint64, net->n_words);
  sqlite3_stmt *row;
  gboolean sampled;
  guint n_exact = 0;
  int rc;

  if (!(row = net_prepare (net, "SELECT id, name, latin, key, n_articles, type, hidden FROM entity WHERE id = ?")))
    return FALSE;

  /* The scope: the articles of any asked entity (merged rows count for
   * the entity they were merged into). */
  for (guint i = 0; i < n_ids; i++)
    {
      KhojiNetworkNode node;
      gboolean visible;
      gint64 id = ids[i];
      g_autofree guint64 *bits = NULL;

      if (!net_node (net, &id, &node, &visible))
        goto fail;
      g_free (node.name);
      g_free (node.latin);
      if (g_hash_table_contains (asked, &id))
        continue;
      g_hash_table_add (asked, g_memdup2 (&id, sizeof id));
      if (!(bits = net_bitset (net, id)))
        goto fail;
      for (guint w = 0; w < net->n_words; w++)
        any[w] |= bits[w];
      if (node.type == KHOJI_ENTITY_PLACE)
        {
          KhojiPlace place;

          sqlite3_reset (row);
          sqlite3_bind_int64 (row, 1, id);
          if ((rc = sqlite3_step (row)) != SQLITE_ROW)
            {
              net_fail (net, rc, "place");
              goto fail;
            }
          place_from_row (&place, row, logged);
          sqlite3_reset (row);
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
    goto fail;
  sampled = places->n_sampled < articles->len;

  /* The candidates that are visible places. A sample's counts only rank
   * them: the strongest are counted exactly on their bitsets. */
  for (guint i = 0; i < candidates->len; i++)
    {
      const IdCount *c = &g_array_index (candidates, IdCount, i);
      KhojiPlace place;

      sqlite3_reset (row);
      sqlite3_bind_int64 (row, 1, c->id);
      rc = sqlite3_step (row);
      if (rc == SQLITE_DONE)
        continue;
      if (rc != SQLITE_ROW)
        {
          net_fail (net, rc, "place");
          goto fail;
        }
      if (g_strcmp0 ((const char *) sqlite3_column_text (row, 5), "place") != 0 ||
          sqlite3_column_int (row, 6) != 0)
        continue;
      if (sampled && n_exact >= KHOJI_PLACES_MAX_SAMPLED)
        break;
      place_from_row (&place, row, logged);
      sqlite3_reset (row);
      if (sampled)
        {
          g_autofree guint64 *bits = net_bitset (net, c->id);

          if (bits == NULL)
            {
              g_free (place.name);
              g_free (place.latin);
              g_free (place.key);
              goto fail;
            }
          place.n_articles = count_shared (bits, any, net->n_words);
          n_exact++;
        }
      else
        place.n_articles = c->count;
      g_array_append_val (places->places, place);
    }
  sqlite3_finalize (row);
  return TRUE;

fail:
  sqlite3_finalize (row);
  return FALSE;
}

KhojiPlaces *
khoji_sqlite_store_places (KhojiStore    *store,
                           const gint64  *ids,
                           guint          n_ids,
                           GError       **error)
{
  KhojiSqliteStore *self = (KhojiSqliteStore *) store;
  g_autoptr(KhojiPlaces) places = khoji_places_new ();
  g_autoptr(GHashTable) logged = NULL;
  gint64 started = g_get_monotonic_time ();
  gboolean ok, snapshot;
  Net net;

  g_return_val_if_fail (n_ids == 0 || ids != NULL, NULL);

  snapshot = sqlite3_get_autocommit (self->db) &&
             sqlite3_exec (self->db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;
  ok = net_init (&net, self, error) && (logged = net_logged_counts (&net)) != NULL;
  if (ok)
    ok = n_ids == 0 ? all_places (&net, logged, places)
                    : asked_places (&net, logged, ids, n_ids, places);
  net_clear (&net);
  if (snapshot)
    sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL);
  if (!ok)
    return NULL;
  g_array_sort (places->places, compare_places);
  places->worker_ms = (g_get_monotonic_time () - started) / 1000.0;
  return g_steal_pointer (&places);
}
