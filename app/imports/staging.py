"""The staging tables of an import (TEMPORARY: no migration, private to the connection) and the
fast path that fills them: PostgreSQL `COPY`, SQLite batched `executemany` on the driver.

Rows are staged as the file is read; everything after that (checks, identity, writes) is SQL
over these tables (app/imports/importer.py). Distinct competitions, events, rounds and athletes
get one staged row each, referenced by small integer keys, so the big table stays narrow.
"""

import datetime as dt
import sqlite3
from typing import Any

import psycopg
from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    Date,
    Integer,
    MetaData,
    SmallInteger,
    Table,
    Text,
    delete,
    insert,
)
from sqlalchemy.schema import CreateTable

META = MetaData()
BATCH = 20_000


def _temp(name: str, *columns: Column[Any]) -> Table:
    return Table(name, META, *columns, prefixes=["TEMPORARY"])


def _key(name: str) -> Column[Any]:
    return Column(name, Integer, primary_key=True, autoincrement=False)


# One row per placing: its round and athlete by key, its own fields as the file gives them.
ROWS = _temp(
    "import_row",
    _key("n"),
    Column("line", Integer),
    Column("path", Text),
    Column("rk", Integer, nullable=False),
    Column("k", Integer),  # the athlete; NULL for a relay team
    Column("place", Text),
    Column("country", Text),
    Column("mark", Text),  # canonical (parsed in Python, once per distinct mark)
    Column("mark_value", BigInteger),
    Column("status", Text),
    Column("qualification", Text),
    Column("records", Text),
    Column("note", Text),
)
EVENTS = _temp(
    "import_event",
    _key("ek"),
    Column("competition_id", Integer, nullable=False),
    Column("discipline", Text, nullable=False),
    Column("sex", Text, nullable=False),
    Column("event_id", Integer),
    Column("existed", SmallInteger),
)
ROUNDS = _temp(
    "import_round",
    _key("rk"),
    Column("ek", Integer, nullable=False),
    Column("slug", Text, nullable=False),
    Column("phase", Text, nullable=False),
    Column("heat", Integer),
    Column("date", Date),
    Column("wind", Text),
    Column("event_id", Integer),
    Column("round_id", Integer),
    Column("existed", SmallInteger),
)
WHO = _temp(
    "import_who",
    _key("k"),
    Column("name", Text),
    Column("slug", Text),
    Column("slug_given", SmallInteger, nullable=False),
    Column("folded", Text),
    Column("sex", Text, nullable=False),
    Column("birth", Date),
    Column("wa", Text),
    Column("oly", Text),
    Column("country", Text),
    Column("athlete_id", Integer),
    Column("error", Text),
)
MEMBERS = _temp(
    "import_member",
    Column("n", Integer, nullable=False),
    Column("idx", Integer, nullable=False),
    Column("leg", Integer),
    Column("k", Integer, nullable=False),
)
TABLES = (ROWS, EVENTS, ROUNDS, WHO, MEMBERS)


def create_staging(connection: Connection) -> None:
    """Empty staging tables on this connection (created once per connection, or again after a
    rollback undid their creation)."""
    for table in TABLES:
        connection.execute(CreateTable(table, if_not_exists=True))
        _empty(connection, table)


def drop_staging(connection: Connection, keep: bool = False) -> None:
    """Free the staged rows: small imports (the seed loads ~45 files in one transaction) keep
    the empty tables for the next one; large ones drop them."""
    for table in TABLES:
        if keep:
            _empty(connection, table)
        else:
            connection.exec_driver_sql(f"DROP TABLE IF EXISTS {table.name}")


def _empty(connection: Connection, table: Table) -> None:
    """Empty a staging table. PostgreSQL: TRUNCATE, as DELETE leaves dead rows that no autovacuum
    reclaims in a temporary table, so every later scan of it (the seed runs ~50 imports on one
    connection) reads them all; SQLite's DELETE without WHERE already truncates."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f'TRUNCATE "{table.name}"')
    else:
        connection.execute(delete(table))


class Loader:
    """Buffers tuples for one staging table and writes them in batches by the fastest path the
    connection offers: COPY (psycopg), executemany on sqlite3, else SQLAlchemy's executemany
    (the API's async drivers; API bodies are at most MAX_BODY_BYTES)."""

    def __init__(
        self,
        connection: Connection,
        table: Table,
        batch: int = BATCH,
        columns: list[str] | None = None,
    ) -> None:
        self.connection = connection
        self.table = table
        self.batch = batch
        self.rows: list[tuple[Any, ...]] = []
        self.names = columns or [c.name for c in table.columns]
        self.driver = connection.connection.driver_connection
        self.written = 0

    def add(self, row: tuple[Any, ...]) -> None:
        self.rows.append(row)
        if len(self.rows) >= self.batch:
            self.flush()

    def flush(self) -> None:
        rows, self.rows = self.rows, []
        if not rows:
            return
        self.written += len(rows)
        columns = ", ".join(self.names[: len(rows[0])])
        if isinstance(self.driver, psycopg.Connection):
            with (
                self.driver.cursor() as cursor,
                cursor.copy(f'COPY "{self.table.name}" ({columns}) FROM STDIN') as copy,
            ):
                for row in rows:
                    copy.write_row(row)
        elif isinstance(self.driver, sqlite3.Connection):
            marks = ", ".join("?" * len(rows[0]))
            self.driver.executemany(
                f'INSERT INTO "{self.table.name}" ({columns}) VALUES ({marks})',  # noqa: S608
                rows,
            )
        else:
            dates = {c.name for c in self.table.columns if isinstance(c.type, Date)}
            values = [
                {
                    k: dt.date.fromisoformat(v) if k in dates and isinstance(v, str) else v
                    for k, v in zip(self.names, row, strict=False)
                }
                for row in rows
            ]
            self.connection.execute(insert(self.table), values)
