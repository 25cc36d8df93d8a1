"""HTTP caching from a data revision.

Every write bumps one counter (`data_revision`) in its own transaction. A GET's ETag is that
revision plus a hash of the URL, so `If-None-Match` is answered with 304 after one primary-key
read, without running the endpoint's query; any write changes every ETag.
"""

import hashlib
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request, Response
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint

from app.auth.models import DataRevision
from app.core.config import get_settings
from app.core.db import SessionDep, get_database
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


def _etag(revision: int, request: Request) -> str:
    digest = hashlib.sha256(str(request.url).encode()).hexdigest()[:16]
    return f'W/"{revision}-{digest}"'


def _matches(if_none_match: str, etag: str) -> bool:
    candidates = {tag.strip() for tag in if_none_match.split(",")}
    bare = etag.removeprefix("W/")
    return "*" in candidates or etag in candidates or bare in candidates


class CachingMiddleware(BaseHTTPMiddleware):
    """ETag + Cache-Control on successful GETs under /v1; 304 when the client's copy is current."""

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        if request.method not in ("GET", "HEAD") or not request.url.path.startswith("/v1/"):
            return await call_next(request)
        async with get_database(request).engine.connect() as connection:
            revision = await connection.scalar(select(DataRevision.revision))
        etag = _etag(revision or 0, request)
        cache_control = f"public, max-age={get_settings().cache_max_age}"
        headers = {"ETag": etag, "Cache-Control": cache_control}
        if_none_match = request.headers.get("if-none-match")
        if if_none_match and _matches(if_none_match, etag):
            return Response(status_code=304, headers=headers)
        response = await call_next(request)
        if response.status_code == 200:
            response.headers.update(headers)
        return response
