"""Fixtures: a migrated, seeded database per test on SQLite, and on PostgreSQL when configured.

`PODIUM_TEST_POSTGRES_URL` adds PostgreSQL to every database test; with
`PODIUM_REQUIRE_POSTGRES=1` (set by .ci/run) an unreachable server fails the run instead of
skipping. Each test gets its own database: a copy of a seeded template (a file copy on SQLite,
`CREATE DATABASE ... TEMPLATE` on PostgreSQL), so tests never see each other's writes.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from alembic import command
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, event, make_url, text
from sqlalchemy.orm import Session

from app.cli import alembic_config
from app.core.config import Settings, sync_url
from app.core.db import make_sync_engine
from app.core.security import create_token
from app.imports.seed import seed
from app.main import create_app

PG_URL = os.environ.get("PODIUM_TEST_POSTGRES_URL")
REQUIRE_PG = os.environ.get("PODIUM_REQUIRE_POSTGRES") == "1"
ENGINES = ["sqlite", "postgres"] if PG_URL else ["sqlite"]


def pytest_sessionstart(session: pytest.Session) -> None:
    if REQUIRE_PG and not PG_URL:
        pytest.exit("PODIUM_REQUIRE_POSTGRES=1 but PODIUM_TEST_POSTGRES_URL is not set", 3)
    if PG_URL:
        try:
            engine = create_engine(sync_url(PG_URL))
            with engine.connect() as connection:
                connection.execute(text("SELECT 1"))
            engine.dispose()
        except Exception as exc:
            if REQUIRE_PG:
                pytest.exit(f"PostgreSQL is required but unreachable: {exc}", 3)
            ENGINES.remove("postgres")


def _admin_engine() -> Any:
    assert PG_URL
    return create_engine(sync_url(PG_URL), isolation_level="AUTOCOMMIT")


def _pg_url(name: str) -> str:
    assert PG_URL
    return make_url(sync_url(PG_URL)).set(database=name).render_as_string(hide_password=False)


def _create_pg(template: str | None = None) -> str:
    name = f"podium_t_{uuid.uuid4().hex[:12]}"
    engine = _admin_engine()
    with engine.connect() as connection:
        clause = f" TEMPLATE {template}" if template else ""
        connection.execute(text(f"CREATE DATABASE {name}{clause}"))
    engine.dispose()
    return name


def _drop_pg(name: str) -> None:
    engine = _admin_engine()
    with engine.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    engine.dispose()


def migrate(url: str) -> None:
    command.upgrade(alembic_config(url), "head")


def seed_database(url: str) -> None:
    engine = make_sync_engine(url)
    with Session(engine) as session, session.begin():
        seed(session)
    if url.startswith("sqlite"):
        with engine.connect() as connection:
            connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    engine.dispose()


@contextmanager
def fresh_database(engine: str, tmp: Path, template: str | None = None) -> Iterator[str]:
    """A new database (a copy of `template` when given); dropped afterwards."""
    if engine == "sqlite":
        path = tmp / f"{uuid.uuid4().hex[:8]}.db"
        if template:
            shutil.copyfile(make_url(template).database or "", path)
        yield f"sqlite:///{path}"
        return
    source = make_url(template).database if template else None
    name = _create_pg(source)
    try:
        yield _pg_url(name)
    finally:
        _drop_pg(name)


@pytest.fixture(scope="session", params=ENGINES)
def engine_name(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="session")
def seeded_template(engine_name: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated database holding the bundled data set, copied for each test."""
    with fresh_database(engine_name, tmp_path_factory.mktemp("tpl")) as url:
        migrate(url)
        seed_database(url)
        yield url


@pytest.fixture
def db_url(engine_name: str, seeded_template: str, tmp_path: Path) -> Iterator[str]:
    with fresh_database(engine_name, tmp_path, seeded_template) as url:
        yield url


@pytest.fixture
def empty_db_url(engine_name: str, tmp_path: Path) -> Iterator[str]:
    """A migrated database with only countries and disciplines."""
    with fresh_database(engine_name, tmp_path) as url:
        migrate(url)
        engine = make_sync_engine(url)
        from app.imports.seed import load_reference

        with Session(engine) as session, session.begin():
            load_reference(session)
        engine.dispose()
        yield url


def make_client(url: str) -> TestClient:
    return TestClient(create_app(Settings(database_url=url)), raise_server_exceptions=False)


@pytest.fixture
def client(db_url: str) -> Iterator[TestClient]:
    with make_client(db_url) as test_client:
        yield test_client


@pytest.fixture
def empty_client(empty_db_url: str) -> Iterator[TestClient]:
    with make_client(empty_db_url) as test_client:
        yield test_client


def new_token(url: str, name: str = "editor") -> str:
    engine = make_sync_engine(url)
    with Session(engine) as session, session.begin():
        token = create_token(session, name)
    engine.dispose()
    return token


@pytest.fixture
def auth(db_url: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {new_token(db_url)}"}


@pytest.fixture
def empty_auth(empty_db_url: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {new_token(empty_db_url)}"}


class StatementCounter:
    def __init__(self) -> None:
        self.statements: list[str] = []

    @property
    def count(self) -> int:
        return len(self.statements)

    def reset(self) -> None:
        self.statements.clear()


@pytest.fixture
def count_statements(client: TestClient) -> Iterator[StatementCounter]:
    """Counts SQL statements the app sends (including the ETag revision read)."""
    counter = StatementCounter()
    engines = client.app.state.database.statement_engines()  # type: ignore[attr-defined]

    def before(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        counter.statements.append(statement)

    for engine in engines:
        event.listen(engine, "before_cursor_execute", before)
    yield counter
    for engine in engines:
        event.remove(engine, "before_cursor_execute", before)


def snapshot(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every domain table, to prove a rejected write changed nothing."""
    tables = [
        "country", "discipline", "athlete", "competition", "event", "round", "placing",
        "relay_member", "placing_change", "api_token",
    ]  # fmt: skip
    engine = make_sync_engine(url)
    with engine.connect() as connection:
        out = {
            t: sorted(map(tuple, connection.execute(text(f'SELECT * FROM "{t}"'))), key=repr)
            for t in tables
        }
    engine.dispose()
    return out


@pytest.fixture
def unchanged(db_url: str) -> Iterator[Callable[[], None]]:
    """Call the yielded function to assert the database equals its state at test start."""
    before = snapshot(db_url)

    def check() -> None:
        assert snapshot(db_url) == before

    yield check


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running_server(url: str, env: dict[str, str] | None = None) -> Iterator[str]:
    """A uvicorn process on loopback serving the database at `url`; yields its base URL."""
    port = free_port()
    environment = {**os.environ, "DATABASE_URL": url, **(env or {})}
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "app.asgi:app", "--host", "127.0.0.1",
         "--port", str(port), "--log-level", "warning"],
        env=environment,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            pytest.fail("uvicorn did not become ready")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def server(db_url: str) -> Iterator[str]:
    """A uvicorn process serving `db_url`; stopped after the test."""
    with running_server(db_url) as base:
        yield base
