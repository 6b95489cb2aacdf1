/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-preferences"

#include "config.h"

#include <glib/gi18n.h>

#include "khoji-preferences-window.h"

struct _KhojiPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;

  AdwComboRow          *style_row;
  GtkSpinButton        *font_size_spin;
  AdwComboRow          *sort_row;
};

G_DEFINE_FINAL_TYPE (KhojiPreferencesWindow, khoji_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* The combo rows list their choices in the order of the schema's enum and
 * choices, so a row index maps straight to a settings value. */
static const char *sort_choices[] = { "count", "name" };

static gboolean
style_get_mapping (GValue   *value,
                   GVariant *variant,
                   gpointer  user_data)
{
  const char *nick = g_variant_get_string (variant, NULL);
  guint index = 0;

  if (g_strcmp0 (nick, "light") == 0)
    index = 1;
  else if (g_strcmp0 (nick, "dark") == 0)
    index = 2;
  g_value_set_uint (value, index);
  return TRUE;
}

static GVariant *
style_set_mapping (const GValue       *value,
                   const GVariantType *expected_type,
                   gpointer            user_data)
{
  static const char *nicks[] = { "follow", "light", "dark" };
  guint index = g_value_get_uint (value);

  return g_variant_new_string (nicks[MIN (index, 2)]);
}

static gboolean
sort_get_mapping (GValue   *value,
                  GVariant *variant,
                  gpointer  user_data)
{
  g_value_set_uint (value, g_strcmp0 (g_variant_get_string (variant, NULL), "name") == 0 ? 1 : 0);
  return TRUE;
}

static GVariant *
sort_set_mapping (const GValue       *value,
                  const GVariantType *expected_type,
                  gpointer            user_data)
{
  return g_variant_new_string (sort_choices[MIN (g_value_get_uint (value), 1)]);
}

KhojiPreferencesWindow *
khoji_preferences_window_new (GSettings *settings)
{
  KhojiPreferencesWindow *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (KHOJI_TYPE_PREFERENCES_WINDOW, NULL);
  self->settings = g_object_ref (settings);

  g_settings_bind_with_mapping (settings, "color-scheme", self->style_row, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                style_get_mapping, style_set_mapping, NULL, NULL);
  g_settings_bind_with_mapping (settings, "entity-sort", self->sort_row, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                sort_get_mapping, sort_set_mapping, NULL, NULL);
  g_settings_bind (settings, "reading-font-size", self->font_size_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);

  return self;
}

static void
khoji_preferences_window_dispose (GObject *object)
{
  KhojiPreferencesWindow *self = KHOJI_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), KHOJI_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (khoji_preferences_window_parent_class)->dispose (object);
}

static void
khoji_preferences_window_class_init (KhojiPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = khoji_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/khoji-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KhojiPreferencesWindow, style_row);
  gtk_widget_class_bind_template_child (widget_class, KhojiPreferencesWindow, font_size_spin);
  gtk_widget_class_bind_template_child (widget_class, KhojiPreferencesWindow, sort_row);
}

static void
khoji_preferences_window_init (KhojiPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
