"""Coverage counts: one grouped statement over events."""

from collections import defaultdict
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from app.competitions.models import Competition, Event
from app.core.enums import Coverage as Level
from app.coverage.schemas import CompetitionCoverage, CoverageReport, SeriesCoverage
from app.reference.models import Series


def _counts(levels: dict[str, int]) -> dict[str, int]:
    counts = {level.value: levels.get(level.value, 0) for level in Level}
    return {**counts, "total": sum(counts.values())}


async def coverage(session: AsyncSession) -> CoverageReport:
    rows = await session.execute(
        select(
            col(Competition.slug),
            col(Competition.series),
            col(Series.name),
            col(Competition.year),
            col(Event.coverage),
            func.count(),
        )
        .join(Event, col(Event.competition_id) == col(Competition.id))
        .join(Series, col(Series.code) == col(Competition.series))
        .group_by(
            col(Competition.slug),
            col(Competition.series),
            col(Series.name),
            col(Competition.year),
            col(Event.coverage),
        )
        .order_by(col(Competition.year), col(Competition.series))
    )
    editions: dict[tuple[str, str, int], dict[str, int]] = defaultdict(dict)
    names: dict[str, str] = {}
    for slug, series, name, year, level, count in rows:
        editions[(slug, series, year)][Level(level).value] = count
        names[series] = name
    competitions = [
        CompetitionCoverage(slug=slug, series=series, year=year, **_counts(levels))
        for (slug, series, year), levels in editions.items()
    ]
    by_series: dict[str, list[CompetitionCoverage]] = defaultdict(list)
    for item in competitions:
        by_series[item.series].append(item)
    per_series = [_series(s, items) for s, items in sorted(by_series.items())]
    return CoverageReport(
        summary=_summary(per_series, names), series=per_series, competitions=competitions
    )


def _series(series: str, items: list[CompetitionCoverage]) -> SeriesCoverage:
    levels: dict[str, Any] = {
        level.value: sum(getattr(i, level.name) for i in items) for level in Level
    }
    return SeriesCoverage(
        series=series,
        first_year=min(i.year for i in items),
        last_year=max(i.year for i in items),
        competitions=len(items),
        **_counts(levels),
    )


def _years(s: SeriesCoverage) -> str:
    return str(s.first_year) if s.first_year == s.last_year else f"{s.first_year}-{s.last_year}"


def _summary(series: list[SeriesCoverage], names: dict[str, str]) -> str:
    if not series:
        return "Podium holds no results yet."
    parts = [
        f"{names[s.series]} {_years(s)} "
        f"({s.total} events: {s.all_rounds + s.final} with full finals)"
        for s in series
    ]
    return "Medals and results from " + "; ".join(parts) + ". See /v1/coverage for each edition."
