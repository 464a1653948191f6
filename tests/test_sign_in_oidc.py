"""Signing in to the staff app with OpenID Connect (app/sessions/oidc.py), against a real provider:
oidc-provider-mock serving on a free port, its sign-in form posted as a person would post it."""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError
from sqlalchemy import select, update

from app.config import IssuerConfig, Settings, get_settings
from app.main import create_app
from app.sessions.models import BrowserSession, SignInAttempt
from app.sessions.service import COOKIE, SIGN_IN_COOKIE
from tests.flows import ok

CLIENT_ID = "samordning-arbeidsflate"
EMAIL = "kari.nordmann@example.no"


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    from oidc_provider_mock import run_server_in_thread  # here, where pytest's warning filters apply

    with run_server_in_thread() as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture
def browser(database, rules_dir, provider, monkeypatch) -> Iterator[TestClient]:  # noqa: ANN001
    issuer = {
        "issuer": provider,
        "discovery_url": f"{provider}/.well-known/openid-configuration",
        "audience": CLIENT_ID,
        "kind": "person",
        "sign_in": True,
        "client_id": CLIENT_ID,
        "client_secret": "hemmelig",
    }
    monkeypatch.setenv("SAMORDNING_ISSUERS", json.dumps([issuer]))
    monkeypatch.setenv("SAMORDNING_PUBLIC_BASE_URL", "http://testserver")
    get_settings.cache_clear()
    try:
        with TestClient(create_app(database=database, rules_dir=rules_dir), follow_redirects=False) as client:
            yield client
    finally:
        get_settings.cache_clear()


@pytest.fixture
def kari(api) -> dict[str, Any]:  # noqa: ANN001
    # Registered in lower case; the provider's claim differs in case only.
    return ok(api.post("/api/v1/persons", json={"name": "Kari Nordmann", "email": EMAIL}), 201)


def start(browser: TestClient, next_path: str | None = "/arbeid/saker") -> str:
    """The provider's authorization URL that /auth/login sends the browser to."""
    r = browser.get("/auth/login", params={"next": next_path} if next_path else None)
    assert r.status_code == 302, r.text
    return r.headers["location"]


def authorize(url: str, email: str = EMAIL.upper()) -> str:
    """Posts the provider's sign-in form as the person; the callback URL it redirects to."""
    r = httpx.post(url, data={"sub": email}, follow_redirects=False)
    assert r.status_code == 302, r.text
    location = r.headers["location"]
    assert location.startswith("http://testserver/auth/callback?")
    return location.removeprefix("http://testserver")


def test_signing_in_with_the_provider_gives_a_session_for_the_person(browser, kari, database) -> None:  # noqa: ANN001
    options = ok(browser.get("/api/v1/auth/sign-in-options"))
    assert options["oidc"] is True and options["login_url"] == "/auth/login" and options["demo"] is False
    url = start(browser, "/arbeid/saker/2024-001")
    assert browser.cookies[SIGN_IN_COOKIE] == parse_qs(urlsplit(url).query)["state"][0]
    query = parse_qs(urlsplit(url).query)
    assert query["response_type"] == ["code"] and query["client_id"] == [CLIENT_ID]
    assert query["scope"] == ["openid email profile"] and query["code_challenge_method"] == ["S256"]
    assert query["redirect_uri"] == ["http://testserver/auth/callback"] and query["nonce"] and query["state"]
    with database.sessionmaker() as s:
        attempt = s.scalars(select(SignInAttempt)).one()
    digest = hashlib.sha256(attempt.code_verifier.encode()).digest()
    assert query["code_challenge"] == [base64.urlsafe_b64encode(digest).rstrip(b"=").decode()]
    assert attempt.state_hash != query["state"][0]  # only its hash is kept

    r = browser.get(authorize(url))
    assert r.status_code == 302 and r.headers["location"] == "/arbeid/saker/2024-001"
    assert "HttpOnly" in r.headers["set-cookie"] and SIGN_IN_COOKIE not in browser.cookies  # its work done
    me = ok(browser.get("/api/v1/me"))
    assert me["kind"] == "person" and me["name"] == "Kari Nordmann" and me["person_id"] == kari["id"]
    assert me["session"] is not None
    with database.sessionmaker() as s:
        session = s.scalars(select(BrowserSession)).one()
        assert s.scalars(select(SignInAttempt)).all() == []  # used once
    assert session.how == "oidc" and session.id_token and session.refresh_token  # kept here, never sent
    assert session.id_token not in r.text + str(r.headers) + browser.get("/api/v1/me").text


def test_a_wrong_or_reused_state_is_a_400_problem(browser, kari) -> None:  # noqa: ANN001
    r = browser.get("/auth/callback", params={"code": "abc", "state": "not-ours"})
    assert r.status_code == 400 and r.headers["content-type"] == "application/problem+json"
    assert r.json()["type"].endswith("sign-in-failed") and COOKIE not in browser.cookies
    callback = authorize(start(browser))
    assert browser.get(callback).status_code == 302
    browser.cookies.clear()
    r = browser.get(callback)  # the same answer again: its state is used up
    assert r.status_code == 400 and "state" in r.json()["detail"] and COOKIE not in r.cookies


