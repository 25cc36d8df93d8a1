"""Endpoints for athletes."""

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status

from app.athletes import service
from app.athletes.paths import AthleteDep
from app.athletes.schemas import AthleteCreate, AthletePage, AthleteRead, AthleteUpdate
from app.core.caching import WriteDep
from app.core.db import reading
from app.core.enums import Sex
from app.core.errors import WRITE_ERRORS, problem_responses
from app.core.fields import COUNTRY_PATTERN
from app.core.pagination import PageDep
from app.core.responses import json_response

router = APIRouter(prefix="/v1", tags=["athletes"])


@router.get(
    "/athletes",
    operation_id="listAthletes",
    response_model=AthletePage,
    responses=problem_responses(422),
)
async def list_athletes(
    request: Request,
    page: PageDep,
    q: Annotated[
        str | None,
        Query(
            max_length=100,
            description="Accent- and case-insensitive name search: `nordas` finds Nordås.",
        ),
    ] = None,
    country: Annotated[
        str | None, Query(pattern=COUNTRY_PATTERN, description="Current country code.")
    ] = None,
    sex: Annotated[Sex | None, Query(description="`men` or `women`.")] = None,
) -> Response:
    """List or search athletes, ordered by name."""
    async with reading(request) as reader:
        return json_response(await service.list_athletes(reader, page, q, country, sex))


@router.get("/athletes/{slug}", operation_id="getAthlete", responses=problem_responses(404, 422))
async def get_athlete(athlete: AthleteDep) -> AthleteRead:
    """Get one athlete."""
    return service.to_read(athlete)


@router.post(
    "/athletes",
    operation_id="createAthlete",
    status_code=status.HTTP_201_CREATED,
    responses=WRITE_ERRORS,
)
async def create_athlete(write: WriteDep, body: AthleteCreate) -> AthleteRead:
    """Add an athlete."""
    return service.to_read(await service.create_athlete(write.session, body))


@router.patch("/athletes/{slug}", operation_id="updateAthlete", responses=WRITE_ERRORS)
async def update_athlete(write: WriteDep, athlete: AthleteDep, body: AthleteUpdate) -> AthleteRead:
    """Change an athlete's details."""
    return service.to_read(await service.update_athlete(write.session, athlete, body))


@router.delete(
    "/athletes/{slug}",
    operation_id="deleteAthlete",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=WRITE_ERRORS,
)
async def delete_athlete(write: WriteDep, athlete: AthleteDep) -> None:
    """Delete an athlete with no placings."""
    await service.delete_athlete(write.session, athlete)
