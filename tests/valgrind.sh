#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Valgrind memcheck over the core tests: any invalid read or write, or any
# block definitely lost, fails. "Possibly lost" and "still reachable" are
# GLib's type system and ICU's caches, allocated once per process; the
# few of GLib's that look definitely lost are in tests/valgrind.supp.
#
#   tests/valgrind.sh [BUILDDIR] [TEST...]     (default: build-bench, all core tests)
set -euo pipefail
cd "$(dirname "$0")/.."
builddir=${1:-build-bench}
shift || true
tests=("$@")
[ ${#tests[@]} -gt 0 ] || tests=(text ingest dates entities gazetteer store library hostile)

if [ ! -f "$builddir/build.ninja" ]; then
  meson setup "$builddir" --buildtype=release -Dgui=false >/dev/null
fi
ninja -C "$builddir" $(printf 'tests/test-%s ' "${tests[@]}") >/dev/null

status=0
for t in "${tests[@]}"; do
  log=$builddir/valgrind-$t.log
  start=$(date +%s)
  if G_DEBUG=fatal-warnings GSETTINGS_BACKEND=memory LC_ALL=C.UTF-8 \
     KHOJI_SOURCE_ROOT=$PWD G_TEST_SRCDIR=$PWD/tests G_TEST_BUILDDIR=$builddir/tests \
     valgrind --tool=memcheck --leak-check=full --show-leak-kinds=definite \
       --errors-for-leak-kinds=definite --error-exitcode=99 --track-fds=no \
       --suppressions=tests/valgrind.supp --gen-suppressions=all --num-callers=30 \
       "$builddir/tests/test-$t" >"$log" 2>&1; then
    echo "test-$t: clean ($(( $(date +%s) - start )) s; $(grep -o 'definitely lost: [0-9,]* bytes' "$log" | tail -1 || echo 'no leaks'))"
  else
    echo "test-$t: FAILED ($(( $(date +%s) - start )) s): see $log"
    grep -E "definitely lost|ERROR SUMMARY|Invalid" "$log" | head -5
    status=1
  fi
done
exit $status
