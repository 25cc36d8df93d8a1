"""The importer: one implementation behind `podium import`, `POST /v1/imports` and `podium seed`.

Set-based and streamed. Reading the file, each row is *staged* (app/imports/staging.py): the
few things SQL cannot do are done in Python once per distinct value, not per row — checking a
competition, event, round or athlete (memoised: a 1M-row file has ~90k rounds and ~40k
athletes), parsing a mark (memoised per mark text), folding a name. Then everything else is SQL
over the staging tables:

1. the placing fields every row has (place, country, status, qualification, note) are checked
   by one query; the rows it flags are re-checked in Python only to name the field and reason
   (the same messages as a single-row write), up to MAX_ERRORS;
2. events and rounds are created with INSERT ... SELECT;
3. athletes are resolved (app/imports/identity.py): external id, then slug, then folded name +
   sex (narrowed by country); ambiguous names are errors naming the candidates;
4. an athlete twice in one round is found with one grouped query;
5. new placings are inserted with one INSERT ... SELECT, relay members likewise; stored
   placings that differ are found by one join and updated field by field, one ledger row per
   changed field (app/imports/placings.py).

Nothing is written unless every row is good: the caller's transaction is rolled back on
`ImportFailed`, which lists every bad row (line or JSON path, field, reason), up to MAX_ERRORS
values, with a count of the rows not listed.
"""

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import JSON, and_, func, insert, literal, select, text, update
from sqlalchemy.orm import Session
from sqlmodel import col

from app.athletes.models import Athlete
from app.competitions.models import Competition, Event, Round
from app.competitions.slugs import round_slug
from app.core.enums import RECORD_FLAGS, Phase, Sex, Status
from app.core.errors import FieldError, Invalid
from app.core.fields import QUALIFICATIONS, record_flag_list
from app.core.tables import table_of
from app.imports import identity, placings
from app.imports.conflicts import competition_conflict
from app.imports.identity import ATHLETE
from app.imports.placings import ANALYZE_AFTER
from app.imports.rows import CsvRows, Row
from app.imports.staging import (
    EVENTS,
    MEMBERS,
    ROUNDS,
    ROWS,
    WHO,
    Loader,
    create_staging,
    drop_staging,
)
from app.imports.validate import (
    Checker,
    Reference,
    RowChecker,
    _athlete,
    _competition,
    _event_extras,
    _freeze,
    check_row,
    placing_fields,
)
from app.reference.models import Country, Discipline, Series
from app.results.marks import MarkError, normalize_mark
from app.results.models import Placing

MAX_ERRORS = 1000
PROGRESS_EVERY = 10_000
SMALL = 20_000  # rows; below this the planner statistics are not refreshed mid-import
MEMO_LIMIT = 100_000  # distinct athletes/marks remembered while reading (memory bound)
# Rounds: a file lists a round's rows together, so only recent ones come back; one met again
# after the memo was cleared is staged again and resolves to the same round.
ROUND_MEMO_LIMIT = 10_000
COMPETITION = table_of(Competition)
EVENT = table_of(Event)
ROUND = table_of(Round)
FLAGS = frozenset(RECORD_FLAGS)
INVALID = object()  # a memo entry for a competition/event/round/athlete that failed its checks

Progress = Callable[[str, int], None]
# What a row was staged as: its round key, mark unit, athlete key (None for a team), members.
Staged = tuple[int, Any, int | None, list[tuple[int, int | None, int]]]


class ImportFailed(Invalid):
    """The file has bad rows; nothing was written."""


def _sql_list(values: Iterable[str]) -> str:
    """SQL: a list of constants (the domain's own values, never input) for `IN (...)`."""
    return ", ".join(f"'{value}'" for value in values)


def _digits(dialect: str, column: str) -> str:
    """SQL: `column` is 1-4 decimal digits."""
    if dialect == "postgresql":
        return f"{column} ~ '^[0-9]{{1,4}}$'"
    return f"({column} <> '' AND {column} NOT GLOB '*[^0-9]*' AND length({column}) <= 4)"


