/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-test-window"

#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <adwaita.h>
#include <sqlite3.h>
#include <json-glib/json-glib.h>

#include "khoji-application.h"
#include "khoji-history-dialog.h"
#include "khoji-mentions-dialog.h"
#include "khoji-merge-dialog.h"
#include "khoji-network-view.h"
#include "khoji-map-view.h"
#include "khoji-preferences-window.h"
#include "khoji-archive.h"
#include "khoji-rename-dialog.h"
#include "khoji-entity-panel.h"
#include "khoji-article-list.h"
#include "khoji-reading-column.h"
#include "khoji-window.h"
#include "khoji-window-private.h"
#include "khoji-test-ui.h"
#include "khoji-test-util.h"

/* The window under test lives across the test cases, in order: they are
 * the steps of one session (start empty, drop the seeds, explore,
 * correct, restart). */
static struct {
  char             *dir;
  char             *db_path;
  char             *shot_dir;
  const char       *shot_language;  /* "hi" when the window speaks Hindi, else NULL */
  KhojiApplication *app;
  KhojiWindow      *window;
  gint64            putin_id;
  gboolean          page_faded;   /* the main stack crossfaded since the window opened */
} fixture;

static void
on_transition_running (GtkStack *stack)
{
  if (gtk_stack_get_transition_running (stack))
    fixture.page_faded = TRUE;
}

static gboolean
import_done (gpointer data)
{
  return !_khoji_window_is_importing (data);
}

static gboolean
import_bar_hidden (gpointer data)
{
  return !_khoji_window_import_bar_shown (data);
}

static gboolean
load_done (gpointer data)
{
  return !_khoji_window_is_loading (data) && !_khoji_window_is_reading (data);
}

/* Every change of the library is read again off the main thread: wait
 * for the lists and the timeline to have it. */
static void
wait_loaded (void)
{
  g_assert_true (khoji_test_spin_until (load_done, fixture.window, 60000));
  khoji_test_spin (20);
}

static gboolean
read_done (gpointer data)
{
  return !_khoji_window_is_reading (data);
}

/* A correction's entity row is read on the library's thread: until it
 * comes back the panel shows the old one. */
static void
wait_entity_read (void)
{
  g_assert_true (_khoji_window_is_reading (fixture.window));
  g_assert_true (khoji_test_spin_until (read_done, fixture.window, 60000));
}

static gboolean
undo_done (gpointer data)
{
  return !_khoji_window_is_undoing (data);
}

/* The toast's Undo (entry `id`, 0: the newest), which runs on the
 * library's thread, and the reload after it. */
/* A message as the window shows it, in its language (the pictures are
 * taken in Hindi too). */
static const char *
product_text (const char *msgid)
{
  return g_dgettext (GETTEXT_PACKAGE, msgid);
}

static void
undo_and_wait (guint id)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.undo-correction", "u", id));
  g_assert_true (khoji_test_spin_until (undo_done, fixture.window, 60000));
  wait_loaded ();
}

/* Renders a widget (the window, a dialog) to a PNG when
 * KHOJI_SCREENSHOT_DIR is set: the proof pictures come from the same run
 * the assertions check. */
static void
save_widget_png (GtkWidget  *widget,
                 const char *name)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    return;
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (fixture.shot_language != NULL)
    {
      /* "size-360x640-light.png" in Hindi: "size-360x640-light-hi.png". */
      g_autofree char *stem = g_strndup (name, strlen (name) - (g_str_has_suffix (name, ".png") ? 4 : 0));
      g_autofree char *translated = g_strdup_printf ("%s-%s.png", stem, fixture.shot_language);

      path = g_build_filename (fixture.shot_dir, translated, NULL);
    }
  else
    path = g_build_filename (fixture.shot_dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

static void
screenshot (const char *name)
{
  if (fixture.shot_dir == NULL)
    return;

  /* Toasts would hide the timeline in the picture: let them time out
   * (dismissing queued toasts crashes libadwaita 1.2). */
  for (guint i = 0; i < 300 && _khoji_window_get_n_toasts (fixture.window) > 0; i++)
    khoji_test_spin (100);
  khoji_test_spin (800);
  save_widget_png (GTK_WIDGET (fixture.window), name);
}

static char *
samples_dir (void)
{
  const char *root = g_getenv ("KHOJI_SOURCE_ROOT");

  if (root == NULL)
    root = ".";
  return g_build_filename (root, "data", "samples", NULL);
}

static GPtrArray *
sample_files (void)
{
  g_autofree char *dir = samples_dir ();
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *files = g_ptr_array_new_with_free_func (g_object_unref);
  const char *name;

  g_assert_nonnull (handle);
  while ((name = g_dir_read_name (handle)) != NULL)
    if (g_str_has_suffix (name, ".txt"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);

  for (guint i = 0; i < names->len; i++)
    g_ptr_array_add (files, g_file_new_build_filename (dir, g_ptr_array_index (names, i), NULL));

  return files;
}

static void
open_window (void)
{
  if (fixture.app == NULL)
    {
      g_autoptr(GError) error = NULL;

      fixture.app = khoji_application_new (fixture.db_path);
      /* Several test runs may share a session bus. */
      g_application_set_flags (G_APPLICATION (fixture.app),
                               g_application_get_flags (G_APPLICATION (fixture.app)) | G_APPLICATION_NON_UNIQUE);
      g_application_register (G_APPLICATION (fixture.app), NULL, &error);
      g_assert_no_error (error);
    }

  fixture.window = g_object_ref (khoji_window_new (fixture.app));
  fixture.page_faded = FALSE;
  g_signal_connect (_khoji_window_get_main_stack (fixture.window), "notify::transition-running",
                    G_CALLBACK (on_transition_running), NULL);
  gtk_window_set_default_size (GTK_WINDOW (fixture.window), 1600, 1000);
  gtk_window_present (GTK_WINDOW (fixture.window));
  g_assert_true (khoji_test_spin_until (khoji_test_widget_mapped, fixture.window, 10000));
  wait_loaded ();
  khoji_test_spin (200);
}

/* Closes the window and the library: both must be freed, which also
 * proves no widget kept the library alive. */
static void
close_window (void)
{
  KhojiWindow *window = g_steal_pointer (&fixture.window);
  KhojiLibrary *library = _khoji_window_get_library (window);

  if (library != NULL)
    g_object_ref (library);
  gtk_window_destroy (GTK_WINDOW (window));
  khoji_test_spin (100);
  /* A running import holds the window until it returns (cancelled). */
  for (guint i = 0; i < 2000 && G_OBJECT (window)->ref_count > 1; i++)
    khoji_test_spin (10);
  g_assert_finalize_object (window);

  khoji_application_close_library (fixture.app);
  /* Reads on the library's thread hold it until their callbacks ran. */
  for (guint i = 0; library != NULL && i < 2000 && G_OBJECT (library)->ref_count > 1; i++)
    khoji_test_spin (10);
  if (library != NULL)
    g_assert_finalize_object (library);
}

static void
test_empty_start (void)
{
  open_window ();

  g_assert_cmpstr (_khoji_window_get_page (fixture.window), ==, "empty");
  /* Straight to it: no crossfade that drew the panes on the way. */
  g_assert_false (fixture.page_faded);
  g_assert_cmpuint (g_list_model_get_n_items (khoji_article_list_get_model (_khoji_window_get_article_list (fixture.window))), ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.zoom-fit", NULL));
  screenshot ("empty.png");
}

static void
test_drop_seeds (void)
{
  g_autoptr(GPtrArray) files = sample_files ();
  GtkDropTarget *target = _khoji_window_get_drop_target (fixture.window);
  g_auto(GValue) value = G_VALUE_INIT;
  gboolean accepted = FALSE;
  GListModel *articles;

  g_assert_cmpuint (files->len, ==, 5);

  /* Dragging over the window offers a copy and shows where it lands. */
  {
    GdkDragAction action = 0;

    g_signal_emit_by_name (target, "enter", 10.0, 10.0, &action);
    g_assert_cmpint (action, ==, GDK_ACTION_COPY);
    screenshot ("drop.png");
    g_signal_emit_by_name (target, "leave");
  }

  /* The same handler a drop from a file manager reaches. */
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_array ((GFile **) files->pdata, files->len));
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &accepted);
  g_assert_true (accepted);
  g_assert_true (_khoji_window_is_importing (fixture.window));

  g_assert_true (khoji_test_spin_until (import_done, fixture.window, 120000));
  wait_loaded ();
  khoji_test_spin (300);

  articles = khoji_article_list_get_model (_khoji_window_get_article_list (fixture.window));
  g_assert_cmpuint (khoji_library_count_articles (_khoji_window_get_library (fixture.window)), ==, 5);
  g_assert_cmpuint (g_list_model_get_n_items (articles), ==, 5);
  g_assert_cmpstr (_khoji_window_get_page (fixture.window), ==, "library");
}

static void
test_drop_duplicates (void)
{
  g_autoptr(GPtrArray) files = sample_files ();
  g_autofree char *junk_path = g_build_filename (fixture.dir, "not-an-article.bin", NULL);
  static const char junk[] = { 'P', 'K', 3, 4, 0, 0, 0, 0, 0, 1, 2, 3 };
  GApplication *app = G_APPLICATION (fixture.app);
  g_auto(GValue) value = G_VALUE_INIT;
  gboolean accepted = FALSE;
  guint windows;
  GList *toplevels;

  /* Dropping an article again must not add it twice; a file that is no
   * article is rejected with a reason the person can read. */
  g_assert_true (g_file_set_contents (junk_path, junk, sizeof junk, NULL));
  g_ptr_array_set_size (files, 1);
  g_ptr_array_add (files, g_file_new_for_path (junk_path));

  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_array ((GFile **) files->pdata, files->len));
  g_signal_emit_by_name (_khoji_window_get_drop_target (fixture.window), "drop", &value, 0.0, 0.0, &accepted);
  g_assert_true (accepted);
  g_assert_true (khoji_test_spin_until (import_done, fixture.window, 60000));
  wait_loaded ();

  g_assert_cmpuint (khoji_library_count_articles (_khoji_window_get_library (fixture.window)), ==, 5);

  /* The toast's Details button lists the rejected file. */
  windows = g_list_length (gtk_application_get_windows (GTK_APPLICATION (app)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.show-rejected", NULL));
  khoji_test_spin (200);
  toplevels = gtk_window_list_toplevels ();
  {
    guint dialogs = 0;

    for (GList *l = toplevels; l != NULL; l = l->next)
      if (ADW_IS_MESSAGE_DIALOG (l->data))
        {
          GtkWidget *scroller = adw_message_dialog_get_extra_child (l->data);

          /* How many, and a scrollbar that shows when there are more. */
          /* (In the window's language: the pictures are taken in Hindi too.) */
          g_assert_cmpstr (adw_message_dialog_get_body (l->data), ==,
                           g_dngettext (GETTEXT_PACKAGE, "This file could not be read as a news article.",
                                        "These %u files could not be read as news articles.", 1));
          g_assert_true (GTK_IS_SCROLLED_WINDOW (scroller));
          g_assert_false (gtk_scrolled_window_get_overlay_scrolling (GTK_SCROLLED_WINDOW (scroller)));
          dialogs++;
          gtk_window_destroy (l->data);
        }
    g_assert_cmpuint (dialogs, ==, 1);
  }
  g_list_free (toplevels);
  khoji_test_spin (100);
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (app))), ==, windows);
  g_unlink (junk_path);
}

static GtkWidget *
find_list_view (GtkWidget *widget)
{
  if (GTK_IS_LIST_VIEW (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_list_view (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_entity_groups (void)
{
  KhojiEntityPanel *panel = _khoji_window_get_entity_panel (fixture.window);
  GListModel *people = khoji_entity_panel_get_group_model (panel, KHOJI_ENTITY_PERSON);
  GListModel *places = khoji_entity_panel_get_group_model (panel, KHOJI_ENTITY_PLACE);
  GListModel *orgs = khoji_entity_panel_get_group_model (panel, KHOJI_ENTITY_ORGANIZATION);
  g_autoptr(GPtrArray) entities = khoji_library_list_entities (_khoji_window_get_library (fixture.window), FALSE, NULL);

  g_assert_nonnull (entities);
  g_assert_cmpuint (g_list_model_get_n_items (people), >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (places), >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (orgs), >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (people) + g_list_model_get_n_items (places) +
                    g_list_model_get_n_items (orgs), ==, entities->len);

  /* Every group open at first: its header, then its entities. */
  {
    GtkWidget *view = find_list_view (GTK_WIDGET (panel));
    GListModel *rows = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (view)));

    g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 3 + entities->len);
  }
}

static gint64 find_putin (KhojiLibrary *library);
static void get_visible_days (KhojiTimeline *timeline, double *start, double *end);
static AdwMessageDialog *find_message_dialog (void);
static gboolean group_has (KhojiEntityType type, gint64 id);

static void
test_entity_filter_and_sort (void)
{
  KhojiEntityPanel *panel = _khoji_window_get_entity_panel (fixture.window);
  GListModel *people = khoji_entity_panel_get_group_model (panel, KHOJI_ENTITY_PERSON);
  GListModel *places = khoji_entity_panel_get_group_model (panel, KHOJI_ENTITY_PLACE);
  guint all_people = g_list_model_get_n_items (people);
  g_autoptr(KhojiEntity) first = NULL;
  g_autoptr(KhojiEntity) second = NULL;

  /* The short form finds the full name through its alias. */
  khoji_entity_panel_set_filter (panel, "पुतिन");
  g_assert_cmpuint (g_list_model_get_n_items (people), >=, 1);
  g_assert_cmpuint (g_list_model_get_n_items (people), <, all_people);
  first = g_list_model_get_item (people, 0);
  g_assert_cmpint (khoji_entity_get_id (first), ==, find_putin (_khoji_window_get_library (fixture.window)));
  g_assert_cmpuint (g_list_model_get_n_items (places), ==, 0);
  g_clear_object (&first);

  /* Latin names match too, whatever their case. */
  khoji_entity_panel_set_filter (panel, "putin");
  g_assert_cmpuint (g_list_model_get_n_items (people), >=, 1);
  khoji_entity_panel_set_filter (panel, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (people), ==, all_people);

  /* By count, the most written-about first; by name, in collation order. */
  first = g_list_model_get_item (people, 0);
  second = g_list_model_get_item (people, 1);
  g_assert_cmpuint (khoji_entity_get_article_count (first), >=, khoji_entity_get_article_count (second));
  g_clear_object (&first);
  g_clear_object (&second);

  g_object_set (panel, "sort", "name", NULL);
  first = g_list_model_get_item (people, 0);
  second = g_list_model_get_item (people, 1);
  g_assert_cmpint (g_utf8_collate (khoji_entity_get_name (first), khoji_entity_get_name (second)), <=, 0);
  g_object_set (panel, "sort", "count", NULL);
}

static void
test_hide_and_undo (void)
{
  KhojiEntityPanel *panel = _khoji_window_get_entity_panel (fixture.window);
  GListModel *people = khoji_entity_panel_get_group_model (panel, KHOJI_ENTITY_PERSON);
  guint before = g_list_model_get_n_items (people);
  g_autoptr(KhojiEntity) last = g_list_model_get_item (people, before - 1);
  gint64 id = khoji_entity_get_id (last);

  /* The panel's own action, as the context menu and Delete call it. */
  g_assert_true (khoji_entity_panel_select_entity (panel, id));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (panel), "entity.hide", NULL));
  wait_loaded ();
  g_assert_cmpuint (g_list_model_get_n_items (people), ==, before - 1);

  /* The toast's Undo. */
  undo_and_wait (0);
  g_assert_cmpuint (g_list_model_get_n_items (people), ==, before);

  /* Hidden again, then listed on request and shown again from there. */
  g_assert_true (khoji_entity_panel_select_entity (panel, id));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (panel), "entity.hide", NULL));
  wait_loaded ();
  g_assert_cmpuint (g_list_model_get_n_items (people), ==, before - 1);
  /* The hidden entities are read on the library's thread: the list
   * changes when the read is back, not while the toggle is handled. */
  g_object_set (panel, "show-hidden", TRUE, NULL);
  g_assert_true (khoji_entity_panel_get_busy (panel));
  g_assert_cmpuint (g_list_model_get_n_items (people), ==, before - 1);
  wait_loaded ();
  g_assert_false (khoji_entity_panel_get_busy (panel));
  g_assert_cmpuint (g_list_model_get_n_items (people), ==, before);
  g_assert_true (khoji_entity_panel_select_entity (panel, id));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (panel), "entity.unhide", NULL));
  wait_loaded ();
  g_object_set (panel, "show-hidden", FALSE, NULL);
  wait_loaded ();
  g_assert_cmpuint (g_list_model_get_n_items (people), ==, before);
  khoji_entity_panel_unselect_all (panel);
}

/* ---- The entities named most, then all ---- */

static guint
n_listed_in_panel (KhojiEntityPanel *panel)
{
  return g_list_model_get_n_items (khoji_entity_panel_get_group_model (panel, KHOJI_ENTITY_PERSON)) +
         g_list_model_get_n_items (khoji_entity_panel_get_group_model (panel, KHOJI_ENTITY_PLACE)) +
         g_list_model_get_n_items (khoji_entity_panel_get_group_model (panel, KHOJI_ENTITY_ORGANIZATION));
}

static gboolean
group_model_has (GListModel *model,
                 gint64      id)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(KhojiEntity) e = g_list_model_get_item (model, i);

      if (khoji_entity_get_id (e) == id)
        return TRUE;
    }
  return FALSE;
}

