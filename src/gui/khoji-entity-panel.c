/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-entity-panel"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "khoji-entity-panel.h"
#include "khoji-history-dialog.h"
#include "khoji-library-reader.h"
#include "khoji-mentions-dialog.h"
#include "khoji-merge-dialog.h"
#include "khoji-rename-dialog.h"
#include "khoji-entity-row.h"

#define N_GROUPS 3

/* ---- A group header: one per entity type, its children the entities of
 * that type that pass the filter. Private to the panel. ---- */

#define KHOJI_TYPE_ENTITY_GROUP (khoji_entity_group_get_type ())
G_DECLARE_FINAL_TYPE (KhojiEntityGroup, khoji_entity_group, KHOJI, ENTITY_GROUP, GObject)

struct _KhojiEntityGroup
{
  GObject          parent_instance;
  KhojiEntityType  type;
  GListModel      *model;
};

G_DEFINE_FINAL_TYPE (KhojiEntityGroup, khoji_entity_group, G_TYPE_OBJECT)

static void
khoji_entity_group_finalize (GObject *object)
{
  g_clear_object (&KHOJI_ENTITY_GROUP (object)->model);
  G_OBJECT_CLASS (khoji_entity_group_parent_class)->finalize (object);
}

static void
khoji_entity_group_class_init (KhojiEntityGroupClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = khoji_entity_group_finalize;
}

static void
khoji_entity_group_init (KhojiEntityGroup *self)
{
}

static const char *
group_title (KhojiEntityType type)
{
  switch (type)
    {
    case KHOJI_ENTITY_PERSON:
      return _("People");
    case KHOJI_ENTITY_PLACE:
      return _("Places");
    case KHOJI_ENTITY_ORGANIZATION:
    default:
      return _("Organizations");
    }
}

/* ---- The panel ---- */

struct _KhojiEntityPanel
{
  GtkWidget           parent_instance;

  KhojiLibrary       *library;
  char               *sort;            /* "count" or "name" */
  gboolean            show_hidden;
  char               *filter_text;     /* casefolded, or NULL */

  GListStore         *store;           /* of KhojiEntity */
  GPtrArray          *entities;        /* what the store holds, as last set */
  GtkFilterListModel *filter_model;
  GtkCustomFilter    *filter;
  GtkSortListModel   *sort_model;
  GtkCustomSorter    *sorter;
  GListStore         *groups;          /* of KhojiEntityGroup */
  GtkTreeListModel   *tree_model;
  GtkMultiSelection  *selection;
  gboolean            restoring;
  gboolean            loading;
  GCancellable       *reload_cancellable;  /* the panel's own read of the list */
  guint               limit;           /* entities a load lists at first */
  guint               n_listed;        /* how many the library lists */
  gboolean            want_all;        /* every entity asked for, or shown */
  gint64              select_when_listed;  /* an entity to select once all are listed */
  gboolean            merge_when_listed;   /* Merge Into… once all are listed */

  GtkStack           *content_stack;
  GtkSearchEntry     *filter_entry;
  GtkListView        *list_view;
  GtkMenuButton      *actions_button;
  GMenuModel         *entity_menu;
  GtkWidget          *context_menu;    /* a GtkPopoverMenu, child of the panel */
  GtkWidget          *more_bar;
  GtkLabel           *more_label;
  GtkWidget          *more_spinner;
  GtkWidget          *more_button;
};

G_DEFINE_FINAL_TYPE (KhojiEntityPanel, khoji_entity_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SORT,
  PROP_SHOW_HIDDEN,
  N_PROPS
};

