"""Athlete identity for imports, in SQL over the staged athletes (`import_who`, one row per
distinct athlete as the file writes them): by external id, then by slug, else by folded name +
sex (narrowed by country).

An ambiguous name is an error naming the candidates, never a silent merge of two people; a new
name creates one athlete, never a duplicate of a known one. Python touches only the athletes
SQL cannot settle alone: several candidates for a name (rare), and the free slug of a new one.
"""

import datetime as dt
from collections import Counter
from contextlib import nullcontext
from typing import Any

from sqlalchemy import Connection, and_, func, insert, select, update

from app.athletes.models import Athlete
from app.athletes.search import indexed_in_bulk
from app.core.tables import table_of
from app.imports.staging import WHO, Loader
from app.reference.models import Country

ATHLETE = table_of(Athlete)
COUNTRY = table_of(Country)
CHUNK = 500


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


class Resolver:
    def __init__(self, connection: Connection, created: Counter[str], countries: set[str]) -> None:
        self.c = connection
        self.created = created
        self.countries = countries  # a bad country is reported by the row checks; not stored
        self.dialect = connection.dialect.name

    def resolve(self) -> None:
        self._by_external()
        self._by_slug()
        self._create_given_slugs()
        self._by_external()
        self._by_slug()
        self._by_name()
        self._create_from_names()
        self._by_name()
        self._fill()

    def _unresolved(self) -> Any:
        return and_(WHO.c.athlete_id.is_(None), WHO.c.error.is_(None))

    def _by_external(self) -> None:
        for column, stored in ((WHO.c.wa, ATHLETE.c.world_athletics_id),
                               (WHO.c.oly, ATHLETE.c.olympedia_id)):  # fmt: skip
            found = select(ATHLETE.c.id).where(stored == column).scalar_subquery()
            self.c.execute(
                update(WHO).where(self._unresolved(), column.is_not(None)).values(athlete_id=found)
            )

    def _by_slug(self) -> None:
        found = select(ATHLETE.c.id).where(ATHLETE.c.slug == WHO.c.slug).scalar_subquery()
        self.c.execute(
            update(WHO).where(self._unresolved(), WHO.c.slug_given == 1).values(athlete_id=found)
        )

    def _create_given_slugs(self) -> None:
        """A given slug nobody has: a new athlete with that slug (a name is needed)."""
        rows = self.c.execute(
            select(WHO).where(self._unresolved(), WHO.c.slug_given == 1).order_by(WHO.c.k)
        ).mappings()
        new: dict[str, dict[str, Any]] = {}
        errors = []
        for row in rows:
            if not row["name"]:
                message = (
                    f"unknown athlete slug {row['slug']!r} (give a name to create the athlete)"
                )
                errors.append({"_k": row["k"], "_error": message})
            else:
                new.setdefault(row["slug"], self._values(row, row["slug"]))
        self._errors(errors)
        self._insert(list(new.values()))

    def _by_name(self) -> None:
        """One candidate with this folded name and sex: it. Several: the one of the row's
        country; else an error naming them (Python, per ambiguous name)."""
        same = and_(ATHLETE.c.name_folded == WHO.c.folded, ATHLETE.c.sex == WHO.c.sex)
        named = and_(self._unresolved(), WHO.c.slug_given == 0)
        count = select(func.count()).where(same).scalar_subquery()
        only = select(func.min(ATHLETE.c.id)).where(same).scalar_subquery()
        self.c.execute(update(WHO).where(named, count == 1).values(athlete_id=only))
        several = self.c.execute(
            select(WHO.c.k, WHO.c.name, WHO.c.country, ATHLETE.c.id, ATHLETE.c.slug,
                   ATHLETE.c.country_code)
            .join(ATHLETE, and_(ATHLETE.c.name_folded == WHO.c.folded, ATHLETE.c.sex == WHO.c.sex))
            .where(named)
            .order_by(WHO.c.k)
        ).all()  # fmt: skip
        groups: dict[int, list[Any]] = {}
        for row in several:
            groups.setdefault(row.k, []).append(row)
        chosen, errors = [], []
        for k, candidates in groups.items():
            country = candidates[0].country
            narrowed = [c for c in candidates if c.country_code == country] or candidates
            if len(narrowed) == 1:
                chosen.append({"_k": k, "_id": narrowed[0].id})
            else:
                slugs = ", ".join(sorted(c.slug for c in narrowed))
                message = (
                    f"{candidates[0].name!r} matches several athletes ({slugs}); "
                    "give the athlete's slug"
                )
                errors.append({"_k": k, "_error": message})
        if chosen:
            self.c.execute(
                update(WHO).where(WHO.c.k == _bind("_k")).values(athlete_id=_bind("_id")),
                chosen,
            )
        self._errors(errors)

    def _create_from_names(self) -> None:
        """Names nobody has: one new athlete per folded name and sex, with a free slug.

        Most new athletes' own slug is free: nobody has it and no other new athlete wants it.
        Those are inserted by one INSERT ... SELECT (for 99,000 new athletes Python spent ~5 s
        and ~100 MB building their rows). The others (a slug taken, or wanted twice) get a
        free `-2`, `-3` … form in Python, in file order, as before."""
        with indexed_in_bulk(self.c):
            self._create_free_slugs()
            self._by_name()
            self._create_taken_slugs()

    def _create_free_slugs(self) -> None:
        first = (
            select(func.min(WHO.c.k))
            .where(self._unresolved(), WHO.c.slug_given == 0)
            .group_by(WHO.c.folded, WHO.c.sex)
        )
        new = WHO.alias("new")
        wanted_twice = (
            select(new.c.slug)
            .where(new.c.k.in_(first))
            .group_by(new.c.slug)
            .having(func.count() > 1)
        )
        country = select(COUNTRY.c.code).where(COUNTRY.c.code == WHO.c.country).scalar_subquery()
        free = (
            select(WHO.c.slug, WHO.c.name, WHO.c.folded, WHO.c.sex, WHO.c.birth, country,
                   WHO.c.wa, WHO.c.oly)
            .where(
                WHO.c.k.in_(first),
                ~select(ATHLETE.c.id).where(ATHLETE.c.slug == WHO.c.slug).exists(),
                WHO.c.slug.not_in(wanted_twice),
            )
            .order_by(WHO.c.k)
        )  # fmt: skip
        created = self.c.execute(select(func.count()).select_from(free.subquery())).scalar_one()
        if created:
            columns = ["slug", "name", "name_folded", "sex", "birth_date", "country_code",
                       "world_athletics_id", "olympedia_id"]  # fmt: skip
            self.c.execute(insert(ATHLETE).from_select(columns, free))
            self.created["athletes"] += created

    def _create_taken_slugs(self) -> None:
        rows = self.c.execute(
            select(WHO).where(self._unresolved(), WHO.c.slug_given == 0).order_by(WHO.c.k)
        ).mappings()
        new: dict[tuple[str, str], dict[str, Any]] = {}
        for row in rows:
            key = (row["folded"], row["sex"])
            if key not in new:
                new[key] = self._values(row, row["slug"])
        if not new:
            return
        taken = self._taken()
        for values in new.values():
            base = candidate = values["slug"]
            n = 1
            while candidate in taken:
                n += 1
                candidate = f"{base}-{n}"
            taken.add(candidate)
            values["slug"] = candidate
        self._insert(list(new.values()), index=False)

    def _taken(self) -> set[str]:
        """The stored slugs a new athlete's slug could collide with: the slugs themselves
        (one join), and the `-2`, `-3` … forms of the ones taken (rare)."""
        wanted = select(WHO.c.slug).where(self._unresolved(), WHO.c.slug_given == 0)
        query = select(ATHLETE.c.slug).where(ATHLETE.c.slug.in_(wanted))
        taken = set(self.c.execute(query).scalars())
        for base in sorted(taken):
            pattern = base.replace("_", "\\_").replace("%", "\\%") + "-%"
            taken |= set(
                self.c.execute(
                    select(ATHLETE.c.slug).where(ATHLETE.c.slug.like(pattern, escape="\\"))
                ).scalars()
            )
        return taken

    def _values(self, row: Any, slug: str) -> dict[str, Any]:
        return {
            "slug": slug,
            "name": row["name"],
            "name_folded": row["folded"],
            "sex": row["sex"],
            "birth_date": _date(row["birth"]),
            "country_code": row["country"] if row["country"] in self.countries else None,
            "world_athletics_id": row["wa"],
            "olympedia_id": row["oly"],
        }

    def _insert(self, values: list[dict[str, Any]], index: bool = True) -> None:
        """New athletes, through the staging fast path (COPY / executemany); `index`: add them
        to the search index here (False: the caller's `indexed_in_bulk` block does)."""
        if not values:
            return
        columns = list(values[0])
        loader = Loader(self.c, ATHLETE, columns=columns)
        with indexed_in_bulk(self.c) if index else nullcontext():
            for value in values:
                if self.dialect == "sqlite" and value["birth_date"] is not None:
                    value["birth_date"] = value["birth_date"].isoformat()
                loader.add(tuple(value[c] for c in columns))
            loader.flush()
        self.created["athletes"] += len(values)

    def _errors(self, errors: list[dict[str, Any]]) -> None:
        if errors:
            self.c.execute(
                update(WHO).where(WHO.c.k == _bind("_k")).values(error=_bind("_error")), errors
            )

    def _fill(self) -> None:
        """Fill details the database lacks (never overwrite a known one): one UPDATE ... FROM a
        grouped set per detail. (A correlated subquery per athlete cost ~1 s per file on
        PostgreSQL: the seed of ~50 small files took 80 s.)"""
        for stored, given in ((ATHLETE.c.birth_date, WHO.c.birth),
                              (ATHLETE.c.world_athletics_id, WHO.c.wa),
                              (ATHLETE.c.olympedia_id, WHO.c.oly)):  # fmt: skip
            known = (
                select(WHO.c.athlete_id.label("athlete_id"), func.max(given).label("value"))
                .where(given.is_not(None), WHO.c.athlete_id.is_not(None))
                .group_by(WHO.c.athlete_id)
                .subquery()
            )
            self.c.execute(
                update(ATHLETE)
                .where(ATHLETE.c.id == known.c.athlete_id, stored.is_(None))
                .values({stored: known.c.value})
            )


def _bind(name: str) -> Any:
    from sqlalchemy import bindparam

    return bindparam(name)
