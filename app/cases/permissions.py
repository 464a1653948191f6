"""Who writes a case: the secretariat or an active member of its owning body (for forum cases, the AU)."""

from __future__ import annotations

from app.auth.permissions import require_acts_for
from app.cases.models import Case
from app.context import RequestContext
from app.resources import oslo_date

CLOSED_STATES = ("decided", "noted", "withdrawn")


def authorize_case_write(ctx: RequestContext, case: Case) -> None:
    require_acts_for(ctx.session, ctx.principal, case.owner_body_id, oslo_date(ctx.now), "write this body's cases")
