"""reporting: stored monthly indicator counts for the trend, made stale by triggers on every table the
measures read (a changed row's wards, from the earliest time it carries, old or new).

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

LOCK = 7_301_220_615_204_011  # services/reporting/repository/monthly.py: LOCK

# Every table a measure reads, with the times a row carries (a row counts in no month ending before all).
TIMES = {
    "tip_fact": ("received_at", "due_at", "closed_at", "state_at"),
    "establishment_fact": ("registered_at", "closed_at", "reopened_at", "reviewed_at"),
    "inspection_fact": ("inspected_at",),
    "hotspot_fact": ("flagged_at", "cleared_at"),
    "case_fact": ("enrolled_at", "closed_at", "reopened_at", "assessed_at"),
    "service_fact": ("received_at",),
    "online_item_fact": ("reported_at", "due_at", "classified_at", "category_at", "handled_at"),
    "activity": ("held_at",),
    "training": ("held_at",),
    "staff_assignment": ("effective_at", "ended_at"),
    "directive": ("due_at", "issued_at"),
    "yearly_plan": ("issued_at",),
    "report_submission": ("submitted_at", "due_at"),
}


def _changed(table: str, rows: str) -> str:
    """(ward, since) of the changed rows; an inspection also stales its establishment's ward."""
    since = f"coalesce(least({', '.join('r.' + c for c in TIMES[table])}), '-infinity')"
    out = f"SELECT r.ward, {since} AS since FROM {rows} r"  # noqa: S608 (names from this file)
    if table == "inspection_fact":
        out += (
            f" UNION ALL SELECT e.ward, {since} FROM {rows} r"  # noqa: S608
            " JOIN establishment_fact e ON e.establishment_id = r.establishment_id"
        )
    return out


def _stale(table: str, rows: str) -> str:
    return (
        "DELETE FROM trend_month t USING ("  # noqa: S608
        f"SELECT ward, min(since) AS since FROM ({_changed(table, rows)}) c GROUP BY ward"
        ") s WHERE t.wards @> ARRAY[s.ward]::varchar[] AND t.month_end > s.since"
    )


def _function(table: str) -> str:
    return f"""
CREATE FUNCTION trend_month_stale_{table}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock_shared({LOCK});
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    {_stale(table, "new_rows")};
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    {_stale(table, "old_rows")};
  END IF;
  RETURN NULL;
END $$
"""


CLEAR = """
CREATE FUNCTION trend_month_clear() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock_shared({LOCK});
  DELETE FROM trend_month;
  RETURN NULL;
END $$
""".replace("{LOCK}", str(LOCK))

REFERENCING = {
    "INSERT": "REFERENCING NEW TABLE AS new_rows",
    "UPDATE": "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "DELETE": "REFERENCING OLD TABLE AS old_rows",
}


def _triggers(table: str) -> list[str]:
    out = [
        f"CREATE TRIGGER trend_month_{op_.lower()} AFTER {op_} ON {table} {ref} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION trend_month_stale_{table}()"
        for op_, ref in REFERENCING.items()
    ]
    out.append(
        f"CREATE TRIGGER trend_month_truncate AFTER TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION trend_month_clear()"
    )
    return out


def upgrade() -> None:
    op.create_table(
        "trend_month",
        sa.Column("wards", postgresql.ARRAY(sa.String(length=32)), nullable=False),
        sa.Column("schedule", sa.String(length=60), nullable=False),
        sa.Column("month", sa.String(length=16), nullable=False),
        sa.Column("month_end", sa.DateTime(timezone=True), nullable=False),
        sa.Column("counts", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.PrimaryKeyConstraint("wards", "schedule", "month", name=op.f("pk_trend_month")),
    )
    op.execute(CLEAR)
    for table in TIMES:
        op.execute(_function(table))
        for statement in _triggers(table):
            op.execute(statement)


def downgrade() -> None:
    for table in TIMES:
        for op_ in (*REFERENCING, "TRUNCATE"):
            op.execute(f"DROP TRIGGER trend_month_{op_.lower()} ON {table}")
        op.execute(f"DROP FUNCTION trend_month_stale_{table}()")
    op.execute("DROP FUNCTION trend_month_clear()")
    op.drop_table("trend_month")
