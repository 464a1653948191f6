"""Input both databases cannot store or the rules cannot compute with is a 422 naming the field, never a 500.

Found by fuzzing the OpenAPI document (schemathesis) on PostgreSQL: NUL characters in text, times whose
offset pushes them out of Python's calendar when normalised to UTC, dates a rule adds months to, and forged
cursors. The shared input types live in app/types.py.
"""

from __future__ import annotations

import base64
import json
import typing
import uuid
from pathlib import Path

import pytest

from tests.flows import au_case, document, forum_decision, forum_meeting, ok, patch_current

PROBLEM = "application/problem+json"
NUL = "Etat\u0000en"


def _fields(r) -> list[str]:  # noqa: ANN001
    assert r.status_code == 422, r.text
    assert r.headers["content-type"] == PROBLEM
    return [e["field"] for e in r.json()["errors"]]


def _case(api, au: str) -> str:  # noqa: ANN001
    r = api.post("/api/v1/cases", json={"owner_body_id": au, "title": "Sak", "kind": "decision"})
    assert r.status_code == 201, r.text
    return r.json()["id"]


def test_nul_in_any_text_field_is_422_naming_it(api, seeded) -> None:  # noqa: ANN001
    org = api.post("/api/v1/organizations", json={"name": "Testetaten"}).json()["id"]
    person = api.post("/api/v1/persons", json={"name": "Kari"}).json()["id"]
    case = _case(api, seeded.au)
    requests = [
        ("post", "/api/v1/organizations", {"name": NUL}, "body.name"),
        ("post", "/api/v1/organizations", {"name": "A", "responsibilities": [NUL]}, "body.responsibilities.0"),
        ("patch", f"/api/v1/organizations/{org}", {"description": NUL}, "body.description"),
        ("post", "/api/v1/persons", {"name": "Kari", "email": "k\u0000@x.no"}, "body.email"),
        ("patch", f"/api/v1/persons/{person}", {"title": NUL}, "body.title"),
        ("patch", f"/api/v1/bodies/{seeded.au}", {"mandate": NUL}, "body.mandate"),
        ("post", "/api/v1/cases", {"owner_body_id": seeded.au, "title": NUL, "kind": "decision"}, "body.title"),
        ("patch", f"/api/v1/cases/{case}", {"summary": NUL}, "body.summary"),
        (
            "post",
            "/api/v1/documents",
            {"kind": "other", "title": "Notat", "body": NUL, "owner_body_id": seeded.au},
            "body.body",
        ),
        (
            "post",
            "/api/v1/meetings",
            {"body_id": seeded.au, "starts_at": "2030-01-01T10:00:00+01:00", "location": NUL},
            "body.location",
        ),
        (
            "post",
            f"/api/v1/bodies/{seeded.au}/memberships",
            {"person_id": person, "role": "member", "start_date": "2030-01-01", "competence": NUL},
            "body.competence",
        ),
        ("post", f"/api/v1/cases/{case}/transitions/withdraw?dry_run=true", {"reason": NUL}, "body.reason"),
    ]
    for method, path, body, field in requests:
        assert _fields(getattr(api, method)(path, json=body)) == [field], path


@pytest.mark.parametrize("title", ["Rapport\u000bdel 2", "Rapport\u001f", "Rapport\ufffe"])
def test_control_characters_xml_cannot_carry_are_422(api, anon, seeded, title) -> None:  # noqa: ANN001
    """Published titles go into the Atom feed; one such character made every feed request a 500."""
    assert _fields(
        api.post("/api/v1/documents", json={"kind": "report", "title": title, "owner_body_id": seeded.au})
    ) == ["body.title"]
    plain = api.post(
        "/api/v1/documents",
        json={"kind": "report", "title": "Rapport", "body": "a\tb\r\nc", "owner_body_id": seeded.au},
    )
    assert plain.status_code == 201, plain.text
    assert anon.get("/api/v1/public/feed.atom").status_code == 200


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("/api/v1/organizations", {"q": NUL}, "query.q"),
        ("/api/v1/audit-events", {"actor": NUL}, "query.actor"),
        ("/api/v1/audit-events", {"entity_type": NUL, "action": "create"}, "query.entity_type"),
    ],
)
def test_nul_in_a_text_filter_is_422(api, path, params, field) -> None:  # noqa: ANN001
    assert _fields(api.get(path, params=params)) == [field]


