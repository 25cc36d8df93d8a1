"""World Athletics all-time lists -> page files: places missing from four headline finals (mode
"places"), and marks missing from World Championships 1983-2022 finals (mode "marks"); and, called
by olympics_com.py while it generates app/data/olympics-com/, marks and dates missing from the
Olympic medal placings 1936-2020 (`olympic_marks`).

Source (facts only): GitHub repository kmuchiri/AthleticScraper, commit
79ba13b82f1f5624d0fa525ccb05e28dfec7bcdc, World Athletics all-time lists scraped into CSV files
(many performances per athlete; columns rank, mark, wind, competitor, dob, nationality, position,
venue, date, ...). Paths read:
- `datasets/split_by_discipline/{male,female}/<discipline>.csv`, one file per discipline and sex
  (e.g. `datasets/split_by_discipline/female/10000-metres.csv`);
- where that file is not in the local mirror (files of 4 MiB and more are not stored: women's
  100 m, 200 m, hammer and pole vault, men's 100 m), the same commit's senior list it was built
  from, `processing/output/{male,female}/<type>_<discipline>_senior.csv` (dates written
  "03 AUG 2021"), when that one is stored (women's hammer is stored in neither form);
- mode "marks" only, for relays: `processing/output/{male,female}/relays_<relay>_senior.csv`
  (4x100-metres-relay, 4x400-metres-relay), one row per team: competitor is the team's country
  name, nationality its code.
Taken from each row: competitor, nationality, position (the place in that race; a suffix such as
`h3`, `sf1`, `q2`, `rr1`, `ce3` names a heat, semi-final, qualifying group, repechage or combined-
events race, so only unsuffixed positions are finals), mark, venue and date. Not taken: wind (a
per-athlete reading, while the bundle's wind is the round's), rank, result score, dates of birth.
The lists flag no records. `datasets/relay_events.csv` is stored in that commit as a Git LFS
pointer, not as data, so mode "places" skips relays; mode "marks" reads the relay senior lists
above, by country code and position only (no team members).

Mode "places":

For each event of the four competitions below whose coverage is "partial" or "medallists": the
final's date comes from the page file (no date: skipped); rows with an unsuffixed position at the
championship venue (the stadium, or for Tokyo 2020 and Budapest 2023 road events the road course)
on that date are the final (one performance listed twice, in two age lists, counts once). Rows
sharing a position with different marks cannot be told apart: the event is skipped. Rows sharing
a position with the same mark are a tie, as the lists write ties (printed).
Each row is checked against the placings already there (same athlete at the same place, same
mark); every disagreement is printed and no existing placing is changed. Where the two number
the race differently (the lists' athlete held at another place or as DNF/DNS/DQ, or another
athlete with another mark at that place, e.g. after a later disqualification), nothing is added
beyond the first such place. Positions the event lacks are added: athlete slug from
`Registry.resolve` (names as World Athletics writes them, shown as `display_name` does); a new
slug that looks like a bundled person of the same sex and country is not added but printed as an
alias to add to `aliases.json`; nor is an athlete whose family name and country match one the
file holds at a place the lists do not account for; nor a place whose mark would beat a better
place's mark. Countries as the lists give them, except ANA written ROC at Tokyo 2020 (the code
the bundle uses there). Marks in the bundle's form ("8.1" -> "8.10", "2:08:38", points "8791").
The file URL goes into the event's sources and a sentence into its notes; "medallists" becomes
"partial" when places beyond 3 are added; "final" events are left alone, and no event is made
"final" (the lists stop at their depth, so slower finishers and DNF/DNS/DQ may be missing).
Running it again changes nothing.

Mode "marks": for the World Championships 1983-2022 page files (world-championships-<year>.json;
not 2023 and 2025, which mode "places" covers), a placed finisher (status ok, a place) of a final
whose mark is null gets the mark of the lists' row at that edition's venue (WORLD_CHAMPIONSHIPS:
stadium, or the road events' venue) on the final's date from the page file (no date: any day of
the championships' dates in app/data/competitions.json) whose unsuffixed position equals the
place and whose athlete is the placing's: `Registry.resolve` gives the placing's slug, or the
folded name (or its set of words) and the country are the same; for a relay, the team's country
code. Rows of that athlete with different marks, a mark that would beat a better place's or
trail a worse place's in the file, and unreadable marks fill nothing. Only the mark is taken;
no placing, name, country, date, wind or record flag is added or changed, and a mark already
there is never overwritten: where the lists give another one it is printed as a disagreement,
as is a placing the lists hold at another position. A null mark left because the lists write
the same country's athlete at that place under another name is printed as an alias to check
(once added to `aliases.json`, a new run fills it). Each changed event gets the file URL in its
sources and a sentence in its notes naming the places and marks taken; coverage is unchanged.
Printed per file: null marks before -> after, marks already there that agree, every fill,
disagreement, mark not filled (and why) and alias to check. Running it again changes nothing.

Olympic medal placings (`olympic_marks`; not a mode of this command): app/data/olympics-com/ is
generated by data/sources/olympics_com.py, so the marks are filled there, while it generates, not
afterwards: a rerun of olympics_com.py rebuilds each file from the medal list and fills the marks
and dates again, so nothing is lost and nothing changes. For each edition in OLYMPIC_GAMES (the
Games the lists reach: 1936 and 1960-2020; they hold no row dated within the Games of 1896-1932
or 1948-1956), a placed medallist (status ok, a place) gets a mark exactly as in mode "marks": the
lists' row at that Games' venue (the stadium; up to 2016 the lists write the marathon and walks
at the stadium too, for Tokyo 2020 at Odori Park, Sapporo), dated within the Games' dates in
app/data/competitions.json (the medal list has no dates), whose unsuffixed position is the place
and whose athlete is the placing's (relays: the team's country code); same checks, nothing
overwritten, every disagreement printed (with the later ruling that explains it, where the
placing has one in `corrections`), aliases to check printed. The women's 3000 m (1984-1992) is
read from `datasets/split_by_discipline/female/3000-metres.csv` (OLYMPIC_LISTS; not used by mode
"marks"). Events with no list (80 m hurdles, pentathlon, standing jumps and other early events,
women's hammer, which is stored in neither form) and events whose final the lists do not reach
(no unsuffixed row at the venue in the Games' dates: beyond the lists' depth, e.g. slow
championship races, or not listed at all, e.g. 1970s-1980s javelin and decathlon) are printed and
left null. Where every
placed finisher of a final has its row and those rows give one date, the final's date is set to
it (printed; the event's notes say so). Sources and notes as in mode "marks"; the file's notes
say the marks come from here (OLYMPIC_NOTE). The lists themselves are required: olympics_com.py
stops if they cannot be read rather than write files without the marks.

Order: run this command's modes (page files) first, then olympics_com.py (it reads the page files
for names and for the events they already hold). Rerunning either changes nothing.

Run: python -m data.sources.world_athletics_lists [--places | --marks] [DIRECTORY]
(no mode: both, "places" first; DIRECTORY: a checkout of the repository at that commit; without
it the files are read with `git show` from the mirror at
/work/.mirror/kmuchiri+AthleticScraper/repo.)
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
from collections import defaultdict
from datetime import datetime
from pathlib import Path
from typing import Any

from app.core.text import fold
from data.sources.names import (
    ALIASES,
    DATA,
    FAMILY_FIRST,
    Registry,
    display_name,
    people_in,
)

REPOSITORY = "kmuchiri/AthleticScraper"
COMMIT = "79ba13b82f1f5624d0fa525ccb05e28dfec7bcdc"
MIRROR = Path("/work/.mirror/kmuchiri+AthleticScraper/repo")
BLOB = f"https://github.com/{REPOSITORY}/blob/{COMMIT}/"
PAGES = DATA / "pages"

# Competition slug -> (stadium, road-course venue) as the lists write them.
COMPETITIONS = {
    "olympic-games-2020": ("National Stadium, Tokyo (JPN)", "Odori Park, Sapporo (JPN)"),
    "world-championships-2023": (
        "Nemzeti Atlétikai Központ, Budapest (HUN)",
        "Hősök tere, Budapest (HUN)",
    ),
    "olympic-games-2024": ("Stade de France, Paris (FRA)", "Stade de France, Paris (FRA)"),
    "world-championships-2025": (
        "National Stadium, Tokyo (JPN)",
        "National Stadium, Tokyo (JPN)",
    ),
}
# World Championships 1983-2022, mode "marks": slug -> (stadium, road-course venue) as the lists
# write them. Found from the lists themselves: the venue strings of every row of the disciplines
# below dated within each edition's dates (app/data/competitions.json). In each edition all but a
# handful of those rows (other meetings elsewhere the same week) are at one string in the host
# city, the marathon and walks included, except at Doha 2019 (road events: Corniche) and Eugene
# 2022 (road events: Autzen Complex). Saint-Denis 2003 is written "Paris-St-Denis", Daegu 2011
# "DS" (Daegu Stadium).
WORLD_CHAMPIONSHIPS = {
    "world-championships-1983": (
        "Olympiastadion, Helsinki (FIN)",
        "Olympiastadion, Helsinki (FIN)",
    ),
    "world-championships-1987": ("Stadio Olimpico, Roma (ITA)", "Stadio Olimpico, Roma (ITA)"),
    "world-championships-1991": (
        "National Stadium, Tokyo (JPN)",
        "National Stadium, Tokyo (JPN)",
    ),
    "world-championships-1993": (
        "Gottlieb-Daimler Stadion, Stuttgart (GER)",
        "Gottlieb-Daimler Stadion, Stuttgart (GER)",
    ),
    "world-championships-1995": (
        "Ullevi Stadium, Göteborg (SWE)",
        "Ullevi Stadium, Göteborg (SWE)",
    ),
    "world-championships-1997": (
        "Olympic Stadium, Athina (GRE)",
        "Olympic Stadium, Athina (GRE)",
    ),
    "world-championships-1999": ("La Cartuja, Sevilla (ESP)", "La Cartuja, Sevilla (ESP)"),
    "world-championships-2001": (
        "Commonwealth Stadium, Edmonton (CAN)",
        "Commonwealth Stadium, Edmonton (CAN)",
    ),
    "world-championships-2003": (
        "Stade de France, Paris-St-Denis (FRA)",
        "Stade de France, Paris-St-Denis (FRA)",
    ),
    "world-championships-2005": (
        "Olympiastadion, Helsinki (FIN)",
        "Olympiastadion, Helsinki (FIN)",
    ),
    "world-championships-2007": (
        "Yanmar Stadium Nagai, Osaka (JPN)",
        "Yanmar Stadium Nagai, Osaka (JPN)",
    ),
    "world-championships-2009": (
        "Olympiastadion, Berlin (GER)",
        "Olympiastadion, Berlin (GER)",
    ),
    "world-championships-2011": ("DS, Daegu (KOR)", "DS, Daegu (KOR)"),
    "world-championships-2013": (
        "Luzhniki Stadion, Moskva (RUS)",
        "Luzhniki Stadion, Moskva (RUS)",
    ),
    "world-championships-2015": (
        "National Stadium, Beijing (CHN)",
        "National Stadium, Beijing (CHN)",
    ),
    "world-championships-2017": (
        "Olympic Stadium, London (GBR)",
        "Olympic Stadium, London (GBR)",
    ),
    "world-championships-2019": (
        "Khalifa International Stadium, Doha (QAT)",
        "Corniche, Doha (QAT)",
    ),
    "world-championships-2022": (
        "Hayward Field, Eugene, OR (USA)",
        "Autzen Complex, Eugene, OR (USA)",
    ),
}
# Olympic Games (`olympic_marks`, called by olympics_com.py): slug -> (stadium, road-course
# venue) as the lists write them. Found from the lists themselves: the venue strings of every row
# of the disciplines below (relays included) dated within each Games' dates
# (app/data/competitions.json), counted per edition. In each edition all but a few rows (other
# meetings the same fortnight elsewhere, e.g. Sofia and Moskva in 1984) are at one string in the
# host city; up to 2016 the marathon and walks are written at that stadium string too (the road
# races finished there or the lists credit them to it, e.g. Rio 2016's marathon), so the road
# venue is the stadium's. Before 1968 the lists reach the Games only in a few field events and
# one 1500 m; they hold no row dated within the Games of 1896-1932 or 1948-1956 at any venue, so
# those editions are not in the table.
OLYMPIC_GAMES = {
    # 1 row: male/long-jump.csv (Jesse Owens, 1936-08-04).
    "olympic-games-1936": ("Olympiastadion, Berlin (GER)", "Olympiastadion, Berlin (GER)"),
    # 7 rows of 7 in the Games' dates: male 1500-metres, long-jump, triple-jump, shot-put.
    "olympic-games-1960": ("Stadio Olimpico, Roma (ITA)", "Stadio Olimpico, Roma (ITA)"),
    # 10 rows of 10: male long-jump, triple-jump, shot-put; female long-jump, shot-put.
    "olympic-games-1964": ("National Stadium, Tokyo (JPN)", "National Stadium, Tokyo (JPN)"),
    # 244 rows of 244, 19 lists (no marathon or walk row).
    "olympic-games-1968": (
        "Estadio Olímpico, Ciudad de México (MEX)",
        "Estadio Olímpico, Ciudad de México (MEX)",
    ),
    # 384 rows of 386, 30 lists (no marathon or walk row).
    "olympic-games-1972": ("Olympiastadion, München (GER)", "Olympiastadion, München (GER)"),
    # 477 rows of 492, 30 lists; men's marathon rows here.
    "olympic-games-1976": (
        "Olympic Stadium, Montréal (CAN)",
        "Olympic Stadium, Montréal (CAN)",
    ),
    # 439 rows of 448, 31 lists; men's marathon and 50 km walk rows here.
    "olympic-games-1980": ("Lenin Stadium, Moskva (URS)", "Lenin Stadium, Moskva (URS)"),
    # 554 rows of 663, 37 lists; both marathons and the 50 km walk here.
    "olympic-games-1984": (
        "Memorial Coliseum, Los Angeles, CA (USA)",
        "Memorial Coliseum, Los Angeles, CA (USA)",
    ),
    # 958 rows of 992, 41 lists; marathons and walks here (Alushta, St. Paul: other races).
    "olympic-games-1988": ("Olympic Stadium, Seoul (KOR)", "Olympic Stadium, Seoul (KOR)"),
    # 927 rows of 957, 40 lists; walks here (no marathon row).
    "olympic-games-1992": (
        "Estadio Olímpico, Barcelona (ESP)",
        "Estadio Olímpico, Barcelona (ESP)",
    ),
    # 1291 rows of 1352, 42 lists; walks and women's marathon here.
    "olympic-games-1996": (
        "Olympic Stadium, Atlanta, GA (USA)",
        "Olympic Stadium, Atlanta, GA (USA)",
    ),
    # 1270 rows of 1329, 45 lists; marathons and walks here (Lyon, Köln: other marathons).
    "olympic-games-2000": ("Olympic Stadium, Sydney (AUS)", "Olympic Stadium, Sydney (AUS)"),
    # 1440 rows of 1483, 45 lists; marathons and walks here (Sapporo: another marathon).
    "olympic-games-2004": ("Olympic Stadium, Athina (GRE)", "Olympic Stadium, Athina (GRE)"),
    # 1400 rows of 1416, 45 lists; marathons and walks here.
    "olympic-games-2008": (
        "National Stadium, Beijing (CHN)",
        "National Stadium, Beijing (CHN)",
    ),
    # 1381 rows of 1466, 46 lists; marathons and walks here.
    "olympic-games-2012": ("Olympic Stadium, London (GBR)", "Olympic Stadium, London (GBR)"),
    # 1536 rows of 1602, 45 lists; marathons and walks here.
    "olympic-games-2016": (
        "Estádio Olímpico, Rio de Janeiro (BRA)",
        "Estádio Olímpico, Rio de Janeiro (BRA)",
    ),
    # As COMPETITIONS (1493 rows of 1736 at the stadium; marathons and walks at Odori Park,
    # Sapporo). olympics-com holds only the men's marathon of 2020; the rest is in pages/.
    "olympic-games-2020": COMPETITIONS["olympic-games-2020"],
}
# Olympic-only discipline -> (list file name, list type): the women's 3000 m (1984-1992). Not in
# LISTS, so mode "marks" on the World Championships pages is unchanged by it.
OLYMPIC_LISTS = {"3000m": ("3000-metres", "middlelong")}
# Relay discipline code -> relay list name (mode "marks" only): teams by country code.
RELAYS = {"4x100m": "4x100-metres-relay", "4x400m": "4x400-metres-relay"}
# The lists' code -> the code the bundle uses for that meeting (Russian athletes at Tokyo 2020
# competed as ROC, which the lists write ANA).
COUNTRY = {"olympic-games-2020": {"ANA": "ROC"}}
SEX = {"men": "male", "women": "female"}
# Discipline code -> (list file name, list type used in processing/output names).
LISTS = {
    "100m": ("100-metres", "sprints"),
    "200m": ("200-metres", "sprints"),
    "400m": ("400-metres", "sprints"),
    "800m": ("800-metres", "middlelong"),
    "1500m": ("1500-metres", "middlelong"),
    "5000m": ("5000-metres", "middlelong"),
    "10000m": ("10000-metres", "middlelong"),
    "3000m-steeplechase": ("3000-metres-steeplechase", "middlelong"),
    "100m-hurdles": ("100-metres-hurdles", "hurdles"),
    "110m-hurdles": ("110-metres-hurdles", "hurdles"),
    "400m-hurdles": ("400-metres-hurdles", "hurdles"),
    "high-jump": ("high-jump", "jumps"),
    "pole-vault": ("pole-vault", "jumps"),
    "long-jump": ("long-jump", "jumps"),
    "triple-jump": ("triple-jump", "jumps"),
    "shot-put": ("shot-put", "throws"),
    "discus-throw": ("discus-throw", "throws"),
    "hammer-throw": ("hammer-throw", "throws"),
    "javelin-throw": ("javelin-throw", "throws"),
    "heptathlon": ("heptathlon", "combined-events"),
    "decathlon": ("decathlon", "combined-events"),
    "marathon": ("marathon", "road-running"),
    "20km-walk": ("20-kilometres-race-walk", "race-walks"),
    "35km-walk": ("35-kilometres-race-walk", "race-walks"),
    "50km-walk": ("50-kilometres-race-walk", "race-walks"),
    "10km-walk": ("10-kilometres-race-walk", "race-walks"),
}
ROAD = {"marathon", "10km-walk", "20km-walk", "35km-walk", "50km-walk"}
UNITS = {
    d["code"]: d["unit"] for d in json.loads((DATA / "disciplines.json").read_text())["disciplines"]
}
POSITION = re.compile(r"(\d+)(?:\.0+)?([a-z]*)(\d*)")
FILE_NOTE = (
    "Update (data/sources/world_athletics_lists.py): places missing from partial and "
    "medallists-only finals added from World Athletics all-time lists (GitHub "
    f"{REPOSITORY}, commit {COMMIT[:7]}); which places, in each event's notes."
)
MARKS_NOTE = (
    "Update (data/sources/world_athletics_lists.py): marks the pages left null filled where "
    f"World Athletics all-time lists (GitHub {REPOSITORY}, commit {COMMIT[:7]}) have the same "
    "athlete (relays: the same country) at that place in the final; which marks, in each "
    "event's notes. No placing, name or existing mark was changed."
)

OLYMPIC_NOTE = (
    "Marks, and the dates of finals where every medallist's row agrees on one, from World "
    f"Athletics all-time lists (GitHub {REPOSITORY}, commit {COMMIT[:7]}), filled while this "
    "file is generated (olympics_com.py calls data/sources/world_athletics_lists.py, "
    "olympic_marks) where the same athlete (relays: the same country) holds that place in the "
    "final at the Games' stadium; which, in each event's notes. No placing, name or country "
    "was changed."
)


class Lists:
    """The data set's CSV files, from a checkout directory or from the git mirror."""

    def __init__(self, directory: Path | None) -> None:
        self.directory = directory
        self.cache: dict[str, list[dict[str, str]] | None] = {}

    def text(self, path: str) -> str | None:
        if self.directory is not None:
            file = self.directory / path
            return file.read_text(encoding="utf-8") if file.is_file() else None
        git = shutil.which("git") or "git"
        done = subprocess.run(  # noqa: S603 (fixed arguments, no shell)
            [git, "-C", str(MIRROR), "show", f"{COMMIT}:{path}"],
            capture_output=True,
            check=False,
        )
        if done.returncode != 0 or done.stdout.startswith(b"version https://git-lfs"):
            return None
        return done.stdout.decode("utf-8")

    def rows(self, discipline: str, sex: str) -> tuple[str, list[dict[str, str]]] | None:
        """(path read, rows) for a discipline code and sex, or None if no file is stored."""
        name, kind = LISTS.get(discipline) or OLYMPIC_LISTS[discipline]
        for path in (
            f"datasets/split_by_discipline/{SEX[sex]}/{name}.csv",
            f"processing/output/{SEX[sex]}/{kind}_{name}_senior.csv",
        ):
            if path not in self.cache:
                text = self.text(path)
                self.cache[path] = None if text is None else read_rows(text)
            if self.cache[path] is not None:
                return path, self.cache[path]  # type: ignore[return-value]
        return None

    def relay_rows(self, discipline: str, sex: str) -> tuple[str, list[dict[str, str]]] | None:
        """(path read, rows) of a relay's senior list (competitor = team, nationality = its
        country code), or None if not stored."""
        path = f"processing/output/{SEX[sex]}/relays_{RELAYS[discipline]}_senior.csv"
        if path not in self.cache:
            text = self.text(path)
            self.cache[path] = None if text is None else read_rows(text)
        found = self.cache[path]
        return None if found is None else (path, found)


