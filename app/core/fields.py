"""Field types and domain text rules shared by the domains.

Each rule (slug, country code, qualification, record flags) is written once here; request
schemas use the annotated types, query parameters and the importer use the same patterns.
"""

import datetime as dt
import re
from collections.abc import Iterable
from typing import Annotated, Any

from fastapi import Query
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from app.core.enums import RECORD_FLAGS


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

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
SLUG = re.compile(SLUG_PATTERN)
SLUG_MAX_LENGTH = 120
SLUG_RULE = "must be lower-case words joined by hyphens"
COUNTRY_PATTERN = r"^[A-Z]{3}$"
QUALIFICATIONS = ("Q", "q")

Slug = Annotated[str, Field(max_length=SLUG_MAX_LENGTH, pattern=SLUG_PATTERN)]
SERIES_MAX_LENGTH = 60
# A series is data (the `series` table, GET /v1/series), so its code is a slug, not an enum.
SeriesCode = Annotated[str, Field(max_length=SERIES_MAX_LENGTH, pattern=SLUG_PATTERN)]
SeriesQ = Annotated[
    str | None,
    Query(
        max_length=SERIES_MAX_LENGTH,
        pattern=SLUG_PATTERN,
        description="Championship series code (`GET /v1/series`), e.g. `olympic-games`; "
        "an unknown code matches nothing.",
        examples=["olympic-games"],
    ),
]
CountryCode = Annotated[str, Field(pattern=COUNTRY_PATTERN)]
Qualification = Annotated[str, Field(pattern=f"^[{''.join(QUALIFICATIONS)}]$")]
# Unknown flags are refused by the service (`unknown_record_flags`), naming each one.
RecordFlag = str


def record_flag_list(value: Any) -> list[Any]:
    """Record flags as a list: imports may give a list or one space-separated string."""
    return value if isinstance(value, list) else str(value or "").split()


def unknown_record_flags(flags: Iterable[Any]) -> list[tuple[int, Any]]:
    """(index, flag) of every flag that is not a known record flag."""
    return [(i, flag) for i, flag in enumerate(flags) if flag not in RECORD_FLAGS]


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
