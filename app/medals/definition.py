"""The one SQL definition of a medal, reused by cabinets, repeat medallists and medal tables.

A medal is a placing with place 1-3 and status `ok` in the final round of an event (an event run
as a single race records that race as its final). Tied athletes share a place, so a tie for
first is two golds and no silver. A relay medal belongs to the team placing; it counts for every
athlete who ran for that country in any round of the event (heat-only runners included, as World
Athletics and the IOC award them), but once per team in a country's medal table.
"""

import datetime as dt
from dataclasses import dataclass, fields
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    bindparam,
    case,
    literal,
    literal_column,
    select,
    union_all,
)
from sqlalchemy.orm import aliased
from sqlmodel import col

from app.competitions.models import Competition, Event, Round
from app.core.enums import Medal, Sex
from app.reference.models import Series
from app.results.history import (
    COUNTRY_AS_OF,
    HELD_BY_AS_OF,
    MARK_AS_OF,
    PLACE_AS_OF,
    REALLOCATED,
    REALLOCATED_AS_OF,
    STATUS_AS_OF,
)
from app.results.models import Placing, RelayMember

# Literal constants (not bound parameters) so that SQLite and PostgreSQL can use the partial
# index `ix_placing_medal` whose predicate is exactly this.
THREE: Any = literal_column("3")
OK: Any = literal_column("'ok'")
# Only finals of a series that awards championship medals win medals (`series.awards_medals`).
MEDAL_SERIES: Any = select(col(Series.code)).where(col(Series.awards_medals))


def _colour(place: Any) -> Any:
    return case(
        (place == 1, literal(Medal.gold.value)),
        (place == 2, literal(Medal.silver.value)),
        else_=literal(Medal.bronze.value),
    )


@lru_cache(maxsize=256)
def medal_placings(keys: frozenset[str] = frozenset()) -> Select[Any]:
    """Every medal-winning placing (individual or team) with its competition and event,
    narrowed by the filters named in `keys` (values bound at execution: `MedalFilters.bound`).

    With `as_of` among the keys, places and statuses are those the ledger says they had at the
    end of that day, and only competitions begun by then count.
    """
    historic = "as_of" in keys
    place = PLACE_AS_OF if historic else col(Placing.place)
    status = STATUS_AS_OF if historic else col(Placing.status)
    statement = (
        select(
            col(Placing.id).label("placing_id"),
            col(Placing.athlete_id),
            (COUNTRY_AS_OF if historic else col(Placing.country_code)).label("country_code"),
            place.label("place"),
            (MARK_AS_OF if historic else col(Placing.mark)).label("mark"),
            _colour(place).label("medal"),
            (REALLOCATED_AS_OF if historic else REALLOCATED).label("reallocated"),
            col(Round.date),
            col(Event.id).label("event_id"),
            col(Event.discipline_code).label("discipline"),
            col(Event.sex),
            col(Competition.id).label("competition_id"),
            col(Competition.slug).label("competition_slug"),
            col(Competition.name).label("competition_name"),
            col(Competition.series),
            col(Competition.year),
            col(Competition.start_date),
        )
        .join(Round, col(Round.id) == col(Placing.round_id))
        .join(Event, col(Event.id) == col(Round.event_id))
        .join(Competition, col(Competition.id) == col(Event.competition_id))
        .where(
            place <= THREE,
            status == OK,
            col(Round.phase) == literal_column("'final'"),
            col(Competition.series).in_(MEDAL_SERIES),
        )
    )
    by_key = _conditions()
    if historic:
        by_key["places"] = PLACE_AS_OF.in_(bindparam("places", expanding=True))
    conditions = [condition for key, condition in by_key.items() if key in keys]
    narrowed: Select[Any] = statement.where(*conditions) if conditions else statement
    return narrowed


PLACES = {"gold": 1, "silver": 2, "bronze": 3}


def _conditions() -> dict[str, Any]:
    return {
        "series": col(Competition.series) == bindparam("series"),
        "discipline": col(Event.discipline_code) == bindparam("discipline"),
        "sex": col(Event.sex) == bindparam("sex"),
        "from_year": col(Competition.year) >= bindparam("from_year"),
        "to_year": col(Competition.year) <= bindparam("to_year"),
        "country": col(Placing.country_code) == bindparam("country"),
        "competition": col(Competition.slug) == bindparam("competition"),
        "places": col(Placing.place).in_(bindparam("places", expanding=True)),
        "as_of": HELD_BY_AS_OF,
    }


@dataclass(frozen=True)
class MedalFilters:
    """What a medal question is narrowed to (every field optional; hashable, typed)."""

    series: str | None = None
    discipline: str | None = None
    sex: Sex | None = None
    from_year: int | None = None
    to_year: int | None = None
    country: str | None = None
    competition: str | None = None
    medals: tuple[Medal, ...] = ()
    as_of: dt.date | None = None

    def bound(self) -> tuple[frozenset[str], dict[str, Any]]:
        """The filters given (their names, which pick a cached statement) and their values.

        Statements are built once per combination of filters and reused: building the medal
        query costs more than running it.
        """
        params: dict[str, Any] = {
            f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)
        }
        if "medals" in params:
            params["places"] = sorted({PLACES[str(m)] for m in params.pop("medals")})
        return frozenset(params), params


@lru_cache(maxsize=256)
def athlete_medals(
    keys: frozenset[str] = frozenset(), athlete: ColumnElement[Any] | None = None
) -> Select[Any]:
    """Medals per athlete: individual medals plus a relay medal for each member of the team.

    With `athlete` (an expression for one athlete's id), only that athlete's medals (the filter
    sits inside both branches so each can use its index).
    """
    individual = medal_placings(keys).where(col(Placing.athlete_id).is_not(None))
    individual = individual.add_columns(literal(False).label("relay"))
    team_round = aliased(Round)
    team_placing = aliased(Placing)
    relay = (
        medal_placings(keys)
        .where(col(Placing.athlete_id).is_(None))
        .join(team_round, col(team_round.event_id) == col(Event.id))
        .join(
            team_placing,
            and_(
                col(team_placing.round_id) == col(team_round.id),
                col(team_placing.country_code) == col(Placing.country_code),
                col(team_placing.athlete_id).is_(None),
            ),
        )
        .join(RelayMember, col(RelayMember.placing_id) == col(team_placing.id))
    )
    if athlete is not None:
        individual = individual.where(col(Placing.athlete_id) == athlete)
        relay = relay.where(col(RelayMember.athlete_id) == athlete)
    names = [c.key for c in individual.selected_columns]
    relay_columns = {c.key: c for c in relay.selected_columns}
    relay_columns["athlete_id"] = col(RelayMember.athlete_id).label("athlete_id")
    relay_columns["relay"] = literal(True).label("relay")
    relay = relay.with_only_columns(*[relay_columns[k] for k in names]).distinct()
    return select(union_all(individual, relay).subquery("athlete_medal"))
