/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-article-list"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "khoji-article-list.h"
#include "khoji-library-reader.h"

#define SEARCH_LIMIT 1000

struct _KhojiArticleList
{
  GtkWidget           parent_instance;

  KhojiLibrary       *library;
  char               *query;
  GHashTable         *allowed;       /* gint64* set, or NULL for all */
  GPtrArray          *all;           /* the whole library as last loaded, or NULL */
  gboolean            loading;
  gboolean            failed;        /* the last read or search gave an error */
  GCancellable       *read_cancellable;  /* the search, or the whole list's read, under way, or NULL */

  GListStore         *store;         /* of KhojiArticle */
  GtkCustomFilter    *filter;
  GtkFilterListModel *filter_model;
  GtkCustomSorter    *sorter;
  GtkSortListModel   *sort_model;
  GtkSingleSelection *selection;

  GtkLabel           *count_label;
  GtkStack           *stack;
  GtkListView        *list_view;
  AdwStatusPage      *empty_page;
};

G_DEFINE_FINAL_TYPE (KhojiArticleList, khoji_article_list, GTK_TYPE_WIDGET)

enum {
  ARTICLE_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
filter_article (gpointer item,
                gpointer user_data)
{
  KhojiArticleList *self = user_data;
  gint64 id;

  if (self->allowed == NULL)
    return TRUE;
  id = khoji_article_get_id (item);
  return g_hash_table_contains (self->allowed, &id);
}

/* The library view reads newest first, undated last. */
static int
compare_by_date (KhojiArticle *aa,
                 KhojiArticle *ab)
{
  const char *da = khoji_article_get_published (aa);
  const char *db = khoji_article_get_published (ab);
  int cmp;

  if (da == NULL && db != NULL)
    return 1;
  if (db == NULL && da != NULL)
    return -1;
  cmp = g_strcmp0 (db, da);
  if (cmp != 0)
    return cmp;
  return khoji_article_get_id (aa) < khoji_article_get_id (ab) ? -1 :
         khoji_article_get_id (aa) > khoji_article_get_id (ab) ? 1 : 0;
}

static int
compare_articles (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  KhojiArticleList *self = user_data;
  KhojiArticle *aa = KHOJI_ARTICLE ((gpointer) a);
  KhojiArticle *ab = KHOJI_ARTICLE ((gpointer) b);

  /* Search results keep the index's ranking. */
  if (self->query != NULL)
    {
      double ra = khoji_article_get_rank (aa), rb = khoji_article_get_rank (ab);

      if (ra != rb)
        return ra < rb ? -1 : 1;
      return khoji_article_get_id (aa) < khoji_article_get_id (ab) ? -1 :
             khoji_article_get_id (aa) > khoji_article_get_id (ab) ? 1 : 0;
    }

  return compare_by_date (aa, ab);
}

static int
compare_article_pointers (gconstpointer a,
                          gconstpointer b)
{
  return compare_by_date (*(KhojiArticle **) a, *(KhojiArticle **) b);
}

void
khoji_article_list_sort_articles (GPtrArray *articles)
{
  g_return_if_fail (articles != NULL);

  /* The list's sort model then finds them in order and only checks it:
   * GTK sorts with timsort, linear on sorted input. */
  g_ptr_array_sort (articles, compare_article_pointers);
}

static void
update_status (KhojiArticleList *self)
{
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  guint total = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  g_autofree char *text = NULL;

  if (self->query != NULL && self->failed)
    /* No count under a query the index could not read: nothing was
     * searched. */
    text = g_strdup (_("Search"));
  else if (self->query != NULL)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Result", "%u Results", shown), shown);
  else if (self->allowed != NULL)
    text = g_strdup_printf (_("Articles · %u of %u"), shown, total);
  else
    text = g_strdup_printf (_("Articles · %u"), shown);
  if (self->loading && self->query == NULL)
    {
      /* Nothing is known yet: a count of 0 would be a lie. */
      gtk_label_set_text (self->count_label, _("Articles"));
      gtk_stack_set_visible_child_name (self->stack, "loading");
      return;
    }
  gtk_label_set_text (self->count_label, text);

  gtk_stack_set_visible_child_name (self->stack, shown > 0 ? "list" : "empty");
}

static void
on_model_items_changed (GListModel       *model,
                        guint             position,
                        guint             removed,
                        guint             added,
                        KhojiArticleList *self)
{
  update_status (self);
}

/* Shows a list, or the error that stood in its way. */
static void
show_articles (KhojiArticleList *self,
               GPtrArray        *articles,
               const GError     *error)
{
  self->failed = articles == NULL;
  if (articles == NULL)
    {
      /* A query the index cannot read is the user's to fix, so say so
       * where they are looking rather than in a dialog. */
      g_list_store_remove_all (self->store);
      adw_status_page_set_title (self->empty_page, self->query ? _("Cannot Search for That") : _("Cannot Read the Library"));
      adw_status_page_set_description (self->empty_page, error ? error->message : NULL);
      update_status (self);
      return;
    }

  if (self->query != NULL)
    {
      adw_status_page_set_title (self->empty_page, _("No Articles Found"));
      adw_status_page_set_description (self->empty_page, _("Try other words, or fewer of them"));
    }
  else
    {
      adw_status_page_set_title (self->empty_page, _("No Articles Mention All of These"));
      adw_status_page_set_description (self->empty_page, _("Select fewer entities"));
    }

  g_list_store_splice (self->store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->store)),
                       articles->pdata, articles->len);
  update_status (self);
}

