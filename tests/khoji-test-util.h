/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The sample articles (data/samples, else ../shared/seeds beside the
 * tree), or NULL when neither is there. */
char *khoji_test_seeds_dir  (void);

/* Removes a temporary folder and everything in it (symlinks are removed,
 * not followed). */
void  khoji_test_remove_tree (const char *dir);

/* Drops the caller's reference to @object and asserts that it is then
 * finalized within ten seconds. A task run on a thread holds its source
 * object until the thread lets go of the task, which may come just after
 * the task's callback ran on this thread: g_assert_finalize_object()
 * right after such a callback races with that thread. */
void  khoji_test_assert_finalize_soon (gpointer object);

/* SQL that takes a library of schema 8 back to what version 7 wrote:
 * the index of dates by day instead of the table of date refs, the
 * trigger that emptied the event cache when a date was removed. For the
 * tests of upgrades. */
/* What version 14 changed, put back: a version 13 library (the file:
 * nothing but the number; the archive: no index of word pairs). */
#define KHOJI_TEST_UNDO_V14_SQL \
  "PRAGMA user_version = 13;"
/* The same for an archive on PostgreSQL. */
#define KHOJI_TEST_PG_UNDO_V14_SQL \
  "DROP INDEX article_search_pairs_newest;" \
  "CREATE INDEX article_search_recent ON article USING gin (search, id);" \
  "DROP FUNCTION khoji_search_pairs (tsvector);" \
  "UPDATE khoji_version SET version = 13;"

/* What versions 14 and 13 changed, put back: a version 12 library (the
 * file: nothing but the number; the archive: no kept event list). */
#define KHOJI_TEST_UNDO_V13_SQL \
  KHOJI_TEST_UNDO_V14_SQL \
  "PRAGMA user_version = 12;"
/* The same for an archive on PostgreSQL. */
#define KHOJI_TEST_PG_UNDO_V13_SQL \
  KHOJI_TEST_PG_UNDO_V14_SQL \
  "DROP TRIGGER date_ref_removed ON date_ref;" \
  "DROP FUNCTION khoji_date_ref_removed ();" \
  "DROP TABLE event_list;" \
  "DROP TABLE date_ref_removed;" \
  "DROP INDEX date_ref_new;" \
  "ALTER TABLE date_ref DROP COLUMN kept;" \
  "UPDATE khoji_version SET version = 12;"

/* What versions 13 and 12 changed, put back: a version 11 library (no
 * counts of shared sentences, the mentions indexed by article only). */
#define KHOJI_TEST_UNDO_V12_SQL \
  KHOJI_TEST_UNDO_V13_SQL \
  "DROP TABLE sentence_pair;" \
  "DROP INDEX mention_sentence;" \
  "CREATE INDEX mention_article ON mention(article_id);" \
  "PRAGMA user_version = 11;"
/* The same for an archive on PostgreSQL. */
#define KHOJI_TEST_PG_UNDO_V12_SQL \
  KHOJI_TEST_PG_UNDO_V13_SQL \
  "CREATE INDEX mention_entity ON mention (entity_id, article_id);" \
  "DROP INDEX mention_entity_sentence;" \
  "UPDATE khoji_version SET version = 11;"

/* What versions 12 and 11 changed, put back: a version 10 library (the
 * file: nothing but the number for 11). */
#define KHOJI_TEST_UNDO_V11_SQL \
  KHOJI_TEST_UNDO_V12_SQL \
  "PRAGMA user_version = 10;"
/* The same for an archive on PostgreSQL. */
#define KHOJI_TEST_PG_UNDO_V11_SQL \
  KHOJI_TEST_PG_UNDO_V12_SQL \
  "DROP TABLE date_ref;" \
  "ALTER TABLE article ALTER COLUMN search SET STORAGE EXTENDED;" \
  "UPDATE khoji_version SET version = 10;"

/* What versions 11 and 10 changed, put back: a version 9 library. */
#define KHOJI_TEST_UNDO_V10_SQL \
  KHOJI_TEST_UNDO_V11_SQL \
  "ALTER TABLE correction DROP COLUMN who;" \
  "PRAGMA user_version = 9;"
/* The same for an archive on PostgreSQL. */
#define KHOJI_TEST_PG_UNDO_V10_SQL \
  KHOJI_TEST_PG_UNDO_V11_SQL \
  "ALTER TABLE correction DROP COLUMN who;" \
  "UPDATE khoji_version SET version = 9;"

/* What versions 11 to 9 changed, put back: a version 8 library. */
#define KHOJI_TEST_UNDO_V9_SQL \
  KHOJI_TEST_UNDO_V10_SQL \
  "ALTER TABLE mention DROP COLUMN sentence;" \
  "PRAGMA user_version = 8;"

/* What versions 11 to 8 changed, put back: a version 7 library. */
#define KHOJI_TEST_UNDO_V8_SQL \
  KHOJI_TEST_UNDO_V9_SQL \
  "CREATE INDEX date_day ON date_mention (first_day, last_day, is_interval, precision, relative, article_id)" \
  " WHERE first_day IS NOT NULL;" \
  "DROP TRIGGER date_ref_insert;" \
  "DROP TRIGGER date_ref_delete;" \
  "DROP TRIGGER date_ref_update;" \
  "DROP TABLE date_ref;" \
  "DROP TRIGGER event_cache_delete;" \
  "CREATE TRIGGER event_cache_delete AFTER DELETE ON date_mention" \
  " WHEN EXISTS (SELECT 1 FROM event_cache) BEGIN DELETE FROM event_cache; END;" \
  "DROP TABLE event_cache_removed;" \
  "PRAGMA user_version = 7;"

G_END_DECLS
