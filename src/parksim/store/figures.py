"""Actual figures as revisions per (scenario's actuals file, indicator, period).

A save names the revision it started from (None for a new figure) and cites its own source:
a later figure for the same period is a revision only when it cites another (newer)
publication, as in the actuals CSV, which the store writes back with every revision a row.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from parksim.errors import ArgumentError, RevisionConflict, ScenarioError
from parksim.store import audit
from parksim.store.accounts import Actor, require
from parksim.store.audit import iso_utc
from parksim.store.database import Store
from parksim.store.documents import scenario_document
from parksim.store.models import Document, Figure
from parksim.store.tree import FORMULA_STARTS, checkout, load_all


@dataclass(frozen=True)
class FigureInfo:
    """One figure revision as a reader sees it."""

    file: str
    indicator: str
    period: str
    number: int
    value: float | None
    yoy: float | None
    source: str
    author: str
    at: str


def normal_period(period: str) -> str:
    """``２０２０ｑ１`` → ``2020Q1``, as the actuals loader reads it."""
    return unicodedata.normalize("NFKC", period).strip().upper()


def check_figure_source(file: str, where: str, source: str) -> None:
    """A source the written CSV keeps as text: one that starts like a formula is refused
    (``where``: ``line 5`` of an imported file, or ``big_health 2023`` of a save)."""
    if source.startswith(FORMULA_STARTS):
        raise ScenarioError(
            file,
            None,
            f"{where}, column source = {source[:40]!r}: must not start with "
            f"= + - @ or a tab (a spreadsheet would run it as a formula)",
        )


def save_figure(
    store: Store,
    actor: Actor,
    scenario_id: str,
    indicator: str,
    period: str,
    *,
    value: float | None,
    source: str,
    parent: int | None,
    yoy: float | None = None,
    message: str = "",
    origin: str = "",
) -> FigureInfo:
    """Save a figure of the actuals file that scenario ``scenario_id`` names (planners);
    the scenario must still load with it (indicator, period, sign and source checked)."""
    period = normal_period(period)
    try:
        with store.transaction(write=True) as session:
            who = require(session, actor, "planner", f"save figures of {scenario_id}")
            document = actuals_document(session, scenario_id)
            versions = _versions(session, document, indicator, period)
            if parent != (versions[-1].number if versions else None):
                raise _conflict(document.path, indicator, period, parent, versions, value, source)
            check_figure_source(document.path, f"{indicator} {period}", source)
            figure = Figure(
                document_id=document.id,
                indicator=indicator,
                period=period,
                number=len(versions) + 1,
                parent_id=versions[-1].id if versions else None,
                value=value,
                yoy=yoy,
                source=source,
                author=who,
                message=message,
                origin=origin,
            )
            session.add(figure)
            session.flush()
            _check_loads(session, scenario_id)
            obj = f"figure:{document.path}:{indicator}:{period}"
            audit.record(session, who, "figure", obj, figure.number, origin, message)
            return _info(document.path, figure)
    except IntegrityError:
        raise RevisionConflict(
            f"{scenario_id}: {indicator} {period} was saved meanwhile by someone else; "
            f"nothing was written: reload and save again",
            parent,
            (parent or 0) + 1,
            pd.DataFrame(),
        ) from None


def figure_history(store: Store, scenario_id: str, indicator: str, period: str) -> list[FigureInfo]:
    """Every revision of one figure, oldest first."""
    with store.transaction() as session:
        document = actuals_document(session, scenario_id)
        versions = _versions(session, document, indicator, normal_period(period))
        return [_info(document.path, f) for f in versions]


def actuals_document(session: Session, scenario_id: str) -> Document:
    """The stored actuals file that the scenario's ``[scenario] actuals`` names."""
    owner = scenario_document(session, scenario_id)
    if owner is None:
        raise ArgumentError(None, f"no stored scenario {scenario_id!r}")
    with checkout(session) as folder:
        scenario = load_all(folder, [folder / owner.path])[owner.path]
        named = None if scenario.actuals is None else scenario.actuals.file
        path = None if named is None else Path(named).relative_to(folder).as_posix()
    document = None if path is None else _by_path(session, path)
    if document is None:
        raise ArgumentError(
            None, f"{scenario_id}: names no stored actuals file ([scenario] actuals)"
        )
    return document


def _by_path(session: Session, path: str) -> Document | None:
    return session.scalar(select(Document).where(Document.path == path))


def _versions(session: Session, document: Document, indicator: str, period: str) -> list[Figure]:
    query = select(Figure).where(
        Figure.document_id == document.id, Figure.indicator == indicator, Figure.period == period
    )
    return list(session.scalars(query.order_by(Figure.number)))


def _check_loads(session: Session, scenario_id: str) -> None:
    """Every stored scenario still loads with the new figure (it is in the session)."""
    with checkout(session) as folder:
        load_all(folder, sorted(folder.glob("*.toml")))


def _conflict(
    path: str,
    indicator: str,
    period: str,
    parent: int | None,
    versions: list[Figure],
    value: float | None,
    source: str,
) -> RevisionConflict:
    latest = versions[-1]
    started = next((f for f in versions if f.number == parent), None)
    rows = [
        {"revision": label, "value": f.value, "source": f.source, "author": f.author}
        for label, f in ((f"r{parent}", started), (f"r{latest.number}", latest))
        if f is not None
    ]
    rows.append({"revision": "yours", "value": value, "source": source, "author": ""})
    return RevisionConflict(
        f"{path}: {indicator} {period} saved meanwhile as revision {latest.number} by "
        f"{latest.author} (at {iso_utc(latest.created_at)}); your save started from "
        f"revision {parent}; nothing was written",
        parent,
        latest.number,
        pd.DataFrame(rows, columns=["revision", "value", "source", "author"]),
    )


def _info(path: str, figure: Figure) -> FigureInfo:
    return FigureInfo(
        file=path,
        indicator=figure.indicator,
        period=figure.period,
        number=figure.number,
        value=figure.value,
        yoy=figure.yoy,
        source=figure.source,
        author=figure.author,
        at=iso_utc(figure.created_at),
    )
