"""CRUD resources under /v1: lists, slugs, writes with tokens, problem+json errors."""

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from app.core.db import make_sync_engine
from tests.conftest import new_token
from tests.helpers import assert_problem, csv_text, euro_final, post_csv


def test_health_and_readiness(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").json() == {"status": "ok"}


def test_readiness_is_503_when_the_database_is_unreachable(tmp_path) -> None:
    from tests.conftest import make_client

    with make_client(f"sqlite:///{tmp_path}/missing-dir/x.db") as broken:
        response = broken.get("/readyz")
    assert_problem(response, 503)


def test_lists_are_paginated_with_totals(client: TestClient) -> None:
    first = client.get("/v1/athletes", params={"limit": 5}).json()
    second = client.get("/v1/athletes", params={"limit": 5, "offset": 5}).json()
    assert first["total"] == second["total"] > 150
    assert (first["limit"], first["offset"], len(first["items"])) == (5, 0, 5)
    assert not {a["slug"] for a in first["items"]} & {a["slug"] for a in second["items"]}
    assert_problem(client.get("/v1/athletes", params={"limit": 201}), 422, "query.limit")
    assert_problem(client.get("/v1/athletes", params={"limit": -1}), 422, "query.limit")
    assert_problem(client.get("/v1/athletes", params={"offset": "x"}), 422, "query.offset")


def test_search_is_accent_and_case_insensitive(client: TestClient) -> None:
    for query in ("nordas", "NORDÅS", "Nordås", "gilje"):
        found = client.get("/v1/athletes", params={"q": query}).json()
        assert [a["slug"] for a in found["items"]] == ["narve-gilje-nordas"], query
    cakir = client.get("/v1/athletes", params={"q": "cakir"}).json()["items"]
    assert [a["name"] for a in cakir] == ["Aslı Çakır Alptekin"]
    women_ken = client.get("/v1/athletes", params={"q": "k", "country": "KEN", "sex": "women"})
    assert all(a["country"] == "KEN" and a["sex"] == "women" for a in women_ken.json()["items"])
    assert client.get("/v1/athletes", params={"q": "%"}).json()["total"] == 0
    assert (
        client.get("/v1/athletes", params={"q": "'; DROP TABLE athlete; --"}).json()["total"] == 0
    )


def test_competitions_filter_by_series_year_and_country(client: TestClient) -> None:
    olympic = client.get("/v1/competitions", params={"series": "olympic-games"}).json()
    assert olympic["total"] == 30
    tokyo = client.get("/v1/competitions", params={"year": 2020}).json()["items"]
    assert [(c["slug"], c["start_date"]) for c in tokyo] == [("olympic-games-2020", "2021-07-23")]
    japan = client.get("/v1/competitions", params={"country": "JPN"}).json()["items"]
    assert [c["slug"] for c in japan] == [
        "olympic-games-1964", "world-championships-1991", "world-championships-2007",
        "olympic-games-2020",
        "world-championships-2025",
    ]  # fmt: skip
    # Series are data: a well-formed unknown code matches nothing, as an unknown discipline does.
    assert client.get("/v1/competitions", params={"series": "nope"}).json()["total"] == 0
    assert_problem(client.get("/v1/competitions", params={"series": "No pe"}), 422, "query.series")


def test_competition_event_and_round_navigation(client: TestClient) -> None:
    competition = client.get("/v1/competitions/olympic-games-2024").json()
    slugs = [e["slug"] for e in competition["events"]]
    assert len(slugs) == 48 and {"men-1500m", "women-1500m", "mixed-4x400m"} <= set(slugs)
    event = client.get("/v1/competitions/olympic-games-2024/events/women-1500m").json()
    assert [r["slug"] for r in event["rounds"]] == [
        "heat-1", "heat-2", "heat-3", "repechage-1", "repechage-2", "semi-final-1",
        "semi-final-2", "final",
    ]  # fmt: skip
    assert event["coverage"] == "all-rounds"
    for path in (
        "/v1/competitions/olympic-games-1999",
        "/v1/competitions/olympic-games-2024/events/men-60m",
        "/v1/competitions/olympic-games-2024/events/badslug",
        "/v1/competitions/olympic-games-2024/events/men-1500m/rounds/heat-9",
        "/v1/athletes/nobody-at-all",
        "/v1/countries/XYZ",
        "/v1/no-such-route",
    ):
        assert_problem(client.get(path), 404)


def test_token_with_expiry_works_until_it_expires(client: TestClient, db_url: str) -> None:
    from sqlalchemy.orm import Session

    from app.core.db import make_sync_engine
    from app.core.security import create_token

    engine = make_sync_engine(db_url)
    with Session(engine) as session, session.begin():
        token = create_token(session, "month", days=30)
    engine.dispose()
    headers = {"Authorization": f"Bearer {token}"}
    assert (
        client.post("/v1/countries", json={"code": "XXM", "name": "M"}, headers=headers).status_code
        == 201
    )


def test_writes_need_a_valid_token(
    client: TestClient, db_url: str, unchanged: Callable[[], None]
) -> None:
    body = {"code": "XXA", "name": "Example"}
    assert_problem(client.post("/v1/countries", json=body), 401)
    assert_problem(
        client.post("/v1/countries", json=body, headers={"Authorization": "Bearer nope"}), 401
    )
    assert_problem(
        client.post("/v1/countries", json=body, headers={"Authorization": "Basic abc"}), 401
    )
    unchanged()


def test_revoked_token_is_refused(client: TestClient, db_url: str) -> None:
    from sqlalchemy.orm import Session

    from app.core.db import make_sync_engine
    from app.core.security import revoke_token

    token = new_token(db_url, "temp")
    headers = {"Authorization": f"Bearer {token}"}
    assert (
        client.post("/v1/countries", json={"code": "XXB", "name": "B"}, headers=headers).status_code
        == 201
    )
    engine = make_sync_engine(db_url)
    with Session(engine) as session, session.begin():
        revoke_token(session, "temp")
    engine.dispose()
    assert_problem(
        client.post("/v1/countries", json={"code": "XXC", "name": "C"}, headers=headers), 401
    )


def test_country_and_discipline_crud(client: TestClient, auth: dict[str, str]) -> None:
    created = client.post("/v1/countries", json={"code": "XXA", "name": "Example"}, headers=auth)
    assert created.status_code == 201 and created.json() == {
        "code": "XXA",
        "name": "Example",
        "historic": False,
    }
    assert_problem(
        client.post("/v1/countries", json={"code": "XXA", "name": "Dup"}, headers=auth), 409
    )
    patched = client.patch("/v1/countries/XXA", json={"historic": True}, headers=auth)
    assert patched.json()["historic"] is True
    assert client.delete("/v1/countries/XXA", headers=auth).status_code == 204
    assert_problem(client.get("/v1/countries/XXA"), 404)
    assert_problem(client.delete("/v1/countries/GBR", headers=auth), 409)  # still referenced
    discipline = {
        "code": "600m",
        "name": "600 metres",
        "kind": "track",
        "unit": "time",
        "lower_is_better": True,
    }
    assert client.post("/v1/disciplines", json=discipline, headers=auth).status_code == 201
    assert (
        client.patch("/v1/disciplines/600m", json={"name": "600 m"}, headers=auth).json()["name"]
        == "600 m"
    )
    assert client.delete("/v1/disciplines/600m", headers=auth).status_code == 204
    assert_problem(client.delete("/v1/disciplines/1500m", headers=auth), 409)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"code": "xx", "name": "lower"}, "body.code"),
        ({"code": "ABCD", "name": "long"}, "body.code"),
        ({"code": "ABC"}, "body.name"),
        ({"code": "ABC", "name": "x" * 101}, "body.name"),
        ({"code": "ABC", "name": "ok", "extra": 1}, "body.extra"),
    ],
)
def test_invalid_country_names_the_field(
    client: TestClient, auth: dict[str, str], unchanged: Callable[[], None], body: dict, field: str
) -> None:
    assert_problem(client.post("/v1/countries", json=body, headers=auth), 422, field)
    unchanged()


