/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The window's state, shared by its files: khoji-window.c (what it
 * shows: loading, the selection, reading columns), khoji-window-actions.c,
 * khoji-window-import.c (the import queue and its toasts) and
 * khoji-window-dnd.c. Below, the parts the UI tests drive and inspect. */

#include "khoji-article-list.h"
#include "khoji-entity-panel.h"
#include "khoji-reading-column.h"
#include "khoji-timeline.h"
#include "khoji-window.h"

G_BEGIN_DECLS

/* The panes a narrow window shows one at a time. */
typedef enum {
  KHOJI_PANE_ENTITIES,
  KHOJI_PANE_ARTICLES,
  KHOJI_PANE_READING,
} KhojiPane;

/* The lower pane's views (khoji-window-views.c) and the comparison of
 * two columns (khoji-window-compare.c): each file's own state. */
typedef struct _KhojiWindowViews   KhojiWindowViews;
typedef struct _KhojiWindowCompare KhojiWindowCompare;

/* A correction made in this window, as its toast named it. */
typedef struct {
  guint  id;
  guint  n_corrections;   /* how many library corrections it made */
  char  *message;
} KhojiUndoEntry;

struct _KhojiWindow
{
  AdwApplicationWindow  parent_instance;

  KhojiLibrary         *library;
  GSettings            *settings;
  GtkCssProvider       *font_provider;
  GtkDropTarget        *drop_target;

  GCancellable         *import_cancellable;
  GPtrArray            *pending_imports;   /* of GFile, waiting for the running import */
  GPtrArray            *toasts;            /* of AdwToast, shown or queued */
  gboolean              importing;
  gboolean              fit_after_load;
  gint64                last_import_reload; /* monotonic µs */
  GPtrArray            *last_import_results; /* of KhojiImportResult, when some were rejected */
  gint64                import_bar_shown;  /* when the import bar appeared, monotonic µs */
  guint                 import_bar_hide_id; /* hides it once it has been seen */
  GtkNativeDialog      *chooser;           /* the open file chooser, or NULL */
  GFile                *last_export;       /* the file the last export went to */
  int                   timeline_paned_max;

  GCancellable         *load_cancellable;  /* the running load, or NULL */
  gint64                load_started;      /* when it was asked for, monotonic µs */
  GCancellable         *upgrade_cancellable;  /* the library's upgrade, or NULL */
  gboolean              reload_pending;    /* the library changed during it */
  gboolean              loaded_once;
  guint                 selection_idle_id;
  GCancellable         *selection_cancellable; /* reading the selection's articles */
  GCancellable         *entity_cancellable;    /* reading entity rows a correction changed, or NULL */
  guint                 n_entity_reads;        /* how many of those have not come back */
  GArray               *selection_articles;    /* of gint64: what the selection shows, or NULL */
  gboolean              timeline_after_load;   /* the next selection shown fits or reveals */
  gboolean              banner_shown;          /* the bar names a selection */
  gboolean              narrow;                /* one pane at a time (khoji-window-layout.c) */
  KhojiPane             pane;                  /* the one shown when narrow */
  GtkWidget            *current_column;        /* the reading column shown when narrow (not a reference) */
  int                   allocated_width;
  guint                 layout_idle_id;
  gboolean              timeline_folded;
  GPtrArray            *undo_stack;            /* of KhojiUndoEntry: this window's corrections, newest last */
  guint                 undoing_id;            /* the entry being undone on the library's thread, or 0 */
  guint                 next_undo_id;
  GdkFrameClock        *paint_clock;       /* waiting for its after-paint */
  gulong                after_paint_id;
  guint                 paint_timeout_id;
  guint                 poll_id;           /* asks whether others changed the library */
  GCancellable         *poll_cancellable;  /* the question under way, or NULL */
  char                 *shown_stamp;       /* the library's change stamp as the panes show it */
  gboolean              poll_rebaseline;   /* our own change shown in place: the next answer is the new baseline */
  gboolean              poll_fault;        /* the fault bar was raised by a poll */
  GtkWidget            *scroll_target;     /* the column to scroll to on the next frames */
  guint                 scroll_tries;
  KhojiWindowViews     *views;             /* made once the library is known, or NULL */
  KhojiWindowCompare   *compare;           /* made once the library is known, or NULL */

