"""Endpoints for competitions, their events and rounds (results are in app/results)."""

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status

from app.competitions import service
from app.competitions.paths import (
    CompetitionDep,
    CompetitionSlug,
    EventDep,
    EventPath,
    EventSlug,
    RoundDep,
    read_competition,
    read_event,
)
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
from app.core.caching import WriteDep
from app.core.db import SessionDep, reading
from app.core.errors import WRITE_ERRORS, problem_responses
from app.core.fields import COUNTRY_PATTERN, SeriesQ
from app.core.lane import fast_read
from app.core.pagination import PageDep
from app.core.reads import Reader
from app.core.responses import json_response

router = APIRouter(prefix="/v1", tags=["competitions"])


@router.get("/competitions", operation_id="listCompetitions", responses=problem_responses(422))
async def list_competitions(
    session: SessionDep,
    page: PageDep,
    series: SeriesQ = None,
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
    response_model=CompetitionDetail,
    responses=problem_responses(404, 422),
)
@fast_read
async def get_competition(request: Request, competition: CompetitionSlug) -> Response:
    """Get a competition with its events."""
    async with reading(request) as reader:
        found = await read_competition(reader, competition)
        return json_response(await service.competition_detail(reader, found))


@router.post(
    "/competitions",
    operation_id="createCompetition",
    status_code=status.HTTP_201_CREATED,
    responses=WRITE_ERRORS,
)
async def create_competition(write: WriteDep, body: CompetitionCreate) -> CompetitionRead:
    """Add a competition."""
    return CompetitionRead.model_validate(await service.create_competition(write.session, body))


@router.patch(
    "/competitions/{competition}", operation_id="updateCompetition", responses=WRITE_ERRORS
)
async def update_competition(
    write: WriteDep, competition: CompetitionDep, body: CompetitionUpdate
) -> CompetitionRead:
    """Change a competition's details."""
    updated = await service.update_competition(write.session, competition, body)
    return CompetitionRead.model_validate(updated)


@router.delete(
    "/competitions/{competition}",
    operation_id="deleteCompetition",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=WRITE_ERRORS,
)
async def delete_competition(write: WriteDep, competition: CompetitionDep) -> None:
    """Delete a competition with all its events, rounds and placings."""
    await service.delete_competition(write.session, competition)


@router.get(
    "/competitions/{competition}/events/{event}",
    operation_id="getEvent",
    response_model=EventDetail,
    responses=problem_responses(404, 422),
)
@fast_read
async def get_event(request: Request, competition: CompetitionSlug, event: EventSlug) -> Response:
    """Get an event with its rounds."""
    async with reading(request) as reader:
        path = await read_event(reader, competition, event)
        return json_response(await service.event_detail(reader, path))


@router.post(
    "/competitions/{competition}/events",
    operation_id="createEvent",
    status_code=status.HTTP_201_CREATED,
    responses=WRITE_ERRORS,
)
async def create_event(
    write: WriteDep, competition: CompetitionDep, body: EventCreate
) -> EventDetail:
    """Add an event to a competition."""
    event = await service.create_event(write.session, competition, body)
    path = EventPath(competition, event, event_slug(body.sex, body.discipline))
    return await service.event_detail(Reader(write.session), path)


@router.delete(
    "/competitions/{competition}/events/{event}",
    operation_id="deleteEvent",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=WRITE_ERRORS,
)
async def delete_event(write: WriteDep, event: EventDep) -> None:
    """Delete an event with its rounds and placings."""
    await service.delete_event(write.session, event)


@router.post(
    "/competitions/{competition}/events/{event}/rounds",
    operation_id="createRound",
    status_code=status.HTTP_201_CREATED,
    responses=WRITE_ERRORS,
)
async def create_round(write: WriteDep, event: EventDep, body: RoundCreate) -> RoundSummary:
    """Add a round (race) to an event."""
    return RoundSummary.model_validate(await service.create_round(write.session, event, body))


@router.patch(
    "/competitions/{competition}/events/{event}/rounds/{round}",
    operation_id="updateRound",
    responses=WRITE_ERRORS,
)
async def update_round(write: WriteDep, round: RoundDep, body: RoundUpdate) -> RoundSummary:
    """Change a round's date or wind."""
    return RoundSummary.model_validate(await service.update_round(write.session, round, body))


@router.delete(
    "/competitions/{competition}/events/{event}/rounds/{round}",
    operation_id="deleteRound",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=WRITE_ERRORS,
)
async def delete_round(write: WriteDep, round: RoundDep) -> None:
    """Delete a round with its placings."""
    await service.delete_round(write.session, round)
