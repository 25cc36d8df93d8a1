"""The committed OpenAPI document makes a working Python SDK.

openapi-python-client (a dev requirement) generates a client from openapi/openapi.json once per
module into a temporary directory, which is put on `sys.path` for the duration of the module (no
install, nothing written to the repository or the venv). The client's typed functions and models
then talk to a real uvicorn process on each engine.
"""

import importlib
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.conftest import new_token

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "openapi" / "openapi.json"
PACKAGE = "podium_sdk"

# The one warning the generator is allowed to print. POST /v1/imports accepts
# `application/json` or `text/csv`; openapi-python-client 0.29 types request bodies only for
# JSON, form, multipart and octet-stream, so it drops the CSV alternative (the generated
# `import_results` takes only the JSON body). Any other warning fails the test.
KNOWN_WARNINGS = [
    re.compile(
        r"WARNING parsing POST /v1/imports within imports\.\s+"
        r"Unsupported content type text/csv\s+\{\n.*?\n\}\n",
        re.DOTALL,
    ),
]
# Lines the generator prints around its (filtered) warning list.
BOILERPLATE = (
    "Generating ",
    "Warning(s) encountered while generating. Client was generated, but some pieces may be missing",
    "If you believe this was a mistake or this tool is missing a feature you need",
)


def unexpected_generator_output(output: str) -> list[str]:
    for known in KNOWN_WARNINGS:
        output = known.sub("", output)
    return [
        line for line in output.splitlines() if line.strip() and not line.startswith(BOILERPLATE)
    ]


@pytest.fixture(scope="module")
def sdk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    """The generated client package, importable as `podium_sdk` while this module runs."""
    bindir = Path(sys.executable).parent
    generator = shutil.which("openapi-python-client", path=str(bindir))
    if generator is None:
        pytest.fail(f"openapi-python-client is not installed in {bindir} (requirements/dev.txt)")
    out = tmp_path_factory.mktemp("sdk")
    # The generator formats its output with `ruff` (a post hook) and warns when it is not on PATH.
    env = {**os.environ, "PATH": f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}"}
    result = subprocess.run(
        [generator, "generate", "--path", str(SPEC), "--output-path", str(out / PACKAGE),
         "--meta", "none"],
        cwd=out, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert unexpected_generator_output(output) == [], output
    assert (out / PACKAGE / "api" / "medals" / "get_athlete_medals.py").is_file(), output

    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(out))
        for name in [n for n in sys.modules if n == PACKAGE or n.startswith(f"{PACKAGE}.")]:
            del sys.modules[name]


def sdk_module(name: str) -> Any:
    """A module of the generated package, e.g. `api.medals.get_athlete_medals`."""
    return importlib.import_module(f"{PACKAGE}.{name}")


def test_generated_sdk_reads(sdk: ModuleType, server: str) -> None:
    """Medal cabinet, repeat medallists and every athlete page, through typed calls and models.

    One test (one server per engine) to keep the module fast; each part names what failed.
    """
    models = sdk_module("models")
    with sdk.Client(base_url=server, raise_on_unexpected_status=True) as client:
        check_medal_cabinet(client, models)
        check_repeat_medallists(client, models)
        check_athlete_paging(client, models)
        check_history_and_feeds(client, models)


def check_medal_cabinet(client: Any, models: Any) -> None:
    get_athlete_medals = sdk_module("api.medals.get_athlete_medals")
    cabinet = get_athlete_medals.sync("josh-kerr", client=client)
    assert isinstance(cabinet, models.MedalCabinet)
    assert isinstance(cabinet.totals, models.MedalCount)
    totals = cabinet.totals
    assert (totals.gold, totals.silver, totals.bronze, totals.total) == (3, 1, 1, 5)
    assert cabinet.athlete.slug == "josh-kerr" and cabinet.athlete.country == "GBR"
    assert len(cabinet.medals) == 5
    assert all(isinstance(item.medal, models.Medal) for item in cabinet.medals)
    assert sum(item.medal is models.Medal.GOLD for item in cabinet.medals) == 3

    olympic = get_athlete_medals.sync("josh-kerr", client=client, series="olympic-games")
    assert isinstance(olympic, models.MedalCabinet)
    assert {item.competition.series for item in olympic.medals} == {"olympic-games"}

    missing = get_athlete_medals.sync_detailed("no-such-athlete", client=client)
    assert missing.status_code == 404
    assert isinstance(missing.parsed, models.Problem) and missing.parsed.status == 404


