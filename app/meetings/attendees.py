"""Reading who attended meetings, for the staff API, the minutes and the public record alike
(below the agenda and the publication modules, so that each of them may use it)."""

from __future__ import annotations

import uuid
from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from app.meetings.models import MeetingAttendance, MeetingAttendee
from app.meetings.schemas import AttendeeOut
from app.memberships.models import Membership
from app.organizations.models import Organization
from app.persons.models import Person

PRESENCE = ("present", "apologies")


People = dict[str, list[AttendeeOut]]


def attendees(
    session: Session, meeting_ids: Collection[uuid.UUID]
) -> dict[uuid.UUID, tuple[MeetingAttendance, People]]:
    """The meetings' attendance (chair, minute-taker) and attendees by presence, in the order recorded,
    with names: one query for them all. A meeting whose attendance lists nobody is not among them."""
    seat, stood_for, stood_person = aliased(Membership), aliased(Membership), aliased(Person)
    rows = session.execute(
        select(MeetingAttendee, MeetingAttendance, Person.name, Organization.name, seat.role, stood_person.name)
        .join(MeetingAttendance, MeetingAttendance.meeting_id == MeetingAttendee.meeting_id)
        .join(Person, Person.id == MeetingAttendee.person_id)
        .outerjoin(Organization, Organization.id == MeetingAttendee.organization_id)
        .outerjoin(seat, seat.id == MeetingAttendee.membership_id)
        .outerjoin(stood_for, stood_for.id == MeetingAttendee.standing_in_for_membership_id)
        .outerjoin(stood_person, stood_person.id == stood_for.person_id)
        .where(MeetingAttendee.meeting_id.in_(meeting_ids))
        .order_by(MeetingAttendee.meeting_id, MeetingAttendee.position)
    )
    out: dict[uuid.UUID, tuple[MeetingAttendance, People]] = {}
    for a, record, name, org_name, role, stood_name in rows:
        out.setdefault(a.meeting_id, (record, {p: [] for p in PRESENCE}))[1][a.presence].append(
            AttendeeOut(
                person_id=a.person_id,
                person_name=name,
                membership_id=a.membership_id,
                standing_in_for_membership_id=a.standing_in_for_membership_id,
                standing_in_for_person_name=stood_name,
                organization_id=a.organization_id,
                organization_name=org_name,
                role=role,
            )
        )
    return out
