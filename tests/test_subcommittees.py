"""Subcommittees: set up on a forum decision, deliver to the AU, presented through an AU case, dissolved."""

from __future__ import annotations

import shutil
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update

from app.bodies.models import Body
from app.norwegian import OSLO
from app.webhooks.models import WebhookEvent
from tests.flows import (
    HDIR,
    attach,
    decide,
    document,
    forum_decision,
    future,
    in_session_forum_meeting_with,
    member,
    ok,
    patch_current,
    prepared_case,
    put_on_agenda,
    rule_ids,
    rules_switched_off,
    transition,
)
from tests.webhook_payloads import assert_documented

PATH = "/api/v1/subcommittees"


def in_days(days: int) -> str:
    """A day counted from today in Norway, as the service counts (UTC's date is a day behind from 23:00 or 22:00)."""
    return (datetime.now(OSLO).date() + timedelta(days=days)).isoformat()


def travel(app_clock, days: int) -> None:  # noqa: ANN001
    """Every request from now on happens `days` later (the app's clock, tests/conftest.py)."""
    app_clock.advance(timedelta(days=days))


def person(api, seeded, name: str, org: str = HDIR) -> dict:
    return ok(api.post("/api/v1/persons", json={"name": name, "organization_id": seeded.organizations[org]}), 201)


def seat(p: dict, competence: str | None = "Legemiddelsikkerhet", background: str | None = "academia") -> dict:
    return {"person_id": p["id"], "competence": competence, "background": background}


def payload(decision: dict, chair: dict | None, members: list[dict] = (), **fields) -> dict:
    return {
        "decision_id": decision["id"],
        "name": "Underutvalg for legemiddelsikkerhet",
        "mandate": "Undersøke legemiddelsikkerhet i sykehjem.",
        "deadline": in_days(60),
        "chair": chair,
        "members": list(members),
        **fields,
    }


@pytest.fixture
def decision(api, seeded) -> dict:
    return forum_decision(api, seeded, kind="establish_subcommittee")


@pytest.fixture
def chair(api, seeded) -> dict:
    return person(api, seeded, "Kari Leder")


def establish(api, decision: dict, chair: dict, members: list[dict] = (), **fields) -> dict:
    return ok(api.post(PATH, json=payload(decision, seat(chair), members, **fields)), 201)


