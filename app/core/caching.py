"""HTTP caching from a data revision.

Every write bumps one counter (`data_revision`) in its own transaction. A GET's ETag is that
revision plus a hash of the URL, so `If-None-Match` is answered with 304 without running the
endpoint, and a repeated question is answered from memory (app/core/revision.py: how the
revision is learnt without a thread hop on SQLite); any write changes every ETag.
"""

import asyncio
import hashlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, Request, Response
from sqlalchemy import event, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.auth.models import DataRevision
from app.core.config import get_settings
from app.core.db import SessionDep
from app.core.errors import PreconditionFailed
from app.core.revision import ResponseCache, RevisionSource, Stored
from app.core.security import Writer


@dataclass
class Write:
    """An authenticated write in progress, one transaction: its session, who writes (the
    ledger's actor) and whether it changed anything (an unchanged write keeps the revision)."""

    session: AsyncSession
    writer: str
    changed: bool = True


async def bump_revision(session: AsyncSession) -> None:
    await session.execute(update(DataRevision).values(revision=DataRevision.revision + 1))


def _if_match_revision(if_match: str) -> int | None:
    """The data revision an `If-Match` names (None for `*`); 412 when it names none we issue.

    Our ETags are `W/"<revision>-<hash of the URL>"`: a write's precondition is that the data
    revision is still the one the client read. The revision is global, so any write since the
    read makes the precondition fail: re-read and retry (docs/operations.md).
    """
    tags = [tag.strip().removeprefix("W/").strip('"') for tag in if_match.split(",")]
    if "*" in tags:
        return None
    revisions = {tag.split("-", 1)[0] for tag in tags}
    numbers = [int(r) for r in revisions if r.isdigit()]
    if len(numbers) != 1:
        raise PreconditionFailed("If-Match does not name the ETag of a current representation.")
    return numbers[0]


async def lock_for_write(session: AsyncSession) -> int:
    """Take the write lock (the data-revision row) first; return the revision it holds.

    Every write locks the one `data_revision` row before it reads anything, so writes are
    serialized on both engines: two imports of the same file run one after the other (the second
    finds every row and changes nothing) and a precondition cannot go stale between check and
    write. The wait is bounded: PostgreSQL's `lock_timeout` and SQLite's `busy_timeout` are
    DB_LOCK_TIMEOUT seconds, after which the API answers 503 with Retry-After.
    """
    connection = await session.connection()
    if connection.dialect.name == "postgresql":
        timeout_ms = int(get_settings().db_lock_timeout * 1000)
        await session.execute(text(f"SET LOCAL lock_timeout = {timeout_ms}"))
    await session.execute(update(DataRevision).values(revision=DataRevision.revision))
    return int(await session.scalar(select(col(DataRevision.revision))) or 0)


def check_precondition(if_match: str | None, revision: int) -> None:
    """412 unless `If-Match` names the revision the write found under its lock."""
    expected = _if_match_revision(if_match) if if_match else None
    if expected is not None and expected != revision:
        raise PreconditionFailed(
            "The data changed since this ETag was issued (If-Match is stale): "
            "GET the resource again and re-apply the change."
        )


async def write_context(
    request: Request,
    session: SessionDep,
    writer: Writer,
    if_match: Annotated[
        str | None,
        Header(
            alias="If-Match",
            description="Only write if the data is unchanged since this ETag was read "
            "(412 otherwise).",
        ),
    ] = None,
) -> AsyncIterator[Write]:
    """An authenticated write: takes the write lock, bumps the data revision
    unless it changed nothing, and refuses the whole write (412, rolled back) when `If-Match` is
    stale. The precondition is judged after the endpoint so that a malformed request is a 422
    first; nothing is committed either way."""
    revision = await lock_for_write(session)
    write = Write(session, writer)
    yield write
    check_precondition(if_match, revision)
    if write.changed:
        await bump_revision(session)
        revisions: RevisionSource = request.app.state.revisions
        event.listen(
            session.sync_session, "after_commit", lambda _: revisions.committed(revision + 1),
            once=True,
        )  # fmt: skip


WriteDep = Annotated[Write, Depends(write_context, scope="function")]


def _etag(revision: int, scope: Scope) -> str:
    url = scope["path"].encode() + b"?" + scope.get("query_string", b"")
    return f'W/"{revision}-{hashlib.sha256(url).hexdigest()[:16]}"'


