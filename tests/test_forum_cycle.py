"""The whole forum cycle through the API: prepare, agenda, convene, start, decide, return,
carry-over to the next meeting, close, minutes approved — and the audit trail of it."""

from tests.flows import (
    agenda_of,
    attach,
    decide,
    document,
    forum_meeting,
    future,
    in_session_forum_meeting_with,
    ok,
    patch_current,
    prepared_case,
    put_on_agenda,
    transition,
)


def test_full_forum_cycle(api, seeded):
    decided = prepared_case(api, seeded, "decision", title="Felles råd om legemiddelsamstemming")
    unprepared = prepared_case(api, seeded, "decision", title="Nasjonal tiltakspakke")
    info = prepared_case(api, seeded, "information", title="Status fra Arbeidsutvalget")
    first = forum_meeting(api, seeded, starts_at=future(0))
    for case in (decided, unprepared, info):
        item = put_on_agenda(api, first["id"], case["id"])
        assert item["case_number"] == case["number"]
    assert [i["position"] for i in agenda_of(api, first["id"])] == [1, 2, 3]
    assert ok(api.get(f"/api/v1/cases/{decided['id']}"))["status"] == "scheduled"

    convened = transition(api, "meeting", first["id"], "convene")
    assert convened["status"] == "convened" and convened["convened_at"]
    transition(api, "meeting", first["id"], "start")

    decision = decide(api, first["id"], decided["id"], "recommendation", "Forumet anbefaler …")
    assert decision["follow_up_status"] == "open"
    assert ok(api.get(f"/api/v1/cases/{decided['id']}"))["status"] == "decided"

    returned = transition(
        api, "case", unprepared["id"], "return", reason="Mangler kunnskapsgrunnlag", reason_public=True
    )
    rule = ok(api.get("/api/v1/rules/forum.unprepared_case.returned"))
    assert rule["severity"] == "behaviour" and "sendes tilbake til Arbeidsutvalget" in rule["citation"]
    assert returned["status"] == "returned" and returned["carry_over"] is True
    assert returned["return_reason"] == "Mangler kunnskapsgrunnlag" and returned["return_reason_public"] is True
    noted = transition(api, "case", info["id"], "note")
    assert noted["status"] == "noted" and noted["closed_at"]
    outcomes = {i["case_id"]: i["outcome"] for i in agenda_of(api, first["id"])}
    assert outcomes == {decided["id"]: "decided", unprepared["id"]: "returned", info["id"]: "noted"}

    # Prepared again with no forum meeting planned: it waits, and the next meeting takes it by itself.
    transition(api, "case", unprepared["id"], "start_preparation")
    attach(api, unprepared["id"], document(api, "report", title="Utredning"))
    waiting = transition(api, "case", unprepared["id"], "prepare")
    assert waiting["status"] == "prepared" and waiting["carry_over"] is True

    transition(api, "meeting", first["id"], "close")
    minutes = document(api, "minutes", title="Referat fra møte 1", owner_body_id=seeded.forum)
    ok(patch_current(api, f"/api/v1/meetings/{first['id']}", json={"minutes_document_id": minutes["id"]}))
    approved = transition(api, "meeting", first["id"], "approve_minutes")
    assert approved["status"] == "minutes_approved" and approved["minutes_approved_at"]

    second = forum_meeting(api, seeded, starts_at=future(200))
    assert second["number"] == first["number"] + 1
    assert [i["case_id"] for i in agenda_of(api, second["id"])] == [unprepared["id"]]
    carried = ok(api.get(f"/api/v1/cases/{unprepared['id']}"))
    assert (
        carried["status"] == "scheduled" and carried["carry_over"] is True
    )  # carried over until the forum concludes it

    # Every state change is in the audit log under its transition name.
    meeting_events = ok(api.get("/api/v1/audit-events", params={"entity_id": first["id"], "entity_type": "meeting"}))
    meeting_actions = [e["action"] for e in meeting_events["items"] if e["action"] != "publish"]
    assert meeting_actions == ["create", "convene", "start", "close", "update", "approve_minutes"]
    case_actions = [
        e["action"] for e in ok(api.get("/api/v1/audit-events", params={"entity_id": unprepared["id"]}))["items"]
    ]
    for action in ("create", "start_preparation", "prepare", "schedule", "return"):
        assert action in case_actions
    assert case_actions.count("schedule") == 2
    decided_actions = [
        e["action"] for e in ok(api.get("/api/v1/audit-events", params={"entity_id": decided["id"]}))["items"]
    ]
    assert decided_actions[-1] == "decide"


