"""A real webhook receiver on 127.0.0.1 for the tests: verifies every signature with the
`standardwebhooks` reference library and answers as told (200, 500, a timeout)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks import Webhook


@dataclass
class Received:
    path: str
    msg_id: str
    payload: dict
    verified: bool


@dataclass
class Receiver:
    url: str
    secrets: dict[str, str] = field(default_factory=dict)  # path → secret
    plan: list = field(default_factory=list)  # per request: 200, 500, or "timeout"; then 200
    delay: float = 0.0  # seconds before each answer
    received: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def ids(self, path: str = "/") -> list[str]:
        with self.lock:
            return [r.msg_id for r in self.received if r.path == path]

    def answered(self, path: str = "/") -> list[str]:
        """Message ids of the requests answered 2xx, in order."""
        with self.lock:
            return [r.msg_id for r in self.received if r.path == path and r.payload.get("_answer") == 200]


@contextmanager
def receiver(timeout_sleep: float = 2.0) -> Iterator[Receiver]:
    state: Receiver

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            body = self.rfile.read(int(self.headers.get("content-length", 0)))
            headers = {k.lower(): v for k, v in self.headers.items()}
            try:
                Webhook(state.secrets[self.path]).verify(body, headers)
                verified = True
            except Exception:  # noqa: BLE001  (any failure to verify is a test failure below)
                verified = False
            with state.lock:
                answer = state.plan.pop(0) if state.plan else 200
            if state.delay:
                time.sleep(state.delay)
            if answer == "timeout":
                time.sleep(timeout_sleep)
                answer = 200  # too late: the worker has given up
            payload = {**json.loads(body), "_answer": answer}
            with state.lock:
                state.received.append(Received(self.path, headers.get("webhook-id", ""), payload, verified))
            try:
                self.send_response(answer if verified else 401)
                self.end_headers()
            except OSError:
                pass

        def log_message(self, *_args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state = Receiver(url=f"http://127.0.0.1:{server.server_address[1]}")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
