"""Import benchmark: placings/s and peak memory on SQLite and PostgreSQL, beside a raw-SQL baseline.

    python -m bench.import_bench [PLACINGS ...]      (default: 100000 1000000)

For each size it writes a synthetic file (bench/generate.py) and a corrected copy (every 100th
placing's mark changed), then per engine, each step in its own process so that its peak RSS is
its own:

- import:     what `podium import` does (write lock, digest check, `import_rows`, revision bump)
              into an empty migrated database (countries and disciplines loaded);
- re-import:  the same file again (must report 0 created, 0 updated): nothing was written
              since, so the file's digest answers (app/imports/digest.py);
- re-import after a write: the same file once more after an unrelated write moved the data
              revision on, so every row is read and compared (0 created, 0 updated);
- corrected:  the corrected copy (must update exactly the changed placings, one ledger row each);
- raw:        the baseline: the same file loaded into another empty database of the same schema
              by plain SQL — rows streamed into a staging table (COPY / executemany, as the
              importer does), then one INSERT ... SELECT per table — without any validation,
              identity resolution, mark parsing, ledger or duplicate checks.

Set PODIUM_BENCH_POSTGRES_URL (default postgresql://postgres@127.0.0.1:5432/test) for the
server; scratch databases are created and dropped on it. PODIUM_BENCH_ENGINES=sqlite limits
the engines.
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
ENGINES = os.environ.get("PODIUM_BENCH_ENGINES", "sqlite,postgresql").split(",")
CORRECT_EVERY = 100


def corrected_copy(source: Path, target: Path) -> int:
    """Copy `source`, changing the mark of every CORRECT_EVERY-th placing that has one."""
    changed = 0
    with (
        source.open(encoding="utf-8", newline="") as inp,
        target.open("w", encoding="utf-8", newline="") as out,
    ):
        reader = csv.reader(inp)
        writer = csv.writer(out, lineterminator="\n")
        header = next(reader)
        writer.writerow(header)
        mark = header.index("mark")
        for i, record in enumerate(reader):
            if i % CORRECT_EVERY == 0 and record[mark]:
                last = record[mark][-1]
                record[mark] = record[mark][:-1] + ("1" if last == "0" else "0")
                changed += 1
            writer.writerow(record)
    return changed


# -- children ------------------------------------------------------------------------------


def prepare(url: str) -> None:
    from alembic import command
    from sqlalchemy.orm import Session

    from app.cli import alembic_config
    from app.core.db import make_sync_engine
    from app.imports.seed import load_reference

    command.upgrade(alembic_config(url), "head")
    engine = make_sync_engine(url)
    with Session(engine) as session, session.begin():
        load_reference(session)
    engine.dispose()


def child_import(url: str, path: str, touch: bool = False) -> dict[str, object]:
    """What `podium import` does: the write lock, the digest check, the import, the revision
    bump when something changed. `touch`: first an unrelated write (the revision moves on), so
    the file is read and compared in full."""
    from sqlalchemy.orm import Session

    from app.core.db import make_sync_engine
    from app.core.sync import bump_revision_sync, lock_for_write_sync
    from app.imports.digest import CHUNK, file_digest, import_once, wrote
    from app.imports.importer import import_rows
    from app.imports.rows import read_csv

    engine = make_sync_engine(url)
    if touch:
        with Session(engine) as session, session.begin():
            bump_revision_sync(session)
    started = time.perf_counter()
    with open(path, "rb") as raw:
        digest = file_digest("csv", iter(lambda: raw.read(CHUNK), b""))
    with Session(engine) as session, session.begin(), open(path, encoding="utf-8", newline="") as f:
        lock_for_write_sync(session, 10.0)
        report = import_once(
            session, digest, lambda: import_rows(session, read_csv(f), actor="bench")
        )
        if wrote(report):
            bump_revision_sync(session)
    elapsed = time.perf_counter() - started
    engine.dispose()
    return {"seconds": elapsed, "report": report}


RAW_COLUMNS = ["competition", "competition_name", "series", "year", "city", "start_date",
               "end_date", "discipline", "sex", "phase", "heat", "round_date", "place",
               "athlete", "athlete_sex", "country", "mark", "status", "qualification"]  # fmt: skip


def child_raw(url: str, path: str) -> dict[str, object]:
    """The baseline: plain SQL, no validation (see the module docstring)."""
    from sqlalchemy import Column, Integer, MetaData, Table, Text
    from sqlalchemy.orm import Session

    from app.core.db import make_sync_engine
    from app.imports.staging import Loader

    meta = MetaData()
    raw = Table("raw_row", meta, Column("n", Integer), *(Column(c, Text) for c in RAW_COLUMNS),
                prefixes=["TEMPORARY"])  # fmt: skip
    members = Table("raw_member", meta, Column("n", Integer), Column("leg", Integer),
                    Column("name", Text), Column("sex", Text), Column("country", Text),
                    prefixes=["TEMPORARY"])  # fmt: skip
    engine = make_sync_engine(url)
    started = time.perf_counter()
    with Session(engine) as session, session.begin(), open(path, encoding="utf-8", newline="") as f:
        connection = session.connection()
        raw.create(connection)
        members.create(connection)
        rows, team = Loader(connection, raw), Loader(connection, members)
        reader = csv.reader(f)
        header = next(reader)
        index = [header.index(c) for c in RAW_COLUMNS]
        relay, country, sex = (header.index(c) for c in ("relay_members", "country", "sex"))
        for n, record in enumerate(reader, 1):
            rows.add((n, *(record[i] or None for i in index)))
            if record[relay]:
                for leg, name in enumerate(record[relay].split(";"), 1):
                    team.add((n, leg, name, record[sex], record[country]))
        rows.flush()
        team.flush()
        for statement in RAW_SQL:
            connection.execute(text(statement))
    elapsed = time.perf_counter() - started
    engine.dispose()
    return {"seconds": elapsed}


SLUG = "lower(replace({0}, ' ', '-'))"
RAW_SQL = [
    """INSERT INTO competition (slug, name, series, year, city, start_date, end_date, sources)
       SELECT competition, min(competition_name), min(series), CAST(min(year) AS INTEGER),
              min(city), CAST(min(start_date) AS DATE), CAST(min(end_date) AS DATE), CAST('[]' AS JSON)
       FROM raw_row WHERE competition NOT IN (SELECT slug FROM competition)
       GROUP BY competition""",
    """INSERT INTO event (competition_id, discipline_code, sex, sources)
       SELECT c.id, r.discipline, r.sex, CAST('[]' AS JSON)
       FROM (SELECT DISTINCT competition, discipline, sex FROM raw_row) r
       JOIN competition c ON c.slug = r.competition""",
    """INSERT INTO round (event_id, slug, phase, heat, date)
       SELECT e.id, r.phase || CASE WHEN r.heat IS NULL THEN '' ELSE '-' || r.heat END,
              r.phase, CAST(r.heat AS INTEGER), CAST(min(r.round_date) AS DATE)
       FROM raw_row r JOIN competition c ON c.slug = r.competition
       JOIN event e ON e.competition_id = c.id AND e.discipline_code = r.discipline
                   AND e.sex = r.sex
       GROUP BY e.id, r.phase, r.heat""",
    f"""INSERT INTO athlete (slug, name, name_folded, sex, country_code)
       SELECT {SLUG.format("name")}, name, lower(name), sex, min(country) FROM (
           SELECT athlete AS name, athlete_sex AS sex, country FROM raw_row
           WHERE athlete IS NOT NULL
           UNION ALL SELECT name, sex, country FROM raw_member) people
       GROUP BY name, sex""",
    f"""INSERT INTO "placing" (round_id, athlete_id, country_code, place, mark, status,
                            qualification, records)
       SELECT ro.id, a.id, r.country, CAST(r.place AS INTEGER), r.mark, r.status,
              r.qualification, ''
       FROM raw_row r JOIN competition c ON c.slug = r.competition
       JOIN event e ON e.competition_id = c.id AND e.discipline_code = r.discipline
                   AND e.sex = r.sex
       JOIN round ro ON ro.event_id = e.id
                    AND ro.slug = r.phase || CASE WHEN r.heat IS NULL THEN '' ELSE '-' || r.heat END
       LEFT JOIN athlete a ON a.slug = {SLUG.format("r.athlete")} AND r.athlete IS NOT NULL
       ORDER BY r.n""",
    f"""INSERT INTO relay_member (placing_id, athlete_id, leg)
       SELECT p.id, a.id, m.leg FROM raw_member m JOIN raw_row r ON r.n = m.n
       JOIN competition c ON c.slug = r.competition
       JOIN event e ON e.competition_id = c.id AND e.discipline_code = r.discipline
                   AND e.sex = r.sex
       JOIN round ro ON ro.event_id = e.id
                    AND ro.slug = r.phase || CASE WHEN r.heat IS NULL THEN '' ELSE '-' || r.heat END
       JOIN "placing" p ON p.round_id = ro.id AND p.athlete_id IS NULL AND p.country_code = r.country
       JOIN athlete a ON a.slug = {SLUG.format("m.name")}""",
]


def child(argv: list[str]) -> None:
    step, url, path = argv
    if step == "prepare":
        prepare(url)
        result: dict[str, object] = {}
    elif step == "raw":
        result = child_raw(url, path)
    else:
        result = child_import(url, path, touch=step == "touch-import")
    print(json.dumps(result, default=str))


# -- parent --------------------------------------------------------------------------------


def run_child(step: str, url: str, path: Path) -> tuple[dict[str, object], float]:
    """Run one step in a child process; its JSON result and its own peak RSS in MB."""
    command = [sys.executable, "-m", "bench.import_bench", "--child", step, url, str(path)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as process:
        output = process.stdout.read() if process.stdout else ""
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"{step} failed: {output[-2000:]}")
    return json.loads(output.strip().splitlines()[-1]), usage.ru_maxrss / 1024


def scratch(engine: str, tmp: str) -> tuple[str, str | None]:
    if engine == "sqlite":
        return f"sqlite:///{tmp}/bench-{uuid.uuid4().hex[:8]}.db", None
    name = f"podium_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(sync_url(PG), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    return make_url(sync_url(PG)).set(database=name).render_as_string(hide_password=False), name


def drop(name: str | None) -> None:
    if name is None:
        return
    admin = create_engine(sync_url(PG), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2:])
        return
    sizes = [int(a) for a in sys.argv[1:]] or [100_000, 1_000_000]
    print("| placings | engine | step | seconds | rows/s | x raw | peak RSS MB | report |")
    print("|---:|---|---|---:|---:|---:|---:|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            path = Path(tmp) / f"synthetic-{size}.csv"
            fixed = Path(tmp) / f"synthetic-{size}-corrected.csv"
            subprocess.run(
                [sys.executable, "-m", "bench.generate", str(path), str(size)], check=True
            )
            corrected_copy(path, fixed)
            for engine in ENGINES:
                results: list[tuple[str, dict[str, object], float]] = []
                url, name = scratch(engine, tmp)
                raw_url, raw_name = scratch(engine, tmp)
                try:
                    for step, target, file in (("import", url, path), ("re-import", url, path),
                                               ("re-import after a write", url, path),
                                               ("corrected", url, fixed), ("raw", raw_url, path)):  # fmt: skip
                        if step in ("import", "raw"):
                            run_child("prepare", target, file)
                        kind = {"raw": "raw", "re-import after a write": "touch-import"}
                        result, peak = run_child(kind.get(step, "import"), target, file)
                        results.append((step, result, peak))
                finally:
                    drop(name)
                    drop(raw_name)
                raw_seconds = float(results[-1][1]["seconds"])  # type: ignore[arg-type]
                for step, result, peak in results:
                    seconds = float(result["seconds"])  # type: ignore[arg-type]
                    report = result.get("report")
                    if isinstance(report, dict):
                        report = json.dumps(
                            {k: v for k, v in report.items() if v}, separators=(",", ":")
                        )
                    ratio = raw_seconds / seconds if step != "raw" else 1.0
                    print(f"| {size:,} | {engine} | {step} | {seconds:.1f} | {size / seconds:,.0f} "
                          f"| {ratio:.2f} | {peak:.0f} | {report or ''} |", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
