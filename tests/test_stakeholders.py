"""Stakeholders (interessenter): the AU can show whom it keeps contact with and whom it anchored a case with."""

from __future__ import annotations

from tests.flows import HDIR, au_case, ok, patch_current

WHO = "Verdens helseorganisasjon"
PATIENTS = "Pasienter, brukere og pårørende"


def test_stakeholders_are_listed_by_flag(api, seeded):
    ok(api.post("/api/v1/organizations", json={"name": "Pasient- og brukerombudet", "stakeholder": True}), 201)
    names = [
        o["name"] for o in ok(api.get("/api/v1/organizations", params={"stakeholder": "true", "limit": 200}))["items"]
    ]
    # The source's list of stakeholders («Arbeidsutvalget skal ha kontakt med relevante interessenter») is seeded.
    assert {WHO, PATIENTS, "Pasient- og brukerombudet"} <= set(names)
    assert HDIR not in names
    others = ok(api.get("/api/v1/organizations", params={"stakeholder": "false", "limit": 200}))["items"]
    assert HDIR in [o["name"] for o in others] and not any(o["stakeholder"] for o in others)


def test_a_case_shows_whom_it_was_anchored_with(api, seeded):
    involved = sorted([seeded.organizations[HDIR], seeded.organizations[PATIENTS]])
    case = au_case(api, seeded, stakeholders_involved=involved)
    assert sorted(case["stakeholders_involved"]) == involved
    assert sorted(ok(api.get(f"/api/v1/cases/{case['id']}"))["stakeholders_involved"]) == involved

    widened = [*involved, seeded.organizations[WHO]]
    patched = ok(patch_current(api, f"/api/v1/cases/{case['id']}", json={"stakeholders_involved": widened}))
    assert sorted(patched["stakeholders_involved"]) == sorted(widened)
    assert sorted(ok(api.get(f"/api/v1/cases/{case['id']}"))["stakeholders_involved"]) == sorted(widened)

    r = api.post(
        "/api/v1/cases",
        json={
            "owner_body_id": seeded.au,
            "title": "Sak",
            "kind": "decision",
            "stakeholders_involved": [case["id"]],
        },
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "body.stakeholders_involved"


def test_a_case_names_its_stakeholders_in_a_list_as_in_one(api, seeded):
    def names(case: dict) -> list[str]:
        assert [s["organization_id"] for s in case["stakeholders"]] == case["stakeholders_involved"]
        return sorted(s["name"] for s in case["stakeholders"])

    case = au_case(api, seeded, stakeholders_involved=[seeded.organizations[HDIR], seeded.organizations[WHO]])
    assert names(case) == [HDIR, WHO]
    path = f"/api/v1/cases/{case['id']}"
    patched = ok(patch_current(api, path, json={"stakeholders_involved": [seeded.organizations[PATIENTS]]}))
    assert names(patched) == [PATIENTS]
    assert names(ok(api.get(path))) == [PATIENTS]
    listed = ok(api.get("/api/v1/cases", params={"limit": 200}))["items"]
    assert names(next(c for c in listed if c["id"] == case["id"])) == [PATIENTS]
