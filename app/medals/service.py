"""Medal answers: cabinets, repeat medallists and medal tables, each a few SQL statements."""

from dataclasses import replace
from functools import lru_cache
from typing import Any

from sqlalchemy import Integer, Row, bindparam, desc, func, select, true
from sqlmodel import col

from app.athletes.models import Athlete
from app.athletes.paths import AthleteRow, unknown_athlete
from app.athletes.schemas import AthleteSummary
from app.competitions.models import Competition
from app.competitions.schemas import CompetitionSummary
from app.competitions.slugs import event_slug
from app.core.crud import page_total
from app.core.enums import Medal
from app.core.pagination import PageParams
from app.core.reads import Reader, Shape
from app.medals.definition import MedalFilters, athlete_medals, medal_placings
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
    gold = silver = 0
    for item in items:
        if item.medal is Medal.gold:
            gold += 1
        elif item.medal is Medal.silver:
            silver += 1
    total = len(items)
    return MedalCount(gold=gold, silver=silver, bronze=total - gold - silver, total=total)


_WHO = Shape(Athlete, "who_")  # the cabinet's athlete, ahead of each medal row's columns


@lru_cache(maxsize=64)
def _cabinet_statement(keys: frozenset[str]) -> Any:
    """The athlete whose slug is bound as `slug` and their medals, oldest first, in one
    statement: the athlete's columns and then one medal per row, or a single row with null
    medal columns when they have none; no row when no athlete has the slug."""
    athlete_id = select(col(Athlete.id)).where(col(Athlete.slug) == bindparam("slug"))
    medals = athlete_medals(keys, athlete=athlete_id.scalar_subquery()).subquery("medal")
    return (
        select(*_WHO.labels, medals)
        .select_from(Athlete)
        .outerjoin(medals, true())
        .where(col(Athlete.slug) == bindparam("slug"))
        .order_by(
            medals.c.year, medals.c.start_date, medals.c.date, medals.c.discipline, medals.c.sex
        )
    )


async def cabinet(reader: Reader, slug: str, filters: MedalFilters) -> MedalCabinet:
    """An athlete's medals, with the athlete named by the path: one statement."""
    keys, params = filters.bound()
    rows = await reader.rows(_cabinet_statement(keys), {**params, "slug": slug})
    if not rows:
        raise unknown_athlete(slug)
    athlete: AthleteRow = _WHO.of(rows[0])
    items = [_item(row) for row in rows if row.medal is not None]
    in_series: dict[str, list[MedalItem]] = {}
    for item in items:
        in_series.setdefault(item.competition.series, []).append(item)
    by_series = [
        SeriesCount(series=series, **_count(in_series[series]).model_dump())
        for series in sorted(in_series)
    ]
    return MedalCabinet(
        athlete=AthleteSummary(slug=athlete.slug, name=athlete.name, country=athlete.country_code),
        totals=_count(items),
        by_series=by_series,
        medals=items,
    )


@lru_cache(maxsize=64)
def _medallists_statements(keys: frozenset[str], bounded: bool) -> tuple[Any, Any]:
    """(the page's athletes with all their medals, total) for these filters, built once.

    One statement answers a page: the medal union is a CTE read twice (grouped per athlete to
    rank the page, then joined back for the page's medals), so it is evaluated once, not twice.
    """
    # MATERIALIZED (SQLite >= 3.35, PostgreSQL >= 12): computed once; inlined, SQLite re-ran
    # the union for each athlete of the page.
    medals = athlete_medals(keys).cte("medal").prefix_with("MATERIALIZED")
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
        .having(editions >= bindparam("min_editions"))
    )
    if bounded:
        grouped = grouped.having(editions <= bindparam("max_editions"))
    ranked = grouped.subquery()
    order = (desc(ranked.c.editions), desc(ranked.c.golds), desc(ranked.c.silvers))
    page = (
        select(
            ranked.c.athlete_id,
            ranked.c.editions,
            ranked.c.golds,
            ranked.c.silvers,
            col(Athlete.slug),
            col(Athlete.name),
            col(Athlete.name_folded),
            col(Athlete.country_code).label("athlete_country"),
            # The whole count rides along with the page: no second run of the medal union.
            func.count().over().label("_total"),
        )
        .join(Athlete, col(Athlete.id) == ranked.c.athlete_id)
        .order_by(*order, col(Athlete.name_folded))
        .limit(bindparam("limit"))
        .offset(bindparam("offset"))
        .subquery("page")
    )
    detail = [c for c in medals.c if c.key != "athlete_id"]
    answer = (
        select(page, *detail)
        .join(medals, medals.c.athlete_id == page.c.athlete_id)
        .order_by(
            desc(page.c.editions),
            desc(page.c.golds),
            desc(page.c.silvers),
            page.c.name_folded,
            page.c.athlete_id,
            medals.c.year,
            medals.c.start_date,
            medals.c.date,
            medals.c.discipline,
        )
    )
    total = select(func.count()).select_from(grouped.subquery())
    return answer, total