class Importer:
    def __init__(
        self,
        session: Session,
        actor: str,
        reason: str | None = None,
        progress: Progress | None = None,
    ) -> None:
        self.session = session
        self.connection = session.connection()
        self.dialect = self.connection.dialect.name
        self.actor = actor
        self.reason = reason or f"corrected by import ({actor})"
        self.progress = progress
        self.counts: dict[str, Counter[str]] = {"created": Counter(), "updated": Counter()}
        self.errors: list[tuple[int, FieldError]] = []
        self.bad_rows = 0
        self.unlisted = 0
        self.ref = Reference(
            countries=set(session.scalars(select(col(Country.code)))),
            disciplines=dict(
                session.execute(select(col(Discipline.code), col(Discipline.unit))).all()
            ),
            series=set(session.scalars(select(col(Series.code)))),
        )
        self.checker = RowChecker(self.ref)
        self.n = 0
        self.competitions: dict[str, dict[str, Any]] = {}  # slug -> stored columns
        self.comp_memo: dict[Any, Any] = {}
        self.last_comp: tuple[Any, Any] = (None, None)
        # Consecutive rows of one race share their event and round dicts (app/imports/rows.py):
        # the same object is answered without building its memo key again (`_same_as_last`).
        self.last: dict[str, tuple[Any, int, Any]] = {}
        self.event_memo: dict[Any, Any] = {}
        self.extras: dict[int, dict[str, Any]] = {}
        self.round_memo: dict[Any, Any] = {}
        self.who_memo: dict[Any, Any] = {}
        self.mark_memo: dict[tuple[str, Any], tuple[str, int] | None] = {}
        self.corrections: dict[int, tuple[dict[str, Any], list[dict[str, Any]]]] = {}
        self.keys = Counter[str]()

    # -- errors -------------------------------------------------------------------------------

    def _record(self, n: int, errors: list[FieldError]) -> None:
        if not errors:
            return
        self.bad_rows += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors += [(n, e) for e in errors]
        else:
            self.unlisted += 1

    def _check_in_python(self, n: int, row: Row) -> None:
        """A row that failed a memoised check (or is unusual): the full per-row check names
        every error. Rows past the cap are only counted."""
        _, errors = check_row(row, self.ref, self.checker)
        if not errors:  # its only fault is one the memoised check reported in its own words
            errors = [FieldError(field=row.where("competition"), message="is invalid")]
        self._record(n, errors)

    # -- reading and staging ---------------------------------------------------------------

    def run(self, rows: Iterable[Row]) -> dict[str, Any]:
        create_staging(self.connection)
        report = self._run(rows)  # on failure the caller rolls back, staging tables included
        drop_staging(self.connection, keep=self.n < SMALL)
        return report

    def _run(self, rows: Iterable[Row]) -> dict[str, Any]:
        self.loaders = {t.name: Loader(self.connection, t) for t in (ROWS, EVENTS, ROUNDS, WHO)}
        self.loaders[MEMBERS.name] = Loader(self.connection, MEMBERS)
        if isinstance(rows, CsvRows):
            self._stage_csv(rows)
        else:
            for row in rows:
                self._stage(row)
                if self.progress and self.n % PROGRESS_EVERY == 0:
                    self.progress("read", self.n)
        for loader in self.loaders.values():
            loader.flush()
        if self.progress:
            self.progress("read", self.n)
            self.progress("checking", self.n)
        self.staged = self.loaders[ROWS.name].written
        self.memo_reset()
        if self.dialect == "postgresql" and self.n >= SMALL:
            self.connection.exec_driver_sql(
                "ANALYZE import_row, import_event, import_round, import_who, import_member"
            )
        self._flag_placing_fields()
        existed = self._events_and_rounds()
        resolver = identity.Resolver(self.connection, self.counts["created"], self.ref.countries)
        resolver.resolve()
        self._identity_errors()
        self._duplicates()
        if self.errors or self.bad_rows:
            self._fail()
        if self.progress:
            self.progress("writing", self.n)
        if self.dialect == "postgresql" and self.n >= SMALL:
            self.connection.exec_driver_sql('ANALYZE "round", "athlete"')
        writer = placings.Writer(self.connection, self.actor, self.reason, self.counts)
        unchanged = writer.write(self.staged, existed, self.corrections)
        self._refresh_countries()
        if self.counts["created"]["placings"] >= ANALYZE_AFTER:
            self._analyze()
        return {
            "created": {k: v for k, v in self.counts["created"].items() if v},
            "updated": {k: v for k, v in self.counts["updated"].items() if v},
            "unchanged": unchanged,
        }

    def memo_reset(self) -> None:
        self.last.clear()
        self.round_memo.clear()
        self.who_memo.clear()
        self.mark_memo.clear()

    def _fail(self) -> None:
        self.errors.sort(key=lambda item: item[0])
        listed = [e for _, e in self.errors]
        detail = f"{len(listed)} invalid value(s); nothing was written."
        if self.unlisted:
            detail = (
                f"{len(listed)} invalid value(s) listed; {self.unlisted} more row(s) have "
                "errors that are not listed; nothing was written."
            )
        raise ImportFailed(detail, listed)

    def _key(self, kind: str) -> int:
        self.keys[kind] += 1
        return self.keys[kind]

    def _stage(self, row: Row, who: Any = None) -> Staged | None:
        """Stage one row; what it was staged as (for the CSV fast path's memo), or None after
        recording its errors. `who`: the athlete's memo key, when the caller has one."""
        self.n += 1
        n = self.n
        cid = self._competition(n, row)
        if cid is None:
            return None
        event = self._event(cid, row)
        if event is INVALID:
            self._check_in_python(n, row)
            return None
        ek, unit, individual_sex = event
        rk = self._round(ek, row)
        if rk is INVALID:
            self._check_in_python(n, row)
            return None
        placing = self._placing(row.placing, unit)
        if placing is None:
            self._check_in_python(n, row)
            return None
        country = placing[1]
        k = None
        members: list[tuple[int, int | None, int]] = []
        if (row.athlete is None) == (row.members is None):
            self._check_in_python(n, row)
            return None
        if row.athlete is not None:
            k = self._who(row.athlete, individual_sex, country, who)
            if k is INVALID:
                self._check_in_python(n, row)
                return None
        else:
            for i, member in enumerate(row.members or []):
                if not isinstance(member, dict):
                    self._check_in_python(n, row)
                    return None
                leg = member.get("leg")
                if leg is not None and (
                    not isinstance(leg, int) or isinstance(leg, bool) or not 1 <= leg <= 8
                ):
                    self._check_in_python(n, row)
                    return None
                raw = {key: v for key, v in member.items() if key != "leg"}
                mk = self._who(raw, individual_sex, country)
                if mk is INVALID:
                    self._check_in_python(n, row)
                    return None
                members.append((i, leg, mk))
            add_member = self.loaders[MEMBERS.name].add
            for i, leg, mk in members:
                add_member((n, i, leg, mk))
        if row.corrections:
            clean, errors = check_row(row, self.ref, self.checker)
            if errors or clean is None:
                self._record(n, errors)
                return None
            self.corrections[n] = (clean.placing, clean.corrections)
        self.loaders[ROWS.name].add((n, row.line, row.path, rk, k, *placing))
        return rk, unit, k, members

    def _stage_csv(self, source: CsvRows) -> None:
        """Stage a CSV file. A record of the same race (competition, event and round cells) as
        the record before it, whose athlete cells or relay team an earlier record already
        staged, is staged from its own cells: only its placing fields are checked (`_placing`,
        as for every row). Any other record, and every record with corrections, goes through
        `_stage` as a `Row`. (1M rows: ~90k races, ~100k athletes; most records take the short
        path.) Only the current race is remembered: a file lists a race's rows together, and a
        dict of every race's cells cost ~80 MB at 1M rows."""
        people = self.who_memo  # keyed here by the athlete cells, event sex and country
        teams: dict[tuple[str, str, str], list[tuple[int, int | None, int]]] = {}
        add_row = self.loaders[ROWS.name].add
        add_member = self.loaders[MEMBERS.name].add
        source.open()
        race_of, athlete_of = source.race_of, source.athlete_of
        sex_at, country_at = source.sex_at, source.country_at
        athlete_at, slug_at = source.athlete_at, source.slug_at
        members_at = source.members_at
        corrections_at = source.corrections_at
        progress, every = self.progress, PROGRESS_EVERY
        last_key: tuple[str, ...] = ()
        race: tuple[int, Any] | None = None
        for line, record in source.records():
            race_key = race_of(record)
            if race_key != last_key:
                last_key, race = race_key, None
            if race is not None and not record[corrections_at]:
                rk, unit = race
                sex, country = record[sex_at], record[country_at]
                team: list[tuple[int, int | None, int]] | None = None
                if record[athlete_at] or record[slug_at]:
                    k = (
                        None
                        if record[members_at]
                        else people.get((athlete_of(record), sex, country))
                    )
                    known = k is not None
                else:
                    k, team = None, teams.get((record[members_at], sex, country))
                    known = team is not None
                placing = self._placing(source.placing(record), unit) if known else None
                if placing is not None:
                    self.n += 1
                    n = self.n
                    for i, leg, mk in team or ():
                        add_member((n, i, leg, mk))
                    add_row((n, line, "", rk, k, *placing))
                    if progress and n % every == 0:
                        progress("read", n)
                    continue
            who = (athlete_of(record), record[sex_at], record[country_at])
            staged = self._stage(source.row(record, line), who)
            if staged is not None and not record[corrections_at]:
                rk, unit, k, members = staged
                race = (rk, unit)
                if k is None and not (record[athlete_at] or record[slug_at]):
                    if len(teams) >= MEMO_LIMIT:
                        teams.clear()
                    teams[(record[members_at], record[sex_at], record[country_at])] = members
            if progress and self.n % every == 0:
                progress("read", self.n)

    def _competition(self, n: int, row: Row) -> int | None:
        """The competition's id (created or updated once per distinct header), or None after
        recording this row's errors."""
        raw = row.competition
        if self.last_comp[0] is raw:
            found = self.last_comp[1]
        else:
            key = _freeze(raw)
            found = self.comp_memo.get(key) if key is not None else None
            if found is None:
                c = Checker(row)
                data = _competition(c, self.ref)
                found = INVALID if c.errors else self._competition_id(data)
                if key is not None:
                    self.comp_memo[key] = found
            self.last_comp = (raw, found)
        if isinstance(found, int):
            return found
        if found is INVALID:
            self._check_in_python(n, row)
        else:  # (field, message): this row's line is named, as every row of it is bad
            self._record(
                n, [FieldError(field=row.where(found[0]), message=found[1], line=row.line)]
            )
        return None

    def _competition_id(self, data: dict[str, Any]) -> int | tuple[str, str]:
        slug = data["slug"]
        if slug not in self.competitions:
            found = (
                self.connection.execute(select(COMPETITION).where(COMPETITION.c.slug == slug))
                .mappings()
                .first()
            )
            self.competitions[slug] = dict(found) if found else {}
        known = self.competitions[slug]
        if not known:
            missing = [k for k in ("name", "series", "year") if k not in data]
            if missing:
                return "competition", f"new competition {slug!r} needs {', '.join(missing)}"
            values = {"sources": [], **data}
            clash = competition_conflict(self.connection, slug, values)
            if clash:
                return clash
            new_id = self.connection.execute(
                insert(COMPETITION).values(**values).returning(COMPETITION.c.id)
            ).scalar_one()
            self.competitions[slug] = {"id": new_id, **values}
            self.counts["created"]["competitions"] += 1
            return int(new_id)
        diff = {k: v for k, v in data.items() if known.get(k) != v}
        if {"series", "year"} & diff.keys():
            clash = competition_conflict(self.connection, slug, {**known, **diff}, known["id"])
            if clash:
                return clash
        if diff:
            where = COMPETITION.c.id == known["id"]
            self.connection.execute(update(COMPETITION).where(where).values(**diff))
            known.update(diff)
            self.counts["updated"]["competitions"] += 1
        return int(known["id"])

    def _same_as_last(
        self, kind: str, raw: Any, parent: int, row: Row, check: Callable[[int, Row], Any]
    ) -> Any:
        """`check(parent, row)`, answered again without checking when `raw` is the very object
        the previous row of this kind had, under the same parent."""
        last = self.last.get(kind)
        if last is not None and last[0] is raw and last[1] == parent:
            return last[2]
        found = check(parent, row)
        if found is not INVALID:
            self.last[kind] = (raw, parent, found)
        return found

    def _event(self, cid: int, row: Row) -> Any:
        return self._same_as_last("event", row.event, cid, row, self._event_key)

    def _event_key(self, cid: int, row: Row) -> Any:
        raw = row.event
        key = (cid, _freeze(raw))
        found = self.event_memo.get(key)
        if found is not None:
            return found
        c = Checker(row)
        discipline = c.text(raw.get("discipline"), "discipline", True, 40)
        unit = self.ref.disciplines.get(discipline or "")
        if discipline and unit is None:
            c.fail("discipline", f"unknown discipline {discipline!r}")
        sex = c.choice(raw.get("sex"), "sex", Sex)
        extras = _event_extras(c)
        if c.errors or key[1] is None:
            return INVALID
        ek = self._key("event")
        self.loaders[EVENTS.name].add((ek, cid, discipline, sex.value))
        if extras:
            self.extras[ek] = extras
        found = (ek, unit, sex if sex is not Sex.mixed else None)
        self.event_memo[key] = found
        return found

    def _round(self, ek: int, row: Row) -> Any:
        return self._same_as_last("round", row.round, ek, row, self._round_key)

    def _round_key(self, ek: int, row: Row) -> Any:
        raw = row.round
        key = (ek, raw.get("phase"), raw.get("heat"), raw.get("date"), raw.get("wind"))
        try:
            found = self.round_memo.get(key)
        except TypeError:  # an unhashable value: the full check names it
            return INVALID
        if found is not None:
            return found
        c = Checker(row)
        phase = c.choice(raw.get("phase"), "phase", Phase)
        heat = c.integer(raw.get("heat"), "heat", 1, 99)
        date = c.date(raw.get("date"), "round.date")
        wind = c.text(raw.get("wind"), "wind", False, 10)
        if c.errors:
            return INVALID
        rk = self._key("round")
        slug = round_slug(phase, heat)
        self.loaders[ROUNDS.name].add(
            (rk, ek, slug, phase.value, heat, date.isoformat() if date else None, wind)
        )
        if len(self.round_memo) >= ROUND_MEMO_LIMIT:
            self.round_memo.clear()
        self.round_memo[key] = rk
        return rk

    def _who(
        self, raw: dict[str, Any], sex: Sex | None, country: str | None, key: Any = None
    ) -> Any:
        """The staged athlete's key (staged once per distinct athlete). `key`: the memo key the
        caller already has (a CSV record's athlete cells, event sex and country), instead of
        one built from `raw`."""
        if key is None:
            frozen = _freeze(raw)
            if frozen is None:
                return INVALID
            key = (frozen, sex, country)
        found = self.who_memo.get(key)
        if found is not None:
            return found
        c = Checker(Row(None, "", {}, {}, {}, {}, None))
        data = _athlete(c, raw, "athlete", sex)
        if c.errors:
            return INVALID
        k = self._key("athlete")
        birth = data["birth_date"]
        self.loaders[WHO.name].add(
            (k, data["name"], data["slug"], int(data["slug_given"]), data["folded"],
             data["sex"].value, birth.isoformat() if birth else None,
             data["world_athletics_id"], data["olympedia_id"], country)
        )  # fmt: skip
        if len(self.who_memo) >= MEMO_LIMIT:
            self.who_memo.clear()  # seen again later: staged again, resolved to the same one
        self.who_memo[key] = k
        return k

    def _placing(self, raw: dict[str, Any], unit: Any) -> tuple[Any, ...] | None:
        """The placing's fields as staged, or None when the row needs the full check (values
        of an unusual type, a NUL character, an unknown record flag, a bad mark)."""
        out: list[Any] = []
        for name in ("place", "country", "status", "qualification", "note"):
            value = raw.get(name)
            if value is None or type(value) is str:
                if value is not None and "\x00" in value:
                    return None
            elif type(value) is int:
                value = str(value)
            else:
                return None
            out.append(value)
        place, country, status, qualification, note = out
        records = raw.get("records")
        flags = record_flag_list(records)
        if any(flag not in FLAGS for flag in flags):
            return None
        mark_text = raw.get("mark")
        mark = value = None
        if mark_text is not None and mark_text != "":
            if type(mark_text) is not str or unit is None:
                return None
            memo = (mark_text, unit)
            if memo not in self.mark_memo:
                if len(self.mark_memo) >= MEMO_LIMIT:
                    self.mark_memo.clear()
                try:
                    parsed: tuple[str, int] | None = (
                        normalize_mark(mark_text, unit) if len(mark_text) <= 20 else None
                    )
                except MarkError:
                    parsed = None
                self.mark_memo[memo] = parsed
            found = self.mark_memo[memo]
            if found is None:
                return None
            mark, value = found
        return (place, country, mark, value, status or "ok", qualification, ",".join(flags),
                note)  # fmt: skip

    # -- set-based checks ----------------------------------------------------------------------

    def _flag_placing_fields(self) -> None:
        """One query finds the rows whose own fields are bad; Python names each error."""
        place = _digits(self.dialect, "place")
        flagged = f"""(place IS NOT NULL AND CASE WHEN {place}
                           THEN CAST(place AS INTEGER) NOT BETWEEN 1 AND 1000 ELSE 1=1 END)
            OR (place IS NOT NULL AND status <> 'ok')
            OR country IS NULL
            OR NOT EXISTS (SELECT 1 FROM country c WHERE c.code = import_row.country)
            OR status NOT IN ({_sql_list(Status)})
            OR (qualification IS NOT NULL AND qualification NOT IN ({_sql_list(QUALIFICATIONS)}))
            OR length(note) > 2000"""  # noqa: S608
        columns = "n, line, path, place, country, status, qualification, records, note"
        last = 0
        while len(self.errors) < MAX_ERRORS:
            batch = self.connection.execute(
                text(
                    f"SELECT {columns} FROM import_row WHERE n > :last AND ({flagged}) "  # noqa: S608
                    "ORDER BY n LIMIT 500"
                ),
                {"last": last},
            ).all()
            if not batch:
                return
            for n, line, path, *values in batch:
                last = n
                raw = dict(
                    zip(("place", "country", "status", "qualification"), values, strict=False)
                )
                raw["records"] = [f for f in values[4].split(",") if f]
                raw["note"] = values[5]
                c = Checker(Row(line, path or "", {}, {}, {}, {}, None))
                clean = placing_fields(c, raw, self.ref, None)
                if c.errors:
                    self._record(n, c.errors)
                else:  # flagged only for its spelling (" GBR", "03"): store the clean values
                    self._fix(n, clean)
        rest = self.connection.execute(
            text(f"SELECT count(*) FROM import_row WHERE n > :last AND ({flagged})"),  # noqa: S608
            {"last": last},
        ).scalar_one()
        self.bad_rows += rest
        self.unlisted += rest

    def _fix(self, n: int, clean: dict[str, Any]) -> None:
        values = {
            "place": None if clean["place"] is None else str(clean["place"]),
            "country": clean["country_code"],
            "status": clean["status"].value,
            "qualification": clean["qualification"],
            "note": clean["note"],
        }
        self.connection.execute(update(ROWS).where(ROWS.c.n == n).values(**values))

    def _identity_errors(self) -> None:
        if len(self.errors) >= MAX_ERRORS and not self.bad_rows:
            return
        individual = (
            select(ROWS.c.n, ROWS.c.line, ROWS.c.path, literal(-1), WHO.c.error)
            .join(WHO, WHO.c.k == ROWS.c.k)
            .where(WHO.c.error.is_not(None))
        )
        teams = (
            select(ROWS.c.n, ROWS.c.line, ROWS.c.path, MEMBERS.c.idx, WHO.c.error)
            .join(MEMBERS, MEMBERS.c.n == ROWS.c.n)
            .join(WHO, WHO.c.k == MEMBERS.c.k)
            .where(WHO.c.error.is_not(None))
        )
        found: dict[int, list[FieldError]] = {}
        for statement in (individual, teams):
            for n, line, path, idx, message in self.connection.execute(statement):
                name = "athlete" if idx < 0 else f"members.{idx}"
                field = f"{path}.{name}" if path else name
                found.setdefault(n, []).append(FieldError(field=field, message=message, line=line))
        for n in sorted(found):
            self._record(n, found[n])

    def _duplicates(self) -> None:
        """Every later copy of a placing (same round, same athlete or team country)."""
        team_country = "CASE WHEN r.k IS NULL THEN r.country END"
        statement = text(f"""
            SELECT n, line, path FROM (
                SELECT r.n, r.line, r.path, row_number() OVER (
                    PARTITION BY x.round_id, w.athlete_id, {team_country} ORDER BY r.n) AS copy
                FROM import_row r JOIN import_round x ON x.rk = r.rk
                LEFT JOIN import_who w ON w.k = r.k
                WHERE r.k IS NULL OR w.athlete_id IS NOT NULL
            ) ranked WHERE copy > 1 ORDER BY n""")  # noqa: S608
        for n, line, path in self.connection.execute(statement):
            field = f"{path}.athlete" if path else "athlete"
            self._record(n, [FieldError(field=field, message="appears twice in the same round",
                                        line=line)])  # fmt: skip

    # -- events and rounds ---------------------------------------------------------------------

    def _events_and_rounds(self) -> bool:
        """Create the missing events and rounds; True when any round was already stored."""
        c = self.connection
        stored = (
            select(EVENT.c.id)
            .where(
                EVENT.c.competition_id == EVENTS.c.competition_id,
                EVENT.c.discipline_code == EVENTS.c.discipline,
                EVENT.c.sex == EVENTS.c.sex,
            )
            .scalar_subquery()
        )
        c.execute(update(EVENTS).values(event_id=stored))
        c.execute(update(EVENTS).where(EVENTS.c.event_id.is_not(None)).values(existed=1))
        new = (
            select(EVENTS.c.competition_id, EVENTS.c.discipline, EVENTS.c.sex,
                   literal([], JSON))
            .where(EVENTS.c.event_id.is_(None))
            .group_by(EVENTS.c.competition_id, EVENTS.c.discipline, EVENTS.c.sex)
        )  # fmt: skip
        # Counted from the staged rows: rowcount after INSERT ... SELECT is not reliable on
        # every driver (psycopg's async adapter reports 0).
        created = c.execute(select(func.count()).select_from(new.subquery())).scalar_one()
        if created:
            c.execute(
                insert(EVENT).from_select(
                    ["competition_id", "discipline_code", "sex", "sources"], new
                )
            )
        self.counts["created"]["events"] += created
        if created:
            c.execute(update(EVENTS).where(EVENTS.c.event_id.is_(None)).values(event_id=stored))
        self._event_extras()

        c.execute(
            update(ROUNDS).values(
                event_id=select(EVENTS.c.event_id)
                .where(EVENTS.c.ek == ROUNDS.c.ek)
                .scalar_subquery()
            )
        )
        stored_round = (
            select(ROUND.c.id)
            .where(ROUND.c.event_id == ROUNDS.c.event_id, ROUND.c.slug == ROUNDS.c.slug)
            .scalar_subquery()
        )
        c.execute(update(ROUNDS).values(round_id=stored_round))
        c.execute(update(ROUNDS).where(ROUNDS.c.round_id.is_not(None)).values(existed=1))
        existed = c.execute(select(func.count()).where(ROUNDS.c.existed == 1)).scalar_one()
        new_rounds = (
            select(ROUNDS.c.event_id, ROUNDS.c.slug, func.min(ROUNDS.c.phase),
                   func.min(ROUNDS.c.heat), func.max(ROUNDS.c.date), func.max(ROUNDS.c.wind))
            .where(ROUNDS.c.round_id.is_(None))
            .group_by(ROUNDS.c.event_id, ROUNDS.c.slug)
        )  # fmt: skip
        created = c.execute(select(func.count()).select_from(new_rounds.subquery())).scalar_one()
        if created:
            columns = ["event_id", "slug", "phase", "heat", "date", "wind"]
            c.execute(insert(ROUND).from_select(columns, new_rounds))
        self.counts["created"]["rounds"] += created
        if created:
            c.execute(
                update(ROUNDS).where(ROUNDS.c.round_id.is_(None)).values(round_id=stored_round)
            )
        if existed:
            self._refresh_rounds()
        return bool(existed)

    def _event_extras(self) -> None:
        """Write the coverage, sources and notes a file gives for its events."""
        if not self.extras:
            return
        keys = list(self.extras)
        found = dict(
            self.connection.execute(
                select(EVENTS.c.ek, EVENTS.c.event_id).where(EVENTS.c.ek.in_(keys))
            ).all()
        )
        existed = set(
            self.connection.execute(
                select(EVENTS.c.ek).where(EVENTS.c.ek.in_(keys), EVENTS.c.existed == 1)
            ).scalars()
        )
        counted: set[int] = set()
        for ek, extras in self.extras.items():
            event_id = found[ek]
            stored = self.connection.execute(
                select(*(EVENT.c[k] for k in extras)).where(EVENT.c.id == event_id)
            ).one()
            diff = {k: v for k, v in extras.items() if stored._mapping[k] != v}
            if diff:
                self.connection.execute(update(EVENT).where(EVENT.c.id == event_id).values(**diff))
                if ek in existed and event_id not in counted:
                    counted.add(event_id)
                    self.counts["updated"]["events"] += 1

    def _refresh_rounds(self) -> None:
        """A stored round takes the date and wind the file gives (when it gives them)."""
        given = (
            select(ROUNDS.c.round_id, func.max(ROUNDS.c.date).label("date"),
                   func.max(ROUNDS.c.wind).label("wind"))
            .where(ROUNDS.c.existed == 1)
            .group_by(ROUNDS.c.round_id)
            .subquery()
        )  # fmt: skip
        differs = (
            select(given.c.round_id, given.c.date, given.c.wind)
            .join(ROUND, ROUND.c.id == given.c.round_id)
            .where(
                and_(given.c.date.is_not(None), given.c.date.is_distinct_from(ROUND.c.date))
                | and_(given.c.wind.is_not(None), given.c.wind.is_distinct_from(ROUND.c.wind))
            )
        )
        for round_id, date, wind in self.connection.execute(differs).all():
            values: dict[str, Any] = {}
            if date is not None:
                values["date"] = dt.date.fromisoformat(date) if isinstance(date, str) else date
            if wind is not None:
                values["wind"] = wind
            self.connection.execute(update(ROUND).where(ROUND.c.id == round_id).values(**values))
            self.counts["updated"]["rounds"] += 1

    # -- after the writes ----------------------------------------------------------------------

    def _refresh_countries(self) -> None:
        """An athlete's current country is the one of their latest placing. Only athletes
        with a staged placing in another country than their stored one can change: if every
        staged placing has the stored country, the latest placing has it too, whether it is
        one of them or the one that set the country. (Recomputing every touched athlete ranked
        all their placings: 14 s of a 1M-row import on SQLite.)"""
        touched = (
            select(WHO.c.athlete_id)
            .join(ROWS, ROWS.c.k == WHO.c.k)
            .join(ATHLETE, ATHLETE.c.id == WHO.c.athlete_id)
            .where(ATHLETE.c.country_code.is_distinct_from(ROWS.c.country))
        )
        newest = func.row_number().over(
            partition_by=col(Placing.athlete_id),
            order_by=(col(Competition.year).desc(), col(Competition.start_date).desc()),
        )
        ranked = (
            select(col(Placing.athlete_id), col(Placing.country_code), newest.label("newest"))
            .join(Round, col(Round.id) == col(Placing.round_id))
            .join(Event, col(Event.id) == col(Round.event_id))
            .join(Competition, col(Competition.id) == col(Event.competition_id))
            .where(col(Placing.athlete_id).in_(touched))
            .subquery()
        )
        statement = (
            update(Athlete)
            .where(col(Athlete.id) == ranked.c.athlete_id, ranked.c.newest == 1)
            .where(col(Athlete.country_code).is_distinct_from(ranked.c.country_code))
            .values(country_code=ranked.c.country_code)
        )
        self.session.execute(statement.execution_options(synchronize_session=False))

    def _analyze(self) -> None:
        """Refresh planner statistics. SQLite has none until ANALYZE runs: without them the
        repeat-medallists query took 137 ms instead of 11 ms over 100,000 placings."""
        for table in ("athlete", "round", "placing", "relay_member", "placing_change"):
            self.connection.exec_driver_sql(f'ANALYZE "{table}"')


def import_rows(
    session: Session,
    rows: Iterable[Row],
    actor: str,
    reason: str | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Import rows inside the caller's transaction; raises ImportFailed listing every bad row."""
    return Importer(session, actor, reason, progress).run(rows)
