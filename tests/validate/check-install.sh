#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Install Khoji as a user's system would (meson install into a temporary
# root), then run the installed program from that root, the way the
# Flatpak lays it out under /app: the desktop file, metainfo, icons,
# schema, translations and man page must be where desktop environments
# look for them, and the window must come up with them found.
#
# The window is started through build-aux/run-installed.sh, the same
# script build-aux/run-khoji.sh starts it with from its own prefix: a
# first click on "Try the Sample Articles" imports the five samples,
# the window and About show Khoji's icon, and LANGUAGE=hi gives a Hindi
# window, with no variable of Khoji's own.
#
# usage: check-install.sh BUILD_ROOT PREFIX APP_ID SCHEMA_ID GUI(true|false) SOURCE_ROOT
set -eu

if [ "${1:-}" = --inner ]; then
  inner=1
  shift
else
  inner=0
fi

build_root=$1
prefix=$2
app_id=$3
schema_id=$4
gui=$5
source_root=$6

fail () {
  echo "FAIL: $*"
  exit 1
}

ok () {
  echo "ok: $*"
}

# The window part runs inside Xvfb and a private session bus; the script
# calls itself there with --inner and the same temporary root.
if [ "$inner" -eq 1 ]; then
  root=$KHOJI_TEST_ROOT
  tmp=$KHOJI_TEST_TMP
  shot=$tmp/window.png

  unset XDG_DATA_DIRS GSETTINGS_SCHEMA_DIR
  export GSETTINGS_BACKEND=memory
  export XDG_DATA_HOME="$tmp/home/data" XDG_CONFIG_HOME="$tmp/home/config"
  export XDG_CACHE_HOME="$tmp/home/cache" HOME="$tmp/home"
  export LANGUAGE=hi LC_ALL=C.UTF-8
  export GDK_BACKEND=x11 GSK_RENDERER=cairo GTK_A11Y=none
  unset G_DEBUG
  mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME"

  # Starts the installed window through run-installed.sh and waits (up
  # to 20 s) for a mapped top-level window of ours: sets pid and win.
  start_khoji () {
    sh "$source_root/build-aux/run-installed.sh" "$root" khoji > "$tmp/khoji.log" 2>&1 &
    pid=$!
    win=
    i=0
    while [ $i -lt 40 ]; do
      sleep 0.5
      i=$((i + 1))
      kill -0 "$pid" 2>/dev/null || { cat "$tmp/khoji.log"; fail "khoji exited early"; }
      win=$(xwininfo -root -children 2>/dev/null \
            | awk '/"(खोजी|Khoji)[^"]*"/ { print $1; exit }')
      [ -n "$win" ] && break
    done
    if [ -z "$win" ]; then
      xwininfo -root -children || true
      kill "$pid" 2>/dev/null || true
      cat "$tmp/khoji.log"
      fail "no Khoji window appeared within 20 s"
    fi
  }

  start_khoji
  sleep 3
  title=$(xprop -id "$win" _NET_WM_NAME | sed 's/^[^"]*"//; s/"$//')
  ok "window $win is up, titled \"$title\""

  status=0
  case "$title" in
    *खोजी*) ok "the title is translated: the Hindi catalogue was found" ;;
    *) echo "FAIL: the window title \"$title\" is not Hindi under LANGUAGE=hi"; status=1 ;;
  esac

  # GTK falls back to image-missing when the theme lacks the icon, so look
  # at the pixels: Khoji's icon has an orange handle and a blue headline.
  icon=$(xprop -id "$win" -f _NET_WM_ICON 32c ' = $0+' _NET_WM_ICON \
         | sed 's/^[^=]*= *//' | tr ',' '\n' | awk '
           NR <= 2 { next }
           { a = int($1 / 16777216) % 256; r = int($1 / 65536) % 256
             g = int($1 / 256) % 256; b = $1 % 256
             if (a > 200 && r > 200 && g > 70 && g < 140 && b < 60) orange++
             if (a > 200 && r < 110 && g > 100 && g < 180 && b > 190) blue++ }
           END { printf "%d %d", orange, blue }')
  case "$icon" in
    "0 "*|*" 0"|"")
      echo "FAIL: the window icon is not Khoji's (orange, blue pixels: $icon):" \
           "$app_id not found in the icon theme"
      status=1 ;;
    *) ok "the window shows Khoji's icon, found through XDG_DATA_DIRS (orange, blue pixels: $icon)" ;;
  esac

  import -window root "$shot"

  # About, through the application's exported action: its large icon is
  # Khoji's (the same orange and blue), not a missing-image placeholder.
  object_path=/$(echo "$app_id" | tr . /)
  gdbus call --session --dest "$app_id" --object-path "$object_path" \
    --method org.gtk.Actions.Activate about '[]' '{}' > /dev/null
  about=
  i=0
  while [ $i -lt 20 ] && [ -z "$about" ]; do
    sleep 0.5
    i=$((i + 1))
    about=$(xwininfo -root -children 2>/dev/null \
            | awk -v main="$win" '$1 != main && /"(खोजी|Khoji|के बारे में|About)[^"]*"/ { print $1; exit }')
  done
  if [ -z "$about" ]; then
    xwininfo -root -children || true
    echo "FAIL: About did not open"
    status=1
  else
    sleep 2
    import -window "$about" "$tmp/about.png"
    [ -n "${KHOJI_TEST_SCREENSHOT:-}" ] && cp "$tmp/about.png" "${KHOJI_TEST_SCREENSHOT%.png}-about.png"
    pixels=$(convert "$tmp/about.png" -depth 8 txt:- | awk -F'[(),]' '
             NR == 1 { next }
             { r = $3; g = $4; b = $5
               if (r > 200 && g > 70 && g < 140 && b < 60) orange++
               if (r < 110 && g > 100 && g < 180 && b > 190) blue++ }
             END { printf "%d %d", orange, blue }')
    case "$pixels" in
      "0 "*|*" 0"|"")
        echo "FAIL: About does not show Khoji's icon (orange, blue pixels: $pixels)"
        status=1 ;;
      *) ok "About shows Khoji's icon (orange, blue pixels: $pixels)" ;;
    esac
  fi

  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true

  # A copy for people looking at a failure (or at the window).
  [ -n "${KHOJI_TEST_SCREENSHOT:-}" ] && cp "$shot" "$KHOJI_TEST_SCREENSHOT"

  # Xvfb's root is black (-br); count what the window painted over it.
  painted=$(convert "$shot" -colorspace gray -threshold 2% -format '%[fx:mean] %w %h' info: \
            | awk '{ printf "%d", $1 * $2 * $3 }')
  colours=$(convert "$shot" -format '%k' info:)
  ok "screenshot: $painted painted pixels, $colours colours"
  [ "$painted" -gt 300000 ] || { echo "FAIL: the window painted only $painted pixels"; status=1; }
  [ "$colours" -gt 64 ] || { echo "FAIL: only $colours colours: no text was drawn"; status=1; }
  if grep -E 'CRITICAL|WARNING' "$tmp/khoji.log"; then
    echo "FAIL: khoji printed warnings"
    status=1
  fi

  # The newcomer's first click, in a second run in English (the Hindi
  # label has no mnemonic): "Try the Sample Articles" on the empty library
  # (Alt+T, typed through the X server).
  LANGUAGE=en
  start_khoji
  sleep 2
  xdotool windowfocus --sync "$win"
  xdotool key --clearmodifiers alt+t
  db="$XDG_DATA_HOME/khoji/library.db"
  n=0
  i=0
  while [ $i -lt 60 ]; do
    sleep 0.5
    i=$((i + 1))
    [ -f "$db" ] || continue
    n=$(sh "$source_root/build-aux/run-installed.sh" "$root" khoji-cli --db "$db" export --format json 2>/dev/null \
        | python3 -c 'import json, sys; print(len(json.load(sys.stdin)["articles"]))' 2>/dev/null || echo 0)
    [ "$n" -ge 5 ] && break
  done
  if [ "$n" -eq 5 ]; then
    ok "Try the Sample Articles imported the 5 installed samples"
  else
    echo "FAIL: Try the Sample Articles left $n articles in the library, not 5"
    status=1
  fi
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true

  exit $status
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
destdir=$tmp/destdir

