"""Olympic athletics medallists 1896-2020 from olympics.com's medal list -> app/data/olympics-com/,
with the marks (and finals' dates) World Athletics' all-time lists give for them, and the marks
still missing that a data set scraped from olympic.org gives.

Source: the olympics.com medal list as copied in the GitHub repository geolamprou/Olympics-Insights,
commit 789eb052a37437e92ecf192d731ff2166bb47257, file `olympic_medals.csv` (`;`-separated; it was
removed from that repository's later commits, hence the pinned commit). Only facts are taken:
edition, event, medal colour, athlete or team, country.

What the converter adds or changes, each written into the output's notes:
- Events that another bundled file already holds (a full final entered from pages, the 1500m
  finals) are skipped here; their medallists are compared with this list and every disagreement
  is printed, so the two sources are checked against each other on every run.
- Later rulings that the list does not reflect (e.g. 2012 disqualifications decided after the
  list was copied) come from `olympic_reallocations.json` (sourced per change) and are written as
  the placing's current state with its history in `corrections`.
- Places follow the medal colour (gold 1, silver 2, bronze 3): ties share a place.
- The list has no marks, dates or relay members: marks and dates are null unless World
  Athletics' all-time lists (or, for marks, the olympic.org data set below) give them, and
  teams' `members` are empty unless the "120 years of Olympic history" data set names them
  (below). Before anything is written,
  `world_athletics_lists.olympic_marks` fills a medallist's mark from the lists' row at that
  Games' venue with the same unsuffixed position and the same athlete (relays: country), and a
  final's date where every medallist's row agrees on one (GitHub kmuchiri/AthleticScraper,
  commit 79ba13b; rules, venues and what is skipped in that module's docstring); it prints every
  fill, disagreement and mark left null. So each run regenerates the marks with the rest and a
  rerun changes nothing; the files' and events' notes say which marks came from there.
- Then `olympic_results_marks.fill_results_marks` fills the marks still null, 1896-2016, from
  the "Olympic Track & Field results" data set scraped from olympic.org (`results.csv` as
  committed in GitHub parkerjoncus/Olympic-Results-Regression, commit
  1cef3c7353f572cff618457da09f48562eaf1ff7, checked by SHA-256): the row of the same Games,
  event, medal and athlete (relays: country), only when exactly one row matches; a mark the
  lists gave is never overwritten, but compared with the data set's, and where the two
  disagree the event's notes say so (rules, formats and what is left null in that module's
  docstring). It prints every fill, disagreement and mark left null. Regenerated on every run.
- Then `olympic_relay_members.fill_members` fills the members of every relay and team-race
  placing of 1896-2016 (medal teams, and teams disqualified later) from `athlete_events.csv` of
  the "120 years of Olympic history" data set (GitHub khushi-engg/olympic_data_analyser_new,
  commit cb4eb0d3a1d4b2f1e987ff14a7dbd9cc1662aeeb, checked by SHA-256; rules, names and what is
  left out in that module's docstring), adding to aliases.json the source spellings it is sure
  of; it prints every team filled, member left out, alias added and new athlete. Regenerated on
  every run, like the marks; Tokyo 2020 teams keep `members: []` (the data set ends in 2016).

Order: data/sources/world_athletics_lists.py's modes (page files) first, then this converter.

Run: python -m data.sources.olympics_com PATH/TO/olympic_medals.csv [LISTS_DIR [ATHLETE_EVENTS]]
(`git show 789eb052a37437e92ecf192d731ff2166bb47257:olympic_medals.csv` in a clone of the source;
LISTS_DIR: a checkout of kmuchiri/AthleticScraper at that commit, without it the lists are
read from the mirror at /work/.mirror/kmuchiri+AthleticScraper/repo; it stops if neither can be
read; pass "" to keep that default and give the next argument). ATHLETE_EVENTS: athlete_events.csv
(or the commit's zstd-compressed file as committed); without it, the environment variable
OLYMPIC_ATHLETE_EVENTS, else `git show` of the pinned commit in the mirror at
/work/.mirror/khushi-engg+olympic_data_analyser_new/repo (decompressed with the zstd program);
it stops, before writing anything, if the file cannot be read or is not the pinned one).
The olympic.org data set: the file named by the environment variable OLYMPIC_RESULTS_CSV, else
`git show` of the pinned commit in the mirror at
/work/.mirror/parkerjoncus+Olympic-Results-Regression/repo; likewise it stops if unreadable.
"""