enum {
  SELECTION_CHANGED,
  CORRECTED,
  MENTION_ACTIVATED,
  ENTITY_UNLISTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char *
collate_key (KhojiEntity *entity)
{
  const char *key = g_object_get_data (G_OBJECT (entity), "khoji-collate-key");

  /* Computed once per entity: collating in every comparison would make
   * sorting a large library by name visibly slow. */
  if (key == NULL)
    {
      char *new_key = g_utf8_collate_key (khoji_entity_get_name (entity), -1);

      g_object_set_data_full (G_OBJECT (entity), "khoji-collate-key", new_key, g_free);
      key = new_key;
    }
  return key;
}

static int
compare_entities_by (KhojiEntity *ea,
                     KhojiEntity *eb,
                     gboolean     by_name)
{
  if (!by_name)
    {
      guint ca = khoji_entity_get_article_count (ea), cb = khoji_entity_get_article_count (eb);
      guint ma = khoji_entity_get_mention_count (ea), mb = khoji_entity_get_mention_count (eb);

      if (ca != cb)
        return ca > cb ? -1 : 1;
      if (ma != mb)
        return ma > mb ? -1 : 1;
    }

  return strcmp (collate_key (ea), collate_key (eb));
}

static int
compare_entities (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  KhojiEntityPanel *self = user_data;

  return compare_entities_by (KHOJI_ENTITY ((gpointer) a), KHOJI_ENTITY ((gpointer) b),
                              g_strcmp0 (self->sort, "name") == 0);
}

static int
compare_entities_by_count (gconstpointer a,
                           gconstpointer b)
{
  return compare_entities_by (*(KhojiEntity **) a, *(KhojiEntity **) b, FALSE);
}

static int
compare_entities_by_name (gconstpointer a,
                          gconstpointer b)
{
  return compare_entities_by (*(KhojiEntity **) a, *(KhojiEntity **) b, TRUE);
}

void
khoji_entity_panel_sort_entities (GPtrArray  *entities,
                                  const char *sort)
{
  g_return_if_fail (entities != NULL);

  /* The list's sort model finds them in order then and only checks it:
   * GTK sorts with timsort, linear on sorted input. The collation keys
   * are made here too, off the main thread. */
  g_ptr_array_sort (entities, g_strcmp0 (sort, "name") == 0 ? compare_entities_by_name
                                                             : compare_entities_by_count);
}

static gboolean
contains_folded (const char *haystack,
                 const char *needle)
{
  g_autofree char *folded = NULL;

  if (haystack == NULL)
    return FALSE;
  folded = g_utf8_casefold (haystack, -1);
  return strstr (folded, needle) != NULL;
}

static gboolean
filter_entity (gpointer item,
               gpointer user_data)
{
  KhojiEntityPanel *self = user_data;
  KhojiEntity *entity = item;
  g_auto(GStrv) aliases = NULL;

  if (self->filter_text == NULL)
    return TRUE;

  if (contains_folded (khoji_entity_get_name (entity), self->filter_text) ||
      contains_folded (khoji_entity_get_latin (entity), self->filter_text))
    return TRUE;

  /* Aliases let “पुतिन” find “व्लादिमीर पुतिन”. */
  aliases = khoji_entity_dup_aliases (entity);
  for (guint i = 0; aliases != NULL && aliases[i] != NULL; i++)
    if (contains_folded (aliases[i], self->filter_text))
      return TRUE;

  return FALSE;
}

static gboolean
filter_by_type (gpointer item,
                gpointer user_data)
{
  return khoji_entity_get_entity_type (KHOJI_ENTITY (item)) == (KhojiEntityType) GPOINTER_TO_INT (user_data);
}

static GListModel *
create_child_model (gpointer item,
                    gpointer user_data)
{
  if (KHOJI_IS_ENTITY_GROUP (item))
    return g_object_ref (KHOJI_ENTITY_GROUP (item)->model);
  return NULL;
}

GListModel *
khoji_entity_panel_get_group_model (KhojiEntityPanel *self,
                                    KhojiEntityType   type)
{
  g_return_val_if_fail (KHOJI_IS_ENTITY_PANEL (self), NULL);

  for (guint i = 0; i < N_GROUPS; i++)
    {
      g_autoptr(KhojiEntityGroup) group = g_list_model_get_item (G_LIST_MODEL (self->groups), i);

      if (group->type == type)
        return group->model;
    }
  return NULL;
}

GArray *
khoji_entity_panel_get_selected_ids (KhojiEntityPanel *self)
{
  g_autoptr(GtkBitset) bitset = NULL;
  GtkBitsetIter iter;
  GArray *ids;
  guint position;

  g_return_val_if_fail (KHOJI_IS_ENTITY_PANEL (self), NULL);

  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  bitset = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));

  for (gboolean ok = gtk_bitset_iter_init_first (&iter, bitset, &position);
       ok;
       ok = gtk_bitset_iter_next (&iter, &position))
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (G_LIST_MODEL (self->tree_model), position);
      gpointer item = gtk_tree_list_row_get_item (row);

      if (KHOJI_IS_ENTITY (item))
        {
          gint64 id = khoji_entity_get_id (item);
          g_array_append_val (ids, id);
        }
      g_clear_object (&item);
    }

  return ids;
}

static GPtrArray *
dup_selected_entities (KhojiEntityPanel *self)
{
  g_autoptr(GtkBitset) bitset = NULL;
  GtkBitsetIter iter;
  GPtrArray *entities = g_ptr_array_new_with_free_func (g_object_unref);
  guint position;

  bitset = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  for (gboolean ok = gtk_bitset_iter_init_first (&iter, bitset, &position);
       ok;
       ok = gtk_bitset_iter_next (&iter, &position))
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (G_LIST_MODEL (self->tree_model), position);
      gpointer item = gtk_tree_list_row_get_item (row);

      if (KHOJI_IS_ENTITY (item))
        g_ptr_array_add (entities, item);
      else
        g_clear_object (&item);
    }

  return entities;
}

GPtrArray *
khoji_entity_panel_dup_selected (KhojiEntityPanel *self)
{
  g_return_val_if_fail (KHOJI_IS_ENTITY_PANEL (self), NULL);

  return dup_selected_entities (self);
}

static void
update_actions (KhojiEntityPanel *self)
{
  g_autoptr(GPtrArray) selected = dup_selected_entities (self);
  gboolean any = selected->len > 0;
  gboolean any_hidden = FALSE, any_shown = FALSE;

  for (guint i = 0; i < selected->len; i++)
    {
      if (khoji_entity_get_hidden (g_ptr_array_index (selected, i)))
        any_hidden = TRUE;
      else
        any_shown = TRUE;
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "entity.rename", selected->len == 1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "entity.mentions", selected->len == 1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "entity.history", selected->len == 1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "entity.merge", any);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "entity.change-type", any);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "entity.hide", any_shown);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "entity.unhide", any_hidden);
  gtk_widget_set_sensitive (GTK_WIDGET (self->actions_button), any);
}

static void
on_selection_changed (GtkSelectionModel *model,
                      guint              position,
                      guint              n_items,
                      KhojiEntityPanel  *self)
{
  if (self->restoring)
    return;

  update_actions (self);
  g_signal_emit (self, signals[SELECTION_CHANGED], 0);
}

static void update_filter_func (KhojiEntityPanel *self);

/* ---- The entities named most, or all ----
 *
 * A load lists the first `limit` entities of the library's listing (the
 * most articles first), so that a library of 100,000 articles shows its
 * panel without making 100,000 entities; the bar under the list says so
 * and lists every entity on request. The filter, a sort by name, an
 * entity to select that is not listed and Merge Into… (whose candidates
 * are the listed entities) need them all: they ask for them, read on the
 * library's thread, and once every entity is shown, the later loads list
 * them all too. */

static gboolean
is_partial (KhojiEntityPanel *self)
{
  return self->entities != NULL && self->entities->len < self->n_listed;
}

static void
update_more_bar (KhojiEntityPanel *self)
{
  gboolean partial = is_partial (self), reading = self->reload_cancellable != NULL;
  g_autofree char *text = NULL;

  gtk_widget_set_visible (self->more_bar, partial);
  if (!partial)
    return;
  /* Translators: the panel lists the first %u entities of %u */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "The %'u entity named most often, of %'u",
                                       "The %'u entities named most often, of %'u", self->entities->len),
                          self->entities->len, self->n_listed);
  gtk_label_set_text (self->more_label, text);
  gtk_widget_set_visible (self->more_spinner, reading);
  gtk_widget_set_sensitive (self->more_button, !reading);
}

