"""The `podium` command: serve, migrate, seed, import, export, openapi, token."""

import json
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from alembic import command
from alembic.config import Config
from sqlalchemy.orm import Session

from app.core.config import get_settings
from app.core.db import make_sync_engine
from app.core.errors import PodiumError
from app.imports.digest import CHUNK, file_digest, import_once, wrote
from app.imports.export import export_csv, export_json
from app.imports.importer import import_rows
from app.imports.rows import read_csv, read_json
from app.imports.seed import changed as seed_changed
from app.imports.seed import seed as seed_data

Progress = Callable[[str, int], None]

cli = typer.Typer(
    help="Podium: athletics championship results and medal history.", no_args_is_help=True
)
token_cli = typer.Typer(help="Create and revoke API tokens for writes.", no_args_is_help=True)
cli.add_typer(token_cli, name="token")
# The source checkout (or, for an installed package, the working directory: see Dockerfile).
ROOT = next(
    (
        p
        for p in (Path(__file__).resolve().parent.parent, Path.cwd())
        if (p / "alembic.ini").exists()
    ),
    Path.cwd(),
)


def alembic_config(url: str | None = None) -> Config:
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    config.set_main_option("sqlalchemy.url", url or get_settings().database_url)
    return config


@contextmanager
def transaction() -> Iterator[Session]:
    """A session in one transaction, bumping the data revision so HTTP caches see the change
    (unless the command set `session.info["changed"] = False`: it wrote nothing)."""
    from app.core.sync import bump_revision_sync, lock_for_write_sync

    settings = get_settings()
    engine = make_sync_engine(settings.database_url)
    try:
        with Session(engine) as session, session.begin():
            lock_for_write_sync(session, settings.db_lock_timeout)
            yield session
            if session.info.get("changed", True):
                bump_revision_sync(session)
    except PodiumError:
        raise
    except Exception as exc:
        # Bad input and database faults are reported like the API reports them, never as a
        # traceback: the same error list, exit code 1.
        if (error := cli_error(exc)) is not None:
            raise error from exc
        raise
    finally:
        engine.dispose()


def cli_error(exc: BaseException) -> PodiumError | None:
    """The PodiumError the API would answer for this exception, or None for real bugs."""
    from sqlalchemy.exc import DataError, IntegrityError

    from app.core.errors import (
        Conflict,
        FieldError,
        Invalid,
        ServiceUnavailable,
        describe_integrity_error,
    )
    from app.core.resilience import classify, short_reason

    if isinstance(exc, IntegrityError):
        detail, errors = describe_integrity_error(exc)
        return Conflict(detail, errors or None)
    if isinstance(exc, DataError):
        return Invalid("A value cannot be stored (for example, text containing a NUL character).")
    if isinstance(exc, UnicodeDecodeError):
        where = f"byte {exc.start}: {exc.reason}"
        return Invalid("The file is not UTF-8 text.", [FieldError(field="file", message=where)])
    if isinstance(exc, json.JSONDecodeError):
        return Invalid(
            "The JSON document does not parse.",
            [FieldError(field="file", message=exc.msg, line=exc.lineno)],
        )
    if (kind := classify(exc)) is not None:
        what = "busy with another write" if kind == "busy" else "unreachable"
        return ServiceUnavailable(f"The database is {what} ({short_reason(exc)}); retry later.")
    return None


def _fail(error: PodiumError) -> None:
    typer.echo(f"error: {error.detail}", err=True)
    for item in error.errors or []:
        where = f"line {item.line}: " if item.line else ""
        typer.echo(f"  {where}{item.field}: {item.message}", err=True)
    raise typer.Exit(1)


@cli.command()
def migrate() -> None:
    """Upgrade the database to the latest schema."""
    command.upgrade(alembic_config(), "head")


@cli.command()
def seed() -> None:
    """Load the bundled data set (idempotent)."""
    try:
        with transaction() as session:
            report = seed_data(session)
            session.info["changed"] = seed_changed(report)
    except PodiumError as error:
        _fail(error)
    typer.echo(json.dumps(report, indent=1))


class _Counted:
    """A text stream's lines, counting the characters read (progress of a CSV import)."""

    def __init__(self, stream: Iterable[str]) -> None:
        self.stream = stream
        self.read = 0

    def __iter__(self) -> Iterator[str]:
        for line in self.stream:
            self.read += len(line)
            yield line


