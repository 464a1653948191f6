"""Meeting invitations by e-mail, as members meet them: a real SMTP server (aiosmtpd) receives what
`samordning worker` sends; each invitation's calendar entry is read back with icalendar."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta
from email import message_from_bytes
from email.message import EmailMessage
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from icalendar import Calendar
from sqlalchemy import select, update

from app.norwegian import OSLO
from app.notifications.compose import message_id
from app.notifications.models import MailMessage
from app.notifications.worker import MailWorker
from tests.flows import (
    HDIR,
    attach,
    document,
    forum_meeting,
    ok,
    patch_current,
    prepared_case,
    put_on_agenda,
    transition,
)
from tests.smtp_server import SmtpServer, self_signed_certificate

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer().start()
    yield server
    server.stop()


@pytest.fixture
def mail_settings(monkeypatch, smtp, tmp_path):  # noqa: ANN001, ANN201
    from app.config import get_settings

    monkeypatch.setenv("SAMORDNING_SMTP_URL", smtp.url)
    monkeypatch.setenv("SAMORDNING_MAIL_DIR", str(tmp_path / "mail"))
    monkeypatch.setenv("SAMORDNING_MAIL_TIMEOUT_SECONDS", "2")
    monkeypatch.setenv("SAMORDNING_MAIL_SECRET", "test-secret-" + "x" * 32)
    get_settings.cache_clear()
    yield get_settings()
    get_settings.cache_clear()


def send_all(database: Any, settings: Any) -> None:
    MailWorker(database, settings).run(threading.Event(), once=True)


def person(api: Any, seeded: Any, name: str, email: str | None) -> dict:
    return ok(
        api.post("/api/v1/persons", json={"name": name, "email": email, "organization_id": seeded.organizations[HDIR]}),
        201,
    )


def seat(api: Any, body_id: str, person_id: str, role: str = "member", **fields: Any) -> dict:
    payload = {"person_id": person_id, "role": role, "start_date": "2023-01-01", **fields}
    return ok(api.post(f"/api/v1/bodies/{body_id}/memberships", json=payload), 201)


def calendar_of(message: EmailMessage) -> Calendar:
    parts = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    assert len(parts) == 1
    return Calendar.from_ical(parts[0].get_content())


def the_event(message: EmailMessage) -> Any:
    (event,) = calendar_of(message).walk("VEVENT")
    return event


def text_of(message: EmailMessage) -> str:
    return message.get_body(("plain",)).get_content()  # type: ignore[union-attr]


def messages(database: Any) -> list[MailMessage]:
    with database.sessionmaker() as session:
        return list(session.scalars(select(MailMessage).order_by(MailMessage.created_at, MailMessage.position)))


@pytest.fixture
def forum(api, seeded) -> dict:  # noqa: ANN001
    """The forum's people: two members, a fixed deputy, and a member without an address."""
    kari = person(api, seeded, "Kari Nordmann", "kari@example.no")
    ola = person(api, seeded, "Ola Nordmann", "ola@example.no")
    per = person(api, seeded, "Per Vara", "per@example.no")
    anne = person(api, seeded, "Anne Uten Adresse", None)
    kari_seat = seat(api, seeded.forum, kari["id"])
    seat(api, seeded.forum, ola["id"])
    seat(api, seeded.forum, per["id"], "deputy", deputy_for_membership_id=kari_seat["id"])
    seat(api, seeded.forum, anne["id"])
    return {"kari": kari, "ola": ola, "per": per, "anne": anne}


def convened_meeting(api: Any, seeded: Any, **fields: Any) -> tuple[dict, dict]:
    case = prepared_case(api, seeded, title="Felles meldeordning for uønskede hendelser")
    attach(api, case["id"], document(api, "case_presentation", title="Saksfremlegg meldeordning"))
    meeting = forum_meeting(api, seeded, **fields)
    put_on_agenda(api, meeting["id"], case["id"])
    transition(api, "meeting", meeting["id"], "convene")
    return meeting, case


