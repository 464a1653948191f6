from datetime import datetime, timedelta

from tests.flows import (
    HDIR,
    agenda_of,
    au_case,
    decide,
    forum_decision,
    forum_meeting,
    future,
    in_session_forum_meeting_with,
    member,
    ok,
    patch_current,
    post_transition,
    prepared_case,
    put_on_agenda,
    rule_ids,
    transition,
)


def _post(api, meeting_id, case_id, kind="recommendation", **fields):
    return api.post(
        f"/api/v1/meetings/{meeting_id}/decisions", json={"case_id": case_id, "kind": kind, "text": "Vedtak.", **fields}
    )


def test_recording_a_decision(api, seeded):
    case = prepared_case(api, seeded)
    meeting = in_session_forum_meeting_with(api, seeded, [case])
    r = _post(api, meeting["id"], case["id"], "national_measure", responsible_body_id=seeded.au)
    assert r.status_code == 201 and r.headers["Location"].endswith(r.json()["id"]) and r.headers["ETag"]
    decision = r.json()
    assert (decision["meeting_id"], decision["follow_up_status"]) == (meeting["id"], "open")
    assert ok(api.get(f"/api/v1/meetings/{meeting['id']}/decisions"))["items"][0]["id"] == decision["id"]


def test_forum_decides_only_prepared_cases(api, seeded):
    meeting = in_session_forum_meeting_with(api, seeded, [prepared_case(api, seeded)])
    unprepared = au_case(api, seeded)
    r = _post(api, meeting["id"], unprepared["id"])
    assert r.status_code == 409
    assert set(rule_ids(r)) == {"forum.decision.requires_prepared_case", "forum.decision.requires_agenda_item"}


def test_forum_decides_only_cases_on_the_agenda(api, seeded):
    meeting = in_session_forum_meeting_with(api, seeded, [prepared_case(api, seeded)])
    elsewhere = prepared_case(api, seeded)
    r = _post(api, meeting["id"], elsewhere["id"])
    assert r.status_code == 409 and rule_ids(r) == ["forum.decision.requires_agenda_item"]


def test_a_meeting_does_not_decide_a_case_it_returned(api, seeded):
    """Returned, prepared again and carried to the next meeting: the held meeting may not decide it after all."""
    case = prepared_case(api, seeded)
    first = in_session_forum_meeting_with(api, seeded, [case])
    transition(api, "case", case["id"], "return", reason="Mer utredning")
    transition(api, "meeting", first["id"], "close")
    nxt = forum_meeting(api, seeded)
    transition(api, "case", case["id"], "start_preparation")
    assert transition(api, "case", case["id"], "prepare")["status"] == "scheduled"  # onto `nxt` by itself
    r = _post(api, first["id"], case["id"])
    assert r.status_code == 409 and rule_ids(r) == ["forum.decision.requires_agenda_item"]
    assert ok(api.get(f"/api/v1/cases/{case['id']}"))["status"] == "scheduled"
    assert agenda_of(api, nxt["id"])[0]["outcome"] is None


def test_decision_requires_meeting_in_session(api, seeded):
    case = prepared_case(api, seeded)
    meeting = forum_meeting(api, seeded)
    put_on_agenda(api, meeting["id"], case["id"])
    r = _post(api, meeting["id"], case["id"])
    assert r.status_code == 409 and rule_ids(r) == ["forum.decision.requires_meeting_in_session"]
    assert ok(api.get(f"/api/v1/cases/{case['id']}"))["status"] == "scheduled"


def test_a_held_meeting_still_takes_decisions_until_minutes_are_approved(api, seeded):
    case = prepared_case(api, seeded)
    meeting = in_session_forum_meeting_with(api, seeded, [case])
    transition(api, "meeting", meeting["id"], "close")
    decide(api, meeting["id"], case["id"])


def test_one_decision_per_case(api, seeded):
    decision = forum_decision(api, seeded, kind="coordination")
    r = _post(api, decision["meeting_id"], decision["case_id"])
    assert r.status_code == 409 and rule_ids(r) == ["decision.one_per_case"]


def test_information_case_takes_no_decision(api, seeded):
    info = prepared_case(api, seeded, "information")
    meeting = in_session_forum_meeting_with(api, seeded, [info])
    r = _post(api, meeting["id"], info["id"])
    assert r.status_code == 409 and rule_ids(r) == ["decision.information_case_takes_no_decision"]
    assert transition(api, "case", info["id"], "note")["status"] == "noted"


def test_note_is_for_information_cases_at_the_meeting(api, seeded):
    case = prepared_case(api, seeded, "decision")
    meeting = forum_meeting(api, seeded)
    put_on_agenda(api, meeting["id"], case["id"])
    r = post_transition(api, f"/api/v1/cases/{case['id']}/transitions/note")
    assert r.status_code == 409
    assert set(rule_ids(r)) == {"case.note.information_only", "case.note.requires_meeting_in_session"}


def test_return_only_from_a_forum_meeting_in_session(api, seeded):
    case = prepared_case(api, seeded)
    meeting = forum_meeting(api, seeded)
    put_on_agenda(api, meeting["id"], case["id"])
    r = post_transition(api, f"/api/v1/cases/{case['id']}/transitions/return", json={"reason": "For tidlig"})
    assert r.status_code == 409 and rule_ids(r) == ["case.return.requires_meeting_in_session"]


