#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes N realistic Hindi news articles, deterministically.

    gen-corpus.py N OUTDIR [--seed S]

Articles recombine the sentences of the shipped sample articles
(data/samples) with names from the shipped gazetteer (people, places,
organizations, common given names and surnames) and dates written in the
ways Hindi papers write them (Devanagari and Latin digits, weekdays, month
and year alone, relative expressions, datelines). Lengths vary from a
paragraph to a long report; one in ten is an HTML page with navigation,
scripts and images. Files go into folders of 1,000 (OUTDIR/0000/...), as an
archive would keep them. The same N and seed give the same bytes.
"""
import argparse
import os
import random
import re
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
DEV_DIGITS = str.maketrans("0123456789", "०१२३४५६७८९")
MONTHS = ["जनवरी", "फरवरी", "मार्च", "अप्रैल", "मई", "जून", "जुलाई", "अगस्त",
          "सितंबर", "अक्टूबर", "नवंबर", "दिसंबर"]
MONTHS_LATIN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
WEEKDAYS = ["सोमवार", "मंगलवार", "बुधवार", "गुरुवार", "शुक्रवार", "शनिवार", "रविवार"]
RELATIVE = ["पिछले साल", "पिछले महीने", "अगले साल", "इस साल", "पिछले हफ्ते", "कल", "आज",
            "दो साल पहले", "पिछले अक्टूबर", "अगले महीने"]
OUTLETS = ["समाचार सेवा", "दैनिक संवाद", "राष्ट्रीय दर्पण", "जनमत टाइम्स", "नगर वार्ता"]

# Sentence frames: {P} a person, {L} a place, {O} an organization,
# {D} a date expression, {N} a number.
FRAMES = [
    "{P} ने {D} को {L} में कहा कि {O} इस मामले पर जल्द फैसला करेगा।",
    "{O} के प्रवक्ता ने बताया कि {D} {L} में {N} लोग घायल हुए।",
    "{L} और {L} के बीच बातचीत {D} से फिर शुरू होगी, {P} ने कहा।",
    "{D} {P} ने {O} की बैठक में हिस्सा लिया और {L} का दौरा किया।",
    "{L} में {D} को हुए प्रदर्शन में {N} से अधिक लोग शामिल हुए।",
    "सूत्रों के अनुसार {P} और {P} की मुलाकात {D} {L} में होगी।",
    "{O} ने {D} एक बयान जारी कर {L} की स्थिति पर चिंता जताई।",
    "{P} ने कहा, “हम {L} के लोगों के साथ खड़े हैं।”",
    "{D} तक {O} की रिपोर्ट में {N} मामलों का ज़िक्र है।",
    "विशेषज्ञों का मानना है कि {L} की अर्थव्यवस्था {D} तक {N} प्रतिशत बढ़ेगी।",
    "{P} ({LATIN}) ने {O} के अध्यक्ष के रूप में {D} पदभार संभाला।",
    "{L} के मुख्यमंत्री {P} ने {D} नई योजना की घोषणा की।",
]


def load_tsv(name):
    rows = []
    with open(os.path.join(ROOT, "data", "gazetteer", name), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 3 or len(cols) > 4:  # body rows name no one alone
                continue
            forms = [x for x in cols[2].split("|") if re.search("[\u0900-\u097f]", x)]
            if forms:
                rows.append((cols[0], cols[1], forms))
    return rows


def load_names():
    given, surnames = [], []
    with open(os.path.join(ROOT, "data", "gazetteer", "names.txt"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or "\t" not in line:
                continue
            cls, name = line.rstrip("\n").split("\t", 1)
            (given if cls == "given" else surnames).append(name)
    return given, surnames


def load_sentences(folder):
    sentences = []
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".txt"):
            continue
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            text = f.read()
        for para in text.split("\n"):
            for s in re.split(r"(?<=[।?!])\s+", para.strip()):
                if len(s) > 20:
                    sentences.append(s)
    return sentences


class Generator:
    def __init__(self, seed, samples):
        self.rng = random.Random(seed)
        rows = []
        for f in ("manual.tsv", "countries.tsv", "india.tsv", "cities.tsv", "regions.tsv"):
            rows += load_tsv(f)
        self.people = [r for r in rows if r[0] == "person"]
        self.places = [r for r in rows if r[0] == "place"]
        self.orgs = [r for r in rows if r[0] == "organization"]
        self.given, self.surnames = load_names()
        self.sentences = load_sentences(samples)

    def digits(self, s):
        return s.translate(DEV_DIGITS) if self.rng.random() < 0.5 else s

    def date(self):
        r = self.rng
        y, m, d = r.randint(1947, 2030), r.randint(0, 11), r.randint(1, 28)
        kind = r.randrange(7)
        if kind == 0:
            return self.digits(f"{d} {MONTHS[m]} {y}")
        if kind == 1:
            return self.digits(f"{d} {MONTHS[m]}, {y}")
        if kind == 2:
            return f"{r.choice(WEEKDAYS)}, " + self.digits(f"{d} {MONTHS[m]}")
        if kind == 3:
            return self.digits(f"{MONTHS[m]} {y}")
        if kind == 4:
            return self.digits(f"{y}")
        if kind == 5:
            return r.choice(WEEKDAYS)
        return r.choice(RELATIVE)

    def person(self):
        r = self.rng
        if self.people and r.random() < 0.5:
            p = r.choice(self.people)
            return r.choice(p[2]), p[1]
        g, s = r.choice(self.given), r.choice(self.surnames)
        return f"{g} {s}", ""

    def sentence(self):
        r = self.rng
        if self.sentences and r.random() < 0.55:
            return r.choice(self.sentences)
        frame = r.choice(FRAMES)
        latin = ""

        def fill(m):
            nonlocal latin
            k = m.group(1)
            if k == "P":
                name, lat = self.person()
                latin = latin or lat
                return name
            if k == "L":
                return r.choice(r.choice(self.places)[2])
            if k == "O":
                return r.choice(r.choice(self.orgs)[2]) if self.orgs else "संयुक्त राष्ट्र"
            if k == "D":
                return self.date()
            if k == "N":
                return self.digits(str(r.randint(2, 5000)))
            return "{" + k + "}"
        out = re.sub(r"\{(P|L|O|D|N)\}", fill, frame)
        return out.replace(" ({LATIN})", f" ({latin})" if latin else "")

    def article(self, i):
        r = self.rng
        # Mostly news-length, some briefs, a few long reports.
        n = r.choice([r.randint(3, 8), r.randint(8, 25), r.randint(8, 25), r.randint(25, 70)])
        sentences = [self.sentence() for _ in range(n)]
        place = r.choice(r.choice(self.places)[2])
        title = f"{place}: " + re.sub(r"[।,“”]", "", sentences[0])[:60].strip()
        paras, cur = [], []
        for s in sentences:
            cur.append(s)
            if len(cur) >= r.randint(1, 4):
                paras.append(" ".join(cur))
                cur = []
        if cur:
            paras.append(" ".join(cur))
        # Every article carries a report number so that no two are the same
        # bytes (the library would keep one of two equal files).
        paras.append(self.digits(f"रिपोर्ट संख्या {i + 1}।"))
        dateline = None
        if r.random() < 0.6:
            y, m, d = r.randint(2015, 2026), r.randint(0, 11), r.randint(1, 28)
            dateline = f"{place}, {d:02d}-{MONTHS_LATIN[m]}-{y} {r.randint(1, 12)}:{r.randint(0, 59):02d}:{r.randint(0, 59):02d} {'am' if r.random() < 0.5 else 'pm'}"
        if r.random() < 0.1:
            body = "\n".join(f"<p>{p}</p>" for p in paras)
            dl = f"<p class=\"dateline\">{dateline}</p>" if dateline else ""
            html = (f"<!DOCTYPE html>\n<html lang=\"hi\"><head><meta charset=\"utf-8\">"
                    f"<title>{title} | {r.choice(OUTLETS)}</title>"
                    f"<script src=\"https://ads.example.com/a.js\"></script>"
                    f"<script>window.track && track('{i}');</script></head>\n<body>"
                    f"<nav><a href=\"/\">होम</a> <a href=\"/desh\">देश</a> <a href=\"/videsh\">विदेश</a></nav>\n"
                    f"<article><h1>{title}</h1>{dl}\n<img src=\"https://img.example.com/{i}.jpg\" alt=\"\">\n"
                    f"{body}\n</article><footer>© {r.choice(OUTLETS)}</footer></body></html>\n")
            return "html", html
        head = [title] + ([dateline] if dateline else [])
        return "txt", "\n".join(head + paras) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("n", type=int)
    ap.add_argument("outdir")
    ap.add_argument("--seed", type=int, default=6)
    ap.add_argument("--samples", default=os.path.join(ROOT, "data", "samples"))
    a = ap.parse_args()
    gen = Generator(a.seed, a.samples)
    total = 0
    for i in range(a.n):
        ext, text = gen.article(i)
        folder = os.path.join(a.outdir, f"{i // 1000:04d}")
        if i % 1000 == 0:
            os.makedirs(folder, exist_ok=True)
        data = text.encode("utf-8")
        total += len(data)
        with open(os.path.join(folder, f"{i:06d}.{ext}"), "wb") as f:
            f.write(data)
    print(f"{a.n} articles, {total} bytes in {a.outdir}", file=sys.stderr)


if __name__ == "__main__":
    main()
