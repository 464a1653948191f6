from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from app.context import EngineDep, RequestContext, permit
from app.errors import NotFound
from app.governance.engine import RuleEngine
from app.governance.registry import REGISTRY
from app.governance.schemas import ComplianceReport, RuleOut, RuleReport
from app.pagination import Page, PageParams, page_of, page_params
from app.routing import Router

# The catalogue is not under /public: like every non-public read it needs a bearer token (API.md).
router = Router(prefix="/api/v1", tags=["rules"])


def _rule_out(engine: RuleEngine, rule_id: str) -> RuleOut:
    r = engine.rules[rule_id]
    return RuleOut(
        id=r.id,
        title=r.title,
        severity=r.severity,
        parameters=r.parameters,
        message=r.message.en.format(**r.parameters),
        message_nb=r.message.nb.format(**r.parameters),
        citation=r.citation,
        enabled=r.enabled,
        invariant=REGISTRY[rule_id].invariant,
    )


@router.get("/rules", response_model=Page[RuleOut], summary="The rule catalogue as loaded from rules/, by id")
def list_rules(
    engine: EngineDep,
    _ctx: Annotated[RequestContext, permit("rules.read")],
    page: Annotated[PageParams, Depends(page_params)],
) -> Page[RuleOut]:
    return page_of([_rule_out(engine, rid) for rid in engine.rules], lambda r: r.id, page)


@router.get("/rules/{rule_id}", response_model=RuleOut, summary="One rule")
def get_rule(rule_id: str, engine: EngineDep, _ctx: Annotated[RequestContext, permit("rules.read")]) -> RuleOut:
    if rule_id not in engine.rules:
        raise NotFound(f"no rule {rule_id!r}")
    return _rule_out(engine, rule_id)


@router.get(
    "/compliance",
    response_model=ComplianceReport,
    summary="Every invariant that does not hold now (warnings included), with the entities concerned",
)
def compliance(ctx: Annotated[RequestContext, permit("compliance.read")]) -> ComplianceReport:
    findings = ctx.engine.compliance(ctx.guard_context())
    return ComplianceReport(holds=not findings, findings=[RuleReport(**f) for f in findings])
