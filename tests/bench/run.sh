#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Khoji's benchmarks: the one command to rerun them.
#
#   tests/bench/run.sh [--sizes 1000,10000,100000] [--pairs N] [--out FILE] [--no-build]
#
# For each size it writes a deterministic Hindi corpus (gen-corpus.py),
# imports it with `khoji-cli import` (extraction included: time, articles/s,
# MB/s, peak RSS, and the per-article time at the start and the end of the
# import), runs the floor beside it (bench-floor: the same cleaned texts
# inserted into bare SQLite + FTS5, one transaction per article) and prints
# the ratio (sizes up to 1,000 run three floor/import pairs, alternating,
# and report the median pair; --pairs N for another count), then times
# 200 varied searches, the entity list and the timeline through the
# library API (bench-query) against `grep -rl` over the same files. It
# prints a Markdown table; paste it into RESULTS.md.
#
# The build is a release build without the window, in build-bench
# (KHOJI_BENCH_BUILDDIR to change it); data goes under BUILD/bench-data.
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${KHOJI_BENCH_BUILDDIR:-build-bench}
sizes=1000,10000
out=
pairs=
do_build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) sizes=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --pairs) pairs=$2; shift 2 ;;
    --no-build) do_build=0; shift ;;
    -h|--help) sed -n '3,19p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
if [ $do_build = 1 ]; then
  [ -d "$build" ] || meson setup "$build" --buildtype=release -Dgui=false >/dev/null
  ninja -C "$build" src/cli/khoji-cli tests/bench/bench-floor tests/bench/bench-query
fi
exec /usr/bin/python3 tests/bench/bench.py --build "$build" --sizes "$sizes" ${pairs:+--pairs "$pairs"} ${out:+--out "$out"}