def test_convening_invites_every_seat_once_with_a_calendar_entry(
    api, seeded, database, forum, smtp, mail_settings
) -> None:
    meeting, case = convened_meeting(api, seeded, starts_at="2031-03-04T09:00:00Z", location="Vitaminveien 4, Oslo")
    send_all(database, mail_settings)

    for name in ("kari", "ola", "per"):
        (invitation,) = smtp.inbox(forum[name]["email"])
        assert invitation["Subject"].startswith("Innkalling: Topplederforumet, møte ")
        event = the_event(invitation)
        assert calendar_of(invitation)["METHOD"] == "REQUEST"
        starts = event.decoded("dtstart")
        assert starts == datetime(2031, 3, 4, 10, 0, tzinfo=OSLO)  # 09:00 UTC is 10.00 in Oslo in March
        assert str(starts.tzinfo) == "Europe/Oslo"
        assert str(event["location"]) == "Vitaminveien 4, Oslo"
        assert f"Sak {case['number']}: Felles meldeordning" in str(event["description"])
        assert event["sequence"] == 0
        text = text_of(invitation)
        assert "tirsdag 4. mars 2031 kl. 10.00" in text
        assert "Saksfremlegg meldeordning: http" in text  # the public document by its public URL
        assert f"/arbeid/moter/{meeting['id']}" in text
    uids = {str(the_event(smtp.inbox(forum[n]["email"])[0])["uid"]) for n in ("kari", "ola", "per")}
    assert len(uids) == 1  # one calendar entry for the meeting

    deputy = smtp.inbox("per@example.no")[0]
    assert "fast vararepresentant for Kari Nordmann" in text_of(deputy)
    assert the_event(deputy)["attendee"].params["ROLE"] == "OPT-PARTICIPANT"
    assert the_event(smtp.inbox("kari@example.no")[0])["attendee"].params["ROLE"] == "REQ-PARTICIPANT"

    by_person = {m.person_id: m for m in messages(database)}
    anne = by_person[uuid.UUID(forum["anne"]["id"])]
    assert (anne.status, anne.skipped_reason) == ("skipped", "ingen e-postadresse")
    assert {m.status for m in by_person.values()} == {"sent", "skipped"}
    # The Message-ID is the outbox's: the same however often it is sent.
    message_ids = {smtp.inbox(forum[n]["email"])[0]["Message-ID"] for n in ("kari", "ola", "per")}
    assert message_ids == {message_id(m.id) for m in by_person.values() if m.raw}

    send_all(database, mail_settings)  # nothing is sent twice
    assert len(smtp.received) == 3


def test_a_moved_meeting_sends_an_update_and_a_cancelled_one_a_cancel(
    api, seeded, database, forum, smtp, mail_settings
) -> None:
    meeting, _ = convened_meeting(api, seeded, starts_at="2031-03-04T09:00:00Z")
    path = f"/api/v1/meetings/{meeting['id']}"
    ok(patch_current(api, path, json={"starts_at": "2031-03-11T12:00:00Z", "location": "Møterom Ø1"}))
    ok(patch_current(api, path, json={"title": "Vårmøtet"}))  # neither time nor place: no update
    transition(api, "meeting", meeting["id"], "cancel")
    send_all(database, mail_settings)

    first, moved, cancelled = smtp.inbox("ola@example.no")
    assert moved["Subject"].startswith("Endret innkalling:")
    assert cancelled["Subject"].startswith("Avlyst:")
    events = [the_event(m) for m in (first, moved, cancelled)]
    assert len({str(e["uid"]) for e in events}) == 1
    assert [e["sequence"] for e in events] == [0, 1, 2]
    assert events[1].decoded("dtstart") == datetime(2031, 3, 11, 13, 0, tzinfo=OSLO)
    assert str(events[1]["location"]) == "Møterom Ø1"
    assert calendar_of(cancelled)["METHOD"] == "CANCEL"
    assert str(events[2]["status"]) == "CANCELLED"
    assert len(smtp.received) == 9  # three each to Kari, Ola and Per


def test_moving_a_meeting_before_convening_tells_nobody(api, seeded, database, forum, smtp, mail_settings) -> None:
    meeting = forum_meeting(api, seeded)
    ok(patch_current(api, f"/api/v1/meetings/{meeting['id']}", json={"location": "Et annet sted"}))
    transition(api, "meeting", meeting["id"], "cancel")
    assert messages(database) == []


