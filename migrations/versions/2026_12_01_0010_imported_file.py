"""files already imported (digest, data revision, schema version)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 22:00:00

A re-import of the same bytes at the same data revision and schema is answered without reading
the file again (app/imports/digest.py).
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "imported_file",
        sa.Column("digest", sa.String(length=80), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("schema_version", sa.String(length=40), nullable=False),
        sa.Column("placings", sa.Integer(), nullable=False),
        sa.Column("imported_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("digest", name=op.f("pk_imported_file")),
    )


def downgrade() -> None:
    op.drop_table("imported_file")
