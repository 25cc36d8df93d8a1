"""HTTP caching: ETag and Cache-Control on every GET, 304 without the query, writes change ETags."""

from fastapi.testclient import TestClient

from tests.conftest import StatementCounter

CABINET = "/v1/athletes/josh-kerr/medals"


def test_every_get_has_etag_and_cache_control(client: TestClient) -> None:
    for url in ("/v1/countries", CABINET, "/v1/medal-table", "/v1/competitions/olympic-games-2024"):
        response = client.get(url)
        assert response.status_code == 200
        assert response.headers["etag"].startswith('W/"')
        assert "max-age" in response.headers["cache-control"]
    assert client.get("/v1/countries").headers["etag"] != client.get(CABINET).headers["etag"]


def test_if_none_match_returns_304_without_running_the_query(
    client: TestClient, count_statements: StatementCounter
) -> None:
    etag = client.get(CABINET).headers["etag"]
    count_statements.reset()
    response = client.get(CABINET, headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response.content == b""
    assert response.headers["etag"] == etag
    assert count_statements.count == 1  # the data revision only
    assert "data_revision" in count_statements.statements[0]


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
