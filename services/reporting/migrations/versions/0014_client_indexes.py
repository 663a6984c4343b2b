"""reporting: each ward's cases and services in client order (repository/measures.py: INDEXES), so
HR_ACCESS and the services' breakdown over a long period (a year, the plan period) merge the two sides
and group each client as the indexes are read, instead of hashing every client (which spilled to disk
once a ward's clients outgrew work_mem).

Built CONCURRENTLY, so the consumers keep writing facts while they are built: outside the migration's
transaction (an autocommit block), under a session lock of their own so two replicas migrating at once
build them one after the other (IF NOT EXISTS: the second finds them). The migration lock
(shared/migrations.py) is released when the block commits what came before; it is taken again after.
A build that fails leaves an INVALID index that IF NOT EXISTS would keep: it is dropped first.

Revision ID: 0014
Revises: 0013
"""

from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

MIGRATION_LOCK = 0x50434D44  # shared/migrations.py: MIGRATION_LOCK
BUILD_LOCK = 0x50434D44_0014  # this migration's index builds, one replica at a time

# name: (table, columns, included columns)
INDEXES = {
    "ix_case_fact_ward_client": (
        "case_fact",
        ["ward", "client_code"],
        ["eligible", "has_needs", "enrolled_at", "closed_at", "reopened_at"],
    ),
    "ix_service_fact_ward_client": ("service_fact", ["ward", "client_code", "category"], ["received_at"]),
}

INVALID = """SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
  WHERE NOT i.indisvalid AND c.relname = '{name}' AND c.relnamespace = current_schema()::regnamespace"""


def upgrade() -> None:
    with op.get_context().autocommit_block():
        op.execute(f"SELECT pg_advisory_lock({BUILD_LOCK})")
        try:
            for name, (table, columns, include) in INDEXES.items():
                offline = op.get_context().as_sql  # an SQL script: no catalog to look at
                invalid = (
                    None if offline else op.get_bind().exec_driver_sql(INVALID.format(name=name)).first()
                )
                if invalid is not None:  # a build interrupted earlier
                    op.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")
                op.create_index(
                    name,
                    table,
                    columns,
                    postgresql_include=include,
                    postgresql_concurrently=True,
                    if_not_exists=True,
                )
        finally:
            op.execute(f"SELECT pg_advisory_unlock({BUILD_LOCK})")
    op.execute(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")


def downgrade() -> None:
    with op.get_context().autocommit_block():
        for name in INDEXES:
            op.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")
