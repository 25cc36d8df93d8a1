"""Engines and the per-request session: one transaction per request, owned by the dependency.

Endpoints are `async def` on SQLAlchemy's async engine (aiosqlite / psycopg 3). The tutorial's
`def` endpoint + `yield` Session pattern starves the pool under load (DESIGN.md §6); this one
never blocks a thread while waiting for a connection.
"""

from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from app.core.config import async_url, get_settings, sync_url


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def make_async_engine(url: str) -> AsyncEngine:
    url = async_url(url)
    if url.startswith("sqlite"):
        engine = create_async_engine(url)
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    size = get_settings().db_pool_size
    # No pre-ping: it costs a round trip per request; stale connections are recycled instead.
    return create_async_engine(url, pool_size=size, max_overflow=size, pool_recycle=1800)


def make_sync_engine(url: str) -> Engine:
    url = sync_url(url)
    engine = create_engine(url)
    if url.startswith("sqlite"):
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        # Bulk imports: send executemany INSERTs as multi-row VALUES pages, not row by row.
        engine.dialect.use_insertmanyvalues_wo_returning = True
    return engine


class Database:
    """The process's engine and session factory, created once by `create_app`."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_async_engine(url)
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        self._sync_engine: Engine | None = None

    @property
    def sync_engine(self) -> Engine:
        """A synchronous engine for work streamed from a worker thread (exports)."""
        if self._sync_engine is None:
            self._sync_engine = make_sync_engine(self.url)
        return self._sync_engine

    async def dispose(self) -> None:
        await self.engine.dispose()
        if self._sync_engine is not None:
            self._sync_engine.dispose()


def get_database(request: Request) -> Database:
    database: Database = request.app.state.database
    return database


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    """Yield a session inside a transaction: committed if the endpoint returns, else rolled back."""
    async with get_database(request).sessions() as session, session.begin():
        yield session


SessionDep = Annotated[AsyncSession, Depends(get_session, scope="function")]
