#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The C layout of docs/HACKING.md ("Formatter"): uncrustify --check with
# build-aux/uncrustify.cfg over every .c and .h of src/, tests/ and tools/.
# A file it would change fails the test, with the change it would make.
#
#   check-format.sh UNCRUSTIFY SOURCE_ROOT
#
# The configuration is written for uncrustify 0.72 (Debian 12); other
# versions lay some constructs out differently, so they skip (77).
set -u
uncrustify=$1
root=$2
cfg=$root/build-aux/uncrustify.cfg

version=$("$uncrustify" --version 2>/dev/null)
case "$version" in
  Uncrustify-0.72.*) ;;
  *)
    echo "check-format: $version is not uncrustify 0.72, which build-aux/uncrustify.cfg is written for; skipped"
    exit 77
    ;;
esac

cd "$root" || exit 1
list=$(mktemp "${TMPDIR:-/tmp}/khoji-format-XXXXXX") || exit 1
trap 'rm -f "$list"' EXIT
find src tests tools -type f \( -name '*.c' -o -name '*.h' \) | LC_ALL=C sort > "$list"

n=$(wc -l < "$list")
status=0
# PASS lines go to standard output, FAIL lines to standard error.
out=$("$uncrustify" -q -c "$cfg" --check -F "$list" 2>&1 >/dev/null) || status=1
if [ $status -eq 0 ]; then
  echo "check-format: $n files as uncrustify lays them out"
  exit 0
fi
echo "$out"
echo "$out" | sed -n 's/^FAIL: \(.*\) (.*$/\1/p' | while IFS= read -r f; do
  echo "--- $f as uncrustify would lay it out (uncrustify -c build-aux/uncrustify.cfg --replace --no-backup $f):"
  "$uncrustify" -q -c "$cfg" -f "$f" 2>/dev/null | diff -u "$f" - | sed '1,2d'
done
exit $status
