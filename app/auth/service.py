from __future__ import annotations

import hashlib
import secrets
import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.auth.models import ApiToken
from app.auth.principal import Principal
from app.db import utcnow
from app.errors import InvalidInput, NotFound
from app.persons.models import Person

TOKEN_PREFIX = "smd_"
# The audit log names a secretariat token's writes "secretariat:<name>" in a String(200) column.
MAX_TOKEN_NAME = 200 - len("secretariat:")


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(
    session: Session, name: str, role: str, person_id: uuid.UUID | None = None
) -> tuple[ApiToken, str]:
    """Create a token; the plain value is returned once and never stored."""
    if not 0 < len(name) <= MAX_TOKEN_NAME:
        raise InvalidInput("name", f"must be 1 to {MAX_TOKEN_NAME} characters")
    if role == "person":
        if person_id is None or session.get(Person, person_id) is None:
            raise NotFound(f"person {person_id} does not exist")
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(name=name, role=role, person_id=person_id, token_hash=hash_token(plain))
    session.add(token)
    session.flush()
    return token, plain


def revoke_token(session: Session, token_id: uuid.UUID) -> ApiToken:
    token = session.get(ApiToken, token_id)
    if token is None:
        raise NotFound(f"token {token_id} does not exist")
    token.revoked_at = token.revoked_at or utcnow()
    return token


def authenticate(session: Session, plain: str) -> Principal | None:
    token = session.scalar(
        select(ApiToken).where(ApiToken.token_hash == hash_token(plain), ApiToken.revoked_at.is_(None))
    )
    if token is None:
        return None
    return Principal(kind=token.role, token_id=token.id, name=token.name, person_id=token.person_id)  # type: ignore[arg-type]
