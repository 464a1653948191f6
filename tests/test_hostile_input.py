"""Issue 27, finding 7: input that was a 500 — a cursor nested thousands deep, a year past any column,
a lone surrogate in a text field — is a 4xx problem that changes nothing."""

from __future__ import annotations

import base64
import uuid

import pytest

from tests.flows import ok

DEEP = base64.urlsafe_b64encode(b"[" * 5000 + b"]" * 5000).decode().rstrip("=")


def list_paths(app) -> list[str]:  # noqa: ANN001
    """Every GET operation that pages by cursor, its path parameters filled with ids of nothing."""
    paths = []
    for path, item in app.openapi()["paths"].items():
        params = item.get("get", {}).get("parameters", [])
        if any(p["name"] == "cursor" for p in params):
            paths.append("/".join(str(uuid.uuid4()) if part.startswith("{") else part for part in path.split("/")))
    return paths


def test_a_cursor_nested_deep_is_a_422_on_every_list(app, api, anon, client) -> None:
    paths = list_paths(app)
    assert len(paths) >= 23  # the API's lists; the public search and the website's pages below
    for path in paths:
        r = api.get(path, params={"cursor": DEEP, **({"q": "sak"} if path.endswith("/search") else {})})
        assert r.status_code in (404, 422), f"{path}: {r.status_code} {r.text[:200]}"
        if "-" not in path:  # no parent to find first: the cursor itself is refused
            assert r.status_code == 422 and r.json()["errors"][0]["field"] == "query.cursor", path
    assert anon.get("/api/v1/public/search", params={"q": "sak", "cursor": DEEP}).status_code == 422
    for page, params in (("/moter", {}), ("/vedtak", {}), ("/sok", {"q": "sak"})):
        assert client.get(page, params={**params, "cursor": DEEP}).status_code == 422, page


@pytest.mark.parametrize("year", ["2147483648", "99999999999999999999", "²", "0"])
def test_a_year_no_column_holds_is_a_422_page(client, year) -> None:
    r = client.get("/sok", params={"q": "sak", "year": year})
    assert r.status_code == 422 and "<html" in r.text


LONE = '"\\ud800"'  # as JSON escapes it: no database can store it


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/v1/persons", '{"name": "Kari", "title": %s}'),
        ("/api/v1/webhooks", '{"url": "https://example.org/", "event_types": ["meeting.convened"], "description": %s}'),
    ],
)
def test_a_lone_surrogate_in_a_text_field_is_a_422_naming_it(api, webhook_settings, path, body) -> None:
    r = api.post(path, content=(body % LONE).encode(), headers={"content-type": "application/json"})
    assert r.status_code == 422, r.text
    [error] = r.json()["errors"]
    assert "lone surrogate" in error["message"] and error["field"].startswith("body.")


def test_a_lone_surrogate_in_a_case_s_summary_changes_nothing(api, seeded) -> None:
    raw = '{"owner_body_id": "%s", "title": "Sak", "kind": "decision", "summary": %s, "strategic_rationale": %s}'
    r = api.post(
        "/api/v1/cases", content=(raw % (seeded.au, LONE, LONE)).encode(), headers={"content-type": "application/json"}
    )
    assert r.status_code == 422
    assert {e["field"] for e in r.json()["errors"]} == {"body.summary", "body.strategic_rationale"}
    assert ok(api.get("/api/v1/cases"))["items"] == []