/* A drawn widget of TYPE whose text (a label's, a button's) is TEXT. */
static GtkWidget *
find_drawn_text (GtkWidget  *widget,
                 GType       type,
                 const char *text)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) && gtk_widget_is_drawable (widget))
    {
      const char *shown = GTK_IS_LABEL (widget) ? gtk_label_get_text (GTK_LABEL (widget))
                        : GTK_IS_BUTTON (widget) ? gtk_button_get_label (GTK_BUTTON (widget)) : NULL;

      if (g_strcmp0 (shown, text) == 0)
        return widget;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_drawn_text (child, type, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static KhojiMergeDialog *find_merge_dialog (void);

static void
record_id (gint64 *out,
           gint64  id)
{
  *out = id;
}

/* Lists the first `limit` entities, as a big library's panel does. */
static void
list_first (KhojiEntityPanel *panel,
            guint             limit)
{
  khoji_entity_panel_set_limit (panel, limit);
  _khoji_window_reload_all (fixture.window);
  wait_loaded ();
}

static void
test_entity_panel_first_entities (void)
{
  KhojiEntityPanel *panel = _khoji_window_get_entity_panel (fixture.window);
  g_autoptr(GPtrArray) all = khoji_library_list_entities (_khoji_window_get_library (fixture.window), FALSE, NULL);
  g_autofree char *bar_text = NULL;
  g_autoptr(GArray) selected = NULL;
  KhojiEntity *last;
  GListModel *group;
  const guint limit = 5;

  g_assert_cmpuint (all->len, >, limit + 2);
  last = g_ptr_array_index (all, all->len - 1);
  group = khoji_entity_panel_get_group_model (panel, khoji_entity_get_entity_type (last));

  /* The first five of the library's listing, and a bar that says so. */
  list_first (panel, limit);
  g_assert_true (khoji_entity_panel_get_partial (panel));
  g_assert_cmpuint (n_listed_in_panel (panel), ==, limit);
  for (guint i = 0; i < all->len; i++)
    {
      KhojiEntity *e = g_ptr_array_index (all, i);
      GListModel *model = khoji_entity_panel_get_group_model (panel, khoji_entity_get_entity_type (e));

      g_assert_cmpint (group_model_has (model, khoji_entity_get_id (e)), ==, i < limit);
    }
  bar_text = g_strdup_printf ("The %u entities named most often, of %u", limit, all->len);
  g_assert_nonnull (find_drawn_text (GTK_WIDGET (panel), GTK_TYPE_LABEL, bar_text));

  /* The filter finds what is not listed: it lists them all. */
  khoji_entity_panel_set_filter (panel, khoji_entity_get_name (last));
  wait_loaded ();
  g_assert_false (khoji_entity_panel_get_partial (panel));
  g_assert_true (group_model_has (group, khoji_entity_get_id (last)));
  g_assert_null (find_drawn_text (GTK_WIDGET (panel), GTK_TYPE_LABEL, bar_text));
  khoji_entity_panel_set_filter (panel, NULL);
  g_assert_cmpuint (n_listed_in_panel (panel), ==, all->len);
  /* And the loads after it list them all too. */
  _khoji_window_reload_all (fixture.window);
  wait_loaded ();
  g_assert_cmpuint (n_listed_in_panel (panel), ==, all->len);

  /* Show All, as clicked. */
  list_first (panel, limit);
  g_assert_cmpuint (n_listed_in_panel (panel), ==, limit);
  {
    GtkWidget *button = find_drawn_text (GTK_WIDGET (panel), GTK_TYPE_BUTTON, _("Show _All"));

    g_assert_nonnull (button);
    g_signal_emit_by_name (button, "clicked");
    g_assert_false (gtk_widget_get_sensitive (button));
  }
  wait_loaded ();
  g_assert_cmpuint (n_listed_in_panel (panel), ==, all->len);

  /* An entity picked elsewhere (a reading column, the map) that is not
   * listed is selected once every entity is. */
  list_first (panel, limit);
  g_assert_false (group_model_has (group, khoji_entity_get_id (last)));
  g_assert_true (khoji_entity_panel_select_entity (panel, khoji_entity_get_id (last)));
  wait_loaded ();
  selected = khoji_entity_panel_get_selected_ids (panel);
  g_assert_cmpuint (selected->len, ==, 1);
  g_assert_cmpint (g_array_index (selected, gint64, 0), ==, khoji_entity_get_id (last));
  khoji_entity_panel_unselect_all (panel);

  /* One picked elsewhere that is not listed because it is hidden: once
   * every entity is listed, the window offers to show it, as it does
   * when the panel lists every entity from the start. */
  {
    KhojiLibrary *library = _khoji_window_get_library (fixture.window);
    gint64 unlisted = 0;
    gulong handler;
    guint toasts;

    g_assert_true (khoji_library_set_entity_hidden (library, khoji_entity_get_id (last), TRUE, NULL));
    list_first (panel, limit);
    handler = g_signal_connect_swapped (panel, "entity-unlisted", G_CALLBACK (record_id), &unlisted);
    toasts = _khoji_window_get_n_toasts (fixture.window);
    g_assert_true (khoji_entity_panel_select_entity (panel, khoji_entity_get_id (last)));
    wait_loaded ();
    g_assert_false (khoji_entity_panel_get_partial (panel));
    g_assert_cmpint (unlisted, ==, khoji_entity_get_id (last));
    g_assert_cmpuint (_khoji_window_get_n_toasts (fixture.window), ==, toasts + 1);
    g_clear_pointer (&selected, g_array_unref);
    selected = khoji_entity_panel_get_selected_ids (panel);
    g_assert_cmpuint (selected->len, ==, 0);
    g_signal_handler_disconnect (panel, handler);
    g_assert_true (khoji_library_set_entity_hidden (library, khoji_entity_get_id (last), FALSE, NULL));
  }

  /* Merge Into… offers every entity: they are listed before it opens. */
  list_first (panel, limit);
  g_assert_true (khoji_entity_panel_select_entity (panel, khoji_entity_get_id (g_ptr_array_index (all, 0))));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (panel), "entity.merge", NULL));
  g_assert_null (find_merge_dialog ());
  wait_loaded ();
  khoji_test_spin (300);
  g_assert_false (khoji_entity_panel_get_partial (panel));
  g_assert_nonnull (find_merge_dialog ());
  gtk_window_destroy (GTK_WINDOW (find_merge_dialog ()));
  khoji_test_spin (100);
  khoji_entity_panel_unselect_all (panel);

  list_first (panel, KHOJI_LIBRARY_TOP_ENTITIES);
  g_assert_false (khoji_entity_panel_get_partial (panel));
  g_assert_cmpuint (n_listed_in_panel (panel), ==, all->len);
}

static gint64
find_putin (KhojiLibrary *library)
{
  g_autoptr(GPtrArray) entities = khoji_library_list_entities (library, FALSE, NULL);

  for (guint i = 0; i < entities->len; i++)
    {
      KhojiEntity *entity = g_ptr_array_index (entities, i);
      g_auto(GStrv) aliases = khoji_entity_dup_aliases (entity);

      if (g_strcmp0 (khoji_entity_get_name (entity), "व्लादिमीर पुतिन") == 0 ||
          (aliases != NULL && g_strv_contains ((const char * const *) aliases, "पुतिन")))
        return khoji_entity_get_id (entity);
    }
  return 0;
}

static void
test_select_putin (void)
{
  KhojiLibrary *library = _khoji_window_get_library (fixture.window);
  KhojiEntityPanel *panel = _khoji_window_get_entity_panel (fixture.window);
  GListModel *articles = khoji_article_list_get_model (_khoji_window_get_article_list (fixture.window));
  g_autoptr(GArray) expected = NULL;
  g_autoptr(GArray) selected = NULL;
  g_autoptr(GPtrArray) events = NULL;
  graphene_point_t before, after;
  guint n;

  fixture.putin_id = find_putin (library);
  g_assert_cmpint (fixture.putin_id, >, 0);

  khoji_entity_panel_unselect_all (panel);
  wait_loaded ();
  /* The import bar of the set-up's import stays a moment and takes room
   * while it is there: measure once it is gone. */
  g_assert_true (khoji_test_spin_until (import_bar_hidden, fixture.window, 10000));
  g_assert_true (gtk_widget_compute_point (GTK_WIDGET (panel), GTK_WIDGET (fixture.window),
                                           &GRAPHENE_POINT_INIT (0, 0), &before));
  g_assert_true (khoji_entity_panel_select_entity (panel, fixture.putin_id));
  wait_loaded ();
  khoji_test_spin (300);
  /* The banner names the selection without moving the panes: a second
   * click must land on the row the pointer is over. */
  g_assert_nonnull (strstr (_khoji_window_get_banner_text (fixture.window), "पुतिन"));
  g_assert_true (gtk_widget_compute_point (GTK_WIDGET (panel), GTK_WIDGET (fixture.window),
                                           &GRAPHENE_POINT_INIT (0, 0), &after));
  g_assert_cmpfloat (after.y, ==, before.y);
  selected = khoji_entity_panel_get_selected_ids (panel);
  g_assert_cmpuint (selected->len, ==, 1);
  g_assert_cmpint (g_array_index (selected, gint64, 0), ==, fixture.putin_id);

  expected = khoji_library_articles_for_entity (library, fixture.putin_id, NULL);
  g_assert_nonnull (expected);
  g_assert_cmpuint (expected->len, >, 0);

  n = g_list_model_get_n_items (articles);
  g_assert_cmpuint (n, ==, expected->len);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KhojiArticle) article = g_list_model_get_item (articles, i);
      gboolean found = FALSE;

      for (guint k = 0; k < expected->len; k++)
        if (g_array_index (expected, gint64, k) == khoji_article_get_id (article))
          found = TRUE;
      g_assert_true (found);
    }

  /* The timeline follows the selection too. */
  events = khoji_library_list_events (library, fixture.putin_id, NULL);
  g_assert_cmpuint (khoji_timeline_get_n_events (_khoji_window_get_timeline (fixture.window)), ==, events->len);
}

static KhojiMentionsDialog *
find_mentions_dialog (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (KHOJI_IS_MENTIONS_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

static gboolean
mentions_read (gpointer data)
{
  return !khoji_mentions_dialog_get_busy (data);
}

/* From an entity, the list of all its mentions; one picked opens its
 * article at it, and the column steps to the next and previous mention
 * of the selection. */
static void
test_entity_mentions (void)
{
  KhojiEntityPanel *panel = _khoji_window_get_entity_panel (fixture.window);
  g_autoptr(KhojiEntity) putin = khoji_library_get_entity (_khoji_window_get_library (fixture.window),
                                                           fixture.putin_id, NULL);
  KhojiMentionsDialog *dialog;
  GtkWidget *column;
  g_autofree char *first = NULL;
  g_autofree char *next = NULL;
  g_autoptr(GArray) articles = NULL;
  guint columns = _khoji_window_get_n_columns (fixture.window);

  g_assert_true (khoji_entity_panel_select_entity (panel, fixture.putin_id));
  wait_loaded ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (panel), "entity.mentions", NULL));
  khoji_test_spin (100);
  dialog = find_mentions_dialog ();
  g_assert_nonnull (dialog);
  g_assert_true (khoji_test_spin_until (mentions_read, dialog, 30000));
  khoji_test_spin (200);
  g_assert_cmpuint (khoji_mentions_dialog_get_n_mentions (dialog), ==, khoji_entity_get_mention_count (putin));
  if (fixture.shot_dir != NULL)
    save_widget_png (GTK_WIDGET (dialog), "mentions.png");

  /* The first is in the newest article that mentions him. */
  khoji_mentions_dialog_activate (dialog, 0);
  wait_loaded ();
  g_assert_cmpuint (_khoji_window_get_n_columns (fixture.window), >=, columns);
  gtk_window_destroy (GTK_WINDOW (dialog));
  khoji_test_spin (100);

  articles = khoji_library_articles_for_entity (_khoji_window_get_library (fixture.window), fixture.putin_id, NULL);
  column = NULL;
  for (guint i = 0; i < articles->len && column == NULL; i++)
    column = _khoji_window_get_column (fixture.window, g_array_index (articles, gint64, i));
  g_assert_nonnull (column);
  g_assert_true (gtk_widget_activate_action (column, "column.next-mention", NULL));
  first = khoji_reading_column_dup_selection (KHOJI_READING_COLUMN (column));
  g_assert_nonnull (first);
  g_assert_nonnull (strstr (first, "पुतिन"));
  g_assert_true (gtk_widget_activate_action (column, "column.previous-mention", NULL));
  g_assert_true (gtk_widget_activate_action (column, "column.next-mention", NULL));
  next = khoji_reading_column_dup_selection (KHOJI_READING_COLUMN (column));
  g_assert_nonnull (next);
  g_assert_nonnull (strstr (next, "पुतिन"));
}

static void
test_reading_columns (void)
{
  GListModel *articles = khoji_article_list_get_model (_khoji_window_get_article_list (fixture.window));
  g_autoptr(KhojiArticle) first = g_list_model_get_item (articles, 0);
  g_autoptr(KhojiArticle) second = g_list_model_get_item (articles, 1);

  g_assert_nonnull (first);
  g_assert_nonnull (second);

  khoji_window_open_article (fixture.window, khoji_article_get_id (first));
  khoji_window_open_article (fixture.window, khoji_article_get_id (second));
  /* Opening an open article shows it rather than adding a column. */
  khoji_window_open_article (fixture.window, khoji_article_get_id (first));
  g_assert_cmpuint (_khoji_window_get_n_columns (fixture.window), ==, 2);

  {
    KhojiTimeline *timeline = _khoji_window_get_timeline (fixture.window);
    GDate from, to;

    /* Months on the axis for the screenshot: the seeds speak of 2024–25. */
    g_date_clear (&from, 1);
    g_date_clear (&to, 1);
    g_date_set_dmy (&from, 1, G_DATE_MAY, 2024);
    g_date_set_dmy (&to, 31, G_DATE_JULY, 2025);
    khoji_timeline_show_range (timeline, g_date_get_julian (&from), g_date_get_julian (&to));
  }
  screenshot ("reading.png");

  /* Ctrl+W closes the column with the focus: the one shown last. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.close-column", NULL));
  g_assert_cmpuint (_khoji_window_get_n_columns (fixture.window), ==, 1);
  khoji_window_open_article (fixture.window, khoji_article_get_id (second));
  g_assert_cmpuint (_khoji_window_get_n_columns (fixture.window), ==, 1);
  khoji_window_open_article (fixture.window, khoji_article_get_id (first));
  g_assert_cmpuint (_khoji_window_get_n_columns (fixture.window), ==, 2);
}

static gboolean
press_key (guint keyval, GdkModifierType state)
{
  GListModel *controllers = gtk_widget_observe_controllers (GTK_WIDGET (fixture.window));
  gboolean handled = FALSE;
  gboolean found = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (g_strcmp0 (gtk_event_controller_get_name (controller), "khoji-pane-keys") == 0)
        {
          g_signal_emit_by_name (controller, "key-pressed", keyval, 0, state, &handled);
          found = TRUE;
        }
    }
  g_object_unref (controllers);
  g_assert_true (found);
  khoji_test_spin (50);
  return handled;
}

static gboolean
focus_in (GType type)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (fixture.window));

  return focus != NULL && gtk_widget_get_ancestor (focus, type) != NULL;
}

/* Tab leaves a list for the next pane (it walked the forty rows of the
 * entity list one by one); the arrows stay for moving within it. */
static void
test_tab_between_panes (void)
{
  g_assert_cmpuint (_khoji_window_get_n_columns (fixture.window), >, 0);

  khoji_entity_panel_focus_list (_khoji_window_get_entity_panel (fixture.window));
  khoji_test_spin (50);
  g_assert_true (focus_in (KHOJI_TYPE_ENTITY_PANEL));
  g_assert_true (focus_in (GTK_TYPE_LIST_VIEW));

  g_assert_true (press_key (GDK_KEY_Tab, 0));
  g_assert_true (focus_in (KHOJI_TYPE_ARTICLE_LIST));
  g_assert_true (focus_in (GTK_TYPE_LIST_VIEW));
  gtk_window_set_focus_visible (GTK_WINDOW (fixture.window), TRUE);
  screenshot ("focus-articles.png");

  g_assert_true (press_key (GDK_KEY_Tab, 0));
  g_assert_true (focus_in (KHOJI_TYPE_READING_COLUMN));

  /* Outside a list, Tab is GTK's own. */
  g_assert_false (press_key (GDK_KEY_Tab, 0));

  khoji_article_list_focus (_khoji_window_get_article_list (fixture.window));
  g_assert_true (press_key (GDK_KEY_ISO_Left_Tab, GDK_SHIFT_MASK));
  g_assert_true (focus_in (KHOJI_TYPE_ENTITY_PANEL));
  /* Ctrl+Tab is not ours. */
  g_assert_false (press_key (GDK_KEY_Tab, GDK_CONTROL_MASK));
}

static gboolean
window_width_is (gpointer data)
{
  int width = gtk_widget_get_width (GTK_WIDGET (fixture.window));

  /* Within the frame the window draws around its content. */
  return width <= GPOINTER_TO_INT (data) && width >= GPOINTER_TO_INT (data) - 20 &&
         _khoji_window_is_narrow (fixture.window) == (GPOINTER_TO_INT (data) < 900);
}

static void
resize_window (int width, int height)
{
  gtk_window_set_default_size (GTK_WINDOW (fixture.window), width, height);
  if (!khoji_test_spin_until (window_width_is, GINT_TO_POINTER (width), 10000))
    g_error ("asked for %d px, the window is %d px wide, narrow: %d", width,
             gtk_widget_get_width (GTK_WIDGET (fixture.window)), _khoji_window_is_narrow (fixture.window));
  khoji_test_spin (300);
}

static guint
count_visible_columns (void)
{
  GtkWidget *any = NULL;
  guint n = 0;
  GListModel *articles = khoji_article_list_get_model (_khoji_window_get_article_list (fixture.window));

  for (guint i = 0; i < g_list_model_get_n_items (articles) && any == NULL; i++)
    {
      g_autoptr(KhojiArticle) article = g_list_model_get_item (articles, i);

      any = _khoji_window_get_column (fixture.window, khoji_article_get_id (article));
    }
  g_assert_nonnull (any);
  for (GtkWidget *c = gtk_widget_get_first_child (gtk_widget_get_parent (any)); c != NULL; c = gtk_widget_get_next_sibling (c))
    n += gtk_widget_get_visible (c) && gtk_widget_get_mapped (c);
  return n;
}

/* Down to a phone's 360 px: one pane at a time with a switcher, one
 * reading column across the width, the timeline folded; and back. */
static void
test_narrow_layout (void)
{
  GtkWidget *panel = GTK_WIDGET (_khoji_window_get_entity_panel (fixture.window));
  GtkWidget *list = GTK_WIDGET (_khoji_window_get_article_list (fixture.window));
  GListModel *articles = khoji_article_list_get_model (KHOJI_ARTICLE_LIST (list));
  g_autoptr(KhojiArticle) first = g_list_model_get_item (articles, 0);
  GtkWidget *column;

  g_assert_cmpuint (_khoji_window_get_n_columns (fixture.window), >=, 2);
  g_assert_false (_khoji_window_is_narrow (fixture.window));

  resize_window (800, 600);
  g_assert_true (_khoji_window_is_narrow (fixture.window));
  screenshot ("narrow-800x600.png");

  /* At 360 px the window is no wider than that: nothing forces it. */
  resize_window (360, 640);
  g_assert_cmpint (_khoji_window_get_pane (fixture.window), !=, -1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.show-pane", "s", "entities"));
  khoji_test_spin (200);
  g_assert_true (gtk_widget_get_mapped (panel));
  g_assert_false (gtk_widget_get_mapped (list));
  screenshot ("narrow-360-entities.png");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.show-pane", "s", "articles"));
  khoji_test_spin (200);
  g_assert_false (gtk_widget_get_mapped (panel));
  g_assert_true (gtk_widget_get_mapped (list));
  screenshot ("narrow-360-articles.png");

  /* Opening an article shows it, alone and across the window. */
  khoji_window_open_article (fixture.window, khoji_article_get_id (first));
  wait_loaded ();
  khoji_test_spin (300);
  g_assert_cmpint (_khoji_window_get_pane (fixture.window), ==, KHOJI_PANE_READING);
  column = _khoji_window_get_column (fixture.window, khoji_article_get_id (first));
  g_assert_true (gtk_widget_get_mapped (column));
  g_assert_cmpuint (count_visible_columns (), ==, 1);
  g_assert_cmpint (gtk_widget_get_width (column), >, 300);
  g_assert_cmpint (gtk_widget_get_width (column), <=, 360);
  screenshot ("narrow-360-reading.png");

  /* The timeline is folded to its toolbar, and unfolds. */
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (_khoji_window_get_timeline (fixture.window))));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.fold-timeline", NULL));
  khoji_test_spin (300);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (_khoji_window_get_timeline (fixture.window))));
  screenshot ("narrow-360-timeline.png");

  /* Wide again: every pane and every column. */
  resize_window (1600, 1000);
  g_assert_cmpint (_khoji_window_get_pane (fixture.window), ==, -1);
  g_assert_true (gtk_widget_get_mapped (panel));
  g_assert_true (gtk_widget_get_mapped (list));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (_khoji_window_get_timeline (fixture.window))));
  g_assert_cmpuint (count_visible_columns (), ==, _khoji_window_get_n_columns (fixture.window));
}

