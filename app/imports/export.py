"""Export every placing as CSV rows or a nested JSON document, streamed.

The export carries what an import needs to rebuild the same answers: athlete slugs, relay
members and each placing's ledger history as `corrections`.
"""

import csv
import io
import json
from collections.abc import Iterator
from itertools import groupby
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlmodel import col

from app.athletes.models import Athlete
from app.competitions.models import Competition, Event, Round
from app.core.crud import AnySelect
from app.feed.models import ChangeLog
from app.imports.rows import CSV_COLUMNS
from app.results.models import Placing, PlacingChange, RelayMember

CHUNK = 2000


def _ledger(session: Session, placing_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """Each placing's history as import `corrections`: the values before each dated change."""
    rows = session.execute(
        select(
            col(PlacingChange.placing_id),
            col(PlacingChange.field),
            col(PlacingChange.old_value),
            col(PlacingChange.reason),
            col(PlacingChange.effective_date),
        )
        .where(col(PlacingChange.placing_id).in_(placing_ids))
        .order_by(
            col(PlacingChange.placing_id), col(PlacingChange.effective_date), col(PlacingChange.id)
        )
    )
    out: dict[int, list[dict[str, Any]]] = {}
    for pid, field, old, reason, date in rows:
        history = out.setdefault(pid, [])
        if history and history[-1]["date"] == date.isoformat() and history[-1]["reason"] == reason:
            history[-1]["was"][field] = int(old) if field == "place" and old else old
        else:
            was = {field: int(old) if field == "place" and old else old}
            history.append({"date": date.isoformat(), "reason": reason, "was": was})
    return out


def _members(session: Session, placing_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """Relay members with the identity an import needs to find or complete them."""
    rows = session.execute(
        select(
            col(RelayMember.placing_id), col(RelayMember.leg), col(Athlete.slug), col(Athlete.name),
            col(Athlete.sex),
            col(Athlete.birth_date), col(Athlete.world_athletics_id), col(Athlete.olympedia_id),
        )
        .join(Athlete, col(Athlete.id) == col(RelayMember.athlete_id))
        .where(col(RelayMember.placing_id).in_(placing_ids))
        .order_by(col(RelayMember.placing_id), col(RelayMember.leg), col(Athlete.slug))
    )  # fmt: skip
    out: dict[int, list[dict[str, Any]]] = {}
    for pid, leg, slug, name, sex, born, wa_id, olympedia_id in rows:
        out.setdefault(pid, []).append({
            "name": name, "slug": slug, "sex": str(sex), "leg": leg,
            "birth_date": born.isoformat() if born else None,
            "world_athletics_id": wa_id, "olympedia_id": olympedia_id,
        })  # fmt: skip
    return out


def placing_records(
    session: Session, placing_ids: list[int] | None = None
) -> Iterator[dict[str, Any]]:
    """Every placing (or those of `placing_ids`) joined with its competition, event, round and
    athlete, in a stable order."""
    statement: AnySelect = (
        select(
            col(Competition.slug).label("competition"),
            col(Competition.name).label("competition_name"),
            col(Competition.series), col(Competition.year), col(Competition.city),
            col(Competition.host_country),
            col(Competition.start_date), col(Competition.end_date), col(Competition.sources),
            col(Competition.notes),
            col(Event.discipline_code).label("discipline"), col(Event.sex),
            col(Event.coverage).label("event_coverage"), col(Event.sources).label("event_sources"),
            col(Event.notes).label("event_notes"), col(Round.phase), col(Round.heat),
            col(Round.date).label("round_date"), col(Round.wind), col(Placing.id),
            col(Placing.place),
            col(Athlete.name).label("athlete"), col(Athlete.slug).label("athlete_slug"),
            col(Athlete.world_athletics_id), col(Athlete.olympedia_id),
            col(Athlete.sex).label("athlete_sex"),
            col(Athlete.birth_date), col(Placing.country_code).label("country"), col(Placing.mark),
            col(Placing.status), col(Placing.qualification), col(Placing.records),
            col(Placing.note),
        )
        .join(Round, col(Round.id) == col(Placing.round_id))
        .join(Event, col(Event.id) == col(Round.event_id))
        .join(Competition, col(Competition.id) == col(Event.competition_id))
        .outerjoin(Athlete, col(Athlete.id) == col(Placing.athlete_id))
        .order_by(col(Competition.year), col(Competition.series), col(Event.discipline_code),
                  col(Event.sex), col(Round.phase), col(Round.heat), col(Placing.place),
                  col(Placing.id))
    )  # fmt: skip
    if placing_ids is not None:
        statement = statement.where(col(Placing.id).in_(placing_ids))
    result = session.execute(statement.execution_options(yield_per=CHUNK)).mappings()
    for chunk in iter(lambda: result.fetchmany(CHUNK), []):
        ids = [r["id"] for r in chunk]
        ledger, members = _ledger(session, ids), _members(session, ids)
        for r in chunk:
            yield {**r, "corrections": ledger.get(r["id"], []), "members": members.get(r["id"])}


def _text(value: Any) -> str:
    if value is None:
        return ""
    return str(getattr(value, "value", value))


def export_csv(session: Session) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in placing_records(session):
        row = dict(r)
        row["records"] = " ".join(r["records"].split(",")) if r["records"] else ""
        mixed = _text(r["sex"]) == "mixed"
        row["relay_members"] = ";".join(
            f"{m['name']}|{m['slug']}" + (f"|{m['sex']}" if mixed else "")
            for m in r["members"] or []
        )
        row["corrections"] = json.dumps(r["corrections"]) if r["corrections"] else ""
        writer.writerow([_text(row.get(column)) for column in CSV_COLUMNS])
        if buffer.tell() > 65536:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _placing_json(r: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": r["id"], "place": r["place"], "country": r["country"], "mark": r["mark"],
        "status": _text(r["status"]), "qualification": r["qualification"],
        "records": r["records"].split(",") if r["records"] else [], "note": r["note"],
    }  # fmt: skip
    if r["athlete_slug"]:
        out["athlete"] = {
            "name": r["athlete"], "slug": r["athlete_slug"], "sex": _text(r["athlete_sex"]),
            "birth_date": r["birth_date"].isoformat() if r["birth_date"] else None,
            "world_athletics_id": r["world_athletics_id"], "olympedia_id": r["olympedia_id"],
        }  # fmt: skip
    else:
        out["members"] = r["members"] or []
    if r["corrections"]:
        out["corrections"] = r["corrections"]
    return out


def competition_header(r: dict[str, Any]) -> dict[str, Any]:
    """A competition's own fields, from any of its placing records."""
    return {
        "slug": r["competition"], "name": r["competition_name"],
        "series": _text(r["series"]), "year": r["year"], "city": r["city"],
        "host_country": r["host_country"],
        "start_date": r["start_date"].isoformat() if r["start_date"] else None,
        "end_date": r["end_date"].isoformat() if r["end_date"] else None,
        "sources": r["sources"] or [], "notes": r["notes"],
    }  # fmt: skip


def event_header(r: dict[str, Any]) -> dict[str, Any]:
    """An event's own fields, from any of its placing records."""
    return {
        "discipline": r["discipline"], "sex": _text(r["sex"]),
        "coverage": _text(r["event_coverage"]), "sources": r["event_sources"] or [],
        "notes": r["event_notes"],
    }  # fmt: skip


def round_header(r: dict[str, Any]) -> dict[str, Any]:
    """A round's own fields, from any of its placing records."""
    date = r["round_date"].isoformat() if r["round_date"] else None
    return {"phase": _text(r["phase"]), "heat": r["heat"], "wind": r["wind"], "date": date}


def flat_record(r: dict[str, Any]) -> dict[str, Any]:
    """One placing with the keys of its competition, event and round: the mirror feed's unit."""
    return {
        "competition": r["competition"], **event_header(r), **round_header(r),
        "placing": _placing_json(r),
    }  # fmt: skip


def _competition_json(first: dict[str, Any], rows: list[dict[str, Any]]) -> dict[str, Any]:
    events = []
    for _, grouped in groupby(rows, key=lambda r: (r["discipline"], r["sex"])):
        event_rows = list(grouped)
        rounds = []
        for _, round_rows in groupby(event_rows, key=lambda r: (r["phase"], r["heat"])):
            items = list(round_rows)
            placings = [_placing_json(r) for r in items]
            rounds.append({**round_header(items[0]), "placings": placings})
        events.append({**event_header(event_rows[0]), "rounds": rounds})
    return {**competition_header(first), "events": events}


def export_json(session: Session) -> Iterator[str]:
    """A nested document, one competition at a time, stamped with the change-log position it
    reflects (`revision`: replay `GET /v1/feed?since=<revision>` onto it to bring it up to date)."""
    revision = session.scalar(select(func.max(col(ChangeLog.id)))) or 0
    yield f'{{"revision": {revision}, "competitions": ['
    separator = ""
    for _, rows in groupby(placing_records(session), key=lambda r: r["competition"]):
        items = list(rows)
        yield separator + json.dumps(_competition_json(items[0], items), ensure_ascii=False)
        separator = ",\n"
    yield "]}\n"