def test_athlete_crud_and_reference_checks(client: TestClient, auth: dict[str, str]) -> None:
    created = client.post(
        "/v1/athletes",
        json={"name": "Jane Ödegaard", "sex": "women", "country": "NOR"},
        headers=auth,
    )
    assert created.status_code == 201, created.text
    assert created.json()["slug"] == "jane-odegaard"
    assert client.get("/v1/athletes", params={"q": "odegaard"}).json()["total"] == 1
    assert_problem(
        client.post("/v1/athletes", json={"name": "Jane Ödegaard", "sex": "women"}, headers=auth),
        409,
    )
    assert_problem(
        client.post(
            "/v1/athletes", json={"name": "X", "sex": "women", "country": "ZZZ"}, headers=auth
        ),
        422,
        "body.country",
    )
    renamed = client.patch(
        "/v1/athletes/jane-odegaard", json={"name": "Jane Ødegård"}, headers=auth
    )
    assert renamed.json()["name"] == "Jane Ødegård"
    assert client.get("/v1/athletes", params={"q": "odegard"}).json()["total"] == 1
    assert client.delete("/v1/athletes/jane-odegaard", headers=auth).status_code == 204
    assert_problem(client.delete("/v1/athletes/josh-kerr", headers=auth), 409)


def test_competition_event_round_placing_lifecycle(
    client: TestClient, auth: dict[str, str]
) -> None:
    competition = {
        "slug": "european-championships-2024", "name": "Rome 2024 European Championships",
        "series": "european-championships", "year": 2024, "city": "Rome", "host_country": "ITA",
        "start_date": "2024-06-07", "end_date": "2024-06-12",
    }  # fmt: skip
    assert client.post("/v1/competitions", json=competition, headers=auth).status_code == 201
    assert_problem(client.post("/v1/competitions", json=competition, headers=auth), 409)
    base = "/v1/competitions/european-championships-2024"
    assert (
        client.post(
            f"{base}/events", json={"discipline": "1500m", "sex": "men"}, headers=auth
        ).status_code
        == 201
    )
    assert_problem(
        client.post(f"{base}/events", json={"discipline": "1500m", "sex": "men"}, headers=auth), 409
    )
    assert_problem(
        client.post(f"{base}/events", json={"discipline": "bogus", "sex": "men"}, headers=auth),
        422,
        "body.discipline",
    )
    rounds = f"{base}/events/men-1500m/rounds"
    made = client.post(rounds, json={"phase": "final", "date": "2024-06-12"}, headers=auth)
    assert made.json()["slug"] == "final"
    assert (
        client.post(rounds, json={"phase": "heat", "heat": 2}, headers=auth).json()["slug"]
        == "heat-2"
    )
    placing = {
        "athlete": "jakob-ingebrigtsen",
        "country": "NOR",
        "place": 1,
        "mark": "3:31.95",
        "records": ["CR"],
    }
    result = client.post(f"{rounds}/final/placings", json=placing, headers=auth)
    assert result.status_code == 201, result.text
    [stored] = result.json()["placings"]
    assert (stored["place"], stored["mark"], stored["records"]) == (1, "3:31.95", ["CR"])
    assert_problem(client.post(f"{rounds}/final/placings", json=placing, headers=auth), 409)
    assert (
        client.patch(f"{rounds}/final", json={"wind": "+0.1"}, headers=auth).json()["wind"]
        == "+0.1"
    )
    assert client.delete(f"{rounds}/final/placings/{stored['id']}", headers=auth).status_code == 204
    assert client.delete(f"{rounds}/heat-2", headers=auth).status_code == 204
    assert client.delete(f"{base}/events/men-1500m", headers=auth).status_code == 204
    assert client.delete(base, headers=auth).status_code == 204
    assert_problem(client.get(base), 404)


