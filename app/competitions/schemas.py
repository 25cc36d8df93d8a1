"""API models for competitions, events and rounds."""

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field, StrictInt, model_validator

from app.core.enums import Coverage, Phase, Sex
from app.core.fields import Body, CountryCode, IsoDate, SeriesCode, Slug, keep
from app.core.pagination import Page


class CompetitionSummary(BaseModel):
    """A competition as embedded in other answers."""

    model_config = ConfigDict(from_attributes=True)

    slug: str = Field(description="e.g. `olympic-games-2024`, `world-championships-2023`.")
    name: str = Field(description="Display name, e.g. `Paris 2024 Olympic Games`.")
    series: SeriesCode = Field(description="The championship series.")
    year: int = Field(description="Edition year (Tokyo 2020 is 2020, though held in 2021).")


class CompetitionRead(CompetitionSummary):
    """A championship edition."""

    city: str | None = Field(description="Host city.")
    host_country: str | None = Field(description="Host country code.")
    start_date: dt.date | None = Field(description="First day.")
    end_date: dt.date | None = Field(description="Last day.")
    sources: list[str] = Field(description="Where the stored results were checked.")
    notes: str | None = Field(description="Caveats about the stored results.")


class CompetitionDetail(CompetitionRead):
    """A competition with its events."""

    events: list["EventSummary"] = Field(description="Events held, by discipline and sex.")


class CompetitionCreate(Body):
    """A new competition."""

    slug: Slug = Field(description="Slug.")
    name: str = Field(min_length=1, max_length=200, description="Display name.")
    series: SeriesCode = Field(description="Championship series.")
    year: StrictInt = Field(ge=1896, le=2100, description="Edition year.")
    city: str | None = Field(default=None, max_length=100, description="Host city.")
    host_country: CountryCode | None = Field(default=None, description="Host country code.")
    start_date: IsoDate | None = Field(default=None, description="First day.")
    end_date: IsoDate | None = Field(default=None, description="Last day.")
    sources: list[str] = Field(default_factory=list, description="Source URLs.")
    notes: str | None = Field(default=None, max_length=5000, description="Caveats.")

    @model_validator(mode="after")
    def _dates_ordered(self) -> "CompetitionCreate":
        if self.start_date and self.end_date and self.start_date > self.end_date:
            raise ValueError("start_date must not be after end_date")
        return self


class CompetitionUpdate(Body):
    """Fields of a competition to change."""

    name: str = keep(min_length=1, max_length=200, description="Name.")
    city: str | None = Field(default=None, max_length=100, description="Host city.")
    start_date: IsoDate | None = Field(default=None, description="First day.")
    end_date: IsoDate | None = Field(default=None, description="Last day.")
    sources: list[str] = keep(description="Source URLs.")
    notes: str | None = Field(default=None, max_length=5000, description="Caveats.")


class EventSummary(BaseModel):
    """An event: a discipline for one sex at one competition."""

    slug: str = Field(description="`<sex>-<discipline>`, e.g. `men-1500m`.")
    discipline: str = Field(description="Discipline code.")
    sex: Sex = Field(description="`men`, `women` or `mixed`.")
    coverage: Coverage = Field(
        default=Coverage.medallists,
        description="What Podium holds of it: `medallists` only, a `partial` final "
        "(medallists and some other finishers), the complete `final`, or `all-rounds`.",
    )


class RoundSummary(BaseModel):
    """A round (race) of an event."""

    model_config = ConfigDict(from_attributes=True)

    slug: str = Field(description="`final`, `semi-final-2`, `heat-3`.")
    phase: Phase = Field(description="heat, repechage, semi-final or final.")
    heat: int | None = Field(description="Heat number within the phase; null for one race.")
    date: dt.date | None = Field(description="Day of the race.")
    wind: str | None = Field(description="Wind reading, e.g. `+0.4`.")


class EventDetail(EventSummary):
    """An event with its competition and rounds."""

    competition: CompetitionSummary = Field(description="Where the event was held.")
    rounds: list[RoundSummary] = Field(description="Rounds, heats first, final last.")
    sources: list[str] = Field(default_factory=list, description="Where its results were checked.")
    notes: str | None = Field(default=None, description="Caveats: gaps, disagreements settled.")


class EventCreate(Body):
    """A new event of a competition."""

    discipline: str = Field(max_length=40, description="Discipline code, e.g. `1500m`.")
    sex: Sex = Field(description="`men`, `women` or `mixed`.")


class RoundCreate(Body):
    """A new round of an event."""

    phase: Phase = Field(description="heat, repechage, semi-final or final.")
    heat: StrictInt | None = Field(default=None, ge=1, le=99, description="Heat number.")
    date: IsoDate | None = Field(default=None, description="Day of the race.")
    wind: str | None = Field(default=None, max_length=10, description="Wind reading.")


class RoundUpdate(Body):
    """Fields of a round to change."""

    date: IsoDate | None = Field(default=None, description="Day of the race.")
    wind: str | None = Field(default=None, max_length=10, description="Wind reading.")


class CompetitionPage(Page[CompetitionRead]):
    """A page of competitions."""
