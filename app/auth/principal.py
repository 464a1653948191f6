from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

PrincipalKind = Literal["secretariat", "person", "system"]


@dataclass(frozen=True)
class Principal:
    """Who is calling: the secretariat; a person whose rights come from memberships; or an agency's
    system, whose rights come from the memberships of the persons representing its organization.
    The secretariat signed in to the staff app is a person too (`person_id`), acting as the secretariat."""

    kind: PrincipalKind
    token_id: uuid.UUID | None  # the `samordning token create` token; None for a JWT
    name: str
    person_id: uuid.UUID | None = None
    organization_id: uuid.UUID | None = None  # a system's organization
    # The write scope a JWT lacks when it has only the read scope: it may read, never change.
    lacks_scope: str | None = None
    # When the credential stops holding (a token's expiry, a JWT's exp, a session's idle or absolute
    # end); None for a token without one.
    expires_at: datetime | None = None
    session_id: uuid.UUID | None = None  # the staff app's sign-in session (app/sessions), if that is the way in

    @property
    def is_secretariat(self) -> bool:
        return self.kind == "secretariat"

    @property
    def actor(self) -> str:
        """How the audit log names this principal."""
        if self.kind == "person":
            return f"person:{self.person_id}"
        return f"{self.kind}:{self.name}"
