"""Reference tables: countries, disciplines and championship series."""

from sqlmodel import Field, SQLModel

from app.core.enums import DisciplineKind, Unit
from app.core.tables import enum_column


class Country(SQLModel, table=True):
    code: str = Field(primary_key=True, max_length=3)
    name: str = Field(max_length=100)
    historic: bool = Field(default=False)


class Discipline(SQLModel, table=True):
    code: str = Field(primary_key=True, max_length=40)
    name: str = Field(max_length=100)
    kind: DisciplineKind = Field(sa_column=enum_column(DisciplineKind, "discipline_kind"))
    unit: Unit = Field(sa_column=enum_column(Unit, "unit"))
    lower_is_better: bool


class Series(SQLModel, table=True):
    """A championship series, as data (`app/data/series.json`): adding one needs no code.

    `awards_medals` is false for a series whose finals are not championship medals (a Diamond
    League final): its placings are results, never medals."""

    code: str = Field(primary_key=True, max_length=60)
    name: str = Field(max_length=100)
    indoor: bool = Field(default=False)
    awards_medals: bool = Field(default=True)
