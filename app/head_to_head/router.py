"""Endpoint for head-to-head records."""

from typing import Annotated

from fastapi import APIRouter, Query

from app.athletes.paths import AthleteDep, OtherAthleteDep
from app.core.db import SessionDep
from app.core.errors import problem_responses
from app.head_to_head import service
from app.head_to_head.schemas import HeadToHead

router = APIRouter(prefix="/v1", tags=["athletes"])


@router.get(
    "/athletes/{slug}/head-to-head/{other}",
    operation_id="getHeadToHead",
    responses=problem_responses(404, 422),
)
async def get_head_to_head(
    session: SessionDep,
    athlete: AthleteDep,
    other: OtherAthleteDep,
    discipline: Annotated[
        str | None, Query(max_length=40, description="Only this discipline.")
    ] = None,
    final_only: Annotated[bool, Query(description="Only finals.")] = False,
) -> HeadToHead:
    """Two athletes' record in every round they were both entered in."""
    return await service.head_to_head(session, athlete, other, discipline, final_only)
