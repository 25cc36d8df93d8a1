"""Import and export: atomic, idempotent, ledgered, identity-safe, round-trippable."""

import json
from collections.abc import Callable

from fastapi.testclient import TestClient

from tests.conftest import make_client, new_token, snapshot
from tests.helpers import EURO, RELAY_DOCUMENT, assert_problem, csv_text, euro_final, post_csv


def test_csv_import_creates_then_reimport_changes_nothing(
    client: TestClient, auth: dict[str, str]
) -> None:
    text = csv_text(euro_final())
    first = post_csv(client, auth, text)
    assert first.status_code == 200, first.text
    assert first.json() == {
        "dry_run": False,
        "created": {"competitions": 1, "events": 1, "rounds": 1, "athletes": 0, "placings": 4},
        "updated": {"competitions": 0, "events": 0, "rounds": 0, "athletes": 0, "placings": 0},
        "unchanged": 0,
        "already_imported": False,
    }
    etag = client.get("/v1/athletes/jake-heyward/medals").headers["etag"]
    second = post_csv(client, auth, text).json()
    assert second["already_imported"] is True  # the same bytes at the same revision: not read
    assert second["created"] == {
        "competitions": 0,
        "events": 0,
        "rounds": 0,
        "athletes": 0,
        "placings": 0,
    }
    assert second["updated"]["placings"] == 0 and second["unchanged"] == 4
    assert client.get("/v1/athletes/jake-heyward/medals").headers["etag"] == etag
    cabinet = client.get("/v1/athletes/jake-heyward/medals").json()
    assert [(m["medal"], m["competition"]["slug"]) for m in cabinet["medals"]] == [
        ("silver", "european-championships-2022")
    ]


def test_a_known_file_is_read_again_after_any_write(
    client: TestClient, auth: dict[str, str]
) -> None:
    """The digest shortcut holds only while nothing was written: a correction made since (here
    through the API) is seen by the next import of the same file, which restores the file's
    value and ledgers it."""
    text = csv_text(euro_final())
    post_csv(client, auth, text)
    final = "/v1/competitions/european-championships-2022/events/men-1500m/rounds/final"
    placing = next(
        p for p in client.get(final).json()["placings"] if p["athlete"]["slug"] == "jake-heyward"
    )
    patched = client.patch(
        f"{final}/placings/{placing['id']}",
        json={"mark": "3:40.00", "reason": "typo test"},
        headers=auth,
    )
    assert patched.status_code == 200, patched.text
    again = post_csv(client, auth, text, reason="back to the file").json()
    assert again["already_imported"] is False
    assert again["updated"]["placings"] == 1 and again["unchanged"] == 3
    marks = {p["athlete"]["slug"]: p["mark"] for p in client.get(final).json()["placings"]}
    assert marks["jake-heyward"] == "3:33.28"
    third = post_csv(client, auth, text).json()
    assert third["already_imported"] is True and third["unchanged"] == 4
    other = euro_final()
    other[0]["mark"] = "3:32.75"  # another file (a different digest) is always read
    assert post_csv(client, auth, csv_text(other)).json()["already_imported"] is False


def test_csv_relay_teams_keep_their_members_from_heat_to_final(
    client: TestClient, auth: dict[str, str]
) -> None:
    """A team met again in a later round is staged from the memo of its first appearance
    (app/imports/importer.py `_stage_csv`): the final's teams must carry the same members."""
    race = {**EURO, "discipline": "4x400m"}
    gbr = "Alex Haydock-Wilson;Charlie Dobson;Lewis Davey;Matthew Hudson-Smith"
    bel = "Dylan Borlée;Julien Watrin;Jonathan Sacoor;Kevin Borlée"
    rows = [
        {**race, "phase": "heat", "heat": 1, "place": 1, "country": "GBR", "mark": "3:01.00",
         "relay_members": gbr},
        {**race, "phase": "heat", "heat": 1, "place": 2, "country": "BEL", "mark": "3:01.50",
         "relay_members": bel},
        {**race, "place": 1, "country": "BEL", "mark": "2:59.49", "relay_members": bel},
        {**race, "place": 2, "country": "GBR", "mark": "2:59.85", "relay_members": gbr},
    ]  # fmt: skip
    report = post_csv(client, auth, csv_text(rows))
    assert report.status_code == 200, report.text
    assert report.json()["created"]["placings"] == 4
    final = client.get(
        "/v1/competitions/european-championships-2022/events/men-4x400m/rounds/final"
    ).json()
    legs = {
        p["country"]: [(m["leg"], m["athlete"]["name"]) for m in p["members"]]
        for p in final["placings"]
    }
    assert legs == {
        "BEL": list(enumerate(bel.split(";"), 1)),
        "GBR": list(enumerate(gbr.split(";"), 1)),
    }


