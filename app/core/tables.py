"""Shared table machinery: the constraint naming convention and enum column factory.

The naming convention is set before any table is defined so that every constraint has a stable
name in the migrations (no `create_foreign_key(None, ...)`).
"""

from enum import StrEnum
from typing import Any

from sqlalchemy import Column, Table
from sqlalchemy import Enum as SAEnum
from sqlmodel import SQLModel

SQLModel.metadata.naming_convention = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def enum_column(enum: type[StrEnum], name: str, nullable: bool = False, **kw: Any) -> Any:
    """A VARCHAR column holding the enum's values, guarded by a named CHECK constraint."""
    return Column(
        SAEnum(
            enum,
            name=name,
            native_enum=False,
            create_constraint=True,
            length=32,
            values_callable=lambda e: [m.value for m in e],
        ),
        nullable=nullable,
        **kw,
    )


def table_of(model: type[SQLModel]) -> Table:
    """The Core table of a table model, typed (SQLModel does not declare `__table__`)."""
    return SQLModel.metadata.tables[str(model.__tablename__)]
