"""Cross-cutting HTTP behaviour from API.md: problem responses, authentication, body limits, audit filters."""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.config import get_settings
from app.errors import PROBLEM_BASE, problem_types
from app.main import create_app
from app.openapi import render

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
    assert _is_problem(r, 413)["type"] == PROBLEM_BASE + "payload-too-large"


def test_oversized_streamed_body_without_length_is_413_problem(small_body_client) -> None:  # noqa: ANN001
    """The same problem type whether the length was declared or the body came in chunks (issue 28, item 3)."""
    chunks = (b"x" * 100 for _ in range(5))
    headers = {"content-type": "application/json"}
    r = small_body_client.post("/api/v1/organizations", content=chunks, headers=headers)
    assert _is_problem(r, 413)["type"] == PROBLEM_BASE + "payload-too-large"


def test_an_upload_past_the_limit_is_told_the_file_limit(database, rules_dir, monkeypatch) -> None:  # noqa: ANN001
    """Refused by its declared length before it is read, in words the person can act on (the staff app shows them)."""
    monkeypatch.setenv("SAMORDNING_MAX_FILE_BYTES", str(1 << 20))
    get_settings.cache_clear()
    try:
        with TestClient(create_app(database=database, rules_dir=rules_dir)) as client:
            files = {"file": ("stor.pdf", b"x" * (3 << 20), "application/pdf")}
            r = client.post(f"/api/v1/documents/{uuid.uuid4()}/files", files=files)
    finally:
        get_settings.cache_clear()
    assert _is_problem(r, 413)["detail_nb"] == "Filen er for stor. Største tillatte størrelse er 1 MB."


def test_default_limit_refuses_more_than_one_mebibyte(anon) -> None:  # noqa: ANN001
    _is_problem(anon.post("/api/v1/organizations", content=b" " * (1024 * 1024 + 1)), 413)


@pytest.mark.parametrize(
    ("headers", "challenge"),
    [
        ({}, "Bearer"),
        ({"Authorization": "Basic eA=="}, "Bearer"),
        (
            {"Authorization": "Bearer smd_not-a-token"},
            'Bearer error="invalid_token", error_description="it is unknown or revoked"',
        ),
    ],
)
def test_missing_or_bad_credentials_are_401_problem(client, headers, challenge) -> None:  # noqa: ANN001
    r = client.get("/api/v1/audit-events", headers=headers)
    _is_problem(r, 401)
    assert r.headers["www-authenticate"] == challenge


def test_malformed_json_is_400_problem_naming_the_body(api) -> None:  # noqa: ANN001
    """Not a 422 with a character offset for the field: the body as a whole is unreadable."""
    r = api.post("/api/v1/organizations", content=b'{"name": ', headers={"content-type": "application/json"})
    body = _is_problem(r, 400)
    assert [e["field"] for e in body["errors"]] == ["body"] and body["errors"][0]["message"]


def test_each_bad_field_is_named(api) -> None:  # noqa: ANN001
    r = api.get("/api/v1/audit-events", params={"since": "i går", "limit": "mange"})
    fields = {e["field"] for e in _is_problem(r, 422)["errors"]}
    assert any("since" in f for f in fields) and any("limit" in f for f in fields)


@pytest.mark.parametrize("path", ["/api/v1/finnes-ikke", "/nope", "/api", "/api/v2/cases", "/arbeid-ikke"])
@pytest.mark.parametrize("accept", [None, "application/json", "application/problem+json"])
def test_unknown_path_is_404_problem(anon, path, accept) -> None:  # noqa: ANN001
    """Under any prefix, one type with an unknown id (issue 28, item 3); a browser's HTML page is
    tests/test_website_public.py's."""
    r = anon.get(path, headers={"Accept": accept} if accept else {})
    assert _is_problem(r, 404)["type"] == PROBLEM_BASE + "not-found"


def test_a_trailing_slash_on_the_api_is_404_not_a_redirect_to_an_absolute_url(api) -> None:  # noqa: ANN001
    for method in ("GET", "POST"):
        r = api._call(method, "/api/v1/cases/", follow_redirects=False)
        body = _is_problem(r, 404)
        assert "location" not in r.headers and "slash" in body["detail"]


