"""The importer: one implementation behind `podium import` and `POST /v1/imports`.

It streams rows, validates each, and writes in batches inside the caller's transaction.
Every bad row is collected; if there is any, `ImportFailed` is raised after the whole file has
been read and the caller rolls the transaction back, so nothing is written. Re-importing the
same file changes nothing; a corrected file updates only the placings that differ and records
each changed field in the ledger (see app/imports/placings.py).
"""

from collections import Counter
from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from app.athletes.models import Athlete
from app.competitions.models import Competition, Event, Round
from app.core.errors import FieldError, Invalid
from app.imports.conflicts import competition_conflict
from app.imports.identity import AthleteIndex
from app.imports.placings import Item, PlacingWriter
from app.imports.rows import Row
from app.imports.validate import Clean, Reference, RowChecker
from app.reference.models import Country, Discipline
from app.results.models import Placing

BATCH = 5000
MAX_ERRORS = 1000
ANALYZE_AFTER = 1000  # placings created; smaller imports leave the statistics as they are
COMPETITION = Competition.__table__
EVENT = Event.__table__
ROUND = Round.__table__


class ImportFailed(Invalid):
    """The file has bad rows; nothing was written."""


class Importer:
    def __init__(self, session: Session, actor: str, reason: str | None = None) -> None:
        self.session = session
        self.connection = session.connection()
        self.counts: dict[str, Counter[str]] = {"created": Counter(), "updated": Counter()}
        self.errors: list[FieldError] = []
        self.checker = RowChecker(
            Reference(
                countries=set(session.scalars(select(Country.code))),
                disciplines=dict(session.execute(select(Discipline.code, Discipline.unit)).all()),
            )
        )
        self.competitions: dict[str, dict[str, Any]] = {}
        self.events: dict[tuple[int, str, str], int] = {}
        self.rounds: dict[tuple[int, str], int] = {}
        self.athletes = AthleteIndex(session, self.counts["created"])
        self.touched: set[int] = set()
        self.analyzed_at = 0
        self.placings = PlacingWriter(
            session, actor, reason or f"corrected by import ({actor})", self.counts
        )

    def run(self, rows: Iterable[Row]) -> dict[str, Any]:
        batch: list[tuple[Row, Clean]] = []
        for row in rows:
            clean, errors = self.checker.check(row)
            self.errors += errors
            if len(self.errors) >= MAX_ERRORS:
                break
            if clean is not None:
                batch.append((row, clean))
            if len(batch) >= BATCH:
                self._write(batch)
                batch = []
                self._refresh_statistics()
        if batch:
            self._write(batch)
        self.errors += self.placings.errors
        if self.errors:
            count = len(self.errors)
            raise ImportFailed(f"{count} invalid value(s); nothing was written.", self.errors)
        self._refresh_countries()
        if self.counts["created"]["placings"] >= ANALYZE_AFTER:
            self._analyze()
        return {
            "created": dict(self.counts["created"]),
            "updated": dict(self.counts["updated"]),
            "unchanged": self.placings.unchanged,
        }

    def _refresh_statistics(self) -> None:
        """Let PostgreSQL's planner see the rows this transaction added, as the import grows.

        A long import runs in one transaction, so autovacuum never sees its rows; the planner
        would keep treating the growing tables as empty and scan them. ANALYZE inside the
        transaction samples our own new rows too. It is repeated each time the import has
        doubled what it inserted since the last one.
        """
        if self.connection.dialect.name != "postgresql":
            return
        written = sum(self.counts["created"].values())
        if written < 2 * self.analyzed_at:
            return
        self.analyzed_at = max(written, 1)
        self._analyze()

    def _analyze(self) -> None:
        """Refresh planner statistics. SQLite has none until ANALYZE runs: without them the
        repeat-medallists query took 137 ms instead of 11 ms over 100,000 placings."""
        for table in ("athlete", "round", "placing", "relay_member", "placing_change"):
            self.connection.exec_driver_sql(f'ANALYZE "{table}"')

    def _error(self, row: Row, name: str, message: str) -> None:
        self.errors.append(FieldError(field=row.where(name), message=message, line=row.line))

    def _write(self, batch: list[tuple[Row, Clean]]) -> None:
        placed: list[tuple[Row, Clean, int]] = []
        for row, clean in batch:
            competition_id = self._competition_id(row, clean.competition)
            if competition_id is not None:
                placed.append((row, clean, self._event_id(competition_id, clean)))
        self._ensure_rounds(placed)
        items: list[Item] = []
        for row, clean, event_id in placed:
            round_id = self.rounds[(event_id, clean.round["slug"])]
            country = clean.placing["country_code"]
            if clean.athlete is not None:
                handle = self.athletes.resolve(clean.athlete, country)
                if isinstance(handle, str):
                    self._error(row, "athlete", handle)
                    continue
                items.append(Item(row, clean, round_id, handle))
                continue
            members = [(m, self.athletes.resolve(m, country)) for m in clean.members or []]
            bad = [(i, h) for i, (_, h) in enumerate(members) if isinstance(h, str)]
            for i, message in bad:
                self._error(row, f"members.{i}", str(message))
            if not bad:
                team = [{"athlete_id": h, "leg": m["leg"]} for m, h in members]
                items.append(Item(row, clean, round_id, ("team", country), team))
        self.athletes.flush()
        for item in items:
            if isinstance(item.key, dict):
                item.key = item.key["id"]
            if isinstance(item.key, int):
                self.touched.add(item.key)
            for member in item.members or []:
                if isinstance(member["athlete_id"], dict):
                    member["athlete_id"] = member["athlete_id"]["id"]
        self.placings.write(items, check_only=bool(self.errors or self.placings.errors))

    def _competition_id(self, row: Row, data: dict[str, Any]) -> int | None:
        slug = data["slug"]
        if slug not in self.competitions:
            found = (
                self.connection.execute(select(COMPETITION).where(COMPETITION.c.slug == slug))
                .mappings()
                .first()
            )
            self.competitions[slug] = dict(found) if found else {}
        known = self.competitions[slug]
        if not known:
            missing = [k for k in ("name", "series", "year") if k not in data]
            if missing:
                message = f"new competition {slug!r} needs {', '.join(missing)}"
                self._error(row, "competition", message)
                return None
            values = {"sources": [], **data}
            if self._clashes(row, slug, values):
                return None
            new_id = self.connection.execute(
                insert(COMPETITION).values(**values).returning(COMPETITION.c.id)
            ).scalar_one()
            self.competitions[slug] = {"id": new_id, **values}
            self.counts["created"]["competitions"] += 1
            return int(new_id)
        diff = {k: v for k, v in data.items() if known.get(k) != v}
        if {"series", "year"} & diff.keys() and self._clashes(row, slug, {**known, **diff}):
            return None
        if diff:
            where = COMPETITION.c.id == known["id"]
            self.connection.execute(update(COMPETITION).where(where).values(**diff))
            known.update(diff)
            self.counts["updated"]["competitions"] += 1
        return int(known["id"])

    def _clashes(self, row: Row, slug: str, values: dict[str, Any]) -> bool:
        """Another competition has this series and year: name the line instead of a 409."""
        clash = competition_conflict(self.connection, slug, values, values.get("id"))
        if clash:
            self._error(row, *clash)
        return clash is not None

    def _event_id(self, competition_id: int, clean: Clean) -> int:
        key = (competition_id, clean.discipline, clean.sex.value)
        if key not in self.events:
            values = {"competition_id": competition_id, "discipline_code": clean.discipline,
                      "sex": clean.sex}  # fmt: skip
            found = self.connection.execute(
                select(EVENT.c.id).filter_by(**values)
            ).scalar_one_or_none()
            if found is None:
                found = self.connection.execute(
                    insert(EVENT)
                    .values(**values, **{"sources": [], **clean.event})
                    .returning(EVENT.c.id)
                ).scalar_one()
                self.counts["created"]["events"] += 1
            elif clean.event:
                self._refresh_event(found, clean.event)
            self.events[key] = found
        return self.events[key]

    def _refresh_event(self, event_id: int, extras: dict[str, Any]) -> None:
        """Write the coverage, sources and notes a file gives for an event it finds stored."""
        stored = self.connection.execute(
            select(*(EVENT.c[k] for k in extras)).where(EVENT.c.id == event_id)
        ).one()
        diff = {k: v for k, v in extras.items() if stored._mapping[k] != v}
        if diff:
            self.connection.execute(update(EVENT).where(EVENT.c.id == event_id).values(**diff))
            self.counts["updated"]["events"] += 1

    def _ensure_rounds(self, placed: list[tuple[Row, Clean, int]]) -> None:
        """Find or create every round the batch needs: a few statements per batch, not per round."""
        wanted = {(event_id, clean.round["slug"]): clean.round for _, clean, event_id in placed}
        unknown = [key for key in wanted if key not in self.rounds]
        if not unknown:
            return
        columns = [ROUND.c.id, ROUND.c.event_id, ROUND.c.slug, ROUND.c.date, ROUND.c.wind]
        events = sorted({event_id for event_id, _ in unknown})
        stored = {}
        for start in range(0, len(events), 500):
            where = ROUND.c.event_id.in_(events[start : start + 500])
            for found in self.connection.execute(select(*columns).where(where)):
                stored[(found.event_id, found.slug)] = found
        new = {key for key in unknown if key not in stored}
        if new:
            values = [{"event_id": event_id, **wanted[(event_id, slug)]} for event_id, slug in new]
            statement = insert(ROUND).returning(ROUND.c.id, ROUND.c.event_id, ROUND.c.slug)
            for round_id, event_id, slug in self.connection.execute(statement, values):
                self.rounds[(event_id, slug)] = round_id
                self.placings.new_rounds.add(round_id)
            self.counts["created"]["rounds"] += len(new)
        for key in unknown:
            existing = stored.get(key)
            if existing is None:
                continue
            self.rounds[key] = existing.id
            data = wanted[key]
            changed = {k: data[k] for k in ("date", "wind") if data[k] is not None}
            if any(getattr(existing, k) != v for k, v in changed.items()):
                where = ROUND.c.id == existing.id
                self.connection.execute(update(ROUND).where(where).values(**changed))
                self.counts["updated"]["rounds"] += 1

    def _refresh_countries(self) -> None:
        """An athlete's current country is the one of their latest placing."""
        touched = sorted(self.touched)
        for start in range(0, len(touched), 500):
            chunk = touched[start : start + 500]
            newest = func.row_number().over(
                partition_by=Placing.athlete_id,
                order_by=(Competition.year.desc(), Competition.start_date.desc()),
            )
            ranked = (
                select(Placing.athlete_id, Placing.country_code, newest.label("newest"))
                .join(Round, Round.id == Placing.round_id)
                .join(Event, Event.id == Round.event_id)
                .join(Competition, Competition.id == Event.competition_id)
                .where(Placing.athlete_id.in_(chunk))
                .subquery()
            )
            statement = (
                update(Athlete)
                .where(Athlete.id == ranked.c.athlete_id, ranked.c.newest == 1)
                .where(Athlete.country_code.is_distinct_from(ranked.c.country_code))
                .values(country_code=ranked.c.country_code)
            )
            self.session.execute(statement.execution_options(synchronize_session=False))


def import_rows(
    session: Session, rows: Iterable[Row], actor: str, reason: str | None = None
) -> dict[str, Any]:
    """Import rows inside the caller's transaction; raises ImportFailed listing every bad row."""
    return Importer(session, actor, reason).run(rows)
