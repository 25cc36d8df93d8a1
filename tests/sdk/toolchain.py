"""The pinned Node tools (tests/sdk/package.json) behind test_typescript.py and test_spectral.py.

`npm ci` runs only when tests/sdk/node_modules is missing or was installed from another
package.json/package-lock.json; every tool runs through `npx --no`, which never downloads.
"""

import hashlib
import shutil
import subprocess
from pathlib import Path

import pytest

SDK_DIR = Path(__file__).resolve().parent
ROOT = SDK_DIR.parent.parent
NODE_MODULES = SDK_DIR / "node_modules"
STAMP = NODE_MODULES / ".podium-installed"


def run(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run a command in tests/sdk, capturing its output."""
    return subprocess.run(
        list(args), cwd=SDK_DIR, capture_output=True, text=True, timeout=timeout, check=False
    )


def npx(tool: str, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """A tool from tests/sdk/node_modules; `--no` refuses to fetch one that is not installed."""
    return run("npx", "--no", "--", tool, *args, timeout=timeout)


def output(result: subprocess.CompletedProcess[str]) -> str:
    return f"$ {' '.join(result.args)}\n{result.stdout}{result.stderr}"


def _manifest_digest() -> str:
    digest = hashlib.sha256()
    for name in ("package.json", "package-lock.json"):
        digest.update((SDK_DIR / name).read_bytes())
    return digest.hexdigest()


def ensure_node_modules() -> None:
    """Skip without Node.js and npm; otherwise make node_modules match the lock file."""
    missing = [tool for tool in ("node", "npm", "npx") if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"{', '.join(missing)} not found on PATH (Node.js >= 20.17 with npm needed)")
    digest = _manifest_digest()
    if STAMP.is_file() and STAMP.read_text().strip() == digest:
        return
    installed = run("npm", "ci", timeout=900)
    assert installed.returncode == 0, output(installed)
    STAMP.write_text(f"{digest}\n")
