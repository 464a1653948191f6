"""The public record as readers see it: only published content, never an internal field.

The website and the feeds render from these same schemas, so nothing can reach a public page
that the public API does not show.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from app.bodies.schemas import BodyKind, BodyStatus
from app.cases.schemas import CaseKind
from app.decisions.schemas import DecisionKind, FollowUpStatus
from app.documents.schemas import DocumentKind
from app.files.schemas import FileFacts
from app.meetings.schemas import AgendaChange, AgendaOutcome
from app.memberships.schemas import MembershipRole

PublicationKind = StrEnum(
    "PublicationKind",
    [
        "agenda",
        "agenda_revision",
        "case_document",
        "minutes",
        "decision",
        "follow_up",
        "delivery",
        "annual_plan",
        "correction",
    ],
)
SearchKind = StrEnum("SearchKind", ["case", "document", "decision", "delivery", "annual_plan"])
# The states of a meeting once it is public: a planned meeting is not.
PublicMeetingStatus = StrEnum(
    "PublicMeetingStatus", ["convened", "in_session", "held", "minutes_approved", "cancelled"]
)


class PublicationOut(BaseModel):
    """One entry of the public record: what became public, when, and which event published it."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    at: datetime
    kind: PublicationKind
    entity_type: str = Field(examples=["document"])
    entity_id: uuid.UUID
    title: str
    meeting_id: uuid.UUID | None = None
    trigger: str = Field(description="The domain event that published it.", examples=["meeting.convened"])
    document_version: int | None = Field(
        None,
        description="The version (`versjonsnummer`) of the document it made public; none for an agenda or a decision.",
    )


class PublicDocumentRef(BaseModel):
    """A published document as listed on a meeting, a delivery or an annual plan."""

    id: uuid.UUID
    kind: DocumentKind = Field(examples=["case_presentation"])
    title: str = Field(description="The title, or «Skjermet tittel» when a withheld document's title is screened.")
    withheld: bool = Field(description="Unntatt offentlighet: listed with its legal basis, never its content.")
    title_withheld: bool = Field(False, description="The title of the withheld document is screened as well.")
    exemption_basis: str | None = Field(None, examples=["Offentleglova § 14"])
    published_at: datetime | None = None


class PublicBodyRef(BaseModel):
    id: uuid.UUID
    kind: BodyKind
    name: str
    short_name: str | None = None


class PublicDecision(BaseModel):
    """A decision, public once the minutes of its meeting are approved."""

    id: uuid.UUID
    meeting_id: uuid.UUID
    case_id: uuid.UUID
    case_number: str = Field(examples=["3/2024"])
    case_title: str
    kind: DecisionKind
    text: str
    decided_at: datetime = Field(description="When the decision was recorded, in the meeting that made it.")
    follow_up_status: FollowUpStatus = Field(description="How the AU follows the decision up.")
    follow_up_note: str | None = Field(None, description="The AU's note on the follow-up.")


class PublicAgendaItem(BaseModel):
    position: int
    case_id: uuid.UUID
    case_number: str = Field(examples=["3/2024"])
    title: str
    summary: str | None = None
    case_kind: CaseKind
    outcome: AgendaOutcome | None = Field(
        None, description="What became of the case; public once the minutes are approved."
    )
    return_reason: str | None = Field(
        None, description="Why the case was sent back to the AU, only when the reason was marked public."
    )
    documents: list[PublicDocumentRef] = Field(default_factory=list)


class PublicMeetingSummary(BaseModel):
    id: uuid.UUID
    body: PublicBodyRef
    number: int = Field(description="Møtenummer, per body.")
    title: str | None = None
    starts_at: datetime
    ends_at: datetime | None = None
    location: str | None = None
    status: PublicMeetingStatus
    started_at: datetime | None = Field(None, description="When the meeting was actually started.")
    held_at: datetime | None = Field(None, description="When the meeting was closed: from then it is past.")


class PublicCaseRef(BaseModel):
    id: uuid.UUID
    number: str = Field(examples=["3/2024"])
    title: str


class PublicVersionRef(BaseModel):
    """A version of a published document that has been public; a correction says when and why."""

    number: int
    created_at: datetime
    correction: bool
    reason: str | None = Field(None, description="Why it was corrected (begrunnelse).")


class PublicDocumentVersion(PublicVersionRef):
    document_id: uuid.UUID
    title: str
    body: str = Field(description="Markdown, as that version read.")
    file: FileFacts | None = Field(None, description="The file that version carried.")


class PublicDocument(PublicDocumentRef):
    body: str | None = Field(None, description="Markdown; null when the document is withheld.")
    file: FileFacts | None = Field(
        None, description="Its file, at `…/documents/{id}/file`; null without one or when the document is withheld."
    )
    versions: list[PublicVersionRef] = Field(
        default_factory=list,
        description="Every version that has been public, oldest first; the last is the current one.",
    )
    meeting: PublicMeetingSummary | None = Field(
        None, description="The latest published meeting whose agenda or minutes carry the document."
    )
    case: PublicCaseRef | None = Field(None, description="The case on that agenda the document belongs to.")