@pytest.mark.parametrize(
    ("placing", "field"),
    [
        ({"athlete": "josh-kerr", "country": "GBR", "mark": "3:29.3x"}, "body.mark"),
        ({"athlete": "josh-kerr", "country": "GBR", "mark": "61:00.00"}, "body.mark"),
        ({"athlete": "josh-kerr", "country": "ZZZ"}, "body.country"),
        ({"athlete": "nobody-here", "country": "GBR"}, "body.athlete"),
        ({"athlete": "josh-kerr", "country": "GBR", "place": 0}, "body.place"),
        ({"athlete": "josh-kerr", "country": "GBR", "place": -3}, "body.place"),
        ({"athlete": "josh-kerr", "country": "GBR", "status": "won"}, "body.status"),
        ({"athlete": "josh-kerr", "country": "GBR", "records": ["XR"]}, "body.records.0"),
        ({"athlete": "josh-kerr", "country": "GBR", "qualification": "X"}, "body.qualification"),
        ({"country": "GBR"}, "body"),
    ],
)
def test_bad_placings_are_rejected_and_nothing_changes(
    client: TestClient,
    auth: dict[str, str],
    unchanged: Callable[[], None],
    placing: dict,
    field: str,
) -> None:
    url = "/v1/competitions/world-championships-2022/events/men-1500m/rounds/final/placings"
    assert_problem(client.post(url, json=placing, headers=auth), 422, field)
    unchanged()


