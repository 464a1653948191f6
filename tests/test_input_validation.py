"""Input both databases cannot store or the rules cannot compute with is a 422 naming the field, never a 500.

Found by fuzzing the OpenAPI document (schemathesis) on PostgreSQL: NUL characters in text, times whose
offset pushes them out of Python's calendar when normalised to UTC, dates a rule adds months to, and forged
cursors. The shared input types live in app/types.py.
"""

from __future__ import annotations

import base64
import json
import uuid

import pytest

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
        ("post", "/api/v1/organizations", {"name": NUL}, "name"),
        ("post", "/api/v1/organizations", {"name": "A", "responsibilities": [NUL]}, "responsibilities.0"),
        ("patch", f"/api/v1/organizations/{org}", {"description": NUL}, "description"),
        ("post", "/api/v1/persons", {"name": "Kari", "email": "k\u0000@x.no"}, "email"),
        ("patch", f"/api/v1/persons/{person}", {"title": NUL}, "title"),
        ("patch", f"/api/v1/bodies/{seeded.au}", {"mandate": NUL}, "mandate"),
        ("post", "/api/v1/cases", {"owner_body_id": seeded.au, "title": NUL, "kind": "decision"}, "title"),
        ("patch", f"/api/v1/cases/{case}", {"summary": NUL}, "summary"),
        ("post", "/api/v1/documents", {"kind": "other", "title": "Notat", "body": NUL, "owner_body_id": seeded.au}, "body"),
        ("post", "/api/v1/meetings",
         {"body_id": seeded.au, "starts_at": "2030-01-01T10:00:00+01:00", "location": NUL}, "location"),
        ("post", f"/api/v1/bodies/{seeded.au}/memberships",
         {"person_id": person, "role": "member", "start_date": "2030-01-01", "competence": NUL}, "competence"),
        ("post", f"/api/v1/cases/{case}/transitions/withdraw?dry_run=true", {"reason": NUL}, "reason"),
    ]
    for method, path, body, field in requests:
        assert _fields(getattr(api, method)(path, json=body)) == [field], path


@pytest.mark.parametrize("title", ["Rapport\u000bdel 2", "Rapport\u001f", "Rapport\ufffe"])
def test_control_characters_xml_cannot_carry_are_422(api, anon, seeded, title) -> None:  # noqa: ANN001
    """Published titles go into the Atom feed; one such character made every feed request a 500."""
    assert _fields(api.post("/api/v1/documents", json={"kind": "report", "title": title, "owner_body_id": seeded.au})) == ["title"]
    plain = api.post("/api/v1/documents", json={"kind": "report", "title": "Rapport", "body": "a\tb\r\nc",
                                               "owner_body_id": seeded.au})
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
    assert _fields(r) == ["starts_at"]
    assert "needs an offset" in r.json()["errors"][0]["message"]


@pytest.mark.parametrize("moment", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00"])
def test_times_at_the_edge_of_the_calendar_are_422(api, anon, seeded, moment) -> None:  # noqa: ANN001
    """Normalising them to UTC would leave Python's calendar (an OverflowError, once a 500)."""
    assert _fields(api.post("/api/v1/meetings", json={"body_id": seeded.au, "starts_at": moment})) == ["starts_at"]
    assert _fields(api.get("/api/v1/audit-events", params={"since": moment})) == ["query.since"]
    assert _fields(anon.get("/api/v1/public/meetings", params={"starts_before": moment})) == ["query.starts_before"]


def test_dates_at_the_edge_of_the_calendar_are_422(api, seeded) -> None:  # noqa: ANN001
    """A rule adds the minimum term to the start date: 9999-12-31 overflowed (a 500)."""
    person = api.post("/api/v1/persons", json={"name": "Kari"}).json()["id"]
    membership = {"person_id": person, "role": "member", "start_date": "9999-12-31"}
    assert _fields(api.post(f"/api/v1/bodies/{seeded.au}/memberships", json=membership)) == ["start_date"]
    assert _fields(api.patch(f"/api/v1/bodies/{seeded.au}", json={"deadline": "0001-01-01"})) == ["deadline"]
    r = api.get(f"/api/v1/bodies/{seeded.au}/memberships", params={"active_on": "0001-01-01"})
    assert _fields(r) == ["query.active_on"]


def test_integers_beyond_32_bits_are_422(api, seeded) -> None:  # noqa: ANN001
    person = api.post("/api/v1/persons", json={"name": "Kari"}).json()["id"]
    membership = {"person_id": person, "role": "member", "start_date": "2030-01-01", "allocation_percent": 2**40}
    assert _fields(api.post(f"/api/v1/bodies/{seeded.au}/memberships", json=membership)) == ["allocation_percent"]
    plan = {"year": 2**40, "title": "Årsplan", "document_id": str(uuid.uuid4()),
            "adopted_by_decision_id": str(uuid.uuid4())}
    assert _fields(api.post("/api/v1/annual-plans", json=plan)) == ["year"]


def _forged(value: object, ident: object = None) -> str:
    raw = json.dumps([value, str(uuid.uuid4()) if ident is None else ident]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@pytest.mark.parametrize(
    ("path", "cursor"),
    [
        ("/api/v1/annual-plans", _forged(10**22)),  # PostgreSQL: integer out of range
        ("/api/v1/public/annual-plans", _forged(2024, ident=2)),  # an id that is no UUID string
        ("/api/v1/organizations", _forged(NUL)),  # PostgreSQL text cannot hold NUL
        ("/api/v1/cases", _forged({"dt": "0001-01-01T00:00:00+14:00"})),  # leaves the calendar in UTC
    ],
)
def test_a_forged_cursor_is_422_naming_cursor(api, path, cursor) -> None:  # noqa: ANN001
    assert _fields(api.get(path, params={"cursor": cursor})) == ["cursor"]


def test_duplicate_org_number_is_409_naming_it(api) -> None:  # noqa: ANN001
    assert api.post("/api/v1/organizations", json={"name": "A", "org_number": "974761076"}).status_code == 201
    other = api.post("/api/v1/organizations", json={"name": "B"}).json()["id"]
    for r in (
        api.post("/api/v1/organizations", json={"name": "C", "org_number": "974761076"}),
        api.patch(f"/api/v1/organizations/{other}", json={"org_number": "974761076"}),
    ):
        assert r.status_code == 409 and r.headers["content-type"] == PROBLEM, r.text
        assert r.json()["field"] == "org_number"
