"""SAMORDNING_ALLOWED_HOSTS (issue 28, item 6): with no base URL set, links name the base the request
was made at, which is safe only because any other `Host` is refused with a problem before anything
reads it. The Host header comes from the client; it must never reach a link, the response cache or
a webhook otherwise."""

from __future__ import annotations

from collections.abc import Iterator
from xml.etree import ElementTree

import httpx
import pytest
from fastapi.testclient import TestClient

from app.config import get_settings
from app.errors import PROBLEM_BASE
from tests.flows import au_case
from tests.publication_scenario import Scenario
from tests.test_webhooks import outbox, subscribe

HOST = "samordning.example.no"
OTHER = "moter.example.no:8443"  # a port is part of the name it is allowed by
ATTACKER = "angriper.example"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def allowed_hosts(monkeypatch) -> Iterator[None]:  # noqa: ANN001
    monkeypatch.setenv("SAMORDNING_ALLOWED_HOSTS", f"{HOST}, {OTHER.upper()}")
    monkeypatch.delenv("SAMORDNING_PUBLIC_BASE_URL", raising=False)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture
def app(allowed_hosts, app):  # noqa: ANN001, ANN201
    """The conftest's app, created once the hosts are set."""
    return app


@pytest.fixture
def client(app) -> Iterator[TestClient]:  # noqa: ANN001
    with TestClient(app, base_url=f"https://{HOST}") as c:
        yield c


@pytest.fixture
def scenario(app, client) -> Scenario:  # noqa: ANN001
    return Scenario(app.state.db, app.state.engine).setup().convene().hold_and_approve()


def _links(anon, meeting_id: str, host: str | None = None) -> tuple[str, set[str]]:  # noqa: ANN001
    """The eInnsyn message's @base and the Atom feed's links, asked at `host`."""
    headers = {"Host": host} if host else {}
    message = anon.get(f"/api/v1/public/einnsyn/meetings/{meeting_id}", headers=headers)
    assert message.status_code == 200, message.text
    feed = ElementTree.fromstring(anon.get("/api/v1/public/feed.atom", headers=headers).content)
    hrefs = {link.get("href") for link in feed.iter(f"{ATOM}link")}
    return message.json()["@context"]["@base"], hrefs


def test_a_host_outside_the_list_is_refused_and_named_nowhere(scenario, anon, api, seeded) -> None:
    for path in ("/api/v1/public/feed.atom", f"/api/v1/public/einnsyn/meetings/{scenario.ids['meeting']}", "/"):
        r = anon.get(path, headers={"Host": ATTACKER})
        assert r.status_code == 400 and r.headers["content-type"] == "application/problem+json", r.text
        assert r.json()["type"] == PROBLEM_BASE + "host-refused" and ATTACKER not in r.text
    count = len(api.get("/api/v1/cases").json()["items"])
    payload = {"owner_body_id": seeded.au, "title": "Sak", "kind": "decision"}
    assert api.post("/api/v1/cases", json=payload, headers={"Host": ATTACKER}).status_code == 400
    assert len(api.get("/api/v1/cases").json()["items"]) == count  # refused before anything ran
    # Probes ask at whatever address reaches the process; their answers name nothing.
    assert anon.get("/health", headers={"Host": "10.0.0.7:8000"}).status_code == 200
    base, hrefs = _links(anon, scenario.ids["meeting"])
    assert ATTACKER not in base and not any(ATTACKER in h for h in hrefs)


def test_links_name_the_allowed_host_asked_each_its_own(scenario, anon) -> None:
    meeting = scenario.ids["meeting"]
    base, hrefs = _links(anon, meeting)
    assert base == f"https://{HOST}/"
    assert hrefs and all(h.startswith(f"https://{HOST}/") for h in hrefs), hrefs
    # The same answers asked at the other host: not the first host's, kept by the response cache.
    base, hrefs = _links(anon, meeting, OTHER)
    assert base == f"https://{OTHER}/"
    assert hrefs and all(h.startswith(f"https://{OTHER}/") for h in hrefs), hrefs
    assert _links(anon, meeting)[0] == f"https://{HOST}/"


def test_a_webhooks_url_names_the_host_the_change_was_made_at(api, seeded, database, webhook_settings) -> None:
    subscribe(api, "http://127.0.0.1:9/", include_non_public=True)
    case = au_case(api, seeded)
    assert outbox(database)[-1].payload["data"]["url"] == f"https://{HOST}/api/v1/cases/{case['id']}"


def test_the_base_url_set_wins_and_the_hosts_are_still_checked(scenario, anon, monkeypatch) -> None:
    monkeypatch.setenv("SAMORDNING_PUBLIC_BASE_URL", "https://www.example.no")
    get_settings.cache_clear()
    assert _links(anon, scenario.ids["meeting"], OTHER)[0] == "https://www.example.no/"
    assert anon.get("/api/v1/public/feed.atom", headers={"Host": ATTACKER}).status_code == 400


def test_behind_a_proxy_the_scheme_is_the_proxys(scenario, server_url) -> None:
    """uvicorn takes the scheme from X-Forwarded-Proto of a trusted proxy (loopback by default)."""
    meeting = scenario.ids["meeting"]
    headers = {"Host": HOST, "X-Forwarded-Proto": "https"}
    r = httpx.get(f"{server_url}/api/v1/public/einnsyn/meetings/{meeting}", headers=headers)
    assert r.json()["@context"]["@base"] == f"https://{HOST}/"
    headers["X-Forwarded-Proto"] = "http"
    r = httpx.get(f"{server_url}/api/v1/public/einnsyn/meetings/{meeting}", headers=headers)
    assert r.json()["@context"]["@base"] == f"http://{HOST}/"
    assert httpx.get(f"{server_url}/api/v1/public/feed.atom", headers={"Host": ATTACKER}).status_code == 400
