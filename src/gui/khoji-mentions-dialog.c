/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-entity-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "khoji-library-reader.h"
#include "khoji-mentions-dialog.h"

/* A row of the list: one KhojiEntityMention, held by the dialog's array. */
#define KHOJI_TYPE_MENTION_ITEM (khoji_mention_item_get_type ())
G_DECLARE_FINAL_TYPE (KhojiMentionItem, khoji_mention_item, KHOJI, MENTION_ITEM, GObject)

struct _KhojiMentionItem
{
  GObject       parent_instance;
  KhojiEntityMention *mention;   /* owned by the dialog's array */
};

G_DEFINE_FINAL_TYPE (KhojiMentionItem, khoji_mention_item, G_TYPE_OBJECT)

static void khoji_mention_item_class_init (KhojiMentionItemClass *klass) { }
static void khoji_mention_item_init (KhojiMentionItem *self) { }

struct _KhojiMentionsDialog
{
  AdwWindow           parent_instance;

  KhojiLibrary       *library;
  KhojiEntity        *entity;
  GPtrArray          *mentions;      /* of KhojiEntityMention */
  GListStore         *store;         /* of KhojiMentionItem */
  GtkNoSelection     *selection;
  GCancellable       *cancellable;

  AdwWindowTitle     *window_title;
  GtkStack           *stack;
  GtkSpinner         *spinner;
  GtkListView        *list_view;
  AdwStatusPage      *empty_page;
};

G_DEFINE_FINAL_TYPE (KhojiMentionsDialog, khoji_mentions_dialog, ADW_TYPE_WINDOW)

