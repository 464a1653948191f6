from __future__ import annotations

import hashlib
import re
import secrets
import uuid
from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from app.auth.issuers import VerifiedToken
from app.auth.models import ApiToken
from app.auth.principal import Principal
from app.db import utcnow
from app.errors import (
    Forbidden,
    InsufficientScope,
    InvalidInput,
    InvalidToken,
    NotFound,
)
from app.organizations.models import Organization
from app.persons.models import Person
from app.types import storable_text

TOKEN_PREFIX = "smd_"
# The audit log names a secretariat token's writes "secretariat:<name>" in a String(200) column.
MAX_TOKEN_NAME = 200 - len("secretariat:")
DEFAULT_EXPIRY_DAYS = 90
MAX_EXPIRY_DAYS = 3650  # a token for life defeats expiry (and far beyond, the calendar overflows)
# Maskinporten's consumer: an organization by its Norwegian organization number (ISO 6523 ICD 0192).
CONSUMER_AUTHORITY = "iso6523-actorid-upis"
ORG_NUMBER_ID = re.compile(r"0192:(\d{9})")
MAX_CLIENT_ID = 100  # the audit log's actor, "system:<orgnr>:<client_id>", fits its String(200)
# last_used_at is written at most this often per token: most requests then write nothing, and the
# write is rare enough to take its own transaction (see _record_use).
LAST_USED_RESOLUTION = timedelta(minutes=5)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(
    session: Session,
    name: str,
    role: str,
    person_id: uuid.UUID | None = None,
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
    token = ApiToken(
        name=name,
        role=role,
        person_id=person_id,
        token_hash=hash_token(plain),
        expires_at=utcnow() + timedelta(days=expires_in_days),
    )
    session.add(token)
    session.flush()
    return token, plain


def revoke_token(session: Session, token_id: uuid.UUID) -> ApiToken:
    token = session.get(ApiToken, token_id)
    if token is None:
        raise NotFound(f"token {token_id} does not exist")
    token.revoked_at = token.revoked_at or utcnow()
    from app.webhooks.owners import pause_for_token  # webhooks build on auth, not the other way round

    pause_for_token(session, token.id)
    return token


def list_tokens(session: Session) -> list[ApiToken]:
    return list(session.scalars(select(ApiToken).order_by(ApiToken.created_at, ApiToken.id)))


def authenticate(session: Session, plain: str) -> Principal | None:
    """The principal of a valid token; None for an unknown or revoked one. An expired token is an
    InvalidToken that says so, since its holder needs a new one rather than a correction."""
    # Columns, not the entity: every request runs this, and an ORM object costs more than the query.
    token = session.execute(
        select(
            ApiToken.id, ApiToken.role, ApiToken.name, ApiToken.person_id, ApiToken.expires_at, ApiToken.last_used_at
        ).where(ApiToken.token_hash == hash_token(plain), ApiToken.revoked_at.is_(None))
    ).first()
    if token is None:
        return None
    now = utcnow()
    # Tokens created before expiry existed (migration 0002) have none.
    if token.expires_at is not None and token.expires_at <= now:
        raise InvalidToken(
            f"it expired on {token.expires_at:%Y-%m-%d %H:%M} UTC; ask for a new one (`samordning token create`)"
        )
    if token.last_used_at is None or token.last_used_at < now - LAST_USED_RESOLUTION:
        _record_use(session, token.id, now)
    return Principal(
        kind=token.role, token_id=token.id, name=token.name, person_id=token.person_id, expires_at=token.expires_at
    )


def principal_of(session: Session, token: VerifiedToken) -> Principal:
    """The principal a verified JWT names: an organization's system by `consumer`, or a person by the
    issuer's person claim; 403 when it names no one registered here."""
    config, claims = token.issuer, token.claims
    expires_at = _expiry(claims)
    scopes = _scopes(claims)
    lacks = config.write_scope if config.write_scope and config.write_scope not in scopes else None
    if lacks and config.read_scope and config.read_scope not in scopes:
        raise InsufficientScope(
            f"The token has neither the scope {config.read_scope} nor {config.write_scope}.", config.read_scope
        )
    if config.kind == "person":
        value = _text_claim(claims, config.person_claim)
        person_id = person_of_token(session, token)
        return Principal(
            kind="person",
            token_id=None,
            name=value,
            person_id=person_id,
            lacks_scope=lacks,
            expires_at=expires_at,
        )
    consumer = claims.get("consumer")
    consumer = consumer if isinstance(consumer, dict) else {}
    found = ORG_NUMBER_ID.fullmatch(str(consumer.get("ID")))
    if found is None or consumer.get("authority") != CONSUMER_AUTHORITY:
        raise InvalidToken(f"its consumer names no organization by {CONSUMER_AUTHORITY} 0192:<organization number>")
    org_number = found.group(1)
    client_id = _text_claim(claims, "client_id")[:MAX_CLIENT_ID]
    organization_id = session.scalar(select(Organization.id).where(Organization.org_number == org_number))
    if organization_id is None:
        raise Forbidden(
            f"No organization with the organization number {org_number} is registered; "
            "the secretariat registers organizations."
        )
    return Principal(
        kind="system",
        token_id=None,
        name=f"{org_number}:{client_id}",
        organization_id=organization_id,
        lacks_scope=lacks,
        expires_at=expires_at,
    )


def person_by_email(session: Session, email: str) -> uuid.UUID:
    """The one person registered with this e-mail address, compared case-insensitively; 403 when no
    one is, or (addresses differing only in case) more than one."""
    found = session.scalars(select(Person.id).where(func.lower(Person.email) == email.lower()).limit(2)).all()
    if not found:
        raise Forbidden(f"No person with the e-mail address {email} is registered; the secretariat registers persons.")
    if len(found) > 1:
        raise Forbidden(
            f"More than one person is registered with the e-mail address {email}; the secretariat must correct that."
        )
    return found[0]


def person_of_token(session: Session, token: VerifiedToken) -> uuid.UUID:
    """The person a verified token from a person issuer names by its person claim."""
    return person_by_email(session, _text_claim(token.claims, token.issuer.person_claim))


def _expiry(claims: dict[str, Any]) -> datetime:
    try:  # the issuer's check made it a number, not one a calendar can hold
        return datetime.fromtimestamp(claims["exp"], timezone.utc)
    except (OverflowError, ValueError, OSError) as exc:
        raise InvalidToken("its exp is not a time") from exc


def _scopes(claims: dict[str, Any]) -> set[str]:
    """Maskinporten's `scope` and Entra ID's `scp`: space-separated, or (some issuers) a list."""
    found: set[str] = set()
    for name in ("scope", "scp"):
        value = claims.get(name)
        if isinstance(value, str):
            found |= set(value.split())
        elif isinstance(value, list):
            found |= {v for v in value if isinstance(v, str)}
    return found


def _text_claim(claims: dict[str, Any], name: str) -> str:
    value = claims.get(name)
    if not isinstance(value, str) or not value.strip():
        raise InvalidToken(f"it lacks the claim {name}")
    try:
        return storable_text(value.strip())
    except ValueError as exc:
        raise InvalidToken(f"its claim {name} {exc}") from exc


def _record_use(session: Session, token_id: uuid.UUID, now: datetime) -> None:
    # The condition makes racing requests write once; the others update nothing.
    write_beside(
        session,
        update(ApiToken)
        .where(
            ApiToken.id == token_id,
            or_(ApiToken.last_used_at.is_(None), ApiToken.last_used_at < now - LAST_USED_RESOLUTION),
        )
        .values(last_used_at=now),
    )


def write_beside(session: Session, stmt: Any) -> None:
    """A rare bookkeeping write (a credential's last use) made from any request, reading or writing."""
    bind = session.get_bind()
    if bind.get_execution_options().get("write_intent"):
        session.execute(stmt)  # a write request: its transaction already holds SQLite's write lock
    else:
        # A read transaction cannot write on SQLite once another write has committed since it began
        # ("database is locked" at once, no waiting); a short transaction of its own queues instead.
        with bind.engine.execution_options(write_intent=True).begin() as conn:
            conn.execute(stmt)
