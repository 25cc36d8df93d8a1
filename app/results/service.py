"""Round results and placing writes (with the change ledger)."""

import datetime as dt
from typing import Any

from sqlalchemy import bindparam, case, insert, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from app.athletes.models import Athlete
from app.athletes.schemas import AthleteSummary
from app.competitions.models import Event
from app.competitions.paths import PlacingRef, RoundPath
from app.competitions.schemas import CompetitionSummary
from app.core.crud import delete_or_conflict, flush_or_conflict, id_of, one_or_404
from app.core.errors import FieldError, Invalid
from app.core.reads import Reader
from app.reference.models import Country, Discipline
from app.results.history import (
    COUNTRY_AS_OF,
    MARK_AS_OF,
    PLACE_AS_OF,
    REALLOCATED,
    REALLOCATED_AS_OF,
    STATUS_AS_OF,
)
from app.results.ledger import changes, ledger_rows, record_flag_errors
from app.results.marks import MarkError, normalize_mark
from app.results.models import Placing, PlacingChange, RelayMember
from app.results.schemas import (
    LedgerEntry,
    PlacingCreate,
    PlacingRead,
    PlacingUpdate,
    RoundResults,
    TeamMember,
)

STATUS_RANK = {"ok": 0, "dnf": 1, "dq": 2, "dns": 3, "nm": 4}


def _results_statement(historic: bool) -> Any:
    """A round's placings, best first; with `historic`, as they stood on the bound `as_of`."""
    place = PLACE_AS_OF if historic else col(Placing.place)
    status = STATUS_AS_OF if historic else col(Placing.status)
    return (
        select(
            col(Placing.id),
            place.label("place"),
            (COUNTRY_AS_OF if historic else col(Placing.country_code)).label("country_code"),
            (MARK_AS_OF if historic else col(Placing.mark)).label("mark"),
            status.label("status"),
            col(Placing.qualification),
            col(Placing.records),
            col(Placing.note),
            (REALLOCATED_AS_OF if historic else REALLOCATED).label("reallocated"),
            col(Athlete.slug),
            col(Athlete.name),
            col(Athlete.country_code).label("athlete_country"),
        )
        .outerjoin(Athlete, col(Athlete.id) == col(Placing.athlete_id))
        .where(col(Placing.round_id) == bindparam("round_id"))
        .order_by(
            place.is_(None),
            place,
            case(STATUS_RANK, value=status, else_=5),
            col(Placing.mark_value),
            col(Athlete.name_folded),
        )
    )


RESULTS = {historic: _results_statement(historic) for historic in (False, True)}


async def round_results(
    reader: Reader, path: RoundPath, as_of: dt.date | None = None
) -> RoundResults:
    """A round's placings (the path is resolved already): one statement plus one for relay
    members. With `as_of`, as it stood at the end of that day (nothing before the race)."""
    competition_row, found_event, found_round = path.competition, path.event, path.round
    event = path.event_slug
    race_day = found_round.date or competition_row.start_date
    begun = as_of is None or (race_day <= as_of if race_day else competition_row.year <= as_of.year)
    params: dict[str, Any] = {"round_id": found_round.id, "as_of": as_of}
    rows = await reader.rows(RESULTS[as_of is not None], params) if begun else []
    teams = any(r.slug is None for r in rows)
    members = await _team_members(reader, found_round.id) if teams else {}
    placings = [
        PlacingRead(
            id=r.id,
            place=r.place,
            athlete=None
            if r.slug is None
            else AthleteSummary(slug=r.slug, name=r.name, country=r.athlete_country),
            members=members.get(r.id, []) if r.slug is None else None,
            country=r.country_code,
            mark=r.mark,
            status=r.status,
            qualification=r.qualification,
            records=r.records.split(",") if r.records else [],
            note=r.note,
            reallocated=bool(r.reallocated),
        )
        for r in rows
    ]
    return RoundResults(
        slug=found_round.slug,
        phase=found_round.phase,
        heat=found_round.heat,
        date=found_round.date,
        wind=found_round.wind,
        competition=CompetitionSummary.model_validate(competition_row),
        event=event,
        discipline=found_event.discipline_code,
        sex=found_event.sex,
        placings=placings,
    )


_MEMBERS = (  # the relay members of a round's team placings, built once
    select(
        col(RelayMember.placing_id),
        col(RelayMember.leg),
        col(Athlete.slug),
        col(Athlete.name),
        col(Athlete.country_code),
    )
    .join(Athlete, col(Athlete.id) == col(RelayMember.athlete_id))
    .join(Placing, col(Placing.id) == col(RelayMember.placing_id))
    .where(col(Placing.round_id) == bindparam("round_id"))
    .order_by(col(RelayMember.placing_id), col(RelayMember.leg), col(Athlete.name_folded))
)


