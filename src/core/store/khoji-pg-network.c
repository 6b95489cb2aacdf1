/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-store"

#include "config.h"

#include <inttypes.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "khoji-pg-private.h"

/* What the co-occurrence graph (khoji-store-graph.c) reads, from the
 * archive: an entity's articles by the mention index on base_id, the
 * entities an article names by its mentions. All in one repeatable-read
 * transaction: one state of the archive, whatever others commit. */

typedef struct {
  KhojiGraphSource parent;
  KhojiPgStore    *store;
} Net;

static gboolean
net_articles (KhojiGraphSource  *source,
              gint64             id,
              KhojiGraphEachId   each,
              gpointer           data)
{
  Net *net = (Net *) source;
  g_autofree char *rows = _khoji_pg_entity_rows (net->store, id, source->error);
  g_autoptr(PGresult) res = NULL;
  PgParams p = { 0 };

  if (rows == NULL)
    return FALSE;
  pg_text (&p, rows);
  res = _khoji_pg_run (net->store,
    "SELECT DISTINCT article_id FROM mention WHERE base_id = ANY ($1::bigint[]) ORDER BY article_id", &p,
    source->error);
  if (res == NULL)
    return FALSE;
  for (int i = 0; i < PQntuples (res); i++)
    each (pg_get_int (res, i, 0), data);
  return TRUE;
}

/* The mentions of the entities, by the mention index on entity_id (a
 * merge sets it to the entity merged into): one query whatever the
 * number of articles; the graph keeps those in the articles asked. */
static gboolean
net_sentence_mentions (KhojiGraphSource      *source,
                       const gint64          *entities,
                       guint                  n_entities,
                       const guint64         *articles,
                       guint                  n_set,
                       KhojiGraphEachMention  each,
                       gpointer               data)
{
  Net *net = (Net *) source;
  g_autoptr(GString) list = g_string_new ("{");
  g_autoptr(PGresult) res = NULL;
  PgParams p = { 0 };

  (void) articles;
  (void) n_set;
  for (guint i = 0; i < n_entities; i++)
    g_string_append_printf (list, "%s%" G_GINT64_FORMAT, i ? "," : "", entities[i]);
  g_string_append_c (list, '}');
  pg_text (&p, list->str);
  res = _khoji_pg_run (net->store,
    "SELECT article_id, sentence, entity_id FROM mention WHERE entity_id = ANY ($1::bigint[])", &p,
    source->error);
  if (res == NULL)
    return FALSE;
  for (int i = 0; i < PQntuples (res); i++)
    each (pg_get_int (res, i, 0), pg_get_int (res, i, 1), pg_get_int (res, i, 2), data);
  return TRUE;
}

static gboolean
net_node (KhojiGraphSource *source,
          gint64           *id,
          KhojiNetworkNode *node,
          gboolean         *visible)
{
  Net *net = (Net *) source;
  g_autoptr(PGresult) res = NULL;
  PgParams p = { 0 };

  pg_int (&p, *id);
  /* A merged entity is the one it was merged into. */
  res = _khoji_pg_run (net->store,
    "SELECT t.id, t.name, t.latin, t.type, t.hidden FROM entity e JOIN entity t ON t.id = COALESCE(e.merged_into, e.id)"
    " WHERE e.id = $1", &p, source->error);
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) == 0)
    {
      g_set_error (source->error, KHOJI_STORE_ERROR, KHOJI_STORE_ERROR_NOT_FOUND,
                   _("No entity has the id %" PRId64 "."), *id);
      return FALSE;
    }
  memset (node, 0, sizeof *node);
  *id = pg_get_int (res, 0, 0);
  node->id = *id;
  node->name = g_strdup (PQgetvalue (res, 0, 1));
  node->latin = g_strdup (PQgetvalue (res, 0, 2));
  khoji_entity_type_from_string (PQgetvalue (res, 0, 3), &node->type);
  *visible = pg_get_int (res, 0, 4) == 0;
  return TRUE;
}

