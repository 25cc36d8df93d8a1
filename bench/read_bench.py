"""Side-by-side read benchmark: Podium beside a raw-SQL baseline app, on 1M placings, both engines.

    python -m bench.read_bench [--placings 1000000] [--seconds 5] [--engines sqlite postgresql]
                               [--source DIR] [--keep] [--plans DIR] [--profile DIR]
                               [--podium-env KEY=VALUE ...]

For each engine it builds the database (bench/read_db.py: the bundled data via `podium seed`
plus the synthetic placings; PostgreSQL in a database created for the run and dropped after it,
`PODIUM_BENCH_POSTGRES_URL` names the server), starts Podium (`app.asgi:app` from --source,
default this checkout) and the baseline (bench/baseline_app.py), each as one uvicorn worker
with uvloop, httptools and no access log, checks that both give the same JSON, then loads each
endpoint with wrk (1 thread, 64 connections), Podium first and its baseline straight after.
Before each load the server must be idle; after it, the requests still in flight (one per
connection) are let finish. Per endpoint: req/s, p50/p99 latency, errors (non-2xx/3xx and socket
errors), server CPU per request (utime+stime of the server process from /proc/<pid>/stat,
from before the load until it is idle again, divided by wrk's requests plus the connections),
peak RSS of the server so far (VmHWM), and the ratios to its baseline measured in the same run:
req/s (Podium / baseline) and CPU per request (baseline / Podium; less sensitive to a noisy
machine, and fair where SQLite work in aiosqlite's threads runs beside the event loop while
the baseline runs it on the loop). Then it times every SQL statement each question runs (bench/read_sql.py) and
writes their plans. With --keep the databases stay (and are reused by the next --keep run).
--podium-env sets variables in Podium's environment only (e.g. RESPONSE_CACHE_ENTRIES=0 to
measure with its response cache off); the baseline's is unchanged.
"""

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from bench import read_db