class PublicAgendaRevision(BaseModel):
    """A change of the agenda after it was published (convened)."""

    at: datetime
    change: AgendaChange
    case_number: str = Field(examples=["4/2027"])
    position_before: int | None = None
    position_after: int | None = None
    reason: str | None = Field(None, description="Why, when the reason was marked public.")
    label_nb: str = Field(examples=["Endret 12. mars 2027: sak 4/2027 lagt til"])


class PublicAttendee(BaseModel):
    """One person at a meeting: name and organization only, never contact details."""

    name: str
    organization: str | None = None
    standing_in_for: str | None = Field(None, description="The member a fixed deputy stood in for.")


class PublicAttendance(BaseModel):
    present: list[PublicAttendee]
    apologies: list[PublicAttendee] = Field(description="Forfall.")
    chair: str | None = Field(None, description="Møteleder.")
    minutes_taker: str | None = Field(None, description="Referent.")


class PublicMeeting(PublicMeetingSummary):
    agenda: list[PublicAgendaItem]
    agenda_revisions: list[PublicAgendaRevision] = Field(
        default_factory=list, description="How the agenda changed after it was published, oldest first."
    )
    minutes: PublicDocumentRef | None = None
    decisions: list[PublicDecision]
    attendance: PublicAttendance | None = Field(
        None, description="Who attended, as the approved minutes record it; null until they are approved."
    )


class PublicDelivery(BaseModel):
    id: uuid.UUID
    title: str
    delivered_at: datetime
    document: PublicDocumentRef | None = None


class PublicOrganizationRef(BaseModel):
    id: uuid.UUID
    name: str
    short_name: str | None = None


class PublicMember(BaseModel):
    """A seat in a body as the public sees it: who, in what role, for whom and for how long; never
    contact details."""

    id: uuid.UUID = Field(description="The membership's id.")
    name: str = Field(description="The person's name.")
    role: MembershipRole = Field(
        description="`chair` (leder), `member` (medlem), `deputy` (fast stedfortreder) or `secretary` (sekretær)."
    )
    organization: PublicOrganizationRef | None = Field(None, description="The organization the person represents.")
    deputy_for: uuid.UUID | None = Field(None, description="For a deputy: the membership (in `members`) stood in for.")
    start_date: date = Field(description="The term's first day.")
    end_date: date | None = Field(None, description="The term's last day (inclusive); none while it runs.")
    competence: str | None = Field(None, description="In a subcommittee: the competence the member brings.")


MEMBERS_DESCRIPTION = (
    "The members whose term has not ended (or, for a dissolved body, those who sat when it was dissolved): "
    "the leader first, then members, deputies and secretaries, each by name."
)


class PublicBody(PublicBodyRef):
    """A body of the arrangement with its mandate and its members: the composition is public by nature."""

    status: BodyStatus
    dissolved_at: datetime | None = Field(None, description="When the body was dissolved (`status` dissolved).")
    parent_body_id: uuid.UUID | None = Field(None, description="A subcommittee's parent: the AU.")
    mandate: str | None = Field(None, description="The body's written remit (markdown).")
    members: list[PublicMember] = Field(description=MEMBERS_DESCRIPTION)


class PublicSubcommittee(BaseModel):
    id: uuid.UUID
    name: str
    status: BodyStatus
    mandate: str | None = None
    deadline: date | None = None
    established_by_decision_id: uuid.UUID | None = None
    deliveries: list[PublicDelivery] = Field(default_factory=list)
    members: list[PublicMember] = Field(default_factory=list, description=MEMBERS_DESCRIPTION)


class PublicAnnualPlan(BaseModel):
    id: uuid.UUID
    year: int
    title: str
    adopted_at: datetime
    adopted_by_decision_id: uuid.UUID
    document: PublicDocumentRef | None = None


class SearchHit(BaseModel):
    """A published case, document, decision, delivery or annual plan matching a search."""

    kind: SearchKind
    id: uuid.UUID = Field(description="The id of the case, document, decision, delivery or annual plan.")
    title: str
    snippet: str = Field(description="Plain text around the best matches (not HTML: escape it when rendering).")
    highlights: list[tuple[int, int]] = Field(
        description="The matches in `snippet` as [start, end) offsets in Unicode code points.", examples=[[[4, 14]]]
    )
    url: str = Field(description="The website page that shows it, relative to the site.", examples=["/dokumenter/…"])
    published_at: datetime
    body: PublicBodyRef | None = Field(None, description="The body the item belongs to.")
    year: int | None = Field(None, description="The case year, the year decided, delivered or planned, or published.")
