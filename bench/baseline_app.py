"""The read benchmark's baseline: a plain FastAPI app answering Podium's headline questions with
hand-written SQL on the same database, the same JSON (the benchmark checks it), nothing else.

    BENCH_DATABASE_URL=sqlite:///reads.db uvicorn bench.baseline_app:app

`async def` endpoints; SQLite runs on the event loop through one `sqlite3` connection (a read
of a fraction of a millisecond is cheaper than a thread hop), PostgreSQL through psycopg 3
async connections from a pool of 10. `/healthz` is the FastAPI hello the 304 and health
answers are compared with. No middleware, no ORM, no response models: JSON from dicts.
"""

import asyncio
import json
import os
import re
import sqlite3
import unicodedata
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, HTTPException
from fastapi.responses import Response

SERIES = ["olympic-games", "world-championships", "world-indoor-championships",
          "european-championships", "commonwealth-games", "diamond-league-final"]  # fmt: skip
PHASES = ["preliminary", "qualification", "heat", "repechage", "semi-final", "final"]

REALLOCATED = (
    "EXISTS (SELECT 1 FROM placing_change pc WHERE pc.placing_id = p.id AND pc.field = 'place')"
)
MEDAL_COLUMNS = f"""p.id AS placing_id, p.country_code, p.place, p.mark, r.date,
    e.discipline_code AS discipline, e.sex, c.id AS competition_id,
    c.slug AS competition_slug, c.name AS competition_name, c.series, c.year, c.start_date,
    {REALLOCATED} AS reallocated"""
MEDAL_JOINS = """FROM "placing" p JOIN "round" r ON r.id = p.round_id
    JOIN event e ON e.id = r.event_id JOIN competition c ON c.id = e.competition_id"""
IS_MEDAL = (
    "p.place <= 3 AND p.status = 'ok' AND r.phase = 'final'"
    " AND c.series IN (SELECT code FROM series WHERE awards_medals)"
)
RELAY_JOINS = """JOIN "round" tr ON tr.event_id = e.id
    JOIN "placing" tp ON tp.round_id = tr.id AND tp.country_code = p.country_code
        AND tp.athlete_id IS NULL
    JOIN relay_member rm ON rm.placing_id = tp.id"""


def athlete_medals(where: str = "", individual: str = "", relay: str = "") -> str:
    """Individual medals plus a relay medal for every member of the team (any round)."""
    return f"""
    SELECT p.athlete_id, {MEDAL_COLUMNS}, FALSE AS relay {MEDAL_JOINS}
    WHERE {IS_MEDAL} AND p.athlete_id IS NOT NULL {where} {individual}
    UNION ALL
    SELECT DISTINCT rm.athlete_id, {MEDAL_COLUMNS}, TRUE AS relay {MEDAL_JOINS} {RELAY_JOINS}
    WHERE {IS_MEDAL} AND p.athlete_id IS NULL {where} {relay}"""


ATHLETE = "SELECT id, slug, name, country_code FROM athlete WHERE slug = :slug"
CABINET = f"""SELECT * FROM ({athlete_medals("", "AND p.athlete_id = :athlete",
                                             "AND rm.athlete_id = :athlete")}) m
ORDER BY year, start_date, date, discipline, sex"""  # fmt: skip
MEDALLISTS = f"""
WITH m AS ({athlete_medals("AND e.discipline_code = :discipline AND c.series = :series")}),
g AS (
    SELECT athlete_id, COUNT(DISTINCT competition_id) AS editions,
        COUNT(*) FILTER (WHERE place = 1) AS golds, COUNT(*) FILTER (WHERE place = 2) AS silvers
    FROM m GROUP BY athlete_id HAVING COUNT(DISTINCT competition_id) >= :min_editions),
page AS (
    SELECT g.athlete_id AS id, g.editions, g.golds, g.silvers, a.slug, a.name AS athlete_name,
        a.country_code AS athlete_country, a.name_folded, COUNT(*) OVER () AS total
    FROM g JOIN athlete a ON a.id = g.athlete_id
    ORDER BY g.editions DESC, g.golds DESC, g.silvers DESC, a.name_folded
    LIMIT :limit OFFSET :offset)
SELECT page.*, m.* FROM page JOIN m ON m.athlete_id = page.id
ORDER BY page.editions DESC, page.golds DESC, page.silvers DESC, page.name_folded,
    m.year, m.start_date, m.date, m.discipline"""
