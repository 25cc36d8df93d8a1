"""Import one file into one database and print JSON timings (run in its own process so that
its peak RSS can be read): python -m bench.import_one DATABASE_URL FILE [--baseline]."""

import json
import sys
import time

from alembic import command
from sqlalchemy.orm import Session

from app.cli import alembic_config
from app.core.db import make_sync_engine
from app.imports.importer import import_rows
from app.imports.rows import read_csv
from app.imports.seed import load_reference


def main() -> None:
    url, path = sys.argv[1], sys.argv[2]
    command.upgrade(alembic_config(url), "head")
    engine = make_sync_engine(url)
    with Session(engine) as session, session.begin():
        load_reference(session)
    started = time.perf_counter()
    with Session(engine) as session, session.begin(), open(path, encoding="utf-8", newline="") as f:
        report = import_rows(session, read_csv(f), actor="bench")
    elapsed = time.perf_counter() - started
    again = time.perf_counter()
    with Session(engine) as session, session.begin(), open(path, encoding="utf-8", newline="") as f:
        second = import_rows(session, read_csv(f), actor="bench")
    reimport = time.perf_counter() - again
    engine.dispose()
    print(json.dumps({"seconds": elapsed, "report": report, "reimport_seconds": reimport,
                      "reimport_unchanged": second["unchanged"]}))  # fmt: skip


if __name__ == "__main__":
    main()
