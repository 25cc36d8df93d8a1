"""Marks of Olympic medal placings 1896-2016 that World Athletics' lists leave null, from the
"Olympic Track & Field results" data set; called by olympics_com.py while it generates
app/data/olympics-com/, after `world_athletics_lists.olympic_marks` (like it and
`olympic_relay_members.fill_members`, regenerated on every run: a rerun changes nothing).

Source (facts only): the data set that Jay Ravaliya (GitHub jayrav13) scraped from olympic.org's
athletics pages in 2016 (Kaggle "Olympic Track & Field Results", `results.csv`: one row per
medallist of the Games 1896-2016, columns Gender, Event, Location, Year, Medal, Name,
Nationality, Result). jayrav13/olympics-athletics holds only the scraper, so the file is read as
committed in GitHub repository parkerjoncus/Olympic-Results-Regression, commit
1cef3c7353f572cff618457da09f48562eaf1ff7, `olympic-track-field-results/results.csv` (the
repository's later commit replaced it with a copy whose marks a spreadsheet rounded; this one is
the scraper's output: 2,394 rows, SHA-256 `SHA256` below). Taken from each row: year, event,
sex, medal, name, nationality and result. Not taken: the wind that 12 rows of 2008 add as a ninth
field, locations.

What the file is like, and how it is read:
- The scraper stored each result that reads as a number as a float, so trailing zeros are lost
  ("8.20" is written 8.2, "44.80" 44.8, "8893" 8893.0); results with a colon are the site's text.
- Names and event titles are UTF-8 encoded twice ("ZÃ\\x81TOPEK"), two names three times
  (1952 long jump bronze "Ã\\x83â\\x80\\x93dÃ\\x83Â¶n", 1956 steeplechase silver): each word is
  decoded until it is no longer encoded (`repair`). Four words lost a letter to a "?" in the
  scrape and are kept as decoding leaves them ("ROZSNYÃ?I", "ELMSÃ?TER", "Tomá?", "Franti?ek");
  where such a name is not matched otherwise, aliases.json holds that spelling. Family names
  are in capitals, as `names.display_name` expects. Relays have no name.
- Events: the 48 titles of EVENTS ("100M Men" ... "Heptathlon Women"; the data set has no
  other event, and of 1988 only the walks, marathons and combined events). The site files other
  races under three of them (OTHER_RACES): the 1904 all-around championship as "Decathlon Men"
  (Podium's `all-around`) and the 1908 medley relay as "4X400M Relay Men"
  (`1600m-medley-relay`), both used; the steeplechases of 1900 (2,500 m), 1904 (2,590 m) and
  1932 (3,460 m: an extra lap by a lap counter's error) as "3000M Steeplechase Men", not used
  (the bundle files these races under 3000m-steeplechase, where another distance's time would
  stand as a 3,000 m time). Countries: the data set writes the codes of the time as the bundle
  does (URS, GDR, FRG, EUN, TCH...), except EUA for the United Team of Germany 1956-1964 (the
  bundle: GER) and BWI for the West Indies Federation 1960 (the bundle: WIF) (COUNTRIES).
- Marks in the bundle's form, only where the conversion is exact (`mark`): the hours of road
  events written "1h19:01", "01h18:59" or "2-58:50" -> "1:19:01", "2:58:50"; a leading zero
  ("03:32.07", "02:08:44") or "0:" ("0:49.6") dropped; times under a minute that lost a trailing
  zero get two decimals from 1972 on ("44.8" -> "44.80": electronic timing to the hundredth; the
  cross-check bears it out, every such time agrees with the lists' to the hundredth) and are kept
  as written before (hand times to the tenth, "10.2"); distances with two decimals ("8.2" ->
  "8.20"); points as integers ("8893.0", "6036 P." -> "6036"). Times with a colon are kept as
  the site wrote them (1972-1980 races to the tenth: "3:56.6"). Left null, and printed: "None"
  (no result on the site), estimated times ("3:23.0 est"), a time whose form is not the event's
  (1928 marathon "2:32.57"), distances with three decimals (imperial conversions such as
  7.185 m) and points with decimals (1912-1932 scoring tables) -- Podium's marks have neither.
  Every mark is checked by `app.results.marks.normalize_mark` with the discipline's unit.

What is filled (`fill_results_marks`): a placed medallist (status ok, place 1-3) of a final
whose mark is still null gets the Result of the data set's row of the same Games (year), event,
sex and medal (gold 1, silver 2, bronze 3) and the same entrant (`level`): for a relay or team,
the same country; for an athlete, in this order, the same name (`Registry.resolve` of the row's
name gives the placing's slug, or the `fold`ed names or their sets of `words` are equal), else
with the same country one name's words (at least two) all among the other's, else with the
same country the same family name (the row's upper-case words, folded, are the first or last
words of the placing's name: "Robert GARRETT" is "Bob Garrett"). Only when exactly one row
matches at the surest level (rows repeated word for word count once). The data set predates
later rulings (the 2008 and 2012 reallocations), so a row of another athlete at that medal
fills nothing, and a placing that a ruling moved (its `corrections` say which place it `was`)
is also looked for at the medal places it held before (`held_before`): a ruling that
disqualifies another athlete changes the place, not the mark ("Meseret DEFAR" 15:44.12 at
bronze is the 2008 5000 m silver medallist's mark); the event's notes say so. A mark that
would beat a better place's mark or trail a worse place's in the event
(`world_athletics_lists.in_order`) is not filled but printed. A mark already there (from the
lists) is never overwritten: it is compared with the data set's (the cross-check below) and
where the two disagree the lists' mark is kept and the event's notes say what the data set
gives. Each changed event gets the file's URL in its sources and a sentence in its notes naming
the places and marks taken (combined events: points as the data set gives them; it does not
say which scoring tables). Printed per edition: marks filled, disagreements, marks that agree
only when rounded, marks left null and why, marks of the lists the data set cannot check; and
the data set's events that no file here holds (the 1500 m: app/data/olympic-games-1500m.json).

The cross-check compares every mark the lists gave with the data set's row for that placing:
equal values agree; times of different precision agree "when rounded" if the finer one rounded
up or down to the coarser one's precision is the coarser one (an official time to the tenth
beside the lists' electronic hundredths, 1968: 9.9 and 9.95; the lists' whole seconds beside
the data set's tenths, 1976 marathon: 2:10:46 and 2:10:45.8); anything else disagrees.

Run: called by olympics_com.py; `read_rows` reads the file given by the environment variable
OLYMPIC_RESULTS_CSV, else `git show` of the pinned commit in the mirror at
/work/.mirror/parkerjoncus+Olympic-Results-Regression/repo, and stops if the file cannot be
read or is not the pinned one (before anything is written).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import os
import re
import shutil
import subprocess
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.core.enums import Unit
from app.core.text import fold
from app.results.marks import MarkError, normalize_mark
from data.sources.names import DATA, Registry, display_name, words
from data.sources.world_athletics_lists import in_order, seconds, who

REPOSITORY = "parkerjoncus/Olympic-Results-Regression"
COMMIT = "1cef3c7353f572cff618457da09f48562eaf1ff7"
PATH = "olympic-track-field-results/results.csv"
SHA256 = "a6913dce18465694efb818b6ece298d8b3e164ddc2e20ec6bde9533fff449574"
URL = f"https://github.com/{REPOSITORY}/blob/{COMMIT}/{PATH}"
MIRROR = Path("/work/.mirror/parkerjoncus+Olympic-Results-Regression/repo")
UNITS = {
    d["code"]: d["unit"] for d in json.loads((DATA / "disciplines.json").read_text())["disciplines"]
}
PLACE = {"G": 1, "S": 2, "B": 3}
MEDALS = {1: "gold", 2: "silver", 3: "bronze"}
# The data set's codes that the bundle writes otherwise: the United Team of Germany 1956-1964
# (the bundle: GER), the British West Indies 1960 (the bundle: WIF).
COUNTRIES = {"EUA": "GER", "BWI": "WIF"}
SEX = {"M": "men", "W": "women"}

# The data set's event titles without " Men"/" Women" -> discipline code.
EVENTS = {
    "100M": "100m",
    "200M": "200m",
    "400M": "400m",
    "800M": "800m",
    "1500M": "1500m",
    "5000M": "5000m",
    "10000M": "10000m",
    "100M Hurdles": "100m-hurdles",
    "110M Hurdles": "110m-hurdles",
    "400M Hurdles": "400m-hurdles",
    "3000M Steeplechase": "3000m-steeplechase",
    "4X100M Relay": "4x100m",
    "4X400M Relay": "4x400m",
    "Marathon": "marathon",
    "20Km Race Walk": "20km-walk",
    "50Km Race Walk": "50km-walk",
    "High Jump": "high-jump",
    "Pole Vault": "pole-vault",
    "Long Jump": "long-jump",
    "Triple Jump": "triple-jump",
    "Shot Put": "shot-put",
    "Discus Throw": "discus-throw",
    "Hammer Throw": "hammer-throw",
    "Javelin Throw": "javelin-throw",
    "Decathlon": "decathlon",
    "Heptathlon": "heptathlon",
}
# Other races the site files under those titles: (title, year) -> code, or None (not used).
OTHER_RACES: dict[tuple[str, int], str | None] = {
    ("Decathlon Men", 1904): "all-around",
    ("4X400M Relay Men", 1908): "1600m-medley-relay",
    ("3000M Steeplechase Men", 1900): None,  # 2,500 m
    ("3000M Steeplechase Men", 1904): None,  # 2,590 m
    ("3000M Steeplechase Men", 1932): None,  # 3,460 m: an extra lap by a lap counter's error
}
NOT_USED = (
    "a steeplechase of another distance (1900: 2,500 m; 1904: 2,590 m; 1932: 3,460 m, an "
    "extra lap run by a lap counter's error): its time is not a 3,000 m time"
)
# Times and the number of colons their marks take: hours (h:mm:ss), minutes (m:ss.x), seconds.
HOURS = {"marathon", "20km-walk", "50km-walk"}
SECONDS = {"100m", "200m", "400m", "100m-hurdles", "110m-hurdles", "400m-hurdles", "4x100m"}
RELAYS = {"4x100m", "4x400m", "1600m-medley-relay"}
FORMS = ("seconds", "m:ss", "h:mm:ss")
ELECTRONIC = 1972  # from these Games on, times under a minute are to the hundredth


@dataclass(frozen=True)
class Row:
    year: int
    title: str
    code: str  # the bundle's discipline of the race (see OTHER_RACES)
    sex: str
    place: int
    name: str | None
    country: str
    result: str
    mark: str | None
    why: str  # why `mark` is None ("" when it is not)


def repair(text: str) -> str:
    """Undo the file's extra UTF-8 encodings, word by word ('ZÃ\\x81TOPEK' -> 'ZÁTOPEK', and
    the two extra ones of 'Ã\\x83â\\x80\\x93dÃ\\x83Â¶n' -> 'Ödön'); a word that is not encoded
    again, or that lost a byte ('ROZSNYÃ\\x83?I'), is kept as it is."""
    out = []
    for word in text.split(" "):
        while (decoded := _decode(word)) != word:
            word = decoded
        out.append(word)
    return " ".join(out)


def _decode(word: str) -> str:
    """The word's characters read back as the bytes they were decoded from (Windows-1252, or
    Latin-1 for the bytes Windows-1252 leaves undefined), decoded as UTF-8; else the word."""
    data = bytearray()
    for char in word:
        try:
            data += char.encode("cp1252")
        except UnicodeEncodeError:
            if ord(char) > 0xFF:
                return word
            data.append(ord(char))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return word


def read_text(path: Path | None = None) -> str:
    """The pinned file's text (see the module docstring); stops if unreadable or not it."""
    where = path
    if where is None and os.environ.get("OLYMPIC_RESULTS_CSV"):
        where = Path(os.environ["OLYMPIC_RESULTS_CSV"])
    try:
        if where:
            data = where.read_bytes()
        else:
            git = shutil.which("git") or "git"
            data = subprocess.run(  # noqa: S603 (fixed arguments, no shell)
                [git, "--git-dir", str(MIRROR), "show", f"{COMMIT}:{PATH}"],
                check=True,
                capture_output=True,
            ).stdout
    except (OSError, subprocess.CalledProcessError) as error:
        raise SystemExit(
            f"Olympic results data set not readable ({where or MIRROR}, {REPOSITORY} commit "
            f"{COMMIT}, {PATH}): {error}"
        ) from error
    digest = hashlib.sha256(data).hexdigest()
    if digest != SHA256:
        raise SystemExit(
            f"{where or MIRROR}: not the pinned {PATH} (SHA-256 {digest}, expected {SHA256})"
        )
    return data.decode("utf-8")