def read_rows(text: str) -> list[dict[str, str]]:
    rows = []
    for row in csv.DictReader(io.StringIO(text)):
        date = row["date"].strip()
        if re.fullmatch(r"\d{2} [A-Z]{3} \d{4}", date):
            date = datetime.strptime(date, "%d %b %Y").date().isoformat()
        rows.append({**row, "date": date})
    return rows


def seconds(mark: str) -> float | None:
    try:
        value = 0.0
        for part in mark.split(":"):
            value = value * 60 + float(part)
        return value
    except ValueError:
        return None


def normalise(mark: str, unit: str) -> str | None:
    """The list's mark in the bundle's form: '8.1' -> '8.10', '47.6' -> '47.60', '9018'."""
    mark = mark.strip()
    if not mark or seconds(mark) is None:
        return None
    if unit == "points":
        return str(int(float(mark)))
    if ":" in mark:
        return mark
    return f"{float(mark):.2f}"


def same_mark(a: str, b: str) -> bool:
    x, y = seconds(a), seconds(b)
    return x is not None and y is not None and abs(x - y) < 0.005


def place_ranges(places: list[int]) -> str:
    places = sorted(places)
    runs: list[list[int]] = []
    for p in places:
        if runs and p == runs[-1][-1] + 1:
            runs[-1].append(p)
        else:
            runs.append([p])
    text = [str(r[0]) if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in runs]
    return ", ".join(text)


