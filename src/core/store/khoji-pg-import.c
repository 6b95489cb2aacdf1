/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-store"

#include "config.h"

#include <string.h>

#include "khoji-pg-private.h"

/* An imported article's inserts: its row, entities, mentions and dates,
 * with the same resolution as khoji-sqlite-import.c (which says why each
 * rule is there). Each round trip to the server costs what a whole
 * SQLite statement did, so an article's mentions, spellings, counts and
 * dates go in one statement each, as arrays. */

/* How many times an article's transaction is run again when it lost a
 * race with another importer's (a deadlock on entity rows both create). */
#define MAX_ATTEMPTS 8

/* ---- Content hashes ---- */

gint64
khoji_pg_store_find_article_by_hash (KhojiStore  *store,
                                     const char  *hash,
                                     GError     **error)
{
  KhojiPgStore *self = (KhojiPgStore *) store;
  g_autoptr(PGresult) res = NULL;
  PgParams p = { 0 };

  ASSERT_OWNER (self);
  if (!_khoji_pg_ensure (self, error))
    return -1;
  pg_text (&p, hash);
  res = _khoji_pg_run (self, "SELECT article_id FROM article_hash WHERE hash = $1", &p, error);
  if (res == NULL)
    return -1;
  return PQntuples (res) > 0 ? pg_get_int (res, 0, 0) : 0;
}

GHashTable *
khoji_pg_store_list_hashes (KhojiStore  *store,
                            GError     **error)
{
  KhojiPgStore *self = (KhojiPgStore *) store;
  GHashTable *out;
  g_autoptr(PGresult) res = NULL;

  ASSERT_OWNER (self);
  if (!_khoji_pg_ensure (self, error))
    return NULL;
  res = _khoji_pg_run (self, "SELECT hash FROM article_hash", NULL, error);
  if (res == NULL)
    return NULL;
  out = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (int i = 0; i < PQntuples (res); i++)
    g_hash_table_add (out, g_strdup (PQgetvalue (res, i, 0)));
  return out;
}

/* ---- The search vector ---- */

/* tsvector's limit on a lexeme, in bytes. */
#define MAX_LEXEME 2046

static void
add_vector_tokens (GHashTable        *positions,
                   GPtrArray         *order,
                   const KhojiTokens *tokens,
                   guint             *pos,
                   const char        *weight)
{
  for (guint i = 0; i < tokens->tokens->len; i++)
    {
      const KhojiToken *t = &g_array_index (tokens->tokens, KhojiToken, i);
      g_autofree char *key = NULL;
      GString *list;

      if (t->key_len == 0)
        continue;
      /* Positions as FTS5 counts them: the words with a key, so that a
       * phrase is the same words in a row on both backends. PostgreSQL
       * keeps positions up to 16,383 (then all the same). */
      ++*pos;
      if (t->key_len > MAX_LEXEME)
        continue;
      key = g_strndup (tokens->keys->str + t->key, t->key_len);
      list = g_hash_table_lookup (positions, key);
      if (list == NULL)
        {
          list = g_string_new (NULL);
          g_ptr_array_add (order, g_strdup (key));
          g_hash_table_insert (positions, g_steal_pointer (&key), list);
        }
      /* PostgreSQL keeps 256 positions of a lexeme: more only cost bytes. */
      else if (list->len > 256 * 6)
        continue;
      g_string_append_printf (list, "%s%u%s", list->len ? "," : "", MIN (*pos, 16383), weight);
    }
}

static void
free_positions (gpointer list)
{
  g_string_free (list, TRUE);
}

char *
_khoji_pg_search_vector (const char        *title,
                         const char        *text,
                         const KhojiTokens *tokens)
{
  g_autoptr(GHashTable) positions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                           free_positions);
  g_autoptr(GPtrArray) order = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(KhojiTokens) title_tokens = khoji_text_tokens (title ? title : "", title ? strlen (title) : 0);
  g_autoptr(KhojiTokens) made = NULL;
  GString *out = g_string_new (NULL);
  guint pos = 0;

  if (tokens == NULL || tokens->text_len != strlen (text))
    tokens = made = khoji_text_tokens (text, strlen (text));
  add_vector_tokens (positions, order, title_tokens, &pos, "A");
  /* A gap: a phrase never runs from the title into the text, as it
   * never runs from one FTS5 column into another. */
  pos++;
  add_vector_tokens (positions, order, tokens, &pos, "");
  for (guint i = 0; i < order->len; i++)
    {
      const char *key = g_ptr_array_index (order, i);
      GString *list = g_hash_table_lookup (positions, key);

      if (out->len)
        g_string_append_c (out, ' ');
      g_string_append_c (out, '\'');
      for (const char *c = key; *c; c++)
        {
          if (*c == '\'' || *c == '\\')
            g_string_append_c (out, *c);
          g_string_append_c (out, *c);
        }
      g_string_append_printf (out, "':%s", list->str);
    }
  return g_string_free (out, FALSE);
}

/* ---- Entities ---- */

typedef struct {
  gint64 base_id;
  gint64 entity_id;
} Resolved;

typedef struct {
  gint64   id;
  gint64   entity_id;
  char    *name;
  gboolean locked_name;
} KnownEntity;

static void
known_entity_free (KnownEntity *e)
{
  g_free (e->name);
  g_free (e);
}

#define FETCH_ENTITIES_SQL \
  "SELECT key, id, COALESCE(merged_into, id), name, locked_name FROM entity WHERE key = ANY ($1::text[])"

/* The keys of an article's mentions, once each, in their order, as an
 * array literal. */
