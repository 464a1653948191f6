"""The public API after the publishing handlers ran: exactly the published content, cacheable."""

from __future__ import annotations

import pytest

from tests.flows import (
    attach,
    document,
    forum_meeting,
    ok,
    patch_current,
    prepared_case,
    put_on_agenda,
    transition,
)
from tests.publication_scenario import SECRET, Scenario

P = "/api/v1/public"


@pytest.fixture
def scenario(app, client) -> Scenario:  # noqa: ANN001
    return Scenario(app.state.db, app.state.engine).setup()


def test_planned_meeting_is_not_public(scenario, anon):
    assert anon.get(f"{P}/meetings").json() == {"items": [], "next_cursor": None, "prev_cursor": None}
    r = anon.get(f"{P}/meetings/{scenario.ids['meeting']}")
    assert r.status_code == 404
    assert r.headers["content-type"] == "application/problem+json"
    assert anon.get(f"{P}/documents/{scenario.ids['presentation']}").status_code == 404


def test_convening_publishes_agenda_and_case_documents(scenario, anon):
    scenario.convene()
    listing = anon.get(f"{P}/meetings").json()["items"]
    assert [m["id"] for m in listing] == [str(scenario.ids["meeting"])]
    m = anon.get(f"{P}/meetings/{scenario.ids['meeting']}").json()
    assert m["status"] == "convened" and m["number"] == 1 and m["location"] == "Vitaminveien 4, Oslo"
    assert m["body"]["name"] == "Topplederforumet"
    assert [(a["case_number"], a["title"]) for a in m["agenda"]] == [
        ("1/2024", "Legemiddelsamstemming"),
        ("2/2024", "Indikatorer"),
        ("3/2024", "Pasientforløp"),
    ]
    assert m["agenda"][0]["summary"] == "Nasjonal anbefaling."
    docs = m["agenda"][0]["documents"]
    # The withheld document is listed with title and basis; the late attachment is not public.
    assert [(d["title"], d["withheld"], d["exemption_basis"]) for d in docs] == [
        ("Saksfremlegg om legemiddelsamstemming", False, None),
        ("Risikovurdering (unntatt)", True, "Offentleglova § 14"),
    ]
    # Outcomes, minutes and decisions wait for the approved minutes.
    assert all(a["outcome"] is None and a["return_reason"] is None for a in m["agenda"])
    assert m["minutes"] is None and m["decisions"] == []
    assert "internal_notes" not in m and SECRET not in str(m)

    doc = anon.get(f"{P}/documents/{scenario.ids['presentation']}").json()
    assert doc["body"].startswith("# Bakgrunn") and doc["published_at"]
    exempt = anon.get(f"{P}/documents/{scenario.ids['exempt']}").json()
    assert exempt["body"] is None and exempt["withheld"] and exempt["exemption_basis"] == "Offentleglova § 14"
    for unpublished in ("draft", "late", "minutes"):
        assert anon.get(f"{P}/documents/{scenario.ids[unpublished]}").status_code == 404


def test_approving_minutes_publishes_minutes_decisions_and_outcomes(scenario, anon):
    scenario.convene().hold_and_approve()
    m = anon.get(f"{P}/meetings/{scenario.ids['meeting']}").json()
    assert m["minutes"]["id"] == str(scenario.ids["minutes"])
    assert [d["case_number"] for d in m["decisions"]] == ["1/2024"]
    outcomes = {a["case_number"]: (a["outcome"], a["return_reason"]) for a in m["agenda"]}
    assert outcomes == {
        "1/2024": ("decided", None),
        "2/2024": ("returned", None),  # the reason was internal
        "3/2024": ("returned", "Mangler kunnskapsgrunnlag"),
    }
    decisions = anon.get(f"{P}/decisions").json()["items"]
    assert [(d["case_number"], d["kind"]) for d in decisions] == [("1/2024", "establish_subcommittee")]
    assert anon.get(f"{P}/decisions", params={"kind": "other"}).json()["items"] == []
    assert anon.get(f"{P}/documents/{scenario.ids['minutes']}").json()["body"] == "Møtet ble avholdt."


def test_deliveries_subcommittees_and_annual_plans(scenario, anon):
    assert anon.get(f"{P}/subcommittees").json()["items"] == []
    scenario.convene().hold_and_approve().deliver_and_plan()
    (sub,) = anon.get(f"{P}/subcommittees").json()["items"]
    assert sub["mandate"] == "Undersøke legemiddelsamstemming." and sub["deadline"] == "2024-12-01"
    assert [(d["title"], d["document"]["title"]) for d in sub["deliveries"]] == [
        ("Sluttrapport", "Rapport om legemidler")
    ]
    assert anon.get(f"{P}/subcommittees/{sub['id']}").json() == sub
    (plan,) = anon.get(f"{P}/annual-plans").json()["items"]
    assert plan["year"] == 2025 and plan["document"]["id"] == str(scenario.ids["plan_doc"])
    assert anon.get(f"{P}/documents/{scenario.ids['plan_doc']}").status_code == 200


def test_publications_are_audited_with_the_triggering_event(scenario, api):
    scenario.convene()
    events = api.get("/api/v1/audit-events", params={"action": "publish"}).json()["items"]
    assert {(e["entity_type"], e["after"]["kind"], e["after"]["trigger"]) for e in events} == {
        ("meeting", "agenda", "meeting.convened"),
        ("document", "case_document", "meeting.convened"),
    }
    assert {e["actor"] for e in events} == {"secretariat:scenario"}


