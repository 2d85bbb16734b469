"""Create the initial schema: company graph, CRM, posts, queries, signals.

Revision ID: 0001
Revises:
Create Date: 2026-12-04 16:26:32.644474
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "entity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.Column("attributes", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entity")),
        sa.UniqueConstraint("key", name=op.f("uq_entity_key")),
    )
    with op.batch_alter_table("entity", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_entity_kind"), ["kind"], unique=False)

    op.create_table(
        "source",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("platform", sa.String(length=40), nullable=False),
        sa.Column("cursor", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_source")),
        sa.UniqueConstraint("name", name=op.f("uq_source_name")),
    )
    op.create_table(
        "team_member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("skills", sa.JSON(), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_team_member")),
        sa.UniqueConstraint("key", name=op.f("uq_team_member_key")),
    )
    op.create_table(
        "company",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("relationship", sa.String(length=20), nullable=False),
        sa.Column("rep_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["entity_id"],
            ["entity.id"],
            name=op.f("fk_company_entity_id_entity"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["rep_id"], ["team_member.id"], name=op.f("fk_company_rep_id_team_member")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_company")),
        sa.UniqueConstraint("entity_id", name=op.f("uq_company_entity_id")),
    )
    op.create_table(
        "post",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("external_id", sa.String(length=200), nullable=False),
        sa.Column("author", sa.String(length=200), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("language", sa.String(length=16), nullable=True),
        sa.Column("reply_to", sa.String(length=200), nullable=True),
        sa.Column("raw", sa.JSON(), nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["source_id"], ["source.id"], name=op.f("fk_post_source_id_source")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_post")),
        sa.UniqueConstraint("source_id", "external_id", name=op.f("uq_post_source_id")),
    )
    with op.batch_alter_table("post", schema=None) as batch_op:
        batch_op.create_index("ix_post_unprocessed", ["processed_at"], unique=False)

    op.create_table(
        "relation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("object_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["object_id"],
            ["entity.id"],
            name=op.f("fk_relation_object_id_entity"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["entity.id"],
            name=op.f("fk_relation_subject_id_entity"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_relation")),
        sa.UniqueConstraint(
            "subject_id", "kind", "object_id", name=op.f("uq_relation_subject_id")
        ),
    )
    with op.batch_alter_table("relation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_relation_object_id"), ["object_id"], unique=False
        )

    op.create_table(
        "watch_query",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("query", sa.Text(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column("route", sa.String(length=200), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["entity_id"],
            ["entity.id"],
            name=op.f("fk_watch_query_entity_id_entity"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_watch_query")),
        sa.UniqueConstraint("name", name=op.f("uq_watch_query_name")),
    )
    op.create_table(
        "contact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["company.id"],
            name=op.f("fk_contact_company_id_company"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact")),
        sa.UniqueConstraint("company_id", "name", name=op.f("uq_contact_company_id")),
    )
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_contact_company_id"), ["company_id"], unique=False
        )

    op.create_table(
        "mention",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("query_id", sa.Integer(), nullable=False),
        sa.Column("spans", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["post_id"],
            ["post.id"],
            name=op.f("fk_mention_post_id_post"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["query_id"],
            ["watch_query.id"],
            name=op.f("fk_mention_query_id_watch_query"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mention")),
        sa.UniqueConstraint("post_id", "query_id", name=op.f("uq_mention_post_id")),
    )
    with op.batch_alter_table("mention", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_mention_query_id"), ["query_id"], unique=False
        )

    op.create_table(
        "post_entity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("via", sa.String(length=20), nullable=False),
        sa.Column("spans", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["entity_id"],
            ["entity.id"],
            name=op.f("fk_post_entity_entity_id_entity"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["post_id"],
            ["post.id"],
            name=op.f("fk_post_entity_post_id_post"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_post_entity")),
        sa.UniqueConstraint(
            "post_id", "entity_id", name=op.f("uq_post_entity_post_id")
        ),
    )
    with op.batch_alter_table("post_entity", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_post_entity_entity_id"), ["entity_id"], unique=False
        )

    op.create_table(
        "signal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("priority", sa.String(length=10), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column("assignee_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("dedupe_key", sa.String(length=300), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["assignee_id"],
            ["team_member.id"],
            name=op.f("fk_signal_assignee_id_team_member"),
        ),
        sa.ForeignKeyConstraint(
            ["entity_id"],
            ["entity.id"],
            name=op.f("fk_signal_entity_id_entity"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["post_id"],
            ["post.id"],
            name=op.f("fk_signal_post_id_post"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signal")),
        sa.UniqueConstraint("dedupe_key", name=op.f("uq_signal_dedupe_key")),
    )
    with op.batch_alter_table("signal", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_signal_post_id"), ["post_id"], unique=False
        )
        batch_op.create_index("ix_signal_status_kind", ["status", "kind"], unique=False)

    op.create_table(
        "triage_label",
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("sentiment", sa.String(length=10), nullable=False),
        sa.Column("sentiment_confidence", sa.Float(), nullable=False),
        sa.Column("intents", sa.JSON(), nullable=False),
        sa.Column("urgency", sa.String(length=10), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("model", sa.String(length=80), nullable=False),
        sa.ForeignKeyConstraint(
            ["post_id"],
            ["post.id"],
            name=op.f("fk_triage_label_post_id_post"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("post_id", name=op.f("pk_triage_label")),
    )
    op.create_table(
        "social_identity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=40), nullable=False),
        sa.Column("handle", sa.String(length=200), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("company_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["company.id"],
            name=op.f("fk_social_identity_company_id_company"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contact.id"],
            name=op.f("fk_social_identity_contact_id_contact"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_social_identity")),
        sa.UniqueConstraint(
            "platform", "handle", name=op.f("uq_social_identity_platform")
        ),
    )


def downgrade() -> None:
    op.drop_table("social_identity")
    op.drop_table("triage_label")
    with op.batch_alter_table("signal", schema=None) as batch_op:
        batch_op.drop_index("ix_signal_status_kind")
        batch_op.drop_index(batch_op.f("ix_signal_post_id"))

    op.drop_table("signal")
    with op.batch_alter_table("post_entity", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_post_entity_entity_id"))

    op.drop_table("post_entity")
    with op.batch_alter_table("mention", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mention_query_id"))

    op.drop_table("mention")
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contact_company_id"))

    op.drop_table("contact")
    op.drop_table("watch_query")
    with op.batch_alter_table("relation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_relation_object_id"))

    op.drop_table("relation")
    with op.batch_alter_table("post", schema=None) as batch_op:
        batch_op.drop_index("ix_post_unprocessed")

    op.drop_table("post")
    op.drop_table("company")
    op.drop_table("team_member")
    op.drop_table("source")
    with op.batch_alter_table("entity", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_entity_kind"))

    op.drop_table("entity")
