"""`podium seed`: load the bundled, sourced data set (idempotent)."""

import json
from importlib import resources
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.imports.importer import import_rows
from app.imports.rows import read_json
from app.reference.models import Country, Discipline

REFERENCE_FILES = ("countries.json", "disciplines.json")


def _data(name: str) -> Any:
    return json.loads(resources.files("app.data").joinpath(name).read_text(encoding="utf-8"))


def _upsert(session: Session, model: Any, rows: list[dict[str, Any]]) -> int:
    """Insert missing rows by code and refresh changed ones; returns how many changed."""
    known = {r.code: r for r in session.scalars(select(model))}
    changed = 0
    for row in rows:
        current = known.get(row["code"])
        if current is None:
            session.add(model(**row))
            changed += 1
        elif any(getattr(current, k) != v for k, v in row.items()):
            session.execute(update(model).where(model.code == row["code"]).values(**row))
            changed += 1
    session.flush()
    return changed


def data_files() -> list[str]:
    """The bundled competition files, in a stable order."""
    names = [p.name for p in resources.files("app.data").iterdir() if p.name.endswith(".json")]
    return sorted(n for n in names if n not in REFERENCE_FILES)


def load_reference(session: Session) -> dict[str, Any]:
    """Countries and disciplines: what every import is checked against."""
    return {
        "countries": _upsert(session, Country, _data("countries.json")["countries"]),
        "disciplines": _upsert(session, Discipline, _data("disciplines.json")["disciplines"]),
    }


def seed(session: Session) -> dict[str, Any]:
    """Load reference data and every bundled competition file inside the caller's transaction."""
    report = load_reference(session)
    for name in data_files():
        report[name] = import_rows(session, read_json(_data(name)), actor=f"seed:{name}")
    return report
