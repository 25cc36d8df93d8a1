"""`podium seed`: load the bundled, sourced data set (idempotent)."""

import datetime as dt
import json
from importlib import resources
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.competitions.models import Competition
from app.core.errors import PodiumError
from app.imports.digest import Digests, file_digest, placings_in, wrote
from app.imports.importer import import_rows
from app.imports.rows import read_json
from app.reference.models import Country, Discipline, Series

REFERENCE_FILES = ("countries.json", "disciplines.json", "series.json", "competitions.json")


def _raw(name: str) -> bytes:
    return resources.files("app.data").joinpath(*name.split("/")).read_bytes()


def _data(name: str) -> Any:
    return json.loads(_raw(name).decode("utf-8"))


def _upsert(session: Session, model: Any, rows: list[dict[str, Any]], key: str = "code") -> int:
    """Insert missing rows by `key` and refresh changed ones; returns how many changed."""
    known = {getattr(r, key): r for r in session.scalars(select(model))}
    column = getattr(model, key)
    changed = 0
    for row in rows:
        current = known.get(row[key])
        if current is None:
            session.add(model(**row))
            changed += 1
        elif any(_stored(getattr(current, k)) != _stored(v) for k, v in row.items()):
            session.execute(update(model).where(column == row[key]).values(**row))
            changed += 1
    session.flush()
    return changed


def _stored(value: Any) -> Any:
    """A stored value as the data files write it (dates as ISO text)."""
    return value.isoformat() if isinstance(value, dt.date) else value


def data_files() -> list[str]:
    """The bundled competition files (also in sub-folders such as `pages/`), in a stable order."""
    root = resources.files("app.data")
    names: list[str] = []
    folders: list[tuple[str, Any]] = [("", root)]
    while folders:
        prefix, folder = folders.pop()
        for entry in folder.iterdir():
            if entry.is_dir() and not entry.name.startswith(("_", ".")):
                folders.append((f"{prefix}{entry.name}/", entry))
            elif entry.name.endswith(".json"):
                names.append(f"{prefix}{entry.name}")
    return sorted(n for n in names if n not in REFERENCE_FILES)


def load_reference(session: Session) -> dict[str, Any]:
    """Countries, disciplines, series and competition headers: what imports are checked against."""
    return {
        "countries": _upsert(session, Country, _data("countries.json")["countries"]),
        "disciplines": _upsert(session, Discipline, _data("disciplines.json")["disciplines"]),
        "series": _upsert(session, Series, _data("series.json")["series"]),
        "competitions": _upsert(session, Competition, _competitions(), key="slug"),
    }


def _competitions() -> list[dict[str, Any]]:
    rows = _data("competitions.json")["competitions"]
    return [
        {**row, **{k: dt.date.fromisoformat(row[k]) for k in ("start_date", "end_date") if row[k]}}
        for row in rows
    ]


def seed(session: Session) -> dict[str, Any]:
    """Load reference data and every bundled competition file inside the caller's transaction,
    which bumps the data revision when anything changed (`changed(report)`).

    A file already imported at the current data revision and schema (app/imports/digest.py) is
    not read again, unless the reference data changed: a re-run of an unchanged seed reads
    none. Every file's digest is recorded at the revision the transaction leaves."""
    report: dict[str, Any] = load_reference(session)
    reference_changed = any(report.values())
    digests = Digests(session)
    imported: list[tuple[str, int]] = []
    for name in data_files():
        raw = _raw(name)
        digest = file_digest("json", [raw])
        known = None if reference_changed else digests.known(digest)
        if known is not None:
            report[name] = known
            continue
        try:
            rows = read_json(json.loads(raw.decode("utf-8")))
            report[name] = {**import_rows(session, rows, f"seed:{name}"), "already_imported": False}
        except PodiumError as error:
            error.detail = f"app/data/{name}: {error.detail}"
            raise
        imported.append((digest, placings_in(report[name])))
    bumped = changed(report)
    for digest, placings in imported:
        digests.remember(digest, placings, bumped)
    return report


def changed(report: dict[str, Any]) -> bool:
    """Whether a seed report changed anything (reference rows or any file's rows)."""
    return any(
        wrote(value) if isinstance(value, dict) else bool(value) for value in report.values()
    )
