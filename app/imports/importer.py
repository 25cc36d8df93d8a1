"""The importer: one implementation behind `podium import` and `POST /v1/imports`.

It streams rows, validates each, and writes in batches inside the caller's transaction.
Every bad row is collected; if there is any, `ImportFailed` is raised after the whole file has
been read and the caller rolls the transaction back, so nothing is written. Re-importing the
same file changes nothing; a corrected file updates only the placings that differ and records
each changed field in the ledger.
"""

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from app.athletes.models import Athlete
from app.competitions.models import Competition, Event, Round
from app.core.errors import FieldError, Invalid
from app.imports.identity import AthleteIndex
from app.imports.rows import Row
from app.imports.validate import Clean, Reference, check_row
from app.reference.models import Country, Discipline
from app.results.ledger import as_text, changes, ledger_rows
from app.results.models import Placing, PlacingChange, RelayMember

BATCH = 5000
MAX_ERRORS = 1000
COMPARED = (
    "place",
    "mark",
    "mark_value",
    "status",
    "qualification",
    "records",
    "note",
    "country_code",
)
PLACING_COLUMNS = [
    Placing.id,
    Placing.round_id,
    Placing.athlete_id,
    *(getattr(Placing, c) for c in COMPARED),
]


class ImportFailed(Invalid):
    """The file has bad rows; nothing was written."""


def correction_ledger(
    placing_id: int, current: dict[str, Any], corrections: list[dict[str, Any]], actor: str
) -> list[dict[str, Any]]:
    """Ledger rows for a placing's history: each correction's `was` -> the value after it."""
    rows: list[dict[str, Any]] = []
    ordered = sorted(corrections, key=lambda c: c["date"])
    for i, correction in enumerate(ordered):
        for field, old in correction["was"].items():
            later = [c["was"][field] for c in ordered[i + 1 :] if field in c["was"]]
            key = "country_code" if field == "country" else field
            new = later[0] if later else current.get(key)
            rows += ledger_rows(
                placing_id,
                [(field, as_text(old), as_text(new))],
                correction["reason"],
                correction["date"],
                actor,
            )
    return rows


