"""Substring search on athletes' folded names, served by a trigram index on both engines.

`name_folded LIKE '%kip%'` cannot use a B-tree index: both engines scanned every athlete
(7-12 ms per statement at 100,000 athletes, docs/performance.md). Migration 0008 adds:
- PostgreSQL: a GIN index with pg_trgm's `gin_trgm_ops` on `athlete.name_folded`, which the
  planner uses for the LIKE itself (when the server has pg_trgm; without it, a scan as before);
- SQLite: `athlete_name_search`, an FTS5 table with the trigram tokenizer over the same column,
  kept in step with `athlete` by triggers. The LIKE is narrowed to the rows its MATCH finds,
  for queries of three characters or more (a trigram needs three).
The LIKE stays in both, so an answer is the same with or without the index. The index objects
live outside the ORM metadata: `outside_metadata` keeps Alembic's comparison off them.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, and_, bindparam, column, func, select, table
from sqlmodel import col

from app.athletes.models import Athlete
from app.core.text import like_pattern

SEARCH_TABLE = "athlete_name_search"
TRIGRAM_INDEX = "ix_athlete_name_folded_trgm"
_SEARCH = table(SEARCH_TABLE, column("rowid"), column(SEARCH_TABLE))


def outside_metadata(name: str | None, kind: str) -> bool:
    """True for the search index's own schema objects (the FTS5 table and its shadow tables,
    the trigram index), which migrations manage and the models do not declare."""
    if name is None:
        return False
    if kind == "table":
        return name == SEARCH_TABLE or name.startswith(f"{SEARCH_TABLE}_")
    return kind == "index" and name == TRIGRAM_INDEX


def name_contains(folded: str, dialect: str) -> tuple[Any, dict[str, str]]:
    """The condition "the athlete's folded name contains `folded`" for this SQL dialect, with
    its values bound (`pattern`, `phrase`): the condition is built once per `_fts` form."""
    fts = dialect == "sqlite" and len(folded) >= 3
    params = {"pattern": like_pattern(folded)}
    if fts:
        params["phrase"] = '"' + folded.replace('"', '""') + '"'  # FTS5: matched as a substring
    return _contains(fts), params


@lru_cache(maxsize=2)
def _contains(fts: bool) -> Any:
    contains = col(Athlete.name_folded).like(bindparam("pattern"), escape="\\")
    if not fts:
        return contains
    found = select(_SEARCH.c.rowid).where(_SEARCH.c[SEARCH_TABLE].match(bindparam("phrase")))
    return and_(col(Athlete.id).in_(found), contains)


@contextmanager
def indexed_in_bulk(connection: Connection) -> Iterator[None]:
    """Athletes inserted inside this block are added to SQLite's search index in one statement
    at its end, instead of by the insert trigger one row at a time (for 96,000 athletes: 1.1 s
    against ~4 s). The pause is a row of `athlete_name_search_paused` written in the caller's
    transaction, so no other connection ever sees it. PostgreSQL's GIN index needs nothing."""
    if connection.dialect.name != "sqlite":
        yield
        return
    before = connection.scalar(select(func.max(col(Athlete.id)))) or 0
    connection.exec_driver_sql("INSERT INTO athlete_name_search_paused (paused) VALUES (1)")
    yield
    connection.exec_driver_sql("DELETE FROM athlete_name_search_paused")
    connection.exec_driver_sql(
        "INSERT INTO athlete_name_search (rowid, name_folded) "
        "SELECT id, name_folded FROM athlete WHERE id > ?",
        (before,),
    )
