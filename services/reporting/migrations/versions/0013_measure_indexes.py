"""reporting: the indexes the measures' filters need, so the month under way (counted live in the trend)
and a short period read their rows, not each ward's history: a ward and the time each measure bounds;
partial where the measure's predicate is fixed. Declared on the models too (repository/measures.py:
INDEXES), so the rebuild's fresh tables have them.

Revision ID: 0013
Revises: 0012
"""

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


def upgrade() -> None:
    for name, (table, columns, where, include) in INDEXES.items():
        op.create_index(
            name,
            table,
            columns,
            postgresql_where=sa.text(where) if where else None,
            postgresql_include=include,
        )


def downgrade() -> None:
    for name, (table, *_) in INDEXES.items():
        op.drop_index(name, table_name=table)
