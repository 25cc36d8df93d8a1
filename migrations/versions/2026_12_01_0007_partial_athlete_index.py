"""placing's athlete index covers athletes only (not relay teams)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 19:40:00

`ix_placing_athlete_id` becomes a partial index `WHERE athlete_id IS NOT NULL`. With every
relay team's placing in it under NULL, SQLite's planner answered the relay branch of the medal
definition (`athlete_id IS NULL`) by walking all team placings through the index: 12 ms for
`/v1/medallists?discipline=1500m` at 1M placings, where starting from the series' finals takes
well under 1 ms (docs/performance.md). Lookups by athlete (`athlete_id = ?`) still use it.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_NOT_NULL = sa.text("athlete_id IS NOT NULL")


def upgrade() -> None:
    op.drop_index("ix_placing_athlete_id", table_name="placing")
    op.create_index(
        "ix_placing_athlete_id",
        "placing",
        ["athlete_id"],
        sqlite_where=_NOT_NULL,
        postgresql_where=_NOT_NULL,
    )


def downgrade() -> None:
    op.drop_index("ix_placing_athlete_id", table_name="placing")
    op.create_index("ix_placing_athlete_id", "placing", ["athlete_id"])
