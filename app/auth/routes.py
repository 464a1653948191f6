"""The permission table, readable by anyone: who may do what is not a secret."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field

from app.auth.policy import POLICY, Relation
from app.bodies.schemas import BodyKind
from app.context import permit
from app.memberships.schemas import MembershipRole
from app.pagination import Page
from app.routing import Router

router = Router(prefix="/api/v1", tags=["policy"])


class GrantOut(BaseModel):
    relation: Relation = Field(description="The principal's relation to the object's body.")
    roles: list[MembershipRole] = Field(description="For persons: the roles of the seat the grant holds through.")
    on: list[BodyKind] | None = Field(description="Only for objects whose body is of these kinds (null: any).")


class PermissionOut(BaseModel):
    name: str
    description: str
    description_nb: str = Field(description="The same in Norwegian (bokmål), as a refused person reads it.")
    grants: list[GrantOut]


@router.get(
    "/policy",
    response_model=Page[PermissionOut],
    summary="Who may do what: every permission the routes declare, and who holds it",
)
def list_permissions(_: Annotated[None, permit("policy.read")]) -> Page[PermissionOut]:
    return Page(
        items=[
            PermissionOut(
                name=name,
                description=p.description,
                description_nb=p.description_nb,
                grants=[
                    GrantOut(relation=g.relation, roles=list(g.roles), on=list(g.on) if g.on else None)
                    for g in p.grants
                ],
            )
            for name, p in POLICY.items()
        ],
        next_cursor=None,
    )