def check_history_and_feeds(client: Any, models: Any) -> None:
    import datetime as dt

    get_round_results = sdk_module("api.results.get_round_results")
    before = get_round_results.sync(
        "olympic-games-2012", "women-1500m", "final", client=client, as_of=dt.date(2013, 1, 1)
    )
    assert isinstance(before, models.RoundResults)
    assert before.placings[0].athlete.slug == "asli-cakir-alptekin"
    list_changes = sdk_module("api.results.list_changes")
    changes = list_changes.sync(client=client, athlete="jim-thorpe")
    assert isinstance(changes, models.ChangePage)
    assert [c.effective_date.isoformat() for c in changes.items][:1] == ["1982-10-13"]
    get_feed = sdk_module("api.imports.get_feed")
    feed = get_feed.sync(client=client, since=0, limit=3)
    assert isinstance(feed, models.FeedPage) and feed.more and feed.next_since == 3


def check_repeat_medallists(client: Any, models: Any) -> None:
    list_medallists = sdk_module("api.medals.list_medallists")
    page = list_medallists.sync(
        client=client,
        discipline="1500m",
        series="olympic-games",
        sex=models.Sex.WOMEN,
        min_editions=3,
    )
    assert isinstance(page, models.MedallistPage)
    assert page.total == 1 and len(page.items) == 1
    (kipyegon,) = page.items
    assert isinstance(kipyegon, models.Medallist)
    assert kipyegon.athlete.slug == "faith-kipyegon"
    assert kipyegon.editions == 3


def check_athlete_paging(client: Any, models: Any) -> None:
    list_athletes = sdk_module("api.athletes.list_athletes")
    slugs: list[str] = []
    total: int | None = None
    for _ in range(1_000):  # a bound, in case paging never ends
        page = list_athletes.sync(client=client, limit=50, offset=len(slugs))
        assert isinstance(page, models.AthletePage)
        assert (page.limit, page.offset) == (50, len(slugs))
        assert total in (None, page.total), "total changed while paging"
        total = page.total
        assert len(page.items) == min(50, total - len(slugs))
        assert all(isinstance(athlete, models.AthleteRead) for athlete in page.items)
        slugs.extend(athlete.slug for athlete in page.items)
        if len(slugs) >= total:
            break
    else:
        pytest.fail("paging did not reach the total")
    assert total is not None and total > 50, "the data set should need more than one page"
    assert len(slugs) == total
    assert len(set(slugs)) == total, "an athlete appeared on two pages"


DRY_RUN_IMPORT = {
    "sources": ["https://worldathletics.org/"],
    "notes": "SDK test: two placings of the Munich 2022 1500m final.",
    "competitions": [
        {
            "slug": "european-championships-2022",
            "name": "Munich 2022 European Championships",
            "series": "european-championships",
            "year": 2022,
            "city": "Munich",
            "host_country": "GER",
            "start_date": "2022-08-15",
            "end_date": "2022-08-21",
            "events": [
                {
                    "discipline": "1500m",
                    "sex": "men",
                    "rounds": [
                        {
                            "phase": "final",
                            "heat": None,
                            "date": "2022-08-19",
                            "placings": [
                                {
                                    "place": 1,
                                    "athlete": {"name": "Jakob Ingebrigtsen"},
                                    "country": "NOR",
                                    "mark": "3:32.76",
                                },
                                {
                                    "place": 2,
                                    "athlete": {"name": "Jake Heyward"},
                                    "country": "GBR",
                                    "mark": "3:33.28",
                                },
                            ],
                        }
                    ],
                }
            ],
        }
    ],
}


def test_generated_sdk_dry_run_import_writes_nothing(
    sdk: ModuleType, server: str, db_url: str
) -> None:
    import_results = sdk_module("api.imports.import_results")
    get_competition = sdk_module("api.competitions.get_competition")
    models = sdk_module("models")
    body = models.ImportResultsJsonBody.from_dict(DRY_RUN_IMPORT)
    token = new_token(db_url)
    with sdk.AuthenticatedClient(base_url=server, token="not-a-token") as stranger:
        refused = import_results.sync_detailed(client=stranger, body=body, dry_run=True)
        assert refused.status_code == 401 and isinstance(refused.parsed, models.Problem)

    with sdk.AuthenticatedClient(
        base_url=server, token=token, raise_on_unexpected_status=True
    ) as client:
        report = import_results.sync(client=client, body=body, dry_run=True)
        assert isinstance(report, models.ImportReport), report
        assert report.dry_run is True
        assert isinstance(report.created, models.ImportCounts)
        created = report.created
        assert (created.competitions, created.events, created.rounds) == (1, 1, 1)
        assert created.athletes == 0, "both athletes are in the data set"
        assert created.placings == 2
        assert report.unchanged == 0

        after = get_competition.sync_detailed("european-championships-2022", client=client)
        assert after.status_code == 404, "a dry run wrote the competition"
        assert isinstance(after.parsed, models.Problem)
