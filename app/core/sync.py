"""Synchronous helpers for the CLI and for `run_sync` calls from the async app."""

from typing import Any

from sqlalchemy import text, update
from sqlalchemy.orm import Session

from app.auth.models import DataRevision


def lock_for_write_sync(session: Session, lock_timeout: float) -> None:
    """The CLI's write lock: the same data-revision row the API's writes lock first
    (app/core/caching.py), so CLI and API imports are serialized too."""
    if session.connection().dialect.name == "postgresql":
        session.execute(text(f"SET LOCAL lock_timeout = {int(lock_timeout * 1000)}"))
    session.execute(update(DataRevision).values(revision=DataRevision.revision))


def bump_revision_sync(session: Session) -> None:
    session.execute(update(DataRevision).values(revision=DataRevision.revision + 1))


class DryRun(Exception):
    """Raised inside a transaction to roll back a dry run while keeping its report."""

    def __init__(self, report: dict[str, Any]) -> None:
        super().__init__("dry run")
        self.report = report
