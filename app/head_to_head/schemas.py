"""API models for head-to-head records."""

from pydantic import BaseModel, Field

from app.athletes.schemas import AthleteSummary
from app.competitions.schemas import CompetitionSummary
from app.core.enums import Status


class RaceSide(BaseModel):
    """One athlete's result in a shared race."""

    place: int | None = Field(description="Place in the race.")
    mark: str | None = Field(description="Mark, when known.")
    status: Status = Field(description="ok, dnf, dns, dq or nm.")


class SharedRace(BaseModel):
    """A round both athletes were entered in, and who finished ahead."""

    competition: CompetitionSummary = Field(description="The competition.")
    event: str = Field(description="Event slug, e.g. `men-1500m`.")
    round: str = Field(description="Round slug, e.g. `final`, `heat-2`.")
    athlete: RaceSide = Field(description="The first athlete's result.")
    other: RaceSide = Field(description="The second athlete's result.")
    winner: str | None = Field(
        description="Slug of the athlete who finished ahead; null for no decision."
    )


class HeadToHead(BaseModel):
    """Two athletes' record in the races they shared, oldest first."""

    athlete: AthleteSummary = Field(description="The first athlete.")
    other: AthleteSummary = Field(description="The second athlete.")
    wins: int = Field(description="Races the first athlete finished ahead.")
    losses: int = Field(description="Races the second athlete finished ahead.")
    no_decision: int = Field(description="Races with no decision (neither finished, or a tie).")
    races: list[SharedRace] = Field(description="Every shared race, oldest first.")
