"""Endpoints for competitions, their events and rounds (results are in app/results)."""

from typing import Annotated

from fastapi import APIRouter, Path, Query, status

from app.competitions import service
from app.competitions.schemas import (
    CompetitionCreate,
    CompetitionDetail,
    CompetitionPage,
    CompetitionRead,
    CompetitionUpdate,
    EventCreate,
    EventDetail,
    RoundCreate,
    RoundSummary,
    RoundUpdate,
)
from app.competitions.slugs import event_slug
from app.core.caching import WriteSessionDep
from app.core.db import SessionDep
from app.core.enums import Series
from app.core.errors import WRITE_ERRORS, problem_responses
from app.core.fields import COUNTRY_PATTERN
from app.core.pagination import PageDep

router = APIRouter(prefix="/v1", tags=["competitions"])
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


@router.get("/competitions", operation_id="listCompetitions", responses=problem_responses(422))
async def list_competitions(
    session: SessionDep,
    page: PageDep,
    series: Annotated[Series | None, Query(description="Championship series.")] = None,
    year: Annotated[int | None, Query(ge=1800, le=2200, description="Edition year.")] = None,
    country: Annotated[
        str | None, Query(pattern=COUNTRY_PATTERN, description="Host country code.")
    ] = None,
) -> CompetitionPage:
    """List competitions, oldest first."""
    return await service.list_competitions(session, page, series, year, country)


@router.get(
    "/competitions/{competition}",
    operation_id="getCompetition",
    responses=problem_responses(404, 422),
)
async def get_competition(session: SessionDep, competition: CompetitionSlug) -> CompetitionDetail:
    """Get a competition with its events."""
    return await service.competition_detail(session, competition)


@router.post(
    "/competitions",
    operation_id="createCompetition",
    status_code=status.HTTP_201_CREATED,
    responses=WRITE_ERRORS,
)
async def create_competition(session: WriteSessionDep, body: CompetitionCreate) -> CompetitionRead:
    """Add a competition."""
    return CompetitionRead.model_validate(await service.create_competition(session, body))


@router.patch(
    "/competitions/{competition}", operation_id="updateCompetition", responses=WRITE_ERRORS
)
async def update_competition(
    session: WriteSessionDep, competition: CompetitionSlug, body: CompetitionUpdate
) -> CompetitionRead:
    """Change a competition's details."""
    updated = await service.update_competition(session, competition, body)
    return CompetitionRead.model_validate(updated)


@router.delete(
    "/competitions/{competition}",
    operation_id="deleteCompetition",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=WRITE_ERRORS,
)
async def delete_competition(session: WriteSessionDep, competition: CompetitionSlug) -> None:
    """Delete a competition with all its events, rounds and placings."""
    await service.delete_competition(session, competition)


@router.get(
    "/competitions/{competition}/events/{event}",
    operation_id="getEvent",
    responses=problem_responses(404, 422),
)
async def get_event(
    session: SessionDep, competition: CompetitionSlug, event: EventSlug
) -> EventDetail:
    """Get an event with its rounds."""
    return await service.event_detail(session, competition, event)


@router.post(
    "/competitions/{competition}/events",
    operation_id="createEvent",
    status_code=status.HTTP_201_CREATED,
    responses=WRITE_ERRORS,
)
async def create_event(
    session: WriteSessionDep, competition: CompetitionSlug, body: EventCreate
) -> EventDetail:
    """Add an event to a competition."""
    await service.create_event(session, competition, body)
    return await service.event_detail(session, competition, event_slug(body.sex, body.discipline))


@router.delete(
    "/competitions/{competition}/events/{event}",
    operation_id="deleteEvent",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=WRITE_ERRORS,
)
async def delete_event(
    session: WriteSessionDep, competition: CompetitionSlug, event: EventSlug
) -> None:
    """Delete an event with its rounds and placings."""
    await service.delete_event(session, competition, event)


@router.post(
    "/competitions/{competition}/events/{event}/rounds",
    operation_id="createRound",
    status_code=status.HTTP_201_CREATED,
    responses=WRITE_ERRORS,
)
async def create_round(
    session: WriteSessionDep, competition: CompetitionSlug, event: EventSlug, body: RoundCreate
) -> RoundSummary:
    """Add a round (race) to an event."""
    return RoundSummary.model_validate(
        await service.create_round(session, competition, event, body)
    )


@router.patch(
    "/competitions/{competition}/events/{event}/rounds/{round}",
    operation_id="updateRound",
    responses=WRITE_ERRORS,
)
async def update_round(
    session: WriteSessionDep,
    competition: CompetitionSlug,
    event: EventSlug,
    round: RoundSlug,
    body: RoundUpdate,
) -> RoundSummary:
    """Change a round's date or wind."""
    found = await service.update_round(session, competition, event, round, body)
    return RoundSummary.model_validate(found)


@router.delete(
    "/competitions/{competition}/events/{event}/rounds/{round}",
    operation_id="deleteRound",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=WRITE_ERRORS,
)
async def delete_round(
    session: WriteSessionDep, competition: CompetitionSlug, event: EventSlug, round: RoundSlug
) -> None:
    """Delete a round with its placings."""
    await service.delete_round(session, competition, event, round)
