"""Writing placings in batches: insert the new, merge the changed, ledger every change.

New placings go in with one multi-row INSERT per batch (no RETURNING); ids are read back only
for the rows that need them (relay members, history). Rows already stored are compared field by
field: unchanged ones are counted, changed ones updated and ledgered. Which keys a round already
holds is cached for the most recently touched rounds only, so memory stays flat in the file size.
"""

import datetime as dt
from collections import Counter, OrderedDict
from dataclasses import dataclass
from typing import Any

import psycopg
from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.core.errors import FieldError
from app.imports.bulk import insert_returning
from app.imports.rows import Row
from app.imports.validate import Clean
from app.results.ledger import as_text, changes, ledger_rows
from app.results.models import Placing, PlacingChange, RelayMember

COMPARED = ("place", "mark", "mark_value", "status", "qualification", "records", "note",
            "country_code")  # fmt: skip
PLACING = Placing.__table__
LEDGER = PlacingChange.__table__
MEMBERS = RelayMember.__table__
ROUND_CACHE = 20_000
WRITTEN = "written"  # a key this import has inserted or merged: a second one is a duplicate


@dataclass
class Item:
    """A validated row placed in its round, with the athlete (or team) key it is stored under."""

    row: Row
    clean: Clean
    round_id: int
    key: Any  # athlete id, or ("team", country)
    members: list[dict[str, Any]] | None = None


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


class PlacingWriter:
    def __init__(self, session: Session, actor: str, reason: str, counts: dict[str, Counter[str]]):
        self.connection = session.connection()
        self.actor = actor
        self.reason = reason
        self.created, self.updated = counts["created"], counts["updated"]
        self.unchanged = 0
        self.new_rounds: set[int] = set()
        self.rounds: OrderedDict[int, dict[Any, Any]] = OrderedDict()
        self.evicted: set[int] = set()
        self.errors: list[FieldError] = []

    def _error(self, row: Row, name: str, message: str) -> None:
        self.errors.append(FieldError(field=row.where(name), message=message, line=row.line))

    def _stored(self, round_ids: set[int]) -> None:
        """Load what the touched rounds hold (new rounds start empty), evicting old rounds."""
        missing = [r for r in round_ids if r not in self.rounds]
        for round_id in missing:
            self.rounds[round_id] = {}
        load = [r for r in missing if r not in self.new_rounds or r in self.evicted]
        for start in range(0, len(load), 500):
            chunk = load[start : start + 500]
            columns = [PLACING.c.id, PLACING.c.round_id, PLACING.c.athlete_id]
            columns += [PLACING.c[c] for c in COMPARED]
            result = self.connection.execute(select(*columns).where(PLACING.c.round_id.in_(chunk)))
            for stored in result.mappings():
                key = stored["athlete_id"] or ("team", stored["country_code"])
                fresh = stored["round_id"] in self.new_rounds
                self.rounds[stored["round_id"]][key] = WRITTEN if fresh else dict(stored)
        for round_id in round_ids:
            self.rounds.move_to_end(round_id)
        while len(self.rounds) > ROUND_CACHE:
            evicted, _ = self.rounds.popitem(last=False)
            self.evicted.add(evicted)

    def write(self, items: list[Item], check_only: bool = False) -> None:
        """Insert or merge the batch; with `check_only` (the import already failed) only look
        for duplicates, so that every bad row is still reported."""
        self._stored({item.round_id for item in items})
        fresh: list[Item] = []
        for item in items:
            known = self.rounds[item.round_id].get(item.key)
            if known is WRITTEN:
                self._error(item.row, "athlete", "appears twice in the same round")
            elif known is None:
                fresh.append(item)
                self.rounds[item.round_id][item.key] = WRITTEN
            else:
                if not check_only:
                    self._merge(item, known)
                self.rounds[item.round_id][item.key] = WRITTEN
        if fresh and not check_only and not self.errors:
            self._insert(fresh)

    def _insert(self, fresh: list[Item]) -> None:
        values = [
            {"round_id": i.round_id, "athlete_id": None if isinstance(i.key, tuple) else i.key,
             **i.clean.placing}
            for i in fresh
        ]  # fmt: skip
        returning = ["id", "round_id", "athlete_id", "country_code"]
        try:
            inserted = insert_returning(self.connection, PLACING, values, returning)
        except (IntegrityError, psycopg.errors.IntegrityError):
            first, last = fresh[0].row, fresh[-1].row
            where = f"lines {first.line}-{last.line}" if first.line else first.path
            message = f"a placing in {where} duplicates one stored earlier in this import"
            self.errors.append(FieldError(field="athlete", message=message, line=first.line))
            return
        self.created["placings"] += len(fresh)
        needy = [i for i in fresh if i.members or i.clean.corrections]
        if needy:
            ids = {(r, a or ("team", c)): pid for pid, r, a, c in inserted}
            self._extras(needy, ids)

    def _extras(self, items: list[Item], ids: dict[tuple[int, Any], int]) -> None:
        ledger: list[dict[str, Any]] = []
        members: list[dict[str, Any]] = []
        for item in items:
            pid = ids[(item.round_id, item.key)]
            if item.clean.corrections:
                ledger += correction_ledger(
                    pid, item.clean.placing, item.clean.corrections, self.actor
                )
            members += [{"placing_id": pid, **m} for m in item.members or []]
        if ledger:
            self.connection.execute(insert(LEDGER), ledger)
        if members:
            self.connection.execute(insert(MEMBERS), members)

    def _merge(self, item: Item, old: dict[str, Any]) -> None:
        new = {k: item.clean.placing[k] for k in COMPARED}
        diff = {k: v for k, v in new.items() if old.get(k) != v}
        pid = old["id"]
        changed = bool(diff)
        if diff:
            self.connection.execute(update(PLACING).where(PLACING.c.id == pid).values(**diff))
            rows = ledger_rows(pid, changes(old, diff), self.reason, dt.date.today(), self.actor)
            if rows:
                self.connection.execute(insert(LEDGER), rows)
        if item.clean.corrections:
            history = correction_ledger(pid, item.clean.placing, item.clean.corrections, self.actor)
            have = set(
                self.connection.execute(
                    select(LEDGER.c.field, LEDGER.c.effective_date, LEDGER.c.new_value).where(
                        LEDGER.c.placing_id == pid
                    )
                ).all()
            )
            missing = [
                h for h in history if (h["field"], h["effective_date"], h["new_value"]) not in have
            ]
            if missing:
                self.connection.execute(insert(LEDGER), missing)
                changed = True
        if item.members is not None:
            stored = set(
                self.connection.execute(
                    select(MEMBERS.c.athlete_id, MEMBERS.c.leg).where(MEMBERS.c.placing_id == pid)
                ).all()
            )
            if stored != {(m["athlete_id"], m["leg"]) for m in item.members}:
                self.connection.execute(delete(MEMBERS).where(MEMBERS.c.placing_id == pid))
                self.connection.execute(
                    insert(MEMBERS), [{"placing_id": pid, **m} for m in item.members]
                )
                changed = True
        if changed:
            self.updated["placings"] += 1
        else:
            self.unchanged += 1
