"""case_support: a wholly erased case is marked (it cannot be reopened) and forgets the client's code,
and a collaborator's assignment can end (kept, with who ended it and when).

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "support_case",
        sa.Column("wholly_erased", sa.Boolean(), server_default=sa.text("false"), nullable=False),
    )
    # A case erased before this revision was erased whole if its client's reporting key is gone.
    op.execute(
        "UPDATE support_case c SET wholly_erased = true WHERE c.erased_at IS NOT NULL AND NOT EXISTS "
        "(SELECT 1 FROM reporting_key k WHERE k.ward = c.ward AND k.client_code = c.client_code)"
    )
    # ... and forgets the client's code, in the case and its referrals (nothing leads back to the facts).
    op.execute(
        "UPDATE referral r SET client_code = '' FROM support_case c WHERE r.case_id = c.id AND c.wholly_erased"
    )
    op.execute("UPDATE support_case SET client_code = '' WHERE wholly_erased")
    op.add_column("case_assignment", sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("case_assignment", sa.Column("ended_by", sa.String(length=200), nullable=True))


def downgrade() -> None:
    op.drop_column("case_assignment", "ended_by")
    op.drop_column("case_assignment", "ended_at")
    op.drop_column("support_case", "wholly_erased")
