/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-window"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "khoji-compare.h"
#include "khoji-window-private.h"

/* Two reading columns compared: with exactly two columns open, a bar
 * above them offers the Compare toggle (win.compare, Ctrl+Shift+C). On,
 * the library compares the two articles on its thread; each column then
 * marks its paired sentences, the entities both name, those only it
 * names and the numbers and dates that differ, and the bar sums it up.
 * Scrolling one column scrolls the other to the partner of the pair at
 * its top; F8 and Shift+F8 step through the pairs, those with a
 * difference first. */

struct _KhojiWindowCompare {
  KhojiWindow        *window;        /* not a reference: the window owns this */
  GtkRevealer        *revealer;
  GtkToggleButton    *toggle;
  GtkLabel           *summary;
  GtkWidget          *previous_button;
  GtkWidget          *next_button;
  GListModel         *children;      /* of the columns box, observed */
  KhojiReadingColumn *left;          /* the two columns compared */
  KhojiReadingColumn *right;
  gulong              left_handler;
  gulong              right_handler;
  KhojiLibrary       *library;       /* whose "changed" is connected: only compared, never used */
  GCancellable       *cancellable;
  KhojiComparison    *comparison;    /* of left and right, or NULL */
  gboolean            active;
  gboolean            syncing;       /* one column is being scrolled to follow the other */
  int                 current_pair;  /* -1: none */
};
typedef KhojiWindowCompare Compare;

static Compare *
compare_of (KhojiWindow *self)
{
  return self->compare;
}

static void
set_columns (Compare            *c,
             KhojiReadingColumn *left,
             KhojiReadingColumn *right);

static void
clear_marks (Compare *c)
{
  if (c->cancellable)
    g_cancellable_cancel (c->cancellable);
  g_clear_object (&c->cancellable);
  g_clear_pointer (&c->comparison, khoji_comparison_free);
  c->current_pair = -1;
  if (c->left)
    khoji_reading_column_set_comparison (c->left, NULL, TRUE, NULL);
  if (c->right)
    khoji_reading_column_set_comparison (c->right, NULL, FALSE, NULL);
  gtk_label_set_text (c->summary, "");
  gtk_widget_set_visible (GTK_WIDGET (c->summary), FALSE);
  gtk_widget_set_sensitive (c->previous_button, FALSE);
  gtk_widget_set_sensitive (c->next_button, FALSE);
}

/* Entity names, the first few, for the summary and the descriptions:
 * the comparison read them on the library's thread. */
static char *
names_of (Compare *c,
          GArray  *ids)
{
  g_autoptr(GString) out = g_string_new (NULL);
  guint shown = 0;

  if (ids->len == 0)
    /* Translators: the compare bar, where it lists the entities only one article names */
    return g_strdup (_("none"));
  for (guint i = 0; i < ids->len && shown < 6; i++)
    {
      const char *name = g_hash_table_lookup (c->comparison->names, &g_array_index (ids, gint64, i));

      /* An entity the library no longer has is left out. */
      if (name == NULL)
        continue;
      /* Translators: the separator between entity names in a list */
      g_string_append_printf (out, "%s%s", shown ? _(", ") : "", name);
      shown++;
    }
  if (ids->len > shown)
    {
      g_autofree char *more = NULL;
      guint n = ids->len - shown;

      /* Translators: after the first names of a list of entities */
      more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s and %u more", "%s and %u more", n), out->str, n);
      return g_steal_pointer (&more);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* What one column's marks say, in words: for assistive technologies. */
static char *
describe_side (Compare  *c,
               gboolean  left)
{
  const KhojiComparison *cmp = c->comparison;
  g_autofree char *only = names_of (c, left ? cmp->only_left : cmp->only_right);
  g_autofree char *missing = names_of (c, left ? cmp->only_right : cmp->only_left);
  g_autoptr(GString) differs = g_string_new (NULL);
  g_autofree char *pairs = NULL;
  g_autofree char *text = NULL;

  for (guint i = 0; i < cmp->differences->len; i++)
    {
      const KhojiDifference *d = &g_array_index (cmp->differences, KhojiDifference, i);

      if (!d->left != !left)
        continue;
      g_string_append_printf (differs, "%s%s", differs->len ? _(", ") : "", d->text);
    }
  pairs = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                        "%u sentence paired with the other article",
                                        "%u sentences paired with the other article",
                                        cmp->pairs->len), cmp->pairs->len);
  /* Translators: a reading column's description while two articles are compared:
   * the paired sentences, the entities only this article names (underlined twice),
   * those only the other names, and the numbers and dates that differ (a wavy line) */
  text = g_strdup_printf (_("%s. Named only here: %s. Missing here: %s. Numbers and dates that differ: %s."),
                          pairs, only, missing, differs->len ? differs->str : _("none"));
  return g_steal_pointer (&text);
}

