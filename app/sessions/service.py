"""The staff app's sessions: a random id in a cookie names a row that holds who signed in and until when.

A session resolves to the same Principal a person token for that person gives (app/auth), so the
policy table decides what it may do. It ends after `idle` without a request and after `lifetime` in
any case; signing out ends it at once. Its last use is written at most once a minute, so its idle
end is up to a minute earlier than `idle` after the last request.
"""

from __future__ import annotations

import logging
import secrets
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import Select, false, select, update
from sqlalchemy.orm import Session

from app.auth.cache import PrincipalCache
from app.auth.principal import Principal
from app.auth.service import MAX_TOKEN_NAME, hash_token, write_beside
from app.bodies.models import Body
from app.config import Settings
from app.db import utcnow
from app.errors import InvalidSession, NotFound
from app.memberships.models import Membership
from app.organizations.models import Organization
from app.pagination import PageParams, paginate
from app.persons.models import Person
from app.seed.data import DEMO_EMAIL_DOMAIN, DEMO_SECRETARIAT
from app.sessions.models import BrowserSession
from app.sessions.schemas import DemoPerson, OwnSessionOut

COOKIE = "samordning-session"
SECURE_COOKIE = "__Host-" + COOKIE  # only ever set Secure, for Path=/, by this host: no subdomain can plant it
SIGN_IN_COOKIE = "samordning-sign-in"  # the state of a sign-in under way, for the callback to compare
CACHE_PREFIX = "session:"  # a session's key in the principal cache, apart from bearer tokens
LAST_SEEN_RESOLUTION = timedelta(minutes=1)
MAX_USER_AGENT = 300
ROLE_LABELS_NB = {"chair": "Leder", "member": "Medlem", "deputy": "Stedfortreder", "secretary": "Sekretær"}
SECRETARIAT_NB = "Sekretariatet"

log = logging.getLogger("samordning.sessions")


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@dataclass(frozen=True)
class SignInSettings:
    """What sign-in takes from the settings, fixed when the app is created."""

    cookie: str
    sign_in_cookie: str
    secure: bool
    idle: timedelta
    lifetime: timedelta
    demo: bool
    secretariat_emails: frozenset[str]  # lower case
    origin: str  # the service's own origin, as SAMORDNING_PUBLIC_BASE_URL names it
    base_url: str

    @classmethod
    def of(cls, settings: Settings) -> SignInSettings:
        # Secure cookies need https; a plain-http base URL is loopback development.
        secure = urlsplit(settings.public_base_url).scheme == "https"
        emails = {email.lower() for email in settings.secretariat_emails}
        if settings.demo_signin:
            emails.add(DEMO_SECRETARIAT.email)
        return cls(
            cookie=SECURE_COOKIE if secure else COOKIE,
            sign_in_cookie=f"__Host-{SIGN_IN_COOKIE}" if secure else SIGN_IN_COOKIE,
            secure=secure,
            idle=timedelta(minutes=settings.session_idle_minutes),
            lifetime=timedelta(hours=settings.session_absolute_hours),
            demo=settings.demo_signin,
            secretariat_emails=frozenset(emails),
            origin=origin_of(settings.public_base_url),
            base_url=settings.public_base_url.rstrip("/"),
        )


def start_session(
    session: Session,
    config: SignInSettings,
    person_id: uuid.UUID,
    how: str,
    user_agent: str | None,
    id_token: str | None = None,
    refresh_token: str | None = None,
) -> str:
    """A new session for the person; the cookie's value is returned once and never stored."""
    email = session.scalar(select(Person.email).where(Person.id == person_id))
    plain = secrets.token_urlsafe(32)
    now = utcnow()
    expires_at = now + config.lifetime
    row = BrowserSession(
        token_hash=hash_token(plain),
        person_id=person_id,
        role="secretariat" if email and email.lower() in config.secretariat_emails else "person",
        how=how,
        created_at=now,
        last_seen_at=now,
        idle_expires_at=min(now + config.idle, expires_at),
        expires_at=expires_at,
        user_agent=(user_agent or "")[:MAX_USER_AGENT] or None,
        id_token=id_token,
        refresh_token=refresh_token,
    )
    session.add(row)
    session.flush()
    log.info("signed in", extra={"session_id": str(row.id), "person_id": str(person_id), "how": how})
    return plain


