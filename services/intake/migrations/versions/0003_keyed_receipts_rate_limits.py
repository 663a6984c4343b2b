"""Intake: receipt codes under keyed hashes (with the key's id), and the public endpoints' counters.

Receipts stored until now are Argon2id hashes: they cannot be converted without their codes, so they
are marked ``argon2`` and stay readable (and are rehashed when their code is next used). The column
keeps ``argon2`` as its default, so a replica of the previous version writing during a rolling update
stores what it means. ``rate_limit`` holds fixed-window counters keyed by a keyed hash of the caller's
network, deleted once their window has passed.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.add_column("tip_receipt", sa.Column("key_id", sa.String(16), nullable=False, server_default="argon2"))
    op.create_index("ix_tip_receipt_key_id", "tip_receipt", ["key_id"])
    op.create_table(
        "rate_limit",
        sa.Column("bucket", sa.String(40), primary_key=True),
        sa.Column("key_hash", sa.String(64), primary_key=True),
        sa.Column("window_start", TZ, primary_key=True),
        sa.Column("hits", sa.Integer, nullable=False),
        sa.Column("expires_at", TZ, nullable=False, index=True),
    )


def downgrade() -> None:
    op.drop_table("rate_limit")
    op.drop_index("ix_tip_receipt_key_id", "tip_receipt")
    op.drop_column("tip_receipt", "key_id")
