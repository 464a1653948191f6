"""Issue 26, items 1 and 2: time is part of the rules, and a meeting records who attended."""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.flows import (
    HDIR,
    RULES,
    etag,
    forum_meeting,
    future,
    in_session_forum_meeting_with,
    member,
    ok,
    post_transition,
    prepared_case,
    put_on_agenda,
    rule_ids,
    transition,
)

HTIL = "Helsetilsynet"


def attendance_path(meeting_id: str) -> str:
    return f"/api/v1/meetings/{meeting_id}/attendance"


def put(api: Any, meeting_id: str, body: dict, if_match: str | None = None) -> Any:
    """PUT the attendance with If-Match from a fresh read, unless the test gives its own."""
    path = attendance_path(meeting_id)
    return api._call("PUT", path, json=body, headers={"If-Match": if_match or etag(api, path)})


def seat_of(api: Any, body_id: str, person: dict) -> str:
    seats = ok(api.get(f"/api/v1/bodies/{body_id}/memberships", params={"person_id": person["id"]}))["items"]
    return seats[0]["id"]


def deputy(api: Any, body_id: str, organization_id: str, for_seat: str, name: str) -> dict:
    person = ok(api.post("/api/v1/persons", json={"name": name, "organization_id": organization_id}), 201)
    seat = {
        "person_id": person["id"],
        "role": "deputy",
        "deputy_for_membership_id": for_seat,
        "start_date": "2023-01-01",
    }
    ok(api.post(f"/api/v1/bodies/{body_id}/memberships", json=seat), 201)
    return person


@pytest.fixture
def forum(api, seeded) -> dict[str, Any]:
    """The forum with a chair, three members (one with a fixed deputy) and an in-session meeting."""
    hdir, htil = seeded.organizations[HDIR], seeded.organizations[HTIL]
    people = {
        "chair": member(api, seeded.forum, hdir, "Helsedirektør", role="chair"),
        "a": member(api, seeded.forum, htil, "Direktør Tilsyn"),
        "b": member(api, seeded.forum, hdir, "Direktør B"),
        "c": member(api, seeded.forum, hdir, "Direktør C"),
    }
    seats = {k: seat_of(api, seeded.forum, p) for k, p in people.items()}
    people["deputy"] = deputy(api, seeded.forum, htil, seats["a"], "Stedfortreder Tilsyn")
    seats["deputy"] = seat_of(api, seeded.forum, people["deputy"])
    people["guest"] = ok(api.post("/api/v1/persons", json={"name": "Gjest", "email": "gjest@example.no"}), 201)
    case = prepared_case(api, seeded)
    meeting = in_session_forum_meeting_with(api, seeded, [case])
    return {"people": people, "seats": seats, "meeting": meeting, "case": case}


def full_attendance(forum: dict, seeded: Any) -> dict:
    p, s = forum["people"], forum["seats"]
    return {
        "present": [
            {"person_id": p["chair"]["id"], "membership_id": s["chair"]},
            {"person_id": p["deputy"]["id"], "membership_id": s["deputy"], "standing_in_for_membership_id": s["a"]},
            {"person_id": p["b"]["id"], "membership_id": s["b"]},
            {"person_id": p["guest"]["id"], "organization_id": seeded.organizations[HDIR]},
        ],
        "apologies": [{"person_id": p["c"]["id"], "membership_id": s["c"]}],
        "chair_person_id": p["chair"]["id"],
        "minutes_taker_person_id": p["guest"]["id"],
    }


# -- time ----------------------------------------------------------------------------------------


def test_a_meeting_is_not_started_before_its_time_less_the_tolerance(api, seeded, app_clock) -> None:
    case = prepared_case(api, seeded)
    meeting = forum_meeting(api, seeded, starts_at=future(30))
    put_on_agenda(api, meeting["id"], case["id"])
    transition(api, "meeting", meeting["id"], "convene")
    start = f"/api/v1/meetings/{meeting['id']}/transitions/start"
    early = post_transition(api, start)
    assert early.status_code == 409 and rule_ids(early) == ["meeting.start.not_before_start_time"]
    assert ok(api.get(f"/api/v1/meetings/{meeting['id']}"))["status"] == "convened"
    app_clock.advance(timedelta(days=30) - timedelta(minutes=61))
    assert post_transition(api, start).status_code == 409
    app_clock.advance(timedelta(minutes=2))  # within the hour before
    started = ok(post_transition(api, start))
    assert started["status"] == "in_session" and started["started_at"]


