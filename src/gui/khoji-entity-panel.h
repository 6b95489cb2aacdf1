/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "khoji-library.h"

G_BEGIN_DECLS

#define KHOJI_TYPE_ENTITY_PANEL (khoji_entity_panel_get_type ())
G_DECLARE_FINAL_TYPE (KhojiEntityPanel, khoji_entity_panel, KHOJI, ENTITY_PANEL, GtkWidget)

void        khoji_entity_panel_set_library      (KhojiEntityPanel *self,
                                                 KhojiLibrary     *library);
/* Re-reads the entities on the library's thread (a newer call replaces
 * an older one); the selection is kept where the entities remain. */
void        khoji_entity_panel_reload           (KhojiEntityPanel *self);
/* Whether the panel's own read of the entities is under way. */
gboolean    khoji_entity_panel_get_busy         (KhojiEntityPanel *self);
/* The same with entities (of KhojiEntity, as khoji_library_list_entities()
 * with the panel's show-hidden gives, or its first ones as
 * khoji_library_list_top_entities() gives, of n_listed) loaded elsewhere;
 * ends the loading state. Returns the array set before (or NULL), for the
 * caller to let go where it likes: freeing 100,000 entities takes a while. */
GPtrArray  *khoji_entity_panel_set_entities     (KhojiEntityPanel *self,
                                                 GPtrArray        *entities,
                                                 guint             n_listed);
/* How many entities a load lists at first (KHOJI_LIBRARY_TOP_ENTITIES;
 * 0 lists all), from the next load on. */
void        khoji_entity_panel_set_limit        (KhojiEntityPanel *self,
                                                 guint             limit);
/* What the owner's next load should list: the panel's limit, or 0 (all)
 * once every entity was asked for or shown, or sorted by name. */
guint       khoji_entity_panel_get_wanted_limit (KhojiEntityPanel *self);
/* Whether the panel lists only the first of the library's entities. */
gboolean    khoji_entity_panel_get_partial      (KhojiEntityPanel *self);
/* One entity's name, type or visibility changed (a correction, see
 * KhojiLibrary::entity-changed): its item is replaced, taken out when
 * hidden entities are not shown, or put back when it shows again; the
 * rest of the list and the selection stay. */
void        khoji_entity_panel_update_entity    (KhojiEntityPanel *self,
                                                 KhojiEntity      *entity);
/* Sorts entities (of KhojiEntity) as the panel shows them with `sort`
 * ("count" or "name"); no GTK, so a worker can do it before
 * set_entities(), which is then quicker. */
void        khoji_entity_panel_sort_entities    (GPtrArray        *entities,
                                                 const char       *sort);
/* Before the first set_entities(): a spinner instead of an empty list. */
void        khoji_entity_panel_set_loading      (KhojiEntityPanel *self,
                                                 gboolean          loading);
gboolean    khoji_entity_panel_get_loading      (KhojiEntityPanel *self);
/* The selected entities' ids (of gint64), never NULL. */
GArray     *khoji_entity_panel_get_selected_ids (KhojiEntityPanel *self);
/* The selected entities as listed (of KhojiEntity), never NULL. */
GPtrArray  *khoji_entity_panel_dup_selected (KhojiEntityPanel *self);
/* Selects only this entity (expanding its group) and scrolls to it;
 * FALSE when the panel does not list it (hidden, hidden ones not shown).
 * When only the first entities are listed and it is not among them, TRUE:
 * the rest are read, and it is selected then or "entity-unlisted" says
 * it could not be. */
gboolean    khoji_entity_panel_select_entity    (KhojiEntityPanel *self,
                                                 gint64            entity_id);
void        khoji_entity_panel_unselect_all     (KhojiEntityPanel *self);
/* Entities of one type after the filter box: the rows under its group. */
GListModel *khoji_entity_panel_get_group_model  (KhojiEntityPanel *self,
                                                 KhojiEntityType   type);
void        khoji_entity_panel_focus_filter     (KhojiEntityPanel *self);
/* Focuses the list (its focused row, else the first), for Tab between panes. */
void        khoji_entity_panel_focus_list       (KhojiEntityPanel *self);
/* What the filter box holds; NULL or "" shows every entity. */
void        khoji_entity_panel_set_filter       (KhojiEntityPanel *self,
                                                 const char       *text);

G_END_DECLS
