"""Queries and rules for countries, disciplines and series (tables keyed by a code)."""

from typing import Any, TypeVar

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from app.core.crud import apply_patch, delete_or_conflict, flush_or_conflict, list_page, one_or_404
from app.core.pagination import PageParams
from app.reference.models import Country, Discipline, Series
from app.reference.schemas import CountryPage, DisciplinePage, SeriesPage

Coded = TypeVar("Coded", Country, Discipline)
_NAMES = {Country: "country", Discipline: "discipline"}


async def list_countries(session: AsyncSession, page: PageParams) -> CountryPage:
    statement = select(col(Country.code), col(Country.name), col(Country.historic)).order_by(
        col(Country.code)
    )
    return await list_page(session, statement, CountryPage, page)


async def list_disciplines(session: AsyncSession, page: PageParams) -> DisciplinePage:
    columns: list[Any] = [col(Discipline.code), col(Discipline.name), col(Discipline.kind)]
    columns += [col(Discipline.unit), col(Discipline.lower_is_better)]
    statement = select(*columns).order_by(col(Discipline.code))
    return await list_page(session, statement, DisciplinePage, page)


async def list_series(session: AsyncSession, page: PageParams) -> SeriesPage:
    columns: list[Any] = [col(Series.code), col(Series.name), col(Series.indoor)]
    statement = select(*columns, col(Series.awards_medals)).order_by(col(Series.code))
    return await list_page(session, statement, SeriesPage, page)


async def get_coded(session: AsyncSession, model: type[Coded], code: str) -> Coded:
    """The country or discipline with this code, or 404."""
    statement = select(model).where(col(model.code) == code)
    found: Coded = await one_or_404(session, statement, f"{_NAMES[model]} {code!r}")
    return found


async def create_coded(session: AsyncSession, model: type[Coded], data: BaseModel) -> Coded:
    entity = model(**data.model_dump())
    session.add(entity)
    await flush_or_conflict(session, f"{_NAMES[model].capitalize()} {entity.code!r}")
    return entity


async def update_coded(
    session: AsyncSession, model: type[Coded], code: str, data: BaseModel
) -> Coded:
    entity = apply_patch(await get_coded(session, model, code), data)
    await flush_or_conflict(session, f"{_NAMES[model].capitalize()} {code!r}")
    return entity


async def delete_coded(session: AsyncSession, model: type[Coded], code: str) -> None:
    entity = await get_coded(session, model, code)
    await delete_or_conflict(session, entity, f"{_NAMES[model].capitalize()} {code!r}")
