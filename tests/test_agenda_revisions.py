"""A convened agenda is public: it changes only by a revision with a reason (issue 26 item 3, issue 27
finding 8), kept with the earlier agenda, marked in public, in the feed and sent to webhook subscribers."""

from __future__ import annotations

from datetime import datetime, timezone
from xml.etree import ElementTree

from sqlalchemy import select

from app.norwegian import nb_date
from app.webhooks.models import WebhookDelivery, WebhookEvent
from tests.flows import (
    HDIR,
    agenda_of,
    attach,
    document,
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

ATOM = "{http://www.w3.org/2005/Atom}"
RULE = "agenda.revision_requires_reason"
LATE = "agenda.late_addition"


def _convened_with(api, seeded, cases, days: int = 30) -> dict:  # noqa: ANN001
    meeting = forum_meeting(api, seeded, starts_at=future(days))
    for case in cases:
        put_on_agenda(api, meeting["id"], case["id"])
    return transition(api, "meeting", meeting["id"], "convene")


def _today() -> str:
    return nb_date(datetime.now(timezone.utc))


def _revisions(api, meeting_id: str) -> list[dict]:  # noqa: ANN001
    return ok(api.get(f"/api/v1/meetings/{meeting_id}/agenda/revisions"))["items"]


def test_issue_26_a_case_added_to_a_convened_forum_agenda_needs_a_reason_and_is_marked(api, anon, seeded) -> None:
    """Issue 26, item 3, as written: a prepared case added to an already convened forum agenda was
    accepted with no warning, the public agenda changed at once with no mark, and the case
    presentation became public at that moment."""
    first = prepared_case(api, seeded, title="Legemiddelsamstemming")
    meeting = _convened_with(api, seeded, [first])
    late = prepared_case(api, seeded, title="Trykksår")
    presentation = document(api, title="Saksfremlegg om trykksår")
    attach(api, late["id"], presentation)
    path = f"/api/v1/meetings/{meeting['id']}/agenda"

    silent = api.post(path, json={"case_id": late["id"]})
    assert silent.status_code == 409 and rule_ids(silent) == [RULE], silent.text
    assert silent.json()["violations"][0]["message_nb"].startswith("Sakslisten er sendt ut og publisert")
    assert [i["case_id"] for i in agenda_of(api, meeting["id"])] == [first["id"]]
    assert ok(api.get(f"/api/v1/cases/{late['id']}"))["status"] == "prepared"
    assert anon.get(f"/api/v1/public/documents/{presentation['id']}").status_code == 404
    assert [i["case_number"] for i in ok(anon.get(f"/api/v1/public/meetings/{meeting['id']}"))["agenda"]] == [
        first["number"]
    ]
    assert _revisions(api, meeting["id"]) == []

    reason = "Høringsfristen går ut før neste møte."
    added = ok(api.post(path, json={"case_id": late["id"], "reason": reason}), 201)
    assert added["position"] == 2 and added["warnings"] == []

    mark = f"Endret {_today()}: sak {late['number']} lagt til"
    public = ok(anon.get(f"/api/v1/public/meetings/{meeting['id']}"))
    assert [i["case_number"] for i in public["agenda"]] == [first["number"], late["number"]]
    [revision] = public["agenda_revisions"]
    assert revision["label_nb"] == mark and revision["reason"] == reason and revision["change"] == "added"
    assert anon.get(f"/api/v1/public/documents/{presentation['id']}").status_code == 200  # on the agenda, marked
    page = anon.get(f"/moter/{meeting['id']}").text
    assert mark in page and reason in page

    [kept] = _revisions(api, meeting["id"])
    assert kept["number"] == 1 and kept["reason"] == reason and kept["actor"] and kept["at"]
    assert kept["position_before"] is None and kept["position_after"] == 2
    assert [i["case_id"] for i in kept["previous_agenda"]] == [first["id"]]  # the agenda as it was


def test_a_move_or_a_removal_after_convening_is_a_revision_with_a_reason(api, anon, seeded) -> None:
    cases = [prepared_case(api, seeded, title=f"Sak {n}") for n in (1, 2, 3)]
    meeting = _convened_with(api, seeded, cases)
    first, second, third = agenda_of(api, meeting["id"])
    path = f"/api/v1/meetings/{meeting['id']}/agenda"

    moved = patch_current(api, f"{path}/{third['id']}", json={"position": 1})
    assert moved.status_code == 409 and rule_ids(moved) == [RULE]
    removed = api.delete(f"{path}/{second['id']}", headers={"If-Match": etag(api, f"{path}/{second['id']}")})
    assert removed.status_code == 409 and rule_ids(removed) == [RULE]
    assert [i["id"] for i in agenda_of(api, meeting["id"])] == [first["id"], second["id"], third["id"]]

    ok(patch_current(api, f"{path}/{third['id']}", json={"position": 1, "reason": "Haster."}))
    gone = api.delete(
        f"{path}/{second['id']}",
        headers={"If-Match": etag(api, f"{path}/{second['id']}")},
        json={"reason": "Trukket av saksbehandler, som er syk.", "reason_public": False},
    )
    assert gone.status_code == 204, gone.text
    assert [i["id"] for i in agenda_of(api, meeting["id"])] == [third["id"], first["id"]]
    assert ok(api.get(f"/api/v1/cases/{cases[1]['id']}"))["status"] == "prepared"

    staff = _revisions(api, meeting["id"])
    assert [(r["number"], r["change"], r["position_before"], r["position_after"]) for r in staff] == [
        (1, "moved", 3, 1),
        (2, "removed", 3, None),
    ]
    assert [i["case_id"] for i in staff[1]["previous_agenda"]] == [c["id"] for c in (cases[2], cases[0], cases[1])]
    assert staff[1]["reason"].startswith("Trukket")  # staff read the reason; the public does not
    public = ok(anon.get(f"/api/v1/public/meetings/{meeting['id']}"))["agenda_revisions"]
    assert [(r["label_nb"], r["reason"]) for r in public] == [
        (f"Endret {_today()}: sak {cases[2]['number']} flyttet til punkt 1", "Haster."),
        (f"Endret {_today()}: sak {cases[1]['number']} fjernet", None),
    ]
    assert "Trukket av saksbehandler" not in anon.get(f"/moter/{meeting['id']}").text


def test_before_convening_the_agenda_changes_as_before(api, seeded) -> None:
    """A planned agenda is a draft: no reason, no revision, a reason given is not kept."""
    meeting = forum_meeting(api, seeded)
    a, b = prepared_case(api, seeded), prepared_case(api, seeded)
    put_on_agenda(api, meeting["id"], a["id"])
    item = ok(api.post(f"/api/v1/meetings/{meeting['id']}/agenda", json={"case_id": b["id"], "reason": "x"}), 201)
    path = f"/api/v1/meetings/{meeting['id']}/agenda/{item['id']}"
    ok(patch_current(api, path, json={"position": 1}))
    assert api.delete(path, headers={"If-Match": etag(api, path)}).status_code == 204
    assert _revisions(api, meeting["id"]) == []


def test_an_empty_reason_is_bad_input(api, seeded) -> None:
    meeting = _convened_with(api, seeded, [prepared_case(api, seeded)])
    case = prepared_case(api, seeded)
    r = api.post(f"/api/v1/meetings/{meeting['id']}/agenda", json={"case_id": case["id"], "reason": ""})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "body.reason"


def test_revisions_are_read_as_the_agenda_is(api, seeded) -> None:
    """Scoped by the same policy as the agenda: whoever is refused the agenda is refused its revisions."""
    meeting = _convened_with(api, seeded, [prepared_case(api, seeded)])
    late = prepared_case(api, seeded)
    ok(api.post(f"/api/v1/meetings/{meeting['id']}/agenda", json={"case_id": late["id"], "reason": "Haster."}), 201)
    au_member = api.as_person(member(api, seeded.au, seeded.organizations[HDIR], "AU-medlem")["id"])
    assert len(_revisions(au_member, meeting["id"])) == 1
    outsider = api.as_person(ok(api.post("/api/v1/persons", json={"name": "Uten sete"}), 201)["id"])
    assert outsider.get(f"/api/v1/meetings/{meeting['id']}/agenda").status_code == 403
    assert outsider.get(f"/api/v1/meetings/{meeting['id']}/agenda/revisions").status_code == 403
    board_member = api.as_person(member(api, seeded.project_board, seeded.organizations[HDIR], "Styremedlem")["id"])
    assert board_member.get(f"/api/v1/meetings/{meeting['id']}/agenda").status_code == 404
    assert board_member.get(f"/api/v1/meetings/{meeting['id']}/agenda/revisions").status_code == 404


def test_a_case_added_late_is_warned_of(api, seeded) -> None:
    soon = _convened_with(api, seeded, [prepared_case(api, seeded)], days=3)
    added = api.post(
        f"/api/v1/meetings/{soon['id']}/agenda", json={"case_id": prepared_case(api, seeded)["id"], "reason": "Haster."}
    )
    assert added.status_code == 201 and rule_ids(added, "warnings") == [LATE]
    assert "7 dager" in added.json()["warnings"][0]["message_nb"]
    in_time = forum_meeting(api, seeded, starts_at=future(8))
    placed = api.post(f"/api/v1/meetings/{in_time['id']}/agenda", json={"case_id": prepared_case(api, seeded)["id"]})
    assert placed.status_code == 201 and rule_ids(placed, "warnings") == []


def test_a_revision_is_in_the_feed_and_reaches_webhook_subscribers(api, anon, seeded, database, webhook_settings):
    hook = ok(api.post("/api/v1/webhooks", json={"url": "http://127.0.0.1:9/", "event_types": ["agenda.revised"]}), 201)
    meeting = _convened_with(api, seeded, [prepared_case(api, seeded)])
    late = prepared_case(api, seeded)
    ok(api.post(f"/api/v1/meetings/{meeting['id']}/agenda", json={"case_id": late["id"], "reason": "Haster."}), 201)

    feed = ElementTree.fromstring(anon.get("/api/v1/public/feed.atom").content)
    title = f"Endret saksliste for Topplederforumet, møte {meeting['number']}: sak {late['number']} lagt til"
    [entry] = [e for e in feed.findall(f"{ATOM}entry") if e.findtext(f"{ATOM}title") == title]
    assert entry.find(f"{ATOM}link").get("href").endswith(f"/moter/{meeting['id']}#endringer")

    with database.sessionmaker() as session:
        event = session.scalars(select(WebhookEvent).where(WebhookEvent.type == "agenda.revised")).one()
        assert event.public and event.payload["data"]["case_number"] == late["number"]
        assert event.payload["data"]["reason"] == "Haster." and event.payload["data"]["change"] == "added"
        assert event.payload["data"]["public_url"].endswith(f"/moter/{meeting['id']}#endringer")
        [delivery] = session.scalars(select(WebhookDelivery).where(WebhookDelivery.event_id == event.id))
        assert str(delivery.subscription_id) == hook["id"] and delivery.status == "pending"


def test_a_returned_case_carried_onto_a_convened_agenda_is_a_revision(api, anon, seeded) -> None:
    """The carry-over rule adds to the next forum meeting by itself: on a convened one that is a
    revision too, its reason the rule's (kept from the public: the return may not be public yet)."""
    returned = prepared_case(api, seeded)
    held = _convened_with(api, seeded, [returned], days=0)  # started at its time
    transition(api, "meeting", held["id"], "start")
    transition(api, "case", returned["id"], "return", reason="Mangler kunnskapsgrunnlag.")
    upcoming = _convened_with(api, seeded, [prepared_case(api, seeded)], days=40)
    transition(api, "case", returned["id"], "start_preparation")
    transition(api, "case", returned["id"], "prepare")
    assert returned["id"] in [i["case_id"] for i in agenda_of(api, upcoming["id"])]
    [revision] = _revisions(api, upcoming["id"])
    assert revision["change"] == "added" and "forberedt på nytt" in revision["reason"]
    [public] = ok(anon.get(f"/api/v1/public/meetings/{upcoming['id']}"))["agenda_revisions"]
    assert public["reason"] is None and public["label_nb"].endswith(f"sak {returned['number']} lagt til")


def test_issue_27_a_dissolved_body_takes_no_new_cases_documents_or_meetings(api, seeded) -> None:
    """Issue 27, finding 10 (low), as written: the dissolved project board's chair could still create
    documents and cases in it (201, number 3/2026)."""
    chair = api.as_person(
        member(api, seeded.project_board, seeded.organizations[HDIR], "Styreleder", role="chair")["id"]
    )
    ok(
        chair.post("/api/v1/cases", json={"owner_body_id": seeded.project_board, "title": "Før", "kind": "decision"}),
        201,
    )
    meeting = _convened_with(api, seeded, [prepared_case(api, seeded)], days=0)
    transition(api, "meeting", meeting["id"], "start")
    transition(api, "meeting", meeting["id"], "close")  # the forum's first meeting dissolves the board
    assert ok(api.get(f"/api/v1/bodies/{seeded.project_board}"))["status"] == "dissolved"

    case = chair.post(
        "/api/v1/cases", json={"owner_body_id": seeded.project_board, "title": "Etter", "kind": "decision"}
    )
    assert case.status_code == 409 and rule_ids(case) == ["body.dissolved_takes_no_new_work"], case.text
    doc = chair.post(
        "/api/v1/documents",
        json={"owner_body_id": seeded.project_board, "kind": "report", "title": "Etter", "body": "Tekst."},
    )
    assert doc.status_code == 409 and rule_ids(doc) == ["body.dissolved_takes_no_new_work"]
    assert (
        doc.json()["violations"][0]["message_nb"]
        == "Organet er oppløst og kan ikke få nye saker, dokumenter eller møter."
    )
    assert ok(api.get("/api/v1/cases", params={"owner_body_id": seeded.project_board}))["items"][0]["title"] == "Før"