@pytest.mark.parametrize(("method", "path"), [("DELETE", "/health"), ("POST", "/"), ("PUT", "/api/v1/public/meetings")])
def test_wrong_method_is_405_problem(anon, method, path) -> None:  # noqa: ANN001
    r = anon._call(method, path)
    assert _is_problem(r, 405)["type"] == PROBLEM_BASE + "method-not-allowed"
    assert "GET" in r.headers["allow"].split(", ") and "OPTIONS" in r.headers["allow"].split(", ")


@pytest.mark.parametrize("path", ["/api/v1/public/meetings", "/", "/moter", "/health"])
def test_plain_options_of_a_public_path_answers_allow(anon, path) -> None:  # noqa: ANN001
    """Not a 405: OPTIONS without CORS headers asks what the path takes (RFC 9110 §9.3.7)."""
    r = anon._call("OPTIONS", path)
    assert r.status_code == 204 and r.content == b""
    assert r.headers["allow"] == "GET, HEAD, OPTIONS"


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", "text/json"])
def test_json_sent_as_another_media_type_is_415_and_changes_nothing(api, content_type) -> None:  # noqa: ANN001
    before = api.get("/api/v1/organizations").json()["items"]
    r = api.post("/api/v1/organizations", content=b'{"name": "Etaten"}', headers={"content-type": content_type})
    body = _is_problem(r, 415)
    assert body["type"] == PROBLEM_BASE + "unsupported-media-type" and content_type in body["detail"]
    assert r.headers["accept-post"] == "application/json"
    assert api.get("/api/v1/organizations").json()["items"] == before
    org = api.post("/api/v1/organizations", json={"name": "Etaten"}).json()
    tag = api.get(f"/api/v1/organizations/{org['id']}").headers["etag"]
    r = api.patch(
        f"/api/v1/organizations/{org['id']}", content=b"{}", headers={"content-type": content_type, "If-Match": tag}
    )
    assert _is_problem(r, 415)["type"] == PROBLEM_BASE + "unsupported-media-type"
    assert r.headers["accept-patch"] == "application/json"


def test_json_in_a_json_media_type_is_read(api) -> None:  # noqa: ANN001
    for content_type in ("application/json; charset=utf-8", "application/merge-patch+json"):
        r = api.post(
            "/api/v1/organizations",
            content=b'{"name": "Etat %d"}' % len(content_type),
            headers={"content-type": content_type},
        )
        assert r.status_code == 201, r.text


def test_a_body_that_is_not_utf8_is_a_400_problem_naming_the_body(api) -> None:  # noqa: ANN001
    r = api.post("/api/v1/organizations", content=b'{"name": "\xff\xfe"}', headers={"content-type": "application/json"})
    body = _is_problem(r, 400)
    assert body["type"] == PROBLEM_BASE + "malformed-json"
    assert [e["field"] for e in body["errors"]] == ["body"] and body["errors"][0]["message"]


def test_each_problem_type_is_in_the_openapi_and_the_readme() -> None:
    """One `type` per condition, each listed where integrators read (issue 28, item 3)."""
    document = json.loads(render())
    listed = document["components"]["schemas"]["Problem"]["properties"]["type"]["description"]
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    assert {"not-found", "method-not-allowed", "unsupported-media-type", "cors-refused"} <= set(problem_types())
    for slug, status in problem_types().items():
        assert f"`{slug}` ({status})" in listed, slug
        assert f"`{slug}`" in readme, slug
    for path, ops in document["paths"].items():
        for method, op in ops.items():
            if "requestBody" in op:
                assert {"400", "413", "415"} <= set(op["responses"]), (method, path)


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("DELETE", "/health", "GET, HEAD, OPTIONS"),
        ("DELETE", "/api/v1/cases", "GET, HEAD, OPTIONS, POST"),
        ("PUT", "/api/v1/cases/00000000-0000-0000-0000-000000000000", "GET, HEAD, OPTIONS, PATCH"),
        (
            "POST",
            "/api/v1/meetings/00000000-0000-0000-0000-000000000000/agenda/00000000-0000-0000-0000-000000000000",
            "DELETE, GET, HEAD, OPTIONS, PATCH",
        ),
        # A literal path beside a template it would fit (`{session_id}`) takes only its own methods.
        ("GET", "/api/v1/me/sessions/sign-out-others", "OPTIONS, POST"),
        ("POST", "/api/v1/me/sessions/00000000-0000-0000-0000-000000000000", "DELETE, OPTIONS"),
    ],
)
def test_a_405_names_every_method_the_path_has(anon, method, path, allow) -> None:  # noqa: ANN001
    r = anon._call(method, path)
    assert _is_problem(r, 405)["type"].endswith("/method-not-allowed")
    assert r.headers["allow"] == allow
    options = anon._call("OPTIONS", path)  # RFC 9110 §9.3.7: what the path takes, without a body
    assert options.status_code == 204 and options.headers["allow"] == allow and options.content == b""


