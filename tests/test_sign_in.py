"""The staff app's sign-in: server-side sessions behind a cookie (app/sessions), the same principal a
person token gives, CSRF for changes made with the cookie, demo sign-in, and `GET /api/v1/me`."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from app.config import get_settings
from app.db import Database, utcnow
from app.main import create_app
from app.seed.data import AU_LEADER, DEMO_SECRETARIAT
from app.sessions.models import BrowserSession
from app.sessions.service import COOKIE, SECURE_COOKIE
from tests.conftest import Seeded, bearer, forget_principals, make_token
from tests.flows import ok

CSRF = {"X-Requested-With": "samordning"}


@pytest.fixture
def demo_app(database, rules_dir, principal_clock, monkeypatch):  # noqa: ANN001, ANN201
    from app.auth.cache import PrincipalCache

    monkeypatch.setenv("SAMORDNING_DEMO_SIGNIN", "true")
    get_settings.cache_clear()
    try:
        principals = PrincipalCache(get_settings().principal_cache_seconds, clock=principal_clock)
        yield create_app(database=database, rules_dir=rules_dir, principals=principals, public_check_every=0)
    finally:
        get_settings.cache_clear()


@pytest.fixture
def browser(demo_app) -> Iterator[TestClient]:  # noqa: ANN001
    with TestClient(demo_app) as c:
        yield c


def sign_in(browser: TestClient, person_id: str) -> str:
    r = browser.post("/api/v1/auth/demo-sign-in", json={"person_id": person_id}, headers=CSRF)
    assert r.status_code == 204, r.text
    return browser.cookies[COOKIE]


def _session_row(database: Database) -> BrowserSession:
    with database.sessionmaker() as s:
        return s.scalars(select(BrowserSession)).one()


def test_demo_sign_in_lists_the_demo_people_with_their_seats_in_norwegian(browser, demo_seeded) -> None:  # noqa: ANN001
    options = ok(browser.get("/api/v1/auth/sign-in-options"))
    assert options["demo"] is True and options["oidc"] is False and options["login_url"] is None
    people = {p["name"]: p for p in options["demo_persons"]}
    assert "Leder av Arbeidsutvalget" in people[AU_LEADER.name]["seats_nb"]
    assert people[AU_LEADER.name]["organization"] == "Helsedirektoratet"
    assert people[DEMO_SECRETARIAT.name]["seats_nb"] == ["Sekretariatet"]
    assert any(s.startswith("Medlem, ") for p in people.values() for s in p["seats_nb"])
    assert any(s.startswith("Stedfortreder, ") for p in people.values() for s in p["seats_nb"])


def test_demo_sign_in_is_off_by_default(client, demo_seeded) -> None:  # noqa: ANN001
    options = ok(client.get("/api/v1/auth/sign-in-options"))
    assert options == {"oidc": False, "login_url": None, "demo": False, "demo_persons": []}
    r = client.post("/api/v1/auth/demo-sign-in", json={"person_id": demo_seeded.persons[AU_LEADER.name]}, headers=CSRF)
    assert r.status_code == 404 and r.headers["content-type"] == "application/problem+json"
    assert COOKIE not in r.cookies


def test_demo_sign_in_is_only_for_demo_people(browser, api, demo_seeded) -> None:  # noqa: ANN001
    real = ok(api.post("/api/v1/persons", json={"name": "Ekte", "email": "ekte@example.no"}), 201)
    r = browser.post("/api/v1/auth/demo-sign-in", json={"person_id": real["id"]}, headers=CSRF)
    assert r.status_code == 404
    r = browser.post("/api/v1/auth/demo-sign-in", json={"person_id": "nope"}, headers=CSRF)
    assert r.status_code == 422


def test_demo_sign_in_warns_loudly_at_start(database, rules_dir, monkeypatch, caplog) -> None:  # noqa: ANN001
    monkeypatch.setenv("SAMORDNING_DEMO_SIGNIN", "true")
    get_settings.cache_clear()
    try:
        with caplog.at_level(logging.WARNING, logger="samordning.sessions"):
            create_app(database=database, rules_dir=rules_dir)
    finally:
        get_settings.cache_clear()
    assert any("DEMO SIGN-IN IS ON" in r.getMessage() for r in caplog.records)


def test_the_cookie_is_http_only_same_site_and_names_only_a_hash(browser, database, demo_seeded) -> None:  # noqa: ANN001
    r = browser.post(
        "/api/v1/auth/demo-sign-in",
        json={"person_id": demo_seeded.persons[AU_LEADER.name]},
        headers={**CSRF, "User-Agent": "Firefox/140"},
    )
    cookie = r.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE}=") and "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert "Path=/" in cookie and "Secure" not in cookie  # plain http on loopback
    row = _session_row(database)
    value = browser.cookies[COOKIE]
    assert value not in (row.token_hash, str(row.id)) and len(row.token_hash) == 64
    assert row.user_agent == "Firefox/140" and row.how == "demo" and row.role == "person"
    assert row.expires_at - row.created_at == timedelta(hours=12)
    assert row.idle_expires_at - row.created_at == timedelta(minutes=30)


def test_behind_https_the_cookie_is_host_prefixed_and_secure(database, rules_dir, monkeypatch, demo_seeded) -> None:  # noqa: ANN001
    monkeypatch.setenv("SAMORDNING_DEMO_SIGNIN", "true")
    monkeypatch.setenv("SAMORDNING_PUBLIC_BASE_URL", "https://samordning.test")
    get_settings.cache_clear()
    try:
        with TestClient(create_app(database=database, rules_dir=rules_dir), base_url="https://samordning.test") as c:
            person = {"person_id": demo_seeded.persons[AU_LEADER.name]}
            r = c.post("/api/v1/auth/demo-sign-in", json=person, headers=CSRF)
            assert r.headers["set-cookie"].startswith(f"{SECURE_COOKIE}=") and "Secure" in r.headers["set-cookie"]
            assert ok(c.get("/api/v1/me"))["name"] == AU_LEADER.name
            case = {"owner_body_id": demo_seeded.au, "title": "Sak", "kind": "decision"}
            headers = {**CSRF, "Origin": "https://samordning.test"}
            assert c.post("/api/v1/cases", json=case, headers=headers).status_code == 201
    finally:
        get_settings.cache_clear()


def test_me_for_a_person_names_seats_and_permissions_from_the_policy(browser, demo_seeded) -> None:  # noqa: ANN001
    sign_in(browser, demo_seeded.persons[AU_LEADER.name])
    me = ok(browser.get("/api/v1/me"))
    assert me["kind"] == "person" and me["name"] == AU_LEADER.name
    assert me["person_id"] == demo_seeded.persons[AU_LEADER.name]
    au_seat = next(s for s in me["seats"] if s["body_id"] == demo_seeded.au)
    assert au_seat["role"] == "chair" and au_seat["role_label_nb"] == "Leder" and au_seat["ends_on"] is None
    assert au_seat["body_kind"] == "working_committee" and au_seat["starts_on"] == "2023-01-01"
    board_seat = next(s for s in me["seats"] if s["body_id"] == demo_seeded.project_board)
    assert board_seat["role_label_nb"] == "Medlem"
    assert "work.read" in me["global_permissions"] or "person.read" in me["global_permissions"]
    assert "audit.read" not in me["global_permissions"]
    by_body = {b["body_id"]: set(b["permissions"]) for b in me["permissions"]}
    assert {"work.write", "meeting.run", "subcommittee.establish"} <= by_body[demo_seeded.au]
    assert "decision.record" in by_body[demo_seeded.forum] and "meeting.run" not in by_body[demo_seeded.forum]
    assert me["session"]["expires_at"] > me["session"]["idle_expires_at"]


def test_me_for_the_secretariat_token_system_and_anonymous(client, api, anon, seeded) -> None:  # noqa: ANN001
    me = ok(api.get("/api/v1/me"))
    assert me["kind"] == "secretariat" and me["person_id"] is None and me["session"] is None
    assert me["seats"] == [] and me["permissions"] == []
    assert {"audit.read", "person.register", "document.correct"} <= set(me["global_permissions"])
    r = anon.get("/api/v1/me")
    assert r.status_code == 401 and r.headers["content-type"] == "application/problem+json"


def test_the_demo_secretariat_signs_in_as_the_secretariat(browser, demo_seeded) -> None:  # noqa: ANN001
    sign_in(browser, demo_seeded.persons[DEMO_SECRETARIAT.name])
    me = ok(browser.get("/api/v1/me"))
    assert me["kind"] == "secretariat" and me["name"] == DEMO_SECRETARIAT.name
    assert me["person_id"] == demo_seeded.persons[DEMO_SECRETARIAT.name] and me["seats"] == []
    assert "audit.read" in me["global_permissions"]
    person = ok(browser.post("/api/v1/persons", json={"name": "Ny"}, headers=CSRF), 201)
    events = ok(browser.get("/api/v1/audit-events", params={"entity_id": person["id"]}))["items"]
    assert events[0]["actor"] == f"secretariat:{DEMO_SECRETARIAT.email}"


def test_a_session_acts_as_a_person_token_would(browser, database, demo_seeded) -> None:  # noqa: ANN001
    leader = demo_seeded.persons[AU_LEADER.name]
    sign_in(browser, leader)
    token = make_token(database, "person", uuid.UUID(leader))
    body = {"owner_body_id": demo_seeded.au, "title": "Sak fra appen", "kind": "decision"}
    by_cookie = browser.post("/api/v1/cases", json=body, headers=CSRF)
    assert by_cookie.status_code == 201, by_cookie.text
    by_token = browser.post("/api/v1/cases", json=body, headers=bearer(token))
    assert by_token.status_code == 201
    assert ok(browser.get("/api/v1/cases")) == ok(browser.get("/api/v1/cases", headers=bearer(token)))
    forum_member = TestClient(browser.app)
    sign_in(forum_member, demo_seeded.persons["Solveig Brattli"])  # the forum reads the AU's cases, writes none
    assert ok(forum_member.get(f"/api/v1/cases/{by_cookie.json()['id']}"))["title"] == "Sak fra appen"
    assert forum_member.post("/api/v1/cases", json=body, headers=CSRF).status_code == 403


def test_a_bearer_token_wins_over_the_cookie(browser, database, demo_seeded) -> None:  # noqa: ANN001
    sign_in(browser, demo_seeded.persons[AU_LEADER.name])
    me = ok(browser.get("/api/v1/me", headers=bearer(make_token(database))))
    assert me["kind"] == "secretariat" and me["session"] is None


# ---- CSRF -----------------------------------------------------------------------------------------


def _case(demo_seeded: Seeded) -> dict[str, Any]:
    return {"owner_body_id": demo_seeded.au, "title": "Sak", "kind": "decision"}


def test_a_change_with_the_cookie_and_no_header_is_refused(browser, demo_seeded) -> None:  # noqa: ANN001
    sign_in(browser, demo_seeded.persons[AU_LEADER.name])
    r = browser.post("/api/v1/cases", json=_case(demo_seeded), headers={"Origin": "https://evil.example"})
    assert r.status_code == 403 and r.json()["type"].endswith("csrf")
    r = browser.post("/api/v1/cases", json=_case(demo_seeded))
    assert r.status_code == 403 and r.json()["type"].endswith("csrf")


def test_a_change_with_the_cookie_from_another_origin_is_refused(browser, demo_seeded) -> None:  # noqa: ANN001
    sign_in(browser, demo_seeded.persons[AU_LEADER.name])
    before = ok(browser.get("/api/v1/cases"))
    r = browser.post("/api/v1/cases", json=_case(demo_seeded), headers={**CSRF, "Origin": "https://evil.example"})
    assert r.status_code == 403 and r.json()["type"].endswith("csrf")
    assert ok(browser.get("/api/v1/cases")) == before


def test_a_change_from_the_own_origin_with_the_header_passes(browser, demo_seeded) -> None:  # noqa: ANN001
    sign_in(browser, demo_seeded.persons[AU_LEADER.name])
    for origin in ("http://testserver", get_settings().public_base_url):
        r = browser.post("/api/v1/cases", json=_case(demo_seeded), headers={**CSRF, "Origin": origin})
        assert r.status_code == 201, r.text


def test_a_bearer_token_needs_no_csrf_header(client, api, seeded) -> None:  # noqa: ANN001
    r = api.post("/api/v1/persons", json={"name": "Kari"}, headers={"Origin": "https://evil.example"})
    assert r.status_code == 201


def test_demo_sign_in_and_sign_out_need_the_header(browser, demo_seeded) -> None:  # noqa: ANN001
    person = {"person_id": demo_seeded.persons[AU_LEADER.name]}
    r = browser.post("/api/v1/auth/demo-sign-in", json=person)
    assert r.status_code == 403 and COOKIE not in browser.cookies
    sign_in(browser, demo_seeded.persons[AU_LEADER.name])
    assert browser.post("/api/v1/auth/sign-out").status_code == 403
    assert browser.get("/api/v1/me").status_code == 200


def test_the_cors_preflight_from_an_unlisted_origin_is_refused(client) -> None:  # noqa: ANN001
    r = client.options(
        "/api/v1/cases",
        headers={
            "Origin": "https://evil.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "x-requested-with, content-type",
        },
    )
    assert r.status_code == 403 and "access-control-allow-origin" not in r.headers
    assert r.json()["type"].endswith("/cors-refused")


# ---- Ending sessions ----------------------------------------------------------------------------


def test_sign_out_ends_the_session_at_once(browser, database, demo_seeded) -> None:  # noqa: ANN001
    value = sign_in(browser, demo_seeded.persons[AU_LEADER.name])
    assert browser.get("/api/v1/me").status_code == 200  # remembered by the principal cache
    r = browser.post("/api/v1/auth/sign-out", headers=CSRF)
    assert r.status_code == 204 and COOKIE not in browser.cookies
    assert _session_row(database).ended_at is not None
    browser.cookies.set(COOKIE, value)  # a copy kept from before
    r = browser.get("/api/v1/me")
    assert r.status_code == 401 and "sign in again" in r.json()["detail"]
    assert browser.post("/api/v1/auth/sign-out", headers=CSRF).status_code == 204  # nothing to end


def test_an_idle_session_expires_and_an_active_one_is_seen_once_a_minute(
    browser,  # noqa: ANN001
    database,  # noqa: ANN001
    demo_seeded,  # noqa: ANN001
    principal_clock,  # noqa: ANN001
) -> None:
    sign_in(browser, demo_seeded.persons[AU_LEADER.name])
    first = _session_row(database)
    assert browser.get("/api/v1/me").status_code == 200
    assert _session_row(database).last_seen_at == first.last_seen_at  # within the minute: no write
    earlier = utcnow() - timedelta(minutes=5)
    with database.write_sessionmaker.begin() as s:
        s.execute(update(BrowserSession).values(last_seen_at=earlier))
    forget_principals(principal_clock)
    assert browser.get("/api/v1/me").status_code == 200
    seen = _session_row(database)
    assert seen.last_seen_at > earlier and seen.idle_expires_at > first.idle_expires_at
    with database.write_sessionmaker.begin() as s:
        s.execute(update(BrowserSession).values(idle_expires_at=utcnow() - timedelta(seconds=1)))
    forget_principals(principal_clock)
    r = browser.get("/api/v1/me")
    assert r.status_code == 401 and "expired" in r.json()["detail"]


def test_a_session_ends_at_its_absolute_lifetime(browser, database, demo_seeded, principal_clock) -> None:  # noqa: ANN001
    sign_in(browser, demo_seeded.persons[AU_LEADER.name])
    with database.write_sessionmaker.begin() as s:
        s.execute(update(BrowserSession).values(expires_at=utcnow() - timedelta(seconds=1)))
    forget_principals(principal_clock)
    assert browser.get("/api/v1/me").status_code == 401


def test_the_cli_lists_and_ends_sessions(browser, cli, database, demo_seeded, principal_clock) -> None:  # noqa: ANN001
    leader = demo_seeded.persons[AU_LEADER.name]
    sign_in(browser, leader)
    other = TestClient(browser.app)
    sign_in(other, demo_seeded.persons[DEMO_SECRETARIAT.name])
    code, lines, _ = cli("session", "list")
    assert code == 0 and len(lines) == 3 and AU_LEADER.name in lines[1] + lines[2]
    code, lines, _ = cli("session", "list", "--person", leader)
    assert code == 0 and len(lines) == 2 and AU_LEADER.name in lines[1]
    session_id = lines[1].split()[0]
    assert cli("session", "end", session_id)[0] == 0
    forget_principals(principal_clock)
    assert browser.get("/api/v1/me").status_code == 401
    assert other.get("/api/v1/me").status_code == 200
    code, lines, _ = cli("session", "end", "--person", demo_seeded.persons[DEMO_SECRETARIAT.name])
    assert code == 0 and "1" in lines[0]
    forget_principals(principal_clock)
    assert other.get("/api/v1/me").status_code == 401
    assert cli("session", "list")[1][1:] == []
    code, _, err = cli("session", "end", session_id)
    assert code == 1 and "no running session" in err
    assert cli("session", "end")[0] == 2


# ---- One's own sessions (Mine økter) ------------------------------------------------------------


def test_a_person_lists_own_running_sessions_newest_first_with_the_current_marked(
    browser, api, database, demo_seeded
) -> None:  # noqa: ANN001, E501
    leader = demo_seeded.persons[AU_LEADER.name]
    laptop = TestClient(browser.app, headers={"User-Agent": "Laptop"})
    sign_in(laptop, leader)
    sign_in(browser, leader)
    someone_else = TestClient(browser.app)
    sign_in(someone_else, demo_seeded.persons[DEMO_SECRETARIAT.name])
    mine = ok(browser.get("/api/v1/me/sessions"))
    assert [s["current"] for s in mine["items"]] == [True, False] and mine["next_cursor"] is None
    assert mine["items"][1]["user_agent"] == "Laptop" and mine["items"][1]["how"] == "demo"
    first = ok(browser.get("/api/v1/me/sessions", params={"limit": 1}))
    assert len(first["items"]) == 1 and first["items"][0]["current"]
    rest = ok(browser.get("/api/v1/me/sessions", params={"limit": 1, "cursor": first["next_cursor"]}))
    assert [s["user_agent"] for s in rest["items"]] == ["Laptop"]
    # An ended or expired session is not listed; a caller that is no person has none.
    with database.write_sessionmaker.begin() as s:
        s.execute(update(BrowserSession).where(BrowserSession.user_agent == "Laptop").values(expires_at=utcnow()))
    assert [s["current"] for s in ok(browser.get("/api/v1/me/sessions"))["items"]] == [True]
    assert ok(api.get("/api/v1/me/sessions")) == {"items": [], "next_cursor": None}


def test_a_person_ends_one_own_session_at_once_and_no_one_elses(browser, demo_seeded) -> None:  # noqa: ANN001
    leader = demo_seeded.persons[AU_LEADER.name]
    laptop = TestClient(browser.app)
    sign_in(laptop, leader)
    sign_in(browser, leader)
    assert laptop.get("/api/v1/me").status_code == 200  # remembered by the principal cache
    someone_else = TestClient(browser.app)
    sign_in(someone_else, demo_seeded.persons[DEMO_SECRETARIAT.name])
    [theirs] = ok(someone_else.get("/api/v1/me/sessions"))["items"]
    [other] = [s for s in ok(browser.get("/api/v1/me/sessions"))["items"] if not s["current"]]
    assert browser.delete(f"/api/v1/me/sessions/{other['id']}").status_code == 403  # no CSRF header
    r = browser.delete(f"/api/v1/me/sessions/{theirs['id']}", headers=CSRF)
    assert r.status_code == 404 and r.headers["content-type"] == "application/problem+json"
    assert someone_else.get("/api/v1/me").status_code == 200
    assert browser.delete(f"/api/v1/me/sessions/{other['id']}", headers=CSRF).status_code == 204
    assert laptop.get("/api/v1/me").status_code == 401  # forgotten by this replica's cache too
    assert browser.delete(f"/api/v1/me/sessions/{other['id']}", headers=CSRF).status_code == 404
    assert browser.get("/api/v1/me").status_code == 200


def test_signing_out_every_other_session_keeps_this_one(browser, api, demo_seeded) -> None:  # noqa: ANN001
    leader = demo_seeded.persons[AU_LEADER.name]
    others = [TestClient(browser.app) for _ in range(2)]
    for other in others:
        sign_in(other, leader)
        assert other.get("/api/v1/me").status_code == 200
    sign_in(browser, leader)
    someone_else = TestClient(browser.app)
    sign_in(someone_else, demo_seeded.persons[DEMO_SECRETARIAT.name])
    assert ok(browser.post("/api/v1/me/sessions/sign-out-others", headers=CSRF)) == {"ended": 2}
    assert [o.get("/api/v1/me").status_code for o in others] == [401, 401]
    assert browser.get("/api/v1/me").status_code == 200 and someone_else.get("/api/v1/me").status_code == 200
    assert ok(browser.post("/api/v1/me/sessions/sign-out-others", headers=CSRF)) == {"ended": 0}
    assert ok(api.post("/api/v1/me/sessions/sign-out-others")) == {"ended": 0}  # no person: nothing to end
