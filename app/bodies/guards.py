"""Guards of the body rules."""

from __future__ import annotations

from typing import Any

from app.governance.registry import EntityRef, Finding, GuardContext, guard


@guard("body.dissolve.temporary_only", params={"dissolvable_kinds": list})
def dissolve_temporary_only(ctx: GuardContext, params: dict[str, Any]) -> Finding | None:
    body = ctx.subject
    if body.kind in params["dissolvable_kinds"]:
        return None
    return Finding(
        detail=f"{body.name} is a standing body ({body.kind})", entities=[EntityRef("body", body.id, body.name)]
    )
