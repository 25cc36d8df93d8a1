"""The ledger of placing corrections, filtered and paged in ledger order."""

import datetime as dt
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.athletes.models import Athlete
from app.athletes.schemas import AthleteSummary
from app.changes.schemas import Change, ChangePage
from app.competitions.models import Competition, Event, Round
from app.competitions.schemas import CompetitionSummary
from app.competitions.slugs import event_slug
from app.core.pagination import PageParams
from app.results.models import Placing, PlacingChange

COLUMNS: list[Any] = [
    PlacingChange.id, PlacingChange.field, PlacingChange.old_value, PlacingChange.new_value,
    PlacingChange.reason, PlacingChange.effective_date, PlacingChange.recorded_at,
    PlacingChange.actor, PlacingChange.placing_id, Placing.country_code,
    Competition.slug.label("competition_slug"), Competition.name.label("competition_name"),
    Competition.series, Competition.year, Event.discipline_code, Event.sex,
    Round.slug.label("round_slug"), Athlete.slug.label("athlete_slug"),
    Athlete.name.label("athlete_name"), Athlete.country_code.label("athlete_country"),
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
        .join(Placing, Placing.id == PlacingChange.placing_id)
        .join(Round, Round.id == Placing.round_id)
        .join(Event, Event.id == Round.event_id)
        .join(Competition, Competition.id == Event.competition_id)
        .outerjoin(Athlete, Athlete.id == Placing.athlete_id)
    )
    if competition is not None:
        statement = statement.where(Competition.slug == competition)
    if athlete is not None:
        statement = statement.where(Athlete.slug == athlete)
    if isinstance(since, dt.datetime):
        statement = statement.where(PlacingChange.recorded_at > since)
    elif since is not None:
        statement = statement.where(PlacingChange.id > since)
    rows = (
        await session.execute(
            statement.order_by(PlacingChange.id).limit(page.limit).offset(page.offset)
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