HERE = Path(__file__).resolve().parent
PATHS = {
    "cabinet": "/v1/athletes/josh-kerr/medals",
    "medallists": "/v1/medallists?discipline=1500m&series=olympic-games&min_editions=2",
    "medal table, all time": "/v1/medal-table",
    "medal table, competition": "/v1/competitions/olympic-games-2024/medal-table",
    "round results": "/v1/competitions/olympic-games-2024/events/men-1500m/rounds/final",
    "head-to-head": "/v1/athletes/josh-kerr/head-to-head/jakob-ingebrigtsen",
    "athlete search": "/v1/athletes?q=kip",
    "competition page": "/v1/competitions/olympic-games-2024",
    "event page": "/v1/competitions/olympic-games-2024/events/men-1500m",
}
# (label, Podium path, Podium headers, baseline path): the baseline answers the same question,
# or for /healthz and the 304 is the FastAPI hello.
CASES: list[tuple[str, str, dict[str, str], str]] = [
    ("/healthz vs hello", "/healthz", {}, "/healthz"),
    ("304 revalidation vs hello", PATHS["cabinet"], {"If-None-Match": "*"}, "/healthz"),
    *((label, path, {}, path) for label, path in PATHS.items()),
]
TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Load:
    rate: float
    p50: float
    p99: float
    requests: int
    errors: int
    cpu_us: float
    rss_mb: float


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """One uvicorn worker: uvloop, httptools, no access log."""

    def __init__(self, target: str, url: str, cwd: Path, env: dict[str, str]) -> None:
        self.port = free_port()
        self.url = url
        self.base = f"http://127.0.0.1:{self.port}"
        command = [sys.executable, "-m", "uvicorn", target, "--port", str(self.port),
                   "--workers", "1", "--loop", "uvloop", "--http", "httptools",
                   "--no-access-log", "--log-level", "warning"]  # fmt: skip
        environment = {**os.environ, "PYTHONPATH": str(cwd), "DATABASE_URL": url,
                       "BENCH_DATABASE_URL": url, "ACCESS_LOG": "false", "LOG_LEVEL": "WARNING",
                       **env}  # fmt: skip
        self.process = subprocess.Popen(command, cwd=cwd, env=environment)
        for _ in range(300):
            try:
                if httpx.get(f"{self.base}/healthz", timeout=5).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.1)
        raise RuntimeError(f"{target} did not start")

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime

    def peak_rss_mb(self) -> float:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def settle(self, limit: float = 120) -> None:
        """Wait until the server is idle (under 5% of a core for 0.25 s, and on PostgreSQL no
        statement of the bench database running): requests wrk gave up on may still be running,
        and must not count against the next endpoint."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            before = self.cpu_seconds()
            time.sleep(0.25)
            if self.cpu_seconds() - before < 0.0125 and not read_db.pg_active(self.url):
                return

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    number = re.match(r"[\d.]+", text)
    assert number is not None
    return float(number.group()) * UNITS[text[number.end() :]]


def wrk(
    server: Server, path: str, headers: dict[str, str], seconds: float, connections: int
) -> Load:
    command = [
        "wrk",
        "-t1",
        f"-c{connections}",
        f"-d{seconds:.0f}s",
        "--latency",
        "--timeout",
        "30s",
    ]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    server.settle()
    before = server.cpu_seconds()
    out = subprocess.run(
        [*command, server.base + path], capture_output=True, text=True, check=True
    ).stdout
    server.settle()  # the requests still in flight when wrk stopped (one per connection) finish
    cpu = server.cpu_seconds() - before
    latency = {m[0]: _ms(m[1]) for m in re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", out, re.M)}
    requests = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    errors = sum(
        int(n)
        for n in re.findall(
            r"(?:Non-2xx or 3xx responses|connect|read|write|timeout)[: ]+(\d+)", out
        )
    )
    return Load(rate, latency.get("50", float("nan")), latency.get("99", float("nan")), requests,
                errors, cpu / (requests + connections) * 1e6, server.peak_rss_mb())  # fmt: skip


def markdown(rows: list[dict[str, Any]]) -> str:
    """The rows as the Markdown table docs/performance.md shows."""
    lines = [
        "| endpoint | Podium req/s | baseline req/s | ratio | p50 / p99 ms (Podium) "
        "| p50 / p99 ms (baseline) | CPU µs/req Podium / baseline (ratio) | errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        mine, theirs = row["podium"], row["baseline"]
        lines.append(
            f"| {row['endpoint']} | {mine['rate']:,.0f} | {theirs['rate']:,.0f} "
            f"| **{row['ratio']:.2f}** | {mine['p50']:,.0f} / {mine['p99']:,.0f} "
            f"| {theirs['p50']:,.0f} / {theirs['p99']:,.0f} "
            f"| {mine['cpu_us']:,.0f} / {theirs['cpu_us']:,.0f} ({row['cpu_ratio']:.2f}) "
            f"| {mine['errors'] + theirs['errors']} |"
        )
    peak = max(row["podium"]["rss_mb"] for row in rows)
    base = max(row["baseline"]["rss_mb"] for row in rows)
    lines.append(f"\nPeak RSS: Podium {peak:.0f} MB, baseline {base:.0f} MB.")
    return "\n".join(lines)


def same_answers(podium: Server, baseline: Server) -> list[str]:
    """Paths where the two apps' JSON differs (the baseline must answer the same question)."""
    differ = []
    for path in PATHS.values():
        a = httpx.get(podium.base + path, timeout=120)
        b = httpx.get(baseline.base + path, timeout=120)
        if a.status_code != 200 or b.status_code != 200 or a.json() != b.json():
            differ.append(f"{path} ({a.status_code} / {b.status_code})")
    return differ