static GArray *
net_entity_counts (KhojiGraphSource *source)
{
  Net *net = (Net *) source;
  g_autoptr(PGresult) res = NULL;
  GArray *out;

  res = _khoji_pg_run (net->store,
    "SELECT e.id, e.n_articles + COALESCE(l.a, 0), e.n_mentions + COALESCE(l.m, 0)"
    " FROM entity e LEFT JOIN (SELECT entity_id, sum(n_articles) AS a, sum(n_mentions) AS m FROM entity_count_log"
    "  GROUP BY entity_id) l ON l.entity_id = e.id"
    " WHERE e.merged_into IS NULL AND e.hidden = 0 AND e.n_articles + COALESCE(l.a, 0) > 0", NULL, source->error);
  if (res == NULL)
    return NULL;
  out = g_array_sized_new (FALSE, FALSE, sizeof (KhojiGraphCount), PQntuples (res));
  for (int i = 0; i < PQntuples (res); i++)
    {
      KhojiGraphCount c = { pg_get_int (res, i, 0), (guint) pg_get_int (res, i, 1), (guint) pg_get_int (res, i, 2) };

      g_array_append_val (out, c);
    }
  return out;
}

static gboolean
net_article_entities (KhojiGraphSource  *source,
                      gint64             article,
                      KhojiGraphEachId   each,
                      gpointer           data)
{
  Net *net = (Net *) source;
  g_autoptr(PGresult) res = NULL;
  PgParams p = { 0 };

  pg_int (&p, article);
  res = _khoji_pg_run (net->store, "SELECT DISTINCT entity_id FROM mention WHERE article_id = $1", &p, source->error);
  if (res == NULL)
    return FALSE;
  for (int i = 0; i < PQntuples (res); i++)
    each (pg_get_int (res, i, 0), data);
  return TRUE;
}

/* The place columns: id, name, latin, key, articles with the log's. */
#define PLACE_COLUMNS \
  "e.id, e.name, e.latin, e.key, e.n_articles + COALESCE((SELECT sum(n_articles) FROM entity_count_log l" \
  " WHERE l.entity_id = e.id), 0)"

static void
place_from_row (KhojiPlace *place,
                PGresult   *res,
                int         row)
{
  memset (place, 0, sizeof *place);
  place->id = pg_get_int (res, row, 0);
  place->name = g_strdup (PQgetvalue (res, row, 1));
  place->latin = g_strdup (PQgetvalue (res, row, 2));
  place->key = g_strdup (PQgetvalue (res, row, 3));
  place->n_total = (guint) pg_get_int (res, row, 4);
}

static GArray *
net_all_places (KhojiGraphSource *source,
                guint            *n_articles)
{
  Net *net = (Net *) source;
  g_autoptr(PGresult) res = NULL;
  g_autoptr(PGresult) count = NULL;
  GArray *out;

  res = _khoji_pg_run (net->store,
    "SELECT " PLACE_COLUMNS " FROM entity e WHERE e.type = 'place' AND e.merged_into IS NULL AND e.hidden = 0",
    NULL, source->error);
  if (res == NULL)
    return NULL;
  count = _khoji_pg_run (net->store, "SELECT count(*) FROM article", NULL, source->error);
  if (count == NULL)
    return NULL;
  *n_articles = (guint) pg_get_int (count, 0, 0);
  out = g_array_sized_new (FALSE, FALSE, sizeof (KhojiPlace), PQntuples (res));
  for (int i = 0; i < PQntuples (res); i++)
    {
      KhojiPlace place;

      place_from_row (&place, res, i);
      g_array_append_val (out, place);
    }
  return out;
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
  g_autoptr(PGresult) res = NULL;
  PgParams p = { 0 };

  pg_int (&p, id);
  res = _khoji_pg_run (net->store, "SELECT " PLACE_COLUMNS ", e.type, e.hidden FROM entity e WHERE e.id = $1",
                       &p, source->error);
  if (res == NULL)
    return FALSE;
  *found = PQntuples (res) > 0;
  if (*found)
    {
      place_from_row (place, res, 0);
      khoji_entity_type_from_string (PQgetvalue (res, 0, 5), type);
      *hidden = pg_get_int (res, 0, 6) != 0;
    }
  return TRUE;
}

