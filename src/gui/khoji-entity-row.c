/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-entity-row"

#include "config.h"

#include <glib/gi18n.h>

#include "khoji-entity-row.h"

struct _KhojiEntityRow
{
  GtkWidget  parent_instance;

  GtkLabel  *name_label;
  GtkLabel  *latin_label;
  GtkLabel  *count_label;

  char      *count_tooltip;  /* shown on request, or NULL */
};

G_DEFINE_FINAL_TYPE (KhojiEntityRow, khoji_entity_row, GTK_TYPE_WIDGET)

GtkWidget *
khoji_entity_row_new (void)
{
  return g_object_new (KHOJI_TYPE_ENTITY_ROW, NULL);
}

void
khoji_entity_row_set_entity (KhojiEntityRow *self,
                             KhojiEntity    *entity)
{
  const char *latin;
  guint articles, mentions;
  g_autofree char *counts = NULL;
  g_autofree char *tooltip = NULL;

  g_return_if_fail (KHOJI_IS_ENTITY_ROW (self));
  g_return_if_fail (KHOJI_IS_ENTITY (entity));

  gtk_widget_remove_css_class (GTK_WIDGET (self), "group-row");
  /* Hidden entities are listed only on request, and look it. */
  if (khoji_entity_get_hidden (entity))
    gtk_widget_add_css_class (GTK_WIDGET (self), "hidden-entity");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "hidden-entity");

  latin = khoji_entity_get_latin (entity);
  articles = khoji_entity_get_article_count (entity);
  mentions = khoji_entity_get_mention_count (entity);

  gtk_label_set_text (self->name_label, khoji_entity_get_name (entity));
  gtk_label_set_text (self->latin_label, latin ? latin : "");
  gtk_widget_set_visible (GTK_WIDGET (self->latin_label), latin != NULL && *latin != '\0');

  /* Compact “4 · 19”: the tooltip spells it out for those who need it. */
  counts = g_strdup_printf ("%u · %u", articles, mentions);
  gtk_label_set_text (self->count_label, counts);
  tooltip = g_strdup_printf ("%s, %s",
                             g_dngettext (GETTEXT_PACKAGE, "%u article", "%u articles", articles),
                             g_dngettext (GETTEXT_PACKAGE, "%u mention", "%u mentions", mentions));
  {
    g_autofree char *text = g_strdup_printf (tooltip, articles, mentions);

    g_free (self->count_tooltip);
    self->count_tooltip = g_strdup (text);
    gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text,
                                    -1);
  }
}

void
khoji_entity_row_set_group (KhojiEntityRow *self,
                            const char     *title,
                            guint           count)
{
  g_autofree char *counts = NULL;

  g_return_if_fail (KHOJI_IS_ENTITY_ROW (self));

  gtk_widget_add_css_class (GTK_WIDGET (self), "group-row");
  gtk_widget_remove_css_class (GTK_WIDGET (self), "hidden-entity");
  gtk_label_set_text (self->name_label, title);
  gtk_widget_set_visible (GTK_WIDGET (self->latin_label), FALSE);
  counts = g_strdup_printf ("%u", count);
  gtk_label_set_text (self->count_label, counts);
  g_clear_pointer (&self->count_tooltip, g_free);
}

/* Asked for only when the pointer rests on the counts: setting a tooltip
 * text on every bind made GTK ask the X server where the pointer is, a
 * third of the time a scrolled entity list spent. */
static gboolean
on_count_label_query_tooltip (GtkWidget      *label,
                              int             x,
                              int             y,
                              gboolean        keyboard_mode,
                              GtkTooltip     *tooltip,
                              KhojiEntityRow *self)
{
  if (self->count_tooltip == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, self->count_tooltip);
  return TRUE;
}

static void
khoji_entity_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KHOJI_TYPE_ENTITY_ROW);
  /* dispose_template() only unparents bound children; the unnamed
   * top-level box of the template must go too. */
  {
    GtkWidget *child;

    while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
      gtk_widget_unparent (child);
  }

  G_OBJECT_CLASS (khoji_entity_row_parent_class)->dispose (object);
}

static void
khoji_entity_row_finalize (GObject *object)
{
  KhojiEntityRow *self = KHOJI_ENTITY_ROW (object);

  g_free (self->count_tooltip);

  G_OBJECT_CLASS (khoji_entity_row_parent_class)->finalize (object);
}

static void
khoji_entity_row_class_init (KhojiEntityRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = khoji_entity_row_dispose;
  object_class->finalize = khoji_entity_row_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/khoji-entity-row.ui");
  gtk_widget_class_bind_template_child (widget_class, KhojiEntityRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, KhojiEntityRow, latin_label);
  gtk_widget_class_bind_template_child (widget_class, KhojiEntityRow, count_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "entityrow");
}

static void
khoji_entity_row_init (KhojiEntityRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_widget_set_has_tooltip (GTK_WIDGET (self->count_label), TRUE);
  g_signal_connect (self->count_label, "query-tooltip", G_CALLBACK (on_count_label_query_tooltip), self);
}
