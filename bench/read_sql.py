"""Every SQL statement Podium runs for each headline read, timed on the bare driver, with plans.

    PYTHONPATH=<podium source> python bench/read_sql.py DATABASE_URL OUT.md

Serves each headline path in process (httpx's ASGI transport; Podium's response cache off, so
the recorded request runs its statements) while recording the statements the engine sends
(SQLAlchemy `before_cursor_execute`), then runs each recorded
statement with its recorded parameters on a plain driver connection (`sqlite3` / psycopg 3):
the median of 15 runs in ms, beside the hand-written statement of the baseline app
(bench/baseline_app.py) for the same question. Writes a Markdown report with the plans
(SQLite `EXPLAIN QUERY PLAN`, PostgreSQL `EXPLAIN (ANALYZE)`) and prints a summary table.
Run as a file, not a module, so that `app` is imported from the source tree being measured.
"""

import asyncio
import logging
import re
import sqlite3
import statistics
import sys
import time
from collections import Counter
from typing import Any

import baseline_app as base  # bench/ is this script's directory
import httpx
from sqlalchemy import event

from app.main import create_app

# path -> (label, baseline statements with their parameters)
QUESTIONS: list[tuple[str, str, list[tuple[str, dict[str, Any]]]]] = [
    ("cabinet", "/v1/athletes/josh-kerr/medals",
     [(base.CABINET, {"athlete": "@josh-kerr"})]),
    ("medallists", "/v1/medallists?discipline=1500m&series=olympic-games&min_editions=2",
     [(base.MEDALLISTS, {"discipline": "1500m", "series": "olympic-games", "min_editions": 2,
                         "limit": 50, "offset": 0})]),
    ("medal table (all time)", "/v1/medal-table", [(base.MEDAL_TABLE.format(where=""), {})]),
    ("medal table (competition)", "/v1/competitions/olympic-games-2024/medal-table",
     [(base.MEDAL_TABLE.format(where="AND c.slug = :competition"),
       {"competition": "olympic-games-2024"})]),
    ("round results", "/v1/competitions/olympic-games-2024/events/men-1500m/rounds/final",
     [(base.ROUND, {"competition": "olympic-games-2024", "sex": "men", "discipline": "1500m",
                    "round": "final"}),
      (base.PLACINGS, {"round": "#round"})]),
    ("head-to-head", "/v1/athletes/josh-kerr/head-to-head/jakob-ingebrigtsen",
     [(base.SHARED, {"athlete": "@josh-kerr", "other": "@jakob-ingebrigtsen"})]),
    ("athlete search", "/v1/athletes?q=kip",
     [(base.SEARCH, {"pattern": "%kip%", "limit": 50, "offset": 0})]),
    ("competition page", "/v1/competitions/olympic-games-2024",
     [(base.COMPETITION, {"slug": "olympic-games-2024"}), (base.EVENTS, {"id": "#competition"})]),
    ("event page", "/v1/competitions/olympic-games-2024/events/men-1500m",
     [(base.EVENT, {"competition": "olympic-games-2024", "sex": "men", "discipline": "1500m"}),
      (base.ROUNDS, {"event": "#event"})]),
]  # fmt: skip
RUNS = 15


class Driver:
    """A plain DBAPI connection to the benchmark database."""

    def __init__(self, url: str) -> None:
        self.sqlite = url.startswith("sqlite")
        if self.sqlite:
            self.connection: Any = sqlite3.connect(url.split(":///", 1)[1])
        else:
            import psycopg

            plain = re.sub(r"^postgres(ql)?(\+\w+)?://", "postgresql://", url)
            self.connection = psycopg.connect(plain, autocommit=True)

    def run(self, sql: str, params: Any) -> list[Any]:
        cursor = self.connection.execute(sql, params)
        return list(cursor.fetchall()) if cursor.description else []

    def median_ms(self, sql: str, params: Any) -> float:
        self.run(sql, params)
        runs = []
        for _ in range(RUNS):
            started = time.perf_counter()
            self.run(sql, params)
            runs.append((time.perf_counter() - started) * 1000)
        return statistics.median(runs)

    def plan(self, sql: str, params: Any) -> str:
        if self.sqlite:
            rows = self.run("EXPLAIN QUERY PLAN " + sql, params)
            depth: dict[int, int] = {0: 0}
            lines = []
            for node, parent, _, detail in rows:
                depth[node] = depth.get(parent, 0) + 1
                lines.append("  " * (depth[node] - 1) + detail)
            return "\n".join(lines)
        return "\n".join(r[0] for r in self.run("EXPLAIN (ANALYZE, BUFFERS OFF) " + sql, params))


# Ids the baseline statements take, looked up once: Paris 2024, its men's 1500m and final.
LOOKUPS = {
    "#competition": "SELECT id FROM competition WHERE slug = 'olympic-games-2024'",
    "#event": "SELECT e.id FROM event e JOIN competition c ON c.id = e.competition_id"
    " WHERE c.slug = 'olympic-games-2024' AND e.sex = 'men' AND e.discipline_code = '1500m'",
}
LOOKUPS["#round"] = (
    f"SELECT id FROM round WHERE slug = 'final' AND event_id = ({LOOKUPS['#event']})"
)


