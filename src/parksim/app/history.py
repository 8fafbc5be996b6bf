"""Undo: the view states a session went through, newest last.

A state is recorded when the script ends in a state other than the one it last showed (a
slider moved, a scenario picked, a link followed through the browser's Back button). The
language is not a step: switching it never needs undoing. The stack is bounded, so a long
session keeps only its last :data:`LIMIT` steps.
"""

from __future__ import annotations

from dataclasses import replace

from parksim.app.link import ViewState
from parksim.text.labels import Lang

LIMIT = 50
Steps = tuple[ViewState, ...]


def record(steps: Steps, shown: ViewState | None, now: ViewState) -> Steps:
    """``steps`` with ``shown`` (the state the last run ended in) added when ``now``
    differs from it in anything but the language."""
    if shown is None or replace(shown, lang=now.lang) == now:
        return steps
    return (*steps, shown)[-LIMIT:]


def undo(steps: Steps, lang: Lang) -> tuple[Steps, ViewState | None]:
    """The steps left and the state to go back to, in the page's language now (None when
    there is nothing to undo)."""
    if not steps:
        return steps, None
    return steps[:-1], replace(steps[-1], lang=lang)


def navigated(steps: Steps, shown: ViewState | None, now: ViewState) -> Steps:
    """The steps after the browser moved to ``now`` (Back, Forward, an edited address): Back
    to the last recorded state takes that step off, as the undo button would; anything else
    is a new step from ``shown``."""
    if steps and replace(steps[-1], lang=now.lang) == now:
        return steps[:-1]
    return record(steps, shown, now)
