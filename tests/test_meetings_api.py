from datetime import datetime, timedelta, timezone

from tests.flows import (
    HDIR,
    decide,
    document,
    forum_meeting,
    future,
    in_session_forum_meeting_with,
    member,
    ok,
    patch_current,
    post_transition,
    prepared_case,
    rule_ids,
    transition,
)


def _board_meeting(api, seeded, starts_at):
    return api.post("/api/v1/meetings", json={"body_id": seeded.project_board, "starts_at": starts_at.isoformat()})


def test_meetings_are_numbered_per_body(api, seeded):
    r = api.post("/api/v1/meetings", json={"body_id": seeded.forum, "starts_at": future(10)})
    assert r.status_code == 201 and r.headers["Location"].endswith(r.json()["id"])
    assert r.json()["number"] == 1 and r.json()["status"] == "planned"
    assert forum_meeting(api, seeded)["number"] == 2
    au = ok(api.post("/api/v1/meetings", json={"body_id": seeded.au, "starts_at": future(3)}), 201)
    assert au["number"] == 1
    naive = api.post("/api/v1/meetings", json={"body_id": seeded.forum, "starts_at": "2030-01-01T10:00:00"})
    assert naive.status_code == 422


def test_a_meeting_ending_before_it_starts_is_a_422_naming_ends_at(api, seeded):
    payload = {"body_id": seeded.forum, "starts_at": future(10), "ends_at": future(9)}
    r = api.post("/api/v1/meetings", json=payload)
    assert r.status_code == 422 and [e["field"] for e in r.json()["errors"]] == ["body.ends_at"]
    r = api.post("/api/v1/meetings", json={**payload, "starts_at": "i morgen"})
    assert r.status_code == 422 and [e["field"] for e in r.json()["errors"]] == ["body.starts_at"]


def test_convene_requires_an_agenda(api, seeded):
    meeting = forum_meeting(api, seeded)
    r = post_transition(api, f"/api/v1/meetings/{meeting['id']}/transitions/convene")
    assert r.status_code == 409 and rule_ids(r) == ["meeting.convene.requires_agenda"]


def test_meetings_move_only_along_their_lifecycle(api, seeded):
    meeting = forum_meeting(api, seeded)
    r = post_transition(api, f"/api/v1/meetings/{meeting['id']}/transitions/close")
    assert r.status_code == 409 and "meeting.transition.order" in rule_ids(r)
    assert ok(api.get(f"/api/v1/meetings/{meeting['id']}"))["status"] == "planned"


def test_minutes_are_approved_only_with_a_minutes_document(api, seeded):
    meeting = in_session_forum_meeting_with(api, seeded, [prepared_case(api, seeded)])
    transition(api, "meeting", meeting["id"], "close")
    r = post_transition(api, f"/api/v1/meetings/{meeting['id']}/transitions/approve_minutes")
    assert r.status_code == 409 and rule_ids(r) == ["meeting.minutes.requires_document"]
    other = document(api, "report", owner_body_id=seeded.forum)
    bad = patch_current(api, f"/api/v1/meetings/{meeting['id']}", json={"minutes_document_id": other["id"]})
    assert bad.status_code == 422


def test_meetings_are_run_by_the_secretariat_and_the_bodys_leader(api, seeded):
    hdir = seeded.organizations[HDIR]
    board_member = member(api, seeded.project_board, hdir, "Styremedlem")
    au_member = member(api, seeded.au, hdir, "AU-medlem")
    director = member(api, seeded.forum, hdir, "Helsedirektøren", role="chair")
    meeting = forum_meeting(api, seeded)
    as_board = api.as_person(board_member["id"])
    assert post_transition(as_board, f"/api/v1/meetings/{meeting['id']}/transitions/cancel").status_code == 403
    assert as_board.post("/api/v1/meetings", json={"body_id": seeded.forum, "starts_at": future(9)}).status_code == 403
    r = post_transition(api.as_person(au_member["id"]), f"/api/v1/meetings/{meeting['id']}/transitions/cancel")
    assert r.status_code == 403  # the AU prepares forum meetings; the secretariat and the chair run them
    r = post_transition(api.as_person(director["id"]), f"/api/v1/meetings/{meeting['id']}/transitions/cancel")
    assert r.status_code == 200 and r.json()["status"] == "cancelled"


