"""The fast read path: `Reader` (app/core/reads.py) and the fast lane (app/core/lane.py).

Both must be invisible: the same status, headers and bytes as FastAPI's own path through the
session, on both engines, for answers and for 404s; the lane declines whatever it cannot answer
exactly as FastAPI would."""

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event
from starlette.routing import Route

from app.core import lane
from app.core.config import Settings
from app.core.lane import FastLane, lane_routes
from app.main import create_app

# Every route the lane serves, answered and 404, plus the headline reads it leaves to FastAPI.
PATHS = [
    "/healthz",
    "/v1/athletes/josh-kerr/medals",
    "/v1/athletes/carl-lewis/medals",
    "/v1/athletes/no-such-athlete/medals",
    "/v1/medal-table",
    "/v1/competitions/olympic-games-2024/medal-table",
    "/v1/competitions/no-such-games/medal-table",
    "/v1/competitions/olympic-games-2024/events/men-1500m/rounds/final",
    "/v1/competitions/olympic-games-2024/events/women-4x400m/rounds/final",
    "/v1/competitions/olympic-games-2020/events/men-high-jump/rounds/final",
    "/v1/competitions/olympic-games-2024/events/men-1500m/rounds/no-such-round",
    "/v1/competitions/olympic-games-2024/events/men-1500m",
    "/v1/competitions/olympic-games-2024/events/no-such-event",
    "/v1/competitions/olympic-games-2024",
    "/v1/athletes/josh-kerr/head-to-head/jakob-ingebrigtsen",
    "/v1/athletes/josh-kerr/head-to-head/no-such-athlete",
    "/v1/athletes/carl-lewis/medals?series=olympic-games",
    "/v1/medallists?discipline=1500m&series=olympic-games&min_editions=2",
    "/v1/athletes?q=kip",
]
VARYING = {"x-request-id", "date"}


def _answers(client: TestClient) -> list[tuple[int, list[tuple[str, str]], bytes]]:
    out = []
    for path in PATHS:
        response = client.get(path)
        headers = sorted((k, v) for k, v in response.headers.items() if k not in VARYING)
        out.append((response.status_code, headers, response.content))
    return out


@pytest.fixture
def settings(db_url: str) -> Settings:
    # No response cache: every request runs its endpoint.
    return Settings(database_url=db_url, response_cache_entries=0)


def test_the_lane_and_reader_answer_as_fastapi_and_sqlalchemy_do(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Three ways to the same answers: the lane and compiled statements (as shipped); FastAPI's
    routing with compiled statements; FastAPI's routing with every statement executed by
    SQLAlchemy (`Reader` without compiled statements, as a write's reader runs)."""
    with TestClient(create_app(settings)) as client:
        fast = _answers(client)
    monkeypatch.setattr(lane, "_FAST", set())  # no route marked: FastAPI routes everything
    with TestClient(create_app(settings)) as client:
        routed = _answers(client)
        monkeypatch.setattr(client.app.state.database, "statements", None)  # type: ignore[attr-defined]
        executed = _answers(client)
    assert [status for status, _, _ in fast].count(404) == 5
    for path, one, other, third in zip(PATHS, fast, routed, executed, strict=True):
        assert one == other == third, path


def test_reader_statements_are_seen_by_statement_listeners(settings: Settings) -> None:
    """The compiled path still calls `before_cursor_execute`: statement budgets stay honest."""
    with TestClient(create_app(settings)) as client:
        seen: list[str] = []
        engines = client.app.state.database.statement_engines()  # type: ignore[attr-defined]
        for engine in engines:
            event.listen(engine, "before_cursor_execute", lambda *a: seen.append(a[2]))
        assert client.get("/v1/athletes/josh-kerr/medals").status_code == 200
    assert any("athlete_medal" in statement for statement in seen), seen
    assert any("FROM athlete" in statement for statement in seen), seen


def test_lane_requests_keep_their_route_template_in_metrics(settings: Settings) -> None:
    with TestClient(create_app(settings)) as client:
        assert client.get("/v1/athletes/josh-kerr/medals").status_code == 200
        metrics = client.get("/metrics").text
    assert 'route="/v1/athletes/{slug}/medals"' in metrics


def _endpoint() -> None:
    raise AssertionError("not called")


class _Routes:
    """Two GET routes where the earlier one also matches the later one's paths."""

    def __init__(self) -> None:
        self.literal = Route("/v1/things/special", _endpoint, methods=["GET"])
        self.template = Route("/v1/things/{slug}", _endpoint, methods=["GET"])

    def __iter__(self) -> Iterator[Any]:
        return iter([self.literal, self.template])


def test_the_lane_declines_what_fastapi_would_route_elsewhere(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    routes = _Routes()
    monkeypatch.setattr(lane, "_FAST", {_endpoint})
    found = lane_routes(routes)
    assert [r.route for r in found] == [routes.literal, routes.template]
    fast = FastLane(app=lambda *_: None, routes=found[1:])  # only the template is fast

    def scope(path: str, method: str = "GET", query: bytes = b"") -> dict[str, Any]:
        return {"type": "http", "method": method, "path": path, "query_string": query}

    assert fast._match(scope("/v1/things/ok-slug-2")) is not None
    assert fast._match(scope("/v1/things/special")) is None  # FastAPI picks the literal route
    assert fast._match(scope("/v1/things/ok", query=b"a=1")) is None
    assert fast._match(scope("/v1/things/ok", method="HEAD")) is None
    for odd in ("Upper", "with space", "x" * 41, "-leading", "é"):
        assert fast._match(scope(f"/v1/things/{odd}")) is None, odd
    assert re.fullmatch(lane.SLUG, "x" * 40)
