"""Synchronous helpers for the CLI and for `run_sync` calls from the async app."""

from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from app.auth.models import DataRevision


def bump_revision_sync(session: Session) -> None:
    session.execute(update(DataRevision).values(revision=DataRevision.revision + 1))


class DryRun(Exception):
    """Raised inside a transaction to roll back a dry run while keeping its report."""

    def __init__(self, report: dict[str, Any]) -> None:
        super().__init__("dry run")
        self.report = report
