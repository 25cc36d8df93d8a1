"""Import benchmark: placings/s and peak memory on SQLite and PostgreSQL, beside a baseline.

    python -m bench.import_bench [PLACINGS ...]      (default: 100000 1000000)

For each size it writes a synthetic file (bench/generate.py), then in a fresh process per
engine imports it into an empty migrated database, re-imports it (idempotent: 0 changes), and
reads the child's peak RSS. The baseline, measured in the same run, is the time to read the
same CSV with Python's csv module alone: the floor for any importer written in Python.
Set PODIUM_BENCH_POSTGRES_URL (default postgresql://postgres@127.0.0.1:5432/test) for the
server; a scratch database is created and dropped on it.
"""

import csv
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, make_url, text

from app.core.config import sync_url

PG = os.environ.get("PODIUM_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")


def csv_floor(path: Path) -> float:
    started = time.perf_counter()
    with path.open(encoding="utf-8", newline="") as stream:
        for _ in csv.reader(stream):
            pass
    return time.perf_counter() - started


def run_child(url: str, path: Path) -> tuple[dict[str, object], float]:
    """Run one import in a child process; its JSON report and its own peak RSS in MB."""
    command = [sys.executable, "-m", "bench.import_one", url, str(path)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as child:
        _, status, usage = os.wait4(child.pid, 0)
        output = child.stdout.read() if child.stdout else ""
        child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise RuntimeError(f"import failed: {output[-2000:]}")
    return json.loads(output.strip().splitlines()[-1]), usage.ru_maxrss / 1024


def scratch_pg() -> tuple[str, str]:
    name = f"podium_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(sync_url(PG), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    return name, make_url(sync_url(PG)).set(database=name).render_as_string(hide_password=False)


def drop_pg(name: str) -> None:
    admin = create_engine(sync_url(PG), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [100_000, 1_000_000]
    print(f"{'placings':>9} {'engine':>10} {'import s':>9} {'placings/s':>11} {'re-import s':>12} "
          f"{'unchanged':>10} {'peak RSS MB':>12} {'csv floor s':>12}")  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            path = Path(tmp) / f"synthetic-{size}.csv"
            subprocess.run(
                [sys.executable, "-m", "bench.generate", str(path), str(size)], check=True
            )
            floor = csv_floor(path)
            for engine in ("sqlite", "postgresql"):
                name = None
                if engine == "sqlite":
                    url = f"sqlite:///{tmp}/bench-{size}.db"
                else:
                    name, url = scratch_pg()
                try:
                    result, peak = run_child(url, path)
                finally:
                    if name:
                        drop_pg(name)
                seconds = float(result["seconds"])  # type: ignore[arg-type]
                print(f"{size:>9} {engine:>10} {seconds:>9.1f} {size / seconds:>11,.0f} "
                      f"{float(result['reimport_seconds']):>12.1f} {result['reimport_unchanged']:>10} "  # type: ignore[arg-type]
                      f"{peak:>12.0f} {floor:>12.2f}", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
