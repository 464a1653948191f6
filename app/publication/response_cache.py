"""Public pages and feeds kept by each replica until the record changes.

A public answer is a function of the record (and, for what is upcoming, of the clock), the same for
everyone. A replica keeps each 200 it rendered with the version of the record it was rendered from,
the audit chain's head (every change the services make appends to it, in the change's transaction),
and answers the same request from memory while that version holds, for at most MAX_AGE seconds:
what `Cache-Control` already lets any shared cache do. The version is read at most once every
`check_every` seconds, and right after this replica answers a write, so a change made here shows at
once and one made on another replica within that interval.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from fastapi.concurrency import run_in_threadpool
from sqlalchemy import select
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.audit.models import AuditChainHead
from app.db import Database
from app.publication.website import API_PATHS
from app.security_headers import PUBLIC_API
from app.staff_app import is_staff_app_path

MAX_AGE = 60.0  # the Cache-Control max-age of public answers (app/publication/caching.py)
MAX_ENTRIES = 1000  # distinct pages and queries kept; the least recently used goes first
MAX_BODY = 1 << 20
READS = ("GET", "HEAD", "OPTIONS")


@dataclass(frozen=True)
class _Answer:
    version: int
    at: float
    start: Message
    body: bytes


class PublicAnswers:
    """What a replica keeps (`app.state.public_answers`), and the record's version as last read."""

    def __init__(self, db: Database, check_every: float = 1.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.db = db
        self.check_every = check_every
        self.clock = clock
        self.version = -1
        self.checked_at = -float("inf")
        self.lock = asyncio.Lock()
        self.kept: OrderedDict[tuple[str, bytes], _Answer] = OrderedDict()

    def clear(self) -> None:
        """Forget every answer: for rows written past the services (a bulk load), which append no audit event."""
        self.kept.clear()

    def changed(self) -> None:
        self.checked_at = -float("inf")

    async def current_version(self) -> int:
        if self.clock() - self.checked_at >= self.check_every:
            async with self.lock:  # one read for everyone who finds it due
                if self.clock() - self.checked_at >= self.check_every:
                    checked = self.clock()
                    self.version = await run_in_threadpool(self._read_version)
                    self.checked_at = checked
        return self.version

    def _read_version(self) -> int:
        return self.db.scalar_now(select(AuditChainHead.seq)) or 0


class PublicResponses:
    """ASGI middleware, innermost: what it replays passes every other middleware as a fresh answer
    would (request id, security headers, CORS, 304 for a matching If-None-Match, HEAD)."""

    def __init__(self, app: ASGIApp, answers: PublicAnswers, public_paths: frozenset[str]) -> None:
        self.app = app
        self.answers = answers
        self.public_paths = public_paths  # the route templates of the public API and the website

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
        elif scope["method"] not in READS:
            await self.app(scope, receive, self._marking_changed(send))
        elif scope["method"] == "GET" and _may_be_public(scope["path"]):
            await self._read(scope, receive, send)
        else:
            await self.app(scope, receive, send)

    def _marking_changed(self, send: Send) -> Send:
        async def send_and_mark(message: Message) -> None:
            if message["type"] == "http.response.start":
                self.answers.changed()  # committed before its answer starts: read the version again
            await send(message)

        return send_and_mark

    async def _read(self, scope: Scope, receive: Receive, send: Send) -> None:
        answers, key = self.answers, (scope["path"], scope["query_string"])
        kept = answers.kept.get(key)
        if kept is not None:
            version = await answers.current_version()
            if kept.version == version and answers.clock() - kept.at < MAX_AGE:
                answers.kept.move_to_end(key)
                await send(_copy(kept.start))
                await send({"type": "http.response.body", "body": kept.body})
                return
            answers.kept.pop(key, None)
        version = await answers.current_version()  # before rendering: a change meanwhile is not missed
        at = answers.clock()
        start: Message | None = None
        chunks: list[bytes] = []

        async def send_and_keep(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = _copy(message)  # as the route gave it: the middlewares outside add to it in place
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
            await send(message)

        await self.app(scope, receive, send_and_keep)
        body = b"".join(chunks)
        route = getattr(scope.get("route"), "path", None)
        if start is not None and start["status"] == 200 and route in self.public_paths and len(body) <= MAX_BODY:
            answers.kept[key] = _Answer(version, at, start, body)
            while len(answers.kept) > MAX_ENTRIES:
                answers.kept.popitem(last=False)


def _copy(start: Message) -> Message:
    return {**start, "headers": list(start.get("headers", []))}


def _may_be_public(path: str) -> bool:
    """Paths the website's or the public API's routes may serve; others pass untouched (no version read).
    The staff app's files are no answer of the record: a new build is served at once."""
    return path.startswith(PUBLIC_API) or not (path.startswith(API_PATHS) or is_staff_app_path(path))
