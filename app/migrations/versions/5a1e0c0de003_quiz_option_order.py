"""quiz attempts remember the seed their options were shuffled with

Revision ID: 5a1e0c0de003
Revises: 5a1e0c0de002
"""

from alembic import op
import sqlalchemy as sa


revision = "5a1e0c0de003"
down_revision = "5a1e0c0de002"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("quiz_attempt") as batch_op:
        batch_op.add_column(sa.Column("shuffle_seed", sa.Integer(), nullable=True))
        batch_op.create_unique_constraint("uq_quiz_attempt_learner_id", ["learner_id", "lesson_id", "shuffle_seed"])


def downgrade():
    with op.batch_alter_table("quiz_attempt") as batch_op:
        batch_op.drop_constraint("uq_quiz_attempt_learner_id", type_="unique")
        batch_op.drop_column("shuffle_seed")
