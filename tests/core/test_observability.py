"""Metrics, request ids, structured logs, and graceful shutdown of a real uvicorn."""

import asyncio
import json
import time
from collections import Counter
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from tests.procs import Uvicorn

# The heaviest reads of the bundled data (every repeat medallist; the all-time table: 20-70 ms
# each on SQLite): a SQLite read runs on the loop without yielding, so only requests that queue
# behind heavy ones are still in flight when the signal comes.
SLOW = [
    "/v1/medallists?min_editions=2",
    "/v1/medal-table",
]


def slow(i: int) -> str:
    """The i-th of distinct slow reads: each its own `as_of` (the historic medal definition,
    the heaviest form), so none is answered from the response cache or coalesced with another."""
    path = SLOW[i % len(SLOW)]
    return f"{path}{'&' if '?' in path else '?'}as_of={1950 + i}-12-31"


def test_metrics_count_requests_per_route_template(client: TestClient) -> None:
    for slug in ("josh-kerr", "faith-kipyegon", "nobody-at-all"):
        client.get(f"/v1/athletes/{slug}/medals")
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    body = response.text
    route = 'route="/v1/athletes/{slug}/medals"'
    assert f'podium_http_requests_total{{method="GET",{route},status="200"}} 2.0' in body
    assert f'podium_http_requests_total{{method="GET",{route},status="404"}} 1.0' in body
    assert f'podium_http_request_duration_seconds_bucket{{le="+Inf",method="GET",{route}' in body
    assert "podium_db_pool_connections_in_use" in body
    assert "podium_http_requests_in_progress" in body
    assert "josh-kerr" not in body  # templates, never raw paths


def test_request_id_is_echoed_or_made(client: TestClient) -> None:
    given = client.get("/v1/countries?limit=1", headers={"X-Request-ID": "abc-123"})
    assert given.headers["x-request-id"] == "abc-123"
    made = client.get("/v1/countries?limit=1")
    assert len(made.headers["x-request-id"]) == 32
    bad = client.get("/v1/countries?limit=1", headers={"X-Request-ID": "no spaces\tor tabs"})
    assert bad.headers["x-request-id"] != "no spaces\tor tabs"
    problem = client.get("/v1/athletes/nobody-at-all", headers={"X-Request-ID": "r-404"})
    assert problem.headers["x-request-id"] == "r-404"


@pytest.mark.e2e
def test_json_access_log_carries_the_request_id(db_url: str, tmp_path: Path) -> None:
    server = Uvicorn(db_url, tmp_path / "uvicorn.log")
    try:
        server.wait_ready()
        httpx.get(f"{server.base}/v1/athletes/josh-kerr", headers={"X-Request-ID": "trace-42"})
    finally:
        server.terminate()
    lines = [json.loads(line) for line in server.output().splitlines() if line.startswith("{")]
    access = [e for e in lines if e["logger"] == "podium.access" and e.get("request_id")]
    entry = next(e for e in access if e["request_id"] == "trace-42")
    assert entry["route"] == "/v1/athletes/{slug}"
    assert entry["status"] == 200
    assert entry["duration_ms"] >= 0
    assert all("level" in e and "time" in e for e in lines)


@pytest.mark.e2e
def test_access_log_can_be_turned_off(db_url: str, tmp_path: Path) -> None:
    server = Uvicorn(db_url, tmp_path / "uvicorn.log", ACCESS_LOG="false")
    try:
        server.wait_ready()
        httpx.get(f"{server.base}/v1/athletes/josh-kerr")
    finally:
        server.terminate()
    assert "podium.access" not in server.output()


