/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-reading-column"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "khoji-compare.h"
#include "khoji-library-reader.h"
#include "khoji-reading-column.h"

#define MIN_COLUMN_WIDTH 280
#define MAX_COLUMN_WIDTH 1600

struct _KhojiReadingColumn
{
  GtkWidget      parent_instance;

  KhojiLibrary  *library;
  gint64         article_id;
  char          *title;
  char          *published;    /* YYYY-MM-DD, or NULL */
  GPtrArray     *spans;        /* of KhojiArticleSpan, by start */
  GArray        *selected;     /* of gint64, or NULL */
  guint          n_mentions;
  guint          reveal_id;
  guint          close_id;          /* close-requested, on an idle */
  GCancellable  *read_cancellable;  /* the article being read, or NULL */
  gboolean       loaded;            /* its text has been shown once */
  gboolean       pending_selected;  /* reveal the first selected mention once loaded */
  guint          pending_start, pending_end;  /* a range to reveal once loaded, if end > 0 */
  char          *search_query;      /* the words the article list searched for, or NULL */
  int            drag_width;
  gboolean       fill;              /* as wide as the window allows, not as dragged */
  int            saved_width;       /* the width request while filling */

  GtkWidget     *content;
  GtkLabel      *title_label;
  GtkLabel      *meta_label;
  GtkScrolledWindow *scroller;
  GtkTextView   *text_view;
  GtkWidget     *handle;
  GtkSearchBar  *find_bar;
  GtkSearchEntry *find_entry;
  GtkLabel      *find_label;
  guint          n_found;
  /* The comparison with another column, while it is shown: this
   * side's paired sentences, the entities both name and only this one
   * names, the numbers and dates that differ (code points). */
  GArray        *compare_pairs;
  GArray        *compare_shared;
  GArray        *compare_only;
  GArray        *compare_differs;
};

G_DEFINE_FINAL_TYPE (KhojiReadingColumn, khoji_reading_column, GTK_TYPE_WIDGET)

enum {
  CLOSE_REQUESTED,
  ENTITY_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *type_tags[] = {
  [KHOJI_ENTITY_PERSON] = "person",
  [KHOJI_ENTITY_PLACE] = "place",
  [KHOJI_ENTITY_ORGANIZATION] = "organization",
};

static const char *type_colors[] = {
  [KHOJI_ENTITY_PERSON] = "khoji_person_color",
  [KHOJI_ENTITY_PLACE] = "khoji_place_color",
  [KHOJI_ENTITY_ORGANIZATION] = "khoji_organization_color",
};

static void
update_tag_colors (KhojiReadingColumn *self)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self->text_view));
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (gtk_text_view_get_buffer (self->text_view));
  GdkRGBA color;

  /* Tag colours come from the stylesheet (style.css, style-dark.css,
   * style-hc.css), so dark mode and high contrast restyle the tints. */
  for (guint i = 0; i < G_N_ELEMENTS (type_tags); i++)
    {
      GtkTextTag *tag = gtk_text_tag_table_lookup (table, type_tags[i]);

      if (!gtk_style_context_lookup_color (context, type_colors[i], &color))
        gdk_rgba_parse (&color, "rgba(128,128,128,0.25)");
      g_object_set (tag, "background-rgba", &color, NULL);
    }

  if (!gtk_style_context_lookup_color (context, "khoji_selected_color", &color))
    gdk_rgba_parse (&color, "rgba(255,200,0,0.5)");
  g_object_set (gtk_text_tag_table_lookup (table, "selected"), "background-rgba", &color, NULL);

  if (!gtk_style_context_lookup_color (context, "khoji_search_color", &color))
    gdk_rgba_parse (&color, "rgba(245,194,17,0.4)");
  g_object_set (gtk_text_tag_table_lookup (table, "search"), "background-rgba", &color, NULL);

  if (!gtk_style_context_lookup_color (context, "khoji_found_color", &color))
    gdk_rgba_parse (&color, "rgba(255,120,0,0.35)");
  g_object_set (gtk_text_tag_table_lookup (table, "found"), "background-rgba", &color, NULL);

  /* The comparison's marks: a tint for paired sentences (stronger for
   * the pair being read), and underlines whose shape says what they mark
   * (single: named by both; double: only here; wavy: differs), coloured
   * too but never by colour alone. */
  {
    static const struct { const char *tag, *color, *fallback, *property; } marks[] = {
      { "compare-pair", "khoji_pair_color", "rgba(145,65,172,0.10)", "background-rgba" },
      { "compare-current", "khoji_pair_current_color", "rgba(145,65,172,0.24)", "background-rgba" },
      { "compare-only", "khoji_only_color", "rgba(230,97,0,1)", "underline-rgba" },
      { "compare-differs", "khoji_differs_color", "rgba(224,27,36,1)", "underline-rgba" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (marks); i++)
      {
        if (!gtk_style_context_lookup_color (context, marks[i].color, &color))
          gdk_rgba_parse (&color, marks[i].fallback);
        g_object_set (gtk_text_tag_table_lookup (table, marks[i].tag), marks[i].property, &color, NULL);
      }
  }

  if (!gtk_style_context_lookup_color (context, "khoji_reveal_color", &color))
    gdk_rgba_parse (&color, "rgba(53,132,228,0.2)");
  g_object_set (gtk_text_tag_table_lookup (table, "reveal"), "paragraph-background-rgba", &color, NULL);
}

static void
on_style_changed (KhojiReadingColumn *self)
{
  update_tag_colors (self);
}

/* A mention of one of the selected entities. */
static gboolean
is_selected_mention (KhojiReadingColumn *self,
                     KhojiArticleSpan   *span)
{
  if (span->kind != KHOJI_SPAN_MENTION)
    return FALSE;
  for (guint k = 0; k < self->selected->len; k++)
    if (g_array_index (self->selected, gint64, k) == span->entity_id)
      return TRUE;
  return FALSE;
}