static char *
mention_keys (GPtrArray *mentions,
              gsize      len)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GString *array = g_string_new ("{");

  for (guint i = 0; mentions && i < mentions->len; i++)
    {
      KhojiMention *m = g_ptr_array_index (mentions, i);

      if (m->end > len || m->start >= m->end || m->key == NULL || g_hash_table_contains (seen, m->key))
        continue;
      g_hash_table_add (seen, m->key);
      _khoji_pg_array_append (array, m->key, -1);
    }
  g_string_append_c (array, '}');
  return g_string_free (array, FALSE);
}

/* The rows of the article's keys that exist, from FETCH_ENTITIES_SQL. */
static GHashTable *
known_entities (PGresult *res)
{
  GHashTable *out = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) known_entity_free);

  for (int i = 0; i < PQntuples (res); i++)
    {
      KnownEntity *e = g_new0 (KnownEntity, 1);

      e->id = pg_get_int (res, i, 1);
      e->entity_id = pg_get_int (res, i, 2);
      e->name = g_strdup (PQgetvalue (res, i, 3));
      e->locked_name = pg_get_int (res, i, 4) != 0;
      g_hash_table_insert (out, g_strdup (PQgetvalue (res, i, 0)), e);
    }
  return out;
}

static GHashTable *
fetch_entities (KhojiPgStore  *self,
                GPtrArray     *mentions,
                gsize          len,
                GError       **error)
{
  g_autofree char *keys = mention_keys (mentions, len);
  g_autoptr(PGresult) res = NULL;
  PgParams p = { 0 };

  pg_text (&p, keys);
  res = _khoji_pg_run_once (self, FETCH_ENTITIES_SQL, &p, error);
  return res ? known_entities (res) : NULL;
}

static char *
last_word_key (const char *fold)
{
  const char *sp = strrchr (fold, ' ');
  return g_strdup (sp ? sp + 1 : fold);
}

typedef struct {
  GString *base_ids;
  GString *forms;
  GString *folds;
  GString *last_words;
  GString *n_words;
  guint    n;
} PendingAliases;

static void
pending_aliases_init (PendingAliases *a)
{
  a->base_ids = g_string_new ("{");
  a->forms = g_string_new ("{");
  a->folds = g_string_new ("{");
  a->last_words = g_string_new ("{");
  a->n_words = g_string_new ("{");
  a->n = 0;
}

static void
pending_aliases_clear (PendingAliases *a)
{
  g_string_free (a->base_ids, TRUE);
  g_string_free (a->forms, TRUE);
  g_string_free (a->folds, TRUE);
  g_string_free (a->last_words, TRUE);
  g_string_free (a->n_words, TRUE);
}

static void
pending_aliases_add (PendingAliases *a,
                     gint64          base_id,
                     const char     *form)
{
  g_autofree char *fold = khoji_text_fold (form, -1);
  g_autofree char *last = last_word_key (fold);
  int n_words = 1;

  for (const char *p = fold; *p; p++)
    if (*p == ' ')
      n_words++;
  g_string_append_printf (a->base_ids, "%s%" G_GINT64_FORMAT, a->n ? "," : "", base_id);
  g_string_append_printf (a->n_words, "%s%d", a->n ? "," : "", n_words);
  _khoji_pg_array_append (a->forms, form, -1);
  _khoji_pg_array_append (a->folds, fold, -1);
  _khoji_pg_array_append (a->last_words, last, -1);
  a->n++;
}

#define ALIAS_INSERT_SQL \
  "INSERT INTO alias (base_id, form, fold, last_word, n_words)" \
  " SELECT * FROM unnest ($1::bigint[], $2::text[], $3::text[], $4::text[], $5::integer[])" \
  " ON CONFLICT DO NOTHING"

/* The spellings gathered so far go in, before anything reads the alias
 * table, and the arrays start again. */
static gboolean
pending_aliases_flush (KhojiPgStore    *self,
                       PendingAliases  *a,
                       GError         **error)
{
  g_autoptr(PGresult) res = NULL;
  PgParams p = { 0 };

  if (a->n == 0)
    return TRUE;
  g_string_append_c (a->base_ids, '}');
  g_string_append_c (a->forms, '}');
  g_string_append_c (a->folds, '}');
  g_string_append_c (a->last_words, '}');
  g_string_append_c (a->n_words, '}');
  pg_text (&p, a->base_ids->str);
  pg_text (&p, a->forms->str);
  pg_text (&p, a->folds->str);
  pg_text (&p, a->last_words->str);
  pg_text (&p, a->n_words->str);
  res = _khoji_pg_run (self, ALIAS_INSERT_SQL, &p, error);
  pending_aliases_clear (a);
  pending_aliases_init (a);
  return res != NULL;
}

/* The spellings gathered go with the article's other writes. */
static void
pending_aliases_queue (PendingAliases *a,
                       PgBatch        *batch)
{
  PgParams p = { 0 };

  if (a->n == 0)
    return;
  g_string_append_c (a->base_ids, '}');
  g_string_append_c (a->forms, '}');
  g_string_append_c (a->folds, '}');
  g_string_append_c (a->last_words, '}');
  g_string_append_c (a->n_words, '}');
  pg_text (&p, a->base_ids->str);
  pg_text (&p, a->forms->str);
  pg_text (&p, a->folds->str);
  pg_text (&p, a->last_words->str);
  pg_text (&p, a->n_words->str);
  _khoji_pg_batch_add (batch, ALIAS_INSERT_SQL, &p);
  pending_aliases_clear (a);
  pending_aliases_init (a);
}

/* A one-word person name that the extractor could not tie to a full name
 * in its own article is the person already in the library whose full
 * name ends with that word, when there is exactly one. */