@contextmanager
def _progress(total: int | None, counted: _Counted | None) -> Iterator[Progress | None]:
    """A progress bar on stderr when it is a terminal (rows read, rate, ETA); else nothing."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    console = Console(stderr=True)
    if not console.is_terminal:
        yield None
        return
    columns = (TextColumn("{task.description:<9}"), BarColumn(), TaskProgressColumn(),
               TextColumn("{task.fields[rows]:>11,} rows  {task.fields[rate]:>8,.0f} rows/s"),
               TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn())  # fmt: skip
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("reading", total=total, rows=0, rate=0.0)
        started = time.monotonic()

        def report(phase: str, rows: int) -> None:
            rate = rows / max(time.monotonic() - started, 1e-6)
            done = counted.read if counted is not None and phase == "read" else None
            if phase != "read":
                done = total
            bar.update(task, description=phase, completed=done, rows=rows, rate=rate)

        yield report


@cli.command("import")
def import_file(
    path: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="CSV or JSON file.")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Validate and report; write nothing.")
    ] = False,
    reason: Annotated[str | None, typer.Option(help="Why placings change (ledger).")] = None,
) -> None:
    """Import results from a CSV or JSON file: all rows or none. On a terminal a progress bar
    (rows read, rate, ETA) is shown on stderr; piped, only the report is printed."""
    from app.core.sync import DryRun

    is_csv = path.suffix.lower() == ".csv"
    with path.open("rb") as raw:
        digest = file_digest("csv" if is_csv else "json", iter(lambda: raw.read(CHUNK), b""))
    try:
        with transaction() as session, path.open(encoding="utf-8-sig", newline="") as stream:
            counted = _Counted(stream) if is_csv else None
            total = path.stat().st_size if is_csv else None
            with _progress(total, counted) as progress:

                def run() -> dict[str, Any]:
                    rows = (
                        read_csv(counted) if counted is not None else read_json(json.load(stream))
                    )
                    actor = f"cli:{path.name}"
                    return import_rows(session, rows, actor, reason=reason, progress=progress)

                report = import_once(session, digest, run)
            session.info["changed"] = wrote(report)
            report["dry_run"] = dry_run
            if dry_run:
                raise DryRun(report)
    except DryRun as done:
        report = done.report
    except PodiumError as error:
        _fail(error)
    typer.echo(json.dumps(report, indent=1))


@cli.command()
def export(
    format: Annotated[str, typer.Option("--format", help="csv or json")] = "json",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File (default stdout).")
    ] = None,
) -> None:
    """Export every placing as CSV or nested JSON."""
    if format not in ("csv", "json"):
        raise typer.BadParameter("format must be csv or json")
    engine = make_sync_engine(get_settings().database_url)
    with Session(engine) as session:
        chunks = export_csv(session) if format == "csv" else export_json(session)
        out = output.open("w", encoding="utf-8") if output else sys.stdout
        for chunk in chunks:
            out.write(chunk)
        if output:
            out.close()
    engine.dispose()


@cli.command()
def openapi(
    output: Annotated[Path, typer.Option("--output", "-o")] = ROOT / "openapi" / "openapi.json",
) -> None:
    """Write the OpenAPI document generated from the app."""
    from app.openapi import render_openapi

    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(render_openapi(), encoding="utf-8")
    typer.echo(f"wrote {output}")


@cli.command()
def serve(
    host: Annotated[str, typer.Option(envvar="HOST")] = "127.0.0.1",
    port: Annotated[int, typer.Option(envvar="PORT")] = 8000,
    workers: Annotated[int, typer.Option(envvar="WEB_CONCURRENCY")] = 1,
    graceful: Annotated[
        int, typer.Option(envvar="GRACEFUL_SHUTDOWN_TIMEOUT", help="Seconds for SIGTERM.")
    ] = 20,
) -> None:
    """Serve the API with uvicorn (SIGTERM finishes requests in flight, docs/operations.md)."""
    import uvicorn

    uvicorn.run(
        "app.asgi:app",
        host=host,
        port=port,
        workers=workers,
        proxy_headers=True,
        timeout_graceful_shutdown=graceful,
        access_log=False,  # the app writes its own JSON access log with the request id
    )


@token_cli.command("create")
def token_create(
    name: str,
    days: Annotated[int | None, typer.Option(min=1, help="Expire after this many days.")] = None,
) -> None:
    """Create a token; it is printed once and only its hash is stored."""
    from app.core.security import create_token

    try:
        with transaction() as session:
            token = create_token(session, name, days)
    except PodiumError as error:
        _fail(error)
    typer.echo(token)


@token_cli.command("revoke")
def token_revoke(name: str) -> None:
    """Revoke a token by name."""
    from app.core.security import revoke_token

    try:
        with transaction() as session:
            revoke_token(session, name)
    except PodiumError as error:
        _fail(error)
    typer.echo(f"revoked {name}")


def main() -> None:
    cli()
