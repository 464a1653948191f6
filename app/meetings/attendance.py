"""Who attended a meeting: present (members, deputies standing in for named members, the secretariat,
invited guests), apologies (forfall), the chair and the minute-taker. Part of the meeting's record:
the minutes list it, the public meeting page and the eInnsyn export show it (names and organizations
only) once the minutes are approved, and from then on it changes only by correcting the minutes."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.auth.access import Access, Seat
from app.auth.policy import STAND_IN_ROLES
from app.bodies.models import Body
from app.context import RequestContext
from app.errors import Conflict, InvalidInput
from app.http import check_if_match
from app.meetings.agenda import load_meeting
from app.meetings.attendees import PRESENCE, People, attendees
from app.meetings.models import Meeting, MeetingAttendance, MeetingAttendee, attendance_tag
from app.meetings.schemas import AttendanceIn, AttendanceOut, AttendeeIn
from app.memberships.models import Membership
from app.norwegian import oslo_date
from app.organizations.models import Organization
from app.persons.models import Person

QUORUM_RULE = "meeting.quorum"


@dataclass(frozen=True)
class Unrecorded:
    """The attendance of a meeting nobody has recorded yet: version 0, so that its ETag exists."""

    meeting_id: uuid.UUID
    version: int = 0

    @property
    def id(self) -> str:
        return attendance_tag(self.meeting_id)


def _record(session: Session, meeting_id: uuid.UUID, lock: bool = False) -> MeetingAttendance | None:
    stmt = select(MeetingAttendance).where(MeetingAttendance.meeting_id == meeting_id)
    return session.scalar(stmt.with_for_update() if lock else stmt)


def attendance_of(session: Session, meeting_id: uuid.UUID) -> tuple[AttendanceOut, MeetingAttendance | Unrecorded]:
    record = _record(session, meeting_id)
    none: People = {p: [] for p in PRESENCE}
    people = attendees(session, [meeting_id]).get(meeting_id, (record, none))[1] if record is not None else none
    out = AttendanceOut(
        meeting_id=meeting_id,
        present=people["present"],
        apologies=people["apologies"],
        chair_person_id=record.chair_person_id if record else None,
        minutes_taker_person_id=record.minutes_taker_person_id if record else None,
        version=record.version if record else 0,
    )
    return out, record or Unrecorded(meeting_id)


def get_attendance(ctx: RequestContext, meeting_id: uuid.UUID) -> tuple[AttendanceOut, Any]:
    """The attendance and what its ETag is made from."""
    load_meeting(ctx, meeting_id)
    return attendance_of(ctx.session, meeting_id)


# -- the deputy standing in ------------------------------------------------------------------------


def act_at(ctx: RequestContext, meeting: Meeting, body: Body) -> None:
    """Give a deputy recorded as standing in for a member the member's seat for acts at this meeting
    (app/auth/policy.py, STAND-IN). Only a person holding a deputy seat in the body costs a query."""
    person_id = ctx.principal.person_id
    if person_id is None or not any(s.body_id == body.id and s.role == "deputy" for s in ctx.access.seats):
        return
    roles = ctx.session.scalars(
        select(Membership.role)
        .join(MeetingAttendee, MeetingAttendee.standing_in_for_membership_id == Membership.id)
        .where(
            MeetingAttendee.meeting_id == meeting.id,
            MeetingAttendee.person_id == person_id,
            MeetingAttendee.presence == "present",
        )
    )
    stand_ins = tuple(Seat(body.id, body.kind, role) for role in roles)
    if stand_ins:
        ctx.access = Access(ctx.principal, ctx.access.seats + stand_ins)


def load_meeting_acting(ctx: RequestContext, meeting_id: uuid.UUID, *, lock: bool = False) -> tuple[Meeting, Body]:
    """The meeting and its body (as `load_meeting`), with the caller's stand-in seat for it."""
    meeting, body = load_meeting(ctx, meeting_id, lock=lock)
    act_at(ctx, meeting, body)
    return meeting, body


# -- recording it ----------------------------------------------------------------------------------


def _active(m: Membership, day: date) -> bool:
    return m.start_date <= day and (m.end_date is None or m.end_date >= day)


Listed = list[tuple[str, int, AttendeeIn]]


