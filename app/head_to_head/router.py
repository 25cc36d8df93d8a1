"""Endpoint for head-to-head records."""

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from app.athletes.paths import AthleteSlug, OtherSlug, read_athlete
from app.core.db import reading
from app.core.errors import problem_responses
from app.core.lane import fast_read
from app.core.responses import json_response
from app.head_to_head import service
from app.head_to_head.schemas import HeadToHead

router = APIRouter(prefix="/v1", tags=["athletes"])


@router.get(
    "/athletes/{slug}/head-to-head/{other}",
    operation_id="getHeadToHead",
    response_model=HeadToHead,
    responses=problem_responses(404, 422),
)
@fast_read
async def get_head_to_head(
    request: Request,
    slug: AthleteSlug,
    other: OtherSlug,
    discipline: Annotated[
        str | None, Query(max_length=40, description="Only this discipline.")
    ] = None,
    final_only: Annotated[bool, Query(description="Only finals.")] = False,
) -> Response:
    """Two athletes' record in every round they were both entered in."""
    async with reading(request) as reader:
        first = await read_athlete(reader, slug)
        second = await read_athlete(reader, other)
        answer = await service.head_to_head(reader, first, second, discipline, final_only)
    return json_response(answer)
