"""What every authenticated service call receives: session, principal, rules engine and the clock."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Annotated, Any

from fastapi import Depends, Request, Security
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials
from sqlalchemy.orm import Session

from app.audit.service import record
from app.auth.access import Access, has_seats, load_seats
from app.auth.dependencies import bearer, cache_key, require_principal
from app.auth.policy import POLICY
from app.auth.principal import Principal
from app.db import SessionDep
from app.governance.engine import RuleEngine
from app.governance.registry import EntityRef, GuardContext
from app.http import public_base_url
from app.norwegian import oslo_date
from app.sessions import csrf


@dataclass
class RequestContext:
    session: Session
    principal: Principal
    engine: RuleEngine
    now: datetime
    access: Access
    # The permission the route declared: what `authorize` and `scope` check unless told otherwise.
    permission: str = "rules.read"
    # Behaviour rules that acted during this request, reported beside the warnings.
    notices: list[dict[str, Any]] = field(default_factory=list)
    # The base of the links this request's changes send (app.http.public_base_url; none outside a request).
    base_url: str | None = None

    @classmethod
    def of(cls, session: Session, principal: Principal, engine: RuleEngine, now: datetime) -> RequestContext:
        """A context whose access comes from the principal's seats on the Norwegian day of `now`."""
        access = Access(principal, load_seats(session, principal, oslo_date(now)))
        return cls(session=session, principal=principal, engine=engine, now=now, access=access)

    def guard_context(self, subject: Any = None, **facts: Any) -> GuardContext:
        return GuardContext(session=self.session, now=self.now, subject=subject, facts=facts)

    def audit(self, action: str, entity_type: str, entity_id: Any, before: Any, after: Any) -> None:
        record(self.session, self.principal.actor, action, entity_type, entity_id, before, after)

    def notify(self, rule_id: str, detail: str, *entities: EntityRef) -> None:
        """Tell the caller that a behaviour rule acted (e.g. a case went onto an agenda by itself)."""
        self.notices.append(self.engine.notice(rule_id, detail, list(entities)))

    def authorize(self, *bodies: Any, person_id: Any = None, permission: str | None = None) -> None:
        """403 unless the permission (the route's by default) holds on an object of these bodies."""
        self.access.require(permission or self.permission, *bodies, person_id=person_id)

    def may(self, *bodies: Any, permission: str | None = None) -> bool:
        return self.access.may(permission or self.permission, bodies)

    def scope(self, stmt: Any, body_column: Any, permission: str | None = None) -> Any:
        """The query limited to rows whose body the permission (the route's by default) holds on."""
        return self.access.scope(stmt, body_column, permission or self.permission)

    def enforce(self, rule_ids: list[str], subject: Any = None, **facts: Any) -> list[dict[str, Any]]:
        """Ask the engine before a state change: raises on errors, returns warnings."""
        return self.engine.enforce(rule_ids, self.guard_context(subject, **facts))


# Dependencies that do no I/O are `async def`: FastAPI runs a plain `def` in the thread pool, and
# each trip there and back costs more than what most of them do.
async def get_engine(request: Request) -> RuleEngine:
    return request.app.state.engine


EngineDep = Annotated[RuleEngine, Depends(get_engine)]


async def get_context(
    request: Request,
    session: SessionDep,
    engine: EngineDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Security(bearer)],
) -> RequestContext:
    """The principal of the bearer token or, without one, of the staff app's session cookie, and its
    seats. A caller this replica knows already and whose rights come from no memberships (the
    secretariat's token) costs no database read, hence no trip to the thread pool; anyone else's reads
    are made in one trip, before the route's."""
    state = request.app.state
    cookie = None if credentials else request.cookies.get(state.sign_in.cookie)
    if cookie is not None:
        csrf.check(request, state.sign_in)
    key = cache_key(credentials, cookie)
    known = state.principals.get(key) if key else None
    if known is not None and not has_seats(known):
        ctx = RequestContext(session, known, engine, state.clock(), Access(known, ()))
    else:
        ctx = await run_in_threadpool(_read_context, session, engine, credentials, cookie, state)
    ctx.base_url = public_base_url(request)
    return ctx


def _read_context(
    session: Session,
    engine: RuleEngine,
    credentials: HTTPAuthorizationCredentials | None,
    cookie: str | None,
    state: Any,
) -> RequestContext:
    principal = require_principal(session, credentials, state.issuers, state.principals, cookie, state.sign_in)
    return RequestContext.of(session, principal, engine, state.clock())


def permit(permission: str) -> Any:
    """How a route declares its permission: `ctx: Annotated[RequestContext, permit("work.read")]`.

    403 unless the caller could hold it on some object (the service then checks the object
    itself); a permission anyone holds needs no token."""
    if permission not in POLICY:
        raise KeyError(f"{permission!r} is not in app/auth/policy.py")
    if permission not in _DEPENDENCIES:
        if any(g.relation == "anyone" for g in POLICY[permission].grants):

            async def dependency() -> None:
                return None
        else:

            async def dependency(ctx: Annotated[RequestContext, Depends(get_context)]) -> RequestContext:  # type: ignore[misc]
                if not ctx.access.holds_somewhere(permission):
                    ctx.access.require(permission)
                ctx.permission = permission
                return ctx

        dependency.permission = permission  # type: ignore[attr-defined]
        _DEPENDENCIES[permission] = Depends(dependency)
    return _DEPENDENCIES[permission]


_DEPENDENCIES: dict[str, Any] = {}
