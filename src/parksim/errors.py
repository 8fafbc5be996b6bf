"""The exceptions parksim raises on purpose: a bad scenario file, a bad call argument, and
paths asked of a chunked run. All are ``ParksimError``: the CLI answers each with one line and
exit code 2."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd


class ParksimError(Exception):
    """Base class of every error parksim raises on purpose."""


class ScenarioError(ParksimError, ValueError):
    """A scenario file (or an override) is wrong.

    ``path`` is the file at fault and ``key`` the dotted key (``None`` when the error is not
    tied to one key: TOML syntax, a missing file, an ``extends`` cycle). The message is one
    line that names both, the bad value and what is allowed.
    """

    MAX_MORE = 20  # a file with more errors than this lists the first ones

    def __init__(
        self,
        path: Path | str | None,
        key: str | None,
        problem: str,
        more: tuple[ScenarioError, ...] = (),
    ) -> None:
        self.path = None if path is None else Path(path)
        self.key = key
        self.problem = problem
        self.more = more  # further errors found in the same check (``parksim validate`` lists them)
        where = [str(self.path)] if self.path is not None else []
        if key is not None and not problem.startswith(key):
            where.append(key)
        # One line, always: a newline inside a value or key is shown escaped.
        message = ": ".join([*where, problem])
        super().__init__(message.replace("\r", "\\r").replace("\n", "\\n"))

    def __reduce__(self) -> tuple[type[ScenarioError], tuple[Path | None, str | None, str]]:
        # rebuilt from its parts, so it crosses to and from worker processes intact
        return (type(self), (self.path, self.key, self.problem))


class ArgumentError(ParksimError, ValueError):
    """A function was called with a wrong argument (paths, seed, workers, bounds, a lever key,
    a slider position): not a fault of any file. ``name`` is the argument; the message is one
    line with the bad value and what is allowed."""

    def __init__(self, name: str | None, problem: str) -> None:
        self.name = name
        self.problem = problem
        message = problem if name is None or problem.startswith(name) else f"{name}: {problem}"
        super().__init__(message.replace("\r", "\\r").replace("\n", "\\n"))

    def __reduce__(self) -> tuple[type[ArgumentError], tuple[str | None, str]]:
        return (type(self), (self.name, self.problem))


class PathsNotKept(ParksimError):
    """A result simulated in chunks was asked for its paths, which it never held."""


class StoreError(ParksimError):
    """The team server's database cannot be used: unreachable, read-only, damaged, or of a
    schema version this parksim does not know. The message is one line naming the database
    (never its password) and what to do."""

    def __init__(self, problem: str) -> None:
        self.problem = problem
        super().__init__(problem.replace("\r", "\\r").replace("\n", "\\n"))


class AccessDenied(ParksimError, PermissionError):
    """A signed-in user (or no one) asked for a write their role does not allow. Raised by
    the store's functions themselves, so a hidden button is never the only guard."""

    def __init__(self, problem: str) -> None:
        self.problem = problem
        super().__init__(problem.replace("\r", "\\r").replace("\n", "\\n"))


class SignInFailed(AccessDenied):
    """A name and password that do not sign in, or too many failures in a row. The message
    never says whether the name exists; ``retry_after`` is how many seconds to wait first
    (0 when the next attempt may come at once)."""

    def __init__(self, problem: str, retry_after: float = 0.0) -> None:
        self.retry_after = retry_after
        super().__init__(problem)


class RevisionConflict(ParksimError):
    """A save named a parent revision that is no longer the latest: someone saved in between.
    ``head`` is the latest revision's number, ``parent`` the one the save started from, and
    ``difference`` the assumption diff (``inputs.diff.assumption_diff``) between what the
    save started from, what was saved meanwhile and the save itself; nothing was written."""

    def __init__(
        self, problem: str, parent: int | None, head: int, difference: pd.DataFrame
    ) -> None:
        self.parent = parent
        self.head = head
        self.difference = difference
        super().__init__(problem.replace("\r", "\\r").replace("\n", "\\n"))