/* The pictures of data/screenshots and the metainfo, from the same run
 * the assertions check: every width the window supports, light and dark.
 * Registered only when KHOJI_SCREENSHOT_DIR asks for pictures. */
static void
test_screenshot_sizes (void)
{
  static const struct { int width, height; } sizes[] = {
    { 1920, 1080 }, { 1400, 900 }, { 800, 600 }, { 360, 640 },
  };
  AdwStyleManager *manager = adw_style_manager_get_default ();

  for (guint dark = 0; dark < 2; dark++)
    {
      adw_style_manager_set_color_scheme (manager, dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
      for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
        {
          g_autofree char *name = g_strdup_printf ("size-%dx%d-%s.png", sizes[i].width, sizes[i].height,
                                                   dark ? "dark" : "light");

          resize_window (sizes[i].width, sizes[i].height);
          if (sizes[i].width < 900)
            g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.show-pane", "s", "reading"));
          screenshot (name);
        }
    }
  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_DEFAULT);
  resize_window (1600, 1000);
}

static void
test_dark (void)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  GSettings *settings = khoji_application_get_settings (fixture.app);

  /* Through the preference, as the Preferences window sets it. */
  g_settings_set_string (settings, "color-scheme", "dark");
  khoji_test_spin (300);
  g_assert_cmpint (adw_style_manager_get_color_scheme (manager), ==, ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_true (adw_style_manager_get_dark (manager));
  screenshot ("dark.png");
  g_settings_set_string (settings, "color-scheme", "follow");
  khoji_test_spin (100);
  g_assert_cmpint (adw_style_manager_get_color_scheme (manager), ==, ADW_COLOR_SCHEME_DEFAULT);
}

static void
test_timeline_all_events (void)
{
  KhojiLibrary *library = _khoji_window_get_library (fixture.window);
  g_autoptr(GPtrArray) events = NULL;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.clear-filters", NULL));
  /* The events come from the library's thread. */
  wait_loaded ();

  events = khoji_library_list_events (library, 0, NULL);
  g_assert_nonnull (events);
  g_assert_cmpuint (events->len, >, 0);
  g_assert_cmpuint (khoji_timeline_get_n_events (_khoji_window_get_timeline (fixture.window)), ==, events->len);
  g_assert_cmpuint (g_list_model_get_n_items (khoji_article_list_get_model (_khoji_window_get_article_list (fixture.window))), ==, 5);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.zoom-fit", NULL));
  screenshot ("timeline-fit.png");
}

/* One frame of the timeline, as GTK would ask for it; returns how many
 * events the marks drawn stand for. */
static guint
draw_timeline (KhojiTimeline *timeline,
               guint         *n_circles)
{
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  guint n_events = 0;

  GTK_WIDGET_GET_CLASS (timeline)->snapshot (GTK_WIDGET (timeline), snapshot);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  khoji_timeline_get_drawn (timeline, n_circles, NULL, &n_events);
  return n_events;
}

static guint
count_overlapping (GArray *refs, guint32 first, guint32 last)
{
  guint n = 0;

  for (guint i = 0; i < refs->len; i++)
    {
      const KhojiEventRef *ref = &g_array_index (refs, KhojiEventRef, i);
      n += ref->first_day <= last && ref->last_day >= first;
    }
  return n;
}

static void
test_timeline_visible_range (void)
{
  KhojiLibrary *library = _khoji_window_get_library (fixture.window);
  KhojiTimeline *timeline = _khoji_window_get_timeline (fixture.window);
  g_autoptr(GArray) refs = khoji_library_list_event_refs (library, 0, NULL);
  g_autoptr(GHashTable) days = g_hash_table_new (NULL, NULL);
  const KhojiEventRef *day_event = NULL;
  guint n_circles = 0, drawn;
  GDate date;
  guint32 month_first, month_last;

  g_assert_nonnull (refs);
  for (guint i = 0; i < refs->len; i++)
    {
      const KhojiEventRef *ref = &g_array_index (refs, KhojiEventRef, i);

      if (ref->kind == KHOJI_EVENT_DAY)
        {
          g_hash_table_add (days, GUINT_TO_POINTER (ref->first_day));
          day_event = day_event ? day_event : ref;
        }
    }
  g_assert_nonnull (day_event);

  /* Everything in view: every event is in some mark, and days close
   * together share a circle. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.zoom-fit", NULL));
  g_assert_cmpuint (draw_timeline (timeline, &n_circles), ==, refs->len);
  g_assert_cmpuint (n_circles, >=, 1);
  g_assert_cmpuint (n_circles, <=, g_hash_table_size (days));

  /* One month: its events are drawn, and those far from it are not. */
  g_date_clear (&date, 1);
  g_date_set_julian (&date, day_event->first_day);
  g_date_set_day (&date, 1);
  month_first = g_date_get_julian (&date);
  month_last = month_first + g_date_get_days_in_month (g_date_get_month (&date), g_date_get_year (&date)) - 1;
  khoji_timeline_show_range (timeline, month_first, month_last);
  drawn = draw_timeline (timeline, NULL);
  g_assert_cmpuint (drawn, >=, count_overlapping (refs, month_first, month_last));
  g_assert_cmpuint (drawn, <=, count_overlapping (refs, month_first - 3, month_last + 3));
  g_assert_cmpuint (drawn, <, refs->len);
  screenshot ("timeline-month.png");

  /* A century with no news: nothing to draw. */
  g_date_set_dmy (&date, 1, G_DATE_JANUARY, 1800);
  khoji_timeline_show_range (timeline, g_date_get_julian (&date), g_date_get_julian (&date) + 365);
  g_assert_cmpuint (draw_timeline (timeline, &n_circles), ==, 0);
  g_assert_cmpuint (n_circles, ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.zoom-fit", NULL));
}

static void
test_search (void)
{
  KhojiArticleList *list = _khoji_window_get_article_list (fixture.window);
  GListModel *articles = khoji_article_list_get_model (list);

  /* The index answers on the library's thread. */
  khoji_article_list_set_query (list, "पुतिन");
  g_assert_true (khoji_article_list_get_busy (list));
  wait_loaded ();
  g_assert_cmpuint (g_list_model_get_n_items (articles), >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (articles), <=, 5);
  {
    g_autoptr(KhojiArticle) hit = g_list_model_get_item (articles, 0);

    g_assert_nonnull (khoji_article_get_snippet (hit));
  }
  screenshot ("search.png");

  /* A query the index cannot read says so, under no count of results. */
  khoji_article_list_set_query (list, "\"पुतिन");
  wait_loaded ();
  g_assert_cmpuint (g_list_model_get_n_items (articles), ==, 0);
  g_assert_cmpstr (khoji_article_list_get_empty_title (list), ==, product_text ("Cannot Search for That"));
  g_assert_cmpstr (khoji_article_list_get_heading (list), ==, product_text ("Search"));
  screenshot ("search-malformed.png");

  khoji_article_list_set_query (list, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (articles), ==, 5);
}

static gboolean
list_idle (gpointer data)
{
  return !khoji_article_list_get_busy (data);
}

/* A list no load handed articles to (the window's first load failed)
 * reads the whole library itself, on the library's thread, when a search
 * is cleared; a list gone before the answer is not kept for it. */
static void
test_article_list_reads_alone (void)
{
  KhojiLibrary *library = _khoji_window_get_library (fixture.window);
  KhojiArticleList *list = g_object_ref_sink (g_object_new (KHOJI_TYPE_ARTICLE_LIST, NULL));
  GListModel *articles = khoji_article_list_get_model (list);
  GWeakRef gone;

  khoji_article_list_set_library (list, library);
  khoji_article_list_set_query (list, "ज़ज़ज़क़क़");
  g_assert_true (khoji_test_spin_until (list_idle, list, 60000));
  g_assert_cmpuint (g_list_model_get_n_items (articles), ==, 0);

  khoji_article_list_set_query (list, NULL);
  g_assert_true (khoji_article_list_get_busy (list));
  g_assert_true (khoji_test_spin_until (list_idle, list, 60000));
  g_assert_cmpuint (g_list_model_get_n_items (articles), ==, 5);
  {
    g_autofree char *heading = g_strdup_printf (product_text ("Articles · %u"), 5u);

    g_assert_cmpstr (khoji_article_list_get_heading (list), ==, heading);
  }

  khoji_article_list_set_query (list, "पुतिन");
  g_assert_true (khoji_test_spin_until (list_idle, list, 60000));
  khoji_article_list_set_query (list, NULL);
  g_assert_true (khoji_article_list_get_busy (list));
  g_weak_ref_init (&gone, list);
  g_object_unref (list);
  g_assert_null (g_weak_ref_get (&gone));
  khoji_test_spin (200);
  g_weak_ref_clear (&gone);
}

static gboolean
search_applied (gpointer data)
{
  KhojiArticleList *list = _khoji_window_get_article_list (fixture.window);
  guint expected = GPOINTER_TO_UINT (data);

  return load_done (fixture.window) &&
         g_list_model_get_n_items (khoji_article_list_get_model (list)) == expected;
}

static gboolean
search_narrowed (gpointer data)
{
  guint n = g_list_model_get_n_items (khoji_article_list_get_model (_khoji_window_get_article_list (fixture.window)));

  return load_done (fixture.window) && n > 0 && n < 5;
}

/* The Shoigu sample opens with its headline, a dateline and (before
 * import dropped it) a view count: the reading column shows them as the
 * header, the body from its first sentence. */
static void
test_reading_header (void)
{
  GListModel *articles = khoji_article_list_get_model (_khoji_window_get_article_list (fixture.window));
  KhojiReadingColumn *column;
  g_autofree char *shown = NULL;
  gint64 id = 0;

  for (guint i = 0; i < g_list_model_get_n_items (articles) && id == 0; i++)
    {
      g_autoptr(KhojiArticle) a = g_list_model_get_item (articles, i);

      if (g_str_has_prefix (khoji_article_get_title (a), "रूस के सुरक्षा प्रमुख"))
        id = khoji_article_get_id (a);
    }
  g_assert_cmpint (id, !=, 0);
  khoji_window_open_article (fixture.window, id);
  wait_loaded ();
  column = KHOJI_READING_COLUMN (_khoji_window_get_column (fixture.window, id));
  g_assert_nonnull (column);
  shown = khoji_reading_column_dup_shown_text (column);
  g_assert_true (g_str_has_prefix (shown, "सियोल। रूस के सुरक्षा परिषद सचिव"));
  g_assert_null (strstr (shown, "04-Jun-2025"));
  g_assert_null (strstr (shown, "998"));
  g_assert_nonnull (strstr (khoji_reading_column_get_meta (column), "04-Jun-2025 3:58:20 pm"));
  screenshot ("reading-header.png");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (column), "column.close", NULL));
  khoji_test_spin (100);
}

/* The words typed in the search entry are marked in the articles opened
 * from the results, and unmarked when the search is cleared. */
static void
test_search_highlights (void)
{
  GtkEditable *entry = GTK_EDITABLE (_khoji_window_get_search_entry (fixture.window));
  GListModel *articles = khoji_article_list_get_model (_khoji_window_get_article_list (fixture.window));
  g_autoptr(KhojiArticle) hit = NULL;
  KhojiReadingColumn *column;
  guint columns = _khoji_window_get_n_columns (fixture.window);
  gboolean was_open;

  gtk_editable_set_text (entry, "पुतिन");
  /* The entry waits for a pause in the typing before it searches, and
   * the results come from the library's thread. */
  g_assert_true (khoji_test_spin_until (search_narrowed, NULL, 10000));
  g_assert_cmpuint (g_list_model_get_n_items (articles), >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (articles), <, 5);
  hit = g_list_model_get_item (articles, 0);
  was_open = _khoji_window_get_column (fixture.window, khoji_article_get_id (hit)) != NULL;
  khoji_window_open_article (fixture.window, khoji_article_get_id (hit));
  wait_loaded ();
  column = KHOJI_READING_COLUMN (_khoji_window_get_column (fixture.window, khoji_article_get_id (hit)));
  g_assert_nonnull (column);
  g_assert_cmpuint (khoji_reading_column_count_search_matches (column), >, 0);
  screenshot ("search-highlight.png");

  gtk_editable_set_text (entry, "");
  khoji_test_spin (400);
  g_assert_true (khoji_test_spin_until (search_applied, GUINT_TO_POINTER (5), 10000));
  g_assert_cmpuint (khoji_reading_column_count_search_matches (column), ==, 0);
  if (!was_open)
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (column), "column.close", NULL));
  khoji_test_spin (100);
  g_assert_cmpuint (_khoji_window_get_n_columns (fixture.window), ==, columns);
}

/* Ctrl+F in a reading column finds in its article: every match marked
 * and counted, Ctrl+G steps through them, Escape closes the bar. */
static void
test_find_in_article (void)
{
  GListModel *articles = khoji_article_list_get_model (_khoji_window_get_article_list (fixture.window));
  g_autoptr(KhojiArticle) article = NULL;
  GtkWidget *column;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  guint n;

  wait_loaded ();
  article = g_list_model_get_item (articles, 0);
  khoji_window_open_article (fixture.window, khoji_article_get_id (article));
  wait_loaded ();
  column = _khoji_window_get_column (fixture.window, khoji_article_get_id (article));
  g_assert_nonnull (column);

  n = khoji_reading_column_find (KHOJI_READING_COLUMN (column), "कोरिया");
  g_assert_cmpuint (n, >=, 2);
  first = khoji_reading_column_dup_selection (KHOJI_READING_COLUMN (column));
  g_assert_cmpstr (first, ==, "कोरिया");
  g_assert_true (gtk_widget_activate_action (column, "column.find-next", NULL));
  second = khoji_reading_column_dup_selection (KHOJI_READING_COLUMN (column));
  g_assert_cmpstr (second, ==, "कोरिया");
  screenshot ("find-in-article.png");

  g_assert_cmpuint (khoji_reading_column_find (KHOJI_READING_COLUMN (column), "zzzz-not-there"), ==, 0);
  g_assert_cmpuint (khoji_reading_column_find (KHOJI_READING_COLUMN (column), ""), ==, 0);
}

