"""Experiment: the all-time medal table from a derived medal table, beside the live statement.

    python -m bench.derived_medals SQLITE_FILE POSTGRES_URL

On a read-benchmark database (bench/read_db.py), copies every medal placing (final, place 1-3,
status ok) with the columns the medal filters use into a temporary table, then times (median of
15) the all-time aggregate over it, without and with a covering index, on both engines. Nothing is
written to the database (temporary tables). docs/performance.md has the numbers and why the
derived table was not built.
"""

import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

import psycopg

BUILD = """
CREATE TEMP TABLE medal_derived AS
SELECT p.id AS placing_id, p.country_code, p.place, c.series, c.year, e.discipline_code, e.sex,
    c.id AS competition_id
FROM "placing" p JOIN round r ON r.id = p.round_id JOIN event e ON e.id = r.event_id
    JOIN competition c ON c.id = e.competition_id
WHERE p.place <= 3 AND p.status = 'ok' AND r.phase = 'final'"""
AGGREGATE = """
SELECT country_code, {g} AS gold, {s} AS silver, {b} AS bronze FROM medal_derived
WHERE series IN (SELECT code FROM series WHERE awards_medals)
GROUP BY country_code ORDER BY 2 DESC, 3 DESC, 4 DESC, country_code"""
SQLITE_AGGREGATE = AGGREGATE.format(g="sum(place = 1)", s="sum(place = 2)", b="sum(place = 3)")
PG_AGGREGATE = AGGREGATE.format(
    g="count(*) FILTER (WHERE place = 1)",
    s="count(*) FILTER (WHERE place = 2)",
    b="count(*) FILTER (WHERE place = 3)",
)
INDEX = "CREATE INDEX medal_derived_ix ON medal_derived (series, country_code, place)"


def median_ms(run: Callable[[], Any]) -> float:
    times = []
    for _ in range(15):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 2)


def main() -> None:
    sqlite_file, pg_url = sys.argv[1], sys.argv[2]
    lite = sqlite3.connect(sqlite_file)
    lite.execute(BUILD)
    rows = lite.execute("SELECT count(*) FROM medal_derived").fetchone()[0]
    print(f"sqlite: {rows:,} medal placings; aggregate {median_ms(lambda: lite.execute(SQLITE_AGGREGATE).fetchall())} ms")  # fmt: skip
    lite.execute(INDEX)
    print(f"sqlite: with covering index {median_ms(lambda: lite.execute(SQLITE_AGGREGATE).fetchall())} ms")  # fmt: skip
    pg = psycopg.connect(pg_url.replace("postgresql+psycopg://", "postgresql://"))
    pg.execute(BUILD)
    pg.execute("ANALYZE medal_derived")
    print(f"postgresql: aggregate {median_ms(lambda: pg.execute(PG_AGGREGATE).fetchall())} ms")
    pg.execute(INDEX)
    pg.execute("ANALYZE medal_derived")
    print(f"postgresql: with covering index {median_ms(lambda: pg.execute(PG_AGGREGATE).fetchall())} ms")  # fmt: skip
    pg.rollback()


if __name__ == "__main__":
    main()
