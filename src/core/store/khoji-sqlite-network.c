/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-store"

#include "config.h"

#include <inttypes.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "khoji-store-network.h"
#include "khoji-sqlite-private.h"

/* What the co-occurrence graph (khoji-store-graph.c) reads, from SQLite:
 * an entity's articles from the entity_article index (one FTS5 row per
 * article, its terms the entity rows its mentions resolved to), the
 * entities an article names from the mention table, the sentences two
 * entities share from sentence_pair. */

typedef struct {
  KhojiGraphSource parent;
  sqlite3  *db;
  sqlite3_stmt *match_rows;   /* entity rows counting for an entity */
  sqlite3_stmt *articles;     /* entity_article MATCH */
  sqlite3_stmt *entity;       /* an entity's row */
  sqlite3_stmt *mentions;     /* entities an article names */
  sqlite3_stmt *place_row;    /* an entity's row as a place */
  GHashTable   *logged;       /* counts not folded yet, read once */
} Net;

static gboolean net_articles         (KhojiGraphSource  *source,
                                      gint64             id,
                                      KhojiGraphEachId   each,
                                      gpointer           data);
static gboolean net_node             (KhojiGraphSource  *source,
                                      gint64            *id,
                                      KhojiNetworkNode  *node,
                                      gboolean          *visible);
static GArray  *net_entity_counts    (KhojiGraphSource  *source);
static gboolean net_article_entities (KhojiGraphSource  *source,
                                      gint64             article,
                                      KhojiGraphEachId   each,
                                      gpointer           data);
static gboolean net_sentence_pairs   (KhojiGraphSource  *source,
                                      const gint64      *entities,
                                      guint              n,
                                      guint             *shared);
static GArray  *net_all_places       (KhojiGraphSource  *source,
                                      guint             *n_articles);
static gboolean net_entity_place     (KhojiGraphSource  *source,
                                      gint64             id,
                                      KhojiPlace        *place,
                                      KhojiEntityType   *type,
                                      gboolean          *hidden,
                                      gboolean          *found);

