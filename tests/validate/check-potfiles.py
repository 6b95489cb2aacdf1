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

    if failures:
        print(f'{failures} problem(s); add the files to po/POTFILES.in '
              '(or po/POTFILES.skip when their strings must stay untranslated)')
        return 1
    print(f'po/POTFILES.in: {len(listed)} files, all present, none missing')
    return 0


if __name__ == '__main__':
    sys.exit(main())
