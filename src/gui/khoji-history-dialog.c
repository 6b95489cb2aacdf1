/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-entity-panel"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "khoji-history-dialog.h"
#include "khoji-library-reader.h"

/* The history of an entity as GNOME's settings show a list: a boxed list
 * of rows, what changed as the title, who and when below it. The rows
 * are few (corrections are made by hand), so a GtkListBox of them all. */

struct _KhojiHistoryDialog
{
  AdwWindow           parent_instance;

  KhojiLibrary       *library;
  KhojiEntity        *entity;
  GCancellable       *cancellable;

  AdwWindowTitle     *window_title;
  GtkStack           *stack;
  GtkSpinner         *spinner;
  GtkListBox         *list_box;
  AdwStatusPage      *empty_page;
};

G_DEFINE_FINAL_TYPE (KhojiHistoryDialog, khoji_history_dialog, ADW_TYPE_WINDOW)

gboolean
khoji_history_dialog_get_busy (KhojiHistoryDialog *self)
{
  g_return_val_if_fail (KHOJI_IS_HISTORY_DIALOG (self), FALSE);

  return self->cancellable != NULL;
}

char *
khoji_history_dialog_dup_row_text (KhojiHistoryDialog *self,
                                   guint               n)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (KHOJI_IS_HISTORY_DIALOG (self), NULL);

  row = gtk_list_box_get_row_at_index (self->list_box, (int) n);
  if (row == NULL)
    return NULL;
  return g_strdup_printf ("%s\n%s", adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                          adw_action_row_get_subtitle (ADW_ACTION_ROW (row)));
}

/* The locale the dates are written in: that of the translation the UI
 * shows (as the timeline's axis), not of LC_TIME. */
static const char *
date_locale (void)
{
  /* Translators: the ICU locale of this translation, e.g. "hi": the timeline axis's month names */
  return C_("ICU locale", "en");
}

static const char *
type_label (const char *type)
{
  KhojiEntityType t;

  if (type == NULL || !khoji_entity_type_from_string (type, &t))
    return type ? type : "";
  switch (t)
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

/* What a correction changed, in a sentence. */
static char *
describe (const KhojiCorrectionRecord *c)
{
  const char *name = c->entity_name ? c->entity_name : "";

  if (g_str_equal (c->kind, "merge"))
    /* Translators: a correction in an entity's history */
    return g_strdup_printf (_("“%s” merged into “%s”"), name, c->target_name ? c->target_name : "");
  if (g_str_equal (c->kind, "rename"))
    {
      if (c->old_value != NULL)
        /* Translators: a correction in an entity's history: the old name, the new */
        return g_strdup_printf (_("Renamed from “%s” to “%s”"), c->old_value, c->value ? c->value : "");
      /* Translators: a correction in an entity's history */
      return g_strdup_printf (_("Renamed to “%s”"), c->value ? c->value : "");
    }
  if (g_str_equal (c->kind, "type"))
    {
      if (c->old_value != NULL && g_strcmp0 (c->old_value, c->value) != 0)
        /* Translators: a correction in an entity's history: “रूस”: type changed from Place to Organization */
        return g_strdup_printf (_("“%s”: type changed from %s to %s"), name,
                                type_label (c->old_value), type_label (c->value));
      /* Translators: a correction in an entity's history: “रूस”: type set to Place */
      return g_strdup_printf (_("“%s”: type set to %s"), name, type_label (c->value));
    }
  if (g_strcmp0 (c->value, "1") == 0)
    /* Translators: a correction in an entity's history */
    return g_strdup_printf (_("“%s” hidden"), name);
  /* Translators: a correction in an entity's history */
  return g_strdup_printf (_("“%s” shown again"), name);
}

/* Who made it and when, in local time. */
static char *
describe_who_when (const KhojiCorrectionRecord *c)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (c->created);
  g_autoptr(GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;
  g_autofree char *date = NULL;
  g_autofree char *time = NULL;
  g_autofree char *when = NULL;

  if (local != NULL)
    {
      date = khoji_format_date (g_date_time_get_year (local), g_date_time_get_month (local),
                                g_date_time_get_day_of_month (local), "dMMMy", date_locale ());
      time = g_date_time_format (local, "%H:%M");
    }
  /* Translators: a correction's date and time: “7 Dec 2026, 14:03” */
  when = g_strdup_printf (C_("date and time", "%s, %s"), date ? date : "", time ? time : "");
  if (c->who == NULL || *c->who == '\0')
    /* Translators: when a correction was made, by someone the library did not record */
    return g_strdup_printf (_("By an unknown user · %s"), when);
  /* Translators: who made a correction (a user name) and when */
  return g_strdup_printf (_("By %s · %s"), c->who, when);
}

static GtkWidget *
make_row (const KhojiCorrectionRecord *c)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = describe (c);
  g_autofree char *subtitle = describe_who_when (c);

  /* Names are the user's text, not markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  return row;
}

static void
on_corrections_read (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GWeakRef *ref = user_data;
  g_autoptr(KhojiHistoryDialog) self = g_weak_ref_get (ref);
  g_autoptr(GPtrArray) corrections = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *subtitle = NULL;

  g_weak_ref_clear (ref);
  g_free (ref);
  corrections = khoji_library_list_corrections_finish (KHOJI_LIBRARY (source), result, &error);
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  gtk_spinner_stop (self->spinner);

  if (corrections == NULL || corrections->len == 0)
    {
      if (error != NULL)
        adw_status_page_set_description (self->empty_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  /* Newest first, as a history is read. */
  for (guint i = corrections->len; i > 0; i--)
    gtk_list_box_append (self->list_box, make_row (g_ptr_array_index (corrections, i - 1)));
  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u correction", "%u corrections", corrections->len),
                              corrections->len);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_stack_set_visible_child_name (self->stack, "list");
}

static void
khoji_history_dialog_dispose (GObject *object)
{
  KhojiHistoryDialog *self = KHOJI_HISTORY_DIALOG (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->entity);
  g_clear_object (&self->library);
  G_OBJECT_CLASS (khoji_history_dialog_parent_class)->dispose (object);
}

static void
khoji_history_dialog_class_init (KhojiHistoryDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = khoji_history_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/khoji-history-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KhojiHistoryDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, KhojiHistoryDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, KhojiHistoryDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, KhojiHistoryDialog, list_box);
  gtk_widget_class_bind_template_child (widget_class, KhojiHistoryDialog, empty_page);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
khoji_history_dialog_init (KhojiHistoryDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
khoji_history_dialog_new (GtkWindow    *parent,
                          KhojiLibrary *library,
                          KhojiEntity  *entity)
{
  KhojiHistoryDialog *self;
  g_autofree char *title = NULL;
  GWeakRef *ref;

  g_return_val_if_fail (KHOJI_IS_LIBRARY (library), NULL);
  g_return_val_if_fail (KHOJI_IS_ENTITY (entity), NULL);

  self = g_object_new (KHOJI_TYPE_HISTORY_DIALOG, "transient-for", parent, NULL);
  self->library = g_object_ref (library);
  self->entity = g_object_ref (entity);
  /* Translators: the title of the list of an entity's corrections */
  title = g_strdup_printf (_("History of “%s”"), khoji_entity_get_name (entity));
  adw_window_title_set_title (self->window_title, title);
  gtk_window_set_title (GTK_WINDOW (self), title);

  gtk_spinner_start (self->spinner);
  self->cancellable = g_cancellable_new ();
  ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (ref, self);
  khoji_library_list_corrections_async (library, khoji_entity_get_id (entity), self->cancellable,
                                        on_corrections_read, ref);
  return GTK_WIDGET (self);
}
