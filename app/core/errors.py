"""RFC 9457 problem details: typed errors, one set of handlers, and their OpenAPI description."""

import logging
import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.exc import DataError, IntegrityError
from starlette.exceptions import HTTPException as StarletteHTTPException

PROBLEM_MEDIA_TYPE = "application/problem+json"
logger = logging.getLogger("podium")


class FieldError(BaseModel):
    """One invalid input value."""

    field: str = Field(
        description="Dotted path of the offending field, e.g. `body.placings.0.mark`."
    )
    message: str = Field(description="Why the value was rejected.")
    line: int | None = Field(default=None, description="Line number in an imported file, if any.")


class Problem(BaseModel):
    """An RFC 9457 problem details object."""

    type: str = Field(default="about:blank", description="URI identifying the problem type.")
    title: str = Field(description="Short, human-readable summary of the problem type.")
    status: int = Field(description="HTTP status code.")
    detail: str | None = Field(default=None, description="Explanation specific to this occurrence.")
    errors: list[FieldError] | None = Field(
        default=None, description="For validation problems: every invalid field."
    )


class PodiumError(Exception):
    """Base of every error the API answers with a problem document."""

    status = 400
    title = "Bad request"
    slug = "bad-request"

    def __init__(self, detail: str, errors: list[FieldError] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = errors


class NotFound(PodiumError):
    status, title, slug = 404, "Not found", "not-found"


class Conflict(PodiumError):
    status, title, slug = 409, "Conflict", "conflict"


class Invalid(PodiumError):
    status, title, slug = 422, "Invalid input", "invalid"


class Unauthorized(PodiumError):
    status, title, slug = 401, "Unauthorized", "unauthorized"


class PayloadTooLarge(PodiumError):
    status, title, slug = 413, "Payload too large", "payload-too-large"


class UnsupportedMediaType(PodiumError):
    status, title, slug = 415, "Unsupported media type", "unsupported-media-type"


class PreconditionFailed(PodiumError):
    status, title, slug = 412, "Precondition failed", "precondition-failed"


class ServiceUnavailable(PodiumError):
    status, title, slug = 503, "Service unavailable", "unavailable"

    def __init__(self, detail: str, retry_after: int = 5) -> None:
        super().__init__(detail)
        self.retry_after = retry_after


def problem_response(
    status: int,
    title: str,
    detail: str | None = None,
    errors: list[FieldError] | None = None,
    slug: str | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body = Problem(
        type=f"https://podium.dev/problems/{slug}" if slug else "about:blank",
        title=title,
        status=status,
        detail=detail,
        errors=errors,
    )
    return JSONResponse(
        body.model_dump(exclude_none=True),
        status_code=status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers=headers,
    )


def _loc(loc: tuple[Any, ...] | list[Any]) -> str:
    return ".".join(str(part) for part in loc)


def podium_error_response(exc: PodiumError) -> JSONResponse:
    """The problem+json answer to one of Podium's errors (FastAPI's handler and the fast lane)."""
    headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
    if isinstance(exc, ServiceUnavailable):
        headers = {"Retry-After": str(exc.retry_after)}
    return problem_response(exc.status, exc.title, exc.detail, exc.errors, exc.slug, headers)


async def _podium_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, PodiumError)
    return podium_error_response(exc)


async def _validation_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [FieldError(field=_loc(e["loc"]), message=e["msg"]) for e in exc.errors()]
    fields = ", ".join(e.field for e in errors)
    return problem_response(422, "Invalid input", f"Invalid: {fields}", errors, "invalid")


def allowed_methods(request: Request) -> str:
    """Every method the OpenAPI document lists for the request's path (for a 405's `Allow`)."""
    routes: list[tuple[re.Pattern[str], str]] | None = getattr(request.app.state, "allow", None)
    if routes is None:
        routes = []
        for template, operations in request.app.openapi()["paths"].items():
            pattern = re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template))
            routes.append((re.compile(f"^{pattern}$"), ", ".join(m.upper() for m in operations)))
        request.app.state.allow = routes
    return next((methods for p, methods in routes if p.match(request.url.path)), "")


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    titles = {404: "Not found", 405: "Method not allowed", 401: "Unauthorized", 400: "Bad request"}
    headers = dict(exc.headers) if exc.headers else {}
    if exc.status_code == 405:
        headers["Allow"] = allowed_methods(request) or headers.get("Allow", "")
    return problem_response(
        exc.status_code,
        titles.get(exc.status_code, "HTTP error"),
        str(exc.detail),
        headers=headers or None,
    )


