"""Lists, the public record, the feeds and the website run a fixed number of SQL statements per
request, whatever the page size and however much data there is (no N+1), and the feeds are bounded.

The record is bulk-loaded with the benchmark's loader (scripts/bench.py), once small and once more.
"""

from __future__ import annotations

from datetime import UTC, datetime
from xml.etree import ElementTree

import pytest
from icalendar import Calendar

from app.files.store import LocalStore
from app.publication import feeds, record
from scripts.bench import ENDPOINTS, bulk_load, fill_path, load_record, paging

NOW = datetime.now(UTC)
# Authentication, the page, and one IN query per relation shown: no page needs more.
MAX_STATEMENTS = 9
# A public answer rendered afresh also reads the record's version, to be kept by it
# (app/publication/response_cache.py); served again from memory, it runs that read at most.
MAX_PUBLIC_STATEMENTS = MAX_STATEMENTS + 1
# A published meeting shows the most relations (agenda, documents, versions, decisions, attendance).
MEETING_PAGES = {"/api/v1/public/meetings/{id}", "/api/v1/public/einnsyn/meetings/{id}", "/moter/{id}"}
# The eInnsyn message also names each case's earlier treatment (referanseTilMøtesak): one query for all.
EINNSYN = "/api/v1/public/einnsyn/meetings/{id}"


def is_public(path: str) -> bool:
    return path.startswith("/api/v1/public/") or not path.startswith("/api/")


@pytest.fixture
def loaded(database, api) -> dict:
    """A small record: 20 cases, 3 meetings with 5–7 agenda items, 10 decisions, a subcommittee."""
    au = bulk_load(database, 20)
    # The token's first use is recorded (an UPDATE, then none for five minutes): not counted here.
    assert api.get("/api/v1/rules").status_code == 200
    return {"au": au, **load_record(database, 0.01, NOW)}


def statements(api, count_statements, path: str, **params) -> int:
    # The loader writes rows past the services, with no audit event: no public answer kept would see them.
    api.client.app.state.public_answers.clear()
    with count_statements() as n:
        r = api.get(path, params=params)
    assert r.status_code == 200, (path, r.text[:300])
    return n.count


def counts(api, count_statements, ids: dict, limit: int) -> dict[str, int]:
    return {
        label: statements(api, count_statements, fill_path(path, ids, 0), **paging(path, limit))
        for label, path in ENDPOINTS
    }


def test_statements_per_request_grow_neither_with_page_size_nor_with_data(database, api, loaded, count_statements):
    small = counts(api, count_statements, loaded, 10)
    more = load_record(database, 0.05, NOW)  # 100 more cases, 15 meetings, 50 decisions, 5 subcommittees
    ids = {"au": loaded["au"], **{k: v + loaded[k] for k, v in more.items()}}
    for limit in (10, 200):
        assert counts(api, count_statements, ids, limit) == small, f"N+1 at limit {limit}"
    over = {
        label: n
        for label, n in small.items()
        if n
        > (MAX_PUBLIC_STATEMENTS if is_public(label) else MAX_STATEMENTS)
        + (label in MEETING_PAGES)
        + (label == EINNSYN)
    }
    assert over == {}, small


def test_meeting_pages_run_the_same_statements_for_any_agenda_length(api, loaded, count_statements):
    lengths = {m: len(api.get(f"/api/v1/meetings/{m}/agenda").json()["items"]) for m in loaded["public_meeting"]}
    assert len(set(lengths.values())) > 1, "the meetings should have agendas of different lengths"
    for path in (
        "/api/v1/meetings/{}/agenda",
        "/api/v1/public/meetings/{}",
        "/api/v1/public/einnsyn/meetings/{}",
        "/moter/{}",
    ):
        per_length = {n: statements(api, count_statements, path.format(m)) for m, n in lengths.items()}
        assert len(set(per_length.values())) == 1, (path, per_length)


def test_atom_feed_shows_the_newest_publications_only(api, loaded):
    root = ElementTree.fromstring(api.get("/api/v1/public/feed.atom").content)
    entries = root.findall("{http://www.w3.org/2005/Atom}entry")
    with api.client.app.state.db.sessionmaker() as session:
        newest, _ = record.publications(session, limit=feeds.FEED_ENTRIES)
        assert len(record.publications(session)[0]) > feeds.FEED_ENTRIES
    assert [e.findtext("{http://www.w3.org/2005/Atom}id") for e in entries] == [f"urn:uuid:{p.id}" for p in newest]


def test_calendar_holds_the_latest_meetings_only(api, loaded, monkeypatch):
    everything = Calendar.from_ical(api.get("/api/v1/public/meetings.ics").content).walk("VEVENT")
    assert len(everything) > 1
    monkeypatch.setattr(record, "CALENDAR_MEETINGS", 1)
    api.client.app.state.public_answers.clear()  # a setting changed, not the record
    (latest,) = Calendar.from_ical(api.get("/api/v1/public/meetings.ics").content).walk("VEVENT")
    assert latest.decoded("DTSTART") == max(e.decoded("DTSTART") for e in everything)


def test_meeting_papers_run_the_same_statements_for_any_agenda_length(api, loaded, count_statements, tmp_path):
    """The meeting book reads the agenda, its cases' documents and those the reader may read in three
    statements, however long the agenda; printed or read from the store, the same."""
    api.client.app.state.files = LocalStore(tmp_path)
    lengths = {m: len(api.get(f"/api/v1/meetings/{m}/agenda").json()["items"]) for m in loaded["public_meeting"]}
    for path in (
        "/api/v1/meetings/{}/moetebok.pdf",
        "/api/v1/public/meetings/{}/moetebok.pdf",
        "/api/v1/meetings/{}/saksliste.pdf",
    ):
        per_length = {n: statements(api, count_statements, path.format(m)) for m, n in lengths.items()}
        assert len(set(per_length.values())) == 1, (path, per_length)
        limit = MAX_PUBLIC_STATEMENTS if is_public(path) else MAX_STATEMENTS
        assert max(per_length.values()) <= limit, (path, per_length)
        again = {n: statements(api, count_statements, path.format(m)) for m, n in lengths.items()}
        assert again == per_length, path
