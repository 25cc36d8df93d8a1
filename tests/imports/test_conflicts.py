"""Every conflict names its cause; bad bytes are a 400, never a 500; the CLI never prints a
traceback for bad input (exit code 1, the same error list as the API)."""

import os
import subprocess
import sys
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.core.db import make_sync_engine
from app.imports.conflicts import competition_conflict
from tests.helpers import EURO, csv_text, euro_final, post_csv

# A new competition slug whose series and year collide with the stored Helsinki 1952 Games.
COLLISION = {**EURO, "competition": "olympic-games-2952", "competition_name": "Games 2952",
             "series": "olympic-games", "year": 1952}  # fmt: skip
CLASH = "which competition olympic-games-1952 already has"


def _collision_rows() -> list[dict[str, object]]:
    return [{**row, **COLLISION} for row in euro_final()]


def _assert_names_series_and_year(problem: dict[str, object]) -> None:
    """The importer's pre-check names the line, the field and the other competition."""
    assert problem["status"] == 422, problem
    assert any(e.get("line") == 2 for e in problem["errors"]), problem  # type: ignore[union-attr]
    assert any(e.get("field") == "year" for e in problem["errors"]), problem  # type: ignore[union-attr]
    assert CLASH in str(problem), problem


def test_import_collision_names_the_fields(
    client: TestClient, auth: dict[str, str], unchanged: object
) -> None:
    response = post_csv(client, auth, csv_text(_collision_rows()))
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    _assert_names_series_and_year(response.json())
    unchanged()  # type: ignore[operator]


def test_competition_conflict_names_the_other_competition(db_url: str) -> None:
    engine = make_sync_engine(db_url)
    with Session(engine) as session:
        connection = session.connection()
        clash = competition_conflict(
            connection, "olympic-games-2952", {"series": "olympic-games", "year": 1952}
        )
        assert clash == (
            "year",
            "competition olympic-games-2952 has series olympic-games and year 1952, " + CLASH,
        )
        free = competition_conflict(connection, "x", {"series": "olympic-games", "year": 1})
        assert free is None
    engine.dispose()


def test_api_write_conflict_names_the_fields(client: TestClient, auth: dict[str, str]) -> None:
    body = {"name": "Helsinki Again", "series": "olympic-games", "year": 1952,
            "slug": "helsinki-again"}  # fmt: skip
    response = client.post("/v1/competitions", json=body, headers=auth)
    assert response.status_code == 409, response.text
    text = response.text
    assert "series" in text and "year" in text, text


def test_non_utf8_import_body_is_400(client: TestClient, auth: dict[str, str]) -> None:
    for content_type in ("application/json", "text/csv"):
        response = client.post(
            "/v1/imports",
            content=b"(\xff[\xff]",
            headers={**auth, "Content-Type": content_type},
        )
        assert response.status_code == 400, response.text
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["errors"][0]["field"] == "body"


def _podium(db_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from app.cli import main; main()", *args],
        env={**os.environ, "DATABASE_URL": db_url},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_cli_reports_bad_input_without_a_traceback(db_url: str, tmp_path: Path) -> None:
    collision = tmp_path / "collision.csv"
    collision.write_text(csv_text(_collision_rows()), encoding="utf-8")
    result = _podium(db_url, "import", str(collision))
    assert result.returncode == 1, result
    assert "Traceback" not in result.stderr, result.stderr
    assert "year" in result.stderr and "series" in result.stderr, result.stderr

    binary = tmp_path / "binary.json"
    binary.write_bytes(b"(\xff[\xff]")
    result = _podium(db_url, "import", str(binary))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr, result.stderr
    assert "not UTF-8" in result.stderr

    broken = tmp_path / "broken.json"
    broken.write_text('{"competitions": [', encoding="utf-8")
    result = _podium(db_url, "import", str(broken))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr, result.stderr
    assert "line 1" in result.stderr


def test_cli_reports_an_unreachable_database_without_a_traceback(tmp_path: Path) -> None:
    data = tmp_path / "rows.csv"
    data.write_text(csv_text(euro_final()), encoding="utf-8")
    result = _podium("postgresql+psycopg://nobody@127.0.0.1:1/none", "import", str(data))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr, result.stderr
    assert "unreachable" in result.stderr
