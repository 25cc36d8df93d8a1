"""Athlete identity shared by the converters: one person, one slug, across every bundled file.

A converter meets names written many ways ("Lijiao GONG", "Gong Lijiao", "Faith Chepngetich
KIPYEGON"). It asks `Registry.resolve` for the slug and display name: first the alias list kept as
data (`data/sources/aliases.json`: source spelling -> slug), then an athlete already named in a
bundled file with the same folded name or the same set of name words and the same sex.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from app.core.text import fold, slugify
from app.imports.seed import REFERENCE_FILES

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "app" / "data"
ALIASES = Path(__file__).with_name("aliases.json")
# Countries whose athletes World Athletics writes family name first.
FAMILY_FIRST = {"CHN", "TPE", "KOR", "PRK", "HKG", "MGL", "VIE"}


def words(name: str) -> tuple[str, ...]:
    return tuple(sorted(w for w in re.split(r"[\s\-'.]+", fold(name)) if len(w) > 1))


PARTICLES = {
    "da",
    "de",
    "del",
    "der",
    "di",
    "do",
    "dos",
    "du",
    "el",
    "la",
    "le",
    "van",
    "von",
    "den",
}


def display_name(given_family: str, country: str) -> str:
    """'Faith KIPYEGON' -> 'Faith Kipyegon'; 'da SILVA Chayenne' -> 'Chayenne da Silva';
    Chinese 'Lijiao GONG' -> 'Gong Lijiao'. Upper-case words are the family name, with the
    lower-case particles just before them."""
    parts = given_family.split()
    family = {i for i, p in enumerate(parts) if p.isupper() and sum(c.isalpha() for c in p) > 1}
    for i in reversed(range(len(parts))):
        if parts[i] in PARTICLES and i + 1 in family:
            family.add(i)
    if not family:
        return given_family
    family_text = " ".join(
        parts[i] if parts[i] in PARTICLES else _title(parts[i]) for i in sorted(family)
    )
    given_text = " ".join(p for i, p in enumerate(parts) if i not in family)
    if country in FAMILY_FIRST:
        return f"{family_text} {given_text}".strip()
    return f"{given_text} {family_text}".strip()


def _title(word: str) -> str:
    out = "-".join(part[:1].upper() + part[1:].lower() for part in word.split("-"))
    out = re.sub(r"^(Mc)([a-z])", lambda m: m.group(1) + m.group(2).upper(), out)
    out = re.sub(r"^(O')([a-z])", lambda m: m.group(1) + m.group(2).upper(), out)
    return out


def people_in(document: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any], str | None]]:
    """(sex, person, country represented) for every athlete and relay member of a data file."""
    for competition in document.get("competitions", []):
        for event in competition.get("events", []):
            for round_ in event.get("rounds", []):
                for placing in round_.get("placings", []):
                    people = [placing["athlete"]] if placing.get("athlete") else []
                    people += placing.get("members") or []
                    for person in people:
                        sex = person.get("sex") or event["sex"]
                        yield sex, person, placing.get("country")


class Registry:
    """Names already bundled (page-sourced files), plus the alias list."""

    def __init__(self, skip: tuple[str, ...] = ()) -> None:
        document = json.loads(ALIASES.read_text())
        self.aliases: dict[str, str] = document["aliases"]
        self.merged: dict[str, str] = document.get("merged", {})
        self.by_fold: dict[tuple[str, str], tuple[str, str]] = {}
        self.by_words: dict[tuple[str, tuple[str, ...]], set[tuple[str, str]]] = {}
        self.by_slug: dict[str, str] = {}
        for path in sorted(DATA.rglob("*.json")):
            if any(part in str(path) for part in skip) or path.name in REFERENCE_FILES:
                continue
            for sex, person, _ in people_in(json.loads(path.read_text())):
                self.add(person.get("name") or "", person.get("slug"), sex)

    def add(self, name: str, slug: str | None, sex: str) -> None:
        if not name:
            return
        slug = slug or slugify(name)
        self.by_slug.setdefault(slug, name)
        self.by_fold.setdefault((sex, fold(name)), (slug, name))
        self.by_words.setdefault((sex, words(name)), set()).add((slug, name))

    def resolve(self, source_name: str, name: str, sex: str) -> tuple[str, str]:
        """(slug, display name) for a person named `name` (`source_name` as the source wrote it)."""
        slug, shown = self._resolve(source_name, name, sex)
        kept = self.merged.get(slug, slug)
        return kept, self.by_slug.get(kept, shown)

    def _resolve(self, source_name: str, name: str, sex: str) -> tuple[str, str]:
        alias = self.aliases.get(source_name) or self.aliases.get(name)
        if alias:
            return alias, self.by_slug.get(alias, name)
        found = self.by_fold.get((sex, fold(name)))
        if found:
            return found
        candidates = self.by_words.get((sex, words(name)), set())
        if len(candidates) == 1:
            return next(iter(candidates))
        return slugify(name), name
