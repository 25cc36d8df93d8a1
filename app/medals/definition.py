"""The one SQL definition of a medal, reused by cabinets, repeat medallists and medal tables.

A medal is a placing with place 1-3 and status `ok` in the final round of an event (an event run
as a single race records that race as its final). Tied athletes share a place, so a tie for
first is two golds and no silver. A relay medal belongs to the team placing; it counts for every
athlete who ran for that country in any round of the event (heat-only runners included, as World
Athletics and the IOC award them), but once per team in a country's medal table.
"""

from typing import Any

from sqlalchemy import Select, and_, case, exists, literal, literal_column, select, union_all
from sqlalchemy.orm import aliased

from app.competitions.models import Competition, Event, Round
from app.core.enums import Medal
from app.results.models import Placing, PlacingChange, RelayMember

# Literal constants (not bound parameters) so that SQLite and PostgreSQL can use the partial
# index `ix_placing_medal` whose predicate is exactly this.
IS_MEDAL = and_(
    Placing.place <= literal_column("3"),
    Placing.status == literal_column("'ok'"),
)
MEDAL_COLOUR = case(
    (Placing.place == 1, literal(Medal.gold.value)),
    (Placing.place == 2, literal(Medal.silver.value)),
    else_=literal(Medal.bronze.value),
)
REALLOCATED = exists().where(PlacingChange.placing_id == Placing.id, PlacingChange.field == "place")


def medal_placings(**filters: Any) -> Select[Any]:
    """Every medal-winning placing (individual or team) with its competition and event."""
    statement = (
        select(
            Placing.id.label("placing_id"),
            Placing.athlete_id,
            Placing.country_code,
            Placing.place,
            Placing.mark,
            MEDAL_COLOUR.label("medal"),
            REALLOCATED.label("reallocated"),
            Round.date,
            Event.id.label("event_id"),
            Event.discipline_code.label("discipline"),
            Event.sex,
            Competition.id.label("competition_id"),
            Competition.slug.label("competition_slug"),
            Competition.name.label("competition_name"),
            Competition.series,
            Competition.year,
            Competition.start_date,
        )
        .join(Round, Round.id == Placing.round_id)
        .join(Event, Event.id == Round.event_id)
        .join(Competition, Competition.id == Event.competition_id)
        .where(IS_MEDAL, Round.phase == literal_column("'final'"))
    )
    return apply_filters(statement, **filters)


def apply_filters(
    statement: Select[Any],
    series: Any = None,
    discipline: str | None = None,
    sex: Any = None,
    from_year: int | None = None,
    to_year: int | None = None,
    country: str | None = None,
    competition: str | None = None,
    medals: list[Any] | None = None,
) -> Select[Any]:
    """Narrow a medal query; every filter is optional."""
    places = {"gold": 1, "silver": 2, "bronze": 3}
    conditions: list[Any] = []
    if series:
        conditions.append(Competition.series == series)
    if discipline:
        conditions.append(Event.discipline_code == discipline)
    if sex:
        conditions.append(Event.sex == sex)
    if from_year:
        conditions.append(Competition.year >= from_year)
    if to_year:
        conditions.append(Competition.year <= to_year)
    if country:
        conditions.append(Placing.country_code == country)
    if competition:
        conditions.append(Competition.slug == competition)
    if medals:
        conditions.append(Placing.place.in_([places[str(m)] for m in medals]))
    if conditions:
        statement = statement.where(*conditions)
    return statement


def athlete_medals(athlete_id: int | None = None, **filters: Any) -> Select[Any]:
    """Medals per athlete: individual medals plus a relay medal for each member of the team.

    With `athlete_id`, only that athlete's medals (the filter sits inside both branches so
    each can use its index).
    """
    individual = medal_placings(**filters).where(Placing.athlete_id.is_not(None))
    individual = individual.add_columns(literal(False).label("relay"))
    team_round = aliased(Round)
    team_placing = aliased(Placing)
    relay = (
        medal_placings(**filters)
        .where(Placing.athlete_id.is_(None))
        .join(team_round, team_round.event_id == Event.id)
        .join(
            team_placing,
            and_(
                team_placing.round_id == team_round.id,
                team_placing.country_code == Placing.country_code,
                team_placing.athlete_id.is_(None),
            ),
        )
        .join(RelayMember, RelayMember.placing_id == team_placing.id)
    )
    if athlete_id is not None:
        individual = individual.where(Placing.athlete_id == athlete_id)
        relay = relay.where(RelayMember.athlete_id == athlete_id)
    keys = [c.key for c in individual.selected_columns]
    relay_columns = {c.key: c for c in relay.selected_columns}
    relay_columns["athlete_id"] = RelayMember.athlete_id.label("athlete_id")
    relay_columns["relay"] = literal(True).label("relay")
    relay = relay.with_only_columns(*[relay_columns[k] for k in keys]).distinct()
    return select(union_all(individual, relay).subquery("athlete_medal"))