def test_a_time_without_offset_is_422_that_says_so(api, seeded) -> None:  # noqa: ANN001
    r = api.post("/api/v1/meetings", json={"body_id": seeded.au, "starts_at": "2030-01-01T10:00:00"})
    assert _fields(r) == ["body.starts_at"]
    assert "needs an offset" in r.json()["errors"][0]["message"]


@pytest.mark.parametrize("moment", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00"])
def test_times_at_the_edge_of_the_calendar_are_422(api, anon, seeded, moment) -> None:  # noqa: ANN001
    """Normalising them to UTC would leave Python's calendar (an OverflowError, once a 500)."""
    assert _fields(api.post("/api/v1/meetings", json={"body_id": seeded.au, "starts_at": moment})) == ["body.starts_at"]
    assert _fields(api.get("/api/v1/audit-events", params={"since": moment})) == ["query.since"]
    assert _fields(anon.get("/api/v1/public/meetings", params={"starts_before": moment})) == ["query.starts_before"]


def test_dates_at_the_edge_of_the_calendar_are_422(api, seeded) -> None:  # noqa: ANN001
    """A rule adds the minimum term to the start date: 9999-12-31 overflowed (a 500)."""
    person = api.post("/api/v1/persons", json={"name": "Kari"}).json()["id"]
    membership = {"person_id": person, "role": "member", "start_date": "9999-12-31"}
    assert _fields(api.post(f"/api/v1/bodies/{seeded.au}/memberships", json=membership)) == ["body.start_date"]
    assert _fields(patch_current(api, f"/api/v1/bodies/{seeded.au}", json={"deadline": "0001-01-01"})) == [
        "body.deadline"
    ]
    r = api.get(f"/api/v1/bodies/{seeded.au}/memberships", params={"active_on": "0001-01-01"})
    assert _fields(r) == ["query.active_on"]


def test_integers_beyond_32_bits_are_422(api, seeded) -> None:  # noqa: ANN001
    person = api.post("/api/v1/persons", json={"name": "Kari"}).json()["id"]
    membership = {"person_id": person, "role": "member", "start_date": "2030-01-01", "allocation_percent": 2**40}
    assert _fields(api.post(f"/api/v1/bodies/{seeded.au}/memberships", json=membership)) == ["body.allocation_percent"]
    plan = {
        "year": 2**40,
        "title": "Årsplan",
        "document_id": str(uuid.uuid4()),
        "adopted_by_decision_id": str(uuid.uuid4()),
    }
    assert _fields(api.post("/api/v1/annual-plans", json=plan)) == ["body.year"]


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _forged(value: object, ident: object = None) -> str:
    return _b64(json.dumps([value, str(uuid.uuid4()) if ident is None else ident]).encode())


FORGED_CURSORS = {
    "lone surrogate": _forged("\ud800"),  # UnicodeEncodeError in the driver, once a 500
    "NUL": _forged(NUL),  # PostgreSQL text cannot hold NUL
    "integer beyond 32 bits": _forged(10**22),  # PostgreSQL: integer out of range
    "time leaving the calendar in UTC": _forged({"dt": "0001-01-01T00:00:00+14:00"}),
    "date out of range": _forged({"d": "0001-01-01"}),
    "wrong type": _forged([1, 2]),
    "id no UUID string": _forged(2024, ident=2),
    "not base64": "!!!",
    "not UTF-8": _b64(b"\xff\xfe"),
    "not JSON": _b64(b"not json"),
    "one element": _b64(b"[1]"),
    "three elements": _b64(json.dumps([1, str(uuid.uuid4()), 3]).encode()),
    "id beyond 64 bits": _forged(1.5, ident=10**20),
    "score not finite": _b64(b"[1e999, 1]"),
}


def _list_paths() -> list[str]:
    """Every GET taking a cursor: from the committed OpenAPI document (kept fresh by test_openapi),
    plus the website's list pages, so that a new list is covered without editing this test."""
    from app.pagination import PageParams
    from app.publication.website import router as website

    document = json.loads((Path(__file__).resolve().parent.parent / "openapi" / "openapi.json").read_text())
    api = [
        path
        for path, ops in document["paths"].items()
        if any(p["name"] == "cursor" for p in ops.get("get", {}).get("parameters", []))
    ]
    pages = [route.path for route in website.routes if PageParams in typing.get_type_hints(route.endpoint).values()]
    return api + pages


@pytest.fixture
def path_ids(api, seeded, database) -> dict[str, str]:  # noqa: ANN001
    """An existing entity for each path parameter of a nested list (they answer 404 before reading the cursor)."""
    from app.bodies.models import Body

    with database.write_sessionmaker.begin() as session:
        sub = Body(kind="subcommittee", name="Underutvalg", parent_body_id=uuid.UUID(seeded.au))
        session.add(sub)
        session.flush()
        subcommittee_id = str(sub.id)
    return {
        "body_id": seeded.au,
        "case_id": au_case(api, seeded)["id"],
        "meeting_id": forum_meeting(api, seeded)["id"],
        "subcommittee_id": subcommittee_id,
        "document_id": document(api)["id"],
        "decision_id": forum_decision(api, seeded, kind="recommendation")["id"],
        "webhook_id": ok(
            api.post("/api/v1/webhooks", json={"url": "https://93.184.215.14/", "event_types": ["meeting.convened"]}),
            201,
        )["id"],
        "person_id": ok(api.post("/api/v1/persons", json={"name": "Kari Nordmann"}), 201)["id"],
    }


# Lists that need more than a cursor to answer at all.
REQUIRED_PARAMS = {"/api/v1/public/search": {"q": "sak"}, "/sok": {"q": "sak"}}


def _as_browser(path: str) -> dict[str, str]:
    """A website path's error is a page for a browser; other clients get the problem."""
    return {} if path.startswith("/api/") else {"Accept": "text/html"}


def _refuses_cursor(r, path: str, name: str = "") -> None:  # noqa: ANN001
    """The API names the field; the website answers a browser with its bokmål error page."""
    if path.startswith("/api/"):
        assert _fields(r) == ["query.cursor"], (path, name)
    else:
        assert r.status_code == 422 and r.headers["content-type"].startswith("text/html"), (path, name)


@pytest.mark.parametrize("path", _list_paths())
def test_forged_cursor_with_lone_surrogate_is_422_not_500(request, api, path) -> None:  # noqa: ANN001
    """Also a NUL, a wrong type, a value the column cannot hold, not base64, not JSON, the wrong arity."""
    params = REQUIRED_PARAMS.get(path, {})
    if "{" in path:
        path = path.format(**request.getfixturevalue("path_ids"))
    for name, cursor in FORGED_CURSORS.items():
        if params and name == "id no UUID string":
            continue  # the search's cursor is (score, integer id): that one is well formed there
        _refuses_cursor(api.get(path, params={**params, "cursor": cursor}, headers=_as_browser(path)), path, name)


def test_the_cursor_from_the_issue_is_422_on_the_website_too(anon) -> None:  # noqa: ANN001
    cursor = "WyJcdWQ4MDAiLCAiMDAwMDAwMDAtMDAwMC0wMDAwLTAwMDAtMDAwMDAwMDAwMDAwIl0"
    for path in ("/api/v1/public/subcommittees", "/underutvalg"):
        _refuses_cursor(anon.get(path, params={"cursor": cursor}, headers=_as_browser(path)), path)


def test_duplicate_org_number_is_409_naming_it(api) -> None:  # noqa: ANN001
    assert api.post("/api/v1/organizations", json={"name": "A", "org_number": "974761076"}).status_code == 201
    other = api.post("/api/v1/organizations", json={"name": "B"}).json()["id"]
    for r in (
        api.post("/api/v1/organizations", json={"name": "C", "org_number": "974761076"}),
        patch_current(api, f"/api/v1/organizations/{other}", json={"org_number": "974761076"}),
    ):
        assert r.status_code == 409 and r.headers["content-type"] == PROBLEM, r.text
        assert r.json()["errors"][0]["field"] == "body.org_number"


# ---- what the schema promises is what the server enforces ---------------------------------------


@pytest.mark.parametrize("moment", [0, 1700000000, 0.5, "0.5", "1700000000", "2024-10-15 10:00:00+02:00"])
def test_a_number_is_not_a_time(api, seeded, moment) -> None:  # noqa: ANN001
    """pydantic reads numbers as seconds since 1970: `{"starts_at": 0}` was a meeting in 1970."""
    assert _fields(api.post("/api/v1/meetings", json={"body_id": seeded.au, "starts_at": moment})) == ["body.starts_at"]


@pytest.mark.parametrize(
    ("path", "param"),
    [
        ("/api/v1/audit-events", "since"),
        ("/api/v1/public/meetings", "starts_before"),
        ("/api/v1/bodies/{au}/memberships", "active_on"),
    ],
)
@pytest.mark.parametrize("value", ["0", "0.5", "1700000000"])
def test_a_number_is_not_a_time_in_a_query_either(api, seeded, path, param, value) -> None:  # noqa: ANN001
    assert _fields(api.get(path.format(au=seeded.au), params={param: value})) == [f"query.{param}"]


def test_a_number_is_not_a_date(api, seeded) -> None:  # noqa: ANN001
    person = api.post("/api/v1/persons", json={"name": "Kari"}).json()["id"]
    r = api.post(
        f"/api/v1/bodies/{seeded.au}/memberships", json={"person_id": person, "role": "member", "start_date": 0}
    )
    assert _fields(r) == ["body.start_date"]


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/api/v1/documents", {"kind": "other", "title": "Notat", "title_public": 0}, "title_public"),
        ("/api/v1/organizations", {"name": "Etaten", "stakeholder": "yes"}, "stakeholder"),
        (
            "/api/v1/annual-plans",
            {"year": "2024", "document_id": str(uuid.uuid4()), "adopted_by_decision_id": str(uuid.uuid4())},
            "year",
        ),
    ],
)
def test_a_number_is_not_a_boolean_nor_a_string_a_number(api, seeded, path, body, field) -> None:  # noqa: ANN001
    """The schema says boolean or integer; pydantic would read 0, "yes" and "2024" as such."""
    body = {"owner_body_id": seeded.au, **body} if path.endswith("documents") else body
    assert f"body.{field}" in _fields(api.post(path, json=body))


