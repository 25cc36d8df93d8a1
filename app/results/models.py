"""Placings, relay team members and the change ledger of placings."""

from datetime import date, datetime

from sqlalchemy import BigInteger, CheckConstraint, Column, Index, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from app.core.enums import Status
from app.core.tables import enum_column


class Placing(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("round_id", "athlete_id"),
        CheckConstraint("place IS NULL OR place >= 1", name="place_positive"),
        CheckConstraint("mark_value IS NULL OR mark_value >= 0", name="mark_nonnegative"),
        # A relay team (no athlete) appears once per country in a round.
        Index(
            "uq_placing_round_id_team_country",
            "round_id",
            "country_code",
            unique=True,
            sqlite_where=text("athlete_id IS NULL"),
            postgresql_where=text("athlete_id IS NULL"),
        ),
        # Medal questions read only placings 1-3 that count: keep them in a small index.
        Index(
            "ix_placing_medal",
            "round_id",
            "place",
            sqlite_where=text("place <= 3 AND status = 'ok'"),
            postgresql_where=text("place <= 3 AND status = 'ok'"),
        ),
        # An athlete's placings. Partial: relay teams (no athlete) are a large share of the
        # rows and never looked up by athlete; left in, SQLite's planner walked every team
        # placing through this index for `athlete_id IS NULL` (migration 0007).
        Index(
            "ix_placing_athlete_id",
            "athlete_id",
            sqlite_where=text("athlete_id IS NOT NULL"),
            postgresql_where=text("athlete_id IS NOT NULL"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="round.id", ondelete="CASCADE")
    athlete_id: int | None = Field(default=None, foreign_key="athlete.id")
    country_code: str = Field(foreign_key="country.code", max_length=3)
    place: int | None = None
    mark: str | None = Field(default=None, max_length=20)
    mark_value: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    status: Status = Field(sa_column=enum_column(Status, "status", server_default="ok"))
    qualification: str | None = Field(default=None, max_length=1)
    records: str = Field(default="", max_length=40)
    note: str | None = None


class RelayMember(SQLModel, table=True):
    __tablename__ = "relay_member"
    __table_args__ = (CheckConstraint("leg IS NULL OR leg BETWEEN 1 AND 8", name="leg_range"),)

    placing_id: int = Field(foreign_key="placing.id", primary_key=True, ondelete="CASCADE")
    athlete_id: int = Field(foreign_key="athlete.id", primary_key=True, index=True)
    leg: int | None = None


class PlacingChange(SQLModel, table=True):
    """The ledger: one row per changed field of a placing (who, what, when, why)."""

    __tablename__ = "placing_change"
    __table_args__ = (UniqueConstraint("placing_id", "field", "effective_date", "new_value"),)

    id: int | None = Field(default=None, primary_key=True)
    placing_id: int = Field(foreign_key="placing.id", index=True, ondelete="CASCADE")
    field: str = Field(max_length=20)
    old_value: str | None = Field(default=None, max_length=40)
    new_value: str | None = Field(default=None, max_length=40)
    reason: str
    effective_date: date
    recorded_at: datetime
    actor: str = Field(max_length=100)
