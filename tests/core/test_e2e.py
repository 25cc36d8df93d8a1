"""End to end: a real uvicorn process on loopback answers 64 concurrent GETs, on each engine."""

import asyncio

import httpx
import pytest

URLS = [
    "/v1/athletes/josh-kerr/medals",
    "/v1/medallists?discipline=1500m&series=olympic-games&min_editions=2",
    "/v1/competitions/olympic-games-2024/events/men-1500m/rounds/final",
    "/v1/medal-table?series=world-championships",
    "/v1/athletes?q=kip",
    "/v1/athletes/josh-kerr/head-to-head/jakob-ingebrigtsen",
]


@pytest.mark.e2e
def test_64_concurrent_requests_are_all_answered(server: str) -> None:
    async def fire() -> list[int]:
        limits = httpx.Limits(max_connections=64)
        async with httpx.AsyncClient(base_url=server, timeout=30, limits=limits) as client:
            responses = await asyncio.gather(*(client.get(URLS[i % len(URLS)]) for i in range(64)))
        return [r.status_code for r in responses]

    statuses = asyncio.run(fire())
    assert statuses == [200] * len(statuses)


@pytest.mark.e2e
def test_served_answers_match_and_writes_need_a_token(server: str) -> None:
    cabinet = httpx.get(f"{server}/v1/athletes/josh-kerr/medals").json()
    assert cabinet["totals"] == {"gold": 3, "silver": 1, "bronze": 1, "total": 5}
    refused = httpx.post(f"{server}/v1/countries", json={"code": "XXA", "name": "X"})
    assert refused.status_code == 401
    assert refused.headers["content-type"] == "application/problem+json"