def test_a_replayed_code_is_refused_by_the_provider(browser, kari) -> None:  # noqa: ANN001
    first = urlsplit(authorize(start(browser)))
    assert browser.get(f"{first.path}?{first.query}").status_code == 302
    code = parse_qs(first.query)["code"][0]
    fresh_state = parse_qs(urlsplit(start(browser)).query)["state"][0]
    browser.cookies.delete(COOKIE)
    r = browser.get("/auth/callback", params={"code": code, "state": fresh_state})
    assert r.status_code == 400 and "refused the code" in r.json()["detail"] and COOKIE not in r.cookies


def test_a_sign_in_completes_only_in_the_browser_that_started_it(browser, kari) -> None:  # noqa: ANN001
    callback = authorize(start(browser))  # e.g. someone's own sign-in, its link sent to another
    other = TestClient(browser.app, follow_redirects=False)
    r = other.get(callback)
    assert r.status_code == 400 and "another browser" in r.json()["detail"] and COOKIE not in r.cookies
    assert browser.get(callback).status_code == 400  # and its state is used up


def test_an_id_token_for_another_sign_in_is_refused(browser, kari, database) -> None:  # noqa: ANN001
    callback = authorize(start(browser))
    with database.write_sessionmaker.begin() as s:
        s.execute(update(SignInAttempt).values(nonce="another-sign-in"))
    r = browser.get(callback)
    assert r.status_code == 400 and "nonce" in r.json()["detail"]


def test_a_provider_that_says_no_is_a_400_problem(browser, kari) -> None:  # noqa: ANN001
    url = start(browser)
    r = httpx.post(url, data={"action": "deny"}, follow_redirects=False)
    location = urlsplit(r.headers["location"])
    assert parse_qs(location.query)["error"] == ["access_denied"]
    r = browser.get(f"{location.path}?{location.query}")  # this provider leaves the state out
    assert r.status_code == 400 and r.json()["type"].endswith("sign-in-failed") and COOKIE not in r.cookies
    state = parse_qs(urlsplit(start(browser)).query)["state"][0]
    r = browser.get("/auth/callback", params={"error": "access_denied", "state": state})
    assert r.status_code == 400 and "access_denied" in r.json()["detail"]


def test_an_unregistered_person_is_refused(browser, kari) -> None:  # noqa: ANN001
    r = browser.get(authorize(start(browser), "ukjent@example.no"))
    assert r.status_code == 403 and "ukjent@example.no" in r.json()["detail"] and COOKIE not in r.cookies


@pytest.mark.parametrize(
    "next_path",
    [
        "https://evil.example/arbeid/",
        "//evil.example/arbeid/",
        "/arbeid//evil.example",
        "/api/v1/me",
        "/arbeid/\\x",
        None,
    ],
)
def test_next_off_the_app_returns_to_the_app_start(browser, kari, next_path) -> None:  # noqa: ANN001
    r = browser.get(authorize(start(browser, next_path)))
    assert r.status_code == 302 and r.headers["location"] == "/arbeid/"


def test_without_a_provider_there_is_no_login(client) -> None:  # noqa: ANN001
    assert ok(client.get("/api/v1/auth/sign-in-options"))["oidc"] is False
    r = client.get("/auth/login", follow_redirects=False)
    assert r.status_code == 404 and r.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"kind": "system"}, "sign_in needs kind person"),
        ({"client_id": None}, "sign_in needs kind person, a client_id"),
        ({"discovery_url": None, "jwks_url": "https://login.test/keys"}, "a discovery_url"),
        ({"audience": "https://samordning.test/api"}, "the audience must include the client_id"),
        ({"scopes": ["email"]}, "must include openid"),
    ],
)
def test_a_sign_in_issuer_names_what_the_code_flow_needs(changes: dict[str, Any], reason: str) -> None:
    entry = {
        "issuer": "https://login.test",
        "discovery_url": "https://login.test/.well-known/openid-configuration",
        "audience": CLIENT_ID,
        "kind": "person",
        "sign_in": True,
        "client_id": CLIENT_ID,
        **changes,
    }
    with pytest.raises(ValidationError, match=reason):
        IssuerConfig(**entry)


def test_only_one_issuer_signs_in(monkeypatch) -> None:  # noqa: ANN001
    entry = {
        "discovery_url": "https://login.test/.well-known/openid-configuration",
        "audience": CLIENT_ID,
        "kind": "person",
        "sign_in": True,
        "client_id": CLIENT_ID,
    }
    issuers = [{"issuer": "https://a.test", **entry}, {"issuer": "https://b.test", **entry}]
    monkeypatch.setenv("SAMORDNING_ISSUERS", json.dumps(issuers))
    with pytest.raises(ValidationError, match="at most one issuer has sign_in"):
        Settings()
