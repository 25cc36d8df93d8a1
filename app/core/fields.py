"""Request body field types shared by the domains."""

import datetime as dt
from typing import Annotated, Any

from pydantic import BeforeValidator, Field


def _no_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


def keep(**kwargs: Any) -> Any:
    """A PATCH field that may be omitted but not set to null (the column needs a value)."""
    return Field(default=None, json_schema_extra=_no_default, **kwargs)


def _iso_text(value: Any) -> Any:
    """Dates arrive as ISO strings; a number is not a date (pydantic would read it as epoch)."""
    if value is not None and not isinstance(value, str | dt.date):
        raise ValueError("must be a date string YYYY-MM-DD")
    return value


IsoDate = Annotated[dt.date, BeforeValidator(_iso_text)]