def read_rows(path: Path | None = None) -> list[Row]:
    rows = []
    seen = set()
    for fields in csv.reader(io.StringIO(read_text(path))):
        if fields[0] == "Gender":
            continue
        gender, title, _location, year_text, medal, name, country, result = (
            repair(f) for f in fields[:8]
        )
        year, sex = int(year_text), SEX[gender]
        code = OTHER_RACES.get((title, year)) or EVENTS[title.rsplit(" ", 1)[0]]
        key = (year, title, medal, name, country, result)
        if key in seen:  # a row repeated word for word (2000 women's 20 km walk gold)
            continue
        seen.add(key)
        if (title, year) in OTHER_RACES and OTHER_RACES[(title, year)] is None:
            value, why = None, NOT_USED
        else:
            value, why = mark(result, code, year)
        rows.append(
            Row(
                year,
                title,
                code,
                sex,
                PLACE[medal],
                None if name == "null" else name,
                COUNTRIES.get(country, country),
                result,
                value,
                why,
            )
        )
    return rows


def mark(result: str, code: str, year: int) -> tuple[str | None, str]:
    """(the data set's result in the bundle's form, "") or (None, why not)."""
    text = result.strip()
    if text == "None":
        return None, "no result in the data set"
    if text.endswith(" est"):
        return None, f"estimated time ({text})"
    unit = UNITS[code]
    if unit == "points":
        number = text.removesuffix("P.").strip()
        try:
            value = float(number)
        except ValueError:
            return None, f"unreadable ({text})"
        if value != int(value):
            return None, f"points with decimals ({text}): Podium's points are whole numbers"
        shown = str(int(value))
    elif unit == "time":
        shown = re.sub(r"^(\d+)[h-](\d{2}):", r"\1:\2:", text)  # "1h19:01", "2-58:50"
        shown = re.sub(r"^0(\d)", r"\1", shown)  # "03:32.07", "02:08:44", "01h18:59"
        shown = re.sub(r"^0:", "", shown)  # "0:49.6"
        colons = 2 if code in HOURS else 0 if code in SECONDS else 1
        if shown.count(":") != colons or seconds(shown) is None:
            return None, f"not a {FORMS[colons]} time, as this event's marks are ({text})"
        if colons == 0 and year >= ELECTRONIC and re.fullmatch(r"\d+\.\d", shown):
            shown += "0"  # the float lost a trailing zero
    else:
        try:
            value = float(text)
        except ValueError:
            return None, f"unreadable ({text})"
        if round(value, 2) != value or not math.isfinite(value):
            return None, f"three decimals ({text}): Podium's distances are to the centimetre"
        shown = f"{value:.2f}"
    try:
        canonical, _ = normalize_mark(shown, Unit(unit))
    except MarkError as error:
        return None, f"not a valid mark ({text}: {error})"
    return canonical, ""


