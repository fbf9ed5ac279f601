"""The rollup of one store on each engine: polars in uptake, Sail, Apache Spark in local mode.

    python3 benches/compare/rollup_engines.py --store /tmp/cmp/10000000/pst \
        [--engines local,sail,spark] [--uptake target/release/uptake]

For each engine, removes the store's rollup (so every day is stale) and times
`uptake rollup --engine ...` end to end; for sail and spark it first starts the server on
loopback (Sail from PyPI; Spark's own start-connect-server.sh from the pyspark wheel, with
`--master local[2]`, Java 17) and counts the server's start apart. Each rollup is kept,
and checked equal to the local one row for row (DuckDB, from the venv compare.py makes).
Prints one line per engine: wall time of the rollup, uptake's peak memory, the server's,
days and rows. Needs an uptake built with `--features spark`.
"""

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))
from compare import timed, venv_python  # noqa: E402

# Sail answers a version request with the version of the pyspark module beside it.
PYSAIL = "pysail==0.7.2 pyspark-client==4.2.0"
PYSPARK = "pyspark==4.3.0"
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port, seconds=180):
    start = time.time()
    while time.time() - start < seconds:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return time.time() - start
        except OSError:
            time.sleep(0.2)
    sys.exit(f"nothing listens on port {port} after {seconds} s")


def venv(name, packages):
    """A virtual environment under ~/.cache with packages (a space-separated list)."""
    path = CACHE / name
    py = path / "bin" / "python"
    if not py.exists() or subprocess.run([str(py), "-c", "import pyspark"]).returncode:
        subprocess.run([sys.executable, "-m", "venv", str(path)], check=True)
        subprocess.run(
            [str(py), "-m", "pip", "install", "-q", *packages.split()], check=True
        )
    return path


def peak_rss(pid):
    """The largest resident set of pid and its children so far, in bytes (VmHWM)."""
    total = 0
    pids = [str(pid)]
    try:
        out = subprocess.run(
            ["pgrep", "-P", str(pid)], capture_output=True, text=True
        ).stdout.split()
        pids += out
    except FileNotFoundError:
        pass
    for p in pids:
        try:
            for line in open(f"/proc/{p}/status"):
                if line.startswith("VmHWM:"):
                    total = max(total, int(line.split()[1]) * 1024)
        except OSError:
            pass
    return total


class Sail:
    def __init__(self):
        sail = venv("uptake-sail", PYSAIL) / "bin" / "sail"
        self.port = free_port()
        start = time.time()
        self.proc = subprocess.Popen(
            [str(sail), "spark", "server", "--ip", "127.0.0.1", "--port", str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(self.port)
        self.started = time.time() - start

    def peak(self):
        return peak_rss(self.proc.pid)

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait()


class Spark:
    """Spark Connect from the pyspark wheel, local[2], bound to loopback."""

    def __init__(self):
        env = venv("uptake-pyspark", PYSPARK)
        py = env / "bin" / "python"
        home = subprocess.run(
            [str(py), "-c", "import os, pyspark; print(os.path.dirname(pyspark.__file__))"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        self.home = Path(home)
        self.port = free_port()
        self.env = dict(os.environ, SPARK_HOME=home, SPARK_LOG_DIR=str(CACHE / "uptake-spark-logs"))
        self.env.setdefault("SPARK_DRIVER_MEMORY", "4g")
        start = time.time()
        subprocess.run(
            [
                "bash",
                str(self.home / "sbin" / "start-connect-server.sh"),
                "--master",
                "local[2]",
                "--driver-memory",
                self.env["SPARK_DRIVER_MEMORY"],
                "--conf",
                "spark.connect.grpc.binding.address=127.0.0.1",
                "--conf",
                f"spark.connect.grpc.binding.port={self.port}",
                "--conf",
                "spark.ui.enabled=false",
            ],
            env=self.env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        wait_for(self.port)
        self.started = time.time() - start

    def pid(self):
        out = subprocess.run(
            ["pgrep", "-f", "SparkConnectServer"], capture_output=True, text=True
        ).stdout.split()
        return int(out[0]) if out else None

    def peak(self):
        pid = self.pid()
        return peak_rss(pid) if pid else 0

    def stop(self):
        subprocess.run(
            ["bash", str(self.home / "sbin" / "stop-connect-server.sh")],
            env=self.env,
            stdout=subprocess.DEVNULL,
        )


def rollup(uptake, store, engine, summary, remote=None):
    shutil.rmtree(Path(store) / "rollup", ignore_errors=True)
    cmd = [uptake, "--store", str(store), "-q", "--summary-json", str(summary), "rollup"]
    cmd += ["--engine", "local" if engine == "local" else "spark"]
    if remote:
        cmd += ["--remote", remote]
    return timed(cmd)


def differences(duck_py, a, b):
    """Rows of one rollup missing from the other, both ways (0 means equal)."""
    sql = (
        "SELECT (SELECT count(*) FROM (SELECT * FROM read_parquet('{a}/date=*/part.parquet', "
        "hive_partitioning=true) EXCEPT ALL SELECT * FROM read_parquet('{b}/date=*/part.parquet', "
        "hive_partitioning=true))) + (SELECT count(*) FROM (SELECT * FROM read_parquet("
        "'{b}/date=*/part.parquet', hive_partitioning=true) EXCEPT ALL SELECT * FROM "
        "read_parquet('{a}/date=*/part.parquet', hive_partitioning=true)))"
    ).format(a=a, b=b)
    out = subprocess.run(
        [
            duck_py,
            "-c",
            "import duckdb; con = duckdb.connect(); "
            "con.execute('SET enable_progress_bar = false'); "
            f"print(con.sql({sql!r}).fetchall()[0][0])",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(out.stdout.strip())


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--store", required=True, help="an uptake store (its rollup is replaced)")
    ap.add_argument("--engines", default="local,sail,spark")
    ap.add_argument(
        "--uptake",
        default=str(
            Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target")) / "release" / "uptake"
        ),
    )
    args = ap.parse_args()
    store = Path(args.store).resolve()

    kept = {}
    print(f"store {store}")
    for engine in args.engines.split(","):
        server = {"sail": Sail, "spark": Spark}.get(engine)
        server = server() if server else None
        try:
            remote = f"sc://127.0.0.1:{server.port}" if server else None
            summary_file = store.parent / f"rollup-{engine}.json"
            wall, peak, _ = rollup(args.uptake, store, engine, summary_file, remote)
            summary = json.loads(summary_file.read_text())
            server_peak = server.peak() if server else 0
        finally:
            if server:
                server.stop()
        keep = store.parent / f"rollup-{engine}"
        shutil.rmtree(keep, ignore_errors=True)
        shutil.copytree(store / "rollup", keep)
        kept[engine] = keep
        r = summary.get("rollup") or {}
        started = f", server start {server.started:.1f} s" if server else ""
        print(
            f"{engine:6} rollup {wall:7.2f} s  uptake peak {peak / 2**20:6.0f} MiB  "
            f"server peak {server_peak / 2**20:6.0f} MiB  days {r.get('days')}  "
            f"rows {r.get('rows')}{started}",
            flush=True,
        )
    if "local" in kept:
        duck = venv_python()
        for engine, path in kept.items():
            if engine != "local":
                d = differences(duck, kept["local"], path)
                print(f"{engine} rollup vs local: {d} differing rows")
                if d:
                    sys.exit(1)


if __name__ == "__main__":
    main()
