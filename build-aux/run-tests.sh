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

# The core, CLI and fuzz-replay tests again under AddressSanitizer and
# UBSan, with the two-writer test. The window is left out (GTK's one-time
# allocations are not ours), and so is the crash test (minutes under ASan;
# the plain run has it), and so is retraining the entity model (suite
# model: the same integer arithmetic, minutes under ASan). Slow unwinding lets tests/lsan.supp match GLib's frames.
# The timeouts are written for the plain build; instrumented code runs two
# to three times slower, so they count double here.
asandir=${KHOJI_ASAN_BUILDDIR:-_build-asan}
if [ -f "$asandir/build.ninja" ]; then
  meson setup --reconfigure "$asandir" >/dev/null
else
  rm -rf "$asandir"
  meson setup "$asandir" -Db_sanitize=address,undefined -Db_lundef=false -Dgui=false >/dev/null
fi
ninja -C "$asandir"
ASAN_OPTIONS=fast_unwind_on_malloc=0:detect_leaks=1 \
LSAN_OPTIONS="suppressions='$PWD/tests/lsan.supp'" \
UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  meson test -C "$asandir" --suite core --suite cli --suite fuzz --suite writers \
    --timeout-multiplier 2 --print-errorlogs --num-processes 2 || status=$?

# One closing line that any reader understands.
/usr/bin/python3 - "$builddir/meson-logs/testlog.json" "$asandir/meson-logs/testlog.json" <<'PY'
import json, sys
passed = failed = skipped = 0
for line in (l for path in sys.argv[1:] for l in open(path, encoding="utf-8")):
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
