"""Structured logs: one JSON object per line, each carrying the request id.

`RequestLogMiddleware` takes the client's `X-Request-ID` (or makes one), echoes it on the
response, keeps it in a context variable for every log line the request causes, and writes one
access-log line per request on the `podium.access` logger (ACCESS_LOG=false turns it off).
`configure_logging()` formats the root, `podium` and uvicorn loggers (LOG_FORMAT=json|text) and
silences uvicorn's own access log, which cannot carry the request id.
"""

import json
import logging
import re
import sys
import time
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
access_logger = logging.getLogger("podium.access")
_VALID_ID = re.compile(r"^[A-Za-z0-9._:/+=-]{1,128}$")
# Attributes every LogRecord has; anything else was passed with `extra=` and is logged too.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """`{"time": …, "level": …, "logger": …, "message": …, "request_id": …, <extras>}`."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        rid = request_id.get()
        if rid is not None:
            entry["request_id"] = rid
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_") and key != "color_message":
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


class _TextFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        rid = request_id.get()
        return f"{line} [request_id={rid}]" if rid else line


_HANDLER_NAME = "podium"


def configure_logging(log_format: str = "json", level: str = "INFO") -> None:
    """Send every log line to stderr in one format; idempotent (safe for each create_app)."""
    formatter: logging.Formatter
    if log_format == "text":
        formatter = _TextFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    else:
        formatter = JsonFormatter()
    root = logging.getLogger()
    handler = next((h for h in root.handlers if h.get_name() == _HANDLER_NAME), None)
    if handler is None:
        handler = logging.StreamHandler(sys.stderr)
        handler.set_name(_HANDLER_NAME)
        root.addHandler(handler)
    handler.setFormatter(formatter)
    logging.getLogger("podium").setLevel(level.upper())
    if root.level > logging.INFO or root.level == logging.NOTSET:
        root.setLevel(logging.INFO)
    # uvicorn installs its own handlers before importing the app: route its lines through ours.
    for name in ("uvicorn", "uvicorn.error"):
        uvicorn_logger = logging.getLogger(name)
        uvicorn_logger.handlers.clear()
        uvicorn_logger.propagate = True
    logging.getLogger("uvicorn.access").disabled = True


class RequestLogMiddleware:
    """Request id in and out (`X-Request-ID`), and one access-log line per request."""

    def __init__(self, app: ASGIApp, access_log: bool = True) -> None:
        self.app = app
        self.access_log = access_log

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = None
        for key, value in scope["headers"]:
            if key == b"x-request-id":
                given = value.decode("latin-1")
                break
        rid = given if given and _VALID_ID.match(given) else uuid.uuid4().hex
        token = request_id.set(rid)
        status = 500
        start = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message)["X-Request-ID"] = rid
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            if self.access_log:
                route = scope.get("route")
                access_logger.info(
                    "%s %s %d",
                    scope["method"],
                    scope["path"],
                    status,
                    extra={
                        "method": scope["method"],
                        "path": scope["path"],
                        "route": getattr(route, "path", None),
                        "status": status,
                        "duration_ms": round((time.perf_counter() - start) * 1000, 2),
                        "client": (scope.get("client") or ("", 0))[0],
                    },
                )
            request_id.reset(token)
