/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-application"

#include "config.h"

#include <glib/gi18n.h>

#include "khoji-application.h"
#include "khoji-archive.h"
#include "khoji-paths.h"
#include "khoji-preferences-window.h"
#include "khoji-window.h"

/* From the generated resource file (compiled with --manual-register so a
 * static link cannot drop it). */
extern void khoji_register_resource (void);

struct _KhojiApplication
{
  AdwApplication  parent_instance;

  char           *library_path;
  char           *location;      /* what to open, in memory only: may hold a password */
  KhojiLibrary   *library;
  GSettings      *settings;
};

G_DEFINE_FINAL_TYPE (KhojiApplication, khoji_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_LIBRARY_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

KhojiApplication *
khoji_application_new (const char *library_path)
{
  return g_object_new (KHOJI_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       /* One resource path for every profile, so the
                        * .Devel build still finds its templates, CSS and
                        * help overlay. */
                       "resource-base-path", RESOURCE_BASE,
                       "library-path", library_path,
                       NULL);
}

const char *
khoji_application_get_library_path (KhojiApplication *self)
{
  g_return_val_if_fail (KHOJI_IS_APPLICATION (self), NULL);

  return self->library_path;
}

KhojiLibrary *
khoji_application_get_library (KhojiApplication  *self,
                               GError           **error)
{
  g_return_val_if_fail (KHOJI_IS_APPLICATION (self), NULL);

  if (self->library == NULL)
    {
      g_autofree char *path = khoji_application_dup_location (self);

      self->library = khoji_library_open (path, error);
    }

  return self->library;
}

void
khoji_application_close_library (KhojiApplication *self)
{
  g_return_if_fail (KHOJI_IS_APPLICATION (self));

  g_clear_object (&self->library);
}

GSettings *
khoji_application_get_settings (KhojiApplication *self)
{
  g_return_val_if_fail (KHOJI_IS_APPLICATION (self), NULL);

  if (self->settings == NULL)
    self->settings = g_settings_new (SCHEMA_ID);

  return self->settings;
}

gboolean
khoji_application_wants_archive (KhojiApplication *self)
{
  g_return_val_if_fail (KHOJI_IS_APPLICATION (self), FALSE);

  return self->library_path == NULL && khoji_archive_is_chosen (khoji_application_get_settings (self));
}

void
khoji_application_set_location (KhojiApplication *self,
                                const char       *location)
{
  g_return_if_fail (KHOJI_IS_APPLICATION (self));

  g_free (self->location);
  self->location = g_strdup (location);
}

char *
khoji_application_dup_location (KhojiApplication *self)
{
  g_return_val_if_fail (KHOJI_IS_APPLICATION (self), NULL);

  if (self->location)
    return g_strdup (self->location);
  if (self->library_path)
    return g_strdup (self->library_path);
  return khoji_library_default_path ();
}

void
khoji_application_reopen_library (KhojiApplication *self)
{
  g_autoptr(GList) windows = NULL;

  g_return_if_fail (KHOJI_IS_APPLICATION (self));

  /* Held, so that closing the last window does not end the program. */
  g_application_hold (G_APPLICATION (self));
  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));
  for (GList *iter = windows; iter != NULL; iter = iter->next)
    gtk_window_destroy (iter->data);
  khoji_application_close_library (self);
  g_clear_pointer (&self->location, g_free);
  g_application_activate (G_APPLICATION (self));
  g_application_release (G_APPLICATION (self));
}

char *
khoji_application_dup_samples_dir (void)
{
  const char *env = g_getenv ("KHOJI_SAMPLES_DIR");

  if (env != NULL && *env != '\0')
    return g_strdup (env);

  {
    g_autofree char *pkgdatadir = khoji_relocate_path (PKGDATADIR);

    return g_build_filename (pkgdatadir, "samples", NULL);
  }
}

static void
apply_color_scheme (KhojiApplication *self)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  AdwColorScheme scheme;

  switch (g_settings_get_enum (khoji_application_get_settings (self), "color-scheme"))
    {
    case 1:
      scheme = ADW_COLOR_SCHEME_FORCE_LIGHT;
      break;
    case 2:
      scheme = ADW_COLOR_SCHEME_FORCE_DARK;
      break;
    default:
      scheme = ADW_COLOR_SCHEME_DEFAULT;
      break;
    }

  adw_style_manager_set_color_scheme (manager, scheme);
}

static void
on_settings_color_scheme_changed (GSettings        *settings,
                                  const char       *key,
                                  KhojiApplication *self)
{
  apply_color_scheme (self);
}

static KhojiWindow *
get_or_create_window (KhojiApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (khoji_window_new (self));

  return KHOJI_WINDOW (window);
}

static void
khoji_application_activate (GApplication *app)
{
  KhojiApplication *self = KHOJI_APPLICATION (app);

  gtk_window_present (GTK_WINDOW (get_or_create_window (self)));
}

static void
khoji_application_open (GApplication  *app,
                        GFile        **files,
                        int            n_files,
                        const char    *hint)
{
  KhojiApplication *self = KHOJI_APPLICATION (app);
  KhojiWindow *window = get_or_create_window (self);

  gtk_window_present (GTK_WINDOW (window));
  khoji_window_import_files (window, files, (guint) n_files);
}

static void
on_quit_activated (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  KhojiApplication *self = user_data;
  GList *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));

  /* Closing the windows (rather than g_application_quit) lets each one
   * save its size and cancel its import. */
  for (GList *iter = windows; iter != NULL; iter = iter->next)
    gtk_window_close (iter->data);
  g_list_free (windows);
}

