"""Optimistic concurrency is not optional: changes of versioned resources need `If-Match` (428 without,
412 when stale, strong comparison), and every GET that sends an ETag answers `If-None-Match` with 304."""

from __future__ import annotations

import json

import pytest

from app.openapi import render
from tests.flows import HDIR, au_case, document, forum_meeting, member, ok, patch_current

PROBLEM = "application/problem+json"


def _problem(r, status: int) -> dict:  # noqa: ANN001
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == PROBLEM
    return r.json()


def test_a_patch_without_if_match_is_428_and_changes_nothing(api, seeded) -> None:  # noqa: ANN001
    case = au_case(api, seeded)
    url = f"/api/v1/cases/{case['id']}"
    body = _problem(api.patch(url, json={"title": "Overskrevet"}), 428)
    assert body["type"].endswith("/precondition-required") and "If-Match" in body["detail"]
    assert ok(api.get(url))["title"] == case["title"]


@pytest.mark.parametrize("path", ["/api/v1/organizations/{org}", "/api/v1/persons/{person}", "/api/v1/bodies/{au}"])
def test_every_versioned_resource_needs_if_match(api, seeded, path) -> None:  # noqa: ANN001
    org = ok(api.post("/api/v1/organizations", json={"name": "Etaten"}), 201)["id"]
    person = ok(api.post("/api/v1/persons", json={"name": "Kari"}), 201)["id"]
    _problem(api.patch(path.format(org=org, person=person, au=seeded.au), json={}), 428)


def test_a_transition_without_if_match_is_428_but_a_dry_run_needs_none(api, seeded) -> None:  # noqa: ANN001
    case = au_case(api, seeded)
    path = f"/api/v1/cases/{case['id']}/transitions/start_preparation"
    _problem(api.post(path), 428)
    assert ok(api.post(path, params={"dry_run": "true"}))["allowed"] is True
    assert ok(api.get(f"/api/v1/cases/{case['id']}"))["status"] == "registered"


def test_a_weak_tag_never_matches(api, seeded) -> None:  # noqa: ANN001
    """RFC 9110 §13.1.1: If-Match compares strongly."""
    case = au_case(api, seeded)
    url = f"/api/v1/cases/{case['id']}"
    tag = api.get(url).headers["etag"]
    _problem(api.patch(url, json={"title": "Ny"}, headers={"If-Match": f"W/{tag}"}), 412)
    assert ok(api.patch(url, json={"title": "Ny"}, headers={"If-Match": f'"other", {tag}'}))["title"] == "Ny"
    assert ok(api.patch(url, json={"title": "Nyere"}, headers={"If-Match": "*"}))["title"] == "Nyere"


@pytest.mark.parametrize(
    "path", ["/api/v1/cases/{case}", "/api/v1/meetings/{meeting}", "/api/v1/bodies/{au}", "/api/v1/public/meetings"]
)
def test_if_none_match_answers_304_on_every_get_with_an_etag(api, seeded, path) -> None:  # noqa: ANN001
    url = path.format(case=au_case(api, seeded)["id"], meeting=forum_meeting(api, seeded)["id"], au=seeded.au)
    first = api.get(url)
    tag = first.headers["etag"]
    for sent in (tag, f"W/{tag}", f'"other", {tag}', "*"):  # If-None-Match compares weakly
        r = api.get(url, headers={"If-None-Match": sent})
        assert r.status_code == 304 and r.content == b"" and r.headers["etag"] == tag, sent
    assert api.get(url, headers={"If-None-Match": '"other"'}).json() == first.json()


def test_the_document_requires_if_match_and_promises_428_and_304() -> None:
    doc = json.loads(render())
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            header = next((p for p in op.get("parameters", []) if p["name"] == "if-match"), None)
            if method == "patch" and path.startswith("/api/v1/") and "agenda" not in path:
                assert header and header["required"] is True, path
            if header:
                assert {"412", "428"} <= set(op["responses"]), path
            if "ETag" in op["responses"].get("200", {}).get("headers", {}) and method == "get":
                assert "304" in op["responses"], path
            if method != "get":  # only a GET answers 304 (issue 28, item 2)
                assert "304" not in op["responses"], (method, path)
    version = doc["paths"]["/api/v1/documents/{document_id}/versions/{number}"]["get"]["responses"]
    assert "ETag" in version["200"]["headers"] and "304" in version
    transition = doc["paths"]["/api/v1/cases/{case_id}/transitions/{name}"]["post"]
    assert next(p for p in transition["parameters"] if p["name"] == "if-match")["required"] is False


