"""Path dependencies for athletes: `AthleteDep` (and `OtherAthleteDep` for head-to-head) resolve
a slug once per request or 404; services take the `Athlete`, never the slug."""

from typing import Annotated, Protocol

from fastapi import Depends, Path
from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from app.athletes.models import Athlete
from app.core.crud import one_or_404
from app.core.db import SessionDep
from app.core.errors import NotFound
from app.core.reads import Reader

AthleteSlug = Annotated[
    str, Path(max_length=120, description="Athlete slug, e.g. `josh-kerr`.", examples=["josh-kerr"])
]
OtherSlug = Annotated[
    str,
    Path(max_length=120, description="The other athlete's slug.", examples=["jakob-ingebrigtsen"]),
]


_ATHLETE = select(Athlete).where(col(Athlete.slug) == bindparam("slug"))  # built once


async def find_athlete(session: AsyncSession, slug: str) -> Athlete:
    """The athlete with this slug, or 404."""
    found: Athlete = await one_or_404(session, _ATHLETE, f"athlete {slug!r}", {"slug": slug})
    return found


async def athlete_dep(session: SessionDep, slug: AthleteSlug) -> Athlete:
    return await find_athlete(session, slug)


async def other_athlete_dep(session: SessionDep, other: OtherSlug) -> Athlete:
    return await find_athlete(session, other)


class AthleteRow(Protocol):
    """An athlete as a read's row: the columns of `Athlete`."""

    id: int
    slug: str
    name: str
    country_code: str


_ATHLETE_ROW = select(*Athlete.__table__.columns).where(  # type: ignore[attr-defined]
    col(Athlete.slug) == bindparam("slug")
)


def unknown_athlete(slug: str) -> NotFound:
    return NotFound(f"Unknown athlete {slug!r}.")


async def read_athlete(reader: Reader, slug: str) -> AthleteRow:
    """The athlete with this slug as a row (`Reader`), or 404."""
    found: AthleteRow | None = await reader.first(_ATHLETE_ROW, {"slug": slug})
    if found is None:
        raise unknown_athlete(slug)
    return found


AthleteDep = Annotated[Athlete, Depends(athlete_dep)]
OtherAthleteDep = Annotated[Athlete, Depends(other_athlete_dep)]