/* Opens the snapshot and readies the source; FALSE with ERROR set. */
static gboolean
net_begin (Net           *net,
           KhojiPgStore  *self,
           GError       **error)
{
  g_autoptr(PGresult) res = NULL;

  ASSERT_OWNER (self);
  memset (net, 0, sizeof *net);
  net->store = self;
  net->parent.error = error;
  net->parent.articles = net_articles;
  net->parent.node = net_node;
  net->parent.entity_counts = net_entity_counts;
  net->parent.article_entities = net_article_entities;
  net->parent.sentence_mentions = net_sentence_mentions;
  net->parent.all_places = net_all_places;
  net->parent.entity_place = net_entity_place;
  if (!_khoji_pg_ensure (self, error) ||
      !_khoji_pg_exec (self, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", error))
    return FALSE;
  res = _khoji_pg_run (self, "SELECT COALESCE(max(id), 0) FROM article", NULL, error);
  if (res == NULL)
    {
      _khoji_pg_end (self, FALSE, NULL);
      return FALSE;
    }
  net->parent.n_words = (guint) (MAX (pg_get_int (res, 0, 0), 0) / 64 + 1);
  return TRUE;
}

static KhojiNetwork *
store_network (KhojiPgStore  *self,
               const gint64  *ids,
               guint          n_ids,
               guint          limit,
               gboolean       among,
               KhojiNetworkWeight weight,
               GError       **error)
{
  g_autoptr(KhojiNetwork) network = khoji_network_new ();
  gint64 started = g_get_monotonic_time ();
  gboolean ok;
  Net net;

  if (!net_begin (&net, self, error))
    return NULL;
  ok = _khoji_store_graph_compute (&net.parent, ids, n_ids, limit, among, weight, network);
  /* Read only: ending it either way changes nothing. */
  _khoji_pg_end (self, FALSE, NULL);
  if (!ok)
    return NULL;
  network->worker_ms = (g_get_monotonic_time () - started) / 1000.0;
  return g_steal_pointer (&network);
}

KhojiNetwork *
khoji_pg_store_network (KhojiStore    *store,
                        const gint64  *ids,
                        guint          n_ids,
                        guint          limit,
                        GError       **error)
{
  return store_network ((KhojiPgStore *) store, ids, n_ids, limit, FALSE, KHOJI_NETWORK_BY_ARTICLES, error);
}

KhojiNetwork *
khoji_pg_store_network_among (KhojiStore    *store,
                              const gint64  *ids,
                              guint          n_ids,
                              GError       **error)
{
  return store_network ((KhojiPgStore *) store, ids, n_ids, KHOJI_NETWORK_MAX_NODES, TRUE, KHOJI_NETWORK_BY_ARTICLES, error);
}

GArray *
khoji_pg_store_shared_articles (KhojiStore  *store,
                                gint64       a,
                                gint64       b,
                                GError     **error)
{
  KhojiPgStore *self = (KhojiPgStore *) store;
  GArray *out;
  Net net;

  if (!net_begin (&net, self, error))
    return NULL;
  out = _khoji_store_graph_shared_articles (&net.parent, a, b);
  _khoji_pg_end (self, FALSE, NULL);
  return out;
}

KhojiPlaces *
khoji_pg_store_places (KhojiStore    *store,
                       const gint64  *ids,
                       guint          n_ids,
                       GError       **error)
{
  KhojiPgStore *self = (KhojiPgStore *) store;
  g_autoptr(KhojiPlaces) places = khoji_places_new ();
  gint64 started = g_get_monotonic_time ();
  gboolean ok;
  Net net;

  g_return_val_if_fail (n_ids == 0 || ids != NULL, NULL);
  if (!net_begin (&net, self, error))
    return NULL;
  ok = _khoji_store_graph_places (&net.parent, ids, n_ids, places);
  _khoji_pg_end (self, FALSE, NULL);
  if (!ok)
    return NULL;
  places->worker_ms = (g_get_monotonic_time () - started) / 1000.0;
  return g_steal_pointer (&places);
}

KhojiNetwork *
khoji_pg_store_network_weighted (KhojiStore          *store,
                                 const gint64        *ids,
                                 guint                n_ids,
                                 guint                limit,
                                 gboolean             among,
                                 KhojiNetworkWeight   weight,
                                 GError             **error)
{
  return store_network ((KhojiPgStore *) store, ids, n_ids, among ? KHOJI_NETWORK_MAX_NODES : limit,
                        among, weight, error);
}
