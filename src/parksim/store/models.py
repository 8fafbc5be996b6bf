"""The team server's tables as SQLAlchemy 2 typed ORM classes.

Nothing here is ever updated or deleted except an account's role, password and active flag:
a save is a new ``Revision`` (or ``Figure``) row, a restore too, and every write appends one
``AuditEntry``. The migrations in ``migrations/versions`` create exactly these tables.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

KINDS = ("scenario", "history", "actuals")
"""What a stored file is: a scenario's TOML, a history CSV (text), an actuals CSV (figures)."""


def utc_now() -> datetime:
    """Now, in UTC: every stored time is UTC."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """The declarative base of the store's tables."""


class Document(Base):
    """A file of the scenarios folder: ``path`` relative to it (``baseline.toml``,
    ``actuals/baseline.csv``). ``seed`` marks the shipped scenarios, which only an admin
    revises."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    path: Mapped[str] = mapped_column(String(255), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    scenario_id: Mapped[str | None] = mapped_column(String(100), unique=True)
    seed: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)


class Revision(Base):
    """One saved text of a scenario or history file. ``number`` counts 1, 2, … per
    document; ``parent_id`` is the revision the save started from; ``sha256`` the text's."""

    __tablename__ = "revisions"
    __table_args__ = (UniqueConstraint("document_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"))
    number: Mapped[int] = mapped_column(Integer)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("revisions.id"))
    text: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    author: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    message: Mapped[str] = mapped_column(Text, default="")
    origin: Mapped[str] = mapped_column(Text, default="")


class Figure(Base):
    """One revision of an actual figure: (actuals file, indicator, period), its value or
    year-on-year rate, and the document it cites (``source``, as in the CSV)."""

    __tablename__ = "figures"
    __table_args__ = (
        UniqueConstraint("document_id", "indicator", "period", "number"),
        Index("ix_figures_key", "document_id", "indicator", "period"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"))
    indicator: Mapped[str] = mapped_column(String(100))
    period: Mapped[str] = mapped_column(String(8))
    number: Mapped[int] = mapped_column(Integer)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("figures.id"))
    value: Mapped[float | None] = mapped_column(Float)
    yoy: Mapped[float | None] = mapped_column(Float)
    source: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    message: Mapped[str] = mapped_column(Text, default="")
    origin: Mapped[str] = mapped_column(Text, default="")


class Account(Base):
    """A local account: its role and its password's Argon2id hash (never the password)."""

    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    created_by: Mapped[str] = mapped_column(String(100))


class AuditEntry(Base):
    """One write: who, when, what (``action`` on ``object``), which revision, and where the
    write came from (``source``: the app, the command line, an import)."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now, index=True)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(32))
    object: Mapped[str] = mapped_column(Text)
    revision: Mapped[int | None] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(Text, default="")
    detail: Mapped[str] = mapped_column(Text, default="")