async def _scalar_int(reader: Reader, statement: Any, params: dict[str, Any]) -> int:
    row = await reader.first(statement, params)
    return int(row[0] or 0) if row is not None else 0


async def medallists(
    reader: Reader,
    page: PageParams,
    min_editions: int,
    max_editions: int | None,
    filters: MedalFilters,
) -> MedallistPage:
    """Athletes with medals at >= N distinct editions: one statement (the page's athletes, each
    row one of their medals, with the total); the total is counted apart only for a page past
    the end."""
    keys, params = filters.bound()
    params.update(min_editions=min_editions, max_editions=max_editions)
    answer, total_statement = _medallists_statements(keys, max_editions is not None)
    rows = await reader.rows(answer, {**params, "limit": page.limit, "offset": page.offset})
    total = await page_total(rows, page, lambda: _scalar_int(reader, total_statement, params))
    by_athlete: dict[int, list[MedalItem]] = {}
    firsts: list[Row[Any]] = []
    for row in rows:
        if row.athlete_id not in by_athlete:
            by_athlete[row.athlete_id] = []
            firsts.append(row)
        by_athlete[row.athlete_id].append(_item(row))
    items = [
        Medallist(
            athlete=AthleteSummary(slug=row.slug, name=row.name, country=row.athlete_country),
            editions=row.editions,
            totals=_count(by_athlete[row.athlete_id]),
            medals=by_athlete[row.athlete_id],
        )
        for row in firsts
    ]
    return MedallistPage(items=items, total=total, limit=page.limit, offset=page.offset)


@lru_cache(maxsize=64)
def _medal_table_statement(keys: frozenset[str]) -> Any:
    medals = medal_placings(keys).subquery()
    gold = func.count().filter(medals.c.place == 1)
    silver = func.count().filter(medals.c.place == 2)
    bronze = func.count().filter(medals.c.place == 3)
    rank = func.rank().over(order_by=(desc(gold), desc(silver), desc(bronze)))
    return (
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


async def medal_table(
    reader: Reader, filters: MedalFilters, competition: Competition | None = None
) -> MedalTable:
    """Medals per country (teams once): one statement (the competition is resolved by the path)."""
    summary = None if competition is None else CompetitionSummary.model_validate(competition)
    if competition is not None:
        filters = replace(filters, competition=competition.slug)
    keys, params = filters.bound()
    rows = [
        MedalTableRow(
            rank=r.rank,
            country=r.country_code,
            gold=r.gold,
            silver=r.silver,
            bronze=r.bronze,
            total=r.gold + r.silver + r.bronze,
        )
        for r in await reader.rows(_medal_table_statement(keys), params)
    ]
    totals = MedalCount(
        gold=sum(r.gold for r in rows),
        silver=sum(r.silver for r in rows),
        bronze=sum(r.bronze for r in rows),
        total=sum(r.total for r in rows),
    )
    return MedalTable(competition=summary, rows=rows, totals=totals)