def test_same_athlete_twice_in_a_round_is_a_conflict(
    client: TestClient, auth: dict[str, str], unchanged: Callable[[], None]
) -> None:
    url = "/v1/competitions/olympic-games-2024/events/men-1500m/rounds/final/placings"
    assert_problem(
        client.post(url, json={"athlete": "josh-kerr", "country": "GBR"}, headers=auth), 409
    )
    unchanged()


def test_correcting_a_placing_writes_the_ledger_and_moves_medals(
    client: TestClient, auth: dict[str, str]
) -> None:
    base = "/v1/competitions/world-championships-2023/events/men-1500m/rounds/final"
    final = client.get(base).json()["placings"]
    ids = {p["athlete"]["slug"]: p["id"] for p in final}
    # A hypothetical disqualification of the winner, to exercise the correction path.
    correction = {
        "status": "dq",
        "place": None,
        "reason": "test: disqualified",
        "effective_date": "2026-01-02",
    }
    assert (
        client.patch(
            f"{base}/placings/{ids['josh-kerr']}", json=correction, headers=auth
        ).status_code
        == 200
    )
    for slug, place in (("jakob-ingebrigtsen", 1), ("narve-gilje-nordas", 2), ("abel-kipsang", 3)):
        body = {"place": place, "reason": "test: moved up", "effective_date": "2026-01-02"}
        assert (
            client.patch(f"{base}/placings/{ids[slug]}", json=body, headers=auth).status_code == 200
        )
    history = client.get(f"{base}/placings/{ids['josh-kerr']}/history").json()
    assert {(h["field"], h["old_value"], h["new_value"], h["actor"]) for h in history} == {
        ("place", "1", None, "editor"), ("status", "ok", "dq", "editor"),
    }  # fmt: skip
    cabinet = client.get(
        "/v1/athletes/josh-kerr/medals", params={"series": "world-championships"}
    ).json()
    assert cabinet["totals"]["total"] == 0
    kipsang = client.get("/v1/athletes/abel-kipsang/medals").json()["medals"]
    assert [(m["medal"], m["reallocated"]) for m in kipsang] == [("bronze", True)]
    assert_problem(
        client.patch(f"{base}/placings/{ids['josh-kerr']}", json={"place": 2}, headers=auth),
        422,
        "body.reason",
    )
    assert_problem(
        client.patch(f"{base}/placings/999999", json={"place": 2, "reason": "xyz"}, headers=auth),
        404,
    )


def test_bad_json_and_wrong_types_are_422(client: TestClient, auth: dict[str, str]) -> None:
    headers = {**auth, "Content-Type": "application/json"}
    assert_problem(client.post("/v1/countries", content=b"{not json", headers=headers), 422)
    assert_problem(client.post("/v1/countries", json=["a"], headers=auth), 422)
    assert_problem(
        client.post("/v1/athletes", json={"name": 5, "sex": "men"}, headers=auth), 422, "body.name"
    )


def test_oversized_body_is_413(client: TestClient, auth: dict[str, str]) -> None:
    huge = b"x" * (21 * 1024 * 1024)
    response = client.post(
        "/v1/imports", content=huge, headers={**auth, "Content-Type": "text/csv"}
    )
    assert_problem(response, 413)


def test_cors_allows_configured_origins(client: TestClient) -> None:
    response = client.get("/v1/countries", headers={"Origin": "https://example.org"})
    assert response.headers["access-control-allow-origin"] == "*"


def test_coverage_says_what_is_held_and_how_completely(client: TestClient) -> None:
    body = client.get("/v1/coverage").json()
    olympics = next(s for s in body["series"] if s["series"] == "olympic-games")
    assert (olympics["first_year"], olympics["last_year"], olympics["competitions"]) == (
        1896, 2024, 30,
    )  # fmt: skip
    paris = next(c for c in body["competitions"] if c["slug"] == "olympic-games-2024")
    assert (paris["total"], paris["all-rounds"], paris["final"], paris["partial"]) == (
        48, 38, 6, 4,
    )  # fmt: skip
    assert paris["medallists"] == 0
    assert body["summary"].startswith("Medals and results from Olympic Games 1896-2024")
    assert "World Indoor Championships 2024-2026 " in body["summary"]
    event = client.get("/v1/competitions/olympic-games-2024/events/men-marathon").json()
    assert event["coverage"] == "partial" and event["sources"] and event["notes"]


