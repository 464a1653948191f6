"""Persons: the secretariat registers them; a person may correct their own record."""

from __future__ import annotations

import uuid

import pytest
from alembic import command
from sqlalchemy import text

from app.cli import _alembic_config
from app.db import make_engine
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
    [error] = r.json()["errors"]
    assert error["field"] == "body.organization_id" and error["code"] == "unknown_id"
    assert error["message_nb"].startswith("Det finnes ingenting med id-en")


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


def test_an_address_is_unique_without_regard_to_case(api):
    marit = api.post(PERSONS, json={"name": "Marit", "email": "marit.solbakken@eksempel.invalid"}).json()
    r = api.post(PERSONS, json={"name": "B", "email": "MARIT.SOLBAKKEN@eksempel.invalid"})
    assert r.status_code == 409 and r.json()["errors"][0]["field"] == "body.email"
    other = api.post(PERSONS, json={"name": "C"}).json()
    r = patch_current(api, f"{PERSONS}/{other['id']}", json={"email": "Marit.Solbakken@eksempel.invalid"})
    assert r.status_code == 409
    ok = patch_current(api, f"{PERSONS}/{marit['id']}", json={"email": "Marit.Solbakken@eksempel.invalid"})
    assert ok.status_code == 200  # the same address in another case


def test_a_person_cannot_take_over_another_s_sign_in_nor_learn_who_is_registered(api):
    """Issue 27, finding 6: a person set their own address to another's in upper case (200), and the
    other's sign-in then named them; the 409 told whether an address was registered."""
    api.post(PERSONS, json={"name": "Marit", "email": "marit.solbakken@eksempel.invalid"})
    me = api.post(PERSONS, json={"name": "Uten verv", "email": "meg@eksempel.invalid"}).json()
    as_me = api.as_person(me["id"])
    taken = patch_current(as_me, f"{PERSONS}/{me['id']}", json={"email": "MARIT.SOLBAKKEN@eksempel.invalid"})
    free = patch_current(as_me, f"{PERSONS}/{me['id']}", json={"email": "ledig@eksempel.invalid"})
    assert taken.status_code == free.status_code == 403
    assert taken.json()["detail"] == free.json()["detail"]  # the same answer whether or not it is taken
    assert api.get(f"{PERSONS}/{me['id']}").json()["email"] == "meg@eksempel.invalid"
    r = patch_current(as_me, f"{PERSONS}/{me['id']}", json={"email": "MEG@eksempel.invalid", "title": "Rådgiver"})
    assert r.status_code == 200  # their own address in another case is still theirs


def test_the_migration_stops_on_addresses_that_differ_only_in_case(fresh_url):
    cfg = _alembic_config(fresh_url)
    command.upgrade(cfg, "0008")
    engine = make_engine(fresh_url)
    with engine.begin() as conn:
        for email in ("kari@example.no", "Kari@Example.no"):
            conn.execute(
                text(
                    "INSERT INTO persons (id, version, created_at, updated_at, name, email) VALUES (:id, 1, :t, :t, 'K', :e)"
                ),
                {
                    "id": uuid.uuid4().hex if engine.dialect.name == "sqlite" else uuid.uuid4(),
                    "t": "2026-01-01T00:00:00+00:00",
                    "e": email,
                },
            )
    engine.dispose()
    with pytest.raises(RuntimeError, match=r"kari@example.no \(2 persons\)"):
        command.upgrade(cfg, "head")
