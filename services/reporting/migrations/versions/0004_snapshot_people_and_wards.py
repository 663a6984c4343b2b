"""Reporting: a snapshot names who prepared and approved it, and keeps each ward's people counts.

The names are what a report prints (never a technical id); the wards' counts let a total over several
wards withhold what would give a ward's small count away. Both are fixed with the content: the
immutability trigger now covers the preparer's name and the wards' counts too.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql as pg

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

COLUMNS = [
    sa.Column("prepared_by_name", sa.String(200)),
    sa.Column("approved_by_name", sa.String(200)),
    sa.Column("ward_figures", pg.JSONB),
]
FIXED = (
    "snapshot_id, scope, ward_codes, period_type, period_code, period_start, period_end, content, "
    "content_hash, positions, computed_at, prepared_by"
)


def _function(columns: str) -> str:
    new = ", ".join(f"NEW.{c.strip()}" for c in columns.split(","))
    old = ", ".join(f"OLD.{c.strip()}" for c in columns.split(","))
    return f"""
CREATE OR REPLACE FUNCTION snapshot_content_is_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'snapshot % is immutable: it cannot be deleted', OLD.snapshot_id;
  END IF;
  IF ({new}) IS DISTINCT FROM ({old}) THEN
    RAISE EXCEPTION 'snapshot % is immutable: only its approval and publication may be recorded',
      OLD.snapshot_id;
  END IF;
  RETURN NEW;
END $$
"""


def upgrade() -> None:
    for column in COLUMNS:
        op.add_column("snapshot", column)
    op.execute(_function(f"{FIXED}, prepared_by_name, ward_figures"))


def downgrade() -> None:
    op.execute(_function(FIXED))
    for column in reversed(COLUMNS):
        op.drop_column("snapshot", column.name)
