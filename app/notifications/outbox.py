"""Meeting invitations written to the mail outbox in the transaction that convenes, moves or cancels
the meeting (a rejected request writes none); `samordning worker` sends them (worker.py).

Who is invited: every seat in the body active on the meeting's day (Norwegian date), a fixed deputy
marked as such. The invitation shows the meeting as the public record does (convening publishes the
agenda and its case documents), so it tells no recipient what they may not read; the rest is a link
to the staff app away.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from email.message import EmailMessage

from sqlalchemy import select
from sqlalchemy.orm import aliased

import app.publication.service  # noqa: F401  (its handlers run first: what convening publishes is public here)
from app.bodies.models import Body
from app.config import get_settings
from app.context import RequestContext
from app.events import subscribe
from app.meetings.models import Meeting
from app.memberships.models import Membership
from app.memberships.schemas import DEPUTY
from app.norwegian import oslo_date
from app.notifications.compose import Envelope, MeetingText, invitation, subject
from app.notifications.models import MailMessage, MeetingCalendarEntry
from app.notifications.queue import Addressee, queue
from app.persons.models import Person
from app.publication import record
from app.publication.feeds import UID_DOMAIN


def _seats(ctx: RequestContext, meeting: Meeting) -> list[tuple[Membership, Person, str | None]]:
    """One seat per person active on the meeting's day, with the member's name for a fixed deputy."""
    deputy_for = aliased(Membership)
    member = aliased(Person)
    rows = ctx.session.execute(
        select(Membership, Person, member.name)
        .join(Person, Person.id == Membership.person_id)
        .outerjoin(deputy_for, deputy_for.id == Membership.deputy_for_membership_id)
        .outerjoin(member, member.id == deputy_for.person_id)
        .where(Membership.body_id == meeting.body_id, Membership.active_on(oslo_date(meeting.starts_at)))
        .order_by(Person.name, Person.id, Membership.role == DEPUTY, Membership.start_date)
    ).all()
    seats: dict[uuid.UUID, tuple[Membership, Person, str | None]] = {}
    for seat, person, member_name in rows:
        # A member who is also someone's deputy is invited once, as a member (sorted first).
        seats.setdefault(person.id, (seat, person, member_name if seat.role == DEPUTY else None))
    return list(seats.values())


def _meeting_text(ctx: RequestContext, meeting: Meeting, with_agenda: bool = True) -> MeetingText:
    body = ctx.session.get_one(Body, meeting.body_id)
    published = record.meetings(ctx.session, [meeting.id], with_revisions=False) if with_agenda else []
    return MeetingText(
        id=meeting.id,
        body_name=body.name,
        number=meeting.number,
        title=meeting.title,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        location=meeting.location,
        agenda=published[0].agenda if published else [],
    )


def _write(
    ctx: RequestContext,
    kind: str,
    meeting: Meeting,
    entry: MeetingCalendarEntry,
    text: MeetingText,
    seats: Iterable[tuple[Membership, Person, str | None]],
) -> None:
    base_url = get_settings().public_base_url

    def render(envelope: Envelope, to: Addressee) -> EmailMessage:
        return invitation(envelope, kind, text, to.deputy_for, entry.uid, entry.sequence, base_url)

    addressees = [Addressee(person, seat.id, deputy_for) for seat, person, deputy_for in seats]
    queue(ctx.session, ctx.now, kind, subject(kind, text), addressees, render, meeting.id)


def _holders(ctx: RequestContext, meeting_id: uuid.UUID) -> dict[uuid.UUID, uuid.UUID | None]:
    """Who holds the meeting's calendar entry now (person → seat): sent an invitation or an update
    last, not a cancellation; the skipped never got one."""
    holders: dict[uuid.UUID, uuid.UUID | None] = {}
    for person_id, seat_id, kind in ctx.session.execute(
        select(MailMessage.person_id, MailMessage.membership_id, MailMessage.kind)
        .where(MailMessage.meeting_id == meeting_id, MailMessage.status != "skipped")
        .order_by(MailMessage.created_at, MailMessage.position)
    ):
        if kind == "cancellation":
            holders.pop(person_id, None)
        else:
            holders[person_id] = seat_id
    return holders


def _cancel(ctx: RequestContext, meeting: Meeting, entry: MeetingCalendarEntry, persons: dict) -> None:
    if not persons:
        return
    rows = ctx.session.execute(
        select(Membership, Person)
        .join(Person, Person.id == Membership.person_id)
        .where(Membership.id.in_({seat for seat in persons.values() if seat}))
        .order_by(Person.name, Person.id)
    ).all()
    _write(ctx, "cancellation", meeting, entry, _meeting_text(ctx, meeting, False), [(s, p, None) for s, p in rows])


def _next_sequence(ctx: RequestContext, meeting: Meeting) -> MeetingCalendarEntry | None:
    entry = ctx.session.get(MeetingCalendarEntry, meeting.id, with_for_update=True)
    if entry is not None:
        entry.sequence += 1
        entry.updated_at = ctx.now
    return entry


@subscribe("meeting.convened")
def invite(ctx: RequestContext, meeting: Meeting) -> None:
    if meeting.starts_at <= ctx.now:  # a meeting already begun (an archive recorded late) needs no invitation
        return
    entry = MeetingCalendarEntry(
        meeting_id=meeting.id, uid=f"innkalling-{meeting.id}@{UID_DOMAIN}", sequence=0, updated_at=ctx.now
    )
    ctx.session.add(entry)
    _write(ctx, "invitation", meeting, entry, _meeting_text(ctx, meeting), _seats(ctx, meeting))


@subscribe("meeting.rescheduled")
def reschedule(ctx: RequestContext, meeting: Meeting) -> None:
    """A convened meeting moved: an update to the seats of its (new) day, a cancellation to whoever
    was invited and has no seat on it any more. Before convening nobody was told anything."""
    if meeting.status != "convened" or (entry := _next_sequence(ctx, meeting)) is None:
        return
    seats = _seats(ctx, meeting)
    _write(ctx, "invitation_update", meeting, entry, _meeting_text(ctx, meeting), seats)
    seated = {person.id for _, person, _ in seats}
    _cancel(ctx, meeting, entry, {p: s for p, s in _holders(ctx, meeting.id).items() if p not in seated})


@subscribe("meeting.cancelled")
def cancel(ctx: RequestContext, meeting: Meeting) -> None:
    if (entry := _next_sequence(ctx, meeting)) is not None:
        _cancel(ctx, meeting, entry, _holders(ctx, meeting.id))
