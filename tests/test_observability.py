"""Request ids, /metrics, JSON logs and a graceful stop of `samordning serve`."""

from __future__ import annotations

import json
import logging
import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.cli import migrate
from app.config import Settings
from app.logs import JsonFormatter
from tests.flows import au_case, post_transition, rule_ids, transition

ROOT = Path(__file__).resolve().parent.parent
GENERATED = re.compile(r"[0-9a-f]{32}")


def _scraper(app) -> TestClient:  # noqa: ANN001
    return TestClient(app, client=("127.0.0.1", 40000))


def _samples(text: str) -> dict[str, float]:
    """`name{labels}` → value of every sample of a Prometheus text exposition."""
    return {
        line.rsplit(" ", 1)[0]: float(line.rsplit(" ", 1)[1])
        for line in text.splitlines()
        if line and not line.startswith("#")
    }


def test_a_sane_request_id_is_echoed_in_the_header_and_the_problem(anon) -> None:
    r = anon.get(f"/api/v1/cases/{uuid.uuid4()}", headers={"X-Request-ID": "lb-7f3a.42:1"})
    assert r.status_code == 401
    assert r.headers["X-Request-ID"] == "lb-7f3a.42:1"
    assert r.json()["request_id"] == "lb-7f3a.42:1"


@pytest.mark.parametrize("sent", [None, b"", b"has space", b"x" * 129, b"-starts-with-a-dash", "æøå".encode()])
def test_a_missing_or_odd_request_id_is_replaced_by_a_new_one(anon, sent) -> None:  # noqa: ANN001
    headers = {} if sent is None else {"X-Request-ID": sent}
    first = anon.get("/api/v1/cases", headers=headers)
    second = anon.get("/api/v1/cases", headers=headers)
    assert GENERATED.fullmatch(first.headers["X-Request-ID"])
    assert first.json()["request_id"] == first.headers["X-Request-ID"] != second.headers["X-Request-ID"]


def test_successful_responses_and_website_pages_carry_the_id_too(anon) -> None:
    assert GENERATED.fullmatch(anon.get("/health").headers["X-Request-ID"])
    assert anon.get("/", headers={"X-Request-ID": "side-1"}).headers["X-Request-ID"] == "side-1"


def test_an_unexpected_error_names_the_request_in_its_problem(app) -> None:  # noqa: ANN001
    def boom() -> None:
        raise RuntimeError("boom")

    app.add_api_route("/api/v1/boom", boom)
    with TestClient(app, raise_server_exceptions=False) as client:
        r = client.get("/api/v1/boom", headers={"X-Request-ID": "err-1"})
    assert r.status_code == 500
    assert r.json()["request_id"] == "err-1" == r.headers["X-Request-ID"]


def test_metrics_are_a_404_outside_the_allowed_networks(client) -> None:  # noqa: ANN001
    r = client.get("/metrics")  # the test client's address is "testclient": no network holds it
    assert r.status_code == 404
    assert "samordning_" not in r.text


def test_metrics_count_requests_by_route_template_and_status(app, anon) -> None:  # noqa: ANN001
    for _ in range(2):
        anon.get(f"/api/v1/cases/{uuid.uuid4()}")
    anon.get("/no/such/page")
    with _scraper(app) as scraper:
        r = scraper.get("/metrics")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain")
    samples = _samples(r.text)
    count = 'samordning_http_request_duration_seconds_count{method="GET",route="%s",status="%s"}'
    assert samples[count % ("/api/v1/cases/{case_id}", "401")] == 2
    assert samples[count % ("unmatched", "404")] == 1
    assert not any("/api/v1/cases/" in name and "{case_id}" not in name for name in samples)  # no raw ids
    assert {"samordning_db_pool_size", "samordning_db_pool_checked_out", "samordning_db_pool_idle"} <= set(samples)


def test_metrics_count_rule_rejections_by_rule(app, api, seeded) -> None:  # noqa: ANN001
    case = au_case(api, seeded)
    transition(api, "case", case["id"], "start_preparation")
    for _ in range(2):
        r = post_transition(api, f"/api/v1/cases/{case['id']}/transitions/prepare")
        assert r.status_code == 409 and "case.prepare.requires_case_presentation" in rule_ids(r)
    post_transition(api, f"/api/v1/cases/{case['id']}/transitions/prepare", params={"dry_run": "true"})
    with _scraper(app) as scraper:
        samples = _samples(scraper.get("/metrics").text)
    assert samples['samordning_rule_rejections_total{rule="case.prepare.requires_case_presentation"}'] == 2


