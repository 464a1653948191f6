"""Archive step: years of made-up work through the real services, to measure the service at scale.

Each year has 20 forum meetings of five decision cases each, decided, and 60 AU meetings noting one
information case each; every case has a presentation (decision cases also a knowledge base). The work
around them is what a secretariat's year holds besides the meetings themselves, and what makes most
of the audit log (about 10,000 events a year):

- preparation: the AU drafts each document over the weeks before the meeting (a PATCH a save) and
  edits each case (summary, rationale, stakeholders) before it is prepared;
- the meeting: planned, moved, the agenda re-ordered, convened, the internal notes written, held;
- the minutes: drafted from the agenda (draft_minutes), revised, approved two weeks later, now and
  then corrected after publication;
- follow-up: the AU starts on each forum decision three weeks after, reports on it and, half a year
  after the meeting, marks it implemented (each step public); what falls after the archive's end is
  left open, as in a real record;
- memberships: each year a new AU member and deputy are appointed for two years, and the member's
  allocation is changed mid-term.

Everything goes through the same services, rules, publication and audit as the API, as the secretariat
named "seed", with the request clock (`ctx.now`) moved to the dates of the work. `extra_cases` adds a
backlog of registered cases with a presentation each (the stress variant), spread over the same years.
One transaction per meeting; the loader reports its writes (audit events) per second.
"""

from __future__ import annotations

import heapq
import time as clock
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import count

from sqlalchemy import func, select, text

from app.audit.models import AuditEvent
from app.bodies.models import Body
from app.cases.models import Case
from app.cases.schemas import CaseCreate, CaseUpdate
from app.cases.service import CASES, register_case, update_case
from app.context import RequestContext
from app.db import Database, utcnow
from app.decisions.schemas import DecisionCreate, DecisionUpdate
from app.decisions.service import DECISIONS, record_decision, update_decision
from app.documents.models import Document
from app.documents.schemas import DocumentCorrection, DocumentUpdate
from app.documents.service import attach_document, correct_document, update_document
from app.meetings.agenda import move_item
from app.meetings.minutes import draft_minutes
from app.meetings.schemas import AgendaItemUpdate, MeetingUpdate
from app.meetings.service import MEETINGS, update_meeting
from app.memberships.guards import add_months
from app.memberships.schemas import MembershipCreate, MembershipUpdate
from app.memberships.service import add_membership, update_membership
from app.norwegian import oslo_date
from app.persons.schemas import PersonCreate
from app.persons.service import register_person
from app.seed.data import HDIR
from app.seed.demo_record import (
    SEED_PRINCIPAL,
    DemoCase,
    _case_in_preparation,
    _document,
    _on,
    _planned_meeting,
    _transition,
    rule_engine,
)
from app.seed.service import organization_id, seed, standing_body

FORUM_MEETINGS_A_YEAR = 20
AU_MEETINGS_A_YEAR = 60
MEETINGS_A_YEAR = FORUM_MEETINGS_A_YEAR + AU_MEETINGS_A_YEAR
FORUM_CASES = 5
EXTRA_CASES_PER_TRANSACTION = 200
# How much each piece of work is edited: saves of a document while it is drafted, PATCHes of a case
# while it is prepared, revisions of the minutes before they are approved.
DOCUMENT_SAVES = 20
CASE_EDITS = 5
MINUTES_REVISIONS = 4
CORRECTED_EVERY = 5  # the minutes of every fifth forum meeting are corrected after publication
PREPARATION = timedelta(days=42)  # the AU starts preparing six weeks ahead
FOLLOW_UP = (timedelta(days=21), timedelta(days=90), timedelta(days=180))  # started, reported, implemented