/* A read of the library's thread came back: shown unless a newer one,
 * or a list handed over, took its place. */
static void
on_read_finished (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GWeakRef *ref = user_data;
  g_autoptr(KhojiArticleList) self = g_weak_ref_get (ref);
  g_autoptr(GPtrArray) articles = NULL;
  g_autoptr(GError) error = NULL;

  g_weak_ref_clear (ref);
  g_free (ref);
  if (g_task_get_source_tag (G_TASK (result)) == khoji_library_search_async)
    articles = khoji_library_search_finish (KHOJI_LIBRARY (source), result, &error);
  else
    articles = khoji_library_list_articles_finish (KHOJI_LIBRARY (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self == NULL)
    return;
  g_clear_object (&self->read_cancellable);
  show_articles (self, articles, error);
}

void
khoji_article_list_reload (KhojiArticleList *self)
{
  GWeakRef *ref;

  g_return_if_fail (KHOJI_IS_ARTICLE_LIST (self));

  if (self->library == NULL)
    return;

  if (self->read_cancellable != NULL)
    g_cancellable_cancel (self->read_cancellable);
  g_clear_object (&self->read_cancellable);

  if (self->query == NULL && self->all != NULL)
    {
      show_articles (self, self->all, NULL);
      return;
    }
  if (self->query == NULL && self->loading)
    {
      g_list_store_remove_all (self->store);
      update_status (self);
      return;
    }

  /* The index answers a search on the library's thread, which reads the
   * whole list too when no load handed one over (the first load failed);
   * the list shows the previous answer until then, and a newer query
   * cancels this one. */
  ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (ref, self);
  self->read_cancellable = g_cancellable_new ();
  if (self->query != NULL)
    khoji_library_search_async (self->library, self->query, SEARCH_LIMIT, self->read_cancellable,
                                on_read_finished, ref);
  else
    khoji_library_list_articles_async (self->library, self->read_cancellable, on_read_finished, ref);
}

gboolean
khoji_article_list_focus (KhojiArticleList *self)
{
  g_return_val_if_fail (KHOJI_IS_ARTICLE_LIST (self), FALSE);

  return gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

const char *
khoji_article_list_get_heading (KhojiArticleList *self)
{
  g_return_val_if_fail (KHOJI_IS_ARTICLE_LIST (self), NULL);

  return gtk_label_get_text (self->count_label);
}

const char *
khoji_article_list_get_empty_title (KhojiArticleList *self)
{
  g_return_val_if_fail (KHOJI_IS_ARTICLE_LIST (self), NULL);

  return adw_status_page_get_title (self->empty_page);
}

gboolean
khoji_article_list_get_busy (KhojiArticleList *self)
{
  g_return_val_if_fail (KHOJI_IS_ARTICLE_LIST (self), FALSE);

  return self->read_cancellable != NULL;
}

void
khoji_article_list_set_library (KhojiArticleList *self,
                                KhojiLibrary     *library)
{
  g_return_if_fail (KHOJI_IS_ARTICLE_LIST (self));

  /* The owner loads the articles, off the main thread, and hands them
   * over with set_articles(). */
  if (g_set_object (&self->library, library))
    g_clear_pointer (&self->all, g_ptr_array_unref);
}

GPtrArray *
khoji_article_list_set_articles (KhojiArticleList *self,
                                 GPtrArray        *articles)
{
  GPtrArray *previous;

  g_return_val_if_fail (KHOJI_IS_ARTICLE_LIST (self), NULL);
  g_return_val_if_fail (articles != NULL, NULL);

  previous = g_steal_pointer (&self->all);
  self->all = g_ptr_array_ref (articles);
  self->loading = FALSE;
  /* A search shows the index's answer, which the change may move too;
   * without one this is a single splice of the array just loaded. */
  khoji_article_list_reload (self);
  return previous;
}

void
khoji_article_list_set_loading (KhojiArticleList *self,
                                gboolean          loading)
{
  g_return_if_fail (KHOJI_IS_ARTICLE_LIST (self));

  self->loading = !!loading;
  update_status (self);
}

gboolean
khoji_article_list_get_loading (KhojiArticleList *self)
{
  g_return_val_if_fail (KHOJI_IS_ARTICLE_LIST (self), FALSE);

  return self->loading;
}

void
khoji_article_list_set_query (KhojiArticleList *self,
                              const char       *query)
{
  g_autofree char *stripped = NULL;

  g_return_if_fail (KHOJI_IS_ARTICLE_LIST (self));

  stripped = g_strstrip (g_strdup (query ? query : ""));
  if (*stripped == '\0')
    g_clear_pointer (&stripped, g_free);

  if (g_strcmp0 (stripped, self->query) == 0)
    return;

  g_free (self->query);
  self->query = g_steal_pointer (&stripped);
  gtk_sorter_changed (GTK_SORTER (self->sorter), GTK_SORTER_CHANGE_DIFFERENT);
  khoji_article_list_reload (self);
}

void
khoji_article_list_set_filter (KhojiArticleList *self,
                               GArray           *ids)
{
  g_return_if_fail (KHOJI_IS_ARTICLE_LIST (self));

  g_clear_pointer (&self->allowed, g_hash_table_unref);
  if (ids != NULL)
    {
      self->allowed = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
      for (guint i = 0; i < ids->len; i++)
        g_hash_table_add (self->allowed, g_memdup2 (&g_array_index (ids, gint64, i), sizeof (gint64)));
    }

  /* Unfiltered, the filter model passes the articles on instead of
   * keeping a bitset that every read after a reload has to search. */
  if (self->allowed != NULL)
    gtk_custom_filter_set_filter_func (self->filter, filter_article, self, NULL);
  else
    gtk_custom_filter_set_filter_func (self->filter, NULL, NULL, NULL);
  update_status (self);
}

GListModel *
khoji_article_list_get_model (KhojiArticleList *self)
{
  g_return_val_if_fail (KHOJI_IS_ARTICLE_LIST (self), NULL);

  return G_LIST_MODEL (self->selection);
}

/* ---- Rows ---- */

static char *
snippet_markup (const char *snippet)
{
  g_autoptr(GString) markup = g_string_new (NULL);
  const char *p = snippet;

  /* The library marks matches with \x01…\x02; everything else is text
   * that must be escaped before Pango sees it. */
  while (*p != '\0')
    {
      const char *next = strpbrk (p, "\x01\x02");
      g_autofree char *escaped = g_markup_escape_text (p, next ? next - p : -1);

      g_string_append (markup, escaped);
      if (next == NULL)
        break;
      g_string_append (markup, *next == '\x01' ? "<span weight=\"bold\" background=\"#f5c211\" bgalpha=\"40%\">" : "</span>");
      p = next + 1;
    }

  return g_string_free (g_steal_pointer (&markup), FALSE);
}

static void
on_factory_setup (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *meta = gtk_label_new (NULL);
  GtkWidget *snippet = gtk_label_new (NULL);

  gtk_widget_add_css_class (box, "article-row");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (title), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (title), 2);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (title, "article-title");

  gtk_label_set_xalign (GTK_LABEL (meta), 0);
  gtk_label_set_ellipsize (GTK_LABEL (meta), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (meta, "dim-label");
  gtk_widget_add_css_class (meta, "caption");

  gtk_label_set_xalign (GTK_LABEL (snippet), 0);
  gtk_label_set_wrap (GTK_LABEL (snippet), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (snippet), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (snippet), 3);
  gtk_label_set_ellipsize (GTK_LABEL (snippet), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (snippet, "article-snippet");

  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), meta);
  gtk_box_append (GTK_BOX (box), snippet);
  gtk_list_item_set_child (list_item, box);
}

static void
on_factory_bind (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 gpointer                  user_data)
{
  KhojiArticle *article = gtk_list_item_get_item (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *title = gtk_widget_get_first_child (box);
  GtkWidget *meta = gtk_widget_get_next_sibling (title);
  GtkWidget *snippet = gtk_widget_get_next_sibling (meta);
  const char *source = khoji_article_get_source (article);
  const char *published = khoji_article_get_published (article);
  const char *hit = khoji_article_get_snippet (article);
  guint n = khoji_article_get_entity_count (article);
  g_autoptr(GString) line = g_string_new (NULL);
  g_autofree char *entities = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u entity", "%u entities", n), n);

  gtk_label_set_text (GTK_LABEL (title), khoji_article_get_title (article) ?: _("Untitled"));

  if (source != NULL && *source != '\0')
    g_string_append (line, source);
  g_string_append_printf (line, "%s%s", line->len ? " · " : "",
                          published != NULL ? published : _("undated"));
  g_string_append_printf (line, " · %s", entities);
  gtk_label_set_text (GTK_LABEL (meta), line->str);

  if (hit != NULL && *hit != '\0')
    {
      g_autofree char *markup = snippet_markup (hit);

      gtk_label_set_markup (GTK_LABEL (snippet), markup);
      gtk_widget_set_visible (snippet, TRUE);
    }
  else
    {
      gtk_label_set_text (GTK_LABEL (snippet), "");
      gtk_widget_set_visible (snippet, FALSE);
    }
}

static void
on_list_view_activate (GtkListView      *list_view,
                       guint             position,
                       KhojiArticleList *self)
{
  g_autoptr(KhojiArticle) article = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

  if (article != NULL)
    g_signal_emit (self, signals[ARTICLE_ACTIVATED], 0, khoji_article_get_id (article));
}

static void
khoji_article_list_dispose (GObject *object)
{
  KhojiArticleList *self = KHOJI_ARTICLE_LIST (object);

  if (self->read_cancellable != NULL)
    g_cancellable_cancel (self->read_cancellable);
  g_clear_object (&self->read_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), KHOJI_TYPE_ARTICLE_LIST);
  /* dispose_template() only unparents bound children; the unnamed
   * top-level box of the template must go too. */
  {
    GtkWidget *child;

    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
      gtk_widget_unparent (child);
  }
  g_clear_object (&self->selection);
  g_clear_object (&self->sort_model);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->store);
  g_clear_object (&self->library);

  G_OBJECT_CLASS (khoji_article_list_parent_class)->dispose (object);
}

