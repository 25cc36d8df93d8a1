"""Endpoints for round results and placing corrections."""

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status

from app.competitions.paths import (
    CompetitionSlug,
    EventSlug,
    PlacingDep,
    RoundDep,
    RoundSlug,
    read_round,
)
from app.core.caching import WriteDep
from app.core.db import SessionDep, reading
from app.core.errors import WRITE_ERRORS, problem_responses
from app.core.fields import IsoDate
from app.core.lane import fast_read
from app.core.reads import Reader
from app.core.responses import json_response
from app.results import service
from app.results.schemas import LedgerEntry, PlacingCreate, PlacingUpdate, RoundResults

router = APIRouter(prefix="/v1/competitions/{competition}/events/{event}/rounds", tags=["results"])
AsOfQ = Annotated[
    IsoDate | None,
    Query(
        description="The answer as it stood at the end of this day (before later "
        "disqualifications and reallocations); competitions not yet begun give nothing.",
        examples=["2013-01-01"],
    ),
]


@router.get(
    "/{round}",
    operation_id="getRoundResults",
    response_model=RoundResults,
    responses=problem_responses(404, 422),
)
@fast_read
async def get_round_results(
    request: Request,
    competition: CompetitionSlug,
    event: EventSlug,
    round: RoundSlug,
    as_of: AsOfQ = None,
) -> Response:
    """Get a round with its full result, ordered by place."""
    async with reading(request) as reader:
        path = await read_round(reader, competition, event, round)
        return json_response(await service.round_results(reader, path, as_of))


@router.post(
    "/{round}/placings",
    operation_id="createPlacing",
    status_code=status.HTTP_201_CREATED,
    responses=WRITE_ERRORS,
)
async def create_placing(write: WriteDep, path: RoundDep, body: PlacingCreate) -> RoundResults:
    """Add a placing to a round; returns the round's updated result."""
    await service.create_placing(write.session, path, body)
    return await service.round_results(Reader(write.session), path)


@router.patch(
    "/{round}/placings/{placing_id}", operation_id="correctPlacing", responses=WRITE_ERRORS
)
async def correct_placing(
    write: WriteDep, placing: PlacingDep, body: PlacingUpdate
) -> RoundResults:
    """Correct a placing (e.g. a disqualification); changes are kept in the ledger."""
    await service.update_placing(write.session, placing, body, write.writer)
    return await service.round_results(Reader(write.session), placing.path)


@router.delete(
    "/{round}/placings/{placing_id}",
    operation_id="deletePlacing",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=WRITE_ERRORS,
)
async def delete_placing(write: WriteDep, placing: PlacingDep) -> None:
    """Delete a placing entered in error (corrections belong in PATCH)."""
    await service.delete_placing(write.session, placing)


@router.get(
    "/{round}/placings/{placing_id}/history",
    operation_id="getPlacingHistory",
    responses=problem_responses(404, 422),
)
async def get_placing_history(session: SessionDep, placing: PlacingDep) -> list[LedgerEntry]:
    """The ledger of changes to one placing, oldest first."""
    return await service.placing_history(session, placing)
