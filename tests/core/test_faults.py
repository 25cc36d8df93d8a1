"""Database outages against real processes: a private PostgreSQL cluster and a real uvicorn.

The cluster is our own (`initdb` in a temporary directory, its own port), so stopping it never
touches the shared server. While it is down, concurrent clients keep reading and writing; every
answer must be 200/201 or 503 problem+json with Retry-After, none dropped, and after it returns
the data must be exactly what was acknowledged. The numbers are printed (`pytest -s`) and
attached to the test report as properties.
"""

import asyncio
import json
import os
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from app.core.db import make_sync_engine
from app.imports.seed import load_reference
from tests.conftest import migrate, new_token
from tests.procs import PostgresCluster, Uvicorn, cluster_unavailable_reason

pytestmark = pytest.mark.e2e
REQUIRE_PG = os.environ.get("PODIUM_REQUIRE_POSTGRES") == "1"
READS = [
    "/v1/countries?limit=5",
    "/v1/athletes?q=fault",
    "/v1/disciplines?limit=3",
    "/v1/medal-table",
]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PostgresCluster]:
    reason = cluster_unavailable_reason()
    if reason:
        if REQUIRE_PG:
            pytest.fail(f"the PostgreSQL fault tests must run in CI: {reason}")
        pytest.skip(reason)
    pg = PostgresCluster(tmp_path_factory.mktemp("faults") / "pg")
    pg.init()
    pg.start()
    try:
        yield pg
    finally:
        pg.destroy()


@pytest.fixture
def pg_app(cluster: PostgresCluster, tmp_path: Path) -> Iterator[tuple[Uvicorn, str, str]]:
    """A migrated database with reference data on the private cluster, served by uvicorn."""
    name = f"fault_{int(time.monotonic() * 1000) % 10**9}"
    admin = make_sync_engine(cluster.url)
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    url = cluster.url_for(name)
    migrate(url)
    engine = make_sync_engine(url)
    with Session(engine) as session, session.begin():
        load_reference(session)
    engine.dispose()
    token = new_token(url)
    server = Uvicorn(url, tmp_path / "uvicorn.log", RETRY_AFTER="1", DB_POOL_SIZE="4",
                     DB_CONNECT_TIMEOUT="2", DB_POOL_TIMEOUT="5", ACCESS_LOG="false")  # fmt: skip
    server.wait_ready("/readyz")
    try:
        yield server, url, token
    finally:
        server.terminate()


@dataclass
class Tally:
    sent: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    dropped: list[str] = field(default_factory=list)
    bad: list[str] = field(default_factory=list)
    created: set[str] = field(default_factory=set)
    refused_writes: set[str] = field(default_factory=set)
    successes: list[tuple[float, float]] = field(default_factory=list)  # (started, finished)


async def _worker(client: httpx.AsyncClient, number: int, tally: Tally, stop: asyncio.Event,
                  token: str) -> None:  # fmt: skip
    n = 0
    while not stop.is_set():
        n += 1
        write = n % 4 == 0
        started = time.monotonic()
        tally.sent += 1
        name = f"Fault Runner {number}-{n}"
        try:
            if write:
                response = await client.post(
                    "/v1/athletes",
                    json={"name": name, "sex": "women", "country": "KEN"},
                    headers={"Authorization": f"Bearer {token}"},
                )
            else:
                response = await client.get(READS[n % len(READS)])
        except httpx.HTTPError as exc:
            tally.dropped.append(f"{type(exc).__name__}: {exc}")
            continue
        status = response.status_code
        tally.statuses[status] += 1
        if status in (200, 201):
            tally.successes.append((started, time.monotonic()))
            if write:
                tally.created.add(name)
        elif status == 503:
            problem = response.headers.get("content-type") == "application/problem+json"
            if not problem or not response.headers.get("retry-after", "").isdigit():
                tally.bad.append(f"503 without problem+json/Retry-After: {response.headers}")
            if write:
                tally.refused_writes.add(name)
            await asyncio.sleep(0.05)
        else:
            tally.bad.append(f"{status}: {response.text[:300]}")


def _athletes_named_fault(url: str) -> set[str]:
    engine = make_sync_engine(url)
    with engine.connect() as connection:
        names = connection.execute(
            text("SELECT name FROM athlete WHERE name LIKE 'Fault Runner %'")
        ).scalars()
        found = set(names)
    engine.dispose()
    return found


