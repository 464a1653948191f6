"""GET /api/v1/meetings/{id}/agenda-candidates: the cases an agenda picker offers, each allowed or not
with the agenda rules that decide it (their Norwegian messages and citations), before anyone tries."""

from tests.flows import (
    HDIR,
    au_case,
    forum_meeting,
    in_session_forum_meeting_with,
    member,
    ok,
    prepared_case,
    put_on_agenda,
)


def candidates(api, meeting_id: str, **params) -> dict[str, dict]:
    items = ok(api.get(f"/api/v1/meetings/{meeting_id}/agenda-candidates", params=params))["items"]
    return {item["case"]["id"]: item for item in items}


def failed(item: dict) -> list[str]:
    return [rule["rule"] for rule in item["rules"] if not rule["passed"]]


def test_each_case_says_whether_the_rules_let_it_on(api, seeded):
    meeting = forum_meeting(api, seeded)
    prepared = prepared_case(api, seeded, title="Forberedt")
    registered = au_case(api, seeded, title="Registrert")
    board_case = prepared_case(api, seeded, owner_body_id=seeded.project_board, title="Styrets")
    scheduled = prepared_case(api, seeded, title="Allerede på en saksliste")
    put_on_agenda(api, forum_meeting(api, seeded)["id"], scheduled["id"])

    found = candidates(api, meeting["id"])
    assert found[prepared["id"]]["allowed"] and failed(found[prepared["id"]]) == []
    assert not found[registered["id"]]["allowed"]
    assert failed(found[registered["id"]]) == ["agenda.requires_prepared_case"]
    assert not found[board_case["id"]]["allowed"]
    assert failed(found[board_case["id"]]) == ["agenda.set_by_working_committee"]
    assert scheduled["id"] not in found
    rule = found[registered["id"]]["rules"][0]
    assert rule["message_nb"].startswith("Bare saker som er ferdig forberedt") and rule["citation"].startswith("«")
    # What the listing says is what placing the case does.
    assert api.post(f"/api/v1/meetings/{meeting['id']}/agenda", json={"case_id": registered["id"]}).status_code == 409
    put_on_agenda(api, meeting["id"], prepared["id"])


def test_who_may_not_set_the_agenda_is_told_why(api, seeded):
    """A forum member reads the forum's meeting, but the AU sets its agenda (agenda.write): not
    permitted, with the policy's reason in Norwegian; the rules still answer."""
    director = member(api, seeded.forum, seeded.organizations[HDIR], "Helsedirektøren")
    meeting = forum_meeting(api, seeded)
    case = prepared_case(api, seeded)
    item = candidates(api.as_person(director["id"]), meeting["id"])[case["id"]]
    assert not item["allowed"] and not item["permitted"]
    assert "agenda.write" in item["reason_nb"]
    assert failed(item) == []


def test_a_meeting_under_way_takes_no_more_cases(api, seeded):
    meeting = in_session_forum_meeting_with(api, seeded, [prepared_case(api, seeded)])
    case = prepared_case(api, seeded)
    item = candidates(api, meeting["id"])[case["id"]]
    assert not item["allowed"] and item["permitted"]
    assert item["reason_nb"] == "Møtet har status «Pågår»; sakslisten kan ikke endres."


def test_a_meeting_the_caller_cannot_read_is_not_found(api, seeded):
    outsider = member(api, seeded.project_board, seeded.organizations[HDIR], "Styremedlem")
    meeting = forum_meeting(api, seeded)
    r = api.as_person(outsider["id"]).get(f"/api/v1/meetings/{meeting['id']}/agenda-candidates")
    assert r.status_code == 404


def test_the_listing_runs_the_same_statements_for_any_number_of_cases(api, seeded, count_statements):
    meeting = forum_meeting(api, seeded)
    prepared_case(api, seeded, owner_body_id=seeded.project_board)
    au_case(api, seeded)

    def count() -> int:
        with count_statements() as n:
            candidates(api, meeting["id"], limit=200)
        return n.count

    few = count()
    for _ in range(4):
        prepared_case(api, seeded)
        au_case(api, seeded)
    assert count() == few
