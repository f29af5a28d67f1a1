"""initial schema: products, jobs, creatives, placements, events

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-21
"""

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('events',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('event_id', sa.String(length=64), nullable=False),
    sa.Column('decision_id', sa.String(length=32), nullable=False),
    sa.Column('creative_id', sa.String(length=64), nullable=False),
    sa.Column('placement', sa.String(length=64), nullable=False),
    sa.Column('segment', sa.String(length=64), nullable=False),
    sa.Column('user', sa.String(length=128), nullable=True),
    sa.Column('policy', sa.String(length=16), nullable=False),
    sa.Column('probability', sa.Float(), nullable=False),
    sa.Column('context', sa.JSON(), nullable=False),
    sa.Column('value', sa.Float(), nullable=True),
    sa.Column('created', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('kind', 'event_id', name='uq_events_kind_event_id')
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index('ix_events_creative_kind', ['creative_id', 'kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_decision_id'), ['decision_id'], unique=False)

    op.create_table('placements',
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('size', sa.String(length=16), nullable=False),
    sa.Column('products', sa.JSON(), nullable=False),
    sa.Column('created', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('name')
    )
    op.create_table('products',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('brief', sa.JSON(), nullable=False),
    sa.Column('photo', sa.String(length=80), nullable=False),
    sa.Column('logo', sa.String(length=80), nullable=True),
    sa.Column('landing_url', sa.String(length=2000), nullable=True),
    sa.Column('created', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('creatives',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('product_id', sa.String(length=32), nullable=False),
    sa.Column('job_id', sa.String(length=32), nullable=False),
    sa.Column('size', sa.String(length=16), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('terms', sa.JSON(), nullable=False),
    sa.Column('document', sa.JSON(), nullable=False),
    sa.Column('image', sa.String(length=120), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('creatives', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_creatives_product_id'), ['product_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_creatives_size'), ['size'], unique=False)
        batch_op.create_index(batch_op.f('ix_creatives_status'), ['status'], unique=False)

    op.create_table('jobs',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('product_id', sa.String(length=32), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('stage', sa.String(length=40), nullable=False),
    sa.Column('done', sa.Integer(), nullable=False),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('options', sa.JSON(), nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('warnings', sa.JSON(), nullable=False),
    sa.Column('created', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_jobs_product_id'), ['product_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_jobs_product_id'))

    op.drop_table('jobs')
    with op.batch_alter_table('creatives', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_creatives_status'))
        batch_op.drop_index(batch_op.f('ix_creatives_size'))
        batch_op.drop_index(batch_op.f('ix_creatives_product_id'))

    op.drop_table('creatives')
    op.drop_table('products')
    op.drop_table('placements')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_events_decision_id'))
        batch_op.drop_index('ix_events_creative_kind')

    op.drop_table('events')
