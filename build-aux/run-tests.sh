#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The whole test suite from a clean tree: dependencies, build, tests.
set -euo pipefail
cd "$(dirname "$0")/.."
build-aux/install-deps.sh

builddir=${KHOJI_TEST_BUILDDIR:-_build-test}
if [ -f "$builddir/build.ninja" ]; then
  meson setup --reconfigure "$builddir"
else
  rm -rf "$builddir"
  meson setup "$builddir"
fi
ninja -C "$builddir"

status=0
meson test -C "$builddir" --print-errorlogs --num-processes 2 || status=$?

# One closing line that any reader understands.
/usr/bin/python3 - "$builddir/meson-logs/testlog.json" <<'PY'
import json, sys
passed = failed = skipped = 0
for line in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(line)["result"]
    if r in ("OK", "EXPECTEDFAIL"):
        passed += 1
    elif r == "SKIP":
        skipped += 1
    else:
        failed += 1
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
exit $status
