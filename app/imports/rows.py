"""Readers: CSV and nested JSON documents become a stream of flat placing rows.

Both formats go through the same `Row` so the importer has one implementation. Rows carry
their location (CSV line number, or JSON path) so every error can point at its source.
"""

import csv
import io
import json
import operator
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from app.core.errors import FieldError, Invalid
from app.core.fields import SLUG

CSV_COLUMNS = [
    "competition", "competition_name", "series", "year", "city", "host_country",
    "start_date", "end_date", "discipline", "sex", "phase", "heat", "round_date", "wind",
    "place", "athlete", "athlete_slug", "world_athletics_id", "olympedia_id", "athlete_sex",
    "birth_date", "country", "mark", "status", "qualification", "records", "note",
    "relay_members", "corrections",
]  # fmt: skip


@dataclass
class Row:
    """One placing with everything needed to place it: competition, event, round, athlete."""

    line: int | None
    path: str
    competition: dict[str, Any]
    event: dict[str, Any]
    round: dict[str, Any]
    placing: dict[str, Any]
    athlete: dict[str, Any] | None
    members: list[dict[str, Any]] | None = None
    corrections: list[dict[str, Any]] = field(default_factory=list)

    def where(self, name: str) -> str:
        return f"{self.path}.{name}" if self.path else name


def _csv_member(token: str, leg: int | None) -> dict[str, Any]:
    """`Name|slug` or `Name|slug|sex` (mixed relays), a bare slug (an athlete already stored) or
    a bare name."""
    parts = [part.strip() or None for part in token.split("|")]
    if len(parts) > 1:
        member = {"name": parts[0], "slug": parts[1], "leg": leg}
        return member | ({"sex": parts[2]} if len(parts) > 2 and parts[2] else {})
    return {"slug" if SLUG.match(token) else "name": token, "leg": leg}


def _csv_members(text: str | None) -> list[dict[str, Any]] | None:
    """Relay members in leg order, separated by `;`."""
    if not text:
        return None
    tokens = text.split(";")
    # Position is the leg for a team of up to eight; a longer list (heat runners) has no order.
    legs = range(1, len(tokens) + 1) if len(tokens) <= 8 else [None] * len(tokens)
    return [_csv_member(token.strip(), leg) for leg, token in zip(legs, tokens, strict=True)]


COMPETITION_COLUMNS = {
    "slug": "competition", "name": "competition_name", "series": "series", "year": "year",
    "city": "city", "host_country": "host_country", "start_date": "start_date",
    "end_date": "end_date",
}  # fmt: skip
ROUND_COLUMNS = {"phase": "phase", "heat": "heat", "date": "round_date", "wind": "wind"}
ATHLETE_COLUMNS = {
    "name": "athlete", "slug": "athlete_slug", "world_athletics_id": "world_athletics_id",
    "olympedia_id": "olympedia_id", "sex": "athlete_sex", "birth_date": "birth_date",
}  # fmt: skip


class CsvRows:
    """The rows of a CSV file with the header `CSV_COLUMNS` (extra columns are an error).

    Iterating gives `Row`s. The importer's fast path (app/imports/importer.py) reads the raw
    `records()` instead: a record whose race, athlete and team it has already checked is staged
    from the record's own cells, and only the others become a `Row` (`row`). The header is read
    (and checked) by `open`, or when the first record is asked for, as a generator would.
    """

    def __init__(self, stream: Iterable[str]) -> None:
        self.reader = csv.reader(stream)
        self.width = -1
        # Consecutive rows repeating these values share one dict (the importer answers a
        # repeated dict by identity).
        self.shared: dict[str, tuple[tuple[Any, ...], dict[str, Any]]] = {}

    def open(self) -> None:
        """Read and check the header (once)."""
        if self.width >= 0:
            return
        header = next(self.reader, [])
        unknown = set(header) - set(CSV_COLUMNS)
        missing = {"competition", "discipline", "sex", "country"} - set(header)
        if unknown or missing:
            errors = [
                FieldError(field=c, message="unknown column", line=1) for c in sorted(unknown)
            ]
            errors += [
                FieldError(field=c, message="missing column", line=1) for c in sorted(missing)
            ]
            raise Invalid("The CSV header is invalid.", errors)
        self.width = width = len(header)
        # A column the header lacks reads the padding cell past the last one: always empty.
        index = {name: header.index(name) if name in header else width for name in CSV_COLUMNS}

        def getter(columns: Iterable[str]) -> Any:
            return operator.itemgetter(*(index[c] for c in columns))

        self.competition_of = getter(COMPETITION_COLUMNS.values())
        self.event_of = getter(("discipline", "sex"))
        self.round_of = getter(ROUND_COLUMNS.values())
        self.athlete_of = getter(ATHLETE_COLUMNS.values())
        self.placing_of = getter(("place", "country", "mark", "status", "qualification", "note"))
        # Everything that places a row in its race: competition, event and round cells.
        self.race_of = getter(
            (*COMPETITION_COLUMNS.values(), "discipline", "sex", *ROUND_COLUMNS.values())
        )
        self.sex_at, self.country_at = index["sex"], index["country"]
        self.athlete_at, self.slug_at = index["athlete"], index["athlete_slug"]
        self.records_at, self.members_at, self.corrections_at = (
            index["records"], index["relay_members"], index["corrections"]
        )  # fmt: skip

    def records(self) -> Iterator[tuple[int, list[str]]]:
        """(line, cells) per non-empty record, padded so every column can be read."""
        self.open()
        width = self.width
        reader = self.reader
        for record in reader:
            if not record:
                continue
            if len(record) <= width:
                record += [""] * (width + 1 - len(record))
            yield reader.line_num, record

    def placing(self, record: list[str]) -> dict[str, Any]:
        place, country, mark, status, qualification, note = self.placing_of(record)
        return {
            "place": place or None,
            "country": country or None,
            "mark": mark or None,
            "status": status or "ok",
            "qualification": qualification or None,
            "records": record[self.records_at].split(),
            "note": note or None,
        }

    def _same(self, kind: str, keys: Iterable[str], values: tuple[Any, ...]) -> dict[str, Any]:
        last = self.shared.get(kind)
        if last is not None and last[0] == values:
            return last[1]
        current = dict(zip(keys, (v or None for v in values), strict=True))
        if kind == "round" and current["phase"] is None:
            current["phase"] = "final"
        self.shared[kind] = (values, current)
        return current

    def row(self, record: list[str], line: int) -> Row:
        athlete = None
        if record[self.athlete_at] or record[self.slug_at]:
            values = (v or None for v in self.athlete_of(record))
            athlete = dict(zip(ATHLETE_COLUMNS, values, strict=True))
        corrections = record[self.corrections_at]
        members = _csv_members(record[self.members_at] or None)
        if athlete is None and members is None:
            members = []  # a team none of whose members a source names
        return Row(
            line=line,
            path="",
            competition=self._same("competition", COMPETITION_COLUMNS, self.competition_of(record)),
            event=self._same("event", ("discipline", "sex"), self.event_of(record)),
            round=self._same("round", ROUND_COLUMNS, self.round_of(record)),
            placing=self.placing(record),
            athlete=athlete,
            members=members,
            corrections=json.loads(corrections) if corrections else [],
        )

    def __iter__(self) -> Iterator[Row]:
        for line, record in self.records():
            yield self.row(record, line)