def test_a_seat_moved_off_the_new_date_gets_a_cancellation(api, seeded, database, forum, smtp, mail_settings) -> None:
    ola_seat = ok(api.get(f"/api/v1/bodies/{seeded.forum}/memberships", params={"limit": 100}))["items"]
    (ola_seat,) = [s for s in ola_seat if s["person_id"] == forum["ola"]["id"]]
    meeting, _ = convened_meeting(api, seeded, starts_at="2031-03-04T09:00:00Z")
    ok(patch_current(api, f"/api/v1/memberships/{ola_seat['id']}", json={"end_date": "2031-03-05"}))
    ok(patch_current(api, f"/api/v1/meetings/{meeting['id']}", json={"starts_at": "2031-03-11T09:00:00Z"}))
    send_all(database, mail_settings)
    invitation, cancellation = smtp.inbox("ola@example.no")
    assert calendar_of(cancellation)["METHOD"] == "CANCEL"
    assert len(smtp.inbox("kari@example.no")) == 2  # the invitation and its update


def test_a_message_for_a_seat_ended_before_sending_is_not_sent(
    api, seeded, database, forum, smtp, mail_settings
) -> None:
    convened_meeting(api, seeded)
    seats = ok(api.get(f"/api/v1/bodies/{seeded.forum}/memberships", params={"limit": 100}))["items"]
    (ola_seat,) = [s for s in seats if s["person_id"] == forum["ola"]["id"]]
    yesterday = (datetime.now(OSLO) - timedelta(days=1)).date().isoformat()
    ok(patch_current(api, f"/api/v1/memberships/{ola_seat['id']}", json={"end_date": yesterday}))
    send_all(database, mail_settings)
    assert smtp.inbox("ola@example.no") == []
    (ola,) = [m for m in messages(database) if m.to_address == "ola@example.no"]
    assert ola.status == "skipped" and ola.skipped_reason.startswith("setet endte ")
    assert len(smtp.inbox("kari@example.no")) == 1


def test_smtp_down_then_delivered_in_order_when_it_returns(api, seeded, database, forum, smtp, mail_settings) -> None:
    smtp.stop()
    meeting, _ = convened_meeting(api, seeded)
    ok(patch_current(api, f"/api/v1/meetings/{meeting['id']}", json={"location": "Nytt sted"}))
    send_all(database, mail_settings)
    pending = [m for m in messages(database) if m.status == "pending"]
    assert len(pending) == 6
    # The first of each person's was tried and waits for its retry; the update waits behind it.
    tried = [m for m in pending if m.attempts]
    assert len(tried) == 3 and all(m.retry_at and m.last_error for m in tried)
    assert all(m.kind == "invitation" for m in tried)

    smtp.start()
    with database.write_sessionmaker.begin() as session:  # the back-off has passed
        session.execute(update(MailMessage).values(retry_at=None))
    send_all(database, mail_settings)
    for name in ("kari", "ola", "per"):
        first, second = smtp.inbox(forum[name]["email"])
        assert [the_event(first)["sequence"], the_event(second)["sequence"]] == [0, 1]


def test_a_refused_address_is_recorded_and_not_retried(api, seeded, database, forum, smtp, mail_settings) -> None:
    smtp.refuse.add("ola@example.no")
    convened_meeting(api, seeded)
    send_all(database, mail_settings)
    (ola,) = [m for m in messages(database) if m.to_address == "ola@example.no"]
    assert ola.status == "failed" and "550" in ola.last_error
    assert len(smtp.inbox("kari@example.no")) == 1


def test_without_smtp_each_message_is_an_eml_file(api, seeded, database, forum, monkeypatch, tmp_path) -> None:
    from app.config import get_settings

    monkeypatch.delenv("SAMORDNING_SMTP_URL", raising=False)
    monkeypatch.setenv("SAMORDNING_MAIL_DIR", str(tmp_path / "mail"))
    get_settings.cache_clear()
    try:
        convened_meeting(api, seeded)
        send_all(database, get_settings())
    finally:
        get_settings.cache_clear()
    files = sorted((tmp_path / "mail").glob("*.eml"))
    assert len(files) == 3
    sent = {str(m.id) for m in messages(database) if m.status == "sent"}
    assert {f.stem for f in files} == sent


