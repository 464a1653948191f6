"""Public answers kept in memory until the record changes (app/publication/response_cache.py)."""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient

from tests.conftest import Api, make_token
from tests.flows import correct
from tests.publication_scenario import Scenario

P = "/api/v1/public"
# Each answer is kept by the base its links name: the address the test server listens at.
BASE = "http://testserver"


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


def test_junk_query_strings_name_the_same_answer_and_memory_stays_within_its_budget(scenario, anon, app) -> None:  # noqa: ANN001
    """Issue 27, finding 4: 1,200 `GET /dokumenter/<doc>?junkN=` grew a replica by a gigabyte."""
    scenario.convene()
    answers = app.state.public_answers
    doc = scenario.ids["presentation"]
    first = anon.get(f"/dokumenter/{doc}")
    for n in range(1200):
        r = anon.get(f"/dokumenter/{doc}", params={f"junk{n}": "x" * 50})
        assert r.status_code == 200 and r.content == first.content
    assert list(answers.kept) == [(BASE, f"/dokumenter/{doc}", "")]  # the page reads no query parameter
    # What a route reads still tells answers apart, in any order of the parameters.
    anon.get(f"{P}/search", params={"q": "legemiddel", "limit": 1})
    anon.get(f"{P}/search", params={"limit": 1, "junk": "1", "q": "legemiddel"})
    anon.get(f"{P}/search", params={"q": "legemiddel", "limit": 2})
    assert sorted(key for key in answers.kept if key[1].endswith("/search")) == [
        (BASE, f"{P}/search", "limit=1&q=legemiddel"),
        (BASE, f"{P}/search", "limit=2&q=legemiddel"),
    ]
    assert answers.bytes == sum(a.size for a in answers.kept.values())


def test_the_byte_budget_forgets_the_least_recently_used(scenario, anon, app) -> None:  # noqa: ANN001
    scenario.convene()
    answers = app.state.public_answers
    answers.clear()
    answers.max_bytes = len(anon.get("/").content) + 3000
    for path in ("/", "/moter", "/vedtak", "/sok", f"{P}/meetings", "/"):
        assert anon.get(path).status_code == 200
        assert answers.bytes <= answers.max_bytes
    assert (BASE, "/", "") in answers.kept and len(answers.kept) < 5


def test_a_new_record_version_drops_every_answer_kept(scenario, anon, app) -> None:  # noqa: ANN001
    answers = app.state.public_answers
    for path in ("/", "/moter", f"{P}/meetings"):
        anon.get(path)
    assert len(answers.kept) == 3
    scenario.convene()  # the record moves on
    anon.get("/moter")
    assert list(answers.kept) == [(BASE, "/moter", "")]