def test_a_document_version_has_an_etag_and_answers_if_none_match(api, seeded) -> None:  # noqa: ANN001
    """Issue 28, item 2: the OpenAPI promised both; a version never changes, so its tag never does."""
    doc = document(api, "report")
    ok(patch_current(api, f"/api/v1/documents/{doc['id']}", json={"title": "Andre utkast"}))
    first, second = (api.get(f"/api/v1/documents/{doc['id']}/versions/{n}") for n in (1, 2))
    assert first.headers["etag"] != second.headers["etag"] != api.get(f"/api/v1/documents/{doc['id']}").headers["etag"]
    r = api.get(f"/api/v1/documents/{doc['id']}/versions/1", headers={"If-None-Match": first.headers["etag"]})
    assert r.status_code == 304 and r.content == b"" and r.headers["etag"] == first.headers["etag"]
    assert (
        ok(api.get(f"/api/v1/documents/{doc['id']}/versions/1", headers={"If-None-Match": second.headers["etag"]}))[
            "number"
        ]
        == 1
    )


@pytest.mark.parametrize("sent", ["{tag}", "W/{tag}", '"other", {tag}', "*"])
def test_a_change_whose_if_none_match_names_the_current_copy_is_412(api, seeded, sent) -> None:  # noqa: ANN001
    """RFC 9110 §13.1.2: If-None-Match on a change is false when it names the current ETag (weakly) or
    is `*`; the answer is 412 and nothing changes, transitions included."""
    case = au_case(api, seeded)
    url = f"/api/v1/cases/{case['id']}"
    tag = api.get(url).headers["etag"]
    headers = {"If-Match": tag, "If-None-Match": sent.format(tag=tag)}
    body = _problem(api.patch(url, json={"title": "Overskrevet"}, headers=headers), 412)
    assert body["type"].endswith("/precondition-failed") and "If-None-Match" in body["detail"]
    _problem(api.post(f"{url}/transitions/start_preparation", headers=headers), 412)
    after = api.get(url)
    assert (after.json()["title"], after.json()["status"], after.headers["etag"]) == (case["title"], "registered", tag)


def test_a_change_whose_if_none_match_names_another_copy_goes_ahead(api, seeded) -> None:  # noqa: ANN001
    case = au_case(api, seeded)
    url = f"/api/v1/cases/{case['id']}"
    headers = {"If-Match": api.get(url).headers["etag"], "If-None-Match": '"not-this-one"'}
    assert ok(api.patch(url, json={"title": "Ny"}, headers=headers))["title"] == "Ny"


def test_a_person_is_never_cached_for_another_caller(api, seeded) -> None:  # noqa: ANN001
    """The secretariat sees the e-mail, an AU member does not, under the same version ETag (what
    If-Match compares): so the answer is private and varies by credential (issue 28, item 2)."""
    person = ok(api.post("/api/v1/persons", json={"name": "Kari", "email": "kari@eksempel.invalid"}), 201)
    au_member = api.as_person(member(api, seeded.au, seeded.organizations[HDIR])["id"])
    url = f"/api/v1/persons/{person['id']}"
    answers = [api.get(url), au_member.get(url)]
    assert [r.json()["email"] for r in answers] == ["kari@eksempel.invalid", None]
    for r in answers:
        assert r.headers["cache-control"] == "private, no-cache"
        assert {"Authorization", "Cookie"} <= {v.strip() for v in r.headers["vary"].split(",")}
    public = api.get("/api/v1/public/meetings")  # the same for everyone: shared caches may keep it
    assert "private" not in public.headers["cache-control"] and "Authorization" not in public.headers.get("vary", "")