from __future__ import annotations

import csv
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

from app.core.text import fold
from app.imports.seed import REFERENCE_FILES
from data.sources.names import ALIASES, DATA, Registry, display_name, people_in, words
from data.sources.olympic_relay_members import URL as MEMBERS_URL
from data.sources.olympic_relay_members import fill_members, read_rows
from data.sources.olympic_results_marks import NOTE as RESULTS_NOTE
from data.sources.olympic_results_marks import URL as RESULTS_URL
from data.sources.olympic_results_marks import fill_results_marks
from data.sources.olympic_results_marks import read_rows as read_results
from data.sources.world_athletics_lists import BLOB, OLYMPIC_NOTE, olympic_marks

SOURCE = (
    "https://github.com/geolamprou/Olympics-Insights/blob/"
    "789eb052a37437e92ecf192d731ff2166bb47257/olympic_medals.csv"
)
OUT = DATA / "olympics-com"
REALLOCATIONS = Path(__file__).with_name("olympic_reallocations.json")
PLACE = {"GOLD": 1, "SILVER": 2, "BRONZE": 3}
SEX = {"Men": "men", "Women": "women", "Mixed": "mixed"}

# Event titles as the list writes them (lower-cased, sex words removed) -> discipline code.
DISCIPLINES = {
    "100m": "100m",
    "200m": "200m",
    "400m": "400m",
    "800m": "800m",
    "1500m": "1500m",
    "5000m": "5000m",
    "10000m": "10000m",
    "10,000m": "10000m",
    "60m": "60m",
    "3000m": "3000m",
    "marathon": "marathon",
    "5 miles 8047m": "5-miles",
    "100m hurdles": "100m-hurdles",
    "110m hurdles": "110m-hurdles",
    "80m hurdles": "80m-hurdles",
    "200m hurdles": "200m-hurdles",
    "400m hurdles": "400m-hurdles",
    "3000m steeplechase": "3000m-steeplechase",
    "3200m steeplechase": "3200m-steeplechase",
    "4000m steeplechase": "4000m-steeplechase",
    "4x100m relay": "4x100m",
    "4 x 100m relay": "4x100m",
    "4x400m relay": "4x400m",
    "4 x 400m relay": "4x400m",
    "1,600 metres medley relay": "1600m-medley-relay",
    "20km walk": "20km-walk",
    "20km race walk": "20km-walk",
    "50km walk": "50km-walk",
    "50km race walk": "50km-walk",
    "10000m walk": "10km-walk",
    "3000m walk": "3000m-walk",
    "3500m walk": "3500m-walk",
    "10miles walk 1609m": "10-miles-walk",
    "3000m team": "3000m-team",
    "5000m team": "5000m-team",
    "3miles team 4828m": "3-miles-team",
    "4miles team": "4-miles-team",
    "cross country individual": "cross-country",
    "cross country team": "cross-country-team",
    "high jump": "high-jump",
    "pole vault": "pole-vault",
    "long jump": "long-jump",
    "triple jump": "triple-jump",
    "shot put": "shot-put",
    "discus throw": "discus-throw",
    "hammer throw": "hammer-throw",
    "javelin throw": "javelin-throw",
    "high jump standing": "standing-high-jump",
    "long jump standing": "standing-long-jump",
    "triple jump standing": "standing-triple-jump",
    "shot put both hands": "shot-put-both-hands",
    "discus throw both hands": "discus-throw-both-hands",
    "discus throw ancient style": "discus-throw-greek-style",
    "javelin throw both hands": "javelin-throw-both-hands",
    "javelin throw freestyle": "javelin-throw-freestyle",
    "56lb weight throw 254kg": "56lb-weight-throw",
    "all-around championship": "all-around",
    "pentathlon": "pentathlon",
    "heptathlon": "heptathlon",
    "decathlon": "decathlon",
}


