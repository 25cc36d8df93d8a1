"""openapi/openapi.json passes Spectral's recommended OpenAPI rules (.spectral.yaml).

Any error or warning fails. A canary document, linted in the same run, proves the ruleset is
loaded and the report is read: its broken example and duplicate operationId must be reported.
Skipped when Node.js/npm are absent.
"""

import json
from pathlib import Path

import pytest

from tests.sdk.toolchain import ROOT, ensure_node_modules, npx, output

SEVERITY = ["error", "warning", "info", "hint"]

CANARY = {
    "openapi": "3.1.0",
    "info": {"title": "Canary", "version": "1", "description": "d", "contact": {"name": "c"}},
    "servers": [{"url": "/"}],
    "tags": [{"name": "t", "description": "d"}],
    "paths": {
        f"/{name}": {
            "get": {
                "operationId": "duplicate",
                "summary": "s",
                "description": "d",
                "tags": ["t"],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {
                                "schema": {"type": "integer"},
                                "example": "not an integer",
                            }
                        },
                    }
                },
            }
        }
        for name in ("a", "b")
    },
}


def test_openapi_document_passes_spectral_recommended_rules(tmp_path: Path) -> None:
    ensure_node_modules()
    canary = tmp_path / "canary.json"
    canary.write_text(json.dumps(CANARY), encoding="utf-8")
    report = tmp_path / "spectral.json"
    linted = npx(
        "spectral", "lint", "../../openapi/openapi.json", str(canary),
        "--ruleset", "../../.spectral.yaml", "--format", "json", "--output", str(report),
    )  # fmt: skip
    # 0: nothing at or above the fail severity (error), 1: something is; anything else: crashed.
    assert linted.returncode in (0, 1) and report.is_file(), output(linted)
    results = json.loads(report.read_text(encoding="utf-8"))

    canary_codes = {r["code"] for r in results if Path(r["source"]) == canary}
    assert {"operation-operationId-unique", "oas3-valid-media-example"} <= canary_codes, results

    spec = (ROOT / "openapi" / "openapi.json").resolve()
    findings = [
        f"{SEVERITY[r['severity']]} {r['code']} at {'.'.join(map(str, r['path'])) or '$'}"
        f" (line {r['range']['start']['line'] + 1}): {r['message']}"
        for r in results
        if Path(r["source"]).resolve() == spec and r["severity"] <= 1
    ]
    if findings:
        pytest.fail(f"{len(findings)} Spectral findings:\n" + "\n".join(findings), pytrace=False)
