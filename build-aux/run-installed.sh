#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs a program of a Khoji installed under PREFIX (meson install into a
# prefix, or --destdir) the way a desktop session would find it: icons,
# the application's metadata and the GSettings schema through
# XDG_DATA_DIRS and GSETTINGS_SCHEMA_DIR. The program finds its own
# samples and message catalogue beside its binary (<prefix>/bin).
#
# usage: run-installed.sh PREFIX khoji|khoji-cli [ARG…]
set -eu
prefix=$1
program=$2
shift 2
XDG_DATA_DIRS="$prefix/share:${XDG_DATA_DIRS:-/usr/local/share:/usr/share}"
GSETTINGS_SCHEMA_DIR="$prefix/share/glib-2.0/schemas"
export XDG_DATA_DIRS GSETTINGS_SCHEMA_DIR
exec "$prefix/bin/$program" "$@"