def name_words(name: str) -> set[str]:
    return {w for w in re.split(r"[\s\-'.]+", fold(name)) if len(w) > 1}


def shown_name(competitor: str, country: str) -> str:
    """`display_name`, with three spellings of the lists it does not expect: a family name
    with a sharp s ('JUNGHANNß'), a name all in capitals ('KC LIGHTFOOT': the last word is the
    family name) and the Turkish dotted capital I ('DEMİR' -> 'Demir')."""
    words = [
        w.replace("ß", "\u1e9e") if w.replace("ß", "").isupper() else w for w in competitor.split()
    ]
    if len(words) > 1 and all(w.isupper() for w in words if any(c.isalpha() for c in w)):
        name = display_name(words[-1], country)
        shown = f"{' '.join(words[:-1])} {name}"
    else:
        shown = display_name(" ".join(words), country)
    return shown.replace("i\u0307", "i")


def family(name: str, country: str) -> str:
    """The family name of a display name ('Given Family', or 'Family Given' for FAMILY_FIRST)."""
    parts = fold(name).split()
    return parts[0] if country in FAMILY_FIRST else parts[-1]


class People:
    """Bundled athletes with the countries they represented, for the look-alike check that
    `data.sources.duplicates` runs on the seeded database."""

    def __init__(self) -> None:
        self.people: dict[str, tuple[str, str, set[str]]] = {}
        for path in sorted(DATA.rglob("*.json")):
            document = json.loads(path.read_text())
            if not isinstance(document, dict):
                continue
            for sex, person, country in people_in(document):
                if person.get("slug") and person.get("name"):
                    self.add(person["slug"], person["name"], sex, country)
        aliases = json.loads(ALIASES.read_text())
        self.distinct = {tuple(sorted(pair[:2])) for pair in aliases.get("distinct", [])}

    def add(self, slug: str, name: str, sex: str, country: str | None) -> None:
        entry = self.people.setdefault(slug, (name, sex, set()))
        if country:
            entry[2].add(country)

    def lookalikes(self, slug: str, name: str, sex: str, country: str) -> list[str]:
        words = name_words(name)
        found = []
        for other, (other_name, other_sex, countries) in self.people.items():
            if other == slug or other_sex != sex or country not in countries:
                continue
            if tuple(sorted((slug, other))) in self.distinct:
                continue
            theirs = name_words(other_name)
            small, large = (words, theirs) if len(words) <= len(theirs) else (theirs, words)
            if len(small) >= 2 and small <= large:
                found.append(other)
        return found