def test_new_athletes_get_free_slugs_in_file_order(
    client: TestClient, auth: dict[str, str]
) -> None:
    """A new athlete's own slug when it is free (most are inserted by one statement); `-2`, `-3`
    when it is taken or another new athlete of the file wants it first."""
    women = {**EURO, "sex": "women"}
    rows = [
        {**EURO, "place": 1, "athlete": "Alex Quarry", "country": "GBR"},
        {**women, "place": 1, "athlete": "Alex Quarry", "athlete_sex": "women", "country": "USA"},
        {**women, "place": 2, "athlete": "Jakob Ingebrigtsen", "athlete_sex": "women",
         "country": "NOR"},
        {**EURO, "place": 2, "athlete": "Sam Meadow", "country": "IRL"},
    ]  # fmt: skip
    assert client.get("/v1/athletes/jakob-ingebrigtsen").json()["name"] == "Jakob Ingebrigtsen"
    report = post_csv(client, auth, csv_text(rows))
    assert report.status_code == 200, report.text
    assert report.json()["created"]["athletes"] == 4
    final = "/v1/competitions/european-championships-2022/events/{}-1500m/rounds/final"
    slugs = {
        sex: [
            (p["athlete"]["slug"], p["country"])
            for p in client.get(final.format(sex)).json()["placings"]
        ]
        for sex in ("men", "women")
    }
    assert slugs == {
        "men": [("alex-quarry", "GBR"), ("sam-meadow", "IRL")],
        "women": [("alex-quarry-2", "USA"), ("jakob-ingebrigtsen-2", "NOR")],
    }
    found = client.get("/v1/athletes?q=quarry").json()["items"]
    assert sorted(a["slug"] for a in found) == ["alex-quarry", "alex-quarry-2"]


def test_dry_run_reports_but_writes_nothing(
    client: TestClient, auth: dict[str, str], unchanged: Callable[[], None]
) -> None:
    before_etag = client.get("/v1/competitions").headers["etag"]
    report = post_csv(client, auth, csv_text(euro_final()), dry_run=True)
    assert report.status_code == 200
    assert report.json()["dry_run"] is True and report.json()["created"]["placings"] == 4
    unchanged()
    assert client.get("/v1/competitions").headers["etag"] == before_etag


def test_one_bad_row_rejects_the_file_and_lists_every_bad_row(
    client: TestClient, auth: dict[str, str], unchanged: Callable[[], None]
) -> None:
    rows = euro_final()
    rows[1]["mark"] = "3:33.2x"
    rows[2]["country"] = "ZZZ"
    rows[3]["status"] = "won"
    rows.append({**EURO, "place": 5, "athlete": "Jakob Ingebrigtsen", "country": "NOR"})
    body = assert_problem(post_csv(client, auth, csv_text(rows)), 422)
    assert {(e["line"], e["field"]) for e in body["errors"]} == {
        (3, "mark"), (4, "country"), (5, "status"), (6, "athlete"),
    }  # fmt: skip
    assert all(e["message"] for e in body["errors"])
    unchanged()


def test_corrected_file_updates_only_changed_placings_and_ledgers_them(
    client: TestClient, auth: dict[str, str]
) -> None:
    post_csv(client, auth, csv_text(euro_final()))
    corrected = euro_final()
    corrected[1]["mark"] = "3:33.29"
    report = post_csv(client, auth, csv_text(corrected), reason="official photo-finish time").json()
    assert report["updated"]["placings"] == 1 and report["unchanged"] == 3
    final = client.get(
        "/v1/competitions/european-championships-2022/events/men-1500m/rounds/final"
    ).json()
    heyward = next(p for p in final["placings"] if p["athlete"]["slug"] == "jake-heyward")
    history = client.get(
        f"/v1/competitions/european-championships-2022/events/men-1500m/rounds/final/placings/{heyward['id']}/history"
    ).json()
    assert [(h["field"], h["old_value"], h["new_value"], h["reason"]) for h in history] == [
        ("mark", "3:33.28", "3:33.29", "official photo-finish time")
    ]
    assert heyward["reallocated"] is False


def test_identity_by_slug_external_id_and_folded_name(
    client: TestClient, auth: dict[str, str]
) -> None:
    rows = euro_final()
    rows[0]["athlete"] = "JAKOB INGEBRIGTSEN"  # folded name matches the existing athlete
    rows[1].update(athlete="", athlete_slug="jake-heyward")
    rows[2].update(athlete="Azeddine Habz", world_athletics_id="14536798")
    assert post_csv(client, auth, csv_text(rows)).json()["created"]["athletes"] == 0
    again = euro_final()
    again[2].update(athlete="A. Habz (typo)", world_athletics_id="14536798")
    report = post_csv(client, auth, csv_text(again)).json()
    assert report["created"]["athletes"] == 0


