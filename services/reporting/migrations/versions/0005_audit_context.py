"""reporting: the audit log records ward, reason and request id, and is append-only.

Revision ID: 0005
Revises: 0004
"""

from alembic import op

from shared.migrations import audit_context, drop_audit_context

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    audit_context(op)


def downgrade() -> None:
    drop_audit_context(op)