static void
list_all (KhojiEntityPanel *self)
{
  self->want_all = TRUE;
  if (is_partial (self) && self->reload_cancellable == NULL)
    khoji_entity_panel_reload (self);
  update_more_bar (self);
}

static void
on_more_button_clicked (GtkButton        *button,
                        KhojiEntityPanel *self)
{
  list_all (self);
}

void
khoji_entity_panel_set_limit (KhojiEntityPanel *self,
                              guint             limit)
{
  g_return_if_fail (KHOJI_IS_ENTITY_PANEL (self));

  self->limit = limit;
  /* The next load lists that many. */
  self->want_all = FALSE;
}

guint
khoji_entity_panel_get_wanted_limit (KhojiEntityPanel *self)
{
  g_return_val_if_fail (KHOJI_IS_ENTITY_PANEL (self), 0);

  return self->want_all || g_strcmp0 (self->sort, "name") == 0 ? 0 : self->limit;
}

gboolean
khoji_entity_panel_get_partial (KhojiEntityPanel *self)
{
  g_return_val_if_fail (KHOJI_IS_ENTITY_PANEL (self), FALSE);

  return is_partial (self);
}

/* The tree's rows are the groups, each followed by its entities (the
 * sorted list's of that type, in its order): the entity's row is its
 * group's row plus the number of entities of its type before it in the
 * sorted list. One pass over the sorted list, which hands out items by
 * position at once; walking the tree's rows made a GtkTreeListRow per
 * entity, and asking a group's filtered model for each of its items
 * looked each one up in its bitset: at 10,000 articles (29,000 entities)
 * a click in the network or the map spent 75-89 ms of the main thread
 * here. */
static gboolean
find_entity_row (KhojiEntityPanel *self,
                 gint64            entity_id,
                 guint            *out_position)
{
  GListModel *sorted = G_LIST_MODEL (self->sort_model);
  guint n = g_list_model_get_n_items (sorted), before[KHOJI_ENTITY_ORGANIZATION + 1] = { 0 };
  guint group_at = 0, k = 0;
  KhojiEntityType type = KHOJI_ENTITY_PERSON;
  gboolean found = FALSE;

  for (guint i = 0; i < n && !found; i++)
    {
      g_autoptr(KhojiEntity) entity = g_list_model_get_item (sorted, i);
      KhojiEntityType t = khoji_entity_get_entity_type (entity);

      if ((guint) t >= G_N_ELEMENTS (before))
        continue;
      if (khoji_entity_get_id (entity) == entity_id)
        {
          type = t;
          k = before[t];
          found = TRUE;
        }
      before[t]++;
    }
  if (!found)
    return FALSE;

  for (guint g = 0; g < g_list_model_get_n_items (G_LIST_MODEL (self->groups)); g++)
    {
      g_autoptr(GtkTreeListRow) row = gtk_tree_list_model_get_row (self->tree_model, group_at);
      g_autoptr(GObject) item = row ? gtk_tree_list_row_get_item (row) : NULL;
      KhojiEntityGroup *group;

      if (!KHOJI_IS_ENTITY_GROUP (item))
        return FALSE;
      group = KHOJI_ENTITY_GROUP (item);
      /* Entities in a collapsed group have no row yet. */
      gtk_tree_list_row_set_expanded (row, TRUE);
      if (group->type == type)
        {
          *out_position = group_at + 1 + k;
          return TRUE;
        }
      group_at += 1 + g_list_model_get_n_items (group->model);
    }
  return FALSE;
}

static void
select_ids (KhojiEntityPanel *self,
            GArray           *ids)
{
  g_autoptr(GtkBitset) selected = gtk_bitset_new_empty ();
  g_autoptr(GtkBitset) mask = NULL;
  guint position;

  for (guint k = 0; ids != NULL && k < ids->len; k++)
    if (find_entity_row (self, g_array_index (ids, gint64, k), &position))
      gtk_bitset_add (selected, position);

  mask = gtk_bitset_new_range (0, g_list_model_get_n_items (G_LIST_MODEL (self->tree_model)));
  gtk_selection_model_set_selection (GTK_SELECTION_MODEL (self->selection), selected, mask);
}

gboolean
khoji_entity_panel_select_entity (KhojiEntityPanel *self,
                                  gint64            entity_id)
{
  guint position;

  g_return_val_if_fail (KHOJI_IS_ENTITY_PANEL (self), FALSE);

  /* An entity hidden by the filter box cannot be shown selected. */
  if (!find_entity_row (self, entity_id, &position) && self->filter_text != NULL)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->filter_entry), "");
      g_clear_pointer (&self->filter_text, g_free);
      update_filter_func (self);
    }

  if (!find_entity_row (self, entity_id, &position))
    {
      /* Perhaps among the entities not listed: selected once they are. */
      if (!is_partial (self))
        return FALSE;
      self->select_when_listed = entity_id;
      list_all (self);
      return TRUE;
    }

  gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
  return TRUE;
}

void
khoji_entity_panel_unselect_all (KhojiEntityPanel *self)
{
  g_return_if_fail (KHOJI_IS_ENTITY_PANEL (self));

  gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->selection));
}

