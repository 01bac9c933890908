"""age routes: a class's band, and the band a live session was started with

Revision ID: 5a1e0c0de007
Revises: 5a1e0c0de006
Create Date: 2026-11-30 01:40:00

"""

import sqlalchemy as sa
from alembic import op

revision = "5a1e0c0de007"
down_revision = "5a1e0c0de006"
branch_labels = None
depends_on = None

BANDS = "age_band IN ('12-14', '15-18')"


def upgrade():
    sqlite = op.get_context().dialect.name == "sqlite"
    for table in ("classroom", "live_session"):
        # Existing classes read the whole lesson, as they did before the routes existed.
        if sqlite:
            # SQLite adds a column in place; batch mode would rebuild the table by dropping the old one, and with
            # foreign keys on, the drop would delete every student, assignment and session of every class.
            op.execute(
                f"ALTER TABLE {table} ADD COLUMN age_band VARCHAR(5) DEFAULT '15-18' NOT NULL "
                f"CONSTRAINT ck_{table}_age_band CHECK ({BANDS})"
            )
        else:
            op.add_column(table, sa.Column("age_band", sa.String(length=5), server_default="15-18", nullable=False))
            op.create_check_constraint("age_band", table, BANDS)


def downgrade():
    sqlite = op.get_context().dialect.name == "sqlite"
    if sqlite:
        op.execute("PRAGMA foreign_keys=OFF")  # the rebuild below must not cascade (see upgrade)
    for table in ("live_session", "classroom"):
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(op.f(f"ck_{table}_age_band"), type_="check")
            batch.drop_column("age_band")
    if sqlite:
        op.execute("PRAGMA foreign_keys=ON")
