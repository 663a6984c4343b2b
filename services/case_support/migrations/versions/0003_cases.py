"""case_support: cases (client code unique per ward among open cases), the consent ledger, personal
fields (encrypted per field), assessments, services received, the providers directory, referrals with
their steps, per-client reporting keys (erasure deletes them), assignments and enrolment requests.

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
        "enrolment_request",
        sa.Column("tip_id", sa.UUID(), nullable=False),
        sa.Column("ward", sa.String(length=32), nullable=False),
        sa.Column("routed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("case_id", sa.UUID(), nullable=True),
        sa.PrimaryKeyConstraint("tip_id", name=op.f("pk_enrolment_request")),
    )
    op.create_table(
        "provider",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("ward", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("offers", postgresql.ARRAY(sa.String(length=30)), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("id", "ward", name=op.f("pk_provider")),
    )
    op.create_table(
        "reporting_key",
        sa.Column("ward", sa.String(length=32), nullable=False),
        sa.Column("client_code", sa.String(length=20), nullable=False),
        sa.Column("ciphertext", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("ward", "client_code", name=op.f("pk_reporting_key")),
    )
    op.create_table(
        "support_case",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("ward", sa.String(length=32), nullable=False),
        sa.Column("client_code", sa.String(length=20), nullable=False),
        sa.Column("code_key_id", sa.String(length=16), nullable=False),
        sa.Column("source", sa.String(length=30), nullable=False),
        sa.Column("source_tip_id", sa.UUID(), nullable=True),
        sa.Column("enrolled_by", sa.String(length=200), nullable=False),
        sa.Column("enrolled_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("closure_reason", sa.String(length=30), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "plan",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'{}'::jsonb"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("clock_timestamp()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_support_case")),
    )
    op.create_index("ix_support_case_ward_status", "support_case", ["ward", "status"], unique=False)
    op.create_index(
        "uq_support_case_open_code",
        "support_case",
        ["ward", "client_code"],
        unique=True,
        postgresql_where=sa.text("status = 'open'"),
    )
    op.create_table(
        "case_assessment",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("case_id", sa.UUID(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("by", sa.String(length=200), nullable=False),
        sa.Column("findings", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["support_case.id"], name=op.f("fk_case_assessment_case_id_support_case")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_assessment")),
    )
    op.create_index(op.f("ix_case_assessment_case_id"), "case_assessment", ["case_id"], unique=False)
    op.create_table(
        "case_assignment",
        sa.Column("case_id", sa.UUID(), nullable=False),
        sa.Column("collaborator", sa.String(length=200), nullable=False),
        sa.Column("assigned_by", sa.String(length=200), nullable=False),
        sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["support_case.id"], name=op.f("fk_case_assignment_case_id_support_case")
        ),
        sa.PrimaryKeyConstraint("case_id", "collaborator", name=op.f("pk_case_assignment")),
    )
    op.create_table(
        "case_consent",
        sa.Column("case_id", sa.UUID(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=40), nullable=False),
        sa.Column("method", sa.String(length=10), nullable=False),
        sa.Column("taken_by", sa.String(length=200), nullable=False),
        sa.Column("given_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("provider_id", sa.String(length=64), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("withdrawn_by", sa.String(length=200), nullable=False),
        sa.Column("withdrawal_method", sa.String(length=10), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["support_case.id"], name=op.f("fk_case_consent_case_id_support_case")
        ),
        sa.PrimaryKeyConstraint("case_id", "seq", name=op.f("pk_case_consent")),
    )
    op.create_table(
        "case_personal_field",
        sa.Column("case_id", sa.UUID(), nullable=False),
        sa.Column("field", sa.String(length=20), nullable=False),
        sa.Column("ciphertext", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["support_case.id"], name=op.f("fk_case_personal_field_case_id_support_case")
        ),
        sa.PrimaryKeyConstraint("case_id", "field", name=op.f("pk_case_personal_field")),
    )
    op.create_table(
        "case_service",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("case_id", sa.UUID(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("provider_id", sa.String(length=64), nullable=False),
        sa.Column("provider_kind", sa.String(length=30), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("by", sa.String(length=200), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("referral_id", sa.UUID(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["support_case.id"], name=op.f("fk_case_service_case_id_support_case")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_service")),
    )
    op.create_index(op.f("ix_case_service_case_id"), "case_service", ["case_id"], unique=False)
    op.create_table(
        "referral",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("ward", sa.String(length=32), nullable=False),
        sa.Column("case_id", sa.UUID(), nullable=False),
        sa.Column("client_code", sa.String(length=20), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("provider_id", sa.String(length=64), nullable=False),
        sa.Column("provider_kind", sa.String(length=30), nullable=False),
        sa.Column("made_by", sa.String(length=200), nullable=False),
        sa.Column("made_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("shares_details", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("outcome", sa.String(length=30), nullable=True),
        sa.Column("history", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["support_case.id"], name=op.f("fk_referral_case_id_support_case")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referral")),
    )
    op.create_index(op.f("ix_referral_case_id"), "referral", ["case_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_referral_case_id"), table_name="referral")
    op.drop_table("referral")
    op.drop_index(op.f("ix_case_service_case_id"), table_name="case_service")
    op.drop_table("case_service")
    op.drop_table("case_personal_field")
    op.drop_table("case_consent")
    op.drop_table("case_assignment")
    op.drop_index(op.f("ix_case_assessment_case_id"), table_name="case_assessment")
    op.drop_table("case_assessment")
    op.drop_index(
        "uq_support_case_open_code", table_name="support_case", postgresql_where=sa.text("status = 'open'")
    )
    op.drop_index("ix_support_case_ward_status", table_name="support_case")
    op.drop_table("support_case")
    op.drop_table("reporting_key")
    op.drop_table("provider")
    op.drop_table("enrolment_request")