GPtrArray *
khoji_entity_panel_set_entities (KhojiEntityPanel *self,
                                 GPtrArray        *entities,
                                 guint             n_listed)
{
  g_autoptr(GArray) selected = NULL;
  g_autoptr(GArray) after = NULL;
  GPtrArray *previous;
  guint n_before;
  gboolean complete;

  g_return_val_if_fail (KHOJI_IS_ENTITY_PANEL (self), NULL);
  g_return_val_if_fail (entities != NULL, NULL);

  /* A list read elsewhere for the same show-hidden is as new as the
   * panel's own read, unless the panel asked for more. */
  complete = entities->len >= n_listed;
  if (complete || !self->want_all)
    {
      if (self->reload_cancellable != NULL)
        g_cancellable_cancel (self->reload_cancellable);
      g_clear_object (&self->reload_cancellable);
    }
  self->n_listed = MAX (n_listed, entities->len);
  if (complete && self->limit > 0 && entities->len > self->limit)
    self->want_all = TRUE;

  previous = g_steal_pointer (&self->entities);
  self->entities = g_ptr_array_ref (entities);

  selected = khoji_entity_panel_get_selected_ids (self);

  /* One splice, one items-changed: the lists rebuild once per reload. */
  self->restoring = TRUE;
  n_before = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  g_list_store_splice (self->store, 0, n_before, entities->pdata, entities->len);
  select_ids (self, selected);
  self->restoring = FALSE;

  khoji_entity_panel_set_loading (self, FALSE);
  update_actions (self);
  after = khoji_entity_panel_get_selected_ids (self);
  if (after->len != selected->len)
    g_signal_emit (self, signals[SELECTION_CHANGED], 0);

  if (!complete && self->want_all && self->reload_cancellable == NULL)
    khoji_entity_panel_reload (self);
  update_more_bar (self);
  if (complete && self->select_when_listed != 0)
    {
      gint64 id = self->select_when_listed;

      self->select_when_listed = 0;
      /* The caller was told TRUE: the owner hears here. */
      if (!khoji_entity_panel_select_entity (self, id))
        g_signal_emit (self, signals[ENTITY_UNLISTED], 0, id);
    }
  if (complete && self->merge_when_listed)
    {
      self->merge_when_listed = FALSE;
      gtk_widget_activate_action (GTK_WIDGET (self), "entity.merge", NULL);
    }
  return previous;
}

void
khoji_entity_panel_update_entity (KhojiEntityPanel *self,
                                  KhojiEntity      *entity)
{
  g_autoptr(GArray) selected = NULL;
  g_autoptr(GArray) after = NULL;
  GListModel *model = G_LIST_MODEL (self->store);
  gint64 id;
  guint n, pos = G_MAXUINT;
  gboolean shown;

  g_return_if_fail (KHOJI_IS_ENTITY_PANEL (self));
  g_return_if_fail (KHOJI_IS_ENTITY (entity));

  id = khoji_entity_get_id (entity);
  shown = self->show_hidden || !khoji_entity_get_hidden (entity);
  n = g_list_model_get_n_items (model);
  /* In order: the store reads its items fastest so. */
  for (guint i = 0; i < n && pos == G_MAXUINT; i++)
    {
      g_autoptr(KhojiEntity) item = g_list_model_get_item (model, i);

      if (khoji_entity_get_id (item) == id)
        pos = i;
    }
  if (pos == G_MAXUINT && !shown)
    return;

  selected = khoji_entity_panel_get_selected_ids (self);
  self->restoring = TRUE;
  if (pos == G_MAXUINT)
    g_list_store_append (self->store, entity);
  else
    g_list_store_splice (self->store, pos, 1, shown ? (gpointer *) &entity : NULL, shown ? 1 : 0);
  select_ids (self, selected);
  self->restoring = FALSE;

  update_actions (self);
  after = khoji_entity_panel_get_selected_ids (self);
  if (after->len != selected->len)
    g_signal_emit (self, signals[SELECTION_CHANGED], 0);
}

static void
sort_read_entities (GPtrArray *entities,
                    gpointer   user_data)
{
  khoji_entity_panel_sort_entities (entities, user_data);
}

static void
on_entities_read (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GWeakRef *ref = user_data;
  g_autoptr(KhojiEntityPanel) self = g_weak_ref_get (ref);
  g_autoptr(GPtrArray) entities = NULL;
  g_autoptr(GError) error = NULL;

  g_weak_ref_clear (ref);
  g_free (ref);
  entities = khoji_library_list_entities_finish (KHOJI_LIBRARY (source), result, &error);
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->reload_cancellable);
  if (entities == NULL)
    {
      g_warning ("Could not list entities: %s", error->message);
      update_more_bar (self);
      return;
    }
  /* What the list still shows holds its own references: only what no one
   * uses any more is freed, off the main thread. */
  khoji_library_unref_in_background (khoji_entity_panel_set_entities (self, entities, entities->len), NULL);
}

void
khoji_entity_panel_reload (KhojiEntityPanel *self)
{
  GWeakRef *ref;

  g_return_if_fail (KHOJI_IS_ENTITY_PANEL (self));

  if (self->library == NULL)
    return;

  /* A newer read replaces an older one. */
  if (self->reload_cancellable != NULL)
    g_cancellable_cancel (self->reload_cancellable);
  g_clear_object (&self->reload_cancellable);
  self->reload_cancellable = g_cancellable_new ();
  ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (ref, self);
  khoji_library_list_entities_async (self->library, self->show_hidden,
                                     sort_read_entities, g_strdup (self->sort), g_free,
                                     self->reload_cancellable, on_entities_read, ref);
  update_more_bar (self);
}

gboolean
khoji_entity_panel_get_busy (KhojiEntityPanel *self)
{
  g_return_val_if_fail (KHOJI_IS_ENTITY_PANEL (self), FALSE);

  return self->reload_cancellable != NULL;
}

void
khoji_entity_panel_set_loading (KhojiEntityPanel *self,
                                gboolean          loading)
{
  g_return_if_fail (KHOJI_IS_ENTITY_PANEL (self));

  self->loading = !!loading;
  gtk_stack_set_visible_child_name (self->content_stack, self->loading ? "loading" : "list");
}

gboolean
khoji_entity_panel_get_loading (KhojiEntityPanel *self)
{
  g_return_val_if_fail (KHOJI_IS_ENTITY_PANEL (self), FALSE);

  return self->loading;
}

