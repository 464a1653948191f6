"""Cases (saker): registration with a number per body and year, preparation, and how they leave a meeting."""

from __future__ import annotations

import re
import uuid
from typing import Any

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value

from app.audit.service import snapshot
from app.bodies.models import Body
from app.cases import guards  # noqa: F401  (registers the case rules)
from app.cases.models import Case, CaseStakeholder
from app.cases.schemas import CASE_ACTIONS, CaseCreate, CaseRecord, CaseUpdate, CaseWritten
from app.context import RequestContext
from app.errors import Conflict, InvalidInput
from app.events import emit
from app.governance.registry import EntityRef, behaviour
from app.governance.transitions import StatefulResource, TransitionRequest
from app.http import check_if_match
from app.meetings import agenda
from app.norwegian import OSLO
from app.organizations.models import Organization
from app.pagination import PageParams, SortKey, paginate, where_contains, where_equal
from app.resources import (
    View,
    apply_changes,
    audited_update,
    changed_fields,
    create_audited,
    get_visible,
    require_existing,
)
from app.sequences.service import next_number
from app.subcommittees.models import Delivery


def _check_references(ctx: RequestContext, fields: dict[str, Any]) -> None:
    require_existing(ctx, Organization, {"stakeholders_involved": fields.get("stakeholders_involved")}, "organization")
    require_existing(ctx, Delivery, {"subcommittee_delivery_id": fields.get("subcommittee_delivery_id")}, "delivery")


def _set_stakeholders(ctx: RequestContext, case: Case, org_ids: list[uuid.UUID]) -> None:
    case.stakeholders = [CaseStakeholder(organization_id=o) for o in dict.fromkeys(org_ids)]
    # Their names, for the case's answer, in one query.
    organizations = {o.id: o for o in ctx.session.scalars(select(Organization).where(Organization.id.in_(org_ids)))}
    for stakeholder in case.stakeholders:
        set_committed_value(stakeholder, "organization", organizations[stakeholder.organization_id])


# A case is shown with its stakeholders' names, joined into the statement that reads it.
WITH_STAKEHOLDERS = joinedload(Case.stakeholders).joinedload(CaseStakeholder.organization)


CLOSED_STATES = ("decided", "noted", "withdrawn")
ON_PUBLIC_AGENDA = ("title", "summary", "kind")  # what a published agenda shows of a case (and search finds)
VIEW = View(CASE_ACTIONS, "case")
# A prepared case stays prepared only while what the preparation rules checked still holds.
PREPARED_STATES = ("prepared", "scheduled")


# Each order of a list of cases: its key (each with an index ending in id) and whether it descends.
SORTS: dict[str, tuple[SortKey, bool]] = {
    "created_at": (Case.created_at, False),
    "-created_at": (Case.created_at, True),
    "number": ((Case.year, Case.sequence), False),
    "-number": ((Case.year, Case.sequence), True),
}
NUMBER = re.compile(r"^\s*(\d{1,9})\s*/\s*(\d{4})\s*$")


def _matching(stmt: Select, q: str | None) -> Select:
    """Cases whose title contains `q`, or whose number it is (`3/2024`)."""
    number = NUMBER.match(q or "")
    if number is None:
        return where_contains(stmt, q, Case.title)
    sequence, year = (int(n) for n in number.groups())
    return stmt.where(or_(Case.title.icontains(q, autoescape=True), (Case.year == year) & (Case.sequence == sequence)))


def list_cases(
    ctx: RequestContext,
    page: PageParams,
    status: list[str] | None,
    kind: str | None,
    owner_body_id: uuid.UUID | None,
    q: str | None = None,
    sort: str = "created_at",
) -> tuple[list[Case], str | None]:
    # The page and its stakeholders in one statement (the page is limited in a subquery): the selectin
    # loader's second query, with one bound id per case, cost a quarter of a page's time.
    stmt = where_equal(
        select(Case).options(WITH_STAKEHOLDERS, joinedload(Case.owner_body)),
        {Case.status: status, Case.kind: kind, Case.owner_body_id: owner_body_id},
    )
    key, descending = SORTS[sort]
    stmt = ctx.scope(_matching(stmt, q), Case.owner_body_id)
    cases, cursor = paginate(
        ctx.session, stmt, key, Case.id, page, descending, sort=None if sort == "created_at" else sort
    )
    return [VIEW.present(ctx, c, c.owner_body) for c in cases], cursor


def load_case(ctx: RequestContext, case_id: uuid.UUID, *, lock: bool = False) -> tuple[Case, Body]:
    """The case and its owning body, 404 unless the caller may read the body's work."""
    return get_visible(
        ctx, Case, case_id, "case", Case.owner_body_id, "work.read", load=(WITH_STAKEHOLDERS,), lock=lock
    )


def get_case(ctx: RequestContext, case_id: uuid.UUID) -> Case:
    return VIEW.present(ctx, *load_case(ctx, case_id))


def recheck_preparation(ctx: RequestContext, case: Case) -> list[dict[str, Any]]:
    """Re-run the preparation rules on a prepared case that changed: a change that breaks one is refused."""
    if case.status not in PREPARED_STATES:
        return []
    ctx.session.flush()
    return ctx.enforce(ctx.engine.workflow("case").transitions["prepare"].guards, case)


