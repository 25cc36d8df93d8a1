"""The read benchmark's database: the bundled data (`podium seed`) plus N synthetic placings
(bench/generate.py, editions 2050 onwards so that none shares a series and year with the bundled
ones), on SQLite or on a PostgreSQL database created for the run and dropped after it.

    python -m bench.read_db sqlite|postgresql [PLACINGS] [--dir DIR] [--source DIR]

builds one and prints its URL (kept: drop it with `python -m bench.read_db --drop NAME`).
Editions 2050-2100 (the importer accepts years up to 2100) hold about 1,010,000 synthetic
placings; a larger PLACINGS fails the import.
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import create_engine, make_url, text

from app.core.config import sync_url

PG_ADMIN = os.environ.get(
    "PODIUM_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
FIRST_YEAR = 2050
ROOT = Path(__file__).resolve().parent.parent


def pg_url(name: str) -> str:
    url = make_url(sync_url(PG_ADMIN)).set(database=name)
    return url.render_as_string(hide_password=False)


def pg_exists(name: str) -> bool:
    admin = create_engine(sync_url(PG_ADMIN), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        found = connection.scalar(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
        )
    admin.dispose()
    return found is not None


def pg_active(url: str) -> int:
    """Statements running on the database of `url` (0 for SQLite), this query aside."""
    if not url.startswith("postgres"):
        return 0
    import psycopg

    plain = make_url(sync_url(url)).set(drivername="postgresql")
    with psycopg.connect(plain.render_as_string(hide_password=False), autocommit=True) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            " AND state = 'active' AND pid <> pg_backend_pid()"
        ).fetchone()
    return int(row[0]) if row else 0


def create_pg(name: str) -> str:
    admin = create_engine(sync_url(PG_ADMIN), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        connection.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    return pg_url(name)


def drop_pg(name: str) -> None:
    admin = create_engine(sync_url(PG_ADMIN), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()


def podium(source: Path, url: str, *args: str) -> None:
    """Run the `podium` command from the source tree `source` on the database `url`."""
    command = [sys.executable, "-c", "from app.cli import main; main()", *args]
    env = {**os.environ, "DATABASE_URL": url, "PYTHONPATH": str(source)}
    subprocess.run(command, cwd=source, env=env, check=True, stdout=subprocess.DEVNULL)


def synthetic_file(directory: Path, placings: int) -> Path:
    from bench.generate import write

    path = directory / f"synthetic-{placings}-{FIRST_YEAR}.csv"
    if not path.exists():
        write(str(path) + ".part", placings, FIRST_YEAR)
        os.replace(str(path) + ".part", path)
    return path


def build(engine: str, placings: int, directory: Path, source: Path = ROOT) -> tuple[str, str]:
    """Build the database; (URL, PostgreSQL database name or SQLite file)."""
    if engine == "sqlite":
        name = str(directory / f"reads-{placings}.db")
        for suffix in ("", "-wal", "-shm"):
            Path(name + suffix).unlink(missing_ok=True)
        url = f"sqlite:///{name}"
    else:
        name = f"podium_bench_reads_{placings}"
        url = create_pg(name)
    started = time.perf_counter()
    podium(source, url, "migrate")
    podium(source, url, "seed")
    if placings:
        podium(source, url, "import", str(synthetic_file(directory, placings)))
    analyze = create_engine(sync_url(url))
    with analyze.begin() as connection:
        connection.execute(text("ANALYZE"))
    analyze.dispose()
    print(f"built {engine} ({placings:,} synthetic placings) in {time.perf_counter() - started:.0f} s",
          file=sys.stderr, flush=True)  # fmt: skip
    return url, name


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("engine", nargs="?", choices=["sqlite", "postgresql"])
    parser.add_argument("placings", nargs="?", type=int, default=1_000_000)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/podium-bench"))
    parser.add_argument("--source", type=Path, default=ROOT)
    parser.add_argument("--drop", metavar="NAME", help="drop a kept PostgreSQL bench database")
    args = parser.parse_args()
    if args.drop:
        drop_pg(args.drop)
        return
    args.dir.mkdir(parents=True, exist_ok=True)
    url, _ = build(args.engine, args.placings, args.dir, args.source.resolve())
    print(url)


if __name__ == "__main__":
    main()
