"""index events by discipline and sex

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 20:30:00

Medal questions narrowed to a discipline across editions (`/v1/medallists?discipline=1500m`)
found their events by scanning every event on PostgreSQL (11,700 at 1M placings, twice per
statement: once per branch of the medal union; docs/performance.md).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_event_discipline_code_sex", "event", ["discipline_code", "sex"])


def downgrade() -> None:
    op.drop_index("ix_event_discipline_code_sex", table_name="event")