  /* Template children */
  AdwToastOverlay      *toast_overlay;
  GtkSearchEntry       *search_entry;
  GtkRevealer          *import_revealer;
  GtkLabel             *import_label;
  GtkProgressBar       *import_progress;
  GtkWidget            *filter_bar;
  GtkWidget            *show_all_button;
  GtkLabel             *filter_label;
  GtkStack             *main_stack;
  AdwStatusPage        *error_page;
  GtkSpinner           *upgrading_spinner;
  AdwStatusPage        *connecting_page;
  GtkSpinner           *connecting_spinner;
  GtkRevealer          *fault_revealer;
  GtkLabel             *fault_label;
  GtkImage             *fault_icon;
  GtkPaned             *timeline_paned;
  GtkPaned             *entity_paned;
  GtkPaned             *article_paned;
  KhojiEntityPanel     *entity_panel;
  KhojiArticleList     *article_list;
  GtkStack             *reading_stack;
  GtkScrolledWindow    *columns_scroller;
  GtkBox               *columns_box;
  KhojiTimeline        *timeline;
  GtkLabel             *timeline_label;
  GtkStack             *timeline_stack;
  GtkSpinner           *timeline_spinner;
  GtkWidget            *timeline_box;
  GtkWidget            *timeline_fold_button;
  GtkWidget            *pane_switcher;
  GtkWidget            *entities_toggle;
  GtkWidget            *articles_toggle;
  GtkWidget            *reading_toggle;
  AdwButtonContent     *import_button_content;
};

/* khoji-window.c */
void _khoji_window_reload_all          (KhojiWindow        *self);
void _khoji_window_close_column        (KhojiWindow        *self,
                                        KhojiReadingColumn *column);

void _khoji_window_begin_open         (KhojiWindow        *self);
void _khoji_window_open_on_thread      (KhojiWindow        *self,
                                        const char         *location);

/* khoji-window-archive.c */
void        _khoji_window_set_page_text   (AdwStatusPage    *page,
                                           const char       *text);
gboolean    _khoji_window_error_is_fault  (const GError     *error);
const char *_khoji_window_error_title     (const GError     *error);
const char *_khoji_window_error_icon      (const GError     *error);
void _khoji_window_show_fault          (KhojiWindow        *self,
                                        const GError       *error);
void _khoji_window_hide_fault          (KhojiWindow        *self);
gboolean _khoji_window_fault_shown     (KhojiWindow        *self);
void _khoji_window_connect_archive     (KhojiWindow        *self,
                                        KhojiApplication   *app);
void _khoji_window_class_init_archive  (GtkWidgetClass     *widget_class);
/* Asks every KHOJI_WINDOW_POLL_SECONDS whether another program (another
 * computer, on a shared archive) changed the library, and reloads what
 * the panes show when it did. */
#define KHOJI_WINDOW_POLL_SECONDS 2
void _khoji_window_start_polling       (KhojiWindow        *self);
void _khoji_window_stop_polling        (KhojiWindow        *self);
void _khoji_window_lists_shown         (KhojiWindow        *self,
                                        const char         *stamp);
void _khoji_window_changed_in_place    (KhojiWindow        *self);

/* khoji-window-actions.c */
void _khoji_window_push_undo           (KhojiWindow        *self,
                                        const char         *message,
                                        guint               n_corrections,
                                        guint              *out_id);
void _khoji_undo_entry_free            (KhojiUndoEntry     *entry);
void _khoji_window_class_init_actions  (GtkWidgetClass     *widget_class);

/* khoji-window-import.c */
AdwToast *_khoji_toast_new_text        (const char         *text);
void _khoji_window_add_toast           (KhojiWindow        *self,
                                        AdwToast           *toast);
void _khoji_window_show_toast          (KhojiWindow        *self,
                                        const char         *title);
void _khoji_window_start_next_import   (KhojiWindow        *self);
void _khoji_window_import_text         (KhojiWindow        *self,
                                        const char         *text);
void _khoji_window_cancel_import       (KhojiWindow        *self);
void _khoji_window_show_rejected       (KhojiWindow        *self);

/* khoji-window-layout.c */
void _khoji_window_class_init_layout   (GtkWidgetClass     *widget_class);
void _khoji_window_width_changed       (KhojiWindow        *self,
                                        int                 width);
void _khoji_window_show_pane           (KhojiWindow        *self,
                                        KhojiPane           pane);
void _khoji_window_column_shown        (KhojiWindow        *self,
                                        GtkWidget          *column);
void _khoji_window_dispose_layout      (KhojiWindow        *self);

