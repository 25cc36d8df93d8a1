"""Prometheus metrics (prometheus-client): `/metrics` in the text exposition format.

Per route template (`/v1/athletes/{slug}/medals`, never the raw path, so cardinality stays
bounded), method and status: a request counter and a latency histogram. Also requests in
progress, connections checked out of the database pool, 304 revalidations (the ETag cache's
hits) and the requests answered 503 because the database was down or busy.
Each app (each worker process) has its own registry; scrape every worker (docs/operations.md).
"""

import time
from collections.abc import Callable

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class Metrics:
    def __init__(self, pool_in_use: Callable[[], float]) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        labels = ("method", "route", "status")
        self.requests = Counter(
            "podium_http_requests", "HTTP requests answered.", labels, registry=self.registry
        )
        self.latency = Histogram(
            "podium_http_request_duration_seconds",
            "Time to answer an HTTP request.",
            labels,
            buckets=BUCKETS,
            registry=self.registry,
        )
        self.in_progress = Gauge(
            "podium_http_requests_in_progress", "Requests being answered.", registry=self.registry
        )
        self.pool = Gauge(
            "podium_db_pool_connections_in_use",
            "Database connections checked out of the pool.",
            registry=self.registry,
        )
        self.pool.set_function(pool_in_use)
        self.response_cache = Counter(
            "podium_response_cache_lookups",
            "GETs answered from the in-process response cache (hit), by waiting for a concurrent "
            "identical request's answer (coalesced), or by the endpoint (miss).",
            ("result",),
            registry=self.registry,
        )
        self.unavailable = Counter(
            "podium_db_unavailable_responses",
            "Requests answered 503 because the database was down or busy.",
            ("reason",),
            registry=self.registry,
        )

    def render(self) -> Response:
        return Response(generate_latest(self.registry), media_type=CONTENT_TYPE_LATEST)


class MetricsMiddleware:
    """Counts and times every HTTP request by route template, method and status."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = 500
        start = time.perf_counter()

        async def observed(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        self.metrics.in_progress.inc()
        try:
            await self.app(scope, receive, observed)
        finally:
            self.metrics.in_progress.dec()
            route = scope.get("route")
            template = getattr(route, "path", None) or "unmatched"
            labels = (scope["method"], template, str(status))
            self.metrics.requests.labels(*labels).inc()
            self.metrics.latency.labels(*labels).observe(time.perf_counter() - start)
            outage = scope.get("state", {}).get("database_outage")
            if outage:
                self.metrics.unavailable.labels(outage).inc()


async def metrics_endpoint(request: Request) -> Response:
    """Prometheus text exposition of this process's metrics."""
    metrics: Metrics = request.app.state.metrics
    return metrics.render()