def test_the_metrics_networks_are_a_setting(monkeypatch) -> None:  # noqa: ANN001
    assert [str(n) for n in Settings().metrics_allow] == ["127.0.0.0/8", "::1/128"]
    monkeypatch.setenv("SAMORDNING_METRICS_ALLOW", "10.1.0.0/16, fd00::/8")
    assert [str(n) for n in Settings().metrics_allow] == ["10.1.0.0/16", "fd00::/8"]
    monkeypatch.setenv("SAMORDNING_METRICS_ALLOW", "[]")
    assert Settings().metrics_allow == []


def test_metrics_answer_only_the_networks_allowed(app) -> None:  # noqa: ANN001
    from ipaddress import ip_network

    app.state.metrics.allow = [ip_network("10.1.0.0/16")]
    with TestClient(app, client=("10.1.2.3", 5000)) as inside, _scraper(app) as loopback:
        assert inside.get("/metrics").status_code == 200
        assert loopback.get("/metrics").status_code == 404


def test_the_access_log_line_is_one_json_object_with_the_request(caplog, anon) -> None:  # noqa: ANN001
    with caplog.at_level(logging.INFO, logger="samordning.access"):
        anon.get("/api/v1/public/meetings", params={"limit": "x"}, headers={"X-Request-ID": "log-1"})
    (record,) = [r for r in caplog.records if r.name == "samordning.access"]
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry.keys() >= {
        "time",
        "level",
        "logger",
        "message",
        "request_id",
        "method",
        "path",
        "status",
        "duration_ms",
    }
    assert (entry["request_id"], entry["method"], entry["path"], entry["status"]) == (
        "log-1",
        "GET",
        "/api/v1/public/meetings",
        422,
    )
    assert entry["level"] == "INFO" and entry["duration_ms"] > 0


def test_an_exception_is_logged_inside_its_json_line() -> None:
    try:
        raise ValueError("kaputt")
    except ValueError:
        record = logging.LogRecord("samordning", logging.ERROR, __file__, 1, "failed", None, sys.exc_info())
    entry = json.loads(JsonFormatter().format(record))
    assert entry["message"] == "failed" and "ValueError: kaputt" in entry["exception"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serve_logs_json_and_finishes_a_request_in_flight_on_sigterm(tmp_path) -> None:  # noqa: ANN001
    """The request in flight is a POST whose body is still arriving when SIGTERM comes: the server
    keeps the connection until the response is out, then exits."""
    url = f"sqlite:///{tmp_path / 'serve.db'}"
    migrate(url)
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": url, "LOG_LEVEL": "INFO"}
    server = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            assert server.poll() is None and time.monotonic() < deadline, "server did not start"
            try:
                sock = socket.create_connection(("127.0.0.1", port), timeout=10)
                break
            except OSError:
                time.sleep(0.1)
        body = json.dumps({"title": "Sak"}).encode()
        sock.sendall(
            b"POST /api/v1/cases HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            b"X-Request-ID: in-flight-1\r\nContent-Length: %d\r\n\r\n" % len(body) + body[:5]
        )
        time.sleep(0.5)  # the request has begun
        server.send_signal(signal.SIGTERM)
        time.sleep(1)
        assert server.poll() is None, "the server stopped with a request in flight"
        sock.sendall(body[5:])
        response = b""
        while chunk := sock.recv(65536):
            response += chunk
        sock.close()
        assert server.wait(timeout=30) == -signal.SIGTERM  # uvicorn re-raises the signal once it is done
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
    head, _, payload = response.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 401 ")
    assert b"x-request-id: in-flight-1" in head.lower()
    assert json.loads(payload)["request_id"] == "in-flight-1"
    lines = [json.loads(line) for line in server.stderr.read().splitlines() if line]
    access = [e for e in lines if e["logger"] == "samordning.access"]
    assert [(e["method"], e["path"], e["status"], e["request_id"]) for e in access] == [
        ("POST", "/api/v1/cases", 401, "in-flight-1")
    ]
    assert any(e["logger"].startswith("uvicorn") and "Shutting down" in e["message"] for e in lines)
