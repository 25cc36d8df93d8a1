"""Engines and the per-request session: one transaction per request, owned by the dependency.

Endpoints are `async def` on SQLAlchemy's async engine (aiosqlite / psycopg 3). The tutorial's
`def` endpoint + `yield` Session pattern starves the pool under load (DESIGN.md §6); this one
never blocks a thread while waiting for a connection.
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any, cast

from fastapi import Depends, Request
from sqlalchemy import CursorResult, Engine, Result, create_engine, event, make_url
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from app.core.config import async_url, get_settings, sync_url
from app.core.reads import Reader, Statements
from app.core.resilience import DatabaseHealth
from app.core.sqlite_inline import READ_BUSY_MS, inline_creator


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # SQLite has one writer at a time: a second writer waits at most DB_LOCK_TIMEOUT seconds for
    # the lock, then fails with "database is locked", which the API answers 503 + Retry-After.
    busy_ms = int(get_settings().db_lock_timeout * 1000)
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={busy_ms}")
    cursor.close()


def _sqlite_in_memory(url: str) -> bool:
    """An in-memory SQLite URL (one shared connection, a StaticPool)."""
    return ":memory:" in url or "mode=memory" in url or url.rstrip("/").endswith(":")


def make_async_engine(url: str) -> AsyncEngine:
    url = async_url(url)
    settings = get_settings()
    if url.startswith("sqlite"):
        in_memory = _sqlite_in_memory(url)
        options = {} if in_memory else {"pool_timeout": settings.db_pool_timeout}
        engine = create_async_engine(url, **options)
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    # No pre-ping by default: it costs a round trip per request. A read that fails on a
    # connection the server closed is retried once (app/core/resilience.py), and the pool is
    # invalidated on the first disconnect, so later requests get fresh connections.
    # No overflow: a fixed pool of DB_POOL_SIZE connections, the rest wait their turn. With
    # overflow, a loaded process closed a connection whenever its pool's queue was full at
    # return and opened another moments later: 109 new PostgreSQL sessions in 11 s of wrk on the
    # cabinet; without, none after the first ten, and 582 -> 944 req/s (docs/performance.md).
    return create_async_engine(
        url,
        pool_size=settings.db_pool_size,
        max_overflow=0,
        pool_recycle=1800,
        pool_timeout=settings.db_pool_timeout,
        pool_pre_ping=settings.db_pool_pre_ping,
        connect_args={"connect_timeout": settings.db_connect_timeout},
    )


def make_read_engine(url: str, engine: AsyncEngine) -> AsyncEngine:
    """The engine GET/HEAD sessions use; see docs/performance.md for what each choice saves.

    - SQLite file: `sqlite3` run inline on the event loop (app/core/sqlite_inline.py), read-only,
      a short busy timeout: no thread hop per DBAPI call.
    - PostgreSQL: the same pool in autocommit, so a read sends no BEGIN and no COMMIT (two round
      trips of its three to five). Each statement sees the data committed when it starts; a read
      of several statements (a page, then the medals of its athletes) is not one snapshot, and
      the writes it could straddle are rare and each one is atomic.
    - In-memory SQLite: the one shared connection (there is no second one to open).
    """
    parsed = make_url(async_url(url))
    if parsed.get_backend_name() == "sqlite":
        path = parsed.database
        if not path or _sqlite_in_memory(async_url(url)):
            return engine
        pragmas = [f"PRAGMA busy_timeout={READ_BUSY_MS}", "PRAGMA query_only=1"]
        options = {"pool_timeout": get_settings().db_pool_timeout}
        return create_async_engine(parsed, async_creator=inline_creator(path, pragmas), **options)
    return engine.execution_options(isolation_level="AUTOCOMMIT")


def make_sync_engine(url: str) -> Engine:
    url = sync_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(url)
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        timeout = get_settings().db_connect_timeout
        engine = create_engine(url, connect_args={"connect_timeout": timeout})
        # Bulk imports: send executemany INSERTs as multi-row VALUES pages, not row by row.
        engine.dialect.use_insertmanyvalues_wo_returning = True
    return engine


class Database:
    """The process's engine and session factory, created once by `create_app`."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_async_engine(url)
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        self.read_engine = make_read_engine(url, self.engine)
        self.read_sessions = async_sessionmaker(self.read_engine, expire_on_commit=False)
        self.statements = Statements(self.read_engine.dialect)
        self._sync_engine: Engine | None = None
        self.health = DatabaseHealth(self.engine)
        self._separate_reads = self.read_engine.sync_engine.pool is not self.engine.sync_engine.pool
        if self._separate_reads:
            self.health.watch(self.read_engine)
        # A SQLite file's reads (the separate read engine) run inline on the event loop
        # (app/core/sqlite_inline.py), so one connection serves them all: see `shared_reader`.
        self._shared: AsyncConnection | None = None
        self._reader: Reader | None = None

    async def shared_reader(self) -> Reader | None:
        """SQLite file: the process's one read connection, kept open; None on PostgreSQL and
        in-memory SQLite, whose reads check a connection out of the pool each.

        Inline sqlite3 never suspends the event loop, and every read fetches its rows whole and
        closes its cursor, so reads that share the connection cannot interleave mid-statement and
        hold no read transaction between statements (the connection is `query_only`; sqlite3
        begins transactions only for writes). Checking a connection out of the pool and back in
        (with its reset) cost more CPU than the cabinet's statements (docs/performance.md).
        A connection SQLAlchemy invalidated (a driver error it counts as a disconnect) is
        replaced on the next read."""
        if not self._separate_reads:
            return None
        shared = self._shared
        if shared is not None and not shared.invalidated:
            return self._reader
        connection = await self.read_engine.connect()
        if self._shared is not shared:  # another read replaced it meanwhile: use theirs
            await connection.close()
            return self._reader
        self._shared, self._reader = connection, Reader(connection, self.statements)
        if shared is not None:
            await shared.close()
        return self._reader

    def statement_engines(self) -> list[Engine]:
        """The engines whose `before_cursor_execute` events see every statement this process
        sends (the PostgreSQL read engine is an option view of the engine: its events are the
        engine's)."""
        if self._separate_reads:
            return [self.engine.sync_engine, self.read_engine.sync_engine]
        return [self.engine.sync_engine]

    def pool_in_use(self) -> int:
        """Connections checked out of the async pools right now (for /metrics)."""
        engines = [self.engine, self.read_engine] if self._separate_reads else [self.engine]
        in_use = 0
        for engine in engines:
            checked_out = getattr(engine.sync_engine.pool, "checkedout", None)
            in_use += int(checked_out()) if callable(checked_out) else 0
        return in_use

    @property
    def sync_engine(self) -> Engine:
        """A synchronous engine for work streamed from a worker thread (exports)."""
        if self._sync_engine is None:
            self._sync_engine = make_sync_engine(self.url)
        return self._sync_engine

    async def after_shared_read(self) -> None:
        """End the transaction SQLAlchemy began if it executed a statement itself (an expanding
        `IN` list): nothing to undo on a read-only connection, but the next read starts clean."""
        shared = self._shared
        if shared is not None and shared.in_transaction():
            await shared.rollback()

    async def dispose(self) -> None:
        if self._shared is not None:
            shared, self._shared, self._reader = self._shared, None, None
            await shared.close()
        await self.engine.dispose()
        if self._separate_reads:
            await self.read_engine.dispose()
        if self._sync_engine is not None:
            self._sync_engine.dispose()


