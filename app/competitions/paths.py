"""Path dependencies: a competition → event → round (→ placing) path resolved once per request,
in one joined statement that 404s naming the unknown part. Routers declare `CompetitionDep`,
`EventDep`, `RoundDep` or `PlacingDep`; services take the resolved objects, never slugs."""

from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any

from fastapi import Depends, Path
from sqlalchemy import and_, bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from app.competitions.models import Competition, Event, Round
from app.competitions.slugs import parse_event_slug
from app.core.crud import one_or_404
from app.core.db import SessionDep
from app.core.errors import NotFound
from app.core.reads import Reader, Shape

CompetitionSlug = Annotated[
    str,
    Path(
        max_length=120,
        description="Competition slug, e.g. `olympic-games-2024`.",
        examples=["olympic-games-2024"],
    ),
]
EventSlug = Annotated[
    str, Path(max_length=60, description="Event slug, e.g. `men-1500m`.", examples=["men-1500m"])
]
RoundSlug = Annotated[
    str,
    Path(
        max_length=40,
        description="Round slug: `final`, `semi-final-2`, `heat-3`.",
        examples=["final"],
    ),
]


@dataclass(frozen=True)
class EventPath:
    """An event with its competition, as addressed (`event_slug`: `men-1500m`)."""

    competition: Competition
    event: Event
    event_slug: str


@dataclass(frozen=True)
class RoundPath:
    """A round with its event and competition, as addressed (`event_slug`: `men-1500m`)."""

    competition: Competition
    event: Event
    round: Round
    event_slug: str


@dataclass(frozen=True)
class PlacingRef:
    """A placing id within a resolved round (the placing itself is read by the service)."""

    path: RoundPath
    placing_id: int


# Statements are built once, with bound parameters: building one per request (column
# comparisons, coercions) cost more than running it (docs/performance.md).
_COMPETITION = select(Competition).where(col(Competition.slug) == bindparam("competition"))


async def find_competition(session: AsyncSession, slug: str) -> Competition:
    """The competition with this slug, or 404."""
    found: Competition = await one_or_404(
        session, _COMPETITION, f"competition {slug!r}", {"competition": slug}
    )
    return found


@cache
def _path_statement(with_round: bool) -> Any:
    """Competition, its event and (optionally) round in one statement: outer joins say which
    part of the path is unknown, so one round trip answers the 404 too."""
    event_on = and_(
        col(Event.competition_id) == col(Competition.id),
        col(Event.sex) == bindparam("sex"),
        col(Event.discipline_code) == bindparam("discipline"),
    )
    statement = (
        select(Competition, Event)
        .outerjoin(Event, event_on)
        .where(col(Competition.slug) == bindparam("competition"))
    )
    if with_round:
        round_on = and_(col(Round.event_id) == col(Event.id), col(Round.slug) == bindparam("round"))
        statement = statement.add_columns(Round).outerjoin(Round, round_on)
    return statement


async def _resolve(
    session: AsyncSession | Reader,
    competition_slug: str,
    event_slug: str,
    round_slug: str | None,
) -> Any:
    parsed = parse_event_slug(event_slug)
    if parsed is None:
        raise NotFound(f"Unknown event {event_slug!r}: event slugs look like `men-1500m`.")
    sex, discipline = parsed
    params = {"competition": competition_slug, "sex": sex, "discipline": discipline}
    if round_slug is not None:
        params["round"] = round_slug
    row: Any
    if isinstance(session, Reader):
        found = await session.first(_path_rows(round_slug is not None), params)
        row = None
        if found is not None:
            start = COMPETITION_ROW.size + EVENT_ROW.size
            row = (COMPETITION_ROW.of(found), EVENT_ROW.of(found, COMPETITION_ROW.size))
            row += (ROUND_ROW.of(found, start),) if round_slug is not None else ()
    else:
        statement = _path_statement(round_slug is not None)
        row = (await session.execute(statement, params)).first()
    if row is None:
        raise NotFound(f"Unknown competition {competition_slug!r}.")
    if row[1] is None:
        raise NotFound(f"Unknown event {event_slug!r} at {competition_slug!r}.")
    if round_slug is not None and row[2] is None:
        raise NotFound(f"Unknown round {round_slug!r} of {event_slug!r}.")
    return row


COMPETITION_ROW = Shape(Competition, "competition_")
EVENT_ROW = Shape(Event, "event_")
ROUND_ROW = Shape(Round, "round_")
_COMPETITION_ROW = select(*COMPETITION_ROW.labels).where(
    col(Competition.slug) == bindparam("competition")
)


@cache
def _path_rows(with_round: bool) -> Any:
    """`_path_statement` as columns, for a read's `Reader` (rows, not entities)."""
    shapes = [COMPETITION_ROW, EVENT_ROW, ROUND_ROW][: 3 if with_round else 2]
    statement = _path_statement(with_round)
    return statement.with_only_columns(*(label for shape in shapes for label in shape.labels))


async def competition_dep(session: SessionDep, competition: CompetitionSlug) -> Competition:
    return await find_competition(session, competition)


async def event_path(
    session: SessionDep, competition: CompetitionSlug, event: EventSlug
) -> EventPath:
    found_competition, found_event = await _resolve(session, competition, event, None)
    return EventPath(found_competition, found_event, event)


async def round_path(
    session: SessionDep, competition: CompetitionSlug, event: EventSlug, round: RoundSlug
) -> RoundPath:
    found_competition, found_event, found_round = await _resolve(session, competition, event, round)
    return RoundPath(found_competition, found_event, found_round, event)


async def placing_ref(
    session: SessionDep,
    competition: CompetitionSlug,
    event: EventSlug,
    round: RoundSlug,
    placing_id: Annotated[int, Path(ge=1, le=2_147_483_647, description="Placing id.")],
) -> PlacingRef:
    # The round's parameters are declared here, not through RoundDep, so that the path
    # parameters keep their URL order in the OpenAPI document (and in generated SDKs).
    return PlacingRef(await round_path(session, competition, event, round), placing_id)


# Reads (GET) resolve the same paths through `Reader` (app/core/reads.py): rows whose fields
# are the entities' columns (`Shape`), not entities. Headline endpoints call these themselves,
# inside `reading(request)`, rather than through `Depends` (docs/performance.md).
async def read_competition(reader: Reader, competition: str) -> Competition:
    """The competition with this slug as a row, or 404."""
    found = await reader.first(_COMPETITION_ROW, {"competition": competition})
    if found is None:
        raise NotFound(f"Unknown competition {competition!r}.")
    row: Competition = COMPETITION_ROW.of(found)
    return row


async def read_event(reader: Reader, competition: str, event: str) -> EventPath:
    """The event path as rows, or a 404 naming the unknown part."""
    found_competition, found_event = await _resolve(reader, competition, event, None)
    return EventPath(found_competition, found_event, event)


async def read_round(reader: Reader, competition: str, event: str, round: str) -> RoundPath:
    """The round path as rows, or a 404 naming the unknown part."""
    found_competition, found_event, found_round = await _resolve(reader, competition, event, round)
    return RoundPath(found_competition, found_event, found_round, event)


CompetitionDep = Annotated[Competition, Depends(competition_dep)]
EventDep = Annotated[EventPath, Depends(event_path)]
RoundDep = Annotated[RoundPath, Depends(round_path)]
PlacingDep = Annotated[PlacingRef, Depends(placing_ref)]
