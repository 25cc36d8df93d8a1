"""The bundled data set, checked whole: what every medal answer rests on."""

import json
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text

from app.core.db import make_sync_engine
from app.core.text import fold
from app.imports.seed import data_files

DATA = Path(__file__).resolve().parents[2] / "app" / "data"


@pytest.fixture(scope="module")
def bundle(seeded_template: str) -> Iterator[Engine]:
    engine = make_sync_engine(seeded_template)
    yield engine
    engine.dispose()


def rows(engine: Engine, sql: str) -> list[Any]:
    with engine.connect() as connection:
        return list(connection.execute(text(sql)))


FINAL_MEDAL_PLACES = """
SELECT c.slug, e.discipline_code, e.sex, p.place, count(*)
FROM "placing" p JOIN round r ON r.id = p.round_id JOIN event e ON e.id = r.event_id
JOIN competition c ON c.id = e.competition_id
WHERE r.phase = 'final' AND p.status = 'ok' AND p.place <= 3
GROUP BY c.slug, e.discipline_code, e.sex, p.place
"""


def test_every_final_awards_the_medals_its_places_allow(bundle: Engine) -> None:
    """Every final has a champion (unless the title was stripped and left vacant) and tied
    champions leave no silver (Tokyo 2020 high jump). Shared silvers with bronzes awarded are
    real history (1912 pole vault), so only the gold rule is general."""
    by_event: dict[tuple[str, str, str], dict[int, int]] = defaultdict(dict)
    for slug, code, sex, place, count in rows(bundle, FINAL_MEDAL_PLACES):
        by_event[(slug, code, sex)][place] = count
    wrong = [key for key, places in by_event.items() if places.get(1, 0) > 1 and places.get(2)]
    vacant = sorted(key for key, places in by_event.items() if 1 not in places)
    assert wrong == []
    assert vacant == [("olympic-games-2000", "100m", "women")]  # Marion Jones, not reallocated


def test_a_relay_team_and_a_runner_appear_once_per_round(bundle: Engine) -> None:
    twice = rows(
        bundle,
        """SELECT p.round_id, m.athlete_id, count(*) FROM relay_member m
           JOIN "placing" p ON p.id = m.placing_id GROUP BY p.round_id, m.athlete_id
           HAVING count(*) > 1""",
    )
    assert twice == []


def test_marks_never_improve_as_places_worsen_in_finals(bundle: Engine) -> None:
    ordered = rows(
        bundle,
        """SELECT c.slug, e.discipline_code, e.sex, p.place, p.mark_value, d.lower_is_better
           FROM "placing" p JOIN round r ON r.id = p.round_id JOIN event e ON e.id = r.event_id
           JOIN competition c ON c.id = e.competition_id
           JOIN discipline d ON d.code = e.discipline_code
           WHERE r.phase = 'final' AND p.status = 'ok' AND p.place IS NOT NULL
             AND p.mark_value IS NOT NULL
           ORDER BY c.slug, e.discipline_code, e.sex, p.place""",
    )
    worse = []
    previous: dict[tuple[str, str, str], tuple[int, int]] = {}
    for slug, code, sex, place, value, lower_is_better in ordered:
        key = (slug, code, sex)
        if key in previous:
            last_place, last = previous[key]
            better = value < last if lower_is_better else value > last
            if place > last_place and better:
                worse.append((key, place, value, last))
        previous[key] = (place, value)
    assert worse == []


def test_one_person_has_one_slug(bundle: Engine) -> None:
    """Two slugs for the same folded name and sex are one person entered twice."""
    athletes = rows(bundle, "SELECT slug, name, sex FROM athlete")
    by_name = Counter((fold(name), sex) for _, name, sex in athletes)
    duplicated = sorted(k for k, n in by_name.items() if n > 1)
    assert duplicated == []


def test_every_event_says_how_complete_it_is(bundle: Engine) -> None:
    levels = dict(rows(bundle, "SELECT coverage, count(*) FROM event GROUP BY coverage"))
    assert set(levels) <= {"medallists", "partial", "final", "all-rounds"}
    assert levels.get("all-rounds", 0) > 30  # Paris 2024, every round from the results file


