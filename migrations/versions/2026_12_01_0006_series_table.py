"""series as data: a `series` table referenced by competition.series (was a CHECK constraint)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 17:20:00

A series is a row (code, name, indoor, awards_medals), seeded from app/data/series.json; a
competition names its series by a foreign key, so a new series needs data, not code, and an
unknown series is refused by name instead of failing a CHECK constraint. The six series the
CHECK constraint allowed are inserted here so that stored competitions keep a valid reference.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SERIES = (
    ("olympic-games", "Olympic Games", False, True),
    ("world-championships", "World Championships", False, True),
    ("world-indoor-championships", "World Indoor Championships", True, True),
    ("european-championships", "European Championships", False, True),
    ("commonwealth-games", "Commonwealth Games", False, True),
    ("diamond-league-final", "Diamond League Final", False, False),
)


# SQLite recreates `competition` for the batch change, which drops its triggers: the change-log
# triggers of migration 0004 are created again (PostgreSQL alters the table in place).
CHANGE_LOG_TRIGGERS = (("INSERT", "i"), ("UPDATE", "u"))


def _recreate_sqlite_triggers() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for operation, code in CHANGE_LOG_TRIGGERS:
        op.execute(
            f"CREATE TRIGGER trg_change_log_competition_{operation.lower()} AFTER {operation} "
            "ON competition BEGIN INSERT INTO change_log (entity, entity_id, op) "
            f"VALUES ('competition', NEW.id, '{code}'); END"
        )


def upgrade() -> None:
    series = op.create_table(
        "series",
        sa.Column("code", sa.String(length=60), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("indoor", sa.Boolean(), nullable=False),
        sa.Column("awards_medals", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_series")),
    )
    op.bulk_insert(
        series,
        [dict(zip(("code", "name", "indoor", "awards_medals"), row, strict=True)) for row in SERIES],
    )
    with op.batch_alter_table("competition") as batch:
        batch.drop_constraint(op.f("ck_competition_series"), type_="check")
        batch.alter_column(
            "series", existing_type=sa.String(length=32), type_=sa.String(length=60)
        )
        batch.create_foreign_key(
            op.f("fk_competition_series_series"), "series", ["series"], ["code"]
        )
    _recreate_sqlite_triggers()


def downgrade() -> None:
    known = ", ".join(repr(code) for code, *_ in SERIES)
    op.execute(f"DELETE FROM competition WHERE series NOT IN ({known})")
    with op.batch_alter_table("competition") as batch:
        batch.drop_constraint(op.f("fk_competition_series_series"), type_="foreignkey")
        batch.alter_column(
            "series", existing_type=sa.String(length=60), type_=sa.String(length=32)
        )
        batch.create_check_constraint(op.f("ck_competition_series"), f"series IN ({known})")
    _recreate_sqlite_triggers()
    op.drop_table("series")