static void
test_timeline_zoom (void)
{
  KhojiTimeline *timeline = _khoji_window_get_timeline (fixture.window);
  double before = khoji_timeline_get_zoom (timeline);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.zoom-in", NULL));
  g_assert_cmpfloat_with_epsilon (khoji_timeline_get_zoom (timeline), before * 1.5, before * 0.01);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.zoom-out", NULL));
  g_assert_cmpfloat_with_epsilon (khoji_timeline_get_zoom (timeline), before, before * 0.01);

  /* Zoom is clamped between decades and days. */
  khoji_timeline_set_zoom (timeline, 1e6);
  g_assert_cmpfloat (khoji_timeline_get_zoom (timeline), ==, KHOJI_TIMELINE_MAX_ZOOM);
  khoji_timeline_set_zoom (timeline, 0);
  g_assert_cmpfloat (khoji_timeline_get_zoom (timeline), ==, KHOJI_TIMELINE_MIN_ZOOM);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.zoom-fit", NULL));
  g_assert_cmpfloat (khoji_timeline_get_zoom (timeline), >, KHOJI_TIMELINE_MIN_ZOOM);
}

/* The widget's own controller of a type: the tests drive the same
 * handlers the events would. */
static GtkEventController *
find_controller (GtkWidget *widget,
                 GType      type)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  GtkEventController *found = NULL;

  for (guint i = 0; found == NULL && i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (controller, type))
        found = controller;   /* the widget keeps it */
    }
  g_assert_nonnull (found);
  return found;
}

static void
get_visible_days (KhojiTimeline *timeline,
                  double        *start,
                  double        *end)
{
  g_object_get (timeline, "start-day", start, "end-day", end, NULL);
  g_assert_cmpfloat (*end, >, *start);
}

/* GtkGestureZoom's own begin handler reads the fingers from the event
 * being handled, and there is none: the widget's handlers run, then the
 * emission stops before GTK's. */
static void
stop_emission (GtkGesture       *gesture,
               GdkEventSequence *sequence,
               const char       *signal)
{
  g_signal_stop_emission_by_name (gesture, signal);
}

/* One touchpad pinch, as GTK reports it: begin, the scale relative to
 * the fingers' first distance as it changes, end. */
static void
pinch (GtkEventController *zoom,
       const double       *scales,
       guint               n_scales)
{
  gulong begin_id = g_signal_connect_after (zoom, "begin", G_CALLBACK (stop_emission), (gpointer) "begin");
  gulong end_id = g_signal_connect_after (zoom, "end", G_CALLBACK (stop_emission), (gpointer) "end");

  g_signal_emit_by_name (zoom, "begin", NULL);
  for (guint i = 0; i < n_scales; i++)
    g_signal_emit_by_name (zoom, "scale-changed", scales[i]);
  g_signal_emit_by_name (zoom, "end", NULL);
  g_signal_handler_disconnect (zoom, begin_id);
  g_signal_handler_disconnect (zoom, end_id);
}

static void
test_timeline_pinch (void)
{
  KhojiTimeline *timeline = _khoji_window_get_timeline (fixture.window);
  GtkEventController *zoom = find_controller (GTK_WIDGET (timeline), GTK_TYPE_GESTURE_ZOOM);
  GtkEventController *motion = find_controller (GTK_WIDGET (timeline), GTK_TYPE_EVENT_CONTROLLER_MOTION);
  static const double spread[] = { 1.2, 1.6, 2.0 };
  static const double close_back[] = { 0.8, 0.5 };
  static const double close_more[] = { 0.5, 0.25 };
  double width = gtk_widget_get_width (GTK_WIDGET (timeline));
  double start0, end0, start, end, zoom0, centre_x, centre_day;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.zoom-fit", NULL));
  g_assert_cmpfloat (width, >, 200);
  zoom0 = khoji_timeline_get_zoom (timeline);
  g_assert_cmpfloat (zoom0 * 2, <=, KHOJI_TIMELINE_MAX_ZOOM);
  g_assert_cmpfloat (zoom0 / 2, >=, KHOJI_TIMELINE_MIN_ZOOM);
  get_visible_days (timeline, &start0, &end0);

  /* The pinch is centred a quarter of the way in, where the pointer is:
   * away from the middle, where the +/− buttons would anchor. */
  centre_x = width / 4;
  centre_day = start0 + (end0 - start0) / 4;
  g_signal_emit_by_name (motion, "motion", centre_x, 60.0);

  /* Fingers apart: twice the zoom, half the days, the day under the
   * fingers stays under them. */
  pinch (zoom, spread, G_N_ELEMENTS (spread));
  get_visible_days (timeline, &start, &end);
  g_assert_cmpfloat_with_epsilon (khoji_timeline_get_zoom (timeline), zoom0 * 2, zoom0 * 1e-6);
  g_assert_cmpfloat_with_epsilon (end - start, (end0 - start0) / 2, 0.01);
  g_assert_cmpfloat_with_epsilon (start + (end - start) / 4, centre_day, 0.01);
  g_assert_cmpfloat (start, >, start0);
  g_assert_cmpfloat (end, <, end0);

  /* Fingers together again: a new pinch starts from the zoom reached,
   * so halving it gives back the range it started from. */
  pinch (zoom, close_back, G_N_ELEMENTS (close_back));
  get_visible_days (timeline, &start, &end);
  g_assert_cmpfloat_with_epsilon (khoji_timeline_get_zoom (timeline), zoom0, zoom0 * 1e-6);
  g_assert_cmpfloat_with_epsilon (start, start0, 0.01);
  g_assert_cmpfloat_with_epsilon (end, end0, 0.01);

  /* And further: wider than everything, still around the same day. */
  pinch (zoom, close_more, G_N_ELEMENTS (close_more));
  get_visible_days (timeline, &start, &end);
  g_assert_cmpfloat (end - start, >, end0 - start0);
  g_assert_cmpfloat (start, <, start0);
  g_assert_cmpfloat (end, >, end0);
  g_assert_cmpfloat_with_epsilon (start + (end - start) / 4, centre_day, 0.01);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.zoom-fit", NULL));
}

static void
test_dialogs (void)
{
  GApplication *app = G_APPLICATION (fixture.app);
  GList *toplevels;
  guint before = g_list_length (gtk_application_get_windows (GTK_APPLICATION (app)));

  /* Each dialog builds from its template without a warning (warnings
   * are fatal here) and closes again. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.show-help-overlay", NULL));
  khoji_test_spin (300);

  toplevels = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (app)));
  g_assert_cmpuint (g_list_length (toplevels), >=, before + 2);
  for (GList *l = toplevels; l != NULL; l = l->next)
    if (l->data != (gpointer) fixture.window)
      gtk_window_destroy (l->data);
  g_list_free (toplevels);
  gtk_widget_set_visible (GTK_WIDGET (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (fixture.window))), FALSE);
  khoji_test_spin (100);
}

static void
test_drop_text (void)
{
  KhojiLibrary *library = _khoji_window_get_library (fixture.window);
  g_auto(GValue) value = G_VALUE_INIT;
  gboolean accepted = FALSE;
  guint columns = _khoji_window_get_n_columns (fixture.window);

  /* Text dragged from a browser becomes an article of its own. */
  g_value_init (&value, G_TYPE_STRING);
  g_value_set_string (&value,
                      "दिल्ली में नई मेट्रो लाइन का उद्घाटन\n\n"
                      "नई दिल्ली, 12 मार्च 2025। दिल्ली मेट्रो रेल निगम ने बुधवार को नई लाइन खोली। "
                      "अधिकारियों ने कहा कि इससे हर दिन हज़ारों यात्रियों को सुविधा होगी।\n");
  g_signal_emit_by_name (_khoji_window_get_drop_target (fixture.window), "drop", &value, 0.0, 0.0, &accepted);
  g_assert_true (accepted);
  wait_loaded ();

  g_assert_cmpuint (khoji_library_count_articles (library), ==, 6);
  g_assert_cmpuint (g_list_model_get_n_items (khoji_article_list_get_model (_khoji_window_get_article_list (fixture.window))), ==, 6);
  g_assert_cmpuint (_khoji_window_get_n_columns (fixture.window), ==, columns + 1);
}

static void
test_rename_persists (void)
{
  KhojiLibrary *library = _khoji_window_get_library (fixture.window);
  GListModel *people = khoji_entity_panel_get_group_model (_khoji_window_get_entity_panel (fixture.window),
                                                           KHOJI_ENTITY_PERSON);
  g_autoptr(GError) error = NULL;
  g_autoptr(KhojiEntity) renamed = NULL;
  g_autoptr(KhojiEntity) least = NULL;
  gboolean shown = FALSE;
  guint n_people = g_list_model_get_n_items (people);

  g_assert_cmpint (fixture.putin_id, >, 0);

  /* A merge first: the least mentioned person into Putin. */
  least = g_list_model_get_item (people, n_people - 1);
  g_assert_cmpint (khoji_entity_get_id (least), !=, fixture.putin_id);
  g_assert_true (khoji_library_merge_entities (library, khoji_entity_get_id (least), fixture.putin_id, &error));
  g_assert_no_error (error);
  wait_loaded ();
  g_assert_cmpuint (g_list_model_get_n_items (people), ==, n_people - 1);

  /* Selected, so that the banner over the panes names it. */
  g_assert_true (khoji_entity_panel_select_entity (_khoji_window_get_entity_panel (fixture.window), fixture.putin_id));
  wait_loaded ();
  /* Renamed through the dialog, as a reader does: Enter in its entry. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (_khoji_window_get_entity_panel (fixture.window)),
                                             "entity.rename", NULL));
  khoji_test_spin (200);
  {
    AdwMessageDialog *dialog = find_message_dialog ();
    GtkWidget *entry;

    g_assert_true (KHOJI_IS_RENAME_DIALOG (dialog));
    entry = adw_message_dialog_get_extra_child (dialog);
    /* Unchanged, the name cannot be “renamed” to itself. */
    g_assert_false (adw_message_dialog_get_response_enabled (dialog, "rename"));
    gtk_editable_set_text (GTK_EDITABLE (entry), "पुतिन (राष्ट्रपति)");
    g_assert_true (adw_message_dialog_get_response_enabled (dialog, "rename"));
    g_signal_emit_by_name (entry, "activate");
    /* The banner names the entity as it was until its new row is read. */
    g_assert_null (strstr (_khoji_window_get_banner_text (fixture.window), "पुतिन (राष्ट्रपति)"));
    wait_entity_read ();
    khoji_test_spin (100);
    g_assert_null (find_message_dialog ());
  }
  g_assert_nonnull (strstr (_khoji_window_get_banner_text (fixture.window), "पुतिन (राष्ट्रपति)"));
  khoji_entity_panel_unselect_all (_khoji_window_get_entity_panel (fixture.window));
  wait_loaded ();

  /* The panel heard "entity-changed" and shows the new name at once,
   * without reading the lists again. */
  g_assert_false (_khoji_window_is_loading (fixture.window));
  g_assert_cmpuint (g_list_model_get_n_items (people), ==, n_people - 1);
  for (guint i = 0; i < g_list_model_get_n_items (people); i++)
    {
      g_autoptr(KhojiEntity) entity = g_list_model_get_item (people, i);

      if (g_strcmp0 (khoji_entity_get_name (entity), "पुतिन (राष्ट्रपति)") == 0)
        shown = TRUE;
    }
  g_assert_true (shown);

  /* Restart: close the window and the library, open both again. */
  close_window ();
  open_window ();

  g_assert_cmpstr (_khoji_window_get_page (fixture.window), ==, "library");
  library = _khoji_window_get_library (fixture.window);
  renamed = khoji_library_get_entity (library, fixture.putin_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (renamed);
  g_assert_cmpstr (khoji_entity_get_name (renamed), ==, "पुतिन (राष्ट्रपति)");
  people = khoji_entity_panel_get_group_model (_khoji_window_get_entity_panel (fixture.window), KHOJI_ENTITY_PERSON);
  g_assert_cmpuint (g_list_model_get_n_items (people), ==, n_people - 1);

  /* Ctrl+Z undoes this session's corrections only: the rename was an
   * earlier session's, with no toast to say what an undo would take
   * back, so it stays. */
  gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.undo-correction", "u", 0);
  wait_loaded ();
  g_clear_object (&renamed);
  renamed = khoji_library_get_entity (library, fixture.putin_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (khoji_entity_get_name (renamed), ==, "पुतिन (राष्ट्रपति)");
  g_assert_cmpuint (g_list_model_get_n_items (people), ==, n_people - 1);
}

/* Undo takes back the newest correction of the session, the one its
 * toast named; a toast's Undo for an older one waits its turn. */
static void
test_undo_newest_first (void)
{
  KhojiEntityPanel *panel = _khoji_window_get_entity_panel (fixture.window);
  GListModel *places = khoji_entity_panel_get_group_model (panel, KHOJI_ENTITY_PLACE);
  guint n = g_list_model_get_n_items (places);
  g_autoptr(KhojiEntity) a = g_list_model_get_item (places, n - 1);
  g_autoptr(KhojiEntity) b = g_list_model_get_item (places, n - 2);
  gint64 a_id = khoji_entity_get_id (a), b_id = khoji_entity_get_id (b);

  khoji_entity_panel_unselect_all (panel);
  g_assert_true (khoji_entity_panel_select_entity (panel, a_id));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (panel), "entity.hide", NULL));
  wait_loaded ();
  g_assert_true (khoji_entity_panel_select_entity (panel, b_id));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (panel), "entity.hide", NULL));
  wait_loaded ();
  g_assert_false (group_has (KHOJI_ENTITY_PLACE, a_id));
  g_assert_false (group_has (KHOJI_ENTITY_PLACE, b_id));

  /* The first toast's Undo (entry 1 of this window) is not the newest. */
  undo_and_wait (1);
  g_assert_false (group_has (KHOJI_ENTITY_PLACE, a_id));
  g_assert_false (group_has (KHOJI_ENTITY_PLACE, b_id));

  undo_and_wait (0);
  g_assert_false (group_has (KHOJI_ENTITY_PLACE, a_id));
  g_assert_true (group_has (KHOJI_ENTITY_PLACE, b_id));
  undo_and_wait (1);
  g_assert_true (group_has (KHOJI_ENTITY_PLACE, a_id));
  khoji_entity_panel_unselect_all (panel);
}

static gboolean
group_has (KhojiEntityType type, gint64 id)
{
  GListModel *model = khoji_entity_panel_get_group_model (_khoji_window_get_entity_panel (fixture.window), type);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(KhojiEntity) entity = g_list_model_get_item (model, i);

      if (khoji_entity_get_id (entity) == id)
        return TRUE;
    }
  return FALSE;
}

/* A new type, hiding and showing again change one entity: the panel
 * moves it, takes it out and puts it back at once, no list is read again,
 * and what else is selected stays selected. */
static void
test_entity_corrections_in_place (void)
{
  KhojiLibrary *library = _khoji_window_get_library (fixture.window);
  KhojiEntityPanel *panel = _khoji_window_get_entity_panel (fixture.window);
  GListModel *people = khoji_entity_panel_get_group_model (panel, KHOJI_ENTITY_PERSON);
  GListModel *places = khoji_entity_panel_get_group_model (panel, KHOJI_ENTITY_PLACE);
  g_autoptr(GError) error = NULL;
  g_autoptr(KhojiEntity) other = NULL;
  g_autoptr(GArray) selected = NULL;
  guint n_people, n_places;

  wait_loaded ();
  n_people = g_list_model_get_n_items (people);
  n_places = g_list_model_get_n_items (places);

  g_assert_true (group_has (KHOJI_ENTITY_PERSON, fixture.putin_id));
  other = g_list_model_get_item (places, 0);
  khoji_entity_panel_unselect_all (panel);
  g_assert_true (khoji_entity_panel_select_entity (panel, khoji_entity_get_id (other)));
  wait_loaded ();

  g_assert_true (khoji_library_set_entity_type (library, fixture.putin_id, KHOJI_ENTITY_PLACE, &error));
  g_assert_no_error (error);
  /* The row is read on the library's thread, the main thread free: the
   * panel still shows the old one until it comes back. */
  g_assert_true (group_has (KHOJI_ENTITY_PERSON, fixture.putin_id));
  wait_entity_read ();
  g_assert_false (_khoji_window_is_loading (fixture.window));
  g_assert_false (group_has (KHOJI_ENTITY_PERSON, fixture.putin_id));
  g_assert_true (group_has (KHOJI_ENTITY_PLACE, fixture.putin_id));
  g_assert_cmpuint (g_list_model_get_n_items (people), ==, n_people - 1);
  g_assert_cmpuint (g_list_model_get_n_items (places), ==, n_places + 1);
  screenshot ("retyped.png");

  g_assert_true (khoji_library_set_entity_hidden (library, fixture.putin_id, TRUE, &error));
  g_assert_no_error (error);
  wait_entity_read ();
  g_assert_false (_khoji_window_is_loading (fixture.window));
  g_assert_false (group_has (KHOJI_ENTITY_PLACE, fixture.putin_id));
  g_assert_cmpuint (g_list_model_get_n_items (places), ==, n_places);

  /* Two corrections before either row is read: the rows come back in
   * the order asked, so the panel ends with the second's. */
  g_assert_true (khoji_library_set_entity_hidden (library, fixture.putin_id, FALSE, &error));
  g_assert_true (khoji_library_set_entity_type (library, fixture.putin_id, KHOJI_ENTITY_PERSON, &error));
  g_assert_no_error (error);
  wait_entity_read ();
  g_assert_false (_khoji_window_is_loading (fixture.window));
  g_assert_false (group_has (KHOJI_ENTITY_PLACE, fixture.putin_id));
  g_assert_true (group_has (KHOJI_ENTITY_PERSON, fixture.putin_id));
  g_assert_cmpuint (g_list_model_get_n_items (people), ==, n_people);

  selected = khoji_entity_panel_get_selected_ids (panel);
  g_assert_cmpuint (selected->len, ==, 1);
  g_assert_cmpint (g_array_index (selected, gint64, 0), ==, khoji_entity_get_id (other));
  khoji_entity_panel_unselect_all (panel);

  /* A fresh read gives the same lists. */
  g_signal_emit_by_name (library, "changed");
  wait_loaded ();
  g_assert_cmpuint (g_list_model_get_n_items (people), ==, n_people);
  g_assert_cmpuint (g_list_model_get_n_items (places), ==, n_places);

  /* A load that starts while a row is read reads it too; the panel ends
   * with the last correction. */
  g_assert_true (khoji_library_set_entity_type (library, fixture.putin_id, KHOJI_ENTITY_PLACE, &error));
  g_assert_true (_khoji_window_is_reading (fixture.window));
  g_signal_emit_by_name (library, "changed");
  g_assert_true (khoji_library_set_entity_type (library, fixture.putin_id, KHOJI_ENTITY_PERSON, &error));
  g_assert_no_error (error);
  wait_loaded ();
  g_assert_true (group_has (KHOJI_ENTITY_PERSON, fixture.putin_id));
  g_assert_false (group_has (KHOJI_ENTITY_PLACE, fixture.putin_id));
  g_assert_cmpuint (g_list_model_get_n_items (people), ==, n_people);
  g_assert_cmpuint (g_list_model_get_n_items (places), ==, n_places);

  /* A window closed while a row is read is not kept for it, and the
   * read's answer finds no window. */
  g_assert_true (khoji_library_set_entity_type (library, fixture.putin_id, KHOJI_ENTITY_PLACE, &error));
  g_assert_no_error (error);
  g_assert_true (_khoji_window_is_reading (fixture.window));
  close_window ();
  open_window ();
  g_assert_true (group_has (KHOJI_ENTITY_PLACE, fixture.putin_id));
  library = _khoji_window_get_library (fixture.window);
  people = khoji_entity_panel_get_group_model (_khoji_window_get_entity_panel (fixture.window), KHOJI_ENTITY_PERSON);
  g_assert_cmpuint (g_list_model_get_n_items (people), ==, n_people - 1);
  g_assert_true (khoji_library_set_entity_type (library, fixture.putin_id, KHOJI_ENTITY_PERSON, &error));
  g_assert_no_error (error);
  wait_entity_read ();
  g_assert_true (group_has (KHOJI_ENTITY_PERSON, fixture.putin_id));
  g_assert_cmpuint (g_list_model_get_n_items (people), ==, n_people);
}

