"""Arbeidsflaten at /arbeid/: the files `npm run build` writes to web/dist. Hashed assets are cached for a
year; every other path under /arbeid/ is the app's index.html (its router draws the page, so deep links
work on reload), never cached without asking. The shell holds no data: the API decides what a person sees."""

from __future__ import annotations

from html import escape
from pathlib import Path

from fastapi import HTTPException
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response

from app.config import PROJECT_ROOT
from app.context import permit
from app.routing import Router
from app.staff_app import PREFIX

DIST = PROJECT_ROOT / "web" / "dist"
IMMUTABLE = "public, max-age=31536000, immutable"  # the file name changes with the content

router = Router(include_in_schema=False, dependencies=[permit("public.read")])

NOT_BUILT = """<!doctype html>
<html lang="nb">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Arbeidsflaten er ikke bygget</title>
<link rel="stylesheet" href="/static/site.css">
</head>
<body>
<main id="hovedinnhold">
<h1>Arbeidsflaten er ikke bygget</h1>
<p>Denne tjenesten har ikke fått med arbeidsflaten for sekretariatet, Arbeidsutvalget og underutvalgene.
Den bygges med Node.js 20 eller nyere: <code>make run</code>, eller <code>npm ci &amp;&amp; npm run build</code>
i mappen <code>web/</code>.</p>
<p>Ventet i <code>{dist}</code>.</p>
<p><a href="/">Til det offentlige nettstedet</a></p>
</main>
</body>
</html>
"""


@router.get(PREFIX)
def staff_app_root() -> RedirectResponse:
    return RedirectResponse(f"{PREFIX}/", status_code=308)


@router.get(PREFIX + "/assets/{name}")
def staff_app_asset(name: str) -> FileResponse:
    path = DIST / "assets" / name
    # The path parameter holds no slash; a dot-name is no file the build writes.
    if name.startswith(".") or not path.is_file():
        raise HTTPException(status_code=404)
    return FileResponse(path, headers={"Cache-Control": IMMUTABLE})


@router.get(PREFIX + "/{page:path}")
def staff_app_page(page: str) -> Response:
    if page.startswith("assets/"):  # a missing file is missing, not a page of the app
        raise HTTPException(status_code=404)
    index = DIST / "index.html"
    if not index.is_file():
        return _not_built(DIST)
    return FileResponse(index, media_type="text/html; charset=utf-8", headers={"Cache-Control": "no-cache"})


def _not_built(dist: Path) -> HTMLResponse:
    return HTMLResponse(
        NOT_BUILT.replace("{dist}", escape(str(dist))), status_code=503, headers={"Cache-Control": "no-store"}
    )