def test_minutes_are_approved_only_after_the_meeting_is_closed(api, seeded) -> None:
    meeting = in_session_forum_meeting_with(api, seeded, [prepared_case(api, seeded)])
    r = post_transition(api, f"/api/v1/meetings/{meeting['id']}/transitions/approve_minutes")
    assert r.status_code == 409 and "meeting.transition.order" in rule_ids(r)


def test_a_held_meeting_is_never_upcoming(api, anon, seeded) -> None:
    """Issue 26: a meeting held early stood under «Kommende møter» as «Referat godkjent»."""
    later_start = (datetime.fromisoformat(future(0)) + timedelta(minutes=50)).isoformat()
    held = in_session_forum_meeting_with(api, seeded, [prepared_case(api, seeded)], starts_at=later_start)
    transition(api, "meeting", held["id"], "close")
    convened = forum_meeting(api, seeded, starts_at=future(10))
    put_on_agenda(api, convened["id"], prepared_case(api, seeded)["id"])
    transition(api, "meeting", convened["id"], "convene")

    upcoming = [m["id"] for m in ok(anon.get("/api/v1/public/meetings", params={"upcoming": "true"}))["items"]]
    past = [m["id"] for m in ok(anon.get("/api/v1/public/meetings", params={"upcoming": "false"}))["items"]]
    assert upcoming == [convened["id"]] and held["id"] in past
    page = anon.get("/").text
    coming = page.split('id="kommende"')[1].split("</section>")[0]
    assert f"/moter/{convened['id']}" in coming and f"/moter/{held['id']}" not in coming
    assert f"/moter/{held['id']}" in page  # among the recent ones
    ics = anon.get("/api/v1/public/meetings.ics").text
    event = next(e for e in ics.split("BEGIN:VEVENT") if f"meeting-{held['id'][:20]}" in e)
    dtend = next(line for line in event.splitlines() if line.startswith("DTEND"))
    ends = datetime.strptime(dtend.split(":")[1], "%Y%m%dT%H%M%S")
    assert ends < datetime.fromisoformat(later_start).replace(tzinfo=None) + timedelta(hours=1)


# -- attendance ----------------------------------------------------------------------------------


def test_attendance_is_recorded_and_read_with_if_match(api, seeded, forum) -> None:
    meeting_id = forum["meeting"]["id"]
    path = attendance_path(meeting_id)
    empty = api.get(path)
    assert ok(empty) == {
        "meeting_id": meeting_id,
        "present": [],
        "apologies": [],
        "chair_person_id": None,
        "minutes_taker_person_id": None,
        "version": 0,
    }
    body = full_attendance(forum, seeded)
    assert api._call("PUT", path, json=body).status_code == 428
    written = ok(put(api, meeting_id, body, if_match=empty.headers["etag"]))
    assert written["version"] == 1 and written["warnings"] == []
    read = ok(api.get(path))
    assert [a["person_name"] for a in read["present"]] == [
        "Helsedirektør",
        "Stedfortreder Tilsyn",
        "Direktør B",
        "Gjest",
    ]
    stand_in = read["present"][1]
    assert stand_in["standing_in_for_membership_id"] == forum["seats"]["a"]
    assert stand_in["standing_in_for_person_name"] == "Direktør Tilsyn" and stand_in["role"] == "deputy"
    assert stand_in["organization_name"] == HTIL  # the seat's organization by default
    guest = read["present"][3]
    assert guest["membership_id"] is None and guest["organization_id"] == seeded.organizations[HDIR]
    assert [a["person_name"] for a in read["apologies"]] == ["Direktør C"]
    assert put(api, meeting_id, body, if_match=empty.headers["etag"]).status_code == 412
    events = ok(api.get("/api/v1/audit-events", params={"entity_id": meeting_id, "action": "record_attendance"}))
    assert len(events["items"]) == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda b, f: b["present"].append(dict(b["present"][0])), "body.present.4.person_id"),
        (lambda b, f: b["present"][2].update(membership_id=f["seats"]["c"]), "body.present.2.membership_id"),
        (
            lambda b, f: b["present"][2].update(standing_in_for_membership_id=f["seats"]["c"]),
            "body.present.2.standing_in_for_membership_id",
        ),
        (
            lambda b, f: b["present"].append({"person_id": f["people"]["a"]["id"], "membership_id": f["seats"]["a"]}),
            "body.present.1.standing_in_for_membership_id",
        ),
        (lambda b, f: b.update(chair_person_id=f["people"]["c"]["id"]), "body.chair_person_id"),
        (
            lambda b, f: b["present"].append({"person_id": "00000000-0000-4000-8000-000000000000"}),
            "body.present.4.person_id",
        ),
    ],
    ids=["twice", "anothers_seat", "not_a_deputy", "member_and_deputy", "chair_absent", "unknown_person"],
)
def test_attendance_that_contradicts_the_register_is_refused(api, seeded, forum, change, field) -> None:
    body = full_attendance(forum, seeded)
    change(body, forum)
    r = put(api, forum["meeting"]["id"], body)
    assert r.status_code == 422, r.text
    assert [e["field"] for e in r.json()["errors"]] == [field]
    assert ok(api.get(attendance_path(forum["meeting"]["id"])))["version"] == 0