@pytest.mark.e2e
def test_sigterm_under_load_completes_requests_in_flight(db_url: str, tmp_path: Path) -> None:
    """SIGTERM while 32 clients are mid-request: every request the server had received is
    answered 200, the process exits within the timeout, and later connections are never
    answered: refused once the listener is closed or, on SQLite, possibly accepted by the kernel
    while the loop still drains the queued reads and closed unanswered at shutdown (see
    docs/operations.md); never reset mid-request."""
    server = Uvicorn(db_url, tmp_path / "uvicorn.log")
    server.wait_ready("/readyz")
    outcomes: Counter[str] = Counter()
    errors: list[str] = []
    finished: list[float] = []
    signalled: list[float] = []

    async def one(client: httpx.AsyncClient, path: str, late: bool = False) -> None:
        try:
            response = await client.get(path)
        except httpx.ConnectError:
            outcomes["refused"] += 1  # sent after the listener closed: never reached the app
            return
        except httpx.HTTPError as exc:
            if late:  # sent after the signal: closed at shutdown without an answer
                outcomes["closed unanswered"] += 1
                return
            outcomes["reset"] += 1
            errors.append(f"{type(exc).__name__}: {exc}")
            return
        outcomes[str(response.status_code)] += 1
        finished.append(time.monotonic())

    sent: list[float] = []

    async def count_sent(_: httpx.Request) -> None:
        sent.append(time.monotonic())

    async def received(observer: httpx.AsyncClient, wanted: int) -> None:
        """Until the app has received all `wanted` requests, whichever way shows it first.
        On PostgreSQL a request waits on the network, so the in-progress gauge counts the ones
        received and not yet answered. A SQLite read runs on the loop without yielding: the
        gauge never shows more than one, the received requests queue as tasks, and /metrics is
        answered only after them; there, once answers are arriving (the server is working
        through the queue) and every request has been sent for 0.3 s (the loop, turning
        between answers, has read them all)."""
        ready = asyncio.Event()

        async def by_gauge() -> None:
            while True:
                text = (await observer.get("/metrics")).text
                answered = sum(
                    float(line.rsplit(" ", 1)[1])
                    for line in text.splitlines()
                    if line.startswith("podium_http_requests_total{") and '"/v1/' in line
                )
                in_flight = next(
                    float(line.rsplit(" ", 1)[1])
                    for line in text.splitlines()
                    if line.startswith("podium_http_requests_in_progress ")
                )
                if answered + in_flight - 1 >= wanted:  # less this /metrics request
                    ready.set()
                    return
                await asyncio.sleep(0.02)

        async def by_answers() -> None:
            while True:
                all_sent = len(sent) >= wanted and time.monotonic() - sent[wanted - 1] > 0.3
                if len(finished) >= 2 and all_sent:
                    ready.set()
                    return
                await asyncio.sleep(0.01)

        waiters = [asyncio.create_task(by_gauge()), asyncio.create_task(by_answers())]
        try:
            await asyncio.wait_for(ready.wait(), 20)
        finally:
            for waiter in waiters:
                waiter.cancel()

    async def scenario() -> float:
        # One request per connection (`Connection: close`), so every request is either
        # accepted and in flight, or refused at connect.
        async with (
            httpx.AsyncClient(
                base_url=server.base,
                timeout=60,
                headers={"Connection": "close"},
                event_hooks={"request": [count_sent]},
            ) as client,
            httpx.AsyncClient(base_url=server.base, timeout=60) as observer,
        ):
            first = [asyncio.create_task(one(client, slow(i))) for i in range(32)]
            # Signal once the app has received all 32 (answered or in flight), not after a
            # fixed sleep: on a loaded machine requests can still sit unread in the socket.
            await received(observer, 32)
            started = time.monotonic()
            signalled.append(started)
            server.process.send_signal(15)
            await asyncio.sleep(0.5)
            late = [asyncio.create_task(one(client, slow(i), late=True)) for i in range(4)]
            await asyncio.gather(*first, *late)
            code = await asyncio.to_thread(server.process.wait, 30)
            # uvicorn re-raises the SIGTERM it caught once it has shut down cleanly.
            assert code in (0, -15), code
            return time.monotonic() - started

    try:
        took = asyncio.run(scenario())
    finally:
        server.terminate()
    after = sum(1 for t in finished if t > signalled[0])
    print(
        f"\nSIGTERM under load: {dict(outcomes)}, {after} answered after the signal, "
        f"exited after {took:.2f} s"
    )
    assert outcomes["reset"] == 0, errors
    assert outcomes["200"] == 32, outcomes
    assert after > 0, "no request was in flight at SIGTERM: make the load heavier"
    assert outcomes["refused"] + outcomes["closed unanswered"] == 4, outcomes
    assert took < 20
    assert "Traceback" not in server.output()
    assert "Finished server process" in server.output()
