"""Intake: the full tip lifecycle, history, encrypted private fields and anonymous receipts.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql as pg

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)
NEW_TIP_COLUMNS = [
    sa.Column("subject_type", sa.String(40), nullable=False, server_default="business"),
    sa.Column("anonymous", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("establishment_id", sa.Uuid),
    sa.Column("content_hash", sa.String(64)),
    sa.Column("accept_by", TZ),
    sa.Column("transfer_by", TZ),
    sa.Column("accepted_at", TZ),
    sa.Column("verification", sa.String(40)),
    sa.Column("category", sa.String(40)),
    sa.Column("severity", sa.String(20)),
    sa.Column("competent_unit", sa.String(32)),
    sa.Column("complex", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("routed_to", sa.String(40)),
    sa.Column("target_unit", sa.String(64)),
    sa.Column("outcome", sa.String(40)),
    sa.Column("closed_at", TZ),
    sa.Column("merged_into", sa.Uuid),
    sa.Column("extensions", sa.Integer, nullable=False, server_default="0"),
    sa.Column("approaching_notified_due", TZ),
    sa.Column("overdue_notified_due", TZ),
    sa.Column("updated_at", TZ, nullable=False, server_default=sa.text("clock_timestamp()")),
]


def upgrade() -> None:
    for column in NEW_TIP_COLUMNS:
        op.add_column("tip", column)
    op.create_index("ix_tip_ward_received", "tip", ["ward", "received_at"])
    op.create_index(
        "ix_tip_open_due",
        "tip",
        ["due_at"],
        postgresql_where=sa.text("status IN ('received','verifying','verified','classified','routed')"),
    )
    op.create_table(
        "tip_transition",
        sa.Column("id", sa.BigInteger, sa.Identity(always=True), primary_key=True),
        sa.Column("tip_id", sa.Uuid, sa.ForeignKey("tip.id"), nullable=False, index=True),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("from_status", sa.String(40)),
        sa.Column("to_status", sa.String(40), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("unit", sa.String(32), nullable=False),
        sa.Column("at", TZ, nullable=False),
        sa.Column("reason", sa.Text, nullable=False, server_default=""),
        sa.Column("details", pg.JSONB, nullable=False, server_default=sa.text("'{}'::jsonb")),
    )
    op.create_table(
        "tip_private_field",
        sa.Column("id", sa.BigInteger, sa.Identity(always=True), primary_key=True),
        sa.Column("tip_id", sa.Uuid, sa.ForeignKey("tip.id"), nullable=False, index=True),
        sa.Column("field", sa.String(40), nullable=False),
        sa.Column("ciphertext", sa.LargeBinary, nullable=False),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("added_at", TZ, nullable=False, server_default=sa.text("clock_timestamp()")),
    )
    op.create_table(
        "tip_receipt",
        sa.Column("code_hash", sa.String(128), primary_key=True),
        sa.Column("tip_id", sa.Uuid, sa.ForeignKey("tip.id"), nullable=False, unique=True),
    )


def downgrade() -> None:
    op.drop_table("tip_receipt")
    op.drop_table("tip_private_field")
    op.drop_table("tip_transition")
    op.drop_index("ix_tip_open_due", "tip")
    op.drop_index("ix_tip_ward_received", "tip")
    for column in reversed(NEW_TIP_COLUMNS):
        op.drop_column("tip", column.name)