def test_the_quorum_rule_warns_at_attendance_decisions_and_closing(api, seeded, forum) -> None:
    meeting_id = forum["meeting"]["id"]
    p, s = forum["people"], forum["seats"]
    # Two of four members (the chair, and Tilsyn through its deputy) is not more than half.
    thin = {
        "present": [
            {"person_id": p["chair"]["id"], "membership_id": s["chair"]},
            {"person_id": p["deputy"]["id"], "membership_id": s["deputy"], "standing_in_for_membership_id": s["a"]},
        ],
        "apologies": [{"person_id": p["b"]["id"]}, {"person_id": p["c"]["id"]}],
    }
    written = ok(put(api, meeting_id, thin))
    assert [w["rule"] for w in written["warnings"]] == ["meeting.quorum"]
    assert "2 of 4" in written["warnings"][0]["detail"]
    decision = api.post(
        f"/api/v1/meetings/{meeting_id}/decisions",
        json={"case_id": forum["case"]["id"], "kind": "recommendation", "text": "Vedtatt."},
    )
    ok(decision, 201)
    assert rule_ids(decision, "warnings") == ["meeting.quorum"]
    closed = ok(post_transition(api, f"/api/v1/meetings/{meeting_id}/transitions/close"))
    assert [w["rule"] for w in closed["warnings"] if w["severity"] == "warning"] == ["meeting.quorum"]
    quorate = ok(put(api, meeting_id, full_attendance(forum, seeded)))  # three of four
    assert quorate["warnings"] == []


