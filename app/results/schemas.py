"""API models for placings and round results."""

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field, StrictInt, model_validator

from app.athletes.schemas import AthleteSummary
from app.competitions.schemas import CompetitionSummary, RoundSummary
from app.core.enums import RECORD_FLAGS, Sex, Status
from app.core.fields import Body, CountryCode, IsoDate, Qualification, RecordFlag, Slug, keep


class TeamMember(BaseModel):
    """A relay team member and the leg run."""

    athlete: AthleteSummary = Field(description="The runner.")
    leg: int | None = Field(description="Leg order (1-4); null when not known.")


class PlacingRead(BaseModel):
    """One athlete's (or relay team's) result in a round."""

    id: int = Field(description="Placing id (stable; used to correct a placing).")
    place: int | None = Field(description="Place; tied athletes share one; null if not placed.")
    athlete: AthleteSummary | None = Field(description="The athlete; null for a relay team.")
    members: list[TeamMember] | None = Field(description="Relay team members; null otherwise.")
    country: str = Field(description="Country represented at this competition.")
    mark: str | None = Field(description="Mark as displayed, e.g. `3:27.65`.")
    status: Status = Field(description="ok, dnf, dns, dq or nm.")
    qualification: str | None = Field(description="`Q` (by place) or `q` (by time) in heats.")
    records: list[RecordFlag] = Field(description=f"Record flags: {', '.join(RECORD_FLAGS)}.")
    note: str | None = Field(description="Remarks, e.g. an injury or a disqualification rule.")
    reallocated: bool = Field(description="True when the place was changed after the race.")


class RoundResults(RoundSummary):
    """A round with its full result."""

    competition: CompetitionSummary = Field(description="The competition.")
    event: str = Field(description="Event slug, e.g. `men-1500m`.")
    discipline: str = Field(description="Discipline code.")
    sex: Sex = Field(description="Event sex.")
    placings: list[PlacingRead] = Field(
        description="By place, then non-finishers (dnf, dq, dns, nm), then name."
    )


class MemberWrite(Body):
    """A relay member by athlete slug."""

    athlete: Slug = Field(description="Athlete slug.")
    leg: StrictInt | None = Field(default=None, ge=1, le=8, description="Leg order.")


class PlacingCreate(Body):
    """A new placing in a round: an athlete, or a relay team with `members`."""

    athlete: Slug | None = Field(default=None, description="Athlete slug.")
    members: list[MemberWrite] | None = Field(
        default=None, max_length=8, description="Relay members (relay events only)."
    )
    country: CountryCode = Field(description="Country represented.")
    place: StrictInt | None = Field(default=None, ge=1, le=1000, description="Place.")
    mark: str | None = Field(default=None, max_length=20, description="Mark, e.g. `3:27.65`.")
    status: Status = Field(default=Status.ok, description="ok, dnf, dns, dq or nm.")
    qualification: Qualification | None = Field(default=None, description="Q or q.")
    records: list[RecordFlag] = Field(default_factory=list, max_length=8, description="Flags.")
    note: str | None = Field(default=None, max_length=2000, description="Remarks.")

    @model_validator(mode="after")
    def _athlete_or_team(self) -> "PlacingCreate":
        if (self.athlete is None) == (self.members is None):
            raise ValueError("give exactly one of `athlete` or `members`")
        return self


class PlacingUpdate(Body):
    """A correction to a placing; place, status and mark changes are written to the ledger."""

    place: StrictInt | None = Field(default=None, ge=1, le=1000, description="New place.")
    mark: str | None = Field(default=None, max_length=20, description="New mark.")
    status: Status = keep(description="New status.")
    qualification: Qualification | None = Field(default=None, description="Q or q.")
    records: list[RecordFlag] | None = Field(default=None, max_length=8, description="Flags.")
    note: str | None = Field(default=None, max_length=2000, description="Remarks.")
    reason: str = Field(min_length=3, max_length=2000, description="Why (kept in the ledger).")
    effective_date: IsoDate | None = Field(
        default=None, description="When the change took effect (default today)."
    )


class LedgerEntry(BaseModel):
    """One recorded change to a placing."""

    model_config = ConfigDict(from_attributes=True)

    field: str = Field(description="Changed field: place, status, mark, country.")
    old_value: str | None = Field(description="Value before.")
    new_value: str | None = Field(description="Value after.")
    reason: str = Field(description="Why it changed.")
    effective_date: dt.date = Field(description="When the change took effect.")
    actor: str = Field(description="Token or import that made the change.")
