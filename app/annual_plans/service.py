"""Annual plans (årsplan): the forum adopts one per year; the AU or the secretariat records it."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from app.annual_plans import guards  # noqa: F401  (registers the rule's guard)
from app.annual_plans.models import AnnualPlan
from app.annual_plans.schemas import AnnualPlanCreate, AnnualPlanOut
from app.audit.service import snapshot
from app.auth.permissions import acts_for_working_committee
from app.context import RequestContext
from app.decisions.models import Decision
from app.documents.models import Document
from app.errors import Forbidden
from app.events import emit
from app.pagination import PageParams, paginate
from app.resources import get_or_404, insert_unique, require_existing

RULE = "annual_plan.adopted_by_forum"


def adopt_annual_plan(ctx: RequestContext, data: AnnualPlanCreate) -> tuple[AnnualPlan, list[dict]]:
    if not acts_for_working_committee(ctx.session, ctx.principal, ctx.now):
        raise Forbidden("Annual plans are recorded by the secretariat or an active member of the AU.")
    require_existing(ctx, Document, {"document_id": data.document_id}, "document")
    decision = ctx.session.get(Decision, data.adopted_by_decision_id)
    warnings = ctx.enforce([RULE], decision=decision, year=data.year)
    plan = AnnualPlan(**data.model_dump(), adopted_at=decision.decided_at)
    insert_unique(ctx, plan, RULE, f"an annual plan for {data.year} or by this decision already exists")
    ctx.audit("create", "annual_plan", plan.id, None, snapshot(AnnualPlanOut, plan))
    emit(ctx, "annual_plan.adopted", plan=plan)
    return plan, warnings


def list_annual_plans(ctx: RequestContext, page: PageParams) -> tuple[list[AnnualPlan], str | None]:
    return paginate(ctx.session, select(AnnualPlan), AnnualPlan.year, AnnualPlan.id, page, descending=True)


def get_annual_plan(ctx: RequestContext, plan_id: uuid.UUID) -> AnnualPlan:
    return get_or_404(ctx.session, AnnualPlan, plan_id, "annual plan")