def final_rows(
    rows: list[dict[str, str]], venue: str, date: str
) -> tuple[dict[int, list[dict[str, str]]], int]:
    """Rows of the final (unsuffixed positions) at `venue` on `date`, by position, duplicates
    (one performance in two age lists) dropped; and how many rows of other rounds were seen."""
    by_position: dict[int, list[dict[str, str]]] = defaultdict(list)
    seen = set()
    other_rounds = 0
    for row in rows:
        if row["venue"] != venue or row["date"] != date:
            continue
        match = POSITION.fullmatch(row["position"].strip())
        if not match:
            continue
        if match.group(2) or match.group(3):
            other_rounds += 1
            continue
        key = (row["competitor"], row["nationality"], row["mark"], row["position"])
        if key in seen:
            continue
        seen.add(key)
        by_position[int(match.group(1))].append(row)
    return by_position, other_rounds


def sentence(places: list[int], path: str, venue: str, date: str, mapped: list[str]) -> str:
    venue_name = venue.rsplit(" (", 1)[0]
    text = (
        f"Place{'s' if len(places) > 1 else ''} {place_ranges(places)} added from the World "
        f"Athletics all-time lists (GitHub {REPOSITORY}, commit {COMMIT[:7]}, {path}: rows at "
        f"{venue_name} on {date} with an unsuffixed position), names, countries and marks as "
        "the lists give them (no wind, no record flags); the lists only reach as deep as their "
        "depth, so slower finishers and DNF/DNS/DQ may be missing."
    )
    if mapped:
        text += f" Country code {', '.join(mapped)} as the bundle writes it for these Games."
    return text


