/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-library"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "khoji-library-private.h"

/* A whole library copied into another, through the store's rows, so that
 * it works between any two backends (a file into a shared archive, or
 * back). Articles go one transaction each, as an import does, and are
 * analysed in the target; a duplicate (the same text) is not added
 * again. The user's corrections follow, in the order they were made,
 * named by the entities' resolution keys, which are the same in both. A
 * second copy adds nothing: the articles are duplicates, and a
 * correction the target already holds as often as the source is not
 * made again. */

typedef struct {
  KhojiLibrary        *target;
  GPtrArray           *lexicon;
  KhojiCopyCounts     *counts;
  KhojiCopyRejected    rejected;
  gpointer             rejected_data;
  KhojiImportProgress  progress;
  gpointer             progress_data;
  guint                total;
  guint                done;
  GCancellable        *cancellable;
} ArticleCopy;

static gboolean
copy_article (const char * const *cols,
              const gint64       *ints,
              guint               n_cols,
              gpointer            user_data,
              GError            **error)
{
  ArticleCopy *c = user_data;
  /* id, path, title, published, published_source, text, source */
  KhojiStoredArticle stored = {
    .path = cols[1], .title = cols[2], .published = cols[3], .published_source = cols[4],
    .text = cols[5], .source = n_cols > 6 ? cols[6] : NULL,
  };
  g_autofree char *message = NULL;

  if (g_cancellable_set_error_if_cancelled (c->cancellable, error))
    return FALSE;
  if (c->progress)
    c->progress (c->done, c->total, stored.path, c->progress_data);
  c->done++;
  if (stored.text == NULL)
    return TRUE;
  switch (_khoji_library_add_stored_article (c->target, &stored, c->lexicon, NULL, &message))
    {
    case KHOJI_IMPORT_IMPORTED:
      c->counts->articles_added++;
      break;
    case KHOJI_IMPORT_DUPLICATE:
      c->counts->articles_present++;
      break;
    case KHOJI_IMPORT_REJECTED:
      c->counts->articles_rejected++;
      if (c->rejected)
        c->rejected (ints[0], stored.path, message, c->rejected_data);
      break;
    }
  return TRUE;
}

typedef struct {
  char *kind, *entity_key, *target_key, *value;
} Correction;

static void
correction_free (Correction *c)
{
  g_free (c->kind);
  g_free (c->entity_key);
  g_free (c->target_key);
  g_free (c->value);
  g_free (c);
}

/* What makes two corrections the same one. */
static char *
correction_tuple (const Correction *c)
{
  return g_strjoin ("\x1f", c->kind, c->entity_key, c->target_key ? c->target_key : "",
                    c->value ? c->value : "", NULL);
}

static gboolean
collect_correction (const char * const *cols,
                    const gint64       *ints,
                    guint               n_cols,
                    gpointer            user_data,
                    GError            **error)
{
  Correction *c = g_new0 (Correction, 1);

  /* kind, entity_key, target_key, value */
  c->kind = g_strdup (cols[0]);
  c->entity_key = g_strdup (cols[1]);
  c->target_key = g_strdup (cols[2]);
  c->value = g_strdup (cols[3]);
  g_ptr_array_add (user_data, c);
  return TRUE;
}

static gboolean
collect_key (const char * const *cols,
             const gint64       *ints,
             guint               n_cols,
             gpointer            user_data,
             GError            **error)
{
  gint64 *id = g_new (gint64, 1);

  /* id, key */
  *id = ints[0];
  g_hash_table_insert (user_data, g_strdup (cols[1]), id);
  return TRUE;
}

static GPtrArray *
read_corrections (KhojiLibrary  *library,
                  GError       **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) correction_free);
  GError *store_error = NULL;

  if (!khoji_store_foreach_row (library->store, KHOJI_STORE_ROWS_CORRECTIONS, collect_correction, list, &store_error))
    {
      _khoji_library_propagate_store_error (error, store_error, library->path);
      return NULL;
    }
  return g_steal_pointer (&list);
}