def test_returned_case_goes_to_the_earliest_open_forum_meeting(api, seeded):
    case = prepared_case(api, seeded)
    meeting = forum_meeting(api, seeded, starts_at=future(0))
    put_on_agenda(api, meeting["id"], case["id"])
    transition(api, "meeting", meeting["id"], "convene")
    transition(api, "meeting", meeting["id"], "start")
    transition(api, "case", case["id"], "return", reason="Ikke forberedt")
    later = forum_meeting(api, seeded, starts_at=future(120))
    earlier = forum_meeting(api, seeded, starts_at=future(60))
    transition(api, "case", case["id"], "start_preparation")
    transition(api, "case", case["id"], "prepare")
    assert [i["case_id"] for i in agenda_of(api, earlier["id"])] == [case["id"]]
    assert agenda_of(api, later["id"]) == []


def test_a_carried_over_case_moves_on_when_its_meeting_is_cancelled(api, seeded):
    case = prepared_case(api, seeded)
    in_session_forum_meeting_with(api, seeded, [case])
    transition(api, "case", case["id"], "return", reason="Ikke forberedt")
    transition(api, "case", case["id"], "start_preparation")
    next_meeting = forum_meeting(api, seeded, starts_at=future(30))
    transition(api, "case", case["id"], "prepare")
    assert [i["case_id"] for i in agenda_of(api, next_meeting["id"])] == [case["id"]]

    transition(api, "meeting", next_meeting["id"], "cancel")
    assert ok(api.get(f"/api/v1/cases/{case['id']}"))["status"] == "prepared"
    after = forum_meeting(api, seeded, starts_at=future(90))
    assert [i["case_id"] for i in agenda_of(api, after["id"])] == [case["id"]]
    assert ok(api.get(f"/api/v1/cases/{case['id']}"))["status"] == "scheduled"


def test_behaviour_rules_report_when_they_act(api, seeded):
    """The return and the carry-over tell the secretariat what the rule did, with its citation."""
    case = prepared_case(api, seeded, "decision")
    meeting = in_session_forum_meeting_with(api, seeded, [case])
    returned = transition(api, "case", case["id"], "return", reason="Mangler kunnskapsgrunnlag.")
    [notice] = [w for w in returned["warnings"] if w["rule"] == "forum.unprepared_case.returned"]
    assert notice["severity"] == "behaviour" and "tilbake til Arbeidsutvalget" in notice["citation"]

    transition(api, "case", case["id"], "start_preparation")
    prepared = transition(api, "case", case["id"], "prepare")  # no open forum meeting yet
    assert prepared["status"] == "prepared"
    next_meeting = api.post(
        "/api/v1/meetings",
        json={
            "body_id": seeded.forum,
            "starts_at": "2031-05-06T10:00:00+02:00",
            "location": "Vitaminveien 4",
        },
    )
    assert next_meeting.status_code == 201, next_meeting.text
    [placed] = [w for w in next_meeting.json()["warnings"] if w["rule"] == "forum.unprepared_case.returned"]
    assert {"type": "case", "id": case["id"], "label": case["number"]} in placed["entities"]

    closed = transition(api, "meeting", meeting["id"], "close")
    [dissolved] = [w for w in closed["warnings"] if w["rule"] == "project_board.dissolves_at_first_forum_meeting"]
    assert dissolved["entities"][0]["id"] == seeded.project_board
    assert api.get(f"/api/v1/bodies/{seeded.project_board}").json()["status"] == "dissolved"
