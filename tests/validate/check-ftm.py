#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""khoji-cli export --format ftm / ftm-csv against the FollowTheMoney schema.

Imports the sample articles into two libraries (in opposite orders),
exports each, and checks every line against tests/data/ftm/schemata.json:
the schema exists and is not abstract, every property is the schema's (or
a parent's), the required ones are there, values look like their type,
entity references point at an exported entity of the right schema, every
person, organization and place has proof in an article, and the ids are
the same in both exports. Then the ftm-csv folder: one file a schema,
an id column and the properties, a row an entity.

usage: check-ftm.py KHOJI_CLI SOURCE_ROOT
"""
import csv, json, os, re, subprocess, sys, tempfile

cli, root = sys.argv[1], sys.argv[2]
schemata = json.load(open(os.path.join(root, "tests", "data", "ftm", "schemata.json"), encoding="utf-8"))
samples = os.path.join(root, "data", "samples")
failures = []


def fail(msg):
    failures.append(msg)


def ancestry(name):
    seen, todo = [], [name]
    while todo:
        n = todo.pop(0)
        if n in seen:
            continue
        seen.append(n)
        todo.extend(schemata.get(n, {}).get("extends", []))
    return seen


def props_of(name):
    props = {}
    for s in reversed(ancestry(name)):
        props.update(schemata.get(s, {}).get("properties", {}))
    return props


def required_of(name):
    req = set()
    for s in ancestry(name):
        req.update(schemata.get(s, {}).get("required", []))
    return req


DATE = re.compile(r"^\d{4}(-\d\d(-\d\d)?)?$")


def run(*args):
    r = subprocess.run([cli, *args], capture_output=True, text=True)
    if r.returncode != 0:
        print("khoji-cli", *args, "failed:", r.stderr, file=sys.stderr)
        sys.exit(1)
    return r.stdout


def export(tmp, name, files):
    db = os.path.join(tmp, name + ".db")
    for f in files:
        run("--db", db, "import", "--quiet", f)
    lines = run("--db", db, "export", "--format", "ftm").splitlines()
    folder = os.path.join(tmp, name + "-csv")
    run("--db", db, "export", "--format", "ftm-csv", "--output", folder)
    return [json.loads(l) for l in lines], folder


def validate(entities):
    by_id = {}
    for e in entities:
        if set(e) != {"id", "schema", "properties"}:
            fail(f"{e.get('id')}: keys {sorted(e)}")
        if e["id"] in by_id:
            fail(f"{e['id']}: id written twice")
        by_id[e["id"]] = e
    for e in entities:
        schema = e["schema"]
        if schema not in schemata:
            fail(f"{e['id']}: unknown schema {schema}")
            continue
        if schemata[schema]["abstract"]:
            fail(f"{e['id']}: abstract schema {schema}")
        props = props_of(schema)
        for p, values in e["properties"].items():
            if p not in props:
                fail(f"{e['id']}: {schema} has no property {p}")
                continue
            if not isinstance(values, list) or not values or not all(isinstance(v, str) and v.strip() for v in values):
                fail(f"{e['id']}: {p} must be a list of non-empty strings: {values!r}")
                continue
            t = props[p]["type"]
            for v in values:
                if t == "date" and not DATE.match(v):
                    fail(f"{e['id']}: {p} is not a date: {v}")
                if t == "entity":
                    target = by_id.get(v)
                    if target is None:
                        fail(f"{e['id']}: {p} points at {v}, not in the export")
                    elif props[p].get("range") not in ancestry(target["schema"]):
                        fail(f"{e['id']}: {p} points at a {target['schema']}, not a {props[p].get('range')}")
        for r in required_of(schema):
            if r not in e["properties"]:
                fail(f"{e['id']}: {schema} lacks required {r}")
        if schema in ("Person", "Organization", "Address") and not e["properties"].get("proof"):
            fail(f"{e['id']}: {schema} without proof")
    return by_id


files = sorted(os.path.join(samples, f) for f in os.listdir(samples))
with tempfile.TemporaryDirectory() as tmp:
    first, first_csv = export(tmp, "a", files)
    second, _ = export(tmp, "b", list(reversed(files)))
    a = validate(first)
    validate(second)
    counts = {}
    for e in first:
        counts[e["schema"]] = counts.get(e["schema"], 0) + 1
    print("# entities:", json.dumps(counts, sort_keys=True))
    for schema in ("Article", "Person", "Organization", "Address", "Mention"):
        if counts.get(schema, 0) == 0:
            fail(f"no {schema} in the export of the samples")
    if counts.get("Article") != len(files):
        fail(f"{counts.get('Article')} articles exported, {len(files)} imported")
    # Stable ids: the same entities, whatever the import order.
    b = {e["id"]: e for e in second}
    if set(a) != set(b):
        fail(f"ids differ between two exports: {len(set(a) ^ set(b))} not in both")
    else:
        for i in a:
            # The name shown may be another of its spellings (the first
            # one imported); the spellings are the same.
            forms = lambda e: set(e["properties"].get("name", []) + e["properties"].get("alias", []))
            if a[i]["schema"] != b[i]["schema"] or forms(a[i]) != forms(b[i]):
                fail(f"{i}: a different entity in the second export")
    # Every mention is in an exported article, and the person or
    # organization it resolves to lists that article as proof.
    for e in first:
        if e["schema"] == "Mention":
            for r in e["properties"].get("resolved", []):
                if e["properties"]["document"][0] not in a[r]["properties"]["proof"]:
                    fail(f"{e['id']}: {r} has no proof in its mention's article")
    # The CSV folder: a file a schema, an id column, a row an entity.
    for schema, n in counts.items():
        path = os.path.join(first_csv, schema + ".csv")
        if not os.path.exists(path):
            fail(f"{schema}.csv missing")
            continue
        with open(path, encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        head = rows[0]
        if head[0] != "id" or any(p not in props_of(schema) for p in head[1:]):
            fail(f"{schema}.csv header {head}")
        if len(rows) - 1 != n:
            fail(f"{schema}.csv has {len(rows) - 1} rows, the lines {n}")
        if {r[0] for r in rows[1:]} != {i for i, e in a.items() if e["schema"] == schema}:
            fail(f"{schema}.csv ids are not the lines' ids")

for f in failures[:50]:
    print("FAIL:", f)
print(f"{len(failures)} failures")
sys.exit(1 if failures else 0)