async def _integrity_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, IntegrityError)
    detail, errors = describe_integrity_error(exc)
    logger.info("integrity error: %s", detail)
    return problem_response(409, "Conflict", detail, errors or None, slug="conflict")


_SQLITE_UNIQUE = re.compile(r"UNIQUE constraint failed: (.+)")
_PG_KEY = re.compile(r"Key \((?P<columns>.+?)\)=\((?P<values>.*)\) (?P<what>.+)\.")


def describe_integrity_error(exc: IntegrityError, prefix: str = "") -> tuple[str, list[FieldError]]:
    """Name the table, fields and (on PostgreSQL) values of a unique or reference violation.

    SQLite says `UNIQUE constraint failed: competition.series, competition.year`; PostgreSQL's
    diagnostics give the table and `Key (series, year)=(olympic-games, 1952) already exists.`
    `prefix` is put before each field name (`body.` for API bodies).
    """
    original = exc.orig
    message = str(original).strip().splitlines()[0] if original is not None else str(exc)
    diag = getattr(original, "diag", None)
    table = getattr(diag, "table_name", None) if diag is not None else None
    detail_text = getattr(diag, "message_detail", None) if diag is not None else None
    columns: list[str] = []
    values = ""
    if detail_text and (match := _PG_KEY.search(detail_text)):
        columns = [c.strip().strip('"') for c in match["columns"].split(",")]
        values = match["values"]
        if "is not present" in match["what"]:
            referenced = match["what"].split("table")[-1].strip(' "')
            what = f"refers to a missing {referenced} row"
        else:
            what = "already exists"
    elif match := _SQLITE_UNIQUE.search(message):
        qualified = [c.strip() for c in match[1].split(",")]
        table = qualified[0].split(".")[0]
        columns = [c.split(".", 1)[-1] for c in qualified]
        what = "already exists"
    elif "FOREIGN KEY" in message.upper():
        return (
            "The change refers to a row that does not exist (foreign key violation).",
            [],
        )
    elif "NOT NULL" in message.upper():
        column = message.rsplit(" ", 1)[-1]
        return (f"A required value is missing: {column}.", [])
    else:
        return ("The change conflicts with existing data.", [])
    fields = ", ".join(columns)
    shown = f" = ({values})" if values else ""
    if what == "already exists":
        detail = f"A {table or 'row'} with the same ({fields}){shown} already exists."
    else:
        detail = f"The {table or 'row'} ({fields}){shown} {what}."
    message = f"{table or 'row'} ({fields}){shown} {what}"
    errors = [FieldError(field=f"{prefix}{c}", message=message) for c in columns]
    return detail, errors


async def _data_error(_: Request, exc: Exception) -> JSONResponse:
    logger.info("data error: %s", exc)
    detail = "A value cannot be stored (for example, text containing a NUL character)."
    return problem_response(422, "Invalid input", detail, slug="invalid")


async def _unexpected_error(_: Request, exc: Exception) -> JSONResponse:
    logger.exception("unhandled error", exc_info=exc)
    return problem_response(500, "Internal server error", "An unexpected error occurred.")


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(PodiumError, _podium_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(IntegrityError, _integrity_error)
    app.add_exception_handler(DataError, _data_error)
    app.add_exception_handler(Exception, _unexpected_error)


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` entries documenting problem+json answers for these statuses."""
    descriptions = {
        304: "Not modified (the `If-None-Match` ETag still matches).",
        400: "Malformed body (not valid JSON or not UTF-8).",
        401: "Missing, invalid or revoked bearer token.",
        404: "Unknown resource.",
        409: "Conflicts with existing data.",
        412: "`If-Match` no longer matches: the data changed since it was read.",
        413: "Request body too large.",
        415: "Unsupported content type.",
        422: "Invalid input; `errors` names every invalid field.",
        503: "Database unavailable or busy; retry after `Retry-After` seconds.",
    }
    out: dict[int | str, dict[str, Any]] = {}
    for status in statuses:
        if status == 304:
            out[status] = {"description": descriptions[status]}
            continue
        out[status] = {
            "description": descriptions[status],
            "model": Problem,
            "content": {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
        if status == 503:
            out[status]["headers"] = {
                "Retry-After": {
                    "description": "Seconds to wait before retrying.",
                    "schema": {"type": "integer"},
                }
            }
    return out


# Every authenticated write can answer these.
WRITE_ERRORS = problem_responses(400, 401, 404, 409, 412, 413, 422)
# Every endpoint that reads the database can answer 503 while it is down or busy.
DATABASE_ERRORS = problem_responses(503)
