"""teacher accounts: session token, email confirmation

Revision ID: 5a1e0c0de001
Revises: 4f9b0cc1aa19
"""

import secrets
from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa


revision = "5a1e0c0de001"
down_revision = "4f9b0cc1aa19"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("teacher") as batch_op:
        batch_op.add_column(sa.Column("session_token", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True))
    # Existing teachers get a token of their own (their old cookies stop working: everyone signs in again),
    # and count as confirmed: they signed up before addresses were confirmed.
    teacher = sa.table(
        "teacher",
        sa.column("id", sa.Integer),
        sa.column("session_token", sa.String),
        sa.column("confirmed_at", sa.DateTime(timezone=True)),
    )
    bind = op.get_bind()
    now = datetime.now(timezone.utc)
    for (teacher_id,) in bind.execute(sa.select(teacher.c.id)).all():
        bind.execute(
            teacher.update()
            .where(teacher.c.id == teacher_id)
            .values(session_token=secrets.token_urlsafe(32), confirmed_at=now)
        )
    with op.batch_alter_table("teacher") as batch_op:
        batch_op.alter_column("session_token", existing_type=sa.String(length=64), nullable=False)


def downgrade():
    with op.batch_alter_table("teacher") as batch_op:
        batch_op.drop_column("confirmed_at")
        batch_op.drop_column("session_token")
