"""Demo step: a public record to look at — made-up cases walked through the real services.

A held forum meeting with approved minutes, decisions, an adopted annual plan and a subcommittee
that has delivered; a convened upcoming forum meeting with public case documents and one withheld
document; a convened AU meeting. Everything goes through the same services (and rules, events and
audit) as the API, as the secretariat named "seed", so the publication happens exactly as it would
in production — and at its own time: the seed moves the request clock (`ctx.now`) step by step, so
the record's dates read as real work, on Norwegian working days.
Idempotent: once the held demo meeting exists, the step does nothing.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from app.annual_plans.schemas import AnnualPlanCreate
from app.annual_plans.service import adopt_annual_plan
from app.auth.principal import Principal
from app.bodies.models import Body
from app.cases.models import Case
from app.cases.schemas import CaseCreate
from app.cases.service import CASES, register_case
from app.config import get_settings
from app.context import RequestContext
from app.db import utcnow
from app.decisions.schemas import DecisionCreate
from app.decisions.service import DECISIONS, record_decision
from app.documents.models import Document
from app.documents.schemas import DocumentCorrection, DocumentCreate
from app.documents.service import attach_document, correct_document, create_document
from app.governance.engine import RuleEngine
from app.governance.transitions import (
    StatefulResource,
    TransitionRequest,
    perform_transition,
)
from app.meetings.agenda import add_item
from app.meetings.attendance import put_attendance
from app.meetings.minutes import draft_minutes
from app.meetings.models import Meeting
from app.meetings.schemas import AgendaItemCreate, AgendaItemOut, AttendanceIn, AttendeeIn, MeetingCreate
from app.meetings.service import MEETINGS, create_meeting
from app.memberships.models import Membership
from app.norwegian import OSLO, oslo_date, oslo_time, working_day_on_or_before
from app.persons.models import Person
from app.seed.data import AU_LEADER, DEMO_SECRETARIAT, EHELSE, HDIR, HTIL
from app.seed.service import organization_id, standing_body
from app.subcommittees.schemas import DeliveryCreate, SeatIn, SubcommitteeCreate
from app.subcommittees.service import establish_subcommittee, receive_delivery

# A demo person (app/seed/data.py) who leads the demo subcommittee.
SUBCOMMITTEE_CHAIR = "Bjørn Ekerhovd"
HELD_TITLE = "Oppstartsmøte"
# Who attends the held forum meeting without a seat in the forum: the AU leader, who presents the cases
# («Representanter for arbeidsutvalget deltar i møtet og legger fram saker»), and the secretariat.
ATTENDING_GUESTS = (AU_LEADER.name, DEMO_SECRETARIAT.name)
NEXT_FORUM_MEETING = timedelta(days=45)  # from the day the seed runs
LOCATION = "Helsedirektoratet, Vitaminveien 4, Oslo"
SEED_PRINCIPAL = Principal(kind="secretariat", token_id=uuid.UUID(int=0), name="seed")


@dataclass(frozen=True)
class DemoCase:
    title: str
    summary: str
    kind: str = "decision"
    decision: tuple[str, str] | None = None  # (kind, text) when the forum decides it
    withheld: tuple[str, str] | None = None  # (title, legal basis) of a withheld document
    documents: tuple[tuple[str, str, str], ...] = field(default_factory=tuple)  # (kind, title, body)


HELD_CASES = (
    DemoCase(
        "Felles nasjonale råd om legemiddelsamstemming",
        "Arbeidsutvalget foreslår felles råd om legemiddelsamstemming ved overganger mellom tjenestenivåer.",
        decision=(
            "recommendation",
            "Topplederforumet slutter seg til rådene om legemiddelsamstemming og ber "
            "Arbeidsutvalget gjøre dem kjent for tjenestene.",
        ),
        documents=(
            (
                "case_presentation",
                "Saksfremlegg: legemiddelsamstemming",
                "## Bakgrunn\n\nFeil i legemiddellister ved overganger er en kjent risiko.\n\n"
                "## Forslag til vedtak\n\nForumet slutter seg til rådene.",
            ),
            (
                "knowledge_base",
                "Kunnskapsgrunnlag: legemiddelsamstemming",
                "Sammenstilling av kunnskap fra virksomhetene i sentral helseforvaltning.",
            ),
        ),
    ),
    DemoCase(
        "Årsplan for ordningen",
        "Forslag til årsplan, tilpasset andre myndigheters og sektorers årsplaner.",
        decision=("annual_plan", "Topplederforumet vedtar årsplanen for ordningen."),
        documents=(("case_presentation", "Saksfremlegg: årsplan", "Arbeidsutvalget legger fram forslag til årsplan."),),
    ),
    DemoCase(
        "Legemiddelsamstemming i kommunene",
        "Arbeidsutvalget foreslår et underutvalg som undersøker legemiddelsamstemming i kommunale tjenester.",
        decision=(
            "establish_subcommittee",
            "Topplederforumet ber Arbeidsutvalget sette ned et underutvalg om legemiddelsamstemming i kommunene.",
        ),
        documents=(
            (
                "case_presentation",
                "Saksfremlegg: underutvalg for legemiddelsamstemming",
                "Forslag til mandat for et midlertidig underutvalg.",
            ),
        ),
    ),
    DemoCase(
        "Status fra Arbeidsutvalget",
        "Orientering om arbeidet siden forrige møte.",
        kind="information",
        documents=(("case_presentation", "Orientering fra Arbeidsutvalget", "Arbeidsutvalget har startet opp."),),
    ),
)
UPCOMING_CASES = (
    DemoCase(
        "Nasjonal satsing på trygg utskrivning",
        "Forslag om en samordnet nasjonal satsing på trygg utskrivning fra sykehus.",
        withheld=("Risikovurdering av pågående tilsynssaker", "Offentleglova § 14"),
        documents=(
            (
                "case_presentation",
                "Saksfremlegg: trygg utskrivning",
                "## Bakgrunn\n\nOverganger mellom sykehus og kommune gir risiko for pasientskade.\n\n"
                "## Forslag\n\n- Felles anbefalinger\n- Felles måling",
            ),
            ("knowledge_base", "Kunnskapsgrunnlag: trygg utskrivning", "Rapporter og indikatorer om utskrivning."),
        ),
    ),
    DemoCase(
        "Pasient- og brukermedvirkning i ordningen",
        "Drøfting av hvordan pasienter, brukere og pårørende involveres.",
        kind="discussion",
        documents=(("case_presentation", "Saksfremlegg: medvirkning", "Forslag til involvering."),),
    ),
)
AU_CASES = (
    DemoCase(
        "Rigg for kunnskapsinnhenting",
        "En struktur for hvordan Arbeidsutvalget innhenter og bruker kunnskapen som allerede finnes.",
        kind="discussion",
        documents=(("case_presentation", "Notat: rigg for kunnskapsinnhenting", "Utkast til struktur."),),
    ),
)


def rule_engine() -> RuleEngine:
    from app.main import discover_routers

    discover_routers()  # registers every guard and event handler before the engine checks them
    return RuleEngine.from_dir(get_settings().rules_dir)


def _context(session: Session) -> RequestContext:
    return RequestContext.of(session, SEED_PRINCIPAL, rule_engine(), utcnow())


def _transition(
    ctx: RequestContext, resource: StatefulResource, entity_id: uuid.UUID, name: str, **details: object
) -> None:
    request = TransitionRequest(**details)
    perform_transition(ctx, resource, entity_id, name, request, "*", False)  # the seed acts on what it just made


def _document(ctx: RequestContext, owner: Body, kind: str, title: str, body: str, **fields: object) -> Document:
    return create_document(ctx, DocumentCreate(owner_body_id=owner.id, kind=kind, title=title, body=body, **fields))[0]


def _case_in_preparation(ctx: RequestContext, owner: Body, spec: DemoCase) -> tuple[Case, list[Document]]:
    """The case registered with its documents attached, and its preparation started."""
    stakeholders = [organization_id(ctx.session, HDIR), organization_id(ctx.session, HTIL)]
    case = register_case(
        ctx,
        CaseCreate(
            owner_body_id=owner.id,
            title=spec.title,
            summary=spec.summary,
            kind=spec.kind,
            strategic_rationale="Saken berører alle virksomhetene i sentral helseforvaltning.",
            stakeholders_involved=stakeholders,
        ),
    )
    docs = [_document(ctx, owner, *d) for d in spec.documents]
    if spec.withheld:
        title, basis = spec.withheld
        docs.append(
            _document(
                ctx,
                owner,
                "knowledge_base",
                title,
                "Innholdet er unntatt offentlighet.",
                public=False,
                exemption_basis=basis,
            )
        )
    for doc in docs:
        attach_document(ctx, case.id, doc.id)
    _transition(ctx, CASES, case.id, "start_preparation")
    return case, docs


def _prepared_case(ctx: RequestContext, owner: Body, spec: DemoCase) -> Case:
    case, _docs = _case_in_preparation(ctx, owner, spec)
    _transition(ctx, CASES, case.id, "prepare")
    return case


def _on(day: date, hour: int) -> datetime:
    """A time of a Norwegian working day (the day itself, or the last working day before it)."""
    return datetime.combine(working_day_on_or_before(day), time(hour), OSLO)


def _planned_meeting(
    ctx: RequestContext, body: Body, day: date, cases: list[Case], title: str | None = None
) -> tuple[Meeting, list[AgendaItemOut]]:
    """The meeting planned, with the cases on its agenda in this order."""
    starts = _on(day, 10)
    meeting = create_meeting(
        ctx,
        MeetingCreate(
            body_id=body.id,
            starts_at=starts,
            ends_at=starts + timedelta(hours=4),
            location=LOCATION,
            title=title,
        ),
    )[0]
    return meeting, [add_item(ctx, meeting.id, AgendaItemCreate(case_id=case.id))[0] for case in cases]


def _meeting(ctx: RequestContext, body: Body, day: date, cases: list[Case], title: str | None = None) -> Meeting:
    meeting, _items = _planned_meeting(ctx, body, day, cases, title)
    _transition(ctx, MEETINGS, meeting.id, "convene")
    return meeting


def _record_attendance(ctx: RequestContext, meeting: Meeting, forum: Body) -> None:
    """Three of the four directors, the AU leader presenting the cases, the secretariat keeping the
    minutes; the director of Direktoratet for e-helse sent apologies."""
    seats = {
        m.person.name: m
        for m in ctx.session.scalars(
            select(Membership).options(joinedload(Membership.person)).where(Membership.body_id == forum.id)
        )
    }
    by_name = {p.name: p for p in ctx.session.scalars(select(Person).where(Person.name.in_(ATTENDING_GUESTS)))}

    def seat(name: str) -> AttendeeIn:
        return AttendeeIn(person_id=seats[name].person_id, membership_id=seats[name].id)

    chair = next(name for name, m in seats.items() if m.role == "chair")
    excused = next(name for name, m in seats.items() if m.organization_id == organization_id(ctx.session, EHELSE))
    members = sorted(set(seats) - {chair, excused})
    put_attendance(
        ctx,
        meeting.id,
        AttendanceIn(
            present=[
                seat(chair),
                *(seat(n) for n in members),
                *(AttendeeIn(person_id=by_name[n].id) for n in ATTENDING_GUESTS),
            ],
            apologies=[seat(excused)],
            chair_person_id=seats[chair].person_id,
            minutes_taker_person_id=by_name[DEMO_SECRETARIAT.name].id,
        ),
        "*",
    )


def _held_forum_meeting(ctx: RequestContext, forum: Body, au: Body) -> None:
    today = oslo_date(ctx.now)
    held = working_day_on_or_before(today - timedelta(days=40))
    ctx.now = _on(held - timedelta(days=21), 9)  # the AU prepares three weeks ahead
    cases = [_prepared_case(ctx, au, spec) for spec in HELD_CASES]
    ctx.now = _on(held - timedelta(days=14), 12)  # convened two weeks ahead: the agenda is published
    meeting = _meeting(ctx, forum, held, cases, HELD_TITLE)
    ctx.now = _on(held, 10)
    _transition(ctx, MEETINGS, meeting.id, "start")
    decisions = {}
    for case, spec in zip(cases, HELD_CASES, strict=True):
        if spec.decision:
            kind, text = spec.decision
            decisions[kind] = record_decision(ctx, meeting.id, DecisionCreate(case_id=case.id, kind=kind, text=text))[0]
        else:
            _transition(ctx, CASES, case.id, "note")
    ctx.now = _on(held, 14)
    _transition(ctx, MEETINGS, meeting.id, "close")
    _record_attendance(ctx, meeting, forum)
    minutes = draft_minutes(ctx, meeting.id)  # from the agenda and the attendance, as the secretariat would
    ctx.now = _on(held + timedelta(days=14), 12)  # the minutes are approved, and published, two weeks later
    _transition(ctx, MEETINGS, meeting.id, "approve_minutes")
    ctx.now += timedelta(hours=3)  # the same afternoon the secretariat puts right what the minutes missed
    correct_document(
        ctx,
        minutes.id,
        DocumentCorrection(
            body=minutes.body
            + f"\n\n## Neste møte\n\nTopplederforumet møtes igjen {oslo_time(_on(today + NEXT_FORUM_MEETING, 10))}.",
            reason="Datoen for neste møte manglet i referatet.",
        ),
        "*",
    )
    plan_doc = _document(
        ctx,
        forum,
        "annual_plan",
        f"Årsplan {ctx.now.year}",
        "## Mål\n\nSamordnede nasjonale råd og tiltak.\n\n## Møteplan\n\nTo møter i året.",
    )
    adopt_annual_plan(
        ctx,
        AnnualPlanCreate(
            year=ctx.now.year,
            title=f"Årsplan {ctx.now.year} for I trygge hender 24-7",
            document_id=plan_doc.id,
            adopted_by_decision_id=decisions["annual_plan"].id,
        ),
    )
    _subcommittee_that_delivered(ctx, decisions["establish_subcommittee"].id, today)


def _subcommittee_that_delivered(ctx: RequestContext, decision_id: uuid.UUID, today: date) -> None:
    """The AU sets up the subcommittee the forum decided; it delivers its first report before today."""
    ctx.now = _on(oslo_date(ctx.now) + timedelta(days=3), 13)
    _transition(ctx, DECISIONS, decision_id, "start_follow_up", note="Arbeidsutvalget har satt ned underutvalget.")
    chair = ctx.session.scalars(select(Person).where(Person.name == SUBCOMMITTEE_CHAIR)).one()
    body, _, _ = establish_subcommittee(
        ctx,
        SubcommitteeCreate(
            decision_id=decision_id,
            name="Underutvalg for legemiddelsamstemming i kommunene",
            mandate="Undersøke hvordan legemiddelsamstemming gjøres i kommunale helse- og omsorgstjenester, "
            "og foreslå tiltak for Arbeidsutvalget.",
            deadline=today + timedelta(days=120),
            support="Frikjøp etter avtale per oppdrag.",
            chair=SeatIn(person_id=chair.id, competence="Klinisk farmakologi", background="service"),
        ),
    )
    ctx.now = _on(today - timedelta(days=5), 11)
    report = _document(
        ctx,
        body,
        "report",
        "Delrapport: legemiddelsamstemming i kommunene",
        "## Funn\n\nSamstemming skjer ulikt fra kommune til kommune.\n\n## Videre arbeid\n\n"
        "Underutvalget kartlegger gode eksempler.",
    )
    receive_delivery(ctx, body.id, DeliveryCreate(title="Delrapport om legemiddelsamstemming", document_id=report.id))


def seed_demo_record(session: Session) -> None:
    if session.scalar(select(Meeting.id).where(Meeting.title == HELD_TITLE)) is not None:
        return
    ctx = _context(session)
    now = ctx.now
    forum = standing_body(session, "top_leaders_forum")
    au = standing_body(session, "working_committee")
    _held_forum_meeting(ctx, forum, au)
    ctx.now = now  # what is upcoming is convened today
    today = oslo_date(now)
    _meeting(ctx, forum, today + NEXT_FORUM_MEETING, [_prepared_case(ctx, au, s) for s in UPCOMING_CASES])
    _meeting(ctx, au, today + timedelta(days=14), [_prepared_case(ctx, au, s) for s in AU_CASES])
