from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, UtcDateTime, utcnow


class BrowserSession(Base):
    """A person signed in to the staff app. The browser holds only a random id in a cookie; this
    row holds its SHA-256 hash, and the provider's tokens never leave the server."""

    __tablename__ = "browser_sessions"
    __table_args__ = (
        CheckConstraint("role IN ('person', 'secretariat')", name="role_known"),
        Index("ix_browser_sessions_person_id_created_at", "person_id", "created_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"))
    # The secretariat is a person the deployment names (SAMORDNING_SECRETARIAT_EMAILS), fixed at sign-in.
    role: Mapped[str] = mapped_column(String(20))
    how: Mapped[str] = mapped_column(String(10))  # oidc | demo
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UtcDateTime())
    idle_expires_at: Mapped[datetime] = mapped_column(UtcDateTime())
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    user_agent: Mapped[str | None] = mapped_column(String(300))
    id_token: Mapped[str | None] = mapped_column(Text)
    refresh_token: Mapped[str | None] = mapped_column(Text)


class SignInAttempt(Base):
    """An authorization request sent to the provider and not yet answered: what the callback checks
    (state, nonce), proves (the PKCE verifier) and where it returns to. Used once, then deleted."""

    __tablename__ = "sign_in_attempts"

    state_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    nonce: Mapped[str] = mapped_column(String(100))
    code_verifier: Mapped[str] = mapped_column(String(128))
    next_path: Mapped[str] = mapped_column(String(2000))
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)
