#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The benchmark driver behind tests/bench/run.sh (see there for usage)."""
import argparse
import json
import os
import platform
import random
import re
import sqlite3
import statistics
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))


def corpus(work, n, seed):
    path = os.path.join(work, f"corpus-{n}")
    stamp = os.path.join(path, ".complete")
    if not os.path.exists(stamp):
        subprocess.run(["rm", "-rf", path], check=True)
        subprocess.run([sys.executable, os.path.join(HERE, "gen-corpus.py"), str(n), path,
                        "--seed", str(seed)], check=True)
        open(stamp, "w").close()
    size = 0
    for d, _, files in os.walk(path):
        for f in files:
            if not f.startswith("."):
                size += os.path.getsize(os.path.join(d, f))
    return path, size


def run_rusage(argv, env=None, poll=None):
    """Runs argv; returns (seconds, peak RSS in MB, exit status, stdout)."""
    out_path = argv_out = None
    start = time.monotonic()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    out_chunks = []
    reader = threading.Thread(target=lambda: out_chunks.append(proc.stdout.read()))
    reader.start()
    err_chunks = []
    ereader = threading.Thread(target=lambda: err_chunks.append(proc.stderr.read()))
    ereader.start()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.monotonic() - start
    reader.join()
    ereader.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    run_rusage.cpu = usage.ru_utime + usage.ru_stime
    return elapsed, usage.ru_maxrss / 1024.0, proc.returncode, out_chunks[0].decode("utf-8", "replace"), \
        err_chunks[0].decode("utf-8", "replace")


class Poller(threading.Thread):
    """Counts the articles of a library being written, from another
    connection, to see whether the import slows down as it grows."""

    def __init__(self, db):
        super().__init__(daemon=True)
        self.db = db
        self.samples = []
        self.stop = threading.Event()

    def finish(self):
        """Called when the import has exited: one last sample at that
        moment, so that the last articles are counted too."""
        self.finished_at = time.monotonic()
        self.stop.set()

    def run(self):
        start = self.start_time = time.monotonic()
        self.finished_at = None
        conn = None
        while not self.stop.is_set():
            try:
                if conn is None and os.path.exists(self.db):
                    conn = sqlite3.connect(f"file:{self.db}?mode=ro", uri=True, timeout=0.1)
                if conn is not None:
                    n = conn.execute("SELECT count(*) FROM article").fetchone()[0]
                    self.samples.append((time.monotonic() - start, n))
            except sqlite3.Error:
                pass
            self.stop.wait(0.2)
        if conn is not None:
            try:
                n = conn.execute("SELECT count(*) FROM article").fetchone()[0]
                self.samples.append(((self.finished_at or time.monotonic()) - start, n))
            except sqlite3.Error:
                pass
            conn.close()


