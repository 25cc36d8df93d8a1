"""schemathesis fuzzes the live API from its own OpenAPI document, on each engine.

Every check runs except `positive_data_acceptance`: a schema-valid body that names an unknown
country, discipline or athlete is rightly refused with 422 (a reference the schema cannot
express), which that check would count as a failure.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import new_token

# A fixed seed, a fixed number of examples and deterministic generation make every run (and CI)
# try the same cases; raise PODIUM_FUZZ_EXAMPLES or change PODIUM_FUZZ_SEED to explore more.
EXAMPLES = os.environ.get("PODIUM_FUZZ_EXAMPLES", "25")
SEED = os.environ.get("PODIUM_FUZZ_SEED", "20261125")


@pytest.mark.e2e
def test_schemathesis_finds_no_failures(server: str, db_url: str) -> None:
    token = new_token(db_url, "fuzzer")
    command = [
        str(Path(sys.executable).with_name("schemathesis")), "run", f"{server}/openapi.json",
        "--checks", "all", "--exclude-checks", "positive_data_acceptance",
        "-H", f"Authorization: Bearer {token}",
        "--max-examples", EXAMPLES, "--generation-deterministic", "--workers", "1", "--seed", SEED,
        "--suppress-health-check", "too_slow,filter_too_much",
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    summary = result.stdout[result.stdout.find("SUMMARY") :]
    print(summary)
    cases = re.search(r"(\d+) generated", summary)
    assert cases and int(cases.group(1)) > 100, summary
    assert result.returncode == 0, result.stdout[result.stdout.find("FAILURES") :][:8000]