def session_principal(session: Session, config: SignInSettings, plain: str) -> Principal:
    """Who the session names; 401 when it is unknown, ended or expired. Seen now, once a minute."""
    row = session.execute(
        select(
            BrowserSession.id,
            BrowserSession.person_id,
            BrowserSession.role,
            BrowserSession.last_seen_at,
            BrowserSession.idle_expires_at,
            BrowserSession.expires_at,
            Person.email,
            Person.name,
        )
        .join(Person, Person.id == BrowserSession.person_id)
        .where(BrowserSession.token_hash == hash_token(plain), BrowserSession.ended_at.is_(None))
    ).first()
    if row is None:
        raise InvalidSession("it is unknown or has ended")
    now = utcnow()
    if row.expires_at <= now or row.idle_expires_at <= now:
        raise InvalidSession("it has expired")
    idle_expires_at = row.idle_expires_at
    if row.last_seen_at < now - LAST_SEEN_RESOLUTION:
        idle_expires_at = min(now + config.idle, row.expires_at)
        # The condition makes racing requests write once.
        write_beside(
            session,
            update(BrowserSession)
            .where(BrowserSession.id == row.id, BrowserSession.last_seen_at < now - LAST_SEEN_RESOLUTION)
            .values(last_seen_at=now, idle_expires_at=idle_expires_at),
        )
    return Principal(
        kind=row.role,
        token_id=None,
        name=(row.email or row.name)[:MAX_TOKEN_NAME],  # the audit log's "secretariat:<name>"
        person_id=row.person_id,
        expires_at=min(idle_expires_at, row.expires_at),
        session_id=row.id,
    )


def session_times(session: Session, session_id: uuid.UUID) -> tuple[datetime, datetime] | None:
    """The session's absolute and idle end."""
    row = session.execute(
        select(BrowserSession.expires_at, BrowserSession.idle_expires_at).where(BrowserSession.id == session_id)
    ).first()
    return None if row is None else (row.expires_at, row.idle_expires_at)


def sign_out(session: Session, plain: str) -> None:
    """Ends the session the cookie names, if it is still running."""
    session.execute(
        update(BrowserSession)
        .where(BrowserSession.token_hash == hash_token(plain), BrowserSession.ended_at.is_(None))
        .values(ended_at=utcnow())
    )


def end_sessions(session: Session, session_id: uuid.UUID | None = None, person_id: uuid.UUID | None = None) -> int:
    """Ends one session, or every running one of a person; how many ended."""
    if (session_id is None) == (person_id is None):
        raise ValueError("name one session or one person")
    which = BrowserSession.id == session_id if session_id else BrowserSession.person_id == person_id
    result: Any = session.execute(
        update(BrowserSession).where(which, BrowserSession.ended_at.is_(None)).values(ended_at=utcnow())
    )
    return int(result.rowcount)


def running_sessions(session: Session, person_id: uuid.UUID | None = None) -> list[Any]:
    """Sessions neither ended nor expired, oldest first, with their person's name."""
    stmt = (
        select(BrowserSession, Person.name)
        .join(Person, Person.id == BrowserSession.person_id)
        .where(*_running())
        .order_by(BrowserSession.created_at, BrowserSession.id)
    )
    if person_id is not None:
        stmt = stmt.where(BrowserSession.person_id == person_id)
    return list(session.execute(stmt))


def _running() -> tuple[Any, ...]:
    """Neither ended nor expired."""
    now = utcnow()
    return BrowserSession.ended_at.is_(None), BrowserSession.expires_at > now, BrowserSession.idle_expires_at > now


def _own_running(principal: Principal) -> tuple[Any, ...]:
    """The caller's running sessions; none for a principal that is no person (a system, a role token)."""
    return BrowserSession.person_id == principal.person_id, *_running()