def extend(
    slug: str,
    event: dict[str, Any],
    lists: Lists,
    registry: Registry,
    people: People,
    report: dict[str, list[str]],
) -> bool:
    """Add the places the lists have and the event lacks; True if the event changed."""
    label = f"{slug} {event['discipline']} {event['sex']}"
    if event["coverage"] not in ("partial", "medallists"):
        return False
    if event["discipline"] not in LISTS or event["sex"] not in SEX:
        report["skipped"].append(f"{label}: relay or mixed event (no relay list in the data set)")
        return False
    finals = [r for r in event["rounds"] if r.get("phase", "final") == "final"]
    if len(finals) != 1:
        report["skipped"].append(f"{label}: {len(finals)} final rounds")
        return False
    final = finals[0]
    if not final.get("date"):
        report["skipped"].append(f"{label}: the final has no date")
        return False
    found = lists.rows(event["discipline"], event["sex"])
    if found is None:
        report["skipped"].append(f"{label}: no list file stored for this discipline")
        return False
    path, rows = found
    stadium, road = COMPETITIONS[slug]
    venue = road if event["discipline"] in ROAD else stadium
    by_position, other_rounds = final_rows(rows, venue, final["date"])
    if not by_position:
        report["skipped"].append(
            f"{label}: no final rows at {venue} on {final['date']} ({path})"
            + (f"; {other_rounds} rows of other rounds that day" if other_rounds else "")
        )
        return False
    unit = UNITS[event["discipline"]]
    sex = event["sex"]
    placings = final["placings"]
    held: dict[int, list[dict[str, Any]]] = defaultdict(list)
    by_slug: dict[str, dict[str, Any]] = {}
    for placing in placings:
        if placing.get("place") is not None:
            held[placing["place"]].append(placing)
        if placing.get("athlete"):
            by_slug[placing["athlete"]["slug"]] = placing

    resolved: dict[int, list[tuple[dict[str, str], str, str, str]]] = {}
    mapped: set[str] = set()
    for position, group in sorted(by_position.items()):
        entries = []
        for row in group:
            code = row["nationality"].strip()
            country = COUNTRY.get(slug, {}).get(code, code)
            if country != code:
                mapped.add(f"{code} -> {country}")
            shown = shown_name(row["competitor"].strip(), country)
            athlete_slug, name = registry.resolve(row["competitor"].strip(), shown, sex)
            entries.append((row, athlete_slug, name, country))
        if len({normalise(r["mark"], unit) for r in group}) > 1:
            names = "; ".join(f"{r['competitor']} {r['mark']}" for r in group)
            report["skipped"].append(
                f"{label}: {len(group)} rows at {venue} on {final['date']} share position "
                f"{position} with different marks ({names}): they cannot be told apart"
            )
            return False
        if len(group) > 1:
            report["ties"].append(
                f"{label} place {position}: "
                + ", ".join(f"{r['competitor']} {r['mark']}" for r in group)
            )
        resolved[position] = entries

    # Check every row against the file. A row whose athlete the file holds at another place (or
    # as DNF/DNS/DQ), or a different athlete with a different mark at that place, means the two
    # number the race differently (e.g. a later disqualification): nothing is added from there on.
    conflict: int | None = None
    candidates: list[tuple[int, dict[str, str], str, str, str, str | None]] = []
    matched: set[str] = set()
    for position, entries in resolved.items():
        for row, athlete_slug, name, country in entries:
            mark = normalise(row["mark"], unit)
            listed = f"{row['competitor']} ({country}, {row['mark']})"
            # Athletes the file holds at this place, less those another row of a tie names.
            tied = {e[1] for e in entries if e[1] != athlete_slug}
            holders = [
                p
                for p in held.get(position, [])
                if (p.get("athlete") or {}).get("slug") not in tied
            ]
            mine = [p for p in holders if (p.get("athlete") or {}).get("slug") == athlete_slug]
            if mine:
                matched.add(athlete_slug)
                old = mine[0].get("mark")
                if old and mark and not same_mark(old, mark):
                    report["disagreements"].append(
                        f"{label} place {position} {name}: file mark {old}, lists {row['mark']}"
                    )
                elif not old and mark:
                    report["info"].append(
                        f"{label} place {position} {name}: file has no mark, lists give "
                        f"{row['mark']} (left as it is)"
                    )
                continue
            if athlete_slug in by_slug:
                there = by_slug[athlete_slug]
                report["disagreements"].append(
                    f"{label}: lists put {listed} at place {position}; file has "
                    f"{there['athlete']['name']} at place {there.get('place')} "
                    f"({there.get('status')}, {there.get('mark')})"
                )
                conflict = position if conflict is None else min(conflict, position)
                continue
            if holders:
                who = [p for p in holders if p.get("athlete")]
                alike = [p for p in who if p.get("mark") and mark and same_mark(p["mark"], mark)]
                text = ", ".join(
                    f"{p['athlete']['name']} ({p['athlete']['slug']}, {p.get('mark')})" for p in who
                )
                if alike:
                    report["disagreements"].append(
                        f"{label} place {position}: name differs, same mark - file {text}; lists "
                        f"{listed} -> slug {athlete_slug} (same person? then an alias)"
                    )
                else:
                    report["disagreements"].append(
                        f"{label} place {position}: file has {text}; lists have {listed}"
                    )
                    conflict = position if conflict is None else min(conflict, position)
                continue
            candidates.append((position, row, athlete_slug, name, country, mark))

    added: list[int] = []
    for position, row, athlete_slug, name, country, mark in candidates:
        if conflict is not None and position > conflict:
            report["not added"].append(
                f"{label} place {position} {row['competitor']}: after the disagreement at "
                f"place {conflict}"
            )
            continue
        if athlete_slug not in registry.by_slug:
            alike = people.lookalikes(athlete_slug, name, sex, country)
            if alike:
                report["aliases"].append(
                    f'"{row["competitor"].strip()}": "{alike[0]}"  ({label} place '
                    f"{position}; would otherwise be new slug {athlete_slug}; look-alikes: "
                    f"{', '.join(alike)})"
                )
                continue
        # The same person under a spelling the registry does not know, held at another place
        # that no row of the lists accounts for.
        namesake = [
            p["athlete"]["name"]
            for p in placings
            if p.get("athlete")
            and p["athlete"]["slug"] not in matched
            and p.get("country") == country
            and family(p["athlete"]["name"], country) == family(name, country)
        ]
        if namesake:
            report["not added"].append(
                f"{label} place {position} {row['competitor']} ({country}): the final already "
                f"has {', '.join(namesake)} of the same country and family name, whom the "
                "lists do not place (same person under another spelling?)"
            )
            continue
        if mark is None:
            report["info"].append(f"{label} place {position}: unreadable mark {row['mark']!r}")
            continue
        if not in_order(placings, position, mark, unit):
            report["disagreements"].append(
                f"{label} place {position} {name} {mark}: out of order with the file's "
                "marks, not added"
            )
            continue
        placing = {
            "place": position,
            "athlete": {"name": name, "slug": athlete_slug},
            "country": country,
            "mark": mark,
            "status": "ok",
            "records": [],
            "note": None,
        }
        insert(placings, placing)
        held[position].append(placing)
        by_slug[athlete_slug] = placing
        registry.add(name, athlete_slug, sex)
        people.add(athlete_slug, name, sex, country)
        added.append(position)

    if not added:
        return False
    before = len(placings) - len(added)
    report["extended"].append(
        f"{label}: {before} -> {len(placings)} placings in the final "
        f"(added places {place_ranges(sorted(set(added)))}; {path})"
    )
    url = BLOB + path
    if url not in event["sources"]:
        event["sources"].append(url)
    text = sentence(sorted(set(added)), path, venue, final["date"], sorted(mapped))
    notes = event.get("notes") or ""
    if event["coverage"] == "medallists" and max(added) > 3:
        event["coverage"] = "partial"
        notes = re.sub(r"^medallists only\.?\s*", "", notes, flags=re.IGNORECASE)
        notes = f"INCOMPLETE (was medallists only). {notes}".strip()
    event["notes"] = f"{notes} {text}".strip()
    return True


