"""API models for medal cabinets, repeat medallists and medal tables."""

import datetime as dt

from pydantic import BaseModel, Field

from app.athletes.schemas import AthleteSummary
from app.competitions.schemas import CompetitionSummary
from app.core.enums import Medal, Sex
from app.core.fields import SeriesCode
from app.core.pagination import Page


class MedalEvent(BaseModel):
    """The event a medal was won in."""

    slug: str = Field(description="Event slug, e.g. `men-1500m`.")
    discipline: str = Field(description="Discipline code.")
    sex: Sex = Field(description="Event sex.")


class MedalItem(BaseModel):
    """One medal."""

    medal: Medal = Field(description="gold, silver or bronze.")
    competition: CompetitionSummary = Field(description="Where it was won.")
    event: MedalEvent = Field(description="The event.")
    place: int = Field(description="Final place (1-3).")
    mark: str | None = Field(description="Mark in the final, when known.")
    country: str = Field(description="Country represented when it was won.")
    date: dt.date | None = Field(description="Day of the final.")
    reallocated: bool = Field(description="Awarded or upgraded after a disqualification.")
    relay: bool = Field(description="Won as a member of a relay team.")


class MedalCount(BaseModel):
    """Medal totals."""

    gold: int = Field(description="Gold medals.")
    silver: int = Field(description="Silver medals.")
    bronze: int = Field(description="Bronze medals.")
    total: int = Field(description="All medals.")


class SeriesCount(MedalCount):
    """Medal totals in one championship series."""

    series: SeriesCode = Field(description="The series.")


class MedalCabinet(BaseModel):
    """An athlete's medals, oldest first."""

    athlete: AthleteSummary = Field(description="The athlete.")
    totals: MedalCount = Field(description="Totals across the listed medals.")
    by_series: list[SeriesCount] = Field(description="Totals per series.")
    medals: list[MedalItem] = Field(description="Every medal, oldest first.")


class Medallist(BaseModel):
    """An athlete with medals at several editions."""

    athlete: AthleteSummary = Field(description="The athlete.")
    editions: int = Field(description="Distinct competitions at which the athlete medalled.")
    totals: MedalCount = Field(description="Medal totals within the filters.")
    medals: list[MedalItem] = Field(description="The medals within the filters, oldest first.")


class MedalTableRow(MedalCount):
    """A country's line in a medal table."""

    rank: int = Field(description="Rank by gold, then silver, then bronze; equal rows share it.")
    country: str = Field(description="Country code (as represented when the medals were won).")


class MedalTable(BaseModel):
    """A medal table; a relay medal counts once per team, tied places as awarded."""

    competition: CompetitionSummary | None = Field(
        default=None, description="The competition, for a single championship's table."
    )
    rows: list[MedalTableRow] = Field(description="Ordered by gold, silver, bronze, then code.")
    totals: MedalCount = Field(description="Medals in the table.")


class MedallistPage(Page[Medallist]):
    """A page of medallists."""