static KhojiHistoryDialog *
find_history_dialog (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (KHOJI_IS_HISTORY_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

static gboolean
history_read (gpointer data)
{
  return !khoji_history_dialog_get_busy (data);
}

/* An entity's History: each of its corrections, newest first, what it
 * changed, who made it (the user name) and when. */
static void
test_entity_history (void)
{
  KhojiLibrary *library = _khoji_window_get_library (fixture.window);
  KhojiEntityPanel *panel = _khoji_window_get_entity_panel (fixture.window);
  g_autoptr(KhojiEntity) putin = khoji_library_get_entity (library, fixture.putin_id, NULL);
  g_autoptr(GPtrArray) corrections = khoji_library_list_corrections (library, fixture.putin_id, NULL);
  g_autofree char *newest = NULL;
  g_autofree char *oldest = NULL;
  g_autofree char *by = g_strdup_printf ("By %s · ", g_get_user_name ());
  g_autofree char *expected = NULL;
  g_autofree char *past_end = NULL;
  KhojiHistoryDialog *dialog;
  guint n = corrections->len;

  /* entity-corrections-in-place made four: to Place, hidden, shown
   * again, back to Person. */
  g_assert_cmpuint (n, >=, 4);
  khoji_entity_panel_unselect_all (panel);
  g_assert_true (khoji_entity_panel_select_entity (panel, fixture.putin_id));
  wait_loaded ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (panel), "entity.history", NULL));
  khoji_test_spin (100);
  dialog = find_history_dialog ();
  g_assert_nonnull (dialog);
  g_assert_true (khoji_test_spin_until (history_read, dialog, 30000));
  khoji_test_spin (300);

  newest = khoji_history_dialog_dup_row_text (dialog, 0);
  expected = g_strdup_printf ("“%s”: type changed from Place to Person\n%s", khoji_entity_get_name (putin), by);
  g_assert_true (g_str_has_prefix (newest, expected));
  g_clear_pointer (&expected, g_free);
  for (guint i = 1; i < n; i++)
    {
      g_autofree char *row = khoji_history_dialog_dup_row_text (dialog, i);

      g_assert_nonnull (row);
      g_assert_nonnull (strstr (row, by));
    }
  past_end = khoji_history_dialog_dup_row_text (dialog, n);
  g_assert_null (past_end);
  oldest = khoji_history_dialog_dup_row_text (dialog, n - 1);
  expected = g_strdup_printf ("“%s”: type changed from Person to Place\n%s", khoji_entity_get_name (putin), by);
  g_assert_true (g_str_has_prefix (oldest, expected));
  if (fixture.shot_dir != NULL)
    save_widget_png (GTK_WIDGET (dialog), "history.png");
  gtk_window_destroy (GTK_WINDOW (dialog));
  khoji_test_spin (100);
  khoji_entity_panel_unselect_all (panel);
  wait_loaded ();
}

/* ---- The entity's context menu, as a mouse opens and uses it ---- */

