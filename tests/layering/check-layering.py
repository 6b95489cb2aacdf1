#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The build keeps each layer to the headers it may see (docs/HACKING.md).

    check-layering.py BUILDDIR SOURCE PROBE.c pass|fail
        Compiles PROBE.c with exactly the command the build uses for SOURCE
        (one of a target's own files, from compile_commands.json): its
        include path, flags and dependencies. `fail` expects the compiler
        to refuse it because an #include is not found; `pass` expects it to
        compile.

    check-layering.py --no-path-includes DIR...
        No file in DIR includes a header by a path ("../core/x.h"): the
        compiler looks such an include up beside the including file, where
        no include path can refuse it.
"""

import json
import os
import re
import shlex
import subprocess
import sys


def path_includes(dirs):
    bad = []
    for top in dirs:
        for root, _, files in os.walk(top):
            for name in files:
                if not name.endswith(('.c', '.h')):
                    continue
                path = os.path.join(root, name)
                with open(path, encoding='utf-8') as f:
                    for n, line in enumerate(f, 1):
                        if re.match(r'\s*#\s*include\s+"[^"]*/', line):
                            bad.append('%s:%d: %s' % (path, n, line.strip()))
    for b in bad:
        print(b)
    return 1 if bad else 0


def probe(builddir, source, probe_file, expect):
    with open(os.path.join(builddir, 'compile_commands.json'), encoding='utf-8') as f:
        commands = json.load(f)
    entry = None
    for e in commands:
        if os.path.normpath(os.path.join(e['directory'], e['file'])).endswith(os.path.normpath(source)):
            entry = e
            break
    if entry is None:
        print('no compile command for %s in %s' % (source, builddir))
        return 1
    args = entry['arguments'] if 'arguments' in entry else shlex.split(entry['command'])
    cmd = []
    skip = False
    for a in args:
        if skip:
            skip = False
        elif a in ('-o', '-MF', '-MQ', '-MT'):
            skip = True
        elif a in ('-c', '-MD', '-MMD') or a == entry['file']:
            pass
        else:
            cmd.append(a)
    cmd += ['-fsyntax-only', os.path.abspath(probe_file)]
    res = subprocess.run(cmd, cwd=entry['directory'], capture_output=True, text=True)
    print('$ ' + ' '.join(shlex.quote(a) for a in cmd))
    print(res.stderr, end='')
    if expect == 'pass':
        return res.returncode
    if res.returncode == 0:
        print('%s compiled with the flags of %s: the layering lets it through' % (probe_file, source))
        return 1
    # Refused for the right reason: a header it may not see is not found.
    if 'No such file or directory' not in res.stderr and 'file not found' not in res.stderr:
        print('%s failed for another reason than a header it may not see' % probe_file)
        return 1
    return 0


if __name__ == '__main__':
    if sys.argv[1] == '--no-path-includes':
        sys.exit(path_includes(sys.argv[2:]))
    sys.exit(probe(*sys.argv[1:5]))
