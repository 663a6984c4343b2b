"""Intake: drop ``ix_tip_ward``, which ``ix_tip_ward_received`` (ward, received_at) makes redundant.

Every query by ward alone is served by the two-column index's leading column, so the single-column one
only cost a write for every new tip (and the space of a second copy of every ward code).

Revision ID: 0006
Revises: 0005
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_tip_ward", table_name="tip")


def downgrade() -> None:
    op.create_index("ix_tip_ward", "tip", ["ward"])
