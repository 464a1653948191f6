"""Swagger UI (/docs) and ReDoc (/redoc) from the service's own files: the bundles fastapi-offline
packages, and a start script of our own. No CDN: the docs work in closed networks, send no visitor
to a third party, and run under a 'self'-only script policy (no inline script)."""

from __future__ import annotations

from pathlib import Path

import fastapi_offline
from fastapi import FastAPI, Response
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from app.context import permit
from app.routing import Router

ASSETS = "/docs/assets"  # swagger-ui-bundle.js, swagger-ui.css, redoc.standalone.js, favicon.png
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


def install_docs(app: FastAPI) -> None:
    app.include_router(router)
    app.mount(ASSETS, StaticFiles(directory=Path(fastapi_offline.__file__).parent / "static"), name="docs-assets")
