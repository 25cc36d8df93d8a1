"""notify listeners when the data revision changes (PostgreSQL)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 15:40:00

Every API process keeps a LISTEN connection (app/core/revision.py) and learns a new revision from
the notification instead of reading the row on every request. SQLite needs nothing: its
processes ask `PRAGMA data_version`.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        """
        CREATE FUNCTION podium_revision_notify() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          PERFORM pg_notify('podium_revision', NEW.revision::text);
          RETURN NULL;
        END $$
        """
    )
    op.execute(
        "CREATE TRIGGER trg_data_revision_notify AFTER UPDATE ON data_revision "
        "FOR EACH ROW WHEN (OLD.revision IS DISTINCT FROM NEW.revision) "
        "EXECUTE FUNCTION podium_revision_notify()"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER IF EXISTS trg_data_revision_notify ON data_revision")
    op.execute("DROP FUNCTION IF EXISTS podium_revision_notify()")
