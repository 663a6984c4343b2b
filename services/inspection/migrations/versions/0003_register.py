"""Inspection: the register of establishments, reviews, signals, campaigns, inspections and their
records (final once signed: a trigger refuses any change), surprise-inspection requests, hotspots.

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


SIGNED_IS_FINAL = """
CREATE FUNCTION inspection_record_is_final() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.signed_at IS NOT NULL THEN
    RAISE EXCEPTION 'inspection record % is signed: amend it with a new record', OLD.id
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$
"""
SIGNED_TRIGGER = (
    "CREATE TRIGGER inspection_record_final BEFORE UPDATE OR DELETE ON inspection_record "
    "FOR EACH ROW EXECUTE FUNCTION inspection_record_is_final()"
)


def upgrade() -> None:
    op.create_table(
        "campaign",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("ward", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("lead_unit", sa.String(length=32), nullable=False),
        sa.Column("units", postgresql.ARRAY(sa.String(length=32)), nullable=False),
        sa.Column("members", postgresql.ARRAY(sa.String(length=60)), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("clock_timestamp()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaign")),
    )
    op.create_table(
        "establishment",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("ward", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("registration_number", sa.String(length=40), nullable=False),
        sa.Column("business_types", postgresql.ARRAY(sa.String(length=30)), nullable=False),
        sa.Column("residential_group", sa.String(length=40), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column("licence_number", sa.String(length=60), nullable=True),
        sa.Column("licence_issuer", sa.String(length=200), nullable=True),
        sa.Column("licence_issued_on", sa.Date(), nullable=True),
        sa.Column("licence_expires_on", sa.Date(), nullable=True),
        sa.Column("opens_at", sa.Time(), nullable=True),
        sa.Column("closes_at", sa.Time(), nullable=True),
        sa.Column("open_24h", sa.Boolean(), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("risk_class", sa.String(length=10), nullable=True),
        sa.Column("inspection_interval_days", sa.Integer(), nullable=True),
        sa.Column("last_reviewed_on", sa.Date(), nullable=True),
        sa.Column("next_review_due", sa.Date(), nullable=True),
        sa.Column("last_inspected_on", sa.Date(), nullable=True),
        sa.Column("closure_reason", sa.String(length=30), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("clock_timestamp()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_establishment")),
        sa.UniqueConstraint("ward", "registration_number", name=op.f("uq_establishment_ward")),
    )
    op.create_index("ix_establishment_ward_status", "establishment", ["ward", "status"], unique=False)
    op.create_table(
        "hotspot",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("ward", sa.String(length=32), nullable=False),
        sa.Column("place_key", sa.String(length=120), nullable=False),
        sa.Column("place_kind", sa.String(length=30), nullable=False),
        sa.Column("place_code", sa.String(length=80), nullable=False),
        sa.Column("residential_group", sa.String(length=40), nullable=False),
        sa.Column("establishment_id", sa.String(length=64), nullable=True),
        sa.Column("trigger", sa.String(length=30), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("formation", sa.String(length=20), nullable=True),
        sa.Column("evidence", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("suggested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by", sa.String(length=200), nullable=True),
        sa.Column("dismissal_reason", sa.Text(), nullable=True),
        sa.Column("cleared_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cleared_by", sa.String(length=200), nullable=True),
        sa.Column("clearing_reason", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hotspot")),
    )
    op.create_index("ix_hotspot_place", "hotspot", ["ward", "place_key", "status"], unique=False)
    op.create_table(
        "signal",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=True), nullable=False),
        sa.Column("ward", sa.String(length=32), nullable=False),
        sa.Column("place_key", sa.String(length=80), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("detail", sa.String(length=40), nullable=False),
        sa.Column("source_id", sa.String(length=80), nullable=False),
        sa.Column("inspection_id", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signal")),
        sa.UniqueConstraint("ward", "kind", "source_id", "place_key", name=op.f("uq_signal_ward")),
    )
    op.create_index("ix_signal_place", "signal", ["ward", "place_key", "at"], unique=False)
    op.create_table(
        "establishment_private_field",
        sa.Column("establishment_id", sa.UUID(), nullable=False),
        sa.Column("field", sa.String(length=40), nullable=False),
        sa.Column("ciphertext", sa.LargeBinary(), nullable=False),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("clock_timestamp()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["establishment_id"],
            ["establishment.id"],
            name=op.f("fk_establishment_private_field_establishment_id_establishment"),
        ),
        sa.PrimaryKeyConstraint("establishment_id", "field", name=op.f("pk_establishment_private_field")),
    )
    op.create_table(
        "inspection",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("ward", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("establishment_ids", postgresql.ARRAY(sa.UUID()), nullable=False),
        sa.Column("planned_for", sa.Date(), nullable=False),
        sa.Column("lead_unit", sa.String(length=32), nullable=False),
        sa.Column("units", postgresql.ARRAY(sa.String(length=32)), nullable=False),
        sa.Column("members", postgresql.ARRAY(sa.String(length=60)), nullable=False),
        sa.Column("campaign_id", sa.UUID(), nullable=True),
        sa.Column("source_tip_id", sa.String(length=64), nullable=False),
        sa.Column("planned_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("completed", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"], ["campaign.id"], name=op.f("fk_inspection_campaign_id_campaign")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspection")),
    )
    op.create_index("ix_inspection_ward_planned", "inspection", ["ward", "planned_for"], unique=False)
    op.create_table(
        "review",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=True), nullable=False),
        sa.Column("establishment_id", sa.UUID(), nullable=False),
        sa.Column("ward", sa.String(length=32), nullable=False),
        sa.Column("reviewed_on", sa.Date(), nullable=False),
        sa.Column("risk_class", sa.String(length=10), nullable=False),
        sa.Column("previous_risk_class", sa.String(length=10), nullable=True),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("components", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("interval_days", sa.Integer(), nullable=False),
        sa.Column("next_review_due", sa.Date(), nullable=False),
        sa.Column("unit", sa.String(length=32), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["establishment_id"], ["establishment.id"], name=op.f("fk_review_establishment_id_establishment")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review")),
    )
    op.create_index(op.f("ix_review_establishment_id"), "review", ["establishment_id"], unique=False)
    op.create_table(
        "inspection_record",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("inspection_id", sa.UUID(), nullable=False),
        sa.Column("establishment_id", sa.UUID(), nullable=False),
        sa.Column("ward", sa.String(length=32), nullable=False),
        sa.Column("findings", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("drafted_by", sa.String(length=200), nullable=False),
        sa.Column("drafted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("supersedes", sa.UUID(), nullable=True),
        sa.Column("amendment_reason", sa.Text(), nullable=False),
        sa.Column("signed_by", sa.String(length=200), nullable=False),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["establishment_id"],
            ["establishment.id"],
            name=op.f("fk_inspection_record_establishment_id_establishment"),
        ),
        sa.ForeignKeyConstraint(
            ["inspection_id"], ["inspection.id"], name=op.f("fk_inspection_record_inspection_id_inspection")
        ),
        sa.ForeignKeyConstraint(
            ["supersedes"],
            ["inspection_record.id"],
            name=op.f("fk_inspection_record_supersedes_inspection_record"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspection_record")),
    )
    op.create_index(
        op.f("ix_inspection_record_establishment_id"), "inspection_record", ["establishment_id"], unique=False
    )
    op.create_index(
        op.f("ix_inspection_record_inspection_id"), "inspection_record", ["inspection_id"], unique=False
    )
    op.create_table(
        "surprise_request",
        sa.Column("tip_id", sa.String(length=64), nullable=False),
        sa.Column("ward", sa.String(length=32), nullable=False),
        sa.Column("establishment_id", sa.String(length=64), nullable=False),
        sa.Column("residential_group", sa.String(length=40), nullable=False),
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.Column("severity", sa.String(length=20), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("routed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("inspection_id", sa.UUID(), nullable=True),
        sa.ForeignKeyConstraint(
            ["inspection_id"], ["inspection.id"], name=op.f("fk_surprise_request_inspection_id_inspection")
        ),
        sa.PrimaryKeyConstraint("tip_id", name=op.f("pk_surprise_request")),
    )

    op.execute(SIGNED_IS_FINAL)
    op.execute(SIGNED_TRIGGER)


def downgrade() -> None:
    op.execute("DROP TRIGGER inspection_record_final ON inspection_record")
    op.execute("DROP FUNCTION inspection_record_is_final()")
    op.drop_table("surprise_request")
    op.drop_index(op.f("ix_inspection_record_inspection_id"), table_name="inspection_record")
    op.drop_index(op.f("ix_inspection_record_establishment_id"), table_name="inspection_record")
    op.drop_table("inspection_record")
    op.drop_index(op.f("ix_review_establishment_id"), table_name="review")
    op.drop_table("review")
    op.drop_index("ix_inspection_ward_planned", table_name="inspection")
    op.drop_table("inspection")
    op.drop_table("establishment_private_field")
    op.drop_index("ix_signal_place", table_name="signal")
    op.drop_table("signal")
    op.drop_index("ix_hotspot_place", table_name="hotspot")
    op.drop_table("hotspot")
    op.drop_index("ix_establishment_ward_status", table_name="establishment")
    op.drop_table("establishment")
    op.drop_table("campaign")
