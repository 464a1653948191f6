from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.bodies.models import Body
from app.db import Base, Entity, UtcDateTime, utcnow


class Meeting(Entity, Base):
    """A meeting of a body, numbered per body (møtenummer)."""

    __tablename__ = "meetings"
    __table_args__ = (
        UniqueConstraint("body_id", "number"),
        Index("ix_meetings_body_starts_id", "body_id", "starts_at", "id"),
        Index("ix_meetings_starts_id", "starts_at", "id"),
        Index("ix_meetings_status_starts_id", "status", "starts_at", "id"),
    )

    body_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("bodies.id"))
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str | None] = mapped_column(String(300))
    starts_at: Mapped[datetime] = mapped_column(UtcDateTime())
    ends_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    location: Mapped[str | None] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(20), default="planned")
    minutes_document_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("documents.id"))
    internal_notes: Mapped[str | None] = mapped_column(Text)
    convened_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    started_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    held_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    minutes_approved_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    # Read only where a query joins it (a page of meetings or decisions, for what the caller may do on each).
    body: Mapped[Body] = relationship("Body", lazy="raise", viewonly=True)


class AgendaItem(Base):
    """One case on a meeting's agenda (saksliste), with what became of it."""

    __tablename__ = "agenda_items"
    __table_args__ = (
        UniqueConstraint("meeting_id", "case_id"),
        Index("ix_agenda_items_meeting_position", "meeting_id", "position"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    meeting_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("meetings.id"))
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    outcome: Mapped[str | None] = mapped_column(String(20))  # decided | noted | returned
    added_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    # The ETag: a move renumbers the items after it, so a client's copy of any of them goes stale.
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    __mapper_args__ = {"version_id_col": version}


class AgendaRevision(Base):
    """A change of an agenda after convening (the published saksliste): what changed, why, when and by
    whom, with the agenda as it read before it, as a document keeps its earlier versions."""

    __tablename__ = "agenda_revisions"
    __table_args__ = (UniqueConstraint("meeting_id", "number"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    meeting_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("meetings.id"))
    number: Mapped[int] = mapped_column(Integer)  # 1, 2 … per meeting
    at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    actor: Mapped[str] = mapped_column(String(200))
    change: Mapped[str] = mapped_column(String(20))  # added | moved | removed
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    case_number: Mapped[str] = mapped_column(String(20))
    position_before: Mapped[int | None] = mapped_column(Integer)
    position_after: Mapped[int | None] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text)
    reason_public: Mapped[bool] = mapped_column(Boolean)
    # The agenda as it read before this change: a list of agenda items (AgendaItemOut).
    previous_agenda: Mapped[list[dict[str, Any]]] = mapped_column(JSON)


def attendance_tag(meeting_id: uuid.UUID) -> str:
    return f"attendance-{meeting_id}"


class MeetingAttendance(Base):
    """Who chaired a meeting and kept its minutes; its attendees are the rows of `MeetingAttendee`.
    One per meeting, made at its first write; its version is the ETag of the whole attendance."""

    __tablename__ = "meeting_attendance"

    meeting_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("meetings.id"), primary_key=True)
    chair_person_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("persons.id"))
    minutes_taker_person_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("persons.id"))
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow, onupdate=utcnow)

    __mapper_args__ = {"version_id_col": version}

    @property
    def id(self) -> str:
        """What its ETag is made from: its meeting's, and unlike the meeting's own ETag."""
        return attendance_tag(self.meeting_id)


class MeetingAttendee(Base):
    """One person at a meeting (present) or excused from it (apologies, forfall)."""

    __tablename__ = "meeting_attendees"
    __table_args__ = (
        UniqueConstraint("meeting_id", "person_id"),
        Index("ix_meeting_attendees_meeting_position", "meeting_id", "position"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    meeting_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("meeting_attendance.meeting_id"))
    position: Mapped[int] = mapped_column(Integer)
    presence: Mapped[str] = mapped_column(String(20))  # present | apologies
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("persons.id"))
    # The seat the person attends through; null for the secretariat and invited guests.
    membership_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("memberships.id"))
    # A deputy standing in for a named member (whose seat this is) at this meeting.
    standing_in_for_membership_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("memberships.id"))
    organization_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("organizations.id"))