static gboolean
net_fail (Net        *net,
          int         rc,
          const char *what)
{
  if (net->parent.error && *net->parent.error == NULL)
    g_set_error (net->parent.error, KHOJI_STORE_ERROR,
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
  g_clear_pointer (&net->place_row, sqlite3_finalize);
  g_clear_pointer (&net->logged, g_hash_table_unref);
}

/* The bitsets an earlier graph read made stay while the library is as
 * it was then: nobody committed since (PRAGMA data_version, read inside
 * this read's transaction, counts what other connections commit) and
 * this connection changed nothing (its total of changes). A window's
 * views reader keeps its connection, so that a click on another entity
 * finds the bitsets of the strongest entities, which every neighbourhood
 * has, already made. */
static gboolean
net_keep_bits (Net              *net,
               KhojiSqliteStore *store)
{
  sqlite3_stmt *q;
  gint64 state[3] = { -1, sqlite3_total_changes64 (store->db), net->parent.n_words };
  int rc;

  if (!(q = net_prepare (net, "PRAGMA data_version")))
    return FALSE;
  if ((rc = sqlite3_step (q)) == SQLITE_ROW)
    state[0] = sqlite3_column_int64 (q, 0);
  sqlite3_finalize (q);
  if (rc != SQLITE_ROW)
    return net_fail (net, rc, "data version");
  if (store->graph_bits == NULL || memcmp (state, store->graph_state, sizeof state) != 0)
    {
      g_clear_pointer (&store->graph_bits, g_hash_table_unref);
      store->graph_bits = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
      memcpy (store->graph_state, state, sizeof state);
    }
  net->parent.bits_cache = store->graph_bits;
  return TRUE;
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
  net->parent.error = error;
  if (!(q = net_prepare (net, "SELECT max(id) FROM article")))
    return FALSE;
  if (sqlite3_step (q) == SQLITE_ROW)
    max_id = sqlite3_column_int64 (q, 0);
  sqlite3_finalize (q);
  net->parent.n_words = (guint) (MAX (max_id, 0) / 64 + 1);
  if (!net_keep_bits (net, store))
    return FALSE;
  net->parent.articles = net_articles;
  net->parent.node = net_node;
  net->parent.entity_counts = net_entity_counts;
  net->parent.article_entities = net_article_entities;
  net->parent.sentence_pairs = net_sentence_pairs;
  net->parent.all_places = net_all_places;
  net->parent.entity_place = net_entity_place;
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
net_articles (KhojiGraphSource  *source,
              gint64             id,
              KhojiGraphEachId   each,
              gpointer           data)
{
  Net *net = (Net *) source;
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


/* The entity's row: FALSE with an error when there is none; *visible is
 * FALSE for a hidden entity. `id` becomes the entity it counts for. */
static gboolean
net_node (KhojiGraphSource *source,
          gint64           *id,
          KhojiNetworkNode *node,
          gboolean         *visible)
{
  Net *net = (Net *) source;
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
          if (net->parent.error && *net->parent.error == NULL)
            g_set_error (net->parent.error, KHOJI_STORE_ERROR, KHOJI_STORE_ERROR_NOT_FOUND,
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


/* The visible entities' counts: those of the entity rows plus what
 * imports logged and have not folded yet. */
static GArray *
net_entity_counts (KhojiGraphSource *source)
{
  Net *net = (Net *) source;
  g_autoptr(GHashTable) logged = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (KhojiGraphCount));
  sqlite3_stmt *q;
  int rc;

  if (!(q = net_prepare (net, "SELECT entity_id, sum(n_articles), sum(n_mentions) FROM entity_count_log GROUP BY entity_id")))
    return NULL;
  while ((rc = sqlite3_step (q)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (q, 0);
      KhojiGraphCount *c = g_new (KhojiGraphCount, 1);

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
      KhojiGraphCount c = { sqlite3_column_int64 (q, 0), (guint) sqlite3_column_int (q, 1), (guint) sqlite3_column_int (q, 2) };
      KhojiGraphCount *log = g_hash_table_lookup (logged, &c.id);

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
  return g_steal_pointer (&all);
}


/* The entities an article names. */
static gboolean
net_article_entities (KhojiGraphSource  *source,
                      gint64             article,
                      KhojiGraphEachId   each,
                      gpointer           data)
{
  Net *net = (Net *) source;
  int rc;

  sqlite3_reset (net->mentions);
  sqlite3_bind_int64 (net->mentions, 1, article);
  while ((rc = sqlite3_step (net->mentions)) == SQLITE_ROW)
    each (sqlite3_column_int64 (net->mentions, 0), data);
  sqlite3_reset (net->mentions);
  if (rc != SQLITE_DONE)
    return net_fail (net, rc, "mentions of an article");
  return TRUE;
}

/* The pairs' counts from sentence_pair: one seek per pair of nodes
 * (4,950 for 100 nodes, a few milliseconds), whatever the number of
 * articles. */
static gboolean
net_sentence_pairs (KhojiGraphSource *source,
                    const gint64     *entities,
                    guint             n,
                    guint            *shared)
{
  Net *net = (Net *) source;
  sqlite3_stmt *q;
  gboolean ok = TRUE;
  int rc;

  if (!(q = net_prepare (net, "SELECT n FROM sentence_pair WHERE a = ? AND b = ?")))
    return FALSE;
  for (guint i = 0; ok && i < n; i++)
    for (guint j = i + 1; ok && j < n; j++)
      {
        gboolean swap = entities[i] > entities[j];

        if (entities[i] == entities[j])
          continue;
        sqlite3_bind_int64 (q, 1, swap ? entities[j] : entities[i]);
        sqlite3_bind_int64 (q, 2, swap ? entities[i] : entities[j]);
        rc = sqlite3_step (q);
        if (rc == SQLITE_ROW)
          shared[i * n + j] = (guint) MAX (sqlite3_column_int64 (q, 0), 0);
        else if (rc != SQLITE_DONE)
          ok = net_fail (net, rc, "sentence pairs");
        sqlite3_reset (q);
      }
  sqlite3_finalize (q);
  return ok;
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
  ok = net_init (&net, self, error) &&
       _khoji_store_graph_compute (&net.parent, ids, n_ids, limit, among, weight, network);
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
  GArray *out = NULL;
  gboolean snapshot;
  Net net;

  snapshot = sqlite3_get_autocommit (self->db) &&
             sqlite3_exec (self->db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;
  if (net_init (&net, self, error))
    out = _khoji_store_graph_shared_articles (&net.parent, a, b);
  net_clear (&net);
  if (snapshot)
    sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL);
  return out;
}

/* ---- Places (the map): what khoji-store-graph.c reads ---- */

/* What imports logged and have not folded into the entity rows yet, by
 * entity id: KhojiGraphCount (count = articles, mentions). */
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
      KhojiGraphCount *c = g_new (KhojiGraphCount, 1);

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
  KhojiGraphCount *c = g_hash_table_lookup (logged, &id);

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

static GArray *
net_all_places (KhojiGraphSource *source,
                guint            *n_articles)
{
  Net *net = (Net *) source;
  g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (KhojiPlace));
  sqlite3_stmt *q;
  int rc;

  if (net->logged == NULL && !(net->logged = net_logged_counts (net)))
    return NULL;
  if (!(q = net_prepare (net, "SELECT id, name, latin, key, n_articles FROM entity"
                              " WHERE type = 'place' AND merged_into IS NULL AND hidden = 0")))
    return NULL;
  while ((rc = sqlite3_step (q)) == SQLITE_ROW)
    {
      KhojiPlace place;

      place_from_row (&place, q, net->logged);
      g_array_append_val (out, place);
    }
  sqlite3_finalize (q);
  if (rc != SQLITE_DONE)
    {
      for (guint i = 0; i < out->len; i++)
        {
          KhojiPlace *p = &g_array_index (out, KhojiPlace, i);

          g_free (p->name);
          g_free (p->latin);
          g_free (p->key);
        }
      return net_fail (net, rc, "places"), NULL;
    }
  if (!(q = net_prepare (net, "SELECT count(*) FROM article")))
    return NULL;
  if (sqlite3_step (q) == SQLITE_ROW)
    *n_articles = (guint) sqlite3_column_int (q, 0);
  sqlite3_finalize (q);
  return g_steal_pointer (&out);
}

static gboolean
net_entity_place (KhojiGraphSource *source,
                  gint64            id,
                  KhojiPlace       *place,
                  KhojiEntityType  *type,
                  gboolean         *hidden,
                  gboolean         *found)
{
  Net *net = (Net *) source;
  int rc;

  if (net->logged == NULL && !(net->logged = net_logged_counts (net)))
    return FALSE;
  if (net->place_row == NULL &&
      !(net->place_row = net_prepare (net, "SELECT id, name, latin, key, n_articles, type, hidden FROM entity WHERE id = ?")))
    return FALSE;
  sqlite3_reset (net->place_row);
  sqlite3_bind_int64 (net->place_row, 1, id);
  rc = sqlite3_step (net->place_row);
  *found = rc == SQLITE_ROW;
  if (rc == SQLITE_ROW)
    {
      place_from_row (place, net->place_row, net->logged);
      khoji_entity_type_from_string ((const char *) sqlite3_column_text (net->place_row, 5), type);
      *hidden = sqlite3_column_int (net->place_row, 6) != 0;
    }
  sqlite3_reset (net->place_row);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return net_fail (net, rc, "place");
  return TRUE;
}

KhojiPlaces *
khoji_sqlite_store_places (KhojiStore    *store,
                           const gint64  *ids,
                           guint          n_ids,
                           GError       **error)
{
  KhojiSqliteStore *self = (KhojiSqliteStore *) store;
  g_autoptr(KhojiPlaces) places = khoji_places_new ();
  gint64 started = g_get_monotonic_time ();
  gboolean ok, snapshot;
  Net net;

  g_return_val_if_fail (n_ids == 0 || ids != NULL, NULL);

  snapshot = sqlite3_get_autocommit (self->db) &&
             sqlite3_exec (self->db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;
  ok = net_init (&net, self, error) && _khoji_store_graph_places (&net.parent, ids, n_ids, places);
  net_clear (&net);
  if (snapshot)
    sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL);
  if (!ok)
    return NULL;
  places->worker_ms = (g_get_monotonic_time () - started) / 1000.0;
  return g_steal_pointer (&places);
}