@dataclass
class ArchiveSummary:
    years: int
    meetings: int
    cases: int
    writes: int
    seconds: float
    by_kind: dict[str, int] = field(default_factory=dict)  # audit events by "entity_type.action"

    def __str__(self) -> str:
        kinds = "\n".join(f"  {kind:32s} {n:7d}" for kind, n in self.by_kind.items())
        return (
            f"archive of {self.years} years: {self.meetings} meetings, {self.cases} cases, "
            f"{self.writes} writes (audit events) in {self.seconds:.0f} s: "
            f"{self.writes / max(self.seconds, 1e-9):.0f} writes/s" + (f"\n{kinds}" if kinds else "")
        )


@dataclass
class Later:
    """Work due after the meeting that gives rise to it (follow-up, a change of a membership): each
    piece is done in the transaction of the first meeting prepared after its time, at that time."""

    due: list[tuple[datetime, int, Callable[[RequestContext], object]]] = field(default_factory=list)
    planned: Iterator[int] = field(default_factory=count)  # work due at the same time is done in order

    def plan(self, when: datetime, work: Callable[[RequestContext], object]) -> None:
        heapq.heappush(self.due, (when, next(self.planned), work))

    def do_until(self, ctx: RequestContext, until: datetime) -> None:
        while self.due and self.due[0][0] <= until:
            ctx.now, _, work = heapq.heappop(self.due)
            work(ctx)


def _follow_up(later: Later, decision_id: uuid.UUID, decided: date, au: Body) -> None:
    """The AU starts on the decision, reports on it, and marks it implemented (FOLLOW_UP)."""
    started, reported, implemented = (_on(decided + delay, 13) for delay in FOLLOW_UP)

    def step(name: str, note: str) -> Callable[[RequestContext], None]:
        return lambda ctx: _transition(ctx, DECISIONS, decision_id, name, note=note, responsible_body_id=au.id)

    later.plan(started, step("start_follow_up", "Arbeidsutvalget følger opp."))
    report = DecisionUpdate(follow_up_note="Arbeidsutvalget har rapportert om framdriften.")
    later.plan(reported, lambda ctx: update_decision(ctx, decision_id, report, "*"))
    later.plan(implemented, step("implement", "Vedtaket er iverksatt."))


def _spec(n: int, kind: str) -> DemoCase:
    docs: tuple[tuple[str, str, str], ...] = (
        ("case_presentation", f"Saksfremlegg {n}", "## Bakgrunn\n\nArkivsak om legemiddelsikkerhet."),
    )
    if kind == "decision":
        docs += (("knowledge_base", f"Kunnskapsgrunnlag {n}", "Sammenstilling av kunnskap."),)
    return DemoCase(f"Arkivsak {n}", "Sammendrag av saken.", kind=kind, documents=docs)


def _saved(ctx: RequestContext, doc: Document, save: int) -> None:
    """One save of a draft: a PATCH of its body."""
    update_document(ctx, doc.id, DocumentUpdate(body=f"{doc.body.split(chr(10))[0]}\n\nUtkast {save}."), "*")