def test_decisions_are_recorded_by_the_au_or_the_secretariat(api, seeded):
    director = member(api, seeded.forum, seeded.organizations[HDIR], "Helsedirektøren")
    case = prepared_case(api, seeded)
    meeting = in_session_forum_meeting_with(api, seeded, [case])
    assert _post(api.as_person(director["id"]), meeting["id"], case["id"]).status_code == 403


def test_membership_change_names_the_agency(api, seeded):
    case = prepared_case(api, seeded)
    meeting = in_session_forum_meeting_with(api, seeded, [case])
    r = _post(api, meeting["id"], case["id"], "membership_change")
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "body.subject_organization_id"
    ukom = seeded.organizations["Statens undersøkelseskommisjon for helse- og omsorgstjenesten"]
    decision = decide(api, meeting["id"], case["id"], "membership_change", subject_organization_id=ukom)
    assert decision["subject_organization_id"] == ukom


def test_follow_up_by_the_working_committee(api, seeded):
    hdir = seeded.organizations[HDIR]
    director = member(api, seeded.forum, hdir, "Helsedirektøren")
    au_member = member(api, seeded.au, hdir, "AU-medlem")
    decision = forum_decision(api, seeded, kind="recommendation")
    other = forum_decision(api, seeded, kind="coordination")
    work_list = ok(api.get("/api/v1/decisions", params={"follow_up_status": "open"}))["items"]
    assert {d["id"] for d in work_list} == {decision["id"], other["id"]}

    path = f"/api/v1/decisions/{decision['id']}/transitions/start_follow_up"
    r = post_transition(api.as_person(director["id"]), path, json={"note": "Vi tar det"})
    assert r.status_code == 403 and "decision.follow_up" in r.json()["detail"]
    r = post_transition(api.as_person(au_member["id"]), path, json={"responsible_body_id": seeded.project_board})
    assert r.status_code == 409 and rule_ids(r) == ["decision.follow_up.by_working_committee"]
    started = ok(
        post_transition(
            api.as_person(au_member["id"]),
            path,
            json={"note": "Arbeidsutvalget følger opp", "responsible_body_id": seeded.au},
        )
    )
    assert started["follow_up_status"] == "in_progress"
    assert (started["follow_up_note"], started["responsible_body_id"]) == ("Arbeidsutvalget følger opp", seeded.au)
    done = transition(api, "decision", decision["id"], "implement", note="Iverksatt i alle virksomheter")
    assert done["follow_up_status"] == "implemented"
    transition(api, "decision", other["id"], "cancel", note="Bortfalt")
    assert ok(api.get("/api/v1/decisions", params={"follow_up_status": "open"}))["items"] == []
    again = post_transition(api, f"/api/v1/decisions/{decision['id']}/transitions/cancel")
    assert again.status_code == 409 and "decision.transition.order" in rule_ids(again)

    patch = patch_current(
        api.as_person(director["id"]), f"/api/v1/decisions/{decision['id']}", json={"follow_up_note": "x"}
    )
    assert patch.status_code == 403
    patch = patch_current(api, f"/api/v1/decisions/{decision['id']}", json={"responsible_body_id": seeded.forum})
    assert patch.status_code == 409 and rule_ids(patch) == ["decision.follow_up.by_working_committee"]
    actions = [e["action"] for e in ok(api.get("/api/v1/audit-events", params={"entity_id": decision["id"]}))["items"]]
    assert actions[:3] == ["create", "start_follow_up", "implement"]


def test_a_decision_is_dated_when_it_is_recorded_not_by_the_planned_date(api, seeded, app_clock):
    """Issue 26: a decision «vedtatt 18. januar 2027» recorded on 4 December 2026 told a false date."""
    case = prepared_case(api, seeded)
    meeting = in_session_forum_meeting_with(api, seeded, [case], starts_at=future(0))
    app_clock.advance(timedelta(hours=3))  # a long meeting: the decision falls late in it
    before = app_clock()
    decision = decide(api, meeting["id"], case["id"])
    assert before <= datetime.fromisoformat(decision["decided_at"]) <= app_clock()
    assert decision["decided_at"] != meeting["starts_at"]


def test_a_decision_names_its_case_in_a_list_as_in_one(api, seeded):
    decision = forum_decision(api, seeded, kind="recommendation", title="Felles råd om legemidler")
    case = ok(api.get(f"/api/v1/cases/{decision['case_id']}"))
    shown = (case["number"], "Felles råd om legemidler")
    assert (decision["case_number"], decision["case_title"]) == shown
    one = ok(api.get(f"/api/v1/decisions/{decision['id']}"))
    assert (one["case_number"], one["case_title"]) == shown
    [listed] = ok(api.get("/api/v1/decisions", params={"case_id": decision["case_id"]}))["items"]
    assert (listed["case_number"], listed["case_title"]) == shown
    moved = transition(api, "decision", decision["id"], "start_follow_up")
    assert moved["case_number"] == case["number"]
