"""Imports every model so Alembic and the model test see the whole schema."""

from app.annual_plans.models import AnnualPlan
from app.audit.models import AuditEvent
from app.auth.models import ApiToken
from app.bodies.models import Body
from app.cases.models import Case, CaseStakeholder
from app.db import Base
from app.decisions.models import Decision
from app.documents.models import CaseDocument, Document
from app.files.models import FileText
from app.meetings.models import AgendaItem, AgendaRevision, Meeting, MeetingAttendance, MeetingAttendee
from app.memberships.models import Membership
from app.notifications.models import MailMessage, MeetingCalendarEntry
from app.organizations.models import Organization
from app.persons.models import Person
from app.publication.models import Publication, SearchEntry
from app.sequences.models import Counter
from app.sessions.models import BrowserSession, SignInAttempt
from app.subcommittees.models import Delivery
from app.webhooks.models import WebhookDelivery, WebhookEvent, WebhookSubscription

__all__ = [
    "AgendaItem",
    "AgendaRevision",
    "AnnualPlan",
    "ApiToken",
    "AuditEvent",
    "Base",
    "Body",
    "BrowserSession",
    "Case",
    "CaseDocument",
    "CaseStakeholder",
    "Counter",
    "Decision",
    "Delivery",
    "Document",
    "FileText",
    "MailMessage",
    "Meeting",
    "MeetingAttendance",
    "MeetingAttendee",
    "MeetingCalendarEntry",
    "Membership",
    "Organization",
    "Person",
    "Publication",
    "SearchEntry",
    "SignInAttempt",
    "WebhookDelivery",
    "WebhookEvent",
    "WebhookSubscription",
]