static void
khoji_article_list_finalize (GObject *object)
{
  KhojiArticleList *self = KHOJI_ARTICLE_LIST (object);

  g_clear_pointer (&self->allowed, g_hash_table_unref);
  g_clear_pointer (&self->all, g_ptr_array_unref);
  g_free (self->query);

  G_OBJECT_CLASS (khoji_article_list_parent_class)->finalize (object);
}

static void
khoji_article_list_class_init (KhojiArticleListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = khoji_article_list_dispose;
  object_class->finalize = khoji_article_list_finalize;

  signals[ARTICLE_ACTIVATED] =
    g_signal_new ("article-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/khoji-article-list.ui");
  gtk_widget_class_bind_template_child (widget_class, KhojiArticleList, count_label);
  gtk_widget_class_bind_template_child (widget_class, KhojiArticleList, stack);
  gtk_widget_class_bind_template_child (widget_class, KhojiArticleList, list_view);
  gtk_widget_class_bind_template_child (widget_class, KhojiArticleList, empty_page);
  gtk_widget_class_bind_template_callback (widget_class, on_list_view_activate);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "articlelist");
}

static void
khoji_article_list_init (KhojiArticleList *self)
{
  GtkListItemFactory *factory;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->store = g_list_store_new (KHOJI_TYPE_ARTICLE);
  self->filter = gtk_custom_filter_new (NULL, NULL, NULL);
  self->filter_model = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->store)),
                                                  GTK_FILTER (self->filter));
  self->sorter = gtk_custom_sorter_new (compare_articles, self, NULL);
  self->sort_model = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->filter_model)),
                                              GTK_SORTER (self->sorter));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->sort_model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect (self->selection, "items-changed", G_CALLBACK (on_model_items_changed), self);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (on_factory_setup), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (on_factory_bind), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  update_status (self);
}
