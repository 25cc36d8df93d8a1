"""Request body field types shared by the domains."""

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator


def _no_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


def keep(**kwargs: Any) -> Any:
    """A PATCH field that may be omitted but not set to null (the column needs a value)."""
    return Field(default=None, json_schema_extra=_no_default, **kwargs)


def _iso_text(value: Any) -> Any:
    """Dates arrive as ISO strings YYYY-MM-DD; a number, or a string of digits as in a query,
    is not a date (pydantic would read it as seconds since 1970)."""
    if value is None or isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not ISO_DATE.fullmatch(value):
        raise ValueError("must be a date string YYYY-MM-DD")
    return value


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


IsoDate = Annotated[dt.date, BeforeValidator(_iso_text)]


def _refuse_nul(value: Any, path: str = "") -> None:
    if isinstance(value, str) and "\x00" in value:
        raise ValueError(f"{path or 'value'}: must not contain a NUL character")
    if isinstance(value, dict):
        for key, item in value.items():
            _refuse_nul(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _refuse_nul(item, f"{path}.{index}")


class Body(BaseModel):
    """Base of every request body: unknown fields and NUL characters are refused.

    PostgreSQL cannot store NUL in text and SQLite would; refusing it here keeps both engines
    answering the same 422.
    """

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _no_nul(cls, data: Any) -> Any:
        _refuse_nul(data)
        return data
