"""teacher accounts: session token, email confirmation

Revision ID: 5a1e0c0de001
Revises: 4f9b0cc1aa19
"""
from alembic import op
import sqlalchemy as sa


revision = "5a1e0c0de001"
down_revision = "4f9b0cc1aa19"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
