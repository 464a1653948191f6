"""E-mail to persons in bokmål: meeting invitations with an iCalendar entry (RFC 5546: REQUEST or
CANCEL), reminders, and the daily digest that gathers what a person chose to get once a day. Every
message carries a one-click unsubscribe link for its kind (RFC 8058).

Names, places and titles come from the register and may hold anything: header values are built by the
stdlib email package (policy SMTP: encoded words, folding, no CR/LF through) from text with its control
characters removed, and the calendar by the icalendar library (escaping and folding of every line).
"""

from __future__ import annotations

import base64
import re
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime

from icalendar import Calendar, Event, vCalAddress, vText

from app.norwegian import OSLO, oslo_span
from app.publication.feeds import UID_DOMAIN, oslo_timezone
from app.publication.schemas import PublicAgendaItem

_CONTROL = re.compile(r"[\x00-\x1f\x7f\u0085\u2028\u2029]+")
KINDS = {
    # kind: (METHOD, subject prefix, opening line)
    "invitation": ("REQUEST", "Innkalling", "Du er innkalt til møte."),
    "invitation_update": ("REQUEST", "Endret innkalling", "Møtet er flyttet eller endret. Se ny tid og nytt sted."),
    "cancellation": ("CANCEL", "Avlyst", "Møtet er avlyst."),
}
# What a person turns on or off, or gets daily (the preferences), and the kinds of message in each.
TOPICS = {
    "meetings": "Møteinnkallinger, endringer og avlysninger",
    "subcommittee_deadlines": "Påminnelser om underutvalgs frister",
    "follow_ups": "Påminnelser om forfalt oppfølging av vedtak",
    "minutes": "Påminnelser om referater som ikke er godkjent",
    "board_meetings": "Påminnelser om prosjektstyrets møteintervall",
}
KIND_TOPIC = {
    "invitation": "meetings",
    "invitation_update": "meetings",
    "cancellation": "meetings",
    "deadline_approaching": "subcommittee_deadlines",
    "deadline_passed": "subcommittee_deadlines",
    "follow_up_overdue": "follow_ups",
    "minutes_missing": "minutes",
    "board_interval": "board_meetings",
}
SIGNATURE = ["", "-- ", "Sekretariatet for nasjonal samordning av pasient- og brukersikkerhet"]


def one_line(text: str) -> str:
    """The text on one line: control characters (CR, LF, tabs …) become a space."""
    return _CONTROL.sub(" ", text).strip()


def message_id(mail_id: uuid.UUID) -> str:
    """The outbox id in base 32: short enough that the header stays on one line."""
    return f"<{base64.b32encode(mail_id.bytes).decode().rstrip('=').lower()}@{UID_DOMAIN}>"


def address(name: str, email: str) -> Address:
    """Raises ValueError (or a subclass) for an address the mail system could not send to."""
    local, _, domain = email.rpartition("@")
    if not local or not domain or _CONTROL.search(email):
        raise ValueError(f"not an e-mail address: {email!r}")
    return Address(display_name=one_line(name), username=local, domain=domain)


@dataclass
class MeetingText:
    """What an invitation says about the meeting, as its recipient may read it."""

    id: uuid.UUID
    body_name: str
    number: int
    title: str | None
    starts_at: datetime
    ends_at: datetime | None
    location: str | None
    agenda: list[PublicAgendaItem]

    @property
    def name(self) -> str:
        return one_line(f"{self.body_name}, møte {self.number}" + (f": {self.title}" if self.title else ""))


@dataclass
class Recipient:
    name: str
    email: str
    deputy_for: str | None  # a fixed deputy: the member's name


def subject(kind: str, meeting: MeetingText) -> str:
    return f"{KINDS[kind][1]}: {meeting.name} – {oslo_span(meeting.starts_at, None)}"


def _agenda_lines(agenda: list[PublicAgendaItem], base_url: str) -> list[str]:
    lines: list[str] = []
    for item in agenda:
        lines.append(f"Sak {item.case_number}: {one_line(item.title)}")
        for doc in item.documents:
            if doc.withheld:
                basis = f", {doc.exemption_basis}" if doc.exemption_basis else ""
                lines.append(f"  – {one_line(doc.title)} (unntatt offentlighet{basis})")
            else:
                lines.append(f"  – {one_line(doc.title)}: {base_url}/dokumenter/{doc.id}")
    return lines


def _text(kind: str, meeting: MeetingText, recipient: Recipient, base_url: str, footer: list[str]) -> str:
    role = f"\nDu er fast vararepresentant for {one_line(recipient.deputy_for)}." if recipient.deputy_for else ""
    lines = [
        f"Hei {one_line(recipient.name)},",
        "",
        KINDS[kind][2] + role,
        "",
        f"Møte: {meeting.name}",
        f"Tid: {oslo_span(meeting.starts_at, meeting.ends_at)}",
        f"Sted: {one_line(meeting.location) if meeting.location else 'ikke fastsatt'}",
    ]
    if kind != "cancellation":
        agenda = _agenda_lines(meeting.agenda, base_url)
        lines += ["", "Sakliste:", *(agenda or ["Ingen saker ennå."])]
        lines += ["", f"Møtet i den offentlige journalen: {base_url}/moter/{meeting.id}"]
    lines += [f"Møtet i arbeidsflaten: {base_url}/arbeid/moter/{meeting.id}", ""]
    if kind != "cancellation":
        lines.append("Kalenderoppføringen er vedlagt.")
    return "\n".join(lines + footer + SIGNATURE) + "\n"


