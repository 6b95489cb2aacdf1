#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs what Khoji needs, builds it, installs it into a prefix of this
# checkout's own (_install/, nothing outside it is touched) and starts it
# from there, as a user's system would: the window when there is a
# display, else khoji-cli on the bundled sample articles. The installed
# program finds its sample articles, icon, schema and translations.
set -euo pipefail
cd "$(dirname "$0")/.."
build-aux/install-deps.sh

builddir=_build-run
prefix=$PWD/_install
if [ -f "$builddir/build.ninja" ]; then
  [ "$(meson introspect --buildoptions "$builddir" \
       | python3 -c 'import json,sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"] == "prefix"))')" = "$prefix" ] \
    || meson configure "$builddir" -Dprefix="$prefix"
else
  rm -rf "$builddir"
  meson setup --prefix "$prefix" "$builddir"
fi
meson install -C "$builddir" --quiet

if [ -x "$prefix/bin/khoji" ] && { [ -n "${WAYLAND_DISPLAY:-}" ] || [ -n "${DISPLAY:-}" ]; }; then
  exec build-aux/run-installed.sh "$prefix" khoji "$@"
fi

cli () { build-aux/run-installed.sh "$prefix" khoji-cli "$@"; }
echo "No display: importing the sample articles with khoji-cli instead."
cli import "$prefix/share/khoji/samples" || true
echo
echo "== Entities =="
cli entities
echo
echo "== Timeline =="
cli timeline
