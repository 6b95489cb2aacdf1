#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs what Khoji needs, builds it and starts it: the window when there
# is a display, else khoji-cli on the bundled sample articles.
set -euo pipefail
cd "$(dirname "$0")/.."
build-aux/install-deps.sh
[ -f _build/build.ninja ] || { rm -rf _build; meson setup _build; }
ninja -C _build

if [ -x _build/src/gui/khoji ] && { [ -n "${WAYLAND_DISPLAY:-}" ] || [ -n "${DISPLAY:-}" ]; }; then
  exec env GSETTINGS_SCHEMA_DIR=_build/data/schemas _build/src/gui/khoji "$@"
fi

echo "No display: importing the sample articles with khoji-cli instead."
_build/src/cli/khoji-cli import data/samples || true
echo
echo "== Entities =="
_build/src/cli/khoji-cli entities
echo
echo "== Timeline =="
_build/src/cli/khoji-cli timeline