void
khoji_entity_panel_set_library (KhojiEntityPanel *self,
                                KhojiLibrary     *library)
{
  g_return_if_fail (KHOJI_IS_ENTITY_PANEL (self));

  /* The owner loads the entities off the main thread and hands them over
   * with set_entities(); a 100,000-article library has as many. */
  g_set_object (&self->library, library);
}

void
khoji_entity_panel_focus_list (KhojiEntityPanel *self)
{
  g_return_if_fail (KHOJI_IS_ENTITY_PANEL (self));

  if (!gtk_widget_grab_focus (GTK_WIDGET (self->list_view)))
    gtk_widget_grab_focus (GTK_WIDGET (self->filter_entry));
}

void
khoji_entity_panel_focus_filter (KhojiEntityPanel *self)
{
  g_return_if_fail (KHOJI_IS_ENTITY_PANEL (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->filter_entry));
}

/* Without filter text the filter model only passes the entities on. With
 * a match function it keeps a bitset of matches, and the sort model reads
 * every entity through it after a reload: a search in the bitset per
 * entity, a third of a second for 28,000 of them. */
static void
update_filter_func (KhojiEntityPanel *self)
{
  if (self->filter_text != NULL)
    gtk_custom_filter_set_filter_func (self->filter, filter_entity, self, NULL);
  else
    gtk_custom_filter_set_filter_func (self->filter, NULL, NULL, NULL);
}

static void
apply_filter_text (KhojiEntityPanel *self,
                   const char       *text)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text ? text : ""));

  g_clear_pointer (&self->filter_text, g_free);
  if (*stripped != '\0')
    self->filter_text = g_utf8_casefold (stripped, -1);

  update_filter_func (self);
  /* What the filter finds among every entity: the list shown meanwhile
   * is filtered too. */
  if (self->filter_text != NULL && is_partial (self))
    list_all (self);
}

static void
on_filter_entry_search_changed (GtkSearchEntry   *entry,
                                KhojiEntityPanel *self)
{
  apply_filter_text (self, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

void
khoji_entity_panel_set_filter (KhojiEntityPanel *self,
                               const char       *text)
{
  g_return_if_fail (KHOJI_IS_ENTITY_PANEL (self));

  /* Applied at once: the entry's own search-changed comes after a delay. */
  gtk_editable_set_text (GTK_EDITABLE (self->filter_entry), text ? text : "");
  apply_filter_text (self, text);
}

/* ---- Corrections ---- */

static void
report_correction (KhojiEntityPanel *self,
                   guint             n_done,
                   const char       *message,
                   GError           *error)
{
  if (error != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Could not correct the entity: %s"), error->message);

      g_signal_emit (self, signals[CORRECTED], 0, text, n_done);
      return;
    }

  g_signal_emit (self, signals[CORRECTED], 0, message, n_done);
}

static void
on_rename_response (KhojiRenameDialog *dialog,
                    const char        *response,
                    KhojiEntityPanel  *self)
{
  g_autofree char *name = khoji_rename_dialog_dup_name (dialog);
  gint64 id = khoji_entity_get_id (khoji_rename_dialog_get_entity (dialog));
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (g_strcmp0 (response, "rename") != 0 || *name == '\0' || self->library == NULL)
    return;

  if (!khoji_library_rename_entity (self->library, id, name, &error))
    {
      report_correction (self, 0, NULL, error);
      return;
    }

  message = g_strdup_printf (_("Renamed to “%s”"), name);
  report_correction (self, 1, message, NULL);
}

static void
rename_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KhojiEntityPanel *self = KHOJI_ENTITY_PANEL (widget);
  g_autoptr(GPtrArray) selected = dup_selected_entities (self);
  GtkWidget *dialog;

  if (selected->len != 1)
    return;

  dialog = khoji_rename_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), g_ptr_array_index (selected, 0));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_rename_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_merge_response (KhojiMergeDialog *dialog,
                   const char       *response,
                   KhojiEntityPanel *self)
{
  GPtrArray *sources = khoji_merge_dialog_get_sources (dialog);
  KhojiEntity *target = khoji_merge_dialog_get_target (dialog);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  guint n_done = 0;

  if (g_strcmp0 (response, "merge") != 0 || target == NULL || self->library == NULL)
    return;

  for (guint i = 0; i < sources->len; i++)
    {
      KhojiEntity *source = g_ptr_array_index (sources, i);

      if (khoji_entity_get_id (source) == khoji_entity_get_id (target))
        continue;
      if (!khoji_library_merge_entities (self->library, khoji_entity_get_id (source),
                                         khoji_entity_get_id (target), &error))
        break;
      n_done++;
    }

  if (error != NULL)
    {
      report_correction (self, n_done, NULL, error);
      return;
    }

  message = g_strdup_printf (_("Merged into “%s”"), khoji_entity_get_name (target));
  report_correction (self, n_done, message, NULL);
}

static void
merge_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  KhojiEntityPanel *self = KHOJI_ENTITY_PANEL (widget);
  g_autoptr(GPtrArray) selected = dup_selected_entities (self);
  g_autoptr(GListStore) candidates = NULL;
  GtkWidget *dialog;
  guint n;

  if (selected->len == 0)
    return;
  if (is_partial (self))
    {
      self->merge_when_listed = TRUE;
      list_all (self);
      return;
    }

  /* Candidates: every listed entity in the panel's order; a single
   * source cannot be its own target, one of several can. */
  candidates = g_list_store_new (KHOJI_TYPE_ENTITY);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KhojiEntity) entity = g_list_model_get_item (G_LIST_MODEL (self->store), i);

      if (selected->len == 1 && khoji_entity_get_id (g_ptr_array_index (selected, 0)) == khoji_entity_get_id (entity))
        continue;
      g_list_store_append (candidates, entity);
    }
  g_list_store_sort (candidates, compare_entities, self);

  dialog = khoji_merge_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), selected, G_LIST_MODEL (candidates));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_merge_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_mention_activated (KhojiMentionsDialog *dialog,
                      gint64               article_id,
                      guint                start,
                      guint                end,
                      KhojiEntityPanel    *self)
{
  g_signal_emit (self, signals[MENTION_ACTIVATED], 0, article_id, start, end);
}

