"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-25 01:18:31.501497
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_events',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=200), nullable=False),
    sa.Column('action', sa.String(length=100), nullable=False),
    sa.Column('entity_type', sa.String(length=50), nullable=False),
    sa.Column('entity_id', sa.Uuid(), nullable=False),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_events'))
    )
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.create_index('ix_audit_events_actor_at', ['actor', 'at'], unique=False)
        batch_op.create_index('ix_audit_events_at_id', ['at', 'id'], unique=False)
        batch_op.create_index('ix_audit_events_entity_id_at', ['entity_id', 'at'], unique=False)
        batch_op.create_index('ix_audit_events_entity_type_at', ['entity_type', 'at'], unique=False)
        batch_op.create_index('ix_audit_events_action_at', ['action', 'at'], unique=False)

    op.create_table('bodies',
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('short_name', sa.String(length=50), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('mandate', sa.Text(), nullable=True),
    sa.Column('parent_body_id', sa.Uuid(), nullable=True),
    sa.Column('established_by_decision_id', sa.Uuid(), nullable=True),
    sa.Column('deadline', sa.Date(), nullable=True),
    sa.Column('support', sa.Text(), nullable=True),
    sa.Column('dissolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['parent_body_id'], ['bodies.id'], name=op.f('fk_bodies_parent_body_id_bodies')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bodies')),
    sa.UniqueConstraint('established_by_decision_id', name=op.f('uq_bodies_established_by_decision_id'))
    )
    with op.batch_alter_table('bodies', schema=None) as batch_op:
        batch_op.create_index('ix_bodies_kind_status', ['kind', 'status'], unique=False)
        batch_op.create_index('ix_bodies_name_id', ['name', 'id'], unique=False)
        batch_op.create_index('ix_bodies_status', ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_bodies_parent_body_id'), ['parent_body_id'], unique=False)

    op.create_table('counters',
    sa.Column('scope', sa.String(length=200), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('scope', name=op.f('pk_counters'))
    )
    op.create_table('documents',
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('public', sa.Boolean(), nullable=False),
    sa.Column('exemption_basis', sa.String(length=300), nullable=True),
    sa.Column('title_public', sa.Boolean(), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_documents'))
    )
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.create_index('ix_documents_created_id', ['created_at', 'id'], unique=False)
        batch_op.create_index('ix_documents_kind_created_id', ['kind', 'created_at', 'id'], unique=False)
        batch_op.create_index('ix_documents_published_at', ['published_at'], unique=False)

    op.create_table('organizations',
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('short_name', sa.String(length=50), nullable=True),
    sa.Column('org_number', sa.String(length=9), nullable=True),
    sa.Column('central_health_administration', sa.Boolean(), nullable=False),
    sa.Column('collaboration_actor', sa.Boolean(), nullable=False),
    sa.Column('stakeholder', sa.Boolean(), nullable=False),
    sa.Column('responsibilities', sa.JSON(), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organizations')),
    sa.UniqueConstraint('name', name=op.f('uq_organizations_name')),
    sa.UniqueConstraint('org_number', name=op.f('uq_organizations_org_number'))
    )
    with op.batch_alter_table('organizations', schema=None) as batch_op:
        batch_op.create_index('ix_organizations_cha', ['central_health_administration'], unique=False)
        batch_op.create_index('ix_organizations_collaboration_actor', ['collaboration_actor'], unique=False)
        batch_op.create_index('ix_organizations_name_id', ['name', 'id'], unique=False)
        batch_op.create_index('ix_organizations_stakeholder', ['stakeholder'], unique=False)

    op.create_table('deliveries',
    sa.Column('subcommittee_id', sa.Uuid(), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('document_id', sa.Uuid(), nullable=False),
    sa.Column('delivered_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('late', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_deliveries_document_id_documents')),
    sa.ForeignKeyConstraint(['subcommittee_id'], ['bodies.id'], name=op.f('fk_deliveries_subcommittee_id_bodies')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deliveries'))
    )
    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_deliveries_document_id'), ['document_id'], unique=False)
        batch_op.create_index('ix_deliveries_subcommittee_delivered', ['subcommittee_id', 'delivered_at'], unique=False)

    op.create_table('meetings',
    sa.Column('body_id', sa.Uuid(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=True),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('location', sa.String(length=300), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('minutes_document_id', sa.Uuid(), nullable=True),
    sa.Column('internal_notes', sa.Text(), nullable=True),
    sa.Column('convened_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('held_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('minutes_approved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['body_id'], ['bodies.id'], name=op.f('fk_meetings_body_id_bodies')),
    sa.ForeignKeyConstraint(['minutes_document_id'], ['documents.id'], name=op.f('fk_meetings_minutes_document_id_documents')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meetings')),
    sa.UniqueConstraint('body_id', 'number', name=op.f('uq_meetings_body_id_number'))
    )
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.create_index('ix_meetings_body_starts_id', ['body_id', 'starts_at', 'id'], unique=False)
        batch_op.create_index('ix_meetings_starts_id', ['starts_at', 'id'], unique=False)
        batch_op.create_index('ix_meetings_status_starts_id', ['status', 'starts_at', 'id'], unique=False)

    op.create_table('persons',
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=True),
    sa.Column('organization_id', sa.Uuid(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_persons_organization_id_organizations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_persons')),
    sa.UniqueConstraint('email', name=op.f('uq_persons_email'))
    )
    with op.batch_alter_table('persons', schema=None) as batch_op:
        batch_op.create_index('ix_persons_name_id', ['name', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_persons_organization_id'), ['organization_id'], unique=False)

    op.create_table('api_tokens',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('person_id', sa.Uuid(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("(role = 'secretariat' AND person_id IS NULL) OR (role = 'person' AND person_id IS NOT NULL)", name=op.f('ck_api_tokens_role_matches_person')),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_api_tokens_person_id_persons')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_tokens')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_api_tokens_token_hash'))
    )
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_tokens_person_id'), ['person_id'], unique=False)

    op.create_table('cases',
    sa.Column('owner_body_id', sa.Uuid(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('summary', sa.Text(), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('strategic_rationale', sa.Text(), nullable=True),
    sa.Column('large_development_work', sa.Boolean(), nullable=False),
    sa.Column('subcommittee_delivery_id', sa.Uuid(), nullable=True),
    sa.Column('return_reason', sa.Text(), nullable=True),
    sa.Column('return_reason_public', sa.Boolean(), nullable=False),
    sa.Column('carry_over', sa.Boolean(), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['owner_body_id'], ['bodies.id'], name=op.f('fk_cases_owner_body_id_bodies')),
    sa.ForeignKeyConstraint(['subcommittee_delivery_id'], ['deliveries.id'], name=op.f('fk_cases_subcommittee_delivery_id_deliveries')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cases')),
    sa.UniqueConstraint('owner_body_id', 'year', 'sequence', name=op.f('uq_cases_owner_body_id_year_sequence'))
    )
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.create_index('ix_cases_created_id', ['created_at', 'id'], unique=False)
        batch_op.create_index('ix_cases_kind_created_id', ['kind', 'created_at', 'id'], unique=False)
        batch_op.create_index('ix_cases_owner_created_id', ['owner_body_id', 'created_at', 'id'], unique=False)
        batch_op.create_index('ix_cases_status_created_id', ['status', 'created_at', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cases_subcommittee_delivery_id'), ['subcommittee_delivery_id'], unique=False)

    op.create_table('memberships',
    sa.Column('body_id', sa.Uuid(), nullable=False),
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('organization_id', sa.Uuid(), nullable=True),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('deputy_for_membership_id', sa.Uuid(), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('allocation_percent', sa.Integer(), nullable=True),
    sa.Column('competence', sa.Text(), nullable=True),
    sa.Column('background', sa.String(length=30), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('allocation_percent IS NULL OR (allocation_percent >= 0 AND allocation_percent <= 100)', name=op.f('ck_memberships_allocation_range')),
    sa.CheckConstraint('end_date IS NULL OR end_date >= start_date', name=op.f('ck_memberships_end_after_start')),
    sa.ForeignKeyConstraint(['body_id'], ['bodies.id'], name=op.f('fk_memberships_body_id_bodies')),
    sa.ForeignKeyConstraint(['deputy_for_membership_id'], ['memberships.id'], name=op.f('fk_memberships_deputy_for_membership_id_memberships')),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_memberships_organization_id_organizations')),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_memberships_person_id_persons')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_memberships'))
    )
    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.create_index('ix_memberships_body_role', ['body_id', 'role'], unique=False)
        batch_op.create_index('ix_memberships_body_start_id', ['body_id', 'start_date', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_memberships_deputy_for_membership_id'), ['deputy_for_membership_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_memberships_organization_id'), ['organization_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_memberships_person_id'), ['person_id'], unique=False)

    op.create_table('publications',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('entity_type', sa.String(length=30), nullable=False),
    sa.Column('entity_id', sa.Uuid(), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('meeting_id', sa.Uuid(), nullable=True),
    sa.Column('trigger', sa.String(length=100), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_publications_meeting_id_meetings')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_publications')),
    sa.UniqueConstraint('kind', 'entity_id', name=op.f('uq_publications_kind_entity_id'))
    )
    with op.batch_alter_table('publications', schema=None) as batch_op:
        batch_op.create_index('ix_publications_at_id', ['at', 'id'], unique=False)
        batch_op.create_index('ix_publications_entity_type_id', ['entity_type', 'entity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_publications_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('agenda_items',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('meeting_id', sa.Uuid(), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=True),
    sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_agenda_items_case_id_cases')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_agenda_items_meeting_id_meetings')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agenda_items')),
    sa.UniqueConstraint('meeting_id', 'case_id', name=op.f('uq_agenda_items_meeting_id_case_id'))
    )
    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agenda_items_case_id'), ['case_id'], unique=False)
        batch_op.create_index('ix_agenda_items_meeting_position', ['meeting_id', 'position'], unique=False)

    op.create_table('case_documents',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=False),
    sa.Column('document_id', sa.Uuid(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('attached_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_documents_case_id_cases')),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_case_documents_document_id_documents')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_documents')),
    sa.UniqueConstraint('case_id', 'document_id', name=op.f('uq_case_documents_case_id_document_id'))
    )
    with op.batch_alter_table('case_documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_documents_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_documents_document_id'), ['document_id'], unique=False)

    op.create_table('case_stakeholders',
    sa.Column('case_id', sa.Uuid(), nullable=False),
    sa.Column('organization_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_stakeholders_case_id_cases')),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_case_stakeholders_organization_id_organizations')),
    sa.PrimaryKeyConstraint('case_id', 'organization_id', name=op.f('pk_case_stakeholders'))
    )
    with op.batch_alter_table('case_stakeholders', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_stakeholders_organization_id'), ['organization_id'], unique=False)

    op.create_table('decisions',
    sa.Column('meeting_id', sa.Uuid(), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('subject_organization_id', sa.Uuid(), nullable=True),
    sa.Column('follow_up_status', sa.String(length=20), nullable=False),
    sa.Column('follow_up_note', sa.Text(), nullable=True),
    sa.Column('responsible_body_id', sa.Uuid(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_decisions_case_id_cases')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_decisions_meeting_id_meetings')),
    sa.ForeignKeyConstraint(['responsible_body_id'], ['bodies.id'], name=op.f('fk_decisions_responsible_body_id_bodies')),
    sa.ForeignKeyConstraint(['subject_organization_id'], ['organizations.id'], name=op.f('fk_decisions_subject_organization_id_organizations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decisions')),
    sa.UniqueConstraint('case_id', name=op.f('uq_decisions_case_id'))
    )
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.create_index('ix_decisions_decided_id', ['decided_at', 'id'], unique=False)
        batch_op.create_index('ix_decisions_follow_up_decided_id', ['follow_up_status', 'decided_at', 'id'], unique=False)
        batch_op.create_index('ix_decisions_kind_decided_id', ['kind', 'decided_at', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_decisions_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index('ix_decisions_responsible_decided_id', ['responsible_body_id', 'decided_at', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_decisions_subject_organization_id'), ['subject_organization_id'], unique=False)

    # bodies and decisions refer to each other: this key can only follow both tables.
    with op.batch_alter_table('bodies', schema=None) as batch_op:
        batch_op.create_foreign_key(
            op.f('fk_bodies_established_by_decision_id_decisions'), 'decisions',
            ['established_by_decision_id'], ['id'],
        )

    op.create_table('annual_plans',
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('document_id', sa.Uuid(), nullable=False),
    sa.Column('adopted_by_decision_id', sa.Uuid(), nullable=False),
    sa.Column('adopted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['adopted_by_decision_id'], ['decisions.id'], name=op.f('fk_annual_plans_adopted_by_decision_id_decisions')),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_annual_plans_document_id_documents')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_annual_plans')),
    sa.UniqueConstraint('adopted_by_decision_id', name=op.f('uq_annual_plans_adopted_by_decision_id')),
    sa.UniqueConstraint('year', name=op.f('uq_annual_plans_year'))
    )
    with op.batch_alter_table('annual_plans', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_annual_plans_document_id'), ['document_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('bodies', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('fk_bodies_established_by_decision_id_decisions'), type_='foreignkey')
    with op.batch_alter_table('annual_plans', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_annual_plans_document_id'))

    op.drop_table('annual_plans')
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_decisions_subject_organization_id'))
        batch_op.drop_index('ix_decisions_responsible_decided_id')
        batch_op.drop_index(batch_op.f('ix_decisions_meeting_id'))
        batch_op.drop_index('ix_decisions_kind_decided_id')
        batch_op.drop_index('ix_decisions_follow_up_decided_id')
        batch_op.drop_index('ix_decisions_decided_id')

    op.drop_table('decisions')
    with op.batch_alter_table('case_stakeholders', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_stakeholders_organization_id'))

    op.drop_table('case_stakeholders')
    with op.batch_alter_table('case_documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_documents_document_id'))
        batch_op.drop_index(batch_op.f('ix_case_documents_case_id'))

    op.drop_table('case_documents')
    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.drop_index('ix_agenda_items_meeting_position')
        batch_op.drop_index(batch_op.f('ix_agenda_items_case_id'))

    op.drop_table('agenda_items')
    with op.batch_alter_table('publications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_publications_meeting_id'))
        batch_op.drop_index('ix_publications_entity_type_id')
        batch_op.drop_index('ix_publications_at_id')

    op.drop_table('publications')
    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_memberships_person_id'))
        batch_op.drop_index(batch_op.f('ix_memberships_organization_id'))
        batch_op.drop_index(batch_op.f('ix_memberships_deputy_for_membership_id'))
        batch_op.drop_index('ix_memberships_body_start_id')
        batch_op.drop_index('ix_memberships_body_role')

    op.drop_table('memberships')
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cases_subcommittee_delivery_id'))
        batch_op.drop_index('ix_cases_status_created_id')
        batch_op.drop_index('ix_cases_owner_created_id')
        batch_op.drop_index('ix_cases_kind_created_id')
        batch_op.drop_index('ix_cases_created_id')

    op.drop_table('cases')
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_tokens_person_id'))

    op.drop_table('api_tokens')
    with op.batch_alter_table('persons', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_persons_organization_id'))
        batch_op.drop_index('ix_persons_name_id')

    op.drop_table('persons')
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.drop_index('ix_meetings_status_starts_id')
        batch_op.drop_index('ix_meetings_starts_id')
        batch_op.drop_index('ix_meetings_body_starts_id')

    op.drop_table('meetings')
    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        batch_op.drop_index('ix_deliveries_subcommittee_delivered')
        batch_op.drop_index(batch_op.f('ix_deliveries_document_id'))

    op.drop_table('deliveries')
    with op.batch_alter_table('organizations', schema=None) as batch_op:
        batch_op.drop_index('ix_organizations_stakeholder')
        batch_op.drop_index('ix_organizations_name_id')
        batch_op.drop_index('ix_organizations_collaboration_actor')
        batch_op.drop_index('ix_organizations_cha')

    op.drop_table('organizations')
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_index('ix_documents_published_at')
        batch_op.drop_index('ix_documents_kind_created_id')
        batch_op.drop_index('ix_documents_created_id')

    op.drop_table('documents')
    op.drop_table('counters')
    with op.batch_alter_table('bodies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bodies_parent_body_id'))
        batch_op.drop_index('ix_bodies_status')
        batch_op.drop_index('ix_bodies_name_id')
        batch_op.drop_index('ix_bodies_kind_status')

    op.drop_table('bodies')
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_events_action_at')
        batch_op.drop_index('ix_audit_events_entity_type_at')
        batch_op.drop_index('ix_audit_events_entity_id_at')
        batch_op.drop_index('ix_audit_events_at_id')
        batch_op.drop_index('ix_audit_events_actor_at')

    op.drop_table('audit_events')
