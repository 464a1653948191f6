"""Public answers kept in memory until the record changes (app/publication/response_cache.py)."""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient

from tests.conftest import Api, make_token
from tests.flows import correct
from tests.publication_scenario import Scenario

P = "/api/v1/public"


@pytest.fixture
def scenario(app, client) -> Scenario:  # noqa: ANN001
    return Scenario(app.state.db, app.state.engine).setup()


def test_a_public_answer_is_served_again_while_the_record_is_unchanged(scenario, anon, count_statements) -> None:  # noqa: ANN001
    scenario.convene()
    for path in (f"{P}/meetings", "/", f"{P}/feed.atom", f"{P}/search?q=legemiddel"):
        first = anon.get(path)
        assert first.status_code == 200
        with count_statements() as n:
            again = anon.get(path)
        assert again.content == first.content and again.headers["etag"] == first.headers["etag"]
        assert n.count <= 2, path  # the record's version (and SQLite's BEGIN), not the page's queries
        assert again.headers["x-request-id"] != first.headers["x-request-id"]


def test_a_change_shows_at_once(scenario, anon, api) -> None:  # noqa: ANN001
    assert anon.get(f"{P}/meetings").json()["items"] == []
    scenario.convene()  # another session (as another replica): its audit events move the record's version
    assert [m["id"] for m in anon.get(f"{P}/meetings").json()["items"]] == [str(scenario.ids["meeting"])]
    doc = scenario.ids["presentation"]
    before = anon.get(f"{P}/documents/{doc}").json()
    r = correct(api, str(doc), json={"body": "Rettet tekst.", "reason": "Skrivefeil."})
    assert r.status_code == 201, r.text
    assert anon.get(f"{P}/documents/{doc}").json() != before


def test_another_replicas_change_shows_within_the_interval(database, rules_dir, app) -> None:  # noqa: ANN001
    from app.main import create_app

    replica = create_app(database=database, rules_dir=rules_dir, public_check_every=0.5)
    scenario = Scenario(app.state.db, app.state.engine).setup()
    with TestClient(replica) as client:
        anon = Api(client, None)
        assert anon.get(f"{P}/meetings").json()["items"] == []
        scenario.convene()  # written elsewhere
        time.sleep(0.6)
        assert len(anon.get(f"{P}/meetings").json()["items"]) == 1
        doc = str(scenario.ids["presentation"])
        before = anon.get(f"{P}/documents/{doc}").json()
        written = correct(Api(client, make_token(database)), doc, json={"body": "Ny tekst.", "reason": "Feil."})
        assert written.status_code == 201, written.text
        assert anon.get(f"{P}/documents/{doc}").json() != before  # written here: at once


def test_a_kept_answer_passes_every_middleware_afresh(scenario, anon, client) -> None:  # noqa: ANN001
    scenario.convene()
    first = anon.get(f"{P}/meetings")
    r = client.get(f"{P}/meetings", headers={"If-None-Match": first.headers["etag"]})
    assert r.status_code == 304 and r.content == b""
    r = client.head(f"{P}/meetings")
    assert r.status_code == 200 and r.content == b"" and r.headers["etag"] == first.headers["etag"]
    r = client.get(f"{P}/meetings", headers={"Origin": "https://example.org"})
    assert r.headers["access-control-allow-origin"] == "*" and r.headers["content-security-policy"]


def test_only_public_answers_are_kept(api, seeded, count_statements) -> None:  # noqa: ANN001
    assert api.get("/api/v1/bodies").status_code == 200
    with count_statements() as n:
        assert api.get("/api/v1/bodies").status_code == 200
    assert n.count >= 1  # the list itself, read again: a caller's answer depends on who calls