GOLD, SILVER, BRONZE = (f"COUNT(*) FILTER (WHERE p.place = {n})" for n in (1, 2, 3))
MEDAL_TABLE = f"""
SELECT p.country_code AS country, {GOLD} AS gold, {SILVER} AS silver, {BRONZE} AS bronze,
    RANK() OVER (ORDER BY {GOLD} DESC, {SILVER} DESC, {BRONZE} DESC) AS rank
{MEDAL_JOINS} WHERE {IS_MEDAL} {{where}}
GROUP BY p.country_code ORDER BY gold DESC, silver DESC, bronze DESC, country"""
COMPETITION_SUMMARY = "SELECT slug, name, series, year FROM competition WHERE slug = :slug"
ROUND = """
SELECT c.slug AS c_slug, c.name AS c_name, c.series, c.year, e.discipline_code, e.sex,
    r.id, r.slug, r.phase, r.heat, r.date, r.wind
FROM competition c JOIN event e ON e.competition_id = c.id JOIN "round" r ON r.event_id = e.id
WHERE c.slug = :competition AND e.sex = :sex AND e.discipline_code = :discipline
    AND r.slug = :round"""
STATUS_ORDER = "CASE p.status WHEN 'ok' THEN 0 WHEN 'dnf' THEN 1 WHEN 'dq' THEN 2 " \
    "WHEN 'dns' THEN 3 WHEN 'nm' THEN 4 ELSE 5 END"  # fmt: skip
PLACINGS = f"""
SELECT p.id, p.place, p.country_code, p.mark, p.status, p.qualification, p.records, p.note,
    {REALLOCATED} AS reallocated, a.slug, a.name, a.country_code AS athlete_country
FROM "placing" p LEFT JOIN athlete a ON a.id = p.athlete_id
WHERE p.round_id = :round
ORDER BY p.place IS NULL, p.place, {STATUS_ORDER}, p.mark_value, a.name_folded"""
MEMBERS = """
SELECT rm.placing_id, rm.leg, a.slug, a.name, a.country_code
FROM relay_member rm JOIN athlete a ON a.id = rm.athlete_id
WHERE rm.placing_id IN (SELECT id FROM "placing" WHERE round_id = :round AND athlete_id IS NULL)
ORDER BY rm.placing_id, rm.leg, a.name_folded"""
TWO_ATHLETES = "SELECT id, slug, name, country_code FROM athlete WHERE slug IN (:a, :b)"
SHARED = """
SELECT c.slug, c.name, c.series, c.year, e.discipline_code, e.sex, r.slug AS round,
    d.lower_is_better, a.place AS a_place, a.mark AS a_mark, a.mark_value AS a_value,
    a.status AS a_status, b.place AS b_place, b.mark AS b_mark, b.mark_value AS b_value,
    b.status AS b_status
FROM "placing" a JOIN "placing" b ON b.round_id = a.round_id AND b.athlete_id = :other
    JOIN "round" r ON r.id = a.round_id JOIN event e ON e.id = r.event_id
    JOIN discipline d ON d.code = e.discipline_code JOIN competition c ON c.id = e.competition_id
WHERE a.athlete_id = :athlete
ORDER BY c.year, c.start_date, r.date, r.id"""
SEARCH = """
SELECT slug, name, country_code AS country, sex, birth_date, world_athletics_id, olympedia_id,
    COUNT(*) OVER () AS total
FROM athlete WHERE name_folded LIKE :pattern ESCAPE '\\'
ORDER BY name_folded, slug LIMIT :limit OFFSET :offset"""
# SQLite: the same, narrowed by the trigram FTS5 table Podium's schema keeps (migration 0008),
# for queries of 3+ characters; on PostgreSQL the LIKE uses the pg_trgm index by itself.
SEARCH_SQLITE = SEARCH.replace(
    "WHERE name_folded", "WHERE id IN (SELECT rowid FROM athlete_name_search"
    " WHERE athlete_name_search MATCH :phrase) AND name_folded",
)  # fmt: skip
COMPETITION = """SELECT id, slug, name, series, year, city, host_country, start_date, end_date,
    sources, notes FROM competition WHERE slug = :slug"""
