"""Members of the Olympic relay and team-race medal teams 1896-2016, filled into the placings that
olympics_com.py generates (called by it, like `world_athletics_lists.olympic_marks`).

Source (facts only): the "120 years of Olympic history" data set (sports-reference/Olympedia
results to Rio 2016; one row per athlete and event entered), file `athlete_events.csv` as
committed in GitHub repository khushi-engg/olympic_data_analyser_new, commit
cb4eb0d3a1d4b2f1e987ff14a7dbd9cc1662aeeb (the repository's only stored copy of the whole file;
the others are cut short or too large for the mirror). That commit stores the CSV
zstd-compressed behind a repeated 4-byte zstd magic number; decompressed it is the 41,500,688-byte
CSV (271,116 rows, CRLF line ends) whose SHA-256 is `SHA256` below, and its first lines are
byte for byte those of the partial copies in plorlando/OlimpicHistory and
Krish1015/olympic-data-analysis. Columns read: ID, Name, Sex, NOC, Year, Season, Sport, Event,
Medal, Team. Not taken: age, height, weight, the data set's athlete IDs (its own numbering, not
Olympedia's).

Which rows are a team (Sport "Athletics", Season "Summer", the Games' year, the event's title in
EVENTS):
- a placed team (status ok, place 1-3): the rows of the placing's country (NOC; for the two MIX
  club teams, 1900 and 1904, the rows whose Team is the club the placing's note names) with the
  medal of that place (1 Gold, 2 Silver, 3 Bronze). Heat-only runners hold the medal in the data
  set and are members. Where no row has that medal and the placing has a later ruling
  (`corrections`, from olympic_reallocations.json: the data set predates it), the country's rows
  whatever their medal, if they all hold one medal value (else ambiguous: left empty, said why);
- a disqualified team (status dq; its earlier place in `corrections`, or the ledger's): the
  country's rows whatever their medal, under the same condition;
- an athlete that the same final holds as a placing of its own (Marion Jones 2000, Crystal Cox
  2004, each disqualified on their own) is not listed as a member, and the notes say so.
NOC codes: the data set writes the codes of the time as the bundle does (GER 1896-1936 and
1952-1964, URS, EUN, FRG, GDR, WIF, RUS): every placing's country was checked against the rows,
none needed mapping. The data set stops at 2016: 2020 teams are left alone.

Names: the data set writes full names, a used name in quotes (`Frederick Carlton "Carl" Lewis`),
other names in brackets (`Evelyn Ashford (-Washington)`: later; `Annegret Richter (Irrgang-)`:
earlier) and suffixes (`, Jr.`). The name shown is the used name and the family name when there
is a quoted one, else the full name; brackets and suffixes are dropped. The data set has lost
every letter outside ASCII (`Mller` for Muller with an umlaut, `Andr mile Devaux`). Each member
is resolved through `Registry.resolve` (aliases.json, then the page-sourced athletes); a slug
that the bundle holds (pages, or the medallists this run generates) keeps the bundle's name.
Otherwise the bundle's athletes of the same sex and country (countries of one lineage count as
one: GER/FRG/GDR, URS/EUN and successors, ...) one of whose names has every word, letters outside
ASCII taken out as the data set does, among the member's name words (at least two words: the
family name and a given name; "Florence Griffith" for `Delorez Florence Griffith Joyner`) and
who is not already another data set athlete are candidates: exactly one (or exactly one with the
member's family name) is the same person, and the source spelling is added to aliases.json
(printed); more than one is printed and nothing is added. Anyone else is
a new athlete, except where a shown name word looks damaged (it starts in lower case and is no
name particle, or it is a word of a bundled name with its non-ASCII letters taken out, like
`Jos`, `Andr`): that member is left out rather than written misspelt, and the notes name the
source spelling. Two data set athletes on one slug, or a member resolved to a bundled athlete of
another country, are printed and the member is left out.

Spellings restored (olympic_relay_spellings.json, written for the members the rules above left
out: a country whose names may have lost letters, or a damaged word): a member whose data set
name has an entry there is resolved with the entry's spelling instead -- through the same
`Registry.resolve` (aliases first, with the data set's spelling as the source name), then the
bundled candidates compared letter for letter (folded, not with letters taken out), else a new
athlete with that spelling. An entry is written only where the second source's spelling, with
every letter outside ASCII removed, is the data set's name exactly. The source of all entries:
the data set author's own scrape before the CSV was written (GitHub rgriff23/Olympic_history,
commit b14dd25bf2b63c562fc7771c70439d005696ea4c, `data/wrangled_infobox.rds`: R's serialized
table whose `Name` column holds the sports-reference full names, one row per athlete in the
data set's ID order; its non-ASCII names are UTF-8 encoded twice over, read back by decoding
twice). Its 135,584 rows, less 13 athletes the data set does not have (Lamyaa Badawi, Nicole
Cargill, ...), line up with the data set's 135,571 IDs in order, every name equal to the data
set's once its letters outside ASCII are removed; `row` in each entry is the row of the `Name`
column (data/sources/olympic_relay_spellings.py rebuilds every entry from that file and checks
it). Event notes name the source and each spelling that differs from the data set's; a
left-out member without an entry stays left out. Members whose individual medals the bundle
holds under another spelling (`Johannes "Hanns" Braun` is olympics.com's Hans Braun, `Henry Lon
mile Deloge` its Henry Deloge) are in aliases.json, found by comparing the restored members with
the bundle's athletes of the same sex, country and family name.

Every fill, alias, restored spelling, new athlete and member left out is printed. Each changed
event gets the file URL (and a spelling source's) in its sources and a sentence in its notes.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from app.core.text import fold
from data.sources.names import Registry, words

REPOSITORY = "khushi-engg/olympic_data_analyser_new"
COMMIT = "cb4eb0d3a1d4b2f1e987ff14a7dbd9cc1662aeeb"
PATH = "athlete_events.csv"
URL = f"https://github.com/{REPOSITORY}/blob/{COMMIT}/{PATH}"
SHA256 = "1751e89b509dd8c0fa0979ee258eef4374aa93f17d64cd07383ad3f57c5aabd7"
MIRROR = Path("/work/.mirror/khushi-engg+olympic_data_analyser_new/repo")
# The data set's names spelt with the letters it lost: data set name -> {name, source, row}.
SPELLINGS = Path(__file__).with_name("olympic_relay_spellings.json")
ENV = "OLYMPIC_ATHLETE_EVENTS"
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
LAST_GAMES = 2016

# Discipline code -> the data set's event title ("{sex}": "Men's" / "Women's").
EVENTS = {
    "4x100m": "Athletics {sex} 4 x 100 metres Relay",
    "4x400m": "Athletics {sex} 4 x 400 metres Relay",
    "1600m-medley-relay": "Athletics {sex} 1,600 metres Medley Relay",
    "3000m-team": "Athletics {sex} 3,000 metres, Team",
    "5000m-team": "Athletics {sex} 5,000 metres, Team",
    "3-miles-team": "Athletics {sex} 3 mile, Team",
    "4-miles-team": "Athletics {sex} 4 mile, Team",
    "cross-country-team": "Athletics {sex} Cross-Country, Team",
}
MEDAL = {1: "Gold", 2: "Silver", 3: "Bronze"}
SEX = {"men": "Men's", "women": "Women's"}
# Countries of one lineage: an athlete may have medalled for either.
LINEAGES = (
    {"GER", "FRG", "GDR", "SAA", "EUA"},
    {"URS", "EUN", "RUS", "ROC", "UKR", "BLR", "KAZ", "UZB", "EST", "LAT", "LTU", "GEO", "ARM"},
    {"TCH", "BOH", "CZE", "SVK"},
    {"YUG", "SCG", "SRB", "CRO", "SLO", "BIH", "MNE", "MKD"},
    {"WIF", "JAM", "TTO", "BAR"},
    {"ANZ", "AUS", "NZL"},
)
# Countries whose athletes the data set writes without letters outside ASCII (English names;
# Japanese, Cyrillic and Georgian names transliterated). Elsewhere a name not in the bundle may
# have lost letters in a way its text cannot show ("Eino Seppl", "Pascal Barr"): no new athlete
# is made.
ASCII_COUNTRIES = {
    "USA", "GBR", "CAN", "AUS", "NZL", "IRL", "JAM", "TTO", "BAH", "BAR", "WIF", "NGR", "GHA",
    "KEN", "RSA", "JPN", "URS", "EUN", "RUS", "UKR", "BLR",
}  # fmt: skip
# Source spellings that the review of the new athletes found to have lost letters anyway.
REVIEWED_LOST = {"Inta Kimovia (-Drvia)"}
PATRONYMIC = re.compile(r"(ovich|evich|ovych|evych|ovna|evna|ivna|ichna)$")
PARTICLES = {"d'", "da", "de", "del", "den", "der", "di", "do", "dos", "du", "la", "le", "ter",
             "van", "von"}  # fmt: skip


def read_rows(path: Path | None = None) -> list[dict[str, str]]:
    """The data set's Athletics rows of the summer Games' team events. `path`: the CSV (or the
    committed zstd file); default: environment variable OLYMPIC_ATHLETE_EVENTS, else the pinned
    commit in the local mirror. Stops with a message if it cannot be read or is not the pinned
    file."""
    path = path or (Path(os.environ[ENV]) if os.environ.get(ENV) else None)
    where = str(path) if path else f"{MIRROR} ({COMMIT}:{PATH})"
    data = _read(path)
    if data is None:
        raise SystemExit(
            f"athlete_events.csv not readable from {where}: the relay members cannot be filled "
            f"(give its path as the third argument or in {ENV})"
        )
    if data.startswith(ZSTD_MAGIC):
        data = _unzstd(data, where)
    digest = hashlib.sha256(data).hexdigest()
    if digest != SHA256:
        raise SystemExit(
            f"athlete_events.csv from {where} is not the pinned file (SHA-256 {digest}, "
            f"expected {SHA256}): the relay members cannot be filled"
        )
    titles = {t.format(sex=s) for t in EVENTS.values() for s in SEX.values()}
    reader = csv.DictReader(io.StringIO(data.decode("utf-8"), newline=""))
    return [
        r
        for r in reader
        if r["Sport"] == "Athletics" and r["Season"] == "Summer" and r["Event"] in titles
    ]


def _read(path: Path | None) -> bytes | None:
    if path is not None:
        return path.read_bytes() if path.is_file() else None
    git = shutil.which("git") or "git"
    done = subprocess.run(  # noqa: S603 (fixed arguments, no shell)
        [git, "-C", str(MIRROR), "show", f"{COMMIT}:{PATH}"], capture_output=True, check=False
    )
    return done.stdout if done.returncode == 0 and done.stdout else None


def _unzstd(data: bytes, where: str) -> bytes:
    """The committed file: a zstd frame after a repeated magic number."""
    while data.startswith(ZSTD_MAGIC + ZSTD_MAGIC):
        data = data[len(ZSTD_MAGIC) :]
    zstd = shutil.which("zstd")
    if zstd is None:
        raise SystemExit(f"{where} is zstd-compressed and no zstd program is installed")
    done = subprocess.run(  # noqa: S603 (fixed arguments, no shell)
        [zstd, "-d", "-c", "-q"], input=data, capture_output=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"{where}: zstd could not decompress it ({done.stderr.decode()[:200]})")
    return done.stdout


def load_spellings(path: Path = SPELLINGS) -> dict[str, dict[str, Any]]:
    """Data set name -> its proper spelling and where that was read (empty without the file)."""
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


LOCATOR = re.compile(r"([\w.-]+/[\w.-]+)@([0-9a-f]{40}):(.+)")


def _located(locator: str) -> tuple[str, str, str] | None:
    """'owner/repo@commit:path' -> (repository, commit, path); None for any other text."""
    found = LOCATOR.fullmatch(locator)
    return (found[1], found[2], found[3]) if found else None


def source_url(locator: str) -> str:
    """A spelling's source as a link: 'owner/repo@commit:path' -> its GitHub blob URL."""
    parts = _located(locator)
    return f"https://github.com/{parts[0]}/blob/{parts[1]}/{parts[2]}" if parts else locator