def baseline_params(driver: Driver, params: dict[str, Any]) -> dict[str, Any]:
    """The baseline's parameters with `@slug` (an athlete) and `#...` (LOOKUPS) as ids."""
    out = {}
    for key, value in params.items():
        if isinstance(value, str) and value.startswith("@"):
            sql = "SELECT id FROM athlete WHERE slug = " + ("?" if driver.sqlite else "%s")
            value = driver.run(sql, (value[1:],))[0][0]
        elif isinstance(value, str) and value.startswith("#"):
            value = driver.run(LOOKUPS[value], ())[0][0]
        out[key] = value
    return out


DRIVER_CALLS: Counter[str] = Counter()  # awaited driver calls in the current request
CALLS: dict[str, int] = {}  # per path: aiosqlite thread hops / psycopg awaited calls


def count_driver_calls() -> None:
    """Count the driver calls a request awaits: on SQLite each is a round trip to aiosqlite's
    worker thread (`Connection._execute`); on PostgreSQL each awaited psycopg call."""
    import aiosqlite.core

    targets: list[tuple[Any, str]] = [(aiosqlite.core.Connection, "_execute")]
    try:
        import psycopg

        for name in ("execute", "fetchone", "fetchmany", "fetchall"):
            targets.append((psycopg.AsyncCursor, name))
        for name in ("commit", "rollback", "close", "execute"):
            targets.append((psycopg.AsyncConnection, name))
    except ImportError:  # pragma: no cover
        pass
    for owner, name in targets:
        if getattr(getattr(owner, name), "counted", False):
            continue
        original = getattr(owner, name)

        def counted(*args: Any, _original: Any = original, _key: str = name, **kw: Any) -> Any:
            DRIVER_CALLS[_key] += 1
            return _original(*args, **kw)

        counted.counted = True  # type: ignore[attr-defined]
        setattr(owner, name, counted)


async def record(url: str) -> dict[str, list[tuple[str, Any]]]:
    """The statements (text, parameters) each headline path runs, in order."""
    import os

    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("ACCESS_LOG", "false")
    # The statements of an answer not yet in Podium's response cache: with the cache on, the
    # recorded (second) request would be answered from memory and run none.
    os.environ["RESPONSE_CACHE_ENTRIES"] = "0"
    app = create_app()
    logging.getLogger("httpx").setLevel(logging.WARNING)
    seen: list[tuple[str, Any]] = []

    def listen(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        seen.append((statement, parameters))

    for engine in app.state.database.statement_engines():
        event.listen(engine, "before_cursor_execute", listen)
    count_driver_calls()
    out: dict[str, list[tuple[str, Any]]] = {}
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://podium") as client:
        for _label, path, _ in QUESTIONS:
            await client.get(path)  # warm: statements built, caches filled
            seen.clear()
            DRIVER_CALLS.clear()
            response = await client.get(path)
            response.raise_for_status()
            out[path] = list(seen)
            CALLS[path] = sum(DRIVER_CALLS.values())
    await app.state.database.dispose()
    return out


def main() -> None:
    url, out_path = sys.argv[1], sys.argv[2]
    recorded = asyncio.run(record(url))
    driver = Driver(url)
    engine = "SQLite" if driver.sqlite else "PostgreSQL"
    report = [f"### {engine}\n"]
    summary = []
    for label, path, baseline in QUESTIONS:
        statements = recorded[path]
        times = [driver.median_ms(sql, params) for sql, params in statements]
        base_times = []
        report.append(f"#### {label}: `GET {path}`\n")
        for i, ((sql, params), ms) in enumerate(zip(statements, times, strict=True), 1):
            report.append(f"Podium statement {i} of {len(statements)}: **{ms:.2f} ms**\n")
            report.append(f"```sql\n{sql.strip()}\n```\nparameters: `{params!r}`\n")
            report.append(f"```\n{driver.plan(sql, params)}\n```\n")
        for sql, params in baseline:
            text = sql if driver.sqlite else base.pyformat(sql)
            bound = baseline_params(driver, params)
            ms = driver.median_ms(text, bound)
            base_times.append(ms)
            report.append(f"Baseline statement (bench/baseline_app.py): **{ms:.2f} ms**\n")
            report.append(f"```\n{driver.plan(text, bound)}\n```\n")
        slowest = max(times, default=0.0)
        summary.append((label, len(statements), CALLS[path], sum(times), slowest, sum(base_times)))
    with open(out_path, "w", encoding="utf-8") as stream:
        stream.write("\n".join(report))
    print(f"\n{engine}: SQL per question, median of {RUNS} runs on the bare driver (ms)")
    print(
        f"{'question':<28} {'statements':>10} {'driver calls':>12} {'sum ms':>8} {'slowest':>8} "
        f"{'baseline':>9}"
    )
    for label, count, calls, total, slowest, baseline_ms in summary:
        print(
            f"{label:<28} {count:>10} {calls:>12} {total:>8.2f} {slowest:>8.2f} {baseline_ms:>9.2f}"
        )


if __name__ == "__main__":
    main()
