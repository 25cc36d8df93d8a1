"""Endpoints for medal cabinets, repeat medallists and medal tables."""

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from app.athletes.paths import AthleteSlug
from app.competitions.paths import CompetitionSlug, read_competition
from app.core.db import reading
from app.core.enums import Medal, Sex
from app.core.errors import problem_responses
from app.core.fields import COUNTRY_PATTERN, SeriesQ
from app.core.lane import fast_read
from app.core.pagination import PageDep
from app.core.responses import json_response
from app.medals import service
from app.medals.definition import MedalFilters
from app.medals.schemas import MedalCabinet, MedallistPage, MedalTable
from app.results.router import AsOfQ

router = APIRouter(prefix="/v1", tags=["medals"])

DisciplineQ = Annotated[
    str | None, Query(max_length=40, description="Discipline code, e.g. `1500m`.")
]
SexQ = Annotated[Sex | None, Query(description="`men`, `women` or `mixed`; both when absent.")]
FromYearQ = Annotated[int | None, Query(ge=1800, le=2200, description="First edition year.")]
ToYearQ = Annotated[int | None, Query(ge=1800, le=2200, description="Last edition year.")]


@router.get(
    "/athletes/{slug}/medals",
    operation_id="getAthleteMedals",
    response_model=MedalCabinet,
    responses=problem_responses(404, 422),
)
@fast_read
async def get_athlete_medals(
    request: Request,
    slug: AthleteSlug,
    series: SeriesQ = None,
    discipline: DisciplineQ = None,
    as_of: AsOfQ = None,
) -> Response:
    """An athlete's medal cabinet: every championship medal, oldest first, with totals."""
    filters = MedalFilters(series=series, discipline=discipline, as_of=as_of)
    async with reading(request) as reader:
        return json_response(await service.cabinet(reader, slug, filters))


@router.get(
    "/medallists",
    operation_id="listMedallists",
    response_model=MedallistPage,
    responses=problem_responses(422),
)
async def list_medallists(
    request: Request,
    page: PageDep,
    discipline: DisciplineQ = None,
    series: SeriesQ = None,
    sex: SexQ = None,
    min_editions: Annotated[
        int, Query(ge=1, le=50, description="At least this many distinct editions with a medal.")
    ] = 1,
    max_editions: Annotated[
        int | None, Query(ge=1, le=50, description="At most this many editions.")
    ] = None,
    medal: Annotated[
        list[Medal] | None, Query(description="Only these colours (repeatable).")
    ] = None,
    from_year: FromYearQ = None,
    to_year: ToYearQ = None,
    country: Annotated[
        str | None, Query(pattern=COUNTRY_PATTERN, description="Country represented.")
    ] = None,
    as_of: AsOfQ = None,
) -> Response:
    """Athletes who medalled at N or more distinct editions, most editions first."""
    filters = MedalFilters(
        discipline=discipline,
        series=series,
        sex=sex,
        medals=tuple(medal or ()),
        from_year=from_year,
        to_year=to_year,
        country=country,
        as_of=as_of,
    )
    async with reading(request) as reader:
        answer = await service.medallists(reader, page, min_editions, max_editions, filters)
    return json_response(answer)


@router.get(
    "/competitions/{competition}/medal-table",
    operation_id="getCompetitionMedalTable",
    response_model=MedalTable,
    responses=problem_responses(404, 422),
)
@fast_read
async def get_competition_medal_table(
    request: Request,
    competition: CompetitionSlug,
    discipline: DisciplineQ = None,
    sex: SexQ = None,
    as_of: AsOfQ = None,
) -> Response:
    """A championship's medal table (of the events Podium holds)."""
    filters = MedalFilters(discipline=discipline, sex=sex, as_of=as_of)
    async with reading(request) as reader:
        found = await read_competition(reader, competition)
        return json_response(await service.medal_table(reader, filters, found))


@router.get(
    "/medal-table",
    operation_id="getMedalTable",
    response_model=MedalTable,
    responses=problem_responses(422),
)
@fast_read
async def get_medal_table(
    request: Request,
    series: SeriesQ = None,
    discipline: DisciplineQ = None,
    sex: SexQ = None,
    from_year: FromYearQ = None,
    to_year: ToYearQ = None,
    as_of: AsOfQ = None,
) -> Response:
    """An all-time medal table across competitions, with optional filters."""
    filters = MedalFilters(
        series=series,
        discipline=discipline,
        sex=sex,
        from_year=from_year,
        to_year=to_year,
        as_of=as_of,
    )
    async with reading(request) as reader:
        return json_response(await service.medal_table(reader, filters))