def test_whole_path_from_decision_to_dissolution(api, seeded, decision, chair, app_clock, database):
    member = person(api, seeded, "Ola Medlem")
    r = api.post(
        PATH,
        json=payload(
            decision,
            seat(chair, background="service"),
            [seat(member, competence=None, background=None)],
            support="Frikjøp 20 % for eksterne medlemmer.",
        ),
    )
    sub = ok(r, 201)
    assert r.headers["Location"] == f"{PATH}/{sub['id']}"
    assert rule_ids(r, "warnings") == ["subcommittee.member_competence"]
    assert sub["status"] == "active" and sub["parent_body_id"] == seeded.au
    assert sub["established_by_decision_id"] == decision["id"]
    assert sub["support"] == "Frikjøp 20 % for eksterne medlemmer."
    assert sorted((m["person_id"], m["role"]) for m in sub["members"]) == sorted(
        [(chair["id"], "chair"), (member["id"], "member")]
    )

    # A member joins later through the memberships API.
    late_joiner = person(api, seeded, "Per Pasientrepresentant")
    ok(
        api.post(
            f"/api/v1/bodies/{sub['id']}/memberships",
            json={
                "person_id": late_joiner["id"],
                "role": "member",
                "start_date": date.today().isoformat(),
                "competence": "Brukererfaring",
                "background": "patient_user_relative",
            },
        ),
        201,
    )

    # On time: delivered, no warning.
    r = api.post(
        f"{PATH}/{sub['id']}/deliveries",
        json={"title": "Delrapport", "document_id": document(api, "report", owner_body_id=sub["id"])["id"]},
    )
    on_time = ok(r, 201)
    assert r.headers["Location"] == f"{PATH}/{sub['id']}/deliveries/{on_time['id']}"
    assert on_time["late"] is False and on_time["warnings"] == []
    assert ok(api.get(f"{PATH}/{sub['id']}"))["status"] == "delivered"

    # Past the deadline: still accepted, marked late, with the deadline warning.
    etag = api.get(f"{PATH}/{sub['id']}").headers["ETag"]
    travel(app_clock, 61)
    r = api.post(
        f"{PATH}/{sub['id']}/deliveries",
        json={"title": "Sluttrapport", "document_id": document(api, "report", owner_body_id=sub["id"])["id"]},
    )
    late = ok(r, 201)
    assert late["late"] is True
    assert rule_ids(r, "warnings") == ["subcommittee.deadline"]
    listed = ok(api.get(f"{PATH}/{sub['id']}/deliveries"))["items"]
    assert [d["id"] for d in listed] == [on_time["id"], late["id"]]
    # A second delivery leaves the state as it was, yet the subcommittee's answer (and ETag) changed:
    # a client's cached copy must not be confirmed with a 304.
    assert api.get(f"{PATH}/{sub['id']}", headers={"If-None-Match": etag}).status_code == 200
    travel(app_clock, -61)

    # The AU brings the delivery to the forum in its own case; the forum decides it: presented.
    case = prepared_case(api, seeded, "decision", subcommittee_delivery_id=late["id"])
    meeting = in_session_forum_meeting_with(api, seeded, [case])
    decide(api, meeting["id"], case["id"], "recommendation")
    shown = api.get(f"{PATH}/{sub['id']}")
    assert ok(shown)["status"] == "presented" and shown.headers["ETag"]
    assert len(ok(shown)["members"]) == 3 and len(ok(shown)["deliveries"]) == 2
    events = ok(api.get("/api/v1/audit-events", params={"entity_id": sub["id"]}))["items"]
    assert [e["action"] for e in events] == ["establish", "deliver", "present"]

    leftover = document(api, "report", owner_body_id=sub["id"])
    dissolved = transition(api, "body", sub["id"], "dissolve")
    assert dissolved["status"] == "dissolved" and dissolved["dissolved_at"]

    # Read-only once dissolved: no members, no documents, no deliveries.
    r = api.post(
        f"/api/v1/bodies/{sub['id']}/memberships",
        json={
            "person_id": person(api, seeded, "For sent")["id"],
            "role": "member",
            "start_date": date.today().isoformat(),
        },
    )
    assert r.status_code == 409 and "subcommittee.dissolved_read_only" in rule_ids(r)
    r = api.post(
        "/api/v1/documents", json={"kind": "report", "title": "Etterslep", "body": "Tekst.", "owner_body_id": sub["id"]}
    )
    assert r.status_code == 409 and rule_ids(r) == ["body.dissolved_takes_no_new_work"]
    r = api.post(f"{PATH}/{sub['id']}/deliveries", json={"title": "Etterslep", "document_id": leftover["id"]})
    assert r.status_code == 409 and rule_ids(r) == ["subcommittee.dissolved_read_only"]
    assert len(ok(api.get(f"{PATH}/{sub['id']}"))["deliveries"]) == 2

    # Every event on the way, as a webhook delivers it: as the OpenAPI document's `webhooks:` says.
    with database.sessionmaker() as session:
        payloads = [event.payload for event in session.scalars(select(WebhookEvent))]
    for sent in payloads:
        assert_documented(sent)
    subcommittee = {"subcommittee.established", "subcommittee.delivered", "subcommittee.dissolved"}
    assert subcommittee <= {sent["type"] for sent in payloads}


def test_noting_the_au_case_also_presents_the_delivery(api, seeded, decision, chair):
    sub = establish(api, decision, chair)
    delivery = ok(
        api.post(
            f"{PATH}/{sub['id']}/deliveries",
            json={"title": "Rapport", "document_id": document(api, "report", owner_body_id=sub["id"])["id"]},
        ),
        201,
    )
    case = prepared_case(api, seeded, "information", subcommittee_delivery_id=delivery["id"])
    in_session_forum_meeting_with(api, seeded, [case])
    transition(api, "case", case["id"], "note")
    assert ok(api.get(f"{PATH}/{sub['id']}"))["status"] == "presented"


