"""The change log written by database triggers (migration 0004): the mirror feed's source."""

from sqlalchemy import BigInteger, Column, Integer
from sqlmodel import Field, SQLModel


class ChangeLog(SQLModel, table=True):
    """One write: which entity (placing, athlete, round, event, competition), which row, and
    whether it was inserted (`i`), updated (`u`) or deleted (`d`). The id orders the feed."""

    __tablename__ = "change_log"

    id: int | None = Field(
        default=None,
        sa_column=Column(BigInteger().with_variant(Integer(), "sqlite"), primary_key=True),
    )
    entity: str = Field(max_length=20)
    entity_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    op: str = Field(max_length=1)
