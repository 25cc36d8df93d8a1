"""Real answers from the bundled data set, shown as OpenAPI examples (app/examples.json)."""

import json
from importlib import resources
from typing import Any

_EXAMPLES: dict[str, Any] = json.loads(
    resources.files("app").joinpath("examples.json").read_text(encoding="utf-8")
)


def example_response(name: str) -> dict[int | str, dict[str, Any]]:
    """A `responses=` entry showing the named example for the 200 answer."""
    return {200: {"content": {"application/json": {"example": _EXAMPLES[name]}}}}