def test_dissolving_early_from_active(api, decision, chair):
    sub = establish(api, decision, chair)
    assert transition(api, "body", sub["id"], "dissolve")["status"] == "dissolved"
    r = transition(api, "body", sub["id"], "dissolve", status=409)
    assert r["violations"][0]["rule"] == "body.transition.order"


def test_requires_a_forum_decision_to_establish_a_subcommittee(api, seeded, chair):
    wrong_kind = forum_decision(api, seeded, kind="recommendation")
    r = api.post(PATH, json=payload(wrong_kind, seat(chair)))
    assert r.status_code == 409 and rule_ids(r) == ["subcommittee.requires_forum_decision"]
    assert "recommendation" in r.json()["violations"][0]["detail"]
    r = api.post(PATH, json=payload({"id": "00000000-0000-0000-0000-000000000000"}, seat(chair)))
    assert r.status_code == 409 and rule_ids(r) == ["subcommittee.requires_forum_decision"]
    assert ok(api.get(PATH))["items"] == []


def test_only_the_working_committee_sets_up_a_subcommittee(api, seeded, decision, chair):
    outsider = person(api, seeded, "Utenforstående")
    r = api.as_person(outsider["id"]).post(PATH, json=payload(decision, seat(chair)))
    assert r.status_code == 403 and "subcommittee.establish" in r.json()["detail"]

    au_member = person(api, seeded, "AU-medlem")
    ok(
        api.post(
            f"/api/v1/bodies/{seeded.au}/memberships",
            json={
                "person_id": au_member["id"],
                "role": "member",
                "start_date": date.today().isoformat(),
            },
        ),
        201,
    )
    ok(api.as_person(au_member["id"]).post(PATH, json=payload(decision, seat(chair))), 201)


def test_one_decision_sets_up_one_subcommittee(api, decision, chair):
    establish(api, decision, chair)
    r = api.post(PATH, json=payload(decision, seat(chair), name="Et annet underutvalg"))
    assert r.status_code == 409 and rule_ids(r) == ["subcommittee.decision_used_once"]
    assert len(ok(api.get(PATH))["items"]) == 1


def test_requires_mandate_leader_and_future_deadline(api, decision):
    r = api.post(PATH, json=payload(decision, None, mandate="  ", deadline=date.today().isoformat()))
    assert r.status_code == 409 and rule_ids(r) == ["subcommittee.requires_mandate_leader_deadline"]
    detail = r.json()["violations"][0]["detail"]
    assert "mandate" in detail and "chair" in detail and "deadline" in detail
    assert ok(api.get(PATH))["items"] == []


def test_overdue_active_subcommittee_shows_in_compliance(api, decision, chair, app_clock):
    sub = establish(api, decision, chair, deadline=in_days(10))
    assert not [f for f in ok(api.get("/api/v1/compliance"))["findings"] if f["rule"] == "subcommittee.deadline"]
    travel(app_clock, 11)
    findings = [f for f in ok(api.get("/api/v1/compliance"))["findings"] if f["rule"] == "subcommittee.deadline"]
    assert len(findings) == 1 and findings[0]["citation"]
    assert findings[0]["entities"][0]["id"] == sub["id"]
    # Delivering (even late) clears it: the subcommittee is no longer overdue.
    ok(
        api.post(
            f"{PATH}/{sub['id']}/deliveries",
            json={"title": "Rapport", "document_id": document(api, "report", owner_body_id=sub["id"])["id"]},
        ),
        201,
    )
    assert not [f for f in ok(api.get("/api/v1/compliance"))["findings"] if f["rule"] == "subcommittee.deadline"]


