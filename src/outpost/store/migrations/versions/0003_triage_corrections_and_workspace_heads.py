"""Store triage corrections and heads, post links and query priorities.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04 17:08:31.571312
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "triage_class",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("keywords", sa.JSON(), nullable=False),
        sa.Column("examples", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_triage_class")),
        sa.UniqueConstraint("kind", "name", name=op.f("uq_triage_class_kind")),
    )
    op.create_table(
        "triage_model",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("base_model", sa.String(length=80), nullable=False),
        sa.Column("payload", sa.LargeBinary(), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_triage_model")),
    )
    op.create_table(
        "triage_correction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=20), nullable=False),
        sa.Column("value", sa.String(length=80), nullable=False),
        sa.Column("corrected_by", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["post_id"],
            ["post.id"],
            name=op.f("fk_triage_correction_post_id_post"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_triage_correction")),
    )
    with op.batch_alter_table("triage_correction", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_triage_correction_post_id"), ["post_id"], unique=False
        )

    with op.batch_alter_table("post", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("links", sa.JSON(), nullable=False, server_default="[]")
        )

    with op.batch_alter_table("triage_label", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reason", sa.String(length=80), nullable=True))

    with op.batch_alter_table("watch_query", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("priority", sa.Integer(), nullable=False, server_default="0")
        )


def downgrade() -> None:
    with op.batch_alter_table("watch_query", schema=None) as batch_op:
        batch_op.drop_column("priority")

    with op.batch_alter_table("triage_label", schema=None) as batch_op:
        batch_op.drop_column("reason")

    with op.batch_alter_table("post", schema=None) as batch_op:
        batch_op.drop_column("links")

    with op.batch_alter_table("triage_correction", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_triage_correction_post_id"))

    op.drop_table("triage_correction")
    op.drop_table("triage_model")
    op.drop_table("triage_class")