def test_hostile_names_places_and_titles_break_no_header_or_calendar_line(
    api, seeded, database, smtp, mail_settings
) -> None:
    quoted = 'Mallory "Admin" <boss@evil.example>, Bcc: x@evil.example'
    seat(api, seeded.forum, person(api, seeded, quoted, "mallory@example.no")["id"])
    seat(api, seeded.forum, person(api, seeded, "Eve", "eve@example.no")["id"])
    # The API refuses CR/LF in a name; one already in the register must not break a message either.
    from app.persons.models import Person

    with database.write_sessionmaker.begin() as session:
        session.execute(update(Person).where(Person.name == "Eve").values(name="Eve\r\nBcc: victim@evil.example"))
    place = "Møterom «Æ» ; Storgata 1, 0155 Oslo\\" + " – lang beskrivelse av veien inn" * 6
    case = prepared_case(api, seeded, title="Tittel med ; komma, og «anførsel» " + "ÆØÅ " * 40)
    meeting = forum_meeting(api, seeded, location=place)
    put_on_agenda(api, meeting["id"], case["id"])
    transition(api, "meeting", meeting["id"], "convene")
    send_all(database, mail_settings)

    assert sorted(rcpt for _, rcpts, _ in smtp.received for rcpt in rcpts) == ["eve@example.no", "mallory@example.no"]
    assert all(len(line) <= 998 for _, _, raw in smtp.received for line in raw.split(b"\r\n"))
    (mallory,) = smtp.inbox("mallory@example.no")
    assert [(a.display_name, a.addr_spec) for a in mallory["To"].addresses] == [(quoted, "mallory@example.no")]
    assert mallory["Bcc"] is None
    (message,) = smtp.inbox("eve@example.no")
    assert message["Bcc"] is None
    assert [(a.display_name, a.addr_spec) for a in message["To"].addresses] == [
        ("Eve Bcc: victim@evil.example", "eve@example.no")
    ]
    event = the_event(message)
    assert str(event["location"]) == place
    assert "ÆØÅ ÆØÅ" in str(event["description"])
    ics = [p for p in message.walk() if p.get_content_type() == "text/calendar"][0].get_content()
    assert all(len(line.encode()) <= 75 for line in ics.splitlines())


def test_a_rejected_convening_writes_no_mail(api, seeded, database, forum, smtp, mail_settings) -> None:
    meeting = forum_meeting(api, seeded)
    transition(api, "meeting", meeting["id"], "start", status=409)
    assert messages(database) == []


def test_two_workers_on_postgresql_send_each_message_once(api, seeded, database, backend, smtp, mail_settings) -> None:
    if backend != "postgresql":
        pytest.skip("row locks: two workers share one PostgreSQL")
    for i in range(40):
        seat(api, seeded.forum, person(api, seeded, f"Person {i}", f"p{i}@example.no")["id"])
    convened_meeting(api, seeded)
    env = {
        **os.environ,
        "DATABASE_URL": database.url,
        "SAMORDNING_SMTP_URL": smtp.url,
        "SAMORDNING_MAIL_POLL_SECONDS": "0.05",
        "LOG_LEVEL": "WARNING",
    }
    workers = [
        subprocess.Popen([sys.executable, "-m", "app.cli", "worker", "--once"], cwd=ROOT, env=env) for _ in range(2)
    ]
    for worker in workers:
        assert worker.wait(120) == 0
    ids = [message_from_bytes(data)["Message-ID"] for _, _, data in smtp.received]
    assert len(ids) == 40 and len(set(ids)) == 40
    assert all(m.status == "sent" for m in messages(database))