static gboolean
entity_from_surname (KhojiPgStore  *self,
                     const char    *fold,
                     Resolved      *out,
                     GError       **error)
{
  g_autoptr(PGresult) res = NULL;
  PgParams p = { 0 };
  gint64 found_base = 0, found_entity = 0;

  if (strchr (fold, ' ') != NULL)
    return TRUE;
  pg_text (&p, fold);
  res = _khoji_pg_run (self,
    "SELECT DISTINCT e.id, COALESCE(e.merged_into, e.id) FROM alias a"
    " JOIN entity e ON e.id = a.base_id"
    " WHERE a.last_word = $1 AND a.n_words > 1 AND e.type = 'person'", &p, error);
  if (res == NULL)
    return FALSE;
  for (int i = 0; i < PQntuples (res); i++)
    {
      gint64 ent = pg_get_int (res, i, 1);

      if (found_entity != 0 && found_entity != ent)
        return TRUE;
      found_entity = ent;
      found_base = pg_get_int (res, i, 0);
    }
  if (found_entity != 0)
    {
      out->base_id = found_base;
      out->entity_id = found_entity;
    }
  return TRUE;
}

gboolean
_khoji_pg_replay_attribute_corrections (KhojiPgStore  *self,
                                        gint64         entity_id,
                                        const char    *key,
                                        GError       **error)
{
  g_autoptr(PGresult) res = NULL;
  PgParams p = { 0 };

  pg_text (&p, key);
  res = _khoji_pg_run (self,
    "SELECT kind, value FROM correction WHERE entity_key = $1 AND kind IN ('rename','type','hide') ORDER BY id",
    &p, error);
  if (res == NULL)
    return FALSE;
  for (int i = 0; i < PQntuples (res); i++)
    {
      const char *kind = PQgetvalue (res, i, 0);
      const char *sql;
      PgParams u = { 0 };
      g_autoptr(PGresult) done = NULL;

      if (g_str_equal (kind, "rename"))
        sql = "UPDATE entity SET name = $1, locked_name = 1 WHERE id = $2";
      else if (g_str_equal (kind, "type"))
        sql = "UPDATE entity SET type = $1, locked_type = 1 WHERE id = $2";
      else
        sql = "UPDATE entity SET hidden = CAST($1 AS integer) WHERE id = $2";
      pg_text (&u, pg_get_text (res, i, 1));
      pg_int (&u, entity_id);
      done = _khoji_pg_run (self, sql, &u, error);
      if (done == NULL)
        return FALSE;
    }
  return TRUE;
}

/* A key with no row: the surname rule, or a new row, which takes the
 * corrections recorded for its key (a merge made on an older library,
 * and renames, types, hiding). CORRECTED: the article's keys that have
 * corrections, read under the lock that corrections take whole, or
 * NULL to look for each new row's. */
static gboolean
resolve_new (KhojiPgStore        *self,
             const KhojiMention  *m,
             const char          *surface,
             GHashTable          *corrected,
             PendingAliases      *aliases,
             Resolved            *out,
             GError             **error)
{
  g_autofree char *fold = khoji_text_fold (surface, -1);
  g_autoptr(PGresult) ins = NULL;
  g_autoptr(PGresult) merge = NULL;
  PgParams p = { 0 };

  out->base_id = out->entity_id = 0;
  if (m->type == KHOJI_ENTITY_PERSON && strchr (fold, ' ') == NULL)
    {
      if (!pending_aliases_flush (self, aliases, error) ||
          !entity_from_surname (self, fold, out, error))
        return FALSE;
      if (out->entity_id != 0)
        return TRUE;
    }

  pg_text (&p, m->key);
  pg_text (&p, m->name ? m->name : surface);
  pg_text (&p, m->latin ? m->latin : "");
  pg_text (&p, khoji_entity_type_to_string (m->type));
  /* Another importer may be creating the same key: the insert then waits
   * for it, and takes its row. */
  ins = _khoji_pg_run (self,
    "WITH made AS (INSERT INTO entity (key, name, latin, type) VALUES ($1, $2, $3, $4)"
    "  ON CONFLICT (key) DO NOTHING RETURNING id, id AS entity_id, TRUE AS new)"
    " SELECT * FROM made"
    " UNION ALL SELECT id, COALESCE(merged_into, id), FALSE FROM entity WHERE key = $1 AND NOT EXISTS (SELECT 1 FROM made)",
    &p, error);
  if (ins == NULL)
    return FALSE;
  if (PQntuples (ins) != 1)
    {
      g_set_error (error, KHOJI_STORE_ERROR, KHOJI_STORE_ERROR_BUSY, "The entity %s was being made elsewhere", m->key);
      return FALSE;
    }
  out->base_id = pg_get_int (ins, 0, 0);
  out->entity_id = pg_get_int (ins, 0, 1);
  if (!g_str_equal (PQgetvalue (ins, 0, 2), "t"))
    return TRUE;
  if (corrected != NULL && !g_hash_table_contains (corrected, m->key))
    return TRUE;

  {
    PgParams q = { 0 };

    pg_text (&q, m->key);
    merge = _khoji_pg_run (self,
      "SELECT t.id FROM correction c JOIN entity t ON t.key = c.target_key"
      " WHERE c.kind = 'merge' AND c.entity_key = $1 ORDER BY c.id DESC LIMIT 1", &q, error);
    if (merge == NULL)
      return FALSE;
  }
  if (PQntuples (merge) > 0)
    {
      PgParams u = { 0 };
      g_autoptr(PGresult) done = NULL;

      pg_int (&u, pg_get_int (merge, 0, 0));
      pg_int (&u, out->base_id);
      done = _khoji_pg_run (self,
        "UPDATE entity SET merged_into = (SELECT COALESCE(merged_into, id) FROM entity WHERE id = $1) WHERE id = $2"
        " RETURNING COALESCE(merged_into, id)", &u, error);
      if (done == NULL)
        return FALSE;
      if (PQntuples (done) > 0)
        out->entity_id = pg_get_int (done, 0, 0);
    }
  return _khoji_pg_replay_attribute_corrections (self, out->base_id, m->key, error);
}

