"""HTTP caching: ETag and Cache-Control on every GET, 304 without the query, writes change ETags."""

import json
from pathlib import Path

from fastapi.testclient import TestClient

from app.core.config import Settings
from tests.conftest import StatementCounter

CABINET = "/v1/athletes/josh-kerr/medals"
MEDALLISTS = "/v1/medallists?discipline=1500m&series=olympic-games&min_editions=2"


def test_every_get_has_etag_and_cache_control(client: TestClient) -> None:
    for url in ("/v1/countries", CABINET, "/v1/medal-table", "/v1/competitions/olympic-games-2024"):
        response = client.get(url)
        assert response.status_code == 200
        assert response.headers["etag"].startswith('W/"')
        assert "max-age" in response.headers["cache-control"]
    assert client.get("/v1/countries").headers["etag"] != client.get(CABINET).headers["etag"]


def _revision_reads(engine_name: str) -> int:
    """At most this many statements learn the revision: none on SQLite (`PRAGMA data_version`
    on a connection of its own); on PostgreSQL none once the LISTEN connection is up, one read
    of the row until then."""
    return 0 if engine_name == "sqlite" else 1


def test_if_none_match_returns_304_without_running_the_query(
    client: TestClient, count_statements: StatementCounter, engine_name: str
) -> None:
    etag = client.get(CABINET).headers["etag"]
    count_statements.reset()
    response = client.get(CABINET, headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response.content == b""
    assert response.headers["etag"] == etag
    assert count_statements.count <= _revision_reads(engine_name)
    assert all("data_revision" in s for s in count_statements.statements)


def test_a_repeated_question_is_answered_from_memory_until_a_write(
    client: TestClient, auth: dict[str, str], count_statements: StatementCounter, engine_name: str
) -> None:
    first = client.get(CABINET)
    count_statements.reset()
    again = client.get(CABINET)
    assert (again.status_code, again.content, again.headers["etag"]) == (
        200, first.content, first.headers["etag"],
    )  # fmt: skip
    assert count_statements.count <= _revision_reads(engine_name)
    body = {"name": "Josh Kerr (corrected)"}
    assert client.patch("/v1/athletes/josh-kerr", json=body, headers=auth).status_code == 200
    fresh = client.get(CABINET)
    assert fresh.headers["etag"] != first.headers["etag"]
    assert fresh.json()["athlete"]["name"] == "Josh Kerr (corrected)"


def test_a_write_by_another_process_is_seen_by_the_next_read(
    client: TestClient, db_url: str, tmp_path: Path
) -> None:
    """The CLI (or another worker) commits through its own connection: the cache follows."""
    from typer.testing import CliRunner

    from app.cli import cli
    from app.core.config import get_settings

    before = client.get(CABINET).json()
    assert before["totals"]["total"] == 5
    document = {"competitions": [{
        "slug": "european-championships-2099", "name": "Test 2099",
        "series": "european-championships", "year": 2099,
        "events": [{"discipline": "1500m", "sex": "men", "rounds": [{"phase": "final", "placings": [
            {"place": 1, "athlete": {"slug": "josh-kerr", "name": "Josh Kerr"}, "country": "GBR"},
        ]}]}],
    }]}  # fmt: skip
    path = tmp_path / "kerr.json"
    path.write_text(json.dumps(document))
    get_settings.cache_clear()
    result = CliRunner().invoke(
        cli, ["import", str(path)], env={"DATABASE_URL": db_url}, catch_exceptions=False
    )
    get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    assert client.get(CABINET).json()["totals"]["total"] == 6


def test_a_write_changes_the_etag_of_answers(client: TestClient, auth: dict[str, str]) -> None:
    etag = client.get(CABINET).headers["etag"]
    url = "/v1/competitions/olympic-games-2024/events/men-1500m/rounds/final"
    kerr = next(
        p for p in client.get(url).json()["placings"] if p["athlete"]["slug"] == "josh-kerr"
    )
    body = {"note": "test note", "reason": "test"}
    assert client.patch(f"{url}/placings/{kerr['id']}", json=body, headers=auth).status_code == 200
    response = client.get(CABINET, headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert response.headers["etag"] != etag


def test_a_rejected_write_keeps_the_etag(client: TestClient, auth: dict[str, str]) -> None:
    etag = client.get(CABINET).headers["etag"]
    assert client.post("/v1/countries", json={"code": "bad"}, headers=auth).status_code == 422
    assert client.get(CABINET, headers={"If-None-Match": etag}).status_code == 304


def test_large_answers_are_gzipped(client: TestClient) -> None:
    response = client.get("/v1/athletes?limit=200", headers={"Accept-Encoding": "gzip"})
    assert response.headers["content-encoding"] == "gzip"
    small = client.get("/healthz", headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in small.headers


def test_a_write_through_one_worker_is_seen_by_the_next_read_of_another(
    db_url: str, auth: dict[str, str]
) -> None:
    """Two server processes on one database (SQLite: data_version; PostgreSQL: LISTEN/NOTIFY),
    each having cached the answer; a write through the first, read at once through the second."""
    import httpx

    from tests.conftest import running_server

    with running_server(db_url) as first, running_server(db_url) as second:
        for _ in range(3):  # warm both caches (and let the listeners connect)
            before = [httpx.get(f"{base}{CABINET}").json() for base in (first, second)]
        assert before[0] == before[1] and before[0]["athlete"]["name"] == "Josh Kerr"
        for round_ in range(5):
            name = f"Josh Kerr {round_}"
            written = httpx.patch(
                f"{first}/v1/athletes/josh-kerr", json={"name": name}, headers=auth
            )
            assert written.status_code == 200, written.text
            assert httpx.get(f"{second}{CABINET}").json()["athlete"]["name"] == name


def test_concurrent_identical_misses_run_the_endpoint_once(db_url: str, engine_name: str) -> None:
    """Sixteen identical requests arriving together at a cold cache: one runs the medal
    statement, the others wait for its answer (or, if they arrive after it, find it) and send
    the same bytes (the p99 of a burst after a write is then one answer's latency, not
    sixteen). Without coalescing, this burst ran the statement 10 times on PostgreSQL (and 16
    on SQLite, when a list request still hopped to a thread)."""
    import asyncio

    import httpx
    from sqlalchemy import event

    from app.main import create_app

    async def burst() -> tuple[list[httpx.Response], list[str], str]:
        app = create_app(Settings(database_url=db_url))
        statements: list[str] = []
        for engine in app.state.database.statement_engines():
            event.listen(engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
        transport = httpx.ASGITransport(app=app)
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(transport=transport, base_url="http://podium") as client,
        ):
            responses = await asyncio.gather(*(client.get(MEDALLISTS) for _ in range(16)))
            metrics = (await client.get("/metrics")).text
        return list(responses), statements, metrics

    responses, statements, metrics = asyncio.run(burst())
    assert {r.status_code for r in responses} == {200}
    assert len({r.content for r in responses}) == 1
    medal_runs = [s for s in statements if "medal" in s and "GROUP BY" in s]
    assert len(medal_runs) == 1, len(medal_runs)
    lookups = {
        line.split('result="')[1].split('"')[0]: float(line.rsplit(" ", 1)[1])
        for line in metrics.splitlines()
        if line.startswith("podium_response_cache_lookups_total{")
    }
    # One miss ran the endpoint; each of the 15 others either waited for it (coalesced: the
    # requests overlapped, as on PostgreSQL, whose reads wait on the network) or came after it
    # and found its answer (a hit: a SQLite read runs on the loop without yielding, so the
    # burst's requests need not overlap at all).
    assert lookups.get("miss") == 1, lookups
    assert lookups.get("coalesced", 0) + lookups.get("hit", 0) == 15, lookups
    if engine_name == "postgresql":
        assert lookups.get("coalesced", 0) > 0, lookups