static void
update_summary (Compare *c)
{
  const KhojiComparison *cmp = c->comparison;
  g_autofree char *left = names_of (c, cmp->only_left);
  g_autofree char *right = names_of (c, cmp->only_right);
  g_autofree char *pairs = NULL;
  g_autofree char *differences = NULL;
  g_autofree char *text = NULL;

  pairs = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u paired sentence", "%u paired sentences",
                                        cmp->pairs->len), cmp->pairs->len);
  differences = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u difference", "%u differences",
                                              cmp->differences->len), cmp->differences->len);
  /* Translators: the compare bar: how many entities both articles name, those only
   * the left one names, those only the right one names, then the paired sentences and
   * the numbers and dates that differ within them */
  text = g_strdup_printf (_("Both name %u · only left: %s · only right: %s · %s · %s"),
                          cmp->shared->len, left, right, pairs, differences);
  gtk_label_set_text (c->summary, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (c->summary), text);
  gtk_widget_set_visible (GTK_WIDGET (c->summary), TRUE);
  gtk_widget_set_sensitive (c->previous_button, cmp->pairs->len > 0);
  gtk_widget_set_sensitive (c->next_button, cmp->pairs->len > 0);
}

static const KhojiCompareSpan *
pair_span (const KhojiComparison *cmp,
           guint                  pair,
           gboolean               left)
{
  const KhojiComparePair *p = &g_array_index (cmp->pairs, KhojiComparePair, pair);
  GArray *sentences = left ? cmp->left_sentences : cmp->right_sentences;
  guint k = left ? p->left : p->right;

  return k < sentences->len ? &g_array_index (sentences, KhojiCompareSpan, k) : NULL;
}

static void
set_current_pair (Compare *c,
                  int      pair)
{
  const KhojiCompareSpan *l = NULL, *r = NULL;

  c->current_pair = pair;
  if (pair >= 0 && c->comparison && (guint) pair < c->comparison->pairs->len)
    {
      l = pair_span (c->comparison, (guint) pair, TRUE);
      r = pair_span (c->comparison, (guint) pair, FALSE);
    }
  khoji_reading_column_set_current_range (c->left, l ? l->start : 0, l ? l->end : 0);
  khoji_reading_column_set_current_range (c->right, r ? r->start : 0, r ? r->end : 0);
}

/* The other column follows: the partner of the pair at the top of the
 * scrolled one comes to the same height. */
static void
follow (Compare            *c,
        KhojiReadingColumn *from,
        KhojiReadingColumn *to)
{
  const KhojiComparison *cmp = c->comparison;
  gboolean from_left = from == c->left;
  GtkAdjustment *source = khoji_reading_column_get_vadjustment (from);
  GtkAdjustment *target = khoji_reading_column_get_vadjustment (to);
  double top = gtk_adjustment_get_value (source);
  int best = -1, best_y = 0, last = 0, last_y = G_MININT;

  if (cmp == NULL || cmp->pairs->len == 0)
    return;
  /* The first pair whose sentence starts on the top line or below it. */
  for (guint i = 0; i < cmp->pairs->len; i++)
    {
      const KhojiCompareSpan *s = pair_span (cmp, i, from_left);
      int y;

      if (s == NULL)
        continue;
      y = khoji_reading_column_get_offset_y (from, s->start);
      if (y > last_y)
        {
          last = (int) i;
          last_y = y;
        }
      if (y >= top - 4 && (best < 0 || y < best_y))
        {
          best = (int) i;
          best_y = y;
        }
    }
  if (best < 0)
    best = last;   /* below the last pair: the last stays */
  {
    const KhojiCompareSpan *s = pair_span (cmp, (guint) best, from_left);
    const KhojiCompareSpan *t = pair_span (cmp, (guint) best, !from_left);
    double offset = khoji_reading_column_get_offset_y (from, s->start) - top;

    c->syncing = TRUE;
    gtk_adjustment_set_value (target, khoji_reading_column_get_offset_y (to, t->start) - offset);
    c->syncing = FALSE;
  }
  set_current_pair (c, best);
}

