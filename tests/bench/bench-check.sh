#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# `khoji-cli check` against the import of one large article.
#
#   tests/bench/bench-check.sh [KHOJI_CLI] [SIZES_MB]   # default sizes: 0.5 1 2 16
#
# For each size, one article of that size (the shipped samples' sentences
# repeated; 16 MB is just under the import limit) is imported into an
# empty library, then checked; both timed as the CPU seconds of the
# process (user + system). check must stay linear in an article's size:
# the bar is check within 3x that article's import. Prints a Markdown
# table to paste into RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
cli=${1:-_build/src/cli/khoji-cli}
sizes=${2:-"0.5 1 2 16"}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

python3 - "$tmp" $sizes <<'EOF'
import glob, sys
out, sizes = sys.argv[1], sys.argv[2:]
body = []
for path in sorted(glob.glob('data/samples/*.txt')):
    lines = open(path, encoding='utf-8').read().split('\n')
    body.append(' '.join(l for l in lines[1:] if l.strip()))
body = '\n'.join(body) + '\n'
limit = 16 * 1024 * 1024 - 64 * 1024
for mb in sizes:
    target = min(int(float(mb) * 1024 * 1024), limit)
    text = 'एक बड़ा लेख, %s MB\n' % mb
    while len(text.encode()) + len(body.encode()) < target:
        text += body
    open('%s/article-%s.txt' % (out, mb), 'w', encoding='utf-8').write(text)
EOF

cpu() {
  # CPU seconds (user + system) of one command, its output thrown away.
  /usr/bin/time -f '%U %S' -o "$tmp/time" "$@" >/dev/null 2>&1 || true
  awk '{ printf "%.2f", $1 + $2 }' "$tmp/time"
}

echo "| article | mentions | import (CPU s) | check (CPU s) | check / import |"
echo "|---|---|---|---|---|"
for mb in $sizes; do
  db=$tmp/library-$mb.db
  imp=$(cpu "$cli" --db "$db" import --quiet "$tmp/article-$mb.txt")
  chk=$(cpu "$cli" --db "$db" check)
  "$cli" --db "$db" check >/dev/null || { echo "check failed on the $mb MB library" >&2; exit 1; }
  mentions=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from mention').fetchone()[0])" "$db")
  bytes=$(stat -c %s "$tmp/article-$mb.txt")
  echo "| $mb MB ($bytes bytes) | $mentions | $imp | $chk | $(awk -v a="$imp" -v c="$chk" 'BEGIN { printf "%.2f", (a > 0) ? c / a : 0 }') |"
done
