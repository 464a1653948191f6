"""What is due (issue 26, item 4): a decision's follow-up due date and the overdue list, subcommittees
by deadline, and the compliance report warning before a due date as well as after it."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from app.norwegian import OSLO
from tests.conftest import WallClock
from tests.flows import (
    decide,
    forum_decision,
    in_session_forum_meeting_with,
    ok,
    patch_current,
    prepared_case,
    transition,
)
from tests.test_archive import Statements, plan
from tests.test_subcommittees import establish, in_days, person

DECISIONS = "/api/v1/decisions"
SUBCOMMITTEES = "/api/v1/subcommittees"


def travel_to(app_clock: WallClock, day: date) -> None:
    """Every request from now on happens at about noon of that Norwegian day (the app's one clock)."""
    app_clock.offset = datetime.combine(day, time(12), OSLO) - datetime.now(UTC)


def decided_on(decision: dict) -> date:
    return datetime.fromisoformat(decision["decided_at"]).astimezone(OSLO).date()


def ids(api, path: str, **params) -> list[str]:  # noqa: ANN001
    return [item["id"] for item in ok(api.get(path, params={"limit": 200, **params}))["items"]]


def set_due(api, decision: dict, due: date | None):  # noqa: ANN001, ANN201
    return patch_current(api, f"{DECISIONS}/{decision['id']}", json={"follow_up_due": due.isoformat() if due else None})


@pytest.fixture
def founding(api, seeded) -> dict:  # noqa: ANN001
    """A forum decision to set up a subcommittee."""
    return forum_decision(api, seeded, kind="establish_subcommittee")


@pytest.fixture
def chair(api, seeded) -> dict:  # noqa: ANN001
    return person(api, seeded, "Kari Leder")


def findings(api, rule: str) -> list[dict]:  # noqa: ANN001
    return [f for f in ok(api.get("/api/v1/compliance"))["findings"] if f["rule"] == rule]


def test_overdue_is_a_filter_not_ignored(api, seeded, app_clock) -> None:  # noqa: ANN001
    """The regression: `?overdue=true` was silently ignored and returned every decision."""
    late = forum_decision(api, seeded, kind="recommendation")
    day = decided_on(late)
    ok(set_due(api, late, day + timedelta(days=5)))
    done = forum_decision(api, seeded, kind="recommendation")
    ok(set_due(api, done, day + timedelta(days=5)))
    transition(api, "decision", done["id"], "implement")
    undated = forum_decision(api, seeded, kind="recommendation")
    later = forum_decision(api, seeded, kind="recommendation")
    ok(set_due(api, later, day + timedelta(days=30)))

    assert ids(api, DECISIONS, overdue="true") == []  # nothing is due yet
    travel_to(app_clock, day + timedelta(days=5))
    assert ids(api, DECISIONS, overdue="true") == []  # due today is not overdue yet
    travel_to(app_clock, day + timedelta(days=6))
    assert ids(api, DECISIONS, overdue="true") == [late["id"]]
    assert set(ids(api, DECISIONS, overdue="false")) == {done["id"], undated["id"], later["id"]}
    # Due before a day: whether or not the follow-up is done; not on the day itself.
    assert set(ids(api, DECISIONS, due_before=(day + timedelta(days=6)).isoformat())) == {late["id"], done["id"]}
    assert ids(api, DECISIONS, due_before=(day + timedelta(days=5)).isoformat()) == []
    assert ids(api, DECISIONS, overdue="true", follow_up_status="open") == [late["id"]]
    # Once followed up, it is overdue no more.
    transition(api, "decision", late["id"], "start_follow_up")
    assert ids(api, DECISIONS, overdue="true") == [late["id"]]  # in progress is not done
    transition(api, "decision", late["id"], "implement")
    assert ids(api, DECISIONS, overdue="true") == []
    r = api.get(DECISIONS, params={"overdue": "kanskje"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "query.overdue"
    r = api.get(DECISIONS, params={"due_before": "neste uke"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "query.due_before"


def test_a_due_date_set_when_recorded_or_later_by_the_au(api, seeded) -> None:  # noqa: ANN001
    decision = forum_decision(api, seeded, kind="recommendation")
    assert decision["follow_up_due"] is None
    day = decided_on(decision)
    changed = ok(set_due(api, decision, day + timedelta(days=60)))
    assert changed["follow_up_due"] == (day + timedelta(days=60)).isoformat()
    history = ok(api.get(f"{DECISIONS}/{decision['id']}/history"))["items"]
    assert {"field": "follow_up_due", "before": None, "after": changed["follow_up_due"]} in history[0]["changes"]
    # Not before the day of the decision; null removes it.
    r = set_due(api, decision, day - timedelta(days=1))
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "body.follow_up_due"
    assert ok(set_due(api, decision, None))["follow_up_due"] is None
    # The AU's follow-up is the AU's and the secretariat's: an outsider may not set it.
    outsider = ok(api.post("/api/v1/persons", json={"name": "Ola Utenfor"}), 201)
    r = set_due(api.as_person(outsider["id"]), decision, day + timedelta(days=10))
    assert r.status_code in (403, 404), r.text


def test_a_due_date_given_with_the_decision(api, seeded) -> None:  # noqa: ANN001
    case = prepared_case(api, seeded, "decision")
    meeting = in_session_forum_meeting_with(api, seeded, [case])
    day = datetime.fromisoformat(meeting["starts_at"]).astimezone(OSLO).date()
    r = api.post(
        f"/api/v1/meetings/{meeting['id']}/decisions",
        json={
            "case_id": case["id"],
            "kind": "recommendation",
            "text": "Vedtatt.",
            "follow_up_due": str(day - timedelta(1)),
        },
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "body.follow_up_due"
    due = (day + timedelta(days=90)).isoformat()
    assert decide(api, meeting["id"], case["id"], follow_up_due=due)["follow_up_due"] == due


def test_the_overdue_filter_has_its_index(api, database, seeded) -> None:  # noqa: ANN001
    decision = forum_decision(api, seeded, kind="recommendation")
    ok(set_due(api, decision, decided_on(decision) + timedelta(days=5)))
    # With sequential and ordered index scans off, each filter is read through an index of its own; on
    # so few rows PostgreSQL may take either due-date index for `overdue`, both of which serve it.
    for params, indexes in (
        ({"overdue": "true"}, ("ix_decisions_follow_up_status_due", "ix_decisions_follow_up_due")),
        ({"due_before": date.today().isoformat()}, ("ix_decisions_follow_up_due",)),
    ):
        with Statements(database) as statements:
            ok(api.get(DECISIONS, params={"limit": 1, **params}))
        explained = plan(database, *statements.page_query(), ("seqscan", "indexscan"))
        # SQLite reads a due range's few rows in the list's order instead: cheaper for it, so allowed.
        if database.is_postgresql or "overdue" in params:
            assert any(f"{index} " in explained for index in indexes), explained


def test_compliance_warns_before_a_follow_up_is_due_and_after(api, seeded, app_clock) -> None:  # noqa: ANN001
    decision = forum_decision(api, seeded, kind="recommendation")
    day = decided_on(decision)
    ok(set_due(api, decision, day + timedelta(days=30)))
    travel_to(app_clock, day)
    assert findings(api, "decision.follow_up.due_soon") == []
    travel_to(app_clock, day + timedelta(days=16))  # 14 days before (the rule's parameter)
    (soon,) = findings(api, "decision.follow_up.due_soon")
    assert soon["severity"] == "warning" and soon["citation"] and "14 dager" in soon["message_nb"]
    assert soon["entities"][0]["id"] == decision["id"]
    assert findings(api, "decision.follow_up.overdue") == []
    travel_to(app_clock, day + timedelta(days=30))  # due today: still before
    assert len(findings(api, "decision.follow_up.due_soon")) == 1
    travel_to(app_clock, day + timedelta(days=31))
    assert findings(api, "decision.follow_up.due_soon") == []
    (late,) = findings(api, "decision.follow_up.overdue")
    assert late["entities"][0]["id"] == decision["id"] and late["citation"]
    transition(api, "decision", decision["id"], "cancel")
    assert findings(api, "decision.follow_up.overdue") == []


def test_subcommittees_by_deadline(api, seeded, founding, chair) -> None:  # noqa: ANN001
    first = establish(api, founding, chair, deadline=in_days(20), name="Å")
    second = establish(api, forum_decision(api, seeded), chair, deadline=in_days(40), name="B")
    third = establish(api, forum_decision(api, seeded), chair, deadline=in_days(40), name="A")
    assert ids(api, SUBCOMMITTEES, deadline_before=in_days(40)) == [first["id"]]
    assert set(ids(api, SUBCOMMITTEES, deadline_after=in_days(20))) == {second["id"], third["id"]}
    assert ids(api, SUBCOMMITTEES, deadline_after=in_days(19), deadline_before=in_days(21)) == [first["id"]]
    r = api.get(SUBCOMMITTEES, params={"deadline_after": in_days(30), "deadline_before": in_days(30)})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "query.deadline_after"

    # Sorted by deadline (then id), one page at a time, each way.
    tied = sorted([second["id"], third["id"]])
    for sort, expected in (("deadline", [first["id"], *tied]), ("-deadline", [*reversed(tied), first["id"]])):
        assert ids(api, SUBCOMMITTEES, sort=sort) == expected
        walked, cursor = [], None
        while True:
            page = ok(
                api.get(SUBCOMMITTEES, params={"sort": sort, "limit": 1, **({"cursor": cursor} if cursor else {})})
            )
            walked += [s["id"] for s in page["items"]]
            if not (cursor := page["next_cursor"]):
                break
        assert walked == expected, sort
    # A cursor belongs to its order.
    by_name = ok(api.get(SUBCOMMITTEES, params={"limit": 1}))["next_cursor"]
    r = api.get(SUBCOMMITTEES, params={"sort": "deadline", "cursor": by_name})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "query.cursor"
    assert api.get(SUBCOMMITTEES, params={"sort": "frist"}).status_code == 422

    # The deadline can move, but a subcommittee keeps one.
    r = patch_current(api, f"/api/v1/bodies/{first['id']}", json={"deadline": None})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "body.deadline"
    ok(patch_current(api, f"/api/v1/bodies/{first['id']}", json={"deadline": in_days(50)}))
    assert ids(api, SUBCOMMITTEES, sort="-deadline")[0] == first["id"]


def test_the_deadline_filter_and_sort_have_their_index(api, database, seeded, founding, chair) -> None:  # noqa: ANN001
    establish(api, founding, chair, deadline=in_days(20))
    # Sorted: read in order (no sort); filtered: the range found in the index.
    for params, disable in (
        ({"sort": "deadline"}, ("seqscan", "sort")),
        ({"deadline_before": in_days(30)}, ("seqscan",)),
    ):
        with Statements(database) as statements:
            ok(api.get(SUBCOMMITTEES, params={"limit": 1, **params}))
        explained = plan(database, *statements.page_query(), disable)
        assert "ix_bodies_kind_deadline_id" in explained, explained


def test_compliance_warns_before_a_subcommittee_deadline(api, founding, chair, app_clock) -> None:  # noqa: ANN001
    sub = establish(api, founding, chair, deadline=in_days(30))
    assert findings(api, "subcommittee.deadline_approaching") == []
    travel_to(app_clock, date.today() + timedelta(days=16))
    (soon,) = findings(api, "subcommittee.deadline_approaching")
    assert soon["entities"][0]["id"] == sub["id"] and soon["citation"] and "14 dager" in soon["message_nb"]
    travel_to(app_clock, date.today() + timedelta(days=31))
    assert findings(api, "subcommittee.deadline_approaching") == []
    assert len(findings(api, "subcommittee.deadline")) == 1  # after it: the rule that was already there


def test_rule_ids_quote_the_source(api) -> None:  # noqa: ANN001
    for rule in ("decision.follow_up.overdue", "decision.follow_up.due_soon", "subcommittee.deadline_approaching"):
        r = api.get(f"/api/v1/rules/{rule}")
        assert ok(r)["citation"] and ok(r)["severity"] == "warning" and ok(r)["invariant"], rule