def championship_rows(
    rows: list[dict[str, str]], venue: str, first: str, last: str
) -> dict[int, list[dict[str, str]]]:
    """Rows with an unsuffixed position at `venue` dated `first`..`last` (ISO dates), by
    position, one performance listed in two age lists kept once."""
    by_position: dict[int, list[dict[str, str]]] = defaultdict(list)
    seen = set()
    for row in rows:
        if row["venue"] != venue or not first <= row["date"] <= last:
            continue
        match = POSITION.fullmatch(row["position"].strip())
        if not match or match.group(2) or match.group(3):
            continue
        key = (row["competitor"], row["nationality"], row["mark"], row["position"], row["date"])
        if key in seen:
            continue
        seen.add(key)
        by_position[int(match.group(1))].append(row)
    return by_position


def same_entrant(
    row: dict[str, str], placing: dict[str, Any], relay: bool, sex: str, registry: Registry
) -> bool:
    """The row is the placing's athlete (`Registry.resolve` gives the placing's slug, or the
    folded name, or its set of words, and the country are the same) or, for a relay, the
    placing's country."""
    code = row["nationality"].strip()
    if relay:
        return code == placing.get("country")
    athlete = placing.get("athlete")
    if not athlete:
        return False
    competitor = row["competitor"].strip()
    shown = shown_name(competitor, code)
    if registry.resolve(competitor, shown, sex)[0] == athlete.get("slug"):
        return True
    if code != placing.get("country"):
        return False
    name = athlete.get("name") or ""
    return fold(shown) == fold(name) or name_words(shown) == name_words(name)


def who(placing: dict[str, Any]) -> str:
    athlete = placing.get("athlete")
    return athlete["name"] if athlete else f"team {placing.get('country')}"


