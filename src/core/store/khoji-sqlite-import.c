/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-store"

#include "config.h"

#include <string.h>

#include "khoji-sqlite-private.h"

/* An imported article's inserts: its row, entities, mentions and dates. */

/* ---- Import ---- */

gint64
khoji_sqlite_store_find_article_by_hash (KhojiStore  *store,
                                         const char  *hash,
                                         GError     **error)
{
  KhojiSqliteStore *self = (KhojiSqliteStore *) store;
  g_autoptr(KhojiCachedStmt) stmt = NULL;
  gint64 id = 0;

  ASSERT_OWNER (self);
  stmt = cached (self, "SELECT id FROM article WHERE hash = ?", error);
  if (!stmt)
    return -1;
  bind_text (stmt, 1, hash);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  return id;
}

GHashTable *
khoji_sqlite_store_list_hashes (KhojiStore  *store,
                                GError     **error)
{
  KhojiSqliteStore *self = (KhojiSqliteStore *) store;
  g_autoptr(GHashTable) out = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(KhojiCachedStmt) q = NULL;
  int rc;

  ASSERT_OWNER (self);
  /* Read from the unique index on hash alone, not the article rows. */
  q = cached (self, "SELECT hash FROM article", error);
  if (!q)
    return NULL;
  while ((rc = sqlite3_step (q)) == SQLITE_ROW)
    g_hash_table_add (out, g_strdup (col_text (q, 0)));
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, self->db, rc, "Cannot read the library");
      return NULL;
    }
  return g_steal_pointer (&out);
}

typedef struct {
  gint64 base_id;
  gint64 entity_id;
  gboolean rename;
} Resolved;

/* The row of a key; with NAME, whether NAME should replace the row's
 * display name: a fuller one (पुतिन -> व्लादिमीर पुतिन) does, unless the
 * user chose the name. Decided here, from the row just read, so that the
 * import writes the name only when it changes. */
static gboolean
entity_from_key_named (KhojiSqliteStore *self,
                       const char       *key,
                       const char       *name,
                       Resolved         *out)
{
  g_autoptr(KhojiCachedStmt) stmt = cached (self,
    "SELECT id, COALESCE(merged_into, id), name, locked_name FROM entity WHERE key = ?", NULL);

  if (!stmt)
    return FALSE;
  bind_text (stmt, 1, key);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return FALSE;
  out->base_id = sqlite3_column_int64 (stmt, 0);
  out->entity_id = sqlite3_column_int64 (stmt, 1);
  out->rename = FALSE;
  if (name != NULL && sqlite3_column_int (stmt, 3) == 0)
    {
      const char *current = col_text (stmt, 2);
      out->rename = strlen (name) > strlen (current) && strstr (name, current) != NULL;
    }
  return TRUE;
}

static gboolean
entity_from_key (KhojiSqliteStore *self,
                 const char       *key,
                 Resolved         *out)
{
  return entity_from_key_named (self, key, NULL, out);
}

static char *
last_word_key (const char *fold)
{
  const char *sp = strrchr (fold, ' ');
  return g_strdup (sp ? sp + 1 : fold);
}

/* A one-word person name that the extractor could not tie to a full name in
 * its own article ("शोइगु") is the person already in the library whose full
 * name ends with that word, when there is exactly one. */
static gboolean
entity_from_surname (KhojiSqliteStore *self,
                     const char       *fold,
                     Resolved         *out)
{
  g_autoptr(KhojiCachedStmt) stmt = NULL;
  gint64 found_base = 0, found_entity = 0;

  if (strchr (fold, ' ') != NULL)
    return FALSE;
  stmt = cached (self,
                  "SELECT DISTINCT e.id, COALESCE(e.merged_into, e.id) FROM alias a"
                  " JOIN entity e ON e.id = a.base_id"
                  " WHERE a.last_word = ? AND a.n_words > 1 AND e.type = 'person'", NULL);
  if (!stmt)
    return FALSE;
  bind_text (stmt, 1, fold);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 ent = sqlite3_column_int64 (stmt, 1);
      if (found_entity != 0 && found_entity != ent)
        return FALSE;
      found_entity = ent;
      found_base = sqlite3_column_int64 (stmt, 0);
    }
  if (found_entity == 0)
    return FALSE;
  out->base_id = found_base;
  out->entity_id = found_entity;
  return TRUE;
}

/* The latest rename/type/hide corrections recorded for a key, applied to a
 * row that is new: corrections outlive the rows they were made on. */