static void
apply_selected (KhojiReadingColumn *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_tag_by_name (buffer, "selected", &start, &end);

  if (self->selected == NULL || self->selected->len == 0 || self->spans == NULL)
    return;

  for (guint i = 0; i < self->spans->len; i++)
    {
      KhojiArticleSpan *span = g_ptr_array_index (self->spans, i);

      if (!is_selected_mention (self, span))
        continue;
      gtk_text_buffer_get_iter_at_offset (buffer, &start, span->start);
      gtk_text_buffer_get_iter_at_offset (buffer, &end, span->end);
      gtk_text_buffer_apply_tag_by_name (buffer, "selected", &start, &end);
    }
}

/* The words the article list searched for, marked in the text as the
 * list's snippets mark them: each word of the query (not an operator or
 * a quote), wherever the text has it, case aside. */
static void
apply_search_highlights (KhojiReadingColumn *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter start, end;
  g_auto(GStrv) words = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_tag_by_name (buffer, "search", &start, &end);
  if (self->search_query == NULL)
    return;

  words = g_strsplit_set (self->search_query, " \t\"()*", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      GtkTextIter from, match_start, match_end;
      const char *word = words[i];

      if (*word == '\0' || g_str_equal (word, "AND") || g_str_equal (word, "OR") ||
          g_str_equal (word, "NOT") || g_str_equal (word, "NEAR"))
        continue;
      gtk_text_buffer_get_start_iter (buffer, &from);
      while (gtk_text_iter_forward_search (&from, word, GTK_TEXT_SEARCH_CASE_INSENSITIVE | GTK_TEXT_SEARCH_TEXT_ONLY,
                                           &match_start, &match_end, NULL))
        {
          gtk_text_buffer_apply_tag_by_name (buffer, "search", &match_start, &match_end);
          from = match_end;
        }
    }
}

void
khoji_reading_column_set_search (KhojiReadingColumn *self,
                                 const char         *query)
{
  g_return_if_fail (KHOJI_IS_READING_COLUMN (self));

  if (g_strcmp0 (self->search_query, query) == 0)
    return;
  g_free (self->search_query);
  self->search_query = query && *query ? g_strdup (query) : NULL;
  apply_search_highlights (self);
}

char *
khoji_reading_column_dup_shown_text (KhojiReadingColumn *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (KHOJI_IS_READING_COLUMN (self), NULL);

  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

const char *
khoji_reading_column_get_meta (KhojiReadingColumn *self)
{
  g_return_val_if_fail (KHOJI_IS_READING_COLUMN (self), NULL);

  return gtk_label_get_text (self->meta_label);
}

guint
khoji_reading_column_count_search_matches (KhojiReadingColumn *self)
{
  GtkTextBuffer *buffer;
  GtkTextTag *tag;
  GtkTextIter iter;
  guint n = 0;

  g_return_val_if_fail (KHOJI_IS_READING_COLUMN (self), 0);

  buffer = gtk_text_view_get_buffer (self->text_view);
  tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), "search");
  gtk_text_buffer_get_start_iter (buffer, &iter);
  if (gtk_text_iter_starts_tag (&iter, tag))
    n++;
  while (gtk_text_iter_forward_to_tag_toggle (&iter, tag))
    if (gtk_text_iter_starts_tag (&iter, tag))
      n++;
  return n;
}

static char *
format_meta (KhojiArticle *article)
{
  const char *source = khoji_article_get_source (article);
  const char *published = khoji_article_get_published (article);
  guint n = khoji_article_get_entity_count (article);
  g_autofree char *entities = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u entity", "%u entities", n), n);
  g_autoptr(GString) meta = g_string_new (NULL);

  if (source != NULL && *source != '\0')
    g_string_append (meta, source);
  /* “undated” says why its relative dates are not on the timeline, and
   * the menu has the remedy. */
  g_string_append_printf (meta, "%s%s", meta->len ? " · " : "",
                          published != NULL && *published != '\0' ? published : _("undated"));
  g_string_append_printf (meta, "%s%s", meta->len ? " · " : "", entities);

  return g_string_free (g_steal_pointer (&meta), FALSE);
}

static void apply_pending_reveal (KhojiReadingColumn *self);
static void apply_compare_marks (KhojiReadingColumn *self);
static guint mark_found (KhojiReadingColumn *self);
static void update_find_label (KhojiReadingColumn *self);

/* The article as the library's thread read it: its title and meta line,
 * its text, its mentions and dates tinted. */
static void
show_content (KhojiReadingColumn  *self,
              KhojiArticleContent *content,
              const GError        *error)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  g_autofree char *meta = NULL;
  GtkTextIter start, end;

  if (content == NULL)
    {
      gtk_label_set_text (self->title_label, _("This article is no longer in the library"));
      gtk_label_set_text (self->meta_label, error ? error->message : "");
      gtk_text_buffer_set_text (buffer, "", -1);
      return;
    }

  g_free (self->title);
  self->title = g_strdup (khoji_article_get_title (content->article));
  g_free (self->published);
  self->published = g_strdup (khoji_article_get_published (content->article));
  gtk_label_set_text (self->title_label, self->title ? self->title : _("Untitled"));
  meta = format_meta (content->article);
  gtk_label_set_text (self->meta_label, meta);

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  {
    g_autofree char *shown = gtk_text_buffer_get_text (buffer, &start, &end, TRUE);

    /* After a correction only the highlights change: keep the text, and
     * with it the place the reader had scrolled to. */
    if (g_strcmp0 (shown, content->text) == 0)
      gtk_text_buffer_remove_all_tags (buffer, &start, &end);
    else
      gtk_text_buffer_set_text (buffer, content->text, -1);
  }

  /* The headline repeated, the dateline and a view count above the body
   * are the article's header: hidden from the text (they stay in it, with
   * their offsets), the dateline shown as written in the meta line. */
  {
    g_autofree char *dateline = NULL;
    gsize body = khoji_library_text_front_matter (content->text, self->title, &dateline);
    GtkTextTagTable *table = gtk_text_buffer_get_tag_table (buffer);

    if (gtk_text_tag_table_lookup (table, "front") == NULL)
      gtk_text_buffer_create_tag (buffer, "front", "invisible", TRUE, NULL);
    if (body > 0)
      {
        gtk_text_buffer_get_start_iter (buffer, &start);
        gtk_text_buffer_get_iter_at_offset (buffer, &end,
                                            (int) g_utf8_pointer_to_offset (content->text, content->text + body));
        gtk_text_buffer_apply_tag_by_name (buffer, "front", &start, &end);
      }
    if (dateline != NULL)
      {
        g_autofree char *with = NULL;

        /* Translators: the article's meta line, then its dateline as the article wrote it */
        with = g_strdup_printf (_("%s · %s"), meta, dateline);
        gtk_label_set_text (self->meta_label, with);
      }
  }

  g_clear_pointer (&self->spans, g_ptr_array_unref);
  self->spans = g_steal_pointer (&content->spans);
  self->n_mentions = 0;

  for (guint i = 0; self->spans != NULL && i < self->spans->len; i++)
    {
      KhojiArticleSpan *span = g_ptr_array_index (self->spans, i);

      gtk_text_buffer_get_iter_at_offset (buffer, &start, span->start);
      gtk_text_buffer_get_iter_at_offset (buffer, &end, span->end);

      if (span->kind == KHOJI_SPAN_DATE)
        gtk_text_buffer_apply_tag_by_name (buffer, "date", &start, &end);
      else if ((guint) span->entity_type < G_N_ELEMENTS (type_tags))
        {
          gtk_text_buffer_apply_tag_by_name (buffer, type_tags[span->entity_type], &start, &end);
          self->n_mentions++;
        }
    }

  apply_selected (self);
  apply_search_highlights (self);
  apply_compare_marks (self);
  self->n_found = mark_found (self);
  update_find_label (self);
}

