"""SQLite reads on the event loop: an aiosqlite-shaped connection that runs `sqlite3` inline.

aiosqlite sends every DBAPI call (begin, execute, fetch, close, commit...) to a worker thread
and back: 10-18 round trips per read request, each a wake-up of the event loop, against
statements that take 0.01-0.2 ms (docs/performance.md). SQLAlchemy's aiosqlite dialect accepts
any connection with aiosqlite's awaitable interface (`async_creator`); this one does the work
before its coroutine returns, so a whole read costs no thread hop and no extra loop iteration.

Used only for GET/HEAD sessions (`Database.read_sessions`): WAL readers never wait for a
writer, and a rare wait (WAL recovery) is bounded by a short busy timeout, answered 503 like any
lock wait. Writes keep aiosqlite, whose lock waits of up to DB_LOCK_TIMEOUT must not block the
loop.
"""

import sqlite3
from collections.abc import Callable, Iterable, Sequence
from typing import Any

READ_BUSY_MS = 250


class InlineCursor:
    def __init__(self, cursor: sqlite3.Cursor) -> None:
        self._cursor = cursor

    async def __aenter__(self) -> "InlineCursor":
        return self

    async def __aexit__(self, *_: object) -> None:
        self._cursor.close()

    @property
    def description(self) -> Any:
        return self._cursor.description

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    @property
    def lastrowid(self) -> int | None:
        return self._cursor.lastrowid

    @property
    def arraysize(self) -> int:
        return self._cursor.arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._cursor.arraysize = value

    async def execute(self, operation: str, parameters: Any = ()) -> "InlineCursor":
        self._cursor.execute(operation, parameters)
        return self

    async def executemany(self, operation: str, parameters: Iterable[Any]) -> "InlineCursor":
        self._cursor.executemany(operation, parameters)
        return self

    async def fetchone(self) -> Any:
        return self._cursor.fetchone()

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        return self._cursor.fetchmany(self._cursor.arraysize if size is None else size)

    async def fetchall(self) -> list[Any]:
        return self._cursor.fetchall()

    async def close(self) -> None:
        self._cursor.close()

    async def nextset(self) -> None:
        return None

    async def setinputsizes(self, *_: Any) -> None:
        return None


class _Immediate:
    """Stands in for aiosqlite's request queue: SQLAlchemy's `isolation_level` setter queues a
    function and awaits its future; here the function runs at once."""

    def put_nowait(self, item: tuple[Any, Callable[[], Any]]) -> None:
        future, function = item
        try:
            future.set_result(function())
        except Exception as error:  # handed to the awaiting caller, as aiosqlite does
            future.set_exception(error)


class InlineConnection:
    """The subset of `aiosqlite.Connection` that SQLAlchemy's adapter uses."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection: sqlite3.Connection | None = connection
        self._conn = connection
        self._tx = _Immediate()

    def cursor(self) -> InlineCursor:
        return InlineCursor(self._conn.cursor())

    @property
    def isolation_level(self) -> str | None:
        return self._conn.isolation_level

    async def commit(self) -> None:
        self._conn.commit()

    async def rollback(self) -> None:
        self._conn.rollback()

    async def close(self) -> None:
        self.stop()

    async def create_function(self, *args: Any, **kwargs: Any) -> None:
        self._conn.create_function(*args, **kwargs)

    def stop(self) -> None:
        """Close now (SQLAlchemy's terminate); `_connection` None says closed, as aiosqlite's."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None


def inline_creator(path: str, pragmas: Sequence[str]) -> Callable[[], Any]:
    """An `async_creator` for `create_async_engine`: opens `path` with these PRAGMAs."""

    async def connect() -> InlineConnection:
        connection = sqlite3.connect(path, check_same_thread=False)
        for pragma in pragmas:
            connection.execute(pragma)
        return InlineConnection(connection)

    return connect
