"""HTTP benchmark: requests/s and p50/p99 latency of the headline endpoints on a real uvicorn
process, beside baselines measured in the same run (`/healthz`: the framework with no database;
a 304 revalidation: one primary-key read). Also reports the server's peak RSS.

    python -m bench.http_bench [--seconds 5] [--connections 64] [--postgres URL]

The load generator is wrk when it is installed (`apt-get install wrk`), else an asyncio httpx
client in this process, which saturates near 100 requests/s by itself; either runs on the same
2-core machine as the server, so the numbers compare with each other and with the baselines,
not with a separate load-generation box.
"""

import argparse
import asyncio
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from sqlalchemy.orm import Session

from app.core.db import make_sync_engine
from app.imports.seed import seed

ENDPOINTS = [
    ("baseline: /healthz (no database)", "/healthz", {}),
    ("baseline: 304 revalidation", "/v1/athletes/josh-kerr/medals", {"If-None-Match": "*"}),
    ("medal cabinet", "/v1/athletes/josh-kerr/medals", {}),
    (
        "repeat medallists",
        "/v1/medallists?discipline=1500m&series=olympic-games&min_editions=2",
        {},
    ),
    ("round results", "/v1/competitions/olympic-games-2024/events/men-1500m/rounds/final", {}),
    ("medal table (all time)", "/v1/medal-table", {}),
    ("head-to-head", "/v1/athletes/josh-kerr/head-to-head/jakob-ingebrigtsen", {}),
    ("athlete search", "/v1/athletes?q=kip", {}),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def load(
    base: str, path: str, headers: dict[str, str], seconds: float, connections: int
) -> list[float]:
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:

        async def worker() -> None:
            while time.perf_counter() < deadline:
                started = time.perf_counter()
                response = await client.get(path, headers=headers)
                if response.status_code not in (200, 304):
                    raise RuntimeError(f"{path}: {response.status_code}")
                latencies.append(time.perf_counter() - started)

        await asyncio.gather(*(worker() for _ in range(connections)))
    return latencies


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    number = text.rstrip("usm")
    return float(number) * UNITS[text[len(number) :]]


def wrk(
    base: str, path: str, headers: dict[str, str], seconds: float, connections: int
) -> tuple[float, float, float]:
    """(requests/s, p50 ms, p99 ms) measured by wrk."""
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds:.0f}s", "--latency"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    out = subprocess.run([*command, base + path], capture_output=True, text=True, check=True).stdout
    if "Non-2xx" in out and "If-None-Match" not in headers:
        raise RuntimeError(f"{path}: errors under load\n{out}")
    fields = {
        line.split()[0]: line.split()[1]
        for line in out.splitlines()
        if line.strip()[:3] in ("50%", "99%")
    }
    rate = float(
        next(line.split()[1] for line in out.splitlines() if line.startswith("Requests/sec"))
    )
    return rate, _ms(fields["50%"]), _ms(fields["99%"])


def python_load(
    base: str, path: str, headers: dict[str, str], seconds: float, connections: int
) -> tuple[float, float, float]:
    latencies = sorted(asyncio.run(load(base, path, headers, seconds, connections)))
    p99 = latencies[int(len(latencies) * 0.99) - 1]
    return len(latencies) / seconds, statistics.median(latencies) * 1000, p99 * 1000


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def bench(url: str, label: str, seconds: float, connections: int) -> None:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "app.asgi:app", "--port", str(port), "--log-level", "warning",
         "--loop", "uvloop", "--http", "httptools"],
        env={**os.environ, "DATABASE_URL": url},
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if httpx.get(f"{base}/readyz").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        measure = wrk if shutil.which("wrk") else python_load
        print(
            f"\n{label}: {connections} connections, {seconds:.0f} s per endpoint, {measure.__name__}"
        )
        print(f"{'endpoint':<36} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}")
        for name, path, headers in ENDPOINTS:
            rate, p50, p99 = measure(base, path, headers, seconds, connections)
            print(f"{name:<36} {rate:>8.0f} {p50:>8.1f} {p99:>8.1f}", flush=True)
        print(f"server peak RSS: {peak_rss_mb(server.pid):.0f} MB")
    finally:
        server.terminate()
        server.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument(
        "--postgres",
        default=os.environ.get(
            "PODIUM_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
        ),
    )
    args = parser.parse_args()
    os.environ.setdefault("PODIUM_TEST_POSTGRES_URL", args.postgres)
    from tests.conftest import fresh_database, migrate  # reads PODIUM_TEST_POSTGRES_URL

    with tempfile.TemporaryDirectory() as tmp:
        for engine in ("sqlite", "postgres"):
            with fresh_database(engine, Path(tmp)) as url:
                migrate(url)
                sync = make_sync_engine(url)
                with Session(sync) as session, session.begin():
                    seed(session)
                sync.dispose()
                bench(url, f"{engine} (bundled data set)", args.seconds, args.connections)


if __name__ == "__main__":
    main()
