"""Swagger UI (/docs) and ReDoc (/redoc) from the service's own files: the bundles fastapi-offline
packages, and a start script of our own. No CDN: the docs work in closed networks, send no visitor
to a third party, and run under a 'self'-only script policy (no inline script). ReDoc's bundle links
its sidebar logo on Redocly's CDN; we serve it with that image inline instead, so nothing is asked of
another host and the policy blocks nothing."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

import fastapi_offline
from fastapi import FastAPI, Response
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from app.context import permit
from app.routing import Router

ASSETS = "/docs/assets"  # swagger-ui-bundle.js, swagger-ui.css, redoc.standalone.js, favicon.png
BUNDLES = Path(fastapi_offline.__file__).parent / "static"
REDOC_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"
# A plain mark in the logo's place (the sidebar sizes it); img-src allows data: URLs.
INLINE_LOGO = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 1 1'/%3E"
router = Router(include_in_schema=False, dependencies=[permit("public.read")])

START_SWAGGER = """window.addEventListener("load", () => {
  window.ui = SwaggerUIBundle({url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset], layout: "BaseLayout"});
});
"""


def _page(title: str, head: str, body: str) -> HTMLResponse:
    return HTMLResponse(f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="icon" type="image/png" href="{ASSETS}/favicon.png">
{head}
</head>
<body>
{body}
</body>
</html>
""")


@router.get("/docs")
def swagger_ui() -> HTMLResponse:
    return _page(
        "samordning API — Swagger UI",
        f'<link rel="stylesheet" href="{ASSETS}/swagger-ui.css">',
        f'<div id="swagger-ui"></div>\n<script src="{ASSETS}/swagger-ui-bundle.js"></script>\n'
        '<script src="/docs/start.js"></script>',
    )


@router.get("/docs/start.js")
def start_swagger_ui() -> Response:
    return Response(START_SWAGGER, media_type="text/javascript")


@router.get("/redoc")
def redoc() -> HTMLResponse:
    return _page(
        "samordning API — ReDoc",
        "",
        f'<redoc spec-url="/openapi.json"></redoc>\n<script src="{ASSETS}/redoc.standalone.js"></script>',
    )


@functools.cache
def _redoc_bundle() -> tuple[bytes, str]:
    text = (BUNDLES / "redoc.standalone.js").read_text(encoding="utf-8")
    if REDOC_LOGO not in text:  # a new bundle: look again at what it loads from elsewhere
        raise RuntimeError(f"redoc.standalone.js no longer links {REDOC_LOGO}")
    body = text.replace(REDOC_LOGO, INLINE_LOGO).encode()
    return body, f'"{hashlib.sha256(body).hexdigest()[:32]}"'


@router.get(f"{ASSETS}/redoc.standalone.js")
def redoc_bundle() -> Response:
    """Before the mount of the other bundles, which it overrides."""
    body, etag = _redoc_bundle()
    return Response(body, media_type="text/javascript", headers={"ETag": etag})


def install_docs(app: FastAPI) -> None:
    app.include_router(router)
    app.mount(ASSETS, StaticFiles(directory=BUNDLES), name="docs-assets")