/* khoji-window-views.c: the lower pane's views (timeline, network, map) */
void _khoji_window_init_views          (KhojiWindow        *self);
void _khoji_window_views_free          (KhojiWindowViews   *views);
void _khoji_window_views_entities_listed (KhojiWindow      *self,
                                          GPtrArray        *entities);
/* khoji-window-compare.c: two reading columns compared. */
void _khoji_window_init_compare        (KhojiWindow        *self);
void _khoji_window_compare_free        (KhojiWindowCompare *compare);
/* A comparison is shown (computed, not being computed again). */
gboolean               _khoji_window_is_comparing        (KhojiWindow *self);
const char            *_khoji_window_get_compare_summary (KhojiWindow *self);
const KhojiComparison *_khoji_window_get_comparison      (KhojiWindow *self);
/* The pair the columns are at (-1: none). */
int                    _khoji_window_get_compare_pair    (KhojiWindow *self);
/* "timeline", "network" or "map" */
void _khoji_window_show_view           (KhojiWindow        *self,
                                        const char         *name);
struct _KhojiNetworkView *_khoji_window_get_network_view (KhojiWindow *self);
struct _KhojiMapView *_khoji_window_get_map_view (KhojiWindow *self);
/* Beside the map: the places it cannot draw. */
GtkListBox *_khoji_window_get_unlocated_list (KhojiWindow *self);

/* khoji-window-dnd.c */
void _khoji_window_init_dnd            (KhojiWindow        *self);

/* For the UI tests. */
/* Corrections of this window that Undo can take back. */
guint             _khoji_window_get_n_undo       (KhojiWindow *self);
gboolean          _khoji_window_is_narrow        (KhojiWindow *self);
/* The pane shown when narrow, or -1. */
int               _khoji_window_get_pane         (KhojiWindow *self);

GtkDropTarget    *_khoji_window_get_drop_target (KhojiWindow *self);
GtkWidget        *_khoji_window_get_search_entry (KhojiWindow *self);
/* The banner over the panes, "" when hidden. */
const char       *_khoji_window_get_banner_text  (KhojiWindow *self);
KhojiEntityPanel *_khoji_window_get_entity_panel (KhojiWindow *self);
KhojiArticleList *_khoji_window_get_article_list (KhojiWindow *self);
KhojiTimeline    *_khoji_window_get_timeline     (KhojiWindow *self);
KhojiLibrary     *_khoji_window_get_library      (KhojiWindow *self);
gboolean          _khoji_window_is_importing     (KhojiWindow *self);
guint             _khoji_window_get_n_columns    (KhojiWindow *self);
/* The reading column of an open article, or NULL. */
GtkWidget        *_khoji_window_get_column       (KhojiWindow *self,
                                                  gint64       article_id);
/* The library is being read, or the timeline has yet to follow it. */
gboolean          _khoji_window_is_loading       (KhojiWindow *self);
/* A search, an open article's text, or an entity a correction changed
 * is being read. */
gboolean          _khoji_window_is_reading       (KhojiWindow *self);
/* The import bar is showing (an import runs, or one just ended). */
gboolean          _khoji_window_import_bar_shown (KhojiWindow *self);
/* The import bar as the progress of another long task (an undo's
 * re-analysis) while no import holds it. */
void              _khoji_window_show_task_progress (KhojiWindow *self,
                                                    const char  *text,
                                                    double       fraction);
void              _khoji_window_end_task_progress  (KhojiWindow *self);
/* The window, weakly, as the progress data of a library task that may
 * outlive it. */
GWeakRef         *_khoji_window_weak_ref_new        (KhojiWindow *self);
void              _khoji_window_weak_ref_free       (gpointer     data);
gboolean          _khoji_window_is_undoing          (KhojiWindow *self);
const char       *_khoji_window_get_import_text  (KhojiWindow *self);
GtkLabel         *_khoji_window_get_import_label (KhojiWindow *self);
/* The file chooser the window has open, or NULL. */
GtkNativeDialog  *_khoji_window_get_chooser      (KhojiWindow *self);
/* Toasts shown or waiting to be shown. */
guint             _khoji_window_get_n_toasts     (KhojiWindow *self);
/* The stack of the pages below. */
GtkWidget        *_khoji_window_get_main_stack   (KhojiWindow *self);
/* The visible page of the main stack: "empty", "library" or "error". */
const char       *_khoji_window_get_page         (KhojiWindow *self);

G_END_DECLS
