"""The athlete table."""

from datetime import date

from sqlmodel import Field, SQLModel

from app.core.enums import Sex
from app.core.tables import enum_column


class Athlete(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=120, unique=True)
    name: str = Field(max_length=200)
    # Accent- and case-folded name: the same LIKE search works on SQLite and PostgreSQL.
    name_folded: str = Field(max_length=200, index=True)
    sex: Sex = Field(sa_column=enum_column(Sex, "sex"))
    birth_date: date | None = None
    country_code: str | None = Field(default=None, foreign_key="country.code", max_length=3)
    world_athletics_id: str | None = Field(default=None, max_length=40, unique=True)
    olympedia_id: str | None = Field(default=None, max_length=40, unique=True)