def source_text(locator: str) -> str:
    """A spelling's source as the notes name it: 'GitHub owner/repo, commit abc1234, path'."""
    parts = _located(locator)
    return f"GitHub {parts[0]}, commit {parts[1][:7]}, {parts[2]}" if parts else locator


# -- names --------------------------------------------------------------------------------------


def parse(source: str, country: str = "") -> tuple[str, str]:
    """(name shown, every name word as one text) for a data set name; for the Soviet lineage the
    patronymic (a middle name in -ovich, -evna, ...) is not shown, as World Athletics writes
    names."""
    every = re.sub(r'[()",]', " ", source)
    text = re.sub(r",\s*(Jr|Sr)\.?$|,\s*(II|III|IV)$", "", source.strip())
    text = re.sub(r"\s*\([^)]*\)", "", text).strip()
    quoted = re.match(r'^(.*?)"([^"]+)"\s*(.*)$', text)
    if quoted and quoted.group(3):
        shown = f"{quoted.group(2)} {quoted.group(3)}"
    else:
        shown = text.replace('"', "")
    parts = shown.split()
    if country in LINEAGES[1] and len(parts) >= 3:
        parts = [parts[0]] + [w for w in parts[1:-1] if not PATRONYMIC.search(w)] + parts[-1:]
    return " ".join(parts), " ".join(every.split())


