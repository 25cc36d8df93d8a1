"""Queries and rules for athletes."""

from functools import lru_cache
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from app.athletes.models import Athlete
from app.athletes.schemas import AthleteCreate, AthletePage, AthleteRead, AthleteUpdate
from app.athletes.search import name_contains
from app.core.crud import (
    delete_or_conflict,
    ensure_exists,
    flush_or_conflict,
    page_total,
)
from app.core.enums import Sex
from app.core.pagination import PageParams
from app.core.reads import Reader
from app.core.text import fold, slugify
from app.reference.models import Country

READ_COLUMNS: list[Any] = [
    col(Athlete.slug),
    col(Athlete.name),
    col(Athlete.country_code).label("country"),
    col(Athlete.sex),
    col(Athlete.birth_date),
    col(Athlete.world_athletics_id),
    col(Athlete.olympedia_id),
]


@lru_cache(maxsize=32)
def _list_statements(contains: Any, country: bool, sex: bool) -> tuple[Any, Any]:
    """(one page of athletes with the whole count `_total`, the count alone), built once per
    filter form."""
    statement = select(*READ_COLUMNS)
    if contains is not None:
        statement = statement.where(contains)
    if country:
        statement = statement.where(col(Athlete.country_code) == bindparam("country"))
    if sex:
        statement = statement.where(col(Athlete.sex) == bindparam("sex"))
    counted = statement.add_columns(func.count().over().label("_total"))
    order = (col(Athlete.name_folded), col(Athlete.slug))
    page = counted.order_by(*order).limit(bindparam("limit")).offset(bindparam("offset"))
    return page, statement.with_only_columns(func.count())


async def list_athletes(
    reader: Reader,
    page: PageParams,
    q: str | None = None,
    country: str | None = None,
    sex: Sex | None = None,
) -> AthletePage:
    contains, params = None, dict[str, Any]()
    if q:
        contains, found = name_contains(fold(q), reader.dialect.name)
        params.update(found)
    statement, count = _list_statements(contains, bool(country), bool(sex))
    params.update(country=country, sex=sex, limit=page.limit, offset=page.offset)
    rows = await reader.rows(statement, params)
    items = [AthleteRead.model_validate(row, from_attributes=True) for row in rows]

    async def count_all() -> int:
        row = await reader.first(count, params)
        return int(row[0]) if row is not None else 0

    total = await page_total(rows, page, count_all)
    return AthletePage(items=items, total=total, limit=page.limit, offset=page.offset)


def to_read(athlete: Athlete) -> AthleteRead:
    return AthleteRead(
        slug=athlete.slug,
        name=athlete.name,
        country=athlete.country_code,
        sex=athlete.sex,
        birth_date=athlete.birth_date,
        world_athletics_id=athlete.world_athletics_id,
        olympedia_id=athlete.olympedia_id,
    )


async def create_athlete(session: AsyncSession, data: AthleteCreate) -> Athlete:
    await ensure_exists(session, col(Country.code), data.country, "body.country", "country")
    athlete = Athlete(
        slug=data.slug or slugify(data.name),
        name=data.name,
        name_folded=fold(data.name),
        sex=data.sex,
        birth_date=data.birth_date,
        country_code=data.country,
        world_athletics_id=data.world_athletics_id,
        olympedia_id=data.olympedia_id,
    )
    session.add(athlete)
    await flush_or_conflict(session, f"Athlete {athlete.slug!r}")
    return athlete


async def update_athlete(session: AsyncSession, athlete: Athlete, data: AthleteUpdate) -> Athlete:
    changes = data.model_dump(exclude_unset=True)
    if "country" in changes:
        await ensure_exists(
            session, col(Country.code), changes["country"], "body.country", "country"
        )
        athlete.country_code = changes.pop("country")
    if changes.get("name"):
        athlete.name_folded = fold(changes["name"])
    for key, value in changes.items():
        setattr(athlete, key, value)
    await flush_or_conflict(session, f"Athlete {athlete.slug!r}")
    return athlete


async def delete_athlete(session: AsyncSession, athlete: Athlete) -> None:
    await delete_or_conflict(session, athlete, f"Athlete {athlete.slug!r}")
