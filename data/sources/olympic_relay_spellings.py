"""Rebuild (and so check) `olympic_relay_spellings.json`: the spelling, with the letters the data
set lost, of each relay member olympic_relay_members.py cannot name from the data set alone.

Source (facts only): GitHub rgriff23/Olympic_history, commit
b14dd25bf2b63c562fc7771c70439d005696ea4c, `data/wrangled_infobox.rds` -- the data set author's
scrape of the athletes' pages, saved (R serialization, gzip) before `athlete_events.csv` was
written. Its `Name` column is read as R writes a character vector (XDR: a 4-byte flags word and
a 4-byte length per string); the names outside ASCII were stored UTF-8 encoded twice, so each is
decoded again while that changes it. Row k of the column belongs to the k-th athlete ID of
`athlete_events.csv` (the data set's ID order), skipping the 13 rows of athletes the data set does
not have: a row is matched to an ID only if, with every letter outside ASCII removed, it is
exactly the data set's name. Every ID finds its row that way.

The keys (which data set names need a spelling) are the file's own: the members that
olympic_relay_members.py prints as "left out" when run without this file. For each key this
script writes the row's spelling and row number, and prints every entry it changes; a key whose
name no aligned row has stops it.

Run: python -m data.sources.olympic_relay_spellings RDS CSV (RDS: wrangled_infobox.rds, from
`git show b14dd25bf2b63c562fc7771c70439d005696ea4c:data/wrangled_infobox.rds` in a clone of the
source; athlete_events.csv as olympic_relay_members.py reads it).
"""

from __future__ import annotations

import csv
import gzip
import json
import struct
import sys
from pathlib import Path

SOURCE = (
    "rgriff23/Olympic_history@b14dd25bf2b63c562fc7771c70439d005696ea4c:data/wrangled_infobox.rds"
)
OUT = Path(__file__).with_name("olympic_relay_spellings.json")
CHARSXP, STRSXP, VECSXP = 9, 16, 19


def ascii_only(text: str) -> str:
    return "".join(c for c in text if ord(c) < 128)


def undouble(raw: bytes) -> str:
    """A name as stored (UTF-8, possibly encoded twice or more) -> its text."""
    text = raw.decode("utf-8")
    while True:
        try:
            again = text.encode("latin-1").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            return text
        if again == text:
            return text
        text = again


def names_column(path: Path) -> list[str | None]:
    """The first column of the serialized table (its `Name` vector)."""
    with gzip.open(path) as stream:
        data = stream.read()
    if data[:2] != b"X\n":
        raise SystemExit(f"{path}: not an R XDR serialization")
    at = 2

    def word() -> int:
        nonlocal at
        (value,) = struct.unpack(">i", data[at : at + 4])
        at += 4
        return value

    word(), word(), word()  # format version, R version, minimal R version
    if word() & 0xFF != VECSXP:
        raise SystemExit(f"{path}: not a list (data frame)")
    word()  # columns
    if word() & 0xFF != STRSXP:
        raise SystemExit(f"{path}: first column is not character")
    names: list[str | None] = []
    for _ in range(word()):
        if word() & 0xFF != CHARSXP:
            raise SystemExit(f"{path}: unexpected element in the name column")
        length = word()
        if length == -1:
            names.append(None)
            continue
        names.append(undouble(data[at : at + length]))
        at += length
    return names


def aligned(names: list[str | None], csv_path: Path) -> dict[str, list[tuple[str, int]]]:
    """Data set name -> (spelling, 1-based row of the column) of each athlete of that name, by
    ID order."""
    by_id: dict[int, str] = {}
    with csv_path.open(encoding="utf-8", newline="") as stream:
        for row in csv.DictReader(stream):
            by_id.setdefault(int(row["ID"]), row["Name"])
    found: dict[str, list[tuple[str, int]]] = {}
    k = 0
    for athlete_id in sorted(by_id):
        name = by_id[athlete_id]
        while k < len(names) and (names[k] is None or ascii_only(names[k] or "") != name):
            k += 1
        if k == len(names):
            raise SystemExit(f"ID {athlete_id} ({name!r}): no row of the name column matches")
        found.setdefault(name, []).append((names[k] or "", k + 1))
        k += 1
    return found


def main(rds: Path, csv_path: Path) -> None:
    spellings = json.loads(OUT.read_text(encoding="utf-8"))
    rows = aligned(names_column(rds), csv_path)
    for key, entry in spellings.items():
        if key not in rows:
            raise SystemExit(f"{key!r}: not a name of the data set")
        if len({name for name, _ in rows[key]}) > 1:  # two people, two spellings: which?
            raise SystemExit(f"{key!r}: athletes of this name are spelt {rows[key]}")
        name, row = rows[key][0]
        fresh = {"name": name, "source": SOURCE, "row": row}
        if fresh != entry:
            print(f"changed: {key!r}: {entry} -> {fresh}")
        spellings[key] = fresh
    OUT.write_text(json.dumps(spellings, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(spellings)} spellings written")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