static GtkWidget *
find_entity_row_widget (GtkWidget *widget,
                        gint64     entity_id)
{
  if (GTK_IS_TREE_EXPANDER (widget))
    {
      gpointer item = gtk_tree_expander_get_item (GTK_TREE_EXPANDER (widget));
      gboolean match = KHOJI_IS_ENTITY (item) && khoji_entity_get_id (item) == entity_id;

      g_clear_object (&item);
      if (match && gtk_widget_get_mapped (widget))
        return widget;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_entity_row_widget (child, entity_id);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_visible_popover (GtkWidget *widget)
{
  if (GTK_IS_POPOVER_MENU (widget) && gtk_widget_get_visible (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_visible_popover (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A menu item as the popover draws it, by its label (the buttons keep
 * their action to themselves). */
static GtkWidget *
find_menu_item (GtkWidget  *widget,
                const char *label)
{
  if (g_strcmp0 (G_OBJECT_TYPE_NAME (widget), "GtkModelButton") == 0)
    {
      g_autofree char *text = NULL;

      g_object_get (widget, "text", &text, NULL);
      if (g_strcmp0 (text, label) == 0)
        return widget;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_menu_item (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Right-clicks the entity's row (the row's own gesture handler runs) and
 * returns the menu it opened. */
static GtkWidget *
open_entity_menu (gint64 entity_id)
{
  KhojiEntityPanel *panel = _khoji_window_get_entity_panel (fixture.window);
  GtkWidget *row, *popover;
  GtkEventController *click = NULL;
  GListModel *controllers;

  g_assert_true (khoji_entity_panel_select_entity (panel, entity_id));
  khoji_test_spin (200);
  row = find_entity_row_widget (GTK_WIDGET (panel), entity_id);
  g_assert_nonnull (row);
  controllers = gtk_widget_observe_controllers (row);
  for (guint i = 0; i < g_list_model_get_n_items (controllers) && click == NULL; i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_CLICK (controller) &&
          gtk_gesture_single_get_button (GTK_GESTURE_SINGLE (controller)) == GDK_BUTTON_SECONDARY)
        click = controller;
    }
  g_object_unref (controllers);
  g_assert_nonnull (click);
  g_signal_emit_by_name (click, "pressed", 1, 20.0, 5.0);
  khoji_test_spin (200);
  popover = find_visible_popover (GTK_WIDGET (fixture.window));
  g_assert_nonnull (popover);
  return popover;
}

static void
close_message_dialog (const char *response)
{
  g_autoptr(GList) toplevels = NULL;
  guint closed = 0;

  khoji_test_spin (200);
  toplevels = gtk_window_list_toplevels ();
  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      {
        adw_message_dialog_response (l->data, response);
        gtk_window_destroy (l->data);
        closed++;
      }
  g_assert_cmpuint (closed, ==, 1);
  khoji_test_spin (100);
}

/* Clicks an item of the entity's menu; the menu must close and the
 * window live on (criticals are fatal here). */
static void
click_entity_menu_item (gint64      entity_id,
                        const char *label)
{
  GtkWidget *popover = open_entity_menu (entity_id);
  GtkWidget *item = find_menu_item (popover, label);

  g_assert_nonnull (item);
  g_assert_true (gtk_widget_is_sensitive (item));
  g_signal_emit_by_name (item, "clicked");
  khoji_test_spin (300);
  wait_loaded ();
  g_assert_null (find_visible_popover (GTK_WIDGET (fixture.window)));
}

static void
test_entity_context_menu (void)
{
  KhojiLibrary *library = _khoji_window_get_library (fixture.window);
  KhojiEntityPanel *panel = _khoji_window_get_entity_panel (fixture.window);
  GListModel *people = khoji_entity_panel_get_group_model (panel, KHOJI_ENTITY_PERSON);
  g_autoptr(KhojiEntity) entity = g_list_model_get_item (people, 0);
  gint64 id = khoji_entity_get_id (entity);
  static const struct { const char *label, *type; } types[] = {
    { "Place", "place" }, { "Organization", "organization" }, { "Person", "person" },
  };

  khoji_entity_panel_unselect_all (panel);

  /* The dialogs open from the menu, and Cancel changes nothing. */
  click_entity_menu_item (id, "Rename…");
  close_message_dialog ("cancel");
  click_entity_menu_item (id, "Merge Into…");
  close_message_dialog ("cancel");

  /* Each type in turn, back to a person at the end: each removes the
   * row the menu was opened on. */
  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      g_autoptr(KhojiEntity) now = NULL;
      KhojiEntityType type;

      click_entity_menu_item (id, types[i].label);
      now = khoji_library_get_entity (library, id, NULL);
      g_assert_true (khoji_entity_type_from_string (types[i].type, &type));
      g_assert_cmpint (khoji_entity_get_entity_type (now), ==, type);
      g_assert_true (group_has (type, id));
    }

  /* Hide takes the row away under the menu; Show Again brings it back. */
  click_entity_menu_item (id, "Hide");
  g_assert_false (group_has (KHOJI_ENTITY_PERSON, id));
  g_object_set (panel, "show-hidden", TRUE, NULL);
  wait_loaded ();
  click_entity_menu_item (id, "Show Again");
  g_object_set (panel, "show-hidden", FALSE, NULL);
  wait_loaded ();
  g_assert_true (group_has (KHOJI_ENTITY_PERSON, id));
  khoji_entity_panel_unselect_all (panel);
  khoji_test_spin (100);
}

static KhojiMergeDialog *
find_merge_dialog (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (KHOJI_IS_MERGE_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

/* Merge Into… proposes no target for a place whose name is like no
 * other's (it once proposed the most mentioned entity, of any type);
 * Merge stays insensitive until one is chosen; Enter in the search picks
 * the first match and merges nothing by itself. */
static void
test_merge_chooser (void)
{
  KhojiEntityPanel *panel = _khoji_window_get_entity_panel (fixture.window);
  GListModel *places = khoji_entity_panel_get_group_model (panel, KHOJI_ENTITY_PLACE);
  guint n_places = g_list_model_get_n_items (places);
  g_autoptr(KhojiEntity) source = g_list_model_get_item (places, n_places - 1);
  g_autoptr(KhojiEntity) target = g_list_model_get_item (places, 1);
  gint64 source_id = khoji_entity_get_id (source);
  KhojiMergeDialog *dialog;
  GtkWidget *search;

  khoji_entity_panel_unselect_all (panel);
  g_assert_true (khoji_entity_panel_select_entity (panel, source_id));
  wait_loaded ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (panel), "entity.merge", NULL));
  khoji_test_spin (300);
  dialog = find_merge_dialog ();
  g_assert_nonnull (dialog);
  g_assert_null (khoji_merge_dialog_get_target (dialog));
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "merge"));
  if (fixture.shot_dir != NULL)
    save_widget_png (GTK_WIDGET (dialog), "merge-chooser.png");

  /* Enter in the search box picks the first match; the dialog stays. */
  search = khoji_merge_dialog_get_search_entry (dialog);
  gtk_editable_set_text (GTK_EDITABLE (search), khoji_entity_get_name (target));
  g_signal_emit_by_name (search, "activate");
  khoji_test_spin (100);
  g_assert_true (find_merge_dialog () == dialog);
  g_assert_nonnull (khoji_merge_dialog_get_target (dialog));
  g_assert_cmpint (khoji_entity_get_id (khoji_merge_dialog_get_target (dialog)), ==, khoji_entity_get_id (target));
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "merge"));
  if (fixture.shot_dir != NULL)
    save_widget_png (GTK_WIDGET (dialog), "merge-chosen.png");

  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "merge");
  gtk_window_destroy (GTK_WINDOW (dialog));
  wait_loaded ();
  g_assert_false (group_has (KHOJI_ENTITY_PLACE, source_id));
  g_assert_cmpuint (g_list_model_get_n_items (places), ==, n_places - 1);

  /* The toast's Undo brings it back. */
  undo_and_wait (0);
  g_assert_true (group_has (KHOJI_ENTITY_PLACE, source_id));
  khoji_entity_panel_unselect_all (panel);
  wait_loaded ();
}

static guint
count_entities_shown (void)
{
  KhojiEntityPanel *panel = _khoji_window_get_entity_panel (fixture.window);

  return g_list_model_get_n_items (khoji_entity_panel_get_group_model (panel, KHOJI_ENTITY_PERSON)) +
         g_list_model_get_n_items (khoji_entity_panel_get_group_model (panel, KHOJI_ENTITY_PLACE)) +
         g_list_model_get_n_items (khoji_entity_panel_get_group_model (panel, KHOJI_ENTITY_ORGANIZATION));
}

static void
test_loads_after_first_frame (void)
{
  KhojiLibrary *library;
  g_autoptr(GPtrArray) entities = NULL;
  g_autoptr(GPtrArray) events = NULL;
  GListModel *articles;

  close_window ();

  /* The window comes back from new() at once: nothing read yet, each
   * pane in its loading state, the library page already showing. */
  fixture.window = g_object_ref (khoji_window_new (fixture.app));
  articles = khoji_article_list_get_model (_khoji_window_get_article_list (fixture.window));
  g_assert_true (_khoji_window_is_loading (fixture.window));
  g_assert_cmpstr (_khoji_window_get_page (fixture.window), ==, "library");
  g_assert_true (khoji_article_list_get_loading (_khoji_window_get_article_list (fixture.window)));
  g_assert_true (khoji_entity_panel_get_loading (_khoji_window_get_entity_panel (fixture.window)));
  g_assert_cmpuint (g_list_model_get_n_items (articles), ==, 0);
  g_assert_cmpuint (count_entities_shown (), ==, 0);
  g_assert_cmpuint (khoji_timeline_get_n_events (_khoji_window_get_timeline (fixture.window)), ==, 0);

  gtk_window_set_default_size (GTK_WINDOW (fixture.window), 1600, 1000);
  gtk_window_present (GTK_WINDOW (fixture.window));
  g_assert_true (khoji_test_spin_until (khoji_test_widget_mapped, fixture.window, 10000));
  wait_loaded ();

  /* Then everything, as the library has it. */
  library = _khoji_window_get_library (fixture.window);
  entities = khoji_library_list_entities (library, FALSE, NULL);
  events = khoji_library_list_events (library, 0, NULL);
  g_assert_false (khoji_article_list_get_loading (_khoji_window_get_article_list (fixture.window)));
  g_assert_false (khoji_entity_panel_get_loading (_khoji_window_get_entity_panel (fixture.window)));
  g_assert_cmpuint (khoji_library_count_articles (library), ==, 6);
  g_assert_cmpuint (g_list_model_get_n_items (articles), ==, 6);
  g_assert_cmpuint (count_entities_shown (), ==, entities->len);
  g_assert_cmpuint (khoji_timeline_get_n_events (_khoji_window_get_timeline (fixture.window)), ==, events->len);
  g_assert_cmpstr (_khoji_window_get_page (fixture.window), ==, "library");

  /* Entities read on the loading thread still know their aliases here,
   * where the filter box asks for them. */
  {
    GListModel *people = khoji_entity_panel_get_group_model (_khoji_window_get_entity_panel (fixture.window),
                                                             KHOJI_ENTITY_PERSON);
    gboolean found = FALSE;

    for (guint i = 0; i < g_list_model_get_n_items (people); i++)
      {
        g_autoptr(KhojiEntity) entity = g_list_model_get_item (people, i);
        g_auto(GStrv) aliases = NULL;

        if (khoji_entity_get_id (entity) != fixture.putin_id)
          continue;
        aliases = khoji_entity_dup_aliases (entity);
        g_assert_nonnull (aliases);
        g_assert_true (g_strv_contains ((const char * const *) aliases, "पुतिन"));
        found = TRUE;
      }
    g_assert_true (found);
  }

  /* A search typed while the library loads is answered by the index;
   * clearing it shows the loaded list again. */
  khoji_article_list_set_query (_khoji_window_get_article_list (fixture.window), "पुतिन");
  wait_loaded ();
  g_assert_cmpuint (g_list_model_get_n_items (articles), <, 6);
  khoji_article_list_set_query (_khoji_window_get_article_list (fixture.window), NULL);
  g_assert_cmpuint (g_list_model_get_n_items (articles), ==, 6);
}

/* A library made by an older Khoji: the window shows at once, with a page
 * saying it is being brought up to date, and then the library as before. */
static void
test_upgrade_old_library (void)
{
  sqlite3 *db = NULL;
  g_autoptr(GArray) putin_articles = NULL;

  close_window ();
  /* What version 4 left: no entity index table, the old index instead,
   * no count log (empty after every import), the index of dates by day. */
  g_assert_cmpint (sqlite3_open (fixture.db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, KHOJI_TEST_UNDO_V8_SQL, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TRIGGER event_cache_insert AFTER INSERT ON date_mention"
                                     " WHEN EXISTS (SELECT 1 FROM event_cache) BEGIN DELETE FROM event_cache; END;"
                                     "DROP TABLE entity_count_log;"
                                     "DROP TABLE entity_article;"
                                     "CREATE INDEX mention_entity ON mention(entity_id, article_id);"
                                     "PRAGMA user_version = 4;", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_true (khoji_library_needs_upgrade (fixture.db_path));

  fixture.window = g_object_ref (khoji_window_new (fixture.app));
  gtk_window_present (GTK_WINDOW (fixture.window));
  g_assert_cmpstr (_khoji_window_get_page (fixture.window), ==, "upgrading");
  g_assert_null (_khoji_window_get_library (fixture.window));
  g_assert_true (_khoji_window_is_loading (fixture.window));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (fixture.window), "import"));

  wait_loaded ();
  g_assert_cmpstr (_khoji_window_get_page (fixture.window), ==, "library");
  g_assert_nonnull (_khoji_window_get_library (fixture.window));
  g_assert_false (khoji_library_needs_upgrade (fixture.db_path));
  g_assert_cmpuint (g_list_model_get_n_items (khoji_article_list_get_model (_khoji_window_get_article_list (fixture.window))), ==, 6);
  putin_articles = khoji_library_articles_for_entity (_khoji_window_get_library (fixture.window), fixture.putin_id, NULL);
  g_assert_nonnull (putin_articles);
  g_assert_cmpuint (putin_articles->len, >, 0);
}

static void
test_close_while_loading (void)
{
  g_autoptr(GPtrArray) files = sample_files ();

  close_window ();

  /* Closed before the worker is back: its lists go nowhere, and the
   * window and the library are still freed (close_window checks). */
  fixture.window = g_object_ref (khoji_window_new (fixture.app));
  gtk_window_present (GTK_WINDOW (fixture.window));
  g_assert_true (_khoji_window_is_loading (fixture.window));
  close_window ();
  khoji_test_spin (300);

  /* Two reloads on top of the first one, and a drop, all while it
   * runs: one load at a time, the last one wins. */
  fixture.window = g_object_ref (khoji_window_new (fixture.app));
  gtk_window_present (GTK_WINDOW (fixture.window));
  g_signal_emit_by_name (_khoji_window_get_library (fixture.window), "changed");
  g_signal_emit_by_name (_khoji_window_get_library (fixture.window), "changed");
  g_assert_true (_khoji_window_is_loading (fixture.window));
  khoji_window_import_files (fixture.window, (GFile **) files->pdata, files->len);
  g_assert_true (khoji_test_spin_until (import_done, fixture.window, 60000));
  wait_loaded ();
  g_assert_cmpuint (g_list_model_get_n_items (khoji_article_list_get_model (_khoji_window_get_article_list (fixture.window))), ==, 6);
  g_assert_cmpuint (count_entities_shown (), >, 0);

  /* A new session shows every dated event, the oldest too. */
  {
    g_autoptr(GArray) refs = khoji_library_list_event_refs (_khoji_window_get_library (fixture.window), 0, NULL);
    guint32 first = G_MAXUINT32, last = 0;
    double start, end;

    g_assert_cmpuint (refs->len, >, 0);
    for (guint i = 0; i < refs->len; i++)
      {
        first = MIN (first, g_array_index (refs, KhojiEventRef, i).first_day);
        last = MAX (last, g_array_index (refs, KhojiEventRef, i).last_day);
      }
    khoji_test_spin (200);
    get_visible_days (_khoji_window_get_timeline (fixture.window), &start, &end);
    g_assert_cmpfloat (start, <=, first);
    g_assert_cmpfloat (end, >=, last);
  }
}

static AdwMessageDialog *
find_message_dialog (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

static void
test_set_published (void)
{
  KhojiLibrary *library = _khoji_window_get_library (fixture.window);
  KhojiTimeline *timeline = _khoji_window_get_timeline (fixture.window);
  g_autoptr(GPtrArray) all = khoji_library_list_articles (library, NULL);
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(KhojiArticle) after = NULL;
  g_autoptr(GDateTime) day = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *column, *calendar;
  gint64 article_id = 0;
  guint before;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.clear-filters", NULL));
  wait_loaded ();

  /* An article whose text gives no date: its “मंगलवार को” and the like
   * are not on the timeline yet. */
  for (guint i = 0; i < all->len && article_id == 0; i++)
    if (khoji_article_get_published (g_ptr_array_index (all, i)) == NULL)
      article_id = khoji_article_get_id (g_ptr_array_index (all, i));
  g_assert_cmpint (article_id, >, 0);
  before = khoji_timeline_get_n_events (timeline);

  khoji_window_open_article (fixture.window, article_id);
  column = _khoji_window_get_column (fixture.window, article_id);
  g_assert_nonnull (column);

  /* The column's menu item. */
  g_assert_null (find_message_dialog ());
  g_assert_true (gtk_widget_activate_action (column, "column.set-published", NULL));
  khoji_test_spin (200);
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  calendar = adw_message_dialog_get_extra_child (dialog);
  g_assert_true (GTK_IS_CALENDAR (calendar));
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "set");
  /* Undated: nothing to remove. */
  g_assert_false (adw_message_dialog_has_response (dialog, "remove"));
  g_assert_true (gtk_widget_has_focus (calendar));

  day = g_date_time_new_local (2025, 6, 17, 12, 0, 0);
  gtk_calendar_select_day (GTK_CALENDAR (calendar), day);
  if (fixture.shot_dir != NULL)
    {
      khoji_test_spin (500);
      save_widget_png (GTK_WIDGET (dialog), "set-date.png");
    }
  adw_message_dialog_response (dialog, "set");
  khoji_test_spin (100);
  if (find_message_dialog () == dialog)
    gtk_window_destroy (GTK_WINDOW (dialog));
  wait_loaded ();

  after = khoji_library_get_article (library, article_id, NULL);
  g_assert_cmpstr (khoji_article_get_published (after), ==, "2025-06-17");
  g_assert_cmpstr (khoji_article_get_published_source (after), ==, "user");

  /* Its relative dates are resolved now, and the timeline has them. */
  events = khoji_library_list_events (library, 0, NULL);
  g_assert_cmpuint (events->len, >, before);
  g_assert_cmpuint (khoji_timeline_get_n_events (timeline), ==, events->len);

  /* The list shows the date (newest first puts it at the top). */
  {
    GListModel *articles = khoji_article_list_get_model (_khoji_window_get_article_list (fixture.window));
    g_autoptr(KhojiArticle) top = g_list_model_get_item (articles, 0);

    g_assert_cmpint (khoji_article_get_id (top), ==, article_id);
    g_assert_cmpstr (khoji_article_get_published (top), ==, "2025-06-17");
  }

  /* Dated now, the dialog offers to take the date back; Remove does. */
  g_assert_true (gtk_widget_activate_action (column, "column.set-published", NULL));
  khoji_test_spin (200);
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_true (adw_message_dialog_has_response (dialog, "remove"));
  adw_message_dialog_response (dialog, "remove");
  khoji_test_spin (100);
  if (find_message_dialog () == dialog)
    gtk_window_destroy (GTK_WINDOW (dialog));
  wait_loaded ();
  g_clear_object (&after);
  after = khoji_library_get_article (library, article_id, NULL);
  g_assert_null (khoji_article_get_published (after));
  g_assert_cmpuint (khoji_timeline_get_n_events (timeline), ==, before);
}

/* Open Folder…: the folder chooser, then every article in the folder and
 * its subfolders imported; the import bar stays long enough to be seen
 * and says how it ended, however quick the import. */
static void
test_import_folder (void)
{
  g_autofree char *folder = g_build_filename (fixture.dir, "folder import", NULL);
  g_autofree char *sub = g_build_filename (folder, "sub", NULL);
  g_autofree char *a = g_build_filename (folder, "a.txt", NULL);
  g_autofree char *b = g_build_filename (sub, "b.md", NULL);
  g_autoptr(GFile) dir = g_file_new_for_path (folder);
  KhojiLibrary *library = _khoji_window_get_library (fixture.window);
  guint before = khoji_library_count_articles (library);
  GtkNativeDialog *chooser;

  g_assert_cmpint (g_mkdir_with_parents (sub, 0700), ==, 0);
  g_assert_true (g_file_set_contents (a, "नदी पर नया पुल\nलखनऊ में गोमती नदी पर नया पुल मंगलवार को खोला गया।\n", -1, NULL));
  g_assert_true (g_file_set_contents (b, "# बारिश का मौसम\nमुंबई में सोमवार को भारी बारिश हुई।\n", -1, NULL));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.import-folder", NULL));
  khoji_test_spin (200);
  chooser = _khoji_window_get_chooser (fixture.window);
  g_assert_nonnull (chooser);
  g_assert_cmpint (gtk_file_chooser_get_action (GTK_FILE_CHOOSER (chooser)), ==, GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER);
  g_assert_true (gtk_file_chooser_set_file (GTK_FILE_CHOOSER (chooser), dir, NULL));
  khoji_test_spin (200);
  g_signal_emit_by_name (chooser, "response", GTK_RESPONSE_ACCEPT);
  g_assert_null (_khoji_window_get_chooser (fixture.window));

  g_assert_true (khoji_test_spin_until (import_done, fixture.window, 60000));
  g_assert_cmpuint (khoji_library_count_articles (library), ==, before + 2);
  /* Over at once, and still shown, with its outcome. */
  g_assert_true (_khoji_window_import_bar_shown (fixture.window));
  g_assert_cmpstr (_khoji_window_get_import_text (fixture.window), ==, "Done: 2 of 2 files");
  if (fixture.shot_dir != NULL)
    {
      khoji_test_spin (900);
      save_widget_png (GTK_WIDGET (fixture.window), "import-folder.png");
    }
  g_assert_true (khoji_test_spin_until (import_bar_hidden, fixture.window, 5000));
  wait_loaded ();
}

/* Export Library…: a save dialog with the formats; FollowTheMoney chosen,
 * the lines are written on the library's threads and a toast says so. */
static gboolean
file_has_articles (gpointer data)
{
  g_autofree char *contents = NULL;

  return g_file_get_contents (data, &contents, NULL, NULL) && strstr (contents, "\"schema\": \"Article\"") != NULL &&
         g_str_has_suffix (contents, "}}\n");
}

static void
test_export_library (void)
{
  g_autofree char *path = g_build_filename (fixture.dir, "library export.ftm", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  GtkNativeDialog *chooser;
  g_autoptr(GListModel) filters = NULL;
  guint articles = 0;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.export-library", NULL));
  khoji_test_spin (200);
  chooser = _khoji_window_get_chooser (fixture.window);
  g_assert_nonnull (chooser);
  g_assert_cmpint (gtk_file_chooser_get_action (GTK_FILE_CHOOSER (chooser)), ==, GTK_FILE_CHOOSER_ACTION_SAVE);
  filters = gtk_file_chooser_get_filters (GTK_FILE_CHOOSER (chooser));
  g_assert_cmpuint (g_list_model_get_n_items (filters), ==, 3);
  {
    g_autoptr(GtkFileFilter) ftm = g_list_model_get_item (filters, 2);

    gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (chooser), ftm);
  }
  {
    g_autoptr(GFile) folder = g_file_new_for_path (fixture.dir);

    g_assert_true (gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL));
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "library export.ftm");
  }
  khoji_test_spin (200);
  g_signal_emit_by_name (chooser, "response", GTK_RESPONSE_ACCEPT);
  g_assert_true (khoji_test_spin_until (file_has_articles, path, 30000));
  khoji_test_spin (300);

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);
  for (char **l = lines; *l; l++)
    if (strstr (*l, "\"schema\": \"Article\"") != NULL)
      articles++;
  g_assert_cmpuint (articles, ==, khoji_library_count_articles (_khoji_window_get_library (fixture.window)));
  g_assert_cmpuint (_khoji_window_get_n_toasts (fixture.window), >, 0);
}

static gboolean
file_is_json (gpointer data)
{
  g_autofree char *contents = NULL;

  return g_file_get_contents (data, &contents, NULL, NULL) && g_str_has_suffix (contents, "\n}\n");
}

static gboolean
file_is_csv (gpointer data)
{
  g_autofree char *contents = NULL;

  return g_file_get_contents (data, &contents, NULL, NULL) && strstr (contents, "\r\ndate,") != NULL;
}

/* Export Selection… through its chooser: `filter` (0 JSON, 1 CSV, 2 FtM)
 * into `name` in the fixture's folder; waits for `done`. */
/* For khoji_test_spin_until (): whether the open file chooser would
 * save to the path data. */
static gboolean
chooser_holds (gpointer data)
{
  GtkNativeDialog *chooser = _khoji_window_get_chooser (fixture.window);
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (chooser == NULL)
    return FALSE;
  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  path = file != NULL ? g_file_get_path (file) : NULL;
  return g_strcmp0 (path, data) == 0;
}

static char *
export_selection_as (guint        filter,
                     const char  *name,
                     GSourceFunc  done)
{
  g_autofree char *path = g_build_filename (fixture.dir, name, NULL);
  g_autoptr(GListModel) filters = NULL;
  g_autoptr(GFile) folder = g_file_new_for_path (fixture.dir);
  GtkNativeDialog *chooser;
  char *contents = NULL;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.export-selection", NULL));
  khoji_test_spin (200);
  chooser = _khoji_window_get_chooser (fixture.window);
  g_assert_nonnull (chooser);
  g_assert_cmpstr (gtk_native_dialog_get_title (chooser), ==, "Export the Selected Articles");
  filters = gtk_file_chooser_get_filters (GTK_FILE_CHOOSER (chooser));
  g_assert_cmpuint (g_list_model_get_n_items (filters), ==, 3);
  {
    g_autoptr(GtkFileFilter) json = g_list_model_get_item (filters, 0);
    g_autoptr(GtkFileFilter) csv = g_list_model_get_item (filters, 1);
    g_autoptr(GtkFileFilter) ftm = g_list_model_get_item (filters, 2);
    g_autoptr(GtkFileFilter) chosen = g_list_model_get_item (filters, filter);

    g_assert_cmpstr (gtk_file_filter_get_name (json), ==, "JSON (the selected articles)");
    g_assert_cmpstr (gtk_file_filter_get_name (csv), ==, "CSV (entities and dates)");
    g_assert_cmpstr (gtk_file_filter_get_name (ftm), ==, "FollowTheMoney entities, for Aleph");
    gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (chooser), chosen);
  }
  g_assert_true (gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  /* GTK's own chooser changes folder asynchronously: answering before it
   * has would save into whatever folder it still shows. */
  g_assert_true (khoji_test_spin_until (chooser_holds, (gpointer) path, 20000));
  if (filter == 0 && fixture.shot_dir != NULL)
    {
      /* Without a portal the chooser is GTK's own dialog: its picture. */
      GListModel *toplevels = gtk_window_get_toplevels ();

      for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
        {
          g_autoptr(GtkWidget) w = g_list_model_get_item (toplevels, i);

          if (GTK_IS_FILE_CHOOSER_DIALOG (w) && gtk_widget_get_mapped (w))
            save_widget_png (w, "export-selection.png");
        }
    }
  g_signal_emit_by_name (chooser, "response", GTK_RESPONSE_ACCEPT);
  g_assert_true (khoji_test_spin_until (done, path, 30000));
  khoji_test_spin (300);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  return contents;
}

/* Export Selection… offers JSON, CSV and FollowTheMoney, and each holds
 * the articles the selected entity narrows the list to, and only what
 * follows from them. */
static void
test_export_selection (void)
{
  KhojiLibrary *library = _khoji_window_get_library (fixture.window);
  KhojiEntityPanel *panel = _khoji_window_get_entity_panel (fixture.window);
  gint64 putin = find_putin (library);
  g_autoptr(GArray) expected = khoji_library_articles_for_entity (library, putin, NULL);
  g_autofree char *json = NULL, *csv = NULL, *ftm = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) rows = NULL;
  g_auto(GStrv) lines = NULL;
  JsonObject *root;
  JsonArray *articles, *entities, *mentions;
  guint csv_entities = 0, ftm_articles = 0;
  gboolean putin_listed = FALSE;

  g_assert_nonnull (expected);
  g_assert_cmpuint (expected->len, >, 0);
  g_assert_cmpuint (expected->len, <, khoji_library_count_articles (library));
  khoji_entity_panel_unselect_all (panel);
  wait_loaded ();
  g_assert_true (khoji_entity_panel_select_entity (panel, putin));
  wait_loaded ();

  json = export_selection_as (0, "selection export.json", file_is_json);
  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  articles = json_object_get_array_member (root, "articles");
  g_assert_cmpuint (json_array_get_length (articles), ==, expected->len);
  for (guint i = 0; i < json_array_get_length (articles); i++)
    {
      gint64 id = json_object_get_int_member (json_array_get_object_element (articles, i), "id");
      gboolean found = FALSE;

      for (guint k = 0; k < expected->len; k++)
        found = found || g_array_index (expected, gint64, k) == id;
      g_assert_true (found);
    }
  mentions = json_object_get_array_member (root, "mentions");
  g_assert_cmpuint (json_array_get_length (mentions), >, 0);
  for (guint i = 0; i < json_array_get_length (mentions); i++)
    {
      gint64 article = json_object_get_int_member (json_array_get_object_element (mentions, i), "article");
      gboolean found = FALSE;

      for (guint k = 0; k < expected->len; k++)
        found = found || g_array_index (expected, gint64, k) == article;
      g_assert_true (found);
    }
  entities = json_object_get_array_member (root, "entities");
  for (guint i = 0; i < json_array_get_length (entities); i++)
    if (json_object_get_int_member (json_array_get_object_element (entities, i), "id") == putin)
      {
        putin_listed = TRUE;
        g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (entities, i), "articles"), ==,
                         expected->len);
      }
  g_assert_true (putin_listed);

  csv = export_selection_as (1, "selection export.csv", file_is_csv);
  rows = g_strsplit (csv, "\r\n", -1);
  g_assert_cmpstr (rows[0], ==, "kind,id,name,latin,type,aliases,articles,mentions");
  for (char **r = rows; *r; r++)
    if (g_str_has_prefix (*r, "entity,"))
      csv_entities++;
  g_assert_cmpuint (csv_entities, ==, json_array_get_length (entities));

  ftm = export_selection_as (2, "selection export.ftm", file_has_articles);
  lines = g_strsplit (ftm, "\n", -1);
  for (char **l = lines; *l; l++)
    if (strstr (*l, "\"schema\": \"Article\"") != NULL)
      ftm_articles++;
  g_assert_cmpuint (ftm_articles, ==, expected->len);

  khoji_entity_panel_unselect_all (panel);
  wait_loaded ();
}