@pytest.mark.parametrize("tls", ["starttls", "implicit"])
def test_credentials_go_over_tls_and_the_certificate_is_checked(
    api, seeded, database, backend, forum, monkeypatch, tmp_path, tls
) -> None:
    if backend != "sqlite":
        pytest.skip("the transport is the same on either database")
    from app.config import get_settings

    certificate = self_signed_certificate(tmp_path)
    password = "hemmelig:/@%"  # characters a URL must carry percent-encoded
    server = SmtpServer(tls, certificate, ("samordning", password)).start()
    try:
        monkeypatch.setenv("SAMORDNING_SMTP_URL", server.url.replace(password, quote(password, safe="")))
        get_settings.cache_clear()
        convened_meeting(api, seeded)
        send_all(database, get_settings())  # the certificate is no CA's: nothing is sent
        assert server.received == [] and server.logins == []
        assert all("CERTIFICATE_VERIFY_FAILED" in (m.last_error or "") for m in messages(database) if m.raw)

        monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))  # now it is trusted
        with database.write_sessionmaker.begin() as session:
            session.execute(update(MailMessage).values(retry_at=None))
        send_all(database, get_settings())
        assert len(server.inbox("kari@example.no")) == 1, [m.last_error for m in messages(database)]
        assert server.logins == ["samordning"]
    finally:
        server.stop()
        get_settings.cache_clear()


def test_credentials_are_not_sent_to_a_server_without_starttls(
    api, seeded, database, backend, forum, monkeypatch
) -> None:
    if backend != "sqlite":
        pytest.skip("the transport is the same on either database")
    from app.config import get_settings

    server = SmtpServer().start()  # no TLS, and it would take any mail
    try:
        monkeypatch.setenv("SAMORDNING_SMTP_URL", f"smtp://samordning:hemmelig@127.0.0.1:{server.port}")
        get_settings.cache_clear()
        convened_meeting(api, seeded)
        send_all(database, get_settings())
        assert server.received == []
        assert all("no STARTTLS" in (m.last_error or "") for m in messages(database) if m.raw)
    finally:
        server.stop()
        get_settings.cache_clear()


def test_the_secretariat_lists_what_was_sent_refused_and_skipped(
    api, seeded, database, forum, smtp, mail_settings
) -> None:
    smtp.refuse.add("ola@example.no")
    meeting, _ = convened_meeting(api, seeded)
    send_all(database, mail_settings)
    listed = ok(api.get("/api/v1/mail-messages", params={"limit": 2}))
    assert len(listed["items"]) == 2 and listed["next_cursor"]
    failed = ok(api.get("/api/v1/mail-messages", params={"status": "failed,skipped", "meeting_id": meeting["id"]}))
    by_address = {m["to_address"]: m for m in failed["items"]}
    assert by_address.keys() == {"ola@example.no", None}
    assert "550" in by_address["ola@example.no"]["last_error"]
    assert by_address[None]["skipped_reason"] == "ingen e-postadresse"
    assert "raw" not in by_address[None]
    assert ok(api.get("/api/v1/mail-messages", params={"status": "sent"}))["items"][0]["subject"].startswith(
        "Innkalling: "
    )
    assert api.as_person(forum["kari"]["id"]).get("/api/v1/mail-messages").status_code == 403
    assert api.get("/api/v1/mail-messages", params={"status": "lost"}).status_code == 422


def test_convening_costs_the_same_statements_for_a_few_seats_or_many(
    api, seeded, database, count_statements, mail_settings
) -> None:
    counts = []
    for first, last in ((0, 2), (2, 12)):  # 2 seats, then 12
        for i in range(first, last):
            seat(api, seeded.forum, person(api, seeded, f"Person {i}", f"p{i}@example.no")["id"])
        meeting = forum_meeting(api, seeded)
        put_on_agenda(api, meeting["id"], prepared_case(api, seeded)["id"])
        path = f"/api/v1/meetings/{meeting['id']}"
        headers = {"If-Match": api.get(path).headers["etag"]}
        with count_statements() as n:
            ok(api.post(f"{path}/transitions/convene", headers=headers))
        counts.append(n.count)
    assert len(messages(database)) == 2 + 12
    assert counts[0] == counts[1], counts


def test_a_meeting_convened_after_it_began_sends_no_invitation(api, seeded, database, forum, mail_settings) -> None:
    meeting = forum_meeting(api, seeded, starts_at="2024-03-04T09:00:00Z")
    put_on_agenda(api, meeting["id"], prepared_case(api, seeded)["id"])
    transition(api, "meeting", meeting["id"], "convene")
    transition(api, "meeting", meeting["id"], "cancel")
    assert messages(database) == []
