"""What Podium holds: per series and per competition, how many events at each coverage level."""

from pydantic import BaseModel, Field

from app.core.fields import SeriesCode


class CoverageCounts(BaseModel):
    """Events by how much of them Podium holds."""

    medallists: int = Field(description="Events held as their medallists only.")
    partial: int = Field(description="Events held as their medallists and some other finishers.")
    final: int = Field(description="Events whose final is held in full.")
    all_rounds: int = Field(
        alias="all-rounds", description="Events held with every round (heats, semi-finals)."
    )
    total: int = Field(description="Events held.")

    model_config = {"populate_by_name": True}


class SeriesCoverage(CoverageCounts):
    """One championship series: its editions held and their events."""

    series: SeriesCode = Field(description="The championship series.")
    first_year: int = Field(description="Earliest edition held.")
    last_year: int = Field(description="Latest edition held.")
    competitions: int = Field(description="Editions held.")


class CompetitionCoverage(CoverageCounts):
    """One championship edition and its events by coverage level."""

    slug: str = Field(description="Competition slug.")
    series: SeriesCode = Field(description="The championship series.")
    year: int = Field(description="Edition year.")


class CoverageReport(BaseModel):
    """What the data set covers, so that no answer pretends to be complete."""

    summary: str = Field(description="One sentence for a front-end to show.")
    series: list[SeriesCoverage] = Field(description="Per series.")
    competitions: list[CompetitionCoverage] = Field(description="Per edition, oldest first.")
