"""Archive step: years of made-up work through the real services, to measure the service at scale.

Each year has 20 forum meetings of five decision cases each, decided, and 60 AU meetings noting one
information case each; every case has a presentation (decision cases also a knowledge base), every
meeting approved minutes, and the first presentation of a meeting is revised once before the meeting is convened. Everything goes
through the same services, rules, publication and audit as the API, as the secretariat named "seed",
with the request clock (`ctx.now`) moved to the dates of the work. `extra_cases` adds a backlog of
registered cases with a presentation each (the stress variant), spread over the same years.
One transaction per meeting; the loader reports its writes (audit events) per second.
"""

from __future__ import annotations

import time as clock
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select, text

from app.audit.models import AuditEvent
from app.bodies.models import Body
from app.cases.models import Case
from app.cases.schemas import CaseCreate
from app.cases.service import CASES, register_case
from app.context import RequestContext
from app.db import Database, utcnow
from app.decisions.schemas import DecisionCreate
from app.decisions.service import record_decision
from app.documents.models import CaseDocument
from app.documents.schemas import DocumentUpdate
from app.documents.service import attach_document, update_document
from app.meetings.schemas import MeetingUpdate
from app.meetings.service import MEETINGS, update_meeting
from app.norwegian import oslo_date
from app.seed.demo_record import (
    SEED_PRINCIPAL,
    DemoCase,
    _document,
    _meeting,
    _on,
    _prepared_case,
    _transition,
    rule_engine,
)
from app.seed.service import seed, standing_body

FORUM_MEETINGS_A_YEAR = 20
AU_MEETINGS_A_YEAR = 60
FORUM_CASES = 5
EXTRA_CASES_PER_TRANSACTION = 200


@dataclass
class ArchiveSummary:
    years: int
    meetings: int
    cases: int
    writes: int
    seconds: float

    def __str__(self) -> str:
        return (
            f"archive of {self.years} years: {self.meetings} meetings, {self.cases} cases, "
            f"{self.writes} writes (audit events) in {self.seconds:.0f} s: "
            f"{self.writes / max(self.seconds, 1e-9):.0f} writes/s"
        )


def _spec(n: int, kind: str) -> DemoCase:
    docs: tuple[tuple[str, str, str], ...] = (
        ("case_presentation", f"Saksfremlegg {n}", "## Bakgrunn\n\nArkivsak om legemiddelsikkerhet."),
    )
    if kind == "decision":
        docs += (("knowledge_base", f"Kunnskapsgrunnlag {n}", "Sammenstilling av kunnskap."),)
    return DemoCase(f"Arkivsak {n}", "Sammendrag av saken.", kind=kind, documents=docs)


def _held(ctx: RequestContext, body: Body, au: Body, day: date, specs: list[DemoCase]) -> int:
    """Prepare the cases (revising the first presentation), convene, hold (decide or note each case),
    minutes approved two weeks later; returns the number of cases."""
    ctx.now = _on(day - timedelta(days=21), 9)
    cases = [_prepared_case(ctx, au, spec) for spec in specs]
    presentation = ctx.session.scalars(
        select(CaseDocument.document_id).where(CaseDocument.case_id == cases[0].id, CaseDocument.position == 1)
    ).one()
    update_document(ctx, presentation, DocumentUpdate(body="## Bakgrunn\n\nRevidert før innkallingen."), "*")
    ctx.now = _on(day - timedelta(days=14), 12)
    meeting = _meeting(ctx, body, day, cases)
    ctx.now = _on(day, 10)
    _transition(ctx, MEETINGS, meeting.id, "start")
    for case in cases:
        if case.kind == "decision":
            record_decision(
                ctx,
                meeting.id,
                DecisionCreate(case_id=case.id, kind="recommendation", text=f"{body.name} slutter seg til forslaget."),
            )
        else:
            _transition(ctx, CASES, case.id, "note")
    ctx.now = _on(day, 13)
    _transition(ctx, MEETINGS, meeting.id, "close")
    minutes = _document(ctx, body, "minutes", f"Referat {body.name} {day:%d.%m.%Y}", "## Saker\n\nSe vedtakene.")
    update_meeting(ctx, meeting.id, MeetingUpdate(minutes_document_id=minutes.id), "*")
    ctx.now = _on(day + timedelta(days=14), 12)
    _transition(ctx, MEETINGS, meeting.id, "approve_minutes")
    return len(cases)


def _backlog(ctx: RequestContext, au: Body, numbers: range) -> None:
    for n in numbers:
        case = register_case(ctx, CaseCreate(owner_body_id=au.id, title=f"Arkivsak {n}", kind="discussion"))
        doc = _document(ctx, au, "case_presentation", f"Saksfremlegg {n}", "Utkast.")
        attach_document(ctx, case.id, doc.id)


def seed_archive(db: Database, years: int, extra_cases: int = 0) -> ArchiveSummary:
    """`years` of meetings ending a month ago (and `extra_cases` backlog cases)."""
    started = clock.perf_counter()
    with db.write_sessionmaker.begin() as session:
        seed(session)
        writes_before = session.scalars(select(func.count()).select_from(AuditEvent)).one()
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
    n = 0
    for day, kind in meetings:
        with db.write_sessionmaker.begin() as session:
            ctx = RequestContext.of(session, SEED_PRINCIPAL, engine, utcnow())
            body, au = standing_body(session, kind), standing_body(session, "working_committee")
            count = FORUM_CASES if kind == "top_leaders_forum" else 1
            case_kind = "decision" if kind == "top_leaders_forum" else "information"
            n += _held(ctx, body, au, day, [_spec(n + i, case_kind) for i in range(count)])
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
    with db.sessionmaker() as session:
        writes = session.scalars(select(func.count()).select_from(AuditEvent)).one() - writes_before
        cases = session.scalars(select(func.count()).select_from(Case)).one() - cases_before
    return ArchiveSummary(years, len(meetings), cases, writes, clock.perf_counter() - started)
