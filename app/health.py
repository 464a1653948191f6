from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import text

from app.context import permit
from app.db import SessionDep
from app.errors import DomainError

router = APIRouter(tags=["health"], dependencies=[permit("public.read")])


class NotReady(DomainError):
    status, slug, title = 503, "not-ready", "Not ready"


@router.get("/health", summary="Liveness")
def health() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/ready", summary="Readiness: the database answers",
            responses={503: {"description": "The database does not answer."}})
def ready(session: SessionDep) -> dict[str, str]:
    try:
        session.execute(text("SELECT 1"))
    except Exception as exc:  # any driver error means not ready
        raise NotReady(f"database unavailable: {type(exc).__name__}") from exc
    return {"status": "ready"}