@pytest.fixture
def rules_dir(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """The rules; with the quorum switched off by its parameter where a test asks (indirect)."""
    if getattr(request, "param", None) != "quorum_off":
        return RULES
    edited = tmp_path / "rules"
    shutil.copytree(RULES, edited)
    path = edited / "meetings.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for rule in data["rules"]:
        if rule["id"] == "meeting.quorum":
            rule["parameters"]["min_share_percent"] = 0
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return edited


@pytest.mark.parametrize("rules_dir", ["quorum_off"], indirect=True)
def test_the_quorum_rule_is_switched_off_by_its_parameter(api, seeded, forum) -> None:
    p, s = forum["people"], forum["seats"]
    alone = {"present": [{"person_id": p["chair"]["id"], "membership_id": s["chair"]}]}
    assert ok(put(api, forum["meeting"]["id"], alone))["warnings"] == []


def test_a_deputy_standing_in_acts_with_the_members_rights_at_that_meeting(api, seeded) -> None:
    """An AU member's fixed deputy drafts no AU minutes, until recorded as standing in at the meeting."""
    hdir = seeded.organizations[HDIR]
    au_member = member(api, seeded.au, hdir, "AU-medlem")
    seat = seat_of(api, seeded.au, au_member)
    sub = deputy(api, seeded.au, hdir, seat, "Fast stedfortreder")
    case = ok(
        api.post("/api/v1/cases", json={"owner_body_id": seeded.au, "title": "AU-sak", "kind": "information"}), 201
    )
    meeting = ok(api.post("/api/v1/meetings", json={"body_id": seeded.au, "starts_at": future(0)}), 201)
    transition(api, "case", case["id"], "start_preparation")
    as_deputy = api.as_person(sub["id"])
    draft = f"/api/v1/meetings/{meeting['id']}/minutes/draft"
    assert as_deputy.post(draft).status_code == 403
    assert put(as_deputy, meeting["id"], {}).status_code == 403
    stand_in = {
        "present": [
            {
                "person_id": sub["id"],
                "membership_id": seat_of(api, seeded.au, sub),
                "standing_in_for_membership_id": seat,
            }
        ]
    }
    ok(put(api, meeting["id"], stand_in))
    assert as_deputy.post(draft).status_code == 409  # permitted now; a planned meeting has no minutes yet
    elsewhere = ok(api.post("/api/v1/meetings", json={"body_id": seeded.au, "starts_at": future(1)}), 201)
    assert as_deputy.post(f"/api/v1/meetings/{elsewhere['id']}/minutes/draft").status_code == 403


def _approved(api: Any, meeting_id: str) -> None:
    transition(api, "meeting", meeting_id, "close")
    ok(api.post(f"/api/v1/meetings/{meeting_id}/minutes/draft"), 201)
    transition(api, "meeting", meeting_id, "approve_minutes")


def test_minutes_public_page_and_einnsyn_show_attendance_names_only(api, anon, seeded, forum) -> None:
    meeting_id = forum["meeting"]["id"]
    ok(put(api, meeting_id, full_attendance(forum, seeded)))
    assert ok(anon.get(f"/api/v1/public/meetings/{meeting_id}"))["attendance"] is None  # not before approval
    _approved(api, meeting_id)
    minutes_id = ok(api.get(f"/api/v1/meetings/{meeting_id}"))["minutes_document_id"]
    minutes = ok(api.get(f"/api/v1/documents/{minutes_id}"))["body"]
    assert "**Møteleder:** Helsedirektør" in minutes and "**Referent:** Gjest" in minutes
    assert f"Stedfortreder Tilsyn ({HTIL}), stedfortreder for Direktør Tilsyn" in minutes
    assert "**Forfall:** Direktør C" in minutes

    public = ok(anon.get(f"/api/v1/public/meetings/{meeting_id}"))["attendance"]
    assert public["chair"] == "Helsedirektør" and public["minutes_taker"] == "Gjest"
    assert public["present"][1] == {
        "name": "Stedfortreder Tilsyn",
        "organization": HTIL,
        "standing_in_for": "Direktør Tilsyn",
    }
    page = anon.get(f"/moter/{meeting_id}").text
    assert "Deltakere" in page and "stedfortreder for Direktør Tilsyn" in page and "Direktør C" in page
    message = anon.get(f"/api/v1/public/einnsyn/meetings/{meeting_id}").json()
    folder = message["@graph"][0]
    names = [d["arkiv:moetedeltakerNavn"] for d in folder["arkiv:moetedeltaker"]]
    assert names == ["Helsedirektør", "Stedfortreder Tilsyn", "Direktør B", "Gjest", "Direktør C"]
    assert folder["arkiv:moetedeltaker"][0]["arkiv:moetedeltakerFunksjon"].startswith("Til stede (møteleder")
    for text in (page, str(message), str(public)):
        assert "gjest@example.no" not in text and "@" not in str(public)


def test_attendance_is_part_of_the_record_once_the_minutes_are_approved(api, seeded, forum) -> None:
    meeting_id = forum["meeting"]["id"]
    body = full_attendance(forum, seeded)
    ok(put(api, meeting_id, body))
    _approved(api, meeting_id)
    assert ok(put(api, meeting_id, body))["version"] == 1  # the same attendance again changes nothing
    body["apologies"] = []
    r = put(api, meeting_id, body)
    assert r.status_code == 409 and rule_ids(r) == ["publication.record_immutable"]
    assert [a["person_name"] for a in ok(api.get(attendance_path(meeting_id)))["apologies"]] == ["Direktør C"]


def test_a_cancelled_meeting_takes_no_attendance(api, seeded) -> None:
    meeting = forum_meeting(api, seeded)
    transition(api, "meeting", meeting["id"], "cancel")
    assert put(api, meeting["id"], {}).status_code == 409


def test_the_demo_record_obeys_the_time_rules_and_records_attendance(api, demo_seeded) -> None:
    meetings = ok(api.get("/api/v1/meetings", params={"limit": 50}))["items"]
    now = datetime.now().astimezone()
    for m in meetings:
        if m["status"] in ("in_session", "held", "minutes_approved"):
            started = datetime.fromisoformat(m["started_at"])
            assert started >= datetime.fromisoformat(m["starts_at"]) - timedelta(hours=1)
            assert datetime.fromisoformat(m["starts_at"]) < now
    held = next(m for m in meetings if m["status"] == "minutes_approved")
    attendance = ok(api.get(attendance_path(held["id"])))
    assert len(attendance["present"]) == 5 and len(attendance["apologies"]) == 1
    decisions = ok(api.get(f"/api/v1/meetings/{held['id']}/decisions"))["items"]
    assert all(held["started_at"] <= d["decided_at"] <= held["held_at"] for d in decisions)
