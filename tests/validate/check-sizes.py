#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check the size bar of HACKING.md over src/.

No source file over 1,500 lines; no function over 150 lines unless the
comment right above it says why it must be one piece (the words "one
piece" in it). A function is counted from its first declarator line to
its closing brace, as the GNU style writes both in column 0.
"""

import os
import re
import sys

SRCROOT = sys.argv[1] if len(sys.argv) > 1 else os.getcwd()
FILE_LIMIT = 1500
FUNCTION_LIMIT = 150


def comment_above(lines, start):
    """The block comment that ends right above line `start`, or ''."""
    k = start - 1
    while k >= 0 and lines[k].strip() == '':
        k -= 1
    if k < 0 or not lines[k].rstrip().endswith('*/'):
        return ''
    end = k
    while k >= 0 and '/*' not in lines[k]:
        k -= 1
    return ' '.join(l.strip(' */') for l in lines[max(k, 0):end + 1])


def check(path, problems):
    lines = open(path, encoding='utf-8').read().split('\n')
    rel = os.path.relpath(path, SRCROOT)
    if path.endswith(('.c', '.h')) and len(lines) - 1 > FILE_LIMIT:
        problems.append(f'{rel}: {len(lines) - 1} lines (at most {FILE_LIMIT})')
    if not path.endswith('.c'):
        return
    i = 0
    while i < len(lines):
        if lines[i] != '{':
            i += 1
            continue
        j = i - 1
        while j >= 0 and not re.match(r'^[A-Za-z_]\w* \(', lines[j]):
            j -= 1
        end = i + 1
        while end < len(lines) and lines[end] != '}':
            end += 1
        if j >= 0:
            # the return type stands on the line above the name
            start = j - 1 if j > 0 and re.match(r'^[A-Za-z_]', lines[j - 1]) else j
            length = end - start + 1
            if length > FUNCTION_LIMIT and 'one piece' not in comment_above(lines, start):
                name = re.match(r'^([A-Za-z_]\w*)', lines[j]).group(1)
                problems.append(f'{rel}:{start + 1}: {name} is {length} lines (at most '
                                f'{FUNCTION_LIMIT} without a comment saying why it is one piece)')
        i = end + 1


def main():
    problems = []
    for dirpath, dirnames, filenames in os.walk(os.path.join(SRCROOT, 'src')):
        dirnames.sort()
        for name in sorted(filenames):
            if name.endswith(('.c', '.h')):
                check(os.path.join(dirpath, name), problems)
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
