"""Inspection: the outbox trigger sends no NOTIFY for a session whose process wakes its own relay.

A NOTIFY takes a lock on the database at commit, so the commits of every writer that sent one wait for
each other, WAL flush included. The service's own writers now wake the relay that runs beside them; a
writer in another process (a tool, one without a relay) still notifies, as does one on an older
release.

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
