"""Reporting: tip lifecycle facts (status, closure, timeliness).

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)
COLUMNS = [
    sa.Column("status", sa.String(40)),
    sa.Column("closed_at", TZ),
    sa.Column("on_time", sa.Boolean),
    sa.Column("outcome", sa.String(60)),
    sa.Column("state_at", TZ),
]


def upgrade() -> None:
    for column in COLUMNS:
        op.add_column("tip_fact", column)


def downgrade() -> None:
    for column in reversed(COLUMNS):
        op.drop_column("tip_fact", column.name)
