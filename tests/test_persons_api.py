"""Persons: the secretariat registers them; a person may correct their own record."""

from __future__ import annotations

from tests.flows import patch_current

PERSONS = "/api/v1/persons"


def test_register_read_and_filter_by_organization(api, seeded):
    hdir, fhi = seeded.organizations["Helsedirektoratet"], seeded.organizations["Folkehelseinstituttet"]
    r = api.post(
        PERSONS,
        json={"name": "Bjørg Æsøy", "email": "bjorg@example.no", "title": "Seniorrådgiver", "organization_id": hdir},
    )
    assert r.status_code == 201, r.text
    person = r.json()
    assert r.headers["Location"] == f"{PERSONS}/{person['id']}"
    api.post(PERSONS, json={"name": "Øystein Lie", "organization_id": fhi})
    got = api.get(f"{PERSONS}/{person['id']}")
    assert got.json()["name"] == "Bjørg Æsøy" and got.headers["ETag"]
    listed = api.get(PERSONS, params={"organization_id": hdir}).json()["items"]
    assert [p["name"] for p in listed] == ["Bjørg Æsøy"]


def test_pagination_over_more_than_a_page(api):
    for i in range(5):
        api.post(PERSONS, json={"name": f"Person {i}"})
    first = api.get(PERSONS, params={"limit": 3}).json()
    second = api.get(PERSONS, params={"limit": 3, "cursor": first["next_cursor"]}).json()
    names = [p["name"] for p in first["items"] + second["items"]]
    assert names == [f"Person {i}" for i in range(5)] and second["next_cursor"] is None


def test_unknown_organization_is_422_naming_the_field(api):
    r = api.post(PERSONS, json={"name": "Åge", "organization_id": "00000000-0000-0000-0000-000000000000"})
    assert r.status_code == 422
    assert r.json()["errors"] == [{"field": "body.organization_id", "message": r.json()["errors"][0]["message"]}]


def test_invalid_fields_are_named(api):
    r = api.post(PERSONS, json={"name": "", "email": "ikke-en-adresse"})
    assert r.status_code == 422
    assert {e["field"] for e in r.json()["errors"]} == {"body.name", "body.email"}


def test_only_the_secretariat_registers_but_a_person_edits_themself(api):
    me = api.post(PERSONS, json={"name": "Ragnhild Øvre"}).json()
    other = api.post(PERSONS, json={"name": "Sverre Ås"}).json()
    as_me = api.as_person(me["id"])
    assert as_me.post(PERSONS, json={"name": "Ny"}).status_code == 403
    assert patch_current(as_me, f"{PERSONS}/{other['id']}", json={"title": "x"}).status_code == 403
    r = patch_current(as_me, f"{PERSONS}/{me['id']}", json={"title": "Fagdirektør"})
    assert r.status_code == 200 and r.json()["title"] == "Fagdirektør"
    [event] = api.get("/api/v1/audit-events", params={"entity_id": me["id"], "action": "update"}).json()["items"]
    assert event["actor"] == f"person:{me['id']}"


def test_stale_if_match_is_412(api):
    created = api.post(PERSONS, json={"name": "Tor Åsen"})
    url, etag = f"{PERSONS}/{created.json()['id']}", created.headers["ETag"]
    assert patch_current(api, url, json={"title": "A"}, headers={"If-Match": etag}).status_code == 200
    assert patch_current(api, url, json={"title": "B"}, headers={"If-Match": etag}).status_code == 412
    assert api.get(url).json()["title"] == "A"


def test_duplicate_email_is_a_conflict(api):
    api.post(PERSONS, json={"name": "A", "email": "felles@example.no"})
    r = api.post(PERSONS, json={"name": "B", "email": "felles@example.no"})
    assert r.status_code == 409 and r.json()["errors"][0]["field"] == "body.email"


def test_unknown_person_is_404(api, anon):
    assert api.get(f"{PERSONS}/00000000-0000-0000-0000-000000000000").status_code == 404
    assert anon.get(PERSONS).status_code == 401
