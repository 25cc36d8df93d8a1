"""Olympic medal marks and finals' dates taken from World Athletics' lists while olympics_com.py
generates app/data/olympics-com/ (data/sources/world_athletics_lists.py, `olympic_marks`), and
the marks the olympic.org results data set adds (data/sources/olympic_results_marks.py)."""

import copy
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from app.core.text import slugify
from app.imports.seed import data_files
from data.sources.olympic_results_marks import URL as RESULTS_URL
from data.sources.olympic_results_marks import Row, fill_event, repair
from data.sources.olympic_results_marks import mark as result_mark
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


def test_results_names_are_decoded_as_often_as_they_were_encoded() -> None:
    """The olympic.org data set wrote most names UTF-8 encoded twice and two three times; a word
    that lost a byte to a "?" in the scrape is kept as decoding leaves it."""
    assert repair("ZÃ\x81TOPEK") == "ZÁTOPEK"
    assert repair("Ã\x83â\x80\x93dÃ\x83Â¶n FÃ\x83â\x80\x93LDESSY") == "Ödön FÖLDESSY"
    assert repair("SÃ\x83Â¡ndor ROZSNYÃ\x83?I") == "Sándor ROZSNYÃ?I"
    assert repair("Tomá? DVORÁK") == "Tomá? DVORÁK"


def result_row(place: int, name: str, country: str, result: str) -> Row:
    value, why = result_mark(result, "5000m", 2008)
    return Row(2008, "5000M Women", "5000m", "women", place, name, country, result, value, why)


def test_a_medallist_moved_by_a_ruling_takes_the_row_of_the_medal_held_before() -> None:
    """The data set predates the 2017 ruling: its silver row is the athlete disqualified since,
    and the new silver medallist's row is at bronze, where she finished. The new bronze
    medallist (fourth in the race) has no row: her mark stays null."""
    rows = [
        result_row(1, "Tirunesh DIBABA", "ETH", "15:41.40"),
        result_row(2, "Elvan ABEYLEGESSE", "TUR", "15:42.74"),
        result_row(3, "Meseret DEFAR", "ETH", "15:44.12"),
    ]
    by_key: dict[tuple[int, str, str, int], list[Row]] = defaultdict(list)
    for r in rows:
        by_key[(r.year, r.code, r.sex, r.place)].append(r)

    def fill(target: dict[str, Any]) -> bool:
        names: Any = Names()
        return fill_event("olympic-games-2008", target, by_key, names, defaultdict(list))

    target = event((1, "Tirunesh Dibaba", "ETH"), (2, "Meseret Defar", "ETH"), (3, "Kibet", "KEN"))
    target["discipline"], target["sex"] = "5000m", "women"
    unmoved = copy.deepcopy(target)
    placings = target["rounds"][0]["placings"]
    placings[1]["corrections"] = [{"date": "2017-03-29", "reason": "r", "was": {"place": 3}}]
    placings[2]["corrections"] = [{"date": "2017-03-29", "reason": "r", "was": {"place": 4}}]
    assert fill(target)
    assert [p["mark"] for p in placings] == ["15:41.40", "15:44.12", None]
    assert "the row of the bronze medal that athlete held before a later ruling" in target["notes"]
    assert RESULTS_URL in target["sources"]
    again = copy.deepcopy(target)
    fill(again)
    assert again == target  # nothing filled twice

    fill(unmoved)  # without the ruling's record, the bronze row is another athlete's
    assert [p["mark"] for p in unmoved["rounds"][0]["placings"]] == ["15:41.40", None, None]
