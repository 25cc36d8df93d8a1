"""Series are data: listed by the API, checked by name on writes and imports, and a series whose
finals award no championship medals (a Diamond League final) never produces a medal."""

from fastapi.testclient import TestClient

from tests.helpers import assert_problem, csv_text, euro_final, post_csv

DIAMOND = {
    "slug": "diamond-league-final-2023", "name": "Eugene 2023 Diamond League Final",
    "series": "diamond-league-final", "year": 2023, "city": "Eugene", "host_country": "USA",
}  # fmt: skip


def test_series_are_listed_with_what_they_award(client: TestClient) -> None:
    page = client.get("/v1/series").json()
    by_code = {s["code"]: s for s in page["items"]}
    assert page["total"] == len(by_code) == 6
    assert by_code["olympic-games"] == {
        "code": "olympic-games", "name": "Olympic Games", "indoor": False, "awards_medals": True,
    }  # fmt: skip
    assert by_code["world-indoor-championships"]["indoor"] is True
    assert by_code["diamond-league-final"]["awards_medals"] is False


def test_an_unknown_series_is_refused_by_name(client: TestClient, auth: dict[str, str]) -> None:
    body = {**DIAMOND, "slug": "grand-prix-final-2023", "series": "grand-prix-final"}
    problem = assert_problem(client.post("/v1/competitions", json=body, headers=auth), 422)
    assert problem["errors"] == [
        {"field": "body.series", "message": "unknown series 'grand-prix-final'"}
    ]
    rows = euro_final(series="grand-prix-final")
    problem = assert_problem(post_csv(client, auth, csv_text(rows)), 422)
    assert {(e.get("line"), e["field"]) for e in problem["errors"]} >= {(2, "competition.series")}
    assert "grand-prix-final" in problem["errors"][0]["message"]


def test_a_series_that_awards_no_medals_gives_results_but_no_medals(
    client: TestClient, auth: dict[str, str]
) -> None:
    before = client.get("/v1/athletes/josh-kerr/medals").json()
    assert client.post("/v1/competitions", json=DIAMOND, headers=auth).status_code == 201
    base = "/v1/competitions/diamond-league-final-2023/events"
    event = {"discipline": "1500m", "sex": "men"}
    assert client.post(base, json=event, headers=auth).status_code == 201
    final = {"phase": "final", "date": "2023-09-17"}
    assert client.post(f"{base}/men-1500m/rounds", json=final, headers=auth).status_code == 201
    placing = {"place": 1, "athlete": "josh-kerr", "country": "GBR", "mark": "3:30.87"}
    made = client.post(f"{base}/men-1500m/rounds/final/placings", json=placing, headers=auth)
    assert made.status_code == 201, made.text

    results = client.get(f"{base}/men-1500m/rounds/final").json()
    assert [(p["place"], p["athlete"]["slug"]) for p in results["placings"]] == [(1, "josh-kerr")]
    assert client.get("/v1/athletes/josh-kerr/medals").json() == before
    table = client.get("/v1/competitions/diamond-league-final-2023/medal-table").json()
    assert table["rows"] == [] and table["totals"]["total"] == 0
    everyone = client.get("/v1/medal-table", params={"series": "diamond-league-final"}).json()
    assert everyone["rows"] == []
