#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Every string the sources mark for translation must be translated, and not
# fuzzy, in every language of po/LINGUAS. The template is extracted afresh
# from POTFILES.in, so a string added to the code without a translation
# fails here instead of showing English in a translated window.
set -eu

srcroot=${1:?usage: check-translations.sh SOURCE_ROOT}

for tool in xgettext msgmerge msgattrib msgfmt; do
  command -v "$tool" >/dev/null 2>&1 || { echo "$tool is not installed"; exit 77; }
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The same keywords and flags as meson's i18n 'glib' preset, which builds
# the real template (khoji-pot).
xgettext --package-name=khoji --from-code=UTF-8 --add-comments \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
  --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
  --flag=g_dngettext:2:pass-c-format --flag=g_strdup_printf:1:c-format \
  --flag=g_string_printf:2:c-format --flag=g_string_append_printf:2:c-format \
  --flag=g_error_new:3:c-format --flag=g_set_error:4:c-format \
  --flag=g_markup_printf_escaped:1:c-format --flag=g_log:3:c-format \
  --flag=g_print:1:c-format --flag=g_printerr:1:c-format --flag=g_printf:1:c-format \
  --flag=g_fprintf:2:c-format --flag=g_sprintf:2:c-format --flag=g_snprintf:3:c-format \
  --directory="$srcroot" --files-from="$srcroot/po/POTFILES.in" \
  --output="$tmp/khoji.pot" 2> "$tmp/xgettext.log" \
  || { cat "$tmp/xgettext.log"; exit 1; }

# A msgid cut short (a macro such as G_GINT64_FORMAT inside _(), which
# xgettext cannot expand) is never found at run time: use PRId64 there.
if grep -q 'not a valid C format string' "$tmp/xgettext.log"; then
  grep 'not a valid C format string' "$tmp/xgettext.log"
  echo "these msgids are cut short; write \"%\" PRId64 instead of G_GINT64_FORMAT inside _()"
  exit 1
fi
cat "$tmp/xgettext.log" >&2

total=$(grep -c '^msgid ' "$tmp/khoji.pot" || true)
status=0
for lang in $(sed 's/#.*//' "$srcroot/po/LINGUAS"); do
  po="$srcroot/po/$lang.po"
  if [ ! -f "$po" ]; then
    echo "po/LINGUAS names $lang but po/$lang.po does not exist"
    status=1
    continue
  fi
  msgfmt --check --statistics --output-file=/dev/null "$po" || status=1

  msgmerge --quiet --output-file="$tmp/$lang.po" "$po" "$tmp/khoji.pot"
  msgattrib --untranslated --no-obsolete "$tmp/$lang.po" > "$tmp/untranslated"
  msgattrib --only-fuzzy --no-obsolete "$tmp/$lang.po" > "$tmp/fuzzy"
  if [ -s "$tmp/untranslated" ]; then
    echo "po/$lang.po: strings in the sources with no translation:"
    grep '^msgid ' "$tmp/untranslated" | sed 1d
    status=1
  fi
  if [ -s "$tmp/fuzzy" ]; then
    echo "po/$lang.po: fuzzy translations (check and clear the fuzzy flag):"
    grep '^msgid ' "$tmp/fuzzy" | sed 1d
    status=1
  fi
  [ "$status" -eq 0 ] && echo "po/$lang.po covers all $((total - 1)) strings of the sources"
done
exit "$status"