static void
mentions_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  KhojiEntityPanel *self = KHOJI_ENTITY_PANEL (widget);
  g_autoptr(GPtrArray) selected = dup_selected_entities (self);
  GtkWidget *dialog;

  if (selected->len != 1 || self->library == NULL)
    return;

  dialog = khoji_mentions_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), self->library,
                                      g_ptr_array_index (selected, 0));
  g_signal_connect_object (dialog, "mention-activated", G_CALLBACK (on_mention_activated), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Who corrected the entity, how and when: its corrections and the merges
 * into it, from every program and computer that shares the library. */
static void
history_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  KhojiEntityPanel *self = KHOJI_ENTITY_PANEL (widget);
  g_autoptr(GPtrArray) selected = dup_selected_entities (self);

  if (selected->len != 1 || self->library == NULL)
    return;
  gtk_window_present (GTK_WINDOW (khoji_history_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                                            self->library, g_ptr_array_index (selected, 0))));
}

static void
change_type_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  KhojiEntityPanel *self = KHOJI_ENTITY_PANEL (widget);
  g_autoptr(GPtrArray) selected = dup_selected_entities (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  KhojiEntityType type;
  guint n_done = 0;

  if (self->library == NULL || !khoji_entity_type_from_string (g_variant_get_string (parameter, NULL), &type))
    return;

  for (guint i = 0; i < selected->len; i++)
    {
      KhojiEntity *entity = g_ptr_array_index (selected, i);

      if (khoji_entity_get_entity_type (entity) == type)
        continue;
      if (!khoji_library_set_entity_type (self->library, khoji_entity_get_id (entity), type, &error))
        break;
      n_done++;
    }

  if (n_done == 0 && error == NULL)
    return;

  message = g_strdup_printf (_("Moved to %s"), group_title (type));
  report_correction (self, n_done, message, error);
}

/* Hides or shows again the selected entities not already so; returns
 * how many changed, and the last one in `changed`. */
static guint
set_selected_hidden (KhojiEntityPanel  *self,
                     GPtrArray         *selected,
                     gboolean           hidden,
                     KhojiEntity      **changed,
                     GError           **error)
{
  guint n_done = 0;

  for (guint i = 0; i < selected->len; i++)
    {
      KhojiEntity *entity = g_ptr_array_index (selected, i);

      if (khoji_entity_get_hidden (entity) == hidden)
        continue;
      if (!khoji_library_set_entity_hidden (self->library, khoji_entity_get_id (entity), hidden, error))
        break;
      *changed = entity;
      n_done++;
    }
  return n_done;
}

static void
hide_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KhojiEntityPanel *self = KHOJI_ENTITY_PANEL (widget);
  g_autoptr(GPtrArray) selected = dup_selected_entities (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  KhojiEntity *changed = NULL;
  guint n_done;

  if (self->library == NULL)
    return;

  n_done = set_selected_hidden (self, selected, TRUE, &changed, &error);
  if (n_done == 0 && error == NULL)
    return;

  if (n_done == 1)
    message = g_strdup_printf (_("“%s” hidden"), khoji_entity_get_name (changed));
  else
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u entity hidden", "%u entities hidden", n_done), n_done);
  report_correction (self, n_done, message, error);
}

static void
unhide_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KhojiEntityPanel *self = KHOJI_ENTITY_PANEL (widget);
  g_autoptr(GPtrArray) selected = dup_selected_entities (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  KhojiEntity *changed = NULL;
  guint n_done;

  if (self->library == NULL)
    return;

  n_done = set_selected_hidden (self, selected, FALSE, &changed, &error);
  if (n_done == 0 && error == NULL)
    return;

  if (n_done == 1)
    message = g_strdup_printf (_("“%s” shown again"), khoji_entity_get_name (changed));
  else
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u entity shown again", "%u entities shown again", n_done), n_done);
  report_correction (self, n_done, message, error);
}

/* ---- Rows ---- */

static void
on_row_secondary_pressed (GtkGestureClick *gesture,
                          int              n_press,
                          double           x,
                          double           y,
                          GtkListItem     *list_item)
{
  GtkWidget *row = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));
  KhojiEntityPanel *self = KHOJI_ENTITY_PANEL (gtk_widget_get_ancestor (row, KHOJI_TYPE_ENTITY_PANEL));
  guint position = gtk_list_item_get_position (list_item);
  graphene_point_t point;

  if (self == NULL || position == GTK_INVALID_LIST_POSITION)
    return;

  /* Right-clicking outside the selection acts on that row alone, as in
   * a file manager. */
  if (!gtk_selection_model_is_selected (GTK_SELECTION_MODEL (self->selection), position))
    gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);

  {
    g_autoptr(GArray) ids = khoji_entity_panel_get_selected_ids (self);

    if (ids->len == 0)
      return;
  }

  /* The menu belongs to the panel, not to the row: Hide, a new type or a
   * merge take the row away (or recycle it for another entity) while the
   * menu is still closing. */
  if (!gtk_widget_compute_point (row, GTK_WIDGET (self), &GRAPHENE_POINT_INIT (x, y), &point))
    point = GRAPHENE_POINT_INIT (x, y);
  gtk_popover_set_pointing_to (GTK_POPOVER (self->context_menu),
                               &(GdkRectangle) { (int) point.x, (int) point.y, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (self->context_menu));
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
on_factory_setup (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  KhojiEntityPanel         *self)
{
  GtkWidget *expander = gtk_tree_expander_new ();
  GtkWidget *row = khoji_entity_row_new ();
  GtkGesture *gesture;

  /* Counts line up on the right edge, whatever the name's length. */
  gtk_widget_set_hexpand (row, TRUE);

  gtk_tree_expander_set_child (GTK_TREE_EXPANDER (expander), row);
  gtk_list_item_set_child (list_item, expander);

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_SECONDARY);
  g_signal_connect (gesture, "pressed", G_CALLBACK (on_row_secondary_pressed), list_item);
  gtk_widget_add_controller (expander, GTK_EVENT_CONTROLLER (gesture));
}

