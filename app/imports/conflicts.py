"""Name the cause of an import conflict before the database refuses it.

A unique violation raised by the database cannot say which line of the file caused it; these
checks run just before the importer writes a competition, so the error carries the row's line
(CSV) or path (JSON) and field, e.g. "competition olympic-games-2952 has series olympic-games
and year 1952, which competition olympic-games-1952 already has".

The importer calls `competition_conflict()` from one place, `Importer._competition_id`, before it
inserts a new competition or updates a stored one's series/year; any other violation that still
reaches the database is described by `app.core.errors.describe_integrity_error` (409, naming
table, fields and values). Writes are serialized by the write lock, so a check cannot go stale
between here and the insert.
"""

from typing import Any

from sqlalchemy import Connection, select

from app.competitions.models import Competition
from app.core.tables import table_of

COMPETITION = table_of(Competition)


def competition_conflict(
    connection: Connection, slug: str, values: dict[str, Any], own_id: int | None = None
) -> tuple[str, str] | None:
    """(field, message) when another competition already has this series and year, else None.

    `values` are the competition's columns as the file gives them (a new competition, or the
    changes to a stored one, merged over its stored values); `own_id` is the stored row's id.
    """
    series, year = values.get("series"), values.get("year")
    if series is None or year is None:
        return None
    statement = select(COMPETITION.c.slug).where(
        COMPETITION.c.series == series, COMPETITION.c.year == year
    )
    if own_id is not None:
        statement = statement.where(COMPETITION.c.id != own_id)
    other = connection.execute(statement.limit(1)).scalar_one_or_none()
    if other is None:
        return None
    message = (
        f"competition {slug} has series {series} and year {year}, "
        f"which competition {other} already has"
    )
    return "year", message