def ascii_words(name: str) -> set[str]:
    """A bundled name's words as the data set would write them (non-ASCII letters lost)."""
    stripped = "".join(c for c in unicodedata.normalize("NFC", name) if ord(c) < 128)
    return set(words(stripped))


def damaged_words(shown: str, vocabulary: dict[str, set[str]]) -> list[str]:
    """Words of a shown name that look as if the data set lost letters from them."""
    out = []
    for word in re.split(r"[\s\-]+", shown):
        core = word[2:] if word.startswith("d'") else word
        if len(core.strip(".")) < 2:
            continue  # an initial
        lost = core[0].islower() and core.lower() not in PARTICLES
        if lost or core.lower().strip(".") in vocabulary:
            out.append(word)
    return out


def lost_letter_forms(names: Iterable[str]) -> dict[str, set[str]]:
    """Bundled name words with letters outside ASCII -> those words with the letters taken out:
    {"jos": {"josé"}, "andr": {"andré"}, ...}."""
    out: dict[str, set[str]] = defaultdict(set)
    for name in names:
        for word in re.split(r"[\s\-'.]+", unicodedata.normalize("NFC", name)):
            if word and any(ord(c) > 127 for c in word):
                stripped = "".join(c for c in word if ord(c) < 128).lower()
                if stripped:
                    out[stripped].add(word.lower())
    return out