gboolean
_khoji_sqlite_replay_attribute_corrections (KhojiSqliteStore  *self,
                                            gint64             entity_id,
                                            const char        *key,
                                            GError           **error)
{
  g_autoptr(KhojiCachedStmt) q = cached (self,
    "SELECT kind, value FROM correction WHERE entity_key = ? AND kind IN ('rename','type','hide') ORDER BY id", error);

  if (!q)
    return FALSE;
  bind_text (q, 1, key);
  while (sqlite3_step (q) == SQLITE_ROW)
    {
      if (!_khoji_sqlite_set_corrected (self, col_text (q, 0), col_text (q, 1), entity_id, NULL, TRUE, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
_khoji_sqlite_set_corrected (KhojiSqliteStore  *self,
                             const char        *kind,
                             const char        *value,
                             gint64             id,
                             const char        *key,
                             gboolean           locked,
                             GError           **error)
{
  /* ?1 the value, ?2 the row's id or key, ?3 the lock (which hidden has
   * none of, but binds). */
  static const char *const by_id[] = {
    "UPDATE entity SET name = COALESCE(?1, name), locked_name = ?3 WHERE id = ?2",
    "UPDATE entity SET type = COALESCE(?1, type), locked_type = ?3 WHERE id = ?2",
    "UPDATE entity SET hidden = COALESCE(CAST(?1 AS INTEGER), 0) WHERE id = ?2 AND ?3 >= 0",
  };
  static const char *const by_key[] = {
    "UPDATE entity SET name = COALESCE(?1, name), locked_name = ?3 WHERE key = ?2",
    "UPDATE entity SET type = COALESCE(?1, type), locked_type = ?3 WHERE key = ?2",
    "UPDATE entity SET hidden = COALESCE(CAST(?1 AS INTEGER), 0) WHERE key = ?2 AND ?3 >= 0",
  };
  guint k = g_str_equal (kind, "rename") ? 0 : g_str_equal (kind, "type") ? 1 : 2;
  g_autoptr(KhojiCachedStmt) u = cached (self, key ? by_key[k] : by_id[k], error);

  g_return_val_if_fail (k < 2 || g_str_equal (kind, "hide"), FALSE);
  if (!u)
    return FALSE;
  bind_text (u, 1, value);
  if (key)
    bind_text (u, 2, key);
  else
    sqlite3_bind_int64 (u, 2, id);
  sqlite3_bind_int (u, 3, locked);
  return step_done (self, u, error);
}

static gboolean
resolve_mention (KhojiSqliteStore    *self,
                 const KhojiMention  *m,
                 const char          *surface,
                 Resolved            *out,
                 GError             **error)
{
  g_autofree char *fold = khoji_text_fold (surface, -1);
  const char *type = khoji_entity_type_to_string (m->type);

  if (entity_from_key_named (self, m->key, m->name, out))
    {
      g_autoptr(KhojiCachedStmt) u = NULL;

      if (!out->rename)
        return TRUE;
      u = cached (self, "UPDATE entity SET name = ?1 WHERE id = ?2", error);
      if (!u)
        return FALSE;
      bind_text (u, 1, m->name);
      sqlite3_bind_int64 (u, 2, out->base_id);
      return step_done (self, u, error);
    }

  if (m->type == KHOJI_ENTITY_PERSON && entity_from_surname (self, fold, out))
    return TRUE;

  {
    g_autoptr(KhojiCachedStmt) ins = cached (self,
      "INSERT INTO entity (key, name, latin, type) VALUES (?, ?, ?, ?)", error);
    if (!ins)
      return FALSE;
    bind_text (ins, 1, m->key);
    bind_text (ins, 2, m->name ? m->name : surface);
    bind_text (ins, 3, m->latin ? m->latin : "");
    bind_text (ins, 4, type);
    if (!step_done (self, ins, error))
      return FALSE;
    out->base_id = out->entity_id = sqlite3_last_insert_rowid (self->db);
  }

  /* A key merged away before its first row existed (a correction made on
   * an older library, replayed) still points at its target. */
  {
    g_autoptr(KhojiCachedStmt) q = cached (self,
      "SELECT t.id FROM correction c JOIN entity t ON t.key = c.target_key"
      " WHERE c.kind = 'merge' AND c.entity_key = ? ORDER BY c.id DESC LIMIT 1", error);
    if (!q)
      return FALSE;
    bind_text (q, 1, m->key);
    if (sqlite3_step (q) == SQLITE_ROW)
      {
        gint64 target = sqlite3_column_int64 (q, 0);
        g_autoptr(KhojiCachedStmt) u = cached (self,
          "UPDATE entity SET merged_into = (SELECT COALESCE(merged_into, id) FROM entity WHERE id = ?1) WHERE id = ?2", error);
        if (!u)
          return FALSE;
        sqlite3_bind_int64 (u, 1, target);
        sqlite3_bind_int64 (u, 2, out->base_id);
        if (!step_done (self, u, error))
          return FALSE;
        if (!entity_from_key (self, m->key, out))
          return FALSE;
      }
  }

  return _khoji_sqlite_replay_attribute_corrections (self, out->base_id, m->key, error);
}

static gboolean
add_alias (KhojiSqliteStore  *self,
           gint64             base_id,
           const char        *form,
           GError           **error)
{
  g_autoptr(KhojiCachedStmt) ins = cached (self,
    "INSERT OR IGNORE INTO alias (base_id, form, fold, last_word, n_words) VALUES (?, ?, ?, ?, ?)", error);
  g_autofree char *fold = khoji_text_fold (form, -1);
  g_autofree char *last = last_word_key (fold);
  int n_words = 1;

  if (!ins)
    return FALSE;
  for (const char *p = fold; *p; p++)
    if (*p == ' ')
      n_words++;
  sqlite3_bind_int64 (ins, 1, base_id);
  bind_text (ins, 2, form);
  bind_text (ins, 3, fold);
  bind_text (ins, 4, last);
  sqlite3_bind_int (ins, 5, n_words);
  return step_done (self, ins, error);
}

static gboolean
insert_dates (KhojiSqliteStore  *self,
              gint64             article_id,
              const char        *text,
              gsize              len,
              const guint       *cp,
              GPtrArray         *dates,
              GError           **error)
{
  g_autoptr(KhojiCachedStmt) ins = NULL;

  if (dates == NULL || dates->len == 0)
    return TRUE;
  ins = cached (self,
    "INSERT INTO date_mention (article_id, start, end, text, value, precision, relative, sentence, sentence_start,"
    " first_day, last_day, is_interval)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (!ins)
    return FALSE;
  for (guint i = 0; i < dates->len; i++)
    {
      KhojiDateMention *d = g_ptr_array_index (dates, i);
      gsize ss = MIN (d->sentence_start, len), se = MIN (MAX (d->sentence_end, ss), len);

      if (d->end > len || d->start >= d->end)
        continue;
      sqlite3_reset (ins);
      sqlite3_bind_int64 (ins, 1, article_id);
      sqlite3_bind_int (ins, 2, cp[d->start]);
      sqlite3_bind_int (ins, 3, cp[d->end]);
      sqlite3_bind_text (ins, 4, text + d->start, (int) (d->end - d->start), SQLITE_STATIC);
      bind_text (ins, 5, d->value);
      sqlite3_bind_int (ins, 6, d->precision);
      sqlite3_bind_int (ins, 7, d->relative);
      sqlite3_bind_text (ins, 8, text + ss, (int) (se - ss), SQLITE_STATIC);
      sqlite3_bind_int (ins, 9, cp[ss]);
      {
        guint32 first, last;
        KhojiPrecision value_precision;

        if (_khoji_value_to_days (d->value, &first, &last, &value_precision))
          {
            sqlite3_bind_int64 (ins, 10, first);
            sqlite3_bind_int64 (ins, 11, last);
          }
        else
          {
            sqlite3_bind_null (ins, 10);
            sqlite3_bind_null (ins, 11);
          }
        sqlite3_bind_int (ins, 12, d->value != NULL && strchr (d->value, '/') != NULL);
      }
      if (!step_done (self, ins, error))
        return FALSE;
    }
  return TRUE;
}

/* A mention's sentence and the entity it counts for. */
typedef struct {
  guint  sentence;
  gint64 entity_id;
} SentenceEntity;

typedef struct {
  gint64 lo, hi;
} EntityPair;

static int
compare_sentence_entity (gconstpointer a,
                         gconstpointer b)
{
  const SentenceEntity *x = a, *y = b;

  if (x->sentence != y->sentence)
    return x->sentence < y->sentence ? -1 : 1;
  return x->entity_id < y->entity_id ? -1 : x->entity_id > y->entity_id;
}

static int
compare_entity_pair (gconstpointer a,
                     gconstpointer b)
{
  const EntityPair *x = a, *y = b;

  if (x->lo != y->lo)
    return x->lo < y->lo ? -1 : 1;
  return x->hi < y->hi ? -1 : x->hi > y->hi;
}

/* Adds to sentence_pair the sentences each pair of entities shares
 * among one article's mentions (IN_SENTENCE, of SentenceEntity, sorted
 * here): what KHOJI_SQLITE_ADD_SENTENCE_PAIRS adds for the article, a
 * sentence counting once for a pair however often it names either.
 * Counted here rather than by that statement, whose self-join, DISTINCT
 * and GROUP BY through temporary B-trees cost more than all the
 * article's other inserts together; `khoji-cli check` and the tests
 * hold the table equal to the statement's counts. */
static gboolean
add_sentence_pairs (KhojiSqliteStore  *self,
                    GArray            *in_sentence,
                    GError           **error)
{
  g_autoptr(GArray) pairs = g_array_new (FALSE, FALSE, sizeof (EntityPair));
  g_autoptr(KhojiCachedStmt) up = NULL;
  guint n = 0;

  g_array_sort (in_sentence, compare_sentence_entity);
  /* Once each: a sentence's distinct entities, in ascending order. */
  for (guint i = 0; i < in_sentence->len; i++)
    {
      const SentenceEntity *e = &g_array_index (in_sentence, SentenceEntity, i);

      if (n == 0 || compare_sentence_entity (e, &g_array_index (in_sentence, SentenceEntity, n - 1)) != 0)
        g_array_index (in_sentence, SentenceEntity, n++) = *e;
    }
  for (guint i = 0; i < n; i++)
    {
      const SentenceEntity *x = &g_array_index (in_sentence, SentenceEntity, i);

      for (guint j = i + 1; j < n; j++)
        {
          const SentenceEntity *y = &g_array_index (in_sentence, SentenceEntity, j);
          EntityPair p = { x->entity_id, y->entity_id };

          if (y->sentence != x->sentence)
            break;
          g_array_append_val (pairs, p);
        }
    }
  if (pairs->len == 0)
    return TRUE;
  g_array_sort (pairs, compare_entity_pair);
  up = cached (self,
    "INSERT INTO sentence_pair (a, b, n) VALUES (?, ?, ?)"
    " ON CONFLICT (a, b) DO UPDATE SET n = n + excluded.n", error);
  if (!up)
    return FALSE;
  for (guint i = 0; i < pairs->len;)
    {
      const EntityPair *p = &g_array_index (pairs, EntityPair, i);
      guint count = 1;

      while (i + count < pairs->len &&
             compare_entity_pair (p, &g_array_index (pairs, EntityPair, i + count)) == 0)
        count++;
      i += count;
      sqlite3_reset (up);
      sqlite3_bind_int64 (up, 1, p->lo);
      sqlite3_bind_int64 (up, 2, p->hi);
      sqlite3_bind_int (up, 3, (int) count);
      if (!step_done (self, up, error))
        return FALSE;
    }
  return TRUE;
}

/* An article's mentions, with what follows from them: the entities they
 * resolve to (new rows for new keys), their spellings, the counts they
 * add, the entity index row and the article's entity count. */
static gboolean
insert_mentions (KhojiSqliteStore  *self,
                 gint64             article_id,
                 const char        *text,
                 gsize              len,
                 const guint       *cp,
                 GArray            *sentences,
                 GPtrArray         *mentions,
                 GError           **error)
{
  g_autoptr(GHashTable) per_entity = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GArray) entity_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) counts = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GHashTable) bases = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GString) base_terms = g_string_new (NULL);
  g_autoptr(GArray) in_sentence = g_array_new (FALSE, FALSE, sizeof (SentenceEntity));

  if (mentions && mentions->len > 0)
    {
      g_autoptr(KhojiCachedStmt) ins = cached (self,
        "INSERT INTO mention (article_id, entity_id, base_id, start, end, text, sentence) VALUES (?, ?, ?, ?, ?, ?, ?)", error);
      g_autoptr(GArray) starts = NULL;

      if (!ins)
        return FALSE;
      starts = _khoji_store_sentence_starts (text, len, cp, sentences);
      /* An article names the same entity many times: each key is resolved
       * once, each of its spellings recorded once. */
      g_autoptr(GHashTable) resolved = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
      g_autoptr(GHashTable) forms = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

      for (guint i = 0; i < mentions->len; i++)
        {
          KhojiMention *m = g_ptr_array_index (mentions, i);
          g_autofree char *surface = NULL;
          g_autofree char *form_key = NULL;
          Resolved r, *known;
          gpointer idx;
          guint sentence;

          if (m->end > len || m->start >= m->end || m->key == NULL)
            continue;
          surface = g_strndup (text + m->start, m->end - m->start);
          known = g_hash_table_lookup (resolved, m->key);
          if (known)
            r = *known;
          else
            {
              if (!resolve_mention (self, m, surface, &r, error))
                return FALSE;
              g_hash_table_insert (resolved, m->key, g_memdup2 (&r, sizeof r));
            }
          form_key = g_strdup_printf ("%" G_GINT64_FORMAT ":%s", r.base_id, surface);
          if (!g_hash_table_contains (forms, form_key))
            {
              if (!g_hash_table_contains (self->known_aliases, form_key))
                {
                  if (!add_alias (self, r.base_id, surface, error))
                    return FALSE;
                  g_ptr_array_add (self->pending_aliases, g_strdup (form_key));
                }
              g_hash_table_add (forms, g_steal_pointer (&form_key));
            }

          sqlite3_reset (ins);
          sqlite3_bind_int64 (ins, 1, article_id);
          sqlite3_bind_int64 (ins, 2, r.entity_id);
          sqlite3_bind_int64 (ins, 3, r.base_id);
          sqlite3_bind_int (ins, 4, cp[m->start]);
          sqlite3_bind_int (ins, 5, cp[m->end]);
          bind_text (ins, 6, surface);
          sentence = _khoji_store_sentence_of (starts, cp[m->start]);
          sqlite3_bind_int (ins, 7, (int) sentence);
          if (!step_done (self, ins, error))
            return FALSE;
          {
            SentenceEntity se = { sentence, r.entity_id };
            g_array_append_val (in_sentence, se);
          }

          if (!g_hash_table_contains (bases, &r.base_id))
            {
              g_hash_table_add (bases, g_memdup2 (&r.base_id, sizeof r.base_id));
              g_string_append_printf (base_terms, "%s%" G_GINT64_FORMAT, base_terms->len ? " " : "", r.base_id);
            }
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
    }

  {
    g_autoptr(KhojiCachedStmt) upd = cached (self,
      "INSERT INTO entity_count_log (n_mentions, entity_id, n_articles) VALUES (?, ?, 1)", error);
    if (!upd)
      return FALSE;
    for (guint i = 0; i < entity_ids->len; i++)
      {
        sqlite3_reset (upd);
        sqlite3_bind_int (upd, 1, g_array_index (counts, guint, i));
        sqlite3_bind_int64 (upd, 2, g_array_index (entity_ids, gint64, i));
        if (!step_done (self, upd, error))
          return FALSE;
      }
  }
  if (base_terms->len > 0)
    {
      g_autoptr(KhojiCachedStmt) ins = cached (self, "INSERT INTO entity_article (rowid, bases) VALUES (?, ?)", error);
      if (!ins)
        return FALSE;
      sqlite3_bind_int64 (ins, 1, article_id);
      sqlite3_bind_text (ins, 2, base_terms->str, (int) base_terms->len, SQLITE_STATIC);
      if (!step_done (self, ins, error))
        return FALSE;
    }
  {
    g_autoptr(KhojiCachedStmt) upd = cached (self, "UPDATE article SET entity_count = ? WHERE id = ?", error);
    if (!upd)
      return FALSE;
    sqlite3_bind_int (upd, 1, entity_ids->len);
    sqlite3_bind_int64 (upd, 2, article_id);
    if (!step_done (self, upd, error))
      return FALSE;
  }
  /* Two entities or more: the sentences each pair shares. */
  if (entity_ids->len > 1 && !add_sentence_pairs (self, in_sentence, error))
    return FALSE;

  return TRUE;
}

static gboolean
add_article_in_transaction (KhojiSqliteStore         *self,
                            const KhojiStoreArticle  *a,
                            gint64                   *out_id,
                            GError                  **error)
{
  gsize len = strlen (a->text);
  g_autofree guint *cp = _khoji_store_code_point_map (a->text, len);
  gint64 article_id;

  {
    g_autoptr(KhojiCachedStmt) ins = cached (self,
      "INSERT INTO article (path, hash, title, source, published, published_source, text, imported)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, strftime('%s','now'))", error);
    if (!ins)
      return FALSE;
    bind_text (ins, 1, a->path);
    bind_text (ins, 2, a->hash);
    bind_text (ins, 3, a->title ? a->title : "");
    bind_text (ins, 4, a->source);
    bind_text (ins, 5, a->published);
    bind_text (ins, 6, a->published ? a->published_source : NULL);
    sqlite3_bind_text (ins, 7, a->text, (int) len, SQLITE_STATIC);
    if (!step_done (self, ins, error))
      return FALSE;
    article_id = sqlite3_last_insert_rowid (self->db);
  }

  {
    g_autoptr(KhojiCachedStmt) fts = cached (self,
      "INSERT INTO article_fts (rowid, title, text) VALUES (?, ?, ?)", error);
    gboolean ok;

    if (!fts)
      return FALSE;
    sqlite3_bind_int64 (fts, 1, article_id);
    bind_text (fts, 2, a->title ? a->title : "");
    sqlite3_bind_text (fts, 3, a->text, (int) len, SQLITE_STATIC);
    self->pending_text = a->text;
    self->pending_len = len;
    self->pending_tokens = a->tokens;
    ok = step_done (self, fts, error);
    self->pending_tokens = NULL;
    self->pending_text = NULL;
    if (!ok)
      return FALSE;
  }

  if (!insert_mentions (self, article_id, a->text, len, cp, a->sentences, a->mentions, error))
    return FALSE;

  if (!insert_dates (self, article_id, a->text, len, cp, a->dates, error))
    return FALSE;

  *out_id = article_id;
  return TRUE;
}

/* Inside a write transaction: adds the logged counts to the entity rows
 * and empties the log. */
gboolean
_khoji_sqlite_fold_counts (KhojiSqliteStore  *self,
                           GError           **error)
{
  g_autoptr(KhojiCachedStmt) any = cached (self, "SELECT EXISTS (SELECT 1 FROM entity_count_log)", error);

  if (!any)
    return FALSE;
  if (sqlite3_step (any) != SQLITE_ROW)
    return set_sqlite_error (error, self->db, sqlite3_errcode (self->db), "Cannot update entity counts");
  if (sqlite3_column_int (any, 0) == 0)
    return TRUE;
  return exec (self,
           "UPDATE entity SET n_articles = entity.n_articles + c.a, n_mentions = entity.n_mentions + c.m"
           " FROM (SELECT entity_id, sum(n_articles) AS a, sum(n_mentions) AS m FROM entity_count_log GROUP BY entity_id) AS c"
           " WHERE entity.id = c.entity_id", error) &&
         exec (self, "DELETE FROM entity_count_log", error);
}

void
khoji_sqlite_store_set_bulk_writing (KhojiStore *store,
                                     gboolean    bulk)
{
  KhojiSqliteStore *self = (KhojiSqliteStore *) store;

  ASSERT_OWNER (self);
  sqlite3_wal_autocheckpoint (self->db, bulk ? WAL_AUTOCHECKPOINT_BULK_PAGES : WAL_AUTOCHECKPOINT_PAGES);
}

gboolean
khoji_sqlite_store_checkpoint (KhojiStore  *store,
                               GError     **error)
{
  KhojiSqliteStore *self = (KhojiSqliteStore *) store;
  int rc;

  ASSERT_OWNER (self);
  rc = sqlite3_wal_checkpoint_v2 (self->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
  if (rc != SQLITE_OK && rc != SQLITE_BUSY)
    return set_sqlite_error (error, self->db, rc, "Cannot write the library");
  return TRUE;
}

gboolean
khoji_sqlite_store_fold_counts (KhojiStore  *store,
                                GError     **error)
{
  KhojiSqliteStore *self = (KhojiSqliteStore *) store;

  ASSERT_OWNER (self);

  if (!begin_write (self, error))
    return FALSE;
  return end_write (self, _khoji_sqlite_fold_counts (self, error), error);
}

/* The counts still in the log, by entity id: NULL when there are none
 * (the log is empty outside an import). */
GHashTable *
_khoji_sqlite_pending_counts (KhojiSqliteStore  *self,
                              gint64             only_id,
                              GError           **error,
                              gboolean          *ok)
{
  g_autoptr(GHashTable) out = NULL;
  g_autoptr(KhojiCachedStmt) q = cached (self,
    "SELECT entity_id, sum(n_articles), sum(n_mentions) FROM entity_count_log"
    " WHERE ?1 = 0 OR entity_id = ?1 GROUP BY entity_id", error);
  int rc;

  *ok = FALSE;
  if (!q)
    return NULL;
  sqlite3_bind_int64 (q, 1, only_id);
  while ((rc = sqlite3_step (q)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (q, 0);
      PendingCount *c = g_new (PendingCount, 1);

      if (out == NULL)
        out = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
      c->n_articles = sqlite3_column_int (q, 1);
      c->n_mentions = sqlite3_column_int (q, 2);
      g_hash_table_insert (out, g_memdup2 (&id, sizeof id), c);
    }
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, self->db, rc, "entities");
      return NULL;
    }
  *ok = TRUE;
  return g_steal_pointer (&out);
}

gint64
khoji_sqlite_store_add_article (KhojiStore               *store,
                                const KhojiStoreArticle  *article,
                                GError                  **error)
{
  KhojiSqliteStore *self = (KhojiSqliteStore *) store;
  gint64 id = 0;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (article != NULL && article->text != NULL && article->hash != NULL, 0);
  ASSERT_OWNER (self);

  if (!begin_write (self, error))
    return 0;
  g_ptr_array_set_size (self->pending_aliases, 0);
  if (!end_write (self, add_article_in_transaction (self, article, &id, error), error))
    {
      g_ptr_array_set_size (self->pending_aliases, 0);
      return 0;
    }
  for (guint i = 0; i < self->pending_aliases->len; i++)
    g_hash_table_add (self->known_aliases, g_steal_pointer (&self->pending_aliases->pdata[i]));
  g_ptr_array_set_size (self->pending_aliases, 0);
  return id;
}

static gboolean
set_published_in_transaction (KhojiSqliteStore  *self,
                              gint64             article_id,
                              const char        *text,
                              const char        *published,
                              const char        *published_source,
                              GPtrArray         *dates,
                              GError           **error)
{
  g_autoptr(KhojiCachedStmt) u = cached (self,
    "UPDATE article SET published = ?, published_source = ? WHERE id = ?", error);
  g_autoptr(KhojiCachedStmt) del = cached (self, "DELETE FROM date_mention WHERE article_id = ?", error);
  gsize len = strlen (text);
  g_autofree guint *cp = _khoji_store_code_point_map (text, len);

  if (!u || !del)
    return FALSE;
  bind_text (u, 1, published);
  bind_text (u, 2, published ? published_source : NULL);
  sqlite3_bind_int64 (u, 3, article_id);
  sqlite3_bind_int64 (del, 1, article_id);
  return step_done (self, u, error) && step_done (self, del, error) &&
         insert_dates (self, article_id, text, len, cp, dates, error);
}

gboolean
khoji_sqlite_store_set_published (KhojiStore  *store,
                                  gint64       article_id,
                                  const char  *text,
                                  const char  *published,
                                  const char  *published_source,
                                  GPtrArray   *dates,
                                  GError     **error)
{
  KhojiSqliteStore *self = (KhojiSqliteStore *) store;

  g_return_val_if_fail (text != NULL, FALSE);
  ASSERT_OWNER (self);

  if (!begin_write (self, error))
    return FALSE;
  return end_write (self, set_published_in_transaction (self, article_id, text, published,
                                                        published_source, dates, error), error);
}

GPtrArray *
khoji_sqlite_store_load_lexicon (KhojiStore  *store,
                                 GError     **error)
{
  KhojiSqliteStore *self = (KhojiSqliteStore *) store;
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (NULL);
  g_autoptr(KhojiCachedStmt) q = NULL;

  ASSERT_OWNER (self);
  /* Every form of an entity the user touched, with the name and type the
   * user gave. The key stays the form's own row: the merge pointers then
   * send it to the target, and an undo can send it back. */
  q = cached (self,
    "SELECT DISTINCT a.fold, b.key, t.name, t.latin, t.type FROM alias a"
    " JOIN entity b ON b.id = a.base_id"
    " JOIN entity t ON t.id = COALESCE(b.merged_into, b.id)"
    " WHERE b.merged_into IS NOT NULL OR t.locked_type = 1 OR t.locked_name = 1", error);
  if (!q)
    return NULL;
  while (sqlite3_step (q) == SQLITE_ROW)
    {
      KhojiLexiconEntry *e = g_new0 (KhojiLexiconEntry, 1);
      e->form_key = g_strdup (col_text (q, 0));
      e->entity_key = g_strdup (col_text (q, 1));
      e->name = g_strdup (col_text (q, 2));
      e->latin = g_strdup (col_text (q, 3));
      khoji_entity_type_from_string (col_text (q, 4), &e->type);
      g_ptr_array_add (out, e);
    }
  return g_steal_pointer (&out);
}

/* Articles' mentions made again (after the undo of a correction that
 * their import learned from), in one transaction: the old mentions and
 * the counts they added go; the entity rows and spellings that only they
 * made go too (unless a correction names them), so that the new
 * mentions make them again as a clean import would (name, Latin name,
 * type); then the new mentions come in as an import puts them. */
gboolean
khoji_sqlite_store_replace_mentions (KhojiStore  *store,
                                     GArray      *article_ids,
                                     GPtrArray   *mentions,
                                     GError     **error)
{
  KhojiSqliteStore *self = (KhojiSqliteStore *) store;
  gboolean ok = TRUE;

  g_return_val_if_fail (article_ids->len == mentions->len, FALSE);
  ASSERT_OWNER (self);
  if (article_ids->len == 0)
    return TRUE;
  if (!begin_write (self, error))
    return FALSE;
  g_ptr_array_set_size (self->pending_aliases, 0);

  ok = exec (self, "CREATE TEMP TABLE IF NOT EXISTS reanalysed (id INTEGER PRIMARY KEY)", error) &&
       exec (self, "DELETE FROM temp.reanalysed", error) &&
       exec (self, "CREATE TEMP TABLE IF NOT EXISTS dropped_base (id INTEGER PRIMARY KEY)", error) &&
       exec (self, "DELETE FROM temp.dropped_base", error);
  for (guint i = 0; ok && i < article_ids->len; i++)
    {
      g_autoptr(KhojiCachedStmt) ins = cached (self, "INSERT OR IGNORE INTO temp.reanalysed VALUES (?)", error);
      ok = ins != NULL;
      if (ok)
        {
          sqlite3_bind_int64 (ins, 1, g_array_index (article_ids, gint64, i));
          ok = step_done (self, ins, error);
        }
    }
  ok = ok &&
       exec (self,
         "INSERT INTO entity_count_log (n_mentions, entity_id, n_articles)"
         " SELECT -count(*), entity_id, -count(DISTINCT article_id) FROM mention"
         " WHERE article_id IN (SELECT id FROM temp.reanalysed) GROUP BY entity_id", error) &&
       /* entity_article keeps no content: a row is deleted by giving the
        * terms it was made of. */
       exec (self,
         "INSERT INTO entity_article (entity_article, rowid, bases)"
         " SELECT 'delete', article_id, group_concat(base_id, ' ') FROM"
         " (SELECT DISTINCT article_id, base_id FROM mention WHERE article_id IN (SELECT id FROM temp.reanalysed))"
         " GROUP BY article_id", error) &&
       exec (self,
         "INSERT OR IGNORE INTO temp.dropped_base SELECT DISTINCT base_id FROM mention"
         " WHERE article_id IN (SELECT id FROM temp.reanalysed)", error) &&
       exec (self, KHOJI_SQLITE_ADD_SENTENCE_PAIRS ("-1", "x.article_id IN (SELECT id FROM temp.reanalysed)", ""),
             error) &&
       exec (self, "DELETE FROM mention WHERE article_id IN (SELECT id FROM temp.reanalysed)", error) &&
       /* Of the rows those mentions named, the ones nothing names any more. */
       exec (self, "DELETE FROM temp.dropped_base WHERE id IN (SELECT base_id FROM mention)"
                   " OR id IN (SELECT entity_id FROM mention)"
                   " OR id IN (SELECT merged_into FROM entity WHERE merged_into IS NOT NULL)"
                   " OR id IN (SELECT e.id FROM entity e JOIN correction c ON c.entity_key = e.key OR c.target_key = e.key)", error) &&
       _khoji_sqlite_fold_counts (self, error) &&
       exec (self, "DELETE FROM alias WHERE base_id IN (SELECT id FROM temp.dropped_base)", error) &&
       exec (self, "DELETE FROM entity WHERE id IN (SELECT id FROM temp.dropped_base)", error);
  /* The spellings this connection knows may name rows just deleted, and
   * their ids are given again. */
  if (ok)
    g_hash_table_remove_all (self->known_aliases);

  for (guint i = 0; ok && i < article_ids->len; i++)
    {
      gint64 id = g_array_index (article_ids, gint64, i);
      g_autofree char *text = NULL;
      g_autofree guint *cp = NULL;
      gsize len;

      {
        g_autoptr(KhojiCachedStmt) q = cached (self, "SELECT text FROM article WHERE id = ?", error);
        if (!q)
          {
            ok = FALSE;
            break;
          }
        sqlite3_bind_int64 (q, 1, id);
        if (sqlite3_step (q) != SQLITE_ROW)
          continue;
        text = g_strdup (col_text (q, 0));
      }
      len = strlen (text);
      cp = _khoji_store_code_point_map (text, len);
      ok = insert_mentions (self, id, text, len, cp, NULL, g_ptr_array_index (mentions, i), error);
    }
  if (!end_write (self, ok, error))
    {
      g_ptr_array_set_size (self->pending_aliases, 0);
      return FALSE;
    }
  for (guint i = 0; i < self->pending_aliases->len; i++)
    g_hash_table_add (self->known_aliases, g_steal_pointer (&self->pending_aliases->pdata[i]));
  g_ptr_array_set_size (self->pending_aliases, 0);
  return TRUE;
}

/* The articles imported since a moment (seconds since 1970), in id
 * order. */
GArray *
khoji_sqlite_store_articles_imported_since (KhojiStore  *store,
                                            gint64       since,
                                            GError     **error)
{
  KhojiSqliteStore *self = (KhojiSqliteStore *) store;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(KhojiCachedStmt) q = NULL;
  int rc;

  ASSERT_OWNER (self);
  q = cached (self, "SELECT id FROM article WHERE imported >= ? ORDER BY id", error);
  if (!q)
    return NULL;
  sqlite3_bind_int64 (q, 1, since);
  while ((rc = sqlite3_step (q)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (q, 0);
      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, self->db, rc, "articles imported since");
      return NULL;
    }
  return g_steal_pointer (&ids);
}
