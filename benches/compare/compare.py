"""uptake against DuckDB on the same data, side by side in one run.

    python3 benches/compare/compare.py --events 10000000 [--uptake target/release/uptake]

Generates an organisation with `uptake generate --format parquet` (canonical events and
a roster), then times
  (a) uptake end to end: `ingest generic` of the events, `roster import`, then
      `metrics daily`, `metrics summary --by department` and `metrics lifecycle` to CSV;
  (b) DuckDB (from PyPI, in a virtual environment made beside this script) running the
      same definitions in SQL on the same files (duckdb_run.py) to the same three CSVs;
checks that the outputs are equal (integers exactly, rates within 1e-4: uptake writes 4
decimals) and prints both wall times, their ratio and both peak memories (the largest
resident set of any step, from /usr/bin/time). See README.md here.
"""

import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
DUCKDB = "duckdb==2.0.1"
# Events per person over a year in the generated organisation, to size it.
EVENTS_PER_PERSON = 350


def timed(cmd, **kw):
    """Runs cmd under /usr/bin/time; returns (seconds, peak RSS in bytes, stdout)."""
    start = time.perf_counter()
    r = subprocess.run(
        ["/usr/bin/time", "-f", "%M"] + cmd, capture_output=True, text=True, **kw
    )
    wall = time.perf_counter() - start
    if r.returncode != 0:
        sys.exit(f"failed ({r.returncode}): {' '.join(cmd)}\n{r.stderr[-3000:]}")
    peak_kb = int(r.stderr.strip().splitlines()[-1])
    return wall, peak_kb * 1024, r.stdout


def venv_python():
    venv = HERE / ".venv"
    py = venv / "bin" / "python"
    if not py.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(py), "-m", "pip", "install", "-q", DUCKDB], check=True)
    return str(py)


def same(a_path, b_path):
    """Whether two CSVs hold the same table; the first difference otherwise."""
    with open(a_path) as fa, open(b_path) as fb:
        a, b = list(csv.reader(fa)), list(csv.reader(fb))
    if a[0] != b[0]:
        return f"headers differ: {a[0]} vs {b[0]}"
    if len(a) != len(b):
        return f"{len(a) - 1} rows vs {len(b) - 1}"
    for i, (ra, rb) in enumerate(zip(a, b)):
        for col, x, y in zip(a[0], ra, rb):
            if x == y:
                continue
            try:
                if x != "" and y != "" and abs(float(x) - float(y)) <= 1e-4:
                    continue
            except ValueError:
                pass
            return f"row {i}, column {col}: {x!r} vs {y!r}"
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--events", type=int, default=1_000_000, help="about this many events")
    ap.add_argument("--people", type=int, help="head-count (default: events / 350)")
    ap.add_argument("--days", type=int, default=365)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--uptake", default=str(ROOT / "target/release/uptake"))
    ap.add_argument("--work", default=str(ROOT / "target/compare"))
    ap.add_argument("--keep", action="store_true", help="keep the generated data")
    args = ap.parse_args()
    people = args.people or max(args.events // EVENTS_PER_PERSON, 10)
    uptake = args.uptake
    work = Path(args.work) / f"{args.events}"
    data = work / "data"
    if not (data / "events.parquet").exists():
        shutil.rmtree(work, ignore_errors=True)
        t, m, _ = timed(
            [uptake, "generate", "--people", str(people), "--days", str(args.days),
             "--seed", str(args.seed), "--format", "parquet", "--out", str(data)]
        )
        print(f"generate: {t:.1f} s, {m / 2**20:.0f} MiB", file=sys.stderr)
    truth = json.loads((data / "truth.json").read_text())
    events, bots = truth["events"], truth["bot_events"]
    size = (data / "events.parquet").stat().st_size
    py = venv_python()
    # The as-of date: the simulation's last day, for both engines.
    query = (
        "import duckdb; c = duckdb.connect(); c.execute(\"SET TimeZone = 'UTC'\"); "
        # A query over 2 s draws a progress bar on stdout, where the date is read.
        "c.execute('SET enable_progress_bar = false'); "
        "print(c.execute(\"SELECT max(CAST(ts AS DATE)) FROM read_parquet("
        f"'{data}/events.parquet') WHERE NOT is_bot\").fetchone()[0])"
    )
    as_of = subprocess.run(
        [py, "-c", query], capture_output=True, text=True, check=True
    ).stdout.strip()

    # (a) uptake
    store = work / "store"
    up = work / "uptake-out"
    shutil.rmtree(store, ignore_errors=True)
    shutil.rmtree(up, ignore_errors=True)
    up.mkdir(parents=True)
    steps = [
        ("ingest", ["ingest", "generic", str(data / "events.parquet")]),
        ("roster", ["roster", "import", str(data / "roster.csv")]),
        ("daily", ["metrics", "daily", "--as-of", as_of, "--format", "csv",
                   "--out", str(up / "daily.csv")]),
        ("summary", ["metrics", "summary", "--by", "department", "--as-of", as_of,
                     "--format", "csv", "--out", str(up / "summary.csv")]),
        ("lifecycle", ["metrics", "lifecycle", "--as-of", as_of, "--format", "csv",
                       "--out", str(up / "lifecycle.csv")]),
    ]
    up_wall, up_peak, detail = 0.0, 0, []
    for name, cmd in steps:
        t, m, _ = timed([uptake, "--quiet", "--store", str(store)] + cmd)
        up_wall += t
        up_peak = max(up_peak, m)
        detail.append(f"{name} {t:.2f} s {m / 2**20:.0f} MiB")

    # (b) DuckDB
    dk = work / "duckdb-out"
    shutil.rmtree(dk, ignore_errors=True)
    dk.mkdir(parents=True)
    dk_wall, dk_peak, _ = timed(
        [py, str(HERE / "duckdb_run.py"), str(data / "events.parquet"),
         str(data / "roster.csv"), as_of, str(dk)]
    )

    diffs = {n: same(up / f"{n}.csv", dk / f"{n}.csv") for n in ("daily", "summary", "lifecycle")}
    equal = all(d is None for d in diffs.values())
    print(f"events {events:,} (+{bots:,} bot), people {people:,}, {args.days} days, "
          f"Parquet {size / 2**20:.0f} MiB, as of {as_of}")
    print(f"uptake: {up_wall:.2f} s, peak {up_peak / 2**20:.0f} MiB ({'; '.join(detail)})")
    print(f"duckdb: {dk_wall:.2f} s, peak {dk_peak / 2**20:.0f} MiB")
    print(f"ratio uptake/duckdb: {up_wall / dk_wall:.2f}")
    for n, d in diffs.items():
        print(f"  {n}.csv: {'equal' if d is None else 'DIFFERENT: ' + d}")
    print(f"outputs equal: {'yes' if equal else 'no'}")
    if not args.keep:
        shutil.rmtree(store, ignore_errors=True)
    sys.exit(0 if equal else 1)


if __name__ == "__main__":
    main()
