"""HTTP plumbing shared by every resource: the base of links and the hosts allowed, ETags and If-Match, and how
the OpenAPI document shows them."""

from __future__ import annotations

from contextvars import ContextVar
from typing import Annotated, Any

from fastapi import Header, Response
from starlette.datastructures import Headers
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.config import get_settings
from app.errors import HostRefused, PreconditionFailed, PreconditionRequired, problem


def public_base_url(request: HTTPConnection) -> str:
    """The base of the absolute URLs a response carries: SAMORDNING_PUBLIC_BASE_URL when it is set;
    else, with SAMORDNING_ALLOWED_HOSTS set, the base the request was made at (its Host, which
    AllowedHosts has checked, and its scheme as uvicorn takes it from the proxy's headers); else the
    address this server listens on (`make run PORT=9000`). Never an unchecked Host: a client chooses
    it, and the links would reach others through the response cache and webhooks."""
    settings = get_settings()
    if "public_base_url" in settings.model_fields_set:
        return settings.public_base_url.rstrip("/")
    if settings.allowed_hosts:
        return str(request.base_url).rstrip("/")
    if not request.scope.get("server"):
        return settings.public_base_url.rstrip("/")
    host, port = request.scope["server"]
    scheme = request.scope.get("scheme", "http")
    default_port = {"http": 80, "https": 443}.get(scheme)
    return f"{scheme}://{host}" + ("" if port in (None, default_port) else f":{port}")


# Probes and scrapers ask at whatever address reaches the process; their answers carry no link.
ANY_HOST_PATHS = frozenset({"/health", "/ready", "/metrics"})


class AllowedHosts:
    """Refuses a request whose `Host` is not one of SAMORDNING_ALLOWED_HOSTS (compared whole, port
    included, case aside) with a problem, before anything reads it."""

    def __init__(self, app: ASGIApp, hosts: list[str]) -> None:
        self.app = app
        self.hosts = frozenset(host.lower() for host in hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] not in ANY_HOST_PATHS:
            if Headers(scope=scope).get("host", "").lower() not in self.hosts:
                exc = HostRefused(
                    "The Host header names no address this service answers at (SAMORDNING_ALLOWED_HOSTS).",
                    "Tjenesten svarer ikke på denne adressen.",
                )
                response = problem(exc.status, exc.slug, exc.title, exc.detail, detail_nb=exc.detail_nb)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def etag_of(entity: Any) -> str:
    return f'"{entity.id}.{entity.version}"'


def set_etag(response: Response, entity: Any) -> None:
    response.headers["ETag"] = etag_of(entity)


def set_fixed_etag(response: Response, entity: Any) -> None:
    """A record that never changes once written (a document's version): its id is its validator."""
    response.headers["ETag"] = f'"{entity.id}"'


# RFC 9110 §8.8.3 entity tags: `*` or a list of (weak or strong) quoted tags. The same in ECMAScript
# and Python: no `\s`, whose meaning differs between the two.
ETAG_LIST_PATTERN = r'^[ \t]*(\*|(W/)?"[!#-~]*"([ \t]*,[ \t]*(W/)?"[!#-~]*")*)[ \t]*$'
# Required in the OpenAPI document (document_headers); missing, the handler answers 428 with the current ETag.
IfMatch = Annotated[str | None, Header(pattern=ETAG_LIST_PATTERN)]

# A write's `If-None-Match`, for check_if_match (NotModified sets it; the handlers take If-Match only).
write_if_none_match: ContextVar[str | None] = ContextVar("write_if_none_match", default=None)


def check_if_match(if_match: str | None, entity: Any) -> None:
    """The one place a change's preconditions are evaluated: 428 without If-Match, 412 when the
    client's copy is stale (strong comparison, RFC 9110 §13.1.1: a weak `W/` tag never matches) or
    when its If-None-Match names the current copy."""
    if if_match is None:
        raise PreconditionRequired(
            f"Send If-Match with the ETag of the copy you change (now {etag_of(entity)}), so that you "
            "do not overwrite a change you have not seen."
        )
    candidates = {tag.strip() for tag in if_match.split(",")}
    if "*" not in candidates and etag_of(entity) not in candidates:
        raise PreconditionFailed(
            f"If-Match {if_match} does not match the current ETag {etag_of(entity)}; reload and retry."
        )
    # RFC 9110 §13.2.2 step 3: a change whose If-None-Match names the current copy (or `*`) is refused.
    if (unwanted := write_if_none_match.get()) is not None and none_match(unwanted, etag_of(entity)):
        raise PreconditionFailed(f"If-None-Match {unwanted} names the current ETag {etag_of(entity)}; nothing changed.")


