"""Security headers on the website and the API, no `server` banner, and CORS: the public API for any
origin, the rest of the API only for SAMORDNING_CORS_ORIGINS (app/security_headers.py)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from app.config import Settings, get_settings
from tests.conftest import bearer, make_token

ORIGIN = "https://example.org"
LISTED = "https://admin.example.org"
TEMPLATES = Path(__file__).resolve().parent.parent / "app" / "publication" / "templates"


def _directives(response: httpx.Response) -> dict[str, str]:
    policy = response.headers["content-security-policy"]
    return {d.split(" ", 1)[0]: d.partition(" ")[2] for d in (p.strip() for p in policy.split(";")) if d}


def _preflight(client: TestClient, path: str, method: str = "GET", headers: str = "", origin: str = ORIGIN):  # noqa: ANN202
    request_headers = {"Origin": origin, "Access-Control-Request-Method": method}
    if headers:
        request_headers["Access-Control-Request-Headers"] = headers
    return client.options(path, headers=request_headers)


@pytest.mark.parametrize("path", ["/", "/moter", "/underutvalg", "/static/site.css", "/finnes-ikke"])
def test_website_pages_send_a_strict_policy(client, path) -> None:  # noqa: ANN001
    r = client.get(path)
    assert r.status_code in (200, 404)
    policy = _directives(r)
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'none'"
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert r.headers["x-frame-options"] == "DENY"


def test_templates_need_no_inline_script_or_style() -> None:
    """The website's policy allows neither, so they would silently not run (scripts from files may)."""
    inline = re.compile(r"<script(?![^>]*\ssrc=)|<style|\sstyle=|\son[a-z]+=|javascript:", re.IGNORECASE)
    for template in TEMPLATES.glob("*.html"):
        assert not inline.search(template.read_text()), template.name


