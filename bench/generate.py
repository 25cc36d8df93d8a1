"""Write a synthetic results file of realistic shape: decades of championships, many disciplines,
heats to finals, relays with members.

    python -m bench.generate OUT.csv [PLACINGS] [FIRST_YEAR]

FIRST_YEAR (default 1950) is the first edition year; the read benchmark starts at 2050 so that
no synthetic edition shares a series and year (or a slug) with the bundled data it sits beside.
"""

import csv
import random
import sys
from collections.abc import Iterator

from app.imports.rows import CSV_COLUMNS

SERIES = ["olympic-games", "world-championships", "world-indoor-championships",
          "european-championships", "commonwealth-games", "diamond-league-final"]  # fmt: skip
TRACK = {"100m": 10_000, "200m": 20_000, "400m": 45_000, "800m": 105_000, "1500m": 215_000,
         "5000m": 790_000, "10000m": 1_650_000, "110m-hurdles": 13_200, "400m-hurdles": 48_000,
         "3000m-steeplechase": 490_000}  # fmt: skip
FIELD = {"high-jump": 2_300, "long-jump": 8_200, "shot-put": 21_000, "javelin-throw": 85_000}
RELAYS = {"4x100m": 38_000, "4x400m": 180_000}
COUNTRIES = ["USA", "KEN", "ETH", "GBR", "JAM", "NOR", "GER", "FRA", "ESP", "ITA", "NED", "AUS",
             "CAN", "JPN", "CHN", "POL", "SWE", "BRA", "RSA", "NZL", "UGA", "MAR", "QAT", "BEL"]  # fmt: skip


def fmt_time(ms: int) -> str:
    minutes, rest = divmod(ms, 60_000)
    seconds, hundredths = divmod(rest // 10, 100)
    return f"{minutes}:{seconds:02d}.{hundredths:02d}" if minutes else f"{seconds}.{hundredths:02d}"


def rounds(lanes: int) -> list[tuple[str, int | None, int]]:
    return [("heat", h, lanes) for h in range(1, 6)] + [
        ("semi-final", s, lanes) for s in (1, 2, 3)
    ] + [("final", None, lanes)]  # fmt: skip


def rows(total: int, seed: int = 7, first_year: int = 1950) -> Iterator[dict[str, object]]:
    rng = random.Random(seed)
    pool = 40_000
    made = 0
    year = first_year
    while made < total:
        for series in SERIES:
            slug = f"{series}-{year}"
            comp = {"competition": slug, "competition_name": f"Synthetic {series} {year}",
                    "series": series, "year": year, "city": "Synthetic City",
                    "start_date": f"{year}-08-01", "end_date": f"{year}-08-10"}  # fmt: skip
            for discipline, base in {**TRACK, **FIELD, **RELAYS}.items():
                for sex in ("men", "women"):
                    for phase, heat, lanes in rounds(8 if discipline in RELAYS else 12):
                        entrants = rng.sample(range(pool), lanes)
                        teams = rng.sample(COUNTRIES, lanes)
                        for place, who in enumerate(entrants, 1):
                            relay = discipline in RELAYS
                            country = teams[place - 1] if relay else COUNTRIES[who % len(COUNTRIES)]
                            value = base + place * max(base // 500, 1) + rng.randint(0, 50)
                            mark = (
                                fmt_time(value)
                                if discipline not in FIELD
                                else f"{value // 1000}.{(value % 1000) // 10:02d}"
                            )
                            status = "dnf" if rng.random() < 0.01 else "ok"
                            row = {**comp, "discipline": discipline, "sex": sex, "phase": phase,
                                   "heat": heat or "", "round_date": f"{year}-08-0{2 + (phase == 'final')}",
                                   "place": place if status == "ok" else "", "country": country,
                                   "mark": mark if status == "ok" else "", "status": status,
                                   "qualification": "Q" if phase != "final" and place <= 3 else ""}  # fmt: skip
                            if relay:
                                row["relay_members"] = ";".join(
                                    f"Runner {sex} {country} {(who + k) % 400}" for k in range(4)
                                )
                            else:
                                row["athlete"] = f"Athlete {sex} {who:05d}"
                                row["athlete_sex"] = sex
                            yield row
                            made += 1
                            if made >= total:
                                return
        year += 1


def write(out: str, total: int, first_year: int = 1950) -> None:
    with open(out, "w", newline="", encoding="utf-8") as stream:
        writer = csv.DictWriter(stream, fieldnames=CSV_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in rows(total, first_year=first_year):
            writer.writerow(row)


def main() -> None:
    out, total = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
    write(out, total, int(sys.argv[3]) if len(sys.argv) > 3 else 1950)


if __name__ == "__main__":
    main()