def _prepared(ctx: RequestContext, au: Body, day: date, specs: list[DemoCase]) -> list[Case]:
    """The AU prepares the cases of a meeting on `day`: registered six weeks ahead, then a save of each
    document a day and the cases edited every fourth day, prepared two weeks and a day ahead."""
    start = day - PREPARATION
    ctx.now = _on(start, 9)
    drafts = [_case_in_preparation(ctx, au, spec) for spec in specs]
    edits: list[Callable[[int], CaseUpdate]] = [
        lambda n: CaseUpdate(summary=f"Sammendrag av saken, revidert {n}."),
        lambda n: CaseUpdate(strategic_rationale=f"Saken berører alle virksomhetene (vurdering {n})."),
        lambda _n: CaseUpdate(stakeholders_involved=[organization_id(ctx.session, HDIR)]),
    ]
    for save in range(1, DOCUMENT_SAVES + 1):
        ctx.now = _on(start + timedelta(days=save), 10)
        for _case, docs in drafts:
            for doc in docs:
                _saved(ctx, doc, save)
        if save % 4 == 2 and save // 4 < CASE_EDITS:
            ctx.now += timedelta(hours=4)
            for case, _docs in drafts:
                update_case(ctx, case.id, edits[save // 4 % len(edits)](save // 4), "*")
    ctx.now = _on(day - timedelta(days=15), 15)
    for case, _docs in drafts:
        _transition(ctx, CASES, case.id, "prepare")
    return [case for case, _docs in drafts]


def _held(ctx: RequestContext, body: Body, au: Body, day: date, specs: list[DemoCase], later: Later) -> int:
    """Prepare the cases; plan the meeting (moved an hour, the agenda re-ordered) and convene it two
    weeks ahead; hold it (decide or note each case); draft, revise and approve the minutes two weeks
    later; returns the number of cases."""
    cases = _prepared(ctx, au, day, specs)
    ctx.now = _on(day - timedelta(days=14), 9)
    meeting, items = _planned_meeting(ctx, body, day, cases)
    if len(items) > 1:  # the last item first, then the new second one last
        move_item(ctx, meeting.id, items[-1].id, AgendaItemUpdate(position=1), "*")
        move_item(ctx, meeting.id, items[0].id, AgendaItemUpdate(position=len(items)), "*")
    moved = meeting.starts_at + timedelta(hours=1)
    update_meeting(ctx, meeting.id, MeetingUpdate(starts_at=moved, ends_at=moved + timedelta(hours=3)), "*")
    ctx.now = _on(day - timedelta(days=14), 12)
    _transition(ctx, MEETINGS, meeting.id, "convene")
    ctx.now = _on(day - timedelta(days=2), 14)
    update_meeting(ctx, meeting.id, MeetingUpdate(internal_notes="Sekretariatet sender ut lysark dagen før."), "*")
    ctx.now = _on(day, 11)
    _transition(ctx, MEETINGS, meeting.id, "start")
    for case in cases:
        if case.kind == "decision":
            decision, _ = record_decision(
                ctx,
                meeting.id,
                DecisionCreate(case_id=case.id, kind="recommendation", text=f"{body.name} slutter seg til forslaget."),
            )
            _follow_up(later, decision.id, day, au)
        else:
            _transition(ctx, CASES, case.id, "note")
    ctx.now = _on(day, 14)
    _transition(ctx, MEETINGS, meeting.id, "close")
    minutes = draft_minutes(ctx, meeting.id)
    for revision in range(1, MINUTES_REVISIONS + 1):
        ctx.now = _on(day + timedelta(days=3 * revision), 10)
        _saved(ctx, minutes, revision)
    ctx.now = _on(day + timedelta(days=14), 12)
    _transition(ctx, MEETINGS, meeting.id, "approve_minutes")
    if body.kind == "top_leaders_forum" and meeting.number % CORRECTED_EVERY == 0:
        ctx.now += timedelta(hours=2)
        correct_document(
            ctx,
            minutes.id,
            DocumentCorrection(body=minutes.body + "\n\nRettet: deltakerlisten.", reason="Deltakerlisten var feil."),
            "*",
        )
    return len(cases)


def _appointments(ctx: RequestContext, au: Body, starts: date, n: int, later: Later) -> None:
    """A new AU member with a deputy for two years from `starts`; the member's share of a position
    is changed half a year on."""
    hdir = organization_id(ctx.session, HDIR)
    member, deputy = (
        register_person(ctx, PersonCreate(name=f"{role} {n}", title="Seniorrådgiver", organization_id=hdir))
        for role in ("Medlem", "Vara")
    )
    term = {"start_date": starts, "end_date": add_months(starts, 24) - timedelta(days=1)}
    seat, _ = add_membership(
        ctx,
        au.id,
        MembershipCreate(person_id=member.id, role="member", allocation_percent=20, competence="Legemidler", **term),
    )
    add_membership(
        ctx, au.id, MembershipCreate(person_id=deputy.id, role="deputy", deputy_for_membership_id=seat.id, **term)
    )
    change = MembershipUpdate(allocation_percent=15)
    later.plan(_on(add_months(starts, 6), 10), lambda ctx: update_membership(ctx, seat.id, change, "*"))


def _backlog(ctx: RequestContext, au: Body, numbers: range) -> None:
    for n in numbers:
        case = register_case(ctx, CaseCreate(owner_body_id=au.id, title=f"Arkivsak {n}", kind="discussion"))
        doc = _document(ctx, au, "case_presentation", f"Saksfremlegg {n}", "Utkast.")
        attach_document(ctx, case.id, doc.id)


def _audit_by_kind(db: Database) -> dict[str, int]:
    with db.sessionmaker() as session:
        rows = session.execute(
            select(AuditEvent.entity_type, AuditEvent.action, func.count()).group_by(
                AuditEvent.entity_type, AuditEvent.action
            )
        )
        return {f"{entity_type}.{action}": n for entity_type, action, n in rows}


def seed_archive(db: Database, years: int, extra_cases: int = 0) -> ArchiveSummary:
    """`years` of meetings ending a month ago (and `extra_cases` backlog cases)."""
    started = clock.perf_counter()
    with db.write_sessionmaker.begin() as session:
        seed(session)
    before = _audit_by_kind(db)
    with db.sessionmaker() as session:
        cases_before = session.scalars(select(func.count()).select_from(Case)).one()
    engine = rule_engine()
    end = oslo_date(utcnow()) - timedelta(days=30)
    first = end - timedelta(days=365 * years)
    forum_days = [
        first + timedelta(days=round(i * 365 / FORUM_MEETINGS_A_YEAR)) for i in range(years * FORUM_MEETINGS_A_YEAR)
    ]
    au_days = [
        first + timedelta(days=round(i * 365 / AU_MEETINGS_A_YEAR) + 2) for i in range(years * AU_MEETINGS_A_YEAR)
    ]
    meetings = sorted([(d, "top_leaders_forum") for d in forum_days] + [(d, "working_committee") for d in au_days])
    later = Later()
    n = 0
    for i, (day, kind) in enumerate(meetings):
        with db.write_sessionmaker.begin() as session:
            ctx = RequestContext.of(session, SEED_PRINCIPAL, engine, utcnow())
            body, au = standing_body(session, kind), standing_body(session, "working_committee")
            later.do_until(ctx, _on(day - PREPARATION, 8))
            if i % MEETINGS_A_YEAR == 0:
                ctx.now = _on(day - PREPARATION, 8)
                _appointments(ctx, au, day, i // MEETINGS_A_YEAR + 1, later)
            count = FORUM_CASES if kind == "top_leaders_forum" else 1
            case_kind = "decision" if kind == "top_leaders_forum" else "information"
            n += _held(ctx, body, au, day, [_spec(n + j, case_kind) for j in range(count)], later)
    with db.write_sessionmaker.begin() as session:  # what was due by the archive's end
        later.do_until(RequestContext.of(session, SEED_PRINCIPAL, engine, utcnow()), _on(end, 23))
    for chunk in range(0, extra_cases, EXTRA_CASES_PER_TRANSACTION):
        with db.write_sessionmaker.begin() as session:
            ctx = RequestContext.of(session, SEED_PRINCIPAL, engine, utcnow())
            ctx.now = _on(first + timedelta(days=chunk * 365 * years // max(extra_cases, 1)), 9)
            _backlog(
                ctx,
                standing_body(session, "working_committee"),
                range(n + chunk, n + min(chunk + EXTRA_CASES_PER_TRANSACTION, extra_cases)),
            )
    if db.is_postgresql:
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("ANALYZE"))  # the planner sees the new volume now rather than when autovacuum runs
    added = {k: v - before.get(k, 0) for k, v in _audit_by_kind(db).items() if v > before.get(k, 0)}
    by_kind = dict(sorted(added.items(), key=lambda kv: (-kv[1], kv[0])))
    with db.sessionmaker() as session:
        cases = session.scalars(select(func.count()).select_from(Case)).one() - cases_before
    return ArchiveSummary(years, len(meetings), cases, sum(by_kind.values()), clock.perf_counter() - started, by_kind)
