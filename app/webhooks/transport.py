"""One POST to a checked address: the connection goes to the IP the SSRF check approved, with the
host name kept for TLS (SNI and certificate) and the Host header."""

from __future__ import annotations

import http.client
import socket
import ssl
import time
from dataclasses import dataclass

from app.webhooks.ssrf import Target, resolve

USER_AGENT = "samordning-webhooks/1"


@dataclass
class Answer:
    status: int
    latency_ms: int


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, target: Target, ip: str, timeout: float) -> None:
        super().__init__(target.host, target.port, timeout=timeout)
        self._ip = ip

    def connect(self) -> None:
        self.sock = socket.create_connection((self._ip, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, target: Target, ip: str, timeout: float) -> None:
        self._tls = ssl.create_default_context()
        super().__init__(target.host, target.port, timeout=timeout, context=self._tls)
        self._ip = ip

    def connect(self) -> None:
        sock = socket.create_connection((self._ip, self.port), self.timeout)
        self.sock = self._tls.wrap_socket(sock, server_hostname=self.host)


def post(target: Target, headers: dict[str, str], body: bytes, timeout: float, allow_loopback: bool) -> Answer:
    """The receiver's status; raises UnsafeTarget or OSError (refused, timed out, TLS) otherwise.
    Redirects are not followed: a 3xx is an answer like any non-2xx."""
    ip = str(resolve(target, allow_loopback)[0])
    kind = _PinnedHTTPSConnection if target.scheme == "https" else _PinnedHTTPConnection
    conn = kind(target, ip, timeout)
    started = time.perf_counter()
    try:
        conn.request("POST", target.path, body=body, headers={**headers, "user-agent": USER_AGENT})
        response = conn.getresponse()
        response.read(65536)  # what the receiver says is not kept
        return Answer(response.status, round((time.perf_counter() - started) * 1000))
    finally:
        conn.close()
