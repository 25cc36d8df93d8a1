"""Olympic medal marks and finals' dates taken from World Athletics' lists while olympics_com.py
generates app/data/olympics-com/ (data/sources/world_athletics_lists.py, `olympic_marks`)."""

import copy
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from app.core.text import slugify
from app.imports.seed import data_files
from data.sources.olympic_results_marks import URL as RESULTS_URL
from data.sources.world_athletics_lists import BLOB, OLYMPIC_GAMES, Lists, fill_marks

DATA = Path(__file__).resolve().parents[2] / "app" / "data"
GAMES = "olympic-games-1984"
STADIUM = OLYMPIC_GAMES[GAMES][0]
PATH = "datasets/split_by_discipline/male/long-jump.csv"
DATES = ("1984-07-28", "1984-08-12")


def test_every_dated_round_lies_within_its_competitions_dates() -> None:
    """A final's date taken from a list row (or entered from a page) is a day of those Games or
    championships, as app/data/competitions.json dates them."""
    competitions = json.loads((DATA / "competitions.json").read_text())["competitions"]
    span = {c["slug"]: (c["start_date"], c["end_date"]) for c in competitions}
    outside = []
    for name in data_files():
        for competition in json.loads((DATA / name).read_text())["competitions"]:
            first, last = span[competition["slug"]]
            for event in competition["events"]:
                for round_ in event["rounds"]:
                    date = round_.get("date")
                    if date and not first <= date <= last:
                        outside.append((name, competition["slug"], event["discipline"], date))
    assert outside == []


def test_generated_olympic_marks_name_their_source() -> None:
    """In the olympics.com files every mark comes from the lists or the olympic.org results
    data set (the medal list has none), so the event cites a list file or that data set; a dated
    final (only the lists give dates) cites a list file and has every placed medallist's mark
    (it is dated only when every medallist's row gives one date)."""
    wrong = []
    for path in sorted((DATA / "olympics-com").glob("*.json")):
        for competition in json.loads(path.read_text())["competitions"]:
            for event in competition["events"]:
                lists = any(u.startswith(BLOB) for u in event["sources"])
                cited = lists or RESULTS_URL in event["sources"]
                for round_ in event["rounds"]:
                    placed = [
                        p for p in round_["placings"] if p["status"] == "ok" and p.get("place")
                    ]
                    marked = [p for p in placed if p.get("mark")]
                    if (marked and not cited) or (round_.get("date") and not lists):
                        wrong.append((path.name, event["discipline"], event["sex"], "no source"))
                    if round_.get("date") and len(marked) != len(placed):
                        wrong.append((path.name, event["discipline"], event["sex"], "dated"))
    assert wrong == []


class Names:
    """A stand-in for `Registry`: every name is its own slug."""

    def resolve(self, source_name: str, name: str, sex: str) -> tuple[str, str]:
        return slugify(name), name


def row(name: str, code: str, mark: str, position: str, date: str) -> dict[str, str]:
    return {
        "competitor": name,
        "nationality": code,
        "mark": mark,
        "position": position,
        "venue": STADIUM,
        "date": date,
    }


def event(*placings: tuple[int, str, str]) -> dict[str, Any]:
    return {
        "discipline": "long-jump",
        "sex": "men",
        "sources": [],
        "notes": "Medallists.",
        "rounds": [
            {
                "phase": "final",
                "date": None,
                "placings": [
                    {
                        "place": place,
                        "country": code,
                        "mark": None,
                        "status": "ok",
                        "athlete": {"name": name, "slug": slugify(name)},
                    }
                    for place, name, code in placings
                ],
            }
        ],
    }


def run(rows: list[dict[str, str]], target: dict[str, Any]) -> dict[str, list[str]]:
    lists = Lists(None)
    lists.cache[PATH] = rows
    report: dict[str, list[str]] = defaultdict(list)
    fill_marks(GAMES, target, lists, Names(), DATES, report, olympic=True)  # type: ignore[arg-type]
    return report


def test_marks_and_date_only_where_the_same_athlete_holds_the_place() -> None:
    rows = [
        row("Carl LEWIS", "USA", "8.54", "1", "1984-08-06"),
        row("Gary HONEY", "AUS", "8.24", "2", "1984-08-06"),
        row("Giovanni EVANGELISTI", "ITA", "8.24", "3", "1984-08-06"),
        row("Carl LEWIS", "USA", "8.3", "1q1", "1984-08-05"),  # qualifying: never a final
        row("Carl LEWIS", "USA", "8.71", "1", "1984-05-01"),  # another meeting's date
    ]
    target = event((1, "Carl Lewis", "USA"), (2, "Gary Honey", "AUS"), (3, "Someone Else", "ITA"))
    report = run(rows, target)
    final = target["rounds"][0]
    assert [p["mark"] for p in final["placings"]] == ["8.54", "8.24", None]
    assert final["date"] is None  # the bronze medallist's row is missing: no agreed date
    assert any("Giovanni EVANGELISTI" in line for line in report["aliases"])
    assert BLOB + PATH in target["sources"]

    full = event(
        (1, "Carl Lewis", "USA"), (2, "Gary Honey", "AUS"), (3, "Giovanni Evangelisti", "ITA")
    )
    run(rows, full)
    assert full["rounds"][0]["date"] == "1984-08-06"
    assert [p["mark"] for p in full["rounds"][0]["placings"]] == ["8.54", "8.24", "8.24"]
    again = copy.deepcopy(full)
    run(rows, again)
    assert again == full  # nothing to fill twice, no sentence added twice


def test_a_different_numbering_is_printed_and_changes_nothing() -> None:
    rows = [
        row("Carl LEWIS", "USA", "8.54", "1", "1984-08-06"),
        row("Giovanni EVANGELISTI", "ITA", "8.24", "2", "1984-08-06"),
        row("Gary HONEY", "AUS", "8.24", "3", "1984-08-06"),
    ]
    target = event(
        (1, "Carl Lewis", "USA"), (2, "Gary Honey", "AUS"), (3, "Giovanni Evangelisti", "ITA")
    )
    target["rounds"][0]["placings"][0]["mark"] = "8.50"
    report = run(rows, target)
    final = target["rounds"][0]
    assert [p["mark"] for p in final["placings"]] == ["8.50", None, None]
    assert final["date"] is None
    assert any("file mark 8.50" in line for line in report["disagreements"])
    assert any("Gary Honey" in line and "position 3" in line for line in report["disagreements"])
