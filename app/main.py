"""Application factory: routers, middleware, exception handlers."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.routing import iter_route_contexts
from sqlalchemy import text
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.athletes.router import router as athletes_router
from app.changes.router import router as changes_router
from app.competitions.router import router as competitions_router
from app.core.caching import CachingMiddleware
from app.core.config import Settings, get_settings
from app.core.db import Database
from app.core.errors import (
    DATABASE_ERRORS,
    PayloadTooLarge,
    install_error_handlers,
    problem_response,
    problem_responses,
)
from app.core.examples import add_examples
from app.core.lane import FastLane, LaneRoute, fast_read, lane_routes
from app.core.logs import RequestLogMiddleware, configure_logging
from app.core.metrics import Metrics, MetricsMiddleware, metrics_endpoint
from app.core.resilience import DatabaseGuard
from app.core.revision import ResponseCache, RevisionSource
from app.coverage.router import router as coverage_router
from app.feed.router import router as feed_router
from app.head_to_head.router import router as head_to_head_router
from app.imports.router import router as imports_router
from app.medals.router import router as medals_router
from app.reference.router import router as reference_router
from app.results.router import router as results_router
from app.web import install_web

DESCRIPTION = """Athletics championship results and medal history: championships, events,
rounds and every placing, and the questions fans ask of them (medal cabinets, medal tables,
repeat medallists, head-to-head). Reads are public; writes need a bearer token."""


TAGS = [
    {"name": "reference", "description": "Countries and disciplines."},
    {"name": "athletes", "description": "Athletes: search, profile, head-to-head."},
    {"name": "competitions", "description": "Championships, their events and rounds."},
    {"name": "results", "description": "Round results, placings and their correction history."},
    {"name": "medals", "description": "Medal cabinets, medal tables, repeat medallists."},
    {"name": "imports", "description": "Bulk import and export of results."},
    {"name": "operations", "description": "Liveness and readiness probes."},
]


class BodyLimitMiddleware:
    """Refuse bodies over the limit with 413: by Content-Length up front, else while reading."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = Headers(scope=scope).get("content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_bytes):
            error = PayloadTooLarge(f"The request body exceeds {self.max_bytes} bytes.")
            response = problem_response(error.status, error.title, error.detail, slug=error.slug)
            await response(scope, receive, send)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.max_bytes:
                raise PayloadTooLarge(f"The request body exceeds {self.max_bytes} bytes.")
            return message

        await self.app(scope, counted, send)


class PodiumAPI(FastAPI):
    """FastAPI whose OpenAPI summaries are each endpoint's one-line docstring and whose
    headline operations carry real examples."""

    def openapi(self) -> dict[str, Any]:
        schema = super().openapi()
        add_examples(schema)
        for operations in schema["paths"].values():
            for operation in operations.values():
                if operation.get("description"):
                    operation["summary"] = operation["description"].splitlines()[0].rstrip(".")
        return schema


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    database = Database(settings.database_url)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        await database.dispose()
        revisions.close()

    app = PodiumAPI(
        title="Podium",
        version="1.0.0",
        description=DESCRIPTION,
        lifespan=lifespan,
        openapi_url="/openapi.json",
        license_info={"name": "MIT", "identifier": "MIT"},
        contact={"name": "Podium maintainers"},
        servers=[{"url": "/", "description": "The host serving this document"}],
        openapi_tags=TAGS,
        # Served by install_web() from packaged assets, so they work without internet access.
        docs_url=None,
        redoc_url=None,
    )
    app.state.database = database
    install_error_handlers(app)
    # Starlette runs the last added middleware first: CORS, body limit, caching, gzip (where it
    # sees whole responses and can honour its size threshold), then innermost the fast lane for
    # headline reads (app/core/lane.py; its routes are known once the routers are included).
    fast_routes: list[LaneRoute] = []
    app.add_middleware(FastLane, routes=fast_routes)
    app.add_middleware(GZipMiddleware, minimum_size=settings.gzip_min_bytes)
    revisions = app.state.revisions = RevisionSource(settings.database_url)
    responses = ResponseCache(settings.response_cache_entries, settings.response_cache_bytes)
    app.add_middleware(CachingMiddleware, revisions=revisions, cache=responses)
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    # Operations (docs/operations.md): database outages -> 503 + Retry-After, metrics per route
    # template, request id + JSON access log. Outermost of ours, just inside CORS.
    app.state.database_health = database.health
    app.state.metrics = Metrics(database.pool_in_use)
    app.add_middleware(DatabaseGuard, retry_after=settings.retry_after)
    app.add_middleware(MetricsMiddleware, metrics=app.state.metrics)
    app.add_middleware(RequestLogMiddleware, access_log=settings.access_log)
    configure_logging(settings.log_format, settings.log_level)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_methods=["GET", "POST", "PATCH", "DELETE"],
        allow_headers=[
            "Authorization",
            "Content-Type",
            "If-None-Match",
            "If-Match",
            "X-Request-ID",
        ],
        expose_headers=["ETag", "X-Request-ID", "Retry-After"],
    )
    # Routers are matched in this order, one route after another (FastAPI walks each included
    # router): the headline reads first. With medals 8th, matching was 12 % of an uncached
    # cabinet request's CPU (docs/performance.md).
    for router in (
        medals_router,
        results_router,
        athletes_router,
        competitions_router,
        head_to_head_router,
        coverage_router,
        changes_router,
        feed_router,
        imports_router,
        reference_router,
    ):
        app.include_router(router, responses=DATABASE_ERRORS)

    @app.get(
        "/healthz",
        operation_id="getHealth",
        tags=["operations"],
        include_in_schema=True,
        response_model=dict[str, str],
    )
    @fast_read
    async def healthz(request: Request) -> Response:
        """Process liveness: answers while the process runs."""
        return Response(b'{"status":"ok"}', media_type="application/json")

    @app.get(
        "/readyz",
        operation_id="getReadiness",
        tags=["operations"],
        responses={503: problem_responses(422)[422] | {"description": "Database unreachable."}},
    )
    async def readyz() -> Response:
        """Readiness: 200 when the database answers, 503 when it does not."""
        try:
            async with database.engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
        except Exception:  # any driver error means "not ready"
            detail = "The database is unreachable."
            headers = {"Retry-After": str(settings.retry_after)}
            return problem_response(503, "Service unavailable", detail, headers=headers)
        return Response('{"status":"ok"}', media_type="application/json")

    if settings.metrics:
        app.add_route("/metrics", metrics_endpoint, methods=["GET"], include_in_schema=False)

    # The web front-end (`/`, its pages) and the offline /docs and /redoc: app/web/.
    install_web(app)
    fast_routes.extend(
        lane_routes(context.original_route for context in iter_route_contexts(app.routes))
    )
    return app
