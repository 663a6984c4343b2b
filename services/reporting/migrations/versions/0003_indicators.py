"""Reporting: read models of every source, programme records, org units, targets, snapshots.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql as pg

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)
ID = sa.String(64)


def _ward() -> sa.Column:  # type: ignore[type-arg]
    return sa.Column("ward", sa.String(32), nullable=False, index=True)


def _facts() -> None:
    op.create_table(
        "establishment_fact",
        sa.Column("establishment_id", ID, primary_key=True),
        _ward(),
        sa.Column("business_type", sa.String(40)),
        sa.Column("residential_group", sa.String(40)),
        sa.Column("registered_at", TZ),
        sa.Column("closed_at", TZ),
        sa.Column("risk_class", sa.String(20)),
        sa.Column("reviewed_at", TZ),
        sa.Column("inspection_interval_days", sa.Integer),
    )
    op.create_table(
        "inspection_fact",
        sa.Column("inspection_id", ID, primary_key=True),
        sa.Column("establishment_id", ID, primary_key=True, index=True),
        _ward(),
        sa.Column("kind", sa.String(20)),
        sa.Column("result", sa.String(30)),
        sa.Column("inspected_at", TZ),
        sa.Column("violation_count", sa.Integer, nullable=False),
    )
    op.create_table(
        "hotspot_fact",
        sa.Column("hotspot_id", ID, primary_key=True),
        _ward(),
        sa.Column("formation", sa.String(20)),
        sa.Column("place_kind", sa.String(30)),
        sa.Column("flagged_at", TZ),
        sa.Column("cleared_at", TZ),
    )
    op.create_table(
        "case_fact",
        sa.Column("case_id", ID, primary_key=True),
        _ward(),
        sa.Column("client_code", sa.String(64), nullable=False, index=True),
        sa.Column("enrolled_at", TZ),
        sa.Column("closed_at", TZ),
        sa.Column("eligible", sa.Boolean),
        sa.Column("has_needs", sa.Boolean),
        sa.Column("assessed_at", TZ),
    )
    op.create_table(
        "service_fact",
        sa.Column("service_record_id", ID, primary_key=True),
        _ward(),
        sa.Column("case_id", ID, nullable=False),
        sa.Column("client_code", sa.String(64), nullable=False, index=True),
        sa.Column("category", sa.String(30), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("received_at", TZ, nullable=False),
    )
    op.create_table(
        "online_item_fact",
        sa.Column("item_id", ID, primary_key=True),
        _ward(),
        sa.Column("platform", sa.String(30)),
        sa.Column("reported_at", TZ),
        sa.Column("due_at", TZ),
        sa.Column("classified_at", TZ),
        sa.Column("category", sa.String(40)),
        sa.Column("category_at", TZ),
        sa.Column("handled_at", TZ),
        sa.Column("handled_on_time", sa.Boolean),
        sa.Column("outcome", sa.String(20)),
    )
    op.create_table(
        "stream_position",
        sa.Column("stream", sa.String(64), primary_key=True),
        sa.Column("sequence", sa.BigInteger, nullable=False),
    )


def _recorded_by() -> sa.Column:  # type: ignore[type-arg]
    return sa.Column("recorded_by", sa.String(200), nullable=False)


def _programme() -> None:
    op.create_table(
        "activity",
        sa.Column("activity_id", sa.Uuid, primary_key=True),
        _ward(),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("category", sa.String(20), nullable=False),
        sa.Column("held_at", TZ, nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("channel", sa.String(100), nullable=False),
        sa.Column("audience", sa.String(200), nullable=False),
        sa.Column("reach", sa.Integer, nullable=False),
        sa.Column("unit_code", sa.String(32), nullable=False),
        sa.Column("residential_group", sa.String(40), nullable=False),
        _recorded_by(),
    )
    op.create_table(
        "training",
        sa.Column("training_id", sa.Uuid, primary_key=True),
        _ward(),
        sa.Column("topic", sa.String(40), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("held_at", TZ, nullable=False),
        sa.Column("unit_code", sa.String(32), nullable=False),
        sa.Column("participants", pg.JSONB, nullable=False),
        sa.Column("trained_staff_codes", pg.ARRAY(sa.String(64)), nullable=False),
        _recorded_by(),
    )
    op.create_table(
        "staff_assignment",
        sa.Column("assignment_id", sa.Uuid, primary_key=True),
        _ward(),
        sa.Column("staff_code", sa.String(64), nullable=False),
        sa.Column("unit_code", sa.String(32), nullable=False),
        sa.Column("effective_at", TZ, nullable=False),
        sa.Column("ended_at", TZ),
        _recorded_by(),
    )
    op.create_table(
        "directive",
        sa.Column("directive_id", sa.Uuid, primary_key=True),
        _ward(),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("unit_code", sa.String(32), nullable=False),
        sa.Column("due_at", TZ, nullable=False),
        sa.Column("document_code", sa.String(60)),
        sa.Column("issued_at", TZ),
        _recorded_by(),
    )
    op.create_table(
        "yearly_plan",
        sa.Column("plan_id", sa.Uuid, primary_key=True),
        sa.Column("ward", sa.String(32), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("document_code", sa.String(60), nullable=False),
        sa.Column("issued_at", TZ, nullable=False),
        _recorded_by(),
        sa.UniqueConstraint("ward", "year"),
    )
    op.create_table(
        "report_submission",
        sa.Column("report_id", sa.Uuid, primary_key=True),
        _ward(),
        sa.Column("period_code", sa.String(16), nullable=False),
        sa.Column("recipient", sa.String(40), nullable=False),
        sa.Column("snapshot_id", sa.Uuid),
        sa.Column("produced_by_system", sa.Boolean, nullable=False),
        sa.Column("document_code", sa.String(60), nullable=False),
        sa.Column("submitted_at", TZ, nullable=False),
        sa.Column("due_at", TZ, nullable=False),
        _recorded_by(),
    )


NOW = sa.text("clock_timestamp()")

IMMUTABLE = """
CREATE FUNCTION snapshot_content_is_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'snapshot % is immutable: it cannot be deleted', OLD.snapshot_id;
  END IF;
  IF (NEW.snapshot_id, NEW.scope, NEW.ward_codes, NEW.period_type, NEW.period_code, NEW.period_start,
      NEW.period_end, NEW.content, NEW.content_hash, NEW.positions, NEW.computed_at, NEW.prepared_by)
     IS DISTINCT FROM
     (OLD.snapshot_id, OLD.scope, OLD.ward_codes, OLD.period_type, OLD.period_code, OLD.period_start,
      OLD.period_end, OLD.content, OLD.content_hash, OLD.positions, OLD.computed_at, OLD.prepared_by) THEN
    RAISE EXCEPTION 'snapshot % is immutable: only its approval and publication may be recorded',
      OLD.snapshot_id;
  END IF;
  RETURN NEW;
