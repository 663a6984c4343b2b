"""reporting: reviews of the plan (sơ kết năm, tổng kết giai đoạn), their content frozen when prepared
and final once a ward leader approves them.

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

APPROVED_IS_FINAL = """
CREATE FUNCTION review_is_final() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'approved' THEN
    RAISE EXCEPTION 'review % is approved: prepare a new one', OLD.review_id
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$
"""
APPROVED_TRIGGER = "CREATE TRIGGER review_final BEFORE UPDATE OR DELETE ON review FOR EACH ROW EXECUTE FUNCTION review_is_final()"


def upgrade() -> None:
    op.create_table(
        "review",
        sa.Column("review_id", sa.UUID(), nullable=False),
        sa.Column("ward", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("period_code", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("snapshot_id", sa.UUID(), nullable=False),
        sa.Column("assessment", sa.String(length=8000), nullable=False),
        sa.Column("content", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("prepared_by", sa.String(length=200), nullable=False),
        sa.Column("prepared_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("approved_by", sa.String(length=200), nullable=True),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("review_id", name=op.f("pk_review")),
    )
    op.create_index(op.f("ix_review_ward"), "review", ["ward"], unique=False)
    op.execute(APPROVED_IS_FINAL)
    op.execute(APPROVED_TRIGGER)


def downgrade() -> None:
    op.execute("DROP TRIGGER review_final ON review")
    op.execute("DROP FUNCTION review_is_final()")
    op.drop_index(op.f("ix_review_ward"), table_name="review")
    op.drop_table("review")
