"""What every authenticated service call receives: session, principal, rules engine and the clock."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from app.audit.service import record
from app.auth.dependencies import require_principal
from app.auth.principal import Principal
from app.db import SessionDep, utcnow
from app.governance.engine import RuleEngine
from app.governance.registry import EntityRef, GuardContext


@dataclass
class RequestContext:
    session: Session
    principal: Principal
    engine: RuleEngine
    now: datetime
    # Behaviour rules that acted during this request, reported beside the warnings.
    notices: list[dict[str, Any]] = field(default_factory=list)

    def guard_context(self, subject: Any = None, **facts: Any) -> GuardContext:
        return GuardContext(
            session=self.session, principal=self.principal, now=self.now, subject=subject, facts=facts
        )

    def audit(
        self, action: str, entity_type: str, entity_id: Any, before: Any, after: Any
    ) -> None:
        record(self.session, self.principal.actor, action, entity_type, entity_id, before, after)

    def notify(self, rule_id: str, detail: str, *entities: EntityRef) -> None:
        """Tell the caller that a behaviour rule acted (e.g. a case went onto an agenda by itself)."""
        self.notices.append(self.engine.notice(rule_id, detail, list(entities)))

    def enforce(self, rule_ids: list[str], subject: Any = None, **facts: Any) -> list[dict[str, Any]]:
        """Ask the engine before a state change: raises on errors, returns warnings."""
        return self.engine.enforce(rule_ids, self.guard_context(subject, **facts))


def get_engine(request: Request) -> RuleEngine:
    return request.app.state.engine


EngineDep = Annotated[RuleEngine, Depends(get_engine)]


def get_context(
    session: SessionDep,
    principal: Annotated[Principal, Depends(require_principal)],
    engine: EngineDep,
) -> RequestContext:
    return RequestContext(session=session, principal=principal, engine=engine, now=utcnow())


ContextDep = Annotated[RequestContext, Depends(get_context)]
