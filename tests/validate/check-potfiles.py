#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check that po/POTFILES.in lists every file with translatable strings.

A string in a file that POTFILES.in forgets never reaches the template, so
the translation silently misses it: this test is what catches that.
"""

import os
import re
import sys

SRCROOT = sys.argv[1] if len(sys.argv) > 1 else os.getcwd()

# C: the glib gettext macros; .ui: translatable properties; the data files
# (desktop, metainfo, schemas) always carry strings for translators.
C_MARK = re.compile(r'\b(?:_|N_|C_|NC_|Q_|g_dngettext|g_dpgettext2|ngettext)\s*\(')
UI_MARK = re.compile(r'translatable\s*=\s*"(?:yes|true|1)"')
SCHEMA_MARK = re.compile(r'<(?:summary|description)>')


# Text a person reads, set without _(): it would stay English in every
# language. Only the setters whose argument is user-visible prose.
UI_PROSE = re.compile(
    r'<(?:property|attribute) name="(?:label|title|subtitle|tooltip-text|tooltip-markup|'
    r'placeholder-text|description|text|heading|body|button-label)"([^>]*)>([^<]*)<')
C_PROSE_CALL = re.compile(
    r'\b(?:gtk_label_new|gtk_label_set_(?:text|label|markup)|gtk_button_set_label|'
    r'gtk_button_new_with_(?:mnemonic|label)|gtk_window_set_title|gtk_widget_set_tooltip_(?:text|markup)|'
    r'gtk_(?:search_)?entry_set_placeholder_text|adw_status_page_set_(?:title|description)|'
    r'adw_toast_new|adw_toast_set_title|adw_window_title_set_(?:title|subtitle)|'
    r'adw_preferences_row_set_title|adw_action_row_set_subtitle|'
    r'adw_message_dialog_set_(?:heading|body)|adw_message_dialog_format_(?:heading|body))'
    r'\s*\((.*?)\)\s*;', re.S)
MARKED = re.compile(r'\b(?:N?C_|N_|_)\s*\((?:\s*"(?:[^"\\]|\\.)*"\s*,?)+\s*\)')
LITERAL = re.compile(r'"((?:[^"\\]|\\.)*)"')
FORMAT = re.compile(r'%[-+ #0-9.*$]*(?:hh|h|ll|l|z|j|t|L)?[a-zA-Z]')


def unmarked_prose(rel, text):
    found = []
    if rel.endswith('.ui'):
        for m in UI_PROSE.finditer(text):
            attrs, value = m.group(1), m.group(2)
            if re.search(r'[A-Za-z]{2}', value) and 'translatable="yes"' not in attrs:
                line = text.count('\n', 0, m.start()) + 1
                found.append(f'{rel}:{line}: "{value.strip()}" is not marked translatable="yes"')
    elif rel.endswith('.c'):
        for m in C_PROSE_CALL.finditer(text):
            args = MARKED.sub('', m.group(1))
            for lit in LITERAL.findall(args):
                if re.search(r'[A-Za-z]{2}', FORMAT.sub('', lit)):
                    line = text.count('\n', 0, m.start()) + 1
                    found.append(f'{rel}:{line}: "{lit}" is shown without _()')
    return found


def read_list(path):
    if not os.path.exists(path):
        return []
    entries = []
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith('#'):
                entries.append(line)
    return entries


def needs_translation(rel, text):
    if rel.endswith(('.c', '.h')):
        return C_MARK.search(text) is not None
    if rel.endswith('.ui'):
        return UI_MARK.search(text) is not None
    if rel.endswith('.gschema.xml'):
        return SCHEMA_MARK.search(text) is not None
    if rel.endswith(('.desktop.in', '.metainfo.xml.in')):
        return True
    return False


def candidates():
    for top in ('src', 'ui', 'data'):
        for dirpath, dirnames, filenames in os.walk(os.path.join(SRCROOT, top)):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith('.'))
            for name in sorted(filenames):
                path = os.path.join(dirpath, name)
                yield os.path.relpath(path, SRCROOT)


def main():
    listed = read_list(os.path.join(SRCROOT, 'po', 'POTFILES.in'))
    skipped = read_list(os.path.join(SRCROOT, 'po', 'POTFILES.skip'))
    failures = 0

    for rel in listed:
        if not os.path.isfile(os.path.join(SRCROOT, rel)):
            print(f'po/POTFILES.in lists {rel}, which does not exist')
            failures += 1

    known = set(listed) | set(skipped)
    for rel in candidates():
        if rel in known:
            continue
        try:
            with open(os.path.join(SRCROOT, rel), encoding='utf-8') as f:
                text = f.read()
        except (UnicodeDecodeError, OSError):
            continue
        if needs_translation(rel, text):
            print(f'{rel} has translatable strings but is not in po/POTFILES.in')
            failures += 1

    for rel in candidates():
        if rel in skipped or not rel.endswith(('.c', '.ui')):
            continue
        with open(os.path.join(SRCROOT, rel), encoding='utf-8') as f:
            for problem in unmarked_prose(rel, f.read()):
                print(problem)
                failures += 1

    if failures:
        print(f'{failures} problem(s); mark the strings for translation and list their '
              'files in po/POTFILES.in (or in po/POTFILES.skip when they must stay untranslated)')
        return 1
    print(f'po/POTFILES.in: {len(listed)} files, all present, none missing; '
          'no user-visible text left unmarked')
    return 0


if __name__ == '__main__':
    sys.exit(main())
