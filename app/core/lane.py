"""The fast lane: headline reads with no query string, dispatched before FastAPI's routing.

Once the headline reads' SQL path was thin (app/core/reads.py), profiles of an uncached read
put FastAPI's route matching (its walk of the included routers, a few µs per route checked)
and request handling (dependency solving, the request/response wrapper) at a third of the
request (docs/performance.md). A GET with no query string whose path matches a route whose
endpoint is marked `@fast_read`, and whose path parameters are slug-shaped (`SLUG`: every such
value passes the routes' own parameter validation), is answered here by calling that same
endpoint function with the path parameters and `Request`; its query parameters take their
defaults, as FastAPI would give them. Anything else (a query string, HEAD or another method, an
unusual path parameter) goes to FastAPI unchanged, so validation errors, the OpenAPI document
and every other route stay FastAPI's.

The lane takes a path only where FastAPI would pick the same route: a GET route listed before it
in FastAPI's order that also matches the path sends the request to FastAPI. A `PodiumError`
from the endpoint (an unknown slug) becomes the problem+json FastAPI's handler writes
(`podium_error_response`); database errors propagate to `DatabaseGuard` as before. The lane is
the innermost of Podium's middlewares, so request logs, metrics (it sets `scope["route"]` to
the route, whose template labels the metrics), the outage guard, the response cache and gzip
see its requests like any other.
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from starlette.requests import Request
from starlette.routing import BaseRoute
from starlette.types import ASGIApp, Receive, Scope, Send

from app.core.errors import PodiumError, podium_error_response

SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")
F = TypeVar("F", bound=Callable[..., Any])
_FAST: set[Callable[..., Any]] = set()


def fast_read(endpoint: F) -> F:
    """Mark a GET endpoint whose only parameters besides `request` are path parameters and
    query parameters with defaults: the lane may call it directly (see the module docstring)."""
    _FAST.add(endpoint)
    return endpoint


@dataclass(frozen=True)
class LaneRoute:
    route: Any  # the APIRoute: `scope["route"]` for metrics and logs
    pattern: re.Pattern[str]
    endpoint: Callable[..., Any]
    earlier: tuple[re.Pattern[str], ...]  # GET routes FastAPI would try first


def lane_routes(routes: Iterable[BaseRoute]) -> list[LaneRoute]:
    """The `@fast_read` routes among `routes` (in FastAPI's matching order), each with the
    patterns of the GET routes before it."""
    found: list[LaneRoute] = []
    earlier: list[re.Pattern[str]] = []
    for route in routes:
        pattern = getattr(route, "path_regex", None)
        if pattern is None or "GET" not in (getattr(route, "methods", None) or ()):
            continue
        endpoint = getattr(route, "endpoint", None)
        if endpoint in _FAST:
            found.append(LaneRoute(route, pattern, endpoint, tuple(earlier)))
        earlier.append(pattern)
    return found


class FastLane:
    def __init__(self, app: ASGIApp, routes: list[LaneRoute]) -> None:
        self.app = app
        self.routes = routes

    def _match(self, scope: Scope) -> tuple[LaneRoute, dict[str, str]] | None:
        if scope["type"] != "http" or scope["method"] != "GET" or scope["query_string"]:
            return None
        path: str = scope["path"]
        for lane in self.routes:
            found = lane.pattern.match(path)
            if found is None:
                continue
            params = found.groupdict()
            if not all(SLUG.fullmatch(value) for value in params.values()):
                return None
            if any(earlier.match(path) for earlier in lane.earlier):
                return None
            return lane, params
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        matched = self._match(scope)
        if matched is None:
            await self.app(scope, receive, send)
            return
        lane, params = matched
        scope["route"] = lane.route
        scope["path_params"] = params
        try:
            response = await lane.endpoint(Request(scope, receive), **params)
        except PodiumError as error:
            response = podium_error_response(error)
        await response(scope, receive, send)
