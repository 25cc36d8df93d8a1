"""Queries and rules for competitions, events and rounds."""

from typing import Any

from sqlalchemy import bindparam, case, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from app.competitions.models import Competition, Event, Round
from app.competitions.paths import EventPath, RoundPath
from app.competitions.schemas import (
    CompetitionCreate,
    CompetitionDetail,
    CompetitionPage,
    CompetitionRead,
    CompetitionSummary,
    CompetitionUpdate,
    EventCreate,
    EventDetail,
    EventSummary,
    RoundCreate,
    RoundSummary,
    RoundUpdate,
)
from app.competitions.slugs import event_slug, round_slug
from app.core.crud import (
    apply_patch,
    delete_or_conflict,
    ensure_exists,
    flush_or_conflict,
    id_of,
    list_page,
)
from app.core.enums import Phase
from app.core.errors import FieldError, Invalid
from app.core.pagination import PageParams
from app.core.reads import Reader
from app.reference.models import Country, Discipline, Series

COMPETITION_COLUMNS: list[Any] = [
    col(Competition.slug),
    col(Competition.name),
    col(Competition.series),
    col(Competition.year),
    col(Competition.city),
    col(Competition.host_country),
    col(Competition.start_date),
    col(Competition.end_date),
    col(Competition.sources),
    col(Competition.notes),
]
PHASE_ORDER = case(
    {phase.value: order for order, phase in enumerate(Phase)},
    value=col(Round.phase),
    else_=3,
)


async def list_competitions(
    session: AsyncSession,
    page: PageParams,
    series: str | None = None,
    year: int | None = None,
    country: str | None = None,
) -> CompetitionPage:
    statement = select(*COMPETITION_COLUMNS).order_by(
        col(Competition.year), col(Competition.series)
    )
    if series:
        statement = statement.where(col(Competition.series) == series)
    if year:
        statement = statement.where(col(Competition.year) == year)
    if country:
        statement = statement.where(col(Competition.host_country) == country)
    return await list_page(session, statement, CompetitionPage, page)


_EVENTS = (  # a competition's events, built once
    select(col(Event.discipline_code), col(Event.sex), col(Event.coverage))
    .where(col(Event.competition_id) == bindparam("competition_id"))
    .order_by(col(Event.discipline_code), col(Event.sex))
)
_ROUNDS = (  # an event's rounds, built once
    select(col(Round.slug), col(Round.phase), col(Round.heat), col(Round.date), col(Round.wind))
    .where(col(Round.event_id) == bindparam("event_id"))
    .order_by(PHASE_ORDER, col(Round.heat))
)


async def competition_detail(reader: Reader, competition: Competition) -> CompetitionDetail:
    rows = await reader.rows(_EVENTS, {"competition_id": competition.id})
    events = [
        EventSummary(slug=event_slug(s, d), discipline=d, sex=s, coverage=c) for d, s, c in rows
    ]
    base = CompetitionRead.model_validate(competition, from_attributes=True)
    return CompetitionDetail(**base.model_dump(), events=events)


async def create_competition(session: AsyncSession, data: CompetitionCreate) -> Competition:
    await ensure_exists(
        session, col(Country.code), data.host_country, "body.host_country", "country"
    )
    await ensure_exists(session, col(Series.code), data.series, "body.series", "series")
    competition = Competition(**data.model_dump())
    session.add(competition)
    await flush_or_conflict(session, f"Competition {data.slug!r}")
    return competition


async def update_competition(
    session: AsyncSession, competition: Competition, data: CompetitionUpdate
) -> Competition:
    apply_patch(competition, data)
    start, end = competition.start_date, competition.end_date
    if start and end and start > end:
        message = f"end_date {end} is before start_date {start}"
        raise Invalid(message, [FieldError(field="body.end_date", message=message)])
    await flush_or_conflict(session, f"Competition {competition.slug!r}")
    return competition


async def delete_competition(session: AsyncSession, competition: Competition) -> None:
    await delete_or_conflict(session, competition, f"Competition {competition.slug!r}")


async def event_detail(reader: Reader, path: EventPath) -> EventDetail:
    rounds = await reader.rows(_ROUNDS, {"event_id": path.event.id})
    event = path.event
    return EventDetail(
        slug=path.event_slug,
        discipline=event.discipline_code,
        sex=event.sex,
        competition=CompetitionSummary.model_validate(path.competition),
        rounds=[RoundSummary.model_validate(r, from_attributes=True) for r in rounds],
        coverage=event.coverage,
        sources=event.sources,
        notes=event.notes,
    )


async def create_event(session: AsyncSession, competition: Competition, data: EventCreate) -> Event:
    await ensure_exists(
        session, col(Discipline.code), data.discipline, "body.discipline", "discipline"
    )
    event = Event(competition_id=id_of(competition), discipline_code=data.discipline, sex=data.sex)
    session.add(event)
    await flush_or_conflict(session, f"Event {event_slug(data.sex, data.discipline)!r}")
    return event


async def delete_event(session: AsyncSession, path: EventPath) -> None:
    await delete_or_conflict(session, path.event, f"Event {path.event_slug!r}")


async def create_round(session: AsyncSession, path: EventPath, data: RoundCreate) -> Round:
    new = Round(
        event_id=id_of(path.event), slug=round_slug(data.phase, data.heat), **data.model_dump()
    )
    session.add(new)
    await flush_or_conflict(session, f"Round {new.slug!r}")
    return new


async def update_round(session: AsyncSession, path: RoundPath, data: RoundUpdate) -> Round:
    apply_patch(path.round, data)
    await flush_or_conflict(session, f"Round {path.round.slug!r}")
    return path.round


async def delete_round(session: AsyncSession, path: RoundPath) -> None:
    await delete_or_conflict(session, path.round, f"Round {path.round.slug!r}")
