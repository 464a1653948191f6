"""Guards of the document rules."""

from __future__ import annotations

import unicodedata
from typing import Any

from app.governance.registry import EntityRef, Finding, GuardContext, guard


@guard("publication.exemption_requires_basis")
def exemption_requires_basis(ctx: GuardContext, _params: dict[str, Any]) -> Finding | None:
    """`subject` is the document as it would be after the write."""
    doc = ctx.subject
    # A basis nobody can read (spaces, a zero-width space) is no basis.
    if doc.public or any(not c.isspace() and unicodedata.category(c) != "Cf" for c in doc.exemption_basis or ""):
        return None
    return Finding(detail="public is false but exemption_basis is empty")


@guard("publication.record_immutable")
def record_immutable(ctx: GuardContext, _params: dict[str, Any]) -> Finding | None:
    """`subject` is on the public record when the fact `published` says so; `changed` names the
    fields a plain write would change. Corrections are their own act and do not ask this rule."""
    changed = ctx.facts["changed"]
    if not ctx.facts["published"] or not changed:
        return None
    return Finding(
        detail=f"{', '.join(changed)} of a published record change only by a correction",
        entities=[EntityRef(ctx.facts["entity_type"], ctx.subject.id)],
    )
