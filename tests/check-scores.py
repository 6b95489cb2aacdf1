#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Runs the shared extraction scorer on the seed and development sets and
fails when a score falls below the bar the extraction issue sets.

  check-scores.py CLI SHARED_DIR

Exit 77 (meson's "skipped") when the shared folder is not beside the tree.
"""
import json
import os
import subprocess
import sys

# The bars: raise them when extraction gets better, never lower them.
BARS = {
    "seeds": {"entity_f1": 0.95, "date_f1": 0.95, "all_aliases": True, "all_cross": True, "boilerplate": 0},
    "dev": {"entity_f1": 0.85, "date_f1": 0.85},
    # tests/data/eval: original articles and gold kept in the tree; the bars sit
    # a little below what extraction reaches now (entities 0.975, dates 1.000), to catch
    # regressions. Raise them as extraction improves.
    "eval": {"entity_f1": 0.94, "date_f1": 0.97, "all_aliases": True, "all_cross": True, "boilerplate": 0},
}

# The public IL-NER Hindi dev split (data/ner/corpora), scored as
# ../shared/tools/score-ner scores it: exact text and type of people, places
# and organizations. The shipped model is trained on it too (the test split
# is the honest figure, measured by hand, never here); the bars catch a
# recognizer that stops generalising. Khoji's conventions cost points
# here on purpose (demonyms are their country: data/ner/README.md).
NER_BARS = {"f1": 0.75, "person": 0.79, "place": 0.79, "organization": 0.64}


def score(cli, shared, name):
    cmd = [os.path.join(shared, "tools", "score-extraction"), "--cli", cli, "--json"]
    if name == "dev":
        cmd += ["--gold", os.path.join(shared, "gold", "dev.json"), "--articles", os.path.join(shared, "dev")]
    elif name == "eval":
        folder = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "eval")
        cmd += ["--gold", os.path.join(folder, "gold.json"), "--articles", folder]
    r = subprocess.run([sys.executable] + cmd, capture_output=True, text=True)
    if r.returncode != 0:
        print(f"{name}: the scorer failed: {r.stderr.strip()}")
        return None
    return json.loads(r.stdout.strip().splitlines()[-1])


def linked(fraction):
    done, total = fraction.split("/")
    return done == total


def main():
    cli, shared = sys.argv[1], sys.argv[2]
    if not os.path.isfile(os.path.join(shared, "tools", "score-extraction")):
        print(f"no scorer under {shared}: skipped")
        return 77
    failures = []
    for name, bars in BARS.items():
        s = score(cli, shared, name)
        if s is None:
            failures.append(f"{name}: no score")
            continue
        print(f"{name}: {json.dumps(s)}")
        for key in ("entity_f1", "date_f1"):
            if s[key] < bars[key]:
                failures.append(f"{name}: {key} {s[key]} < {bars[key]}")
        if bars.get("all_aliases") and not linked(s["alias_linking"]):
            failures.append(f"{name}: aliases linked {s['alias_linking']}")
        if bars.get("all_cross") and not linked(s["cross_article_linking"]):
            failures.append(f"{name}: cross-article links {s['cross_article_linking']}")
        if "boilerplate" in bars and s["boilerplate_lines_kept"] > bars["boilerplate"]:
            failures.append(f"{name}: {s['boilerplate_lines_kept']} boilerplate lines kept")
    ner = os.path.join(shared, "tools", "score-ner")
    corpus = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "ner", "corpora",
                          "il-ner-hindi", "dev.txt")
    if os.path.isfile(ner):
        r = subprocess.run([sys.executable, ner, "--cli", cli, "--json", corpus], capture_output=True, text=True)
        if r.returncode != 0:
            failures.append(f"il-ner dev: the scorer failed: {r.stderr.strip()}")
        else:
            s = json.loads(r.stdout.strip().splitlines()[-1])
            print(f"il-ner dev: {json.dumps(s, ensure_ascii=False)}")
            if s["f1"] < NER_BARS["f1"]:
                failures.append(f"il-ner dev: f1 {s['f1']} < {NER_BARS['f1']}")
            for t in ("person", "place", "organization"):
                if s[t]["f1"] < NER_BARS[t]:
                    failures.append(f"il-ner dev: {t} f1 {s[t]['f1']} < {NER_BARS[t]}")
    for f in failures:
        print("FAIL", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