def test_board_meetings_six_to_eight_weeks_apart(api, seeded):
    start = datetime.now(timezone.utc) + timedelta(days=7)
    ok(_board_meeting(api, seeded, start), 201)
    fine = ok(_board_meeting(api, seeded, start + timedelta(weeks=7)), 201)
    assert fine["warnings"] == []
    close = _board_meeting(api, seeded, start + timedelta(weeks=9))
    assert close.status_code == 201
    assert rule_ids(close, "warnings") == ["project_board.meeting_interval"]
    # Rescheduling is judged against the neighbours too.
    moved = patch_current(
        api, f"/api/v1/meetings/{fine['id']}", json={"starts_at": (start + timedelta(weeks=3)).isoformat()}
    )
    assert moved.status_code == 200
    assert rule_ids(moved, "warnings") == ["project_board.meeting_interval"]


def test_first_forum_meeting_dissolves_the_project_board(api, seeded):
    board_meeting = ok(_board_meeting(api, seeded, datetime.now(timezone.utc) + timedelta(days=2)), 201)
    meeting = in_session_forum_meeting_with(api, seeded, [prepared_case(api, seeded)])
    transition(api, "meeting", meeting["id"], "close")
    board = ok(api.get(f"/api/v1/bodies/{seeded.project_board}"))
    assert board["status"] == "dissolved" and board["dissolved_at"]
    r = _board_meeting(api, seeded, datetime.now(timezone.utc) + timedelta(weeks=7))
    assert r.status_code == 409 and rule_ids(r) == ["project_board.dissolves_at_first_forum_meeting"]
    dissolve_events = ok(
        api.get("/api/v1/audit-events", params={"entity_id": seeded.project_board, "action": "dissolve"})
    )
    assert len(dissolve_events["items"]) == 1
    assert ok(api.get(f"/api/v1/meetings/{board_meeting['id']}"))["status"] == "planned"


def test_minutes_are_drafted_from_what_the_meeting_did(api, seeded):
    decided = prepared_case(api, seeded, "decision", title="Felles råd om samstemming")
    informed = prepared_case(api, seeded, "information", title="Status for meldeordningen")
    returned = prepared_case(api, seeded, "decision", title="Nasjonal tiltakspakke")
    meeting = in_session_forum_meeting_with(api, seeded, [decided, informed, returned])
    decide(api, meeting["id"], decided["id"], "recommendation", "Forumet anbefaler felles råd.")
    transition(api, "case", informed["id"], "note")
    transition(api, "case", returned["id"], "return", reason="Intern vurdering av direktør X")

    r = api.post(f"/api/v1/meetings/{meeting['id']}/minutes/draft")
    draft = ok(r, 201)
    assert r.headers["Location"] == f"/api/v1/documents/{draft['id']}"
    assert draft["kind"] == "minutes" and draft["public"] is True
    body = draft["body"]
    assert f"## Sak {decided['number']} Felles råd om samstemming" in body
    assert "**Vedtak:** Forumet anbefaler felles råd." in body
    assert "Tatt til orientering." in body and "Sendt tilbake til Arbeidsutvalget." in body
    assert "Intern vurdering" not in body  # the return reason was not marked public
    assert ok(api.get(f"/api/v1/meetings/{meeting['id']}"))["minutes_document_id"] == draft["id"]
    assert api.post(f"/api/v1/meetings/{meeting['id']}/minutes/draft").status_code == 409

    transition(api, "meeting", meeting["id"], "close")
    assert transition(api, "meeting", meeting["id"], "approve_minutes")["status"] == "minutes_approved"


def test_minutes_are_not_drafted_before_the_meeting(api, seeded):
    meeting = forum_meeting(api, seeded)
    r = api.post(f"/api/v1/meetings/{meeting['id']}/minutes/draft")
    assert r.status_code == 409 and "planned" in r.json()["detail"]
    assert ok(api.get(f"/api/v1/meetings/{meeting['id']}"))["minutes_document_id"] is None