class Importer:
    def __init__(self, session: Session, actor: str, reason: str | None = None) -> None:
        self.session = session
        self.actor = actor
        self.reason = reason or f"corrected by import ({actor})"
        self.created: Counter[str] = Counter()
        self.updated: Counter[str] = Counter()
        self.unchanged = 0
        self.errors: list[FieldError] = []
        self.ref = Reference(
            countries=set(session.scalars(select(Country.code))),
            disciplines=dict(session.execute(select(Discipline.code, Discipline.unit)).all()),
        )
        self.competitions: dict[str, dict[str, Any]] = {}
        self.events: dict[tuple[int, str, str], int] = {}
        self.rounds: dict[tuple[int, str], int] = {}
        self.new_rounds: set[int] = set()
        self.loaded_rounds: set[int] = set()
        self.existing: dict[tuple[int, Any], dict[str, Any]] = {}
        self.seen: set[tuple[int, Any]] = set()
        self.athletes = AthleteIndex(session, self.created)

    def run(self, rows: Iterable[Row]) -> dict[str, Any]:
        batch: list[tuple[Row, Clean]] = []
        for row in rows:
            clean, errors = check_row(row, self.ref)
            if errors:
                self.errors.extend(errors)
            if len(self.errors) >= MAX_ERRORS:
                break
            if clean is not None:
                batch.append((row, clean))
            if len(batch) >= BATCH:
                self._write(batch)
                batch = []
        if batch:
            self._write(batch)
        if not self.errors:
            self._refresh_countries()
        if self.errors:
            count = len(self.errors)
            raise ImportFailed(f"{count} invalid value(s); nothing was written.", self.errors)
        return {
            "created": dict(self.created),
            "updated": dict(self.updated),
            "unchanged": self.unchanged,
        }

    def _refresh_countries(self) -> None:
        """An athlete's current country is the one of their latest placing."""
        latest = (
            select(Placing.country_code)
            .join(Round, Round.id == Placing.round_id)
            .join(Event, Event.id == Round.event_id)
            .join(Competition, Competition.id == Event.competition_id)
            .where(Placing.athlete_id == Athlete.id)
            .order_by(Competition.year.desc(), Competition.start_date.desc())
            .limit(1)
            .scalar_subquery()
        )
        has_placing = select(Placing.id).where(Placing.athlete_id == Athlete.id).exists()
        self.session.execute(update(Athlete).where(has_placing).values(country_code=latest))

    def _error(self, row: Row, name: str, message: str) -> None:
        self.errors.append(FieldError(field=row.where(name), message=message, line=row.line))

    def _competition_id(self, row: Row, data: dict[str, Any]) -> int | None:
        slug = data["slug"]
        if slug not in self.competitions:
            found = self.session.execute(
                select(Competition).where(Competition.slug == slug)
            ).scalar_one_or_none()
            self.competitions[slug] = {"id": found.id, **found.model_dump()} if found else {}
        known = self.competitions[slug]
        if not known:
            missing = [k for k in ("name", "series", "year") if k not in data]
            if missing:
                self._error(
                    row, "competition", f"new competition {slug!r} needs {', '.join(missing)}"
                )
                return None
            new_id = self.session.execute(
                insert(Competition).returning(Competition.id), [{"sources": [], **data}]
            ).scalar_one()
            self.competitions[slug] = {"id": new_id, **data}
            self.created["competitions"] += 1
            return int(new_id)
        diff = {k: v for k, v in data.items() if known.get(k) != v}
        if diff:
            self.session.execute(
                update(Competition).where(Competition.id == known["id"]).values(**diff)
            )
            known.update(diff)
            self.updated["competitions"] += 1
        return int(known["id"])

    def _event_id(self, competition_id: int, clean: Clean) -> int:
        key = (competition_id, clean.discipline, clean.sex.value)
        if key not in self.events:
            found = self.session.scalar(
                select(Event.id).where(
                    Event.competition_id == competition_id,
                    Event.discipline_code == clean.discipline,
                    Event.sex == clean.sex,
                )
            )
            if found is None:
                found = self.session.execute(
                    insert(Event).returning(Event.id),
                    [
                        {
                            "competition_id": competition_id,
                            "discipline_code": clean.discipline,
                            "sex": clean.sex,
                        }
                    ],
                ).scalar_one()
                self.created["events"] += 1
            self.events[key] = found
        return self.events[key]

    def _round_id(self, event_id: int, clean: Clean) -> int:
        key = (event_id, clean.round["slug"])
        if key not in self.rounds:
            found = self.session.execute(
                select(Round.id, Round.date, Round.wind).where(
                    Round.event_id == event_id, Round.slug == key[1]
                )
            ).first()
            if found is None:
                new_id = self.session.execute(
                    insert(Round).returning(Round.id), [{"event_id": event_id, **clean.round}]
                ).scalar_one()
                self.created["rounds"] += 1
                self.new_rounds.add(new_id)
                self.rounds[key] = new_id
            else:
                self.rounds[key] = found.id
                wanted = {k: clean.round[k] for k in ("date", "wind") if clean.round[k] is not None}
                if any(getattr(found, k) != v for k, v in wanted.items()):
                    self.session.execute(update(Round).where(Round.id == found.id).values(**wanted))
                    self.updated["rounds"] += 1
        return self.rounds[key]

    def _load_existing(self, round_ids: set[int]) -> None:
        wanted = round_ids - self.new_rounds - self.loaded_rounds
        if not wanted:
            return
        for row in self.session.execute(
            select(*PLACING_COLUMNS).where(Placing.round_id.in_(wanted))
        ).mappings():
            key = (
                row["round_id"],
                row["athlete_id"] if row["athlete_id"] else ("team", row["country_code"]),
            )
            self.existing[key] = dict(row)
        self.loaded_rounds |= wanted

    def _write(self, batch: list[tuple[Row, Clean]]) -> None:
        placed: list[tuple[Row, Clean, int, Any]] = []
        for row, clean in batch:
            competition_id = self._competition_id(row, clean.competition)
            if competition_id is None:
                continue
            round_id = self._round_id(self._event_id(competition_id, clean), clean)
            if clean.athlete is not None:
                athlete_id = self.athletes.resolve(clean.athlete, clean.placing["country_code"])
                if isinstance(athlete_id, str):
                    self._error(row, "athlete", athlete_id)
                    continue
                key: Any = athlete_id
            else:
                key = ("team", clean.placing["country_code"])
            if (round_id, key) in self.seen:
                self._error(row, "athlete", "appears twice in the same round")
                continue
            self.seen.add((round_id, key))
            placed.append((row, clean, round_id, key))
        self._load_existing({p[2] for p in placed})
        fresh = [p for p in placed if (p[2], p[3]) not in self.existing]
        for row, clean, round_id, key in placed:
            if (round_id, key) in self.existing:
                self._merge(row, clean, self.existing[(round_id, key)])
        self._insert(fresh)

    def _insert(self, fresh: list[tuple[Row, Clean, int, Any]]) -> None:
        if not fresh:
            return
        values = [
            {
                "round_id": rid,
                "athlete_id": key if not isinstance(key, tuple) else None,
                **clean.placing,
            }
            for _, clean, rid, key in fresh
        ]
        ids = (
            self.session.execute(
                insert(Placing).returning(Placing.id, sort_by_parameter_order=True), values
            )
            .scalars()
            .all()
        )
        self.created["placings"] += len(ids)
        ledger: list[dict[str, Any]] = []
        members: list[dict[str, Any]] = []
        for (row, clean, _, _), placing_id in zip(fresh, ids, strict=True):
            if clean.corrections:
                ledger += correction_ledger(
                    placing_id, clean.placing, clean.corrections, self.actor
                )
            members += self._members(row, clean, placing_id)
        if ledger:
            self.session.execute(insert(PlacingChange), ledger)
        if members:
            self.session.execute(insert(RelayMember), members)

    def _members(self, row: Row, clean: Clean, placing_id: int) -> list[dict[str, Any]]:
        out = []
        for i, member in enumerate(clean.members or []):
            athlete_id = self.athletes.resolve(member, clean.placing["country_code"])
            if isinstance(athlete_id, str):
                self._error(row, f"members.{i}", athlete_id)
                continue
            out.append({"placing_id": placing_id, "athlete_id": athlete_id, "leg": member["leg"]})
        return out

    def _merge(self, row: Row, clean: Clean, old: dict[str, Any]) -> None:
        new = {k: clean.placing[k] for k in COMPARED}
        diff = {k: v for k, v in new.items() if old.get(k) != v}
        placing_id = old["id"]
        changed = bool(diff)
        if diff:
            self.session.execute(update(Placing).where(Placing.id == placing_id).values(**diff))
            rows = ledger_rows(
                placing_id, changes(old, diff), self.reason, dt.date.today(), self.actor
            )
            if rows:
                self.session.execute(insert(PlacingChange), rows)
            old.update(diff)
        if clean.corrections:
            history = correction_ledger(placing_id, clean.placing, clean.corrections, self.actor)
            have = set(
                self.session.execute(
                    select(
                        PlacingChange.field, PlacingChange.effective_date, PlacingChange.new_value
                    ).where(PlacingChange.placing_id == placing_id)
                ).all()
            )
            missing = [
                h for h in history if (h["field"], h["effective_date"], h["new_value"]) not in have
            ]
            if missing:
                self.session.execute(insert(PlacingChange), missing)
                changed = True
        if clean.members is not None:
            members = self._members(row, clean, placing_id)
            current = set(
                self.session.execute(
                    select(RelayMember.athlete_id, RelayMember.leg).where(
                        RelayMember.placing_id == placing_id
                    )
                ).all()
            )
            if current != {(m["athlete_id"], m["leg"]) for m in members}:
                self.session.execute(
                    delete(RelayMember).where(RelayMember.placing_id == placing_id)
                )
                self.session.execute(insert(RelayMember), members)
                changed = True
        if changed:
            self.updated["placings"] += 1
        else:
            self.unchanged += 1


def import_rows(
    session: Session, rows: Iterable[Row], actor: str, reason: str | None = None
) -> dict[str, Any]:
    """Import rows inside the caller's transaction; raises ImportFailed listing every bad row."""
    return Importer(session, actor, reason).run(rows)


__all__ = ["Athlete", "ImportFailed", "import_rows"]