def register_case(ctx: RequestContext, data: CaseCreate) -> Case:
    fields = data.model_dump()
    # Shared lock: a dissolution (which updates the body) waits for this case, or this sees it.
    owner = ctx.session.get(Body, data.owner_body_id, with_for_update={"read": True})
    if owner is None:
        raise InvalidInput("owner_body_id", f"no body {data.owner_body_id}")
    _check_references(ctx, fields)
    stakeholders = fields.pop("stakeholders_involved")
    case = Case(**fields, status="registered", carry_over=False)
    ctx.authorize(owner)
    ctx.enforce(["body.dissolved_takes_no_new_work", "subcommittee.delivers_to_working_committee"], case, body=owner)
    # The number is drawn on registration, per owning body and Norwegian calendar year, and never reused.
    case.year = ctx.now.astimezone(OSLO).year
    case.sequence = next_number(ctx.session, f"case:{case.owner_body_id}:{case.year}")
    _set_stakeholders(ctx, case, stakeholders)
    create_audited(ctx, case, CaseRecord, "case")
    emit(ctx, "case.registered", case=case)
    return VIEW.present(ctx, case, owner)


def update_case(
    ctx: RequestContext, case_id: uuid.UUID, data: CaseUpdate, if_match: str | None
) -> tuple[Case, list[dict[str, Any]]]:
    case, body = load_case(ctx, case_id, lock=True)
    check_if_match(if_match, case)
    ctx.authorize(body)
    changes = data.model_dump(exclude_unset=True)
    if case.status == "withdrawn":
        raise Conflict(f"case {case.number} is withdrawn and can no longer change")
    changed = changed_fields(case, changes)
    if case.status not in CLOSED_STATES:  # open: only what a published agenda shows of it is frozen
        changed = [f for f in changed if f in ON_PUBLIC_AGENDA]
        # Asked only when such a field changes: most edits of an open case touch none.
        if changed and not agenda.on_published_agenda(ctx.session, case.id):
            changed = []
    ctx.enforce(["publication.record_immutable"], case, published=bool(changed), entity_type="case", changed=changed)
    _check_references(ctx, changes)
    if "subcommittee_delivery_id" in changes:
        ctx.enforce(
            ["subcommittee.delivers_to_working_committee"],
            case,
            subcommittee_delivery_id=changes["subcommittee_delivery_id"],
        )
    with audited_update(ctx, case, CaseRecord, "case"):
        stakeholders = changes.pop("stakeholders_involved", None)
        if stakeholders is not None and set(stakeholders) != set(case.stakeholders_involved):
            _set_stakeholders(ctx, case, stakeholders)
            case.updated_at = ctx.now  # the case row changes (and its version bumps) for stakeholders too
        apply_changes(case, changes)
        warnings = recheck_preparation(ctx, case)
    return VIEW.present(ctx, case, body), warnings


# -- lifecycle --------------------------------------------------------------------------------


def _facts(ctx: RequestContext, case: Case, _req: TransitionRequest) -> dict[str, Any]:
    """Where the case stands on an agenda now (the meeting it is returned or noted at)."""
    found = agenda.open_item_of(ctx.session, case.id)
    return {"meeting": found[1]} if found else {}


def _conclude(ctx: RequestContext, case: Case, outcome: str) -> None:
    """Record on the agenda what the meeting did with the case, for the minutes; a carried-over
    case has reached its meeting."""
    found = agenda.open_item_of(ctx.session, case.id)
    if found is not None:
        found[0].outcome = outcome
    case.carry_over = False


def _prepared(ctx: RequestContext, case: Case, _req: TransitionRequest) -> None:
    if case.carry_over:
        agenda.carry_over(ctx, case)
    emit(ctx, "case.prepared", case=case)


@behaviour("forum.unprepared_case.returned")
def return_to_working_committee(ctx: RequestContext, case: Case, req: TransitionRequest) -> None:
    """The forum sends an unprepared case back to the AU; prepared again, it goes onto the next meeting."""
    _conclude(ctx, case, "returned")
    case.return_reason = req.reason
    case.return_reason_public = req.reason_public
    case.carry_over = ctx.engine.enabled("forum.unprepared_case.returned")
    emit(ctx, "case.returned", case=case)
    if case.carry_over:
        ctx.notify(
            "forum.unprepared_case.returned",
            f"case {case.number} goes back to the AU and onto the next forum meeting once prepared again",
            EntityRef("case", case.id, case.number),
        )


def _noted(ctx: RequestContext, case: Case, _req: TransitionRequest) -> None:
    _conclude(ctx, case, "noted")
    case.closed_at = ctx.now
    emit(ctx, "case.concluded", case=case, outcome="noted")


def _withdrawn(ctx: RequestContext, case: Case, _req: TransitionRequest) -> None:
    found = agenda.open_item_of(ctx.session, case.id)
    if found is not None and found[1].status in agenda.EDITABLE_MEETING_STATES:
        agenda.unschedule(ctx, found[0])
    elif found is not None:
        found[0].outcome = "withdrawn"
    case.carry_over = False
    case.closed_at = ctx.now


def mark_decided(ctx: RequestContext, case: Case) -> None:
    """Recording a decision decides the case (no transition of its own: it comes with the decision)."""
    before = snapshot(CaseRecord, case)
    _conclude(ctx, case, "decided")
    case.status = "decided"
    case.closed_at = ctx.now
    ctx.session.flush()
    ctx.audit("decide", "case", case.id, before, snapshot(CaseRecord, case))
    emit(ctx, "case.concluded", case=case, outcome="decided")


CASES = StatefulResource(
    entity_type="case",
    path="/api/v1/cases",
    tag="cases",
    schema=CaseRecord,
    view=VIEW,
    load_visible=load_case,
    permission="work.write",
    read_permission="work.read",
    facts=_facts,
    effects={
        "prepare": _prepared,
        "return": return_to_working_committee,
        "note": _noted,
        "withdraw": _withdrawn,
    },
    response_model=CaseWritten,
)
