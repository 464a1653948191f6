"""Request ids, Prometheus metrics and the access log: one middleware, a few microseconds a request.

Every request gets an id (the caller's `X-Request-ID` when it is a sane token, else a new one), which
the response echoes, every problem body carries (`request_id`) and every log line of the request
names. `/metrics` answers only scrapers in SAMORDNING_METRICS_ALLOW (loopback by default); to anyone
else it is a path like any unknown one (404). It is served here, outside the API's routes: no
OpenAPI entry and no permission from the policy table, since the network decides who scrapes.
"""

from __future__ import annotations

import ipaddress
import logging
import re
import time
import uuid
from collections.abc import Iterator
from contextvars import ContextVar

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    disable_created_metrics,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy.engine import Engine
from starlette.datastructures import MutableHeaders
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

REQUEST_ID_HEADER = "X-Request-ID"
# Printable enough to log and echo as they are, short enough not to bloat every line.
_VALID_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:+=/-]{0,127}")
# A method outside these is labelled "other": the label values stay a short list whatever is sent.
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
UNMATCHED = "unmatched"  # the route label of a request no route answered (404s, static files)
BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

disable_created_metrics()  # no `_created` series: they double the exposition and no query here needs them

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)
access_log = logging.getLogger("samordning.access")


def current_request_id() -> str | None:
    return request_id_var.get()


def _request_id(scope: Scope) -> str:
    for name, value in scope["headers"]:
        if name == b"x-request-id":
            text = value.decode("latin-1")
            if _VALID_ID.fullmatch(text):
                return text
            break
    return uuid.uuid4().hex


class PoolCollector(Collector):
    """The connection pool as of the scrape (nothing is counted per request)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def collect(self) -> Iterator[GaugeMetricFamily]:
        pool = self.engine.pool
        for name, doc, read in (
            ("samordning_db_pool_size", "Connections the pool keeps (more may open up to its overflow).", "size"),
            ("samordning_db_pool_checked_out", "Connections in use by requests now.", "checkedout"),
            ("samordning_db_pool_idle", "Open connections waiting for a request.", "checkedin"),
        ):
            value = getattr(pool, read, None)
            if callable(value):  # QueuePool has all three; SQLite's in-memory pool none
                yield GaugeMetricFamily(name, doc, value=value())


class Metrics:
    """The app's own registry: each app (and each test's app) counts for itself."""

    def __init__(self, engine: Engine, allow: list[ipaddress.IPv4Network | ipaddress.IPv6Network]) -> None:
        self.allow = allow
        self.registry = CollectorRegistry(auto_describe=True)
        # Its _count is the request count by route and status.
        self.requests = Histogram(
            "samordning_http_request_duration_seconds",
            "Time to answer a request, by route template and status.",
            ["method", "route", "status"],
            buckets=BUCKETS,
            registry=self.registry,
        )
        self.rejections = Counter(
            "samordning_rule_rejections",
            "Requests a governance rule rejected (409), by rule id.",
            ["rule"],
            registry=self.registry,
        )
        self.registry.register(PoolCollector(engine))

    def rejected(self, violations: list[dict]) -> None:
        for violation in violations:
            self.rejections.labels(violation["rule"]).inc()

    def allows(self, client: tuple[str, int] | None) -> bool:
        try:
            address = ipaddress.ip_address(client[0] if client else "")
        except ValueError:  # a unix socket or a test client: no address to trust
            return False
        return any(address in network for network in self.allow)

    def exposition(self) -> Response:
        return Response(generate_latest(self.registry), media_type=CONTENT_TYPE_LATEST)


class Observe:
    """Outermost middleware: sets the request id, then times, counts and logs the response."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["path"] == "/metrics" and scope["method"] == "GET" and self.metrics.allows(scope.get("client")):
            await self.metrics.exposition()(scope, receive, send)
            return
        start = time.perf_counter()
        request_id = _request_id(scope)
        request_id_var.set(request_id)  # not reset: the 500 handler outside this middleware reads it
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message)[REQUEST_ID_HEADER] = request_id
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            duration = time.perf_counter() - start
            route = getattr(scope.get("route"), "path", UNMATCHED)
            method = scope["method"] if scope["method"] in _METHODS else "other"
            self.metrics.requests.labels(method, route, str(status)).observe(duration)
            if access_log.isEnabledFor(logging.INFO):
                path = scope["path"]
                access_log.info(
                    "%s %s %d",
                    method,
                    path,
                    status,
                    extra={
                        "request_id": request_id,
                        "method": method,
                        "path": path,
                        "status": status,
                        "duration_ms": round(duration * 1000, 2),
                    },
                )
