"""reporting: each ward's tips, online items and inspections counted per month and group
(repository/month_counts.py), kept by statement triggers on tip_fact, online_item_fact and
inspection_fact in the writer's transaction, so a snapshot or the values of a long period read these
rows instead of grouping every tip, item and inspection of the ward; and an index of the online items
not yet handled, which the values of an open period subtract from the stored months (those not due
yet do not count yet).

Each table is filled from the facts already there under a lock that lets readers in and keeps writers
out until the fill and its triggers commit (a fact written between the two would be missed). The index
is then built CONCURRENTLY, as 0014's are (an invalid one left by a failed build is dropped first).
The SQL is this migration's own copy: a later change of the module does not change what 0015 did.

Revision ID: 0015
Revises: 0014
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

MIGRATION_LOCK = 0x50434D44  # shared/migrations.py: MIGRATION_LOCK
BUILD_LOCK = 0x50434D44_0015  # this migration's index build, one replica at a time

# table: (fact table, group columns with their length, per time column: counter -> condition)
SOURCES: dict[str, tuple[str, dict[str, int], dict[str, dict[str, str]]]] = {
    "tip_month": (
        "tip_fact",
        {"kind": 40, "status": 40},
        {
            "received_at": {"received": "TRUE"},
            "due_at": {"due": "TRUE", "due_on_time": "r.closed_at IS NOT NULL AND r.on_time IS TRUE"},
        },
    ),
    "item_month": (
        "online_item_fact",
        {"platform": 30, "category": 40, "outcome": 20},
        {
            "reported_at": {
                "reported": "TRUE",
                "handled": "r.classified_at IS NOT NULL AND r.handled_on_time IS TRUE",
            }
        },
    ),
    "inspection_month": ("inspection_fact", {"result": 30}, {"inspected_at": {"inspections": "TRUE"}}),
}
MONTH_OF = "date_trunc('month', ({ts} AT TIME ZONE 'UTC') + interval '7 hours')::date"
PENDING = "ix_online_item_fact_pending"
INVALID = """SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
  WHERE NOT i.indisvalid AND c.relname = '{name}' AND c.relnamespace = current_schema()::regnamespace"""


def _counters(table: str) -> list[str]:
    return [n for counters in SOURCES[table][2].values() for n in counters]


def _deltas(table: str, rows: str, sign: int) -> str:
    _, groups, by_time = SOURCES[table]
    keys = ", ".join(f"r.{g}" for g in groups)
    parts = []
    for time, counters in by_time.items():
        values = ", ".join(
            f"CASE WHEN {counters[n]} THEN {sign} ELSE 0 END AS {n}" if n in counters else f"0 AS {n}"
            for n in _counters(table)
        )
        month = MONTH_OF.format(ts="r." + time)
        parts.append(
            f"SELECT r.ward, {month} AS month, {keys}, {values} FROM {rows} r WHERE r.{time} IS NOT NULL"  # noqa: S608
        )
    return "\n  UNION ALL ".join(parts)


def _add(table: str, *parts: str) -> str:
    keys = ", ".join(["ward", "month", *SOURCES[table][1]])
    counters = _counters(table)
    sums = ", ".join(f"sum({n})" for n in counters)
    changed = " OR ".join(f"sum({n}) <> 0" for n in counters)
    update = ", ".join(f"{n} = t.{n} + excluded.{n}" for n in counters)
    union = "\n  UNION ALL ".join(parts)
    return (
        f"INSERT INTO {table} AS t ({keys}, {', '.join(counters)})\n"
        f"SELECT {keys}, {sums} FROM ({union}) d GROUP BY {keys} HAVING {changed} ORDER BY {keys}\n"
        f"ON CONFLICT ({keys}) DO UPDATE SET {update}"
    )


def _count_function(table: str) -> str:
    return f"""
CREATE FUNCTION {table}_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    {_add(table, _deltas(table, "new_rows", 1))};
  ELSIF TG_OP = 'UPDATE' THEN
    {_add(table, _deltas(table, "new_rows", 1), _deltas(table, "old_rows", -1))};
  ELSIF TG_OP = 'DELETE' THEN
    {_add(table, _deltas(table, "old_rows", -1))};
  END IF;
  RETURN NULL;
END $$
"""


def _clear_function(table: str) -> str:
    return f"""
CREATE FUNCTION {table}_clear() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM {table};
  RETURN NULL;
END $$
"""  # noqa: S608 (names from this file)


REFERENCING = {
    "INSERT": "REFERENCING NEW TABLE AS new_rows",
    "UPDATE": "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "DELETE": "REFERENCING OLD TABLE AS old_rows",
}


def upgrade() -> None:
    for table, (facts, groups, _) in SOURCES.items():
        op.create_table(
            table,
            sa.Column("ward", sa.String(length=32), nullable=False),
            sa.Column("month", sa.Date(), nullable=False),
            *(sa.Column(name, sa.String(length=n), nullable=True) for name, n in groups.items()),
            *(sa.Column(name, sa.BigInteger(), nullable=False) for name in _counters(table)),
        )
        op.create_index(
            f"ux_{table}_group",
            table,
            ["ward", "month", *groups],
            unique=True,
            postgresql_nulls_not_distinct=True,
        )
        op.execute(f"LOCK TABLE {facts} IN SHARE ROW EXCLUSIVE MODE")  # readers go on, writers wait
        op.execute(_add(table, _deltas(table, facts, 1)))
        op.execute(_count_function(table))
        op.execute(_clear_function(table))
        for op_, ref in REFERENCING.items():
            op.execute(
                f"CREATE TRIGGER {table}_{op_.lower()} AFTER {op_} ON {facts} {ref} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {table}_count()"
            )
        op.execute(
            f"CREATE TRIGGER {table}_truncate AFTER TRUNCATE ON {facts} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {table}_clear()"
        )
    with op.get_context().autocommit_block():
        op.execute(f"SELECT pg_advisory_lock({BUILD_LOCK})")
        try:
            offline = op.get_context().as_sql  # an SQL script: no catalog to look at
            invalid = None if offline else op.get_bind().exec_driver_sql(INVALID.format(name=PENDING)).first()
            if invalid is not None:  # a build interrupted earlier
                op.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {PENDING}")
            op.create_index(
                PENDING,
                "online_item_fact",
                ["ward", "reported_at"],
                postgresql_where=sa.text("handled_at IS NULL"),
                postgresql_concurrently=True,
                if_not_exists=True,
            )
        finally:
            op.execute(f"SELECT pg_advisory_unlock({BUILD_LOCK})")
    op.execute(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")


def downgrade() -> None:
    with op.get_context().autocommit_block():
        op.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {PENDING}")
    for table, (facts, _, _) in SOURCES.items():
        for op_ in (*REFERENCING, "TRUNCATE"):
            op.execute(f"DROP TRIGGER {table}_{op_.lower()} ON {facts}")
        op.execute(f"DROP FUNCTION {table}_count()")
        op.execute(f"DROP FUNCTION {table}_clear()")
        op.drop_table(table)