def fill_marks(
    slug: str,
    event: dict[str, Any],
    lists: Lists,
    registry: Registry,
    dates: tuple[str, str],
    report: dict[str, list[str]],
    *,
    olympic: bool = False,
) -> bool:
    """Fill null marks of placed finishers from the lists (mode "marks", or `olympic_marks`
    with `olympic`: venues from OLYMPIC_GAMES, and an undated final whose every placed
    finisher's row agrees on one date gets that date); True if changed."""
    label = f"{slug} {event['discipline']} {event['sex']}"
    discipline, sex = event["discipline"], event["sex"]
    finals = [r for r in event["rounds"] if r.get("phase", "final") == "final"]
    missing = [
        p
        for r in finals
        for p in r["placings"]
        if p.get("mark") is None and p.get("status") == "ok" and p.get("place") is not None
    ]
    relay = discipline in RELAYS
    found = None
    if sex in SEX and relay:
        found = lists.relay_rows(discipline, sex)
    elif sex in SEX and (discipline in LISTS or (olympic and discipline in OLYMPIC_LISTS)):
        found = lists.rows(discipline, sex)
    if found is None:
        if missing:
            report["skipped"].append(
                f"{label}: {len(missing)} null mark(s), no list file stored for this event"
            )
        return False
    path, rows = found
    stadium, road = OLYMPIC_GAMES[slug] if olympic else WORLD_CHAMPIONSHIPS[slug]
    venue = road if discipline in ROAD else stadium
    unit = UNITS[discipline]
    filled: list[tuple[int, str, str, str]] = []
    dated: list[str] = []
    undated = False
    for final in finals:
        date = final.get("date")
        first, last = (date, date) if date else dates
        by_position = championship_rows(rows, venue, first, last)
        # Rows of the whole championships, to say why a null mark is left (another date).
        anywhere = championship_rows(rows, venue, *dates) if date else by_position
        if olympic and not anywhere:
            if missing:
                report["not filled"].append(
                    f"{label}: {len(missing)} null mark(s), no final row at {venue} from "
                    f"{dates[0]} to {dates[1]} in {path} (the lists do not reach these marks)"
                )
            continue
        # Per placed finisher whose row gives its mark (filled or agreeing): that row's date.
        entrants, clean, days = 0, 0, []
        for placing in final["placings"]:
            place = placing.get("place")
            if place is None or placing.get("status") != "ok":
                continue
            entrants += 1
            name = who(placing)
            old = placing.get("mark")
            same = [
                r
                for r in by_position.get(place, [])
                if same_entrant(r, placing, relay, sex, registry)
            ]
            if not same:
                if old is None:
                    why_not(
                        label,
                        placing,
                        final["placings"],
                        anywhere,
                        date,
                        relay,
                        sex,
                        registry,
                        report,
                    )
                continue
            marks = {normalise(r["mark"], unit) for r in same}
            listed = ", ".join(f"{r['competitor']} {r['mark']} ({r['date']})" for r in same)
            if len(marks) > 1 or None in marks:
                if old is None:
                    report["not filled"].append(
                        f"{label} place {place} {name}: rows disagree or are unreadable ({listed})"
                    )
                continue
            mark = marks.pop()
            assert mark is not None
            if old is not None:
                if not same_mark(old, mark):
                    report["disagreements"].append(
                        f"{label} place {place} {name}: file mark {old}, lists {listed} (file kept)"
                    )
                else:
                    report["agreed"].append(f"{label} place {place}")
                    clean += 1
                    days += [r["date"] for r in same]
                continue
            if not in_order(final["placings"], place, mark, unit):
                report["not filled"].append(
                    f"{label} place {place} {name}: lists give {mark}, out of order with the "
                    "file's marks of other places"
                )
                continue
            placing["mark"] = mark
            clean += 1
            days += [r["date"] for r in same]
            undated |= not date
            when = date or ", ".join(sorted({r["date"] for r in same}))
            filled.append((place, name, mark, when))
            report["filled"].append(
                f"{label} place {place} {name}: {mark} ({path}, {same[0]['competitor']}, "
                f"position {same[0]['position']}, {same[0]['date']}"
                + ("; the final has no date in the file" if not date else "")
                + ")"
            )
        if not olympic or date or not entrants:
            continue
        found_days = sorted(set(days))
        if clean == entrants and len(found_days) == 1:
            final["date"] = found_days[0]
            dated.append(found_days[0])
            report["dated"].append(f"{label}: final dated {found_days[0]}")
        else:
            report["not dated"].append(
                f"{label}: {clean} of {entrants} placed finishers have their row"
                + (f" (dated {', '.join(found_days)})" if found_days else "")
            )
    if not filled and not dated:
        return False
    url = BLOB + path
    if url not in event["sources"]:
        event["sources"].append(url)
    text = (
        marks_sentence(filled, path, venue, relay, dates if undated else None, olympic)
        if filled
        else ""
    )
    if dated:
        text += (
            f" The final's date, {', '.join(dated)}, is the date of every medallist's row at "
            f"{venue.rsplit(' (', 1)[0]} in that list."
        )
    event["notes"] = f"{event.get('notes') or ''} {text}".strip()
    return True


def why_not(
    label: str,
    placing: dict[str, Any],
    placings: list[dict[str, Any]],
    rows: dict[int, list[dict[str, str]]],
    date: str | None,
    relay: bool,
    sex: str,
    registry: Registry,
    report: dict[str, list[str]],
) -> None:
    """Say why no row fills this placing's mark: the lists hold the entrant at another place
    (a disagreement), or another name of the same country at this place (an alias to check),
    or nothing at this place (the lists' depth)."""
    place = placing["place"]
    head = f"{label} place {place} {who(placing)}"
    mine = [
        r
        for group in rows.values()
        for r in group
        if same_entrant(r, placing, relay, sex, registry)
    ]
    if mine:
        where = ", ".join(f"position {r['position']} ({r['mark']}, {r['date']})" for r in mine)
        text = f"{head}: file place {place}{f' on {date}' if date else ''}; lists {where}"
        rulings = [c for c in placing.get("corrections") or [] if c.get("was")]
        if rulings:
            text += (
                "; the file's place follows a later ruling ("
                + "; ".join(
                    f"{c.get('date')}: {c.get('reason')}, was place {c['was'].get('place')}"
                    for c in rulings
                )
                + ")"
            )
        report["disagreements"].append(text + " (placing kept, mark left null)")
        report["not filled"].append(f"{head}: the lists place the entrant elsewhere")
        return
    here = [r for r in rows.get(place, []) if not date or r["date"] == date]
    if not here:
        report["not filled"].append(f"{head}: no row at that place (beyond the lists' depth)")
        return
    listed = ", ".join(
        f"{r['competitor']} ({r['nationality']}) {r['mark']} {r['date']}" for r in here
    )
    report["not filled"].append(f"{head}: lists have another name at that place: {listed}")
    athlete = placing.get("athlete")
    for row in here:
        held = [other for other in placings if same_entrant(row, other, relay, sex, registry)]
        if any(other.get("place") == place for other in held):
            continue  # another placing of the final (a tie at this place)
        code = row["nationality"].strip()
        if held or relay or not athlete or code != placing.get("country"):
            # Another country's athlete or team at this place, or one the file holds elsewhere
            # (e.g. disqualified later): the two number the final differently.
            there = ", ".join(
                f"at place {o['place']}"
                if o.get("place") is not None
                else f"as {o.get('status')}" + (f" ({o['note']})" if o.get("note") else "")
                for o in held
            )
            report["disagreements"].append(
                f"{head}: lists have {row['competitor'].strip()} ({code}, {row['mark']}, "
                f"{row['date']}) at position {row['position']}"
                + (f"; the file holds {who(held[0])} {there}" if held else "")
                + " (placing kept, mark left null)"
            )
            continue
        shown = shown_name(row["competitor"].strip(), code)
        mine_words, theirs = name_words(shown), name_words(athlete["name"])
        small, large = sorted((mine_words, theirs), key=len)
        how = (
            "one name's words contain the other's"
            if len(small) >= 2 and small <= large
            else "another spelling or name: check it is the same person"
        )
        report["aliases"].append(
            f'"{row["competitor"].strip()}": "{athlete["slug"]}"  ({label} place {place}, '
            f"same country and place in the final; {how}; lists mark {row['mark']})"
        )


def marks_sentence(
    filled: list[tuple[int, str, str, str]],
    path: str,
    venue: str,
    relay: bool,
    dates: tuple[str, str] | None,
    olympic: bool = False,
) -> str:
    venue_name = venue.rsplit(" (", 1)[0]
    which = ", ".join(f"{place} ({name}, {mark})" for place, name, mark, _ in sorted(filled))
    days = sorted({when for *_, when in filled})
    same = "the same country's team" if relay else "the same athlete"
    text = (
        f"Mark{'s' if len(filled) > 1 else ''} of place{'s' if len(filled) > 1 else ''} {which} "
        f"from the World Athletics all-time lists (GitHub {REPOSITORY}, commit {COMMIT[:7]}, "
        f"{path}: {same} with that unsuffixed position at {venue_name} on {', '.join(days)})"
    )
    if dates and olympic:
        return text + (
            f"; the olympics.com medal list gives no marks or dates, so rows of {dates[0]} to "
            f"{dates[1]} (the Games' dates) were used."
        )
    if dates:
        text += (
            f"; where the final has no date here, rows of {dates[0]} to {dates[1]} (the "
            "championships' dates) were used"
        )
    return text + "; the pages used gave no mark for them."


