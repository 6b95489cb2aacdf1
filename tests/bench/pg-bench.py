#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""SQLite and PostgreSQL side by side, in one run.

    pg-bench.py --build DIR [--size N] [--out FILE]

Writes the corpus of gen-corpus.py N (seed 6, as bench.py), starts a
throwaway PostgreSQL cluster (initdb into a folder under /tmp, a Unix
socket only, the server's default durability; as root it runs as nobody)
and, for both backends:

- imports the corpus with `khoji-cli import` into a new library: wall
  seconds and CPU seconds, the server's processes' CPU counted for
  PostgreSQL (from /proc), articles per second;
- times 200 varied searches (the same queries on both), the entity list
  and the timeline through the library API (bench-query);

then imports the corpus into a new archive with two `khoji-cli import`
at once, each on half of the folders, against one importer of the whole:
articles per second together, and whether every article is there once.
Prints a Markdown table; paste it into RESULTS.md.

    pg-bench.py --build DIR --reads LIBRARY URI [--runs N] [--out FILE]

times only the reads the window makes at opening — the entity list (all
of it, and the first KHOJI_LIBRARY_TOP_ENTITIES the window lists now), the
timeline's events (the first load after a change, then the next), the
events of the entity named in most articles — on a library file and an
archive that already hold the same articles (an archive of 100,000
takes over an hour to import on this machine): bench-query with no
searches, N runs (3) of each backend, alternating, medians.

    pg-bench.py --build DIR --library FILE --archive URI [--out FILE]

times the 200 searches (and the lists) only, both backends in one run,
on a library file and an archive made before and kept (bench-fill-archive
adds a library's articles to an archive, text only, for timing search).
"""
import argparse
import glob
import json
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import bench  # noqa: E402  (corpus, run_rusage, make_queries)


def bindir():
    env = os.environ.get("KHOJI_PG_BINDIR")
    if env:
        return env
    try:
        out = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True).stdout.strip()
        if out and os.path.exists(os.path.join(out, "initdb")):
            return out
    except OSError:
        pass
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if not found:
        raise SystemExit("PostgreSQL's server programs were not found: install the package postgresql")
    return os.path.dirname(found[-1])


class Cluster:
    def __init__(self):
        self.bin = bindir()
        self.dir = tempfile.mkdtemp(prefix="khoji-pg-bench-", dir="/tmp")
        self.data = os.path.join(self.dir, "data")
        self.prefix = []
        if os.getuid() == 0:
            nobody = pwd.getpwnam("nobody")
            os.chown(self.dir, nobody.pw_uid, nobody.pw_gid)
            self.prefix = ["setpriv", f"--reuid={nobody.pw_uid}", f"--regid={nobody.pw_gid}", "--clear-groups", "--"]
        self.run("initdb", "-D", self.data, "-U", "khoji", "--auth=trust", "--no-locale", "-E", "UTF8")
        self.run("pg_ctl", "-D", self.data, "-l", os.path.join(self.dir, "server.log"), "-w", "-o",
                 f"-c listen_addresses='' -c unix_socket_directories='{self.dir}' -c port=5432", "start")
        self.n = 0

    def run(self, program, *args):
        subprocess.run(self.prefix + [os.path.join(self.bin, program), *args], cwd=self.dir, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def uri(self, name):
        return f"postgresql://khoji@/{name}?host={self.dir}&port=5432"

    def new_database(self, stem):
        self.n += 1
        name = f"{stem}_{self.n}"
        subprocess.run([os.path.join(self.bin, "psql"), "-q", self.uri("postgres"), "-c", f'CREATE DATABASE "{name}"'],
                       check=True)
        return self.uri(name)

    def query(self, uri, sql):
        return subprocess.run([os.path.join(self.bin, "psql"), "-qAt", uri, "-c", sql], check=True,
                              capture_output=True, text=True).stdout.strip()

    def server_cpu(self):
        """CPU seconds of every process of the server so far."""
        with open(os.path.join(self.data, "postmaster.pid")) as f:
            master = int(f.readline())
        tick = os.sysconf("SC_CLK_TCK")
        total = 0.0
        for stat in glob.glob("/proc/[0-9]*/stat"):
            try:
                with open(stat) as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            pid = int(stat.split("/")[2])
            ppid = int(fields[1])
            if pid == master or ppid == master:
                # utime, stime, and those of waited-for children
                total += (int(fields[11]) + int(fields[12]) + int(fields[13]) + int(fields[14])) / tick
        return total

    def stop(self):
        try:
            self.run("pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)


def load():
    return " / ".join(open("/proc/loadavg").read().split()[:3])


def import_into(a, db, folders, cluster=None):
    """Imports FOLDERS into DB with one khoji-cli per entry of FOLDERS (a
    list of lists), at once; wall s, client CPU s, server CPU s."""
    server_before = cluster.server_cpu() if cluster else 0.0
    start = time.monotonic()
    procs = [subprocess.Popen([a.cli, "--db", db, "import", "--quiet", *paths], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE) for paths in folders]
    outs = []
    for p in procs:
        out, err = p.communicate()
        outs.append(out.decode())
        if p.returncode != 0:
            raise SystemExit(f"import failed: {err.decode()[-2000:]}")
    wall = time.monotonic() - start
    # communicate() reaped them: their CPU is in this process's children's.
    return wall, outs, (cluster.server_cpu() - server_before) if cluster else 0.0


def children_cpu():
    r = os.times()
    return r.children_user + r.children_system


def reads(a):
    empty = os.path.join(tempfile.mkdtemp(prefix="khoji-pg-bench-"), "no-queries.txt")
    open(empty, "w").close()
    library, archive = a.reads
    keys = ("entities_ms", "top_entities_ms", "top_entities_cpu_ms", "events_first_ms", "events_ms",
            "events_cpu_ms", "entity_events_ms")
    runs = {"SQLite": [], "PostgreSQL": []}
    start_load = load()
    for _ in range(a.runs):
        for name, db in (("SQLite", library), ("PostgreSQL", archive)):
            out = subprocess.run([a.query, db, empty], capture_output=True, text=True)
            if out.returncode != 0:
                raise SystemExit(f"bench-query failed: {out.stderr[-2000:]}")
            r = json.loads(out.stdout)
            runs[name].append(r)
            print(name, {k: r[k] for k in keys + ("entities", "events")}, file=sys.stderr, flush=True)
    end_load = load()

    def median(name, key):
        v = sorted(r[key] for r in runs[name])
        return v[len(v) // 2]

    lines = [f"| backend | entities ms (count) | first entities ms (CPU ms) | timeline first load ms | "
             f"timeline ms (events) | timeline CPU ms | top entity's timeline ms (events) |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for name in ("SQLite", "PostgreSQL"):
        r = runs[name][0]
        lines.append(f"| {name} | {median(name, 'entities_ms'):.0f} ({r['entities']:,}) | "
                     f"{median(name, 'top_entities_ms'):.0f} ({median(name, 'top_entities_cpu_ms'):.0f}) | "
                     f"{median(name, 'events_first_ms'):.0f} | {median(name, 'events_ms'):.0f} ({r['events']:,}) | "
                     f"{median(name, 'events_cpu_ms'):.0f} | "
                     f"{median(name, 'entity_events_ms'):.0f} ({r['entity_events']:,}) |")
    lines += ["", f"Medians of {a.runs} runs a backend, alternating; load average {start_load} at the start, "
              f"{end_load} at the end."]
    text = "\n".join(lines) + "\n"
    print(text)
    if a.out:
        with open(a.out, "w", encoding="utf-8") as f:
            f.write(text)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.environ.get("KHOJI_BENCH_BUILDDIR", "build-bench"))
    ap.add_argument("--size", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=6)
    ap.add_argument("--out")
    ap.add_argument("--reads", nargs=2, metavar=("LIBRARY", "URI"))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--library", help="an existing library file: queries only")
    ap.add_argument("--archive", help="an existing archive's URI: queries only")
    a = ap.parse_args()
    a.build = os.path.abspath(a.build)
    a.cli = os.path.join(a.build, "src", "cli", "khoji-cli")
    a.query = os.path.join(a.build, "tests", "bench", "bench-query")
    if a.reads:
        return reads(a)
    work = os.path.join(a.build, "bench-data")
    os.makedirs(work, exist_ok=True)
    if a.library or a.archive:
        if not (a.library and a.archive):
            raise SystemExit("--library and --archive go together")
        return queries_only(a, work)
    path, size = bench.corpus(work, a.size, a.seed)
    folders = sorted(os.path.join(path, d) for d in os.listdir(path) if not d.startswith("."))
    if len(folders) < 2:
        # One folder (under 1,000 articles): its files, shared out instead.
        folders = sorted(os.path.join(folders[0], f) for f in os.listdir(folders[0]))
    rows = {}
    cluster = Cluster()
    try:
        sqlite_db = os.path.join(work, f"pg-bench-sqlite-{a.size}.db")
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(sqlite_db + suffix):
                os.unlink(sqlite_db + suffix)
        pg_db = cluster.new_database("one")
        for name, db in (("SQLite", sqlite_db), ("PostgreSQL", pg_db)):
            before = children_cpu()
            load_before = load()
            wall, outs, server = import_into(a, db, [[path]], cluster if name == "PostgreSQL" else None)
            client = children_cpu() - before
            rows[name] = {"wall": wall, "client_cpu": client, "server_cpu": server, "load": load_before,
                          "summary": outs[0].strip().splitlines()[-1]}
            print(name, rows[name], file=sys.stderr, flush=True)

        queries, _ = bench.make_queries(a.cli, sqlite_db, path, a.seed)
        qfile = os.path.join(work, f"pg-bench-queries-{a.size}.txt")
        with open(qfile, "w", encoding="utf-8") as f:
            f.write("\n".join(queries) + "\n")
        for name, db in (("SQLite", sqlite_db), ("PostgreSQL", pg_db)):
            out = subprocess.run([a.query, db, qfile], capture_output=True, text=True)
            if out.returncode != 0:
                raise SystemExit(f"bench-query failed: {out.stderr[-2000:]}")
            rows[name]["query"] = json.loads(out.stdout)
            rows[name]["query_load"] = load()
            print(name, rows[name]["query"], file=sys.stderr, flush=True)

        # Two importers at once, each on every other folder.
        two_db = cluster.new_database("two")
        before = children_cpu()
        two_load = load()
        wall, outs, server = import_into(a, two_db, [folders[0::2], folders[1::2]], cluster)
        two = {"wall": wall, "client_cpu": children_cpu() - before, "server_cpu": server, "load": two_load,
               "summaries": [o.strip().splitlines()[-1] for o in outs],
               "articles": int(cluster.query(two_db, "SELECT count(*) FROM article")),
               "distinct": int(cluster.query(two_db, "SELECT count(DISTINCT hash) FROM article")),
               "one_articles": int(cluster.query(pg_db, "SELECT count(*) FROM article"))}
        print("two", two, file=sys.stderr, flush=True)
    finally:
        cluster.stop()

    s, p = rows["SQLite"], rows["PostgreSQL"]
    n = a.size
    lines = [f"| backend | import wall s | articles/s | client CPU s | server CPU s | load avg at start | "
             f"search p50 / p95 ms | entities ms (count) | timeline ms (events) | articles ms |",
             "|---|---:|---:|---:|---:|---|---:|---:|---:|---:|"]
    for name, r in (("SQLite", s), ("PostgreSQL", p)):
        q = r["query"]
        lines.append(f"| {name} | {r['wall']:.1f} | {n / r['wall']:.1f} | {r['client_cpu']:.1f} | "
                     f"{r['server_cpu']:.1f} | {r['load']} | {q['search_p50_ms']:.1f} / {q['search_p95_ms']:.1f} | "
                     f"{q['entities_ms']:.0f} ({q['entities']:,}) | {q['events_ms']:.0f} ({q['events']:,}) | "
                     f"{q['articles_ms']:.0f} |")
    lines += ["",
              f"PostgreSQL / SQLite import: {p['wall'] / s['wall']:.2f}× the wall time, "
              f"{(p['client_cpu'] + p['server_cpu']) / s['client_cpu']:.2f}× the CPU (client and server).",
              "",
              "| importers | wall s | articles/s together | vs one | articles in the archive (distinct) | load avg at start |",
              "|---|---:|---:|---:|---:|---|",
              f"| one | {p['wall']:.1f} | {n / p['wall']:.1f} | 1.00 | {two['one_articles']:,} | {p['load']} |",
              f"| two at once | {two['wall']:.1f} | {n / two['wall']:.1f} | {p['wall'] / two['wall']:.2f} | "
              f"{two['articles']:,} ({two['distinct']:,}) | {two['load']} |"]
    text = "\n".join(lines) + "\n"
    print(text)
    if a.out:
        with open(a.out, "w", encoding="utf-8") as f:
            f.write(text)


def queries_only(a, work):
    queries, _ = bench.make_queries(a.cli, a.library, None, a.seed)
    qfile = os.path.join(work, "pg-bench-queries-only.txt")
    with open(qfile, "w", encoding="utf-8") as f:
        f.write("\n".join(queries) + "\n")
    rows = {}
    for name, db in (("SQLite", a.library), ("PostgreSQL", a.archive)):
        load_before = load()
        out = subprocess.run([a.query, db, qfile], capture_output=True, text=True)
        if out.returncode != 0:
            raise SystemExit(f"bench-query failed: {out.stderr[-2000:]}")
        rows[name] = {"query": json.loads(out.stdout), "load": f"{load_before} → {load()}"}
        print(name, rows[name], file=sys.stderr, flush=True)
    lines = ["| backend | search p50 / p95 ms | max ms (query) | search CPU p50 / p95 ms | hits | "
             "entities ms (count) | timeline ms (events) | articles ms | load avg before → after |",
             "|---|---:|---|---:|---:|---:|---:|---:|---|"]
    for name in ("SQLite", "PostgreSQL"):
        q = rows[name]["query"]
        lines.append(f"| {name} | {q['search_p50_ms']:.1f} / {q['search_p95_ms']:.1f} | "
                     f"{q['search_max_ms']:.0f} (`{q['worst_query']}`) | "
                     f"{q['search_cpu_p50_ms']:.1f} / {q['search_cpu_p95_ms']:.1f} | {q.get('hits', 0):,} | "
                     f"{q['entities_ms']:.0f} ({q['entities']:,}) | {q['events_ms']:.0f} ({q['events']:,}) | "
                     f"{q['articles_ms']:.0f} | {rows[name]['load']} |")
    s, p = rows["SQLite"]["query"], rows["PostgreSQL"]["query"]
    lines += ["", f"PostgreSQL / SQLite search: {p['search_p50_ms'] / s['search_p50_ms']:.1f}× at p50, "
              f"{p['search_p95_ms'] / s['search_p95_ms']:.1f}× at p95."]
    text = "\n".join(lines) + "\n"
    print(text)
    if a.out:
        with open(a.out, "w", encoding="utf-8") as f:
            f.write(text)


if __name__ == "__main__":
    main()