EVENTS = """SELECT discipline_code, sex, coverage FROM event WHERE competition_id = :id
ORDER BY discipline_code, sex"""
EVENT = """
SELECT c.slug AS c_slug, c.name AS c_name, c.series, c.year, e.id, e.discipline_code, e.sex,
    e.coverage, e.sources, e.notes
FROM competition c JOIN event e ON e.competition_id = c.id
WHERE c.slug = :competition AND e.sex = :sex AND e.discipline_code = :discipline"""
PHASE_ORDER = "CASE phase " + " ".join(f"WHEN '{p}' THEN {i}" for i, p in enumerate(PHASES))
ROUNDS = f"""SELECT slug, phase, heat, date, wind FROM "round" WHERE event_id = :event
ORDER BY {PHASE_ORDER} ELSE 3 END, heat"""

# The headline statements by name (bench.read_bench times them and prints their plans).
STATEMENTS = {"cabinet": CABINET, "medallists": MEDALLISTS, "round placings": PLACINGS,
              "medal table": MEDAL_TABLE.format(where=""), "head-to-head": SHARED,
              "search": SEARCH}  # fmt: skip


class SQLite:
    def __init__(self, path: str) -> None:
        self.connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)

    async def all(self, sql: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        cursor = self.connection.execute(sql, params or {})
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    async def close(self) -> None:
        self.connection.close()


def pyformat(sql: str) -> str:
    """`:name` placeholders as psycopg's `%(name)s`."""
    return re.sub(r"(?<![:\w]):(\w+)", r"%(\1)s", sql)


class Postgres:
    def __init__(self, url: str, size: int = 10) -> None:
        self.url, self.size = url, size
        self.pool: asyncio.Queue[Any] = asyncio.Queue()
        self.sql: dict[str, str] = {}

    async def open(self) -> None:
        import psycopg
        from psycopg.rows import dict_row

        for _ in range(self.size):
            connection = await psycopg.AsyncConnection.connect(
                self.url, autocommit=True, row_factory=dict_row
            )
            self.pool.put_nowait(connection)

    async def all(self, sql: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        text = self.sql.get(sql) or self.sql.setdefault(sql, pyformat(sql))
        connection = await self.pool.get()
        try:
            cursor = await connection.execute(text, params or {})
            rows: list[dict[str, Any]] = await cursor.fetchall()
            return rows
        finally:
            self.pool.put_nowait(connection)

    async def close(self) -> None:
        while not self.pool.empty():
            await self.pool.get_nowait().close()


def connect(url: str) -> SQLite | Postgres:
    if url.startswith("sqlite"):
        return SQLite(url.split(":///", 1)[1])
    return Postgres(re.sub(r"^postgres(ql)?(\+\w+)?://", "postgresql://", url))


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    db = connect(os.environ["BENCH_DATABASE_URL"])
    if isinstance(db, Postgres):
        await db.open()
    app.state.db = db
    yield
    await db.close()


app = FastAPI(lifespan=lifespan)


def db() -> SQLite | Postgres:
    database: SQLite | Postgres = app.state.db
    return database


def reply(body: Any) -> Response:
    content = json.dumps(body, default=str, ensure_ascii=False, separators=(",", ":"))
    return Response(content, media_type="application/json")


def not_found() -> HTTPException:
    return HTTPException(404, "not found")


def summary(row: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    return {"slug": row[f"{prefix}slug"], "name": row[f"{prefix}name"],
            "series": row["series"], "year": row["year"]}  # fmt: skip


def medal_item(row: dict[str, Any]) -> dict[str, Any]:
    place = row["place"]
    return {
        "medal": "gold" if place == 1 else "silver" if place == 2 else "bronze",
        "competition": summary(row, "competition_"),
        "event": {
            "slug": f"{row['sex']}-{row['discipline']}",
            "discipline": row["discipline"],
            "sex": row["sex"],
        },
        "place": place,
        "mark": row["mark"],
        "country": row["country_code"],
        "date": row["date"],
        "reallocated": bool(row["reallocated"]),
        "relay": bool(row["relay"]),
    }


def count(items: list[dict[str, Any]]) -> dict[str, int]:
    colours = Counter(item["medal"] for item in items)
    return {"gold": colours["gold"], "silver": colours["silver"], "bronze": colours["bronze"],
            "total": len(items)}  # fmt: skip


def person(row: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    return {"slug": row[f"{prefix}slug"], "name": row[f"{prefix}name"],
            "country": row[f"{prefix}country_code"]}  # fmt: skip


def event_parts(event: str) -> tuple[str, str]:
    sex, _, discipline = event.partition("-")
    return sex, discipline


@app.get("/healthz")
async def hello() -> Response:
    return reply({"status": "ok"})


@app.get("/v1/athletes/{slug}/medals")
async def cabinet(slug: str) -> Response:
    found = await db().all(ATHLETE, {"slug": slug})
    if not found:
        raise not_found()
    athlete = found[0]
    items = [medal_item(r) for r in await db().all(CABINET, {"athlete": athlete["id"]})]
    by_series = []
    for series in SERIES:
        mine = [i for i in items if i["competition"]["series"] == series]
        if mine:
            by_series.append({**count(mine), "series": series})
    return reply({"athlete": person(athlete), "totals": count(items), "by_series": by_series,
                  "medals": items})  # fmt: skip


@app.get("/v1/medallists")
async def medallists(
    discipline: str, series: str, min_editions: int = 1, limit: int = 50, offset: int = 0
) -> Response:
    params = {"discipline": discipline, "series": series, "min_editions": min_editions,
              "limit": limit, "offset": offset}  # fmt: skip
    items: dict[int, dict[str, Any]] = {}
    total = 0
    for row in await db().all(MEDALLISTS, params):
        total = row["total"]
        item = items.get(row["id"])
        if item is None:
            athlete = {"slug": row["slug"], "name": row["athlete_name"],
                       "country": row["athlete_country"]}  # fmt: skip
            item = items[row["id"]] = {"athlete": athlete, "editions": row["editions"],
                                       "medals": []}  # fmt: skip
        item["medals"].append(medal_item(row))
    for item in items.values():
        item["totals"] = count(item["medals"])
    return reply({"items": list(items.values()), "total": total, "limit": limit, "offset": offset})


def table(rows: list[dict[str, Any]], competition: dict[str, Any] | None) -> Response:
    for row in rows:
        row["total"] = row["gold"] + row["silver"] + row["bronze"]
    totals = {key: sum(r[key] for r in rows) for key in ("gold", "silver", "bronze", "total")}
    return reply({"competition": competition, "rows": rows, "totals": totals})


@app.get("/v1/medal-table")
async def medal_table() -> Response:
    return table(await db().all(MEDAL_TABLE.format(where="")), None)


@app.get("/v1/competitions/{competition}/medal-table")
async def competition_medal_table(competition: str) -> Response:
    found = await db().all(COMPETITION_SUMMARY, {"slug": competition})
    if not found:
        raise not_found()
    statement = MEDAL_TABLE.format(where="AND c.slug = :competition")
    return table(await db().all(statement, {"competition": competition}), found[0])


@app.get("/v1/competitions/{competition}/events/{event}/rounds/{slug}")
async def round_results(competition: str, event: str, slug: str) -> Response:
    sex, discipline = event_parts(event)
    params = {"competition": competition, "sex": sex, "discipline": discipline, "round": slug}
    found = await db().all(ROUND, params)
    if not found:
        raise not_found()
    header = found[0]
    rows = await db().all(PLACINGS, {"round": header["id"]})
    members: dict[int, list[dict[str, Any]]] = {}
    if any(r["slug"] is None for r in rows):
        for m in await db().all(MEMBERS, {"round": header["id"]}):
            members.setdefault(m["placing_id"], []).append({"athlete": person(m), "leg": m["leg"]})
    placings = [
        {
            "id": r["id"],
            "place": r["place"],
            "athlete": None if r["slug"] is None else {
                "slug": r["slug"], "name": r["name"], "country": r["athlete_country"]},
            "members": members.get(r["id"], []) if r["slug"] is None else None,
            "country": r["country_code"],
            "mark": r["mark"],
            "status": r["status"],
            "qualification": r["qualification"],
            "records": r["records"].split(",") if r["records"] else [],
            "note": r["note"],
            "reallocated": bool(r["reallocated"]),
        }
        for r in rows
    ]  # fmt: skip
    return reply({
        "slug": header["slug"], "phase": header["phase"], "heat": header["heat"],
        "date": header["date"], "wind": header["wind"], "competition": summary(header, "c_"),
        "event": event, "discipline": header["discipline_code"], "sex": header["sex"],
        "placings": placings,
    })  # fmt: skip


def ahead(a: tuple[Any, Any, str], b: tuple[Any, Any, str], lower_is_better: bool) -> int:
    """Podium's rule: a finisher beats a non-finisher, then place, then mark."""
    a_ok, b_ok = a[2] == "ok", b[2] == "ok"
    if a_ok != b_ok:
        return 1 if a_ok else -1
    if not a_ok:
        return 0
    if a[0] is not None and b[0] is not None:
        return int(a[0] < b[0]) - int(a[0] > b[0])
    if a[1] is not None and b[1] is not None:
        better = int(a[1] < b[1]) - int(a[1] > b[1])
        return better if lower_is_better else -better
    return 0


@app.get("/v1/athletes/{slug}/head-to-head/{other}")
async def head_to_head(slug: str, other: str) -> Response:
    found = {r["slug"]: r for r in await db().all(TWO_ATHLETES, {"a": slug, "b": other})}
    if slug not in found or other not in found:
        raise not_found()
    me, them = found[slug], found[other]
    races, score = [], {1: 0, -1: 0, 0: 0}
    for r in await db().all(SHARED, {"athlete": me["id"], "other": them["id"]}):
        outcome = ahead((r["a_place"], r["a_value"], r["a_status"]),
                        (r["b_place"], r["b_value"], r["b_status"]), bool(r["lower_is_better"]))  # fmt: skip
        score[outcome] += 1
        races.append({
            "competition": summary(r), "event": f"{r['sex']}-{r['discipline_code']}",
            "round": r["round"],
            "athlete": {"place": r["a_place"], "mark": r["a_mark"], "status": r["a_status"]},
            "other": {"place": r["b_place"], "mark": r["b_mark"], "status": r["b_status"]},
            "winner": {1: slug, -1: other}.get(outcome),
        })  # fmt: skip
    return reply({"athlete": person(me), "other": person(them), "wins": score[1],
                  "losses": score[-1], "no_decision": score[0], "races": races})  # fmt: skip


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return " ".join(
        "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().split()
    )


@app.get("/v1/athletes")
async def search(q: str, limit: int = 50, offset: int = 0) -> Response:
    folded = fold(q)
    escaped = folded.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    params = {"pattern": f"%{escaped}%", "limit": limit, "offset": offset}
    indexed = isinstance(db(), SQLite) and len(folded) >= 3
    if indexed:
        params["phrase"] = '"' + folded.replace('"', '""') + '"'
    rows = await db().all(SEARCH_SQLITE if indexed else SEARCH, params)
    total = rows[0].pop("total") if rows else 0
    for row in rows[1:]:
        del row["total"]
    return reply({"items": rows, "total": total, "limit": limit, "offset": offset})


def loaded(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


@app.get("/v1/competitions/{slug}")
async def competition_page(slug: str) -> Response:
    found = await db().all(COMPETITION, {"slug": slug})
    if not found:
        raise not_found()
    competition = found[0]
    events = [
        {"slug": f"{e['sex']}-{e['discipline_code']}", "discipline": e["discipline_code"],
         "sex": e["sex"], "coverage": e["coverage"]}
        for e in await db().all(EVENTS, {"id": competition.pop("id")})
    ]  # fmt: skip
    competition["sources"] = loaded(competition["sources"])
    return reply({**competition, "events": events})


@app.get("/v1/competitions/{competition}/events/{event}")
async def event_page(competition: str, event: str) -> Response:
    sex, discipline = event_parts(event)
    params = {"competition": competition, "sex": sex, "discipline": discipline}
    found = await db().all(EVENT, params)
    if not found:
        raise not_found()
    row = found[0]
    rounds = await db().all(ROUNDS, {"event": row["id"]})
    return reply({
        "slug": event, "discipline": row["discipline_code"], "sex": row["sex"],
        "coverage": row["coverage"], "competition": summary(row, "c_"), "rounds": rounds,
        "sources": loaded(row["sources"]), "notes": row["notes"],
    })  # fmt: skip
