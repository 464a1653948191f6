"""The public feeds: an iCalendar of forum and AU meetings and an Atom feed of the record."""

from __future__ import annotations

import uuid
from datetime import datetime, timezone
from functools import cache

from feedgen.feed import FeedGenerator
from icalendar import Calendar, Event, Timezone
from lxml import etree

from app.files.schemas import FileFacts
from app.norwegian import DOCUMENT_LABELS, OSLO
from app.publication.schemas import PublicationOut, PublicMeetingSummary

ATOM = "{http://www.w3.org/2005/Atom}"
UID_DOMAIN = "samordning.itryggehender24-7.no"
SITE_TITLE = "I trygge hender 24-7 – nasjonal samordning"
PUBLISHER = "Helsedirektoratet, avdeling kvalitetsforbedring og pasientsikkerhet"
# Feed readers poll for what is new; the whole record stays on the website and the API.
FEED_ENTRIES = 50
SELF_TITLED = {"decision", "follow_up", "agenda_revision"}
KIND_LABELS = {
    "agenda": "Saksliste",
    "agenda_revision": "Endret saksliste",
    "case_document": "Saksdokument",
    "minutes": "Referat",
    "decision": "Vedtak",
    "follow_up": "Oppfølging",
    "delivery": "Leveranse",
    "annual_plan": "Årsplan",
    "correction": "Rettet",
}


def meeting_summary(m: PublicMeetingSummary) -> str:
    return f"{m.body.name}, møte {m.number}" + (f": {m.title}" if m.title else "")


def meetings_calendar(meetings: list[tuple[PublicMeetingSummary, list[tuple[str, str]]]], base_url: str) -> bytes:
    """One event per meeting; `meetings` pairs each with its agenda as (case number, title)."""
    cal = Calendar()
    cal.add("prodid", f"-//{UID_DOMAIN}//samordning//NB")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "Møter i Topplederforumet og Arbeidsutvalget")
    cal.add("x-wr-timezone", "Europe/Oslo")
    for m, agenda_items in meetings:
        url = f"{base_url}/moter/{m.id}"
        event = Event()
        event.add("uid", f"meeting-{m.id}@{UID_DOMAIN}")  # stable: the meeting's id
        # DTSTAMP from the content, not the clock, so the feed (and its ETag) changes only with it.
        event.add("dtstamp", m.starts_at.astimezone(timezone.utc))
        # A held meeting is shown when it really took place, so that no calendar shows it still to come.
        starts, ends = m.started_at or m.starts_at, m.held_at or m.ends_at
        if ends is not None and ends < starts:  # held before its time, before the start was kept
            starts = ends
        event.add("dtstart", starts.astimezone(OSLO))
        if ends:
            event.add("dtend", ends.astimezone(OSLO))
        event.add("summary", meeting_summary(m))
        if m.location:
            event.add("location", m.location)
        event.add("url", url)
        agenda = "\n".join(f"Sak {number}: {title}" for number, title in agenda_items)
        event.add("description", f"Saksliste:\n{agenda}\n\n{url}" if agenda else url)
        event.add("status", "CANCELLED" if m.status == "cancelled" else "CONFIRMED")
        cal.add_component(event)
    if meetings:
        cal.subcomponents.insert(0, oslo_timezone())  # before the events, as add_missing_timezones puts it
    return cal.to_ical()


@cache
def oslo_timezone() -> Timezone:
    """The VTIMEZONE of every event's times, built once: deriving it from the zone's rules took half
    the time of a calendar."""
    return Timezone.from_tzid(OSLO.key)


def entry_title(pub: PublicationOut) -> str:
    """The title with what kind of publication it is in front, unless the title says so already: a
    decision's («Vedtak i sak 1/2026: …»), a follow-up's, a document's «Referat fra …», «Saksfremlegg: …».
    A correction always says «Rettet»."""
    said = (KIND_LABELS[pub.kind], *(DOCUMENT_LABELS.values() if pub.kind in ("case_document", "minutes") else ()))
    if pub.kind in SELF_TITLED or pub.title.lower().startswith(tuple(label.lower() for label in said)):
        return pub.title
    return f"{KIND_LABELS[pub.kind]}: {pub.title}"


def publications_feed(
    pubs: list[PublicationOut], paths: dict, base_url: str, files: dict[uuid.UUID, tuple[str, FileFacts]]
) -> bytes:
    """The newest publications, newest first (`pubs` is already in that order); a document's file is
    the entry's enclosure, so that a reader can fetch the PDF itself."""
    fg = FeedGenerator()
    fg.id(f"{base_url}/")
    fg.title(f"{SITE_TITLE}: publisert")
    fg.subtitle("Sakslister, saksdokumenter, referater, vedtak, leveranser og årsplaner")
    fg.author({"name": PUBLISHER})
    fg.language("nb")
    fg.link(href=f"{base_url}/", rel="alternate")
    fg.link(href=f"{base_url}/api/v1/public/feed.atom", rel="self")
    fg.updated(pubs[0].at if pubs else datetime(2023, 1, 1, tzinfo=timezone.utc))
    for pub in pubs:
        entry = fg.add_entry(order="append")
        entry.id(f"urn:uuid:{pub.id}")
        entry.title(entry_title(pub))
        entry.updated(pub.at)
        entry.published(pub.at)
        path = paths[pub.id]
        if pub.document_version and path.startswith("/dokumenter/"):
            # The entry links what it made public: that version (whose page links the current one).
            path = f"{path}/versjoner/{pub.document_version}"
        entry.link(href=f"{base_url}{path}", rel="alternate")
    return _with_enclosures(fg.atom_str(pretty=True), files, base_url)


def _with_enclosures(atom: bytes, files: dict[uuid.UUID, tuple[str, FileFacts]], base_url: str) -> bytes:
    """Each entry's file as a `<link rel="enclosure">` with its type and length. Added here because
    feedgen 1.0 writes an entry's links with their href alone (it reads rel, type and length back
    from the element it has just made)."""
    if not files:
        return atom
    root = etree.fromstring(atom)
    for entry in root.iterfind(f"{ATOM}entry"):
        found = files.get(uuid.UUID(entry.findtext(f"{ATOM}id", "").removeprefix("urn:uuid:")))
        if found is not None:
            path, file = found
            link = {"href": f"{base_url}{path}", "rel": "enclosure", "type": file.media_type, "length": str(file.size)}
            entry.find(f"{ATOM}link").addnext(etree.Element(f"{ATOM}link", link))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
