"""Annual plans: adopted by a forum decision of kind annual_plan, one per year, one per decision."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path

import pytest

from tests.flows import body_id, document, forum_decision, ok, rule_ids, rules_switched_off

PATH = "/api/v1/annual-plans"
RULE = "annual_plan.adopted_by_forum"


def plan(api, decision: dict, year: int = 2024, doc: dict | None = None, **fields):
    doc = doc or document(api, "annual_plan", owner_body_id=body_id(api, "top_leaders_forum"))
    return api.post(
        PATH,
        json={
            "year": year,
            "title": f"Årsplan {year}",
            "document_id": doc["id"],
            "adopted_by_decision_id": decision["id"],
            **fields,
        },
    )


def test_adopted_plan_is_recorded_and_listed(api, seeded):
    decision = forum_decision(api, seeded, kind="annual_plan")
    r = plan(api, decision)
    created = ok(r, 201)
    assert r.headers["Location"] == f"{PATH}/{created['id']}"
    assert created["warnings"] == [] and created["adopted_at"] == decision["decided_at"]
    shown = api.get(f"{PATH}/{created['id']}")
    assert ok(shown)["year"] == 2024 and shown.headers["ETag"]
    newer = ok(plan(api, forum_decision(api, seeded, kind="annual_plan"), 2025), 201)
    assert [p["year"] for p in ok(api.get(PATH))["items"]] == [2025, 2024]
    page = ok(api.get(PATH, params={"limit": 1}))
    assert [p["id"] for p in page["items"]] == [newer["id"]]
    assert [p["id"] for p in ok(api.get(PATH, params={"limit": 1, "cursor": page["next_cursor"]}))["items"]] == [
        created["id"]
    ]
    audit = ok(api.get("/api/v1/audit-events", params={"entity_id": created["id"]}))["items"]
    assert audit[0]["action"] == "create" and audit[0]["after"]["year"] == 2024


def test_only_a_forum_decision_of_kind_annual_plan_adopts_a_plan(api, seeded):
    r = plan(api, forum_decision(api, seeded, kind="recommendation"))
    assert r.status_code == 409 and rule_ids(r) == [RULE]
    r = plan(api, {"id": "00000000-0000-0000-0000-000000000000"})
    assert r.status_code == 409 and rule_ids(r) == [RULE]
    assert ok(api.get(PATH))["items"] == []


def test_one_plan_per_year_and_per_decision(api, seeded):
    decision = forum_decision(api, seeded, kind="annual_plan")
    ok(plan(api, decision, 2024), 201)
    r = plan(api, forum_decision(api, seeded, kind="annual_plan"), 2024)
    assert r.status_code == 409 and rule_ids(r) == [RULE]
    assert "2024" in r.json()["violations"][0]["detail"]
    r = plan(api, decision, 2025)
    assert r.status_code == 409 and rule_ids(r) == [RULE]
    assert len(ok(api.get(PATH))["items"]) == 1


def test_recording_needs_the_au_or_the_secretariat(api, seeded):
    decision = forum_decision(api, seeded, kind="annual_plan")
    outsider = ok(api.post("/api/v1/persons", json={"name": "Utenforstående"}), 201)
    doc = document(api, "annual_plan", owner_body_id=seeded.forum)
    assert plan(api.as_person(outsider["id"]), decision, doc=doc).status_code == 403
    ok(
        api.post(
            f"/api/v1/bodies/{seeded.au}/memberships",
            json={
                "person_id": outsider["id"],
                "role": "member",
                "start_date": date.today().isoformat(),
            },
        ),
        201,
    )
    ok(plan(api.as_person(outsider["id"]), decision, doc=doc), 201)


def test_bad_input_is_422(api, seeded):
    decision = forum_decision(api, seeded, kind="annual_plan")
    r = plan(api, decision, 1999)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "body.year"
    r = api.post(
        PATH, json={"year": 2024, "title": "X", "document_id": decision["id"], "adopted_by_decision_id": decision["id"]}
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "body.document_id"
    assert api.get(f"{PATH}/{decision['id']}").status_code == 404


class TestWithoutTheRule:
    @pytest.fixture
    def rules_dir(self, tmp_path: Path) -> Path:
        return rules_switched_off(tmp_path, RULE)

    def test_an_unknown_decision_is_still_refused(self, api, seeded):
        r = plan(api, {"id": str(uuid.uuid4())})
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == "body.adopted_by_decision_id"