/* The entity row of a key not yet met in this article: the known row
 * (renamed to a fuller name, unless the user chose the name), or a new
 * one. */
static gboolean
resolve_key (KhojiPgStore        *self,
             const KhojiMention  *m,
             const char          *surface,
             GHashTable          *known,
             GHashTable          *corrected,
             PendingAliases      *aliases,
             PgBatch             *batch,
             Resolved            *r,
             GError             **error)
{
  KnownEntity *e = g_hash_table_lookup (known, m->key);

  if (e == NULL)
    return resolve_new (self, m, surface, corrected, aliases, r, error);
  r->base_id = e->id;
  r->entity_id = e->entity_id;
  if (m->name && !e->locked_name && strlen (m->name) > strlen (e->name) && strstr (m->name, e->name) != NULL)
    {
      PgParams p = { 0 };

      pg_text (&p, m->name);
      pg_int (&p, e->id);
      _khoji_pg_batch_add (batch, "UPDATE entity SET name = $1 WHERE id = $2", &p);
    }
  return TRUE;
}

typedef struct {
  GString *entity_ids;
  GString *base_ids;
  GString *starts;
  GString *ends;
  GString *texts;
  GString *sentences;
  guint    n;
} MentionRows;

/* Queues ROWS, the article's mentions, as one INSERT in BATCH. */
static void
queue_mention_rows (gint64       article_id,
                    MentionRows *rows,
                    PgBatch     *batch)
{
  if (rows->n > 0)
    {
      PgParams p = { 0 };

      g_string_append_c (rows->entity_ids, '}');
      g_string_append_c (rows->base_ids, '}');
      g_string_append_c (rows->starts, '}');
      g_string_append_c (rows->ends, '}');
      g_string_append_c (rows->texts, '}');
      g_string_append_c (rows->sentences, '}');
      pg_int (&p, article_id);
      pg_text (&p, rows->entity_ids->str);
      pg_text (&p, rows->base_ids->str);
      pg_text (&p, rows->starts->str);
      pg_text (&p, rows->ends->str);
      pg_text (&p, rows->texts->str);
      pg_text (&p, rows->sentences->str);
      _khoji_pg_batch_add (batch,
        "INSERT INTO mention (article_id, entity_id, base_id, start, \"end\", text, sentence)"
        " SELECT $1, * FROM unnest ($2::bigint[], $3::bigint[], $4::integer[], $5::integer[], $6::text[], $7::integer[])",
        &p);
    }
}

/* Queues the mentions each entity got (ENTITY_IDS, COUNTS) in the count
 * log, and the article row's entity count (see insert_mentions). */
static void
queue_counts (gint64   article_id,
              GArray  *entity_ids,
              GArray  *counts,
              PgBatch *batch,
              guint   *n_entities)
{
  if (entity_ids->len > 0)
    {
      g_autoptr(GString) ids = g_string_new ("{");
      g_autoptr(GString) ns = g_string_new ("{");
      PgParams p = { 0 };

      for (guint i = 0; i < entity_ids->len; i++)
        {
          g_string_append_printf (ids, "%s%" G_GINT64_FORMAT, i ? "," : "", g_array_index (entity_ids, gint64, i));
          g_string_append_printf (ns, "%s%u", i ? "," : "", g_array_index (counts, guint, i));
        }
      g_string_append_c (ids, '}');
      g_string_append_c (ns, '}');
      pg_text (&p, ids->str);
      pg_text (&p, ns->str);
      /* The counts go to the log, appended: no importer waits for another
       * on a popular entity's row (khoji_store_fold_counts adds them). */
      if (n_entities)
        {
          *n_entities = entity_ids->len;
          _khoji_pg_batch_add (batch,
            "INSERT INTO entity_count_log (entity_id, n_articles, n_mentions)"
            " SELECT e, 1, n FROM unnest ($1::bigint[], $2::integer[]) AS u (e, n)", &p);
        }
      else
        {
          pg_int (&p, article_id);
          pg_int (&p, entity_ids->len);
          _khoji_pg_batch_add (batch,
            "WITH logged AS (INSERT INTO entity_count_log (entity_id, n_articles, n_mentions)"
            "  SELECT e, 1, n FROM unnest ($1::bigint[], $2::integer[]) AS u (e, n))"
            " UPDATE article SET entity_count = $4 WHERE id = $3", &p);
        }
    }
}

/* An article's mentions, with what follows from them: the entities they
 * resolve to (new rows for new keys: made now), their spellings, the
 * counts they add and the article's entity count (queued in BATCH).
 * KNOWN: the rows of the article's keys, or NULL to read them here;
 * CORRECTED: those of its keys that have corrections (resolve_new).
 * N_ENTITIES: NULL to queue the article row's entity count too, else
 * where to put it, for a row not yet written (an update of the row just
 * written is a new version of it, and one in five went to another page:
 * its search vector then went into the GIN index a second time). */
