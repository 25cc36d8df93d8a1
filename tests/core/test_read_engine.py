"""GET and HEAD run on the read engine (app/core/db.py `make_read_engine`): on a SQLite file,
`sqlite3` inline on the event loop, read-only; on PostgreSQL the same pool in autocommit. Writes
keep the aiosqlite / transactional engine. On both, a read never waits for a writer."""

import sqlite3
from typing import Any

import aiosqlite
import psycopg
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import make_url, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from app.core.sqlite_inline import InlineConnection

CABINET = "/v1/athletes/josh-kerr/medals"


async def _driver_of(engine: AsyncEngine) -> tuple[type, bool | None]:
    """The driver connection's class and, for psycopg, its autocommit flag while checked out
    (the pool resets it on return)."""
    async with engine.connect() as connection:
        raw = (await connection.get_raw_connection()).driver_connection
        return type(raw), getattr(raw, "autocommit", None)


async def _write_through(sessions: async_sessionmaker[AsyncSession]) -> None:
    async with sessions() as session:
        await session.execute(text("UPDATE athlete SET name = 'x'"))


def test_reads_use_the_read_engine_and_writes_the_engine(
    client: TestClient, auth: dict[str, str], engine_name: str
) -> None:
    database = client.app.state.database  # type: ignore[attr-defined]
    assert client.get(CABINET).status_code == 200
    assert client.get("/v1/medal-table").status_code == 200
    read_pool, write_pool = database.read_engine.sync_engine.pool, database.engine.sync_engine.pool
    if engine_name == "sqlite":
        assert read_pool is not write_pool
        # Every headline read used the process's one shared read connection; no write yet.
        shared = client.portal.call(database.shared_reader)
        assert shared is client.portal.call(database.shared_reader)
        assert read_pool.checkedout() == 1 and write_pool.checkedin() == 0
        assert client.portal.call(_driver_of, database.read_engine)[0] is InlineConnection
        assert client.portal.call(_driver_of, database.engine)[0] is aiosqlite.Connection
    else:  # one pool; reads check its connections out in autocommit (no BEGIN, no COMMIT)
        assert read_pool is write_pool
        assert client.portal.call(database.shared_reader) is None
        assert client.portal.call(_driver_of, database.read_engine)[1] is True
        assert client.portal.call(_driver_of, database.engine)[1] is False
    # A write goes through the engine (on SQLite aiosqlite: its lock waits must not block the
    # event loop) and the next read sees it.
    body = {"name": "Josh Kerr (edited)"}
    assert client.patch("/v1/athletes/josh-kerr", json=body, headers=auth).status_code == 200
    assert write_pool.checkedin() >= 1
    assert client.get(CABINET).json()["athlete"]["name"] == "Josh Kerr (edited)"


def test_a_sqlite_read_session_cannot_write(client: TestClient, engine_name: str) -> None:
    database = client.app.state.database  # type: ignore[attr-defined]
    if engine_name == "sqlite":
        with pytest.raises(OperationalError, match="readonly"):
            client.portal.call(_write_through, database.read_sessions)
    else:  # PostgreSQL reads are plain autocommit: a guard there is the code review, not SQL
        assert database.read_engine.get_execution_options()["isolation_level"] == "AUTOCOMMIT"


def test_a_read_does_not_wait_for_a_writer_holding_the_lock(
    client: TestClient, db_url: str, engine_name: str
) -> None:
    update = "UPDATE athlete SET name = name || ' (uncommitted)' WHERE slug = 'josh-kerr'"
    if engine_name == "sqlite":
        writer: Any = sqlite3.connect(make_url(db_url).database or "", timeout=0)
        writer.execute("BEGIN IMMEDIATE")
    else:
        plain = make_url(db_url).set(drivername="postgresql")
        writer = psycopg.connect(plain.render_as_string(hide_password=False))
    try:
        writer.execute(update)  # the row (PostgreSQL) or the database (SQLite) is locked
        response = client.get(CABINET)
        assert response.status_code == 200
        assert response.json()["athlete"]["name"] == "Josh Kerr"  # the committed state
    finally:
        writer.rollback()
        writer.close()


def test_sqlite_reads_share_one_connection_replaced_once_invalidated(
    client: TestClient, engine_name: str
) -> None:
    """SQLite file reads share one connection (app/core/db.py `Database.shared_reader`); once
    SQLAlchemy invalidates it (as it does after a disconnect-type driver error), the next read
    opens a fresh one and answers. PostgreSQL reads each check a connection out and return it."""
    database = client.app.state.database  # type: ignore[attr-defined]
    pool = database.read_engine.sync_engine.pool
    first = client.get(CABINET).json()
    shared = client.portal.call(database.shared_reader)
    if engine_name != "sqlite":
        assert shared is None and pool.checkedout() == 0
        return
    client.portal.call(shared.connection.invalidate)
    assert client.get(CABINET).json() == first
    replaced = client.portal.call(database.shared_reader)
    assert replaced is not shared and not replaced.connection.invalidated
    assert pool.checkedout() == 1
