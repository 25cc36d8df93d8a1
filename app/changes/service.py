"""The ledger of placing corrections, filtered and paged in ledger order."""

import datetime as dt
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from app.athletes.models import Athlete
from app.athletes.schemas import AthleteSummary
from app.changes.schemas import Change, ChangePage
from app.competitions.models import Competition, Event, Round
from app.competitions.schemas import CompetitionSummary
from app.competitions.slugs import event_slug
from app.core.pagination import PageParams
from app.results.models import Placing, PlacingChange

COLUMNS: list[Any] = [
    col(PlacingChange.id), col(PlacingChange.field), col(PlacingChange.old_value),
    col(PlacingChange.new_value),
    col(PlacingChange.reason), col(PlacingChange.effective_date), col(PlacingChange.recorded_at),
    col(PlacingChange.actor), col(PlacingChange.placing_id), col(Placing.country_code),
    col(Competition.slug).label("competition_slug"),
    col(Competition.name).label("competition_name"),
    col(Competition.series), col(Competition.year), col(Event.discipline_code), col(Event.sex),
    col(Round.slug).label("round_slug"), col(Athlete.slug).label("athlete_slug"),
    col(Athlete.name).label("athlete_name"), col(Athlete.country_code).label("athlete_country"),
]  # fmt: skip


def _change(row: Any) -> Change:
    athlete = None
    if row.athlete_slug is not None:
        athlete = AthleteSummary(
            slug=row.athlete_slug, name=row.athlete_name, country=row.athlete_country
        )
    return Change(
        id=row.id,
        field=row.field,
        old_value=row.old_value,
        new_value=row.new_value,
        reason=row.reason,
        effective_date=row.effective_date,
        recorded_at=row.recorded_at,
        actor=row.actor,
        competition=CompetitionSummary(
            slug=row.competition_slug, name=row.competition_name, series=row.series, year=row.year
        ),
        event=event_slug(row.sex, row.discipline_code),
        round=row.round_slug,
        placing_id=row.placing_id,
        athlete=athlete,
        country=row.country_code,
    )


async def list_changes(
    session: AsyncSession,
    page: PageParams,
    competition: str | None = None,
    athlete: str | None = None,
    since: int | dt.datetime | None = None,
) -> ChangePage:
    """Ledger entries in ledger order: two statements (page, count)."""
    statement = (
        select(*COLUMNS)
        .join(Placing, col(Placing.id) == col(PlacingChange.placing_id))
        .join(Round, col(Round.id) == col(Placing.round_id))
        .join(Event, col(Event.id) == col(Round.event_id))
        .join(Competition, col(Competition.id) == col(Event.competition_id))
        .outerjoin(Athlete, col(Athlete.id) == col(Placing.athlete_id))
    )
    if competition is not None:
        statement = statement.where(col(Competition.slug) == competition)
    if athlete is not None:
        statement = statement.where(col(Athlete.slug) == athlete)
    if isinstance(since, dt.datetime):
        statement = statement.where(col(PlacingChange.recorded_at) > since)
    elif since is not None:
        statement = statement.where(col(PlacingChange.id) > since)
    rows = (
        await session.execute(
            statement.order_by(col(PlacingChange.id)).limit(page.limit).offset(page.offset)
        )
    ).all()
    total = await session.scalar(select(func.count()).select_from(statement.subquery())) or 0
    items = [_change(row) for row in rows]
    more = page.offset + len(items) < total
    return ChangePage(
        items=items,
        total=total,
        limit=page.limit,
        offset=page.offset,
        next_since=items[-1].id if items and more else None,
    )
