#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every screenshot the metainfo shows must exist in this tree, because its
URL points at the repository's raw file: a missing one is a broken image in
every software centre. Each must be a PNG a software centre can show."""

import os
import struct
import sys
import xml.etree.ElementTree as ET

RAW = 'https://github.com/khoji-app/khoji/raw/main/'


def png_size(path):
    with open(path, 'rb') as f:
        head = f.read(24)
    if head[:8] != b'\x89PNG\r\n\x1a\n' or head[12:16] != b'IHDR':
        return None
    return struct.unpack('>II', head[16:24])


def main():
    srcroot = sys.argv[1] if len(sys.argv) > 1 else os.getcwd()
    metainfo = os.path.join(srcroot, 'data', 'io.github.khoji.Khoji.metainfo.xml.in')
    images = [e.text.strip() for e in ET.parse(metainfo).iter('image') if e.text]
    if not images:
        print('the metainfo shows no screenshot')
        return 1
    problems = 0
    for url in images:
        if not url.startswith(RAW):
            print(f'{url} is not a file of the repository ({RAW}…)')
            problems += 1
            continue
        rel = url[len(RAW):]
        path = os.path.join(srcroot, rel)
        if not os.path.isfile(path):
            print(f'{rel} does not exist, but the metainfo shows it')
            problems += 1
            continue
        size = png_size(path)
        if size is None:
            print(f'{rel} is not a PNG')
            problems += 1
        elif size[0] < 1000 or size[1] < 560:
            print(f'{rel} is {size[0]}×{size[1]}: too small for a software centre')
            problems += 1
        else:
            print(f'ok: {rel} ({size[0]}×{size[1]})')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
