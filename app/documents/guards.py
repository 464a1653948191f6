"""Guards of the document rules."""

from __future__ import annotations

from typing import Any

from app.governance.registry import Finding, GuardContext, guard


@guard("publication.exemption_requires_basis")
def exemption_requires_basis(ctx: GuardContext, _params: dict[str, Any]) -> Finding | None:
    """`subject` is the document as it would be after the write."""
    doc = ctx.subject
    if doc.public or (doc.exemption_basis or "").strip():
        return None
    return Finding(detail="public is false but exemption_basis is empty")