def _matches(if_none_match: str, etag: str) -> bool:
    candidates = {tag.strip() for tag in if_none_match.split(",")}
    bare = etag.removeprefix("W/")
    return "*" in candidates or etag in candidates or bare in candidates


class CachingMiddleware:
    """ETag + Cache-Control on successful GETs under /v1; 304 when the client's copy is current;
    an answer already given at this revision is sent again from memory.

    Plain ASGI (no BaseHTTPMiddleware) so responses stream through untouched.
    """

    def __init__(self, app: ASGIApp, revisions: RevisionSource, cache: ResponseCache) -> None:
        self.app = app
        self.revisions = revisions
        self.cache = cache
        # Concurrent misses of one key wait for the first one's answer instead of each running
        # the endpoint (a load's first requests, or a burst after a write): the answer the
        # first one stores, or None when it stored none (not a 200, too big), and then each
        # runs its own request.
        self.in_flight: dict[tuple[int, bytes], asyncio.Future[Stored | None]] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] not in ("GET", "HEAD")
            or not scope["path"].startswith("/v1/")
        ):
            await self.app(scope, receive, send)
            return
        revision = await self.revisions.current(scope["app"].state.database.engine)
        etag = _etag(revision, scope)
        cache_control = f"public, max-age={get_settings().cache_max_age}"
        request_headers = Headers(scope=scope)
        if_none_match = request_headers.get("if-none-match")
        if if_none_match and _matches(if_none_match, etag):
            headers = {"ETag": etag, "Cache-Control": cache_control}
            await Response(status_code=304, headers=headers)(scope, receive, send)
            return
        key = (revision, _cache_key(scope, request_headers))
        cacheable = scope["path"] not in UNCACHED and self.cache.max_entries > 0
        stored = self.cache.get(key) if cacheable else None
        leader = self.in_flight.get(key) if cacheable and stored is None else None
        if leader is not None:
            stored = await asyncio.shield(leader)
            _count(scope, "coalesced" if stored else "miss")
        else:
            _count(scope, "hit" if stored else "miss")
        if stored is not None:
            await send({"type": "http.response.start", "status": stored.status,
                        "headers": stored.headers})  # fmt: skip
            await send({"type": "http.response.body", "body": stored.body})
            return
        if not cacheable or key in self.in_flight:
            await self._answer(scope, receive, send, key, etag, cache_control, None)
            return
        answer: asyncio.Future[Stored | None] = asyncio.get_running_loop().create_future()
        self.in_flight[key] = answer
        try:
            await self._answer(scope, receive, send, key, etag, cache_control, answer)
        finally:
            del self.in_flight[key]
            if not answer.done():
                answer.set_result(None)

    async def _answer(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        key: tuple[int, bytes],
        etag: str,
        cache_control: str,
        answer: "asyncio.Future[Stored | None] | None",
    ) -> None:
        """Run the endpoint; a whole 200 is stored (and handed to the requests waiting on
        `answer`)."""
        started: Message = {}
        chunks: list[bytes] = []

        async def send_with_etag(message: Message) -> None:
            if message["type"] == "http.response.start":
                if message["status"] == 200:
                    headers = MutableHeaders(scope=message)
                    headers["ETag"] = etag
                    headers["Cache-Control"] = cache_control
                started.update(message)
            elif message["type"] == "http.response.body" and started.get("status") == 200:
                chunks.append(message.get("body", b""))
                if not message.get("more_body") and scope["path"] not in UNCACHED:
                    whole = Stored(200, list(started["headers"]), b"".join(chunks))
                    self.cache.put(key, whole)
                    if answer is not None and not answer.done():
                        answer.set_result(whole)
            await send(message)

        await self.app(scope, receive, send_with_etag)


# Streamed, large, and read rarely: not worth holding in memory.
UNCACHED = {"/v1/export"}


def _cache_key(scope: Scope, headers: Headers) -> bytes:
    """The request as far as the answer depends on it: method, URL and the encoding accepted."""
    gzip = b"gzip" if "gzip" in headers.get("accept-encoding", "") else b""
    url = scope["path"].encode() + b"?" + scope.get("query_string", b"")
    return b" ".join((scope["method"].encode(), url, gzip))


def _count(scope: Scope, result: str) -> None:
    metrics = getattr(scope["app"].state, "metrics", None)
    if metrics is not None:
        metrics.response_cache.labels(result=result).inc()
