"""Endpoints for bulk import and export."""

from collections.abc import Iterator
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse
from sqlalchemy.orm import Session
from starlette.concurrency import iterate_in_threadpool

from app.core.caching import WriteDep
from app.core.db import get_database
from app.core.errors import FieldError, PodiumError, UnsupportedMediaType, problem_responses
from app.imports.digest import file_digest, import_once, wrote
from app.imports.export import export_csv, export_json
from app.imports.importer import import_rows
from app.imports.rows import read_document
from app.imports.schemas import ImportReport

router = APIRouter(prefix="/v1", tags=["imports"])
MEDIA_TYPES = ("application/json", "text/csv")
IMPORT_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "A nested JSON document or a CSV file (see docs/import.md).",
        "content": {
            "application/json": {"schema": {"type": "object"}},
            "text/csv": {"schema": {"type": "string"}},
        },
    }
}


def _decode(body: bytes) -> str:
    """The body as text: imports are UTF-8 (a BOM is allowed); anything else is a 400."""
    try:
        return body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        message = f"byte {exc.start} is not valid UTF-8 ({exc.reason})"
        raise PodiumError(
            "The body is not UTF-8 text.", [FieldError(field="body", message=message)]
        ) from exc


@router.post(
    "/imports",
    operation_id="importResults",
    responses=problem_responses(400, 401, 412, 413, 415, 422),
    openapi_extra=IMPORT_BODY,
)
async def import_results(
    request: Request,
    write: WriteDep,
    dry_run: Annotated[bool, Query(description="Validate and report; write nothing.")] = False,
    reason: Annotated[
        str | None, Query(max_length=500, description="Why placings change (kept in the ledger).")
    ] = None,
) -> ImportReport:
    """Import results (JSON or CSV): every row or none; every bad row is reported."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type not in MEDIA_TYPES:
        raise UnsupportedMediaType(f"Send {' or '.join(MEDIA_TYPES)}, not {content_type!r}.")
    body = _decode(await request.body())
    session, actor = write.session, f"api:{write.writer}"

    kind = "csv" if "csv" in content_type else "json"
    digest = file_digest(kind, [body.encode()])

    def run(sync_session: Session) -> dict[str, Any]:
        def full() -> dict[str, Any]:
            return import_rows(sync_session, read_document(body, content_type), actor, reason)

        return import_once(sync_session, digest, full)

    if dry_run:
        savepoint = await session.begin_nested()
        report = await session.run_sync(run)
        await savepoint.rollback()
        write.changed = False
    else:
        report = await session.run_sync(run)
        write.changed = wrote(report)
    return ImportReport(dry_run=dry_run, **report)


@router.get(
    "/export",
    operation_id="exportResults",
    responses={
        200: {
            "description": "Every placing, streamed.",
            "content": {"application/json": {}, "text/csv": {"schema": {"type": "string"}}},
        },
        **problem_responses(422),
    },
    response_class=StreamingResponse,
)
async def export_results(
    request: Request,
    format: Annotated[Literal["json", "csv"], Query(description="`json` or `csv`.")] = "json",
) -> StreamingResponse:
    """Export every placing as nested JSON or CSV (the import formats), streamed."""
    engine = get_database(request).sync_engine

    def chunks() -> Iterator[str]:
        with Session(engine) as session:
            yield from (export_csv(session) if format == "csv" else export_json(session))

    media_type = "text/csv" if format == "csv" else "application/json"
    filename = f"podium-export.{format}"
    return StreamingResponse(
        iterate_in_threadpool(chunks()),
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
