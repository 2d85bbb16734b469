"""Keep earlier versions of watch queries; link reposts to their original post.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-04 16:43:00.545518
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "watch_query_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("query_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("query", sa.Text(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column("route", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["entity_id"],
            ["entity.id"],
            name=op.f("fk_watch_query_version_entity_id_entity"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["query_id"],
            ["watch_query.id"],
            name=op.f("fk_watch_query_version_query_id_watch_query"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_watch_query_version")),
        sa.UniqueConstraint(
            "query_id", "version", name=op.f("uq_watch_query_version_query_id")
        ),
    )
    with op.batch_alter_table("post", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "kind", sa.String(length=10), nullable=False, server_default="post"
            )
        )
        batch_op.add_column(sa.Column("repost_of_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("amplification", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.create_index(
            "ix_post_source_author", ["source_id", "author"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_post_repost_of_id_post"),
            "post",
            ["repost_of_id"],
            ["id"],
            ondelete="SET NULL",
        )

    with op.batch_alter_table("watch_query", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("version", sa.Integer(), nullable=False, server_default="1")
        )

    # Every existing query gets its current text as version 1.
    op.execute(
        "INSERT INTO watch_query_version"
        " (query_id, version, query, entity_id, route, created_at)"
        " SELECT id, 1, query, entity_id, route, updated_at FROM watch_query"
    )


def downgrade() -> None:
    with op.batch_alter_table("watch_query", schema=None) as batch_op:
        batch_op.drop_column("version")

    with op.batch_alter_table("post", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_post_repost_of_id_post"), type_="foreignkey"
        )
        batch_op.drop_index("ix_post_source_author")
        batch_op.drop_column("amplification")
        batch_op.drop_column("repost_of_id")
        batch_op.drop_column("kind")

    op.drop_table("watch_query_version")
