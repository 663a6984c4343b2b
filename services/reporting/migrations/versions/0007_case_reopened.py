"""reporting: a case-support case that is reopened after a closure is active again (``reopened_at``);
``closed_at`` becomes the latest closure (it was the first).

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("case_fact", sa.Column("reopened_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    op.drop_column("case_fact", "reopened_at")
