"""Cross-cutting HTTP behaviour from API.md: problem responses, authentication, body limits, audit filters."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from app.config import get_settings
from app.main import create_app

PROBLEM = "application/problem+json"


def _is_problem(r, status: int) -> dict:  # noqa: ANN001
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == PROBLEM
    body = r.json()
    assert body["status"] == status and body["type"] and body["title"] and "detail" in body
    return body


@pytest.fixture
def small_body_client(database, rules_dir, monkeypatch):  # noqa: ANN001, ANN201
    monkeypatch.setenv("SAMORDNING_MAX_BODY_BYTES", "200")
    get_settings.cache_clear()
    try:
        with TestClient(create_app(database=database, rules_dir=rules_dir)) as client:
            yield client
    finally:
        get_settings.cache_clear()


def test_oversized_body_is_413_problem(small_body_client) -> None:  # noqa: ANN001
    r = small_body_client.post("/api/v1/organizations", json={"name": "x" * 500})
    _is_problem(r, 413)


def test_oversized_streamed_body_without_length_is_413_problem(small_body_client) -> None:  # noqa: ANN001
    chunks = (b"x" * 100 for _ in range(5))
    headers = {"content-type": "application/json"}
    r = small_body_client.post("/api/v1/organizations", content=chunks, headers=headers)
    _is_problem(r, 413)


def test_default_limit_refuses_more_than_one_mebibyte(anon) -> None:  # noqa: ANN001
    _is_problem(anon.post("/api/v1/organizations", content=b" " * (1024 * 1024 + 1)), 413)


@pytest.mark.parametrize(
    "headers", [{}, {"Authorization": "Bearer smd_not-a-token"}, {"Authorization": "Basic eA=="}]
)
def test_missing_or_bad_credentials_are_401_problem(client, headers) -> None:  # noqa: ANN001
    r = client.get("/api/v1/audit-events", headers=headers)
    _is_problem(r, 401)
    assert r.headers["www-authenticate"] == "Bearer"


def test_malformed_json_is_422_problem_with_errors(api) -> None:  # noqa: ANN001
    r = api.post("/api/v1/organizations", content=b'{"name": ', headers={"content-type": "application/json"})
    body = _is_problem(r, 422)
    assert body["errors"] and all({"field", "message"} <= set(e) for e in body["errors"])


def test_each_bad_field_is_named(api) -> None:  # noqa: ANN001
    r = api.get("/api/v1/audit-events", params={"since": "i går", "limit": "mange"})
    fields = {e["field"] for e in _is_problem(r, 422)["errors"]}
    assert any("since" in f for f in fields) and any("limit" in f for f in fields)


def test_unknown_path_is_404_problem(anon) -> None:  # noqa: ANN001
    _is_problem(anon.get("/api/v1/finnes-ikke"), 404)


def test_wrong_method_is_405_problem(anon) -> None:  # noqa: ANN001
    _is_problem(anon.delete("/health"), 405)


def test_unicode_round_trips(api) -> None:  # noqa: ANN001
    name = "Ærlige Østlandske Åsgård-etaten – «test»"
    created = api.post("/api/v1/organizations", json={"name": name})
    assert created.status_code == 201, created.text
    assert api.get(created.headers["location"]).json()["name"] == name


# ---- audit events ------------------------------------------------------------------------------


def _events(api, **params) -> list[dict]:  # noqa: ANN001, ANN003
    r = api.get("/api/v1/audit-events", params={"limit": 200, **params})
    assert r.status_code == 200, r.text
    return r.json()["items"]


def test_audit_events_filter_by_entity_actor_and_since(api, seeded) -> None:  # noqa: ANN001
    seed_events = _events(api, actor="system:seed")
    assert len(seed_events) == len(seeded.organizations) + len(seeded.bodies)
    assert all(e["action"] == "create" and e["before"] is None for e in seed_events)

    created = api.post("/api/v1/organizations", json={"name": "Testetaten"})
    assert created.status_code == 201, created.text
    org_id = created.json()["id"]

    (event,) = _events(api, entity_id=org_id)
    assert event["entity_type"] == "organization" and event["after"]["name"] == "Testetaten"
    assert event["actor"].startswith("secretariat:")
    assert _events(api, actor=event["actor"]) == [event]

    hdir = seeded.organizations["Helsedirektoratet"]
    assert [e["entity_id"] for e in _events(api, entity_id=hdir)] == [hdir]

    since = datetime.fromisoformat(event["at"])
    assert event in _events(api, since=since.isoformat())
    assert not any(e in _events(api, since=since.isoformat()) for e in seed_events)
    assert _events(api, since=(since + timedelta(days=1)).isoformat()) == []


def test_audit_events_are_paginated_oldest_first(api, seeded) -> None:  # noqa: ANN001
    seen, cursor = [], None
    while True:
        r = api.get("/api/v1/audit-events", params={"limit": 7, **({"cursor": cursor} if cursor else {})})
        page = r.json()
        assert len(page["items"]) <= 7
        seen += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == len({e["id"] for e in seen}) == len(_events(api))
    assert [e["at"] for e in seen] == sorted(e["at"] for e in seen)
