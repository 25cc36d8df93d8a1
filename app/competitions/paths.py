"""Path dependencies: a competition → event → round path resolved once per request, in one
statement, 404 naming the unknown part; services take the resolved objects."""

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Path

from app.competitions import service
from app.competitions.models import Competition, Event, Round
from app.competitions.router import CompetitionSlug, EventSlug, RoundSlug
from app.core.db import SessionDep


@dataclass(frozen=True)
class RoundPath:
    """A round with its event and competition, as addressed (`event_slug`: `men-1500m`)."""

    competition: Competition
    event: Event
    round: Round
    event_slug: str


async def round_path(
    session: SessionDep, competition: CompetitionSlug, event: EventSlug, round: RoundSlug
) -> RoundPath:
    found = await service.find_round(session, competition, event, round)
    return RoundPath(*found, event_slug=event)


RoundDep = Annotated[RoundPath, Depends(round_path)]


@dataclass(frozen=True)
class PlacingRef:
    """A placing id within a resolved round (the placing itself is read by the service)."""

    path: RoundPath
    placing_id: int


async def placing_ref(
    session: SessionDep,
    competition: CompetitionSlug,
    event: EventSlug,
    round: RoundSlug,
    placing_id: Annotated[int, Path(ge=1, le=2_147_483_647, description="Placing id.")],
) -> PlacingRef:
    # The round's parameters are declared here, not through RoundDep, so that the path
    # parameters keep their URL order in the OpenAPI document (and in generated SDKs).
    return PlacingRef(await round_path(session, competition, event, round), placing_id)


PlacingDep = Annotated[PlacingRef, Depends(placing_ref)]
