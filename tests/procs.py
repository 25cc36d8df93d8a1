"""Real processes for fault tests: a private PostgreSQL cluster and a uvicorn server.

`PostgresCluster` runs `initdb` in a temporary directory and serves on its own port and socket
directory, so the shared server is never touched. PostgreSQL refuses to run as root, so as root
the cluster belongs to the `postgres` user and every command runs through `runuser`.
"""

import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import IO, Any

import httpx


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def postgres_bin() -> Path | None:
    """The newest PostgreSQL server binaries on this machine, or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: p.split("/")[4])
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def cluster_unavailable_reason() -> str | None:
    """Why a private cluster cannot be started here (None when it can)."""
    if postgres_bin() is None:
        return "PostgreSQL server binaries (initdb) are not installed"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no `postgres` user to run initdb as"
        if shutil.which("runuser") is None:
            return "running as root without `runuser`"
    return None


class PostgresCluster:
    def __init__(self, root: Path) -> None:
        self.bin = postgres_bin()
        assert self.bin is not None
        self.root = root
        self.data = root / "data"
        self.port = free_port()
        self.log = root / "postgres.log"
        self.user: str | None = None
        if os.geteuid() == 0:
            self.user = "postgres"
            entry = pwd.getpwnam("postgres")
            root.mkdir(parents=True, exist_ok=True)
            os.chown(root, entry.pw_uid, entry.pw_gid)
            # The temp dir's parents must be traversable by the postgres user.
            for parent in root.parents:
                if str(parent) in ("/", "/tmp"):
                    break
                mode = parent.stat().st_mode
                os.chmod(parent, mode | 0o011)

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        command = [str(self.bin / args[0]), *args[1:]]
        if self.user:
            command = ["runuser", "-u", self.user, "--", *command]
        return subprocess.run(command, check=check, capture_output=True, text=True, timeout=120)

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def url_for(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def init(self) -> None:
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust",
                  "--encoding=UTF8", "--locale=C", "--no-sync")  # fmt: skip

    def start(self) -> float:
        """Start and wait until it accepts connections; returns the monotonic time it did."""
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c max_connections=100"
        )
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options,
                  "-w", "-t", "60", "start")  # fmt: skip
        return time.monotonic()

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop")

    def destroy(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "stop", check=False)
        shutil.rmtree(self.root, ignore_errors=True)


class Uvicorn:
    """`python -m uvicorn app.asgi:app` on a free port, its stderr kept in a file."""

    def __init__(self, database_url: str, log: Path, **env: str) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = log
        self._stream: IO[Any] = log.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "app.asgi:app", "--host", "127.0.0.1",
             "--port", str(self.port), "--timeout-graceful-shutdown", "20"],
            env={**os.environ, "DATABASE_URL": database_url, **env},
            stdout=self._stream,
            stderr=subprocess.STDOUT,
        )  # fmt: skip

    def wait_ready(self, path: str = "/healthz", timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"uvicorn exited: {self.log.read_text()[-2000:]}")
            try:
                if httpx.get(f"{self.base}{path}", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        raise RuntimeError("uvicorn did not become ready")

    def terminate(self, timeout: float = 30) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=timeout)
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()
            self._stream.close()

    def output(self) -> str:
        if not self._stream.closed:
            self._stream.flush()
        return self.log.read_text(errors="replace")