static gboolean
insert_mentions (KhojiPgStore  *self,
                 gint64         article_id,
                 const char    *text,
                 gsize          len,
                 const guint   *cp,
                 GArray        *sentences,
                 GPtrArray     *mentions,
                 GHashTable    *known_rows,
                 GHashTable    *corrected,
                 PgBatch       *batch,
                 guint         *n_entities,
                 GError       **error)
{
  g_autoptr(GHashTable) resolved = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GHashTable) forms = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) per_entity = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GArray) entity_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) counts = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GHashTable) fetched = NULL;
  GHashTable *known = known_rows;
  g_autoptr(GArray) starts = NULL;
  PendingAliases aliases;
  MentionRows rows = { g_string_new ("{"), g_string_new ("{"), g_string_new ("{"), g_string_new ("{"),
                       g_string_new ("{"), g_string_new ("{"), 0 };
  gboolean ok = FALSE;

  pending_aliases_init (&aliases);
  if (n_entities)
    *n_entities = 0;
  if (mentions == NULL || mentions->len == 0)
    {
      ok = TRUE;
      goto out;
    }
  if (known == NULL && (known = fetched = fetch_entities (self, mentions, len, error)) == NULL)
    goto out;
  starts = _khoji_store_sentence_starts (text, len, cp, sentences);

  for (guint i = 0; i < mentions->len; i++)
    {
      KhojiMention *m = g_ptr_array_index (mentions, i);
      g_autofree char *surface = NULL;
      g_autofree char *form_key = NULL;
      Resolved r, *have;
      gpointer idx;

      if (m->end > len || m->start >= m->end || m->key == NULL)
        continue;
      surface = g_strndup (text + m->start, m->end - m->start);
      have = g_hash_table_lookup (resolved, m->key);
      if (have)
        r = *have;
      else
        {
          if (!resolve_key (self, m, surface, known, corrected, &aliases, batch, &r, error))
            goto out;
          g_hash_table_insert (resolved, m->key, g_memdup2 (&r, sizeof r));
        }

      form_key = g_strdup_printf ("%" G_GINT64_FORMAT ":%s", r.base_id, surface);
      if (!g_hash_table_contains (forms, form_key))
        {
          if (!g_hash_table_contains (self->known_aliases, form_key))
            {
              pending_aliases_add (&aliases, r.base_id, surface);
              g_ptr_array_add (self->pending_aliases, g_strdup (form_key));
            }
          g_hash_table_add (forms, g_steal_pointer (&form_key));
        }

      g_string_append_printf (rows.entity_ids, "%s%" G_GINT64_FORMAT, rows.n ? "," : "", r.entity_id);
      g_string_append_printf (rows.base_ids, "%s%" G_GINT64_FORMAT, rows.n ? "," : "", r.base_id);
      g_string_append_printf (rows.starts, "%s%u", rows.n ? "," : "", cp[m->start]);
      g_string_append_printf (rows.ends, "%s%u", rows.n ? "," : "", cp[m->end]);
      g_string_append_printf (rows.sentences, "%s%u", rows.n ? "," : "",
                              _khoji_store_sentence_of (starts, cp[m->start]));
      _khoji_pg_array_append (rows.texts, surface, -1);
      rows.n++;

      if (g_hash_table_lookup_extended (per_entity, &r.entity_id, NULL, &idx))
        g_array_index (counts, guint, GPOINTER_TO_UINT (idx))++;
      else
        {
          guint one = 1;
          g_array_append_val (entity_ids, r.entity_id);
          g_array_append_val (counts, one);
          g_hash_table_insert (per_entity, g_memdup2 (&r.entity_id, sizeof r.entity_id),
                               GUINT_TO_POINTER (entity_ids->len - 1));
        }
    }
  pending_aliases_queue (&aliases, batch);

  queue_mention_rows (article_id, &rows, batch);
  queue_counts (article_id, entity_ids, counts, batch, n_entities);
  ok = TRUE;

out:
  pending_aliases_clear (&aliases);
  g_string_free (rows.entity_ids, TRUE);
  g_string_free (rows.base_ids, TRUE);
  g_string_free (rows.starts, TRUE);
  g_string_free (rows.ends, TRUE);
  g_string_free (rows.texts, TRUE);
  g_string_free (rows.sentences, TRUE);
  return ok;
}

/* Queues the article's dates in BATCH. */
static void
insert_dates (gint64         article_id,
              const char    *text,
              gsize          len,
              const guint   *cp,
              GPtrArray     *dates,
              PgBatch       *batch)
{
  GString *cols[11];
  PgParams p = { 0 };
  guint n = 0;

  if (dates == NULL || dates->len == 0)
    return;
  for (guint c = 0; c < G_N_ELEMENTS (cols); c++)
    cols[c] = g_string_new ("{");
  for (guint i = 0; i < dates->len; i++)
    {
      KhojiDateMention *d = g_ptr_array_index (dates, i);
      gsize ss = MIN (d->sentence_start, len), se = MIN (MAX (d->sentence_end, ss), len);
      guint32 first, last;
      KhojiPrecision value_precision;
      gboolean days;
      const char *sep;

      if (d->end > len || d->start >= d->end)
        continue;
      days = _khoji_value_to_days (d->value, &first, &last, &value_precision);
      sep = n ? "," : "";
      g_string_append_printf (cols[0], "%s%u", sep, cp[d->start]);
      g_string_append_printf (cols[1], "%s%u", sep, cp[d->end]);
      _khoji_pg_array_append (cols[2], text + d->start, d->end - d->start);
      _khoji_pg_array_append (cols[3], d->value, -1);
      g_string_append_printf (cols[4], "%s%d", sep, d->precision);
      g_string_append_printf (cols[5], "%s%d", sep, d->relative);
      _khoji_pg_array_append (cols[6], text + ss, se - ss);
      g_string_append_printf (cols[7], "%s%u", sep, cp[ss]);
      if (days)
        {
          g_string_append_printf (cols[8], "%s%u", sep, first);
          g_string_append_printf (cols[9], "%s%u", sep, last);
        }
      else
        {
          g_string_append_printf (cols[8], "%sNULL", sep);
          g_string_append_printf (cols[9], "%sNULL", sep);
        }
      g_string_append_printf (cols[10], "%s%d", sep, d->value != NULL && strchr (d->value, '/') != NULL);
      n++;
    }
  pg_int (&p, article_id);
  for (guint c = 0; c < G_N_ELEMENTS (cols); c++)
    {
      g_string_append_c (cols[c], '}');
      pg_text (&p, cols[c]->str);
    }
  if (n > 0)
    _khoji_pg_batch_add (batch,
      "WITH d AS (INSERT INTO date_mention (article_id, start, \"end\", text, value, precision, relative, sentence,"
      "  sentence_start, first_day, last_day, is_interval)"
      "  SELECT $1, * FROM unnest ($2::integer[], $3::integer[], $4::text[], $5::text[], $6::integer[],"
      "  $7::integer[], $8::text[], $9::integer[], $10::bigint[], $11::bigint[], $12::integer[])"
      "  RETURNING article_id, id, first_day, last_day, is_interval, precision, relative)"
      " INSERT INTO date_ref SELECT * FROM d WHERE first_day IS NOT NULL", &p);
  for (guint c = 0; c < G_N_ELEMENTS (cols); c++)
    g_string_free (cols[c], TRUE);
}

