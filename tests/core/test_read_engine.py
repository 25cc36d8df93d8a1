"""GET and HEAD run on the read engine (app/core/db.py `make_read_engine`): on a SQLite file,
`sqlite3` inline on the event loop, read-only, never waiting for a writer; on PostgreSQL the
same pool in autocommit. Writes keep the aiosqlite / transactional engine."""

import sqlite3

import aiosqlite
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import make_url, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from app.core.sqlite_inline import InlineConnection

CABINET = "/v1/athletes/josh-kerr/medals"


def _sqlite_only(engine_name: str) -> None:
    if engine_name != "sqlite":
        pytest.skip("the inline read connection is SQLite's")


def test_reads_run_inline_and_writes_on_aiosqlite(
    client: TestClient, auth: dict[str, str], engine_name: str
) -> None:
    _sqlite_only(engine_name)
    database = client.app.state.database  # type: ignore[attr-defined]
    assert client.get(CABINET).status_code == 200
    assert client.get("/v1/medal-table").status_code == 200
    read_pool, write_pool = database.read_engine.sync_engine.pool, database.engine.sync_engine.pool
    assert read_pool is not write_pool
    assert read_pool.checkedin() >= 1 and write_pool.checkedin() == 0
    assert client.portal.call(_driver_of, database.read_engine) is InlineConnection
    assert client.portal.call(_driver_of, database.engine) is aiosqlite.Connection
    # A write goes through aiosqlite (its lock waits must not block the event loop).
    body = {"name": "Josh Kerr (edited)"}
    assert client.patch("/v1/athletes/josh-kerr", json=body, headers=auth).status_code == 200
    assert write_pool.checkedin() >= 1
    assert client.get(CABINET).json()["athlete"]["name"] == "Josh Kerr (edited)"


async def _driver_of(engine: AsyncEngine) -> type:
    async with engine.connect() as connection:
        raw = await connection.get_raw_connection()
        return type(raw.driver_connection)


async def _write_through(sessions: async_sessionmaker[AsyncSession]) -> None:
    async with sessions() as session:
        await session.execute(text("UPDATE athlete SET name = 'x'"))


def test_a_read_session_cannot_write(client: TestClient, engine_name: str) -> None:
    _sqlite_only(engine_name)
    database = client.app.state.database  # type: ignore[attr-defined]
    with pytest.raises(OperationalError, match="readonly"):
        client.portal.call(_write_through, database.read_sessions)


def test_a_read_does_not_wait_for_a_writer_holding_the_lock(
    client: TestClient, db_url: str, engine_name: str
) -> None:
    _sqlite_only(engine_name)
    writer = sqlite3.connect(make_url(db_url).database or "", timeout=0)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute(
            "UPDATE athlete SET name = name || ' (uncommitted)' WHERE slug = 'josh-kerr'"
        )
        response = client.get(CABINET)
        assert response.status_code == 200
        assert response.json()["athlete"]["name"] == "Josh Kerr"  # the committed state
    finally:
        writer.rollback()
        writer.close()
