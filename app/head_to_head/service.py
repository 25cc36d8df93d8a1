"""Head-to-head: every round two athletes were both entered in, and who finished ahead."""

from functools import lru_cache
from typing import Any, NamedTuple

from sqlalchemy import bindparam, select
from sqlalchemy.orm import aliased
from sqlmodel import col

from app.athletes.paths import AthleteRow
from app.athletes.schemas import AthleteSummary
from app.competitions.models import Competition, Event, Round
from app.competitions.schemas import CompetitionSummary
from app.competitions.slugs import event_slug
from app.core.crud import AnySelect
from app.core.enums import Phase, Status
from app.core.reads import Reader
from app.head_to_head.schemas import HeadToHead, RaceSide, SharedRace
from app.reference.models import Discipline
from app.results.models import Placing


class Result(NamedTuple):
    """One side of a shared race, as far as deciding who finished ahead needs."""

    place: int | None
    mark_value: int | None
    status: Status


def ahead(a: Result, b: Result, lower_is_better: bool) -> int:
    """1 if `a` finished ahead of `b`, -1 if behind, 0 for no decision.

    A finisher beats a non-finisher (dnf, dns, dq, nm); two non-finishers is no decision;
    two finishers compare by place, else by mark.
    """
    a_ok, b_ok = a.status == Status.ok, b.status == Status.ok
    if a_ok != b_ok:
        return 1 if a_ok else -1
    if not a_ok:
        return 0
    if a.place is not None and b.place is not None:
        return int(a.place < b.place) - int(a.place > b.place)
    if a.mark_value is not None and b.mark_value is not None:
        better = int(a.mark_value < b.mark_value) - int(a.mark_value > b.mark_value)
        return better if lower_is_better else -better
    return 0


def _side(place: int | None, mark: str | None, status: Status) -> RaceSide:
    return RaceSide(place=place, mark=mark, status=status)


@lru_cache(maxsize=8)
def _shared_rounds(by_discipline: bool, final_only: bool) -> Any:
    """Every round both athletes were entered in, built once per filter combination."""
    a, b = aliased(Placing), aliased(Placing)
    statement: AnySelect = (
        select(
            col(Competition.slug), col(Competition.name), col(Competition.series),
            col(Competition.year),
            col(Event.discipline_code), col(Event.sex), col(Round.slug).label("round"),
            col(Discipline.lower_is_better),
            col(a.place).label("a_place"), col(a.mark).label("a_mark"),
            col(a.mark_value).label("a_value"), col(a.status).label("a_status"),
            col(b.place).label("b_place"), col(b.mark).label("b_mark"),
            col(b.mark_value).label("b_value"), col(b.status).label("b_status"),
        )
        .join(b, (col(b.round_id) == col(a.round_id)) & (col(b.athlete_id) == bindparam("other")))
        .join(Round, col(Round.id) == col(a.round_id))
        .join(Event, col(Event.id) == col(Round.event_id))
        .join(Discipline, col(Discipline.code) == col(Event.discipline_code))
        .join(Competition, col(Competition.id) == col(Event.competition_id))
        .where(col(a.athlete_id) == bindparam("athlete"))
        .order_by(col(Competition.year), col(Competition.start_date), col(Round.date),
                  col(Round.id))
    )  # fmt: skip
    if by_discipline:
        statement = statement.where(col(Event.discipline_code) == bindparam("discipline"))
    if final_only:
        statement = statement.where(col(Round.phase) == Phase.final)
    return statement


async def head_to_head(
    reader: Reader,
    athlete: AthleteRow,
    other: AthleteRow,
    discipline: str | None,
    final_only: bool,
) -> HeadToHead:
    """Three statements: the two athletes (resolved by the path), then every shared round in
    one join."""
    params = {"athlete": athlete.id, "other": other.id, "discipline": discipline}
    rows = await reader.rows(_shared_rounds(bool(discipline), final_only), params)
    races, score = [], {1: 0, -1: 0, 0: 0}
    for r in rows:
        mine = _side(r.a_place, r.a_mark, r.a_status)
        theirs = _side(r.b_place, r.b_mark, r.b_status)
        outcome = ahead(
            Result(r.a_place, r.a_value, r.a_status),
            Result(r.b_place, r.b_value, r.b_status),
            r.lower_is_better,
        )
        score[outcome] += 1
        races.append(
            SharedRace(
                competition=CompetitionSummary(
                    slug=r.slug, name=r.name, series=r.series, year=r.year
                ),
                event=event_slug(r.sex, r.discipline_code),
                round=r.round,
                athlete=mine,
                other=theirs,
                winner={1: athlete.slug, -1: other.slug}.get(outcome),
            )
        )
    return HeadToHead(
        athlete=AthleteSummary(slug=athlete.slug, name=athlete.name, country=athlete.country_code),
        other=AthleteSummary(slug=other.slug, name=other.name, country=other.country_code),
        wins=score[1],
        losses=score[-1],
        no_decision=score[0],
        races=races,
    )
