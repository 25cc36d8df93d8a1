"""Every table, imported in one place so Alembic and the tests see the whole metadata."""

from sqlmodel import SQLModel

import app.core.tables  # noqa: F401  (naming convention first)
from app.athletes.models import Athlete
from app.auth.models import ApiToken, DataRevision
from app.competitions.models import Competition, Event, Round
from app.feed.models import ChangeLog
from app.imports.models import ImportedFile
from app.reference.models import Country, Discipline
from app.results.models import Placing, PlacingChange, RelayMember

metadata = SQLModel.metadata

__all__ = [
    "ApiToken",
    "Athlete",
    "ChangeLog",
    "Competition",
    "Country",
    "DataRevision",
    "Discipline",
    "Event",
    "ImportedFile",
    "Placing",
    "PlacingChange",
    "RelayMember",
    "Round",
    "metadata",
]