def none_match(if_none_match: str, etag: str) -> bool:
    """Whether `If-None-Match` names the tag: weak comparison (RFC 9110 §13.1.2)."""
    tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return "*" in tags or etag.removeprefix("W/") in tags


class HeadAsGet:
    """HEAD is GET without the body (RFC 9110 §9.3.2), for every page and resource that has a GET:
    the routes declare GET only."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def send_headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                if not message.get("more_body", False):
                    await send({"type": "http.response.body", "body": b""})
                return
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, send_headers_only)


class NotModified:
    """304 instead of a GET's 200 when `If-None-Match` names the ETag it carries: one place for every
    resource, public or not. The handler still runs; the client is spared the body. A change's
    `If-None-Match` is left to check_if_match, which knows the current ETag before changing anything."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        wanted = Headers(scope=scope).get("if-none-match") if scope["type"] == "http" else None
        if not wanted:
            await self.app(scope, receive, send)
            return
        if scope["method"] not in ("GET", "HEAD"):
            token = write_if_none_match.set(wanted)
            try:
                await self.app(scope, receive, send)
            finally:
                write_if_none_match.reset(token)
            return
        replaced = False

        async def send_or_replace(message: Message) -> None:
            nonlocal replaced
            if message["type"] == "http.response.start":
                etag = Headers(raw=message["headers"]).get("etag")
                if message["status"] == 200 and etag and none_match(wanted, etag):
                    replaced = True
                    kept = [(k, v) for k, v in message["headers"] if k not in (b"content-length", b"content-type")]
                    await send({"type": "http.response.start", "status": 304, "headers": kept})
                    await send({"type": "http.response.body", "body": b""})
                    return
            if not replaced:
                await send(message)

        await self.app(scope, receive, send_or_replace)


ETAG_HEADER = {
    "description": "Version of the resource; send it back as `If-Match` to change it safely.",
    "schema": {"type": "string"},
}
LOCATION_HEADER = {"description": "URL of the created resource.", "schema": {"type": "string"}}
CACHE_CONTROL_HEADER = {"description": "Shared caches may keep the response briefly.", "schema": {"type": "string"}}
PUBLIC_ETAG_HEADER = {
    "description": "Strong validator of the content; send it as `If-None-Match` to get 304 when unchanged.",
    "schema": {"type": "string"},
}


# Responses that show something without a version of its own: they carry no ETag.
UNVERSIONED_SCHEMAS = {"RuleOut"}


def _carries_etag(path: str, method: str, response: dict[str, Any]) -> bool:
    """GET/PATCH of one versioned resource, a transition, or a create."""
    ref = response.get("content", {}).get("application/json", {}).get("schema", {}).get("$ref", "")
    if ref.rsplit("/", 1)[-1] in UNVERSIONED_SCHEMAS:
        return False
    return method in ("patch", "post") or path.endswith("}")


NOT_MODIFIED = {"description": "Not modified: the `If-None-Match` ETag is current.", "headers": {"ETag": ETAG_HEADER}}
IF_MATCH = (
    "The `ETag` of the copy being changed; without it the answer is 428, with a stale one 412 (as is an "
    "`If-None-Match` that names the current `ETag`)."
)


def _document_preconditions(op: dict[str, Any], method: str) -> None:
    """If-Match is required wherever it is taken (the handler answers 428 without it, a dry run
    included); a GET that sends an ETag answers If-None-Match with 304, a change never does (its
    If-None-Match is a 412)."""
    for param in op.get("parameters", []):
        if param["in"] == "header" and param["name"] == "if-match":
            param["required"] = True
            param["description"] = IF_MATCH
            param["schema"] = {"type": "string", "pattern": ETAG_LIST_PATTERN}  # not nullable: required
    if method == "get" and "ETag" in op.get("responses", {}).get("200", {}).get("headers", {}):
        op["responses"].setdefault("304", NOT_MODIFIED)


def document_headers(schema: dict[str, Any]) -> dict[str, Any]:
    """Declare the ETag, Location and Cache-Control headers the handlers send, and the preconditions."""
    for path, ops in schema.get("paths", {}).items():
        public = path.startswith("/api/v1/public/")
        for method, op in ops.items():
            for code, response in op.get("responses", {}).items():
                if not code.startswith("2") or code == "204":
                    continue
                headers = response.setdefault("headers", {})
                if public:
                    headers.update({"ETag": PUBLIC_ETAG_HEADER, "Cache-Control": CACHE_CONTROL_HEADER})
                elif path.startswith("/api/v1/") and _carries_etag(path, method, response):
                    headers["ETag"] = ETAG_HEADER
                if code == "201":
                    headers["Location"] = LOCATION_HEADER
                if not headers:
                    del response["headers"]
            _document_preconditions(op, method)
            op["responses"] = dict(sorted(op["responses"].items()))
    return schema
