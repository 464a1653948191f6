from __future__ import annotations

from pydantic import BaseModel
from sqlalchemy import text

from app.context import permit
from app.db import SessionDep
from app.errors import DomainError
from app.routing import Router

router = Router(tags=["health"], dependencies=[permit("public.read")])


class NotReady(DomainError):
    status, slug, title = 503, "not-ready", "Not ready"


class Health(BaseModel):
    status: str


@router.get("/health", summary="Liveness", response_model=Health)
def health() -> Health:
    """Answers as long as the process serves requests; it does not touch the database."""
    return Health(status="ok")


@router.get(
    "/ready",
    summary="Readiness: the database answers",
    response_model=Health,
    responses={503: {"description": "The database does not answer."}},
)
def ready(session: SessionDep) -> Health:
    """Answers once the database does; a load balancer sends traffic only then."""
    try:
        session.execute(text("SELECT 1"))
    except Exception as exc:  # any driver error means not ready
        raise NotReady(f"database unavailable: {type(exc).__name__}") from exc
    return Health(status="ready")