def test_every_location_of_a_201_is_gettable(api, seeded) -> None:  # noqa: ANN001
    """The agenda item's Location was a 405 on GET."""
    from tests.flows import forum_meeting, prepared_case

    meeting = forum_meeting(api, seeded)
    r = api.post(f"/api/v1/meetings/{meeting['id']}/agenda", json={"case_id": prepared_case(api, seeded)["id"]})
    assert r.status_code == 201, r.text
    item = api.get(r.headers["location"])
    written = r.json()
    assert written.pop("warnings") == []  # the write's own report; the item is the rest
    assert item.status_code == 200 and item.json() == written
    assert api.get(f"/api/v1/meetings/{meeting['id']}/agenda/{meeting['id']}").status_code == 404


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


# ---- found by the external contract check ------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/v1/rules", "/api/v1/rules/body.chair.exactly_one", "/api/v1/compliance"])
def test_rule_catalogue_and_compliance_need_a_token(anon, path) -> None:  # noqa: ANN001
    """Only /api/v1/public/*, /health and the website are open (API.md)."""
    _is_problem(anon.get(path), 401)


@pytest.mark.parametrize("since", ["2024-01-01T00:00:00", "2024-01-01"])
def test_audit_since_without_offset_is_422_naming_since(api, since) -> None:  # noqa: ANN001
    fields = {e["field"] for e in _is_problem(api.get("/api/v1/audit-events", params={"since": since}), 422)["errors"]}
    assert any("since" in f for f in fields)


def test_public_meetings_time_filters_without_offset_are_422(anon) -> None:  # noqa: ANN001
    r = anon.get("/api/v1/public/meetings", params={"starts_after": "2024-01-01T00:00:00"})
    assert any("starts_after" in e["field"] for e in _is_problem(r, 422)["errors"])


def _cursor(value: object) -> str:
    import base64
    import json
    import uuid

    raw = json.dumps([value, str(uuid.uuid4())]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("/api/v1/organizations", None),  # NULL cannot be compared with >
        ("/api/v1/organizations", 5),  # a number for a name
        ("/api/v1/bodies/{au}/memberships", "Helsedirektoratet"),  # a name cursor on a date-sorted list
        ("/api/v1/cases", {"dt": "2024-01-01T00:00:00"}),  # a naive time cannot be stored
        ("/api/v1/audit-events", {"d": "2024-01-01"}),  # a date for a timestamp
        ("/api/v1/annual-plans", True),
    ],
)
def test_a_cursor_of_the_wrong_type_is_422_naming_cursor(api, seeded, path, value) -> None:  # noqa: ANN001
    r = api.get(path.format(au=seeded.au), params={"cursor": _cursor(value)})
    assert [e["field"] for e in _is_problem(r, 422)["errors"]] == ["query.cursor"]


def test_a_cursor_of_the_same_list_still_pages(api, seeded) -> None:  # noqa: ANN001
    for path in ("/api/v1/organizations", "/api/v1/audit-events"):  # sorted by text and by timestamp
        page = api.get(path, params={"limit": 2}).json()
        assert page["next_cursor"], path
        assert api.get(path, params={"limit": 2, "cursor": page["next_cursor"]}).status_code == 200


@pytest.mark.parametrize("path", ["/health", "/moter", "/api/v1/public/meetings", "/api/v1/rules"])
def test_head_is_get_without_the_body(api, path) -> None:  # noqa: ANN001
    """Every GET answers HEAD too (the 405s say so in Allow): the same status and headers, no body."""
    got, head = api.get(path), api._call("HEAD", path)
    assert head.status_code == got.status_code == 200 and head.content == b""
    assert head.headers["content-length"] == got.headers["content-length"] != "0"
    assert head.headers.get("etag") == got.headers.get("etag")
    assert api._call("HEAD", path, headers={"If-None-Match": got.headers.get("etag", "-")}).status_code == (
        304 if "etag" in got.headers else 200
    )