def test_ambiguous_name_is_an_error_naming_the_candidates(
    client: TestClient, auth: dict[str, str]
) -> None:
    for country in ("KEN", "USA"):
        made = client.post(
            "/v1/athletes",
            json={
                "name": "Sam Same",
                "slug": f"sam-same-{country.lower()}",
                "sex": "men",
                "country": country,
            },
            headers=auth,
        )
        assert made.status_code == 201
    rows = [{**EURO, "place": 9, "athlete": "Sam Same", "country": "GBR"}]
    body = assert_problem(post_csv(client, auth, csv_text(rows)), 422)
    [error] = body["errors"]
    assert "sam-same-ken" in error["message"] and "sam-same-usa" in error["message"]
    rows[0]["country"] = "KEN"  # the country settles it
    assert post_csv(client, auth, csv_text(rows)).status_code == 200
    assert client.get("/v1/athletes/sam-same-ken/medals").status_code == 200


def test_json_import_with_relay_and_corrections(client: TestClient, auth: dict[str, str]) -> None:
    document = RELAY_DOCUMENT
    response = client.post("/v1/imports", json=document, headers=auth)
    assert response.status_code == 200, response.text
    heat_only = client.get("/v1/athletes/heat-runner/medals").json()
    assert [(m["medal"], m["relay"], m["reallocated"]) for m in heat_only["medals"]] == [
        ("gold", True, True)
    ]
    finalist = client.get("/v1/athletes/final-runner/medals").json()
    assert finalist["totals"]["gold"] == 1
    table = client.get("/v1/competitions/world-championships-2099/medal-table").json()
    assert table["rows"] == [
        {"rank": 1, "country": "JAM", "gold": 1, "silver": 0, "bronze": 0, "total": 1}
    ]
    assert client.post("/v1/imports", json=document, headers=auth).json()["unchanged"] == 3


def test_tie_gives_two_golds_and_no_silver(client: TestClient, auth: dict[str, str]) -> None:
    high_jump = {**EURO, "discipline": "high-jump", "competition": "european-championships-2022"}
    rows = [
        {**high_jump, "place": 1, "athlete": "Jump One", "country": "QAT", "mark": "2.37"},
        {**high_jump, "place": 1, "athlete": "Jump Two", "country": "ITA", "mark": "2.37"},
        {**high_jump, "place": 3, "athlete": "Jump Three", "country": "BLR", "mark": "2.37"},
        {**high_jump, "place": 4, "athlete": "Jump Four", "country": "KOR", "mark": "2.35"},
    ]
    assert post_csv(client, auth, csv_text(rows)).status_code == 200
    table = client.get(
        "/v1/competitions/european-championships-2022/medal-table",
        params={"discipline": "high-jump"},
    ).json()
    assert table["rows"] == [
        {"rank": 1, "country": "ITA", "gold": 1, "silver": 0, "bronze": 0, "total": 1},
        {"rank": 1, "country": "QAT", "gold": 1, "silver": 0, "bronze": 0, "total": 1},
        {"rank": 3, "country": "BLR", "gold": 0, "silver": 0, "bronze": 1, "total": 1},
    ]
    assert table["totals"] == {"gold": 2, "silver": 0, "bronze": 1, "total": 3}


def test_unsupported_content_type_is_415(client: TestClient, auth: dict[str, str]) -> None:
    response = client.post(
        "/v1/imports", content=b"x", headers={**auth, "Content-Type": "text/plain"}
    )
    assert_problem(response, 415)


def test_csv_header_errors_name_the_columns(client: TestClient, auth: dict[str, str]) -> None:
    body = assert_problem(post_csv(client, auth, "competition,bogus\nx,y\n"), 422)
    assert {e["field"] for e in body["errors"]} >= {"bogus", "discipline", "sex", "country"}


def _answers(client: TestClient) -> dict[str, object]:
    """Answers to the questions users ask, to compare two databases."""
    urls = [
        "/v1/athletes/josh-kerr/medals",
        "/v1/athletes/faith-kipyegon/medals",
        "/v1/medallists?discipline=1500m&min_editions=2&limit=200",
        "/v1/medal-table",
        "/v1/competitions/olympic-games-2024/events/men-1500m/rounds/final",
        "/v1/competitions/olympic-games-2008/events/men-1500m/rounds/final",
        "/v1/athletes/josh-kerr/head-to-head/jakob-ingebrigtsen",
        "/v1/athletes/heat-runner/medals",
        "/v1/competitions/world-championships-2099/medal-table",
        "/v1/athletes?limit=200",
        "/v1/competitions?limit=200",
    ]
    out: dict[str, object] = {}
    for url in urls:
        body = client.get(url).json()
        out[url] = json.loads(json.dumps(body).replace('"id": ', '"_id": '))
    for url in ("/v1/competitions/olympic-games-2024/events/men-1500m/rounds/final",
                "/v1/competitions/olympic-games-2008/events/men-1500m/rounds/final"):  # fmt: skip
        for placing in out[url]["placings"]:  # type: ignore[index]
            placing.pop("_id")
    return out


