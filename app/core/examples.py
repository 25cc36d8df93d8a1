"""Real answers from the bundled data set, shown as OpenAPI examples (app/examples.json).

They are set on the finished document because FastAPI drops `null` values from examples it
renders, and a response example must keep every required field, nulls included.
"""

import json
from importlib import resources
from typing import Any

_EXAMPLES: dict[str, Any] = json.loads(
    resources.files("app").joinpath("examples.json").read_text(encoding="utf-8")
)
# Where each example is answered: a test keeps every example equal to the live answer.
EXAMPLE_URLS = {
    "cabinet": "/v1/athletes/josh-kerr/medals",
    "medallists": "/v1/medallists?discipline=1500m&series=olympic-games&min_editions=3",
    "medal_table": "/v1/competitions/olympic-games-2024/medal-table?discipline=1500m",
    "round_results": "/v1/competitions/olympic-games-2024/events/men-1500m/rounds/final",
    "head_to_head": "/v1/athletes/josh-kerr/head-to-head/jakob-ingebrigtsen",
}
OPERATION_EXAMPLES = {
    "getAthleteMedals": "cabinet",
    "listMedallists": "medallists",
    "getCompetitionMedalTable": "medal_table",
    "getRoundResults": "round_results",
    "getHeadToHead": "head_to_head",
}


def add_examples(schema: dict[str, Any]) -> None:
    """Attach each headline operation's example to its 200 JSON response."""
    for operations in schema["paths"].values():
        for operation in operations.values():
            name = OPERATION_EXAMPLES.get(operation.get("operationId", ""))
            if name:
                content = operation["responses"]["200"]["content"]["application/json"]
                content["example"] = _EXAMPLES[name]
