"""Security headers on every response, and CORS: the public API for any origin, the rest of the API
only for the origins in SAMORDNING_CORS_ORIGINS."""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.errors import CorsRefused, problem
from app.publication.website import API_PATHS
from app.staff_app import is_staff_app_path

PUBLIC_API = "/api/v1/public/"
# The website serves its own script-free pages, CSS and nothing else.
WEBSITE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'"
)
# The staff app (app/staff_app) is the same but for its own script and its calls to the API. React's
# style props go through the CSSOM, which style-src does not govern; no markup carries a style attribute.
STAFF_APP_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'"
)
# JSON, feeds and calendars are never a page that loads anything.
API_CSP = "default-src 'none'; frame-ancestors 'none'"
# Swagger UI and ReDoc run our own files only (app/docs.py); ReDoc sets inline styles and starts its
# search in a worker from a blob.
DOCS_PATHS = ("/docs", "/redoc")
DOCS_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; worker-src 'self' blob:; frame-ancestors 'none'; base-uri 'self'; object-src 'none'"
)
COMMON = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
}


def _raw(csp: str) -> list[tuple[bytes, bytes]]:
    """The headers as ASGI carries them, encoded once rather than on every response."""
    return [
        (name.lower().encode(), value.encode()) for name, value in {**COMMON, "Content-Security-Policy": csp}.items()
    ]


DOCS_HEADERS, API_HEADERS, WEBSITE_HEADERS = _raw(DOCS_CSP), _raw(API_CSP), _raw(WEBSITE_CSP)
STAFF_APP_HEADERS = _raw(STAFF_APP_CSP)
# What the rest of the API answers is for its caller alone: no shared cache keeps it, and a browser
# asks again (with If-None-Match) before reusing it. Public answers set their own Cache-Control. The
# body depends on who asks (`can` on every resource, a person's e-mail for the secretariat only)
# while the ETag is the resource's version, which If-Match compares: so a cache keeps one copy per
# credential (`Vary`), never one caller's copy for another.
PRIVATE_API_HEADERS = [*API_HEADERS, (b"cache-control", b"private, no-cache"), (b"vary", b"Authorization, Cookie")]


def _headers_for(path: str) -> list[tuple[bytes, bytes]]:
    if path.startswith(DOCS_PATHS):
        return DOCS_HEADERS
    if is_staff_app_path(path):
        return STAFF_APP_HEADERS
    if path.startswith(API_PATHS):
        return API_HEADERS if path.startswith(PUBLIC_API) else PRIVATE_API_HEADERS
    return WEBSITE_HEADERS


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        wanted = _headers_for(scope["path"])

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                # A handler's own value (a stricter CSP, say) wins; the rest are added, and Vary to its own.
                raw = list(message.get("headers", ()))
                present = {name.lower() for name, _ in raw}
                raw.extend(header for header in wanted if header[0] not in present or header[0] == b"vary")
                message["headers"] = raw
            await send(message)

        await self.app(scope, receive, send_with_headers)


class _CorsPolicy(CORSMiddleware):
    """Starlette's preflight, but a refusal is a problem like every other error, 403: the request was
    understood, and the policy does not allow it (Starlette answers 400 in plain text)."""

    def preflight_response(self, request_headers: Headers) -> Response:
        response = super().preflight_response(request_headers)
        if response.status_code != 400:
            return response
        refused = bytes(response.body).decode().removeprefix("Disallowed CORS ")
        exc = CorsRefused(
            f"This path does not allow the requested cross-origin {refused} (from {request_headers['origin']})."
        )
        kept = {k: v for k, v in response.headers.items() if k.startswith("access-control-") or k == "vary"}
        return problem(exc.status, exc.slug, exc.title, exc.detail, headers=kept)


class Cors:
    """Starlette's CORS handling, one policy for the public API and one for the rest of it; the
    website and health checks answer no cross-origin request. No credentials: the API takes bearer
    tokens, never cookies."""

    def __init__(self, app: ASGIApp, private_origins: list[str]) -> None:
        self.app = app
        self.public = _CorsPolicy(
            app,
            allow_origins=["*"],
            allow_methods=["GET", "HEAD", "OPTIONS"],
            allow_headers=["If-None-Match", "X-Request-ID"],
            expose_headers=["ETag", "X-Request-ID"],
        )
        self.private = _CorsPolicy(
            app,
            allow_origins=private_origins,
            allow_methods=["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"],
            allow_headers=["Authorization", "Content-Type", "If-Match", "If-None-Match", "X-Request-ID"],
            expose_headers=["ETag", "Location", "X-Request-ID"],
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or not path.startswith("/api/"):
            await self.app(scope, receive, send)
        elif path.startswith(PUBLIC_API):
            await self.public(scope, receive, send)
        else:
            await self.private(scope, receive, send)