static gboolean
copy_corrections (KhojiLibrary     *source,
                  KhojiLibrary     *target,
                  KhojiCopyCounts  *counts,
                  GError          **error)
{
  static const char *kinds[] = { "merge", "rename", "type", "hide" };
  g_autoptr(GPtrArray) wanted = NULL;
  g_autoptr(GPtrArray) held = NULL;
  g_autoptr(GHashTable) held_counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GError *store_error = NULL;

  wanted = read_corrections (source, error);
  if (wanted == NULL)
    return FALSE;
  if (wanted->len == 0)
    return TRUE;
  held = read_corrections (target, error);
  if (held == NULL)
    return FALSE;
  for (guint i = 0; i < held->len; i++)
    {
      char *t = correction_tuple (g_ptr_array_index (held, i));
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (held_counts, t));

      g_hash_table_replace (held_counts, t, GUINT_TO_POINTER (n + 1));
    }
  if (!khoji_store_foreach_row (target->store, KHOJI_STORE_ROWS_ENTITY_KEYS, collect_key, ids, &store_error))
    {
      _khoji_library_propagate_store_error (error, store_error, target->path);
      return FALSE;
    }

  for (guint i = 0; i < wanted->len; i++)
    {
      Correction *c = g_ptr_array_index (wanted, i);
      char *t = correction_tuple (c);
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (seen, t)) + 1;
      KhojiCorrectionKind kind = G_N_ELEMENTS (kinds);
      gint64 *entity_id, *target_id = NULL;

      g_hash_table_replace (seen, t, GUINT_TO_POINTER (n));
      /* The target holds this one already (as often as the source). */
      if (n <= GPOINTER_TO_UINT (g_hash_table_lookup (held_counts, t)))
        {
          counts->corrections_present++;
          continue;
        }
      for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
        if (g_strcmp0 (c->kind, kinds[k]) == 0)
          kind = k;
      entity_id = g_hash_table_lookup (ids, c->entity_key);
      if (c->target_key)
        target_id = g_hash_table_lookup (ids, c->target_key);
      /* An entity the target's analysis did not find (a gazetteer or a
       * model of another version), or a correction of a newer Khoji. */
      if (kind == G_N_ELEMENTS (kinds) || entity_id == NULL ||
          (kind == KHOJI_CORRECTION_MERGE && target_id == NULL))
        {
          counts->corrections_skipped++;
          continue;
        }
      if (!khoji_store_add_correction (target->store, kind, *entity_id, target_id ? *target_id : 0,
                                       c->value, &store_error))
        {
          /* Merged meanwhile in the target by someone else: theirs
           * stands. Anything else (the server gone) ends the copy. */
          if (store_error->code == KHOJI_STORE_ERROR_MERGED || store_error->code == KHOJI_STORE_ERROR_NOT_FOUND ||
              (store_error->code == KHOJI_STORE_ERROR_FAILED && kind == KHOJI_CORRECTION_MERGE))
            {
              g_clear_error (&store_error);
              counts->corrections_skipped++;
              continue;
            }
          _khoji_library_propagate_store_error (error, store_error, target->path);
          return FALSE;
        }
      counts->corrections_added++;
    }
  return TRUE;
}

gboolean
khoji_library_copy (KhojiLibrary        *source,
                    KhojiLibrary        *target,
                    KhojiImportProgress  progress,
                    gpointer             progress_data,
                    KhojiCopyRejected    rejected,
                    gpointer             rejected_data,
                    GCancellable        *cancellable,
                    KhojiCopyCounts     *counts,
                    GError             **error)
{
  g_autoptr(GPtrArray) lexicon = NULL;
  KhojiCopyCounts local = { 0 };
  ArticleCopy c = { 0 };
  GError *store_error = NULL;
  gboolean ok;

  g_return_val_if_fail (KHOJI_IS_LIBRARY (source), FALSE);
  g_return_val_if_fail (KHOJI_IS_LIBRARY (target), FALSE);

  if (counts == NULL)
    counts = &local;
  memset (counts, 0, sizeof *counts);

  lexicon = _khoji_library_load_lexicon (target);
  c = (ArticleCopy) {
    .target = target, .lexicon = lexicon, .counts = counts,
    .rejected = rejected, .rejected_data = rejected_data,
    .progress = progress, .progress_data = progress_data,
    .total = khoji_library_count_articles (source), .cancellable = cancellable,
  };
  ok = khoji_store_foreach_row (source->store, KHOJI_STORE_ROWS_ARTICLES, copy_article, &c, &store_error);
  if (ok)
    ok = khoji_store_fold_counts (target->store, &store_error);
  if (!ok)
    {
      if (g_error_matches (store_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, store_error);
      else
        _khoji_library_propagate_store_error (error, store_error, source->path);
      if (counts->articles_added > 0)
        _khoji_library_emit_changed (target);
      return FALSE;
    }

  ok = copy_corrections (source, target, counts, error);
  if (counts->articles_added > 0 || counts->corrections_added > 0)
    _khoji_library_emit_changed (target);
  return ok;
}