meson install -C "$build_root" --no-rebuild --quiet --destdir "$destdir" > "$tmp/install.log" 2>&1 \
  || { cat "$tmp/install.log"; fail "meson install failed"; }
root=$destdir$prefix
ok "installed into $root"

status=0
expect () {
  if [ -e "$root/$1" ]; then
    ok "$1"
  else
    echo "FAIL: $1 is not installed"
    status=1
  fi
}
expect "bin/khoji-cli"
expect "share/applications/$app_id.desktop"
expect "share/metainfo/$app_id.metainfo.xml"
expect "share/icons/hicolor/scalable/apps/$app_id.svg"
expect "share/icons/hicolor/symbolic/apps/$app_id-symbolic.svg"
expect "share/locale/hi/LC_MESSAGES/khoji.mo"
expect "share/man/man1/khoji-cli.1"
expect "share/glib-2.0/schemas/$schema_id.gschema.xml"
[ "$status" -eq 0 ] || exit 1

# Translations were merged into the desktop file and the metainfo.
grep -q '^Name\[hi\]=खोजी$' "$root/share/applications/$app_id.desktop" \
  || fail "the desktop file has no Hindi name"
grep -q '^Comment\[hi\]=' "$root/share/applications/$app_id.desktop" \
  || fail "the desktop file has no Hindi comment"