def lineage(countries: Iterable[str]) -> set[str]:
    out = set(countries)
    for group in LINEAGES:
        if out & group:
            out |= group
    return out


class People:
    """Athletes the bundle holds (page files and this run's medallists): slug -> name, sex,
    countries."""

    def __init__(self) -> None:
        self.name: dict[str, str] = {}
        self.names: dict[str, set[str]] = defaultdict(set)
        self.sex: dict[str, str] = {}
        self.countries: dict[str, set[str]] = defaultdict(set)

    def add(self, slug: str, name: str, sex: str, country: str | None) -> None:
        self.name.setdefault(slug, name)
        self.names[slug].add(name)
        self.sex.setdefault(slug, sex)
        if country:
            self.countries[slug].add(country)

    def candidates(
        self, shown: str, every: str, sex: str, country: str, taken: set[str], exact: bool = False
    ) -> list[str]:
        """Bundled athletes one of whose names has every word among the member's name words
        (`every`), the family name included. `exact`: the member's spelling is a restored one,
        so the bundled names are compared folded (letters kept), not with letters taken out."""
        mine = set(words(every))
        spell = (lambda n: set(words(n))) if exact else ascii_words
        found = []
        for slug in self.name:
            if self.sex[slug] != sex or not lineage(self.countries[slug]) & lineage({country}):
                continue
            if slug in taken:  # already another data set athlete (a father, a son)
                continue
            for name in self.names[slug]:
                theirs = spell(name)
                last = spell(name.split()[-1]) if name.split() else set()
                if len(theirs) >= 2 and theirs <= mine and last & mine:
                    found.append(slug)
                    break
        return found


# -- filling ------------------------------------------------------------------------------------