def family(name: str) -> tuple[str, ...]:
    """The family name's words of a data set name (its upper-case words: 'Robert GARRETT')."""
    upper = [w for w in name.split() if w.isupper() and sum(c.isalpha() for c in w) > 1]
    return tuple(fold(" ".join(upper)).split())


def level(row: Row, placing: dict[str, Any], sex: str, registry: Registry) -> int | None:
    """How surely the row is the placing's entrant: 0 the same name (`Registry.resolve` gives
    the placing's slug, or the folded names or their sets of words are equal; relays: the same
    country), 1 one name's words (at least two) all among the other's and the same country,
    2 the same family name (the row's upper-case words are the first or last words of the
    placing's name) and the same country ('Robert GARRETT' is 'Bob Garrett'); None: another."""
    athlete = placing.get("athlete")
    if not athlete:
        return 0 if row.name is None and row.country == placing.get("country") else None
    if not row.name:
        return None
    shown = display_name(row.name, row.country)
    name = athlete.get("name") or ""
    if registry.resolve(row.name, shown, sex)[0] == athlete.get("slug"):
        return 0
    if fold(shown) == fold(name) or words(shown) == words(name):
        return 0
    if row.country != placing.get("country"):
        return None
    small, large = sorted((set(words(shown)), set(words(name))), key=len)
    if len(small) >= 2 and small <= large:
        return 1
    theirs, ours = family(row.name), fold(name).split()
    if theirs and theirs in (tuple(ours[-len(theirs) :]), tuple(ours[: len(theirs)])):
        return 2
    return None


