"""A forum cycle written straight into the database, with the domain events the services emit.

Exercises the publishing handlers without depending on the other domains' HTTP API (the
end-to-end version walks tests/flows.py). Every non-public field carries SECRET.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

from app.annual_plans.models import AnnualPlan
from app.auth.principal import Principal
from app.bodies.models import Body
from app.cases.models import Case
from app.context import RequestContext
from app.db import Database, utcnow
from app.decisions.models import Decision
from app.documents.models import CaseDocument, Document
from app.events import emit
from app.governance.engine import RuleEngine
from app.meetings.models import AgendaItem, Meeting
from app.persons.models import Person
from app.subcommittees.models import Delivery

SECRET = f"HEMMELIG-{uuid.uuid4()}"


@dataclass
class Scenario:
    database: Database
    engine: RuleEngine
    ids: dict[str, uuid.UUID] = field(default_factory=dict)

    def run(self, fn) -> None:  # noqa: ANN001
        with self.database.write_sessionmaker.begin() as session:
            ctx = RequestContext.of(session, Principal("secretariat", uuid.uuid4(), "scenario"), self.engine, utcnow())
            fn(ctx)

    def add(self, ctx: RequestContext, name: str, entity) -> None:  # noqa: ANN001
        ctx.session.add(entity)
        ctx.session.flush()
        self.ids[name] = entity.id

    def setup(self, starts_at: datetime | None = None) -> Scenario:
        """A forum meeting with three cases on its agenda, a subcommittee and draft material."""
        starts_at = starts_at or datetime(2024, 5, 14, 8, 0, tzinfo=timezone.utc)

        def build(ctx: RequestContext) -> None:
            self.add(ctx, "forum", Body(kind="top_leaders_forum", name="Topplederforumet"))
            self.add(ctx, "au", Body(kind="working_committee", name="Arbeidsutvalget"))
            self.add(ctx, "person", Person(name="Kari Nordmann", email=f"{SECRET}@example.no"))
            docs = {
                "presentation": Document(
                    kind="case_presentation",
                    title="Saksfremlegg om legemiddelsamstemming",
                    body="# Bakgrunn\n\nLegemiddelsamstemming <script>alert(1)</script>",
                ),
                "exempt": Document(
                    kind="knowledge_base",
                    title="Risikovurdering (unntatt)",
                    body=SECRET,
                    public=False,
                    exemption_basis="Offentleglova § 14",
                ),
                "draft": Document(kind="other", title=f"Utkast {SECRET}", body=SECRET),
                "late": Document(kind="report", title=f"Ettersendt {SECRET}", body=SECRET),
                "minutes": Document(kind="minutes", title="Referat fra møte 1", body="Møtet ble avholdt."),
            }
            for name, doc in docs.items():
                doc.owner_body_id = self.ids["forum" if name == "minutes" else "au"]
                self.add(ctx, name, doc)
            self.add(
                ctx,
                "meeting",
                Meeting(
                    body_id=self.ids["forum"],
                    number=1,
                    starts_at=starts_at,
                    ends_at=starts_at + timedelta(hours=3),
                    location="Vitaminveien 4, Oslo",
                    status="planned",
                    internal_notes=SECRET,
                ),
            )
            cases = {
                "decided": Case(kind="decision", title="Legemiddelsamstemming", summary="Nasjonal anbefaling."),
                "returned": Case(kind="decision", title="Indikatorer", return_reason=SECRET),
                "returned_public": Case(
                    kind="discussion",
                    title="Pasientforløp",
                    return_reason="Mangler kunnskapsgrunnlag",
                    return_reason_public=True,
                ),
            }
            for seq, (name, case) in enumerate(cases.items(), start=1):
                case.owner_body_id, case.year, case.sequence, case.status = self.ids["au"], 2024, seq, "scheduled"
                self.add(ctx, name, case)
                ctx.session.add(AgendaItem(meeting_id=self.ids["meeting"], case_id=case.id, position=seq))
            for pos, doc in enumerate(("presentation", "exempt")):
                ctx.session.add(CaseDocument(case_id=self.ids["decided"], document_id=self.ids[doc], position=pos))
            self.add(
                ctx,
                "subcommittee",
                Body(
                    kind="subcommittee",
                    name="Underutvalg for legemidler",
                    mandate="Undersøke legemiddelsamstemming.",
                    status="active",
                    parent_body_id=self.ids["au"],
                    deadline=date(2024, 12, 1),
                ),
            )

        self.run(build)
        return self

    def convene(self) -> Scenario:
        def step(ctx: RequestContext) -> None:
            meeting = ctx.session.get(Meeting, self.ids["meeting"])
            meeting.status = "convened"
            emit(ctx, "meeting.convened", meeting=meeting)
            # Attached after convening: not part of the published agenda.
            ctx.session.add(CaseDocument(case_id=self.ids["decided"], document_id=self.ids["late"], position=9))

        self.run(step)
        return self

    def hold_and_approve(self) -> Scenario:
        def step(ctx: RequestContext) -> None:
            meeting = ctx.session.get(Meeting, self.ids["meeting"])
            for item in ctx.session.query(AgendaItem).filter_by(meeting_id=meeting.id):
                item.outcome = "decided" if item.case_id == self.ids["decided"] else "returned"
            self.add(
                ctx,
                "decision",
                Decision(
                    meeting_id=meeting.id,
                    case_id=self.ids["decided"],
                    kind="establish_subcommittee",
                    text="Forumet anbefaler nasjonal legemiddelsamstemming.",
                    decided_at=ctx.now,
                ),
            )
            ctx.session.get(Body, self.ids["subcommittee"]).established_by_decision_id = self.ids["decision"]
            meeting.status, meeting.minutes_document_id = "minutes_approved", self.ids["minutes"]
            emit(ctx, "meeting.minutes_approved", meeting=meeting)

        self.run(step)
        return self

    def deliver_and_plan(self) -> Scenario:
        def step(ctx: RequestContext) -> None:
            self.add(
                ctx,
                "delivery_doc",
                Document(
                    kind="report",
                    title="Rapport om legemidler",
                    body="Funn.",
                    owner_body_id=self.ids["subcommittee"],
                ),
            )
            delivery = Delivery(
                subcommittee_id=self.ids["subcommittee"],
                title="Sluttrapport",
                document_id=self.ids["delivery_doc"],
                delivered_at=ctx.now,
            )
            self.add(ctx, "delivery", delivery)
            emit(ctx, "delivery.received", delivery=delivery)
            self.add(
                ctx,
                "plan_doc",
                Document(
                    kind="annual_plan",
                    title="Årsplan 2025",
                    body="Plan.",
                    owner_body_id=self.ids["forum"],
                ),
            )
            plan = AnnualPlan(
                year=2025,
                title="Årsplan 2025",
                document_id=self.ids["plan_doc"],
                adopted_by_decision_id=self.ids["decision"],
                adopted_at=ctx.now,
            )
            self.add(ctx, "plan", plan)
            emit(ctx, "annual_plan.adopted", plan=plan)

        self.run(step)
        return self
