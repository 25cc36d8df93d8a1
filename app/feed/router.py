"""The mirror feed: every change to the results after a change-log position."""

from typing import Annotated

from fastapi import APIRouter, Query

from app.core.db import SnapshotSessionDep
from app.core.errors import problem_responses
from app.feed import service
from app.feed.schemas import FeedPage

router = APIRouter(prefix="/v1", tags=["imports"])


@router.get("/feed", operation_id="getFeed", responses=problem_responses(422))
async def get_feed(
    session: SnapshotSessionDep,
    since: Annotated[
        int,
        Query(
            ge=0,
            description="Change-log position: the `revision` of a JSON export, or the "
            "`next_since` of the previous page.",
        ),
    ] = 0,
    limit: Annotated[
        int, Query(ge=1, le=5000, description="Change-log entries to cover in this page.")
    ] = 1000,
) -> FeedPage:
    """Changes after `since` as records to apply to an export, oldest first."""
    return await session.run_sync(service.feed, since, limit)
