"""reporting: difficulties and proposals of every unit (plan II.7, IV.1), with their status (open,
addressed, carried to the city) and the responses they received.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "difficulty",
        sa.Column("difficulty_id", sa.UUID(), nullable=False),
        sa.Column("ward", sa.String(length=32), nullable=False),
        sa.Column("unit_code", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("area", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("detail", sa.String(length=4000), nullable=False),
        sa.Column("raised_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("responses", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("difficulty_id", name=op.f("pk_difficulty")),
    )
    op.create_index(op.f("ix_difficulty_ward"), "difficulty", ["ward"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_difficulty_ward"), table_name="difficulty")
    op.drop_table("difficulty")
