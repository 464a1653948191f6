"""Memberships: seats in a body, listed, filtered, changed and ended over HTTP."""

from __future__ import annotations

import uuid

from app.bodies.models import Body
from tests.flows import patch_current

PERSONS = "/api/v1/persons"
MEMBERSHIPS = "/api/v1/memberships"


def add_person(api, organization_id: str | None = None, name: str = "Åsmund Ødegård") -> str:
    r = api.post(PERSONS, json={"name": name, "organization_id": organization_id})
    assert r.status_code == 201, r.text
    return r.json()["id"]


def add_seat(api, body_id: str, person_id: str, role: str = "member", **fields):
    """POST a membership starting 2023-01-01 (the AU's start) unless told otherwise."""
    payload = {"person_id": person_id, "role": role, "start_date": "2023-01-01", **fields}
    return api.post(f"/api/v1/bodies/{body_id}/memberships", json=payload)


def test_add_read_and_audit_a_membership(api, seeded):
    hdir = seeded.organizations["Helsedirektoratet"]
    person = add_person(api, hdir)
    r = add_seat(api, seeded.au, person, allocation_percent=20, competence="Pasientsikkerhet og læring av feil")
    assert r.status_code == 201, r.text
    m = r.json()
    assert r.headers["Location"] == f"{MEMBERSHIPS}/{m['id']}"
    assert m["organization_id"] == hdir  # defaults to the person's organization
    assert m["body_id"] == seeded.au and m["end_date"] is None
    got = api.get(f"{MEMBERSHIPS}/{m['id']}")
    assert got.headers["ETag"] == r.headers["ETag"] and got.json()["competence"].endswith("feil")
    [event] = api.get("/api/v1/audit-events", params={"entity_id": m["id"]}).json()["items"]
    assert (event["action"], event["entity_type"], event["after"]["role"]) == ("create", "membership", "member")


def test_a_membership_names_its_person_and_organization(api, seeded):
    hdir, fhi = seeded.organizations["Helsedirektoratet"], seeded.organizations["Folkehelseinstituttet"]
    person = add_person(api, hdir, "Kari Nordmann")
    m = add_seat(api, seeded.au, person).json()
    assert (m["person_name"], m["organization_name"]) == ("Kari Nordmann", "Helsedirektoratet")
    moved = patch_current(api, f"{MEMBERSHIPS}/{m['id']}", json={"organization_id": fhi}).json()
    assert (moved["person_name"], moved["organization_name"]) == ("Kari Nordmann", "Folkehelseinstituttet")
    got = api.get(f"{MEMBERSHIPS}/{m['id']}").json()
    assert (got["person_name"], got["organization_name"]) == ("Kari Nordmann", "Folkehelseinstituttet")
    listed = api.get(f"/api/v1/bodies/{seeded.au}/memberships", params={"person_id": person}).json()["items"]
    assert [(s["person_name"], s["organization_name"]) for s in listed] == [("Kari Nordmann", "Folkehelseinstituttet")]
    [event] = api.get("/api/v1/audit-events", params={"entity_id": m["id"], "action": "update"}).json()["items"]
    assert "person_name" not in event["after"]  # the record keeps ids; names are shown beside them


def test_ending_a_membership_with_if_match(api, seeded):
    m = add_seat(api, seeded.au, add_person(api, seeded.organizations["Helsetilsynet"]))
    url, etag = f"{MEMBERSHIPS}/{m.json()['id']}", m.headers["ETag"]
    r = patch_current(api, url, json={"end_date": "2024-06-30"}, headers={"If-Match": etag})
    assert r.status_code == 200, r.text
    assert r.json()["end_date"] == "2024-06-30" and r.headers["ETag"] != etag
    assert patch_current(api, url, json={"end_date": "2024-12-31"}, headers={"If-Match": etag}).status_code == 412
    assert api.get(url).json()["end_date"] == "2024-06-30"
    [event] = api.get("/api/v1/audit-events", params={"entity_id": m.json()["id"], "action": "update"}).json()["items"]
    assert (event["before"]["end_date"], event["after"]["end_date"]) == (None, "2024-06-30")


def test_list_filters_and_pagination(api, seeded):
    hdir = seeded.organizations["Helsedirektoratet"]
    people = [add_person(api, hdir, f"Deltaker {i}") for i in range(4)]
    seats = [add_seat(api, seeded.au, p, start_date=f"2023-0{i + 1}-01").json() for i, p in enumerate(people)]
    add_seat(
        api,
        seeded.au,
        add_person(api, hdir, "Stedfortreder"),
        "deputy",
        deputy_for_membership_id=seats[0]["id"],
        start_date="2023-01-15",
        end_date="2023-12-31",
    )
    url = f"/api/v1/bodies/{seeded.au}/memberships"

    first = api.get(url, params={"limit": 3}).json()
    rest = api.get(url, params={"limit": 3, "cursor": first["next_cursor"]}).json()
    assert len(first["items"]) == 3 and len(rest["items"]) == 2 and rest["next_cursor"] is None
    assert [m["start_date"] for m in first["items"]] == ["2023-01-01", "2023-01-15", "2023-02-01"]

    def count(**params):
        return len(api.get(url, params=params).json()["items"])

    assert count(role="deputy") == 1 and count(role="member") == 4
    assert count(person_id=people[2]) == 1
    assert count(active_on="2023-02-15") == 3  # seats 0 and 1, and the deputy
    assert count(active_on="2024-01-01") == 4
    assert api.get(f"/api/v1/bodies/{seeded.forum}/memberships").json()["items"] == []
    assert api.get(url, params={"role": "boss"}).status_code == 422


