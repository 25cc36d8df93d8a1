"""trigram index for the athlete name search

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 20:10:00

`GET /v1/athletes?q=` matches a substring of the folded name (`LIKE '%kip%'`), which a B-tree
cannot serve (app/athletes/search.py). PostgreSQL: pg_trgm's GIN index, where the server offers
the extension (otherwise the search scans, as before, and a warning says so). SQLite: an FTS5
table with the trigram tokenizer over `athlete.name_folded` (external content: it stores only
the index), kept by triggers; a later batch migration that recreates `athlete` drops those
triggers and must create them again (see 0006 for the pattern).
"""

import logging
from collections.abc import Sequence

from alembic import op
from sqlalchemy import text

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

logger = logging.getLogger("alembic.runtime.migration")

_SQLITE_UP = [
    "CREATE VIRTUAL TABLE athlete_name_search USING fts5("
    "name_folded, content='athlete', content_rowid='id', tokenize='trigram')",
    # A bulk import pauses the insert trigger (a row in this table, inside its own transaction)
    # and indexes its new athletes in one statement: 3.5x cheaper (app/athletes/search.py).
    "CREATE TABLE athlete_name_search_paused (paused INTEGER NOT NULL)",
    "CREATE TRIGGER athlete_name_search_insert AFTER INSERT ON athlete "
    "WHEN NOT EXISTS (SELECT 1 FROM athlete_name_search_paused) BEGIN "
    "INSERT INTO athlete_name_search(rowid, name_folded) VALUES (new.id, new.name_folded); END",
    "CREATE TRIGGER athlete_name_search_delete AFTER DELETE ON athlete BEGIN "
    "INSERT INTO athlete_name_search(athlete_name_search, rowid, name_folded) "
    "VALUES ('delete', old.id, old.name_folded); END",
    "CREATE TRIGGER athlete_name_search_update AFTER UPDATE OF name_folded ON athlete BEGIN "
    "INSERT INTO athlete_name_search(athlete_name_search, rowid, name_folded) "
    "VALUES ('delete', old.id, old.name_folded); "
    "INSERT INTO athlete_name_search(rowid, name_folded) VALUES (new.id, new.name_folded); END",
    "INSERT INTO athlete_name_search(athlete_name_search) VALUES ('rebuild')",
]
_SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS athlete_name_search_insert",
    "DROP TRIGGER IF EXISTS athlete_name_search_delete",
    "DROP TRIGGER IF EXISTS athlete_name_search_update",
    "DROP TABLE IF EXISTS athlete_name_search",
    "DROP TABLE IF EXISTS athlete_name_search_paused",
]


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for statement in _SQLITE_UP:
            op.execute(statement)
        return
    offered = bind.execute(
        text("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
    ).scalar()
    if not offered:
        logger.warning("pg_trgm is not installed on this server: athlete search will scan")
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.execute(
        "CREATE INDEX ix_athlete_name_folded_trgm ON athlete USING gin (name_folded gin_trgm_ops)"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in _SQLITE_DOWN:
            op.execute(statement)
        return
    op.execute("DROP INDEX IF EXISTS ix_athlete_name_folded_trgm")
