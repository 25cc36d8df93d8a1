"""Competitions, their events and the rounds (races) of each event."""

import datetime as dt

from sqlalchemy import JSON, CheckConstraint, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.core.enums import Coverage, Phase, Sex
from app.core.tables import enum_column


class Competition(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("series", "year"),
        CheckConstraint("start_date <= end_date", name="dates_ordered"),
    )

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=120, unique=True)
    name: str = Field(max_length=200)
    series: str = Field(foreign_key="series.code", max_length=60)
    # The edition year: Tokyo 2020 is year 2020 though its dates are in 2021.
    year: int
    city: str | None = Field(default=None, max_length=100)
    host_country: str | None = Field(default=None, foreign_key="country.code", max_length=3)
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    sources: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    notes: str | None = None


class Event(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("competition_id", "discipline_code", "sex"),
        # Medal questions narrowed to a discipline across editions start here (migration 0009).
        Index("ix_event_discipline_code_sex", "discipline_code", "sex"),
    )

    id: int | None = Field(default=None, primary_key=True)
    competition_id: int = Field(foreign_key="competition.id", ondelete="CASCADE")
    discipline_code: str = Field(foreign_key="discipline.code", max_length=40)
    sex: Sex = Field(sa_column=enum_column(Sex, "sex"))
    coverage: Coverage = Field(
        default=Coverage.medallists,
        sa_column=enum_column(Coverage, "coverage", server_default=Coverage.medallists.value),
    )
    sources: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    notes: str | None = None


class Round(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("event_id", "slug"),
        CheckConstraint("heat IS NULL OR heat >= 1", name="heat_positive"),
    )

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="event.id", ondelete="CASCADE", index=True)
    # `final`, `semi-final-2`, `heat-3`: derived from phase and heat, unique within the event.
    slug: str = Field(max_length=40)
    phase: Phase = Field(sa_column=enum_column(Phase, "phase"))
    heat: int | None = None
    date: dt.date | None = None
    wind: str | None = Field(default=None, max_length=10)
