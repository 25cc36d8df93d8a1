"""Athlete identity for imports: by slug, by external id, else by folded name + sex (+ country).

An ambiguous name is an error naming the candidates, never a silent merge of two people; a new
name creates one athlete, never a duplicate of a known one.
"""

from collections import Counter
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.athletes.models import Athlete
from app.imports.bulk import insert_returning


class AthleteIndex:
    """All athletes, indexed for resolution; loaded once per import (one statement)."""

    def __init__(self, session: Session, created: Counter[str]) -> None:
        self.session = session
        self.created = created
        self.by_slug: dict[str, dict[str, Any]] = {}
        self.by_external: dict[tuple[str, str], dict[str, Any]] = {}
        self.by_name: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.pending: list[dict[str, Any]] = []
        columns: list[Any] = [
            Athlete.id,
            Athlete.slug,
            Athlete.name_folded,
            Athlete.sex,
            Athlete.country_code,
        ]
        columns += [Athlete.birth_date, Athlete.world_athletics_id, Athlete.olympedia_id]
        for row in session.execute(select(*columns)).mappings():
            self._remember(dict(row))

    def _remember(self, athlete: dict[str, Any]) -> None:
        self.by_slug[athlete["slug"]] = athlete
        for kind in ("world_athletics_id", "olympedia_id"):
            if athlete.get(kind):
                self.by_external[(kind, athlete[kind])] = athlete
        key = (athlete["name_folded"], str(athlete["sex"]))
        self.by_name.setdefault(key, []).append(athlete)

    def resolve(self, data: dict[str, Any], country: str | None) -> int | str | dict[str, Any]:
        """The athlete's id, a pending new athlete (its id is set by `flush`), or an error."""
        for kind in ("world_athletics_id", "olympedia_id"):
            if data.get(kind) and (kind, data[kind]) in self.by_external:
                return self._fill(self.by_external[(kind, data[kind])], data)
        if data["slug_given"]:
            known = self.by_slug.get(data["slug"])
            return self._fill(known, data) if known else self._create(data, data["slug"], country)
        if data["folded"] is None:
            return f"unknown athlete slug {data['slug']!r}"
        candidates = self.by_name.get((data["folded"], str(data["sex"])), [])
        if len(candidates) > 1:
            candidates = [c for c in candidates if c["country_code"] == country] or candidates
        if len(candidates) > 1:
            slugs = ", ".join(sorted(c["slug"] for c in candidates))
            return f"{data['name']!r} matches several athletes ({slugs}); give the athlete's slug"
        if candidates:
            return self._fill(candidates[0], data)
        return self._create(data, self._free_slug(data["slug"]), country)

    def _free_slug(self, slug: str) -> str:
        candidate, n = slug, 1
        while candidate in self.by_slug:
            n += 1
            candidate = f"{slug}-{n}"
        return candidate

    def _create(self, data: dict[str, Any], slug: str, country: str | None) -> str | dict[str, Any]:
        if not data.get("name"):
            return f"unknown athlete slug {slug!r} (give a name to create the athlete)"
        values: dict[str, Any] = {
            "slug": slug,
            "name": data["name"],
            "name_folded": data["folded"],
            "sex": data["sex"],
            "birth_date": data.get("birth_date"),
            "country_code": country,
            "world_athletics_id": data.get("world_athletics_id"),
            "olympedia_id": data.get("olympedia_id"),
        }
        pending = {"id": None, **values}
        self.pending.append(pending)
        self._remember(pending)
        return pending

    def flush(self) -> None:
        """Insert the pending new athletes in one statement and give each its id."""
        if not self.pending:
            return
        table = Athlete.__table__
        columns = [c for c in self.pending[0] if c != "id"]
        by_slug = {p["slug"]: p for p in self.pending}
        # RETURNING, not a SELECT afterwards: inside one long import transaction the planner's
        # statistics still say the table is empty, and a lookup would scan it.
        values = [{c: p[c] for c in columns} for p in self.pending]
        inserted = insert_returning(self.session.connection(), table, values, ["slug", "id"])
        for slug, athlete_id in inserted:
            by_slug[slug]["id"] = athlete_id
        self.created["athletes"] += len(self.pending)
        self.pending = []

    def _fill(self, athlete: dict[str, Any], data: dict[str, Any]) -> int | dict[str, Any]:
        """Fill details the database lacks (never overwrite a known one)."""
        blanks = {
            k: data[k]
            for k in ("birth_date", "world_athletics_id", "olympedia_id")
            if data.get(k) and not athlete.get(k)
        }
        if athlete["id"] is None:  # created earlier in this batch; stored by `flush`
            return athlete
        if blanks:
            self.session.execute(
                update(Athlete).where(Athlete.id == athlete["id"]).values(**blanks)
            )
            athlete.update(blanks)
            self._remember(athlete)
        return int(athlete["id"])
