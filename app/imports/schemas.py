"""API models for imports."""

from pydantic import BaseModel, Field


class ImportCounts(BaseModel):
    """How many rows of each kind an import created or updated."""

    competitions: int = Field(default=0, description="Competitions.")
    events: int = Field(default=0, description="Events.")
    rounds: int = Field(default=0, description="Rounds.")
    athletes: int = Field(default=0, description="Athletes.")
    placings: int = Field(default=0, description="Placings.")


class ImportReport(BaseModel):
    """The outcome of an import (or of a dry run: what it would do)."""

    dry_run: bool = Field(description="True when nothing was written.")
    created: ImportCounts = Field(description="New rows.")
    updated: ImportCounts = Field(description="Changed rows (placing changes are in the ledger).")
    unchanged: int = Field(description="Placings already stored exactly as in the file.")
    already_imported: bool = Field(
        default=False,
        description="True when this very file (same bytes, same format) was imported before and "
        "nothing has been written since: it was not read again, and every placing in it is "
        "stored as given.",
    )