def get_database(request: Request) -> Database:
    database: Database = request.app.state.database
    return database


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    """Yield a session inside a transaction: committed if the endpoint returns, else rolled back.
    A GET or HEAD gets a read session (`make_read_engine`)."""
    database = get_database(request)
    if request.method not in ("GET", "HEAD"):
        async with database.sessions() as session, session.begin():
            yield session
        return
    # A read's session is closed directly, not by `async with` (see `reading`): closing it in
    # a task of its own let concurrent reads churn through the pool's overflow connections.
    session = database.read_sessions()
    try:
        async with session.begin():
            yield session
    finally:
        await session.close()


@asynccontextmanager
async def reading(request: Request) -> AsyncIterator[Reader]:
    """A read's connection for built-once statements (app/core/reads.py), from the read engine.
    Headline endpoints open it themselves rather than through `Depends`: FastAPI's dependency
    solving cost more than the statements (docs/performance.md).

    Closed by a direct `await close()`, not `async with`: SQLAlchemy's context manager closes in
    a task of its own (to survive cancellation), a real event-loop turn during which the other
    requests check out more connections. Under 64 concurrent requests the read pool grew to its
    overflow and opened (and closed) a new connection for most requests: on SQLite each new
    connection parsed the schema on its first statement. Closing returns the connection without
    I/O on both engines (SQLite inline; PostgreSQL in autocommit), so nothing is left half done.
    """
    database = get_database(request)
    shared = await database.shared_reader()
    if shared is not None:
        try:
            yield shared
        finally:
            await database.after_shared_read()
        return
    connection = await database.read_engine.connect()
    try:
        yield Reader(connection, database.statements)
    finally:
        await connection.close()


async def get_snapshot_session(request: Request) -> AsyncIterator[AsyncSession]:
    """A session in a real transaction for a read that must see one snapshot across its
    statements and may stream with a server-side cursor (the mirror feed)."""
    async with get_database(request).sessions() as session, session.begin():
        yield session


SessionDep = Annotated[AsyncSession, Depends(get_session, scope="function")]
SnapshotSessionDep = Annotated[AsyncSession, Depends(get_snapshot_session, scope="function")]


def matched_rows(result: Result[Any]) -> int:
    """How many rows an UPDATE or DELETE matched (its result is a `CursorResult`)."""
    return cast(CursorResult[Any], result).rowcount
