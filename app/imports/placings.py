"""Writing placings from the staging tables: insert the new, merge the changed, ledger every
change.

New placings go in with one INSERT ... SELECT (their relay members with another). Placings
already stored are matched by one join per kind (athlete: round + athlete; team: round +
country); SQL returns only the ones that differ, and only those are updated, each changed
field with its own ledger row. A corrected re-import therefore costs one join plus work
proportional to the corrections.
"""

import datetime as dt
from collections import Counter, defaultdict
from typing import Any

from sqlalchemy import (
    Connection,
    Integer,
    and_,
    bindparam,
    cast,
    delete,
    except_,
    func,
    insert,
    or_,
    select,
    update,
)

from app.core.enums import Status
from app.core.tables import table_of
from app.imports.staging import MEMBERS, ROUNDS, ROWS, WHO
from app.results.ledger import as_text, changes, ledger_rows
from app.results.models import Placing, PlacingChange, RelayMember

COMPARED = ("place", "mark", "mark_value", "status", "qualification", "records", "note",
            "country_code")  # fmt: skip
PLACING = table_of(Placing)
LEDGER = table_of(PlacingChange)
MEMBER = table_of(RelayMember)
CHUNK = 500
ANALYZE_AFTER = 1000  # new placings; fewer leave the planner statistics as they are
MEMBER_WHO = WHO.alias("member_who")


def staged_values() -> dict[str, Any]:
    """The staged row's value of every compared placing column."""
    return {
        "place": cast(ROWS.c.place, Integer),
        "mark": ROWS.c.mark,
        "mark_value": ROWS.c.mark_value,
        "status": ROWS.c.status,
        "qualification": ROWS.c.qualification,
        "records": ROWS.c.records,
        "note": ROWS.c.note,
        "country_code": ROWS.c.country,
    }


def correction_ledger(
    placing_id: int, current: dict[str, Any], corrections: list[dict[str, Any]], actor: str
) -> list[dict[str, Any]]:
    """Ledger rows for a placing's history: each correction's `was` -> the value after it."""
    rows: list[dict[str, Any]] = []
    ordered = sorted(corrections, key=lambda c: c["date"])
    for i, correction in enumerate(ordered):
        for field, old in correction["was"].items():
            later = [c["was"][field] for c in ordered[i + 1 :] if field in c["was"]]
            new = (
                later[0] if later else current.get("country_code" if field == "country" else field)
            )
            diff = [(field, as_text(old), as_text(new))]
            rows += ledger_rows(placing_id, diff, correction["reason"], correction["date"], actor)
    return rows


