"""The iCalendar and Atom feeds parse as their formats and carry the published content only."""

from __future__ import annotations

from datetime import datetime, timezone
from xml.etree import ElementTree

import pytest
from icalendar import Calendar

from tests.flows import (
    decide,
    document,
    in_session_forum_meeting_with,
    ok,
    patch_current,
    prepared_case,
    transition,
)
from tests.publication_scenario import SECRET, Scenario

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def scenario(app, client) -> Scenario:  # noqa: ANN001
    return Scenario(app.state.db, app.state.engine).setup()


def test_calendar_has_published_forum_meetings_in_oslo_time(scenario, anon):
    empty = Calendar.from_ical(anon.get("/api/v1/public/meetings.ics").content)
    assert empty.walk("VEVENT") == []
    scenario.convene()
    r = anon.get("/api/v1/public/meetings.ics")
    assert r.headers["content-type"].startswith("text/calendar") and r.headers["etag"]
    cal = Calendar.from_ical(r.content)
    (event,) = cal.walk("VEVENT")
    assert str(event["UID"]) == f"meeting-{scenario.ids['meeting']}@samordning.itryggehender24-7.no"
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert str(start.tzinfo) == "Europe/Oslo" and event["DTSTART"].params["TZID"] == "Europe/Oslo"
    assert start == datetime(2024, 5, 14, 8, 0, tzinfo=timezone.utc) and start.hour == 10  # CEST
    assert (end - start).total_seconds() == 3 * 3600
    assert str(event["LOCATION"]) == "Vitaminveien 4, Oslo"
    assert str(event["URL"]).endswith(f"/moter/{scenario.ids['meeting']}")
    assert "Sak 1/2024: Legemiddelsamstemming" in str(event["DESCRIPTION"])
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Oslo"]
    assert SECRET not in r.text
    # Stable: the same content gives the same bytes (and UID), so calendars do not churn.
    assert anon.get("/api/v1/public/meetings.ics").content == r.content


def test_atom_feed_lists_every_publication_newest_first(scenario, anon):
    scenario.convene().hold_and_approve().deliver_and_plan()
    r = anon.get("/api/v1/public/feed.atom")
    assert r.headers["content-type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(r.content)
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{required}") is not None, required
    entries = root.findall(f"{ATOM}entry")
    # agenda, 2 case documents, minutes, decision, delivery, annual plan
    assert len(entries) == 7
    for entry in entries:
        for required in ("id", "title", "updated"):
            assert (entry.findtext(f"{ATOM}{required}") or "").strip(), required
        assert entry.find(f"{ATOM}link").get("href").startswith("http")
    updated = [entry.findtext(f"{ATOM}updated") for entry in entries]
    assert updated == sorted(updated, reverse=True)
    titles = [entry.findtext(f"{ATOM}title") for entry in entries]
    # The kind goes in front only where the title does not say it already: never «Referat: Referat fra …».
    assert "Saksliste for Topplederforumet, møte 1" in titles[-3:]  # published in the first request
    assert "Årsplan 2025" in titles and "Referat fra møte 1" in titles
    assert "Saksdokument: Risikovurdering (unntatt)" in titles and "Leveranse: Sluttrapport" in titles
    assert "Vedtak i sak 1/2024: Legemiddelsamstemming" in titles
    assert not [t for t in titles if (head := t.split(":")[0].lower()) and t.lower().count(head) > 1], titles
    assert SECRET not in r.text


def test_feeds_honour_if_none_match(scenario, anon):
    scenario.convene()
    for url in ("/api/v1/public/meetings.ics", "/api/v1/public/feed.atom"):
        etag = anon.get(url).headers["etag"]
        assert anon.get(url, headers={"If-None-Match": etag}).status_code == 304


def test_follow_up_of_a_public_decision_reaches_the_feed_and_the_front_page(api, anon, seeded):
    """Each step of the AU's follow-up is news once the decision is public, never before."""
    case = prepared_case(api, seeded, title="Felles meldeordning")
    meeting = in_session_forum_meeting_with(api, seeded, [case])
    decision = decide(api, meeting["id"], case["id"])
    transition(api, "decision", decision["id"], "start_follow_up", note="Arbeidsutvalget lager en plan.")

    def follow_up_titles() -> list[str]:
        feed = ElementTree.fromstring(anon.get("/api/v1/public/feed.atom").content)
        return [
            e.findtext(f"{ATOM}title")
            for e in feed.iter(f"{ATOM}entry")
            if case["number"] in e.findtext(f"{ATOM}title") and " er " in e.findtext(f"{ATOM}title")
        ]

    assert follow_up_titles() == []  # the decision is not public until the minutes are approved
    transition(api, "meeting", meeting["id"], "close")
    minutes = document(api, "minutes", owner_body_id=seeded.forum)
    ok(patch_current(api, f"/api/v1/meetings/{meeting['id']}", json={"minutes_document_id": minutes["id"]}))
    transition(api, "meeting", meeting["id"], "approve_minutes")
    transition(api, "decision", decision["id"], "implement", note="Ordningen er i drift.")

    assert follow_up_titles() == [f"Vedtaket i sak {case['number']} er gjennomført: Ordningen er i drift."]
    entry = next(
        e
        for e in ElementTree.fromstring(anon.get("/api/v1/public/feed.atom").content).iter(f"{ATOM}entry")
        if e.findtext(f"{ATOM}title") == follow_up_titles()[0]
    )
    assert entry.find(f"{ATOM}link").get("href").endswith(f"/moter/{meeting['id']}#vedtak-{decision['id']}")
    front = anon.get("/").text
    assert "Oppfølging" in front and f"Vedtaket i sak {case['number']} er gjennomført" in front
