"""Each case, document, meeting, decision and body answers with what the caller may do on it (`can`, from
the policy table) and its state's Norwegian name, in a list as in a GET of one; the audit log keeps the
record without them."""

from __future__ import annotations

from tests.flows import (
    HDIR,
    au_case,
    document,
    forum_decision,
    forum_meeting,
    member,
    ok,
    transition,
)

CASE_ACTIONS = ["update", "transition", "attach_document"]


def _listed(api, path: str, entity_id: str, **params) -> dict:  # noqa: ANN001
    items = ok(api.get(path, params={"limit": 200, **params}))["items"]
    return next(item for item in items if item["id"] == entity_id)


def test_a_case_says_what_its_reader_may_do_and_its_state_in_norwegian(api, seeded) -> None:  # noqa: ANN001
    forum_member = api.as_person(member(api, seeded.forum, seeded.organizations[HDIR], "Helsedirektøren")["id"])
    au_member = api.as_person(member(api, seeded.au, seeded.organizations[HDIR], "AU-medlemmet")["id"])
    case = au_case(api, seeded)
    assert (case["status_label_nb"], case["can"]) == ("Registrert", CASE_ACTIONS)
    path = f"/api/v1/cases/{case['id']}"
    for reader, can in ((api, CASE_ACTIONS), (au_member, CASE_ACTIONS), (forum_member, [])):
        # The forum reads the AU's cases but does not write them.
        assert ok(reader.get(path))["can"] == can
        assert _listed(reader, "/api/v1/cases", case["id"])["can"] == can
    moved = transition(api, "case", case["id"], "start_preparation")
    assert (moved["status_label_nb"], moved["can"]) == ("Under forberedelse", CASE_ACTIONS)
    assert _listed(api, "/api/v1/cases", case["id"])["status_label_nb"] == "Under forberedelse"


def test_the_audit_log_keeps_the_record_without_the_readers_view(api, seeded) -> None:  # noqa: ANN001
    case = au_case(api, seeded)
    transition(api, "case", case["id"], "start_preparation")
    events = ok(api.get("/api/v1/audit-events", params={"entity_id": case["id"]}))["items"]
    assert events and all(
        "can" not in e[side] and "status_label_nb" not in e[side]
        for e in events
        for side in ("before", "after")
        if e[side]
    )


def test_only_the_secretariat_may_correct_a_document(api, seeded) -> None:  # noqa: ANN001
    au_member = api.as_person(member(api, seeded.au, seeded.organizations[HDIR], "AU-medlemmet")["id"])
    doc = document(api)
    assert doc["can"] == ["update", "attach_to_case", "correct"]
    assert ok(au_member.get(f"/api/v1/documents/{doc['id']}"))["can"] == ["update", "attach_to_case"]
    assert _listed(au_member, "/api/v1/documents", doc["id"])["can"] == ["update", "attach_to_case"]


def test_the_au_sets_the_forums_agenda_and_records_its_decisions_but_does_not_run_its_meetings(api, seeded) -> None:  # noqa: ANN001
    au_member = api.as_person(member(api, seeded.au, seeded.organizations[HDIR], "AU-medlemmet")["id"])
    meeting = forum_meeting(api, seeded)
    assert meeting["status_label_nb"] == "Planlagt"
    assert meeting["can"] == ["update", "transition", "edit_agenda", "record_decision", "draft_minutes"]
    theirs = ["edit_agenda", "record_decision", "draft_minutes"]
    assert ok(au_member.get(f"/api/v1/meetings/{meeting['id']}"))["can"] == theirs
    assert _listed(au_member, "/api/v1/meetings", meeting["id"])["can"] == theirs


def test_a_decision_says_who_follows_it_up(api, seeded) -> None:  # noqa: ANN001
    forum_member = api.as_person(member(api, seeded.forum, seeded.organizations[HDIR], "Helsedirektøren")["id"])
    decision = forum_decision(api, seeded, kind="recommendation")
    assert (decision["follow_up_status_label_nb"], decision["can"]) == ("Åpen", ["update", "transition"])
    assert ok(forum_member.get(f"/api/v1/decisions/{decision['id']}"))["can"] == []
    listed = _listed(forum_member, "/api/v1/decisions", decision["id"])
    assert (listed["follow_up_status_label_nb"], listed["can"]) == ("Åpen", [])
    implemented = transition(api, "decision", decision["id"], "implement")
    assert implemented["follow_up_status_label_nb"] == "Gjennomført"


def test_a_body_says_what_its_members_may_do_in_it(api, seeded) -> None:  # noqa: ANN001
    au_member = api.as_person(member(api, seeded.au, seeded.organizations[HDIR], "AU-medlemmet")["id"])
    au = ok(au_member.get(f"/api/v1/bodies/{seeded.au}"))
    assert au["status_label_nb"] == "Aktivt"
    assert au["can"] == ["register_case", "write_document", "establish_subcommittee"]
    assert _listed(au_member, "/api/v1/bodies", seeded.au)["can"] == au["can"]
    assert len(ok(api.get(f"/api/v1/bodies/{seeded.au}"))["can"]) == 8  # the secretariat: every action
