"""Paris 2024 athletics, every round, -> app/data/paris-2024/olympic-games-2024.json.

Sources (facts only):
- Results of every round (rank, mark, DNS/DNF/DQ/NM, Q/q): GitHub repository
  mjngxwnj/Olympics_data_Project, commit f68432553f40f1982113d31ac8c810d7984cd7ad,
  file `data/results/Athletics.csv`. It stops on 9 August 2024: the finals run later (and both
  marathons, and the heptathlon standings) are not in it.
- Medallists with relay members (final and heat runners, as the IOC awards them): GitHub
  repository susheel-vemuri/olympics-2024, commit 07fee45a39610f12ba282ca53109ac89f6caa680,
  file `medallists.csv`. Used for the finals the first file lacks (as medallists only) and for
  the members of every relay medal team; checked against the first file's finals.

Events that another bundled file already holds in full keep that file's final; their other
rounds come from here. Neither source flags records, so `records` stay empty here.

Run: python -m data.sources.paris_2024 RESULTS_CSV MEDALLISTS_CSV
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

from data.sources.names import DATA, Registry, display_name
from data.sources.olympics_com import existing_events

RESULTS = (
    "https://github.com/mjngxwnj/Olympics_data_Project/blob/"
    "f68432553f40f1982113d31ac8c810d7984cd7ad/data/results/Athletics.csv"
)
MEDALLISTS = (
    "https://github.com/susheel-vemuri/olympics-2024/blob/"
    "07fee45a39610f12ba282ca53109ac89f6caa680/medallists.csv"
)
OUT = DATA / "paris-2024"
PLACE = {"Gold Medal": 1, "Silver Medal": 2, "Bronze Medal": 3}
SEX = {"M": "men", "W": "women", "X": "mixed"}
CODES = {
    "10,000m": "10000m",
    "3000m Steeplechase": "3000m-steeplechase",
    "4 x 100m Relay": "4x100m",
    "4 x 400m Relay": "4x400m",
    "20km Race Walk": "20km-walk",
    "Marathon": "marathon",
    "Marathon Race Walk Relay": "marathon-race-walk-relay",
    "Decathlon": "decathlon",
    "Heptathlon": "heptathlon",
    "100m Hurdles": "100m-hurdles",
    "110m Hurdles": "110m-hurdles",
    "400m Hurdles": "400m-hurdles",
}
# The results file's qualification marks -> (Q/q, note).
QUALIFICATION = {
    "Q": ("Q", None),
    "q": ("q", None),
    "Re": (None, "To the repechage round."),
    "qR": ("q", "Advanced by the referee's decision."),
    "qJ": ("q", "Advanced by the jury's decision."),
}
STATUS = {"DNS": "dns", "DNF": "dnf", "DQ": "dq", "NM": "nm"}


def event_key(name: str) -> tuple[str, str]:
    """ "Men's 4 x 100m Relay" -> ("4x100m", "men"); "4 x 400m Relay Mixed" -> mixed."""
    if name.startswith("Men's "):
        sex, rest = "men", name[6:]
    elif name.startswith("Women's "):
        sex, rest = "women", name[8:]
    else:
        sex, rest = "mixed", name.removesuffix(" Mixed")
    code = CODES.get(rest) or rest.lower().replace(" ", "-")
    return code, sex


def round_of(stage: str) -> tuple[str, int | None] | None:
    """ "Round 1 - Heat 2" -> ("heat", 2); None for the parts of a combined event."""
    if stage in ("", "Final", "- Final"):
        return "final", None
    patterns = [
        (r"^Round 1 - Heat (\d+)$", "heat"),
        (r"^Repechage - Heat (\d+)$", "repechage"),
        (r"^Semi-Final (\d+)$", "semi-final"),
        (r"^Preliminary Round - Heat (\d+)$", "preliminary"),
        (r"^Qualification - Group ([A-Z])$", "qualification"),
    ]
    for pattern, phase in patterns:
        match = re.match(pattern, stage)
        if match:
            value = match.group(1)
            return phase, int(value) if value.isdigit() else ord(value) - ord("A") + 1
    return None


def person_name(text: str, country: str) -> str:
    """ "KERR Josh" -> "Josh Kerr" (display_name reads upper-case words as the family name)."""
    return display_name(text, country)


def convert(results_csv: Path, medallists_csv: Path) -> None:
    registry = Registry(skip=(str(OUT),))
    held = existing_events(OUT)
    medallists = medal_rows(medallists_csv)
    rounds: dict[tuple[str, str], dict[tuple[str, int | None], dict[str, Any]]] = defaultdict(dict)
    skipped: list[str] = []
    with results_csv.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            code, sex = event_key(row["event_name"])
            stage = row["event_stage"].removeprefix(row["event_name"]).strip()
            found = round_of(stage)
            if found is None:
                continue
            phase, heat = found
            rnd = rounds[(code, sex)].setdefault(
                (phase, heat),
                {"phase": phase, "heat": heat, "date": row["date"][:10], "placings": []},
            )
            if row["participant_type"] == "Team" and any(
                p["country"] == row["participant_country_code"] and "members" in p
                for p in rnd["placings"]
            ):
                skipped.append(f"{row['event_stage']}: {row['participant_name']}")
                continue  # Podium holds one team per country per race
            rnd["placings"].append(placing(row, sex, registry, medallists.get((code, sex), {})))
    events = []
    problems = []
    for (code, sex), medals in sorted(medallists.items()):
        if (code, sex) not in rounds or ("final", None) not in rounds[(code, sex)]:
            rounds[(code, sex)][("final", None)] = medal_final(medals, sex, registry)
            rounds[(code, sex)]["medallists-only"] = {}
    for (code, sex), by_round in sorted(rounds.items()):
        medallists_only = by_round.pop("medallists-only", None) is not None
        notes = []
        if (2024, code, sex) in held:
            by_round.pop(("final", None), None)
            notes.append("Final from the page-sourced file; other rounds from the results file.")
        elif medallists_only:
            notes.append(
                "Final not in the results file (run after 9 August 2024): medallists only."
            )
        else:
            problems += check_final(
                code, sex, by_round[("final", None)], medallists.get((code, sex))
            )
        coverage = "medallists" if medallists_only else "all-rounds"
        ordered = sorted(
            by_round.values(), key=lambda r: (PHASES.index(r["phase"]), r["heat"] or 0)
        )
        event: dict[str, Any] = {"discipline": code, "sex": sex}
        if (2024, code, sex) not in held:  # the file holding the final says how complete it is
            event |= {"coverage": coverage, "sources": [RESULTS, MEDALLISTS]}
            event["notes"] = " ".join(notes) or None
        events.append({**event, "rounds": ordered})
    OUT.mkdir(exist_ok=True)
    document = {
        "sources": [RESULTS, MEDALLISTS],
        "notes": "Generated by data/sources/paris_2024.py; do not edit by hand. No record flags in "
        "these sources. Relay members are those awarded medals (final and heat runners); leg "
        "order is not in the sources. A country's second team in one race is not stored (one "
        "team per country per race): " + "; ".join(skipped) + ".",
        "competitions": [{"slug": "olympic-games-2024", "events": events}],
    }
    (OUT / "olympic-games-2024.json").write_text(
        json.dumps(document, indent=1, ensure_ascii=False) + "\n"
    )
    for line in problems:
        print("disagreement:", line)


PHASES = ["preliminary", "qualification", "heat", "repechage", "semi-final", "final"]


def medal_rows(path: Path) -> dict[tuple[str, str], dict[str, list[dict[str, str]]]]:
    """(discipline, sex) -> country or athlete name -> medallist rows (a team has several)."""
    out: dict[tuple[str, str], dict[str, list[dict[str, str]]]] = defaultdict(dict)
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["discipline"] != "Athletics" or not row["name"]:
                continue
            key = event_key(row["event"])
            holder = row["country_code"] if row["event_type"] == "TEAM" else row["name"]
            out[key].setdefault(holder, []).append(row)
    return out


def member(row: dict[str, str], registry: Registry) -> dict[str, Any]:
    sex = "men" if row["gender"] == "Male" else "women"
    name = person_name(row["name"], row["country_code"])
    slug, name = registry.resolve(row["name"], name, sex)
    return {
        "name": name,
        "slug": slug,
        "sex": sex,
        "birth_date": row["birth_date"] or None,
        "leg": None,
    }


def placing(
    row: dict[str, str], sex: str, registry: Registry, medals: dict[str, list[dict[str, str]]]
) -> dict[str, Any]:
    status = STATUS.get(row["result_IRM"], "ok")
    out: dict[str, Any] = {
        "place": int(float(row["rank"])) if row["rank"] and status == "ok" else None,
        "country": row["participant_country_code"],
        "mark": row["result"] or None,
        "status": status,
        "qualification": QUALIFICATION.get(row["qualification_mark"], (None, None))[0],
    }
    note = QUALIFICATION.get(row["qualification_mark"], (None, None))[1]
    if note:
        out["note"] = note
    if row["participant_type"] == "Team":
        team = medals.get(row["participant_country_code"], [])
        is_final = row["event_stage"].endswith("Final") or row["event_stage"] == row["event_name"]
        out["members"] = [member(m, registry) for m in team] if is_final else []
        if sex != "mixed":
            for m in out["members"]:
                m.pop("sex")
    else:
        name = person_name(row["participant_name"], row["participant_country_code"])
        slug, name = registry.resolve(row["participant_name"], name, sex)
        out["athlete"] = {"name": name, "slug": slug}
    return out


def medal_final(
    medals: dict[str, list[dict[str, str]]], sex: str, registry: Registry
) -> dict[str, Any]:
    placings = []
    for rows in medals.values():
        first = rows[0]
        out: dict[str, Any] = {
            "place": PLACE[first["medal_type"]],
            "country": first["country_code"],
            "mark": None,
            "status": "ok",
        }
        if first["event_type"] == "TEAM":
            out["members"] = [member(m, registry) for m in rows]
            if sex != "mixed":
                for m in out["members"]:
                    m.pop("sex")
        else:
            out["athlete"] = {
                k: v
                for k, v in member(first, registry).items()
                if k in ("name", "slug", "birth_date")
            }
        placings.append(out)
    placings.sort(key=lambda p: p["place"])
    date = min(m["medal_date"] for rows in medals.values() for m in rows)
    return {"phase": "final", "heat": None, "date": date, "placings": placings}


def check_final(
    code: str, sex: str, final: dict[str, Any], medals: dict[str, list[dict[str, str]]] | None
) -> list[str]:
    """The results file's podium must be the medallists file's podium."""
    if not medals:
        return [f"{sex} {code}: no medallists in the medallists file"]
    theirs = {(PLACE[rows[0]["medal_type"]], rows[0]["country_code"]) for rows in medals.values()}
    ours = {(p["place"], p["country"]) for p in final["placings"] if p["place"] in (1, 2, 3)}
    return (
        []
        if theirs == ours
        else [f"{sex} {code}: results {sorted(ours)} vs medallists {sorted(theirs)}"]
    )


if __name__ == "__main__":
    convert(Path(sys.argv[1]), Path(sys.argv[2]))
