"""Invariants of cases and meetings as /api/v1/compliance reports them."""

from datetime import datetime, timedelta, timezone

from tests.flows import in_session_forum_meeting_with, ok, prepared_case, transition


def _findings(api, rule):
    report = ok(api.get("/api/v1/compliance"))
    found = [f for f in report["findings"] if f["rule"] == rule]
    assert all(f["citation"] for f in found)
    return found


def test_case_left_scheduled_after_the_meeting_is_reported(api, seeded):
    left, decided = prepared_case(api, seeded, title="Ikke behandlet"), prepared_case(api, seeded)
    meeting = in_session_forum_meeting_with(api, seeded, [left, decided])
    ok(
        api.post(
            f"/api/v1/meetings/{meeting['id']}/decisions",
            json={"case_id": decided["id"], "kind": "other", "text": "Vedtak."},
        ),
        201,
    )
    assert _findings(api, "case.scheduled_on_open_agenda") == []
    transition(api, "meeting", meeting["id"], "close")
    (finding,) = _findings(api, "case.scheduled_on_open_agenda")
    assert finding["severity"] == "warning"
    assert finding["entities"] == [{"type": "case", "id": left["id"], "label": left["number"]}]


def test_meeting_left_in_session_is_reported(api, seeded):
    long_ago = (datetime.now(timezone.utc) - timedelta(days=2)).isoformat()
    meeting = in_session_forum_meeting_with(api, seeded, [prepared_case(api, seeded)], starts_at=long_ago)
    (finding,) = _findings(api, "meeting.session.max_duration")
    assert finding["entities"][0]["id"] == meeting["id"]
    assert "12" in finding["message"]
    transition(api, "meeting", meeting["id"], "close")
    assert _findings(api, "meeting.session.max_duration") == []
