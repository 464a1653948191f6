"""Guards of the body rules."""

from __future__ import annotations

from typing import Any

from app.bodies.schemas import DISSOLVED
from app.governance.registry import EntityRef, Finding, GuardContext, guard


@guard("body.dissolve.temporary_only", params={"dissolvable_kinds": list})
def dissolve_temporary_only(ctx: GuardContext, params: dict[str, Any]) -> Finding | None:
    body = ctx.subject
    if body.kind in params["dissolvable_kinds"]:
        return None
    return Finding(
        detail=f"{body.name} is a standing body ({body.kind})", entities=[EntityRef("body", body.id, body.name)]
    )


@guard("body.dissolved_takes_no_new_work")
def dissolved_takes_no_new_work(ctx: GuardContext, _params: dict[str, Any]) -> Finding | None:
    """`facts["body"]` is the body the new case, document or meeting would belong to."""
    body = ctx.facts["body"]
    if body.status != DISSOLVED:
        return None
    return Finding(detail=f"{body.name} is dissolved", entities=[EntityRef("body", body.id, body.name)])