# Races the list titles by today's distance that were run over another one (the list writes
# "3000m steeplechase" for both): (year, code) -> (the distance run, the page that says so).
RUN_OVER = {
    (1900, "3000m-steeplechase"): (
        "2500m-steeplechase",
        "https://en.wikipedia.org/wiki/Athletics_at_the_1900_Summer_Olympics_%E2%80%93_Men's_2500_metres_steeplechase",
    ),
    (1904, "3000m-steeplechase"): (
        "2590m-steeplechase",
        "https://en.m.wikipedia.org./wiki/Athletics_at_the_1904_Summer_Olympics_%E2%80%93_Men%27s_2590_metres_steeplechase",
    ),
}


def discipline(title: str, year: int = 0) -> str:
    words = title.lower().replace("women's", "").replace("men's", "").split()
    text = " ".join(w for w in words if w not in ("men", "women", "mixed"))
    code = DISCIPLINES[text]
    return RUN_OVER[(year, code)][0] if (year, code) in RUN_OVER else code


def existing_events(own: Path = OUT) -> dict[tuple[int, str, str], list[dict[str, Any]]]:
    """Olympic finals held by bundled files outside the converter's own output folder `own`:
    (year, discipline, sex) -> final placings."""
    held: dict[tuple[int, str, str], list[dict[str, Any]]] = {}
    for path in sorted(DATA.rglob("*.json")):
        if own in path.parents or path.name == "competitions.json":
            continue
        document = json.loads(path.read_text())
        for competition in document.get("competitions", []) if isinstance(document, dict) else []:
            if not competition["slug"].startswith("olympic-games-"):
                continue
            year = int(competition["slug"].rsplit("-", 1)[1])
            for event in competition.get("events", []):
                finals = [r for r in event["rounds"] if r.get("phase", "final") == "final"]
                if not finals:
                    continue
                held[(year, event["discipline"], event["sex"])] = [
                    p for r in finals for p in r["placings"]
                ]
    return held


def _person(placing: dict[str, Any]) -> str:
    if placing.get("athlete"):
        return fold(placing["athlete"]["name"])
    return placing["country"]


def learn_aliases(
    rows: list[dict[str, str]], held: list[dict[str, Any]], registry: Registry, sex: str
) -> dict[str, str]:
    """Same event, same place, same country, one unmatched name each side: one person."""
    learned: dict[str, str] = {}
    for place in (1, 2, 3):
        theirs = [r for r in rows if PLACE[r["medal_type"]] == place and r["athlete_full_name"]]
        ours = [p for p in held if p.get("place") == place and p.get("athlete")]
        for row in theirs:
            _, name = person(row, sex, registry)
            if any(fold(p["athlete"]["name"]) == fold(name) for p in ours):
                continue
            same = [p for p in ours if p["country"] == row["country_3_letter_code"]]
            if len(same) == 1:
                learned[row["athlete_full_name"]] = same[0]["athlete"].get("slug") or ""
    return learned


def compare(
    key: tuple[int, str, str],
    rows: list[dict[str, str]],
    held: list[dict[str, Any]],
    registry: Registry,
) -> list[str]:
    """Medallists of the list vs a bundled final: the differences, as sentences."""
    year, code, sex = key
    theirs = set()
    for row in rows:
        if row["participant_type"] == "GameTeam":
            theirs.add((PLACE[row["medal_type"]], row["country_3_letter_code"]))
        else:
            _, name = person(row, sex, registry)
            theirs.add((PLACE[row["medal_type"]], fold(name)))
    ours = {
        (p["place"], _person(p))
        for p in held
        if p.get("status", "ok") == "ok" and p.get("place") in (1, 2, 3)
    }
    return (
        [
            f"{year} {sex} {code}: olympics.com {sorted(theirs - ours)}"
            f" vs bundled {sorted(ours - theirs)}"
        ]
        if theirs != ours
        else []
    )


def person(row: dict[str, str], sex: str, registry: Registry) -> tuple[str, str]:
    source = row["athlete_full_name"]
    name = display_name(source, row["country_3_letter_code"])
    return registry.resolve(source, name, sex)


def save_aliases(learned: dict[str, str], registry: Registry) -> None:
    """Keep learned spellings in the alias list (data, reviewable in git)."""
    document = json.loads(ALIASES.read_text())
    document["aliases"] = dict(sorted({**learned, **document["aliases"]}.items()))
    ALIASES.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n")
    registry.aliases = document["aliases"]


