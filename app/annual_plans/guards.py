"""Guard of the annual plan rule (rules/annual_plans.yaml)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select

from app.annual_plans.models import AnnualPlan
from app.decisions.models import Decision
from app.governance.registry import EntityRef, Finding, GuardContext, guard
from app.subcommittees.guards import forum_decision_finding


@guard("annual_plan.adopted_by_forum")
def adopted_by_forum(ctx: GuardContext, _params: dict[str, Any]) -> Finding | None:
    """Facts: `decision` (or None) and `year`. One plan per year, one plan per decision."""
    decision: Decision | None = ctx.facts["decision"]
    year: int = ctx.facts["year"]
    problem = forum_decision_finding(ctx.session, decision, "annual_plan")
    if problem is not None or decision is None:
        return problem
    existing = ctx.session.scalar(
        select(AnnualPlan).where(or_(AnnualPlan.year == year, AnnualPlan.adopted_by_decision_id == decision.id))
    )
    if existing is None:
        return None
    reason = (
        f"the annual plan for {year} is already adopted"
        if existing.year == year
        else ("the decision already adopted the annual plan for " + str(existing.year))
    )
    return Finding(detail=reason, entities=[EntityRef("annual_plan", existing.id, existing.title)])
