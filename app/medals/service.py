"""Medal answers: cabinets, repeat medallists and medal tables, each a few SQL statements."""

from collections import Counter
from typing import Any

from sqlalchemy import Integer, Row, desc, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.athletes.models import Athlete
from app.athletes.schemas import AthleteSummary
from app.athletes.service import get_athlete
from app.competitions.schemas import CompetitionSummary
from app.competitions.service import get_competition
from app.competitions.slugs import event_slug
from app.core.crud import count
from app.core.enums import Medal, Series
from app.core.pagination import PageParams
from app.medals.definition import athlete_medals, medal_placings
from app.medals.schemas import (
    MedalCabinet,
    MedalCount,
    MedalEvent,
    MedalItem,
    Medallist,
    MedallistPage,
    MedalTable,
    MedalTableRow,
    SeriesCount,
)


def _item(row: Row[Any]) -> MedalItem:
    return MedalItem(
        medal=row.medal,
        competition=CompetitionSummary(
            slug=row.competition_slug, name=row.competition_name, series=row.series, year=row.year
        ),
        event=MedalEvent(
            slug=event_slug(row.sex, row.discipline), discipline=row.discipline, sex=row.sex
        ),
        place=row.place,
        mark=row.mark,
        country=row.country_code,
        date=row.date,
        reallocated=bool(row.reallocated),
        relay=bool(row.relay),
    )


def _count(items: list[MedalItem]) -> MedalCount:
    colours = Counter(item.medal for item in items)
    return MedalCount(
        gold=colours[Medal.gold],
        silver=colours[Medal.silver],
        bronze=colours[Medal.bronze],
        total=len(items),
    )


def _chronological(statement: Any) -> Any:
    sub = statement.subquery()
    return select(sub).order_by(
        sub.c.year, sub.c.start_date, sub.c.date, sub.c.discipline, sub.c.sex
    )


async def cabinet(session: AsyncSession, slug: str, **filters: Any) -> MedalCabinet:
    """An athlete's medals: two statements (athlete, medals)."""
    athlete = await get_athlete(session, slug)
    rows = await session.execute(_chronological(athlete_medals(athlete.id, **filters)))
    items = [_item(row) for row in rows]
    by_series = [
        SeriesCount(
            series=series,
            **_count([i for i in items if i.competition.series == series]).model_dump(),
        )
        for series in Series
        if any(i.competition.series == series for i in items)
    ]
    return MedalCabinet(
        athlete=AthleteSummary(slug=athlete.slug, name=athlete.name, country=athlete.country_code),
        totals=_count(items),
        by_series=by_series,
        medals=items,
    )


async def medallists(
    session: AsyncSession,
    page: PageParams,
    min_editions: int,
    max_editions: int | None,
    **filters: Any,
) -> MedallistPage:
    """Athletes with medals at >= N distinct editions: three statements (page, total, medals)."""
    medals = athlete_medals(**filters).subquery()
    editions = func.count(medals.c.competition_id.distinct())
    golds = func.sum((medals.c.place == 1).cast(Integer))
    silvers = func.sum((medals.c.place == 2).cast(Integer))
    grouped = (
        select(
            medals.c.athlete_id,
            editions.label("editions"),
            golds.label("golds"),
            silvers.label("silvers"),
        )
        .group_by(medals.c.athlete_id)
        .having(editions >= min_editions)
    )
    if max_editions is not None:
        grouped = grouped.having(editions <= max_editions)
    ranked = grouped.subquery()
    statement = (
        select(
            ranked.c.athlete_id, ranked.c.editions, Athlete.slug, Athlete.name, Athlete.country_code
        )
        .join(Athlete, Athlete.id == ranked.c.athlete_id)
        .order_by(
            desc(ranked.c.editions),
            desc(ranked.c.golds),
            desc(ranked.c.silvers),
            Athlete.name_folded,
        )
    )
    page_rows = (await session.execute(statement.limit(page.limit).offset(page.offset))).all()
    total = await count(session, grouped)
    ids = [row.athlete_id for row in page_rows]
    by_athlete: dict[int, list[MedalItem]] = {i: [] for i in ids}
    if ids:
        detail = athlete_medals(**filters).subquery()
        medal_rows = await session.execute(
            select(detail)
            .where(detail.c.athlete_id.in_(ids))
            .order_by(detail.c.year, detail.c.start_date, detail.c.date, detail.c.discipline)
        )
        for row in medal_rows:
            by_athlete[row.athlete_id].append(_item(row))
    items = [
        Medallist(
            athlete=AthleteSummary(slug=row.slug, name=row.name, country=row.country_code),
            editions=row.editions,
            totals=_count(by_athlete[row.athlete_id]),
            medals=by_athlete[row.athlete_id],
        )
        for row in page_rows
    ]
    return MedallistPage(items=items, total=total, limit=page.limit, offset=page.offset)


async def medal_table(
    session: AsyncSession, competition: str | None = None, **filters: Any
) -> MedalTable:
    """Medals per country (teams once): one statement, plus the competition lookup."""
    summary = None
    if competition is not None:
        summary = CompetitionSummary.model_validate(await get_competition(session, competition))
    medals = medal_placings(competition=competition, **filters).subquery()
    gold = func.count().filter(medals.c.place == 1)
    silver = func.count().filter(medals.c.place == 2)
    bronze = func.count().filter(medals.c.place == 3)
    rank = func.rank().over(order_by=(desc(gold), desc(silver), desc(bronze)))
    statement = (
        select(
            medals.c.country_code,
            gold.label("gold"),
            silver.label("silver"),
            bronze.label("bronze"),
            rank.label("rank"),
        )
        .group_by(medals.c.country_code)
        .order_by(desc(gold), desc(silver), desc(bronze), medals.c.country_code)
    )
    rows = [
        MedalTableRow(
            rank=r.rank,
            country=r.country_code,
            gold=r.gold,
            silver=r.silver,
            bronze=r.bronze,
            total=r.gold + r.silver + r.bronze,
        )
        for r in await session.execute(statement)
    ]
    totals = MedalCount(
        gold=sum(r.gold for r in rows),
        silver=sum(r.silver for r in rows),
        bronze=sum(r.bronze for r in rows),
        total=sum(r.total for r in rows),
    )
    return MedalTable(competition=summary, rows=rows, totals=totals)
