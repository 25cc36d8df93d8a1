"""The medal-cabinet web front-end at `/` and the offline API docs at `/docs` and `/redoc`.

The front-end is static files (`app/web/static/`: HTML, CSS, JavaScript modules; no build
step) that call the public `/v1` API like any other client. Its pages have real paths
(`/athletes/josh-kerr`, `/competitions/olympic-games-2024/events/men-1500m`, ...): the
browser routes them with the History API, and the server answers every such path with
`index.html` so a shared or reloaded URL works. Swagger UI and ReDoc load their assets from
the `fastapi-offline` package, so the docs render without internet access.
"""

import hashlib
import os
from pathlib import Path

import fastapi_offline
from fastapi import FastAPI, Request, Response
from fastapi.openapi.docs import (
    get_redoc_html,
    get_swagger_ui_html,
    get_swagger_ui_oauth2_redirect_html,
)
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from starlette.types import Scope

STATIC_DIR = Path(__file__).parent / "static"
DOCS_ASSETS_DIR = Path(fastapi_offline.__file__).parent / "static"
ASSETS_URL = "/assets"
DOCS_ASSETS_URL = "/docs-assets"
SWAGGER_REDIRECT_URL = "/docs/oauth2-redirect"

# Client-side pages; the server answers each with index.html (the script renders the page).
PAGE_PATHS = (
    "/",
    "/search",
    "/medallists",
    "/head-to-head",
    "/head-to-head/{rest:path}",
    "/athletes/{rest:path}",
    "/competitions",
    "/competitions/{rest:path}",
)

# The shell loads nothing from elsewhere; the API it calls is this origin's /v1.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


class RevalidatedStaticFiles(StaticFiles):
    """Static files the browser keeps but revalidates (ETag / Last-Modified) before each use.

    Assets carry no content hash in their names, so `no-cache` keeps a deploy visible at
    once while an unchanged file costs only a 304.
    """

    def file_response(
        self,
        full_path: str | os.PathLike[str],
        stat_result: os.stat_result,
        scope: Scope,
        status_code: int = 200,
    ) -> Response:
        response = super().file_response(full_path, stat_result, scope, status_code)
        response.headers["Cache-Control"] = "no-cache"
        return response


def _index_response(request: Request) -> Response:
    body = (STATIC_DIR / "index.html").read_bytes()
    etag = f'"{hashlib.sha256(body).hexdigest()[:16]}"'
    headers = {
        "ETag": etag,
        "Cache-Control": "no-cache",
        "Content-Security-Policy": CONTENT_SECURITY_POLICY,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
    }
    if etag in {tag.strip() for tag in request.headers.get("if-none-match", "").split(",")}:
        return Response(status_code=304, headers=headers)
    return Response(body, media_type="text/html; charset=utf-8", headers=headers)


def install_web(app: FastAPI) -> None:
    """Mount the front-end and the offline API docs on `app` (none of it is in the schema)."""
    app.mount(ASSETS_URL, RevalidatedStaticFiles(directory=STATIC_DIR), name="assets")
    app.mount(
        DOCS_ASSETS_URL, RevalidatedStaticFiles(directory=DOCS_ASSETS_DIR), name="docs-assets"
    )
    openapi_url = app.openapi_url or "/openapi.json"

    @app.get("/docs", include_in_schema=False)
    async def swagger_ui() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=openapi_url,
            title=f"{app.title} - Swagger UI",
            oauth2_redirect_url=SWAGGER_REDIRECT_URL,
            swagger_js_url=f"{DOCS_ASSETS_URL}/swagger-ui-bundle.js",
            swagger_css_url=f"{DOCS_ASSETS_URL}/swagger-ui.css",
            swagger_favicon_url=f"{ASSETS_URL}/favicon.svg",
        )

    @app.get(SWAGGER_REDIRECT_URL, include_in_schema=False)
    async def swagger_ui_redirect() -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()

    @app.get("/redoc", include_in_schema=False)
    async def redoc() -> HTMLResponse:
        page = get_redoc_html(
            openapi_url=openapi_url,
            title=f"{app.title} - ReDoc",
            redoc_js_url=f"{DOCS_ASSETS_URL}/redoc.standalone.js",
            redoc_favicon_url=f"{ASSETS_URL}/favicon.svg",
            with_google_fonts=False,
        )
        # ReDoc's footer logo is an image on its CDN: images from elsewhere are not loaded.
        page.headers["Content-Security-Policy"] = "img-src 'self' data:"
        return page

    for path in PAGE_PATHS:
        app.add_api_route(path, _index_response, methods=["GET"], include_in_schema=False)
