"""Annual plans (årsplan): the forum adopts one per year; the AU or the secretariat records it."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from app.annual_plans import guards  # noqa: F401  (registers the rule's guard)
from app.annual_plans.models import AnnualPlan
from app.annual_plans.schemas import AnnualPlanCreate, AnnualPlanOut
from app.audit.service import snapshot
from app.bodies.models import Body
from app.bodies.schemas import FORUM
from app.context import RequestContext
from app.decisions.models import Decision
from app.documents.service import take_document
from app.errors import InvalidInput
from app.events import emit
from app.pagination import PageParams, paginate
from app.resources import get_or_404, insert_unique

RULE = "annual_plan.adopted_by_forum"


def adopt_annual_plan(ctx: RequestContext, data: AnnualPlanCreate) -> tuple[AnnualPlan, list[dict]]:
    # The plan is the forum's record, so it takes a document of the forum's (written by the AU).
    forum = ctx.session.scalar(select(Body).where(Body.kind == FORUM).limit(1))
    ctx.authorize(forum)
    if forum is None:
        raise InvalidInput("adopted_by_decision_id", "there is no forum to adopt an annual plan")
    take_document(ctx, data.document_id, forum, "document_id")
    decision = ctx.session.get(Decision, data.adopted_by_decision_id)
    warnings = ctx.enforce([RULE], decision=decision, year=data.year)
    if decision is None:  # reported by the rule above, unless it is switched off
        raise InvalidInput("adopted_by_decision_id", "no decision with this id")
    plan = AnnualPlan(**data.model_dump(), adopted_at=decision.decided_at)
    insert_unique(ctx, plan, RULE, f"an annual plan for {data.year} or by this decision already exists")
    ctx.audit("create", "annual_plan", plan.id, None, snapshot(AnnualPlanOut, plan))
    emit(ctx, "annual_plan.adopted", plan=plan)
    return plan, warnings


def list_annual_plans(ctx: RequestContext, page: PageParams) -> tuple[list[AnnualPlan], str | None]:
    return paginate(ctx.session, select(AnnualPlan), AnnualPlan.year, AnnualPlan.id, page, descending=True)


def get_annual_plan(ctx: RequestContext, plan_id: uuid.UUID) -> AnnualPlan:
    return get_or_404(ctx.session, AnnualPlan, plan_id, "annual plan")
