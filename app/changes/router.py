"""The ledger of corrections: what changed in which result, when and why."""

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query

from app.changes import service
from app.changes.schemas import ChangePage
from app.core.db import SessionDep
from app.core.errors import FieldError, Invalid, problem_responses
from app.core.pagination import PageDep

router = APIRouter(prefix="/v1", tags=["results"])


def _since(text: str | None) -> int | dt.datetime | None:
    if text is None:
        return None
    if text.isdigit():
        return int(text)
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        message = "must be a ledger position (a whole number) or an ISO date-time"
        raise Invalid(
            f"since {message}", [FieldError(field="query.since", message=message)]
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)  # naive means UTC


@router.get("/changes", operation_id="listChanges", responses=problem_responses(404, 422))
async def list_changes(
    session: SessionDep,
    page: PageDep,
    competition: Annotated[
        str | None, Query(max_length=120, description="Only this competition's placings.")
    ] = None,
    athlete: Annotated[
        str | None, Query(max_length=120, description="Only this athlete's placings.")
    ] = None,
    since: Annotated[
        str | None,
        Query(
            max_length=40,
            description="Only entries after this ledger position (`next_since` of the previous "
            "page) or recorded after this ISO date-time.",
            examples=["2026-01-01T00:00:00"],
        ),
    ] = None,
) -> ChangePage:
    """List corrections of placings (disqualifications, reallocations…), oldest first."""
    return await service.list_changes(session, page, competition, athlete, _since(since))