static void
on_group_model_items_changed (GListModel     *model,
                              guint           position,
                              guint           removed,
                              guint           added,
                              KhojiEntityRow *row)
{
  KhojiEntityType type = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "group-type"));

  khoji_entity_row_set_group (row, group_title (type), g_list_model_get_n_items (model));
}

static void
on_factory_unbind (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   KhojiEntityPanel         *self)
{
  GListModel *model = g_object_get_data (G_OBJECT (list_item), "group-model");

  if (model != NULL)
    {
      gulong handler = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (list_item), "group-handler"));

      if (g_signal_handler_is_connected (model, handler))
        g_signal_handler_disconnect (model, handler);
      g_object_set_data (G_OBJECT (list_item), "group-model", NULL);
    }
}

static void
on_factory_bind (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 KhojiEntityPanel         *self)
{
  GtkTreeListRow *row = gtk_list_item_get_item (list_item);
  GtkWidget *expander = gtk_list_item_get_child (list_item);
  KhojiEntityRow *entity_row = KHOJI_ENTITY_ROW (gtk_tree_expander_get_child (GTK_TREE_EXPANDER (expander)));
  g_autoptr(GObject) item = gtk_tree_list_row_get_item (row);

  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (expander), row);

  if (KHOJI_IS_ENTITY_GROUP (item))
    {
      KhojiEntityGroup *group = KHOJI_ENTITY_GROUP (item);
      gulong handler;

      khoji_entity_row_set_group (entity_row, group_title (group->type),
                                  g_list_model_get_n_items (group->model));
      /* The header's count follows the filter box as one types. */
      g_object_set_data (G_OBJECT (entity_row), "group-type", GINT_TO_POINTER (group->type));
      handler = g_signal_connect (group->model, "items-changed",
                                  G_CALLBACK (on_group_model_items_changed), entity_row);
      g_object_set_data (G_OBJECT (list_item), "group-handler", GSIZE_TO_POINTER ((gsize) handler));
      g_object_set_data_full (G_OBJECT (list_item), "group-model", g_object_ref (group->model), g_object_unref);
      /* Headers are not entities: they fold, they are not picked. */
      gtk_list_item_set_selectable (list_item, FALSE);
    }
  else if (KHOJI_IS_ENTITY (item))
    {
      khoji_entity_row_set_entity (entity_row, KHOJI_ENTITY (item));
      gtk_list_item_set_selectable (list_item, TRUE);
    }
}

static void
on_list_view_activate (GtkListView      *list_view,
                       guint             position,
                       KhojiEntityPanel *self)
{
  g_autoptr(GtkTreeListRow) row = g_list_model_get_item (G_LIST_MODEL (self->tree_model), position);

  if (gtk_tree_list_row_is_expandable (row))
    gtk_tree_list_row_set_expanded (row, !gtk_tree_list_row_get_expanded (row));
}

/* ---- GObject ---- */

