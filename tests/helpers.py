"""Helpers shared by test modules: problem+json assertions and import documents."""

import csv
import io

from fastapi.testclient import TestClient

from app.imports.rows import CSV_COLUMNS

PROBLEM = "application/problem+json"


def assert_problem(response, status: int, field: str | None = None) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert body["status"] == status and body["title"]
    text = response.text
    assert "Traceback" not in text and "sqlalchemy" not in text.lower() and "/work/" not in text
    if field is not None:
        assert field in [e["field"] for e in body["errors"]], body
    return body


def csv_text(rows: list[dict[str, object]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
    return buffer.getvalue()


EURO = {
    "competition": "european-championships-2022", "competition_name": "Munich 2022 European Championships",
    "series": "european-championships", "year": 2022, "city": "Munich", "host_country": "GER",
    "start_date": "2022-08-15", "end_date": "2022-08-21", "discipline": "1500m", "sex": "men",
    "phase": "final", "round_date": "2022-08-19",
}  # fmt: skip


def euro_final(**overrides: object) -> list[dict[str, object]]:
    rows = [
        {**EURO, "place": 1, "athlete": "Jakob Ingebrigtsen", "country": "NOR", "mark": "3:32.76"},
        {**EURO, "place": 2, "athlete": "Jake Heyward", "country": "GBR", "mark": "3:33.28"},
        {**EURO, "place": 3, "athlete": "Azeddine Habz", "country": "FRA", "mark": "3:33.36"},
        {**EURO, "place": 4, "athlete": "Jake Wightman", "country": "GBR", "mark": "3:33.55"},
    ]
    for row in rows:
        row.update(overrides)
    return rows


def post_csv(client: TestClient, auth: dict[str, str], text: str, **params: object):
    headers = {**auth, "Content-Type": "text/csv"}
    return client.post("/v1/imports", content=text.encode(), headers=headers, params=params)


RELAY_DOCUMENT = {
    "competitions": [{
        "slug": "world-championships-2099", "name": "Test 2099", "series": "world-championships",
        "year": 2099, "events": [{"discipline": "4x400m", "sex": "women", "rounds": [
            {"phase": "heat", "heat": 1, "placings": [
                {"place": 1, "country": "JAM", "mark": "3:20.00", "members": [
                    {"name": "Heat Runner", "leg": 1}, {"name": "Relay Two", "leg": 2},
                    {"name": "Relay Three", "leg": 3}, {"name": "Relay Four", "leg": 4}]}]},
            {"phase": "final", "placings": [
                {"place": 1, "country": "JAM", "mark": "3:18.00", "members": [
                    {"name": "Final Runner", "leg": 1}, {"name": "Relay Two", "leg": 2},
                    {"name": "Relay Three", "leg": 3}, {"name": "Relay Four", "leg": 4}],
                 "corrections": [{"date": "2100-01-01", "reason": "USA disqualified", "was": {"place": 2}}]},
                {"place": None, "status": "dq", "country": "USA", "mark": "3:17.50", "members": [
                    {"name": "Usa One", "leg": 1}]},
            ]},
        ]}],
    }]
}  # fmt: skip
