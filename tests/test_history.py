"""An object's history (GET …/{id}/history): its audit events, newest first and keyset-paged, each with
who made it by name, what and when, and the fields it changed — for whoever may read the object."""

from __future__ import annotations

from tests.flows import HDIR, au_case, document, forum_decision, member, ok, patch_current, transition


def test_a_cases_history_says_who_changed_what_and_when(api, seeded) -> None:  # noqa: ANN001
    writer = api.as_person(member(api, seeded.au, seeded.organizations[HDIR], "Kari Nordmann")["id"])
    case = au_case(writer, seeded, title="Første tittel")
    ok(patch_current(writer, f"/api/v1/cases/{case['id']}", json={"title": "Andre tittel"}))
    transition(api, "case", case["id"], "start_preparation")
    events = ok(api.get(f"/api/v1/cases/{case['id']}/history"))["items"]
    assert [e["action"] for e in events] == ["start_preparation", "update", "create"]
    moved, renamed, created = events
    assert renamed["actor_name"] == "Kari Nordmann" and renamed["actor"].startswith("person:")
    assert renamed["changes"] == [{"field": "title", "before": "Første tittel", "after": "Andre tittel"}]
    assert {"field": "status", "before": "registered", "after": "in_preparation"} in moved["changes"]
    assert moved["actor"].startswith("secretariat:") and moved["actor_name"] == moved["actor"].partition(":")[2]
    assert {c["field"] for c in created["changes"]} >= {"title", "status", "number"}
    assert all(c["before"] is None for c in created["changes"])
    assert events[0]["at"] >= events[1]["at"] >= events[2]["at"]


def test_a_history_is_keyset_paged_newest_first(api, seeded) -> None:  # noqa: ANN001
    doc = document(api, "other")
    for n in range(4):
        ok(patch_current(api, f"/api/v1/documents/{doc['id']}", json={"title": f"Versjon {n}"}))
    path = f"/api/v1/documents/{doc['id']}/history"
    first = ok(api.get(path, params={"limit": 3}))
    rest = ok(api.get(path, params={"limit": 3, "cursor": first["next_cursor"]}))
    titles = [c["after"] for e in first["items"] + rest["items"] for c in e["changes"] if c["field"] == "title"]
    assert titles == ["Versjon 3", "Versjon 2", "Versjon 1", "Versjon 0", "other doc"]
    assert rest["next_cursor"] is None


def test_a_history_is_hidden_from_who_may_not_read_the_object(api, seeded) -> None:  # noqa: ANN001
    outsider = api.as_person(ok(api.post("/api/v1/persons", json={"name": "Uten verv"}), 201)["id"])
    forum_member = api.as_person(member(api, seeded.forum, seeded.organizations[HDIR], "Helsedirektøren")["id"])
    decision = forum_decision(api, seeded, kind="recommendation")
    path = f"/api/v1/decisions/{decision['id']}/history"
    assert [e["action"] for e in ok(forum_member.get(path))["items"]] == ["create"]
    assert outsider.get(path).status_code == 403  # no seat anywhere: reads no body's work
    sub_member = api.as_person(member(api, seeded.project_board, seeded.organizations[HDIR], "Styremedlem")["id"])
    assert sub_member.get(f"/api/v1/cases/{decision['case_id']}/history").status_code == 404
    assert api.get("/api/v1/meetings/00000000-0000-0000-0000-000000000000/history").status_code == 404