static void
on_content_read (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GWeakRef *ref = user_data;
  g_autoptr(KhojiReadingColumn) self = g_weak_ref_get (ref);
  g_autoptr(KhojiArticleContent) content = NULL;
  g_autoptr(GError) error = NULL;

  g_weak_ref_clear (ref);
  g_free (ref);
  content = khoji_library_read_article_finish (KHOJI_LIBRARY (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self == NULL)
    return;
  g_clear_object (&self->read_cancellable);
  show_content (self, content, error);
  self->loaded = TRUE;
  apply_pending_reveal (self);
}

void
khoji_reading_column_reload (KhojiReadingColumn *self)
{
  GWeakRef *ref;

  g_return_if_fail (KHOJI_IS_READING_COLUMN (self));

  /* The text, its spans and the article's row come from the library's
   * thread: a long article does not hold up the window. */
  if (self->read_cancellable != NULL)
    g_cancellable_cancel (self->read_cancellable);
  g_clear_object (&self->read_cancellable);
  self->read_cancellable = g_cancellable_new ();
  ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (ref, self);
  khoji_library_read_article_async (self->library, self->article_id, self->read_cancellable,
                                    on_content_read, ref);
}

void
khoji_reading_column_set_fill (KhojiReadingColumn *self,
                               gboolean            fill)
{
  g_return_if_fail (KHOJI_IS_READING_COLUMN (self));

  fill = !!fill;
  if (self->fill == fill)
    return;
  self->fill = fill;
  /* A narrow window shows one column across its width; its width as
   * dragged comes back when the window is wide again. */
  if (fill)
    {
      gtk_widget_get_size_request (GTK_WIDGET (self), &self->saved_width, NULL);
      gtk_widget_set_size_request (GTK_WIDGET (self), 0, -1);
    }
  else
    gtk_widget_set_size_request (GTK_WIDGET (self), self->saved_width, -1);
  gtk_widget_set_visible (self->handle, !fill);
}

gboolean
khoji_reading_column_get_busy (KhojiReadingColumn *self)
{
  g_return_val_if_fail (KHOJI_IS_READING_COLUMN (self), FALSE);

  return self->read_cancellable != NULL;
}

GtkWidget *
khoji_reading_column_new (KhojiLibrary *library,
                          gint64        article_id)
{
  KhojiReadingColumn *self;

  g_return_val_if_fail (KHOJI_IS_LIBRARY (library), NULL);

  self = g_object_new (KHOJI_TYPE_READING_COLUMN, NULL);
  self->library = g_object_ref (library);
  self->article_id = article_id;
  khoji_reading_column_reload (self);

  return GTK_WIDGET (self);
}

gint64
khoji_reading_column_get_article_id (KhojiReadingColumn *self)
{
  g_return_val_if_fail (KHOJI_IS_READING_COLUMN (self), 0);

  return self->article_id;
}

const char *
khoji_reading_column_get_title (KhojiReadingColumn *self)
{
  g_return_val_if_fail (KHOJI_IS_READING_COLUMN (self), NULL);

  return self->title;
}

void
khoji_reading_column_focus (KhojiReadingColumn *self)
{
  g_return_if_fail (KHOJI_IS_READING_COLUMN (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

guint
khoji_reading_column_get_n_mentions (KhojiReadingColumn *self)
{
  g_return_val_if_fail (KHOJI_IS_READING_COLUMN (self), 0);

  return self->n_mentions;
}

void
khoji_reading_column_set_selected_entities (KhojiReadingColumn *self,
                                            GArray             *entity_ids)
{
  g_return_if_fail (KHOJI_IS_READING_COLUMN (self));

  g_clear_pointer (&self->selected, g_array_unref);
  if (entity_ids != NULL)
    self->selected = g_array_ref (entity_ids);
  apply_selected (self);
}

static gboolean
clear_reveal (gpointer user_data)
{
  KhojiReadingColumn *self = user_data;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_tag_by_name (buffer, "reveal", &start, &end);
  self->reveal_id = 0;

  return G_SOURCE_REMOVE;
}

void
khoji_reading_column_reveal_range (KhojiReadingColumn *self,
                                   guint               start_offset,
                                   guint               end_offset)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  GtkTextMark *mark;

  g_return_if_fail (KHOJI_IS_READING_COLUMN (self));

  if (!self->loaded)
    {
      self->pending_start = start_offset;
      self->pending_end = MAX (end_offset, start_offset + 1);
      return;
    }

  buffer = gtk_text_view_get_buffer (self->text_view);
  g_clear_handle_id (&self->reveal_id, g_source_remove);
  clear_reveal (self);

  gtk_text_buffer_get_iter_at_offset (buffer, &start, start_offset);
  gtk_text_buffer_get_iter_at_offset (buffer, &end, MAX (end_offset, start_offset));
  gtk_text_buffer_apply_tag_by_name (buffer, "reveal", &start, &end);

  /* A mark, not an iter: the view may not be laid out yet when a column
   * was just opened, and scrolling to a mark waits for the layout. */
  mark = gtk_text_buffer_get_mark (buffer, "reveal");
  if (mark == NULL)
    mark = gtk_text_buffer_create_mark (buffer, "reveal", &start, TRUE);
  else
    gtk_text_buffer_move_mark (buffer, mark, &start);
  gtk_text_view_scroll_to_mark (self->text_view, mark, 0.0, TRUE, 0.0, 0.3);

  self->reveal_id = g_timeout_add_seconds (4, clear_reveal, self);
}

gboolean
khoji_reading_column_reveal_selected (KhojiReadingColumn *self)
{
  g_return_val_if_fail (KHOJI_IS_READING_COLUMN (self), FALSE);

  if (!self->loaded)
    {
      self->pending_selected = TRUE;
      return self->selected != NULL;
    }
  if (self->selected == NULL || self->spans == NULL)
    return FALSE;

  /* Spans come in text order, so the first match is the first mention. */
  for (guint i = 0; i < self->spans->len; i++)
    {
      KhojiArticleSpan *span = g_ptr_array_index (self->spans, i);
      GtkTextBuffer *buffer;
      GtkTextMark *mark;
      GtkTextIter iter;

      if (!is_selected_mention (self, span))
        continue;
      buffer = gtk_text_view_get_buffer (self->text_view);
      mark = gtk_text_buffer_get_mark (buffer, "first-selected");
      gtk_text_buffer_get_iter_at_offset (buffer, &iter, span->start);
      if (mark == NULL)
        mark = gtk_text_buffer_create_mark (buffer, "first-selected", &iter, TRUE);
      else
        gtk_text_buffer_move_mark (buffer, mark, &iter);
      /* Only when it is out of sight: a mention in the first lines
       * leaves the title in view. */
      gtk_text_view_scroll_to_mark (self->text_view, mark, 0.1, FALSE, 0.0, 0.0);
      return TRUE;
    }

  return FALSE;
}

/* What was asked to be revealed before the text was there. */
static void
apply_pending_reveal (KhojiReadingColumn *self)
{
  if (self->pending_end > 0)
    khoji_reading_column_reveal_range (self, self->pending_start, self->pending_end);
  else if (self->pending_selected)
    khoji_reading_column_reveal_selected (self);
  self->pending_end = 0;
  self->pending_selected = FALSE;
}

static KhojiArticleSpan *
mention_at (KhojiReadingColumn *self,
            double              x,
            double              y)
{
  GtkTextIter iter;
  int bx, by;
  guint offset;

  if (self->spans == NULL)
    return NULL;

  gtk_text_view_window_to_buffer_coords (self->text_view, GTK_TEXT_WINDOW_WIDGET,
                                         (int) x, (int) y, &bx, &by);
  if (!gtk_text_view_get_iter_at_location (self->text_view, &iter, bx, by))
    return NULL;

  offset = gtk_text_iter_get_offset (&iter);
  for (guint i = 0; i < self->spans->len; i++)
    {
      KhojiArticleSpan *span = g_ptr_array_index (self->spans, i);

      if (span->kind == KHOJI_SPAN_MENTION && span->start <= offset && offset < span->end)
        return span;
    }

  return NULL;
}

static void
on_text_click_released (GtkGestureClick    *gesture,
                        int                 n_press,
                        double              x,
                        double              y,
                        KhojiReadingColumn *self)
{
  KhojiArticleSpan *span;

  /* Selecting text to copy it must not also jump to an entity. */
  if (n_press != 1 || gtk_text_buffer_get_has_selection (gtk_text_view_get_buffer (self->text_view)))
    return;

  span = mention_at (self, x, y);
  if (span != NULL)
    g_signal_emit (self, signals[ENTITY_ACTIVATED], 0, span->entity_id);
}

static void
on_text_motion (GtkEventControllerMotion *controller,
                double                    x,
                double                    y,
                KhojiReadingColumn       *self)
{
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self->text_view),
                                   mention_at (self, x, y) ? "pointer" : "text");
}

static void
on_handle_drag_begin (GtkGestureDrag     *gesture,
                      double              x,
                      double              y,
                      KhojiReadingColumn *self)
{
  self->drag_width = gtk_widget_get_width (GTK_WIDGET (self));
}

static void
on_handle_drag_update (GtkGestureDrag     *gesture,
                       double              dx,
                       double              dy,
                       KhojiReadingColumn *self)
{
  int width = CLAMP (self->drag_width + (int) dx, MIN_COLUMN_WIDTH, MAX_COLUMN_WIDTH);

  gtk_widget_set_size_request (GTK_WIDGET (self), width, -1);
}

static gboolean
emit_close_requested (gpointer user_data)
{
  KhojiReadingColumn *self = user_data;

  self->close_id = 0;
  g_signal_emit (self, signals[CLOSE_REQUESTED], 0);
  return G_SOURCE_REMOVE;
}

/* On an idle: from the column's own menu, closing at once destroyed the
 * menu while it was still handling the click. */
static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  KhojiReadingColumn *self = KHOJI_READING_COLUMN (widget);

  if (self->close_id == 0)
    self->close_id = g_idle_add_full (G_PRIORITY_DEFAULT, emit_close_requested, self, NULL);
}