def fill_members(
    editions: dict[str, list[dict[str, Any]]],
    registry: Registry,
    rows: list[dict[str, str]],
    bundled: Iterable[tuple[str, dict[str, Any], str | None]],
    learned: dict[str, str],
    rulings: set[tuple[int, str, str, str]] = frozenset(),  # type: ignore[assignment]
    spellings: dict[str, dict[str, Any]] | None = None,
) -> set[str]:
    """Fill `members` of the team placings of `editions` (competition slug -> events, changed in
    place) from the data set's `rows`; `bundled`: (sex, person, country) of the page files.
    Aliases found are added to `learned` (source spelling -> slug); `rulings`: (year, discipline,
    sex, country) of the teams olympic_reallocations.json moves; `spellings`: data set name ->
    proper spelling (default: olympic_relay_spellings.json). Returns the slugs of the editions
    changed."""
    people = People()
    for sex, person, country in bundled:
        if person.get("name"):
            slug = person.get("slug") or registry.resolve(person["name"], person["name"], sex)[0]
            people.add(slug, person["name"], sex, country)
    for events in editions.values():
        for event in events:
            for round_ in event["rounds"]:
                for placing in round_["placings"]:
                    if placing.get("athlete"):
                        a = placing["athlete"]
                        people.add(a["slug"], a["name"], event["sex"], placing["country"])
    vocabulary = lost_letter_forms(people.name.values())
    by_event: dict[tuple[int, str], list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        by_event[(int(row["Year"]), row["Event"])].append(row)
    state = Filling(
        registry, people, vocabulary, learned, load_spellings() if spellings is None else spellings
    )
    changed = set()
    for slug, events in sorted(editions.items()):
        year = int(slug.rsplit("-", 1)[1])
        if year > LAST_GAMES:
            continue
        for event in events:
            title = EVENTS.get(event["discipline"])
            if title is None or event["sex"] not in SEX:
                continue
            team_rows = by_event[(year, title.format(sex=SEX[event["sex"]]))]
            ruled = {
                c
                for y, d, x, c in rulings
                if (y, d, x) == (year, event["discipline"], event["sex"])
            }
            if state.event(slug, event, team_rows, ruled):
                changed.add(slug)
    state.report()
    return changed


class Filling:
    def __init__(
        self,
        registry: Registry,
        people: People,
        vocabulary: dict[str, set[str]],
        learned: dict[str, str],
        spellings: dict[str, dict[str, Any]] | None = None,
    ) -> None:
        self.registry = registry
        self.spellings = spellings or {}
        self.spelt: list[tuple[str, dict[str, Any]]] = []  # this event's restored spellings
        self.people = people
        self.vocabulary = vocabulary
        self.learned = learned
        self.slug_of_id: dict[str, str] = {}
        self.id_of_slug: dict[str, str] = {}
        self.new: dict[str, str] = {}
        self.lines: dict[str, list[str]] = defaultdict(list)
        self.fallback = ""

    def event(
        self, slug: str, event: dict[str, Any], rows: list[dict[str, str]], ruled: set[str]
    ) -> bool:
        label = f"{slug} {event['sex']} {event['discipline']}"
        sentences: list[str] = []
        filled = 0
        self.spelt = []
        for round_ in event["rounds"]:
            alone = {p["athlete"]["slug"] for p in round_["placings"] if p.get("athlete")}
            for placing in round_["placings"]:
                if "members" not in placing or placing["members"]:
                    continue
                self.fallback = ""
                team, why = self.team(placing, rows, placing["country"] in ruled)
                who = _who(placing)
                if why:
                    self.lines["left empty"].append(f"{label} {who}: {why}")
                    sentences.append(f"{who}: members left empty ({why}).")
                    continue
                members, said = self.members(label, who, team, event["sex"], alone)
                if self.fallback:
                    said.insert(
                        0,
                        f"{who}: moved or disqualified by a later ruling "
                        "(olympic_reallocations.json); members are the data set's rows for the "
                        f"team whatever their medal there ({self.fallback}).",
                    )
                placing["members"] = members
                filled += 1
                self.lines["filled"].append(
                    f"{label} {who}: " + ", ".join(f"{m['name']} ({m['slug']})" for m in members)
                )
                sentences += said
        if not filled:
            if sentences:
                event["notes"] += " " + " ".join(sentences)
            return False
        event["notes"] = event["notes"].replace(
            "no marks, dates or relay members in that source", "no marks, dates or team members"
        )
        event["notes"] += (
            f" Team members from the '120 years of Olympic history' data set (GitHub {REPOSITORY}"
            f", commit {COMMIT[:7]}, {PATH}): the athletes it lists for the team's country with"
            " that medal, heat runners included; no leg order."
        )
        event["notes"] += self.spelling_notes()
        if sentences:
            event["notes"] += " " + " ".join(sentences)
        if URL not in event["sources"]:
            event["sources"].append(URL)
        for url in sorted({source_url(e["source"]) for _, e in self.spelt}):
            if url not in event["sources"]:
                event["sources"].append(url)
        return True

    def spelling_notes(self) -> str:
        """A sentence per spelling source used by this event's members."""
        out = ""
        by_source: dict[str, dict[str, str]] = defaultdict(dict)
        for source, entry in self.spelt:
            by_source[entry["source"]][source] = entry["name"]
        for locator, names in sorted(by_source.items()):
            changed = [f"{n} (data set: '{s}')" for s, n in names.items() if n != s]
            same = [n for s, n in names.items() if n == s]
            parts = []
            if changed:
                parts.append(", ".join(changed))
            if same:
                parts.append(", ".join(same) + " as the data set writes them")
            out += (
                " Members the data set may have written without their letters outside ASCII are"
                f" spelt as in a second source ({source_text(locator)}: the data set author's"
                " scrape before the CSV, same athletes in the same order): "
                + "; ".join(parts)
                + "."
            )
        return out

    def team(
        self, placing: dict[str, Any], rows: list[dict[str, str]], ruled: bool
    ) -> tuple[list[dict[str, str]], str | None]:
        """The data set's rows for this placing's team, or why there are none."""
        country = placing["country"]
        club = re.match(r"Team: (.*)\.$", placing.get("note") or "")
        if country == "MIX":
            name = club.group(1) if club else ""
            mine = [r for r in rows if r["Team"] == name]
        else:
            mine = [r for r in rows if r["NOC"] == country]
        if not mine:
            return [], "the data set lists no athlete of this team"
        place = placing.get("place")
        if placing.get("status", "ok") == "ok" and place in MEDAL:
            medal = [r for r in mine if r["Medal"] == MEDAL[place]]
            if medal:
                return self.one_team(medal)
            if not ruled and not placing.get("corrections"):
                medals = "/".join(sorted({r["Medal"] for r in mine}))
                return [], f"the data set gives this country's team {medals}, not {MEDAL[place]}"
        held = sorted({r["Medal"] for r in mine})
        self.fallback = "/".join(held)
        if len(held) > 1:
            return [], (
                "the data set predates the later ruling and its rows for this country hold "
                f"{' and '.join(held)}, so its team is ambiguous"
            )
        return self.one_team(mine)

    @staticmethod
    def one_team(rows: list[dict[str, str]]) -> tuple[list[dict[str, str]], str | None]:
        teams = sorted({r["Team"] for r in rows})
        if len(teams) > 1:
            return [], f"the data set's rows name {len(teams)} teams ({', '.join(teams)})"
        return rows, None

    def members(
        self, label: str, who: str, rows: list[dict[str, str]], sex: str, alone: set[str]
    ) -> tuple[list[dict[str, Any]], list[str]]:
        out: list[dict[str, Any]] = []
        said: list[str] = []
        left: list[str] = []
        for row in rows:
            found = self.resolve(label, row, sex)
            if isinstance(found, str):
                left.append(f"{row['Name']} ({found})")
                continue
            slug, name = found
            if slug in alone:
                said.append(
                    f"{who}: {name} is not listed as a member: the final holds her or him as a "
                    "placing of their own (a ruling of their own)."
                )
                continue
            if any(m["slug"] == slug for m in out):
                continue
            out.append({"name": name, "slug": slug, "birth_date": None, "leg": None})
        if left:
            said.append(f"{who}: left out, " + "; ".join(left) + ".")
            self.lines["left out"] += [f"{label} {who}: {x}" for x in left]
        distinct = len({r["ID"] for r in rows})
        if distinct < 4:
            said.append(f"{who}: the data set names only {distinct}.")
        return out, said

    def resolve(self, label: str, row: dict[str, str], sex: str) -> tuple[str, str] | str:
        """(slug, name) of a data set row's athlete, or why it is left out."""
        source = row["Name"]
        country = row["NOC"]
        if source in self.spellings:  # a confirmed spelling: resolved with it, never without
            return self.restore(label, row, sex, self.spellings[source])
        shown, every = parse(source, country)
        known = self.known(label, row, sex, shown, every)
        if known is not None:
            return known
        if country not in ASCII_COUNTRIES:
            self.lines["not made"].append(f"{label}: {source} ({country})")
            return (
                "not in the bundle, and the data set may have lost letters outside ASCII "
                "from this country's names"
            )
        bad = damaged_words(shown, self.vocabulary) or (
            ["reviewed"] if source in REVIEWED_LOST else []
        )
        if bad:
            self.lines["damaged"].append(f"{label}: {source} ({', '.join(bad)})")
            return "the data set's spelling has lost letters outside ASCII"
        slug, name = self.registry.resolve(source, shown, sex)
        return self.new_athlete(row, slug, name, sex, label)

    def restore(
        self, label: str, row: dict[str, str], sex: str, entry: dict[str, Any]
    ) -> tuple[str, str] | str:
        """A left-out member resolved with the spelling a second source gives (the data set's
        name as the source spelling for aliases)."""
        source = row["Name"]
        shown, every = parse(entry["name"], row["NOC"])
        self.spelt.append((source, entry))
        known = self.known(label, row, sex, shown, every, exact=True)
        if known is None:
            slug, name = self.registry.resolve(source, shown, sex)
            known = self.new_athlete(row, slug, name, sex, label)
        how = known if isinstance(known, str) else f"{known[1]} ({known[0]})"
        self.lines["restored"].append(f"{label}: {source} -> {entry['name']}: {how}")
        return known

    def new_athlete(
        self, row: dict[str, str], slug: str, name: str, sex: str, label: str
    ) -> tuple[str, str] | str:
        out = self._one(row, slug, name, label)
        if not isinstance(out, str):
            self.people.add(slug, name, sex, row["NOC"])
            if slug not in self.new:
                self.new[slug] = f"{name} ({row['NOC']}, data set: {row['Name']})"
        return out

    def known(
        self,
        label: str,
        row: dict[str, str],
        sex: str,
        shown: str,
        every: str,
        exact: bool = False,
    ) -> tuple[str, str] | str | None:
        """(slug, name) of a bundled athlete the member is (alias, same name, or the one
        candidate), why the member is left out, or None: no bundled athlete."""
        source = row["Name"]
        country = row["NOC"]
        slug, _ = self.registry.resolve(source, shown, sex)
        if slug in self.people.name:
            if not lineage(self.people.countries[slug]) & lineage({country}) and not (
                self.registry.aliases.get(source)
            ):
                self.lines["clashes"].append(
                    f"{label}: {source} ({country}) resolves to {slug}, a bundled athlete of "
                    f"{'/'.join(sorted(self.people.countries[slug]))}"
                )
                return "the name is a bundled athlete's of another country"
            return self._one(row, slug, self.people.name[slug], label)
        taken = {s for s, i in self.id_of_slug.items() if i != row["ID"]}
        found = sorted(
            {
                self.registry.merged.get(f, f)
                for f in self.people.candidates(shown, every, sex, country, taken, exact)
            }
        )
        if len(found) > 1:  # the one with the member's family name (Jason Gardener, not Jason John)
            last = fold(shown.split()[-1])
            same = [
                f for f in found if any(fold(n).split()[-1] == last for n in self.people.names[f])
            ]
            if len(same) == 1:
                found = same
        if len(found) == 1:
            self.learned[source] = found[0]
            self.registry.aliases[source] = found[0]
            self.lines["aliases added"].append(
                f"{source} -> {found[0]} ({self.people.name[found[0]]}, {country})"
            )
            return self._one(row, found[0], self.people.name[found[0]], label)
        if len(found) > 1:
            self.lines["ambiguous"].append(f"{label}: {source} could be {', '.join(found)}")
            if exact:  # the spelling is sure, the person is not: no guessing
                return "the name fits more than one bundled athlete"
        return None

    def _one(self, row: dict[str, str], slug: str, name: str, label: str) -> tuple[str, str] | str:
        """One data set athlete, one slug (and the reverse)."""
        known = self.slug_of_id.setdefault(row["ID"], slug)
        other = self.id_of_slug.setdefault(slug, row["ID"])
        if known != slug or other != row["ID"]:
            self.lines["clashes"].append(
                f"{label}: {row['Name']} (data set ID {row['ID']}) on {slug}, also data set "
                f"ID {other} / slug {known}"
            )
            return "two data set athletes on one slug"
        return slug, name

    def report(self) -> None:
        print(f"== relay members: {len(self.lines['filled'])} teams filled")
        for kind in ("filled", "left empty", "left out", "not made", "damaged", "restored",
                     "clashes", "ambiguous", "aliases added"):  # fmt: skip
            for line in self.lines.get(kind, []):
                print(f"  {kind}: {line}")
        for slug, text in sorted(self.new.items()):
            print(f"  new athlete: {slug}: {text}")


def _who(placing: dict[str, Any]) -> str:
    place = placing.get("place")
    state = f"place {place}" if place else placing.get("status", "")
    return f"team {placing['country']} ({state})"