def test_a_persons_memberships_in_every_body(api, seeded):
    """The person's page lists the seats in one request, whatever the body."""
    person = add_person(api, seeded.organizations["Helsedirektoratet"])
    au = add_seat(api, seeded.au, person, end_date="2023-12-31").json()
    forum = add_seat(api, seeded.forum, person, start_date="2024-01-01").json()
    add_seat(api, seeded.au, add_person(api, None, "En annen"))
    url = f"/api/v1/persons/{person}/memberships"
    first = api.get(url, params={"limit": 1}).json()
    rest = api.get(url, params={"limit": 1, "cursor": first["next_cursor"]}).json()
    assert [m["id"] for m in first["items"] + rest["items"]] == [au["id"], forum["id"]]
    assert rest["next_cursor"] is None and first["items"][0]["person_name"] == "Åsmund Ødegård"
    assert [m["body_id"] for m in api.get(url, params={"active_on": "2024-06-01"}).json()["items"]] == [seeded.forum]
    assert api.get(f"/api/v1/persons/{uuid.uuid4()}/memberships").status_code == 404


def test_invalid_memberships_are_422_naming_the_field(api, seeded):
    hdir = seeded.organizations["Helsedirektoratet"]
    person = add_person(api, hdir)
    forum_seat = add_seat(api, seeded.forum, person).json()

    def field(**kw) -> str:
        r = add_seat(api, seeded.au, kw.pop("person_id", person), **kw)
        assert r.status_code == 422, r.text
        return r.json()["errors"][0]["field"]

    assert field(end_date="2022-12-31") == "body.end_date"
    assert field(role="deputy") == "body.deputy_for_membership_id"
    assert field(role="deputy", deputy_for_membership_id=forum_seat["id"]) == "body.deputy_for_membership_id"
    assert field(deputy_for_membership_id=forum_seat["id"]) == "body.deputy_for_membership_id"
    assert field(background="politics") == "body.background"
    assert field(role="observer") == "body.role"
    assert field(allocation_percent=120) == "body.allocation_percent"
    assert field(person_id=str(uuid.uuid4())) == "body.person_id"
    assert field(organization_id=str(uuid.uuid4())) == "body.organization_id"
    r = patch_current(api, f"{MEMBERSHIPS}/{forum_seat['id']}", json={"end_date": "2020-01-01"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "body.end_date"
    r = patch_current(api, f"{MEMBERSHIPS}/{forum_seat['id']}", json={"role": None})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "body.role"


def test_unknown_ids_are_404(api, seeded):
    missing = str(uuid.uuid4())
    assert add_seat(api, missing, add_person(api)).status_code == 404
    assert api.get(f"/api/v1/bodies/{missing}/memberships").status_code == 404
    assert api.get(f"{MEMBERSHIPS}/{missing}").status_code == 404
    assert patch_current(api, f"{MEMBERSHIPS}/{missing}", json={"end_date": "2024-01-01"}).status_code == 404


def test_who_may_change_memberships(api, anon, database, seeded):
    """The membership register is the secretariat's; the AU composes its subcommittees."""
    hdir = seeded.organizations["Helsedirektoratet"]
    with database.write_sessionmaker.begin() as session:
        sub = Body(kind="subcommittee", name="Underutvalg om fall", parent_body_id=uuid.UUID(seeded.au))
        session.add(sub)
        session.flush()
        subcommittee = str(sub.id)
    au_member = add_person(api, hdir, "AU-medlem")
    add_seat(api, seeded.au, au_member)
    outsider = api.as_person(add_person(api, hdir, "Utenforstående"))
    as_member = api.as_person(au_member)

    assert anon.get(f"/api/v1/bodies/{seeded.au}/memberships").status_code == 401
    assert add_seat(anon, seeded.au, au_member).status_code == 401
    assert add_seat(outsider, seeded.au, add_person(api, hdir, "A")).status_code == 403
    assert add_seat(as_member, seeded.au, add_person(api, hdir, "B")).status_code == 403
    assert add_seat(as_member, subcommittee, add_person(api, hdir, "C")).status_code == 201
    assert add_seat(as_member, seeded.forum, add_person(api, hdir, "D")).status_code == 403
    assert add_seat(as_member, seeded.project_board, add_person(api, hdir, "E")).status_code == 403
    forum_seat = add_seat(api, seeded.forum, add_person(api, hdir, "F")).json()
    assert (
        patch_current(as_member, f"{MEMBERSHIPS}/{forum_seat['id']}", json={"end_date": "2024-01-01"}).status_code
        == 403
    )
    assert outsider.get(f"{MEMBERSHIPS}/{forum_seat['id']}").status_code == 403  # no seat: nothing non-public
    assert as_member.get(f"{MEMBERSHIPS}/{forum_seat['id']}").status_code == 200
