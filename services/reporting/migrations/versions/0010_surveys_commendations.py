"""reporting: surveys and assessments of the situation (plan II.6), their files cited by content hash;
commendations of units and people (by staff code) and accountability decisions on units (II.7).

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "commendation",
        sa.Column("commendation_id", sa.UUID(), nullable=False),
        sa.Column("ward", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("unit_code", sa.String(length=32), nullable=True),
        sa.Column("staff_code", sa.String(length=64), nullable=True),
        sa.Column("reason", sa.String(length=1000), nullable=False),
        sa.Column("document_code", sa.String(length=60), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("commendation_id", name=op.f("pk_commendation")),
    )
    op.create_index(op.f("ix_commendation_ward"), "commendation", ["ward"], unique=False)
    op.create_table(
        "survey",
        sa.Column("survey_id", sa.UUID(), nullable=False),
        sa.Column("ward", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("subject", sa.String(length=20), nullable=False),
        sa.Column("topic", sa.String(length=300), nullable=False),
        sa.Column("period_code", sa.String(length=16), nullable=False),
        sa.Column("unit_code", sa.String(length=32), nullable=False),
        sa.Column("method", sa.String(length=1000), nullable=False),
        sa.Column("sample_size", sa.Integer(), nullable=False),
        sa.Column("sample_description", sa.String(length=500), nullable=False),
        sa.Column("findings", sa.String(length=4000), nullable=False),
        sa.Column("attachment_hashes", postgresql.ARRAY(sa.String(length=64)), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("survey_id", name=op.f("pk_survey")),
    )
    op.create_index(op.f("ix_survey_ward"), "survey", ["ward"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_survey_ward"), table_name="survey")
    op.drop_table("survey")
    op.drop_index(op.f("ix_commendation_ward"), table_name="commendation")
    op.drop_table("commendation")