def growth(samples, n):
    """Seconds per article over the first and the last tenth (at least
    100, at most 1,000 articles) of an import, and their ratio."""
    if not samples or n < 200:
        return None
    w = max(100, min(1000, n // 10))

    def time_at(count):
        for t, c in samples:
            if c >= count:
                return t
        return None
    a0, a1 = time_at(1), time_at(1 + w)
    b0, b1 = time_at(n - w), time_at(n)
    if None in (a0, a1, b0, b1) or a1 <= a0 or b1 <= b0:
        return None
    first, last = (a1 - a0) / w, (b1 - b0) / w
    return {"first_ms": first * 1000, "last_ms": last * 1000, "ratio": last / first, "window": w}


FOLD = [("ॉ", "ा"), ("़", ""), ("ं", "ँ"), ("ी", "ि")]


def make_queries(cli, db, corpus_path, seed, count=200):
    rng = random.Random(seed)
    words, phrases = [], []
    for name in sorted(os.listdir(os.path.join(ROOT, "data", "samples"))):
        with open(os.path.join(ROOT, "data", "samples", name), encoding="utf-8") as f:
            tokens = re.findall(r"[\u0900-\u0963\u0966-\u097f]+", f.read())
        words += [t for t in tokens if len(t) >= 3]
        phrases += [f'"{a} {b}"' for a, b in zip(tokens, tokens[1:]) if len(a) >= 2 and len(b) >= 2]
    words = sorted(set(words))
    phrases = sorted(set(phrases))
    out = subprocess.run([cli, "--db", db, "entities", "--json"], capture_output=True, text=True)
    names = []
    try:
        data = json.loads(out.stdout)
        items = data if isinstance(data, list) else data.get("entities", [])
        names = sorted({e["name"] for e in items if e.get("name")})
    except (ValueError, KeyError, TypeError):
        pass
    queries = []
    kinds = ["word", "word", "phrase", "name", "name", "folded", "prefix", "or", "not", "rare"]
    while len(queries) < count:
        k = kinds[len(queries) % len(kinds)]
        if k == "word":
            q = rng.choice(words)
        elif k == "phrase":
            q = rng.choice(phrases)
        elif k == "name" and names:
            n = rng.choice(names)
            q = f'"{n}"' if " " in n else n
        elif k == "folded":
            w = rng.choice([x for x in words + names if any(a in x for a, _ in FOLD)] or words)
            for a, b in FOLD:
                w = w.replace(a, b)
            q = f'"{w}"' if " " in w else w
        elif k == "prefix":
            w = rng.choice(words)
            q = w[:max(2, len(w) - 2)] + "*"
        elif k == "or":
            q = f"{rng.choice(words)} OR {rng.choice(words)}"
        elif k == "not":
            q = f"{rng.choice(words)} -{rng.choice(words)}"
        else:
            q = f"{rng.choice(words)} {rng.choice(words)}"
        queries.append(q)
    return queries, words


def percentile(values, p):
    values = sorted(values)
    if not values:
        return 0.0
    return values[min(len(values) - 1, int(p * (len(values) - 1) + 0.5))]


def run_pair(a, n, path, mb):
    """The floor, then the import, of the corpus at PATH into fresh files."""
    row = {}
    floor_db = os.path.join(a.work, f"floor-{n}.db")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(floor_db + suffix):
            os.remove(floor_db + suffix)
    t, rss, rc, so, se = run_rusage([a.floor, floor_db, path])
    if rc != 0:
        raise SystemExit(f"bench-floor failed: {se}")
    row["floor"] = json.loads(so)
    row["floor"]["wall_s"] = t
    row["floor"]["cpu_s"] = run_rusage.cpu
    row["floor"]["rss_mb"] = rss

    # Other programs on the machine slow the wall-clock numbers: say so.
    row["load"] = " / ".join(open("/proc/loadavg").read().split()[:3])
    lib = os.path.join(a.work, f"library-{n}.db")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(lib + suffix):
            os.remove(lib + suffix)
    poller = Poller(lib)
    poller.start()
    t, rss, rc, so, se = run_rusage([a.cli, "--db", lib, "import", "--quiet", path])
    poller.finish()
    poller.join()
    summary = so.strip().splitlines()[-1] if so.strip() else se
    if rc not in (0, 1):
        raise SystemExit(f"khoji-cli import failed ({rc}): {se[-2000:]}")
    m = re.search(r"(\d+) imported", summary)
    imported = int(m.group(1)) if m else 0
    row["import"] = {"wall_s": t, "cpu_s": run_rusage.cpu, "rss_mb": rss, "imported": imported, "summary": summary,
                     "articles_per_s": imported / t if t else 0, "mb_per_s": mb / t if t else 0}
    row["ratio"] = t / row["floor"]["insert_s"] if row["floor"]["insert_s"] else None
    row["ratio_with_clean"] = t / (row["floor"]["insert_s"] + row["floor"]["clean_s"])
    # CPU seconds do not depend on what else the machine runs: the import's
    # CPU time over the CPU time of the floor's inserts is the ratio a
    # quiet machine would show (disk waits aside).
    row["cpu_ratio"] = run_rusage.cpu / row["floor"]["insert_cpu_s"] if row["floor"].get("insert_cpu_s") else None
    row["growth"] = growth(poller.samples, imported)
    row["db_mb"] = os.path.getsize(lib) / 1e6
    return row


def bench_size(a, n, out):
    work = a.work
    path, size = corpus(work, n, a.seed)
    mb = size / 1e6
    row = {"n": n, "corpus_mb": mb}

    # A short import is a second or two: what else the machine does moves
    # one run by a fifth. Small sizes run several floor/import pairs,
    # alternating, and report the pair with the median ratio, with the range.
    pairs = a.pairs if a.pairs else (3 if n <= 1000 else 1)
    runs = [run_pair(a, n, path, mb) for _ in range(pairs)]
    runs.sort(key=lambda r: r["ratio"] if r["ratio"] is not None else 0)
    row.update(runs[len(runs) // 2])
    row["pairs"] = [{"floor_s": r["floor"]["insert_s"], "import_s": r["import"]["wall_s"], "ratio": r["ratio"]}
                    for r in runs]
    lib = os.path.join(work, f"library-{n}.db")

    qfile = os.path.join(work, f"queries-{n}.txt")
    queries, words = make_queries(a.cli, lib, path, a.seed)
    with open(qfile, "w", encoding="utf-8") as f:
        f.write("\n".join(queries) + "\n")
    t, rss, rc, so, se = run_rusage([a.query, lib, qfile, "50"])
    if rc != 0:
        raise SystemExit(f"bench-query failed: {se[-2000:]}")
    row["query"] = json.loads(so)
    row["query"]["rss_mb"] = rss

    # What a user would do without Khoji: grep the folder for a word.
    rng = random.Random(a.seed)
    sample = [rng.choice(words) for _ in range(a.grep_queries)]
    subprocess.run(["grep", "-rlF", sample[0], path], capture_output=True)  # warm the page cache
    times = []
    for w in sample:
        s = time.monotonic()
        subprocess.run(["grep", "-rlF", w, path], capture_output=True)
        times.append((time.monotonic() - s) * 1000)
    row["grep"] = {"queries": len(times), "p50_ms": percentile(times, 0.5), "p95_ms": percentile(times, 0.95)}
    print(json.dumps(row, ensure_ascii=False), file=out, flush=True)
    return row


def machine():
    cpu = "?"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{cpu}, {os.cpu_count()} cores, {mem:.0f} GiB RAM, {platform.platform()}, SQLite {sqlite3.sqlite_version} (Python's; Khoji links the system one)"


def ratio_cell(r):
    pairs = r.get("pairs", [])
    if len(pairs) < 2:
        return f"{r['ratio']:.1f}"
    ratios = [p["ratio"] for p in pairs]
    return f"{r['ratio']:.1f} ({min(ratios):.1f}–{max(ratios):.1f}, median of {len(pairs)})"


def report(rows, a):
    lines = [f"Machine: {machine()}  ",
             f"Date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}  ",
             f"Command: `tests/bench/run.sh --sizes {','.join(str(r['n']) for r in rows)}` (build: {a.build})", "",
             "| articles | corpus MB | import s (CPU s) | articles/s (per CPU s) | MB/s | peak RSS MB | floor insert s (insert CPU s) | ratio | ratio incl. clean | CPU ratio | first/last ms per article (growth) | library MB | load avg |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|"]
    for r in rows:
        g = r["growth"]
        gs = f"{g['first_ms']:.2f} / {g['last_ms']:.2f} ({g['ratio']:.2f}×)" if g else "n/a"
        i = r["import"]
        lines.append(f"| {r['n']:,} | {r['corpus_mb']:.1f} | {i['wall_s']:.1f} ({i['cpu_s']:.1f}) | {i['articles_per_s']:.0f} ({i['imported'] / i['cpu_s']:.0f}) | {i['mb_per_s']:.2f} | "
                     f"{i['rss_mb']:.0f} | {r['floor']['insert_s']:.2f} ({r['floor'].get('insert_cpu_s', 0):.2f}) | {ratio_cell(r)} | {r['ratio_with_clean']:.1f} | {r['cpu_ratio']:.1f} | {gs} | {r['db_mb']:.0f} | {r['load']} |")
    lines += ["", "| articles | search p50 ms | search p95 ms | max ms (query) | grep -rl p50 ms | grep p95 ms | entities (count) ms | timeline events (count) ms | article list ms | open ms |",
              "|---:|---:|---:|---|---:|---:|---|---|---:|---:|"]
    for r in rows:
        q, g = r["query"], r["grep"]
        lines.append(f"| {r['n']:,} | {q['search_p50_ms']:.2f} | {q['search_p95_ms']:.2f} | {q['search_max_ms']:.1f} (`{q['worst_query']}`) | "
                     f"{g['p50_ms']:.0f} | {g['p95_ms']:.0f} | {q['entities_ms']:.0f} ({q['entities']:,}) | "
                     f"{q['events_ms']:.0f} ({q['events']:,}) | {q['articles_ms']:.0f} | {q['open_ms']:.0f} |")
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", required=True)
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--work", default=None)
    ap.add_argument("--seed", type=int, default=6)
    ap.add_argument("--grep-queries", type=int, default=20)
    ap.add_argument("--pairs", type=int, default=0,
                    help="floor/import pairs per size (default: 3 up to 1,000 articles, else 1)")
    ap.add_argument("--out", default=None)
    a = ap.parse_args()
    a.cli = os.path.join(a.build, "src", "cli", "khoji-cli")
    a.floor = os.path.join(a.build, "tests", "bench", "bench-floor")
    a.query = os.path.join(a.build, "tests", "bench", "bench-query")
    a.work = a.work or os.path.join(a.build, "bench-data")
    os.makedirs(a.work, exist_ok=True)
    rows = []
    with open(os.path.join(a.work, "results.jsonl"), "a") as log:
        for n in [int(x) for x in a.sizes.split(",")]:
            rows.append(bench_size(a, n, log))
            print(report(rows, a), flush=True)
    text = report(rows, a)
    if a.out:
        with open(a.out, "w", encoding="utf-8") as f:
            f.write(text)


if __name__ == "__main__":
    main()
