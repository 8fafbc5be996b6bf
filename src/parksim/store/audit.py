"""The audit log: one appended row per write (who, when, what, which revision, from where).
The database refuses to change or delete a row (triggers, see migration 0002)."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from parksim.store.models import AuditEntry

AUDIT_COLUMNS = ("id", "at", "actor", "action", "object", "revision", "source", "detail")


def record(
    session: Session,
    actor: str,
    action: str,
    obj: str,
    revision: int | None = None,
    source: str = "",
    detail: str = "",
) -> None:
    """Append one entry in the write's own transaction: no write without its entry."""
    session.add(
        AuditEntry(
            actor=actor, action=action, object=obj, revision=revision, source=source, detail=detail
        )
    )


def entries(session: Session) -> pd.DataFrame:
    """Every entry, oldest first, times in UTC ISO 8601 (``2026-12-02T01:02:03Z``)."""
    rows = [
        {
            "id": e.id,
            "at": iso_utc(e.at),
            "actor": e.actor,
            "action": e.action,
            "object": e.object,
            "revision": e.revision,
            "source": e.source,
            "detail": e.detail,
        }
        for e in session.scalars(select(AuditEntry).order_by(AuditEntry.id))
    ]
    table = pd.DataFrame(rows, columns=list(AUDIT_COLUMNS))
    return table.astype({"revision": "Int64"})


def iso_utc(moment: datetime) -> str:
    """A stored time as UTC ISO 8601 to the second (SQLite gives it back without a zone)."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
