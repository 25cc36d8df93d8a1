"""Corrections of placings, as listed by `GET /v1/changes`."""

import datetime as dt

from pydantic import Field

from app.athletes.schemas import AthleteSummary
from app.competitions.schemas import CompetitionSummary
from app.core.pagination import Page
from app.results.schemas import LedgerEntry


class Change(LedgerEntry):
    """One ledgered change of one field of a placing, with where the placing stands."""

    id: int = Field(description="Position in the ledger: entries are listed by it.")
    recorded_at: dt.datetime = Field(description="When Podium recorded it (UTC).")
    competition: CompetitionSummary = Field(description="Where the placing is.")
    event: str = Field(description="Event slug, e.g. `women-1500m`.")
    round: str = Field(description="Round slug, e.g. `final`.")
    placing_id: int = Field(description="The placing (its history: …/placings/{id}/history).")
    athlete: AthleteSummary | None = Field(description="The athlete; null for a relay team.")
    country: str = Field(description="Country the placing represents.")


class ChangePage(Page[Change]):
    """A page of the ledger, oldest entry first."""

    next_since: int | None = Field(
        description="Pass as `since` to get the entries after this page; null when none."
    )
