"""event coverage, sources and notes; preliminary and qualification rounds; team disciplines

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 14:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PHASES_OLD = ("heat", "repechage", "semi-final", "final")
PHASES_NEW = ("preliminary", "qualification", *PHASES_OLD)
KINDS_OLD = ("track", "road", "field", "combined", "relay")
KINDS_NEW = (*KINDS_OLD, "team")
COVERAGE = ("medallists", "partial", "final", "all-rounds")


def _enum(values: tuple[str, ...], name: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def _check(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _swap_check(table: str, column: str, name: str, values: tuple[str, ...]) -> None:
    with op.batch_alter_table(table) as batch:
        batch.drop_constraint(op.f(f"ck_{table}_{name}"), type_="check")
        batch.create_check_constraint(op.f(f"ck_{table}_{name}"), _check(column, values))


def upgrade() -> None:
    with op.batch_alter_table("event") as batch:
        batch.add_column(
            sa.Column("coverage", _enum(COVERAGE, "coverage"), nullable=False,
                      server_default="medallists")
        )
        batch.add_column(sa.Column("sources", sa.JSON(), nullable=False, server_default="[]"))
        batch.add_column(sa.Column("notes", sa.String(), nullable=True))
    with op.batch_alter_table("event") as batch:
        batch.alter_column("sources", server_default=None)
    _swap_check("round", "phase", "phase", PHASES_NEW)
    _swap_check("discipline", "kind", "discipline_kind", KINDS_NEW)


def downgrade() -> None:
    op.execute("DELETE FROM round WHERE phase IN ('preliminary', 'qualification')")
    op.execute("DELETE FROM discipline WHERE kind = 'team'")
    _swap_check("discipline", "kind", "discipline_kind", KINDS_OLD)
    _swap_check("round", "phase", "phase", PHASES_OLD)
    with op.batch_alter_table("event") as batch:
        batch.drop_constraint(op.f("ck_event_coverage"), type_="check")
        batch.drop_column("notes")
        batch.drop_column("sources")
        batch.drop_column("coverage")