def test_only_au_cases_carry_deliveries(api, seeded, decision, chair):
    sub = establish(api, decision, chair)
    delivery = ok(
        api.post(
            f"{PATH}/{sub['id']}/deliveries",
            json={"title": "Rapport", "document_id": document(api, "report", owner_body_id=sub["id"])["id"]},
        ),
        201,
    )
    forum_case = {"owner_body_id": seeded.forum, "title": "Direkte til forumet", "kind": "decision"}
    r = api.post("/api/v1/cases", json={**forum_case, "subcommittee_delivery_id": delivery["id"]})
    assert r.status_code == 409 and rule_ids(r) == ["subcommittee.delivers_to_working_committee"]
    case = ok(api.post("/api/v1/cases", json=forum_case), 201)
    r = patch_current(api, f"/api/v1/cases/{case['id']}", json={"subcommittee_delivery_id": delivery["id"]})
    assert r.status_code == 409 and rule_ids(r) == ["subcommittee.delivers_to_working_committee"]


def test_list_filter_show_and_support(api, seeded, decision, chair):
    sub = establish(api, decision, chair)
    other = establish(api, forum_decision(api, seeded), chair, name="Underutvalg for infeksjoner")
    transition(api, "body", other["id"], "dissolve")
    assert [s["id"] for s in ok(api.get(PATH, params={"status": "active"}))["items"]] == [sub["id"]]
    assert [s["id"] for s in ok(api.get(PATH, params={"status": "dissolved"}))["items"]] == [other["id"]]
    page = ok(api.get(PATH, params={"limit": 1}))
    assert len(page["items"]) == 1 and page["next_cursor"]
    assert api.get(PATH, params={"status": "closed"}).status_code == 422

    # Support (fees, buy-outs) is agreed per assignment and recorded on the body.
    ok(patch_current(api, f"/api/v1/bodies/{sub['id']}", json={"support": "Honorar etter statens satser."}))
    assert ok(api.get(f"{PATH}/{sub['id']}"))["support"] == "Honorar etter statens satser."

    assert api.get(f"{PATH}/{seeded.au}").status_code == 404
    assert api.get(f"{PATH}/{sub['id']}/deliveries/{sub['id']}").status_code == 404


def test_unknown_references_are_422(api, decision, chair):
    r = api.post(PATH, json=payload(decision, seat(chair), [{"person_id": decision["id"]}]))
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "body.members.0.person_id"
    sub = establish(api, decision, chair)
    r = api.post(f"{PATH}/{sub['id']}/deliveries", json={"title": "X", "document_id": decision["id"]})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "body.document_id"


def test_outsiders_may_not_register_deliveries(api, seeded, decision, chair):
    sub = establish(api, decision, chair)
    doc = document(api, "report", owner_body_id=sub["id"])
    outsider = person(api, seeded, "Utenforstående")
    r = api.as_person(outsider["id"]).post(
        f"{PATH}/{sub['id']}/deliveries", json={"title": "X", "document_id": doc["id"]}
    )
    assert r.status_code == 403
    ok(
        api.as_person(chair["id"]).post(
            f"{PATH}/{sub['id']}/deliveries", json={"title": "X", "document_id": doc["id"]}
        ),
        201,
    )


class TestUniqueKeyBackstop:
    """A concurrent request that slips past the guard still meets the unique key, reported as the rule."""

    @pytest.fixture
    def rules_dir(self, rules_dir, tmp_path):
        """The rules with subcommittee.decision_used_once switched off, so only the unique key stands guard."""
        copy = tmp_path / "rules"
        shutil.copytree(rules_dir, copy)
        path = copy / "subcommittees.yaml"
        marker = "  - id: subcommittee.decision_used_once\n"
        path.write_text(
            path.read_text(encoding="utf-8").replace(marker, marker + "    enabled: false\n"), encoding="utf-8"
        )
        return copy

    def test_unique_key_is_reported_as_the_rule(self, api, decision, chair):
        establish(api, decision, chair)
        r = api.post(PATH, json=payload(decision, seat(chair), name="Et annet underutvalg"))
        assert r.status_code == 409 and rule_ids(r) == ["subcommittee.decision_used_once"]
        assert len(ok(api.get(PATH))["items"]) == 1


