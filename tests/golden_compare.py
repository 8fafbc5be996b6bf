"""How the golden files are compared: byte for byte on the machine that wrote them, and to
:data:`RELATIVE` elsewhere.

numpy's vector kernels (AVX-512 or AVX2 versions of ``exp``, ``log`` …) and OpenBLAS's
(chosen per CPU: SkylakeX, Zen, Haswell) can round the last bit of a number differently, so
the same scenario, seed and path count give results that agree to about 1e-15 on two kinds of
CPU, and bit for bit on one. ``MACHINE`` (beside the files) names the machine that wrote
them; where it matches, a single moved bit fails.
"""

from __future__ import annotations

import math
import platform
import re
from pathlib import Path

import numpy as np

RELATIVE = 1e-9  # far above a last-bit difference (~1e-15), far below any real change
NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")


def machine() -> str:
    """The CPU, numpy's vector extensions found and the numpy and BLAS builds, one line."""
    cpu = platform.machine()
    try:
        names = Path("/proc/cpuinfo").read_text().splitlines()
        cpu = next(n.split(":", 1)[1].strip() for n in names if n.startswith("model name"))
    except (OSError, StopIteration):
        pass
    config = np.__config__.CONFIG  # type: ignore[attr-defined]
    simd = " ".join(config["SIMD Extensions"]["found"])
    blas = config["Build Dependencies"]["blas"].get("version", "")
    return f"{cpu} | {simd} | numpy {np.__version__} | blas {blas}"


def first_difference(text: str, expected: str) -> str | None:
    """Where ``text`` and ``expected`` differ beyond a last-bit rounding (None: they agree).
    Everything but the numbers must be equal; numbers to :data:`RELATIVE`."""
    if NUMBER.sub("#", text) != NUMBER.sub("#", expected):
        shapes = (NUMBER.sub("#", text).splitlines(), NUMBER.sub("#", expected).splitlines())
        lines = zip(*shapes, strict=False)
        line = next((n for n, (a, b) in enumerate(lines, 1) if a != b), 0)
        return f"the text differs (not only numbers), first at line {line}"
    for got, want in zip(NUMBER.findall(text), NUMBER.findall(expected), strict=True):
        if not math.isclose(float(got), float(want), rel_tol=RELATIVE, abs_tol=1e-12):
            return f"{got} where the golden file has {want}"
    return None
