"""The OpenAPI document is a product: committed, current, valid and complete."""

import json
from pathlib import Path

from fastapi.testclient import TestClient
from openapi_spec_validator import validate

from app.openapi import render_openapi

SPEC_PATH = Path(__file__).resolve().parents[2] / "openapi" / "openapi.json"


def spec() -> dict:
    return json.loads(SPEC_PATH.read_text(encoding="utf-8"))


def test_committed_spec_is_current() -> None:
    assert SPEC_PATH.read_text(encoding="utf-8") == render_openapi(), (
        "openapi/openapi.json is stale: run `make openapi` and commit it"
    )


def test_spec_validates_as_openapi_3_1() -> None:
    document = spec()
    assert document["openapi"].startswith("3.1")
    validate(document)


def test_every_operation_has_id_summary_tags_and_documented_errors() -> None:
    operation_ids = []
    for path, operations in spec()["paths"].items():
        for method, operation in operations.items():
            operation_ids.append(operation["operationId"])
            assert operation["operationId"][0].islower() and "_" not in operation["operationId"]
            assert operation.get("summary") and operation.get("tags"), (method, path)
            errors = [code for code in operation["responses"] if code.startswith("4")]
            if path.startswith("/v1"):
                assert "422" in errors, (method, path)
            for code in errors:
                content = operation["responses"][code]["content"]
                assert "application/problem+json" in content, (method, path, code)
            if method != "get":
                assert "401" in errors and operation.get("security"), (method, path)
    assert len(operation_ids) == len(set(operation_ids))
    for expected in ("getAthleteMedals", "listMedallists", "getMedalTable", "getHeadToHead",
                     "getCompetitionMedalTable", "getRoundResults", "listAthletes", "importResults"):  # fmt: skip
        assert expected in operation_ids


def test_every_schema_field_has_a_description() -> None:
    missing = [
        f"{name}.{field}"
        for name, schema in spec()["components"]["schemas"].items()
        for field, definition in schema.get("properties", {}).items()
        if "description" not in definition
    ]
    assert missing == []


def test_headline_endpoints_carry_real_examples() -> None:
    paths = spec()["paths"]
    cabinet = paths["/v1/athletes/{slug}/medals"]["get"]["responses"]["200"]["content"]
    example = cabinet["application/json"]["example"]
    assert example["athlete"]["slug"] == "josh-kerr" and example["totals"]["total"] == 5
    medallists = paths["/v1/medallists"]["get"]["responses"]["200"]["content"]["application/json"]
    assert medallists["example"]["items"][0]["athlete"]["slug"] == "faith-kipyegon"


def test_every_example_is_the_live_answer(client: TestClient) -> None:
    """app/examples.json is not a third copy of the golden answers: it is the API's answer."""
    from app.core.examples import _EXAMPLES, EXAMPLE_URLS

    assert set(_EXAMPLES) == set(EXAMPLE_URLS)
    for name, url in EXAMPLE_URLS.items():
        assert client.get(url).json() == _EXAMPLES[name], name
