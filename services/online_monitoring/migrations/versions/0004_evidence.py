"""Online monitoring: evidence (the bytes once per SHA-256, encrypted; a record per item and file) and
its chain of custody, append-only: a trigger refuses UPDATE, DELETE and TRUNCATE of custody entries
from anyone (the runtime role's grants are renewed after every migration, so grants alone would not
hold), and any change to a stored file or its record.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

REFUSE = """
CREATE FUNCTION online_evidence_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END $$
"""
TRIGGERS = {
    "evidence_custody": "UPDATE OR DELETE OR TRUNCATE",
    "evidence": "UPDATE",
    "evidence_blob": "UPDATE",
}


def upgrade() -> None:
    op.create_table(
        "evidence_blob",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("ciphertext", sa.LargeBinary(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("clock_timestamp()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_evidence_blob")),
    )
    op.create_table(
        "evidence",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("ward", sa.String(length=32), nullable=False),
        sa.Column("item_id", sa.UUID(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("media_type", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("perceptual_hash", sa.String(length=16), nullable=True),
        sa.Column("filename_ciphertext", sa.LargeBinary(), nullable=False),
        sa.Column("captured_by", sa.String(length=200), nullable=False),
        sa.Column("captured_unit", sa.String(length=32), nullable=False),
        sa.Column("captured_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["item_id"], ["item.id"], name=op.f("fk_evidence_item_id_item")),
        sa.ForeignKeyConstraint(
            ["sha256"], ["evidence_blob.sha256"], name=op.f("fk_evidence_sha256_evidence_blob")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence")),
        sa.UniqueConstraint("item_id", "sha256", name="uq_evidence_item_sha256"),
    )
    op.create_index("ix_evidence_ward_item", "evidence", ["ward", "item_id"], unique=False)
    op.create_index("ix_evidence_ward_phash", "evidence", ["ward", "perceptual_hash"], unique=False)
    op.create_table(
        "evidence_custody",
        sa.Column("evidence_id", sa.UUID(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("evidence_sha256", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("unit", sa.String(length=32), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("previous_hash", sa.String(length=64), nullable=False),
        sa.Column("entry_hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["evidence_id"], ["evidence.id"], name=op.f("fk_evidence_custody_evidence_id_evidence")
        ),
        sa.PrimaryKeyConstraint("evidence_id", "sequence", name=op.f("pk_evidence_custody")),
    )
    op.execute(REFUSE)
    for table, operations in TRIGGERS.items():
        op.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE {operations} ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION online_evidence_append_only()"
        )


def downgrade() -> None:
    for table in TRIGGERS:
        op.execute(f"DROP TRIGGER {table}_append_only ON {table}")
    op.execute("DROP FUNCTION online_evidence_append_only()")
    op.drop_table("evidence_custody")
    op.drop_index("ix_evidence_ward_phash", table_name="evidence")
    op.drop_index("ix_evidence_ward_item", table_name="evidence")
    op.drop_table("evidence")
    op.drop_table("evidence_blob")