class Writer:
    def __init__(
        self, connection: Connection, actor: str, reason: str, counts: dict[str, Counter[str]]
    ) -> None:
        self.c = connection
        self.actor = actor
        self.reason = reason
        self.created, self.updated_counts = counts["created"], counts["updated"]
        self.updated: set[int] = set()

    def _joined(self, team: bool) -> Any:
        """Staged rows joined to the stored placing they name (athletes or teams)."""
        joined = ROWS.join(ROUNDS, ROUNDS.c.rk == ROWS.c.rk)
        if team:
            return joined.join(
                PLACING,
                and_(
                    PLACING.c.round_id == ROUNDS.c.round_id,
                    PLACING.c.athlete_id.is_(None),
                    PLACING.c.country_code == ROWS.c.country,
                    ROWS.c.k.is_(None),
                ),
            )
        return joined.join(WHO, WHO.c.k == ROWS.c.k).join(
            PLACING,
            and_(PLACING.c.round_id == ROUNDS.c.round_id, PLACING.c.athlete_id == WHO.c.athlete_id),
        )

    def write(
        self,
        staged: int,
        existed: bool,
        corrections: dict[int, tuple[dict[str, Any], list[dict[str, Any]]]],
    ) -> int:
        """Write everything; returns how many staged placings were already stored as given."""
        self.before = self.c.execute(select(func.coalesce(func.max(PLACING.c.id), 0))).scalar_one()
        inserted = self._insert(existed)
        self.created["placings"] += inserted
        if inserted >= ANALYZE_AFTER and self.c.dialect.name == "postgresql":
            # The members' join finds the new team placings by id: with the statistics of the
            # table before the insert (often empty) PostgreSQL chose a nested loop that scanned
            # `placing` once per member (127 s of a 200k-row import; 2.5 s after ANALYZE,
            # the ANALYZE included).
            self.c.exec_driver_sql('ANALYZE "placing"')
        if inserted:
            self._insert_members()
        if existed:
            for team in (False, True):
                self._merge(team)
                if team:
                    self._merge_members()
        if corrections:
            self._history(corrections)
        self.updated_counts["placings"] += len(self.updated)
        return staged - inserted - len(self.updated)

    def _insert(self, existed: bool) -> int:
        values = staged_values()
        source = (
            select(ROUNDS.c.round_id, WHO.c.athlete_id, *values.values())
            .select_from(
                ROWS.join(ROUNDS, ROUNDS.c.rk == ROWS.c.rk).outerjoin(WHO, WHO.c.k == ROWS.c.k)
            )
            .order_by(ROWS.c.n)
        )
        if existed:
            stored = select(PLACING.c.id).where(
                PLACING.c.round_id == ROUNDS.c.round_id,
                or_(
                    and_(ROWS.c.k.is_not(None), PLACING.c.athlete_id == WHO.c.athlete_id),
                    and_(
                        ROWS.c.k.is_(None),
                        PLACING.c.athlete_id.is_(None),
                        PLACING.c.country_code == ROWS.c.country,
                    ),
                ),
            )
            source = source.where(or_(ROUNDS.c.existed.is_(None), ~stored.exists()))
        statement = insert(PLACING).from_select(["round_id", "athlete_id", *values], source)
        self.c.execute(statement)
        # Counted, not rowcount: psycopg's async adapter reports 0 after INSERT ... SELECT.
        inserted = select(func.count()).where(PLACING.c.id > self.before)
        return int(self.c.execute(inserted).scalar_one())

    def _staged_members(self) -> Any:
        return select(
            PLACING.c.id.label("placing_id"), MEMBER_WHO.c.athlete_id, MEMBERS.c.leg
        ).select_from(
            self._joined(team=True)
            .join(MEMBERS, MEMBERS.c.n == ROWS.c.n)
            .join(MEMBER_WHO, MEMBER_WHO.c.k == MEMBERS.c.k)
        )

    def _insert_members(self) -> None:
        source = self._staged_members().where(PLACING.c.id > self.before)
        self.c.execute(insert(MEMBER).from_select(["placing_id", "athlete_id", "leg"], source))

    def _merge(self, team: bool) -> None:
        """Update the stored placings that differ, field by field, ledgering each change."""
        values = staged_values()
        stored = [PLACING.c[name] for name in COMPARED]
        differs = or_(*(PLACING.c[name].is_distinct_from(v) for name, v in values.items()))
        statement = (
            select(PLACING.c.id, *stored, *(v.label(f"new_{k}") for k, v in values.items()))
            .select_from(self._joined(team))
            .where(PLACING.c.id <= self.before, differs)
        )
        updates: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
        ledger: list[dict[str, Any]] = []
        today = dt.date.today()
        for row in self.c.execute(statement).mappings():
            old = {name: row[name] for name in COMPARED}
            new = {name: row[f"new_{name}"] for name in COMPARED}
            new["status"] = Status(new["status"])
            diff = {k: v for k, v in new.items() if as_text(old[k]) != as_text(v)}
            if not diff:
                continue
            updates[tuple(sorted(diff))].append({"_id": row["id"], **diff})
            ledger += ledger_rows(row["id"], changes(old, diff), self.reason, today, self.actor)
            self.updated.add(row["id"])
        for fields, rows in updates.items():
            change = (
                update(PLACING)
                .where(PLACING.c.id == bindparam("_id"))
                .values({f: bindparam(f) for f in fields})
            )
            self.c.execute(change, rows)
        if ledger:
            self.c.execute(insert(LEDGER), ledger)

    def _merge_members(self) -> None:
        """Stored teams whose members differ from the file's: replace their members."""
        staged = self._staged_members().where(PLACING.c.id <= self.before)
        teams = (
            select(PLACING.c.id).select_from(self._joined(team=True))
            .where(PLACING.c.id <= self.before)
        )  # fmt: skip
        stored = select(MEMBER.c.placing_id, MEMBER.c.athlete_id, MEMBER.c.leg).where(
            MEMBER.c.placing_id.in_(teams)
        )
        found: set[int] = set()
        for one, other in ((staged, stored), (stored, staged)):
            differ = except_(one, other).subquery()
            found.update(self.c.execute(select(differ.c.placing_id)).scalars())
        ids = sorted(found)
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            self.c.execute(delete(MEMBER).where(MEMBER.c.placing_id.in_(chunk)))
            source = self._staged_members().where(PLACING.c.id.in_(chunk))
            self.c.execute(insert(MEMBER).from_select(["placing_id", "athlete_id", "leg"], source))
        self.updated.update(ids)

    def _history(self, corrections: dict[int, tuple[dict[str, Any], list[dict[str, Any]]]]) -> None:
        """The corrections a file gives (rare): ledger the ones not already there."""
        rows = sorted(corrections)
        ids: dict[int, int] = {}
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start : start + CHUNK]
            for team in (False, True):
                statement = (
                    select(ROWS.c.n, PLACING.c.id)
                    .select_from(self._joined(team))
                    .where(ROWS.c.n.in_(chunk))
                )
                ids.update(dict(self.c.execute(statement).all()))
        ledger: list[dict[str, Any]] = []
        for n in rows:
            pid = ids[n]
            current, history = corrections[n]
            entries = correction_ledger(pid, current, history, self.actor)
            if pid > self.before:
                ledger += entries
                continue
            have = set(
                self.c.execute(
                    select(LEDGER.c.field, LEDGER.c.effective_date, LEDGER.c.new_value).where(
                        LEDGER.c.placing_id == pid
                    )
                ).all()
            )
            missing = [
                h for h in entries if (h["field"], h["effective_date"], h["new_value"]) not in have
            ]
            if missing:
                ledger += missing
                self.updated.add(pid)
        if ledger:
            self.c.execute(insert(LEDGER), ledger)
