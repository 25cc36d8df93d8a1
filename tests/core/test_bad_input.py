"""A corpus of bad requests: each gets a 4xx problem+json naming the field, and changes nothing."""

import json
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import snapshot
from tests.helpers import assert_problem

FINAL = "/v1/competitions/olympic-games-2024/events/men-1500m/rounds/final"
PLACINGS = f"{FINAL}/placings"
GOOD_PLACING = {"athlete": "josh-kerr", "country": "GBR"}
JSON_DOC = {"competitions": [{"slug": "world-championships-2099", "name": "X", "series": "world-championships",
                              "year": 2099, "events": [{"discipline": "1500m", "sex": "men", "rounds": [
                                  {"phase": "final", "placings": []}]}]}]}  # fmt: skip


def doc_with(placing: dict[str, Any]) -> dict[str, Any]:
    document = json.loads(json.dumps(JSON_DOC))
    document["competitions"][0]["events"][0]["rounds"][0]["placings"] = [placing]
    return document


P0 = "competitions.0.events.0.rounds.0.placings.0"
# (id, method, url, json body or raw bytes, extra headers, status, field named in `errors`)
CASES: list[tuple[str, str, str, Any, dict[str, str], int, str | None]] = [
    ("mark-letters", "POST", PLACINGS, {**GOOD_PLACING, "athlete": "cole-hocker", "mark": "3:29.3x"}, {}, 422, "body.mark"),
    ("mark-minutes-overflow", "POST", PLACINGS, {"athlete": "abel-kipsang", "country": "KEN", "mark": "61:00.00"}, {}, 422, "body.mark"),
    ("mark-negative", "POST", PLACINGS, {"athlete": "abel-kipsang", "country": "KEN", "mark": "-3:30.00"}, {}, 422, "body.mark"),
    ("mark-too-long", "POST", PLACINGS, {"athlete": "abel-kipsang", "country": "KEN", "mark": "9" * 30}, {}, 422, "body.mark"),
    ("unknown-country", "POST", PLACINGS, {"athlete": "abel-kipsang", "country": "ZZZ"}, {}, 422, "body.country"),
    ("lowercase-country", "POST", PLACINGS, {"athlete": "abel-kipsang", "country": "ken"}, {}, 422, "body.country"),
    ("unknown-athlete", "POST", PLACINGS, {"athlete": "no-such-runner", "country": "KEN"}, {}, 422, "body.athlete"),
    ("athlete-and-team", "POST", PLACINGS, {"athlete": "abel-kipsang", "members": [], "country": "KEN"}, {}, 422, "body"),
    ("place-zero", "POST", PLACINGS, {"athlete": "abel-kipsang", "country": "KEN", "place": 0}, {}, 422, "body.place"),
    ("place-string", "POST", PLACINGS, {"athlete": "abel-kipsang", "country": "KEN", "place": "1"}, {}, 422, "body.place"),
    ("place-huge", "POST", PLACINGS, {"athlete": "abel-kipsang", "country": "KEN", "place": 10**30}, {}, 422, "body.place"),
    ("status-unknown", "POST", PLACINGS, {"athlete": "abel-kipsang", "country": "KEN", "status": "won"}, {}, 422, "body.status"),
    ("record-flag-unknown", "POST", PLACINGS, {"athlete": "abel-kipsang", "country": "KEN", "records": ["XR"]}, {}, 422, "body.records.0"),
    ("qualification-bad", "POST", PLACINGS, {"athlete": "abel-kipsang", "country": "KEN", "qualification": "QQ"}, {}, 422, "body.qualification"),
    ("note-overlong", "POST", PLACINGS, {"athlete": "abel-kipsang", "country": "KEN", "note": "x" * 2001}, {}, 422, "body.note"),
    ("same-athlete-twice", "POST", PLACINGS, GOOD_PLACING, {}, 409, None),
    ("correction-without-reason", "PATCH", f"{PLACINGS}/1", {"place": 2}, {}, 422, "body.reason"),
    ("correction-null-status", "PATCH", f"{PLACINGS}/1", {"status": None, "reason": "test"}, {}, 422, "body.status"),
    ("correction-unknown-placing", "PATCH", f"{PLACINGS}/2147483647", {"place": 2, "reason": "test"}, {}, 404, None),
    ("correction-id-too-big", "PATCH", f"{PLACINGS}/99999999999", {"place": 2, "reason": "test"}, {}, 422, "path.placing_id"),
    ("country-name-nul", "PATCH", "/v1/countries/GBR", {"name": "Great\u0000Britain"}, {}, 422, None),
    ("import-nul-in-name", "POST", "/v1/imports", doc_with({"athlete": {"name": "A\u0000B"}, "country": "KEN"}), {}, 422, f"{P0}.athlete.name"),
    ("athlete-name-overlong", "POST", "/v1/athletes", {"name": "x" * 201, "sex": "men"}, {}, 422, "body.name"),
    ("athlete-sex-unknown", "POST", "/v1/athletes", {"name": "A B", "sex": "male"}, {}, 422, "body.sex"),
    ("athlete-slug-invalid", "POST", "/v1/athletes", {"name": "A B", "sex": "men", "slug": "A B!"}, {}, 422, "body.slug"),
    ("athlete-birth-date-number", "POST", "/v1/athletes", {"name": "A B", "sex": "men", "birth_date": 0}, {}, 422, "body.birth_date"),
    ("athlete-birth-date-invalid", "POST", "/v1/athletes", {"name": "A B", "sex": "men", "birth_date": "1999-02-30"}, {}, 422, "body.birth_date"),
    ("athlete-sql-in-slug", "POST", "/v1/athletes", {"name": "A", "sex": "men", "slug": "x'; drop table athlete;--"}, {}, 422, "body.slug"),
    ("athlete-unknown-field", "POST", "/v1/athletes", {"name": "A", "sex": "men", "nickname": "x"}, {}, 422, "body.nickname"),
    ("athlete-rename-null", "PATCH", "/v1/athletes/josh-kerr", {"name": None}, {}, 422, "body.name"),
    ("competition-dates-reversed", "POST", "/v1/competitions", {"slug": "x-2030", "name": "X", "series": "olympic-games", "year": 2030, "start_date": "2030-08-10", "end_date": "2030-08-01"}, {}, 422, "body"),
    ("competition-series-unknown", "POST", "/v1/competitions", {"slug": "x-2030", "name": "X", "series": "cup", "year": 2030}, {}, 422, "body.series"),
    ("competition-year-string", "POST", "/v1/competitions", {"slug": "x-2030", "name": "X", "series": "olympic-games", "year": "2030"}, {}, 422, "body.year"),
    ("competition-duplicate-edition", "POST", "/v1/competitions", {"slug": "olympics-2024-again", "name": "X", "series": "olympic-games", "year": 2024}, {}, 409, None),
    ("competition-end-before-start", "PATCH", "/v1/competitions/olympic-games-2024", {"end_date": "2024-01-01"}, {}, 422, "body.end_date"),
    ("competition-sources-null", "PATCH", "/v1/competitions/olympic-games-2024", {"sources": None}, {}, 422, "body.sources"),
    ("event-unknown-discipline", "POST", "/v1/competitions/olympic-games-2024/events", {"discipline": "1600m", "sex": "men"}, {}, 422, "body.discipline"),
    ("round-heat-zero", "POST", "/v1/competitions/olympic-games-2024/events/men-1500m/rounds", {"phase": "heat", "heat": 0}, {}, 422, "body.heat"),
    ("round-duplicate", "POST", "/v1/competitions/olympic-games-2024/events/men-1500m/rounds", {"phase": "final"}, {}, 409, None),
    ("country-code-digits", "POST", "/v1/countries", {"code": "G8R", "name": "X"}, {}, 422, "body.code"),
    ("country-historic-number", "POST", "/v1/countries", {"code": "XXQ", "name": "X", "historic": 0}, {}, 422, "body.historic"),
    ("discipline-unit-unknown", "POST", "/v1/disciplines", {"code": "600m", "name": "600 m", "kind": "track", "unit": "furlongs", "lower_is_better": True}, {}, 422, "body.unit"),
    ("malformed-json", "POST", "/v1/athletes", b'{"name": "A", "sex": ', {"Content-Type": "application/json"}, 422, None),
    ("not-utf8-json", "POST", "/v1/athletes", b"\xff\xfe\x00", {"Content-Type": "application/json"}, 400, None),
    ("wrong-content-type", "POST", "/v1/imports", b"hello", {"Content-Type": "text/plain"}, 415, None),
    ("oversized-body", "POST", "/v1/imports", b"x" * (20 * 1024 * 1024 + 1), {"Content-Type": "text/csv"}, 413, None),
    ("import-bad-mark", "POST", "/v1/imports", doc_with({"athlete": {"name": "A B"}, "country": "KEN", "mark": "3:3x"}), {}, 422, f"{P0}.mark"),
    ("import-unknown-country", "POST", "/v1/imports", doc_with({"athlete": {"name": "A B"}, "country": "ZZZ"}), {}, 422, f"{P0}.country"),
    ("import-place-with-dnf", "POST", "/v1/imports", doc_with({"athlete": {"name": "A B"}, "country": "KEN", "place": 4, "status": "dnf"}), {}, 422, f"{P0}.place"),
    ("import-not-an-object", "POST", "/v1/imports", ["competitions"], {}, 422, "$"),
    ("import-csv-bad-header", "POST", "/v1/imports", b"who,what\n1,2\n", {"Content-Type": "text/csv"}, 422, "who"),
]  # fmt: skip