static void
khoji_entity_panel_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  KhojiEntityPanel *self = KHOJI_ENTITY_PANEL (object);

  switch (prop_id)
    {
    case PROP_SORT:
      g_value_set_string (value, self->sort);
      break;
    case PROP_SHOW_HIDDEN:
      g_value_set_boolean (value, self->show_hidden);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
khoji_entity_panel_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  KhojiEntityPanel *self = KHOJI_ENTITY_PANEL (object);

  switch (prop_id)
    {
    case PROP_SORT:
      {
        const char *sort = g_value_get_string (value);

        if (g_strcmp0 (sort, "name") != 0)
          sort = "count";
        if (g_strcmp0 (sort, self->sort) != 0)
          {
            g_free (self->sort);
            self->sort = g_strdup (sort);
            gtk_sorter_changed (GTK_SORTER (self->sorter), GTK_SORTER_CHANGE_DIFFERENT);
            /* The first of all names, not of those named most. */
            if (g_str_equal (self->sort, "name") && is_partial (self))
              list_all (self);
            g_object_notify_by_pspec (object, properties[PROP_SORT]);
          }
      }
      break;
    case PROP_SHOW_HIDDEN:
      if (self->show_hidden != g_value_get_boolean (value))
        {
          self->show_hidden = g_value_get_boolean (value);
          khoji_entity_panel_reload (self);
          g_object_notify_by_pspec (object, properties[PROP_SHOW_HIDDEN]);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
khoji_entity_panel_dispose (GObject *object)
{
  KhojiEntityPanel *self = KHOJI_ENTITY_PANEL (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), KHOJI_TYPE_ENTITY_PANEL);
  g_clear_pointer (&self->context_menu, gtk_widget_unparent);
  /* dispose_template() only unparents bound children; the unnamed
   * top-level box of the template must go too. */
  {
    GtkWidget *child;

    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
      gtk_widget_unparent (child);
  }

  if (self->reload_cancellable != NULL)
    g_cancellable_cancel (self->reload_cancellable);
  g_clear_object (&self->reload_cancellable);
  g_clear_object (&self->selection);
  g_clear_object (&self->tree_model);
  g_clear_object (&self->groups);
  g_clear_object (&self->sort_model);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->store);
  g_clear_pointer (&self->entities, g_ptr_array_unref);
  g_clear_object (&self->library);

  G_OBJECT_CLASS (khoji_entity_panel_parent_class)->dispose (object);
}

static void
khoji_entity_panel_finalize (GObject *object)
{
  KhojiEntityPanel *self = KHOJI_ENTITY_PANEL (object);

  g_free (self->sort);
  g_free (self->filter_text);

  G_OBJECT_CLASS (khoji_entity_panel_parent_class)->finalize (object);
}

static void
khoji_entity_panel_class_init (KhojiEntityPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = khoji_entity_panel_get_property;
  object_class->set_property = khoji_entity_panel_set_property;
  object_class->dispose = khoji_entity_panel_dispose;
  object_class->finalize = khoji_entity_panel_finalize;

  properties[PROP_SORT] =
    g_param_spec_string ("sort", NULL, NULL, "count",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_HIDDEN] =
    g_param_spec_boolean ("show-hidden", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SELECTION_CHANGED] =
    g_signal_new ("selection-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* message (translated), and how many corrections an Undo takes back */
  signals[CORRECTED] =
    g_signal_new ("corrected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_UINT);

  /* article id, start and end (code points) of a mention picked in the
   * list of an entity's mentions */
  signals[MENTION_ACTIVATED] =
    g_signal_new ("mention-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_INT64, G_TYPE_UINT, G_TYPE_UINT);

  /* entity id: asked for while not listed, not listed once all are */
  signals[ENTITY_UNLISTED] =
    g_signal_new ("entity-unlisted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/khoji-entity-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, KhojiEntityPanel, content_stack);
  gtk_widget_class_bind_template_child (widget_class, KhojiEntityPanel, filter_entry);
  gtk_widget_class_bind_template_child (widget_class, KhojiEntityPanel, list_view);
  gtk_widget_class_bind_template_child (widget_class, KhojiEntityPanel, actions_button);
  gtk_widget_class_bind_template_child (widget_class, KhojiEntityPanel, entity_menu);
  gtk_widget_class_bind_template_child (widget_class, KhojiEntityPanel, more_bar);
  gtk_widget_class_bind_template_child (widget_class, KhojiEntityPanel, more_label);
  gtk_widget_class_bind_template_child (widget_class, KhojiEntityPanel, more_spinner);
  gtk_widget_class_bind_template_child (widget_class, KhojiEntityPanel, more_button);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_entry_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_more_button_clicked);

  gtk_widget_class_install_action (widget_class, "entity.mentions", NULL, mentions_action);
  gtk_widget_class_install_action (widget_class, "entity.history", NULL, history_action);
  gtk_widget_class_install_action (widget_class, "entity.rename", NULL, rename_action);
  gtk_widget_class_install_action (widget_class, "entity.merge", NULL, merge_action);
  gtk_widget_class_install_action (widget_class, "entity.change-type", "s", change_type_action);
  gtk_widget_class_install_action (widget_class, "entity.hide", NULL, hide_action);
  gtk_widget_class_install_property_action (widget_class, "entity.sort", "sort");
  gtk_widget_class_install_action (widget_class, "entity.unhide", NULL, unhide_action);
  gtk_widget_class_install_property_action (widget_class, "entity.show-hidden", "show-hidden");

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F2, 0, "entity.rename", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "entity.hide", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_m, GDK_CONTROL_MASK, "entity.merge", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "entitypanel");
}

static void
khoji_entity_panel_init (KhojiEntityPanel *self)
{
  GtkListItemFactory *factory;
  static const KhojiEntityType types[N_GROUPS] = {
    KHOJI_ENTITY_PERSON, KHOJI_ENTITY_PLACE, KHOJI_ENTITY_ORGANIZATION,
  };

  self->sort = g_strdup ("count");
  self->limit = KHOJI_LIBRARY_TOP_ENTITIES;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* store → filter → sort, then one filtered view per type under a
   * group header, in a tree → multi-selection → list view. */
  self->store = g_list_store_new (KHOJI_TYPE_ENTITY);
  self->filter = gtk_custom_filter_new (NULL, NULL, NULL);
  self->filter_model = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->store)),
                                                  GTK_FILTER (self->filter));
  self->sorter = gtk_custom_sorter_new (compare_entities, self, NULL);
  self->sort_model = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->filter_model)),
                                              GTK_SORTER (self->sorter));

  self->groups = g_list_store_new (KHOJI_TYPE_ENTITY_GROUP);
  for (guint i = 0; i < N_GROUPS; i++)
    {
      g_autoptr(KhojiEntityGroup) group = g_object_new (KHOJI_TYPE_ENTITY_GROUP, NULL);
      GtkCustomFilter *type_filter = gtk_custom_filter_new (filter_by_type, GINT_TO_POINTER (types[i]), NULL);

      group->type = types[i];
      group->model = G_LIST_MODEL (gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->sort_model)),
                                                              GTK_FILTER (type_filter)));
      g_list_store_append (self->groups, group);
    }

  /* The groups open at first; not with autoexpand, which tried to expand
   * every entity as it came in (asking create_child_model each time):
   * 110-130 ms of the 340 ms that handing over 98,000 entities took. The
   * group rows are the tree's first three while the groups are empty. */
  self->tree_model = gtk_tree_list_model_new (G_LIST_MODEL (g_object_ref (self->groups)),
                                              FALSE, FALSE, create_child_model, NULL, NULL);
  for (guint i = 0; i < N_GROUPS; i++)
    {
      g_autoptr(GtkTreeListRow) row = gtk_tree_list_model_get_row (self->tree_model, i);

      gtk_tree_list_row_set_expanded (row, TRUE);
    }
  self->selection = gtk_multi_selection_new (G_LIST_MODEL (g_object_ref (self->tree_model)));
  g_signal_connect (self->selection, "selection-changed", G_CALLBACK (on_selection_changed), self);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (on_factory_setup), self);
  g_signal_connect (factory, "bind", G_CALLBACK (on_factory_bind), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (on_factory_unbind), self);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect (self->list_view, "activate", G_CALLBACK (on_list_view_activate), self);

  /* One menu for every row, as a text view keeps one for its text. */
  self->context_menu = gtk_popover_menu_new_from_model (self->entity_menu);
  gtk_widget_set_parent (self->context_menu, GTK_WIDGET (self));
  gtk_popover_set_has_arrow (GTK_POPOVER (self->context_menu), FALSE);
  gtk_widget_set_halign (self->context_menu, GTK_ALIGN_START);

  update_actions (self);
}
