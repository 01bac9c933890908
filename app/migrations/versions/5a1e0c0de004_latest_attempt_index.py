"""a learner's latest attempt per lesson is one index probe: the learner-lesson index ends with the id

Revision ID: 5a1e0c0de004
Revises: 5a1e0c0de003
"""

from alembic import op


revision = "5a1e0c0de004"
down_revision = "5a1e0c0de003"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("quiz_attempt") as batch_op:
        batch_op.drop_index("ix_quiz_attempt_learner_lesson")
        batch_op.create_index("ix_quiz_attempt_learner_lesson", ["learner_id", "lesson_id", "id"], unique=False)


def downgrade():
    with op.batch_alter_table("quiz_attempt") as batch_op:
        batch_op.drop_index("ix_quiz_attempt_learner_lesson")
        batch_op.create_index("ix_quiz_attempt_learner_lesson", ["learner_id", "lesson_id"], unique=False)