static void
on_preferences_activated (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  KhojiApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWindow *prefs;

  prefs = GTK_WINDOW (khoji_preferences_window_new (khoji_application_get_settings (self)));
  gtk_window_set_application (prefs, GTK_APPLICATION (self));
  gtk_window_set_transient_for (prefs, parent);
  gtk_window_set_modal (prefs, TRUE);
  gtk_window_present (prefs);
}

static void
on_shortcuts_activated (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  KhojiApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window != NULL)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
}

static void
on_about_activated (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  KhojiApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  static const char *developers[] = { "The Khoji developers", NULL };
  AdwAboutWindow *about;

  about = ADW_ABOUT_WINDOW (adw_about_window_new ());
  adw_about_window_set_application_name (about, _("Khoji"));
  adw_about_window_set_application_icon (about, APP_ID);
  adw_about_window_set_version (about, PACKAGE_VERSION);
  adw_about_window_set_comments (about, _("Read Hindi news side by side, and explore the people, places, organizations and dates they mention"));
  adw_about_window_set_developers (about, developers);
  adw_about_window_set_license_type (about, GTK_LICENSE_GPL_3_0);
  /* Translators: put your names here, one per line */
  adw_about_window_set_translator_credits (about, _("translator-credits"));
  /* The map's data, credited as their licences ask (data/gazetteer/README.md). */
  adw_about_window_add_legal_section (about, "GeoNames", NULL, GTK_LICENSE_CUSTOM,
                                      _("Towns and where they lie, from GeoNames (geonames.org), "
                                        "under the Creative Commons Attribution 4.0 licence."));
  adw_about_window_add_legal_section (about, "Natural Earth", NULL, GTK_LICENSE_CUSTOM,
                                      _("The map’s country outlines, from Natural Earth "
                                        "(naturalearthdata.com), in the public domain."));
  adw_about_window_add_legal_section (about, "geoBoundaries", NULL, GTK_LICENSE_CUSTOM,
                                      _("The borders between the states of India on the map, from "
                                        "geoBoundaries (geoboundaries.org), under the Open Database "
                                        "License 1.0."));
  adw_about_window_add_legal_section (about, "countries-states-cities-database", NULL, GTK_LICENSE_CUSTOM,
                                      _("Where states and regions lie, from the countries-states-cities "
                                        "database, under the Open Database License 1.0."));
  gtk_window_set_application (GTK_WINDOW (about), GTK_APPLICATION (self));
  gtk_window_set_transient_for (GTK_WINDOW (about), parent);
  gtk_window_present (GTK_WINDOW (about));
}

static const GActionEntry app_actions[] = {
  { "quit", on_quit_activated },
  { "preferences", on_preferences_activated },
  { "shortcuts", on_shortcuts_activated },
  { "about", on_about_activated },
};

static void
khoji_application_startup (GApplication *app)
{
  KhojiApplication *self = KHOJI_APPLICATION (app);
  static const struct {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "app.shortcuts", { "<Control>question", NULL } },
    { "win.import", { "<Control>o", NULL } },
    { "win.search", { "<Control>f", NULL } },
    { "win.close-column", { "<Control>w", NULL } },
    { "win.clear-filters", { "<Control>Escape", NULL } },
    /* Text fields handle Ctrl+Z first, so this only undoes corrections
     * when no text is being edited. */
    { "win.undo-correction(uint32 0)", { "<Control>z", NULL } },
    { "win.zoom-in", { "<Control>plus", "<Control>equal", NULL } },
    { "win.zoom-out", { "<Control>minus", NULL } },
    { "win.zoom-fit", { "<Control>0", NULL } },
    { "win.compare", { "<Shift><Control>c", NULL } },
    { "win.compare-next", { "F8", NULL } },
    { "win.compare-previous", { "<Shift>F8", NULL } },
  };

  /* Registered before the parent's startup so that AdwApplication finds
   * style.css and the help overlay under the resource base path. */
  khoji_register_resource ();

  G_APPLICATION_CLASS (khoji_application_parent_class)->startup (app);

  /* X11 window managers and task switchers take the window icon from the
   * theme, under the profile's id (the .Devel build has its own). */
  gtk_window_set_default_icon_name (APP_ID);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self),
                                           accels[i].action, accels[i].accels);

  g_signal_connect_object (khoji_application_get_settings (self), "changed::color-scheme",
                           G_CALLBACK (on_settings_color_scheme_changed), self, 0);
  apply_color_scheme (self);
}

static void
khoji_application_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  KhojiApplication *self = KHOJI_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_LIBRARY_PATH:
      g_value_set_string (value, self->library_path);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
khoji_application_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  KhojiApplication *self = KHOJI_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_LIBRARY_PATH:
      g_free (self->library_path);
      self->library_path = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
khoji_application_finalize (GObject *object)
{
  KhojiApplication *self = KHOJI_APPLICATION (object);

  g_clear_object (&self->library);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->library_path, g_free);
  g_clear_pointer (&self->location, g_free);

  G_OBJECT_CLASS (khoji_application_parent_class)->finalize (object);
}

static void
khoji_application_class_init (KhojiApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->get_property = khoji_application_get_property;
  object_class->set_property = khoji_application_set_property;
  object_class->finalize = khoji_application_finalize;

  app_class->startup = khoji_application_startup;
  app_class->activate = khoji_application_activate;
  app_class->open = khoji_application_open;

  properties[PROP_LIBRARY_PATH] =
    g_param_spec_string ("library-path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
khoji_application_init (KhojiApplication *self)
{
}