READ_CASES: list[tuple[str, str, int, str | None]] = [
    ("limit-negative", "/v1/athletes?limit=-1", 422, "query.limit"),
    ("limit-oversized", "/v1/athletes?limit=100000", 422, "query.limit"),
    ("offset-text", "/v1/competitions?offset=ten", 422, "query.offset"),
    ("year-out-of-range", "/v1/competitions?year=99999", 422, "query.year"),
    ("series-malformed", "/v1/medallists?series=Olympic%20Games", 422, "query.series"),
    ("min-editions-zero", "/v1/medallists?min_editions=0", 422, "query.min_editions"),
    ("medal-colour-unknown", "/v1/medallists?medal=platinum", 422, "query.medal.0"),
    ("q-overlong", "/v1/athletes?q=" + "a" * 101, 422, "query.q"),
    ("country-filter-lowercase", "/v1/athletes?country=gbr", 422, "query.country"),
    ("unknown-athlete", "/v1/athletes/nobody/medals", 404, None),
    ("event-slug-invalid", "/v1/competitions/olympic-games-2024/events/1500m", 404, None),
    ("slug-overlong", "/v1/athletes/" + "a" * 121, 422, "path.slug"),
    ("export-format-unknown", "/v1/export?format=xml", 422, "query.format"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("case", "method", "url", "body", "headers", "status", "field"),
    CASES,
    ids=[c[0] for c in CASES],
)
def test_bad_write_is_refused_and_changes_nothing(
    client: TestClient, auth: dict[str, str], unchanged: Callable[[], None],
    case: str, method: str, url: str, body: Any, headers: dict[str, str], status: int, field: str | None,
) -> None:  # fmt: skip
    kwargs: dict[str, Any] = {"content": body} if isinstance(body, bytes) else {"json": body}
    response = client.request(method, url, headers={**auth, **headers}, **kwargs)
    assert_problem(response, status, field)
    unchanged()


@pytest.mark.parametrize(
    ("case", "url", "status", "field"), READ_CASES, ids=[c[0] for c in READ_CASES]
)
def test_bad_read_is_a_clear_4xx(
    client: TestClient, case: str, url: str, status: int, field: str | None
) -> None:
    assert_problem(client.get(url), status, field)


def test_expired_or_revoked_and_malformed_tokens_are_401(client: TestClient, db_url: str) -> None:
    """Revoked, expired, empty, oversized and non-bearer credentials are all refused."""
    from sqlalchemy.orm import Session

    from app.core.db import make_sync_engine
    from app.core.security import create_token, revoke_token
    from tests.conftest import new_token

    token = new_token(db_url, "short-lived")
    engine = make_sync_engine(db_url)
    with Session(engine) as session, session.begin():
        revoke_token(session, "short-lived")
        expired = create_token(session, "expired", days=-1)
    engine.dispose()
    before = snapshot(db_url)
    for header in (
        f"Bearer {token}",
        f"Bearer {expired}",
        "Bearer ",
        "Bearer " + "x" * 5000,
        "Token abc",
        "",
    ):
        response = client.post(
            "/v1/countries", json={"code": "XXA", "name": "X"}, headers={"Authorization": header}
        )
        body = assert_problem(response, 401)
        assert response.headers["www-authenticate"] == "Bearer"
        assert "token" in body["detail"].lower()
    assert snapshot(db_url) == before


def test_oversized_streamed_body_without_length_is_413(
    client: TestClient, auth: dict[str, str], unchanged: Callable[[], None]
) -> None:
    def chunks():
        for _ in range(21):
            yield b"x" * (1024 * 1024)

    headers = {**auth, "Content-Type": "text/csv"}
    response = client.post("/v1/imports", content=chunks(), headers=headers)
    assert_problem(response, 413)
    unchanged()
