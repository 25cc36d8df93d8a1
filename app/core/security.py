"""Bearer API tokens: created by the CLI, stored as SHA-256 hashes, checked on every write."""

import hashlib
import secrets
from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session
from sqlmodel import col

from app.auth.models import ApiToken
from app.core.db import SessionDep, matched_rows
from app.core.errors import Conflict, NotFound, Unauthorized

_bearer = HTTPBearer(auto_error=False, description="A token from `podium token create NAME`.")


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(session: Session, name: str, days: int | None = None) -> str:
    """Store a new token's hash under `name` and return the token (shown once).

    With `days`, the token expires that many days from now.
    """
    if session.scalar(select(col(ApiToken.id)).where(col(ApiToken.name) == name)) is not None:
        raise Conflict(f"a token named {name!r} exists")
    token = "pod_" + secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    expires = now + timedelta(days=days) if days is not None else None
    session.add(
        ApiToken(name=name, token_hash=hash_token(token), created_at=now, expires_at=expires)
    )
    return token


def revoke_token(session: Session, name: str) -> None:
    result = session.execute(
        update(ApiToken)
        .where(col(ApiToken.name) == name, col(ApiToken.revoked_at).is_(None))
        .values(revoked_at=datetime.now(UTC))
    )
    if not matched_rows(result):
        raise NotFound(f"no active token named {name!r}")


async def token_name(session: AsyncSession, token: str) -> str | None:
    """The name of the active token, or None if unknown or revoked."""
    name: str | None = await session.scalar(
        select(col(ApiToken.name)).where(
            col(ApiToken.token_hash) == hash_token(token),
            col(ApiToken.revoked_at).is_(None),
            or_(col(ApiToken.expires_at).is_(None), col(ApiToken.expires_at) > datetime.now(UTC)),
        )
    )
    return name


async def require_token(
    session: SessionDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> str:
    """The writer's token name; 401 when the token is missing, unknown or revoked."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Unauthorized("A bearer token is required for writes.")
    name = await token_name(session, credentials.credentials)
    if name is None:
        raise Unauthorized("The bearer token is invalid, expired or revoked.")
    return name


Writer = Annotated[str, Depends(require_token)]
