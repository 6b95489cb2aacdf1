#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs every libFuzzer target (or the ones named) for DURATION seconds each,
# two at a time (KHOJI_FUZZ_JOBS), in a clang ASan+UBSan build.
#
#   tests/fuzz/run.sh 600                 # all five targets, 10 minutes each
#   tests/fuzz/run.sh 60 dates query      # two targets, one minute each
#
# The growing corpus and any crash go under the build folder
# (fuzz-corpus/TARGET, fuzz-artifacts/TARGET); the committed seeds in
# tests/fuzz/corpus/ and the shipped samples are read, never written. A
# crash found is a test: copy it to tests/fuzz/regressions/TARGET/, where
# the fuzz-replay-TARGET tests of the suite replay it in every build.
set -euo pipefail
cd "$(dirname "$0")/../.."
src=$PWD

duration=${1:?usage: tests/fuzz/run.sh DURATION_SECONDS [TARGET...]}
shift
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(ingest-bytes ingest-html dates entities query)
builddir=${KHOJI_FUZZ_BUILDDIR:-build-fuzz}
jobs=${KHOJI_FUZZ_JOBS:-2}

if [ ! -d "$builddir" ]; then
  CC=clang meson setup "$builddir" -Dgui=false \
    -Db_sanitize=address,undefined -Db_lundef=false >/dev/null
fi
ninja -C "$builddir" $(printf 'tests/fuzz/fuzz-%s ' "${targets[@]}")

extra_seeds() {
  case "$1" in
    ingest-bytes) echo "$src/data/samples $src/tests/data/ingest" ;;
    ingest-html)  echo "$src/tests/data/ingest" ;;
    dates|entities) echo "$src/data/samples" ;;
    *) ;;
  esac
}

run_one() {
  local t=$1 corpus=$builddir/fuzz-corpus/$1 artifacts=$builddir/fuzz-artifacts/$1/
  mkdir -p "$corpus" "$artifacts"
  local start=$(date +%s) rc=0
  # The dictionary-free defaults; 4 KiB inputs are larger than any query
  # and long enough for nested HTML; -timeout catches quadratic walks.
  ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  G_DEBUG=fatal-criticals LC_ALL=C.UTF-8 \
    "$builddir/tests/fuzz/fuzz-$t" -max_total_time="$duration" -max_len=16384 \
      -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="$artifacts" "$corpus" "$src/tests/fuzz/corpus/$t" $(extra_seeds "$t") \
      >"$builddir/fuzz-$t.log" 2>&1 || rc=$?
  local end=$(date +%s)
  local execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$builddir/fuzz-$t.log" | grep -o '[0-9]*$' || echo '?')
  local cov=$(grep -o 'cov: [0-9]*' "$builddir/fuzz-$t.log" | tail -1 || echo 'cov: ?')
  if [ $rc -eq 0 ]; then
    echo "fuzz-$t: ran $((end - start)) s, $execs inputs, $cov, no crash"
  else
    echo "fuzz-$t: FOUND A CRASH after $((end - start)) s (exit $rc): see $builddir/fuzz-$t.log and $artifacts"
  fi
  return $rc
}

status=0
pids=()
for t in "${targets[@]}"; do
  run_one "$t" &
  pids+=($!)
  if [ ${#pids[@]} -ge "$jobs" ]; then
    wait "${pids[0]}" || status=1
    pids=("${pids[@]:1}")
  fi
done
for p in "${pids[@]}"; do wait "$p" || status=1; done
exit $status
