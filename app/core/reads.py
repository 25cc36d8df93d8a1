"""Headline reads on the driver: built-once Core statements, compiled once, run as plain SQL.

Profiling an uncached cabinet (docs/performance.md) put about 40 % of its CPU in SQLAlchemy's
execution path: a session and its transaction, the statement's cache key walked on every
execute, a greenlet switch per DBAPI call, result rows built through the ORM layer. The
statements of the headline reads are already built once per combination of filters (`lru_cache`
in each service), so the SQL they compile to never changes: `Reader` compiles each one once per
dialect and runs the string on the pooled driver connection (sqlite3 inline on the event loop,
psycopg's async connection), with SQLAlchemy's own bind and result processors for the
dialect, so rows hold the same Python values as through `session.execute` (dates, booleans,
enums).

What stays SQLAlchemy's: the pool (checkout, reset, invalidation), the read engine's options
(PostgreSQL autocommit), error handling (a driver error goes through the connection's own
handler: it becomes `DBAPIError`, and a lost connection invalidates its pool generation, so
`DatabaseGuard` answers 503 or retries a stale read exactly as before), and every statement with
an expanding `IN` list, which runs through
`AsyncConnection.execute` unchanged. The connection's `before_cursor_execute` listeners are
called for every statement either way (the statement-budget tests and `bench/read_sql.py`
count statements through them).
"""

from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum
from operator import itemgetter
from typing import Any, NoReturn

from psycopg import AsyncConnection as PsycopgConnection
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.sql import ClauseElement
from sqlalchemy.util import greenlet_spawn

from app.core.sqlite_inline import InlineConnection

Processor = Callable[[Any], Any]
DIRECT = (InlineConnection, PsycopgConnection)  # drivers whose cursors `rows` can drive


@dataclass(frozen=True)
class Compiled:
    """One statement's SQL for one dialect and what turns values into parameters and back."""

    sql: str
    order: tuple[str, ...] | None  # parameter names in order (qmark); None: named (pyformat)
    defaults: Mapping[str, Any]  # values the statement carries itself (literals)
    binds: Mapping[str, Processor]
    row: Any  # `row_class` of the selected columns
    results: tuple[tuple[int, Processor], ...]


def row_class(name: str, keys: list[str]) -> Any:
    """A tuple class whose fields read by name (`row.slug`), as SQLAlchemy's rows do (names
    such as `_total` included, which `namedtuple` refuses); `_make(values)` builds one."""
    fields: dict[str, Any] = {"__slots__": ()}
    for index, key in enumerate(keys):
        fields.setdefault(key, property(itemgetter(index)))
    made = type(name, (tuple,), fields)
    made._make = classmethod(tuple.__new__)  # type: ignore[attr-defined]
    return made


def compile_statement(statement: ClauseElement, dialect: Dialect) -> Compiled | None:
    """The statement compiled for `dialect`, or None when it must go through SQLAlchemy
    (an expanding IN list is rendered per call)."""
    compiled: Any = statement.compile(dialect=dialect)
    sql = str(compiled)
    if "POSTCOMPILE" in sql:
        return None
    columns = compiled._result_columns  # (key, name, objects, type) per selected column
    results = []
    for index, column in enumerate(columns):
        processor = column[3].dialect_impl(dialect).result_processor(dialect, None)
        if processor is not None:
            results.append((index, processor))
    defaults = {
        name: value
        for name, value in compiled.construct_params(_check=False).items()
        if value is not None
    }
    return Compiled(
        sql=sql,
        order=tuple(compiled.positiontup) if compiled.positional else None,
        defaults=defaults,
        binds=dict(compiled._bind_processors),
        row=row_class("Row", [column[0] for column in columns]),
        results=tuple(results),
    )


class Statements:
    """Compiled statements of one dialect, most recently used kept (a bounded map keyed by the
    statement object itself: holding it keeps its identity from being reused)."""

    def __init__(self, dialect: Dialect, limit: int = 512) -> None:
        self.dialect = dialect
        self._limit = limit
        self._compiled: OrderedDict[ClauseElement, Compiled | None] = OrderedDict()

    def get(self, statement: ClauseElement) -> Compiled | None:
        try:
            found = self._compiled[statement]
        except KeyError:
            found = self._compiled[statement] = compile_statement(statement, self.dialect)
            if len(self._compiled) > self._limit:
                self._compiled.popitem(last=False)
            return found
        self._compiled.move_to_end(statement)
        return found


