"""reporting: the programme's budget (plan, section III): estimate lines per unit, activity kind and
funding source, allocations, spending (above allocation only with a leader's approval), closed years.
Amounts are whole VND, positive (checked here too).

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "budget_line",
        sa.Column("line_id", sa.UUID(), nullable=False),
        sa.Column("ward", sa.String(length=32), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("unit_code", sa.String(length=32), nullable=False),
        sa.Column("activity_kind", sa.String(length=30), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("programme", sa.String(length=30), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("estimate", sa.BigInteger(), nullable=False),
        sa.Column("document_code", sa.String(length=60), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("line_id", name=op.f("pk_budget_line")),
        sa.CheckConstraint("estimate > 0", name=op.f("ck_budget_line_estimate_positive")),
    )
    op.create_index(op.f("ix_budget_line_ward"), "budget_line", ["ward"], unique=False)
    op.create_table(
        "budget_year_closure",
        sa.Column("closure_id", sa.UUID(), nullable=False),
        sa.Column("ward", sa.String(length=32), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("estimate", sa.BigInteger(), nullable=False),
        sa.Column("allocated", sa.BigInteger(), nullable=False),
        sa.Column("spent", sa.BigInteger(), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_by", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("closure_id", name=op.f("pk_budget_year_closure")),
        sa.UniqueConstraint("ward", "year", name=op.f("uq_budget_year_closure_ward")),
    )
    op.create_table(
        "budget_allocation",
        sa.Column("allocation_id", sa.UUID(), nullable=False),
        sa.Column("ward", sa.String(length=32), nullable=False),
        sa.Column("line_id", sa.UUID(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("allocated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("document_code", sa.String(length=60), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["line_id"], ["budget_line.line_id"], name=op.f("fk_budget_allocation_line_id_budget_line")
        ),
        sa.PrimaryKeyConstraint("allocation_id", name=op.f("pk_budget_allocation")),
        sa.CheckConstraint("amount > 0", name=op.f("ck_budget_allocation_amount_positive")),
    )
    op.create_index(op.f("ix_budget_allocation_line_id"), "budget_allocation", ["line_id"], unique=False)
    op.create_table(
        "budget_spending",
        sa.Column("spending_id", sa.UUID(), nullable=False),
        sa.Column("ward", sa.String(length=32), nullable=False),
        sa.Column("line_id", sa.UUID(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("spent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("document_code", sa.String(length=60), nullable=False),
        sa.Column("spent_on", sa.String(length=20), nullable=True),
        sa.Column("spent_on_id", sa.String(length=64), nullable=True),
        sa.Column("over_allocation", sa.Boolean(), nullable=False),
        sa.Column("approved_by", sa.String(length=200), nullable=True),
        sa.Column("approval_reason", sa.String(length=500), nullable=True),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["line_id"], ["budget_line.line_id"], name=op.f("fk_budget_spending_line_id_budget_line")
        ),
        sa.PrimaryKeyConstraint("spending_id", name=op.f("pk_budget_spending")),
        sa.CheckConstraint("amount > 0", name=op.f("ck_budget_spending_amount_positive")),
    )
    op.create_index(op.f("ix_budget_spending_line_id"), "budget_spending", ["line_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_budget_spending_line_id"), table_name="budget_spending")
    op.drop_table("budget_spending")
    op.drop_index(op.f("ix_budget_allocation_line_id"), table_name="budget_allocation")
    op.drop_table("budget_allocation")
    op.drop_table("budget_year_closure")
    op.drop_index(op.f("ix_budget_line_ward"), table_name="budget_line")
    op.drop_table("budget_line")