def read_csv(stream: Iterable[str]) -> CsvRows:
    """Rows of a CSV file with the header `CSV_COLUMNS` (extra columns are an error)."""
    return CsvRows(stream)


def _object(value: Any, path: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise Invalid(
            "The JSON document is invalid.", [FieldError(field=path, message="expected an object")]
        )
    return value


def _list(value: Any, path: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise Invalid(
            "The JSON document is invalid.", [FieldError(field=path, message="expected a list")]
        )
    return value


COMPETITION_KEYS = (
    "slug",
    "name",
    "series",
    "year",
    "city",
    "host_country",
    "start_date",
    "end_date",
    "sources",
    "notes",
)
# Optional event fields: present keys are written, absent ones leave the stored value alone.
EVENT_KEYS = ("coverage", "sources", "notes")
PLACING_KEYS = ("place", "country", "mark", "status", "qualification", "records", "note")


def read_json(document: Any) -> Iterator[Row]:
    """Rows of a nested document: competitions -> events -> rounds -> placings."""
    root = _object(document, "$")
    for ci, competition in enumerate(_list(root.get("competitions"), "competitions")):
        cpath = f"competitions.{ci}"
        competition = _object(competition, cpath)
        comp = {key: competition.get(key) for key in COMPETITION_KEYS}
        for ei, event in enumerate(_list(competition.get("events"), f"{cpath}.events")):
            epath = f"{cpath}.events.{ei}"
            event = _object(event, epath)
            ev = {"discipline": event.get("discipline"), "sex": event.get("sex")}
            ev |= {key: event[key] for key in EVENT_KEYS if key in event}
            for ri, round_ in enumerate(_list(event.get("rounds"), f"{epath}.rounds")):
                rpath = f"{epath}.rounds.{ri}"
                round_ = _object(round_, rpath)
                rd = {
                    "phase": round_.get("phase") or "final",
                    "heat": round_.get("heat"),
                    "date": round_.get("date"),
                    "wind": round_.get("wind"),
                }
                placings = _list(round_.get("placings"), f"{rpath}.placings")
                for pi, placing in enumerate(placings):
                    ppath = f"{rpath}.placings.{pi}"
                    placing = _object(placing, ppath)
                    athlete = placing.get("athlete")
                    yield Row(
                        line=None,
                        path=ppath,
                        competition=comp,
                        event=ev,
                        round=rd,
                        placing={key: placing.get(key) for key in PLACING_KEYS},
                        athlete=_object(athlete, f"{ppath}.athlete")
                        if athlete is not None
                        else None,
                        # `members: []` is a team whose members no source names.
                        members=_list(placing["members"], f"{ppath}.members")
                        if placing.get("members") is not None
                        else None,
                        corrections=_list(placing.get("corrections"), f"{ppath}.corrections"),
                    )


def read_document(data: bytes | str, content_type: str) -> Iterable[Row]:
    """Rows of an uploaded document, by content type (`text/csv` or `application/json`)."""
    text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
    if "csv" in content_type:
        return read_csv(io.StringIO(text, newline=""))
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise Invalid(
            "The JSON document does not parse.",
            [FieldError(field="body", message=exc.msg, line=exc.lineno)],
        ) from exc
    return read_json(document)
