"""Online monitoring: items (one per canonical key in a ward, with their reports, classification,
takedown requests and reappearances) and their encrypted text excerpts.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "item",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("ward", sa.String(length=32), nullable=False),
        sa.Column("platform", sa.String(length=20), nullable=False),
        sa.Column("space", sa.String(length=20), nullable=False),
        sa.Column("key", sa.Text(), nullable=True),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("category", sa.String(length=30), nullable=True),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("classified_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("handled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("source_tip_id", sa.String(length=64), nullable=False),
        sa.Column("establishment_id", sa.UUID(), nullable=True),
        sa.Column("report_count", sa.Integer(), nullable=False),
        sa.Column("reappearance_count", sa.Integer(), nullable=False),
        sa.Column("takedown_status", sa.String(length=20), nullable=True),
        sa.Column("takedown_deadline", sa.DateTime(timezone=True), nullable=True),
        sa.Column("detail", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("clock_timestamp()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_item")),
    )
    op.create_index("ix_item_takedown_deadline", "item", ["ward", "takedown_deadline"], unique=False)
    op.create_index("ix_item_ward_hash", "item", ["ward", "content_hash"], unique=False)
    op.create_index("ix_item_ward_status_due", "item", ["ward", "status", "due_at"], unique=False)
    op.create_index("ix_item_ward_tip", "item", ["ward", "source_tip_id"], unique=False)
    op.create_index(
        "uq_item_ward_key", "item", ["ward", "key"], unique=True, postgresql_where=sa.text("key IS NOT NULL")
    )
    op.create_table(
        "item_text",
        sa.Column("item_id", sa.UUID(), nullable=False),
        sa.Column("ciphertext", sa.LargeBinary(), nullable=False),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("clock_timestamp()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(["item_id"], ["item.id"], name=op.f("fk_item_text_item_id_item")),
        sa.PrimaryKeyConstraint("item_id", name=op.f("pk_item_text")),
    )


def downgrade() -> None:
    op.drop_table("item_text")
    op.drop_index("uq_item_ward_key", table_name="item", postgresql_where=sa.text("key IS NOT NULL"))
    op.drop_index("ix_item_ward_tip", table_name="item")
    op.drop_index("ix_item_ward_status_due", table_name="item")
    op.drop_index("ix_item_ward_hash", table_name="item")
    op.drop_index("ix_item_takedown_deadline", table_name="item")
    op.drop_table("item")