static gboolean no_import (gpointer data);

static gboolean
import_bar_revealed (gpointer data)
{
  return gtk_revealer_get_child_revealed (KHOJI_WINDOW (data)->import_revealer);
}

static gboolean
on_undo_tick (gpointer data)
{
  (*(guint *) data)++;
  return G_SOURCE_CONTINUE;
}

static gint64
entity_named (KhojiLibrary    *library,
              const char      *name,
              KhojiEntityType *type)
{
  g_autoptr(GPtrArray) all = khoji_library_list_entities (library, TRUE, NULL);

  for (guint i = 0; i < all->len; i++)
    if (g_str_equal (khoji_entity_get_name (g_ptr_array_index (all, i)), name))
      {
        *type = khoji_entity_get_entity_type (g_ptr_array_index (all, i));
        return khoji_entity_get_id (g_ptr_array_index (all, i));
      }
  return 0;
}

/* The bar's text changed to an undo's progress while the undo ran: seen
 * as it happens, not between two turns of the main loop, one of which may
 * carry both the last progress and the end of a quick undo. */
static void
on_undo_label (GObject    *label,
               GParamSpec *pspec,
               gpointer    data)
{
  gboolean *seen = data;

  (void) pspec;
  if (_khoji_window_is_undoing (fixture.window) &&
      g_str_has_prefix (gtk_label_get_text (GTK_LABEL (label)), "Undoing"))
    *seen = TRUE;
}

/* A type changed, articles imported under it, then the toast's Undo: the
 * articles are analysed again on the library's thread, the window's main
 * loop turning all the while and the import bar counting them. */
static void
test_undo_progress (void)
{
  KhojiLibrary *library = _khoji_window_get_library (fixture.window);
  KhojiEntityPanel *panel = _khoji_window_get_entity_panel (fixture.window);
  g_autoptr(GPtrArray) samples = sample_files ();
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *more = g_build_filename (fixture.dir, "undo-more", NULL);
  KhojiEntityType type = KHOJI_ENTITY_PLACE;
  gint64 america = entity_named (library, "अमेरिका", &type);
  guint ticks = 0, tick, n = 30, total = 0, done = 0;
  gboolean seen = FALSE, shown = FALSE;
  gulong label_handler;
  const char *text;

  g_assert_cmpint (america, >, 0);
  g_assert_cmpint (type, ==, KHOJI_ENTITY_PLACE);
  khoji_entity_panel_unselect_all (panel);
  wait_loaded ();
  g_assert_true (khoji_entity_panel_select_entity (panel, america));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (panel), "entity.change-type", "s", "person"));
  wait_loaded ();
  entity_named (library, "अमेरिका", &type);
  g_assert_cmpint (type, ==, KHOJI_ENTITY_PERSON);
  khoji_entity_panel_unselect_all (panel);
  wait_loaded ();

  g_assert_cmpint (g_mkdir_with_parents (more, 0700), ==, 0);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text_path = g_file_get_path (g_ptr_array_index (samples, i % samples->len));
      g_autofree char *body = NULL;
      g_autofree char *copy = NULL;
      g_autofree char *path = g_strdup_printf ("%s/more-%02u.txt", more, i);

      g_assert_true (g_file_get_contents (text_path, &body, NULL, NULL));
      copy = g_strdup_printf ("%s\nसंस्करण %u।\n", body, i);
      g_assert_true (g_file_set_contents (path, copy, -1, NULL));
      g_ptr_array_add (files, g_file_new_for_path (path));
    }
  khoji_window_import_files (fixture.window, (GFile **) files->pdata, files->len);
  g_assert_true (khoji_test_spin_until (no_import, NULL, 60000));
  g_assert_true (khoji_test_spin_until (import_bar_hidden, fixture.window, 10000));
  wait_loaded ();

  label_handler = g_signal_connect (_khoji_window_get_import_label (fixture.window), "notify::label",
                                    G_CALLBACK (on_undo_label), &seen);
  tick = g_timeout_add (5, on_undo_tick, &ticks);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.undo-correction", "u", 0));
  /* The action returns at once, and the window's main loop goes on
   * turning while the library works: the bar shows its progress before
   * the undo is over. */
  g_assert_true (_khoji_window_is_undoing (fixture.window));
  while (_khoji_window_is_undoing (fixture.window))
    {
      g_main_context_iteration (NULL, TRUE);
      if (seen && !shown)
        {
          shown = TRUE;
          g_test_message ("while undoing, after %u ticks of a 5 ms timer: “%s”", ticks,
                          _khoji_window_get_import_text (fixture.window));
          if (fixture.shot_dir != NULL)
            {
              /* The bar slides in. */
              khoji_test_spin_until (import_bar_revealed, fixture.window, 3000);
              save_widget_png (GTK_WIDGET (fixture.window), "undo-progress.png");
            }
        }
    }
  g_source_remove (tick);
  g_signal_handler_disconnect (_khoji_window_get_import_label (fixture.window), label_handler);
  wait_loaded ();
  g_assert_true (seen);
  text = _khoji_window_get_import_text (fixture.window);
  g_test_message ("undo over: the bar said “%s”", text);
  g_assert_cmpint (sscanf (text, "Undoing — article %u of %u analysed again", &done, &total), ==, 2);
  g_assert_cmpuint (total, >=, n);
  g_assert_cmpuint (done, ==, total);
  entity_named (library, "अमेरिका", &type);
  g_assert_cmpint (type, ==, KHOJI_ENTITY_PLACE);
  g_assert_true (khoji_test_spin_until (import_bar_hidden, fixture.window, 10000));
}

/* ---- The tour: every menu, every item, every action ---- */

static void
collect_widgets (GtkWidget *widget,
                 GType      type,
                 GPtrArray *out)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (out, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_widgets (child, type, out);
}

static gboolean
no_import (gpointer data)
{
  return !_khoji_window_is_importing (fixture.window);
}

/* Whatever an item or action opened is closed again as a person would:
 * Cancel in a dialog, Escape's response in a file chooser, a popover
 * popped down. Returns how many windows there were to close. */
static guint
dismiss_everything (void)
{
  g_autoptr(GList) toplevels = NULL;
  g_autoptr(GPtrArray) popovers = g_ptr_array_new ();
  guint closed = 0;

  khoji_test_spin (300);
  toplevels = gtk_window_list_toplevels ();
  for (GList *l = toplevels; l != NULL; l = l->next)
    {
      GtkWindow *window = l->data;

      if (window == GTK_WINDOW (fixture.window) || !gtk_widget_get_visible (GTK_WIDGET (window)))
        continue;
      closed++;
      if (ADW_IS_MESSAGE_DIALOG (window))
        {
          const char *close = adw_message_dialog_get_close_response (ADW_MESSAGE_DIALOG (window));

          adw_message_dialog_response (ADW_MESSAGE_DIALOG (window), close);
          gtk_window_destroy (window);
        }
      else if (GTK_IS_DIALOG (window))
        gtk_dialog_response (GTK_DIALOG (window), GTK_RESPONSE_CANCEL);
      else if (GTK_IS_SHORTCUTS_WINDOW (window))
        gtk_widget_set_visible (GTK_WIDGET (window), FALSE);
      else
        gtk_window_destroy (window);
    }
  collect_widgets (GTK_WIDGET (fixture.window), GTK_TYPE_POPOVER, popovers);
  for (guint i = 0; i < popovers->len; i++)
    if (gtk_widget_get_visible (g_ptr_array_index (popovers, i)))
      gtk_popover_popdown (g_ptr_array_index (popovers, i));
  khoji_test_spin (200);
  g_assert_true (khoji_test_spin_until (no_import, NULL, 120000));
  wait_loaded ();
  return closed;
}

/* Pops each menu button's menu up and clicks each of its items in turn,
 * the menu opened afresh for each. */
typedef void (*PrepareFunc) (void);

static guint
click_every_menu_item (GtkWidget   *root,
                       PrepareFunc  prepare)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new_with_free_func (g_object_unref);
  guint clicked = 0;

  collect_widgets (root, GTK_TYPE_MENU_BUTTON, buttons);
  for (guint b = 0; b < buttons->len; b++)
    g_object_ref (g_ptr_array_index (buttons, b));
  for (guint b = 0; b < buttons->len; b++)
    {
      GtkMenuButton *button = g_ptr_array_index (buttons, b);
      guint n_items = 0;

      if (prepare != NULL)
        prepare ();
      if (!gtk_widget_is_sensitive (GTK_WIDGET (button)) || !gtk_widget_get_mapped (GTK_WIDGET (button)) ||
          gtk_menu_button_get_menu_model (button) == NULL)
        continue;
      for (guint i = 0; ; i++)
        {
          if (prepare != NULL)
            prepare ();
          /* An item may have closed what held the menu (Close Article). */
          if (gtk_widget_get_root (GTK_WIDGET (button)) == NULL || !gtk_widget_get_mapped (GTK_WIDGET (button)))
            break;
          g_autoptr(GPtrArray) items = g_ptr_array_new ();
          GtkPopover *popover;
          GtkWidget *item;
          g_autofree char *text = NULL;
          g_autofree char *submenu = NULL;

          gtk_menu_button_popup (button);
          khoji_test_spin (200);
          popover = gtk_menu_button_get_popover (button);
          g_assert_nonnull (popover);
          g_assert_true (gtk_widget_get_visible (GTK_WIDGET (popover)));
          collect_widgets (GTK_WIDGET (popover), g_type_from_name ("GtkModelButton"), items);
          n_items = items->len;
          if (i >= items->len)
            {
              gtk_popover_popdown (popover);
              break;
            }
          item = g_ptr_array_index (items, i);
          g_object_get (item, "text", &text, "menu-name", &submenu, NULL);
          /* A submenu's own items are in the same popover. */
          if (submenu != NULL || !gtk_widget_is_sensitive (item))
            {
              gtk_popover_popdown (popover);
              continue;
            }
          g_test_message ("menu item: %s", text);
          g_signal_emit_by_name (item, "clicked");
          clicked++;
          dismiss_everything ();
        }
      g_assert_true (n_items > 0 || gtk_widget_get_root (GTK_WIDGET (button)) == NULL);
    }
  return clicked;
}

/* Putin selected, listed even when an item hid him. */
static void
select_putin (void)
{
  KhojiEntityPanel *panel = _khoji_window_get_entity_panel (fixture.window);

  if (!khoji_entity_panel_select_entity (panel, fixture.putin_id))
    {
      g_object_set (panel, "show-hidden", TRUE, NULL);
      wait_loaded ();
      g_assert_true (khoji_entity_panel_select_entity (panel, fixture.putin_id));
    }
  wait_loaded ();
}

/* Activates each action a widget's class installs, with a parameter of
 * its type; disabled ones are skipped (and counted). */
static guint
run_every_class_action (GtkWidget *widget,
                        GType      type)
{
  GtkWidgetClass *klass = g_type_class_peek (type);
  const char *name;
  const GVariantType *parameter_type;
  const char *property;
  guint ran = 0;

  GType owner;

  for (guint i = 0; gtk_widget_class_query_action (klass, i, &owner, &name, &parameter_type, &property); i++)
    {
      g_autoptr(GVariant) parameter = NULL;

      /* The class's own, not GtkWindow's or GtkWidget's. */
      if (owner != type)
        continue;

      if (parameter_type == NULL)
        parameter = NULL;
      else if (g_variant_type_equal (parameter_type, G_VARIANT_TYPE_UINT32))
        parameter = g_variant_ref_sink (g_variant_new_uint32 (0));
      else if (g_variant_type_equal (parameter_type, G_VARIANT_TYPE_INT64))
        parameter = g_variant_ref_sink (g_variant_new_int64 (fixture.putin_id));
      else if (g_variant_type_equal (parameter_type, G_VARIANT_TYPE_STRING))
        parameter = g_variant_ref_sink (g_variant_new_string (g_str_equal (name, "entity.change-type") ? "person" :
                                                              g_str_equal (name, "entity.sort") ? "name" :
                                                              "articles"));
      else
        g_error ("the tour does not know a parameter of type %s for %s",
                 g_variant_type_peek_string (parameter_type), name);

      g_test_message ("action: %s", name);
      if (gtk_widget_activate_action_variant (widget, name, parameter))
        ran++;
      dismiss_everything ();
    }
  return ran;
}

/* The actions the window keeps in its own action map rather than its
 * class (Compare and its steps), with two articles open side by side:
 * switches turned on first, the others run while they are, then the
 * switches turned off again. */
static guint
run_every_map_action (void)
{
  GActionGroup *group = G_ACTION_GROUP (fixture.window);
  g_auto(GStrv) names = g_action_group_list_actions (group);
  g_autoptr(GPtrArray) switched = g_ptr_array_new ();
  guint ran = 0;

  for (char **name = names; *name; name++)
    {
      g_autoptr(GVariant) state = g_action_group_get_action_state (group, *name);

      if (state == NULL || !g_variant_is_of_type (state, G_VARIANT_TYPE_BOOLEAN) ||
          !g_action_group_get_action_enabled (group, *name))
        continue;
      g_test_message ("window action: %s on", *name);
      g_action_group_change_action_state (group, *name, g_variant_new_boolean (!g_variant_get_boolean (state)));
      g_ptr_array_add (switched, *name);
      ran++;
      khoji_test_spin (1000);
    }
  for (char **name = names; *name; name++)
    {
      g_autoptr(GVariant) state = g_action_group_get_action_state (group, *name);

      if (state != NULL || g_action_group_get_action_parameter_type (group, *name) != NULL ||
          !g_action_group_get_action_enabled (group, *name))
        continue;
      g_test_message ("window action: %s", *name);
      g_action_group_activate_action (group, *name, NULL);
      ran++;
      dismiss_everything ();
    }
  for (guint i = 0; i < switched->len; i++)
    {
      const char *name = g_ptr_array_index (switched, i);
      g_autoptr(GVariant) state = g_action_group_get_action_state (group, name);

      g_test_message ("window action: %s off", name);
      g_action_group_change_action_state (group, name, g_variant_new_boolean (!g_variant_get_boolean (state)));
      khoji_test_spin (300);
    }
  return ran;
}

/* The lower pane's views in turn (the network, the map, the timeline):
 * every button of the pane's toolbar clicked and every menu used while
 * each is shown, and on the map a place it cannot locate activated. */
static guint
tour_lower_views (void)
{
  GtkWidget *network = GTK_WIDGET (_khoji_window_get_network_view (fixture.window));
  GtkWidget *pane = gtk_widget_get_parent (gtk_widget_get_ancestor (network, GTK_TYPE_STACK));
  guint clicked = 0;

  for (const char * const *view = (const char * const []) { "network", "map", "timeline", NULL }; *view; view++)
    {
      g_autoptr(GPtrArray) buttons = g_ptr_array_new_with_free_func (g_object_unref);
      guint before = clicked;

      _khoji_window_show_view (fixture.window, *view);
      khoji_test_spin (1500);
      collect_widgets (pane, GTK_TYPE_BUTTON, buttons);
      for (guint b = 0; b < buttons->len; b++)
        g_object_ref (g_ptr_array_index (buttons, b));
      for (guint b = 0; b < buttons->len; b++)
        {
          GtkWidget *button = g_ptr_array_index (buttons, b);

          /* Toggles switch views or fold the pane; a menu button's own
           * toggle is its menu's, used below. */
          if (GTK_IS_TOGGLE_BUTTON (button) || !gtk_widget_get_mapped (button) ||
              !gtk_widget_is_sensitive (button))
            continue;
          g_test_message ("%s: button %s", *view, gtk_widget_get_tooltip_text (button));
          g_signal_emit_by_name (button, "clicked");
          clicked++;
          dismiss_everything ();
        }
      clicked += click_every_menu_item (pane, NULL);
      g_test_message ("%s: %u buttons and menu items", *view, clicked - before);
      if (g_str_equal (*view, "map"))
        {
          GtkListBox *unlocated = _khoji_window_get_unlocated_list (fixture.window);
          GtkListBoxRow *row = unlocated ? gtk_list_box_get_row_at_index (unlocated, 0) : NULL;

          if (row != NULL && gtk_list_box_row_get_activatable (row))
            {
              g_signal_emit_by_name (unlocated, "row-activated", row);
              clicked++;
              wait_loaded ();
            }
        }
      g_assert_cmpuint (clicked, >, before);
    }
  return clicked;
}

