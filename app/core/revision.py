"""The data revision, learnt cheaply, and answers kept per revision.

Every write bumps `data_revision` (API and CLI alike). A GET's ETag is that revision plus the
URL, and an answer to an unchanged question is the same bytes: `ResponseCache` keeps recent
answers keyed by (revision, method, URL, Accept-Encoding) so a repeated read between writes
touches neither the database nor the endpoint.

Learning the revision must itself be cheap:
- SQLite: a connection of our own, used only on the event loop, asks `PRAGMA data_version`
  (no I/O: it changes when any other connection, in any process, commits); only then is the
  revision row read again. No thread hop per request.
- PostgreSQL: a connection of our own LISTENs on `podium_revision` (migration 0005 notifies on
  every change of the row); each request drains what has arrived on its socket without waiting
  (libpq's non-blocking `consume_input`), so no query runs. The notification is sent at commit,
  before the writer answers its client. Until the listener is connected (at start, or after the
  database was away) the revision is read from the row, as before.
A write through any worker process is therefore seen by every worker's next read.
"""

import asyncio
import os
import sqlite3
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import psycopg
from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import col

from app.auth.models import DataRevision


class RevisionSource:
    def __init__(self, url: str) -> None:
        parsed = make_url(url)
        path = parsed.database if parsed.get_backend_name() == "sqlite" else None
        self._path = path if path and path != ":memory:" else None
        self._listener = (
            PostgresListener(url) if parsed.get_backend_name() == "postgresql" else None
        )
        self._connection: sqlite3.Connection | None = None
        self._version: int | None = None
        self._revision = 0
        self._file: tuple[int, int] | None = None

    async def current(self, engine: AsyncEngine) -> int:
        if self._path is not None:
            try:
                return self._sqlite()
            except (sqlite3.Error, OSError):
                self.close()  # e.g. the file is missing; read through the engine instead
        if self._listener is not None:
            heard = self._listener.revision()
            if heard is not None:
                return heard
        async with engine.connect() as connection:
            return int(await connection.scalar(select(col(DataRevision.revision))) or 0)

    def committed(self, revision: int) -> None:
        """This process committed a write that made `revision`: its own next read must see it
        without waiting for the notification to come back."""
        if self._listener is not None:
            self._listener.heard(revision)

    def _sqlite(self) -> int:
        assert self._path is not None
        identity = os.stat(self._path)
        if (identity.st_dev, identity.st_ino) != self._file:  # replaced: start over
            self.close()
            self._file = (identity.st_dev, identity.st_ino)
        if self._connection is None:
            self._connection = sqlite3.connect(
                f"file:{self._path}?mode=rw", uri=True, check_same_thread=False, timeout=0.05
            )
            self._version = None
        version = self._connection.execute("PRAGMA data_version").fetchone()[0]
        if version != self._version:
            row = self._connection.execute("SELECT revision FROM data_revision").fetchone()
            self._revision, self._version = int(row[0]) if row else 0, version
        return self._revision

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
        self._connection, self._version = None, None
        if self._listener is not None:
            self._listener.close()


class PostgresListener:
    """LISTEN podium_revision on a connection of our own; drained per request, never awaited."""

    RETRY_SECONDS = 5.0

    def __init__(self, url: str) -> None:
        self._url = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
        self._connection: psycopg.Connection[Any] | None = None
        self._revision = 0
        self._connecting: asyncio.Future[None] | None = None
        self._retry_at = 0.0

    def revision(self) -> int | None:
        """The latest revision heard, or None while not listening (the caller reads the row)."""
        if self._connection is None:
            self._start()
            return None
        try:
            pgconn = self._connection.pgconn
            pgconn.consume_input()
            while (notice := pgconn.notifies()) is not None:
                self._revision = max(self._revision, int(notice.extra.decode()))
        except (psycopg.Error, ValueError):
            self.close()
            return None
        return self._revision

    def heard(self, revision: int) -> None:
        self._revision = max(self._revision, revision)

    def _start(self) -> None:
        if self._connecting is not None or time.monotonic() < self._retry_at:
            return
        self._connecting = asyncio.ensure_future(asyncio.to_thread(self._connect))
        self._connecting.add_done_callback(self._connected)

    def _connect(self) -> None:
        connection = psycopg.connect(self._url, autocommit=True, connect_timeout=5)
        try:
            connection.execute("LISTEN podium_revision")
            row = connection.execute("SELECT revision FROM data_revision").fetchone()
        except psycopg.Error:
            connection.close()
            raise
        self._revision = max(self._revision, int(row[0]) if row else 0)
        self._connection = connection

    def _connected(self, future: asyncio.Future[None]) -> None:
        self._connecting = None
        if future.cancelled() or future.exception() is not None:
            self._retry_at = time.monotonic() + self.RETRY_SECONDS

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
        self._connection = None
        self._retry_at = time.monotonic() + self.RETRY_SECONDS


@dataclass(frozen=True)
class Stored:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes


class ResponseCache:
    """A bounded LRU of whole answers; entries of older revisions are never asked for again
    and fall out as new ones arrive."""

    def __init__(self, max_entries: int, max_bytes: int) -> None:
        self.max_entries, self.max_bytes = max_entries, max_bytes
        self._entries: OrderedDict[tuple[int, bytes], Stored] = OrderedDict()
        self._bytes = 0

    def get(self, key: tuple[int, bytes]) -> Stored | None:
        stored = self._entries.get(key)
        if stored is not None:
            self._entries.move_to_end(key)
        return stored

    def put(self, key: tuple[int, bytes], stored: Stored) -> None:
        if self.max_entries <= 0 or len(stored.body) > self.max_bytes // 8:
            return
        old = self._entries.pop(key, None)
        self._bytes -= len(old.body) if old else 0
        self._entries[key] = stored
        self._bytes += len(stored.body)
        while len(self._entries) > self.max_entries or self._bytes > self.max_bytes:
            _, evicted = self._entries.popitem(last=False)
            self._bytes -= len(evicted.body)

    def __len__(self) -> int:
        return len(self._entries)
