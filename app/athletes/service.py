"""Queries and rules for athletes."""

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from app.athletes.models import Athlete
from app.athletes.schemas import AthleteCreate, AthletePage, AthleteRead, AthleteUpdate
from app.athletes.search import name_contains
from app.core.crud import (
    delete_or_conflict,
    ensure_exists,
    flush_or_conflict,
    list_page,
)
from app.core.enums import Sex
from app.core.pagination import PageParams
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


async def list_athletes(
    session: AsyncSession,
    page: PageParams,
    q: str | None = None,
    country: str | None = None,
    sex: Sex | None = None,
) -> AthletePage:
    statement = select(*READ_COLUMNS).order_by(col(Athlete.name_folded), col(Athlete.slug))
    if q:
        statement = statement.where(name_contains(fold(q), session.get_bind().dialect.name))
    if country:
        statement = statement.where(col(Athlete.country_code) == country)
    if sex:
        statement = statement.where(col(Athlete.sex) == sex)
    return await list_page(session, statement, AthletePage, page)


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
