"""A placing as it stood at the end of a day, computed from the current row and the ledger.

The ledger keeps, per changed field, the value before each change and the day the change took
effect. A field's value on day D is therefore the `old_value` of its first change effective
after D, or the current value when no change came later. Queries that take `as_of` use these
expressions in place of the columns (bound as `as_of`); the current answers keep the plain
columns and their indexes.
"""

from typing import Any

from sqlalchemy import (
    Date,
    Integer,
    String,
    and_,
    bindparam,
    case,
    cast,
    exists,
    extract,
    func,
    or_,
    select,
)
from sqlmodel import SQLModel, col

from app.competitions.models import Competition, Round
from app.results.models import Placing, PlacingChange

AS_OF = bindparam("as_of", type_=Date)
LEDGER = SQLModel.metadata.tables[PlacingChange.__tablename__].c

# Any correction of the place: the medal (or place) was reallocated.
REALLOCATED = exists().where(col(Placing.id) == LEDGER.placing_id, LEDGER.field == "place")
REALLOCATED_AS_OF = exists().where(
    col(Placing.id) == LEDGER.placing_id, LEDGER.field == "place", LEDGER.effective_date <= AS_OF
)
# Only races run by that day count: the round's date, else its competition's start (or year).
RACE_DAY = func.coalesce(col(Round.date), col(Competition.start_date))
HELD_BY_AS_OF = or_(
    RACE_DAY <= AS_OF,
    and_(RACE_DAY.is_(None), col(Competition.year) <= extract("year", AS_OF)),
)


def _value_as_of(column: Any, field: str, type_: Any) -> Any:
    later = and_(
        col(Placing.id) == LEDGER.placing_id, LEDGER.field == field, LEDGER.effective_date > AS_OF
    )
    before = (
        select(LEDGER.old_value)
        .where(later)
        .order_by(LEDGER.effective_date, LEDGER.id)
        .limit(1)
        .scalar_subquery()
    )
    return case((exists().where(later), cast(before, type_)), else_=cast(column, type_))


PLACE_AS_OF = _value_as_of(Placing.place, "place", Integer)
STATUS_AS_OF = _value_as_of(Placing.status, "status", String)
MARK_AS_OF = _value_as_of(Placing.mark, "mark", String)
COUNTRY_AS_OF = _value_as_of(Placing.country_code, "country", String)