/* ---- An article ---- */

/* The whole transaction, in two round trips and those of new entities:
 * BEGIN, the lock, the hash claimed, the article's known entities and
 * its keys' corrections at once; then every write and COMMIT at once. *ID is 0 when the hash was
 * already there: a duplicate, which another importer may have just
 * committed. FALSE with ERROR when anything failed: the caller rolls
 * back. */
static gboolean
add_article_transaction (KhojiPgStore             *self,
                         const KhojiStoreArticle  *a,
                         gint64                   *out_id,
                         GError                  **error)
{
  gsize len = strlen (a->text);
  g_autofree guint *cp = _khoji_store_code_point_map (a->text, len);
  g_autofree char *vector = NULL;
  g_autofree char *keys = mention_keys (a->mentions, len);
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) written = NULL;
  g_autoptr(GHashTable) known = NULL;
  g_autoptr(GHashTable) corrected = NULL;
  PgBatch batch, rows;
  gint64 article_id;
  guint n_entities;
  gboolean ok = FALSE;

  *out_id = 0;
  _khoji_pg_batch_init (&batch);
  _khoji_pg_batch_init (&rows);
  {
    PgParams claim = { 0 }, fetch = { 0 };

    pg_text (&claim, a->hash);
    pg_text (&fetch, keys);
    _khoji_pg_batch_add (&batch, "BEGIN", NULL);
    /* Imports share the corrections lock: a merge waits for the articles
     * being saved, and they see it whole or not at all. */
    _khoji_pg_batch_add (&batch, "SELECT pg_advisory_xact_lock_shared(" PG_LOCK_CORRECTIONS ")", NULL);
    _khoji_pg_batch_add (&batch,
      "INSERT INTO article_hash (hash, article_id) VALUES ($1, nextval (pg_get_serial_sequence ('article', 'id')))"
      " ON CONFLICT DO NOTHING RETURNING article_id", &claim);
    /* Planned for its keys each time: a plan kept from when the table
     * was small reads every entity row for each article. */
    _khoji_pg_batch_add_once (&batch, FETCH_ENTITIES_SQL, &fetch);
    /* Which of them have corrections: a new row of a key with none (most
     * of them) needs no look for them, two round trips fewer. */
    _khoji_pg_batch_add_once (&batch, "SELECT DISTINCT entity_key FROM correction WHERE entity_key = ANY ($1::text[])",
                              &fetch);
  }
  first = _khoji_pg_batch_run (self, &batch, error);
  if (first == NULL)
    goto out;
  if (PQntuples (g_ptr_array_index (first, 2)) == 0)
    {
      /* Nothing was written: the caller ends the transaction. */
      ok = FALSE;
      *out_id = 0;
      g_set_error (error, KHOJI_STORE_ERROR, KHOJI_STORE_ERROR_FAILED, "The article is already in the archive");
      goto out;
    }
  article_id = pg_get_int (g_ptr_array_index (first, 2), 0, 0);
  known = known_entities (g_ptr_array_index (first, 3));

  /* New entities are made now, in the transaction; the rest is queued
   * after the article's row, which carries the count of its entities. */
  corrected = g_hash_table_new (g_str_hash, g_str_equal);
  for (int i = 0; i < PQntuples (g_ptr_array_index (first, 4)); i++)
    g_hash_table_add (corrected, PQgetvalue (g_ptr_array_index (first, 4), i, 0));
  if (!insert_mentions (self, article_id, a->text, len, cp, a->sentences, a->mentions, known, corrected, &rows,
                        &n_entities, error))
    goto out;
  vector = _khoji_pg_search_vector (a->title, a->text, a->tokens);
  {
    PgParams p = { 0 };

    pg_int (&p, article_id);
    pg_text (&p, a->path);
    pg_text (&p, a->hash);
    pg_text (&p, a->title ? a->title : "");
    pg_text (&p, a->source);
    pg_text (&p, a->published);
    pg_text (&p, a->published ? a->published_source : NULL);
    pg_text (&p, a->text);
    pg_text (&p, vector);
    pg_int (&p, n_entities);
    _khoji_pg_batch_add (&batch,
      "INSERT INTO article (id, path, hash, title, source, published, published_source, text, imported, search,"
      " entity_count)"
      " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, floor (extract (epoch FROM now ()))::bigint, $9::tsvector, $10)",
      &p);
  }
  _khoji_pg_batch_append (&batch, &rows);
  insert_dates (article_id, a->text, len, cp, a->dates, &batch);
  _khoji_pg_batch_add (&batch, "COMMIT", NULL);
  written = _khoji_pg_batch_run (self, &batch, error);
  if (written == NULL)
    goto out;
  *out_id = article_id;
  ok = TRUE;

out:
  _khoji_pg_batch_clear (&batch);
  _khoji_pg_batch_clear (&rows);
  return ok;
}

