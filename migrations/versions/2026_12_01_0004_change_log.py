"""change log: every write to the results, recorded by triggers, for the mirror feed

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 15:00:00

Triggers (not application code) record what changed, so that every write path -- API, importer,
seed, a future bulk loader, even hand-written SQL -- lands in the log. Each entry names an entity
(placing, athlete, round, event, competition), its id and the operation. A relay member or a
ledger row is recorded as a change of its placing. PostgreSQL uses statement-level triggers with
transition tables (one INSERT per statement, cheap for bulk loads); SQLite row triggers.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (table, operation, entity recorded, column holding the entity's id)
LOGGED = [
    ("placing", "INSERT", "placing", "id"),
    ("placing", "UPDATE", "placing", "id"),
    ("placing", "DELETE", "placing", "id"),
    ("relay_member", "INSERT", "placing", "placing_id"),
    ("relay_member", "DELETE", "placing", "placing_id"),
    ("placing_change", "INSERT", "placing", "placing_id"),
    ("athlete", "UPDATE", "athlete", "id"),
    ("round", "UPDATE", "round", "id"),
    ("event", "INSERT", "event", "id"),
    ("event", "UPDATE", "event", "id"),
    ("competition", "INSERT", "competition", "id"),
    ("competition", "UPDATE", "competition", "id"),
]
CODE = {"INSERT": "i", "UPDATE": "u", "DELETE": "d"}


def _name(table: str, operation: str) -> str:
    return f"trg_change_log_{table}_{operation.lower()}"


def upgrade() -> None:
    op.create_table(
        "change_log",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("entity", sa.String(length=20), nullable=False),
        sa.Column("entity_id", sa.BigInteger(), nullable=False),
        sa.Column("op", sa.String(length=1), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change_log")),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            """
            CREATE FUNCTION podium_change_log() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              EXECUTE format(
                'INSERT INTO change_log (entity, entity_id, op) '
                'SELECT DISTINCT %L, %I, %L FROM changed_rows ORDER BY 2',
                TG_ARGV[0], TG_ARGV[1], TG_ARGV[2]);
              RETURN NULL;
            END $$
            """
        )
        for table, operation, entity, column in LOGGED:
            rows = "OLD TABLE" if operation == "DELETE" else "NEW TABLE"
            op.execute(
                f'CREATE TRIGGER {_name(table, operation)} AFTER {operation} ON "{table}" '
                f"REFERENCING {rows} AS changed_rows FOR EACH STATEMENT "
                f"EXECUTE FUNCTION podium_change_log('{entity}', '{column}', "
                f"'{CODE[operation]}')"
            )
    else:
        for table, operation, entity, column in LOGGED:
            row = "OLD" if operation == "DELETE" else "NEW"
            op.execute(
                f"CREATE TRIGGER {_name(table, operation)} AFTER {operation} ON {table} "
                f"BEGIN INSERT INTO change_log (entity, entity_id, op) "
                f"VALUES ('{entity}', {row}.{column}, '{CODE[operation]}'); END"
            )


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for table, operation, _, _ in LOGGED:
        on = f' ON "{table}"' if postgres else ""
        op.execute(f"DROP TRIGGER IF EXISTS {_name(table, operation)}{on}")
    if postgres:
        op.execute("DROP FUNCTION IF EXISTS podium_change_log()")
    op.drop_table("change_log")