/* Preferences: each switch turned and turned back, each choice of each
 * combo row and of where the library is kept made and the first one made
 * again, the text size changed and back, and Connect on an archive
 * without a database, which must refuse and say where. */
static guint
tour_preferences (void)
{
  g_autoptr(GList) toplevels = NULL;
  g_autoptr(GPtrArray) switches = g_ptr_array_new ();
  g_autoptr(GPtrArray) combos = g_ptr_array_new ();
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();
  g_autoptr(GPtrArray) spins = g_ptr_array_new ();
  g_autoptr(GPtrArray) checks = g_ptr_array_new ();
  GtkCheckButton *chosen = NULL;
  KhojiPreferencesWindow *prefs = NULL;
  guint used = 0;

  g_action_group_activate_action (G_ACTION_GROUP (fixture.app), "preferences", NULL);
  khoji_test_spin (300);
  toplevels = gtk_window_list_toplevels ();
  for (GList *l = toplevels; l != NULL; l = l->next)
    if (KHOJI_IS_PREFERENCES_WINDOW (l->data))
      prefs = l->data;
  g_assert_nonnull (prefs);

  collect_widgets (GTK_WIDGET (prefs), GTK_TYPE_SWITCH, switches);
  for (guint i = 0; i < switches->len; i++)
    {
      GtkSwitch *sw = g_ptr_array_index (switches, i);
      gboolean was = gtk_switch_get_active (sw);

      g_test_message ("preferences switch: %s", was ? "off and on" : "on and off");
      gtk_switch_set_active (sw, !was);
      khoji_test_spin (500);
      gtk_switch_set_active (sw, was);
      khoji_test_spin (300);
      used++;
    }
  collect_widgets (GTK_WIDGET (prefs), ADW_TYPE_COMBO_ROW, combos);
  for (guint i = 0; i < combos->len; i++)
    {
      AdwComboRow *row = g_ptr_array_index (combos, i);
      guint was = adw_combo_row_get_selected (row);
      guint n = g_list_model_get_n_items (adw_combo_row_get_model (row));

      g_test_message ("preferences: %s, %u choices", adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), n);
      for (guint k = 0; k < n; k++)
        {
          adw_combo_row_set_selected (row, k);
          khoji_test_spin (300);
          used++;
        }
      adw_combo_row_set_selected (row, was);
      khoji_test_spin (300);
    }

  /* The reading text's size up and back; where the library is kept,
   * each choice and back (choosing does not connect: Connect does). */
  collect_widgets (GTK_WIDGET (prefs), GTK_TYPE_SPIN_BUTTON, spins);
  for (guint i = 0; i < spins->len; i++)
    {
      GtkSpinButton *spin = g_ptr_array_index (spins, i);
      double was = gtk_spin_button_get_value (spin);

      gtk_spin_button_spin (spin, GTK_SPIN_STEP_FORWARD, 1);
      khoji_test_spin (300);
      gtk_spin_button_set_value (spin, was);
      used++;
    }
  collect_widgets (GTK_WIDGET (prefs), GTK_TYPE_CHECK_BUTTON, checks);
  for (guint i = 0; i < checks->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (checks, i)))
      chosen = g_ptr_array_index (checks, i);
  g_assert_nonnull (chosen);
  for (guint i = 0; i < checks->len; i++)
    {
      gtk_check_button_set_active (g_ptr_array_index (checks, i), TRUE);
      khoji_test_spin (300);
      used++;
    }
  gtk_check_button_set_active (chosen, TRUE);
  khoji_test_spin (300);

  /* The archive's rows: no database named, Connect refuses. */
  collect_widgets (GTK_WIDGET (prefs), ADW_TYPE_ENTRY_ROW, entries);
  for (guint i = 0; i < entries->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (entries, i);

      if (g_str_equal (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), "Database"))
        {
          GtkWidgetClass *klass = g_type_class_peek (KHOJI_TYPE_PREFERENCES_WINDOW);
          const GVariantType *parameter_type;
          const char *name, *property;
          GType owner;

          gtk_editable_set_text (GTK_EDITABLE (row), "");
          /* The window's own actions (Connect), the window left open. */
          for (guint k = 0; gtk_widget_class_query_action (klass, k, &owner, &name, &parameter_type, &property); k++)
            if (owner == KHOJI_TYPE_PREFERENCES_WINDOW)
              {
                g_assert_null (parameter_type);
                g_test_message ("preferences action: %s", name);
                g_assert_true (gtk_widget_activate_action (GTK_WIDGET (prefs), name, NULL));
                khoji_test_spin (300);
                used++;
              }
          g_assert_true (gtk_widget_has_css_class (row, "error"));
          g_assert_false (khoji_archive_is_chosen (khoji_application_get_settings (fixture.app)));
        }
    }
  g_assert_cmpuint (entries->len, >=, 4);
  g_assert_cmpuint (switches->len, >=, 1);
  g_assert_cmpuint (combos->len, >=, 2);
  g_assert_cmpuint (dismiss_everything (), ==, 1);
  wait_loaded ();
  return used;
}

/* The bar: every menu of the window opened and each of its items used,
 * every action of the window, the entity panel and a reading column run,
 * the lower pane's views and Preferences used,
 * with warnings and criticals fatal; the window survives it all. */
static void
test_tour (void)
{
  KhojiEntityPanel *panel = _khoji_window_get_entity_panel (fixture.window);
  GListModel *articles = khoji_article_list_get_model (_khoji_window_get_article_list (fixture.window));
  g_autoptr(KhojiArticle) first = g_list_model_get_item (articles, 0);
  GApplication *app = G_APPLICATION (fixture.app);
  GtkWidget *column;
  guint items, actions;

  wait_loaded ();
  fixture.putin_id = find_putin (_khoji_window_get_library (fixture.window));
  g_assert_cmpint (fixture.putin_id, >, 0);
  khoji_window_open_article (fixture.window, khoji_article_get_id (first));
  wait_loaded ();
  g_assert_true (khoji_entity_panel_select_entity (panel, fixture.putin_id));
  wait_loaded ();

  /* The entity panel's menus, with Putin selected before each item, then
   * every menu of the window, with an article open. */
  items = click_every_menu_item (GTK_WIDGET (panel), select_putin);
  g_test_message ("%u entity menu items used", items);
  g_assert_cmpuint (items, >=, 10);
  g_object_set (panel, "show-hidden", FALSE, NULL);
  wait_loaded ();
  select_putin ();
  items += click_every_menu_item (GTK_WIDGET (fixture.window), NULL);
  g_test_message ("%u menu items used", items);
  g_assert_cmpuint (items, >=, 25);

  /* The actions, menus or not. */
  khoji_window_open_article (fixture.window, khoji_article_get_id (first));
  wait_loaded ();
  column = _khoji_window_get_column (fixture.window, khoji_article_get_id (first));
  g_assert_nonnull (column);
  g_assert_true (khoji_entity_panel_select_entity (panel, fixture.putin_id));
  wait_loaded ();
  actions = run_every_class_action (column, KHOJI_TYPE_READING_COLUMN);
  khoji_window_open_article (fixture.window, khoji_article_get_id (first));
  wait_loaded ();
  g_assert_true (khoji_entity_panel_select_entity (panel, fixture.putin_id));
  wait_loaded ();
  actions += run_every_class_action (GTK_WIDGET (panel), KHOJI_TYPE_ENTITY_PANEL);
  actions += run_every_class_action (GTK_WIDGET (fixture.window), KHOJI_TYPE_WINDOW);
  g_test_message ("%u actions run", actions);
  g_assert_cmpuint (actions, >=, 20);

  /* Those of the window's action map (Compare), with two articles open. */
  {
    g_autoptr(KhojiArticle) second = g_list_model_get_item (articles, 1);

    khoji_window_open_article (fixture.window, khoji_article_get_id (first));
    wait_loaded ();
    khoji_window_open_article (fixture.window, khoji_article_get_id (second));
    wait_loaded ();
    g_assert_cmpuint (run_every_map_action (), >=, 3);
  }

  /* The lower pane's views, their buttons and menus. */
  select_putin ();
  items = tour_lower_views ();
  g_test_message ("%u buttons and menu items of the lower pane's views used", items);
  g_assert_cmpuint (items, >=, 6);

  /* The application's, but Quit; Preferences, every row of it. */
  for (const char * const *name = (const char * const []) { "shortcuts", "about", NULL }; *name; name++)
    {
      g_action_group_activate_action (G_ACTION_GROUP (app), *name, NULL);
      g_assert_cmpuint (dismiss_everything (), >=, 1);
    }
  items = tour_preferences ();
  g_test_message ("%u preferences used", items);
  g_assert_cmpuint (items, >=, 6);

  /* Undo what the tour changed, newest first. */
  while (_khoji_window_get_n_undo (fixture.window) > 0)
    {
      undo_and_wait (0);
    }
  dismiss_everything ();
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (fixture.window)));
  g_assert_cmpstr (_khoji_window_get_page (fixture.window), ==, "library");
}

static void
test_finalize (void)
{
  g_autoptr(GPtrArray) files = sample_files ();

  /* Closing the window in the middle of an import cancels it cleanly. */
  khoji_window_import_files (fixture.window, (GFile **) files->pdata, files->len);
  g_assert_true (_khoji_window_is_importing (fixture.window));
  close_window ();
  g_clear_object (&fixture.app);
}

static gboolean
timeline_read (gpointer data)
{
  return !khoji_timeline_get_reading (data);
}

static void
on_timeline_activated (KhojiTimeline *timeline,
                       KhojiEvent    *event,
                       gpointer       data)
{
  *(gint64 *) data = khoji_event_get_id (event);
}

/* A mark's tooltip and its activation read the events' sentences on the
 * library's thread: the tooltip comes once they are back, and so does
 * the article the activation opens. */
static void
test_timeline_details (void)
{
  KhojiTimeline *timeline = _khoji_window_get_timeline (fixture.window);
  KhojiLibrary *library = _khoji_window_get_library (fixture.window);
  g_autoptr(GArray) refs = NULL;
  g_autoptr(KhojiEvent) first = NULL;
  g_autoptr(KhojiEvent) opened = NULL;
  g_autofree char *unread = NULL;
  g_autofree char *tooltip = NULL;
  g_autofree char *title = NULL;
  gint64 activated = 0;
  gulong handler;

  wait_loaded ();
  /* Every event, none of them read yet. */
  refs = khoji_library_list_event_refs (library, 0, NULL);
  g_assert_cmpuint (refs->len, >=, 2);
  khoji_timeline_set_events (timeline, refs);
  first = khoji_library_get_event (library, g_array_index (refs, KhojiEventRef, 0).id, NULL);
  g_assert_nonnull (first);

  unread = khoji_timeline_dup_mark_tooltip (timeline, 0);
  g_assert_null (unread);
  g_assert_true (khoji_timeline_get_reading (timeline));
  g_assert_true (khoji_test_spin_until (timeline_read, timeline, 30000));
  tooltip = khoji_timeline_dup_mark_tooltip (timeline, 0);
  g_assert_nonnull (tooltip);
  title = g_markup_escape_text (khoji_event_get_article_title (first), -1);
  g_assert_nonnull (strstr (tooltip, title));
  g_assert_false (khoji_timeline_get_reading (timeline));

  /* The second mark: not read yet, opened when it is. */
  handler = g_signal_connect (timeline, "event-activated", G_CALLBACK (on_timeline_activated), &activated);
  khoji_timeline_activate_mark (timeline, 1);
  g_assert_cmpint (activated, ==, 0);
  g_assert_true (khoji_timeline_get_reading (timeline));
  g_assert_true (khoji_test_spin_until (timeline_read, timeline, 30000));
  g_assert_cmpint (activated, !=, 0);
  opened = khoji_library_get_event (library, activated, NULL);
  g_assert_nonnull (opened);
  wait_loaded ();
  g_assert_nonnull (_khoji_window_get_column (fixture.window, khoji_event_get_article_id (opened)));
  g_signal_handler_disconnect (timeline, handler);
  wait_loaded ();
}

/* A cluster's circle holds three digits: larger counts are shortened,
 * rounded down, never overstated. */
static void
test_timeline_cluster_count (void)
{
  const struct { guint count; const char *label; } cases[] = {
    { 2, "2" }, { 999, "999" }, { 1000, "1k" }, { 1999, "1k" }, { 12345, "12k" },
    { 999999, "999k" }, { 1000000, "1M" }, { 1067580, "1M" }, { 25000000, "25M" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *label = khoji_timeline_format_cluster_count (cases[i].count);

      g_assert_cmpstr (label, ==, cases[i].label);
    }
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* The build tree's message catalogues: under LANGUAGE=hi the window
   * speaks Hindi, and its pictures are taken in Hindi. */
  if (g_getenv ("KHOJI_LOCALEDIR") != NULL)
    {
      const char *language = g_get_language_names ()[0];

      /* gtk_test_init() set a fixed English locale; the user's, as
       * khoji's main() does. */
      setlocale (LC_ALL, "");
      bindtextdomain (GETTEXT_PACKAGE, g_getenv ("KHOJI_LOCALEDIR"));
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      textdomain (GETTEXT_PACKAGE);
      if (g_str_has_prefix (language, "hi"))
        fixture.shot_language = "hi";
    }

  fixture.dir = g_dir_make_tmp ("khoji-window-XXXXXX", NULL);
  g_assert_nonnull (fixture.dir);
  fixture.db_path = g_build_filename (fixture.dir, "library.db", NULL);
  fixture.shot_dir = g_strdup (g_getenv ("KHOJI_SCREENSHOT_DIR"));

  g_test_add_func ("/khoji/window/empty-start", test_empty_start);
  g_test_add_func ("/khoji/window/drop-seeds", test_drop_seeds);
  g_test_add_func ("/khoji/window/drop-duplicates", test_drop_duplicates);
  g_test_add_func ("/khoji/window/entity-groups", test_entity_groups);
  g_test_add_func ("/khoji/window/entity-filter-and-sort", test_entity_filter_and_sort);
  g_test_add_func ("/khoji/window/hide-and-undo", test_hide_and_undo);
  g_test_add_func ("/khoji/window/entity-panel-first-entities", test_entity_panel_first_entities);
  g_test_add_func ("/khoji/window/select-putin-filters-articles", test_select_putin);
  g_test_add_func ("/khoji/window/reading-columns", test_reading_columns);
  g_test_add_func ("/khoji/window/entity-mentions", test_entity_mentions);
  g_test_add_func ("/khoji/window/tab-between-panes", test_tab_between_panes);
  g_test_add_func ("/khoji/window/narrow-layout", test_narrow_layout);
  if (fixture.shot_dir != NULL)
    g_test_add_func ("/khoji/window/screenshot-sizes", test_screenshot_sizes);
  g_test_add_func ("/khoji/window/dark-mode", test_dark);
  g_test_add_func ("/khoji/window/timeline-counts-all-events", test_timeline_all_events);
  g_test_add_func ("/khoji/window/timeline-draws-visible-range", test_timeline_visible_range);
  g_test_add_func ("/khoji/window/timeline-details", test_timeline_details);
  g_test_add_func ("/khoji/window/timeline-cluster-count", test_timeline_cluster_count);
  g_test_add_func ("/khoji/window/search", test_search);
  g_test_add_func ("/khoji/window/article-list-reads-alone", test_article_list_reads_alone);
  g_test_add_func ("/khoji/window/search-highlights", test_search_highlights);
  g_test_add_func ("/khoji/window/find-in-article", test_find_in_article);
  g_test_add_func ("/khoji/window/reading-header", test_reading_header);
  g_test_add_func ("/khoji/window/timeline-zoom", test_timeline_zoom);
  g_test_add_func ("/khoji/window/timeline-pinch", test_timeline_pinch);
  g_test_add_func ("/khoji/window/dialogs", test_dialogs);
  g_test_add_func ("/khoji/window/drop-text", test_drop_text);
  g_test_add_func ("/khoji/window/entity-corrections-in-place", test_entity_corrections_in_place);
  /* The steps after these read the window's English words (menu items,
   * History's lines): in another language only the steps up to here, which
   * make most of the pictures, run. */
  if (fixture.shot_language == NULL)
    {
      g_test_add_func ("/khoji/window/entity-history", test_entity_history);
      g_test_add_func ("/khoji/window/entity-context-menu", test_entity_context_menu);
      g_test_add_func ("/khoji/window/merge-chooser", test_merge_chooser);
      g_test_add_func ("/khoji/window/merge-and-rename-persist", test_rename_persists);
      g_test_add_func ("/khoji/window/undo-newest-first", test_undo_newest_first);
      g_test_add_func ("/khoji/window/loads-after-first-frame", test_loads_after_first_frame);
      g_test_add_func ("/khoji/window/close-while-loading", test_close_while_loading);
      g_test_add_func ("/khoji/window/upgrade-old-library", test_upgrade_old_library);
      g_test_add_func ("/khoji/window/set-published", test_set_published);
      g_test_add_func ("/khoji/window/import-folder", test_import_folder);
      g_test_add_func ("/khoji/window/export-library", test_export_library);
      g_test_add_func ("/khoji/window/export-selection", test_export_selection);
      g_test_add_func ("/khoji/window/undo-progress", test_undo_progress);
      g_test_add_func ("/khoji/window/tour", test_tour);
    }
  g_test_add_func ("/khoji/window/finalize", test_finalize);

  ret = g_test_run ();

  {
    g_autofree char *wal = g_strconcat (fixture.db_path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (fixture.db_path, "-shm", NULL);

    g_unlink (fixture.db_path);
    g_unlink (wal);
    g_unlink (shm);
    g_rmdir (fixture.dir);
  }
  g_free (fixture.db_path);
  g_free (fixture.dir);
  g_free (fixture.shot_dir);

  return ret;
}