def test_publishing_is_idempotent(scenario, api):
    from app.events import (
        emit,  # a second convened event (e.g. a retried request) publishes nothing new
    )
    from app.meetings.models import Meeting

    scenario.convene()
    scenario.run(lambda ctx: emit(ctx, "meeting.convened", meeting=ctx.session.get(Meeting, scenario.ids["meeting"])))
    events = api.get("/api/v1/audit-events", params={"action": "publish"}).json()["items"]
    entities = [e["entity_id"] for e in events]
    assert len(entities) == len(set(entities))
    assert str(scenario.ids["meeting"]) in entities


def test_responses_are_cacheable_and_honour_if_none_match(scenario, anon):
    scenario.convene()
    url = f"{P}/meetings/{scenario.ids['meeting']}"
    r = anon.get(url)
    etag = r.headers["etag"]
    assert r.headers["cache-control"] == "public, max-age=60"
    assert etag.startswith('"') and not etag.startswith("W/")
    assert anon.get(url).headers["etag"] == etag  # computed from the content: stable
    not_modified = anon.get(url, headers={"If-None-Match": etag})
    assert not_modified.status_code == 304 and not_modified.content == b""
    assert anon.get(url, headers={"If-None-Match": '"other"'}).status_code == 200
    scenario.hold_and_approve()
    changed = anon.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["etag"] != etag


def test_lists_are_keyset_paginated(scenario, anon):
    scenario.convene()
    page = anon.get(f"{P}/meetings", params={"limit": 1}).json()
    assert len(page["items"]) == 1 and page["next_cursor"] is None
    assert anon.get(f"{P}/meetings", params={"cursor": "garbage"}).status_code == 422


def test_unknown_ids_are_404_not_403(anon, client):
    import uuid

    for path in ("meetings", "documents", "subcommittees"):
        assert anon.get(f"{P}/{path}/{uuid.uuid4()}").status_code == 404


def test_documents_reaching_a_convened_agenda_are_published_at_once(api, seeded, anon):
    """A document attached to a case on a published agenda, and the documents of a case placed on
    it after convening, are public without waiting for another meeting; elsewhere they are not."""
    on_agenda, added, elsewhere = (prepared_case(api, seeded) for _ in range(3))
    meeting = forum_meeting(api, seeded)
    put_on_agenda(api, meeting["id"], on_agenda["id"])
    transition(api, "meeting", meeting["id"], "convene")
    late = document(api, "knowledge_base", title="Ettersendt kunnskapsgrunnlag")
    attach(api, on_agenda["id"], late)
    ok(api.post(f"/api/v1/meetings/{meeting['id']}/agenda", json={"case_id": added["id"], "reason": "Haster."}), 201)
    internal = document(api, "knowledge_base", title="Ikke på noen saksliste")
    attach(api, elsewhere["id"], internal)

    assert ok(anon.get(f"{P}/documents/{late['id']}"))["published_at"]
    assert anon.get(f"{P}/documents/{internal['id']}").status_code == 404
    agenda = ok(anon.get(f"{P}/meetings/{meeting['id']}"))["agenda"]
    assert "Ettersendt kunnskapsgrunnlag" in [d["title"] for d in agenda[0]["documents"]]
    assert [d["kind"] for d in agenda[1]["documents"]] == ["case_presentation", "knowledge_base"]
    events = ok(api.get("/api/v1/audit-events", params={"action": "publish", "limit": 200}))["items"]
    assert {"case.document_attached", "case.scheduled"} <= {e["after"]["trigger"] for e in events}


def test_a_withheld_documents_title_can_be_screened_too(api, seeded, anon):
    case = prepared_case(api, seeded)
    screened = document(
        api,
        "knowledge_base",
        title=f"Tilsynssak {SECRET}",
        body=SECRET,
        public=False,
        exemption_basis="Offentleglova § 13",
        title_public=False,
    )
    attach(api, case["id"], screened)
    meeting = forum_meeting(api, seeded)
    put_on_agenda(api, meeting["id"], case["id"])
    transition(api, "meeting", meeting["id"], "convene")

    listed = ok(anon.get(f"{P}/documents/{screened['id']}"))
    assert (listed["title"], listed["title_withheld"], listed["body"]) == ("Skjermet tittel", True, None)
    assert listed["exemption_basis"] == "Offentleglova § 13"
    for url in (
        f"{P}/meetings/{meeting['id']}",
        f"/moter/{meeting['id']}",
        f"/dokumenter/{screened['id']}",
        f"{P}/feed.atom",
        "/",
    ):
        r = anon.get(url)
        assert r.status_code == 200 and SECRET not in r.text, url
    assert "Skjermet tittel" in anon.get(f"/moter/{meeting['id']}").text


def test_a_withheld_document_released_later_is_public_from_then_on(api, seeded, anon):
    case = prepared_case(api, seeded)
    withheld = document(
        api,
        "knowledge_base",
        title="Tilsynsrapport",
        body="Innholdet",
        public=False,
        exemption_basis="Offentleglova § 13",
    )
    attach(api, case["id"], withheld)
    meeting = forum_meeting(api, seeded)
    put_on_agenda(api, meeting["id"], case["id"])
    transition(api, "meeting", meeting["id"], "convene")
    assert ok(anon.get(f"{P}/documents/{withheld['id']}"))["body"] is None

    released = patch_current(api, f"/api/v1/documents/{withheld['id']}", json={"public": True})
    assert released.status_code == 200, released.text
    assert released.json()["published_at"] is not None
    shown = ok(anon.get(f"{P}/documents/{withheld['id']}"))
    assert shown["body"] == "Innholdet" and shown["withheld"] is False
