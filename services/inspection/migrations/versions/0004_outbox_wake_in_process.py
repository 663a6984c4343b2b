"""inspection: no NOTIFY from a session whose process wakes its own relay (shared/migrations.py).

Revision ID: 0004
Revises: 0003
"""

from alembic import op

from shared.migrations import notify_always, notify_unless_relay_in_process

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    notify_unless_relay_in_process(op)


def downgrade() -> None:
    notify_always(op)
