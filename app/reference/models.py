"""Reference tables: countries and disciplines."""

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
