"""Concurrency: no lost updates (If-Match), no duplicates (concurrent imports), bounded waits.

Every write takes one lock first (the data-revision row, app/core/caching.py), so writes are
serialized on both engines; a write that cannot get the lock within DB_LOCK_TIMEOUT answers 503
with Retry-After instead of hanging.
"""

import asyncio
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import make_url, text

from app.core.db import make_sync_engine
from tests.conftest import make_client, new_token, snapshot
from tests.helpers import csv_text, euro_final
from tests.procs import Uvicorn

FINAL = "/v1/competitions/olympic-games-2024/events/men-1500m/rounds/final"


def test_if_match_two_clients_editing_the_same_placing(
    db_url: str, client: TestClient, auth: dict[str, str]
) -> None:
    other = make_client(db_url)
    with other:
        first_read = client.get(FINAL)
        second_read = other.get(FINAL)
        etag = first_read.headers["ETag"]
        assert second_read.headers["ETag"] == etag
        placing = first_read.json()["placings"][3]["id"]
        url = f"{FINAL}/placings/{placing}"

        alice = client.patch(url, json={"note": "Alice's note", "reason": "edit one"},
                             headers={**auth, "If-Match": etag})  # fmt: skip
        assert alice.status_code == 200, alice.text
        # Bob read the same version; his edit would silently overwrite Alice's: refused.
        bob = other.patch(url, json={"note": "Bob's note", "reason": "edit two"},
                          headers={**auth, "If-Match": etag})  # fmt: skip
        assert bob.status_code == 412, bob.text
        assert bob.headers["content-type"] == "application/problem+json"
        assert "If-Match" in bob.json()["detail"]
        notes = {p["id"]: p["note"] for p in other.get(FINAL).json()["placings"]}
        assert notes[placing] == "Alice's note"

        # Bob re-reads, sees Alice's note, and applies his change on the new version.
        fresh = other.get(FINAL).headers["ETag"]
        assert fresh != etag
        retry = other.patch(url, json={"note": "Bob's note", "reason": "edit two"},
                            headers={**auth, "If-Match": fresh})  # fmt: skip
        assert retry.status_code == 200
        # Without If-Match a write is unconditional (as before); `*` matches any version.
        star = client.patch(url, json={"note": "star", "reason": "any version"},
                            headers={**auth, "If-Match": "*"})  # fmt: skip
        assert star.status_code == 200
        garbage = client.patch(url, json={"note": "x", "reason": "bad tag"},
                               headers={**auth, "If-Match": '"nonsense"'})  # fmt: skip
        assert garbage.status_code == 412


def test_stale_if_match_changes_nothing(
    client: TestClient, auth: dict[str, str], unchanged: object, db_url: str
) -> None:
    etag = client.get(FINAL).headers["ETag"]
    placing = client.get(FINAL).json()["placings"][0]["id"]
    revision, _, rest = etag.removeprefix('W/"').partition("-")
    stale = f'W/"{int(revision) - 1}-{rest}'
    response = client.patch(
        f"{FINAL}/placings/{placing}",
        json={"status": "dq", "place": None, "reason": "stale"},
        headers={**auth, "If-Match": stale},
    )
    assert response.status_code == 412
    unchanged()  # type: ignore[operator]


@pytest.fixture
def served(db_url: str, tmp_path: Path) -> Iterator[Uvicorn]:
    server = Uvicorn(db_url, tmp_path / "uvicorn.log", DB_LOCK_TIMEOUT="60", ACCESS_LOG="false")
    server.wait_ready("/readyz")
    yield server
    server.terminate()


def test_eight_concurrent_imports_of_one_file_leave_one_copy(served: Uvicorn, db_url: str) -> None:
    token = new_token(db_url)
    body = csv_text(euro_final()).encode()
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "text/csv"}

    async def fire() -> list[httpx.Response]:
        async with httpx.AsyncClient(base_url=served.base, timeout=120) as client:
            return await asyncio.gather(
                *(client.post("/v1/imports", content=body, headers=headers) for _ in range(8))
            )

    responses = asyncio.run(fire())
    assert [r.status_code for r in responses] == [200] * 8, [r.text for r in responses]
    reports = [r.json() for r in responses]
    creators = [r for r in reports if any(r["created"].values())]
    assert len(creators) == 1, reports
    assert creators[0]["created"]["placings"] == 4
    others = [r for r in reports if r is not creators[0]]
    assert all(not any(r["created"].values()) for r in others), others
    assert all(not any(r["updated"].values()) and r["unchanged"] == 4 for r in others), others
    tables = snapshot(db_url)
    engine = make_sync_engine(db_url)
    with engine.connect() as connection:
        count = connection.scalar(
            text("SELECT count(*) FROM competition WHERE slug = 'european-championships-2022'")
        )
        athletes = connection.scalar(
            text("SELECT count(*) FROM athlete WHERE name = 'Azeddine Habz'")
        )
    engine.dispose()
    assert count == 1
    assert athletes == 1
    assert len(tables["placing"]) == len(set(tables["placing"]))


def _hold_write_lock(db_url: str, seconds: float, held: threading.Event) -> None:
    """Another writer holds the write lock for `seconds` (SQLite: BEGIN IMMEDIATE;
    PostgreSQL: the data-revision row locked FOR UPDATE)."""
    url = make_url(db_url)
    if url.get_backend_name() == "sqlite":
        connection = sqlite3.connect(url.database or "", isolation_level=None)
        connection.execute("BEGIN IMMEDIATE")
        held.set()
        time.sleep(seconds)
        connection.execute("ROLLBACK")
        connection.close()
        return
    engine = make_sync_engine(db_url)
    with engine.connect() as connection, connection.begin():
        connection.execute(text("SELECT revision FROM data_revision FOR UPDATE"))
        held.set()
        time.sleep(seconds)
    engine.dispose()


def test_a_write_waits_a_bounded_time_for_another_writer_then_503(
    db_url: str, tmp_path: Path
) -> None:
    token = new_token(db_url)
    server = Uvicorn(db_url, tmp_path / "uvicorn.log", DB_LOCK_TIMEOUT="1", ACCESS_LOG="false")
    try:
        server.wait_ready("/readyz")
        held = threading.Event()
        holder = threading.Thread(target=_hold_write_lock, args=(db_url, 4, held))
        holder.start()
        assert held.wait(10)
        started = time.monotonic()
        refused = httpx.post(
            f"{server.base}/v1/athletes",
            json={"name": "Waiting Writer", "sex": "men"},
            headers={"Authorization": f"Bearer {token}"},
            timeout=30,
        )
        waited = time.monotonic() - started
        # Reads are not blocked by the writer.
        assert httpx.get(f"{server.base}{FINAL}", timeout=30).status_code == 200
        holder.join()
        assert refused.status_code == 503, refused.text
        assert refused.headers["content-type"] == "application/problem+json"
        assert refused.headers["retry-after"].isdigit()
        assert 0.8 < waited < 3.5, waited
        # The lock is free again: the same write now succeeds.
        accepted = httpx.post(
            f"{server.base}/v1/athletes",
            json={"name": "Waiting Writer", "sex": "men"},
            headers={"Authorization": f"Bearer {token}"},
            timeout=30,
        )
        assert accepted.status_code == 201, accepted.text
        log = server.output()
        assert "Traceback" not in log
        assert "database busy" in log
    finally:
        server.terminate()
