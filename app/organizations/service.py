"""Organizations: the agencies and actors of the collaboration. Only the secretariat registers them."""

from __future__ import annotations

import uuid

from sqlalchemy import or_, select

from app.context import RequestContext
from app.http import check_if_match
from app.organizations.models import Organization
from app.organizations.schemas import (
    OrganizationCreate,
    OrganizationOut,
    OrganizationUpdate,
)
from app.pagination import PageParams, paginate, where_equal
from app.resources import (
    apply_changes,
    audited_update,
    create_audited,
    ensure_unique,
    get_or_404,
)


def list_organizations(
    ctx: RequestContext,
    page: PageParams,
    central_health_administration: bool | None = None,
    collaboration_actor: bool | None = None,
    stakeholder: bool | None = None,
    q: str | None = None,
) -> tuple[list[Organization], str | None]:
    stmt = where_equal(
        select(Organization),
        {
            Organization.central_health_administration: central_health_administration,
            Organization.collaboration_actor: collaboration_actor,
            Organization.stakeholder: stakeholder,
        },
    )
    if q:
        pattern = f"%{q}%"
        stmt = stmt.where(or_(Organization.name.ilike(pattern), Organization.short_name.ilike(pattern)))
    return paginate(ctx.session, stmt, Organization.name, Organization.id, page)


def get_organization(ctx: RequestContext, organization_id: uuid.UUID) -> Organization:
    return get_or_404(ctx.session, Organization, organization_id, "organization")


def register_organization(ctx: RequestContext, data: OrganizationCreate) -> Organization:
    ensure_unique(ctx.session, Organization.name, data.name, "organization")
    ensure_unique(ctx.session, Organization.org_number, data.org_number, "organization")
    return create_audited(ctx, Organization(**data.model_dump()), OrganizationOut, "organization")


def update_organization(
    ctx: RequestContext, organization_id: uuid.UUID, data: OrganizationUpdate, if_match: str | None
) -> Organization:
    org = get_or_404(ctx.session, Organization, organization_id, "organization", lock=True)
    check_if_match(if_match, org)
    changes = data.model_dump(exclude_unset=True)
    ensure_unique(ctx.session, Organization.name, changes.get("name"), "organization", org.id)
    ensure_unique(ctx.session, Organization.org_number, changes.get("org_number"), "organization", org.id)
    with audited_update(ctx, org, OrganizationOut, "organization"):
        apply_changes(org, changes)
    return org