static void
on_left_scrolled (GtkAdjustment *adjustment,
                  Compare       *c)
{
  if (!c->syncing && c->comparison)
    follow (c, c->left, c->right);
}

static void
on_right_scrolled (GtkAdjustment *adjustment,
                   Compare       *c)
{
  if (!c->syncing && c->comparison)
    follow (c, c->right, c->left);
}

static void
on_compared (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Compare *c = user_data;
  g_autoptr(GError) error = NULL;
  KhojiComparison *cmp = khoji_library_compare_finish (KHOJI_LIBRARY (source), result, &error);
  g_autofree char *left = NULL, *right = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&c->cancellable);
  if (cmp == NULL)
    {
      gtk_label_set_text (c->summary, error->message);
      gtk_widget_set_visible (GTK_WIDGET (c->summary), TRUE);
      return;
    }
  g_clear_pointer (&c->comparison, khoji_comparison_free);
  c->comparison = cmp;
  left = describe_side (c, TRUE);
  right = describe_side (c, FALSE);
  khoji_reading_column_set_comparison (c->left, cmp, TRUE, left);
  khoji_reading_column_set_comparison (c->right, cmp, FALSE, right);
  update_summary (c);
  follow (c, c->left, c->right);
}

static void
start_compare (Compare *c)
{
  if (c->cancellable)
    g_cancellable_cancel (c->cancellable);
  g_clear_object (&c->cancellable);
  if (!c->active || c->left == NULL || c->right == NULL || c->window->library == NULL)
    return;
  c->cancellable = g_cancellable_new ();
  /* The cancellable outlives the window's data: cancelled in
   * _khoji_window_compare_free, so that on_compared never sees a freed
   * Compare. */
  khoji_library_compare_async (c->window->library, khoji_reading_column_get_article_id (c->left),
                               khoji_reading_column_get_article_id (c->right), c->cancellable,
                               on_compared, c);
}

static void
set_active (Compare  *c,
            gboolean  active)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (c->window), "compare");

  active = active && c->left != NULL;
  if (c->active == active)
    return;
  c->active = active;
  /* The window's actions are gone once it is being disposed. */
  if (action)
    g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_boolean (active));
  if (active)
    start_compare (c);
  else
    clear_marks (c);
}

static void
set_columns (Compare            *c,
             KhojiReadingColumn *left,
             KhojiReadingColumn *right)
{
  if (c->left == left && c->right == right)
    return;
  if (c->left)
    {
      g_signal_handler_disconnect (khoji_reading_column_get_vadjustment (c->left), c->left_handler);
      g_signal_handler_disconnect (khoji_reading_column_get_vadjustment (c->right), c->right_handler);
      clear_marks (c);
    }
  /* Held: a column removed from the box stays alive until it is let go
   * here, so that its handlers can be disconnected. */
  g_clear_object (&c->left);
  g_clear_object (&c->right);
  c->left = left ? g_object_ref (left) : NULL;
  c->right = right ? g_object_ref (right) : NULL;
  c->left_handler = c->right_handler = 0;
  if (left)
    {
      c->left_handler = g_signal_connect (khoji_reading_column_get_vadjustment (left), "value-changed",
                                          G_CALLBACK (on_left_scrolled), c);
      c->right_handler = g_signal_connect (khoji_reading_column_get_vadjustment (right), "value-changed",
                                           G_CALLBACK (on_right_scrolled), c);
      if (c->active)
        start_compare (c);
    }
}

/* Compare is offered with exactly two columns open. */
static void
on_columns_changed (GListModel *children,
                    guint       position,
                    guint       removed,
                    guint       added,
                    Compare    *c)
{
  guint n = g_list_model_get_n_items (children);
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (c->window), "compare");

  if (n == 2)
    {
      g_autoptr(GtkWidget) a = g_list_model_get_item (children, 0);
      g_autoptr(GtkWidget) b = g_list_model_get_item (children, 1);

      set_columns (c, KHOJI_READING_COLUMN (a), KHOJI_READING_COLUMN (b));
    }
  else
    {
      set_active (c, FALSE);
      set_columns (c, NULL, NULL);
    }
  if (action)
    g_simple_action_set_enabled (G_SIMPLE_ACTION (action), n == 2);
  gtk_revealer_set_reveal_child (c->revealer, n == 2);
}