def _schemas() -> dict:
    from app.openapi import render

    return json.loads(render())["components"]["schemas"]


def _pattern(schema: dict) -> str:
    return next(s["pattern"] for s in schema.get("anyOf", [schema]) if "pattern" in s)


@pytest.mark.parametrize(
    ("schema", "field", "refused", "accepted"),
    [
        ("OrganizationCreate", "org_number", ["97476107", "٩٧٤٧٦١٠٧٦", "97476107x"], ["974761076"]),
        ("PersonCreate", "email", ["kari", "k\u0000@x.no", "k\u001f@x.no", "k @x.no"], ["kari@example.no"]),
        ("CaseCreate", "title", ["Sak\u0000", "Sak\u000b", "Sak\ufffe"], ["Sak\t1\r\n«ÆØÅ»"]),
        (
            "MeetingCreate",
            "starts_at",
            [
                "2024-10-15T10:00:00",
                "0001-01-01T00:00:00+14:00",
                "3000-01-01T00:00:00Z",
                "0.5",
                "2024-10-15",
                "2024-10-15T10:00Z",
            ],
            ["2024-10-15T10:00:00+02:00", "1900-01-01T00:00:00Z", "2999-12-31T23:59:59.5-14:00"],
        ),
        ("MembershipCreate", "start_date", ["9999-12-31", "1899-12-31", "2024-1-5", "0"], ["2024-01-05"]),
    ],
)
def test_the_schema_states_what_the_server_enforces(schema, field, refused, accepted) -> None:  # noqa: ANN001
    """A client that obeys the pattern in the OpenAPI document is never refused for shape, and the
    values the server refuses do not match it."""
    import importlib
    import re

    from pydantic import BaseModel, ValidationError

    pattern = re.compile(_pattern(_schemas()[schema]["properties"][field]))
    module = {
        "OrganizationCreate": "organizations",
        "PersonCreate": "persons",
        "CaseCreate": "cases",
        "MeetingCreate": "meetings",
        "MembershipCreate": "memberships",
    }[schema]
    model: type[BaseModel] = getattr(importlib.import_module(f"app.{module}.schemas"), schema)

    def server_refuses(value: str) -> bool:
        try:
            model.model_validate_json(json.dumps({field: value}))
        except ValidationError as exc:
            return any(e["loc"][:1] == (field,) for e in exc.errors())
        return False

    for value in refused:
        assert not pattern.search(value) and server_refuses(value), value
    for value in accepted:
        assert pattern.search(value) and not server_refuses(value), value
