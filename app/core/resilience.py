"""Database outages and lock waits answer 503 problem+json with Retry-After, never 500.

`classify()` sorts a database exception into `down` (cannot reach or lost the server) or `busy`
(a lock or pool wait hit its bound); anything else is a real bug and stays a 500.

`DatabaseGuard` (plain ASGI, just inside CORS) catches those exceptions from anywhere below it,
the ETag revision read in `CachingMiddleware` included, and answers 503 with `Retry-After`.
A read (GET/HEAD) that failed on a pooled connection the server had closed (a database restart
while the process was idle) is run once more: SQLAlchemy has invalidated the pool by then, so the
retry gets a fresh connection and the first request after a restart succeeds.

`DatabaseHealth` logs one line when the database becomes unreachable and one when it answers
again (with how long it was away and how many requests were refused), not a traceback per request.
"""

import logging
import time
from typing import Literal

from sqlalchemy import event
from sqlalchemy.exc import DBAPIError, DisconnectionError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.errors import ServiceUnavailable, problem_response

logger = logging.getLogger("podium.db")
Outage = Literal["down", "busy"]
# PostgreSQL SQLSTATE classes: 08 connection, 53 insufficient resources, 57 operator
# intervention (admin shutdown, cannot connect now); 55P03 lock timeout, 40 serialization or
# deadlock, 57014 statement timeout are "busy": the server is there, the wait hit its bound.
_DOWN_CLASSES = ("08", "53", "57")
_BUSY_STATES = ("55P03", "57014")


def classify(exc: BaseException) -> Outage | None:
    """`down`, `busy`, or None when the exception is not about database availability."""
    if isinstance(exc, BaseExceptionGroup):
        for inner in exc.exceptions:
            if (found := classify(inner)) is not None:
                return found
        return None
    if isinstance(exc, PoolTimeout):
        return "busy"
    if isinstance(exc, DisconnectionError):
        return "down"
    if not isinstance(exc, DBAPIError):
        return None
    original = exc.orig
    state = getattr(original, "sqlstate", None)
    text = str(original).lower()
    if state in _BUSY_STATES or (state or "").startswith("40"):
        return "busy"
    if "database is locked" in text or "database table is locked" in text:
        return "busy"
    if exc.connection_invalidated or isinstance(exc, InterfaceError):
        return "down"
    if isinstance(exc, OperationalError):
        if state is None:
            # psycopg: connection refused/closed (no SQLSTATE); SQLite: file or I/O problems.
            sqlite_bug = "no such" in text or "syntax error" in text
            return None if sqlite_bug else "down"
        return "down" if state[:2] in _DOWN_CLASSES else None
    return None


def short_reason(exc: BaseException) -> str:
    original = getattr(exc, "orig", None) or exc
    lines = str(original).strip().splitlines()
    return f"{type(original).__name__}: {lines[0] if lines else ''}"[:300]


class DatabaseHealth:
    """Tracks outages to log transitions once; counts the requests answered 503."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.down_since: float | None = None
        self.refused = 0
        self.watch(engine)

    def watch(self, engine: AsyncEngine) -> None:
        """Count a new connection of `engine` as the database answering again."""
        event.listen(engine.sync_engine, "connect", self._connected)

    def _connected(self, *_: object) -> None:
        if self.down_since is not None:
            away = time.monotonic() - self.down_since
            logger.warning(
                "database reachable again after %.1f s; %d request(s) answered 503 meanwhile",
                away,
                self.refused,
                extra={"event": "database_up", "outage_seconds": round(away, 3)},
            )
            self.down_since = None
            self.refused = 0

    def failed(self, kind: Outage, exc: BaseException, where: str) -> None:
        self.refused += 1
        if kind == "busy":
            logger.warning(
                "database busy, answered 503: %s (%s)",
                where,
                short_reason(exc),
                extra={"event": "database_busy"},
            )
        elif self.down_since is None:
            self.down_since = time.monotonic()
            logger.error(
                "database unreachable, answering 503 until it returns: %s",
                short_reason(exc),
                extra={"event": "database_down"},
            )


class DatabaseGuard:
    """Turn database outages anywhere below into 503 + Retry-After; retry a stale read once."""

    def __init__(self, app: ASGIApp, retry_after: int = 5) -> None:
        self.app = app
        self.retry_after = retry_after

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False
        received: list[Message] = []

        async def recording_receive() -> Message:
            message = await receive()
            received.append(message)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        async def attempt(receive_with: Receive) -> tuple[Outage, Exception] | None:
            """Run the app once; an outage comes back classified, anything else propagates."""
            try:
                await self.app(scope, receive_with, tracking_send)
            except Exception as exc:
                kind = classify(exc)
                if kind is None:
                    raise
                return kind, exc
            return None

        failure = await attempt(recording_receive)
        if failure is None:
            return
        stale = isinstance(failure[1], DBAPIError) and failure[1].connection_invalidated
        if not started and stale and scope["method"] in ("GET", "HEAD"):
            replay = list(received)

            async def replay_receive() -> Message:
                return replay.pop(0) if replay else await receive()

            failure = await attempt(replay_receive)
            if failure is None:
                return
        kind, first = failure
        health: DatabaseHealth | None = getattr(scope["app"].state, "database_health", None)
        if health is not None:
            health.failed(kind, first, f"{scope['method']} {scope['path']}")
        scope.setdefault("state", {})["database_outage"] = kind
        if started:
            return  # the response is already on its way; nothing better can be sent
        if kind == "busy":
            error = ServiceUnavailable(
                "The database is busy with another write (SQLite allows one writer at a time, "
                "PostgreSQL waits a bounded time for locks); retry shortly.",
                retry_after=max(1, self.retry_after // 5),
            )
        else:
            error = ServiceUnavailable(
                "The database is unreachable; retry later.", retry_after=self.retry_after
            )
        response = problem_response(
            error.status,
            error.title,
            error.detail,
            slug=error.slug,
            headers={"Retry-After": str(error.retry_after)},
        )
        await response(scope, receive, send)
