#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check the Flatpak manifests without building them (this machine cannot
reach Flathub): each parses, names its app id, builds Khoji with meson from
this tree, pins every downloaded source, and asks for a narrow sandbox."""

import json
import os
import shutil
import subprocess
import sys

# What the window needs and nothing more: files come through the portals.
REQUIRED_ARGS = {'--share=ipc', '--socket=wayland', '--socket=fallback-x11', '--device=dri'}
BROAD_PREFIXES = ('--filesystem=home', '--filesystem=host', '--filesystem=/',
                  '--filesystem=~', '--device=all', '--socket=x11',
                  '--socket=session-bus', '--socket=system-bus',
                  '--talk-name=org.freedesktop.Flatpak')
# The network, for a shared archive on a PostgreSQL server only: granted
# when the metainfo tells users why, and libpq is built for it.
NETWORK = '--share=network'
PROFILES = {
    'io.github.khoji.Khoji': '-Dprofile=default',
    'io.github.khoji.Khoji.Devel': '-Dprofile=development',
}


def check(path):
    problems = []
    name = os.path.basename(path)
    try:
        with open(path, encoding='utf-8') as f:
            manifest = json.load(f)
    except (OSError, ValueError) as e:
        return [f'{name}: does not parse: {e}']

    app_id = manifest.get('id') or manifest.get('app-id')
    if name != f'{app_id}.json':
        problems.append(f'{name}: id is {app_id!r}, the file name says otherwise')
    if app_id not in PROFILES:
        problems.append(f'{name}: unknown app id {app_id!r}')
    if manifest.get('runtime') != 'org.gnome.Platform' or manifest.get('sdk') != 'org.gnome.Sdk':
        problems.append(f'{name}: runtime must be org.gnome.Platform with org.gnome.Sdk')
    if not str(manifest.get('runtime-version', '')).strip():
        problems.append(f'{name}: runtime-version is not pinned')
    if manifest.get('command') != 'khoji':
        problems.append(f'{name}: command is {manifest.get("command")!r}, not khoji')

    args = manifest.get('finish-args', [])
    missing = REQUIRED_ARGS - set(args)
    if missing:
        problems.append(f'{name}: finish-args lack {sorted(missing)}')
    for arg in args:
        if arg.startswith(BROAD_PREFIXES):
            problems.append(f'{name}: finish-args ask for too much: {arg}')
    if NETWORK in args:
        metainfo = os.path.join(os.path.dirname(path), '..', 'data', 'io.github.khoji.Khoji.metainfo.xml.in')
        with open(metainfo, encoding='utf-8') as f:
            said = 'network access' in f.read()
        if not said:
            problems.append(f'{name}: {NETWORK} without the reason in the metainfo')
        libpq = [m for m in manifest.get('modules', []) if isinstance(m, dict) and m.get('name') == 'libpq']
        if not libpq:
            problems.append(f'{name}: {NETWORK} is for libpq, which is not built')
        elif not any('src/interfaces/libpq' in c for c in libpq[0].get('build-commands', [])):
            problems.append(f'{name}: libpq must be built alone (make -C src/interfaces/libpq)')

    # flatpak-builder's own parser, where it is installed: it names
    # properties it does not know, which json.load cannot.
    builder = shutil.which('flatpak-builder')
    if builder:
        run = subprocess.run([builder, '--show-manifest', path],
                             capture_output=True, text=True)
        if run.returncode != 0 or 'WARNING' in run.stderr or 'Unknown' in run.stderr:
            problems.append(f'{name}: flatpak-builder --show-manifest says: {run.stderr.strip()}')

    modules = manifest.get('modules', [])
    if not modules:
        problems.append(f'{name}: no modules')
    else:
        app = modules[-1]
        if app.get('name') != 'khoji' or app.get('buildsystem') != 'meson':
            problems.append(f'{name}: the last module must build khoji with meson')
        if {'type': 'dir', 'path': '..'} not in app.get('sources', []):
            problems.append(f'{name}: khoji must be built from this tree (type dir, path "..")')
        if app_id in PROFILES and PROFILES[app_id] not in app.get('config-opts', []):
            problems.append(f'{name}: config-opts lack {PROFILES[app_id]}')

    def walk(mods):
        for mod in mods:
            if isinstance(mod, str):
                continue
            for src in mod.get('sources', []):
                if isinstance(src, dict) and src.get('type') in ('archive', 'file'):
                    if 'url' in src and not src.get('sha256'):
                        problems.append(f'{name}: {mod.get("name")}: {src["url"]} has no sha256')
                if isinstance(src, dict) and src.get('type') == 'git':
                    if not (src.get('commit') or src.get('tag')):
                        problems.append(f'{name}: {mod.get("name")}: git source is not pinned')
            walk(mod.get('modules', []))
    walk(modules)
    return problems


def main():
    srcroot = sys.argv[1] if len(sys.argv) > 1 else os.getcwd()
    folder = os.path.join(srcroot, 'flatpak')
    manifests = sorted(os.path.join(folder, n) for n in os.listdir(folder) if n.endswith('.json'))
    if os.path.join(folder, 'io.github.khoji.Khoji.json') not in manifests:
        print('flatpak/io.github.khoji.Khoji.json is missing')
        return 1
    problems = []
    for path in manifests:
        problems += check(path)
    for p in problems:
        print(p)
    if problems:
        return 1
    how = 'json and flatpak-builder' if shutil.which('flatpak-builder') else 'json'
    print(f'{len(manifests)} manifest(s) parse ({how}), name their app id and keep a narrow sandbox')
    return 0


if __name__ == '__main__':
    sys.exit(main())
