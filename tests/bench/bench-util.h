/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Small helpers the benchmark programs share. */

#include <time.h>

#include <glib.h>

/* The machines are shared: the calling thread's own CPU time, beside the
 * wall clock, says what the measured work itself cost. */
static inline double
bench_thread_cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static inline int
bench_compare_double (gconstpointer a,
                      gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* The p-th quantile (0..1, nearest rank) of `values`, which it sorts in
 * place. 0 for an empty array. */
static inline double
bench_percentile (GArray *values,
                  double  p)
{
  guint i;

  if (values->len == 0)
    return 0;
  g_array_sort (values, bench_compare_double);
  i = (guint) (p * (values->len - 1) + 0.5);
  return g_array_index (values, double, MIN (i, values->len - 1));
}
