"""HTTP caching from a data revision.

Every write bumps one counter (`data_revision`) in its own transaction. A GET's ETag is that
revision plus a hash of the URL, so `If-None-Match` is answered with 304 after one primary-key
read, without running the endpoint's query; any write changes every ETag.
"""

import hashlib
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Response
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.auth.models import DataRevision
from app.core.config import get_settings
from app.core.db import SessionDep
from app.core.security import Writer

UNCHANGED = "podium.unchanged"


async def bump_revision(session: AsyncSession) -> None:
    await session.execute(update(DataRevision).values(revision=DataRevision.revision + 1))


async def write_session(session: SessionDep, writer: Writer) -> AsyncIterator[AsyncSession]:
    """A session for an authenticated write; bumps the data revision unless marked unchanged."""
    session.info["writer"] = writer
    yield session
    if not session.info.get(UNCHANGED):
        await bump_revision(session)


WriteSessionDep = Annotated[AsyncSession, Depends(write_session, scope="function")]


def _etag(revision: int, scope: Scope) -> str:
    url = scope["path"].encode() + b"?" + scope.get("query_string", b"")
    return f'W/"{revision}-{hashlib.sha256(url).hexdigest()[:16]}"'


def _matches(if_none_match: str, etag: str) -> bool:
    candidates = {tag.strip() for tag in if_none_match.split(",")}
    bare = etag.removeprefix("W/")
    return "*" in candidates or etag in candidates or bare in candidates


class CachingMiddleware:
    """ETag + Cache-Control on successful GETs under /v1; 304 when the client's copy is current.

    Plain ASGI (no BaseHTTPMiddleware) so responses stream through untouched.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] not in ("GET", "HEAD")
            or not scope["path"].startswith("/v1/")
        ):
            await self.app(scope, receive, send)
            return
        async with scope["app"].state.database.engine.connect() as connection:
            revision = await connection.scalar(select(DataRevision.revision))
        etag = _etag(revision or 0, scope)
        cache_control = f"public, max-age={get_settings().cache_max_age}"
        if_none_match = Headers(scope=scope).get("if-none-match")
        if if_none_match and _matches(if_none_match, etag):
            headers = {"ETag": etag, "Cache-Control": cache_control}
            await Response(status_code=304, headers=headers)(scope, receive, send)
            return

        async def send_with_etag(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 200:
                headers = MutableHeaders(scope=message)
                headers["ETag"] = etag
                headers["Cache-Control"] = cache_control
            await send(message)

        await self.app(scope, receive, send_with_etag)