gint64
khoji_pg_store_add_article (KhojiStore               *store,
                            const KhojiStoreArticle  *article,
                            GError                  **error)
{
  KhojiPgStore *self = (KhojiPgStore *) store;

  g_return_val_if_fail (article != NULL && article->text != NULL && article->hash != NULL, 0);
  ASSERT_OWNER (self);

  for (guint attempt = 1; ; attempt++)
    {
      g_autoptr(GError) local = NULL;
      gint64 id = 0;
      gboolean ok;

      g_ptr_array_set_size (self->pending_aliases, 0);
      ok = _khoji_pg_ensure (self, &local) && add_article_transaction (self, article, &id, &local);
      if (!ok)
        _khoji_pg_end (self, FALSE, NULL);
      if (ok && id != 0)
        {
          for (guint i = 0; i < self->pending_aliases->len; i++)
            g_hash_table_add (self->known_aliases, g_steal_pointer (&self->pending_aliases->pdata[i]));
          g_ptr_array_set_size (self->pending_aliases, 0);
          return id;
        }
      g_ptr_array_set_size (self->pending_aliases, 0);
      /* Two importers each made an entity the other's article needs: the
       * server broke the deadlock by failing one; that one runs again. */
      if (_khoji_pg_error_is_retry (local) && attempt < MAX_ATTEMPTS)
        {
          g_usleep (g_random_int_range (1000, 20000) * attempt);
          continue;
        }
      g_propagate_error (error, g_steal_pointer (&local));
      return 0;
    }
}

/* ---- Counts ---- */

/* Inside a transaction: the logged counts move to the entity rows. One
 * statement deletes exactly the log rows it adds, whatever importers
 * append meanwhile; folds wait for each other, so that two never update
 * the same entity rows in different orders. */
gboolean
_khoji_pg_fold_counts (KhojiPgStore  *self,
                       GError       **error)
{
  g_autoptr(PGresult) res = NULL;

  if (!_khoji_pg_exec (self, "SELECT pg_advisory_xact_lock(" PG_LOCK_FOLD ")", error))
    return FALSE;
  res = _khoji_pg_run (self,
    "WITH moved AS (DELETE FROM entity_count_log RETURNING entity_id, n_articles, n_mentions),"
    " c AS (SELECT entity_id, sum(n_articles) AS a, sum(n_mentions) AS m FROM moved GROUP BY entity_id)"
    " UPDATE entity SET n_articles = entity.n_articles + c.a, n_mentions = entity.n_mentions + c.m"
    " FROM c WHERE entity.id = c.entity_id", NULL, error);
  return res != NULL;
}

gboolean
khoji_pg_store_fold_counts (KhojiStore  *store,
                            GError     **error)
{
  KhojiPgStore *self = (KhojiPgStore *) store;

  ASSERT_OWNER (self);
  for (guint attempt = 1; ; attempt++)
    {
      g_autoptr(GError) local = NULL;

      if (_khoji_pg_begin (self, &local) && _khoji_pg_end (self, _khoji_pg_fold_counts (self, &local), &local))
        return TRUE;
      if (!_khoji_pg_error_is_retry (local) || attempt >= MAX_ATTEMPTS)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
    }
}

/* ---- Dates, lexicon, re-analysis ---- */

gboolean
khoji_pg_store_set_published (KhojiStore  *store,
                              gint64       article_id,
                              const char  *text,
                              const char  *published,
                              const char  *published_source,
                              GPtrArray   *dates,
                              GError     **error)
{
  KhojiPgStore *self = (KhojiPgStore *) store;
  gsize len = strlen (text);
  g_autofree guint *cp = _khoji_store_code_point_map (text, len);
  PgParams p = { 0 }, q = { 0 };
  gboolean ok;

  ASSERT_OWNER (self);
  if (!_khoji_pg_begin (self, error))
    return FALSE;
  pg_text (&p, published);
  pg_text (&p, published ? published_source : NULL);
  pg_int (&p, article_id);
  pg_int (&q, article_id);
  {
    PgBatch batch;
    g_autoptr(GPtrArray) done = NULL;

    _khoji_pg_batch_init (&batch);
    _khoji_pg_batch_add (&batch, "UPDATE article SET published = $1, published_source = $2 WHERE id = $3", &p);
    _khoji_pg_batch_add (&batch, "DELETE FROM date_mention WHERE article_id = $1", &q);
    insert_dates (article_id, text, len, cp, dates, &batch);
    done = _khoji_pg_batch_run (self, &batch, error);
    _khoji_pg_batch_clear (&batch);
    ok = done != NULL;
  }
  return _khoji_pg_end (self, ok, error);
}

GPtrArray *
khoji_pg_store_load_lexicon (KhojiStore  *store,
                             GError     **error)
{
  KhojiPgStore *self = (KhojiPgStore *) store;
  g_autoptr(PGresult) res = NULL;
  GPtrArray *out;

  ASSERT_OWNER (self);
  if (!_khoji_pg_ensure (self, error))
    return NULL;
  res = _khoji_pg_run (self,
    "SELECT DISTINCT a.fold, b.key, t.name, t.latin, t.type FROM alias a"
    " JOIN entity b ON b.id = a.base_id"
    " JOIN entity t ON t.id = COALESCE(b.merged_into, b.id)"
    " WHERE b.merged_into IS NOT NULL OR t.locked_type = 1 OR t.locked_name = 1", NULL, error);
  if (res == NULL)
    return NULL;
  out = g_ptr_array_new_with_free_func (NULL);
  for (int i = 0; i < PQntuples (res); i++)
    {
      KhojiLexiconEntry *e = g_new0 (KhojiLexiconEntry, 1);

      e->form_key = g_strdup (PQgetvalue (res, i, 0));
      e->entity_key = g_strdup (PQgetvalue (res, i, 1));
      e->name = g_strdup (PQgetvalue (res, i, 2));
      e->latin = g_strdup (PQgetvalue (res, i, 3));
      khoji_entity_type_from_string (PQgetvalue (res, i, 4), &e->type);
      g_ptr_array_add (out, e);
    }
  return out;
}

