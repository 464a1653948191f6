from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from app.auth.models import ApiToken
from app.auth.principal import Principal
from app.db import utcnow
from app.errors import InvalidInput, NotFound, Unauthorized
from app.persons.models import Person

TOKEN_PREFIX = "smd_"
# The audit log names a secretariat token's writes "secretariat:<name>" in a String(200) column.
MAX_TOKEN_NAME = 200 - len("secretariat:")
DEFAULT_EXPIRY_DAYS = 90
MAX_EXPIRY_DAYS = 3650  # a token for life defeats expiry (and far beyond, the calendar overflows)
# last_used_at is written at most this often per token: most requests then write nothing, and the
# write is rare enough to take its own transaction (see _record_use).
LAST_USED_RESOLUTION = timedelta(minutes=5)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(
    session: Session, name: str, role: str, person_id: uuid.UUID | None = None,
    expires_in_days: int = DEFAULT_EXPIRY_DAYS,
) -> tuple[ApiToken, str]:
    """Create a token; the plain value is returned once and never stored."""
    if not 0 < len(name) <= MAX_TOKEN_NAME:
        raise InvalidInput("name", f"must be 1 to {MAX_TOKEN_NAME} characters")
    if not 1 <= expires_in_days <= MAX_EXPIRY_DAYS:
        raise InvalidInput("expires_in_days", f"must be a whole number of days from 1 to {MAX_EXPIRY_DAYS}")
    if role == "person":
        if person_id is None or session.get(Person, person_id) is None:
            raise NotFound(f"person {person_id} does not exist")
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(name=name, role=role, person_id=person_id, token_hash=hash_token(plain),
                     expires_at=utcnow() + timedelta(days=expires_in_days))
    session.add(token)
    session.flush()
    return token, plain


def revoke_token(session: Session, token_id: uuid.UUID) -> ApiToken:
    token = session.get(ApiToken, token_id)
    if token is None:
        raise NotFound(f"token {token_id} does not exist")
    token.revoked_at = token.revoked_at or utcnow()
    return token


def list_tokens(session: Session) -> list[ApiToken]:
    return list(session.scalars(select(ApiToken).order_by(ApiToken.created_at, ApiToken.id)))


def authenticate(session: Session, plain: str) -> Principal | None:
    """The principal of a valid token; None for an unknown or revoked one. An expired token is an
    Unauthorized that says so, since its holder needs a new one rather than a correction."""
    token = session.scalar(
        select(ApiToken).where(ApiToken.token_hash == hash_token(plain), ApiToken.revoked_at.is_(None))
    )
    if token is None:
        return None
    now = utcnow()
    # Tokens created before expiry existed (migration 0002) have none.
    if token.expires_at is not None and token.expires_at <= now:
        raise Unauthorized(
            f"The bearer token expired on {token.expires_at:%Y-%m-%d %H:%M} UTC; "
            "ask for a new one (`samordning token create`)."
        )
    if token.last_used_at is None or token.last_used_at < now - LAST_USED_RESOLUTION:
        _record_use(session, token.id, now)
    return Principal(kind=token.role, token_id=token.id, name=token.name, person_id=token.person_id)  # type: ignore[arg-type]


def _record_use(session: Session, token_id: uuid.UUID, now: datetime) -> None:
    # The condition makes racing requests write once; the others update nothing.
    stmt = update(ApiToken).where(
        ApiToken.id == token_id,
        or_(ApiToken.last_used_at.is_(None), ApiToken.last_used_at < now - LAST_USED_RESOLUTION),
    ).values(last_used_at=now)
    bind = session.get_bind()
    if bind.get_execution_options().get("write_intent"):
        session.execute(stmt)  # a write request: its transaction already holds SQLite's write lock
    else:
        # A read transaction cannot write on SQLite once another write has committed since it began
        # ("database is locked" at once, no waiting); a short transaction of its own queues instead.
        with bind.engine.execution_options(write_intent=True).begin() as conn:
            conn.execute(stmt)
