/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-entity-panel"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "khoji-merge-dialog.h"

struct _KhojiMergeDialog
{
  AdwMessageDialog     parent_instance;

  GPtrArray           *sources;     /* of KhojiEntity */
  GtkFilterListModel  *filter_model;
  GtkStringFilter     *filter;
  GtkSingleSelection  *selection;

  GtkSearchEntry      *search_entry;
  GtkListView         *list_view;
};

G_DEFINE_FINAL_TYPE (KhojiMergeDialog, khoji_merge_dialog, ADW_TYPE_MESSAGE_DIALOG)

static const char *
type_name (KhojiEntityType type)
{
  switch (type)
    {
    case KHOJI_ENTITY_PERSON:
      return _("Person");
    case KHOJI_ENTITY_PLACE:
      return _("Place");
    case KHOJI_ENTITY_ORGANIZATION:
    default:
      return _("Organization");
    }
}

/* What the filter matches: both names. */
static char *
entity_search_text (KhojiEntity *entity)
{
  const char *latin;

  if (entity == NULL)
    return g_strdup ("");
  latin = khoji_entity_get_latin (entity);
  if (latin != NULL && *latin != '\0')
    return g_strdup_printf ("%s %s", khoji_entity_get_name (entity), latin);
  return g_strdup (khoji_entity_get_name (entity));
}

/* Edits (insert, delete, replace a character) between two short strings. */
static guint
edit_distance (const char *a,
               const char *b)
{
  g_autofree gunichar *ua = g_utf8_to_ucs4_fast (a, -1, NULL);
  g_autofree gunichar *ub = g_utf8_to_ucs4_fast (b, -1, NULL);
  glong na = g_utf8_strlen (a, -1), nb = g_utf8_strlen (b, -1);
  g_autofree guint *row = g_new (guint, nb + 1);

  for (glong j = 0; j <= nb; j++)
    row[j] = j;
  for (glong i = 1; i <= na; i++)
    {
      guint diagonal = row[0];

      row[0] = i;
      for (glong j = 1; j <= nb; j++)
        {
          guint above = row[j];

          row[j] = MIN (MIN (row[j] + 1, row[j - 1] + 1), diagonal + (ua[i - 1] == ub[j - 1] ? 0 : 1));
          diagonal = above;
        }
    }
  return row[nb];
}

/* The same name spelled another way (“मास्को”, “मॉस्को”): one edit in
 * five characters at most; or, for people, a surname alone (“पुतिन”,
 * “व्लादिमीर पुतिन”). A name inside a longer one is no proof otherwise:
 * “संयुक्त राष्ट्र” is not “संयुक्त राष्ट्र सुरक्षा परिषद”. */
static gboolean
names_close (KhojiEntity *a,
             KhojiEntity *b)
{
  g_autofree char *fa = g_utf8_casefold (khoji_entity_get_name (a), -1);
  g_autofree char *fb = g_utf8_casefold (khoji_entity_get_name (b), -1);
  glong la = g_utf8_strlen (fa, -1), lb = g_utf8_strlen (fb, -1);

  if (la < 2 || lb < 2)
    return FALSE;
  if (ABS (la - lb) <= MAX (la, lb) / 5 && edit_distance (fa, fb) <= (guint) MAX (1, MAX (la, lb) / 5))
    return TRUE;
  if (khoji_entity_get_entity_type (a) == KHOJI_ENTITY_PERSON)
    {
      const char *shorter = la < lb ? fa : fb, *longer = la < lb ? fb : fa;
      gsize ls = strlen (shorter), ll = strlen (longer);

      return strchr (shorter, ' ') == NULL && ll > ls + 1 &&
             g_str_has_suffix (longer, shorter) && longer[ll - ls - 1] == ' ';
    }
  return FALSE;
}

KhojiEntity *
khoji_merge_dialog_propose_target (GPtrArray  *sources,
                                   GListModel *candidates)
{
  KhojiEntity *best = NULL;
  guint n;

  g_return_val_if_fail (sources != NULL && sources->len > 0, NULL);

  n = g_list_model_get_n_items (candidates);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KhojiEntity) candidate = g_list_model_get_item (candidates, i);
      gboolean fits = TRUE;

      for (guint k = 0; k < sources->len && fits; k++)
        {
          KhojiEntity *source = g_ptr_array_index (sources, k);

          if (khoji_entity_get_id (source) == khoji_entity_get_id (candidate))
            continue;
          fits = khoji_entity_get_entity_type (source) == khoji_entity_get_entity_type (candidate) &&
                 names_close (source, candidate);
        }
      if (fits && (best == NULL || khoji_entity_get_article_count (candidate) > khoji_entity_get_article_count (best)))
        best = candidate;
    }
  return best;
}

GPtrArray *
khoji_merge_dialog_get_sources (KhojiMergeDialog *self)
{
  g_return_val_if_fail (KHOJI_IS_MERGE_DIALOG (self), NULL);

  return self->sources;
}

KhojiEntity *
khoji_merge_dialog_get_target (KhojiMergeDialog *self)
{
  g_return_val_if_fail (KHOJI_IS_MERGE_DIALOG (self), NULL);

  return gtk_single_selection_get_selected_item (self->selection);
}

GtkWidget *
khoji_merge_dialog_get_search_entry (KhojiMergeDialog *self)
{
  g_return_val_if_fail (KHOJI_IS_MERGE_DIALOG (self), NULL);

  return GTK_WIDGET (self->search_entry);
}

static void
on_selected_changed (GtkSingleSelection *selection,
                     GParamSpec         *pspec,
                     KhojiMergeDialog   *self)
{
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "merge",
                                           gtk_single_selection_get_selected_item (selection) != NULL);
}