/* ---- Next and previous mention of the selected entities ---- */

static gboolean
step_mention (KhojiReadingColumn *self,
              gboolean            forward)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter from, to;
  guint here;
  KhojiArticleSpan *pick = NULL;

  if (self->selected == NULL || self->spans == NULL)
    return FALSE;
  /* From the mention (or match) selected, else from the text in view. */
  if (!gtk_text_buffer_get_selection_bounds (buffer, &from, &to))
    {
      GdkRectangle visible;

      gtk_text_view_get_visible_rect (self->text_view, &visible);
      gtk_text_view_get_iter_at_location (self->text_view, &from, visible.x, visible.y);
      gtk_text_view_get_iter_at_location (self->text_view, &to, visible.x + visible.width, visible.y + visible.height);
      if (forward)
        to = from;
      else
        from = to;
    }
  here = gtk_text_iter_get_offset (forward ? &to : &from);
  for (guint i = 0; i < self->spans->len; i++)
    {
      KhojiArticleSpan *span = g_ptr_array_index (self->spans, forward ? i : self->spans->len - 1 - i);

      if (!is_selected_mention (self, span))
        continue;
      if ((forward && span->start >= here) || (!forward && span->end <= here))
        {
          pick = span;
          break;
        }
    }
  /* Past the last one, round to the first again, as Find does. */
  for (guint i = 0; pick == NULL && i < self->spans->len; i++)
    {
      KhojiArticleSpan *span = g_ptr_array_index (self->spans, forward ? i : self->spans->len - 1 - i);

      if (is_selected_mention (self, span))
        pick = span;
    }
  if (pick == NULL)
    return FALSE;
  gtk_text_buffer_get_iter_at_offset (buffer, &from, pick->start);
  gtk_text_buffer_get_iter_at_offset (buffer, &to, pick->end);
  gtk_text_buffer_select_range (buffer, &from, &to);
  gtk_text_view_scroll_to_iter (self->text_view, &from, 0.1, FALSE, 0.0, 0.0);
  return TRUE;
}

