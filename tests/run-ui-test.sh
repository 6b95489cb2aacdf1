#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs a UI test on its own X server and session bus, so it needs no
# desktop and never touches the developer's own session.
if ! command -v xvfb-run >/dev/null 2>&1 || ! command -v dbus-run-session >/dev/null 2>&1; then
  echo "1..0 # SKIP xvfb-run or dbus-run-session is not installed"
  exit 0
fi
export GDK_BACKEND=x11
export NO_AT_BRIDGE=1
# The accessibility bus prints to stdout, which would break TAP.
export GTK_A11Y=none
exec xvfb-run -a -s "-screen 0 1920x1200x24" dbus-run-session -- "$@"