def _parameters(compiled: Compiled, params: Mapping[str, Any] | None) -> Any:
    values = dict(compiled.defaults)
    if params:
        for name, value in params.items():
            values[name] = value.value if isinstance(value, Enum) else value
    for name, process in compiled.binds.items():
        if values.get(name) is not None:
            values[name] = process(values[name])
    if compiled.order is None:
        return values
    return tuple(values.get(name) for name in compiled.order)


class Reader:
    """A read request's connection: `rows(statement, params)` for built-once statements.

    Without `statements` (a write's session, which must see its own changes), every statement
    runs through `connection.execute`: services take a `Reader` either way."""

    def __init__(
        self, connection: AsyncConnection | AsyncSession, statements: Statements | None = None
    ) -> None:
        self.connection = connection
        self._statements = statements
        self._driver: Any = None

    @property
    def dialect(self) -> Dialect:
        if isinstance(self.connection, AsyncSession):
            return self.connection.get_bind().dialect
        return self.connection.dialect

    async def rows(self, statement: Any, params: Mapping[str, Any] | None = None) -> list[Any]:
        """Every row the statement selects, as named tuples (or SQLAlchemy rows)."""
        connection = self.connection
        compiled = None if self._statements is None else self._statements.get(statement)
        driver = None
        if compiled is not None and isinstance(connection, AsyncConnection):
            if self._driver is None:
                self._driver = (await connection.get_raw_connection()).driver_connection
            driver = self._driver
        if compiled is None or not isinstance(driver, DIRECT):
            # A write's session, an expanding IN list, or a driver whose cursor is not ours
            # to drive (in-memory SQLite: aiosqlite's thread): SQLAlchemy executes it.
            return list(await connection.execute(statement, dict(params or {})))
        assert isinstance(connection, AsyncConnection)
        arguments = _parameters(compiled, params)
        sync = connection.sync_connection
        try:
            cursor = driver.cursor()
            try:
                if sync is not None and sync.dispatch.before_cursor_execute:
                    sync.dispatch.before_cursor_execute(
                        sync, cursor, compiled.sql, arguments, None, False
                    )
                await cursor.execute(compiled.sql, arguments)
                fetched = await cursor.fetchall()
            finally:
                await cursor.close()
        except self.dialect.loaded_dbapi.Error as error:
            await self._raise(connection, error, compiled, arguments)
        make = compiled.row._make
        if not compiled.results:
            return [make(row) for row in fetched]
        out = []
        for row in fetched:
            values = list(row)
            for index, process in compiled.results:
                values[index] = process(values[index])
            out.append(make(values))
        return out

    async def first(self, statement: Any, params: Mapping[str, Any] | None = None) -> Any:
        """The first row, or None."""
        found = await self.rows(statement, params)
        return found[0] if found else None

    async def _raise(
        self, connection: AsyncConnection, error: Any, compiled: Compiled, arguments: Any
    ) -> NoReturn:
        """Hand the driver's error to SQLAlchemy's own handler, as `execute` would: it raises the
        translated `DBAPIError`, and on a lost connection invalidates it and every connection of
        its pool generation (so the retry of a stale read gets a fresh one), with the
        `handle_error` events."""
        sync = connection.sync_connection
        assert sync is not None
        handle = sync._handle_dbapi_exception
        await greenlet_spawn(handle, error, compiled.sql, arguments, None, None)
        raise error  # not reached: the handler raises


class Shape:
    """A table model's columns selected under a prefix and read back as one named tuple whose
    fields are the model's column names (`row.slug`, `row.start_date`...), so code written
    against the entity's columns reads the row alike. `of(row, start)` takes the shape's
    columns from `start`; None when an outer join found nothing (its id is null)."""

    def __init__(self, model: Any, prefix: str) -> None:
        columns = list(model.__table__.columns)
        self.size = len(columns)
        self.labels = [column.label(f"{prefix}{column.key}") for column in columns]
        self.row: Any = row_class(f"{model.__name__}Row", [c.key for c in columns])
        self._id = [c.key for c in columns].index("id")

    def of(self, row: Any, start: int = 0) -> Any:
        values = row[start : start + self.size]
        return None if values[self._id] is None else self.row._make(values)