def test_postgres_restart_under_load_answers_200_or_503_and_loses_nothing(
    cluster: PostgresCluster,
    pg_app: tuple[Uvicorn, str, str],
    record_property: Callable[[str, object], None],
) -> None:
    server, url, token = pg_app
    tally = Tally()
    timeline: dict[str, float] = {}

    async def scenario() -> None:
        stop = asyncio.Event()
        limits = httpx.Limits(max_connections=8, max_keepalive_connections=8)
        async with httpx.AsyncClient(base_url=server.base, timeout=30, limits=limits) as client:
            workers = [
                asyncio.create_task(_worker(client, i, tally, stop, token)) for i in range(8)
            ]
            await asyncio.sleep(1.5)
            timeline["stop"] = time.monotonic()
            await asyncio.to_thread(cluster.stop, "fast")
            await asyncio.sleep(3)
            timeline["up"] = await asyncio.to_thread(cluster.start)
            await asyncio.sleep(3)
            stop.set()
            await asyncio.gather(*workers)

    asyncio.run(scenario())
    up = timeline["up"]
    after = [done for started, done in tally.successes if started >= up]
    recovery = (min(after) - up) if after else float("inf")
    numbers = {
        "sent": tally.sent,
        "ok_200_201": tally.statuses[200] + tally.statuses[201],
        "unavailable_503": tally.statuses[503],
        "dropped": len(tally.dropped),
        "other": len(tally.bad),
        "outage_seconds": round(up - timeline["stop"], 2),
        "recovery_seconds": round(recovery, 3),
    }
    print("\npostgres restart under load:", json.dumps(numbers))
    for key, value in numbers.items():
        record_property(key, value)

    assert tally.dropped == [], tally.dropped[:5]
    assert tally.bad == [], tally.bad[:5]
    assert tally.statuses[503] > 0, "the outage was not observed"
    assert recovery < 3, numbers
    # Exactly the acknowledged writes are stored: nothing refused was half-applied.
    assert _athletes_named_fault(url) == tally.created
    # Every answer after the first successful one past recovery + 1 s is a success.
    late = httpx.get(f"{server.base}/v1/athletes?q=fault+runner&limit=1")
    assert late.status_code == 200
    assert late.json()["total"] == len(tally.created)
    log = server.output()
    assert "Traceback" not in log, log[-3000:]
    assert log.count("database unreachable") == 1, log[-3000:]
    assert log.count("database reachable again") == 1, log[-3000:]


def test_first_read_after_an_idle_restart_succeeds(
    cluster: PostgresCluster, pg_app: tuple[Uvicorn, str, str]
) -> None:
    """Pooled connections the server closed while the app was idle: the read is retried once."""
    server, _, _ = pg_app
    with httpx.Client(base_url=server.base, timeout=30) as client:
        for _ in range(5):  # fill the pool
            assert client.get("/v1/countries?limit=1").status_code == 200
        cluster.stop("fast")
        cluster.start()
        first = client.get("/v1/countries?limit=1")
        assert first.status_code == 200, first.text
        assert client.get("/v1/medal-table").status_code == 200
    assert "Traceback" not in server.output()


def test_first_headline_read_after_an_idle_restart_succeeds(
    cluster: PostgresCluster, pg_app: tuple[Uvicorn, str, str]
) -> None:
    """The fast lane's reads (app/core/reads.py) too: with several pooled connections stale, the
    first headline read after a restart is retried once and gets a fresh connection (the lost
    connection invalidates its whole pool generation, not only itself)."""
    server, _, _ = pg_app

    async def fill() -> set[int]:
        async with httpx.AsyncClient(base_url=server.base, timeout=30) as client:
            # Distinct questions (no cache hit, no coalescing): several connections in use.
            paths = [f"/v1/medal-table?as_of={2000 + i}-01-01" for i in range(16)]
            replies = await asyncio.gather(*(client.get(path) for path in paths))
        return {reply.status_code for reply in replies}

    assert asyncio.run(fill()) == {200}
    cluster.stop("fast")
    cluster.start()
    with httpx.Client(base_url=server.base, timeout=30) as client:
        # Neither answered before (nothing cached): each runs its statements on the lane.
        for path in ("/v1/athletes/nobody/medals", "/v1/competitions/no-games"):
            first = client.get(path)
            assert first.status_code == 404, (path, first.text)
    assert "Traceback" not in server.output()


def test_database_down_answers_503_problem_with_retry_after(
    cluster: PostgresCluster, pg_app: tuple[Uvicorn, str, str]
) -> None:
    server, _, token = pg_app
    cluster.stop("immediate")
    try:
        with httpx.Client(base_url=server.base, timeout=30) as client:
            headline = ("/v1/medal-table", "/v1/athletes/nobody/medals")  # the fast lane
            for path in ("/v1/countries", "/v1/athletes/nobody", *headline, "/readyz"):
                response = client.get(path)
                assert response.status_code == 503, (path, response.text)
                assert response.headers["content-type"] == "application/problem+json"
                assert response.headers["retry-after"] == "1"
                assert response.headers["x-request-id"]
            write = client.post(
                "/v1/athletes",
                json={"name": "Nobody Writes", "sex": "men"},
                headers={"Authorization": f"Bearer {token}"},
            )
            assert write.status_code == 503
            assert client.get("/healthz").status_code == 200  # the process itself is alive
            metrics = client.get("/metrics").text
            assert 'podium_db_unavailable_responses_total{reason="down"}' in metrics
    finally:
        cluster.start()
    assert "Traceback" not in server.output()
