"""Where each input came from: the file that set a key, and errors blamed on that file."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from parksim.errors import ScenarioError

OVERRIDE_ORIGIN = "<override>"


def origin_of(origins: Mapping[str, str], key: str, files: tuple[Path, ...]) -> Path | None:
    """The file that set ``key`` or its closest enclosing table; the leaf file otherwise."""
    parts = key.split(".")
    for end in range(len(parts), 0, -1):
        origin = origins.get(".".join(parts[:end]))
        if origin is not None:
            return None if origin == OVERRIDE_ORIGIN else Path(origin)
    return files[-1] if files else None


@dataclass(frozen=True)
class Blame:
    """Raises ``ScenarioError`` against the file that set a key."""

    origins: Mapping[str, str]
    files: tuple[Path, ...]

    def fail(self, key: str, problem: str, *related: str) -> ScenarioError:
        """An error on ``key``; when a rule ties it to ``related`` keys, the file blamed is the
        last one (in the inheritance chain) that set any of them: that change broke the rule."""
        candidates = [origin_of(self.origins, k, self.files) for k in (key, *related)]
        return ScenarioError(max(candidates, key=self._rank), key, problem)

    def _rank(self, file: Path | None) -> int:
        return len(self.files) if file is None else self.files.index(file)