def test_export_then_import_into_empty_database_gives_identical_answers(
    client: TestClient, auth: dict[str, str], empty_client: TestClient, empty_auth: dict[str, str]
) -> None:
    assert client.post("/v1/imports", json=RELAY_DOCUMENT, headers=auth).status_code == 200
    for fmt, content_type in (("csv", "text/csv"), ("json", "application/json")):
        exported = client.get("/v1/export", params={"format": fmt})
        assert exported.status_code == 200
        assert exported.headers["content-type"].startswith(content_type)
        response = empty_client.post(
            "/v1/imports",
            content=exported.content,
            headers={**empty_auth, "Content-Type": content_type},
        )
        assert response.status_code == 200, response.text[:2000]
    assert _answers(empty_client) == _answers(client)


def test_cli_import_dry_run_and_errors(db_url: str, tmp_path, monkeypatch) -> None:
    from typer.testing import CliRunner

    from app.cli import cli
    from app.core.config import get_settings

    monkeypatch.setenv("DATABASE_URL", db_url)
    get_settings.cache_clear()
    path = tmp_path / "euro.csv"
    path.write_text(csv_text(euro_final()))
    before = snapshot(db_url)
    dry = CliRunner().invoke(cli, ["import", str(path), "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert json.loads(dry.output)["created"]["placings"] == 4
    assert snapshot(db_url) == before
    bad = euro_final()
    bad[0]["mark"] = "nope"
    path.write_text(csv_text(bad))
    failed = CliRunner().invoke(cli, ["import", str(path)])
    assert failed.exit_code == 1
    assert "line 2: mark" in failed.output
    assert snapshot(db_url) == before
    path.write_text(csv_text(euro_final()))
    assert CliRunner().invoke(cli, ["import", str(path)]).exit_code == 0
    with make_client(db_url) as client:
        assert client.get("/v1/competitions/european-championships-2022").status_code == 200
    get_settings.cache_clear()


def test_seed_again_reads_no_file_until_something_is_written(db_url: str, monkeypatch) -> None:
    """`podium seed` twice: the second run answers every bundled file from its digest and
    leaves the data revision alone; after a write it imports them again, restoring the bundle."""
    from typer.testing import CliRunner

    from app.cli import cli
    from app.core.config import get_settings

    monkeypatch.setenv("DATABASE_URL", db_url)
    get_settings.cache_clear()

    def seed() -> dict[str, object]:
        done = CliRunner().invoke(cli, ["seed"])
        assert done.exit_code == 0, done.output
        report: dict[str, object] = json.loads(done.output)
        return report

    def files(report: dict[str, object]) -> dict[str, dict[str, object]]:
        return {k: v for k, v in report.items() if k.endswith(".json") and isinstance(v, dict)}

    first = files(seed())  # the template was seeded by the tests' own helper: read in full
    assert first and not any(v["created"] or v["updated"] for v in first.values())
    with make_client(db_url) as client:
        revision = client.get("/v1/athletes/josh-kerr/medals").headers["etag"]
    second = files(seed())
    assert set(second) == set(first)
    assert all(v["already_imported"] is True for v in second.values())
    with make_client(db_url) as client:
        assert client.get("/v1/athletes/josh-kerr/medals").headers["etag"] == revision
        final = "/v1/competitions/olympic-games-2024/events/men-1500m/rounds/final"
        kerr = next(
            p for p in client.get(final).json()["placings"] if p["athlete"]["slug"] == "josh-kerr"
        )
        token = new_token(db_url)
        patched = client.patch(
            f"{final}/placings/{kerr['id']}",
            json={"mark": "3:27.80", "reason": "test"},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert patched.status_code == 200, patched.text
    third = files(seed())
    assert not any(v["already_imported"] for v in third.values())
    assert sum(v["updated"].get("placings", 0) for v in third.values()) == 1  # type: ignore[attr-defined]
    with make_client(db_url) as client:
        marks = {p["athlete"]["slug"]: p["mark"] for p in client.get(final).json()["placings"]}
    assert marks["josh-kerr"] == "3:27.79"
    get_settings.cache_clear()