def test_no_two_files_hold_the_same_event() -> None:
    """Each event comes from one file, so no file silently overwrites another's placings."""
    owners: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for name in data_files():
        document = json.loads((DATA / name).read_text())
        for competition in document["competitions"]:
            for event in competition["events"]:
                key = (competition["slug"], event["discipline"], event["sex"])
                owners[key].append(name)
    shared = {k: v for k, v in owners.items() if len(v) > 1 and not _rounds_split(k, v)}
    assert shared == {}


def _rounds_split(key: tuple[str, str, str], files: list[str]) -> bool:
    """Paris 2024: the converter adds heats to events whose final is page-sourced."""
    finals = 0
    for name in files:
        document = json.loads((DATA / name).read_text())
        for competition in document["competitions"]:
            for event in competition["events"]:
                if (competition["slug"], event["discipline"], event["sex"]) == key:
                    finals += sum(r.get("phase", "final") == "final" for r in event["rounds"])
    return finals == 1


def test_committed_coverage_report_is_current() -> None:
    from data.coverage_report import REPORT, render

    assert REPORT.read_text() == render(), "run: python -m data.coverage_report"


def test_no_person_is_entered_under_two_slugs(seeded_template: str) -> None:
    """Married names and middle names resolve to one slug (data/sources/aliases.json)."""
    from data.sources.duplicates import candidates

    aliases = json.loads((DATA.parents[1] / "data" / "sources" / "aliases.json").read_text())
    distinct = {tuple(sorted(pair[:2])) for pair in aliases["distinct"]}
    assert [pair for pair in candidates(seeded_template) if pair not in distinct] == []
    used = {slug for name in data_files() for slug in _slugs(DATA / name)}
    assert used & set(aliases["merged"]) == set()


def _slugs(path: Path) -> Iterator[str]:
    for competition in json.loads(path.read_text())["competitions"]:
        for event in competition["events"]:
            for round_ in event["rounds"]:
                for placing in round_["placings"]:
                    for person in [placing.get("athlete")] + (placing.get("members") or []):
                        if person and person.get("slug"):
                            yield person["slug"]


def _olympic_finals() -> dict[tuple[int, str, str, str], tuple[Any, str]]:
    """(year, discipline, sex, athlete slug or team country) -> (place, status) in every bundled
    Olympic final, from the data files themselves."""
    held: dict[tuple[int, str, str, str], tuple[Any, str]] = {}
    for name in data_files():
        for competition in json.loads((DATA / name).read_text())["competitions"]:
            if not competition["slug"].startswith("olympic-games-"):
                continue
            year = int(competition["slug"].rsplit("-", 1)[1])
            for event in competition["events"]:
                for round_ in event["rounds"]:
                    if (round_.get("phase") or "final") != "final":
                        continue
                    for placing in round_["placings"]:
                        who = (placing.get("athlete") or {}).get("slug") or placing["country"]
                        key = (year, event["discipline"], event["sex"], who)
                        held[key] = (placing.get("place"), placing.get("status") or "ok")
    return held


SAME_AS_OK = {"ok", "shared", "reinstated"}


def test_every_olympic_ruling_is_the_result_the_bundle_holds() -> None:
    """Each athlete's (or team's) latest ruling in data/sources/olympic_reallocations.json is the
    placing the bundle holds. A converter that silently drops rulings shows stripped medals as
    won (it did: 33 events' rulings were keyed by the ledger's discipline text and never met)."""
    from data.sources.names import Registry
    from data.sources.olympics_com import discipline

    registry = Registry()
    ledger = DATA.parents[1] / "data" / "sources" / "olympic_reallocations.json"
    latest: dict[tuple[int, str, str, str], tuple[Any, str]] = {}
    for change in json.loads(ledger.read_text())["changes"]:
        if change.get("team"):
            who = change["country"]
        else:
            who = registry.resolve(change["athlete"], change["athlete"], change["sex"])[0]
        key = (change["games"], discipline(change["discipline"]), change["sex"], who)
        status = change["after"].get("status") or "ok"
        # The ledger says how a place was kept ("shared", "reinstated"); the bundle stores ok.
        latest[key] = (change["after"].get("place"), "ok" if status in SAME_AS_OK else status)
    held = _olympic_finals()
    wrong = {key: (after, held.get(key)) for key, after in latest.items() if held.get(key) != after}
    assert not wrong, wrong