def agree(listed: str, theirs: str, unit: str) -> str | None:
    """'same' (equal values), 'rounded' (times of different precision, e.g. an official time to
    the tenth beside the lists' hundredths, 1968: 9.9 and 9.95, or the lists' whole seconds
    beside the data set's tenths: the finer one rounded up or down to the coarser one's
    precision is the coarser one) or None (they disagree)."""
    a, b = seconds(listed), seconds(theirs)
    if a is None or b is None:
        return None
    if round(a * 1000) == round(b * 1000):
        return "same"
    places = [len(m.group(1)) if (m := re.search(r"\.(\d+)$", t)) else 0 for t in (listed, theirs)]
    if unit != "time" or places[0] == places[1]:
        return None
    (fine, _), (coarse, digits) = sorted(zip((a, b), places, strict=True), key=lambda x: -x[1])
    step = 10 ** (3 - digits)
    fine_ms, coarse_ms = round(fine * 1000), round(coarse * 1000)
    if coarse_ms in (fine_ms // step * step, -(-fine_ms // step) * step):
        return "rounded"
    return None


def fill_event(
    slug: str,
    event: dict[str, Any],
    rows: dict[tuple[int, str, str, int], list[Row]],
    registry: Registry,
    report: dict[str, list[str]],
) -> bool:
    """Fill the event's null marks from the data set and compare the others; True if changed."""
    year = int(slug.rsplit("-", 1)[1])
    code, sex = event["discipline"], event["sex"]
    label = f"{slug} {code} {sex}"
    unit = UNITS[code]
    filled: list[tuple[int, str, str]] = []
    differ: list[tuple[int, str, str, str]] = []
    moved: list[tuple[int, str, int]] = []  # filled from the medal held before a ruling
    filed = ""  # the data set's title for this race, where it is another event's (OTHER_RACES)
    for final in (r for r in event["rounds"] if r.get("phase", "final") == "final"):
        for placing in final["placings"]:
            place = placing.get("place")
            if placing.get("status") != "ok" or place not in (1, 2, 3):
                continue
            head = f"{label} place {place} {who(placing)}"
            candidates = list(rows.get((year, code, sex, place), []))
            for earlier in held_before(placing, place):
                candidates += rows.get((year, code, sex, earlier), [])
            levels = [(level(r, placing, sex, registry), r) for r in candidates]
            best = min((n for n, _ in levels if n is not None), default=None)
            same = [r for n, r in levels if n is not None and n == best]
            old = placing.get("mark")
            if len(same) != 1:
                if old is None:
                    seen = ", ".join(f"{r.name or r.country} {r.result}" for r in candidates)
                    report["not filled"].append(
                        f"{head}: {len(same)} rows of that athlete"
                        + (f" (data set: {seen})" if candidates else " (no row)")
                    )
                else:
                    report["unchecked"].append(f"{head}: lists {old}, no single row")
                continue
            row = same[0]
            if old is not None:
                if row.mark is None:
                    report["unchecked"].append(f"{head}: lists {old}, data set {row.why}")
                    continue
                how = agree(old, row.mark, unit)
                if how:
                    report["agreed" if how == "same" else "agreed when rounded"].append(
                        f"{head}: lists {old}, data set {row.result}"
                    )
                else:
                    report["disagreements"].append(
                        f"{head}: lists {old}, data set {row.result} (lists' mark kept)"
                    )
                    differ.append((place, who(placing), old, row.result))
                continue
            if row.mark is None:
                report["not filled"].append(f"{head}: {row.why}")
                continue
            if not in_order(final["placings"], place, row.mark, unit):
                report["not filled"].append(
                    f"{head}: data set gives {row.result}, out of order with the marks of "
                    "other places"
                )
                continue
            placing["mark"] = row.mark
            filled.append((place, who(placing), row.mark))
            if row.place != place:
                moved.append((place, who(placing), row.place))
            if (row.title, year) in OTHER_RACES:
                filed = row.title
            report["filled"].append(f"{head}: {row.mark} (data set {row.result})")
    if not filled and not differ:
        return False
    if URL not in event["sources"]:
        event["sources"].append(URL)
    text = sentence(filled, differ, code, filed, moved)
    event["notes"] = f"{event.get('notes') or ''} {text}".strip()
    return True


def held_before(placing: dict[str, Any], place: int) -> list[int]:
    """The other medal places the placing held before later rulings moved it (its corrections'
    `was`): the data set, scraped in 2016, may still give its row at one of them."""
    earlier: list[int] = []
    for correction in placing.get("corrections") or []:
        was = correction.get("was") or {}
        before = was.get("place")
        if was.get("status", "ok") == "ok" and before in MEDALS and before not in (place, *earlier):
            earlier.append(before)
    return earlier


def sentence(
    filled: list[tuple[int, str, str]],
    differ: list[tuple[int, str, str, str]],
    code: str,
    filed: str = "",
    moved: list[tuple[int, str, int]] | None = None,
) -> str:
    text = ""
    same = "the same country's team" if code in RELAYS else "the same athlete"
    if filled:
        which = ", ".join(f"{place} ({name}, {mark})" for place, name, mark in sorted(filled))
        many = "s" if len(filled) > 1 else ""
        text = (
            f"Mark{many} of place{many} {which} from the 'Olympic Track & Field results' data "
            f"set scraped from olympic.org (GitHub {REPOSITORY}, commit {COMMIT[:7]}, {PATH}: "
            f"the row of these Games, event and medal for {same}"
            + (f"; the data set files this race as '{filed}'" if filed else "")
            + "".join(
                f"; for place {place} ({name}), the row of the {MEDALS[was]} medal that athlete "
                "held before a later ruling (the data set predates it)"
                for place, name, was in sorted(moved or [])
            )
            + ")"
        )
        if UNITS[code] == "points":
            text += "; points as the data set gives them (it does not say which scoring tables)"
        text += "."
    for place, name, old, theirs in sorted(differ):
        text += (
            f" For place {place} ({name}) the 'Olympic Track & Field results' data set (GitHub "
            f"{REPOSITORY}, commit {COMMIT[:7]}) gives {theirs}; the World Athletics lists' "
            f"{old} is kept."
        )
    return text.strip()


def fill_results_marks(
    editions: dict[str, list[dict[str, Any]]], registry: Registry, rows: list[Row]
) -> set[str]:
    """Fill null marks of the medal placings olympics_com.py is generating (competition slug ->
    its events, changed in place) and compare the marks already there; print what was done per
    edition, the cross-check's totals, and return the slugs of the editions changed."""
    by_key: dict[tuple[int, str, str, int], list[Row]] = defaultdict(list)
    for row in rows:
        by_key[(row.year, row.code, row.sex, row.place)].append(row)
    held = {
        (int(slug.rsplit("-", 1)[1]), e["discipline"], e["sex"])
        for slug, events in editions.items()
        for e in events
    }
    changed = set()
    totals: dict[str, int] = defaultdict(int)
    for slug, events in sorted(editions.items()):
        report: dict[str, list[str]] = defaultdict(list)
        before = nulls(events)
        for event in events:
            if fill_event(slug, event, by_key, registry, report):
                changed.add(slug)
        for kind, lines in report.items():
            totals[kind] += len(lines)
        print(
            f"== {slug} (olympic.org data set): null marks of medal placings {before} -> "
            f"{nulls(events)}; {len(report['filled'])} filled, {len(report['agreed'])} of the "
            f"lists' marks agree, {len(report['agreed when rounded'])} agree when rounded, "
            f"{len(report['disagreements'])} disagree"
        )
        for kind in ("filled", "disagreements", "agreed when rounded", "not filled", "unchecked"):
            for line in report.get(kind, []):
                print(f"  {kind}: {line}")
    unused: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        if (row.year, row.code, row.sex) not in held and row.year not in unused[row.title]:
            unused[row.title].append(row.year)
    for title, years in sorted(unused.items()):
        print(
            f"  unused rows: {title} {', '.join(map(str, sorted(years)))}: no such event in "
            "these files (1500m finals: app/data/olympic-games-1500m.json)"
        )
    compared = totals["agreed"] + totals["agreed when rounded"] + totals["disagreements"]
    print(
        f"== olympic.org data set: {totals['filled']} marks filled; of the {compared} marks "
        f"the lists gave that the data set also gives, {totals['agreed']} agree, "
        f"{totals['agreed when rounded']} agree when rounded, {totals['disagreements']} "
        f"disagree; {totals['not filled']} null marks left"
    )
    return changed


def nulls(events: list[dict[str, Any]]) -> int:
    return sum(
        1
        for e in events
        for r in e["rounds"]
        if r.get("phase", "final") == "final"
        for p in r["placings"]
        if p.get("mark") is None and p.get("status") == "ok" and p.get("place") is not None
    )


NOTE = (
    "Marks the lists do not give, where the 'Olympic Track & Field results' data set scraped "
    "from olympic.org gives them (data/sources/olympic_results_marks.py), filled while this "
    "file is generated; which places, and any mark that differs from the lists', in each "
    "event's notes."
)