static void
step_mention_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  KhojiReadingColumn *self = KHOJI_READING_COLUMN (widget);

  if (!step_mention (self, g_str_equal (action_name, "column.next-mention")))
    gtk_widget_error_bell (widget);
}

/* ---- Find in article (Ctrl+F) ---- */

/* Marks every match of the find entry's text, case aside; returns how
 * many. */
static guint
mark_found (KhojiReadingColumn *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  const char *needle = gtk_editable_get_text (GTK_EDITABLE (self->find_entry));
  GtkTextIter start, end, match_start, match_end;
  guint n = 0;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_tag_by_name (buffer, "found", &start, &end);
  if (needle == NULL || *needle == '\0' || !gtk_search_bar_get_search_mode (self->find_bar))
    return 0;
  while (gtk_text_iter_forward_search (&start, needle, GTK_TEXT_SEARCH_CASE_INSENSITIVE | GTK_TEXT_SEARCH_TEXT_ONLY,
                                       &match_start, &match_end, NULL))
    {
      gtk_text_buffer_apply_tag_by_name (buffer, "found", &match_start, &match_end);
      start = match_end;
      n++;
    }
  return n;
}

static void
update_find_label (KhojiReadingColumn *self)
{
  const char *needle = gtk_editable_get_text (GTK_EDITABLE (self->find_entry));
  g_autofree char *text = NULL;

  if (needle == NULL || *needle == '\0')
    text = g_strdup ("");
  else if (self->n_found == 0)
    text = g_strdup (_("No match"));
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u match", "%u matches", self->n_found), self->n_found);
  gtk_label_set_text (self->find_label, text);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "column.find-next", self->n_found > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "column.find-previous", self->n_found > 0);
}

/* Selects the next (or previous) match from the selection, wrapping
 * around, and scrolls to it. */
static gboolean
find_step (KhojiReadingColumn *self,
           gboolean            forward)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  const char *needle = gtk_editable_get_text (GTK_EDITABLE (self->find_entry));
  GtkTextSearchFlags flags = GTK_TEXT_SEARCH_CASE_INSENSITIVE | GTK_TEXT_SEARCH_TEXT_ONLY;
  GtkTextIter from, to, match_start, match_end;
  gboolean found;

  if (needle == NULL || *needle == '\0' || self->n_found == 0)
    return FALSE;
  gtk_text_buffer_get_selection_bounds (buffer, &from, &to);
  if (forward)
    {
      found = gtk_text_iter_forward_search (&to, needle, flags, &match_start, &match_end, NULL);
      if (!found)
        {
          gtk_text_buffer_get_start_iter (buffer, &from);
          found = gtk_text_iter_forward_search (&from, needle, flags, &match_start, &match_end, NULL);
        }
    }
  else
    {
      found = gtk_text_iter_backward_search (&from, needle, flags, &match_start, &match_end, NULL);
      if (!found)
        {
          gtk_text_buffer_get_end_iter (buffer, &to);
          found = gtk_text_iter_backward_search (&to, needle, flags, &match_start, &match_end, NULL);
        }
    }
  if (!found)
    return FALSE;
  gtk_text_buffer_select_range (buffer, &match_start, &match_end);
  gtk_text_view_scroll_to_iter (self->text_view, &match_start, 0.1, FALSE, 0.0, 0.0);
  return TRUE;
}

static void
on_find_changed (GtkSearchEntry     *entry,
                 KhojiReadingColumn *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter start;

  self->n_found = mark_found (self);
  update_find_label (self);
  /* The first match from the top, as one types. */
  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_select_range (buffer, &start, &start);
  find_step (self, TRUE);
}

static void
on_find_next (GtkSearchEntry     *entry,
              KhojiReadingColumn *self)
{
  find_step (self, TRUE);
}

static void
on_find_previous (GtkSearchEntry     *entry,
                  KhojiReadingColumn *self)
{
  find_step (self, FALSE);
}

static void
on_find_stop (GtkSearchEntry     *entry,
              KhojiReadingColumn *self)
{
  gtk_search_bar_set_search_mode (self->find_bar, FALSE);
}

static void
on_find_mode_changed (GtkSearchBar       *bar,
                      GParamSpec         *pspec,
                      KhojiReadingColumn *self)
{
  self->n_found = mark_found (self);
  update_find_label (self);
  if (!gtk_search_bar_get_search_mode (bar))
    gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KhojiReadingColumn *self = KHOJI_READING_COLUMN (widget);

  gtk_search_bar_set_search_mode (self->find_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->find_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->find_entry), 0, -1);
}

