"""Endpoints for countries, disciplines and championship series."""

from typing import Annotated

from fastapi import APIRouter, Path, status

from app.core.caching import WriteDep
from app.core.db import SessionDep
from app.core.errors import WRITE_ERRORS, problem_responses
from app.core.pagination import PageDep
from app.reference import service
from app.reference.models import Country, Discipline
from app.reference.schemas import (
    CountryCreate,
    CountryPage,
    CountryRead,
    CountryUpdate,
    DisciplineCreate,
    DisciplinePage,
    DisciplineRead,
    DisciplineUpdate,
    SeriesPage,
)

router = APIRouter(prefix="/v1")
CountryCode = Annotated[
    str, Path(max_length=3, description="3-letter country code, e.g. `GBR`.", examples=["GBR"])
]
DisciplineCode = Annotated[
    str, Path(max_length=40, description="Discipline code, e.g. `1500m`.", examples=["1500m"])
]


@router.get(
    "/countries",
    operation_id="listCountries",
    tags=["reference"],
    responses=problem_responses(422),
)
async def list_countries(session: SessionDep, page: PageDep) -> CountryPage:
    """List countries, historic codes included, ordered by code."""
    return await service.list_countries(session, page)


@router.get(
    "/countries/{code}",
    operation_id="getCountry",
    tags=["reference"],
    responses=problem_responses(404, 422),
)
async def get_country(session: SessionDep, code: CountryCode) -> CountryRead:
    """Get one country by its code."""
    return CountryRead.model_validate(await service.get_coded(session, Country, code))


@router.post(
    "/countries",
    operation_id="createCountry",
    tags=["reference"],
    status_code=status.HTTP_201_CREATED,
    responses=WRITE_ERRORS,
)
async def create_country(write: WriteDep, body: CountryCreate) -> CountryRead:
    """Add a country code."""
    return CountryRead.model_validate(await service.create_coded(write.session, Country, body))


@router.patch(
    "/countries/{code}", operation_id="updateCountry", tags=["reference"], responses=WRITE_ERRORS
)
async def update_country(write: WriteDep, code: CountryCode, body: CountryUpdate) -> CountryRead:
    """Change a country's name or historic flag."""
    return CountryRead.model_validate(
        await service.update_coded(write.session, Country, code, body)
    )


@router.delete(
    "/countries/{code}",
    operation_id="deleteCountry",
    tags=["reference"],
    status_code=status.HTTP_204_NO_CONTENT,
    responses=WRITE_ERRORS,
)
async def delete_country(write: WriteDep, code: CountryCode) -> None:
    """Delete a country no athlete, competition or placing refers to."""
    await service.delete_coded(write.session, Country, code)


@router.get(
    "/disciplines",
    operation_id="listDisciplines",
    tags=["reference"],
    responses=problem_responses(422),
)
async def list_disciplines(session: SessionDep, page: PageDep) -> DisciplinePage:
    """List disciplines and how their marks compare, ordered by code."""
    return await service.list_disciplines(session, page)


@router.get(
    "/disciplines/{code}",
    operation_id="getDiscipline",
    tags=["reference"],
    responses=problem_responses(404, 422),
)
async def get_discipline(session: SessionDep, code: DisciplineCode) -> DisciplineRead:
    """Get one discipline by its code."""
    return DisciplineRead.model_validate(await service.get_coded(session, Discipline, code))


@router.post(
    "/disciplines",
    operation_id="createDiscipline",
    tags=["reference"],
    status_code=status.HTTP_201_CREATED,
    responses=WRITE_ERRORS,
)
async def create_discipline(write: WriteDep, body: DisciplineCreate) -> DisciplineRead:
    """Add a discipline."""
    entity = await service.create_coded(write.session, Discipline, body)
    return DisciplineRead.model_validate(entity)


@router.patch(
    "/disciplines/{code}",
    operation_id="updateDiscipline",
    tags=["reference"],
    responses=WRITE_ERRORS,
)
async def update_discipline(
    write: WriteDep, code: DisciplineCode, body: DisciplineUpdate
) -> DisciplineRead:
    """Rename a discipline."""
    entity = await service.update_coded(write.session, Discipline, code, body)
    return DisciplineRead.model_validate(entity)


@router.delete(
    "/disciplines/{code}",
    operation_id="deleteDiscipline",
    tags=["reference"],
    status_code=status.HTTP_204_NO_CONTENT,
    responses=WRITE_ERRORS,
)
async def delete_discipline(write: WriteDep, code: DisciplineCode) -> None:
    """Delete a discipline no event refers to."""
    await service.delete_coded(write.session, Discipline, code)


@router.get(
    "/series",
    operation_id="listSeries",
    tags=["reference"],
    responses=problem_responses(422),
)
async def list_series(session: SessionDep, page: PageDep) -> SeriesPage:
    """List championship series (the codes `series` filters take), ordered by code."""
    return await service.list_series(session, page)
