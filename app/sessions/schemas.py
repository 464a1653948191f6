from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from app.bodies.schemas import BodyKind
from app.memberships.schemas import MembershipRole

PrincipalKind = StrEnum("PrincipalKind", ["person", "system", "secretariat"])
SignInMethod = StrEnum("SignInMethod", ["oidc", "demo"])
SignInMethod.__doc__ = "How a session was signed in: the deployment's OpenID Connect provider, or demo sign-in."


class SeatOut(BaseModel):
    membership_id: uuid.UUID
    body_id: uuid.UUID
    body_name: str
    body_kind: BodyKind
    role: MembershipRole
    role_label_nb: str = Field(examples=["Leder", "Medlem", "Stedfortreder", "Sekretær"])
    starts_on: date
    ends_on: date | None


class BodyPermissions(BaseModel):
    body_id: uuid.UUID
    body_name: str
    permissions: list[str] = Field(
        description="Permissions of the policy table held on this body's objects, beyond `global_permissions`."
    )


class SessionTimes(BaseModel):
    expires_at: datetime = Field(description="The session ends then, however busy.")
    idle_expires_at: datetime = Field(description="The session ends then unless a request comes first.")


class MeOut(BaseModel):
    kind: PrincipalKind = Field(
        description="`secretariat` also for a person of the secretariat signed in to the staff app."
    )
    name: str = Field(description="A person's name; a token's or system's name otherwise.")
    person_id: uuid.UUID | None
    seats: list[SeatOut] = Field(description="A person's active memberships today (a system's: none).")
    permissions: list[BodyPermissions] = Field(
        description="For each body the caller acts in beyond its global permissions, what it holds there "
        "(the same table `GET /api/v1/policy` shows and the API enforces)."
    )
    global_permissions: list[str] = Field(description="Permissions held regardless of body.")
    session: SessionTimes | None = Field(description="When signed in with the staff app's cookie; else null.")


class DemoPerson(BaseModel):
    person_id: uuid.UUID
    name: str
    organization: str | None
    seats_nb: list[str] = Field(examples=[["Leder av Arbeidsutvalget", "Medlem, Prosjektstyret"]])


class SignInOptions(BaseModel):
    oidc: bool = Field(description="Whether sign-in with the deployment's OpenID Connect provider is set up.")
    login_url: Literal["/auth/login"] | None = Field(
        description="Where the browser goes to sign in (add `?next=/arbeid/…`); null without a provider."
    )
    demo: bool = Field(description="Demo sign-in is on: anyone may sign in as any demo person. Say so loudly.")
    demo_persons: list[DemoPerson] = Field(description="Empty unless demo sign-in is on.")


class DemoSignIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    person_id: uuid.UUID


class OwnSessionOut(BaseModel):
    """One of the caller's running staff app sessions (neither ended nor expired)."""

    id: uuid.UUID
    how: SignInMethod
    created_at: datetime = Field(description="When it was signed in.")
    last_seen_at: datetime = Field(description="Its last request, to the minute.")
    idle_expires_at: datetime = Field(description="It ends then unless a request comes first.")
    expires_at: datetime = Field(description="It ends then, however busy.")
    user_agent: str | None = Field(description="The browser that signed in, as it named itself.")
    current: bool = Field(description="Whether this request came with it.")


class SessionsEnded(BaseModel):
    ended: int = Field(description="How many sessions ended.")
