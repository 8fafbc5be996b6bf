"""The audit log, filled from the revisions and accounts already there, and triggers that
refuse to change or delete a revision, a figure or an audit entry (append-only, enforced by
the database itself, not only by parksim's code)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision: str | None = "0001"

APPEND_ONLY = ("revisions", "figures", "audit_log")

_BACKFILL = (
    "INSERT INTO audit_log (at, actor, action, object, revision, source, detail) "
    "SELECT r.created_at, r.author, 'save', d.kind || ':' || d.path, r.number, r.origin, "
    "'from before the audit log' FROM revisions r JOIN documents d ON d.id = r.document_id",
    "INSERT INTO audit_log (at, actor, action, object, revision, source, detail) "
    "SELECT f.created_at, f.author, 'figure', "
    "'figure:' || d.path || ':' || f.indicator || ':' || f.period, f.number, f.origin, "
    "'from before the audit log' FROM figures f JOIN documents d ON d.id = f.document_id",
    "INSERT INTO audit_log (at, actor, action, object, revision, source, detail) "
    "SELECT a.created_at, a.created_by, 'account.add', 'account:' || a.name, NULL, '', "
    "'from before the audit log' FROM accounts a",
)


def upgrade() -> None:
    """Create the audit log, fill it from what earlier saves left, protect three tables."""
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("object", sa.Text, nullable=False),
        sa.Column("revision", sa.Integer),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])
    op.create_index("ix_figures_key", "figures", ["document_id", "indicator", "period"])
    for statement in _BACKFILL:
        op.execute(statement)
    if op.get_bind().dialect.name == "postgresql":
        _postgresql_triggers()
    else:
        _sqlite_triggers()


def _postgresql_triggers() -> None:
    op.execute(
        "CREATE FUNCTION parksim_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN RAISE EXCEPTION '% is append-only: nothing in it is changed or deleted', "
        "TG_TABLE_NAME; END $$"
    )
    for table in APPEND_ONLY:
        op.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION parksim_append_only()"
        )


def _sqlite_triggers() -> None:
    for table in APPEND_ONLY:
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: nothing in it is "
                f"changed or deleted'); END"
            )