enum {
  MENTION_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

guint
khoji_mentions_dialog_get_n_mentions (KhojiMentionsDialog *self)
{
  g_return_val_if_fail (KHOJI_IS_MENTIONS_DIALOG (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->store));
}

gboolean
khoji_mentions_dialog_get_busy (KhojiMentionsDialog *self)
{
  g_return_val_if_fail (KHOJI_IS_MENTIONS_DIALOG (self), FALSE);

  return self->cancellable != NULL;
}

void
khoji_mentions_dialog_activate (KhojiMentionsDialog *self,
                                guint                position)
{
  g_autoptr(KhojiMentionItem) item = NULL;

  g_return_if_fail (KHOJI_IS_MENTIONS_DIALOG (self));

  item = g_list_model_get_item (G_LIST_MODEL (self->store), position);
  if (item != NULL)
    g_signal_emit (self, signals[MENTION_ACTIVATED], 0,
                   item->mention->article_id, item->mention->start, item->mention->end);
}

static void
on_list_activate (GtkListView         *list_view,
                  guint                position,
                  KhojiMentionsDialog *self)
{
  khoji_mentions_dialog_activate (self, position);
}

/* The sentence with the mention in bold. */
static char *
sentence_markup (const KhojiEntityMention *mention)
{
  const char *s = mention->sentence;
  glong n = g_utf8_strlen (s, -1);
  glong from = MIN ((glong) mention->sentence_start, n);
  glong to = MIN (from + (glong) (mention->end - mention->start), n);
  const char *a = g_utf8_offset_to_pointer (s, from), *b = g_utf8_offset_to_pointer (s, to);
  g_autofree char *before = g_markup_escape_text (s, a - s);
  g_autofree char *middle = g_markup_escape_text (a, b - a);
  g_autofree char *after = g_markup_escape_text (b, -1);

  return g_strdup_printf ("%s<b>%s</b>%s", before, middle, after);
}

static void
on_factory_setup (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *sentence = gtk_label_new (NULL);
  GtkWidget *meta = gtk_label_new (NULL);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_label_set_xalign (GTK_LABEL (sentence), 0);
  gtk_label_set_wrap (GTK_LABEL (sentence), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (sentence), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (meta), 0);
  gtk_label_set_ellipsize (GTK_LABEL (meta), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (meta, "dim-label");
  gtk_widget_add_css_class (meta, "caption");
  gtk_box_append (GTK_BOX (box), sentence);
  gtk_box_append (GTK_BOX (box), meta);
  gtk_list_item_set_child (list_item, box);
}

static void
on_factory_bind (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 gpointer                  user_data)
{
  KhojiMentionItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *sentence = gtk_widget_get_first_child (box);
  GtkWidget *meta = gtk_widget_get_next_sibling (sentence);
  g_autofree char *markup = sentence_markup (item->mention);
  /* Translators: a mention's article and date: “Title · 2025-06-04” */
  g_autofree char *text = g_strdup_printf (_("%s · %s"), item->mention->title ? item->mention->title : _("Untitled"),
                                           item->mention->published ? item->mention->published : _("undated"));

  gtk_label_set_markup (GTK_LABEL (sentence), markup);
  gtk_label_set_text (GTK_LABEL (meta), text);
}

static void
on_mentions_read (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GWeakRef *ref = user_data;
  g_autoptr(KhojiMentionsDialog) self = g_weak_ref_get (ref);
  g_autoptr(GPtrArray) mentions = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *subtitle = NULL;

  g_weak_ref_clear (ref);
  g_free (ref);
  mentions = khoji_library_list_mentions_finish (KHOJI_LIBRARY (source), result, &error);
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  gtk_spinner_stop (self->spinner);

  if (mentions == NULL || mentions->len == 0)
    {
      adw_status_page_set_description (self->empty_page, error ? error->message : NULL);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  self->mentions = g_steal_pointer (&mentions);
  for (guint i = 0; i < self->mentions->len; i++)
    {
      g_autoptr(KhojiMentionItem) item = g_object_new (KHOJI_TYPE_MENTION_ITEM, NULL);

      item->mention = g_ptr_array_index (self->mentions, i);
      g_list_store_append (self->store, item);
    }
  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u mention", "%u mentions", self->mentions->len),
                              self->mentions->len);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_stack_set_visible_child_name (self->stack, "list");
}

static void
khoji_mentions_dialog_dispose (GObject *object)
{
  KhojiMentionsDialog *self = KHOJI_MENTIONS_DIALOG (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->list_view != NULL)
    gtk_list_view_set_model (self->list_view, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->store);
  g_clear_pointer (&self->mentions, g_ptr_array_unref);
  g_clear_object (&self->entity);
  g_clear_object (&self->library);
  G_OBJECT_CLASS (khoji_mentions_dialog_parent_class)->dispose (object);
}

static void
khoji_mentions_dialog_class_init (KhojiMentionsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = khoji_mentions_dialog_dispose;

  signals[MENTION_ACTIVATED] =
    g_signal_new ("mention-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_INT64, G_TYPE_UINT, G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/khoji-mentions-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KhojiMentionsDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, KhojiMentionsDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, KhojiMentionsDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, KhojiMentionsDialog, list_view);
  gtk_widget_class_bind_template_child (widget_class, KhojiMentionsDialog, empty_page);
  gtk_widget_class_bind_template_callback (widget_class, on_list_activate);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
khoji_mentions_dialog_init (KhojiMentionsDialog *self)
{
  GtkListItemFactory *factory;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->store = g_list_store_new (KHOJI_TYPE_MENTION_ITEM);
  self->selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->store)));
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (on_factory_setup), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (on_factory_bind), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
}

GtkWidget *
khoji_mentions_dialog_new (GtkWindow    *parent,
                           KhojiLibrary *library,
                           KhojiEntity  *entity)
{
  KhojiMentionsDialog *self;
  g_autofree char *title = NULL;
  GWeakRef *ref;

  g_return_val_if_fail (KHOJI_IS_LIBRARY (library), NULL);
  g_return_val_if_fail (KHOJI_IS_ENTITY (entity), NULL);

  self = g_object_new (KHOJI_TYPE_MENTIONS_DIALOG, "transient-for", parent, NULL);
  self->library = g_object_ref (library);
  self->entity = g_object_ref (entity);
  /* Translators: the title of the list of an entity's mentions */
  title = g_strdup_printf (_("Mentions of “%s”"), khoji_entity_get_name (entity));
  adw_window_title_set_title (self->window_title, title);
  gtk_window_set_title (GTK_WINDOW (self), title);

  gtk_spinner_start (self->spinner);
  self->cancellable = g_cancellable_new ();
  ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (ref, self);
  khoji_library_list_mentions_async (library, khoji_entity_get_id (entity), self->cancellable,
                                     on_mentions_read, ref);
  return GTK_WIDGET (self);
}