static void
on_search_changed (GtkSearchEntry   *entry,
                   KhojiMergeDialog *self)
{
  gtk_string_filter_set_search (self->filter, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

/* Enter in the search picks the first match (or keeps the choice still
 * shown); it never merges by itself. */
static void
on_search_activate (GtkSearchEntry   *entry,
                    KhojiMergeDialog *self)
{
  on_search_changed (entry, self);
  if (gtk_single_selection_get_selected_item (self->selection) == NULL &&
      g_list_model_get_n_items (G_LIST_MODEL (self->selection)) > 0)
    gtk_single_selection_set_selected (self->selection, 0);
}

static void
on_list_activate (GtkListView      *list_view,
                  guint             position,
                  KhojiMergeDialog *self)
{
  gtk_single_selection_set_selected (self->selection, position);
}

static void
on_factory_setup (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *detail = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (detail), 0);
  gtk_widget_add_css_class (detail, "dim-label");
  gtk_widget_add_css_class (detail, "caption");
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), detail);
  gtk_list_item_set_child (list_item, box);
}

static void
on_factory_bind (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 gpointer                  user_data)
{
  KhojiEntity *entity = gtk_list_item_get_item (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *name = gtk_widget_get_first_child (box);
  GtkWidget *detail = gtk_widget_get_next_sibling (name);
  guint n = khoji_entity_get_article_count (entity);
  g_autofree char *articles = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u article", "%u articles", n), n);
  const char *latin = khoji_entity_get_latin (entity);
  g_autofree char *escaped = g_markup_escape_text (khoji_entity_get_name (entity), -1);
  g_autofree char *escaped_latin = g_markup_escape_text (latin ? latin : "", -1);
  g_autofree char *markup = latin && *latin ? g_strdup_printf ("%s  <span alpha=\"60%%\">%s</span>", escaped, escaped_latin)
                                            : g_strdup (escaped);
  /* Translators: an entity's type and how many articles mention it: “Place · 3 articles” */
  g_autofree char *details = g_strdup_printf (_("%s · %s"), type_name (khoji_entity_get_entity_type (entity)), articles);

  gtk_label_set_markup (GTK_LABEL (name), markup);
  gtk_label_set_text (GTK_LABEL (detail), details);
}

static void
khoji_merge_dialog_dispose (GObject *object)
{
  KhojiMergeDialog *self = KHOJI_MERGE_DIALOG (object);

  g_clear_pointer (&self->sources, g_ptr_array_unref);
  g_clear_object (&self->selection);
  g_clear_object (&self->filter_model);
  G_OBJECT_CLASS (khoji_merge_dialog_parent_class)->dispose (object);
}

static void
khoji_merge_dialog_class_init (KhojiMergeDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = khoji_merge_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/khoji-merge-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KhojiMergeDialog, search_entry);
  gtk_widget_class_bind_template_child (widget_class, KhojiMergeDialog, list_view);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_list_activate);
}

static void
khoji_merge_dialog_init (KhojiMergeDialog *self)
{
  GtkListItemFactory *factory;

  gtk_widget_init_template (GTK_WIDGET (self));

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (on_factory_setup), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (on_factory_bind), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
}

GtkWidget *
khoji_merge_dialog_new (GtkWindow  *parent,
                        GPtrArray  *sources,
                        GListModel *candidates)
{
  KhojiMergeDialog *self;
  KhojiEntity *proposed;
  guint position;

  g_return_val_if_fail (sources != NULL && sources->len > 0, NULL);
  g_return_val_if_fail (G_IS_LIST_MODEL (candidates), NULL);

  self = g_object_new (KHOJI_TYPE_MERGE_DIALOG,
                       "transient-for", parent,
                       "heading", g_dngettext (GETTEXT_PACKAGE, "Merge Entity", "Merge Entities", sources->len),
                       NULL);
  self->sources = g_ptr_array_ref (sources);
  if (sources->len == 1)
    {
      /* Translators: %s is the entity being merged */
      g_autofree char *body = g_strdup_printf (_("Which entity is “%s” the same as? Its mentions and names join that entity."),
                                               khoji_entity_get_name (g_ptr_array_index (sources, 0)));

      adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self), body);
    }

  self->filter = gtk_string_filter_new (gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                                                     G_CALLBACK (entity_search_text), NULL, NULL));
  gtk_string_filter_set_match_mode (self->filter, GTK_STRING_FILTER_MATCH_MODE_SUBSTRING);
  gtk_string_filter_set_ignore_case (self->filter, TRUE);
  self->filter_model = gtk_filter_list_model_new (g_object_ref (candidates), GTK_FILTER (self->filter));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->filter_model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);

  /* No target unless one is plainly the same entity: a merge moves
   * every mention and name, and a wrong one is hard to see. */
  proposed = khoji_merge_dialog_propose_target (sources, candidates);
  for (position = 0; proposed != NULL && position < g_list_model_get_n_items (candidates); position++)
    {
      g_autoptr(KhojiEntity) item = g_list_model_get_item (candidates, position);

      if (item == proposed)
        {
          gtk_single_selection_set_selected (self->selection, position);
          break;
        }
    }

  g_signal_connect (self->selection, "notify::selected", G_CALLBACK (on_selected_changed), self);
  on_selected_changed (self->selection, NULL, self);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  if (gtk_single_selection_get_selected (self->selection) != GTK_INVALID_LIST_POSITION)
    gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u",
                                gtk_single_selection_get_selected (self->selection));
  return GTK_WIDGET (self);
}