def test_search_index_follows_new_renamed_and_deleted_athletes(
    client: TestClient, auth: dict[str, str]
) -> None:
    """The trigram index (SQLite: FTS5 table kept by triggers; PostgreSQL: GIN) answers the
    substring search: a new name is found at once, a renamed one under its new name only."""

    def slugs(q: str) -> set[str]:
        response = client.get("/v1/athletes", params={"q": q})
        assert response.status_code == 200, response.text
        return {item["slug"] for item in response.json()["items"]}

    body = {"name": "Zyxwa Quorrel", "sex": "women", "country": "NOR", "slug": "zyxwa-quorrel"}
    assert client.post("/v1/athletes", json=body, headers=auth).status_code == 201
    assert slugs("xwa quo") == {"zyxwa-quorrel"}
    assert slugs("YXW") == {"zyxwa-quorrel"}  # case-insensitive, mid-word
    renamed = {"name": "Zyxwa Pemberlight"}
    assert client.patch("/v1/athletes/zyxwa-quorrel", json=renamed, headers=auth).status_code == 200
    assert slugs("quorrel") == set()
    assert slugs("berlig") == {"zyxwa-quorrel"}
    assert client.delete("/v1/athletes/zyxwa-quorrel", headers=auth).status_code == 204
    assert slugs("berlig") == set()
    assert slugs("%") == set() and slugs("a_b") == set()  # LIKE wildcards are literal


def test_search_statement_uses_the_trigram_index(db_url: str, engine_name: str) -> None:
    engine = make_sync_engine(db_url)
    with engine.connect() as connection:
        if engine_name == "sqlite":
            plan = connection.exec_driver_sql(
                "EXPLAIN QUERY PLAN SELECT id FROM athlete WHERE id IN (SELECT rowid FROM "
                "athlete_name_search WHERE athlete_name_search MATCH '\"kip\"')"
            ).fetchall()
            assert any("VIRTUAL TABLE INDEX" in str(row) for row in plan), plan
            found = connection.exec_driver_sql(
                "SELECT count(*) FROM athlete_name_search WHERE athlete_name_search MATCH "
                "'\"kipyegon\"'"
            ).scalar()
        else:
            connection.exec_driver_sql("SET enable_seqscan = off")
            plan = connection.exec_driver_sql(
                "EXPLAIN SELECT id FROM athlete WHERE name_folded LIKE '%%kip%%'"
            ).fetchall()
            assert any("ix_athlete_name_folded_trgm" in str(row) for row in plan), plan
            found = connection.exec_driver_sql(
                "SELECT count(*) FROM athlete WHERE name_folded LIKE '%%kipyegon%%'"
            ).scalar()
    engine.dispose()
    assert found and found >= 1


def test_imported_athletes_are_searchable_and_the_index_stays_whole(
    client: TestClient, auth: dict[str, str], db_url: str, engine_name: str
) -> None:
    """The importer indexes its new athletes in one statement (SQLite pauses the row trigger
    inside the import's transaction): they are found at once, and nothing stays paused."""
    rows = euro_final()
    rows[2]["athlete"] = "Qwertzu Plonkava"
    response = post_csv(client, auth, csv_text(rows))
    assert response.status_code == 200, response.text
    found = client.get("/v1/athletes", params={"q": "ertzu plon"}).json()["items"]
    assert [a["name"] for a in found] == ["Qwertzu Plonkava"]
    assert client.get("/v1/athletes", params={"q": "ingebrigtsen"}).json()["total"] >= 1
    if engine_name == "sqlite":
        engine = make_sync_engine(db_url)
        with engine.begin() as connection:
            assert (
                connection.exec_driver_sql(
                    "SELECT count(*) FROM athlete_name_search_paused"
                ).scalar()
                == 0
            )
            # FTS5 raises if the index and the athlete table disagree.
            connection.exec_driver_sql(
                "INSERT INTO athlete_name_search(athlete_name_search) VALUES ('integrity-check')"
            )
        engine.dispose()