def profile(
    server: Server, path: str, headers: dict[str, str], args: argparse.Namespace, out: Path
) -> None:
    """py-spy (250 Hz, idle samples and thread names included) while wrk loads `path`; writes
    raw collapsed stacks for bench.profile_summary (or flamegraph.pl)."""
    spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    out.parent.mkdir(parents=True, exist_ok=True)
    recorder = subprocess.Popen(
        [spy, "record", "--pid", str(server.process.pid), "--rate", "250", "--idle", "--threads",
         "--format", "raw", "--output", str(out), "--duration", str(int(args.seconds))],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    time.sleep(0.5)
    wrk(server, path, headers, args.seconds, args.connections)
    recorder.wait(timeout=120)


def run_engine(engine: str, args: argparse.Namespace, directory: Path) -> None:
    source = args.source.resolve()
    url, name = None, None
    if args.keep and engine == "sqlite" and (directory / f"reads-{args.placings}.db").exists():
        name = str(directory / f"reads-{args.placings}.db")
        url = f"sqlite:///{name}"
    elif args.keep and engine == "postgresql":
        name = f"podium_bench_reads_{args.placings}"
        if read_db.pg_exists(name):
            url = read_db.pg_url(name)
    if url is None:
        url, name = read_db.build(engine, args.placings, directory, source)
    servers: list[Server] = []
    try:
        podium = Server("app.asgi:app", url, source, args.podium_env)
        servers.append(podium)
        baseline = Server("bench.baseline_app:app", url, HERE.parent, {})
        servers.append(baseline)
        differ = same_answers(podium, baseline)
        print(f"\n{engine}: bundled data + {args.placings:,} synthetic placings; one uvicorn worker "
              f"each; wrk -t1 -c{args.connections}, {args.seconds:.0f} s per endpoint")  # fmt: skip
        if args.podium_env:
            settings = " ".join(f"{key}={value}" for key, value in args.podium_env.items())
            print(f"Podium's environment: {settings}")
        if differ:
            print("WARNING: the baseline's JSON differs from Podium's for: " + ", ".join(differ))
        head = (f"{'endpoint':<28} {'app':<8} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6} "
                f"{'CPU µs/req':>10} {'peak RSS MB':>11} {'ratio':>6} {'CPU ratio':>9}")  # fmt: skip
        print(head)
        rows = []
        for label, path, headers, base_path in CASES:
            mine = wrk(podium, path, headers, args.seconds, args.connections)
            theirs = wrk(baseline, base_path, {}, args.seconds, args.connections)
            ratio = mine.rate / theirs.rate if theirs.rate else float("nan")
            cpu_ratio = theirs.cpu_us / mine.cpu_us if mine.cpu_us else float("nan")
            ratios = f"{ratio:>6.2f} {cpu_ratio:>9.2f}"
            for app, load, shown in (("podium", mine, ratios), ("baseline", theirs, "")):
                print(f"{label if app == 'podium' else '':<28} {app:<8} {load.rate:>8.0f} "
                      f"{load.p50:>8.1f} {load.p99:>8.1f} {load.errors:>6} {load.cpu_us:>10.0f} "
                      f"{load.rss_mb:>11.0f} {shown}", flush=True)  # fmt: skip
            rows.append({"endpoint": label, "podium": mine.__dict__, "baseline": theirs.__dict__,
                         "ratio": ratio, "cpu_ratio": cpu_ratio})  # fmt: skip
        if args.json:
            Path(f"{args.json}.{engine}.json").write_text(json.dumps(rows, indent=1))
        if args.markdown:
            print(markdown(rows))
        if args.profile:
            cases = {label: (path, headers) for label, path, headers, _ in CASES}
            for label in args.profile_endpoints:
                slug = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
                out = Path(args.profile) / f"{engine}-{slug}.txt"
                profile(podium, *cases[label], args, out)
            print(f"py-spy profiles in {args.profile}: python -m bench.profile_summary FILE")
    finally:
        for server in servers:
            server.stop()
    if args.plans:
        plans = Path(args.plans)
        plans.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [sys.executable, str(HERE / "read_sql.py"), url, str(plans / f"{engine}.md")],
            env={**os.environ, "PYTHONPATH": str(source), "ACCESS_LOG": "false",
                 "LOG_LEVEL": "WARNING", **args.podium_env},
            cwd=source, check=True,
        )  # fmt: skip
    if not args.keep:
        if engine == "postgresql" and name:
            read_db.drop_pg(name)
        elif name:
            for suffix in ("", "-wal", "-shm"):
                Path(name + suffix).unlink(missing_ok=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--placings", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--engines", nargs="+", default=["sqlite", "postgresql"],
                        choices=["sqlite", "postgresql"])  # fmt: skip
    parser.add_argument("--source", type=Path, default=HERE.parent,
                        help="the Podium source tree to serve (default: this checkout)")  # fmt: skip
    parser.add_argument("--dir", type=Path, help="where the SQLite file and CSV go (--keep)")
    parser.add_argument("--keep", action="store_true", help="keep (and reuse) the databases")
    parser.add_argument("--plans", help="directory for per-statement timings and plans")
    parser.add_argument("--json", help="also write each engine's rows to FILE.<engine>.json")
    parser.add_argument("--markdown", action="store_true", help="also print Markdown tables")
    parser.add_argument("--profile", help="directory for py-spy profiles of Podium")
    parser.add_argument("--profile-endpoints", nargs="+", choices=[c[0] for c in CASES],
                        default=["cabinet", "medallists", "round results"])  # fmt: skip
    parser.add_argument("--podium-env", nargs="+", default=[], metavar="KEY=VALUE",
                        help="set in Podium's environment only, e.g. RESPONSE_CACHE_ENTRIES=0")  # fmt: skip
    args = parser.parse_args()
    if any("=" not in item for item in args.podium_env):
        parser.error("--podium-env takes KEY=VALUE")
    args.podium_env = dict(item.split("=", 1) for item in args.podium_env)
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: `apt-get install -y wrk` (or `make bench`, which does).")
    if args.keep or args.dir:
        directory = args.dir or Path(tempfile.gettempdir()) / "podium-bench"
        directory.mkdir(parents=True, exist_ok=True)
        for engine in args.engines:
            run_engine(engine, args, directory)
        return
    with tempfile.TemporaryDirectory() as tmp:
        for engine in args.engines:
            run_engine(engine, args, Path(tmp))


if __name__ == "__main__":
    main()
