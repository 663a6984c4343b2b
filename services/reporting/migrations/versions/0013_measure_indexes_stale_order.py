"""reporting: the indexes the measures' filters need, so the month under way (counted live in the trend)
and a short period read their rows, not each ward's history: a ward and the time each measure bounds;
partial where the measure's predicate is fixed. Declared on the models too (repository/measures.py:
INDEXES), so the rebuild's fresh tables have them.

And the stored months' triggers (0012) lock what they delete in one order: one statement per changed
statement (an UPDATE's old and new rows together, where 0012 deleted for the new rows, then for the old
ones), locking the rows by key before deleting them. Two writers' triggers then never hold each other's
months. Two transactions that each stale months in several statements, in opposite orders, can still
deadlock: PostgreSQL aborts one (TransactionRollbackError), which consumers retry.

Revision ID: 0013
Revises: 0012
"""

import importlib.util
from pathlib import Path
from types import ModuleType

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

# name: (table, columns, partial predicate, included columns)
INDEXES: dict[str, tuple[str, list[str], str | None, list[str]]] = {
    "ix_tip_fact_ward_due_at": ("tip_fact", ["ward", "due_at"], None, []),
    "ix_tip_fact_ward_received_at": ("tip_fact", ["ward", "received_at"], None, []),
    "ix_online_item_fact_ward_reported_at": ("online_item_fact", ["ward", "reported_at"], None, []),
    "ix_service_fact_ward_received_at": ("service_fact", ["ward", "received_at"], None, ["client_code"]),
    "ix_inspection_fact_ward_inspected_at": ("inspection_fact", ["ward", "inspected_at"], None, []),
    "ix_inspection_fact_carried_out": (
        "inspection_fact",
        ["establishment_id", "inspected_at"],
        "result <> 'not_carried_out'",
        [],
    ),
    "ix_hotspot_fact_ward_flagged_at": ("hotspot_fact", ["ward", "flagged_at"], None, []),
    "ix_activity_communication": ("activity", ["ward", "held_at"], "category = 'communication'", []),
    "ix_directive_ward_due_at": ("directive", ["ward", "due_at"], None, []),
    "ix_training_ward_held_at": ("training", ["ward", "held_at"], None, []),
}


def _trend_month() -> ModuleType:
    """Migration 0012, for its tables' times and its functions (a downgrade puts them back)."""
    spec = importlib.util.spec_from_file_location("m0012", Path(__file__).with_name("0012_trend_month.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _stale(m0012: ModuleType, table: str, rows: str) -> str:
    """Lock the stored months the changed rows make stale in key order, then delete them."""
    changed = m0012._changed(table, rows)
    return f"""WITH s AS (SELECT ward, min(since) AS since FROM ({changed}) c GROUP BY ward),
  doomed AS (SELECT t.wards, t.schedule, t.month FROM trend_month t JOIN s
    ON t.wards @> ARRAY[s.ward]::varchar[] AND t.month_end > s.since
    ORDER BY t.wards, t.schedule, t.month FOR UPDATE OF t)
  DELETE FROM trend_month t USING doomed d
  WHERE t.wards = d.wards AND t.schedule = d.schedule AND t.month = d.month"""  # noqa: S608


def _function(m0012: ModuleType, table: str) -> str:
    both = "(SELECT * FROM new_rows UNION ALL SELECT * FROM old_rows)"
    return f"""
CREATE OR REPLACE FUNCTION trend_month_stale_{table}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock_shared({m0012.LOCK});
  IF TG_OP = 'INSERT' THEN
    {_stale(m0012, table, "new_rows")};
  ELSIF TG_OP = 'UPDATE' THEN
    {_stale(m0012, table, both)};
  ELSE
    {_stale(m0012, table, "old_rows")};
  END IF;
  RETURN NULL;
END $$
"""


def upgrade() -> None:
    for name, (table, columns, where, include) in INDEXES.items():
        op.create_index(
            name,
            table,
            columns,
            postgresql_where=sa.text(where) if where else None,
            postgresql_include=include,
        )
    m0012 = _trend_month()
    for table in m0012.TIMES:
        op.execute(_function(m0012, table))


def downgrade() -> None:
    m0012 = _trend_month()
    for table in m0012.TIMES:
        op.execute(m0012._function(table).replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION"))
    for name, (table, *_) in INDEXES.items():
        op.drop_index(name, table_name=table)
