"""Public pages and feeds kept by each replica until the record changes.

A public answer is a function of the record (and, for what is upcoming, of the clock), the same for
everyone. A replica keeps each 200 it rendered with the version of the record it was rendered from,
the audit chain's head (every change the services make appends to it, in the change's transaction),
and answers the same request from memory while that version holds, for at most MAX_AGE seconds:
what `Cache-Control` already lets any shared cache do. The version is read at most once every
`check_every` seconds, and right after this replica answers a write, so a change made here shows at
once and one made on another replica within that interval.

Memory is bounded whatever the requests: answers are kept per base of their links (one, or one per
host of SAMORDNING_ALLOWED_HOSTS: app.http.public_base_url), a website page's answers are kept by the query parameters
its route reads (a junk query string names the same answer), a public API operation's by its whole
query (it refuses any other: app/routing.py, so a junk one is never kept), within a byte budget (the
least recently used goes first), and all are dropped when the record's version moves on.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

from fastapi.concurrency import run_in_threadpool
from fastapi.routing import APIRoute
from sqlalchemy import select
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.audit.models import AuditChainHead
from app.db import Database
from app.http import public_base_url
from app.publication.website import API_PATHS, CONTENT_PAGES
from app.routing import declared_query, refuses_undeclared_query
from app.security_headers import PUBLIC_API
from app.staff_app import is_staff_app_path

# An answer's key: the base its links name (app.http.public_base_url), its path, the query it reads.
Key = tuple[str, str, str]
MAX_AGE = 60.0  # the Cache-Control max-age of public answers (app/publication/caching.py)
MAX_BODY = 1 << 20  # a larger answer is rendered for each request
READS = ("GET", "HEAD", "OPTIONS")


@dataclass(frozen=True)
class PublicRoute:
    """A route anyone may read: its path and the query parameters its answer depends on (None: the
    whole query, for a route that refuses any parameter it does not read)."""

    path: re.Pattern[str]
    params: frozenset[str] | None


def public_routes(routes: Iterable[object]) -> list[PublicRoute]:
    """The routes of the public API and the website (those whose permission is `public.read`)."""
    return [
        PublicRoute(
            route.path_regex,
            None
            if refuses_undeclared_query(route)
            else frozenset(field.alias for field in declared_query(route.dependant)),
        )
        for route in routes
        if isinstance(route, APIRoute)
        and any(getattr(d.dependency, "permission", None) == "public.read" for d in route.dependencies)
    ]


@dataclass(frozen=True)
class _Answer:
    version: int
    at: float
    start: Message
    body: bytes

    @property
    def size(self) -> int:
        return len(self.body) + sum(len(name) + len(value) for name, value in self.start.get("headers", []))


class PublicAnswers:
    """What a replica keeps (`app.state.public_answers`), and the record's version as last read."""

    def __init__(
        self,
        db: Database,
        check_every: float = 1.0,
        max_bytes: int = 64 << 20,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.db = db
        self.check_every = check_every
        self.max_bytes = max_bytes
        self.clock = clock
        self.version = -1
        self.checked_at = -float("inf")
        self.lock = asyncio.Lock()
        self.kept: OrderedDict[Key, _Answer] = OrderedDict()
        self.bytes = 0

    def clear(self) -> None:
        """Forget every answer: for rows written past the services (a bulk load), which append no audit event."""
        self.kept.clear()
        self.bytes = 0

    def changed(self) -> None:
        self.checked_at = -float("inf")

    async def current_version(self) -> int:
        if self.clock() - self.checked_at >= self.check_every:
            async with self.lock:  # one read for everyone who finds it due
                if self.clock() - self.checked_at >= self.check_every:
                    checked = self.clock()
                    version = await run_in_threadpool(self._read_version)
                    if version != self.version:
                        self.clear()  # every answer kept was rendered from an older record
                    self.version, self.checked_at = version, checked
        return self.version

    def get(self, key: Key) -> _Answer | None:
        kept = self.kept.get(key)
        if kept is not None:
            self.kept.move_to_end(key)
        return kept

    def drop(self, key: Key) -> None:
        if (kept := self.kept.pop(key, None)) is not None:
            self.bytes -= kept.size

    def keep(self, key: Key, answer: _Answer) -> None:
        """Keep an answer, forgetting the least recently used ones past the byte budget."""
        if answer.size > min(MAX_BODY, self.max_bytes):
            return
        self.drop(key)
        self.kept[key] = answer
        self.bytes += answer.size
        while self.bytes > self.max_bytes:
            _, oldest = self.kept.popitem(last=False)
            self.bytes -= oldest.size

    def _read_version(self) -> int:
        return self.db.scalar_now(select(AuditChainHead.seq)) or 0


class PublicResponses:
    """ASGI middleware, innermost: what it replays passes every other middleware as a fresh answer
    would (request id, security headers, CORS, 304 for a matching If-None-Match, HEAD)."""

    def __init__(self, app: ASGIApp, answers: PublicAnswers, routes: list[PublicRoute]) -> None:
        self.app = app
        self.answers = answers
        self.routes = routes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
        elif scope["method"] not in READS:
            await self.app(scope, receive, self._marking_changed(send))
        elif scope["method"] == "GET" and not _ranged(scope) and (found := self._route(scope)) is not None:
            await self._read(scope, receive, send, *found)
        else:
            await self.app(scope, receive, send)

    def _route(self, scope: Scope) -> tuple[PublicRoute, Key] | None:
        """The public route that may serve the path, and the answer's key: the base of its links (one
        per allowed host at most), the path and the query parameters the route reads, in a fixed order.
        None for other paths: they pass untouched."""
        path = scope["path"]
        # The staff app's files are no answer of the record (a new build is served at once), nor are the
        # secretariat's content pages, read afresh so that an edit shows at once.
        if (
            is_staff_app_path(path)
            or path in CONTENT_PAGES
            or not (path.startswith(PUBLIC_API) or not path.startswith(API_PATHS))
        ):
            return None
        route = next((r for r in self.routes if r.path.match(path)), None)
        if route is None:
            return None
        query = parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True)
        read = [(name, value) for name, value in query if route.params is None or name in route.params]
        return route, (public_base_url(HTTPConnection(scope)), path, urlencode(sorted(read)))

    def _marking_changed(self, send: Send) -> Send:
        async def send_and_mark(message: Message) -> None:
            if message["type"] == "http.response.start":
                self.answers.changed()  # committed before its answer starts: read the version again
            await send(message)

        return send_and_mark

    async def _read(self, scope: Scope, receive: Receive, send: Send, route: PublicRoute, key: Key) -> None:
        answers = self.answers
        kept = answers.get(key)
        if kept is not None:
            version = await answers.current_version()
            if kept.version == version and answers.clock() - kept.at < MAX_AGE:
                await send(_copy(kept.start))
                await send({"type": "http.response.body", "body": kept.body})
                return
            answers.drop(key)
        version = await answers.current_version()  # before rendering: a change meanwhile is not missed
        at = answers.clock()
        start: Message | None = None
        chunks: list[bytes] = []

        kept_bytes = 0

        async def send_and_keep(message: Message) -> None:
            nonlocal start, kept_bytes
            if message["type"] == "http.response.start":
                start = _copy(message)  # as the route gave it: the middlewares outside add to it in place
            elif message["type"] == "http.response.body" and kept_bytes <= MAX_BODY:
                # A larger answer (a document's file) is streamed and not kept: memory stays bounded.
                chunks.append(message.get("body", b""))
                kept_bytes += len(chunks[-1])
            await send(message)

        await self.app(scope, receive, send_and_keep)
        served_by = getattr(scope.get("route"), "path_regex", None)
        if kept_bytes > MAX_BODY:
            return
        if start is not None and start["status"] == 200 and served_by is route.path and version == answers.version:
            answers.keep(key, _Answer(version, at, start, b"".join(chunks)))


def _ranged(scope: Scope) -> bool:
    """A request for part of an answer (a file's byte range) is answered afresh, never from what is kept."""
    return any(name == b"range" for name, _ in scope.get("headers", []))


def _copy(start: Message) -> Message:
    return {**start, "headers": list(start.get("headers", []))}