def test_no_security_headers_and_no_cors_regression(client, server_url) -> None:  # noqa: ANN001
    """The issue's hole 8: API responses of every kind came without nosniff, the website without a
    policy, the server named itself and no browser page elsewhere could read the public API."""
    token = make_token(client.app.state.db)
    responses = [
        client.get("/api/v1/public/meetings"),
        client.get("/api/v1/public/feed.atom"),
        client.get("/api/v1/public/meetings.ics"),
        client.get("/api/v1/persons"),  # 401
        client.get("/api/v1/persons", headers=bearer(token)),
        client.get("/api/v1/persons", params={"limit": 0}, headers=bearer(token)),  # 422
        client.get("/api/v1/finnes-ikke"),  # 404
        client.get("/health"),
        client.get("/openapi.json"),
    ]
    for r in responses:
        assert r.headers["x-content-type-options"] == "nosniff", r.url
        assert _directives(r) == {"default-src": "'none'", "frame-ancestors": "'none'"}, r.url
    assert "'unsafe-inline'" not in _directives(client.get("/"))["script-src"]
    assert (
        client.get("/api/v1/public/meetings", headers={"Origin": ORIGIN}).headers["access-control-allow-origin"] == "*"
    )
    with httpx.Client(base_url=server_url) as real:
        r = real.get("/health")
    assert r.status_code == 200 and "server" not in r.headers
    assert r.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_api_docs_run_only_their_own_files_and_cannot_be_framed(client, path) -> None:  # noqa: ANN001
    """Swagger UI and ReDoc come from the service itself (no CDN), with no inline script."""
    r = client.get(path)
    assert r.status_code == 200
    directives = _directives(r)
    assert directives["script-src"] == "'self'" and directives["default-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "<script>" not in r.text and "http" not in r.text  # no inline script, nothing from elsewhere
    for asset in re.findall(r'(?:src|href)="(/[^"]+)"', r.text):
        assert client.get(asset).status_code == 200, asset
    # ReDoc's bundle would show its logo from Redocly's CDN (blocked by the policy: a console error).
    assert b"cdn.redoc.ly" not in client.get("/docs/assets/redoc.standalone.js").content
    assert r.headers["x-content-type-options"] == "nosniff" and r.headers["x-frame-options"] == "DENY"


@pytest.mark.parametrize("path", ["/api/v1/public/meetings", "/api/v1/public/feed.atom", "/api/v1/public/meetings.ics"])
def test_the_public_api_answers_any_origin_for_reading(client, path) -> None:  # noqa: ANN001
    r = client.get(path, headers={"Origin": ORIGIN})
    assert r.status_code == 200
    assert r.headers["access-control-allow-origin"] == "*"
    assert "etag" in r.headers["access-control-expose-headers"].lower()
    assert "access-control-allow-credentials" not in r.headers
    pre = _preflight(client, path, headers="If-None-Match")
    assert pre.status_code == 200
    assert pre.headers["access-control-allow-origin"] == "*"
    assert set(pre.headers["access-control-allow-methods"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    write = _preflight(client, path, method="POST")
    assert write.status_code == 403 and "POST" not in write.headers["access-control-allow-methods"]
    assert write.headers["content-type"] == "application/problem+json"
    assert write.json()["type"].endswith("/cors-refused") and "method" in write.json()["detail"]


def test_the_private_api_and_the_website_answer_no_unlisted_origin(client) -> None:  # noqa: ANN001
    token = make_token(client.app.state.db)
    r = client.get("/api/v1/persons", headers={"Origin": ORIGIN, **bearer(token)})
    assert r.status_code == 200
    assert "access-control-allow-origin" not in r.headers
    refused = _preflight(client, "/api/v1/persons", "POST", "Authorization")
    assert "access-control-allow-origin" not in refused.headers
    assert refused.status_code == 403 and refused.json()["type"].endswith("/cors-refused")
    assert "access-control-allow-origin" not in client.get("/", headers={"Origin": ORIGIN}).headers


@pytest.fixture
def listed_client(database, rules_dir, monkeypatch) -> Iterator[TestClient]:  # noqa: ANN001
    from app.main import create_app

    monkeypatch.setenv("SAMORDNING_CORS_ORIGINS", f"{LISTED}, https://other.example.org")
    get_settings.cache_clear()
    with TestClient(create_app(database=database, rules_dir=rules_dir)) as c:
        yield c
    get_settings.cache_clear()


def test_the_private_api_answers_a_listed_origin(listed_client) -> None:  # noqa: ANN001
    token = make_token(listed_client.app.state.db)
    r = listed_client.post("/api/v1/persons", json={"name": "Kari"}, headers={"Origin": LISTED, **bearer(token)})
    assert r.status_code == 201
    assert r.headers["access-control-allow-origin"] == LISTED
    assert {"etag", "location"} <= set(r.headers["access-control-expose-headers"].lower().split(", "))
    assert "access-control-allow-credentials" not in r.headers
    pre = _preflight(
        listed_client, f"/api/v1/persons/{r.json()['id']}", "PATCH", "Authorization, If-Match", origin=LISTED
    )
    assert pre.status_code == 200 and pre.headers["access-control-allow-origin"] == LISTED
    assert "PATCH" in pre.headers["access-control-allow-methods"]
    unlisted = listed_client.get("/api/v1/persons", headers={"Origin": ORIGIN, **bearer(token)})
    assert "access-control-allow-origin" not in unlisted.headers


@pytest.mark.parametrize(
    ("value", "origins"),
    [("", []), (f"{LISTED}, https://b.example.org", [LISTED, "https://b.example.org"]), (f'["{LISTED}"]', [LISTED])],
)
def test_cors_origins_are_comma_separated_or_a_json_list(monkeypatch, value, origins) -> None:  # noqa: ANN001
    monkeypatch.setenv("SAMORDNING_CORS_ORIGINS", value)
    assert Settings().cors_origins == origins


def test_a_response_keeps_its_own_security_header_and_gets_the_rest() -> None:
    from starlette.responses import PlainTextResponse

    from app.security_headers import SecurityHeaders

    own = "default-src 'none'; sandbox"
    inner = PlainTextResponse("ok", headers={"Content-Security-Policy": own})
    response = TestClient(SecurityHeaders(inner)).get("/")  # no lifespan: a bare response has none
    assert response.headers.get_list("content-security-policy") == [own]
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"


def test_private_api_answers_are_kept_by_no_shared_cache(client, api) -> None:  # noqa: ANN001
    """Issue 27, finding 10: they carried no Cache-Control at all."""
    assert api.get("/api/v1/cases").headers["cache-control"] == "private, no-cache"
    assert client.get("/api/v1/cases").headers["cache-control"] == "private, no-cache"  # the 401 too
    assert "public" in client.get("/api/v1/public/meetings").headers["cache-control"]  # its own wins