def calendar(
    kind: str, meeting: MeetingText, recipient: Recipient, organizer: Address, uid: str, sequence: int, now: datetime
) -> bytes:
    method = KINDS[kind][0]
    cal = Calendar()
    cal.add("prodid", f"-//{UID_DOMAIN}//samordning//NB")
    cal.add("version", "2.0")
    cal.add("method", method)
    cal.add_component(oslo_timezone())
    event = Event()
    event.add("uid", uid)
    event.add("sequence", sequence)
    event.add("dtstamp", now.astimezone(timezone.utc))
    event.add("dtstart", meeting.starts_at.astimezone(OSLO))
    if meeting.ends_at:
        event.add("dtend", meeting.ends_at.astimezone(OSLO))
    event.add("summary", meeting.name)
    if meeting.location:
        event.add("location", meeting.location)
    agenda = "\n".join(f"Sak {i.case_number}: {i.title}" for i in meeting.agenda)
    event.add("description", f"Sakliste:\n{agenda}" if agenda else "Sakliste: ingen saker ennå.")
    event.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
    event.add("organizer", _cal_address(organizer, {}))
    role = "OPT-PARTICIPANT" if recipient.deputy_for else "REQ-PARTICIPANT"
    attendee = address(recipient.name, recipient.email)
    event.add("attendee", _cal_address(attendee, {"ROLE": role, "PARTSTAT": "NEEDS-ACTION", "RSVP": "FALSE"}))
    cal.add_component(event)
    return cal.to_ical()


def _cal_address(who: Address, params: dict[str, str]) -> vCalAddress:
    value = vCalAddress(f"mailto:{who.addr_spec}")
    if who.display_name:
        # A parameter value may hold no DQUOTE (RFC 5545 3.2); the name reads the same without.
        value.params["CN"] = vText(who.display_name.replace('"', "'"))
    value.params.update(params)
    return value


@dataclass
class Envelope:
    """What every message has besides its content."""

    mail_id: uuid.UUID
    name: str
    email: str
    sender: str
    now: datetime
    unsubscribe: str  # the one-click URL for this person and kind of message


def _message(envelope: Envelope, subject_line: str) -> EmailMessage:
    """The headers; raises ValueError for a recipient address that cannot be written."""
    to = address(envelope.name, envelope.email)
    msg = EmailMessage(policy=SMTP)
    msg["Subject"] = one_line(subject_line)
    msg["From"] = envelope.sender
    msg["To"] = to
    msg["Date"] = format_datetime(envelope.now.astimezone(timezone.utc))
    msg["Message-ID"] = message_id(envelope.mail_id)
    msg["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies to it
    # RFC 8058: a mail program offers «unsubscribe» and POSTs List-Unsubscribe=One-Click to the URL.
    msg["List-Unsubscribe"] = f"<{envelope.unsubscribe}>"
    msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return msg


def _unsubscribe_lines(envelope: Envelope, what: str) -> list[str]:
    return ["", f"Vil du ikke lenger ha {what}? Meld deg av: {envelope.unsubscribe}"]


def invitation(
    envelope: Envelope, kind: str, meeting: MeetingText, deputy_for: str | None, uid: str, sequence: int, base_url: str
) -> EmailMessage:
    """The whole message; raises ValueError for a recipient address that cannot be written."""
    method = KINDS[kind][0]
    recipient = Recipient(envelope.name, envelope.email, deputy_for)
    msg = _message(envelope, subject(kind, meeting))
    msg.set_content(_text(kind, meeting, recipient, base_url, _unsubscribe_lines(envelope, "møteinnkallinger")))
    organizer = msg["From"].addresses[0]
    ics = calendar(kind, meeting, recipient, organizer, uid, sequence, envelope.now)
    # Outlook and Google read the method from the alternative part; others from the attachment.
    msg.add_alternative(ics.decode(), subtype="calendar", params={"method": method})
    msg.add_attachment(ics, maintype="application", subtype="ics", filename="invitasjon.ics")
    return msg


def reminder(envelope: Envelope, kind: str, subject_line: str, lines: list[str]) -> EmailMessage:
    """A reminder: the occasion's lines under a greeting; raises ValueError as `invitation` does."""
    msg = _message(envelope, subject_line)
    what = TOPICS[KIND_TOPIC[kind]].lower()
    body = [f"Hei {one_line(envelope.name)},", "", *lines, *_unsubscribe_lines(envelope, what), *SIGNATURE]
    msg.set_content("\n".join(body) + "\n")
    return msg


def digest(envelope: Envelope, day: str, messages: list[EmailMessage]) -> EmailMessage:
    """The day's messages to one person in one: each one's subject and text, and the calendar
    entries of the invitations among them as attachments."""
    msg = _message(envelope, f"Dagens oversikt {day}: {len(messages)} meldinger")
    lines = [f"Hei {one_line(envelope.name)},", "", f"Her er meldingene til deg samlet for {day}."]
    calendars: list[bytes] = []
    for i, part in enumerate(messages, 1):
        body = part.get_body(("plain",))
        text = body.get_content() if body is not None else ""
        # The part's own greeting and signature go; the digest has one of each.
        text = text.split("\n-- \n")[0].split("\n", 2)[-1].strip()
        lines += ["", f"{i}. {part['Subject']}", "", text]
        calendars += [a.get_content() for a in part.iter_attachments() if a.get_content_type() == "application/ics"]
    lines += _unsubscribe_lines(envelope, "den daglige oversikten") + SIGNATURE
    msg.set_content("\n".join(lines) + "\n")
    for i, ics in enumerate(calendars, 1):
        msg.add_attachment(ics, maintype="application", subtype="ics", filename=f"invitasjon-{i}.ics")
    return msg
