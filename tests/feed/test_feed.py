"""The mirror feed: an export at revision R plus the feed after R is the current export."""

from typing import Any

from fastapi.testclient import TestClient

from tests.helpers import RELAY_DOCUMENT

PARIS_FINAL = "/v1/competitions/olympic-games-2024/events/men-1500m/rounds/final"


def _flatten(export: dict[str, Any]) -> dict[str, dict[Any, Any]]:
    """An export as three maps: competition headers, event headers, placing records by id."""
    state: dict[str, dict[Any, Any]] = {"competition": {}, "event": {}, "placing": {}}
    for competition in export["competitions"]:
        slug = competition["slug"]
        state["competition"][(slug,)] = {k: v for k, v in competition.items() if k != "events"}
        for event in competition["events"]:
            header = {k: v for k, v in event.items() if k != "rounds"}
            state["event"][(slug, event["discipline"], event["sex"])] = header
            for round_ in event["rounds"]:
                round_header = {k: v for k, v in round_.items() if k != "placings"}
                for placing in round_["placings"]:
                    record = {"competition": slug, **header, **round_header, "placing": placing}
                    state["placing"][(placing["id"],)] = record
    return state


def _replay(state: dict[str, dict[Any, Any]], items: list[dict[str, Any]]) -> None:
    for item in items:
        key = tuple(item["key"].values())
        if item["op"] == "delete":
            state[item["kind"]].pop(key, None)
        else:
            state[item["kind"]][key] = item["record"]
    # A competition or event without placings is not in an export.
    held = {r["competition"] for r in state["placing"].values()}
    events = {(r["competition"], r["discipline"], r["sex"]) for r in state["placing"].values()}
    state["competition"] = {k: v for k, v in state["competition"].items() if k[0] in held}
    state["event"] = {k: v for k, v in state["event"].items() if k in events}


def _export(client: TestClient) -> dict[str, Any]:
    response = client.get("/v1/export", params={"format": "json"})
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    return body


def _feed(client: TestClient, since: int) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    while True:
        page = client.get("/v1/feed", params={"since": since, "limit": 7}).json()
        items += page["items"]
        assert page["next_since"] >= since
        since = page["next_since"]
        if not page["more"]:
            return items


def test_replaying_the_feed_onto_an_old_export_reproduces_the_current_export(
    client: TestClient, auth: dict[str, str]
) -> None:
    before = _export(client)
    revision = before["revision"]
    assert revision > 0

    final = client.get(PARIS_FINAL).json()
    kerr = next(p for p in final["placings"] if p["athlete"]["slug"] == "josh-kerr")
    fifth = next(p for p in final["placings"] if p["place"] == 12)
    writes = [
        client.patch(
            f"{PARIS_FINAL}/placings/{kerr['id']}",
            json={"mark": "3:27.80", "reason": "feed test: photo-finish reread"},
            headers=auth,
        ),
        client.delete(f"{PARIS_FINAL}/placings/{fifth['id']}", headers=auth),
        client.patch(
            "/v1/competitions/olympic-games-2024",
            json={"notes": "feed test: a competition's own field"},
            headers=auth,
        ),
        client.patch(PARIS_FINAL, json={"wind": "+0.1"}, headers=auth),
        client.post("/v1/imports", json=RELAY_DOCUMENT, headers=auth),
    ]
    assert [w.status_code for w in writes] == [200, 204, 200, 200, 200], [w.text for w in writes]

    state = _flatten(before)
    _replay(state, _feed(client, revision))
    after = _export(client)
    assert after["revision"] > revision
    assert state == _flatten(after)
    assert _feed(client, after["revision"]) == []


def test_an_unchanged_database_has_an_empty_feed(client: TestClient) -> None:
    revision = _export(client)["revision"]
    page = client.get("/v1/feed", params={"since": revision}).json()
    assert page == {"since": revision, "next_since": revision, "more": False, "items": []}
