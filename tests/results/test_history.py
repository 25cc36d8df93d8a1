"""Medal history as it stood on a date, from the current placings and the change ledger."""

from fastapi.testclient import TestClient

LONDON_1500 = "/v1/competitions/olympic-games-2012/events/women-1500m/rounds/final"
STOCKHOLM_DECATHLON = "/v1/competitions/olympic-games-1912/events/men-decathlon/rounds/final"


def _podium(client: TestClient, url: str, as_of: str | None = None) -> list[tuple[object, ...]]:
    params = {"as_of": as_of} if as_of else {}
    body = client.get(url, params=params).json()
    return [
        (p["place"], p["athlete"]["slug"], p["status"])
        for p in body["placings"]
        if p["place"] is not None and p["place"] <= 3
    ]


def test_london_2012_womens_1500m_before_and_after_the_disqualifications(
    client: TestClient,
) -> None:
    """Cakir Alptekin (CAS 2015-08-17) and Bulut (2017-03-29) were disqualified after 2013."""
    assert _podium(client, LONDON_1500, "2013-01-01") == [
        (1, "asli-cakir-alptekin", "ok"),
        (2, "gamze-bulut", "ok"),
        (3, "maryam-yusuf-jamal", "ok"),
    ]
    assert _podium(client, LONDON_1500, "2016-01-01") == [
        (1, "gamze-bulut", "ok"),
        (2, "maryam-yusuf-jamal", "ok"),
        (3, "tatyana-tomashova", "ok"),
    ]
    assert _podium(client, LONDON_1500) == [
        (1, "maryam-yusuf-jamal", "ok"),
        (2, "abeba-aregawi", "ok"),
        (3, "shannon-rowbury", "ok"),
    ]


def test_jim_thorpe_stripped_then_co_champion_in_1982_then_sole_champion_in_2022(
    client: TestClient,
) -> None:
    assert _podium(client, STOCKHOLM_DECATHLON, "1950-01-01")[0] == (1, "hugo-k-wieslander", "ok")
    assert _podium(client, STOCKHOLM_DECATHLON, "1990-01-01")[:2] == [
        (1, "hugo-k-wieslander", "ok"),
        (1, "jim-thorpe", "ok"),
    ]
    assert _podium(client, STOCKHOLM_DECATHLON)[:3] == [
        (1, "jim-thorpe", "ok"),
        (2, "charles-lomberg", "ok"),
        (2, "hugo-k-wieslander", "ok"),
    ]
    cabinet = client.get("/v1/athletes/jim-thorpe/medals", params={"as_of": "1950-01-01"}).json()
    assert cabinet["totals"]["total"] == 0
    cabinet = client.get("/v1/athletes/jim-thorpe/medals", params={"as_of": "1990-01-01"}).json()
    assert cabinet["totals"] == {"gold": 2, "silver": 0, "bronze": 0, "total": 2}


def test_before_a_competition_began_its_answers_are_empty(client: TestClient) -> None:
    final = client.get(
        "/v1/competitions/olympic-games-2024/events/men-1500m/rounds/final",
        params={"as_of": "2024-07-01"},
    )
    assert final.status_code == 200 and final.json()["placings"] == []
    table = client.get(
        "/v1/competitions/olympic-games-2024/medal-table", params={"as_of": "2024-07-01"}
    ).json()
    assert table["rows"] == [] and table["totals"]["total"] == 0
    kerr = client.get("/v1/athletes/josh-kerr/medals", params={"as_of": "2021-01-01"}).json()
    assert kerr["totals"]["total"] == 0


def test_repeat_medallists_as_of_a_date(client: TestClient) -> None:
    """Kipyegon's third Olympic 1500m title came on 2024-08-10."""
    params = {"discipline": "1500m", "series": "olympic-games", "sex": "women", "min_editions": 3}
    before = client.get("/v1/medallists", params={**params, "as_of": "2024-08-01"}).json()
    after = client.get("/v1/medallists", params=params).json()
    assert before["total"] == 0
    assert [m["athlete"]["slug"] for m in after["items"]] == ["faith-kipyegon"]


def test_without_as_of_answers_are_unchanged(client: TestClient) -> None:
    today = client.get(LONDON_1500).json()
    far_future = client.get(LONDON_1500, params={"as_of": "2100-01-01"}).json()
    assert [(p["place"], p["status"]) for p in today["placings"]] == [
        (p["place"], p["status"]) for p in far_future["placings"]
    ]


def test_corrections_of_an_athlete_are_listed_with_their_ruling_dates(client: TestClient) -> None:
    body = client.get("/v1/changes", params={"athlete": "jim-thorpe"}).json()
    assert [(c["event"], c["field"], c["old_value"], c["new_value"], c["effective_date"]) for c in body["items"]] == [
        ("men-decathlon", "place", None, "1", "1982-10-13"),
        ("men-decathlon", "status", "dq", "ok", "1982-10-13"),
        ("men-decathlon", "place", "1", "1", "2022-07-15"),
        ("men-decathlon", "status", "ok", "ok", "2022-07-15"),
        ("men-pentathlon", "place", None, "1", "1982-10-13"),
        ("men-pentathlon", "status", "dq", "ok", "1982-10-13"),
        ("men-pentathlon", "place", "1", "1", "2022-07-15"),
        ("men-pentathlon", "status", "ok", "ok", "2022-07-15"),
    ]  # fmt: skip
    assert all(c["competition"]["slug"] == "olympic-games-1912" for c in body["items"])
    assert body["items"][0]["actor"].startswith("seed:")


def test_the_ledger_pages_forward_from_next_since(client: TestClient) -> None:
    first = client.get("/v1/changes", params={"competition": "olympic-games-2012", "limit": 5})
    body = first.json()
    assert body["total"] > 5 and len(body["items"]) == 5
    following = client.get(
        "/v1/changes",
        params={"competition": "olympic-games-2012", "limit": 5, "since": body["next_since"]},
    ).json()
    ids = [c["id"] for c in body["items"] + following["items"]]
    assert ids == sorted(ids) and len(set(ids)) == 10
    assert following["total"] == body["total"] - 5


def test_changes_since_a_time_and_a_bad_since(client: TestClient) -> None:
    future = client.get("/v1/changes", params={"since": "2100-01-01T00:00:00Z"}).json()
    assert future["items"] == [] and future["next_since"] is None
    bad = client.get("/v1/changes", params={"since": "yesterday"})
    assert bad.status_code == 422
    assert bad.headers["content-type"] == "application/problem+json"
