"""Query benchmark: the headline medal questions over a large synthetic data set, with and
without the partial medal index (the baseline, measured in the same run).

    python -m bench.query_bench [PLACINGS]     (default 200000)

Imports a synthetic file (bench/generate.py) into SQLite and PostgreSQL, then times each
question through the service layer (median of 20 runs, ms), drops `ix_placing_medal`, and times
them again.
"""

import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from sqlalchemy import text

from app.core.db import Database
from app.core.pagination import PageParams
from app.medals import service
from app.medals.definition import MedalFilters


async def _cabinet(session: Any, slug: str) -> Any:
    return await service.cabinet(session, slug, MedalFilters())


QUESTIONS: dict[str, Callable[[Any], Awaitable[Any]]] = {
    "cabinet (one athlete)": lambda s: _cabinet(s, "athlete-men-00042"),
    "medallists >=3 editions, 1500m": lambda s: service.medallists(
        s, PageParams(limit=50, offset=0), 3, None, MedalFilters(discipline="1500m")
    ),
    "medallists >=5 editions, all": lambda s: service.medallists(
        s, PageParams(limit=50, offset=0), 5, None, MedalFilters()
    ),
    "medal table, all time": lambda s: service.medal_table(s, MedalFilters()),
}


async def time_questions(url: str) -> dict[str, float]:
    database = Database(url)
    out = {}
    try:
        for name, question in QUESTIONS.items():
            runs = []
            for _ in range(20):
                async with database.sessions() as session:
                    started = time.perf_counter()
                    await question(session)
                    runs.append((time.perf_counter() - started) * 1000)
            out[name] = statistics.median(runs)
    finally:
        await database.dispose()
    return out


async def drop_index(url: str) -> None:
    database = Database(url)
    async with database.engine.begin() as connection:
        await connection.execute(text("DROP INDEX ix_placing_medal"))
    await database.dispose()


def main() -> None:
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    from bench.import_bench import drop_pg, scratch_pg  # uses PODIUM_BENCH_POSTGRES_URL

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "synthetic.csv"
        subprocess.run([sys.executable, "-m", "bench.generate", str(path), str(size)], check=True)
        for engine in ("sqlite", "postgresql"):
            name = None
            url = f"sqlite:///{tmp}/q.db"
            if engine == "postgresql":
                name, url = scratch_pg()
            try:
                subprocess.run([sys.executable, "-m", "bench.import_one", url, str(path)],
                               check=True, capture_output=True)  # fmt: skip
                with_index = asyncio.run(time_questions(url))
                asyncio.run(drop_index(url))
                without = asyncio.run(time_questions(url))
            finally:
                if name:
                    drop_pg(name)
            print(f"\n{engine}, {size:,} placings: median ms of 20 runs")
            print(f"{'question':<34} {'with index':>11} {'no index':>10}")
            for question in QUESTIONS:
                print(f"{question:<34} {with_index[question]:>11.2f} {without[question]:>10.2f}")


if __name__ == "__main__":
    main()