def load_reallocations() -> dict[tuple[int, str, str], list[dict[str, Any]]]:
    if not REALLOCATIONS.exists():
        return {}
    by_event: dict[tuple[int, str, str], list[dict[str, Any]]] = defaultdict(list)
    for change in json.loads(REALLOCATIONS.read_text())["changes"]:
        # Keyed by discipline code, as events are looked up (the ledger writes "long jump").
        by_event[(change["games"], discipline(change["discipline"]), change["sex"])].append(change)
    return by_event


def convert(
    csv_path: Path, lists_directory: Path | None = None, athlete_events: Path | None = None
) -> None:
    with csv_path.open(encoding="utf-8-sig", newline="") as handle:
        rows = [
            r for r in csv.DictReader(handle, delimiter=";") if r["discipline_title"] == "Athletics"
        ]
    registry = Registry(skip=(str(OUT),))
    team_rows = read_rows(athlete_events)  # stops here, before anything is written, if unreadable
    result_rows = read_results()  # likewise
    held = existing_events()
    changes = load_reallocations()
    by_event: dict[tuple[int, str, str], list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        year = int(row["slug_game"].rsplit("-", 1)[1])
        sex = SEX[row["event_gender"]]
        by_event[(year, discipline(row["event_title"], year), sex)].append(row)
    learned: dict[str, str] = {}
    for key in sorted(set(by_event) & set(held)):
        learned |= learn_aliases(by_event[key], held[key], registry, key[2])
    save_aliases(learned, registry)
    problems: list[str] = []
    editions: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for key in sorted(by_event):
        year, code, sex = key
        if key in held:
            problems += compare(key, by_event[key], held[key], registry)
            continue
        placings = []
        for row in sorted(by_event[key], key=lambda r: PLACE[r["medal_type"]]):
            placing: dict[str, Any] = {
                "place": PLACE[row["medal_type"]],
                "country": row["country_3_letter_code"],
                "mark": None,
                "status": "ok",
            }
            if row["participant_type"] == "GameTeam":
                placing["members"] = []
                if row["participant_title"] != row["country_name"]:
                    placing["note"] = f"Team: {row['participant_title']}."
            else:
                slug, name = person(row, sex, registry)
                placing["athlete"] = {"name": name, "slug": slug}
            placings.append(placing)
        notes = (
            "Medallists from the olympics.com medal list; "
            "no marks, dates or relay members in that source."
        )
        sources = [SOURCE]
        run_over = {c: (title, url) for (y, title), (c, url) in RUN_OVER.items() if y == year}
        if code in run_over:
            title, url = run_over[code]
            notes += (
                f" The list titles this race '{title.replace('-', ' ')}'; it was run over "
                f"{code.split('-')[0]} (this page: {url}), so it is that discipline here."
            )
            sources.append(url)
        if key in changes:
            placings, extra = apply_changes(placings, changes[key], registry, sex)
            notes += " " + extra
            sources += sorted({s for c in changes[key] for s in c.get("sources", [])})
        editions[year].append(
            {
                "discipline": code,
                "sex": sex,
                "coverage": "medallists",
                "sources": sources,
                "notes": notes,
                "rounds": [{"phase": "final", "heat": None, "date": None, "placings": placings}],
            }
        )
    # Marks (and finals' dates) from World Athletics' lists, before anything is written, so a
    # run regenerates them with the rest (see the module docstring).
    marked = olympic_marks(
        {f"olympic-games-{year}": events for year, events in editions.items()},
        registry,
        lists_directory,
    )
    # Marks the lists leave null, from the olympic.org results data set, likewise regenerated.
    from_results = fill_results_marks(
        {f"olympic-games-{year}": events for year, events in editions.items()},
        registry,
        result_rows,
    )
    # Relay and team-race members, likewise regenerated on every run (see the module docstring).
    member_aliases: dict[str, str] = {}
    with_members = fill_members(
        {f"olympic-games-{year}": events for year, events in editions.items()},
        registry,
        team_rows,
        bundled_people(),
        member_aliases,
        {
            (y, d, x, c.get("country", ""))
            for (y, d, x), cs in changes.items()
            for c in cs
            if c.get("team")
        },
    )
    save_aliases(member_aliases, registry)
    OUT.mkdir(exist_ok=True)
    for year, events in sorted(editions.items()):
        slug = f"olympic-games-{year}"
        notes = "Generated by data/sources/olympics_com.py; do not edit by hand."
        sources = [SOURCE]
        if slug in marked:
            notes += " " + OLYMPIC_NOTE
            for url in (u for e in events for u in e["sources"] if u.startswith(BLOB)):
                if url not in sources:
                    sources.append(url)
        if slug in from_results:
            notes += " " + RESULTS_NOTE
            sources.append(RESULTS_URL)
        if slug in with_members:
            notes += " " + MEMBERS_NOTE
            sources.append(MEMBERS_URL)
        document = {
            "sources": sources,
            "notes": notes,
            "competitions": [{"slug": slug, "events": events}],
        }
        path = OUT / f"olympic-games-{year}.json"
        path.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n")
    for line in problems:
        print("disagreement:", line)


MEMBERS_NOTE = (
    "Relay and team-race members from the '120 years of Olympic history' data set "
    "(data/sources/olympic_relay_members.py), filled while this file is generated; which teams, "
    "and any member left out, in each event's notes."
)


def bundled_people() -> list[tuple[str, dict[str, Any], str | None]]:
    """(sex, person, country) of every bundled file but this converter's own output."""
    out = []
    for path in sorted(DATA.rglob("*.json")):
        if OUT in path.parents or path.name in REFERENCE_FILES:
            continue
        out += list(people_in(json.loads(path.read_text())))
    return out


def state(raw: dict[str, Any]) -> dict[str, Any]:
    """A place/status pair as the importer takes it (a shared title is place 1, status ok)."""
    status = raw.get("status") or "ok"
    return {"place": raw.get("place"), "status": status if status in STATUSES else "ok"}


STATUSES = {"ok", "dnf", "dns", "dq", "nm"}


def same_person(by_key: dict[str, dict[str, Any]], name: str, country: str) -> str | None:
    """The placing of this event that names the same athlete differently (same country, the
    most name words in common, at least two or the family name): "Hugo Wieslander" is
    olympics.com's "Hugo K. WIESLANDER"."""
    wanted = set(words(name))
    best, best_score = None, 0
    for key, placing in by_key.items():
        if not placing.get("athlete") or placing["country"] != country:
            continue
        theirs = set(words(placing["athlete"]["name"]))
        shared = wanted & theirs
        family = fold(name).split()[-1:] == fold(placing["athlete"]["name"]).split()[-1:]
        score = len(shared) + (1 if family else 0)
        if score > best_score and (len(shared) >= 2 or family or shared):
            best, best_score = key, score
    return best


def apply_changes(
    placings: list[dict[str, Any]], changes: list[dict[str, Any]], registry: Registry, sex: str
) -> tuple[list[dict[str, Any]], str]:
    """Bring the list's podium to the latest ruling and attach each placing's history."""

    def key_of(p: dict[str, Any]) -> str:
        return fold(p["athlete"]["name"]) if p.get("athlete") else p["country"]

    by_key = {key_of(p): p for p in placings}
    # In the ledger's order, which is the order of the rulings (undated ones have their place
    # in it; sorting by date put them first).
    for change in changes:
        if change.get("team"):
            k = change["team"]
            fresh: dict[str, Any] = {"members": [], "country": change["country"]}
        else:
            slug, name = registry.resolve(change["athlete"], change["athlete"], sex)
            k = same_person(by_key, name, change["country"]) or fold(name)
            fresh = {"athlete": {"name": name, "slug": slug}, "country": change["country"]}
        placing = by_key.setdefault(k, {**fresh, "mark": None})
        after = change["after"]
        was_ok = placing.get("status", "ok") == "ok"
        placing["place"] = after.get("place")
        placing["status"] = state(after)["status"]
        if placing["status"] != "ok" or not was_ok:  # a disqualification, or its reversal
            placing["note"] = change["reason"]
        if change.get("date"):
            placing.setdefault("corrections", []).append(
                {"date": change["date"], "reason": change["reason"], "was": state(change["before"])}
            )
    ordered = sorted(by_key.values(), key=lambda p: (p.get("place") or 99, key_of(p)))
    return ordered, "Later rulings applied from data/sources/olympic_reallocations.json."


if __name__ == "__main__":
    convert(
        Path(sys.argv[1]),
        Path(sys.argv[2]) if len(sys.argv) > 2 and sys.argv[2] else None,
        Path(sys.argv[3]) if len(sys.argv) > 3 else None,
    )
