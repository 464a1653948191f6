"""Bodies: read and patch the seeded bodies; the dissolve transition."""

from __future__ import annotations

import uuid

import pytest

from app.bodies.models import Body
from tests.flows import ok, patch_current, post_transition

BODIES = "/api/v1/bodies"


@pytest.fixture
def subcommittee(database, seeded) -> str:
    """A subcommittee under the AU (normally set up through /subcommittees)."""
    with database.write_sessionmaker.begin() as session:
        body = Body(
            kind="subcommittee", name="Underutvalg for legemiddelsikkerhet", parent_body_id=uuid.UUID(seeded.au)
        )
        session.add(body)
        session.flush()
        return str(body.id)


def au_member(api, seeded) -> dict:
    person = api.post("/api/v1/persons", json={"name": "Åse Berg"}).json()
    r = api.post(
        f"{BODIES}/{seeded.au}/memberships",
        json={
            "person_id": person["id"],
            "organization_id": seeded.organizations["Helsedirektoratet"],
            "role": "member",
            "start_date": "2023-01-01",
        },
    )
    assert r.status_code == 201, r.text
    return person


def test_list_and_filter_bodies(api, seeded, subcommittee):
    def ids(**params):
        return [b["id"] for b in api.get(BODIES, params=params).json()["items"]]

    assert set(ids()) == {seeded.forum, seeded.au, seeded.project_board, subcommittee}
    assert ids(kind="working_committee") == [seeded.au]
    assert ids(parent_body_id=uuid.UUID(seeded.au)) == [subcommittee]
    assert ids(status="dissolved") == []
    assert api.get(BODIES, params={"kind": "styre"}).status_code == 422


def test_pagination_over_more_than_a_page(api, seeded, subcommittee):
    first = api.get(BODIES, params={"limit": 3}).json()
    rest = api.get(BODIES, params={"limit": 3, "cursor": first["next_cursor"]}).json()
    assert len(first["items"]) == 3 and len(rest["items"]) == 1 and rest["next_cursor"] is None
    names = [b["name"] for b in first["items"] + rest["items"]]
    assert names == sorted(names)


def test_get_one_with_etag_and_404(api, seeded):
    r = api.get(f"{BODIES}/{seeded.forum}")
    assert r.status_code == 200 and r.headers["ETag"]
    assert r.json()["kind"] == "top_leaders_forum" and r.json()["status"] == "active"
    assert "helsedirektøren" in r.json()["mandate"]
    assert api.get(f"{BODIES}/00000000-0000-0000-0000-000000000000").status_code == 404


def test_patch_mandate_with_if_match_and_audit(api, seeded):
    url = f"{BODIES}/{seeded.au}"
    etag = api.get(url).headers["ETag"]
    r = patch_current(
        api, url, json={"mandate": "Arbeidsutvalget skal forberede saker – også om æøå."}, headers={"If-Match": etag}
    )
    assert r.status_code == 200, r.text
    assert r.json()["mandate"].endswith("æøå.") and r.json()["warnings"] == []
    assert patch_current(api, url, json={"mandate": "eldre"}, headers={"If-Match": etag}).status_code == 412
    events = api.get("/api/v1/audit-events", params={"entity_id": seeded.au, "action": "update"}).json()["items"]
    assert events[-1]["after"]["mandate"].endswith("æøå.")


def test_kind_and_status_are_not_patchable(api, seeded):
    r = patch_current(api, f"{BODIES}/{seeded.au}", json={"kind": "subcommittee", "status": "dissolved"})
    assert r.status_code == 422
    assert {e["field"] for e in r.json()["errors"]} == {"body.kind", "body.status"}


def test_standing_bodies_are_changed_by_the_secretariat_only(api, seeded):
    member = au_member(api, seeded)
    outsider = api.post("/api/v1/persons", json={"name": "Utenforstående"}).json()
    assert (
        patch_current(api.as_person(member["id"]), f"{BODIES}/{seeded.au}", json={"short_name": "AU"}).status_code
        == 403
    )
    assert ok(patch_current(api, f"{BODIES}/{seeded.au}", json={"short_name": "AU"}))["short_name"] == "AU"
    assert (
        patch_current(api.as_person(outsider["id"]), f"{BODIES}/{seeded.au}", json={"short_name": "X"}).status_code
        == 403
    )
    assert (
        patch_current(api.as_person(member["id"]), f"{BODIES}/{seeded.forum}", json={"short_name": "X"}).status_code
        == 403
    )


def test_standing_bodies_cannot_be_dissolved(api, seeded):
    listing = api.get(f"{BODIES}/{seeded.au}/transitions").json()
    [dissolve] = listing["transitions"]
    assert dissolve["allowed"] is False
    assert {c["rule"]: c["passed"] for c in dissolve["rules"]}["body.dissolve.temporary_only"] is False
    r = post_transition(api, f"{BODIES}/{seeded.forum}/transitions/dissolve")
    assert r.status_code == 409
    [violation] = r.json()["violations"]
    assert violation["rule"] == "body.dissolve.temporary_only"
    assert "fast og varig struktur" in violation["citation"]
    assert api.get(f"{BODIES}/{seeded.forum}").json()["status"] == "active"


def test_dissolving_the_project_board(api, seeded):
    url = f"{BODIES}/{seeded.project_board}"
    dry = post_transition(api, f"{url}/transitions/dissolve", params={"dry_run": "true"}).json()
    assert dry["allowed"] is True and api.get(url).json()["status"] == "active"
    r = post_transition(api, f"{url}/transitions/dissolve", headers={"If-Match": api.get(url).headers["ETag"]})
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "dissolved" and r.json()["dissolved_at"]
    events = api.get("/api/v1/audit-events", params={"entity_id": seeded.project_board}).json()["items"]
    assert events[-1]["action"] == "dissolve" and events[-1]["after"]["status"] == "dissolved"
    again = post_transition(api, f"{url}/transitions/dissolve")
    assert again.status_code == 409 and again.json()["violations"][0]["rule"] == "body.transition.order"


def test_au_members_dissolve_subcommittees_but_not_the_board(api, seeded, subcommittee):
    member = au_member(api, seeded)
    as_member = api.as_person(member["id"])
    assert post_transition(as_member, f"{BODIES}/{seeded.project_board}/transitions/dissolve").status_code == 403
    r = post_transition(as_member, f"{BODIES}/{subcommittee}/transitions/dissolve")
    assert r.status_code == 200 and r.json()["status"] == "dissolved"
    assert api.get(BODIES, params={"status": "dissolved"}).json()["items"][0]["id"] == subcommittee


def test_a_dissolved_subcommittee_holds_no_meetings(api, seeded, subcommittee):
    """Issue 27, finding 10: a dissolved body takes no new cases, documents or meetings."""
    ok(post_transition(api, f"{BODIES}/{subcommittee}/transitions/dissolve"))
    r = api.post("/api/v1/meetings", json={"body_id": subcommittee, "starts_at": "2031-05-06T10:00:00+02:00"})
    assert r.status_code == 409 and [v["rule"] for v in r.json()["violations"]] == ["body.dissolved_takes_no_new_work"]