END $$
"""
IMMUTABLE_TRIGGER = """
CREATE TRIGGER snapshot_immutable BEFORE UPDATE OR DELETE ON snapshot
  FOR EACH ROW EXECUTE FUNCTION snapshot_content_is_immutable();
"""


def _snapshots() -> None:
    op.create_table(
        "org_unit",
        sa.Column("code", sa.String(32), primary_key=True),
        sa.Column("name_vi", sa.String(120), nullable=False),
        sa.Column("name_en", sa.String(120), nullable=False),
        sa.Column("level", sa.String(10), nullable=False),
        sa.Column("parent_code", sa.String(32), sa.ForeignKey("org_unit.code")),
    )
    op.create_table(
        "indicator_target",
        sa.Column("org_code", sa.String(32), primary_key=True),
        sa.Column("year", sa.Integer, primary_key=True),
        sa.Column("indicator_code", sa.String(32), primary_key=True),
        sa.Column("target", sa.BigInteger, nullable=False),
        sa.Column("set_by", sa.String(200), nullable=False),
        sa.Column("set_at", TZ, nullable=False, server_default=NOW),
    )
    op.create_table(
        "target_change",
        sa.Column("id", sa.BigInteger, sa.Identity(always=True), primary_key=True),
        sa.Column("org_code", sa.String(32), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("indicator_code", sa.String(32), nullable=False),
        sa.Column("old_target", sa.BigInteger),
        sa.Column("new_target", sa.BigInteger, nullable=False),
        sa.Column("reason", sa.String(500), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("at", TZ, nullable=False, server_default=NOW),
    )
    op.create_table(
        "snapshot",
        sa.Column("snapshot_id", sa.Uuid, primary_key=True),
        sa.Column("scope", sa.String(32), nullable=False, index=True),
        sa.Column("ward_codes", pg.ARRAY(sa.String(32)), nullable=False),
        sa.Column("period_type", sa.String(16), nullable=False),
        sa.Column("period_code", sa.String(16), nullable=False),
        sa.Column("period_start", TZ, nullable=False),
        sa.Column("period_end", TZ, nullable=False),
        sa.Column("content", pg.JSONB, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("positions", pg.JSONB, nullable=False),
        sa.Column("computed_at", TZ, nullable=False),
        sa.Column("prepared_by", sa.String(200), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("approved_by", sa.String(200)),
        sa.Column("approved_at", TZ),
        sa.Column("published_at", TZ),
        sa.Column("supersedes_snapshot_id", sa.Uuid),
    )
    op.execute(IMMUTABLE)
    op.execute(IMMUTABLE_TRIGGER)


def upgrade() -> None:
    _facts()
    _programme()
    _snapshots()


def downgrade() -> None:
    op.execute("DROP TRIGGER snapshot_immutable ON snapshot")
    op.execute("DROP FUNCTION snapshot_content_is_immutable()")
    for table in (
        "snapshot", "target_change", "indicator_target", "org_unit", "report_submission", "yearly_plan",
        "directive", "staff_assignment", "training", "activity", "stream_position", "online_item_fact",
        "service_fact", "case_fact", "hotspot_fact", "inspection_fact", "establishment_fact",
    ):  # fmt: skip
        op.drop_table(table)