static void
on_library_changed (KhojiLibrary *library,
                    KhojiWindow  *window)
{
  Compare *c = compare_of (window);

  if (c && c->active)
    start_compare (c);
}

static void
change_compare (GSimpleAction *action,
                GVariant      *state,
                gpointer       user_data)
{
  Compare *c = compare_of (user_data);

  if (c)
    set_active (c, g_variant_get_boolean (state));
}

/* F8 / Shift+F8: the next (previous) pair, among those with a
 * difference when there are any; both columns come to it. */
static void
step_pair (KhojiWindow *self,
           int          direction)
{
  Compare *c = compare_of (self);
  const KhojiComparison *cmp = c ? c->comparison : NULL;
  g_autoptr(GArray) wanted = NULL;
  int from, pick = -1;

  if (cmp == NULL || cmp->pairs->len == 0)
    return;
  wanted = g_array_new (FALSE, TRUE, sizeof (gboolean));
  g_array_set_size (wanted, cmp->pairs->len);
  for (guint i = 0; i < cmp->differences->len; i++)
    g_array_index (wanted, gboolean, g_array_index (cmp->differences, KhojiDifference, i).pair) = TRUE;
  if (cmp->differences->len == 0)
    for (guint i = 0; i < cmp->pairs->len; i++)
      g_array_index (wanted, gboolean, i) = TRUE;
  from = c->current_pair;
  for (guint k = 1; k <= cmp->pairs->len; k++)
    {
      int i = ((from < 0 ? (direction > 0 ? -1 : 0) : from) + direction * (int) k + (int) cmp->pairs->len * 2) %
              (int) cmp->pairs->len;

      if (g_array_index (wanted, gboolean, i))
        {
          pick = i;
          break;
        }
    }
  if (pick < 0)
    return;
  {
    const KhojiCompareSpan *l = pair_span (cmp, (guint) pick, TRUE);
    const KhojiCompareSpan *r = pair_span (cmp, (guint) pick, FALSE);

    c->syncing = TRUE;
    khoji_reading_column_reveal_range (c->left, l->start, l->end);
    khoji_reading_column_reveal_range (c->right, r->start, r->end);
    c->syncing = FALSE;
    set_current_pair (c, pick);
  }
}

static void
activate_next (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  step_pair (user_data, 1);
}

static void
activate_previous (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  step_pair (user_data, -1);
}

void
_khoji_window_compare_free (KhojiWindowCompare *c)
{
  if (c == NULL)
    return;
  if (c->cancellable)
    g_cancellable_cancel (c->cancellable);
  g_clear_object (&c->cancellable);
  if (c->left)
    {
      g_signal_handler_disconnect (khoji_reading_column_get_vadjustment (c->left), c->left_handler);
      g_signal_handler_disconnect (khoji_reading_column_get_vadjustment (c->right), c->right_handler);
    }
  g_clear_object (&c->left);
  g_clear_object (&c->right);
  g_signal_handlers_disconnect_by_data (c->children, c);
  g_clear_object (&c->revealer);
  g_clear_object (&c->summary);
  g_clear_object (&c->previous_button);
  g_clear_object (&c->next_button);
  g_clear_object (&c->children);
  g_clear_pointer (&c->comparison, khoji_comparison_free);
  g_free (c);
}

static GtkWidget *
bar_button (const char *icon,
            const char *tooltip,
            const char *action)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_widget_add_css_class (button, "flat");
  return button;
}