static void
find_next_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  find_step (KHOJI_READING_COLUMN (widget), !g_str_equal (action_name, "column.find-previous"));
}

char *
khoji_reading_column_dup_selection (KhojiReadingColumn *self)
{
  GtkTextIter start, end;

  g_return_val_if_fail (KHOJI_IS_READING_COLUMN (self), NULL);

  if (!gtk_text_buffer_get_selection_bounds (gtk_text_view_get_buffer (self->text_view), &start, &end))
    return NULL;
  return gtk_text_iter_get_text (&start, &end);
}

guint
khoji_reading_column_find (KhojiReadingColumn *self,
                           const char         *text)
{
  g_return_val_if_fail (KHOJI_IS_READING_COLUMN (self), 0);

  gtk_widget_activate_action (GTK_WIDGET (self), "column.find", NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->find_entry), text ? text : "");
  on_find_changed (self->find_entry, self);
  return self->n_found;
}

/* ---- Set Publication Date… ---- */

static void
show_error (KhojiReadingColumn *self,
            const char         *message)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   _("Could Not Set the Date"), message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_published_dialog_response (AdwMessageDialog   *dialog,
                              const char         *response,
                              KhojiReadingColumn *self)
{
  GtkCalendar *calendar = GTK_CALENDAR (adw_message_dialog_get_extra_child (dialog));
  g_autoptr(GError) error = NULL;
  g_autofree char *date = NULL;

  if (g_strcmp0 (response, "set") == 0)
    {
      g_autoptr(GDateTime) chosen = gtk_calendar_get_date (calendar);

      date = g_date_time_format (chosen, "%Y-%m-%d");
    }
  else if (g_strcmp0 (response, "remove") != 0)
    return;

  /* The library re-reads the article's dates against the new one and
   * says "changed": the list, this column and the timeline follow. */
  if (!khoji_library_set_published (self->library, self->article_id, date, &error))
    show_error (self, error->message);
}

static void
set_published_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  KhojiReadingColumn *self = KHOJI_READING_COLUMN (widget);
  g_autoptr(GDateTime) shown = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog, *calendar;
  int y, m, d;

  if (self->published != NULL && sscanf (self->published, "%4d-%2d-%2d", &y, &m, &d) == 3)
    shown = g_date_time_new_local (y, m, d, 12, 0, 0);
  if (shown == NULL)
    shown = g_date_time_new_now_local ();

  /* Translators: %s is the article's title */
  body = g_strdup_printf (_("When was “%s” published? Words such as “yesterday” or “last Monday” in it are read from this date."),
                          self->title ? self->title : _("Untitled"));
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                   _("Set Publication Date"), body);

  calendar = gtk_calendar_new ();
  gtk_calendar_select_day (GTK_CALENDAR (calendar), shown);
  gtk_widget_set_halign (calendar, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (calendar),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Publication date"),
                                  -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), calendar);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"));
  if (self->published != NULL)
    {
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "remove", _("_Remove Date"));
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                                  ADW_RESPONSE_DESTRUCTIVE);
    }
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "set", _("_Set Date"));
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "set", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "set");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  /* The column may be closed while the dialog is open. */
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_published_dialog_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  /* Arrow keys pick the day straight away. */
  gtk_widget_grab_focus (calendar);
}

static void
khoji_reading_column_dispose (GObject *object)
{
  KhojiReadingColumn *self = KHOJI_READING_COLUMN (object);

  g_clear_handle_id (&self->reveal_id, g_source_remove);
  g_clear_handle_id (&self->close_id, g_source_remove);
  if (self->read_cancellable != NULL)
    g_cancellable_cancel (self->read_cancellable);
  g_clear_object (&self->read_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), KHOJI_TYPE_READING_COLUMN);
  /* dispose_template() only unparents bound children; the unnamed
   * top-level box of the template must go too. */
  {
    GtkWidget *child;

    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
      gtk_widget_unparent (child);
  }
  g_clear_object (&self->library);
  g_clear_pointer (&self->spans, g_ptr_array_unref);
  g_clear_pointer (&self->selected, g_array_unref);
  g_clear_pointer (&self->compare_pairs, g_array_unref);
  g_clear_pointer (&self->compare_shared, g_array_unref);
  g_clear_pointer (&self->compare_only, g_array_unref);
  g_clear_pointer (&self->compare_differs, g_array_unref);

  G_OBJECT_CLASS (khoji_reading_column_parent_class)->dispose (object);
}

static void
khoji_reading_column_finalize (GObject *object)
{
  KhojiReadingColumn *self = KHOJI_READING_COLUMN (object);

  g_free (self->title);
  g_free (self->published);
  g_free (self->search_query);

  G_OBJECT_CLASS (khoji_reading_column_parent_class)->finalize (object);
}

