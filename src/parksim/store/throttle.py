"""A delay after repeated failed sign-ins, on an injectable clock (tests move time by hand)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

FREE_FAILURES = 3  # failures in a row before the first delay
FIRST_DELAY = 1.0  # seconds after the first failure beyond the free ones; doubled each time
MAX_DELAY = 300.0  # never more than five minutes between two attempts


@dataclass
class Throttle:
    """Failed sign-ins per name (known or not, so the delay says nothing about which names
    exist): after ``FREE_FAILURES`` in a row, each further attempt must wait 1, 2, 4, … s
    (at most ``MAX_DELAY``) after the last failure. A success clears the name. The state
    lives in the server process: a restart forgets it, as a locked door forgets knocks."""

    clock: Callable[[], float] = time.monotonic
    _failures: dict[str, tuple[int, float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def wait(self, name: str) -> float:
        """Seconds until ``name`` may try again (0: at once)."""
        with self._lock:
            count, last = self._failures.get(_key(name), (0, 0.0))
        if count < FREE_FAILURES:
            return 0.0
        delay = min(FIRST_DELAY * 2.0 ** (count - FREE_FAILURES), MAX_DELAY)
        return max(0.0, last + delay - self.clock())

    def failed(self, name: str) -> None:
        """Count one more failure of ``name``, now."""
        with self._lock:
            count, _ = self._failures.get(_key(name), (0, 0.0))
            self._failures[_key(name)] = (count + 1, self.clock())

    def succeeded(self, name: str) -> None:
        """``name`` signed in: forget its failures."""
        with self._lock:
            self._failures.pop(_key(name), None)


def _key(name: str) -> str:
    return name.strip().casefold()