/* Called when the window has its library (again, after an upgrade). */
void
_khoji_window_init_compare (KhojiWindow *self)
{
  static const GActionEntry entries[] = {
    { "compare", NULL, NULL, "false", change_compare },
    { "compare-next", activate_next },
    { "compare-previous", activate_previous },
  };
  Compare *c = compare_of (self);
  GtkWidget *scroller = GTK_WIDGET (self->columns_scroller);
  GtkWidget *page, *bar, *content;
  gboolean shown;

  if (c == NULL)
    {
      c = g_new0 (Compare, 1);
      c->window = self;
      c->current_pair = -1;
      self->compare = c;
      g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);

      /* The columns' page gets the bar above them. */
      shown = g_strcmp0 (gtk_stack_get_visible_child_name (self->reading_stack), "columns") == 0;
      g_object_ref (scroller);
      gtk_stack_remove (self->reading_stack, scroller);
      page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
      c->revealer = GTK_REVEALER (gtk_revealer_new ());
      gtk_revealer_set_transition_type (c->revealer, GTK_REVEALER_TRANSITION_TYPE_SLIDE_DOWN);
      bar = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
      content = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      gtk_widget_add_css_class (content, "compare-bar");
      c->toggle = GTK_TOGGLE_BUTTON (gtk_toggle_button_new ());
      {
        GtkWidget *inner = adw_button_content_new ();

        adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (inner), "view-dual-symbolic");
        adw_button_content_set_label (ADW_BUTTON_CONTENT (inner), _("_Compare"));
        adw_button_content_set_use_underline (ADW_BUTTON_CONTENT (inner), TRUE);
        gtk_button_set_child (GTK_BUTTON (c->toggle), inner);
      }
      gtk_actionable_set_action_name (GTK_ACTIONABLE (c->toggle), "win.compare");
      gtk_widget_set_tooltip_text (GTK_WIDGET (c->toggle),
                                   _("Compare the two articles: pair their sentences, mark what differs (Shift+Ctrl+C)"));
      gtk_box_append (GTK_BOX (content), GTK_WIDGET (c->toggle));
      c->summary = GTK_LABEL (gtk_label_new (NULL));
      gtk_label_set_xalign (c->summary, 0);
      gtk_label_set_wrap (c->summary, TRUE);
      gtk_label_set_wrap_mode (c->summary, PANGO_WRAP_WORD_CHAR);
      gtk_label_set_lines (c->summary, 2);
      gtk_label_set_ellipsize (c->summary, PANGO_ELLIPSIZE_END);
      gtk_label_set_selectable (c->summary, FALSE);
      gtk_widget_set_hexpand (GTK_WIDGET (c->summary), TRUE);
      gtk_widget_set_valign (GTK_WIDGET (c->summary), GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (GTK_WIDGET (c->summary), "compare-summary");
      gtk_box_append (GTK_BOX (content), GTK_WIDGET (c->summary));
      c->previous_button = bar_button ("go-up-symbolic", _("Previous Difference (Shift+F8)"), "win.compare-previous");
      gtk_box_append (GTK_BOX (content), c->previous_button);
      c->next_button = bar_button ("go-down-symbolic", _("Next Difference (F8)"), "win.compare-next");
      gtk_box_append (GTK_BOX (content), c->next_button);
      gtk_box_append (GTK_BOX (bar), content);
      gtk_box_append (GTK_BOX (bar), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
      gtk_revealer_set_child (c->revealer, bar);
      gtk_box_append (GTK_BOX (page), GTK_WIDGET (c->revealer));
      gtk_widget_set_vexpand (scroller, TRUE);
      gtk_box_append (GTK_BOX (page), scroller);
      g_object_unref (scroller);
      gtk_stack_add_named (self->reading_stack, page, "columns");
      if (shown)
        gtk_stack_set_visible_child_name (self->reading_stack, "columns");
      /* Held, as the window's dispose may take them down before the
       * columns, whose removal still updates them. */
      g_object_ref (c->revealer);
      g_object_ref (c->summary);
      g_object_ref (c->previous_button);
      g_object_ref (c->next_button);
      clear_marks (c);

      c->children = gtk_widget_observe_children (GTK_WIDGET (self->columns_box));
      g_signal_connect (c->children, "items-changed", G_CALLBACK (on_columns_changed), c);
      on_columns_changed (c->children, 0, 0, 0, c);
    }

  /* Disconnected when the window goes; a library replaced after an
   * upgrade no longer emits. */
  if (self->library != c->library)
    {
      c->library = self->library;
      if (c->library)
        g_signal_connect_object (c->library, "changed", G_CALLBACK (on_library_changed), self, 0);
    }
}

gboolean
_khoji_window_is_comparing (KhojiWindow *self)
{
  Compare *c = compare_of (self);

  return c != NULL && c->active && c->comparison != NULL && c->cancellable == NULL;
}

const char *
_khoji_window_get_compare_summary (KhojiWindow *self)
{
  Compare *c = compare_of (self);

  return c ? gtk_label_get_text (c->summary) : NULL;
}

const KhojiComparison *
_khoji_window_get_comparison (KhojiWindow *self)
{
  Compare *c = compare_of (self);

  return c ? c->comparison : NULL;
}

int
_khoji_window_get_compare_pair (KhojiWindow *self)
{
  Compare *c = compare_of (self);

  return c ? c->current_pair : -1;
}
