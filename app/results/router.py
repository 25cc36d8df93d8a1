"""Endpoints for round results and placing corrections."""

from typing import Annotated

from fastapi import APIRouter, Path, Query, status

from app.competitions.router import CompetitionSlug, EventSlug, RoundSlug
from app.core.caching import WriteSessionDep
from app.core.db import SessionDep
from app.core.errors import WRITE_ERRORS, problem_responses
from app.core.fields import IsoDate
from app.results import service
from app.results.schemas import LedgerEntry, PlacingCreate, PlacingUpdate, RoundResults

router = APIRouter(prefix="/v1/competitions/{competition}/events/{event}/rounds", tags=["results"])
PlacingId = Annotated[int, Path(ge=1, le=2_147_483_647, description="Placing id.")]
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
    responses=problem_responses(404, 422),
)
async def get_round_results(
    session: SessionDep,
    competition: CompetitionSlug,
    event: EventSlug,
    round: RoundSlug,
    as_of: AsOfQ = None,
) -> RoundResults:
    """Get a round with its full result, ordered by place."""
    return await service.round_results(session, competition, event, round, as_of)


@router.post(
    "/{round}/placings",
    operation_id="createPlacing",
    status_code=status.HTTP_201_CREATED,
    responses=WRITE_ERRORS,
)
async def create_placing(
    session: WriteSessionDep,
    competition: CompetitionSlug,
    event: EventSlug,
    round: RoundSlug,
    body: PlacingCreate,
) -> RoundResults:
    """Add a placing to a round; returns the round's updated result."""
    await service.create_placing(session, competition, event, round, body)
    return await service.round_results(session, competition, event, round)


@router.patch(
    "/{round}/placings/{placing_id}", operation_id="correctPlacing", responses=WRITE_ERRORS
)
async def correct_placing(
    session: WriteSessionDep,
    competition: CompetitionSlug,
    event: EventSlug,
    round: RoundSlug,
    placing_id: PlacingId,
    body: PlacingUpdate,
) -> RoundResults:
    """Correct a placing (e.g. a disqualification); changes are kept in the ledger."""
    actor = str(session.info["writer"])
    await service.update_placing(session, competition, event, round, placing_id, body, actor)
    return await service.round_results(session, competition, event, round)


@router.delete(
    "/{round}/placings/{placing_id}",
    operation_id="deletePlacing",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=WRITE_ERRORS,
)
async def delete_placing(
    session: WriteSessionDep,
    competition: CompetitionSlug,
    event: EventSlug,
    round: RoundSlug,
    placing_id: PlacingId,
) -> None:
    """Delete a placing entered in error (corrections belong in PATCH)."""
    await service.delete_placing(session, competition, event, round, placing_id)


@router.get(
    "/{round}/placings/{placing_id}/history",
    operation_id="getPlacingHistory",
    responses=problem_responses(404, 422),
)
async def get_placing_history(
    session: SessionDep,
    competition: CompetitionSlug,
    event: EventSlug,
    round: RoundSlug,
    placing_id: PlacingId,
) -> list[LedgerEntry]:
    """The ledger of changes to one placing, oldest first."""
    return await service.placing_history(session, competition, event, round, placing_id)
