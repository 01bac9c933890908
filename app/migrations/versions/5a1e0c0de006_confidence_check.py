"""the start-and-end check: counts per class, and who answered each phase (never their ratings)

Revision ID: 5a1e0c0de006
Revises: 5a1e0c0de005
Create Date: 2026-11-29 22:40:00

"""

import sqlalchemy as sa
from alembic import op

revision = "5a1e0c0de006"
down_revision = "5a1e0c0de005"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "confidence_tally",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("classroom_id", sa.Integer(), nullable=False),
        sa.Column("lesson_id", sa.String(length=80), nullable=False),
        sa.Column("statement_id", sa.String(length=80), nullable=False),
        sa.Column("phase", sa.String(length=6), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["classroom_id"],
            ["classroom.id"],
            name=op.f("fk_confidence_tally_classroom_id_classroom"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_confidence_tally")),
        sa.UniqueConstraint(
            "classroom_id",
            "lesson_id",
            "statement_id",
            "phase",
            "rating",
            name=op.f("uq_confidence_tally_classroom_id"),
        ),
    )
    op.create_table(
        "confidence_response",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("classroom_id", sa.Integer(), nullable=False),
        sa.Column("lesson_id", sa.String(length=80), nullable=False),
        sa.Column("student_id", sa.Integer(), nullable=False),
        sa.Column("phase", sa.String(length=6), nullable=False),
        sa.ForeignKeyConstraint(
            ["classroom_id"],
            ["classroom.id"],
            name=op.f("fk_confidence_response_classroom_id_classroom"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["student_id"], ["student.id"], name=op.f("fk_confidence_response_student_id_student"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_confidence_response")),
        sa.UniqueConstraint(
            "classroom_id", "lesson_id", "student_id", "phase", name=op.f("uq_confidence_response_classroom_id")
        ),
    )
    with op.batch_alter_table("confidence_response", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_confidence_response_student_id"), ["student_id"], unique=False)


def downgrade():
    with op.batch_alter_table("confidence_response", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_confidence_response_student_id"))
    op.drop_table("confidence_response")
    op.drop_table("confidence_tally")
