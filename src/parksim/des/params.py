"""The inputs of one pipeline, checked once: :class:`PipelineParams` and its rules."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypeGuard

import numpy as np
from numpy.typing import NDArray

DAYS_PER_YEAR = 365.0
APPROVAL_DISTRIBUTIONS = ("exponential", "lognormal", "fixed")
KEY_PRIORITY = 0  # lower is served first, as in simpy.PriorityResource
NORMAL_PRIORITY = 1

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
IntArray = NDArray[np.int64]
ArrivalDays = Sequence[float] | NDArray[np.floating[Any]]


# --------------------------------------------------------------------------- parameters


def is_int(value: object) -> TypeGuard[int | np.integer[Any]]:
    """True for Python and numpy integers, but not for bools."""
    return isinstance(value, int | np.integer) and not isinstance(value, bool)


def _is_real(value: object) -> TypeGuard[int | float | np.integer[Any] | np.floating[Any]]:
    """True for finite real numbers (bools excluded)."""
    return (
        isinstance(value, int | float | np.integer | np.floating)
        and not isinstance(value, bool)
        and math.isfinite(float(value))
    )


def require_int(name: str, value: object, minimum: int | None = None) -> int:
    if not is_int(value):
        bound = "" if minimum is None else f" >= {minimum}"
        raise ValueError(f"{name} = {value!r}: must be an integer{bound}")
    number = int(value)
    if minimum is not None and number < minimum:
        raise ValueError(f"{name} = {value!r}: must be >= {minimum}")
    return number


def _require_real(name: str, value: object, minimum: float, *, strict: bool = False) -> float:
    relation = ">" if strict else ">="
    if not _is_real(value):
        raise ValueError(f"{name} = {value!r}: must be a finite number {relation} {minimum:g}")
    number = float(value)
    if number < minimum or (strict and number == minimum):
        raise ValueError(f"{name} = {value!r}: must be {relation} {minimum:g}")
    return number


def _require_share(name: str, value: object) -> float:
    if not _is_real(value) or not 0.0 <= float(value) <= 1.0:
        raise ValueError(f"{name} = {value!r}: must be between 0 and 1")
    return float(value)


@dataclass(frozen=True)
class PipelineParams:
    """Inputs of the pipeline model; validated and normalised on construction.

    Durations are in the units their names say (days or years); output in 亿元/year.
    """

    start_year: int
    end_year: int
    arrivals_per_year: tuple[float, ...]  # one rate per recruitment year start_year..end_year
    success_rate: float = 1.0
    key_share: float = 0.0
    approval_staff: int = 1
    approval_days: float = 30.0
    approval_distribution: Literal["exponential", "lognormal", "fixed"] = "exponential"
    approval_cv: float = 1.0  # used only by "lognormal"
    land_per_year: int | None = None  # None = unlimited
    build_years: tuple[float, float, float] = (1.0, 1.5, 2.0)
    ramp_years: float = 1.0
    output_median: float = 1.0  # 亿元/year at full output
    output_spread: float = 0.0  # sigma of log output

    def __post_init__(self) -> None:
        self._set("start_year", require_int("start_year", self.start_year))
        self._set("end_year", self._validated_end_year())
        self._set("arrivals_per_year", self._validated_arrivals())
        self._set("success_rate", _require_share("success_rate", self.success_rate))
        self._set("key_share", _require_share("key_share", self.key_share))
        self._set("approval_staff", require_int("approval_staff", self.approval_staff, 1))
        self._set(
            "approval_days", _require_real("approval_days", self.approval_days, 0.0, strict=True)
        )
        self._set("approval_distribution", self._validated_distribution())
        self._set("approval_cv", _require_real("approval_cv", self.approval_cv, 0.0))
        if self.land_per_year is not None:
            self._set("land_per_year", require_int("land_per_year", self.land_per_year, 0))
        self._set("build_years", self._validated_build_years())
        self._set("ramp_years", _require_real("ramp_years", self.ramp_years, 0.0))
        self._set(
            "output_median", _require_real("output_median", self.output_median, 0.0, strict=True)
        )
        self._set("output_spread", _require_real("output_spread", self.output_spread, 0.0))

    def _set(self, name: str, value: object) -> None:
        # Frozen dataclass: normalise (e.g. list -> tuple of floats) through object.__setattr__.
        object.__setattr__(self, name, value)

    def _validated_end_year(self) -> int:
        if not is_int(self.end_year) or int(self.end_year) < self.start_year:
            rule = f"must be an integer >= start_year ({self.start_year})"
            raise ValueError(f"end_year = {self.end_year!r}: {rule}")
        return int(self.end_year)

    def _validated_arrivals(self) -> tuple[float, ...]:
        expected = self.end_year - self.start_year + 1
        try:
            rates = tuple(self.arrivals_per_year)
        except TypeError:
            raise ValueError(
                f"arrivals_per_year = {self.arrivals_per_year!r}: must be a sequence of "
                f"{expected} rates, one per year {self.start_year}..{self.end_year}"
            ) from None
        if len(rates) != expected:
            raise ValueError(
                f"arrivals_per_year has {len(rates)} rates: must have {expected}, "
                f"one per year {self.start_year}..{self.end_year}"
            )
        for index, rate in enumerate(rates):
            if not _is_real(rate) or float(rate) < 0:
                raise ValueError(
                    f"arrivals_per_year[{index}] = {rate!r}: must be a finite number >= 0"
                )
        return tuple(float(rate) for rate in rates)

    def _validated_distribution(self) -> str:
        if self.approval_distribution not in APPROVAL_DISTRIBUTIONS:
            allowed = ", ".join(repr(name) for name in APPROVAL_DISTRIBUTIONS)
            raise ValueError(
                f"approval_distribution = {self.approval_distribution!r}: must be one of {allowed}"
            )
        return self.approval_distribution

    def _validated_build_years(self) -> tuple[float, float, float]:
        values = tuple(self.build_years) if isinstance(self.build_years, Sequence) else ()
        if len(values) != 3 or not all(_is_real(v) for v in values):
            raise ValueError(
                f"build_years = {self.build_years!r}: must be three finite numbers (min, mode, max)"
            )
        low, mode, high = (float(v) for v in values)
        if not 0.0 <= low <= mode <= high:
            raise ValueError(
                f"build_years = {self.build_years!r}: must satisfy 0 <= min <= mode <= max"
            )
        return (low, mode, high)


# ------------------------------------------------------------------------- random draws
