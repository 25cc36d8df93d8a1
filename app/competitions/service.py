"""Queries and rules for competitions, events and rounds."""

from typing import Any

from sqlalchemy import and_, case, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from app.competitions.models import Competition, Event, Round
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
from app.competitions.slugs import event_slug, parse_event_slug, round_slug
from app.core.crud import (
    apply_patch,
    delete_or_conflict,
    ensure_exists,
    flush_or_conflict,
    id_of,
    list_page,
    one_or_404,
)
from app.core.enums import Phase, Series
from app.core.errors import FieldError, Invalid, NotFound
from app.core.pagination import PageParams
from app.reference.models import Country, Discipline

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
    series: Series | None = None,
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


async def get_competition(session: AsyncSession, slug: str) -> Competition:
    found: Competition = await one_or_404(
        session, select(Competition).where(col(Competition.slug) == slug), f"competition {slug!r}"
    )
    return found


async def competition_detail(session: AsyncSession, slug: str) -> CompetitionDetail:
    competition = await get_competition(session, slug)
    rows = await session.execute(
        select(col(Event.discipline_code), col(Event.sex), col(Event.coverage))
        .where(col(Event.competition_id) == competition.id)
        .order_by(col(Event.discipline_code), col(Event.sex))
    )
    events = [
        EventSummary(slug=event_slug(s, d), discipline=d, sex=s, coverage=c) for d, s, c in rows
    ]
    base = CompetitionRead.model_validate(competition, from_attributes=True)
    return CompetitionDetail(**base.model_dump(), events=events)


async def create_competition(session: AsyncSession, data: CompetitionCreate) -> Competition:
    await ensure_exists(
        session, col(Country.code), data.host_country, "body.host_country", "country"
    )
    competition = Competition(**data.model_dump())
    session.add(competition)
    await flush_or_conflict(session, f"Competition {data.slug!r}")
    return competition


async def update_competition(
    session: AsyncSession, slug: str, data: CompetitionUpdate
) -> Competition:
    competition = apply_patch(await get_competition(session, slug), data)
    start, end = competition.start_date, competition.end_date
    if start and end and start > end:
        message = f"end_date {end} is before start_date {start}"
        raise Invalid(message, [FieldError(field="body.end_date", message=message)])
    await flush_or_conflict(session, f"Competition {slug!r}")
    return competition


async def delete_competition(session: AsyncSession, slug: str) -> None:
    competition = await get_competition(session, slug)
    await delete_or_conflict(session, competition, f"Competition {slug!r}")


async def get_event(session: AsyncSession, competition_slug: str, slug: str) -> Event:
    """The event `men-1500m` of a competition, or 404."""
    return (await find_event(session, competition_slug, slug))[1]


def _path_statement(competition_slug: str, event_slug: str, round_slug: str | None) -> Any:
    """Competition, its event and (optionally) round in one statement: outer joins say which
    part of the path is unknown, so one round trip answers the 404 too."""
    parsed = parse_event_slug(event_slug)
    if parsed is None:
        raise NotFound(f"Unknown event {event_slug!r}: event slugs look like `men-1500m`.")
    sex, discipline = parsed
    event_on = and_(
        col(Event.competition_id) == col(Competition.id),
        col(Event.sex) == sex,
        col(Event.discipline_code) == discipline,
    )
    statement = (
        select(Competition, Event)
        .outerjoin(Event, event_on)
        .where(col(Competition.slug) == competition_slug)
    )
    if round_slug is not None:
        round_on = and_(col(Round.event_id) == col(Event.id), col(Round.slug) == round_slug)
        statement = statement.add_columns(Round).outerjoin(Round, round_on)
    return statement


async def _resolve(
    session: AsyncSession, competition_slug: str, event_slug: str, round_slug: str | None
) -> Any:
    row = (await session.execute(_path_statement(competition_slug, event_slug, round_slug))).first()
    if row is None:
        raise NotFound(f"Unknown competition {competition_slug!r}.")
    if row[1] is None:
        raise NotFound(f"Unknown event {event_slug!r} at {competition_slug!r}.")
    if round_slug is not None and row[2] is None:
        raise NotFound(f"Unknown round {round_slug!r} of {event_slug!r}.")
    return row


async def find_event(
    session: AsyncSession, competition_slug: str, slug: str
) -> tuple[Competition, Event]:
    """The competition and its event `men-1500m` (one statement), or 404."""
    competition, event = await _resolve(session, competition_slug, slug, None)
    return competition, event


async def event_detail(session: AsyncSession, competition_slug: str, slug: str) -> EventDetail:
    competition, event = await find_event(session, competition_slug, slug)
    rounds = await session.execute(
        select(col(Round.slug), col(Round.phase), col(Round.heat), col(Round.date), col(Round.wind))
        .where(col(Round.event_id) == event.id)
        .order_by(PHASE_ORDER, col(Round.heat))
    )
    return EventDetail(
        slug=slug,
        discipline=event.discipline_code,
        sex=event.sex,
        competition=CompetitionSummary.model_validate(competition),
        rounds=[RoundSummary.model_validate(r, from_attributes=True) for r in rounds],
        coverage=event.coverage,
        sources=event.sources,
        notes=event.notes,
    )


async def create_event(session: AsyncSession, competition_slug: str, data: EventCreate) -> Event:
    competition = await get_competition(session, competition_slug)
    await ensure_exists(
        session, col(Discipline.code), data.discipline, "body.discipline", "discipline"
    )
    event = Event(competition_id=id_of(competition), discipline_code=data.discipline, sex=data.sex)
    session.add(event)
    await flush_or_conflict(session, f"Event {event_slug(data.sex, data.discipline)!r}")
    return event


async def delete_event(session: AsyncSession, competition_slug: str, slug: str) -> None:
    event = await get_event(session, competition_slug, slug)
    await delete_or_conflict(session, event, f"Event {slug!r}")


async def get_round(
    session: AsyncSession, competition_slug: str, event: str, slug: str
) -> tuple[Event, Round]:
    _, found_event, found = await find_round(session, competition_slug, event, slug)
    return found_event, found


async def find_round(
    session: AsyncSession, competition_slug: str, event: str, slug: str
) -> tuple[Competition, Event, Round]:
    """The competition, event and round addressed by three slugs (one statement), or 404."""
    competition, found_event, found = await _resolve(session, competition_slug, event, slug)
    return competition, found_event, found


async def create_round(
    session: AsyncSession, competition_slug: str, event: str, data: RoundCreate
) -> Round:
    found_event = await get_event(session, competition_slug, event)
    new = Round(
        event_id=id_of(found_event), slug=round_slug(data.phase, data.heat), **data.model_dump()
    )
    session.add(new)
    await flush_or_conflict(session, f"Round {new.slug!r}")
    return new


async def update_round(
    session: AsyncSession, competition_slug: str, event: str, slug: str, data: RoundUpdate
) -> Round:
    _, found = await get_round(session, competition_slug, event, slug)
    apply_patch(found, data)
    await flush_or_conflict(session, f"Round {slug!r}")
    return found


async def delete_round(session: AsyncSession, competition_slug: str, event: str, slug: str) -> None:
    _, found = await get_round(session, competition_slug, event, slug)
    await delete_or_conflict(session, found, f"Round {slug!r}")
