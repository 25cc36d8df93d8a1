"""Turn change-log entries into the current records of the resources they touched.

A page covers a run of log entries; each touched resource appears once, with its state now
(not at the time of the entry), so replaying pages in order onto an export taken at position R
converges on the current export. Writes are serialized (the write lock), so log positions commit
in order and no entry can appear behind a position a client has already read past.
"""

from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session
from sqlmodel import col

from app.competitions.models import Event, Round
from app.feed.models import ChangeLog
from app.feed.schemas import FeedItem, FeedPage
from app.imports.export import competition_header, event_header, flat_record, placing_records
from app.results.models import Placing, RelayMember


def _placings_touched(session: Session, entity: str, ids: set[int]) -> set[int]:
    """The placings whose export record shows a field of these entities."""
    if not ids:
        return set()
    if entity == "placing":
        return ids
    statement = select(col(Placing.id))
    if entity == "athlete":
        members = select(col(RelayMember.placing_id)).where(col(RelayMember.athlete_id).in_(ids))
        statement = statement.where(
            or_(col(Placing.athlete_id).in_(ids), col(Placing.id).in_(members))
        )
    elif entity == "round":
        statement = statement.where(col(Placing.round_id).in_(ids))
    elif entity == "event":
        statement = statement.join(Round).where(col(Round.event_id).in_(ids))
    else:
        statement = statement.join(Round).join(Event).where(col(Event.competition_id).in_(ids))
    return set(session.scalars(statement))


def feed(session: Session, since: int, limit: int) -> FeedPage:
    entries = session.execute(
        select(col(ChangeLog.id), col(ChangeLog.entity), col(ChangeLog.entity_id))
        .where(col(ChangeLog.id) > since)
        .order_by(col(ChangeLog.id))
        .limit(limit + 1)
    ).all()
    more = len(entries) > limit
    entries = entries[:limit]
    touched: dict[str, set[int]] = {}
    for _, entity, entity_id in entries:
        touched.setdefault(entity, set()).add(entity_id)
    placing_ids: set[int] = set()
    for entity, ids in touched.items():
        placing_ids |= _placings_touched(session, entity, ids)
    items = _headers(session, touched) + _placings(session, placing_ids)
    next_since = entries[-1].id if entries else since
    return FeedPage(since=since, next_since=next_since, more=more, items=items)


def _headers(session: Session, touched: dict[str, set[int]]) -> list[FeedItem]:
    """Competitions and events whose own fields were written, as export headers (read off one
    of their placing records; one without placings is not in the export either)."""
    items: list[FeedItem] = []
    for kind in ("competition", "event"):
        ids = touched.get(kind, set())
        if not ids:
            continue
        header = competition_header if kind == "competition" else event_header
        for record in placing_records(session, sorted(_any_placing(session, kind, ids))):
            item = {"kind": kind, "op": "upsert", "key": _key(kind, record)}
            items.append(FeedItem.model_validate({**item, "record": header(record)}))
    return items


def _any_placing(session: Session, kind: str, ids: set[int]) -> set[int]:
    """One placing per competition or event: the headers are read off placing records."""
    column = col(Event.competition_id) if kind == "competition" else col(Round.event_id)
    first = (
        select(col(Placing.id))
        .join(Round, col(Round.id) == col(Placing.round_id))
        .join(Event, col(Event.id) == col(Round.event_id))
        .where(column.in_(ids))
    )
    found: dict[int, int] = {}
    for owner, placing_id in session.execute(
        first.with_only_columns(column, col(Placing.id)).order_by(column, col(Placing.id))
    ):
        if placing_id is not None:
            found.setdefault(owner, placing_id)
    return set(found.values())


def _key(kind: str, record: dict[str, Any]) -> dict[str, Any]:
    if kind == "competition":
        return {"competition": record["competition"]}
    return {
        "competition": record["competition"],
        "discipline": record["discipline"],
        "sex": str(getattr(record["sex"], "value", record["sex"])),
    }


def _placings(session: Session, placing_ids: set[int]) -> list[FeedItem]:
    items: list[FeedItem] = []
    found: set[int] = set()
    ordered = sorted(placing_ids)
    for start in range(0, len(ordered), 2000):
        for record in placing_records(session, ordered[start : start + 2000]):
            found.add(record["id"])
            items.append(
                FeedItem(
                    kind="placing",
                    op="upsert",
                    key={"id": record["id"]},
                    record=flat_record(record),
                )
            )
    items += [
        FeedItem(kind="placing", op="delete", key={"id": pid}, record=None)
        for pid in ordered
        if pid not in found
    ]
    return items