def test_a_member_added_later_states_competence_and_background(api, seeded, decision, chair):
    sub = establish(api, decision, chair)
    later = {"person_id": person(api, seeded, "Per Senere")["id"], "role": "member", "start_date": in_days(0)}
    etag = api.get(f"{PATH}/{sub['id']}").headers["ETag"]
    r = api.post(f"/api/v1/bodies/{sub['id']}/memberships", json=later)
    assert r.status_code == 201 and rule_ids(r, "warnings") == ["subcommittee.member_competence"]
    # The subcommittee's answer lists its members, so a new seat is a new version of it.
    shown = api.get(f"{PATH}/{sub['id']}", headers={"If-None-Match": etag})
    assert shown.status_code == 200 and later["person_id"] in [m["person_id"] for m in shown.json()["members"]]
    changed = patch_current(api, f"/api/v1/memberships/{r.json()['id']}", json={"competence": "Jus"})
    assert changed.status_code == 200 and api.get(f"{PATH}/{sub['id']}").headers["ETag"] != shown.headers["ETag"]
    stated = {
        **later,
        "person_id": person(api, seeded, "Eva Erfaren")["id"],
        "competence": "Pasientsikkerhet",
        "background": "patient_user_relative",
    }
    r = api.post(f"/api/v1/bodies/{sub['id']}/memberships", json=stated)
    assert r.status_code == 201 and "subcommittee.member_competence" not in rule_ids(r, "warnings")


class TestWithoutTheRules:
    """What the rules would report is still refused when they are switched off, with a 4xx."""

    @pytest.fixture
    def rules_dir(self, tmp_path: Path) -> Path:
        return rules_switched_off(
            tmp_path, "subcommittee.requires_forum_decision", "subcommittee.established_by_working_committee"
        )

    def test_an_unknown_decision(self, api, chair):
        r = api.post(PATH, json=payload({"id": str(uuid.uuid4())}, seat(chair)))
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == "body.decision_id"

    def test_no_working_committee(self, api, database, decision, chair):
        with database.engine.begin() as conn:
            conn.execute(update(Body).where(Body.kind == "working_committee").values(status="dissolved"))
        r = api.post(PATH, json=payload(decision, seat(chair)))
        assert r.status_code == 409 and "working committee" in r.json()["detail"]


def test_the_au_leader_cannot_publish_a_subcommittee_s_drafts_through_an_au_agenda(api, seeded, decision, chair):
    """Issue 27, finding 5: a subcommittee case, prepared by its member, was put on a convened AU agenda
    by the AU leader (201), its draft documents published at once."""
    worker = person(api, seeded, "Sub Medlem")
    sub = establish(api, decision, chair, members=[seat(worker)])
    sub_member = api.as_person(worker["id"])
    hdir = seeded.organizations[HDIR]
    au_leader = api.as_person(member(api, seeded.au, hdir, "AU-leder", role="chair")["id"])
    case = ok(
        sub_member.post(
            "/api/v1/cases",
            json={
                "owner_body_id": sub["id"],
                "title": "Funn så langt",
                "kind": "information",
                "summary": "Utkast.",
                "strategic_rationale": "Gjelder alle sykehjem.",
            },
        ),
        201,
    )
    draft = document(sub_member, "case_presentation", owner_body_id=sub["id"])
    attach(sub_member, case["id"], draft)
    transition(sub_member, "case", case["id"], "start_preparation")
    transition(sub_member, "case", case["id"], "prepare")
    meeting = ok(
        api.post("/api/v1/meetings", json={"body_id": seeded.au, "starts_at": future(20), "location": "Oslo"}), 201
    )
    put_on_agenda(api, meeting["id"], prepared_case(api, seeded, "information")["id"])
    transition(api, "meeting", meeting["id"], "convene")
    r = au_leader.post(f"/api/v1/meetings/{meeting['id']}/agenda", json={"case_id": case["id"]})
    assert r.status_code == 403 and "work.write" in r.json()["detail"]
    assert ok(api.get(f"/api/v1/cases/{case['id']}"))["status"] == "prepared"
    assert [i["case_id"] for i in ok(api.get(f"/api/v1/meetings/{meeting['id']}/agenda"))["items"]] != [case["id"]]
    assert api.get(f"/api/v1/public/documents/{draft['id']}").status_code == 404
