"""Every enum stored behind a CHECK constraint holds exactly the values the migrations allow.

Alembic's drift check does not compare CHECK constraints, so a value added to an enum in
`app/core/enums.py` without a migration would pass it and then fail every insert of that value.
"""

import re

from sqlalchemy import Connection, Enum, text

from app.core import enums
from app.core.db import make_sync_engine
from app.models import metadata

STORED_ENUMS = {
    enums.Sex,
    enums.Phase,
    enums.Status,
    enums.DisciplineKind,
    enums.Unit,
    enums.Coverage,
}


def enum_columns() -> list[tuple[str, str, str, type]]:
    """(table, column, constraint name, enum class) for every enum column of the models."""
    found = []
    for table in metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, Enum) and column.type.enum_class is not None:
                name = f"ck_{table.name}_{column.type.name}"
                found.append((table.name, column.name, name, column.type.enum_class))
    return found


def _balanced(sql: str, start: int) -> str:
    """The parenthesised text opening at `sql[start]`."""
    depth = 0
    for i in range(start, len(sql)):
        depth += {"(": 1, ")": -1}.get(sql[i], 0)
        if depth == 0:
            return sql[start : i + 1]
    raise AssertionError(f"unbalanced CHECK in {sql!r}")


def check_text(connection: Connection, table: str, name: str) -> str:
    """The CHECK constraint's SQL as the database holds it."""
    if connection.dialect.name == "postgresql":
        found = connection.execute(
            text(
                "SELECT pg_get_constraintdef(c.oid) FROM pg_constraint c "
                "JOIN pg_class t ON t.oid = c.conrelid "
                "WHERE c.contype = 'c' AND t.relname = :table AND c.conname = :name"
            ),
            {"table": table, "name": name},
        ).scalar_one_or_none()
        assert found, f"no CHECK constraint {name} on {table}"
        return str(found)
    sql = connection.execute(
        text("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = :table"),
        {"table": table},
    ).scalar_one()
    match = re.search(rf'CONSTRAINT "?{name}"?\s+CHECK\s*\(', sql)
    assert match, f"no CHECK constraint {name} on {table}: {sql}"
    return _balanced(sql, match.end() - 1)


def test_the_models_store_every_enum_behind_a_check() -> None:
    assert {enum for *_, enum in enum_columns()} == STORED_ENUMS


def test_every_stored_enum_matches_the_check_the_migrations_create(empty_db_url: str) -> None:
    engine = make_sync_engine(empty_db_url)
    mismatches = []
    with engine.connect() as connection:
        for table, column, name, enum in enum_columns():
            allowed = set(re.findall(r"'([^']*)'", check_text(connection, table, name)))
            in_code = {member.value for member in enum}
            if allowed != in_code:
                mismatches.append(
                    f"{table}.{column} ({enum.__name__}): only in code {sorted(in_code - allowed)}, "
                    f"only in the database {sorted(allowed - in_code)}"
                )
    engine.dispose()
    assert not mismatches, "write a migration for these enum changes:\n" + "\n".join(mismatches)