grep -q 'xml:lang="hi"' "$root/share/metainfo/$app_id.metainfo.xml" \
  || fail "the metainfo has no Hindi text"
ok "desktop file and metainfo carry the Hindi translation"

# The catalogue is found where the program looks: <prefix>/share/locale.
got=$(TEXTDOMAINDIR="$root/share/locale" LANGUAGE=hi LC_ALL=C.UTF-8 gettext -d khoji Khoji)
[ "$got" = "खोजी" ] || fail "the installed catalogue translates Khoji as \"$got\""
ok "the installed Hindi catalogue is found and used"

# The schema compiles where it is installed, and GSettings sees its keys.
glib-compile-schemas --strict "$root/share/glib-2.0/schemas" || fail "the installed schema does not compile"
keys=$(gsettings --schemadir "$root/share/glib-2.0/schemas" list-keys "$schema_id" | wc -l)
[ "$keys" -gt 0 ] || fail "gsettings lists no keys for $schema_id"
ok "gsettings lists $keys keys of $schema_id"

# Icon caches, as the post-install step would build them.
gtk4-update-icon-cache -q -t -f "$root/share/icons/hicolor" 2>/dev/null || true

"$root/bin/khoji-cli" --help > /dev/null 2>&1 || fail "the installed khoji-cli --help fails"
ok "khoji-cli --help runs from the installed tree"

# The check's report speaks the user's language: every line of it in
# Hindi under LANGUAGE=hi (an empty library: all its checks pass).
LANGUAGE=hi LC_ALL=C.UTF-8 "$root/bin/khoji-cli" --db "$tmp/check.db" check > "$tmp/check-hi.txt" 2>&1 \
  || { cat "$tmp/check-hi.txt"; fail "khoji-cli check fails on an empty library"; }
lines=$(grep -c . "$tmp/check-hi.txt")
[ "$lines" -ge 10 ] || { cat "$tmp/check-hi.txt"; fail "the check reported $lines lines"; }
if grep -v 'SQLite' "$tmp/check-hi.txt" | grep -q '[A-Za-z]'; then
  cat "$tmp/check-hi.txt"
  fail "LANGUAGE=hi khoji-cli check prints English"
fi
grep -q '^खोज अनुक्रमणिका: ठीक$' "$tmp/check-hi.txt" || { cat "$tmp/check-hi.txt"; fail "no Hindi search-index line"; }
ok "LANGUAGE=hi khoji-cli check reports in Hindi ($lines lines)"

if [ "$gui" != true ]; then
  echo "the window is not built (-Dgui=false): skipping the window check"
  exit "$status"
fi
expect "bin/khoji"
[ "$status" -eq 0 ] || exit 1
"$root/bin/khoji" --help > /dev/null 2>&1 || fail "the installed khoji --help fails"
ok "khoji --help runs from the installed tree"

for tool in xvfb-run dbus-run-session xwininfo xprop import convert xdotool gdbus; do
  if ! command -v "$tool" > /dev/null 2>&1; then
    echo "$tool is not installed: cannot start the window"
    exit 77
  fi
done

KHOJI_TEST_ROOT=$root KHOJI_TEST_TMP=$tmp \
  xvfb-run -a -s '-screen 0 1600x1000x24 -br -nolisten tcp' \
  dbus-run-session -- sh "$0" --inner "$build_root" "$prefix" "$app_id" "$schema_id" "$gui" "$source_root" \
  || status=1
exit "$status"