def in_order(placings: list[dict[str, Any]], place: int, mark: str, unit: str) -> bool:
    """A mark at `place` must not beat a better place's mark nor trail a worse place's."""
    value = seconds(mark)
    lower_is_better = unit == "time"
    for other in placings:
        if other.get("status") != "ok" or other.get("place") is None or not other.get("mark"):
            continue
        theirs = seconds(other["mark"])
        if theirs is None or other["place"] == place:
            continue
        better = (value < theirs) if lower_is_better else (value > theirs)  # type: ignore[operator]
        worse = (value > theirs) if lower_is_better else (value < theirs)  # type: ignore[operator]
        if (other["place"] < place and better) or (other["place"] > place and worse):
            return False
    return True


def insert(placings: list[dict[str, Any]], placing: dict[str, Any]) -> None:
    for i, other in enumerate(placings):
        if other.get("place") is None or other["place"] > placing["place"]:
            placings.insert(i, placing)
            return
    placings.append(placing)


def save(path: Path, document: dict[str, Any], original: str, note: str) -> None:
    """Write a changed page file: data-set URLs into its sources, `note` into its notes."""
    urls = [
        u
        for c in document["competitions"]
        for e in c["events"]
        for u in e["sources"]
        if u.startswith(BLOB)
    ]
    for url in urls:
        if url not in document["sources"]:
            document["sources"].append(url)
    if note not in (document.get("notes") or ""):
        document["notes"] = f"{document.get('notes') or ''} {note}".strip()
    text = json.dumps(document, indent=1, ensure_ascii=False)
    path.write_text(text + ("\n" if original.endswith("\n") else ""))


def places(lists: Lists, registry: Registry) -> None:
    """Mode "places": add places missing from finals of the four headline championships."""
    people = People()
    for slug in COMPETITIONS:
        path = PAGES / f"{slug}.json"
        original = path.read_text()
        document = json.loads(original)
        report: dict[str, list[str]] = defaultdict(list)
        changed = False
        for competition in document["competitions"]:
            if competition["slug"] != slug:
                continue
            for event in competition["events"]:
                changed |= extend(slug, event, lists, registry, people, report)
        if changed:
            save(path, document, original, FILE_NOTE)
        print(f"== {slug}: {'changed' if changed else 'unchanged'} ({path.relative_to(DATA)})")
        for kind in (
            "extended",
            "disagreements",
            "not added",
            "skipped",
            "ties",
            "aliases",
            "info",
        ):
            for line in report.get(kind, []):
                print(f"  {kind}: {line}")


def null_marks(document: dict[str, Any]) -> int:
    return sum(
        1
        for c in document["competitions"]
        for e in c["events"]
        for r in e["rounds"]
        if r.get("phase", "final") == "final"
        for p in r["placings"]
        if p.get("mark") is None and p.get("status") == "ok" and p.get("place") is not None
    )


def marks(lists: Lists, registry: Registry) -> None:
    """Mode "marks": fill null marks of placed finishers at World Championships 1983-2022."""
    competitions = json.loads((DATA / "competitions.json").read_text())["competitions"]
    dates = {c["slug"]: (c["start_date"], c["end_date"]) for c in competitions}
    for slug in WORLD_CHAMPIONSHIPS:
        path = PAGES / f"{slug}.json"
        original = path.read_text()
        document = json.loads(original)
        before = null_marks(document)
        report: dict[str, list[str]] = defaultdict(list)
        changed = False
        for competition in document["competitions"]:
            if competition["slug"] != slug:
                continue
            for event in competition["events"]:
                changed |= fill_marks(slug, event, lists, registry, dates[slug], report)
        if changed:
            save(path, document, original, MARKS_NOTE)
        print(
            f"== {slug}: {'changed' if changed else 'unchanged'} ({path.relative_to(DATA)}); "
            f"null marks of placed finishers in finals {before} -> {null_marks(document)}; "
            f"{len(report['agreed'])} marks already there agree with the lists"
        )
        for kind in ("filled", "disagreements", "not filled", "skipped", "aliases"):
            for line in report.get(kind, []):
                print(f"  {kind}: {line}")


def olympic_marks(
    editions: dict[str, list[dict[str, Any]]],
    registry: Registry,
    directory: Path | None = None,
) -> set[str]:
    """Fill null marks (and dates of undated finals) of the Olympic medal placings that
    olympics_com.py is generating (competition slug -> its events, changed in place), as mode
    "marks" does, at the OLYMPIC_GAMES venues; print what was done per edition and return the
    slugs of the editions changed. `directory`: a checkout of the lists (default: the mirror)."""
    lists = Lists(directory)
    if lists.rows("400m", "men") is None:
        raise SystemExit(
            f"World Athletics lists not readable ({directory or MIRROR}, commit {COMMIT}): "
            "the Olympic marks cannot be filled"
        )
    competitions = json.loads((DATA / "competitions.json").read_text())["competitions"]
    dates = {c["slug"]: (c["start_date"], c["end_date"]) for c in competitions}
    changed = set()
    for slug, events in sorted(editions.items()):
        document = {"competitions": [{"events": events}]}
        before = null_marks(document)
        if slug not in OLYMPIC_GAMES:
            print(
                f"== {slug}: no row of the lists is dated within these Games (no venue in "
                f"OLYMPIC_GAMES); {before} null marks left"
            )
            continue
        report: dict[str, list[str]] = defaultdict(list)
        for event in events:
            if fill_marks(slug, event, lists, registry, dates[slug], report, olympic=True):
                changed.add(slug)
        print(
            f"== {slug}: null marks of placed finishers in finals {before} -> "
            f"{null_marks(document)}; {len(report['dated'])} finals dated"
        )
        for kind in (
            "filled",
            "dated",
            "disagreements",
            "not filled",
            "not dated",
            "skipped",
            "aliases",
        ):
            for line in report.get(kind, []):
                print(f"  {kind}: {line}")
    return changed


def main(argv: list[str]) -> None:
    modes = {"--places", "--marks"}
    chosen = {a for a in argv if a in modes} or modes
    rest = [a for a in argv if a not in modes]
    lists = Lists(Path(rest[0]) if rest else None)
    registry = Registry()
    if "--places" in chosen:
        places(lists, registry)
    if "--marks" in chosen:
        marks(lists, registry)


if __name__ == "__main__":
    main(sys.argv[1:])