static void
khoji_reading_column_class_init (KhojiReadingColumnClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = khoji_reading_column_dispose;
  object_class->finalize = khoji_reading_column_finalize;

  signals[CLOSE_REQUESTED] =
    g_signal_new ("close-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[ENTITY_ACTIVATED] =
    g_signal_new ("entity-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/khoji-reading-column.ui");
  gtk_widget_class_bind_template_child (widget_class, KhojiReadingColumn, content);
  gtk_widget_class_bind_template_child (widget_class, KhojiReadingColumn, title_label);
  gtk_widget_class_bind_template_child (widget_class, KhojiReadingColumn, meta_label);
  gtk_widget_class_bind_template_child (widget_class, KhojiReadingColumn, scroller);
  gtk_widget_class_bind_template_child (widget_class, KhojiReadingColumn, text_view);
  gtk_widget_class_bind_template_child (widget_class, KhojiReadingColumn, handle);
  gtk_widget_class_bind_template_child (widget_class, KhojiReadingColumn, find_bar);
  gtk_widget_class_bind_template_child (widget_class, KhojiReadingColumn, find_entry);
  gtk_widget_class_bind_template_child (widget_class, KhojiReadingColumn, find_label);
  gtk_widget_class_bind_template_callback (widget_class, on_find_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_find_next);
  gtk_widget_class_bind_template_callback (widget_class, on_find_previous);
  gtk_widget_class_bind_template_callback (widget_class, on_find_stop);

  gtk_widget_class_install_action (widget_class, "column.close", NULL, close_action);
  gtk_widget_class_install_action (widget_class, "column.set-published", NULL, set_published_action);
  gtk_widget_class_install_action (widget_class, "column.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "column.next-mention", NULL, step_mention_action);
  gtk_widget_class_install_action (widget_class, "column.previous-mention", NULL, step_mention_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, GDK_ALT_MASK, "column.next-mention", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, GDK_ALT_MASK, "column.previous-mention", NULL);
  gtk_widget_class_install_action (widget_class, "column.find-next", NULL, find_next_action);
  gtk_widget_class_install_action (widget_class, "column.find-previous", NULL, find_next_action);
  /* Inside a column, Ctrl+F finds in its article; elsewhere it goes to
   * the search entry (the window's accelerator). */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "column.find", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_g, GDK_CONTROL_MASK, "column.find-next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_g, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "column.find-previous", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "readingcolumn");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
khoji_reading_column_init (KhojiReadingColumn *self)
{
  GtkTextBuffer *buffer;
  GtkEventController *controller;
  GtkGesture *gesture;
  AdwStyleManager *manager = adw_style_manager_get_default ();

  gtk_widget_init_template (GTK_WIDGET (self));

  buffer = gtk_text_view_get_buffer (self->text_view);
  for (guint i = 0; i < G_N_ELEMENTS (type_tags); i++)
    gtk_text_buffer_create_tag (buffer, type_tags[i], NULL);
  gtk_text_buffer_create_tag (buffer, "date",
                              "underline", PANGO_UNDERLINE_SINGLE,
                              NULL);
  gtk_text_buffer_create_tag (buffer, "selected",
                              "weight", PANGO_WEIGHT_BOLD,
                              NULL);
  gtk_text_buffer_create_tag (buffer, "reveal", NULL);
  gtk_text_buffer_create_tag (buffer, "found",
                              "underline", PANGO_UNDERLINE_SINGLE,
                              NULL);
  gtk_text_buffer_create_tag (buffer, "search",
                              "underline", PANGO_UNDERLINE_DOUBLE,
                              "weight", PANGO_WEIGHT_BOLD,
                              NULL);
  /* The comparison's (update_tag_colors gives their colours); the
   * sentence tints lie under the entity tints. */
  gtk_text_tag_set_priority (gtk_text_buffer_create_tag (buffer, "compare-current", NULL), 0);
  gtk_text_tag_set_priority (gtk_text_buffer_create_tag (buffer, "compare-pair", NULL), 0);
  gtk_text_buffer_create_tag (buffer, "compare-shared",
                              "underline", PANGO_UNDERLINE_SINGLE,
                              NULL);
  gtk_text_buffer_create_tag (buffer, "compare-only",
                              "underline", PANGO_UNDERLINE_DOUBLE,
                              "weight", PANGO_WEIGHT_SEMIBOLD,
                              NULL);
  gtk_text_buffer_create_tag (buffer, "compare-differs",
                              "underline", PANGO_UNDERLINE_ERROR,
                              "weight", PANGO_WEIGHT_BOLD,
                              NULL);
  /* "selected" must win over the type tints it sits on. */
  gtk_text_tag_set_priority (gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), "selected"),
                             gtk_text_tag_table_get_size (gtk_text_buffer_get_tag_table (buffer)) - 1);

  gtk_widget_set_cursor_from_name (self->handle, "col-resize");
  gtk_search_bar_connect_entry (self->find_bar, GTK_EDITABLE (self->find_entry));
  g_signal_connect (self->find_bar, "notify::search-mode-enabled", G_CALLBACK (on_find_mode_changed), self);
  update_find_label (self);

  gesture = gtk_gesture_click_new ();
  g_signal_connect (gesture, "released", G_CALLBACK (on_text_click_released), self);
  gtk_widget_add_controller (GTK_WIDGET (self->text_view), GTK_EVENT_CONTROLLER (gesture));

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "motion", G_CALLBACK (on_text_motion), self);
  gtk_widget_add_controller (GTK_WIDGET (self->text_view), controller);

  gesture = gtk_gesture_drag_new ();
  g_signal_connect (gesture, "drag-begin", G_CALLBACK (on_handle_drag_begin), self);
  g_signal_connect (gesture, "drag-update", G_CALLBACK (on_handle_drag_update), self);
  gtk_widget_add_controller (self->handle, GTK_EVENT_CONTROLLER (gesture));

  g_signal_connect_object (manager, "notify::dark", G_CALLBACK (on_style_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (manager, "notify::high-contrast", G_CALLBACK (on_style_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_swapped (self->text_view, "realize", G_CALLBACK (on_style_changed), self);
  update_tag_colors (self);
}

/* ---- Comparison with another column ---- */

static const char *compare_tags[] = {
  "compare-pair", "compare-current", "compare-shared", "compare-only", "compare-differs",
};

static void
tag_range (GtkTextBuffer *buffer,
           const char    *tag,
           guint          start,
           guint          end)
{
  GtkTextIter a, b;

  gtk_text_buffer_get_iter_at_offset (buffer, &a, (int) start);
  gtk_text_buffer_get_iter_at_offset (buffer, &b, (int) end);
  gtk_text_buffer_apply_tag_by_name (buffer, tag, &a, &b);
}

static gboolean
ids_have (GArray *ids,
          gint64  id)
{
  for (guint i = 0; ids && i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      return TRUE;
  return FALSE;
}

/* Applies the kept marks (again, after the text was shown again). */
static void
apply_compare_marks (KhojiReadingColumn *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  for (guint i = 0; i < G_N_ELEMENTS (compare_tags); i++)
    if (!g_str_equal (compare_tags[i], "compare-current"))
      gtk_text_buffer_remove_tag_by_name (buffer, compare_tags[i], &start, &end);
  if (self->compare_pairs == NULL)
    return;

  for (guint i = 0; i < self->compare_pairs->len; i++)
    tag_range (buffer, "compare-pair", g_array_index (self->compare_pairs, KhojiCompareSpan, i).start,
               g_array_index (self->compare_pairs, KhojiCompareSpan, i).end);
  for (guint i = 0; self->spans && i < self->spans->len; i++)
    {
      KhojiArticleSpan *span = g_ptr_array_index (self->spans, i);

      if (span->kind != KHOJI_SPAN_MENTION)
        continue;
      if (ids_have (self->compare_only, span->entity_id))
        tag_range (buffer, "compare-only", span->start, span->end);
      else if (ids_have (self->compare_shared, span->entity_id))
        tag_range (buffer, "compare-shared", span->start, span->end);
    }
  for (guint i = 0; i < self->compare_differs->len; i++)
    tag_range (buffer, "compare-differs", g_array_index (self->compare_differs, KhojiCompareSpan, i).start,
               g_array_index (self->compare_differs, KhojiCompareSpan, i).end);
}

void
khoji_reading_column_set_comparison (KhojiReadingColumn    *self,
                                     const KhojiComparison *comparison,
                                     gboolean               left,
                                     const char            *description)
{
  GArray *sentences;

  g_return_if_fail (KHOJI_IS_READING_COLUMN (self));

  g_clear_pointer (&self->compare_pairs, g_array_unref);
  g_clear_pointer (&self->compare_shared, g_array_unref);
  g_clear_pointer (&self->compare_only, g_array_unref);
  g_clear_pointer (&self->compare_differs, g_array_unref);
  /* Colour is not all: the marks are told in words to assistive
   * technologies, on the text they mark. */
  if (comparison == NULL || description == NULL)
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self->text_view), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
  else
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->text_view), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                    description, -1);
  if (comparison == NULL)
    {
      khoji_reading_column_set_current_range (self, 0, 0);
      apply_compare_marks (self);
      return;
    }

  /* Kept: a reload shows the text again without them. */
  sentences = left ? comparison->left_sentences : comparison->right_sentences;
  self->compare_pairs = g_array_new (FALSE, FALSE, sizeof (KhojiCompareSpan));
  for (guint i = 0; i < comparison->pairs->len; i++)
    {
      const KhojiComparePair *pair = &g_array_index (comparison->pairs, KhojiComparePair, i);
      guint k = left ? pair->left : pair->right;

      if (k < sentences->len)
        g_array_append_val (self->compare_pairs, g_array_index (sentences, KhojiCompareSpan, k));
    }
  self->compare_shared = g_array_copy (comparison->shared);
  self->compare_only = g_array_copy (left ? comparison->only_left : comparison->only_right);
  self->compare_differs = g_array_new (FALSE, FALSE, sizeof (KhojiCompareSpan));
  for (guint i = 0; i < comparison->differences->len; i++)
    {
      const KhojiDifference *d = &g_array_index (comparison->differences, KhojiDifference, i);

      if (!d->left == !left)
        g_array_append_val (self->compare_differs, d->span);
    }
  apply_compare_marks (self);
}

void
khoji_reading_column_set_current_range (KhojiReadingColumn *self,
                                        guint               start,
                                        guint               end)
{
  GtkTextBuffer *buffer;
  GtkTextIter a, b;

  g_return_if_fail (KHOJI_IS_READING_COLUMN (self));

  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_get_bounds (buffer, &a, &b);
  gtk_text_buffer_remove_tag_by_name (buffer, "compare-current", &a, &b);
  if (end > start && self->compare_pairs != NULL)
    tag_range (buffer, "compare-current", start, end);
}

GtkAdjustment *
khoji_reading_column_get_vadjustment (KhojiReadingColumn *self)
{
  g_return_val_if_fail (KHOJI_IS_READING_COLUMN (self), NULL);

  return gtk_scrolled_window_get_vadjustment (self->scroller);
}

int
khoji_reading_column_get_offset_y (KhojiReadingColumn *self,
                                   guint               offset)
{
  GtkTextIter iter;
  int y = 0, height = 0;

  g_return_val_if_fail (KHOJI_IS_READING_COLUMN (self), 0);

  gtk_text_buffer_get_iter_at_offset (gtk_text_view_get_buffer (self->text_view), &iter, (int) offset);
  gtk_text_view_get_line_yrange (self->text_view, &iter, &y, &height);
  {
    GdkRectangle rect;

    /* The line's top is the paragraph's; a sentence may start further
     * down a wrapped paragraph. */
    gtk_text_view_get_iter_location (self->text_view, &iter, &rect);
    y = rect.y;
  }
  return y;
}

guint
khoji_reading_column_get_offset_at_y (KhojiReadingColumn *self,
                                      int                 y)
{
  GtkTextIter iter;

  g_return_val_if_fail (KHOJI_IS_READING_COLUMN (self), 0);

  gtk_text_view_get_iter_at_location (self->text_view, &iter, 0, y);
  return (guint) gtk_text_iter_get_offset (&iter);
}

char **
khoji_reading_column_dup_marked (KhojiReadingColumn *self,
                                 const char         *mark)
{
  g_autoptr(GStrvBuilder) out = g_strv_builder_new ();
  g_autofree char *name = NULL;
  GtkTextBuffer *buffer;
  GtkTextTag *tag;
  GtkTextIter iter;

  g_return_val_if_fail (KHOJI_IS_READING_COLUMN (self), NULL);

  name = g_strconcat ("compare-", mark, NULL);
  buffer = gtk_text_view_get_buffer (self->text_view);
  tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), name);
  g_return_val_if_fail (tag != NULL, NULL);
  gtk_text_buffer_get_start_iter (buffer, &iter);
  do
    {
      if (gtk_text_iter_starts_tag (&iter, tag))
        {
          GtkTextIter end = iter;

          gtk_text_iter_forward_to_tag_toggle (&end, tag);
          g_autofree char *text = gtk_text_iter_get_text (&iter, &end);

          g_strv_builder_add (out, text);
        }
    }
  while (gtk_text_iter_forward_to_tag_toggle (&iter, tag));
  return g_strv_builder_end (out);
}