def _validate(
    session: Session, meeting: Meeting, data: AttendanceIn
) -> tuple[Listed, dict[uuid.UUID, Membership], dict[uuid.UUID, Person]]:
    """Every attendee as (presence, index, attendee), after checking it against the register, with
    the seats and persons it names."""
    listed = [(p, i, a) for p in PRESENCE for i, a in enumerate(getattr(data, p))]
    seen: set[uuid.UUID] = set()
    for presence, i, a in listed:
        if a.person_id in seen:
            raise InvalidInput(f"{presence}.{i}.person_id", "the person is listed twice")
        seen.add(a.person_id)
    person_ids = {a.person_id for _, _, a in listed}
    persons = {p.id: p for p in session.scalars(select(Person).where(Person.id.in_(person_ids)))}
    seat_ids = {x for _, _, a in listed for x in (a.membership_id, a.standing_in_for_membership_id) if x}
    seats = {m.id: m for m in session.scalars(select(Membership).where(Membership.id.in_(seat_ids)))}
    org_ids = {a.organization_id for _, _, a in listed if a.organization_id}
    orgs = set(session.scalars(select(Organization.id).where(Organization.id.in_(org_ids))))
    day = oslo_date(meeting.starts_at)
    present = {a.person_id for p, _, a in listed if p == "present"}
    stood_for: set[uuid.UUID] = set()
    for presence, i, a in listed:
        where = f"{presence}.{i}"
        person = persons.get(a.person_id)
        if person is None:
            raise InvalidInput(f"{where}.person_id", f"person {a.person_id} does not exist")
        if a.organization_id is not None and a.organization_id not in orgs:
            raise InvalidInput(f"{where}.organization_id", f"organization {a.organization_id} does not exist")
        seat = seats.get(a.membership_id) if a.membership_id else None
        if a.membership_id is not None:
            if (
                seat is None
                or seat.person_id != a.person_id
                or seat.body_id != meeting.body_id
                or not _active(seat, day)
            ):
                raise InvalidInput(
                    f"{where}.membership_id", "must be the person's seat in the meeting's body on the meeting's day"
                )
        if a.standing_in_for_membership_id is None:
            continue
        member = seats.get(a.standing_in_for_membership_id)
        if presence != "present" or seat is None or seat.role != "deputy":
            raise InvalidInput(
                f"{where}.standing_in_for_membership_id",
                "only a deputy present through its seat stands in for a member",
            )
        if (
            member is None
            or member.body_id != meeting.body_id
            or member.role not in STAND_IN_ROLES
            or not _active(member, day)
            or (seat.deputy_for_membership_id not in (None, member.id))
        ):
            raise InvalidInput(
                f"{where}.standing_in_for_membership_id",
                "must be the seat of a member of the meeting's body whom this deputy may stand in for",
            )
        if member.person_id in present or member.id in stood_for:
            raise InvalidInput(f"{where}.standing_in_for_membership_id", "the member is present or already represented")
        stood_for.add(member.id)
    for field in ("chair_person_id", "minutes_taker_person_id"):
        chosen = getattr(data, field)
        if chosen is not None and chosen not in present:
            raise InvalidInput(field, "must be one of those present")
    return listed, seats, persons


def _organization(a: AttendeeIn, seat: Membership | None, person: Person) -> uuid.UUID | None:
    if a.organization_id is not None:
        return a.organization_id
    return seat.organization_id if seat is not None else person.organization_id


def put_attendance(
    ctx: RequestContext, meeting_id: uuid.UUID, data: AttendanceIn, if_match: str | None
) -> tuple[AttendanceOut, Any, list[dict[str, Any]]]:
    """Replace the meeting's attendance; the quorum rule's warning comes back with it."""
    meeting, body = load_meeting_acting(ctx, meeting_id, lock=True)
    record = _record(ctx.session, meeting.id, lock=True)
    check_if_match(if_match, record or Unrecorded(meeting.id))
    ctx.authorize(body)
    if meeting.status == "cancelled":
        raise Conflict(f"meeting {meeting.number} is cancelled: nobody attended it")
    before, _ = attendance_of(ctx.session, meeting.id)
    listed, seats, persons = _validate(ctx.session, meeting, data)
    changed = _changed(before, data)
    ctx.enforce(
        ["publication.record_immutable"],
        meeting,
        published=meeting.status == "minutes_approved",
        entity_type="meeting",
        changed=["attendance"] if changed else [],
    )
    if record is not None and not changed:  # the same attendance again: nothing to write
        return before, record, ctx.enforce([QUORUM_RULE], meeting)
    if record is None:
        record = MeetingAttendance(meeting_id=meeting.id)
        ctx.session.add(record)
    else:
        record.updated_at = ctx.now  # a new version even when only the attendees change
    record.chair_person_id, record.minutes_taker_person_id = data.chair_person_id, data.minutes_taker_person_id
    ctx.session.flush()
    ctx.session.execute(delete(MeetingAttendee).where(MeetingAttendee.meeting_id == meeting.id))
    for position, (presence, _, a) in enumerate(listed, start=1):
        seat = seats.get(a.membership_id) if a.membership_id else None
        ctx.session.add(
            MeetingAttendee(
                meeting_id=meeting.id,
                position=position,
                presence=presence,
                person_id=a.person_id,
                membership_id=a.membership_id,
                standing_in_for_membership_id=a.standing_in_for_membership_id,
                organization_id=_organization(a, seat, persons[a.person_id]),
            )
        )
    ctx.session.flush()
    after, record_now = attendance_of(ctx.session, meeting.id)
    ctx.audit("record_attendance", "meeting", meeting.id, before.model_dump(mode="json"), after.model_dump(mode="json"))
    warnings = ctx.enforce([QUORUM_RULE], meeting)
    return after, record_now, warnings


def _changed(before: AttendanceOut, after: AttendanceIn) -> bool:
    def key(people: list[Any]) -> list[tuple[Any, ...]]:
        return [(a.person_id, a.membership_id, a.standing_in_for_membership_id) for a in people]

    return (
        key(before.present) != key(after.present)
        or key(before.apologies) != key(after.apologies)
        or (before.chair_person_id, before.minutes_taker_person_id)
        != (after.chair_person_id, after.minutes_taker_person_id)
    )
