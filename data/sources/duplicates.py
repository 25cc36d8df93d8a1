"""List athletes that are probably one person entered under two slugs.

Run on a seeded database: python -m data.sources.duplicates sqlite:///./podium.db
Pairs share sex and a country represented, and one name's words contain the other's (at least
two words, the last word, the family name, in common) -- e.g. `sally-gunnell` and
`sally-janet-jane-gunnell`. Each pair is settled by the alias list or by a slug fix in the
page-sourced file; `tests/data/test_data_bundle.py` keeps the list empty.
"""

import re
import sys
from collections import defaultdict

from sqlalchemy import create_engine, text

from app.core.text import fold

PEOPLE = """
SELECT a.slug, a.name, a.sex, p.country_code FROM athlete a JOIN "placing" p ON p.athlete_id = a.id
UNION
SELECT a.slug, a.name, a.sex, p.country_code FROM athlete a
JOIN relay_member m ON m.athlete_id = a.id JOIN "placing" p ON p.id = m.placing_id
"""


def name_words(name: str) -> list[str]:
    return [w for w in re.split(r"[\s\-'.]+", fold(name)) if len(w) > 1]


def candidates(url: str) -> list[tuple[str, str]]:
    engine = create_engine(url)
    with engine.connect() as connection:
        rows = list(connection.execute(text(PEOPLE)))
    engine.dispose()
    people: dict[str, tuple[str, str, set[str]]] = {}
    for slug, name, sex, country in rows:
        people.setdefault(slug, (name, sex, set()))[2].add(country)
    by_family: dict[tuple[str, str], list[str]] = defaultdict(list)
    for slug, (name, sex, _) in people.items():
        words = name_words(name)
        for word in words[-2:]:  # family names may come first (Chinese) or be double-barrelled
            by_family[(sex, word)].append(slug)
    pairs = set()
    for slugs in by_family.values():
        for i, a in enumerate(slugs):
            for b in slugs[i + 1 :]:
                if _same(people[a], people[b]):
                    pairs.add(tuple(sorted((a, b))))
    return sorted(pairs)  # type: ignore[arg-type]


def _same(a: tuple[str, str, set[str]], b: tuple[str, str, set[str]]) -> bool:
    if not a[2] & b[2]:
        return False
    wa, wb = set(name_words(a[0])), set(name_words(b[0]))
    small, large = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    return len(small) >= 2 and small <= large


if __name__ == "__main__":
    for a, b in candidates(sys.argv[1]):
        print(a, b)