def own_sessions(session: Session, principal: Principal, page: PageParams) -> tuple[list[OwnSessionOut], str | None]:
    """The caller's running sessions, newest first (the index on person_id, created_at)."""
    # A caller who is no person has none; its cursor is still read, and a forged one refused.
    mine = _own_running(principal) if principal.person_id is not None else (false(),)
    stmt = select(BrowserSession).where(*mine)
    rows, cursor = paginate(session, stmt, BrowserSession.created_at, BrowserSession.id, page, descending=True)
    return [
        OwnSessionOut(
            id=row.id,
            how=row.how,
            created_at=row.created_at,
            last_seen_at=row.last_seen_at,
            idle_expires_at=row.idle_expires_at,
            expires_at=row.expires_at,
            user_agent=row.user_agent,
            current=row.id == principal.session_id,
        )
        for row in rows
    ], cursor


def end_own_session(session: Session, principal: Principal, session_id: uuid.UUID, principals: PrincipalCache) -> None:
    """Ends one of the caller's running sessions; 404 for anyone else's, or one already ended."""
    ended: Any = session.execute(
        update(BrowserSession)
        .where(BrowserSession.id == session_id, *_own_running(principal))
        .values(ended_at=utcnow())
    )
    if principal.person_id is None or ended.rowcount == 0:
        raise NotFound(f"no running session {session_id} of yours")
    principals.forget_session(session_id)


def end_other_sessions(session: Session, principal: Principal, principals: PrincipalCache) -> int:
    """Ends every running session of the caller's except the one this request came with; how many."""
    if principal.person_id is None:
        return 0
    others = update(BrowserSession).where(*_own_running(principal))
    if principal.session_id is not None:  # a person token is no session: every one ends
        others = others.where(BrowserSession.id != principal.session_id)
    ended_ids = list(session.scalars(others.values(ended_at=utcnow()).returning(BrowserSession.id)))
    for session_id in ended_ids:
        principals.forget_session(session_id)
    return len(ended_ids)


def seats_query(day: date) -> Select[Membership, str, str]:
    """Active memberships on `day` with their body, for persons to be named by a `where`."""
    return (
        select(Membership, Body.name, Body.kind)
        .join(Body, Body.id == Membership.body_id)
        .where(Membership.active_on(day))
        .order_by(Membership.start_date, Body.name, Membership.id)
    )


def seat_label_nb(role: str, body_name: str) -> str:
    """«Leder av Arbeidsutvalget», «Medlem, Topplederforumet»."""
    return f"Leder av {body_name}" if role == "chair" else f"{ROLE_LABELS_NB[role]}, {body_name}"


def demo_persons(session: Session, config: SignInSettings, day: date) -> list[DemoPerson]:
    """The fictional people of `samordning seed --demo` with their seats, in Norwegian; none when demo
    sign-in is off."""
    if not config.demo:
        return []
    persons = session.execute(
        select(Person.id, Person.name, Person.email, Organization.name.label("organization"))
        .outerjoin(Organization, Organization.id == Person.organization_id)
        .where(Person.email.like(f"%@{DEMO_EMAIL_DOMAIN}"))
        .order_by(Person.name, Person.id)
    ).all()
    seats: dict[uuid.UUID, list[str]] = {}
    for membership, body_name, _ in session.execute(
        seats_query(day).where(Membership.person_id.in_([p.id for p in persons]))
    ):
        seats.setdefault(membership.person_id, []).append(seat_label_nb(membership.role, body_name))
    return [
        DemoPerson(
            person_id=p.id,
            name=p.name,
            organization=p.organization,
            seats_nb=([SECRETARIAT_NB] if p.email.lower() in config.secretariat_emails else []) + seats.get(p.id, []),
        )
        for p in persons
    ]


def require_demo(config: SignInSettings) -> None:
    if not config.demo:
        raise NotFound("Demo sign-in is off (SAMORDNING_DEMO_SIGNIN).")


def demo_sign_in(session: Session, config: SignInSettings, person_id: uuid.UUID, user_agent: str | None) -> str:
    """A session for a demo person, no questions asked: only when demo sign-in is on."""
    require_demo(config)
    email = session.scalar(select(Person.email).where(Person.id == person_id))
    if email is None or not email.endswith(f"@{DEMO_EMAIL_DOMAIN}"):
        raise NotFound(f"person {person_id} is not a demo person")
    return start_session(session, config, person_id, "demo", user_agent)
