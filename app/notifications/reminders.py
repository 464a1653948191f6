"""Reminders, found by the worker's periodic scan and written to the outbox once per occasion.

What is due is what the rules engine finds (the same guards as /api/v1/compliance, with their
parameters from rules/): a subcommittee's deadline within `days_before` days and a deadline passed
undelivered (to the subcommittee's chair and the AU leader), a decision's follow-up overdue (to the
responsible body), minutes not approved `days_after` days after the meeting (to the AU), and the
project board's next meeting outside `min_weeks`–`max_weeks` of its last (to the AU leader).

Once per occasion, however many workers scan and however often they restart: the occasion's key is
inserted into `reminder_occasions` (unique) in the transaction that writes its messages, and a key
already there writes nothing. A changed deadline, due date or meeting time is a new occasion.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.bodies.models import Body
from app.bodies.schemas import PROJECT_BOARD, WORKING_COMMITTEE
from app.cases.models import Case
from app.config import Settings
from app.decisions.models import Decision
from app.governance.engine import RuleEngine
from app.governance.registry import GuardContext
from app.meetings.models import Meeting
from app.memberships.models import Membership
from app.memberships.schemas import CHAIR, SEAT_ROLES
from app.norwegian import nb_date, oslo_date, oslo_time
from app.notifications.compose import Envelope, reminder
from app.notifications.models import ReminderOccasion
from app.notifications.queue import Addressee, claim_occasion, queue
from app.persons.models import Person

BOARD_INTERVAL = "project_board.meeting_interval"


@dataclass
class Occasion:
    key: str
    rule_id: str
    kind: str
    subject: str
    lines: list[str]
    # Who is told: the seats (chair, or chair and members) of these bodies, None meaning the AU.
    bodies: list[tuple[uuid.UUID | None, tuple[str, ...]]]


def rule_engine(settings: Settings) -> RuleEngine:
    from app.main import discover_routers  # imports every guard, as the server does

    discover_routers()
    return RuleEngine.from_dir(settings.rules_dir)


def scan(session: Session, engine: RuleEngine, now: datetime, base_url: str) -> int:
    """Write the reminders of every new occasion; how many occasions were new."""
    occasions = list(_occasions(session, engine, now, base_url))
    known = set(
        session.scalars(select(ReminderOccasion.key).where(ReminderOccasion.key.in_([o.key for o in occasions])))
    )
    new = 0
    for occasion in occasions:
        if occasion.key in known or not claim_occasion(session, occasion.key, now):
            continue
        new += 1
        message = engine.rules[occasion.rule_id].message.nb.format(**engine.rules[occasion.rule_id].parameters)
        lines = [*occasion.lines, "", f"Regelen: {message}", engine.rules[occasion.rule_id].citation]

        def render(
            envelope: Envelope, _to: Addressee, occasion: Occasion = occasion, lines: list[str] = lines
        ) -> EmailMessage:
            return reminder(envelope, occasion.kind, occasion.subject, lines)

        queue(session, now, occasion.kind, occasion.subject, _addressees(session, occasion, now), render)
    return new


def _addressees(session: Session, occasion: Occasion, now: datetime) -> list[Addressee]:
    """One per person, however many of the seats told the person holds."""
    today = oslo_date(now)
    au = session.scalar(
        select(Body.id).where(Body.kind == WORKING_COMMITTEE, Body.status == "active").order_by(Body.id).limit(1)
    )
    found: dict[uuid.UUID, Addressee] = {}
    for body_id, roles in occasion.bodies:
        body = body_id or au
        if body is None:
            continue
        rows = session.execute(
            select(Membership, Person)
            .join(Person, Person.id == Membership.person_id)
            .where(Membership.body_id == body, Membership.role.in_(roles), Membership.active_on(today))
            .order_by(Person.name, Person.id)
        )
        for seat, person in rows:
            found.setdefault(person.id, Addressee(person, seat.id))
    return list(found.values())


def _entity_ids(engine: RuleEngine, rule_id: str, ctx: GuardContext, entity_type: str) -> list[uuid.UUID]:
    """What the rule finds, when it is on: the ids of the entities of its findings."""
    if not engine.enabled(rule_id):
        return []
    (outcome,) = engine.evaluate([rule_id], ctx)
    return [uuid.UUID(str(e.id)) for f in outcome.findings for e in f.entities if e.type == entity_type]


def _occasions(session: Session, engine: RuleEngine, now: datetime, base_url: str) -> Iterator[Occasion]:
    ctx = GuardContext(session=session, now=now)
    today = oslo_date(now)
    leaders: list[tuple[uuid.UUID | None, tuple[str, ...]]] = [(None, (CHAIR,))]

    def ids(rule_id: str, entity_type: str) -> list[uuid.UUID]:
        return _entity_ids(engine, rule_id, ctx, entity_type)

    soon, passed = ids("subcommittee.deadline_approaching", "body"), ids("subcommittee.deadline", "body")
    bodies = {b.id: b for b in session.scalars(select(Body).where(Body.id.in_(soon + passed)))}
    for rule_id, kind, body_ids in (
        ("subcommittee.deadline_approaching", "deadline_approaching", soon),
        ("subcommittee.deadline", "deadline_passed", passed),
    ):
        for body in (bodies[i] for i in body_ids):
            assert body.deadline is not None
            when = nb_date(body.deadline)
            if kind == "deadline_approaching":
                days = (body.deadline - today).days
                subject = f"Påminnelse: {body.name} skal levere innen {when}"
                first = f"{body.name} skal levere sitt arbeid til Arbeidsutvalget innen {when}, om {days} dager, og har ikke levert."
            else:
                subject = f"Fristen er passert: {body.name} skulle levert innen {when}"
                first = f"Fristen for {body.name} til å levere sitt arbeid til Arbeidsutvalget var {when}, og underutvalget har ikke levert."
            yield Occasion(
                f"{rule_id}:{body.id}:{body.deadline}",
                rule_id,
                kind,
                subject,
                [first, "", f"Underutvalget i arbeidsflaten: {base_url}/arbeid/underutvalg/{body.id}"],
                [(body.id, (CHAIR,)), *leaders],
            )

    overdue = ids("decision.follow_up.overdue", "decision")
    for decision, case in session.execute(
        select(Decision, Case).join(Case, Case.id == Decision.case_id).where(Decision.id.in_(overdue))
    ):
        assert decision.follow_up_due is not None
        yield Occasion(
            f"decision.follow_up.overdue:{decision.id}:{decision.follow_up_due}",
            "decision.follow_up.overdue",
            "follow_up_overdue",
            f"Forfalt oppfølging: vedtaket i sak {case.number}",
            [
                f"Oppfølgingen av vedtaket i sak {case.number} ({case.title}) skulle vært gjennomført innen "
                f"{nb_date(decision.follow_up_due)}, og er ikke det.",
                "",
                f"Vedtaket i arbeidsflaten: {base_url}/arbeid/vedtak/{decision.id}",
            ],
            [(decision.responsible_body_id, SEAT_ROLES)],
        )

    late = ids("meeting.minutes.overdue", "meeting")
    for meeting, body_name in session.execute(
        select(Meeting, Body.name).join(Body, Body.id == Meeting.body_id).where(Meeting.id.in_(late))
    ):
        yield Occasion(
            f"meeting.minutes.overdue:{meeting.id}",
            "meeting.minutes.overdue",
            "minutes_missing",
            f"Referatet mangler: {body_name}, møte {meeting.number}",
            [
                f"{body_name} hadde møte {meeting.number} {oslo_time(meeting.starts_at)}, og referatet er ennå ikke godkjent.",
                "",
                f"Møtet i arbeidsflaten: {base_url}/arbeid/moter/{meeting.id}",
            ],
            [(None, SEAT_ROLES)],
        )

    yield from _board_occasions(session, engine, ctx, base_url, leaders)


def _board_occasions(
    session: Session,
    engine: RuleEngine,
    ctx: GuardContext,
    base_url: str,
    leaders: list[tuple[uuid.UUID | None, tuple[str, ...]]],
) -> Iterator[Occasion]:
    """The project board's next meeting not `min_weeks`–`max_weeks` after its last; with none
    planned, once `max_weeks` have passed since the last."""
    if not engine.enabled(BOARD_INTERVAL):
        return
    low = timedelta(weeks=engine.param(BOARD_INTERVAL, "min_weeks"))
    high = timedelta(weeks=engine.param(BOARD_INTERVAL, "max_weeks"))
    for board in session.scalars(select(Body).where(Body.kind == PROJECT_BOARD, Body.status == "active")):
        meetings = select(Meeting).where(Meeting.body_id == board.id, Meeting.status != "cancelled")
        last = session.scalar(meetings.where(Meeting.starts_at <= ctx.now).order_by(Meeting.starts_at.desc()).limit(1))
        if last is None:
            continue
        upcoming = session.scalar(meetings.where(Meeting.starts_at > ctx.now).order_by(Meeting.starts_at).limit(1))
        if upcoming is not None:
            if low <= upcoming.starts_at - last.starts_at <= high:
                continue
            key = f"{BOARD_INTERVAL}:{last.id}:{upcoming.id}:{upcoming.starts_at.isoformat()}"
            weeks = f"{(upcoming.starts_at - last.starts_at).days / 7:.1f}".replace(".", ",")
            first = (
                f"{board.name}s neste møte, møte {upcoming.number} {oslo_time(upcoming.starts_at)}, er {weeks} uker "
                f"etter møte {last.number} {oslo_time(last.starts_at)}; styremøtene holdes med "
                f"{low.days // 7} til {high.days // 7} ukers mellomrom."
            )
            link = f"{base_url}/arbeid/moter/{upcoming.id}"
        elif ctx.now - last.starts_at > high:
            key = f"{BOARD_INTERVAL}:{last.id}:none"
            first = f"{board.name} har ikke planlagt noe møte etter møte {last.number} {oslo_time(last.starts_at)}, og det er gått mer enn {high.days // 7} uker."
            link = f"{base_url}/arbeid/moter/ny"
        else:
            continue
        yield Occasion(
            key,
            BOARD_INTERVAL,
            "board_interval",
            f"Påminnelse: {board.name}s møteintervall",
            [first, "", f"I arbeidsflaten: {link}"],
            leaders,
        )
