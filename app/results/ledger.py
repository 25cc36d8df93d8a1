"""The change ledger of placings: which fields are tracked and how a change is recorded."""

import datetime as dt
from typing import Any

from app.core.errors import FieldError
from app.core.fields import unknown_record_flags

TRACKED_FIELDS = ("place", "status", "mark", "country_code")


def as_text(value: Any) -> str | None:
    return None if value is None else str(getattr(value, "value", value))


def changes(old: dict[str, Any], new: dict[str, Any]) -> list[tuple[str, str | None, str | None]]:
    """(field, old, new) for every tracked field whose value differs."""
    out = []
    for field in TRACKED_FIELDS:
        if field in new and as_text(old.get(field)) != as_text(new[field]):
            out.append((field, as_text(old.get(field)), as_text(new[field])))
    return out


def ledger_rows(
    placing_id: int,
    diffs: list[tuple[str, str | None, str | None]],
    reason: str,
    effective: dt.date,
    actor: str,
) -> list[dict[str, Any]]:
    now = dt.datetime.now(dt.UTC)
    return [
        {
            "placing_id": placing_id,
            "field": field.removesuffix("_code"),
            "old_value": old,
            "new_value": new,
            "reason": reason,
            "effective_date": effective,
            "recorded_at": now,
            "actor": actor,
        }
        for field, old, new in diffs
    ]


def record_flag_errors(flags: list[str], field: str) -> list[FieldError]:
    return [
        FieldError(field=f"{field}.{i}", message=f"unknown record flag {flag!r}")
        for i, flag in unknown_record_flags(flags)
    ]
