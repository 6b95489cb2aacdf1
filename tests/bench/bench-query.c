/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-bench"

#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

#include <gio/gio.h>

#include "khoji-library.h"

#include "bench-util.h"

/* Read-side timings through the library API, the way the window calls it:
 * search latency over a list of queries (one a line), then listing all
 * entities with counts (aliases are read only when asked for, so not
 * here) and the entities named most as a window lists them at first,
 * all timeline events (the compact list the window loads, one
 * event's details, and the event objects the CLI prints), and all articles.
 *
 *   bench-query DB QUERIES_FILE [LIMIT]  ->  one JSON object on stdout
 *
 * With KHOJI_BENCH_QUERY_LOG=FILE, each timed search is also written
 * there, one a line: wall ms, CPU ms, the query, then the ids found in
 * their order (tab-separated), to see which searches are slow and to
 * compare what two builds or two backends find. */

static double
time_ms (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

int
main (int argc, char *argv[])
{
  g_autoptr(KhojiLibrary) library = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) queries = NULL;
  g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) cpu = g_array_new (FALSE, FALSE, sizeof (double));
  guint limit = 200, n_queries = 0, n_failed = 0;
  guint64 hits = 0;
  double entities_ms, events_ms, articles_ms, open_ms, worst = 0;
  const char *worst_query = "";
  FILE *log = NULL;
  guint n_entities, n_events, n_listed;
  double events_cpu_ms, events_first_ms, events_first_cpu_ms, details_ms, objects_ms, objects_cpu_ms;
  double entity_events_ms = 0, entity_events_cpu_ms = 0;
  guint n_objects, n_entity_events = 0;
  double top_ms = 0, top_cpu_ms = 0;
  guint n_top = 0, n_top_listed = 0;
  gint64 t;

  setlocale (LC_ALL, "");
  if (argc < 3)
    {
      g_printerr ("usage: bench-query DB QUERIES_FILE [LIMIT]\n");
      return 2;
    }
  if (argc > 3)
    limit = (guint) atoi (argv[3]);
  if (!g_file_get_contents (argv[2], &contents, NULL, &error))
    g_error ("%s", error->message);
  if (g_getenv ("KHOJI_BENCH_QUERY_LOG") != NULL)
    {
      log = fopen (g_getenv ("KHOJI_BENCH_QUERY_LOG"), "w");
      if (log == NULL)
        g_error ("%s: %s", g_getenv ("KHOJI_BENCH_QUERY_LOG"), g_strerror (errno));
    }
  queries = g_strsplit (contents, "\n", -1);

  t = g_get_monotonic_time ();
  library = khoji_library_open (argv[1], &error);
  open_ms = time_ms (t);
  if (library == NULL)
    g_error ("%s", error->message);

  /* One untimed pass warms the page cache, as a user's second search would
   * find it; the timed pass is the second. */
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; queries[i] != NULL; i++)
      {
        g_autoptr(GPtrArray) found = NULL;
        g_autoptr(GError) qerror = NULL;
        double elapsed, cpu_start, cpu_used;

        if (*queries[i] == '\0')
          continue;
        cpu_start = bench_thread_cpu_ms ();
        t = g_get_monotonic_time ();
        found = khoji_library_search (library, queries[i], limit, &qerror);
        elapsed = time_ms (t);
        cpu_used = bench_thread_cpu_ms () - cpu_start;
        if (pass == 0)
          continue;
        n_queries++;
        g_array_append_val (cpu, cpu_used);
        if (found == NULL)
          n_failed++;
        else
          hits += found->len;
        g_array_append_val (ms, elapsed);
        if (log != NULL)
          {
            fprintf (log, "%.3f\t%.3f\t%s", elapsed, cpu_used, queries[i]);
            for (guint k = 0; found != NULL && k < found->len; k++)
              fprintf (log, "\t%" G_GINT64_FORMAT, khoji_article_get_id (g_ptr_array_index (found, k)));
            fputc ('\n', log);
          }
        if (elapsed > worst)
          {
            worst = elapsed;
            worst_query = queries[i];
          }
      }

  /* As for searches, the second listing is timed: the panel lists again
   * after every import or correction, with the pages in the cache. */
  for (int pass = 0; pass < 2; pass++)
    {
      g_autoptr(GPtrArray) list = NULL;

      t = g_get_monotonic_time ();
      list = khoji_library_list_entities (library, TRUE, &error);
      entities_ms = time_ms (t);
      n_entities = list ? list->len : 0;
    }
  /* What the window lists at first: the entities named most, the rest
   * counted. */
  for (int pass = 0; pass < 2; pass++)
    {
      g_autoptr(GPtrArray) list = NULL;
      double cpu_start = bench_thread_cpu_ms ();

      t = g_get_monotonic_time ();
      list = khoji_library_list_top_entities (library, TRUE, KHOJI_LIBRARY_TOP_ENTITIES, &n_top_listed, &error);
      top_ms = time_ms (t);
      top_cpu_ms = bench_thread_cpu_ms () - cpu_start;
      n_top = list ? list->len : 0;
    }
  /* The timeline: the compact list the window loads (wall and CPU),
   * the details of 100 events as hovering fetches them, and the full
   * list of event objects the CLI prints, for comparison. */
  {
    g_autoptr(GArray) refs = NULL;
    g_autoptr(GPtrArray) list = NULL;
    double cpu_start;

    /* The first load after a change walks the index and keeps the
     * result; the ones after it read what was kept. */
    cpu_start = bench_thread_cpu_ms ();
    t = g_get_monotonic_time ();
    refs = khoji_library_list_event_refs (library, 0, &error);
    events_first_ms = time_ms (t);
    events_first_cpu_ms = bench_thread_cpu_ms () - cpu_start;
    g_clear_pointer (&refs, g_array_unref);

    cpu_start = bench_thread_cpu_ms ();
    t = g_get_monotonic_time ();
    refs = khoji_library_list_event_refs (library, 0, &error);
    events_ms = time_ms (t);
    events_cpu_ms = bench_thread_cpu_ms () - cpu_start;
    n_events = refs ? refs->len : 0;

    t = g_get_monotonic_time ();
    for (guint i = 0; refs != NULL && i < 100 && refs->len > 0; i++)
      {
        g_autoptr(KhojiEvent) event = khoji_library_get_event (library,
            g_array_index (refs, KhojiEventRef, (gsize) i * 7919 % refs->len).id, NULL);
      }
    details_ms = time_ms (t) / 100;

    /* The entity named in most articles: the window's heaviest filter. */
    {
      g_autoptr(GPtrArray) entities = khoji_library_list_entities (library, FALSE, NULL);
      g_autoptr(GArray) some = NULL;

      if (entities != NULL && entities->len > 0)
        {
          cpu_start = bench_thread_cpu_ms ();
          t = g_get_monotonic_time ();
          some = khoji_library_list_event_refs (library, khoji_entity_get_id (g_ptr_array_index (entities, 0)), NULL);
          entity_events_ms = time_ms (t);
          entity_events_cpu_ms = bench_thread_cpu_ms () - cpu_start;
          n_entity_events = some ? some->len : 0;
        }
    }

    cpu_start = bench_thread_cpu_ms ();
    t = g_get_monotonic_time ();
    list = khoji_library_list_events (library, 0, &error);
    objects_ms = time_ms (t);
    objects_cpu_ms = bench_thread_cpu_ms () - cpu_start;
    n_objects = list ? list->len : 0;
  }
  {
    g_autoptr(GPtrArray) list = NULL;

    t = g_get_monotonic_time ();
    list = khoji_library_list_articles (library, &error);
    articles_ms = time_ms (t);
    n_listed = list ? list->len : 0;
  }

  {
    g_autoptr(GString) escaped = g_string_new (NULL);

    /* JSON wants only quotes, backslashes and controls escaped;
     * g_strescape would turn Devanagari into octal. */
    for (const char *p = worst_query; *p; p++)
      if (*p == '"' || *p == '\\')
        g_string_append_printf (escaped, "\\%c", *p);
      else if ((guchar) *p < 0x20)
        g_string_append_printf (escaped, "\\u%04x", (guchar) *p);
      else
        g_string_append_c (escaped, *p);

    g_print ("{\"open_ms\": %.2f, \"queries\": %u, \"failed\": %u, \"hits\": %" G_GUINT64_FORMAT ", "
             "\"search_p50_ms\": %.3f, \"search_p95_ms\": %.3f, \"search_max_ms\": %.3f, \"worst_query\": \"%s\", "
             "\"search_cpu_p50_ms\": %.3f, \"search_cpu_p95_ms\": %.3f, \"search_cpu_max_ms\": %.3f, "
             "\"entities\": %u, \"entities_ms\": %.2f, \"events\": %u, \"events_ms\": %.2f, "
             "\"articles\": %u, \"articles_ms\": %.2f, "
             "\"events_cpu_ms\": %.2f, \"events_first_ms\": %.2f, \"events_first_cpu_ms\": %.2f, "
             "\"event_details_ms\": %.3f, \"entity_events\": %u, \"entity_events_ms\": %.2f, "
             "\"entity_events_cpu_ms\": %.2f, "
             "\"event_objects\": %u, \"event_objects_ms\": %.2f, \"event_objects_cpu_ms\": %.2f, "
             "\"top_entities\": %u, \"top_entities_of\": %u, \"top_entities_ms\": %.2f, "
             "\"top_entities_cpu_ms\": %.2f}\n",
             open_ms, n_queries, n_failed, hits,
             bench_percentile (ms, 0.50), bench_percentile (ms, 0.95), worst, escaped->str,
             bench_percentile (cpu, 0.50), bench_percentile (cpu, 0.95), bench_percentile (cpu, 1.0),
             n_entities, entities_ms, n_events, events_ms, n_listed, articles_ms,
             events_cpu_ms, events_first_ms, events_first_cpu_ms, details_ms,
             n_entity_events, entity_events_ms, entity_events_cpu_ms, n_objects, objects_ms, objects_cpu_ms,
             n_top, n_top_listed, top_ms, top_cpu_ms);
  }
  if (log != NULL)
    fclose (log);
  return 0;
}
