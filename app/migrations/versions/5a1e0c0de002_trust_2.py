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
    # Nicknames are unique per class by their look-alike key ("Ana", "ana" and "Аna" are one name).
    with op.batch_alter_table("student") as batch_op:
        batch_op.add_column(sa.Column("nickname_key", sa.String(length=80), nullable=True))

    from app.nicknames import KEY_MAX, nickname_key

    student = sa.table(
        "student",
        sa.column("id", sa.Integer),
        sa.column("classroom_id", sa.Integer),
        sa.column("nickname", sa.String),
        sa.column("nickname_key", sa.String),
    )
    conn = op.get_bind()
    taken = set()
    for row in conn.execute(sa.select(student.c.id, student.c.classroom_id, student.c.nickname).order_by(student.c.id)):
        key = nickname_key(row.nickname)
        if (row.classroom_id, key) in taken:
            # Look-alikes that joined before this check keep their place; the later one gets a distinct key
            # (and still signs back in with its exact nickname).
            suffix = f"~{row.id}"
            key = key[: KEY_MAX - len(suffix)] + suffix
        taken.add((row.classroom_id, key))
        conn.execute(student.update().where(student.c.id == row.id).values(nickname_key=key))

    with op.batch_alter_table("student") as batch_op:
        batch_op.alter_column("nickname_key", existing_type=sa.String(length=80), nullable=False)
        batch_op.drop_constraint("uq_student_classroom_id", type_="unique")
        batch_op.create_unique_constraint("uq_student_classroom_id", ["classroom_id", "nickname_key"])


def downgrade():
    with op.batch_alter_table("student") as batch_op:
        batch_op.drop_constraint("uq_student_classroom_id", type_="unique")
        batch_op.create_unique_constraint("uq_student_classroom_id", ["classroom_id", "nickname"])
        batch_op.drop_column("nickname_key")
