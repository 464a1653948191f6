from tests.flows import (
    HDIR,
    agenda_of,
    au_case,
    etag,
    forum_meeting,
    future,
    member,
    ok,
    patch_current,
    prepared_case,
    put_on_agenda,
    rule_ids,
    transition,
)


def test_only_prepared_cases_go_on_the_agenda(api, seeded):
    meeting = forum_meeting(api, seeded)
    case = au_case(api, seeded)
    r = api.post(f"/api/v1/meetings/{meeting['id']}/agenda", json={"case_id": case["id"]})
    assert r.status_code == 409 and rule_ids(r) == ["agenda.requires_prepared_case"]
    assert agenda_of(api, meeting["id"]) == []


def test_a_forum_agenda_takes_only_cases_the_au_prepared(api, seeded):
    meeting = forum_meeting(api, seeded)
    board_case = prepared_case(api, seeded, owner_body_id=seeded.project_board)
    r = api.post(f"/api/v1/meetings/{meeting['id']}/agenda", json={"case_id": board_case["id"]})
    assert r.status_code == 409 and rule_ids(r) == ["agenda.set_by_working_committee"]
    assert "not the AU" in r.json()["violations"][0]["detail"]
    assert agenda_of(api, meeting["id"]) == []


def test_forum_agenda_is_set_by_the_au_not_by_forum_members(api, seeded):
    """Who sets the forum's agenda is the permission agenda.write (403), not a rule (409)."""
    hdir = seeded.organizations[HDIR]
    director = member(api, seeded.forum, hdir, "Helsedirektøren")
    au_member = member(api, seeded.au, hdir, "Utvalgsmedlem")
    meeting = forum_meeting(api, seeded)
    case = prepared_case(api, seeded)
    r = api.as_person(director["id"]).post(f"/api/v1/meetings/{meeting['id']}/agenda", json={"case_id": case["id"]})
    assert r.status_code == 403 and "agenda.write" in r.json()["detail"]
    item = ok(
        api.as_person(au_member["id"]).post(f"/api/v1/meetings/{meeting['id']}/agenda", json={"case_id": case["id"]}),
        201,
    )
    assert item["position"] == 1


def test_a_body_schedules_only_cases_its_leader_may_read(api, seeded):
    """The project board's leader sets the board's agenda, but cannot see (so not schedule) an AU case."""
    board_chair = member(api, seeded.project_board, seeded.organizations[HDIR], "Styreleder", role="chair")
    board = api.as_person(board_chair["id"])
    meeting = ok(board.post("/api/v1/meetings", json={"body_id": seeded.project_board, "starts_at": future(20)}), 201)
    case = prepared_case(api, seeded)
    r = board.post(f"/api/v1/meetings/{meeting['id']}/agenda", json={"case_id": case["id"]})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "body.case_id"
    assert agenda_of(api, meeting["id"]) == []
    assert ok(api.get(f"/api/v1/cases/{case['id']}"))["status"] == "prepared"
    board_member = member(api, seeded.project_board, seeded.organizations[HDIR], "Styremedlem")
    assert (
        api.as_person(board_member["id"])
        .post("/api/v1/meetings", json={"body_id": seeded.project_board, "starts_at": future(30)})
        .status_code
        == 403
    )


def test_reorder_and_remove_items(api, seeded):
    meeting = forum_meeting(api, seeded)
    a, b, c = (prepared_case(api, seeded, title=t) for t in ("A", "B", "C"))
    for case in (a, b):
        put_on_agenda(api, meeting["id"], case["id"])
    first = ok(api.post(f"/api/v1/meetings/{meeting['id']}/agenda", json={"case_id": c["id"], "position": 1}), 201)
    assert [i["case_title"] for i in agenda_of(api, meeting["id"])] == ["C", "A", "B"]
    ok(patch_current(api, f"/api/v1/meetings/{meeting['id']}/agenda/{first['id']}", json={"position": 3}))
    assert [i["case_title"] for i in agenda_of(api, meeting["id"])] == ["A", "B", "C"]
    bad = patch_current(api, f"/api/v1/meetings/{meeting['id']}/agenda/{first['id']}", json={"position": 9})
    assert bad.status_code == 422
    path = f"/api/v1/meetings/{meeting['id']}/agenda/{first['id']}"
    assert api.delete(path, headers={"If-Match": etag(api, path)}).status_code == 204
    assert [(i["position"], i["case_title"]) for i in agenda_of(api, meeting["id"])] == [(1, "A"), (2, "B")]
    assert ok(api.get(f"/api/v1/cases/{c['id']}"))["status"] == "prepared"
    assert api.delete(path, headers={"If-Match": "*"}).status_code == 404


def test_agenda_items_are_versioned_and_changed_only_from_a_current_copy(api, seeded):
    """An item's ETag goes stale when it moves, also when another item's move shifts it: a client
    reordering from an old copy of the agenda gets 412, not a silent reorder it never saw."""
    meeting = forum_meeting(api, seeded)
    a, b = (prepared_case(api, seeded, title=t) for t in ("A", "B"))
    created = api.post(f"/api/v1/meetings/{meeting['id']}/agenda", json={"case_id": a["id"]})
    item_a = ok(created, 201)
    path_a = created.headers["location"]
    assert path_a == f"/api/v1/meetings/{meeting['id']}/agenda/{item_a['id']}"
    assert created.headers["etag"] == f'"{item_a["id"]}.1"' == api.get(path_a).headers["etag"]
    assert api.get(path_a, headers={"If-None-Match": created.headers["etag"]}).status_code == 304
    item_b = put_on_agenda(api, meeting["id"], b["id"])
    path_b = f"/api/v1/meetings/{meeting['id']}/agenda/{item_b['id']}"
    stale_a = etag(api, path_a)

    moved = api.patch(path_b, json={"position": 1}, headers={"If-Match": etag(api, path_b)})
    assert ok(moved)["version"] == 2 and moved.headers["etag"] == f'"{item_b["id"]}.2"'
    assert ok(api.get(path_a))["position"] == 2 and api.get(path_a).headers["etag"] != stale_a

    assert api.patch(path_a, json={"position": 1}, headers={"If-Match": stale_a}).status_code == 412
    assert api.delete(path_a, headers={"If-Match": stale_a}).status_code == 412
    assert api.delete(path_a).status_code == 428
    assert [i["case_title"] for i in agenda_of(api, meeting["id"])] == ["B", "A"]


def test_agenda_is_frozen_once_the_meeting_starts(api, seeded):
    case, late = prepared_case(api, seeded), prepared_case(api, seeded)
    meeting = forum_meeting(api, seeded, starts_at=future(0))
    put_on_agenda(api, meeting["id"], case["id"])
    transition(api, "meeting", meeting["id"], "convene")
    transition(api, "meeting", meeting["id"], "start")
    r = api.post(f"/api/v1/meetings/{meeting['id']}/agenda", json={"case_id": late["id"]})
    assert r.status_code == 409


def test_cancelling_a_meeting_releases_its_cases(api, seeded):
    case = prepared_case(api, seeded)
    meeting = forum_meeting(api, seeded)
    put_on_agenda(api, meeting["id"], case["id"])
    transition(api, "meeting", meeting["id"], "cancel")
    assert ok(api.get(f"/api/v1/cases/{case['id']}"))["status"] == "prepared"
    assert agenda_of(api, meeting["id"]) == []
