"""Parse and format marks exactly: display strings <-> integers.

Times are integer milliseconds, distances and heights integer millimetres, points integers.
A `Mark` keeps the number of decimals shown so that `format_mark(parse_mark(s)) == s`:
`3:35.2` (hand time) and `3:35.20` are the same time but different displays.
"""

import re
from dataclasses import dataclass

from app.core.enums import Unit

_TIME = re.compile(r"^(?:(?:(\d+):)?(\d{1,2}):)?(\d{1,2})(?:\.(\d{1,3}))?$")
_METRES = re.compile(r"^(\d{1,3})(?:\.(\d{1,2}))?$")
_POINTS = re.compile(r"^\d{1,5}$")


class MarkError(ValueError):
    """A display string that is not a valid mark for its unit."""


@dataclass(frozen=True)
class Mark:
    value: int
    unit: Unit
    decimals: int = 0


def _parse_time(text: str) -> Mark:
    match = _TIME.match(text)
    if not match:
        raise MarkError(f"{text!r} is not a time like 10.49, 3:29.38 or 2:08:24")
    hours_s, minutes_s, seconds_s, fraction = match.groups()
    hours = int(hours_s or 0)
    minutes = int(minutes_s or 0)
    seconds = int(seconds_s)
    if seconds >= 60:
        raise MarkError(f"{text!r}: seconds must be below 60 (write minutes as m:ss)")
    if hours_s is not None and minutes >= 60:
        raise MarkError(f"{text!r}: minutes must be below 60")
    if hours_s is None and minutes_s is not None and minutes >= 60:
        raise MarkError(f"{text!r}: minutes must be below 60 (write hours as h:mm:ss)")
    if minutes_s is not None and len(seconds_s) != 2:
        raise MarkError(f"{text!r}: seconds after a colon take two digits")
    if hours_s is not None and len(minutes_s or "") != 2:
        raise MarkError(f"{text!r}: minutes after hours take two digits")
    decimals = len(fraction or "")
    millis = int((fraction or "").ljust(3, "0")) if fraction else 0
    total = ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis
    return Mark(total, Unit.time, decimals)


def _parse_metres(text: str, unit: Unit) -> Mark:
    match = _METRES.match(text)
    if not match:
        raise MarkError(f"{text!r} is not a {unit.value} in metres like 8.95 or 2.37")
    whole, fraction = match.groups()
    decimals = len(fraction or "")
    millimetres = int(whole) * 1000 + (int((fraction or "").ljust(3, "0")) if fraction else 0)
    return Mark(millimetres, unit, decimals)


def parse_mark(text: str, unit: Unit) -> Mark:
    """Parse a displayed mark for a discipline measured in `unit`; raise MarkError if invalid."""
    text = text.strip()
    if not text:
        raise MarkError("empty mark")
    if unit is Unit.time:
        return _parse_time(text)
    if unit is Unit.points:
        if not _POINTS.match(text):
            raise MarkError(f"{text!r} is not a points score like 8998")
        return Mark(int(text), unit, 0)
    return _parse_metres(text, unit)


def _format_time(value: int, decimals: int) -> str:
    millis = value % 1000
    total_seconds = value // 1000
    hours, rest = divmod(total_seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        head = f"{hours}:{minutes:02d}:{seconds:02d}"
    elif minutes:
        head = f"{minutes}:{seconds:02d}"
    else:
        head = f"{seconds}"
    if decimals:
        head += "." + f"{millis:03d}"[:decimals]
    return head


def format_mark(mark: Mark) -> str:
    """Display a mark as results are printed."""
    if mark.value < 0:
        raise MarkError("a mark cannot be negative")
    if mark.unit is Unit.time:
        return _format_time(mark.value, mark.decimals)
    if mark.unit is Unit.points:
        return str(mark.value)
    whole, millimetres = divmod(mark.value, 1000)
    if not mark.decimals:
        return str(whole)
    return f"{whole}." + f"{millimetres:03d}"[: mark.decimals]


def normalize_mark(text: str, unit: Unit) -> tuple[str, int]:
    """Validate a displayed mark; return its canonical display and exact integer value."""
    mark = parse_mark(text, unit)
    return format_mark(mark), mark.value