async def _team_members(reader: Reader, round_id: int | None) -> dict[int, list[TeamMember]]:
    rows = await reader.rows(_MEMBERS, {"round_id": round_id})
    out: dict[int, list[TeamMember]] = {}
    for placing_id, leg, slug, name, country in rows:
        summary = AthleteSummary(slug=slug, name=name, country=country)
        out.setdefault(placing_id, []).append(TeamMember(athlete=summary, leg=leg))
    return out


async def _athlete_ids(session: AsyncSession, slugs: list[str]) -> dict[str, int]:
    rows = await session.execute(
        select(col(Athlete.slug), col(Athlete.id)).where(col(Athlete.slug).in_(slugs))
    )
    return {slug: athlete_id for slug, athlete_id in rows if athlete_id is not None}


async def _unit_of(session: AsyncSession, event: Event) -> Any:
    return await session.scalar(
        select(col(Discipline.unit)).where(col(Discipline.code) == event.discipline_code)
    )


def _mark_or_error(
    mark: str | None, unit: Any, errors: list[FieldError]
) -> tuple[str | None, int | None]:
    if mark is None:
        return None, None
    try:
        return normalize_mark(mark, unit)
    except MarkError as exc:
        errors.append(FieldError(field="body.mark", message=str(exc)))
        return None, None


async def create_placing(session: AsyncSession, path: RoundPath, data: PlacingCreate) -> int:
    found_event, found_round = path.event, path.round
    errors = record_flag_errors(data.records, "body.records")
    mark, mark_value = _mark_or_error(data.mark, await _unit_of(session, found_event), errors)
    known = select(col(Country.code)).where(col(Country.code) == data.country)
    if await session.scalar(known) is None:
        errors.append(FieldError(field="body.country", message=f"unknown country {data.country!r}"))
    wanted = [data.athlete] if data.athlete else [m.athlete for m in data.members or []]
    ids = await _athlete_ids(session, wanted)
    for i, athlete_slug in enumerate(wanted):
        if athlete_slug not in ids:
            field = "body.athlete" if data.athlete else f"body.members.{i}.athlete"
            errors.append(FieldError(field=field, message=f"unknown athlete {athlete_slug!r}"))
    if errors:
        raise Invalid("The placing is invalid.", errors)
    placing = Placing(
        round_id=id_of(found_round),
        athlete_id=ids[data.athlete] if data.athlete else None,
        country_code=data.country,
        place=data.place,
        mark=mark,
        mark_value=mark_value,
        status=data.status,
        qualification=data.qualification,
        records=",".join(data.records),
        note=data.note,
    )
    session.add(placing)
    await flush_or_conflict(session, "The placing")
    for member in data.members or []:
        session.add(
            RelayMember(placing_id=id_of(placing), athlete_id=ids[member.athlete], leg=member.leg)
        )
    await flush_or_conflict(session, "The relay team")
    return id_of(placing)


async def get_placing(session: AsyncSession, ref: PlacingRef) -> Placing:
    found: Placing = await one_or_404(
        session,
        select(Placing).where(
            col(Placing.id) == ref.placing_id, col(Placing.round_id) == ref.path.round.id
        ),
        f"placing {ref.placing_id} in round {ref.path.round.slug!r}",
    )
    return found


async def update_placing(
    session: AsyncSession, ref: PlacingRef, data: PlacingUpdate, actor: str
) -> None:
    """Apply a correction; every tracked field that changes gets a ledger row."""
    placing = await get_placing(session, ref)
    found_event, placing_id = ref.path.event, ref.placing_id
    new = data.model_dump(exclude_unset=True, exclude={"reason", "effective_date"})
    errors = record_flag_errors(new.get("records") or [], "body.records")
    if "mark" in new:
        new["mark"], new["mark_value"] = _mark_or_error(
            new["mark"], await _unit_of(session, found_event), errors
        )
    if errors:
        raise Invalid("The correction is invalid.", errors)
    if "records" in new:
        new["records"] = ",".join(new["records"] or [])
    old = {key: getattr(placing, key) for key in ("place", "status", "mark", "country_code")}
    diffs = changes(old, new)
    for key, value in new.items():
        setattr(placing, key, value)
    await flush_or_conflict(session, "The placing")
    effective = data.effective_date or dt.date.today()
    rows = ledger_rows(placing_id, diffs, data.reason, effective, actor)
    if rows:
        await session.execute(insert(PlacingChange), rows)


async def delete_placing(session: AsyncSession, ref: PlacingRef) -> None:
    placing = await get_placing(session, ref)
    await delete_or_conflict(session, placing, f"Placing {ref.placing_id}")


async def placing_history(session: AsyncSession, ref: PlacingRef) -> list[LedgerEntry]:
    await get_placing(session, ref)
    rows = await session.execute(
        select(PlacingChange)
        .where(col(PlacingChange.placing_id) == ref.placing_id)
        .order_by(col(PlacingChange.effective_date), col(PlacingChange.id))
    )
    return [LedgerEntry.model_validate(row) for row in rows.scalars()]
