"""audit events form a hash chain: seq, prev_hash and hash on each, and the chain head

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 15:00:00

Existing events are chained in (at, id) order. Their hashes are computed in Python by the function
the service appends with (app.audit.chain.event_hash), over the values as the models read them, so
`samordning audit verify` finds the backfilled chain intact on both databases.
"""
from alembic import op
import sqlalchemy as sa

from app.audit.chain import GENESIS, event_hash
from app.db import UtcDateTime


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

EVENTS = sa.table(
    'audit_events',
    sa.column('id', sa.Uuid()), sa.column('at', UtcDateTime()), sa.column('actor', sa.String()),
    sa.column('action', sa.String()), sa.column('entity_type', sa.String()), sa.column('entity_id', sa.Uuid()),
    sa.column('before', sa.JSON()), sa.column('after', sa.JSON()),
    sa.column('seq', sa.BigInteger()), sa.column('prev_hash', sa.String()), sa.column('hash', sa.String()),
)
HEAD = sa.table('audit_chain_head', sa.column('id', sa.Integer()), sa.column('seq', sa.BigInteger()),
                sa.column('hash', sa.String()))
CHAIN_COLUMNS = [('seq', sa.BigInteger()), ('prev_hash', sa.String(length=64)), ('hash', sa.String(length=64))]


def upgrade() -> None:
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        for name, type_ in CHAIN_COLUMNS:
            batch_op.add_column(sa.Column(name, type_, nullable=True))
    op.create_table(
        'audit_chain_head',
        sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('seq', sa.BigInteger(), nullable=False),
        sa.Column('hash', sa.String(length=64), nullable=False),
        sa.CheckConstraint('id = 1', name=op.f('ck_audit_chain_head_one_row')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_chain_head')),
    )
    _chain_existing_events(op.get_bind())
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        for name, type_ in CHAIN_COLUMNS:
            batch_op.alter_column(name, existing_type=type_, nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_audit_events_seq'), ['seq'])


def _chain_existing_events(conn) -> None:  # noqa: ANN001
    seq, prev_hash, links = 0, GENESIS, []
    for event in conn.execute(sa.select(EVENTS).order_by(EVENTS.c.at, EVENTS.c.id)):
        seq += 1
        links.append({'event_id': event.id, 'seq': seq, 'prev_hash': prev_hash,
                      'hash': event_hash(event, seq, prev_hash)})
        prev_hash = links[-1]['hash']
    if not links:
        return  # the first event appended starts the chain and its head
    conn.execute(
        EVENTS.update().where(EVENTS.c.id == sa.bindparam('event_id')).values(
            seq=sa.bindparam('seq'), prev_hash=sa.bindparam('prev_hash'), hash=sa.bindparam('hash')),
        links,
    )
    conn.execute(HEAD.insert().values(id=1, seq=seq, hash=prev_hash))


def downgrade() -> None:
    op.drop_table('audit_chain_head')
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_audit_events_seq'), type_='unique')
        for name, _ in reversed(CHAIN_COLUMNS):
            batch_op.drop_column(name)
