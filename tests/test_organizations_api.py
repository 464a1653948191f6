"""Organizations: register, read, list with filters and pagination, patch with If-Match."""

from __future__ import annotations

from tests.flows import ok, patch_current

ORGS = "/api/v1/organizations"


def test_register_and_read_round_trips_norwegian_text(api):
    body = {
        "name": "Pasient- og brukerombudet i Møre og Romsdal",
        "short_name": "PBO",
        "org_number": "974761076",
        "stakeholder": True,
        "responsibilities": ["Bistå pasienter, brukere og pårørende — også på tvers av tjenestenivå"],
    }
    r = api.post(ORGS, json=body)
    assert r.status_code == 201, r.text
    org = r.json()
    assert r.headers["Location"] == f"{ORGS}/{org['id']}"
    assert org["warnings"] == []
    got = api.get(f"{ORGS}/{org['id']}")
    assert got.headers["ETag"] == r.headers["ETag"]
    assert {k: got.json()[k] for k in body} == body
    assert got.json()["central_health_administration"] is False


def test_register_writes_an_audit_event(api):
    org = api.post(ORGS, json={"name": "Statens helsetilsyn for Ålesund"}).json()
    events = api.get("/api/v1/audit-events", params={"entity_id": org["id"]}).json()["items"]
    assert [(e["action"], e["entity_type"], e["before"]) for e in events] == [("create", "organization", None)]
    assert events[0]["after"]["name"] == "Statens helsetilsyn for Ålesund"
    assert events[0]["actor"].startswith("secretariat:")


def test_list_filters_by_flags_and_name(api, seeded):
    def names(**params):
        return [o["name"] for o in api.get(ORGS, params={"limit": 200, **params}).json()["items"]]

    central = names(central_health_administration="true")
    assert "Helsedirektoratet" in central and "KS" not in central
    assert "Verdens helseorganisasjon" in names(stakeholder="true")
    assert "Verdens helseorganisasjon" not in names(collaboration_actor="true")
    assert names(q="helsetilsyn") == ["Helsetilsynet"]
    assert names(q="WHO") == ["Verdens helseorganisasjon"]  # the short name counts too


def test_keyset_pagination_visits_every_organization_once(api, seeded):
    everything = [o["id"] for o in api.get(ORGS, params={"limit": 200}).json()["items"]]
    assert len(everything) > 10
    seen, cursor = [], None
    while True:
        page = api.get(ORGS, params={"limit": 4, **({"cursor": cursor} if cursor else {})}).json()
        assert len(page["items"]) <= 4
        seen += [o["id"] for o in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == everything


def test_bad_cursor_is_422(api):
    r = api.get(ORGS, params={"cursor": "not-a-cursor"})
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "query.cursor"


def test_patch_honours_if_match_and_audits(api):
    created = api.post(ORGS, json={"name": "Nasjonalt senter for e-helseforskning"})
    url, etag = f"{ORGS}/{created.json()['id']}", created.headers["ETag"]
    r = patch_current(api, url, json={"short_name": "NSE", "stakeholder": True}, headers={"If-Match": etag})
    assert r.status_code == 200, r.text
    assert r.json()["short_name"] == "NSE" and r.headers["ETag"] != etag
    stale = patch_current(api, url, json={"short_name": "X"}, headers={"If-Match": etag})
    assert stale.status_code == 412
    assert stale.headers["content-type"] == "application/problem+json"
    assert api.get(url).json()["short_name"] == "NSE"
    update = api.get("/api/v1/audit-events", params={"entity_id": created.json()["id"], "action": "update"})
    [event] = update.json()["items"]
    assert (event["before"]["short_name"], event["after"]["short_name"]) == (None, "NSE")


def test_invalid_input_names_each_field(api):
    r = api.post(ORGS, json={"name": "", "org_number": "12", "colour": "blå"})
    assert r.status_code == 422
    assert {e["field"] for e in r.json()["errors"]} == {"body.name", "body.org_number", "body.colour"}
    org = api.post(ORGS, json={"name": "Sykehusapotekene"}).json()
    r = patch_current(api, f"{ORGS}/{org['id']}", json={"name": None})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "body.name"


def test_duplicate_name_is_a_conflict(api):
    assert api.post(ORGS, json={"name": "Tannhelsetjenesten"}).status_code == 201
    r = api.post(ORGS, json={"name": "Tannhelsetjenesten"})
    assert r.status_code == 409 and r.json()["errors"][0]["field"] == "body.name"


def test_unknown_id_is_404(api):
    r = api.get(f"{ORGS}/00000000-0000-0000-0000-000000000000")
    assert r.status_code == 404 and r.headers["content-type"] == "application/problem+json"
    assert patch_current(api, f"{ORGS}/00000000-0000-0000-0000-000000000000", json={}).status_code == 404


def test_reads_need_a_token_and_writes_the_secretariat(api, anon, seeded):
    assert anon.get(ORGS).status_code == 401
    assert anon.post(ORGS, json={"name": "Uten nøkkel"}).status_code == 401
    person = api.post("/api/v1/persons", json={"name": "Kåre Ås"}).json()
    as_person = api.as_person(person["id"])
    assert as_person.get(ORGS).status_code == 403  # no seat anywhere: nothing that is not public
    ok(
        api.post(
            f"/api/v1/bodies/{seeded.au}/memberships",
            json={"person_id": person["id"], "role": "member", "start_date": "2023-01-01"},
        ),
        201,
    )
    assert as_person.get(ORGS).status_code == 200
    assert as_person.post(ORGS, json={"name": "Ikke sekretariatet"}).status_code == 403
    org = api.post(ORGS, json={"name": "Helse Nord"}).json()
    assert patch_current(as_person, f"{ORGS}/{org['id']}", json={"stakeholder": True}).status_code == 403


def test_a_patch_that_changes_nothing_writes_nothing(api):
    created = api.post("/api/v1/organizations", json={"name": "Uendret etat", "stakeholder": True})
    org = created.json()
    again = patch_current(
        api,
        f"/api/v1/organizations/{org['id']}",
        json={"name": "Uendret etat", "stakeholder": True},
        headers={"If-Match": created.headers["ETag"]},
    )
    assert again.status_code == 200, again.text
    assert again.headers["ETag"] == created.headers["ETag"]
    events = api.get("/api/v1/audit-events", params={"entity_id": org["id"]}).json()["items"]
    assert [e["action"] for e in events] == ["create"]
