#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The window on large libraries: time from process start to the first
# frame, to the lists filled and to the timeline filled, then frame times
# while the article and entity lists scroll from top to bottom.
#
#   tests/bench/bench-window.sh [--build DIR] [--steps N] [--step-px PX] [--runs N] LIBRARY.db…
#
# Each library is copied first (with its -wal/-shm) into a scratch folder:
# opening a library may migrate it, and the originals stay untouched. The
# window runs on its own X server and session bus (xvfb-run,
# dbus-run-session), 1600×1000. Use a release build with the window:
#   meson setup build-rel --buildtype=release
#   ninja -C build-rel tests/bench/bench-window data/schemas/gschemas.compiled
# One JSON object per run on standard output, with the window's own debug
# lines (hand-over times) and the library's (the loader's) on standard error.
set -euo pipefail
cd "$(dirname "$0")/../.."
build=build-rel
steps=300
step_px=0
runs=1
libs=()
while [ $# -gt 0 ]; do
  case "$1" in
    --build) build=$2; shift 2 ;;
    --steps) steps=$2; shift 2 ;;
    --step-px) step_px=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    -h|--help) sed -n '3,17p' "$0"; exit 0 ;;
    *) libs+=("$1"); shift ;;
  esac
done
[ ${#libs[@]} -gt 0 ] || { echo "bench-window.sh: give a library file" >&2; exit 2; }
program=$build/tests/bench/bench-window
[ -x "$program" ] || { echo "bench-window.sh: build $program first" >&2; exit 2; }

scratch=$(mktemp -d "${TMPDIR:-/tmp}/khoji-bench-window-XXXXXX")
trap 'rm -rf "$scratch"' EXIT

export GDK_BACKEND=x11 NO_AT_BRIDGE=1 GTK_A11Y=none
# Xvfb has no GPU: GTK's default GL renderer would run on llvmpipe and
# time the software rasterizer (several times slower per frame than
# cairo there). GSK_RENDERER=gl in the environment measures it anyway.
export GSK_RENDERER=${GSK_RENDERER:-cairo}
export GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR=$build/data/schemas
export G_MESSAGES_DEBUG=khoji-window,khoji-library LC_ALL=C.UTF-8

for lib in "${libs[@]}"; do
  copy=$scratch/$(basename "$lib")
  for suffix in "" -wal -shm; do
    if [ -e "$lib$suffix" ]; then cp "$lib$suffix" "$copy$suffix"; fi
  done
  for run in $(seq "$runs"); do
    echo "# $(basename "$lib"), run $run" >&2
    # The copy is read once before the timed runs would otherwise be
    # timed against a cold page cache in the first run only.
    cat "$copy" >/dev/null
    xvfb-run -a -s "-screen 0 1600x1000x24" dbus-run-session -- "$program" "$copy" --steps "$steps" --step-px "$step_px"
  done
  rm -f "$copy" "$copy-wal" "$copy-shm"
done
