"""Check one imported row and turn its text into typed values, collecting every error."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from app.competitions.slugs import round_slug
from app.core.enums import Coverage, Phase, Sex, Status, Unit
from app.core.errors import FieldError
from app.core.fields import (
    QUALIFICATIONS,
    SERIES_MAX_LENGTH,
    SLUG,
    SLUG_MAX_LENGTH,
    SLUG_RULE,
    record_flag_list,
    unknown_record_flags,
)
from app.core.text import fold, slugify
from app.imports.rows import Row
from app.results.marks import MarkError, normalize_mark

LEDGER_FIELDS = {"place", "status", "mark", "country"}


@dataclass
class Reference:
    """What the database already knows that rows are checked against."""

    countries: set[str]
    disciplines: dict[str, Unit]
    series: set[str]


@dataclass
class Clean:
    """A row after validation, ready to write."""

    competition: dict[str, Any]
    discipline: str
    sex: Sex
    round: dict[str, Any]
    placing: dict[str, Any]
    athlete: dict[str, Any] | None
    members: list[dict[str, Any]] | None
    corrections: list[dict[str, Any]]
    event: dict[str, Any]


class Checker:
    def __init__(self, row: Row) -> None:
        self.row = row
        self.errors: list[FieldError] = []

    def fail(self, name: str, message: str) -> None:
        self.errors.append(
            FieldError(field=self.row.where(name), message=message, line=self.row.line)
        )

    def text(self, value: Any, name: str, required: bool = False, max_len: int = 200) -> str | None:
        if value is None or value == "":
            if required:
                self.fail(name, "is required")
            return None
        if not isinstance(value, str | int):
            self.fail(name, "must be a string")
            return None
        text = str(value).strip()
        if "\x00" in text:
            self.fail(name, "must not contain a NUL character")
            return None
        if len(text) > max_len:
            self.fail(name, f"is longer than {max_len} characters")
            return None
        return text

    def integer(self, value: Any, name: str, low: int, high: int) -> int | None:
        if value is None or value == "":
            return None
        try:
            number = int(value)
        except (TypeError, ValueError):
            self.fail(name, "must be a whole number")
            return None
        if isinstance(value, float | bool) or not low <= number <= high:
            self.fail(name, f"must be a whole number from {low} to {high}")
            return None
        return number

    def date(self, value: Any, name: str) -> dt.date | None:
        if value is None or value == "":
            return None
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            self.fail(name, "must be a date YYYY-MM-DD")
            return None

    def choice(self, value: Any, name: str, enum: Any, default: Any = None) -> Any:
        if value is None or value == "":
            if default is None:
                self.fail(name, "is required")
            return default
        try:
            return enum(value)
        except ValueError:
            allowed = ", ".join(m.value for m in enum)
            self.fail(name, f"{value!r} is not one of {allowed}")
            return None

    def slug(self, value: Any, name: str, required: bool) -> str | None:
        slug = self.text(value, name, required, SLUG_MAX_LENGTH)
        if slug and not SLUG.match(slug):
            self.fail(name, SLUG_RULE)
        return slug

    def series(self, value: Any, name: str, ref: Reference) -> str | None:
        code = self.text(value, name, False, SERIES_MAX_LENGTH)
        if code and code not in ref.series:
            self.fail(name, f"unknown series {code!r} (GET /v1/series lists them)")
            return None
        return code or None

    def country(self, value: Any, name: str, ref: Reference, required: bool) -> str | None:
        code = self.text(value, name, required, 3)
        if code is not None and code not in ref.countries:
            self.fail(name, f"unknown country {code!r}")
            return None
        return code


def _sources(c: Checker, value: Any, name: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(s, str) for s in value):
        c.fail(name, "must be a list of strings")
        return []
    return value


def _competition(c: Checker, ref: Reference) -> dict[str, Any]:
    raw = c.row.competition
    slug = c.slug(raw.get("slug"), "competition.slug", True)
    sources = _sources(c, raw.get("sources") or [], "competition.sources")
    out: dict[str, Any] = {
        "slug": slug,
        "name": c.text(raw.get("name"), "competition.name", False),
        "series": c.series(raw.get("series"), "competition.series", ref),
        "year": c.integer(raw.get("year"), "competition.year", 1896, 2100),
        "city": c.text(raw.get("city"), "competition.city", False, 100),
        "host_country": c.country(raw.get("host_country"), "competition.host_country", ref, False),
        "start_date": c.date(raw.get("start_date"), "competition.start_date"),
        "end_date": c.date(raw.get("end_date"), "competition.end_date"),
        "sources": sources,
        "notes": c.text(raw.get("notes"), "competition.notes", False, 5000),
    }
    if out["start_date"] and out["end_date"] and out["start_date"] > out["end_date"]:
        c.fail("competition.end_date", "is before start_date")
    return {key: value for key, value in out.items() if value not in (None, "", [])}


def _event_extras(c: Checker) -> dict[str, Any]:
    """The optional event fields a row gives: coverage, sources, notes."""
    raw = c.row.event
    out: dict[str, Any] = {}
    if "coverage" in raw:
        out["coverage"] = c.choice(raw["coverage"], "event.coverage", Coverage, Coverage.medallists)
    if "sources" in raw:
        out["sources"] = _sources(c, raw["sources"] or [], "event.sources")
    if "notes" in raw:
        out["notes"] = c.text(raw["notes"], "event.notes", False, 5000)
    return out


def _athlete(c: Checker, raw: dict[str, Any], name: str, sex: Sex | None) -> dict[str, Any]:
    full = c.text(raw.get("name"), f"{name}.name", False)
    slug = c.slug(raw.get("slug"), f"{name}.slug", False)
    if not full and not slug:
        c.fail(f"{name}.name", "is required (or give a slug)")
    athlete_sex = c.choice(raw.get("sex"), f"{name}.sex", Sex, sex or "")
    if athlete_sex in (None, "", Sex.mixed):
        c.fail(f"{name}.sex", "is required for a mixed event (men or women)")
    return {
        "name": full,
        "slug": slug or (slugify(full) if full else None),
        "slug_given": slug is not None,
        "folded": fold(full) if full else None,
        "sex": athlete_sex,
        "birth_date": c.date(raw.get("birth_date"), f"{name}.birth_date"),
        "world_athletics_id": c.text(
            raw.get("world_athletics_id"), f"{name}.world_athletics_id", False, 40
        ),
        "olympedia_id": c.text(raw.get("olympedia_id"), f"{name}.olympedia_id", False, 40),
    }


def _records(c: Checker, value: Any) -> str:
    flags = record_flag_list(value)
    for _, flag in unknown_record_flags(flags):
        c.fail("records", f"unknown record flag {flag!r}")
    return ",".join(str(f) for f in flags)


def _corrections(c: Checker, value: list[Any], unit: Unit | None) -> list[dict[str, Any]]:
    out = []
    for i, raw in enumerate(value):
        name = f"corrections.{i}"
        if not isinstance(raw, dict) or not isinstance(raw.get("was"), dict):
            c.fail(name, "must be an object with date, reason and was")
            continue
        date = c.date(raw.get("date"), f"{name}.date")
        reason = c.text(raw.get("reason"), f"{name}.reason", True, 2000)
        was = dict(raw["was"])
        for key in set(was) - LEDGER_FIELDS:
            c.fail(f"{name}.was.{key}", "is not a field the ledger tracks")
        if date is None:
            c.fail(f"{name}.date", "is required")
        if "status" in was:
            c.choice(was["status"], f"{name}.was.status", Status)
        if was.get("mark") and unit is not None:
            try:
                was["mark"] = normalize_mark(str(was["mark"]), unit)[0]
            except MarkError as exc:
                c.fail(f"{name}.was.mark", str(exc))
        out.append({"date": date, "reason": reason, "was": was})
    return out


def _freeze(raw: dict[str, Any]) -> tuple[Any, ...] | None:
    """A hashable key for a raw mapping, or None when it holds unhashable values."""
    key = tuple(raw.items())
    try:
        hash(key)
    except TypeError:
        try:
            key = tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in raw.items())
            hash(key)
        except TypeError:
            return None
    return key


class RowChecker:
    """Validates rows, remembering the competitions, rounds and athletes already checked.

    Thousands of rows share a competition and round and many share an athlete, so each distinct
    one is checked once per import; only rows that pass are remembered, so every bad row still
    gets its own errors with its own line number.
    """

    def __init__(self, ref: Reference) -> None:
        self.ref = ref
        self.competitions: dict[Any, dict[str, Any]] = {}
        self.athletes: dict[Any, dict[str, Any]] = {}
        self.last_competition: tuple[Any, dict[str, Any]] = (None, {})

    def competition(self, c: Checker) -> dict[str, Any]:
        raw = c.row.competition
        if self.last_competition[0] is raw:  # readers reuse the dict across a competition's rows
            return self.last_competition[1]
        key = _freeze(raw)
        if key is not None and key in self.competitions:
            checked = self.competitions[key]
        else:
            before = len(c.errors)
            checked = _competition(c, self.ref)
            if key is None or len(c.errors) != before:
                return checked
            self.competitions[key] = checked
        self.last_competition = (raw, checked)
        return checked

    def athlete(
        self, c: Checker, raw: dict[str, Any], name: str, sex: Sex | None
    ) -> dict[str, Any]:
        frozen = _freeze(raw)
        key = None if frozen is None else (frozen, sex)
        if key is not None and key in self.athletes:
            return self.athletes[key]
        before = len(c.errors)
        checked = _athlete(c, raw, name, sex)
        if key is not None and len(c.errors) == before:
            self.athletes[key] = checked
        return checked

    def check(self, row: Row) -> tuple[Clean | None, list[FieldError]]:
        return check_row(row, self.ref, self)


def placing_fields(
    c: Checker, raw: dict[str, Any], ref: Reference, unit: Unit | None
) -> dict[str, Any]:
    """The placing's own fields, checked (the set-based importer re-runs this on the rows its
    SQL checks flag, so that both name the same field with the same message)."""
    placing: dict[str, Any] = {
        "place": c.integer(raw.get("place"), "place", 1, 1000),
        "country_code": c.country(raw.get("country"), "country", ref, True),
        "status": c.choice(raw.get("status"), "status", Status, Status.ok),
        "qualification": c.text(raw.get("qualification"), "qualification", False, 1),
        "records": _records(c, raw.get("records")),
        "note": c.text(raw.get("note"), "note", False, 2000),
        "mark": None,
        "mark_value": None,
    }
    if placing["place"] is not None and placing["status"] not in (Status.ok, None):
        c.fail("place", f"must be empty when status is {placing['status'].value}")
    if placing["qualification"] not in (None, *QUALIFICATIONS):
        c.fail("qualification", f"must be {' or '.join(QUALIFICATIONS)}")
    mark = c.text(raw.get("mark"), "mark", False, 20)
    if mark and unit is not None:
        try:
            placing["mark"], placing["mark_value"] = normalize_mark(mark, unit)
        except MarkError as exc:
            c.fail("mark", str(exc))
    return placing


def check_row(
    row: Row, ref: Reference, memo: RowChecker | None = None
) -> tuple[Clean | None, list[FieldError]]:
    memo = memo or RowChecker(ref)
    c = Checker(row)
    competition = memo.competition(c)
    discipline = c.text(row.event.get("discipline"), "discipline", True, 40)
    unit = ref.disciplines.get(discipline or "")
    if discipline and unit is None:
        c.fail("discipline", f"unknown discipline {discipline!r}")
    sex = c.choice(row.event.get("sex"), "sex", Sex)
    phase = c.choice(row.round.get("phase"), "phase", Phase)
    heat = c.integer(row.round.get("heat"), "heat", 1, 99)
    placing = placing_fields(c, row.placing, ref, unit)
    individual_sex = sex if sex is not Sex.mixed else None
    athlete = memo.athlete(c, row.athlete, "athlete", individual_sex) if row.athlete else None
    members = None
    if row.members is not None:
        members = []
        for i, member in enumerate(row.members):
            if not isinstance(member, dict):
                c.fail(f"members.{i}", "must be an object")
                continue
            checked = memo.athlete(
                c, {k: v for k, v in member.items() if k != "leg"}, f"members.{i}", individual_sex
            )
            members.append(
                {**checked, "leg": c.integer(member.get("leg"), f"members.{i}.leg", 1, 8)}
            )
    if (athlete is None) == (members is None):
        c.fail("athlete", "give exactly one of athlete or members (relay team)")
    corrections = _corrections(c, row.corrections, unit)
    if c.errors or phase is None or sex is None or discipline is None:
        return None, c.errors
    rnd = {
        "slug": round_slug(phase, heat),
        "phase": phase,
        "heat": heat,
        "date": c.date(row.round.get("date"), "round.date"),
        "wind": c.text(row.round.get("wind"), "wind", False, 10),
    }
    extras = _event_extras(c)
    clean = Clean(competition, discipline, sex, rnd, placing, athlete, members, corrections, extras)
    return (None, c.errors) if c.errors else (clean, [])