static gboolean
replace_in_transaction (KhojiPgStore  *self,
                        GArray        *article_ids,
                        GPtrArray     *mentions,
                        GError       **error)
{
  g_autoptr(GString) ids = g_string_new ("{");
  PgParams p = { 0 };
  static const char *const steps[] = {
    "INSERT INTO entity_count_log (n_mentions, entity_id, n_articles)"
    " SELECT -count(*), entity_id, -count(DISTINCT article_id) FROM mention"
    " WHERE article_id = ANY ($1::bigint[]) GROUP BY entity_id",
    "CREATE TEMP TABLE IF NOT EXISTS dropped_base (id bigint PRIMARY KEY) ON COMMIT DELETE ROWS",
    "INSERT INTO dropped_base SELECT DISTINCT base_id FROM mention WHERE article_id = ANY ($1::bigint[])"
    " ON CONFLICT DO NOTHING",
    "DELETE FROM mention WHERE article_id = ANY ($1::bigint[])",
    /* Of the rows those mentions named, the ones nothing names any more. */
    "DELETE FROM dropped_base WHERE id IN (SELECT base_id FROM mention)"
    " OR id IN (SELECT entity_id FROM mention)"
    " OR id IN (SELECT merged_into FROM entity WHERE merged_into IS NOT NULL)"
    " OR id IN (SELECT e.id FROM entity e JOIN correction c ON c.entity_key = e.key OR c.target_key = e.key)",
  };

  if (!_khoji_pg_exec (self, "SELECT pg_advisory_xact_lock(" PG_LOCK_CORRECTIONS ")", error))
    return FALSE;
  for (guint i = 0; i < article_ids->len; i++)
    g_string_append_printf (ids, "%s%" G_GINT64_FORMAT, i ? "," : "", g_array_index (article_ids, gint64, i));
  g_string_append_c (ids, '}');
  pg_text (&p, ids->str);
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autoptr(PGresult) res = _khoji_pg_run_once (self, steps[i], strstr (steps[i], "$1") ? &p : NULL, error);
      if (res == NULL)
        return FALSE;
    }
  if (!_khoji_pg_fold_counts (self, error) ||
      !_khoji_pg_exec (self, "DELETE FROM alias WHERE base_id IN (SELECT id FROM dropped_base)", error) ||
      !_khoji_pg_exec (self, "DELETE FROM entity_count_log WHERE entity_id IN (SELECT id FROM dropped_base)", error) ||
      !_khoji_pg_exec (self, "DELETE FROM entity WHERE id IN (SELECT id FROM dropped_base)", error))
    return FALSE;
  /* The spellings this connection knows may name rows just deleted. */
  g_hash_table_remove_all (self->known_aliases);

  for (guint i = 0; i < article_ids->len; i++)
    {
      PgParams q = { 0 };
      g_autoptr(PGresult) res = NULL;
      g_autofree guint *cp = NULL;
      const char *text;
      gsize len;

      pg_int (&q, g_array_index (article_ids, gint64, i));
      res = _khoji_pg_run (self, "SELECT text FROM article WHERE id = $1", &q, error);
      if (res == NULL)
        return FALSE;
      if (PQntuples (res) == 0)
        continue;
      text = PQgetvalue (res, 0, 0);
      len = strlen (text);
      cp = _khoji_store_code_point_map (text, len);
      {
        PgBatch batch;
        g_autoptr(GPtrArray) done = NULL;
        gboolean ok;

        _khoji_pg_batch_init (&batch);
        ok = insert_mentions (self, g_array_index (article_ids, gint64, i), text, len, cp, NULL,
                              g_ptr_array_index (mentions, i), NULL, NULL, &batch, NULL, error) &&
             (done = _khoji_pg_batch_run (self, &batch, error)) != NULL;
        _khoji_pg_batch_clear (&batch);
        if (!ok)
          return FALSE;
      }
    }
  return TRUE;
}

/* Articles' mentions made again, in one transaction, as SQLite does
 * (khoji-sqlite-import.c says what goes and what stays). */
gboolean
khoji_pg_store_replace_mentions (KhojiStore  *store,
                                 GArray      *article_ids,
                                 GPtrArray   *mentions,
                                 GError     **error)
{
  KhojiPgStore *self = (KhojiPgStore *) store;
  gboolean ok;

  g_return_val_if_fail (article_ids->len == mentions->len, FALSE);
  ASSERT_OWNER (self);
  if (article_ids->len == 0)
    return TRUE;
  if (!_khoji_pg_begin (self, error))
    return FALSE;
  g_ptr_array_set_size (self->pending_aliases, 0);
  ok = _khoji_pg_end (self, replace_in_transaction (self, article_ids, mentions, error), error);
  if (ok)
    for (guint i = 0; i < self->pending_aliases->len; i++)
      g_hash_table_add (self->known_aliases, g_steal_pointer (&self->pending_aliases->pdata[i]));
  g_ptr_array_set_size (self->pending_aliases, 0);
  return ok;
}

GArray *
khoji_pg_store_articles_imported_since (KhojiStore  *store,
                                        gint64       since,
                                        GError     **error)
{
  KhojiPgStore *self = (KhojiPgStore *) store;
  g_autoptr(PGresult) res = NULL;
  GArray *ids;
  PgParams p = { 0 };

  ASSERT_OWNER (self);
  if (!_khoji_pg_ensure (self, error))
    return NULL;
  pg_int (&p, since);
  res = _khoji_pg_run (self, "SELECT id FROM article WHERE imported >= $1 ORDER BY id", &p, error);
  if (res == NULL)
    return NULL;
  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), PQntuples (res));
  for (int i = 0; i < PQntuples (res); i++)
    {
      gint64 id = pg_get_int (res, i, 0);
      g_array_append_val (ids, id);
    }
  return ids;
}
